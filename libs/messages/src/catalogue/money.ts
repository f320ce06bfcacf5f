import type { Catalogue } from './types';

/** Payments, guarantees and banks' confirmations (担保, 汇总征税). */
export const MONEY: Catalogue = {
  'holder-not-eligible': ['失信企业不能以总担保适用汇总征税', 'A discredited enterprise is not eligible for consolidated tax'],
  'guarantee-expired': ['担保已过有效期', 'The guarantee has expired'],
  'guarantee-exists': ['该担保已经登记', 'The guarantee is already lodged'],
  'guarantee-not-found': ['没有这份担保', 'There is no such guarantee'],
  'no-guarantee': ['尚无有效的总担保：请银行提交总担保，或直接缴纳税款', 'No general guarantee is lodged: a bank lodges one, or the declarant pays the duties'],
  'not-the-holder': ['担保或许可证不属于该企业', 'It was issued to another enterprise'],
  'insufficient-balance': ['余额不足', 'The balance is insufficient'],
  'reference-in-use': ['该银行编号已被使用：每笔缴款或担保须有自己的编号', 'This bank reference is already used'],
  'nothing-outstanding': ['该月对账单没有欠款', 'Nothing is owed on this statement'],
  'statement-mismatch': ['缴款与对账单不符', 'The payment does not match the statement'],
  'instruction-refused': ['银行已拒绝该指令：请以新编号重新下达', 'The bank refused this instruction: give a new one with a new reference'],
  'already-confirmed': ['银行已确认该指令，不能再改变', 'The instruction was already confirmed'],
  'already-refused': ['银行已拒绝该指令，不能再改变', 'The instruction was already refused'],
  'declaration-mismatch': ['银行确认的报关单与指令不符', 'The confirmation names another declaration than the instruction'],
  'kind-mismatch': ['银行确认的种类（缴款/担保）与指令不符', 'The confirmation is of another kind than the instruction'],
  'currency-mismatch': ['银行确认的币种与指令不符', 'The confirmation is in another currency than the instruction'],
  'amount-mismatch': ['银行确认的金额与指令不符', 'The confirmation is for another amount than the instruction'],
  'bank-reference-in-use': ['贵行已以该编号确认过另一份报关单的缴款或担保：每个银行编号只对应一笔缴款或担保', 'You already confirmed a payment or guarantee of another declaration under this reference: each of your references serves one'],
};
