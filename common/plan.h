/*
 * plan.h: what a plan (实施方案, struct plan of schema/kaohe.def) means, and
 * the check that refuses a plan that makes no sense (docs/plans.md, "What
 * kaohectl plan check refuses").  Pure C, no YAML: kaohectl runs it on a
 * file it has just read (server/plan-load.c), and the server or a client
 * can run it on a plan that came from the database or the wire.
 *
 * Scores, points and thresholds are hundredths (8550 is 85.50); weights and
 * percents are whole numbers.  Every part of a plan carries the line of the
 * file it came from, and every problem names it.
 */
#ifndef KAOHE_PLAN_H
#define KAOHE_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/* plan.subject */
enum plan_subject { PLAN_PEOPLE = 1, PLAN_ORGANISATIONS = 2 };

/* plan_record.kind: the records of the cycle (4 is left out: tasks are no
 * record of a plan's cycle). */
enum plan_record_kind {
	PLAN_REC_DAILY = 0,		/* 日志 */
	PLAN_REC_MONTHLY = 1,		/* 月记实 */
	PLAN_REC_QUARTERLY = 2,		/* 季度小结 */
	PLAN_REC_EVALUATION = 3,	/* 领导评鉴 */
	PLAN_REC_HALFYEAR = 5,		/* 半年考核 */
	PLAN_REC_ANNUAL = 6,		/* 年度考核 */
};

/* plan_rater.role: a role of common/domain.h (staff, dept_head, supervisor,
 * principal, leader), or one of these two, which are no one's role. */
#define PLAN_ROLE_LEADING_GROUP	0	/* by: admin: the leading group, entered by the admin */
#define PLAN_ROLE_PEERS		255	/* by: peers: everyone present at the duty report */

/* plan_rater.combine */
enum plan_combine { PLAN_COMBINE_ONE = 1, PLAN_COMBINE_MEAN = 2 };

/* plan.quota_rounding: how percent of n becomes a number of people. */
enum plan_rounding { PLAN_ROUND_FLOOR = 1, PLAN_ROUND_NEAREST = 2, PLAN_ROUND_CEILING = 3 };

#define PLAN_FULL_SCORE	10000		/* 100 points, in hundredths */

/* What plan_check() found: each problem with its line (0 if the plan does
 * not say) and a message in English, lower case, no full stop.  Up to
 * PLAN_MAX_PROBLEMS are kept; `count` counts them all. */
#define PLAN_MAX_PROBLEMS	200

struct plan_problem {
	uint32_t	 line;
	char		*message;
};

struct plan_problems {
	struct plan_problem *v;		/* ordered by line, then as found */
	uint32_t	 n;		/* kept */
	uint32_t	 count;		/* found */
};

/* Check p against every rule of docs/plans.md.  Appends what it finds to
 * out (zeroed before its first use; it may already hold problems) and
 * returns the number of problems found in p: 0 if p is a good plan.
 * Strings of p must not be NULL: a decoded or loaded plan has "" for an
 * absent one.  p is not changed. */
int	 plan_check(const struct plan *p, struct plan_problems *out);
void	 plan_problems_free(struct plan_problems *);

/* The rater with this key, or NULL.  Points into p. */
const struct plan_rater *plan_rater_find(const struct plan *p, const char *key);

/* Grades and tiers for a score: score_grade() and score_tier() in score.h. */

/* Parse a decimal with at most two decimal places ("85.5", "90", "2.25")
 * into hundredths, at most max.  0, or -1 with *why set to a static reason
 * ("has more than two decimal places", "is negative", "is not a number",
 * "is too large"). */
int	 plan_hundredths_parse(const char *s, uint32_t max, uint32_t *out, const char **why);
/* A score as a rater types it ("85.5"), the range SCORE_PUT takes: 0 to
 * PLAN_FULL_SCORE, two decimals at most.  NULL with *out set, or the
 * reason to show beside the field, in the language of the messages ("" is
 * not a score either). */
const char *plan_score_problem(const char *s, uint32_t *out);
/* Format hundredths as the plan writes them: 8550 "85.5", 9000 "90",
 * 225 "2.25".  buf should hold 16 bytes. */
void	 plan_hundredths_format(uint32_t v, char *buf, size_t len);

/* Names, for messages and plan show: "monthly", "principal", "peers",
 * "admin", "floor" ...; "?" if unknown. */
const char *plan_record_key(uint32_t kind);
const char *plan_role_key(uint32_t role);
const char *plan_rounding_key(uint32_t rounding);
/* The codes of those names; -1 if unknown.  A role key is one of
 * staff dept_head supervisor principal leader admin peers. */
int	 plan_record_from_key(const char *key);
int	 plan_role_from_key(const char *key);
int	 plan_rounding_from_key(const char *key);
/* 优秀 称职 基本称职 不称职 as 1-4; 0 if none of those. */
uint32_t plan_grade_from_name(const char *name);
/* True if part is one of routine halfyear yearend functional inspection. */
bool	 plan_part_known(const char *part);

#endif
