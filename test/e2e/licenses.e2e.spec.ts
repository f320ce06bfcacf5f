import { renderMessage } from '@sw/messages';
import { Actors, ENTERPRISES, eventually, roadExport, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/** Licences valid through the end of next year, whatever today is. */
const VALID_UNTIL = `${new Date().getUTCFullYear() + 1}-12-31`;

/**
 * 监管证件, end to end: an issuing authority registers licences; the engine verifies the
 * licences a declaration references when it is submitted (联网核查) and writes the declared
 * quantity off on release (核销), exactly once — even when two declarations race for the last
 * balance. Silicon carbide (碳化硅, HS 2849.20) needs an export licence (type 4,
 * seeds/reference/license-types.json); Shenzhen Hualan's road exports through Huanggang are
 * otherwise released by every agency without an officer (RISK_RANDOM_SELECTION off).
 */
describe('licences and certificates, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const HUALAN = ENTERPRISES.shenzhenElectronics.uscc;
  const LUDAO = '91350206MA8U3K5B13'; // Xiamen Ludao Minerals, another demo enterprise
  const mofcom = () => actors.as({ role: 'issuer', authority: 'MOFCOM' });
  const exporter = () => actors.enterprise(HUALAN);
  const view = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body;
  const licence = async (number: string) => (await actors.auditor().get(`/v1/licenses/${number}`)).body;
  let serial = 0;

  /** Registers an export licence for silicon carbide, 035 (kg), valid for 2026 unless told otherwise. */
  async function issue(overrides: Record<string, unknown> = {}): Promise<string> {
    const number = `26-44-${String(++serial).padStart(6, '0')}`;
    const body = { number, type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1000, unit: '035', validFrom: '2026-01-01', validUntil: VALID_UNTIL, ...overrides };
    const answer = await mofcom().post('/v1/licenses', body);
    expect([answer.status, answer.body]).toEqual([201, { number: body.number, revision: 0 }]);
    return body.number as string;
  }

  /** A road export of silicon carbide wafers under the given licences. */
  const siliconCarbide = (kg: number, licences: string[], overrides: Record<string, unknown> = {}) => roadExport({
    items: [{ hsCode: '2849200000', description: 'silicon carbide substrates', quantity: kg, unit: '035', value: kg * 40, originCountry: 'CHN' }],
    documents: licences.map((number) => ({ code: '4', number })),
    ...overrides,
  });

  async function declare(body: Record<string, unknown>): Promise<string> {
    const submitted = await exporter().post('/v1/declarations', body);
    expect(submitted.status).toBe(202);
    return submitted.body.id;
  }

  const heldFor = (id: string, reason: RegExp) => eventually(async () => {
    const v = await view(id);
    expect(v.status).toBe('held');
    expect(v.licenses.reason).toMatch(reason);
    return v;
  });

  const releasedEvents = async (id: string) => (await store.readStream(`declaration-${id}`)).filter((e) => e.type === 'DeclarationReleased');

  it('a licensed commodity without a licence is held, with the reason, for the declarant and every agency', async () => {
    const id = await declare(siliconCarbide(200, []));
    const held = await heldFor(id, /needs a licence of type 4 \(Export licence, 出口许可证\).*withdraw the declaration/);
    expect(held.licenses).toMatchObject({ status: 'failed', problems: [{ item: 0, hsCode: '2849200000', type: '4', reason: 'license-missing' }] });
    // The reason as a catalogue code, worded in Chinese for officers and the declarant.
    expect(held.licenses.reasonMessage).toEqual({ code: 'licence.verification-failed', params: { items: [1], licences: [], problems: ['license-missing'] } });
    expect(renderMessage(held.licenses.reasonMessage, 'zh')).toBe('监管证件核验未通过：第 1 项商品（见各项原因）');
    // Every agency released its own case; the declaration itself is not released.
    await eventually(async () => expect(Object.values((await view(id)).agencies).map((a: any) => a.status)).toEqual(['released', 'released']));
    expect(await releasedEvents(id)).toHaveLength(0);
    for (const who of [exporter(), actors.officer('customs'), actors.officer('border')]) {
      const seen = (await who.get(`/v1/declarations/${id}`)).body;
      expect([seen.status, seen.licenses.status]).toEqual(['held', 'failed']);
    }
  });

  it('with a valid licence it clears, and the balance drops by the declared quantity, once', async () => {
    const number = await issue({ quantity: 5000 });
    const id = await declare(siliconCarbide(1200, [number]));
    await eventually(async () => expect((await view(id)).status).toBe('released'));
    const v = await view(id);
    expect(v.licenses).toMatchObject({ status: 'written-off', checks: [{ license: { code: '4', number }, items: [0], quantity: 1200, unit: '035', balance: 5000 }] });
    const after = await licence(number);
    expect(after).toMatchObject({ number, type: '4', holder: HUALAN, quantity: 5000, balance: 3800, status: 'valid', authority: 'MOFCOM', writeOffs: [{ declarationId: id, quantity: 1200, balanceAfter: 3800 }] });
    expect(after.writeOffs).toHaveLength(1);
    // The write-off is part of the shipment's audit trail.
    const trail = (await actors.auditor().get(`/v1/audit/shipments/${id}/events`)).body.events;
    expect(trail.map((e: { stream: string; type: string }) => `${e.stream}:${e.type}`)).toEqual(expect.arrayContaining([`declaration-${id}:LicensesVerified`, `license-${number}:QuantityWrittenOff`]));
    expect((await actors.auditor().get(`/v1/audit/shipments/${id}/verify`)).body.valid).toBe(true);
    expect(await releasedEvents(id)).toHaveLength(1);
  });

  it.each([
    ['an expired', { validFrom: '2025-01-01', validUntil: '2025-12-31' }, 'license-expired', /expired on 2025-12-31/],
    ['a foreign (another enterprise\'s)', { holder: LUDAO }, 'not-the-holder', /issued to another enterprise/],
    ['a not-covering', { commodities: ['8101'] }, 'commodity-not-covered', /does not cover HS 2849200000/],
    ['another unit\'s', { unit: '036' }, 'unit-mismatch', /counted in unit 036/],
  ])('%s licence is refused: the declaration is held with the reason', async (_, overrides, reason, message) => {
    const number = await issue(overrides);
    const id = await declare(siliconCarbide(100, [number]));
    const held = await heldFor(id, message);
    expect(held.licenses.problems).toEqual([expect.objectContaining({ item: 0, license: { code: '4', number }, reason })]);
    expect((await licence(number)).writeOffs).toEqual([]);
  });

  it('an exhausted licence is refused, with "insufficient balance"', async () => {
    const number = await issue({ quantity: 1000 });
    const first = await declare(siliconCarbide(1000, [number]));
    await eventually(async () => expect((await view(first)).status).toBe('released'));
    const second = await declare(siliconCarbide(1, [number]));
    const held = await heldFor(second, /insufficient balance: 0 left, 1 declared/);
    expect(held.licenses.problems[0].reason).toBe('insufficient-balance');
    expect(await licence(number)).toMatchObject({ balance: 0, writeOffs: [{ declarationId: first, quantity: 1000 }] });
  });

  it('two declarations racing for the last balance: exactly one clears, the other is held with "insufficient balance"', async () => {
    const number = await issue({ quantity: 500 });
    // Both verified while the balance is whole (提前申报, on one truck); the truck's arrival releases both at once.
    const truck = roadExport().transport as { mode: string; conveyance: string; billOfLading: string };
    const ids = await Promise.all([1, 2].map(() => declare(siliconCarbide(500, [number], { mode: 'advance', transport: truck }))));
    await eventually(async () => expect((await Promise.all(ids.map(view))).map((v) => v.licenses.status)).toEqual(['verified', 'verified']));
    const arrival = await actors.portOperator().post('/v1/arrivals', { billOfLading: truck.billOfLading, conveyance: truck.conveyance, portOfEntry: '5301' });
    expect(arrival.body.matched.sort()).toEqual([...ids].sort());
    const views = await eventually(async () => {
      const both = await Promise.all(ids.map(view));
      expect(both.map((v) => v.status).sort()).toEqual(['held', 'released']);
      return both;
    }, { timeoutMs: 20_000 });
    const loser = views.find((v) => v.status === 'held')!;
    expect(loser.licenses).toMatchObject({ status: 'write-off-failed', reason: expect.stringMatching(/insufficient balance: 0 left, 500 declared/) });
    expect(loser.licenses.reasonMessage).toEqual({ code: 'licence.write-off-failed', params: { items: [1], licences: [`4 ${number}`], problems: ['insufficient-balance'] } });
    const winner = views.find((v) => v.status === 'released')!;
    expect(winner.licenses.status).toBe('written-off');
    expect(await licence(number)).toMatchObject({ balance: 0, writeOffs: [{ declarationId: winner.id, quantity: 500, balanceAfter: 0 }] });
    expect((await licence(number)).writeOffs).toHaveLength(1);
    expect(await releasedEvents(loser.id)).toHaveLength(0);
    // The loser can withdraw; it never held anything.
    expect((await exporter().post(`/v1/declarations/${loser.id}/withdraw`, { reason: 'licence used up' })).status).toBe(202);
  });

  it('withdrawal before release reserves nothing', async () => {
    const number = await issue({ quantity: 300 });
    // 提前申报: verified at once, released only after the truck arrives.
    const advance = siliconCarbide(300, [number], { mode: 'advance' });
    const id = await declare(advance);
    await eventually(async () => {
      const v = await view(id);
      expect([v.status, v.licenses.status]).toEqual(['awaiting-arrival', 'verified']);
    });
    expect((await exporter().post(`/v1/declarations/${id}/withdraw`, { reason: 'buyer cancelled' })).status).toBe(202);
    await eventually(async () => expect((await view(id)).status).toBe('withdrawn'));
    expect(await licence(number)).toMatchObject({ balance: 300, writeOffs: [] });
    // The whole balance is still there for the next shipment.
    const next = await declare(siliconCarbide(300, [number]));
    await eventually(async () => expect((await view(next)).status).toBe('released'));
    expect(await licence(number)).toMatchObject({ balance: 0, writeOffs: [{ declarationId: next, quantity: 300 }] });
  });

  it('a licence revoked after verification is not written off: the release holds the declaration', async () => {
    const number = await issue({ quantity: 300 });
    const body = siliconCarbide(100, [number], { mode: 'advance' });
    const id = await declare(body);
    await eventually(async () => expect((await view(id)).licenses.status).toBe('verified'));
    expect((await mofcom().post(`/v1/licenses/${number}/revoke`, { reason: 'obtained with false documents' })).status).toBe(202);
    const transport = body.transport as { billOfLading: string; conveyance: string };
    expect((await actors.portOperator().post('/v1/arrivals', { billOfLading: transport.billOfLading, conveyance: transport.conveyance, portOfEntry: '5301' })).status).toBe(202);
    const held = await heldFor(id, /revoked on .*: obtained with false documents/);
    expect(held.licenses.status).toBe('write-off-failed');
    expect(await licence(number)).toMatchObject({ status: 'revoked', balance: 300, writeOffs: [] });
    expect(await releasedEvents(id)).toHaveLength(0);
  });

  describe('the register over HTTP', () => {
    it('validates a licence, listing every offending field', async () => {
      const answer = await mofcom().post('/v1/licenses', {
        number: 'xk 1', type: 'Q9', holder: '91440300MA5D8T3W1X', commodities: ['2849', '99', '28492'], quantity: 0, unit: '999', validFrom: '2026-02-30', validUntil: '2026-01-01', extra: true,
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const fields = [...new Set(answer.body.errors.map((e: { field: string }) => e.field))].sort();
      expect(fields).toEqual(['commodities', 'extra', 'holder', 'number', 'quantity', 'type', 'unit', 'validFrom']);
      expect(answer.body.errors.find((e: { field: string }) => e.field === 'commodities').message).toMatch(/commodities\[1\] must be an HS 2022 chapter .*commodities\[2\] must be a string of 2, 4, 6, 8 or 10 digits/);
      const backwards = await mofcom().post('/v1/licenses', { number: 'XK-BACK', type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1, unit: '035', validFrom: '2026-12-31', validUntil: '2026-01-01' });
      expect(backwards.body.errors).toEqual([{ field: 'validUntil', message: 'validUntil must not be before validFrom (2026-01-01 is before 2026-12-31)' }]);
      const legacy = await mofcom().post('/v1/licenses', { number: 'XK-OLD', type: 'A', holder: HUALAN, commodities: ['284920'], quantity: 1, unit: '035', validFrom: '2026-01-01', validUntil: VALID_UNTIL });
      expect(legacy.body.errors).toEqual([{ field: 'type', message: expect.stringMatching(/^type A .* is no longer issued$/) }]);
    });

    it('a number is registered once (409), by an issuer (403 otherwise) of an authority that issues the type (403)', async () => {
      const number = await issue();
      const again = await mofcom().post('/v1/licenses', { number, type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1, unit: '035', validFrom: '2026-01-01', validUntil: VALID_UNTIL });
      expect([again.status, again.body.code]).toEqual([409, 'license-exists']);
      const body = { number: 'XK-403', type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1, unit: '035', validFrom: '2026-01-01', validUntil: VALID_UNTIL };
      expect((await exporter().post('/v1/licenses', body)).status).toBe(403);
      expect((await actors.officer('customs').post('/v1/licenses', body)).status).toBe(403);
      const pboc = await actors.as({ role: 'issuer', authority: 'PBOC' }).post('/v1/licenses', body);
      expect([pboc.status, pboc.body.errors]).toEqual([403, [{ field: 'type', message: 'type 4 is issued by MOFCOM, not by PBOC' }]]);
      expect((await store.readStream('license-XK-403'))).toEqual([]);
    });

    it('shows a licence to its holder, officers, auditors and its authority; 404 to anyone else', async () => {
      const number = await issue();
      const seen = (await exporter().get(`/v1/licenses/${number}`));
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ number, holder: HUALAN, balance: 1000, writeOffs: [], typeName: { zh: '出口许可证', en: 'Export licence' } });
      for (const who of [actors.officer('inspection'), actors.auditor(), mofcom()]) expect((await who.get(`/v1/licenses/${number}`)).status).toBe(200);
      for (const who of [actors.enterprise(LUDAO), actors.as({ role: 'issuer', authority: 'PBOC' })]) expect((await who.get(`/v1/licenses/${number}`)).status).toBe(404);
      expect((await actors.gate().get(`/v1/licenses/${number}`)).status).toBe(403);
      expect((await actors.auditor().get('/v1/licenses/NO-SUCH-1')).status).toBe(404);
      expect((await actors.auditor().get('/v1/licenses/lower-case')).status).toBe(404);
    });

    it('revokes once, by its own authority', async () => {
      const number = await issue();
      expect((await actors.as({ role: 'issuer', authority: 'PBOC' }).post(`/v1/licenses/${number}/revoke`, { reason: 'x' })).status).toBe(404);
      expect((await mofcom().post(`/v1/licenses/${number}/revoke`, {})).status).toBe(400);
      const revoked = await mofcom().post(`/v1/licenses/${number}/revoke`, { reason: 'holder dissolved' });
      expect([revoked.status, revoked.body]).toEqual([202, { number, status: 'revoked', revision: 1 }]);
      expect((await mofcom().post(`/v1/licenses/${number}/revoke`, { reason: 'again' })).status).toBe(409);
      expect(await licence(number)).toMatchObject({ status: 'revoked', revoked: { reason: 'holder dissolved' } });
    });

    it('is in the OpenAPI document', async () => {
      const { body } = await sw.request('GET', '/docs-json');
      expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/v1/licenses', '/v1/licenses/{number}', '/v1/licenses/{number}/revoke']));
      expect(body.components.schemas.IssueLicenseRequest.required).toEqual(expect.arrayContaining(['number', 'type', 'holder', 'commodities', 'quantity', 'unit', 'validFrom', 'validUntil']));
    });
  });
});
