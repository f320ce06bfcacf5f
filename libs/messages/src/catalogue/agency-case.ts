import type { Catalogue } from './types';

/** An agency's case: refusals, release blockers, risk reasons and the decisions the system takes. */
export const AGENCY_CASE: Catalogue = {
  'case-not-open': ['本机构的案件尚未开立：报关单分流到本机构时开立', 'No case is open for this declaration: it opens when the declaration is routed to the agency'],
  'case-already-open': ['本机构的案件已经开立', 'The case for this declaration is already open'],
  'wrong-agency': ['这是另一机构的案件流：各机构的案件在各自的流中开立', 'This is another agency’s case stream'],
  'case-released': ['案件已放行，不能再作此决定', 'The case is already released'],
  'case-rejected': ['案件已被退回，不能再作此决定', 'The case was rejected'],
  'case-closed': ['案件已关闭（报关单已撤回）', 'The case was closed (the declaration was withdrawn)'],
  'no-examination-requested': ['本案件没有查验要求：关员以“查验”决定提出', 'No examination is requested for this case: an officer requests one with an "examine" decision'],
  'examination-already-completed': ['查验已有结果：先提出新的查验，再记录另一结果', 'The examination already has a result: request a new examination first'],
  'no-conformity-pending': ['本案件没有待定的合格评定（仅先放后检的货物有）', 'No conformity assessment is pending for this case'],
  'release-blocked': ['暂不能放行{agency@agency}案件：{blockers@blocker}', 'Cannot release the {agency@agency} case yet: {blockers@blocker}'],

  'blocker.not-assessed': ['风险评估尚未完成：请等待评估结果', 'the risk assessment has not been made yet: wait for it'],
  'blocker.held': ['案件已被扣留：只有关员的放行决定可以解除', 'the case is held: only an officer’s release decision lifts the hold'],
  'blocker.examination-pending': ['要求的查验尚未完成：请先录入查验结果', 'a required examination is not done yet: record the examination findings first'],
  'blocker.examination-failed': ['查验未通过：请扣留或退回案件，或要求重新查验', 'the examination failed: hold or reject the case, or request a new examination'],
  'blocker.awaiting-arrival': ['货物尚未运抵（提前申报）：放行须待运抵报告', 'the goods have not arrived (advance declaration): release waits for the arrival report (运抵报告)'],
  'blocker.duties-unsettled': ['税费尚未缴清：放行须待银行确认的缴款或担保', 'duties are not settled: release waits for a payment or guarantee (担保) its bank has confirmed'],
  'blocker.manifest-missing': ['提单不在该运输工具和口岸的舱单上：放行须待舱单', 'the bill of lading is on no manifest of its conveyance and port: release waits for the manifest'],
  'blocker.late-fee-unpaid': ['滞报金或滞纳金尚未缴清：放行须待银行确认的缴款', 'a late fee (滞报金 or 滞纳金) is charged and not paid: release waits for its payment, confirmed by the bank'],
  'blocker-detail.duties-unsettled': ['应缴税费 {amount} {currency} 尚未缴清：放行须待银行确认的缴款或担保', 'duties of {amount} {currency} are not settled: release waits for a payment or guarantee (担保) its bank has confirmed'],
  'blocker-detail.examination-pending': ['要求的查验（{checks@check}）尚未完成：请先录入查验结果', 'the required examination ({checks@check}) is not done yet: record the examination findings first'],

  'risk.rule': ['{descriptionZh}', '{description}'],
  'risk.rule-items': ['{descriptionZh}（第 {items} 项商品）', '{description} (items {items})'],
  'risk.rule-sampled': ['{descriptionZh}〔按 {rate} 抽样〕', '{description} [sampled at {rate}]'],
  'risk.rule-items-sampled': ['{descriptionZh}（第 {items} 项商品）〔按 {rate} 抽样〕', '{description} (items {items}) [sampled at {rate}]'],
  'risk.random-selection': ['双随机抽中：{rating@credit-rating}抽查比例 {rate}，抽签值 {draw}', 'Random selection (双随机) at {rate} for a {rating} enterprise: drew {draw}'],
  'risk.alert': ['执法互助布控（{kind@alert-subject} {value}）：{reason}', 'Enforcement alert (执法互助) on {kind} {value}: {reason}'],

  'decision.release.green-lane': ['绿色通道：放行条件均已满足', 'green lane: every release condition holds'],
  'decision.release.examination-passed': ['查验通过，放行条件均已满足', 'the examination passed and every release condition holds'],
  'decision.enforcement-notice': ['本票货物适用执法措施，有关机构将与您联系', 'an enforcement measure applies to this shipment; the agency will contact you'],
  'decision.by-alert': ['按执法互助布控 {alertId} 处置', 'taken on enforcement alert {alertId}'],
  'decision.examine.risk': ['风险布控选中查验', 'selected for examination by the risk assessment'],
  'decision.close.withdrawn': ['报关单已撤回：{reason}', 'declaration withdrawn: {reason}'],
  'decision.follow-up.non-conforming': ['合格评定结论为不合格', 'the conformity assessment found the goods non-conforming'],
};
