import * as path from 'node:path';
import type { AgencyPolicy } from '@sw/agency-case';
import { defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, readJsonSeed, policyInForce } from '@sw/agency-case';
import { defaultReferenceDirectory, loadExchangeRates, referenceCatalog, referenceData, type CalendarDay, type ReferenceData, type TariffLine } from '@sw/reference-data';
import { Tariff, createCustomsPolicy, type TariffFile, type TariffLookup } from './domain/customs-policy';
import { WorkingDays } from './domain/working-days';

/** The customs policy's seeds: the tariff (seeds/reference/tariff.json) and the risk seeds. */
export const TARIFF_FILE = 'tariff.json';

const isRate = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;

export function loadTariff(directory: string = defaultReferenceDirectory()): Tariff {
  const where = path.join(directory, TARIFF_FILE);
  const file = readJsonSeed<TariffFile>(where);
  const valid = typeof file?.source === 'string' && isRate(file.defaults?.dutyRate) && isRate(file.defaults?.vatRate)
    && Array.isArray(file.bondedTradeModes) && Array.isArray(file.items)
    && file.items.every((item) => /^\d{2,10}$/.test(item.prefix) && (item.dutyRate === undefined || isRate(item.dutyRate)) && (item.vatRate === undefined || isRate(item.vatRate)));
  if (!valid) throw new Error(`reference seed ${where} is not { "source", "defaults": { "dutyRate", "vatRate" }, "bondedTradeModes", "items": [{ "prefix", "dutyRate"?, "vatRate"? }] }`);
  return new Tariff(file);
}

/**
 * The tariff in force on a day: the lines of the tariff version in force (the versioned
 * reference lists: shipped, or imported with `swctl reference import tariff`), with the
 * defaults and bonded trade modes of the seed file. One Tariff per version.
 */
export function versionedTariff(seed: Tariff): TariffLookup {
  const byVersion = new WeakMap<readonly unknown[], Tariff>();
  return (date) => {
    const catalog = referenceCatalog();
    const lines = catalog.entriesOn('tariff', date ?? catalog.currentDate());
    let tariff = byVersion.get(lines);
    if (!tariff) {
      tariff = new Tariff({ ...seed.file, items: lines as TariffLine[] });
      byVersion.set(lines, tariff);
    }
    return tariff;
  };
}

/**
 * The holiday calendar (法定节假日, 调休上班) in force today: the shipped seed
 * (seeds/reference/holidays.json) or the version an operator imported. One WorkingDays per version.
 */
const calendars = new WeakMap<readonly unknown[], WorkingDays>();
export function workingDaysInForce(): WorkingDays {
  const catalog = referenceCatalog();
  const days = catalog.entriesOn('holidays', catalog.currentDate());
  let calendar = calendars.get(days);
  if (!calendar) {
    calendar = new WorkingDays(days as CalendarDay[]);
    calendars.set(days, calendar);
  }
  return calendar;
}

/** The customs policy from the default seeds directories. */
export function loadCustomsPolicy(reference: ReferenceData = referenceData(), riskDirectory = defaultRiskDirectory(), referenceDirectory = defaultReferenceDirectory()): AgencyPolicy {
  return createCustomsPolicy({
    reference,
    rules: loadRiskRules('customs', riskDirectory),
    randomSelection: loadRandomSelectionRates('customs', riskDirectory),
    tariff: versionedTariff(loadTariff(referenceDirectory)),
    exchangeRates: loadExchangeRates(referenceDirectory),
    workingDays: workingDaysInForce,
  });
}

let loaded: { reference: ReferenceData; policy: AgencyPolicy } | undefined;
/**
 * Built on first use, and again whenever the reference lists in force change (a new version of
 * the inspection list or another list imported, or its effective day reached): the risk engine
 * uses what is in force without a restart.
 */
const seeded = () => {
  const reference = referenceData();
  if (loaded?.reference !== reference) loaded = { reference, policy: loadCustomsPolicy(reference) };
  return loaded.policy;
};

/** The customs policy of the default seeds, read on first use. */
export const customsPolicy: AgencyPolicy = policyInForce('customs', seeded);
