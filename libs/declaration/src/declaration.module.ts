import { Module } from '@nestjs/common';
import { CustomsNumbers } from './customs-numbers/customs-numbers';
import { ActOnDeclarationHandler } from './act-on-declaration/act-on-declaration.handler';
import { CorrectionsController } from './correct-declaration/corrections.controller';
import { RequestAmendmentHandler, ResubmitDeclarationHandler, RespondToRequestHandler } from './correct-declaration/corrections.handlers';
import { ArrivalsController } from './report-arrival/arrivals.controller';
import { ReportArrivalHandler } from './report-arrival/report-arrival.handler';
import { DeclarationsController } from './submit-declaration/declarations.controller';
import { SubmitDeclarationHandler } from './submit-declaration/submit-declaration.handler';
import { SubmitMessageController } from './submit-message/submit-message.controller';
import { StageMessageHandler } from './submit-message/stage-message.handler';

/** The declaration's commands; its status view and the GET routes are the read side's (@sw/read-models). */
@Module({
  controllers: [DeclarationsController, ArrivalsController, SubmitMessageController, CorrectionsController],
  providers: [CustomsNumbers, SubmitDeclarationHandler, ActOnDeclarationHandler, ReportArrivalHandler, StageMessageHandler, RequestAmendmentHandler, ResubmitDeclarationHandler, RespondToRequestHandler],
})
export class DeclarationModule {}
