import type { Catalogue } from './types';

/**
 * 报关单报文: a broker's software sends the declaration as its DecMessage. The refusal in the
 * DecImportResponse names the element; these are the codes' sentences (X-Problem-Code).
 */
export const CLIENT_MESSAGE: Catalogue = {
  'message-not-xml': ['报关单报文须以 application/xml 发送', 'Send the DecMessage as application/xml'],
  'not-your-declaration': ['申报单位统一社会信用代码 (DecHead/AgentCodeScc) 必须是令牌所属企业', 'The declarant (DecHead/AgentCodeScc) must be the token’s enterprise'],
  'message-invalid': ['报文校验未通过：请按各项说明改正', 'The message did not pass validation: correct each element named'],
  'message-structure': ['报文结构不符合 DecMessage：元素不在应在的位置', 'The message’s elements are not where DecMessage puts them'],
  'message-oper-type': ['DecSign/OperType 必须为 G（暂存）或 C（申报）', 'DecSign/OperType must be G (stage, 暂存) or C (declare, 申报)'],
  'message-client-seq-no': ['DecSign/ClientSeqNo 必填：1 至 64 位可见 ASCII 字符', 'DecSign/ClientSeqNo is required: 1 to 64 visible ASCII characters'],
  'message-too-large': ['报文过大', 'The message is too large'],
  'message-not-utf8': ['报文不是有效的 UTF-8 编码', 'The message is not valid UTF-8'],
  'message-encoding': ['报文声明的编码不受支持，请使用 UTF-8', 'The declared encoding is not supported: send UTF-8'],
  'message-too-many-elements': ['报文元素过多', 'The message has too many elements'],
  'message-too-deep': ['报文嵌套层数过多', 'The message nests too deep'],
  'xml-doctype': ['报文不得含有 DOCTYPE 或实体声明', 'The message must not carry a DOCTYPE or entity declarations'],
  'xml-entity': ['报文含有未定义的实体引用', 'The message uses an entity reference other than the five predefined ones'],
  'xml-character': ['报文含有不允许的字符引用', 'The message holds a character reference that is not an XML character'],
  'xml-malformed': ['报文不是格式正确的 XML', 'The message is not well-formed XML'],
  'message-complete-declaration': ['完整申报（DecHead/Type 第三位为 6）须在其概要申报上提交，不能作为新报文申报', 'A complete declaration (DecHead/Type position 3 is 6) is filed on its summary declaration, not sent as a new message'],
};
