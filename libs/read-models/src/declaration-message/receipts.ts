import { RECEIPT_CHANNELS, seqNoOf, type DecReceipt, type ReceiptChannel } from '@sw/declaration';
import type { RecordedEvent } from '@sw/event-store';
import type { DeclarationBody } from '@sw/shipment';
import { evolveStatusView, type StatusView } from '../declaration-status/status-view';

/** What a receipt needs of the view, and the customs number (海关编号) once the view has one. */
type View = StatusView & { number?: string };

/**
 * 回执: the DEC_RESULT of every status change of a declaration, in order, from its shipment's
 * events folded by the status view's own reducer (the view and its receipts never disagree).
 * L on acceptance; C when it goes to examination; T when duties are assessed and unsettled;
 * P on release (B when released against a guarantee); E when an agency rejects it (退单); Z when
 * it is returned for correction; R when the goods have left (结关); D when it is withdrawn (删单).
 */
export function receiptsOf(events: readonly RecordedEvent[]): DecReceipt[] {
  const submitted = events.find((e) => e.type === 'DeclarationSubmitted');
  if (!submitted) return [];
  const declaration = (submitted.data as { declaration: DeclarationBody }).declaration;
  const found: { channel: ReceiptChannel; at: string; note: string; ieDate?: string }[] = [];
  let view: View | null = null;
  for (const event of events) {
    const next = evolveStatusView(view, event as RecordedEvent) as View | null;
    if (!next) continue;
    const at = event.metadata.occurredAt;
    if (!view) found.push({ channel: 'L', at, note: '' });
    else {
      if (next.status === 'examination' && view.status !== 'examination') found.push({ channel: 'C', at, note: '' });
      if (next.duties.assessed !== null && next.duties.assessed > 0 && view.duties.assessed === null && next.duties.settled === 'none') {
        found.push({ channel: 'T', at, note: `${next.duties.assessed} CNY` });
      }
      if (next.releasedAt && !view.releasedAt) found.push({ channel: next.duties.settled === 'guaranteed' ? 'B' : 'P', at, note: '' });
      if (next.rejected && !view.rejected) found.push({ channel: 'E', at, note: next.rejected.reason });
      // API.md's return (status returned: corrected and resubmitted) is the client's 退回修改 (Z); a rejection is 退单 (E).
      if (next.returned && !view.returned) found.push({ channel: 'Z', at, note: next.returned.reason });
      if (next.exitedAt && !view.exitedAt) found.push({ channel: 'R', at, note: '' });
      if (next.withdrawn && !view.withdrawn) found.push({ channel: 'D', at, note: next.withdrawn.reason });
    }
    // 进出口日期 as known when each receipt was issued: an import's arrival, an export's exit.
    const ieDate = (next.direction === 'export' ? next.exitedAt : next.arrival?.arrivedAt) ?? undefined;
    for (const receipt of found) if (receipt.ieDate === undefined && ieDate && receipt.at === at) receipt.ieDate = ieDate;
    view = next;
  }
  if (!view) return [];
  const last: View = view;
  return found.map((r) => ({
    channel: r.channel, channelZh: RECEIPT_CHANNELS[r.channel], seqNo: seqNoOf(last.id, last.direction), entryId: last.number ?? '',
    customMaster: last.customsOffice, clientSeqNo: declaration.message?.sign?.clientSeqNo ?? '', noticeDate: r.at, declaredAt: last.submittedAt, note: r.note,
    ...(r.ieDate ? { ieDate: r.ieDate } : {}),
  }));
}
