import { Inject, Injectable } from '@nestjs/common';
import { EventSubscriber, type RecordedEvent, type Subscriber } from '@sw/event-store';
import { CLOCK, EngineClock } from '@sw/platform';
import { Column, Entity, PrimaryColumn, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import { ENGINE_CLOCK_STREAM, type ClockAdvanced } from './engine-clock.decider';

@Entity({ name: 'engine_clock' })
export class EngineClockRow {
  @PrimaryColumn({ type: 'int' }) id: number;
  /** Sum of every advance: adding (not setting) makes a twice-applied event visible. */
  @Column({ name: 'offset_ms', type: 'bigint' }) offsetMs: string;
  @Column({ type: 'int' }) advances: number;
}

export class EngineClockReadModel1763900000002 implements MigrationInterface {
  name = 'EngineClockReadModel1763900000002';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists engine_clock (id int primary key, offset_ms bigint not null, advances int not null)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists engine_clock');
  }
}

/** Keeps the engine clock's offset in a read model and in this instance's clock. */
@Injectable()
@EventSubscriber()
export class EngineClockProjection implements Subscriber {
  readonly name = 'engine-clock';
  readonly filter = { streamPrefixes: [ENGINE_CLOCK_STREAM] };
  readonly tables = ['engine_clock'];

  constructor(@Inject(CLOCK) private readonly clock: EngineClock) {}

  async handle(events: RecordedEvent[], manager: EntityManager): Promise<void> {
    let byMs = 0;
    let count = 0;
    for (const event of events) {
      if (event.streamId !== ENGINE_CLOCK_STREAM || event.type !== 'ClockAdvanced') continue;
      byMs += (event.data as ClockAdvanced['data']).byMs;
      count++;
    }
    if (count === 0) return;
    await manager.query(
      `insert into engine_clock (id, offset_ms, advances) values (1, $1, $2)
       on conflict (id) do update set offset_ms = engine_clock.offset_ms + excluded.offset_ms, advances = engine_clock.advances + excluded.advances`,
      [byMs, count],
    );
  }

  afterCommit(events: RecordedEvent[]): void {
    const last = events.filter((e) => e.type === 'ClockAdvanced').at(-1);
    if (last) this.clock.setOffset((last.data as ClockAdvanced['data']).offsetMs);
  }

  /** The offset as the read model has it (at start, and to follow other instances). */
  static async readOffset(manager: EntityManager): Promise<{ offsetMs: number; advances: number }> {
    const rows: { offset_ms: string; advances: number }[] = await manager.query('select offset_ms, advances from engine_clock where id = 1');
    return rows.length ? { offsetMs: Number(rows[0].offset_ms), advances: rows[0].advances } : { offsetMs: 0, advances: 0 };
  }
}
