import { Actors, ENTERPRISES, eventually, roadExport, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * Corrections (API.md "Corrections"), told as the stories of shipments: an amendment (修改申请)
 * approved changes the duties and routes the goods again; after release a value amended is a
 * supplementary assessment (补税) or a refund (退税); a returned declaration (退单) is corrected and
 * released; an officer asks for information (补充申报) and the declarant answers. Bad input is
 * refused with the field named and writes nothing; a stale amendment decision is 409.
 */
describe('corrections, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const customs = () => actors.officer('customs');
  const caughtUp = () => sw.server.subscriptions.waitUntilCaughtUp();
  const view = async (id: string) => (await importer().get(`/v1/declarations/${id}`)).body;
  const laptops = (value: number, quantity = 100) => [{ hsCode: '8471300000', description: 'portable computers', quantity, unit: '001', value, originCountry: 'USA' }];
  const decideAmendment = (id: string, amendmentId: string, decision: 'approve' | 'refuse', reason = 'invoice checked') =>
    customs().post(`/v1/agencies/customs/cases/${id}/amendments/${amendmentId}/decisions`, { decision, reason });

  async function assessedImport(body = seaImport()): Promise<{ id: string; owed: number }> {
    const submitted = await importer().post('/v1/declarations', body);
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    const owed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v.duties.assessed as number;
    });
    return { id, owed };
  }

  it('an amendment approved before release changes the duties, and a newly routed agency opens its case', async () => {
    const { id, owed } = await assessedImport();
    expect(await view(id)).toMatchObject({ version: 1, amendments: [], agencies: { customs: expect.anything() } });
    expect((await view(id)).agencies.inspection).toBeUndefined();

    // The invoice said 60,000, not 50,000; and one line is frozen beef (on the inspection list).
    const beef = { hsCode: '0202300090', description: 'frozen boneless beef', quantity: 1000, unit: '035', value: 8000, originCountry: 'AUS' };
    const asked = await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'invoice value mistyped; beef line left out', changes: { items: [...laptops(60000), beef] } });
    expect(asked).toMatchObject({ status: 202, body: { amendmentId: expect.any(String), status: 'pending', version: 1 } });
    const { amendmentId } = asked.body;
    await caughtUp();
    expect(await view(id)).toMatchObject({ version: 1, amendments: [{ id: amendmentId, status: 'pending', reason: 'invoice value mistyped; beef line left out', decidedBy: null }] });
    // One at a time: a second amendment waits for the first's decision.
    expect((await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'again', changes: { tradeMode: '0214' } })).body.code).toBe('amendment-pending');

    expect(await decideAmendment(id, amendmentId, 'approve')).toMatchObject({ status: 202, body: { amendmentId, status: 'approved', version: 2 } });
    const amended = await eventually(async () => {
      const v = await view(id);
      expect(v.version).toBe(2);
      expect(v.duties.assessed).toBeGreaterThan(owed * 1.15);
      expect(v.agencies.inspection?.lane).toBeDefined();
      return v;
    });
    expect(amended.amendments).toEqual([expect.objectContaining({ id: amendmentId, status: 'approved', decidedBy: expect.any(String), changes: { items: expect.any(Array) } })]);
    expect(amended.agencies.inspection.routingReasons.join(' ')).toContain('0202300090');
    // A decided amendment is not decided again.
    expect(await decideAmendment(id, amendmentId, 'refuse')).toMatchObject({ status: 409, body: { code: 'amendment-decided' } });
  });

  it('a stale amendment decision is 409: the declaration was returned and resubmitted since', async () => {
    const { id } = await assessedImport();
    const { amendmentId } = (await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'value', changes: { items: laptops(55000) } })).body;
    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'return', reason: 'consignee missing' })).status).toBe(202);
    await caughtUp();
    const before = (await store.readByCorrelation(id)).length;
    expect(await decideAmendment(id, amendmentId, 'approve')).toMatchObject({ status: 409, body: { code: 'amendment-stale' } });
    await caughtUp();
    expect((await store.readByCorrelation(id)).length).toBe(before);
    expect((await view(id)).amendments[0]).toMatchObject({ status: 'pending' });
  });

  it('after release only values and quantities: a lower value is a refund (退税), another field is refused by name', async () => {
    const { id, owed } = await assessedImport();
    await settleThroughBank(actors, importer(), id, { amount: owed, reference: `TAX-${id.slice(0, 8)}` });
    await eventually(async () => expect((await view(id)).status).toBe('released'));

    const before = (await store.readByCorrelation(id)).length;
    const refused = await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'x', changes: { items: [{ ...laptops(40000)[0], hsCode: '8471410000' }], currency: 'EUR' } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'amendment-after-release' } });
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['changes.currency', 'changes.items[0].hsCode']);
    const unknownField = await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'x', changes: { declarant: ENTERPRISES.qingdaoFood } });
    expect(unknownField).toMatchObject({ status: 400, body: { errors: [{ field: 'changes', message: expect.stringContaining('declarant') }] } });
    const invalid = await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'x', changes: { items: laptops(-5) } });
    expect(invalid).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'changes.items[0].value' })] } });
    expect((await actors.enterprise(ENTERPRISES.qingdaoFood.uscc).post(`/v1/declarations/${id}/amendments`, { reason: 'x', changes: { items: laptops(1) } })).status).toBe(404);
    await caughtUp();
    expect((await store.readByCorrelation(id)).length).toBe(before);

    const { amendmentId } = (await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'discount agreed after release', changes: { items: laptops(40000) } })).body;
    expect((await decideAmendment(id, amendmentId, 'approve')).status).toBe(202);
    const refunded = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeLessThan(owed);
      expect(v.duties.refundable).toBeGreaterThan(0);
      return v;
    });
    expect(refunded).toMatchObject({ status: 'released', version: 2, amendments: [expect.objectContaining({ status: 'approved', afterRelease: true })] });
    expect(refunded.duties.refundable).toBeCloseTo(owed - refunded.duties.assessed, 2);
  });

  it('after release a higher value is a supplementary assessment (补税): the difference is payable', async () => {
    const { id, owed } = await assessedImport();
    await settleThroughBank(actors, importer(), id, { amount: owed, reference: `TAX-${id.slice(0, 8)}` });
    await eventually(async () => expect((await view(id)).status).toBe('released'));
    const { amendmentId } = (await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'freight invoice came later', changes: { items: laptops(70000) } })).body;
    expect((await decideAmendment(id, amendmentId, 'approve')).status).toBe(202);
    const supplementary = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeGreaterThan(owed);
      return v;
    });
    expect(supplementary).toMatchObject({ status: 'released', duties: { paid: owed, settled: 'none' } });
    const officerSees = (await customs().get(`/v1/agencies/customs/cases/${id}`)).body;
    expect(officerSees.status).toBe('released');
  });

  it('a return (退单) is corrected, resubmitted whole under the same id, assessed again and released', async () => {
    const { id, owed } = await assessedImport();
    const returned = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'return', reason: 'the value does not match the invoice' });
    expect(returned).toMatchObject({ status: 202, body: { status: 'returned' } });
    await caughtUp();
    expect(await view(id)).toMatchObject({ status: 'returned', version: 1, returned: { agency: 'customs', reason: 'the value does not match the invoice' } });
    // A returned declaration is not paid into release, nor amended: it is resubmitted.
    expect((await importer().post(`/v1/declarations/${id}/amendments`, { reason: 'x', changes: { items: laptops(1) } })).body.code).toBe('declaration-returned');

    const corrected = seaImport({ items: laptops(55000) });
    const wrong = await importer().post(`/v1/declarations/${id}/resubmit`, { ...corrected, direction: 'export' });
    expect(wrong).toMatchObject({ status: 400, body: { code: 'resubmission-declarant', errors: [{ field: 'direction' }] } });
    expect((await importer().post(`/v1/declarations/${id}/resubmit`, { ...corrected, items: [] })).status).toBe(400);
    const resubmitted = await importer().post(`/v1/declarations/${id}/resubmit`, corrected);
    expect(resubmitted).toMatchObject({ status: 202, body: { id, status: 'submitted', version: 2 } });
    expect((await importer().post(`/v1/declarations/${id}/resubmit`, corrected)).body.code).toBe('not-returned');

    const reassessed = await eventually(async () => {
      const v = await view(id);
      expect(v).toMatchObject({ status: 'under-review', version: 2, returned: null });
      expect(v.duties.assessed).toBeGreaterThan(owed);
      return v.duties.assessed as number;
    });
    await settleThroughBank(actors, importer(), id, { amount: reassessed, reference: `TAX-${id.slice(0, 8)}` });
    await eventually(async () => expect(await view(id)).toMatchObject({ status: 'released', version: 2 }));
  });

  it('a request for information (补充申报) holds the case until the declarant answers and the officer releases', async () => {
    const { id, owed } = await assessedImport();
    const bad = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'x', fields: ['items[0].value'] });
    expect(bad).toMatchObject({ status: 400, body: { errors: [{ field: 'fields' }] } });
    const asked = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'request-information', reason: 'send the sales contract', fields: ['items[0].value'] });
    expect(asked).toMatchObject({ status: 202, body: { requestId: expect.any(String) } });
    const { requestId } = asked.body;
    await settleThroughBank(actors, importer(), id, { amount: owed, reference: `TAX-${id.slice(0, 8)}` });
    const held = await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('held');
      expect(v.duties.settled).toBe('paid');
      return v;
    });
    expect(held.requests).toEqual([expect.objectContaining({ id: requestId, agency: 'customs', reason: 'send the sales contract', fields: ['items[0].value'], status: 'open' })]);

    expect((await importer().post(`/v1/declarations/${id}/responses`, { requestId: 'no-such-request', note: 'x' })).body).toMatchObject({ code: 'unknown-request', errors: [{ field: 'requestId' }] });
    expect((await importer().post(`/v1/declarations/${id}/responses`, { requestId })).body.errors).toEqual([expect.objectContaining({ field: 'note' })]);
    const answered = await importer().post(`/v1/declarations/${id}/responses`, { requestId, note: 'contract attached', documents: [{ code: 'CTR', number: 'SC-2026-001' }] });
    expect(answered).toMatchObject({ status: 202, body: { requestId, status: 'answered' } });
    expect((await importer().post(`/v1/declarations/${id}/responses`, { requestId, note: 'again' })).body.code).toBe('request-answered');
    await caughtUp();
    expect((await view(id)).requests[0]).toMatchObject({ status: 'answered', answer: { note: 'contract attached', documents: [{ code: 'CTR', number: 'SC-2026-001' }] } });

    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'contract matches' })).status).toBe(202);
    await eventually(async () => expect((await view(id)).status).toBe('released'));
  });

  it('a retried correction under its Idempotency-Key gets the first answer and appends nothing; another body under the key is 409', async () => {
    const { id } = await assessedImport();
    const post = (route: string, body: unknown, key: string) => importer().post(`/v1/declarations/${id}/${route}`, body, { 'idempotency-key': key });
    const count = async (type: string) => (await store.readStream(`declaration-${id}`)).filter((e) => e.type === type).length;

    // 修改申请, sent twice (the reply to the first was lost): one amendment, the same answer.
    const amendment = { reason: 'invoice value mistyped', changes: { items: laptops(60000) } };
    const first = await post('amendments', amendment, `amend-${id}`);
    expect(first).toMatchObject({ status: 202, body: { amendmentId: expect.any(String), status: 'pending', version: 1 } });
    const again = await post('amendments', { changes: amendment.changes, reason: amendment.reason }, `amend-${id}`);
    expect([again.status, again.body, again.headers.get('idempotent-replayed')]).toEqual([202, first.body, 'true']);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await post('amendments', { ...amendment, reason: 'another reason' }, `amend-${id}`)).toMatchObject({ status: 409, body: { code: 'idempotency-key-reused' } });
    expect((await post('amendments', amendment, `amend-2-${id}`)).body.code).toBe('amendment-pending'); // another key: another request
    expect(await post('amendments', amendment, 'not a key')).toMatchObject({ status: 400, body: { errors: [{ field: 'Idempotency-Key' }] } });
    expect(await count('AmendmentRequested')).toBe(1);
    // Decided since: the retry still gets the first answer, and asks for nothing new.
    expect((await decideAmendment(id, first.body.amendmentId, 'refuse', 'no invoice attached')).status).toBe(202);
    expect(await post('amendments', amendment, `amend-${id}`)).toMatchObject({ status: 202, body: first.body });
    expect(await count('AmendmentRequested')).toBe(1);

    // 补充申报 answered twice under one key.
    const asked = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'request-information', reason: 'send the sales contract', fields: ['items[0].value'] });
    expect(asked.status).toBe(202);
    const answer = { requestId: asked.body.requestId, note: 'contract attached', documents: [{ code: 'CTR', number: 'SC-2026-002' }] };
    const answered = await post('responses', answer, `answer-${id}`);
    expect(answered).toMatchObject({ status: 202, body: { requestId: answer.requestId, status: 'answered' } });
    const answeredAgain = await post('responses', answer, `answer-${id}`);
    expect([answeredAgain.status, answeredAgain.body, answeredAgain.headers.get('idempotent-replayed')]).toEqual([202, answered.body, 'true']);
    expect(await post('responses', { ...answer, note: 'a different note' }, `answer-${id}`)).toMatchObject({ status: 409, body: { code: 'idempotency-key-reused' } });
    expect(await count('InformationProvided')).toBe(1);

    // 退单 resubmitted twice under one key: one resubmission, version 2 once.
    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'return', reason: 'the value does not match the invoice' })).status).toBe(202);
    const corrected = seaImport({ items: laptops(55000) });
    const resubmitted = await post('resubmit', corrected, `resubmit-${id}`);
    expect(resubmitted).toMatchObject({ status: 202, body: { id, status: 'submitted', version: 2, revision: expect.any(Number) } });
    const resubmittedAgain = await post('resubmit', corrected, `resubmit-${id}`);
    expect([resubmittedAgain.status, resubmittedAgain.body, resubmittedAgain.headers.get('idempotent-replayed')]).toEqual([202, resubmitted.body, 'true']);
    expect(await post('resubmit', seaImport({ items: laptops(56000) }), `resubmit-${id}`)).toMatchObject({ status: 409, body: { code: 'idempotency-key-reused' } });
    expect(await count('DeclarationResubmitted')).toBe(1);
    await eventually(async () => expect(await view(id)).toMatchObject({ version: 2, returned: null }));
  });

  it('licences are checked again for what an amendment changed: a licence added by amendment releases a held export', async () => {
    const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const number = `26-44-${String(Date.now()).slice(-6)}`;
    const validUntil = `${new Date().getUTCFullYear() + 1}-12-31`;
    const issued = await actors.as({ role: 'issuer', authority: 'MOFCOM' }).post('/v1/licenses',
      { number, type: '4', holder: ENTERPRISES.shenzhenElectronics.uscc, commodities: ['284920'], quantity: 1000, unit: '035', validFrom: '2026-01-01', validUntil });
    expect(issued.status).toBe(201);
    // Silicon carbide needs an export licence (type 4); declared without it, the export is held.
    const body = roadExport({ items: [{ hsCode: '2849200000', description: 'silicon carbide substrates', quantity: 200, unit: '035', value: 8000, originCountry: 'CHN' }] });
    const id = (await exporter().post('/v1/declarations', body)).body.id;
    await eventually(async () => expect((await exporter().get(`/v1/declarations/${id}`)).body).toMatchObject({ status: 'held', licenses: { status: 'failed' } }));

    const { amendmentId } = (await exporter().post(`/v1/declarations/${id}/amendments`, { reason: 'the licence was left out', changes: { documents: [{ code: '4', number }] } })).body;
    expect((await decideAmendment(id, amendmentId, 'approve')).status).toBe(202);
    const released = await eventually(async () => {
      const v = (await exporter().get(`/v1/declarations/${id}`)).body;
      expect(v.status).toBe('released');
      return v;
    });
    expect(released).toMatchObject({ version: 2, licenses: { status: 'written-off' } });
    expect((await actors.auditor().get(`/v1/licenses/${number}`)).body).toMatchObject({ balance: 800, writeOffs: [{ declarationId: id, quantity: 200 }] });
  });

  it('re-examination (复验): a further round after a completed examination; the view counts the rounds', async () => {
    const { id, owed } = await assessedImport();
    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'value looks low' })).status).toBe(202);
    const first = await eventually(async () => {
      const v = await view(id);
      expect(v.examination).toMatchObject({ status: 'scheduled', round: 1 });
      return v.examination;
    });
    const checks = first.checks.map((c: { check: string }) => ({ check: c.check, result: 'fail', note: 'goods do not match' }));
    expect((await customs().post(`/v1/examinations/${id}/findings`, { checks })).status).toBe(202);
    // The examination stream completes first, then the customs case learns of it (under-review again):
    // only then is an "examine" a new round (复验) rather than the examination already under way.
    await eventually(async () => expect(await view(id)).toMatchObject({ status: 'under-review', examination: { status: 'completed', round: 1 } }));

    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: '复验 requested by the consignee' })).status).toBe(202);
    await eventually(async () => expect(await view(id)).toMatchObject({ status: 'examination', examination: { status: 'scheduled', round: 2 } }));
    const passed = first.checks.map((c: { check: string }) => ({ check: c.check, result: 'pass', note: 'second look: goods match' }));
    expect((await customs().post(`/v1/examinations/${id}/findings`, { checks: passed })).status).toBe(202);
    const done = await eventually(async () => {
      const v = await view(id);
      expect(v.examination).toMatchObject({ status: 'completed', round: 2 });
      return v;
    });
    expect((await customs().get(`/v1/examinations/${id}`)).body).toMatchObject({ round: 2, results: { customs: 'passed' } });
    // The first round's failure no longer blocks: the green-lane case releases itself once the duties are paid.
    // (the case records the round's result just after the examination stream does: read until it has)
    await eventually(async () => expect((await customs().get(`/v1/agencies/customs/cases/${id}`)).body.releaseBlockers).toEqual(['duties-unsettled']));
    await settleThroughBank(actors, importer(), id, { amount: owed, reference: `TAX-${id.slice(0, 8)}` });
    await eventually(async () => expect((await view(id)).status).toBe('released'));
    expect(done.examination.findings ?? (await customs().get(`/v1/examinations/${id}`)).body.findings).toHaveLength(first.checks.length * 2);
  });
});
