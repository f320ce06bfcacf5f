import { Client } from 'pg';
import { Actors, ENTERPRISES, eventually, seaImport, startTestServer, type TestServer } from '@sw/test-support';

/**
 * The bad-declaration table through the real HTTP stack (Fastify's JSON parser and body limit,
 * the global ValidationPipe, the problem-details filter): every bad declaration is refused with
 * 400 (or 413 for a body over the limit) as problem details naming the offending field(s), no
 * event is written, no answer is a 5xx, no answer carries a stack trace, and a prototype-
 * pollution attempt pollutes nothing (the server runs in this process, so `({}).polluted`
 * would show it).
 */
describe('bad declarations through the API', () => {
  let sw: TestServer;
  let actors: Actors;
  let db: Client;

  beforeAll(async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    db = new Client({ connectionString: sw.database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await sw?.close();
  });

  const SHANGHAI = ENTERPRISES.shanghaiTrading;
  const NUL = String.fromCharCode(0);
  const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
  const REQUIRED = ['currency', 'customsOffice', 'declarant', 'direction', 'incoterm', 'items', 'mode', 'portOfEntry', 'tradeMode', 'transport'];

  /** A valid standard import by sea into Shanghai: two lines, two documents. */
  function standard(): any {
    const body = seaImport({ declarant: { ...SHANGHAI } });
    body.items.push({ hsCode: '8471410000', description: 'desktop computers', quantity: 20, unit: '001', value: 14000, originCountry: 'USA' });
    body.documents = [{ code: 'A', number: 'INV-2026-0001' }, { code: 'B', number: 'PL-2026-0001' }];
    return body;
  }
  /** A valid two-step summary declaration (两步申报): its items may leave out their value. */
  function twoStep(): any {
    const body = standard();
    body.mode = 'two-step';
    body.summary = { licenseRequired: false, inspectionRequired: false, dutiable: true };
    body.items = body.items.map(({ value: _value, ...item }: Record<string, unknown>) => item);
    return body;
  }
  /** The JSON text of a valid body with `raw` spliced in as the first member of the object at `at` ("" = the top level). */
  function splice(raw: string, at: 'top' | 'declarant' | 'items[0]' = 'top'): string {
    const text = JSON.stringify(standard());
    const anchor = at === 'top' ? '{' : at === 'declarant' ? '"declarant":{' : '"items":[{';
    const index = text.indexOf(anchor) + anchor.length;
    return `${text.slice(0, index)}${raw},${text.slice(index)}`;
  }
  /** A valid body's JSON text with one literal replaced (for what JSON.stringify cannot write: 1e999, escapes). */
  function replaceIn(from: string, to: string): string {
    const text = JSON.stringify(standard());
    if (!text.includes(from)) throw new Error(`${from} is not in the body`);
    return text.replace(from, to);
  }

  type Case = {
    name: string;
    /** An object is sent as JSON; a string is sent as it is, with content-type application/json. */
    body: unknown;
    status?: 400 | 413;
    /** The fields the errors must name, exactly (or, with `atLeast`, among others). */
    fields: string[];
    atLeast?: boolean;
    headers?: Record<string, string>;
  };
  const mutate = (make: () => any, change: (body: any) => void) => {
    const body = make();
    change(body);
    return body;
  };

  const cases: Case[] = [
    // declarant
    { name: 'a USCC with a wrong check character', body: mutate(standard, (b) => { b.declarant.uscc = `${SHANGHAI.uscc.slice(0, 17)}${SHANGHAI.uscc[17] === 'A' ? 'B' : 'A'}`; }), fields: ['declarant.uscc'] },
    { name: 'a lowercase USCC', body: mutate(standard, (b) => { b.declarant.uscc = SHANGHAI.uscc.toLowerCase(); }), fields: ['declarant.uscc'] },
    { name: 'a USCC as a number', body: mutate(standard, (b) => { b.declarant.uscc = 913101151234567890; }), fields: ['declarant.uscc'] },
    { name: 'a declarant name of white space only', body: mutate(standard, (b) => { b.declarant.name = '   '; }), fields: ['declarant.name'] },
    { name: 'a declarant name of 201 characters', body: mutate(standard, (b) => { b.declarant.name = '浦'.repeat(201); }), fields: ['declarant.name'] },
    { name: 'no declarant', body: mutate(standard, (b) => { delete b.declarant; }), fields: ['declarant'] },
    { name: 'the declarant as a list', body: mutate(standard, (b) => { b.declarant = [SHANGHAI]; }), fields: ['declarant'] },
    { name: 'an unknown field in the declarant', body: mutate(standard, (b) => { b.declarant.rating = 'aeo-advanced'; }), fields: ['declarant.rating'] },
    // header
    { name: 'an unknown mode', body: mutate(standard, (b) => { b.mode = 'express'; }), fields: ['mode'] },
    { name: 'no direction', body: mutate(standard, (b) => { delete b.direction; }), fields: ['direction'] },
    { name: 'an unknown customs office', body: mutate(standard, (b) => { b.customsOffice = '9999'; }), fields: ['customsOffice'] },
    { name: 'a customs office as a number', body: mutate(standard, (b) => { b.customsOffice = 2200; }), fields: ['customsOffice'] },
    { name: 'a port of entry with a leading space (codes are not trimmed)', body: mutate(standard, (b) => { b.portOfEntry = ' 2200'; }), fields: ['portOfEntry'] },
    { name: 'an unknown trade mode', body: mutate(standard, (b) => { b.tradeMode = '0111'; }), fields: ['tradeMode'] },
    { name: 'a lowercase incoterm', body: mutate(standard, (b) => { b.incoterm = 'cif'; }), fields: ['incoterm'] },
    { name: 'an unknown currency', body: mutate(standard, (b) => { b.currency = 'XYZ'; }), fields: ['currency'] },
    { name: 'gold as a currency', body: mutate(standard, (b) => { b.currency = 'XAU'; }), fields: ['currency'] },
    { name: 'an unknown top-level field', body: mutate(standard, (b) => { b.priority = 'urgent'; }), fields: ['priority'] },
    // transport
    { name: 'the statistical transport mode A', body: mutate(standard, (b) => { b.transport.mode = 'A'; }), fields: ['transport.mode'] },
    { name: 'a conveyance with an underscore', body: mutate(standard, (b) => { b.transport.conveyance = 'COSCO_ARIES'; }), fields: ['transport.conveyance'] },
    { name: 'a voyage of null', body: mutate(standard, (b) => { b.transport.voyage = null; }), fields: ['transport.voyage'] },
    { name: 'a lowercase bill of lading', body: mutate(standard, (b) => { b.transport.billOfLading = 'cosu123456'; }), fields: ['transport.billOfLading'] },
    { name: 'the transport as a string', body: mutate(standard, (b) => { b.transport = 'sea'; }), fields: ['transport'] },
    { name: 'an unknown field in the transport', body: mutate(standard, (b) => { b.transport.driver = 'Li'; }), fields: ['transport.driver'] },
    // items
    { name: 'an HS code of 9 digits', body: mutate(standard, (b) => { b.items[0].hsCode = '847130000'; }), fields: ['items[0].hsCode'] },
    { name: 'an HS code of a subheading that does not exist', body: mutate(standard, (b) => { b.items[1].hsCode = '0201990000'; }), fields: ['items[1].hsCode'] },
    { name: 'an unknown unit', body: mutate(standard, (b) => { b.items[1].unit = '024'; }), fields: ['items[1].unit'] },
    { name: 'an alpha-2 origin country', body: mutate(standard, (b) => { b.items[0].originCountry = 'US'; }), fields: ['items[0].originCountry'] },
    { name: 'a quantity as a string', body: mutate(standard, (b) => { b.items[0].quantity = '100'; }), fields: ['items[0].quantity'] },
    { name: 'a negative quantity', body: mutate(standard, (b) => { b.items[0].quantity = -5; }), fields: ['items[0].quantity'] },
    { name: 'a quantity with 6 decimals', body: mutate(standard, (b) => { b.items[0].quantity = 1.000001; }), fields: ['items[0].quantity'] },
    { name: 'a zero value', body: mutate(standard, (b) => { b.items[0].value = 0; }), fields: ['items[0].value'] },
    { name: 'a value above 1e12', body: mutate(standard, (b) => { b.items[0].value = 1e12 + 1; }), fields: ['items[0].value'] },
    { name: 'a value with 3 decimals', body: mutate(standard, (b) => { b.items[1].value = 14000.125; }), fields: ['items[1].value'] },
    { name: 'a standard item without value', body: mutate(standard, (b) => { delete b.items[1].value; }), fields: ['items[1].value'] },
    { name: 'a bell character in a description', body: mutate(standard, (b) => { b.items[0].description = 'portable\u0007computers'; }), fields: ['items[0].description'] },
    { name: 'a right-to-left override in a description', body: mutate(standard, (b) => { b.items[1].description = 'desktop \u202Epc'; }), fields: ['items[1].description'] },
    { name: 'no items', body: mutate(standard, (b) => { b.items = []; }), fields: ['items'] },
    { name: '51 items', body: mutate(standard, (b) => { b.items = many(51, () => standard().items[0]); }), fields: ['items'] },
    { name: 'an item that is null', body: mutate(standard, (b) => { b.items[1] = null; }), fields: ['items[1]'] },
    { name: 'an unknown field in an item', body: mutate(standard, (b) => { b.items[0].discount = 0.1; }), fields: ['items[0].discount'] },
    // documents
    { name: '21 documents', body: mutate(standard, (b) => { b.documents = many(21, (i) => ({ code: 'A', number: `CERT-${i}` })); }), fields: ['documents'] },
    { name: 'the same document twice', body: mutate(standard, (b) => { b.documents.push({ ...b.documents[0] }); }), fields: ['documents'] },
    { name: 'documents as an object', body: mutate(standard, (b) => { b.documents = { code: 'A', number: '1' }; }), fields: ['documents'] },
    // mode rules
    { name: 'a standard declaration with a summary', body: mutate(standard, (b) => { b.summary = { licenseRequired: false, inspectionRequired: false, dutiable: true }; }), fields: ['summary'] },
    { name: 'a two-step declaration without its summary', body: mutate(twoStep, (b) => { delete b.summary; }), fields: ['summary'] },
    { name: 'a summary flag as a string', body: mutate(twoStep, (b) => { b.summary.dutiable = 'yes'; }), fields: ['summary.dutiable'] },
    // several at once: every one is listed
    {
      name: 'five mistakes at once',
      body: mutate(standard, (b) => { b.currency = 'usd'; b.items[0].hsCode = '0201990000'; b.items[1].originCountry = 'XKX'; b.transport.mode = 'Q'; b.documents[1].number = ''; }),
      fields: ['currency', 'documents[1].number', 'items[0].hsCode', 'items[1].originCountry', 'transport.mode'],
    },
    { name: 'an empty object', body: {}, fields: REQUIRED },
    { name: 'a bad Idempotency-Key header on a good body', body: standard(), headers: { 'idempotency-key': 'key with spaces' }, fields: ['Idempotency-Key'] },
    // raw bodies: what a JSON object cannot say
    { name: 'invalid JSON (cut short)', body: JSON.stringify(standard()).slice(0, 120), fields: ['body'] },
    { name: 'invalid JSON (a trailing comma)', body: replaceIn('"documents":[', '"documents":[,'), fields: ['body'] },
    { name: 'an empty body', body: '', fields: ['body'] },
    { name: 'a JSON array body', body: JSON.stringify([standard()]), fields: REQUIRED, atLeast: true },
    { name: 'a JSON null body', body: 'null', fields: REQUIRED },
    { name: 'a JSON string body', body: JSON.stringify(JSON.stringify(standard())), fields: REQUIRED },
    { name: '1e999 as a quantity (Infinity once parsed)', body: replaceIn('"quantity":100', '"quantity":1e999'), fields: ['items[0].quantity'] },
    { name: '-1e999 as a value', body: replaceIn('"value":14000', '"value":-1e999'), fields: ['items[1].value'] },
    { name: 'a \\u0000 escape in the declarant name', body: replaceIn('"Shanghai Puyuan', '"Shanghai\\u0000Puyuan'), fields: ['declarant.name'] },
    { name: 'an unescaped NUL in a description (not JSON)', body: replaceIn('portable computers', `portable${NUL}computers`), fields: ['body'] },
    { name: 'an unpaired surrogate escape in a description', body: replaceIn('desktop computers', 'desktop \\ud800computers'), fields: ['items[1].description'] },
    { name: 'a 2 MiB body', body: mutate(standard, (b) => { b.items[0].description = 'x'.repeat(2 * 1024 * 1024); }), status: 413, fields: [] },
    // prototype pollution
    { name: 'a __proto__ key at the top level', body: splice('"__proto__":{"polluted":"yes","mode":"express"}'), fields: ['body'] },
    { name: 'a __proto__ key in an item', body: splice('"__proto__":{"polluted":"yes"}', 'items[0]'), fields: ['body'] },
    { name: 'a constructor.prototype key at the top level', body: splice('"constructor":{"prototype":{"polluted":"yes"}}'), fields: ['body'] },
    { name: 'a constructor.prototype key in the declarant', body: splice('"constructor":{"prototype":{"polluted":"yes"}}', 'declarant'), fields: ['body'] },
  ];

  const countEvents = async () => Number((await db.query('select count(*)::int as n from events')).rows[0].n);
  const fieldsOf = (body: any): string[] => [...new Set<string>((body?.errors ?? []).map((e: { field: string }) => e.field))].sort();
  const polluted = () => ({} as Record<string, unknown>).polluted !== undefined || Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted');
  const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.(ts|js):\d+|"stack"/;

  it('has at least 35 kinds of bad declaration, and its bodies are valid but for the one mistake', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(35);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    // The bases are accepted as they are, so each refusal below is the mistake's doing.
    const before = await countEvents();
    const client = actors.enterprise(SHANGHAI.uscc);
    expect((await client.post('/v1/declarations', standard())).status).toBe(202);
    expect((await client.post('/v1/declarations', twoStep())).status).toBe(202);
    await sw.server.subscriptions.waitUntilCaughtUp();
    expect(await countEvents()).toBeGreaterThan(before);
  });

  it('refuses every one with 400 (413 when too large) as problem details naming the fields, and writes no event', async () => {
    await sw.server.subscriptions.waitUntilCaughtUp();
    const client = actors.enterprise(SHANGHAI.uscc);
    const atStart = await countEvents();
    const failures: string[] = [];
    for (const c of cases) {
      const before = await countEvents();
      const body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      const { status, body: answer, headers } = await client.request('POST', '/v1/declarations', body, { 'content-type': 'application/json', ...(c.headers ?? {}) });
      const after = await countEvents();
      const text = typeof answer === 'string' ? answer : JSON.stringify(answer);
      const expected = c.status ?? 400;
      const problems: string[] = [];
      if (status !== expected) problems.push(`status ${status}, expected ${expected}`);
      if (status >= 500) problems.push('a 5xx');
      if (!/^application\/problem\+json/.test(headers.get('content-type') ?? '')) problems.push(`content-type ${headers.get('content-type')}`);
      if (typeof answer !== 'object' || answer === null) problems.push(`not JSON: ${text.slice(0, 200)}`);
      else {
        if (answer.status !== expected || typeof answer.type !== 'string' || typeof answer.title !== 'string' || typeof answer.detail !== 'string') {
          problems.push(`not problem details: ${text.slice(0, 300)}`);
        }
        if (expected === 400) {
          const fields = fieldsOf(answer);
          const ok = c.atLeast ? c.fields.every((f) => fields.includes(f)) : JSON.stringify(fields) === JSON.stringify([...c.fields].sort());
          if (!ok) problems.push(`fields ${JSON.stringify(fields)}, expected ${c.atLeast ? 'at least ' : ''}${JSON.stringify([...c.fields].sort())}`);
          if (!(answer.errors ?? []).every((e: { message: unknown }) => typeof e.message === 'string' && /\w/.test(e.message))) problems.push('an error without a message');
        }
      }
      if (STACK_TRACE.test(text)) problems.push(`a stack trace: ${text.slice(0, 300)}`);
      if (after !== before) problems.push(`${after - before} event(s) written`);
      if (polluted()) problems.push('Object.prototype polluted');
      if (problems.length) failures.push(`${c.name}: ${problems.join('; ')}`);
    }
    expect(failures).toEqual([]);
    expect(await countEvents()).toBe(atStart);
  });

  it('says what is wrong in words, and answers a body it cannot parse on the field "body"', async () => {
    const client = actors.enterprise(SHANGHAI.uscc);
    const invalid = await client.request('POST', '/v1/declarations', '{"mode": "standard",', { 'content-type': 'application/json' });
    expect(invalid.body).toEqual({
      type: 'https://single-window.dev/problems/400', title: 'Bad Request', status: 400, detail: 'The body is not valid JSON', code: 'body-not-json', params: {},
      errors: [{ field: 'body', message: expect.stringContaining('not valid JSON') }],
    });
    const infinite = await client.request('POST', '/v1/declarations', replaceIn('"quantity":100', '"quantity":1e999'));
    expect(infinite.body.errors).toEqual([{ field: 'items[0].quantity', message: 'quantity must be a finite number (Infinity is not)' }]);
    const nul = await client.request('POST', '/v1/declarations', replaceIn('"Shanghai Puyuan', '"Shanghai\\u0000Puyuan'));
    expect(nul.body.errors).toEqual([{ field: 'declarant.name', message: expect.stringContaining('control character (U+0000') }]);
    const tooLarge = await client.post('/v1/declarations', mutate(standard, (b) => { b.items[0].description = 'x'.repeat(2 * 1024 * 1024); }));
    expect(tooLarge.body).toMatchObject({ status: 413, title: 'Content Too Large' });
    const unknown = await client.post('/v1/declarations', mutate(standard, (b) => { b.declarant.rating = 'aeo-advanced'; }));
    expect(unknown.body.errors).toEqual([{ field: 'declarant.rating', message: expect.stringMatching(/should not exist|not allowed|unknown/i) }]);
  });

  it('prototype pollution pollutes nothing, and the server still takes a good declaration afterwards', async () => {
    const client = actors.enterprise(SHANGHAI.uscc);
    for (const raw of [
      splice('"__proto__":{"polluted":"yes"}'),
      splice('"constructor":{"prototype":{"polluted":"yes"}}'),
      splice('"__proto__":{"polluted":"yes"}', 'items[0]'),
      splice('"__proto__":{"polluted":"yes"}', 'declarant'),
      '{"__proto__":{"__proto__":{"polluted":"yes"}}}',
    ]) {
      const answer = await client.request('POST', '/v1/declarations', raw);
      expect(answer.status).toBe(400);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    }
    const good = await client.post('/v1/declarations', standard());
    expect(good.status).toBe(202);
    const view = await eventually(async () => {
      const answer = await client.get(`/v1/declarations/${good.body.id}`);
      expect(answer.status).toBe(200);
      return answer;
    });
    expect(view.body.polluted).toBeUndefined();
  });
});
