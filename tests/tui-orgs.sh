#!/usr/bin/env bash
# tui-orgs.sh: 党建 (tab 0), organisations against a rubric, through two
# real clients: an inspector's finding shows live on the unit's sheet, and
# the unit's head enters a self-check score.
#
# Starts kaohed on a demo database with the shipped plans, runs two kaohe
# clients in tmux at 80x24 in a Chinese locale: A as hejun (考核组) and B as
# zhoujie (head of 综合科, a 机关部门 that wenzhou-rubric assesses).  Both
# open 综合科's sheet of wenzhou-rubric for last year (the demo fills this
# year's).  A enters a finding against item
# 1.1 with Chinese evidence (rule "中心组学习年初无计划, 扣2分", once); B,
# without a key pressed, must show 1.1's 扣分 2.00 and 得分 3.00 (of 5.00)
# within 3 seconds.  Then B enters 6 as 1.1's self-check (refused as typed:
# the standard is 5), corrects it to 4.5, and both show 4.50.  B then
# searches the sheet (/ 作风: the two items about 作风 under their section
# headings, nothing else), opens the item found with Enter, and searches
# the unit's past periods.  Prints TAP.
#
#   tests/tui-orgs.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..18"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database with the plans"

client a
client b
login_as a hejun "何军（"
check $? "client A logs in as hejun (inspector)"
login_as b zhoujie "周杰（"
check $? "client B logs in as zhoujie (head of 综合科)"

# open_sheet NAME: on 党建, wenzhou-rubric, then 综合科's sheet.
open_sheet() {
	T send-keys -t "=$1:" 0
	wait_for "$1" "kaohe 党建" 3 && wait_for "$1" "类别：" 5 || return 1
	choose_plan "$1" "温州市市直机关党建" || return 1
	# last year: this year's sheets hold the demo's checks and findings
	T send-keys -t "=$1:" '['
	wait_for "$1" "$(( $(date +%Y) - 1 ))年度" 3 || return 1
	for _ in $(seq 8); do
		T send-keys -t "=$1:" Enter
		wait_for "$1" "标准分" 3 || return 1
		screen "$1" | sed -n 3p | grep -q "综合科" && return 0
		T send-keys -t "=$1:" Escape Down
		sleep 0.3
	done
	return 1
}

open_sheet a
check $? "client A opens 综合科's sheet of wenzhou-rubric"
open_sheet b
check $? "client B opens its own unit's sheet"

# item_line NAME KEY: the sheet's line of an item.
item_line() { screen "$1" | grep -E "^ [ *] $2 " | head -1; }
# has_item NAME KEY: whether the sheet shows that item.
has_item() { screen "$1" | grep -qE "^ [ *] $2 "; }
before=$(item_line b 1.1)
echo "# B before: $before"
echo "$before" | grep -qE "5\.00 +— +0\.00 +5\.00"
check $? "B shows 1.1 at 标准分 5.00, no self-check, 扣分 0.00, 得分 5.00"

# A: a finding on 1.1 (selected first): the first rule, evidence in Chinese.
T send-keys -t =a: a
wait_for a "录入扣分：1.1" 3
T send-keys -t =a: Tab	# the count is fixed at 1 for this rule: on to the evidence
T send-keys -t =a: -l "年初未制定中心组学习计划，见党委办公室档案"
wait_for a "扣 2.00 分（一次）" 3
check $? "A's form shows the deduction as typed: 扣 2.00 分（一次）"
T send-keys -t =a: Enter
start=$(ds)
wait_for a "录入扣分已完成" 5
check $? "A's finding is accepted"

# B gets no key: 1.1 must show 扣分 2.00 and 得分 3.00 within 3 s.
end=$(( start + 30 ))
found=1
while [ "$(ds)" -le "$end" ]; do
	if item_line b 1.1 | grep -qE "2\.00 +3\.00"; then
		found=0
		break
	fi
	sleep 0.1
done
echo "# B after $(( ($(ds) - start) * 100 )) ms: $(item_line b 1.1)"
check $found "B shows 1.1's 扣分 2.00 and 得分 3.00 within 3 s without a key press"

# A opens the item: the finding with its evidence.
T send-keys -t =a: Enter
wait_for a "证据：年初未制定中心组学习计划，见党委办公室档案" 3
check $? "A's item view shows the finding with its Chinese evidence"
T send-keys -t =a: Escape

# B: the self-check of 1.1, checked as typed.
T send-keys -t =b: e
wait_for b "填写自查分：1.1" 3
T send-keys -t =b: -l 6
wait_for b "自查分应在 0 到 5.00 之间" 3
check $? "B's form refuses 6 as typed (standard 5.00)"
T send-keys -t =b: BSpace
T send-keys -t =b: -l 4.5
T send-keys -t =b: Enter
wait_for b "自查已完成" 5 && sleep 0.5
item_line b 1.1 | grep -qE "\* 1\.1 .*5\.00 +4\.50 +2\.00 +3\.00"
check $? "B shows 1.1 with 自查分 4.50, marked * as differing from 得分 3.00"
for _ in $(seq 30); do item_line a 1.1 | grep -q "4\.50" && break; sleep 0.1; done
item_line a 1.1 | grep -q "4\.50"
check $? "A shows B's self-check 4.50 without a key press"

# B: a search of the sheet keeps the items that hold it and their sections.
T send-keys -t =b: /
T send-keys -t =b: -l "作风"
wait_for b "“作风_” 4/16" 3 && has_item b 1.3 && has_item b 3.4 && ! has_item b 1.1 &&
    ! screen b | grep -q "党组党委抓机关党建工作" &&
    screen b | grep -q "^ 1 党组党委领导班子自身建设" && screen b | grep -q "^ 3 机关党组织建设"
check $? "B's search 作风 leaves 1.3 and 3.4 under their sections, 4 lines of 16"
echo "# $(screen b | grep -E '^ +(1\.3|3\.4) ' | tr -s ' ' | tr '\n' '|')"
T send-keys -t =b: Enter Enter		# the search is done; the item found opens
wait_for b "1.3 在加强和改进党的作风建设中起表率作用" 3
check $? "Enter opens the first item found, 1.3"
T send-keys -t =b: Escape
wait_for b "标准分" 3 && T send-keys -t =b: Escape
wait_for b "党组党委抓机关党建工作" 3 && has_item b 1.1
check $? "Esc goes back to the sheet and Esc again clears the search: every item is back"
T send-keys -t =b: h
wait_for b "历次考核" 3 && wait_for b "$(( $(date +%Y) - 1 ))年度 " 3
T send-keys -t =b: /
T send-keys -t =b: -l "1999"
wait_for b "没有符合搜索的内容" 3 && ! screen b | grep -q "$(( $(date +%Y) - 1 ))年度 " &&
    T send-keys -t =b: Escape && wait_for b "$(( $(date +%Y) - 1 ))年度 " 3
check $? "the unit's past periods are searched too: 1999 finds none, Esc brings them back"
T send-keys -t =b: Escape
wait_for b "标准分" 3

# Both are on a unit's sheet: q goes back to the ranking, q again quits.
T send-keys -t =a: q
T send-keys -t =b: q
wait_for a "名次" 3 && wait_for b "名次" 3
T send-keys -t =a: q
T send-keys -t =b: q
wait_for a "kaohe-exit=0" 3 && wait_for b "kaohe-exit=0" 3 &&
    [ ! -s "$TMP/a.err" ] && [ ! -s "$TMP/b.err" ]
check $? "both clients quit with q, status 0 and nothing on stderr"

report a b
exit $(( failed > 0 ))
