import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DevModule } from './dev/dev.module';
import { EngineClockModule } from './engine-clock/engine-clock.module';
import { HealthController } from './health/health.controller';
import { PlatformModule, type Runtime } from './platform.module';
import { SubscriptionHost } from './subscription-host';

@Module({})
export class AppModule {
  static register(runtime: Runtime): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.register(runtime), DiscoveryModule, EngineClockModule, ...(runtime.config.devMode ? [DevModule] : [])],
      controllers: [HealthController],
      providers: [SubscriptionHost],
    };
  }
}
