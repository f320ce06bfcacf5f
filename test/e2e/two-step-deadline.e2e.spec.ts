import { Actors, eventually, seaImport, startTestServer, type TestServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * 两步申报 deadlines on the engine clock: overdue when the clock passes the due date without the
 * complete declaration, the late fee (滞报金) accruing, the flag staying after a late filing, and
 * the deadline firing from its stored schedule after a restart, once.
 */
describe('two-step deadline on the engine clock', () => {
  let sw: TestServer;
  let actors: Actors;
  afterAll(async () => sw?.close());

  it('turns overdue after the dev clock passes the due date, accrues the late fee, and stays flagged when filed late', async () => {
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' });
    actors = new Actors(sw);
    const importer = actors.enterprise('91310115MA1HK7Q24A');
    // Values on the summary let customs assess duties and the customs value in CNY.
    const body = seaImport({ mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } });
    const { body: accepted } = await importer.post('/v1/declarations', body);
    await actors.portOperator().post('/v1/arrivals', { billOfLading: body.transport.billOfLading, conveyance: body.transport.conveyance, portOfEntry: '2200' });
    const due = await eventually(async () => {
      const { body: view } = await importer.get(`/v1/declarations/${accepted.id}`);
      expect(view.completeDeclaration.dueAt).toEqual(expect.any(String));
      expect(view.duties.customsValueCny).toBeGreaterThan(0);
      return view;
    });
    expect(due.completeDeclaration).toMatchObject({ status: 'due', overdue: false, lateFee: null });

    // Stop the server: the deadline must fire from its stored schedule after the restart.
    await sw.close({ keepDatabase: true });
    const before = sw.database;
    sw = await startTestServer({ RISK_RANDOM_SELECTION: 'off' }, before);
    actors = new Actors(sw);
    const again = actors.enterprise('91310115MA1HK7Q24A');

    expect((await sw.request('POST', '/v1/dev/clock', { advance: 'P16D' })).status).toBe(202);
    const overdue = await eventually(async () => {
      const { body: view } = await again.get(`/v1/declarations/${accepted.id}`);
      expect(view.completeDeclaration.status).toBe('overdue');
      return view;
    });
    // 0.5‰ of the customs value per day overdue (2 days: due + 14 d, clock at + 16 d), RMB 50 and above.
    const expected = Math.round(overdue.duties.customsValueCny * 0.0005 * 2 * 100) / 100;
    expect(overdue.completeDeclaration.lateFee).toEqual({ amount: expected >= 50 ? expected : 0, currency: 'CNY', days: 2, waived: expected < 50 });

    const filed = await again.post(`/v1/declarations/${accepted.id}/complete`, { items: seaImport().items });
    expect(filed.status).toBe(202);
    const late = await eventually(async () => {
      const { body: view } = await again.get(`/v1/declarations/${accepted.id}`);
      expect(view.completeDeclaration.status).toBe('filed');
      return view;
    });
    expect(late.completeDeclaration.overdue).toBe(true); // stays flagged

    const store = new PostgresEventStore({ connectionString: sw.database.url });
    const events = await store.readStream(`declaration-${accepted.id}`);
    await store.close();
    expect(events.filter((e) => e.type === 'CompleteDeclarationOverdue')).toHaveLength(1); // fired once
    expect(events.find((e) => e.type === 'CompleteDeclarationFiled')!.data).toMatchObject({ late: true });
  });
});
