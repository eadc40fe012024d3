#!/usr/bin/env bash
# tui-rank-quarter.sh: the rankings (排名) of a complete period, and a
# re-rank when a score changes, through two real clients at 80x24.
#
# The demo (server/demo-scores.c) scores last quarter's middle managers
# under yongqiao-2015 (40 work + 30 principal + 10 leadership + 20 peers;
# no quota) and hanjiang-2015's last half-year and year.  By hand:
#   吴红 36.80 + 27.90 + 9.10 + 18.25 = 92.05 优秀, rank 1
#   周杰 (85 + 5 = 90) 36.00 + 27.00 + 8.80 + 17.05 = 88.85 称职, rank 2
#   郑丽 (78 - 1 = 77) 30.80 + 24.00 + 8.20 + 16.066 = 79.07 基本称职, rank 3
# hanjiang-2015's year: 7 complete annual results, 15% of 7 = 1.05, so one
# 优秀 allowed, and one held (张三 36.40 + 55.80 = 92.20); 王五 (35.20 +
# 57.60 = 92.80, never 优秀 in a routine period) is 称职, marked *.
#
# Client A is the admin on 排名, client B the principal leader zhaoguo on
# 评分.  B changes 吴红's 主要领导评定 for last quarter from 93.00 to 80.00:
# 36.80 + 24.00 + 9.10 + 18.25 = 88.15 称职, below 周杰's 88.85.  A, with no
# key pressed, must show 周杰 first and 吴红 second within a second.
# Prints TAP.
#
#   tests/tui-rank-quarter.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..13"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database with the plans"

client a
client b
login_as a admin "周敏（"
check $? "client A logs in as the admin"
login_as b zhaoguo "赵国强（"
check $? "client B logs in as zhaoguo"

# A: 排名, hanjiang-2015, then t until the year.
T send-keys -t =a: 9
wait_for a "kaohe 排名" 3 && wait_for a "名次 姓名" 5
choose_plan a "hanjiang-2015"
for _ in 1 2 3 4 5; do
	screen a | grep -q "^ 20[0-9][0-9]年度  hanjiang-2015" && break
	T send-keys -t =a: t
	sleep 1
done
wait_for a "已完成 7/7 人" 3
check $? "client A shows hanjiang-2015's annual results, 7 of 7 complete"
screen a | grep -q "优秀限额 1 人（15%，7 人完成）  已评优秀 1 人"
check $? "the quota line: 1 allowed of 7 (15%, rounded down), 1 held"
screen a | grep -qE "^ 1 +王五 .* 88\.00 +96\.00 .* 92\.80 +称职\* " &&
    screen a | grep -qE "^ 2 +张三 .* 91\.00 +93\.00 .* 92\.20 +优秀 " &&
    screen a | grep -q "不能评为年度优秀"
check $? "王五 92.80 is held to 称职 (*) and 张三 92.20 is 优秀"

# A: yongqiao-2015, last quarter.
choose_plan a "yongqiao-2015"
T send-keys -t =a: "["
wait_for a "已完成 3/3 人" 3
check $? "client A shows yongqiao-2015 last quarter, 3 of 3 complete"
screen a | grep -qE "^ 1 +吴红 +业务科 .* 92\.05 +优秀 +齐" &&
    screen a | grep -qE "^ 2 +周杰 +综合科 .*\+5\.00 +88\.85 +称职 +齐" &&
    screen a | grep -qE "^ 3 +郑丽 +人事科 .*−1\.00 +79\.07 +基本称职 +齐"
check $? "ranks, composites and grades: 吴红 92.05 优秀, 周杰 88.85 称职, 郑丽 79.07 基本称职"
screen a | grep -q "本方案不限优秀人数"
check $? "the quota line says yongqiao-2015 sets no quota"

# B: 评分, yongqiao-2015, last quarter, 吴红's 主要领导评定.
T send-keys -t =b: 8
wait_for b "kaohe 评分" 3 && wait_for b "应评" 5
choose_plan b "埇桥区直机关工委"
T send-keys -t =b: "["
sleep 1
found=1
for _ in $(seq 30); do
	if screen b | grep -q "当前：吴红「主要领导评定」"; then
		found=0
		break
	fi
	T send-keys -t =b: Down
	sleep 0.1
done
check $found "client B selects 吴红's 主要领导评定 for last quarter"

T send-keys -t =b: Enter
wait_for b "给吴红的「主要领导评定」打分" 3
for _ in 1 2 3 4 5 6; do T send-keys -t =b: BSpace; done
T send-keys -t =b: -l "80"
T send-keys -t =b: Enter
start=$(ds)
wait_for b "已评分：吴红「主要领导评定」80.00 分" 5
check $? "client B gives 吴红 80.00"

# A gets no key: the new order must show within a second.
found=1
while [ "$(ds)" -le $(( start + 10 )) ]; do
	if screen a | grep -qE "^ 1 +周杰 " && screen a | grep -qE "^ 2 +吴红 .* 80\.00 .* 88\.15 +称职 "; then
		found=0
		break
	fi
	sleep 0.1
done
echo "# after $(( ($(ds) - start) * 100 )) ms:"
screen a | sed -n '6,10p' | sed 's/^/# /'
check $found "client A re-ranks within a second: 周杰 1, 吴红 2 at 88.15 称职"

T send-keys -t =a: q
T send-keys -t =b: q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
