import { useState } from 'preact/hooks';
import { get, query, type Page } from '../api';
import { t } from '../i18n';
import { Field, ProblemBox, Refreshed, Section, fmtHours, fmtTime, useLoad, word, type Submit } from '../ui';
import { RefusedCharges } from './fees';
import { ClearanceReportsPanel, OversightAlarms } from './oversight-live';

interface Distribution { count: number; medianHours: number | null; p90Hours: number | null }

/** Clearance-time buckets (hours) for the distribution chart. */
const BUCKETS: [number, number][] = [[0, 1], [1, 4], [4, 12], [12, 24], [24, 48], [48, Infinity]];
const PAGE_SIZE = 100;
const MAX_PAGES = 10;

/**
 * Each released declaration's clearance time as China measures it (imports from arrival, exports
 * from declaration, to release), from the declarations list (the metrics endpoint gives medians
 * and p90s, not the spread). The newest 1,000 per status at most.
 */
async function clearanceTimes(from: string, to: string): Promise<{ hours: number[]; capped: boolean }> {
  const hours: number[] = [];
  let capped = false;
  const lo = from ? Date.parse(from) : -Infinity;
  const hi = to ? Date.parse(to) : Infinity;
  for (const status of ['released', 'exited']) {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const list = await get<Page<any>>(`/v1/declarations${query({ status, page, pageSize: PAGE_SIZE })}`);
      for (const d of list.items) {
        const submitted = Date.parse(d.submittedAt);
        const start = d.direction === 'export' ? submitted : d.arrival ? Date.parse(d.arrival.arrivedAt) : NaN;
        if (d.releasedAt && submitted >= lo && submitted <= hi && !Number.isNaN(start)) hours.push(Math.max(0, Date.parse(d.releasedAt) - start) / 3_600_000);
      }
      if (page * PAGE_SIZE >= list.total) break;
      if (page === MAX_PAGES) capped = true;
    }
  }
  return { hours, capped };
}

/** 整体通关时间: how long clearance takes, where the time goes, and what is overdue. */
export function Oversight({ linkCase }: { linkCase: (id: string) => string }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [window, setWindow] = useState({ from: '', to: '' });
  const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
  const report = useLoad(async () => {
    const [metrics, times] = await Promise.all([
      get(`/v1/metrics/clearance${query({ from: toIso(window.from), to: toIso(window.to) })}`),
      clearanceTimes(toIso(window.from), toIso(window.to)),
    ]);
    return { metrics, times };
  }, [window.from, window.to], 30000);
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    setWindow({ from, to });
  };
  const m = report.data?.metrics;
  const hist = BUCKETS.map(([lo, hi]) => ({ label: hi === Infinity ? `≥ ${lo} h` : `${lo}–${hi} h`, value: (report.data?.times.hours ?? []).filter((h) => h >= lo && h < hi).length }));
  return (
    <div class="stack">
      <Section title={t('nav.oversight')} actions={<Refreshed at={report.at} loading={report.loading} onRefresh={report.reload} />}>
        <form class="row" onSubmit={onSubmit} noValidate>
          <Field label={t('oversight.from')} type="datetime-local" value={from} onInput={setFrom} error={undefined} />
          <Field label={t('oversight.to')} type="datetime-local" value={to} onInput={setTo} />
          <div class="actions"><button type="submit">{t('oversight.apply')}</button></div>
        </form>
        <ProblemBox error={report.error} />
        {m && (
          <div class="tiles">
            <Tile label={t('oversight.submitted')} value={m.counts.submitted} />
            <Tile label={t('oversight.released')} value={m.counts.released} />
            <Tile label={t('oversight.open')} value={m.counts.open} />
            <Tile label={t('oversight.median')} value={fmtHours(m.clearanceTime.medianHours)} />
            <Tile label={t('oversight.p90')} value={fmtHours(m.clearanceTime.p90Hours)} />
            <Tile label={t('oversight.within24h')} value={m.releasedWithin24h.share === null ? '—' : `${Math.round(m.releasedWithin24h.share * 1000) / 10} %`} note={`${m.releasedWithin24h.count} / ${m.releasedWithin24h.of}`} testId="share24h" />
            <Tile label={t('oversight.overdue')} value={m.overdue.count} warn={m.overdue.count > 0} />
          </div>
        )}
        {m && <p class="hint">{t('oversight.window')}: {fmtTime(m.window.from)} – {fmtTime(m.window.to)} · {t('oversight.engineNow')} {fmtTime(m.now)}</p>}
      </Section>
      {m && (
        <>
          <div class="grid-2">
            <Section title={t('oversight.distribution')}>
              <Histogram bars={hist} />
              {report.data!.times.capped && <p class="hint">{t('oversight.capped')}</p>}
            </Section>
            <Section title={t('oversight.stages')}>
              <StageBars stages={m.stages} />
            </Section>
          </div>
          <Section title={t('oversight.perAgency')}>
            <div class="grid-3">
              {Object.entries(m.agencies as Record<string, Record<string, Distribution>>).map(([agency, stages]) => (
                <div key={agency}><h3>{word('agency', agency)}</h3><StageBars stages={stages} /></div>
              ))}
            </div>
          </Section>
          <Section title={`${t('oversight.overdueList')} (> ${m.overdue.thresholdHours} h)`}>
            {m.overdue.items.length === 0 ? <p class="empty">{t('oversight.noOverdue')}</p> : (
              <table>
                <thead><tr><th>{t('decl.id')}</th><th>{t('decl.uscc')}</th><th>{t('decl.mode')}</th><th>{t('decl.portOfEntry')}</th><th>{t('decl.arrival')}</th><th>{t('oversight.hoursOpen')}</th></tr></thead>
                <tbody>{m.overdue.items.map((o: any) => (
                  <tr key={o.id}><td><a class="mono" href={linkCase(o.id)} title={o.id}>{o.number ?? o.id.slice(0, 8)}</a></td><td class="mono">{o.declarant}</td><td>{word('mode', o.mode)}</td><td>{o.portOfEntry}</td><td>{fmtTime(o.arrivedAt)}</td><td>{o.hoursOpen.toFixed(1)}</td></tr>
                ))}</tbody>
              </table>
            )}
          </Section>
        </>
      )}
      <OversightAlarms linkCase={linkCase} />
      <ClearanceReportsPanel />
      <RefusedCharges linkCase={linkCase} />
    </div>
  );
}

function Tile({ label, value, note, warn, testId }: { label: string; value: string | number; note?: string; warn?: boolean; testId?: string }) {
  return <div class={`tile${warn ? ' tile-warn' : ''}`} data-testid={testId}><span class="tile-label">{label}</span><span class="tile-value">{value}</span>{note && <span class="tile-note">{note}</span>}</div>;
}

/** Vertical bars: how many released declarations took how long. */
function Histogram({ bars }: { bars: { label: string; value: number }[] }) {
  const width = 480, height = 220, pad = 32, gap = 12;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const w = (width - pad * 2 - gap * (bars.length - 1)) / bars.length;
  const total = bars.reduce((n, b) => n + b.value, 0);
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="hist-title" class="chart">
        <title id="hist-title">{t('oversight.distribution')}: {bars.map((b) => `${b.label} ${b.value}`).join(', ')}</title>
        <line x1={pad} y1={height - pad} x2={width - pad} y2={height - pad} class="axis" />
        {bars.map((b, i) => {
          const h = ((height - pad * 2) * b.value) / max;
          const x = pad + i * (w + gap);
          return (
            <g key={b.label}>
              <rect x={x} y={height - pad - h} width={w} height={h} class="bar" />
              <text x={x + w / 2} y={height - pad - h - 6} text-anchor="middle" class="value">{b.value}</text>
              <text x={x + w / 2} y={height - pad + 16} text-anchor="middle" class="label">{b.label}</text>
            </g>
          );
        })}
      </svg>
      <figcaption>{t('oversight.distributionCaption')} ({total})</figcaption>
    </figure>
  );
}

/** Horizontal bars per stage: the median, and the 90th percentile behind it. */
function StageBars({ stages }: { stages: Record<string, Distribution> }) {
  const entries = Object.entries(stages);
  const rowH = 34, labelW = 190, width = 560, right = 150;
  const height = entries.length * rowH + 24;
  const max = Math.max(0.0001, ...entries.map(([, d]) => d.p90Hours ?? 0));
  const scale = (h: number | null) => ((width - labelW - right) * (h ?? 0)) / max;
  return (
    <figure>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" class="chart">
        <title>{entries.map(([name, d]) => `${word('stage', name)}: ${t('oversight.median')} ${fmtHours(d.medianHours)}, p90 ${fmtHours(d.p90Hours)}, n=${d.count}`).join('; ')}</title>
        {entries.map(([name, d], i) => (
          <g key={name} transform={`translate(0 ${i * rowH + 8})`}>
            <text x={labelW - 8} y={14} text-anchor="end" class="label">{word('stage', name)}</text>
            <rect x={labelW} y={2} width={scale(d.p90Hours)} height={18} class="bar-p90" />
            <rect x={labelW} y={6} width={scale(d.medianHours)} height={10} class="bar" />
            <text x={labelW + scale(d.p90Hours) + 6} y={16} class="value">{d.count ? `${fmtHours(d.medianHours)} / ${fmtHours(d.p90Hours)}` : '—'}</text>
          </g>
        ))}
      </svg>
      <figcaption><span class="key key-median" /> {t('oversight.median')} <span class="key key-p90" /> p90 · {t('oversight.stagesCaption')}</figcaption>
    </figure>
  );
}
