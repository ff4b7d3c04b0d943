#!/usr/bin/env bash
# The read replica (compose.yaml): on an empty data folder, copy the primary with
# pg_basebackup (-R writes standby.signal and the connection), then run PostgreSQL
# as a hot standby. Dashboards and public results read it (DATABASE_REPLICA_URL).
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h db -U "$POSTGRES_USER"; do sleep 1; done
  export PGPASSWORD="$REPLICATION_PASSWORD"
  pg_basebackup -h db -U replicator -D "$PGDATA" -R -X stream -P
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on -c max_standby_streaming_delay=30s
