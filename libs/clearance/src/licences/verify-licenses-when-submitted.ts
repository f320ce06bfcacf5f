import { Inject, Injectable, Logger } from '@nestjs/common';
import { DeciderRepository, DomainError, DuplicateEventIdError, EventSubscriber, type CommandContext, type RecordedEvent, type Subscriber } from '@sw/event-store';
import { declarationDateOf, LICENSE_NUMBER, licenseDecider, type LicenseState, licenseTypesOn, verifyLicenses } from '@sw/licensing';
import { CLOCK, type Clock } from '@sw/platform';
import { declarationDecider, type DeclarationEvent } from '@sw/declaration';
import { reverseLicenseWriteOffs } from './write-off-on-release';
import { DECLARATION_STREAM_PREFIX, declarationStream, licenseStream } from '@sw/shipment';

type Submitted = Extract<DeclarationEvent, { type: 'DeclarationSubmitted' }>['data'];

/**
 * The licensing context's reactions to declarations:
 *  - on submission, 监管证件核查: the licences the goods need are looked up in the register and
 *    the result is recorded on the declaration (LicensesVerified or LicenseVerificationFailed),
 *    for the declarant and every agency to see. Declarations whose goods need no licence get
 *    no event.
 *  - on withdrawal or rejection, anything written off for the declaration is given back (the
 *    release writes off first; a withdrawal that slips in before the release keeps nothing).
 * The commands carry event ids derived from the event handled, so handling it again appends nothing.
 */
@Injectable()
@EventSubscriber()
export class VerifyLicensesWhenSubmitted implements Subscriber {
  readonly name = 'license-verification';
  readonly filter = { eventTypes: ['DeclarationSubmitted', 'DeclarationWithdrawn', 'DeclarationRejected', 'DeclarationResubmitted', 'AmendmentApproved'] };
  readonly batchSize = 100;
  private readonly logger = new Logger('LicenseVerification');

  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock) {}

  async handle(events: RecordedEvent[]): Promise<void> {
    for (const event of events) {
      if (!event.streamId.startsWith(DECLARATION_STREAM_PREFIX)) continue;
      if (event.type === 'DeclarationSubmitted') await this.verify(event, event.data as Submitted);
      else if (event.type === 'DeclarationResubmitted' || event.type === 'AmendmentApproved') await this.verifyCorrected(event);
      else await this.giveBack(event);
    }
  }

  /** A corrected declaration before release: its licences are verified again for the corrected goods. */
  private async verifyCorrected(event: RecordedEvent): Promise<void> {
    const data = event.data as { declaration: Submitted['declaration']; afterRelease?: boolean; resubmittedAt?: string; decidedAt?: string };
    if (data.afterRelease) return;
    const submittedAt = data.resubmittedAt ?? data.decidedAt!;
    await this.verify(event, { declarationId: event.metadata.correlationId, declaration: data.declaration, submittedAt, requestHash: '', arrivedAt: null });
  }

  private async verify(event: RecordedEvent, data: Submitted): Promise<void> {
    const declaration = data.declaration;
    // The licence catalogues in force on the day the declaration was filed (China time).
    const types = licenseTypesOn(declarationDateOf(data.submittedAt));
    const requirements = types.requirementsFor(declaration);
    if (requirements.length === 0) return;
    const needed = new Set(requirements.map((r) => r.type));
    const licenses = new Map<string, LicenseState>();
    for (const document of declaration.documents ?? []) {
      if (!needed.has(document.code) || licenses.has(document.number) || !LICENSE_NUMBER.test(document.number)) continue;
      const { state } = await this.repository.load(licenseStream(document.number), licenseDecider);
      if (state.status !== 'none') licenses.set(document.number, state);
    }
    const declarationDate = declarationDateOf(data.submittedAt);
    const { checks, problems } = verifyLicenses(declaration, declarationDate, requirements, licenses, types);
    const stream = declarationStream(data.declarationId);
    const context = this.context(event, stream);
    await this.tolerate(() => this.repository.handle(stream, declarationDecider, { type: 'VerifyLicenses', checks, problems, declarationDate, now: context.now }, context), stream);
  }

  private async giveBack(event: RecordedEvent): Promise<void> {
    const stream = event.streamId;
    const { state } = await this.repository.load(stream, declarationDecider);
    if (!state.licenses?.checks.length || !state.declarationId) return;
    await reverseLicenseWriteOffs(this.repository, state.declarationId, state.licenses.checks, `declaration ${state.lifecycle} before its release`, (target) => this.context(event, target));
  }

  private context(cause: RecordedEvent, target: string): CommandContext {
    const now = this.clock.now();
    return { correlationId: cause.metadata.correlationId, causationId: cause.id, actor: { kind: 'system', id: 'licensing' }, now, idempotencySeed: `${cause.id}:${target}` };
  }

  /** A refusal is an answer, not a failure (the subscription must not stall on it). */
  private async tolerate(action: () => Promise<unknown>, stream: string): Promise<void> {
    try {
      await action();
    } catch (error) {
      if (error instanceof DomainError) {
        this.logger.debug(`VerifyLicenses on ${stream} refused: ${error.code}`);
        return;
      }
      if (error instanceof DuplicateEventIdError) return;
      throw error;
    }
  }
}
