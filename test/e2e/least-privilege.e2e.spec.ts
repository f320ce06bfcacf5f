import { ENTERPRISES, appRoleUrl, eventually, roadExport, withServer } from '@sw/test-support';
import { Client } from 'pg';

/**
 * Least privilege (API.md, "Proof beyond the database"): the server connects as a role that may
 * read and insert events, never update, delete or truncate them; the owner migrated the schema.
 */
describe('the server runs as a role that cannot change stored events', () => {
  const world = withServer();
  let app: Client;
  let id: string;

  beforeAll(async () => {
    const exporter = world.actors.enterprise(ENTERPRISES.shenzhenElectronics.uscc);
    id = (await exporter.post('/v1/declarations', roadExport())).body.id;
    await eventually(async () => expect((await exporter.get(`/v1/declarations/${id}`)).body.status).toBe('released'));
    app = new Client({ connectionString: await appRoleUrl(world.sw.database.url) });
    app.on('error', () => undefined); // the database is dropped under it at the end
    await app.connect();
  });
  afterAll(async () => app?.end());

  it('the server’s own connections are that role, not the owner', async () => {
    const owner = new Client({ connectionString: world.sw.database.url });
    await owner.connect();
    try {
      const { rows } = await owner.query(`select distinct usename from pg_stat_activity where datname = current_database() and application_name = 'single-window'`);
      expect(rows.map((r) => r.usename)).toEqual(['sw_app']);
      const { rows: [events] } = await owner.query(`select pg_get_userbyid(relowner) as owner from pg_class where relname = 'events'`);
      expect(events.owner).not.toBe('sw_app');
    } finally {
      await owner.end();
    }
  });

  it('reads and inserts events (the append path works), and is refused update, delete and truncate', async () => {
    const { rows } = await app.query('select count(*)::int as n from events where correlation_id = $1', [id]);
    expect(rows[0].n).toBeGreaterThan(3);
    const denied = { code: '42501' }; // insufficient_privilege: refused before any trigger runs
    await expect(app.query(`update events set data = '{}' where correlation_id = $1`, [id])).rejects.toMatchObject(denied);
    await expect(app.query('delete from events where correlation_id = $1', [id])).rejects.toMatchObject(denied);
    await expect(app.query('truncate events')).rejects.toMatchObject(denied);
    // Nor can it take the protection away: only the owner alters the table or its triggers.
    await expect(app.query('alter table events disable trigger events_append_only')).rejects.toMatchObject(denied);
    await expect(app.query('drop table events')).rejects.toMatchObject(denied);
    await expect(app.query('create table sneaky (x int)')).rejects.toMatchObject(denied);
    await expect(app.query(`update streams set revision = revision where stream_id like 'declaration-%'`)).resolves.toBeDefined(); // sw_append keeps the stream records
    const { rows: [after] } = await app.query('select count(*)::int as n from events where correlation_id = $1', [id]);
    expect(after.n).toBe(rows[0].n);
  });

  it('the signed checkpoints are append-only to it too', async () => {
    const denied = { code: '42501' };
    await expect(app.query(`update audit_checkpoints set root = 'x'`)).rejects.toMatchObject(denied);
    await expect(app.query('delete from audit_checkpoints')).rejects.toMatchObject(denied);
    await expect(app.query('truncate audit_checkpoints')).rejects.toMatchObject(denied);
    await expect(app.query('delete from audit_signing_keys')).rejects.toMatchObject(denied);
  });
});
