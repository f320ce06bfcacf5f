// Compiles apps/, libs/ and bench/ into dist/ with SWC (a second or two; `tsc`
// only type-checks: `npm run typecheck`). Tests are not built: Jest compiles them on the fly.
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

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
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
// Non-TypeScript assets that ship with the code (SQL migrations, console pages).
for (const dir of ['libs/event-store/src/postgres/sql']) {
  await cp(path.join(root, dir), path.join(out, dir), { recursive: true }).catch(() => {});
}
const old = path.join(root, `dist.old-${process.pid}`);
await rename(dist, old).catch(() => {});
await rename(out, dist);
await rm(old, { recursive: true, force: true });
console.log(`build: ${count} files in ${Date.now() - started} ms`);
