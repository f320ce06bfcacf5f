import type { Catalogue } from './types';

/** Correcting a declaration: amendments (修改申请), returns for correction (退单) and requests for information (补充申报). */
export const CORRECTIONS: Catalogue = {
  'amendment-pending': ['已有修改申请待海关审核：审核后方可再提出', 'An amendment is already waiting for customs: it is decided before another is asked for'],
  'amendment-stale': ['提出申请后报关单已变化，请重新申请', 'The declaration changed since this amendment was asked for: ask again'],
  'amendment-decided': ['该修改申请已审核', 'This amendment was already decided'],
  'amendment-after-release': ['放行后只能修改价格和数量', 'After release only values and quantities may be amended'],
  'amendment-empty': ['修改申请没有改变任何内容', 'The amendment changes nothing'],
  'amendment-invalid': ['修改后的报关单不符合要求', 'The amended declaration is not valid'],
  'unknown-amendment': ['没有这项修改申请', 'There is no such amendment'],
  'declaration-returned': ['报关单已退回修改，请修改后重新申报', 'The declaration was returned: resubmit it corrected'],
  'not-returned': ['只有退回修改的报关单才能重新申报', 'Only a returned declaration is resubmitted'],
  'resubmission-declarant': ['申报单位、申报方式和进出口方向不能改变', 'The declarant, mode and direction stay as first declared'],
  'unknown-request': ['没有这项补充申报要求', 'There is no such request for information'],
  'request-answered': ['该要求已答复', 'This request was already answered'],
};
