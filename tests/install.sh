#!/usr/bin/env bash
# install.sh: make install into a staging tree, and the installed programs
# at work.  Prints TAP.
#
# The programs carry the paths of their build (BUILD/paths: the catalogues,
# the data directory, /etc).  The build under test is for PREFIX=/usr, so
# this copies BUILD's objects into a tree of its own and lets make build
# again there only what holds those paths (three objects, three links: a
# couple of seconds), instead of building everything for /usr.  Then
#
#   make install DESTDIR=$TMP/dest PREFIX=/usr
#
# under strace (if there is one) to see that nothing is written outside
# DESTDIR; the files and their modes; systemd-analyze verify on the unit;
# the installed kaohectl making a database from the installed plans,
# ledgers, calendar and example office; the installed kaohed, started as
# the unit's ExecStart says (with a copy of the installed kaohed.conf whose
# db and listen point into TMP), serving a login; the client's --help in
# English and in Chinese, from the installed catalogue; and make uninstall
# leaving only the configuration file.  The installed programs are run
# from DESTDIR: KAOHE_DATADIR and KAOHE_LOCALEDIR point them there, as the
# paths they were built for (/usr/share/...) are not on this machine.
#
#   tests/install.sh [BUILD_DIR]

BUILD=${1:-build}
cd "$(dirname "$0")/.."
REPO=$(pwd)
TMP=$(mktemp -d /tmp/kaohe-install.XXXXXX)
DEST=$TMP/dest
KAOHED_PID=""
cleanup() {
	if [ -n "$KAOHED_PID" ]; then
		kill "$KAOHED_PID" 2>/dev/null
		wait "$KAOHED_PID" 2>/dev/null
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

n=0 failed=0
check() {	# check STATUS DESCRIPTION [FILE whose tail explains a failure]
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -n "${3:-}" ] && [ -s "$3" ] && tail -n 15 "$3" | sed 's/^/# /'
	fi
}
skip() {	# skip DESCRIPTION REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

for p in kaohed kaohe kaohectl tests/login-probe; do
	if [ ! -x "$BUILD/$p" ]; then
		echo "1..0 # SKIP $BUILD/$p not built (make all test-progs)"
		exit 0
	fi
done
echo "1..16"

# ---- a build for /usr, beside BUILD ----
mkdir -p "$TMP/build"
cp -a "$BUILD/common" "$BUILD/server" "$BUILD/client" "$BUILD/locale" "$BUILD/kaohe" \
    "$BUILD/kaohed" "$BUILD/kaohectl" "$TMP/build/" &&
    { [ ! -e "$BUILD/paths" ] || cp -a "$BUILD/paths" "$TMP/build/"; }
M="make --no-print-directory BUILD=$TMP/build PREFIX=/usr"
$M "$TMP/build/kaohed" "$TMP/build/kaohe" "$TMP/build/kaohectl" \
    "$TMP/build/locale/zh_CN/LC_MESSAGES/kaohe.mo" >"$TMP/build.log" 2>&1 &&
    grep -qx "LOCALEDIR=/usr/share/locale DATADIR=/usr/share/kaohe SYSCONFDIR=/etc" "$TMP/build/paths"
check $? "the programs built for PREFIX=/usr (only what holds the paths again)" "$TMP/build.log"

# ---- make install, traced ----
# Every file system call that writes, with the directories of its file
# descriptors (-y); relative paths are followed through chdir and fchdir.
WRITES=creat,open,openat,mkdir,mkdirat,rename,renameat,renameat2,unlink,unlinkat,rmdir
WRITES=$WRITES,symlink,symlinkat,link,linkat,chmod,fchmodat,chown,lchown,fchownat,truncate
WRITES=$WRITES,utimensat,chdir,fchdir,clone,clone3,fork,vfork
traced() {	# traced LOG COMMAND...: run it under strace if strace can trace
	if [ -n "$STRACE" ]; then
		strace -f -qq -y -o "$1" -e trace="$WRITES" "${@:2}"
	else
		"${@:2}"
	fi
}
STRACE=""
command -v strace >/dev/null 2>&1 && strace -qq -o /dev/null true 2>/dev/null && STRACE=1

# outside LOG: the paths a traced run wrote that are not under DEST (or
# /dev); the reason a write was refused does not matter, only success.
outside() {
	awk -v dest="$DEST" -v repo="$REPO" '
	function dir_of(arg) {	# "3</a/b>", "AT_FDCWD</a/b>" -> /a/b; else the cwd
		if (arg ~ /^([0-9]+|AT_FDCWD)</) { sub(/^[^<]*</, "", arg); sub(/>$/, "", arg); return arg }
		return cwd[pid] != "" ? cwd[pid] : repo
	}
	function path(base, p) {
		gsub(/^"|"$/, "", p)
		if (p ~ /^\//) return p
		return base "/" p
	}
	function note(p) {
		if (p == dest || index(p, dest "/") == 1 || index(p, "/dev/") == 1) return
		print name ": " p
	}
	{
		pid = $1; line = substr($0, length($1) + 2); sub(/^ +/, "", line)
		if (line ~ /<unfinished \.\.\.>$/) { part[pid] = line; sub(/ <unfinished \.\.\.>$/, "", part[pid]); next }
		if (line ~ /^<\.\.\. [a-z0-9_]+ resumed>/) { sub(/^<\.\.\. [a-z0-9_]+ resumed>/, "", line); line = part[pid] line }
		if (line !~ /\) += /) next
		name = line; sub(/\(.*/, "", name)
		result = line; sub(/.*\) += /, "", result)
		if (result ~ /^-1/ || result ~ /^\?/) next
		args = line; sub(/^[a-z0-9_]+\(/, "", args); sub(/\) += .*/, "", args)
		n = split(args, a, /, /)
		# a child may speak before its parent hears clone return
		if (name ~ /^(clone|clone3|fork|vfork)$/) { if (!((result + 0) in cwd)) cwd[result + 0] = cwd[pid]; next }
		if (name == "chdir") { cwd[pid] = path(dir_of("AT_FDCWD"), a[1]); next }
		if (name == "fchdir") { cwd[pid] = dir_of(a[1]); next }
		if (name == "open" || name == "creat") {
			if (name == "open" && args !~ /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/) next
			note(path(dir_of("AT_FDCWD"), a[1])); next
		}
		if (name == "openat") {
			if (args !~ /O_WRONLY|O_RDWR|O_CREAT|O_TRUNC/) next
			note(path(dir_of(a[1]), a[2])); next
		}
		if (name ~ /^(mkdir|rmdir|unlink|chmod|chown|lchown|truncate)$/) { note(path(dir_of("AT_FDCWD"), a[1])); next }
		if (name ~ /^(rename|link)$/) { note(path(dir_of("AT_FDCWD"), a[1])); note(path(dir_of("AT_FDCWD"), a[2])); next }
		if (name == "symlink") { note(path(dir_of("AT_FDCWD"), a[2])); next }
		if (name == "symlinkat") { note(path(dir_of(a[2]), a[3])); next }
		if (name ~ /^(renameat|renameat2|linkat)$/) { note(path(dir_of(a[1]), a[2])); note(path(dir_of(a[3]), a[4])); next }
		if (name == "utimensat" && a[2] == "NULL") { note(dir_of(a[1])); next }
		if (name ~ /^(mkdirat|unlinkat|fchmodat|fchownat|utimensat)$/) { note(path(dir_of(a[1]), a[2])); next }
	}' "$1" | sort -u
}

traced "$TMP/install.trace" $M install DESTDIR="$DEST" >"$TMP/install.log" 2>&1
check $? "make install DESTDIR=... PREFIX=/usr" "$TMP/install.log"
if [ -n "$STRACE" ]; then
	outside "$TMP/install.trace" >"$TMP/outside"
	[ ! -s "$TMP/outside" ] && grep -q "dest/usr/sbin/kaohed" "$TMP/install.trace"
	check $? "make install writes nothing outside DESTDIR" "$TMP/outside"
else
	skip "make install writes nothing outside DESTDIR" "no strace, or it cannot trace here"
fi

# ---- what is where ----
: >"$TMP/files"
while read -r mode f; do
	if [ ! -f "$DEST$f" ]; then
		echo "missing: $f" >>"$TMP/files"
	elif [ "$(stat -c %a "$DEST$f")" != "$mode" ]; then
		echo "mode $(stat -c %a "$DEST$f"), not $mode: $f" >>"$TMP/files"
	fi
done <<EOF
755 /usr/bin/kaohe
755 /usr/sbin/kaohed
755 /usr/sbin/kaohectl
644 /usr/share/man/man1/kaohe.1
644 /usr/share/man/man8/kaohed.8
644 /usr/share/man/man8/kaohectl.8
644 /usr/share/locale/zh_CN/LC_MESSAGES/kaohe.mo
644 /usr/share/kaohe/calendar-2026.csv
644 /usr/share/kaohe/plans/yongqiao-2015.yaml
644 /usr/share/kaohe/plans/wenzhou-rubric.yaml
644 /usr/share/kaohe/ledgers/pioneer.yaml
644 /usr/share/kaohe/org-example/units.csv
644 /usr/share/kaohe/org-example/people.csv
644 /usr/share/doc/kaohe/operations.md
644 /usr/share/doc/kaohe/README
644 /usr/share/doc/kaohe/kaohed.conf.example
644 /etc/kaohe/kaohed.conf
644 /lib/systemd/system/kaohed.service
644 /usr/lib/sysusers.d/kaohe.conf
EOF
cmp -s schema/plans/yongqiao-2015.yaml "$DEST/usr/share/kaohe/plans/yongqiao-2015.yaml" ||
	echo "the plans differ from schema/plans" >>"$TMP/files"
[ "$(ls "$DEST/usr/share/kaohe/plans" | wc -l)" -eq "$(ls schema/plans/*.yaml | wc -l)" ] ||
	echo "not every plan of schema/plans" >>"$TMP/files"
[ ! -s "$TMP/files" ]
check $? "programs, man pages, catalogue, plans, ledgers, calendar, config, unit and sysusers in place, modes right" "$TMP/files"

UNIT=$DEST/lib/systemd/system/kaohed.service
grep -q '@[A-Z]*@' "$UNIT" "$DEST/etc/kaohe/kaohed.conf" >"$TMP/unit.err" 2>&1
[ $? -eq 1 ] && grep -qx "ExecStart=/usr/sbin/kaohed --config /etc/kaohe/kaohed.conf --daemon" "$UNIT" &&
    grep -qx "u kaohe - .*/var/lib/kaohe" "$DEST/usr/lib/sysusers.d/kaohe.conf"
check $? "the unit names the installed kaohed and /etc/kaohe/kaohed.conf; the user kaohe lives in /var/lib/kaohe" "$UNIT"

# The unit as systemd reads it; its ExecStart must exist, so a copy points
# into DEST, and man finds its Documentation= pages there.
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$TMP/unit"
	sed "s|^ExecStart=/|ExecStart=$DEST/|" "$UNIT" >"$TMP/unit/kaohed.service"
	MANPATH=$DEST/usr/share/man systemd-analyze verify "$TMP/unit/kaohed.service" >"$TMP/verify.log" 2>&1
	[ $? -eq 0 ] && [ ! -s "$TMP/verify.log" ]
	check $? "systemd-analyze verify kaohed.service: no warning" "$TMP/verify.log"
else
	skip "systemd-analyze verify kaohed.service: no warning" "no systemd-analyze"
fi

if command -v man >/dev/null 2>&1; then
	: >"$TMP/man.log"
	for p in man1/kaohe.1 man8/kaohed.8 man8/kaohectl.8; do
		LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$DEST/usr/share/man/$p" \
		    2>>"$TMP/man.log" >"$TMP/man.out" && grep -q "EXIT STATUS" "$TMP/man.out" ||
		    echo "$p does not render" >>"$TMP/man.log"
	done
	[ ! -s "$TMP/man.log" ]
	check $? "the man pages render without a warning" "$TMP/man.log"
else
	skip "the man pages render without a warning" "no man"
fi

# ---- the installed programs at work ----
KCTL="$DEST/usr/sbin/kaohectl"
export KAOHE_DATADIR=$DEST/usr/share/kaohe KAOHE_LOCALEDIR=$DEST/usr/share/locale
export LC_ALL=C.UTF-8
unset KAOHE_DB LANGUAGE

"$KCTL" help init | grep -q "data directory,\$" && "$KCTL" help init | grep -q "^$DEST/usr/share/kaohe (or" &&
    env -u KAOHE_DATADIR "$KCTL" help init | grep -q "^/usr/share/kaohe (or \$KAOHE_DATADIR)" &&
    "$DEST/usr/sbin/kaohed" --help | grep -q "/etc/kaohe/kaohed.conf, if it exists"
check $? "the installed programs name the installed data directory and configuration file"

# an empty directory, as the admin makes it for the user kaohe; bare names
# found in the data directory
mkdir -m 0750 "$TMP/db"
"$KCTL" init "$TMP/db" --calendar calendar-2026.csv --plans plans >"$TMP/init.log" 2>&1 &&
    [ "$(grep -c '^imported plan ' "$TMP/init.log")" -eq "$(ls schema/plans/*.yaml | wc -l)" ] &&
    grep -q '^imported ledger pioneer ' "$TMP/init.log" &&
    "$KCTL" --db "$TMP/db" calendar list 2026 | grep -q "holiday" &&
    [ "$(stat -c %a "$TMP/db/server.secret")" = 600 ]
check $? "the installed kaohectl init loads the installed plans, ledgers and calendar" "$TMP/init.log"

"$KCTL" --db "$TMP/db" import org "$KAOHE_DATADIR/org-example/units.csv" \
    "$KAOHE_DATADIR/org-example/people.csv" >"$TMP/org.log" 2>&1 &&
    grep -q "^people: [1-9][0-9]* created" "$TMP/org.log"
check $? "and imports the installed example office" "$TMP/org.log"

# kaohed as the unit starts it: the installed kaohed.conf, with db and
# listen into TMP (a port of 7700-7749, its update port the next one).
EXEC=$(sed -n 's/^ExecStart=//p' "$UNIT")
read -r -a argv <<<"$EXEC"
argv[0]=$DEST${argv[0]}
served=1
for try in 1 2 3 4 5; do
	port=$((7700 + 2 * (RANDOM % 25)))
	sed -e "s|^db = .*|db = $TMP/db|" -e "s|^listen = .*|listen = tcp://127.0.0.1:$port|" \
	    "$DEST/etc/kaohe/kaohed.conf" >"$TMP/kaohed.conf"
	for i in "${!argv[@]}"; do
		[ "${argv[$i]}" = /etc/kaohe/kaohed.conf ] && argv[$i]=$TMP/kaohed.conf
	done
	"${argv[@]}" </dev/null >"$TMP/kaohed.log" 2>&1 &
	KAOHED_PID=$!
	for _ in $(seq 50); do
		grep -q "serving" "$TMP/kaohed.log" && break
		kill -0 "$KAOHED_PID" 2>/dev/null || break
		sleep 0.1
	done
	if grep -q "serving $TMP/db on tcp://127.0.0.1:$port" "$TMP/kaohed.log"; then
		"$BUILD/tests/login-probe" "$TMP/db" "tcp://127.0.0.1:$port" wangjianguo changeme1 \
		    >>"$TMP/kaohed.log" 2>&1
		served=$?
		break
	fi
	wait "$KAOHED_PID" 2>/dev/null
	KAOHED_PID=""
	grep -q "in use" "$TMP/kaohed.log" || break	# another reason: do not try again
done
[[ " ${argv[*]} " == *" --config $TMP/kaohed.conf "* ]] && [ "$served" -eq 0 ]
check $? "kaohed started as ExecStart says serves a login and its heartbeat" "$TMP/kaohed.log"

# systemd stops it with SIGTERM (KillSignal=)
status=1
if [ -n "$KAOHED_PID" ]; then
	kill -TERM "$KAOHED_PID"
	wait "$KAOHED_PID"
	status=$?
	KAOHED_PID=""
fi
[ "$status" -eq 0 ] && grep -q "stopped at seq" "$TMP/kaohed.log"
check $? "SIGTERM stops it cleanly (status 0)" "$TMP/kaohed.log"

# the client in both languages, its catalogue the installed one
env -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$DEST/usr/bin/kaohe" --help >"$TMP/en.txt" 2>&1 &&
    grep -q "^usage: kaohe " "$TMP/en.txt" && grep -q "show this help" "$TMP/en.txt"
check $? "kaohe --help in English under LANG=C.UTF-8" "$TMP/en.txt"
if locale -a 2>/dev/null | grep -qiE '^zh_CN\.utf-?8$'; then
	env -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$DEST/usr/bin/kaohe" --help >"$TMP/zh.txt" 2>&1 &&
	    grep -q "^用法：kaohe " "$TMP/zh.txt" && grep -q "显示本帮助" "$TMP/zh.txt"
	check $? "kaohe --help in Chinese under LANG=zh_CN.UTF-8, from the installed catalogue" "$TMP/zh.txt"
else
	skip "kaohe --help in Chinese under LANG=zh_CN.UTF-8" "no zh_CN.UTF-8 locale (locale-gen)"
fi

# ---- again, and away ----
echo "# edited by the admin" >>"$DEST/etc/kaohe/kaohed.conf"
$M install DESTDIR="$DEST" >"$TMP/again.log" 2>&1 &&
    tail -n 1 "$DEST/etc/kaohe/kaohed.conf" | grep -q "edited by the admin" && grep -q "kept" "$TMP/again.log"
check $? "make install again keeps the admin's kaohed.conf" "$TMP/again.log"

traced "$TMP/uninstall.trace" $M uninstall DESTDIR="$DEST" >"$TMP/uninstall.log" 2>&1
status=$?
(cd "$DEST" && find . -type f) >"$TMP/left"
: >"$TMP/outside"
[ -n "$STRACE" ] && outside "$TMP/uninstall.trace" >"$TMP/outside"
cat "$TMP/left" "$TMP/outside" >>"$TMP/uninstall.log"
[ "$status" -eq 0 ] && [ "$(cat "$TMP/left")" = "./etc/kaohe/kaohed.conf" ] && [ ! -s "$TMP/outside" ]
check $? "make uninstall removes everything but kaohed.conf, and nothing outside DESTDIR" "$TMP/uninstall.log"

exit $((failed > 0))
