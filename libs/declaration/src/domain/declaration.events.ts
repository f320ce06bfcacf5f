import type { DomainEvent } from '@sw/event-store';
import type { AmendmentChanges } from './corrections';
import type { Routing } from './routing';
import type { Agency, ChargeAmount, DeclarationBody, DeclarationItem, LicenseCheck, LicenseProblem } from '@sw/shipment';

/** Days after arrival within which a two-step declaration must be completed (完整申报). */
export const COMPLETE_DECLARATION_DAYS = 14;

export type DeclarationEvent =
  /** number: the 海关编号 given on acceptance (absent from streams written before numbers). */
  | DomainEvent<'DeclarationSubmitted', { declarationId: string; number?: string; declaration: DeclarationBody; submittedAt: string; requestHash: string; arrivedAt: string | null }>
  | DomainEvent<'ArrivalRecorded', { arrivedAt: string; billOfLading: string; conveyance: string; recordedAt: string }>
  | DomainEvent<'DeclarationRouted', Routing & { routedAt: string }>
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
  | DomainEvent<'LicenseWriteOffFailed', { reason: string; problems: LicenseProblem[]; failedAt: string }>
  /** 修改申请: asked by the declarant, decided by customs; approved, the body changes and its version goes up. */
  | DomainEvent<'AmendmentRequested', { amendmentId: string; reason: string; changes: AmendmentChanges; afterRelease: boolean; baseVersion: number; requestedAt: string }>
  | DomainEvent<'AmendmentApproved', { amendmentId: string; reason: string; by: string; declaration: DeclarationBody; version: number; afterRelease: boolean; decidedAt: string }>
  | DomainEvent<'AmendmentRefused', { amendmentId: string; reason: string; by: string; decidedAt: string }>
  /** 退单: an officer returns the declaration for correction; the declarant resubmits it whole. */
  | DomainEvent<'DeclarationReturned', { agency: Agency; reason: string; by: string; returnedAt: string }>
  | DomainEvent<'DeclarationResubmitted', { declaration: DeclarationBody; version: number; requestHash: string; resubmittedAt: string }>
  /** 补充申报: an officer asks for information; the declarant answers with a note and documents. */
  | DomainEvent<'InformationRequested', { requestId: string; agency: Agency; reason: string; fields: string[]; by: string; requestedAt: string }>
  | DomainEvent<'InformationProvided', { requestId: string; agency: Agency; note: string; documents: { code: string; number: string }[]; respondedAt: string }>;

export type DeclarationEventType = DeclarationEvent['type'];
