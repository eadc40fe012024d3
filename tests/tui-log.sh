#!/usr/bin/env bash
# tui-log.sh: the daily log as users see it, through two real clients.
#
# Starts kaohed on a demo database in a temporary directory, runs two kaohe
# clients in tmux at 80x24 in a Chinese locale, logs both in as zhangsan,
# saves a Chinese log entry in the first and expects it on the second's
# screen within 3 seconds without a key being pressed there.  Then shrinks
# the first to 60x20 for the "terminal too small" screen and back.
# Prints TAP: "ok N - ..." / "not ok N - ...".
#
#   tests/tui-log.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..9"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1
check $? "kaohectl init --demo"

start_server
check $? "kaohed listens on ipc://$TMP/req"

client a
client b
login a
check $? "client A logs in as zhangsan"
login b
check $? "client B logs in as zhangsan"

# The same words as the demo data would not prove anything: add a suffix.
text="测试日志一条${$}x$RANDOM"
add_entry a "$text"
wait_for a "已保存" 5 && wait_for a "$text" 1
check $? "client A saves a Chinese entry"

# Client B gets no key: the update must arrive on its own.
wait_for b "$text" 3
check $? "client B shows the entry within 3 s without a key press"

T resize-window -t =a: -x 60 -y 20
wait_for a "terminal too small" 3 && wait_for a "终端太小" 1
check $? "client A shows the too-small screen at 60x20"

T resize-window -t =a: -x 80 -y 24
wait_for a "$text" 3 && wait_for a "kaohe 日志" 1
check $? "client A recovers at 80x24"

# q leaves at once when nothing is pending; a sanitizer build would have
# something to say on stderr.
T send-keys -t =a: q
T send-keys -t =b: q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
