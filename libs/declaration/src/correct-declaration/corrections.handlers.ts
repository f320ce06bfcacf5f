import { BadRequestException, Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError, type RecordedEvent } from '@sw/event-store';
import { CLOCK, commandContext, flattenValidationErrors, type Clock, type Principal } from '@sw/platform';
import { referenceData } from '@sw/reference-data';
import { declarationStream } from '@sw/shipment';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { isDeclarant } from '../act-on-declaration/act-on-declaration.handler';
import { FIELD_REFUSALS, type AmendmentChanges } from '../domain/corrections';
import { declarationDecider, type DeclarationCommand, type DeclarationState } from '../domain/declaration.decider';
import { routeDeclaration } from '../domain/routing';
import { toBody } from '../submit-declaration/declarations.controller';
import { requestHash } from '../submit-declaration/submit-declaration.handler';
import { SubmitDeclarationRequest } from '../submit-declaration/submit-declaration.dto';
import { RequestAmendment, ResubmitDeclaration, RespondToRequest } from './corrections.commands';
import { CorrectionKey, sameContent } from './idempotent-correction';

type Without<C> = C extends unknown ? Omit<C, 'now'> : never;

/** One path for the declarant's corrections: its own declaration (else 404), the decider, bad input as 400 naming the field. */
abstract class CorrectionHandler {
  constructor(protected readonly repository: DeciderRepository, protected readonly clock: Clock) {}

  protected async load(declarationId: string, principal: Principal): Promise<{ state: DeclarationState; events: RecordedEvent[] }> {
    const { state, events } = await this.repository.load(declarationStream(declarationId), declarationDecider);
    if (!isDeclarant(state, principal)) throw new NotFoundException(`No declaration ${declarationId}`);
    return { state, events };
  }

  /**
   * Decides the command; under an Idempotency-Key its events' ids derive from the key, and a
   * refusal is checked against what a concurrent retry under the same key appended meanwhile
   * (`replay`: that request's answer, or null).
   */
  protected async decide(declarationId: string, command: Without<DeclarationCommand>, principal: Principal, key?: CorrectionKey, replay?: (events: RecordedEvent[]) => unknown) {
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock, ...(key ? { idempotencySeed: key.seed } : {}) });
    try {
      const result = await this.repository.handle(declarationStream(declarationId), declarationDecider, { ...command, now: context.now } as DeclarationCommand, context);
      return { result, version: result.state.version };
    } catch (error) {
      if (key && replay && error instanceof DomainError) {
        const answer = replay((await this.repository.load(declarationStream(declarationId), declarationDecider)).events);
        if (answer) return { replayed: answer };
      }
      if (error instanceof DomainError && FIELD_REFUSALS.has(error.code)) {
        throw new BadRequestException({ message: error.message, code: error.code, errors: error.details?.errors ?? [] });
      }
      throw error;
    }
  }
}

/**
 * 修改申请: the changes laid over the declaration are validated as a whole declaration is (the
 * same rules as POST /v1/declarations), each error named under `changes.`.
 */
@CommandHandler(RequestAmendment)
export class RequestAmendmentHandler extends CorrectionHandler implements ICommandHandler<RequestAmendment> {
  constructor(repository: DeciderRepository, @Inject(CLOCK) clock: Clock) { super(repository, clock); }

  async execute({ declarationId, reason, changes, principal, idempotencyKey }: RequestAmendment) {
    const { state, events } = await this.load(declarationId, principal);
    const merged = plainToInstance(SubmitDeclarationRequest, JSON.parse(JSON.stringify({ ...state.declaration, ...changes })) as object);
    const errors = flattenValidationErrors(await validate(merged, { whitelist: true, forbidNonWhitelisted: true }))
      .filter((e) => Object.keys(changes).includes(e.field.split(/[.[]/)[0]!))
      .map((e) => ({ field: `changes.${e.field}`, message: e.message }));
    if (errors.length) throw new BadRequestException({ message: 'The amended declaration is not valid', code: 'amendment-invalid', errors: errors.slice(0, 100) });
    const normalized = toBody(merged) as unknown as Record<string, unknown>;
    const amendment = Object.fromEntries(Object.keys(changes).map((key) => [key, normalized[key]])) as AmendmentChanges;
    const key = idempotencyKey ? new CorrectionKey(declarationId, principal, idempotencyKey) : undefined;
    const replay = (stored: RecordedEvent[]) => {
      const earlier = key?.earlier(stored, 'AmendmentRequested', (data) => sameContent({ reason: data.reason, changes: data.changes }, { reason, changes: amendment }));
      return earlier && { amendmentId: earlier.event.data.amendmentId, status: 'pending', version: earlier.state.version, replayed: true };
    };
    const first = replay(events);
    if (first) return first;
    const amendmentId = key ? key.id('amendment') : randomUUID();
    const decided = await this.decide(declarationId, { type: 'RequestAmendment', amendmentId, reason, changes: amendment }, principal, key, replay);
    if ('replayed' in decided) return decided.replayed;
    return { amendmentId, status: 'pending', version: decided.version };
  }
}

/** 退单 answered: the whole corrected body, routed again on the reference data. */
@CommandHandler(ResubmitDeclaration)
export class ResubmitDeclarationHandler extends CorrectionHandler implements ICommandHandler<ResubmitDeclaration> {
  constructor(repository: DeciderRepository, @Inject(CLOCK) clock: Clock) { super(repository, clock); }

  async execute({ declarationId, declaration, principal, idempotencyKey }: ResubmitDeclaration) {
    const { events } = await this.load(declarationId, principal);
    const hash = requestHash(declaration);
    const key = idempotencyKey ? new CorrectionKey(declarationId, principal, idempotencyKey) : undefined;
    const replay = (stored: RecordedEvent[]) => {
      const earlier = key?.earlier(stored, 'DeclarationResubmitted', (data) => data.requestHash === hash);
      return earlier && { id: declarationId, status: 'submitted', version: earlier.state.version, revision: earlier.revision, replayed: true };
    };
    const first = replay(events);
    if (first) return first;
    const routing = routeDeclaration(declaration, referenceData());
    const decided = await this.decide(declarationId, { type: 'Resubmit', declaration, requestHash: hash, routing }, principal, key, replay);
    if ('replayed' in decided) return decided.replayed;
    return { id: declarationId, status: 'submitted', version: decided.version, revision: decided.result.revision };
  }
}

@CommandHandler(RespondToRequest)
export class RespondToRequestHandler extends CorrectionHandler implements ICommandHandler<RespondToRequest> {
  constructor(repository: DeciderRepository, @Inject(CLOCK) clock: Clock) { super(repository, clock); }

  async execute({ declarationId, requestId, note, documents, principal, idempotencyKey }: RespondToRequest) {
    const { events } = await this.load(declarationId, principal);
    const key = idempotencyKey ? new CorrectionKey(declarationId, principal, idempotencyKey) : undefined;
    const replay = (stored: RecordedEvent[]) => {
      const earlier = key?.earlier(stored, 'InformationProvided', (data) => sameContent({ requestId: data.requestId, note: data.note, documents: data.documents }, { requestId, note, documents }));
      return earlier && { requestId, status: 'answered', replayed: true };
    };
    const first = replay(events);
    if (first) return first;
    const decided = await this.decide(declarationId, { type: 'Respond', requestId, note, documents }, principal, key, replay);
    if ('replayed' in decided) return decided.replayed;
    return { requestId, status: 'answered' };
  }
}
