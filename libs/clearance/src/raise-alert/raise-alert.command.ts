import type { Principal } from '@sw/platform';
import type { AlertAction, AlertSubject } from '@sw/shipment';

/** 执法互助: an officer raises an alert that holds or examines matching cases in every agency. */
export class RaiseAlert {
  constructor(readonly subject: AlertSubject, readonly reason: string, readonly action: AlertAction, readonly principal: Principal) {}
}
