import { Module } from '@nestjs/common';
import { VerifyLicensesWhenSubmitted } from './application/verify-licenses-when-submitted';
import { LicensesController } from './issue-license/licenses.controller';

/** Licences and certificates (监管证件): the register, its verification at submission; the clearance process writes off on release. */
@Module({
  controllers: [LicensesController],
  providers: [VerifyLicensesWhenSubmitted],
})
export class LicensingModule {}
