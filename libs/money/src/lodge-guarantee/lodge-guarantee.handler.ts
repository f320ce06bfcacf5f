import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError } from '@sw/event-store';
import { CLOCK, commandContext, setCorrelationId, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { guaranteeStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { chinaDate, generalGuaranteeDecider } from '../domain/general-guarantee';
import { LodgeGuarantee } from './lodge-guarantee.command';

@CommandHandler(LodgeGuarantee)
export class LodgeGuaranteeHandler implements ICommandHandler<LodgeGuarantee, { id: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async execute({ terms, principal }: LodgeGuarantee) {
    // 汇总征税 is not open to a 失信 enterprise. Who else may use it, and how an AEO advanced enterprise
    // comes first: 《中华人民共和国海关注册登记和备案企业信用管理办法》 (海关总署令第251号), measures for
    // 高级认证企业: "(三)优先办理进出口货物通关手续及相关业务手续" — its cases come first on the worklists
    // (casePriority in @sw/agency-case) — and "(五)可以向海关申请免除担保", a waiver customs grants on
    // application ("按照总署有关规定执行"), not modelled: every holder's declarations are drawn on a
    // guarantee a bank lodged. (GACC announcement 2017 No. 45 on 汇总征税 itself was not found to cite.)
    if (referenceData().creditRating(terms.holder) === 'discredited') {
      throw new DomainError('holder-not-eligible', `Enterprise ${terms.holder} is a 失信 (discredited) enterprise: consolidated tax against a general guarantee is not open to it`, { errors: [{ field: 'holder', message: 'a discredited enterprise is not eligible' }] });
    }
    if (terms.validUntil < chinaDate(this.clock.now())) {
      throw new DomainError('guarantee-expired', `A guarantee valid until ${terms.validUntil} covers nothing any more`, { errors: [{ field: 'validUntil', message: 'must be today or later' }] });
    }
    const guaranteeId = randomUUID();
    const stream = guaranteeStream(guaranteeId);
    setCorrelationId(stream);
    const context = commandContext(principal, { correlationId: stream, clock: this.clock });
    const result = await this.repository.handle(stream, generalGuaranteeDecider, { type: 'LodgeGuarantee', guaranteeId, ...terms, bank: principal.bank!, now: context.now }, context, { newStream: true });
    return { id: guaranteeId, revision: result.revision };
  }
}
