import { Inject, Injectable, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, EngineClock } from '@sw/platform';
import { DataSource } from 'typeorm';
import { AdvanceClockHandler } from './advance-clock';
import { EngineClockProjection } from './engine-clock.projection';

/** Follows clock advances made through other instances (this one learns its own at once). */
@Injectable()
class EngineClockFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  constructor(private readonly dataSource: DataSource, @Inject(CLOCK) private readonly clock: EngineClock) {}
  onApplicationBootstrap() {
    this.timer = setInterval(() => {
      EngineClockProjection.readOffset(this.dataSource.manager).then(({ offsetMs }) => this.clock.setOffset(offsetMs), () => undefined);
    }, 1000);
    this.timer.unref();
  }
  onApplicationShutdown() {
    clearInterval(this.timer);
  }
}

@Module({ providers: [EngineClockProjection, AdvanceClockHandler, EngineClockFollower] })
export class EngineClockModule {}
