import type { Catalogue } from './types';

/** 执法互助: enforcement alerts. */
export const ALERTS: Catalogue = {
  'invalid-alert-subject': ['布控对象无效', 'The alert’s subject is not valid'],
  'alert-already-raised': ['该布控已发布：请发布新的布控', 'The alert was already raised'],
  'alert-id-required': ['布控须有编号', 'An alert needs an id'],
  'invalid-alert-action': ['布控处置只能是“扣留”或“查验”', 'An alert either holds ("hold") or sends to examination ("examine")'],
  'alert-not-active': ['该布控已撤销', 'The alert was already lifted'],
  'alert-of-another-agency': ['该布控由其他机构发布：只有发布机构的关员可以撤销', 'The alert was raised by another agency: only its officers lift it'],
};
