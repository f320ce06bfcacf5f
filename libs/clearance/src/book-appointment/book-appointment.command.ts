import type { Principal } from '@sw/platform';

/** 预约查验: the enterprise or an officer books the examination's time slot. */
export class BookAppointment {
  constructor(readonly declarationId: string, readonly from: Date, readonly to: Date, readonly location: string | undefined, readonly principal: Principal) {}
}
