/*
 * rubric-ops.h: organisations scored against a rubric (党建目标考核) in the
 * store: a unit's self-check (自查分), the inspectors' findings (扣分, each
 * against a deduction rule of an item, with evidence), applying for the
 * unified inspection, the check that makes a sheet final, rectification
 * notices (整改通知单) and spot-check draws (抽查).  Every number comes from
 * common/score.h; who may do what is decided here, from the organisation,
 * never from what a request claims.  docs/plans.md, "Scoring organisations
 * in kaohed", gives the rules in prose.
 *
 * Who may:
 *   self-check, apply, answer a notice: the unit's 科室负责人 (a dept_head
 *     whose unit is the unit) or the admin, who enters it for a unit with
 *     no account of its own;
 *   findings, check, reopen, issue / close / send back a notice: an
 *     inspector (考核组) only, so every deduction names the inspector who
 *     made it; the admin sets up, and does not inspect;
 *   draw a spot check: an inspector or the admin;
 *   read: inspectors, the admin, the organisation department and the
 *     principal see every sheet; a unit's members see their own unit's.
 *
 * The plan version in use for a (plan, period) is fixed by its first write,
 * as for people (score-int.h), so importing a plan again never changes a
 * period already begun; a locked period refuses every write.
 *
 * Writes take a struct actor (doc-ops.h), append their changes (change.rubric,
 * change.notice) for the audience to pubs and write an audit line.  They
 * return 0, -1 with err set for what the user can mend, or an LMDB error
 * code with err set to storage.
 */
#ifndef KAOHE_RUBRIC_OPS_H
#define KAOHE_RUBRIC_OPS_H

#include <stdint.h>

#include "common/codec.h"
#include "doc-ops.h"
#include "store.h"

/* rectify_rec.state */
enum rectify_state {
	RECTIFY_OPEN = 1,	/* 待整改 */
	RECTIFY_ANSWERED = 2,	/* 已反馈 */
	RECTIFY_CLOSED = 3,	/* 已销号 */
	RECTIFY_AGAIN = 4,	/* 复查未通过: a new deadline */
};

/* rubric_act_body.action and rectify_act_body.action */
enum { RUBRIC_APPLY = 1, RUBRIC_CHECK = 2, RUBRIC_REOPEN = 3 };
enum { RECTIFY_ISSUE = 1, RECTIFY_ANSWER = 2, RECTIFY_CLOSE = 3, RECTIFY_REVIEW = 4 };

/* SELF_PUT: the unit's self-check of one item, until it applied. */
int	rubricop_self_put(struct wtx *, const struct actor *, const struct self_put_body *in,
	    struct pubs *, struct codec_error *err);
/* FINDING_PUT: enter (id 0; *id is the new one) or change a finding, until
 * the sheet is checked. */
int	rubricop_finding_put(struct wtx *, const struct actor *, const struct finding_put_body *in,
	    uint64_t *id, struct pubs *, struct codec_error *err);
/* FINDING_DELETE: remove one, until the sheet is checked. */
int	rubricop_finding_delete(struct wtx *, const struct actor *,
	    const struct finding_delete_body *in, struct pubs *, struct codec_error *err);
/* RUBRIC_ACT: apply (every item self-checked, self total >= apply_min),
 * mark checked, reopen. */
int	rubricop_act(struct wtx *, const struct actor *, const struct rubric_act_body *in,
	    struct pubs *, struct codec_error *err);
/* RECTIFY_ACT: issue (*id is the new notice's), answer, close, review
 * again. */
int	rubricop_rectify(struct wtx *, const struct actor *, const struct rectify_act_body *in,
	    uint64_t *id, struct pubs *, struct codec_error *err);
/* SAMPLE_DRAW: draw and store a spot check; out as stored, released with
 * schema_free(&sample_rec_desc, out). */
int	rubricop_draw(struct wtx *, const struct actor *, const struct sample_draw_body *in,
	    struct sample_rec *out, struct codec_error *err);
/* A stored draw by id; MDB_NOTFOUND if none. */
int	rubricop_sample_get(MDB_txn *, struct store *, uint64_t id, struct sample_rec *out);

/* RUBRIC_SHEETS: the sheets of a plan and period the viewer may see,
 * ranked overall and by category, and with one unit its whole sheet, the
 * rubric and its notices.  viewer: an admin-like user for kaohectl.  out
 * is zeroed first and released with
 * schema_free(&rubric_sheets_reply_body_desc, out). */
int	rubricop_sheets(MDB_txn *, struct store *, const struct user_rec *viewer, uint32_t today,
	    const struct rubric_sheets_body *in, struct rubric_sheets_reply_body *out,
	    struct codec_error *err);

#endif
