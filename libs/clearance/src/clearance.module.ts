import { Module } from '@nestjs/common';
import { AgencyCases } from './application/agency-cases';
import { ClearanceProcess } from './application/clearance.process';
import { DeadlineScheduler } from './application/deadline-scheduler';
import { AgencyWorklistProjection } from './application/worklist.projection';
import { AgenciesController } from './http/agencies.controller';
import { AlertsController } from './http/alerts.controller';
import { ExaminationsController } from './http/examinations.controller';
import { GateController } from './http/gate.controller';

@Module({
  controllers: [AgenciesController, GateController, ExaminationsController, AlertsController],
  providers: [AgencyCases, ClearanceProcess, DeadlineScheduler, AgencyWorklistProjection],
  exports: [AgencyCases],
})
export class ClearanceModule {}
