/**
 * 舱单 as the arrival report (运抵报告) checks it: whether an arrival fits the manifest its bill of
 * lading is on. The declaration context asks; the manifest context answers (a library of the same
 * layer), bound by the application through this token.
 */
export interface ManifestOfBill {
  /** null: the arrival fits (or the bill is on no manifest); else the stable code and the words of the refusal (409). */
  arrivalMisfit(billOfLading: string, arrival: { portOfEntry: string; conveyance: string }): Promise<{ code: string; message: string } | null>;
}

export const MANIFEST_OF_BILL = 'MANIFEST_OF_BILL';
