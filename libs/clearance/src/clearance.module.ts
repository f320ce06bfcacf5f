import { Module, type DynamicModule } from '@nestjs/common';
import { AGENCY_POLICIES, AgencyCases, type AgencyPolicies } from '@sw/agency-case';
import { VerifyLicensesWhenSubmitted } from './licences/verify-licenses-when-submitted';
import { ClearanceTables } from './process/clearance.tables';
import { ClearanceProcess } from './process/runner';
import { DeadlineScheduler } from './process/deadline-scheduler';
import { AgenciesController } from './http/agencies.controller';
import { AlertsController } from './http/alerts.controller';
import { ExaminationsController } from './http/examinations.controller';
import { GateController } from './http/gate.controller';

/** The clearance process and the agencies' cases; the agencies' policies are the application's to bind. */
@Module({})
export class ClearanceModule {
  static register(policies: AgencyPolicies): DynamicModule {
    return {
      module: ClearanceModule,
      controllers: [AgenciesController, GateController, ExaminationsController, AlertsController],
      providers: [{ provide: AGENCY_POLICIES, useValue: policies }, AgencyCases, ClearanceTables, ClearanceProcess, VerifyLicensesWhenSubmitted, DeadlineScheduler],
      exports: [AgencyCases],
    };
  }
}
