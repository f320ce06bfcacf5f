import { useEffect, useState } from 'preact/hooks';
import { get, query, type Page } from '../api';
import { t } from '../i18n';
import { href, navigate } from '../router';
import { Badge, Field, Json, ProblemBox, Refreshed, Section, Select, fmtTime, useLoad, word, type Submit } from '../ui';
import { AgencyTable, DeclarationTable, Pager } from './enterprise';
import { NO_SEARCH, SearchForm, searchQuery, type Search } from './search';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Find a shipment: by its declaration id, or from the list of every declaration. */
export function AuditFind() {
  const [id, setId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [search, setSearch] = useState<Search>(NO_SEARCH);
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<any>>(searchQuery(search, page)), [search, page], 10000);
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    const value = id.trim();
    // 海关编号: the declaration it names, then its history by id.
    if (/^\d{18}$/.test(value)) {
      get<{ id: string }>(`/v1/declarations/${value}`).then((view) => navigate('audit', view.id), () => setError(t('audit.badIdOrNumber')));
      return;
    }
    if (!UUID.test(value)) return setError(t('audit.badIdOrNumber'));
    navigate('audit', value.toLowerCase());
  };
  return (
    <div class="stack">
      <Section title={t('audit.find')}>
        <form onSubmit={onSubmit} class="row" noValidate>
          <Field label={t('audit.shipmentId')} value={id} onInput={(v) => { setId(v); setError(undefined); }} error={error} name="shipment" wide placeholder="xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx" />
          <div class="actions"><button type="submit">{t('audit.open')}</button></div>
        </form>
      </Section>
      <Section title={t('audit.declarations')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
        <SearchForm value={search} onSearch={(next) => { setSearch(next); setPage(1); }} />
        <ProblemBox error={list.error} />
        <DeclarationTable items={list.data?.items ?? []} link={(id) => href('audit', id)} />
        <Pager page={page} pageSize={20} total={list.data?.total ?? 0} onPage={setPage} />
      </Section>
    </div>
  );
}

function actorText(actor: any): string {
  if (!actor) return '—';
  const who = [word('actor', actor.kind), actor.agency ? word('agency', actor.agency) : '', actor.id].filter(Boolean);
  return who.join(' · ');
}

/** `datetime-local` text (local time, to the millisecond) for an instant, and back. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** One shipment: every event across contexts, its status as of any instant, and whether its hash chains hold. */
export function AuditShipment({ id }: { id: string }) {
  const events = useLoad(() => get<{ events: any[] }>(`/v1/audit/shipments/${encodeURIComponent(id)}/events`), [id]);
  const verify = useLoad(() => get<{ valid: boolean; events?: number; brokenAt?: { stream: string; revision: number } }>(`/v1/audit/shipments/${encodeURIComponent(id)}/verify`), [id]);
  const list = events.data?.events ?? [];
  const [index, setIndex] = useState<number | null>(null);
  const [asOf, setAsOf] = useState<string | null>(null);
  // Until the auditor picks an instant: as of the last event.
  useEffect(() => {
    if (list.length && index === null && asOf === null) {
      setIndex(list.length - 1);
      setAsOf(list[list.length - 1].metadata.occurredAt);
    }
  }, [list.length]);
  const state = useLoad(
    () => (asOf ? get(`/v1/audit/shipments/${encodeURIComponent(id)}/state?asOf=${encodeURIComponent(asOf)}`) : Promise.resolve(null)),
    [id, asOf],
  );
  const pickEvent = (i: number) => {
    setIndex(i);
    setAsOf(list[i].metadata.occurredAt);
  };
  const pickInstant = (text: string) => {
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) return;
    const iso = date.toISOString();
    setAsOf(iso);
    let last = -1;
    list.forEach((e, i) => { if (Date.parse(e.metadata.occurredAt) <= date.getTime()) last = i; });
    setIndex(last >= 0 ? last : null);
  };
  const reload = () => { events.reload(); verify.reload(); state.reload(); };

  return (
    <div class="stack">
      <p><a href={href('audit')}>← {t('audit.find')}</a></p>
      <Section title={`${t('audit.shipment')} ${id}`} actions={<Refreshed at={events.at} loading={events.loading} onRefresh={reload} />}>
        <div class="status-line">
          <Integrity loading={verify.loading} error={verify.error} result={verify.data} />
          <span>{t('audit.eventCount')}: {list.length}</span>
          <span>{t('audit.streams')}: {[...new Set(list.map((e) => e.stream))].length}</span>
        </div>
        <ProblemBox error={events.error} />
      </Section>
      <Section title={t('audit.asOf')}>
        {list.length > 0 && (
          <div class="asof-controls">
            <div class="field field-wide">
              <label for="asof-event">{t('audit.atEvent')}: {index !== null ? `${index + 1} / ${list.length} · ${list[index].type}` : t('audit.beforeFirst')}</label>
              <input id="asof-event" type="range" min={0} max={list.length - 1} step={1} value={index ?? 0} onInput={(e) => pickEvent(Number((e.currentTarget as HTMLInputElement).value))} />
            </div>
            <div class="field">
              <label for="asof-time">{t('audit.instant')}</label>
              <input id="asof-time" type="datetime-local" step="0.001" value={asOf ? toLocalInput(asOf) : ''} onChange={(e) => pickInstant((e.currentTarget as HTMLInputElement).value)} />
            </div>
            <div class="actions">
              <button type="button" class="secondary" onClick={() => pickInstant(new Date().toISOString())}>{t('audit.now')}</button>
            </div>
          </div>
        )}
        <p class="hint">{t('audit.asOfHint')} <time>{asOf ? fmtTime(asOf) : '—'}</time> <span class="mono">{asOf}</span></p>
        <ProblemBox error={state.error} />
        {state.data && (
          <div data-testid="asof-state">
            <div class="status-line">
              <span class="big-status">{t('common.status')}: <Badge group="status" value={state.data.status} /></span>
              <span>{t('decl.releasedAt')}: {fmtTime(state.data.releasedAt)}</span>
              <span>{t('decl.arrival')}: {state.data.arrival ? fmtTime(state.data.arrival.arrivedAt) : t('decl.notArrived')}</span>
              {state.data.examination && <span>{t('exam.title')}: <Badge group="exam" value={state.data.examination.status} /></span>}
            </div>
            <AgencyTable agencies={state.data.agencies} />
            <details><summary>{t('audit.fullState')}</summary><Json value={state.data} /></details>
          </div>
        )}
      </Section>
      <Section title={t('audit.timeline')}>
        <div class="table-scroll">
          <table class="timeline">
            <thead><tr><th>#</th><th>{t('audit.when')}</th><th>{t('audit.what')}</th><th>{t('audit.who')}</th><th>{t('audit.stream')}</th><th>{t('audit.revision')}</th><th>{t('audit.position')}</th><th /></tr></thead>
            <tbody>
              {list.map((e, i) => (
                <tr key={`${e.stream}-${e.revision}`} class={index !== null && i <= index ? 'in-asof' : 'after-asof'} aria-current={i === index ? 'true' : undefined}>
                  <td>{i + 1}</td>
                  <td><time dateTime={e.metadata.occurredAt}>{fmtTime(e.metadata.occurredAt)}</time></td>
                  <td><strong>{e.type}</strong><details><summary>{t('audit.data')}</summary><Json value={e.data} /><p class="mono small">hash {e.metadata.hash}</p></details></td>
                  <td>{actorText(e.metadata.actor)}</td>
                  <td class="mono">{e.stream.split('-')[0]}</td>
                  <td>{e.revision}</td>
                  <td>{e.position}</td>
                  <td><button type="button" class="secondary small" onClick={() => pickEvent(i)} aria-label={`${t('audit.showAsOf')} ${i + 1}`}>{t('audit.showAsOf')}</button></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
    </div>
  );
}

function Integrity({ loading, error, result }: { loading: boolean; error: unknown; result?: { valid: boolean; events?: number; brokenAt?: { stream: string; revision: number } } }) {
  if (error) return <ProblemBox error={error} />;
  if (!result) return <span class="integrity">{loading ? t('audit.verifying') : ''}</span>;
  return result.valid
    ? <span class="integrity integrity-valid" role="status" data-testid="integrity">✔ {t('audit.valid')} · {result.events} {t('audit.eventsChained')}</span>
    : <span class="integrity integrity-broken" role="status" data-testid="integrity">✖ {t('audit.broken')}: {result.brokenAt?.stream} @ {result.brokenAt?.revision}</span>;
}
