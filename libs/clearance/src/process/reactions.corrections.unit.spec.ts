import type { Agency, CaseDeclaration, DeclarationBody } from '@sw/shipment';
import { react, type Action, type ProcessEvent, type ReactionInput, type Shipment } from './reactions';

/**
 * The process's answers to corrections: an amendment approved, a declaration resubmitted after a
 * return (退单), a request for information (补充申报), a re-examination (复验). given / when / then.
 */
const D = 'd-1';
const body: DeclarationBody = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91350100M000100Y43', name: '福建贸易' },
  customsOffice: '3501', portOfEntry: '3501', transport: { mode: '2', conveyance: 'COSCO STAR', billOfLading: 'bl-1' },
  tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '007', value: 5000, originCountry: 'CHN' }],
  documents: [],
};
const amended: DeclarationBody = { ...body, items: [{ ...body.items[0]!, hsCode: '0202300090', description: 'frozen beef' }] };
const declaredAt = '2026-11-01T08:00:00.000Z';
const snapshot = (b: DeclarationBody, at = declaredAt): CaseDeclaration => ({ declarationId: D, ...b, declaredAt: at });
const shipment = (agencies: Agency[], released: Agency[] = []): Shipment =>
  ({ declarationId: D, billOfLading: 'BL-1', agencies, released, status: 'open', declaration: snapshot(body) });
const routing = (...agencies: Agency[]) => ({ agencies, reasons: Object.fromEntries(agencies.map((a) => [a, [`${a} reason`]])) });

const on = (stream: string, type: string, data: unknown): ProcessEvent => ({ streamId: stream, type, data, metadata: { correlationId: D } });
const approved = (afterRelease: boolean, declaration = amended) =>
  on(`declaration-${D}`, 'AmendmentApproved', { amendmentId: 'a-1', reason: 'ok', by: 'officer', declaration, version: 2, afterRelease, decidedAt: '2026-11-02T00:00:00.000Z' });
const resubmitted = on(`declaration-${D}`, 'DeclarationResubmitted', { declaration: amended, version: 2, requestHash: 'h', resubmittedAt: '2026-11-03T00:00:00.000Z' });
const revise = (agency: Agency, afterRelease: boolean, reason: string, at = declaredAt, b = amended): Action =>
  ({ type: 'case', declarationId: D, agency, command: { type: 'Revise', declaration: snapshot(b, at), afterRelease, reason } });

const given = (input: ReactionInput) => ({ when: (event: ProcessEvent) => react(event, input) });

describe('Clearance process: corrections', () => {
  it.each<[string, ReactionInput, ProcessEvent, Action[]]>([
    ['an amendment approved before release: the case is revised, a newly routed agency opens its case',
      { shipment: shipment(['customs'], ['customs']), declaration: { routing: routing('customs', 'inspection'), arrived: true } }, approved(false), [
        { type: 'record-revision', declarationId: D, declaration: snapshot(amended), agencies: ['customs', 'inspection'], resetReleased: true },
        revise('customs', false, 'amendment a-1 approved (version 2)'),
        { type: 'case', declarationId: D, agency: 'inspection', command: { type: 'OpenCase', agency: 'inspection', declaration: snapshot(amended), routingReasons: ['inspection reason'], arrived: true } },
      ]],
    ['an agency no longer routed closes its case',
      { shipment: shipment(['customs', 'inspection']), declaration: { routing: routing('customs'), arrived: false } }, approved(false, body), [
        { type: 'record-revision', declarationId: D, declaration: snapshot(body), agencies: ['customs'], resetReleased: true },
        revise('customs', false, 'amendment a-1 approved (version 2)', declaredAt, body),
        { type: 'case', declarationId: D, agency: 'inspection', command: { type: 'CloseCase', reason: 'no longer routed to inspection: amendment a-1 approved (version 2)' } },
      ]],
    ['after release only the duties are revised (补税 / 退税): same agencies, none released again',
      { shipment: shipment(['customs', 'border'], ['customs', 'border']), declaration: { routing: routing('customs'), arrived: true } }, approved(true), [
        { type: 'record-revision', declarationId: D, declaration: snapshot(amended), agencies: ['customs', 'border'], resetReleased: false },
        revise('customs', true, 'amendment a-1 approved (version 2)'), revise('border', true, 'amendment a-1 approved (version 2)'),
      ]],
    ['a resubmission after 退单 is routed and assessed again, filed on its new date',
      { shipment: shipment(['customs']), declaration: { routing: routing('customs'), arrived: true } }, resubmitted, [
        { type: 'record-revision', declarationId: D, declaration: snapshot(amended, '2026-11-03T00:00:00.000Z'), agencies: ['customs'], resetReleased: true },
        revise('customs', false, 'resubmitted after return (version 2)', '2026-11-03T00:00:00.000Z'),
      ]],
    ['a correction of a shipment the process does not know yet does nothing', { shipment: null, declaration: null }, resubmitted, []],
    ['a revised case is assessed again', {}, on(`customs-${D}`, 'CaseRevised', { declaration: snapshot(amended), afterRelease: false, reason: 'r', revisedAt: declaredAt }),
      [{ type: 'case', declarationId: D, agency: 'customs', command: { type: 'assess' } }]],
    ['a case revised after release was assessed in the same write', {}, on(`customs-${D}`, 'CaseRevised', { declaration: snapshot(amended), afterRelease: true, reason: 'r', revisedAt: declaredAt }), []],
    ['a request for information (补充申报) holds the asking agency\'s case', {},
      on(`declaration-${D}`, 'InformationRequested', { requestId: 'r-1', agency: 'inspection', reason: 'the health certificate', fields: ['documents'], by: 'officer:inspection:li', requestedAt: declaredAt }),
      [{ type: 'case', declarationId: D, agency: 'inspection', command: { type: 'Decide', decision: 'hold', reason: 'information requested (补充申报): the health certificate', officer: 'officer:inspection:li', code: 'decision.hold.information-requested', params: { request: 'the health certificate' } } }]],
    ['the answer leaves the decision to the officer', {},
      on(`declaration-${D}`, 'InformationProvided', { requestId: 'r-1', agency: 'inspection', note: 'n', documents: [], respondedAt: declaredAt }), []],
    ['a return waits for the resubmission', {}, on(`declaration-${D}`, 'DeclarationReturned', { agency: 'customs', reason: 'r', by: 'o', returnedAt: declaredAt }), []],
    ['an examination asked again (复验) opens a further round', {},
      on(`customs-${D}`, 'ExaminationRequested', { reason: 'again', by: 'officer', checks: ['scan'], requestedAt: declaredAt, again: true }),
      [{ type: 'examine', declarationId: D, agency: 'customs', checks: ['scan'], reason: 'again', again: true }]],
  ])('%s', (_name, input, event, expected) => {
    expect(given(input).when(event)).toEqual(expected);
  });
});
