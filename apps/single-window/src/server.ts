import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  FieldValidationException, PinoNestLogger, ProblemDetailsFilter, flattenValidationErrors, localizeProblem, problem, requestContext, tokenVerifierFor, type AppConfig,
  type TokenVerifier,
} from '@sw/platform';
import { preferredLanguage } from '@sw/messages';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { CONSOLE_CSP, isConsoleRoute, serveConsole } from './console';
import { openRuntime } from './runtime';
import { SubscriptionHost } from './subscription-host';
import { registerXmlBodies, rewriteXmlRoutes } from './xml-messages';

/** Request bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface Server {
  app: NestFastifyApplication;
  url: string;
  subscriptions: SubscriptionHost;
  close(): Promise<void>;
}

/**
 * Builds the whole server on a database: migrations, event store, Nest app, listening.
 * main.ts adds the embedded PostgreSQL and signals; end-to-end tests call this directly.
 */
export async function createServer(config: AppConfig, databaseUrl: string, logger: Logger, options: { ownerUrl?: string } = {}): Promise<Server> {
  const runtime = await openRuntime(config, databaseUrl, logger, { ownerUrl: options.ownerUrl ?? config.databaseOwnerUrl });
  const { dataSource, store, clock, metrics } = runtime;
  try {

    const adapter = new FastifyAdapter({
      bodyLimit: BODY_LIMIT_BYTES,
      // The client's 报关单报文 (XML) on the declarations' paths: xml-messages.ts.
      rewriteUrl: rewriteXmlRoutes,
      genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
        const given = req.headers['x-request-id'];
        return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
      },
      logger: false,
      // Behind nginx (deploy/nginx.conf) the TCP peer is the proxy: request.ip, the rate limiter's
      // key for callers without a valid token, is the client only if X-Forwarded-For is believed
      // (TRUST_PROXY). Fastify trusts no hop given a bare count, so a count becomes its function.
      trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
      // Strict JSON: a body holding a __proto__ key or constructor.prototype is refused (400), not cleaned.
      onProtoPoisoning: 'error',
      onConstructorPoisoning: 'error',
      // What Fastify and Node answer themselves (a malformed URL, a request line or headers Node
      // cannot parse, headers too large) is problem details too.
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
        const body = localizeProblem(problem(status, error.message, { code: error.code }), preferredLanguage(request.headers['accept-language']));
        void reply.status(status).header('content-type', PROBLEM_JSON).header('cache-control', 'no-store').send(body);
      },
      clientErrorHandler: answerClientError,
    });
    const fastify = adapter.getInstance();
    fastify.addHook('onRequest', (request, _reply, done) => {
      requestContext.run({ requestId: String(request.id) }, done);
    });
    if (config.role === 'worker') {
      // A worker runs subscriptions and deadlines; over HTTP it answers only what operators probe.
      fastify.addHook('onRequest', (request, reply, done) => {
        const path = request.url.split('?')[0];
        if (path === '/health' || path === '/metrics') return done();
        reply.status(404).header('content-type', 'application/problem+json; charset=utf-8')
          .send({ type: 'https://single-window.dev/problems/404', title: 'Not Found', status: 404, detail: 'This instance runs as a worker (SW_ROLE=worker): it serves /health and /metrics only' });
      });
    }
    // Answers are for the caller alone: no browser or proxy keeps them (public pages set their own).
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      done(null, payload);
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      metrics.httpDuration.observe({ method: request.method, route: request.routeOptions?.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
      logger.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
      done();
    });

    const secret = jwtSecret(config);
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ config, logger, dataSource, store, clock, jwtSecret: secret, databaseUrl, metrics }),
      adapter,
      // bodyParser off: Fastify's own JSON parser (with the poisoning options above) is the only
      // body parser; Nest would add a form (urlencoded) parser next to it.
      { logger: new PinoNestLogger(logger), abortOnError: false, bodyParser: false }, // a wiring error is thrown (and reported), not process.exit
    );
    await registerHttpHardening(app, config, tokenVerifierFor(config, secret));
    app.useGlobalPipes(new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // A body with thousands of unknown keys gets the first 100 errors, not a 100,000-line answer.
      exceptionFactory: (errors) => new FieldValidationException(flattenValidationErrors(errors).slice(0, 100)),
    }));
    app.useGlobalFilters(new ProblemDetailsFilter(logger));
    const document = SwaggerModule.createDocument(app, new DocumentBuilder()
      .setTitle('Single Window')
      .setDescription('Event-sourced single-window declaration engine: one declaration, one examination, one release.')
      .setVersion('1')
      .addBearerAuth()
      .build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
    await serveConsole(app);

    await app.listen(config.port, config.host);
    const address = fastify.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;

    return {
      app,
      url: `http://${host}:${port}`,
      subscriptions: app.get(SubscriptionHost),
      async close() {
        await app.close(); // stops accepting, finishes in-flight requests, stops subscriptions after their batch
        await runtime.close();
      },
    };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

/**
 * Node's HTTP parser refuses a request before Fastify sees it (431 headers too large, 400 a
 * malformed request line or header): answered as problem details on the socket, then closed.
 */
function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const detail = status === 431 ? 'The request headers are too large' : status === 408 ? 'The request took too long to arrive' : 'The request could not be parsed as HTTP';
  const body = JSON.stringify(localizeProblem(problem(status, detail, { code: status === 431 ? 'headers-too-large' : status === 408 ? 'request-timeout' : 'malformed-request' }), 'en'));
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: ${PROBLEM_JSON}\r\ncache-control: no-store\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
}

/** proxy-addr's trust function for "the nearest `hops` peers are proxies". */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/** Swagger UI (/docs) is a page: its own scripts, inline styles, data: images, calls to this origin. */
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"], objectSrc: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"], frameAncestors: ["'none'"],
  },
};
/** Everything else is JSON: nothing to load, run, embed or frame. */
const API_CSP = { useDefaults: false, directives: { defaultSrc: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], frameAncestors: ["'none'"] } };
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * HTTP hardening, registered before any route (Swagger's included) so that each gets it:
 *  - security headers (@fastify/helmet) on every answer, errors and 404s included; the API's
 *    CSP allows nothing, the Swagger UI's (/docs) and the console's (/console/) their own scripts and styles;
 *  - rate limiting (@fastify/rate-limit, RATE_LIMIT_PER_MINUTE a minute, 0 = off): per token
 *    subject when the request carries a valid token, else per client address; 429 as problem
 *    details with Retry-After. /health and /metrics (probes) are not limited;
 *  - strict JSON: a body must be application/json (anything else is 415), hold no __proto__ or
 *    constructor.prototype key and nest at most MAX_JSON_DEPTH levels (400 on `body` otherwise).
 */
async function registerHttpHardening(app: NestFastifyApplication, config: AppConfig, verify: TokenVerifier): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  await app.register(helmet, { contentSecurityPolicy: API_CSP });
  fastify.addHook('onRoute', (route) => {
    if (route.url === '/docs' || route.url.startsWith('/docs/') || route.url.startsWith('/docs-')) {
      route.config = Object.assign(route.config ?? {}, { helmet: { contentSecurityPolicy: DOCS_CSP } });
    } else if (isConsoleRoute(route.url)) {
      route.config = Object.assign(route.config ?? {}, { helmet: { contentSecurityPolicy: CONSOLE_CSP } });
    }
  });
  if (config.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      hook: 'onRequest',
      max: config.rateLimitPerMinute,
      timeWindow: 60_000,
      cache: 50_000,
      allowList: (request) => request.method === 'GET' && ['/health', '/metrics'].includes(request.url.split('?')[0]),
      keyGenerator: async (request) => {
        // Only a token that verifies names a subject: made-up tokens share their address's budget.
        const token = BEARER.exec(String(request.headers.authorization ?? ''))?.[1];
        if (token) {
          try {
            const claims = await verify(token);
            return `subject:${claims.iss ?? ''}:${claims.sub}`;
          } catch {
            /* counted against the address */
          }
        }
        return `address:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) =>
        new HttpException(`Too many requests: at most ${context.max} a minute; retry in ${context.after}`, HttpStatus.TOO_MANY_REQUESTS),
    });
  }
  // JSON only (Fastify would parse text/plain too: 415 now), and of a sane shape. class-transformer
  // and class-validator recurse through a body, so 200,000 nested arrays (400 KB) overflowed the
  // stack (a 500), and their work grows with the square of the keys (80,000 keys: 9 s of blocked
  // event loop). A body deeper than MAX_JSON_DEPTH or with more than MAX_JSON_VALUES keys and values is a
  // 400 on `body`, found by one scan of the text before anything parses it.
  const json = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['text/plain', 'application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw as string;
    const shape = jsonShape(body);
    if (shape.depth > MAX_JSON_DEPTH || shape.values > MAX_JSON_VALUES) {
      const message = shape.depth > MAX_JSON_DEPTH ? `nests deeper than ${MAX_JSON_DEPTH} levels of objects and arrays` : `holds more than ${MAX_JSON_VALUES} keys and values`;
      done(new FieldValidationException([{ field: 'body', message }]), undefined);
      return;
    }
    json(request, body, done);
  });
  registerXmlBodies(fastify);
}

/** Limits of a JSON body's shape (a declaration of 50 items nests 4 levels and holds about 1,000 keys and values). */
export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_VALUES = 10_000;

/**
 * How deep a JSON text's objects and arrays nest, and about how many keys and values it holds
 * (its `:` and `,`); those inside strings do not count. Stops early past the limits.
 */
function jsonShape(text: string): { depth: number; values: number } {
  let depth = 0;
  let deepest = 0;
  let separators = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x2c || c === 0x3a) {
      if (++separators > MAX_JSON_VALUES) break;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > deepest) deepest = depth;
      if (deepest > MAX_JSON_DEPTH) break;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return { depth: deepest, values: separators };
}

/** JWT_SECRET, or in DEV_MODE a random one kept in DATA_DIR so dev tokens survive restarts. */
function jwtSecret(config: AppConfig): string {
  if (config.jwtSecret) return config.jwtSecret;
  if (!config.devMode && config.jwksUrl) return ''; // identity-provider tokens only: HS256 is refused
  if (!config.devMode) throw new Error('JWT_SECRET or JWKS_URL is required outside DEV_MODE');
  const file = path.join(config.dataDir, 'dev-jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
