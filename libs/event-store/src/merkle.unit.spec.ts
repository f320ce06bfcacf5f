import { MerkleFrontier, merkleRootOf } from './merkle';

const hashes = (n: number, salt = '') => Array.from({ length: n }, (_, i) => `${salt}${i.toString(16).padStart(64, '0')}`);

describe('the Merkle frontier over event hashes', () => {
  it.each([0, 1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 100])('gives the RFC 6962 tree hash of %i leaves', (n) => {
    const frontier = new MerkleFrontier();
    for (const h of hashes(n)) frontier.add(h);
    expect(frontier.count).toBe(n);
    expect(frontier.root()).toBe(merkleRootOf(hashes(n)));
  });

  it('takes any text as a leaf, not only 64 hex digits (a tampered hash may be anything)', () => {
    const leaves = ['', 'x', 'ä'.repeat(32), 'F'.repeat(64), ...hashes(5, 'salt'), ...hashes(6)];
    const frontier = new MerkleFrontier();
    for (const h of leaves) frontier.add(h);
    expect(frontier.root()).toBe(merkleRootOf(leaves));
  });

  it('carries on from a saved state as if it had never stopped', () => {
    const first = new MerkleFrontier();
    for (const h of hashes(37).slice(0, 21)) first.add(h);
    const resumed = new MerkleFrontier(JSON.parse(JSON.stringify(first.state())));
    for (const h of hashes(37).slice(21)) resumed.add(h);
    expect(resumed.root()).toBe(merkleRootOf(hashes(37)));
    expect(() => new MerkleFrontier({ count: 3, nodes: ['00'] })).toThrow(RangeError);
  });

  it('changes when an event is changed, removed, inserted or two are swapped', () => {
    const base = hashes(10);
    const root = merkleRootOf(base);
    const changed = [...base];
    changed[4] = 'f'.repeat(64);
    const swapped = [...base];
    [swapped[2], swapped[3]] = [swapped[3], swapped[2]];
    for (const other of [changed, base.slice(0, 9), [...base.slice(0, 5), ...base.slice(6)], [...base, 'a'], swapped]) {
      expect(merkleRootOf(other)).not.toBe(root);
    }
  });
});
