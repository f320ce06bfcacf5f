import { ConflictException, NotFoundException, type ArgumentsHost } from '@nestjs/common';
import { DomainError } from '@sw/event-store';
import pino from 'pino';
import { FieldValidationException, ProblemDetailsFilter, type ProblemDetails } from './problem-details';

/** What the filter answers for an exception, asked in a language. */
function answer(exception: unknown, acceptLanguage?: string): { body: ProblemDetails; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let body: ProblemDetails | undefined;
  const reply = {
    status: () => reply,
    header: (name: string, value: string) => { headers[name] = value; return reply; },
    send: (sent: ProblemDetails) => { body = sent; },
  };
  const request = { headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  new ProblemDetailsFilter(pino({ level: 'silent' })).catch(exception, host);
  return { body: body!, headers };
}

const blocked = () => new DomainError('release-blocked', 'Cannot release the customs case yet: the goods have not arrived', { blockers: ['awaiting-arrival'] }, { agency: 'customs', blockers: ['awaiting-arrival'] });

describe('problems speak the caller’s language', () => {
  it('gives a domain refusal its code and params, and English words without Accept-Language', () => {
    const { body, headers } = answer(blocked());
    expect(body).toMatchObject({ status: 409, code: 'release-blocked', params: { agency: 'customs', blockers: ['awaiting-arrival'] }, blockers: ['awaiting-arrival'] });
    expect(body.detail).toBe('Cannot release the customs case yet: the goods have not arrived');
    expect(headers['content-language']).toBe('en');
  });

  it('answers Accept-Language zh-CN with the catalogue’s Chinese sentence', () => {
    const { body, headers } = answer(blocked(), 'zh-CN,zh;q=0.9,en;q=0.8');
    expect(body.detail).toBe('暂不能放行海关案件：货物尚未运抵（提前申报）：放行须待运抵报告');
    expect(body.code).toBe('release-blocked');
    expect(headers['content-language']).toBe('zh-CN');
  });

  it('names a code by the status where the exception gives none, and says it in Chinese', () => {
    const { body } = answer(new NotFoundException('No declaration 42'), 'zh');
    expect(body).toMatchObject({ status: 404, code: 'not-found', params: {}, detail: '未找到：该资源不存在或不属于您' });
    expect(answer(new ConflictException({ message: 'odd', code: 'some-framework-code' }), 'zh').body.detail).toBe('当前状态不允许此操作');
  });

  it('words the field a refusal names with the refusal’s own sentence in Chinese', () => {
    const refusal = new DomainError('amount-mismatch', 'The bank’s answer does not match the instruction', { errors: [{ field: 'amount', message: 'the instruction is for 100.00 CNY' }] });
    expect(answer(refusal, 'zh').body.errors).toEqual([{ field: 'amount', message: '银行确认的金额与指令不符' }]);
    expect(answer(refusal).body.errors).toEqual([{ field: 'amount', message: 'the instruction is for 100.00 CNY' }]);
  });

  it('keeps field errors as { field, message }, the message worded by the rule the field broke when Chinese is asked', () => {
    const exception = new FieldValidationException([{ field: 'items[0].hsCode', message: 'is not an HS code in force', code: 'field.hsCode' }, { field: 'reason', message: 'is required' }]);
    expect(answer(exception).body.errors).toEqual([
      { field: 'items[0].hsCode', message: 'is not an HS code in force' },
      { field: 'reason', message: 'is required' },
    ]);
    const zh = answer(exception, 'zh-CN').body;
    expect(zh).toMatchObject({ code: 'invalid-request', detail: '请求无效：请按下列字段说明改正' });
    expect(zh.errors).toEqual([
      { field: 'items[0].hsCode', message: '不是有效的 HS 商品编码' },
      { field: 'reason', message: '取值无效' },
    ]);
  });
});
