import { useState } from 'preact/hooks';
import { ApiError, post } from '../api';
import { nameOf, t } from '../i18n';
import { ENTERPRISES } from '../reference';
import { decodeClaims, session } from '../session';
import { Field, ProblemBox, Select, useAction, type Submit } from '../ui';

type Role = 'enterprise' | 'broker' | 'officer' | 'port-operator' | 'auditor' | 'bank';

/** Development sign-in (a dev token for a role, DEV_MODE only) or a pasted token. */
export function SignIn() {
  const [role, setRole] = useState<Role>('officer');
  const [agency, setAgency] = useState('customs');
  const [uscc, setUscc] = useState(ENTERPRISES[0]?.uscc ?? '');
  const [bank, setBank] = useState('ICBC');
  const [pasted, setPasted] = useState('');
  const dev = useAction();
  const paste = useAction();

  const devSignIn = (e: Submit) => {
    e.preventDefault();
    void dev.run(async () => {
      const body = role === 'enterprise' || role === 'broker' ? { role, uscc: uscc.trim() } : role === 'officer' ? { role, agency } : role === 'bank' ? { role, bank: bank.trim() } : { role };
      try {
        const { token } = await post<{ token: string }>('/v1/dev/tokens', body);
        session.signIn(token);
        location.hash = '';
      } catch (error) {
        if (error instanceof ApiError && error.problem.status === 404) throw new ApiError({ ...error.problem, detail: t('signin.noDevMode') });
        throw error;
      }
    });
  };
  const pasteSignIn = (e: Submit) => {
    e.preventDefault();
    void paste.run(async () => {
      const token = pasted.trim().replace(/^Bearer\s+/i, '');
      if (!decodeClaims(token)) throw new Error(t('signin.badToken'));
      session.signIn(token);
      location.hash = '';
    });
  };

  const roles: [Role, string][] = [['officer', t('role.officer')], ['enterprise', t('role.enterprise')], ['broker', t('role.broker')], ['port-operator', t('role.port-operator')], ['auditor', t('role.auditor')], ['bank', t('role.bank')]];
  return (
    <div class="signin">
      <h1>{t('signin.title')}</h1>
      <p class="lead">{t('signin.lead')} <a href="#/fees">{t('fees.title')}</a></p>
      <div class="grid-2">
        <form class="card" onSubmit={devSignIn} aria-labelledby="dev-h">
          <h2 id="dev-h">{t('signin.dev')}</h2>
          <fieldset class="roles">
            <legend>{t('signin.role')}</legend>
            {roles.map(([value, label]) => (
              <label key={value} class="radio"><input type="radio" name="role" value={value} checked={role === value} onChange={() => setRole(value)} /> {label}</label>
            ))}
          </fieldset>
          {role === 'officer' && (
            <Select label={t('signin.agency')} value={agency} onChange={setAgency} name="agency"
              options={[['customs', t('agency.customs')], ['inspection', t('agency.inspection')], ['border', t('agency.border')]]} />
          )}
          {(role === 'enterprise' || role === 'broker') && (
            <>
              <Field label={t('signin.uscc')} value={uscc} onInput={setUscc} list="demo-enterprises" required name="uscc"
                error={dev.error instanceof ApiError ? dev.error.field('uscc') : undefined} hint={t('signin.usccHint')} />
              <datalist id="demo-enterprises">
                {ENTERPRISES.map((e) => <option key={e.uscc} value={e.uscc}>{nameOf(e)}</option>)}
              </datalist>
            </>
          )}
          {role === 'bank' && (
            <Field label={t('signin.bank')} value={bank} onInput={setBank} required name="bank" hint={t('signin.bankHint')}
              error={dev.error instanceof ApiError ? dev.error.field('bank') : undefined} />
          )}
          <ProblemBox error={dev.error} shown={['uscc', 'bank']} />
          <button type="submit" disabled={dev.busy}>{t('signin.getToken')}</button>
        </form>
        <form class="card" onSubmit={pasteSignIn} aria-labelledby="paste-h">
          <h2 id="paste-h">{t('signin.paste')}</h2>
          <div class="field field-wide">
            <label for="token">{t('signin.token')}</label>
            <textarea id="token" rows={6} value={pasted} onInput={(e) => setPasted((e.currentTarget as HTMLTextAreaElement).value)} autoComplete="off" spellcheck={false} />
          </div>
          <ProblemBox error={paste.error} />
          <button type="submit" disabled={paste.busy || !pasted.trim()}>{t('signin.useToken')}</button>
          <p class="hint">{t('signin.tokenNote')}</p>
        </form>
      </div>
    </div>
  );
}
