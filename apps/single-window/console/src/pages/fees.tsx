import { useState } from 'preact/hooks';
import { ApiError, get, query, type Page } from '../api';
import { t } from '../i18n';
import { CodeLists } from './declaration-form';
import { Field, ProblemBox, Refreshed, Section, fmtMoney, fmtTime, useLoad, word, type Submit } from '../ui';

/** Today in China, as the catalogue's days are. */
const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The public catalogue is read without a token, signed in or not: the fee page is for anyone
 * (清单之外无收费 only works when everyone can see the list).
 */
async function publicGet<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) throw new ApiError({ title: body?.title ?? response.statusText, status: response.status, detail: body?.detail, errors: body?.errors });
  return body as T;
}

/** 口岸收费目录清单: each port's catalogue in force on a day, for anyone, without signing in. */
export function FeeCatalogue() {
  const [port, setPort] = useState('');
  const [asOf, setAsOf] = useState(chinaToday());
  const [shown, setShown] = useState({ port: '', asOf: chinaToday() });
  const catalogues = useLoad(() => publicGet<Page<any> & { asOf: string }>(`/v1/fees/catalogues${query({ port: shown.port.trim(), asOf: shown.asOf })}`), [shown.port, shown.asOf]);
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    setShown({ port, asOf });
  };
  const errorFor = (field: string) => (catalogues.error instanceof ApiError ? catalogues.error.field(field) : undefined);
  return (
    <div class="stack">
      <Section title={t('fees.title')}>
        <p class="lead">{t('fees.lead')}</p>
        <form class="row" onSubmit={onSubmit} noValidate>
          <CodeLists />
          <Field label={t('fees.port')} value={port} onInput={setPort} list="list-offices" hint={t('fees.portHint')} error={errorFor('port')} />
          <Field label={t('fees.asOf')} type="date" value={asOf} onInput={setAsOf} error={errorFor('asOf')} />
          <div class="actions"><button type="submit">{t('fees.show')}</button></div>
        </form>
        <ProblemBox error={catalogues.error} shown={['port', 'asOf']} />
      </Section>
      {catalogues.data && catalogues.data.items.length === 0 && <p class="card empty">{t('fees.none')}</p>}
      {catalogues.data?.items.map((c: any) => (
        <Section key={c.port} title={`${c.portName ?? ''} (${c.port}) · ${t('fees.version')} ${c.version}`}>
          <p class="hint">{t('fees.effectiveFrom')} {c.effectiveFrom} · {t('fees.publishedAt')} {fmtTime(c.publishedAt)}</p>
          <table>
            <thead><tr><th>{t('fees.code')}</th><th>{t('fees.name')}</th><th>{t('fees.payer')}</th><th>{t('fees.basis')}</th><th>{t('fees.amount')}</th><th>{t('fees.legalBasis')}</th></tr></thead>
            <tbody>{c.items.map((item: any) => (
              <tr key={item.code}>
                <td class="mono">{item.code}</td>
                <td>{item.nameZh}{item.examinationHandling && <><br /><small class="hint">{t('fees.examinationHandling')}</small></>}</td>
                <td>{word('payer', item.payer)}</td><td>{word('basis', item.basis)}</td><td>{fmtMoney(item.amount, item.currency)}</td><td>{item.legalBasis}</td>
              </tr>
            ))}</tbody>
          </table>
        </Section>
      ))}
    </div>
  );
}

/** The port charges recorded on one shipment (the declaration's view lists them). */
export function ShipmentCharges({ id }: { id: string }) {
  const view = useLoad(() => get<{ charges?: any[] }>(`/v1/declarations/${encodeURIComponent(id)}`), [id], 30000);
  const charges = view.data?.charges ?? [];
  return (
    <Section title={t('charges.title')} actions={<Refreshed at={view.at} loading={view.loading} onRefresh={view.reload} />}>
      <ProblemBox error={view.error} />
      {charges.length === 0 ? <p class="empty">{t('charges.none')}</p> : (
        <table data-testid="shipment-charges">
          <thead><tr><th>{t('fees.code')}</th><th>{t('fees.name')}</th><th>{t('charges.quantity')}</th><th>{t('fees.amount')}</th><th>{t('fees.payer')}</th><th>{t('fees.version')}</th><th>{t('charges.at')}</th></tr></thead>
          <tbody>{charges.map((c) => (
            <tr key={c.chargeId}><td class="mono">{c.code}</td><td>{c.nameZh}</td><td>{c.quantity} {word('basis', c.basis)}</td><td>{fmtMoney(c.amount, c.currency)}</td><td>{word('payer', c.payer)}</td><td>{c.catalogueVersion}</td><td>{fmtTime(c.at)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </Section>
  );
}

/** 清单之外无收费: the charges refused as outside the catalogue or above it, for oversight to follow up. */
export function RefusedCharges({ linkCase }: { linkCase: (id: string) => string }) {
  const list = useLoad(() => get<Page<any>>(`/v1/fees/charges${query({ status: 'refused', pageSize: 100 })}`), [], 30000);
  return (
    <Section title={t('charges.refused')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
      <ProblemBox error={list.error} />
      {list.data && (list.data.items.length === 0 ? <p class="empty">{t('charges.noneRefused')}</p> : (
        <table data-testid="refused-charges">
          <thead><tr><th>{t('charges.at')}</th><th>{t('decl.id')}</th><th>{t('fees.port')}</th><th>{t('fees.code')}</th><th>{t('charges.quantity')}</th><th>{t('fees.amount')}</th><th>{t('charges.reason')}</th></tr></thead>
          <tbody>{list.data.items.map((c) => (
            <tr key={c.chargeId}>
              <td>{fmtTime(c.at)}</td><td><a class="mono" href={linkCase(c.declarationId)} title={c.declarationId}>{c.number ?? c.declarationId.slice(0, 8)}</a></td><td>{c.port}</td><td class="mono">{c.code}</td><td>{c.quantity}</td>
              <td>{fmtMoney(c.amount, c.currency ?? 'CNY')}{c.maxAmount !== undefined && <small> ({t('charges.max')} {fmtMoney(c.maxAmount, c.currency ?? 'CNY')})</small>}</td>
              <td>{word('refusal', c.reason)}</td>
            </tr>
          ))}</tbody>
        </table>
      ))}
    </Section>
  );
}
