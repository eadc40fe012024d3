#!/usr/bin/env bash
# guide-shots.sh: capture the screens of docs/guide.md from the real client
# and write them into the guide, so that what it shows stays true.
#
#   tests/guide-shots.sh [BUILD_DIR]            rewrite docs/guide.md
#   tests/guide-shots.sh [BUILD_DIR] --check    only say which shots differ
#
# A demo office (kaohectl init --demo --plans schema/plans) is served on
# tcp://127.0.0.1:7840, and clients at 80x24 in Chinese, one per user, act
# out the story the guide tells, in its order: 张三 logs in and keeps her
# log, writes and submits the monthly record; 周杰 writes a summary; 钱芳
# reviews and evaluates; 赵国强, 李华 and 李四 score; the admin 周敏
# administers; 何军 inspects; 罗敏 files.  Each capture (tmux capture-pane)
# replaces the ``` block after its marker in the guide:
#
#   <!-- shot: NAME -->              the whole 80x24 screen
#   <!-- shot: NAME lines A-B -->    lines A to B of it (1-based)
#
# A marker the script has no capture for is reported and left alone, and so
# is a block without a marker.  Not part of make test: it takes about a
# minute, and a capture differs from run to run in the clock (submission
# times) only.  Run it after changing a screen, and read the diff.

BUILD=build
CHECK=""
for a in "$@"; do
	case "$a" in
	--check) CHECK=1 ;;
	*) BUILD=$a ;;
	esac
done
cd "$(dirname "$0")/.."
GUIDE=docs/guide.md
. tests/tui-lib.sh
PORT=7840
ENDPOINT="tcp://127.0.0.1:$PORT"
SHOTS="$TMP/shots"
mkdir -p "$SHOTS" "$TMP/home"

"$BUILD/kaohectl" init "$TMP/db" --calendar schema/calendar-2026.csv --plans schema/plans \
    --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log"; exit 1; }
"$BUILD/kaohed" --db "$TMP/db" --listen "$ENDPOINT" --daemon >>"$TMP/server.log" 2>&1 &
SERVER_PID=$!
sleep 1
kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log"; exit 1; }

# open NAME: a client at 80x24 in Chinese, logged out.
open() {
	T -f /dev/null new-session -d -s "$1" -x 80 -y 24 \
	    "cd '$TMP/home'; env HOME='$TMP/home' LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
	    TERM=screen-256color XDG_CONFIG_HOME='$TMP/config' XDG_STATE_HOME='$TMP/state' \
	    '$BUILD/kaohe' --server '$ENDPOINT' $CLIENT_KEYS 2>>'$TMP/$1.err'; sleep 600"
	wait_for "$1" "用户名" 5
}
# as NAME LOGIN SHOWN: a client logged in as LOGIN.
as() {
	open "$1"
	login_as "$1" "$2" "$3" || echo "guide-shots: $2 did not log in" >&2
	sleep 0.3
}
k() { local s=$1; shift; T send-keys -t "=$s:" "$@"; sleep 0.25; }	# keys
t() { T send-keys -t "=$1:" -l "$2"; sleep 0.25; }			# text
w() { wait_for "$1" "$2" "${3:-5}" || echo "guide-shots: $1 never showed \"$2\"" >&2; }
# shot SESSION NAME: keep the screen now as NAME.
shot() { sleep 0.4; screen "$1" >"$SHOTS/$2"; }
# down SESSION HEADER PATTERN: move the selection to the row matching
# PATTERN under HEADER (from the first row).
down() {
	local r
	r=$(row_of "$1" "$2" "$3")
	for _ in $(seq 1 "${r:-0}"); do T send-keys -t "=$1:" Down; done
	sleep 0.3
}

# ---- getting started ----
open start
t start zhangsan
k start Tab
shot start login

# ---- staff: 张三 ----
as zs zhangsan "张三（综合科）"
shot zs log
k zs a
w zs "新增日志"
k zs Enter Enter
t zs 25
w zs "最多 24 小时"
shot zs log-form
k zs BSpace
k zs Enter Enter
t zs "整理本周会议纪要，报送科室周报"
k zs Enter
w zs "已保存"
k zs 2
w zs "月记实"
shot zs month
k zs Enter
w zs "Ctrl-T"
shot zs month-edit
k zs C-t
w zs "提交"
k zs y
w zs "已提交"
k zs Escape
k zs 6
w zs "我的考核"
shot zs mine

# ---- department head: 周杰 ----
as zj zhoujie "周杰（综合科）"
k zj 4
w zj "小结状态"
shot zj summary

# ---- supervising leader: 钱芳 ----
as qf qianfang "钱芳（"
k qf 3
w qf "待点评"
shot qf queue
k qf Right
down qf "截止" "张三"
k qf Enter
w qf "下月工作计划"
shot qf queue-open
k qf c
t qf "数据准确及时，一网通办梳理进度较好，继续保持。"
w qf "Ctrl-S"
shot qf queue-comment
k qf C-s
w qf "已点评备案"
k qf Escape
k qf 5
w qf "评鉴状态"
shot qf eval
k qf Enter
w qf "签署评鉴"
k qf Right Tab
t qf "工作扎实，能按时完成各项任务，"
shot qf eval-sign
k qf Escape
k qf Escape
k qf y

# ---- principal leader: 赵国强 ----
as zg zhaoguo "赵国强（"
k zg 3
w zg "待签署"
shot zg principal-queue

# ---- raters: 李华 (leadership team), 李四 (peers) ----
as lh lihua "李华（"
k lh 8
w lh "应评"
down lh "领导班子成员评价（" "郑丽"
k lh Enter
t lh 86.5
k lh Enter
w lh "已评分"
shot lh ballot

as ls lisi "李四（"
k ls 8
w ls "应评"
down ls "民意测评（" "吴红"
k ls Enter
t ls 101
w ls "分数应在 0 到 100 之间"
shot ls ballot-reason
k ls BSpace BSpace BSpace
t ls 88
k ls Enter
w ls "(y/n)"
shot ls ballot-vote
k ls y
w ls "已投票"

# ---- rankings ----
k zg 9
w zg "名次 姓名"
choose_plan zg "yongqiao-2015" >/dev/null
k zg '['
w zg "92.05"
shot zg rank
down zg "名次 姓名" "周杰"
k zg Enter
w zg "评分项"
shot zg rank-sheet
k zg Escape
k zg x
w zg "已导出"
shot zg rank-export

as ad admin "周敏（"
k ad 9
w ad "名次 姓名"
choose_plan ad "hanjiang-2015" >/dev/null
for _ in 1 2 3; do
	screen ad | grep -q "年度  hanjiang" && break
	k ad t
	sleep 0.5
done
w ad "年度  hanjiang"
shot ad rank-annual
k ad Enter
w ad "年度结果"
shot ad rank-annual-sheet
k ad Escape
choose_plan ad "yongqiao-2015" >/dev/null
for _ in 1 2 3; do
	screen ad | grep -q "第四季度  yongqiao" && break
	k ad t
	sleep 0.5
done
w ad "第四季度  yongqiao"
k ad P
w ad "公示"
k ad y
w ad "公示未成功"
shot ad rank-publish
k ad Enter
w ad "评分项"
k ad a
w ad "录入表彰"
t ad "防汛抗旱值守"
k ad Tab
t ad "区委办通报表扬"
shot ad rank-commend
k ad Escape
k ad Escape

# ---- points ledgers: 周杰 ----
k zj 9
w zj "名次"
k zj i
w zj "积分"
k zj a
w zj "登记积分"
shot zj ledger-form
k zj Escape
down zj "名次" "张三"
k zj Enter
w zj "合计"
shot zj ledger-entries
k zj Escape
k zj Escape

# ---- admin: 周敏 ----
k ad 7
w ad "单位"
shot ad admin
k ad Tab Tab
w ad "起止"
shot ad admin-periods
k ad Tab Tab Tab
w ad "分管领导"
k ad a
w ad "新增单位"
shot ad admin-unit-form
k ad Escape
k ad Tab
k ad a
w ad "新增账号"
t ad "wang li"
shot ad admin-person-form
k ad Escape

# ---- party building: 何军 inspects, 周杰 checks his unit ----
as hj hejun "何军（"
k hj 0
w hj "党建"
shot hj orgs-checklist
choose_plan hj "温州市" >/dev/null
w hj "自查分"
shot hj orgs
down hj "名次 " "业务科"
k hj Enter
w hj "标准分"
k hj a
w hj "录入扣分"
k hj Right Right Tab C-u
t hj 2
k hj Tab
t hj "中心组集中学习全年仅4次，见机关党委学习记录"
shot hj orgs-finding
k hj C-s
w hj "录入扣分已完成"
k hj Enter
w hj "评分方法"
shot hj orgs-item
k hj Escape
k hj h
w hj "历次考核"
shot hj orgs-archive
k hj Escape

k zj 0
w zj "党建"
choose_plan zj "温州市" >/dev/null
k zj Enter
w zj "标准分"
shot zj orgs-self

# ---- organisation department: 罗敏 ----
as lm luomin "罗敏（"
w lm "审核"
shot lm orgdept

# ---- into the guide ----
awk -v dir="$SHOTS" -v check="$CHECK" '
	function flush_shot(name, a, b,    line, n, out) {
		out = ""
		n = 0
		while ((getline line < (dir "/" name)) > 0) {
			n++
			sub(/[ \t]+$/, "", line)
			if (n >= a && (b == 0 || n <= b))
				out = out line "\n"
		}
		close(dir "/" name)
		return out
	}
	/^<!-- shot: / {
		print
		name = $3
		a = 1; b = 0
		if ($4 == "lines") { split($5, r, "-"); a = r[1] + 0; b = r[2] + 0 }
		if ((getline fence) <= 0) exit
		print fence
		if (fence !~ /^```/) next
		old = ""
		while ((getline line) > 0 && line !~ /^```/)
			old = old line "\n"
		if (system("test -s \"" dir "/" name "\"") != 0) {
			print "guide-shots: no capture for " name ": left as it was" > "/dev/stderr"
			printf "%s", old
		} else {
			new = flush_shot(name, a, b)
			if (new != old)
				print "guide-shots: " name " changed" > "/dev/stderr"
			printf "%s", (check ? old : new)
		}
		print "```"
		next
	}
	{ print }
' "$GUIDE" >"$TMP/guide.md"
if [ -z "$CHECK" ]; then
	cp "$TMP/guide.md" "$GUIDE"
	echo "guide-shots: $(ls "$SHOTS" | wc -l) screens captured into $GUIDE"
fi
# SHOTS_OUT=DIR keeps every capture there, for a look.
[ -n "${SHOTS_OUT:-}" ] && mkdir -p "$SHOTS_OUT" && cp "$SHOTS"/* "$SHOTS_OUT"/
for f in "$TMP"/*.err; do
	[ -s "$f" ] && { echo "guide-shots: ${f##*/}:"; head -5 "$f"; }
done
exit 0
