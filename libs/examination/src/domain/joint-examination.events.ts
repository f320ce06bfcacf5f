import type { DomainEvent } from '@sw/event-store';
import type { Agency, CheckKind } from '@sw/shipment';

/**
 * 联合查验 / 一次查验: one examination per shipment, in the stream `examination-<declarationId>`,
 * whatever number of agencies select the shipment. The first agency to select it schedules it;
 * the others join it while it is open. Each agency states the check kinds it needs; a check kind
 * that one agency (or a third-party lab an agency accepts) has passed is recognized for every
 * other agency that needs it (监管互认) and is never asked again.
 */

/** Whose result a check is: an agency's own, or a third-party lab's that an agency accepted (第三方检验结果采信). */
export type ResultSource = Agency | 'third-party-lab';
export type CheckStatus = 'pending' | 'passed' | 'failed' | 'recognized';
export type ExaminationResult = 'passed' | 'failed';
/** One result per participating agency (agencies that never joined have none). */
export type ExaminationResults = Partial<Record<Agency, ExaminationResult>>;

export interface FindingSource {
  kind: 'agency' | 'third-party-lab';
  /** The agency (its own finding) or the lab's name. */
  name: string;
  /** The lab's report number, for instance. */
  reference?: string;
}

/** One check's outcome as an officer recorded it; every agency sees every finding (信息互换). */
export interface Finding {
  check: CheckKind;
  result: 'pass' | 'fail';
  note?: string;
  /** The agency whose officer recorded it (a third-party result is recorded by the agency that accepts it). */
  by: Agency;
  officer: string;
  source?: FindingSource;
  at: string;
}

/** 预约查验: the slot booked for the examination. */
export interface Appointment {
  slot: { from: string; to: string };
  location?: string;
  bookedBy: { kind: 'enterprise' | 'officer'; id: string };
  bookedAt: string;
}

export type ExaminationEvent =
  /** The first agency selecting the shipment opens the one examination (一次查验). */
  | DomainEvent<'ExaminationScheduled', { declarationId: string; agency: Agency; checks: CheckKind[]; reason: string; at: string; /** Checks already passed on the conveyance (ConveyanceCheckRecognized before the selection). */ recognized?: { check: CheckKind; by: ResultSource }[] }>
  /** A later agency joins the open examination; its checks already passed are recognized at once (监管互认). */
  | DomainEvent<'AgencyJoinedExamination', { agency: Agency; checks: CheckKind[]; reason: string; recognized: { check: CheckKind; by: ResultSource }[]; at: string }>
  /** An agency already in the examination needs more check kinds (only those it did not require yet); recognized as on joining. */
  | DomainEvent<'ExaminationChecksAdded', { agency: Agency; checks: CheckKind[]; reason: string; recognized: { check: CheckKind; by: ResultSource }[]; at: string }>
  /** 预约查验: a new booking replaces the previous one. */
  | DomainEvent<'AppointmentBooked', { slot: { from: string; to: string }; location?: string; bookedBy: { kind: 'enterprise' | 'officer'; id: string }; at: string }>
  | DomainEvent<'FindingsRecorded', { agency: Agency; officer: string; findings: Finding[]; at: string }>
  /** A passed check of one agency (or of a third-party lab) satisfies another agency's requirement: never asked again. */
  | DomainEvent<'CheckRecognized', { agency: Agency; check: CheckKind; by: ResultSource; at: string }>
  /** Every participating agency's required checks are passed, failed or recognized. */
  | DomainEvent<'ExaminationCompleted', { results: ExaminationResults; at: string }>
  /**
   * 复验: an agency asks again after the examination completed: a further round, for that agency's
   * checks; what it had recognized from others stays recognized, its own results are examined anew.
   */
  /**
   * 监管互认 on the truck: a check of the whole conveyance (its scan, the vehicle, the crew) passed in
   * the examination of another declaration it carries is this declaration's too; before any agency
   * selects it, it waits in the stream and is recognized on selection.
   */
  | DomainEvent<'ConveyanceCheckRecognized', { check: CheckKind; by: ResultSource; crossingId: string; from: string; at: string }>
  | DomainEvent<'ExaminationRoundOpened', { round: number; agency: Agency; checks: CheckKind[]; reason: string; recognized: { check: CheckKind; by: ResultSource }[]; at: string }>;

export type ExaminationEventType = ExaminationEvent['type'];

export interface FindingInput {
  check: CheckKind;
  result: 'pass' | 'fail';
  note?: string;
  source?: FindingSource;
}

export type ExaminationCommand =
  /** Schedules the examination, joins the open one, or adds check kinds the agency did not need yet. */
  | { type: 'SelectForExamination'; declarationId: string; agency: Agency; checks: CheckKind[]; reason: string; /** 复验: a further round once completed. */ again?: boolean; now: Date }
  | { type: 'BookAppointment'; slot: { from: Date; to: Date }; location?: string; bookedBy: { kind: 'enterprise' | 'officer'; id: string }; now: Date }
  /** An officer records findings for their own agency (the agency comes from their token). */
  | { type: 'RecordFindings'; agency: Agency; officer: string; findings: FindingInput[]; now: Date }
  /** 一次查验 of a truck: a conveyance check passed for declaration `from` on crossing `crossingId` (see CONVEYANCE_CHECKS). */
  | { type: 'RecognizeConveyanceCheck'; check: CheckKind; by: ResultSource; crossingId: string; from: string; now: Date };

/** The checks of the conveyance as a whole, not of one declaration's goods: one of them serves every declaration on board. */
export const CONVEYANCE_CHECKS: readonly CheckKind[] = ['scan', 'vehicle', 'crew'];
