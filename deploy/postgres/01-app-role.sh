#!/bin/sh
# The postgres image runs this once, when it initialises an empty data directory
# (/docker-entrypoint-initdb.d), as POSTGRES_USER: the server's least-privileged role, from
# app-role.sql (SW_APP_ROLE_SQL, default /sw/app-role.sql where docker-compose.yml mounts it) with
# SW_APP_PASSWORD. psql (15 or later) reads the password from the environment and quotes it
# (:'app_password'): it never appears on a command line.
set -eu
if [ -z "${SW_APP_PASSWORD:-}" ]; then
  echo "01-app-role.sh: SW_APP_PASSWORD is not set" >&2
  exit 1
fi
{
  printf '%s\n' '\getenv app_password SW_APP_PASSWORD' "select set_config('sw.app_password', :'app_password', false);"
  cat "${SW_APP_ROLE_SQL:-/sw/app-role.sql}"
} | psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet --username "$POSTGRES_USER" --dbname "$POSTGRES_DB"
