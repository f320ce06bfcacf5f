import type { Catalogue } from './types';

/**
 * Short labels the consoles show beside longer sentences, shared with the server rather than kept
 * console-side: `blocker-label.<code>`, what still holds a declaration at the gate (卡口), one per
 * release blocker and per state the gate reports; `consolidated.<status|code>`, how duties under
 * 汇总征税 stand against the enterprise's general guarantee.
 */
export const LABELS: Catalogue = {
  'blocker-label.not-assessed': ['风险评估尚未完成', 'risk assessment not made yet'],
  'blocker-label.held': ['已扣留：须关员放行', 'held: an officer must release it'],
  'blocker-label.examination-pending': ['查验尚未完成', 'examination not done yet'],
  'blocker-label.examination-failed': ['查验未通过', 'examination failed'],
  'blocker-label.awaiting-arrival': ['货物尚未运抵（运抵报告）', 'goods not arrived (运抵报告)'],
  'blocker-label.duties-unsettled': ['税费未缴清（待银行确认）', 'duties not settled (bank confirmation)'],
  'blocker-label.manifest-missing': ['提运单未列入该运输工具、该口岸的舱单', 'bill of lading on no manifest (舱单) of this conveyance and port'],
  'blocker-label.late-fee-unpaid': ['滞报金或滞纳金未缴清', 'late fee (滞报金/滞纳金) not paid'],
  'blocker-label.awaiting-officer': ['待关员决定', 'an officer’s decision'],
  'blocker-label.not-released': ['尚未放行', 'not released yet'],
  'blocker-label.unknown-declaration': ['无此报关单', 'no such declaration'],
  'blocker-label.declaration-withdrawn': ['报关单已撤回', 'declaration withdrawn'],
  'blocker-label.declaration-rejected': ['报关单已退单', 'declaration rejected'],
  'blocker-label.declaration-returned': ['报关单已退回修改', 'declaration returned for correction'],
  'consolidated.drawn': ['已从总担保扣减', 'Drawn on your general guarantee'],
  'consolidated.waiting': ['等待总担保额度', 'Waiting for a general guarantee'],
  'consolidated.no-guarantee': ['您尚无有效的总担保：请银行提交总担保，或直接缴纳税款。', 'No general guarantee is lodged for you: your bank lodges one, or pay the duties.'],
  'consolidated.insufficient-balance': ['总担保余额不足以扣减本票税款：月度汇总缴款经银行确认、额度恢复后将自动重新扣减。', 'Your general guarantee’s balance does not cover these duties: it is drawn again when the monthly statement’s payment restores the balance.'],
  'consolidated.guarantee-expired': ['您的总担保已过期：请银行重新提交总担保，或直接缴纳税款。', 'Your general guarantee has expired: your bank lodges a new one, or pay the duties.'],
  'consolidated.not-the-holder': ['没有可用于您的总担保：请银行提交总担保，或直接缴纳税款。', 'No general guarantee of yours can be used: your bank lodges one, or pay the duties.'],
};
