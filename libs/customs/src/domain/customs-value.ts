import type { ExchangeRates } from '@sw/reference-data';
import type { CaseDeclaration } from '@sw/shipment';

/** Price terms whose price stops before the goods reach China (the freight is the buyer's). */
export const FREIGHT_TERMS: ReadonlySet<string> = new Set(['FOB', 'FCA', 'FAS', 'EXW']);
/** 保险费 not declared: 3‰ of (goods + freight) (《海关审定进出口货物完税价格办法》 第八十九条 / 海关总署令第213号). */
export const DEEMED_INSURANCE_RATE = 0.003;

export interface CustomsValue {
  goodsCny: number;
  freightCny: number;
  insuranceCny: number;
  /** declared; deemed (3‰ of goods + freight); included (CIF, CIP, …: in the price). */
  insurance: 'declared' | 'deemed' | 'included';
  totalCny: number;
  /** Each item's share of the CIF value, in CNY, in the items' order (they add up to totalCny). */
  lines: number[];
}

const round2 = (n: number) => Math.round((n + Number.EPSILON) * 100) / 100;

/**
 * The customs value of an import (完税价格): the CIF value in CNY (海关法 第五十五条: 进口货物的完税价格包括
 * 货物的货价、货物运抵中华人民共和国境内输入地点起卸前的运输及其相关费用、保险费). Under FOB, FCA, FAS or EXW the
 * declared freight is added, and the insurance, or 3‰ of (goods + freight) when none is declared;
 * other terms' prices include them. Amounts in other currencies at the customs rate
 * (海关月度汇率) in force. Null when a value or a rate is missing (an officer values the goods).
 */
export function customsValueOf(declaration: Pick<CaseDeclaration, 'items' | 'currency' | 'incoterm' | 'freight' | 'insurance'>, rates: ExchangeRates): CustomsValue | null {
  const cny = (amount: number, currency: string) => {
    const rate = rates.cnyPerUnit(currency);
    return rate === undefined ? null : amount * rate;
  };
  if (declaration.items.some((item) => typeof item.value !== 'number')) return null;
  const values = declaration.items.map((item) => cny(item.value!, declaration.currency));
  if (values.some((v) => v === null)) return null;
  const goods = (values as number[]).reduce((sum, v) => sum + v, 0);
  const buysFreight = FREIGHT_TERMS.has(declaration.incoterm);
  const freight = declaration.freight ? cny(declaration.freight.amount, declaration.freight.currency) : 0;
  const declaredInsurance = declaration.insurance ? cny(declaration.insurance.amount, declaration.insurance.currency) : undefined;
  if (freight === null || declaredInsurance === null) return null;
  const insurance = declaredInsurance ?? (buysFreight ? (goods + freight) * DEEMED_INSURANCE_RATE : 0);
  const totalCny = round2(goods + freight + insurance);
  // Freight and insurance shared by value, the rounding left on the last line.
  const lines = (values as number[]).map((v) => round2(goods > 0 ? (v / goods) * totalCny : totalCny / values.length));
  lines[lines.length - 1] = round2(totalCny - lines.slice(0, -1).reduce((sum, v) => sum + v, 0));
  return {
    goodsCny: round2(goods), freightCny: round2(freight), insuranceCny: round2(insurance),
    insurance: declaredInsurance !== undefined ? 'declared' : buysFreight ? 'deemed' : 'included', totalCny, lines,
  };
}
