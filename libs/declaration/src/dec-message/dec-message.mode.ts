import type { DecMessageData } from '@sw/shipment';

/**
 * The declaration mode a message states (test/fixtures/dec-message/README.md, "Modes"):
 * - DecHead/Type (单据类型), third position: 5 新模式概要申报 (两步申报's summary) → two-step;
 *   6 新模式完整申报 (its complete declaration) is filed on the summary (POST …/complete), not as a new message;
 *   0 or empty 整合申报一次录入 → standard.
 * - DeclTrnRel (报关/转关关系标志) 1 转关提前报关单, or EdiId (报关标志) 3/5 北方/南方转关提前: lodged before
 *   the goods arrive → advance (提前申报).
 */
export type MessageMode = 'standard' | 'advance' | 'two-step' | 'two-step-complete';

/** The third position of DecHead/Type (the first two are a business type or empty, sent as spaces or a placeholder). */
export function typeStep(type: string | undefined): string | undefined {
  return type !== undefined && type.length >= 3 ? type.charAt(2) : undefined;
}

export function modeOfMessage(message: DecMessageData): MessageMode {
  const h = message.head;
  const step = typeStep(h.type);
  if (step === '5') return 'two-step';
  if (step === '6') return 'two-step-complete';
  if (h.declTrnRel === '1' || h.ediId === '3' || h.ediId === '5') return 'advance';
  return 'standard';
}

/**
 * 两步申报's summary answers (涉证 / 涉检 / 涉税) as the message states them: a licence on a line or
 * among the documents (涉证); an inspection authority or a CIQ code (涉检); a line not wholly exempt
 * (征免方式 other than 3 全免: 涉税).
 */
export function summaryOfMessage(message: DecMessageData): { licenseRequired: boolean; inspectionRequired: boolean; dutiable: boolean } {
  const h = message.head;
  const filled = (v: string | undefined) => v !== undefined && v !== '';
  return {
    licenseRequired: (message.goodsLimits ?? []).length > 0 || (message.licenseDocus ?? []).some((d) => filled(d.certCode)) || filled(h.licenseNo),
    inspectionRequired: filled(h.inspOrgCode) || filled(h.orgCode) || message.items.some((l) => filled(l.ciqCode)),
    dutiable: message.items.length === 0 || message.items.some((l) => l.dutyMode !== '3'),
  };
}
