import { Module } from '@nestjs/common';
import { VerifyLicensesWhenSubmitted } from './licences/verify-licenses-when-submitted';
import { ClearanceTables } from './process/clearance.tables';
import { ClearanceProcess } from './process/runner';
import { DeadlineScheduler } from './process/deadline-scheduler';
import { AgenciesController } from './http/agencies.controller';
import { AlertsController } from './http/alerts.controller';
import { ExaminationsController } from './http/examinations.controller';
import { GateController } from './http/gate.controller';

/** The clearance process, the gate, alerts and the agencies' decisions (the cases' policies: AgencyCasesModule, bound by the application). */
@Module({
  controllers: [AgenciesController, GateController, ExaminationsController, AlertsController],
  providers: [ClearanceTables, ClearanceProcess, VerifyLicensesWhenSubmitted, DeadlineScheduler],
})
export class ClearanceModule {}
