#!/usr/bin/env bash
# tui-offline.sh: the server freezes (kill -STOP) under a logged-in client.
#
# Heartbeats come once a second; the client must say 连接中断 on its status
# line within 3 seconds of the last one stopping, and when kaohed is thawed
# (kill -CONT) come back to 已连接 by itself.
#
#   tests/tui-offline.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..4"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database"

client a
login a
check $? "client A logs in and is connected"

kill -STOP "$SERVER_PID"
t0=$(ds)
wait_for a "连接中断" 3
rc=$?
echo "# 连接中断 shown after $(( $(ds) - t0 )) ds"
check $rc "the status line says 连接中断 within 3 s of kill -STOP"

kill -CONT "$SERVER_PID"
wait_for a "已连接" 5 && ! screen a | grep -qF "连接中断"
check $? "after kill -CONT the client is 已连接 again by itself"

report a
exit $(( failed > 0 ))
