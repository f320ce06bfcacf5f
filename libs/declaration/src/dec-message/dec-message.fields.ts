/**
 * 报关单报文 (DecMessage, namespace http://www.chinaport.gov.cn/dec, GACC announcements 2018 No. 67
 * and No. 185): every element the engine keeps, in the schema's order, with its printed Chinese
 * name and the kind of value it holds. The schema's own misspellings (`GrossWet`, `PromiseItmes`,
 * `EdocRealation`, `EdocFomatType`, `DeclaratioMaterialCode`) are its element names and stay.
 *
 * The JSON body carries the same elements under `message`, keyed by the element name with its
 * leading capitals lowered (`GModel` → `gModel`, `IEFlag` → `ieFlag`), values as the text sent.
 */

/** How an element's text is checked (dec-message.validation.ts). */
export type ElementKind =
  | { kind: 'text'; max: number }
  | { kind: 'decimal'; digits: number; decimals: number }
  | { kind: 'integer'; digits: number }
  | { kind: 'code'; list: CodeListName }
  | { kind: 'pattern'; pattern: RegExp; allowed: string }
  | { kind: 'one-of'; values: readonly string[] };

export type CodeListName =
  | 'customs-office' | 'country' | 'currency' | 'unit' | 'trade-mode' | 'transport-mode' | 'uscc' | 'hs'
  | 'wrap-type' | 'cut-mode' | 'duty-mode' | 'trans-mode' | 'district' | 'ciq-org' | 'promise-items';

export interface ElementSpec { name: string; zh: string; spec: ElementKind }

const text = (max: number): ElementKind => ({ kind: 'text', max });
const decimal = (digits: number, decimals: number): ElementKind => ({ kind: 'decimal', digits, decimals });
const code = (list: CodeListName): ElementKind => ({ kind: 'code', list });
const oneOf = (...values: string[]): ElementKind => ({ kind: 'one-of', values });
const DATE: ElementKind = { kind: 'pattern', pattern: /^(\d{8}|\d{4}-\d{2}-\d{2}|\d{14}|\d{16}|\d{17})$/, allowed: 'a date yyyyMMdd or yyyy-MM-dd, or a time yyyyMMddHHmmss[SS]' };
const ENTERPRISE_CODE: ElementKind = { kind: 'pattern', pattern: /^[0-9A-Z]{10}$/, allowed: '10 capital letters or digits (海关编码)' };
const MARK = oneOf('1', '2', '3');
const FLAG = oneOf('0', '1');

const e = (name: string, zh: string, spec: ElementKind): ElementSpec => ({ name, zh, spec });

/** 表头 DecHead. */
export const HEAD_ELEMENTS: readonly ElementSpec[] = [
  e('SeqNo', '统一编号', text(18)), e('IEFlag', '进出口标志', oneOf('I', 'E')), e('Type', '单据类型(业务事项)', text(7)),
  e('AgentCode', '申报单位代码', ENTERPRISE_CODE), e('AgentName', '申报单位名称', text(70)), e('ApprNo', '批准文号', text(32)),
  e('BillNo', '提运单号', text(40)), e('ContrNo', '合同协议号', text(32)), e('CustomMaster', '申报地海关', code('customs-office')),
  e('CutMode', '征免性质', code('cut-mode')), e('DataSource', '数据来源', text(10)), e('DeclTrnRel', '报关/转关关系标志', FLAG),
  e('DistinatePort', '指运港/经停港', text(6)), e('DistrictCode', '境内目的地/货源地', code('district')), e('EdiId', '报关标志', text(1)),
  e('EntryId', '海关编号', { kind: 'pattern', pattern: /^\d{18}$/, allowed: '18 digits' }), e('EntryType', '报关单类型', text(1)),
  e('FeeCurr', '运费币制', code('currency')), e('FeeMark', '运费标记', MARK), e('FeeRate', '运费/率', decimal(14, 5)),
  e('GrossWet', '毛重(千克)', decimal(14, 5)), e('IEDate', '进出口日期', DATE), e('IEPort', '进/出境关别', code('customs-office')),
  e('InputerName', '录入员姓名', text(30)), e('InsurCurr', '保险费币制', code('currency')), e('InsurMark', '保险费标记', MARK),
  e('InsurRate', '保险费/率', decimal(14, 5)), e('LicenseNo', '许可证号', text(20)), e('ManualNo', '备案号', text(12)),
  e('NetWt', '净重(千克)', decimal(14, 5)), e('NoteS', '备注', text(255)), e('OtherCurr', '杂费币制', code('currency')),
  e('OtherMark', '杂费标记', MARK), e('OtherRate', '杂费/率', decimal(14, 5)), e('OwnerCode', '消费使用/生产销售单位代码', ENTERPRISE_CODE),
  e('OwnerName', '消费使用/生产销售单位名称', text(70)), e('PackNo', '件数', { kind: 'integer', digits: 9 }), e('PartenerID', '申报人标识', text(20)),
  e('PayWay', '征税比例', text(10)), e('PaymentMark', '纳税单位', text(1)), e('PDate', '打印日期', DATE), e('PreEntryId', '预录入编号', text(18)),
  e('Risk', '风险评估参数', text(1)), e('TgdNo', '通关申请单号', text(18)), e('TradeCode', '境内收发货人代码', ENTERPRISE_CODE),
  e('TradeCountry', '启运国/运抵国', code('country')), e('TradeMode', '监管方式', code('trade-mode')), e('TradeName', '境内收发货人名称', text(70)),
  e('TrafMode', '运输方式', code('transport-mode')), e('TrafName', '运输工具名称', text(50)), e('TransMode', '成交方式', code('trans-mode')),
  e('TypistNo', '录入员IC卡号', text(13)), e('WrapType', '包装种类', code('wrap-type')), e('ChkSurety', '担保验放标志', FLAG),
  e('BillType', '备案清单类型', text(1)), e('AgentCodeScc', '申报单位统一社会信用代码', code('uscc')),
  e('CopCodeScc', '录入单位统一社会信用代码', code('uscc')), e('OwnerCodeScc', '消费使用/生产销售单位统一社会信用代码', code('uscc')),
  e('TradeCoScc', '境内收发货人统一社会信用代码', code('uscc')), e('PromiseItmes', '价格说明(特殊关系/价格影响/特许权使用费)', code('promise-items')),
  e('TradeAreaCode', '贸易国(地区)', code('country')), e('CheckFlow', '查验分流', FLAG), e('TaxAaminMark', '税收征管标记', FLAG),
  e('MarkNo', '标记唛码', text(400)), e('DespPortCode', '启运港', text(6)), e('EntyPortCode', '入境口岸/离境口岸', text(6)),
  e('GoodsPlace', '货物存放地点', text(100)), e('BLNo', 'B/L号', text(40)), e('InspOrgCode', '口岸检验检疫机关', code('ciq-org')),
  e('SpecDeclFlag', '特种业务标识', text(5)), e('PurpOrgCode', '目的地检验检疫机关', code('ciq-org')), e('DespDate', '启运日期', DATE),
  e('CmplDschrgDt', '卸毕日期', DATE), e('CorrelationReasonFlag', '关联理由', text(2)), e('VsaOrgCode', '领证机关', code('ciq-org')),
  e('OrigBoxFlag', '原集装箱标识', FLAG), e('DeclareName', '报关人员', text(30)), e('NoOtherPack', '无其他包装', FLAG),
  e('OrgCode', '检验检疫受理机关', code('ciq-org')), e('OverseasConsignorCode', '境外发货人代码', text(50)),
  e('OverseasConsignorCname', '境外发货人名称(中文)', text(150)), e('OverseasConsignorEname', '境外发货人名称(外文)', text(150)),
  e('OverseasConsignorAddr', '境外发货人地址', text(200)), e('OverseasConsigneeCode', '境外收货人代码', text(50)),
  e('OverseasConsigneeEname', '境外收货人名称(外文)', text(150)), e('DomesticConsigneeEname', '境内收发货人名称(外文)', text(150)),
  e('CorrelationNo', '关联号码', text(500)), e('EdiRemark', 'EDI申报备注', text(10)), e('EdiRemark2', 'EDI申报备注2', text(10)),
  e('TradeCiqCode', '境内收发货人检验检疫编码', { kind: 'pattern', pattern: /^\d{10}$/, allowed: '10 digits' }),
  e('OwnerCiqCode', '消费使用/生产销售单位检验检疫编码', { kind: 'pattern', pattern: /^\d{10}$/, allowed: '10 digits' }),
  e('DeclCiqCode', '申报单位检验检疫编码', { kind: 'pattern', pattern: /^\d{10}$/, allowed: '10 digits' }),
  // Elements real clients send that the 2018 list above lacks (test/fixtures/dec-message/README.md): 录入单位, 内销比率,
  // and TradeCodeScc, the name older clients give 境内收发货人's credit code (TradeCoScc in the 2018 format).
  e('CopCode', '录入单位代码', text(10)), e('CopName', '录入单位名称', text(70)), e('InRatio', '内销比率', decimal(14, 5)),
  e('TradeCodeScc', '境内收发货人统一社会信用代码(旧元素名)', code('uscc')),
];

/** 表体 DecLists/DecList: one goods line. */
export const LIST_ELEMENTS: readonly ElementSpec[] = [
  e('ClassMark', '归类标志', text(1)), e('CodeTS', '商品编号', code('hs')), e('ContrItem', '备案序号', text(19)),
  e('DeclPrice', '单价', decimal(14, 4)), e('DutyMode', '征免方式', code('duty-mode')), e('Factor', '申报计量单位与法定单位比例因子', decimal(14, 5)),
  e('GModel', '规格型号(申报要素)', text(255)), e('GName', '商品名称', text(255)), e('GNo', '项号', { kind: 'integer', digits: 2 }),
  e('OriginCountry', '原产国(地区)', code('country')), e('TradeCurr', '币制', code('currency')), e('DeclTotal', '总价', decimal(14, 2)),
  e('GQty', '成交数量', decimal(14, 5)), e('FirstQty', '法定第一数量', decimal(14, 5)), e('SecondQty', '法定第二数量', decimal(14, 5)),
  e('GUnit', '成交计量单位', code('unit')), e('FirstUnit', '法定第一计量单位', code('unit')), e('SecondUnit', '法定第二计量单位', code('unit')),
  e('UseTo', '用途', text(2)), e('WorkUsd', '工缴费', decimal(14, 2)), e('ExgNo', '货号', text(30)), e('ExgVersion', '版本号', text(8)),
  e('DestinationCountry', '最终目的国(地区)', code('country')), e('CiqCode', '检验检疫编码', { kind: 'pattern', pattern: /^\d{3}$/, allowed: '3 digits' }),
  e('DeclGoodsEname', '商品英文名称', text(100)), e('OrigPlaceCode', '原产地区代码', text(6)), e('Purpose', '用途代码', text(4)),
  e('ProdValidDt', '产品有效期', DATE), e('ProdQgp', '产品保质期', text(20)), e('GoodsAttr', '货物属性代码', text(100)),
  e('Stuff', '成份/原料/组份', text(400)), e('Uncode', 'UN编码', text(20)), e('DangName', '危险货物名称', text(80)),
  e('DangPackType', '危包类别', text(4)), e('DangPackSpec', '危包规格', text(24)), e('EngManEntCnm', '境外生产企业名称', text(100)),
  e('NoDangFlag', '非危险化学品', FLAG), e('DestCode', '目的地代码', text(8)), e('GoodsSpec', '检验检疫货物规格', text(100)),
  e('GoodsModel', '货物型号', text(100)), e('GoodsBrand', '货物品牌', text(100)), e('ProduceDate', '生产日期', text(100)),
  e('ProdBatchNo', '生产批号', text(100)), e('DistrictCode', '境内目的地/货源地', code('district')), e('CiqName', '检验检疫名称', text(100)),
  e('MnufctrRegNo', '生产单位注册号', text(100)), e('MnufctrRegName', '生产单位名称', text(100)),
];

/** The repeated sections: wrapper element (absent for EdocRealation), entry element, its elements, the JSON key, at most how many. */
export interface SectionSpec { wrapper?: string; entry: string; json: string; zh: string; max: number; elements: readonly ElementSpec[]; transit?: true }

export const SECTIONS: readonly SectionSpec[] = [
  {
    wrapper: 'DecContainers', entry: 'Container', json: 'containers', zh: '集装箱', max: 200,
    elements: [
      e('ContainerId', '集装箱号', { kind: 'pattern', pattern: /^[A-Z]{4}\d{7}$/, allowed: '4 capital letters and 7 digits (ISO 6346)' }),
      e('ContainerMd', '集装箱规格', text(2)), e('GoodsNo', '商品项号关系', text(100)), e('LclFlag', '拼箱标识', FLAG),
      e('GoodsContaWt', '集装箱货重', decimal(14, 5)), e('ContainerWt', '集装箱自重', decimal(14, 5)),
    ],
  },
  {
    wrapper: 'DecLicenseDocus', entry: 'LicenseDocu', json: 'licenseDocus', zh: '随附单证', max: 20,
    elements: [e('DocuCode', '单证代码', text(10)), e('CertCode', '单证编号', text(40))],
  },
  {
    wrapper: 'DecRequestCerts', entry: 'DecRequestCert', json: 'requestCerts', zh: '申请单证', max: 20,
    elements: [e('AppCertCode', '证书代码', text(10)), e('ApplOri', '正本数量', { kind: 'integer', digits: 3 }), e('ApplCopyQuan', '副本数量', { kind: 'integer', digits: 3 })],
  },
  {
    wrapper: 'DecOtherPacks', entry: 'DecOtherPack', json: 'otherPacks', zh: '其他包装', max: 20,
    elements: [e('PackQty', '包装件数', { kind: 'integer', digits: 9 }), e('PackType', '包装材料种类', code('wrap-type'))],
  },
  {
    wrapper: 'DecCopPromises', entry: 'DecCopPromise', json: 'copPromises', zh: '企业承诺', max: 20,
    elements: [e('DeclaratioMaterialCode', '证明/声明材料代码', text(10))],
  },
  {
    wrapper: 'DecUsers', entry: 'DecUser', json: 'users', zh: '使用人', max: 20,
    elements: [e('UseOrgPersonCode', '使用单位联系人', text(30)), e('UseOrgPersonTel', '使用单位联系电话', text(30))],
  },
  // 转关 (transit) blocks, written after DecSign (see TRN_HEAD_ELEMENTS).
  {
    wrapper: 'TrnContainers', entry: 'TrnContainer', json: 'trnContainers', zh: '转关集装箱', max: 200, transit: true,
    elements: [
      e('ContaNo', '集装箱号', text(11)), e('ContaSn', '集装箱序号', text(4)), e('ContaModel', '集装箱规格', text(2)),
      e('SealNo', '电子关锁号', text(32)), e('TransName', '境内运输工具名称', text(50)), e('TransWeight', '运输工具实际重量', decimal(14, 5)),
    ],
  },
  {
    wrapper: 'TrnContaGoodsList', entry: 'TrnContaGoods', json: 'trnContaGoods', zh: '转关集装箱商品', max: 1000, transit: true,
    elements: [e('ContaNo', '集装箱号', text(11)), e('ContaGoodsCount', '商品件数', { kind: 'integer', digits: 9 }), e('ContaGoodsWeight', '商品重量', decimal(14, 5)), e('GNo', '商品序号', { kind: 'integer', digits: 2 })],
  },
  {
    entry: 'EdocRealation', json: 'attachments', zh: '随附单据(电子)', max: 50,
    elements: [
      e('EdocID', '文件名/随附单据编号', text(64)), e('EdocCode', '随附单证类别', text(8)), e('EdocFomatType', '随附单据格式类型', text(2)),
      e('OpNote', '操作说明', text(255)), e('EdocCopId', '随附单据文件企业名', text(64)), e('EdocOwnerCode', '所属单位海关编号', text(10)),
      e('SignUnit', '签名单位代码', text(10)), e('SignTime', '签名时间', DATE), e('EdocOwnerName', '所属单位名称', text(100)),
      e('EdocSize', '随附单据文件大小', { kind: 'integer', digits: 12 }),
    ],
  },
];

/** Single (not repeated) sections after the lines: 其他事项 (free text) and the signature block. */
export const FREE_TEXT_ELEMENTS: readonly ElementSpec[] = [
  e('RelId', '关联报关单', text(18)), e('RelManNo', '关联备案', text(12)), e('BonNo', '监管仓号', text(32)),
  e('VoyNo', '航次号', text(32)), e('DecBpNo', '报关员联系方式', text(32)), e('CusFie', '货场代码', text(8)), e('DecNo', '报关员号', text(10)),
];

export const SIGN_ELEMENTS: readonly ElementSpec[] = [
  e('OperType', '操作类型', oneOf('G', 'C')), e('ICCode', '操作员IC卡号', text(13)), e('CopCode', '操作企业代码', text(10)),
  e('OperName', '操作员姓名', text(30)), e('ClientSeqNo', '客户端编号', { kind: 'pattern', pattern: /^[\x21-\x7e]{1,64}$/, allowed: '1 to 64 visible ASCII characters' }),
  e('Sign', '签名', text(4000)), e('SignDate', '签名日期', DATE), e('Certificate', '证书号', text(200)), e('HostId', '邮箱ID', text(20)),
  e('BillSeqNo', '清单统一编号', text(18)), e('DomainId', '域ID', text(20)), e('Note', '备注', text(255)),
];

/**
 * 转关 (transit: 转关提前报关单, DeclTrnRel 1) blocks after DecSign: TrnHead (转关单表头), TrnList (进出境运输),
 * TrnContainers and TrnContaGoodsList, with the element set a public broker client's DecMessage writer
 * (Odoo, test/fixtures/dec-message/README.md) gives them. Kept and given back; the engine reads none of them.
 */
export const TRN_HEAD_ELEMENTS: readonly ElementSpec[] = [
  e('ContractorName', '承运单位名称', text(70)), e('ContractorCode', '承运单位组织机构代码', text(10)), e('ESealFlag', '是否启用电子关锁', FLAG),
  e('NativeTrafMode', '境内运输方式', text(1)), e('NativeShipName', '境内运输工具名称', text(50)), e('NativeVoyageNo', '境内运输工具航次', text(32)),
  e('TrnPreId', '转关单统一编号', text(18)), e('TransNo', '载货清单号(南方模式)', text(20)), e('TransFlag', '转关类型', text(2)),
  e('TrafCustomsNo', '境内运输工具编号', text(32)), e('TurnNo', '转关申报单号', text(18)), e('ValidTime', '预计运抵指运地时间', DATE),
  e('Notes', '备注', text(255)), e('TrnType', '转关单类型', text(1)), e('ApplCodeScc', '转关申报单位统一社会信用代码', code('uscc')),
];

export const TRN_LIST_ELEMENTS: readonly ElementSpec[] = [
  e('BillNo', '提单号', text(40)), e('IEDate', '实际进出境日期', DATE), e('ShipId', '进出境运输工具编号', text(32)),
  e('ShipNameEn', '进出境运输工具名称', text(50)), e('TrafMode', '进出境运输方式', text(1)), e('VoyageNo', '进出境运输工具航次', text(32)),
];

/** `GModel` → `gModel`, `IEFlag` → `ieFlag`, `EdocID` → `edocID`: the leading run of capitals lowered (but the one a word starts with). */
export function jsonName(element: string): string {
  const run = /^[A-Z]+/.exec(element)?.[0] ?? '';
  if (run.length <= 1) return element.charAt(0).toLowerCase() + element.slice(1);
  const keep = run.length < element.length && /[a-z]/.test(element.charAt(run.length)) ? run.length - 1 : run.length;
  return element.slice(0, keep).toLowerCase() + element.slice(keep);
}

/**
 * 许可证信息 DecList/DecGoodsLimits/DecGoodsLimit and its vehicles DecGoodsLimitVin (element set as a public
 * broker client's DecMessage template writes it: test/fixtures/dec-message/README.md). LicTypeCode and
 * LicenceNo are the licence the line is declared under; the engine checks them as it checks `documents`.
 */
export const GOODS_LIMIT_ELEMENTS: readonly ElementSpec[] = [
  e('GoodsNo', '商品序号', text(9)), e('LicTypeCode', '许可证类别代码', text(3)), e('LicenceNo', '许可证编号', text(40)),
  e('LicWrtofDetailNo', '许可证核销明细序号', text(9)), e('LicWrtofQty', '许可证核销数量', decimal(14, 5)),
];

export const GOODS_LIMIT_VIN_ELEMENTS: readonly ElementSpec[] = [
  e('LicenceNo', '许可证编号', text(40)), e('LicTypeCode', '许可证类别代码', text(3)), e('VinNo', 'VIN序号', text(9)),
  e('BillLadDate', '提/运单日期', DATE), e('QualityQgp', '质量保质期', text(20)), e('MotorNo', '发动机号或电机号', text(40)),
  e('VinCode', '车辆识别代码(VIN)', text(17)), e('ChassisNo', '底盘(车架)号', text(40)), e('InvoiceNum', '发票所列数量', decimal(14, 5)),
  e('ProdCnnm', '品名(中文名称)', text(100)), e('ProdEnnm', '品名(英文名称)', text(100)), e('ModelEn', '型号(英文)', text(100)),
  e('PricePerUnit', '单价', decimal(14, 4)),
];

/** At most this many licences a goods line, and vehicles a licence. */
export const MAX_GOODS_LIMITS = 20;
export const MAX_GOODS_LIMIT_VINS = 100;
