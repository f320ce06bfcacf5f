import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, FieldValidationException, Public, Roles, setCorrelationId, type Principal } from '@sw/platform';
import type { FastifyReply } from 'fastify';
import { ProofTables } from './proof.tables';
import { ReleaseProofs } from './release-proof';
import { SigningKeys } from './signing-keys';

function pageNumber(value: string | undefined, field: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new FieldValidationException([{ field, message: `${field} must be a whole number from 1 to ${max} (got ${JSON.stringify(value)})` }]);
  }
  return Number(value);
}

/** Proof beyond the database: the public keys, the signed checkpoints, release proofs. */
@ApiTags('audit')
@Controller()
export class ProofController {
  constructor(private readonly keys: SigningKeys, private readonly tables: ProofTables, private readonly proofs: ReleaseProofs) {}

  @Get('.well-known/jwks.json')
  @Public()
  @ApiOperation({ summary: 'The Ed25519 public keys (JWK Set) that checkpoints and release proofs are signed with, rotated-out keys included' })
  async jwks(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('cache-control', 'public, max-age=300');
    return { keys: await this.keys.published() };
  }

  @Get('v1/audit/checkpoints')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Signed checkpoints of the event log, newest first: { position, events, root, at, kid, jws }' })
  @ApiQuery({ name: 'page', required: false }) @ApiQuery({ name: 'pageSize', required: false })
  checkpoints(@Query('page') page?: string, @Query('pageSize') pageSize?: string) {
    return this.tables.list(pageNumber(page, 'page', 1, 1_000_000), pageNumber(pageSize, 'pageSize', 20, 100));
  }

  @Get('v1/audit/checkpoints/latest')
  @Roles('auditor')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The newest signed checkpoint: what `swctl audit verify --against` takes' })
  async latest() {
    const last = await this.tables.last();
    if (!last) throw new NotFoundException({ message: 'No checkpoint has been signed yet (one is signed every CHECKPOINT_INTERVAL seconds once events exist)', code: 'no-checkpoint' });
    const { frontier: _frontier, ...checkpoint } = last;
    return checkpoint;
  }

  @Get('v1/declarations/:id/release-proof')
  @Roles('enterprise', 'officer', 'auditor', 'gate', 'bank')
  @ApiBearerAuth()
  @ApiProduces('application/jose', 'application/json')
  @ApiOperation({ summary: '放行证明: a compact JWS (EdDSA) over { declarationId, number, releasedAt, conveyance, itemsDigest } — application/jose, or JSON { jws, kid, payload }' })
  async releaseProof(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply) {
    setCorrelationId(id);
    const proof = await this.proofs.prove(id, principal);
    if (!/application\/jose/i.test(accept ?? '')) return proof;
    reply.header('content-type', 'application/jose');
    return proof.jws;
  }
}
