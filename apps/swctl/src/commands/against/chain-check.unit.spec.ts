import { canonicalEventText, chainHash } from '@sw/event-store';
import { FIELDS, unchainedEvents } from './chain-check';
import { HashingPool } from './hashing-pool';

/** A stream of n events as the reader hands them over: previous stored hash, fields, JSON texts, stored hash. */
function stream(n: number): string[] {
  const texts: string[] = [];
  let previous = '';
  for (let revision = 0; revision < n; revision++) {
    const metadata = { correlationId: 'c', actor: { kind: 'system', id: 'x' }, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 };
    const event = { streamId: 's-1', id: `id-${revision}`, type: 'T', data: { revision, 名称: '电子产品', b: [1.5, null] }, metadata };
    const hash = chainHash(previous, canonicalEventText(event as never));
    // PostgreSQL's jsonb text: its own key order and spacing.
    texts.push(previous, event.streamId, event.id, event.type, JSON.stringify({ b: [1.5, null], revision, 名称: '电子产品' }, null, 1), JSON.stringify({ ...metadata, hash }), hash);
    previous = hash;
  }
  return texts;
}

describe('verify --against: the chain check of the hashing threads', () => {
  it('finds nothing wrong with an intact stream, whatever the JSON text\'s key order and spacing', () => {
    expect(unchainedEvents(stream(5))).toEqual([]);
  });

  it('names each event whose content or hash no longer agree, and text that is not JSON', () => {
    const texts = stream(5);
    texts[1 * FIELDS + 4] = texts[1 * FIELDS + 4].replace('电子产品', '服装'); // data changed, hash kept
    texts[3 * FIELDS + 6] = 'f'.repeat(64); // stored hash changed
    texts[4 * FIELDS + 5] = '{not json';
    expect(unchainedEvents(texts)).toEqual([1, 3, 4]);
  });

  it('gives the same answer inline (a pool of no threads works inline)', async () => {
    const pool = new HashingPool(0);
    const texts = stream(3);
    texts[2 * FIELDS + 3] = 'Other';
    await expect((await pool.check(texts)).broken).resolves.toEqual([2]);
    await pool.close();
  });
});
