import { Module } from '@nestjs/common';
import { ReadModelsModule } from '@sw/read-models';
import { ShipmentAudit } from './application/shipment-audit';
import { AuditController } from './http/audit.controller';
import { CheckpointSigner } from './proof/checkpoint-signer';
import { ProofController } from './proof/proof.controller';
import { ProofTables } from './proof/proof.tables';
import { ReleaseProofs } from './proof/release-proof';
import { SigningKeys } from './proof/signing-keys';

@Module({
  imports: [ReadModelsModule],
  controllers: [AuditController, ProofController],
  providers: [ShipmentAudit, ProofTables, SigningKeys, CheckpointSigner, ReleaseProofs],
  exports: [ShipmentAudit, SigningKeys, CheckpointSigner],
})
export class AuditModule {}
