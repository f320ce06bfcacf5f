import { Module } from '@nestjs/common';
import { LicensesController } from './http/licenses.controller';

/** Licences and certificates (监管证件): the register. The clearance process verifies them at submission and writes them off on release (libs/clearance/src/licences). */
@Module({
  controllers: [LicensesController],
})
export class LicensingModule {}
