import { Module } from '@nestjs/common';
import { ActOnDeclarationHandler, ReportArrivalHandler, SubmitDeclarationHandler } from './application/declaration-commands';
import { ArrivalsController } from './http/arrivals.controller';
import { DeclarationsController } from './http/declarations.controller';

/** The declaration's commands; its status view and the GET routes are the read side's (@sw/read-models). */
@Module({
  controllers: [DeclarationsController, ArrivalsController],
  providers: [SubmitDeclarationHandler, ActOnDeclarationHandler, ReportArrivalHandler],
})
export class DeclarationModule {}
