import { DomainError } from '@sw/event-store';
import type { DeclarationBody } from '@sw/shipment';
import { declarationDecider, type DeclarationCommand } from './declaration.decider';
import type { DeclarationEvent } from './declaration.events';
import type { Routing } from './routing';

/**
 * Corrections, as the policy reads: 修改申请 before and after release, 退单 and resubmission,
 * 补充申报. given(history).when(command).then(events), or the refusal's code.
 */
const T0 = new Date('2026-11-01T08:00:00.000Z');
const at = (hours: number) => new Date(T0.getTime() + hours * 3_600_000);
const iso = (hours: number) => at(hours).toISOString();

const body: DeclarationBody = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91350100M000100Y43', name: 'Fujian Trading' },
  customsOffice: '3501', portOfEntry: '3501', transport: { mode: '2', conveyance: 'COSCO STAR', billOfLading: 'BL-1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '0202300090', description: 'frozen boneless beef', quantity: 1000, unit: '035', value: 5000, originCountry: 'AUS' }],
  documents: [],
};
const valued = (value: number, quantity = 1000) => [{ ...body.items[0]!, value, quantity }];
const ROUTING: Routing = { agencies: ['customs'], reasons: { customs: ['always'] } };
const ROUTING_2: Routing = { agencies: ['customs', 'inspection'], reasons: { customs: ['always'], inspection: ['0302 on the inspection list'] } };

const submitted: DeclarationEvent = { type: 'DeclarationSubmitted', data: { declarationId: 'd-1', declaration: body, submittedAt: iso(0), requestHash: 'h', arrivedAt: iso(0) } };
const released: DeclarationEvent = { type: 'DeclarationReleased', data: { agencies: ['customs'], releasedAt: iso(1) } };
const withdrawn: DeclarationEvent = { type: 'DeclarationWithdrawn', data: { reason: 'cancelled', withdrawnAt: iso(1) } };
const requested = (changes: Record<string, unknown>, afterRelease = false, baseVersion = 1, id = 'a-1'): DeclarationEvent =>
  ({ type: 'AmendmentRequested', data: { amendmentId: id, reason: 'typo in the value', changes, afterRelease, baseVersion, requestedAt: iso(2) } });
const returned: DeclarationEvent = { type: 'DeclarationReturned', data: { agency: 'customs', reason: 'wrong HS code', by: 'officer-1', returnedAt: iso(2) } };
const resubmitted = (version = 2): DeclarationEvent => ({ type: 'DeclarationResubmitted', data: { declaration: body, version, requestHash: 'h2', resubmittedAt: iso(3) } });
const infoRequested: DeclarationEvent = { type: 'InformationRequested', data: { requestId: 'r-1', agency: 'customs', reason: 'send the invoice', fields: ['items[0].value'], by: 'officer-1', requestedAt: iso(2) } };

const cmd = {
  amend: (changes: Record<string, unknown>, id = 'a-1'): DeclarationCommand => ({ type: 'RequestAmendment', amendmentId: id, reason: 'typo in the value', changes, now: at(2) }),
  decide: (decision: 'approve' | 'refuse', routing = ROUTING): DeclarationCommand => ({ type: 'DecideAmendment', amendmentId: 'a-1', decision, reason: 'checked', officer: 'officer-1', routing, now: at(3) }),
  ret: (): DeclarationCommand => ({ type: 'Return', agency: 'customs', reason: 'wrong HS code', officer: 'officer-1', now: at(2) }),
  resubmit: (declaration = body, routing = ROUTING): DeclarationCommand => ({ type: 'Resubmit', declaration, requestHash: 'h2', routing, now: at(3) }),
  ask: (): DeclarationCommand => ({ type: 'RequestInformation', requestId: 'r-1', agency: 'customs', reason: 'send the invoice', fields: ['items[0].value'], officer: 'officer-1', now: at(2) }),
  answer: (requestId = 'r-1'): DeclarationCommand => ({ type: 'Respond', requestId, note: 'invoice attached', documents: [{ code: 'INV', number: 'INV-1' }], now: at(3) }),
};

function given(history: DeclarationEvent[]) {
  const state = history.reduce(declarationDecider.evolve, declarationDecider.initialState());
  return { when: (command: DeclarationCommand) => () => declarationDecider.decide(command, state), state };
}

describe('Declaration corrections', () => {
  describe('then events', () => {
    it.each<[string, DeclarationEvent[], DeclarationCommand, DeclarationEvent[]]>([
      ['an amendment before release records what changes, on version 1', [submitted], cmd.amend({ items: valued(6000), tradeMode: '0110' }),
        [requested({ items: valued(6000) })]],
      ['an amendment after release: values and quantities only (补税)', [submitted, released], cmd.amend({ items: valued(6000, 1200) }),
        [requested({ items: valued(6000, 1200) }, true)]],
      ['approved before release: the body changes, version 2, routed again', [submitted, requested({ items: valued(6000) })], cmd.decide('approve', ROUTING_2), [
        { type: 'AmendmentApproved', data: { amendmentId: 'a-1', reason: 'checked', by: 'officer-1', declaration: { ...body, items: valued(6000) }, version: 2, afterRelease: false, decidedAt: iso(3) } },
        { type: 'DeclarationRouted', data: { ...ROUTING_2, routedAt: iso(3) } }]],
      ['approved after release: no new routing (a supplementary assessment)', [submitted, released, requested({ items: valued(4000) }, true)], cmd.decide('approve'), [
        { type: 'AmendmentApproved', data: { amendmentId: 'a-1', reason: 'checked', by: 'officer-1', declaration: { ...body, items: valued(4000) }, version: 2, afterRelease: true, decidedAt: iso(3) } }]],
      ['refused: nothing changes but the amendment', [submitted, requested({ items: valued(6000) })], cmd.decide('refuse'),
        [{ type: 'AmendmentRefused', data: { amendmentId: 'a-1', reason: 'checked', by: 'officer-1', decidedAt: iso(3) } }]],
      ['returned (退单) while under review', [submitted], cmd.ret(), [returned]],
      ['returned twice: once', [submitted, returned], cmd.ret(), []],
      ['resubmitted whole: version 2, routed again', [submitted, returned], cmd.resubmit(body, ROUTING_2),
        [resubmitted(2), { type: 'DeclarationRouted', data: { ...ROUTING_2, routedAt: iso(3) } }]],
      ['information requested (补充申报)', [submitted], cmd.ask(), [infoRequested]],
      ['the same request twice: once', [submitted, infoRequested], cmd.ask(), []],
      ['the declarant answers it', [submitted, infoRequested], cmd.answer(),
        [{ type: 'InformationProvided', data: { requestId: 'r-1', agency: 'customs', note: 'invoice attached', documents: [{ code: 'INV', number: 'INV-1' }], respondedAt: iso(3) } }]],
    ])('%s', (_name, history, command, expected) => {
      expect(given(history).when(command)()).toEqual(expected);
    });
  });

  describe('then refused', () => {
    it.each<[string, DeclarationEvent[], DeclarationCommand, string]>([
      ['an amendment that changes nothing', [submitted], cmd.amend({ tradeMode: '0110' }), 'amendment-empty'],
      ['after release, the HS code is not amended', [submitted, released], cmd.amend({ items: [{ ...body.items[0]!, hsCode: '0202300010' }] }), 'amendment-after-release'],
      ['after release, the transport is not amended', [submitted, released], cmd.amend({ transport: { ...body.transport, conveyance: 'OTHER' } }), 'amendment-after-release'],
      ['after release, no line is added', [submitted, released], cmd.amend({ items: [...body.items, ...body.items] }), 'amendment-after-release'],
      ['a second amendment while one is pending', [submitted, requested({ items: valued(6000) })], cmd.amend({ tradeMode: '0214' }, 'a-2'), 'amendment-pending'],
      ['a returned declaration is resubmitted, not amended', [submitted, returned], cmd.amend({ tradeMode: '0214' }), 'declaration-returned'],
      ['a withdrawn declaration is not amended', [submitted, withdrawn], cmd.amend({ tradeMode: '0214' }), 'declaration-withdrawn'],
      ['a decision on an unknown amendment', [submitted], cmd.decide('approve'), 'unknown-amendment'],
      ['a decision on a decided amendment', [submitted, requested({ items: valued(6000) }),
        { type: 'AmendmentRefused', data: { amendmentId: 'a-1', reason: 'no', by: 'o', decidedAt: iso(3) } }], cmd.decide('approve'), 'amendment-decided'],
      ['stale: released since it was asked for', [submitted, requested({ items: valued(6000) }), released], cmd.decide('approve'), 'amendment-stale'],
      ['stale: returned since it was asked for', [submitted, requested({ items: valued(6000) }), returned], cmd.decide('approve'), 'amendment-stale'],
      ['stale: resubmitted since it was asked for (another version)', [submitted, requested({ items: valued(6000) }), returned, resubmitted()], cmd.decide('approve'), 'amendment-stale'],
      ['a released declaration is not returned', [submitted, released], cmd.ret(), 'already-released'],
      ['only a returned declaration is resubmitted', [submitted], cmd.resubmit(), 'not-returned'],
      ['a resubmission keeps its direction', [submitted, returned], cmd.resubmit({ ...body, direction: 'export' }), 'resubmission-declarant'],
      ['a resubmission keeps its declarant', [submitted, returned], cmd.resubmit({ ...body, declarant: { uscc: '91310000M000200X12', name: 'x' } }), 'resubmission-declarant'],
      ['no request for information on a released declaration', [submitted, released], cmd.ask(), 'already-released'],
      ['an answer to an unknown request', [submitted], cmd.answer('r-9'), 'unknown-request'],
      ['an answer twice', [submitted, infoRequested, { type: 'InformationProvided', data: { requestId: 'r-1', agency: 'customs', note: 'n', documents: [], respondedAt: iso(3) } }], cmd.answer(), 'request-answered'],
    ])('%s', (_name, history, command, code) => {
      expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as DomainError);
    });

    it('names each field an amendment after release may not change', () => {
      const refusal = (() => { try { given([submitted, released]).when(cmd.amend({ currency: 'EUR', items: [{ ...body.items[0]!, hsCode: '0202300010', value: 1 }] }))(); } catch (e) { return e as DomainError; } })();
      expect(refusal?.details?.errors).toEqual([
        { field: 'changes.currency', message: expect.stringContaining('values and quantities') },
        { field: 'changes.items[0].hsCode', message: expect.stringContaining('values and quantities') },
      ]);
    });
  });

  it('the state keeps the version, the amendments and the requests', () => {
    const { state } = given([submitted, requested({ items: valued(6000) }),
      { type: 'AmendmentApproved', data: { amendmentId: 'a-1', reason: 'ok', by: 'o', declaration: { ...body, items: valued(6000) }, version: 2, afterRelease: false, decidedAt: iso(3) } },
      returned, resubmitted(3), infoRequested]);
    expect(state).toMatchObject({ version: 3, lifecycle: 'submitted', amendments: [{ id: 'a-1', status: 'approved', decidedBy: 'o' }], requests: [{ id: 'r-1', status: 'open' }] });
  });
});
