import type { Catalogue } from './types';

/** The joint examination (联合查验): selection, appointments, findings. */
export const EXAMINATION: Catalogue = {
  'no-checks': ['请至少列出一种查验项目', 'Name at least one check kind'],
  'unknown-check': ['未知的查验项目：{checks}', 'Unknown check kind: {checks}'],
  'duplicate-check': ['查验项目重复：{checks@check}', 'A check kind is named more than once: {checks@check}'],
  'unknown-agency': ['未知的机构', 'Unknown agency'],
  'declaration-required': ['请注明查验所针对的报关单', 'Name the declaration the examination is for'],
  'wrong-declaration': ['这是另一份报关单的查验', 'This is the examination of another declaration'],
  'reason-required': ['请说明理由', 'Give a reason'],
  'examination-completed': ['查验已完成，不再接受新的选查', 'The examination is completed'],
  'no-examination': ['该货物没有安排查验（须先由机构选查）', 'No examination is scheduled for this shipment'],
  'invalid-slot': ['预约时段无效：须有有效的起止时间，且结束晚于开始', 'The slot needs a valid start and an end after it'],
  'slot-in-past': ['预约时段已过，请预约将来的时段', 'The slot starts in the past: book a future slot'],
  'slot-too-far': ['预约时段太远', 'The slot is too far ahead'],
  'booked-by-required': ['请说明由谁预约：企业（统一社会信用代码）或关员', 'Say who books the appointment'],
  'invalid-location': ['查验地点不能为空白', 'The location cannot be blank'],
  'appointment-booked-by-officer': ['该查验由关员预约：如需改期请联系机构', 'The examination was booked by an officer: ask the agency to move it'],
  'no-findings': ['请至少录入一项查验结果', 'Record at least one finding'],
  'invalid-result': ['查验结果只能是“通过”或“未通过”', 'A finding’s result is "pass" or "fail"'],
  'invalid-source': ['查验结果来源须为机构或注明名称的第三方实验室', 'The source of a finding is an agency or a named third-party lab'],
  'finding-not-own': ['关员只能录入本机构的查验结果（{check@check}）', 'An officer records the own agency’s findings only ({check@check})'],
  'check-not-required': ['本机构未要求这些查验项目：{checks@check}', 'These checks are not required: {checks@check}'],
  'check-already-satisfied': ['这些查验项目已经满足，不再重复：{checks@check}', 'These checks are already satisfied: {checks@check}'],
  'check-already-failed': ['这些查验项目已判定未通过，结论不变：{checks@check}', 'These checks already failed: {checks@check}'],
  'agency-not-participating': ['该机构未参与本次查验：须先选查', 'The agency does not take part in this examination'],
  'officer-required': ['须由具名关员操作', 'A named officer is required'],
};
