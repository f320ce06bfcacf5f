import { DomainError } from '@sw/event-store';
import { catalogueInForce, feeCatalogueDecider, type CatalogueVersion, type FeeCatalogueCommand, type FeeCatalogueEvent, type FeeItem } from './fee-catalogue';
import { portChargesDecider, type ExaminationOutcome, type PortChargeEvent, type RecordPortCharge } from './port-charge';

const NOW = new Date('2026-11-10T02:00:00.000Z'); // 10:00 in China, 2026-11-10
const THC: FeeItem = { code: 'THC-20', nameZh: '码头作业费（20英尺）', payer: 'enterprise', basis: 'container', amount: 480, currency: 'CNY', legalBasis: '发改价格〔2019〕1号' };
const DOC: FeeItem = { code: 'DOC', nameZh: '单证费', payer: 'enterprise', basis: 'declaration', amount: 50, currency: 'CNY', legalBasis: '市场调节价' };
const LIFT: FeeItem = { code: 'EXAM-LIFT', nameZh: '查验吊装移位仓储费', payer: 'enterprise', basis: 'container', amount: 300, currency: 'CNY', legalBasis: '吉政发〔2018〕号 (十七)', examinationHandling: true };

const published = (version: number, effectiveFrom: string, items: FeeItem[] = [THC]): FeeCatalogueEvent => ({
  type: 'FeeCataloguePublished', data: { port: '2200', version, effectiveFrom, items, publishedBy: 'dev:port-authority', publishedAt: NOW.toISOString() },
});
const publish = (effectiveFrom: string, today = '2026-11-10'): FeeCatalogueCommand => ({
  type: 'PublishCatalogue', port: '2200', effectiveFrom, items: [THC], publishedBy: 'dev:port-authority', today, now: NOW,
});

function given<S, C, E>(decider: { initialState(): S; evolve(s: S, e: E): S; decide(c: C, s: S): E[] }, history: E[]) {
  const state = history.reduce(decider.evolve, decider.initialState());
  return { when: (command: C) => () => decider.decide(command, state), state };
}

describe('fee catalogue (口岸收费目录清单)', () => {
  it.each([
    ['the first version, from today', [], publish('2026-11-10'), [published(1, '2026-11-10')]],
    ['the first version, from a later day', [], publish('2026-12-01'), [published(1, '2026-12-01')]],
    ['a version after the one in force', [published(1, '2026-11-01')], publish('2026-11-15'), [published(2, '2026-11-15')]],
    ['a correction of a version not yet in force, for its day', [published(1, '2026-11-01'), published(2, '2026-12-01')], publish('2026-12-01'), [published(3, '2026-12-01')]],
  ])('publishes %s', (_, history, command, expected) => {
    expect(given(feeCatalogueDecider, history as FeeCatalogueEvent[]).when(command)()).toEqual(expected);
  });

  it.each([
    ['for a day already past', [], publish('2026-11-09'), 'catalogue-retroactive'],
    ['before the latest version', [published(1, '2026-12-01')], publish('2026-11-20'), 'catalogue-not-after-latest'],
    ['on the day of a version already in force', [published(1, '2026-11-10')], publish('2026-11-10'), 'catalogue-not-after-latest'],
  ])('refuses a version %s', (_, history, command, code) => {
    expect(given(feeCatalogueDecider, history as FeeCatalogueEvent[]).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
  });

  it('is in force from its day until the next version, the later publication winning a day', () => {
    const { state } = given(feeCatalogueDecider, [published(1, '2026-11-01'), published(2, '2026-12-01'), published(3, '2026-12-01', [DOC])]);
    expect(catalogueInForce(state, '2026-10-31')).toBeNull();
    expect(catalogueInForce(state, '2026-11-01')?.version).toBe(1);
    expect(catalogueInForce(state, '2026-11-30')?.version).toBe(1);
    expect(catalogueInForce(state, '2026-12-01')?.version).toBe(3);
  });
});

describe('port charges (清单之外无收费)', () => {
  const catalogue: CatalogueVersion = published(2, '2026-11-01', [THC, DOC, LIFT]).data;
  const charge = (code: string, quantity: number, amount: number, examination: ExaminationOutcome = 'none', version: CatalogueVersion | null = catalogue): RecordPortCharge => ({
    type: 'RecordPortCharge', chargeId: 'c-1', port: '2200', code, quantity, amount, catalogue: version, examination, chargedBy: 'dev:port-operator', now: NOW,
  });
  const recorded = (code: string, item: FeeItem, quantity: number, amount: number, payer = item.payer): PortChargeEvent => ({
    type: 'PortChargeRecorded',
    data: {
      chargeId: 'c-1', port: '2200', code, nameZh: item.nameZh, basis: item.basis, quantity, amount, currency: 'CNY', payer, catalogueVersion: 2,
      effectiveFrom: '2026-11-01', chargedBy: 'dev:port-operator', chargedAt: NOW.toISOString(),
    },
  });
  const refused = (code: string, quantity: number, amount: number, reason: string, extra: Record<string, unknown> = { catalogueVersion: 2 }) => ({
    type: 'PortChargeRefused',
    data: { chargeId: 'c-1', port: '2200', code, quantity, amount, reason, message: expect.any(String), ...extra, chargedBy: 'dev:port-operator', refusedAt: NOW.toISOString() },
  });

  it.each([
    ['at the catalogue amount per container', charge('THC-20', 2, 960), [recorded('THC-20', THC, 2, 960)]],
    ['below it', charge('THC-20', 2, 900.5), [recorded('THC-20', THC, 2, 900.5)]],
    ['a per-declaration item once', charge('DOC', 1, 50), [recorded('DOC', DOC, 1, 50)]],
    ['examination handling when the examination found something: the item\'s payer', charge('EXAM-LIFT', 1, 300, 'found-something'), [recorded('EXAM-LIFT', LIFT, 1, 300)]],
    ['examination handling when the examination found nothing: the government pays', charge('EXAM-LIFT', 1, 300, 'found-nothing'), [recorded('EXAM-LIFT', LIFT, 1, 300, 'government')]],
  ])('records a charge %s', (_, command, expected) => {
    expect(given(portChargesDecider, []).when(command)()).toEqual(expected);
  });

  it.each([
    ['when no catalogue is in force', charge('THC-20', 1, 480, 'none', null), refused('THC-20', 1, 480, 'no-catalogue', {})],
    ['outside the catalogue', charge('SECURITY-FEE', 1, 10), refused('SECURITY-FEE', 1, 10, 'not-in-catalogue')],
    ['above the amount for its quantity', charge('THC-20', 2, 960.01), refused('THC-20', 2, 960.01, 'above-catalogue', { catalogueVersion: 2, maxAmount: 960, currency: 'CNY' })],
    ['a per-declaration item twice', charge('DOC', 2, 100), refused('DOC', 2, 100, 'above-catalogue', { catalogueVersion: 2, maxAmount: 50, currency: 'CNY' })],
    ['examination handling without an examination', charge('EXAM-LIFT', 1, 300, 'none'), refused('EXAM-LIFT', 1, 300, 'no-examination')],
  ])('refuses, and keeps, a charge %s', (_, command, expected) => {
    expect(given(portChargesDecider, []).when(command)()).toEqual([expected]);
  });

  it('waits for the examination\'s result before an examination handling charge (writing nothing)', () => {
    expect(given(portChargesDecider, []).when(charge('EXAM-LIFT', 1, 300, 'open'))).toThrow(expect.objectContaining({ code: 'examination-not-completed' }) as unknown as DomainError);
  });
});
