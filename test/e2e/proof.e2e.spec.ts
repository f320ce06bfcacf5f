import { itemsDigest } from '@sw/audit';
import { merkleRootOf } from '@sw/event-store';
import { Actors, ENTERPRISES, eventually, roadExport, seaImport, startTestServer, withServer } from '@sw/test-support';
import { compactVerify, createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

/** What a gate, a bank or an auditor does offline with the published keys: check a compact JWS. */
async function verifyOffline(jws: string, jwks: JSONWebKeySet): Promise<Record<string, unknown>> {
  const { payload, protectedHeader } = await compactVerify(jws, createLocalJWKSet(jwks));
  expect(protectedHeader.alg).toBe('EdDSA');
  return JSON.parse(new TextDecoder().decode(payload));
}

/** The event hashes up to a checkpoint's position, in commit order, read as the owner. */
async function hashesUpTo(url: string, position: string): Promise<string[]> {
  const [tx, gp] = position.split('/');
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(`select metadata->>'hash' as hash from events where (transaction_id, global_position) <= ($1::xid8, $2::bigint) order by transaction_id, global_position`, [tx, gp]);
    return rows.map((r) => r.hash);
  } finally {
    await db.end();
  }
}

describe('proof beyond the database', () => {
  const world = withServer({ RISK_RANDOM_SELECTION: 'off', CHECKPOINT_INTERVAL: '1' });
  let id: string;
  let jwks: JSONWebKeySet;

  beforeAll(async () => {
    const exporter = world.actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    id = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
    const published = await world.sw.request('GET', '/.well-known/jwks.json');
    expect(published.status).toBe(200);
    jwks = published.body;
  });

  it('publishes the Ed25519 public keys as a JWK Set, to anyone', async () => {
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: expect.any(String), x: expect.any(String) })]);
    expect(JSON.stringify(jwks)).not.toMatch(/"d"/); // never the private part
  });

  it('signs checkpoints { position, events, root, at } with the Merkle root over every event hash up to the position', async () => {
    const auditor = world.actors.auditor();
    const checkpoint = await eventually(async () => {
      const { status, body } = await auditor.get('/v1/audit/checkpoints/latest');
      expect(status).toBe(200);
      expect(body.events).toBeGreaterThan(3);
      return body;
    });
    const signed = await verifyOffline(checkpoint.jws, jwks);
    expect(signed).toEqual({ position: checkpoint.position, events: checkpoint.events, root: checkpoint.root, at: checkpoint.at });
    expect(decodeProtectedHeader(checkpoint.jws).kid).toBe(checkpoint.kid);
    const hashes = await hashesUpTo(world.sw.database.url, checkpoint.position);
    expect(hashes).toHaveLength(checkpoint.events);
    expect(checkpoint.root).toBe(merkleRootOf(hashes));

    // More events: a later checkpoint covers them too, continuing the same tree.
    const importer = world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    expect((await importer.post('/v1/declarations', seaImport())).status).toBe(202);
    const later = await eventually(async () => {
      const { body } = await auditor.get('/v1/audit/checkpoints/latest');
      expect(body.events).toBeGreaterThan(checkpoint.events);
      return body;
    });
    expect(later.root).toBe(merkleRootOf(await hashesUpTo(world.sw.database.url, later.position)));
    const list = await auditor.get('/v1/audit/checkpoints?pageSize=2');
    expect(list.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(list.body.items[0].events).toBeGreaterThanOrEqual(later.events);
    expect((await auditor.get('/v1/audit/checkpoints?pageSize=0')).body.errors).toEqual([{ field: 'pageSize', message: expect.any(String) }]);
    expect((await world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc).get('/v1/audit/checkpoints')).status).toBe(403);
  });

  it('proves a release with a compact JWS that a gate or bank checks offline', async () => {
    const exporter = world.actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const view = (await exporter.get(`/v1/declarations/${id}`)).body;
    const { status, body } = await exporter.get(`/v1/declarations/${id}/release-proof`);
    expect(status).toBe(200);
    const submitted = (await world.store.readStream(`declaration-${id}`))[0].data as { declaration: { items: unknown[]; transport: { conveyance: string } } };
    const expected = { declarationId: id, number: view.number ?? null, releasedAt: view.releasedAt, conveyance: submitted.declaration.transport.conveyance, itemsDigest: itemsDigest(submitted.declaration.items), portOfEntry: '5301' };
    expect(body.payload).toEqual(expected);
    expect(await verifyOffline(body.jws, jwks)).toEqual(expected);
    // As application/jose: the compact JWS itself, what the gate console puts in its QR code.
    const raw = await fetch(`${world.sw.url}/v1/declarations/${id}/release-proof`, { headers: { authorization: `Bearer ${await world.actors.token({ role: 'gate', port: '5301' })}`, accept: 'application/jose' } });
    expect(raw.headers.get('content-type')).toMatch(/^application\/jose/);
    const jws = await raw.text();
    expect(jws).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await verifyOffline(jws, jwks)).toEqual(expected);
    // A changed proof does not verify.
    const [header, payload, signature] = body.jws.split('.');
    const forged = Buffer.from(JSON.stringify({ ...expected, conveyance: '粤B00000' })).toString('base64url');
    await expect(verifyOffline(`${header}.${forged}.${signature}`, jwks)).rejects.toThrow();
    expect(payload).not.toBe(forged);
    // A bank checks it too; another enterprise learns nothing; a gate elsewhere is refused.
    expect((await world.actors.bank().get(`/v1/declarations/${id}/release-proof`)).status).toBe(200);
    expect((await world.actors.enterprise(ENTERPRISES.qingdaoFood.uscc).get(`/v1/declarations/${id}/release-proof`)).status).toBe(404);
    expect((await world.actors.gate('2200').get(`/v1/declarations/${id}/release-proof`)).body).toMatchObject({ status: 403, code: 'port-not-yours' });
  });

  it('has nothing to prove before release: 409 not-released', async () => {
    const importer = world.actors.enterprise(ENTERPRISES.shanghaiTrading.uscc);
    const pending = (await importer.post('/v1/declarations', seaImport({ mode: 'advance' }))).body.id;
    const { status, body } = await importer.get(`/v1/declarations/${pending}/release-proof`);
    expect({ status, body }).toMatchObject({ status: 409 });
    expect(body).toMatchObject({ code: 'not-released', detail: expect.stringContaining('not released') });
  });
});

describe('signing key rotation', () => {
  const keyFile = (dir: string, name: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
    return file;
  };

  it('keeps every key ever used published, so what the old key signed still verifies', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sw-keys-'));
    const env = { RISK_RANDOM_SELECTION: 'off', CHECKPOINT_INTERVAL: '1' };
    const first = await startTestServer({ ...env, SIGNING_KEY_FILE: keyFile(dir, 'a.pem') });
    const actors = new Actors(first);
    const exporter = actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    const id = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
    const old = await eventually(async () => {
      const { status, body } = await actors.auditor().get('/v1/audit/checkpoints/latest');
      expect(status).toBe(200);
      return body;
    });
    const oldProof = (await exporter.get(`/v1/declarations/${id}/release-proof`)).body;
    await first.close({ keepDatabase: true });

    const second = await startTestServer({ ...env, SIGNING_KEY_FILE: keyFile(dir, 'b.pem') }, first.database);
    try {
      const again = new Actors(second);
      const jwks = (await second.request('GET', '/.well-known/jwks.json')).body;
      expect(jwks.keys).toHaveLength(2);
      expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(old.kid);
      expect(await verifyOffline(old.jws, jwks)).toMatchObject({ root: old.root });
      expect(await verifyOffline(oldProof.jws, jwks)).toMatchObject({ declarationId: id });
      const fresh = (await again.enterprise(ENTERPRISES.shenzhenElectronics.uscc).get(`/v1/declarations/${id}/release-proof`)).body;
      expect(fresh.kid).not.toBe(old.kid);
      expect(fresh.kid).toBe(jwks.keys[0].kid); // the newest key is listed first
      expect(await verifyOffline(fresh.jws, jwks)).toEqual(oldProof.payload);
    } finally {
      await second.close();
    }
  });
});
