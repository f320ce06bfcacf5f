import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { Subject, type Observable } from 'rxjs';

export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * Ids of declarations whose status view changed, from the projection's `sw_status`
 * notifications: every instance hears them, whichever one runs the projection.
 */
@Injectable()
export class StatusChanges implements OnModuleInit, OnApplicationShutdown {
  private readonly changes = new Subject<string>();
  private client: Client | null = null;
  private stopped = false;

  constructor(@Inject(DATABASE_URL) private readonly url: string) {}

  get ids(): Observable<string> {
    return this.changes.asObservable();
  }

  async onModuleInit(): Promise<void> {
    await this.connect().catch(() => this.reconnectLater());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.changes.complete();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (message) => message.payload && this.changes.next(message.payload));
    client.on('error', () => this.reconnectLater());
    await client.connect();
    await client.query('listen sw_status');
    this.client = client;
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.client?.end().catch(() => undefined);
    this.client = null;
    setTimeout(() => void this.connect().catch(() => this.reconnectLater()), 1000).unref();
  }
}
