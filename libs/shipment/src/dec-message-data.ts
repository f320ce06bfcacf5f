/**
 * 报关单报文的全部数据项: every element of the client's DecMessage, as the text sent, keyed by the
 * element's JSON name (`GModel` → `gModel`). The JSON body carries it as `message`; a declaration
 * that came as XML holds the whole message here, and its `GET` as XML is written back from it.
 */
export interface DecMessageData {
  /** The root's `version` attribute, when sent. */
  version?: string;
  /** 表头 DecHead. */
  head: Record<string, string>;
  /** 表体 DecLists/DecList, one per goods line, in the order of `items`. */
  items: Record<string, string>[];
  /** 集装箱 DecContainers/Container. */
  containers?: Record<string, string>[];
  /** 随附单证 DecLicenseDocus/LicenseDocu (the same as `documents`). */
  licenseDocus?: Record<string, string>[];
  requestCerts?: Record<string, string>[];
  otherPacks?: Record<string, string>[];
  copPromises?: Record<string, string>[];
  users?: Record<string, string>[];
  /** 随附单据 EdocRealation: the attachments' metadata. */
  attachments?: Record<string, string>[];
  /** 其他事项 DecFreeTxt. */
  freeText?: Record<string, string>;
  /** DecSign: the operator's signature block (OperType, ClientSeqNo …). */
  sign?: Record<string, string>;
  /** 转关: TrnHead, TrnList, TrnContainers/TrnContainer, TrnContaGoodsList/TrnContaGoods (kept as sent). */
  trnHead?: Record<string, string>;
  trnList?: Record<string, string>;
  trnContainers?: Record<string, string>[];
  trnContaGoods?: Record<string, string>[];
  /**
   * 许可证信息 DecList/DecGoodsLimits/DecGoodsLimit: a licence a goods line is declared under (the
   * line by its index in `items`), with its vehicles (DecGoodsLimitVin) for a licence per vehicle.
   */
  goodsLimits?: DecGoodsLimitData[];
}

/** One DecGoodsLimit of a goods line: `line` is its DecList's index in `items`. */
export interface DecGoodsLimitData {
  line: number;
  limit: Record<string, string>;
  vins?: Record<string, string>[];
}
