import { loadConfig } from '@sw/platform';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A structural check of docker-compose.yml (and the files it uses) that runs in CI without
 * Docker. No YAML library is installed, so the file keeps to a small subset of YAML — block
 * mappings, block sequences of scalars, plain / 'single' / "double" quoted scalars, comments —
 * and `parseYamlSubset` below reads exactly that subset and refuses everything else, so a
 * construct it does not understand fails loudly instead of being misread.
 */

const root = path.resolve(__dirname, '..');

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };

class YamlSubsetError extends Error {
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
  }
}

interface Line { indent: number; text: string; number: number }

/** Parses the block-style YAML subset described above. Scalars stay strings; an empty value is null. */
export function parseYamlSubset(source: string): Yaml {
  const lines: Line[] = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const number = index + 1;
    const leading = /^[ \t]*/.exec(raw)![0];
    if (leading.includes('\t')) throw new YamlSubsetError('tabs are not allowed in indentation', number);
    const text = raw.slice(leading.length).replace(/\s+$/, '');
    if (text === '' || text.startsWith('#')) return;
    if (text === '---' || text === '...' || text.startsWith('%')) throw new YamlSubsetError(`unsupported document marker "${text}"`, number);
    lines.push({ indent: leading.length, text, number });
  });
  if (lines.length === 0) return null;
  let next = 0;

  function parseBlock(indent: number): Yaml {
    const first = lines[next];
    return isSequenceItem(first.text) ? parseSequence(indent) : parseMapping(indent);
  }

  function parseSequence(indent: number): Yaml[] {
    const items: Yaml[] = [];
    while (next < lines.length && lines[next].indent === indent && isSequenceItem(lines[next].text)) {
      const line = lines[next++];
      const rest = line.text === '-' ? '' : line.text.slice(2).trim();
      if (rest === '') throw new YamlSubsetError('nested blocks inside a sequence item are not supported', line.number);
      if (isSequenceItem(rest) || splitKey(rest, line.number) !== null) {
        throw new YamlSubsetError('only scalars are supported as sequence items', line.number);
      }
      items.push(parseScalar(rest, line.number));
    }
    if (next < lines.length && lines[next].indent > indent) throw new YamlSubsetError('unexpected indentation', lines[next].number);
    return items;
  }

  function parseMapping(indent: number): { [key: string]: Yaml } {
    const mapping: { [key: string]: Yaml } = {};
    while (next < lines.length && lines[next].indent === indent) {
      const line = lines[next];
      if (isSequenceItem(line.text)) throw new YamlSubsetError('a sequence item where a mapping key was expected', line.number);
      const entry = splitKey(line.text, line.number);
      if (!entry) throw new YamlSubsetError(`expected "key: value", got "${line.text}"`, line.number);
      if (Object.prototype.hasOwnProperty.call(mapping, entry.key)) throw new YamlSubsetError(`duplicate key "${entry.key}"`, line.number);
      next++;
      if (entry.value !== '') {
        mapping[entry.key] = parseScalar(entry.value, line.number);
      } else if (next < lines.length && lines[next].indent > indent) {
        mapping[entry.key] = parseBlock(lines[next].indent);
      } else if (next < lines.length && lines[next].indent === indent && isSequenceItem(lines[next].text)) {
        mapping[entry.key] = parseSequence(indent); // "key:\n- item": an indentless sequence
      } else {
        mapping[entry.key] = null;
      }
    }
    if (next < lines.length && lines[next].indent > indent) throw new YamlSubsetError('unexpected indentation', lines[next].number);
    return mapping;
  }

  const result = parseBlock(lines[0].indent);
  if (next < lines.length) throw new YamlSubsetError('unexpected dedent below the first line\'s indentation', lines[next].number);
  return result;
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Splits `key: value` at the first ": " (or a final ":") outside quotes; null when the text is no mapping entry. */
function splitKey(text: string, line: number): { key: string; value: string } | null {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if ((c === '"' || c === "'") && i === 0) { quote = c; continue; }
    if (c === '#' && i > 0 && text[i - 1] === ' ') return null; // a comment before any ":"
    if (c === ':' && (i === text.length - 1 || text[i + 1] === ' ')) {
      const rawKey = text.slice(0, i).trim();
      if (rawKey === '') throw new YamlSubsetError('empty mapping key', line);
      const key = rawKey.startsWith('"') || rawKey.startsWith("'") ? (parseScalar(rawKey, line) as string) : rawKey;
      if (/^[[{&*!|>?]/.test(key) && !(rawKey.startsWith('"') || rawKey.startsWith("'"))) {
        throw new YamlSubsetError(`unsupported key syntax "${rawKey}"`, line);
      }
      return { key, value: text.slice(i + 1).trim() };
    }
  }
  return null;
}

/** A quoted or plain scalar, with a trailing comment removed. */
function parseScalar(text: string, line: number): string {
  if (text.startsWith('"')) {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        const e = text[++i];
        const escapes: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };
        if (!(e in escapes)) throw new YamlSubsetError(`unsupported escape "\\${e}"`, line);
        out += escapes[e];
      } else if (c === '"') {
        assertOnlyComment(text.slice(i + 1), line);
        return out;
      } else {
        out += c;
      }
    }
    throw new YamlSubsetError('unterminated double-quoted string', line);
  }
  if (text.startsWith("'")) {
    let out = '';
    for (let i = 1; i < text.length; i++) {
      if (text[i] === "'") {
        if (text[i + 1] === "'") { out += "'"; i++; continue; }
        assertOnlyComment(text.slice(i + 1), line);
        return out;
      }
      out += text[i];
    }
    throw new YamlSubsetError('unterminated single-quoted string', line);
  }
  if (/^[[{&*!|>%@`]/.test(text)) throw new YamlSubsetError(`unsupported YAML construct "${text}" (use block style)`, line);
  const comment = text.search(/\s#/);
  const plain = (comment === -1 ? text : text.slice(0, comment)).trim();
  if (/:\s/.test(plain)) throw new YamlSubsetError(`ambiguous plain scalar "${plain}" (quote it)`, line);
  return plain;
}

function assertOnlyComment(rest: string, line: number): void {
  const trimmed = rest.trim();
  if (trimmed !== '' && !trimmed.startsWith('#')) throw new YamlSubsetError(`text after a quoted string: "${trimmed}"`, line);
}

/* ------------------------------------------------------------------------------------------------
 * The parser's own tests.
 * ---------------------------------------------------------------------------------------------- */

describe('parseYamlSubset', () => {
  it('reads nested mappings, sequences, empty values and comments', () => {
    const yaml = [
      '# a comment',
      'services:',
      '  web:',
      '    image: nginx:1.27   # trailing comment',
      '    ports:',
      '      - "8080:80"',
      '      - 443',
      '    environment:',
      '      A: "x: y # not a comment"',
      "      B: 'it''s'",
      '      C: plain value',
      '      EMPTY:',
      '',
      'volumes:',
      '  data:',
      'list:',
      '- a',
      '- "b"',
    ].join('\n');
    expect(parseYamlSubset(yaml)).toEqual({
      services: { web: { image: 'nginx:1.27', ports: ['8080:80', '443'], environment: { A: 'x: y # not a comment', B: "it's", C: 'plain value', EMPTY: null } } },
      volumes: { data: null },
      list: ['a', 'b'],
    });
  });

  it('keeps quoted text exactly, with escapes', () => {
    expect(parseYamlSubset('a: "q\\"uote\\\\ - #x"\nb: \'- [not flow]\'')).toEqual({ a: 'q"uote\\ - #x', b: '- [not flow]' });
  });

  it('returns null for an empty document', () => {
    expect(parseYamlSubset('# nothing\n\n')).toBeNull();
  });

  it.each([
    ['tabs', 'a:\n\tb: c', /tabs/],
    ['flow sequences', 'a: [1, 2]', /unsupported YAML construct/],
    ['flow mappings', 'a: {b: c}', /unsupported YAML construct/],
    ['anchors', 'a: &x b', /unsupported YAML construct/],
    ['aliases', 'a: *x', /unsupported YAML construct/],
    ['block scalars', 'a: |\n  text', /unsupported YAML construct/],
    ['merge keys', 'a:\n  <<: *x', /unsupported YAML construct/],
    ['duplicate keys', 'a: 1\na: 2', /duplicate key "a"/],
    ['mappings in sequences', 'a:\n  - b: c', /only scalars/],
    ['nested sequence blocks', 'a:\n  -\n    - b', /nested blocks/],
    ['bad indentation', 'a: 1\n    b: 2', /unexpected indentation/],
    ['a dedent below the first line', '  a: 1\nb: 2', /unexpected dedent/],
    ['unterminated strings', 'a: "open', /unterminated/],
    ['text after a string', 'a: "x" y', /text after a quoted string/],
    ['ambiguous plain scalars', 'a: b: c', /ambiguous/],
    ['documents markers', '---\na: 1', /document marker/],
    ['lines that are no entries', 'a:\n  just text', /expected "key: value"/],
  ])('refuses %s', (_name, yaml, message) => {
    expect(() => parseYamlSubset(yaml)).toThrow(message);
  });
});

/* ------------------------------------------------------------------------------------------------
 * The compose file.
 * ---------------------------------------------------------------------------------------------- */

type Mapping = { [key: string]: Yaml };

function isMapping(value: Yaml | undefined): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mapping(value: Yaml | undefined, what: string): Mapping {
  if (!isMapping(value)) throw new Error(`${what} is not a mapping`);
  return value;
}

/** `environment` as a mapping or as a list of KEY=value. */
function environmentOf(service: Mapping): Record<string, string> {
  const env = service.environment;
  if (env === undefined || env === null) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((item) => {
      const text = String(item);
      const at = text.indexOf('=');
      return at === -1 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
    }));
  }
  return Object.fromEntries(Object.entries(mapping(env, 'environment')).map(([k, v]) => [k, v === null ? '' : String(v)]));
}

/** A KurrentDB/EventStoreDB setting under either prefix. */
function setting(env: Record<string, string>, name: string): string | undefined {
  return env[`KURRENTDB_${name}`] ?? env[`EVENTSTORE_${name}`];
}

/** `depends_on` as a list of names or a mapping of name → { condition }. */
function dependsOn(service: Mapping): Record<string, string> {
  const deps = service.depends_on;
  if (deps === undefined || deps === null) return {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((name) => [String(name), 'service_started']));
  return Object.fromEntries(Object.entries(mapping(deps, 'depends_on')).map(([name, spec]) => [
    name, isMapping(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started',
  ]));
}

/** Short-syntax volume entries `source:target[:mode]`. */
function volumesOf(service: Mapping): { source: string; target: string }[] {
  const volumes = service.volumes;
  if (volumes === undefined || volumes === null) return [];
  if (!Array.isArray(volumes)) throw new Error('service volumes must be a list');
  return volumes.map((entry) => {
    const [source, target] = String(entry).split(':');
    return { source, target };
  });
}

function isNamedVolume(source: string): boolean {
  return !/^[./~$]/.test(source);
}

describe('docker-compose.yml', () => {
  const text = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
  let parseError: unknown = null;
  let compose: Mapping = { services: {} };
  try {
    compose = mapping(parseYamlSubset(text), 'docker-compose.yml');
  } catch (error) {
    parseError = error; // reported by the first test rather than as a collection failure
  }

  it('is written in the YAML subset this check reads', () => {
    if (parseError) throw parseError;
    expect(Object.keys(mapping(compose.services, 'services')).length).toBeGreaterThan(0);
  });
  const services = mapping(compose.services, 'services');
  const service = (name: string) => mapping(services[name], `service ${name}`);
  const names = Object.keys(services);
  const clusterNodes = names.filter((name) => /kurrentdb|eventstore/i.test(String(service(name).image ?? '')));
  const appServices = names.filter((name) => environmentOf(service(name)).SW_ROLE !== undefined);
  const byRole = (role: string) => appServices.filter((name) => environmentOf(service(name)).SW_ROLE === role);

  it('runs a KurrentDB/EventStoreDB cluster of three nodes that gossip with each other', () => {
    expect(clusterNodes).toHaveLength(3);
    for (const node of clusterNodes) {
      const env = environmentOf(service(node));
      expect({ node, clusterSize: setting(env, 'CLUSTER_SIZE') }).toEqual({ node, clusterSize: '3' });
      const seeds = (setting(env, 'GOSSIP_SEED') ?? '').split(',').map((seed) => seed.trim()).filter(Boolean);
      const seedHosts = seeds.map((seed) => seed.split(':')[0]).sort();
      // Every other node, never itself.
      expect({ node, seedHosts }).toEqual({ node, seedHosts: clusterNodes.filter((other) => other !== node).sort() });
      for (const seed of seeds) expect(seed).toMatch(/^[\w.-]+:2113$/);
    }
  });

  it('enables the by-correlation-id projection (system projections, standard ones started)', () => {
    for (const node of clusterNodes) {
      const env = environmentOf(service(node));
      expect((setting(env, 'RUN_PROJECTIONS') ?? '').toLowerCase()).toMatch(/^(system|all)$/);
      expect(setting(env, 'START_STANDARD_PROJECTIONS')).toBe('true');
    }
  });

  it('keeps each node\'s data on a named volume', () => {
    for (const node of clusterNodes) {
      const data = volumesOf(service(node)).find((volume) => /^\/var\/lib\/(kurrentdb|eventstore)$/.test(volume.target));
      expect({ node, named: data ? isNamedVolume(data.source) : false }).toEqual({ node, named: true });
    }
    expect(new Set(clusterNodes.map((node) => volumesOf(service(node))[0]?.source)).size).toBe(3);
  });

  it('marks insecure mode and tls=false as local use only', () => {
    const insecure = clusterNodes.filter((node) => setting(environmentOf(service(node)), 'INSECURE') === 'true');
    const plaintext = appServices.filter((name) => /tls=false/.test(environmentOf(service(name)).EVENTSTORE_CONNECTION_STRING ?? ''));
    if (insecure.length + plaintext.length > 0) expect(text).toMatch(/LOCAL USE ONLY/);
    // Insecure nodes and TLS clients would not talk to each other, and vice versa.
    expect(insecure.length === 0 || insecure.length === clusterNodes.length).toBe(true);
    expect(plaintext.length === 0 || insecure.length === clusterNodes.length).toBe(true);
  });

  it('runs PostgreSQL 17 on a named volume', () => {
    const postgres = names.filter((name) => /^postgres:17(\b|$)/.test(String(service(name).image ?? '')));
    expect(postgres).toHaveLength(1);
    const data = volumesOf(service(postgres[0])).find((volume) => volume.target === '/var/lib/postgresql/data');
    expect(data && isNamedVolume(data.source)).toBe(true);
  });

  it('runs two API replicas and two workers of the server, wired to the cluster and PostgreSQL', () => {
    expect(byRole('api')).toHaveLength(2);
    expect(byRole('worker')).toHaveLength(2);
    expect(appServices.sort()).toEqual([...byRole('api'), ...byRole('worker')].sort());
    const postgres = names.find((name) => /^postgres:/.test(String(service(name).image ?? '')))!;
    for (const name of appServices) {
      const app = service(name);
      const env = environmentOf(app);
      expect({ name, EVENT_STORE: env.EVENT_STORE, NODE_ENV: env.NODE_ENV }).toEqual({ name, EVENT_STORE: 'eventstoredb', NODE_ENV: 'production' });
      // The server refuses a JWT_SECRET under 32 characters (libs/platform config), defaults included.
      const secret = /^\$\{JWT_SECRET:-(.*)\}$/.exec(env.JWT_SECRET ?? '')?.[1] ?? env.JWT_SECRET ?? '';
      expect({ name, secretLength: secret.length >= 32 }).toEqual({ name, secretLength: true });
      // esdb://node1:2113,node2:2113,node3:2113?tls=false: every cluster node, nothing else.
      const match = /^esdb:\/\/([^?/]+)(?:\?(.*))?$/.exec(env.EVENTSTORE_CONNECTION_STRING ?? '');
      expect(match).not.toBeNull();
      const hosts = match![1].split(',');
      expect(hosts.map((host) => host.split(':')[0]).sort()).toEqual([...clusterNodes].sort());
      for (const host of hosts) expect(host).toMatch(/:2113$/);
      const url = new URL(env.DATABASE_URL ?? 'invalid:');
      expect({ name, protocol: url.protocol, host: url.hostname }).toEqual({ name, protocol: 'postgres:', host: postgres });
      // Built from this repository's Dockerfile.
      const build = app.build;
      const context = isMapping(build) ? build.context : build;
      expect({ name, context }).toEqual({ name, context: '.' });
      if (isMapping(build) && build.dockerfile !== undefined) expect(build.dockerfile).toBe('Dockerfile');
      // Started once the stores are up.
      const deps = dependsOn(app);
      for (const store of [...clusterNodes, postgres]) expect({ name, store, condition: deps[store] }).toEqual({ name, store, condition: 'service_healthy' });
    }
  });

  it('runs every server as the least-privileged role, and lets one worker alone migrate as the owner', () => {
    const postgres = names.find((name) => /^postgres:/.test(String(service(name).image ?? '')))!;
    const pgEnv = environmentOf(service(postgres));
    // The role is made on first start by the init script, from the SQL that test/e2e/compose-roles.e2e.spec.ts runs.
    const mounts = volumesOf(service(postgres));
    expect(mounts).toEqual(expect.arrayContaining([
      { source: './deploy/postgres/01-app-role.sh', target: '/docker-entrypoint-initdb.d/01-app-role.sh' },
      { source: './deploy/postgres/app-role.sql', target: '/sw/app-role.sql' },
    ]));
    for (const { source } of mounts.filter((m) => !isNamedVolume(m.source))) expect(existsSync(path.join(root, source))).toBe(true);
    const appPassword = /^\$\{SW_APP_PASSWORD:-(.+)\}$/.exec(pgEnv.SW_APP_PASSWORD ?? '')?.[1];
    expect(appPassword).toBeTruthy();
    const owner = pgEnv.POSTGRES_USER;
    const migrators: string[] = [];
    for (const name of appServices) {
      const env = environmentOf(service(name));
      const app = new URL(env.DATABASE_URL ?? 'invalid:');
      expect({ name, user: app.username, password: decodeURIComponent(app.password) }).toEqual({ name, user: 'sw_app', password: '${SW_APP_PASSWORD:-' + appPassword + '}' });
      if (env.DATABASE_OWNER_URL === undefined) continue;
      migrators.push(name);
      const ownerUrl = new URL(env.DATABASE_OWNER_URL);
      expect({ user: ownerUrl.username, host: ownerUrl.hostname, db: ownerUrl.pathname }).toEqual({ user: owner, host: postgres, db: app.pathname });
      // The configuration the server would load from it is valid.
      expect(() => loadConfig({ ...env, JWT_SECRET: 'x'.repeat(40), DATABASE_URL: app.toString(), DATABASE_OWNER_URL: ownerUrl.toString() })).not.toThrow();
    }
    expect(migrators).toEqual(['worker-1']);
    // The others wait for it: they may not migrate.
    for (const name of appServices.filter((n) => n !== 'worker-1')) expect({ name, condition: dependsOn(service(name))['worker-1'] }).toEqual({ name, condition: 'service_healthy' });
  });

  it('gives every service a health check', () => {
    for (const name of names) {
      const check = service(name).healthcheck;
      const test = isMapping(check) ? check.test : undefined;
      const command = Array.isArray(test) ? test : typeof test === 'string' ? [test] : [];
      expect({ name, hasTest: command.length > 0 && command[0] !== 'NONE' }).toEqual({ name, hasTest: true });
    }
  });

  it('puts nginx in front of the API replicas, with SSE unbuffered', () => {
    const proxies = names.filter((name) => /^nginx(:|$)/.test(String(service(name).image ?? '')));
    expect(proxies).toHaveLength(1);
    const proxy = service(proxies[0]);
    const deps = dependsOn(proxy);
    for (const api of byRole('api')) expect({ api, condition: deps[api] }).toEqual({ api, condition: 'service_healthy' });
    const config = volumesOf(proxy).find((volume) => volume.target === '/etc/nginx/nginx.conf');
    expect(config?.source).toBe('./deploy/nginx.conf');
    const nginx = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8').replace(/#.*$/gm, '');
    expect(nginx).toMatch(/proxy_buffering\s+off;/);
    for (const api of byRole('api')) {
      const port = environmentOf(service(api)).PORT ?? '3000';
      expect(nginx).toContain(`server ${api}:${port}`);
    }
    expect(nginx).toMatch(/location\s*=\s*\/nginx-health/);
  });

  it('lets the API replicas see the client behind nginx for rate limiting, and nothing but nginx reach them', () => {
    const nginx = readFileSync(path.join(root, 'deploy/nginx.conf'), 'utf8').replace(/#.*$/gm, '');
    // nginx appends the address it saw: with one trusted hop, that rightmost entry is the key.
    expect(nginx).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
    for (const api of byRole('api')) {
      const trustProxy = environmentOf(service(api)).TRUST_PROXY;
      expect({ api, trustProxy: loadConfig({ TRUST_PROXY: trustProxy }).trustProxy }).toEqual({ api, trustProxy: 1 });
      // A hop count trusts whoever connects: only safe when the replica publishes no port of its own.
      expect({ api, ports: service(api).ports }).toEqual({ api, ports: undefined });
    }
  });

  it('refers only to services that exist', () => {
    for (const name of names) {
      for (const dependency of Object.keys(dependsOn(service(name)))) expect({ name, dependency, exists: names.includes(dependency) }).toEqual({ name, dependency, exists: true });
    }
  });

  it('declares every named volume it uses, and uses every one it declares', () => {
    const declared = Object.keys(mapping(compose.volumes ?? {}, 'volumes')).sort();
    const used = [...new Set(names.flatMap((name) => volumesOf(service(name)).map((volume) => volume.source).filter(isNamedVolume)))].sort();
    expect(used.filter((volume) => !declared.includes(volume))).toEqual([]);
    expect(declared.filter((volume) => !used.includes(volume))).toEqual([]);
  });

  it('builds the server image from node:20-slim with npm ci and npm run build', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const instructions = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
    const froms = instructions.filter((line) => /^FROM\s/i.test(line));
    expect(froms.length).toBeGreaterThan(0);
    for (const from of froms) expect(from).toMatch(/^FROM\s+node:20-slim(\s|$)/i);
    expect(instructions.some((line) => /^RUN\s.*\bnpm ci\b/.test(line))).toBe(true);
    expect(instructions.some((line) => /^RUN\s.*\bnpm run build\b/.test(line))).toBe(true);
    expect(instructions.filter((line) => /^CMD\s/.test(line)).pop()).toBe('CMD ["node", "dist/apps/single-window/src/main.js"]');
    const ignored = readFileSync(path.join(root, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', '.git']) expect(ignored).toContain(entry);
  });
});
