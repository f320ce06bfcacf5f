import { Global, Module } from '@nestjs/common';
import { FILING_AUTHORITY } from '@sw/declaration';
import { PowersOfAttorneyAuthority } from './filing-authority';
import { IssuePowerOfAttorneyHandler } from './issue-power-of-attorney/issue-power-of-attorney.handler';
import { PowersOfAttorneyController } from './powers-of-attorney.controller';
import { PowersOfAttorneyTable } from './powers-of-attorney.table';
import { RevokePowerOfAttorneyHandler } from './revoke-power-of-attorney/revoke-power-of-attorney.handler';

/** 代理报关: powers of attorney, and the declaration context's FilingAuthority bound to them (global, for the submit handler). */
@Global()
@Module({
  controllers: [PowersOfAttorneyController],
  providers: [PowersOfAttorneyTable, PowersOfAttorneyAuthority, IssuePowerOfAttorneyHandler, RevokePowerOfAttorneyHandler, { provide: FILING_AUTHORITY, useExisting: PowersOfAttorneyAuthority }],
  exports: [FILING_AUTHORITY],
})
export class PartiesModule {}
