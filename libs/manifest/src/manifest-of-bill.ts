import { Injectable } from '@nestjs/common';
import { DeciderRepository } from '@sw/event-store';
import { billOfLadingStream, manifestStream, type ManifestOfBill } from '@sw/shipment';
import { billRegisterDecider } from './domain/bill-register';
import { arrivalMisfit, manifestDecider } from './domain/manifest';

/** The manifest a bill of lading is on, read from its streams (no projection lag): what the arrival report checks. */
@Injectable()
export class ManifestOfBillFromStreams implements ManifestOfBill {
  constructor(private readonly repository: DeciderRepository) {}

  async arrivalMisfit(billOfLading: string, arrival: { portOfEntry: string; conveyance: string }) {
    const { state: register } = await this.repository.load(billOfLadingStream(billOfLading), billRegisterDecider);
    if (!register.manifestId) return null;
    const { state } = await this.repository.load(manifestStream(register.manifestId), manifestDecider);
    return state.header ? arrivalMisfit(state.header, arrival) : null;
  }
}
