import type { DecMessageData, DeclarationBody } from '@sw/shipment';
import { coreFromMessage, isoCountry, isoCurrency, messageFromCore, messageFromXml, messageToXml } from './dec-message.model';
import { agreementProblems } from './dec-message.validation';
import { MessageError, decodeUtf8, element, parseXml, writeXml, type XmlNode } from './dec-message.xml';
import { modeOfMessage } from './dec-message.mode';

/** A client's message, read: the declaration's data, what to do with it (G 暂存, C 申报) and the client's own number. */
export interface ReadMessage { message: DecMessageData; operType: 'G' | 'C'; clientSeqNo: string }

const DXP_NAMESPACE = 'http://www.chinaport.gov.cn/dxp';

/** Reads a DecMessage, bare or in its DxpMsg envelope (base64 `Data`), from the request's bytes. */
export function readDecMessage(bytes: Uint8Array): ReadMessage {
  let root = parseXml(decodeUtf8(bytes));
  if (root.name === 'DxpMsg') root = unwrapDxp(root);
  const message = messageFromXml(root);
  const operType = message.sign?.operType;
  if (operType !== 'G' && operType !== 'C') {
    throw new MessageError('message-oper-type', 'DecSign/OperType 必须为 G（暂存）或 C（申报）', 'DecSign/OperType must be G (stage, 暂存) or C (declare, 申报)', 'DecSign/OperType');
  }
  if (modeOfMessage(message) === 'two-step-complete') {
    throw new MessageError('message-complete-declaration', '完整申报（DecHead/Type 第三位为 6）须在其概要申报上提交（POST /v1/declarations/{id}/complete），不能作为新报文申报',
      'a complete declaration (DecHead/Type position 3 is 6) is filed on its summary (POST /v1/declarations/{id}/complete), not sent as a new message', 'DecHead/Type');
  }
  const clientSeqNo = message.sign?.clientSeqNo ?? '';
  if (!/^[\x21-\x7e]{1,64}$/.test(clientSeqNo)) {
    throw new MessageError('message-client-seq-no', 'DecSign/ClientSeqNo 必填：1 至 64 位可见 ASCII 字符', 'DecSign/ClientSeqNo is required: 1 to 64 visible ASCII characters', 'DecSign/ClientSeqNo');
  }
  return { message, operType, clientSeqNo };
}

function unwrapDxp(envelope: XmlNode): XmlNode {
  const ns = envelope.attributes.xmlns;
  if (ns !== undefined && ns !== DXP_NAMESPACE) throw new MessageError('message-structure', `DxpMsg 的命名空间应为 ${DXP_NAMESPACE}`, `DxpMsg must be in the namespace ${DXP_NAMESPACE}`, 'DxpMsg');
  const data = envelope.children.filter((c) => c.name === 'Data');
  if (data.length !== 1 || data[0].children.length > 0) throw new MessageError('message-structure', 'DxpMsg 必须含有一个 Data 元素（base64 编码的 DecMessage）', 'DxpMsg must hold one Data element (the DecMessage, base64)', 'DxpMsg/Data');
  const text = data[0].text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw new MessageError('message-structure', 'DxpMsg/Data 不是有效的 base64', 'DxpMsg/Data is not valid base64', 'DxpMsg/Data');
  const inner = parseXml(decodeUtf8(Buffer.from(text, 'base64')));
  if (inner.name === 'DxpMsg') throw new MessageError('message-structure', 'DxpMsg 不得嵌套', 'a DxpMsg must not wrap another', 'DxpMsg/Data');
  return inner;
}

/** The declaration body a message gives: the engine's fields from the message, and the whole message. */
export function bodyFromMessage(message: DecMessageData): Record<string, unknown> {
  return { ...coreFromMessage(message), message };
}

/** The declaration as the DecMessage it came as (or, sent as JSON, as the message its fields make). */
export function exportDecMessage(body: DeclarationBody): string {
  return writeXml(messageToXml(currentMessage(body)));
}

/**
 * The message as the declaration stands: as sent, or, once an approved amendment or a
 * resubmission changed the engine's fields, with those elements rewritten from them (the rest kept).
 */
export function currentMessage(body: DeclarationBody): DecMessageData {
  const sent = body.message;
  if (!sent) return messageFromCore(body);
  if (agreementProblems(body, sent, true).length === 0) return sent;
  const fromCore = messageFromCore(body);
  return { ...sent, head: rewritten(sent.head, fromCore.head), items: fromCore.items.map((line, i) => rewritten(sent.items[i] ?? {}, line)) };
}

/** The sent record with the elements whose meaning changed rewritten (100.00 and 100, 502 and USD stay as sent). */
function rewritten(sent: Record<string, string>, current: Record<string, string>): Record<string, string> {
  const same = (a: string | undefined, b: string) =>
    a !== undefined && (a === b || isoCountry(a) === b || isoCurrency(a) === b || (/^\d+(\.\d+)?$/.test(a) && /^\d+(\.\d+)?$/.test(b) && Number(a) === Number(b)));
  const out = { ...sent };
  for (const [key, value] of Object.entries(current)) if (!same(sent[key], value)) out[key] = value;
  return out;
}

/** 导入回执: the answer to a message. ResponseCode 0 with the 统一编号, or 1 with what is wrong. */
export function decImportResponse(answer: { clientSeqNo: string; seqNo?: string; error?: string }): string {
  return writeXml(element('DecImportResponse', '', [
    element('ResponseCode', answer.error ? '1' : '0'),
    element('ErrorMessage', answer.error ?? ''),
    element('ClientSeqNo', answer.clientSeqNo),
    element('SeqNo', answer.seqNo ?? ''),
  ], { xmlns: 'http://www.chinaport.gov.cn/dec' }));
}

/** 统一编号: the 18-character number the single window gives a message on acceptance, I/E and 17 digits from the declaration's id. */
export function seqNoOf(declarationId: string, direction: 'import' | 'export'): string {
  const digits = (BigInt(`0x${declarationId.replace(/-/g, '')}`) % 10n ** 17n).toString().padStart(17, '0');
  return `${direction === 'import' ? 'I' : 'E'}${digits}`;
}

export { MessageError };
