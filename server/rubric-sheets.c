/*
 * rubric-sheets.c: a unit's rubric sheet computed from its self-checks and
 * findings, stored and published; the sheets of a plan and period read,
 * ranked overall and by category (分类型排名); and spot-check draws (抽查).
 * The writes that feed a sheet are rubric-ops.c's; the keys are in
 * rubric-int.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "org.h"
#include "plan-store.h"
#include "rubric-int.h"
#include "rubric-ops.h"
#include "score-int.h"

#define POINTS_MAX	1000000		/* the schema's bound on a sheet's hundredths */
#define DETAIL_NAMES	420		/* bytes of unit names an audit line holds */

void
rb_points(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%02u", v / 100, v % 100);
}

void
rb_audit_target(char *buf, size_t len, const char *what, uint64_t id, uint32_t period,
    const char *plan)
{
	snprintf(buf, len, "%s %llu %u %s", what, (unsigned long long)id, period, plan);
}

/* ---- computing a sheet ---- */

/* Give s one item per rubric item, in rubric order, each keeping what s
 * held for it; what s held for items the rubric lacks is dropped. */
static void
align(const struct plan *p, struct rubric_sheet *s)
{
	struct rubric_item_score *v;
	uint32_t n = 0, k = 0;

	for (uint32_t i = 0; i < p->sections_n; i++)
		n += p->sections[i].items_n;
	v = xcalloc(n ? n : 1, sizeof *v);
	for (uint32_t i = 0; i < p->sections_n; i++)
		for (uint32_t j = 0; j < p->sections[i].items_n; j++, k++) {
			const char *key = p->sections[i].items[j].key;

			for (uint32_t o = 0; o < s->items_n; o++)
				if (s->items[o].item != NULL && strcmp(s->items[o].item, key) == 0) {
					v[k] = s->items[o];
					memset(&s->items[o], 0, sizeof s->items[o]);
					break;
				}
			if (v[k].item == NULL)
				v[k].item = xstrdup(key);
		}
	schema_free_array(&rubric_item_score_desc, s->items, s->items_n);
	s->items = v;
	s->items_n = n;
	schema_free_array(&rubric_section_score_desc, s->sections, s->sections_n);
	s->sections = xcalloc(p->sections_n ? p->sections_n : 1, sizeof *s->sections);
	s->sections_n = p->sections_n;
}

/* An item's 扣分 and 得分 from its findings (score_item), each finding's
 * points as its rule gives them; a checklist line is met with no finding. */
static void
item_compute(const struct plan *p, const struct rubric_item *it, struct rubric_item_score *is)
{
	struct finding f[100];
	struct item_score r = { 0, 0 };
	uint32_t n = is->findings_n < 100 ? is->findings_n : 100;

	for (uint32_t j = 0; j < n; j++) {
		struct rubric_finding *fd = &is->findings[j];
		uint64_t pts = 0;

		for (uint32_t k = 0; k < it->rules_n; k++)
			if (strcmp(it->rules[k].key, fd->rule) == 0)
				pts = it->rules[k].once ? it->rules[k].points :
				    (uint64_t)it->rules[k].points * fd->count;
		fd->points = pts > POINTS_MAX ? POINTS_MAX : (uint32_t)pts;
		f[j] = (struct finding){ fd->rule, fd->count };
	}
	is->met = is->findings_n == 0;
	if (p->checklist) {
		is->deducted = is->score = is->self = 0;
		return;
	}
	/* A rule the item lacks cannot be stored (finding_check), so this
	 * fails only on a broken record: it then deducts the whole standard. */
	if (score_item(it, f, n, &r) != SCORE_OK)
		r = (struct item_score){ it->standard, 0 };
	is->deducted = r.deductions < it->standard ? r.deductions : it->standard;
	is->score = r.score;
}

void
rb_compute(const struct plan *p, const struct unit_rec *u, struct rubric_sheet *s)
{
	uint32_t k = 0, sec[32], total = 0;
	const struct plan_tier *t;

	align(p, s);
	free(s->category);
	s->category = xstrdup(u->category);
	s->self_total = 0;
	s->self_complete = true;
	s->findings = 0;
	for (uint32_t i = 0; i < p->sections_n && i < 32; i++) {
		const struct rubric_section *rs = &p->sections[i];
		struct rubric_section_score *ss = &s->sections[i];
		uint32_t scores[200];
		bool met[200];
		struct checklist_count cc = { 0, 0 };
		uint64_t self = 0;

		ss->key = xstrdup(rs->key);
		for (uint32_t j = 0; j < rs->items_n && j < 200; j++, k++) {
			struct rubric_item_score *is = &s->items[k];

			item_compute(p, &rs->items[j], is);
			scores[j] = is->score;
			met[j] = is->met;
			self += is->self;
			ss->deducted += is->deducted;
			s->self_complete &= is->self_set;
			s->findings += is->findings_n;
		}
		ss->self = self < rs->points ? (uint32_t)self : rs->points;
		s->self_total += ss->self;
		if (score_section(rs, scores, rs->items_n, &ss->score) != SCORE_OK)
			ss->score = 0;
		if (p->checklist && score_checklist(rs, met, rs->items_n, &cc) == SCORE_OK) {
			ss->met = cc.met;
			ss->lines = cc.total;
		}
		sec[i] = ss->score;
	}
	if (score_rubric_total(p, sec, p->sections_n, &total) != SCORE_OK)
		total = 0;
	s->total = total;
	free(s->tier);
	t = p->checklist ? NULL : score_tier(p, total);
	s->tier = xstrdup(t != NULL ? t->name : "");
}

/* ---- storing and publishing ---- */

static void
sheet_key(struct sc_key *k, const char *plan, uint32_t period, uint64_t unit)
{
	sc_key_start(k, 'O', plan, period);
	sc_key_u64(k, unit);
}

int
rb_sheet_get(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t unit,
    struct rubric_sheet *out)
{
	struct sc_key k;

	if (strlen(plan) == 0 || strlen(plan) > PLAN_KEY_MAX)
		return MDB_NOTFOUND;
	sheet_key(&k, plan, period, unit);
	return store_get_rec(txn, st->records, k.b, k.n, &rubric_sheet_desc, out);
}

struct audience {
	uint64_t	 unit;
	uint64_t	*v;
	uint32_t	 n;
};

static int
audience_add(const struct user_rec *u, void *arg)
{
	struct audience *a = arg;

	if (u->disabled || !(rb_may_see(u, a->unit)))
		return 0;
	a->v = xrealloc(a->v, (a->n + 1) * sizeof *a->v);
	a->v[a->n++] = u->id;
	return 0;
}

uint32_t
rb_audience(MDB_txn *txn, struct store *st, uint64_t unit, uint64_t **out)
{
	struct audience a = { unit, NULL, 0 };

	store_user_each(txn, st, audience_add, &a);
	*out = a.v;
	return a.n;
}

bool
rb_may_see(const struct user_rec *viewer, uint64_t unit)
{
	return org_sees_all(viewer->role) || viewer->role == ROLE_INSPECTOR ||
	    (viewer->unit_id == unit && unit != 0);
}

int
rb_sheet_save(struct wtx *w, const struct rubric_sheet *s, uint64_t by, struct pubs *pubs)
{
	struct change ch;
	struct sc_key k;
	uint64_t *aud;
	uint32_t n;
	int rc;

	sheet_key(&k, s->plan, s->period, s->unit_id);
	if ((rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &rubric_sheet_desc, s)) != 0)
		return rc;
	n = rb_audience(w->txn, w->st, s->unit_id, &aud);
	memset(&ch, 0, sizeof ch);
	ch.kind = CHANGE_PUT;
	ch.user = by;
	schema_copy(&rubric_sheet_desc, &ch.rubric, s);
	rc = pubs_append(w, pubs, aud, n, &ch);
	free(aud);
	return rc;
}

static int
load_by_prefix(MDB_txn *txn, struct store *st, char prefix, const struct record_desc *d,
    void **out, uint32_t *n)
{
	struct sc_key k = { .b = { (unsigned char)prefix }, .n = 1 };

	return sc_load_prefix(txn, st->records, &k, d, out, n);
}

int
rb_notices_load(MDB_txn *txn, struct store *st, struct rectify_rec **out, uint32_t *n)
{
	return load_by_prefix(txn, st, 'Q', &rectify_rec_desc, (void **)out, n);
}

int
rb_samples_load(MDB_txn *txn, struct store *st, struct sample_rec **out, uint32_t *n)
{
	return load_by_prefix(txn, st, 'Y', &sample_rec_desc, (void **)out, n);
}

static void
sample_key(struct sc_key *k, uint64_t id)
{
	k->b[0] = 'Y';
	k->n = 1;
	sc_key_u64(k, id);
}

int
rubricop_sample_get(MDB_txn *txn, struct store *st, uint64_t id, struct sample_rec *out)
{
	struct sc_key k;

	sample_key(&k, id);
	return store_get_rec(txn, st->records, k.b, k.n, &sample_rec_desc, out);
}

/* ---- reading and ranking ---- */

/* The plans list, and the key asked for or the first organisation plan;
 * *types the period types of its cycle. */
static int
plans_list(MDB_txn *txn, struct store *st, const char *want, struct rubric_sheets_reply_body *out,
    char *key, size_t keylen, uint32_t *types, struct codec_error *err)
{
	struct plan *all = NULL;
	uint32_t nall = 0;
	int rc;

	key[0] = '\0';
	*types = 0;
	if ((rc = plan_store_list(txn, st, &all, &nall)) != 0)
		return sc_storage(err, rc);
	for (uint32_t i = 0; i < nall; i++) {
		if (all[i].subject != PLAN_ORGANISATIONS)
			continue;
		out->plans = xrealloc(out->plans, (out->plans_n + 1) * sizeof *out->plans);
		out->plans[out->plans_n++] = (struct rubric_plan){ .key = xstrdup(all[i].key),
		    .name = xstrdup(all[i].name), .version = all[i].version,
		    .checklist = all[i].checklist };
		if (want[0] == '\0' ? key[0] == '\0' : strcmp(want, all[i].key) == 0) {
			strlcpy_kh(key, all[i].key, keylen);
			*types = sc_cycle_period_types(&all[i]);
		}
	}
	schema_free_array(&plan_desc, all, nall);
	if (key[0] == '\0')
		return sc_refuse(err, KH_ERR_NOT_FOUND, "plan", want[0] == '\0' ?
		    _("The server has no plan for assessing organisations yet") :
		    _("No such plan for assessing organisations"));
	return 0;
}

/* A row of the ranking and what it ranks by. */
struct row {
	struct rubric_row	 r;
	bool			 visible;
};

static int
row_order(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->r.checked != y->r.checked)
		return x->r.checked ? -1 : 1;
	if (x->r.checked && x->r.rank != y->r.rank)
		return x->r.rank < y->r.rank ? -1 : 1;
	return strcmp(x->r.name, y->r.name);
}

/* Rank the checked rows: all of them (rank, tied), or those of one
 * category (category_rank, category_tied).  A checklist scores nothing
 * (total 0; only its sheets count lines): its rows rank by lines met. */
static void
rank_rows(struct row *rows, uint32_t n, const char *category)
{
	struct rank_row *rr = xcalloc(n ? n : 1, sizeof *rr);
	uint32_t m = 0;

	for (uint32_t i = 0; i < n; i++)
		if (rows[i].r.checked && (category == NULL || strcmp(rows[i].r.category, category) == 0))
			rr[m++] = (struct rank_row){ .value = rows[i].r.lines > 0 ?
			    rows[i].r.met : rows[i].r.total, .key = rows[i].r.name, .id = i };
	score_rank(rr, m);
	for (uint32_t i = 0; i < m; i++) {
		struct rubric_row *r = &rows[rr[i].id].r;

		if (category == NULL) {
			r->rank = rr[i].rank;
			r->tied = rr[i].tied;
		} else {
			r->category_rank = rr[i].rank;
			r->category_tied = rr[i].tied;
		}
	}
	free(rr);
}

/* Rank one period's rows overall and within each category. */
static void
rank_all(struct row *rows, uint32_t n)
{
	rank_rows(rows, n, NULL);
	for (uint32_t i = 0; i < n; i++) {
		bool first = true;

		for (uint32_t j = 0; j < i && first; j++)
			first = strcmp(rows[j].r.category, rows[i].r.category) != 0;
		if (first)
			rank_rows(rows, n, rows[i].r.category);
	}
}

/* A notice is the sheet's when it names the sheet's plan, period and
 * unit: it came from that check (rectify_rec.period). */
static void
row_fill(struct rubric_row *r, const struct unit_rec *u, const struct rubric_sheet *s,
    const struct rectify_rec *notices, uint32_t nn)
{
	uint32_t deducted = 0;

	for (uint32_t i = 0; i < s->sections_n; i++) {
		deducted += s->sections[i].deducted;
		r->lines += s->sections[i].lines;
		r->met += s->sections[i].met;
	}
	for (uint32_t i = 0; i < s->items_n; i++)
		r->self_met += s->items[i].self_set && s->items[i].self_met;
	r->unit_id = u->id;
	r->name = xstrdup(u->name);
	r->category = xstrdup(u->category);
	r->self_total = s->self_total;
	r->self_complete = s->self_complete;
	r->deducted = deducted < POINTS_MAX ? deducted : POINTS_MAX;
	r->total = s->total;
	r->tier = xstrdup(s->tier);
	r->applied = s->applied;
	r->checked = s->checked;
	r->findings = s->findings;
	r->period = s->period;
	for (uint32_t i = 0; i < nn; i++)
		r->open_notices += notices[i].unit_id == u->id && notices[i].period == s->period &&
		    strcmp(notices[i].plan, s->plan) == 0 && notices[i].state != RECTIFY_CLOSED;
}

/* The sheet of a unit as stored, or an empty one, computed. */
static int
sheet_of(MDB_txn *txn, struct store *st, const struct plan *p, uint32_t period,
    const struct unit_rec *u, struct rubric_sheet *s)
{
	int rc = rb_sheet_get(txn, st, p->key, period, u->id, s);

	if (rc == MDB_NOTFOUND) {
		memset(s, 0, sizeof *s);
		s->plan = xstrdup(p->key);
		s->period = period;
		s->unit_id = u->id;
		s->plan_version = p->version;
	} else if (rc != 0)
		return rc;
	rb_compute(p, u, s);
	return 0;
}

/* The rows: every unit the plan assesses (of the category asked for, or the
 * one unit), ranked over all of them; then those the viewer may not see are
 * left out. */
static int
sheets_rows(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const struct plan *p,
    uint32_t period, const struct rubric_sheets_body *in, const struct rectify_rec *notices,
    uint32_t nn, struct rubric_sheets_reply_body *out)
{
	struct unit_rec *units = NULL;
	struct row *rows = NULL;
	struct codec_error why;
	uint32_t nu = 0, n = 0;
	int rc;

	if ((rc = org_units_load(txn, st, &units, &nu)) != 0)
		return rc;
	rows = xcalloc(nu ? nu : 1, sizeof *rows);
	for (uint32_t i = 0; i < nu; i++) {
		struct rubric_sheet s;

		/* every unit asked for is ranked; one unit asked for is one row
		 * shown, with its rank among the others */
		if ((in->category[0] != '\0' && strcmp(units[i].category, in->category) != 0) ||
		    rb_assessed(p, &units[i], &why) != 0)
			continue;
		if ((rc = sheet_of(txn, st, p, period, &units[i], &s)) != 0)
			goto out;
		row_fill(&rows[n].r, &units[i], &s, notices, nn);
		rows[n++].visible = rb_may_see(viewer, units[i].id) &&
		    (in->unit_id == 0 || units[i].id == in->unit_id);
		schema_free(&rubric_sheet_desc, &s);
	}
	rank_all(rows, n);
	qsort(rows, n, sizeof *rows, row_order);
	out->rows = xcalloc(n ? n : 1, sizeof *out->rows);
	for (uint32_t i = 0; i < n; i++)
		if (rows[i].visible)
			out->rows[out->rows_n++] = rows[i].r;
		else
			schema_free(&rubric_row_desc, &rows[i].r);
out:
	if (rc != 0)
		for (uint32_t i = 0; i < n; i++)
			schema_free(&rubric_row_desc, &rows[i].r);
	free(rows);
	schema_free_array(&unit_rec_desc, units, nu);
	return rc;
}

/* One unit asked for: the rubric, its whole sheet and all its notices. */
static int
sheets_unit(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const struct plan *p,
    uint32_t period, uint64_t unit, struct rubric_sheets_reply_body *out, struct codec_error *err)
{
	struct unit_rec u;
	struct plan copy;
	int rc;

	if ((rc = org_unit_get(txn, st, unit, &u)) == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
	if (rc != 0)
		return sc_storage(err, rc);
	if (!rb_may_see(viewer, unit))
		rc = sc_refuse(err, KH_ERR_DENIED, "unit_id",
		    _("You can see only your own unit's sheet"));
	else if ((rc = rb_assessed(p, &u, err)) == 0) {
		if ((rc = sheet_of(txn, st, p, period, &u, &out->sheet)) != 0)
			rc = sc_storage(err, rc);
		schema_copy(&plan_desc, &copy, p);
		out->sections = copy.sections;
		out->sections_n = copy.sections_n;
		copy.sections = NULL;
		copy.sections_n = 0;
		schema_free(&plan_desc, &copy);
	}
	schema_free(&unit_rec_desc, &u);
	return rc;
}

static const struct unit_rec *
unit_find(const struct unit_rec *units, uint32_t n, uint64_t id)
{
	for (uint32_t i = 0; i < n; i++)
		if (units[i].id == id)
			return &units[i];
	return NULL;
}

/*
 * The unit's archive (过程化考核, DOMAIN.md): a row for every period of the
 * plan with a stored sheet of the unit, oldest first (the keys' order:
 * "O" + plan + NUL + period + unit).  Each period's sheets are computed
 * under the plan version in use for that period and ranked among that
 * period's checked sheets, as RUBRIC_SHEETS ranks them: a sheet never
 * stored was never checked, so the stored ones are all a ranking needs.
 * A sheet of a unit since removed is left out; so is a period whose plan
 * cannot be opened.
 */
static int
sheets_history(MDB_txn *txn, struct store *st, const char *plan, uint64_t unit,
    const struct rectify_rec *notices, uint32_t nn, struct rubric_sheets_reply_body *out)
{
	struct sc_key k = { .b = { 'O' }, .n = 1 };
	struct rubric_sheet *v = NULL;
	struct unit_rec *units = NULL;
	struct row *rows = NULL;
	uint32_t n = 0, nu = 0;
	int rc;

	sc_key_str(&k, plan);
	if ((rc = sc_load_prefix(txn, st->records, &k, &rubric_sheet_desc, (void **)&v, &n)) != 0)
		return rc;
	if ((rc = org_units_load(txn, st, &units, &nu)) != 0)
		goto out;
	rows = xcalloc(n ? n : 1, sizeof *rows);
	out->history = xcalloc(n ? n : 1, sizeof *out->history);
	for (uint32_t i = 0, j; i < n; i = j) {
		struct codec_error why;
		struct plan p;
		uint32_t m = 0;

		for (j = i; j < n && v[j].period == v[i].period; j++)
			;
		if ((rc = sc_plan_open_for(txn, st, plan, v[i].period, PLAN_ORGANISATIONS, &p,
		    &why)) != 0) {
			if (rc > 0)
				goto out;
			rc = 0;
			continue;
		}
		for (uint32_t s = i; s < j; s++) {
			const struct unit_rec *u = unit_find(units, nu, v[s].unit_id);

			if (u == NULL)
				continue;
			rb_compute(&p, u, &v[s]);
			memset(&rows[m], 0, sizeof rows[m]);	/* the last period's moved out */
			row_fill(&rows[m].r, u, &v[s], notices, nn);
			rows[m++].visible = u->id == unit;
		}
		schema_free(&plan_desc, &p);
		rank_all(rows, m);
		for (uint32_t r = 0; r < m; r++)
			if (rows[r].visible && out->history_n < 500)
				out->history[out->history_n++] = rows[r].r;
			else
				schema_free(&rubric_row_desc, &rows[r].r);
	}
out:
	free(rows);
	schema_free_array(&unit_rec_desc, units, nu);
	schema_free_array(&rubric_sheet_desc, v, n);
	return rc;
}

/* The notices of the plan and period: all of the one unit, or the open
 * ones of every unit the viewer may see. */
static void
sheets_notices(const struct user_rec *viewer, const char *plan, uint32_t period, uint64_t unit,
    struct rectify_rec *v, uint32_t n, struct rubric_sheets_reply_body *out)
{
	out->notices = xcalloc(n ? n : 1, sizeof *out->notices);
	for (uint32_t i = 0; i < n && out->notices_n < 200; i++) {
		if (strcmp(v[i].plan, plan) != 0 || v[i].period != period ||
		    !rb_may_see(viewer, v[i].unit_id))
			continue;
		if (unit != 0 ? v[i].unit_id != unit : v[i].state == RECTIFY_CLOSED)
			continue;
		schema_copy(&rectify_rec_desc, &out->notices[out->notices_n++], &v[i]);
	}
}

/* The draws of the plan and period, for those who inspect or see all: a
 * unit learns of a draw when the inspectors come. */
static int
sheets_samples(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const char *plan,
    uint32_t period, struct rubric_sheets_reply_body *out)
{
	struct sample_rec *v = NULL;
	uint32_t n = 0;
	int rc;

	if (!org_sees_all(viewer->role) && viewer->role != ROLE_INSPECTOR)
		return 0;
	if ((rc = rb_samples_load(txn, st, &v, &n)) != 0)
		return rc;
	out->samples = xcalloc(n ? n : 1, sizeof *out->samples);
	/* newest first, at most 50 */
	for (uint32_t i = n; i-- > 0 && out->samples_n < 50; )
		if (strcmp(v[i].plan, plan) == 0 && v[i].period == period) {
			out->samples[out->samples_n++] = v[i];
			memset(&v[i], 0, sizeof v[i]);
		}
	schema_free_array(&sample_rec_desc, v, n);
	return 0;
}

int
rubricop_sheets(MDB_txn *txn, struct store *st, const struct user_rec *viewer, uint32_t today,
    const struct rubric_sheets_body *in, struct rubric_sheets_reply_body *out,
    struct codec_error *err)
{
	struct rectify_rec *notices = NULL;
	struct codec_error why;
	char key[PLAN_KEY_MAX + 1];
	uint32_t period = in->period, types, nn = 0;
	struct plan p, copy;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&p, 0, sizeof p);
	if (period != 0 && !period_valid(period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if ((rc = plans_list(txn, st, in->plan, out, key, sizeof key, &types, err)) != 0)
		goto fail;
	if (period == 0 && (period = sc_default_period(types, today)) == 0)
		period = period_of_day(PERIOD_YEAR, today);
	if ((rc = sc_plan_open_for(txn, st, key, period, PLAN_ORGANISATIONS, &p, err)) != 0)
		goto fail;
	out->plan = xstrdup(p.key);
	out->plan_name = xstrdup(p.name);
	out->plan_version = p.version;
	out->period = period;
	out->rubric_total = p.rubric_total;
	out->apply_min = p.apply_min;
	out->checklist = p.checklist;
	schema_copy(&plan_desc, &copy, &p);
	out->tiers = copy.tiers, out->tiers_n = copy.tiers_n;
	copy.tiers = NULL, copy.tiers_n = 0;
	schema_free(&plan_desc, &copy);
	out->open = sc_period_check(txn, st, &p, period, today, &why) == 0;
	out->why = xstrdup(out->open ? "" : why.message);

	if (in->unit_id != 0 &&
	    (rc = sheets_unit(txn, st, viewer, &p, period, in->unit_id, out, err)) != 0)
		goto fail;
	if ((rc = rb_notices_load(txn, st, &notices, &nn)) != 0 ||
	    (rc = sheets_rows(txn, st, viewer, &p, period, in, notices, nn, out)) != 0 ||
	    (rc = sheets_samples(txn, st, viewer, p.key, period, out)) != 0 ||
	    (in->unit_id != 0 &&
	    (rc = sheets_history(txn, st, p.key, in->unit_id, notices, nn, out)) != 0)) {
		rc = sc_storage(err, rc);
		goto fail;
	}
	sheets_notices(viewer, p.key, period, in->unit_id, notices, nn, out);
	schema_free_array(&rectify_rec_desc, notices, nn);
	schema_free(&plan_desc, &p);
	return 0;
fail:
	schema_free_array(&rectify_rec_desc, notices, nn);
	schema_free(&plan_desc, &p);
	schema_free(&rubric_sheets_reply_body_desc, out);
	memset(out, 0, sizeof *out);
	return rc;
}

/* ---- spot-check draws ---- */

static bool
each_category(const struct plan *p, const char *category)
{
	for (uint32_t i = 0; i < p->sample_each_n; i++)
		if (strcmp(p->sample_each[i].category, category) == 0)
			return true;
	return false;
}

/* A town: of the towns' category (or, without one, a unit the plan
 * assesses), below root. */
static bool
is_town(const struct plan *p, const struct unit_rec *units, uint32_t n, uint32_t i, uint64_t root)
{
	struct codec_error why;

	if (units[i].id == root || !sc_within(units, n, units[i].id, root))
		return false;
	if (p->sample_town[0] != '\0')
		return strcmp(units[i].category, p->sample_town) == 0;
	return rb_assessed(p, &units[i], &why) == 0;
}

/* A town's villages: its child units, but for those of the town's own
 * category and those drawn on their own (sample_each), in id order. */
static uint32_t
villages_of(const struct plan *p, const struct unit_rec *units, uint32_t n, const struct unit_rec *town,
    uint32_t *out)
{
	uint32_t m = 0;

	if (p->sample_town[0] == '\0')
		return 0;
	for (uint32_t i = 0; i < n; i++)
		if (units[i].parent == town->id && strcmp(units[i].category, town->category) != 0 &&
		    !each_category(p, units[i].category))
			out[m++] = i;
	return m;
}

static void
pick_add(struct sample_rec *s, uint64_t unit, uint32_t level, uint64_t parent)
{
	if (s->picks_n >= 2000)
		return;
	s->picks = xrealloc(s->picks, (s->picks_n + 1) * sizeof *s->picks);
	s->picks[s->picks_n++] = (struct sample_pick){ unit, level, parent };
}

/*
 * The draw itself.  Towns and villages are score_sample's, from the seed;
 * then one unit of each sample_each category below root, in the plan's
 * order, each score_rng_below(candidates) from one splitmix64 stream that
 * starts at seed + 1 (a stream of its own: splitmix64 mixes its state, so
 * neighbouring seeds give unrelated numbers).  Units are taken in id order,
 * so the same seed over the same organisation gives the same draw.
 */
static int
draw(const struct plan *p, const struct unit_rec *units, uint32_t n, uint64_t root,
    struct sample_rec *s)
{
	struct sample_unit *towns = xcalloc(n ? n : 1, sizeof *towns);
	uint32_t *tidx = xcalloc(n ? n : 1, sizeof *tidx), *vidx = xcalloc(n ? n : 1, sizeof *vidx);
	uint32_t nt = 0;
	uint64_t state = s->seed + 1;
	struct sample smp;
	int rc;

	for (uint32_t i = 0; i < n; i++)
		if (is_town(p, units, n, i, root)) {
			tidx[nt] = i;
			towns[nt++] = (struct sample_unit){ units[i].id,
			    villages_of(p, units, n, &units[i], vidx) };
		}
	if ((rc = score_sample(s->seed, towns, nt, p->sample_percent, p->sample_min, &smp)) != 0)
		goto out;
	for (uint32_t i = 0; i < smp.ntowns; i++)
		pick_add(s, towns[smp.towns[i].town].id, 1, 0);
	for (uint32_t i = 0; i < smp.ntowns; i++) {
		const struct unit_rec *t = &units[tidx[smp.towns[i].town]];

		villages_of(p, units, n, t, vidx);
		for (uint32_t j = 0; j < smp.towns[i].nvillages; j++)
			pick_add(s, units[vidx[smp.towns[i].villages[j]]].id, 2, t->id);
	}
	score_sample_free(&smp);
	for (uint32_t e = 0; e < p->sample_each_n; e++) {
		uint32_t m = 0;

		for (uint32_t i = 0; i < n; i++)
			if (units[i].id != root && sc_within(units, n, units[i].id, root) &&
			    strcmp(units[i].category, p->sample_each[e].category) == 0)
				vidx[m++] = i;
		if (m > 0)
			pick_add(s, units[vidx[score_rng_below(&state, m)]].id, 3, 0);
	}
out:
	free(towns);
	free(tidx);
	free(vidx);
	return rc;
}

/* The audit line's account: the seed and the names drawn (in Chinese, the
 * same whoever drew: the audit log is data). */
static void
draw_detail(const struct sample_rec *s, const struct unit_rec *units, uint32_t n, char *buf,
    size_t len)
{
	size_t off = (size_t)snprintf(buf, len, "种子 %llu：", (unsigned long long)s->seed);	/* data */

	for (uint32_t i = 0; i < s->picks_n; i++) {
		const char *name = "?";

		for (uint32_t j = 0; j < n; j++)
			if (units[j].id == s->picks[i].unit_id)
				name = units[j].name;
		if (off + strlen(name) + 4 > DETAIL_NAMES) {
			snprintf(buf + off, len - off, "…共 %u 个", s->picks_n);	/* data */
			return;
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? "、" : "", name);
	}
}

int
rubricop_draw(struct wtx *w, const struct actor *a, const struct sample_draw_body *in,
    struct sample_rec *out, struct codec_error *err)
{
	struct unit_rec *units = NULL, root;
	uint32_t nu = 0;
	char target[64], detail[512];
	struct sc_key k;
	struct plan p;
	int rc;

	memset(out, 0, sizeof *out);
	if (a->user->role != ROLE_INSPECTOR && a->user->role != ROLE_ADMIN)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Only inspectors or the assessment office can draw spot checks"));
	if ((rc = sc_plan_open_for(w->txn, w->st, in->plan, in->period, PLAN_ORGANISATIONS, &p,
	    err)) != 0)
		return rc;
	if ((rc = sc_period_check(w->txn, w->st, &p, in->period, a->today, err)) != 0)
		goto out;
	if (p.sample_percent == 0 && p.sample_each_n == 0) {
		rc = sc_refuse(err, KH_ERR_INVALID, "plan",
		    _("This plan has no spot-check rules (sampling)"));
		goto out;
	}
	if ((rc = org_unit_get(w->txn, w->st, in->unit_id, &root)) != 0) {
		rc = rc == MDB_NOTFOUND ? sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id",
		    _("No such unit")) :
		    sc_storage(err, rc);
		goto out;
	}
	schema_free(&unit_rec_desc, &root);
	if ((rc = org_units_load(w->txn, w->st, &units, &nu)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	out->seed = in->seed;
	while (out->seed == 0)
		randombytes_buf(&out->seed, sizeof out->seed);
	if (draw(&p, units, nu, in->unit_id, out) != 0 || out->picks_n == 0) {
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id",
		    _("This unit has no units below it to draw"));
		goto out;
	}
	out->id = ++w->last_id;
	out->plan = xstrdup(p.key);
	out->period = in->period;
	out->unit_id = in->unit_id;
	out->by = a->user->id;
	out->at = now_ms();
	sample_key(&k, out->id);
	if ((rc = sc_plan_fix(w, &p, in->period)) != 0 ||
	    (rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &sample_rec_desc, out)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	rb_audit_target(target, sizeof target, "sample", out->id, out->period, p.key);
	draw_detail(out, units, nu, detail, sizeof detail);
	if ((rc = store_audit(w, "sample.draw", target, 0, "%s", detail)) != 0)
		rc = sc_storage(err, rc);
out:
	if (rc != 0) {
		schema_free(&sample_rec_desc, out);
		memset(out, 0, sizeof *out);
	}
	schema_free_array(&unit_rec_desc, units, nu);
	schema_free(&plan_desc, &p);
	return rc;
}
