/*
 * client-trend.h: a person's results over a year, drawn as a sparkline
 * (▁▂▃▄▅▆▇█, one cell a period), where a person's record or sheet is
 * shown: 我的考核 (client-archive.c) and a sheet opened from 排名
 * (client-rank.c).
 *
 * The numbers are the server's: BALLOT says which period types the plan
 * scores (months if it has them), then SHEETS for each period of the year
 * that has begun gives the person's composite and grade, as the reader
 * may see them (their own, or those of people in their scope).  A period
 * whose sheet changes (client-sync.c counts the changes) is asked again.
 */
#ifndef KAOHE_CLIENT_TREND_H
#define KAOHE_CLIENT_TREND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TREND_MAX	12	/* periods in a year: months */
#define TREND_LEVELS	8	/* heights of a cell */

struct ui;
struct net_event;

struct trend {
	/* what is asked for */
	char		 plan[65];	/* "" the server's first people plan */
	uint64_t	 subject;
	uint64_t	 unit;
	uint32_t	 year;
	/* what BALLOT said of the plan */
	uint64_t	 ballot_req;
	bool		 have_plan;
	char		 plan_key[65];
	char		 plan_name[128];
	uint32_t	 types;		/* bit 1 << t: the period types it scores */
	uint32_t	 type;		/* enum period_type shown */
	char		 next_plan[65];	/* the plan after it, for trend_next_plan() */
	/* one cell a period */
	size_t		 n;
	uint32_t	 period[TREND_MAX];
	uint64_t	 req[TREND_MAX];
	uint64_t	 stamp[TREND_MAX];	/* sheet changes heard when asked */
	bool		 asked[TREND_MAX];
	bool		 answered[TREND_MAX];
	bool		 have[TREND_MAX];	/* a complete sheet */
	uint32_t	 score[TREND_MAX];	/* hundredths */
	uint32_t	 grade[TREND_MAX];
};

/* ---- pure (tests/test-list.c) ---- */

/* The height of a score in hundredths, the grades' bands kept apart:
 * below 60 (不称职) 0, 60-80 (基本称职) 1-3, 80-90 (称职) 4-5, 90 and
 * more (优秀) 6-7. */
int	 trend_level(uint32_t score);
/* The height of a grade alone: 优秀 7, 称职 5, 基本称职 2, 不称职 0. */
int	 trend_grade_level(uint32_t grade);
/* A cell: "▁".."█", or "_.-~=+*#" where block elements cannot show;
 * level < 0 is a period without a result ("·" or " "). */
const char *trend_glyph(int level, bool ascii);
/* The cells of n results (have[i] false: none) into buf. */
void	 trend_line(const bool *have, const uint32_t *score, size_t n, bool ascii,
	    char *buf, size_t len);
/* Whether this terminal cannot show block elements: not UTF-8, the Linux
 * console, or KAOHE_ASCII set. */
bool	 trend_ascii(void);

/* ---- with the server ---- */

/* Show subject's results in plan ("" the first people plan) for year:
 * asks what is missing or changed; nothing if all is in. */
void	 trend_want(struct ui *, struct trend *, const char *plan, uint64_t subject,
	    uint64_t unit, uint32_t year);
/* The plan after the one shown (the caller's next trend_want() asks it). */
const char *trend_next_plan(const struct trend *);
/* A reply to one of its requests: true if it was. */
bool	 trend_event(struct ui *, struct trend *, const struct net_event *);
/* One line at (y, x), w columns: label, the cells coloured by grade, the
 * last result. */
void	 trend_draw(struct ui *, const struct trend *, int y, int x, int w);

#endif
