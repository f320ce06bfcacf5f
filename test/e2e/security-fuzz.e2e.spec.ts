import { signHs256 } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { billOfLadingRequired } from '@sw/shipment';
import { startTestServer, type TestServer } from '@sw/test-support';
import fc from 'fast-check';
import { Client } from 'pg';

/**
 * Property-based tests of POST /v1/declarations with fast-check: thousands of generated
 * declarations thrown at the real server.
 *
 *  - Valid ones are built from the real code lists (seeds/reference: HS 2022 subheadings, customs
 *    offices, declarable transport modes, trade modes, Incoterms, currencies of account, units,
 *    countries, the demo enterprises with their USCCs), in every mode, with texts in several
 *    scripts: every one is accepted (202), and the engine processes them all (its subscriptions
 *    catch up and stay healthy).
 *  - Broken ones are a valid one with one mistake: a wrong type, a number out of range, an
 *    unknown code, a missing or an extra field, an odd character (controls, bidirectional
 *    overrides, lone surrogates), a list too short or too long, a mode rule broken, or not an
 *    object at all. Every one is a 400 as problem details whose errors name the field, and no
 *    event is written.
 *  - Nothing is ever a 5xx, and no answer carries a stack trace.
 *
 * Requests go in concurrent batches; the numbers of runs keep the file within about a minute.
 */
const SECRET = 'fuzz-secret-'.padEnd(48, 'f');
const INVALID_BATCHES = 150; // × 16 = 2,400 broken declarations
const VALID_BATCHES = 40; // × 16 = 640 valid declarations
const BATCH = 16;
const ARRIVAL_RUNS = 20; // × 16 = 320 arrival reports
const DAY = 86_400_000;
const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.(ts|js):\d+|"stack"/;

const reference = referenceData();
const lists = reference.lists;
const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);

const subheadings = lists.hs.filter((h) => /^\d{6}$/.test(h.code)).map((h) => h.code);
const offices = lists.customsOffices.map((o) => o.code);
const transportModes = lists.transportModes.filter((m) => m.declarable).map((m) => m.code);
const tradeModes = lists.tradeModes.map((m) => m.code);
const incoterms = lists.incoterms.map((t) => t.code);
const currencies = lists.currencies.filter((c) => c.minorUnits !== null).map((c) => c.code);
const units = lists.units.map((u) => u.code);
const countries = lists.countries.map((c) => c.alpha3);
const enterprises = lists.enterprises.map((e) => ({ uscc: e.uscc, name: e.nameEn, nameZh: e.nameZh }));

// ---------------------------------------------------------------------------------------------
// Valid declarations
// ---------------------------------------------------------------------------------------------

/** Characters a text may hold: Latin, accents, Chinese, Greek, emoji (surrogate pairs), punctuation, joiners. */
const SAFE = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789éüßçñØ中国电脑饼干冻牛肉钢材零件ΩΣλ', '📦', '🙂', '👩‍🔬', ' ', ' ', '-', ',', '.', '(', ')', '/', '%', '&', "'", '"', '\\', '#', '…', '\u00a0', '\u0301', '\u200d'];
const NON_SPACE = SAFE.filter((c) => c.trim() !== '' && !/^[\u0301\u200d]$/.test(c));
const text = (max: number) =>
  fc.tuple(pick(NON_SPACE), fc.string({ unit: pick(SAFE), maxLength: max - 1 })).map(([first, rest]) => first + rest)
    .filter((s) => [...s.trim()].length >= 1 && [...s].length <= max);
const word = (alphabet: string, min: number, max: number) => fc.string({ unit: pick([...alphabet]), minLength: min, maxLength: max });
const CAPS_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const conveyance = fc.oneof(
  fc.array(word(`${CAPS_DIGITS}abcxyz-`, 1, 8), { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')).filter((s) => s.length <= 40),
  fc.tuple(pick(['粤B', '沪A', '鲁B', '京A']), word('0123456789ABCDEF', 5, 5)).map(([prefix, plate]) => prefix + plate),
  pick(['COSCO SHIPPING ARIES', 'MAERSK EMDEN', 'X8024', 'CA1234']),
);
const decimals = (maxInteger: number, places: number) =>
  fc.tuple(fc.integer({ min: 1, max: maxInteger }), fc.integer({ min: 0, max: places })).map(([n, k]) => n / 10 ** k).filter((n) => n > 0);

const item = (withValue: fc.Arbitrary<boolean>) =>
  fc.record({
    hsCode: fc.tuple(pick(subheadings), word('0123456789', 4, 4)).map(([six, four]) => six + four),
    description: text(60),
    quantity: decimals(1_000_000_000, 5).filter((q) => q <= 1e9),
    unit: pick(units),
    value: decimals(100_000_000_000_000, 2).filter((v) => v <= 1e12),
    originCountry: pick(countries),
    hasValue: withValue,
  }).map(({ hasValue, ...line }) => {
    if (hasValue) return line;
    const { value: _value, ...withoutValue } = line;
    return withoutValue;
  });

type Body = Record<string, any>;

/** Incoterms under which an import must declare its freight (customs value is CIF: issue 19). */
const FREIGHT_TERMS = new Set(['FOB', 'FCA', 'FAS', 'EXW']);
/** Two-step declaration (两步申报) is for imports, and not for 失信 enterprises (issue 19). */
const twoStepDeclarants = enterprises.filter((e) => reference.creditRating(e.uscc) !== 'discredited');

const validDeclaration: fc.Arbitrary<Body> = fc.constantFrom('standard', 'advance', 'two-step').chain((mode) =>
  fc.record({
    mode: fc.constant(mode),
    direction: mode === 'two-step' ? fc.constant('import') : pick(['import', 'export']),
    declarant: pick(mode === 'two-step' ? twoStepDeclarants : enterprises)
      .chain((e) => fc.record({ uscc: fc.constant(e.uscc), name: fc.oneof(fc.constant(e.name), fc.constant(e.nameZh), text(200)) })),
    customsOffice: pick(offices),
    portOfEntry: pick(offices),
    transport: fc.record(
      { mode: pick(transportModes), conveyance, voyage: word(`${CAPS_DIGITS}./-`, 1, 20), billOfLading: word(`${CAPS_DIGITS}-`, 1, 40) },
      { requiredKeys: ['mode', 'conveyance', 'billOfLading'] },
    ),
    tradeMode: pick(tradeModes),
    incoterm: pick(incoterms),
    currency: pick(currencies),
    items: fc.array(item(mode === 'two-step' ? fc.boolean() : fc.constant(true)), { minLength: 1, maxLength: 6 }),
    documents: fc.uniqueArray(fc.record({ code: word('ABCDEFGHJKLMN', 1, 3), number: word(`${CAPS_DIGITS}-`, 1, 24) }), { maxLength: 4, selector: (d) => `${d.code}|${d.number}` }),
    summary: fc.record({ licenseRequired: fc.boolean(), inspectionRequired: fc.boolean(), dutiable: fc.boolean() }),
    withDocuments: fc.boolean(),
  }).map(({ withDocuments, summary, documents, ...body }) => ({
    ...body,
    // An import under FOB, FCA, FAS or EXW is declared under CIF here: its freight is another story (customs-value e2e).
    ...(body.direction === 'import' && FREIGHT_TERMS.has(body.incoterm) ? { incoterm: 'CIF' } : {}),
    ...(withDocuments ? { documents } : {}),
    ...(mode === 'two-step' ? { summary } : {}),
  })),
);

// ---------------------------------------------------------------------------------------------
// Broken declarations: a valid one and one mistake, with the field the answer must name
// ---------------------------------------------------------------------------------------------

interface Broken { body: unknown; field: string; mistake: string; orBody?: boolean }

const KNOWN_KEYS: Record<string, string[]> = {
  '': ['mode', 'direction', 'declarant', 'customsOffice', 'portOfEntry', 'transport', 'tradeMode', 'incoterm', 'currency', 'items', 'documents', 'summary'],
  declarant: ['uscc', 'name'],
  transport: ['mode', 'conveyance', 'voyage', 'billOfLading'],
  item: ['hsCode', 'description', 'quantity', 'unit', 'value', 'originCountry'],
  document: ['code', 'number'],
  summary: ['licenseRequired', 'inspectionRequired', 'dutiable'],
};
const TEXT_FIELDS = ['declarant.name', 'transport.conveyance', 'transport.billOfLading', 'items[0].description', 'documents[0].number'];

const get = (body: Body, path: string): any => path.split(/\.|\[(\d+)\]/).filter(Boolean).reduce((o, k) => (o == null ? undefined : o[k]), body);
function set(body: Body, path: string, value: unknown): void {
  const keys = path.split(/\.|\[(\d+)\]/).filter(Boolean);
  const parent = keys.slice(0, -1).reduce((o, k) => o[k], body);
  if (value === undefined) delete parent[keys.at(-1)!];
  else parent[keys.at(-1)!] = value;
}
/** Every field of a body, with its path as the API names it (`items[0].hsCode`). */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((entry, i) => [`${prefix}[${i}]`, ...paths(entry, `${prefix}[${i}]`)]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [prefix ? `${prefix}.${k}` : k, ...paths(v, prefix ? `${prefix}.${k}` : k)]);
  return [];
}
function required(body: Body): string[] {
  const result = [...KNOWN_KEYS[''].filter((k) => !['documents', 'summary'].includes(k))];
  if (body.mode === 'two-step') result.push('summary', 'summary.licenseRequired', 'summary.inspectionRequired', 'summary.dutiable');
  result.push('declarant.uscc', 'declarant.name', 'transport.mode', 'transport.conveyance');
  // 提运单号 may be left out only by the modes with no carrier's document (填制规范: 免予填报).
  if (billOfLadingRequired(body.transport.mode)) result.push('transport.billOfLading');
  body.items.forEach((line: Body, i: number) => {
    for (const k of KNOWN_KEYS.item) if (k !== 'value' || body.mode !== 'two-step') result.push(`items[${i}].${k}`);
    void line;
  });
  (body.documents ?? []).forEach((_: unknown, i: number) => result.push(`documents[${i}].code`, `documents[${i}].number`));
  return result;
}
function kindOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}
const WRONG: Record<string, unknown[]> = {
  string: [42, 0, true, null, [], ['x'], {}],
  number: ['12', '', true, null, [], {}],
  boolean: ['true', 1, 0, null, []],
  object: ['x', 7, true, null, []],
  array: ['x', 7, true, null, {}],
};
const clone = (body: Body): Body => JSON.parse(JSON.stringify(body));
const extraKey = word('abcdefghijklmnopqrstuvwxyz', 1, 10).filter((k) => !Object.values(KNOWN_KEYS).flat().includes(k) && !['constructor', 'prototype'].includes(k));
/** Control characters (C0, DEL, C1), bidirectional overrides and isolates, lone surrogates. */
const oddCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }), fc.constant(0x7f), fc.integer({ min: 0x80, max: 0x9f }),
  fc.integer({ min: 0x202a, max: 0x202e }), fc.integer({ min: 0x2066, max: 0x2069 }), fc.integer({ min: 0xd800, max: 0xdfff }),
).map((code) => String.fromCharCode(code));
const notIn = (arb: fc.Arbitrary<string>, valid: (code: string) => boolean) => arb.filter((code) => !valid(code));

const mistakes: Array<(body: Body) => fc.Arbitrary<Broken>> = [
  // a wrong type anywhere
  (body) => fc.tuple(pick(paths(body)), fc.nat()).map(([path, n]) => {
    const options = WRONG[kindOf(get(body, path))] ?? WRONG.string;
    const broken = clone(body);
    const wrong = options[n % options.length];
    set(broken, path, wrong);
    return { body: broken, field: path, mistake: `${path} = ${JSON.stringify(wrong)}` };
  }),
  // a required field missing
  (body) => pick(required(body)).map((path) => {
    const broken = clone(body);
    set(broken, path, undefined);
    return { body: broken, field: path, mistake: `no ${path}` };
  }),
  // an extra field in any object
  (body) => fc.tuple(pick(['', 'declarant', 'transport', 'items[0]', ...(body.documents?.length ? ['documents[0]'] : []), ...(body.summary ? ['summary'] : [])]), extraKey, fc.jsonValue({ maxDepth: 2 })).map(([at, key, value]) => {
    const broken = clone(body);
    (at ? get(broken, at) : broken)[key] = value;
    const field = at ? `${at}.${key}` : key;
    // A generated value may hold a __proto__ or constructor key: the parser refuses the body then.
    return { body: broken, field, mistake: `extra ${field}`, orBody: /"(__proto__|constructor)":/.test(JSON.stringify(value)) };
  }),
  // a number out of range
  (body) => fc.tuple(fc.nat({ max: body.items.length - 1 }), pick<[string, number]>([
    ['quantity', 0], ['quantity', -1], ['quantity', 1e9 + 1], ['quantity', 1.000001], ['quantity', 1e300], ['quantity', -0.5],
    ['value', 0], ['value', -0.01], ['value', 1e12 + 0.01], ['value', 10.005], ['value', Number.MAX_VALUE], ['value', 5e-324],
  ])).map(([i, [key, number]]) => {
    const broken = clone(body);
    broken.items[i][key] = number;
    return { body: broken, field: `items[${i}].${key}`, mistake: `items[${i}].${key} = ${number}` };
  }),
  // an unknown code
  (body) => fc.oneof(
    notIn(word('0123456789', 10, 10), (c) => reference.isValidHsCode(c)).map((c) => ['items[0].hsCode', c] as const),
    notIn(word('0123456789', 4, 4), (c) => !!reference.customsOffice(c)).map((c) => ['customsOffice', c] as const),
    notIn(word('0123456789', 4, 4), (c) => !!reference.customsOffice(c)).map((c) => ['portOfEntry', c] as const),
    notIn(word('0123456789', 4, 4), (c) => !!reference.tradeMode(c)).map((c) => ['tradeMode', c] as const),
    notIn(word('0123456789', 3, 3), (c) => !!reference.unit(c)).map((c) => ['items[0].unit', c] as const),
    notIn(word('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3, 3), (c) => currencies.includes(c)).map((c) => ['currency', c] as const),
    notIn(word('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 3, 3), (c) => countries.includes(c)).map((c) => ['items[0].originCountry', c] as const),
    notIn(word('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 2, 4), (c) => incoterms.includes(c)).map((c) => ['incoterm', c] as const),
    notIn(word('ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789 ', 1, 2), (c) => reference.transportMode(c)?.code === c && !!reference.transportMode(c)?.declarable)
      .map((c) => ['transport.mode', c] as const),
    pick(['express', 'Standard', 'STANDARD', 'two_step', '']).map((c) => ['mode', c] as const),
    pick(['in', 'Import', 'transit', '']).map((c) => ['direction', c] as const),
    pick(['XAU', 'XDR', 'XXX', 'usd', 'Usd']).map((c) => ['currency', c] as const),
    pick(offices).map((c) => ['customsOffice', ` ${c}`] as const),
    fc.nat({ max: 16 }).map((i) => {
      const uscc: string = body.declarant.uscc;
      const wrong = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').filter((ch) => ch !== uscc[17])[i];
      return ['declarant.uscc', uscc.slice(0, 17) + wrong] as const;
    }),
  ).map(([path, code]) => {
    const broken = clone(body);
    set(broken, path, code);
    return { body: broken, field: path, mistake: `${path} = ${JSON.stringify(code)}` };
  }),
  // an odd character inside a text
  (body) => fc.tuple(pick(TEXT_FIELDS.filter((p) => get(body, p) !== undefined)), oddCharacter, fc.nat()).map(([path, odd, n]) => {
    const broken = clone(body);
    const original: string = get(body, path);
    const at = 1 + (n % Math.max(1, original.length));
    set(broken, path, `${original.slice(0, at)}X${odd}X${original.slice(at)}`); // inside the text: trimming cannot drop it
    return { body: broken, field: path, mistake: `${path} with U+${odd.charCodeAt(0).toString(16).padStart(4, '0')}` };
  }),
  // a list too short or too long, the same document twice
  (body) => pick(['no items', '51 items', '21 documents', 'a document twice']).map((mistake) => {
    const broken = clone(body);
    if (mistake === 'no items') broken.items = [];
    if (mistake === '51 items') broken.items = Array.from({ length: 51 }, () => broken.items[0]);
    if (mistake === '21 documents') broken.documents = Array.from({ length: 21 }, (_, i) => ({ code: 'A', number: `N-${i}` }));
    if (mistake === 'a document twice') broken.documents = [{ code: 'A', number: 'N-1' }, { code: 'A', number: 'N-1' }];
    return { body: broken, field: mistake.includes('item') ? 'items' : 'documents', mistake };
  }),
  // a mode rule broken
  (body) => fc.constant(body).map(() => {
    const broken = clone(body);
    if (body.mode === 'two-step') {
      delete broken.summary;
      return { body: broken, field: 'summary', mistake: 'two-step without summary' };
    }
    broken.summary = { licenseRequired: false, inspectionRequired: false, dutiable: true };
    return { body: broken, field: 'summary', mistake: `${body.mode} with a summary` };
  }),
  // not an object at all
  () => pick<unknown>([null, [], 'declaration', 42, true, [{}]]).map((value) => ({ body: value, field: 'mode', mistake: `a body of ${JSON.stringify(value)}` })),
];

const brokenDeclaration: fc.Arbitrary<Broken> = fc.tuple(validDeclaration, fc.nat({ max: mistakes.length - 1 })).chain(([body, n]) => mistakes[n](body));

// ---------------------------------------------------------------------------------------------

describe('fuzzing POST /v1/declarations (fast-check)', () => {
  let sw: TestServer;
  let db: Client;
  const tokens = new Map(enterprises.map((e) => [e.uscc, signHs256({ sub: `fuzz:${e.uscc}`, role: 'enterprise', uscc: e.uscc }, SECRET)]));
  const anyToken = tokens.values().next().value!;

  beforeAll(async () => {
    sw = await startTestServer({ DEV_MODE: 'off', JWT_SECRET: SECRET, RISK_RANDOM_SELECTION: 'off' });
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  });

  const countEvents = async () => Number((await db.query('select count(*)::int as n from events')).rows[0].n);
  const submit = async (body: unknown) => {
    const uscc = (body as Body | null)?.declarant?.uscc;
    const token = (typeof uscc === 'string' && tokens.get(uscc)) || anyToken;
    const response = await fetch(`${sw.url}/v1/declarations`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    return { status: response.status, text, contentType: response.headers.get('content-type') ?? '', json: JSON.parse(text) };
  };

  it(`refuses ${INVALID_BATCHES * BATCH} broken declarations with 400 naming the field, never a 5xx, and writes no event`, async () => {
    const atStart = await countEvents();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.array(brokenDeclaration, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const before = await countEvents();
        const answers = await Promise.all(batch.map((broken) => submit(broken.body)));
        const wrong: string[] = [];
        answers.forEach((answer, i) => {
          const { field, mistake, orBody } = batch[i];
          seen.set(mistake.split(/ = | with |\[\d+\]/)[0], (seen.get(mistake.split(/ = | with |\[\d+\]/)[0]) ?? 0) + 1);
          const fields: string[] = (answer.json?.errors ?? []).map((e: { field: string }) => e.field);
          const named = fields.some((f) => f === field || f.startsWith(`${field}.`) || f.startsWith(`${field}[`) || (orBody && f === 'body'));
          if (answer.status !== 400 || !answer.contentType.startsWith('application/problem+json') || !named || STACK_TRACE.test(answer.text)
            || !(answer.json.errors as { message: unknown }[]).every((e) => typeof e.message === 'string' && e.message.length > 0)) {
            wrong.push(`${mistake}: ${answer.status} ${answer.text.slice(0, 300)}`);
          }
        });
        const after = await countEvents();
        if (after !== before) wrong.push(`${after - before} event(s) written by a batch of refused declarations`);
        if (wrong.length) throw new Error(wrong.join('\n'));
      }),
      { numRuns: INVALID_BATCHES, endOnFailure: true },
    );
    expect(await countEvents()).toBe(atStart);
    expect(seen.size).toBeGreaterThan(20); // many kinds of mistake were tried
  }, 120_000);

  it(`accepts ${VALID_BATCHES * BATCH} valid declarations built from the code lists (202), and processes every one`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(validDeclaration, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map(submit));
        const wrong = answers.map((answer, i) => (answer.status === 202 && answer.json.status === 'submitted' ? null : `${answer.status} ${answer.text.slice(0, 300)}\n  for ${JSON.stringify(batch[i]).slice(0, 600)}`)).filter(Boolean);
        accepted += answers.filter((a) => a.status === 202).length;
        if (wrong.length) throw new Error(wrong.join('\n'));
      }),
      { numRuns: VALID_BATCHES, endOnFailure: true },
    );
    expect(accepted).toBe(VALID_BATCHES * BATCH);
    await sw.server.subscriptions.waitUntilCaughtUp(60_000);
    const [{ n }] = (await db.query(`select count(*)::int as n from events where type = 'DeclarationSubmitted'`)).rows;
    expect(n).toBe(accepted);
    const [{ rows }] = (await db.query('select count(*)::int as rows from declaration_status')).rows.map((r) => ({ rows: r.rows }));
    expect(rows).toBe(accepted);
    const health = await sw.request('GET', '/health');
    expect(health.status).toBe(200);
    // Caught up (above) and never failed on any of them (`lag` counts events a filtered subscription skips, so it is not 0).
    for (const subscription of health.body.checks.subscriptions.items) expect(subscription).toMatchObject({ state: 'running', failures: 0 });
  }, 180_000);

  // 运抵报告 thrown at the declarations above: any port, conveyance and time, by operators of any port.
  it(`answers ${ARRIVAL_RUNS * BATCH} arbitrary arrival reports as the rules say: own port only, plausible times, matching only their port and conveyance`, async () => {
    const known: { id: string; bill_of_lading: string; port_of_entry: string; conveyance: string }[] =
      (await db.query('select id, bill_of_lading, port_of_entry, conveyance from declaration_status')).rows;
    expect(known.length).toBeGreaterThan(0);
    const byId = new Map(known.map((d) => [d.id, d]));
    const now = Date.now();
    const report = fc.record({
      declaration: pick(known),
      port: fc.oneof(pick(offices), fc.constant(null)), // null: the declaration's own port
      tokenPort: fc.oneof(pick(offices), fc.constant(null)), // null: the report's port
      conveyance: fc.oneof(conveyance, fc.constant(null)), // null: the declaration's own conveyance
      arrivedAt: fc.oneof(fc.integer({ min: 0, max: now + 3 * DAY }), fc.integer({ min: now - 9 * DAY, max: now + 2 * DAY })),
    });
    const normalized = (v: string) => v.toUpperCase().replace(/[\s\-·.]/g, '');
    await fc.assert(
      fc.asyncProperty(fc.array(report, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const wrong: string[] = [];
        await Promise.all(batch.map(async ({ declaration, port, tokenPort, conveyance: vehicle, arrivedAt }) => {
          const portOfEntry = port ?? declaration.port_of_entry;
          const body = { billOfLading: declaration.bill_of_lading, conveyance: vehicle ?? declaration.conveyance, portOfEntry, arrivedAt: new Date(arrivedAt).toISOString() };
          const token = signHs256({ sub: `fuzz:port:${tokenPort ?? portOfEntry}`, role: 'port-operator', port: tokenPort ?? portOfEntry }, SECRET);
          const response = await fetch(`${sw.url}/v1/arrivals`, {
            method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(15_000),
          });
          const text = await response.text();
          const json = JSON.parse(text);
          const say = (why: string) => wrong.push(`${why}: ${response.status} ${text.slice(0, 200)} for ${JSON.stringify(body)} (token port ${tokenPort ?? portOfEntry})`);
          if (response.status >= 500 || STACK_TRACE.test(text)) return say('a failure');
          if (tokenPort !== null && tokenPort !== portOfEntry) return response.status === 403 && json.code === 'port-not-yours' ? undefined : say('another port');
          if (arrivedAt < now - 7 * DAY + 60_000 || arrivedAt > now + DAY - 60_000) {
            if (Math.abs(arrivedAt - (now - 7 * DAY)) < 120_000 || Math.abs(arrivedAt - (now + DAY)) < 120_000) return; // at the edge: either answer
            return response.status === 409 && ['arrival-too-old', 'arrival-in-future'].includes(json.code) ? undefined : say('an implausible time');
          }
          if (response.status === 409 && json.code === 'arrival-already-reported') return;
          if (response.status !== 202) return say('refused');
          for (const id of json.matched as string[]) {
            const matched = byId.get(id);
            if (!matched || matched.port_of_entry !== portOfEntry || normalized(matched.conveyance) !== normalized(body.conveyance)) say(`matched ${id} of another port or conveyance`);
          }
        }));
        if (wrong.length) throw new Error(wrong.join('\n'));
      }),
      { numRuns: ARRIVAL_RUNS, endOnFailure: true },
    );
  }, 120_000);
});
