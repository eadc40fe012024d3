#!/bin/sh
# run.sh [--build DIR] [--mode quick|full]: run every benchmark of
# tests/bench/ and print the table.
#
# Each program prints lines for people ("# ...") and one line per target:
#     target NAME measured=X baseline=Y ratio=R goal=G ok|short
# This script shows everything as it comes, then the target lines again as
# one table, then a summary line: "bench: N targets, N ok, N short".  A new
# family of targets is one more program: add it to PROGS.
set -u
build=build
mode=quick
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--mode) mode=$2; shift 2 ;;
	*) echo "usage: run.sh [--build DIR] [--mode quick|full]" >&2; exit 2 ;;
	esac
done
case $mode in
quick) pg_seconds=8 ;;
full) pg_seconds=30 ;;
*) echo "run.sh: mode is quick or full, not $mode" >&2; exit 2 ;;
esac
export BENCH=$mode KAOHE_BUILD=$build
out=$(mktemp /tmp/kaohe-bench-XXXXXX)
trap 'rm -f "$out"' EXIT INT TERM
start=$(date +%s)

echo "# bench ($mode) on $(hostname), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"

# PostgreSQL first: bench-submit compares with it.
pg=$(tests/bench/pg.sh 32 "$pg_seconds") || pg=""
case $pg in
pg_tps=*) export BENCH_PG_TPS=${pg#pg_tps=} ;;
*) echo "# no PostgreSQL baseline: tests/bench/pg.sh failed" ;;
esac

# bench-rank: the ranking at 100k and 1M people; bench-scale: submits,
# restart and server RSS on a database of daily logs made by kaohectl gen
# (1M logs and 20k people quick, 10M and 100k full), against an empty one.
case $mode in
quick) scale_args="1000000 20000 32 5 1m_quick" ;;
full) scale_args="10000000 100000 32 5 10m" ;;
esac
# bench-client: the real kaohe in a pty, a 10,000-item queue (quick: 3
# runs, 2,000 people; full: 5 runs, 20,000 people); bench-resync: the
# bytes of a resync after missed updates.
case $mode in
quick) client_args="10000 2000 3" ;;
full) client_args="10000 20000 5" ;;
esac
PROGS="bench-submit bench-fanout bench-rank bench-scale bench-client bench-resync"
for p in $PROGS; do
	echo "# --- $p"
	if [ ! -x "$build/tests/bench/$p" ]; then
		echo "# $build/tests/bench/$p is not built"
		continue
	fi
	case $p in
	bench-rank) args=$mode ;;
	bench-scale) args=$scale_args ;;
	bench-client) args=$client_args ;;
	*) args= ;;
	esac
	# shellcheck disable=SC2086
	"$build/tests/bench/$p" $args 2>&1 | tee -a "$out"
done

echo
awk -v secs=$(($(date +%s) - start)) '
BEGIN { printf "%-18s %14s %14s %8s %8s  %s\n", "target", "measured", "baseline", "ratio", "goal", "" }
/^target / {
	m = $3; b = $4; r = $5; g = $6
	sub(/^measured=/, "", m); sub(/^baseline=/, "", b); sub(/^ratio=/, "", r); sub(/^goal=/, "", g)
	printf "%-18s %14s %14s %8s %8s  %s\n", $2, m, b, r, g, $7
	n++; if ($7 == "ok") ok++; else short++
}
END { printf "bench: %d targets, %d ok, %d short (%d s)\n", n, ok, short, secs }' "$out"
