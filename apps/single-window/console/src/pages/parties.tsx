import { useState } from 'preact/hooks';
import { get, post, type Page } from '../api';
import { nameOf, t } from '../i18n';
import { ENTERPRISES } from '../reference';
import { Badge, Done, Field, ProblemBox, Refreshed, Section, useAction, useLoad, word, type Submit } from '../ui';

export interface PowerOfAttorney {
  id: string; principal: string; agent: string; validFrom: string; validUntil: string; status: string; revokedAt: string | null;
  scope: { directions: string[]; customsOffices: string[] | null };
}

const nameOfUscc = (uscc: string) => {
  const known = ENTERPRISES.find((e) => e.uscc === uscc);
  return known ? nameOf(known) : '';
};

/** 代理报关委托: an enterprise issues and revokes its powers of attorney; a broker sees its clients. */
export function PowersOfAttorneyPage({ role }: { role: 'enterprise' | 'broker' }) {
  const list = useLoad(() => get<Page<PowerOfAttorney>>('/v1/powers-of-attorney?pageSize=100'), []);
  return (
    <div class="stack">
      {role === 'enterprise' && <IssuePowerOfAttorney onIssued={list.reload} />}
      <Section title={role === 'enterprise' ? t('poa.title') : t('poa.clients')} actions={<Refreshed at={list.at} loading={list.loading} onRefresh={list.reload} />}>
        <ProblemBox error={list.error} />
        {list.data && list.data.items.length === 0 ? <p class="empty">{t('common.none')}</p> : (
          <table>
            <thead><tr><th>{role === 'enterprise' ? t('poa.agent') : t('poa.principal')}</th><th>{t('poa.period')}</th><th>{t('poa.directions')}</th><th>{t('poa.offices')}</th><th>{t('common.status')}</th>{role === 'enterprise' && <th />}</tr></thead>
            <tbody>
              {(list.data?.items ?? []).map((p) => {
                const party = role === 'enterprise' ? p.agent : p.principal;
                return (
                  <tr key={p.id} data-poa={p.id}>
                    <td><span class="mono">{party}</span> {nameOfUscc(party)}</td>
                    <td>{p.validFrom} – {p.validUntil}</td>
                    <td>{p.scope.directions.map((d) => word('direction', d)).join('、')}</td>
                    <td>{p.scope.customsOffices?.join(', ') ?? t('poa.everyOffice')}</td>
                    <td><Badge group="poa" value={p.status} /></td>
                    {role === 'enterprise' && <td>{p.status !== 'revoked' && <Revoke id={p.id} onRevoked={list.reload} />}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}

function IssuePowerOfAttorney({ onIssued }: { onIssued: () => void }) {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const [agent, setAgent] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validUntil, setValidUntil] = useState('');
  const [imports, setImports] = useState(true);
  const [exports, setExports] = useState(false);
  const [offices, setOffices] = useState('');
  const issue = useAction();
  const fields = ['agent', 'validFrom', 'validUntil', 'scope', 'scope.directions', 'scope.customsOffices'];
  const submit = (e: Submit) => {
    e.preventDefault();
    void issue.run(async () => {
      const customsOffices = offices.split(/[\s,，、]+/).filter(Boolean);
      const directions = [...(imports ? ['import'] : []), ...(exports ? ['export'] : [])];
      await post('/v1/powers-of-attorney', { agent: agent.trim(), validFrom, validUntil, scope: { directions, ...(customsOffices.length ? { customsOffices } : {}) } });
      onIssued();
      return t('poa.issued');
    });
  };
  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="poa-issue-h">
      <h2 id="poa-issue-h">{t('poa.issue')}</h2>
      <div class="row">
        <Field label={t('poa.agent')} value={agent} onInput={setAgent} name="agent" list="demo-brokers" required error={issue.errorFor('agent')} hint={t('poa.agentHint')} />
        <datalist id="demo-brokers">{ENTERPRISES.map((e) => <option key={e.uscc} value={e.uscc}>{nameOf(e)}</option>)}</datalist>
        <Field label={t('poa.validFrom')} value={validFrom} onInput={setValidFrom} type="date" name="validFrom" required error={issue.errorFor('validFrom')} />
        <Field label={t('poa.validUntil')} value={validUntil} onInput={setValidUntil} type="date" name="validUntil" required error={issue.errorFor('validUntil')} />
      </div>
      <fieldset>
        <legend>{t('poa.directions')}</legend>
        <label class="check"><input type="checkbox" name="import" checked={imports} onChange={(e) => setImports((e.currentTarget as HTMLInputElement).checked)} /> {word('direction', 'import')}</label>
        <label class="check"><input type="checkbox" name="export" checked={exports} onChange={(e) => setExports((e.currentTarget as HTMLInputElement).checked)} /> {word('direction', 'export')}</label>
        {issue.errorFor('scope.directions') && <p class="field-error">{issue.errorFor('scope.directions')}</p>}
      </fieldset>
      <Field label={t('poa.offices')} value={offices} onInput={setOffices} name="customsOffices" hint={t('poa.officesHint')} error={issue.errorFor('scope.customsOffices')} wide />
      <ProblemBox error={issue.error} shown={fields} />
      <Done text={issue.done} />
      <div class="actions"><button type="submit" disabled={issue.busy}>{issue.busy ? t('common.sending') : t('poa.issue')}</button></div>
    </form>
  );
}

function Revoke({ id, onRevoked }: { id: string; onRevoked: () => void }) {
  const revoke = useAction();
  return (
    <>
      <button type="button" class="secondary small" disabled={revoke.busy}
        onClick={() => void revoke.run(async () => { await post(`/v1/powers-of-attorney/${id}/revoke`, {}); onRevoked(); })}>{t('poa.revoke')}</button>
      <ProblemBox error={revoke.error} />
    </>
  );
}

/** The clients a broker may file for today: the principals of its powers of attorney in force. */
export function useClients() {
  return useLoad(() => get<Page<PowerOfAttorney>>('/v1/powers-of-attorney?pageSize=100').then((page) => page.items.filter((p) => p.status === 'in-force')), []);
}
