import type { Direction } from '@sw/shipment';

/**
 * 代理报关: whether a broker may file this declaration for its client, from the powers of attorney
 * the client (the consignee) issued. The parties context binds it; without a binding no broker files.
 */
export interface FilingAuthority {
  check(filing: { principal: string; agent: string; direction: Direction; customsOffice: string; at: Date }): Promise<
    { covered: true; powerOfAttorney: string } | { covered: false; missing: { field: string; code: string; message: string; params?: Record<string, string | string[]> }[] }
  >;
}

export const FILING_AUTHORITY = 'FILING_AUTHORITY';
