import type { DomainEvent } from '@sw/event-store';
import type { Agency, ChargeAmount, DeclarationBody, DeclarationItem, LicenseCheck, LicenseProblem } from '@sw/shipment';

/** Days after arrival within which a two-step declaration must be completed (完整申报). */
export const COMPLETE_DECLARATION_DAYS = 14;

export type DeclarationEvent =
  | DomainEvent<'DeclarationSubmitted', { declarationId: string; declaration: DeclarationBody; submittedAt: string; requestHash: string; arrivedAt: string | null }>
  | DomainEvent<'ArrivalRecorded', { arrivedAt: string; billOfLading: string; conveyance: string; recordedAt: string }>
  | DomainEvent<'DeclarationRouted', { agencies: Agency[]; reasons: Partial<Record<Agency, string[]>>; routedAt: string }>
  | DomainEvent<'CompleteDeclarationScheduled', { dueAt: string }>
  /** freight, insurance: the complete declaration's, when it gives them (they complete the customs value). */
  | DomainEvent<'CompleteDeclarationFiled', { items: DeclarationItem[]; documents: { code: string; number: string }[]; freight?: ChargeAmount; insurance?: ChargeAmount; filedAt: string; late: boolean }>
  | DomainEvent<'CompleteDeclarationOverdue', { dueAt: string; markedAt: string }>
  /**
   * Legacy: the declarant's own word that it guaranteed or paid, from before payments and
   * guarantees became instructions a bank confirms (libs/money). Kept so old streams replay;
   * nothing appends them now, and they settle nothing.
   */
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
