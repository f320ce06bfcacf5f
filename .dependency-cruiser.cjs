// Dependency rules for apps/ and libs/, checked by dependency-cruiser (`npm run check:deps`,
// part of `npm test`). The library layers are the table below; the layer rules are generated
// from it, so adding a library is one line in LAYERS (and its `@sw/<lib>` alias in tsconfig.json).
//
// Rule of the layers: a library imports only libraries of a LOWER layer, through their entry
// point `@sw/<lib>` (libs/<lib>/src/index.ts). Same-layer imports are forbidden except for the
// edges in SAME_LAYER_ALLOWED; ONLY narrows what some libraries may import further.
// Type-only imports count (tsPreCompilationDeps). Spec files (*.spec.ts) are exempt from the
// layer rules, may use test/support and are not domain code; every other rule applies to them.

/** Library (folder under libs/) → layer. A library may import only libraries of lower layers. */
const LAYERS = {
  // The shared vocabulary of a shipment (agencies, lanes, checks, the declaration's body, stream
  // names): pure and without dependencies, so that even the platform's token claims use it.
  shipment: 0,
  'event-store': 1,
  platform: 1,
  'reference-data': 1,
  declaration: 2,
  'agency-case': 2,
  examination: 2,
  licensing: 2,
  fees: 2,
  money: 2,
  parties: 2, // 代理报关: binds the declaration context's FilingAuthority port
  customs: 3,
  inspection: 3,
  border: 3,
  clearance: 4,
  'read-models': 5,
  audit: 6, // history and as-of state fold the read models' reducers
};

/** The only allowed imports between two libraries of the same layer: [from, to]. */
const SAME_LAYER_ALLOWED = [['platform', 'event-store'], ['parties', 'declaration']];

/** Libraries that may import fewer than "every lower layer": exactly these libraries. */
const BASE = Object.keys(LAYERS).filter((lib) => LAYERS[lib] <= 1);
const ONLY = {
  customs: [...BASE, 'agency-case'],
  inspection: [...BASE, 'agency-case'],
  border: [...BASE, 'agency-case'],
};

// What code in a folder named domain (libs/<lib>/src/.../domain/...) must not import: frameworks, I/O, drivers.
const DOMAIN_FORBIDDEN = [
  '(^|/)node_modules/@nestjs/',
  '(^|/)node_modules/typeorm/',
  '(^|/)node_modules/(@types/)?pg/',
  '(^|/)node_modules/@eventstore/',
  '(^|/)node_modules/class-validator/',
  '(^|/)node_modules/class-transformer/',
  '^(node:)?fs(/promises)?$',
  '^(node:)?child_process$',
];

const SPEC = '\\.spec\\.tsx?$';
const ENTRY_POINT = '^libs/[^/]+/src/index\\.ts$';
const DOMAIN = '^libs/([^/]+)/src/(?:domain/|.*/domain/)';
const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneOf = (libs) => `(?:${libs.map(escape).join('|')})`;

function allowedFor(lib) {
  if (ONLY[lib]) return ONLY[lib];
  const lower = Object.keys(LAYERS).filter((other) => LAYERS[other] < LAYERS[lib]);
  const same = SAME_LAYER_ALLOWED.filter(([from]) => from === lib).map(([, to]) => to);
  return [...lower, ...same];
}

// The table is checked when the config loads, so a slip in it fails loudly, not silently.
function checkTable() {
  const problems = [];
  for (const [from, to] of SAME_LAYER_ALLOWED) {
    if (!(from in LAYERS) || !(to in LAYERS)) problems.push(`SAME_LAYER_ALLOWED ${from} -> ${to}: not in LAYERS`);
    else if (LAYERS[from] !== LAYERS[to]) problems.push(`SAME_LAYER_ALLOWED ${from} -> ${to}: not the same layer`);
    if (SAME_LAYER_ALLOWED.some(([f, t]) => f === to && t === from)) problems.push(`SAME_LAYER_ALLOWED ${from} <-> ${to}: both ways is a circle`);
  }
  for (const [lib, libs] of Object.entries(ONLY)) {
    for (const to of libs) {
      const sameAllowed = SAME_LAYER_ALLOWED.some(([f, t]) => f === lib && t === to);
      if (!(to in LAYERS) || !(lib in LAYERS)) problems.push(`ONLY ${lib} -> ${to}: not in LAYERS`);
      else if (LAYERS[to] >= LAYERS[lib] && !sameAllowed) problems.push(`ONLY ${lib} -> ${to}: not a lower layer`);
    }
  }
  if (problems.length) throw new Error(`.dependency-cruiser.cjs: the layer table is inconsistent:\n  ${problems.join('\n  ')}`);
}
checkTable();

const layerRules = Object.keys(LAYERS).map((lib) => {
  const allowed = allowedFor(lib);
  return {
    name: `layer-${lib}`,
    severity: 'error',
    comment:
      `${lib} is layer ${LAYERS[lib]}: it may import only ${allowed.length ? allowed.join(', ') : 'no other library'}. ` +
      'Move what both need down into a lower library (or invert the dependency with a port/event); ' +
      'if the architecture really changed, edit LAYERS / SAME_LAYER_ALLOWED / ONLY in .dependency-cruiser.cjs.',
    from: { path: `^libs/${escape(lib)}/`, pathNot: SPEC },
    to: { path: '^libs/', pathNot: `^libs/${oneOf([lib, ...allowed])}/` },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'library-not-in-layer-table',
      severity: 'error',
      comment:
        'This library imports another library but has no layer. Add it to LAYERS in .dependency-cruiser.cjs ' +
        '(and its @sw/<lib> alias to tsconfig.json paths).',
      from: { path: `^libs/(?!${oneOf(Object.keys(LAYERS))}/)([^/]+)/` },
      to: { path: '^libs/', pathNot: '^libs/$1/' },
    },
    {
      name: 'no-circular-between-libs',
      severity: 'error',
      comment:
        'This import from one library into another closes a circle between libraries (the cycle is listed). ' +
        'Libraries form layers: move the shared code down a layer; the layer-* rules name the edge that points up.',
      // Reported on the edge that leaves the library, so one cycle is not repeated for every module on it.
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', circular: true },
    },
    {
      name: 'lib-relative-path-into-other-lib',
      severity: 'error',
      comment:
        "Import another library only through its entry point '@sw/<lib>', never by a relative path into its " +
        'src/. If what you need is not exported, export it from libs/<lib>/src/index.ts (or move it).',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: '^libs/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'lib-deep-import-of-other-lib',
      severity: 'error',
      comment:
        "Import another library only through its entry point '@sw/<lib>', not a deep '@sw/<lib>/…' path. " +
        'Export what you need from libs/<lib>/src/index.ts.',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', ENTRY_POINT], dependencyTypes: ['aliased'] },
    },
    {
      name: 'lib-imports-app',
      severity: 'error',
      comment:
        'Libraries never import from apps/ (specs included). Move the code into a library, or pass it in ' +
        '(a port/provider the app supplies).',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'lib-imports-test-or-bench',
      severity: 'error',
      comment:
        'Library code never imports from test/ or bench/ (only *.spec.ts files may use test/support). ' +
        'Move the helper into the library, or the import into a spec.',
      from: { path: '^libs/', pathNot: SPEC },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'app-relative-path-into-lib',
      severity: 'error',
      comment:
        "Apps import a library only through its entry point '@sw/<lib>', never by a relative path " +
        "('../../../../libs/…'). Export what you need from libs/<lib>/src/index.ts.",
      from: { path: '^apps/' },
      to: { path: '^libs/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'app-deep-import-of-lib',
      severity: 'error',
      comment:
        "Apps import a library only through its entry point '@sw/<lib>', not a deep path like " +
        "'@sw/event-store/hash-chain'. Export what you need from libs/<lib>/src/index.ts.",
      from: { path: '^apps/' },
      to: { path: '^libs/', pathNot: ENTRY_POINT, dependencyTypes: ['aliased'] },
    },
    {
      name: 'swctl-imports-single-window',
      severity: 'error',
      comment:
        'apps/swctl reaches the server only through its entry for tools, @sw/single-window ' +
        '(apps/single-window/src/index.ts: the server\'s modules as an application context), never a path into it.',
      from: { path: '^apps/swctl/' },
      to: { path: '^apps/single-window/', pathNot: '^apps/single-window/src/index\\.ts$' },
    },
    {
      name: 'domain-imports-framework-or-io',
      severity: 'error',
      comment:
        'Code in a domain/ folder stays pure: no @nestjs/*, typeorm, pg, @eventstore/*, class-validator, ' +
        'class-transformer, fs or child_process. Do the I/O in application/ or infrastructure code and pass ' +
        'the data (or a port) into the domain.',
      // Specs are not domain code: a spec may set up temp files (e.g. risk-profile.unit.spec.ts).
      from: { path: DOMAIN, pathNot: SPEC },
      to: { path: DOMAIN_FORBIDDEN },
    },
    {
      name: 'no-circular-in-domain',
      severity: 'warn',
      comment:
        "Modules of a library's domain/ folder import each other in a circle. Not an error yet: split the " +
        'shared part into its own module.',
      from: { path: DOMAIN },
      to: { circular: true, viaOnly: { path: '^libs/$1/src/(?:domain/|.*/domain/)' } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        "This import does not resolve. A typo, a missing npm dependency, or a new '@sw/<lib>' alias that is " +
        'not yet in tsconfig.json paths.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // node_modules are leaves (seen as dependencies, never cruised); dist, .data and co are skipped.
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '(^|/)(dist|dist\\.[^/]+|\\.data|coverage|test-output)/' },
    // '@sw/<lib>' and '@sw/<lib>/*' resolve through tsconfig.json paths.
    tsConfig: { fileName: 'tsconfig.json' },
    // Type-only imports count too.
    tsPreCompilationDeps: true,
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
