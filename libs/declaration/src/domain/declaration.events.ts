import type { DomainEvent } from '@sw/event-store';

export type DeclarationMode = 'standard' | 'advance' | 'two-step';
export type Agency = 'customs' | 'inspection' | 'border';

export interface DeclarationItem {
  hsCode: string;
  description: string;
  quantity: number;
  unit: string;
  /** Customs value in the declaration's currency; a two-step summary (概要申报) may omit it. */
  value?: number;
  originCountry: string;
}

/** 报关单: what the enterprise submits, once (API.md `POST /v1/declarations`). */
export interface DeclarationBody {
  mode: DeclarationMode;
  direction: 'import' | 'export';
  declarant: { uscc: string; name: string };
  customsOffice: string;
  portOfEntry: string;
  transport: { mode: string; conveyance: string; voyage?: string; billOfLading: string };
  tradeMode: string;
  incoterm: string;
  currency: string;
  items: DeclarationItem[];
  documents: { code: string; number: string }[];
  /** 涉证 / 涉检 / 涉税: the two-step summary's answers. */
  summary?: { licenseRequired: boolean; inspectionRequired: boolean; dutiable: boolean };
}

/** 监管证件核查: a licence referenced in `documents` and the items it was checked for (libs/licensing). */
export interface LicenseCheck {
  license: { code: string; number: string };
  /** Indexes of the items it is used for (0-based, as in `items[0]`). */
  items: number[];
  /** Their declared quantity, in total, in the licence's unit: what is written off on release. */
  quantity: number;
  unit: string;
  /** The licence's balance when it was checked. */
  balance: number;
}

/** Why an item's licence is missing or cannot be used, in words the declarant can act on. */
export interface LicenseProblem {
  item: number;
  hsCode: string;
  /** The licence type (监管证件代码) the item needs. */
  type: string;
  license?: { code: string; number: string };
  reason: string;
  message: string;
}

/** Days after arrival within which a two-step declaration must be completed (完整申报). */
export const COMPLETE_DECLARATION_DAYS = 14;

export type DeclarationEvent =
  | DomainEvent<'DeclarationSubmitted', { declarationId: string; declaration: DeclarationBody; submittedAt: string; requestHash: string; arrivedAt: string | null }>
  | DomainEvent<'ArrivalRecorded', { arrivedAt: string; billOfLading: string; conveyance: string; recordedAt: string }>
  | DomainEvent<'DeclarationRouted', { agencies: Agency[]; reasons: Partial<Record<Agency, string[]>>; routedAt: string }>
  | DomainEvent<'CompleteDeclarationScheduled', { dueAt: string }>
  | DomainEvent<'CompleteDeclarationFiled', { items: DeclarationItem[]; documents: { code: string; number: string }[]; filedAt: string; late: boolean }>
  | DomainEvent<'CompleteDeclarationOverdue', { dueAt: string; markedAt: string }>
  | DomainEvent<'GuaranteeLodged', { amount: number; currency: string; reference: string; lodgedAt: string }>
  | DomainEvent<'DutiesPaid', { amount: number; currency: string; reference: string; paidAt: string }>
  | DomainEvent<'DeclarationWithdrawn', { reason: string; withdrawnAt: string }>
  | DomainEvent<'DeclarationReleased', { agencies: Agency[]; releasedAt: string }>
  | DomainEvent<'DeclarationRejected', { agency: Agency; reason: string; rejectedAt: string }>
  | DomainEvent<'GoodsExited', { conveyance: string; portOfEntry: string; exitedAt: string }>
  | DomainEvent<'LicensesVerified', { checks: LicenseCheck[]; declarationDate: string; verifiedAt: string }>
  | DomainEvent<'LicenseVerificationFailed', { problems: LicenseProblem[]; checks: LicenseCheck[]; declarationDate: string; verifiedAt: string }>
  | DomainEvent<'LicenseWriteOffFailed', { reason: string; problems: LicenseProblem[]; failedAt: string }>;

export type DeclarationEventType = DeclarationEvent['type'];
export const DECLARATION_STREAM_PREFIX = 'declaration-';
export const declarationStream = (id: string) => `${DECLARATION_STREAM_PREFIX}${id}`;
