import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InvalidTokenError, verifyHs256, type TokenClaims } from './jwt';

export type Role = TokenClaims['role'];

/** Who made the request, from a verified token. */
export interface Principal {
  subject: string;
  role: Role;
  uscc?: string;
  agency?: 'customs' | 'inspection' | 'border';
  authority?: string;
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
export type TokenVerifier = (token: string) => TokenClaims;
export const hs256Verifier = (secret: string): TokenVerifier => (token) => verifyHs256(token, secret);

/**
 * Every route declares who may call it (@Public or @Roles); a route without a rule is refused
 * (fail closed). Tokens are read from the Authorization header only, never from the URL.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly verify: TokenVerifier) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [context.getHandler(), context.getClass()]);
    if (!rule) throw new ForbiddenException('This route has no access rule');
    if ('public' in rule) return true;
    const request = context.switchToHttp().getRequest();
    const header = request.headers?.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer token is required');
    let claims: TokenClaims;
    try {
      claims = this.verify(match[1]);
    } catch (error) {
      if (error instanceof InvalidTokenError) throw new UnauthorizedException(`The token was refused: ${error.message}`);
      throw error;
    }
    const principal = toPrincipal(claims);
    if (!principal) throw new UnauthorizedException('The token lacks the claims its role needs');
    request.principal = principal;
    if (!rule.roles.includes(principal.role)) throw new ForbiddenException(`This route is not open to the ${principal.role} role`);
    return true;
  }
}

const ROLES: Role[] = ['enterprise', 'officer', 'port-operator', 'gate', 'auditor', 'issuer'];
const AGENCIES = ['customs', 'inspection', 'border'] as const;

function toPrincipal(claims: TokenClaims): Principal | null {
  if (!ROLES.includes(claims.role) || typeof claims.sub !== 'string') return null;
  if (claims.role === 'enterprise' && (typeof claims.uscc !== 'string' || claims.uscc.length !== 18)) return null;
  if (claims.role === 'officer' && !AGENCIES.includes(claims.agency as (typeof AGENCIES)[number])) return null;
  if (claims.role === 'issuer' && typeof claims.authority !== 'string') return null;
  return { subject: claims.sub, role: claims.role, uscc: claims.uscc, agency: claims.agency, authority: claims.authority };
}
