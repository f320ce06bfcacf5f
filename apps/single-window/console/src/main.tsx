import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { lang, setLang, t } from './i18n';
import { href, useRoute } from './router';
import { session, type Claims } from './session';
import { SignIn } from './pages/signin';
import { Worklist, CasePage } from './pages/officer';
import { AlertsPage } from './pages/alerts';
import { MyDeclarations, NewDeclaration, DeclarationPage } from './pages/enterprise';
import { AuditFind, AuditShipment } from './pages/auditor';
import { Oversight } from './pages/oversight';
import { Arrivals } from './pages/arrivals';
import { FeeCatalogue } from './pages/fees';
import { BankConfirmations } from './pages/money';
import { GuaranteesPage } from './pages/guarantees';
import { PowersOfAttorneyPage } from './pages/parties';
import { DeclarationSearchPage } from './pages/search';
import { CarrierPage, ExaminationNotices, GatePage } from './pages/border-post';
import { CrossingsPage } from './pages/crossings';
import { ReleaseProofLookup } from './pages/gate';

/** The pages each role may open, first one is home. */
function navFor(claims: Claims): [string, string][] {
  switch (claims.role) {
    case 'officer': return [[href('officer', 'worklist'), t('nav.worklist')], [href('officer', 'search'), t('nav.search')], [href('officer', 'alerts'), t('nav.alerts')], [href('oversight'), t('nav.oversight')], ...(claims.agency === 'customs' ? [[href('guarantees'), t('nav.guarantees')] as [string, string]] : []), ...(claims.agency === 'border' ? [[href('officer', 'crossings'), t('nav.crossings')] as [string, string]] : []), [href('fees'), t('nav.fees')]];
    case 'enterprise': return [[href('enterprise', 'declarations'), t('nav.myDeclarations')], [href('enterprise', 'new'), t('nav.newDeclaration')], [href('enterprise', 'powers'), t('nav.powers')], [href('guarantees'), t('nav.guarantees')], [href('fees'), t('nav.fees')]];
    case 'broker': return [[href('broker', 'declarations'), t('nav.filings')], [href('broker', 'new'), t('nav.newFiling')], [href('broker', 'clients'), t('nav.clients')], [href('fees'), t('nav.fees')]];
    case 'auditor': return [[href('audit'), t('nav.audit')], [href('oversight'), t('nav.oversight')], [href('fees'), t('nav.fees')]];
    case 'port-operator': return [[href('port', 'arrivals'), t('nav.arrivals')], [href('fees'), t('nav.fees')]];
    case 'bank': return [[href('bank', 'confirmations'), t('nav.bankConfirmations')], [href('guarantees'), t('nav.guarantees')], [href('fees'), t('nav.fees')]];
    case 'carrier': return [[href('carrier'), t('nav.carrier')], [href('fees'), t('nav.fees')]];
    case 'gate': return [[href('gate'), t('nav.gate')], [href('fees'), t('nav.fees')]];
    default: return [[href('fees'), t('nav.fees')]];
  }
}

function whoAmI(claims: Claims): string {
  if (claims.role === 'officer') return `${t('role.officer')} · ${t(`agency.${claims.agency ?? 'customs'}`)}`;
  if (claims.role === 'enterprise' || claims.role === 'carrier') return `${t(`role.${claims.role}`)} · ${claims.uscc}`;
  if (claims.role === 'broker') return `${t('role.broker')} · ${claims.uscc}`;
  if (claims.role === 'bank') return `${t('role.bank')} · ${claims.bank}`;
  return t(`role.${claims.role}` as any);
}

function Page({ claims, route }: { claims: Claims; route: string[] }) {
  const [area, a, b] = route;
  if (area === 'fees') return <FeeCatalogue />;
  if (area === 'guarantees' && (claims.role === 'bank' || claims.role === 'enterprise' || (claims.role === 'officer' && claims.agency === 'customs'))) {
    return <GuaranteesPage id={a} canLodge={claims.role === 'bank'} canConfirm={claims.role === 'bank'} />;
  }
  if (claims.role === 'officer') {
    const agency = claims.agency!;
    if (area === 'officer' && a === 'cases' && b) return <CasePage agency={agency} id={b} />;
    if (area === 'officer' && a === 'alerts') return <AlertsPage />;
    if (area === 'officer' && a === 'crossings' && agency === 'border') return <CrossingsPage id={b} />;
    if (area === 'officer' && a === 'search') return <DeclarationSearchPage link={(id) => href('officer', 'cases', id)} />;
    if (area === 'oversight') return <Oversight linkCase={(id) => href('officer', 'cases', id)} />;
    return <Worklist agency={agency} />;
  }
  if (claims.role === 'enterprise') {
    if (area === 'enterprise' && a === 'new') return <NewDeclaration uscc={claims.uscc!} />;
    if (area === 'enterprise' && a === 'declarations' && b) return <DeclarationPage id={b} />;
    if (area === 'enterprise' && a === 'powers') return <PowersOfAttorneyPage role="enterprise" />;
    return <MyDeclarations />;
  }
  if (claims.role === 'broker') {
    if (area === 'broker' && a === 'new') return <NewDeclaration uscc={claims.uscc!} broker />;
    if (area === 'broker' && a === 'declarations' && b) return <DeclarationPage id={b} />;
    if (area === 'broker' && a === 'clients') return <PowersOfAttorneyPage role="broker" />;
    return <MyDeclarations area="broker" />;
  }
  if (claims.role === 'auditor') {
    if (area === 'oversight') return <Oversight linkCase={(id) => href('audit', id)} />;
    if (area === 'audit' && a) return <AuditShipment id={a} />;
    return <AuditFind />;
  }
  if (claims.role === 'port-operator') return (<><Arrivals /><ExaminationNotices /></>);
  if (claims.role === 'carrier') return <CarrierPage />;
  if (claims.role === 'gate') return (<><GatePage /><ReleaseProofLookup /></>);
  if (claims.role === 'bank') return <BankConfirmations bank={claims.bank ?? ''} />;
  return <p class="card">{t('signin.noConsole')}</p>;
}

function App() {
  const [, rerender] = useState(0);
  const [claims, setClaims] = useState(() => session.claims());
  const route = useRoute();
  useEffect(() => session.subscribe(() => setClaims(session.claims())), []);
  useEffect(() => {
    document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
    document.title = t('app.title');
  });
  const switchLang = () => {
    setLang(lang() === 'zh' ? 'en' : 'zh');
    rerender((n) => n + 1);
  };
  const nav = claims ? navFor(claims) : [];
  const current = '#/' + route.join('/');
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>{t('app.skip')}</a>
      <header class="top">
        <span class="brand">{t('app.title')}</span>
        {claims && (
          <nav aria-label={t('nav.label')}>
            {nav.map(([link, label], i) => (
              <a key={link} href={link} aria-current={current.startsWith(link) || (i === 0 && route.length === 0) ? 'page' : undefined}>{label}</a>
            ))}
          </nav>
        )}
        <span class="spacer" />
        {claims && <span class="who">{whoAmI(claims)}</span>}
        <button type="button" class="secondary" onClick={switchLang} lang={lang() === 'zh' ? 'en' : 'zh-CN'}>{lang() === 'zh' ? 'English' : '中文'}</button>
        {claims && <button type="button" class="secondary" onClick={() => { session.signOut(); location.hash = ''; }}>{t('signin.signOut')}</button>}
      </header>
      <main id="main" tabIndex={-1}>
        {/* The fee catalogue is public: no sign-in. */}
        {claims ? <Page claims={claims} route={route} /> : route[0] === 'fees' ? <FeeCatalogue /> : <SignIn />}
      </main>
    </>
  );
}

render(<App />, document.getElementById('app')!);
