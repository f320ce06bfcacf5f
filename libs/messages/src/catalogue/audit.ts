import type { Catalogue } from './types';

/** The audit trail: signed checkpoints and the proofs drawn from them. */
export const AUDIT: Catalogue = {
  'no-checkpoint': ['尚未签署检查点：有事件后每隔 CHECKPOINT_INTERVAL 秒签署一次', 'No checkpoint has been signed yet: one is signed every CHECKPOINT_INTERVAL seconds once events exist'],
};
