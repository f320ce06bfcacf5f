import { DomainError, type Decider, type DomainEvent } from '@sw/event-store';
// A type only (erased at run time): the declaration context's body is the case's snapshot.
import type { DeclarationBody } from '@sw/declaration';

/**
 * One agency's case for one declaration, in the agency's own stream (`customs-<declarationId>`,
 * `inspection-…`, `border-…`). The three agencies share this decider; what differs between them
 * (risk rules, duties, release conditions) is the AgencyPolicy they pass in.
 */
export type Agency = 'customs' | 'inspection' | 'border';
/** Risk lanes: green (no intervention), documents (审单: an officer reviews the papers), examination (查验). */
export type Lane = 'green' | 'documents' | 'examination';
/** scan = 机检 (H986 non-intrusive); the others are done by officers at the joint examination. */
export type CheckKind = 'scan' | 'physical' | 'sampling' | 'lab' | 'vehicle' | 'crew' | 'documents';
export type CaseStatus = 'pending' | 'examination' | 'held' | 'released' | 'rejected' | 'closed';

export const AGENCIES: readonly Agency[] = ['customs', 'inspection', 'border'];
export const LANES: readonly Lane[] = ['green', 'documents', 'examination'];
/** Canonical order, so that a set of checks always reads the same. */
export const CHECK_KINDS: readonly CheckKind[] = ['scan', 'physical', 'sampling', 'lab', 'vehicle', 'crew', 'documents'];

export const caseStream = (agency: Agency, declarationId: string) => `${agency}-${declarationId}`;

/** What the case needs to know of the declaration: the declaration as submitted, with its id (a snapshot taken when the case opens). */
export type CaseDeclaration = DeclarationBody & { declarationId: string };

export interface RiskReason {
  rule: string;
  description: string;
}

/** 双随机: the draw that was made, recorded so that replay never re-rolls. selected = value < rate. */
export interface RandomDraw {
  rate: number;
  value: number;
  selected: boolean;
}

/** An active enforcement alert (执法互助; the alerts feature fills these in later). */
export interface ActiveAlert {
  id: string;
  subject: { kind: 'enterprise' | 'conveyance' | 'commodity' | 'origin'; value: string };
  action: 'hold' | 'examine';
  reason: string;
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
  | DomainEvent<'DutiesSettled', { how: 'paid' | 'guaranteed'; reference: string; amount: number; currency: string; settledAt: string }>
  | DomainEvent<'ExaminationRequested', { reason: string; by: string; checks: CheckKind[]; requestedAt: string }>
  | DomainEvent<'ExaminationCompleted', { result: 'passed' | 'failed'; completedAt: string }>
  | DomainEvent<'CaseHeld', { reason: string; by: string; heldAt: string }>
  | DomainEvent<'CaseRejected', { reason: string; by: string; rejectedAt: string }>
  | DomainEvent<'CaseReleased', { by: string; automatic: boolean; reason?: string; releasedAt: string; conformityPending?: boolean }>
  | DomainEvent<'ConformityAssessed', { result: 'conforming' | 'non-conforming'; by: string; note?: string; reference?: string; assessedAt: string }>
  | DomainEvent<'FollowUpRequired', { actions: ('recall' | 'hold-on-sale')[]; reason: string; requiredAt: string }>
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
  | { type: 'Decide'; decision: 'release' | 'hold' | 'reject' | 'examine'; reason: string; officer: string; now: Date }
  /** Automatic release when the policy allows it and nothing blocks it; returns [] when not ready, never throws. */
  | { type: 'ReleaseIfReady'; now: Date }
  /** The declaration was withdrawn. */
  | { type: 'CloseCase'; reason: string; now: Date }
  | { type: 'AssessConformity'; result: 'conforming' | 'non-conforming'; officer: string; note?: string; reference?: string; now: Date };

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
}

/** What a policy's risk assessment decides (the RiskAssessed event, plus an optional hold). */
export interface RiskAssessment {
  lane: Lane;
  reasons: RiskReason[];
  draw: RandomDraw | null;
  requiredChecks: CheckKind[];
  priority: number;
  /** An enforcement alert with action "hold" matched: the case is held in the same decision. */
  hold?: { reason: string };
}

export interface DutyAssessment {
  amount: number;
  customsValueCny: number;
  lines: DutyLine[];
}

export interface AgencyPolicy {
  agency: Agency;
  /** Risk assessment: lane, reasons, required checks, priority (higher first: perishable goods, AEO-advanced enterprises). */
  assess(declaration: CaseDeclaration, input: { draw: number; randomSelection: boolean; alerts: ActiveAlert[] }): RiskAssessment;
  /** Duties, for agencies that collect them (customs); null otherwise or when they cannot be assessed yet. */
  assessDuties?(declaration: CaseDeclaration): DutyAssessment | null;
  /** Why the case cannot be released now (empty = may release): see RELEASE_BLOCKERS. */
  releaseBlockers(state: AgencyCaseState): string[];
  /**
   * 先放后检 / 两段准入: goods that may leave before the conformity result (stage 1, 允许提离);
   * their release leaves the conformity assessment (stage 2, 合格评定) pending.
   */
  conditionalRelease?(declaration: CaseDeclaration): boolean;
  /**
   * Whether the case may release itself (ReleaseIfReady) once nothing blocks it. Default: only
   * green-lane cases; documents-lane cases always wait for an officer.
   */
  releasesAutomatically?(state: AgencyCaseState): boolean;
  /** The checks an officer's "examine" decision asks for. Default: the case's required checks, else documents. */
  examinationChecks?(state: AgencyCaseState): CheckKind[];
}

/** The blockers every agency shares, and the sentence an officer reads for each. */
export const RELEASE_BLOCKERS = {
  'not-assessed': 'the risk assessment has not been made yet: wait for it',
  held: 'the case is held: only an officer’s release decision lifts the hold',
  'examination-pending': 'a required examination is not done yet: record the examination findings first',
  'examination-failed': 'the examination failed: hold or reject the case, or request a new examination',
  'awaiting-arrival': 'the goods have not arrived (advance declaration): release waits for the arrival report (运抵报告)',
  'duties-unsettled': 'duties are not settled: release waits for payment or a guarantee (担保)',
} as const;
export type ReleaseBlocker = keyof typeof RELEASE_BLOCKERS;

/** Blockers common to all agencies; a policy adds its own (customs: duties). */
export function commonReleaseBlockers(state: AgencyCaseState): ReleaseBlocker[] {
  const blockers: ReleaseBlocker[] = [];
  if (!state.assessed) blockers.push('not-assessed');
  if (state.status === 'held') blockers.push('held');
  if (state.examination === 'requested') blockers.push('examination-pending');
  if (state.examination === 'failed') blockers.push('examination-failed');
  if (!state.arrived) blockers.push('awaiting-arrival');
  return blockers;
}

/** Checks in canonical order, without repeats. */
export function orderedChecks(checks: Iterable<CheckKind>): CheckKind[] {
  const set = new Set(checks);
  return CHECK_KINDS.filter((check) => set.has(check));
}

const FINAL: ReadonlySet<AgencyCaseState['status']> = new Set(['released', 'rejected', 'closed']);
const isFinal = (state: AgencyCaseState) => FINAL.has(state.status);

export const initialAgencyCaseState = (): AgencyCaseState => ({
  status: 'none', reasons: [], requiredChecks: [], priority: 0, arrived: false, settled: 'none', settlements: [], examination: 'none', assessed: false, conformity: 'none',
});

export function evolveAgencyCase(state: AgencyCaseState, event: AgencyCaseEvent): AgencyCaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...initialAgencyCaseState(), status: 'pending', agency: event.data.agency, declaration: event.data.declaration, arrived: event.data.arrived };
    case 'RiskAssessed': {
      const examine = event.data.lane === 'examination';
      return {
        ...state,
        lane: event.data.lane,
        reasons: event.data.reasons,
        requiredChecks: orderedChecks([...state.requiredChecks, ...event.data.requiredChecks]),
        priority: event.data.priority,
        assessed: true,
        examination: examine && state.examination === 'none' ? 'requested' : state.examination,
        status: examine && state.status === 'pending' ? 'examination' : state.status,
      };
    }
    case 'DutiesAssessed':
      return { ...state, duties: { amount: event.data.amount, currency: event.data.currency } };
    case 'ArrivalConfirmed':
      return { ...state, arrived: true };
    case 'DutiesSettled': {
      const { how, amount, currency, reference } = event.data;
      return { ...state, settled: state.settled === 'paid' || how === 'paid' ? 'paid' : 'guaranteed', settlements: [...state.settlements, { how, amount, currency, reference }] };
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
  }
}

function requireOpen(state: AgencyCaseState, policy: AgencyPolicy): asserts state is AgencyCaseState & { declaration: CaseDeclaration } {
  if (state.status === 'none' || !state.declaration) {
    throw new DomainError('case-not-open', `No ${policy.agency} case is open for this declaration: it opens when the declaration is routed to ${policy.agency}`);
  }
}

const FINAL_SENTENCES = {
  released: 'the case is already released',
  rejected: 'the case was rejected',
  closed: 'the case was closed (the declaration was withdrawn)',
} as const;

function refuseWhen(state: AgencyCaseState, statuses: (keyof typeof FINAL_SENTENCES)[], action: string): void {
  for (const status of statuses) {
    if (state.status === status) throw new DomainError(`case-${status}`, `Cannot ${action}: ${FINAL_SENTENCES[status]}`);
  }
}

/** A refusal an officer can act on: which conditions still block the release, and what to do. */
function describeBlockers(blockers: string[], state: AgencyCaseState): string {
  return blockers
    .map((blocker) => {
      if (blocker === 'duties-unsettled' && state.duties) {
        return `duties of ${state.duties.amount.toFixed(2)} ${state.duties.currency} are not settled: release waits for payment or a guarantee (担保)`;
      }
      if (blocker === 'examination-pending' && state.requiredChecks.length) {
        return `the required examination (${state.requiredChecks.join(', ')}) is not done yet: record the examination findings first`;
      }
      return (RELEASE_BLOCKERS as Record<string, string>)[blocker] ?? blocker;
    })
    .join('; ');
}

const defaultReleasesAutomatically = (state: AgencyCaseState) => state.lane === 'green';
const defaultExaminationChecks = (state: AgencyCaseState): CheckKind[] => (state.requiredChecks.length ? state.requiredChecks : ['documents']);

export function agencyCaseDecider(policy: AgencyPolicy): Decider<AgencyCaseState, AgencyCaseCommand, AgencyCaseEvent> {
  const releasesAutomatically = (state: AgencyCaseState) => (policy.releasesAutomatically ?? defaultReleasesAutomatically)(state);
  const examinationChecks = (state: AgencyCaseState) => orderedChecks((policy.examinationChecks ?? defaultExaminationChecks)(state));

  function decide(command: AgencyCaseCommand, state: AgencyCaseState): AgencyCaseEvent[] {
    const at = command.now.toISOString();
    switch (command.type) {
      case 'OpenCase': {
        if (command.agency !== policy.agency) {
          throw new DomainError('wrong-agency', `This is the ${policy.agency} case stream; a ${command.agency} case is opened in its own stream`);
        }
        if (state.status !== 'none') throw new DomainError('case-already-open', `The ${policy.agency} case for this declaration is already open`);
        return [{ type: 'CaseOpened', data: { agency: command.agency, declaration: command.declaration, routingReasons: command.routingReasons, arrived: command.arrived, openedAt: at } }];
      }

      case 'AssessRisk': {
        requireOpen(state, policy);
        // Assessed once; a case already decided has nothing left to assess.
        if (state.assessed || isFinal(state)) return [];
        const assessment = policy.assess(state.declaration, { draw: command.draw, randomSelection: command.randomSelection, alerts: command.alerts });
        const events: AgencyCaseEvent[] = [{
          type: 'RiskAssessed',
          data: {
            lane: assessment.lane, reasons: assessment.reasons, draw: assessment.draw,
            requiredChecks: orderedChecks(assessment.requiredChecks), priority: assessment.priority, assessedAt: at,
          },
        }];
        const duties = policy.assessDuties?.(state.declaration);
        if (duties && duties.amount > 0) {
          events.push({ type: 'DutiesAssessed', data: { amount: duties.amount, currency: 'CNY', customsValueCny: duties.customsValueCny, lines: duties.lines, assessedAt: at } });
        }
        if (assessment.hold && state.status !== 'held') {
          events.push({ type: 'CaseHeld', data: { reason: assessment.hold.reason, by: 'system', heldAt: at } });
        }
        return events;
      }

      case 'ConfirmArrival':
        requireOpen(state, policy);
        if (state.arrived || isFinal(state)) return [];
        return [{ type: 'ArrivalConfirmed', data: { arrivedAt: command.arrivedAt } }];

      case 'SettleDuties': {
        requireOpen(state, policy);
        if (state.status === 'rejected' || state.status === 'closed') return [];
        // Accepted before the assessment too (the payment may come first), and after release (a
        // guarantee later paid, 担保 then 缴税). Each payment or guarantee counts once, by reference;
        // part-payments add up.
        if (state.settlements.some((s) => s.how === command.how && s.reference === command.reference)) return [];
        return [{ type: 'DutiesSettled', data: { how: command.how, reference: command.reference, amount: command.amount, currency: command.currency, settledAt: at } }];
      }

      case 'CompleteExamination': {
        requireOpen(state, policy);
        if (state.status === 'rejected' || state.status === 'closed') return [];
        if (state.examination === command.result) return []; // the same outcome delivered twice
        if (state.examination !== 'requested') {
          throw new DomainError(
            state.examination === 'none' ? 'no-examination-requested' : 'examination-already-completed',
            state.examination === 'none'
              ? `No examination is requested for this ${policy.agency} case: an officer requests one with an "examine" decision`
              : `The examination already ${state.examination}: request a new examination before recording another result`,
          );
        }
        return [{ type: 'ExaminationCompleted', data: { result: command.result, completedAt: at } }];
      }

      case 'Decide':
        requireOpen(state, policy);
        return decideOfficer(command, state, at);

      case 'ReleaseIfReady': {
        if (state.status !== 'pending' && state.status !== 'examination') return [];
        if (!releasesAutomatically(state) || policy.releaseBlockers(state).length > 0) return [];
        const reason = state.examination === 'passed' ? 'the examination passed and every release condition holds' : 'green lane: every release condition holds';
        return [{ type: 'CaseReleased', data: { by: 'system', automatic: true, reason, releasedAt: at, ...conformityPending(state) } }];
      }

      case 'CloseCase':
        if (state.status === 'none' || isFinal(state)) return [];
        return [{ type: 'CaseClosed', data: { reason: command.reason, closedAt: at } }];

      case 'AssessConformity': {
        requireOpen(state, policy);
        if (state.conformity !== 'pending') {
          throw new DomainError('no-conformity-pending', state.conformity === 'none'
            ? `No conformity assessment is pending for this ${policy.agency} case: only goods released before their conformity result (先放后检) have one`
            : `The conformity result was already recorded (${state.conformity})`);
        }
        const assessed: AgencyCaseEvent = { type: 'ConformityAssessed', data: { result: command.result, by: command.officer, note: command.note, reference: command.reference, assessedAt: at } };
        if (command.result === 'conforming') return [assessed];
        // Non-conforming goods that already left the port: every agency and the declarant must act.
        return [assessed, { type: 'FollowUpRequired', data: { actions: ['recall', 'hold-on-sale'], reason: command.note ?? 'the conformity assessment found the goods non-conforming', requiredAt: at } }];
      }
    }
  }

  /** Releasing goods the policy lets leave before their conformity result leaves stage 2 pending. */
  function conformityPending(state: AgencyCaseState): { conformityPending?: true } {
    return state.declaration && policy.conditionalRelease?.(state.declaration) ? { conformityPending: true } : {};
  }

  function decideOfficer(command: Extract<AgencyCaseCommand, { type: 'Decide' }>, state: AgencyCaseState, at: string): AgencyCaseEvent[] {
    const { reason, officer: by } = command;
    switch (command.decision) {
      case 'release': {
        refuseWhen(state, ['released', 'rejected', 'closed'], 'release');
        // The officer's release is what lifts a hold; every other condition still applies.
        const blockers = policy.releaseBlockers(state).filter((blocker) => blocker !== 'held');
        if (blockers.length) {
          throw new DomainError('release-blocked', `Cannot release the ${policy.agency} case yet: ${describeBlockers(blockers, state)}`, { blockers });
        }
        return [{ type: 'CaseReleased', data: { by, automatic: false, reason, releasedAt: at, ...conformityPending(state) } }];
      }
      case 'hold':
        refuseWhen(state, ['released', 'rejected', 'closed'], 'hold');
        if (state.status === 'held') return [];
        return [{ type: 'CaseHeld', data: { reason, by, heldAt: at } }];
      case 'reject':
        refuseWhen(state, ['released', 'closed'], 'reject');
        if (state.status === 'rejected') return [];
        return [{ type: 'CaseRejected', data: { reason, by, rejectedAt: at } }];
      case 'examine':
        refuseWhen(state, ['released', 'rejected', 'closed'], 'request an examination');
        if (state.examination === 'requested') return []; // already under examination
        return [{ type: 'ExaminationRequested', data: { reason, by, checks: examinationChecks(state), requestedAt: at } }];
    }
  }

  return { initialState: initialAgencyCaseState, evolve: evolveAgencyCase, decide };
}
