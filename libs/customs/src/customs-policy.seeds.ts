import * as path from 'node:path';
import type { AgencyPolicy } from '@sw/agency-case';
import { defaultRiskDirectory, loadRandomSelectionRates, loadRiskRules, readJsonSeed, policyInForce } from '@sw/agency-case';
import { defaultReferenceDirectory, referenceCatalog, referenceData, versionedExchangeRates, type BondedTradeMode, type CalendarDay, type ReferenceData, type TariffDefault, type TariffLine } from '@sw/reference-data';
import { Tariff, createCustomsPolicy, type TariffFile, type TariffLookup } from './domain/customs-policy';
import { WorkingDays } from './domain/working-days';

/**
 * The customs policy's seeds: the tariff (seeds/reference/tariff.json), its default rates
 * (tariff-defaults.json) and the trade modes that pay nothing (bonded-trade-modes.json), and the risk seeds.
 */
export const TARIFF_FILE = 'tariff.json';
export const TARIFF_DEFAULTS_FILE = 'tariff-defaults.json';
export const BONDED_TRADE_MODES_FILE = 'bonded-trade-modes.json';

const isRate = (value: unknown) => typeof value === 'number' && value >= 0 && value <= 1;

/** A TariffFile from the three versioned lists' entries; undefined when the defaults lack a rate. */
export function tariffFile(source: string, items: readonly TariffLine[], defaults: readonly TariffDefault[], bonded: readonly BondedTradeMode[]): TariffFile | undefined {
  const rate = (name: TariffDefault['name']) => defaults.find((d) => d.name === name)?.rate;
  const dutyRate = rate('dutyRate');
  const vatRate = rate('vatRate');
  if (!isRate(dutyRate) || !isRate(vatRate)) return undefined;
  return { source, defaults: { dutyRate: dutyRate!, vatRate: vatRate! }, bondedTradeModes: bonded.map((mode) => mode.code), items: [...items] };
}

export function loadTariff(directory: string = defaultReferenceDirectory()): Tariff {
  const where = path.join(directory, TARIFF_FILE);
  const file = readJsonSeed<TariffFile>(where);
  const defaults = readJsonSeed<{ items: TariffDefault[] }>(path.join(directory, TARIFF_DEFAULTS_FILE));
  const bonded = readJsonSeed<{ items: BondedTradeMode[] }>(path.join(directory, BONDED_TRADE_MODES_FILE));
  const valid = typeof file?.source === 'string' && Array.isArray(file.items) && Array.isArray(defaults?.items) && Array.isArray(bonded?.items)
    && file.items.every((item) => /^\d{2,10}$/.test(item.prefix) && (item.dutyRate === undefined || isRate(item.dutyRate)) && (item.vatRate === undefined || isRate(item.vatRate)));
  const tariff = valid ? tariffFile(file.source, file.items, defaults.items, bonded.items) : undefined;
  if (!tariff) throw new Error(`reference seeds ${where}, ${TARIFF_DEFAULTS_FILE} and ${BONDED_TRADE_MODES_FILE} are not { "source", "items": [{ "prefix", "dutyRate"?, "vatRate"? }] }, { "items": [{ "name": "dutyRate" | "vatRate", "rate" }] } and { "items": [{ "code" }] }`);
  return new Tariff(tariff);
}

/**
 * The tariff in force on a day: the lines, default rates and duty-free trade modes of the
 * versions in force (the versioned reference lists tariff, tariff-defaults and
 * bonded-trade-modes: shipped, or imported with `swctl reference import`). One Tariff per
 * combination of versions; the seed's where the stored defaults lack a rate (never, as imports are checked).
 */
export function versionedTariff(seed: Tariff): TariffLookup {
  const built: { parts: readonly (readonly unknown[])[]; tariff: Tariff }[] = [];
  return (date) => {
    const catalog = referenceCatalog();
    const day = date ?? catalog.currentDate();
    const parts = [catalog.entriesOn('tariff', day), catalog.entriesOn('tariffDefaults', day), catalog.entriesOn('bondedTradeModes', day)] as const;
    let found = built.find((b) => b.parts.every((part, i) => part === parts[i]));
    if (!found) {
      const file = tariffFile(seed.file.source, parts[0] as TariffLine[], parts[1] as TariffDefault[], parts[2] as BondedTradeMode[]);
      found = { parts, tariff: new Tariff(file ?? { ...seed.file, items: parts[0] as TariffLine[] }) };
      built.push(found);
      if (built.length > 32) built.shift();
    }
    return found.tariff;
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
    exchangeRates: versionedExchangeRates(),
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
