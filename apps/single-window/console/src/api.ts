import { t, type Key } from './i18n';
import { session } from './session';
import { eventStreamParser } from './sse';

/** A field the API refused, as RFC 9457 problem details list them (`items[0].hsCode`). */
export interface FieldError { field: string; message: string; code?: string }

/** RFC 9457 problem details as the API sends them, plus the code some 409s carry. */
export interface Problem { type?: string; title: string; status: number; detail?: string; code?: string; errors?: FieldError[] }

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  /** The message for one field (exact path), if the API named it. */
  field(path: string): string | undefined {
    const error = this.problem.errors?.find((e) => e.field === path);
    if (!error) return undefined;
    // A field error with a stable code reads in the console's language first, the API's detail after.
    const words = error.code ? t(`code.${error.code}` as Key) : undefined;
    return words && words !== `code.${error.code}` ? `${words} ${error.message}` : error.message;
  }
}

export interface Page<T> { items: T[]; page: number; pageSize: number; total: number }

/** Calls the public API with the session's token in the Authorization header (never in the URL). */
export async function api<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const token = session.token();
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError({ title: 'Network error', status: 0, detail: String((error as Error).message ?? error) });
  }
  const text = await response.text();
  let parsed: any = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const problem: Problem = parsed && typeof parsed === 'object'
      ? { title: parsed.title ?? response.statusText, status: parsed.status ?? response.status, detail: parsed.detail, code: parsed.code, errors: parsed.errors, type: parsed.type }
      : { title: response.statusText || `HTTP ${response.status}`, status: response.status, detail: typeof parsed === 'string' ? parsed.slice(0, 300) : undefined };
    if (response.status === 401) session.expired();
    throw new ApiError(problem);
  }
  return parsed as T;
}

export const get = <T = any>(path: string) => api<T>('GET', path);
export const post = <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) => api<T>('POST', path, body, headers);

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Follows a server-sent event stream with the session's token in the Authorization header
 * (EventSource cannot send one; the token must not go into the URL). Reconnects after a
 * dropped connection until `signal` aborts; reports problems to onError.
 */
export function follow(path: string, onEvent: (event: string, data: any) => void, onState: (state: 'open' | 'closed' | 'error', error?: ApiError) => void, signal: AbortSignal): void {
  const run = async () => {
    while (!signal.aborted) {
      try {
        const token = session.token();
        const response = await fetch(path, { headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) }, signal, cache: 'no-store' });
        if (!response.ok || !response.body) {
          const text = await response.text().catch(() => '');
          let problem: Problem = { title: response.statusText, status: response.status };
          try {
            problem = { ...problem, ...JSON.parse(text) };
          } catch {
            /* not problem details */
          }
          onState('error', new ApiError(problem));
          if (response.status === 401 || response.status === 403 || response.status === 404) return;
        } else {
          onState('open');
          const parse = eventStreamParser();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            for (const e of parse(value)) {
              let data: unknown = e.data;
              try {
                data = JSON.parse(e.data);
              } catch {
                /* plain text */
              }
              onEvent(e.event, data);
            }
          }
          onState('closed');
        }
      } catch (error) {
        if (signal.aborted) return;
        onState('error', new ApiError({ title: 'Network error', status: 0, detail: String((error as Error).message ?? error) }));
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void run();
}
