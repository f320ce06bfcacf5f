import { covers, notTheHolder, refusalOf, type LicenseState } from './license';
import type { ItemRequirement, LicenseTypes } from './license-types';
import { consigneeOf, type DeclarationBody, type LicenseCheck, type LicenseProblem } from '@sw/shipment';

export interface VerificationResult {
  checks: LicenseCheck[];
  problems: LicenseProblem[];
}

const WHAT_TO_DO = 'withdraw the declaration and declare again with a licence that is valid, yours, covers the goods and has enough balance';

/**
 * 监管证件核查 (联网核查): for each item that needs a licence, the licence of that type the
 * declaration references in `documents` that covers the item, checked against the register as
 * it stands: issued, not revoked, valid on the declaration date, held by the declarant, in the
 * item's unit — and, per licence, with balance left for the quantity of every item it is used for.
 *
 * `licenses` holds the register's state of every licence the documents reference (by number).
 */
export function verifyLicenses(
  declaration: Pick<DeclarationBody, 'declarant' | 'items' | 'documents'>,
  declarationDate: string,
  requirements: readonly ItemRequirement[],
  licenses: ReadonlyMap<string, LicenseState>,
  types: LicenseTypes,
): VerificationResult {
  const problems: LicenseProblem[] = [];
  /** Items assigned to each licence (by `code number`), for the balance check. */
  const uses = new Map<string, { license: { code: string; number: string }; items: number[] }>();
  for (const requirement of requirements) {
    const item = declaration.items[requirement.item]!;
    const type = types.type(requirement.type);
    const typeName = type ? `licence of type ${type.code} (${type.nameEn}, ${type.nameZh})` : `licence of type ${requirement.type}`;
    const base = { item: requirement.item, hsCode: item.hsCode, type: requirement.type };
    const referenced = (declaration.documents ?? []).filter((d) => d.code === requirement.type);
    if (referenced.length === 0) {
      problems.push({ ...base, reason: 'license-missing', message: `item ${requirement.item + 1} (HS ${item.hsCode}) needs a ${typeName}, and the declaration references none in its documents: ${WHAT_TO_DO}` });
      continue;
    }
    // Each referenced licence of the type, judged for this item alone (balance comes after).
    const judged = referenced.map((document) => {
      const state = licenses.get(document.number);
      const license = { code: document.code, number: document.number };
      // The holder first: of another holder's licence (or a number not registered) nothing else is judged or said.
      if (!state?.terms || state.terms.holder !== consigneeOf(declaration).uscc) {
        return { license, refusal: state?.terms ? notTheHolder(document.number, consigneeOf(declaration).uscc) : { code: 'license-not-found', message: `licence ${requirement.type} ${document.number} is not in the register` }, covering: false };
      }
      if (state.terms.type !== requirement.type) {
        return { license, refusal: { code: 'license-type-mismatch', message: `licence ${document.number} is of type ${state.terms.type}, not ${requirement.type}` }, covering: false };
      }
      const refusal = refusalOf(state, { declarant: consigneeOf(declaration).uscc, hsCodes: [item.hsCode], quantity: 0, unit: item.unit, declarationDate });
      return { license, refusal, covering: covers(state.terms.commodities, item.hsCode) };
    });
    // Of the usable ones, the first with balance for this item (the sum per licence is checked below).
    const candidates = judged.filter((j) => j.refusal === null);
    const usable = candidates.find((j) => licenses.get(j.license.number)!.balance >= item.quantity) ?? candidates[0];
    if (usable) {
      const key = `${usable.license.code} ${usable.license.number}`;
      const use = uses.get(key) ?? { license: usable.license, items: [] };
      use.items.push(requirement.item);
      uses.set(key, use);
      continue;
    }
    // None can be used: report the one the declarant most likely meant (one that covers the goods).
    const reported = judged.find((j) => j.covering) ?? judged[0]!;
    problems.push({ ...base, license: reported.license, reason: reported.refusal!.code, message: `item ${requirement.item + 1} (HS ${item.hsCode}): ${reported.refusal!.message}; ${WHAT_TO_DO}` });
  }

  const checks: LicenseCheck[] = [];
  for (const { license, items } of uses.values()) {
    const state = licenses.get(license.number)!;
    const quantity = Math.round(items.reduce((sum, i) => sum + declaration.items[i]!.quantity, 0) * 1e5) / 1e5;
    const refusal = refusalOf(state, { declarant: consigneeOf(declaration).uscc, hsCodes: items.map((i) => declaration.items[i]!.hsCode), quantity, unit: state.terms!.unit, declarationDate });
    if (refusal) {
      for (const i of items) {
        problems.push({ item: i, hsCode: declaration.items[i]!.hsCode, type: license.code, license, reason: refusal.code, message: `item ${i + 1} (HS ${declaration.items[i]!.hsCode}): ${refusal.message}; ${WHAT_TO_DO}` });
      }
      continue;
    }
    checks.push({ license, items, quantity, unit: state.terms!.unit, balance: state.balance });
  }
  problems.sort((a, b) => a.item - b.item);
  return { checks, problems };
}
