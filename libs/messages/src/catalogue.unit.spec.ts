import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { RELEASE_BLOCKERS } from '@sw/agency-case';
import { CATALOGUE, CATALOGUE_PARTS, hasMessage, preferredLanguage, renderMessage } from '@sw/messages';

const ROOT = path.resolve(__dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'console' || name === 'node_modules' ? [] : sources(full);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') && !name.endsWith('.projection.ts') ? [full] : [];
  });
}

/**
 * Every code the server can state, read from its source: domain refusals (`new DomainError('…'`,
 * `refuse('…'`, `fieldRefusal('…'`), a client message's refusals (`new MessageError('…'`, `fail('…'`),
 * codes of structured problems (`code: '…'`, and unions of them), not-found codes, and release blockers.
 * A code written as a template (`case-${status}`) must match one entry at least.
 */
function emittedCodes(): { literal: Map<string, string>; templates: Map<string, string> } {
  const literal = new Map<string, string>();
  const templates = new Map<string, string>();
  for (const file of [...sources(path.join(ROOT, 'libs')), ...sources(path.join(ROOT, 'apps'))]) {
    if (file.includes(`${path.sep}messages${path.sep}`)) continue;
    const text = readFileSync(file, 'utf8');
    const where = path.relative(ROOT, file);
    const add = (code: string) => literal.set(code, where);
    for (const m of text.matchAll(/(?:new DomainError|\brefuse)\(\s*'([a-z][\w.-]*)'/g)) add(m[1]);
    // Refusals of a field (400 with the field named) and of a client's XML message (报关单报文).
    for (const m of text.matchAll(/(?:\bfieldRefusal|new MessageError|\bfail)\(\s*'([a-z][\w.-]*)'/g)) add(m[1]);
    for (const m of text.matchAll(/(?:new DomainError|\brefuse)\(\s*`([^`]+)`/g)) templates.set(m[1], where);
    for (const m of text.matchAll(/\bcode:\s*((?:'[a-z][\w.-]*'\s*\|?\s*)+)/g)) for (const c of m[1].matchAll(/'([^']+)'/g)) add(c[1]);
    for (const m of text.matchAll(/NotFoundError\([^;]*?,\s*'([a-z][\w.-]*)'\s*\)/g)) add(m[1]);
    for (const m of text.matchAll(/blockers\.push\('([a-z][\w-]*)'\)/g)) add(`blocker.${m[1]}`);
    // The codes of reasons, blockers and decisions, wherever they are written.
    for (const m of text.matchAll(/'((?:decision|risk|blocker|blocker-detail|gate|routing|licence)\.[\w.-]+)'/g)) add(m[1]);
    // A named validation rule (Rule('distinctBills', …)) words its field error as field.<name> in Chinese.
    for (const m of text.matchAll(/\bRule\(\s*'([A-Za-z]\w*)'/g)) add(`field.${m[1]}`);
  }
  return { literal, templates };
}

describe('the message catalogue', () => {
  const { literal, templates } = emittedCodes();

  it('finds the codes in the source (the scan itself works)', () => {
    expect(literal.size).toBeGreaterThan(80);
    expect(literal.has('release-blocked')).toBe(true);
    expect(literal.has('blocker.duties-unsettled')).toBe(true);
    expect(literal.has('decision.release.examination-passed')).toBe(true);
    expect(literal.has('amendment-empty')).toBe(true);
    expect(literal.has('message-structure')).toBe(true);
    expect(literal.has('xml-doctype')).toBe(true);
  });

  it('has a Chinese and an English text for every code the server can emit', () => {
    const missing = [...literal].filter(([code]) => !hasMessage(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
    for (const code of Object.keys(RELEASE_BLOCKERS)) expect(hasMessage(`blocker.${code}`)).toBe(true);
  });

  it('has the consoles\' short labels, one source for server and console: blocker-label.<code> and consolidated.<status|code>', () => {
    // What the gate reports: every release blocker, and its own states (pass-gate.handler.ts).
    const lifecycles = /DeclarationLifecycle = ([^;]+);/.exec(readFileSync(path.join(ROOT, 'libs/declaration/src/domain/declaration.decider.ts'), 'utf8'))![1];
    const gateStates = [...lifecycles.matchAll(/'([a-z]+)'/g)].map((m) => m[1]).filter((l) => !['none', 'submitted', 'released', 'exited'].includes(l)).map((l) => `declaration-${l}`);
    expect(gateStates.length).toBeGreaterThan(2);
    const gate = readFileSync(path.join(ROOT, 'libs/clearance/src/pass-gate/pass-gate.handler.ts'), 'utf8');
    const own = [...gate.matchAll(/\['([a-z-]+)'\]|\? '([a-z-]+)'/g)].map((m) => m[1] ?? m[2]);
    expect(own).toEqual(expect.arrayContaining(['not-assessed', 'awaiting-officer', 'not-released', 'unknown-declaration']));
    for (const code of [...Object.keys(RELEASE_BLOCKERS), ...own, ...gateStates]) expect({ code, label: hasMessage(`blocker-label.${code}`) }).toEqual({ code, label: true });
    // 汇总征税: the draw's status, and why it waits (the runner's no-guarantee, the general guarantee's refusals of a draw).
    const guarantee = readFileSync(path.join(ROOT, 'libs/money/src/domain/general-guarantee.ts'), 'utf8');
    const draw = guarantee.slice(guarantee.indexOf("case 'Draw': {"));
    const refusals = [...draw.slice(0, draw.indexOf('case \'', 10)).matchAll(/refuse\('([a-z-]+)'/g)].map((m) => m[1]);
    for (const code of ['drawn', 'waiting', 'no-guarantee', ...refusals]) expect({ code, label: hasMessage(`consolidated.${code}`) }).toEqual({ code, label: true });
    // …and the console keeps no copy of them.
    const console = readFileSync(path.join(ROOT, 'apps/single-window/console/src/i18n.ts'), 'utf8');
    expect(console.match(/'(?:blocker|blocker-label|consolidated)\.[\w-]+':/g)).toBeNull();
  });

  it('has an entry for every code written as a template', () => {
    const unmatched = [...templates].filter(([template]) => {
      const pattern = new RegExp(`^${template.split(/\$\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[a-z-]+')}$`);
      return !Object.keys(CATALOGUE).some((code) => pattern.test(code));
    });
    expect(unmatched).toEqual([]);
  });

  it('gives every entry both texts, the Chinese in Chinese, with the same placeholders', () => {
    for (const [code, [zh, en]] of Object.entries(CATALOGUE)) {
      // A sentence that is all parameter (a rule's own description) is exempt from the Chinese-character check.
      expect({ code, zh: zh.trim().length > 0, en: en.trim().length > 0 }).toEqual({ code, zh: true, en: true });
      expect({ code, chinese: /^\{\w+\}$/.test(zh) || /[\u4e00-\u9fff]/.test(zh) }).toEqual({ code, chinese: true });
      const names = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).filter((n) => n !== 'descriptionZh' && n !== 'description').sort();
      expect({ code, params: names(zh) }).toEqual({ code, params: names(en) });
    }
  });

  it('defines each code in one part only (a merge that adds it twice fails here)', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, entries] of Object.entries(CATALOGUE_PARTS)) {
      for (const code of Object.keys(entries)) {
        if (seen.has(code)) twice.push(`${code}: ${seen.get(code)} and ${part}`);
        seen.set(code, part);
      }
    }
    expect(twice).toEqual([]);
  });

  it('fills params, names words of a group and joins lists', () => {
    const blocked = { code: 'release-blocked', params: { agency: 'customs', blockers: ['awaiting-arrival', 'duties-unsettled'] } };
    expect(renderMessage(blocked, 'zh')).toBe(`暂不能放行海关案件：${CATALOGUE['blocker.awaiting-arrival'][0]}、${CATALOGUE['blocker.duties-unsettled'][0]}`);
    expect(renderMessage(blocked, 'en')).toMatch(/^Cannot release the customs case yet: the goods have not arrived/);
    expect(renderMessage({ code: 'blocker-detail.duties-unsettled', params: { amount: '1300.00', currency: 'CNY' } }, 'zh')).toMatch(/^应缴税费 1300.00 CNY 尚未缴清/);
    expect(renderMessage({ code: 'no-such-code' }, 'zh', 'the server’s words')).toBe('the server’s words');
  });

  it.each([
    [undefined, 'en'], ['', 'en'], ['zh-CN', 'zh'], ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'], ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['en;q=0.5, zh-Hans;q=0.9', 'zh'], ['fr-FR', 'en'], ['zh;q=0', 'en'], ['ZH-TW', 'zh'],
  ])('Accept-Language %p prefers %p', (header, language) => {
    expect(preferredLanguage(header)).toBe(language);
  });
});
