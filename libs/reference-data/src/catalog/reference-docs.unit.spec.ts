import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultReferenceDirectory } from '../reference-data';
import { LIST_SPECS } from './list-specs';

// docs/reference-data.md lists every shipped table with its size and sources; it is generated
// from seeds/reference by scripts/reference-tables.mjs, and must say what the seeds say.
const root = path.resolve(defaultReferenceDirectory(), '..', '..');

describe('docs/reference-data.md', () => {
  it('is what scripts/reference-tables.mjs makes of the seeds, and names every importable list', () => {
    expect(() => execFileSync(process.execPath, [path.join(root, 'scripts', 'reference-tables.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
    const script = readFileSync(path.join(root, 'scripts', 'reference-tables.mjs'), 'utf8');
    for (const spec of LIST_SPECS) expect([spec.name, script.includes(`['${spec.name}', '${spec.nameZh}'`)]).toEqual([spec.name, true]);
  });
});
