import type { MigrationInterface, QueryRunner } from 'typeorm';
import { EVENT_STORE_SCHEMA } from './schema';

/** The event store tables and append function (idempotent SQL shared with createSchema). */
export class EventStoreSchema1763900000000 implements MigrationInterface {
  name = 'EventStoreSchema1763900000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(EVENT_STORE_SCHEMA);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop function if exists sw_append(text, bigint, uuid[], text[]); drop function if exists sw_append(text, bigint, uuid[], jsonb, text[]); drop function if exists sw_append(text, bigint, jsonb); drop table if exists events; drop table if exists streams;');
  }
}

/** Subscription checkpoints, next to the read models they guard. */
export class SubscriptionCheckpoints1763900000001 implements MigrationInterface {
  name = 'SubscriptionCheckpoints1763900000001';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create table if not exists subscription_checkpoints (
      name text primary key,
      position text,
      updated_at timestamptz not null default now()
    )`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop table if exists subscription_checkpoints');
  }
}

/**
 * sw_append v2: ids and canonical texts as arrays, one id probe, one multi-row insert, and no
 * NOTIFY inside the append transaction (the store wakes subscribers after commit). The schema
 * SQL is idempotent, so applying it again installs the new function on an existing database.
 */
export class EventStoreAppendV21763900000003 implements MigrationInterface {
  name = 'EventStoreAppendV21763900000003';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(EVENT_STORE_SCHEMA);
  }
  async down(): Promise<void> {
    // The previous function is not restored: appends through it would no longer match this code.
  }
}

/**
 * sw_append v3: the events are taken from their canonical texts (no second JSON copy of each
 * event on the wire), and a new stream's row is written once. Drops the v2 signature.
 */
export class EventStoreAppendV31763900000700 implements MigrationInterface {
  name = 'EventStoreAppendV31763900000700';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(EVENT_STORE_SCHEMA);
  }
  async down(): Promise<void> {
    // The previous function is not restored: appends through it would no longer match this code.
  }
}
