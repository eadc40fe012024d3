/*
 * score-import.c: named scores from a CSV file (score-import.h).  Each row
 * is checked for what only a file can get wrong (a period that does not
 * parse, an unknown login, a part the plan lacks, the same score twice),
 * then handed to scoreop_put() as its rater, which applies SCORE_PUT's own
 * rules; every refusal is reported with its line and the caller aborts
 * the one transaction the whole file runs in.
 */
#include <stdlib.h>
#include <string.h>

#include "common/plan.h"
#include "common/util.h"
#include "plan-store.h"
#include "progress.h"
#include "score-import.h"
#include "score-ops.h"

static const char *const columns[] = { "plan", "period", "person", "part", "score", "rater" };
enum { COL_PLAN, COL_PERIOD, COL_PERSON, COL_PART, COL_SCORE, COL_RATER, NCOLS };

struct score_import {
	struct wtx		*w;
	const struct csv_file	*f;
	struct import_report	*r;
	uint32_t		 today;
	const struct calendar	*cal;
	int			 col[NCOLS];
	char			**seen;		/* what each written row scored, to find a repeat */
	uint32_t		*seen_line;
	uint32_t		 nseen;
	uint32_t		 count;
};

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* The plan a period is scored with: the version in use, else the latest. */
static int
plan_for(struct score_import *im, const char *key, uint32_t period, struct plan *p)
{
	uint32_t version = 0;

	if (scoreop_plan_in_use(im->w->txn, im->w->st, key, period, &version) != 0)
		version = 0;
	return plan_store_get(im->w->txn, im->w->st, key, version, p);
}

static bool
user_ok(struct score_import *im, uint32_t line, const char *what, const char *login,
    struct user_rec *u)
{
	if (store_user_by_login(im->w->txn, im->w->st, login, u) != 0) {
		import_error(im->r, im->f->name, line, "%s \"%s\" is not a login", what, login);
		return false;
	}
	if (u->disabled) {
		import_error(im->r, im->f->name, line, "%s \"%s\" is disabled", what, login);
		schema_free(&user_rec_desc, u);
		return false;
	}
	return true;
}

/* The part, from the plan: unknown and anonymous parts are refused. */
static const struct plan_rater *
part_ok(struct score_import *im, uint32_t line, const struct plan *p, const char *key)
{
	const struct plan_rater *rt = plan_rater_find(p, key);

	if (p->subject != PLAN_PEOPLE) {
		import_error(im->r, im->f->name, line, "plan \"%s\" scores organisations, not people",
		    p->key);
		return NULL;
	}
	if (rt == NULL) {
		struct kbuf b = { 0 };

		for (uint32_t i = 0; i < p->raters_n; i++)
			kbuf_printf(&b, "%s%s", i > 0 ? " " : "", p->raters[i].key);
		import_error(im->r, im->f->name, line, "plan \"%s\" has no part \"%s\" (its parts: %s)",
		    p->key, key, b.data != NULL ? b.data : "none");
		kbuf_free(&b);
		return NULL;
	}
	if (rt->anonymous) {
		import_error(im->r, im->f->name, line, "part \"%s\" (%s) is anonymous: its votes "
		    "are given in the client only, an import would pair votes with voters", key, rt->name);
		return NULL;
	}
	return rt;
}

/* The same score given twice in a file: the second would silently replace
 * the first.  A mean takes one score per rater, another part one score. */
static bool
not_repeated(struct score_import *im, uint32_t line, const struct score_put_body *in,
    const struct plan_rater *rt, uint64_t rater)
{
	struct kbuf k = { 0 };

	kbuf_printf(&k, "%s/%u/%llu/%s/%llu", in->plan, in->period, (unsigned long long)in->subject,
	    in->part, (unsigned long long)(rt->combine == PLAN_COMBINE_MEAN ? rater : 0));
	for (uint32_t i = 0; i < im->nseen; i++)
		if (strcmp(im->seen[i], k.data) == 0) {
			import_error(im->r, im->f->name, line, "the same score as line %u: one %s",
			    im->seen_line[i], rt->combine == PLAN_COMBINE_MEAN ?
			    "score per rater for this part" : "score for this part");
			kbuf_free(&k);
			return false;
		}
	im->seen = xrealloc(im->seen, (im->nseen + 1) * sizeof *im->seen);
	im->seen_line = xrealloc(im->seen_line, (im->nseen + 1) * sizeof *im->seen_line);
	im->seen[im->nseen] = k.data;
	im->seen_line[im->nseen++] = line;
	return true;
}

/* Give the score as its rater would: scoreop_put() decides. */
static int
put(struct score_import *im, uint32_t line, const struct score_put_body *in, struct user_rec *rater)
{
	struct actor a = { rater, im->today, im->cal };
	struct pubs pubs = { 0 };
	struct codec_error ce = { 0 };
	bool anonymous;
	int rc;

	rc = scoreop_put(im->w, &a, in, line, &anonymous, &pubs, &ce);
	pubs_free(&pubs);
	im->w->actor = 0;
	if (rc == -1)
		import_error(im->r, im->f->name, line, "refused: %s", ce.message);
	else if (rc == 0)
		im->count++;
	return rc == -1 ? 0 : rc;
}

static int
import_row(struct score_import *im, const struct csv_row *row)
{
	const char *plan = row->field[im->col[COL_PLAN]], *part = row->field[im->col[COL_PART]];
	const char *period = row->field[im->col[COL_PERIOD]], *score = row->field[im->col[COL_SCORE]];
	const char *person = row->field[im->col[COL_PERSON]], *by = row->field[im->col[COL_RATER]];
	struct score_put_body in = { .session = "", .plan = (char *)plan, .part = (char *)part };
	struct user_rec subject = { 0 }, rater = { 0 };
	const struct plan_rater *rt = NULL;
	const char *why;
	struct plan p;
	bool ok = true, have_plan = false;
	int rc = 0;

	progress_add(1);	/* kaohectl's bar, if it draws one */
	if (!period_parse(period, &in.period)) {
		import_error(im->r, im->f->name, row->line,
		    "period \"%s\" is not like 2026Q3, 2026-09, 2026H1, 2026 or 202623", period);
		ok = false;
	} else if (plan_for(im, plan, in.period, &p) != 0) {
		import_error(im->r, im->f->name, row->line, "no plan \"%s\" (kaohectl plan list)", plan);
		ok = false;
	} else {
		have_plan = true;
		ok = (rt = part_ok(im, row->line, &p, part)) != NULL;
	}
	if (plan_hundredths_parse(score, PLAN_FULL_SCORE, &in.score, &why) != 0) {
		import_error(im->r, im->f->name, row->line, "score \"%s\" %s (0 to 100)", score, why);
		ok = false;
	}
	if (!user_ok(im, row->line, "person", person, &subject))
		ok = false;
	else
		in.subject = subject.id;
	if (!user_ok(im, row->line, "rater", by, &rater))
		ok = false;
	if (ok && not_repeated(im, row->line, &in, rt, rater.id))
		rc = put(im, row->line, &in, &rater);
	if (have_plan)
		schema_free(&plan_desc, &p);
	schema_free(&user_rec_desc, &subject);
	schema_free(&user_rec_desc, &rater);
	return rc;
}

int
score_import(struct wtx *w, const char *path, uint32_t today, const struct calendar *cal,
    struct import_report *r, uint32_t *count)
{
	struct score_import im = { .w = w, .r = r, .today = today, .cal = cal };
	struct csv_file f = { 0 };
	uint32_t errors = r->errors;
	int rc = 0;

	*count = 0;
	im.f = &f;
	if (csv_load(path, &f, r) < 0 || csv_header(&f, columns, NCOLS, im.col, r) != 0)
		goto out;
	for (uint32_t i = 1; i < f.nrows && rc == 0; i++)
		if (csv_row_width(&f, &f.rows[i], r))
			rc = import_row(&im, &f.rows[i]);
	if (rc == 0 && r->errors == errors && im.count == 0)
		import_error(r, path, 0, "no scores in the file");
	if (rc == 0 && r->errors == errors)
		rc = store_audit(w, "score.import", base_name(path), 0, "%u scores from %s", im.count,
		    path);
out:
	import_report_sort(r, 0, &path, 1);
	for (uint32_t i = 0; i < im.nseen; i++)
		free(im.seen[i]);
	free(im.seen);
	free(im.seen_line);
	csv_free(&f);
	if (rc != 0)
		return rc;
	if (r->errors != errors)
		return -1;
	*count = im.count;
	return 0;
}
