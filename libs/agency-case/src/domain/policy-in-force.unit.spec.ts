import type { AgencyCaseState } from './agency-case.state';
import type { AgencyPolicy } from './agency-policy';
import { policyInForce } from './policy-in-force';

/** A policy with every member AgencyPolicy names (a Required<> one: the compiler lists what a new member adds). */
function fullPolicy(tag: string): Required<AgencyPolicy> {
  return {
    agency: 'customs',
    assess: () => ({ lane: 'green', reasons: [{ ruleId: tag, description: tag }] as never, draw: null, requiredChecks: [], priority: 0 }),
    assessDuties: () => ({ amount: tag.length, customsValueCny: 0, lines: [] }),
    toCny: (amount) => amount * tag.length,
    lateFees: { declaration: () => ({ amount: 1, days: 1, legalBasis: tag }), payment: () => null },
    releaseBlockers: () => [tag],
    conditionalRelease: () => tag === 'v2',
    releasesAutomatically: () => tag === 'v1',
    examinationChecks: () => ['documents'],
  };
}

describe('policyInForce: every member of the policy in force, none dropped', () => {
  const state = {} as AgencyCaseState;

  it('delegates every member AgencyPolicy has to the current policy', () => {
    const full = fullPolicy('v1');
    const wrapped = policyInForce('customs', () => full);
    const members = Object.keys(full) as (keyof AgencyPolicy)[];
    for (const member of members) expect([member, member in wrapped]).toEqual([member, true]);
    expect(Object.keys(wrapped).sort()).toEqual(members.sort());
    expect(wrapped.toCny!(10, 'USD')).toBe(20);
    expect(wrapped.assessDuties!({} as never)).toEqual({ amount: 2, customsValueCny: 0, lines: [] });
    expect(wrapped.lateFees!.declaration({ arrivedAt: '', declaredAt: '', customsValueCny: 0 })).toEqual({ amount: 1, days: 1, legalBasis: 'v1' });
    expect(wrapped.releaseBlockers(state)).toEqual(['v1']);
    expect(wrapped.releasesAutomatically!(state)).toBe(true);
    expect(wrapped.conditionalRelease!({} as never)).toBe(false);
    expect(wrapped.examinationChecks!(state)).toEqual(['documents']);
    expect(wrapped.assess({} as never, { draw: 0, randomSelection: false, alerts: [] }).reasons).toEqual([{ ruleId: 'v1', description: 'v1' }]);
  });

  it('follows the policy in force when it is rebuilt (new reference lists), and keeps its own agency', () => {
    let current: AgencyPolicy = fullPolicy('v1');
    const wrapped = policyInForce('inspection', () => current);
    expect(wrapped.releaseBlockers(state)).toEqual(['v1']);
    current = fullPolicy('v2');
    expect(wrapped.releaseBlockers(state)).toEqual(['v2']);
    expect(wrapped.toCny!(10, 'USD')).toBe(20);
    expect(wrapped.agency).toBe('inspection');
  });

  it('a member the policy lacks stays absent, so callers that look for it see none', () => {
    const { toCny: _toCny, assessDuties: _duties, lateFees: _fees, conditionalRelease: _conditional, ...minimal } = fullPolicy('v1');
    const wrapped = policyInForce('border', () => minimal);
    expect(wrapped.toCny).toBeUndefined();
    expect('assessDuties' in wrapped).toBe(false);
    expect(wrapped.lateFees).toBeUndefined();
    expect(wrapped.conditionalRelease?.({} as never)).toBeUndefined();
    expect('releasesAutomatically' in wrapped).toBe(true);
  });

  it('methods keep their policy as `this`', () => {
    const policy = { ...fullPolicy('v1'), factor: 3, toCny(this: { factor: number }, amount: number) { return amount * this.factor; } };
    expect(policyInForce('customs', () => policy).toCny!(2, 'USD')).toBe(6);
  });
});
