// One SWC configuration for the build (scripts/build.mjs) and the tests (jest.config.cjs):
// CommonJS output, decorator metadata for Nest, and the tsconfig path aliases rewritten to
// relative requires so that dist/ runs with plain `node`.
const path = require('node:path');
const tsconfig = require('./tsconfig.json');

module.exports = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
    baseUrl: path.resolve(__dirname),
    paths: tsconfig.compilerOptions.paths,
  },
  module: { type: 'commonjs', strictMode: true, ignoreDynamic: true },
  sourceMaps: true,
};
