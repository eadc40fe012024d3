/*
 * period.c: period codes (YYYYNN), their names and days, and the working-day
 * calendar that places every deadline on the last working day of a period
 * (see period.h).  Pure arithmetic on YYYYMMDD numbers through util.h's day
 * helpers; the calendar itself is loaded by whoever holds it (the server
 * from LMDB, the client from its snapshot).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "period.h"
#include "util.h"

static bool
year_ok(int y)
{
	return y >= 2000 && y <= 2099;
}

bool
period_valid(uint32_t code)
{
	uint32_t nn = code % 100;

	if (!year_ok((int)(code / 100)))
		return false;
	return (nn >= 1 && nn <= 12) || (nn >= 21 && nn <= 24) ||
	    nn == 31 || nn == 32 || nn == 40;
}

enum period_type
period_type(uint32_t code)
{
	uint32_t nn = code % 100;

	if (nn <= 12)
		return PERIOD_MONTH;
	if (nn <= 24)
		return PERIOD_QUARTER;
	if (nn <= 32)
		return PERIOD_HALF;
	return PERIOD_YEAR;
}

uint32_t
period_make(enum period_type type, int year, int n)
{
	if (!year_ok(year))
		return 0;
	switch (type) {
	case PERIOD_MONTH:
		return n >= 1 && n <= 12 ? (uint32_t)(year * 100 + n) : 0;
	case PERIOD_QUARTER:
		return n >= 1 && n <= 4 ? (uint32_t)(year * 100 + 20 + n) : 0;
	case PERIOD_HALF:
		return n >= 1 && n <= 2 ? (uint32_t)(year * 100 + 30 + n) : 0;
	case PERIOD_YEAR:
		return (uint32_t)(year * 100 + 40);
	}
	return 0;
}

uint32_t
period_of_day(enum period_type type, uint32_t day)
{
	int y = (int)(day / 10000), m = (int)(day / 100 % 100);

	if (!day_valid(day))
		return 0;
	switch (type) {
	case PERIOD_MONTH:
		return period_make(type, y, m);
	case PERIOD_QUARTER:
		return period_make(type, y, (m - 1) / 3 + 1);
	case PERIOD_HALF:
		return period_make(type, y, m <= 6 ? 1 : 2);
	case PERIOD_YEAR:
		return period_make(type, y, 0);
	}
	return 0;
}

/* The first and last month of a period, 1-12. */
static void
period_months(uint32_t code, int *first, int *last)
{
	int nn = (int)(code % 100);

	switch (period_type(code)) {
	case PERIOD_MONTH:
		*first = *last = nn;
		break;
	case PERIOD_QUARTER:
		*first = (nn - 21) * 3 + 1;
		*last = *first + 2;
		break;
	case PERIOD_HALF:
		*first = nn == 31 ? 1 : 7;
		*last = *first + 5;
		break;
	case PERIOD_YEAR:
		*first = 1;
		*last = 12;
		break;
	}
}

uint32_t
period_first_day(uint32_t code)
{
	int first, last;

	if (!period_valid(code))
		return 0;
	period_months(code, &first, &last);
	return (code / 100) * 10000 + (uint32_t)first * 100 + 1;
}

uint32_t
period_last_day(uint32_t code)
{
	uint32_t y = code / 100, next;
	int first, last;

	if (!period_valid(code))
		return 0;
	period_months(code, &first, &last);
	/* The day before the first of the following month; 2099-12 has no
	 * following month inside the valid range, but December is 31 days. */
	if (last == 12)
		return y * 10000 + 1231;
	next = y * 10000 + (uint32_t)(last + 1) * 100 + 1;
	return day_add(next, -1);
}

/* Step a period by one of its own kind: months, quarters, halves or years. */
static uint32_t
period_step(uint32_t code, int delta)
{
	enum period_type type;
	int y, n, per_year, first, nn;

	if (!period_valid(code))
		return 0;
	type = period_type(code);
	y = (int)(code / 100);
	nn = (int)(code % 100);
	switch (type) {
	case PERIOD_MONTH:
		per_year = 12;
		first = 1;
		break;
	case PERIOD_QUARTER:
		per_year = 4;
		first = 21;
		break;
	case PERIOD_HALF:
		per_year = 2;
		first = 31;
		break;
	default:
		return period_make(type, y + delta, 0);
	}
	n = nn - first + delta;		/* 0-based index in the year */
	if (n < 0) {
		y--;
		n += per_year;
	} else if (n >= per_year) {
		y++;
		n -= per_year;
	}
	return period_make(type, y, n + 1);
}

uint32_t
period_next(uint32_t code)
{
	return period_step(code, 1);
}

uint32_t
period_prev(uint32_t code)
{
	return period_step(code, -1);
}

bool
period_contains(uint32_t outer, uint32_t inner)
{
	if (!period_valid(outer) || !period_valid(inner))
		return false;
	return period_first_day(outer) <= period_first_day(inner) &&
	    period_last_day(inner) <= period_last_day(outer);
}

/* A period's name to show: "November 2026", "Q4 2026", "H2 2026",
 * "Year 2026" in English; 2026年11月, 2026年第四季度 ... in Chinese. */
void
period_name(uint32_t code, char *buf, size_t len)
{
	static const char *const months[] = {
		N_("January %u"), N_("February %u"), N_("March %u"), N_("April %u"),
		N_("May %u"), N_("June %u"), N_("July %u"), N_("August %u"),
		N_("September %u"), N_("October %u"), N_("November %u"), N_("December %u"),
	};
	static const char *const quarters[] = { N_("Q1 %u"), N_("Q2 %u"), N_("Q3 %u"),
	    N_("Q4 %u") };
	unsigned y = code / 100, nn = code % 100;
	const char *fmt = NULL;

	if (len == 0)
		return;
	if (!period_valid(code)) {
		snprintf(buf, len, "%u", code);
		return;
	}
	switch (period_type(code)) {
	case PERIOD_MONTH:
		fmt = months[nn - 1];
		break;
	case PERIOD_QUARTER:
		fmt = quarters[nn - 21];
		break;
	case PERIOD_HALF:
		fmt = nn == 31 ? N_("H1 %u") : N_("H2 %u");
		break;
	case PERIOD_YEAR:
		fmt = N_("Year %u");
		break;
	}
	snprintf(buf, len, _(fmt), y);
}

const char *
day_weekday_name(uint32_t day)
{
	static const char *const weekdays[7] = {
		N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"),
		N_("Friday"), N_("Saturday")
	};

	return _(weekdays[day_weekday(day)]);
}

/* The Chinese name, the same in every language: for the audit log. */
void
period_word(uint32_t code, char *buf, size_t len)
{
	static const char *const quarter[] = { "一", "二", "三", "四" };	/* data */
	unsigned y = code / 100, nn = code % 100;

	if (len == 0)
		return;
	if (!period_valid(code)) {
		snprintf(buf, len, "%u", code);
		return;
	}
	switch (period_type(code)) {
	case PERIOD_MONTH:
		snprintf(buf, len, "%u年%u月", y, nn);	/* data */
		break;
	case PERIOD_QUARTER:
		snprintf(buf, len, "%u年第%s季度", y, quarter[nn - 21]);	/* data */
		break;
	case PERIOD_HALF:
		snprintf(buf, len, "%u年%s半年", y, nn == 31 ? "上" : "下");	/* data */
		break;
	case PERIOD_YEAR:
		snprintf(buf, len, "%u年度", y);	/* data */
		break;
	}
}

/* n ASCII digits at s as a number, or -1. */
static int
digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
period_parse(const char *s, uint32_t *code)
{
	size_t len = strlen(s);
	uint32_t c = 0;
	int y;

	if (len < 4 || (y = digits(s, 4)) < 0)
		return false;
	if (len == 4)
		c = period_make(PERIOD_YEAR, y, 0);
	else if (len == 6 && (s[4] == 'Q' || s[4] == 'q'))
		c = period_make(PERIOD_QUARTER, y, digits(s + 5, 1));
	else if (len == 6 && (s[4] == 'H' || s[4] == 'h'))
		c = period_make(PERIOD_HALF, y, digits(s + 5, 1));
	else if (len == 7 && s[4] == '-')
		c = period_make(PERIOD_MONTH, y, digits(s + 5, 2));
	else if (len == 6 && digits(s + 4, 2) >= 0) {
		c = (uint32_t)(y * 100 + digits(s + 4, 2));
		if (!period_valid(c))
			c = 0;
	}
	if (c == 0)
		return false;
	*code = c;
	return true;
}

static int
day_cmp(const void *key, const void *elem)
{
	uint32_t d = *(const uint32_t *)key, e = ((const struct calendar_day *)elem)->date;

	return d < e ? -1 : d > e;
}

bool
calendar_is_working_day(const struct calendar *cal, uint32_t day)
{
	const struct calendar_day *hit = NULL;
	int wd;

	if (!day_valid(day))
		return false;
	if (cal != NULL && cal->n > 0)
		hit = bsearch(&day, cal->days, cal->n, sizeof *cal->days, day_cmp);
	if (hit != NULL && hit->kind == CAL_HOLIDAY)
		return false;
	if (hit != NULL && hit->kind == CAL_WORKDAY)
		return true;
	wd = day_weekday(day);
	return wd >= 1 && wd <= 5;
}

uint32_t
calendar_due(const struct calendar *cal, uint32_t code)
{
	uint32_t first = period_first_day(code), day = period_last_day(code);

	if (first == 0)
		return 0;
	/* Walk back from the last day; a year has at most 366 steps. */
	for (;;) {
		if (calendar_is_working_day(cal, day))
			return day;
		if (day == first)
			return 0;
		day = day_add(day, -1);
	}
}

void
calendar_period(const struct calendar *cal, uint32_t code, struct period_rec *p)
{
	p->code = code;
	p->first_day = period_first_day(code);
	p->last_day = period_last_day(code);
	p->due = calendar_due(cal, code);
}

void
calendar_free(struct calendar *cal)
{
	if (cal == NULL)
		return;
	schema_free_array(&calendar_day_desc, cal->days, cal->n);
	cal->days = NULL;
	cal->n = 0;
}
