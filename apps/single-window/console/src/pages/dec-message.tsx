import { useState } from 'preact/hooks';
import { get } from '../api';
import { t, type Key } from '../i18n';
import { href } from '../router';
import { session } from '../session';
import { ProblemBox, Section, fmtTime, useLoad } from '../ui';

/**
 * 报关单 as it is printed (报关单报文, API.md "The real client's message"): the header's fields
 * in the printed form's order and names, then the goods lines; receipts (回执) below; and the
 * enterprise's upload of a message file.
 */
type Record_ = Record<string, string>;
interface Message {
  head: Record_; items: Record_[]; containers?: Record_[]; licenseDocus?: Record_[]; attachments?: Record_[]; freeText?: Record_;
  goodsLimits?: { line: number; limit: Record_ }[]; trnHead?: Record_; trnList?: Record_;
}

/** The printed header, in order: each cell a label and the elements it shows. */
const HEAD: [Key, string[]][] = [
  ['decmsg.preEntryId', ['preEntryId']], ['decmsg.entryId', ['entryId']], ['decmsg.seqNo', ['seqNo']],
  ['decmsg.trade', ['tradeName', 'tradeCoScc']], ['decmsg.iePort', ['iePort']], ['decmsg.ieDate', ['ieDate']], ['decmsg.manualNo', ['manualNo']],
  ['decmsg.overseas', ['overseasConsignorEname', 'overseasConsigneeEname']], ['decmsg.trafMode', ['trafMode']], ['decmsg.trafName', ['trafName']],
  ['decmsg.billNo', ['billNo']], ['decmsg.goodsPlace', ['goodsPlace']], ['decmsg.owner', ['ownerName', 'ownerCodeScc']], ['decmsg.tradeMode', ['tradeMode']],
  ['decmsg.cutMode', ['cutMode']], ['decmsg.licenseNo', ['licenseNo']], ['decmsg.despPort', ['despPortCode']], ['decmsg.contrNo', ['contrNo']],
  ['decmsg.tradeArea', ['tradeAreaCode']], ['decmsg.tradeCountry', ['tradeCountry']], ['decmsg.distinatePort', ['distinatePort']],
  ['decmsg.entyPort', ['entyPortCode']], ['decmsg.wrapType', ['wrapType']], ['decmsg.packNo', ['packNo']], ['decmsg.grossWet', ['grossWet']],
  ['decmsg.netWt', ['netWt']], ['decmsg.transMode', ['transMode']], ['decmsg.fee', ['feeMark', 'feeRate', 'feeCurr']],
  ['decmsg.insur', ['insurMark', 'insurRate', 'insurCurr']], ['decmsg.other', ['otherMark', 'otherRate', 'otherCurr']],
  ['decmsg.agent', ['agentName', 'agentCodeScc']], ['decmsg.promise', ['promiseItmes']], ['decmsg.markNo', ['markNo']], ['decmsg.noteS', ['noteS']],
];
const LINE: [Key, (line: Record_) => string][] = [
  ['decmsg.gNo', (l) => l.gNo ?? ''], ['decmsg.codeTS', (l) => l.codeTS ?? ''], ['decmsg.gName', (l) => [l.gName, l.gModel].filter(Boolean).join(' / ')],
  ['decmsg.qty', (l) => [[l.gQty, l.gUnit], [l.firstQty, l.firstUnit], [l.secondQty, l.secondUnit]].filter(([q]) => q).map(([q, u]) => `${q} ${u ?? ''}`).join(' · ')],
  ['decmsg.price', (l) => [l.declPrice, l.declTotal, l.tradeCurr].filter(Boolean).join(' / ')], ['decmsg.origin', (l) => l.originCountry ?? ''],
  ['decmsg.destination', (l) => l.destinationCountry ?? ''], ['decmsg.district', (l) => l.districtCode ?? ''], ['decmsg.dutyMode', (l) => l.dutyMode ?? ''],
];

/** The declaration as the 报关单 prints it, from the view's `message`. */
export function PrintedDeclaration({ view }: { view: { number?: string; message?: Message } }) {
  const message = view.message;
  if (!message) return <Section title={t('decmsg.title')}><p class="hint">{t('decmsg.noMessage')}</p></Section>;
  const head: Record_ = { ...message.head, entryId: message.head.entryId || view.number || '' };
  return (
    <Section title={t('decmsg.title')} id="printed-declaration">
      <dl class="facts" data-testid="printed-head">
        {HEAD.map(([label, keys]) => (
          <><dt key={label}>{t(label)}</dt><dd>{keys.map((k) => head[k]).filter(Boolean).join(' · ') || '—'}</dd></>
        ))}
        <dt>{t('decmsg.documents')}</dt><dd>{(message.licenseDocus ?? []).map((d) => `${d.docuCode}:${d.certCode}`).join(' · ') || '—'}</dd>
        <dt>{t('decmsg.containers')}</dt><dd>{(message.containers ?? []).map((c) => c.containerId).join(' · ') || '—'}</dd>
        <dt>{t('decmsg.goodsLimits')}</dt>
        <dd data-testid="printed-goods-limits">{(message.goodsLimits ?? []).map((g) => `${message.items[g.line]?.gNo ?? g.line + 1}：${g.limit.licTypeCode ?? ''}:${g.limit.licenceNo ?? ''}`).join(' · ') || '—'}</dd>
        <dt>{t('decmsg.transit')}</dt>
        <dd>{[message.trnHead?.nativeShipName, message.trnHead?.nativeVoyageNo, message.trnList?.billNo].filter(Boolean).join(' · ') || '—'}</dd>
        <dt>{t('decmsg.voyNo')}</dt><dd>{message.freeText?.voyNo || '—'}</dd>
        <dt>{t('decmsg.attachments')}</dt><dd>{(message.attachments ?? []).map((a) => `${a.edocCode} ${a.opNote ?? a.edocID}`).join(' · ') || '—'}</dd>
      </dl>
      <table data-testid="printed-lines">
        <thead><tr>{LINE.map(([label]) => <th key={label}>{t(label)}</th>)}</tr></thead>
        <tbody>{message.items.map((line, i) => <tr key={i}>{LINE.map(([label, cell]) => <td key={label}>{cell(line)}</td>)}</tr>)}</tbody>
      </table>
    </Section>
  );
}

/** 回执: a DEC_RESULT per status change. */
export function Receipts({ id, at }: { id: string; at: unknown }) {
  const receipts = useLoad(() => get<{ items: any[] }>(`/v1/declarations/${encodeURIComponent(id)}/receipts`), [id, at]);
  return (
    <Section title={t('receipt.title')}>
      <ProblemBox error={receipts.error} />
      <table data-testid="receipts">
        <thead><tr><th>{t('receipt.channel')}</th><th>{t('receipt.noticeDate')}</th><th>{t('decmsg.seqNo')}</th><th>{t('decmsg.entryId')}</th><th>{t('receipt.note')}</th></tr></thead>
        <tbody>
          {(receipts.data?.items ?? []).map((r, i) => (
            <tr key={i}><td>{r.channel} {t(`receipt.${r.channel}` as Key)}</td><td>{fmtTime(r.noticeDate)}</td><td class="mono">{r.seqNo}</td><td class="mono">{r.entryId}</td><td>{r.note}</td></tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1] ?? '';

/** The enterprise uploads its broker software's message file (DecMessage or DxpMsg): G stages it, C declares it. */
export function MessageUpload() {
  const [result, setResult] = useState<{ ok: boolean; seqNo: string; error: string; id: string; status: number } | null>(null);
  const [sending, setSending] = useState(false);
  async function upload(file: File | undefined) {
    if (!file) return;
    setSending(true);
    try {
      const token = session.token();
      const response = await fetch('/v1/declarations', {
        method: 'POST', body: await file.arrayBuffer(),
        headers: { 'content-type': 'application/xml', accept: 'application/xml', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      const text = await response.text();
      const id = response.headers.get('location')?.split('/').pop() ?? '';
      setResult({ ok: response.status === 202, seqNo: field(text, 'SeqNo'), error: field(text, 'ErrorMessage') || (response.status === 202 ? '' : t('problem.other')), id, status: response.status });
    } catch {
      setResult({ ok: false, seqNo: '', error: t('problem.network'), id: '', status: 0 });
    } finally {
      setSending(false);
    }
  }
  return (
    <Section title={t('decmsg.upload')}>
      <p class="hint">{t('decmsg.uploadHint')}</p>
      <label class="field"><span>{t('decmsg.file')}</span>
        <input type="file" accept=".xml,application/xml,text/xml" disabled={sending} onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files?.[0])} />
      </label>
      {sending && <p>{t('common.sending')}</p>}
      {result?.ok && (
        <p role="status" data-testid="upload-result">{t('decmsg.accepted')} {result.seqNo} · <a href={href('enterprise', 'declarations', result.id)}>{t('decmsg.open')}</a></p>
      )}
      {result && !result.ok && <div class="problem" role="alert" data-testid="upload-result"><strong>{t('decmsg.refused')} ({result.status})</strong><p>{result.error}</p></div>}
    </Section>
  );
}
