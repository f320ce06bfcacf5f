import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

/*
 * Least privilege (API.md, "Proof beyond the database"): the migrations run as the owner of the
 * tables; the server runs as a role that may read and insert events but never update, delete or
 * truncate them. Triggers (EventsAppendOnly) stop the same for any role that is not the owner, but
 * the owner can drop a trigger: a role without ownership cannot.
 */

/** The role the embedded start and the test servers run as. */
export const APP_ROLE = 'sw_app';

/**
 * Tables whose rows are facts: the server's role may read and insert them, nothing more.
 * `migrations` is the migration runner's own: readable, so that a start finds nothing pending.
 */
export const APPEND_ONLY_TABLES = ['events', 'audit_checkpoints', 'audit_signing_keys'];
const READ_ONLY_TABLES = ['migrations'];

/** The role named in a connection URL. */
export function roleOf(url: string): string {
  return decodeURIComponent(new URL(url).username || process.env.PGUSER || 'postgres');
}

/** The URL with another user and password (same host, port, database and parameters). */
export function urlAs(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * Creates (or updates the password of) a login role without any right of its own, as a role
 * allowed to create roles (the embedded superuser). Several processes may race: the loser of a
 * concurrent create finds the role there.
 */
export async function ensureLoginRole(ownerUrl: string, role: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const { rows } = await client.query('select 1 from pg_roles where rolname = $1', [role]);
        const literal = `'${password.replace(/'/g, "''")}'`;
        if (rows.length === 0) await client.query(`create role ${ident(role)} login nosuperuser nocreatedb nocreaterole noinherit password ${literal}`);
        else await client.query(`alter role ${ident(role)} login nosuperuser nocreatedb nocreaterole password ${literal}`);
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        // duplicate_object / unique_violation / tuple concurrently updated: another process made it meanwhile
        if (attempt < 5 && (code === '42710' || code === '23505' || code === 'XX000')) continue;
        throw error;
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Gives `role` what the server needs on the migrated schema, as the owner: read and write the
 * read models and the stream records, read and insert the append-only tables, read the
 * migrations. Run after every migration, so that tables added later are covered. Idempotent.
 */
export async function grantAppRole(ownerUrl: string, role: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ current_user: string; db: string }>('select current_user, current_database() as db');
    if (rows[0].current_user === role) return; // one role for both: nothing to separate
    const r = ident(role);
    await client.query(`grant connect on database ${ident(rows[0].db)} to ${r}`);
    await client.query(`grant usage on schema public to ${r}`);
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${r}`);
    await client.query(`grant usage, select on all sequences in schema public to ${r}`);
    const { rows: tables } = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = any($1)`,
      [[...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]],
    );
    for (const { name } of tables) {
      await client.query(`revoke update, delete, truncate, references, trigger on ${ident(name)} from ${r}`);
      if (READ_ONLY_TABLES.includes(name)) await client.query(`revoke insert on ${ident(name)} from ${r}`);
    }
    // Whatever PUBLIC may do on them, the role must not either (PUBLIC has no table rights by default; this keeps it so).
    for (const { name } of tables) await client.query(`revoke update, delete, truncate on ${ident(name)} from public`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The embedded start: the superuser owns the tables and migrates; the server connects as
 * APP_ROLE with a password kept in DATA_DIR (made once, readable by this user only).
 */
export async function embeddedAppUrl(superuserUrl: string, dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'db-app-password');
  let password = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!password) {
    password = randomBytes(24).toString('hex');
    writeFileSync(file, password, { mode: 0o600 });
  }
  await ensureLoginRole(superuserUrl, APP_ROLE, password);
  return urlAs(superuserUrl, APP_ROLE, password);
}
