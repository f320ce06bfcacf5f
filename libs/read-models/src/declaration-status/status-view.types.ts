import type { LateFee } from '@sw/customs';
import type { ExaminationState } from '@sw/examination';
import type { Agency, DeclarationBody, LicenseCheck, LicenseProblem } from '@sw/shipment';
import type { AmendmentView, InformationRequestView } from './corrections-view';
import type { InstructionView } from './duties-view';
import type { ChargedFeeView, ConsolidatedView, FinalDutiesView } from './final-duties-view';

/** The declaration status view's shape (API.md GET /v1/declarations/{id}); status-view.ts folds events into it. */
export type DeclarationStatus = 'submitted' | 'under-review' | 'awaiting-arrival' | 'examination' | 'held' | 'released' | 'exited' | 'rejected' | 'withdrawn' | 'returned';
export const DECLARATION_STATUSES: DeclarationStatus[] = ['submitted', 'under-review', 'awaiting-arrival', 'examination', 'held', 'released', 'exited', 'rejected', 'withdrawn', 'returned'];

export interface RequiredCheckView { check: string; status: 'pending' | 'passed' | 'failed' | 'recognized'; by?: string }

export interface AgencyView {
  status: 'pending' | 'examination' | 'held' | 'released' | 'rejected' | 'closed';
  lane?: 'green' | 'documents' | 'examination';
  reasons: string[];
  /** The same reasons as the message catalogue's codes and params (absent for assessments made before it). */
  reasonMessages?: { rule: string; code: string; params: Record<string, string | number> }[];
  requiredChecks: RequiredCheckView[];
  routingReasons: string[];
  /** `routingReasons` as catalogue codes and params (routing.*), one for one (absent for routings recorded before they had codes). */
  routingReasonMessages?: { code: string; params?: Readonly<Record<string, unknown>> }[];
  /**
   * `alertId`: taken by an enforcement alert (执法互助), whose text only the agencies read. `code` and
   * `params`: the catalogue's words for a reason the system gave (an officer's reason is the officer's own).
   */
  decisions: { decision: string; by: string; reason?: string; at: string; alertId?: string; code?: string; params?: Record<string, string> }[];
  releasedAt?: string;
  /** 先放后检: released before its conformity result (stage 2 pending), then its result. */
  conformity?: { status: 'pending' | 'conforming' | 'non-conforming'; assessedAt?: string; note?: string };
}

/**
 * 监管证件: the licences the goods need, as verified at submission and written off at release.
 * `not-required` until a verification is recorded (none is, for goods that need no licence);
 * `failed` and `write-off-failed` hold the declaration, with `reason` saying what to do.
 */
export interface LicensesView {
  status: 'not-required' | 'verified' | 'failed' | 'written-off' | 'write-off-failed';
  checks: LicenseCheck[];
  problems: LicenseProblem[];
  reason?: string;
  /** `reason` as a catalogue code and params (licence.verification-failed, licence.write-off-failed); each problem's `reason` is a code too. */
  reasonMessage?: { code: string; params: Record<string, string | number | string[] | number[]> };
  declarationDate?: string;
  at?: string;
}

/** A follow-up on goods already released (recall, hold on sale), for every agency and the declarant. */
export interface FollowUp { agency: Agency; actions: string[]; reason: string; at: string; /** The catalogue's code of a reason the system gave. */ code?: string }

/** A port charge recorded on the shipment (API.md: the view lists `charges`; the refused ones are oversight's). */
export interface ChargeView {
  chargeId: string; status: 'recorded'; port: string; code: string; nameZh: string; basis: string; quantity: number; amount: number; currency: string;
  payer: string; catalogueVersion: number; at: string;
}

/** The declarant's one status (API.md `GET /v1/declarations/{id}`), plus what the projection needs. */
export interface StatusView {
  id: string;
  /** 海关编号 (absent from declarations filed before numbers). */
  number?: string;
  mode: DeclarationBody['mode'];
  direction: DeclarationBody['direction'];
  declarant: { uscc: string; name: string };
  /** 境内收发货人: whom the declarant filed for (the declarant itself when it filed for itself). */
  consignee?: { uscc: string; name: string };
  status: DeclarationStatus;
  agencies: Partial<Record<Agency, AgencyView>>;
  /** 舱单: present when release needs the bill of lading on a manifest (imports by road or rail); blocker manifest-missing until it is. */
  manifest?: { status: 'missing' | 'on-manifest'; manifestId?: string; blocker: 'manifest-missing' | null };
  /** 一次查验: the shipment's one examination (API.md GET /v1/examinations/{id} has the whole of it). */
  examination: null | { status: 'scheduled' | 'completed'; round?: number; agencies: Agency[]; checks: { check: string; status: string; by?: string; agencies: Agency[] }[]; appointment: unknown; results: unknown };
  /** The examination's own state, folded here so that the view needs nothing but events (never shown). */
  examinationState?: ExaminationState;
  arrival: null | { arrivedAt: string };
  /**
   * paid and guaranteed: what banks confirmed and customs settled, in CNY; instructions: every
   * payment and guarantee the declarant gave, confirmed or only instructed (API.md "Money that
   * customs can trust"); refundable: confirmed money customs pays back.
   */
  duties: {
    assessed: number | null; currency: 'CNY'; settled: 'paid' | 'guaranteed' | 'none'; guaranteed: number; paid: number; customsValueCny: number | null;
    instructions?: InstructionView[]; refundable?: number;
    /** 汇总征税 (consolidated) or per declaration; when the duties were assessed; confirmed payments in CNY (for 滞纳金). */
    settlement?: 'consolidated' | 'individual'; assessedAt?: string | null; payments?: { at: string; amount: number }[];
    /** 两步申报: the complete declaration's assessment settled against the guarantee; 汇总征税: the draw, or why none yet. */
    final?: FinalDutiesView; consolidated?: ConsolidatedView;
    /** 滞报金 and 滞纳金 charged by customs (payable; its release waits for them). */
    lateFeesCharged?: ChargedFeeView[];
    /** Computed when read, on the engine's clock (withLateFee). */
    lateDeclarationFee?: LateFee | null; latePaymentSurcharge?: LateFee | null;
  };
  completeDeclaration: null | { status: 'due' | 'filed' | 'overdue'; dueAt: string | null; overdue: boolean; filedAt: string | null; lateFee: { amount: number; currency: 'CNY'; days: number; waived: boolean } | null };
  transport: DeclarationBody['transport'];
  portOfEntry: string;
  customsOffice: string;
  submittedAt: string;
  releasedAt: string | null;
  exitedAt: string | null;
  withdrawn: null | { reason: string; at: string };
  rejected: null | { agency: Agency; reason: string; at: string };
  followUps: FollowUp[];
  /** 口岸收费: what the port charged, within its catalogue. */
  charges: ChargeView[];
  licenses: LicensesView;
  /** API.md "Corrections" (corrections-view.ts): the version, amendments (修改申请), requests for information (补充申报), a return (退单). */
  version: number;
  amendments: AmendmentView[];
  requests: InformationRequestView[];
  returned: null | { agency: Agency; reason: string; by: string; at: string };
  /** The declaration as it stands (its body after approved amendments or a resubmission). */
  declaration?: DeclarationBody;
  /** Revision of the declaration stream last applied. */
  revision: number;
  /** Events applied from every stream of the shipment (for replay checks). */
  eventCount: number;
  updatedAt: string;
}
