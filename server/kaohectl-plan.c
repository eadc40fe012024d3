/*
 * kaohectl-plan.c: kaohectl's commands for assessment plans (实施方案):
 * check plan files (plan check), store one as the next version of its key
 * (plan import), and read what is stored (plan list, plan show).  A file is
 * loaded by plan-load.c and judged by plan_check() of common/plan.c; every
 * problem is printed as "file:line: reason" and a plan with any problem is
 * never stored.  See docs/plans.md.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/plan.h"
#include "common/util.h"
#include "csv.h"
#include "kaohectl.h"
#include "plan-load.h"
#include "plan-store.h"
#include "store.h"

/* Load and check one file.  0 with *p filled (release it with
 * schema_free), or -1 after printing every problem. */
static int
load_checked(const char *path, struct plan *p)
{
	struct import_report r = { 0 };
	struct plan_problems pp = { 0 };
	int rc = 0;

	if (plan_load(path, p, &r) == 0 && plan_check(p, &pp) != 0) {
		for (uint32_t i = 0; i < pp.n; i++)
			import_error(&r, path, pp.v[i].line, "%s", pp.v[i].message);
		r.errors += pp.count - pp.n;
		schema_free(&plan_desc, p);
		rc = -1;
	} else if (r.errors != 0)
		rc = -1;
	print_file_report(path, &r);
	plan_problems_free(&pp);
	import_report_free(&r);
	return rc;
}

static uint32_t
item_count(const struct plan *p)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < p->sections_n; i++)
		n += p->sections[i].items_n;
	return n;
}

static const char *
subject_key(uint32_t subject)
{
	return subject == PLAN_PEOPLE ? "people" : subject == PLAN_ORGANISATIONS ?
	    "organisations" : "?";
}

/* "4 raters, 4 grades" or "3 sections, 25 items, 3 tiers". */
static void
parts_summary(const struct plan *p, char *buf, size_t len)
{
	char a[40], b[40], t[40];

	if (p->subject == PLAN_ORGANISATIONS) {
		snprintf(a, sizeof a, ngettext("%u section", "%u sections", p->sections_n), p->sections_n);
		snprintf(b, sizeof b, ngettext("%u item", "%u items", item_count(p)), item_count(p));
		snprintf(t, sizeof t, ngettext("%u tier", "%u tiers", p->tiers_n), p->tiers_n);
		snprintf(buf, len, "%s%s%s%s%s%s", a, _(", "), b, _(", "), t,
		    p->checklist ? _(", a checklist") : "");
	} else {
		snprintf(a, sizeof a, ngettext("%u rater", "%u raters", p->raters_n), p->raters_n);
		snprintf(b, sizeof b, ngettext("%u grade", "%u grades", p->bands_n), p->bands_n);
		snprintf(buf, len, "%s%s%s%s", a, _(", "), b, p->quota_grade != 0 ? _(", a quota") : "");
	}
}

int
cmd_plan_check(struct ctl *c)
{
	int bad = 0;

	if (c->argc < 1) {
		return ctl_usage(c);
	}
	for (int i = 0; i < c->argc; i++) {
		struct plan p;
		char parts[256];

		if (load_checked(c->argv[i], &p) != 0) {
			bad++;
			continue;
		}
		parts_summary(&p, parts, sizeof parts);
		printf(_("%s: ok: %s, %s, %s, %s\n"), c->argv[i], p.key, p.name,
		    subject_key(p.subject), parts);
		schema_free(&plan_desc, &p);
	}
	if (bad > 0 && c->argc > 1)
		fprintf(stderr, ngettext("kaohectl: %d of %d plan file refused\n",
		    "kaohectl: %d of %d plan files refused\n", (unsigned long)c->argc), bad, c->argc);
	return bad > 0 ? 1 : 0;
}

int
cmd_plan_import(struct ctl *c)
{
	struct store *st;
	struct plan p;
	struct wtx w;
	int rc;

	if (c->argc != 1 || c->argv[0][0] == '-') {
		return ctl_usage(c);
	}
	if (load_checked(c->argv[0], &p) != 0) {
		fprintf(stderr, _("kaohectl: plan %s not imported\n"), c->argv[0]);
		return 1;
	}
	if ((st = open_db(c)) == NULL) {
		schema_free(&plan_desc, &p);
		return 1;
	}
	if ((rc = store_write_begin(st, &w)) == 0) {
		w.workstation = "kaohectl";
		if ((rc = plan_store_import(&w, &p)) == 0)
			rc = store_write_commit(&w);
		else
			store_write_abort(&w);
	}
	store_close(&st);
	if (rc != 0)
		fprintf(stderr, _("kaohectl: cannot import plan %s: %s\n"), p.key, mdb_strerror(rc));
	else
		printf(_("imported plan %s version %u (%s)\n"), p.key, p.version, p.name);
	schema_free(&plan_desc, &p);
	return rc == 0 ? 0 : 1;
}

int
plan_import_dir(struct store *st, const char *dir)
{
	char **paths;
	size_t n;
	struct wtx w;
	int rc = 0, bad = 0;

	if (yaml_files(dir, &paths, &n) != 0) {
		fprintf(stderr, _("kaohectl: cannot read plans from %s: %s\n"), dir, strerror(errno));
		return 1;
	}
	struct plan *plans = xcalloc(n > 0 ? n : 1, sizeof *plans);
	for (size_t i = 0; i < n; i++)
		bad |= load_checked(paths[i], &plans[i]) != 0;
	/* All or nothing, in one transaction. */
	if (!bad && (rc = store_write_begin(st, &w)) == 0) {
		w.workstation = "kaohectl";
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = plan_store_import(&w, &plans[i]);
		rc = rc == 0 ? store_write_commit(&w) : (store_write_abort(&w), rc);
	}
	if (rc != 0)
		fprintf(stderr, _("kaohectl: cannot import plans: %s\n"), mdb_strerror(rc));
	for (size_t i = 0; i < n; i++) {
		if (!bad && rc == 0)
			printf(_("imported plan %s version %u (%s)\n"), plans[i].key, plans[i].version,
			    plans[i].name);
		schema_free(&plan_desc, &plans[i]);
	}
	free(plans);
	paths_free(paths, n);
	if (bad)
		fprintf(stderr, _("kaohectl: no plan of %s imported\n"), dir);
	return bad || rc != 0 ? 1 : 0;
}

int
cmd_plan_list(struct ctl *c)
{
	struct plan *all = NULL;
	struct store *st;
	MDB_txn *txn;
	uint32_t n = 0;
	int rc;

	if (c->argc != 0) {
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		rc = plan_store_list(txn, st, &all, &n);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot list plans: %s\n"), mdb_strerror(rc));
		schema_free_array(&plan_desc, all, n);
		return 1;
	}
	if (n == 0)
		printf("%s", _("no plans (kaohectl plan import FILE)\n"));
	else
		printf("%-24s %-7s %-13s %s\n", "key", "version", "subject", "name");
	for (uint32_t i = 0; i < n; i++)
		printf("%-24s %-7u %-13s %s\n", all[i].key, all[i].version,
		    subject_key(all[i].subject), all[i].name);
	schema_free_array(&plan_desc, all, n);
	return 0;
}

/* Hundredths as text; up to four at once in one printf. */
static const char *
pts(uint32_t v)
{
	static char buf[4][16];
	static int next;
	char *b = buf[next++ % 4];

	plan_hundredths_format(v, b, sizeof buf[0]);
	return b;
}

/* Columns s takes on a terminal: CJK (three-byte UTF-8) takes two. */
static int
columns(const char *s)
{
	int n = 0;

	for (const unsigned char *c = (const unsigned char *)s; *c != '\0'; c++)
		if (*c < 0x80 || (*c >= 0xc0 && *c < 0xe0))
			n++;
		else if (*c >= 0xe0)
			n += 2;
	return n;
}

/* The spaces that pad s to width columns: printf's %-20s counts bytes,
 * and a Chinese word takes fewer columns than bytes. */
static int
pad(const char *s, int width)
{
	return width - columns(s) > 0 ? width - columns(s) : 0;
}

static void
show_people(const struct plan *p)
{
	if (p->raters_n > 0)
		printf("%s", _("\nraters (the composite on 100):\n"));
	for (uint32_t i = 0; i < p->raters_n; i++) {
		const struct plan_rater *r = &p->raters[i];
		char how[64];

		snprintf(how, sizeof how, "%s%s%s", r->combine == PLAN_COMBINE_MEAN ? _("mean") : _("one"),
		    r->anonymous ? _(", anonymous") : "", r->adjusted ? _(", adjusted") : "");
		printf(_("  %-12s %3u%%  by %-10s %s%*s %s\n"), r->key, r->weight,
		    plan_role_key(r->role), how, pad(how, 20), "", r->name);
	}
	if (p->levels_n > 0) {
		printf(_("\ncommendations (%s; criticisms %s):\n"),
		    p->highest_only ? _("one piece of work counts once, at its highest level") :
		    _("every level counts"), p->criticism_deducts ? _("deduct the same") :
		    _("deduct nothing"));
		for (uint32_t i = 0; i < p->levels_n; i++)
			printf("  %-12s %6s  %s\n", p->levels[i].key, pts(p->levels[i].points),
			    p->levels[i].name);
	}
	if (p->bands_n > 0)
		printf("%s", _("\ngrades:\n"));
	for (uint32_t i = 0; i < p->bands_n; i++) {
		const struct plan_band *b = &p->bands[i];
		char range[48];

		if (b->max == 0)
			snprintf(range, sizeof range, _("%s and above"), pts(b->min));
		else
			snprintf(range, sizeof range, _("%s to under %s"), pts(b->min), pts(b->max));
		printf("  %s%*s %s\n", range, pad(range, 20), "", grade_name(b->grade));
	}
	if (p->quota_grade != 0)
		printf(_("\nquota: at most %u%% %s per unit and period (rounding: %s)\n"), p->quota_percent,
		    grade_name(p->quota_grade), plan_rounding_key(p->quota_rounding));
	if (p->annual_needs_routine_excellent)
		printf(_("annual %s only for someone %s in a routine period\n"),
		    grade_name(GRADE_EXCELLENT), grade_name(GRADE_EXCELLENT));
	if (p->low_routine_bars_excellent)
		printf(_("%s or %s in a routine period rules out annual %s\n"),
		    grade_name(GRADE_BASIC), grade_name(GRADE_INCOMPETENT), grade_name(GRADE_EXCELLENT));
}

static void
show_rubric(const struct plan *p)
{
	printf(p->checklist ? _("\nrubric: a checklist, %s points") : _("\nrubric: %s points"),
	    pts(p->rubric_total));
	if (p->apply_min != 0)
		printf(_(", self-check %s to apply for the unified inspection"), pts(p->apply_min));
	printf("\n");
	if (p->tiers_n > 0)
		printf("%s", _("tiers:\n"));
	for (uint32_t i = 0; i < p->tiers_n; i++) {
		const struct plan_tier *t = &p->tiers[i];
		char range[48];

		if (t->max != 0)
			snprintf(range, sizeof range, _("%s to under %s"), pts(t->min), pts(t->max));
		else
			snprintf(range, sizeof range, _("%s to %s"), pts(t->min), pts(p->rubric_total));
		printf("  %s%*s %s\n", range, pad(range, 20), "", t->name);
	}
	if (p->sample_percent != 0)
		printf(_("spot checks: %u%% of towns%s%s%s, then of villages in each, at least %u\n"),
		    p->sample_percent, p->sample_town[0] != '\0' ? " (" : "", p->sample_town,
		    p->sample_town[0] != '\0' ? ")" : "", p->sample_min);
	for (uint32_t i = 0; i < p->sample_each_n; i++)
		printf("%s%s%s", i == 0 ? _("  and one of each of: ") : ", ", p->sample_each[i].category,
		    i + 1 == p->sample_each_n ? "\n" : "");
	for (uint32_t i = 0; i < p->sections_n; i++) {
		const struct rubric_section *s = &p->sections[i];

		printf("\n  %-8s %6s  %s\n", s->key, pts(s->points), s->name);
		for (uint32_t j = 0; j < s->items_n; j++) {
			const struct rubric_item *it = &s->items[j];

			printf("    %-6s %6s  %s\n", it->key, p->checklist ? "" : pts(it->standard),
			    it->name);
			for (uint32_t k = 0; k < it->rules_n; k++) {
				const struct rubric_rule *r = &it->rules[k];

				char how[32];

				if (r->once)
					snprintf(how, sizeof how, "%s", _("once"));
				else if (r->unit[0] != '\0')
					snprintf(how, sizeof how, _("per %s"), r->unit);
				else
					snprintf(how, sizeof how, "%s", _("each"));
				printf("           -%-5s %s%*s %-24s %s\n", pts(r->points), how,
				    pad(how, 8), "", r->key, r->text);
			}
		}
	}
}

int
cmd_plan_show(struct ctl *c)
{
	const char *vs = flag_value(c, "--version");
	uint32_t version = 0;
	struct store *st;
	struct plan p;
	MDB_txn *txn;
	int rc;

	if (vs != NULL && (strspn(vs, "0123456789") != strlen(vs) || strlen(vs) > 9 ||
	    (version = (uint32_t)atoi(vs)) == 0)) {
		fputs(_("kaohectl: --version must be a version number from 1\n"), stderr);
		return ctl_usage(c);
	}
	if (c->argc != (vs != NULL ? 3 : 1) || c->argv[0][0] == '-')
		return ctl_usage(c);
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		rc = plan_store_get(txn, st, c->argv[0], version, &p);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc == MDB_NOTFOUND) {
		if (version != 0)
			fprintf(stderr, _("kaohectl: no version %u of plan %s\n"), version, c->argv[0]);
		else
			fprintf(stderr, _("kaohectl: no plan %s (kaohectl plan list)\n"), c->argv[0]);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read plan %s: %s\n"), c->argv[0], mdb_strerror(rc));
		return 1;
	}
	printf(_("%s version %u  %s\n"), p.key, p.version, p.name);
	if (p.source[0] != '\0')
		printf(_("source: %s\n"), p.source);
	printf(_("subject: %s (%s)\n"), subject_key(p.subject),
	    p.subject == PLAN_PEOPLE ? _("routine assessment of civil servants") :
	    _("rubric assessment of party organisations"));
	printf("%s", _("assesses:"));
	for (uint32_t i = 0; i < p.subjects_n; i++)
		printf("%s %s", i ? "," : "", p.subjects[i].role != 0 ?
		    role_name(p.subjects[i].role) : p.subjects[i].category);
	printf("%s\n", p.subjects_n == 0 ? (p.subject == PLAN_PEOPLE ? _(" everyone") : _(" every unit")) :
	    "");
	printf("%s", _("cycle:"));
	for (uint32_t i = 0; i < p.cycle_n; i++)
		printf("%s %s (%s)", i ? " →" : "", p.cycle[i].name, plan_record_key(p.cycle[i].kind));
	printf("\n");
	if (p.subject == PLAN_ORGANISATIONS)
		show_rubric(&p);
	else
		show_people(&p);
	if (p.annual_n > 0) {
		printf("%s", _("\nannual result:"));
		for (uint32_t i = 0; i < p.annual_n; i++) {
			printf("%s %s %u%%", i ? "," : "", p.annual[i].part, p.annual[i].weight);
			if (p.annual[i].min != 0)
				printf(_(" (at least %u%%)"), p.annual[i].min);
		}
		printf("\n");
	}
	if (p.ranked)
		printf("%s", _("results are ranked, high to low\n"));
	schema_free(&plan_desc, &p);
	return 0;
}
