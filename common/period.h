/*
 * period.h: assessment periods and the working-day calendar.
 *
 * A period is a number YYYYNN: NN 01-12 is a month, 21-24 a quarter, 31-32
 * a half-year, 40 the year.  So 202611 is November 2026 and 202624 the
 * fourth quarter.  Records are due on the last working day of their period:
 * Monday to Friday, less the calendar's holidays, plus its make-up working
 * days (调休上班).  The client and the server compute deadlines the same way.
 */
#ifndef KAOHE_PERIOD_H
#define KAOHE_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

enum period_type { PERIOD_MONTH = 1, PERIOD_QUARTER = 2, PERIOD_HALF = 3, PERIOD_YEAR = 4 };

enum calendar_kind { CAL_HOLIDAY = 1, CAL_WORKDAY = 2 };

/* The calendar's exceptions, sorted by date. */
struct calendar {
	struct calendar_day	*days;
	uint32_t		 n;
};

bool	 period_valid(uint32_t code);			/* years 2000-2099 */
enum period_type period_type(uint32_t code);		/* period_valid() required */
uint32_t period_make(enum period_type, int year, int n);	/* n: month, quarter or half; 0 if invalid */
uint32_t period_of_day(enum period_type, uint32_t day);	/* the period holding a day */
uint32_t period_first_day(uint32_t code);
uint32_t period_last_day(uint32_t code);
uint32_t period_next(uint32_t code);			/* same type */
uint32_t period_prev(uint32_t code);
bool	 period_contains(uint32_t outer, uint32_t inner);	/* e.g. a quarter holds a month */
/* A period's name in the language of the messages: "November 2026",
 * "Q4 2026", "H2 2026", "Year 2026"; 2026年11月, 2026年第四季度, 2026年下半年,
 * 2026年度 in Chinese.  period_word gives the Chinese in every language, for
 * what is stored (the audit log). */
void	 period_name(uint32_t code, char *buf, size_t len);
void	 period_word(uint32_t code, char *buf, size_t len);
/* A day's weekday in the language of the messages: "Saturday", 星期六.
 * The messages decide, not LC_TIME, so that a Chinese line never shows
 * an English weekday. */
const char *day_weekday_name(uint32_t day);
/* Parse "2026-11", "2026Q4", "2026H2", "2026" or a code like "202611". */
bool	 period_parse(const char *s, uint32_t *code);

bool	 calendar_is_working_day(const struct calendar *, uint32_t day);
/* The last working day of a period: its deadline.  0 if the period has none. */
uint32_t calendar_due(const struct calendar *, uint32_t code);
/* Fill a period_rec's days and deadline from its code (locked fields untouched). */
void	 calendar_period(const struct calendar *, uint32_t code, struct period_rec *);
void	 calendar_free(struct calendar *);

#endif
