import type { Catalogue } from './types';

/** 舱单 and 运输工具出入境: carriers' manifests, arrivals against them, and border check's crossings. */
export const MANIFEST: Catalogue = {
  'unknown-manifest': ['没有这份舱单', 'There is no such manifest'],
  'manifest-already-filed': ['该舱单已申报：请提交舱单变更', 'This manifest is already filed: amend it instead'],
  'manifest-arrived': ['该舱单的运输工具已于 {arrivedAt} 运抵：舱单变更只能在运抵前提出', 'The conveyance of this manifest arrived ({arrivedAt}): a manifest is amended only before arrival'],
  'bill-of-lading-repeated': ['一份舱单中每份提单只能列一次：{billsOfLading} 重复', 'A manifest lists each bill of lading once: {billsOfLading} appear more than once'],
  'bill-of-lading-on-another-manifest': ['提单 {billOfLading} 已列入另一份舱单：一份提单只能列入一份舱单（请变更该舱单）', 'Bill of lading {billOfLading} is already on another manifest: a bill is on one manifest only (amend that one)'],
  'arrival-port-not-manifested': ['该提单的舱单列明的是另一口岸：运抵报告须在舱单所列口岸提交', 'The bill of lading is manifested for another port: an arrival is reported at the manifest’s port'],
  'arrival-conveyance-not-manifested': ['该提单的舱单列明的是另一运输工具', 'The bill of lading is manifested on another conveyance'],
  'agency-not-allowed': ['本机构不能作此决定：运输工具出入境由边检决定', 'Conveyance crossings are decided by border check (边检)'],
  'unknown-crossing': ['没有这次运输工具出入境申报', 'There is no such crossing'],
  'crossing-already-declared': ['该运输工具出入境已申报', 'This crossing is already declared'],
  'empty-crossing-with-declarations': ['空载的运输工具不能载有报关单', 'An empty conveyance carries no declarations'],
  'crossing-closed': ['该出入境已办结：任何决定都不能再改变它', 'The crossing is over: no decision changes it'],
  'crossing-not-cleared': ['该出入境尚未放行：卡口只对已放行的出入境放行', 'The crossing is not cleared: the gate opens on a cleared crossing'],
  // Why border check's worklist shows a crossing held (运输工具申报待处置).
  'crossing-hold.alert': ['命中执法互助布控 {alertId}（{subject@alert-subject}：{value}）：{reason}', 'Enforcement alert {alertId} on the {subject@alert-subject} {value}: {reason}'],
  'crossing-hold.officer': ['边检关员扣留：{reason}', 'Held by a border officer: {reason}'],
  'alert-subject.crew': ['司乘人员证件', 'crew member’s document'],
};
