import { Actors, ENTERPRISES, eventually, roadExport, seaImport, type TestServer, withServer } from '@sw/test-support';
import { PostgresEventStore } from '@sw/event-store';

/**
 * 海关编号: every accepted declaration gets its 18-digit customs number at once, in the reply and
 * in the view; every read of a declaration takes the number as well as the id, within what the
 * caller may see.
 */
describe('customs numbers (海关编号), end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);

  it('numbers each office and year in sequence, 1 for an import and 0 for an export, and the event carries it', async () => {
    const year = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).getUTCFullYear();
    const first = await exporter().post('/v1/declarations', roadExport());
    const second = await exporter().post('/v1/declarations', roadExport());
    const imported = await importer().post('/v1/declarations', seaImport());
    expect([first.status, second.status, imported.status]).toEqual([202, 202, 202]);
    expect(first.body.number).toBe(`5301${year}0000000001`);
    expect(second.body.number).toBe(`5301${year}0000000002`);
    expect(imported.body.number).toBe(`2200${year}1000000001`); // another office counts on its own
    const [submitted] = await store.readStream(`declaration-${first.body.id}`);
    expect(submitted).toMatchObject({ type: 'DeclarationSubmitted', data: { number: first.body.number } });
  });

  it('reads a declaration by its number at once, with the number in the view; the stream follows it by number too', async () => {
    const { body: accepted } = await exporter().post('/v1/declarations', roadExport());
    const byNumber = await exporter().get(`/v1/declarations/${accepted.number}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body).toMatchObject({ id: accepted.id, number: accepted.number });
    const byId = await exporter().get(`/v1/declarations/${accepted.id}`);
    expect(byId.body.number).toBe(accepted.number);

    const token = await actors.token({ role: 'enterprise', uscc: ENTERPRISES.shenzhenElectronics.uscc });
    const controller = new AbortController();
    const response = await fetch(`${sw.url}/v1/declarations/${accepted.number}/stream`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes('"status":"released"') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain(`"number":"${accepted.number}"`);
    expect(text).toContain('"status":"released"');
    await eventually(async () => expect((await exporter().get(`/v1/declarations/${accepted.number}`)).body.status).toBe('released'));
  });

  it('a retry under the same Idempotency-Key returns the same number; numbers are never reused', async () => {
    const body = roadExport();
    const headers = { 'idempotency-key': `numbers-${Date.now()}` };
    const [a, b] = await Promise.all([exporter().post('/v1/declarations', body, headers), exporter().post('/v1/declarations', body, headers)]);
    expect(a.body).toMatchObject({ id: b.body.id, number: b.body.number });
    const again = await exporter().post('/v1/declarations', body, headers);
    expect(again.body.number).toBe(a.body.number);
    const next = await exporter().post('/v1/declarations', roadExport());
    expect(next.body.number > a.body.number).toBe(true);
  });

  it('is 404 for a number that is not the caller\'s, one never given, and a text that is neither id nor number', async () => {
    const { body: accepted } = await importer().post('/v1/declarations', seaImport());
    expect((await exporter().get(`/v1/declarations/${accepted.number}`)).status).toBe(404);
    expect((await importer().get(`/v1/declarations/${accepted.number.slice(0, 9)}999999999`)).status).toBe(404);
    expect((await importer().get('/v1/declarations/12345')).status).toBe(404);
    expect((await actors.officer('customs').get(`/v1/declarations/${accepted.number}`)).status).toBe(200);
    // An officer opens the case by the number as well.
    await eventually(async () => expect((await actors.officer('customs').get(`/v1/agencies/customs/cases/${accepted.number}`)).body).toMatchObject({ declarationId: accepted.id, number: accepted.number }));
  });
});
