import { useState } from 'preact/hooks';
import { get, query, type Page } from '../api';
import { t } from '../i18n';
import { Field, ProblemBox, Refreshed, Section, Select, useLoad, word, type Submit } from '../ui';
import { DECLARATION_STATUSES, DeclarationTable, Pager } from './enterprise';

export interface Search { q: string; status: string; from: string; to: string }
export const NO_SEARCH: Search = { q: '', status: '', from: '', to: '' };

/** A China calendar day as the API's instant: the day begins at 00:00 in China (UTC+8). */
const chinaDayStart = (day: string) => (day ? `${day}T00:00:00+08:00` : undefined);
const chinaDayAfter = (day: string) => (day ? new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString() : undefined);

/** GET /v1/declarations with the search's filters (the `to` day is included). */
export function searchQuery(search: Search, page: number, pageSize = 20): string {
  return `/v1/declarations${query({ q: search.q.trim(), status: search.status, from: chinaDayStart(search.from), to: chinaDayAfter(search.to), page, pageSize })}`;
}

/** 查询: the number, bill of lading, conveyance or USCC, the status and the days of submission; applied on 查询. */
export function SearchForm({ value, onSearch }: { value: Search; onSearch: (search: Search) => void }) {
  const [draft, setDraft] = useState<Search>(value);
  const set = (key: keyof Search) => (v: string) => setDraft((old) => ({ ...old, [key]: v }));
  const submit = (e: Submit) => {
    e.preventDefault();
    onSearch(draft);
  };
  return (
    <form class="filters" role="search" onSubmit={submit} aria-label={t('search.title')}>
      <Field label={t('search.q')} value={draft.q} onInput={set('q')} name="q" hint={t('search.qHint')} wide />
      <Select label={t('common.status')} value={draft.status} onChange={set('status')} name="status"
        options={[['', t('common.all')], ...DECLARATION_STATUSES.map((s): [string, string] => [s, word('status', s)])]} />
      <Field label={t('search.from')} value={draft.from} onInput={set('from')} type="date" name="from" />
      <Field label={t('search.to')} value={draft.to} onInput={set('to')} type="date" name="to" />
      <button type="submit">{t('search.go')}</button>
      <button type="button" class="secondary" onClick={() => { setDraft(NO_SEARCH); onSearch(NO_SEARCH); }}>{t('search.clear')}</button>
    </form>
  );
}

/** 报关单查询: for officers, auditors and brokers: what the caller may see, searched. */
export function DeclarationSearchPage({ link }: { link: (id: string) => string }) {
  const [search, setSearch] = useState<Search>(NO_SEARCH);
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<any>>(searchQuery(search, page)), [search, page]);
  return (
    <Section title={t('search.title')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
      <SearchForm value={search} onSearch={(next) => { setSearch(next); setPage(1); }} />
      <ProblemBox error={list.error} />
      <DeclarationTable items={list.data?.items ?? []} link={link} />
      <Pager page={page} pageSize={20} total={list.data?.total ?? 0} onPage={setPage} />
    </Section>
  );
}
