import { DomainError } from '@sw/event-store';
import type { Agency, DeclarationBody } from '@sw/shipment';

/**
 * Corrections of a declaration after it was filed (API.md "Corrections"): amendments (修改申请)
 * the declarant asks for and customs decides, returns (退单) the declarant answers with the whole
 * corrected body, and requests for information (补充申报) it answers with a note and documents.
 */

/** The body's fields an amendment may change (the declarant, mode and direction are the declaration's identity). */
export const AMENDABLE_FIELDS = [
  'customsOffice', 'portOfEntry', 'transport', 'tradeMode', 'incoterm', 'currency', 'items', 'documents', 'summary', 'settlement', 'freight', 'insurance',
] as const;
export type AmendmentChanges = Partial<Pick<DeclarationBody, (typeof AMENDABLE_FIELDS)[number]>>;

/** After release only values and quantities change (补税 / 退税): the items' value and quantity, freight and insurance. */
export const AFTER_RELEASE_FIELDS: ReadonlySet<string> = new Set(['items', 'freight', 'insurance']);
const ITEM_VALUE_FIELDS: ReadonlySet<string> = new Set(['value', 'quantity', 'legalQuantity', 'secondQuantity', 'unitPrice']);

export interface Amendment {
  id: string;
  status: 'pending' | 'approved' | 'refused';
  reason: string;
  changes: AmendmentChanges;
  /** Asked for after the release: a supplementary assessment (补税) or refund (退税) only. */
  afterRelease: boolean;
  /** The declaration's version it amends: decided on another version, it is stale (409). */
  baseVersion: number;
  requestedAt: string;
  decidedBy?: string;
  decision?: { reason: string; at: string };
}

export interface InformationRequest {
  id: string;
  agency: Agency;
  reason: string;
  fields: string[];
  status: 'open' | 'answered';
  by: string;
  requestedAt: string;
  answer?: { note: string; documents: { code: string; number: string }[]; at: string };
}

/** A field error the handler answers with 400 (the decider stays pure: it names the field and the rule). */
export const fieldRefusal = (code: string, message: string, errors: { field: string; message: string }[]) => new DomainError(code, message, { errors });
/** The codes of refusals that are bad input (400 with the fields), not a conflict with the declaration's state (409). */
export const FIELD_REFUSALS: ReadonlySet<string> = new Set(['amendment-after-release', 'amendment-empty', 'resubmission-declarant', 'unknown-request']);

/** What an amendment after release may not touch: every field other than values and quantities, named. */
export function afterReleaseViolations(current: DeclarationBody, changes: AmendmentChanges): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  for (const field of Object.keys(changes)) {
    if (!AFTER_RELEASE_FIELDS.has(field)) errors.push({ field: `changes.${field}`, message: 'after release only values and quantities may be amended (补税 / 退税)' });
  }
  if (!changes.items) return errors;
  if (changes.items.length !== current.items.length) {
    errors.push({ field: 'changes.items', message: `after release the items stay the same ${current.items.length} lines: only their values and quantities may change` });
    return errors;
  }
  changes.items.forEach((item, index) => {
    const before = current.items[index]!;
    for (const key of new Set([...Object.keys(before), ...Object.keys(item)])) {
      if (ITEM_VALUE_FIELDS.has(key)) continue;
      if (JSON.stringify((before as unknown as Record<string, unknown>)[key]) !== JSON.stringify((item as unknown as Record<string, unknown>)[key])) {
        errors.push({ field: `changes.items[${index}].${key}`, message: 'after release only values and quantities may be amended (补税 / 退税)' });
      }
    }
  });
  return errors;
}

/** The body an approved amendment leaves: the changes laid over the declaration (each changed field replaced whole). */
export function amendedBody(current: DeclarationBody, changes: AmendmentChanges): DeclarationBody {
  return { ...current, ...(JSON.parse(JSON.stringify(changes)) as AmendmentChanges) };
}
