import { useState } from 'preact/hooks';
import { get, post, query, type Page } from '../api';
import { t } from '../i18n';
import { Badge, Done, Field, ProblemBox, Refreshed, Section, Select, TextArea, fmtTime, reloadSoon, useAction, useLoad, word, type Submit } from '../ui';
import { Pager } from './enterprise';

/** 执法互助: alerts every agency sees; raise one, lift one. */
export function AlertsPage() {
  const [status, setStatus] = useState('active');
  const [page, setPage] = useState(1);
  const list = useLoad(() => get<Page<any>>(`/v1/alerts${query({ status, page, pageSize: 50 })}`), [status, page], 10000);
  return (
    <div class="stack">
      <Raise onRaised={list.reload} />
      <Section title={t('alerts.title')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
        <div class="filters">
          <Select label={t('common.status')} value={status} onChange={(v) => { setStatus(v); setPage(1); }}
            options={[['active', word('alert', 'active')], ['lifted', word('alert', 'lifted')], ['', t('common.all')]]} />
        </div>
        <ProblemBox error={list.error} />
        {list.data && !list.data.items.length ? <p class="empty">{t('common.none')}</p> : (
          <table>
            <thead><tr><th>{t('alerts.subject')}</th><th>{t('alerts.action')}</th><th>{t('common.reason')}</th><th>{t('alerts.raisedBy')}</th><th>{t('common.status')}</th><th /></tr></thead>
            <tbody>{(list.data?.items ?? []).map((a) => <AlertRow key={a.id} alert={a} onLifted={list.reload} />)}</tbody>
          </table>
        )}
        <Pager page={page} pageSize={50} total={list.data?.total ?? 0} onPage={setPage} />
      </Section>
    </div>
  );
}

function AlertRow({ alert, onLifted }: { alert: any; onLifted: () => void }) {
  const action = useAction();
  const lift = () => void action.run(async () => {
    await post(`/v1/alerts/${alert.id}/lift`, {});
    reloadSoon(onLifted);
  });
  return (
    <tr>
      <td>{word('subject', alert.subject.kind)}: <span class="mono">{alert.subject.value}</span></td>
      <td><Badge group="alert-action" value={alert.action} /></td>
      <td>{alert.reason}</td>
      <td>{word('agency', alert.raisedBy?.agency)}<br /><small>{fmtTime(alert.raisedAt)}</small></td>
      <td><Badge group="alert" value={alert.status} />{alert.liftedAt && <><br /><small>{fmtTime(alert.liftedAt)}</small></>}</td>
      <td>
        {alert.status === 'active' && <button type="button" class="secondary small" disabled={action.busy} onClick={lift} aria-label={`${t('alerts.lift')} ${alert.subject.value}`}>{t('alerts.lift')}</button>}
        <ProblemBox error={action.error} />
      </td>
    </tr>
  );
}

function Raise({ onRaised }: { onRaised: () => void }) {
  const [kind, setKind] = useState('enterprise');
  const [value, setValue] = useState('');
  const [reason, setReason] = useState('');
  const [alertAction, setAlertAction] = useState('examine');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const { id } = await post<{ id: string }>('/v1/alerts', { subject: { kind, value: value.trim() }, reason: reason.trim(), action: alertAction });
      setValue('');
      setReason('');
      reloadSoon(onRaised);
      return `${t('alerts.raised')} ${id.slice(0, 8)}`;
    });
  };
  return (
    <Section title={t('alerts.raise')}>
      <form onSubmit={onSubmit} noValidate>
        <div class="row">
          <Select label={t('alerts.kind')} value={kind} onChange={setKind} name="kind" error={errorFor('subject.kind')}
            options={['enterprise', 'conveyance', 'commodity', 'origin'].map((k): [string, string] => [k, word('subject', k)])} />
          <Field label={t('alerts.value')} value={value} onInput={setValue} required name="value" error={errorFor('subject.value')} hint={t(`alerts.hint.${kind}` as any)} />
          <Select label={t('alerts.action')} value={alertAction} onChange={setAlertAction} name="action" error={errorFor('action')}
            options={[['examine', word('alert-action', 'examine')], ['hold', word('alert-action', 'hold')]]} />
        </div>
        <TextArea label={t('common.reason')} value={reason} onInput={setReason} required error={errorFor('reason')} />
        <ProblemBox error={action.error} shown={['subject.kind', 'subject.value', 'action', 'reason']} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('alerts.raiseButton')}</button></div>
        <Done text={action.done} />
      </form>
    </Section>
  );
}
