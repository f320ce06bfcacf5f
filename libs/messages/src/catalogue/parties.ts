import type { Catalogue } from './types';

/** 代理报关委托: the powers of attorney a client gives its customs broker, and filing for another enterprise. */
export const PARTIES: Catalogue = {
  'power-of-attorney-required': ['没有有效的代理报关委托涵盖此申报：请委托企业出具或延长委托', 'No power of attorney in force covers this filing: the client must issue or extend one'],
  'consignee-not-declarant': ['企业只能申报自己的货物；代他人申报须以报关企业身份登录', 'An enterprise declares its own goods; to file for another enterprise, sign in as its customs broker'],
  'no-power-of-attorney': ['该企业未向本报关企业出具代理报关委托', 'The client has given this broker no power of attorney'],
  'power-of-attorney-exists': ['代理报关委托 {powerOfAttorney} 已出具', 'Power of attorney {powerOfAttorney} was already issued'],
  'power-of-attorney-unknown': ['没有这份代理报关委托', 'There is no such power of attorney'],
  'power-of-attorney-revoked': ['代理报关委托 {powerOfAttorney} 已于 {revokedAt} 撤销', 'Power of attorney {powerOfAttorney} was revoked on {revokedAt}'],
  'power-of-attorney-not-yet-valid': ['代理报关委托 {powerOfAttorney} 尚未生效：自 {validFrom} 起有效', 'Power of attorney {powerOfAttorney} is not yet valid: it is valid from {validFrom}'],
  'power-of-attorney-expired': ['代理报关委托 {powerOfAttorney} 已过期：有效期至 {validUntil}', 'Power of attorney {powerOfAttorney} has expired: it was valid until {validUntil}'],
  'power-of-attorney-direction': ['代理报关委托 {powerOfAttorney} 只涵盖{directions@direction}，不涵盖{direction@direction}', 'Power of attorney {powerOfAttorney} covers {directions@direction} only, not {direction@direction}'],
  'power-of-attorney-office': ['代理报关委托 {powerOfAttorney} 只涵盖申报地海关 {customsOffices}，不涵盖 {customsOffice}', 'Power of attorney {powerOfAttorney} covers the customs offices {customsOffices} only, not {customsOffice}'],
};
