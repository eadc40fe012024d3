/*
 * score-import.h: named scores (考核评分) from a CSV file, in one write
 * transaction, all or nothing.
 *
 * scores.csv  plan,period,person,part,score,rater
 *             plan: a people plan's key; period: 2026Q3, 2026-09, 2026H1,
 *             2026 or a code like 202623; person and rater: logins; part:
 *             a plan_rater.key of the plan (work, principal ...); score:
 *             0 to 100 with at most two decimals (88.5).
 *
 * Each row is given to scoreop_put() as if its rater had sent SCORE_PUT,
 * so an import is held to exactly the rules the server keeps: the plan,
 * the period (of the plan's cycle, begun, not locked), the rater's right to
 * give that part to that person, published results.  An anonymous part
 * (民意测评) is refused whole: a file of votes with their voters' logins
 * would pair each vote with its voter, which kaohe never stores.
 *
 * Every mistake is reported as "file:line: reason"; if there is one, the
 * caller aborts and nothing is written.  See docs/operations.md.
 */
#ifndef KAOHE_SCORE_IMPORT_H
#define KAOHE_SCORE_IMPORT_H

#include <stdint.h>

#include "calendar.h"
#include "csv.h"
#include "store.h"

/* Import path.  0 with *count scores written and an audit line
 * "score.import" (the caller commits); -1 with every mistake in r (the
 * caller aborts); or an LMDB error code (the caller aborts).  today and
 * cal decide which periods are open, as for a client's SCORE_PUT. */
int	score_import(struct wtx *, const char *path, uint32_t today, const struct calendar *cal,
	    struct import_report *r, uint32_t *count);

#endif
