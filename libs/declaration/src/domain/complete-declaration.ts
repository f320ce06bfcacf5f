import type { DeclarationBody } from '@sw/shipment';

/**
 * 完整申报: the complete declaration of a two-step declaration repeats the whole body (API.md v1),
 * its items now every one with its value. The header stays as the summary declaration (概要申报)
 * filed it: a header field sent that differs from the summary's is refused, each one named (a
 * change of header is an amendment, not a completion). Values are what completes the summary:
 * the items, their documents, and the freight and insurance that build the customs value.
 */
export const COMPLETE_HEADER_FIELDS = [
  'mode', 'direction', 'declarant', 'consignee', 'customsOffice', 'portOfEntry', 'transport', 'tradeMode', 'incoterm', 'currency', 'summary', 'settlement',
] as const;

export interface HeaderDifference {
  field: string;
  message: string;
}

const shown = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));

/** Each header field the complete declaration sends that is not the summary's, by its path (`transport.conveyance`). */
export function headerDifferences(summary: DeclarationBody, complete: Record<string, unknown>): HeaderDifference[] {
  const differences: HeaderDifference[] = [];
  const compare = (path: string, filed: unknown, sent: unknown) => {
    if (sent === undefined) return; // not sent again: the summary's stands
    if (isObject(sent) && isObject(filed)) {
      for (const key of new Set([...Object.keys(filed), ...Object.keys(sent)])) compare(`${path}.${key}`, filed[key], sent[key]);
      return;
    }
    if (JSON.stringify(filed) === JSON.stringify(sent)) return;
    differences.push({ field: path, message: `is ${shown(sent)}, the summary declaration filed ${shown(filed)}: the complete declaration keeps the summary's header (change it by an amendment)` });
  };
  const filed = summary as unknown as Record<string, unknown>;
  for (const field of COMPLETE_HEADER_FIELDS) compare(field, filed[field], complete[field]);
  return differences;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
