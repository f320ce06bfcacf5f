// The registry mirror on our build machines serves only Linux builds of native packages, so
// `npm install` here leaves the other platforms' optional dependencies out of package-lock.json
// and `npm ci` then refuses the lockfile. This records each missing optional platform package
// with the os/cpu/libc its name declares: npm skips it on other platforms and fetches it by
// name and version where it applies. Run after `npm install` changes the lockfile.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'openbsd', 'netbsd', 'sunos', 'aix'];
const CPU = { x64: 'x64', arm64: 'arm64', arm: 'arm', ia32: 'ia32', ppc64: 'ppc64', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', wasm32: 'wasm32' };

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    if (lock.packages[key] || lock.packages[`${path}/${key}`]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.map((p) => CPU[p]).find(Boolean);
    if (!os || !cpu) continue; // not a platform build: leave it to npm
    const record = { version, cpu: [cpu], os: [os], optional: true, dev: entry.dev || undefined };
    if (parts.includes('musl') || parts.includes('musleabihf')) record.libc = ['musl'];
    else if (parts.includes('gnu') || parts.includes('gnueabihf')) record.libc = ['glibc'];
    lock.packages[key] = record;
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile: recorded ${added} optional platform packages`);
