import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENTERPRISES, eventually, seaImport, withServer, runSwctl, type SwctlRun } from '@sw/test-support';

/**
 * The risk engine uses the inspection list in force, not the one it loaded at start: an operator
 * imports a version of the list (swctl reference import) that puts laptops (8471 30) on it as
 * perishable goods (a test fixture, not the real catalogue) while the server runs. Laptops filed
 * before are routed to customs alone, at the priority of an AEO-advanced enterprise (2); filed
 * after, they are routed to inspection too, and every agency's risk assessment ranks them as
 * perishable goods of an AEO-advanced enterprise (3) — without a restart.
 */

function swctl(args: string[], databaseUrl: string): Promise<SwctlRun> {
  return runSwctl(args, { unset: ['DATA_DIR', 'SEEDS_DIR', 'FORCE_COLOR'], env: { DATABASE_URL: databaseUrl } });
}

describe('reference data: the risk engine picks up a new inspection list without a restart', () => {
  const world = withServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-reference-risk-'));
  const importer = () => world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc); // AEO advanced
  const run = (...args: string[]) => swctl(args, world.sw.database.url);
  const assessed = (id: string, agency: 'customs' | 'inspection') => eventually(async () => {
    const event = (await world.store.readStream(`${agency}-${id}`)).find((e) => e.type === 'RiskAssessed');
    if (!event) throw new Error(`no ${agency} risk assessment yet for ${id}`);
    return event.data as { priority: number };
  });

  it('laptops filed after the import are on the list: routed to inspection, ranked perishable by every agency', async () => {
    const before = await importer().post('/v1/declarations', seaImport());
    expect(before.status).toBe(202);
    expect((await assessed(before.body.id, 'customs')).priority).toBe(2);

    const file = path.join(dir, 'inspection-list.csv');
    expect((await run('reference', 'export', 'inspection-list', '--out', file)).code).toBe(0);
    writeFileSync(file, `${readFileSync(file, 'utf8')}847130,test-perishable-laptops,便携式电脑（测试）,M,A,true,false,e2e fixture\n`);
    const clock = await world.sw.request('GET', '/v1/dev/clock');
    const today = new Date(Date.parse(clock.body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    const stored = await run('reference', 'import', 'inspection-list', file, '--effective-from', today, '--json');
    expect(stored.code).toBe(0);
    expect(JSON.parse(stored.stdout)).toMatchObject({ diff: { added: ['847130'], changed: [], removed: [] } });
    await eventually(async () => {
      const found = await world.sw.request('GET', `/v1/reference/inspection-list?q=847130&asOf=${today}`);
      expect(found.body.total).toBe(1);
    });

    const after = await eventually(async () => {
      const filed = await importer().post('/v1/declarations', seaImport());
      expect(filed.status).toBe(202);
      const view = await eventually(async () => {
        const v = (await importer().get(`/v1/declarations/${filed.body.id}`)).body;
        expect(v.agencies.customs).toBeDefined();
        return v;
      });
      expect(Object.keys(view.agencies).sort()).toEqual(['customs', 'inspection']);
      return filed.body.id as string;
    });
    expect((await assessed(after, 'customs')).priority).toBe(3);
    expect((await assessed(after, 'inspection')).priority).toBe(3);
    // The declaration filed before keeps what it was assessed with.
    expect((await assessed(before.body.id, 'customs')).priority).toBe(2);
  });
});
