import { bodyFromMessage, readDecMessage } from '@sw/declaration';
import { Actors, eventually, type TestServer, withServer } from '@sw/test-support';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A real broker client's message (test/fixtures/dec-message/real, cited in its README) goes in
 * through the API: staged (G) then declared (C) under its ClientSeqNo, accepted with a 统一编号,
 * every element kept and given back identical, its receipts carrying the customs number. Then the
 * message's mode (两步申报 / 转关提前) and a goods line's licences (DecGoodsLimits) end to end.
 */
describe('报关单报文: a real client\'s message, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const BROKER = '914403007542554132'; // 深圳倍通物流科技有限公司, AgentCodeScc of the real message
  const CLIENT = '91440300618932803R'; // 联振电子（深圳）有限公司, its TradeCodeScc
  const xml = { 'content-type': 'application/xml' };
  const asXml = { accept: 'application/xml' };
  const field = (text: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];
  const idOf = (headers: Headers) => headers.get('location')!.split('/').pop()!;
  const unique = () => randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase();
  const real = readFileSync(path.join(__dirname, '../fixtures/dec-message/real/loop-server-Dec20181.xml'), 'utf8');
  const message = (text: string) => readDecMessage(new TextEncoder().encode(text)).message;

  it('the real message, byte for byte: staged, declared without a 提运单号 (物流中心 W: 免予填报), kept, given back identical, its receipts carrying the customs number', async () => {
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    const poa = await actors.enterprise(CLIENT).post('/v1/powers-of-attorney', { agent: BROKER, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['export'], customsOffices: ['5317'] } });
    expect(poa.status).toBe(201);
    const broker = actors.broker(BROKER);
    // The fixture as the client sent it: its ClientSeqNo names the one filing, so the message goes in once per database.
    const seq = '201802011651490001';
    expect(field(real, 'ClientSeqNo')).toBe(seq);
    expect(real).toContain('<BillNo />');
    expect(field(real, 'TrafMode')).toBe('W');

    const first = await broker.post('/v1/declarations', real, xml);
    expect([first.status, field(first.body, 'ResponseCode'), field(first.body, 'ClientSeqNo')]).toEqual([202, '0', seq]);
    const id = idOf(first.headers);
    expect((await broker.get(`/v1/declarations/${id}`)).status).toBe(404); // 暂存: not declared

    // Declared (C): the staged message's one element a client changes to declare it.
    const declared = real.replace('<OperType>G</OperType>', '<OperType>C</OperType>');
    const accepted = await broker.post('/v1/declarations', declared, xml);
    expect(accepted.status).toBe(202);
    expect(idOf(accepted.headers)).toBe(id);
    const seqNo = field(accepted.body, 'SeqNo')!;
    expect(seqNo).toMatch(/^E\d{17}$/);

    const view = await eventually(async () => {
      const { status, body } = await broker.get(`/v1/declarations/${id}`);
      expect(status).toBe(200);
      return body;
    });
    expect(view).toMatchObject({ mode: 'standard', direction: 'export', customsOffice: '5317', consignee: { uscc: CLIENT } });
    expect(view.declaration).toMatchObject({ tradeMode: '0615', incoterm: 'FOB', currency: 'USD', transport: { mode: 'W', conveyance: '粤B6R81J' } });
    expect(view.declaration.transport).not.toHaveProperty('billOfLading');
    expect(view.declaration.message.head.billNo).toBe('');
    expect(view.declaration.items).toHaveLength(4);
    expect(view.declaration.items[0]).toMatchObject({ hsCode: '8504500000', quantity: 17600, unit: '007', value: 729.34, originCountry: 'CHN' });
    // The client sees its declaration the broker filed.
    expect((await actors.enterprise(CLIENT).get(`/v1/declarations/${id}`)).status).toBe(200);

    const out = await broker.request('GET', `/v1/declarations/${id}`, undefined, asXml);
    expect(out.status).toBe(200);
    const back = message(out.body);
    expect(back).toEqual(message(declared));
    expect(back.head).toMatchObject({ tradeCodeScc: CLIENT, copName: '深圳市倍通供应链服务有限公司', wrapType: '2', tradeCountry: '142' });
    expect(back.attachments).toEqual([expect.objectContaining({ edocID: '######', edocFomatType: '##' })]);

    const receipts = await eventually(async () => {
      const { body } = await broker.get(`/v1/declarations/${id}/receipts`);
      expect(body.items.length).toBeGreaterThan(0);
      return body.items;
    }, { timeoutMs: 20_000 });
    const number = (await broker.get(`/v1/declarations/${id}`)).body.number;
    expect(number).toMatch(/^5317\d{4}0\d{9}$/); // 海关编号: office, year, export, sequence
    expect(receipts[0]).toMatchObject({ channel: 'L', seqNo, entryId: number, customMaster: '5317', clientSeqNo: seq });
    const receiptsXml = (await broker.request('GET', `/v1/declarations/${id}/receipts`, undefined, asXml)).body;
    expect([field(receiptsXml, 'CUS_CIQ_NO'), field(receiptsXml, 'ENTRY_ID'), field(receiptsXml, 'CHANNEL')]).toEqual([seqNo, number, 'L']);
  });

  it('提运单号 is required where the goods cross with a carrier\'s document: the real message by 水路运输 (2), or as JSON, without one is a 400 naming it; as JSON by 物流中心 (W) it is not', async () => {
    const broker = actors.broker(BROKER);
    const today = new Date(Date.parse((await sw.request('GET', '/v1/dev/clock')).body.now) + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await actors.enterprise(CLIENT).post('/v1/powers-of-attorney', { agent: BROKER, validFrom: today, validUntil: '2099-12-31', scope: { directions: ['export'], customsOffices: ['5317'] } })).status).toBe(201);
    const seq = `2018${unique()}`;
    const bySea = real.replace('<TrafMode>W</TrafMode>', '<TrafMode>2</TrafMode>').replace('<ClientSeqNo>201802011651490001</ClientSeqNo>', `<ClientSeqNo>${seq}</ClientSeqNo>`)
      .replace('<OperType>G</OperType>', '<OperType>C</OperType>');
    const refused = await broker.post('/v1/declarations', bySea, xml);
    expect(refused.status).toBe(400);
    expect(field(refused.body, 'ErrorMessage')).toContain('DecHead/BillNo 提运单号');
    expect(field(refused.body, 'ErrorMessage')).toContain('transport mode 2 needs its 提运单号');

    // The JSON body: the same rule, on the same field.
    const json = message(real.replace('<ClientSeqNo>201802011651490001</ClientSeqNo>', `<ClientSeqNo>${seq}</ClientSeqNo>`));
    const body = bodyFromMessage(json) as { transport: Record<string, unknown> };
    const sea = await broker.post('/v1/declarations', { ...body, transport: { ...body.transport, mode: '2' }, message: { ...json, head: { ...json.head, trafMode: '2' } } });
    expect(sea.status).toBe(400);
    expect(sea.body.errors).toEqual([expect.objectContaining({ field: 'transport.billOfLading', message: expect.stringContaining('transport mode 2 needs its 提运单号') })]);
    const centre = await broker.post('/v1/declarations', body);
    expect(centre.status).toBe(202);
    const view = await eventually(async () => {
      const { status, body: got } = await broker.get(`/v1/declarations/${centre.body.id}`);
      expect(status).toBe(200);
      return got;
    });
    // No conveyance arrival to wait for: the goods are in the centre it declares.
    expect(view.arrival).toEqual({ arrivedAt: expect.any(String) });
    expect(view.status).not.toBe('awaiting-arrival');
    expect(view.declaration.transport).toEqual({ mode: 'W', conveyance: '粤B6R81J' });
    expect(message((await broker.request('GET', `/v1/declarations/${centre.body.id}`, undefined, asXml)).body)).toEqual(json);
  });

  const general = () => readFileSync(path.join(__dirname, '../fixtures/dec-message/import-general-trade.xml'), 'utf8')
    .replace(/(ClientSeqNo>)[^<]+(<)/, `$1${unique()}$2`).replace(/(BillNo>)[^<]+(<)/, `$1COSU${unique()}$2`);
  const importer = () => actors.enterprise('91310115MA1HK7Q24A');

  it('DecHead/Type position 3 = 5 declares two-step (概要申报), DeclTrnRel 1 advance, 6 is refused; each as the view says', async () => {
    const twoStep = await importer().post('/v1/declarations', general().replace('<Type/>', '<Type>SW5</Type>'), xml);
    expect(twoStep.status).toBe(202);
    const advance = await importer().post('/v1/declarations', general().replace('<DeclTrnRel>0</DeclTrnRel>', '<DeclTrnRel>1</DeclTrnRel>'), xml);
    expect(advance.status).toBe(202);
    for (const [response, mode] of [[twoStep, 'two-step'], [advance, 'advance']] as const) {
      await eventually(async () => expect((await importer().get(`/v1/declarations/${idOf(response.headers)}`)).body.mode).toBe(mode));
    }
    const summary = (await importer().get(`/v1/declarations/${idOf(twoStep.headers)}`)).body;
    expect(summary.declaration).toMatchObject({ summary: { licenseRequired: false, inspectionRequired: true, dutiable: true } });
    const complete = await importer().post('/v1/declarations', general().replace('<Type/>', '<Type>SW6</Type>'), xml);
    expect([complete.status, complete.headers.get('x-problem-code')]).toEqual([400, 'message-complete-declaration']);
    expect(field(complete.body, 'ErrorMessage')).toContain('完整申报');
  });

  it('a goods line\'s licence (DecGoodsLimits) is kept, given back inside its DecList, and checked as the declaration\'s documents', async () => {
    const limits = '<DecGoodsLimits><DecGoodsLimit><GoodsNo>1</GoodsNo><LicTypeCode>O</LicTypeCode><LicenceNo>23-AB-123456</LicenceNo><LicWrtofQty>100</LicWrtofQty></DecGoodsLimit></DecGoodsLimits>';
    const sent = general().replace(/<\/DecList>/, `${limits}</DecList>`);
    const accepted = await importer().post('/v1/declarations', sent, xml);
    expect(accepted.status).toBe(202);
    const id = idOf(accepted.headers);
    const view = await eventually(async () => {
      const { status, body } = await importer().get(`/v1/declarations/${id}`);
      expect(status).toBe(200);
      return body;
    });
    expect(view.declaration.documents).toEqual([{ code: 'O', number: '23-AB-123456' }]);
    const out = (await importer().request('GET', `/v1/declarations/${id}`, undefined, asXml)).body;
    expect(message(out)).toEqual(message(sent));
    expect(message(out).goodsLimits).toEqual([{ line: 0, limit: { goodsNo: '1', licTypeCode: 'O', licenceNo: '23-AB-123456', licWrtofQty: '100' } }]);

    // The JSON body carries them under `message` too (with a transit block), checked the same way.
    const json = message(general().replace(/<\/DecList>/, `${limits}</DecList>`).replace('</DecSign>', '</DecSign><TrnHead><NativeShipName>沪A12345</NativeShipName></TrnHead>'));
    const body = { ...bodyFromMessage(json), transport: { mode: '2', conveyance: 'COSCO SHIPPING ARIES', voyage: '041E', billOfLading: json.head.billNo } };
    const viaJson = await importer().post('/v1/declarations', body);
    expect(viaJson.status).toBe(202);
    expect(message((await importer().request('GET', `/v1/declarations/${viaJson.body.id}`, undefined, asXml)).body)).toEqual(json);
    const noLine = await importer().post('/v1/declarations', { ...body, message: { ...json, goodsLimits: [{ line: 5, limit: { licTypeCode: 'O', licenceNo: 'X' } }] } });
    expect(noLine.status).toBe(400);
    expect(JSON.stringify(noLine.body.errors)).toContain('message.goodsLimits[0].line');
  });

  it('a goods line that needs a licence: held without one, released with its DecGoodsLimits naming a registered licence, which is written off', async () => {
    const HUALAN = '91440300MA5D8T3W1W';
    const number = `26-44-${unique().slice(0, 6)}`;
    const issued = await actors.as({ role: 'issuer', authority: 'MOFCOM' }).post('/v1/licenses', {
      number, type: '4', holder: HUALAN, commodities: ['284920'], quantity: 1000, unit: '035', validFrom: '2026-01-01', validUntil: `${new Date().getUTCFullYear() + 1}-12-31`,
    });
    expect(issued.status).toBe(201);
    const siliconCarbide = (limits: string) => readFileSync(path.join(__dirname, '../fixtures/dec-message/export-9710-b2b.xml'), 'utf8')
      .replace(/(ClientSeqNo>)[^<]+(<)/, `$1${unique()}$2`).replace(/(BillNo>)[^<]+(<)/, `$1HG-${unique()}$2`).replace('粤B12345', `粤B${unique().slice(0, 5)}`)
      .replace('<dec:CodeTS>8471300000</dec:CodeTS>', '<dec:CodeTS>2849200000</dec:CodeTS>')
      .replace('<dec:GUnit>001</dec:GUnit>', '<dec:GUnit>035</dec:GUnit>').replace('<dec:FirstUnit>001</dec:FirstUnit>', '<dec:FirstUnit>035</dec:FirstUnit>')
      .replace('</dec:DecList>', `${limits}</dec:DecList>`);
    const exporter = actors.enterprise(HUALAN);
    const view = (id: string) => eventually(async () => {
      const { body } = await actors.auditor().get(`/v1/declarations/${id}`);
      expect(['held', 'released']).toContain(body.status);
      return body;
    }, { timeoutMs: 20_000 });

    const without = await exporter.post('/v1/declarations', siliconCarbide(''), xml);
    expect(without.status).toBe(202);
    expect((await view(idOf(without.headers))).licenses).toMatchObject({ status: 'failed', problems: [{ item: 0, type: '4', reason: 'license-missing' }] });

    const limits = `<dec:DecGoodsLimits><dec:DecGoodsLimit><dec:GoodsNo>1</dec:GoodsNo><dec:LicTypeCode>4</dec:LicTypeCode><dec:LicenceNo>${number}</dec:LicenceNo><dec:LicWrtofQty>200</dec:LicWrtofQty></dec:DecGoodsLimit></dec:DecGoodsLimits>`;
    const sent = siliconCarbide(limits);
    const withLicence = await exporter.post('/v1/declarations', sent, xml);
    expect(withLicence.status).toBe(202);
    const id = idOf(withLicence.headers);
    await eventually(async () => expect((await view(id)).licenses).toMatchObject({ status: 'written-off', checks: [{ license: { code: '4', number }, items: [0], quantity: 200 }] }), { timeoutMs: 20_000 });
    expect((await view(id)).status).toBe('released');
    expect((await actors.auditor().get(`/v1/licenses/${number}`)).body).toMatchObject({ balance: 800 });
    expect(message((await exporter.request('GET', `/v1/declarations/${id}`, undefined, asXml)).body)).toEqual(message(sent));
  });
});
