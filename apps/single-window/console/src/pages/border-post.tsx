import { useEffect, useState } from 'preact/hooks';
import { ApiError, follow, get, post } from '../api';
import { say, sayWord, t } from '../i18n';
import { CodeLists } from './declaration-form';
import { LiveIndicator } from './enterprise';
import { ReleaseProofCard } from './gate';
import { Done, Field, fmtTime, ProblemBox, Section, Select, TextArea, useAction, useLoad, type Submit } from '../ui';

/** Lines of "a, b, c" as lists of trimmed parts (empty lines dropped). */
const lines = (text: string) => text.split('\n').map((line) => line.split(/[,，]/).map((part) => part.trim())).filter((parts) => parts.some(Boolean));

/** 舱单 and 运输工具申报: the carrier's manifest and crossing forms. */
export function CarrierPage() {
  return (<><ManifestForm /><CrossingForm /></>);
}

function ManifestForm() {
  const [conveyance, setConveyance] = useState('');
  const [transportMode, setMode] = useState('4');
  const [direction, setDirection] = useState('import');
  const [portOfEntry, setPort] = useState('');
  const [expectedAt, setExpectedAt] = useState('');
  const [bills, setBills] = useState('');
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const billsOfLading = lines(bills).map(([number = '', packages = '', weight = '', ...description]) => ({
        number: number.toUpperCase(), packages: Number(packages), grossWeightKg: Number(weight), description: description.join(', '),
      }));
      const result = await post<{ id: string }>('/v1/manifests', {
        conveyance: conveyance.trim(), transportMode, direction, portOfEntry: portOfEntry.trim(),
        expectedAt: expectedAt ? new Date(expectedAt).toISOString() : '', billsOfLading,
      });
      return `${t('carrier.manifestFiled')}: ${result.id}`;
    });
  };
  return (
    <Section title={t('carrier.manifest')} id="manifest-form">
      <form onSubmit={onSubmit} noValidate>
        <CodeLists />
        <div class="row">
          <Field label={t('decl.conveyance')} value={conveyance} onInput={setConveyance} required error={errorFor('conveyance')} />
          <Select label={t('carrier.transportMode')} value={transportMode} onChange={setMode} name="transportMode" options={[['4', t('carrier.mode.road')], ['3', t('carrier.mode.rail')], ['2', t('carrier.mode.sea')], ['5', t('carrier.mode.air')]]} />
          <Select label={t('carrier.direction')} value={direction} onChange={setDirection} name="direction" options={[['import', t('carrier.direction.import')], ['export', t('carrier.direction.export')]]} />
          <Field label={t('decl.portOfEntry')} value={portOfEntry} onInput={setPort} list="list-offices" required error={errorFor('portOfEntry')} />
          <Field label={t('carrier.expectedAt')} value={expectedAt} onInput={setExpectedAt} type="datetime-local" required error={errorFor('expectedAt')} />
        </div>
        <TextArea label={t('carrier.bills')} value={bills} onInput={setBills} rows={4} required error={errorFor('billsOfLading')} />
        <p class="hint">{t('carrier.billsHint')}</p>
        <ProblemBox error={action.error} shown={['conveyance', 'portOfEntry', 'expectedAt', 'billsOfLading']} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('carrier.fileManifest')}</button></div>
        <Done text={action.done} />
      </form>
    </Section>
  );
}

function CrossingForm() {
  const [conveyance, setConveyance] = useState('');
  const [direction, setDirection] = useState('import');
  const [portOfEntry, setPort] = useState('');
  const [crew, setCrew] = useState('');
  const [empty, setEmpty] = useState(false);
  const [declarations, setDeclarations] = useState('');
  const [crossingId, setCrossingId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const action = useAction();
  const { errorFor } = action;
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const result = await post<{ id: string }>('/v1/conveyances/crossings', {
        conveyance: conveyance.trim(), direction, portOfEntry: portOfEntry.trim(), empty,
        crew: lines(crew).map(([name = '', document = '']) => ({ name, document })),
        ...(empty ? {} : { declarations: lines(declarations).map(([id = '']) => id) }),
      });
      setCrossingId(result.id);
      setStatus(null);
      return `${t('carrier.crossingDeclared')}: ${result.id}`;
    });
  };
  const refresh = async () => {
    if (crossingId) setStatus((await get<{ status: string }>(`/v1/conveyances/crossings/${crossingId}`)).status);
  };
  return (
    <Section title={t('carrier.crossing')} id="crossing-form">
      <form onSubmit={onSubmit} noValidate>
        <div class="row">
          <Field label={t('decl.conveyance')} value={conveyance} onInput={setConveyance} required error={errorFor('conveyance')} />
          <Select label={t('carrier.direction')} value={direction} onChange={setDirection} name="crossingDirection" options={[['import', t('carrier.direction.import')], ['export', t('carrier.direction.export')]]} />
          <Field label={t('decl.portOfEntry')} value={portOfEntry} onInput={setPort} list="list-offices" required error={errorFor('portOfEntry')} />
        </div>
        <TextArea label={t('carrier.crew')} value={crew} onInput={setCrew} rows={3} required error={errorFor('crew')} />
        <p class="hint">{t('carrier.crewHint')}</p>
        <label class="radio"><input type="checkbox" checked={empty} onChange={(e) => setEmpty((e.currentTarget as HTMLInputElement).checked)} /> {t('carrier.empty')}</label>
        {!empty && <TextArea label={t('carrier.declarations')} value={declarations} onInput={setDeclarations} rows={3} error={errorFor('declarations') ?? errorFor('empty')} />}
        <ProblemBox error={action.error} shown={['conveyance', 'portOfEntry', 'crew', 'declarations', 'empty']} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('carrier.declareCrossing')}</button></div>
        <Done text={action.done} />
        {crossingId && (
          <p data-testid="crossing-status">
            <button type="button" class="secondary" onClick={() => void refresh()}>{t('carrier.checkStatus')}</button>{' '}
            {status && <strong>{t(`crossing.${status}` as any)}</strong>}
          </p>
        )}
      </form>
    </Section>
  );
}

interface GateAnswer {
  open: boolean;
  reasons?: string[];
  reasonMessages?: { code: string; params?: Record<string, any> }[];
  declarations?: string[];
  states: { id: string; status: string; blockers: string[] }[];
  crossing: { id: string; status: string; empty: boolean } | null;
}

/** A blocker code as an officer reads it: `<agency>:<code>` or a code alone. */
function blockerWords(code: string): string {
  const [agency, blocker] = code.includes(':') ? code.split(':') : [null, code];
  const words = sayWord('blocker-label', blocker);
  return agency ? `${t(`agency.${agency}` as any)}：${words}` : words;
}

/** 卡口验放: the gate asks whether a vehicle may leave, and sees what still holds each declaration on it. */
export function GatePage() {
  const [conveyance, setConveyance] = useState('');
  const [portOfEntry, setPort] = useState('');
  const [answer, setAnswer] = useState<GateAnswer | null>(null);
  const action = useAction();
  const onSubmit = (e: Submit) => {
    e.preventDefault();
    void action.run(async () => {
      const result = await post<GateAnswer>('/v1/gate/passes', { conveyance: conveyance.trim(), portOfEntry: portOfEntry.trim() });
      setAnswer(result);
      return result.open ? t('gate.open') : t('gate.shut');
    });
  };
  return (
    <Section title={t('nav.gate')} id="gate-form">
      <form onSubmit={onSubmit} noValidate>
        <div class="row">
          <Field label={t('decl.conveyance')} value={conveyance} onInput={setConveyance} required error={action.errorFor('conveyance')} />
          <Field label={t('decl.portOfEntry')} value={portOfEntry} onInput={setPort} required error={action.errorFor('portOfEntry')} />
        </div>
        <ProblemBox error={action.error} shown={['conveyance', 'portOfEntry']} />
        <div class="actions"><button type="submit" disabled={action.busy}>{t('gate.ask')}</button></div>
        <Done text={action.done} />
      </form>
      {answer && (
        <div data-testid="gate-answer">
          {!answer.open && (answer.reasonMessages ?? []).length > 0 && (
            <ul class="blockers" data-testid="gate-reasons">{answer.reasonMessages!.map((m, i) => <li key={i}>{say(m, answer.reasons?.[i])}</li>)}</ul>
          )}
          <p>{t('gate.crossing')}: {answer.crossing ? `${t(`crossing.${answer.crossing.status}` as any)}${answer.crossing.empty ? ` · ${t('carrier.empty')}` : ''}` : t('gate.noCrossing')}</p>
          {answer.states.length > 0 && (
            <table>
              <thead><tr><th>{t('gate.declaration')}</th><th>{t('gate.state')}</th><th>{t('gate.blockers')}</th></tr></thead>
              <tbody>
                {answer.states.map((d) => (
                  <tr key={d.id}><td>{d.id.slice(0, 8)}</td><td>{t(`status.${d.status}` as any)}</td><td>{d.blockers.map(blockerWords).join('；') || '—'}</td></tr>
                ))}
              </tbody>
            </table>
          )}
          {/* 放行证明: each released declaration's signed release, as a QR code a scanner checks offline. */}
          {answer.open && answer.states.filter((d) => d.status === 'released' || d.status === 'exited').map((d) => <ReleaseProofCard key={d.id} id={d.id} />)}
        </div>
      )}
    </Section>
  );
}

interface ExaminationNotice {
  declarationId: string;
  status: 'scheduled' | 'completed';
  billOfLading: string;
  conveyance: string;
  agencies: string[];
  appointment?: { slot?: { from: string; to: string }; location?: string } | null;
}

/**
 * 推送查验通知: the port's examinations pushed by the server as they are scheduled, booked and
 * completed (the standing ones first), so the yard moves the container before the officers come.
 * No polling: a completed one leaves the list.
 */
export function ExaminationNotices() {
  const [notices, setNotices] = useState<ExaminationNotice[]>([]);
  const [link, setLink] = useState<{ state: 'connecting' | 'open' | 'closed' | 'error'; error?: ApiError }>({ state: 'connecting' });
  useEffect(() => {
    const controller = new AbortController();
    follow('/v1/examinations/stream', (event, data: ExaminationNotice) => {
      if (event !== 'notice') return;
      setNotices((list) => {
        const others = list.filter((n) => n.declarationId !== data.declarationId);
        return data.status === 'completed' ? others : [...others, data];
      });
    }, (state, error) => setLink({ state, error }), controller.signal);
    return () => controller.abort();
  }, []);
  return (
    <Section title={t('notices.title')} id="examination-notices" actions={<LiveIndicator state={link.state} />}>
      <ProblemBox error={link.error} />
      {notices.length === 0 ? <p>{t('notices.none')}</p> : (
        <table data-testid="examination-notices">
          <thead><tr><th>{t('decl.billOfLading')}</th><th>{t('decl.conveyance')}</th><th>{t('notices.agencies')}</th><th>{t('notices.appointment')}</th></tr></thead>
          <tbody>
            {notices.map((n) => (
              <tr key={n.declarationId}>
                <td>{n.billOfLading}</td><td>{n.conveyance}</td><td>{n.agencies.map((a) => t(`agency.${a}` as any)).join('、')}</td>
                <td>{n.appointment?.slot ? `${fmtTime(n.appointment.slot.from)}${n.appointment.location ? ` · ${n.appointment.location}` : ''}` : t('notices.notBooked')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
