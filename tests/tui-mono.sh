#!/usr/bin/env bash
# tui-mono.sh: the client without colour.  A terminal without colours
# (TERM=vt100) and a user who asked for none (NO_COLOR=1, no-color.org) get
# the same screens drawn in reverse, bold and underline; with colours on
# the same screen is coloured, which shows the test can tell them apart.
#
#   1. with NO_COLOR=1 the log screen has no colour at all, its title line
#      is in reverse video and so is the selected day;
#   2. the same on a vt100;
#   3. under screen-256color, the title is white on blue and the selected
#      day black on cyan.
#
# Prints TAP.  Runs in about 5 seconds.
#
#   tests/tui-mono.sh [BUILD_DIR]

BUILD=${1:-build}
. "$(dirname "$0")/tui-lib.sh"

echo "1..10"

"$BUILD/kaohectl" init "$TMP/db" --demo >"$TMP/init.log" 2>&1 && start_server
check $? "kaohed serves a demo database"

# styled NAME: the pane with its SGR sequences.
styled() { T capture-pane -p -e -t "=$1:"; }
# colourless NAME: no foreground, background or 256-colour sequence.
colourless() { ! styled "$1" | grep -qE $'\e\\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5|48;5)[;m]'; }
# title_reverse NAME: the first line starts in reverse video.
title_reverse() { styled "$1" | head -1 | grep -q $'^\e\\[7m kaohe'; }
# today_reverse NAME: the selected day (today, the first of the log) is in
# reverse video.
today_reverse() { styled "$1" | grep -q $'\e\\[7m'"$(date +%m-%d)"; }

mono() {
	login "$1"
	check $? "$2: zhangsan logs in"
	colourless "$1"
	check $? "$2: nothing on the log screen is coloured"
	title_reverse "$1"
	check $? "$2: the title line is in reverse video"
	today_reverse "$1"
	check $? "$2: the selected day is in reverse video"
}

CLIENT_ENV="NO_COLOR=1" client nocolor
mono nocolor "NO_COLOR=1"
CLIENT_TERM=vt100 client vt100
mono vt100 "vt100"

client colour
login colour && styled colour | head -1 | grep -q $'\e\\[37m\e\\[44m kaohe' &&
    styled colour | grep -q $'\e\\[30m\e\\[46m'"$(date +%m-%d)"
check $? "screen-256color: the title is white on blue, the selected day black on cyan"

[ "$failed" = 0 ]
