import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, follow, get, post, query, type Page } from '../api';
import { say, sayWord, t } from '../i18n';
import { ENTERPRISES } from '../reference';
import { href, navigate } from '../router';
import { Badge, Done, Field, ProblemBox, Refreshed, Section, Select, TextArea, fmtMoney, fmtTime, useAction, useLoad, word, type Submit } from '../ui';
import { Instructions, type Instruction } from './money';
import { CodeLists, ItemsEditor, emptyItem, itemBody, numberOrText, type ItemDraft } from './declaration-form';
import { DeclarantCorrections } from './corrections';
import { ShipmentCharges } from './fees';
import { MessageUpload, PrintedDeclaration, Receipts } from './dec-message';
import { useClients } from './parties';
import { NO_SEARCH, SearchForm, searchQuery, type Search } from './search';

export const DECLARATION_STATUSES = ['submitted', 'under-review', 'awaiting-arrival', 'examination', 'held', 'released', 'exited', 'rejected', 'withdrawn', 'returned'];

/** 我的申报: the enterprise's declarations (a broker's: those it filed), searched, newest state every few seconds. */
export function MyDeclarations({ area = 'enterprise' }: { area?: 'enterprise' | 'broker' }) {
  const [search, setSearch] = useState<Search>(NO_SEARCH);
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<any>>(searchQuery(search, page)), [search, page], 5000);
  return (
    <Section title={area === 'broker' ? t('nav.filings') : t('nav.myDeclarations')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
      <SearchForm value={search} onSearch={(next) => { setSearch(next); setPage(1); }} />
      <p><a class="button" href={href(area, 'new')}>{t('nav.newDeclaration')}</a></p>
      <ProblemBox error={list.error} />
      <DeclarationTable items={list.data?.items ?? []} link={(id, number) => href(area, 'declarations', number ?? id)} />
      <Pager page={page} pageSize={20} total={list.data?.total ?? 0} onPage={setPage} />
      <MessageUpload />
    </Section>
  );
}

export function DeclarationTable({ items, link }: { items: any[]; link: (id: string, number?: string) => string }) {
  if (!items.length) return <p class="empty">{t('common.none')}</p>;
  return (
    <table>
      <thead><tr><th>{t('decl.number')}</th><th>{t('decl.consignee')}</th><th>{t('decl.declarant')}</th><th>{t('decl.mode')}</th><th>{t('decl.conveyance')}</th><th>{t('common.status')}</th><th>{t('decl.submittedAt')}</th><th>{t('decl.releasedAt')}</th></tr></thead>
      <tbody>
        {items.map((d) => (
          <tr key={d.id}>
            <td><a href={link(d.id, d.number)} class="mono">{d.number ?? d.id.slice(0, 8)}</a></td>
            <td>{(d.consignee ?? d.declarant)?.name}</td>
            <td>{d.declarant?.name}</td>
            <td>{word('mode', d.mode)} · {word('direction', d.direction)}</td>
            <td>{d.transport?.conveyance}</td>
            <td><Badge group="status" value={d.status} /></td>
            <td>{fmtTime(d.submittedAt)}</td>
            <td>{fmtTime(d.releasedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Pager({ page, pageSize, total, onPage }: { page: number; pageSize: number; total: number; onPage: (page: number) => void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return <p class="hint">{t('common.total')} {total}</p>;
  return (
    <nav class="pager" aria-label={t('common.pages')}>
      <button type="button" class="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t('common.previous')}</button>
      <span>{page} / {pages} · {t('common.total')} {total}</span>
      <button type="button" class="secondary" disabled={page >= pages} onClick={() => onPage(page + 1)}>{t('common.next')}</button>
    </nav>
  );
}

interface Draft {
  mode: string; direction: string; name: string; customsOffice: string; portOfEntry: string;
  transportMode: string; conveyance: string; voyage: string; billOfLading: string;
  tradeMode: string; incoterm: string; currency: string; items: ItemDraft[]; documents: { code: string; number: string }[];
  licenseRequired: boolean; inspectionRequired: boolean; dutiable: boolean;
}

/** 申报: one declaration, once. The API checks every code; its message appears beside the field. */
export function NewDeclaration({ uscc, broker = false }: { uscc: string; broker?: boolean }) {
  const enterprise = ENTERPRISES.find((e) => e.uscc === uscc) as any;
  const clients = useClients();
  const [client, setClient] = useState('');
  const [d, setD] = useState<Draft>({
    mode: 'standard', direction: 'import', name: enterprise?.nameEn ?? '', customsOffice: enterprise?.customsOffice ?? '', portOfEntry: enterprise?.customsOffice ?? '',
    transportMode: '2', conveyance: '', voyage: '', billOfLading: '', tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
    items: [emptyItem()], documents: [], licenseRequired: false, inspectionRequired: false, dutiable: true,
  });
  const submit = useAction();
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setD((old) => ({ ...old, [key]: value }));
  const errorFor = (field: string) => (submit.error instanceof ApiError ? submit.error.field(field) : undefined);
  const fields = ['mode', 'direction', 'declarant.name', 'declarant.uscc', 'consignee', 'consignee.uscc', 'consignee.name', 'customsOffice', 'portOfEntry', 'transport.mode', 'transport.conveyance', 'transport.voyage', 'transport.billOfLading', 'tradeMode', 'incoterm', 'currency', 'items', 'summary',
    ...d.items.flatMap((_, i) => ['hsCode', 'description', 'quantity', 'unit', 'value', 'originCountry'].map((k) => `items[${i}].${k}`)),
    ...d.documents.flatMap((_, i) => [`documents[${i}].code`, `documents[${i}].number`])];

  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void submit.run(async () => {
      const body = {
        mode: d.mode, direction: d.direction, declarant: { uscc, name: d.name.trim() }, ...(broker ? { consignee: consigneeOf(client) } : {}), customsOffice: d.customsOffice.trim(), portOfEntry: d.portOfEntry.trim(),
        transport: { mode: d.transportMode.trim(), conveyance: d.conveyance.trim(), ...(d.voyage.trim() ? { voyage: d.voyage.trim() } : {}), ...(d.billOfLading.trim() ? { billOfLading: d.billOfLading.trim() } : {}) },
        tradeMode: d.tradeMode.trim(), incoterm: d.incoterm.trim().toUpperCase(), currency: d.currency.trim().toUpperCase(),
        items: d.items.map(itemBody), documents: d.documents.map((doc) => ({ code: doc.code.trim(), number: doc.number.trim() })),
        ...(d.mode === 'two-step' ? { summary: { licenseRequired: d.licenseRequired, inspectionRequired: d.inspectionRequired, dutiable: d.dutiable } } : {}),
      };
      // The same body retried (a lost reply) keeps its key: the API answers with the first result.
      const text = JSON.stringify(body);
      if (idempotency.current?.body !== text) idempotency.current = { body: text, key: crypto.randomUUID() };
      const result = await post<{ id: string; number?: string }>('/v1/declarations', body, { 'idempotency-key': idempotency.current.key });
      navigate(broker ? 'broker' : 'enterprise', 'declarations', result.number ?? result.id);
    });
  };

  return (
    <form class="card declaration-form" onSubmit={onSubmit} noValidate aria-labelledby="new-h">
      <h1 id="new-h">{t('nav.newDeclaration')}</h1>
      <CodeLists />
      <fieldset>
        <legend>{t('decl.header')}</legend>
        <div class="row">
          <Select label={t('decl.mode')} value={d.mode} onChange={set('mode')} name="mode" error={errorFor('mode')}
            options={['standard', 'advance', 'two-step'].map((m): [string, string] => [m, word('mode', m)])} />
          <Select label={t('decl.direction')} value={d.direction} onChange={set('direction')} name="direction" error={errorFor('direction')}
            options={['import', 'export'].map((m): [string, string] => [m, word('direction', m)])} />
          <Field label={t('decl.uscc')} value={uscc} onInput={() => undefined} readOnly error={errorFor('declarant.uscc')} name="declarant.uscc" />
          <Field label={t('decl.declarantName')} value={d.name} onInput={set('name')} required error={errorFor('declarant.name')} name="declarant.name" wide />
        </div>
        {broker && (
          <div class="row">
            <Select label={t('broker.client')} value={client} onChange={setClient} name="consignee" error={errorFor('consignee.uscc') ?? errorFor('consignee')}
              options={[['', t('broker.chooseClient')], ...(clients.data ?? []).map((p): [string, string] => [p.principal, `${p.principal} ${nameOfClient(p.principal)}`])]} />
          </div>
        )}
        <div class="row">
          <Field label={t('decl.customsOffice')} value={d.customsOffice} onInput={set('customsOffice')} list="list-offices" required error={errorFor('customsOffice')} name="customsOffice" />
          <Field label={t('decl.portOfEntry')} value={d.portOfEntry} onInput={set('portOfEntry')} list="list-offices" required error={errorFor('portOfEntry')} name="portOfEntry" />
          <Field label={t('decl.tradeMode')} value={d.tradeMode} onInput={set('tradeMode')} list="list-tradeModes" required error={errorFor('tradeMode')} name="tradeMode" />
          <Field label={t('decl.incoterm')} value={d.incoterm} onInput={set('incoterm')} list="list-incoterms" required error={errorFor('incoterm')} name="incoterm" />
          <Field label={t('decl.currency')} value={d.currency} onInput={set('currency')} list="list-currencies" required error={errorFor('currency')} name="currency" />
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('decl.transport')}</legend>
        <div class="row">
          <Field label={t('decl.transportMode')} value={d.transportMode} onInput={set('transportMode')} list="list-transportModes" required error={errorFor('transport.mode')} name="transport.mode" />
          <Field label={t('decl.conveyance')} value={d.conveyance} onInput={set('conveyance')} required error={errorFor('transport.conveyance')} name="transport.conveyance" />
          <Field label={t('decl.voyage')} value={d.voyage} onInput={set('voyage')} error={errorFor('transport.voyage')} name="transport.voyage" />
          <Field label={t('decl.billOfLading')} value={d.billOfLading} onInput={set('billOfLading')} error={errorFor('transport.billOfLading')} name="transport.billOfLading" />
        </div>
      </fieldset>
      <ItemsEditor items={d.items} onChange={set('items')} errorFor={errorFor} />
      <fieldset>
        <legend>{t('decl.documents')}</legend>
        {d.documents.map((doc, i) => (
          <div class="row" key={i} role="group" aria-label={`${t('decl.document')} ${i + 1}`}>
            <Field label={t('decl.documentCode')} value={doc.code} onInput={(v) => set('documents')(d.documents.map((x, j) => (j === i ? { ...x, code: v } : x)))} error={errorFor(`documents[${i}].code`)} list="list-licenseTypes" />
            <Field label={t('decl.documentNumber')} value={doc.number} onInput={(v) => set('documents')(d.documents.map((x, j) => (j === i ? { ...x, number: v } : x)))} error={errorFor(`documents[${i}].number`)} />
            <button type="button" class="secondary small" onClick={() => set('documents')(d.documents.filter((_, j) => j !== i))}>{t('decl.removeDocument')}</button>
          </div>
        ))}
        <button type="button" class="secondary" onClick={() => set('documents')([...d.documents, { code: '', number: '' }])}>{t('decl.addDocument')}</button>
      </fieldset>
      {d.mode === 'two-step' && (
        <fieldset>
          <legend>{t('decl.summary')}</legend>
          {errorFor('summary') && <p class="field-error">{errorFor('summary')}</p>}
          {(['licenseRequired', 'inspectionRequired', 'dutiable'] as const).map((key) => (
            <label class="check" key={key}><input type="checkbox" checked={d[key]} onChange={(e) => set(key)((e.currentTarget as HTMLInputElement).checked)} /> {t(`decl.${key}`)}</label>
          ))}
        </fieldset>
      )}
      <ProblemBox error={submit.error} shown={fields} />
      <div class="actions">
        <button type="submit" disabled={submit.busy}>{submit.busy ? t('common.sending') : t('decl.submit')}</button>
      </div>
    </form>
  );
}

const nameOfClient = (uscc: string) => {
  const known = ENTERPRISES.find((e) => e.uscc === uscc) as any;
  return known?.nameZh ?? known?.nameEn ?? '';
};
const consigneeOf = (uscc: string) => ({ uscc, name: ((ENTERPRISES.find((e) => e.uscc === uscc) as any)?.nameEn ?? uscc) as string });

/** The newer of two views of one declaration (every event folded into it counts): a page never steps back to an older answer. */
export function latest(shown: any, next: any): any {
  return !shown || shown.id !== next?.id || !(shown.eventCount > next.eventCount) ? next : shown;
}

/** One declaration, followed live over the SSE status stream, with what the enterprise can do next. */
export function DeclarationPage({ id }: { id: string }) {
  const [view, setView] = useState<any>(null);
  const [link, setLink] = useState<{ state: 'connecting' | 'open' | 'closed' | 'error'; error?: ApiError }>({ state: 'connecting' });
  useEffect(() => {
    const controller = new AbortController();
    setView(null);
    follow(`/v1/declarations/${encodeURIComponent(id)}/stream`, (event, data) => {
      if (event === 'status') setView((shown: any) => latest(shown, data));
    }, (state, error) => setLink({ state, error }), controller.signal);
    return () => controller.abort();
  }, [id]);
  // A refresh after an action and the live stream may answer out of order: the page keeps the newer view.
  const refresh = () => get(`/v1/declarations/${encodeURIComponent(id)}`).then((data) => setView((shown: any) => latest(shown, data)), () => undefined);

  if (!view) return <Section title={t('decl.title')}><p>{link.state === 'error' ? null : t('common.loading')}</p><ProblemBox error={link.error} /></Section>;
  return (
    <div class="stack">
      <Section title={`${t('decl.title')} ${view.number ?? view.id.slice(0, 8)}`} actions={<LiveIndicator state={link.state} />}>
        <div class="status-line">
          <span class="big-status" data-testid="declaration-status" aria-live="polite"><Badge group="status" value={view.status} /></span>
          <span>{[word('mode', view.mode), word('direction', view.direction), view.transport?.conveyance, view.transport?.billOfLading].filter(Boolean).join(' · ')}</span>
        </div>
        <dl class="facts">
          <dt>{t('decl.number')}</dt><dd class="mono" data-testid="customs-number">{view.number ?? '—'}</dd>
          <dt>{t('decl.consignee')}</dt><dd>{(view.consignee ?? view.declarant)?.name} <span class="mono">{(view.consignee ?? view.declarant)?.uscc}</span></dd>
          <dt>{t('decl.declarant')}</dt><dd>{view.declarant?.name} <span class="mono">{view.declarant?.uscc}</span></dd>
          <dt>{t('decl.internalId')}</dt><dd class="mono" data-testid="declaration-id">{view.id}</dd>
          <dt>{t('decl.submittedAt')}</dt><dd>{fmtTime(view.submittedAt)}</dd>
          <dt>{t('decl.arrival')}</dt><dd>{view.arrival ? fmtTime(view.arrival.arrivedAt) : t('decl.notArrived')}</dd>
          {view.manifest && (<><dt>{t('decl.manifest')}</dt><dd data-testid="manifest-state">{t(view.manifest.status === 'missing' ? 'decl.manifest.missing' : 'decl.manifest.on-manifest')}</dd></>)}
          <dt>{t('decl.releasedAt')}</dt><dd>{fmtTime(view.releasedAt)}</dd>
          {view.rejected && (<><dt>{t('status.rejected')}</dt><dd>{word('agency', view.rejected.agency)}: {view.rejected.reason}</dd></>)}
          {view.withdrawn && (<><dt>{t('status.withdrawn')}</dt><dd>{view.withdrawn.reason}</dd></>)}
        </dl>
        <AgencyTable agencies={view.agencies} />
        {view.examination && <p>{t('exam.title')}{view.examination.round > 1 ? ` · ${t('exam.round')} ${view.examination.round}` : ''}: <Badge group="exam" value={view.examination.status} /> {view.examination.checks?.map((c: any) => `${word('check', c.check)} ${word('check-status', c.status)}`).join(' · ')}</p>}
        {view.followUps?.length > 0 && (
          <div class="problem" role="note"><strong>{t('decl.followUps')}</strong><ul>{view.followUps.map((f: any, i: number) => <li key={i}>{word('agency', f.agency)}: {f.actions.map((a: string) => sayWord('follow-up-action', a)).join('、')} — {say(f, f.reason)}</li>)}</ul></div>
        )}
      </Section>
      <PrintedDeclaration view={{ number: view.number, message: view.declaration?.message }} />
      <Receipts id={view.id} at={view.eventCount} />
      <DeclarantCorrections view={view} onChange={refresh} />
      <Duties key={view.duties?.assessed ?? 0} view={view} onChange={refresh} />
      <ShipmentCharges id={view.id} />
      {view.mode === 'two-step' && <CompleteDeclaration view={view} onChange={refresh} />}
      {!['released', 'exited', 'rejected', 'withdrawn'].includes(view.status) && <Withdraw id={view.id} onChange={refresh} />}
    </div>
  );
}

export function LiveIndicator({ state }: { state: string }) {
  return <span class={`live live-${state}`} role="status">{word('live', state)}</span>;
}

export function AgencyTable({ agencies }: { agencies: Record<string, any> }) {
  const entries = Object.entries(agencies ?? {});
  if (!entries.length) return <p class="empty">{t('decl.notRouted')}</p>;
  return (
    <table>
      <caption>{t('decl.agencies')}</caption>
      <thead><tr><th>{t('common.agency')}</th><th>{t('common.status')}</th><th>{t('case.lane')}</th><th>{t('case.requiredChecks')}</th><th>{t('decl.releasedAt')}</th></tr></thead>
      <tbody>
        {entries.map(([agency, a]) => (
          <tr key={agency}>
            <th scope="row">{word('agency', agency)}</th>
            <td><Badge group="case" value={a.status} /></td>
            <td>{a.lane ? <Badge group="lane" value={a.lane} /> : '—'}</td>
            <td><Checks checks={a.requiredChecks} /></td>
            <td>{fmtTime(a.releasedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Checks({ checks }: { checks: { check: string; status: string; by?: string }[] | undefined }) {
  if (!checks?.length) return <>—</>;
  return (
    <ul class="checks">
      {checks.map((c) => (
        <li key={c.check} class={`check-${c.status}`}>
          {word('check', c.check)}: <strong>{word('check-status', c.status)}</strong>{c.by && c.status !== 'pending' ? ` (${t('check.by')} ${word('agency', c.by)})` : ''}
        </li>
      ))}
    </ul>
  );
}

function Duties({ view, onChange }: { view: any; onChange: () => void }) {
  const duties = view.duties ?? {};
  const fees = (duties.lateFeesCharged ?? []).reduce((sum: number, f: { amount: number }) => sum + f.amount, 0);
  const owed = duties.assessed === null || duties.assessed === undefined ? null : Math.max(0, Math.round((duties.assessed + fees - (duties.paid ?? 0)) * 100) / 100);
  const [kind, setKind] = useState<'payments' | 'guarantee'>('payments');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const action = useAction();
  useEffect(() => { if (owed !== null && amount === '') setAmount(String(owed)); }, [owed]);
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/declarations/${view.id}/${kind}`, { amount: numberOrText(amount), currency: 'CNY', reference: reference.trim() });
      onChange();
      return kind === 'payments' ? t('duties.paymentInstructedNote') : t('duties.guaranteeInstructedNote');
    });
  };
  return (
    <Section title={t('duties.title')}>
      <dl class="facts">
        <dt>{t('duties.assessed')}</dt><dd>{duties.assessed === null ? t('duties.notYet') : fmtMoney(duties.assessed, duties.currency)}</dd>
        <dt>{t('duties.settled')}</dt><dd><Badge group="settled" value={duties.settled} /></dd>
        {duties.paid > 0 && (<><dt>{t('duties.paid')}</dt><dd>{fmtMoney(duties.paid)}</dd></>)}
        {duties.guaranteed > 0 && (<><dt>{t('duties.guaranteed')}</dt><dd>{fmtMoney(duties.guaranteed)}</dd></>)}
        {duties.refundable > 0 && (<><dt>{t('money.refundable')}</dt><dd>{fmtMoney(duties.refundable)}</dd></>)}
        {duties.customsValueCny != null && (<><dt>{t('duties.customsValue')}</dt><dd>{fmtMoney(duties.customsValueCny)}</dd></>)}
        {duties.settlement === 'consolidated' && (<><dt>{t('duties.settlementMode')}</dt><dd>{t('duties.consolidated')}</dd></>)}
        {duties.lateDeclarationFee && (<><dt>{t('duties.lateDeclarationFee')}</dt><dd data-testid="late-declaration-fee">{fmtMoney(duties.lateDeclarationFee.amount)} · {duties.lateDeclarationFee.days} {t('duties.days')}{duties.lateDeclarationFee.waived ? ` (${t('duties.waived')})` : ''}</dd></>)}
        {duties.latePaymentSurcharge && (<><dt>{t('duties.latePaymentSurcharge')}</dt><dd data-testid="late-payment-surcharge">{fmtMoney(duties.latePaymentSurcharge.amount)} · {duties.latePaymentSurcharge.days} {t('duties.days')}{duties.latePaymentSurcharge.waived ? ` (${t('duties.waived')})` : ''}</dd></>)}
      </dl>
      {duties.consolidated && (
        <p class={duties.consolidated.status === 'waiting' ? 'hint warning' : 'hint'} data-testid="consolidated">
          <strong>{sayWord('consolidated', duties.consolidated.status)}</strong>
          {duties.consolidated.status === 'waiting' && <>: {sayWord('consolidated', duties.consolidated.code)}</>}
        </p>
      )}
      {duties.final && <FinalAssessment final={duties.final} />}
      {duties.lateFeesCharged?.length > 0 && (
        <div data-testid="late-fees-charged">
          <dl class="facts">
            {duties.lateFeesCharged.map((f: { kind: string; amount: number; days: number }) => (
              <><dt key={f.kind}>{word('charged', f.kind)}</dt><dd>{fmtMoney(f.amount)} · {f.days} {t('duties.days')}</dd></>
            ))}
          </dl>
          {view.status !== 'released' && <p class="hint">{t('charged.hint')}</p>}
        </div>
      )}
      <Instructions items={duties.instructions} />
      {duties.instructions?.some((i: Instruction) => i.status === 'pending-confirmation') && <p class="hint">{t('money.pendingHint')}</p>}
      {duties.assessed > 0 && (duties.settled === 'none' || duties.final?.outstanding > 0 || (duties.lateFeesCharged?.length > 0 && !view.releasedAt)) && (
        <form onSubmit={onSubmit} class="row" aria-label={t('duties.title')}>
          <Select label={t('duties.kind')} value={kind} onChange={(v) => setKind(v as any)} options={[['payments', t('duties.pay')], ['guarantee', t('duties.guarantee')]]} />
          <Field label={t('duties.amount')} value={amount} onInput={setAmount} type="number" step="0.01" required error={errorFor('amount')} />
          <Field label={t('duties.currency')} value="CNY" onInput={() => undefined} readOnly error={errorFor('currency')} />
          <Field label={t('duties.reference')} value={reference} onInput={setReference} required error={errorFor('reference')} />
          <div class="actions"><button type="submit" disabled={action.busy}>{kind === 'payments' ? t('duties.pay') : t('duties.guarantee')}</button></div>
        </form>
      )}
      <ProblemBox error={action.error} shown={['amount', 'currency', 'reference']} />
      <Done text={action.done} />
    </Section>
  );
}

/** 两步申报: the complete declaration's duties, settled against the guarantee the summary was released on. */
function FinalAssessment({ final }: { final: any }) {
  return (
    <div data-testid="final-assessment">
      <h3>{t('final.title')}</h3>
      <dl class="facts">
        {final.summaryAssessed != null && (<><dt>{t('final.summaryAssessed')}</dt><dd>{fmtMoney(final.summaryAssessed)}</dd></>)}
        <dt>{t('final.assessed')}</dt><dd>{fmtMoney(final.assessed)}</dd>
        <dt>{t('final.drawnOnGuarantee')}</dt><dd>{fmtMoney(final.drawnOnGuarantee)}</dd>
        <dt>{t('final.guaranteeReleased')}</dt><dd>{fmtMoney(final.guaranteeReleased)}</dd>
        {final.generalGuarantee && (<>
          <dt>{t('final.generalDraw')}</dt><dd data-testid="final-general-draw">{fmtMoney(final.generalGuarantee.draw)}</dd>
          <dt>{t('final.generalRelease')}</dt><dd data-testid="final-general-release">{fmtMoney(final.generalGuarantee.release)}</dd>
        </>)}
        <dt>{t('final.payable')}</dt><dd data-testid="final-payable">{fmtMoney(final.outstanding)}</dd>
      </dl>
      <p class="hint">{final.generalGuarantee ? t(final.outstanding > 0 ? 'final.generalWaitingNote' : 'final.generalNote')
        : final.outstanding > 0 ? t('final.payableNote') : t('final.settledNote')}</p>
    </div>
  );
}

function CompleteDeclaration({ view, onChange }: { view: any; onChange: () => void }) {
  const complete = view.completeDeclaration;
  const [items, setItems] = useState<ItemDraft[]>([emptyItem()]);
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/declarations/${view.id}/complete`, { items: items.map(itemBody) });
      onChange();
      return t('complete.filedNote');
    });
  };
  return (
    <Section title={t('complete.title')}>
      {complete ? (
        <dl class="facts">
          <dt>{t('common.status')}</dt><dd><Badge group="complete" value={complete.status} /></dd>
          <dt>{t('complete.dueAt')}</dt><dd>{fmtTime(complete.dueAt)}</dd>
          {complete.filedAt && (<><dt>{t('complete.filedAt')}</dt><dd>{fmtTime(complete.filedAt)}</dd></>)}
          {complete.lateFee && (<><dt>{t('complete.lateFee')}</dt><dd>{fmtMoney(complete.lateFee.amount, complete.lateFee.currency)}</dd></>)}
        </dl>
      ) : <p>{t('complete.notYet')}</p>}
      {complete?.status !== 'filed' && (
        <form onSubmit={onSubmit} noValidate>
          <CodeLists />
          <ItemsEditor items={items} onChange={setItems} errorFor={errorFor} />
          <ProblemBox error={action.error} shown={items.flatMap((_, i) => ['hsCode', 'description', 'quantity', 'unit', 'value', 'originCountry'].map((k) => `items[${i}].${k}`)).concat('items')} />
          <div class="actions"><button type="submit" disabled={action.busy}>{t('complete.file')}</button></div>
        </form>
      )}
      <Done text={action.done} />
    </Section>
  );
}

function Withdraw({ id, onChange }: { id: string; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/declarations/${id}/withdraw`, { reason: reason.trim() });
      onChange();
    });
  };
  return (
    <details class="card">
      <summary>{t('withdraw.title')}</summary>
      <form onSubmit={onSubmit} noValidate>
        <TextArea label={t('common.reason')} value={reason} onInput={setReason} required error={action.errorFor('reason')} />
        <ProblemBox error={action.error} shown={['reason']} />
        <div class="actions"><button type="submit" class="danger" disabled={action.busy}>{t('withdraw.submit')}</button></div>
        <Done text={action.done} />
      </form>
    </details>
  );
}
