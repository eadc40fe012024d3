#!/usr/bin/env bash
# tui-lists.sh: the lists of the real client: a search typed after / narrows
# them as it is typed and Esc brings every row back, a click selects a row
# and a click on the selected row opens it (a record's versions are
# searched the same way), and a person's results of the year show as a
# sparkline; in Chinese and in English.
#
# Starts kaohed on a demo database with the shipped plans and monthly scores
# for 张三 under hanjiang-2015 (imported with kaohectl), and three kaohe
# clients in tmux at 80x24: A as qianfang (a supervising leader) on 审核,
# B as zhaoguo (the principal leader) on 排名, in a Chinese locale; C as
# zhangsan on 我的考核 in English (LANG=C.UTF-8).  The mouse is the xterm
# protocol the client asks tmux for (TERM=screen-256color: X10 encoding,
# ESC [ M, then button, column and row, each plus 32, 1-based), written
# into the pane as the terminal would.  Prints TAP.
#
#   tests/tui-lists.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..17"

# 张三's monthly scores (hundredths as typed): the sparkline's cells.
{
	echo "plan,period,person,part,score,rater"
	m=1
	for s in 88 90.5 92 85 79 93 91 87 95 89 94; do
		printf 'hanjiang-2015,%s%02d,zhangsan,halfyear,%s,admin\n' "$(date +%Y)" "$m" "$s"
		m=$((m + 1))
		[ "$m" -gt "$(date +%-m)" ] && break
	done
} >"$TMP/scores.csv"
"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 &&
    "$BUILD/kaohectl" --db "$TMP/db" import scores "$TMP/scores.csv" >>"$TMP/init.log" 2>&1 &&
    start_server
check $? "kaohed serves a demo database with 张三's monthly scores"

# client_en NAME: as client(), in English.
client_en() {
	T -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
	    "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=screen-256color XDG_CONFIG_HOME='$TMP/config' \
	    '$BUILD/kaohe' --server 'ipc://$TMP/req' $CLIENT_KEYS 2>'$TMP/$1.err'; \
	    echo kaohe-exit=\$?; sleep 30"
}

# login_en NAME LOGIN: log an English client in.
login_en() {
	wait_for "$1" "Login:" 5 || return 1
	T send-keys -t "=$1:" -l "$2"
	T send-keys -t "=$1:" Tab
	T send-keys -t "=$1:" -l demo123
	T send-keys -t "=$1:" Enter
	wait_for "$1" "Logged in as" 5 && wait_for "$1" "Connected" 5
}

# click NAME X Y: a press and a release of the left button at column X,
# row Y (0-based), as an xterm sends them.
click() {
	local cx cy
	cx=$(printf "\\$(printf '%03o' $(($2 + 33)))")
	cy=$(printf "\\$(printf '%03o' $(($3 + 33)))")
	T send-keys -t "=$1:" -l $'\e[M '"$cx$cy"
	T send-keys -t "=$1:" -l $'\e[M#'"$cx$cy"
}

# line_of NAME PATTERN: the 0-based row of the first line matching PATTERN.
line_of() { screen "$1" | grep -n -m1 -E -- "$2" | cut -d: -f1 | awk '{ print $1 - 1 }'; }

client a
client b
client_en c
login_as a qianfang "钱芳（" && login_as b zhaoguo "赵国强（"
check $? "client A logs in as qianfang, B as zhaoguo"

# ---- A: the review queue, narrowed by a search ----
T send-keys -t =a: 3
wait_for a "截止  类别" 3 && wait_for a "刘洋" 3 && wait_for a "陈静" 1
check $? "A's queue shows 刘洋 and 陈静"
T send-keys -t =a: /
T send-keys -t =a: -l "刘洋"
wait_for a "“刘洋_”" 2 && sleep 0.3
screen a | grep -q "刘洋" && ! screen a | grep -q "陈静"
check $? "A's search 刘洋 narrows the queue as it is typed: 陈静 is gone"
T send-keys -t =a: Escape
wait_for a "陈静" 2 && screen a | grep -q "刘洋" && ! screen a | grep -q "“刘洋"
check $? "Esc clears the search: 陈静 is back"

# ---- A: a click selects a row, a click on the selected row opens it ----
# the selected row is drawn black on cyan (46), the others are not
selected() { T capture-pane -p -e -t "=$1:" | sed -n "$(($2 + 1))p" | grep -q $'\e\[30m\e\[46m'; }
y=$(line_of a "陈静 .*月记实")
! selected a "${y:-0}" && click a 30 "${y:-0}" && sleep 0.3 &&
    selected a "$y" && screen a | grep -q "截止  类别"
check $? "a click on 陈静's row (row $y, not selected) selects it, the queue stays"
click a 30 "$y"
wait_for a "陈静 2026年10月月记实" 3 || wait_for a "陈静 $(date +%Y)年" 1
check $? "a second click on the selected row opens 陈静's record"
T send-keys -t =a: h
wait_for a "陈静 撰写，已提交" 3 && screen a | grep -q "^ 第1版 " && wait_for a "↑↓ 版本" 1
check $? "h shows the record's versions: 第1版, written by 陈静"
T send-keys -t =a: /
T send-keys -t =a: -l "更正"
wait_for a "“更正_” 0/1" 3 && wait_for a "没有符合搜索的内容" 1 && ! screen a | grep -q "第1版" &&
    T send-keys -t =a: Escape && wait_for a "陈静 撰写，已提交" 3
check $? "the versions are searched: 更正 finds none of 1, Esc brings 第1版 back"
T send-keys -t =a: Escape
wait_for a "等待 钱芳 审核" 3
T send-keys -t =a: q
wait_for a "截止  类别" 2
check $? "q goes back from the record to the queue"

# ---- B: the ranking, searched and filtered, and a person's sparkline ----
T send-keys -t =b: 9
wait_for b "kaohe 排名" 3 && wait_for b "名次 姓名" 5
choose_plan b "yongqiao-2015"
T send-keys -t =b: [
wait_for b "吴红" 5 && wait_for b "郑丽" 1
check $? "B shows last quarter's ranking of yongqiao-2015: 吴红, 郑丽"
T send-keys -t =b: /
T send-keys -t =b: -l "业务"
wait_for b "“业务_”" 2 && sleep 0.3
screen b | grep -q " 吴红 " && ! screen b | grep -q " 郑丽 "
check $? "B's search 业务 leaves 吴红 of 业务科, not 郑丽 of 人事科"
T send-keys -t =b: Escape
wait_for b " 郑丽 " 2
T send-keys -t =b: f
wait_for b "只看：优秀" 2 && screen b | grep -q " 吴红 " && ! screen b | grep -q " 周杰 "
check $? "f shows one grade: 优秀, only 吴红"
T send-keys -t =b: Enter
wait_for b "各季度结果" 5 && screen b | grep -E "各季度结果 [·▁▂▃▄▅▆▇█]+ " | grep -q "▇"
check $? "吴红's sheet shows the year's results as a sparkline, last quarter high"
echo "# $(screen b | grep '结果')"

# ---- C, in English: 我的考核 with the monthly sparkline, searched ----
login_en c zhangsan
T send-keys -t =c: 6
wait_for c "monthly results" 5 && wait_for c "Leader evaluati" 3
line=$(screen c | grep "monthly results")
echo "# $line"
cells=$(echo "$line" | sed 's/.*monthly results \([^ ]*\).*/\1/')
[ "$(echo -n "$cells" | wc -m)" -eq "$(date +%-m)" ] && echo "$cells" | grep -q "█"
check $? "C (English) shows 张三's monthly results, one cell a month, 95 as a full block"
T send-keys -t =c: /
T send-keys -t =c: -l "evaluation"
wait_for c "“evaluation_”" 2 && sleep 0.3
screen c | grep -q "Leader evaluati" && ! screen c | grep -q "Monthly record"
check $? "C's search narrows the records to the evaluation"

T send-keys -t =c: Escape
for s in a b c; do T send-keys -t "=$s:" q; done
T send-keys -t =b: q		# B was on a sheet: back, then quit
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 && wait_for c "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ] && [ ! -s "$TMP/c.err" ]
check $? "the three clients quit with q, status 0 and nothing on stderr"

report a b c
exit $(( failed > 0 ))
