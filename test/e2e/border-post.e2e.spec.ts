import { renderMessage } from '@sw/messages';
import { randomUUID } from 'node:crypto';
import { CARRIERS, ENTERPRISES, eventually, listenToEvents, settleThroughBank, withServer, type Actors, type Declaration } from '@sw/test-support';

/**
 * The border post at Erenhot (二连浩特, under 呼和浩特海关 0700; the seeds carry no code of its own):
 * the truck, its crew and its manifest arrive together with the declarations they carry. The
 * carrier files the manifest (舱单) and declares the crossing (运输工具申报); border check holds a
 * crossing whose driver is under alert (执法互助); the gate opens once every declaration on the truck
 * is released and the crossing is cleared, plates compared however they are written.
 */
describe('manifests, conveyance crossings and the gate at a land border post, end to end', () => {
  const world = withServer();
  const PORT = '0700';
  const importerOf = () => world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  let actors: Actors;
  const tag = () => randomUUID().slice(0, 6).toUpperCase();
  const view = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body;
  const crossingOf = async (id: string) => (await actors.officer('border').get(`/v1/conveyances/crossings/${id}`)).body;
  const manifest = (conveyance: string, bills: string[], over: Record<string, unknown> = {}) => ({
    conveyance, transportMode: '4', direction: 'import', portOfEntry: PORT, expectedAt: new Date(Date.now() + 3600_000).toISOString(),
    billsOfLading: bills.map((number) => ({ number, consignee: 'Shanghai Puyuan', packages: 40, grossWeightKg: 2400, description: 'portable computers', containers: [] })),
    ...over,
  });
  const roadImport = (conveyance: string, billOfLading: string, over: Declaration = {}): Declaration => ({
    mode: 'standard', direction: 'import', declarant: ENTERPRISES.shanghaiTrading, customsOffice: PORT, portOfEntry: PORT,
    transport: { mode: '4', conveyance, billOfLading }, tradeMode: '0110', incoterm: 'DAP', currency: 'USD',
    items: [{ hsCode: '8471300000', description: 'portable computers', quantity: 100, unit: '001', value: 50000, originCountry: 'MNG' }],
    documents: [], ...over,
  });
  /** Pays the assessed duties through the bank (the only way money settles them). */
  const payDuties = async (id: string, reference: string) => {
    const owed = await eventually(async () => {
      const { duties } = await view(id);
      expect(duties.assessed).toBeGreaterThan(0);
      return duties.assessed as number;
    });
    await settleThroughBank(actors, importerOf(), id, { amount: owed, reference });
  };

  beforeAll(() => { actors = world.actors; });

  it('a truck with two declarations and a driver under alert: one scan serves both, held at the post, released by border check, out through the gate once', async () => {
    const plate = `蒙K${tag().slice(0, 5)}`;
    const [billA, billB] = [`EL-${tag()}`, `EL-${tag()}`];
    const driverDocument = `E${Math.floor(1e6 + Math.random() * 8e6)}`;
    const alert = await actors.officer('border').post('/v1/alerts', { subject: { kind: 'crew', value: driverDocument }, reason: 'wanted for questioning by the exit-entry bureau', action: 'hold' });
    expect(alert.status).toBe(201);
    await eventually(async () => expect((await actors.officer('border').get('/v1/alerts?status=active')).body.items.map((a: { id: string }) => a.id)).toContain(alert.body.id));

    // 舱单: the carrier files the truck's manifest before it arrives, the plate written with a dash.
    const filed = await actors.carrier().post('/v1/manifests', manifest(`${plate.slice(0, 2)}-${plate.slice(2)}`, [billA, billB]));
    expect(filed.status).toBe(201);
    const manifestId = filed.body.id;
    expect((await actors.carrier().get(`/v1/manifests/${manifestId}`)).body).toMatchObject({ status: 'filed', portOfEntry: PORT, billsOfLading: [{ number: billA }, { number: billB }] });
    // Another carrier does not learn it exists; a bill is on one manifest only.
    expect((await actors.carrier(CARRIERS.qingdaoRail.uscc).get(`/v1/manifests/${manifestId}`)).status).toBe(404);
    const twice = await actors.carrier(CARRIERS.qingdaoRail.uscc).post('/v1/manifests', manifest('蒙K00001', [billA]));
    expect(twice).toMatchObject({ status: 409, body: { code: 'bill-of-lading-on-another-manifest' } });

    // Two declarations on the truck, the plate written without the dash.
    const ids: string[] = [];
    for (const bill of [billA, billB]) {
      const submitted = await importerOf().post('/v1/declarations', roadImport(plate, bill));
      expect(submitted.status).toBe(202);
      ids.push(submitted.body.id);
    }
    // 运输工具申报 as the truck reaches the post: the driver under alert is on board (document written in lower case with a space).
    const crew = [{ name: 'Batbayar Dorj', document: `${driverDocument.slice(0, 3).toLowerCase()} ${driverDocument.slice(3)}` }, { name: '王强', document: `G${tag()}` }];
    const declared = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: plate.toLowerCase(), direction: 'import', portOfEntry: PORT, crew, empty: false, declarations: ids });
    expect(declared.status).toBe(201);
    const crossingId = declared.body.id;
    const held = await eventually(async () => {
      const c = await crossingOf(crossingId);
      expect(c.status).toBe('held');
      return c;
    });
    expect(held.alerts.map((a: { alertId: string }) => a.alertId)).toEqual([alert.body.id]);
    // The carrier sees that it is held, not why.
    expect((await actors.carrier().get(`/v1/conveyances/crossings/${crossingId}`)).body).toMatchObject({ status: 'held', reasons: [], alerts: [] });
    // Border check's worklist: the crossing waits for its decision, held by the alert on the driver (a catalogue code: officers read it in Chinese).
    const waiting = await eventually(async () => {
      const { status, body } = await actors.officer('border').get(`/v1/conveyances/crossings?port=${PORT}`);
      expect(status).toBe(200);
      const found = body.items.find((c: { id: string }) => c.id === crossingId);
      expect(found).toMatchObject({ status: 'held' });
      return found;
    });
    expect(waiting).toMatchObject({ conveyance: plate.toLowerCase(), portOfEntry: PORT, direction: 'import', empty: false, declarations: ids, crew });
    expect(waiting.holds).toEqual([{ code: 'crossing-hold.alert', params: { alertId: alert.body.id, subject: 'crew', value: driverDocument, reason: 'wanted for questioning by the exit-entry bureau' }, at: expect.any(String) }]);
    // Crossings are border check's: another agency's officer is refused, a bad filter is a 400.
    expect((await actors.officer('customs').get('/v1/conveyances/crossings')).body).toMatchObject({ status: 403, code: 'agency-not-allowed' });
    expect((await actors.officer('border').get('/v1/conveyances/crossings?status=stuck')).status).toBe(400);

    // Customs sends both declarations to examination (an H986 scan and the documents, each).
    const customs = actors.officer('customs');
    for (const id of ids) {
      await eventually(async () => {
        const examine = await customs.post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'declared value to be checked against the goods' });
        expect(examine.body).toMatchObject({ status: 'examination' });
      });
    }
    for (const id of ids) {
      await eventually(async () => expect((await customs.get(`/v1/examinations/${id}`)).body.checks.map((c: { check: string }) => c.check)).toEqual(['scan', 'documents']));
    }
    // 一次查验 of the truck: one scan, recorded in the first declaration's examination, serves both (监管互认).
    const first = await customs.post(`/v1/examinations/${ids[0]}/findings`, { checks: [{ check: 'scan', result: 'pass', note: 'H986 image of the whole truck clear' }, { check: 'documents', result: 'pass' }] });
    expect(first.status).toBe(202);
    const second = await eventually(async () => {
      const { body } = await customs.get(`/v1/examinations/${ids[1]}`);
      expect(body.checks[0]).toEqual({ check: 'scan', status: 'passed', by: 'customs', agencies: ['customs'], onConveyance: { crossingId, from: ids[0] } });
      return body;
    });
    expect(second).toMatchObject({ status: 'scheduled', requiredChecks: { customs: [{ check: 'scan', status: 'recognized', by: 'customs' }, { check: 'documents', status: 'pending' }] } });
    // The truck is not scanned again for the second declaration; its documents are its own.
    expect((await customs.post(`/v1/examinations/${ids[1]}/findings`, { checks: [{ check: 'scan', result: 'pass' }] })).body.code).toBe('check-already-satisfied');
    expect((await customs.post(`/v1/examinations/${ids[1]}/findings`, { checks: [{ check: 'documents', result: 'pass' }] })).status).toBe(202);
    for (const id of ids) await eventually(async () => expect((await customs.get(`/v1/examinations/${id}`)).body).toMatchObject({ status: 'completed', results: { customs: 'passed' } }));
    const scans = (await Promise.all(ids.map((id) => world.store.readStream(`examination-${id}`))))
      .flat().filter((e) => e.type === 'FindingsRecorded').flatMap((e) => (e.data as { findings: { check: string }[] }).findings).filter((f) => f.check === 'scan');
    expect(scans).toHaveLength(1);

    for (const [index, id] of ids.entries()) await payDuties(id, `TAX-EL-${tag()}-${index}`);
    for (const id of ids) {
      await eventually(async () => {
        const v = await view(id);
        expect(v.manifest).toMatchObject({ status: 'on-manifest', blocker: null }); // filed before the declarations: their cases open on it
        expect(v.status).toBe('released');
      });
    }

    // The gate, the plate in full-width characters: both declarations released, the crossing held.
    const fullWidth = plate.replace(/[A-Z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const gate = actors.gate(PORT);
    const shut = await gate.post('/v1/gate/passes', { conveyance: fullWidth, portOfEntry: PORT });
    expect(shut.status).toBe(200);
    expect(shut.body).toMatchObject({ open: false, crossing: { id: crossingId, status: 'held', empty: false } });
    expect(shut.body.states).toEqual(ids.map((id) => ({ id, status: 'released', blockers: [] })));
    expect(shut.body.reasons.join(' ')).toContain('held');
    // The same reason as a code and params, worded by the catalogue in Chinese for the gate's officer.
    expect(shut.body.reasonMessages).toEqual([{ code: 'gate.crossing-not-cleared', params: { crossing: crossingId, status: 'held' } }]);
    expect(renderMessage(shut.body.reasonMessages[0], 'zh')).toBe(`运输工具申报 ${crossingId} 被边检扣留：卡口须待通关放行后开启`);

    // Only border check decides a crossing; its officer releases it after questioning the driver.
    expect((await actors.officer('customs').post(`/v1/conveyances/crossings/${crossingId}/decisions`, { decision: 'release', reason: 'x' })).status).toBe(403);
    expect((await actors.officer('border').post(`/v1/conveyances/crossings/${crossingId}/decisions`, { decision: 'release', reason: 'driver questioned; documents in order' })).status).toBe(202);

    // Decided: no longer waiting; it reads cleared, with the officer's decision.
    await eventually(async () => {
      expect((await actors.officer('border').get('/v1/conveyances/crossings')).body.items.map((c: { id: string }) => c.id)).not.toContain(crossingId);
      const cleared = (await actors.auditor().get('/v1/conveyances/crossings?status=cleared&pageSize=200')).body.items.find((c: { id: string }) => c.id === crossingId);
      expect(cleared).toMatchObject({ status: 'cleared', decisions: [{ decision: 'release', reason: 'driver questioned; documents in order' }] });
    });
    const open = await gate.post('/v1/gate/passes', { conveyance: `${plate.slice(0, 2)} ${plate.slice(2)}`, portOfEntry: PORT });
    expect(open.body).toMatchObject({ open: true, declarations: ids, crossing: { id: crossingId, status: 'exited' } });
    for (const id of ids) await eventually(async () => expect((await view(id)).status).toBe('exited'));
    // The exit is recorded exactly once.
    expect((await gate.post('/v1/gate/passes', { conveyance: plate, portOfEntry: PORT })).body.open).toBe(false);
    const events = await world.store.readStream(`crossing-${crossingId}`);
    expect(events.filter((e) => e.type === 'CrossingExited')).toHaveLength(1);
    for (const id of ids) expect((await world.store.readStream(`declaration-${id}`)).filter((e) => e.type === 'GoodsExited')).toHaveLength(1);
  });

  it('an empty truck returning opens the gate on its cleared crossing, once', async () => {
    const plate = `蒙K${tag().slice(0, 5)}`;
    const declared = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: plate, direction: 'export', portOfEntry: PORT, crew: [{ name: 'Ganbold', document: `E${tag()}` }], empty: true });
    expect(declared.status).toBe(201);
    const gate = actors.gate(PORT);
    await eventually(async () => expect((await crossingOf(declared.body.id)).status).toBe('cleared'));
    const open = await gate.post('/v1/gate/passes', { conveyance: plate, portOfEntry: PORT });
    expect(open.body).toEqual({ open: true, declarations: [], states: [], crossing: { id: declared.body.id, status: 'exited', empty: true } });
    expect((await gate.post('/v1/gate/passes', { conveyance: plate, portOfEntry: PORT })).body.open).toBe(false);
    // Without a crossing, an empty truck does not pass.
    const nobody = `蒙K${tag().slice(0, 5)}`;
    expect((await gate.post('/v1/gate/passes', { conveyance: nobody, portOfEntry: PORT })).body).toMatchObject({
      open: false, states: [], crossing: null, reasonMessages: [{ code: 'gate.nothing-awaits-exit', params: { conveyance: nobody, portOfEntry: PORT } }],
    });
  });

  it('an advance declaration waits for its manifest: manifest-missing until the carrier lists its bill, then released on arrival', async () => {
    const plate = `蒙K${tag().slice(0, 5)}`;
    const bill = `EL-${tag()}`;
    const submitted = await importerOf().post('/v1/declarations', roadImport(plate, bill, { mode: 'advance' }));
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;
    await eventually(async () => expect((await view(id)).manifest).toEqual({ status: 'missing', blocker: 'manifest-missing' }));
    await payDuties(id, `TAX-ADV-${tag()}`);
    const blockers = async () => (await actors.officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body.releaseBlockers;
    await eventually(async () => expect(await blockers()).toEqual(['awaiting-arrival', 'manifest-missing']));

    const filed = await actors.carrier().post('/v1/manifests', manifest(plate, [`EL-${tag()}`]));
    expect(filed.status).toBe(201);
    // 舱单变更 before arrival: the bill is added.
    const amended = await actors.carrier().post(`/v1/manifests/${filed.body.id}/amendments`, { billsOfLading: manifest(plate, [bill]).billsOfLading });
    expect(amended.status).toBe(202);
    expect(amended.body).toMatchObject({ added: [bill] });
    await eventually(async () => expect(await blockers()).toEqual(['awaiting-arrival']));
    await eventually(async () => expect((await view(id)).manifest).toEqual({ status: 'on-manifest', manifestId: filed.body.id, blocker: null }));

    // An arrival at another port than the manifest's is refused; at its port it is the arrival.
    const elsewhere = await actors.portOperator().post('/v1/arrivals', { billOfLading: bill, conveyance: plate, portOfEntry: '0600' });
    expect(elsewhere).toMatchObject({ status: 409, body: { code: 'arrival-port-not-manifested' } });
    const other = await actors.portOperator().post('/v1/arrivals', { billOfLading: bill, conveyance: '蒙K00000', portOfEntry: PORT });
    expect(other).toMatchObject({ status: 409, body: { code: 'arrival-conveyance-not-manifested' } });
    const arrived = await actors.portOperator().post('/v1/arrivals', { billOfLading: bill, conveyance: plate, portOfEntry: PORT });
    expect(arrived).toMatchObject({ status: 202, body: { matched: [id] } });
    await eventually(async () => expect((await view(id)).status).toBe('released'));

    // After arrival the manifest is no longer amended.
    await eventually(async () => expect((await actors.carrier().get(`/v1/manifests/${filed.body.id}`)).body.status).toBe('arrived'));
    const late = await actors.carrier().post(`/v1/manifests/${filed.body.id}/amendments`, { billsOfLading: manifest(plate, [bill, `EL-${tag()}`]).billsOfLading });
    expect(late).toMatchObject({ status: 409, body: { code: 'manifest-arrived' } });
  });

  /** The notices a port operator's stream (推送查验通知 over server-sent events) has pushed so far; close() ends it. */
  const listen = async (port: string) => {
    const listener = await listenToEvents(`${world.sw.url}/v1/examinations/stream`, await actors.token({ role: 'port-operator', port }), 'notice');
    return { notices: listener.events, close: listener.close };
  };

  it('the yard hears of an examination at its port (推送查验通知), pushed as it is scheduled, so the container is moved before the officers come', async () => {
    const plate = `蒙K${tag().slice(0, 5)}`;
    const bill = `EL-${tag()}`;
    // The yard's console is open before the examination is scheduled: it hears of it without asking.
    const yard = await listen(PORT);
    const elsewhereStream = await listen('2200');
    try {
      const id = (await importerOf().post('/v1/declarations', roadImport(plate, bill))).body.id;
      // Customs sends it to examination once its case is open (the case opens from the submission, a moment later).
      await eventually(async () => {
        const examine = await actors.officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'examine', reason: 'declared value to be checked against the goods' });
        expect(examine.body).toMatchObject({ status: 'examination' });
      });
      const pushed = await eventually(() => {
        const found = yard.notices.find((n) => n.declarationId === id);
        expect(found).toBeDefined();
        return found!;
      });
      expect(pushed).toMatchObject({ billOfLading: bill, conveyance: plate, portOfEntry: PORT, status: 'scheduled', agencies: ['customs'], appointment: null });
      // The list says the same to a yard that asks.
      const listed = (await actors.portOperator(PORT).get('/v1/examinations?status=scheduled')).body.items.find((item: { declarationId: string }) => item.declarationId === id);
      expect(listed).toMatchObject({ billOfLading: bill, conveyance: plate, portOfEntry: PORT, status: 'scheduled', agencies: ['customs'] });
      // The officers book the slot: the yard hears when they come, once.
      const from = new Date(Date.now() + 2 * 3600_000);
      const booked = await actors.officer('customs').post(`/v1/examinations/${id}/appointment`, { from: from.toISOString(), to: new Date(from.getTime() + 3600_000).toISOString(), location: '二连浩特公路口岸查验场 3号位' });
      expect(booked.status).toBe(202);
      await eventually(() => expect(yard.notices.filter((n) => n.declarationId === id).map((n) => n.appointment?.location ?? null)).toEqual([null, '二连浩特公路口岸查验场 3号位']));
      // Another port's operator hears nothing of it, pushed or listed.
      const elsewhere = await actors.portOperator('2200').get('/v1/examinations?status=scheduled');
      expect(elsewhere.body.items.map((item: { declarationId: string }) => item.declarationId)).not.toContain(id);
      expect(elsewhereStream.notices.map((n) => n.declarationId)).not.toContain(id);
      // A yard that connects later hears of it at once, among the standing ones.
      const later = await listen(PORT);
      try {
        await eventually(() => expect(later.notices.find((n) => n.declarationId === id)).toMatchObject({ status: 'scheduled', appointment: { location: '二连浩特公路口岸查验场 3号位' } }));
      } finally { await later.close(); }
    } finally {
      await yard.close();
      await elsewhereStream.close();
    }
  });

  it('bad input gets a clear 4xx, never a 5xx', async () => {
    const repeated = await actors.carrier().post('/v1/manifests', manifest('蒙K11111', ['EL-SAME', 'EL-SAME']));
    expect(repeated.status).toBe(400);
    expect(repeated.body.errors.map((e: { field: string }) => e.field)).toContain('billsOfLading');
    const crew = [{ name: 'Ganbold', document: 'E7777777' }];
    const emptyWithCargo = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K11111', direction: 'export', portOfEntry: PORT, crew, empty: true, declarations: [randomUUID()] });
    expect(emptyWithCargo.status).toBe(400);
    const loadedWithNothing = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K11111', direction: 'export', portOfEntry: PORT, crew, empty: false });
    expect(loadedWithNothing.status).toBe(400);
    expect(loadedWithNothing.body.errors.map((e: { field: string }) => e.field)).toEqual(['empty']);
    const unknown = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K11111', direction: 'import', portOfEntry: PORT, crew, empty: false, declarations: [randomUUID()] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'declarations[0]' })]);
    expect((await actors.carrier().post('/v1/conveyances/crossings', { conveyance: '蒙K11111', direction: 'import', portOfEntry: PORT, crew: [], empty: true })).status).toBe(400);
    expect((await actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).post('/v1/manifests', manifest('蒙K11111', ['EL-X']))).status).toBe(403);
    expect((await actors.carrier().post(`/v1/manifests/${randomUUID()}/amendments`, { billsOfLading: manifest('蒙K11111', ['EL-X']).billsOfLading })).status).toBe(404);
  });

  it('a crossing of a vehicle under alert is a held case, not an error; the gate stays shut', async () => {
    const plate = `蒙K${tag().slice(0, 5)}`;
    const alert = await actors.officer('customs').post('/v1/alerts', { subject: { kind: 'conveyance', value: plate.toLowerCase() }, reason: 'vehicle reported stolen', action: 'hold' });
    expect(alert.status).toBe(201);
    await eventually(async () => expect((await actors.officer('border').get('/v1/alerts?status=active')).body.items.map((a: { id: string }) => a.id)).toContain(alert.body.id));
    const declared = await actors.carrier().post('/v1/conveyances/crossings', { conveyance: `${plate.slice(0, 2)}-${plate.slice(2)}`, direction: 'export', portOfEntry: PORT, crew: [{ name: 'Ganbold', document: `E${tag()}` }], empty: true });
    expect(declared.status).toBe(201);
    await eventually(async () => expect(await crossingOf(declared.body.id)).toMatchObject({ status: 'held', alerts: [expect.objectContaining({ alertId: alert.body.id })] }));
    expect((await actors.gate(PORT).post('/v1/gate/passes', { conveyance: plate, portOfEntry: PORT })).body).toMatchObject({ open: false, crossing: { status: 'held' } });
    // Refused by border check: the crossing is over, and a decision after it is a 409.
    expect((await actors.officer('border').post(`/v1/conveyances/crossings/${declared.body.id}/decisions`, { decision: 'reject', reason: 'vehicle impounded' })).status).toBe(202);
    expect((await actors.officer('border').post(`/v1/conveyances/crossings/${declared.body.id}/decisions`, { decision: 'release', reason: 'x' })).body).toMatchObject({ status: 409, code: 'crossing-closed' });
  });
});
