import { Global, Module } from '@nestjs/common';
import { DECLARATIONS_BY_TRANSPORT } from '@sw/declaration';
import { DeclarationStatusProjection } from './declaration-status/declaration-status.projection';
import { DeclarationStatusQueries } from './declaration-status/declaration-status.queries';
import { DeclarationsQueryController } from './declaration-status/declarations-query.controller';
import { ExaminationsQueryController } from './declaration-status/examinations-query.controller';
import { StatusChanges } from './declaration-status/status-changes';

/**
 * The read side: every read model's projection, queries and GET routes. Global, because it binds
 * DECLARATIONS_BY_TRANSPORT for the command side below it (the arrival report, the gate).
 */
@Global()
@Module({
  controllers: [DeclarationsQueryController, ExaminationsQueryController],
  providers: [DeclarationStatusProjection, DeclarationStatusQueries, StatusChanges, { provide: DECLARATIONS_BY_TRANSPORT, useExisting: DeclarationStatusQueries }],
  exports: [DeclarationStatusQueries, DECLARATIONS_BY_TRANSPORT],
})
export class ReadModelsModule {}
