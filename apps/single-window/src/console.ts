import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where the consoles are served: the officers', auditors' and enterprises' pages (one page, hash routes). */
export const CONSOLE_PREFIX = '/console/';

/**
 * The console's CSP: its own script and style sheet, calls to this origin (the API), nothing
 * inline, nothing framed. Element styles set from script (CSSOM) are not inline styles.
 */
export const CONSOLE_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], fontSrc: ["'self'"],
    connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"],
  },
};

export function isConsoleRoute(url: string): boolean {
  return url === '/' || url === '/console' || url.startsWith(CONSOLE_PREFIX);
}

/**
 * The bundle built by scripts/build.mjs: beside this file in dist/, or dist/ of the project when
 * the server runs from source (Jest). Null when the console was not built.
 */
export function consoleRoot(): string | null {
  const candidates = [path.resolve(__dirname, '../console'), path.resolve(__dirname, '../../../dist/apps/single-window/console')];
  return candidates.find((dir) => existsSync(path.join(dir, 'app.js'))) ?? null;
}

/** Serves the console's static files under /console/; `/` and `/console` lead there. */
export async function serveConsole(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const root = consoleRoot();
  fastify.get('/', (_request, reply) => reply.redirect(CONSOLE_PREFIX));
  fastify.get('/console', (_request, reply) => reply.redirect(CONSOLE_PREFIX));
  if (!root) {
    fastify.get(`${CONSOLE_PREFIX}*`, (_request, reply) => {
      reply.status(404).header('content-type', 'application/problem+json; charset=utf-8')
        .send({ type: 'https://single-window.dev/problems/404', title: 'Not Found', status: 404, detail: 'The console is not built: run `npm run build`' });
    });
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: CONSOLE_PREFIX,
    index: ['index.html'],
    // The page names its bundle without a version: revalidate rather than cache for a day.
    cacheControl: true,
    maxAge: 0,
    wildcard: false,
  });
}
