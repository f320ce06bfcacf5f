import { useState } from 'preact/hooks';
import { post } from '../api';
import { t } from '../i18n';
import { Badge, Done, Field, ProblemBox, Section, Select, fmtMoney, fmtTime, useAction, word, type Submit } from '../ui';
import { numberOrText } from './declaration-form';

/** One payment or guarantee instruction as the API shows it (duties.instructions). */
export interface Instruction {
  reference: string; kind: 'payment' | 'guarantee'; amount: number; currency: string;
  status: 'pending-confirmation' | 'confirmed' | 'refused' | 'legacy-unconfirmed'; instructedAt: string; bank?: string; answeredAt?: string; reason?: string | null;
  refunded?: { amount: number; currency: string; reason: string; at: string }[];
}

/**
 * The declarant's instructions and the banks' answers: what is confirmed (money customs can
 * trust) and what is only instructed. The enterprise's and the officer's pages show it alike.
 */
export function Instructions({ items }: { items: Instruction[] | undefined }) {
  if (!items?.length) return null;
  return (
    <table data-testid="instructions">
      <caption>{t('money.instructions')}</caption>
      <thead><tr><th>{t('duties.reference')}</th><th>{t('duties.kind')}</th><th>{t('duties.amount')}</th><th>{t('money.status')}</th><th>{t('money.bank')}</th><th>{t('money.refunded')}</th></tr></thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.reference}>
            <td class="mono">{i.reference}</td>
            <td>{word('instructionKind', i.kind)}</td>
            <td>{fmtMoney(i.amount, i.currency)}</td>
            <td><Badge group="instruction" value={i.status} />{i.reason ? <small> — {i.reason}</small> : null}</td>
            <td>{i.bank ? <>{i.bank} <small>{fmtTime(i.answeredAt)}</small></> : '—'}</td>
            <td>{i.refunded?.length ? i.refunded.map((r) => `${fmtMoney(r.amount, r.currency)} (${word('refundReason', r.reason)})`).join('; ') : '—'}</td>
          </tr>
        ))}
      </tbody>
      {items.some((i) => i.status === 'legacy-unconfirmed') && <tfoot><tr><td colSpan={6} class="hint" data-testid="legacy-hint">{t('money.legacyHint')}</td></tr></tfoot>}
    </table>
  );
}

/** The bank's (or insurer's) page: confirm or refuse a declarant's instruction. Only this settles duties. */
export function BankConfirmations({ bank }: { bank: string }) {
  const [reference, setReference] = useState('');
  const [declarationId, setDeclarationId] = useState('');
  const [kind, setKind] = useState('payment');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('CNY');
  const [status, setStatus] = useState('confirmed');
  const [reason, setReason] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const body = { reference: reference.trim(), declarationId: declarationId.trim(), kind, amount: numberOrText(amount), currency: currency.trim(), status, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      const answer = await post<{ status: string; duplicate: boolean }>('/v1/bank/confirmations', body);
      if (answer.duplicate) return t('bank.duplicateNote');
      return answer.status === 'confirmed' ? t('bank.confirmedNote') : t('bank.refusedNote');
    });
  };
  const fields = ['reference', 'declarationId', 'kind', 'amount', 'currency', 'status', 'reason'];
  return (
    <Section title={`${t('bank.title')} · ${bank}`}>
      <p class="lead">{t('bank.lead')}</p>
      <form onSubmit={onSubmit} class="row" aria-label={t('bank.title')}>
        <Field label={t('duties.reference')} value={reference} onInput={setReference} required error={errorFor('reference')} />
        <Field label={t('bank.declarationId')} value={declarationId} onInput={setDeclarationId} required error={errorFor('declarationId')} wide />
        <Select label={t('duties.kind')} value={kind} onChange={setKind} options={[['payment', word('instructionKind', 'payment')], ['guarantee', word('instructionKind', 'guarantee')]]} error={errorFor('kind')} />
        <Field label={t('duties.amount')} value={amount} onInput={setAmount} type="number" step="0.01" required error={errorFor('amount')} />
        <Field label={t('duties.currency')} value={currency} onInput={setCurrency} required error={errorFor('currency')} />
        <Select label={t('bank.answer')} value={status} onChange={setStatus} options={[['confirmed', t('bank.confirm')], ['refused', t('bank.refuse')]]} error={errorFor('status')} />
        {status === 'refused' && <Field label={t('bank.reason')} value={reason} onInput={setReason} error={errorFor('reason')} wide />}
        <div class="actions"><button type="submit" disabled={action.busy}>{t('bank.send')}</button></div>
      </form>
      <ProblemBox error={action.error} shown={fields} />
      <Done text={action.done} />
    </Section>
  );
}
