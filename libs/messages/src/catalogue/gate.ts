import type { Catalogue } from './types';

/**
 * 卡口验放: why the gate stays shut (POST /v1/gate/passes, `reasonMessages`), and the words those
 * sentences name: a crossing's (运输工具申报) status, a declaration's lifecycle the vocabulary lacks.
 */
export const GATE: Catalogue = {
  'gate.nothing-awaits-exit': ['{conveyance} 在 {portOfEntry} 没有待出卡口的报关单，也未申报运输工具', 'no declaration awaits exit for {conveyance} at {portOfEntry}, and no crossing is declared for it'],
  'gate.crossing-not-assessed': ['运输工具申报 {crossing} {status@crossing-status}：边检尚未审核，卡口须待通关放行后开启', 'crossing {crossing} is {status@crossing-status} (border check has not assessed it yet): the gate opens on a cleared crossing'],
  'gate.crossing-not-cleared': ['运输工具申报 {crossing} {status@crossing-status}：卡口须待通关放行后开启', 'crossing {crossing} is {status@crossing-status}: the gate opens on a cleared crossing'],
  'gate.declaration-not-released': ['报关单 {declaration} 尚未放行（{status@lifecycle}）：{blockers@blocker-label}', 'declaration {declaration} is not released ({status@lifecycle}): {blockers@blocker-label}'],
  'crossing-status.declared': ['已申报', 'declared'],
  'crossing-status.held': ['被边检扣留', 'held'],
  'crossing-status.refused': ['不予通行', 'refused'],
  'crossing-status.cleared': ['已放行', 'cleared'],
  'crossing-status.exited': ['已出卡口', 'exited'],
  'lifecycle.returned': ['已退回修改', 'returned'],
  'lifecycle.none': ['无此报关单', 'unknown'],
};
