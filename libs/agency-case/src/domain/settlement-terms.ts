/**
 * The words the case's money events share (imported by events, state and the final assessment,
 * importing nothing itself).
 */
export type RefundReason = 'over-payment' | 'case-closed' | 'final-assessment' | 'declaration-rejected';

export interface FinalSettlement {
  amount: number;
  customsValueCny: number;
  /** What the summary's assessment said, if it had values (null: it had none). */
  summaryAmount: number | null;
  paidCny: number;
  guaranteedCny: number;
  /** Of the guarantee: drawn for the duties, and released. */
  drawnOnGuarantee: number;
  guaranteeReleased: number;
  /** Still owed by the declarant after payments and the guarantee (补缴). */
  payable: number;
  /**
   * 汇总征税: the final duties settled on the holder's general guarantee like the summary's: what it
   * already took (`drawn`), the difference to draw on it (`draw`, not payable by the declarant), or
   * the part to give back to its balance when the final is lower (`release`).
   */
  generalGuarantee?: { drawn: number; draw: number; release: number };
}

/** The reference under which a guarantee's part drawn by the final assessment counts as paid. */
export const GUARANTEE_DRAW = 'guarantee-draw:';

/**
 * A guarantee lodged for this declaration (not a draw on a general guarantee, `guarantee:<id>`,
 * whose amount the holder's monthly statement pays: a final assessment leaves it as drawn).
 */
export const isDeclarationGuarantee = (s: { how: string; reference: string }) => s.how === 'guaranteed' && !s.reference.startsWith('guarantee:');
