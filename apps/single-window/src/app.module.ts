import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule, Reflector } from '@nestjs/core';
import { ADMISSION_CONTROL, AccessGuard, AdmissionControl, AdmissionGuard, tokenVerifierFor } from '@sw/platform';
import { AuditModule } from '@sw/audit';
import { AgencyCasesModule } from '@sw/agency-case';
import { borderPolicy } from '@sw/border';
import { ClearanceModule, ShipmentFactsFromStreams } from '@sw/clearance';
import { customsPolicy } from '@sw/customs';
import { DeclarationModule } from '@sw/declaration';
import { FeesModule } from '@sw/fees';
import { inspectionPolicy } from '@sw/inspection';
import { LicensingModule } from '@sw/licensing';
import { ManifestModule } from '@sw/manifest';
import { MoneyModule } from '@sw/money';
import { PartiesModule } from '@sw/parties';
import { ReadModelsModule } from '@sw/read-models';
import { BacklogMonitor } from './admission/backlog-monitor';
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
    // Admission control (ADMISSION_MAX_BACKLOG_SECONDS): BacklogMonitor measures, AdmissionGuard sheds @Sheddable() routes.
    const admission = new AdmissionControl(runtime.config.admissionMaxBacklogSeconds);
    admission.onShed = () => runtime.metrics.admissionShed.inc();
    return {
      module: AppModule,
      imports: [PlatformModule.register(runtime), DiscoveryModule, EngineClockModule, DeclarationModule,
        AgencyCasesModule.register(policies), ClearanceModule, ReadModelsModule, LicensingModule, MoneyModule, PartiesModule, FeesModule.register(ShipmentFactsFromStreams), ManifestModule, AuditModule, ReferenceModule, ...(runtime.config.devMode ? [DevModule] : [])],
      controllers: [HealthController, MetricsController],
      providers: [SubscriptionHost, MetricsWiring, { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AccessGuard(reflector, tokenVerifierFor(runtime.config, runtime.jwtSecret), { portlessAllowed: runtime.config.devMode }), inject: [Reflector] },
        { provide: ADMISSION_CONTROL, useValue: admission }, BacklogMonitor,
        { provide: APP_GUARD, useFactory: (reflector: Reflector) => new AdmissionGuard(reflector, admission), inject: [Reflector] }],
    };
  }
}
