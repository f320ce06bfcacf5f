import { appointmentForEnterprise, decisionForEnterprise, ENFORCEMENT_NOTICE, licenseProblemForEnterprise } from './disclosure';

describe('what an enterprise may read of the facts others recorded about its shipment', () => {
  it.each([
    ['a hold by an alert, structured', { by: 'system', reason: 'alert:A-1: tip-off ZX-7781', alertId: 'A-1' }],
    ['a hold at risk assessment, before alertId was recorded', { by: 'system', reason: 'alert:A-1: tip-off ZX-7781' }],
    ['a hold by an alert raised after submission, before alertId was recorded', { by: 'alert:inspection', reason: 'alert A-1: tip-off ZX-7781' }],
  ])('an enforcement measure reads as a notice, naming no alert, officer or reason: %s', (_, decision) => {
    const read = decisionForEnterprise('customs', { decision: 'hold', at: 't', ...decision });
    expect(read).toEqual({ decision: 'hold', at: 't', by: 'customs', reason: ENFORCEMENT_NOTICE });
    expect(JSON.stringify(read)).not.toMatch(/A-1|ZX-7781|alert/);
  });

  it('an enforcement measure with the catalogue’s code reads as the notice’s code, its params (the alert) dropped', () => {
    const read = decisionForEnterprise('customs', { decision: 'hold', at: 't', by: 'system', reason: 'alert A-1: tip-off', alertId: 'A-1', code: 'decision.by-alert', params: { alertId: 'A-1' } });
    expect(read).toEqual({ decision: 'hold', at: 't', by: 'customs', reason: ENFORCEMENT_NOTICE, code: 'decision.enforcement-notice' });
  });

  it("an officer's own decision keeps its reason, under the agency's name", () => {
    expect(decisionForEnterprise('customs', { decision: 'hold', by: 'officer-77', reason: 'invoice missing', at: 't' })).toEqual({ decision: 'hold', by: 'customs', reason: 'invoice missing', at: 't' });
  });

  it("an appointment booked by an officer does not name the officer; the enterprise's own booking is shown as it is", () => {
    const slot = { from: 'a', to: 'b' };
    expect(appointmentForEnterprise({ slot, bookedBy: { kind: 'officer', id: 'dev:customs-officer' } })).toEqual({ slot, bookedBy: { kind: 'officer' } });
    expect(appointmentForEnterprise({ slot, bookedBy: { kind: 'enterprise', id: '91310115MA1HK7Q24A' } })).toEqual({ slot, bookedBy: { kind: 'enterprise', id: '91310115MA1HK7Q24A' } });
    expect(appointmentForEnterprise(null)).toBeNull();
  });

  it("another holder's licence and a number not registered read the same; the declarant's own licence problems are shown", () => {
    const base = { item: 0, hsCode: '2849200000', type: '4', license: { code: '4', number: 'XK-1' } };
    const other = licenseProblemForEnterprise({ ...base, reason: 'not-the-holder', message: 'licence XK-1 is not registered to the declarant X' });
    const missing = licenseProblemForEnterprise({ ...base, reason: 'license-not-found', message: 'licence 4 XK-1 is not in the register' });
    expect(other).toEqual(missing);
    expect(other.reason).toBe('license-not-usable');
    const own = { ...base, reason: 'license-expired', message: 'licence 4 XK-1 expired on 2026-05-31' };
    expect(licenseProblemForEnterprise(own)).toEqual(own);
  });
});
