import { DomainError } from '@sw/event-store';
import { declarationDecider, type DeclarationCommand } from './declaration.decider';
import type { DeclarationEvent } from './declaration.events';
import type { DeclarationBody } from '@sw/shipment';

const T0 = new Date('2026-11-01T08:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);
const iso = (days: number) => at(days).toISOString();

const body = (mode: DeclarationBody['mode']): DeclarationBody => ({
  mode, direction: 'import', declarant: { uscc: '91350100M000100Y43', name: 'Fujian Trading' },
  customsOffice: '3501', portOfEntry: '3501', transport: { mode: '2', conveyance: 'COSCO STAR', billOfLading: 'BL-1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '0202300090', description: 'frozen boneless beef', quantity: 1000, unit: '035', value: mode === 'two-step' ? undefined : 5000, originCountry: 'AUS' }],
  documents: [], summary: mode === 'two-step' ? { licenseRequired: false, inspectionRequired: true, dutiable: true } : undefined,
});

const submitted = (mode: DeclarationBody['mode'], arrivedAt: string | null = mode === 'standard' ? iso(0) : null): DeclarationEvent => ({
  type: 'DeclarationSubmitted', data: { declarationId: 'd-1', declaration: body(mode), submittedAt: iso(0), requestHash: 'h', arrivedAt },
});
const ROUTING = { agencies: ['customs', 'inspection'] as ('customs' | 'inspection')[], reasons: { customs: ['always'], inspection: ['0202 on the inspection list'] } };
const routedAtSubmission = (days = 0): DeclarationEvent => ({ type: 'DeclarationRouted', data: { ...ROUTING, routedAt: iso(days) } });
const arrival = (days: number): DeclarationEvent => ({ type: 'ArrivalRecorded', data: { arrivedAt: iso(days), billOfLading: 'BL-1', conveyance: 'COSCO STAR', recordedAt: iso(days) } });
const scheduled = (arrivalDays: number): DeclarationEvent => ({ type: 'CompleteDeclarationScheduled', data: { dueAt: iso(arrivalDays + 14) } });
const released: DeclarationEvent = { type: 'DeclarationReleased', data: { agencies: ['customs'], releasedAt: iso(1) } };
const withdrawn: DeclarationEvent = { type: 'DeclarationWithdrawn', data: { reason: 'cancelled order', withdrawnAt: iso(1) } };
const rejected: DeclarationEvent = { type: 'DeclarationRejected', data: { agency: 'inspection', reason: 'pests', rejectedAt: iso(1) } };
const exited: DeclarationEvent = { type: 'GoodsExited', data: { conveyance: 'COSCO STAR', portOfEntry: '3501', exitedAt: iso(2) } };
const filed = (days: number, late = false): DeclarationEvent => ({ type: 'CompleteDeclarationFiled', data: { items: body('standard').items, documents: [], filedAt: iso(days), late } });

const cmd = {
  submit: (mode: DeclarationBody['mode'], arrivedAt: string | null = null, days = 0): DeclarationCommand => ({ type: 'Submit', declarationId: 'd-1', declaration: body(mode), requestHash: 'h', arrivedAt, routing: ROUTING, now: at(days) }),
  arrive: (days: number): DeclarationCommand => ({ type: 'RecordArrival', arrivedAt: iso(days), billOfLading: 'BL-1', conveyance: 'COSCO STAR', now: at(days) }),
  route: (): DeclarationCommand => ({ type: 'Route', agencies: ['customs', 'inspection'], reasons: { customs: ['always'], inspection: ['0202 on the inspection list'] }, now: at(0) }),
  file: (days: number): DeclarationCommand => ({ type: 'FileComplete', items: body('standard').items, documents: [], now: at(days) }),
  overdue: (days: number): DeclarationCommand => ({ type: 'MarkOverdue', now: at(days) }),
  withdraw: (): DeclarationCommand => ({ type: 'Withdraw', reason: 'cancelled order', now: at(1) }),
  release: (): DeclarationCommand => ({ type: 'Release', agencies: ['customs'], now: at(1) }),
  reject: (): DeclarationCommand => ({ type: 'Reject', agency: 'inspection', reason: 'pests', now: at(1) }),
  exit: (): DeclarationCommand => ({ type: 'RecordExit', conveyance: 'COSCO STAR', portOfEntry: '3501', now: at(2) }),
};

function given(history: DeclarationEvent[]) {
  const state = history.reduce(declarationDecider.evolve, declarationDecider.initialState());
  return { when: (command: DeclarationCommand) => () => declarationDecider.decide(command, state) };
}

describe('Declaration decider', () => {
  describe('then events', () => {
    it.each<[string, DeclarationEvent[], DeclarationCommand, DeclarationEvent[]]>([
      // submit in each mode
      // submit in each mode: routed in the same write
      ['standard: the goods are at the port when declared', [], cmd.submit('standard'), [submitted('standard', iso(0)), routedAtSubmission()]],
      ['advance (提前申报): no arrival yet', [], cmd.submit('advance'), [submitted('advance', null), routedAtSubmission()]],
      ['advance: an arrival recorded earlier counts', [], cmd.submit('advance', iso(-1)), [submitted('advance', iso(-1)), routedAtSubmission()]],
      ['two-step without arrival: nothing due yet', [], cmd.submit('two-step'), [submitted('two-step', null), routedAtSubmission()]],
      ['two-step after arrival: due 14 days after it', [], cmd.submit('two-step', iso(-2)), [submitted('two-step', iso(-2)), routedAtSubmission(), scheduled(-2)]],
      // arrival
      ['arrival of an advance declaration', [submitted('advance')], cmd.arrive(3), [arrival(3)]],
      ['arrival of a two-step declaration starts its 14 days', [submitted('two-step')], cmd.arrive(3), [arrival(3), scheduled(3)]],
      ['a second arrival changes nothing', [submitted('advance'), arrival(3)], cmd.arrive(4), []],
      ['arrival of a standard declaration (already there)', [submitted('standard')], cmd.arrive(1), []],
      ['arrival after withdrawal', [submitted('advance'), withdrawn], cmd.arrive(3), []],
      // routing
      ['routing a declaration submitted before routing was part of submission', [submitted('standard')], cmd.route(), [routedAtSubmission()]],
      ['routing a declaration routed at submission', [submitted('standard'), routedAtSubmission()], cmd.route(), []],
      ['routing twice', [submitted('standard'), { type: 'DeclarationRouted', data: { agencies: ['customs'], reasons: {}, routedAt: iso(0) } }], cmd.route(), []],
      // complete declaration (完整申报)
      ['filing on time', [submitted('two-step'), arrival(0), scheduled(0)], cmd.file(10), [filed(10, false)]],
      ['filing late', [submitted('two-step'), arrival(0), scheduled(0)], cmd.file(20), [filed(20, true)]],
      ['filing before arrival', [submitted('two-step')], cmd.file(1), [filed(1, false)]],
      ['filing after release (release came on the summary)', [submitted('two-step'), arrival(0), scheduled(0), released], cmd.file(5), [filed(5, false)]],
      // 完整申报 with the full body: the summary's header sent again, freight completing the value.
      ['filing the full body, its header the summary\'s', [submitted('two-step')],
        { type: 'FileComplete', items: body('standard').items, documents: [], header: { ...body('two-step'), items: undefined }, freight: { amount: 80, currency: 'USD' }, now: at(2) },
        [{ type: 'CompleteDeclarationFiled', data: { items: body('standard').items, documents: [], freight: { amount: 80, currency: 'USD' }, filedAt: iso(2), late: false } }]],
      // overdue
      ['overdue once the due date has passed', [submitted('two-step'), arrival(0), scheduled(0)], cmd.overdue(14), [{ type: 'CompleteDeclarationOverdue', data: { dueAt: iso(14), markedAt: iso(14) } }]],
      ['not overdue before the due date', [submitted('two-step'), arrival(0), scheduled(0)], cmd.overdue(13.9), []],
      ['not overdue when filed', [submitted('two-step'), arrival(0), scheduled(0), filed(5)], cmd.overdue(20), []],
      ['overdue only once', [submitted('two-step'), arrival(0), scheduled(0), { type: 'CompleteDeclarationOverdue', data: { dueAt: iso(14), markedAt: iso(14) } }], cmd.overdue(20), []],
      ['no due date without arrival', [submitted('two-step')], cmd.overdue(30), []],
      ['a standard declaration is never overdue', [submitted('standard')], cmd.overdue(30), []],
      ['a withdrawn declaration is never overdue', [submitted('two-step'), arrival(0), scheduled(0), withdrawn], cmd.overdue(30), []],
      // guarantees and payments are instructions a bank confirms (libs/money)
      // withdrawal, release, rejection, exit
      ['withdrawal before release', [submitted('standard')], cmd.withdraw(), [withdrawn]],
      ['release', [submitted('standard')], cmd.release(), [released]],
      ['release happens once (一次放行)', [submitted('standard'), released], cmd.release(), []],
      ['no release after withdrawal', [submitted('standard'), withdrawn], cmd.release(), []],
      ['no release after rejection', [submitted('standard'), rejected], cmd.release(), []],
      ['rejection', [submitted('standard')], cmd.reject(), [rejected]],
      ['no rejection after release', [submitted('standard'), released], cmd.reject(), []],
      ['exit of released goods', [submitted('standard'), released], cmd.exit(), [exited]],
      ['exit recorded once', [submitted('standard'), released, exited], cmd.exit(), []],
    ])('%s', (_, history, command, expected) => {
      expect(given(history).when(command)()).toEqual(expected);
    });
  });

  describe('then refused', () => {
    it.each<[string, DeclarationEvent[], DeclarationCommand, string]>([
      ['submitting twice', [submitted('standard')], cmd.submit('standard'), 'already-submitted'],
      ...(['arrive', 'route', 'file', 'withdraw', 'release', 'reject', 'exit'] as const).map(
        (name) => [`${name} on a declaration that does not exist`, [], (cmd[name] as (n: number) => DeclarationCommand)(1), name === 'file' ? 'not-submitted' : 'not-submitted'] as [string, DeclarationEvent[], DeclarationCommand, string],
      ),
      ['completing a standard declaration', [submitted('standard')], cmd.file(1), 'not-two-step'],
      ['filing twice', [submitted('two-step'), filed(2)], cmd.file(3), 'already-filed'],
      ['filing after withdrawal', [submitted('two-step'), withdrawn], cmd.file(3), 'declaration-withdrawn'],
      ['withdrawal after release', [submitted('standard'), released], cmd.withdraw(), 'already-released'],
      ['withdrawal after exit', [submitted('standard'), released, exited], cmd.withdraw(), 'already-released'],
      ['withdrawal twice', [submitted('standard'), withdrawn], cmd.withdraw(), 'declaration-withdrawn'],
      ['withdrawal after rejection', [submitted('standard'), rejected], cmd.withdraw(), 'declaration-rejected'],
      ['exit before release', [submitted('standard')], cmd.exit(), 'not-released'],
      ['exit after withdrawal', [submitted('standard'), withdrawn], cmd.exit(), 'not-released'],
    ])('%s', (_, history, command, code) => {
      expect(given(history).when(command)).toThrow(expect.objectContaining({ code }) as unknown as DomainError);
    });

    it('a complete declaration whose header differs from the summary\'s, naming each field', () => {
      const header = { currency: 'EUR', transport: { ...body('two-step').transport, conveyance: 'OTHER SHIP', voyage: '1E' }, declarant: body('two-step').declarant };
      expect(given([submitted('two-step')]).when({ type: 'FileComplete', items: body('standard').items, documents: [], header, now: at(2) })).toThrow(expect.objectContaining({
        code: 'complete-header-differs',
        details: { errors: [
          { field: 'transport.conveyance', message: expect.stringContaining('"OTHER SHIP", the summary declaration filed "COSCO STAR"') },
          { field: 'transport.voyage', message: expect.stringContaining('filed nothing') },
          { field: 'currency', message: expect.stringContaining('"EUR"') },
        ] },
      }) as unknown as DomainError);
    });
  });
});
