import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  DeciderRepository, DomainError, DuplicateEventIdError, EventSubscriber, WrongExpectedRevisionError, fold,
  type Decided, type DomainEvent, type HandleOptions, type RecordedEvent, type Subscriber, type Without,
} from '@sw/event-store';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { declarationDecider, routeDeclaration, type DeclarationCommand, type DeclarationState, type Routing } from '@sw/declaration';
import { reverseLicenseWriteOffs, writeOffLicensesForRelease } from '@sw/licensing';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { jointExaminationDecider } from '@sw/examination';
import { AgencyCases, type AgencyCaseCommand } from '@sw/agency-case';
import { alertMatches, caseStream, declarationStream, examinationStream, type ActiveAlert, type Agency, type CaseDeclaration, type CheckKind, type DeclarationBody } from '@sw/shipment';

export class ClearanceProcessTables1763900000200 implements MigrationInterface {
  name = 'ClearanceProcessTables1763900000200';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_shipments (
      declaration_id uuid primary key,
      bill_of_lading text not null,
      agencies text[] not null,
      released text[] not null default '{}',
      status text not null
    )`);
    await queryRunner.query('create index if not exists clearance_shipments_bill on clearance_shipments (bill_of_lading)');
    await queryRunner.query(`create table if not exists clearance_arrivals (
      bill_of_lading text primary key,
      arrived_at timestamptz not null,
      conveyance text not null,
      port_of_entry text not null
    )`);
    await queryRunner.query(`create table if not exists deadlines (
      id text primary key,
      stream_id text not null,
      correlation_id text not null,
      kind text not null,
      due_at timestamptz not null,
      fired_at timestamptz
    )`);
    await queryRunner.query('create index if not exists deadlines_due on deadlines (due_at) where fired_at is null');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_shipments; drop table if exists clearance_arrivals; drop table if exists deadlines;');
  }
}

/** 三互: the declaration snapshot for alert matching, and the active alerts the risk engine uses. */
export class ClearanceAlertsAndExamination1763900000600 implements MigrationInterface {
  name = 'ClearanceAlertsAndExamination1763900000600';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('alter table clearance_shipments add column if not exists declaration jsonb');
    await queryRunner.query(`create table if not exists clearance_alerts (
      id text primary key,
      subject jsonb not null,
      action text not null,
      reason text not null,
      raised_by jsonb not null,
      raised_at timestamptz not null,
      active boolean not null,
      lifted_at timestamptz,
      lift_reason text
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_alerts; alter table clearance_shipments drop column if exists declaration;');
  }
}

type Data = Record<string, any>;
/** What a command answers: the event it reacts to (its id is the causation, and seeds the new events' ids). */
type Cause = Pick<RecordedEvent, 'id'>;
type KnownDeclaration = { state: DeclarationState; revision: number };
/** Shipments of a batch handled at once (each needs a few event-store round trips per event). */
const SHIPMENTS_IN_PARALLEL = 16;
/** Events whose follow-ups were done when they were appended (see openCases), remembered for a while. */
const FOLLOWED_UP_MEMORY = 50_000;
/** What a submission's own write holds besides it: handling them needs no clearance_shipments row. */
const SUBMISSION_WRITE = new Set(['DeclarationRouted', 'CompleteDeclarationScheduled']);

/** A new shipment's clearance_shipments row, and the ids to remember once it is stored. */
interface ShipmentRow {
  declaration_id: string; bill_of_lading: string; agencies: string[]; released: string[]; status: string; declaration: CaseDeclaration;
  followedUp: string[];
}

/** An arrival (every shipment on its bill of lading) or an alert (every open shipment it matches). */
function crossesShipments(event: RecordedEvent): boolean {
  return event.streamId.startsWith('arrival-') || event.streamId.startsWith('alert-');
}
const AGENCY_STREAM = /^(customs|inspection|border)-(.+)$/;

/**
 * The clearance process (一次申报, 一次放行): routes a submitted declaration to its agencies,
 * carries arrivals and settlements to their cases, releases the declaration once every routed
 * agency has released, and schedules the two-step deadline. Its own tables are written with
 * idempotent statements outside the subscription's transaction (see handle); the commands it
 * issues carry event ids derived from the event they answer, so handling an event again after
 * a crash appends nothing new.
 */
@Injectable()
@EventSubscriber()
export class ClearanceProcess implements Subscriber {
  readonly name = 'clearance-process';
  readonly filter = { streamPrefixes: ['declaration-', 'customs-', 'inspection-', 'border-', 'arrival-', 'examination-', 'alert-'] };
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
  private shipmentRows: Map<string, ShipmentRow> | null = null;

  constructor(
    private readonly repository: DeciderRepository,
    private readonly cases: AgencyCases,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  /**
   * A batch's shipments are handled side by side (each shipment's events in order), so their
   * commands' round trips and commits overlap. Arrivals and alerts reach across shipments: each
   * is handled alone, after everything before it and before anything after it.
   */
  async handle(events: RecordedEvent[]): Promise<void> {
    // Its tables are written outside the batch's transaction, each statement on its own: a
    // transaction open while the batch's commands append would hide every event appended
    // meanwhile from every subscriber until it ended (readers stop at the oldest open
    // transaction). Every write here is idempotent (insert-if-absent, set union, status
    // assignments), so a batch handled again after a crash changes nothing twice.
    const manager = this.dataSource.manager;
    try {
      let segment: RecordedEvent[] = [];
      for (const event of events) {
        if (!crossesShipments(event)) {
          segment.push(event);
          continue;
        }
        await this.handleSegment(segment, manager);
        segment = [];
        this.alerts = null;
        await this.on(event, manager);
        this.alerts = null;
      }
      await this.handleSegment(segment, manager);
    } finally {
      // Never carried into the next batch, above all not a failed read: the retry would fail
      // with it again and again (a database outage stalled the process until an alert came).
      this.alerts = null;
    }
  }

  private async handleSegment(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    const byShipment = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const key = event.metadata.correlationId;
      byShipment.set(key, [...(byShipment.get(key) ?? []), event]);
    }
    const queue = [...byShipment.values()];
    let failure: unknown = null;
    // A new shipment's row is stored with the segment's others, in one statement at its end,
    // unless a later event of that shipment in the segment needs it first.
    const rows = new Map<string, ShipmentRow>();
    const worker = async () => {
      for (let shipment = queue.shift(); shipment && !failure; shipment = queue.shift()) {
        try {
          for (let i = 0; i < shipment.length; i++) {
            const event = shipment[i]!;
            const row = rows.get(event.metadata.correlationId);
            if (row && !SUBMISSION_WRITE.has(event.type)) {
              rows.delete(row.declaration_id);
              await this.storeShipments([row], manager);
            }
            await this.on(event, manager, shipment.slice(i + 1));
          }
        } catch (error) {
          failure ??= error;
        }
      }
    };
    this.shipmentRows = rows;
    try {
      // Every worker ends before the batch's transaction commits or rolls back.
      await Promise.all(Array.from({ length: Math.min(SHIPMENTS_IN_PARALLEL, queue.length) }, worker));
    } finally {
      this.shipmentRows = null;
    }
    if (failure) throw failure;
    await this.storeShipments([...rows.values()], manager);
  }

  /**
   * Stores new shipments' rows (insert-if-absent), then remembers what their writes followed up:
   * if anything before failed, the batch is handled again, finds those writes done (their ids
   * exist) and leaves their events to come back and be handled one by one.
   */
  private async storeShipments(rows: ShipmentRow[], manager: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `insert into clearance_shipments (declaration_id, bill_of_lading, agencies, released, status, declaration)
       select r.declaration_id, r.bill_of_lading, r.agencies, r.released, r.status, r.declaration
         from jsonb_to_recordset($1::jsonb) as r(declaration_id uuid, bill_of_lading text, agencies text[], released text[], status text, declaration jsonb)
       on conflict do nothing`,
      [JSON.stringify(rows.map(({ followedUp: _, ...row }) => row))],
    );
    for (const row of rows) for (const id of row.followedUp) this.remember(id);
  }

  /** following: the shipment's events after this one in the batch (what the submission's write recorded with it). */
  private async on(event: RecordedEvent, manager: EntityManager, following: RecordedEvent[] = []): Promise<void> {
    const data = event.data as Data;
    const declarationId = event.metadata.correlationId;
    const agencyMatch = AGENCY_STREAM.exec(event.streamId);
    switch (event.type) {
      case 'DeclarationSubmitted': {
        const declaration = data.declaration as DeclarationBody;
        const snapshot: CaseDeclaration = { declarationId, ...declaration, documents: declaration.documents ?? [] };
        const { routing, known } = await this.routing(event, declarationId, following);
        // On the green lane each case releases itself in its opening write, and when all of them
        // did, the declaration is released here and now: nothing waits for those events to come
        // back. All in one write when it can be (openAtOnce); else the cases side by side, then the release.
        const atOnce = known ? await this.openAtOnce(event, routing, declarationId, snapshot, !!data.arrivedAt, known, manager) : null;
        const releasedBy = atOnce?.releasedBy ?? await Promise.all(routing.agencies.map((agency) =>
          this.openCase(event, agency, declarationId, snapshot, routing.reasons[agency] ?? [], !!data.arrivedAt, manager)));
        const released = routing.agencies.filter((_, index) => releasedBy[index]);
        // Caused by the last of the cases' releases, as when a CaseReleased event completes the set.
        const lastCaseReleased = releasedBy.at(-1);
        const declarationReleased = atOnce && atOnce.declarationReleased !== undefined ? atOnce.declarationReleased
          : lastCaseReleased && released.length === routing.agencies.length ? await this.release({ id: lastCaseReleased }, declarationId, routing.agencies, known) : null;
        const row: ShipmentRow = {
          declaration_id: declarationId, bill_of_lading: declaration.transport.billOfLading.toUpperCase(), agencies: routing.agencies, released,
          status: declarationReleased ? 'released' : 'open', declaration: snapshot,
          followedUp: [...releasedBy, declarationReleased].filter((id): id is string => !!id),
        };
        if (this.shipmentRows) this.shipmentRows.set(declarationId, row);
        else await this.storeShipments([row], manager);
        if (!data.arrivedAt) {
          const [arrival] = await manager.query('select arrived_at, conveyance from clearance_arrivals where bill_of_lading = $1', [declaration.transport.billOfLading.toUpperCase()]);
          if (arrival) await this.declaration(event, declarationId, { type: 'RecordArrival', arrivedAt: new Date(arrival.arrived_at).toISOString(), billOfLading: declaration.transport.billOfLading, conveyance: arrival.conveyance });
        }
        return;
      }
      case 'ArrivalReported': {
        await manager.query(
          `insert into clearance_arrivals (bill_of_lading, arrived_at, conveyance, port_of_entry) values ($1, $2, $3, $4)
           on conflict (bill_of_lading) do update set arrived_at = least(clearance_arrivals.arrived_at, excluded.arrived_at)`,
          [data.billOfLading, data.arrivedAt, data.conveyance, data.portOfEntry],
        );
        const shipments: { declaration_id: string }[] = await manager.query(`select declaration_id from clearance_shipments where bill_of_lading = $1 and status = 'open'`, [data.billOfLading]);
        for (const { declaration_id } of shipments) {
          await this.declaration(event, declaration_id, { type: 'RecordArrival', arrivedAt: data.arrivedAt, billOfLading: data.billOfLading, conveyance: data.conveyance });
        }
        return;
      }
      case 'ArrivalRecorded':
        for (const agency of await this.routedAgencies(manager, declarationId)) {
          await this.agencyCase(event, agency, declarationId, { type: 'ConfirmArrival', arrivedAt: data.arrivedAt });
        }
        return;
      case 'GuaranteeLodged':
      case 'DutiesPaid':
        if ((await this.routedAgencies(manager, declarationId)).includes('customs')) {
          await this.agencyCase(event, 'customs', declarationId, {
            type: 'SettleDuties', how: event.type === 'DutiesPaid' ? 'paid' : 'guaranteed', reference: data.reference, amount: data.amount, currency: data.currency,
          });
        }
        return;
      case 'DeclarationWithdrawn':
        for (const agency of await this.routedAgencies(manager, declarationId)) {
          await this.agencyCase(event, agency, declarationId, { type: 'CloseCase', reason: `declaration withdrawn: ${data.reason}` });
        }
        await manager.query(`update clearance_shipments set status = 'withdrawn' where declaration_id = $1`, [declarationId]);
        await manager.query(`update deadlines set fired_at = now() where correlation_id = $1 and fired_at is null`, [declarationId]);
        return;
      case 'DeclarationReleased':
        if (this.followedUp.delete(event.id)) return; // released, and recorded so, when its cases opened
        await manager.query(`update clearance_shipments set status = 'released' where declaration_id = $1`, [declarationId]);
        return;
      case 'DeclarationRejected':
        await manager.query(`update clearance_shipments set status = 'rejected' where declaration_id = $1`, [declarationId]);
        return;
      case 'GoodsExited':
        await manager.query(`update clearance_shipments set status = 'exited' where declaration_id = $1`, [declarationId]);
        return;
      case 'CompleteDeclarationScheduled':
        await manager.query(
          `insert into deadlines (id, stream_id, correlation_id, kind, due_at) values ($1, $2, $3, 'complete-declaration', $4) on conflict (id) do nothing`,
          [`complete-declaration:${declarationId}`, event.streamId, declarationId, data.dueAt],
        );
        return;
      case 'CompleteDeclarationFiled':
        await manager.query(`update deadlines set fired_at = now() where id = $1 and fired_at is null`, [`complete-declaration:${declarationId}`]);
        return;
      case 'LicensesVerified': {
        // Verified after every agency had released it: the release was waiting for this.
        const [shipment] = await manager.query('select agencies, released from clearance_shipments where declaration_id = $1', [declarationId]);
        if (shipment && (shipment.agencies as string[]).every((a) => (shipment.released as string[]).includes(a))) await this.release(event, declarationId, shipment.agencies);
        return;
      }
    }
    if (event.streamId.startsWith('examination-')) {
      if (event.type === 'ExaminationCompleted') {
        // 一次查验 done: each participating agency gets its own result (passed, or failed by its own check).
        for (const [agency, result] of Object.entries(data.results as Record<Agency, 'passed' | 'failed'>)) {
          await this.agencyCase(event, agency as Agency, declarationId, { type: 'CompleteExamination', result });
        }
      }
      return;
    }
    if (event.streamId.startsWith('alert-')) {
      await this.onAlert(event, manager);
      return;
    }
    if (!agencyMatch) return;
    const agency = agencyMatch[1] as Agency;
    switch (event.type) {
      case 'CaseOpened':
        if (this.followedUp.delete(event.id)) return;
        await this.agencyCase(event, agency, declarationId, { type: 'AssessRisk', draw: Math.random(), randomSelection: this.config.riskRandomSelection, alerts: await this.activeAlerts(manager) });
        return;
      case 'ExaminationRequested':
        await this.selectForExamination(event, agency, declarationId, data.checks, data.reason);
        return;
      case 'RiskAssessed':
        if (this.followedUp.delete(event.id)) return;
        if (data.lane === 'examination') {
          const reason = (data.reasons as { rule: string; description: string }[]).map((r) => r.description).join('; ') || 'selected for examination';
          await this.selectForExamination(event, agency, declarationId, data.requiredChecks, reason);
        }
        await this.agencyCase(event, agency, declarationId, { type: 'ReleaseIfReady' });
        return;
      case 'DutiesAssessed':
        if (this.followedUp.delete(event.id)) return;
        await this.agencyCase(event, agency, declarationId, { type: 'ReleaseIfReady' });
        return;
      case 'ArrivalConfirmed':
      case 'DutiesSettled':
      case 'ExaminationCompleted':
        // 绿色通道: a green-lane case releases itself once its conditions hold.
        await this.agencyCase(event, agency, declarationId, { type: 'ReleaseIfReady' });
        return;
      case 'CaseReleased': {
        if (this.followedUp.delete(event.id)) return; // released in the write that opened the case, and recorded so
        // A SELECT around the UPDATE: TypeORM reports an UPDATE's rows in a driver-specific shape.
        const [shipment] = await manager.query(
          `with updated as (
             update clearance_shipments set released = array(select distinct unnest(released || array[$2]::text[]))
              where declaration_id = $1 returning agencies, released)
           select agencies, released from updated`,
          [declarationId, agency],
        );
        if (shipment && (shipment.agencies as string[]).every((a) => (shipment.released as string[]).includes(a))) {
          await this.release(event, declarationId, shipment.agencies);
        }
        return;
      }
      case 'CaseRejected':
        await this.declaration(event, declarationId, { type: 'Reject', agency, reason: data.reason });
        return;
    }
  }

  /**
   * 一次放行, with 核销 for goods that need licences: released only once their verification is
   * recorded, and only after the declared quantities are written off the licences (first, so that
   * a declaration that loses the race for a licence's last balance is held, not released). A
   * declaration withdrawn or rejected between the write-off and the release gets its quantities back.
   */
  private async release(cause: Cause, declarationId: string, agencies: Agency[], known?: KnownDeclaration): Promise<string | null> {
    const stream = declarationStream(declarationId);
    const { state, revision } = known ?? await this.repository.load(stream, declarationDecider);
    if (state.lifecycle !== 'submitted') return null;
    const contextFor = (target: string) => this.context(cause, declarationId, target);
    const licenses = await writeOffLicensesForRelease(this.repository, declarationId, state, contextFor);
    if (licenses.outcome === 'refused') {
      await this.declaration(cause, declarationId, { type: 'RecordLicenseWriteOffFailure', reason: licenses.reason, problems: licenses.problems });
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
    const declaration = (submitted.data as Data).declaration as DeclarationBody;
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

  /** The shipment's one examination: the first agency schedules it, later ones join it. */
  private async selectForExamination(cause: RecordedEvent, agency: Agency, declarationId: string, checks: CheckKind[], reason: string): Promise<void> {
    if (!checks?.length) return;
    const stream = examinationStream(declarationId);
    const context = this.context(cause, declarationId, stream);
    await this.tolerate(() => this.repository.handle(stream, jointExaminationDecider, { type: 'SelectForExamination', declarationId, agency, checks, reason, now: context.now }, context), stream, 'SelectForExamination');
  }

  /**
   * 执法互助: an alert holds or sends to examination every matching unreleased case in every
   * agency, and steers the risk assessment of new cases while it is active.
   */
  private async onAlert(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const data = event.data as Data;
    const alertId = event.streamId.slice('alert-'.length);
    if (event.type === 'AlertLifted') {
      await manager.query('update clearance_alerts set active = false, lifted_at = $2, lift_reason = $3 where id = $1', [alertId, data.at, data.reason ?? null]);
      return;
    }
    if (event.type !== 'AlertRaised') return;
    await manager.query(
      `insert into clearance_alerts (id, subject, action, reason, raised_by, raised_at, active) values ($1, $2, $3, $4, $5, $6, true) on conflict do nothing`,
      [alertId, JSON.stringify(data.subject), data.action, data.reason, JSON.stringify(data.raisedBy), data.at],
    );
    const open: { declaration_id: string; agencies: Agency[]; declaration: CaseDeclaration }[] = await manager.query(
      `select declaration_id, agencies, declaration from clearance_shipments where status = 'open' and declaration is not null`,
    );
    for (const shipment of open) {
      if (!alertMatches(data.subject, shipment.declaration)) continue;
      for (const agency of shipment.agencies) {
        await this.agencyCase(event, agency, shipment.declaration_id, {
          type: 'Decide', decision: data.action === 'hold' ? 'hold' : 'examine', reason: `alert ${alertId}: ${data.reason}`, officer: `alert:${data.raisedBy.agency}`,
        });
      }
    }
  }

  /**
   * Opens an agency's case, assesses its risk and, when nothing holds it (绿色通道), releases it:
   * one write. Returns the id of its CaseReleased event when it released (for the caller to
   * remember once it has recorded the release), else null. What the assessment asks for besides (an examination) is done when its
   * RiskAssessed event comes back, as for a case opened on its own.
   */
  private async openCase(cause: RecordedEvent, agency: Agency, declarationId: string, declaration: CaseDeclaration, routingReasons: string[], arrived: boolean, manager: EntityManager): Promise<string | null> {
    const stream = caseStream(agency, declarationId);
    const context = this.context(cause, declarationId, stream);
    const now = context.now;
    const alerts = await this.activeAlerts(manager);
    let releasedId: string | null = null;
    await this.tolerate(async () => {
      const handled = await this.cases.handleAll(agency, declarationId, this.openingCommands(agency, declaration, routingReasons, arrived, alerts, now),
        context, { newStream: true }); // opened once: if it exists (handled before a restart), the append says so
      this.rememberOpening(handled.events, handled.eventIds);
      const released = handled.events.findIndex((event) => event.type === 'CaseReleased');
      releasedId = released < 0 ? null : handled.eventIds[released]!;
    }, stream, 'OpenCase');
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
  private async openAtOnce(cause: RecordedEvent, routing: Routing, declarationId: string, declaration: CaseDeclaration, arrived: boolean, known: KnownDeclaration, manager: EntityManager):
    Promise<{ releasedBy: (string | null)[]; declarationReleased: string | null | undefined } | null> {
    const alerts = await this.activeAlerts(manager);
    try {
      const cases = routing.agencies.map((agency) => {
        const context = this.context(cause, declarationId, caseStream(agency, declarationId));
        return this.cases.decideAll(agency, declarationId, this.openingCommands(agency, declaration, routing.reasons[agency] ?? [], arrived, alerts, context.now),
          context, { newStream: true });
      });
      const decided: Decided<unknown, DomainEvent>[] = await Promise.all(cases);
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
  private openingCommands(agency: Agency, declaration: CaseDeclaration, routingReasons: string[], arrived: boolean, alerts: ActiveAlert[], now: Date): AgencyCaseCommand[] {
    return [
      { type: 'OpenCase', agency, declaration, routingReasons, arrived, now },
      { type: 'AssessRisk', draw: Math.random(), randomSelection: this.config.riskRandomSelection, alerts, now },
      { type: 'ReleaseIfReady', now },
    ];
  }

  /** What a case's opening write followed up itself: those events need nothing when they come back. */
  private rememberOpening(events: DomainEvent[], eventIds: string[]): void {
    events.forEach((event, index) => {
      const examination = event.type === 'RiskAssessed' && (event.data as Data).lane === 'examination';
      if (event.type === 'CaseOpened' || event.type === 'DutiesAssessed' || (event.type === 'RiskAssessed' && !examination)) this.remember(eventIds[index]!);
    });
  }

  private remember(eventId: string): void {
    if (this.followedUp.size >= FOLLOWED_UP_MEMORY) this.followedUp.delete(this.followedUp.values().next().value!);
    this.followedUp.add(eventId);
  }

  private activeAlerts(manager: EntityManager): Promise<ActiveAlert[]> {
    this.alerts ??= this.readActiveAlerts(manager);
    return this.alerts;
  }

  private async readActiveAlerts(manager: EntityManager): Promise<ActiveAlert[]> {
    const rows: { id: string; subject: ActiveAlert['subject']; action: ActiveAlert['action']; reason: string }[] = await manager.query(
      'select id, subject, action, reason from clearance_alerts where active order by raised_at');
    return rows.map((r) => ({ id: r.id, subject: r.subject, action: r.action, reason: r.reason }));
  }

  private async routedAgencies(manager: EntityManager, declarationId: string): Promise<Agency[]> {
    const [row] = await manager.query('select agencies from clearance_shipments where declaration_id = $1', [declarationId]);
    return (row?.agencies ?? []) as Agency[];
  }

  private context(cause: Cause, declarationId: string, target: string) {
    const now = this.clock.now();
    return { correlationId: declarationId, causationId: cause.id, actor: { kind: 'system' as const, id: 'clearance' }, now, idempotencySeed: `${cause.id}:${target}` };
  }

  private async declaration(cause: Cause, declarationId: string, command: Without<DeclarationCommand, 'now'>, options: HandleOptions = {}): Promise<void> {
    const stream = declarationStream(declarationId);
    const context = this.context(cause, declarationId, stream);
    await this.tolerate(() => this.repository.handle(stream, declarationDecider, { ...command, now: context.now } as DeclarationCommand, context, options), stream, command.type);
  }

  private async agencyCase(cause: RecordedEvent, agency: Agency, declarationId: string, command: Without<AgencyCaseCommand, 'now'>): Promise<void> {
    const stream = caseStream(agency, declarationId);
    const context = this.context(cause, declarationId, stream);
    await this.tolerate(() => this.cases.handle(agency, declarationId, { ...command, now: context.now } as AgencyCaseCommand, context), stream, command.type);
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
