import type { CrossingEvent } from '@sw/manifest';
import type { Recorded } from '../row-projection';
import { evolveCrossingRow, type CrossingRow } from './crossings.projection';

// Border check's worklist row, event by event.
const at = '2026-12-06T08:00:00.000Z';
const on = (type: CrossingEvent['type'], data: Record<string, unknown>) => ({ streamId: 'crossing-c-1', type, data: { crossingId: 'c-1', ...data } }) as unknown as Recorded<CrossingEvent>;
const declared = on('CrossingDeclared', {
  carrier: '91152501MA0N7K2E4H', conveyance: '蒙K12345', direction: 'import', portOfEntry: '0700', crew: [{ name: 'Batbayar', document: 'E1234567' }],
  empty: false, declarations: ['d-1', 'd-2'], declaredBy: 'carrier', declaredAt: at,
});
const hit = { alertId: 'a-1', subject: { kind: 'crew', value: 'E1234567' }, action: 'hold', reason: 'wanted for questioning' };
const fold = (...events: Recorded<CrossingEvent>[]) => events.reduce<CrossingRow | undefined>((row, event) => evolveCrossingRow(row, event) ?? row, undefined);

describe('crossings read model: border check\'s worklist row', () => {
  it('a declared crossing waits, with its vehicle, crew and declarations', () => {
    expect(fold(declared)).toMatchObject({ id: 'c-1', status: 'declared', conveyance: '蒙K12345', declarations: ['d-1', 'd-2'], holds: [], decisions: [] });
  });

  it('held by an alert: the hold names the alert, its subject and reason (the catalogue words it)', () => {
    const row = fold(declared, on('CrossingAssessed', { alerts: [hit], assessedAt: at }), on('CrossingHeld', { reason: 'alert a-1 (crew E1234567): wanted for questioning', by: 'system', alertId: 'a-1', heldAt: at }));
    expect(row).toMatchObject({ status: 'held', decisions: [] });
    expect(row!.holds).toEqual([{ code: 'crossing-hold.alert', params: { alertId: 'a-1', subject: 'crew', value: 'E1234567', reason: 'wanted for questioning' }, at }]);
  });

  it("an officer's hold, release and refusal are decisions; the system's clearing is not", () => {
    expect(fold(declared, on('CrossingCleared', { reason: 'no alert', by: 'system', clearedAt: at }))).toMatchObject({ status: 'cleared', decisions: [] });
    const row = fold(declared, on('CrossingHeld', { reason: 'papers to check', by: 'officer:border:w', heldAt: at }), on('CrossingRefused', { reason: 'vehicle impounded', by: 'officer:border:w', refusedAt: at }));
    expect(row).toMatchObject({ status: 'refused', holds: [{ code: 'crossing-hold.officer', params: { reason: 'papers to check', by: 'officer:border:w' } }] });
    expect(row!.decisions.map((d) => d.decision)).toEqual(['hold', 'reject']);
  });

  it('exited once the gate opens; an event before the declaration changes nothing', () => {
    expect(fold(declared, on('CrossingCleared', { reason: 'x', by: 'system', clearedAt: at }), on('CrossingExited', { conveyance: '蒙K12345', portOfEntry: '0700', declarations: [], by: 'gate', exitedAt: at }))!.status).toBe('exited');
    expect(evolveCrossingRow(undefined, on('CrossingCleared', { reason: 'x', by: 'system', clearedAt: at }))).toBeNull();
  });
});
