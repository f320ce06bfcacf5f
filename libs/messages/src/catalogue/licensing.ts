import type { Catalogue } from './types';

/** 监管证件: licences and certificates, their register and their verification. */
export const LICENSING: Catalogue = {
  'license-exists': ['该许可证已登记', 'The licence is already registered'],
  'license-not-found': ['许可证未登记', 'No such licence is registered'],
  'already-revoked': ['许可证已被撤销', 'The licence was already revoked'],
  'write-off-reversed': ['该报关单的核销已被冲回', 'The write-off of this declaration was reversed'],
  'license-revoked': ['许可证已被撤销', 'The licence was revoked'],
  'license-expired': ['许可证已过有效期', 'The licence has expired'],
  'license-not-yet-valid': ['许可证尚未生效', 'The licence is not yet valid'],
  'commodity-not-covered': ['许可证不涵盖所申报的商品', 'The licence does not cover the goods'],
  'unit-mismatch': ['许可证的计量单位与申报不符', 'The licence is counted in another unit'],
  'license-type-mismatch': ['许可证类型不符', 'The licence is of another type'],
};
