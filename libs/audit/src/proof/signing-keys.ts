import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@sw/platform';
import { CompactSign } from 'jose';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ProofTables } from './proof.tables';

/** An Ed25519 public key as a JSON Web Key (RFC 8037), as /.well-known/jwks.json lists it. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: PublicJwk;
}

/** The key id: the RFC 7638 thumbprint of the public key (base64url SHA-256 of its required members). */
export function keyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key must be an Ed25519 key, not ${privateKey.asymmetricKeyType}`);
  const { x } = createPublicKey(privateKey).export({ format: 'jwk' }) as { x: string };
  const kid = createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
  return { kid, privateKey, publicJwk: { kty: 'OKP', crv: 'Ed25519', x, kid, alg: 'EdDSA', use: 'sig' } };
}

/** A new Ed25519 private key, PKCS#8 PEM (what SIGNING_KEY_FILE holds). */
export function newSigningKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}

/** A compact JWS (EdDSA) over the payload's JSON. */
export async function signCompact(key: SigningKey, payload: object, type: string): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: type })
    .sign(key.privateKey);
}

/**
 * The server's signing key, loaded on first use (a tool that never signs never reads or makes one):
 * SIGNING_KEY_FILE, or DATA_DIR/signing-key.pem, made on first use. Its public key is recorded
 * in audit_signing_keys when first used, and stays published after a rotation (a new
 * SIGNING_KEY_FILE), so checkpoints and proofs signed before it still verify.
 */
@Injectable()
export class SigningKeys {
  private key: Promise<SigningKey> | null = null;
  private readonly logger = new Logger('SigningKeys');

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig, private readonly tables: ProofTables) {}

  current(): Promise<SigningKey> {
    this.key ??= this.load().catch((error) => {
      this.key = null;
      throw error;
    });
    return this.key;
  }

  /** Every key ever used, newest first: the current one and those rotated out. */
  async published(): Promise<PublicJwk[]> {
    await this.current();
    return this.tables.publishedKeys();
  }

  private async load(): Promise<SigningKey> {
    const file = this.config.signingKeyFile ?? path.join(this.config.dataDir, 'signing-key.pem');
    if (!existsSync(file)) {
      if (this.config.signingKeyFile) throw new Error(`SIGNING_KEY_FILE ${file} does not exist`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, newSigningKeyPem(), { mode: 0o600, flag: 'wx' });
      this.logger.log(`made a new Ed25519 signing key in ${file}${this.config.devMode ? '' : ': set SIGNING_KEY_FILE to a key you keep safe'}`);
    }
    const key = keyFromPem(readFileSync(file, 'utf8'));
    await this.tables.publishKey(key.publicJwk);
    return key;
  }
}
