import { Module } from '@nestjs/common';
import { IssueLicenseHandler } from './issue-license/issue-license.handler';
import { LicensesController } from './issue-license/licenses.controller';
import { RevokeLicenseHandler } from './revoke-license/revoke-license.handler';

/** Licences and certificates (监管证件): the register. The clearance process verifies them at submission and writes them off on release (libs/clearance/src/licences). */
@Module({
  controllers: [LicensesController],
  providers: [IssueLicenseHandler, RevokeLicenseHandler],
})
export class LicensingModule {}
