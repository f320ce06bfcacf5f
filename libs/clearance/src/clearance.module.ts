import { Module, type DynamicModule } from '@nestjs/common';
import { AGENCY_POLICIES, AgencyCases, type AgencyPolicies } from '@sw/agency-case';
import { ClearanceProcess } from './application/clearance.process';
import { DeadlineScheduler } from './application/deadline-scheduler';
import { AgencyWorklistProjection } from './application/worklist.projection';
import { AssessConformityHandler } from './assess-conformity/assess-conformity.handler';
import { BookAppointmentHandler } from './book-appointment/book-appointment.handler';
import { LiftAlertHandler } from './lift-alert/lift-alert.handler';
import { GateController } from './pass-gate/gate.controller';
import { PassGateHandler } from './pass-gate/pass-gate.handler';
import { AlertsController } from './raise-alert/alerts.controller';
import { RaiseAlertHandler } from './raise-alert/raise-alert.handler';
import { AgenciesController } from './record-decision/agencies.controller';
import { RecordDecisionHandler } from './record-decision/record-decision.handler';
import { ExaminationsController } from './record-findings/examinations.controller';
import { RecordFindingsHandler } from './record-findings/record-findings.handler';

const COMMAND_HANDLERS = [RecordDecisionHandler, AssessConformityHandler, RaiseAlertHandler, LiftAlertHandler, RecordFindingsHandler, BookAppointmentHandler, PassGateHandler];

/** The clearance process and the agencies' cases; the agencies' policies are the application's to bind. */
@Module({})
export class ClearanceModule {
  static register(policies: AgencyPolicies): DynamicModule {
    return {
      module: ClearanceModule,
      controllers: [AgenciesController, GateController, ExaminationsController, AlertsController],
      providers: [{ provide: AGENCY_POLICIES, useValue: policies }, AgencyCases, ClearanceProcess, DeadlineScheduler, AgencyWorklistProjection, ...COMMAND_HANDLERS],
      exports: [AgencyCases],
    };
  }
}
