import { useState } from 'preact/hooks';
import { post } from '../api';
import { t } from '../i18n';
import { Badge, Done, Field, ProblemBox, Section, TextArea, fmtTime, useAction, word, type Submit } from '../ui';

/**
 * Corrections (API.md "Corrections") in the consoles: the declarant's amendment (修改申请),
 * resubmission after a return (退单) and answers to requests for information (补充申报); the
 * customs officer's decision on an amendment. Both sides read the same lists from the view.
 */

type Item = { hsCode: string; description: string; quantity: number; unit: string; value?: number; originCountry: string };
type Line = { hsCode: string; quantity: string; value: string };

const linesOf = (items: Item[] | undefined): Line[] => (items ?? []).map((i) => ({ hsCode: i.hsCode, quantity: String(i.quantity), value: i.value === undefined ? '' : String(i.value) }));
const asNumber = (text: string) => (text.trim() === '' ? undefined : Number(text));
const withLines = (items: Item[], lines: Line[], hsCode: boolean): Item[] =>
  items.map((item, n) => ({ ...item, ...(hsCode ? { hsCode: lines[n]!.hsCode.trim() } : {}), quantity: asNumber(lines[n]!.quantity) as number, value: asNumber(lines[n]!.value) }));

/** The lines' values and quantities (and, for a resubmission, their HS codes), each with the API's message beside it. */
function LinesEditor({ items, lines, setLines, hsCode, errorFor, prefix }: {
  items: Item[]; lines: Line[]; setLines: (lines: Line[]) => void; hsCode: boolean; errorFor: (field: string) => string | undefined; prefix: string;
}) {
  const set = (n: number, key: keyof Line, value: string) => setLines(lines.map((l, i) => (i === n ? { ...l, [key]: value } : l)));
  return (
    <>{items.map((item, n) => (
      <div class="row" key={n} role="group" aria-label={`${t('decl.items')} ${n + 1}: ${item.description}`}>
        {hsCode && <Field label={`${n + 1} · ${t('decl.hsCode')}`} value={lines[n]!.hsCode} onInput={(v) => set(n, 'hsCode', v)} error={errorFor(`${prefix}items[${n}].hsCode`)} />}
        <Field label={`${n + 1} · ${t('decl.quantity')} (${item.unit})`} value={lines[n]!.quantity} onInput={(v) => set(n, 'quantity', v)} type="number" error={errorFor(`${prefix}items[${n}].quantity`)} />
        <Field label={`${n + 1} · ${t('decl.value')}`} value={lines[n]!.value} onInput={(v) => set(n, 'value', v)} type="number" error={errorFor(`${prefix}items[${n}].value`)} />
      </div>
    ))}</>
  );
}

/** What an amendment changes, in a line a reader can check. */
function changesText(changes: Record<string, any>): string {
  return Object.entries(changes ?? {}).map(([field, value]) => (field === 'items' && Array.isArray(value)
    ? value.map((i: Item, n: number) => `${n + 1}: ${i.hsCode} × ${i.quantity} = ${i.value ?? '—'}`).join('; ')
    : `${field}: ${JSON.stringify(value)}`)).join(' · ');
}

export function AmendmentList({ amendments }: { amendments: any[] | undefined }) {
  if (!amendments?.length) return <p class="empty">{t('amend.none')}</p>;
  return (
    <table data-testid="amendments">
      <caption>{t('amend.list')}</caption>
      <thead><tr><th>{t('amend.requestedAt')}</th><th>{t('common.status')}</th><th>{t('common.reason')}</th><th>{t('amend.changes')}</th><th>{t('amend.decidedBy')}</th></tr></thead>
      <tbody>{amendments.map((a) => (
        <tr key={a.id}>
          <td>{fmtTime(a.requestedAt)}{a.afterRelease ? <> · {t('amend.afterRelease')}</> : null}</td>
          <td><Badge group="amendment" value={a.status} /></td><td>{a.reason}</td><td>{changesText(a.changes)}</td>
          <td>{a.decidedBy ?? '—'}{a.decision?.reason ? `: ${a.decision.reason}` : ''}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

export function RequestList({ requests }: { requests: any[] | undefined }) {
  if (!requests?.length) return null;
  return (
    <ul class="requests" data-testid="requests">{requests.map((r) => (
      <li key={r.id}><Badge group="request" value={r.status} /> {word('agency', r.agency)}: {r.reason}{r.fields?.length ? ` (${r.fields.join(', ')})` : ''}
        {r.answer && <> — {t('info.answer')}: {r.answer.note}{r.answer.documents?.length ? ` [${r.answer.documents.map((d: any) => `${d.code} ${d.number}`).join(', ')}]` : ''}</>}
      </li>
    ))}</ul>
  );
}

/** The declarant's side, on its declaration page. */
export function DeclarantCorrections({ view, onChange }: { view: any; onChange: () => void }) {
  const closed = ['rejected', 'withdrawn'].includes(view.status);
  const pending = (view.amendments ?? []).some((a: any) => a.status === 'pending');
  const open = (view.requests ?? []).filter((r: any) => r.status === 'open');
  // What was sent is said here, not in its form: the form goes once the live view shows it taken.
  const [sent, setSent] = useState<string | null>(null);
  return (
    <Section title={`${t('amend.title')} · ${t('amend.version')} ${view.version ?? 1}`}>
      <Done text={sent} />
      {view.returned && <div class="problem" role="note" data-testid="returned"><strong>{t('return.notice')}</strong><p>{word('agency', view.returned.agency)}: {view.returned.reason}</p></div>}
      {view.returned && view.declaration && <Resubmit view={view} onChange={onChange} onSent={setSent} />}
      {open.map((r: any) => <Answer key={r.id} id={view.id} request={r} onChange={onChange} />)}
      <RequestList requests={view.requests} />
      <AmendmentList amendments={view.amendments} />
      {!closed && !view.returned && !pending && view.declaration && <Amend view={view} onChange={onChange} onSent={setSent} />}
    </Section>
  );
}

function Amend({ view, onChange, onSent }: { view: any; onChange: () => void; onSent: (note: string | null) => void }) {
  const items: Item[] = view.declaration.items;
  const [lines, setLines] = useState<Line[]>(linesOf(items));
  const [reason, setReason] = useState('');
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    onSent(null);
    void action.run(async () => {
      await post(`/v1/declarations/${view.id}/amendments`, { reason: reason.trim(), changes: { items: withLines(items, lines, false) } });
      onSent(t('amend.sent'));
      onChange();
    });
  };
  return (
    <details class="card">
      <summary>{t('amend.ask')}{view.releasedAt ? ` · ${t('amend.afterReleaseHint')}` : ''}</summary>
      <form onSubmit={onSubmit} noValidate aria-label={t('amend.ask')}>
        <LinesEditor items={items} lines={lines} setLines={setLines} hsCode={false} errorFor={action.errorFor} prefix="changes." />
        <TextArea label={t('common.reason')} value={reason} onInput={setReason} required error={action.errorFor('reason')} />
        <ProblemBox error={action.error} shown={['reason', ...items.flatMap((_, n) => [`changes.items[${n}].quantity`, `changes.items[${n}].value`])]} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('amend.submit')}</button></div>
      </form>
    </details>
  );
}

function Resubmit({ view, onChange, onSent }: { view: any; onChange: () => void; onSent: (note: string | null) => void }) {
  const items: Item[] = view.declaration.items;
  const [lines, setLines] = useState<Line[]>(linesOf(items));
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    onSent(null);
    void action.run(async () => {
      await post(`/v1/declarations/${view.id}/resubmit`, { ...view.declaration, items: withLines(items, lines, true) });
      onSent(t('return.resubmitted'));
      onChange();
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('return.resubmit')}>
      <h3>{t('return.resubmit')}</h3>
      <LinesEditor items={items} lines={lines} setLines={setLines} hsCode errorFor={action.errorFor} prefix="" />
      <ProblemBox error={action.error} shown={items.flatMap((_, n) => [`items[${n}].hsCode`, `items[${n}].quantity`, `items[${n}].value`])} />
      <div class="actions"><button type="submit" disabled={action.busy}>{t('return.resubmit')}</button></div>
    </form>
  );
}

function Answer({ id, request, onChange }: { id: string; request: any; onChange: () => void }) {
  const [note, setNote] = useState('');
  const [code, setCode] = useState('');
  const [number, setNumber] = useState('');
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const documents = code.trim() || number.trim() ? [{ code: code.trim(), number: number.trim() }] : [];
      await post(`/v1/declarations/${id}/responses`, { requestId: request.id, note: note.trim(), documents });
      onChange();
      return t('info.answered');
    });
  };
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('info.answerTitle')} class="card">
      <h3>{t('info.answerTitle')}: {request.reason}</h3>
      <TextArea label={t('info.note')} value={note} onInput={setNote} required error={action.errorFor('note')} />
      <div class="row">
        <Field label={t('info.documentCode')} value={code} onInput={setCode} error={action.errorFor('documents[0].code')} />
        <Field label={t('info.documentNumber')} value={number} onInput={setNumber} error={action.errorFor('documents[0].number')} />
      </div>
      <ProblemBox error={action.error} shown={['note', 'documents[0].code', 'documents[0].number']} />
      <div class="actions"><button type="submit" disabled={action.busy}>{t('info.send')}</button></div>
      <Done text={action.done} />
    </form>
  );
}

/** The officer's side, on the case page: amendments to decide (customs), requests and their answers. */
export function OfficerCorrections({ agency, view, onChange }: { agency: string; view: any; onChange: () => void }) {
  if (!view) return null;
  const pending = (view.amendments ?? []).filter((a: any) => a.status === 'pending');
  return (
    <Section title={`${t('amend.title')} · ${t('amend.version')} ${view.version ?? 1}`}>
      {view.returned && <p class="hint" data-testid="returned">{t('return.notice')}: {view.returned.reason}</p>}
      <RequestList requests={view.requests} />
      <AmendmentList amendments={view.amendments} />
      {agency === 'customs' && pending.map((a: any) => <DecideAmendment key={a.id} id={view.id} amendment={a} onChange={onChange} />)}
    </Section>
  );
}

function DecideAmendment({ id, amendment, onChange }: { id: string; amendment: any; onChange: () => void }) {
  const [reason, setReason] = useState('');
  const action = useAction();
  const decide = (decision: 'approve' | 'refuse') => void action.run(async () => {
    await post(`/v1/agencies/customs/cases/${encodeURIComponent(id)}/amendments/${amendment.id}/decisions`, { decision, reason: reason.trim() });
    onChange();
    return `${t('amend.decided')}: ${word('amendment', decision === 'approve' ? 'approved' : 'refused')}`;
  });
  return (
    <form onSubmit={(e: Submit) => { e.preventDefault(); decide('approve'); }} noValidate aria-label={t('amend.decide')} class="card">
      <h3>{t('amend.decide')}: {changesText(amendment.changes)}</h3>
      <TextArea label={t('common.reason')} value={reason} onInput={setReason} required error={action.errorFor('reason')} />
      <ProblemBox error={action.error} shown={['reason']} />
      <div class="actions">
        <button type="submit" disabled={action.busy}>{t('amend.approve')}</button>
        <button type="button" class="danger" disabled={action.busy} onClick={() => decide('refuse')}>{t('amend.refuse')}</button>
      </div>
      <Done text={action.done} />
    </form>
  );
}
