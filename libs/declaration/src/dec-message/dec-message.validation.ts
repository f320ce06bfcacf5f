import { countryProblem, currencyProblem, customsOfficeProblem, hsCodeProblem, tradeModeProblem, transportModeProblem, unitProblem, unsafeCharacter, usccProblem } from '@sw/reference-data';
import type { DeclarationBody } from '@sw/shipment';
import { CUT_MODES, DUTY_MODES, LEGACY_COUNTRIES, LEGACY_WRAP_TYPE, LEGACY_CURRENCIES, PROVINCES, TRANS_MODES, TRANS_MODE_OF_INCOTERM, WRAP_TYPES } from './dec-message.codes';
import { FREE_TEXT_ELEMENTS, GOODS_LIMIT_ELEMENTS, GOODS_LIMIT_VIN_ELEMENTS, HEAD_ELEMENTS, LIST_ELEMENTS, MAX_GOODS_LIMITS, MAX_GOODS_LIMIT_VINS, SECTIONS, SIGN_ELEMENTS, TRN_HEAD_ELEMENTS, TRN_LIST_ELEMENTS, jsonName, type CodeListName, type ElementKind, type ElementSpec } from './dec-message.fields';
import { MAX_MESSAGE_ITEMS, coreFromMessage } from './dec-message.model';

export interface MessageProblem { field: string; message: string }

const listed = (table: Record<string, unknown>, name: string) => (property: string, value: string) =>
  (value in table ? undefined : `${property} must be a ${name} code (${Object.keys(table).slice(0, 8).join(', ')} …); ${JSON.stringify(value)} is not`);

const CODE_CHECKS: Record<CodeListName, (property: string, value: string) => string | undefined> = {
  'customs-office': customsOfficeProblem,
  // The 2018 codes are ISO alpha-3; the legacy numeric ones are read as the ISO code they stand for.
  country: (p, v) => countryProblem(p, LEGACY_COUNTRIES[v] ?? v),
  currency: (p, v) => currencyProblem(p, LEGACY_CURRENCIES[v] ?? v),
  unit: unitProblem,
  'trade-mode': tradeModeProblem,
  'transport-mode': transportModeProblem,
  uscc: usccProblem,
  hs: hsCodeProblem,
  // The 2018 two-digit codes by name; the one-digit codes of pre-2018 clients by shape (dec-message.codes.ts).
  'wrap-type': (p, v) => (LEGACY_WRAP_TYPE.test(v) ? undefined : listed(WRAP_TYPES, '包装种类 (packaging type)')(p, v)),
  'cut-mode': listed(CUT_MODES, '征免性质 (duty-exemption nature)'),
  'duty-mode': listed(DUTY_MODES, '征减免税方式 (duty mode)'),
  'trans-mode': listed(TRANS_MODES, '成交方式 (transaction mode, numeric)'),
  district: (p, v) => (/^\d{5}$/.test(v) && PROVINCES.has(v.slice(0, 2)) ? undefined
    : `${p} must be a 5-digit domestic district code (境内目的地/货源地) whose first two digits are a province (GB/T 2260); ${JSON.stringify(v)} is not`),
  'ciq-org': (p, v) => (/^\d{6}$/.test(v) ? undefined : `${p} must be a 6-digit inspection authority code (检验检疫机关代码); ${JSON.stringify(v)} is not`),
  'promise-items': (p, v) => (/^[019]{3,5}$/.test(v) ? undefined : `${p} must be 3 to 5 marks, each 1 (yes), 0 (no) or 9 (not applicable) (价格说明); ${JSON.stringify(v)} is not`),
};

const patterns = new Map<string, RegExp>();
const numberPattern = (digits: number, decimals: number): RegExp => {
  const key = `${digits}.${decimals}`;
  let pattern = patterns.get(key);
  if (!pattern) patterns.set(key, (pattern = new RegExp(decimals > 0 ? `^\\d{1,${digits}}(\\.\\d{1,${decimals}})?$` : `^\\d{1,${digits}}$`)));
  return pattern;
};

/** The problem with one element's text, or undefined. An empty element is allowed (an element sent empty stays empty). */
export function elementProblem(property: string, value: unknown, spec: ElementKind): string | undefined {
  if (typeof value !== 'string') return `${property} must be a string (the element's text)`;
  if (value === '') return undefined;
  const unsafe = unsafeCharacter(value);
  if (unsafe) return `${property} must not hold ${unsafe}`;
  switch (spec.kind) {
    case 'text':
      return [...value].length > spec.max ? `${property} must be at most ${spec.max} characters (it has ${[...value].length})` : undefined;
    case 'decimal':
      return numberPattern(spec.digits, spec.decimals).test(value) ? undefined
        : `${property} must be a number of at most ${spec.digits} digits and ${spec.decimals} decimal places; ${JSON.stringify(value)} is not`;
    case 'integer':
      return numberPattern(spec.digits, 0).test(value) ? undefined : `${property} must be a whole number of at most ${spec.digits} digits; ${JSON.stringify(value)} is not`;
    case 'pattern':
      return spec.pattern.test(value) ? undefined : `${property} must be ${spec.allowed}; ${JSON.stringify(value)} is not`;
    case 'one-of':
      return spec.values.includes(value) ? undefined : `${property} must be one of ${spec.values.join(', ')}; ${JSON.stringify(value)} is not`;
    case 'code':
      return CODE_CHECKS[spec.list](property, value);
  }
}

function recordProblems(record: unknown, specs: readonly ElementSpec[], path: string, problems: MessageProblem[]): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    problems.push({ field: path, message: `${path} must be an object of elements` });
    return;
  }
  const byJson = new Map(specs.map((s) => [jsonName(s.name), s]));
  for (const [key, value] of Object.entries(record)) {
    const spec = byJson.get(key);
    if (!spec) problems.push({ field: `${path}.${key}`, message: `${path}.${key} is not an element of the message` });
    else {
      const problem = elementProblem(`${path}.${key}`, value, spec.spec);
      if (problem) problems.push({ field: `${path}.${key}`, message: `${problem} (${spec.zh} ${spec.name})` });
    }
  }
}

function listProblems(value: unknown, specs: readonly ElementSpec[], path: string, max: number, problems: MessageProblem[]): void {
  if (!Array.isArray(value) || value.length > max) {
    problems.push({ field: path, message: `${path} must be a list of at most ${max} entries` });
    return;
  }
  value.forEach((entry, i) => recordProblems(entry, specs, `${path}[${i}]`, problems));
}

const MESSAGE_KEYS = new Set(['version', 'head', 'items', 'freeText', 'sign', 'goodsLimits', 'trnHead', 'trnList', ...SECTIONS.map((s) => s.json)]);

/** message.goodsLimits: [{ line (the DecList's index in items), limit: DecGoodsLimit, vins?: DecGoodsLimitVin[] }]. */
function goodsLimitProblems(value: unknown, lines: number, path: string, problems: MessageProblem[]): void {
  if (!Array.isArray(value) || value.length > MAX_GOODS_LIMITS * Math.max(lines, 1)) {
    problems.push({ field: path, message: `${path} must be a list of at most ${MAX_GOODS_LIMITS} licences a goods line` });
    return;
  }
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    const g = entry as { line?: unknown; limit?: unknown; vins?: unknown };
    if (typeof entry !== 'object' || entry === null || Object.keys(entry).some((k) => !['line', 'limit', 'vins'].includes(k))) {
      problems.push({ field: at, message: `${at} must be an object { line, limit, vins? }` });
      return;
    }
    if (!Number.isInteger(g.line) || (g.line as number) < 0 || (g.line as number) >= lines) problems.push({ field: `${at}.line`, message: `${at}.line must be the index of a goods line in items (0 to ${lines - 1})` });
    recordProblems(g.limit, GOODS_LIMIT_ELEMENTS, `${at}.limit`, problems);
    if (g.vins !== undefined) listProblems(g.vins, GOODS_LIMIT_VIN_ELEMENTS, `${at}.vins`, MAX_GOODS_LIMIT_VINS, problems);
  });
}

/** Every problem of a `message`: its shape, each element's text against its code list or format. */
export function messageProblems(message: unknown, path = 'message'): MessageProblem[] {
  const problems: MessageProblem[] = [];
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return [{ field: path, message: `${path} must be an object { head, items, … }` }];
  const m = message as Record<string, unknown>;
  for (const key of Object.keys(m)) if (!MESSAGE_KEYS.has(key)) problems.push({ field: `${path}.${key}`, message: `${path}.${key} is not a part of the message` });
  if (m.version !== undefined && (typeof m.version !== 'string' || !/^[\w.]{1,10}$/.test(m.version))) problems.push({ field: `${path}.version`, message: `${path}.version must be a short version such as 3.1` });
  recordProblems(m.head, HEAD_ELEMENTS, `${path}.head`, problems);
  listProblems(m.items, LIST_ELEMENTS, `${path}.items`, MAX_MESSAGE_ITEMS, problems);
  for (const section of SECTIONS) if (m[section.json] !== undefined) listProblems(m[section.json], section.elements, `${path}.${section.json}`, section.max, problems);
  if (m.freeText !== undefined) recordProblems(m.freeText, FREE_TEXT_ELEMENTS, `${path}.freeText`, problems);
  if (m.sign !== undefined) recordProblems(m.sign, SIGN_ELEMENTS, `${path}.sign`, problems);
  if (m.trnHead !== undefined) recordProblems(m.trnHead, TRN_HEAD_ELEMENTS, `${path}.trnHead`, problems);
  if (m.trnList !== undefined) recordProblems(m.trnList, TRN_LIST_ELEMENTS, `${path}.trnList`, problems);
  if (m.goodsLimits !== undefined) goodsLimitProblems(m.goodsLimits, Array.isArray(m.items) ? m.items.length : 0, `${path}.goodsLimits`, problems);
  return problems;
}

/**
 * Where the body's own fields and its `message` say different things (JSON and XML carry the same
 * data: the message cannot name another office, another line value …). Compared as codes: an
 * FCA declaration agrees with 成交方式 3 (FOB), a legacy 502 with USD.
 */
export function agreementProblems(body: DeclarationBody, message: DeclarationBody['message'], checked = false): MessageProblem[] {
  if (!message || (!checked && messageProblems(message).length > 0)) return [];
  const core = coreFromMessage(message) as Record<string, any>;
  const problems: MessageProblem[] = [];
  const differ = (field: string, element: string, ours: unknown, theirs: unknown) => {
    if (theirs !== undefined && JSON.stringify(ours) !== JSON.stringify(theirs)) {
      problems.push({ field, message: `${field} is ${JSON.stringify(ours)} but the message's ${element} says ${JSON.stringify(theirs)}` });
    }
  };
  differ('direction', 'IEFlag', body.direction, core.direction);
  differ('declarant.uscc', 'AgentCodeScc', body.declarant?.uscc, core.declarant.uscc);
  differ('consignee.uscc', 'TradeCoScc', (body.consignee ?? body.declarant)?.uscc, core.consignee?.uscc);
  differ('customsOffice', 'CustomMaster', body.customsOffice, core.customsOffice);
  differ('portOfEntry', 'IEPort', body.portOfEntry, core.portOfEntry);
  differ('transport.mode', 'TrafMode', body.transport?.mode, core.transport.mode);
  differ('transport.conveyance', 'TrafName', body.transport?.conveyance, core.transport.conveyance);
  // A message with an empty BillNo (a mode with no carrier's document) names no bill: the body may not add one it would not give back.
  differ('transport.billOfLading', 'BillNo', body.transport?.billOfLading, core.transport.billOfLading ?? (body.transport?.billOfLading === undefined ? undefined : ''));
  differ('tradeMode', 'TradeMode', body.tradeMode, core.tradeMode);
  differ('incoterm', 'TransMode', TRANS_MODE_OF_INCOTERM[body.incoterm], message.head.transMode);
  differ('currency', 'DecList/TradeCurr', body.currency, core.currency);
  if (message.items.length !== body.items?.length) {
    problems.push({ field: 'message.items', message: `message.items has ${message.items.length} lines but items has ${body.items?.length}: one DecList per item` });
  } else {
    body.items.forEach((item, i) => {
      const line = core.items[i];
      for (const [field, element] of [['hsCode', 'CodeTS'], ['description', 'GName'], ['quantity', 'GQty'], ['unit', 'GUnit'], ['value', 'DeclTotal'], ['originCountry', 'OriginCountry']] as const) {
        differ(`items[${i}].${field}`, `DecList[${i + 1}]/${element}`, item[field], line[field]);
      }
    });
  }
  if (message.licenseDocus !== undefined || message.goodsLimits !== undefined) differ('documents', 'DecLicenseDocus, DecGoodsLimits', body.documents ?? [], core.documents);
  differ('mode', 'DecHead/Type, DeclTrnRel', body.mode, core.mode);
  return problems;
}
