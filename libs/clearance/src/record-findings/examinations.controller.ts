import { Body, Controller, Get, HttpCode, NotFoundException, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DeciderRepository } from '@sw/event-store';
import { examinationView, jointExaminationDecider } from '@sw/examination';
import { CurrentPrincipal, Roles, setCorrelationId, type Principal } from '@sw/platform';
import { appointmentForEnterprise, examinationStream } from '@sw/shipment';
import { AppointmentRequest } from '../book-appointment/appointment.dto';
import { BookAppointment } from '../book-appointment/book-appointment.command';
import { requireExaminationAccess } from '../examination-access';
import { FindingsRequest } from './findings.dto';
import { RecordFindings } from './record-findings.command';

/** 联合查验: one examination per shipment, whatever number of agencies select it. */
@ApiTags('examinations')
@ApiBearerAuth()
@Controller('v1/examinations')
export class ExaminationsController {
  constructor(private readonly repository: DeciderRepository, private readonly commands: CommandBus) {}

  @Get(':declarationId')
  @Roles('officer', 'auditor', 'enterprise', 'broker')
  @ApiOperation({ summary: 'The examination of a shipment: agencies, appointment, each check and who satisfied it' })
  async view(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    await this.requireAccess(declarationId, principal);
    const { state } = await this.repository.load(examinationStream(declarationId), jointExaminationDecider);
    const view = examinationView(state);
    if (!view) throw new NotFoundException(`No examination for declaration ${declarationId}`);
    if (principal.role !== 'enterprise' && principal.role !== 'broker') return { ...view, declarationId };
    // An enterprise (or the broker that filed for it) sees its appointment and the results addressed to it, not officers' notes or names (disclosure rules).
    return { declarationId, status: view.status, agencies: view.agencies, appointment: appointmentForEnterprise(view.appointment), checks: view.checks, results: view.results };
  }

  @Post(':declarationId/findings')
  @HttpCode(202)
  @Roles('officer')
  @ApiOperation({ summary: "Record an agency's findings; a check passed by one agency is recognized for the others (监管互认)" })
  async findings(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: FindingsRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    const findings = body.checks.map((c) => ({ check: c.check, result: c.result, note: c.note, source: c.source ? { ...c.source } : undefined }));
    return this.commands.execute(new RecordFindings(declarationId, findings, principal));
  }

  @Post(':declarationId/appointment')
  @HttpCode(202)
  @Roles('officer', 'enterprise', 'broker')
  @ApiOperation({ summary: 'Book the examination time slot (预约查验), by the enterprise, the broker that filed for it (代理报关), or an officer' })
  async appointment(@Param('declarationId', new ParseUUIDPipe()) declarationId: string, @Body() body: AppointmentRequest, @CurrentPrincipal() principal: Principal) {
    setCorrelationId(declarationId);
    return this.commands.execute(new BookAppointment(declarationId, new Date(body.from), new Date(body.to), body.location, principal));
  }

  /** Enterprises and brokers: their own shipments only (404 otherwise); officers: shipments routed to their agency. */
  private requireAccess(declarationId: string, principal: Principal): Promise<void> {
    return requireExaminationAccess(this.repository, declarationId, principal);
  }
}
