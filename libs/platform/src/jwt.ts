import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims API.md defines. */
export interface TokenClaims {
  sub: string;
  /** broker: a customs broker (报关企业) filing for its clients under powers of attorney (代理报关), with its uscc. */
  role: 'enterprise' | 'officer' | 'port-operator' | 'port-authority' | 'gate' | 'auditor' | 'issuer' | 'bank' | 'broker' | 'carrier';
  uscc?: string;
  agency?: 'customs' | 'inspection' | 'border';
  authority?: string;
  /** A bank's or insurer's code (role bank): who confirms payments and guarantees. */
  bank?: string;
  /** A port operator's or gate's port: the 4-digit customs code it acts for. */
  port?: string;
  iss?: string;
  aud?: string | string[];
  exp?: number;
  iat?: number;
  nbf?: number;
}

export const TOKEN_ISSUER = 'single-window';
export const TOKEN_AUDIENCE = 'single-window-api';

const b64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** Signs an HS256 JWT. */
export function signHs256(claims: TokenClaims, secret: string, { ttlSeconds = 12 * 3600, now = Date.now() } = {}): string {
  const iat = Math.floor(now / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + ttlSeconds, ...claims }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/**
 * The `alg` a compact JWS names in its header, before anything is verified: the verifier uses
 * it only to pick which of its pinned keys and algorithms to try (each path pins its own).
 */
export function tokenAlgorithm(token: string): string {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  const alg = (header as { alg?: unknown } | null)?.alg;
  if (typeof alg !== 'string') throw new InvalidTokenError('malformed token');
  return alg;
}

export interface VerifyOptions {
  now?: number;
  leewaySeconds?: number;
  /** The `iss` required (default TOKEN_ISSUER: the engine's own tokens, dev tokens and swctl's). */
  issuer?: string;
  /** The audience required in `aud` (default TOKEN_AUDIENCE). */
  audience?: string;
}

/**
 * Verifies an HS256 JWT: the algorithm is pinned (a token naming any other, `none` included,
 * is refused), then signature, expiry, not-before, issuer and audience.
 */
export function verifyHs256(token: string, secret: string, { now = Date.now(), leewaySeconds = 30, issuer = TOKEN_ISSUER, audience = TOKEN_AUDIENCE }: VerifyOptions = {}): TokenClaims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed token');
  const [header64, payload64, signature64] = parts;
  let header: { alg?: string };
  let claims: TokenClaims;
  try {
    header = JSON.parse(Buffer.from(header64, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(payload64, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidTokenError('malformed token');
  }
  if (header === null || typeof header !== 'object' || claims === null || typeof claims !== 'object' || Array.isArray(claims)) throw new InvalidTokenError('malformed token');
  if (header.alg !== 'HS256') throw new InvalidTokenError('token algorithm not accepted');
  if (!secret) throw new InvalidTokenError('no HS256 secret is configured');
  const expected = createHmac('sha256', secret).update(`${header64}.${payload64}`).digest();
  const given = Buffer.from(signature64, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidTokenError('bad signature');
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp + leewaySeconds < seconds) throw new InvalidTokenError('token expired');
  if (typeof claims.nbf === 'number' && claims.nbf - leewaySeconds > seconds) throw new InvalidTokenError('token not yet valid');
  if (claims.iss !== issuer) throw new InvalidTokenError('wrong issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(audience)) throw new InvalidTokenError('wrong audience');
  return claims;
}
