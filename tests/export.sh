#!/usr/bin/env bash
# export.sh: kaohectl export and import scores on a demo database.
#
# The demo scores last quarter's middle managers under yongqiao-2015 (seed
# 000); demo-scores.c works the composites by hand: 吴红 92.05 优秀, 周杰
# 88.85 称职 (85 + 5 for the commendation), 郑丽 79.07 基本称职 (78 - 1).
# The exports must file exactly those; the import must write all of a good
# file and nothing of a file with one bad row.  Prints TAP.
#
#   tests/export.sh [BUILD_DIR]

BUILD=${1:-build}
cd "$(dirname "$0")/.."
TMP=$(mktemp -d /tmp/kaohe-export-sh.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
K="env LC_ALL=zh_CN.UTF-8 $BUILD/kaohectl --db $TMP/db"	# its expectations are the Chinese forms
n=0

check() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# the quarters, as demo-scores.c takes them from today
y=$(date +%Y) m=$(date +%m)
q=$(( (10#$m - 1) / 3 + 1 ))
this="${y}Q$q"
if [ "$q" -eq 1 ]; then last="$((y - 1))Q4"; else last="${y}Q$((q - 1))"; fi
names=(一 二 三 四)
lq=${last#*Q}
last_name="${last%Q*}年第${names[$((lq - 1))]}季度"

echo "1..20"

$K init "$TMP/db" --demo --plans schema/plans >"$TMP/init.log" 2>&1
check $? "a demo database with the plans"

$K export sheets yongqiao-2015 "$last" --csv "$TMP/r.csv" >"$TMP/out" 2>&1
check $? "export sheets --csv ($last)"
[ "$(head -c 3 "$TMP/r.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ]
check $? "the CSV starts with a UTF-8 byte order mark"
tr -d '\r' <"$TMP/r.csv" >"$TMP/r.txt"
grep -qx "序号,姓名,单位,业务工作实绩（40%）,主要领导评定（30%）,领导班子成员评价（10%）,民意测评（20%）,加分/减分,综合得分,等次,名次" "$TMP/r.txt" &&
    grep -qx "1,吴红,业务科,92.00,93.00,91.00,91.25,0.00,92.05,优秀,1" "$TMP/r.txt" &&
    grep -qx "2,周杰,综合科,85.00,90.00,88.00,85.25,+5.00,88.85,称职,2" "$TMP/r.txt" &&
    grep -qx "3,郑丽,人事科,78.00,80.00,82.00,80.33,-1.00,79.07,基本称职,3" "$TMP/r.txt"
check $? "the ranking holds the hand-worked composites 92.05, 88.85, 79.07"
grep -q "埇桥区直机关工委2015年公务员平时考核实施方案 $last_name 考核登记表,,," "$TMP/r.txt"
check $? "the title names the plan and $last_name"

$K export sheets yongqiao-2015 "$last" --xlsx "$TMP/r.xlsx" >"$TMP/out" 2>&1 &&
    unzip -tq "$TMP/r.xlsx" >/dev/null
check $? "export sheets --xlsx writes a valid zip"
unzip -p "$TMP/r.xlsx" xl/sharedStrings.xml | grep -q "考核登记表" &&
    unzip -p "$TMP/r.xlsx" xl/sharedStrings.xml | grep -q "<t>综合得分</t>" &&
    unzip -p "$TMP/r.xlsx" xl/worksheets/sheet1.xml | grep -q "<v>92.05</v>" &&
    unzip -p "$TMP/r.xlsx" xl/workbook.xml | grep -q 'name="2 周杰"'
check $? "the workbook holds the title, headers, figures and a sheet a person"

$K export sheets yongqiao-2015 "$last" --person zhoujie --csv "$TMP/p.csv" >"$TMP/out" 2>&1
tr -d '\r' <"$TMP/p.csv" >"$TMP/p.txt"
grep -qx "民意测评,20%,85.25,4,匿名测评：只有平均分和人数" "$TMP/p.txt" &&
    grep -qx "1,市级,表彰,政务服务“一网通办”改革,市政府通报表扬" "$TMP/p.txt" &&
    ! grep -q "^[0-9]*,民意测评," "$TMP/p.txt"
check $? "a person's sheet: the anonymous part as its mean and count only, never a voter"

$K export sheets yongqiao-2015 "$last" --unit 业务科 --csv "$TMP/u.csv" >"$TMP/out" 2>&1
[ "$(tr -d '\r' <"$TMP/u.csv" | grep -c '^[0-9],')" = 1 ] &&
    tr -d '\r' <"$TMP/u.csv" | grep -q "^单位：业务科；参加考核 1 人"
check $? "--unit 业务科 exports that unit's one sheet"

$K export sheets no-such-plan "$last" --csv "$TMP/x.csv" >"$TMP/out" 2>&1
[ $? -eq 1 ] && [ ! -e "$TMP/x.csv" ] && [ -z "$(ls "$TMP" | grep '^x\.csv')" ]
check $? "an unknown plan: status 1 and no file"
$K export sheets yongqiao-2015 "not-a-period" --csv "$TMP/x.csv" >"$TMP/out" 2>&1
[ $? -eq 2 ] && grep -q "期间 not-a-period 的格式不对" "$TMP/out"
check $? "a bad period: status 2 and why"
$K export sheets yongqiao-2015 "$last" --csv "$TMP/x.csv" --xlsx "$TMP/x.xlsx" >"$TMP/out" 2>&1
[ $? -eq 2 ]
check $? "--csv and --xlsx together: status 2"

# this quarter is unscored; line 3 gives the principal's part as lihua (a
# leadership member, refused by SCORE_PUT's rule)
printf 'plan,period,person,part,score,rater\nyongqiao-2015,%s,wuhong,work,88.5,admin\nyongqiao-2015,%s,wuhong,principal,90,lihua\n' \
    "$this" "$this" >"$TMP/bad.csv"
$K import scores "$TMP/bad.csv" >"$TMP/out" 2>&1
[ $? -eq 1 ] && grep -q "^bad.csv:3: refused: " "$TMP/out" && grep -q "未导入任何内容" "$TMP/out"
check $? "import scores: one bad row names bad.csv:3 and fails"
$K export sheets yongqiao-2015 "$this" --csv "$TMP/q.csv" >"$TMP/out" 2>&1 &&
    tr -d '\r' <"$TMP/q.csv" | grep -q "^单位：全部；参加考核 0 人"
check $? "and nothing of the file was written: no sheet this quarter"

printf 'plan,period,person,part,score,rater\nyongqiao-2015,%s,wuhong,work,88.5,admin\nyongqiao-2015,%s,wuhong,principal,90,zhaoguo\n' \
    "$this" "$this" >"$TMP/good.csv"
$K import scores "$TMP/good.csv" >"$TMP/out" 2>&1 && grep -q "评分：已导入 2 条" "$TMP/out"
check $? "import scores: a good file imports 2 scores"
$K export sheets yongqiao-2015 "$this" --person wuhong --csv "$TMP/q.csv" >"$TMP/out" 2>&1
tr -d '\r' <"$TMP/q.csv" >"$TMP/q.txt"
grep -qx "业务工作实绩,40%,88.50,1,表彰加分、通报批评减分另列" "$TMP/q.txt" &&
    grep -qx "主要领导评定,30%,90.00,1," "$TMP/q.txt"
check $? "the sheet's parts are what was imported (88.50, 90.00)"
$K audit --limit 3 >"$TMP/out" 2>&1 && grep -q "kaohectl.*score.import.*good.csv" "$TMP/out" &&
    grep -q "zhaoguo.*kaohectl.*score.put" "$TMP/out"
check $? "the audit log: each score as its rater from kaohectl, and the import"

# The organisations' rubric (seed 004): sections 20 + 20 + 60 = 100; no
# finding yet, so every item's 得分 is its 标准分 and each section's its points.
half="${y}H$(( q <= 2 ? 1 : 2 ))"
$K export rubric wenzhou-rubric "$half" --unit 业务科 --csv "$TMP/o.csv" >"$TMP/out" 2>&1
tr -d '\r' <"$TMP/o.csv" >"$TMP/o.txt"
grep -qx "项目,目标,考核内容及标准,标准分,评分方法,自查分,扣分,得分,扣分说明" "$TMP/o.txt" &&
    grep -qx "一、党组党委领导班子自身建设（20分）,小计,,20.00,,0.00,0.00,20.00," "$TMP/o.txt" &&
    grep -qx "三、机关党组织建设（60分）,小计,,60.00,,0.00,0.00,60.00," "$TMP/o.txt" &&
    grep -qx "合计,,,100.00,,0.00,0.00,100.00,自查未完成" "$TMP/o.txt"
check $? "export rubric --unit: the 细则 with section subtotals and the total 100"
$K export rubric wenzhou-rubric "$half" --xlsx "$TMP/o.xlsx" >"$TMP/out" 2>&1 &&
    unzip -p "$TMP/o.xlsx" xl/sharedStrings.xml | grep -q "考核结果排名表" &&
    unzip -p "$TMP/o.xlsx" xl/sharedStrings.xml | grep -q "<t>业务科</t>"
check $? "export rubric --xlsx: the ranking of the units"
# The demo's year of wenzhou-rubric (server/demo-orgs.c): 综合科 self 98.00
# (full but 1.1 4 and 3.3 14), findings 1.1 2 x 2.00 + 3.3 1 x 5.00 = 9.00,
# 100 - 9 = 91.00, 二等 [91, 96), checked: rank 1; 业务科 self 89.00, one
# finding of 2.00, not checked; one notice open of each.
$K export rubric wenzhou-rubric "$y" --csv "$TMP/y.csv" >"$TMP/out" 2>&1
tr -d '\r' <"$TMP/y.csv" >"$TMP/y.txt"
grep -qx "1,综合科,机关部门,1,98.00,9.00,91.00,二等,已检查,2,1" "$TMP/y.txt" &&
    grep -qx "未检查,业务科,机关部门,未检查,89.00,2.00,,,自查已完成,1,1" "$TMP/y.txt"
check $? "export rubric: the demo's year, 综合科 checked at 91.00 二等"
