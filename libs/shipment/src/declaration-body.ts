import type { DecMessageData } from './dec-message-data';

export type DeclarationMode = 'standard' | 'advance' | 'two-step';
export type Direction = 'import' | 'export';

export interface DeclarationItem {
  hsCode: string;
  description: string;
  quantity: number;
  unit: string;
  /** Customs value in the declaration's currency; a two-step summary (概要申报) may omit it. */
  value?: number;
  originCountry: string;
}

/** 报关单: what the enterprise submits, once (API.md `POST /v1/declarations`). */
export interface DeclarationBody {
  mode: DeclarationMode;
  direction: Direction;
  declarant: { uscc: string; name: string };
  /** 境内收发货人: the enterprise a broker files for (代理报关); absent when the declarant files for itself. */
  consignee?: { uscc: string; name: string };
  customsOffice: string;
  portOfEntry: string;
  /** billOfLading (提运单号): absent only where the mode has no carrier's document (transport-document.ts). */
  transport: { mode: string; conveyance: string; voyage?: string; billOfLading?: string };
  tradeMode: string;
  incoterm: string;
  currency: string;
  items: DeclarationItem[];
  documents: { code: string; number: string }[];
  /** 涉证 / 涉检 / 涉税: the two-step summary's answers. */
  summary?: { licenseRequired: boolean; inspectionRequired: boolean; dutiable: boolean };
  /** 汇总征税: duties settled against the declarant's general guarantee, paid on a monthly statement. */
  settlement?: 'consolidated';
  /** 运费 and 保费 added to an FOB, FCA, FAS or EXW price to build the CIF customs value of an import. */
  freight?: ChargeAmount;
  insurance?: ChargeAmount;
  /** 报关单报文的全部数据项 (API.md "The real client's message"): every element, as sent; the fields above agree with it. */
  message?: DecMessageData;
}

/** An amount of money in a currency (freight, insurance). */
export interface ChargeAmount {
  amount: number;
  currency: string;
}

/** What an agency's case knows of the declaration: the declaration as submitted, with its id (a snapshot taken when the case opens). */
export type CaseDeclaration = DeclarationBody & {
  declarationId: string;
  /** When it was filed (申报日期): the tariff and code lists of that day apply to it. */
  declaredAt?: string;
  /** When the goods had arrived when the case opened (运抵), if they had: 滞报金 counts from it. */
  arrivedAt?: string;
};

/** 监管证件核查: a licence referenced in `documents` and the items it was checked for. */
export interface LicenseCheck {
  license: { code: string; number: string };
  /** Indexes of the items it is used for (0-based, as in `items[0]`). */
  items: number[];
  /** Their declared quantity, in total, in the licence's unit: what is written off on release. */
  quantity: number;
  unit: string;
  /** The licence's balance when it was checked. */
  balance: number;
}

/** Why an item's licence is missing or cannot be used, in words the declarant can act on. */
export interface LicenseProblem {
  item: number;
  hsCode: string;
  /** The licence type (监管证件代码) the item needs. */
  type: string;
  license?: { code: string; number: string };
  reason: string;
  message: string;
}

/**
 * 境内收发货人: the enterprise whose goods they are, whose credit, licences and guarantees count:
 * the consignee a broker filed for (代理报关), else the declarant that filed for itself.
 */
export function consigneeOf(declaration: Pick<DeclarationBody, 'declarant' | 'consignee'>): { uscc: string; name: string } {
  return declaration.consignee ?? declaration.declarant;
}

/** Whether an enterprise or a broker is a party of the declaration: its consignee (principal) or its declarant (filer). */
export function isPartyOf(declaration: Pick<DeclarationBody, 'declarant' | 'consignee'>, principal: { role: string; uscc?: string }): boolean {
  if (principal.role === 'enterprise') return declaration.declarant.uscc === principal.uscc || consigneeOf(declaration).uscc === principal.uscc;
  if (principal.role === 'broker') return declaration.declarant.uscc === principal.uscc;
  return false;
}
