import type { ComponentChildren, TargetedEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type FieldError, type Problem } from './api';
import { catalogueSays, t, lang, say, type Key } from './i18n';

/** A time in the reader's language and zone, to the second. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

export function fmtHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—';
  if (hours > 0 && hours * 60 < 1) return `< 1 ${t('unit.minutes')}`;
  if (hours < 1) return `${Math.round(hours * 60)} ${t('unit.minutes')}`;
  return `${hours.toFixed(1)} ${t('unit.hours')}`;
}

export function fmtMoney(amount: number | null | undefined, currency = 'CNY'): string {
  if (amount === null || amount === undefined) return '—';
  return `${amount.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** A translated word for a value the API sends (status, lane, check …), or the value itself. */
export function word(group: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${group}.${value}` as Key;
  const text = t(key);
  return text === key ? value : text;
}

export function Badge({ group, value }: { group: string; value: string | null | undefined }) {
  return <span class={`badge badge-${group}-${value ?? 'none'}`}>{word(group, value)}</span>;
}

/**
 * What went wrong, in words, where it happened: what kind of problem (by its status), the server's
 * code worded by the message catalogue (@sw/messages), the server's own words where they say more
 * (English), and each field the API named.
 */
export function ProblemBox({ error, shown = [] }: { error: unknown; shown?: string[] }) {
  if (!error) return null;
  const problem: Problem = error instanceof ApiError ? error.problem : { title: String((error as Error)?.message ?? error), status: -1 };
  const sentence = catalogueSays(problem);
  const detail = problem.detail && problem.detail !== sentence ? problem.detail : undefined;
  const rest = (problem.errors ?? []).filter((e) => !shown.includes(e.field));
  return (
    <div class="problem" role="alert">
      <strong>{problemWords(problem.status)}</strong>
      {sentence && <p>{sentence}</p>}
      {detail ? <p>{detail}</p> : !sentence && problem.title && problem.status > 0 ? <p>{problem.title}</p> : null}
      {rest.length > 0 && (
        <ul>
          {rest.map((e: FieldError) => <li key={e.field}><code>{e.field}</code>: {say(e, e.message)}</li>)}
        </ul>
      )}
    </div>
  );
}

/** What kind of problem a status is (a network error is status 0); the code's own sentence comes from the catalogue. */
export function problemWords(status: number): string {
  if (status === 0) return t('problem.network');
  if (status === 400) return t('problem.400');
  if (status === 401) return t('problem.401');
  if (status === 403) return t('problem.403');
  if (status === 404) return t('problem.404');
  if (status === 409) return t('problem.409');
  if (status === 413) return t('problem.413');
  if (status === 429) return t('problem.429');
  if (status === 503) return t('problem.503');
  if (status >= 500) return t('problem.500');
  return t('problem.other');
}

let ids = 0;
function useId(prefix: string): string {
  const ref = useRef<string | null>(null);
  if (!ref.current) ref.current = `${prefix}-${++ids}`;
  return ref.current;
}

/** A labelled input with the API's message for its field beside it. */
export function Field(props: {
  label: string; value: string | number; onInput: (value: string) => void; error?: string; type?: string; list?: string;
  required?: boolean; placeholder?: string; readOnly?: boolean; hint?: string; step?: string; name?: string; wide?: boolean;
}) {
  const id = useId('f');
  const describedBy = [props.error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}${props.wide ? ' field-wide' : ''}`}>
      <label for={id}>{props.label}{props.required ? <span aria-hidden="true"> *</span> : null}</label>
      <input
        id={id} name={props.name} type={(props.type ?? 'text') as 'text'} value={props.value} list={props.list} required={props.required}
        placeholder={props.placeholder} readOnly={props.readOnly} step={props.step}
        aria-invalid={props.error ? 'true' : undefined} aria-describedby={describedBy}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {props.hint && <small id={`${id}-hint`} class="hint">{props.hint}</small>}
      {props.error && <small id={`${id}-error`} class="field-error">{props.error}</small>}
    </div>
  );
}

export function Select(props: { label: string; value: string; onChange: (value: string) => void; options: [string, string][]; error?: string; name?: string }) {
  const id = useId('s');
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} aria-invalid={props.error ? 'true' : undefined} aria-describedby={props.error ? `${id}-error` : undefined}
        onChange={(e) => props.onChange((e.currentTarget as HTMLSelectElement).value)}>
        {props.options.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
      </select>
      {props.error && <small id={`${id}-error`} class="field-error">{props.error}</small>}
    </div>
  );
}

export function TextArea(props: { label: string; value: string; onInput: (value: string) => void; error?: string; required?: boolean; rows?: number }) {
  const id = useId('t');
  return (
    <div class={`field field-wide${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}{props.required ? <span aria-hidden="true"> *</span> : null}</label>
      <textarea id={id} rows={props.rows ?? 2} value={props.value} required={props.required} aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined} onInput={(e) => props.onInput((e.currentTarget as HTMLTextAreaElement).value)} />
      {props.error && <small id={`${id}-error`} class="field-error">{props.error}</small>}
    </div>
  );
}

/**
 * Reads are projections that lag writes by a moment (API.md): after a write, read again a few
 * times over the next seconds rather than wait for the next periodic refresh.
 */
export function reloadSoon(reload: () => void): void {
  for (const ms of [150, 700, 1800, 4000]) setTimeout(reload, ms);
}

export interface Loaded<T> { data: T | undefined; error: unknown; loading: boolean; reload: () => void; at: Date | null }

/**
 * Loads with `load`, again when `deps` change, and every `everyMs` while the page is open
 * (live refresh). Keeps the last good data while a refresh fails.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], everyMs?: number): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean; at: Date | null }>({ data: undefined, error: null, loading: true, at: null });
  const generation = useRef(0);
  const run = useCallback(() => {
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false, at: new Date() }),
      (error) => mine === generation.current && setState((s) => ({ ...s, error, loading: false })),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  useEffect(() => {
    setState({ data: undefined, error: null, loading: true, at: null });
    run();
    if (!everyMs) return;
    const timer = setInterval(run, everyMs);
    return () => clearInterval(timer);
  }, [run, everyMs]);
  return { ...state, reload: run };
}

/** A submit handler state: busy while it runs, the API's problem when it fails, a note when it succeeds. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (action: () => Promise<string | void>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const note = await action();
      setDone(note ?? t('common.done'));
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  /** The server's message for one field of the request (a 400's `errors`), if it named that field. */
  const errorFor = (field: string) => (error instanceof ApiError ? error.field(field) : undefined);
  return { busy, error, done, run, setError, errorFor };
}

export function Section({ title, children, actions, id }: { title: string; children: ComponentChildren; actions?: ComponentChildren; id?: string }) {
  const headingId = id ?? `sec-${title.replace(/\W+/g, '-')}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <header class="card-head"><h2 id={headingId}>{title}</h2>{actions}</header>
      {children}
    </section>
  );
}

export function Done({ text }: { text: string | null }) {
  return text ? <p class="done" role="status">{text}</p> : null;
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}

export function Refreshed({ at, loading, onRefresh }: { at: Date | null; loading: boolean; onRefresh: () => void }) {
  return (
    <span class="refreshed">
      <span aria-live="polite">{loading ? t('common.loading') : at ? `${t('common.updated')} ${at.toLocaleTimeString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false })}` : ''}</span>
      <button type="button" class="secondary" onClick={onRefresh}>{t('common.refresh')}</button>
    </span>
  );
}

export type Submit = TargetedEvent<HTMLFormElement, Event>;
