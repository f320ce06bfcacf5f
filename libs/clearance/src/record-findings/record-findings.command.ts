import type { FindingInput } from '@sw/examination';
import type { Principal } from '@sw/platform';

/** An officer records its agency's findings; a check passed by one agency is recognized for the others (监管互认). */
export class RecordFindings {
  constructor(readonly declarationId: string, readonly findings: FindingInput[], readonly principal: Principal) {}
}
