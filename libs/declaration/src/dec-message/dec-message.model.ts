import type { DecMessageData, DeclarationBody } from '@sw/shipment';
import { FREE_TEXT_ELEMENTS, HEAD_ELEMENTS, LIST_ELEMENTS, SECTIONS, SIGN_ELEMENTS, TRN_HEAD_ELEMENTS, TRN_LIST_ELEMENTS, jsonName, type ElementSpec, type SectionSpec } from './dec-message.fields';
import { LEGACY_COUNTRIES, LEGACY_CURRENCIES, TRANS_MODES, TRANS_MODE_OF_INCOTERM } from './dec-message.codes';
import { MessageError, element, namespaceOf, type XmlNode } from './dec-message.xml';
import { goodsLimitDocuments, splitGoodsLimits, withGoodsLimits } from './dec-message.goods-limits';
import { modeOfMessage, summaryOfMessage } from './dec-message.mode';

export const DEC_NAMESPACE = 'http://www.chinaport.gov.cn/dec';
export const MAX_MESSAGE_ITEMS = 50;

type Section = Exclude<keyof DecMessageData, 'version' | 'head' | 'items' | 'freeText' | 'sign' | 'goodsLimits' | 'trnHead' | 'trnList'>;

/** A message whose elements are not where DecMessage puts them: the code is message-structure, the sentences name the element. */
const badStructure = (zh: string, en: string, field: string): never => {
  throw new MessageError('message-structure', zh, en, field);
};

/** Reads one element group (DecHead, a DecList …) into its JSON record; unknown or repeated elements are refused. */
function readRecord(node: XmlNode, specs: readonly ElementSpec[], path: string): Record<string, string> {
  const known = new Map(specs.map((s) => [s.name, s]));
  const record: Record<string, string> = {};
  for (const child of node.children) {
    const spec = known.get(child.name);
    if (!spec) badStructure(`${path} 含有未知元素 ${child.name}`, `${path} holds an unknown element ${child.name}`, `${path}/${child.name}`);
    if (child.children.length > 0) badStructure(`${path}/${child.name} 应为文本`, `${path}/${child.name} must hold text, not elements`, `${path}/${child.name}`);
    const key = jsonName(child.name);
    if (key in record) badStructure(`${path}/${child.name} 重复出现`, `${path}/${child.name} appears twice`, `${path}/${child.name}`);
    record[key] = child.text;
  }
  if (node.text !== '') badStructure(`${path} 不应直接含有文本`, `${path} must hold elements, not text`, path);
  return record;
}

/** The message's data from its DecMessage element (already unwrapped from DxpMsg). */
export function messageFromXml(root: XmlNode): DecMessageData {
  if (root.name !== 'DecMessage') badStructure(`根元素应为 DecMessage，收到 ${root.name}`, `the root element must be DecMessage, not ${root.name}`, root.name);
  const ns = namespaceOf(root);
  if (ns !== undefined && ns !== DEC_NAMESPACE) badStructure(`DecMessage 的命名空间应为 ${DEC_NAMESPACE}`, `DecMessage must be in the namespace ${DEC_NAMESPACE}, not ${ns}`, 'DecMessage');
  const message: DecMessageData = { head: {}, items: [] };
  if (root.attributes.version !== undefined) message.version = root.attributes.version;
  const seen = new Set<string>();
  const once = (name: string) => {
    if (seen.has(name)) badStructure(`${name} 重复出现`, `${name} appears twice`, name);
    seen.add(name);
  };
  for (const child of root.children) {
    const section = SECTIONS.find((s) => s.wrapper === child.name || (!s.wrapper && s.entry === child.name));
    if (child.name === 'DecHead') {
      once('DecHead');
      message.head = readRecord(child, HEAD_ELEMENTS, 'DecHead');
    } else if (child.name === 'DecLists') {
      once('DecLists');
      for (const [i, line] of child.children.entries()) {
        if (line.name !== 'DecList') badStructure(`DecLists 只能含有 DecList，收到 ${line.name}`, `DecLists holds only DecList elements, not ${line.name}`, `DecLists/${line.name}`);
        const { line: own, limits } = splitGoodsLimits(line, i, `DecLists/DecList[${i + 1}]`, readRecord);
        message.items.push(readRecord(own, LIST_ELEMENTS, `DecLists/DecList[${i + 1}]`));
        if (limits.length > 0) (message.goodsLimits ??= []).push(...limits);
      }
      if (message.items.length > MAX_MESSAGE_ITEMS) badStructure(`商品项超过 ${MAX_MESSAGE_ITEMS} 项`, `more than ${MAX_MESSAGE_ITEMS} goods lines`, 'DecLists');
    } else if (child.name === 'DecFreeTxt') {
      once('DecFreeTxt');
      message.freeText = readRecord(child, FREE_TEXT_ELEMENTS, 'DecFreeTxt');
    } else if (child.name === 'DecSign') {
      once('DecSign');
      message.sign = readRecord(child, SIGN_ELEMENTS, 'DecSign');
    } else if (child.name === 'TrnHead' || child.name === 'TrnList') {
      once(child.name);
      if (child.name === 'TrnHead') message.trnHead = readRecord(child, TRN_HEAD_ELEMENTS, 'TrnHead');
      else message.trnList = readRecord(child, TRN_LIST_ELEMENTS, 'TrnList');
    } else if (section) {
      if (section.wrapper) once(section.wrapper);
      readSection(message, section, child);
    } else {
      badStructure(`DecMessage 含有未知元素 ${child.name}`, `DecMessage holds an unknown element ${child.name}`, child.name);
    }
  }
  if (!seen.has('DecHead')) badStructure('缺少表头 DecHead', 'DecHead is missing', 'DecHead');
  return message;
}

function readSection(message: DecMessageData, section: SectionSpec, node: XmlNode): void {
  const key = section.json as Section;
  const list = (message[key] ??= []);
  const entries = section.wrapper ? node.children : [node];
  for (const entry of entries) {
    if (entry.name !== section.entry) badStructure(`${node.name} 只能含有 ${section.entry}`, `${node.name} holds only ${section.entry} elements`, `${node.name}/${entry.name}`);
    list.push(readRecord(entry, section.elements, `${section.wrapper ? `${section.wrapper}/` : ''}${section.entry}[${list.length + 1}]`));
    if (list.length > section.max) badStructure(`${section.zh}超过 ${section.max} 项`, `more than ${section.max} ${section.entry} entries`, section.entry);
  }
}

function writeRecord(name: string, record: Record<string, string>, specs: readonly ElementSpec[]): XmlNode {
  return element(name, '', specs.filter((s) => jsonName(s.name) in record).map((s) => element(s.name, record[jsonName(s.name)])));
}

/** The DecMessage element of a message's data, elements in the schema's order. */
export function messageToXml(message: DecMessageData): XmlNode {
  const children: XmlNode[] = [writeRecord('DecHead', message.head, HEAD_ELEMENTS)];
  children.push(element('DecLists', '', message.items.map((line, i) => withGoodsLimits(writeRecord('DecList', line, LIST_ELEMENTS), i, message))));
  const write = (section: SectionSpec) => {
    const list = message[section.json as Section];
    if (!list) return;
    const entries = list.map((entry) => writeRecord(section.entry, entry, section.elements));
    if (section.wrapper) children.push(element(section.wrapper, '', entries));
    else children.push(...entries);
  };
  for (const section of SECTIONS.filter((s) => s.wrapper && !s.transit)) write(section);
  if (message.freeText) children.push(writeRecord('DecFreeTxt', message.freeText, FREE_TEXT_ELEMENTS));
  if (message.sign) children.push(writeRecord('DecSign', message.sign, SIGN_ELEMENTS));
  if (message.trnHead) children.push(writeRecord('TrnHead', message.trnHead, TRN_HEAD_ELEMENTS));
  if (message.trnList) children.push(writeRecord('TrnList', message.trnList, TRN_LIST_ELEMENTS));
  for (const section of SECTIONS.filter((s) => s.transit)) write(section);
  for (const section of SECTIONS.filter((s) => !s.wrapper)) write(section);
  const attributes: Record<string, string> = { xmlns: DEC_NAMESPACE };
  if (message.version !== undefined) attributes.version = message.version;
  return element('DecMessage', '', children, attributes);
}

export const isoCurrency = (code: string | undefined) => (code === undefined ? undefined : LEGACY_CURRENCIES[code] ?? code);
export const isoCountry = (code: string | undefined) => (code === undefined ? undefined : LEGACY_COUNTRIES[code] ?? code);
const number = (text: string | undefined): number | undefined => (text === undefined || text === '' || !/^-?\d+(\.\d+)?$/.test(text) ? (text as undefined) : Number(text));
const nonEmpty = (text: string | undefined) => (text === '' ? undefined : text);

/**
 * The engine's own fields as the message gives them (申报单位 the declarant, 申报地海关 the
 * customs office …). Missing elements stay undefined: the body's validation names them.
 */
export function coreFromMessage(message: DecMessageData): Record<string, unknown> {
  const h = message.head;
  const transMode = h.transMode;
  const currencies = [...new Set(message.items.map((line) => isoCurrency(line.tradeCurr)))];
  const fee = (mark: string | undefined, rate: string | undefined, currency: string | undefined) =>
    (mark === '3' && rate ? { amount: number(rate), currency: isoCurrency(currency) } : undefined);
  const tradeCoScc = nonEmpty(h.tradeCoScc) ?? nonEmpty(h.tradeCodeScc);
  const documents = [...(message.licenseDocus ?? []).map((d) => ({ code: d.docuCode, number: d.certCode })), ...goodsLimitDocuments(message)]
    .filter((d, i, all) => all.findIndex((o) => o.code === d.code && o.number === d.number) === i);
  const mode = modeOfMessage(message);
  return {
    mode,
    ...(mode === 'two-step' ? { summary: summaryOfMessage(message) } : {}),
    direction: h.ieFlag === 'I' ? 'import' : h.ieFlag === 'E' ? 'export' : nonEmpty(h.ieFlag),
    declarant: { uscc: nonEmpty(h.agentCodeScc), name: nonEmpty(h.agentName) },
    // 境内收发货人: the declarant's client when a broker (申报单位) files for it.
    ...(tradeCoScc ? { consignee: { uscc: tradeCoScc, name: nonEmpty(h.tradeName) } } : {}),
    customsOffice: nonEmpty(h.customMaster),
    portOfEntry: nonEmpty(h.iePort),
    transport: {
      mode: nonEmpty(h.trafMode), conveyance: nonEmpty(h.trafName), billOfLading: nonEmpty(h.billNo),
      ...(nonEmpty(message.freeText?.voyNo) ? { voyage: message.freeText!.voyNo } : {}),
    },
    tradeMode: nonEmpty(h.tradeMode),
    incoterm: transMode === undefined ? undefined : TRANS_MODES[transMode]?.incoterm ?? `成交方式 ${transMode}`,
    currency: currencies.length === 1 ? currencies[0] : currencies.length === 0 ? undefined : currencies.join('/'),
    items: message.items.map((line) => ({
      hsCode: nonEmpty(line.codeTS), description: nonEmpty(line.gName), quantity: number(nonEmpty(line.gQty)), unit: nonEmpty(line.gUnit),
      value: number(nonEmpty(line.declTotal)), originCountry: isoCountry(nonEmpty(line.originCountry)),
    })),
    documents,
    ...(fee(h.feeMark, h.feeRate, h.feeCurr) ? { freight: fee(h.feeMark, h.feeRate, h.feeCurr) } : {}),
    ...(fee(h.insurMark, h.insurRate, h.insurCurr) ? { insurance: fee(h.insurMark, h.insurRate, h.insurCurr) } : {}),
  };
}

/** A declaration sent as JSON without `message`: its message, from the fields it has. */
export function messageFromCore(body: DeclarationBody): DecMessageData {
  const head: Record<string, string> = {
    ieFlag: body.direction === 'import' ? 'I' : 'E', agentName: body.declarant.name, billNo: body.transport.billOfLading ?? '',
    customMaster: body.customsOffice, iePort: body.portOfEntry, tradeMode: body.tradeMode, trafMode: body.transport.mode,
    trafName: body.transport.conveyance, transMode: TRANS_MODE_OF_INCOTERM[body.incoterm] ?? '', agentCodeScc: body.declarant.uscc,
    tradeCoScc: (body.consignee ?? body.declarant).uscc, tradeName: (body.consignee ?? body.declarant).name,
  };
  if (body.freight) Object.assign(head, { feeMark: '3', feeRate: String(body.freight.amount), feeCurr: body.freight.currency });
  if (body.insurance) Object.assign(head, { insurMark: '3', insurRate: String(body.insurance.amount), insurCurr: body.insurance.currency });
  const message: DecMessageData = {
    head,
    items: body.items.map((item, i) => ({
      codeTS: item.hsCode, gName: item.description, gNo: String(i + 1), originCountry: item.originCountry, tradeCurr: body.currency,
      ...(item.value === undefined ? {} : { declTotal: String(item.value) }), gQty: String(item.quantity), gUnit: item.unit,
    })),
  };
  if (body.documents.length > 0) message.licenseDocus = body.documents.map((d) => ({ docuCode: d.code, certCode: d.number }));
  if (body.transport.voyage) message.freeText = { voyNo: body.transport.voyage };
  return message;
}
