import type { Catalogue } from './types';

/**
 * Reasons the server gives in a view beside its English sentence: why a declaration is routed to
 * an agency (`agencies.<agency>.routingReasonMessages`), why its licences (监管证件) failed
 * (`licenses.reasonMessage`; each problem's own `reason` is a code of the licensing part), and the
 * hold the process puts on a case while the declarant answers a request for information (补充申报).
 */
export const REASONS: Catalogue = {
  'routing.customs-always': ['海关对每一份报关单办理通关', 'customs acts on every declaration'],
  'routing.inspection-list': ['{hsCode}：列入法定检验检疫目录（{category}，HS {prefix}，监管条件 {condition}）', '{hsCode}: on the inspection list ({category}, HS {prefix}, condition {condition})'],
  'routing.summary-inspection': ['概要申报声明货物涉检', 'the summary declares goods subject to inspection (涉检)'],
  'routing.land-border': ['运输工具 {conveyance} 经陆路边境出入境（{mode}）', 'the conveyance {conveyance} crosses a land border ({mode})'],
  'decision.hold.information-requested': ['要求补充申报，待答复后由关员放行：{request}', 'information requested (补充申报): {request}'],
  'licence.verification-failed': ['监管证件核验未通过：第 {items} 项商品（见各项原因）', 'Licence verification failed for item(s) {items} (see each item’s reason)'],
  'licence.write-off-failed': ['监管证件 {licences} 未能核销（第 {items} 项商品）：报关单暂不放行，请核实证件后联系海关', 'Licence {licences} could not be written off (item(s) {items}): the declaration is not released; check the licence and contact customs'],
};
