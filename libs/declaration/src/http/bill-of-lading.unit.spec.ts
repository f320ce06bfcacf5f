import { BILL_OF_LADING_EXEMPT_MODES, billOfLadingRequired, type DeclarationBody } from '@sw/shipment';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@sw/platform';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bodyFromMessage, readDecMessage } from '../dec-message/dec-message';
import { agreementProblems } from '../dec-message/dec-message.validation';
import { Transport } from './declaration.dtos';
import { declarationDecider, type DeclarationCommand } from '../domain/declaration.decider';
import type { DeclarationEvent } from '../domain/declaration.events';

/**
 * 提运单号 (transport.billOfLading): required where the goods cross with a carrier's document,
 * exempt where the filling rules say 免予填报 (no actual entry or exit: bonded movements, and the
 * modes with no transport document). libs/shipment/src/transport-document.ts cites the rules.
 */
const REQUIRED: [string, string][] = [['2', '水路运输'], ['3', '铁路运输'], ['4', '公路运输'], ['5', '航空运输'], ['6', '邮件运输']];
const EXEMPT: [string, string][] = [
  ['0', '非保税区'], ['1', '监管仓库'], ['7', '保税区'], ['8', '保税仓库'], ['9', '其它运输'], ['G', '固定设施运输'], ['H', '边境特殊海关作业区'],
  ['L', '旅客携带'], ['T', '综合实验区'], ['W', '物流中心'], ['X', '物流园区'], ['Y', '保税港区'], ['Z', '出口加工区'],
];

async function problems(transport: Record<string, unknown>) {
  return flattenValidationErrors(await validate(plainToInstance(Transport, transport), { whitelist: true, forbidNonWhitelisted: true }));
}

describe('提运单号: required or exempt by transport mode', () => {
  it('the exempt list is the table below, no more', () => {
    expect([...BILL_OF_LADING_EXEMPT_MODES].sort()).toEqual(EXEMPT.map(([code]) => code).sort());
    expect(billOfLadingRequired('Q')).toBe(true); // an unknown code: its own 400, and the bill is still asked for
    expect(billOfLadingRequired(undefined)).toBe(true);
  });

  it.each(REQUIRED)('mode %s (%s): a declaration without a bill is a 400 naming transport.billOfLading', async (mode) => {
    expect(billOfLadingRequired(mode)).toBe(true);
    const errors = await problems({ mode, conveyance: 'COSCO STAR' });
    expect(errors.map((e) => e.field)).toEqual(['billOfLading']);
    expect(errors[0]!.message).toBe(`billOfLading is missing: transport mode ${mode} needs its 提运单号 (only modes ${BILL_OF_LADING_EXEMPT_MODES.join(', ')}, with no carrier's document, leave it out)`);
    expect(await problems({ mode, conveyance: 'COSCO STAR', billOfLading: 'COSU6312345670' })).toEqual([]);
  });

  it.each(EXEMPT)('mode %s (%s): the bill may be left out; one given is still checked', async (mode) => {
    expect(billOfLadingRequired(mode)).toBe(false);
    expect(await problems({ mode, conveyance: '粤B6R81J' })).toEqual([]);
    expect(await problems({ mode, conveyance: '粤B6R81J', billOfLading: 'LZ0001' })).toEqual([]);
    for (const bad of ['', 'lz0001', null]) expect((await problems({ mode, conveyance: '粤B6R81J', billOfLading: bad })).map((e) => e.field)).toEqual(['billOfLading']);
  });
});

describe('Declaration decider: a declaration without 提运单号 waits for no conveyance', () => {
  const T0 = new Date('2026-11-01T08:00:00.000Z');
  const ROUTING = { agencies: ['customs' as const], reasons: { customs: ['always'] } };
  const body = (mode: DeclarationBody['mode'], transport: DeclarationBody['transport']): DeclarationBody => ({
    mode, direction: mode === 'two-step' ? 'import' : 'export', declarant: { uscc: '914403007542554132', name: '深圳倍通物流科技有限公司' },
    customsOffice: '5317', portOfEntry: '5317', transport, tradeMode: '0615', incoterm: 'FOB', currency: 'USD',
    items: [{ hsCode: '8504500000', description: '电感器', quantity: 100, unit: '007', value: mode === 'two-step' ? undefined : 10, originCountry: 'CHN' }],
    documents: [], ...(mode === 'two-step' ? { summary: { licenseRequired: false, inspectionRequired: false, dutiable: true } } : {}),
  });
  const submit = (declaration: DeclarationBody): DeclarationCommand => ({ type: 'Submit', declarationId: 'd-1', declaration, requestHash: 'h', arrivedAt: null, routing: ROUTING, now: T0 });
  const arrivedAt = (events: DeclarationEvent[]) => (events[0] as Extract<DeclarationEvent, { type: 'DeclarationSubmitted' }>).data.arrivedAt;

  it.each<[string, DeclarationBody, string | null, string[]]>([
    ['standard, W without a bill: arrived when declared', body('standard', { mode: 'W', conveyance: '粤B6R81J' }), T0.toISOString(), ['DeclarationSubmitted', 'DeclarationRouted']],
    ['advance, Y without a bill: no arrival report can name it, so arrived when declared', body('advance', { mode: 'Y', conveyance: '粤B6R81J' }), T0.toISOString(), ['DeclarationSubmitted', 'DeclarationRouted']],
    ['two-step, 1 without a bill: arrived when declared, the complete declaration due 14 days on', body('two-step', { mode: '1', conveyance: '粤B6R81J' }), T0.toISOString(), ['DeclarationSubmitted', 'DeclarationRouted', 'CompleteDeclarationScheduled']],
    ['advance, W with a bill: waits for the arrival report of that bill', body('advance', { mode: 'W', conveyance: '粤B6R81J', billOfLading: 'LZ1' }), null, ['DeclarationSubmitted', 'DeclarationRouted']],
    ['advance, 2 with a bill: waits for the arrival report', body('advance', { mode: '2', conveyance: 'COSCO STAR', billOfLading: 'COSU1' }), null, ['DeclarationSubmitted', 'DeclarationRouted']],
  ])('%s', (_name, declaration, expected, types) => {
    const events = declarationDecider.decide(submit(declaration), declarationDecider.initialState());
    expect(events.map((e) => e.type)).toEqual(types);
    expect(arrivedAt(events)).toBe(expected);
  });
});

describe('the JSON body and its message agree on 提运单号', () => {
  const real = readFileSync(path.join(__dirname, '../../../../test/fixtures/dec-message/real/loop-server-Dec20181.xml'));
  const { message } = readDecMessage(real);
  const body = bodyFromMessage(message) as unknown as DeclarationBody;

  it.each<[string, DeclarationBody['transport'], string[]]>([
    ['none in either (物流中心 W, empty BillNo)', { mode: 'W', conveyance: '粤B6R81J' }, []],
    ['a bill in the body the message does not name', { mode: 'W', conveyance: '粤B6R81J', billOfLading: 'LZ1' }, ['transport.billOfLading']],
  ])('%s', (_name, transport, fields) => {
    expect(agreementProblems({ ...body, transport }, message).map((p) => p.field)).toEqual(fields);
  });

  it('a bill in the message the body leaves out', () => {
    const named = { ...message, head: { ...message.head, billNo: 'LZ1' } };
    expect(agreementProblems({ ...body, transport: { mode: 'W', conveyance: '粤B6R81J' } }, named).map((p) => p.field)).toEqual(['transport.billOfLading']);
  });
});
