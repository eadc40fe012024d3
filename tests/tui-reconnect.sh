#!/usr/bin/env bash
# tui-reconnect.sh: the server goes away while a user is typing.
#
# One client logs in; kaohed is killed with SIGKILL.  The client must say
# its data may be stale within a few seconds, keep the form the user is
# filling in, and hold the save it is given.  When kaohed is back on the
# same database, the client reconnects and resyncs by itself, the held save
# goes through exactly once, and a second client sees it.
#
#   tests/tui-reconnect.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..8"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database"

client a
login a
check $? "client A logs in as zhangsan"

{ kill -KILL "$SERVER_PID"; wait "$SERVER_PID"; } 2>/dev/null
SERVER_PID=""
wait_for a "数据可能过期" 5
check $? "client A says its data may be stale once the server is gone"

text="断线时写的日志${$}y$RANDOM"
add_entry a "$text"
wait_for a "待发送 1" 3
check $? "the save is held while the server is away"

start_server
check $? "kaohed restarts on the same database"

wait_for a "已连接" 8 && wait_for a "$text" 3
check $? "client A reconnects by itself and the held save goes through"

sleep 1.5		# time for any duplicate to show up
[ "$(screen a | grep -cF -- "$text")" -ge 1 ] && ! screen a | grep -qF "待发送"
check $? "nothing is left pending"

client b
login b && wait_for b "$text" 3 &&
    [ "$("$BUILD/kaohectl" --db "$TMP/db" log zhangsan | grep -cF -- "$text")" -eq 1 ]
check $? "a second client sees the entry, and the database holds it once"

report a b
exit $(( failed > 0 ))
