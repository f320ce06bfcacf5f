import { useEffect, useState } from 'preact/hooks';
import { ApiError, follow, get, post, query, type Page } from '../api';
import { say, t } from '../i18n';
import { href } from '../router';
import { Badge, Done, Field, ProblemBox, Refreshed, Section, Select, TextArea, fmtMoney, fmtTime, reloadSoon, useAction, useLoad, word, type Submit } from '../ui';
import { PrintedDeclaration } from './dec-message';
import { Checks, LiveIndicator, Pager } from './enterprise';
import { OfficerCorrections } from './corrections';
import { ShipmentCharges } from './fees';
import { Instructions } from './money';

type Agency = 'customs' | 'inspection' | 'border';
const CASE_FILTERS = ['', 'pending', 'examination', 'held', 'conformity-pending', 'released', 'rejected'];

/** An agency's open cases, most urgent first, refreshed every few seconds, with what the others found. */
export function Worklist({ agency }: { agency: Agency }) {
  const [status, setStatus] = useState('');
  const [page, setPage] = useState(1);
  const [live, setLive] = useState(true);
  const list = useLoad(() => get<Page<any>>(`/v1/agencies/${agency}/worklist${query({ status, page, pageSize: 20 })}`), [agency, status, page], live ? 4000 : undefined);
  return (
    <Section title={`${t('nav.worklist')} · ${word('agency', agency)}`} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
      <div class="filters">
        <Select label={t('common.status')} value={status} onChange={(v) => { setStatus(v); setPage(1); }} name="status"
          options={CASE_FILTERS.map((s): [string, string] => [s, s ? word('case', s) : t('worklist.open')])} />
        <label class="check"><input type="checkbox" checked={live} onChange={(e) => setLive((e.currentTarget as HTMLInputElement).checked)} /> {t('worklist.live')}</label>
      </div>
      <ProblemBox error={list.error} />
      {list.data && !list.data.items.length ? <p class="empty">{t('worklist.empty')}</p> : (
        <table>
          <thead><tr><th>{t('decl.number')}</th><th>{t('decl.declarant')}</th><th>{t('decl.mode')}</th><th>{t('common.status')}</th><th>{t('case.lane')}</th><th>{t('worklist.priority')}</th><th>{t('case.others')}</th><th>{t('worklist.openedAt')}</th></tr></thead>
          <tbody>
            {(list.data?.items ?? []).map((c) => (
              <tr key={c.declarationId}>
                <td><a class="mono" href={href('officer', 'cases', c.declarationId)}>{c.number ?? c.declarationId.slice(0, 8)}</a></td>
                <td>{c.declarant?.name}<br /><small class="mono">{c.declarant?.uscc}</small></td>
                <td>{word('mode', c.mode)}</td>
                <td><Badge group="case" value={c.status} />
                  {c.corrections?.pendingAmendments > 0 && <div class="hint" data-testid="pending-amendment">{t('worklist.pendingAmendment')}</div>}
                  {c.corrections?.answeredRequests > 0 && <div class="hint">{t('worklist.answeredRequest')}</div>}</td>
                <td>{c.lane ? <Badge group="lane" value={c.lane} /> : '—'}</td>
                <td>{c.priority}</td>
                <td>{Object.entries(c.otherAgencies ?? {}).map(([a, o]: [string, any]) => <div key={a}>{word('agency', a)}: <Badge group="case" value={o.status} /></div>)}</td>
                <td>{fmtTime(c.openedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} pageSize={20} total={list.data?.total ?? 0} onPage={setPage} />
    </Section>
  );
}

/** Whether an alert's subject names this shipment (执法互助): its enterprise, conveyance, a commodity or an origin. */
function matches(alert: any, declaration: any): boolean {
  const { kind, value } = alert.subject ?? {};
  if (!declaration || !value) return false;
  const v = String(value).toUpperCase();
  if (kind === 'enterprise') return declaration.declarant?.uscc?.toUpperCase() === v;
  if (kind === 'conveyance') return declaration.transport?.conveyance?.toUpperCase() === v;
  if (kind === 'commodity') return (declaration.items ?? []).some((i: any) => String(i.hsCode).startsWith(v));
  if (kind === 'origin') return (declaration.items ?? []).some((i: any) => String(i.originCountry).toUpperCase() === v);
  return false;
}

/** One case: the declaration, the lane and why, the others' facts (信息互换), alerts, the joint examination, and the officer's forms. */
export function CasePage({ agency, id }: { agency: Agency; id: string }) {
  const load = async () => {
    const [c, exam, alerts, view] = await Promise.all([
      get(`/v1/agencies/${agency}/cases/${encodeURIComponent(id)}`),
      get(`/v1/examinations/${encodeURIComponent(id)}`).catch((e) => (e instanceof ApiError && e.problem.status === 404 ? null : Promise.reject(e))),
      get<Page<any>>('/v1/alerts?status=active&pageSize=200'),
      // The declaration's view: its amendments, requests for information and return (API.md "Corrections").
      get(`/v1/declarations/${encodeURIComponent(id)}`).catch(() => null),
    ]);
    return { c, exam, view, alerts: alerts.items.filter((a) => matches(a, c.declaration)) };
  };
  const data = useLoad(load, [agency, id], 15000);
  // Live: the declaration's status stream says when anything of the shipment changed.
  const [link, setLink] = useState('connecting');
  useEffect(() => {
    const controller = new AbortController();
    let first = true;
    follow(`/v1/declarations/${encodeURIComponent(id)}/stream`, (event) => {
      if (event !== 'status') return;
      if (!first) data.reload();
      first = false;
    }, (state) => setLink(state), controller.signal);
    return () => controller.abort();
  }, [agency, id]);

  if (!data.data) return <Section title={t('case.title')}>{data.error ? <ProblemBox error={data.error} /> : <p>{t('common.loading')}</p>}</Section>;
  const { c, exam, alerts, view } = data.data;
  const d = c.declaration ?? {};
  return (
    <div class="stack">
      <p><a href={href('officer', 'worklist')}>← {t('nav.worklist')}</a></p>
      <Section title={`${t('case.title')} ${c.number ?? id.slice(0, 8)} · ${word('agency', agency)}`} actions={<><LiveIndicator state={link} /><Refreshed at={data.at} loading={data.loading} onRefresh={data.reload} /></>}>
        <ProblemBox error={data.error} />
        <div class="status-line">
          <span class="big-status" data-testid="case-status"><Badge group="case" value={c.status} /></span>
          {c.lane && <span>{t('case.lane')}: <Badge group="lane" value={c.lane} /></span>}
          <span>{t('worklist.priority')}: {c.priority}</span>
          <span>{t('decl.arrival')}: {c.arrived ? t('common.yes') : t('decl.notArrived')}</span>
          {c.duties && <span>{t('duties.assessed')}: {fmtMoney(c.duties.assessed ?? c.duties.amount ?? null)} ({word('settled', c.settled ?? 'none')})</span>}
        </div>
        <h3>{t('case.reasons')}</h3>
        {c.reasons?.length ? <ul>{c.reasons.map((r: any, i: number) => <li key={i}>{typeof r === 'string' ? r : <>{say(r, r.description)} <small class="mono">({r.rule})</small></>}</li>)}</ul> : <p class="empty">{t('common.none')}</p>}
        {c.releaseBlockers?.length > 0 && (<><h3>{t('case.blockers')}</h3><ul class="blockers">{(c.blockerMessages ?? c.releaseBlockers.map((b: string) => ({ code: `blocker.${b}` }))).map((b: any, i: number) => <li key={i}>{say(b)}</li>)}</ul></>)}
        {/* Money: what a bank confirmed settles duties; what is only instructed does not. */}
        <Instructions items={c.instructions} />
      </Section>
      <div class="grid-2">
        <Section title={t('case.declaration')}>
          <dl class="facts">
            <dt>{t('decl.declarant')}</dt><dd>{d.declarant?.name} <span class="mono">{d.declarant?.uscc}</span></dd>
            <dt>{t('decl.mode')}</dt><dd>{word('mode', d.mode)} · {word('direction', d.direction)}</dd>
            <dt>{t('decl.customsOffice')} / {t('decl.portOfEntry')}</dt><dd>{d.customsOffice} / {d.portOfEntry}</dd>
            <dt>{t('decl.transport')}</dt><dd>{word('transport', d.transport?.mode)} · {d.transport?.conveyance} {d.transport?.voyage ?? ''}{d.transport?.billOfLading ? ` · ${d.transport.billOfLading}` : ''}</dd>
            <dt>{t('decl.tradeMode')}</dt><dd>{d.tradeMode} · {d.incoterm} · {d.currency}</dd>
          </dl>
          <table>
            <caption>{t('decl.items')}</caption>
            <thead><tr><th>{t('decl.hsCode')}</th><th>{t('decl.description')}</th><th>{t('decl.quantity')}</th><th>{t('decl.value')}</th><th>{t('decl.origin')}</th></tr></thead>
            <tbody>{(d.items ?? []).map((i: any, n: number) => <tr key={n}><td class="mono">{i.hsCode}</td><td>{i.description}</td><td>{i.quantity} ({i.unit})</td><td>{i.value ?? '—'}</td><td>{i.originCountry}</td></tr>)}</tbody>
          </table>
          {d.documents?.length > 0 && <p>{t('decl.documents')}: {d.documents.map((x: any) => `${x.code} ${x.number}`).join(', ')}</p>}
        </Section>
        {d.message && <PrintedDeclaration view={{ message: d.message, number: d.number }} />}
        <Section title={t('case.others')}>
          {Object.keys(c.otherAgencies ?? {}).length === 0 ? <p class="empty">{t('case.noOthers')}</p> : Object.entries(c.otherAgencies).map(([a, o]: [string, any]) => (
            <div class="other" key={a}>
              <h3>{word('agency', a)} <Badge group="case" value={o.status} /> {o.lane && <Badge group="lane" value={o.lane} />}</h3>
              {o.reasons?.length > 0 && <ul>{(o.reasonMessages?.length === o.reasons.length ? o.reasonMessages.map((m: any, i: number) => `${m.rule}: ${say(m, o.reasons[i].slice(m.rule.length + 2))}`) : o.reasons).map((r: string, i: number) => <li key={i}>{r}</li>)}</ul>}
              <Checks checks={o.requiredChecks} />
              {o.decisions?.length > 0 && <ul class="decisions">{o.decisions.map((x: any, i: number) => <li key={i}>{fmtTime(x.at)} · {word('decision', x.decision)}{x.reason || x.code ? `: ${say(x, x.reason)}` : ''} <small>({x.by === 'system' ? t('decision.bySystem') : x.by})</small></li>)}</ul>}
            </div>
          ))}
          <h3>{t('case.alerts')}</h3>
          {alerts.length === 0 ? <p class="empty">{t('case.noAlerts')}</p> : (
            <ul class="alerts">{alerts.map((a: any) => <li key={a.id}><Badge group="alert-action" value={a.action} /> {word('subject', a.subject.kind)} <span class="mono">{a.subject.value}</span> — {a.reason} <small>({word('agency', a.raisedBy?.agency)}, {fmtTime(a.raisedAt)})</small></li>)}</ul>
          )}
        </Section>
      </div>
      <Examination exam={exam} agency={agency} id={id} onChange={data.reload} ownChecks={c.requiredChecks} />
      <ShipmentCharges id={id} />
      <OfficerCorrections agency={agency} view={view} onChange={() => reloadSoon(data.reload)} />
      <Decision agency={agency} id={id} onChange={data.reload} />
    </div>
  );
}

function Examination({ exam, agency, id, onChange, ownChecks }: { exam: any; agency: Agency; id: string; onChange: () => void; ownChecks: any[] }) {
  const pending: string[] = (exam?.requiredChecks?.[agency] ?? []).filter((c: any) => c.status === 'pending').map((c: any) => c.check);
  const [results, setResults] = useState<Record<string, { result: string; note: string }>>({});
  const action = useAction();
  if (!exam) return <Section title={t('exam.title')}><p class="empty">{t('exam.none')}</p><Checks checks={ownChecks} /></Section>;
  const chosen = pending.filter((check) => results[check]?.result);
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/examinations/${encodeURIComponent(id)}/findings`, {
        checks: chosen.map((check) => ({ check, result: results[check].result, ...(results[check].note.trim() ? { note: results[check].note.trim() } : {}) })),
      });
      setResults({});
      reloadSoon(onChange);
      return t('exam.recorded');
    });
  };
  return (
    <Section title={t('exam.title')}>
      <div class="status-line">
        <span data-testid="exam-status"><Badge group="exam" value={exam.status} /></span>
        {exam.round > 1 && <span data-testid="exam-round">{t('exam.round')} {exam.round}</span>}
        <span>{t('exam.agencies')}: {exam.agencies.map((a: string) => word('agency', a)).join('、')}</span>
        {exam.appointment && <span>{t('exam.appointment')}: {fmtTime(exam.appointment.slot?.from ?? exam.appointment.from)} – {fmtTime(exam.appointment.slot?.to ?? exam.appointment.to)} {exam.appointment.location ?? ''}</span>}
      </div>
      {/* 一次查验 of a truck: a check of the whole conveyance passed for another declaration on it. */}
      {(exam.checks ?? []).filter((c: any) => c.onConveyance).map((c: any) => (
        <p key={c.check} class="hint" data-testid="exam-on-conveyance">{word('check', c.check)}：{t('exam.onConveyance')} <span class="mono">{c.onConveyance.from.slice(0, 8)}</span></p>
      ))}
      <table>
        <caption>{t('exam.required')}</caption>
        <thead><tr><th>{t('common.agency')}</th><th>{t('case.requiredChecks')}</th></tr></thead>
        <tbody>
          {Object.entries(exam.requiredChecks ?? {}).map(([a, checks]: [string, any]) => (
            <tr key={a}><th scope="row">{word('agency', a)}</th><td><Checks checks={checks} /></td></tr>
          ))}
        </tbody>
      </table>
      {exam.findings?.length > 0 && (
        <table>
          <caption>{t('exam.findings')}</caption>
          <thead><tr><th>{t('exam.check')}</th><th>{t('exam.result')}</th><th>{t('common.agency')}</th><th>{t('exam.note')}</th></tr></thead>
          <tbody>{exam.findings.map((f: any, i: number) => <tr key={i}><td>{word('check', f.check)}</td><td><Badge group="result" value={f.result} /></td><td>{word('agency', f.by)}</td><td>{f.note ?? ''}</td></tr>)}</tbody>
        </table>
      )}
      {pending.length > 0 ? (
        <form onSubmit={onSubmit} aria-labelledby="findings-h" noValidate>
          <h3 id="findings-h">{t('exam.record')}</h3>
          {pending.map((check) => (
            <div class="row finding" key={check} role="group" aria-label={word('check', check)}>
              <Select label={`${word('check', check)} — ${t('exam.result')}`} value={results[check]?.result ?? ''} name={`result-${check}`}
                onChange={(v) => setResults({ ...results, [check]: { note: results[check]?.note ?? '', result: v } })}
                options={[['', t('exam.notNow')], ['pass', word('result', 'pass')], ['fail', word('result', 'fail')]]} />
              <TextArea label={`${word('check', check)} — ${t('exam.note')}`} rows={1} value={results[check]?.note ?? ''} onInput={(v) => setResults({ ...results, [check]: { result: results[check]?.result ?? '', note: v } })} />
            </div>
          ))}
          <ProblemBox error={action.error} />
          <div class="actions"><button type="submit" disabled={action.busy || chosen.length === 0}>{t('exam.submit')}</button></div>
        </form>
      ) : <p class="hint">{exam.status === 'completed' ? t('exam.allDone') : t('exam.nothingPending')}</p>}
      <Done text={action.done} />
    </Section>
  );
}

function Decision({ agency, id, onChange }: { agency: Agency; id: string; onChange: () => void }) {
  const [decision, setDecision] = useState('release');
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const asking = decision === 'request-information';
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const named = fields.split(/[,，]/).map((f) => f.trim()).filter(Boolean);
      const result = await post(`/v1/agencies/${agency}/cases/${encodeURIComponent(id)}/decisions`, { decision, reason: reason.trim(), ...(asking ? { fields: named } : {}) });
      setReason('');
      setFields('');
      reloadSoon(onChange);
      return `${t('decision.recorded')}: ${word(decision === 'return' || asking ? 'status' : 'case', result.status)}`;
    });
  };
  return (
    <Section title={t('decision.title')}>
      <form onSubmit={onSubmit} noValidate class="decision-form">
        <fieldset class="roles">
          <legend>{t('decision.decision')}</legend>
          {['release', 'hold', 'reject', 'examine', 'return', 'request-information'].map((value) => (
            <label key={value} class="radio"><input type="radio" name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)} /> {word('decision', value)}</label>
          ))}
        </fieldset>
        {errorFor('decision') && <p class="field-error">{errorFor('decision')}</p>}
        <TextArea label={t('common.reason')} value={reason} onInput={setReason} required error={errorFor('reason')} />
        {asking && <Field label={t('decision.fields')} hint={t('decision.fieldsHint')} value={fields} onInput={setFields} error={errorFor('fields')} />}
        <ProblemBox error={action.error} shown={['decision', 'reason', 'fields']} />
        <div class="actions"><button type="submit" class={decision === 'reject' ? 'danger' : undefined} disabled={action.busy}>{t('decision.submit')}</button></div>
        <Done text={action.done} />
      </form>
    </Section>
  );
}
