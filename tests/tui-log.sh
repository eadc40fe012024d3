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
TMUX_SOCK="kaohe-tui-$$"
T() { tmux -L "$TMUX_SOCK" "$@"; }

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }

for p in kaohed kaohectl kaohe; do
	if [ ! -x "$BUILD/$p" ]; then
		echo "1..0 # SKIP $BUILD/$p not built"
		exit 0
	fi
done
if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi
BUILD=$(cd "$BUILD" && pwd)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/kaohe-tui.XXXXXX")
SERVER_PID=""
cleanup() {
	T kill-server >/dev/null 2>&1
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# screen SESSION: the pane's text now.
screen() { T capture-pane -p -t "=$1:" 2>/dev/null; }

# Deciseconds since the epoch, for polling against a deadline.
ds() { date +%s%1N; }

# wait_for SESSION TEXT SECONDS: poll the pane until TEXT shows.
wait_for() {
	local end=$(( $(ds) + $3 * 10 ))
	while [ "$(ds)" -le "$end" ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

echo "1..9"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1
check $? "kaohectl init --demo"

"$BUILD/kaohed" --db "$TMP/db" --listen "ipc://$TMP/req" --daemon >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	[ -S "$TMP/req" ] && [ -S "$TMP/req.pub" ] && break
	sleep 0.1
done
[ -S "$TMP/req" ] && kill -0 "$SERVER_PID" 2>/dev/null
check $? "kaohed listens on ipc://$TMP/req"

client() {
	T -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
	    "env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 TERM=screen-256color \
	    '$BUILD/kaohe' --server 'ipc://$TMP/req' 2>'$TMP/$1.err'; \
	    echo kaohe-exit=\$?; sleep 30"
}
login() {
	wait_for "$1" "用户名" 5 || return 1
	T send-keys -t "=$1:" -l zhangsan
	T send-keys -t "=$1:" Tab
	T send-keys -t "=$1:" -l demo123
	T send-keys -t "=$1:" Enter
	wait_for "$1" "张三（综合科）" 5 && wait_for "$1" "已连接" 5
}

client a
client b
login a
check $? "client A logs in as zhangsan"
login b
check $? "client B logs in as zhangsan"

# The same words as the demo data would not prove anything: add a suffix.
text="测试日志一条${$}x$RANDOM"
T send-keys -t =a: a
wait_for a "新增日志" 3 || true
T send-keys -t =a: Enter Enter		# date (today), category (业务工作)
T send-keys -t =a: -l 2			# hours
T send-keys -t =a: Enter Enter		# to overtime (0), to content
T send-keys -t =a: -l "$text"
T send-keys -t =a: Enter			# Enter on the last field saves
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

if [ "$failed" -ne 0 ]; then
	for s in a b; do
		echo "# screen of client $s:"
		screen "$s" | sed 's/^/#   /'
		sed 's/^/# stderr: /' "$TMP/$s.err" 2>/dev/null | head -40
	done
	sed 's/^/# server: /' "$TMP/server.log" | tail -20
fi
exit $(( failed > 0 ))
