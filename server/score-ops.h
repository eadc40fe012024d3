/*
 * score-ops.h: scoring people against an assessment plan (实施方案) in the
 * store: the scores raters give for the parts of a plan, the anonymous
 * parts' tallies (民意测评), commendations and criticisms (表彰, 通报批评),
 * each person's score sheet, rankings and the 优秀 quota, and publishing
 * the results (公示).  The numbers all come from common/score.h; who may do
 * what is decided here, from the plan and the organisation (org.h), never
 * from what a request claims.  docs/plans.md, "Scoring people in kaohed",
 * gives the rules in prose.
 *
 * The plan version: the first score, commendation or criticism of a (plan,
 * period) fixes the plan's latest version for that period ("plan in use");
 * every sheet of the period is computed with it, so importing the plan
 * again never changes a period already begun.
 *
 * An anonymous part keeps only its tally (sum, count) and, per voter, a
 * marker: a BLAKE2b hash, keyed with a secret kept in meta, of (voter,
 * plan, period, subject, part).  The marker stops a second vote; nothing
 * stored, audited, published or remembered for a retry pairs a voter with
 * a score (see score-ops.c, "Secrecy").
 *
 * score-ops.c holds the writes that feed a sheet, score-sheets.c the sheets,
 * rankings and publishing; score-int.h what they share.
 *
 * Every write takes a struct actor (doc-ops.h), appends its changes to
 * pubs and an audit line.  Functions return 0, -1 with err set for what the
 * user can mend, or an LMDB error code with err set to storage.
 */
#ifndef KAOHE_SCORE_OPS_H
#define KAOHE_SCORE_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/codec.h"
#include "doc-ops.h"
#include "store.h"

/* Give a score for one part of a person's sheet.  *anonymous says whether
 * the part was anonymous: its caller must then keep no reply memo, and
 * a retry of the same vote (the same reqid) is recognised here and
 * answered with success, changing nothing. */
int	scoreop_put(struct wtx *, const struct actor *, const struct score_put_body *in,
	    uint64_t reqid, bool *anonymous, struct pubs *, struct codec_error *err);

/* Enter (in->id 0) a commendation or criticism; the admin only.  *id is the
 * id it was given. */
int	scoreop_commend_put(struct wtx *, const struct actor *, const struct commendation_rec *in,
	    uint64_t *id, struct pubs *, struct codec_error *err);
/* Remove one, until the results are published; the admin only. */
int	scoreop_commend_delete(struct wtx *, const struct actor *, uint64_t id, struct pubs *,
	    struct codec_error *err);

/* The sheets of a plan and period in unit (and the units below it; 0: the
 * office) that viewer may see, ranked, and the quotas; out is zeroed first
 * and released with schema_free(&sheets_reply_body_desc, out). */
int	scoreop_sheets(MDB_txn *, struct store *, const struct user_rec *viewer, const char *plan,
	    uint32_t period, uint64_t unit, struct sheets_reply_body *out, struct codec_error *err);

/* Publish the results of a plan and period for a unit and the units below
 * it: refused while a sheet there is incomplete or the unit holds more than
 * the quota allows; *count says how many sheets were published. */
int	scoreop_publish(struct wtx *, const struct actor *, const char *plan, uint32_t period,
	    uint64_t unit, uint32_t *count, struct pubs *, struct codec_error *err);

/* What viewer may score for a plan and period (BALLOT): the plan's parts,
 * levels and bands, every people plan, and one row per (person, part) that
 * SCORE_PUT would accept from viewer (the same rule, sc_may_score), with
 * the score viewer gave or whether they voted.  plan "" is the first people
 * plan, period 0 today's of the plan's cycle.  A period that takes no
 * scores (not begun, locked, not of the cycle) gives no rows and says why.
 * out is zeroed first and released with schema_free(&ballot_reply_body_desc,
 * out). */
int	scoreop_ballot(MDB_txn *, struct store *, const struct user_rec *viewer, uint32_t today,
	    const char *plan, uint32_t period, struct ballot_reply_body *out, struct codec_error *err);

/* One stored sheet; MDB_NOTFOUND if nobody was scored yet.  Release with
 * schema_free(&sheet_desc, out). */
int	scoreop_sheet_get(MDB_txn *, struct store *, const char *plan, uint32_t period,
	    uint64_t subject, struct sheet *out);

/* The plan version in use for (plan, period); MDB_NOTFOUND if none yet. */
int	scoreop_plan_in_use(MDB_txn *, struct store *, const char *plan, uint32_t period,
	    uint32_t *version);

#endif
