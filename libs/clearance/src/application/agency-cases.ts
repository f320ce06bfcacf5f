import { Injectable } from '@nestjs/common';
import { DeciderRepository, type CommandContext, type Decider, type HandleOptions } from '@sw/event-store';
import { borderPolicy } from '@sw/border';
import { customsPolicy } from '@sw/customs';
import { inspectionPolicy } from '@sw/inspection';
import { agencyCaseDecider, caseStream, type Agency, type AgencyCaseCommand, type AgencyCaseEvent, type AgencyCaseState, type AgencyPolicy } from '../domain/agency-case';

/** One way to load and decide any agency's case: the same plumbing, each agency's own policy. */
@Injectable()
export class AgencyCases {
  readonly policies: Record<Agency, AgencyPolicy> = { customs: customsPolicy, inspection: inspectionPolicy, border: borderPolicy };
  private readonly deciders: Record<Agency, Decider<AgencyCaseState, AgencyCaseCommand, AgencyCaseEvent>> = {
    customs: agencyCaseDecider(this.policies.customs),
    inspection: agencyCaseDecider(this.policies.inspection),
    border: agencyCaseDecider(this.policies.border),
  };

  constructor(private readonly repository: DeciderRepository) {}

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
