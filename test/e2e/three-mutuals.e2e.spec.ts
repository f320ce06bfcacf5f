import { Actors, CARRIERS, ENTERPRISES, eventually, roadExport, settleThroughBank, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * 三互 at work: one joint examination for every agency that selects a shipment (一次查验),
 * checks passed by one agency recognized by the others (监管互认), and alerts that hold or
 * examine matching cases in every agency (执法互助).
 */
describe('三互, end to end', () => {
  const world = withServer();
  let actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ actors, store } = world));

  const importer = () => actors.enterprise(ENTERPRISES.qingdaoFood.uscc);
  const view = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body;

  it('frozen beef by rail, alert on the enterprise: one examination for every agency, a passed check recognized, one release', async () => {
    const alert = await actors.officer('customs').post('/v1/alerts', { subject: { kind: 'enterprise', value: ENTERPRISES.qingdaoFood.uscc }, reason: 'tip-off: mislabelled origin', action: 'examine' });
    expect(alert.status).toBe(201);
    await eventually(async () => expect((await actors.officer('inspection').get('/v1/alerts?status=active')).body.items.map((a: { id: string }) => a.id)).toContain(alert.body.id));

    const body = {
      mode: 'standard', direction: 'import', declarant: ENTERPRISES.qingdaoFood, customsOffice: '1500', portOfEntry: '1500',
      transport: { mode: '3', conveyance: 'X8024', billOfLading: 'CR-BEEF-0001' }, tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
      items: [{ hsCode: '0202300090', description: 'frozen boneless beef', quantity: 24000, unit: '035', value: 120000, originCountry: 'BRA' }], documents: [],
    };
    // 舱单: the train's manifest lists the bill (an import by rail is released once it is on one).
    const manifest = await actors.carrier(CARRIERS.qingdaoRail.uscc).post('/v1/manifests', {
      conveyance: 'X8024', transportMode: '3', direction: 'import', portOfEntry: '1500', expectedAt: new Date().toISOString(),
      billsOfLading: [{ number: 'CR-BEEF-0001', packages: 1200, grossWeightKg: 24500, description: 'frozen boneless beef', containers: ['TGHU1234562'] }],
    });
    expect(manifest.status).toBe(201);
    const submitted = await importer().post('/v1/declarations', body);
    expect(submitted.status).toBe(202);
    const id = submitted.body.id;

    const exam = await eventually(async () => {
      const { status, body: e } = await actors.officer('customs').get(`/v1/examinations/${id}`);
      expect(status).toBe(200);
      expect([...e.agencies].sort()).toEqual(['border', 'customs', 'inspection']);
      return e;
    });
    expect(exam.status).toBe('scheduled');
    const streams = (await store.readByCorrelation(id)).map((e) => e.streamId);
    expect(new Set(streams.filter((s) => s.startsWith('examination-')))).toEqual(new Set([`examination-${id}`])); // exactly one examination
    const reasons = (await view(id)).agencies.customs.reasons.join(' ');
    expect(reasons).toContain(alert.body.id);

    // A check kind two agencies need: the first to pass it satisfies the other (监管互认).
    const required: Record<string, { check: string; status: string }[]> = exam.requiredChecks;
    const shared = Object.entries(required).flatMap(([agency, checks]) => checks.map((c) => ({ agency, check: c.check })))
      .find((a, _, all) => all.some((b) => b.check === a.check && b.agency !== a.agency));
    expect(shared).toBeDefined();
    const passer = shared!.agency as 'customs' | 'inspection' | 'border';
    const recorded = await actors.officer(passer).post(`/v1/examinations/${id}/findings`, { checks: [{ check: shared!.check, result: 'pass', note: 'H986 image clean' }] });
    expect(recorded.status).toBe(202);
    const after = (await actors.officer('customs').get(`/v1/examinations/${id}`)).body;
    for (const [agency, checks] of Object.entries(after.requiredChecks as Record<string, { check: string; status: string; by?: string }[]>)) {
      const same = checks.find((c) => c.check === shared!.check);
      if (!same) continue;
      expect(same).toEqual(agency === passer ? { check: shared!.check, status: 'passed', by: passer } : { check: shared!.check, status: 'recognized', by: passer });
    }
    // Never asked again: the other agency cannot record that check.
    const other = Object.keys(required).find((a) => a !== passer && required[a].some((c) => c.check === shared!.check)) as 'customs' | 'inspection' | 'border';
    expect((await actors.officer(other).post(`/v1/examinations/${id}/findings`, { checks: [{ check: shared!.check, result: 'pass' }] })).body.code).toBe('check-already-satisfied');
    // The status view shows it too.
    await eventually(async () => expect((await view(id)).agencies[other].requiredChecks).toContainEqual({ check: shared!.check, status: 'recognized', by: passer }));

    // The enterprise books the examination slot (预约查验).
    const slotFrom = new Date(Date.now() + 3600_000);
    expect((await importer().post(`/v1/examinations/${id}/appointment`, { from: slotFrom.toISOString(), to: new Date(slotFrom.getTime() + 3600_000).toISOString(), location: 'Yard 3' })).status).toBe(202);

    // Every agency records what remains; then duties, then the inspection officer releases.
    for (const [agency, checks] of Object.entries((await actors.officer('customs').get(`/v1/examinations/${id}`)).body.requiredChecks as Record<string, { check: string; status: string }[]>)) {
      const pending = checks.filter((c) => c.status === 'pending').map((c) => ({ check: c.check, result: 'pass' }));
      if (pending.length) expect((await actors.officer(agency as 'customs').post(`/v1/examinations/${id}/findings`, { checks: pending })).status).toBe(202);
    }
    const done = (await actors.officer('customs').get(`/v1/examinations/${id}`)).body;
    expect(done.status).toBe('completed');
    expect(done.appointment).toMatchObject({ location: 'Yard 3' });
    const owed = await eventually(async () => {
      const v = await view(id);
      expect(v.duties.assessed).toBeGreaterThan(0);
      expect(v.agencies.customs.status).not.toBe('examination');
      return v.duties.assessed;
    });
    await settleThroughBank(actors, importer(), id, { amount: owed, reference: 'TAX-BEEF-1' }); // instructed, then confirmed by the bank
    await eventually(async () => {
      const v = await view(id);
      expect(v.agencies.customs.status).toBe('released');
      expect(v.agencies.border.status).toBe('released');
    });
    // Inspection releases by an officer after its examination (its policy).
    await eventually(async () => expect((await actors.officer('inspection').post(`/v1/agencies/inspection/cases/${id}/decisions`, { decision: 'release', reason: 'examination passed; quarantine certificate issued' })).status).toBe(202));
    await eventually(async () => expect((await view(id)).status).toBe('released'));
    expect((await store.readStream(`declaration-${id}`)).filter((e) => e.type === 'DeclarationReleased')).toHaveLength(1);
  });

  it('an alert on a vehicle holds its open case in the other agencies, examines new ones, and lifting ends its effect on new cases', async () => {
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const plate = '粤Z7788港';
    const first = (await exporter.post('/v1/declarations', roadExport({ mode: 'advance', transport: { mode: '4', conveyance: plate, billOfLading: 'HG-ALERT-1' } }))).body.id;
    await eventually(async () => expect((await view(first)).agencies.customs?.lane).toBe('green'));

    const alert = await actors.officer('border').post('/v1/alerts', { subject: { kind: 'conveyance', value: plate }, reason: 'vehicle flagged at another port', action: 'hold' });
    expect(alert.status).toBe(201);
    await eventually(async () => {
      const v = await view(first);
      expect(v.status).toBe('held');
      expect(v.agencies.customs.status).toBe('held');
      expect(v.agencies.border.status).toBe('held');
    });

    const second = (await exporter.post('/v1/declarations', roadExport({ transport: { mode: '4', conveyance: plate, billOfLading: 'HG-ALERT-2' } }))).body.id;
    await eventually(async () => {
      const v = await view(second);
      expect(v.agencies.customs.lane).toBe('examination');
      expect(['examination', 'held']).toContain(v.status);
    });

    expect((await actors.officer('border').post(`/v1/alerts/${alert.body.id}/lift`, { reason: 'cleared' })).status).toBe(202);
    await eventually(async () => expect((await actors.auditor().get('/v1/alerts?status=lifted')).body.items.map((a: { id: string }) => a.id)).toContain(alert.body.id));
    const third = (await exporter.post('/v1/declarations', roadExport({ transport: { mode: '4', conveyance: plate, billOfLading: 'HG-ALERT-3' } }))).body.id;
    await eventually(async () => expect((await view(third)).status).toBe('released'));
    // Held cases stay held until an officer releases them.
    expect((await view(first)).status).toBe('held');
    expect((await actors.officer('border').post(`/v1/alerts/${alert.body.id}/lift`, {})).status).toBe(409);
  });

  it('iron ore (先放后检): leaves on documents before its conformity result; a failed result raises a follow-up everyone sees', async () => {
    const minerals = actors.enterprise('91350206MA8U3K5B13');
    const body = {
      mode: 'standard', direction: 'import', declarant: { uscc: '91350206MA8U3K5B13', name: 'Xiamen Ludao Minerals Co., Ltd.' }, customsOffice: '3700', portOfEntry: '3700',
      transport: { mode: '2', conveyance: 'CAPE ORE', voyage: '2611W', billOfLading: 'ORE-XM-0001' }, tradeMode: '0110', incoterm: 'CFR', currency: 'USD',
      items: [{ hsCode: '2601110000', description: 'iron ore fines, non-agglomerated', quantity: 170000000, unit: '035', value: 17000000, originCountry: 'AUS' }], documents: [],
    };
    const id = (await minerals.post('/v1/declarations', body)).body.id;
    const assessed = await eventually(async () => {
      const v = await view(id);
      expect(v.agencies.inspection.lane).toBe('documents');
      expect(v.duties.assessed).toBeGreaterThan(0);
      return v;
    });
    await settleThroughBank(actors, minerals, id, { amount: assessed.duties.assessed, reference: 'TAX-ORE-1' });
    // Over CNY 10 million: customs reviews the documents (审单) too.
    expect(assessed.agencies.customs.lane).toBe('documents');
    await eventually(async () => expect((await actors.officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'release', reason: 'contract and invoice reviewed' })).status).toBe(202));
    // Stage 1 (允许提离): the inspection officer lets the ore leave once samples are taken.
    expect((await actors.officer('inspection').post(`/v1/agencies/inspection/cases/${id}/decisions`, { decision: 'release', reason: 'documents in order; samples taken for the laboratory' })).status).toBe(202);
    await eventually(async () => {
      const v = await view(id);
      expect(v.status).toBe('released');
      expect(v.agencies.inspection.conformity).toEqual({ status: 'pending' });
    });
    await eventually(async () => expect((await actors.officer('inspection').get('/v1/agencies/inspection/worklist?status=conformity-pending')).body.items.map((i: { declarationId: string }) => i.declarationId)).toContain(id));
    expect((await actors.officer('customs').post(`/v1/agencies/customs/cases/${id}/conformity`, { result: 'conforming' })).body.code).toBe('no-conformity-pending');

    // Stage 2 (合格评定): the laboratory finds the ore non-conforming after it left the port.
    const result = await actors.officer('inspection').post(`/v1/agencies/inspection/cases/${id}/conformity`, { result: 'non-conforming', reference: 'LAB-XM-0042', note: 'Fe content 55.1 % against 62 % declared' });
    expect(result).toMatchObject({ status: 202, body: { conformity: 'non-conforming' } });
    const followUp = { agency: 'inspection', actions: ['recall', 'hold-on-sale'], reason: 'Fe content 55.1 % against 62 % declared', at: expect.any(String) };
    await eventually(async () => expect((await minerals.get(`/v1/declarations/${id}`)).body.followUps).toEqual([followUp]));
    expect((await actors.officer('customs').get(`/v1/agencies/customs/cases/${id}`)).body.otherAgencies.inspection.status).toBe('released');
    expect((await view(id)).agencies.inspection.conformity).toMatchObject({ status: 'non-conforming' });
    expect((await actors.officer('inspection').post(`/v1/agencies/inspection/cases/${id}/conformity`, { result: 'conforming' })).status).toBe(409);
  });

  it('refuses bad findings and alerts with the field named, and officers of other agencies', async () => {
    expect((await actors.officer('customs').post('/v1/alerts', { subject: { kind: 'planet', value: 'Mars' }, reason: 'x', action: 'hold' })).body.errors[0].field).toBe('subject.kind');
    expect((await actors.officer('customs').post('/v1/alerts', { subject: { kind: 'origin', value: 'australia' }, reason: 'x', action: 'hold' })).status).toBe(409);
    expect((await actors.enterprise(ENTERPRISES.qingdaoFood.uscc).post('/v1/alerts', { subject: { kind: 'origin', value: 'AUS' }, reason: 'x', action: 'hold' })).status).toBe(403);
    const bad = await actors.officer('customs').post('/v1/examinations/00000000-0000-4000-8000-000000000000/findings', { checks: [{ check: 'telepathy', result: 'pass' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('checks[0].check');
  });
});
