import { createLogger, loadConfig } from '@sw/platform';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROLE, ensureLoginRole, urlAs } from '../../apps/single-window/src/database/least-privilege';
import { createServer, type Server } from '../../apps/single-window/src/server';
import { createTestDatabase, type TestDatabase } from './database';
import { eventStoreUnderTest } from './event-store-under-test';

/** fetch relative to a server, JSON in and out. */
export type JsonRequest = (method: string, route: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;

export interface TestServer {
  url: string;
  server: Server;
  database: TestDatabase;
  request: JsonRequest;
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** The real server (HTTP on a free port) on a fresh database of its own. */
export async function startTestServer(env: Record<string, string> = {}, existing?: TestDatabase): Promise<TestServer> {
  const database = existing ?? (await createTestDatabase());
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', DEV_MODE: 'on', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'sw-e2e-')), ...eventStoreUnderTest(), ...env });
  // As `npm start` runs: the owner (the test cluster's superuser) migrates, the server runs as the
  // least-privileged role (apps/single-window/src/database/least-privilege.ts).
  const appUrl = await appRoleUrl(database.url);
  const server = await createServer(config, appUrl, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), { ownerUrl: database.url });
  return {
    url: server.url,
    server,
    database,
    request: jsonClient(server.url),
    async close({ keepDatabase = false } = {}) {
      await server.close();
      if (!keepDatabase) await database.drop();
    },
  };
}

/** The test database's URL as the server's least-privileged role (made once per test cluster). */
export async function appRoleUrl(ownerUrl: string): Promise<string> {
  await ensureLoginRole(ownerUrl, APP_ROLE, APP_ROLE_PASSWORD);
  return urlAs(ownerUrl, APP_ROLE, APP_ROLE_PASSWORD);
}
const APP_ROLE_PASSWORD = 'sw_app_test';

/** Requests to the server at `baseUrl`: a JSON body in (a string is sent as it is), JSON parsed out when it is JSON. */
export function jsonClient(baseUrl: string): JsonRequest {
  return async (method, route, body, headers = {}) => {
    const response = await fetch(baseUrl + route, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}
