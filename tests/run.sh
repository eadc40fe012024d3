#!/usr/bin/env bash
# run.sh: run every kaohe test and print one closing line "N passed, N failed".
#
#   tests/run.sh --build DIR [--san DIR] [--fuzz-dir DIR --fuzz-seconds N
#                [--fuzz-decode-seconds N]]
#   tests/run.sh --fuzz-only --fuzz-dir DIR --fuzz-seconds N
#
# fuzz-decode runs --fuzz-decode-seconds (default: --fuzz-seconds), the
# other fuzzers --fuzz-seconds.
#
# Every test speaks TAP (cmocka with CMOCKA_MESSAGE_OUTPUT=TAP, and the shell
# tests print ok / not ok lines); each "ok" counts as passed and each
# "not ok" as failed.  A test program that exits non-zero without printing a
# "not ok" counts as one failure, so a crash can never pass silently.
set -u
cd "$(dirname "$0")/.."

build=build san="" fuzz="" fuzz_seconds=20 fuzz_decode_seconds="" fuzz_only=""
while [ $# -gt 0 ]; do
	case "$1" in
	--build) build=$2; shift 2 ;;
	--san) san=$2; shift 2 ;;
	--fuzz-dir) fuzz=$2; shift 2 ;;
	--fuzz-only) fuzz_only=1; shift ;;
	--fuzz-seconds) fuzz_seconds=$2; shift 2 ;;
	--fuzz-decode-seconds) fuzz_decode_seconds=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown option $1 (tests/run.sh --help)" >&2; exit 2 ;;
	esac
done

passed=0 failed=0
log=$(mktemp /tmp/kaohe-run.XXXXXX)
trap 'rm -f "$log"' EXIT

# run NAME COMMAND...: run one test program, echo its output, count.
run() {
	local name=$1; shift
	local ok nok rc t0=$SECONDS
	printf '== %s\n' "$name"
	# A test that hangs (a failed assertion leaving a socket open, say)
	# fails after 5 minutes rather than stall the run.
	timeout -k 10 300 "$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	[ "$rc" -eq 124 ] && echo "# $name timed out after 300 s"
	echo "# $name took $((SECONDS - t0)) s"
	ok=$(grep -cE '^ok [0-9]+' "$log")
	nok=$(grep -cE '^not ok [0-9]+' "$log")
	if [ "$rc" -ne 0 ] && [ "$nok" -eq 0 ]; then
		echo "# $name exited with status $rc"
		nok=1
	fi
	if [ "$ok" -eq 0 ] && [ "$nok" -eq 0 ]; then
		echo "# $name ran no test"
		nok=1
	fi
	passed=$((passed + ok))
	failed=$((failed + nok))
}

export CMOCKA_MESSAGE_OUTPUT=TAP
export LANG=C.UTF-8

suite() {
	local dir=$1 tag=$2
	for t in test-codec test-decode test-wire-check test-domain test-store test-docs test-sync \
	    test-period test-import test-score test-rubric test-plan test-scoring test-export \
	    test-orgs test-orgs-ui test-list test-ledger test-config test-draft test-job; do
		run "$t$tag" "$dir/tests/$t"
	done
	KAOHE_BUILD=$dir run "test-server$tag" "$dir/tests/test-server"
	KAOHE_BUILD=$dir run "test-access$tag" "$dir/tests/test-access"
	# 50 crash cycles in the plain build; under the sanitizers 15 are
	# enough to catch what they catch, and keep make test under 10 minutes
	KAOHE_BUILD=$dir run "crashtest$tag" "$dir/tests/crashtest" "$([ -z "$tag" ] && echo 50 || echo 15)"
	KAOHE_BUILD=$dir run "test-durability$tag" "$dir/tests/test-durability"
	KAOHE_BUILD=$dir run "test-security$tag" "$dir/tests/test-security"
	KAOHE_BUILD=$dir run "test-hostile$tag" "$dir/tests/test-hostile"
	run "tui-log$tag" tests/tui-log.sh "$dir"
	run "tui-reconnect$tag" tests/tui-reconnect.sh "$dir"
	run "tui-offline$tag" tests/tui-offline.sh "$dir"
	run "tui-queue$tag" tests/tui-queue.sh "$dir"
	run "tui-console$tag" tests/tui-console.sh "$dir"
	run "tui-rank$tag" tests/tui-rank.sh "$dir"
	run "tui-orgs$tag" tests/tui-orgs.sh "$dir"
	run "export$tag" tests/export.sh "$dir"
	run "tui-export$tag" tests/tui-export.sh "$dir"
	run "tui-rank-quarter$tag" tests/tui-rank-quarter.sh "$dir"
	run "tui-ledger$tag" tests/tui-ledger.sh "$dir"
	run "tui-lists$tag" tests/tui-lists.sh "$dir"
	run "tui-forms$tag" tests/tui-forms.sh "$dir"
	run "tui-mono$tag" tests/tui-mono.sh "$dir"
	# every screen in English: the same code as above in another
	# language, so once, in the plain build
	[ -z "$tag" ] && run "tui-en" tests/tui-en.sh "$dir"
}

[ -z "$fuzz_only" ] && run "i18n-check" tests/i18n-check.sh
# once, on the plain build: it installs the programs, it does not test them
[ -z "$fuzz_only" ] && run "install" tests/install.sh "$build"
[ -z "$fuzz_only" ] && suite "$build" ""
if [ -n "$san" ]; then
	export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	suite "$san" " (asan+ubsan)"
fi
if [ -n "$fuzz" ]; then
	# each parser from seeds of its own kind
	run "fuzz-decode" tests/fuzz.sh "$fuzz/fuzz-decode" "${fuzz_decode_seconds:-$fuzz_seconds}"
	run "fuzz-plan" tests/fuzz.sh "$fuzz/fuzz-plan" "$fuzz_seconds" schema/plans
	run "fuzz-csv" tests/fuzz.sh "$fuzz/fuzz-csv" "$fuzz_seconds" schema/org-example \
	    schema/calendar-2026.csv
	run "fuzz-ledger" tests/fuzz.sh "$fuzz/fuzz-ledger" "$fuzz_seconds" schema/ledgers
fi

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
