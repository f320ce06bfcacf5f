import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { ShipmentAudit } from '@sw/audit';
import { percentile, round } from './stats';
import { openToolContext } from './tool-context';

/**
 * Replay of shipments: `ShipmentAudit.history(id)` then `stateAsOf(id, now)` for each sampled
 * shipment, one at a time, through createToolContext on the bench's database (the same Nest
 * providers the HTTP audit API calls, without HTTP, JSON rendering or auth). Shipments are
 * drawn at random among every released one in the store (pre-filled ones included), so at
 * 1M events most of them are cold, not the few the e2e run just wrote.
 */
export interface ReplayFigures { shipmentP50Ms: number; shipmentP99Ms: number }
export interface ReplayDetails {
  path: string;
  shipments: number;
  warmup: number;
  shipmentMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  historyMs: { p50: number; p99: number };
  stateAsOfMs: { p50: number; p99: number };
  eventsPerShipment: { mean: number; min: number; max: number };
  streamsPerShipment: { mean: number; min: number; max: number };
  eventsInStore: number;
}

export async function measureReplay(databaseUrl: string, options: { shipments: number; warmup: number; log: (line: string) => void }): Promise<{ figures: ReplayFigures; details: ReplayDetails }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  let ids: string[];
  let eventsInStore: number;
  try {
    const { rows } = await client.query<{ id: string }>(
      `select correlation_id as id from events where type = 'DeclarationReleased' order by random() limit $1`, [options.shipments + options.warmup]);
    ids = rows.map((r) => r.id);
    eventsInStore = Number((await client.query<{ n: string }>('select count(*) as n from events')).rows[0].n);
  } finally {
    await client.end();
  }
  if (ids.length === 0) throw new Error('replay: no released shipment in the store');
  const context = await openToolContext(databaseUrl, 2);
  try {
    const audit = context.app.get(ShipmentAudit);
    const total: number[] = [];
    const history: number[] = [];
    const state: number[] = [];
    const events: number[] = [];
    const streams: number[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      const t0 = performance.now();
      const entries = await audit.history(id);
      const t1 = performance.now();
      const view = await audit.stateAsOf(id, new Date());
      const t2 = performance.now();
      if (view.status !== 'released' && view.status !== 'exited') throw new Error(`replay: shipment ${id} replays to ${view.status}, not released`);
      if (i < options.warmup) continue;
      total.push(t2 - t0);
      history.push(t1 - t0);
      state.push(t2 - t1);
      events.push(entries.length);
      streams.push(new Set(entries.map((e) => e.stream)).size);
    }
    const stats = (values: number[]) => ({
      mean: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length), 1),
      min: Math.min(...values), max: Math.max(...values),
    });
    const details: ReplayDetails = {
      path: 'createToolContext (in process): ShipmentAudit.history(id) + stateAsOf(id, now), sequential',
      shipments: total.length,
      warmup: Math.min(options.warmup, ids.length),
      shipmentMs: {
        p50: round(percentile(total, 50), 2), p90: round(percentile(total, 90), 2), p99: round(percentile(total, 99), 2),
        max: round(percentile(total, 100), 2), mean: round(total.reduce((a, b) => a + b, 0) / Math.max(1, total.length), 2),
      },
      historyMs: { p50: round(percentile(history, 50), 2), p99: round(percentile(history, 99), 2) },
      stateAsOfMs: { p50: round(percentile(state, 50), 2), p99: round(percentile(state, 99), 2) },
      eventsPerShipment: stats(events),
      streamsPerShipment: stats(streams),
      eventsInStore,
    };
    options.log(`  replay: ${details.shipments} shipments (${details.eventsPerShipment.mean} events, ${details.streamsPerShipment.mean} streams each), ` +
      `p50 ${details.shipmentMs.p50} ms, p99 ${details.shipmentMs.p99} ms (history p50 ${details.historyMs.p50} ms, stateAsOf p50 ${details.stateAsOfMs.p50} ms)`);
    return { figures: { shipmentP50Ms: details.shipmentMs.p50, shipmentP99Ms: details.shipmentMs.p99 }, details };
  } finally {
    await context.close();
  }
}
