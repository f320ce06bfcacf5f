import { Global, Module } from '@nestjs/common';
import { CustomsNumbers, DECLARATIONS_BY_TRANSPORT } from '@sw/declaration';
import { AgencyWorklistController } from './agency-worklist/agency-worklist.controller';
import { AgencyWorklistProjection } from './agency-worklist/agency-worklist.projection';
import { AgencyWorklistQueries } from './agency-worklist/agency-worklist.queries';
import { ClearanceMetrics } from './clearance-times/clearance-metrics';
import { ClearanceTimesProjection } from './clearance-times/clearance-times.projection';
import { MetricsController } from './clearance-times/metrics.controller';
import { ClearanceReports } from './clearance-times/clearance-report';
import { OversightAlarmFeed, OversightAlarmWatch } from './clearance-times/oversight-alarms';
import { OversightController } from './clearance-times/oversight.controller';
import { PortFeesController } from './port-fees/port-fees.controller';
import { PortFeesProjection } from './port-fees/port-fees.projection';
import { PortFeesQueries } from './port-fees/port-fees.queries';
import { DeclarationStatusProjection } from './declaration-status/declaration-status.projection';
import { DeclarationStatusQueries } from './declaration-status/declaration-status.queries';
import { DeclarationsQueryController } from './declaration-status/declarations-query.controller';
import { ExaminationsQueryController } from './declaration-status/examinations-query.controller';
import { StatusChanges } from './declaration-status/status-changes';
import { DeclarationMessageController } from './declaration-message/declaration-message.controller';
import { CrossingsWorklistController } from './crossings/crossings.controller';
import { CrossingsProjection } from './crossings/crossings.projection';
import { CrossingsQueries } from './crossings/crossings.queries';

/**
 * The read side: every read model's projection, queries and GET routes. Global, because it binds
 * DECLARATIONS_BY_TRANSPORT for the command side below it (the arrival report, the gate). The case
 * view reads the agencies' cases too (AgencyCasesModule, bound by the application).
 */
@Global()
@Module({
  controllers: [DeclarationMessageController, DeclarationsQueryController, ExaminationsQueryController, AgencyWorklistController, MetricsController, OversightController, PortFeesController, CrossingsWorklistController],
  providers: [
    DeclarationStatusProjection, DeclarationStatusQueries, StatusChanges, CustomsNumbers, { provide: DECLARATIONS_BY_TRANSPORT, useExisting: DeclarationStatusQueries },
    AgencyWorklistProjection, AgencyWorklistQueries,
    ClearanceTimesProjection, ClearanceMetrics, ClearanceReports, OversightAlarmWatch, OversightAlarmFeed,
    PortFeesProjection, PortFeesQueries,
    CrossingsProjection, CrossingsQueries,
  ],
  exports: [DeclarationStatusQueries, DECLARATIONS_BY_TRANSPORT, ClearanceTimesProjection],
})
export class ReadModelsModule {}
