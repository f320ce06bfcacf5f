import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeciderRepository, EVENT_STORE, type EventStore } from '@sw/event-store';
import { APP_CONFIG, CLOCK, type AppConfig, type EngineClock } from '@sw/platform';
import { DATABASE_URL } from '@sw/read-models';
import type { ServerMetrics } from './metrics/prometheus';
import { JWT_SECRET, LOGGER, METRICS_REGISTRY } from './tokens';

export { JWT_SECRET, LOGGER } from './tokens';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';


export interface Runtime {
  config: AppConfig;
  logger: Logger;
  dataSource: DataSource;
  store: EventStore;
  clock: EngineClock;
  jwtSecret: string;
  databaseUrl: string;
  metrics: ServerMetrics;
}

/** What every context needs, built once by createServer and shared as global providers. */
@Global()
@Module({})
export class PlatformModule {
  static register(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: runtime.config },
      { provide: LOGGER, useValue: runtime.logger },
      { provide: DataSource, useValue: runtime.dataSource },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: JWT_SECRET, useValue: runtime.jwtSecret },
      { provide: DATABASE_URL, useValue: runtime.databaseUrl },
      { provide: METRICS_REGISTRY, useValue: runtime.metrics },
      { provide: DeciderRepository, useValue: new DeciderRepository(runtime.store) },
    ];
    return {
      module: PlatformModule,
      imports: [CqrsModule.forRoot()],
      providers,
      exports: [...providers.map((p) => p.provide), CqrsModule],
    };
  }
}
