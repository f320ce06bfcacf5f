import type { AppConfig, Clock } from '@sw/platform';
import type { DeciderRepository, RecordedEvent } from '@sw/event-store';
import { roadExport } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AgencyCases } from './agency-cases';
import { ClearanceProcess } from './clearance.process';

/**
 * A batch that fails on a database error is handed again by the subscription runner: the
 * retry must read again, not replay the failure. (The active alerts are read once per batch; a
 * failed read was kept, so after an outage every retry failed with the outage's error until an
 * alert event happened to pass.)
 */
describe('ClearanceProcess: a batch retried after a failed read', () => {
  function submitted(): RecordedEvent {
    const id = randomUUID();
    return {
      streamId: `declaration-${id}`, revision: 0, position: '1/1', id: randomUUID(), type: 'DeclarationSubmitted', recordedAt: new Date().toISOString(),
      data: { declaration: roadExport() },
      metadata: { correlationId: id, actor: { kind: 'enterprise', id: 'x' }, occurredAt: new Date().toISOString(), schemaVersion: 1, hash: '' },
    } as RecordedEvent;
  }

  it('reads the active alerts again on the retry, and opens the cases', async () => {
    let alertReads = 0;
    const manager = {
      query: async (sql: string) => {
        if (/from clearance_alerts/.test(sql) && ++alertReads === 1) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return [];
      },
    };
    const opened: string[] = [];
    const cases = {
      handleAll: async (agency: string) => {
        opened.push(agency);
        return { events: [], eventIds: [] };
      },
      handle: async () => ({ events: [], eventIds: [] }),
    } as unknown as AgencyCases;
    const repository = { handle: async () => ({ events: [], eventIds: [], state: {} }) } as unknown as DeciderRepository;
    const clock: Clock = { now: () => new Date() } as Clock;
    const process = new ClearanceProcess(repository, cases, clock, { riskRandomSelection: false } as unknown as AppConfig, { manager } as unknown as DataSource);

    const batch = [submitted()];
    await expect(process.handle(batch)).rejects.toThrow('ECONNREFUSED');
    expect(opened).toEqual([]);
    await process.handle(batch);
    expect(alertReads).toBe(2);
    expect(opened.length).toBeGreaterThan(0);
  });
});
