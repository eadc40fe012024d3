/*
 * kaohectl-export.c: kaohectl's commands that take results out of the
 * database and scores into it: export sheets (a people ranking, 登记表, and
 * each person's 考核评分表; or one person's), export rubric (an
 * organisation ranking and a unit's 考核细则) as CSV or XLSX for filing with
 * the organisation department, and import scores (named scores from CSV,
 * all or nothing).  The files are made by common/export.c from the very
 * replies a client gets, read as an admin sees them.  See
 * docs/operations.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/export.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "calendar.h"
#include "kaohectl.h"
#include "org.h"
#include "plan-store.h"
#include "progress.h"
#include "rubric-ops.h"
#include "score-import.h"
#include "score-ops.h"

/* What both exports are asked. */
struct export_args {
	const char	*plan;
	uint32_t	 period;
	const char	*unit;		/* --unit NAME, or NULL */
	const char	*path;
	bool		 xlsx;
};

/* Names for the ids of a reply, read once from the database. */
struct ctl_names {
	struct unit_rec	*units;
	uint32_t	 nunits;
	struct user_rec	*users;
	uint32_t	 nusers, cap;
};

static int
parse_args(struct ctl *c, struct export_args *a)
{
	const char *csv = flag_value(c, "--csv"), *xlsx = flag_value(c, "--xlsx");

	memset(a, 0, sizeof *a);
	if (c->argc < 2 || c->argv[0][0] == '-' || c->argv[1][0] == '-' ||
	    (csv == NULL) == (xlsx == NULL))
		return ctl_usage(c);
	if (!period_parse(c->argv[1], &a->period)) {
		fprintf(stderr, _("kaohectl: period %s is not like 2026Q3, 2026-09, 2026H1, 2026 or "
		    "202623\n"), c->argv[1]);
		return ctl_usage(c);
	}
	a->plan = c->argv[0];
	a->unit = flag_value(c, "--unit");
	a->path = csv != NULL ? csv : xlsx;
	a->xlsx = xlsx != NULL;
	return 0;
}

/* The unit's id, 0 for --unit not given; -1 after saying there is none. */
static int
unit_id(MDB_txn *txn, struct store *st, const char *name, uint64_t *id)
{
	struct unit_rec u;

	*id = 0;
	if (name == NULL)
		return 0;
	if (org_unit_by_name(txn, st, name, &u) != 0) {
		fprintf(stderr, _("kaohectl: no unit named %s (kaohectl unit list)\n"), name);
		return -1;
	}
	*id = u.id;
	schema_free(&unit_rec_desc, &u);
	return 0;
}

static int
keep_user(const struct user_rec *u, void *arg)
{
	struct ctl_names *n = arg;

	if (n->nusers == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 64;
		n->users = xrealloc(n->users, n->cap * sizeof *n->users);
	}
	n->users[n->nusers] = (struct user_rec){ .id = u->id, .login = xstrdup(u->login),
	    .display_name = xstrdup(u->display_name) };
	n->nusers++;
	return 0;
}

static const char *
unit_name(void *arg, uint64_t id)
{
	struct ctl_names *n = arg;

	for (uint32_t i = 0; i < n->nunits; i++)
		if (n->units[i].id == id)
			return n->units[i].name;
	return NULL;
}

static const char *
user_name(void *arg, uint64_t id)
{
	struct ctl_names *n = arg;

	for (uint32_t i = 0; i < n->nusers; i++)
		if (n->users[i].id == id)
			return n->users[i].display_name;
	return NULL;
}

static int
names_load(MDB_txn *txn, struct store *st, struct ctl_names *n)
{
	int rc;

	memset(n, 0, sizeof *n);
	if ((rc = org_units_load(txn, st, &n->units, &n->nunits)) != 0)
		return rc;
	return store_user_each(txn, st, keep_user, n);
}

static void
names_free(struct ctl_names *n)
{
	schema_free_array(&unit_rec_desc, n->units, n->nunits);
	schema_free_array(&user_rec_desc, n->users, n->nusers);
	memset(n, 0, sizeof *n);
}

static int
write_book(struct export_book *b, const struct export_args *a)
{
	char err[512];
	int rc = a->xlsx ? export_write_xlsx(b, a->path, err, sizeof err) :
	    export_write_csv(b, a->path, err, sizeof err);

	if (rc != 0) {
		progress_abort();
		fprintf(stderr, "kaohectl: %s\n", err);
	}
	return rc;
}

/* The sheets as the admin sees them: every one, with who gave which named
 * score; an anonymous part only as its mean and count, as always. */
static const struct user_rec export_viewer = { .login = "kaohectl", .display_name = "kaohectl",
	.role = ROLE_ADMIN };

/* Read the sheets and the plan they were scored with; 1 after saying why. */
static int
sheets_read(struct store *st, const struct export_args *a, const char *person,
    struct sheets_reply_body *sh, struct plan *p, struct ctl_names *names, uint64_t *subject)
{
	struct codec_error ce = { 0 };
	struct user_rec u;
	uint64_t unit;
	MDB_txn *txn;
	int rc;

	if ((rc = store_read_begin(st, &txn)) != 0) {
		fprintf(stderr, _("kaohectl: cannot read the database: %s\n"), mdb_strerror(rc));
		return 1;
	}
	*subject = 0;
	if (person != NULL && store_user_by_login(txn, st, person, &u) == 0) {
		*subject = u.id;
		schema_free(&user_rec_desc, &u);
	}
	if (person != NULL && *subject == 0)
		fprintf(stderr, _("kaohectl: no user %s\n"), person);
	else if (unit_id(txn, st, a->unit, &unit) != 0)
		rc = 1;
	else if ((rc = scoreop_sheets(txn, st, &export_viewer, a->plan, a->period, unit, sh, &ce)) != 0)
		fprintf(stderr, _("kaohectl: cannot read the sheets of %s: %s\n"), a->plan,
		    rc == -1 ? ce.message : mdb_strerror(rc));
	else if ((rc = plan_store_get(txn, st, a->plan, sh->plan_version, p)) != 0) {
		fprintf(stderr, _("kaohectl: no plan %s version %u\n"), a->plan, sh->plan_version);
		schema_free(&sheets_reply_body_desc, sh);
	} else if ((rc = names_load(txn, st, names)) != 0) {
		fprintf(stderr, _("kaohectl: cannot read the organisation: %s\n"), mdb_strerror(rc));
		schema_free(&sheets_reply_body_desc, sh);
		schema_free(&plan_desc, p);
		names_free(names);
	}
	mdb_txn_abort(txn);
	return person != NULL && *subject == 0 ? 1 : rc != 0;
}

int
cmd_export_sheets(struct ctl *c)
{
	const char *person = flag_value(c, "--person");
	struct sheets_reply_body sh;
	struct export_book *b;
	struct ctl_names names;
	struct export_args a;
	struct store *st;
	struct plan p;
	uint64_t subject;
	int rc;

	if ((rc = parse_args(c, &a)) != 0)
		return rc;
	if ((st = open_db(c)) == NULL)
		return 1;
	/* three steps: read the sheets, lay out the tables, write the file */
	progress_begin(_("export"), 3, false);
	rc = sheets_read(st, &a, person, &sh, &p, &names, &subject);
	store_close(&st);
	if (rc != 0) {
		progress_abort();
		return 1;
	}
	progress_set(1);
	struct export_people e = { .plan_name = p.name, .scope = a.unit, .raters = p.raters,
	    .nraters = p.raters_n, .levels = p.levels, .nlevels = p.levels_n, .sh = &sh,
	    .names = { unit_name, user_name, &names } };
	b = person != NULL ? export_person_book(&e, subject) : export_people_book(&e);
	progress_set(2);
	if (b == NULL) {
		progress_abort();
		fprintf(stderr, _("kaohectl: %s has no sheet for %s in this period\n"), person, a.plan);
		rc = 1;
	} else if ((rc = write_book(b, &a)) == 0) {
		uint32_t n = person != NULL ? 1 : sh.rows_n;

		progress_end();
		printf(ngettext("wrote %s: %s, %u sheet\n", "wrote %s: %s, %u sheets\n", n), a.path,
		    a.plan, n);
	}
	export_book_free(&b);
	schema_free(&sheets_reply_body_desc, &sh);
	schema_free(&plan_desc, &p);
	names_free(&names);
	return rc != 0;
}

/* Read an organisation ranking, with one unit's whole sheet if --unit was
 * given; 1 after saying why. */
static int
rubric_read(struct store *st, const struct export_args *a, struct rubric_sheets_reply_body *rs,
    struct ctl_names *names)
{
	struct rubric_sheets_body in = { .session = "", .plan = (char *)a->plan, .period = a->period,
	    .category = "" };
	struct codec_error ce = { 0 };
	MDB_txn *txn;
	int rc;

	if ((rc = store_read_begin(st, &txn)) != 0) {
		fprintf(stderr, _("kaohectl: cannot read the database: %s\n"), mdb_strerror(rc));
		return 1;
	}
	if (unit_id(txn, st, a->unit, &in.unit_id) != 0)
		rc = 1;
	else if ((rc = rubricop_sheets(txn, st, &export_viewer, day_today(), &in, rs, &ce)) != 0)
		fprintf(stderr, _("kaohectl: cannot read the rubric sheets of %s: %s\n"), a->plan,
		    rc == -1 ? ce.message : mdb_strerror(rc));
	else if ((rc = names_load(txn, st, names)) != 0) {
		fprintf(stderr, _("kaohectl: cannot read the organisation: %s\n"), mdb_strerror(rc));
		schema_free(&rubric_sheets_reply_body_desc, rs);
		names_free(names);
	}
	mdb_txn_abort(txn);
	return rc != 0;
}

int
cmd_export_rubric(struct ctl *c)
{
	struct rubric_sheets_reply_body rs;
	struct ctl_names names;
	struct export_book *b;
	struct export_args a;
	struct store *st;
	int rc;

	if ((rc = parse_args(c, &a)) != 0)
		return rc;
	if ((st = open_db(c)) == NULL)
		return 1;
	progress_begin(_("export"), 3, false);
	rc = rubric_read(st, &a, &rs, &names);
	store_close(&st);
	if (rc != 0) {
		progress_abort();
		return 1;
	}
	progress_set(1);
	struct export_rubric e = { .rs = &rs, .scope = a.unit, .names = { unit_name, user_name, &names } };
	b = export_rubric_book(&e);
	progress_set(2);
	if ((rc = write_book(b, &a)) == 0) {
		progress_end();
		printf(rs.sheet.unit_id != 0 ?
		    ngettext("wrote %s: %s, %u unit, with the unit's sheet\n",
		    "wrote %s: %s, %u units, with the unit's sheet\n", rs.rows_n) :
		    ngettext("wrote %s: %s, %u unit\n", "wrote %s: %s, %u units\n", rs.rows_n),
		    a.path, rs.plan, rs.rows_n);
	}
	export_book_free(&b);
	schema_free(&rubric_sheets_reply_body_desc, &rs);
	names_free(&names);
	return rc != 0;
}

int
cmd_import_scores(struct ctl *c)
{
	struct import_report r = { 0 };
	struct calendar cal = { NULL, 0 };
	struct store *st;
	uint32_t count = 0;
	struct wtx w;
	int rc;

	if (c->argc != 1 || c->argv[0][0] == '-')
		return ctl_usage(c);
	if ((st = open_db(c)) == NULL)
		return 1;
	progress_begin(_("import scores"), csv_rows(c->argv[0]), false);
	if ((rc = ctl_write_begin(st, &w)) == 0) {
		if ((rc = calendar_load(w.txn, st, &cal)) == 0)
			rc = score_import(&w, c->argv[0], day_today(), &cal, &r, &count);
		rc = ctl_write_end(&w, rc);
	}
	calendar_free(&cal);
	store_close(&st);
	if (rc == 0)
		progress_end();
	else
		progress_abort();
	print_report(&r);
	if (rc == -1)
		fprintf(stderr, ngettext("kaohectl: %u error: nothing imported\n",
		    "kaohectl: %u errors: nothing imported\n", r.errors), r.errors);
	else if (rc != 0)
		fprintf(stderr, _("kaohectl: cannot import the scores: %s\n"), mdb_strerror(rc));
	else
		printf(_("scores: %u imported\n"), count);
	import_report_free(&r);
	return rc == 0 ? 0 : 1;
}
