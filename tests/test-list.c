/*
 * test-list.c: what the client's lists share (client/client-list.c): the
 * search that narrows a list as it is typed, the selection kept on the
 * same row whatever is rebuilt, the keys and the mouse; and the sparkline
 * of a person's results (client/client-trend.c): heights by score and by
 * grade, the block elements and their ASCII stand-ins.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "client/client-list.h"
#include "client/client-trend.h"

/* The demo office's people, as a list offers them: name and unit. */
static const char *const people[] = {
	"张三 综合科", "李四 综合科", "王五 业务科", "赵国强 办公室", "Chen Jing 业务科",
};

static void
offer_all(struct list *l)
{
	list_begin(l);
	for (uint32_t i = 0; i < sizeof people / sizeof people[0]; i++)
		list_offer(l, i, 100 + i, people[i]);
	list_end(l);
}

static void
type(struct list *l, const wchar_t *s)
{
	for (; *s != L'\0'; s++)
		assert_int_equal(list_key(l, false, (wint_t)*s, NULL), LIST_DONE);
}

static void
test_match(void **state)
{
	(void)state;
	assert_true(list_match("", "anything"));
	assert_true(list_match("综合", "张三 综合科"));
	assert_false(list_match("综合", "王五 业务科"));
	/* ASCII letters in either case; Chinese as it is */
	assert_true(list_match("chen", "Chen Jing"));
	assert_true(list_match("JING", "Chen Jing"));
	assert_false(list_match("chen jingx", "Chen Jing"));
	assert_true(list_match("2026", "2026年第四季度"));
	/* a byte of a UTF-8 sequence never matches an ASCII letter */
	assert_false(list_match("a", "张三"));
	assert_false(list_match("张三 综合科 多", "张三 综合科"));
}

static void
test_search_narrows(void **state)
{
	struct list l = { 0 };

	(void)state;
	offer_all(&l);
	assert_int_equal(l.n, 5);
	assert_false(list_typing(&l));
	/* / starts the search; each key narrows at the next rebuild */
	assert_int_equal(list_key(&l, false, '/', NULL), LIST_DONE);
	assert_true(list_typing(&l));
	type(&l, L"综合");
	assert_true(list_dirty(&l));
	offer_all(&l);
	assert_false(list_dirty(&l));
	assert_int_equal(l.n, 2);
	assert_int_equal(l.total, 5);
	assert_int_equal(list_at(&l, 0), 0);
	assert_int_equal(list_at(&l, 1), 1);
	assert_int_equal(list_at(&l, 2), LIST_NONE);
	/* while typing, letters are text, not keys: j and q go in the search */
	assert_int_equal(list_key(&l, false, 'j', NULL), LIST_DONE);
	offer_all(&l);
	assert_int_equal(l.n, 0);
	assert_non_null(list_empty(&l));
	/* Backspace takes it out again */
	assert_int_equal(list_key(&l, true, KEY_BACKSPACE, NULL), LIST_DONE);
	offer_all(&l);
	assert_int_equal(l.n, 2);
	assert_null(list_empty(&l));
	/* Enter ends the typing and keeps the search */
	assert_int_equal(list_key(&l, false, '\r', NULL), LIST_DONE);
	assert_false(list_typing(&l));
	assert_true(list_searching(&l));
	/* Esc clears it: every row again */
	assert_int_equal(list_key(&l, false, 27, NULL), LIST_DONE);
	assert_false(list_searching(&l));
	offer_all(&l);
	assert_int_equal(l.n, 5);
	/* with no search Esc is the screen's (back) */
	assert_int_equal(list_key(&l, false, 27, NULL), LIST_PASS);
	/* Esc while typing clears too */
	list_key(&l, false, '/', NULL);
	type(&l, L"chen");
	assert_int_equal(list_key(&l, false, 27, NULL), LIST_DONE);
	assert_false(list_typing(&l));
	assert_false(list_searching(&l));
	list_free(&l);
}

static void
test_selection_kept(void **state)
{
	struct list l = { 0 };

	(void)state;
	offer_all(&l);
	list_key(&l, false, 'j', NULL);
	list_key(&l, true, KEY_DOWN, NULL);
	assert_int_equal(list_cur(&l), 2);		/* 王五 */
	/* a search that keeps the row keeps the selection on it */
	list_key(&l, false, '/', NULL);
	type(&l, L"业务");
	offer_all(&l);
	assert_int_equal(l.n, 2);
	assert_int_equal(list_cur(&l), 2);
	assert_int_equal(l.sel, 0);
	/* the rows come again in another order: still the same person */
	list_begin(&l);
	list_offer(&l, 4, 104, people[4]);
	list_offer(&l, 2, 102, people[2]);
	list_end(&l);
	assert_int_equal(list_cur(&l), 2);
	assert_int_equal(l.sel, 1);
	/* one that hides it leaves the selection in range */
	list_key(&l, false, 27, NULL);
	list_key(&l, false, '/', NULL);
	type(&l, L"赵");
	offer_all(&l);
	assert_int_equal(l.n, 1);
	assert_int_equal(list_cur(&l), 3);
	list_free(&l);
}

static void
test_keys_move(void **state)
{
	struct list l = { 0 };

	(void)state;
	offer_all(&l);
	list_place(&l, 5, 0, 80, 3);
	assert_int_equal(list_key(&l, true, KEY_END, NULL), LIST_DONE);
	assert_int_equal(l.sel, 4);
	list_place(&l, 5, 0, 80, 3);
	assert_int_equal(l.top, 2);		/* the last row in view */
	assert_int_equal(list_key(&l, true, KEY_HOME, NULL), LIST_DONE);
	assert_int_equal(l.sel, 0);
	assert_int_equal(list_key(&l, true, KEY_NPAGE, NULL), LIST_DONE);
	assert_int_equal(l.sel, 2);
	assert_int_equal(list_key(&l, false, 'k', NULL), LIST_DONE);
	assert_int_equal(l.sel, 1);
	assert_int_equal(list_key(&l, false, '\r', NULL), LIST_OPEN);
	/* what is not the list's is the screen's */
	assert_int_equal(list_key(&l, false, 'x', NULL), LIST_PASS);
	assert_int_equal(list_key(&l, true, KEY_F(3), NULL), LIST_PASS);
	list_free(&l);
}

static void
test_mouse(void **state)
{
	struct list l = { 0 };
	struct ui_mouse m = { MOUSE_CLICK, 7, 10 };

	(void)state;
	offer_all(&l);
	list_place(&l, 5, 2, 40, 3);		/* rows 5, 6, 7 show rows 0-2 */
	/* a click selects the row under it, a second one opens it */
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_DONE);
	assert_int_equal(l.sel, 2);
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_OPEN);
	/* outside the rows, or past the last, is not the list's */
	m.y = 8;
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_PASS);
	m.y = 6;
	m.x = 45;
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_PASS);
	/* the wheel moves the selection */
	m = (struct ui_mouse){ MOUSE_WHEEL_DOWN, 6, 10 };
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_DONE);
	assert_int_equal(l.sel, 4);
	m.what = MOUSE_WHEEL_UP;
	assert_int_equal(list_key(&l, true, KEY_MOUSE, &m), LIST_DONE);
	assert_int_equal(l.sel, 1);
	/* a list scrolled: the row under the click counts from the top shown */
	list_move(&l, 10);
	list_place(&l, 5, 2, 40, 3);
	assert_int_equal(l.top, 2);
	assert_int_equal(list_hit(5, 2, 40, 3, l.top, l.n, &(struct ui_mouse){ MOUSE_CLICK, 5, 2 }), 2);
	assert_int_equal(list_hit(5, 2, 40, 3, 0, 2, &(struct ui_mouse){ MOUSE_CLICK, 7, 2 }), LIST_NONE);
	list_free(&l);
}

static void
test_key_bar(void **state)
{
	static const char *const keys[] = { "Enter", "open", "?", "help", "q", "quit", NULL };
	struct list l = { 0 };
	const char *const *k;

	(void)state;
	offer_all(&l);
	/* the search's key goes before the help's */
	k = list_keys(&l, keys);
	assert_string_equal(k[2], "/");
	assert_string_equal(k[4], "?");
	/* typing: what is typed and how many rows it leaves */
	list_key(&l, false, '/', NULL);
	type(&l, L"张");
	offer_all(&l);
	k = list_keys(&l, keys);
	assert_string_equal(k[0], "/");
	assert_string_equal(k[1], "“张_” 1 of 5");
	/* narrowing, not typing: the search and Esc first, the keys after */
	list_key(&l, false, '\n', NULL);
	k = list_keys(&l, keys);
	assert_string_equal(k[1], "“张” 1 of 5");
	assert_string_equal(k[2], "Esc");
	assert_string_equal(k[4], "Enter");
	list_free(&l);
}

static void
test_trend_levels(void **state)
{
	(void)state;
	/* 不称职 0, 基本称职 1-3, 称职 4-5, 优秀 6-7: a grade never shares a height */
	assert_int_equal(trend_level(0), 0);
	assert_int_equal(trend_level(5999), 0);
	assert_int_equal(trend_level(6000), 1);
	assert_int_equal(trend_level(7999), 3);
	assert_int_equal(trend_level(6700), 2);
	assert_int_equal(trend_level(8000), 4);
	assert_int_equal(trend_level(8885), 5);
	assert_int_equal(trend_level(9000), 6);
	assert_int_equal(trend_level(9500), 7);
	assert_int_equal(trend_level(10000), 7);
	/* higher scores never draw lower */
	for (uint32_t s = 0; s < 10000; s++)
		assert_true(trend_level(s) <= trend_level(s + 1));
	assert_int_equal(trend_grade_level(1), 7);
	assert_int_equal(trend_grade_level(2), 5);
	assert_int_equal(trend_grade_level(3), 2);
	assert_int_equal(trend_grade_level(4), 0);
}

static void
test_trend_glyphs(void **state)
{
	bool have[5] = { true, false, true, true, true };
	uint32_t score[5] = { 5000, 0, 8000, 9000, 10000 };
	char buf[64];

	(void)state;
	assert_string_equal(trend_glyph(0, false), "▁");
	assert_string_equal(trend_glyph(7, false), "█");
	assert_string_equal(trend_glyph(-1, false), "·");
	assert_string_equal(trend_glyph(0, true), "_");
	assert_string_equal(trend_glyph(7, true), "#");
	assert_string_equal(trend_glyph(-1, true), " ");
	trend_line(have, score, 5, false, buf, sizeof buf);
	assert_string_equal(buf, "▁·▅▇█");
	trend_line(have, score, 5, true, buf, sizeof buf);
	assert_string_equal(buf, "_ =*#");
	/* never past the buffer, never half a character */
	trend_line(have, score, 5, false, buf, 8);
	assert_string_equal(buf, "▁·");
	/* the terminal: block elements only where they show */
	setenv("KAOHE_ASCII", "1", 1);
	assert_true(trend_ascii());
	unsetenv("KAOHE_ASCII");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_search_narrows),
		cmocka_unit_test(test_selection_kept),
		cmocka_unit_test(test_keys_move),
		cmocka_unit_test(test_mouse),
		cmocka_unit_test(test_key_bar),
		cmocka_unit_test(test_trend_levels),
		cmocka_unit_test(test_trend_glyphs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
