import { randomUUID } from 'node:crypto';
import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * The officers' side of a shipment: the worklist (信息互换), the case view, the decisions an
 * officer makes (审单 release, hold, reject, examine) and the ones the case refuses, who may
 * decide, and the order in which the work is served. Random selection is off, so each lane
 * comes from the seeded rules alone (seeds/risk/*.json):
 *  - portable computers (8471300000) imported under CNY 1,000 a unit → customs documents lane
 *    (cu-undervaluation-laptops, 价格审查);
 *  - sweet biscuits (1905310000, prepackaged food) → inspection documents lane (iq-food-labels);
 *  - any declaration of the discredited Yiwu Xingchen Toys → customs examination lane
 *    (cu-discredited-enterprise);
 *  - fresh apples (0808100000) are perishable: they come first in the worklist.
 */
describe('agency decisions, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const DISCREDITED = { uscc: '91330782MA2E7G6J9Y', name: 'Yiwu Xingchen Toys Co., Ltd.' };
  /** 100 laptops at USD 100 each = CNY 710 a unit: below the CNY 1,000 threshold of cu-undervaluation-laptops. */
  const undervaluedLaptops = () => ({ hsCode: '8471300000', description: 'portable computers, 14 inch', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' });
  const biscuits = () => ({ hsCode: '1905310000', description: 'sweet biscuits, prepackaged', quantity: 2000, unit: '035', value: 8000, originCountry: 'DNK' });
  const freshApples = () => ({ hsCode: '0808100000', description: 'fresh apples, Gala', quantity: 18000, unit: '035', value: 30000, originCountry: 'NZL' });
  /** 进料加工 (processing with imported materials): bonded, so no duties stand in the way of a release. */
  const BONDED = '0615';

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const officer = (agency: 'customs' | 'inspection' | 'border') => actors.officer(agency);
  const decide = (agency: 'customs' | 'inspection' | 'border', id: string, decision: string, reason = `${decision}: decided by the ${agency} officer`) =>
    officer(agency).post(`/v1/agencies/${agency}/cases/${id}/decisions`, { decision, reason });

  async function submit(body: Record<string, unknown>, uscc = ENTERPRISES.shanghaiTrading.uscc): Promise<string> {
    const response = await actors.enterprise(uscc).post('/v1/declarations', body);
    if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  const declarationOf = (id: string) =>
    actors.auditor().get(`/v1/declarations/${id}`).then(({ status, body }) => {
      expect(status).toBe(200);
      return body;
    });
  const untilDeclaration = (id: string, check: (view: any) => void) =>
    eventually(async () => {
      const view = await declarationOf(id);
      check(view);
      return view;
    });
  const caseOf = (agency: 'customs' | 'inspection' | 'border', id: string) => officer(agency).get(`/v1/agencies/${agency}/cases/${id}`);
  /** The case once its risk assessment is made (the lane is known). */
  const assessedCase = (agency: 'customs' | 'inspection' | 'border', id: string) =>
    eventually(async () => {
      const { status, body } = await caseOf(agency, id);
      expect(status).toBe(200);
      expect(body.lane).not.toBeNull();
      return body;
    });
  const worklist = (agency: string, query = '') => officer(agency as 'customs').get(`/v1/agencies/${agency}/worklist?pageSize=200${query}`);
  const caughtUp = () => sw.server.subscriptions.waitUntilCaughtUp();
  const released = async (id: string) => (await store.readStream(`declaration-${id}`)).filter((e) => e.type === 'DeclarationReleased');

  describe('审单: a documents-lane case waits for the officer', () => {
    it('routed to customs and inspection, both on the documents lane: the officers see each other’s facts, and the declaration is released when the second of them releases', async () => {
      const body = seaImport({ tradeMode: BONDED, items: [undervaluedLaptops(), biscuits()] });
      const id = await submit(body);

      // Customs assesses: documents lane for the undervalued laptops, nothing blocks, yet nothing releases itself.
      const customsCase = await assessedCase('customs', id);
      expect(customsCase).toMatchObject({
        declarationId: id, agency: 'customs', status: 'pending', lane: 'documents', releaseBlockers: [],
        declaration: { declarationId: id, mode: 'standard', direction: 'import', tradeMode: BONDED, declarant: ENTERPRISES.shanghaiTrading },
      });
      expect(customsCase.reasons).toEqual([{
        rule: 'cu-undervaluation-laptops', description: expect.stringContaining('Portable computers'),
        code: 'risk.rule-items', params: expect.objectContaining({ rule: 'cu-undervaluation-laptops', items: '1', descriptionZh: expect.stringContaining('便携式电脑') }),
      }]);
      expect(customsCase.declaration.items).toEqual(body.items);
      expect(customsCase.declaration.transport.billOfLading).toBe(body.transport.billOfLading);
      await assessedCase('inspection', id);
      await caughtUp();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await caseOf('customs', id)).body.status).toBe('pending');
      expect((await declarationOf(id)).status).toBe('under-review');

      // 信息互换: the customs case carries what inspection found, and the customs worklist lists the case with it.
      const withOthers = await eventually(async () => {
        const { body: view } = await caseOf('customs', id);
        expect(view.otherAgencies.inspection?.lane).toBe('documents');
        return view;
      });
      expect(Object.keys(withOthers.otherAgencies)).toEqual(['inspection']);
      expect(withOthers.otherAgencies.inspection).toMatchObject({ status: 'pending', lane: 'documents', decisions: [] });
      expect(withOthers.otherAgencies.inspection.reasons).toEqual([expect.stringMatching(/^iq-food-labels: /)]);
      const list = await worklist('customs');
      expect(list.status).toBe(200);
      const entry = list.body.items.find((item: any) => item.declarationId === id);
      expect(entry).toMatchObject({
        declarationId: id, status: 'pending', lane: 'documents', priority: 2, mode: 'standard',
        declarant: { uscc: ENTERPRISES.shanghaiTrading.uscc }, declarationStatus: 'under-review',
        otherAgencies: { inspection: { status: 'pending', lane: 'documents' } },
      });
      expect(entry.openedAt).toEqual(expect.any(String));
      expect(entry.otherAgencies.customs).toBeUndefined();

      // The customs officer releases: accepted, but one agency is not the shipment.
      const customsRelease = await decide('customs', id, 'release', 'price verified against the invoice and the contract');
      expect(customsRelease).toMatchObject({ status: 202, body: { declarationId: id, agency: 'customs', status: 'released', revision: expect.any(Number) } });
      await untilDeclaration(id, (v) => expect(v.agencies.customs.status).toBe('released'));
      await caughtUp();
      expect((await declarationOf(id)).status).toBe('under-review');
      expect(await released(id)).toHaveLength(0);

      // The inspection officer sees the customs release (with who decided and why), then releases: 一次放行.
      const inspectionCase = await eventually(async () => {
        const { body: view } = await caseOf('inspection', id);
        expect(view.otherAgencies.customs.status).toBe('released');
        return view;
      });
      expect(inspectionCase).toMatchObject({ status: 'pending', lane: 'documents', reasons: [expect.objectContaining({ rule: 'iq-food-labels' })] });
      expect(inspectionCase.otherAgencies.customs.decisions).toEqual([
        { decision: 'release', by: 'dev:customs-officer', reason: 'price verified against the invoice and the contract', at: expect.any(String) },
      ]);
      expect((await decide('inspection', id, 'release', 'labels and registration in order')).status).toBe(202);

      const view = await untilDeclaration(id, (v) => expect(v.status).toBe('released'));
      expect(view.agencies).toMatchObject({ customs: { status: 'released', lane: 'documents' }, inspection: { status: 'released', lane: 'documents' } });
      expect(view.releasedAt).toEqual(expect.any(String));
      await caughtUp();
      expect(await released(id)).toHaveLength(1);
      // Released cases leave the worklist.
      expect((await worklist('customs')).body.items.map((item: any) => item.declarationId)).not.toContain(id);
      expect((await worklist('customs', '&status=released')).body.items.map((item: any) => item.declarationId)).toContain(id);
    });
  });

  describe('decisions the case refuses, and the ones it takes', () => {
    it('an advance declaration is not released before its arrival report: 409 naming the arrival; after the arrival the release is accepted', async () => {
      const body = seaImport({ mode: 'advance', tradeMode: BONDED, items: [undervaluedLaptops()] });
      const id = await submit(body);
      const before = await assessedCase('customs', id);
      expect(before).toMatchObject({ lane: 'documents', arrived: false, releaseBlockers: ['awaiting-arrival'] });

      const refused = await decide('customs', id, 'release');
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ status: 409, code: 'release-blocked', blockers: ['awaiting-arrival'] });
      expect(refused.body.detail).toMatch(/arriv/i);
      expect(refused.body.detail).toContain('运抵报告');
      expect((await caseOf('customs', id)).body.status).toBe('pending');

      const arrival = await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' });
      expect(arrival.body.matched).toEqual([id]);
      await eventually(async () => expect((await caseOf('customs', id)).body.releaseBlockers).toEqual([]));
      expect((await decide('customs', id, 'release', 'arrived; price verified')).status).toBe(202);
      await untilDeclaration(id, (v) => expect(v.status).toBe('released'));
    });

    it('a dutiable import is not released before its duties are settled: 409 naming the duties; after payment the release is accepted', async () => {
      const id = await submit(seaImport({ items: [undervaluedLaptops()] })); // general trade: VAT 13 % on CNY 71,000
      const assessed = await eventually(async () => {
        const view = await assessedCase('customs', id);
        expect(view.duties).not.toBeNull();
        return view;
      });
      expect(assessed).toMatchObject({ lane: 'documents', duties: { amount: 9230, currency: 'CNY' }, settled: 'none' });
      await eventually(async () => expect((await caseOf('customs', id)).body.releaseBlockers).toEqual(['duties-unsettled']));

      const refused = await decide('customs', id, 'release');
      expect(refused).toMatchObject({ status: 409, body: { code: 'release-blocked', blockers: ['duties-unsettled'] } });
      expect(refused.body.detail).toContain('duties of 9230.00 CNY are not settled');

      // The declarant's instruction alone settles nothing; its bank's confirmation does.
      const reference = `TAX-${id.slice(0, 8)}`;
      expect((await importer().post(`/v1/declarations/${id}/payments`, { amount: 9230, currency: 'CNY', reference })).body).toMatchObject({ reference, status: 'pending-confirmation' });
      await caughtUp();
      expect((await caseOf('customs', id)).body).toMatchObject({ settled: 'none', releaseBlockers: ['duties-unsettled'] });
      expect((await decide('customs', id, 'release')).body.code).toBe('release-blocked');
      expect((await actors.bank().post('/v1/bank/confirmations', { reference, declarationId: id, kind: 'payment', amount: 9230, currency: 'CNY', status: 'confirmed' })).status).toBe(202);
      await eventually(async () => expect((await caseOf('customs', id)).body).toMatchObject({ settled: 'paid', releaseBlockers: [] }));
      expect((await decide('customs', id, 'release', 'duties paid; price verified')).status).toBe(202);
      const view = await untilDeclaration(id, (v) => expect(v.status).toBe('released'));
      expect(view.duties.settled).toBe('paid');
    });

    it('an examination-lane case (discredited enterprise) is not released before its examination: 409', async () => {
      const id = await submit(
        seaImport({ declarant: DISCREDITED, customsOffice: '2921', tradeMode: BONDED, items: [{ ...undervaluedLaptops(), value: 120000 }] }),
        DISCREDITED.uscc,
      );
      const examined = await assessedCase('customs', id);
      expect(examined).toMatchObject({ status: 'examination', lane: 'examination', examination: 'requested', releaseBlockers: ['examination-pending'], priority: 0 });
      expect(examined.reasons.map((r: any) => r.rule)).toEqual(['cu-discredited-enterprise']);
      await eventually(async () => {
        expect((await caseOf('customs', id)).body.requiredChecks).toEqual([{ check: 'scan', status: 'pending' }, { check: 'documents', status: 'pending' }]);
      });
      await untilDeclaration(id, (v) => expect(v.status).toBe('examination'));

      const refused = await decide('customs', id, 'release', 'looks fine to me');
      expect(refused).toMatchObject({ status: 409, body: { code: 'release-blocked', blockers: ['examination-pending'] } });
      expect(refused.body.detail).toContain('the required examination (scan, documents) is not done yet');
      expect((await caseOf('customs', id)).body.status).toBe('examination');
      await caughtUp();
      expect(await released(id)).toHaveLength(0);
    });

    it('hold, then release by an officer: the hold is lifted and the declaration released; a decision on a released case is 409', async () => {
      const id = await submit(seaImport({ tradeMode: BONDED, items: [undervaluedLaptops()] }));
      await assessedCase('customs', id);

      const hold = await decide('customs', id, 'hold', 'the invoice does not match the packing list');
      expect(hold).toMatchObject({ status: 202, body: { status: 'held' } });
      const held = await untilDeclaration(id, (v) => expect(v.status).toBe('held'));
      expect(held.agencies.customs.decisions).toEqual([{ decision: 'hold', by: 'dev:customs-officer', reason: 'the invoice does not match the packing list', at: expect.any(String) }]);
      expect((await caseOf('customs', id)).body).toMatchObject({ status: 'held', releaseBlockers: ['held'] });
      expect((await decide('customs', id, 'hold', 'again')).status).toBe(202); // holding a held case changes nothing

      expect((await decide('customs', id, 'release', 'corrected packing list received')).status).toBe(202);
      await untilDeclaration(id, (v) => expect(v.status).toBe('released'));

      for (const decision of ['release', 'hold', 'reject', 'examine']) {
        const refused = await decide('customs', id, decision, 'too late');
        expect(refused.status).toBe(409);
        expect(refused.body).toMatchObject({ status: 409, code: 'case-released', detail: expect.stringContaining('already released') });
      }
      await caughtUp();
      expect(await released(id)).toHaveLength(1);
      const events = await store.readStream(`customs-${id}`);
      expect(events.map((e) => e.type).filter((t) => ['CaseHeld', 'CaseReleased'].includes(t))).toEqual(['CaseHeld', 'CaseReleased']);
    });

    it('reject: the declaration is rejected, and the case takes no release after it', async () => {
      const id = await submit(seaImport({ tradeMode: BONDED, items: [undervaluedLaptops()] }));
      await assessedCase('customs', id);
      expect((await decide('customs', id, 'reject', 'declared value not substantiated'))).toMatchObject({ status: 202, body: { status: 'rejected' } });
      const view = await untilDeclaration(id, (v) => expect(v.status).toBe('rejected'));
      expect(view.rejected).toMatchObject({ agency: 'customs', reason: 'declared value not substantiated' });
      expect(view.agencies.customs.status).toBe('rejected');
      const refused = await decide('customs', id, 'release', 'changed my mind');
      expect(refused).toMatchObject({ status: 409, body: { code: 'case-rejected' } });
      await caughtUp();
      expect(await released(id)).toHaveLength(0);
    });

    it('examine on a green case sends it to examination (the declaration shows examination) and it no longer releases by itself', async () => {
      const id = await submit(seaImport()); // green lane, waiting for its duties
      const green = await eventually(async () => {
        const view = await assessedCase('customs', id);
        expect(view.duties).not.toBeNull();
        return view;
      });
      expect(green).toMatchObject({ status: 'pending', lane: 'green', examination: 'none' });

      const examine = await decide('customs', id, 'examine', 'intelligence on similar consignments');
      expect(examine).toMatchObject({ status: 202, body: { status: 'examination' } });
      const view = await untilDeclaration(id, (v) => expect(v.status).toBe('examination'));
      expect(view.agencies.customs).toMatchObject({ status: 'examination', lane: 'green' });
      expect(view.agencies.customs.decisions.map((d: any) => d.decision)).toEqual(['examine']);
      expect((await caseOf('customs', id)).body).toMatchObject({ status: 'examination', examination: 'requested', releaseBlockers: expect.arrayContaining(['examination-pending', 'duties-unsettled']) });
      // The worklist is a projection of its own: it may lag the declaration's view (which reads ahead of its row).
      await eventually(async () => expect((await worklist('customs', '&status=examination')).body.items.map((item: any) => item.declarationId)).toContain(id));

      // Paying the duties no longer releases it: the examination stands in the way.
      const assessed = (await caseOf('customs', id)).body.duties.amount;
      await settleThroughBank(actors, importer(), id, { amount: assessed, reference: `TAX-${id.slice(0, 8)}` });
      await eventually(async () => expect((await caseOf('customs', id)).body.settled).toBe('paid'));
      await caughtUp();
      expect((await declarationOf(id)).status).toBe('examination');
      expect((await decide('customs', id, 'release')).body).toMatchObject({ code: 'release-blocked', blockers: ['examination-pending'] });
    });
  });

  describe('who may read and decide', () => {
    let id: string;
    beforeAll(async () => {
      id = await submit(seaImport({ tradeMode: BONDED, items: [undervaluedLaptops()] }));
      await assessedCase('customs', id);
    });
    const decisionBody = { decision: 'release', reason: 'not mine to give' };

    it('an inspection officer can neither decide on a customs case nor read the customs worklist or case (403)', async () => {
      const inspector = officer('inspection');
      expect((await inspector.post(`/v1/agencies/customs/cases/${id}/decisions`, decisionBody)).status).toBe(403);
      expect((await inspector.get('/v1/agencies/customs/worklist')).status).toBe(403);
      expect((await inspector.get(`/v1/agencies/customs/cases/${id}`)).status).toBe(403);
      expect((await caseOf('customs', id)).body.status).toBe('pending');
    });

    it('an auditor reads every worklist and case (200) but cannot decide (403)', async () => {
      const auditor = actors.auditor();
      const list = await auditor.get('/v1/agencies/customs/worklist');
      expect(list.status).toBe(200);
      expect(list.body).toMatchObject({ items: expect.any(Array), page: 1, pageSize: 20, total: expect.any(Number) });
      expect((await auditor.get('/v1/agencies/inspection/worklist')).status).toBe(200);
      expect((await auditor.get(`/v1/agencies/customs/cases/${id}`)).body).toMatchObject({ declarationId: id, lane: 'documents' });
      expect((await auditor.post(`/v1/agencies/customs/cases/${id}/decisions`, decisionBody)).status).toBe(403);
      expect((await caseOf('customs', id)).body.status).toBe('pending');
    });

    it('an enterprise, a port operator and the gate get 403 on every agency route, even for their own declaration; no token is 401', async () => {
      for (const client of [importer(), actors.portOperator(), actors.gate()]) {
        expect((await client.get('/v1/agencies/customs/worklist')).status).toBe(403);
        expect((await client.get(`/v1/agencies/customs/cases/${id}`)).status).toBe(403);
        expect((await client.post(`/v1/agencies/customs/cases/${id}/decisions`, decisionBody)).status).toBe(403);
      }
      expect((await sw.request('GET', '/v1/agencies/customs/worklist')).status).toBe(401);
      expect((await sw.request('POST', `/v1/agencies/customs/cases/${id}/decisions`, decisionBody)).status).toBe(401);
    });

    it('a case that does not exist is 404: an unknown declaration, an agency it was not routed to, an unknown agency', async () => {
      const unknown = randomUUID();
      expect((await caseOf('customs', unknown)).status).toBe(404);
      expect((await decide('customs', unknown, 'release')).status).toBe(404);
      // Laptops by sea: no inspection, no border.
      expect((await caseOf('inspection', id)).status).toBe(404);
      expect((await decide('border', id, 'release')).status).toBe(404);
      expect((await actors.auditor().get('/v1/agencies/police/worklist')).status).toBe(404);
      const notFound = await decide('inspection', id, 'hold');
      expect(notFound.body).toMatchObject({ status: 404, title: 'Not Found' });
      expect(await store.readStream(`inspection-${id}`)).toEqual([]);
    });

    it('a bad decision body is 400 naming the field; nothing is written', async () => {
      const before = (await store.readStream(`customs-${id}`)).length;
      const post = (body: unknown) => officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, body);
      const cases: Array<[unknown, string[]]> = [
        [{ decision: 'approve', reason: 'ok' }, ['decision']],
        [{ reason: 'ok' }, ['decision']],
        [{ decision: 'release' }, ['reason']],
        [{ decision: 'release', reason: '' }, ['reason']],
        [{ decision: 'release', reason: 'r'.repeat(501) }, ['reason']],
        [{ decision: 'release', reason: 42 }, ['reason']],
        [{ decision: 'RELEASE', reason: 'ok' }, ['decision']],
        [{ decision: 'release', reason: 'ok', officer: 'someone else' }, ['officer']],
        [{}, ['decision', 'reason']],
      ];
      for (const [body, fields] of cases) {
        const response = await post(body);
        expect({ body, status: response.status }).toEqual({ body, status: 400 });
        expect([...new Set(response.body.errors.map((e: any) => e.field))].sort()).toEqual(fields);
        expect(response.body).toMatchObject({ type: expect.any(String), title: 'Bad Request', status: 400 });
      }
      expect((await officer('customs').post('/v1/agencies/customs/cases/not-a-uuid/decisions', decisionBody)).status).toBe(400);
      expect((await officer('customs').request('POST', `/v1/agencies/customs/cases/${id}/decisions`, '{"decision": "release",')).status).toBe(400);
      expect(await store.readStream(`customs-${id}`)).toHaveLength(before);
      expect((await caseOf('customs', id)).body.status).toBe('pending');
    });
  });

  describe('the worklist', () => {
    it('serves perishable goods and AEO-advanced declarants first (priority), then the oldest; ?status= filters; pages carry { items, page, pageSize, total }', async () => {
      const tianjin = ENTERPRISES.tianjinMachinery; // registered (一般信用)
      const shanghai = ENTERPRISES.shanghaiTrading; // AEO advanced (高级认证)
      // Each stays open at customs: green but dutiable and unpaid, or on the documents lane.
      const stories: Array<[name: string, body: Record<string, unknown>, uscc: string, priority: number]> = [
        ['registered, laptops', seaImport({ declarant: tianjin, items: [undervaluedLaptops()] }), tianjin.uscc, 0],
        ['AEO advanced, laptops', seaImport({ declarant: shanghai, items: [undervaluedLaptops()] }), shanghai.uscc, 2],
        ['registered, fresh apples', seaImport({ declarant: tianjin, items: [freshApples()] }), tianjin.uscc, 2],
        ['AEO advanced, fresh apples', seaImport({ declarant: shanghai, items: [freshApples()] }), shanghai.uscc, 3],
        ['registered, laptops again', seaImport({ declarant: tianjin, items: [{ ...undervaluedLaptops(), value: 9000 }] }), tianjin.uscc, 0],
      ];
      const ids: Record<string, string> = {};
      for (const [name, body, uscc, priority] of stories) {
        ids[name] = await submit(body, uscc);
        // One after the other: each case opens (and is assessed) before the next is submitted.
        expect((await assessedCase('customs', ids[name])).priority).toBe(priority);
      }
      await caughtUp();

      const mine = new Set(Object.values(ids));
      const { status, body: all } = await worklist('customs');
      expect(status).toBe(200);
      expect(all).toEqual({ items: expect.any(Array), page: 1, pageSize: 200, total: expect.any(Number) });
      expect(all.total).toBe(all.items.length);
      const ordered = all.items.filter((item: any) => mine.has(item.declarationId));
      expect(ordered.map((item: any) => item.declarationId)).toEqual([
        ids['AEO advanced, fresh apples'], ids['AEO advanced, laptops'], ids['registered, fresh apples'], ids['registered, laptops'], ids['registered, laptops again'],
      ]);
      expect(ordered.map((item: any) => item.priority)).toEqual([3, 2, 2, 0, 0]);
      // The whole list is in that order: priority descending, then age.
      for (let i = 1; i < all.items.length; i++) {
        const [a, b] = [all.items[i - 1], all.items[i]];
        expect(a.priority > b.priority || (a.priority === b.priority && a.openedAt <= b.openedAt)).toBe(true);
      }
      // The apples are routed to inspection as well: the customs entry carries its facts.
      expect(ordered[0].otherAgencies.inspection).toMatchObject({ lane: 'examination' });

      // ?status= filters; the default is the open cases (pending, examination, held).
      expect((await decide('customs', ids['registered, laptops again'], 'hold', 'documents missing')).status).toBe(202);
      await eventually(async () => {
        const held = await worklist('customs', '&status=held');
        expect(held.status).toBe(200);
        expect(held.body.items.map((item: any) => item.declarationId)).toContain(ids['registered, laptops again']);
        expect(held.body.items.every((item: any) => item.status === 'held')).toBe(true);
        expect(held.body.total).toBe(held.body.items.length);
      });
      const pending = await worklist('customs', '&status=pending');
      expect(pending.body.items.every((item: any) => item.status === 'pending')).toBe(true);
      expect(pending.body.items.map((item: any) => item.declarationId)).not.toContain(ids['registered, laptops again']);
      expect((await worklist('customs')).body.items.map((item: any) => item.declarationId)).toContain(ids['registered, laptops again']);
      expect((await worklist('customs', '&status=cleared')).status).toBe(400);

      // Paging: two pages of two are the first four of the list.
      await caughtUp();
      const full = (await worklist('customs')).body;
      const page1 = (await officer('customs').get('/v1/agencies/customs/worklist?page=1&pageSize=2')).body;
      const page2 = (await officer('customs').get('/v1/agencies/customs/worklist?page=2&pageSize=2')).body;
      expect(page1).toMatchObject({ page: 1, pageSize: 2, total: full.total });
      expect(page2).toMatchObject({ page: 2, pageSize: 2, total: full.total });
      expect([...page1.items, ...page2.items]).toEqual(full.items.slice(0, 4));
      const beyond = (await officer('customs').get(`/v1/agencies/customs/worklist?page=${full.total + 1}&pageSize=1`)).body;
      expect(beyond).toEqual({ items: [], page: full.total + 1, pageSize: 1, total: full.total });
      for (const query of ['page=0', 'pageSize=0', 'pageSize=201', 'page=abc', 'sort=age']) {
        expect({ query, status: (await officer('customs').get(`/v1/agencies/customs/worklist?${query}`)).status }).toEqual({ query, status: 400 });
      }
    });
  });
});
