import { flattenValidationErrors, type FieldError } from '@sw/platform';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { BankConfirmationRequest, SettlementRequest } from './money.dtos';

// Validates exactly as the server's global ValidationPipe does (see declaration.dtos.unit.spec.ts).
async function check<T extends object>(cls: new () => T, body: unknown): Promise<{ instance: T; errors: FieldError[] }> {
  const instance = plainToInstance(cls, body) as T;
  const errors = flattenValidationErrors(await validate(instance, { whitelist: true, forbidNonWhitelisted: true }));
  return { instance, errors };
}

const fieldsOf = (errors: FieldError[]) => [...new Set(errors.map((e) => e.field))].sort();
const messageOf = (errors: FieldError[], field: string) => errors.filter((e) => e.field === field).map((e) => e.message).join(' | ');
const INFINITY_FROM_JSON = JSON.parse('1e999');

describe('money requests', () => {
  describe('SettlementRequest (a payment or guarantee instruction)', () => {
    const cls = SettlementRequest;
    const good = () => ({ amount: 18250.5, currency: 'CNY', reference: 'BG-2026/000123_a' });

    it('accepts an amount, a currency and a reference', async () => {
      expect((await check(cls, good())).errors).toEqual([]);
      expect((await check(cls, { ...good(), amount: 1e12 })).errors).toEqual([]);
      expect((await check(cls, { ...good(), amount: 125000, currency: 'JPY' })).errors).toEqual([]);
      expect((await check(cls, { ...good(), reference: '  PAY-1 ' })).instance.reference).toBe('PAY-1');
    });

    it.each<[string, (body: any) => void, string[]]>([
      ['an amount as a string', (b) => { b.amount = '18250.50'; }, ['amount']],
      ['a zero amount', (b) => { b.amount = 0; }, ['amount']],
      ['a negative amount', (b) => { b.amount = -1; }, ['amount']],
      ['an infinite amount', (b) => { b.amount = INFINITY_FROM_JSON; }, ['amount']],
      ['an amount above 1e12', (b) => { b.amount = 1e12 + 0.01; }, ['amount']],
      ['an amount with 3 decimals', (b) => { b.amount = 10.005; }, ['amount']],
      ['yen with decimals', (b) => { b.currency = 'JPY'; b.amount = 100.5; }, ['amount']],
      ['an unknown currency', (b) => { b.currency = 'RMB'; }, ['currency']],
      ['a reference with a space', (b) => { b.reference = 'BG 2026'; }, ['reference']],
      ['a reference of 65 characters', (b) => { b.reference = 'R'.repeat(65); }, ['reference']],
      ['an empty reference', (b) => { b.reference = ''; }, ['reference']],
      ['a missing reference', (b) => { delete b.reference; }, ['reference']],
      ['an unknown field', (b) => { b.payer = 'me'; }, ['payer']],
    ])('refuses %s', async (_name, mutate, fields) => {
      const body = good();
      mutate(body);
      expect(fieldsOf((await check(cls, body)).errors)).toEqual(fields);
    });

    it('names the currency when it allows fewer decimals', async () => {
      const { errors } = await check(cls, { ...good(), currency: 'JPY', amount: 100.5 });
      expect(messageOf(errors, 'amount')).toBe('amount must be a whole number in JPY (100.5 has decimals)');
    });
  });

  describe('BankConfirmationRequest', () => {
    const good = () => ({ reference: 'TAX-1', declarationId: '0b9f4c2e-8a3d-4c1e-9f00-6a1b2c3d4e5f', kind: 'payment', amount: 6500, currency: 'CNY', status: 'confirmed' });

    it('accepts a confirmation or a refusal with its reason', async () => {
      expect((await check(BankConfirmationRequest, good())).errors).toEqual([]);
      expect((await check(BankConfirmationRequest, { ...good(), kind: 'guarantee', status: 'refused', reason: 'no credit line' })).errors).toEqual([]);
    });

    it.each<[string, (body: any) => void, string[]]>([
      ['a declaration id that is not a UUID', (b) => { b.declarationId = 'd-1'; }, ['declarationId']],
      ['an unknown kind', (b) => { b.kind = 'cash'; }, ['kind']],
      ['an unknown status', (b) => { b.status = 'maybe'; }, ['status']],
      ['a missing amount', (b) => { delete b.amount; }, ['amount']],
      ['every field missing', (b) => { for (const k of Object.keys(b)) delete b[k]; }, ['amount', 'currency', 'declarationId', 'kind', 'reference', 'status']],
    ])('refuses %s', async (_name, mutate, fields) => {
      const body = good();
      mutate(body);
      expect(fieldsOf((await check(BankConfirmationRequest, body)).errors)).toEqual(fields);
    });
  });
});
