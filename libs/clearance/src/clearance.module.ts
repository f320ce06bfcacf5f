import { Module } from '@nestjs/common';
import { AssessConformityHandler } from './assess-conformity/assess-conformity.handler';
import { BookAppointmentHandler } from './book-appointment/book-appointment.handler';
import { DecideAmendmentHandler } from './decide-amendment/decide-amendment.handler';
import { VerifyLicensesWhenSubmitted } from './licences/verify-licenses-when-submitted';
import { InstructSettlementHandler } from './instruct-settlement/instruct-settlement.handler';
import { SettlementsController } from './instruct-settlement/settlements.controller';
import { LiftAlertHandler } from './lift-alert/lift-alert.handler';
import { GateController } from './pass-gate/gate.controller';
import { PassGateHandler } from './pass-gate/pass-gate.handler';
import { ClearanceTables } from './process/clearance.tables';
import { DeadlineScheduler } from './process/deadline-scheduler';
import { ClearanceProcess } from './process/runner';
import { AlertsController } from './raise-alert/alerts.controller';
import { RaiseAlertHandler } from './raise-alert/raise-alert.handler';
import { AgenciesController } from './record-decision/agencies.controller';
import { RecordDecisionHandler } from './record-decision/record-decision.handler';
import { ExaminationsController } from './record-findings/examinations.controller';
import { RecordFindingsHandler } from './record-findings/record-findings.handler';

const COMMAND_HANDLERS = [RecordDecisionHandler, AssessConformityHandler, RaiseAlertHandler, LiftAlertHandler, RecordFindingsHandler, BookAppointmentHandler, PassGateHandler, InstructSettlementHandler, DecideAmendmentHandler];

/**
 * The clearance process (its reactions, runner and tables), licences at submission and release,
 * deadlines, and the officers', gate's and alerts' use cases. The agencies' cases come from
 * AgencyCasesModule, which the application binds to the policies.
 */
@Module({
  controllers: [AgenciesController, GateController, ExaminationsController, AlertsController, SettlementsController],
  providers: [ClearanceTables, ClearanceProcess, VerifyLicensesWhenSubmitted, DeadlineScheduler, ...COMMAND_HANDLERS],
})
export class ClearanceModule {}
