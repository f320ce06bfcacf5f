import { Module } from '@nestjs/common';
import { ActOnDeclarationHandler } from './act-on-declaration/act-on-declaration.handler';
import { DeclarationQueries } from './application/declaration-queries';
import { StatusChanges } from './application/status-changes';
import { DeclarationStatusProjection } from './projections/declaration-status.projection';
import { ArrivalsController } from './report-arrival/arrivals.controller';
import { ReportArrivalHandler } from './report-arrival/report-arrival.handler';
import { DeclarationsController } from './submit-declaration/declarations.controller';
import { SubmitDeclarationHandler } from './submit-declaration/submit-declaration.handler';

@Module({
  controllers: [DeclarationsController, ArrivalsController],
  providers: [SubmitDeclarationHandler, ActOnDeclarationHandler, ReportArrivalHandler, DeclarationQueries, StatusChanges, DeclarationStatusProjection],
  exports: [DeclarationQueries],
})
export class DeclarationModule {}
