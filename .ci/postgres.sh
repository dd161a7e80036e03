# shellcheck shell=bash
# A PostgreSQL server for the ledger tests, on 127.0.0.1 only. Meant to be sourced by
# .ci/run before `npm test`: it exports TEND_TEST_POSTGRES_URL. Safe to source again.
#
# - TEND_TEST_POSTGRES_URL already set: nothing to do, the tests use that server.
# - Otherwise: install Debian's postgresql package when it is missing (needs root),
#   start the newest cluster with pg_ctlcluster, create the role and database `tend` /
#   `tend_test`, and point TEND_TEST_POSTGRES_URL at them.

tend_pg_sql() {
  # As the postgres superuser, from / so that psql does not complain about our cwd.
  (cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$1" -d postgres -tA -c "$2")
}

tend_pg_start() {
  if [[ -n "${TEND_TEST_POSTGRES_URL:-}" ]]; then
    echo "postgres.sh: using TEND_TEST_POSTGRES_URL as given"
    return 0
  fi
  if ! command -v pg_ctlcluster >/dev/null 2>&1 ||
    ! compgen -G '/etc/postgresql/*/main' >/dev/null; then
    echo "postgres.sh: installing PostgreSQL (Debian package postgresql)"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql || return 1
  fi
  local version port
  version="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1)"
  if [[ -z "$version" ]]; then
    echo "postgres.sh: no cluster under /etc/postgresql" >&2
    return 1
  fi
  local conf="/etc/postgresql/$version/main/conf.d/tend-test.conf"
  if [[ ! -f "$conf" ]]; then
    # Loopback only: the test server must never listen on another interface.
    echo "listen_addresses = '127.0.0.1'" >"$conf"
  fi
  if ! pg_ctlcluster "$version" main status >/dev/null 2>&1; then
    pg_ctlcluster "$version" main start || return 1
  fi
  port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"
  local tries=0
  until pg_isready -q -h 127.0.0.1 -p "$port"; do
    tries=$((tries + 1))
    if ((tries > 30)); then
      echo "postgres.sh: the server on 127.0.0.1:$port did not become ready" >&2
      return 1
    fi
    sleep 1
  done
  if [[ "$(tend_pg_sql "$port" "SELECT 1 FROM pg_roles WHERE rolname = 'tend'")" != 1 ]]; then
    tend_pg_sql "$port" "CREATE ROLE tend LOGIN PASSWORD 'tend'" || return 1
  fi
  local has_db="SELECT 1 FROM pg_database WHERE datname = 'tend_test'"
  if [[ "$(tend_pg_sql "$port" "$has_db")" != 1 ]]; then
    tend_pg_sql "$port" "CREATE DATABASE tend_test OWNER tend" || return 1
  fi
  export TEND_TEST_POSTGRES_URL="postgres://tend:tend@127.0.0.1:$port/tend_test"
  echo "postgres.sh: PostgreSQL $version ready on 127.0.0.1:$port, database tend_test"
}

tend_pg_start
