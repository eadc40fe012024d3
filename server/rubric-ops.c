/*
 * rubric-ops.c: the writes of scoring organisations (see rubric-ops.h):
 * opening a unit's sheet for a write, the unit's self-check, inspectors'
 * findings, applying / checking / reopening a sheet, and rectification
 * notices.  Computing, reading and ranking sheets and spot-check draws are
 * rubric-sheets.c's; the keys are in rubric-int.h.
 *
 * A sheet moves: open (self-checks and findings come in) -> applied (the
 * unit asked for the unified inspection; its self-check is now fixed) ->
 * checked (an inspector finished: final, ranked, no findings) -> reopened
 * (checked cleared, findings again) -> checked ...  Applying is no step an
 * inspection waits for: a monthly spot check (过程化考核) is entered and
 * checked without one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "calendar.h"
#include "org.h"
#include "rubric-int.h"
#include "rubric-ops.h"
#include "score-int.h"

#define FINDINGS_MAX	100	/* rubric_item_score.findings */

/* ---- opening a sheet ---- */

int
rb_assessed(const struct plan *p, const struct unit_rec *u, struct codec_error *err)
{
	char why[400], list[200] = "";

	if (p->subjects_n == 0)
		return 0;
	for (uint32_t i = 0; i < p->subjects_n; i++) {
		if (strcmp(p->subjects[i].category, u->category) == 0)
			return 0;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? _(", ") : "",
		    p->subjects[i].category);
	}
	snprintf(why, sizeof why, _("\"%s\" (category: %s) is not assessed by this plan (%s)"),
	    u->name, u->category[0] != '\0' ? u->category : _("none"), list);
	return sc_refuse(err, KH_ERR_INVALID, "unit_id", why);
}

int
rb_open(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t unit,
    uint32_t today, struct rb_open *o, struct codec_error *err)
{
	int rc;

	memset(o, 0, sizeof *o);
	if ((rc = sc_plan_open_for(txn, st, plan, period, PLAN_ORGANISATIONS, &o->plan, err)) != 0)
		return rc;
	if ((rc = sc_period_check(txn, st, &o->plan, period, today, err)) != 0)
		goto fail;
	if ((rc = org_unit_get(txn, st, unit, &o->unit)) != 0) {
		memset(&o->unit, 0, sizeof o->unit);
		rc = rc == MDB_NOTFOUND ? sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id",
		    _("No such unit")) :
		    sc_storage(err, rc);
		goto fail;
	}
	if ((rc = rb_assessed(&o->plan, &o->unit, err)) != 0)
		goto fail;
	if ((rc = rb_sheet_get(txn, st, plan, period, unit, &o->sheet)) == MDB_NOTFOUND) {
		memset(&o->sheet, 0, sizeof o->sheet);
		o->sheet.plan = xstrdup(o->plan.key);
		o->sheet.period = period;
		o->sheet.unit_id = unit;
		o->sheet.category = xstrdup("");
		o->sheet.tier = xstrdup("");
	} else if (rc != 0) {
		memset(&o->sheet, 0, sizeof o->sheet);
		rc = sc_storage(err, rc);
		goto fail;
	}
	o->sheet.plan_version = o->plan.version;
	rb_compute(&o->plan, &o->unit, &o->sheet);
	return 0;
fail:
	rb_close(o);
	return rc;
}

void
rb_close(struct rb_open *o)
{
	schema_free(&plan_desc, &o->plan);
	schema_free(&unit_rec_desc, &o->unit);
	schema_free(&rubric_sheet_desc, &o->sheet);
	memset(o, 0, sizeof *o);
}

/* Fix the plan version, store and publish the sheet, write the audit line. */
static int
sheet_commit(struct wtx *w, const struct actor *a, struct rb_open *o, struct pubs *pubs,
    const char *action, const char *detail, struct codec_error *err)
{
	char target[64];
	int rc;

	rb_compute(&o->plan, &o->unit, &o->sheet);
	if ((rc = sc_plan_fix(w, &o->plan, o->sheet.period)) != 0 ||
	    (rc = rb_sheet_save(w, &o->sheet, a->user->id, pubs)) != 0)
		return sc_storage(err, rc);
	rb_audit_target(target, sizeof target, "rubric", o->unit.id, o->sheet.period, o->plan.key);
	if ((rc = store_audit(w, action, target, pubs->v[pubs->n - 1].ch.seq, "%s：%s", o->unit.name,
	    detail)) != 0)
		return sc_storage(err, rc);
	return 0;
}

/* ---- who may ---- */

/* The unit's side: its 科室负责人, or the admin on its behalf. */
static int
may_act_for_unit(const struct user_rec *u, uint64_t unit, struct codec_error *err)
{
	if (u->role == ROLE_ADMIN || (u->role == ROLE_DEPT_HEAD && u->unit_id == unit))
		return 0;
	return sc_refuse(err, KH_ERR_DENIED, "unit_id",
	    _("Only the unit's head or the assessment office can do the unit's part"));
}

static int
may_inspect(const struct user_rec *u, struct codec_error *err)
{
	if (u->role == ROLE_INSPECTOR)
		return 0;
	return sc_refuse(err, KH_ERR_DENIED, "",
	    _("Only inspectors record deductions, check sheets and issue notices"));
}

/* The item with key, and its section; NULL if the rubric has none. */
static const struct rubric_item *
item_find(const struct plan *p, const char *key, uint32_t *index)
{
	uint32_t k = 0;

	for (uint32_t i = 0; i < p->sections_n; i++)
		for (uint32_t j = 0; j < p->sections[i].items_n; j++, k++)
			if (strcmp(p->sections[i].items[j].key, key) == 0) {
				if (index != NULL)
					*index = k;
				return &p->sections[i].items[j];
			}
	return NULL;
}

/* ---- the self-check ---- */

int
rubricop_self_put(struct wtx *w, const struct actor *a, const struct self_put_body *in,
    struct pubs *pubs, struct codec_error *err)
{
	const struct rubric_item *it;
	struct rubric_item_score *is;
	struct rb_open o;
	char detail[160], pts[16], std[16];
	uint32_t k;
	int rc;

	if ((rc = may_act_for_unit(a->user, in->unit_id, err)) != 0)
		return rc;
	if ((rc = rb_open(w->txn, w->st, in->plan, in->period, in->unit_id, a->today, &o, err)) != 0)
		return rc;
	if ((it = item_find(&o.plan, in->item, &k)) == NULL) {
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "item", _("The rubric has no such item"));
		goto out;
	}
	if (o.sheet.checked || o.sheet.applied) {
		rc = sc_refuse(err, KH_ERR_DENIED, "item", o.sheet.checked ?
		    _("Checked already: the self-check can no longer change") :
		    _("Applied for assessment: the self-check can no longer change"));
		goto out;
	}
	if (!o.plan.checklist && in->self > it->standard) {
		rb_points(in->self, pts, sizeof pts);
		rb_points(it->standard, std, sizeof std);
		snprintf(detail, sizeof detail,
		    _("Self-check %s is above the item's standard %s"), pts, std);
		rc = sc_refuse(err, KH_ERR_INVALID, "self", detail);
		goto out;
	}
	is = &o.sheet.items[k];
	is->self_set = true;
	is->self_met = o.plan.checklist && in->met;
	is->self = o.plan.checklist ? 0 : in->self;
	rb_points(is->self, pts, sizeof pts);
	if (o.plan.checklist)
		snprintf(detail, sizeof detail, "自查 %s %s", it->key, is->self_met ? "达标" : "未达标");	/* data */
	else
		snprintf(detail, sizeof detail, "自查 %s %s 分", it->key, pts);	/* data */
	rc = sheet_commit(w, a, &o, pubs, "rubric.self", detail, err);
out:
	rb_close(&o);
	return rc;
}

/* ---- findings ---- */

/* The finding with id in the sheet: its item's index and its own. */
static bool
finding_find(const struct rubric_sheet *s, uint64_t id, uint32_t *item, uint32_t *index)
{
	for (uint32_t i = 0; i < s->items_n; i++)
		for (uint32_t j = 0; j < s->items[i].findings_n; j++)
			if (s->items[i].findings[j].id == id) {
				*item = i;
				*index = j;
				return true;
			}
	return false;
}

static void
finding_remove(struct rubric_item_score *is, uint32_t j)
{
	schema_free(&rubric_finding_desc, &is->findings[j]);
	memmove(&is->findings[j], &is->findings[j + 1],
	    (is->findings_n - j - 1) * sizeof *is->findings);
	is->findings_n--;
}

/* What a finding must hold: an item of the rubric, one of its rules (none
 * on a checklist, whose lines have none), a count, evidence. */
static int
finding_check(const struct plan *p, const struct rubric_finding *f, uint32_t *item,
    const struct rubric_rule **rule, struct codec_error *err)
{
	const struct rubric_item *it;

	*rule = NULL;
	if ((it = item_find(p, f->item, item)) == NULL)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "item", _("The rubric has no such item"));
	for (uint32_t i = 0; i < it->rules_n; i++)
		if (strcmp(it->rules[i].key, f->rule) == 0)
			*rule = &it->rules[i];
	if (*rule == NULL && !(p->checklist && f->rule[0] == '\0'))
		return sc_refuse(err, KH_ERR_NOT_FOUND, "rule",
		    _("The item's scoring method has no such rule"));
	if (f->count == 0)
		return sc_refuse(err, KH_ERR_INVALID, "count", _("The count is at least 1"));
	if (*rule != NULL && (*rule)->once && f->count != 1)
		return sc_refuse(err, KH_ERR_INVALID, "count",
		    _("This rule deducts once: the count must be 1"));
	if (f->evidence[0] == '\0')
		return sc_refuse(err, KH_ERR_INVALID, "evidence",
		    _("Give the evidence: what was looked at, what was found"));
	return 0;
}

int
rubricop_finding_put(struct wtx *w, const struct actor *a, const struct finding_put_body *in,
    uint64_t *id, struct pubs *pubs, struct codec_error *err)
{
	const struct rubric_finding *f = &in->finding;
	const struct rubric_rule *rule;
	struct rubric_item_score *is;
	struct rubric_finding nf;
	struct rb_open o;
	uint32_t k, oi = 0, oj = 0;
	char detail[200];
	int rc;

	*id = 0;
	if ((rc = may_inspect(a->user, err)) != 0)
		return rc;
	if ((rc = rb_open(w->txn, w->st, in->plan, in->period, in->unit_id, a->today, &o, err)) != 0)
		return rc;
	if (o.sheet.checked) {
		rc = sc_refuse(err, KH_ERR_DENIED, "unit_id",
		    _("Checked already: reopen it to change deductions"));
		goto out;
	}
	if ((rc = finding_check(&o.plan, f, &k, &rule, err)) != 0)
		goto out;
	if (f->id != 0 && !finding_find(&o.sheet, f->id, &oi, &oj)) {
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "id", _("This sheet has no such deduction"));
		goto out;
	}
	is = &o.sheet.items[k];
	if (f->id == 0 && is->findings_n >= FINDINGS_MAX) {
		rc = sc_refuse(err, KH_ERR_TOO_LARGE, "item",
		    _("This item has too many deductions"));
		goto out;
	}
	/* A changed finding may move to another item: take it out first. */
	if (f->id != 0)
		finding_remove(&o.sheet.items[oi], oj);
	memset(&nf, 0, sizeof nf);
	nf.id = f->id != 0 ? f->id : ++w->last_id;
	nf.item = xstrdup(f->item);
	nf.rule = xstrdup(f->rule);
	nf.count = f->count;
	nf.evidence = xstrdup(f->evidence);
	nf.by = a->user->id;
	nf.at = now_ms();
	is->findings = xrealloc(is->findings, (is->findings_n + 1) * sizeof *is->findings);
	is->findings[is->findings_n++] = nf;
	*id = nf.id;
	snprintf(detail, sizeof detail, "扣分 %llu：%s %s ×%u", (unsigned long long)nf.id, f->item,	/* data */
	    rule != NULL ? rule->key : "未达标", f->count);	/* data */
	rc = sheet_commit(w, a, &o, pubs, f->id != 0 ? "finding.change" : "finding.put", detail, err);
out:
	rb_close(&o);
	return rc;
}

int
rubricop_finding_delete(struct wtx *w, const struct actor *a, const struct finding_delete_body *in,
    struct pubs *pubs, struct codec_error *err)
{
	struct rb_open o;
	uint32_t i, j;
	char detail[64];
	int rc;

	if ((rc = may_inspect(a->user, err)) != 0)
		return rc;
	if ((rc = rb_open(w->txn, w->st, in->plan, in->period, in->unit_id, a->today, &o, err)) != 0)
		return rc;
	if (o.sheet.checked)
		rc = sc_refuse(err, KH_ERR_DENIED, "unit_id",
		    _("Checked already: reopen it to change deductions"));
	else if (!finding_find(&o.sheet, in->id, &i, &j))
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "id", _("This sheet has no such deduction"));
	else {
		finding_remove(&o.sheet.items[i], j);
		snprintf(detail, sizeof detail, "删除扣分 %llu", (unsigned long long)in->id);	/* data */
		rc = sheet_commit(w, a, &o, pubs, "finding.delete", detail, err);
	}
	rb_close(&o);
	return rc;
}

/* ---- apply, check, reopen ---- */

/* Apply: every item self-checked and the self total at least apply_min;
 * the refusal gives the figures. */
static int
apply_check(const struct rb_open *o, struct codec_error *err)
{
	char why[300], have[16], need[16];
	uint32_t missing = 0;

	if (o->sheet.applied)
		return sc_refuse(err, KH_ERR_CONFLICT, "action", _("Applied already"));
	for (uint32_t i = 0; i < o->sheet.items_n; i++)
		missing += !o->sheet.items[i].self_set;
	rb_points(o->sheet.self_total, have, sizeof have);
	rb_points(o->plan.apply_min, need, sizeof need);
	if (missing > 0) {
		snprintf(why, sizeof why,
		    _("%u of %u items have no self-check score: cannot apply"),
		    missing, o->sheet.items_n);
		return sc_refuse(err, KH_ERR_INVALID, "action", why);
	}
	if (!score_may_apply(&o->plan, o->sheet.self_total)) {
		snprintf(why, sizeof why,
		    _("The self-check total %s is below the %s needed to apply"),
		    have, need);
		return sc_refuse(err, KH_ERR_INVALID, "action", why);
	}
	return 0;
}

int
rubricop_act(struct wtx *w, const struct actor *a, const struct rubric_act_body *in,
    struct pubs *pubs, struct codec_error *err)
{
	const char *action;
	struct rb_open o;
	char detail[160], total[16];
	int rc;

	if (in->action == RUBRIC_APPLY)
		rc = may_act_for_unit(a->user, in->unit_id, err);
	else if (in->action == RUBRIC_CHECK || in->action == RUBRIC_REOPEN)
		rc = may_inspect(a->user, err);
	else
		rc = sc_refuse(err, KH_ERR_INVALID, "action",
		    _("The action is apply (1), check (2) or reopen (3)"));
	if (rc != 0)
		return rc;
	if ((rc = rb_open(w->txn, w->st, in->plan, in->period, in->unit_id, a->today, &o, err)) != 0)
		return rc;
	switch (in->action) {
	case RUBRIC_APPLY:
		if ((rc = apply_check(&o, err)) != 0)
			goto out;
		o.sheet.applied = true;
		o.sheet.applied_at = now_ms();
		rb_points(o.sheet.self_total, total, sizeof total);
		snprintf(detail, sizeof detail, "申报统一考核，自查总分 %s", total);	/* data */
		action = "rubric.apply";
		break;
	case RUBRIC_CHECK:
		if (o.sheet.checked) {
			rc = sc_refuse(err, KH_ERR_CONFLICT, "action", _("Checked already"));
			goto out;
		}
		o.sheet.checked = true;
		o.sheet.checked_by = a->user->id;
		rb_compute(&o.plan, &o.unit, &o.sheet);
		rb_points(o.sheet.total, total, sizeof total);
		snprintf(detail, sizeof detail, "验收，得分 %s%s%s", total,	/* data */
		    o.sheet.tier[0] != '\0' ? " " : "", o.sheet.tier);
		action = "rubric.check";
		break;
	default:
		if (!o.sheet.checked) {
			rc = sc_refuse(err, KH_ERR_CONFLICT, "action",
			    _("Not checked yet: nothing to reopen"));
			goto out;
		}
		o.sheet.checked = false;
		o.sheet.checked_by = 0;
		snprintf(detail, sizeof detail, "重新打开");	/* data */
		action = "rubric.reopen";
		break;
	}
	rc = sheet_commit(w, a, &o, pubs, action, detail, err);
out:
	rb_close(&o);
	return rc;
}

/* ---- rectification notices ---- */

static void
notice_key(struct sc_key *k, uint64_t id)
{
	k->b[0] = 'Q';
	k->n = 1;
	sc_key_u64(k, id);
}

/* A deadline: a real date after today. */
static int
deadline_check(uint32_t deadline, uint32_t today, uint32_t after, struct codec_error *err)
{
	char why[120];

	if (!day_valid(deadline))
		return sc_refuse(err, KH_ERR_INVALID, "deadline",
		    _("The deadline is not a valid date (YYYYMMDD)"));
	if (deadline <= today)
		return sc_refuse(err, KH_ERR_INVALID, "deadline",
		    _("The deadline must be after today"));
	if (deadline <= after) {
		snprintf(why, sizeof why,
		    _("The new deadline must be after the old one, %u-%02u-%02u"),
		    after / 10000, after / 100 % 100, after % 100);
		return sc_refuse(err, KH_ERR_INVALID, "deadline", why);
	}
	return 0;
}

/* One line of text, required, within the schema's size (the codec held
 * it to the size already). */
static int
text_required(const char *s, const char *field, const char *what, struct codec_error *err)
{
	char why[120];

	if (s[0] != '\0')
		return 0;
	snprintf(why, sizeof why, _("%s is required"), what);
	return sc_refuse(err, KH_ERR_INVALID, field, why);
}

/* Issue: a problem about a unit the plan assesses, an item of the rubric
 * if named, a finding of its sheet if named, a deadline after today. */
static int
rectify_issue(struct wtx *w, const struct actor *a, const struct rectify_rec *in,
    struct rectify_rec *n, struct codec_error *err)
{
	struct rb_open o;
	uint32_t i, j;
	int rc;

	if ((rc = may_inspect(a->user, err)) != 0)
		return rc;
	if (in->id != 0)
		return sc_refuse(err, KH_ERR_INVALID, "id", _("A new notice has id 0"));
	if ((rc = rb_open(w->txn, w->st, in->plan, in->period, in->unit_id, a->today, &o, err)) != 0)
		return rc;
	if (in->item[0] != '\0' && item_find(&o.plan, in->item, NULL) == NULL)
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "item", _("The rubric has no such item"));
	else if (in->finding != 0 && !finding_find(&o.sheet, in->finding, &i, &j))
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "finding",
		    _("This sheet has no such deduction"));
	else if ((rc = text_required(in->problem, "problem", _("The problem and what must be done"),
	    err)) == 0 &&
	    (rc = deadline_check(in->deadline, a->today, 0, err)) == 0) {
		memset(n, 0, sizeof *n);
		n->id = ++w->last_id;
		n->plan = xstrdup(o.plan.key);
		n->period = in->period;
		n->unit_id = in->unit_id;
		n->item = xstrdup(in->item);
		n->finding = in->finding;
		n->problem = xstrdup(in->problem);
		n->deadline = in->deadline;
		n->state = RECTIFY_OPEN;
		n->response = xstrdup("");
		n->review = xstrdup("");
		n->issued_by = a->user->id;
	}
	rb_close(&o);
	return rc;
}

/* Answer, close or review again a stored notice n, as the state allows. */
static int
rectify_step(const struct actor *a, uint32_t action, const struct rectify_rec *in,
    struct rectify_rec *n, struct codec_error *err)
{
	int rc;

	if (action == RECTIFY_ANSWER) {
		if ((rc = may_act_for_unit(a->user, n->unit_id, err)) != 0)
			return rc;
		if (n->state != RECTIFY_OPEN && n->state != RECTIFY_AGAIN)
			return sc_refuse(err, KH_ERR_CONFLICT, "state",
			    _("This notice is not waiting for an answer"));
		if ((rc = text_required(in->response, "response", _("What was done"), err)) != 0)
			return rc;
		free(n->response);
		n->response = xstrdup(in->response);
		n->state = RECTIFY_ANSWERED;
		return 0;
	}
	if ((rc = may_inspect(a->user, err)) != 0)
		return rc;
	if (n->state != RECTIFY_ANSWERED)
		return sc_refuse(err, KH_ERR_CONFLICT, "state", _("The unit has not answered yet"));
	if (action == RECTIFY_REVIEW) {
		if ((rc = deadline_check(in->deadline, a->today, n->deadline, err)) != 0 ||
		    (rc = text_required(in->review, "review", _("The review's opinion"), err)) != 0)
			return rc;
		n->deadline = in->deadline;
		n->rounds++;
		n->state = RECTIFY_AGAIN;
	} else
		n->state = RECTIFY_CLOSED;
	free(n->review);
	n->review = xstrdup(in->review);
	return 0;
}

static const char *const rectify_actions[] = {
	[RECTIFY_ISSUE] = "rectify.issue", [RECTIFY_ANSWER] = "rectify.answer",
	[RECTIFY_CLOSE] = "rectify.close", [RECTIFY_REVIEW] = "rectify.review",
};

int
rubricop_rectify(struct wtx *w, const struct actor *a, const struct rectify_act_body *in,
    uint64_t *id, struct pubs *pubs, struct codec_error *err)
{
	static const char *const states[] = { "", "待整改", "已反馈", "已销号", "复查未通过" };	/* data */
	struct rectify_rec n;
	struct change ch;
	struct sc_key k;
	struct plan p;
	char target[64];
	uint64_t *aud = NULL;
	uint32_t na;
	int rc;

	*id = 0;
	memset(&n, 0, sizeof n);
	if (in->action < RECTIFY_ISSUE || in->action > RECTIFY_REVIEW)
		return sc_refuse(err, KH_ERR_INVALID, "action",
		    _("The action is issue (1), answer (2), close (3) or review again (4)"));
	if (in->action == RECTIFY_ISSUE)
		rc = rectify_issue(w, a, &in->notice, &n, err);
	else {
		notice_key(&k, in->notice.id);
		if ((rc = store_get_rec(w->txn, w->st->records, k.b, k.n, &rectify_rec_desc, &n)) != 0) {
			memset(&n, 0, sizeof n);
			return rc == MDB_NOTFOUND ? sc_refuse(err, KH_ERR_NOT_FOUND, "id",
			    _("No such notice")) : sc_storage(err, rc);
		}
		/* The period of the notice must still take writes. */
		if ((rc = sc_plan_open_for(w->txn, w->st, n.plan, n.period, PLAN_ORGANISATIONS, &p,
		    err)) == 0) {
			rc = period_is_locked(w->txn, w->st, n.period) ? sc_refuse(err, KH_ERR_DENIED,
			    "period", _("This period is closed: no more changes")) : 0;
			schema_free(&plan_desc, &p);
		}
		if (rc == 0)
			rc = rectify_step(a, in->action, &in->notice, &n, err);
	}
	if (rc != 0)
		goto out;
	n.at = now_ms();
	notice_key(&k, n.id);
	if ((rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &rectify_rec_desc, &n)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	na = rb_audience(w->txn, w->st, n.unit_id, &aud);
	memset(&ch, 0, sizeof ch);
	ch.kind = CHANGE_PUT;
	ch.user = a->user->id;
	schema_copy(&rectify_rec_desc, &ch.notice, &n);
	if ((rc = pubs_append(w, pubs, aud, na, &ch)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	rb_audit_target(target, sizeof target, "notice", n.id, n.period, n.plan);
	if ((rc = store_audit(w, rectify_actions[in->action], target, pubs->v[pubs->n - 1].ch.seq,
	    "单位 %llu，%s，期限 %u：%s", (unsigned long long)n.unit_id, states[n.state], n.deadline,	/* data */
	    n.problem)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	*id = n.id;
out:
	free(aud);
	schema_free(&rectify_rec_desc, &n);
	return rc;
}
