#!/usr/bin/env bash
# tui-forms.sh: the forms as people want them, through the real client at
# 80x24: a wrong value is explained beside its field as it is typed, and
# nothing typed is lost to a killed client or a dead server.
#
#   1. in English: 25 in the log form's Hours says "At most 24 hours" on
#      the Hours line; Backspace takes it away again; Esc closes the form
#      at once (a short ESC delay, not curses' second);
#   2. in Chinese: a Chinese entry half typed, the client killed with
#      SIGKILL; started again, the form brings the text back, and the
#      draft file was 0600;
#   3. the server killed while typing goes on; the entry saved into the
#      queue, then the client killed too: with both back, the form offers
#      the text again (it may not have reached the server), and saving it
#      stores it whole and removes the draft;
#   4. 我的考核's CSV export says where it wrote, and the file is there;
#   5. the admin's commendation form on a ranked sheet: the work half
#      typed, the client killed; started again, the form brings it back,
#      and once the server has it the draft is gone.
#
# Prints TAP.  Runs in about 35 seconds.
#
#   tests/tui-forms.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..18"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database"

mkdir -p "$TMP/home"
# start NAME LANG: a client at 80x24 in that language, its files under $TMP.
start() {
	T -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
	    "cd '$TMP/home'; env HOME='$TMP/home' LANG=$2 LC_ALL=$2 TERM=screen-256color \
	    XDG_CONFIG_HOME='$TMP/config' XDG_STATE_HOME='$TMP/state' \
	    '$BUILD/kaohe' --server 'ipc://$TMP/req' $CLIENT_KEYS 2>>'$TMP/$1.err'; \
	    echo kaohe-exit=\$?; sleep 30"
}
# kill_client NAME: SIGKILL the kaohe of that pane, by its pid.
kill_client() {
	local pane kid
	pane=$(T list-panes -t "=$1:" -F '#{pane_pid}')
	kid=$(pgrep -P "$pane")
	[ -n "$kid" ] && kill -KILL "$kid"
	wait_for "$1" "kaohe-exit=137" 3
}
# line_with NAME TEXT: the screen's lines holding TEXT.
line_with() { screen "$1" | grep -F -- "$2"; }
drafts="$TMP/state/kaohe/drafts"

# ---- 1. the reason beside the field, in English ----
start en C.UTF-8
wait_for en "Login:" 5 && T send-keys -t =en: -l zhangsan && T send-keys -t =en: Tab &&
    T send-keys -t =en: -l demo123 && T send-keys -t =en: Enter &&
    wait_for en "Connected" 5
T send-keys -t =en: a
wait_for en "New entry" 3
T send-keys -t =en: Enter Enter		# date (today), category
T send-keys -t =en: -l 25
wait_for en "At most 24 hours" 3 && line_with en "At most 24 hours" | grep -qE "! Hours +25 "
check $? "English: 25 hours says \"At most 24 hours\" on the Hours line at once"
T send-keys -t =en: BSpace
wait_for en "hours, e.g. 7.5" 3 && ! screen en | grep -qF "At most 24 hours" &&
    line_with en "hours, e.g. 7.5" | grep -qE "> Hours +2 "
check $? "English: fixed to 2, the reason goes and the hint is back"
t0=$(ds)
T send-keys -t =en: Escape
wait_for en "Cancelled, not saved" 3
took=$(( ($(ds) - t0) * 100 ))
echo "# Esc took effect after ${took} ms"
[ "$took" -le 600 ]
check $? "a lone Esc acts at once (${took} ms; curses would wait 1000 ms for a key sequence)"
T send-keys -t =en: q && wait_for en "kaohe-exit=0" 3
check $? "English: Esc threw the entry away and q quits"

# ---- 2. a killed client loses nothing ----
text="会议纪要草稿${$}号"
start a zh_CN.UTF-8
login a
T send-keys -t =a: a
wait_for a "新增日志" 3
T send-keys -t =a: Enter Enter
T send-keys -t =a: -l 2
T send-keys -t =a: Enter Enter
T send-keys -t =a: -l "$text"
wait_for a "$text" 2
sleep 1.3				# a draft reaches the disk within a second
kill_client a
check $? "the client is killed with SIGKILL while the entry is typed"
f=$(ls "$drafts"/*log%2Fnew.draft 2>/dev/null | head -1)
[ -n "$f" ] && [ "$(stat -c %a "$f")" = 600 ] && [ "$(stat -c %a "$drafts")" = 700 ] &&
    grep -qF "$text" "$f"
check $? "its draft is on disk, 0600 in a 0700 directory"
T kill-session -t =a:
start a zh_CN.UTF-8
login a
T send-keys -t =a: a
wait_for a "$text" 3 && wait_for a "已恢复" 2 && line_with a "内容" | grep -qF "$text"
check $? "started again, the new entry form brings the Chinese text back"

# ---- 3. the server dies while typing goes on ----
kill "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null
SERVER_PID=""
T send-keys -t =a: BTab			# the restored form opens on its first field
T send-keys -t =a: -l "续写"
wait_for a "连接中断" 4 || wait_for a "重新连接中" 2
T send-keys -t =a: Enter			# saves: into the queue
wait_for a "[待发送]" 3
check $? "with the server gone the entry is queued as unsent"
sleep 0.3
kill_client a
T kill-session -t =a:
start_server
start a zh_CN.UTF-8
login a
# the entry never reached the server: the form offers it again
T send-keys -t =a: a
wait_for a "${text}续写" 3 && wait_for a "可能未收到" 2
check $? "server and client back, the queued entry's text is offered again"
T send-keys -t =a: C-s			# Ctrl-S saves from any field
wait_for a "已保存" 5 && wait_for a "${text}续写" 2 && ! screen a | grep -qF "[待发送]"
check $? "saved again, the server has the whole text"
sleep 0.5
! ls "$drafts" 2>/dev/null | grep -q "log%2F"
check $? "the server's acknowledgement removed the entry's drafts"

# ---- 4. an export says where it wrote ----
T send-keys -t =a: 6
wait_for a "我的考核" 3
T send-keys -t =a: x
wait_for a "导出到" 3 && T send-keys -t =a: y
wait_for a "已导出" 5 && csv=$(ls "$TMP"/home/kaohe-archive-zhangsan-*.csv 2>/dev/null | head -1) &&
    [ -n "$csv" ] && grep -q "张三" "$csv"
check $? "我的考核's CSV export completes with its message (${csv##*/})"

# ---- 5. the commendation form's draft ----
# commend_form NAME: as admin, last quarter's ranking, the first sheet, a.
commend_form() {
	start "$1" zh_CN.UTF-8
	login_as "$1" admin "周敏（" || return 1
	T send-keys -t "=$1:" 9
	wait_for "$1" "名次 姓名" 5 || return 1
	T send-keys -t "=$1:" '['
	wait_for "$1" "吴红" 5 || return 1
	T send-keys -t "=$1:" Enter
	wait_for "$1" "表彰和通报批评" 5 || return 1
	T send-keys -t "=$1:" a
	wait_for "$1" "录入表彰或通报批评：吴红" 3
}
work="抗洪抢险先进个人${$}号"
commend_form c
T send-keys -t =c: -l "$work"
wait_for c "$work" 2 && line_with c "工作" | grep -qF "$work"
check $? "the commendation form takes the work in Chinese"
sleep 1.3
kill_client c
ls "$drafts" 2>/dev/null | grep -q "admin,commend%2F" && grep -qF "$work" "$drafts"/*commend%2F*
check $? "killed, the client left the commendation's draft on disk"
T kill-session -t =c:
commend_form c && wait_for c "已恢复" 2 && line_with c "工作" | grep -qF "$work"
check $? "started again, the commendation form brings the work back"
T send-keys -t =c: C-s
wait_for c "已录入" 5 && line_with c "区级表彰" | grep -qF "$work" && sleep 0.5 &&
    ! ls "$drafts" 2>/dev/null | grep -q "commend%2F"
check $? "saved, the sheet lists the commendation and its draft is gone"
T send-keys -t =c: q
T send-keys -t =c: q

T send-keys -t =a: q
wait_for a "kaohe-exit=0" 3 && wait_for c "kaohe-exit=0" 3 && [ ! -s "$TMP/a.err" ] &&
    [ ! -s "$TMP/en.err" ] && [ ! -s "$TMP/c.err" ]
check $? "the clients quit with q, status 0 and nothing on stderr"

report en a c
exit $(( failed > 0 ))
