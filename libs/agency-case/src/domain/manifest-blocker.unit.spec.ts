import { agencyCaseDecider, commonReleaseBlockers, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyPolicy } from '@sw/agency-case';
import type { CaseDeclaration } from '@sw/shipment';

// 舱单 before release: a case opened waiting for the manifest is not released until ConfirmManifest.

const now = new Date('2026-12-01T08:00:00.000Z');
const at = now.toISOString();
const declaration: CaseDeclaration = {
  declarationId: 'd-1', mode: 'standard', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan' },
  customsOffice: '0700', portOfEntry: '0700', transport: { mode: '4', conveyance: '蒙K12345', billOfLading: 'EL-1' },
  tradeMode: '0110', incoterm: 'DAP', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 100, unit: '001', value: 50000, originCountry: 'MNG' }], documents: [],
};
const greenPolicy: AgencyPolicy = {
  agency: 'customs',
  assess: () => ({ lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0 }),
  releaseBlockers: (state) => commonReleaseBlockers(state),
};
const decider = agencyCaseDecider(greenPolicy);
const opened = (manifest?: 'missing' | 'on-manifest'): AgencyCaseEvent => ({
  type: 'CaseOpened', data: { agency: 'customs', declaration, routingReasons: [], arrived: true, ...(manifest ? { manifest } : {}), openedAt: at },
});
const assessed: AgencyCaseEvent = { type: 'RiskAssessed', data: { lane: 'green', reasons: [], draw: null, requiredChecks: [], priority: 0, assessedAt: at } };
const confirmed: AgencyCaseEvent = { type: 'ManifestConfirmed', data: { manifestId: 'm-1', confirmedAt: at } };
const released: AgencyCaseEvent = { type: 'CaseReleased', data: { by: 'system', automatic: true, code: 'decision.release.green-lane', reason: 'green lane: every release condition holds', releasedAt: at } };

const given = (history: AgencyCaseEvent[]) => {
  const state = history.reduce(decider.evolve, decider.initialState());
  return { state, when: (command: AgencyCaseCommand) => decider.decide(command, state) };
};

describe('Agency case: the manifest (舱单) before release', () => {
  it.each<[string, AgencyCaseEvent[], AgencyCaseCommand, AgencyCaseEvent[]]>([
    ['opened waiting for the manifest', [], { type: 'OpenCase', agency: 'customs', declaration, routingReasons: [], arrived: true, manifest: 'missing', now }, [opened('missing')]],
    ['a green case waiting for its manifest is not released', [opened('missing'), assessed], { type: 'ReleaseIfReady', now }, []],
    ['the manifest confirmed', [opened('missing'), assessed], { type: 'ConfirmManifest', manifestId: 'm-1', now }, [confirmed]],
    ['then it releases itself', [opened('missing'), assessed, confirmed], { type: 'ReleaseIfReady', now }, [released]],
    ['confirmed once', [opened('missing'), assessed, confirmed], { type: 'ConfirmManifest', manifestId: 'm-2', now }, []],
    ['a case that needs no manifest ignores one', [opened(), assessed], { type: 'ConfirmManifest', manifestId: 'm-1', now }, []],
    ['opened on the manifest: released as usual', [opened('on-manifest'), assessed], { type: 'ReleaseIfReady', now }, [released]],
  ])('%s', (_, history, command, expected) => {
    expect(given(history).when(command)).toEqual(expected);
  });

  it('names manifest-missing among the blockers until it is confirmed', () => {
    expect(commonReleaseBlockers(given([opened('missing'), assessed]).state)).toEqual(['manifest-missing']);
    expect(commonReleaseBlockers(given([opened('missing'), assessed, confirmed]).state)).toEqual([]);
  });
});
