import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { EVENT_STORE, verifyChain, type EventStore, type RecordedEvent } from '@sw/event-store';
import { evolveStatusView, withLateFee, type StatusView } from '@sw/read-models';

export interface HistoryEntry {
  /** The event id: what later events name as their causationId. */
  id: string;
  stream: string;
  revision: number;
  position: string;
  type: string;
  data: unknown;
  metadata: { actor: RecordedEvent['metadata']['actor']; occurredAt: string; correlationId: string; causationId?: string; hash: string; schemaVersion: number };
  recordedAt: string;
}

export type Verdict =
  | { valid: true; events: number; streams: { stream: string; events: number }[] }
  | { valid: false; brokenAt: { stream: string; revision: number }; events: number; streams: { stream: string; events: number; valid: boolean }[] };

/**
 * What an auditor asks of a shipment, answered from the event store itself (never from a read
 * model that could drift): its history, its state at an instant, and the proof that no stored
 * event was changed.
 */
@Injectable()
export class ShipmentAudit {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async history(id: string, until?: Date): Promise<HistoryEntry[]> {
    const events = await this.store.readByCorrelation(id, { untilTime: until });
    if (events.length === 0) throw new NotFoundException(`No shipment ${id}`);
    return events.map((e) => ({
      id: e.id, stream: e.streamId, revision: e.revision, position: e.position, type: e.type, data: e.data,
      metadata: { actor: e.metadata.actor, occurredAt: e.metadata.occurredAt, correlationId: e.metadata.correlationId, causationId: e.metadata.causationId, hash: e.metadata.hash, schemaVersion: e.metadata.schemaVersion },
      recordedAt: e.recordedAt,
    }));
  }

  /** The status view as it stood at an instant: the events up to it, through the live projection's reducer. */
  async stateAsOf(id: string, asOf: Date): Promise<Omit<StatusView, 'examinationState'> & { asOf: string }> {
    const all = await this.store.readByCorrelation(id);
    if (all.length === 0) throw new NotFoundException(`No shipment ${id}`);
    const until = all.filter((e) => Date.parse(e.metadata.occurredAt) <= asOf.getTime());
    const view = until.reduce<StatusView | null>(evolveStatusView, null);
    if (!view) throw new NotFoundException(`Shipment ${id} was not yet declared at ${asOf.toISOString()}`);
    const { examinationState: _internal, ...shown } = withLateFee(view, asOf);
    return { ...shown, asOf: asOf.toISOString() };
  }

  /** Verifies the hash chain of every stream of the shipment, each read in full from revision 0. */
  async verify(id: string): Promise<Verdict> {
    const events = await this.store.readByCorrelation(id);
    if (events.length === 0) throw new NotFoundException(`No shipment ${id}`);
    const streams = [...new Set(events.map((e) => e.streamId))];
    const results = [];
    let total = 0;
    let broken: { stream: string; revision: number } | null = null;
    for (const stream of streams) {
      const verdict = verifyChain(await this.store.readStream(stream));
      total += verdict.events;
      results.push({ stream, events: verdict.events, valid: verdict.valid });
      if (!verdict.valid && !broken) broken = verdict.brokenAt;
    }
    return broken
      ? { valid: false, brokenAt: broken, events: total, streams: results }
      : { valid: true, events: total, streams: results.map(({ stream, events: n }) => ({ stream, events: n })) };
  }
}
