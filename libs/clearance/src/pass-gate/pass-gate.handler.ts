import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyCases } from '@sw/agency-case';
import { DECLARATIONS_BY_TRANSPORT, declarationDecider, type DeclarationsByTransport, type DeclarationState } from '@sw/declaration';
import { DeciderRepository } from '@sw/event-store';
import { conveyanceRegisterDecider, crossingDecider, type CrossingState } from '@sw/manifest';
import type { Message } from '@sw/messages';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { conveyanceStream, crossingStream, declarationStream, normalizeConveyance } from '@sw/shipment';
import { PassGate, type CrossingAtGate, type DeclarationAtGate, type GatePass } from './pass-gate.command';

const MAY_LEAVE = new Set(['released', 'exited']);

/**
 * 卡口验放. With a crossing declared for the conveyance (运输工具申报), the gate opens when the
 * crossing is cleared and every declaration on it is released; an empty truck opens on a cleared
 * crossing. Without one (v1), it opens when every declaration awaiting exit on the conveyance is
 * released. Plates compare normalized. The exits are recorded once (each decider refuses a second).
 */
@CommandHandler(PassGate)
export class PassGateHandler implements ICommandHandler<PassGate, GatePass> {
  constructor(
    private readonly repository: DeciderRepository,
    private readonly cases: AgencyCases,
    @Inject(DECLARATIONS_BY_TRANSPORT) private readonly declarations: DeclarationsByTransport,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ conveyance, portOfEntry, principal }: PassGate): Promise<GatePass> {
    const crossing = await this.crossing(portOfEntry, conveyance);
    const crossingView: CrossingAtGate | null = crossing ? { id: crossing.crossing!.crossingId, status: crossing.status, empty: crossing.crossing!.empty } : null;
    const candidates = crossing ? crossing.crossing!.declarations : await this.declarations.awaitingExit(conveyance, portOfEntry);
    // The read model finds the candidates; each declaration's own stream says whether it is released.
    const loaded = await Promise.all(candidates.map(async (id) => ({ id, state: (await this.repository.load(declarationStream(id), declarationDecider)).state })));
    // Without a crossing, a declaration its stream says has exited no longer awaits exit, even while the
    // read model still lags behind that exit: the gate never opens twice for it.
    const states = crossing ? loaded : loaded.filter(({ state }) => state.lifecycle !== 'exited');
    const ids = states.map(({ id }) => id);
    if (!crossing && ids.length === 0) {
      return {
        open: false, reasons: [`no declaration awaits exit for ${conveyance} at ${portOfEntry}, and no crossing is declared for it`],
        reasonMessages: [{ code: 'gate.nothing-awaits-exit', params: { conveyance, portOfEntry } }], states: [], crossing: null,
      };
    }
    const atGate = await Promise.all(states.map(({ id, state }) => this.atGate(id, state)));
    const reasons = [
      ...(crossing && crossing.status !== 'cleared' ? [`crossing ${crossingView!.id} is ${crossing.status}${crossing.status === 'declared' ? ' (border check has not assessed it yet)' : ''}: the gate opens on a cleared crossing`] : []),
      ...atGate.filter((d) => d.blockers.length).map((d) => `declaration ${d.id} is not released (${d.status}): ${d.blockers.join(', ')}`),
    ];
    const reasonMessages: Message[] = [
      ...(crossing && crossing.status !== 'cleared' ? [{ code: crossing.status === 'declared' ? 'gate.crossing-not-assessed' : 'gate.crossing-not-cleared', params: { crossing: crossingView!.id, status: crossing.status } }] : []),
      ...atGate.filter((d) => d.blockers.length).map((d) => ({
        code: 'gate.declaration-not-released',
        params: { declaration: d.id, status: d.status, blockers: d.blockers.map((b) => b.slice(b.indexOf(':') + 1)), agencies: [...new Set(d.blockers.filter((b) => b.includes(':')).map((b) => b.split(':')[0]))] },
      })),
    ];
    if (reasons.length) return { open: false, reasons, reasonMessages, states: atGate, crossing: crossingView };
    for (const { id } of states) {
      const context = commandContext(principal, { correlationId: id, clock: this.clock });
      await this.repository.handle(declarationStream(id), declarationDecider, { type: 'RecordExit', conveyance, portOfEntry, now: context.now }, context);
    }
    if (crossing) {
      const stream = crossingStream(crossingView!.id);
      const context = commandContext(principal, { correlationId: stream, clock: this.clock });
      const exited = await this.repository.handle(stream, crossingDecider, { type: 'RecordCrossingExit', by: principal.subject, now: context.now }, context);
      crossingView!.status = exited.state.status;
    }
    return { open: true, declarations: ids, states: atGate.map((d) => ({ ...d, status: 'exited' })), crossing: crossingView };
  }

  /** The conveyance's latest crossing at the port, unless it is over (exited or refused: the gate then decides as in v1). */
  private async crossing(portOfEntry: string, conveyance: string): Promise<CrossingState | null> {
    const { state: register } = await this.repository.load(conveyanceStream(portOfEntry, normalizeConveyance(conveyance)), conveyanceRegisterDecider);
    if (!register.latest) return null;
    const { state } = await this.repository.load(crossingStream(register.latest), crossingDecider);
    return state.status === 'exited' || state.status === 'refused' || state.status === 'none' ? null : state;
  }

  /** What still blocks a declaration, in codes the console translates: its routed agencies' release blockers. */
  private async atGate(id: string, state: DeclarationState): Promise<DeclarationAtGate> {
    if (MAY_LEAVE.has(state.lifecycle)) return { id, status: state.lifecycle, blockers: [] };
    if (state.lifecycle !== 'submitted') return { id, status: state.lifecycle, blockers: [state.lifecycle === 'none' ? 'unknown-declaration' : `declaration-${state.lifecycle}`] };
    const agencies = state.routing?.agencies ?? [];
    const blockers = (await Promise.all(agencies.map(async (agency) => {
      const { state: caseState } = await this.cases.load(agency, id);
      if (caseState.status === 'released') return [];
      const own = caseState.status === 'none' ? ['not-assessed'] : this.cases.policies[agency].releaseBlockers(caseState);
      return (own.length ? own : ['awaiting-officer']).map((blocker) => `${agency}:${blocker}`);
    }))).flat();
    return { id, status: state.lifecycle, blockers: blockers.length ? blockers : ['not-released'] };
  }
}
