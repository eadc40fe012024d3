#!/usr/bin/env bash
# i18n-check.sh: every message has its Chinese, and no Chinese is left in
# the sources outside a message.
#
#   1. xgettext lists every _() and N_() message; merged with po/zh_CN.po,
#      none may be untranslated or fuzzy.
#   2. every string literal with Chinese in it is either a message or data:
#      the demo and generator files (server/demo*.c, server/gen.c) or a line
#      marked with the comment  /* data */  (a word of a plan file, say).
#   3. po/zh_CN.po keeps no message the sources no longer use.
set -u
cd "$(dirname "$0")/.."
tmp=$(mktemp -d /tmp/kaohe-i18n.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
n=0
check() {	# check DESCRIPTION STATUS [DETAIL FILE]
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		[ -n "${3:-}" ] && sed 's/^/# /' "$3" | head -40
	fi
}
src=$(ls common/*.c server/*.c client/*.c | sort)
xg="xgettext --from-code=UTF-8 --language=C --no-wrap"

$xg --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=ngettext:1,2 -o "$tmp/kaohe.pot" $src 2>"$tmp/xg.err"
check "xgettext reads every source" $? "$tmp/xg.err"

msgmerge --quiet --no-wrap -o "$tmp/merged.po" po/zh_CN.po "$tmp/kaohe.pot" 2>"$tmp/mm.err"
check "po/zh_CN.po merges with the sources" $? "$tmp/mm.err"
msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -E '^msgid "' | grep -v '^msgid ""$' >"$tmp/untr"
check "every message has its Chinese ($(grep -c '^msgid "' "$tmp/kaohe.pot") messages)" "$(wc -l <"$tmp/untr")" "$tmp/untr"
msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -E '^msgid "' >"$tmp/fuzzy"
check "no translation is fuzzy" "$(wc -l <"$tmp/fuzzy")" "$tmp/fuzzy"
msgattrib --only-obsolete "$tmp/merged.po" | grep -E '^#~ msgid "' >"$tmp/obsolete"
check "po/zh_CN.po has no message the sources dropped" "$(wc -l <"$tmp/obsolete")" "$tmp/obsolete"
msgfmt --check -o /dev/null po/zh_CN.po 2>"$tmp/fmt.err"
check "msgfmt --check passes (format strings agree)" $? "$tmp/fmt.err"

# Every literal, with its place; keep those with Chinese that are not messages.
$xg -a --add-location=full -o "$tmp/all.pot" $(echo "$src" | grep -vE '^server/(demo[^/]*|gen)\.c$') 2>/dev/null
msgcomm --no-wrap --unique "$tmp/all.pot" "$tmp/kaohe.pot" -o "$tmp/only-all.pot" 2>/dev/null ||
	cp "$tmp/all.pot" "$tmp/only-all.pot"
: >"$tmp/bare"
awk '/^#: /{loc=$0} /^msgid "/{print loc "\t" $0}' "$tmp/only-all.pot" |
	grep -P '[\x{4e00}-\x{9fff}]' | while IFS=$'\t' read -r loc msg; do
	for place in ${loc#\#: }; do
		f=${place%:*} l=${place##*:}
		sed -n "${l}p" "$f" | grep -q '/\* data \*/' && continue
		grep -qF -- "${msg#msgid }" <(sed -n "${l}p" "$f" | grep -oE '_\("[^"]*"|N_\("[^"]*"') 2>/dev/null && continue
		echo "$place: ${msg#msgid }" >>"$tmp/bare"
	done
done
check "no Chinese literal outside a message or data ($(wc -l <"$tmp/bare") found)" "$(wc -l <"$tmp/bare")" "$tmp/bare"
