import { borderPolicy, loadBorderPolicy } from '@sw/border';
import { customsPolicy, loadCustomsPolicy } from '@sw/customs';
import { inspectionPolicy, loadInspectionPolicy } from '@sw/inspection';

/** The agencies' seeded policies offer every member their loaded policy has: none lost in a wrapper (customs once lost toCny). */
describe.each([
  ['customs', customsPolicy, loadCustomsPolicy],
  ['inspection', inspectionPolicy, loadInspectionPolicy],
  ['border', borderPolicy, loadBorderPolicy],
] as const)('the %s policy in force', (agency, seeded, load) => {
  it('has exactly the members of the policy its seeds build', () => {
    const loaded = load();
    expect(Object.keys(seeded).sort()).toEqual(Object.keys(loaded).sort());
    for (const member of Object.keys(loaded)) expect([member, typeof (seeded as unknown as Record<string, unknown>)[member]]).toEqual([member, typeof (loaded as unknown as Record<string, unknown>)[member]]);
    expect(seeded.agency).toBe(agency);
  });
});

it('customs converts currencies through its wrapper (the member a hand-copied list once dropped)', () => {
  expect(customsPolicy.toCny!(100, 'CNY')).toBe(100);
  expect(customsPolicy.toCny!(100, 'USD')).toBe(loadCustomsPolicy().toCny!(100, 'USD'));
});
