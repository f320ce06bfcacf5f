import { Module } from '@nestjs/common';
import { ReferenceController } from './reference.controller';

/** GET /v1/reference/…: the public code-list lookups. */
@Module({ controllers: [ReferenceController] })
export class ReferenceModule {}
