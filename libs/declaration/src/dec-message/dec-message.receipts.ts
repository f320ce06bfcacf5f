import { element, writeXml } from './dec-message.xml';

/**
 * 回执: what a client's software reads after its message was accepted, one per status change:
 * `DEC_RESULT` with its CHANNEL code (海关回执通道). E 退单 is the engine's rejection; Z 退回修改
 * is kept for a return for correction.
 */
export const RECEIPT_CHANNELS = {
  L: '入库成功', C: '查验通知', T: '需交税费', P: '放行', B: '担保放行', E: '退单', Z: '退回修改', R: '结关', D: '删单',
} as const;
export type ReceiptChannel = keyof typeof RECEIPT_CHANNELS;

export interface DecReceipt {
  channel: ReceiptChannel;
  /** The channel's name as a receipt prints it. */
  channelZh: string;
  /** 统一编号 (CUS_CIQ_NO). */
  seqNo: string;
  /** 海关编号 (ENTRY_ID): the customs number, once the declaration has one. */
  entryId: string;
  customMaster: string;
  clientSeqNo: string;
  /** When the status changed (NOTICE_DATE), ISO 8601. */
  noticeDate: string;
  /** 申报日期 (D_DATE), ISO 8601. */
  declaredAt: string;
  /** 进出口日期 (I_E_DATE), ISO 8601, once known at that receipt: an import's arrival, an export's exit. */
  ieDate?: string;
  note: string;
}

/** China time as a receipt writes it: yyyy-MM-ddTHH:mm:ss without zone (UTC+8). */
const chinaTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 19);
const chinaDate = (iso: string) => chinaTime(iso).slice(0, 10).replace(/-/g, '');

/**
 * The receipts as the XML a client reads: DEC_DATA (DEC_RESULT + RESULT_INFO) per receipt, in order.
 * DEC_RESULT's elements in the order of the receipts real clients read (CUS_CIQ_NO, ENTRY_ID, NOTICE_DATE,
 * CHANNEL, NOTE, CUSTOM_MASTER, I_E_DATE, D_DATE: test/fixtures/dec-message/README.md), then CLIENTSEQ_NO.
 */
export function receiptsXml(receipts: readonly DecReceipt[]): string {
  return writeXml(element('DecReceipts', '', receipts.map((r) => element('DEC_DATA', '', [
    element('DEC_RESULT', '', [
      element('CUS_CIQ_NO', r.seqNo), element('ENTRY_ID', r.entryId), element('NOTICE_DATE', chinaTime(r.noticeDate)),
      element('CHANNEL', r.channel), element('NOTE', r.note), element('CUSTOM_MASTER', r.customMaster),
      element('I_E_DATE', r.ieDate ? chinaDate(r.ieDate) : ''), element('D_DATE', chinaDate(r.declaredAt)),
      element('CLIENTSEQ_NO', r.clientSeqNo),
    ]),
    element('RESULT_INFO', `${r.channelZh}${r.note ? `：${r.note}` : ''}`),
  ])), { xmlns: 'http://www.chinaport.gov.cn/dec' }));
}
