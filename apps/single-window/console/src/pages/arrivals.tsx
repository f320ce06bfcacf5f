import { useState } from 'preact/hooks';
import { post } from '../api';
import { t } from '../i18n';
import { CodeLists } from './declaration-form';
import { Done, Field, ProblemBox, Section, useAction, type Submit } from '../ui';

/** 运抵报告: the port operator reports goods arrived under a bill of lading. */
export function Arrivals() {
  const [billOfLading, setBill] = useState('');
  const [conveyance, setConveyance] = useState('');
  const [portOfEntry, setPort] = useState('');
  const [arrivedAt, setArrivedAt] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const result = await post<{ matched: string[] }>('/v1/arrivals', {
        billOfLading: billOfLading.trim(), conveyance: conveyance.trim(), portOfEntry: portOfEntry.trim(), ...(arrivedAt ? { arrivedAt: new Date(arrivedAt).toISOString() } : {}),
      });
      return result.matched.length ? `${t('arrivals.matched')}: ${result.matched.map((id) => id.slice(0, 8)).join(', ')}` : t('arrivals.noneMatched');
    });
  };
  return (
    <Section title={t('nav.arrivals')}>
      <form onSubmit={onSubmit} noValidate>
        <CodeLists />
        <div class="row">
          <Field label={t('decl.billOfLading')} value={billOfLading} onInput={setBill} required error={errorFor('billOfLading')} />
          <Field label={t('decl.conveyance')} value={conveyance} onInput={setConveyance} required error={errorFor('conveyance')} />
          <Field label={t('decl.portOfEntry')} value={portOfEntry} onInput={setPort} list="list-offices" required error={errorFor('portOfEntry')} />
          <Field label={t('arrivals.arrivedAt')} value={arrivedAt} onInput={setArrivedAt} type="datetime-local" error={errorFor('arrivedAt')} hint={t('arrivals.arrivedAtHint')} />
        </div>
        <ProblemBox error={action.error} shown={['billOfLading', 'conveyance', 'portOfEntry', 'arrivedAt']} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('arrivals.report')}</button></div>
        <Done text={action.done} />
      </form>
    </Section>
  );
}
