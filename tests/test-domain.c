/*
 * test-domain.c: unit tests for the daily log rules and role names of
 * common/domain.c and the helpers of common/util.c they stand on: calendar
 * days as YYYYMMDD numbers, hours typed as text, UTF-8 and the byte buffer;
 * and the other checks the forms run as the user types, the same the
 * server runs: what is wrong with hours or a score as typed, a return or
 * correction reason, login names and passwords.
 *
 * Dates are fixed (today is 20261122, a Sunday) so that no test depends on
 * the day it runs; the calendar is also checked under several time zones,
 * since day arithmetic must not depend on where the machine is.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "common/codec.h"
#include "common/domain.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/util.h"
#include "i18n-fixture.h"

#define TODAY	20261122u

/* ---- log_entry_check ---- */

static struct log_entry
good_entry(void)
{
	struct log_entry e = {
		.date = TODAY, .content = "参加党组会议", .minutes = 120, .overtime = 0,
		.category = CAT_MEETING,
	};
	return e;
}

/* The check's verdict: "" when the entry is accepted, else the field it
 * names.  The code is always invalid and the reason is never empty. */
static const char *
verdict(const struct log_entry *e)
{
	static struct codec_error err;

	memset(&err, 0, sizeof err);
	if (log_entry_check(e, TODAY, &err) == 0)
		return "";
	assert_int_equal(err.code, KH_ERR_INVALID);
	assert_true(err.message[0] != '\0');
	assert_true(err.field[0] != '\0');
	return err.field;
}

/* n copies of the UTF-8 character c. */
static char *
repeat(const char *c, size_t n)
{
	size_t len = strlen(c);
	char *s = xmalloc(n * len + 1);

	for (size_t i = 0; i < n; i++)
		memcpy(s + i * len, c, len);
	s[n * len] = '\0';
	return s;
}

static void
test_entry_accepted(void **state)
{
	struct log_entry e = good_entry();
	char *s;

	(void)state;
	assert_string_equal(verdict(&e), "");
	e.minutes = 1440;
	assert_string_equal(verdict(&e), "");
	e.minutes = 0;
	e.overtime = 90;
	assert_string_equal(verdict(&e), "");
	e.minutes = 1000;
	e.overtime = 440;
	assert_string_equal(verdict(&e), "");
	e = good_entry();
	for (uint32_t c = 1; c <= CAT_MAX; c++) {
		e.category = c;
		assert_string_equal(verdict(&e), "");
	}
	e = good_entry();
	e.content = "x";
	assert_string_equal(verdict(&e), "");
	e.content = "起草年度工作总结 ";		/* a trailing space is fine */
	assert_string_equal(verdict(&e), "");
	e.content = "会议纪要（第 3 期）😀";
	assert_string_equal(verdict(&e), "");

	/* Exactly 500 characters, Chinese or four-byte: accepted. */
	s = repeat("考", 500);
	e.content = s;
	assert_int_equal(strlen(s), 1500);
	assert_string_equal(verdict(&e), "");
	free(s);
	s = repeat("😀", 500);
	e.content = s;
	assert_string_equal(verdict(&e), "");
	free(s);
}

static void
test_entry_date(void **state)
{
	static const uint32_t bad[] = {
		0, 20261301, 20260230, 20250229, 20261100, 20261132, 19991231,
		21000101, 99991231,
		20261123,		/* tomorrow */
		20270101,
		20251120,		/* 367 days back */
		20000101,
	};
	struct log_entry e = good_entry();

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		e.date = bad[i];
		if (strcmp(verdict(&e), "date") != 0)
			fail_msg("date %u accepted", bad[i]);
	}
	/* Today, and as far back as 366 days (2026 is not a leap year). */
	e.date = TODAY;
	assert_string_equal(verdict(&e), "");
	e.date = 20251122;
	assert_string_equal(verdict(&e), "");
	e.date = 20251121;
	assert_string_equal(verdict(&e), "");
	/* Across a leap day the limit moves with the calendar. */
	struct codec_error err;
	e.date = 20240301;
	assert_int_equal(log_entry_check(&e, 20250301, &err), 0);	/* 365 back */
	e.date = 20240229;
	assert_int_equal(log_entry_check(&e, 20250301, &err), 0);	/* 366 back */
	e.date = 20240228;
	assert_int_equal(log_entry_check(&e, 20250301, &err), -1);
	assert_string_equal(err.field, "date");
}

static void
test_entry_content(void **state)
{
	static const char *const bad[] = {
		"",
		" ",
		"   ",
		" 参加党组会议",		/* leading space */
		"第一行\n第二行",
		"回车\r",
		"制表\t符",
		"\x1b[31m红色",			/* escape sequence */
		"删除\x7f",
		"下一行\xc2\x85",		/* U+0085 NEL, a C1 control */
		"\xc2\x9b" "31m",		/* U+009B CSI */
		"\xc2\x80",
		"坏\xff",			/* not UTF-8 */
		"\xe5\x8f",			/* cut short */
		"\xed\xa0\x80",			/* surrogate */
		"\xe3\x80\x80\xe3\x80\x80",		/* only full-width spaces */
		"\xe3\x80\x80 ",
		"上一段\xe2\x80\xa8下一段",		/* U+2028 line separator */
		"上一段\xe2\x80\xa9下一段",		/* U+2029 paragraph separator */
	};
	struct log_entry e = good_entry();
	char *s;

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		e.content = (char *)bad[i];
		if (strcmp(verdict(&e), "content") != 0)
			fail_msg("content %zu accepted", i);
	}
	e.content = NULL;
	assert_string_equal(verdict(&e), "content");

	/* One character past 500, whatever the bytes. */
	s = repeat("考", 501);
	e.content = s;
	assert_string_equal(verdict(&e), "content");
	free(s);
	s = repeat("a", 501);
	e.content = s;
	assert_string_equal(verdict(&e), "content");
	free(s);
	/* U+00A0 and U+00FF are printable, not C1 controls. */
	e.content = "\xc2\xa0\xc3\xbf";
	assert_string_equal(verdict(&e), "");
	/* Chinese text may be indented with full-width spaces. */
	e.content = "\xe3\x80\x80\xe3\x80\x80参加党组会议";
	assert_string_equal(verdict(&e), "");
}

static void
test_entry_minutes(void **state)
{
	struct log_entry e = good_entry();

	(void)state;
	e.minutes = 0;
	e.overtime = 0;
	assert_string_equal(verdict(&e), "minutes");
	e.minutes = 1441;
	assert_string_equal(verdict(&e), "minutes");
	e.minutes = UINT32_MAX;
	assert_string_equal(verdict(&e), "minutes");
	e.minutes = 0;
	e.overtime = 1441;
	assert_string_equal(verdict(&e), "overtime");
	e.minutes = 1000;
	e.overtime = 441;
	assert_string_equal(verdict(&e), "overtime");
	e.minutes = 1440;
	e.overtime = 1;
	assert_string_equal(verdict(&e), "overtime");
	/* A sum that would wrap round to a small number. */
	e.minutes = 100;
	e.overtime = UINT32_MAX - 99;
	assert_string_equal(verdict(&e), "overtime");
}

static void
test_entry_category(void **state)
{
	static const uint32_t bad[] = { 0, CAT_MAX + 1, 255, UINT32_MAX };
	struct log_entry e = good_entry();

	(void)state;
	for (size_t i = 0; i < nitems(bad); i++) {
		e.category = bad[i];
		assert_string_equal(verdict(&e), "category");
	}
}

/* ---- hours ---- */

static void
test_hours_parse(void **state)
{
	static const struct {
		const char	*text;
		int		 minutes;
	} cases[] = {
		{ "7.5", 450 }, { "8", 480 }, { "0.25", 15 }, { "24", 1440 },
		{ "0", 0 }, { "0.5", 30 }, { "1.75", 105 }, { "24.00", 1440 },
		{ "0.1", 6 }, { "08", 480 },
		{ "25", -1 }, { "24.01", -1 }, { "24.5", -1 }, { "100", -1 },
		{ "abc", -1 }, { "", -1 }, { "1.234", -1 }, { "-1", -1 },
		{ "+1", -1 }, { ".", -1 }, { "7.5h", -1 }, { "7,5", -1 },
		{ "1e1", -1 }, { "7.5.1", -1 }, { "七", -1 }, { "99999999999999999999", -1 },
	};

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++)
		if (hours_parse(cases[i].text) != cases[i].minutes)
			fail_msg("hours_parse(\"%s\") is %d, not %d", cases[i].text,
			    hours_parse(cases[i].text), cases[i].minutes);
}

/* What the log form says beside an hours field: nothing for what
 * hours_parse takes (and for nothing typed), else why, in Chinese here. */
static void
test_hours_problem(void **state)
{
	static const struct {
		const char	*text;
		const char	*why;	/* NULL: fine */
	} cases[] = {
		{ "", NULL }, { "  ", NULL }, { "7.5", NULL }, { "24", NULL }, { "0.25", NULL },
		{ " 8 ", NULL },
		{ "25", "最多 24 小时" }, { "24.5", "最多 24 小时" }, { "100", "最多 24 小时" },
		{ "1.234", "小时数最多两位小数" }, { "0.001", "小时数最多两位小数" },
		{ "abc", "不是小时数，请填写如 7.5" }, { "7.5h", "不是小时数，请填写如 7.5" },
		{ "-1", "不是小时数，请填写如 7.5" }, { ".", "不是小时数，请填写如 7.5" },
		{ "7.5.1", "不是小时数，请填写如 7.5" }, { "七", "不是小时数，请填写如 7.5" },
		{ "7 5", "不是小时数，请填写如 7.5" },
	};

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++) {
		const char *why = hours_problem(cases[i].text);

		if (cases[i].why == NULL && why != NULL)
			fail_msg("hours_problem(\"%s\") is \"%s\", not fine", cases[i].text, why);
		if (cases[i].why != NULL && (why == NULL || strcmp(why, cases[i].why) != 0))
			fail_msg("hours_problem(\"%s\") is \"%s\", not \"%s\"", cases[i].text,
			    why != NULL ? why : "(fine)", cases[i].why);
		/* the problem and the parser agree */
		if (cases[i].text[strspn(cases[i].text, " ")] != '\0')
			assert_int_equal(why == NULL, hours_parse(cases[i].text) >= 0);
	}
}

/* What the ballot says beside a score being typed: the range SCORE_PUT
 * takes, 0 to 100 with two decimals at most. */
static void
test_score_problem(void **state)
{
	static const struct {
		const char	*text;
		uint32_t	 value;	/* hundredths when fine */
		const char	*why;
	} cases[] = {
		{ "0", 0, NULL }, { "85.5", 8550, NULL }, { "100", 10000, NULL },
		{ "100.00", 10000, NULL }, { "92.05", 9205, NULL },
		{ "", 0, "请输入 0 到 100 的分数" },
		{ "100.01", 0, "分数应在 0 到 100 之间" }, { "101", 0, "分数应在 0 到 100 之间" },
		{ "-5", 0, "分数应在 0 到 100 之间" },
		{ "85.555", 0, "分数最多两位小数" },
		{ "abc", 0, "不是分数，请填写 0 到 100 的数，如 85.5" },
		{ "85.", 0, "不是分数，请填写 0 到 100 的数，如 85.5" },
		{ ".5", 0, "不是分数，请填写 0 到 100 的数，如 85.5" },
		{ "8 5", 0, "不是分数，请填写 0 到 100 的数，如 85.5" },
	};

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++) {
		uint32_t v = 12345;
		const char *why = plan_score_problem(cases[i].text, &v);

		if (cases[i].why == NULL) {
			if (why != NULL)
				fail_msg("plan_score_problem(\"%s\") is \"%s\"", cases[i].text, why);
			assert_int_equal(v, cases[i].value);
		} else if (why == NULL || strcmp(why, cases[i].why) != 0)
			fail_msg("plan_score_problem(\"%s\") is \"%s\", not \"%s\"", cases[i].text,
			    why != NULL ? why : "(fine)", cases[i].why);
	}
}

/* The reason a record is returned or corrected with, as the review form
 * and the server both check it; and the wire's bytes hold the longest
 * reason in Chinese. */
static void
test_reason_check(void **state)
{
	struct codec_error err;
	char *s;

	(void)state;
	assert_int_equal(doc_reason_check("请补充十月的数据", "缺理由", &err), 0);
	memset(&err, 0, sizeof err);
	assert_int_equal(doc_reason_check("", "缺理由", &err), -1);
	assert_string_equal(err.message, "缺理由");
	assert_string_equal(err.field, "reason");
	assert_int_equal(err.code, KH_ERR_INVALID);
	assert_int_equal(doc_reason_check(" \n\xe3\x80\x80", "缺理由", &err), -1);
	assert_string_equal(err.message, "缺理由");
	assert_int_equal(doc_reason_check(NULL, "缺理由", &err), -1);
	s = repeat("补", DOC_REASON_MAX_CHARS);
	assert_int_equal(doc_reason_check(s, "缺理由", &err), 0);
	assert_true(strlen(s) <= 1000);		/* doc_act_body.reason's bytes */
	free(s);
	s = repeat("补", DOC_REASON_MAX_CHARS + 1);
	assert_int_equal(doc_reason_check(s, "缺理由", &err), -1);
	assert_non_null(strstr(err.message, "330"));
	free(s);
	assert_int_equal(doc_reason_check("第一行\n第二行", "缺理由", &err), 0);
	assert_int_equal(doc_reason_check("响铃\a", "缺理由", &err), -1);
	/* a comment's limit, in characters, fits the wire's 3000 bytes */
	assert_true(DOC_COMMENT_MAX_CHARS * 3 <= 3000);
}

/* Accounts: the rules the admin's form and the server share. */
static void
test_account_rules(void **state)
{
	char *s;

	(void)state;
	assert_true(login_name_valid("zhang.san_2-x"));
	assert_false(login_name_valid(""));
	assert_false(login_name_valid("wang li"));
	assert_false(login_name_valid("张三"));
	s = repeat("a", 64);
	assert_true(login_name_valid(s));
	free(s);
	s = repeat("a", 65);
	assert_false(login_name_valid(s));
	free(s);
	assert_null(password_problem("secret"));
	assert_null(password_problem("密码六个字符"));	/* characters, not bytes */
	assert_non_null(password_problem("密码五个字"));
	assert_non_null(password_problem("12345"));
	s = repeat("x", 257);
	assert_non_null(password_problem(s));
	free(s);
}

static void
test_hours_format(void **state)
{
	static const struct {
		uint32_t	 minutes;
		const char	*text;
	} cases[] = {
		{ 450, "7.5" }, { 480, "8" }, { 15, "0.25" }, { 0, "0" }, { 1440, "24" },
		{ 6, "0.1" }, { 90, "1.5" }, { 105, "1.75" }, { 20, "0.33" }, { 1, "0.02" },
	};
	char buf[16];

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++) {
		hours_format(cases[i].minutes, buf, sizeof buf);
		assert_string_equal(buf, cases[i].text);
	}
	/* What is shown reads back as the same minutes, for every minute
	 * of a day. */
	for (uint32_t m = 0; m <= 1440; m++) {
		hours_format(m, buf, sizeof buf);
		if (hours_parse(buf) != (int)m)
			fail_msg("%u minutes shows as \"%s\", reads back as %d", m, buf,
			    hours_parse(buf));
	}
	hours_format(450, buf, 2);
	assert_string_equal(buf, "7");
}

/* ---- calendar days ---- */

static void
test_day_valid(void **state)
{
	static const uint32_t good[] = {
		20240229, 20000229, 20000101, 20991231, 20261130, 20261231, 20260131,
	};
	static const uint32_t bad[] = {
		20250229, 20261301, 20261100, 20261131, 20260230, 21000228, 19991231,
		0, 20260001, 20260100, 2026112, 202611220, UINT32_MAX,
	};

	(void)state;
	for (size_t i = 0; i < nitems(good); i++)
		if (!day_valid(good[i]))
			fail_msg("%u refused", good[i]);
	for (size_t i = 0; i < nitems(bad); i++)
		if (day_valid(bad[i]))
			fail_msg("%u accepted", bad[i]);
}

static void
test_day_add(void **state)
{
	static const struct {
		uint32_t	 day;
		int		 delta;
		uint32_t	 want;
	} cases[] = {
		{ 20261231, 1, 20270101 }, { 20270101, -1, 20261231 },
		{ 20260131, 1, 20260201 }, { 20260301, -1, 20260228 },
		{ 20240228, 1, 20240229 }, { 20240229, 1, 20240301 },
		{ 20250228, 1, 20250301 }, { 20240301, -1, 20240229 },
		{ 20261122, 0, 20261122 }, { 20261122, -366, 20251121 },
		{ 20261122, 40, 20270101 }, { 20240101, 366, 20250101 },
		{ 20250101, 365, 20260101 }, { 20000101, 36524, 20991231 },
		{ 20991231, -36524, 20000101 },
	};

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++)
		if (day_add(cases[i].day, cases[i].delta) != cases[i].want)
			fail_msg("%u %+d is %u, not %u", cases[i].day, cases[i].delta,
			    day_add(cases[i].day, cases[i].delta), cases[i].want);
}

static void
test_day_weekday(void **state)
{
	(void)state;
	assert_int_equal(day_weekday(20261122), 0);	/* Sunday */
	assert_int_equal(day_weekday(20261121), 6);
	assert_int_equal(day_weekday(20261123), 1);
	assert_int_equal(day_weekday(20000101), 6);
	assert_int_equal(day_weekday(20240229), 4);
	assert_int_equal(day_weekday(20270101), 5);
}

/* The next day of the calendar, worked out here without time.h. */
static uint32_t
next_day(uint32_t day)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	uint32_t y = day / 10000, m = day / 100 % 100, d = day % 100;
	uint32_t last = (uint32_t)dm[m - 1] + (m == 2 && y % 4 == 0 ? 1 : 0);

	if (d < last)
		return day + 1;
	if (m < 12)
		return y * 10000 + (m + 1) * 100 + 1;
	return (y + 1) * 10000 + 101;
}

/* Every day from 2000 to 2099 in zones with DST, a half-hour DST and one
 * that skipped a whole day (Samoa dropped 2011-12-30): day_add and
 * day_weekday follow the calendar, not the local clock. */
static void
test_day_time_zones(void **state)
{
	static const char *const zones[] = {
		"UTC0", "Asia/Shanghai", "America/New_York", "Australia/Lord_Howe",
		"Pacific/Apia", "Pacific/Kiritimati",
	};
	char *saved = getenv("TZ") != NULL ? xstrdup(getenv("TZ")) : NULL;

	(void)state;
	for (size_t z = 0; z < nitems(zones); z++) {
		int wd = 6;	/* 2000-01-01 was a Saturday */

		setenv("TZ", zones[z], 1);
		tzset();
		for (uint32_t d = 20000101; d < 20991231; d = next_day(d)) {
			uint32_t n = next_day(d);

			if (day_add(d, 1) != n || day_add(n, -1) != d)
				fail_msg("%s: %u + 1 is %u, %u - 1 is %u", zones[z], d,
				    day_add(d, 1), n, day_add(n, -1));
			if (day_weekday(d) != wd)
				fail_msg("%s: %u is weekday %d, not %d", zones[z], d,
				    day_weekday(d), wd);
			wd = (wd + 1) % 7;
		}
	}
	if (saved != NULL)
		setenv("TZ", saved, 1);
	else
		unsetenv("TZ");
	tzset();
	free(saved);
}

static void
test_day_parse(void **state)
{
	static const struct {
		const char	*text;
		uint32_t	 day;
	} good[] = {
		{ "2026-11-22", 20261122 }, { "20261122", 20261122 },
		{ "2024-02-29", 20240229 }, { "20000101", 20000101 },
		{ "2099-12-31", 20991231 },
	};
	static const char *const bad[] = {
		"2026-02-30", "2026-11-22x", "20261122x", "2026-11-22 ", "", "2026",
		"2026112", "202611220", "2026-13-01", "2025-02-29", "1999-12-31",
		"2026/11/22", "22-11-2026", "abcd-ef-gh", "-2026-11-22", "+2026-11-22",
		" 2026-11-22", "2026-+1-22", "2026-11-+2", "2026 1 2", "2026-11- 2",
		"二〇二六-11-22",
	};

	(void)state;
	for (size_t i = 0; i < nitems(good); i++) {
		uint32_t day = 0;

		if (!day_parse(good[i].text, &day))
			fail_msg("\"%s\" refused", good[i].text);
		assert_int_equal(day, good[i].day);
	}
	for (size_t i = 0; i < nitems(bad); i++) {
		uint32_t day = 12345;

		if (day_parse(bad[i], &day))
			fail_msg("\"%s\" accepted as %u", bad[i], day);
		assert_int_equal(day, 12345);	/* untouched */
	}
}

static void
test_day_format(void **state)
{
	char buf[16];
	uint32_t back;

	(void)state;
	day_format(20261122, buf, sizeof buf);
	assert_string_equal(buf, "2026-11-22");
	day_format(20000101, buf, sizeof buf);
	assert_string_equal(buf, "2000-01-01");
	assert_true(day_parse(buf, &back));
	assert_int_equal(back, 20000101);
	day_format(20261122, buf, 5);
	assert_string_equal(buf, "2026");
}

/* ---- text ---- */

static void
test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("参加党组会议", strlen("参加党组会议")));
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_true(utf8_valid("\xf4\x8f\xbf\xbf", 4));
	/* The length counts, not a NUL: the first byte alone is fine. */
	assert_true(utf8_valid("\xe5\x8f\x82", 3));
	assert_false(utf8_valid("\xe5\x8f\x82", 2));
	assert_true(utf8_valid("\xe5\xff", 0));
	assert_false(utf8_valid("\xc0\x80", 2));
	assert_false(utf8_valid("\xe0\x80\x80", 3));
	assert_false(utf8_valid("\xed\xa0\x80", 3));
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4));
	assert_false(utf8_valid("\xf5\x80\x80\x80", 4));
	assert_false(utf8_valid("\x80", 1));
	assert_false(utf8_valid("\xe5\x41\x82", 3));

	assert_int_equal(utf8_count(""), 0);
	assert_int_equal(utf8_count("abc"), 3);
	assert_int_equal(utf8_count("日志abc"), 5);
	assert_int_equal(utf8_count("参加党组会议"), 6);
	assert_int_equal(utf8_count("😀x"), 2);
}

static void
test_roles_and_categories(void **state)
{
	(void)state;
	for (uint32_t r = 1; r <= ROLE_MAX; r++) {
		assert_string_not_equal(role_key(r), "?");
		assert_int_equal(role_from_key(role_key(r)), r);
		assert_string_not_equal(role_name(r), "?");
		for (uint32_t q = 1; q < r; q++) {
			assert_string_not_equal(role_key(q), role_key(r));
			assert_string_not_equal(role_name(q), role_name(r));
		}
	}
	assert_string_equal(role_key(ROLE_STAFF), "staff");
	assert_string_equal(role_name(ROLE_STAFF), "工作人员");
	assert_string_equal(role_name(ROLE_ADMIN), "考核办管理员");
	assert_string_equal(role_name(ROLE_ORG_DEPT), "组织部");
	assert_string_equal(role_key(0), "?");
	assert_string_equal(role_key(ROLE_MAX + 1), "?");
	assert_string_equal(role_name(0), "?");
	assert_string_equal(role_name(UINT32_MAX), "?");
	assert_int_equal(role_from_key(""), 0);
	assert_int_equal(role_from_key("?"), 0);
	assert_int_equal(role_from_key("Staff"), 0);
	assert_int_equal(role_from_key("staffx"), 0);
	assert_int_equal(role_from_key("staf"), 0);

	assert_string_equal(category_name(CAT_DUTY), "业务工作");
	assert_string_equal(category_name(CAT_MEETING), "会议");
	assert_string_equal(category_name(CAT_OTHER), "其他");
	assert_string_equal(category_name(0), "?");
	assert_string_equal(category_name(CAT_MAX + 1), "?");
}

/* The same words and reasons in English for an English reader (a thread
 * in C.UTF-8, as kaohed serves an English session), while the words the
 * plan files and the audit log hold stay Chinese in every language. */
static void
test_english(void **state)
{
	struct log_entry e = { .date = 20261123, .content = "x", .minutes = 60, .category = CAT_DUTY };
	struct codec_error err;
	char buf[64];

	(void)state;
	test_i18n_english();
	assert_string_equal(role_name(ROLE_STAFF), "Staff");
	assert_string_equal(role_word(ROLE_STAFF), "工作人员");
	assert_string_equal(category_name(CAT_DUTY), "Duty work");
	assert_string_equal(grade_name(GRADE_EXCELLENT), "Excellent");
	assert_string_equal(grade_word(GRADE_EXCELLENT), "优秀");
	assert_string_equal(doc_state_name(DOC_SUBMITTED), "Submitted");
	assert_string_equal(doc_state_word(DOC_SUBMITTED), "已提交");
	assert_string_equal(form_name(DOC_MONTHLY), "Monthly record");
	assert_string_equal(form_def(DOC_MONTHLY)->word, "月记实");
	assert_int_equal(log_entry_check(&e, 20261122, &err), -1);
	assert_string_equal(err.message, "Entries cannot be dated after today");
	period_name(202624, buf, sizeof buf);
	assert_string_equal(buf, "Q4 2026");
	period_word(202624, buf, sizeof buf);
	assert_string_equal(buf, "2026年第四季度");
	period_name(202611, buf, sizeof buf);
	assert_string_equal(buf, "November 2026");
	test_i18n_process();
	/* and back: the process is Chinese */
	assert_string_equal(role_name(ROLE_STAFF), "工作人员");
	assert_int_equal(log_entry_check(&e, 20261122, &err), -1);
	assert_string_equal(err.message, "不能填写今天以后的日志");
	period_name(202624, buf, sizeof buf);
	assert_string_equal(buf, "2026年第四季度");
}

static void
test_kbuf(void **state)
{
	struct kbuf b = { 0 };
	char *big;

	(void)state;
	kbuf_append(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	for (int i = 0; i < 200; i++)
		kbuf_append(&b, "日志", strlen("日志"));
	assert_int_equal(b.len, 1200);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(utf8_count(b.data), 400);
	assert_memory_equal(b.data + 1188, "日志日志", 12);

	/* Binary bytes, NUL included, are kept as they are. */
	kbuf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	kbuf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 3);

	/* printf: short, and longer than its 256-byte first try. */
	kbuf_reset(&b);
	kbuf_printf(&b, "%s %d", "加班", 90);
	assert_string_equal(b.data, "加班 90");
	big = xmalloc(1001);
	memset(big, 'x', 1000);
	big[1000] = '\0';
	kbuf_printf(&b, "[%s]", big);
	assert_int_equal(b.len, strlen("加班 90") + 1002);
	assert_int_equal(b.data[b.len - 1], ']');
	assert_int_equal(b.data[strlen("加班 90")], '[');
	free(big);

	kbuf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	kbuf_free(&b);		/* twice is safe */
}

static void
test_strings(void **state)
{
	char dst[8];
	char *p;

	(void)state;
	assert_int_equal(strlcpy_kh(dst, "abc", sizeof dst), 3);
	assert_string_equal(dst, "abc");
	assert_int_equal(strlcpy_kh(dst, "abcdefghij", sizeof dst), 10);
	assert_string_equal(dst, "abcdefg");
	memcpy(dst, "zzz", 4);
	assert_int_equal(strlcpy_kh(dst, "abc", 0), 3);
	assert_string_equal(dst, "zzz");

	p = xstrndup("参加党组会议", 6);
	assert_string_equal(p, "参加");
	free(p);
	p = xstrdup("");
	assert_string_equal(p, "");
	free(p);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_accepted),
		cmocka_unit_test(test_entry_date),
		cmocka_unit_test(test_entry_content),
		cmocka_unit_test(test_entry_minutes),
		cmocka_unit_test(test_entry_category),
		cmocka_unit_test(test_hours_parse),
		cmocka_unit_test(test_hours_problem),
		cmocka_unit_test(test_score_problem),
		cmocka_unit_test(test_reason_check),
		cmocka_unit_test(test_account_rules),
		cmocka_unit_test(test_hours_format),
		cmocka_unit_test(test_day_valid),
		cmocka_unit_test(test_day_add),
		cmocka_unit_test(test_day_weekday),
		cmocka_unit_test(test_day_time_zones),
		cmocka_unit_test(test_day_parse),
		cmocka_unit_test(test_day_format),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_roles_and_categories),
		cmocka_unit_test(test_english),
		cmocka_unit_test(test_kbuf),
		cmocka_unit_test(test_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
