import type { ReferenceData } from '@sw/reference-data';
import type { Message } from '@sw/messages';
import type { Agency, DeclarationBody } from '@sw/shipment';

export interface Routing {
  agencies: Agency[];
  reasons: Partial<Record<Agency, string[]>>;
  /** The same reasons as catalogue codes and params (routing.*), one for one; absent on routings recorded before they had codes. */
  reasonMessages?: Partial<Record<Agency, Message[]>>;
}

/**
 * Which agencies must act on a declaration (DESIGN.md "Routing"): customs always; inspection &
 * quarantine when a commodity is on the inspection list or the two-step summary answers 涉检;
 * border check when the conveyance crosses a land border (road, rail).
 */
export function routeDeclaration(declaration: DeclarationBody, reference: ReferenceData): Routing {
  const reasons: Partial<Record<Agency, string[]>> = { customs: ['customs acts on every declaration'] };
  const reasonMessages: Partial<Record<Agency, Message[]>> = { customs: [{ code: 'routing.customs-always' }] };
  const inspection: string[] = [];
  const inspectionMessages: Message[] = [];
  for (const item of declaration.items) {
    const entry = reference.inspectionEntry(item.hsCode);
    // 监管条件: A = inspected on import, B = on export.
    const condition = declaration.direction === 'import' ? 'A' : 'B';
    if (entry && (!entry.supervisionConditions || entry.supervisionConditions.includes(condition))) {
      const text = `${item.hsCode}: on the inspection list (${entry.category}, HS ${entry.prefix}, condition ${condition})`;
      if (!inspection.includes(text)) inspectionMessages.push({ code: 'routing.inspection-list', params: { hsCode: item.hsCode, category: entry.category, prefix: entry.prefix, condition } });
      inspection.push(text);
    }
  }
  if (declaration.summary?.inspectionRequired) {
    inspection.push('the summary declares goods subject to inspection (涉检)');
    inspectionMessages.push({ code: 'routing.summary-inspection' });
  }
  if (inspection.length) {
    reasons.inspection = [...new Set(inspection)];
    reasonMessages.inspection = inspectionMessages;
  }
  const transport = reference.transportMode(declaration.transport.mode);
  if (transport?.crossesLandBorder) {
    reasons.border = [`the conveyance ${declaration.transport.conveyance} crosses a land border (${transport.nameEn ?? transport.code})`];
    reasonMessages.border = [{ code: 'routing.land-border', params: { conveyance: declaration.transport.conveyance, mode: transport.code } }];
  }
  const agencies = (['customs', 'inspection', 'border'] as Agency[]).filter((agency) => reasons[agency]);
  return { agencies, reasons, reasonMessages };
}

/** A routing as events record it: the agencies and reasons, and their codes when there are any. */
export function routingOf(routing: Routing): Routing {
  return { agencies: routing.agencies, reasons: routing.reasons, ...(routing.reasonMessages ? { reasonMessages: routing.reasonMessages } : {}) };
}
