import { CATALOGUE } from './catalogue';

/** The two languages the catalogue speaks. */
export type Language = 'zh' | 'en';
export const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** A parameter of a message: what its sentence names (an amount, an agency, a list of checks …). */
export type MessageParam = string | number | boolean | null | undefined | readonly (string | number)[];
export type MessageParams = Readonly<Record<string, MessageParam>>;

/** What the server says, as a stable code and its parameters; the catalogue gives the sentence. */
export interface Message {
  code: string;
  params?: MessageParams;
}

/** Whether the catalogue has a sentence for this code. */
export const hasMessage = (code: string): boolean => Object.prototype.hasOwnProperty.call(CATALOGUE, code);

const LIST_SEPARATOR: Record<Language, string> = { zh: '、', en: ', ' };

/**
 * The sentence of a code in a language, its `{name}` placeholders filled from params. `{name@group}`
 * names a word of the catalogue: the param's value v is shown as the text of `group.v` (a list: each
 * one, joined), so "customs" reads 海关 in Chinese. A param that is missing leaves its placeholder
 * empty; a code the catalogue does not know gives `fallback` (or the code itself).
 */
export function renderMessage(message: Message, language: Language, fallback?: string): string {
  const entry = hasMessage(message.code) ? CATALOGUE[message.code] : undefined;
  if (!entry) return fallback ?? message.code;
  const template = entry[language === 'zh' ? 0 : 1];
  return template.replace(/\{(\w+)(?:@([\w.-]+))?\}/g, (_, name: string, group?: string) => {
    const value = message.params?.[name];
    if (value === undefined || value === null) return '';
    const word = (v: string | number | boolean) => {
      const key = `${group}.${v}`;
      return group && hasMessage(key) ? CATALOGUE[key][language === 'zh' ? 0 : 1] : String(v);
    };
    return Array.isArray(value) ? value.map(word).join(LIST_SEPARATOR[language]) : word(value as string | number | boolean);
  });
}

/** A word of a group (`agency`, `check`, `blocker` …) in a language, or the value itself. */
export const renderWord = (group: string, value: string, language: Language): string =>
  renderMessage({ code: `${group}.${value}` }, language, value);

/**
 * The language an `Accept-Language` header prefers of the two (RFC 9110 quality values): `zh`,
 * `zh-CN`, `zh-Hans` … give Chinese; anything else, or no header, English.
 */
export function preferredLanguage(header: string | string[] | undefined): Language {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'en';
  let best: { language: Language; q: number } | undefined;
  for (const part of value.split(',')) {
    const [tag, ...attributes] = part.trim().toLowerCase().split(';');
    const qAttribute = attributes.map((a) => a.trim()).find((a) => a.startsWith('q='));
    const q = qAttribute ? Number(qAttribute.slice(2)) : 1;
    if (!tag || !(q > 0)) continue;
    const language: Language | undefined = tag === 'zh' || tag.startsWith('zh-') ? 'zh' : tag === 'en' || tag.startsWith('en-') ? 'en' : undefined;
    if (language && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}
