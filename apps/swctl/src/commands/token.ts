import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
// The JWT module alone: the @sw/platform index also loads Nest, pino and the event store.
import type { TokenClaims } from '@sw/platform';
import { libraries } from '../lazy';
import { CliError, expectPositionals, stringOption, UsageError, type ParsedArgs } from '../args';
import type { Command, CommandContext } from '../command';

export const ROLES = ['enterprise', 'officer', 'port-operator', 'port-authority', 'gate', 'auditor', 'issuer', 'bank', 'carrier'] as const;
export const AGENCIES = ['customs', 'inspection', 'border'] as const;
/** The server refuses a shorter JWT_SECRET (libs/platform/src/config.ts). */
const MIN_SECRET_LENGTH = 32;
const MAX_TTL_SECONDS = 366 * 86_400;

export const tokenCommand: Command = {
  name: 'token',
  synopsis: '<role> [--uscc X] [--agency customs|inspection|border] [--authority X] [--bank X] [--port NNNN] [--secret S | --data-dir D] [--ttl 12h]',
  summary: 'sign a development token (HS256 JWT) locally',
  description: [
    `Signs a token with the claims the API expects (API.md): role one of ${ROLES.join(', ')};`,
    'an enterprise or a carrier needs --uscc, an officer --agency, an issuer --authority, a bank --bank; a port-operator or gate',
    'names its port with --port (outside DEV_MODE the server refuses their tokens without one).',
    '',
    'The secret: --secret, else JWT_SECRET, else the dev secret a DEV_MODE server keeps in',
    'DATA_DIR/dev-jwt-secret (--data-dir, else DATA_DIR, else ./.data).',
    '',
    'Prints the token alone (for $(swctl token …)); with --json, { token, claims, secretFrom }.',
  ].join('\n'),
  options: {
    uscc: { kind: 'string', value: '<uscc>', description: "enterprise or carrier: its 18-character unified social credit code" },
    agency: { kind: 'string', value: '<agency>', description: 'officer: customs, inspection or border' },
    authority: { kind: 'string', value: '<name>', description: 'issuer: the issuing authority, e.g. MOFCOM' },
    bank: { kind: 'string', value: '<code>', description: 'bank: the bank or insurer code, e.g. ICBC' },
    port: { kind: 'string', value: '<code>', description: 'port-operator or gate: the 4-digit customs code of its port' },
    secret: { kind: 'string', value: '<secret>', description: `HS256 secret (${MIN_SECRET_LENGTH}+ characters); default JWT_SECRET` },
    'data-dir': { kind: 'string', value: '<dir>', description: 'where the dev secret is (DATA_DIR/dev-jwt-secret); default DATA_DIR or ./.data' },
    ttl: { kind: 'string', value: '<time>', description: 'lifetime: seconds, or 90m, 12h, 7d (default 12h)' },
  },
  examples: [
    'swctl token officer --agency customs',
    'swctl token enterprise --uscc 91310115MA1HK7Q24A --json',
    'swctl token port-operator --port 2200',
    'curl -H "authorization: Bearer $(swctl token auditor)" localhost:3000/v1/declarations',
  ],
  run,
};

async function run(args: ParsedArgs, { out, env, cwd }: CommandContext): Promise<number> {
  const command = 'token';
  expectPositionals(args, 1, command);
  const role = args.positionals[0];
  if (!role) throw new UsageError(`which role? one of ${ROLES.join(', ')}`, command);
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`unknown role "${role}": one of ${ROLES.join(', ')}`, command);
  const claims = buildClaims(role as TokenClaims['role'], args);
  const ttlSeconds = parseTtl(stringOption(args, 'ttl'));
  const { secret, from } = resolveSecret(args, env, cwd);

  const token = libraries().signHs256(claims, secret, { ttlSeconds });
  if (out.json) {
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    out.printJson({ token, claims: payload, expiresAt: new Date(payload.exp * 1000).toISOString(), secretFrom: from });
  } else {
    out.line(token);
  }
  return 0;
}

function buildClaims(role: TokenClaims['role'], args: ParsedArgs): TokenClaims {
  const command = 'token';
  const uscc = stringOption(args, 'uscc');
  const agency = stringOption(args, 'agency');
  const authority = stringOption(args, 'authority');
  const bank = stringOption(args, 'bank');
  const port = stringOption(args, 'port');
  const only = (option: string, value: string | undefined, owner: string) => {
    if (value !== undefined && role !== owner) throw new UsageError(`--${option} is for the ${owner} role, not ${role}`, command);
  };
  if (uscc !== undefined && role !== 'enterprise' && role !== 'carrier') throw new UsageError(`--uscc is for the enterprise and carrier roles, not ${role}`, command);
  only('agency', agency, 'officer');
  only('authority', authority, 'issuer');
  only('bank', bank, 'bank');
  if (port !== undefined && role !== 'port-operator' && role !== 'gate') throw new UsageError(`--port is for the port-operator and gate roles, not ${role}`, command);
  if (port !== undefined && !/^\d{4}$/.test(port)) throw new UsageError(`--port must be a 4-digit customs code (got "${port}")`, command);

  // The same subject and claims as POST /v1/dev/tokens.
  switch (role) {
    case 'enterprise':
    case 'carrier': {
      if (!uscc) throw new UsageError(`${role === 'carrier' ? 'a carrier' : 'an enterprise'} token needs --uscc <18-character unified social credit code>`, command);
      const check = libraries().validateUscc(uscc);
      if (!check.valid) throw new UsageError(`--uscc ${uscc} is not a valid unified social credit code: ${check.reason}`, command);
      return { sub: role === 'carrier' ? `dev:carrier-${uscc}` : `dev:${uscc}`, role, uscc };
    }
    case 'officer':
      if (!agency) throw new UsageError(`an officer token needs --agency (${AGENCIES.join(', ')})`, command);
      if (!(AGENCIES as readonly string[]).includes(agency)) throw new UsageError(`unknown agency "${agency}": one of ${AGENCIES.join(', ')}`, command);
      return { sub: `dev:${agency}-officer`, role, agency: agency as TokenClaims['agency'] };
    case 'issuer':
      if (!authority) throw new UsageError('an issuer token needs --authority <name>, e.g. MOFCOM', command);
      if (!/^[A-Za-z0-9-]{2,32}$/.test(authority)) throw new UsageError('--authority must be 2 to 32 letters, digits or dashes', command);
      return { sub: `dev:${authority}`, role, authority };
    case 'bank':
      if (!bank) throw new UsageError('a bank token needs --bank <code>, e.g. ICBC', command);
      if (!/^[A-Za-z0-9-]{2,32}$/.test(bank)) throw new UsageError('--bank must be 2 to 32 letters, digits or dashes', command);
      return { sub: `dev:bank-${bank}`, role, bank };
    case 'port-operator':
    case 'gate':
      return port === undefined ? { sub: `dev:${role}`, role } : { sub: `dev:${role}:${port}`, role, port };
    default:
      return { sub: `dev:${role}`, role };
  }
}

/** "3600", "90m", "12h", "7d" → seconds. */
export function parseTtl(raw: string | undefined): number {
  if (raw === undefined) return 12 * 3600;
  const match = /^(\d+)([smhd]?)$/.exec(raw);
  const seconds = match ? Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'] : NaN;
  if (!(seconds > 0 && seconds <= MAX_TTL_SECONDS)) {
    throw new UsageError(`--ttl must be a lifetime such as 3600, 90m, 12h or 7d, at most 366d (got "${raw}")`, 'token');
  }
  return seconds;
}

export function resolveSecret(args: ParsedArgs, env: NodeJS.ProcessEnv, cwd: string): { secret: string; from: string } {
  const given = stringOption(args, 'secret');
  const dataDir = stringOption(args, 'data-dir');
  if (given !== undefined && dataDir !== undefined) throw new UsageError('give --secret or --data-dir, not both', 'token');
  if (given !== undefined) {
    if (given.length < MIN_SECRET_LENGTH) throw new UsageError(`--secret must be at least ${MIN_SECRET_LENGTH} characters (the server refuses a shorter JWT_SECRET)`, 'token');
    return { secret: given, from: '--secret' };
  }
  if (dataDir === undefined && env.JWT_SECRET) return { secret: env.JWT_SECRET, from: 'JWT_SECRET' };
  const dir = path.resolve(cwd, dataDir ?? (env.DATA_DIR || '.data'));
  const file = path.join(dir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    throw new CliError(
      `no secret to sign with: ${file} does not exist. Pass --secret, set JWT_SECRET, or start the server once in DEV_MODE (npm start) with this data directory so that it writes its dev secret there.`,
    );
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (!secret) throw new CliError(`${file} is empty`);
  return { secret, from: file };
}
