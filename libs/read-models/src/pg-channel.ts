import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';

/**
 * A PostgreSQL LISTEN channel on a connection of its own, reconnected when it drops: every
 * instance hears what any one of them (or the database) notifies, for its SSE clients.
 */
export abstract class PgChannel implements OnModuleInit, OnApplicationShutdown {
  private client: Client | null = null;
  private stopped = false;

  protected constructor(private readonly url: string, private readonly channel: string) {}

  /** One notification's payload. */
  protected abstract receive(payload: string): void;
  /** The server stops: no more notifications. */
  protected abstract close(): void;

  async onModuleInit(): Promise<void> {
    await this.connect().catch(() => this.reconnectLater());
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.close();
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url });
    client.on('notification', (message) => message.payload && this.receive(message.payload));
    client.on('error', () => this.reconnectLater());
    await client.connect();
    await client.query(`listen ${this.channel}`);
    this.client = client;
  }

  private reconnectLater(): void {
    if (this.stopped) return;
    this.client?.end().catch(() => undefined);
    this.client = null;
    setTimeout(() => void this.connect().catch(() => this.reconnectLater()), 1000).unref();
  }
}
