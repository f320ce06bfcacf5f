import { useEffect, useState } from 'preact/hooks';
import { ApiError, follow, get, query, type Problem } from '../api';
import { t } from '../i18n';
import { session } from '../session';
import { Done, Field, ProblemBox, Section, Select, fmtHours, fmtTime, useAction, useLoad, word, type Submit } from '../ui';
import { LiveIndicator } from './enterprise';

interface Alarm { code: string; declarationId: string; number?: string | null; thresholdHours: number; direction: string; mode: string; portOfEntry: string; declarant: string; since: string; passedAt: string }

/** 超时预警: shipments passing 24 h and 48 h, pushed by the server as they pass (the standing ones first). */
export function OversightAlarms({ linkCase }: { linkCase: (id: string) => string }) {
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [link, setLink] = useState<{ state: 'connecting' | 'open' | 'closed' | 'error'; error?: ApiError }>({ state: 'connecting' });
  useEffect(() => {
    const controller = new AbortController();
    follow('/v1/oversight/stream', (event, data: Alarm) => {
      if (event !== 'alarm') return;
      const key = (a: Alarm) => `${a.declarationId}:${a.thresholdHours}`;
      setAlarms((list) => [data, ...list.filter((a) => key(a) !== key(data))].sort((a, b) => b.passedAt.localeCompare(a.passedAt)));
    }, (state, error) => setLink({ state, error }), controller.signal);
    return () => controller.abort();
  }, []);
  return (
    <Section title={t('alarms.title')} actions={<LiveIndicator state={link.state} />}>
      <ProblemBox error={link.error} />
      {alarms.length === 0 ? <p class="empty">{t('alarms.none')}</p> : (
        <table data-testid="alarms">
          <thead><tr><th>{t('alarms.alarm')}</th><th>{t('decl.id')}</th><th>{t('decl.direction')}</th><th>{t('decl.portOfEntry')}</th><th>{t('alarms.since')}</th><th>{t('alarms.passedAt')}</th></tr></thead>
          <tbody>{alarms.map((a) => (
            <tr key={`${a.declarationId}:${a.thresholdHours}`} class={a.thresholdHours >= 48 ? 'row-warn' : undefined}>
              <td>{word('alarm', a.code)}</td><td><a class="mono" href={linkCase(a.declarationId)} title={a.declarationId}>{a.number ?? a.declarationId.slice(0, 8)}</a></td>
              <td>{word('direction', a.direction)} · {word('mode', a.mode)}</td><td>{a.portOfEntry}</td><td>{fmtTime(a.since)}</td><td>{fmtTime(a.passedAt)}</td>
            </tr>
          ))}</tbody>
        </table>
      )}
    </Section>
  );
}

/** Weekly and monthly 整体通关时间 reports, and their CSV for a spreadsheet. */
export function ClearanceReportsPanel() {
  const [period, setPeriod] = useState('week');
  const [from, setFrom] = useState('');
  const [shown, setShown] = useState({ period: 'week', from: '' });
  const report = useLoad(() => get(`/v1/reports/clearance${query(shown)}`), [shown.period, shown.from]);
  const download = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    setShown({ period, from });
  };
  const csv = () => void download.run(async () => {
    const response = await fetch(`/v1/reports/clearance${query(shown)}`, { headers: { accept: 'text/csv', authorization: `Bearer ${session.token()}` } });
    if (!response.ok) throw new ApiError((await response.json().catch(() => ({ title: response.statusText, status: response.status }))) as Problem);
    const url = URL.createObjectURL(await response.blob());
    const anchor = Object.assign(document.createElement('a'), { href: url, download: /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'clearance.csv' });
    anchor.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    return t('reports.downloaded');
  });
  const r = report.data;
  const errorFor = (field: string) => (report.error instanceof ApiError ? report.error.field(field) : undefined);
  return (
    <Section title={t('reports.title')}>
      <form class="row" onSubmit={onSubmit} noValidate>
        <Select label={t('reports.period')} value={period} onChange={setPeriod} options={[['week', t('period.week')], ['month', t('period.month')]]} error={errorFor('period')} />
        <Field label={t('reports.from')} type="date" value={from} onInput={setFrom} error={errorFor('from')} hint={t('reports.fromHint')} />
        <div class="actions"><button type="submit">{t('reports.show')}</button><button type="button" class="secondary" onClick={csv} disabled={download.busy}>{t('reports.csv')}</button></div>
      </form>
      <ProblemBox error={report.error ?? download.error} shown={['period', 'from']} />
      {r && (
        <>
          <p class="hint">{r.from} – {r.to} ({t('reports.toExclusive')}) · {t('oversight.engineNow')} {fmtTime(r.at)}</p>
          <table data-testid="report">
            <thead><tr><th>{t('reports.dimension')}</th><th>{t('reports.group')}</th><th>{t('oversight.released')}</th><th>{t('oversight.median')}</th><th>p90</th><th>{t('oversight.within24h')}</th><th>{t('reports.before')}</th><th>{t('reports.after')}</th><th>{t('oversight.overdue')}</th></tr></thead>
            <tbody>{r.rows.map((row: any, i: number) => (
              <tr key={i}>
                <td>{word('dimension', row.dimension)}</td>
                <td>{[row.direction && word('direction', row.direction), row.port && `${row.portName ?? ''} ${row.port}`, row.mode && word('mode', row.mode)].filter(Boolean).join(' · ') || '—'}</td>
                <td>{row.released}</td><td>{fmtHours(row.clearanceTime.medianHours)}</td><td>{fmtHours(row.clearanceTime.p90Hours)}</td>
                <td>{row.releasedWithin24h.share === null ? '—' : `${Math.round(row.releasedWithin24h.share * 1000) / 10} %`}</td>
                <td>{fmtHours(row.beforeDeclaring.medianHours)}</td><td>{fmtHours(row.afterDeclaring.medianHours)}</td><td>{row.overdue}</td>
              </tr>
            ))}</tbody>
          </table>
        </>
      )}
      <Done text={download.done} />
    </Section>
  );
}
