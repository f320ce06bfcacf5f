import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ENTERPRISES, eventually, seaImport, withServer, runSwctl, type SwctlRun } from '@sw/test-support';

/**
 * The month's exchange rates and the licence catalogue as versioned lists: an operator imports
 * next month's customs rates (USD 7.5 instead of the shipped 7.1) and a licence rule (laptops,
 * 8471 30, need an automatic import licence, type 7), both effective ten days on, while the
 * server runs. A declaration filed before that day is valued at the old rate and needs no
 * licence; one filed after it, at the new rate, and is held for the missing licence. The rate
 * and the rule are test figures, not the published table or catalogue.
 */

function swctl(args: string[], databaseUrl: string): Promise<SwctlRun> {
  return runSwctl(args, { unset: ['DATA_DIR', 'SEEDS_DIR', 'FORCE_COLOR'], env: { DATABASE_URL: databaseUrl } });
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('reference data: exchange rates and licence rules in force on the filing day', () => {
  const world = withServer();
  const dir = mkdtempSync(path.join(tmpdir(), 'sw-reference-versions-'));
  const importer = () => world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const view = async (id: string) => (await world.actors.auditor().get(`/v1/declarations/${id}`)).body;
  const run = (...args: string[]) => swctl(args, world.sw.database.url);
  let today: string;
  let effective: string;
  let oldDeclaration: string;

  const dutiesOf = async (id: string) => eventually(async () => {
    const assessed = (await world.store.readStream(`customs-${id}`)).find((e) => e.type === 'DutiesAssessed');
    if (!assessed) throw new Error(`no duties assessed yet for ${id}`);
    return assessed.data as { customsValueCny: number; lines: { dutyRate: number }[] };
  });

  beforeAll(async () => {
    const clock = await world.sw.request('GET', '/v1/dev/clock');
    today = new Date(Date.parse(clock.body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    effective = addDays(today, 10);
  });

  it('refuses a rate table with bad rows, naming each, and a rule for a licence type that does not exist', async () => {
    const bad = path.join(dir, 'bad-rates.csv');
    writeFileSync(bad, 'currency,cnyPerUnit\nUSD,7.5\nEUR,-8\nJPY,abc\n');
    const refused = await run('reference', 'import', 'exchange-rates', bad, '--effective-from', effective);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3, cnyPerUnit: must be a number greater than 0 ("-8" is not)');
    expect(refused.stderr).toContain('line 4, cnyPerUnit: must be a number greater than 0 ("abc" is not)');
    expect(refused.stderr).toContain('nothing was stored');
    const unknownType = path.join(dir, 'bad-rules.csv');
    writeFileSync(unknownType, 'type,prefix,labelZh,labelEn\nQ,847130,便携式电脑,Laptops\n');
    const noType = await run('reference', 'import', 'license-requirements', unknownType, '--effective-from', effective);
    expect(noType.code).toBe(1);
    expect(noType.stderr).toContain('line 2, type: Q is not a licence type (监管证件代码) of the list in force on the effective date');
  }, 120_000);

  it('imports next month\'s rates and a licence rule effective in ten days; the running server picks them up', async () => {
    const rates = path.join(dir, 'exchange-rates.csv');
    const rules = path.join(dir, 'license-requirements.csv');
    expect((await run('reference', 'export', 'exchange-rates', '--out', rates)).code).toBe(0);
    expect((await run('reference', 'export', 'license-requirements', '--out', rules)).code).toBe(0);
    const exported = readFileSync(rates, 'utf8');
    expect(exported).toMatch(/^currency,cnyPerUnit\n/);
    expect(exported).toContain('\nUSD,7.1\n');
    writeFileSync(rates, exported.replace('\nUSD,7.1\n', '\nUSD,7.5\n'));
    writeFileSync(rules, `${readFileSync(rules, 'utf8')}7,847130,便携式电脑 (测试),Laptops (test rule)\n`);

    const dry = await run('reference', 'import', 'exchange-rates', rates, '--effective-from', effective, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, diff: { added: [], changed: ['USD'], removed: [] } });
    for (const [list, file, diff] of [['exchange-rates', rates, { changed: ['USD'] }], ['license-requirements', rules, { added: ['7 847130'] }]] as const) {
      const stored = await run('reference', 'import', list, file, '--effective-from', effective, '--json');
      expect(stored.code).toBe(0);
      expect(JSON.parse(stored.stdout)).toMatchObject({ version: 2, diff });
    }
    await eventually(async () => {
      const after = await world.sw.request('GET', `/v1/reference/exchange-rates?q=USD&asOf=${effective}`);
      expect(after.body.items).toEqual([{ currency: 'USD', cnyPerUnit: 7.5 }]);
    });
    const before = await world.sw.request('GET', `/v1/reference/exchange-rates?q=USD&asOf=${today}`);
    expect(before.body).toMatchObject({ version: { version: 1, kind: 'shipped' }, items: [{ currency: 'USD', cnyPerUnit: 7.1 }] });
    const rule = await world.sw.request('GET', `/v1/reference/license-requirements?q=847130&asOf=${effective}`);
    expect(rule.body.items).toEqual([{ rule: '7 847130', type: '7', prefix: '847130', labelZh: '便携式电脑 (测试)', labelEn: 'Laptops (test rule)' }]);
  }, 240_000);

  it('before the effective day: laptops are valued at the old rate and need no licence', async () => {
    const filed = await importer().post('/v1/declarations', seaImport());
    expect(filed.status).toBe(202);
    oldDeclaration = filed.body.id;
    // 50,000 USD, CIF, at 7.1.
    expect(await dutiesOf(oldDeclaration)).toMatchObject({ customsValueCny: 355000 });
  });

  it('from the effective day: the new rate values a new declaration, which is held for its missing licence; the old one keeps its rate and needs none', async () => {
    expect((await world.sw.request('POST', '/v1/dev/clock', { advance: 'P11D' })).status).toBe(202);
    const filed = await importer().post('/v1/declarations', seaImport());
    expect(filed.status).toBe(202);
    expect(await dutiesOf(filed.body.id)).toMatchObject({ customsValueCny: 375000 });
    const held = await eventually(async () => {
      const v = await view(filed.body.id);
      expect(v.licenses).toMatchObject({ status: 'failed', problems: [{ item: 0, hsCode: '8471300000', type: '7', reason: 'license-missing' }] });
      return v;
    });
    expect(held.licenses.problems).toHaveLength(1);
    expect(await dutiesOf(oldDeclaration)).toMatchObject({ customsValueCny: 355000 });
    const old = await view(oldDeclaration);
    expect(old.licenses?.status ?? 'not-required').not.toBe('failed');
  });
});
