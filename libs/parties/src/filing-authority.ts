import { Injectable } from '@nestjs/common';
import type { FilingAuthority } from '@sw/declaration';
import { chinaDate, type Direction } from '@sw/shipment';
import { authorityFor } from './domain/power-of-attorney';
import { PowersOfAttorneyTable } from './powers-of-attorney.table';

/** The declaration context's FilingAuthority, from the powers of attorney as their streams say. */
@Injectable()
export class PowersOfAttorneyAuthority implements FilingAuthority {
  constructor(private readonly table: PowersOfAttorneyTable) {}

  async check(filing: { principal: string; agent: string; direction: Direction; customsOffice: string; at: Date }) {
    const powers = await this.table.between(filing.principal, filing.agent);
    return authorityFor(powers, { ...filing, today: chinaDate(filing.at) });
  }
}
