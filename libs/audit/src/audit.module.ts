import { Module } from '@nestjs/common';
import { ClearanceMetrics } from './application/clearance-metrics';
import { ShipmentAudit } from './application/shipment-audit';
import { AuditController } from './http/audit.controller';
import { MetricsController } from './http/metrics.controller';
import { ClearanceTimesProjection } from './projections/clearance-times.projection';

@Module({
  controllers: [AuditController, MetricsController],
  providers: [ShipmentAudit, ClearanceMetrics, ClearanceTimesProjection],
  exports: [ShipmentAudit, ClearanceTimesProjection],
})
export class AuditModule {}
