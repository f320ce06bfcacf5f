import { Inject, Injectable } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import { PgChannel } from '../pg-channel';

export const DATABASE_URL = Symbol('DATABASE_URL');

/**
 * Ids of declarations whose status view changed, from the projection's `sw_status`
 * notifications: every instance hears them, whichever one runs the projection.
 */
@Injectable()
export class StatusChanges extends PgChannel {
  private readonly changes = new Subject<string>();

  constructor(@Inject(DATABASE_URL) url: string) {
    super(url, 'sw_status');
  }

  get ids(): Observable<string> {
    return this.changes.asObservable();
  }

  protected receive(payload: string): void {
    this.changes.next(payload);
  }

  protected close(): void {
    this.changes.complete();
  }
}
