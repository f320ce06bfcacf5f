import { DomainError, NotFoundError } from '@sw/event-store';
import { activeAlert, alertDecider, type AlertCommand, type AlertEvent, type AlertOfficer } from './alert';
import { alertOutcomes } from '@sw/agency-case';
import { alertMatches, type AlertSubject, type CaseDeclaration } from '@sw/shipment';

// 执法互助: raising and lifting an alert, and which declarations it matches.

const now = new Date('2026-11-23T08:00:00.000Z');
const at = now.toISOString();
const customsOfficer = { agency: 'customs' as const, officer: 'officer:customs:zhang.wei' };
const borderOfficer = { agency: 'border' as const, officer: 'officer:border:wang.fang' };
const USCC = '91440115MA9W4L6K3D';

type RaiseAlert = Extract<AlertCommand, { type: 'RaiseAlert' }>;
const raise = (subject: AlertSubject, action: 'hold' | 'examine' = 'hold', reason = 'suspected smuggling of frozen meat'): RaiseAlert =>
  ({ type: 'RaiseAlert', alertId: 'a-1', subject, reason, action, raisedBy: customsOfficer, now });
const lift = (reason?: string, liftedBy: AlertOfficer = customsOfficer): AlertCommand => ({ type: 'LiftAlert', ...(reason ? { reason } : {}), liftedBy, now });
const raised = (subject: AlertSubject, action: 'hold' | 'examine' = 'hold', reason = 'suspected smuggling of frozen meat'): AlertEvent =>
  ({ type: 'AlertRaised', data: { alertId: 'a-1', subject, reason, action, raisedBy: customsOfficer, at } });
const lifted = (reason?: string): AlertEvent => ({ type: 'AlertLifted', data: { ...(reason ? { reason } : {}), liftedBy: customsOfficer, at } });

function given(events: AlertEvent[]) {
  const state = events.reduce(alertDecider.evolve, alertDecider.initialState());
  return { state, when: (command: AlertCommand) => () => alertDecider.decide(command, state) };
}
const refusal = (code: string) => expect.objectContaining({ code }) as unknown as DomainError;

describe('alert: RaiseAlert', () => {
  it.each<[string, AlertSubject, AlertSubject]>([
    ['an enterprise, by its USCC', { kind: 'enterprise', value: USCC }, { kind: 'enterprise', value: USCC }],
    ['an enterprise typed in lower case', { kind: 'enterprise', value: ` ${USCC.toLowerCase()} ` }, { kind: 'enterprise', value: USCC }],
    ['a conveyance', { kind: 'conveyance', value: ' 粤Z-1234港 ' }, { kind: 'conveyance', value: '粤Z-1234港' }],
    ['a commodity chapter', { kind: 'commodity', value: '02' }, { kind: 'commodity', value: '02' }],
    ['a full commodity code', { kind: 'commodity', value: '0202300090' }, { kind: 'commodity', value: '0202300090' }],
    ['an origin', { kind: 'origin', value: 'vnm' }, { kind: 'origin', value: 'VNM' }],
  ])('raises an alert on %s', (_, subject, recordedSubject) => {
    expect(given([]).when(raise(subject))()).toEqual([raised(recordedSubject)]);
  });

  it('is active once raised, in the shape risk assessment takes', () => {
    expect(activeAlert(given([raised({ kind: 'origin', value: 'VNM' }, 'examine')]).state)).toEqual({
      id: 'a-1', subject: { kind: 'origin', value: 'VNM' }, action: 'examine', reason: 'suspected smuggling of frozen meat',
    });
  });

  it.each<[string, AlertCommand, string]>([
    ['an enterprise value that is not a USCC', raise({ kind: 'enterprise', value: '91440115MA9W4L6K3' }), 'invalid-alert-subject'],
    ['a USCC with a wrong check character', raise({ kind: 'enterprise', value: '91440115MA9W4L6K3E' }), 'invalid-alert-subject'],
    ['a commodity of one digit', raise({ kind: 'commodity', value: '0' }), 'invalid-alert-subject'],
    ['a commodity of eleven digits', raise({ kind: 'commodity', value: '02023000901' }), 'invalid-alert-subject'],
    ['a commodity with letters', raise({ kind: 'commodity', value: '02a' }), 'invalid-alert-subject'],
    ['an origin of two letters', raise({ kind: 'origin', value: 'VN' }), 'invalid-alert-subject'],
    ['an origin with digits', raise({ kind: 'origin', value: 'V1M' }), 'invalid-alert-subject'],
    ['an empty conveyance', raise({ kind: 'conveyance', value: '  ' }), 'invalid-alert-subject'],
    ['a conveyance of punctuation only', raise({ kind: 'conveyance', value: '--' }), 'invalid-alert-subject'],
    ['a conveyance longer than 40 characters', raise({ kind: 'conveyance', value: 'X'.repeat(41) }), 'invalid-alert-subject'],
    ['an unknown subject kind', raise({ kind: 'person', value: 'someone' } as unknown as AlertSubject), 'invalid-alert-subject'],
    ['an unknown action', raise({ kind: 'origin', value: 'VNM' }, 'seize' as 'hold'), 'invalid-alert-action'],
    ['no reason', raise({ kind: 'origin', value: 'VNM' }, 'hold', ' '), 'reason-required'],
    ['no officer', { ...raise({ kind: 'origin', value: 'VNM' }), raisedBy: { agency: 'customs', officer: '' } }, 'officer-required'],
  ])('refuses %s', (_, command, code) => {
    expect(given([]).when(command)).toThrow(refusal(code));
  });

  it('accepts a conveyance of exactly 40 characters', () => {
    expect(given([]).when(raise({ kind: 'conveyance', value: 'X'.repeat(40) }))()).toHaveLength(1);
  });

  it('refuses to raise the same alert twice', () => {
    expect(given([raised({ kind: 'origin', value: 'VNM' })]).when(raise({ kind: 'origin', value: 'VNM' }))).toThrow(refusal('alert-already-raised'));
  });
});

describe('alert: LiftAlert', () => {
  const active = [raised({ kind: 'conveyance', value: '粤Z-1234港' })];

  it.each<[string, AlertCommand, AlertEvent[]]>([
    ['lifts an active alert, by an officer of the agency that raised it', lift('checked: a cloned plate'), [lifted('checked: a cloned plate')]],
    ['lifts without a reason', lift(), [lifted()]],
  ])('%s', (_, command, expected) => {
    expect(given(active).when(command)()).toEqual(expected);
  });

  it('is no longer active once lifted', () => {
    expect(activeAlert(given([...active, lifted()]).state)).toBeNull();
  });

  it("refuses another agency's officer: the raising agency answers for its alert", () => {
    expect(given(active).when(lift('not ours', borderOfficer))).toThrow(refusal('alert-of-another-agency'));
  });

  it('refuses to lift twice (409)', () => {
    expect(given([...active, lifted()]).when(lift())).toThrow(refusal('alert-not-active'));
  });

  it('does not know an alert never raised (404)', () => {
    expect(given([]).when(lift())).toThrow(NotFoundError);
  });
});

describe('alert: which declarations it matches', () => {
  const declaration = {
    declarationId: 'd-1',
    declarant: { uscc: USCC, name: 'Guangzhou Nansha Xianda Cold-Chain Logistics Co., Ltd.' },
    transport: { mode: '4', conveyance: '粤Z 1234港', billOfLading: 'BL-1' },
    items: [
      { hsCode: '0202300090', description: 'Frozen boneless beef', quantity: 20000, unit: '035', value: 120000, originCountry: 'BRA' },
      { hsCode: '8471300000', description: 'Laptops', quantity: 10, unit: '001', value: 5000, originCountry: 'vnm' },
    ],
  } as unknown as CaseDeclaration;

  const cases: [string, AlertSubject, boolean][] = [
    ['the declarant', { kind: 'enterprise', value: USCC }, true],
    ['another enterprise', { kind: 'enterprise', value: '91310115MA1HK7Q24A' }, false],
    ['the conveyance, ignoring case, spaces and dashes', { kind: 'conveyance', value: '粤z-1234港' }, true],
    ['the conveyance with spaces', { kind: 'conveyance', value: ' 粤Z 1234 港 ' }, true],
    ['another conveyance', { kind: 'conveyance', value: '粤Z1235港' }, false],
    ['a chapter of one item', { kind: 'commodity', value: '02' }, true],
    ['the full code of the other item', { kind: 'commodity', value: '8471300000' }, true],
    ['a heading of neither', { kind: 'commodity', value: '0203' }, false],
    ['the origin of one item', { kind: 'origin', value: 'BRA' }, true],
    ['an origin declared in lower case', { kind: 'origin', value: 'VNM' }, true],
    ['an origin of neither', { kind: 'origin', value: 'ARG' }, false],
  ];

  it.each(cases)('%s', (_, subject, expected) => {
    expect(alertMatches(subject, declaration)).toBe(expected);
  });

  it.each(cases)('agrees with the risk assessment on %s', (_, subject, expected) => {
    const alert = { id: 'a-1', subject, action: 'hold' as const, reason: 'r' };
    expect(alertOutcomes(declaration, [alert]).outcomes.length === 1).toBe(expected);
    expect(alertOutcomes(declaration, [alert]).hold !== undefined).toBe(expected);
  });
});
