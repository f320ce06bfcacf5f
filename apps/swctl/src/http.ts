import { CliError } from './args';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A problem-details answer (API.md, Conventions) in one line. */
export function problemText(response: ApiResponse): string {
  const raw: unknown = response.body;
  if (!raw || typeof raw !== 'object') return `HTTP ${response.status}${typeof raw === 'string' && raw ? `: ${raw.slice(0, 200)}` : ''}`;
  const body = raw as { title?: string; detail?: string; code?: string; errors?: { field: string; message: string }[] };
  const errors = body.errors?.length ? `: ${body.errors.slice(0, 5).map((e) => `${e.field}: ${e.message}`).join('; ')}${body.errors.length > 5 ? ` (+${body.errors.length - 5} more)` : ''}` : '';
  return `${response.status} ${body.title ?? ''}${body.code ? ` (${body.code})` : ''}${body.detail ? ` — ${body.detail}` : ''}${errors}`.trim();
}

/** An answer we did not expect, with its problem details. */
export class ApiError extends CliError {
  constructor(readonly method: string, readonly route: string, readonly response: ApiResponse) {
    super(`${method} ${route}: ${problemText(response)}`);
  }
}

const RETRIED = new Set([429, 502, 503, 504]);
/** How long a request keeps retrying 429 and 503 answers. */
const RETRY_BUDGET_MS = 60_000;

/** JSON over HTTP to a Single Window server: retries 429 and 502-504 for a minute (honouring Retry-After), no other answer. */
export class ApiClient {
  readonly baseUrl: string;
  constructor(baseUrl: string, private readonly timeoutMs = 15_000) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async request<T = any>(method: string, route: string, { body, token, headers = {} }: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const giveUpAt = Date.now() + RETRY_BUDGET_MS;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.baseUrl + route, {
          method,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        throw this.unreachable(error);
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      if (RETRIED.has(response.status) && Date.now() < giveUpAt) {
        // Rate limited or briefly unavailable: wait as told (Retry-After), else back off.
        const after = Number(response.headers.get('retry-after'));
        const wait = Number.isFinite(after) && after > 0 ? after * 1000 : Math.min(5000, 100 * 2 ** attempt);
        await sleep(Math.min(wait, Math.max(0, giveUpAt - Date.now())) + Math.random() * 100);
        continue;
      }
      return { status: response.status, body: parsed as T, headers: response.headers };
    }
  }

  private unreachable(error: unknown): CliError {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') return new CliError(`the server at ${this.baseUrl} did not answer within ${this.timeoutMs / 1000} s`);
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return new CliError(`cannot reach the server at ${this.baseUrl} (${reason}): is it running? Start it with \`npm start\`, or pass --url`);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
