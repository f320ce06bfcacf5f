import type { Agency, CaseDeclaration, CheckKind, Lane } from '@sw/shipment';
import { orderedChecks } from '@sw/shipment';
import type { AgencyCaseEvent, CaseStatus, RiskReason } from './agency-case.events';

export interface AgencyCaseState {
  status: CaseStatus | 'none';
  agency?: Agency;
  declaration?: CaseDeclaration;
  lane?: Lane;
  reasons: RiskReason[];
  requiredChecks: CheckKind[];
  priority: number;
  arrived: boolean;
  duties?: { amount: number; currency: 'CNY' };
  /** The strongest settlement recorded: paid beats guaranteed (whether it covers the duties is policy). */
  settled: 'paid' | 'guaranteed' | 'none';
  /** Every payment and guarantee, as recorded: the policy decides whether they cover the duties. */
  settlements: Settlement[];
  examination: 'none' | 'requested' | 'passed' | 'failed';
  assessed: boolean;
  releasedAt?: string;
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
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

export const initialAgencyCaseState = (): AgencyCaseState => ({
  status: 'none', reasons: [], requiredChecks: [], priority: 0, arrived: false, settled: 'none', settlements: [], examination: 'none', assessed: false, conformity: 'none',
});

export function evolveAgencyCase(state: AgencyCaseState, event: AgencyCaseEvent): AgencyCaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...initialAgencyCaseState(), status: 'pending', agency: event.data.agency, declaration: event.data.declaration, arrived: event.data.arrived };
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
      return { ...state, duties: { amount: event.data.amount, currency: event.data.currency } };
    case 'ArrivalConfirmed':
      return { ...state, arrived: true };
    case 'DutiesSettled': {
      const { how, amount, currency, reference, amountCny } = event.data;
      return { ...state, settled: state.settled === 'paid' || how === 'paid' ? 'paid' : 'guaranteed', settlements: [...state.settlements, { how, amount, currency, reference, amountCny, refundableCny: 0 }] };
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
