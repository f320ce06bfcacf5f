import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { InvalidTokenError, type TokenClaims } from './jwt';

/** The asymmetric algorithms accepted from an identity provider's JWKS (pinned: nothing else). */
export const JWKS_ALGORITHMS: readonly string[] = ['RS256', 'ES256'];

/**
 * The identity provider's keys could not be had (JWKS unreachable, slow, or not a key set):
 * the token is neither accepted nor blamed. The API answers 503, not 401.
 */
export class TokenKeysUnavailableError extends Error {
  override readonly name = 'TokenKeysUnavailableError';
}

export interface JwksVerifierOptions {
  /** The identity provider's JWKS URL (JWKS_URL). */
  url: string;
  /** The `iss` required (JWT_ISSUER). */
  issuer: string;
  /** The audience required in `aud` (JWT_AUDIENCE). */
  audience: string;
  /** Longest wait for the JWKS (default 5 s). */
  timeoutMs?: number;
  /** Shortest time between two fetches when a token names an unknown `kid` (default 30 s). */
  cooldownMs?: number;
  /** How long fetched keys are kept before they are fetched again (default 10 min). */
  cacheMaxAgeMs?: number;
  /** Clock skew allowed on exp / nbf / iat (default 30 s, as for HS256). */
  leewaySeconds?: number;
}

/** What a token's own fault is (401); any other failure is the key source's (503). */
const TOKEN_FAULTS = new Set([
  errors.JWTClaimValidationFailed.code, errors.JWTExpired.code, errors.JOSEAlgNotAllowed.code, errors.JOSENotSupported.code,
  errors.JWSInvalid.code, errors.JWTInvalid.code, errors.JWKSNoMatchingKey.code, errors.JWKSMultipleMatchingKeys.code,
  errors.JWSSignatureVerificationFailed.code,
]);

/**
 * RS256 / ES256 tokens of an identity provider, verified with `jose` against its JWKS (fetched
 * on first use, cached, fetched again for an unknown `kid` at most once per cooldown). The
 * algorithm list is pinned, so a token naming `none`, HS256 (key confusion) or any other
 * algorithm is refused; issuer, audience and expiry are required and checked. The `jku`,
 * `x5u` and `jwk` headers a token may carry are ignored: keys come from JWKS_URL only.
 */
export function jwksVerifier(options: JwksVerifierOptions): (token: string) => Promise<TokenClaims> {
  const keys = createRemoteJWKSet(new URL(options.url), {
    timeoutDuration: options.timeoutMs ?? 5000,
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
  });
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        algorithms: [...JWKS_ALGORITHMS],
        issuer: options.issuer,
        audience: options.audience,
        clockTolerance: options.leewaySeconds ?? 30,
        requiredClaims: ['exp', 'sub'],
      });
      return payload as unknown as TokenClaims;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (error instanceof errors.JOSEError && code && TOKEN_FAULTS.has(code)) throw new InvalidTokenError(describe(error));
      throw new TokenKeysUnavailableError(`the identity provider's keys are unavailable (${(error as Error)?.message ?? 'unknown error'})`);
    }
  };
}

function describe(error: InstanceType<typeof errors.JOSEError>): string {
  switch (error.code) {
    case errors.JWTExpired.code: return 'token expired';
    case errors.JOSEAlgNotAllowed.code: return 'token algorithm not accepted';
    case errors.JWSSignatureVerificationFailed.code: return 'bad signature';
    case errors.JWKSNoMatchingKey.code: return 'no key of the identity provider matches the token';
    case errors.JWTClaimValidationFailed.code: {
      const claim = (error as InstanceType<typeof errors.JWTClaimValidationFailed>).claim;
      return claim === 'iss' ? 'wrong issuer' : claim === 'aud' ? 'wrong audience' : `claim ${claim} refused`;
    }
    default: return 'malformed token';
  }
}
