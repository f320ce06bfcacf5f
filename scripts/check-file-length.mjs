// Fails when a non-spec .ts/.tsx file under libs/ is longer than MAX_LINES lines, and lists them
// (`npm run check:length`, part of `npm test`). A long file is a module that does too much: split it.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const MAX_LINES = 400;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', '.data', 'coverage']);

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) yield* sources(full);
    } else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name)) {
      yield full;
    }
  }
}

const tooLong = [];
let count = 0;
for await (const file of sources(path.join(root, 'libs'))) {
  count++;
  const text = await readFile(file, 'utf8');
  const lines = text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) tooLong.push({ file: path.relative(root, file), lines });
}

if (tooLong.length > 0) {
  tooLong.sort((a, b) => b.lines - a.lines);
  console.error(`${tooLong.length} file(s) under libs/ longer than ${MAX_LINES} lines (spec files not counted); split them:`);
  for (const { file, lines } of tooLong) console.error(`  ${String(lines).padStart(5)}  ${file}`);
  process.exit(1);
}
console.log(`check-file-length: ${count} files under libs/, none longer than ${MAX_LINES} lines.`);
