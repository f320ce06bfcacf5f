import { Module } from '@nestjs/common';
import { ActOnDeclarationHandler, ReportArrivalHandler, SubmitDeclarationHandler } from './application/declaration-commands';
import { DeclarationQueries } from './application/declaration-queries';
import { StatusChanges } from './application/status-changes';
import { ArrivalsController } from './http/arrivals.controller';
import { DeclarationsController } from './http/declarations.controller';
import { DeclarationStatusProjection } from './projections/declaration-status.projection';

@Module({
  controllers: [DeclarationsController, ArrivalsController],
  providers: [SubmitDeclarationHandler, ActOnDeclarationHandler, ReportArrivalHandler, DeclarationQueries, StatusChanges, DeclarationStatusProjection],
  exports: [DeclarationQueries],
})
export class DeclarationModule {}
