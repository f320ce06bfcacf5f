import { Module } from '@nestjs/common';
import { VerifyLicensesWhenSubmitted } from './application/verify-licenses-when-submitted';
import { IssueLicenseHandler } from './issue-license/issue-license.handler';
import { LicensesController } from './issue-license/licenses.controller';
import { RevokeLicenseHandler } from './revoke-license/revoke-license.handler';

/** Licences and certificates (监管证件): the register, its verification at submission; the clearance process writes off on release. */
@Module({
  controllers: [LicensesController],
  providers: [VerifyLicensesWhenSubmitted, IssueLicenseHandler, RevokeLicenseHandler],
})
export class LicensingModule {}
