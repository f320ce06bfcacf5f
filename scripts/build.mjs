// Compiles apps/, libs/ and bench/ into dist/ with SWC (a second or two; `tsc`
// only type-checks: `npm run typecheck`). Tests are not built: Jest compiles them on the fly.
// The console (apps/single-window/console, browser code) is bundled apart by esbuild into one
// ES module, served by the server from dist/apps/single-window/console.
import { build as bundle } from 'esbuild';
import { transformFile } from '@swc/core';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const config = require(path.join(root, 'swc.config.cjs'));
// Built beside dist/ and swapped in at the end, so that a process started from dist/ while a
// build runs (a test spawning the server, a second terminal) never finds it half written.
const dist = path.join(root, 'dist');
const out = path.join(root, `dist.building-${process.pid}`);

const CONSOLE = path.join(root, 'apps/single-window/console');

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (full === CONSOLE) continue; // browser code: bundled below
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const started = Date.now();
await rm(out, { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const top of ['apps', 'libs', 'bench']) {
  for await (const file of sources(path.join(root, top))) {
    jobs.push((async () => {
      const { code, map } = await transformFile(file, { ...config, filename: file, swcrc: false, sourceFileName: path.relative(dist, file) });
      const target = path.join(out, path.relative(root, file)).replace(/\.ts$/, '.js');
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, code + `\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) await writeFile(target + '.map', map);
      count++;
    })());
  }
}
await Promise.all(jobs);
// The console: Preact + TSX in, one minified ES module and one style sheet out (esbuild also
// inlines the few reference code lists the forms suggest from).
const consoleOut = path.join(out, 'apps/single-window/console');
await bundle({
  entryPoints: { app: path.join(CONSOLE, 'src/main.tsx') },
  outdir: consoleOut,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await cp(path.join(CONSOLE, 'index.html'), path.join(consoleOut, 'index.html'));
// Non-TypeScript assets that ship with the code (SQL migrations, console pages).
for (const dir of ['libs/event-store/src/postgres/sql']) {
  await cp(path.join(root, dir), path.join(out, dir), { recursive: true }).catch(() => {});
}
const old = path.join(root, `dist.old-${process.pid}`);
await rename(dist, old).catch(() => {});
await rename(out, dist);
await rm(old, { recursive: true, force: true });
console.log(`build: ${count} files in ${Date.now() - started} ms`);
