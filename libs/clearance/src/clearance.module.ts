import { Module, type DynamicModule } from '@nestjs/common';
import { AGENCY_POLICIES, AgencyCases, type AgencyPolicies } from '@sw/agency-case';
import { ClearanceProcess } from './application/clearance.process';
import { DeadlineScheduler } from './application/deadline-scheduler';
import { AgencyWorklistProjection } from './application/worklist.projection';
import { AgenciesController } from './record-decision/agencies.controller';
import { AlertsController } from './raise-alert/alerts.controller';
import { ExaminationsController } from './record-findings/examinations.controller';
import { GateController } from './pass-gate/gate.controller';

/** The clearance process and the agencies' cases; the agencies' policies are the application's to bind. */
@Module({})
export class ClearanceModule {
  static register(policies: AgencyPolicies): DynamicModule {
    return {
      module: ClearanceModule,
      controllers: [AgenciesController, GateController, ExaminationsController, AlertsController],
      providers: [{ provide: AGENCY_POLICIES, useValue: policies }, AgencyCases, ClearanceProcess, DeadlineScheduler, AgencyWorklistProjection],
      exports: [AgencyCases],
    };
  }
}
