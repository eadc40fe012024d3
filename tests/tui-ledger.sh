#!/usr/bin/env bash
# tui-ledger.sh: the points ledgers (积分) through two real clients: a
# department head enters points with a Chinese reason, checked as typed,
# and the principal's ranking changes without a key pressed there.
#
# Starts kaohed on a demo database (kaohectl init --plans schema/plans
# loads schema/ledgers beside it), runs two kaohe clients in tmux at 80x24
# in a Chinese locale: A as zhaoguo (principal) on 排名 → i (积分), the
# 党代表考核积分 of this quarter; B as zhoujie (head of 综合科) the same.
# B adds 5.00 points for 张三 (a delegate of 综合科): first with tomorrow's
# date, which the form refuses as typed, then today's.  A must show 张三's
# sum up by 5.00 within 3 seconds.  Prints TAP.
#
#   tests/tui-ledger.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..10"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server &&
    grep -q "imported ledger delegate" "$TMP/init.log"
check $? "kaohed serves a demo database with the ledgers"

client a
client b
login_as a zhaoguo "赵国强（" && login_as b zhoujie "周杰（"
check $? "client A logs in as zhaoguo, B as zhoujie"

for s in a b; do
	T send-keys -t "=$s:" 9
	wait_for "$s" "kaohe 排名" 3
	T send-keys -t "=$s:" i
done
wait_for a "党代表考核积分" 5 && wait_for a "名次" 3 && wait_for b "党代表考核积分" 5
check $? "both show 积分: 党代表考核积分, ranked"

# 张三's sum on A before: "+8.00" style, the column after the unit.
zs_points() { screen a | grep " 张三 " | head -1 | grep -oE '[-+][0-9]+\.[0-9]{2}' | head -1; }
before=$(zs_points)
echo "# before: $(screen a | grep ' 张三 ' | head -1)"
[ -n "$before" ]
check $? "client A shows 张三's points this quarter ($before)"

# B: the entry form for 张三, a free entry of 5 points.
T send-keys -t =b: a
wait_for b "登记积分：党代表考核积分" 3 && wait_for b "张三" 1
check $? "client B opens the entry form for 张三"
T send-keys -t =b: Tab Tab		# to the date
for _ in $(seq 10); do T send-keys -t =b: BSpace; done
T send-keys -t =b: -l "$(date -d tomorrow +%F)"
wait_for b "不能登记今天以后的日期" 2
check $? "client B's form refuses tomorrow as it is typed"
for _ in $(seq 10); do T send-keys -t =b: BSpace; done
T send-keys -t =b: -l "$(date +%F)"
T send-keys -t =b: Tab
T send-keys -t =b: -l "5"
T send-keys -t =b: Tab Tab		# past 扣分 (no) to the reason
T send-keys -t =b: -l "参加党代表集中视察活动"
wait_for b "可以保存" 2
check $? "client B's form is ready to save with a Chinese reason"
T send-keys -t =b: C-s
start=$(ds)
wait_for b "已保存" 5
check $? "client B saves the entry"

# A gets no key: 张三's sum must rise by 5.00 within 3 s.
want=$(awk -v b="$before" 'BEGIN { printf "%+.2f", b + 5 }')
end=$(( start + 30 ))
found=1
while [ "$(ds)" -le "$end" ]; do
	if [ "$(zs_points)" = "$want" ]; then
		found=0
		break
	fi
	sleep 0.1
done
echo "# after $(( ($(ds) - start) * 100 )) ms: $(screen a | grep ' 张三 ' | head -1)"
check $found "client A shows 张三 at $want (was $before) within 3 s without a key press"

T send-keys -t =a: Escape q
T send-keys -t =b: Escape q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
