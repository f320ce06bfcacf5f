import type { ExaminationOutcome } from './domain/port-charge';

/**
 * What a port charge needs to know of its shipment: the port (the declaration's port of entry
 * or exit) and what its joint examination found. The declaration and the examination are other
 * contexts of the same layer, so the clearance process (a layer above) answers through this port
 * (bound by the application: FeesModule.register).
 */
export interface ShipmentFacts {
  /** Null when there is no such declaration. */
  facts(declarationId: string): Promise<{ portOfEntry: string; examination: ExaminationOutcome } | null>;
}

export const SHIPMENT_FACTS = Symbol('SHIPMENT_FACTS');
