#!/usr/bin/env bash
# tui-export.sh: x on the 排名 tab writes the ranking shown to
# ~/kaohe-导出/ as .xlsx and .csv, and says where.
#
# The principal leader (zhaoguo) opens 排名 on last quarter of the demo
# under yongqiao-2015, whose composites demo-scores.c works by hand (吴红
# 92.05, 周杰 88.85, 郑丽 79.07), and presses x with HOME in a private
# directory.  Prints TAP.
#
#   tests/tui-export.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..6"

"$BUILD/kaohectl" init "$TMP/db" --plans schema/plans --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database with the plans"

mkdir -p "$TMP/home"
T -f /dev/null new-session -d -s a -x 80 -y 24 \
    "env HOME='$TMP/home' LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 TERM=screen-256color \
    '$BUILD/kaohe' --server 'ipc://$TMP/req' $CLIENT_KEYS 2>'$TMP/a.err'; echo kaohe-exit=\$?; sleep 30"
login_as a zhaoguo "赵国强（"
check $? "the client logs in as zhaoguo"

T send-keys -t =a: 9
wait_for a "名次 姓名" 5
choose_plan a "yongqiao-2015"
T send-keys -t =a: '['
wait_for a "92.05" 5
check $? "排名 shows last quarter of yongqiao-2015"

T send-keys -t =a: x
wait_for a "已导出 3 人：~/kaohe-导出/yongqiao-2015-" 5
check $? "x says where it wrote"

dir="$TMP/home/kaohe-导出"
csv=$(ls "$dir"/yongqiao-2015-*.csv 2>/dev/null | head -1)
[ -n "$csv" ] && tr -d '\r' <"$csv" | grep -qx "1,吴红,业务科,92.00,93.00,91.00,91.25,0.00,92.05,优秀,1" &&
    tr -d '\r' <"$csv" | grep -qx "2,周杰,综合科,85.00,90.00,88.00,85.25,+5.00,88.85,称职,2"
check $? "the CSV holds the ranking shown (${csv##*/})"
xlsx=${csv%.csv}.xlsx
[ -f "$xlsx" ] && unzip -tq "$xlsx" >/dev/null && unzip -p "$xlsx" xl/sharedStrings.xml | grep -q "考核登记表"
check $? "the XLSX beside it is a workbook with the 登记表"

report a
exit $(( failed > 0 ))
