import { Controller, HttpException, Post, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@sw/event-store';
import { CurrentPrincipal, FieldValidationException, Roles, Sheddable, setCorrelationId, type Principal } from '@sw/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SubmitDeclaration, type SubmitResult } from '../submit-declaration/submit-declaration.command';
import { bodyFromMessage, decImportResponse, readDecMessage, seqNoOf, type ReadMessage } from '../dec-message/dec-message';
import { MessageError } from '../dec-message/dec-message.xml';
import { StageMessage, messageIdempotencyKey } from './stage-message.command';
import { xmlFieldName } from './xml-field-names';
import { filingParties } from '../submit-declaration/declarations.controller';
import { validatedDeclaration } from './validate-body';

/** The path POST /v1/declarations with an XML body is routed to (the server rewrites it): the client's 报关单报文. */
export const DEC_MESSAGE_ROUTE = '/v1/declarations/messages';

/**
 * 报关单报文: a broker's software sends the declaration as its DecMessage (API.md "The real
 * client's message"); `G` stages it (暂存), `C` declares it. The answer is a DecImportResponse,
 * with the HTTP status the JSON path would give (202, 400, 403, 409).
 */
@ApiTags('declarations')
@ApiBearerAuth()
@Controller('v1/declarations')
export class SubmitMessageController {
  constructor(private readonly commands: CommandBus) {}

  @Post('messages')
  @Roles('enterprise', 'broker')
  @Sheddable() // a new declaration, as on the JSON path: 503 + Retry-After while the pipeline is too far behind
  @ApiConsumes('application/xml', 'text/xml')
  @ApiOperation({ summary: 'Submit the client\'s DecMessage (报关单报文, bare or in DxpMsg): G 暂存 stages it, C 申报 declares it; answered with a DecImportResponse. Also reached as POST /v1/declarations with Content-Type application/xml' })
  async submit(@Req() request: FastifyRequest, @CurrentPrincipal() principal: Principal, @Res() reply: FastifyReply): Promise<void> {
    let read: ReadMessage | undefined;
    try {
      if (!Buffer.isBuffer(request.body)) throw new HttpException({ message: '报关单报文须以 application/xml 发送 (send the DecMessage as application/xml)', code: 'message-not-xml' }, 415);
      read = readDecMessage(request.body);
      const body = await validatedDeclaration(bodyFromMessage(read.message));
      if (body.declarant.uscc !== principal.uscc) {
        throw new HttpException({ message: '申报单位统一社会信用代码 (DecHead/AgentCodeScc) 必须是令牌所属企业', code: 'not-your-declaration' }, 403);
      }
      filingParties(body, principal); // 代理报关: a broker files for a client (TradeCoScc) under its power of attorney
      const key = messageIdempotencyKey(read.clientSeqNo);
      const id = read.operType === 'G'
        ? await this.commands.execute<StageMessage, string>(new StageMessage(body, read.clientSeqNo, principal))
        : (await this.commands.execute<SubmitDeclaration, SubmitResult>(new SubmitDeclaration(body, principal, key))).id;
      setCorrelationId(id);
      void reply.status(202).header('content-type', 'application/xml; charset=utf-8').header('location', `/v1/declarations/${id}`)
        .send(decImportResponse({ clientSeqNo: read.clientSeqNo, seqNo: seqNoOf(id, body.direction) }));
    } catch (error) {
      const { status, code, zh } = refusal(error);
      void reply.status(status).header('content-type', 'application/xml; charset=utf-8').header('x-problem-code', code)
        .send(decImportResponse({ clientSeqNo: read?.clientSeqNo ?? '', error: zh }));
    }
  }
}

const ZH: Record<string, string> = {
  'consignee-not-declarant': '企业只能申报自己的货物：为其他企业申报，须以报关企业身份并持有其代理报关委托书 (DecHead/TradeCoScc)',
};

/** Why the message was refused, in Chinese for the ErrorMessage, with the status the JSON path gives. */
function refusal(error: unknown): { status: number; code: string; zh: string } {
  if (error instanceof MessageError) return { status: 400, code: error.code, zh: error.zh };
  if (error instanceof FieldValidationException) {
    const fields = error.fieldErrors.map((e) => `${xmlFieldName(e.field)}：${e.message}`);
    return { status: 400, code: 'message-invalid', zh: `报文校验未通过（${fields.length} 项）：${fields.join('；')}` };
  }
  if (error instanceof DomainError) {
    const zh = error.code === 'idempotency-key-reused' ? '同一客户端编号 (ClientSeqNo) 已用于另一份报关单内容'
      : error.code === 'already-declared' ? '该客户端编号 (ClientSeqNo) 的报关单已申报，不能再暂存' : `不能受理：${error.message}`;
    return { status: 409, code: error.code, zh };
  }
  if (error instanceof HttpException) {
    const response = error.getResponse() as { message?: string; code?: string } | string;
    const message = typeof response === 'string' ? response : response.message ?? error.message;
    const code = (typeof response === 'object' && response.code) || `http-${error.getStatus()}`;
    return { status: error.getStatus(), code, zh: ZH[code] ?? String(message) };
  }
  throw error;
}
