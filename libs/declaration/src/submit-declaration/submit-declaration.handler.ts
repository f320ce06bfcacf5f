import { ForbiddenException, Inject, Optional } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, canonicalJson, deterministicEventId } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { consigneeOf, declarationStream, type DeclarationBody } from '@sw/shipment';
import { createHash, randomUUID } from 'node:crypto';
import { FILING_AUTHORITY, type FilingAuthority } from '../application/filing-authority';
import { CustomsNumbers } from '../customs-numbers/customs-numbers';
import { declarationDecider } from '../domain/declaration.decider';
import { routeDeclaration } from '../domain/routing';
import { SubmitDeclaration, type SubmitResult } from './submit-declaration.command';

export const requestHash = (body: unknown) => createHash('sha256').update(canonicalJson(body)).digest('hex');

@CommandHandler(SubmitDeclaration)
export class SubmitDeclarationHandler implements ICommandHandler<SubmitDeclaration, SubmitResult> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock, private readonly numbers: CustomsNumbers,
    @Optional() @Inject(FILING_AUTHORITY) private readonly authority?: FilingAuthority,
  ) {}

  async execute({ declaration, principal, idempotencyKey }: SubmitDeclaration): Promise<SubmitResult> {
    // 两步申报 and 汇总征税 are not open to a 失信 enterprise.
    if (referenceData().creditRating(consigneeOf(declaration).uscc) === 'discredited' && (declaration.mode === 'two-step' || declaration.settlement === 'consolidated')) {
      const field = declaration.mode === 'two-step' ? 'mode' : 'settlement';
      throw new DomainError('not-eligible', `${consigneeOf(declaration).uscc} is a 失信 (discredited) enterprise: ${field === 'mode' ? 'two-step declaration (两步申报)' : 'consolidated tax (汇总征税)'} is not open to it`,
        { errors: [{ field, message: 'not open to a discredited enterprise' }] });
    }
    if (principal.role === 'broker') await this.requireAuthority(declaration);
    const hash = requestHash(declaration);
    // With an Idempotency-Key the declaration id and event ids derive from it, so retries (even
    // concurrent ones) land on the same stream and the store keeps the first.
    const id = idempotencyKey ? deterministicEventId('declaration', principal.uscc!, idempotencyKey) : randomUUID();
    const stream = declarationStream(id);
    const routing = routeDeclaration(declaration, referenceData());
    // Goods reported before they were declared are found by the clearance process (one place finds
    // arrivals: its arrivals table, in the log's order), which records the arrival on the declaration.
    const context = commandContext(principal, { correlationId: id, clock: this.clock, idempotencySeed: idempotencyKey ? `${id}:${hash}` : undefined });
    // 海关编号 on acceptance: in the event itself, so every replay and every reader has the same one.
    const number = await this.numbers.assign(id, declaration.customsOffice, declaration.direction, context.now);
    try {
      const result = await this.repository.handle(stream, declarationDecider, { type: 'Submit', declarationId: id, number, declaration, requestHash: hash, arrivedAt: null, routing, now: context.now }, context, { newStream: !idempotencyKey });
      // Concurrent retries under one key append the same event ids: the store keeps the first and
      // finds it for the others, whose own number was never written. The stored event's number is the one.
      const stored = idempotencyKey ? await this.numbers.numberOf(id) : undefined;
      return { id, number: stored ?? number, status: 'submitted', revision: result.revision, replayed: false };
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'already-submitted') || !idempotencyKey) throw error;
      const { state, events } = await this.repository.load(stream, declarationDecider);
      if (state.requestHash !== hash) {
        throw new DomainError('idempotency-key-reused', 'This Idempotency-Key was already used with another body');
      }
      const first = events[0].metadata.causationId;
      const revision = events.filter((e) => e.metadata.causationId === first).at(-1)!.revision;
      return { id, number: state.number ?? number, status: 'submitted', revision, replayed: true };
    }
  }

  /** 代理报关: a broker files only under a power of attorney in force that covers the declaration; the 403 names what is missing. */
  private async requireAuthority(declaration: DeclarationBody): Promise<void> {
    const principal = declaration.consignee!.uscc;
    const answer = this.authority
      ? await this.authority.check({ principal, agent: declaration.declarant.uscc, direction: declaration.direction, customsOffice: declaration.customsOffice, at: this.clock.now() })
      : { covered: false as const, missing: [{ field: 'consignee.uscc', code: 'no-power-of-attorney', message: 'powers of attorney are not available on this server' }] };
    if (answer.covered) return;
    throw new ForbiddenException({
      message: `No power of attorney (代理报关委托) in force from ${principal} covers this declaration: ${answer.missing.map((m) => m.message).join('; ')}`,
      code: 'power-of-attorney-required',
      errors: answer.missing.map(({ field, message, code, params }) => ({ field, message, code, ...(params ? { params } : {}) })),
    });
  }
}
