import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MerkleFrontier, readEventHashes } from '@sw/event-store';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@sw/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { ProofTables, type Checkpoint } from './proof.tables';
import { signCompact, SigningKeys } from './signing-keys';

/** Event hashes read at a time while a checkpoint extends the tree. */
const BATCH = 20_000;

/**
 * Signed checkpoints (API.md, "Proof beyond the database"): every CHECKPOINT_INTERVAL seconds,
 * when events were added, `{ position, events, root, at }` — the Merkle root over every event
 * hash up to `position` in commit order — signed with the server's Ed25519 key. Each checkpoint
 * keeps the tree's frontier, so the next one reads only the events after it. One instance signs
 * at a time (an advisory lock); workers sign, `api` instances and tools do not. The PostgreSQL
 * event store only: with EventStoreDB there is no events table to sign (docs/operations.md).
 */
@Injectable()
export class CheckpointSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running: Promise<Checkpoint | null> | null = null;
  private readonly logger = new Logger('CheckpointSigner');

  constructor(
    private readonly dataSource: DataSource,
    private readonly tables: ProofTables,
    private readonly keys: SigningKeys,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api' || this.config.eventStore !== 'postgres') return;
    this.timer = setInterval(() => void this.tick(), this.config.checkpointIntervalSeconds * 1000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Signs a checkpoint now when events were added since the last; the new checkpoint, or null. */
  tick(): Promise<Checkpoint | null> {
    this.running ??= this.dataSource.transaction((manager) => this.sign(manager))
      .catch((error) => {
        this.logger.warn(`checkpoint: ${(error as Error).message}`);
        return null;
      })
      .finally(() => { this.running = null; });
    return this.running;
  }

  private async sign(manager: EntityManager): Promise<Checkpoint | null> {
    const [{ locked }] = await manager.query(`select pg_try_advisory_xact_lock(hashtext('sw_checkpoints')) as locked`);
    if (!locked) return null; // another instance is signing
    const last = await this.tables.last(manager);
    const frontier = new MerkleFrontier(last?.frontier);
    const db = { query: async <Row extends object>(text: string, values?: unknown[]) => ({ rows: (await manager.query(text, values)) as Row[] }) };
    let position = last?.position ?? null;
    for (;;) {
      const batch = await readEventHashes(db, position, BATCH);
      for (const row of batch) frontier.add(row.hash);
      if (batch.length < BATCH) {
        position = batch.at(-1)?.position ?? position;
        break;
      }
      position = batch[batch.length - 1].position;
    }
    if (!position || frontier.count === (last?.events ?? 0)) return null;
    const key = await this.keys.current();
    const signed = { position, events: frontier.count, root: frontier.root(), at: this.clock.now().toISOString() };
    const checkpoint: Checkpoint = { ...signed, kid: key.kid, jws: await signCompact(key, signed, 'sw-checkpoint') };
    await this.tables.insert(manager, checkpoint, frontier.state());
    return checkpoint;
  }
}
