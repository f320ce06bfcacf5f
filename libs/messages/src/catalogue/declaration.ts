import type { Catalogue } from './types';

/** The declaration, its arrival, and the engine clock of the development environment. */
export const DECLARATION: Catalogue = {
  'not-submitted': ['没有这份报关单', 'There is no such declaration'],
  'already-submitted': ['该报关单已申报', 'This declaration was already submitted'],
  'already-declared': ['该报关单已申报：暂存的报文不能再替换它', 'This declaration was declared already: a staged copy can no longer replace it'],
  'complete-header-differs': ['完整申报的表头与概要申报不一致：修改表头须提出修改申请', 'The complete declaration’s header differs from the summary declaration’s: a header is changed by an amendment'],
  'not-two-step': ['只有两步申报的报关单才需补充完整申报；这份已完整申报', 'Only a two-step declaration is completed afterwards'],
  'already-filed': ['完整申报已提交', 'The complete declaration was already filed'],
  'already-released': ['货物已放行，不能再作此操作', 'The goods are already released'],
  'not-released': ['货物尚未放行', 'The goods are not released'],
  'declaration-none': ['没有这份报关单', 'There is no such declaration'],
  'declaration-submitted': ['报关单已申报', 'The declaration was submitted'],
  'declaration-released': ['报关单已放行', 'The declaration was released'],
  'declaration-exited': ['货物已离开监管区', 'The goods have left'],
  'declaration-rejected': ['报关单已被退回，不再作出决定', 'The declaration was rejected'],
  'declaration-withdrawn': ['报关单已撤回，不再作出决定', 'The declaration was withdrawn'],
  'not-eligible': ['失信企业不能适用两步申报或汇总征税', 'A discredited enterprise may not use this procedure'],
  'idempotency-key-reused': ['此幂等键已用于另一份请求内容', 'This Idempotency-Key was already used with another body'],
  'arrival-in-future': ['运抵时间比引擎时钟晚一天以上', 'arrivedAt is more than a day ahead of the engine clock'],
  'arrival-too-old': ['运抵时间过早：运抵报告应在货物运抵时提交', 'arrivedAt is too long ago: an arrival is reported when the goods come in'],
  'arrival-already-reported': ['该提单的运抵已报告；运抵报告不以另一份报告更正', 'This arrival was already reported'],
  'clock-not-advanced': ['时钟只能向前：请给出正的时长', 'The clock only moves forward: give a positive duration'],
  'clock-too-far': ['开发时钟最多提前十年', 'The dev clock may run at most ten years ahead'],
};
