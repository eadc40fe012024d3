# tui-lib.sh: shared helpers for the tmux tests of the real client.
# Source it after setting BUILD; it sets up TMP, a private tmux server, TAP
# counters and cleanup.

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
# choose_plan SESSION TEXT: press p (the next plan) until the screen shows
# TEXT; status 0 if it does.
choose_plan() {
	for _ in 1 2 3 4; do
		screen "$1" | grep -q "$2" && return 0
		T send-keys -t "=$1:" p
		sleep 1
	done
	screen "$1" | grep -q "$2"
}

wait_for() {
	local end=$(( $(ds) + $3 * 10 ))
	while [ "$(ds)" -le "$end" ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
	done
	return 1
}

# start_server: kaohed on the demo database in $TMP, in the background.
start_server() {
	"$BUILD/kaohed" --db "$TMP/db" --listen "ipc://$TMP/req" --daemon >>"$TMP/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 50); do
		[ -S "$TMP/req" ] && [ -S "$TMP/req.pub" ] && break
		sleep 0.1
	done
	[ -S "$TMP/req" ] && kill -0 "$SERVER_PID" 2>/dev/null
}

# The client's CURVE keys: the server's public key that kaohectl init wrote
# beside the database, and the workstation's own pair under $TMP/config
# (never the tester's ~/.config).
export XDG_CONFIG_HOME="$TMP/config"
# Local drafts (client/client-draft.c) under $TMP too, never the tester's
# ~/.local/state.
export XDG_STATE_HOME="$TMP/state"
CLIENT_KEYS="--server-key '$TMP/db/server.key'"
# Made once here, so no client says on stderr that it made one.
CLIENT_PUB=$("$BUILD/kaohe" --show-key 2>/dev/null | head -1)

# client NAME [LOCALE]: a kaohe client at 80x24 in tmux, in a Chinese
# locale unless told another; its TERM is $CLIENT_TERM (screen-256color
# unless set) and $CLIENT_ENV (VAR=value ...) is added to its environment.
client() {
	local loc=${2:-zh_CN.UTF-8}
	T -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
	    "env LANG=$loc LC_ALL=$loc TERM=${CLIENT_TERM:-screen-256color} $CLIENT_ENV XDG_CONFIG_HOME='$TMP/config' XDG_STATE_HOME='$TMP/state' \
	    '$BUILD/kaohe' --server 'ipc://$TMP/req' $CLIENT_KEYS 2>'$TMP/$1.err'; \
	    echo kaohe-exit=\$?; sleep 30"
}

# login NAME: log the client in as zhangsan.
login() {
	wait_for "$1" "用户名" 5 || return 1
	T send-keys -t "=$1:" -l zhangsan
	T send-keys -t "=$1:" Tab
	T send-keys -t "=$1:" -l demo123
	T send-keys -t "=$1:" Enter
	wait_for "$1" "张三（综合科）" 5 && wait_for "$1" "已连接" 5
}

# type_login NAME LOGIN [PROMPT]: once the login form shows PROMPT
# (default 用户名), type LOGIN and the password demo123 and press Enter.
type_login() {
	wait_for "$1" "${3:-用户名}" 5 || return 1
	T send-keys -t "=$1:" -l "$2"
	T send-keys -t "=$1:" Tab
	T send-keys -t "=$1:" -l demo123
	T send-keys -t "=$1:" Enter
}

# login_as NAME LOGIN SHOWN: log the client in as LOGIN (password demo123)
# and wait for SHOWN, e.g. "钱芳（", in its title.
login_as() {
	type_login "$1" "$2" || return 1
	wait_for "$1" "$3" 5 && wait_for "$1" "已连接" 5
}

# row_of NAME HEADER PATTERN: the 0-based position of the first line
# matching PATTERN (an extended regex) among the lines after the one
# holding HEADER, or nothing.
row_of() {
	screen "$1" | awk -v h="$2" -v p="$3" '
		found && $0 ~ p { print n; exit }
		found { n++ }
		index($0, h) { found = 1; n = 0 }'
}

# add_entry NAME TEXT: open the form, fill hours 2 and TEXT, press Enter.
add_entry() {
	T send-keys -t "=$1:" a
	wait_for "$1" "新增日志" 3 || true
	T send-keys -t "=$1:" Enter Enter	# date (today), category (业务工作)
	T send-keys -t "=$1:" -l 2		# hours
	T send-keys -t "=$1:" Enter Enter	# to overtime (empty), to content
	T send-keys -t "=$1:" -l "$2"
	T send-keys -t "=$1:" Enter		# Enter on the last field saves
}

# report SESSIONS...: on failure, show screens, stderr and the server log.
report() {
	[ "$failed" -eq 0 ] && return
	for s in "$@"; do
		echo "# screen of client $s:"
		screen "$s" | sed 's/^/#   /'
		sed 's/^/# stderr: /' "$TMP/$s.err" 2>/dev/null | head -40
	done
	[ -f "$TMP/server.log" ] && sed 's/^/# server: /' "$TMP/server.log" | tail -20
}
