import { FieldValidationException, flattenValidationErrors } from '@sw/platform';
import type { DeclarationBody } from '@sw/shipment';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { toBody } from '../submit-declaration/declarations.controller';
import { SubmitDeclarationRequest } from '../submit-declaration/submit-declaration.dto';

/**
 * A plain declaration body checked as the global ValidationPipe checks a JSON request (whitelist,
 * unknown fields refused, every code against seeds/reference): the one check both paths share.
 */
export async function validatedDeclaration(plain: Record<string, unknown>): Promise<DeclarationBody> {
  const dto = plainToInstance(SubmitDeclarationRequest, plain);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw new FieldValidationException(flattenValidationErrors(errors).slice(0, 100));
  return toBody(dto);
}
