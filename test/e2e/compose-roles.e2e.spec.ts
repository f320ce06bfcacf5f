import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createLogger, loadConfig } from '@sw/platform';
import { createTestDatabase, eventStoreUnderTest, jsonClient, testServerUrl, type TestDatabase } from '@sw/test-support';
import { urlAs } from '../../apps/single-window/src/database/least-privilege';
import { createServer, type Server } from '../../apps/single-window/src/server';

/**
 * docker-compose.yml's least privilege, without Docker: the postgres service's init script
 * (deploy/postgres/01-app-role.sh, running app-role.sql) makes the server's role; worker-1 starts
 * with DATABASE_OWNER_URL (the image's superuser) and DATABASE_URL (that role), migrates and
 * grants; the other services start with DATABASE_URL alone. Here on the test cluster, with a role
 * name of its own (sw.app_role) so that the cluster's sw_app is left alone.
 */
const root = path.resolve(__dirname, '../..');
const role = `sw_app_compose_${randomBytes(4).toString('hex')}`;
const password = `pw '${randomBytes(6).toString('hex')}" ;`; // quotes and spaces: the script must quote it

function psqlEnv(url: string): NodeJS.ProcessEnv {
  const parsed = new URL(url);
  return {
    PATH: process.env.PATH, PGHOST: parsed.searchParams.get('host') ?? parsed.hostname, PGPORT: parsed.port || '5432',
    PGPASSWORD: decodeURIComponent(parsed.password), PGOPTIONS: `-c sw.app_role=${role}`,
    POSTGRES_USER: decodeURIComponent(parsed.username), POSTGRES_DB: parsed.pathname.slice(1),
    SW_APP_PASSWORD: password, SW_APP_ROLE_SQL: path.join(root, 'deploy/postgres/app-role.sql'),
  };
}

/** The init script as the postgres image runs it, when psql is there; else its SQL through a client, as it would send it. */
async function runInit(ownerUrl: string): Promise<void> {
  if (existsSync('/usr/bin/psql')) {
    await new Promise<void>((resolve, reject) => execFile('sh', [path.join(root, 'deploy/postgres/01-app-role.sh')], { env: psqlEnv(ownerUrl) },
      (error, _stdout, stderr) => (error ? reject(new Error(`01-app-role.sh: ${stderr}`)) : resolve())));
    return;
  }
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(`select set_config('sw.app_role', $1, false), set_config('sw.app_password', $2, false)`, [role, password]);
    await owner.query(readFileSync(path.join(root, 'deploy/postgres/app-role.sql'), 'utf8'));
  } finally {
    await owner.end();
  }
}

describe('docker-compose.yml: the init script makes the role; worker-1 migrates as the owner; all run as the role', () => {
  let database: TestDatabase;
  let appUrl: string;
  const servers: Server[] = [];
  const start = async (env: Record<string, string>) => {
    const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DEV_MODE: 'on', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sw-compose-')), ...eventStoreUnderTest(), ...env });
    const server = await createServer(config, env.DATABASE_URL, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    appUrl = urlAs(database.url, role, password);
  });
  afterAll(async () => {
    for (const server of servers) await server.close().catch(() => undefined);
    await database?.drop();
    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`).finally(() => admin.end());
  });

  it('makes a login role with no right of its own, and runs again without harm', async () => {
    await runInit(database.url);
    await runInit(database.url);
    const app = new Client({ connectionString: appUrl });
    await app.connect();
    try {
      const { rows: [me] } = await app.query(`select current_user as name, rolsuper, rolcreatedb, rolcreaterole from pg_roles where rolname = current_user`);
      expect(me).toEqual({ name: role, rolsuper: false, rolcreatedb: false, rolcreaterole: false });
      await expect(app.query('create table mine (id int)')).rejects.toMatchObject({ code: '42501' });
    } finally {
      await app.end();
    }
  });

  it('lets worker-1 migrate as the owner, and the others start as the role alone; the role cannot change events', async () => {
    const worker1 = await start({ SW_ROLE: 'all', DATABASE_OWNER_URL: database.url, DATABASE_URL: appUrl });
    const api = await start({ SW_ROLE: 'api', DATABASE_URL: appUrl }); // as api-1, api-2 and worker-2: no owner URL
    for (const server of [worker1, api]) expect((await jsonClient(server.url)('GET', '/health')).status).toBe(200);
    const owner = new Client({ connectionString: database.url });
    const app = new Client({ connectionString: appUrl });
    await owner.connect();
    await app.connect();
    try {
      const { rows } = await owner.query(`select distinct usename from pg_stat_activity where datname = current_database() and application_name = 'single-window'`);
      expect(rows.map((r) => r.usename)).toEqual([role]);
      await app.query('select count(*) from events');
      const denied = { code: '42501' };
      await expect(app.query(`update events set data = '{}'`)).rejects.toMatchObject(denied);
      await expect(app.query('delete from events')).rejects.toMatchObject(denied);
      await expect(app.query('truncate events')).rejects.toMatchObject(denied);
      await expect(app.query('drop trigger if exists events_append_only on events')).rejects.toMatchObject(denied);
    } finally {
      await owner.end();
      await app.end();
    }
  });
});
