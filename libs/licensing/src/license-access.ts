import { NotFoundException } from '@nestjs/common';
import type { DeciderRepository } from '@sw/event-store';
import type { Principal } from '@sw/platform';
import { licenseStream } from '@sw/shipment';
import { LICENSE_NUMBER, licenseDecider } from './domain/license';

/** The licence, or 404 when it does not exist or is not the caller's to see (another holder, another authority). */
export async function loadVisibleLicense(repository: DeciderRepository, number: string, principal: Principal) {
  const found = LICENSE_NUMBER.test(number) ? await repository.load(licenseStream(number), licenseDecider) : null;
  const terms = found?.state.terms;
  const visible = !!terms && (
    principal.role === 'officer' || principal.role === 'auditor'
    || (principal.role === 'enterprise' && principal.uscc === terms.holder)
    || (principal.role === 'issuer' && principal.authority === terms.authority));
  if (!found || !visible) throw new NotFoundException(`No licence ${number}`);
  return found;
}
