import { Injectable } from '@nestjs/common';
import { declarationDecider } from '@sw/declaration';
import { DeciderRepository } from '@sw/event-store';
import { jointExaminationDecider, type ExaminationState } from '@sw/examination';
import type { ExaminationOutcome, ShipmentFacts } from '@sw/fees';
import { declarationStream, examinationStream } from '@sw/shipment';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 免除查验没有问题外贸企业吊装移位仓储费: an examination found nothing when every participating agency's result passed. */
export function examinationOutcome(state: ExaminationState): ExaminationOutcome {
  if (state.status === 'none') return 'none';
  if (state.status !== 'completed') return 'open';
  return Object.values(state.results ?? {}).every((result) => result === 'passed') ? 'found-nothing' : 'found-something';
}

/** What a port charge knows of its shipment, read from the declaration's and the examination's streams (consistent, not a projection). */
@Injectable()
export class ShipmentFactsFromStreams implements ShipmentFacts {
  constructor(private readonly repository: DeciderRepository) {}

  async facts(declarationId: string) {
    if (!UUID.test(declarationId)) return null;
    const { state } = await this.repository.load(declarationStream(declarationId), declarationDecider);
    if (!state.declaration) return null;
    const { state: examination } = await this.repository.load(examinationStream(declarationId), jointExaminationDecider);
    return { portOfEntry: state.declaration.portOfEntry, examination: examinationOutcome(examination) };
  }
}
