import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@sw/event-store';

/**
 * Declaration-like events for the bench: about 1 KB of JSON data (declarant, consignee,
 * transport, containers, goods items with HS codes and values) and the metadata the engine
 * sets (correlationId, causationId, actor, occurredAt). Values vary from event to event so
 * that nothing is unrealistically repetitive.
 */
const TYPES = ['DeclarationDrafted', 'DeclarationSubmitted', 'DeclarationAmended', 'RiskAssessed', 'DutiesAssessed', 'InspectionOrdered', 'GoodsReleased'];
const PORTS = ['CNSHA', 'CNNGB', 'CNSZX', 'CNTAO', 'CNTSN', 'CNXMN'];
const ORIGINS = ['DE', 'JP', 'US', 'VN', 'KR', 'FR', 'AU', 'BR'];
const GOODS = [
  ['8471300000', 'Portable automatic data processing machines, weight <= 10 kg'],
  ['8517130000', 'Smartphones for cellular networks'],
  ['6110200000', 'Jerseys and pullovers of cotton, knitted'],
  ['0901210000', 'Coffee, roasted, not decaffeinated'],
  ['8703800000', 'Motor vehicles with only electric motor for propulsion'],
  ['3004900000', 'Medicaments in measured doses, for retail sale'],
] as const;

let counter = 0;
function pick<T>(list: readonly T[], n: number): T { return list[n % list.length]; }
function digits(n: number, width: number): string { return String(n).padStart(width, '0').slice(-width); }

export function declarationData(n: number, declarationId: string) {
  const items = [0, 1, 2].map((line) => {
    const [hsCode, description] = pick(GOODS, n + line);
    const quantity = 10 + ((n * 7 + line * 13) % 490);
    const unitPrice = Math.round((5 + ((n * 31 + line * 17) % 995)) * 100) / 100;
    return { lineNo: line + 1, hsCode, description, originCountry: pick(ORIGINS, n + line), quantity, unit: 'PCE', unitPrice, netWeightKg: Math.round(quantity * 0.37 * 100) / 100 };
  });
  return {
    declarationId,
    declarationType: 'IMPORT',
    customsOffice: `22${digits(n % 97, 2)}`,
    declarant: { uscc: `91310000${digits(n * 7919, 10)}`, name: 'Shanghai Eastern Star Trading Co., Ltd.' },
    consignee: { uscc: `91440300${digits(n * 104729, 10)}`, name: 'Shenzhen Harbour Electronics Co., Ltd.' },
    transport: { mode: 'SEA', vessel: 'EVER GIVEN', voyage: `${digits(n % 999, 3)}E`, billOfLading: `EGLV${digits(n * 65537, 12)}`, portOfLoading: pick(['DEHAM', 'JPTYO', 'USLAX', 'VNSGN'], n), portOfEntry: pick(PORTS, n) },
    containers: [`MSCU${digits(n * 3 + 1, 7)}`, `TGHU${digits(n * 3 + 2, 7)}`],
    incoterm: 'CIF',
    currency: 'USD',
    items,
    totals: { invoiceValue: Math.round(items.reduce((s, i) => s + i.quantity * i.unitPrice, 0) * 100) / 100, grossWeightKg: Math.round(items.reduce((s, i) => s + i.netWeightKg, 0) * 110) / 100, packages: 12 + (n % 40) },
  };
}

export interface BenchEvent extends NewEvent {
  id: string;
  metadata: NewEvent['metadata'] & { occurredAt: string };
}

/** `count` events for one append to a declaration stream. */
export function declarationEvents(declarationId: string, firstRevision: number, count: number): BenchEvent[] {
  const events: BenchEvent[] = [];
  for (let i = 0; i < count; i++) {
    const n = counter++;
    events.push({
      id: randomUUID(),
      type: pick(TYPES, firstRevision + i),
      data: declarationData(n, declarationId),
      metadata: {
        correlationId: declarationId,
        causationId: randomUUID(),
        actor: { kind: 'enterprise', id: `91310000${digits(n * 7919, 10)}` },
        occurredAt: new Date().toISOString(),
      },
    });
  }
  return events;
}
