import type { Principal } from '@sw/platform';
import type { DeclareCrossingRequest } from './crossing.dto';

/** 运输工具申报: a carrier (or the driver's company) declares a conveyance crossing at a border post. */
export class DeclareCrossing {
  constructor(readonly body: DeclareCrossingRequest, readonly principal: Principal) {}
}
