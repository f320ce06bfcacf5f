import { Module } from '@nestjs/common';
import { ShipmentAudit } from './application/shipment-audit';
import { AuditController } from './http/audit.controller';

@Module({
  controllers: [AuditController],
  providers: [ShipmentAudit],
  exports: [ShipmentAudit],
})
export class AuditModule {}
