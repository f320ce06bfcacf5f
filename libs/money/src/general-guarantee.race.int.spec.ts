import { DeciderRepository, DomainError, PostgresEventStore, type CommandContext } from '@sw/event-store';
import { guaranteeStream } from '@sw/shipment';
import { createTestDatabase, type TestDatabase } from '@sw/test-support';
import fc from 'fast-check';
import { generalGuaranteeDecider, type GeneralGuaranteeCommand } from './domain/general-guarantee';

/**
 * Two instances of the engine (each its own store connection pool and repository) draw on one
 * general guarantee at the same time, for random declarations and amounts (summaries, and 两步申报
 * final differences drawn or given back), while statement
 * payments restore it. Whatever the interleaving: the balance never goes negative, it equals
 * lodged − drawn + restored, and no declaration draws twice. The stream's revision is what
 * serializes them (a conflicting append is decided again on the fresh state).
 */
describe('general guarantee under concurrent draws from two instances (PostgreSQL)', () => {
  let database: TestDatabase;
  let stores: PostgresEventStore[];
  let instances: DeciderRepository[];
  const HOLDER = '91310115MA1HK7Q24A';

  beforeAll(async () => {
    database = await createTestDatabase();
    await PostgresEventStore.createSchema(database.url);
    stores = [0, 1].map(() => new PostgresEventStore({ connectionString: database.url, pollIntervalMs: 100 }));
    instances = stores.map((store) => new DeciderRepository(store, { maxAttempts: 50 }));
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await database.drop();
  });

  const context = (correlationId: string): CommandContext => ({ correlationId, actor: { kind: 'system', id: 'race' }, now: new Date('2026-11-10T02:00:00.000Z') });

  it('property: balance ≥ 0 and = lodged − drawn + restored; each declaration draws at most once', async () => {
    let run = 0;
    // A draw is a summary's (Draw), a 两步申报 final difference (DrawFinal) or a final lower than the summary (ReduceDraw).
    const draw = fc.record({
      declaration: fc.integer({ min: 1, max: 8 }), cents: fc.integer({ min: 1, max: 400_000 }), instance: fc.integer({ min: 0, max: 1 }),
      kind: fc.constantFrom('Draw' as const, 'Draw' as const, 'DrawFinal' as const, 'ReduceDraw' as const),
    });
    await fc.assert(fc.asyncProperty(fc.integer({ min: 100_000, max: 1_000_000 }), fc.array(draw, { minLength: 2, maxLength: 16 }), fc.boolean(), async (lodgedCents, draws, payMidway) => {
      const guaranteeId = `race-${++run}`;
      const stream = guaranteeStream(guaranteeId);
      const lodged = lodgedCents / 100;
      await instances[0]!.handle(stream, generalGuaranteeDecider, {
        type: 'LodgeGuarantee', guaranteeId, holder: HOLDER, amount: lodged, currency: 'CNY', validUntil: '2026-12-31', reference: `BG-${run}`, bank: 'BOC', now: new Date('2026-11-10T02:00:00.000Z'),
      }, context(guaranteeId));
      const attempt = async (command: GeneralGuaranteeCommand, instance: number) => {
        try {
          await instances[instance]!.handle(stream, generalGuaranteeDecider, command, context(guaranteeId));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error; // insufficient balance, nothing outstanding: answers, not failures
        }
      };
      const now = new Date('2026-11-10T02:00:00.000Z');
      const racing = draws.map((d) => attempt(d.kind === 'ReduceDraw'
        ? { type: 'ReduceDraw', declarationId: `d-${d.declaration}`, amount: d.cents / 100, reason: 'final lower', now }
        : { type: d.kind, declarationId: `d-${d.declaration}`, declarant: HOLDER, amount: d.cents / 100, now }, d.instance));
      if (payMidway) {
        // A statement payment lands in the middle of the race, for whatever was owed when it was read.
        racing.splice(draws.length >> 1, 0, (async () => {
          const { state } = await instances[1]!.load(stream, generalGuaranteeDecider);
          const owed = state.uses.filter((u) => u.paidBy === null).reduce((sum, u) => sum + u.amount, 0);
          if (owed > 0) await attempt({ type: 'ConfirmStatementPayment', month: '2026-11', amount: Math.round(owed * 100) / 100, currency: 'CNY', reference: `STMT-${run}`, bank: 'ICBC', now }, 1);
        })());
      }
      await Promise.all(racing);

      const { state, events } = await instances[0]!.load(stream, generalGuaranteeDecider);
      const sum = (type: string) => events.filter((e) => e.type === type).reduce((s, e) => s + (e.data as { amount: number }).amount, 0);
      expect(state.balance).toBeGreaterThanOrEqual(0);
      expect(state.balance).toBeCloseTo(lodged - sum('GuaranteeDrawn') + sum('GuaranteeRestored') + sum('GuaranteeDrawReduced'), 2);
      // Each declaration drew its summary once and its final difference once, and was given back at most once.
      const drawsOf = events.filter((e) => e.type === 'GuaranteeDrawn').map((e) => { const d = e.data as { declarationId: string; part?: string }; return `${d.declarationId}:${d.part ?? ''}`; });
      expect(new Set(drawsOf).size).toBe(drawsOf.length);
      const reductions = events.filter((e) => e.type === 'GuaranteeDrawReduced').map((e) => (e.data as { declarationId: string }).declarationId);
      expect(new Set(reductions).size).toBe(reductions.length);
      // Every recorded balance along the way was non-negative too.
      for (const e of events) if ('balanceAfter' in (e.data as object)) expect((e.data as { balanceAfter: number }).balanceAfter).toBeGreaterThanOrEqual(0);
    }), { numRuns: 12 });
  });
});
