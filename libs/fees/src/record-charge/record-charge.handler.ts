import { Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DeciderRepository, DomainError } from '@sw/event-store';
import { CLOCK, commandContext, type Clock } from '@sw/platform';
import { chinaDate, feeCatalogueStream, portChargesStream } from '@sw/shipment';
import { randomUUID } from 'node:crypto';
import { catalogueInForce, feeCatalogueDecider } from '../domain/fee-catalogue';
import { portChargesDecider, type RecordedCharge } from '../domain/port-charge';
import { SHIPMENT_FACTS, type ShipmentFacts } from '../shipment-facts';
import { RecordCharge } from './record-charge.command';

@CommandHandler(RecordCharge)
export class RecordChargeHandler implements ICommandHandler<RecordCharge, RecordedCharge & { declarationId: string; revision: number }> {
  constructor(private readonly repository: DeciderRepository, @Inject(CLOCK) private readonly clock: Clock, @Inject(SHIPMENT_FACTS) private readonly shipments: ShipmentFacts) {}

  async execute({ declarationId, code, quantity, amount, principal }: RecordCharge) {
    const facts = await this.shipments.facts(declarationId);
    if (!facts) throw new NotFoundException(`No declaration ${declarationId}`);
    const stream = portChargesStream(declarationId);
    const context = commandContext(principal, { correlationId: declarationId, clock: this.clock });
    // The catalogue in force that day (China's day, on the engine's clock).
    const { state: catalogues } = await this.repository.load(feeCatalogueStream(facts.portOfEntry), feeCatalogueDecider);
    const catalogue = catalogueInForce(catalogues, chinaDate(context.now));
    const result = await this.repository.handle(stream, portChargesDecider, {
      type: 'RecordPortCharge', chargeId: randomUUID(), port: facts.portOfEntry, code, quantity, amount, catalogue, examination: facts.examination,
      chargedBy: principal.subject, now: context.now,
    }, context);
    const [event] = result.events;
    if (event.type === 'PortChargeRefused') {
      const refused = event.data;
      // Kept for oversight (the refused-charges list), and answered as the conflict it is.
      throw new DomainError(refused.reason, refused.message, { chargeId: refused.chargeId, ...(refused.maxAmount !== undefined ? { maxAmount: refused.maxAmount, currency: refused.currency } : {}) });
    }
    return { declarationId, ...event.data, revision: result.revision };
  }
}
