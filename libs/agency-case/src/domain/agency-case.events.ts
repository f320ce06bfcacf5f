import type { DomainEvent } from '@sw/event-store';
import type { ActiveAlert, Agency, CaseDeclaration, ChargeAmount, CheckKind, DeclarationItem, Lane } from '@sw/shipment';
import type { FinalSettlement, RefundReason } from './settlement-terms';

/**
 * One agency's case for one declaration, in the agency's own stream (`customs-<declarationId>`,
 * `inspection-…`, `border-…`): its events and commands. The three agencies share one decider;
 * what differs between them (risk rules, duties, release conditions) is their AgencyPolicy.
 */
export type CaseStatus = 'pending' | 'examination' | 'held' | 'released' | 'rejected' | 'closed';

export interface RiskReason {
  rule: string;
  /** In English, as the rule and the assessment word it (events before the catalogue have only this). */
  description: string;
  /** The catalogue's code for the sentence (`risk.rule`, `risk.random-selection`, `risk.alert` …) and what it names. */
  code?: string;
  params?: Record<string, string | number>;
}

/** 双随机: the draw that was made, recorded so that replay never re-rolls. selected = value < rate. */
export interface RandomDraw {
  rate: number;
  value: number;
  selected: boolean;
}

export interface DutyLine {
  hsCode: string;
  dutyRate: number;
  vatRate: number;
  duty: number;
  vat: number;
}

export type AgencyCaseEvent =
  /** manifest: 'missing' when release waits for the bill of lading to be on a manifest (舱单) of its conveyance and port; absent when none is needed. */
  | DomainEvent<'CaseOpened', { agency: Agency; declaration: CaseDeclaration; routingReasons: string[]; arrived: boolean; manifest?: 'missing' | 'on-manifest'; openedAt: string }>
  | DomainEvent<'RiskAssessed', { lane: Lane; reasons: RiskReason[]; draw: RandomDraw | null; requiredChecks: CheckKind[]; priority: number; assessedAt: string }>
  | DomainEvent<'DutiesAssessed', { amount: number; currency: 'CNY'; customsValueCny: number; lines: DutyLine[]; assessedAt: string }>
  | DomainEvent<'ArrivalConfirmed', { arrivedAt: string }>
  /** 舱单: the bill of lading is on a manifest of the declaration's conveyance and port. */
  | DomainEvent<'ManifestConfirmed', { manifestId: string; confirmedAt: string }>
  /** Settled by money a bank confirmed (or a general guarantee's draw); amountCny at the customs rate (null: no rate). */
  | DomainEvent<'DutiesSettled', { how: 'paid' | 'guaranteed'; reference: string; amount: number; currency: string; amountCny?: number | null; settledAt: string }>
  /** Confirmed money that is not owed (paid beyond the duties, or the case closed): customs refunds it (退还). */
  | DomainEvent<'DutiesRefundable', { reference: string; amount: number; currency: 'CNY'; reason: RefundReason; refundableAt: string }>
  /** 两步申报: the complete declaration assessed and settled against the summary's guarantee (final-assessment.ts). */
  | DomainEvent<'FinalDutiesAssessed', FinalSettlement & { currency: 'CNY'; lines: DutyLine[]; items: DeclarationItem[]; freight?: ChargeAmount; insurance?: ChargeAmount; assessedAt: string }>
  /** 滞报金 or 滞纳金 charged (late-fee-charges.ts): payable, and customs' release waits for it. */
  | DomainEvent<'LateFeeCharged', { kind: 'late-declaration' | 'late-payment'; amount: number; currency: 'CNY'; days: number; legalBasis: string; chargedAt: string; /** 滞纳金 on a two-step final assessment's difference (补缴), from that assessment. */ on?: 'final' }>
  /** 汇总征税: no general guarantee of the holder could take the duties (why, in `code` and `reason`); retried when one can. */
  | DomainEvent<'GuaranteeUnavailable', { code: string; reason: string; at: string }>
  /** again: 复验, a further round of an examination already completed (its earlier recognized results stay). */
  | DomainEvent<'ExaminationRequested', { reason: string; by: string; checks: CheckKind[]; requestedAt: string; alertId?: string; again?: boolean }>
  | DomainEvent<'ExaminationCompleted', { result: 'passed' | 'failed'; completedAt: string }>
  | DomainEvent<'CaseHeld', { reason: string; by: string; heldAt: string; /** 执法互助: the enforcement alert that held it (its text is the agencies'). */ alertId?: string; /** A hold the process decided: the catalogue's code and params. */ code?: string; params?: Record<string, string> }>
  | DomainEvent<'CaseRejected', { reason: string; by: string; rejectedAt: string }>
  /** `code`: the catalogue's code of a reason the system gives (an automatic release); an officer's reason is the officer's words. */
  | DomainEvent<'CaseReleased', { by: string; automatic: boolean; reason?: string; code?: string; releasedAt: string; conformityPending?: boolean }>
  | DomainEvent<'ConformityAssessed', { result: 'conforming' | 'non-conforming'; by: string; note?: string; reference?: string; assessedAt: string }>
  /** `code`: the catalogue's code when the reason is the system's (no officer's note). */
  | DomainEvent<'FollowUpRequired', { actions: ('recall' | 'hold-on-sale')[]; reason: string; code?: string; requiredAt: string }>
  | DomainEvent<'CaseClosed', { reason: string; closedAt: string }>
  /**
   * The declaration changed (an amendment approved, or resubmitted after a return): before
   * release the case is assessed again (risk, duties); after release only its duties (补税 / 退税).
   */
  | DomainEvent<'CaseRevised', { declaration: CaseDeclaration; afterRelease: boolean; reason: string; revisedAt: string }>;

export type AgencyCaseEventType = AgencyCaseEvent['type'];

export type AgencyCaseCommand =
  | { type: 'OpenCase'; agency: Agency; declaration: CaseDeclaration; routingReasons: string[]; arrived: boolean; manifest?: 'missing' | 'on-manifest'; now: Date }
  /** draw: a random number in [0,1) drawn by the caller; recorded in the event, so replay never re-rolls. */
  | { type: 'AssessRisk'; draw: number; randomSelection: boolean; alerts: ActiveAlert[]; now: Date }
  | { type: 'ConfirmArrival'; arrivedAt: string; now: Date }
  | { type: 'ConfirmManifest'; manifestId: string; now: Date }
  | { type: 'SettleDuties'; how: 'paid' | 'guaranteed'; reference: string; amount: number; currency: string; now: Date }
  /** The seam for the joint examination (一次查验): its outcome for this agency. */
  | { type: 'CompleteExamination'; result: 'passed' | 'failed'; now: Date }
  | { type: 'Decide'; decision: 'release' | 'hold' | 'reject' | 'examine'; reason: string; officer: string; alertId?: string; /** A decision the process takes: the catalogue's code and params for its reason. */ code?: string; params?: Record<string, string>; now: Date }
  /** Automatic release when the policy allows it and nothing blocks it; returns [] when not ready, never throws. */
  | { type: 'ReleaseIfReady'; now: Date }
  /** The declaration was withdrawn. */
  | { type: 'CloseCase'; reason: string; now: Date }
  /** The declaration was amended or resubmitted: the case takes the new body (CaseRevised). */
  | { type: 'Revise'; declaration: CaseDeclaration; afterRelease: boolean; reason: string; now: Date }
  /** Another agency rejected the declaration: an open case closes; confirmed money is refundable, on a released case too. */
  | { type: 'CloseOnRejection'; agency: Agency; reason: string; now: Date }
  /** 两步申报: the complete declaration's items (with values), freight and insurance, to assess and settle. */
  | { type: 'AssessFinalDuties'; items: DeclarationItem[]; freight?: ChargeAmount; insurance?: ChargeAmount; now: Date }
  | { type: 'RecordGuaranteeUnavailable'; code: string; reason: string; now: Date }
  | { type: 'AssessConformity'; result: 'conforming' | 'non-conforming'; officer: string; note?: string; reference?: string; now: Date };
