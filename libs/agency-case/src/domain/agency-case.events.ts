import type { DomainEvent } from '@sw/event-store';
import type { ActiveAlert, Agency, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';

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
  | DomainEvent<'CaseOpened', { agency: Agency; declaration: CaseDeclaration; routingReasons: string[]; arrived: boolean; openedAt: string }>
  | DomainEvent<'RiskAssessed', { lane: Lane; reasons: RiskReason[]; draw: RandomDraw | null; requiredChecks: CheckKind[]; priority: number; assessedAt: string }>
  | DomainEvent<'DutiesAssessed', { amount: number; currency: 'CNY'; customsValueCny: number; lines: DutyLine[]; assessedAt: string }>
  | DomainEvent<'ArrivalConfirmed', { arrivedAt: string }>
  /** Settled by money a bank confirmed (or a general guarantee's draw); amountCny at the customs rate (null: no rate). */
  | DomainEvent<'DutiesSettled', { how: 'paid' | 'guaranteed'; reference: string; amount: number; currency: string; amountCny?: number | null; settledAt: string }>
  /** Confirmed money that is not owed (paid beyond the duties, or the case closed): customs refunds it (退还). */
  | DomainEvent<'DutiesRefundable', { reference: string; amount: number; currency: 'CNY'; reason: 'over-payment' | 'case-closed'; refundableAt: string }>
  | DomainEvent<'ExaminationRequested', { reason: string; by: string; checks: CheckKind[]; requestedAt: string; alertId?: string }>
  | DomainEvent<'ExaminationCompleted', { result: 'passed' | 'failed'; completedAt: string }>
  | DomainEvent<'CaseHeld', { reason: string; by: string; heldAt: string; /** 执法互助: the enforcement alert that held it (its text is the agencies'). */ alertId?: string }>
  | DomainEvent<'CaseRejected', { reason: string; by: string; rejectedAt: string }>
  /** `code`: the catalogue's code of a reason the system gives (an automatic release); an officer's reason is the officer's words. */
  | DomainEvent<'CaseReleased', { by: string; automatic: boolean; reason?: string; code?: string; releasedAt: string; conformityPending?: boolean }>
  | DomainEvent<'ConformityAssessed', { result: 'conforming' | 'non-conforming'; by: string; note?: string; reference?: string; assessedAt: string }>
  /** `code`: the catalogue's code when the reason is the system's (no officer's note). */
  | DomainEvent<'FollowUpRequired', { actions: ('recall' | 'hold-on-sale')[]; reason: string; code?: string; requiredAt: string }>
  | DomainEvent<'CaseClosed', { reason: string; closedAt: string }>;

export type AgencyCaseEventType = AgencyCaseEvent['type'];

export type AgencyCaseCommand =
  | { type: 'OpenCase'; agency: Agency; declaration: CaseDeclaration; routingReasons: string[]; arrived: boolean; now: Date }
  /** draw: a random number in [0,1) drawn by the caller; recorded in the event, so replay never re-rolls. */
  | { type: 'AssessRisk'; draw: number; randomSelection: boolean; alerts: ActiveAlert[]; now: Date }
  | { type: 'ConfirmArrival'; arrivedAt: string; now: Date }
  | { type: 'SettleDuties'; how: 'paid' | 'guaranteed'; reference: string; amount: number; currency: string; now: Date }
  /** The seam for the joint examination (一次查验): its outcome for this agency. */
  | { type: 'CompleteExamination'; result: 'passed' | 'failed'; now: Date }
  | { type: 'Decide'; decision: 'release' | 'hold' | 'reject' | 'examine'; reason: string; officer: string; alertId?: string; now: Date }
  /** Automatic release when the policy allows it and nothing blocks it; returns [] when not ready, never throws. */
  | { type: 'ReleaseIfReady'; now: Date }
  /** The declaration was withdrawn. */
  | { type: 'CloseCase'; reason: string; now: Date }
  | { type: 'AssessConformity'; result: 'conforming' | 'non-conforming'; officer: string; note?: string; reference?: string; now: Date };
