import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule, Reflector } from '@nestjs/core';
import { AccessGuard, tokenVerifierFor } from '@sw/platform';
import { AuditModule } from '@sw/audit';
import { AgencyCasesModule } from '@sw/agency-case';
import { borderPolicy } from '@sw/border';
import { ClearanceModule, ShipmentFactsFromStreams } from '@sw/clearance';
import { customsPolicy } from '@sw/customs';
import { DeclarationModule } from '@sw/declaration';
import { FeesModule } from '@sw/fees';
import { inspectionPolicy } from '@sw/inspection';
import { LicensingModule } from '@sw/licensing';
import { MoneyModule } from '@sw/money';
import { PartiesModule } from '@sw/parties';
import { ReadModelsModule } from '@sw/read-models';
import { DevModule } from './dev/dev.module';
import { EngineClockModule } from './engine-clock/engine-clock.module';
import { HealthController } from './health/health.controller';
import { MetricsController, MetricsWiring } from './metrics/prometheus';
import { PlatformModule, type Runtime } from './platform.module';
import { ReferenceModule } from './reference/reference.module';
import { SubscriptionHost } from './subscription-host';

@Module({})
export class AppModule {
  static register(runtime: Runtime): DynamicModule {
    const policies = { customs: customsPolicy, inspection: inspectionPolicy, border: borderPolicy };
    return {
      module: AppModule,
      imports: [PlatformModule.register(runtime), DiscoveryModule, EngineClockModule, DeclarationModule,
        AgencyCasesModule.register(policies), ClearanceModule, ReadModelsModule, LicensingModule, MoneyModule, PartiesModule, FeesModule.register(ShipmentFactsFromStreams), AuditModule, ReferenceModule, ...(runtime.config.devMode ? [DevModule] : [])],
      controllers: [HealthController, MetricsController],
      providers: [SubscriptionHost, MetricsWiring, { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AccessGuard(reflector, tokenVerifierFor(runtime.config, runtime.jwtSecret), { portlessAllowed: runtime.config.devMode }), inject: [Reflector] }],
    };
  }
}
