#!/bin/sh
# pg.sh CLIENTS SECONDS: PostgreSQL's durable single-row inserts per second
# from CLIENTS clients (pgbench, synchronous_commit=on, fsync on), on a
# throwaway cluster in a temporary directory on loopback, removed after.
# Prints one line: pg_tps=N.  As root, the cluster runs as user postgres.
set -eu
clients=${1:-32}
seconds=${2:-8}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bindir" ] || bindir=$(dirname "$(command -v pg_ctl)")
dir=$(mktemp -d /tmp/kaohe-bench-pg-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
	echo $((20000 + $$ % 20000)))
as=""
if [ "$(id -u)" = 0 ]; then
	chown postgres "$dir"
	as="runuser -u postgres --"
fi
cleanup() {
	$as "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT INT TERM
$as "$bindir/initdb" -D "$dir/data" -A trust -U bench --no-instructions >"$dir/initdb.log" 2>&1 ||
	{ cat "$dir/initdb.log" >&2; exit 1; }
$as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
	-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=$((clients + 10)) -c synchronous_commit=on -c fsync=on" \
	start >/dev/null || { cat "$dir/pg.log" >&2; exit 1; }
psql() { $as "$bindir/psql" -h 127.0.0.1 -p "$port" -U bench -d postgres -qAt "$@"; }
psql -c "create table log (id bigserial primary key, owner bigint not null, day int not null,
	content text not null, minutes int not null, category int not null)"
cat >"$dir/insert.sql" <<'SQL'
\set owner random(1, 100)
insert into log (owner, day, content, minutes, category) values (:owner, 20260315, '起草第四季度考核工作方案，征求各科室意见并修改完善', 60, 1);
SQL
chmod 644 "$dir/insert.sql"
out=$($as "$bindir/pgbench" -h 127.0.0.1 -p "$port" -U bench -n -M prepared -c "$clients" \
	-j "$(nproc)" -T "$seconds" -f "$dir/insert.sql" postgres 2>&1) || { echo "$out" >&2; exit 1; }
tps=$(echo "$out" | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1)
[ -n "$tps" ] || { echo "$out" >&2; exit 1; }
echo "pg_tps=$tps"
