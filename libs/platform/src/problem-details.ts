import { ArgumentsHost, BadRequestException, Catch, HttpException, HttpStatus, type ExceptionFilter, type ValidationError } from '@nestjs/common';
import { DomainError, DuplicateEventIdError, EventStoreUnavailableError, NotFoundError, WrongExpectedRevisionError } from '@sw/event-store';
import type { Logger } from 'pino';

/** One field error of a 400 answer. */
export interface FieldError {
  field: string;
  message: string;
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
    for (const message of Object.values(error.constraints ?? {})) result.push({ field, message });
    if (error.children?.length) result.push(...flattenValidationErrors(error.children, field));
  }
  return result;
}

export function problem(status: number, detail?: string, extra: Record<string, unknown> = {}): ProblemDetails {
  return { type: status >= 500 ? 'about:blank' : `https://single-window.dev/problems/${status}`, title: TITLES[status] ?? 'Error', status, detail, ...extra };
}

/** Every error leaves the API as problem details; nothing internal (stack, SQL) leaks. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse();
    const body = this.toProblem(exception);
    // A submission shed by admission control is the server protecting itself, not a failure: no error logged per request.
    if (body.status >= 500 && body.code !== 'admission-backlog') this.logger.error({ err: exception }, 'request failed');
    if (body.status === 503 && !reply.getHeader?.('retry-after')) reply.header('retry-after', '5'); // admission control sets its own
    reply.status(body.status).header('content-type', 'application/problem+json; charset=utf-8').send(body);
  }

  private toProblem(exception: unknown): ProblemDetails {
    if (exception instanceof FieldValidationException) return problem(400, 'The request is not valid', { errors: exception.fieldErrors });
    if (exception instanceof DomainError) return problem(409, exception.message, { code: exception.code, ...(exception.details ?? {}) });
    if (exception instanceof NotFoundError) return problem(404, exception.message, exception.code ? { code: exception.code } : {});
    if (exception instanceof WrongExpectedRevisionError) return problem(409, 'A concurrent change won; read the resource again and retry');
    if (exception instanceof DuplicateEventIdError) return problem(409, 'This change was already recorded elsewhere');
    if (exception instanceof EventStoreUnavailableError) return problem(503, 'The event store is unavailable; retry shortly');
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
    if (isDatabaseUnavailable(exception)) return problem(503, 'The database is unavailable; retry shortly');
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged');
  }
}

/** A JSON body that cannot be parsed (malformed, empty, or with a __proto__ / constructor.prototype key) is a 400 on `body`. */
function unparsableBody(error: unknown): ProblemDetails | null {
  const { code, statusCode, name } = (error ?? {}) as { code?: string; statusCode?: number; name?: string };
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem(400, 'The body is empty', { errors: [{ field: 'body', message: 'is empty: a JSON object is expected' }] });
  }
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (name === 'SyntaxError' && statusCode === 400)) {
    // Fastify refuses prototype-poisoning keys with the same error as malformed JSON.
    return problem(400, 'The body is not valid JSON', { errors: [{ field: 'body', message: 'is not valid JSON, or holds a forbidden __proto__ or constructor.prototype key' }] });
  }
  return null;
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
  const message = (error as Error)?.message ?? '';
  return (!!code && ['ECONNREFUSED', 'ECONNRESET', '57P01', '57P03', '08006', '08003', '53300'].includes(code)) || /Connection terminated|connection timeout|timeout exceeded|Query read timeout/i.test(message);
}
