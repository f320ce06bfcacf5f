import { useState } from 'preact/hooks';
import { get, post } from '../api';
import { t } from '../i18n';
import { navigate } from '../router';
import { Badge, Done, Field, ProblemBox, Section, fmtMoney, fmtTime, useAction, useLoad, type Submit } from '../ui';
import { numberOrText } from './declaration-form';

/**
 * 汇总征税: a general guarantee's balance and uses, and a month's statement. A bank lodges one
 * and confirms the statement's payment here; the holder and customs officers read it.
 */
export function GuaranteesPage({ id, canLodge, canConfirm }: { id?: string; canLodge: boolean; canConfirm: boolean }) {
  const [wanted, setWanted] = useState(id ?? '');
  const open = (e: Submit) => {
    e.preventDefault();
    if (wanted.trim()) navigate('guarantees', wanted.trim());
  };
  return (
    <div class="stack">
      {canLodge && <LodgeGuarantee />}
      <Section title={t('guarantee.find')}>
        <form onSubmit={open} class="row" aria-label={t('guarantee.find')}>
          <Field label={t('guarantee.id')} value={wanted} onInput={setWanted} required wide />
          <div class="actions"><button type="submit">{t('guarantee.open')}</button></div>
        </form>
      </Section>
      {id && <Guarantee id={id} canConfirm={canConfirm} />}
    </div>
  );
}

function LodgeGuarantee() {
  const [holder, setHolder] = useState('');
  const [amount, setAmount] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [reference, setReference] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const { id } = await post<{ id: string }>('/v1/guarantees', { holder: holder.trim(), amount: numberOrText(amount), currency: 'CNY', validUntil: validUntil.trim(), reference: reference.trim() });
      navigate('guarantees', id);
      return `${t('guarantee.lodgedNote')} ${id}`;
    });
  };
  return (
    <Section title={t('guarantee.lodge')}>
      <form onSubmit={onSubmit} class="row" aria-label={t('guarantee.lodge')}>
        <Field label={t('guarantee.holder')} value={holder} onInput={setHolder} required error={errorFor('holder')} />
        <Field label={t('duties.amount')} value={amount} onInput={setAmount} type="number" step="0.01" required error={errorFor('amount')} />
        <Field label={t('guarantee.validUntil')} value={validUntil} onInput={setValidUntil} type="date" required error={errorFor('validUntil')} />
        <Field label={t('duties.reference')} value={reference} onInput={setReference} required error={errorFor('reference')} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('guarantee.lodge')}</button></div>
      </form>
      <ProblemBox error={action.error} shown={['holder', 'amount', 'validUntil', 'reference']} />
      <Done text={action.done} />
    </Section>
  );
}

function Guarantee({ id, canConfirm }: { id: string; canConfirm: boolean }) {
  const data = useLoad(() => get<any>(`/v1/guarantees/${encodeURIComponent(id)}`), [id]);
  const [month, setMonth] = useState(new Date().toISOString().slice(0, 7));
  const statement = useLoad(() => get<any>(`/v1/guarantees/${encodeURIComponent(id)}/statement?month=${encodeURIComponent(month)}`), [id, month]);
  if (!data.data) return <Section title={t('guarantee.title')}>{data.error ? <ProblemBox error={data.error} /> : <p>{t('common.loading')}</p>}</Section>;
  const g = data.data;
  const reload = () => { data.reload(); statement.reload(); };
  return (
    <>
      <Section title={`${t('guarantee.title')} ${g.reference}`}>
        <dl class="facts" data-testid="guarantee">
          <dt>{t('guarantee.status')}</dt><dd><Badge group="guaranteeStatus" value={g.status} /></dd>
          <dt>{t('guarantee.balance')}</dt><dd data-testid="guarantee-balance">{fmtMoney(g.balance)} / {fmtMoney(g.amount)}</dd>
          <dt>{t('guarantee.holder')}</dt><dd class="mono">{g.holder}</dd>
          <dt>{t('money.bank')}</dt><dd>{g.bank}</dd>
          <dt>{t('guarantee.validUntil')}</dt><dd>{g.validUntil}</dd>
        </dl>
        <Uses uses={g.uses} />
      </Section>
      <Section title={t('guarantee.statement')}>
        <Field label={t('guarantee.month')} value={month} onInput={setMonth} type="month" />
        {statement.error ? <ProblemBox error={statement.error} /> : statement.data && (
          <>
            <dl class="facts" data-testid="statement">
              <dt>{t('guarantee.total')}</dt><dd>{fmtMoney(statement.data.total)}</dd>
              <dt>{t('duties.paid')}</dt><dd>{fmtMoney(statement.data.paid)}</dd>
              <dt>{t('guarantee.outstanding')}</dt><dd>{fmtMoney(statement.data.outstanding)}</dd>
            </dl>
            <Uses uses={statement.data.uses} />
            {canConfirm && statement.data.outstanding > 0 && <PayStatement id={id} month={month} owed={statement.data.outstanding} onPaid={reload} />}
          </>
        )}
      </Section>
    </>
  );
}

function Uses({ uses }: { uses: any[] }) {
  if (!uses?.length) return <p class="empty">{t('guarantee.noUses')}</p>;
  return (
    <table>
      <caption>{t('guarantee.uses')}</caption>
      <thead><tr><th>{t('bank.declarationId')}</th><th>{t('duties.amount')}</th><th>{t('guarantee.drawnAt')}</th><th>{t('guarantee.paidBy')}</th></tr></thead>
      <tbody>{uses.map((u) => <tr key={`${u.declarationId}:${u.part ?? ''}`}><td class="mono">{u.declarationId.slice(0, 8)}{u.part === 'final' ? <small> {t('guarantee.finalPart')}</small> : null}</td>
        <td>{fmtMoney(u.amount)}{u.reduced ? <small> ({t('guarantee.reduced')} {fmtMoney(u.reduced)})</small> : null}</td><td>{fmtTime(u.drawnAt)}</td><td>{u.paidBy ?? (u.releasedAt ? `${t('guarantee.released')} ${fmtTime(u.releasedAt)}` : t('guarantee.unpaid'))}</td></tr>)}</tbody>
    </table>
  );
}

function PayStatement({ id, month, owed, onPaid }: { id: string; month: string; owed: number; onPaid: () => void }) {
  const [amount, setAmount] = useState(String(owed));
  const [reference, setReference] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      await post(`/v1/guarantees/${encodeURIComponent(id)}/statement-payments`, { month, amount: numberOrText(amount), currency: 'CNY', reference: reference.trim() });
      onPaid();
      return t('guarantee.paidNote');
    });
  };
  return (
    <form onSubmit={onSubmit} class="row" aria-label={t('guarantee.pay')}>
      <Field label={t('duties.amount')} value={amount} onInput={setAmount} type="number" step="0.01" required error={errorFor('amount')} />
      <Field label={t('duties.reference')} value={reference} onInput={setReference} required error={errorFor('reference')} />
      <div class="actions"><button type="submit" disabled={action.busy}>{t('guarantee.pay')}</button></div>
      <ProblemBox error={action.error} shown={['amount', 'reference']} />
      <Done text={action.done} />
    </form>
  );
}

