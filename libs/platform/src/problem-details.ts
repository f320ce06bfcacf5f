import { ArgumentsHost, BadRequestException, Catch, HttpException, HttpStatus, type ExceptionFilter, type ValidationError } from '@nestjs/common';
import { DomainError, DuplicateEventIdError, EventStoreUnavailableError, NotFoundError, WrongExpectedRevisionError } from '@sw/event-store';
import { hasMessage, preferredLanguage, renderMessage, type Language, type MessageParams } from '@sw/messages';
import type { Logger } from 'pino';

/** One field error of a 400 answer; `code` names the rule it broke (the catalogue's `field.<rule>`). */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: MessageParams;
}

/** RFC 9457 problem details, as API.md describes them. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  413: 'Content Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** Thrown by validation with every offending field listed. */
export class FieldValidationException extends BadRequestException {
  constructor(readonly fieldErrors: FieldError[]) {
    super({ message: 'The request is not valid', errors: fieldErrors });
  }
}

/** class-validator errors → one entry per failed constraint, with a path such as `items[0].hsCode`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    for (const [rule, message] of Object.entries(error.constraints ?? {})) result.push({ field, message, code: fieldCode(rule) });
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

export function problem(status: number, detail?: string, extra: Record<string, unknown> = {}): ProblemDetails {
  return { type: status >= 500 ? 'about:blank' : `https://single-window.dev/problems/${status}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

const fieldCode = (rule: string) => (hasMessage(`field.${rule}`) ? `field.${rule}` : 'field.invalid');

/** The code of a problem that names none more precise: by its status. */
export const STATUS_CODES: Record<number, string> = {
  400: 'invalid-request', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict',
  413: 'body-too-large', 415: 'unsupported-media-type', 422: 'unprocessable', 429: 'rate-limited', 500: 'internal-error', 503: 'unavailable',
};

/** The params of a problem: what its details hold that a sentence can name (values and lists of values). */
function paramsOf(details: Record<string, unknown> | undefined): Record<string, string | number | boolean | (string | number)[]> {
  const params: Record<string, string | number | boolean | (string | number)[]> = {};
  for (const [key, value] of Object.entries(details ?? {})) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) params[key] = value;
  }
  return params;
}

/**
 * Every problem carries a stable `code` and its `params`; in Chinese (Accept-Language zh…) `detail`
 * and the field messages are the catalogue's sentences, in English the server's own words.
 */
export function localizeProblem(body: ProblemDetails, language: Language): ProblemDetails {
  const code = typeof body.code === 'string' && body.code ? body.code : (STATUS_CODES[body.status] ?? (body.status >= 500 ? 'internal-error' : 'conflict'));
  const params = (body.params as MessageParams | undefined) ?? {};
  // A field error keeps the v1 shape { field, message }: in Chinese its rule's code words it, or,
  // for a field a refusal names (a bank's mismatching amount), the refusal's own sentence.
  const fieldMessage = (rule: string | undefined, ruleParams: MessageParams | undefined) =>
    (rule ? { code: rule, params: ruleParams } : body.status === 400 || !hasMessage(code) ? { code: 'field.invalid' } : { code, params });
  const errors = body.errors?.map(({ field, message, code: rule, params: ruleParams }) =>
    ({ field, message: language === 'zh' ? renderMessage(fieldMessage(rule, ruleParams), 'zh', message) : message }));
  if (language === 'en') return { ...body, code, params, ...(errors ? { errors } : {}) };
  return {
    ...body, code, params,
    // A code the catalogue does not know (a framework's own) reads as its status's sentence.
    detail: renderMessage(hasMessage(code) ? { code, params } : { code: STATUS_CODES[body.status] ?? 'internal-error' }, 'zh', body.detail),
    ...(errors ? { errors } : {}),
  };
}

/** Every error leaves the API as problem details; nothing internal (stack, SQL) leaks. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const language = preferredLanguage(host.switchToHttp().getRequest()?.headers?.['accept-language']);
    const body = localizeProblem(this.toProblem(exception), language);
    // A submission shed by admission control is the server protecting itself, not a failure: no error logged per request.
    if (body.status >= 500 && body.code !== 'admission-backlog') this.logger.error({ err: exception }, 'request failed');
    if (body.status === 503 && !reply.getHeader?.('retry-after')) reply.header('retry-after', '5'); // admission control sets its own
    const vary = reply.getHeader?.('vary');
    reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').header('content-language', language === 'zh' ? 'zh-CN' : 'en')
      .header('vary', vary ? `${vary}, Accept-Language` : 'Accept-Language').send(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof FieldValidationException) return problem(400, 'The request is not valid', { errors: exception.fieldErrors });
    if (exception instanceof DomainError) return problem(409, exception.message, { code: exception.code, ...(exception.details ?? {}), params: { ...paramsOf(exception.details), ...exception.params } });
    if (exception instanceof NotFoundError) return problem(404, exception.message, exception.code ? { code: exception.code } : {});
    if (exception instanceof WrongExpectedRevisionError) return problem(409, 'A concurrent change won; read the resource again and retry', { code: 'concurrent-change' });
    if (exception instanceof DuplicateEventIdError) return problem(409, 'This change was already recorded elsewhere', { code: 'duplicate-event' });
    if (exception instanceof EventStoreUnavailableError) return problem(503, 'The event store is unavailable; retry shortly', { code: 'event-store-unavailable' });
    // A body Fastify could not parse: NestJS hands it over as an HttpException whose cause is
    // Fastify's error, so it is recognized here, before the generic HttpException answer.
    const bodyProblem = unparsableBody(exception instanceof HttpException ? (exception.cause ?? exception) : exception);
    if (bodyProblem) return bodyProblem;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse() as string | { message?: string | string[]; errors?: FieldError[]; code?: string };
      const message = typeof response === 'string' ? response : response.message;
      const detail = Array.isArray(message) ? message.join('; ') : message;
      const errors = typeof response === 'object' && response.errors ? response.errors : undefined;
      const code = typeof response === 'object' && typeof response.code === 'string' ? response.code : undefined;
      return problem(status, detail, { ...(errors ? { errors } : {}), ...(code ? { code } : {}) });
    }
    const status = (exception as { statusCode?: number }).statusCode; // Fastify's own errors (body too large)
    if (typeof status === 'number' && status >= 400 && status < 500) return problem(status, (exception as Error).message);
    if (isDatabaseUnavailable(exception)) return problem(503, 'The database is unavailable; retry shortly', { code: 'database-unavailable' });
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged');
  }
}

/** A JSON body that cannot be parsed (malformed, empty, or with a __proto__ / constructor.prototype key) is a 400 on `body`. */
function unparsableBody(error: unknown): ProblemDetails | null {
  const { code, statusCode, name } = (error ?? {}) as { code?: string; statusCode?: number; name?: string };
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem(400, 'The body is empty', { code: 'body-empty', errors: [{ field: 'body', message: 'is empty: a JSON object is expected', code: 'body-empty' }] });
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (name === 'SyntaxError' && statusCode === 400)) {
    // Fastify refuses prototype-poisoning keys with the same error as malformed JSON.
    return problem(400, 'The body is not valid JSON', { code: 'body-not-json', errors: [{ field: 'body', message: 'is not valid JSON, or holds a forbidden __proto__ or constructor.prototype key', code: 'body-not-json' }] });
  }
  return null;
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
  const message = (error as Error)?.message ?? '';
  return (!!code && ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08003', '53300'].includes(code)) || /Connection terminated|connection timeout|timeout exceeded|Query read timeout/i.test(message);
}
