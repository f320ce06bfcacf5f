import { Inject, Injectable } from '@nestjs/common';
import { DeciderRepository, type CommandContext, type Decider, type HandleOptions } from '@sw/event-store';
import { AGENCIES, caseStream, type Agency } from '@sw/shipment';
import { agencyCaseDecider } from './domain/agency-case.decider';
import type { AgencyCaseCommand, AgencyCaseEvent } from './domain/agency-case.events';
import type { AgencyCaseState } from './domain/agency-case.state';
import type { AgencyPolicy } from './domain/agency-policy';

/**
 * The three agencies' policies, bound by the application (it imports @sw/customs, @sw/inspection
 * and @sw/border; nothing below it does).
 */
export const AGENCY_POLICIES = 'AGENCY_POLICIES';
export type AgencyPolicies = Readonly<Record<Agency, AgencyPolicy>>;

/** One way to load and decide any agency's case: the same plumbing, each agency's own policy. */
@Injectable()
export class AgencyCases {
  private readonly deciders: Record<Agency, Decider<AgencyCaseState, AgencyCaseCommand, AgencyCaseEvent>>;

  constructor(private readonly repository: DeciderRepository, @Inject(AGENCY_POLICIES) readonly policies: AgencyPolicies) {
    this.deciders = Object.fromEntries(AGENCIES.map((agency) => [agency, agencyCaseDecider(policies[agency])])) as AgencyCases['deciders'];
  }

  decider(agency: Agency) {
    return this.deciders[agency];
  }

  load(agency: Agency, declarationId: string) {
    return this.repository.load(caseStream(agency, declarationId), this.deciders[agency]);
  }

  handle(agency: Agency, declarationId: string, command: AgencyCaseCommand, context: CommandContext) {
    return this.repository.handle(caseStream(agency, declarationId), this.deciders[agency], command, context);
  }

  /** Several commands to one case, decided but not appended (DeciderRepository.decideAll). */
  decideAll(agency: Agency, declarationId: string, commands: AgencyCaseCommand[], context: CommandContext, options?: HandleOptions) {
    return this.repository.decideAll(caseStream(agency, declarationId), this.deciders[agency], commands, context, options);
  }

  /** Several commands to one case, appended together (DeciderRepository.handleAll). */
  handleAll(agency: Agency, declarationId: string, commands: AgencyCaseCommand[], context: CommandContext, options?: HandleOptions) {
    return this.repository.handleAll(caseStream(agency, declarationId), this.deciders[agency], commands, context, options);
  }
}
