import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { say, t } from '../i18n';
import { href } from '../router';
import { Done, ProblemBox, Section, Select, TextArea, useAction, useLoad, word, type Submit } from '../ui';

interface Hold { code: string; params: Record<string, string>; at: string }
interface CrossingItem {
  id: string; conveyance: string; direction: string; portOfEntry: string; empty: boolean; status: string;
  crew: { name: string; document: string }[]; declarations: string[]; holds: Hold[]; declaredAt: string;
}
interface Crossing {
  id: string; conveyance: string; direction: string; portOfEntry: string; empty: boolean; status: string;
  crew: { name: string; document: string }[]; declarations: string[]; reasons: string[];
  alerts: { alertId: string; subject: { kind: string; value: string }; reason: string }[];
}

/** Why a crossing is held, in the officer's language (the catalogue's crossing-hold.* sentences). */
const holdWords = (hold: Hold) => say({ code: hold.code, params: hold.params });

/** 运输工具申报 for border check: the crossings waiting for a decision (held by alerts, or not yet assessed), refreshed every 10 s; one opened to decide it. */
export function CrossingsPage({ id }: { id?: string }) {
  return id ? <CrossingDecision id={id} /> : <CrossingList />;
}

function CrossingList() {
  const list = useLoad(() => get<{ items: CrossingItem[] }>('/v1/conveyances/crossings?status=waiting&pageSize=100'), [], 10_000);
  const items = list.data?.items ?? [];
  return (
    <Section title={t('crossings.title')} id="crossings">
      <ProblemBox error={list.error} />
      {items.length === 0 ? <p class="empty">{t('crossings.none')}</p> : (
        <table data-testid="crossings">
          <thead><tr><th>{t('decl.conveyance')}</th><th>{t('decl.portOfEntry')}</th><th>{t('decl.direction')}</th><th>{t('carrier.crew')}</th><th>{t('crossings.status')}</th><th>{t('crossings.holds')}</th><th /></tr></thead>
          <tbody>{items.map((c) => (
            <tr key={c.id}>
              <td>{c.conveyance}</td><td>{c.portOfEntry}</td>
              <td>{word('direction', c.direction)} · {c.empty ? t('crossings.empty') : `${t('crossings.loaded')} ${c.declarations.length}`}</td>
              <td>{c.crew.map((m) => `${m.name} ${m.document}`).join('；')}</td>
              <td>{t(`crossing.${c.status}` as any)}</td>
              <td>{c.holds.map(holdWords).join('；') || '—'}</td>
              <td><a href={href('officer', 'crossings', c.id)}>{t('crossings.open')}</a></td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Section>
  );
}

/** One crossing: its vehicle, crew, declarations and alerts; border check releases, holds or refuses it, with a reason. */
function CrossingDecision({ id }: { id: string }) {
  const crossing = useLoad(() => get<Crossing>(`/v1/conveyances/crossings/${id}`), [id]);
  const [decision, setDecision] = useState('release');
  const [reason, setReason] = useState('');
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/conveyances/crossings/${id}/decisions`, { decision, reason: reason.trim() });
      crossing.reload();
      return t(`crossings.decided.${decision}` as any);
    });
  };
  const c = crossing.data;
  // The alerts that hold it, worded like the worklist's holds.
  const holds = (c?.alerts ?? []).map((a): Hold => ({ code: 'crossing-hold.alert', params: { alertId: a.alertId, subject: a.subject.kind, value: a.subject.value, reason: a.reason }, at: '' }));
  return (
    <Section title={`${t('carrier.crossing')} ${c?.conveyance ?? ''}`} id="crossing-decision">
      <p><a href={href('officer', 'crossings')}>{t('crossings.back')}</a></p>
      <ProblemBox error={crossing.error} />
      {c && (
        <dl class="facts">
          <dt>{t('crossings.status')}</dt><dd data-testid="crossing-status">{t(`crossing.${c.status}` as any)}</dd>
          <dt>{t('decl.portOfEntry')}</dt><dd>{c.portOfEntry} · {word('direction', c.direction)}</dd>
          <dt>{t('carrier.crew')}</dt><dd>{c.crew.map((m) => `${m.name} ${m.document}`).join('；')}</dd>
          <dt>{t('crossings.declarations')}</dt><dd class="mono">{c.empty ? t('crossings.empty') : c.declarations.map((d) => d.slice(0, 8)).join('、')}</dd>
          <dt>{t('crossings.holds')}</dt><dd data-testid="crossing-holds">{holds.map(holdWords).join('；') || '—'}</dd>
        </dl>
      )}
      {c && (c.status === 'declared' || c.status === 'held' || c.status === 'cleared') && (
        <form onSubmit={onSubmit} noValidate>
          <Select label={t('crossings.decision')} value={decision} onChange={setDecision} name="decision"
            options={[['release', t('crossings.release')], ['hold', t('crossings.hold')], ['reject', t('crossings.reject')]]} error={action.errorFor('decision')} />
          <TextArea label={t('crossings.reason')} value={reason} onInput={setReason} required error={action.errorFor('reason')} />
          <div class="actions"><button type="submit" disabled={action.busy}>{t('crossings.submit')}</button></div>
        </form>
      )}
      <ProblemBox error={action.error} shown={['decision', 'reason']} />
      <Done text={action.done} />
    </Section>
  );
}
