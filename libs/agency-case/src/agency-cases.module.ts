import { Global, Module, type DynamicModule } from '@nestjs/common';
import { AGENCY_POLICIES, AgencyCases, type AgencyPolicies } from './agency-cases';

/** The agencies' cases on the policies the application binds (it alone imports customs, inspection and border). */
@Global()
@Module({})
export class AgencyCasesModule {
  static register(policies: AgencyPolicies): DynamicModule {
    return {
      module: AgencyCasesModule,
      providers: [{ provide: AGENCY_POLICIES, useValue: policies }, AgencyCases],
      exports: [AGENCY_POLICIES, AgencyCases],
    };
  }
}
