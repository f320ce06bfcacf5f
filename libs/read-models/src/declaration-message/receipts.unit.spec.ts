import type { RecordedEvent } from '@sw/event-store';
import { receiptsXml } from '@sw/declaration';
import { receiptsOf } from './receipts';

const ID = '00000000-0000-4000-8000-000000000026';
let position = 0;
function event(stream: string, type: string, data: Record<string, unknown>, at: string): RecordedEvent {
  position++;
  return { streamId: `${stream}-${ID}`, revision: position, position: `1/${position}`, id: `e${position}`, type, data, recordedAt: at,
    metadata: { correlationId: ID, actor: { kind: 'system', id: 't' }, occurredAt: at, schemaVersion: 1, hash: '' } };
}
const T = (hour: number) => `2026-12-01T${String(hour).padStart(2, '0')}:00:00.000Z`;
const declaration = {
  mode: 'standard', direction: 'import', declarant: { uscc: '91310115MA1HK7Q24A', name: 'Shanghai Puyuan' }, customsOffice: '2248', portOfEntry: '2248',
  transport: { mode: '2', conveyance: 'ARIES', billOfLading: 'COSU1' }, tradeMode: '0110', incoterm: 'CIF', currency: 'USD',
  items: [{ hsCode: '8471300000', description: 'laptops', quantity: 10, unit: '001', value: 5000, originCountry: 'USA' }], documents: [],
  message: { head: {}, items: [{}], sign: { operType: 'C', clientSeqNo: 'CLIENT-1' } },
};
const submitted = event('declaration', 'DeclarationSubmitted', { declarationId: ID, number: '224820261000000007', declaration, submittedAt: T(1), requestHash: 'h', arrivedAt: T(1) }, T(1));
const routed = event('declaration', 'DeclarationRouted', { agencies: ['customs'], reasons: { customs: ['always'] } }, T(1));
const examine = event('customs', 'RiskAssessed', { lane: 'examination', reasons: [], draw: null, requiredChecks: ['scan'], priority: 0 }, T(2));
const duties = (at: number) => event('customs', 'DutiesAssessed', { amount: 4550, currency: 'CNY', customsValueCny: 35000, assessedAt: T(at), lines: [] }, T(at));
const released = event('declaration', 'DeclarationReleased', { agencies: ['customs'], releasedAt: T(5) }, T(5));
const exited = event('declaration', 'GoodsExited', { conveyance: 'ARIES', portOfEntry: '2248', exitedAt: T(6) }, T(6));
const rejected = event('declaration', 'DeclarationRejected', { agency: 'customs', reason: '归类错误', rejectedAt: T(3) }, T(3));
const withdrawn = event('declaration', 'DeclarationWithdrawn', { reason: '订单取消', withdrawnAt: T(3) }, T(3));

const channels = (events: RecordedEvent[]) => receiptsOf(events).map((r) => `${r.channel}@${r.noticeDate.slice(11, 13)}${r.note ? ` ${r.note}` : ''}`);

describe('回执: a DEC_RESULT per status change', () => {
  it.each<[string, RecordedEvent[], string[]]>([
    ['accepted only: L', [submitted, routed], ['L@01']],
    ['examined, assessed, released, gone: L C T P R', [submitted, routed, examine, duties(4), released, exited], ['L@01', 'C@02', 'T@04 4550 CNY', 'P@05', 'R@06']],
    ['rejected: E with the reason', [submitted, routed, rejected], ['L@01', 'E@03 归类错误']],
    ['withdrawn: D with the reason', [submitted, routed, withdrawn], ['L@01', 'D@03 订单取消']],
    ['nothing before the declaration is submitted', [routed], []],
  ])('%s', (_name, events, expected) => {
    expect(channels(events)).toEqual(expected);
  });

  it('carries the 统一编号, the customs number, the client\'s number and the office on every receipt', () => {
    for (const receipt of receiptsOf([submitted, routed, examine])) {
      expect(receipt).toMatchObject({ seqNo: expect.stringMatching(/^I\d{17}$/), customMaster: '2248', clientSeqNo: 'CLIENT-1', declaredAt: T(1) });
    }
  });

  it('I_E_DATE once known (an import\'s arrival; an export\'s exit, on R), in the order real receipts have it', () => {
    const receipts = receiptsOf([submitted, routed, examine, duties(4), released, exited]);
    expect(receipts.map((r) => r.ieDate ?? '')).toEqual([T(1), T(1), T(1), T(1), T(1)]);
    const exportEvents = [{ ...submitted, data: { ...(submitted.data as Record<string, unknown>), declaration: { ...declaration, direction: 'export' }, arrivedAt: undefined } }, routed, released, exited];
    expect(receiptsOf(exportEvents as RecordedEvent[]).map((r) => `${r.channel}${r.ieDate ? ` ${r.ieDate}` : ''}`)).toEqual(['L', 'P', `R ${T(6)}`]);
    const xml = receiptsXml(receipts);
    expect(xml.match(/<DEC_RESULT>[\s\S]*?<\/DEC_RESULT>/)![0].match(/<(\w+)[>/]/g)!.map((tag) => tag.slice(1, -1)))
      .toEqual(['DEC_RESULT', 'CUS_CIQ_NO', 'ENTRY_ID', 'NOTICE_DATE', 'CHANNEL', 'NOTE', 'CUSTOM_MASTER', 'I_E_DATE', 'D_DATE', 'CLIENTSEQ_NO']);
    expect(xml).toContain('<I_E_DATE>20261201</I_E_DATE>');
  });
});
