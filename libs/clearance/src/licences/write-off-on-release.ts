import { declarationDateOf, licenseDecider, type LicenseTypes, licenseTypesOn } from '@sw/licensing';
import { DeciderRepository, DomainError, DuplicateEventIdError, type CommandContext } from '@sw/event-store';
import type { DeclarationState } from '@sw/declaration';
import { consigneeOf, licenseStream, type LicenseCheck, type LicenseProblem } from '@sw/shipment';

/** What the licences say about releasing a declaration whose agencies have all released it. */
export type LicensesAtRelease =
  /** No item needs a licence: release. */
  | { outcome: 'not-required' }
  /** Every licence was written off (核销) for the declaration: release. */
  | { outcome: 'written-off' }
  /** The verification has not been recorded yet: wait for LicensesVerified. */
  | { outcome: 'awaiting-verification' }
  /** The verification failed, or a write-off already did: the declaration stays held. */
  | { outcome: 'held' }
  /** A licence refused its write-off now (balance used up by another declaration, revoked): hold the declaration. */
  | { outcome: 'refused'; reason: string; problems: LicenseProblem[] };

/** The command context for a target stream (a process passes one whose event ids derive from the event it handles). */
export type ContextFor = (target: string) => CommandContext;

const WHAT_TO_DO = 'withdraw the declaration (nothing is written off for it) and declare again with another licence';

/**
 * 核销 at release: writes the declared quantities off every licence the verification found
 * (each write-off exactly once per declaration: handling the same release again is a no-op).
 * The licence stream's expected revision serializes racing declarations, so of two that
 * want the last balance exactly one gets it; the other is refused here. When one licence of
 * a declaration refuses, the write-offs already made for it are reversed, so that a
 * declaration that is not released keeps nothing.
 */
export async function writeOffLicensesForRelease(
  repository: DeciderRepository,
  declarationId: string,
  state: DeclarationState,
  contextFor: ContextFor,
  // The licence catalogues in force on the day it was filed: a rule that takes effect later does not apply to it.
  types: LicenseTypes = licenseTypesOn(state.filedAt ? declarationDateOf(state.filedAt) : undefined),
): Promise<LicensesAtRelease> {
  const declaration = state.declaration;
  if (!declaration) return { outcome: 'held' };
  const licenses = state.licenses;
  if (!licenses) return types.requirementsFor(declaration).length > 0 ? { outcome: 'awaiting-verification' } : { outcome: 'not-required' };
  if (licenses.status !== 'verified') return { outcome: 'held' };
  const done: LicenseCheck[] = [];
  for (const check of licenses.checks) {
    const stream = licenseStream(check.license.number);
    const context = contextFor(stream);
    try {
      await repository.handle(stream, licenseDecider, {
        type: 'WriteOff', declarationId, declarant: consigneeOf(declaration).uscc, hsCodes: check.items.map((i) => declaration.items[i]!.hsCode),
        quantity: check.quantity, unit: check.unit, declarationDate: licenses.declarationDate, now: context.now,
      }, context);
      done.push(check);
    } catch (error) {
      if (error instanceof DuplicateEventIdError) {
        done.push(check); // written before a restart
        continue;
      }
      if (!(error instanceof DomainError)) throw error;
      await reverseLicenseWriteOffs(repository, declarationId, done, `licence ${check.license.code} ${check.license.number} of the same declaration refused its write-off (${error.code})`, contextFor);
      const message = `${error.message}; ${WHAT_TO_DO}`;
      return {
        outcome: 'refused',
        reason: `Licence ${check.license.code} ${check.license.number} could not be written off: ${message}`,
        problems: check.items.map((i) => ({
          item: i, hsCode: declaration.items[i]!.hsCode, type: check.license.code, license: check.license, reason: error.code,
          message: `item ${i + 1} (HS ${declaration.items[i]!.hsCode}): ${message}`,
        })),
      };
    }
  }
  return { outcome: 'written-off' };
}

/** Gives back what was written off for a declaration that was not released after all (a no-op where nothing was). */
export async function reverseLicenseWriteOffs(repository: DeciderRepository, declarationId: string, checks: readonly LicenseCheck[], reason: string, contextFor: ContextFor): Promise<void> {
  for (const check of checks) {
    const stream = licenseStream(check.license.number);
    const context = contextFor(`${stream}:reverse`);
    try {
      await repository.handle(stream, licenseDecider, { type: 'ReverseWriteOff', declarationId, reason, now: context.now }, context);
    } catch (error) {
      if (!(error instanceof DuplicateEventIdError)) throw error;
    }
  }
}
