import { HttpException } from '@nestjs/common';
import { DEC_MESSAGE_ROUTE } from '@sw/declaration';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

/**
 * The client's 报关单报文 on the declarations' own paths (API.md "The real client's message"):
 *  - POST /v1/declarations with an XML body is the DecMessage route (its own controller);
 *  - GET /v1/declarations/{id} asking for XML (Accept: application/xml) is the declaration as its DecMessage.
 * Fastify routes by the rewritten URL; the JSON routes stay as they are.
 */
export function rewriteXmlRoutes(request: IncomingMessage): string {
  const url = request.url ?? '/';
  const [path, query] = splitQuery(url);
  if (request.method === 'POST' && path === '/v1/declarations' && isXml(request.headers['content-type'])) return `${DEC_MESSAGE_ROUTE}${query}`;
  const one = /^\/v1\/declarations\/([^/]+)$/.exec(path);
  if (request.method === 'GET' && one && one[1] !== 'messages' && wantsXml(request.headers.accept)) return `/v1/declarations/${one[1]}/message${query}`;
  return url;
}

const splitQuery = (url: string): [string, string] => {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
};

const isXml = (contentType: string | undefined) => /^\s*(application|text)\/xml\s*(;|$)/i.test(contentType ?? '');

/** The caller asks for XML before JSON (Accept: application/xml, or text/xml). */
export function wantsXml(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { type: type.trim(), q: Number.isFinite(q) ? q : 0 };
  });
  const best = (match: (t: string) => boolean) => Math.max(0, ...types.filter((t) => match(t.type)).map((t) => t.q));
  const xml = best((t) => t === 'application/xml' || t === 'text/xml');
  return xml > 0 && xml >= best((t) => t === 'application/json' || t === 'application/problem+json');
}

/** XML bodies, as bytes (the message route decodes and checks them), for the message route only: elsewhere XML is 415 as before. */
export function registerXmlBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.url !== DEC_MESSAGE_ROUTE) {
      done(new HttpException(`Content-Type ${request.headers['content-type']} is not accepted here: send application/json`, 415), undefined);
      return;
    }
    done(null, body);
  });
}
