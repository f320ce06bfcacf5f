// The reference lists' shapes (one interface per code list) and the seed file of each.

/** One entry of the HS 2022 nomenclature: a chapter (2 digits), heading (4) or subheading (6). */
export interface HsEntry {
  code: string;
  level: 2 | 4 | 6;
  /** Roman-numeral section, on chapters only. */
  section?: string;
  description: string;
}

/** 关区代码: a directly-under customs (xx00) or one of its subordinate offices. */
export interface CustomsOffice {
  code: string;
  nameZh: string;
  shortNameZh?: string;
  nameEn?: string;
  level: 'directly-under' | 'subordinate';
  /** The directly-under customs of a subordinate office; null for a directly-under customs. */
  parent: string | null;
  province?: string;
  /** Where the code was found (a citable page or file), for entries compiled one by one. */
  source?: string;
}

/** 运输方式代码 */
export interface TransportMode {
  code: string;
  nameZh: string;
  nameEn: string;
  /** Road and rail: the conveyance crosses a land border, so border check (边检) is routed. */
  crossesLandBorder: boolean;
  /** False for statistical aggregates that are never declared. */
  declarable: boolean;
  note?: string;
}

/** 监管方式代码 */
export interface TradeMode {
  code: string;
  nameZh: string;
  fullNameZh: string;
  nameEn: string;
}

/** 计量单位代码 */
export interface MeasurementUnit {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** ISO 3166-1 */
export interface Country {
  alpha2: string;
  alpha3: string;
  numeric: string;
  nameEn: string;
  officialNameEn?: string;
  nameZh?: string;
}

/** ISO 4217 */
export interface Currency {
  code: string;
  numeric: string;
  nameEn: string;
  nameZh?: string;
  /** Decimal places; null where ISO 4217 says N.A. (metals, SDR, testing codes). */
  minorUnits: number | null;
}

export interface Incoterm {
  code: string;
  nameEn: string;
  nameZh: string;
  version: '2020' | '2010';
  /** A rule of an earlier edition still seen on declarations (DAT). */
  legacy: boolean;
  transportModes: 'any' | 'sea';
  /** The seller pays the main carriage to the named destination. */
  includesMainCarriage: boolean;
  /** The seller must insure the goods in transit (CIF, CIP). */
  includesInsurance: boolean;
  /** D rules: the seller carries the risk to destination. */
  sellerBearsTransitRisk: boolean;
  /** China customs 成交方式 code the term is declared under: 1 CIF, 2 CFR, 3 FOB, 7 EXW. */
  customsTransactionMode: '1' | '2' | '3' | '7';
}

/** A line of the inspection & quarantine catalogue (法检目录), as an HS prefix. */
export interface InspectionEntry {
  prefix: string;
  category: string;
  labelZh: string;
  /** 检验检疫类别, import/export: M N P Q R S L, e.g. "P.R/Q.S". */
  inspectionTypes: string;
  /** 监管条件: A inbound inspection, B outbound inspection. */
  supervisionConditions: string;
  /** 鲜活易腐: green-channel goods. */
  perishable: boolean;
  /** 先放后检: released before the conformity result. */
  conditionalRelease: boolean;
  note?: string;
}

/**
 * Customs credit rating (海关企业信用). `aeo-general` (一般认证) was abolished by GACC Decree
 * No. 251 on 2021-11-01 and is kept for history; `registered` is the default for any
 * enterprise not otherwise rated.
 */
export type CreditRating = 'aeo-advanced' | 'aeo-general' | 'registered' | 'discredited';

export interface Enterprise {
  uscc: string;
  nameZh: string;
  nameEn: string;
  creditRating: CreditRating;
  creditRatingZh: string;
  /** The customs the enterprise usually declares at. */
  customsOffice: string;
  demo: boolean;
}

/** A line of the import tariff (进出口税则): MFN duty and VAT rates for an HS prefix (2 to 10 digits). */
export interface TariffLine {
  prefix: string;
  dutyRate?: number;
  vatRate?: number;
  description: string;
}

/**
 * A day of the State Council's yearly holiday arrangement (法定节假日 and 调休): a day off
 * (`holiday`, weekend days inside the arrangement included) or a weekend day worked instead
 * (`workday`, 调休上班). A day not listed is a working day Monday to Friday and a rest day on
 * Saturday and Sunday.
 */
export interface CalendarDay {
  date: string;
  kind: 'holiday' | 'workday';
  nameZh: string;
}

/** 海关月度汇率: CNY per one unit of a currency, in force for the month of its version. */
export interface ExchangeRate {
  currency: string;
  cnyPerUnit: number;
}

/** A rate of the tariff that applies where no line of the tariff names the commodity. */
export interface TariffDefault {
  name: 'dutyRate' | 'vatRate';
  rate: number;
  description?: string;
}

/** A 监管方式 under which nothing is collected at import (processing trade, bonded, temporary admission). */
export interface BondedTradeMode {
  code: string;
  note?: string;
}

/** 监管证件代码: a licence or certificate type customs verifies (the catalogue of license-types.json without its rules). */
export interface LicenseTypeEntry {
  /** One character, case-sensitive (v is not V). */
  code: string;
  nameZh: string;
  nameEn: string;
  /** The `authority` claims of the issuers that may register it. */
  authorities: string[];
  directions: string[];
  legacy: boolean;
  note?: string;
}

/** 监管条件: the commodities (an HS prefix) that need a document of a type; `rule` is "<type> <prefix>". */
export interface LicenseRequirementEntry {
  rule: string;
  type: string;
  prefix: string;
  labelZh: string;
  labelEn: string;
}

export interface ReferenceLists {
  hs: HsEntry[];
  tariff: TariffLine[];
  customsOffices: CustomsOffice[];
  transportModes: TransportMode[];
  tradeModes: TradeMode[];
  units: MeasurementUnit[];
  countries: Country[];
  currencies: Currency[];
  incoterms: Incoterm[];
  inspectionList: InspectionEntry[];
  enterprises: Enterprise[];
  holidays: CalendarDay[];
  exchangeRates: ExchangeRate[];
  tariffDefaults: TariffDefault[];
  bondedTradeModes: BondedTradeMode[];
  licenseTypes: LicenseTypeEntry[];
  licenseRequirements: LicenseRequirementEntry[];
}

export type ReferenceListName = keyof ReferenceLists;

/** The file under seeds/reference that holds each list. */
export const REFERENCE_FILES: Readonly<Record<ReferenceListName, string>> = {
  hs: 'hs-2022.json',
  tariff: 'tariff.json',
  customsOffices: 'customs-offices.json',
  transportModes: 'transport-modes.json',
  tradeModes: 'trade-modes.json',
  units: 'units.json',
  countries: 'countries.json',
  currencies: 'currencies.json',
  incoterms: 'incoterms.json',
  inspectionList: 'inspection-list.json',
  enterprises: 'enterprises.json',
  holidays: 'holidays.json',
  exchangeRates: 'exchange-rates.json',
  tariffDefaults: 'tariff-defaults.json',
  bondedTradeModes: 'bonded-trade-modes.json',
  // One seed file, the 监管证件 catalogue with each type's rules (requiredFor), gives both lists.
  licenseTypes: 'license-types.json',
  licenseRequirements: 'license-types.json',
};

/** Lists whose seed file holds them in another shape: the entries from the file's items. */
export const SEED_ITEMS: Partial<Record<ReferenceListName, (items: unknown[]) => unknown[]>> = {
  licenseTypes: (items) => (items as { requiredFor?: unknown }[]).map(({ requiredFor: _rules, ...type }) => type),
  licenseRequirements: (items) => (items as { code: string; requiredFor: { prefix: string; labelZh: string; labelEn: string }[] }[])
    .flatMap((type) => type.requiredFor.map((rule) => ({ rule: `${type.code} ${rule.prefix}`, type: type.code, ...rule }))),
};
