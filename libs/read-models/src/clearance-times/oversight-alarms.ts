import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@sw/platform';
import { Subject, type Observable } from 'rxjs';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { DATABASE_URL } from '../declaration-status/status-changes';
import { PgChannel } from '../pg-channel';
import { CLOCK_START, NUMBER_OF } from './clearance-measure';

export class ClearanceAlarms1763900002110 implements MigrationInterface {
  name = 'ClearanceAlarms1763900002110';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists clearance_alarms (
      declaration_id uuid not null,
      threshold_hours int not null,
      direction text not null,
      since timestamptz not null,
      passed_at timestamptz not null,
      detected_at timestamptz not null,
      primary key (declaration_id, threshold_hours)
    )`);
    await queryRunner.query('create index if not exists clearance_alarms_detected on clearance_alarms (detected_at desc)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists clearance_alarms');
  }
}

/** The thresholds an officer is alarmed at (超时预警): a day, and the 48 h of the overdue list. */
export const ALARM_HOURS = [24, 48] as const;

/** A shipment whose clearance time passed a threshold while unreleased (imports from arrival, exports from declaration). */
export interface ClearanceAlarm {
  /** Stable: the console shows its words (zh, en) by it. */
  code: 'clearance-over-24h' | 'clearance-over-48h';
  declarationId: string;
  /** Its customs number (海关编号), null before it has one. */
  number: string | null;
  thresholdHours: number;
  direction: string;
  mode: string;
  portOfEntry: string;
  declarant: string;
  /** When its clock started: the arrival of an import, the declaration of an export. */
  since: string;
  /** since + threshold. */
  passedAt: string;
  /** The engine's time when it was seen. */
  detectedAt: string;
}

const ALARM_JSON = `json_build_object(
  'code', 'clearance-over-' || a.threshold_hours || 'h', 'declarationId', a.declaration_id, 'number', ${NUMBER_OF('a.declaration_id')}, 'thresholdHours', a.threshold_hours,
  'direction', a.direction, 'mode', t.mode, 'portOfEntry', t.port_of_entry, 'declarant', t.declarant_uscc,
  'since', a.since, 'passedAt', a.passed_at, 'detectedAt', a.detected_at)`;

/** JSON of timestamptz comes as `2026-11-23T08:00:00+00:00`: the API speaks `…Z`. */
function normalized(alarm: ClearanceAlarm): ClearanceAlarm {
  const iso = (text: string) => new Date(text).toISOString();
  return { ...alarm, since: iso(alarm.since), passedAt: iso(alarm.passedAt), detectedAt: iso(alarm.detectedAt) };
}

/**
 * Watches the engine clock: once a second (and on the worker only) it records each unreleased
 * shipment that has passed 24 h or 48 h, once per threshold (the table's key), and notifies
 * `sw_oversight` in the same statement, so every instance's stream hears each alarm once.
 * Following the engine clock, a dev clock moved 50 h raises both alarms at the next tick.
 */
@Injectable()
export class OversightAlarmWatch implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;
  private readonly logger = new Logger('OversightAlarmWatch');

  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: Clock, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => void this.tick(), 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  tick(): Promise<unknown> {
    this.running ??= this.detect(this.clock.now()).catch((error) => this.logger.warn(`alarms: ${(error as Error).message}`)).finally(() => { this.running = null; });
    return this.running;
  }

  /** Records and announces the alarms due at `now`; returns them. */
  async detect(now: Date): Promise<ClearanceAlarm[]> {
    const rows: { alarm: ClearanceAlarm }[] = await this.dataSource.query(
      `with due as (
         select t.declaration_id, th.hours, t.direction, ${CLOCK_START} as since
           from clearance_times t cross join unnest($2::int[]) as th(hours)
          where t.released_at is null and t.closed_at is null and ${CLOCK_START} is not null
            and ${CLOCK_START} <= $1::timestamptz - make_interval(hours => th.hours)
       ), a as (
         insert into clearance_alarms (declaration_id, threshold_hours, direction, since, passed_at, detected_at)
         select declaration_id, hours, direction, since, since + make_interval(hours => hours), $1 from due
         on conflict do nothing returning *
       )
       select ${ALARM_JSON} as alarm, pg_notify('sw_oversight', ${ALARM_JSON}::text)
         from a join clearance_times t using (declaration_id) order by a.passed_at`,
      [now, ALARM_HOURS],
    );
    return rows.map((r) => normalized(r.alarm));
  }

  /** The alarms of shipments still unreleased, newest first (what a stream sends when it opens). */
  async standing(limit = 200): Promise<ClearanceAlarm[]> {
    const rows: { alarm: ClearanceAlarm }[] = await this.dataSource.query(
      `select ${ALARM_JSON} as alarm from clearance_alarms a join clearance_times t using (declaration_id)
        where t.released_at is null and t.closed_at is null order by a.passed_at desc, a.declaration_id limit $1`, [limit]);
    return rows.map((r) => normalized(r.alarm));
  }
}

/** The alarms as every instance hears them (`sw_oversight`). */
@Injectable()
export class OversightAlarmFeed extends PgChannel {
  private readonly alarms = new Subject<ClearanceAlarm>();

  constructor(@Inject(DATABASE_URL) url: string) {
    super(url, 'sw_oversight');
  }

  get stream(): Observable<ClearanceAlarm> {
    return this.alarms.asObservable();
  }

  protected receive(payload: string): void {
    try {
      this.alarms.next(normalized(JSON.parse(payload) as ClearanceAlarm));
    } catch {
      /* not an alarm */
    }
  }

  protected close(): void {
    this.alarms.complete();
  }
}
