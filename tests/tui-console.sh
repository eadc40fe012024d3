#!/usr/bin/env bash
# tui-console.sh: the admin's server console.
#
# kaohed runs on a terminal (tmux at 80x24, Chinese locale), so it draws its
# dashboard.  A client saves a daily log entry; the console's latest changes
# show it without a key press; `a` shows the audit log with the write; `q`
# stops the server cleanly.
#
#   tests/tui-console.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..6"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1
T -f /dev/null new-session -d -s srv -x 80 -y 24 \
    "env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 TERM=screen-256color \
    '$BUILD/kaohed' --db '$TMP/db' --listen 'ipc://$TMP/req' 2>'$TMP/srv.err'; \
    echo kaohed-exit=\$?; sleep 30"
wait_for srv "服务器控制台" 5 && wait_for srv "连接" 1
check $? "kaohed on a terminal draws its console"

client a
login a
check $? "a client logs in beside the console"

text="控制台看得见${$}z$RANDOM"
add_entry a "$text"
wait_for a "已保存" 5 && wait_for srv "${text:0:8}" 3
check $? "the console shows the new entry without a key press"

T send-keys -t =srv: a
wait_for srv "审计日志" 3 && wait_for srv "log.put" 2 && wait_for srv "zhangsan" 1
check $? "a shows the audit log with the write and who made it"

T send-keys -t =srv: a
wait_for srv "最新变更" 3
check $? "a again returns to the dashboard"

T send-keys -t =a: q
T send-keys -t =srv: q
# after the console closes kaohed says where it stopped, and nothing else
wait_for srv "kaohed-exit=0" 5 && grep -q "已停止，序号" "$TMP/srv.err" &&
    ! grep -v "已停止，序号" "$TMP/srv.err" | grep -q .
check $? "q stops the server: status 0, no error on stderr"

report a srv
exit $(( failed > 0 ))
