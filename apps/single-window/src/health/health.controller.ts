import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, type EventStore } from '@sw/event-store';
import { ADMISSION_CONTROL, Public, type AdmissionControl } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { SubscriptionHost } from '../subscription-host';

type Check = { status: 'up' | 'down'; latencyMs?: number; error?: string; [key: string]: unknown };

async function timed(probe: () => Promise<unknown>, timeoutMs = 2000): Promise<Check> {
  const started = performance.now();
  try {
    await Promise.race([probe(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { status: 'up', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { status: 'down', error: (error as Error).message };
  }
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly dataSource: DataSource, @Inject(EVENT_STORE) private readonly store: EventStore, private readonly subscriptions: SubscriptionHost,
    @Inject(ADMISSION_CONTROL) private readonly admission: AdmissionControl) {}

  @Get('health')
  @ApiOperation({ summary: 'Database, event store, subscription lag and the pipeline backlog (admission control); 503 when the server cannot serve' })
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, eventStore] = await Promise.all([timed(() => this.dataSource.query('select 1')), timed(() => this.store.ping())]);
    const items = database.status === 'up' ? await this.subscriptions.status() : [];
    const stalled = items.filter((s) => s.state === 'retrying' && s.failures >= 3);
    const healthy = database.status === 'up' && eventStore.status === 'up' && stalled.length === 0;
    reply.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'unavailable',
      checks: {
        database,
        eventStore: { ...eventStore, adapter: this.store.name },
        subscriptions: { status: stalled.length ? 'down' : 'up', items },
        // Shedding new submissions is the server protecting what it accepted, not a failure: still 200.
        admission: this.admission.status(),
      },
    };
  }
}
