import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';

/**
 * 口岸收费目录清单: the fee catalogue a port authority publishes for a port, in the stream
 * `fee-catalogue-<port>`, one version at a time, each in force from its effective date (a China
 * calendar day) until the next. 清单之外无收费: a port charge outside the version in force that
 * day, or above its amount, is refused (port-charge.ts).
 */
export type FeeBasis = 'declaration' | 'container' | 'ton' | 'vehicle';
export const FEE_BASES: readonly FeeBasis[] = ['declaration', 'container', 'ton', 'vehicle'];
/** Who pays an item: the trading enterprise (货主), the carrier (船公司 / 承运人), or the government (政府购买服务). */
export type FeePayer = 'enterprise' | 'carrier' | 'government';
export const FEE_PAYERS: readonly FeePayer[] = ['enterprise', 'carrier', 'government'];

export interface FeeItem {
  /** The item's code in the catalogue, e.g. `THC-20`. */
  code: string;
  nameZh: string;
  payer: FeePayer;
  /** What one unit of the amount is charged per. */
  basis: FeeBasis;
  /** The most that may be charged per unit of the basis. */
  amount: number;
  currency: string;
  /** The rule that sets it (政府定价 / 市场调节价 document). */
  legalBasis: string;
  /**
   * 查验吊装移位仓储费: handling, moving and storing goods for an examination. Paid by the
   * government when the examination found nothing (免除查验没有问题外贸企业吊装移位仓储费).
   */
  examinationHandling?: boolean;
}

export interface CatalogueVersion {
  port: string;
  version: number;
  /** The China calendar day (YYYY-MM-DD) it is in force from. */
  effectiveFrom: string;
  items: FeeItem[];
  publishedBy: string;
  publishedAt: string;
}

export type FeeCatalogueEvent = DomainEvent<'FeeCataloguePublished', CatalogueVersion>;

export type FeeCatalogueCommand = {
  type: 'PublishCatalogue';
  port: string;
  effectiveFrom: string;
  items: FeeItem[];
  publishedBy: string;
  /** Today in China (the engine's clock): a catalogue is never published for days already past. */
  today: string;
  now: Date;
};

export interface FeeCatalogueState {
  versions: CatalogueVersion[];
}

export const initialFeeCatalogueState = (): FeeCatalogueState => ({ versions: [] });

export function evolveFeeCatalogue(state: FeeCatalogueState, event: FeeCatalogueEvent): FeeCatalogueState {
  return event.type === 'FeeCataloguePublished' ? { versions: [...state.versions, event.data] } : state;
}

/** The version in force on a day: the latest published of those effective by then (null: none yet). */
export function catalogueInForce(state: FeeCatalogueState, date: string): CatalogueVersion | null {
  let found: CatalogueVersion | null = null;
  for (const version of state.versions) {
    if (version.effectiveFrom > date) continue;
    if (!found || version.effectiveFrom > found.effectiveFrom || (version.effectiveFrom === found.effectiveFrom && version.version > found.version)) found = version;
  }
  return found;
}

export function decideFeeCatalogue(command: FeeCatalogueCommand, state: FeeCatalogueState): FeeCatalogueEvent[] {
  const { effectiveFrom, today } = command;
  // Charges already made were checked against the version then in force: the past is not rewritten.
  if (effectiveFrom < today) {
    throw new DomainError('catalogue-retroactive', `A catalogue takes effect today (${today}) or later, never on a day already past (${effectiveFrom})`, { effectiveFrom, today });
  }
  const latest = state.versions.at(-1);
  // A version not yet in force may be corrected by one of the same day; one in force only by a later one.
  if (latest && (effectiveFrom < latest.effectiveFrom || (effectiveFrom === latest.effectiveFrom && latest.effectiveFrom <= today))) {
    throw new DomainError('catalogue-not-after-latest', `Version ${latest.version} of this port's catalogue takes effect on ${latest.effectiveFrom}: a new version takes effect after it`, {
      latestVersion: latest.version, latestEffectiveFrom: latest.effectiveFrom,
    });
  }
  return [{
    type: 'FeeCataloguePublished',
    data: { port: command.port, version: (latest?.version ?? 0) + 1, effectiveFrom, items: command.items, publishedBy: command.publishedBy, publishedAt: command.now.toISOString() },
  }];
}

export const feeCatalogueDecider: Decider<FeeCatalogueState, FeeCatalogueCommand, FeeCatalogueEvent> = {
  initialState: initialFeeCatalogueState,
  evolve: evolveFeeCatalogue,
  decide: decideFeeCatalogue,
};
