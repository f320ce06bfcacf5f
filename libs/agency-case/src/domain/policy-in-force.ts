import type { Agency } from '@sw/shipment';
import type { AgencyPolicy } from './agency-policy';

/**
 * An agency's policy that is always the one in force: every member of AgencyPolicy, read from
 * `current()` at each use (the seeds are built on first use and again when the reference lists
 * in force change). One delegation for every member, present or optional, so a wrapper cannot
 * drop one the policy has (a hand-copied list of methods once lost customs' currency conversion);
 * a member the policy lacks stays absent (`policy.toCny` undefined, `'toCny' in policy` false).
 */
export function policyInForce(agency: Agency, current: () => AgencyPolicy): AgencyPolicy {
  const memberOf = (key: PropertyKey): unknown => {
    if (key === 'agency') return agency;
    const policy = current();
    const value = (policy as unknown as Record<PropertyKey, unknown>)[key];
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(policy) : value;
  };
  return new Proxy({ agency } as AgencyPolicy, {
    get: (_target, key) => memberOf(key),
    has: (_target, key) => key === 'agency' || key in current(),
    ownKeys: () => Reflect.ownKeys(current()),
    getOwnPropertyDescriptor: (_target, key) => {
      if (key !== 'agency' && !(key in current())) return undefined;
      return { value: memberOf(key), enumerable: true, configurable: true, writable: false };
    },
    set: () => false,
  });
}
