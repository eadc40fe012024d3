/*
 * test-period.c: period codes, their Chinese names and days, parsing, and
 * deadlines on the working-day calendar (common/period.c).
 *
 * The calendar here is the 2026 schedule of the State Council notice, the
 * same days as schema/calendar-2026.csv, written out so that this test links
 * the common code only; test-import.c loads the shipped file itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/period.h"
#include "common/util.h"
#include "i18n-fixture.h"

#define H CAL_HOLIDAY
#define W CAL_WORKDAY

static struct calendar_day days2026[] = {
	{ 20260101, H, "元旦" }, { 20260102, H, "元旦" }, { 20260103, H, "元旦" },
	{ 20260104, W, "元旦" },
	{ 20260214, W, "春节" },
	{ 20260215, H, "春节" }, { 20260216, H, "春节" }, { 20260217, H, "春节" },
	{ 20260218, H, "春节" }, { 20260219, H, "春节" }, { 20260220, H, "春节" },
	{ 20260221, H, "春节" }, { 20260222, H, "春节" }, { 20260223, H, "春节" },
	{ 20260228, W, "春节" },
	{ 20260404, H, "清明节" }, { 20260405, H, "清明节" }, { 20260406, H, "清明节" },
	{ 20260501, H, "劳动节" }, { 20260502, H, "劳动节" }, { 20260503, H, "劳动节" },
	{ 20260504, H, "劳动节" }, { 20260505, H, "劳动节" },
	{ 20260509, W, "劳动节" },
	{ 20260619, H, "端午节" }, { 20260620, H, "端午节" }, { 20260621, H, "端午节" },
	{ 20260920, W, "国庆节" },
	{ 20260925, H, "中秋节" }, { 20260926, H, "中秋节" }, { 20260927, H, "中秋节" },
	{ 20261001, H, "国庆节" }, { 20261002, H, "国庆节" }, { 20261003, H, "国庆节" },
	{ 20261004, H, "国庆节" }, { 20261005, H, "国庆节" }, { 20261006, H, "国庆节" },
	{ 20261007, H, "国庆节" },
	{ 20261010, W, "国庆节" },
};
static const struct calendar cal2026 = { days2026, nitems(days2026) };

static void
test_codes(void **state)
{
	(void)state;
	assert_true(period_valid(202601));
	assert_true(period_valid(202612));
	assert_true(period_valid(202621));
	assert_true(period_valid(202624));
	assert_true(period_valid(202631));
	assert_true(period_valid(202632));
	assert_true(period_valid(202640));
	assert_true(period_valid(200001));
	assert_true(period_valid(209940));
	assert_false(period_valid(202600));
	assert_false(period_valid(202613));
	assert_false(period_valid(202620));
	assert_false(period_valid(202625));
	assert_false(period_valid(202633));
	assert_false(period_valid(202641));
	assert_false(period_valid(199912));
	assert_false(period_valid(210001));
	assert_false(period_valid(0));

	assert_int_equal(period_type(202611), PERIOD_MONTH);
	assert_int_equal(period_type(202624), PERIOD_QUARTER);
	assert_int_equal(period_type(202632), PERIOD_HALF);
	assert_int_equal(period_type(202640), PERIOD_YEAR);

	assert_int_equal(period_make(PERIOD_MONTH, 2026, 11), 202611);
	assert_int_equal(period_make(PERIOD_QUARTER, 2026, 4), 202624);
	assert_int_equal(period_make(PERIOD_HALF, 2026, 1), 202631);
	assert_int_equal(period_make(PERIOD_YEAR, 2026, 0), 202640);
	assert_int_equal(period_make(PERIOD_MONTH, 2026, 0), 0);
	assert_int_equal(period_make(PERIOD_MONTH, 2026, 13), 0);
	assert_int_equal(period_make(PERIOD_QUARTER, 2026, 5), 0);
	assert_int_equal(period_make(PERIOD_HALF, 2026, 3), 0);
	assert_int_equal(period_make(PERIOD_MONTH, 1999, 1), 0);
	assert_int_equal(period_make(PERIOD_YEAR, 2100, 0), 0);
}

static void
test_names(void **state)
{
	char buf[64];

	(void)state;
	period_name(202611, buf, sizeof buf);
	assert_string_equal(buf, "2026年11月");
	period_name(202601, buf, sizeof buf);
	assert_string_equal(buf, "2026年1月");
	period_name(202621, buf, sizeof buf);
	assert_string_equal(buf, "2026年第一季度");
	period_name(202622, buf, sizeof buf);
	assert_string_equal(buf, "2026年第二季度");
	period_name(202623, buf, sizeof buf);
	assert_string_equal(buf, "2026年第三季度");
	period_name(202624, buf, sizeof buf);
	assert_string_equal(buf, "2026年第四季度");
	period_name(202631, buf, sizeof buf);
	assert_string_equal(buf, "2026年上半年");
	period_name(202632, buf, sizeof buf);
	assert_string_equal(buf, "2026年下半年");
	period_name(202640, buf, sizeof buf);
	assert_string_equal(buf, "2026年度");
	/* a short buffer is cut, never overrun */
	memset(buf, 'x', sizeof buf);
	period_name(202624, buf, 5);
	assert_string_equal(buf, "2026");
	assert_int_equal(buf[5], 'x');
}

/* The weekday follows the messages, whatever LC_TIME says. */
static void
test_weekday_names(void **state)
{
	(void)state;
	assert_string_equal(day_weekday_name(20260101), "星期四");
	assert_string_equal(day_weekday_name(20261122), "星期日");
	test_i18n_english();
	assert_string_equal(day_weekday_name(20260101), "Thursday");
	assert_string_equal(day_weekday_name(20261121), "Saturday");
	test_i18n_process();
}

static void
test_parse(void **state)
{
	static const struct { const char *s; uint32_t code; } good[] = {
		{ "2026-11", 202611 }, { "2026-01", 202601 }, { "2026Q4", 202624 },
		{ "2026q1", 202621 }, { "2026H2", 202632 }, { "2026h1", 202631 },
		{ "2026", 202640 }, { "202611", 202611 }, { "202624", 202624 },
		{ "202640", 202640 }, { "2099-12", 209912 }, { "2000Q1", 200021 },
	};
	static const char *const bad[] = {
		"", "2026-13", "2026-00", "2026-1", "2026-011", "2026Q5", "2026Q0",
		"2026H3", "2026H0", "202613", "202620", "202641", "1999", "2100",
		"2100-01", "26-11", "2026/11", " 2026", "2026 ", "2026-11 ", "2026年",
		"2026Q", "2026Q44", "20261", "2026111", "+202611", "2026-+1", "abcd",
		"2026x4", "2026-1a",
	};
	uint32_t code;

	(void)state;
	for (size_t i = 0; i < nitems(good); i++) {
		code = 0;
		if (!period_parse(good[i].s, &code))
			fail_msg("refused \"%s\"", good[i].s);
		assert_int_equal(code, good[i].code);
	}
	for (size_t i = 0; i < nitems(bad); i++) {
		code = 7;
		if (period_parse(bad[i], &code))
			fail_msg("accepted \"%s\" as %u", bad[i], code);
		assert_int_equal(code, 7);	/* untouched */
	}
}

static void
test_days(void **state)
{
	(void)state;
	assert_int_equal(period_first_day(202611), 20261101);
	assert_int_equal(period_last_day(202611), 20261130);
	assert_int_equal(period_first_day(202621), 20260101);
	assert_int_equal(period_last_day(202621), 20260331);
	assert_int_equal(period_first_day(202622), 20260401);
	assert_int_equal(period_last_day(202622), 20260630);
	assert_int_equal(period_first_day(202623), 20260701);
	assert_int_equal(period_last_day(202623), 20260930);
	assert_int_equal(period_first_day(202624), 20261001);
	assert_int_equal(period_last_day(202624), 20261231);
	assert_int_equal(period_first_day(202631), 20260101);
	assert_int_equal(period_last_day(202631), 20260630);
	assert_int_equal(period_first_day(202632), 20260701);
	assert_int_equal(period_last_day(202632), 20261231);
	assert_int_equal(period_first_day(202640), 20260101);
	assert_int_equal(period_last_day(202640), 20261231);
	assert_int_equal(period_last_day(209912), 20991231);
	assert_int_equal(period_first_day(202613), 0);
	assert_int_equal(period_last_day(202613), 0);
	/* February: leap years by the Gregorian rule, 2000 included */
	assert_int_equal(period_last_day(202602), 20260228);
	assert_int_equal(period_last_day(202802), 20280229);
	assert_int_equal(period_last_day(202402), 20240229);
	assert_int_equal(period_last_day(200002), 20000229);
	assert_int_equal(period_last_day(210002), 0);	/* out of range */
	assert_int_equal(period_last_day(202604), 20260430);
	assert_int_equal(period_last_day(202607), 20260731);
}

static void
test_of_day_and_contains(void **state)
{
	(void)state;
	assert_int_equal(period_of_day(PERIOD_MONTH, 20261122), 202611);
	assert_int_equal(period_of_day(PERIOD_QUARTER, 20261122), 202624);
	assert_int_equal(period_of_day(PERIOD_QUARTER, 20260331), 202621);
	assert_int_equal(period_of_day(PERIOD_QUARTER, 20260401), 202622);
	assert_int_equal(period_of_day(PERIOD_QUARTER, 20260930), 202623);
	assert_int_equal(period_of_day(PERIOD_HALF, 20260630), 202631);
	assert_int_equal(period_of_day(PERIOD_HALF, 20260701), 202632);
	assert_int_equal(period_of_day(PERIOD_YEAR, 20260701), 202640);
	assert_int_equal(period_of_day(PERIOD_MONTH, 20260230), 0);
	/* the quarter holding each month */
	for (int m = 1; m <= 12; m++) {
		uint32_t month = period_make(PERIOD_MONTH, 2026, m);
		uint32_t q = period_of_day(PERIOD_QUARTER, period_first_day(month));

		assert_int_equal(q, 202620 + (uint32_t)(m - 1) / 3 + 1);
		assert_true(period_contains(q, month));
		assert_true(period_contains(m <= 6 ? 202631 : 202632, month));
		assert_false(period_contains(m <= 6 ? 202632 : 202631, month));
		assert_true(period_contains(202640, month));
		assert_false(period_contains(202540, month));
		assert_false(period_contains(month, q));
	}
	assert_true(period_contains(202632, 202624));
	assert_false(period_contains(202631, 202624));
	assert_true(period_contains(202611, 202611));
	assert_false(period_contains(202624, 202613));
}

static void
test_next_prev(void **state)
{
	(void)state;
	assert_int_equal(period_next(202611), 202612);
	assert_int_equal(period_next(202612), 202701);
	assert_int_equal(period_prev(202701), 202612);
	assert_int_equal(period_next(202624), 202721);
	assert_int_equal(period_prev(202621), 202524);
	assert_int_equal(period_next(202631), 202632);
	assert_int_equal(period_next(202632), 202731);
	assert_int_equal(period_prev(202631), 202532);
	assert_int_equal(period_next(202640), 202740);
	assert_int_equal(period_prev(202640), 202540);
	assert_int_equal(period_next(209912), 0);
	assert_int_equal(period_prev(200001), 0);
	assert_int_equal(period_next(202613), 0);
}

static void
test_working_days(void **state)
{
	struct calendar empty = { NULL, 0 };

	(void)state;
	/* no calendar: Monday to Friday */
	assert_true(calendar_is_working_day(&empty, 20261120));		/* Friday */
	assert_false(calendar_is_working_day(&empty, 20261121));	/* Saturday */
	assert_false(calendar_is_working_day(&empty, 20261122));	/* Sunday */
	assert_true(calendar_is_working_day(NULL, 20261123));		/* Monday */
	assert_false(calendar_is_working_day(&empty, 20260230));	/* no such day */
	/* holidays on weekdays are off, make-up weekend days are on */
	assert_false(calendar_is_working_day(&cal2026, 20261001));	/* Thursday, 国庆节 */
	assert_false(calendar_is_working_day(&cal2026, 20260223));	/* Monday, 春节 */
	assert_true(calendar_is_working_day(&cal2026, 20260214));	/* Saturday, 调休上班 */
	assert_true(calendar_is_working_day(&cal2026, 20260920));	/* Sunday, 调休上班 */
	assert_true(calendar_is_working_day(&cal2026, 20260104));	/* Sunday, 调休上班 */
	assert_false(calendar_is_working_day(&cal2026, 20261003));	/* Saturday in the break */
	assert_false(calendar_is_working_day(&cal2026, 20261011));	/* plain Sunday */
	assert_true(calendar_is_working_day(&cal2026, 20261008));	/* Thursday after the break */
	/* the first and last entries of the table are found (binary search edges) */
	assert_false(calendar_is_working_day(&cal2026, 20260101));
	assert_true(calendar_is_working_day(&cal2026, 20261010));
}

static void
test_due_dates(void **state)
{
	struct period_rec p;

	(void)state;
	/* an ordinary month: the last day is a Monday */
	assert_int_equal(calendar_due(&cal2026, 202611), 20261130);
	/* a month ending on a weekend: January 2026 ends on a Saturday */
	assert_int_equal(calendar_due(&cal2026, 202601), 20260130);
	assert_int_equal(calendar_due(&cal2026, 202605), 20260529);	/* ends on Sunday */
	assert_int_equal(calendar_due(&cal2026, 202610), 20261030);	/* ends on Saturday */
	/* a make-up Saturday that is the last working day of February */
	assert_int_equal(calendar_due(&cal2026, 202602), 20260228);
	assert_int_equal(calendar_due(NULL, 202602), 20260227);
	/* September: the due date is a working day, not the 中秋 holiday */
	uint32_t sep = calendar_due(&cal2026, 202609);
	assert_int_equal(sep, 20260930);
	assert_true(calendar_is_working_day(&cal2026, sep));
	/* quarters, halves and the year */
	assert_int_equal(calendar_due(&cal2026, 202621), 20260331);
	assert_int_equal(calendar_due(&cal2026, 202622), 20260630);
	assert_int_equal(calendar_due(&cal2026, 202623), 20260930);
	assert_int_equal(calendar_due(&cal2026, 202624), 20261231);
	assert_int_equal(calendar_due(&cal2026, 202631), 20260630);
	assert_int_equal(calendar_due(&cal2026, 202640), 20261231);
	assert_int_equal(calendar_due(&cal2026, 202613), 0);

	/* every month's deadline is a working day and the last one */
	for (int m = 1; m <= 12; m++) {
		uint32_t code = period_make(PERIOD_MONTH, 2026, m), due = calendar_due(&cal2026, code);

		assert_true(calendar_is_working_day(&cal2026, due));
		for (uint32_t d = day_add(due, 1); d <= period_last_day(code); d = day_add(d, 1))
			assert_false(calendar_is_working_day(&cal2026, d));
	}

	memset(&p, 0, sizeof p);
	p.locked = true;
	p.locked_by = 9;
	calendar_period(&cal2026, 202602, &p);
	assert_int_equal(p.code, 202602);
	assert_int_equal(p.first_day, 20260201);
	assert_int_equal(p.last_day, 20260228);
	assert_int_equal(p.due, 20260228);
	assert_true(p.locked);			/* untouched */
	assert_int_equal(p.locked_by, 9);
}

/* Holidays at the end of a month move its deadline back; a month with no
 * working day at all has no deadline. */
static void
test_due_with_holidays(void **state)
{
	struct calendar_day d[40];
	struct calendar cal = { d, 0 };
	uint32_t day;

	(void)state;
	d[cal.n++] = (struct calendar_day){ 20270428, H, "假" };
	d[cal.n++] = (struct calendar_day){ 20270429, H, "假" };
	d[cal.n++] = (struct calendar_day){ 20270430, H, "假" };
	assert_int_equal(calendar_due(&cal, 202704), 20270427);		/* Tuesday */
	assert_int_equal(calendar_due(&cal, 202722), 20270630);
	/* every weekday of February 2027 off */
	cal.n = 0;
	for (day = 20270201; day <= 20270228; day = day_add(day, 1))
		if (day_weekday(day) >= 1 && day_weekday(day) <= 5)
			d[cal.n++] = (struct calendar_day){ day, H, "假" };
	assert_int_equal(calendar_due(&cal, 202702), 0);
	assert_int_equal(calendar_due(&cal, 202721), 20270331);
	/* one make-up Sunday rescues it */
	cal.n = 0;
	for (day = 20270201; day <= 20270228; day = day_add(day, 1))
		if (day_weekday(day) >= 1 && day_weekday(day) <= 5)
			d[cal.n++] = (struct calendar_day){ day, H, "假" };
		else if (day == 20270207)
			d[cal.n++] = (struct calendar_day){ day, W, "班" };
	assert_int_equal(calendar_due(&cal, 202702), 20270207);
}

static void
test_calendar_free(void **state)
{
	struct calendar cal;

	(void)state;
	cal.n = 2;
	cal.days = xcalloc(2, sizeof *cal.days);
	cal.days[0] = (struct calendar_day){ 20261001, H, xstrdup("国庆节") };
	cal.days[1] = (struct calendar_day){ 20261010, W, xstrdup("国庆节") };
	calendar_free(&cal);
	assert_null(cal.days);
	assert_int_equal(cal.n, 0);
	calendar_free(&cal);		/* twice is safe */
	calendar_free(NULL);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_weekday_names),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_of_day_and_contains),
		cmocka_unit_test(test_next_prev),
		cmocka_unit_test(test_working_days),
		cmocka_unit_test(test_due_dates),
		cmocka_unit_test(test_due_with_holidays),
		cmocka_unit_test(test_calendar_free),
	};

	return cmocka_run_group_tests_name("period", tests, NULL, NULL);
}
