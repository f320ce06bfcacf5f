import { Actors, ENTERPRISES, eventually, seaImport, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore, type RecordedEvent } from '@sw/event-store';

/**
 * 一次放行 under contention: officers of two agencies release the same shipment at the same
 * moment, and two customs officers decide on the same case at once. Whatever the interleaving,
 * a shipment is released exactly once (never twice, never not at all), a refused decision is a
 * 409 (never a 500), and a case stream stays contiguous.
 *
 * The shipments are bonded imports (进料加工 0615: no duties) by sea of
 *  - portable computers at USD 100 a unit (CNY 710 < 1,000): customs documents lane (cu-undervaluation-laptops),
 *  - prepackaged sweet biscuits: on the inspection list (food), inspection documents lane (iq-food-labels),
 * so neither case releases itself: both wait for their officer.
 */
describe('racing releases', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const SHIPMENTS = 15;
  const laptops = () => ({ hsCode: '8471300000', description: 'portable computers, 14 inch', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' });
  const biscuits = () => ({ hsCode: '1905310000', description: 'sweet biscuits, prepackaged', quantity: 2000, unit: '035', value: 8000, originCountry: 'DNK' });
  type Agency = 'customs' | 'inspection';

  async function submit(items: Record<string, unknown>[]): Promise<string> {
    const response = await actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).post('/v1/declarations', seaImport({ tradeMode: '0615', items }));
    if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  const decide = (agency: Agency, id: string, decision: string, reason: string) =>
    actors.officer(agency).post(`/v1/agencies/${agency}/cases/${id}/decisions`, { decision, reason });
  const documentsLane = (agency: Agency, id: string) =>
    eventually(async () => {
      const { status, body } = await actors.officer(agency).get(`/v1/agencies/${agency}/cases/${id}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'pending', lane: 'documents', releaseBlockers: [] });
    });
  const caughtUp = () => sw.server.subscriptions.waitUntilCaughtUp(20_000);
  const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type);
  const expectContiguous = (events: RecordedEvent[]) => expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
  const statusOf = async (id: string) => (await actors.auditor().get(`/v1/declarations/${id}`)).body.status;

  it(`${SHIPMENTS} shipments routed to customs and inspection: both officers release at the same moment, and each declaration is released exactly once`, async () => {
    const ids = await Promise.all(Array.from({ length: SHIPMENTS }, () => submit([laptops(), biscuits()])));
    for (const id of ids) {
      await documentsLane('customs', id);
      await documentsLane('inspection', id);
    }
    await caughtUp();
    for (const id of ids) expect(await statusOf(id)).toBe('under-review');

    for (const [index, id] of ids.entries()) {
      // Every third shipment was held first by one of the officers: the release lifts the hold.
      if (index % 3 === 0) {
        const holder: Agency = index % 2 === 0 ? 'customs' : 'inspection';
        expect((await decide(holder, id, 'hold', 'awaiting the original certificate')).status).toBe(202);
      }
      const answers = await Promise.all([
        decide('customs', id, 'release', 'price verified'),
        decide('inspection', id, 'release', 'labels and registration in order'),
      ]);
      expect(answers.map((a) => [a.status, a.body.status])).toEqual([[202, 'released'], [202, 'released']]);
    }

    for (const id of ids) await eventually(async () => expect(await statusOf(id)).toBe('released'), { timeoutMs: 20_000 });
    await caughtUp();
    for (const id of ids) {
      const declaration = await store.readStream(`declaration-${id}`);
      expect({ id, releases: ofType(declaration, 'DeclarationReleased').length }).toEqual({ id, releases: 1 });
      expect(ofType(declaration, 'DeclarationReleased')[0].data).toMatchObject({ agencies: ['customs', 'inspection'] });
      expectContiguous(declaration);
      for (const agency of ['customs', 'inspection'] as const) {
        const events = await store.readStream(`${agency}-${id}`);
        expectContiguous(events);
        expect(ofType(events, 'CaseReleased')).toHaveLength(1);
      }
      const view = (await actors.auditor().get(`/v1/declarations/${id}`)).body;
      expect(view).toMatchObject({ status: 'released', agencies: { customs: { status: 'released' }, inspection: { status: 'released' } } });
    }
  });

  it('all the releases of several shipments at once, with a late second release of each: still one declaration release per shipment', async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => submit([laptops(), biscuits()])));
    for (const id of ids) {
      await documentsLane('customs', id);
      await documentsLane('inspection', id);
    }
    const answers = await Promise.all(ids.flatMap((id) => [
      decide('customs', id, 'release', 'price verified'),
      decide('inspection', id, 'release', 'labels in order'),
      decide('customs', id, 'release', 'price verified (second click)'),
      decide('inspection', id, 'release', 'labels in order (second click)'),
    ]));
    // Per shipment and agency, one release is accepted and its repeat refused (409 case-released,
    // whether it read the case after the release or lost the append and read it again): never a 5xx.
    for (const answer of answers) expect([202, 409]).toContain(answer.status);
    for (const [index] of ids.entries()) {
      for (const agency of [0, 1]) {
        const pair = [answers[index * 4 + agency], answers[index * 4 + agency + 2]];
        expect(pair.filter((a) => a.status === 202)).toHaveLength(1);
        const refused = pair.find((a) => a.status === 409)!;
        expect(refused.body.code).toBe('case-released');
      }
    }
    for (const id of ids) await eventually(async () => expect(await statusOf(id)).toBe('released'), { timeoutMs: 20_000 });
    await caughtUp();
    for (const id of ids) expect(ofType(await store.readStream(`declaration-${id}`), 'DeclarationReleased')).toHaveLength(1);
  });

  it('two customs officers decide on ONE case at once, 10 times: 202 or 409, never 500, one hold and one release at most, the stream contiguous', async () => {
    const id = await submit([laptops()]);
    await documentsLane('customs', id);
    const rounds: Array<[string, string]> = [
      ['hold', 'hold'], ['hold', 'hold'], ['hold', 'hold'], // idempotent: the case is held once
      ['release', 'hold'], // the race that matters: hold first (then released) or release first (then the hold is refused)
      ['release', 'release'], ['hold', 'release'], ['reject', 'release'], ['examine', 'hold'], ['release', 'examine'], ['release', 'reject'],
    ];
    const outcomes: number[][] = [];
    for (const [a, b] of rounds) {
      const answers = await Promise.all([decide('customs', id, a, `officer A: ${a}`), decide('customs', id, b, `officer B: ${b}`)]);
      for (const answer of answers) {
        expect([202, 409]).toContain(answer.status);
        if (answer.status === 202) expect(answer.body).toMatchObject({ declarationId: id, agency: 'customs', revision: expect.any(Number) });
        else expect(answer.body).toMatchObject({ status: 409, title: 'Conflict', detail: expect.any(String) });
      }
      outcomes.push(answers.map((answer) => answer.status));
    }
    expect(outcomes.slice(0, 3)).toEqual([[202, 202], [202, 202], [202, 202]]);
    // After the release, every decision is refused: the case is final.
    for (const round of outcomes.slice(4)) expect(round).toEqual([409, 409]);

    const events = await store.readStream(`customs-${id}`);
    expectContiguous(events);
    expect(ofType(events, 'CaseHeld')).toHaveLength(1);
    expect(ofType(events, 'CaseReleased')).toHaveLength(1);
    expect(ofType(events, 'CaseRejected')).toHaveLength(0);
    expect(ofType(events, 'ExaminationRequested')).toHaveLength(0);
    expect(events.at(-1)!.type).toBe('CaseReleased');
    await eventually(async () => expect(await statusOf(id)).toBe('released'));
    await caughtUp();
    expect(ofType(await store.readStream(`declaration-${id}`), 'DeclarationReleased')).toHaveLength(1);
  });

  it('a burst of 20 concurrent decisions on one case (release, hold, examine): 202 or 409, never 500, the stream contiguous', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await submit([laptops()]);
      await documentsLane('customs', id);
      const decisions = Array.from({ length: 20 }, (_, i) => ['hold', 'release', 'hold', 'examine'][i % 4]);
      const answers = await Promise.all(decisions.map((decision, i) => decide('customs', id, decision, `officer ${i % 2 ? 'A' : 'B'}: ${decision}`)));
      const statuses = answers.map((a) => a.status);
      expect(statuses.every((s) => s === 202 || s === 409)).toBe(true);
      for (const answer of answers) expect(JSON.stringify(answer.body)).not.toMatch(/\.(ts|js):\d+|stack/i); // no stack trace

      const events = await store.readStream(`customs-${id}`);
      expectContiguous(events);
      expect(ofType(events, 'CaseHeld').length).toBeLessThanOrEqual(1);
      expect(ofType(events, 'CaseReleased').length).toBeLessThanOrEqual(1);
      expect(ofType(events, 'ExaminationRequested').length).toBeLessThanOrEqual(1);
      // Every accepted release made the one CaseReleased: at most one release was accepted.
      expect(answers.filter((a, i) => decisions[i] === 'release' && a.status === 202).length).toBe(ofType(events, 'CaseReleased').length);
      await caughtUp();
      const releases = ofType(await store.readStream(`declaration-${id}`), 'DeclarationReleased').length;
      expect(releases).toBe(ofType(events, 'CaseReleased').length);
    }
  });
});
