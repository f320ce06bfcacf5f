/**
 * The code lists of the 报关单 that seeds/reference does not hold: 包装种类, 征免性质, 征减免税方式,
 * 成交方式, and the legacy numeric country and currency codes (before the 2018 reform, GACC's own
 * three-digit codes) that older client software still sends, mapped to ISO (dec-message.legacy-codes.ts). Sources: the GACC
 * parameter tables as published in the declaration filling specification (海关总署公告2019年第18号,
 * 《中华人民共和国海关进出口货物报关单填制规范》) and open-source broker clients (test/fixtures/dec-message/README.md).
 */

/** 包装种类 (WrapType, also DecOtherPack/PackType). */
export const WRAP_TYPES: Record<string, string> = {
  '00': '散装', '01': '裸装', '04': '球状罐类', '06': '包/袋', '22': '纸制或纤维板制盒/箱', '23': '木制或竹藤等植物性材料制盒/箱',
  '29': '其他材料制盒/箱', '32': '纸制或纤维板制桶', '33': '木制或竹藤等植物性材料制桶', '39': '其他材料制桶', '92': '再生木托',
  '93': '天然木托', '98': '植物性铺垫材料', '99': '其他包装',
};

/**
 * Pre-2018 clients send 包装种类 as one digit (1 to 7: the real messages of test/fixtures/dec-message send
 * 2 and 7). No copy of that old table with its names was found in what we could reach, so these are
 * checked by shape and kept as sent; the names shown are the 2018 table's only.
 */
export const LEGACY_WRAP_TYPE = /^[1-7]$/;

/** 征免性质 (CutMode). */
export const CUT_MODES: Record<string, string> = {
  '101': '一般征税', '118': '整车征税', '119': '零部件征税', '201': '无偿援助', '299': '其他法定', '301': '特定区域', '307': '保税区',
  '399': '其他地区', '401': '科教用品', '403': '技术改造', '406': '重大项目', '412': '基础设施', '413': '残疾人', '417': '远洋渔业',
  '418': '国产化', '419': '整车特征', '420': '远洋船舶', '422': '集成电路', '423': '新型显示器件', '499': 'ITA产品', '501': '加工设备',
  '502': '来料加工', '503': '进料加工', '506': '边境小额', '510': '港澳OPA', '601': '中外合资', '602': '中外合作', '603': '外资企业',
  '606': '海洋石油', '608': '陆上石油', '609': '贷款项目', '611': '贷款中标', '789': '鼓励项目', '799': '自有资金', '801': '救灾捐赠',
  '802': '扶贫慈善', '898': '国批减免', '998': '内部暂定', '999': '例外减免',
};

/** 征减免税方式 (DecList/DutyMode). */
export const DUTY_MODES: Record<string, string> = {
  '1': '照章征税', '2': '折半征税', '3': '全免', '4': '特案', '5': '随征免性质', '6': '保证金', '7': '保函', '8': '折半补税', '9': '全额退税',
};

/** 成交方式 (TransMode) and the Incoterm the engine values it under; 4 C&I, 5 市场价 and 6 垫仓 have none. */
export const TRANS_MODES: Record<string, { zh: string; incoterm?: string }> = {
  '1': { zh: 'CIF', incoterm: 'CIF' }, '2': { zh: 'C&F', incoterm: 'CFR' }, '3': { zh: 'FOB', incoterm: 'FOB' }, '4': { zh: 'C&I' },
  '5': { zh: '市场价' }, '6': { zh: '垫仓' }, '7': { zh: 'EXW', incoterm: 'EXW' },
};

/** The legacy numeric country and currency codes, mapped to ISO: dec-message.legacy-codes.ts. */
export { LEGACY_COUNTRIES, LEGACY_CURRENCIES } from './dec-message.legacy-codes';

/** Provinces (GB/T 2260, the first two digits of a 5-digit 境内目的地/货源地 code). */
export const PROVINCES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54', '61', '62', '63', '64', '65', '71', '81', '82',
]);

/** The incoterm's 成交方式 code (incoterms.json customsTransactionMode): the F rules are declared as FOB, and so on. */
export const TRANS_MODE_OF_INCOTERM: Record<string, string> = {
  EXW: '7', FCA: '3', FAS: '3', FOB: '3', CFR: '2', CPT: '2', CIF: '1', CIP: '1', DAP: '1', DPU: '1', DDP: '1', DAT: '1',
};
