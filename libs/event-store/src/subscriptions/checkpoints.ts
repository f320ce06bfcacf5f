import type { EntityManager, QueryRunner } from 'typeorm';

/** Checkpoints live next to the read models: table `subscription_checkpoints` (migration in migrations.ts). */
export async function readCheckpoint(runner: QueryRunner | EntityManager, name: string): Promise<string | null> {
  const rows: { position: string | null }[] = await runner.query('select position from subscription_checkpoints where name = $1', [name]);
  return rows.length ? rows[0].position : null;
}

export async function ensureCheckpoint(runner: QueryRunner | EntityManager, name: string): Promise<void> {
  await runner.query('insert into subscription_checkpoints (name, position) values ($1, null) on conflict (name) do nothing', [name]);
}

/**
 * Moves a checkpoint from `expected` to `next` inside the caller's transaction. Returns false
 * when another consumer moved it first (the caller rolls back: its batch was already handled).
 */
export async function advanceCheckpoint(manager: EntityManager, name: string, expected: string | null, next: string): Promise<boolean> {
  // A SELECT around the UPDATE: TypeORM reports an UPDATE's rows in a driver-specific shape.
  const rows: { moved: number }[] = await manager.query(
    `with moved as (
       update subscription_checkpoints set position = $3, updated_at = now()
        where name = $1 and position is not distinct from $2::text returning name)
     select count(*)::int as moved from moved`,
    [name, expected, next],
  );
  return rows[0]?.moved === 1;
}
