import type { BillOfLading } from '../domain/manifest';
import type { BillOfLadingEntry } from './manifest.dtos';

/** A bill of lading as the manifest records it (numbers in capitals, containers always a list). */
export const toBill = (entry: BillOfLadingEntry): BillOfLading => ({
  number: entry.number.toUpperCase(), ...(entry.consignee ? { consignee: entry.consignee } : {}), packages: entry.packages, grossWeightKg: entry.grossWeightKg,
  description: entry.description, containers: entry.containers ?? [],
});
