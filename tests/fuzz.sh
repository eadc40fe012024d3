#!/usr/bin/env bash
# fuzz.sh: run a libFuzzer harness for a while, starting from seed files
# (tests/fuzz-corpus unless others are named), and say how it went in TAP.
#
#   tests/fuzz.sh FUZZER SECONDS [SEED...]   e.g. tests/fuzz.sh build-fuzz/fuzz-decode 30
#
# A SEED is a file or a folder of files.
#
# The seeds are copied to a scratch corpus, so a run never changes the tree.
# libFuzzer's own output goes to FUZZER.log beside the fuzzer and its tail is
# shown only when something went wrong.  A crash, leak, timeout or
# out-of-memory input is kept beside the fuzzer as FUZZER-crash-<sha1> (and
# so on) and its path printed: run FUZZER on that file to replay it.
set -u

if [ $# -lt 2 ] || ! [[ $2 =~ ^[0-9]+$ ]]; then
	echo "usage: tests/fuzz.sh FUZZER SECONDS [SEED...]" >&2
	exit 2
fi
fuzzer=$1 seconds=$2
shift 2
name=$(basename "$fuzzer")
dir=$(dirname "$fuzzer")
if [ $# -eq 0 ]; then
	set -- "$(cd "$(dirname "$0")" && pwd)/fuzz-corpus"
fi
log=$dir/$name.log

echo "1..1"
if [ ! -x "$fuzzer" ]; then
	echo "not ok 1 - $name: no fuzzer at $fuzzer (make $fuzzer)"
	exit 1
fi

work=$(mktemp -d /tmp/kaohe-fuzz.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for seed in "$@"; do
	if [ -d "$seed" ]; then
		cp "$seed"/* "$work/corpus/"
	else
		cp "$seed" "$work/corpus/"
	fi
done
touch "$work/start"

"$fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=1024 \
	-artifact_prefix="$dir/$name-" -print_final_stats=1 "$work/corpus" >"$log" 2>&1
rc=$?

# Executions: the final stats when libFuzzer got that far, else the last
# progress line ("#12345 ...").
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
[ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
artefacts=$(find "$dir" -maxdepth 1 -type f -name "$name-*" -newer "$work/start")

if [ "$rc" -eq 0 ] && [ -z "$artefacts" ]; then
	echo "ok 1 - $name $seconds s, ${execs:-0} execs, no crash"
	echo "# ${rate:-?} execs/s, $(ls "$work/corpus" | wc -l) inputs in the corpus; log in $log"
	exit 0
fi

echo "not ok 1 - $name $seconds s, ${execs:-0} execs, exit status $rc"
for a in $artefacts; do
	echo "# kept $a (replay: $fuzzer $a)"
done
# The report from where it starts (sanitizer, fatal() or libFuzzer), then
# libFuzzer's last words; the whole of it stays in the log.
first=$(grep -n -m 1 -E 'ERROR|runtime error|fatal:|==[0-9]+==' "$log" | cut -d: -f1)
if [ -n "$first" ]; then
	echo "# from line $first of $log:"
	sed -n "${first},$((first + 30))p" "$log" | sed 's/^/# /'
	echo "# ..."
	tail -n 8 "$log" | sed 's/^/# /'
else
	echo "# last lines of $log:"
	tail -n 40 "$log" | sed 's/^/# /'
fi
exit 1
