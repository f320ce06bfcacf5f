import type { ReferenceData } from '@sw/reference-data';
import type { Agency, DeclarationBody } from '@sw/shipment';

export interface Routing {
  agencies: Agency[];
  reasons: Partial<Record<Agency, string[]>>;
}

/**
 * Which agencies must act on a declaration (DESIGN.md "Routing"): customs always; inspection &
 * quarantine when a commodity is on the inspection list or the two-step summary answers 涉检;
 * border check when the conveyance crosses a land border (road, rail).
 */
export function routeDeclaration(declaration: DeclarationBody, reference: ReferenceData): Routing {
  const reasons: Partial<Record<Agency, string[]>> = { customs: ['customs acts on every declaration'] };
  const inspection: string[] = [];
  for (const item of declaration.items) {
    const entry = reference.inspectionEntry(item.hsCode);
    // 监管条件: A = inspected on import, B = on export.
    const condition = declaration.direction === 'import' ? 'A' : 'B';
    if (entry && (!entry.supervisionConditions || entry.supervisionConditions.includes(condition))) {
      inspection.push(`${item.hsCode}: on the inspection list (${entry.category}, HS ${entry.prefix}, condition ${condition})`);
    }
  }
  if (declaration.summary?.inspectionRequired) inspection.push('the summary declares goods subject to inspection (涉检)');
  if (inspection.length) reasons.inspection = [...new Set(inspection)];
  const transport = reference.transportMode(declaration.transport.mode);
  if (transport?.crossesLandBorder) {
    reasons.border = [`the conveyance ${declaration.transport.conveyance} crosses a land border (${transport.nameEn ?? transport.code})`];
  }
  const agencies = (['customs', 'inspection', 'border'] as Agency[]).filter((agency) => reasons[agency]);
  return { agencies, reasons };
}
