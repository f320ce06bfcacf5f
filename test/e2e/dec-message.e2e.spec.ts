import { bodyFromMessage, readDecMessage } from '@sw/declaration';
import { Actors, ENTERPRISES, eventually, seaImport, settleThroughBank, type TestServer, withServer } from '@sw/test-support';
import type { PostgresEventStore } from '@sw/event-store';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A broker's software speaks the single window's message (报关单报文, API.md "The real client's
 * message"): its DecMessage goes in as XML, is accepted with a 统一编号, keeps every element,
 * comes back out identical, and its receipts (DEC_RESULT) carry the customs number.
 */
describe('报关单报文: the client\'s DecMessage, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors, store: PostgresEventStore;
  beforeAll(() => ({ sw, actors, store } = world));

  const importer = () => actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
  const exporter = () => actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
  const unique = () => randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase();

  /** A fixture with its own ClientSeqNo and bill of lading, so each story is a new declaration. */
  function fixture(name: string, seq = unique(), bill = `COSU${unique()}`): string {
    return readFileSync(path.join(__dirname, '../fixtures/dec-message', name), 'utf8')
      .replace(/(ClientSeqNo>)[^<]+(<)/, `$1${seq}$2`)
      .replace(/(BillNo>)[^<]+(<)/, `$1${bill}$2`);
  }
  const xml = { 'content-type': 'application/xml' };
  const asXml = { accept: 'application/xml' };
  const field = (text: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const idOf = (headers: Headers) => headers.get('location')!.split('/').pop()!;
  /** Declarations written by the command side (submitted or staged): a refused message adds none. */
  async function written() {
    return (await store.readAll()).filter((e) => e.type === 'DeclarationSubmitted' || e.type === 'DeclarationStaged').length;
  }

  it('an import message is accepted with its 统一编号, keeps every element, comes back out identical and its receipts follow it to release', async () => {
    const sent = fixture('import-general-trade.xml');
    const accepted = await importer().post('/v1/declarations', sent, xml);
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(field(accepted.body, 'ResponseCode')).toBe('0');
    const seqNo = field(accepted.body, 'SeqNo')!;
    expect(seqNo).toMatch(/^I\d{17}$/);
    const id = idOf(accepted.headers);

    const view = await eventually(async () => {
      const { status, body } = await importer().get(`/v1/declarations/${id}`);
      expect(status).toBe(200);
      return body;
    });
    expect(view).toMatchObject({ direction: 'import', customsOffice: '2248', portOfEntry: '2248', transport: { conveyance: 'COSCO SHIPPING ARIES' } });

    const out = await importer().request('GET', `/v1/declarations/${id}`, undefined, asXml);
    expect(out.status).toBe(200);
    expect(out.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(readDecMessage(new TextEncoder().encode(out.body)).message).toEqual(readDecMessage(new TextEncoder().encode(sent)).message);

    // The same message again is the same declaration; another body under its ClientSeqNo is refused.
    const again = await importer().post('/v1/declarations', sent, xml);
    expect(again.status).toBe(202);
    expect(idOf(again.headers)).toBe(id);
    expect(field(again.body, 'SeqNo')).toBe(seqNo);
    const changed = await importer().post('/v1/declarations', sent.replace('<GrossWet>1250.5</GrossWet>', '<GrossWet>1300</GrossWet>'), xml);
    expect(changed.status).toBe(409);
    expect(field(changed.body, 'ResponseCode')).toBe('1');
    expect(field(changed.body, 'ErrorMessage')).toContain('ClientSeqNo');

    // Dutiable: T, then paid and released: P. Every receipt carries the 统一编号 and the customs number.
    const assessed = await eventually(async () => {
      const { body } = await importer().get(`/v1/declarations/${id}`);
      expect(body.duties.assessed).toBeGreaterThan(0);
      return body;
    });
    await settleThroughBank(actors, importer(), id, { amount: assessed.duties.assessed, reference: `PAY-${unique()}` });
    const receipts = await eventually(async () => {
      const { status, body } = await importer().get(`/v1/declarations/${id}/receipts`);
      expect(status).toBe(200);
      expect(body.items.map((r: { channel: string }) => r.channel)).toEqual(['L', 'T', 'P']);
      return body.items;
    }, { timeoutMs: 20_000 });
    const number = (await importer().get(`/v1/declarations/${id}`)).body.number;
    expect(number).toMatch(/^2248\d{4}1\d{9}$/); // 海关编号: office, year, import, sequence
    for (const receipt of receipts) expect(receipt).toMatchObject({ seqNo, entryId: number, customMaster: '2248', clientSeqNo: field(sent, 'ClientSeqNo') });
    const receiptsXml = await importer().request('GET', `/v1/declarations/${id}/receipts`, undefined, asXml);
    expect(receiptsXml.body.match(/<CHANNEL>(\w)<\/CHANNEL>/g)).toEqual(['<CHANNEL>L</CHANNEL>', '<CHANNEL>T</CHANNEL>', '<CHANNEL>P</CHANNEL>']);
    expect(field(receiptsXml.body, 'CUS_CIQ_NO')).toBe(seqNo);
    expect(field(receiptsXml.body, 'ENTRY_ID')).toBe(number);
    // The customs number finds it as the id does, as XML too.
    expect(readDecMessage(new TextEncoder().encode((await importer().request('GET', `/v1/declarations/${number}`, undefined, asXml)).body)).message.head.contrNo).toBe('PY-2026-0418');

    // Nobody else sees it, as XML or as receipts.
    expect((await exporter().request('GET', `/v1/declarations/${id}`, undefined, asXml)).status).toBe(404);
    expect((await exporter().get(`/v1/declarations/${id}/receipts`)).status).toBe(404);
  });

  it('an export with a BOM, namespace prefixes and legacy numeric codes is declared in its DxpMsg envelope, released, and its goods leave: L, P, R', async () => {
    const plate = `粤B${unique().slice(0, 5)}`;
    const sent = fixture('export-9710-b2b.xml', unique(), `HG-${unique()}`).replace('粤B12345', plate);
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><DxpMsg ver="1.0" xmlns="http://www.chinaport.gov.cn/dxp"><TransInfo><CopMsgId>${unique()}</CopMsgId></TransInfo><Data>${Buffer.from(sent).toString('base64')}</Data></DxpMsg>`;
    const accepted = await exporter().post('/v1/declarations', envelope, { 'content-type': 'text/xml; charset=utf-8' });
    expect(accepted.status).toBe(202);
    const id = idOf(accepted.headers);
    await eventually(async () => expect((await exporter().get(`/v1/declarations/${id}`)).body.status).toBe('released'), { timeoutMs: 20_000 });
    const view = (await exporter().get(`/v1/declarations/${id}`)).body;
    expect(view).toMatchObject({ direction: 'export', customsOffice: '5301' });
    await actors.gate().post('/v1/gate/passes', { conveyance: plate, portOfEntry: '5301' });
    const receipts = await eventually(async () => {
      const { body } = await exporter().get(`/v1/declarations/${id}/receipts`);
      expect(body.items.map((r: { channel: string }) => r.channel)).toEqual(['L', 'P', 'R']);
      return body.items;
    }, { timeoutMs: 20_000 });
    expect(receipts[0].seqNo).toMatch(/^E\d{17}$/);
    const out = (await exporter().request('GET', `/v1/declarations/${id}`, undefined, { accept: 'application/xml;q=1, application/json;q=0.5' })).body;
    const back = readDecMessage(new TextEncoder().encode(out)).message;
    expect(back).toEqual(readDecMessage(new TextEncoder().encode(sent)).message);
    expect(back.items[0]).toMatchObject({ originCountry: '142', tradeCurr: '502' }); // as sent; the engine reads them as CHN and USD
  });

  it('G stages (暂存): stored and editable, not declared; C with the same ClientSeqNo declares it; then G is refused', async () => {
    const seq = unique();
    const staged = fixture('import-general-trade.xml', seq).replace('<OperType>C</OperType>', '<OperType>G</OperType>');
    const first = await importer().post('/v1/declarations', staged, xml);
    expect(first.status).toBe(202);
    const id = idOf(first.headers);
    const edited = staged.replace('<ContrNo>PY-2026-0418</ContrNo>', '<ContrNo>PY-2026-0419</ContrNo>');
    expect(idOf((await importer().post('/v1/declarations', edited, xml)).headers)).toBe(id);
    expect((await importer().get(`/v1/declarations/${id}`)).status).toBe(404); // not declared: no status
    const draft = await importer().request('GET', `/v1/declarations/${id}`, undefined, asXml);
    expect(draft.status).toBe(200);
    expect(field(draft.body, 'ContrNo')).toBe('PY-2026-0419');
    expect((await exporter().request('GET', `/v1/declarations/${id}`, undefined, asXml)).status).toBe(404);
    expect(await typesOf(id)).toEqual(['dec:DeclarationStaged', 'dec:DeclarationStaged']);

    const declared = await importer().post('/v1/declarations', edited.replace('<OperType>G</OperType>', '<OperType>C</OperType>'), xml);
    expect(declared.status).toBe(202);
    expect(idOf(declared.headers)).toBe(id);
    await eventually(async () => expect((await importer().get(`/v1/declarations/${id}`)).status).toBe(200));
    const late = await importer().post('/v1/declarations', edited, xml);
    expect(late.status).toBe(409);
    expect(field(late.body, 'ErrorMessage')).toContain('已申报');
  });

  async function typesOf(id: string) {
    return (await store.readByCorrelation(id)).map((e) => `${e.streamId.split('-')[0]}:${e.type}`).filter((t) => t.startsWith('dec:'));
  }

  it('the JSON body carries the same elements under `message`, checked the same way', async () => {
    const message = readDecMessage(new TextEncoder().encode(fixture('import-general-trade.xml'))).message;
    const body = seaImport({
      customsOffice: '2248', portOfEntry: '2248', transport: { mode: '2', conveyance: 'COSCO SHIPPING ARIES', voyage: '041E', billOfLading: message.head.billNo },
      items: [
        { hsCode: '8471300000', description: '便携式自动数据处理设备', quantity: 100, unit: '001', value: 50000, originCountry: 'USA' },
        { hsCode: '8471300000', description: '便携式自动数据处理设备', quantity: 50, unit: '001', value: 30000, originCountry: 'USA' },
      ],
      message,
    });
    const accepted = await importer().post('/v1/declarations', body);
    expect(accepted.status).toBe(202);
    const out = await importer().request('GET', `/v1/declarations/${accepted.body.id}`, undefined, asXml);
    expect(readDecMessage(new TextEncoder().encode(out.body)).message).toEqual(message);

    const badCode = await importer().post('/v1/declarations', { ...body, message: { ...message, head: { ...message.head, wrapType: '77' } } });
    expect(badCode.status).toBe(400);
    expect(JSON.stringify(badCode.body.errors)).toContain('message.head.wrapType');
    const disagreeing = await importer().post('/v1/declarations', { ...body, customsOffice: '2200' });
    expect(disagreeing.status).toBe(400);
    expect(JSON.stringify(disagreeing.body.errors)).toContain("customsOffice is \\\"2200\\\" but the message's CustomMaster says \\\"2248\\\"");
  });

  it('a return for correction is receipt Z (退回修改), a rejection E (退单); the resubmitted message is what GET gives back', async () => {
    const channelsOf = async (id: string) => (await importer().get(`/v1/declarations/${id}/receipts`)).body.items.map((r: { channel: string; note: string }) => `${r.channel}${r.note ? ` ${r.note}` : ''}`);
    const sent = fixture('import-general-trade.xml');
    const id = idOf((await importer().post('/v1/declarations', sent, xml)).headers);
    await eventually(async () => expect((await importer().get(`/v1/declarations/${id}`)).body.duties.assessed).toBeGreaterThan(0));
    expect((await actors.officer('customs').post(`/v1/agencies/customs/cases/${id}/decisions`, { decision: 'return', reason: '总价与发票不符' })).status).toBe(202);
    await eventually(async () => expect(await channelsOf(id)).toEqual(['L', expect.stringMatching(/^T \d+(\.\d+)? CNY$/), 'Z 总价与发票不符']));

    const message = readDecMessage(new TextEncoder().encode(sent)).message;
    const corrected = { ...message, items: message.items.map((line, i) => (i === 0 ? { ...line, declTotal: '55000.00', declPrice: '550' } : line)) };
    const resubmitted = await importer().post(`/v1/declarations/${id}/resubmit`, bodyFromMessage(corrected));
    expect(resubmitted.status).toBe(202);
    await eventually(async () => expect((await importer().get(`/v1/declarations/${id}`)).body.version).toBe(2));
    const out = await importer().request('GET', `/v1/declarations/${id}`, undefined, asXml);
    expect(readDecMessage(new TextEncoder().encode(out.body)).message).toEqual(corrected);

    const other = idOf((await importer().post('/v1/declarations', fixture('import-general-trade.xml'), xml)).headers);
    // The customs case is open (and assessed) before an officer decides on it.
    await eventually(async () => expect((await importer().get(`/v1/declarations/${other}`)).body.duties?.assessed).toBeGreaterThan(0));
    expect((await actors.officer('customs').post(`/v1/agencies/customs/cases/${other}/decisions`, { decision: 'reject', reason: '申报不实' })).status).toBe(202);
    await eventually(async () => expect((await channelsOf(other)).at(-1)).toBe('E 申报不实'));
  });

  it('malformed and hostile messages get 400 (413 when huge) with the reason in Chinese, and write nothing', async () => {
    const valid = fixture('import-general-trade.xml');
    const cases: [string, string | Uint8Array, number, string][] = [
      ['billion laughs', `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><DecMessage><DecHead><NoteS>&lol1;</NoteS></DecHead></DecMessage>`, 400, 'xml-doctype'],
      ['external entity', '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><DecMessage>&x;</DecMessage>', 400, 'xml-doctype'],
      ['not well-formed', valid.slice(0, valid.length / 2), 400, 'xml-malformed'],
      ['not UTF-8', new Uint8Array([...Buffer.from('<DecMessage><DecHead><NoteS>'), 0xc4, 0xe3, 0xba, 0xc3, ...Buffer.from('</NoteS></DecHead></DecMessage>')]), 400, 'message-not-utf8'],
      ['GBK declared', valid.replace('encoding="UTF-8"', 'encoding="GBK"'), 400, 'message-encoding'],
      ['another namespace', valid.replace('http://www.chinaport.gov.cn/dec', 'urn:evil'), 400, 'message-structure'],
      ['an unknown element', valid.replace('<ApprNo/>', '<Injected>1</Injected>'), 400, 'message-structure'],
      ['an unknown customs office', valid.replace('<CustomMaster>2248</CustomMaster>', '<CustomMaster>0000</CustomMaster>'), 400, 'message-invalid'],
      ['an unknown packaging type', valid.replace('<WrapType>22</WrapType>', '<WrapType>77</WrapType>'), 400, 'message-invalid'],
      ['成交方式 4 (C&I), no Incoterm', valid.replace('<TransMode>1</TransMode>', '<TransMode>4</TransMode>'), 400, 'message-invalid'],
      ['lines in two currencies', valid.replace('<TradeCurr>USD</TradeCurr>', '<TradeCurr>EUR</TradeCurr>'), 400, 'message-invalid'],
      ['another enterprise as declarant', valid.replace('<AgentCodeScc>91310115MA1HK7Q24A</AgentCodeScc>', `<AgentCodeScc>${ENTERPRISES.qingdaoFood.uscc}</AgentCodeScc>`), 403, 'not-your-declaration'],
      ['OperType D', valid.replace('<OperType>C</OperType>', '<OperType>D</OperType>'), 400, 'message-oper-type'],
      ['an empty body', '', 400, ''],
    ];
    const before = await written();
    const token = await actors.token({ role: 'enterprise', uscc: ENTERPRISES.shanghaiTrading.uscc });
    for (const [name, payload, status, code] of cases) {
      const response = await fetch(`${sw.url}/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` }, body: payload });
      const text = await response.text();
      expect([name, response.status]).toEqual([name, status]);
      if (code) {
        expect([name, response.headers.get('x-problem-code')]).toEqual([name, code]);
        expect(field(text, 'ResponseCode')).toBe('1');
        expect(field(text, 'ErrorMessage')).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    const huge = await fetch(`${sw.url}/v1/declarations`, {
      method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` }, body: valid.replace('<NoteS>', `<NoteS>${'报'.repeat(400_000)}`),
    });
    expect(huge.status).toBe(413);
    expect(await written()).toBe(before);
    // Random damage to a valid message: never a 5xx; what is refused writes nothing.
    const accepted = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const at = Math.floor(Math.random() * valid.length);
      const damage = ['<', '>', '&', '</DecHead>', '<DecList>', '"', '\u0000', '&#0;', ']]>'][i % 9];
      const damaged = (valid.slice(0, at) + damage + valid.slice(at + 1)).replace(/(<ClientSeqNo>)[^<]+/, `$1F${i}${unique()}`);
      const response = await fetch(`${sw.url}/v1/declarations`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${token}` }, body: damaged });
      expect([at, damage, response.status < 500]).toEqual([at, damage, true]);
      if (response.status === 202) accepted.add(response.headers.get('location')!); // damage inside a free text can leave a valid message
      else expect([at, damage, response.status]).toEqual([at, damage, expect.any(Number)]);
    }
    expect(await written()).toBe(before + accepted.size);
  });

  it('XML is only for the declarations\' message: elsewhere it is 415 as before', async () => {
    const response = await importer().post('/v1/arrivals', '<x/>', xml);
    expect(response.status).toBe(415);
  });
});
