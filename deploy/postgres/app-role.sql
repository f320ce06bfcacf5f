-- The role the server runs as (docs/operations.md, "Least privilege"), made by the owner once:
-- it may log in to this database and nothing more. The server, migrating as the owner
-- (DATABASE_OWNER_URL), grants it at every start what it needs: read and insert events, never
-- update, delete or truncate them (apps/single-window/src/database/least-privilege.ts).
--
-- Plain SQL, so that any client runs it: the password comes from the session setting
-- sw.app_password (01-app-role.sh sets it from SW_APP_PASSWORD), the role's name from
-- sw.app_role (default sw_app). Idempotent: run again, it sets the password and changes nothing else.
do $$
declare
  v_role     text := coalesce(nullif(current_setting('sw.app_role', true), ''), 'sw_app');
  v_password text := coalesce(current_setting('sw.app_password', true), '');
begin
  if v_password = '' then
    raise exception 'sw.app_password is not set: give the postgres service SW_APP_PASSWORD';
  end if;
  if exists (select from pg_roles where rolname = v_role) then
    execute format('alter role %I login nosuperuser nocreatedb nocreaterole password %L', v_role, v_password);
  else
    execute format('create role %I login nosuperuser nocreatedb nocreaterole noinherit password %L', v_role, v_password);
  end if;
  execute format('grant connect on database %I to %I', current_database(), v_role);
end
$$;
