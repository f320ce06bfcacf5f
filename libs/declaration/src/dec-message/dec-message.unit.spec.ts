import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bodyFromMessage, currentMessage, decImportResponse, exportDecMessage, readDecMessage, seqNoOf } from './dec-message';
import { agreementProblems, messageProblems } from './dec-message.validation';
import { MessageError } from './dec-message.xml';
import type { DeclarationBody } from '@sw/shipment';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../../../test/fixtures/dec-message', name));
const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = (bytes: Uint8Array): MessageError => {
  try {
    readDecMessage(bytes);
  } catch (error) {
    if (error instanceof MessageError) return error;
    throw error;
  }
  throw new Error('the message was accepted');
};

describe('报关单报文 DecMessage', () => {
  it.each(['import-general-trade.xml', 'export-9710-b2b.xml'])('%s: read, valid, exported and read again element for element', (name) => {
    const read = readDecMessage(fixture(name));
    expect(messageProblems(read.message)).toEqual([]);
    const body = bodyFromMessage(read.message) as unknown as DeclarationBody;
    expect(agreementProblems(body, read.message)).toEqual([]);
    const again = readDecMessage(utf8(exportDecMessage(body)));
    expect(again.message).toEqual(read.message);
  });

  it('keeps the schema misspellings, namespaces, entities and empty elements as sent', () => {
    const { message, operType, clientSeqNo } = readDecMessage(fixture('import-general-trade.xml'));
    expect(operType).toBe('C');
    expect(clientSeqNo).toBe('202612010000000001');
    expect(message.head.grossWet).toBe('1250.5');
    expect(message.head.promiseItmes).toBe('000');
    expect(message.head.noteS).toBe('申报要素已逐项填报 & 核对');
    expect(message.head.seqNo).toBe('');
    expect(message.licenseDocus).toEqual([]);
    expect(message.attachments).toHaveLength(2);
    expect(message.items[0].gModel).toBe('4|3|便携式|品牌:PCS|型号:NB-14|CPU:8核|内存:16GB');
    expect(message.version).toBe('3.1');
  });

  it('maps the message onto the engine fields: 成交方式 to an Incoterm, legacy numeric codes to ISO', () => {
    const body = bodyFromMessage(readDecMessage(fixture('export-9710-b2b.xml')).message) as Record<string, any>;
    expect(body).toMatchObject({
      direction: 'export', customsOffice: '5301', portOfEntry: '5301', tradeMode: '9710', incoterm: 'FOB', currency: 'USD',
      declarant: { uscc: '91440300MA5D8T3W1W' }, transport: { mode: '4', conveyance: '粤B12345', billOfLading: 'HG-9710-000123' },
    });
    expect(body.items).toEqual([{ hsCode: '8471300000', description: '笔记本电脑', quantity: 200, unit: '001', value: 120000, originCountry: 'CHN' }]);
    expect(body.message.items[0].originCountry).toBe('142');
  });

  it('reads a DecMessage in its DxpMsg envelope', () => {
    const data = fixture('import-general-trade.xml').toString('base64');
    const envelope = `<?xml version="1.0" encoding="UTF-8"?><DxpMsg ver="1.0" xmlns="http://www.chinaport.gov.cn/dxp"><TransInfo><CopMsgId>x</CopMsgId></TransInfo><Data>${data}</Data></DxpMsg>`;
    expect(readDecMessage(utf8(envelope)).message).toEqual(readDecMessage(fixture('import-general-trade.xml')).message);
  });

  it.each([
    ['a DOCTYPE with entities (billion laughs)', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><DecMessage><DecHead><NoteS>&lol2;</NoteS></DecHead></DecMessage>', 'xml-doctype'],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><DecMessage>&xxe;</DecMessage>', 'xml-doctype'],
    ['an undefined entity', '<DecMessage><DecHead><NoteS>&nbsp;</NoteS></DecHead></DecMessage>', 'xml-entity'],
    ['not well-formed', '<DecMessage><DecHead></DecMessage>', 'xml-malformed'],
    // Found by the e2e fuzz: the validator passes it, the parser throws (it was a 500).
    ['a broken XML declaration', '<?xml version="1.0" encoding=&#0;UTF-8"?><DecMessage><DecHead/></DecMessage>', 'xml-malformed'],
    ['another root', '<Declaration/>', 'message-structure'],
    ['another namespace', '<DecMessage xmlns="urn:other"><DecHead/></DecMessage>', 'message-structure'],
    ['an unknown element', '<DecMessage><DecHead><Foo>1</Foo></DecHead></DecMessage>', 'message-structure'],
    ['a repeated element', '<DecMessage><DecHead><IEFlag>I</IEFlag><IEFlag>E</IEFlag></DecHead></DecMessage>', 'message-structure'],
    ['GBK declared', '<?xml version="1.0" encoding="GBK"?><DecMessage/>', 'message-encoding'],
    ['no OperType', '<DecMessage><DecHead/><DecSign><ClientSeqNo>1</ClientSeqNo></DecSign></DecMessage>', 'message-oper-type'],
    ['OperType A', '<DecMessage><DecHead/><DecSign><OperType>A</OperType><ClientSeqNo>1</ClientSeqNo></DecSign></DecMessage>', 'message-oper-type'],
    ['no ClientSeqNo', '<DecMessage><DecHead/><DecSign><OperType>C</OperType></DecSign></DecMessage>', 'message-client-seq-no'],
    ['deep nesting', `${'<a>'.repeat(40)}${'</a>'.repeat(40)}`, 'message-too-deep'],
    ['a bad envelope', '<DxpMsg xmlns="http://www.chinaport.gov.cn/dxp"><Data>!!!</Data></DxpMsg>', 'message-structure'],
  ])('refuses %s', (_name, text, code) => {
    expect(refusal(utf8(text)).code).toBe(code);
  });

  it('refuses bytes that are not UTF-8, and a message too large', () => {
    expect(refusal(new Uint8Array([0x3c, 0x61, 0xff, 0x3e])).code).toBe('message-not-utf8');
    expect(refusal(utf8(`<DecMessage><DecHead><NoteS>${'x'.repeat(1024 * 1024)}</NoteS></DecHead></DecMessage>`)).code).toBe('message-too-large');
  });

  it('checks every element against its code list or format', () => {
    const { message } = readDecMessage(fixture('import-general-trade.xml'));
    const bad = { ...message, head: { ...message.head, wrapType: '77', cutMode: '100', districtCode: '99999', grossWet: '1.1234567', tradeCountry: 'XXX' }, items: [{ ...message.items[0], dutyMode: '0', firstUnit: '999' }] };
    expect(messageProblems(bad).map((p) => p.field)).toEqual([
      'message.head.districtCode', 'message.head.grossWet', 'message.head.tradeCountry', 'message.head.wrapType', 'message.head.cutMode',
      'message.items[0].dutyMode', 'message.items[0].firstUnit',
    ].sort((a, b) => order(bad, a) - order(bad, b)));
    expect(messageProblems({ ...message, head: { ...message.head, gModel: 'x' } })[0].field).toBe('message.head.gModel');
  });

  it('finds where the body and its message disagree', () => {
    const { message } = readDecMessage(fixture('import-general-trade.xml'));
    const body = bodyFromMessage(message) as unknown as DeclarationBody;
    const problems = agreementProblems({ ...body, customsOffice: '2200', items: body.items.map((i) => ({ ...i, value: 1 })) }, message);
    expect(problems.map((p) => p.field)).toEqual(['customsOffice', 'items[0].value', 'items[1].value']);
  });

  it('writes an amended declaration with the amended elements rewritten from its fields, the others as sent', () => {
    const { message } = readDecMessage(fixture('import-general-trade.xml'));
    const body = bodyFromMessage(message) as unknown as DeclarationBody;
    expect(currentMessage(body)).toBe(message);
    const amended = currentMessage({ ...body, items: body.items.map((item, i) => (i === 0 ? { ...item, value: 45000 } : item)) });
    expect(amended.items[0]).toEqual({ ...message.items[0], declTotal: '45000' });
    expect(amended.items[1]).toEqual(message.items[1]); // 30000.00 is 30000: as sent
    expect(amended.head).toEqual({ ...message.head });
    expect(amended.containers).toBe(message.containers);
  });

  it('answers with a DecImportResponse and gives an 18-character 统一编号', () => {
    const seqNo = seqNoOf('6f1c2a9e-0b7d-4c51-9a3e-2d8f4b6c1e07', 'import');
    expect(seqNo).toMatch(/^I\d{17}$/);
    expect(decImportResponse({ clientSeqNo: 'A1', seqNo })).toContain(`<SeqNo>${seqNo}</SeqNo>`);
    expect(decImportResponse({ clientSeqNo: 'A1', error: '申报地海关 <无效>' })).toContain('<ResponseCode>1</ResponseCode>\n  <ErrorMessage>申报地海关 &lt;无效&gt;</ErrorMessage>');
  });
});

/** Problems come head first in the order the record's keys were given, then the lines. */
function order(message: Record<string, any>, field: string): number {
  const [, part, key] = /^message\.(head|items\[0\])\.(\w+)$/.exec(field)!;
  const keys = Object.keys(part === 'head' ? message.head : message.items[0]);
  return (part === 'head' ? 0 : 1000) + keys.indexOf(key);
}
