import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ENTERPRISES, eventually, seaImport, withServer, runSwctl, type SwctlRun } from '@sw/test-support';

/**
 * Reference data as operators run it: an operator exports the customs-office table and the
 * tariff, adds an office (二连, 0702) and a tariff line for laptops (8471 30 00, duty 5 %)
 * effective ten days on, and imports them with swctl while the server runs. Declarations filed
 * before that day keep the old tables (the office is refused, laptops pay no duty); after the
 * engine clock passes it, the new office is accepted and laptops pay 5 %. The 5 % is a test
 * figure, not the real tariff.
 */

function swctl(args: string[], databaseUrl: string): Promise<SwctlRun> {
  return runSwctl(args, { unset: ['DATA_DIR', 'SEEDS_DIR', 'FORCE_COLOR'], env: { DATABASE_URL: databaseUrl } });
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('reference data: versioned, importable, looked up in public', () => {
  const world = withServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-reference-'));
  const importer = () => world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  let today: string;
  let effective: string;
  let oldDeclaration: string;

  const run = (...args: string[]) => swctl(args, world.sw.database.url);
  const dutyRateOf = async (id: string) => eventually(async () => {
    const events = await world.store.readStream(`customs-${id}`);
    const assessed = events.find((e) => e.type === 'DutiesAssessed');
    if (!assessed) throw new Error(`no duties assessed yet for ${id}`);
    return (assessed.data as { lines: { dutyRate: number; vatRate: number }[] }).lines[0]!;
  });

  beforeAll(async () => {
    const clock = await world.sw.request('GET', '/v1/dev/clock');
    today = new Date(Date.parse(clock.body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    effective = addDays(today, 10);
  });

  it('serves the code lists without a token, searched by code or name', async () => {
    const byCode = await world.sw.request('GET', '/v1/reference/customs-offices?q=2248');
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({ list: 'customs-offices', asOf: today, version: { version: 1, kind: 'shipped', effectiveFrom: '2000-01-01' } });
    expect(byCode.body.items[0]).toMatchObject({ code: '2248' });
    const byName = await world.sw.request('GET', `/v1/reference/countries?q=${encodeURIComponent('德国')}`);
    expect(byName.body.items[0]).toMatchObject({ alpha3: 'DEU' });
    const wrong = await world.sw.request('GET', '/v1/reference/customs-offices?asOf=31-12-2026&pageSize=0');
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual(['asOf', 'pageSize']);
    expect((await world.sw.request('GET', '/v1/reference/planets')).status).toBe(404);
  });

  it('exports every shipped table from the database and imports it back unchanged (dry run: nothing added, changed or removed)', async () => {
    const lists = ['customs-offices', 'hs', 'tariff', 'countries', 'currencies', 'units', 'trade-modes', 'transport-modes', 'incoterms',
      'exchange-rates', 'tariff-defaults', 'bonded-trade-modes', 'license-types', 'license-requirements', 'inspection-list', 'holidays'];
    expect((await world.sw.request('GET', '/v1/reference')).body.lists.map((l: { name: string }) => l.name)).toEqual(lists);
    for (const list of lists) {
      const file = path.join(dir, `${list}.csv`);
      const exported = await run('reference', 'export', list, '--out', file);
      expect(exported.code).toBe(0);
      const dry = await run('reference', 'import', list, file, '--effective-from', effective, '--dry-run', '--json');
      expect(dry.code).toBe(0);
      expect(JSON.parse(dry.stdout)).toMatchObject({ list, dryRun: true, diff: { added: [], changed: [], removed: [] } });
    }
  }, 480_000);

  it('refuses a file with bad rows, naming each, and stores nothing', async () => {
    const bad = path.join(dir, 'bad-offices.csv');
    writeFileSync(bad, 'code,nameZh,parentCode\n0700,呼和浩特关区,\n07O2,二连海关,0700\n0703,,0700\n');
    const refused = await run('reference', 'import', 'customs-offices', bad, '--effective-from', effective);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, code: must be 4 digits ("07O2" is not)');
    expect(refused.stderr).toContain('line 4, nameZh: a value is required');
    expect(refused.stderr).toContain('nothing was stored');
    const db = new Client({ connectionString: world.sw.database.url });
    await db.connect();
    try {
      expect((await db.query(`select count(*)::int as n from reference_versions where kind = 'imported'`)).rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('imports a new office and a new tariff line effective in ten days; the running server picks them up', async () => {
    const offices = path.join(dir, 'customs-offices.csv');
    writeFileSync(offices, `${readFileSync(offices, 'utf8')}0702,二连海关 (test),0700,二连,,内蒙古,e2e fixture\n`);
    const tariff = path.join(dir, 'tariff.csv');
    writeFileSync(tariff, `${readFileSync(tariff, 'utf8')}84713000,0.05,,Portable computers (test rate)\n`);

    const dry = await run('reference', 'import', 'customs-offices', offices, '--effective-from', effective, '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/added\s+1: 0702/);
    expect(dry.stdout).toMatch(/removed\s+0/);
    for (const [list, file] of [['customs-offices', offices], ['tariff', tariff]]) {
      const stored = await run('reference', 'import', list!, file!, '--effective-from', effective, '--json');
      expect(stored.code).toBe(0);
      expect(JSON.parse(stored.stdout)).toMatchObject({ version: 2, diff: { added: [list === 'tariff' ? '84713000' : '0702'], changed: [], removed: [] } });
    }
    await eventually(async () => {
      const versions = await world.sw.request('GET', '/v1/reference');
      const offices = versions.body.lists.find((l: { name: string }) => l.name === 'customs-offices');
      expect(offices.versions.map((v: { version: number; effectiveFrom: string }) => [v.version, v.effectiveFrom])).toEqual([[1, '2000-01-01'], [2, effective]]);
    });
    const before = await world.sw.request('GET', `/v1/reference/tariff?q=84713000&asOf=${today}`);
    const after = await world.sw.request('GET', `/v1/reference/tariff?q=84713000&asOf=${effective}`);
    expect([before.body.total, after.body.items]).toEqual([0, [{ prefix: '84713000', dutyRate: 0.05, description: 'Portable computers (test rate)' }]]);
  }, 240_000);

  it('before the effective day: the new office is unknown and laptops pay the old duty', async () => {
    const refused = await importer().post('/v1/declarations', seaImport({ customsOffice: '0702' }));
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual({ field: 'customsOffice', message: expect.stringContaining('(0702 is not)') });
    const filed = await importer().post('/v1/declarations', seaImport());
    expect(filed.status).toBe(202);
    oldDeclaration = filed.body.id;
    expect(await dutyRateOf(oldDeclaration)).toMatchObject({ dutyRate: 0, vatRate: 0.13 });
  });

  it('from the effective day: the office is accepted, laptops pay 5 %, other national lines are refused, the old declaration keeps its duty', async () => {
    expect((await world.sw.request('POST', '/v1/dev/clock', { advance: 'P11D' })).status).toBe(202);
    const filed = await importer().post('/v1/declarations', seaImport({ customsOffice: '0702' }));
    expect(filed.status).toBe(202);
    expect(await dutyRateOf(filed.body.id)).toMatchObject({ dutyRate: 0.05, vatRate: 0.13 });
    expect(await dutyRateOf(oldDeclaration)).toMatchObject({ dutyRate: 0 });

    const otherLine = await importer().post('/v1/declarations', seaImport({
      items: [{ hsCode: '8471309000', description: 'portable computers', quantity: 1, unit: '001', value: 500, originCountry: 'USA' }],
    }));
    expect(otherLine.status).toBe(400);
    expect(otherLine.body.errors).toEqual([{ field: 'items[0].hsCode', message: expect.stringContaining('digits 7-8 are unknown: 84713090 is not a national tariff line of HS 2022 subheading 847130 (the tariff in force lists 84713000)') }]);
  });
});
