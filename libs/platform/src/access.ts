import { NEVER, timer, type Observable } from 'rxjs';
import {
  CanActivate, ExecutionContext, ForbiddenException, Injectable, ServiceUnavailableException, SetMetadata, UnauthorizedException, createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AppConfig } from './config';
import { JWKS_ALGORITHMS, TokenKeysUnavailableError, jwksVerifier, type JwksVerifierOptions } from './jwks';
import { InvalidTokenError, tokenAlgorithm, verifyHs256, type TokenClaims } from './jwt';

export type Role = TokenClaims['role'];

/** Who made the request, from a verified token. */
export interface Principal {
  subject: string;
  role: Role;
  uscc?: string;
  agency?: 'customs' | 'inspection' | 'border';
  authority?: string;
  /** A bank or insurer (关税保证保险 too): its code. */
  bank?: string;
  /** A port operator's or gate's port (4-digit customs code); absent only in DEV_MODE, where it acts for every port. */
  port?: string;
  /** When the token expires (ms since the epoch): a stream opened with it ends then. */
  expiresAt?: number;
}

/** Roles that act at one port: their token names it (`port`). */
export const PORT_ROLES: readonly Role[] = ['port-operator', 'gate'];
export const PORT_CODE = /^\d{4}$/;

/**
 * A port operator or gate acts only at its own port: 403 `port-not-yours` for another port's
 * arrival or gate. A token without a port (DEV_MODE only: the guard refuses it otherwise) acts for every port.
 */
export function requirePort(principal: Principal, port: string): void {
  if (!PORT_ROLES.includes(principal.role) || principal.port === undefined || principal.port === port) return;
  throw new ForbiddenException({ message: `This token acts for port ${principal.port}, not ${port}`, code: 'port-not-yours' });
}

export const ACCESS_RULE = Symbol('ACCESS_RULE');
export type AccessRule = { public: true } | { roles: Role[] };

/** Open to anyone (health, docs, dev helpers). */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);
/** Open to a verified token of one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ACCESS_RULE, { roles } satisfies AccessRule);

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest().principal as Principal | undefined;
  if (!principal) throw new UnauthorizedException('A bearer token is required');
  return principal;
});

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
/** Verifies a bearer token (synchronously for HS256, asynchronously for a JWKS). Throws InvalidTokenError or TokenKeysUnavailableError. */
export type TokenVerifier = (token: string) => TokenClaims | Promise<TokenClaims>;
export const hs256Verifier = (secret: string): TokenVerifier => (token) => verifyHs256(token, secret);

export interface TokenVerifierOptions {
  /** JWT_SECRET (or the dev secret): HS256 tokens of the engine itself (dev tokens, swctl). Empty: HS256 is refused. */
  hs256Secret?: string;
  /** JWKS_URL with JWT_ISSUER / JWT_AUDIENCE: RS256 / ES256 tokens of an identity provider. */
  jwks?: JwksVerifierOptions;
}

/**
 * One verifier for every accepted kind of token. The header's `alg` only chooses the path, and
 * each path pins its algorithm and its key: HS256 with JWT_SECRET, RS256 / ES256 with the
 * JWKS keys. So `none`, an unknown algorithm, HS256 signed with a public key (key confusion),
 * or an algorithm whose key is not configured are all refused.
 */
export function createTokenVerifier({ hs256Secret, jwks }: TokenVerifierOptions): TokenVerifier {
  const remote = jwks ? jwksVerifier(jwks) : null;
  if (!hs256Secret && !remote) throw new Error('No way to verify tokens: set JWT_SECRET or JWKS_URL');
  return (token) => {
    const alg = tokenAlgorithm(token);
    if (alg === 'HS256' && hs256Secret) return verifyHs256(token, hs256Secret);
    if (remote && JWKS_ALGORITHMS.includes(alg)) return remote(token);
    throw new InvalidTokenError('token algorithm not accepted');
  };
}

const verifiers = new WeakMap<AppConfig, Map<string, TokenVerifier>>();

/**
 * The token verifier of a server's configuration, built once per configuration and secret, so
 * that the access guard and the rate limiter share one JWKS cache.
 */
export function tokenVerifierFor(config: AppConfig, hs256Secret: string): TokenVerifier {
  let bySecret = verifiers.get(config);
  if (!bySecret) verifiers.set(config, (bySecret = new Map()));
  let verifier = bySecret.get(hs256Secret);
  if (!verifier) {
    verifier = createTokenVerifier({
      hs256Secret,
      jwks: config.jwksUrl ? { url: config.jwksUrl, issuer: config.jwtIssuer, audience: config.jwtAudience } : undefined,
    });
    bySecret.set(hs256Secret, verifier);
  }
  return verifier;
}

/**
 * Every route declares who may call it (@Public or @Roles); a route without a rule is refused
 * (fail closed). Tokens are read from the Authorization header only, never from the URL.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  /**
   * `portlessAllowed` (DEV_MODE): a port operator's or gate's token without `port` acts for every
   * port. Otherwise such a token is refused (403 port-claim-required): a port operator or a gate
   * is one port's, and a token that does not say which must not act for all of them.
   */
  constructor(private readonly reflector: Reflector, private readonly verify: TokenVerifier, private readonly options: { portlessAllowed?: boolean } = {}) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ForbiddenException('This route has no access rule');
    if ('public' in rule) return true;
    const request = context.switchToHttp().getRequest();
    const header = request.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = await this.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`The token was refused: ${error.message}`);
      if (error instanceof TokenKeysUnavailableError) throw new ServiceUnavailableException('The identity provider\'s keys are unavailable; retry shortly');
      throw error;
    }
    const principal = toPrincipal(claims);
    if (!principal) throw new UnauthorizedException('The token lacks the claims its role needs');
    request.principal = principal;
    if (!rule.roles.includes(principal.role)) throw new ForbiddenException(`This route is not open to the ${principal.role} role`);
    if (PORT_ROLES.includes(principal.role) && principal.port === undefined && !this.options.portlessAllowed) {
      throw new ForbiddenException({ message: `A ${principal.role} token must name its port (the 4-digit customs code, claim "port")`, code: 'port-claim-required' });
    }
    return true;
  }
}

const ROLES: Role[] = ['enterprise', 'officer', 'port-operator', 'port-authority', 'gate', 'auditor', 'issuer', 'bank', 'broker', 'carrier'];
const AGENCIES = ['customs', 'inspection', 'border'] as const;
/** A bank's or insurer's code: 2 to 32 letters, digits or dashes (e.g. ICBC, PICC-GUARANTEE). */
export const BANK_CODE = /^[A-Za-z0-9-]{2,32}$/;

function toPrincipal(claims: TokenClaims): Principal | null {
  if (claims === null || typeof claims !== 'object') return null;
  if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string' || claims.sub.length === 0) return null;
  if ((claims.role === 'enterprise' || claims.role === 'broker') && (typeof claims.uscc !== 'string' || claims.uscc.length !== 18)) return null;
  if (claims.role === 'officer' && !AGENCIES.includes(claims.agency as (typeof AGENCIES)[number])) return null;
  if (claims.role === 'carrier' && (typeof claims.uscc !== 'string' || claims.uscc.length !== 18)) return null;
  if (claims.role === 'issuer' && typeof claims.authority !== 'string') return null;
  if (claims.role === 'bank' && (typeof claims.bank !== 'string' || !BANK_CODE.test(claims.bank))) return null;
  if (PORT_ROLES.includes(claims.role) && claims.port !== undefined && (typeof claims.port !== 'string' || !PORT_CODE.test(claims.port))) return null;
  // Only the claim of its own role is kept: an auditor's token saying `agency` or a gate's
  // saying `uscc` gains nothing from it.
  const principal: Principal = { subject: claims.sub, role: claims.role };
  if (claims.role === 'enterprise' || claims.role === 'broker' || claims.role === 'carrier') principal.uscc = claims.uscc;
  if (claims.role === 'officer') principal.agency = claims.agency;
  if (claims.role === 'issuer') principal.authority = claims.authority;
  if (claims.role === 'bank') principal.bank = claims.bank;
  if (PORT_ROLES.includes(claims.role) && claims.port !== undefined) principal.port = claims.port;
  if (typeof claims.exp === 'number') principal.expiresAt = claims.exp * 1000;
  return principal;
}

/** Emits when the principal's token expires (never for a token without `exp`): a stream opened with it ends then. */
export function tokenExpiry(principal: Principal): Observable<unknown> {
  return principal.expiresAt === undefined ? NEVER : timer(Math.max(0, principal.expiresAt - Date.now()));
}
