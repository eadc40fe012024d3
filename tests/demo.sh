#!/usr/bin/env bash
# demo.sh: make a demo database (once), start kaohed on loopback in the
# background, and open a client.  Used by `make demo`.  kaohectl init makes
# the server's CURVE key pair in demo/db; the client is given its public
# key (demo/db/server.key) and keeps its own pair in demo/config.
set -eu
build=${1:-build}
cd "$(dirname "$0")/.."
dir=demo
port=${KAOHE_DEMO_PORT:-7410}
endpoint="tcp://127.0.0.1:$port"
export XDG_CONFIG_HOME="$PWD/$dir/config"

if [ ! -f "$dir/db/data.mdb" ]; then
	mkdir -p "$dir"
	"$build/kaohectl" init "$dir/db" --calendar schema/calendar-2026.csv --demo --plans schema/plans \
	    >"$dir/accounts.txt"
fi
# A database made before kaohe had keys gets its pair now.
[ -f "$dir/db/server.secret" ] || "$build/kaohectl" --db "$dir/db" keys create >/dev/null
if [ -f "$dir/kaohed.pid" ] && kill -0 "$(cat "$dir/kaohed.pid")" 2>/dev/null; then
	echo "kaohed is already running (pid $(cat "$dir/kaohed.pid"))"
else
	"$build/kaohed" --db "$dir/db" --listen "$endpoint" --daemon 2>"$dir/kaohed.log" &
	echo $! >"$dir/kaohed.pid"
	sleep 0.3
	if ! kill -0 "$(cat "$dir/kaohed.pid")" 2>/dev/null; then
		echo "kaohed did not start:" >&2
		cat "$dir/kaohed.log" >&2
		exit 1
	fi
fi
cat <<MSG

kaohe demo: kaohed is serving $dir/db on $endpoint (pid $(cat "$dir/kaohed.pid"),
log in $dir/kaohed.log).

Log in as zhangsan (张三, staff) with password demo123; every demo account
uses demo123.  The accounts are listed in $dir/accounts.txt.  Traffic is
CURVE-encrypted; clients need the server's public key.  Open more with:
  XDG_CONFIG_HOME=$dir/config $build/kaohe --server $endpoint --server-key $dir/db/server.key
Watch the server console instead of the log: stop it with
  kill \$(cat $dir/kaohed.pid)
and run   $build/kaohed --db $dir/db --listen $endpoint
Stop the demo server:   kill \$(cat $dir/kaohed.pid)

MSG
if [ -t 0 ] && [ -t 1 ]; then
	printf 'Press Enter to open the client... '
	read -r _
	exec "$build/kaohe" --server "$endpoint" --server-key "$dir/db/server.key" --user zhangsan
fi
