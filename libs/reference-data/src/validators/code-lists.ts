/**
 * Rules for the codes of seeds/reference (HS codes, customs offices, transport and trade
 * modes, Incoterms, currencies, units, countries) and the unified social credit code.
 */
import { referenceData } from '../reference-data';
import { validateUscc } from '../uscc';
import { mustBe, Rule, shown } from './rule';

// ---------------------------------------------------------------------------------------------
// Codes of seeds/reference
// ---------------------------------------------------------------------------------------------

/** The note for a code given in small letters that exists in capitals. */
function capitalsNote(value: unknown, exists: (code: string) => boolean): string | undefined {
  return typeof value === 'string' && value !== value.toUpperCase() && exists(value.toUpperCase()) ? `codes are written in capitals` : undefined;
}

/** 统一社会信用代码 with the GB 32100 check character; capital letters only. */
export function usccProblem(property: string, value: unknown): string | undefined {
  const expectation = 'an 18-character unified social credit code (GB 32100)';
  if (typeof value !== 'string') return mustBe(property, expectation, value);
  const result = validateUscc(value);
  if (result.valid) return undefined;
  return `${property} must be ${expectation}: ${result.reason} (${shown(value)} is not)`;
}

export function IsUscc(): PropertyDecorator {
  return Rule('uscc', (value, args) => usccProblem(args.property, value));
}

/** A national 10-digit commodity code whose first 6 digits are an HS 2022 subheading. */
export function hsCodeProblem(property: string, value: unknown): string | undefined {
  const expectation = '10 digits whose first 6 are an HS 2022 subheading';
  if (typeof value === 'number') return `${property} must be a string of ${expectation} (${shown(value)} is not: a number loses leading zeros)`;
  if (typeof value !== 'string' || !/^\d{10}$/.test(value)) return mustBe(property, expectation, value);
  const gap = referenceData().hsCodeGap(value);
  if (gap?.part === 'subheading') {
    // Which part is unknown: a whole chapter (digits 1-2) or heading (digits 3-4) is said; an unknown subheading of a known heading reads as before.
    const which = gap.unknown === 'chapter' ? `: digits 1-2 are unknown, ${value.slice(0, 2)} is not an HS 2022 chapter`
      : gap.unknown === 'heading' ? `: digits 3-4 are unknown, chapter ${gap.known} has no heading ${value.slice(0, 4)}` : '';
    return `${property} must be ${expectation} (${gap.code} is not${which})`;
  }
  if (gap?.part === 'tariff-line') {
    return `${property} ${value}: digits 7-8 are unknown: ${gap.code} is not a national tariff line of HS 2022 subheading ${gap.subheading} (the tariff in force lists ${gap.lines.join(', ')})`;
  }
  return undefined;
}

export function IsHsCode(): PropertyDecorator {
  return Rule('hsCode', (value, args) => hsCodeProblem(args.property, value));
}

/** 关区代码: 4 digits in the customs-office list. */
export function customsOfficeProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{4}$/.test(value) && referenceData().customsOffice(value)) return undefined;
  return mustBe(property, 'a 4-digit customs code from the customs-office list (关区代码), such as 2248', value);
}

export function IsCustomsOffice(): PropertyDecorator {
  return Rule('customsOffice', (value, args) => customsOfficeProblem(args.property, value));
}

/** 运输方式代码: a declarable code of the transport-mode list, exactly as listed. */
export function transportModeProblem(property: string, value: unknown): string | undefined {
  const mode = typeof value === 'string' ? referenceData().transportMode(value) : undefined;
  if (!mode || mode.code !== value) {
    return mustBe(property, 'a customs transport-mode code (运输方式) such as 2 waterway, 3 rail, 4 road, 5 air', value,
      capitalsNote(value, (code) => referenceData().transportMode(code) !== undefined));
  }
  if (!mode.declarable) return `${property} ${mode.code} (${mode.nameEn}) cannot be declared: it is a statistical aggregate`;
  return undefined;
}

export function IsTransportMode(): PropertyDecorator {
  return Rule('transportMode', (value, args) => transportModeProblem(args.property, value));
}

/** 监管方式代码: 4 digits in the trade-mode list. */
export function tradeModeProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{4}$/.test(value) && referenceData().tradeMode(value)) return undefined;
  return mustBe(property, 'a 4-digit supervision-mode code (监管方式) from the trade-mode list, such as 0110', value);
}

export function IsTradeMode(): PropertyDecorator {
  return Rule('tradeMode', (value, args) => tradeModeProblem(args.property, value));
}

/** An Incoterms rule (2020, or the 2010 DAT still seen on declarations), in capitals. */
export function incotermProblem(property: string, value: unknown): string | undefined {
  const term = typeof value === 'string' ? referenceData().incoterm(value) : undefined;
  if (term && term.code === value) return undefined;
  return mustBe(property, `an Incoterms rule (${referenceData().lists.incoterms.map((t) => t.code).join(', ')})`, value,
    capitalsNote(value, (code) => referenceData().incoterm(code) !== undefined));
}

export function IsIncoterm(): PropertyDecorator {
  return Rule('incoterm', (value, args) => incotermProblem(args.property, value));
}

/**
 * An ISO 4217 code in capitals that is a currency of account: the codes without a minor unit
 * (precious metals, SDR, testing and "no currency" codes) are refused.
 */
export function currencyProblem(property: string, value: unknown): string | undefined {
  const currency = typeof value === 'string' ? referenceData().currency(value) : undefined;
  if (!currency || currency.code !== value) return mustBe(property, 'an ISO 4217 code', value, capitalsNote(value, (code) => referenceData().currency(code) !== undefined));
  if (currency.minorUnits === null) return `${property} ${currency.code} (${currency.nameEn}) is not a currency trade values can be declared in`;
  return undefined;
}

export function IsCurrency(): PropertyDecorator {
  return Rule('currency', (value, args) => currencyProblem(args.property, value));
}

/** 计量单位代码: 3 digits in the units list. */
export function unitProblem(property: string, value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{3}$/.test(value) && referenceData().unit(value)) return undefined;
  return mustBe(property, 'a 3-digit customs unit code (计量单位) from the units list, such as 035 (kilogram)', value);
}

export function IsUnit(): PropertyDecorator {
  return Rule('unit', (value, args) => unitProblem(args.property, value));
}

/** ISO 3166-1 alpha-3 in capitals; an alpha-2 code is named as such, with its alpha-3. */
export function countryProblem(property: string, value: unknown): string | undefined {
  const reference = referenceData();
  const country = typeof value === 'string' ? reference.country(value) : undefined;
  if (country && country.alpha3 === value) return undefined;
  if (typeof value === 'string' && /^[A-Za-z]{2}$/.test(value)) {
    const byAlpha2 = reference.countryByAlpha2(value);
    if (byAlpha2) return `${property} must be an ISO 3166-1 alpha-3 code (${value} is alpha-2; ${byAlpha2.nameEn} is ${byAlpha2.alpha3})`;
  }
  return mustBe(property, 'an ISO 3166-1 alpha-3 code', value, capitalsNote(value, (code) => reference.country(code) !== undefined));
}

export function IsCountry(): PropertyDecorator {
  return Rule('country', (value, args) => countryProblem(args.property, value));
}
