/**
 * The declarations known under a transport, as the status read model has them: the arrival
 * report answers with those under its bill of lading, the gate opens for those on a conveyance.
 * The read side (@sw/read-models) binds it; the declaration context reads no read-model table.
 */
export interface DeclarationsByTransport {
  /** Declarations under the bill of lading that an arrival at that port by that conveyance is for (arrivalMatches), not withdrawn or rejected, in order of submission. */
  byBillOfLading(billOfLading: string, arrival: { portOfEntry: string; conveyance: string }): Promise<string[]>;
  /** Declarations on the conveyance at the port, not withdrawn, rejected or exited, in order of submission. */
  awaitingExit(conveyance: string, portOfEntry: string): Promise<string[]>;
}

export const DECLARATIONS_BY_TRANSPORT = 'DECLARATIONS_BY_TRANSPORT';
