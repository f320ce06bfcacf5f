import { DomainError, type Decider } from '@sw/event-store';
import { orderedChecks, type CaseDeclaration, type CheckKind } from '@sw/shipment';
import type { AgencyCaseCommand, AgencyCaseEvent } from './agency-case.events';
import { RELEASE_BLOCKERS, type AgencyPolicy } from './agency-policy';
import { evolveAgencyCase, initialAgencyCaseState, type AgencyCaseState } from './agency-case.state';
import { chargeLateFees, lateFeesCny } from './late-fee-charges';
import { assessFinal, GUARANTEE_DRAW, paidCny, refundable, type RefundReason } from './final-assessment';

const FINAL: ReadonlySet<AgencyCaseState['status']> = new Set(['released', 'rejected', 'closed']);
const isFinal = (state: AgencyCaseState) => FINAL.has(state.status);

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
        return `duties of ${state.duties.amount.toFixed(2)} ${state.duties.currency} are not settled: release waits for a payment or guarantee (担保) its bank has confirmed`;
      }
      if (blocker === 'examination-pending' && state.requiredChecks.length) {
        return `the required examination (${state.requiredChecks.join(', ')}) is not done yet: record the examination findings first`;
      }
      return (RELEASE_BLOCKERS as Record<string, string>)[blocker] ?? blocker;
    })
    .join('; ');
}

/** What was paid for goods that will not be cleared is paid back. */
const refundsOfEverything = (state: AgencyCaseState, reason: RefundReason, at: string) => state.settlements
  .filter((s) => s.how === 'paid' && typeof s.amountCny === 'number' && !s.reference.startsWith(GUARANTEE_DRAW) && s.amountCny - s.refundableCny >= 0.01)
  .map((s) => refundable(s.reference, s.amountCny! - s.refundableCny, reason, at));

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
        return [{ type: 'CaseOpened', data: { agency: command.agency, declaration: command.declaration, routingReasons: command.routingReasons, arrived: command.arrived, ...(command.manifest ? { manifest: command.manifest } : {}), openedAt: at } }];
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
        events.push(...assessDuties(state, at));
        if (assessment.hold && state.status !== 'held') {
          events.push({ type: 'CaseHeld', data: { reason: assessment.hold.reason, by: 'system', heldAt: at, ...(assessment.hold.alertId ? { alertId: assessment.hold.alertId } : {}) } });
        }
        return [...events, ...chargeLateFees(policy, state, events, command.now)];
      }

      case 'ConfirmArrival':
        requireOpen(state, policy);
        if (state.arrived || isFinal(state)) return [];
        {
          const confirmed: AgencyCaseEvent[] = [{ type: 'ArrivalConfirmed', data: { arrivedAt: command.arrivedAt } }];
          return [...confirmed, ...chargeLateFees(policy, state, confirmed, command.now)];
        }

      case 'ConfirmManifest':
        requireOpen(state, policy);
        if (state.manifest !== 'missing' || isFinal(state)) return [];
        return [{ type: 'ManifestConfirmed', data: { manifestId: command.manifestId, confirmedAt: at } }];

      case 'SettleDuties': {
        requireOpen(state, policy);
        // Accepted before the assessment too (the payment may come first), and after release (a
        // guarantee later paid, 担保 then 缴税). Each payment or guarantee counts once, by reference;
        // part-payments add up. Money confirmed on a closed or rejected case is all refundable.
        if (state.settlements.some((s) => s.how === command.how && s.reference === command.reference)) return [];
        const amountCny = command.currency === 'CNY' ? command.amount : policy.toCny?.(command.amount, command.currency) ?? null;
        const settled: AgencyCaseEvent = { type: 'DutiesSettled', data: { how: command.how, reference: command.reference, amount: command.amount, currency: command.currency, amountCny, settledAt: at } };
        if (command.how !== 'paid' || amountCny === null) return [settled];
        const ended = state.status === 'rejected' || state.status === 'closed';
        if (ended) return amountCny >= 0.01 ? [settled, refundable(command.reference, amountCny, 'case-closed', at)] : [settled];
        // What is owed: the duties and the late fees charged (滞报金, 滞纳金), the 滞纳金 this payment ends included.
        const fees = chargeLateFees(policy, state, [settled], command.now);
        const owed = state.duties ? state.duties.amount + lateFeesCny(state) + fees.reduce((sum, f) => sum + (f.type === 'LateFeeCharged' ? f.data.amount : 0), 0) : null;
        const excess = owed === null ? 0 : Math.min(amountCny, paidCny(state) + amountCny - owed);
        return excess >= 0.01 ? [settled, ...fees, refundable(command.reference, excess, 'over-payment', at)] : [settled, ...fees];
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
        const passed = state.examination === 'passed';
        const reason = passed ? 'the examination passed and every release condition holds' : 'green lane: every release condition holds';
        const code = passed ? 'decision.release.examination-passed' : 'decision.release.green-lane';
        return [{ type: 'CaseReleased', data: { by: 'system', automatic: true, reason, code, releasedAt: at, ...conformityPending(state) } }];
      }

      case 'CloseCase': {
        if (state.status === 'none' || isFinal(state)) return [];
        return [{ type: 'CaseClosed', data: { reason: command.reason, closedAt: at } }, ...refundsOfEverything(state, 'case-closed', at)];
      }

      case 'Revise': {
        requireOpen(state, policy);
        if (state.status === 'rejected' || state.status === 'closed') return [];
        const revised: AgencyCaseEvent = { type: 'CaseRevised', data: { declaration: command.declaration, afterRelease: command.afterRelease, reason: command.reason, revisedAt: at } };
        // After release only the duties are assessed again (补税 / 退税); before, the process assesses risk and duties (AssessRisk).
        return command.afterRelease ? [revised, ...assessDuties(evolveAgencyCase(state, revised), at)] : [revised];
      }

      case 'CloseOnRejection': {
        // Rejected by another agency: the goods are not cleared, whatever this case decided.
        if (state.status === 'none' || state.status === 'closed' || state.status === 'rejected' || command.agency === policy.agency) return [];
        const refunds = refundsOfEverything(state, 'declaration-rejected', at);
        if (state.status === 'released') return refunds;
        return [{ type: 'CaseClosed', data: { reason: `declaration rejected by ${command.agency}: ${command.reason}`, closedAt: at } }, ...refunds];
      }

      case 'AssessFinalDuties':
        requireOpen(state, policy);
        if (state.final || !policy.assessDuties || state.status === 'rejected' || state.status === 'closed') return [];
        return assessFinal(policy, state, command, at);

      case 'RecordGuaranteeUnavailable':
        requireOpen(state, policy);
        if (state.guaranteeUnavailable?.code === command.code || isFinal(state)) return [];
        return [{ type: 'GuaranteeUnavailable', data: { code: command.code, reason: command.reason, at } }];

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
        const reason = command.note ? { reason: command.note } : { reason: 'the conformity assessment found the goods non-conforming', code: 'decision.follow-up.non-conforming' };
        return [assessed, { type: 'FollowUpRequired', data: { actions: ['recall', 'hold-on-sale'], ...reason, requiredAt: at } }];
      }
    }
  }

  /**
   * The duties on the declaration as the case has it; a case assessed before (revised) is assessed
   * again even down to nothing, and what was paid beyond the new amount is refundable (退税).
   */
  function assessDuties(state: AgencyCaseState, at: string): AgencyCaseEvent[] {
    // A complete declaration assessed first (two-step) has the final word on duties.
    if (!state.declaration || state.final) return [];
    const duties = policy.assessDuties?.(state.declaration, state.declaration.declaredAt ?? at);
    if (!duties || (duties.amount <= 0 && !state.duties)) return [];
    if (state.duties && Math.abs(state.duties.amount - duties.amount) < 0.005) return [];
    const assessed: AgencyCaseEvent = { type: 'DutiesAssessed', data: { amount: duties.amount, currency: 'CNY', customsValueCny: duties.customsValueCny, lines: duties.lines, assessedAt: at } };
    let excess = paidCny(state) - duties.amount;
    const refunds: AgencyCaseEvent[] = [];
    for (const s of [...state.settlements].reverse()) {
      if (excess < 0.01) break;
      const available = s.how === 'paid' && typeof s.amountCny === 'number' ? s.amountCny - s.refundableCny : 0;
      if (available < 0.01) continue;
      const amount = Math.min(available, excess);
      refunds.push(refundable(s.reference, amount, 'over-payment', at));
      excess -= amount;
    }
    return [assessed, ...refunds];
  }

  /** Releasing goods the policy lets leave before their conformity result leaves stage 2 pending. */
  function conformityPending(state: AgencyCaseState): { conformityPending?: true } {
    return state.declaration && policy.conditionalRelease?.(state.declaration) ? { conformityPending: true } : {};
  }

  function decideOfficer(command: Extract<AgencyCaseCommand, { type: 'Decide' }>, state: AgencyCaseState, at: string): AgencyCaseEvent[] {
    const { reason, officer: by } = command;
    const alert = command.alertId ? { alertId: command.alertId } : {};
    switch (command.decision) {
      case 'release': {
        refuseWhen(state, ['released', 'rejected', 'closed'], 'release');
        // The officer's release is what lifts a hold; every other condition still applies.
        const blockers = policy.releaseBlockers(state).filter((blocker) => blocker !== 'held');
        if (blockers.length) {
          throw new DomainError('release-blocked', `Cannot release the ${policy.agency} case yet: ${describeBlockers(blockers, state)}`, { blockers }, { agency: policy.agency, blockers });
        }
        return [{ type: 'CaseReleased', data: { by, automatic: false, reason, releasedAt: at, ...conformityPending(state) } }];
      }
      case 'hold':
        refuseWhen(state, ['released', 'rejected', 'closed'], 'hold');
        if (state.status === 'held') return [];
        return [{ type: 'CaseHeld', data: { reason, by, heldAt: at, ...alert, ...(command.code ? { code: command.code, params: command.params ?? {} } : {}) } }];
      case 'reject':
        refuseWhen(state, ['released', 'closed'], 'reject');
        if (state.status === 'rejected') return [];
        // Goods refused entry are not cleared: what was paid for them is paid back.
        return [{ type: 'CaseRejected', data: { reason, by, rejectedAt: at } }, ...refundsOfEverything(state, 'declaration-rejected', at)];
      case 'examine':
        refuseWhen(state, ['released', 'rejected', 'closed'], 'request an examination');
        if (state.examination === 'requested') return []; // already under examination
        // 复验: an examination already completed gets a further round.
        const again = state.examination === 'passed' || state.examination === 'failed' ? { again: true } : {};
        return [{ type: 'ExaminationRequested', data: { reason, by, checks: examinationChecks(state), requestedAt: at, ...alert, ...again } }];
    }
  }

  return { initialState: initialAgencyCaseState, evolve: evolveAgencyCase, decide };
}
