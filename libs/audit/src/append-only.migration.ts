import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes stored events immutable for every role that does not own the table or bypass
 * triggers: UPDATE, DELETE and TRUNCATE of `events` are refused (SQLSTATE SW003).
 *
 * What it stops: the application, a bug, an operator's mistaken statement, any role without
 * superuser or ownership. What it does not stop: a superuser or the table owner, who can
 * disable the trigger or set `session_replication_role = replica`; that is what the hash
 * chain is for (verify finds the changed event), and anchoring stream heads outside the
 * database would be the next step against someone who rewrites a whole chain.
 */
export class EventsAppendOnly1763900000400 implements MigrationInterface {
  name = 'EventsAppendOnly1763900000400';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`create or replace function sw_events_append_only() returns trigger language plpgsql as $fn$
      begin
        raise exception using errcode = 'SW003', message = format('events are append-only: %s refused', tg_op);
      end
    $fn$`);
    await queryRunner.query('drop trigger if exists events_append_only on events');
    await queryRunner.query('create trigger events_append_only before update or delete on events for each row execute function sw_events_append_only()');
    await queryRunner.query('drop trigger if exists events_no_truncate on events');
    await queryRunner.query('create trigger events_no_truncate before truncate on events for each statement execute function sw_events_append_only()');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('drop trigger if exists events_append_only on events; drop trigger if exists events_no_truncate on events; drop function if exists sw_events_append_only()');
  }
}
