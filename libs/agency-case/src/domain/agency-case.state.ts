import type { Agency, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';
import { orderedChecks } from '@sw/shipment';
import type { AgencyCaseEvent, CaseStatus, RiskReason } from './agency-case.events';
import { GUARANTEE_DRAW, isDeclarationGuarantee } from './settlement-terms';

export interface AgencyCaseState {
  status: CaseStatus | 'none';
  agency?: Agency;
  declaration?: CaseDeclaration;
  lane?: Lane;
  reasons: RiskReason[];
  requiredChecks: CheckKind[];
  priority: number;
  arrived: boolean;
  /** 舱单: whether release waits for the bill of lading to be on a manifest (not-required: no manifest is asked for). */
  manifest: 'not-required' | 'missing' | 'on-manifest';
  duties?: { amount: number; currency: 'CNY' };
  /** The strongest settlement recorded: paid beats guaranteed (whether it covers the duties is policy). */
  settled: 'paid' | 'guaranteed' | 'none';
  /** Every payment and guarantee, as recorded: the policy decides whether they cover the duties. */
  settlements: Settlement[];
  examination: 'none' | 'requested' | 'passed' | 'failed';
  assessed: boolean;
  releasedAt?: string;
  /** When the goods arrived (the snapshot's, or the arrival confirmed), when duties were assessed, and on what value (for 滞报金 and 滞纳金). */
  arrivedAt?: string;
  dutiesAssessedAt?: string;
  customsValueCny?: number;
  /** 滞报金 and 滞纳金 charged. */
  lateFees?: { kind: 'late-declaration' | 'late-payment'; amount: number; on?: 'final' }[];
  /** 两步申报: the complete declaration's assessment, once made. */
  final?: { amount: number; payable: number; drawnOnGuarantee: number; guaranteeReleased: number; assessedAt: string };
  /** 汇总征税: why no general guarantee took the duties yet (null once one did, or none tried). */
  guaranteeUnavailable?: { code: string; reason: string } | null;
  /** 先放后检: released before the conformity result; stage 2 records it. */
  conformity: 'none' | 'pending' | 'conforming' | 'non-conforming';
}

export interface Settlement {
  how: 'paid' | 'guaranteed';
  amount: number;
  currency: string;
  reference: string;
  /** In CNY at the customs rate when it was settled (null: no rate; undefined: settled before it was recorded). */
  amountCny?: number | null;
  /** What of it was found refundable (CNY). */
  refundableCny: number;
  /** When it was settled. */
  at?: string;
  /** A guarantee drawn or released by the final assessment: it no longer stands. */
  discharged?: boolean;
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

export const initialAgencyCaseState = (): AgencyCaseState => ({
  status: 'none', reasons: [], requiredChecks: [], priority: 0, arrived: false, manifest: 'not-required', settled: 'none', settlements: [], examination: 'none', assessed: false, conformity: 'none',
});

export function evolveAgencyCase(state: AgencyCaseState, event: AgencyCaseEvent): AgencyCaseState {
  switch (event.type) {
    case 'CaseOpened':
      return {
        ...initialAgencyCaseState(), status: 'pending', agency: event.data.agency, declaration: event.data.declaration, arrived: event.data.arrived, manifest: event.data.manifest ?? 'not-required',
        ...(event.data.arrived && event.data.declaration.arrivedAt ? { arrivedAt: event.data.declaration.arrivedAt } : {}),
      };
    case 'RiskAssessed': {
      // A revised case's examination already done stays done unless the new assessment needs checks it did not.
      const added = event.data.requiredChecks.some((check) => !state.requiredChecks.includes(check));
      const examine = event.data.lane === 'examination' && (state.examination === 'none' || state.examination === 'requested' || added);
      return {
        ...state,
        lane: event.data.lane,
        reasons: event.data.reasons,
        requiredChecks: orderedChecks([...state.requiredChecks, ...event.data.requiredChecks]),
        priority: event.data.priority,
        assessed: true,
        examination: examine ? 'requested' : state.examination,
        status: examine && state.status === 'pending' ? 'examination' : state.status,
      };
    }
    case 'DutiesAssessed':
      return { ...state, duties: { amount: event.data.amount, currency: event.data.currency }, dutiesAssessedAt: event.data.assessedAt, customsValueCny: event.data.customsValueCny };
    case 'ArrivalConfirmed':
      return { ...state, arrived: true, arrivedAt: state.arrivedAt ?? event.data.arrivedAt };
    case 'LateFeeCharged':
      return { ...state, lateFees: [...(state.lateFees ?? []), { kind: event.data.kind, amount: event.data.amount, ...(event.data.on ? { on: event.data.on } : {}) }] };
    case 'FinalDutiesAssessed': {
      const { amount, payable, drawnOnGuarantee, guaranteeReleased, assessedAt, items, freight, insurance } = event.data;
      const declaration = state.declaration && { ...state.declaration, items, ...(freight ? { freight } : {}), ...(insurance ? { insurance } : {}) };
      const discharged = state.settlements.map((s) => (isDeclarationGuarantee(s) ? { ...s, discharged: true } : s));
      const draw: Settlement[] = drawnOnGuarantee > 0
        ? [{ how: 'paid', reference: `${GUARANTEE_DRAW}final`, amount: drawnOnGuarantee, currency: 'CNY', amountCny: drawnOnGuarantee, refundableCny: 0 }] : [];
      return {
        ...state, declaration, duties: { amount, currency: 'CNY' }, dutiesAssessedAt: assessedAt, customsValueCny: event.data.customsValueCny, final: { amount, payable, drawnOnGuarantee, guaranteeReleased, assessedAt },
        settlements: [...discharged, ...draw],
      };
    }
    case 'GuaranteeUnavailable':
      return { ...state, guaranteeUnavailable: { code: event.data.code, reason: event.data.reason } };
    case 'ManifestConfirmed':
      return { ...state, manifest: 'on-manifest' };
    case 'DutiesSettled': {
      const { how, amount, currency, reference, amountCny } = event.data;
      return {
        ...state, settled: state.settled === 'paid' || how === 'paid' ? 'paid' : 'guaranteed', settlements: [...state.settlements, { how, amount, currency, reference, amountCny, refundableCny: 0, at: event.data.settledAt }],
        ...(how === 'guaranteed' && reference.startsWith('guarantee:') ? { guaranteeUnavailable: null } : {}),
      };
    }
    case 'DutiesRefundable': {
      const { reference, amount } = event.data;
      return { ...state, settlements: state.settlements.map((s) => (s.how === 'paid' && s.reference === reference ? { ...s, refundableCny: round2(s.refundableCny + amount) } : s)) };
    }
    case 'ExaminationRequested':
      return {
        ...state,
        examination: 'requested',
        requiredChecks: orderedChecks([...state.requiredChecks, ...event.data.checks]),
        // A held case stays held while it is examined: only a release decision lifts a hold.
        status: state.status === 'pending' ? 'examination' : state.status,
      };
    case 'ExaminationCompleted':
      return { ...state, examination: event.data.result, status: state.status === 'examination' ? 'pending' : state.status };
    case 'CaseHeld':
      return { ...state, status: 'held' };
    case 'CaseRejected':
      return { ...state, status: 'rejected' };
    case 'CaseReleased':
      return { ...state, status: 'released', releasedAt: event.data.releasedAt, conformity: event.data.conformityPending ? 'pending' : state.conformity };
    case 'ConformityAssessed':
      return { ...state, conformity: event.data.result };
    case 'FollowUpRequired':
      return state;
    case 'CaseClosed':
      return { ...state, status: 'closed' };
    case 'CaseRevised':
      // Before release: assessed again, and a case that had released waits for the new assessment.
      return event.data.afterRelease
        ? { ...state, declaration: event.data.declaration }
        : { ...state, declaration: event.data.declaration, assessed: false, status: state.status === 'released' ? 'pending' : state.status, releasedAt: undefined };
  }
}
