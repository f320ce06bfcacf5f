import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DeclarationBody } from '@sw/shipment';
import { bodyFromMessage, exportDecMessage, readDecMessage } from './dec-message';
import { coreFromMessage } from './dec-message.model';
import { agreementProblems, messageProblems } from './dec-message.validation';
import { MessageError } from './dec-message.xml';
import { LEGACY_COUNTRIES, LEGACY_CURRENCIES } from './dec-message.legacy-codes';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../../test/fixtures/dec-message', name), 'utf8');
const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = (text: string): MessageError => {
  try {
    readDecMessage(utf8(text));
  } catch (error) {
    if (error instanceof MessageError) return error;
    throw error;
  }
  throw new Error('the message was accepted');
};

describe('a real client\'s DecMessage (test/fixtures/dec-message/real, cited in its README)', () => {
  const sent = fixture('real/loop-server-Dec20181.xml');

  it('reads every element, the pre-2018 ones too (TradeCodeScc, CopName, InRatio, one-digit WrapType, legacy country and currency codes)', () => {
    const { message, operType, clientSeqNo } = readDecMessage(utf8(sent));
    expect([operType, clientSeqNo]).toEqual(['G', '201802011651490001']);
    expect(messageProblems(message)).toEqual([]);
    expect(message.head).toMatchObject({ tradeCodeScc: '91440300618932803R', copName: '深圳市倍通供应链服务有限公司', inRatio: '', wrapType: '2', trafMode: 'W', billNo: '' });
    expect(message.items).toHaveLength(4);
    expect(message.items[2]).toMatchObject({ gModel: '稳定电流用|无品牌|无型号|0.00419KG/个', declPrice: '0.064', tradeCurr: '502', originCountry: '142' });
    expect(message.attachments).toEqual([expect.objectContaining({ edocFomatType: '##', signTime: '20180201165158' })]);
    const core = coreFromMessage(message) as Record<string, any>;
    expect(core).toMatchObject({
      mode: 'standard', direction: 'export', declarant: { uscc: '914403007542554132' }, consignee: { uscc: '91440300618932803R', name: '联振电子（深圳）有限公司' },
      customsOffice: '5317', tradeMode: '0615', incoterm: 'FOB', currency: 'USD', transport: { mode: 'W', conveyance: '粤B6R81J', billOfLading: undefined },
    });
    expect(core.items[0]).toEqual({ hsCode: '8504500000', description: '电感器W0165', quantity: 17600, unit: '007', value: 729.34, originCountry: 'CHN' });
  });

  it('comes back out element for element', () => {
    const read = readDecMessage(utf8(sent));
    const body = bodyFromMessage(read.message) as unknown as DeclarationBody; // 物流中心 (W): no 提运单号, none added
    expect(readDecMessage(utf8(exportDecMessage(body))).message).toEqual(read.message);
  });
});

describe('DecGoodsLimits (许可证信息 per goods line)', () => {
  const limits = `<DecGoodsLimits><DecGoodsLimit><GoodsNo>1</GoodsNo><LicTypeCode>O</LicTypeCode><LicenceNo>23-AB-123456</LicenceNo><LicWrtofDetailNo>1</LicWrtofDetailNo><LicWrtofQty>100</LicWrtofQty>`
    + '<DecGoodsLimitVin><LicenceNo>23-AB-123456</LicenceNo><LicTypeCode>O</LicTypeCode><VinNo>1</VinNo><VinCode>LSVAU2180N2184847</VinCode><PricePerUnit>25000</PricePerUnit></DecGoodsLimitVin>'
    + '</DecGoodsLimit></DecGoodsLimits>';
  const withLimits = fixture('import-general-trade.xml').replace(/<\/DecList>/, `${limits}</DecList>`);

  it('are read per line, kept, written back inside their DecList, and checked as the declaration\'s documents', () => {
    const read = readDecMessage(utf8(withLimits));
    expect(read.message.goodsLimits).toEqual([{
      line: 0,
      limit: { goodsNo: '1', licTypeCode: 'O', licenceNo: '23-AB-123456', licWrtofDetailNo: '1', licWrtofQty: '100' },
      vins: [{ licenceNo: '23-AB-123456', licTypeCode: 'O', vinNo: '1', vinCode: 'LSVAU2180N2184847', pricePerUnit: '25000' }],
    }]);
    expect(messageProblems(read.message)).toEqual([]);
    const body = bodyFromMessage(read.message) as unknown as DeclarationBody;
    expect(body.documents).toEqual([{ code: 'O', number: '23-AB-123456' }]);
    expect(agreementProblems(body, read.message)).toEqual([]);
    const out = exportDecMessage(body);
    expect(out.indexOf('<DecGoodsLimits>')).toBeGreaterThan(out.indexOf('<DecList>'));
    expect(out.indexOf('<DecGoodsLimits>')).toBeLessThan(out.indexOf('</DecList>'));
    expect(readDecMessage(utf8(out)).message).toEqual(read.message);
  });

  it('refuses what is not a licence block, and a JSON message whose licence names no line', () => {
    expect(refusal(withLimits.replace('<DecGoodsLimit>', '<Other>x</Other><DecGoodsLimit>')).field).toBe('DecLists/DecList[1]/DecGoodsLimits/Other');
    expect(refusal(withLimits.replace('<GoodsNo>1</GoodsNo>', '<GoodsNo>1</GoodsNo><Injected>1</Injected>')).code).toBe('message-structure');
    const { message } = readDecMessage(utf8(withLimits));
    const problems = messageProblems({ ...message, goodsLimits: [{ line: 7, limit: { licTypeCode: 'O', bogus: '1' } }] });
    expect(problems.map((p) => p.field)).toEqual(['message.goodsLimits[0].line', 'message.goodsLimits[0].limit.bogus']);
  });
});

describe('the mode the message states', () => {
  const base = fixture('import-general-trade.xml');
  const modeOf = (text: string) => (coreFromMessage(readDecMessage(utf8(text)).message) as { mode: string; summary?: unknown });

  it('DecHead/Type position 3 = 5 (新模式概要申报) is two-step, with 涉证/涉检/涉税 as the message states them', () => {
    expect(modeOf(base)).toMatchObject({ mode: 'standard' });
    expect(modeOf(base.replace('<Type/>', '<Type>SW5</Type>'))).toEqual(expect.objectContaining({ mode: 'two-step', summary: { licenseRequired: false, inspectionRequired: true, dutiable: true } }));
  });

  it('DeclTrnRel 1 (转关提前报关单) or EdiId 3/5 (转关提前) is advance', () => {
    expect(modeOf(base.replace('<DeclTrnRel>0</DeclTrnRel>', '<DeclTrnRel>1</DeclTrnRel>')).mode).toBe('advance');
    expect(modeOf(base.replace('<EdiId>1</EdiId>', '<EdiId>5</EdiId>')).mode).toBe('advance');
  });

  it('a complete declaration (position 3 = 6) is not a new message', () => {
    expect(refusal(base.replace('<Type/>', '<Type>SW6</Type>'))).toMatchObject({ code: 'message-complete-declaration', field: 'DecHead/Type' });
  });

  it('a JSON body whose mode the message does not state is refused', () => {
    const { message } = readDecMessage(utf8(base));
    const body = { ...bodyFromMessage(message), mode: 'advance' } as unknown as DeclarationBody;
    expect(agreementProblems(body, message).map((p) => p.field)).toEqual(['mode']);
  });
});

describe('legacy numeric country and currency codes (seeds/reference/legacy-codes.md)', () => {
  const seeds = (name: string) => JSON.parse(readFileSync(path.join(__dirname, '../../../../seeds/reference', name), 'utf8')).items as Record<string, string>[];

  it('map to ISO codes the reference data holds, and the message is valid with any of them', () => {
    const countries = new Set(seeds('countries.json').map((c) => c.alpha3));
    const currencies = new Set(seeds('currencies.json').map((c) => c.code));
    expect(Object.keys(LEGACY_COUNTRIES).length).toBeGreaterThan(200);
    expect(Object.values(LEGACY_COUNTRIES).filter((c) => !countries.has(c))).toEqual([]);
    expect(Object.values(LEGACY_CURRENCIES).filter((c) => !currencies.has(c))).toEqual([]);
    expect([LEGACY_COUNTRIES['502'], LEGACY_COUNTRIES['141'], LEGACY_COUNTRIES['344'], LEGACY_COUNTRIES['417'], LEGACY_CURRENCIES['110'], LEGACY_CURRENCIES['122']]).toEqual(['USA', 'VNM', 'RUS', 'CUW', 'HKD', 'MYR']);
    const { message } = readDecMessage(utf8(fixture('real/loop-server-Dec20181.xml')));
    const line = (origin: string, currency: string) => ({ ...message, items: message.items.map((l) => ({ ...l, originCountry: origin, tradeCurr: currency })) });
    expect(messageProblems(line('122', '122'))).toEqual([]);
    expect(messageProblems(line('199', '304')).map((p) => p.field)).toEqual(expect.arrayContaining(['message.items[0].originCountry', 'message.items[0].tradeCurr']));
  });
});

describe('转关 blocks (TrnHead, TrnList, TrnContainers, TrnContaGoodsList) after DecSign', () => {
  const transit = '<TrnHead><TrnPreId/><TransFlag>10</TransFlag><NativeTrafMode>4</NativeTrafMode><NativeShipName>沪A12345</NativeShipName><ESealFlag>1</ESealFlag><ValidTime>20261210</ValidTime></TrnHead>'
    + '<TrnList><BillNo>COSU6300000001</BillNo><ShipNameEn>COSCO SHIPPING ARIES</ShipNameEn><TrafMode>2</TrafMode><VoyageNo>041E</VoyageNo></TrnList>'
    + '<TrnContainers><TrnContainer><ContaNo>CSNU6184432</ContaNo><ContaSn>1</ContaSn><ContaModel>L</ContaModel><SealNo>EL0001</SealNo></TrnContainer></TrnContainers>'
    + '<TrnContaGoodsList><TrnContaGoods><ContaNo>CSNU6184432</ContaNo><ContaGoodsCount>120</ContaGoodsCount><ContaGoodsWeight>1250.5</ContaGoodsWeight><GNo>1</GNo></TrnContaGoods></TrnContaGoodsList>';
  const base = fixture('import-general-trade.xml');

  it('are kept and written back after DecSign, before the attachments; empty blocks as a client writes them too', () => {
    const sent = base.replace('</DecSign>', `</DecSign>${transit}`);
    const read = readDecMessage(utf8(sent));
    expect(read.message).toMatchObject({ trnHead: { transFlag: '10', nativeShipName: '沪A12345', trnPreId: '' }, trnList: { voyageNo: '041E' }, trnContainers: [{ contaNo: 'CSNU6184432', sealNo: 'EL0001' }], trnContaGoods: [{ contaGoodsCount: '120', gNo: '1' }] });
    expect(messageProblems(read.message)).toEqual([]);
    const out = exportDecMessage(bodyFromMessage(read.message) as unknown as DeclarationBody);
    expect(out.indexOf('<TrnHead>')).toBeGreaterThan(out.indexOf('</DecSign>'));
    expect(out.indexOf('<TrnContaGoodsList>')).toBeLessThan(out.indexOf('<EdocRealation>'));
    expect(readDecMessage(utf8(out)).message).toEqual(read.message);
    const empty = readDecMessage(utf8(base.replace('</DecSign>', '</DecSign><TrnHead/><TrnList/><TrnContainers/><TrnContaGoodsList/>'))).message;
    expect(empty).toMatchObject({ trnHead: {}, trnList: {}, trnContainers: [], trnContaGoods: [] });
    expect(readDecMessage(utf8(exportDecMessage(bodyFromMessage(empty) as unknown as DeclarationBody))).message).toEqual(empty);
  });

  it('refuse what is not theirs, and bad values', () => {
    expect(refusal(base.replace('</DecSign>', '</DecSign><TrnHead><Injected>1</Injected></TrnHead>')).field).toBe('TrnHead/Injected');
    expect(refusal(base.replace('</DecSign>', '</DecSign><TrnList/><TrnList/>')).code).toBe('message-structure');
    const { message } = readDecMessage(utf8(base.replace('</DecSign>', `</DecSign>${transit.replace('<ESealFlag>1</ESealFlag>', '<ESealFlag>Y</ESealFlag>')}`)));
    expect(messageProblems(message).map((p) => p.field)).toEqual(['message.trnHead.eSealFlag']);
  });
});
