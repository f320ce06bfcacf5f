#!/usr/bin/env node
// One-off converter, run by hand from the project root:
//   node scripts/convert-hs-2022.mjs [path/to/harmonized-system-2022.csv]
// Reads the UN Comtrade HS 2022 nomenclature (datasets/harmonized-system, ODC-PDDL-1.0) and
// writes seeds/reference/hs-2022.json (chapters, headings, subheadings). The project never
// reads the CSV at run time or test time: only the committed JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const input = process.argv[2] ?? path.resolve(root, '../shared/data/harmonized-system-2022.csv');
const output = path.join(root, 'seeds/reference/hs-2022.json');

/** RFC 4180 fields: quoted fields may hold commas and doubled quotes. */
function parseCsvLine(line) {
  const fields = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { fields.push(field); field = ''; }
    else field += ch;
  }
  fields.push(field);
  return fields;
}

const lines = readFileSync(input, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
const header = parseCsvLine(lines[0]);
const col = (name) => {
  const i = header.indexOf(name);
  if (i < 0) throw new Error(`column ${name} missing from ${input}`);
  return i;
};
const [iSection, iCode, iDescription, iParent, iLevel] = ['section', 'hscode', 'description', 'parent', 'level'].map(col);

const items = [];
for (const line of lines.slice(1)) {
  const f = parseCsvLine(line);
  const code = f[iCode];
  const level = Number(f[iLevel]);
  // Comtrade adds a TOTAL row and chapter 99 ("not specified according to kind"): not HS.
  if (f[iSection] === 'TOTAL' || ![2, 4, 6].includes(level) || !/^\d+$/.test(code) || code.length !== level) continue;
  // The parent is the code less its last two digits, and a heading's section is its chapter's:
  // neither is repeated on every line.
  if (level > 2 && f[iParent] !== code.slice(0, level - 2)) throw new Error(`unexpected parent for ${code}: ${f[iParent]}`);
  items.push(level === 2
    ? { code, level, section: f[iSection], description: f[iDescription].trim() }
    : { code, level, description: f[iDescription].trim() });
}
items.sort((a, b) => a.code.localeCompare(b.code));

const count = (level) => items.filter((i) => i.level === level).length;
const source =
  'Harmonized System 2022 nomenclature (HS 2022) as published by UN Comtrade (github.com/datasets/harmonized-system), ' +
  'licence ODC-PDDL-1.0 (public domain). Chapters (2 digits), headings (4) and subheadings (6); Comtrade\'s ' +
  `TOTAL row and chapter 99 dropped; a code\'s parent is the code less its last two digits. Converted by scripts/convert-hs-2022.mjs.`;

// One item per line: small diffs, readable, no pretty-printing overhead.
const body = items.map((i) => '    ' + JSON.stringify(i)).join(',\n');
writeFileSync(output, `{\n  "source": ${JSON.stringify(source)},\n  "items": [\n${body}\n  ]\n}\n`);
console.log(`hs-2022.json: ${count(2)} chapters, ${count(4)} headings, ${count(6)} subheadings -> ${path.relative(root, output)}`);
