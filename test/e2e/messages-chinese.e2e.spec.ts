import { renderMessage } from '@sw/messages';
import { randomUUID } from 'node:crypto';
import { Actors, ENTERPRISES_ZH, eventually, roadExport, seaImport, type TestServer, withServer } from '@sw/test-support';

/**
 * A system that speaks Chinese (issue 23): every problem, risk reason, release blocker and system
 * decision carries a stable code and params, and Accept-Language zh-CN gives the catalogue's
 * Chinese; without it (or with en) the server's English stays as it was. Random selection is off.
 */
describe('messages in Chinese and English, end to end', () => {
  const world = withServer();
  let sw: TestServer, actors: Actors;
  beforeAll(() => ({ sw, actors } = world));

  const ZH = { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' };
  const EN = { 'accept-language': 'en-US,en;q=0.9' };
  const customs = () => actors.officer('customs');
  /** 100 laptops at USD 100 = CNY 710 a unit: cu-undervaluation-laptops (price verification, documents lane). */
  const laptops = { hsCode: '8471300000', description: '便携式计算机（14 英寸）', quantity: 100, unit: '001', value: 10000, originCountry: 'USA' };

  async function submit(body: Record<string, unknown>): Promise<string> {
    const response = await actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc).post('/v1/declarations', body);
    if (response.status !== 202) throw new Error(`submission refused: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  }
  const assessedCase = (id: string) => eventually(async () => {
    const { status, body } = await customs().get(`/v1/agencies/customs/cases/${id}`);
    expect(status).toBe(200);
    expect(body.lane).not.toBeNull();
    return body;
  });

  it('an advance declaration of undervalued laptops: the officer reads the risk reason and the blocker as codes, and the refused release in Chinese or English as asked', async () => {
    const id = await submit(seaImport({ mode: 'advance', tradeMode: '0615', declarant: ENTERPRISES_ZH.shanghaiTrading, items: [laptops] }));
    const found = await assessedCase(id);
    expect(found.reasons).toEqual([expect.objectContaining({
      rule: 'cu-undervaluation-laptops', code: 'risk.rule-items',
      params: expect.objectContaining({ items: '1', descriptionZh: '便携式电脑申报单价低于 1,000 元：价格审查（涉嫌低报价格）' }),
    })]);
    expect(found.releaseBlockers).toEqual(['awaiting-arrival']);
    expect(found.blockerMessages).toEqual([{ blocker: 'awaiting-arrival', code: 'blocker.awaiting-arrival', params: {} }]);
    expect(found.declaration.declarant.name).toBe('上海浦远国际贸易有限公司');

    const release = { decision: 'release', reason: '单证齐全，价格经审查属实' };
    const inChinese = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, release, ZH);
    expect(inChinese.status).toBe(409);
    expect(inChinese.headers.get('content-language')).toBe('zh-CN');
    expect(inChinese.body).toMatchObject({
      code: 'release-blocked', params: { agency: 'customs', blockers: ['awaiting-arrival'] }, blockers: ['awaiting-arrival'],
      detail: '暂不能放行海关案件：货物尚未运抵（提前申报）：放行须待运抵报告',
    });

    const inEnglish = await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, release, EN);
    expect(inEnglish.status).toBe(409);
    expect(inEnglish.headers.get('content-language')).toBe('en');
    expect(inEnglish.body).toMatchObject({ code: 'release-blocked', params: { agency: 'customs', blockers: ['awaiting-arrival'] } });
    expect(inEnglish.body.detail).toMatch(/^Cannot release the customs case yet: the goods have not arrived/);
    // No Accept-Language: English, as before.
    expect((await customs().post(`/v1/agencies/customs/cases/${id}/decisions`, release)).body.detail).toBe(inEnglish.body.detail);
  });

  it('a declaration with a wrong commodity code: 400 with its code, the field messages in Chinese when asked', async () => {
    const body = seaImport({ declarant: ENTERPRISES_ZH.shanghaiTrading, items: [{ ...laptops, hsCode: '0000000000' }] });
    const declarant = actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc);
    const zh = await declarant.post('/v1/declarations', body, ZH);
    expect(zh.status).toBe(400);
    expect(zh.body).toMatchObject({ code: 'invalid-request', params: {}, detail: '请求无效：请按下列字段说明改正' });
    expect(zh.body.errors).toContainEqual({ field: 'items[0].hsCode', message: '不是有效的 HS 商品编码' });
    for (const error of zh.body.errors) expect(error.message).toMatch(/[\u4e00-\u9fff]/);

    const en = await declarant.post('/v1/declarations', body, EN);
    expect(en.status).toBe(400);
    expect(en.body.detail).toBe('The request is not valid');
    expect(en.body).toMatchObject({ code: 'invalid-request', params: {} });
    const hs = en.body.errors.find((e: { field: string }) => e.field === 'items[0].hsCode');
    expect(hs.message).toMatch(/HS/);
    expect(hs.message).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('an unknown declaration: 404 with the code not-found, in Chinese when asked', async () => {
    const unknown = `/v1/declarations/${randomUUID()}`;
    const zh = await actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc).request('GET', unknown, undefined, ZH);
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({ code: 'not-found', params: {}, detail: '未找到：该资源不存在或不属于您' });
    const en = await actors.enterprise(ENTERPRISES_ZH.shanghaiTrading.uscc).request('GET', unknown);
    expect(en.body).toMatchObject({ code: 'not-found', detail: expect.stringMatching(/^No declaration /) });
    // Without a token the 401 carries its code too.
    const anonymous = await sw.request('GET', unknown, undefined, ZH);
    expect(anonymous).toMatchObject({ status: 401, body: { code: 'unauthorized', detail: '需要有效的访问令牌' } });
  });

  it('a green-lane export releases itself: the view records the system’s decision with its code', async () => {
    const exporter = actors.enterprise(ENTERPRISES_ZH.shenzhenElectronics.uscc);
    const submitted = await exporter.post('/v1/declarations', roadExport({ declarant: ENTERPRISES_ZH.shenzhenElectronics, items: [{ ...laptops, description: '便携式计算机', originCountry: 'CHN', value: 120000, quantity: 200 }] }));
    expect(submitted.status).toBe(202);
    const view = await eventually(async () => {
      const { body } = await exporter.get(`/v1/declarations/${submitted.body.id}`);
      expect(body.status).toBe('released');
      return body;
    });
    // The declarant reads the deciding agency, not who in it decided (disclosure).
    expect(view.agencies.customs.decisions).toEqual([expect.objectContaining({ decision: 'release', by: 'customs', code: 'decision.release.green-lane', reason: 'green lane: every release condition holds' })]);
    // Why each agency acts: the routing reasons as codes, one for one with the English, worded in Chinese by the catalogue.
    for (const agency of Object.keys(view.agencies)) {
      expect(view.agencies[agency].routingReasonMessages).toHaveLength(view.agencies[agency].routingReasons.length);
    }
    expect(view.agencies.customs.routingReasonMessages).toEqual([{ code: 'routing.customs-always' }]);
    expect(view.agencies.border.routingReasonMessages).toEqual([{ code: 'routing.land-border', params: { conveyance: expect.any(String), mode: expect.any(String) } }]);
    expect(renderMessage(view.agencies.border.routingReasonMessages[0], 'zh')).toMatch(/^运输工具 .+ 经陆路边境出入境（.+）$/);
  });
});
