import { GroupCommit } from './group-commit';

/** A store whose statements finish when the test says: `many` and `one` record what ran. */
function fakeStore(options: { refuse?: (item: string) => boolean } = {}) {
  const statements: string[][] = [];
  const pending: (() => void)[] = [];
  const gate = () => new Promise<void>((resolve) => pending.push(resolve));
  const one = async (item: string) => {
    statements.push([item]);
    await gate();
    if (options.refuse?.(item)) throw new Error(`refused ${item}`);
    return `ok ${item}`;
  };
  const many = async (items: string[]) => {
    statements.push(items);
    await gate();
    if (items.some((item) => options.refuse?.(item))) throw new Error('the statement failed');
    return items.map((item) => `ok ${item}`);
  };
  const release = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { statements, one, many, release };
}

describe('group commit', () => {
  it('writes an append alone at once when a slot is free', async () => {
    const store = fakeStore();
    const group = new GroupCommit(store.many, store.one, { maxInFlight: 2 });
    const a = group.write('a');
    await store.release();
    expect(await a).toBe('ok a');
    expect(store.statements).toEqual([['a']]);
  });

  it('given every slot busy, when more appends arrive, then they go together in one statement, each with its own result', async () => {
    const store = fakeStore();
    const group = new GroupCommit(store.many, store.one, { maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd'].map((item) => group.write(item));
    await store.release();
    expect(await Promise.all(results)).toEqual(['ok a', 'ok b', 'ok c', 'ok d']);
    expect(store.statements).toEqual([['a'], ['b', 'c', 'd']]);
    expect(group.stats).toMatchObject({ statements: 2, grouped: 3, fallbacks: 0 });
  });

  it('caps a statement at maxBatch appends', async () => {
    const store = fakeStore();
    const group = new GroupCommit(store.many, store.one, { maxInFlight: 1, maxBatch: 2 });
    const results = ['a', 'b', 'c', 'd', 'e'].map((item) => group.write(item));
    await store.release();
    await Promise.all(results);
    expect(store.statements).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('given a group whose statement fails on one append, then each is written again alone, in order, and only that one fails', async () => {
    const store = fakeStore({ refuse: (item) => item === 'c' });
    const group = new GroupCommit(store.many, store.one, { maxInFlight: 1 });
    const results = ['a', 'b', 'c', 'd'].map((item) => group.write(item).catch((error: Error) => error.message));
    await store.release();
    expect(await Promise.all(results)).toEqual(['ok a', 'ok b', 'refused c', 'ok d']);
    expect(store.statements).toEqual([['a'], ['b', 'c', 'd'], ['b'], ['c'], ['d']]);
    expect(group.stats.fallbacks).toBe(1);
  });

  it('never runs more than maxInFlight statements at once', async () => {
    let running = 0;
    let most = 0;
    const slow = async <T>(value: T) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return value;
    };
    const group = new GroupCommit((items: number[]) => slow(items.map((i) => i * 2)), (item: number) => slow(item * 2), { maxInFlight: 3 });
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => group.write(i)));
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => i * 2));
    expect(most).toBeLessThanOrEqual(3);
    expect(group.stats.statements).toBeLessThan(200);
  });

  it('given no more writers than slots, when each appends again as soon as it is answered, then nothing is ever grouped (no added wait)', async () => {
    // Statements that all finish in the same tick: the answered writer appends again before the next tick.
    let tick: Promise<void> = Promise.resolve();
    const later = <V>(value: V) => (tick = tick.then(() => new Promise<void>((resolve) => setImmediate(resolve)))).then(() => value);
    const group = new GroupCommit((items: number[]) => later(items), (item: number) => later(item), { maxInFlight: 3 });
    const writer = async (w: number) => {
      for (let i = 0; i < 15; i++) expect(await group.write(w * 100 + i)).toBe(w * 100 + i);
    };
    await Promise.all([writer(0), writer(1), writer(2)]);
    expect(group.stats).toEqual({ statements: 45, grouped: 0, fallbacks: 0 });
  });
});
