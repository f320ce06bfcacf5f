/** Where a field of the JSON body comes from in the message, so that a refusal names the element the client wrote. */
const ELEMENTS: [RegExp, string][] = [
  [/^direction$/, 'DecHead/IEFlag 进出口标志'], [/^declarant\.uscc$/, 'DecHead/AgentCodeScc 申报单位统一社会信用代码'],
  [/^declarant\.name$/, 'DecHead/AgentName 申报单位名称'], [/^customsOffice$/, 'DecHead/CustomMaster 申报地海关'],
  [/^portOfEntry$/, 'DecHead/IEPort 进出境关别'], [/^transport\.mode$/, 'DecHead/TrafMode 运输方式'],
  [/^transport\.conveyance$/, 'DecHead/TrafName 运输工具名称'], [/^transport\.billOfLading$/, 'DecHead/BillNo 提运单号'],
  [/^transport\.voyage$/, 'DecFreeTxt/VoyNo 航次号'], [/^tradeMode$/, 'DecHead/TradeMode 监管方式'], [/^incoterm$/, 'DecHead/TransMode 成交方式'],
  [/^currency$/, 'DecList/TradeCurr 币制'], [/^freight/, 'DecHead/FeeRate 运费'], [/^insurance/, 'DecHead/InsurRate 保险费'],
  [/^documents/, 'DecLicenseDocus 随附单证'], [/^items$/, 'DecLists 表体'],
  [/^mode$/, 'DecHead/Type 单据类型 (两步申报) 或 DeclTrnRel 报关/转关关系标志 (提前申报)'], [/^consignee\.uscc$/, 'DecHead/TradeCoScc 境内收发货人统一社会信用代码'],
];
const ITEM: Record<string, string> = {
  hsCode: 'CodeTS 商品编号', description: 'GName 商品名称', quantity: 'GQty 成交数量', unit: 'GUnit 成交计量单位', value: 'DeclTotal 总价', originCountry: 'OriginCountry 原产国',
};

export function xmlFieldName(field: string): string {
  const item = /^items\[(\d+)\]\.(\w+)$/.exec(field);
  if (item && ITEM[item[2]]) return `DecList[${Number(item[1]) + 1}]/${ITEM[item[2]]}`;
  return ELEMENTS.find(([pattern]) => pattern.test(field))?.[1] ?? field;
}
