#!/usr/bin/env bash
# tui-queue.sh: a monthly record (月记实) goes from its author to the
# reviewer's queue (审核) and back, through two real clients.
#
# Starts kaohed on a demo database, runs two kaohe clients in tmux at 80x24
# in a Chinese locale: A as zhangsan (staff of 综合科), B as qianfang (the
# supervising leader of 综合科).  B opens the queue.  A writes this month's
# record and submits it; B's queue must show it within 3 seconds without a
# key pressed there.  B opens it, writes a comment and files it (备案); A
# must show the state 已备案 and the comment within 3 seconds, again
# without a key.  Prints TAP.
#
#   tests/tui-queue.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..11"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database"

client a
client b
login_as a zhangsan "张三（综合科）"
check $? "client A logs in as zhangsan"
login_as b qianfang "钱芳（"
check $? "client B logs in as qianfang"

T send-keys -t =b: 3
wait_for b "kaohe 审核" 3 && wait_for b "截止  类别" 3
check $? "client B shows the review queue"

# A: the monthly record screen, this month (the first row), the editor.
# Demo data may hold a draft already: what is typed goes in front of it.
tag="${$}x$RANDOM"
T send-keys -t =a: 2
wait_for a "kaohe 月记实" 3 && T send-keys -t =a: Enter &&
    wait_for a "履行岗位职责情况" 3 && wait_for a "Ctrl-T 提交" 3
check $? "client A opens this month's record in the editor"

T send-keys -t =a: -l "按时完成本月工作$tag。"
T send-keys -t =a: Tab
T send-keys -t =a: -l "完成目标任务$tag。"
T send-keys -t =a: Tab
T send-keys -t =a: -l "下月继续做好统计工作。"
wait_for a "可以提交" 3 && T send-keys -t =a: C-t && wait_for a "审核？提交后不能修改" 3 &&
    T send-keys -t =a: y && wait_for a "已提交，等待钱芳审核" 5
check $? "client A submits the record to 钱芳"

# B gets no key: the record must arrive in the queue on its own.
end=$(( $(ds) + 30 ))
found=1
while [ "$(ds)" -le "$end" ]; do
	if [ -n "$(row_of b "截止  类别" "待点评 +张三 .*月记实 +已提交")" ]; then
		found=0
		break
	fi
	sleep 0.1
done
check $found "client B's queue shows 张三's 月记实 within 3 s without a key press"

# B: select the row (from the top of the list), open it, comment, file.
row=$(row_of b "截止  类别" "待点评 +张三 .*月记实 +已提交")
T send-keys -t =b: Home
for _ in $(seq "${row:-0}"); do T send-keys -t =b: Down; done
T send-keys -t =b: Enter
wait_for b "$tag" 3 && wait_for b "c 点评备案" 3
check $? "client B opens 张三's record and reads it"

comment="点评$tag：工作扎实"
T send-keys -t =b: c
T send-keys -t =b: -l "$comment"
T send-keys -t =b: C-s
wait_for b "已点评备案" 5 && wait_for b "已备案" 3
check $? "client B files the record with a comment"

# A gets no key either.
wait_for a "已备案" 3 && wait_for a "$comment" 1
check $? "client A shows 已备案 and the comment within 3 s without a key press"

T send-keys -t =a: q
T send-keys -t =b: Escape
T send-keys -t =b: q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
