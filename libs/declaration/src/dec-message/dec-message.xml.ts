import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Reading a client's XML safely. A message is refused before it is parsed when it is not UTF-8
 * (a BOM is allowed), declares another encoding, carries a DOCTYPE (so no entity can be defined,
 * let alone expanded: no billion laughs, no external entities), is too large or nests too deep.
 * fast-xml-parser then reads it with entity processing off; the five predefined entities and
 * character references are decoded here, and any other `&name;` is refused.
 */

export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_ELEMENTS = 20_000;
const MAX_DEPTH = 12;

/** One element: its local name (namespace prefix removed), the namespace it declares, attributes, children or text. */
export interface XmlNode { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string }

/** Why a message cannot be read: `code` is stable, `zh` and `en` say it to a person. */
export class MessageError extends Error {
  constructor(readonly code: string, readonly zh: string, en: string, readonly field?: string) {
    super(en);
  }
}

const fail = (code: string, zh: string, en: string, field?: string): never => {
  throw new MessageError(code, zh, en, field);
};

/** The bytes of a message as text: UTF-8 (with or without BOM), nothing else. */
export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.length > MAX_MESSAGE_BYTES) fail('message-too-large', `报文超过 ${MAX_MESSAGE_BYTES} 字节`, `the message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return fail('message-not-utf8', '报文不是有效的 UTF-8 编码', 'the message is not valid UTF-8');
  }
  return text;
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  if (/&(?!(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);)/.test(text)) {
    fail('xml-entity', '报文含有未定义的实体引用', 'the message uses an entity reference other than the five predefined ones');
  }
  return text.replace(ENTITY, (_m, ref: string) => {
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const point = ref.startsWith('#x') ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    const allowed = point === 0x9 || point === 0xa || point === 0xd || (point >= 0x20 && point <= 0xd7ff) || (point >= 0xe000 && point <= 0xfffd) || (point >= 0x10000 && point <= 0x10ffff);
    if (!allowed) {
      fail('xml-character', '报文含有不允许的字符引用', `the character reference &${ref}; is not an XML character`);
    }
    return String.fromCodePoint(point);
  });
}

/** Parses a message's text into its element tree, refusing what is unsafe or not well-formed. */
export function parseXml(text: string): XmlNode {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length > MAX_MESSAGE_BYTES) fail('message-too-large', `报文超过 ${MAX_MESSAGE_BYTES} 字节`, `the message is larger than ${MAX_MESSAGE_BYTES} bytes`);
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) fail('xml-doctype', '报文不得含有 DOCTYPE 或实体声明', 'the message must not carry a DOCTYPE or entity declarations');
  const declaration = /^\s*<\?xml([^?]*)\?>/.exec(body);
  const encoding = declaration ? /encoding\s*=\s*["']([^"']+)["']/i.exec(declaration[1])?.[1] : undefined;
  if (encoding && !/^utf-?8$/i.test(encoding)) fail('message-encoding', `报文声明的编码 ${encoding} 不受支持，请使用 UTF-8`, `the declared encoding ${encoding} is not supported: send UTF-8`);
  let elements = 0;
  for (let i = body.indexOf('<'); i >= 0; i = body.indexOf('<', i + 1)) {
    if (++elements > MAX_ELEMENTS * 2) fail('message-too-many-elements', `报文元素超过 ${MAX_ELEMENTS} 个`, `the message has more than ${MAX_ELEMENTS} elements`);
  }
  const valid = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (valid !== true) {
    fail('xml-malformed', `报文不是格式正确的 XML（第 ${valid.err.line} 行：${valid.err.msg}）`, `the message is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  }
  let parsed: unknown[];
  try {
    parsed = new XMLParser({
      preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: false, parseTagValue: false, parseAttributeValue: false,
      processEntities: false, htmlEntities: false, trimValues: true, ignoreDeclaration: true, ignorePiTags: true, commentPropName: false,
    }).parse(body) as unknown[];
  } catch (error) {
    // The validator lets some broken declarations through (`<?xml version="1.0" encoding=&#0;UTF-8"?>`), which the parser then throws on.
    return fail('xml-malformed', `报文不是格式正确的 XML（${(error as Error).message}）`, `the message is not well-formed XML (${(error as Error).message})`);
  }
  const roots = parsed.map((entry) => toNode(entry as Record<string, unknown>, 1)).filter((n): n is XmlNode => n !== null);
  if (roots.length !== 1) fail('xml-malformed', '报文必须有且只有一个根元素', 'the message must have exactly one root element');
  return roots[0];
}

function toNode(entry: Record<string, unknown>, depth: number): XmlNode | null {
  if (depth > MAX_DEPTH) fail('message-too-deep', `报文嵌套超过 ${MAX_DEPTH} 层`, `the message nests deeper than ${MAX_DEPTH} levels`);
  const key = Object.keys(entry).find((k) => k !== ':@');
  if (key === undefined || key === '#text') return null;
  const qualified = key;
  const name = qualified.includes(':') ? qualified.slice(qualified.indexOf(':') + 1) : qualified;
  const attributes: Record<string, string> = {};
  for (const [attr, value] of Object.entries((entry[':@'] as Record<string, unknown> | undefined) ?? {})) attributes[attr] = decodeEntities(String(value));
  const content = (entry[key] as Record<string, unknown>[]) ?? [];
  const children: XmlNode[] = [];
  let text = '';
  for (const part of content) {
    if ('#text' in part) text += String(part['#text']);
    else {
      const child = toNode(part, depth + 1);
      if (child) children.push(child);
    }
  }
  return { name, attributes, children, text: decodeEntities(text) };
}

/** The namespace an element declares for itself (xmlns or xmlns:prefix of its own prefix). */
export function namespaceOf(node: XmlNode): string | undefined {
  return node.attributes.xmlns ?? Object.entries(node.attributes).find(([k]) => k.startsWith('xmlns:'))?.[1];
}

const escapeText = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string) => escapeText(value).replace(/"/g, '&quot;');

/** Writes an element tree as UTF-8 XML text, two-space indented. */
export function writeXml(root: XmlNode): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const write = (node: XmlNode, indent: string) => {
    const attrs = Object.entries(node.attributes).map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`).join('');
    if (node.children.length === 0) {
      lines.push(node.text === '' ? `${indent}<${node.name}${attrs}/>` : `${indent}<${node.name}${attrs}>${escapeText(node.text)}</${node.name}>`);
      return;
    }
    lines.push(`${indent}<${node.name}${attrs}>`);
    for (const child of node.children) write(child, `${indent}  `);
    lines.push(`${indent}</${node.name}>`);
  };
  write(root, '');
  return `${lines.join('\n')}\n`;
}

export const element = (name: string, text = '', children: XmlNode[] = [], attributes: Record<string, string> = {}): XmlNode => ({ name, attributes, children, text });
