/*
 * score-sheets.c: each person's score sheet for a plan and period (see
 * score-ops.h): computed from every input whenever one changes and
 * published to those who may see it; read with ranks and quotas; and
 * published (公示) for a unit once complete and within the quota.  The
 * numbers are common/score.c's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "org.h"
#include "plan-store.h"
#include "score-int.h"
#include "score-ops.h"

#define AUDIENCE_MAX		64
#define ROW_SCORES_MAX		200	/* sheet_row.scores */

/* ---- the sheet ---- */

int
scoreop_sheet_get(MDB_txn *txn, struct store *st, const char *plan, uint32_t period,
    uint64_t subject, struct sheet *out)
{
	struct sc_key k;

	sc_sheet_key(&k, plan, period, subject);
	return store_get_rec(txn, st->records, k.b, k.n, &sheet_desc, out);
}

/*
 * An annual result (a year of a plan whose annual weights have a year-end
 * part; docs/plans.md "Scoring people in kaohed").  s holds the year's own
 * sheet; its composite becomes the year-end part, and:
 * - the routine part is the mean, half up, of the composites of the
 *   subject's complete sheets of the routine periods in the year (the
 *   half-years of hanjiang-2015); periods not scored or incomplete are
 *   left out, as score_annual_eligible skips periods without a result;
 * - the composite is score_annual over the plan's weights, and the grade
 *   its band's;
 * - eligibility for 优秀 comes from those periods' grades; someone the
 *   rules bar from 优秀 whose score is in its band is given 称职, the best
 *   grade they may hold, and why says so;
 * - without a routine result or a year-end score the sheet is incomplete
 *   and why says what is lacking.
 */
static int
annual_fill(MDB_txn *txn, struct store *st, const struct plan *p, uint32_t year,
    const struct user_rec *subject, struct sheet *s)
{
	enum period_type t = sc_routine_type(p);
	uint32_t comps[12], grades[12], n = 0, y = year / 100;
	uint32_t per = t == PERIOD_MONTH ? 12 : t == PERIOD_QUARTER ? 4 : 2;
	enum score_eligibility e;
	char why[200] = "";
	int rc;

	s->annual = true;
	s->yearend = s->complete ? s->composite : 0;
	for (uint32_t i = 1; i <= per; i++) {
		struct sheet r;

		rc = scoreop_sheet_get(txn, st, p->key, period_make(t, (int)y, (int)i), subject->id, &r);
		if (rc == MDB_NOTFOUND)
			continue;
		if (rc != 0)
			return rc;
		if (r.complete && r.grade != 0) {
			comps[n] = r.composite;
			grades[n++] = r.grade;
		}
		schema_free(&sheet_desc, &r);
	}
	s->routine_n = n;
	if (n > 0)
		score_mean(comps, n, &s->routine);
	e = score_annual_eligible(p, grades, n, GRADE_EXCELLENT);
	s->eligible = e == ELIGIBLE;
	/* why is stored and published: the message id, which is the same in
	 * every language; a reply gives it in the reader's (row_fill). */
	strlcpy_kh(why, score_eligibility_msgid(e), sizeof why);

	struct period_score parts[8];	/* plan.annual holds at most 8 */
	const char *other = NULL;
	for (uint32_t i = 0; i < p->annual_n && i < nitems(parts); i++) {
		parts[i].part = p->annual[i].part;
		if (strcmp(parts[i].part, "routine") == 0)
			parts[i].score = s->routine;
		else if (strcmp(parts[i].part, "yearend") == 0)
			parts[i].score = s->yearend;
		else
			other = parts[i].part;	/* halfyear, functional ...: not for people */
	}
	/* what is lacking comes before why not 优秀: it may change that */
	if (n == 0)
		strlcpy_kh(why, N_("No complete routine results yet"), sizeof why);
	else if (!s->complete)
		strlcpy_kh(why, N_("The year-end scores are incomplete"), sizeof why);
	else if (other != NULL)
		strlcpy_kh(why,
		    N_("The plan's annual weights name a part that does not apply to people"),
		    sizeof why);
	bool ready = n > 0 && s->complete && other == NULL;
	s->composite = 0;
	s->grade = 0;
	s->complete = ready && score_annual(p, parts, p->annual_n, &s->composite) == SCORE_OK;
	if (s->complete) {
		s->grade = score_grade(p, s->composite);
		if (s->grade == GRADE_EXCELLENT && !s->eligible)
			s->grade = GRADE_COMPETENT;	/* the best grade they may hold */
	} else
		s->composite = 0;
	s->why = xstrdup(why);
	return 0;
}

/* The person's sheet from every input: each part's score and count, the net
 * adjustment, and once every part has a score, the composite and grade
 * (for an annual result, then annual_fill). */
static int
sheet_compute(MDB_txn *txn, struct store *st, const struct plan *p, uint32_t period,
    const struct user_rec *subject, struct sheet *s)
{
	struct named_score *ns = NULL;
	struct commendation_rec *cr = NULL;
	uint32_t nns = 0, ncr = 0, means[SCORE_MAX_PARTS];
	uint32_t *vals[SCORE_MAX_PARTS] = { NULL };
	struct rater_input in[SCORE_MAX_PARTS];
	struct commendation *c = NULL;
	struct sheet old;
	int32_t adj = 0;
	int rc;

	memset(s, 0, sizeof *s);
	if (p->raters_n == 0 || p->raters_n > SCORE_MAX_PARTS)
		return MDB_CORRUPTED;
	s->plan = xstrdup(p->key);
	s->plan_version = p->version;
	s->period = period;
	s->subject = subject->id;
	s->unit_id = subject->unit_id;
	s->parts = xcalloc(p->raters_n, sizeof *s->parts);
	s->parts_n = p->raters_n;
	if ((rc = sc_named_load(txn, st, p->key, period, subject->id, &ns, &nns)) != 0 ||
	    (rc = sc_commend_load(txn, st, p->key, period, subject->id, &cr, &ncr)) != 0)
		goto out;
	s->complete = true;
	for (uint32_t i = 0; i < p->raters_n; i++) {
		const struct plan_rater *rt = &p->raters[i];
		struct sheet_part *sp = &s->parts[i];

		sp->key = xstrdup(rt->key);
		in[i].part = rt->key;
		if (rt->anonymous) {
			struct peer_tally t;

			if ((rc = sc_tally_get(txn, st, p->key, period, subject->id, rt->key, &t)) != 0)
				goto out;
			/* the mean, as score_mean rounds it, stands for the votes */
			sp->count = t.count;
			means[i] = t.count > 0 ? (uint32_t)score_div_half_up(t.sum, t.count) : 0;
			sp->score = means[i];
			in[i].scores = &means[i];
			in[i].n = t.count > 0 ? 1 : 0;
		} else {
			vals[i] = xcalloc(nns > 0 ? nns : 1, sizeof *vals[i]);
			for (uint32_t j = 0; j < nns; j++)
				if (strcmp(ns[j].part, rt->key) == 0)
					vals[i][sp->count++] = ns[j].score;
			if (sp->count > 0)
				score_mean(vals[i], sp->count, &sp->score);
			in[i].scores = vals[i];
			in[i].n = sp->count;
		}
		s->complete &= sp->count > 0;
	}
	c = xcalloc(ncr > 0 ? ncr : 1, sizeof *c);
	uint32_t nc = 0;
	for (uint32_t i = 0; i < ncr; i++) {
		const struct plan_level *l = sc_level_find(p, cr[i].level);

		if (l == NULL)
			continue;	/* refused when entered; the plan version is fixed */
		c[nc++] = (struct commendation){ cr[i].work, l->rank, cr[i].criticism };
	}
	if (nc > 0 && score_adjustment(p, c, nc, &adj) != SCORE_OK)
		adj = 0;
	if (adj >= 0)
		s->bonus = (uint32_t)adj;
	else
		s->penalty = (uint32_t)-adj;
	if (s->complete) {
		struct composite comp;

		if (score_composite(p, in, p->raters_n, adj, &comp) == SCORE_OK) {
			s->composite = comp.total;
			s->grade = score_grade(p, comp.total);
			for (uint32_t i = 0; i < p->raters_n; i++)
				s->parts[i].score = comp.parts[i].score;
		} else
			s->complete = false;
	}
	if (sc_annual_period(p, period) && (rc = annual_fill(txn, st, p, period, subject, s)) != 0)
		goto out;
	if (scoreop_sheet_get(txn, st, p->key, period, subject->id, &old) == 0) {
		s->published = old.published;
		schema_free(&sheet_desc, &old);
	}
out:
	for (uint32_t i = 0; i < p->raters_n; i++)
		free(vals[i]);
	free(c);
	schema_free_array(&named_score_desc, ns, nns);
	schema_free_array(&commendation_rec_desc, cr, ncr);
	if (rc != 0)
		schema_free(&sheet_desc, s);
	return rc;
}

struct seeing {
	uint64_t	*out;
	uint32_t	 n, max;
};

static int
collect_seeing(const struct user_rec *u, void *arg)
{
	struct seeing *s = arg;

	if (org_sees_all(u->role) && !u->disabled && s->n < s->max)
		s->out[s->n++] = u->id;
	return 0;
}

/* Who may see a person's sheet: the person, the supervising leader of their
 * unit, the principal, the admins and the organisation department. */
static bool
may_see_sheet(MDB_txn *txn, struct store *st, const struct user_rec *viewer,
    const struct user_rec *subject)
{
	return viewer->id == subject->id || org_sees_all(viewer->role) ||
	    (viewer->role == ROLE_SUPERVISOR &&
	    org_unit_supervisor(txn, st, subject->unit_id) == viewer->id);
}

/* The same people, for publishing a change of the sheet. */
static uint32_t
sheet_audience(MDB_txn *txn, struct store *st, const struct user_rec *subject, uint64_t *out,
    uint32_t max)
{
	struct seeing s = { out, 0, max };
	uint64_t sup = org_unit_supervisor(txn, st, subject->unit_id);

	out[s.n++] = subject->id;
	if (sup != 0)
		out[s.n++] = sup;
	store_user_each(txn, st, collect_seeing, &s);
	return s.n;
}

/* A routine period's sheet changed: the annual result of its year follows,
 * if the year's sheet exists (its year-end part was scored) and is not
 * published.  Its change goes out before the routine sheet's, so that the
 * caller's last change stays the one it made. */
static int
annual_refresh(struct wtx *w, const struct plan *p, uint32_t period, const struct user_rec *subject,
    uint64_t by, struct pubs *pubs)
{
	enum period_type t = sc_routine_type(p);
	uint32_t year;
	struct codec_error err;
	struct sheet ys;
	struct plan yp;
	int rc;

	if (t == 0 || period_type(period) != t)
		return 0;
	year = period_make(PERIOD_YEAR, (int)(period / 100), 0);
	if ((rc = scoreop_sheet_get(w->txn, w->st, p->key, year, subject->id, &ys)) != 0)
		return rc == MDB_NOTFOUND ? 0 : rc;
	bool frozen = ys.published || sc_results_published(w->txn, w->st, p->key, year, subject->unit_id);
	schema_free(&sheet_desc, &ys);
	if (frozen)
		return 0;
	/* the year's sheet fixed the plan version it is computed with */
	if ((rc = sc_plan_open(w->txn, w->st, p->key, year, &yp, &err)) != 0)
		return rc < 0 ? 0 : rc;	/* the plan is never removed */
	rc = sc_annual_period(&yp, year) ? sc_sheet_refresh(w, &yp, year, subject, by, pubs) : 0;
	schema_free(&plan_desc, &yp);
	return rc;
}

int
sc_sheet_refresh(struct wtx *w, const struct plan *p, uint32_t period, const struct user_rec *subject,
    uint64_t by, struct pubs *pubs)
{
	uint64_t audience[AUDIENCE_MAX];
	struct change ch;
	struct sheet s;
	struct sc_key k;
	uint32_t n;
	int rc;

	if ((rc = sheet_compute(w->txn, w->st, p, period, subject, &s)) != 0)
		return rc;
	sc_sheet_key(&k, p->key, period, subject->id);
	if ((rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &sheet_desc, &s)) != 0 ||
	    (rc = annual_refresh(w, p, period, subject, by, pubs)) != 0) {
		schema_free(&sheet_desc, &s);
		return rc;
	}
	n = sheet_audience(w->txn, w->st, subject, audience, AUDIENCE_MAX);
	memset(&ch, 0, sizeof ch);
	ch.kind = CHANGE_PUT;
	ch.user = by;
	ch.sheet = s;		/* taken over */
	return pubs_append(w, pubs, audience, n, &ch);
}

/* ---- reading: sheets, ranks, quotas ---- */

struct ranked {
	struct sheet	 s;
	struct user_rec	 u;		/* the person; display_name "?" if gone */
	bool		 in_scope, visible;
	uint32_t	 rank, office_rank;
	bool		 tied, office_tied;
};

/* The sheets of a plan and period, of the people the plan assesses: a
 * sheet of someone whose role is no longer among the plan's subjects is
 * neither ranked, counted for the quota nor published. */
static int
load_sheets(MDB_txn *txn, struct store *st, const struct plan *p, uint32_t period,
    struct ranked **out, uint32_t *n)
{
	struct sheet *sheets;
	uint32_t ns, m = 0;
	struct sc_key k;
	int rc;

	*out = NULL;
	*n = 0;
	sc_key_start(&k, 'H', p->key, period);
	if ((rc = sc_load_prefix(txn, st->records, &k, &sheet_desc, (void **)&sheets, &ns)) != 0)
		return rc;
	*out = xcalloc(ns > 0 ? ns : 1, sizeof **out);
	for (uint32_t i = 0; i < ns; i++) {
		struct ranked *r = &(*out)[m];

		r->s = sheets[i];
		if (store_user_get(txn, st, r->s.subject, &r->u) != 0) {
			memset(&r->u, 0, sizeof r->u);
			r->u.id = r->s.subject;
			r->u.unit_id = r->s.unit_id;
			r->u.display_name = xstrdup("?");
		} else if (!sc_assesses(p, &r->u)) {
			schema_free(&sheet_desc, &r->s);
			schema_free(&user_rec_desc, &r->u);
			continue;
		}
		m++;
	}
	free(sheets);
	*n = m;
	return 0;
}

static void
ranked_free(struct ranked *v, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		schema_free(&sheet_desc, &v[i].s);
		schema_free(&user_rec_desc, &v[i].u);
	}
	free(v);
}

/* Rank the complete sheets with `pick` set; rows (of n) comes back sorted
 * as score_rank orders them, rank and tied written through set(). */
static uint32_t
rank_complete(struct ranked *v, uint32_t n, bool scope_only, struct rank_row *rows)
{
	uint32_t m = 0;

	for (uint32_t i = 0; i < n; i++)
		if (v[i].s.complete && (!scope_only || v[i].in_scope))
			rows[m++] = (struct rank_row){ .value = v[i].s.composite,
			    .key = v[i].u.display_name, .id = i };
	score_rank(rows, m);
	for (uint32_t j = 0; j < m; j++) {
		struct ranked *r = &v[rows[j].id];

		if (scope_only) {
			r->rank = rows[j].rank;
			r->tied = rows[j].tied;
		} else {
			r->office_rank = rows[j].rank;
			r->office_tied = rows[j].tied;
		}
	}
	return m;
}

static int
by_name(const void *a, const void *b)
{
	const struct ranked *x = *(struct ranked *const *)a, *y = *(struct ranked *const *)b;
	int c = strcmp(x->u.display_name, y->u.display_name);

	return c != 0 ? c : (x->s.subject > y->s.subject) - (x->s.subject < y->s.subject);
}

static void
row_fill(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const struct ranked *r,
    struct sheet_row *row)
{
	struct named_score *ns = NULL;
	uint32_t nns = 0;

	memset(row, 0, sizeof *row);
	row->subject = r->s.subject;
	row->name = xstrdup(r->u.display_name);
	row->unit_id = r->s.unit_id;
	if (r->s.parts_n > 0) {
		struct sheet tmp = { .parts = r->s.parts, .parts_n = r->s.parts_n }, copy;

		schema_copy(&sheet_desc, &copy, &tmp);
		row->parts = copy.parts;
		row->parts_n = copy.parts_n;
		copy.parts = NULL;
		copy.parts_n = 0;
		schema_free(&sheet_desc, &copy);
	}
	row->bonus = r->s.bonus;
	row->penalty = r->s.penalty;
	row->composite = r->s.composite;
	row->grade = r->s.grade;
	row->rank = r->rank;
	row->tied = r->tied;
	row->office_rank = r->office_rank;
	row->office_tied = r->office_tied;
	row->complete = r->s.complete;
	row->published = r->s.published;
	row->annual = r->s.annual;
	row->routine = r->s.routine;
	row->routine_n = r->s.routine_n;
	row->yearend = r->s.yearend;
	row->eligible = r->s.eligible;
	row->why = xstrdup(i18n_tr(r->s.why));	/* stored as a message id */
	if (sc_commend_load(txn, st, r->s.plan, r->s.period, r->s.subject, &row->commendations,
	    &row->commendations_n) != 0) {
		row->commendations = NULL;
		row->commendations_n = 0;
	}
	/* Who gave which named score: not for the person themselves. */
	if (viewer->id != r->s.subject &&
	    sc_named_load(txn, st, r->s.plan, r->s.period, r->s.subject, &ns, &nns) == 0) {
		for (uint32_t i = ROW_SCORES_MAX; i < nns; i++)
			schema_free(&named_score_desc, &ns[i]);
		row->scores = ns;
		row->scores_n = nns > ROW_SCORES_MAX ? ROW_SCORES_MAX : nns;
	}
}

int
scoreop_sheets(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const char *plan,
    uint32_t period, uint64_t unit, struct sheets_reply_body *out, struct codec_error *err)
{
	struct unit_rec *units = NULL;
	struct ranked *v = NULL;
	struct rank_row *rows = NULL;
	uint32_t nunits = 0, n = 0, m;
	struct plan p;
	int rc;

	memset(out, 0, sizeof *out);
	if (!period_valid(period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if ((rc = sc_plan_open(txn, st, plan, period, &p, err)) != 0)
		return rc;
	out->plan = xstrdup(p.key);
	out->plan_version = p.version;
	out->period = period;
	if ((rc = org_units_load(txn, st, &units, &nunits)) != 0)
		goto fail;
	if (unit != 0) {
		bool known = false;

		for (uint32_t i = 0; i < nunits; i++)
			known |= units[i].id == unit;
		if (!known) {
			rc = sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
			goto out;
		}
	}
	if ((rc = load_sheets(txn, st, &p, period, &v, &n)) != 0)
		goto fail;
	for (uint32_t i = 0; i < n; i++) {
		v[i].in_scope = unit == 0 || sc_within(units, nunits, v[i].s.unit_id, unit);
		v[i].visible = v[i].in_scope && may_see_sheet(txn, st, viewer, &v[i].u);
	}
	rows = xcalloc(n > 0 ? n : 1, sizeof *rows);
	rank_complete(v, n, false, rows);
	m = rank_complete(v, n, true, rows);

	/* The rows: ranked first, in rank order, then the incomplete by name. */
	struct ranked **incomplete = xcalloc(n > 0 ? n : 1, sizeof *incomplete);
	uint32_t ninc = 0, nvis = 0;
	for (uint32_t i = 0; i < n; i++)
		nvis += v[i].visible;
	out->rows = xcalloc(nvis > 0 ? nvis : 1, sizeof *out->rows);
	for (uint32_t j = 0; j < m; j++) {
		struct ranked *r = &v[rows[j].id];

		if (r->visible)
			row_fill(txn, st, viewer, r, &out->rows[out->rows_n++]);
	}
	for (uint32_t i = 0; i < n; i++)
		if (v[i].visible && !v[i].s.complete)
			incomplete[ninc++] = &v[i];
	qsort(incomplete, ninc, sizeof *incomplete, by_name);
	for (uint32_t i = 0; i < ninc; i++)
		row_fill(txn, st, viewer, incomplete[i], &out->rows[out->rows_n++]);
	free(incomplete);

	/* The quotas: the unit asked for and each unit below it that has
	 * sheets, for a reader who sees every sheet of that unit. */
	uint32_t *grades = xcalloc(n > 0 ? n : 1, sizeof *grades);
	out->quotas = xcalloc(nunits > 0 ? nunits : 1, sizeof *out->quotas);
	for (uint32_t u = 0; u < nunits; u++) {
		uint64_t id = units[u].id;
		struct quota_check q;
		uint32_t ng = 0, inc = 0;

		if (unit != 0 && !sc_within(units, nunits, id, unit))
			continue;
		if (!org_sees_all(viewer->role) && !(viewer->role == ROLE_SUPERVISOR &&
		    org_unit_supervisor(txn, st, id) == viewer->id))
			continue;
		for (uint32_t i = 0; i < n; i++)
			if (sc_within(units, nunits, v[i].s.unit_id, id)) {
				grades[ng++] = v[i].s.complete ? v[i].s.grade : 0;
				inc += !v[i].s.complete;
			}
		if (ng == 0 || out->quotas_n >= 500)
			continue;
		score_quota_check(&p, grades, ng, &q);
		out->quotas[out->quotas_n++] = (struct quota_row){ .unit_id = id,
		    .assessed = q.assessed, .holding = q.holding, .allowed = q.allowed, .over = q.over,
		    .incomplete = inc, .published = sc_results_published(txn, st, p.key, period, id) };
	}
	free(grades);
	rc = 0;
	goto out;
fail:
	rc = sc_storage(err, rc);
out:
	if (rc != 0)
		schema_free(&sheets_reply_body_desc, out);
	free(rows);
	ranked_free(v, n);
	schema_free_array(&unit_rec_desc, units, nunits);
	schema_free(&plan_desc, &p);
	return rc;
}

/* ---- publishing ---- */

int
scoreop_publish(struct wtx *w, const struct actor *a, const char *plan, uint32_t period,
    uint64_t unit, uint32_t *count, struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	struct unit_rec *units = NULL;
	struct ranked *v = NULL;
	uint32_t nunits = 0, n = 0, version;
	const char *unit_name = "?";
	struct plan p;
	int rc;

	*count = 0;
	if (a->user->role != ROLE_ADMIN)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Only the assessment office can publish results"));
	if (!period_valid(period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if ((rc = sc_plan_open(w->txn, st, plan, period, &p, err)) != 0)
		return rc;
	if ((rc = scoreop_plan_in_use(w->txn, st, p.key, period, &version)) != 0) {
		schema_free(&plan_desc, &p);
		return rc == MDB_NOTFOUND ?
		    sc_refuse(err, KH_ERR_NOT_FOUND, "period",
		    _("Nobody has scored this period yet")) : sc_storage(err, rc);
	}
	if ((rc = org_units_load(w->txn, st, &units, &nunits)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	for (uint32_t i = 0; i < nunits; i++)
		if (units[i].id == unit && unit != 0)
			unit_name = units[i].name;
	if (unit == 0 || strcmp(unit_name, "?") == 0) {
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
		goto out;
	}
	if (sc_results_published(w->txn, st, p.key, period, unit)) {
		rc = sc_refuse(err, KH_ERR_CONFLICT, "unit_id",
		    _("This unit's results for the period are published already"));
		goto out;
	}
	if ((rc = load_sheets(w->txn, st, &p, period, &v, &n)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}

	/* Everyone in the unit complete, and the quota kept. */
	uint32_t *grades = xcalloc(n > 0 ? n : 1, sizeof *grades), ng = 0, ninc = 0;
	char names[200] = "";
	for (uint32_t i = 0; i < n; i++) {
		if (!(v[i].in_scope = sc_within(units, nunits, v[i].s.unit_id, unit)))
			continue;
		grades[ng++] = v[i].s.complete ? v[i].s.grade : 0;
		if (!v[i].s.complete && ninc++ < 3) {
			if (names[0] != '\0')
				strlcpy_kh(names + strlen(names),
				    _(", "), sizeof names - strlen(names));
			strlcpy_kh(names + strlen(names), v[i].u.display_name, sizeof names - strlen(names));
		}
	}
	struct quota_check q;
	score_quota_check(&p, grades, ng, &q);
	free(grades);
	if (ng == 0) {
		rc = sc_refuse(err, KH_ERR_INVALID, "unit_id",
		    _("This unit has no scores for the period: nothing to publish"));
		goto out;
	}
	if (ninc > 0) {
		char why[400], more[48] = "";

		if (ninc > 3)
			snprintf(more, sizeof more, _(" and others, %u in all"), ninc);
		snprintf(why, sizeof why,
		    _("The scores of %s%s are incomplete: cannot publish"), names, more);
		rc = sc_refuse(err, KH_ERR_INVALID, "unit_id", why);
		goto out;
	}
	if (!q.ok) {
		char why[200];

		snprintf(why, sizeof why, _("%s: %u people, over the limit of %u (%u%%)"),
		    grade_name(p.quota_grade),
		    q.holding, q.allowed, p.quota_percent);
		rc = sc_refuse(err, KH_ERR_INVALID, "unit_id", why);
		goto out;
	}

	struct results_rec res = { .plan = p.key, .period = period, .unit_id = unit, .count = ng,
	    .by = a->user->id, .at = now_ms() };
	struct sc_key k;
	char target[64], pname[48];

	sc_key_start(&k, 'P', p.key, period);
	sc_key_u64(&k, unit);
	w->actor = a->user->id;
	if ((rc = store_put_rec(w->txn, st->records, k.b, k.n, &results_rec_desc, &res)) != 0) {
		rc = sc_storage(err, rc);
		goto out;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct sc_key sk;

		if (!v[i].in_scope)
			continue;
		v[i].s.published = true;
		sc_sheet_key(&sk, p.key, period, v[i].s.subject);
		if ((rc = store_put_rec(w->txn, st->records, sk.b, sk.n, &sheet_desc, &v[i].s)) != 0 ||
		    (rc = sc_sheet_refresh(w, &p, period, &v[i].u, a->user->id, pubs)) != 0) {
			rc = sc_storage(err, rc);
			goto out;
		}
	}
	snprintf(target, sizeof target, "results %u %s", period, p.key);
	period_word(period, pname, sizeof pname);
	if ((rc = store_audit(w, "results.publish", target, pubs->n > 0 ? pubs->v[pubs->n - 1].ch.seq : 0,
	    "%s %s %s：%u 人", unit_name, pname, p.name, ng)) != 0) {	/* data */
		rc = sc_storage(err, rc);
		goto out;
	}
	*count = ng;
out:
	ranked_free(v, n);
	schema_free_array(&unit_rec_desc, units, nunits);
	schema_free(&plan_desc, &p);
	return rc;
}

/* ---- the ballot: what a rater may score ---- */

struct ballot_users {
	struct user_rec	*v;
	uint32_t	 n;
};

static int
ballot_user(const struct user_rec *u, void *arg)
{
	struct ballot_users *b = arg;

	b->v = xrealloc(b->v, (b->n + 1) * sizeof *b->v);
	schema_copy(&user_rec_desc, &b->v[b->n++], u);
	return 0;
}

static int
ballot_user_cmp(const void *a, const void *b)
{
	const struct user_rec *x = a, *y = b;

	if (x->unit_id != y->unit_id)
		return x->unit_id < y->unit_id ? -1 : 1;
	return strcmp(x->display_name, y->display_name);
}

/* Today's period of a cycle: a quarter if it has quarters, else a month, a
 * half-year, the year. */
uint32_t
sc_default_period(uint32_t types, uint32_t today)
{
	static const enum period_type pref[] = { PERIOD_QUARTER, PERIOD_MONTH, PERIOD_HALF,
	    PERIOD_YEAR };

	for (size_t i = 0; i < nitems(pref); i++)
		if (types & (1u << pref[i]))
			return period_of_day(pref[i], today);
	return 0;
}

/* One row: the person, the part, and what viewer gave. */
static int
ballot_row_fill(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const struct plan *p,
    uint32_t period, const struct user_rec *u, const struct plan_rater *rt, struct ballot_row *row)
{
	struct sheet s;
	int rc;

	memset(row, 0, sizeof *row);
	row->subject = u->id;
	row->name = xstrdup(u->display_name);
	row->unit_id = u->unit_id;
	row->part = xstrdup(rt->key);
	row->part_name = xstrdup(rt->name);
	row->anonymous = rt->anonymous;
	if (scoreop_sheet_get(txn, st, p->key, period, u->id, &s) == 0) {
		row->published = s.published;
		schema_free(&sheet_desc, &s);
	}
	row->published = row->published || sc_results_published(txn, st, p->key, period, u->unit_id);
	if (rt->anonymous)
		return sc_peer_voted(txn, st, viewer->id, p->key, period, u->id, rt->key, &row->voted);

	struct named_score ns;
	struct sc_key k;

	sc_key_start(&k, 'J', p->key, period);
	sc_key_u64(&k, u->id);
	sc_key_str(&k, rt->key);
	sc_key_u64(&k, rt->combine == PLAN_COMBINE_MEAN ? viewer->id : 0);
	if ((rc = store_get_rec(txn, st->records, k.b, k.n, &named_score_desc, &ns)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	row->scored = true;
	row->score = ns.score;
	schema_free(&named_score_desc, &ns);
	return 0;
}

int
scoreop_ballot(MDB_txn *txn, struct store *st, const struct user_rec *viewer, uint32_t today,
    const char *plan, uint32_t period, struct ballot_reply_body *out, struct codec_error *err)
{
	struct ballot_users users = { NULL, 0 };
	struct plan *all = NULL, p, copy;
	uint32_t nall = 0, types = 0;
	struct codec_error why;
	char first[PLAN_KEY_MAX + 1] = "";
	int rc;

	memset(out, 0, sizeof *out);
	memset(&p, 0, sizeof p);
	if (period != 0 && !period_valid(period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if ((rc = plan_store_list(txn, st, &all, &nall)) != 0)
		return sc_storage(err, rc);
	for (uint32_t i = 0; i < nall; i++) {
		if (all[i].subject != PLAN_PEOPLE)
			continue;
		out->plans = xrealloc(out->plans, (out->plans_n + 1) * sizeof *out->plans);
		out->plans[out->plans_n++] = (struct ballot_plan){ .key = xstrdup(all[i].key),
		    .name = xstrdup(all[i].name), .version = all[i].version };
		if (plan[0] == '\0' ? types == 0 : strcmp(plan, all[i].key) == 0) {
			types = sc_cycle_period_types(&all[i]);
			if (plan[0] == '\0')
				strlcpy_kh(first, all[i].key, sizeof first);
		}
	}
	schema_free_array(&plan_desc, all, nall);
	if (plan[0] == '\0')
		plan = first;
	if (plan[0] == '\0') {
		rc = sc_refuse(err, KH_ERR_NOT_FOUND, "plan",
		    _("The server has no plan for assessing people yet"));
		goto fail;
	}
	if (period == 0 && (period = sc_default_period(types, today)) == 0)
		period = period_of_day(PERIOD_QUARTER, today);
	if ((rc = sc_plan_open(txn, st, plan, period, &p, err)) != 0)
		goto fail;
	out->plan = xstrdup(p.key);
	out->plan_name = xstrdup(p.name);
	out->plan_version = p.version;
	out->period = period;
	out->period_types = sc_cycle_period_types(&p);
	out->quota_grade = p.quota_grade;
	out->quota_percent = p.quota_percent;
	schema_copy(&plan_desc, &copy, &p);
	out->raters = copy.raters, out->raters_n = copy.raters_n;
	out->levels = copy.levels, out->levels_n = copy.levels_n;
	out->bands = copy.bands, out->bands_n = copy.bands_n;
	copy.raters = NULL, copy.raters_n = 0;
	copy.levels = NULL, copy.levels_n = 0;
	copy.bands = NULL, copy.bands_n = 0;
	schema_free(&plan_desc, &copy);

	if (sc_period_check(txn, st, &p, period, today, &why) != 0) {
		out->why = xstrdup(why.message);
		schema_free(&plan_desc, &p);
		return 0;
	}
	out->open = true;
	if ((rc = store_user_each(txn, st, ballot_user, &users)) != 0) {
		rc = sc_storage(err, rc);
		goto fail;
	}
	if (users.n > 0)
		qsort(users.v, users.n, sizeof *users.v, ballot_user_cmp);
	for (uint32_t r = 0; r < p.raters_n; r++)
		for (uint32_t i = 0; i < users.n; i++) {
			const struct user_rec *u = &users.v[i];

			/* the rules of SCORE_PUT: only those the plan assesses
			 * (never an org. department account), then sc_may_score */
			if (!sc_assesses(&p, u) ||
			    sc_may_score(txn, st, viewer, u, &p.raters[r], &why) != 0)
				continue;
			if (out->rows_n >= 20000)
				break;
			out->rows = xrealloc(out->rows, (out->rows_n + 1) * sizeof *out->rows);
			if ((rc = ballot_row_fill(txn, st, viewer, &p, period, u, &p.raters[r],
			    &out->rows[out->rows_n++])) != 0) {
				rc = sc_storage(err, rc);
				goto fail;
			}
		}
	schema_free_array(&user_rec_desc, users.v, users.n);
	schema_free(&plan_desc, &p);
	return 0;
fail:
	schema_free_array(&user_rec_desc, users.v, users.n);
	schema_free(&plan_desc, &p);
	schema_free(&ballot_reply_body_desc, out);
	memset(out, 0, sizeof *out);
	return rc;
}
