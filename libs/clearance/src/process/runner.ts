import { Inject, Injectable, Logger } from '@nestjs/common';
import { AgencyCases, type AgencyCaseCommand } from '@sw/agency-case';
import { declarationDecider, type DeclarationCommand } from '@sw/declaration';
import {
  DeciderRepository, DomainError, DuplicateEventIdError, EventSubscriber, type CommandContext, type RecordedEvent, type Subscriber,
} from '@sw/event-store';
import { jointExaminationDecider } from '@sw/examination';
import { generalGuaranteeDecider, instructionDecider, type InstructionCommand } from '@sw/money';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@sw/platform';
import { crossingDecider, manifestDecider, manifestRequired, type CrossingCommand, type ManifestCommand } from '@sw/manifest';
import { referenceData } from '@sw/reference-data';
import { arrivalMatches, caseStream, crossingStream, declarationStream, examinationStream, guaranteeStream, instructionStream, legacyInstructionStream, manifestStream, type ActiveAlert } from '@sw/shipment';
import { BorderPostTables } from './border-post.tables';
import { ClearanceTables } from './clearance.tables';
import { ShipmentOpening, type Cause } from './opening';
import { NEEDS_DECLARATION, NEEDS_SHIPMENT, react, type Action, type ReactionInput, type Shipment } from './reactions';

/** Shipments of a batch handled at once (each needs a few event-store round trips per event). */
const SHIPMENTS_IN_PARALLEL = 16;
/** Events whose follow-ups were done when they were appended (see ShipmentOpening), remembered for a while. */
const FOLLOWED_UP_MEMORY = 50_000;
/** What a submission's own write holds besides it: handling them needs no clearance_shipments row. */
const SUBMISSION_WRITE = new Set(['DeclarationRouted', 'CompleteDeclarationScheduled']);

/** An arrival (every shipment on its bill of lading) or an alert (every open shipment it matches). */
const crossesShipments = (event: RecordedEvent) => event.streamId.startsWith('arrival-') || event.streamId.startsWith('alert-') || event.streamId.startsWith('manifest-')
  // 一次查验 of a truck: findings recognized in the examinations of the other declarations on board.
  || (event.type === 'FindingsRecorded' && event.streamId.startsWith('examination-'));

/**
 * The runner of the clearance process: reads what each event's reaction needs (reactions.ts),
 * carries its actions out and batches the work. Its tables are written outside the batch's
 * transaction, each statement on its own: a transaction open while the batch's commands append
 * would hide every event appended meanwhile from every subscriber until it ended (readers stop
 * at the oldest open transaction). Every write is idempotent, and the commands carry event ids
 * derived from the event they answer, so a batch handled again after a crash appends nothing new.
 */
@Injectable()
@EventSubscriber()
export class ClearanceProcess implements Subscriber {
  readonly name = 'clearance-process';
  readonly filter = { streamPrefixes: ['declaration-', 'customs-', 'inspection-', 'border-', 'arrival-', 'examination-', 'alert-', 'instruction-', 'guarantee-', 'manifest-', 'crossing-'] };
  /**
   * Most of what it reads is its own writes coming back (7 of a green lane's 9 events), skipped
   * at once: a batch of 100 held about a dozen submissions, and under load the process fell
   * behind one short batch at a time. 500 events keep it up. (32 shipments at once instead of 16
   * carried a little more, but their bursts held the event loop: submit p99 rose to 90-107 ms.)
   */
  readonly batchSize = 500;
  private readonly logger = new Logger('ClearanceProcess');
  /** The active alerts, read once per run of shipments (alert events are handled alone, between runs). */
  private alerts: Promise<ActiveAlert[]> | null = null;
  /**
   * Ids of events this process appended together with their follow-up (a case opened, assessed
   * and, on the green lane, released in one write): when they come back, there is nothing to do.
   * Forgotten on restart, which only costs a read that decides nothing.
   */
  private readonly followedUp = new Set<string>();
  /** New shipments' rows of the segment being handled, stored together at its end (see handleSegment). */
  private pendingRows: Map<string, Shipment> | null = null;
  private readonly opening: ShipmentOpening;

  constructor(
    private readonly repository: DeciderRepository,
    private readonly cases: AgencyCases,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processTables: ClearanceTables,
    private readonly borderPost: BorderPostTables,
  ) {
    this.opening = new ShipmentOpening(repository, cases, config, (cause, declarationId, target) => this.context(cause, declarationId, target), (id) => this.remember(id));
  }

  /**
   * A batch's shipments are handled side by side (each shipment's events in order), so their
   * commands' round trips and commits overlap. Arrivals and alerts reach across shipments: each
   * is handled alone, after everything before it and before anything after it.
   */
  async handle(events: RecordedEvent[]): Promise<void> {
    try {
      let segment: RecordedEvent[] = [];
      for (const event of events) {
        if (!crossesShipments(event)) {
          segment.push(event);
          continue;
        }
        await this.handleSegment(segment);
        segment = [];
        this.alerts = null;
        await this.on(event);
        this.alerts = null;
      }
      await this.handleSegment(segment);
    } finally {
      // Never carried into the next batch, above all not a failed read: the retry would fail
      // with it again and again (a database outage stalled the process until an alert came).
      this.alerts = null;
    }
  }

  private async handleSegment(events: RecordedEvent[]): Promise<void> {
    const byShipment = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const key = event.metadata.correlationId;
      byShipment.set(key, [...(byShipment.get(key) ?? []), event]);
    }
    const queue = [...byShipment.values()];
    let failure: unknown = null;
    // A new shipment's row is stored with the segment's others, in one statement at its end,
    // unless a later event of that shipment in the segment needs it first.
    const rows = new Map<string, Shipment>();
    const worker = async () => {
      for (let shipment = queue.shift(); shipment && !failure; shipment = queue.shift()) {
        try {
          for (let i = 0; i < shipment.length; i++) {
            const event = shipment[i]!;
            const row = rows.get(event.metadata.correlationId);
            if (row && !SUBMISSION_WRITE.has(event.type)) {
              rows.delete(row.declarationId);
              await this.storeShipments([row]);
            }
            await this.on(event, shipment.slice(i + 1));
          }
        } catch (error) {
          failure ??= error;
        }
      }
    };
    this.pendingRows = rows;
    try {
      // Every worker ends before the batch's transaction commits or rolls back.
      await Promise.all(Array.from({ length: Math.min(SHIPMENTS_IN_PARALLEL, queue.length) }, worker));
    } finally {
      this.pendingRows = null;
    }
    if (failure) throw failure;
    await this.storeShipments([...rows.values()]);
  }

  /**
   * Stores new shipments' rows (insert-if-absent), then remembers what their writes followed up:
   * if anything before failed, the batch is handled again, finds those writes done (their ids
   * exist) and leaves their events to come back and be handled one by one.
   */
  private async storeShipments(rows: (Shipment & { followedUp?: string[] })[]): Promise<void> {
    if (rows.length === 0) return;
    await this.processTables.insertShipments(rows);
    for (const row of rows) for (const id of row.followedUp ?? []) this.remember(id);
  }

  /** following: the shipment's events after this one in the batch (what the submission's write recorded with it). */
  private async on(event: RecordedEvent, following: RecordedEvent[] = []): Promise<void> {
    if (this.followedUp.delete(event.id)) return; // done in the write that appended it
    const actions = react(event, await this.inputFor(event));
    for (const action of actions) await this.carryOut(action, event, following);
  }

  /** What the event's reaction needs to know, read from the process's tables. */
  private async inputFor(event: RecordedEvent): Promise<ReactionInput> {
    const data = event.data as {
      billOfLading?: string; arrivedAt?: string | null; billsOfLading?: { number: string }[]; added?: string[];
      declaration?: { direction: string; portOfEntry: string; transport: { mode: string; billOfLading?: string; conveyance: string } };
    };
    if (event.type === 'ArrivalReported') return { reached: await this.processTables.openShipmentsOnBill(data.billOfLading!), manifests: await this.borderPost.manifestsOfBill(data.billOfLading!) };
    if (event.type === 'FindingsRecorded') return { crossings: await this.borderPost.openCrossingsCarrying(event.metadata.correlationId) };
    if (event.type === 'AlertRaised') return { reached: await this.processTables.openShipments(), crossings: await this.borderPost.openCrossings() };
    if (event.type === 'ManifestFiled' || event.type === 'ManifestAmended') {
      const bills = event.type === 'ManifestFiled' ? data.billsOfLading!.map((b) => b.number) : data.added!;
      return { reached: (await Promise.all(bills.map((bill) => this.processTables.openShipmentsOnBill(bill)))).flat() };
    }
    if (event.type === 'DeclarationSubmitted') {
      const { declaration } = data;
      const bill = declaration!.transport.billOfLading?.toUpperCase();
      // No 提运单号 (a mode with no carrier's document): no arrival report or manifest names it.
      if (!bill) return {};
      // Arrivals and manifests are handled alone, between segments: none is recorded while this one runs.
      const arrival = data.arrivedAt ? undefined : await this.processTables.arrival(bill, declaration!.portOfEntry, declaration!.transport.conveyance);
      const required = manifestRequired(declaration!, (mode) => !!referenceData().transportMode(mode)?.crossesLandBorder);
      const manifestId = required ? (await this.borderPost.manifestsOfBill(bill)).find((m) => arrivalMatches(m, declaration!))?.manifestId ?? null : null;
      return { ...(arrival !== undefined ? { arrival } : {}), ...(required ? { manifest: { required, manifestId } } : {}) };
    }
    if (NEEDS_DECLARATION.has(event.type)) {
      const { state } = await this.repository.load(declarationStream(event.metadata.correlationId), declarationDecider);
      return { shipment: await this.processTables.shipment(event.metadata.correlationId), declaration: { routing: state.routing, arrived: !!state.arrivedAt } };
    }
    if (NEEDS_SHIPMENT.has(event.type)) return { shipment: await this.processTables.shipment(event.metadata.correlationId) };
    return {};
  }

  private async carryOut(action: Action, cause: RecordedEvent, following: RecordedEvent[]): Promise<void> {
    switch (action.type) {
      case 'open-cases': {
        const row = await this.opening.open(cause, action.declarationId, action.declaration, action.arrived, following, () => this.activeAlerts(), action.manifest);
        if (this.pendingRows) this.pendingRows.set(action.declarationId, row);
        else await this.storeShipments([row]);
        return;
      }
      case 'case': {
        const command: Omit<AgencyCaseCommand, 'now'> = action.command.type === 'assess'
          ? { type: 'AssessRisk', draw: Math.random(), randomSelection: this.config.riskRandomSelection, alerts: await this.activeAlerts() }
          : action.command;
        const stream = caseStream(action.agency, action.declarationId);
        const context = this.context(cause, action.declarationId, stream);
        return this.tolerate(() => this.cases.handle(action.agency, action.declarationId, { ...command, now: context.now } as AgencyCaseCommand, context), stream, command.type);
      }
      case 'declaration': {
        const stream = declarationStream(action.declarationId);
        const context = this.context(cause, action.declarationId, stream);
        return this.tolerate(() => this.repository.handle(stream, declarationDecider, { ...action.command, now: context.now } as DeclarationCommand, context), stream, action.command.type);
      }
      case 'instruction': {
        const stream = await this.instructionStreamOf(action.declarationId, action.reference);
        const context = this.context(cause, action.declarationId, stream);
        return this.tolerate(() => this.repository.handle(stream, instructionDecider, { ...action.command, now: context.now } as InstructionCommand, context), stream, action.command.type);
      }
      case 'examine': {
        const stream = examinationStream(action.declarationId);
        const context = this.context(cause, action.declarationId, stream);
        const command = { type: 'SelectForExamination' as const, declarationId: action.declarationId, agency: action.agency, checks: action.checks, reason: action.reason, ...(action.again ? { again: true } : {}), now: context.now };
        return this.tolerate(() => this.repository.handle(stream, jointExaminationDecider, command, context), stream, command.type);
      }
      case 'release':
        await this.opening.release(cause, action.declarationId, action.agencies);
        return;
      case 'record-released':
        return this.processTables.addReleased(action.declarationId, action.agency);
      case 'set-status':
        return this.processTables.setStatus(action.declarationId, action.status);
      case 'record-revision':
        return this.processTables.recordRevision(action);
      case 'record-arrival':
        return this.processTables.recordArrival(action);
      case 'record-guarantee':
        return this.processTables.recordGuarantee(action);
      case 'draw-guarantee':
        return this.drawGuarantee(action, cause);
      case 'reduce-draw':
        return this.reduceDraw(action, cause);
      case 'release-draw':
        return this.releaseDraw(action, cause);
      case 'retry-draws':
        return this.retryDraws('holder' in action ? action.holder : await this.processTables.holderOf(action.guaranteeId), cause);
      case 'record-alert': {
        const { subject, action: kind, reason, raisedBy, at } = action.event;
        return this.processTables.recordAlert({ id: action.alertId, subject, action: kind, reason, raisedBy, raisedAt: at });
      }
      case 'lift-alert':
        return this.processTables.liftAlert(action.alertId, action.at, action.reason);
      case 'record-manifest-bills':
        return this.borderPost.recordManifestBills(action);
      case 'manifest': {
        const stream = manifestStream(action.manifestId);
        const context = this.context(cause, stream, stream);
        return this.tolerate(() => this.repository.handle(stream, manifestDecider, { ...action.command, now: context.now } as ManifestCommand, context), stream, action.command.type);
      }
      case 'crossing': {
        const stream = crossingStream(action.crossingId);
        const context = this.context(cause, stream, stream);
        const command = action.command.type === 'assess' ? { type: 'AssessCrossing' as const, alerts: await this.activeAlerts() } : action.command;
        return this.tolerate(() => this.repository.handle(stream, crossingDecider, { ...command, now: context.now } as CrossingCommand, context), stream, command.type);
      }
      case 'record-crossing':
        return this.borderPost.recordCrossing(action.crossing);
      case 'close-crossing':
        return this.borderPost.closeCrossing(action.crossingId);
      case 'recognize-on-conveyance': {
        const stream = examinationStream(action.declarationId);
        const context = this.context(cause, action.declarationId, `${stream}:${action.check}`);
        const { check, by, crossingId, from } = action;
        return this.tolerate(() => this.repository.handle(stream, jointExaminationDecider, { type: 'RecognizeConveyanceCheck', check, by, crossingId, from, now: context.now }, context), stream, 'RecognizeConveyanceCheck');
      }
      case 'schedule-deadline':
        return this.processTables.scheduleDeadline(action);
      case 'settle-deadlines':
        return this.processTables.settleDeadlines(action.where);
    }
  }

  /** The instruction's stream: keyed by declaration and reference, or by reference alone when it was given before that (legacy). */
  private async instructionStreamOf(declarationId: string, reference: string): Promise<string> {
    const stream = instructionStream(declarationId, reference);
    if ((await this.repository.load(stream, instructionDecider)).state.status !== 'none') return stream;
    const legacy = legacyInstructionStream(reference);
    const { state } = await this.repository.load(legacy, instructionDecider);
    return state.terms?.declarationId === declarationId ? legacy : stream;
  }

  /**
   * 汇总征税: draws the declaration's duties on the first of its holder's guarantees that has the
   * balance and is in force, once (a declaration already drawn anywhere is not drawn again), then
   * settles the customs case against it. None can: the case records why (the view shows it) and
   * stays unsettled until a guarantee is lodged or restored (retryDraws), or the declarant pays.
   */
  private async drawGuarantee(action: { declarationId: string; holder: string; amount: number; part?: 'final' }, cause: RecordedEvent): Promise<void> {
    const ids = await this.processTables.guaranteesOf(action.holder);
    const states = await Promise.all(ids.map((id) => this.repository.load(guaranteeStream(id), generalGuaranteeDecider)));
    // 两步申报's final difference (part 'final') is drawn once too, apart from the summary's draw.
    let drawnOn = ids.find((_, i) => states[i]!.state.uses.some((u) => u.declarationId === action.declarationId && u.part === action.part));
    const refusals: DomainError[] = [];
    for (const id of drawnOn ? [] : ids) {
      const stream = guaranteeStream(id);
      // One cause may draw for several declarations on one guarantee (a restored balance): the seed names the declaration.
      const context = this.context(cause, action.declarationId, `${stream}:${action.declarationId}${action.part ? `:${action.part}` : ''}`);
      const { declarationId, holder: declarant, amount } = action;
      try {
        await this.repository.handle(stream, generalGuaranteeDecider, { type: action.part === 'final' ? 'DrawFinal' : 'Draw', declarationId, declarant, amount, now: context.now }, context);
        drawnOn = id;
        break;
      } catch (error) {
        if (error instanceof DuplicateEventIdError) { drawnOn = id; break; } // drawn before a restart
        if (!(error instanceof DomainError)) throw error;
        refusals.push(error);
        this.logger.debug(`guarantee ${id} not drawn for ${action.declarationId}: ${error.code}`);
      }
    }
    if (!drawnOn) {
      const last = refusals.at(-1);
      const unavailable = last
        ? { code: last.code, reason: refusals.map((e) => e.message).join('; ') }
        : { code: 'no-guarantee', reason: `No general guarantee (总担保) is lodged for ${action.holder}: a bank lodges one, or the declarant pays the duties` };
      await this.carryOut({ type: 'case', declarationId: action.declarationId, agency: 'customs', command: { type: 'RecordGuaranteeUnavailable', ...unavailable } }, cause, []);
      return;
    }
    await this.carryOut({ type: 'case', declarationId: action.declarationId, agency: 'customs',
      command: { type: 'SettleDuties', how: 'guaranteed', reference: `guarantee:${drawnOn}${action.part ? `:${action.part}` : ''}`, amount: action.amount, currency: 'CNY' } }, cause, []);
  }

  /** 两步申报 under 汇总征税: the final assessment lower than the summary's draw gives the difference back, on the guarantee that took it. */
  private async reduceDraw(action: { declarationId: string; holder: string; amount: number; reason: string }, cause: RecordedEvent): Promise<void> {
    for (const id of await this.processTables.guaranteesOf(action.holder)) {
      const { state } = await this.repository.load(guaranteeStream(id), generalGuaranteeDecider);
      if (!state.uses.some((u) => u.declarationId === action.declarationId && !u.part)) continue;
      const stream = guaranteeStream(id);
      const context = this.context(cause, action.declarationId, `${stream}:${action.declarationId}:reduce`);
      const { declarationId, amount, reason } = action;
      await this.tolerate(() => this.repository.handle(stream, generalGuaranteeDecider, { type: 'ReduceDraw', declarationId, amount, reason, now: context.now }, context), stream, 'ReduceDraw');
      return;
    }
  }

  /** 汇总征税: the holder's consolidated declarations that found no usable guarantee try again (oldest guarantee first, as ever). */
  private async retryDraws(holder: string | null, cause: RecordedEvent): Promise<void> {
    if (!holder) return;
    for (const declarationId of await this.processTables.openConsolidatedOf(holder)) {
      const { state } = await this.cases.load('customs', declarationId);
      if (!state.guaranteeUnavailable || !state.duties || state.status === 'none' || ['released', 'rejected', 'closed'].includes(state.status)) continue;
      await this.drawGuarantee({ declarationId, holder, amount: state.duties.amount }, cause);
    }
  }

  /** Gives back the declaration's unpaid draw on whichever of the holder's guarantees it was made. */
  private async releaseDraw(action: { declarationId: string; holder: string; reason: string }, cause: RecordedEvent): Promise<void> {
    for (const id of await this.processTables.guaranteesOf(action.holder)) {
      const { state } = await this.repository.load(guaranteeStream(id), generalGuaranteeDecider);
      if (!state.uses.some((u) => u.declarationId === action.declarationId)) continue;
      const stream = guaranteeStream(id);
      const context = this.context(cause, action.declarationId, `${stream}:${action.declarationId}`);
      await this.tolerate(() => this.repository.handle(stream, generalGuaranteeDecider, { type: 'ReleaseDraw', declarationId: action.declarationId, reason: action.reason, now: context.now }, context), stream, 'ReleaseDraw');
      return;
    }
  }

  private remember(eventId: string): void {
    if (this.followedUp.size >= FOLLOWED_UP_MEMORY) this.followedUp.delete(this.followedUp.values().next().value!);
    this.followedUp.add(eventId);
  }

  private activeAlerts(): Promise<ActiveAlert[]> {
    this.alerts ??= this.processTables.activeAlerts();
    return this.alerts;
  }

  private context(cause: Cause, declarationId: string, target: string): CommandContext {
    const now = this.clock.now();
    return { correlationId: declarationId, causationId: cause.id, actor: { kind: 'system' as const, id: 'clearance' }, now, idempotencySeed: `${cause.id}:${target}` };
  }

  /** A business refusal is an answer, not a failure: log it and go on (the process must not stall). */
  private async tolerate(action: () => Promise<unknown>, stream: string, command: string): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (error instanceof DomainError) {
        this.logger.debug(`${command} on ${stream} refused: ${error.code}`);
        return;
      }
      if (error instanceof DuplicateEventIdError) return; // already done before a restart
      throw error;
    }
  }
}

