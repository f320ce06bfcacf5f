// Code lists the forms suggest from (datalists), bundled from seeds/reference at build time.
// Suggestions only: the API validates every value and the console shows what it says.
import countries from '../../../../seeds/reference/countries.json';
import currencies from '../../../../seeds/reference/currencies.json';
import offices from '../../../../seeds/reference/customs-offices.json';
import enterprises from '../../../../seeds/reference/enterprises.json';
import incoterms from '../../../../seeds/reference/incoterms.json';
import tradeModes from '../../../../seeds/reference/trade-modes.json';
import transportModes from '../../../../seeds/reference/transport-modes.json';
import units from '../../../../seeds/reference/units.json';

export interface Named { nameZh?: string; nameEn?: string }
export interface CodeOption extends Named { code: string }

export const ENTERPRISES: (Named & { uscc: string })[] = enterprises.items.filter((e) => e.demo);
export const CODE_LISTS: Record<string, CodeOption[]> = {
  offices: offices.items.map((o) => ({ code: o.code, nameZh: o.nameZh, nameEn: o.nameEn })),
  transportModes: transportModes.items.filter((m) => m.declarable).map((m) => ({ code: m.code, nameZh: m.nameZh, nameEn: m.nameEn })),
  tradeModes: tradeModes.items.map((m) => ({ code: m.code, nameZh: m.nameZh, nameEn: m.nameEn })),
  incoterms: incoterms.items.map((i) => ({ code: i.code, nameZh: i.nameZh, nameEn: i.nameEn })),
  currencies: currencies.items.map((c) => ({ code: c.code, nameZh: c.nameZh, nameEn: c.nameEn })),
  units: units.items.map((u) => ({ code: u.code, nameZh: u.nameZh, nameEn: u.nameEn })),
  countries: countries.items.map((c) => ({ code: c.alpha3, nameZh: c.nameZh, nameEn: c.nameEn })),
};
