import type { DecGoodsLimitData, DecMessageData } from '@sw/shipment';
import { GOODS_LIMIT_ELEMENTS, GOODS_LIMIT_VIN_ELEMENTS, LIST_ELEMENTS, MAX_GOODS_LIMITS, MAX_GOODS_LIMIT_VINS, jsonName, type ElementSpec } from './dec-message.fields';
import { MessageError, element, type XmlNode } from './dec-message.xml';

/**
 * 许可证信息 (DecList/DecGoodsLimits): the one block of the message nested inside a goods line. Read
 * apart from the line's own elements, kept in `goodsLimits` with the line's index, written back
 * into its DecList where the schema puts it (after CiqName).
 */

type RecordReader = (node: XmlNode, specs: readonly ElementSpec[], path: string) => Record<string, string>;

const badStructure = (zh: string, en: string, field: string): never => {
  throw new MessageError('message-structure', zh, en, field);
};

/** The DecList without its DecGoodsLimits, and the licences that block holds. */
export function splitGoodsLimits(line: XmlNode, index: number, path: string, read: RecordReader): { line: XmlNode; limits: DecGoodsLimitData[] } {
  const blocks = line.children.filter((c) => c.name === 'DecGoodsLimits');
  if (blocks.length === 0) return { line, limits: [] };
  if (blocks.length > 1) badStructure(`${path}/DecGoodsLimits 重复出现`, `${path}/DecGoodsLimits appears twice`, `${path}/DecGoodsLimits`);
  const limits: DecGoodsLimitData[] = [];
  for (const limit of blocks[0].children) {
    const at = `${path}/DecGoodsLimits/DecGoodsLimit[${limits.length + 1}]`;
    if (limit.name !== 'DecGoodsLimit') badStructure(`DecGoodsLimits 只能含有 DecGoodsLimit，收到 ${limit.name}`, `DecGoodsLimits holds only DecGoodsLimit elements, not ${limit.name}`, `${path}/DecGoodsLimits/${limit.name}`);
    const vinNodes = limit.children.filter((c) => c.name === 'DecGoodsLimitVin');
    if (vinNodes.length > MAX_GOODS_LIMIT_VINS) badStructure(`许可证车辆信息超过 ${MAX_GOODS_LIMIT_VINS} 项`, `more than ${MAX_GOODS_LIMIT_VINS} DecGoodsLimitVin entries`, at);
    const record = read({ ...limit, children: limit.children.filter((c) => c.name !== 'DecGoodsLimitVin') }, GOODS_LIMIT_ELEMENTS, at);
    const vins = vinNodes.map((vin, i) => read(vin, GOODS_LIMIT_VIN_ELEMENTS, `${at}/DecGoodsLimitVin[${i + 1}]`));
    limits.push({ line: index, limit: record, ...(vins.length > 0 ? { vins } : {}) });
  }
  if (blocks[0].text !== '') badStructure(`${path}/DecGoodsLimits 不应直接含有文本`, `${path}/DecGoodsLimits must hold elements, not text`, `${path}/DecGoodsLimits`);
  if (limits.length > MAX_GOODS_LIMITS) badStructure(`一个商品项的许可证超过 ${MAX_GOODS_LIMITS} 项`, `more than ${MAX_GOODS_LIMITS} licences on one goods line`, `${path}/DecGoodsLimits`);
  return { line: { ...line, children: line.children.filter((c) => c.name !== 'DecGoodsLimits') }, limits };
}

const writeRecord = (name: string, record: Record<string, string>, specs: readonly ElementSpec[], extra: XmlNode[] = []): XmlNode =>
  element(name, '', [...specs.filter((s) => jsonName(s.name) in record).map((s) => element(s.name, record[jsonName(s.name)])), ...extra]);

/** Puts a line's licences back into its written DecList, after CiqName as the schema orders them. */
export function withGoodsLimits(list: XmlNode, index: number, message: DecMessageData): XmlNode {
  const limits = (message.goodsLimits ?? []).filter((g) => g.line === index);
  if (limits.length === 0) return list;
  const block = element('DecGoodsLimits', '', limits.map((g) => writeRecord('DecGoodsLimit', g.limit, GOODS_LIMIT_ELEMENTS, (g.vins ?? []).map((v) => writeRecord('DecGoodsLimitVin', v, GOODS_LIMIT_VIN_ELEMENTS)))));
  const after = LIST_ELEMENTS.findIndex((s) => s.name === 'CiqName');
  const position = list.children.findIndex((c) => LIST_ELEMENTS.findIndex((s) => s.name === c.name) > after);
  const children = [...list.children];
  children.splice(position < 0 ? children.length : position, 0, block);
  return { ...list, children };
}

/** The licences the lines are declared under, as the engine's documents (code = licence type, number = licence). */
export function goodsLimitDocuments(message: DecMessageData): { code: string; number: string }[] {
  return (message.goodsLimits ?? []).filter((g) => g.limit.licTypeCode && g.limit.licenceNo).map((g) => ({ code: g.limit.licTypeCode, number: g.limit.licenceNo }));
}
