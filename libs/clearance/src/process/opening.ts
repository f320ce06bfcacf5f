import { AgencyCases, type AgencyCaseCommand } from '@sw/agency-case';
import { declarationDecider, routeDeclaration, type DeclarationState, type Routing } from '@sw/declaration';
import {
  DeciderRepository, DomainError, DuplicateEventIdError, WrongExpectedRevisionError, fold,
  type CommandContext, type Decided, type DomainEvent, type RecordedEvent,
} from '@sw/event-store';
import type { AppConfig } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { caseStream, declarationStream, type ActiveAlert, type Agency, type CaseDeclaration } from '@sw/shipment';
import { reverseLicenseWriteOffs, writeOffLicensesForRelease } from '../licences/write-off-on-release';
import type { Shipment } from './reactions';

/** What a command answers: the event it reacts to (its id is the causation, and seeds the new events' ids). */
export type Cause = Pick<RecordedEvent, 'id'>;
/** Whether release waits for a manifest (舱单): undefined when none is needed. */
export type ManifestNeed = 'missing' | 'on-manifest';
type KnownDeclaration = { state: DeclarationState; revision: number };
type ContextFor = (cause: Cause, declarationId: string, target: string) => CommandContext;
/** A new shipment's row, and the ids its writes followed up (remembered once the row is stored). */
export type OpenedShipment = Shipment & { followedUp: string[] };

/**
 * Opening a shipment (the open-cases action) and releasing it (一次放行): the two actions of the
 * clearance process that write to several streams. On the green lane each case releases itself
 * in its opening write and, when all of them did, the declaration is released in the same go.
 */
export class ShipmentOpening {
  constructor(
    private readonly repository: DeciderRepository,
    private readonly cases: AgencyCases,
    private readonly config: Pick<AppConfig, 'riskRandomSelection'>,
    private readonly context: ContextFor,
    private readonly remember: (eventId: string) => void,
  ) {}

  /**
   * Opens the routed agencies' cases: all in one write when it can be (openAtOnce); else the cases
   * side by side, then the release. Returns the shipment's row, with the ids its writes followed up.
   */
  async open(cause: RecordedEvent, declarationId: string, snapshot: CaseDeclaration, arrived: boolean, following: RecordedEvent[], alerts: () => Promise<ActiveAlert[]>, manifest?: ManifestNeed): Promise<OpenedShipment> {
    const { routing, known } = await this.routing(cause, declarationId, following);
    const activeAlerts = await alerts();
    const atOnce = known ? await this.openAtOnce(cause, routing, declarationId, snapshot, arrived, known, activeAlerts, manifest) : null;
    const releasedBy = atOnce?.releasedBy ?? await Promise.all(routing.agencies.map((agency) =>
      this.openCase(cause, agency, declarationId, snapshot, routing.reasons[agency] ?? [], arrived, activeAlerts, manifest)));
    const released = routing.agencies.filter((_, index) => releasedBy[index]);
    // Caused by the last of the cases' releases, as when a CaseReleased event completes the set.
    const lastCaseReleased = releasedBy.at(-1);
    const declarationReleased = atOnce && atOnce.declarationReleased !== undefined ? atOnce.declarationReleased
      : lastCaseReleased && released.length === routing.agencies.length ? await this.release({ id: lastCaseReleased }, declarationId, routing.agencies, known) : null;
    return {
      declarationId, billOfLading: snapshot.transport.billOfLading?.toUpperCase() ?? null, agencies: routing.agencies, released,
      status: declarationReleased ? 'released' : 'open', declaration: snapshot,
      followedUp: [...releasedBy, declarationReleased].filter((id): id is string => !!id),
    };
  }

  /**
   * 一次放行, with 核销 for goods that need licences: released only once their verification is
   * recorded, and only after the declared quantities are written off the licences (first, so that
   * a declaration that loses the race for a licence's last balance is held, not released). A
   * declaration withdrawn or rejected between the write-off and the release gets its quantities back.
   * Returns the id of its DeclarationReleased event when this call released it.
   */
  async release(cause: Cause, declarationId: string, agencies: Agency[], known?: KnownDeclaration): Promise<string | null> {
    const stream = declarationStream(declarationId);
    const { state, revision } = known ?? await this.repository.load(stream, declarationDecider);
    if (state.lifecycle !== 'submitted') return null;
    const contextFor = (target: string) => this.context(cause, declarationId, target);
    const licenses = await writeOffLicensesForRelease(this.repository, declarationId, state, contextFor);
    if (licenses.outcome === 'refused') {
      await this.tolerate(() => this.repository.handle(stream, declarationDecider,
        { type: 'RecordLicenseWriteOffFailure', reason: licenses.reason, problems: licenses.problems, now: contextFor(stream).now }, contextFor(stream)));
      return null;
    }
    if (licenses.outcome !== 'not-required' && licenses.outcome !== 'written-off') return null; // awaiting verification, or held
    const context = contextFor(stream);
    let lifecycle = 'released';
    let releasedId: string | null = null;
    try {
      // Decided on the state in hand, unless the licences' write-off wrote to the declaration meanwhile.
      const handled = await this.repository.handle(stream, declarationDecider, { type: 'Release', agencies, now: context.now }, context,
        { known: licenses.outcome === 'not-required' ? { state, revision } : undefined });
      lifecycle = handled.state.lifecycle;
      releasedId = handled.events[0]?.type === 'DeclarationReleased' ? handled.eventIds[0]! : null;
    } catch (error) {
      if (!(error instanceof DuplicateEventIdError)) throw error; // released before a restart
    }
    if (licenses.outcome === 'written-off' && lifecycle !== 'released' && lifecycle !== 'exited') {
      await reverseLicenseWriteOffs(this.repository, declarationId, state.licenses!.checks, `declaration ${lifecycle} before its release`, contextFor);
    }
    return releasedId;
  }

  /**
   * The routing recorded with the submission (the next event of its write, normally in the same
   * batch) and the declaration as this batch holds it. A declaration submitted before routing was
   * part of the submission is routed here; so is one whose routing falls in the next batch (the
   * decider appends nothing when it is routed already, and the state read says how).
   */
  private async routing(submitted: RecordedEvent, declarationId: string, following: RecordedEvent[]): Promise<{ routing: Routing; known?: KnownDeclaration }> {
    const stream = [submitted];
    for (const next of following) {
      if (next.streamId !== submitted.streamId) continue;
      if (next.revision !== stream.at(-1)!.revision + 1) break;
      stream.push(next);
    }
    const known: KnownDeclaration | undefined = submitted.revision === 0 ? { state: fold(declarationDecider, stream as never), revision: stream.at(-1)!.revision } : undefined;
    if (known?.state.routing) return { routing: known.state.routing, known };
    const declaration = (submitted.data as { declaration: CaseDeclaration }).declaration;
    const computed = routeDeclaration(declaration, referenceData());
    const streamId = declarationStream(declarationId);
    const context = this.context(submitted, declarationId, streamId);
    let state: DeclarationState;
    try {
      state = (await this.repository.handle(streamId, declarationDecider, { type: 'Route', ...computed, now: context.now }, context, { known })).state;
    } catch (error) {
      if (!(error instanceof DuplicateEventIdError)) throw error; // routed before a restart
      state = (await this.repository.load(streamId, declarationDecider)).state;
    }
    return { routing: state.routing ?? computed };
  }

  /**
   * Opens an agency's case, assesses its risk and, when nothing holds it (绿色通道), releases it:
   * one write. Returns the id of its CaseReleased event when it released, else null. What the
   * assessment asks for besides (an examination) is done when its RiskAssessed event comes back.
   */
  private async openCase(cause: RecordedEvent, agency: Agency, declarationId: string, declaration: CaseDeclaration, routingReasons: string[], arrived: boolean, alerts: ActiveAlert[], manifest?: ManifestNeed): Promise<string | null> {
    const context = this.context(cause, declarationId, caseStream(agency, declarationId));
    let releasedId: string | null = null;
    await this.tolerate(async () => {
      const handled = await this.cases.handleAll(agency, declarationId, this.openingCommands(agency, declaration, routingReasons, arrived, alerts, context.now, manifest),
        context, { newStream: true }); // opened once: if it exists (handled before a restart), the append says so
      this.rememberOpening(handled.events, handled.eventIds);
      const released = handled.events.findIndex((event) => event.type === 'CaseReleased');
      releasedId = released < 0 ? null : handled.eventIds[released]!;
    });
    return releasedId;
  }

  /**
   * openCase for every routed agency and, when all of them released and no licence is involved,
   * the declaration's release, decided on what the batch holds and appended in one go
   * (EventStore.appendMany: one round trip and one commit on PostgreSQL, where it took three
   * one after the other). declarationReleased is undefined when the release was not part of it.
   * Null when anything was refused (a command, or an append: streams written before a restart):
   * the caller then goes the one-by-one way, which takes up whatever was done.
   */
  private async openAtOnce(cause: RecordedEvent, routing: Routing, declarationId: string, declaration: CaseDeclaration, arrived: boolean, known: KnownDeclaration, alerts: ActiveAlert[], manifest?: ManifestNeed):
    Promise<{ releasedBy: (string | null)[]; declarationReleased: string | null | undefined } | null> {
    try {
      const decided: Decided<unknown, DomainEvent>[] = await Promise.all(routing.agencies.map((agency) => {
        const context = this.context(cause, declarationId, caseStream(agency, declarationId));
        return this.cases.decideAll(agency, declarationId, this.openingCommands(agency, declaration, routing.reasons[agency] ?? [], arrived, alerts, context.now, manifest),
          context, { newStream: true });
      }));
      const releasedBy = decided.map((d) => d.toAppend.find((e) => e.type === 'CaseReleased')?.id ?? null);
      let declarationReleased: string | null | undefined;
      const lastCaseReleased = releasedBy.at(-1);
      if (lastCaseReleased && releasedBy.every(Boolean) && known.state.lifecycle === 'submitted' && !known.state.licenses) {
        const stream = declarationStream(declarationId);
        const context = this.context({ id: lastCaseReleased }, declarationId, stream);
        const licenses = await writeOffLicensesForRelease(this.repository, declarationId, known.state, (target) => this.context({ id: lastCaseReleased }, declarationId, target));
        if (licenses.outcome === 'not-required') {
          const release = await this.repository.decideAll(stream, declarationDecider, [{ type: 'Release', agencies: routing.agencies, now: context.now }], context, { known });
          decided.push(release);
          declarationReleased = release.toAppend[0]?.type === 'DeclarationReleased' ? release.toAppend[0].id! : null;
        }
      }
      const handled = await this.repository.appendDecided(decided);
      for (const written of handled.slice(0, routing.agencies.length)) this.rememberOpening(written.events, written.eventIds);
      return { releasedBy, declarationReleased };
    } catch (error) {
      if (error instanceof DomainError || error instanceof DuplicateEventIdError || error instanceof WrongExpectedRevisionError) return null;
      throw error;
    }
  }

  /** A case's opening write: opened, assessed and, when nothing holds it (绿色通道), released. */
  private openingCommands(agency: Agency, declaration: CaseDeclaration, routingReasons: string[], arrived: boolean, alerts: ActiveAlert[], now: Date, manifest?: ManifestNeed): AgencyCaseCommand[] {
    return [
      // 舱单 is customs' to check: only its case waits for the manifest.
      { type: 'OpenCase', agency, declaration, routingReasons, arrived, ...(agency === 'customs' && manifest ? { manifest } : {}), now },
      { type: 'AssessRisk', draw: Math.random(), randomSelection: this.config.riskRandomSelection, alerts, now },
      { type: 'ReleaseIfReady', now },
    ];
  }

  /** What a case's opening write followed up itself: those events need nothing when they come back. */
  private rememberOpening(events: DomainEvent[], eventIds: string[]): void {
    // 汇总征税: a consolidated declaration's assessed duties are drawn on its guarantee when they come back.
    const consolidated = events.some((event) => event.type === 'CaseOpened' && (event.data as { declaration: CaseDeclaration }).declaration.settlement === 'consolidated');
    events.forEach((event, index) => {
      const examination = event.type === 'RiskAssessed' && (event.data as { lane: string }).lane === 'examination';
      const duties = event.type === 'DutiesAssessed' && !consolidated;
      if (event.type === 'CaseOpened' || duties || (event.type === 'RiskAssessed' && !examination)) this.remember(eventIds[index]!);
    });
  }

  /** A business refusal is an answer, not a failure; an append already made before a restart is done. */
  private async tolerate(action: () => Promise<unknown>): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (error instanceof DomainError || error instanceof DuplicateEventIdError) return;
      throw error;
    }
  }
}
