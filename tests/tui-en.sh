#!/usr/bin/env bash
# tui-en.sh: the client in English and in Chinese at 80x24, every screen.
#
#   tests/tui-en.sh BUILD
#
# Under LANG=C.UTF-8 kaohe speaks English: for an admin, a department
# head and the organisation department (between them every screen), each
# screen listed under the title is opened; its key bar, the list of
# screens and its ? help must be English (no Han character: the data, such
# as names, is never in them), and the help must fit in 80x24 with its
# closing line.  Under zh_CN.UTF-8 the same screens are Chinese.
BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

han() { LC_ALL=C.UTF-8 grep -qP '[\x{4e00}-\x{9fff}]'; }
line() { screen "$1" | sed -n "$2p"; }

"$BUILD/kaohectl" init "$TMP/db" --calendar schema/calendar-2026.csv --demo \
    --plans schema/plans >"$TMP/init.log" 2>&1
check $? "demo database"
start_server
check $? "kaohed starts"

# tour NAME LOGIN: every screen of LOGIN's in English.
tour() {
	local s=$1 bad="" seen=0 tabs
	client "$s" C.UTF-8
	type_login "$s" "$2" "Password:"
	wait_for "$s" "Connected" 5 && wait_for "$s" "Help" 5
	check $? "$2 logs in, in English"
	tabs=$(line "$s" 2)
	echo "$tabs" | han && bad="$bad screens-line"
	# the screens' numbers, left of what is due ("To do 4 ...")
	for k in $(echo "$tabs" | sed -E 's/ +(To do|All open) .*//' |
	    grep -oE '(^| )[0-9] ?[A-Z]' | tr -dc '0-9\n'); do
		seen=$((seen + 1))
		T send-keys -t "=$s:" "$k"
		sleep 0.4
		line "$s" 24 | grep -q "Help" || bad="$bad $k:no-key-bar"
		line "$s" 24 | han && bad="$bad $k:key-bar"
		T send-keys -t "=$s:" "?"
		if wait_for "$s" "Press any key to go back" 2; then
			screen "$s" | sed -n '3,22p' | grep -E '^ +[│┌└]' | han && bad="$bad $k:help"
		else
			bad="$bad $k:no-help"
		fi
		T send-keys -t "=$s:" Escape
		sleep 0.2
	done
	[ "$seen" -ge 4 ] || bad="$bad only-$seen-screens"
	[ -z "$bad" ]
	check $? "$2: $seen screens with English key bars and help${bad:+ (wrong:$bad)}"
}

tour en1 admin
tour en2 zhoujie
tour en3 luomin

# The same client in Chinese.
client zh
type_login zh zhoujie
wait_for zh "已连接" 5
check $? "zhoujie logs in, in Chinese"
line zh 2 | han && line zh 24 | grep -q "帮助"
check $? "the screens and the key bar are Chinese"
T send-keys -t "=zh:" "?"
wait_for zh "按任意键返回" 2
check $? "the help is Chinese"

report en1 en2 en3 zh
echo "1..$n"
[ "$failed" -eq 0 ]
