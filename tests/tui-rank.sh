#!/usr/bin/env bash
# tui-rank.sh: the rankings (排名) re-rank live when a rater scores (评分),
# through two real clients.
#
# Starts kaohed on a demo database with the shipped plans, runs two kaohe
# clients in tmux at 80x24 in a Chinese locale: A as zhaoguo (the principal
# leader) on 排名 for yongqiao-2015 and this quarter, B as lihua (a member
# of the leadership team) on 评分.  B gives 郑丽 99.99 for the leadership
# part (领导班子成员评价, 10%, the mean of the team's scores, and lihua is
# the team).  A, without a key pressed there, must show 郑丽's leadership
# score 99.99 within 3 seconds, and when her sheet was complete before, the
# composite moved by 10% of the change.  Prints TAP.
#
#   tests/tui-rank.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..10"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database with the plans"

client a
client b
login_as a zhaoguo "赵国强（"
check $? "client A logs in as zhaoguo"
login_as b lihua "李华（"
check $? "client B logs in as lihua"

# A: 排名; the plan shown by default is the first with sheets; go to
# yongqiao-2015 if another shows.
T send-keys -t =a: 9
wait_for a "kaohe 排名" 3 && wait_for a "名次 姓名" 5
choose_plan a "yongqiao-2015"
wait_for a "yongqiao-2015" 3
check $? "client A shows the rankings of yongqiao-2015"
quarter=$(screen a | sed -n 's/^ *\(20[0-9]*年第.季度\).*/\1/p' | head -1)
[ -n "$quarter" ]
check $? "client A shows this quarter (${quarter:-none})"

# B: 评分, the same plan, then 郑丽 in the leadership part.
T send-keys -t =b: 8
wait_for b "kaohe 评分" 3 && wait_for b "应评" 5
choose_plan b "埇桥区直机关工委"
found=1
for _ in $(seq 60); do
	if screen b | grep -q "当前：郑丽「领导班子成员评价」"; then
		found=0
		break
	fi
	T send-keys -t =b: Down
	sleep 0.1
done
check $found "client B selects 郑丽's 领导班子成员评价 on its ballot"

# What A shows of 郑丽 before: the row's numbers (rank, parts, adjustment,
# composite), and whether the sheet is complete.
zl_row() { screen a | grep " 郑丽 " | head -1; }
before=$(zl_row)
old_lead=$(echo "$before" | awk '{ print $6 }')
old_comp=$(echo "$before" | awk '{ print $9 }')
echo "# before: $before"

T send-keys -t =b: Enter
wait_for b "给郑丽的「领导班子成员评价」打分" 3
for _ in 1 2 3 4 5 6; do T send-keys -t =b: BSpace; done
T send-keys -t =b: -l "99.99"
T send-keys -t =b: Enter
start=$(ds)
wait_for b "已评分：郑丽「领导班子成员评价」99.99 分" 5
check $? "client B gives 郑丽 99.99"

# A gets no key: the new score must show within 3 s of B's Enter.
end=$(( start + 30 ))
found=1
while [ "$(ds)" -le "$end" ]; do
	if zl_row | grep -q "99\.99"; then
		found=0
		break
	fi
	sleep 0.1
done
after=$(zl_row)
echo "# after $(( ($(ds) - start) * 100 )) ms: $after"
check $found "client A shows 郑丽's new leadership score within 3 s without a key press"

# The composite: 10% of the change in the leadership score, give or take
# the hundredth of rounding; when the sheet was incomplete, none before.
new_comp=$(echo "$after" | awk '{ print $9 }')
if [[ "$old_comp" =~ ^[0-9]+\.[0-9]+$ && "$old_lead" =~ ^[0-9]+\.[0-9]+$ ]]; then
	awk -v o="$old_comp" -v n="$new_comp" -v l="$old_lead" 'BEGIN {
		want = o + (99.99 - l) * 0.10; d = n - want; if (d < 0) d = -d
		exit !(d <= 0.011) }'
	check $? "client A's composite for 郑丽 moved from $old_comp by 10% of the change: $new_comp"
else
	echo "$after" | grep -q "郑丽"
	check $? "郑丽's sheet was incomplete before; A shows her row ($new_comp)"
fi

T send-keys -t =a: q
T send-keys -t =b: q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
