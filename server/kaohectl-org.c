/*
 * kaohectl-org.c: kaohectl's commands for setting up an office and looking
 * after it: import units and people (import org), the holiday calendar
 * (calendar import, calendar list), the unit tree (unit list), periods and
 * their locks (period show, lock, unlock) and the audit log (audit).  Every
 * change goes through one write transaction as workstation "kaohectl" and
 * leaves an audit line; an import with any mistake writes nothing.  See
 * docs/operations.md.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "calendar.h"
#include "kaohectl.h"
#include "org-import.h"
#include "org.h"
#include "progress.h"
#include "store.h"

/* Print an import's messages, one "file:line: reason" a line. */
void
print_report(const struct import_report *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		fprintf(stderr, "%s\n", r->messages[i]);
	if (r->errors > r->n)
		fprintf(stderr, _("... and %u more\n"), r->errors - r->n);
}

void
print_file_report(const char *path, const struct import_report *r)
{
	const char *base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	size_t len = strlen(base);

	for (uint32_t i = 0; i < r->n; i++) {
		const char *m = r->messages[i];

		if (strncmp(m, base, len) == 0 && m[len] == ':')
			fprintf(stderr, "%s%s\n", path, m + len);
		else
			fprintf(stderr, "%s\n", m);
	}
	if (r->errors > r->n)
		fprintf(stderr, _("... and %u more\n"), r->errors - r->n);
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
yaml_files(const char *dir, char ***paths, size_t *n)
{
	struct dirent *e;
	DIR *d;

	*paths = NULL;
	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 6 || strcmp(e->d_name + len - 5, ".yaml") != 0)
			continue;
		*paths = xrealloc(*paths, (*n + 1) * sizeof **paths);
		(*paths)[*n] = xmalloc(strlen(dir) + len + 2);
		sprintf((*paths)[(*n)++], "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(*paths, *n, sizeof **paths, by_path);
	return 0;
}

void
paths_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

/* Begin a write as kaohectl, for the audit log. */
int
ctl_write_begin(struct store *st, struct wtx *w)
{
	int rc = store_write_begin(st, w);

	w->workstation = "kaohectl";
	w->actor = 0;
	return rc;
}

/* The data rows of a CSV file (its lines less the header), for a bar's
 * total; 0 if it cannot be read (the import will say why). */
uint64_t
csv_rows(const char *path)
{
	struct import_report r = { 0 };
	struct csv_file f = { 0 };
	uint64_t n = 0;

	if (csv_load(path, &f, &r) == 0 && f.nrows > 0)
		n = f.nrows - 1;
	csv_free(&f);
	import_report_free(&r);
	return n;
}

/* Commit if rc is 0, else abort; returns rc or the commit's result. */
int
ctl_write_end(struct wtx *w, int rc)
{
	if (rc == 0)
		return store_write_commit(w);
	store_write_abort(w);
	return rc;
}

int
cmd_import_org(struct ctl *c)
{
	struct import_report r = { 0 };
	struct store *st;
	struct wtx w;
	int rc;

	if (c->argc != 2 || c->argv[0][0] == '-' || c->argv[1][0] == '-') {
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	/* a bar over the people: a new account's password takes ~50 ms */
	progress_begin(_("import org"), csv_rows(c->argv[1]), false);
	if ((rc = ctl_write_begin(st, &w)) == 0)
		rc = ctl_write_end(&w, org_import(&w, c->argv[0], c->argv[1], &r));
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
		fprintf(stderr, _("kaohectl: cannot import: %s\n"), mdb_strerror(rc));
	else {
		printf(_("units: %u created, %u updated\npeople: %u created, %u updated\n"),
		    r.units_created, r.units_updated, r.people_created, r.people_updated);
		if (r.people_updated > 0)
			printf("%s", _("existing accounts keep their passwords (kaohectl user passwd sets one)\n"));
	}
	import_report_free(&r);
	return rc == 0 ? 0 : 1;
}

int
cmd_calendar_import(struct ctl *c)
{
	struct import_report r = { 0 };
	struct store *st;
	struct wtx w;
	int rc;

	if (c->argc != 1 || c->argv[0][0] == '-') {
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = ctl_write_begin(st, &w)) == 0)
		rc = ctl_write_end(&w, calendar_import_csv(&w, c->argv[0], &r));
	store_close(&st);
	print_report(&r);
	if (rc == -1)
		fprintf(stderr, ngettext("kaohectl: %u error: nothing imported\n",
		    "kaohectl: %u errors: nothing imported\n", r.errors), r.errors);
	else if (rc != 0)
		fprintf(stderr, _("kaohectl: cannot import the calendar: %s\n"), mdb_strerror(rc));
	else
		printf(_("calendar: %u days imported, %u replaced\n"), r.days, r.days_removed);
	import_report_free(&r);
	return rc == 0 ? 0 : 1;
}

int
cmd_calendar_list(struct ctl *c)
{
	struct calendar cal = { NULL, 0 };
	struct store *st;
	MDB_txn *txn;
	uint32_t year = 0, shown = 0;
	int rc;

	if (c->argc > 1 || (c->argc == 1 && (strlen(c->argv[0]) != 4 ||
	    strspn(c->argv[0], "0123456789") != 4 || (year = (uint32_t)atoi(c->argv[0])) < 2000 ||
	    year > 2099))) {
		fputs(_("kaohectl: YEAR is 2000 to 2099\n"), stderr);
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		rc = calendar_load(txn, st, &cal);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read the calendar: %s\n"), mdb_strerror(rc));
		return 1;
	}
	for (uint32_t i = 0; i < cal.n; i++) {
		const struct calendar_day *d = &cal.days[i];
		char day[16];

		if (year != 0 && d->date / 10000 != year)
			continue;
		day_format(d->date, day, sizeof day);
		printf("%s  %s  %s  %s\n", day, day_weekday_name(d->date),
		    d->kind == CAL_HOLIDAY ? _("holiday (day off)") : _("make-up working day"), d->name);
		shown++;
	}
	if (shown == 0)
		printf("%s", year != 0 ?
		    _("no holidays or make-up working days that year (kaohectl calendar import FILE.csv)\n") :
		    _("no holidays or make-up working days (kaohectl calendar import FILE.csv)\n"));
	calendar_free(&cal);
	return 0;
}

struct unit_tree {
	MDB_txn		*txn;
	struct store	*st;
	struct unit_rec	*units;
	uint32_t	 n;
};

static int
unit_order(const void *a, const void *b)
{
	const struct unit_rec *x = a, *y = b;

	if (x->position != y->position)
		return x->position < y->position ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool
unit_known(const struct unit_tree *t, uint64_t id)
{
	for (uint32_t i = 0; i < t->n; i++)
		if (t->units[i].id == id)
			return true;
	return false;
}

/* Print the units under parent, depth levels in; roots are units whose
 * parent is 0 or missing. */
static void
print_units(const struct unit_tree *t, uint64_t parent, int depth)
{
	for (uint32_t i = 0; i < t->n && depth < 32; i++) {
		const struct unit_rec *u = &t->units[i];
		uint64_t *ids = NULL;
		uint32_t members = 0;
		struct user_rec sup;
		char who[160] = "";

		if (depth == 0 ? unit_known(t, u->parent) && u->parent != 0 : u->parent != parent)
			continue;
		if (store_unit_members(t->txn, t->st, u->id, &ids, &members) != 0)
			members = 0;
		free(ids);
		if (u->supervisor != 0 && store_user_get(t->txn, t->st, u->supervisor, &sup) == 0) {
			snprintf(who, sizeof who, _("  supervising leader %s (%s)"), sup.display_name,
			    sup.login);
			schema_free(&user_rec_desc, &sup);
		} else if (u->supervisor != 0)
			snprintf(who, sizeof who, _("  supervising leader #%llu (missing)"),
			    (unsigned long long)u->supervisor);
		printf(ngettext("%*s%s  [%s%s%s]%s  %u person\n", "%*s%s  [%s%s%s]%s  %u people\n",
		    members), depth * 2, "", u->name,
		    u->kind == 1 ? _("office") : _("department"),
		    u->category[0] != '\0' ? " " : "", u->category, who, members);
		print_units(t, u->id, depth + 1);
	}
}

struct unplaced {
	const struct unit_tree	*t;
	uint32_t		 n;
};

static int
count_unplaced(const struct user_rec *u, void *arg)
{
	struct unplaced *p = arg;

	if (u->unit_id == 0 || !unit_known(p->t, u->unit_id))
		p->n++;
	return 0;
}

int
cmd_unit_list(struct ctl *c)
{
	struct unit_tree t = { 0 };
	struct unplaced un = { &t, 0 };
	int rc;

	if (c->argc != 0) {
		return ctl_usage(c);
	}
	if ((t.st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(t.st, &t.txn)) == 0) {
		if ((rc = org_units_load(t.txn, t.st, &t.units, &t.n)) == 0) {
			qsort(t.units, t.n, sizeof *t.units, unit_order);
			if (t.n == 0)
				printf("%s", _("no units yet (kaohectl import org UNITS.csv PEOPLE.csv)\n"));
			print_units(&t, 0, 0);
			rc = store_user_each(t.txn, t.st, count_unplaced, &un);
			if (rc == 0 && un.n > 0)
				printf(ngettext("(%u person in no known unit)\n",
				    "(%u people in no known unit)\n", un.n), un.n);
			schema_free_array(&unit_rec_desc, t.units, t.n);
		}
		mdb_txn_abort(t.txn);
	}
	store_close(&t.st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot list the units: %s\n"), mdb_strerror(rc));
		return 1;
	}
	return 0;
}

/* The period named by the command's one argument, or 0 after a usage line. */
static uint32_t
period_arg(struct ctl *c)
{
	uint32_t code;

	if (c->argc != 1 || !period_parse(c->argv[0], &code)) {
		if (c->argc == 1)
			fprintf(stderr, _("kaohectl: \"%s\" is not a period: write 2026-11, 2026Q4, "
			    "2026H2, 2026 or 202611\n"), c->argv[0]);
		ctl_usage(c);
		return 0;
	}
	return code;
}

int
cmd_period_show(struct ctl *c)
{
	uint32_t code = period_arg(c), working = 0, days = 0;
	struct calendar cal = { NULL, 0 };
	struct period_rec p;
	struct user_rec by = { 0 };
	char name[64], first[16], last[16], due[16];
	struct store *st;
	MDB_txn *txn;
	int rc;

	if (code == 0)
		return 2;
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		if ((rc = calendar_load(txn, st, &cal)) == 0 &&
		    (rc = period_get(txn, st, &cal, code, &p)) == 0 && p.locked_by != 0)
			store_user_get(txn, st, p.locked_by, &by);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read period %u: %s\n"), code, mdb_strerror(rc));
		calendar_free(&cal);
		return 1;
	}
	for (uint32_t d = p.first_day; ; d = day_add(d, 1)) {
		days++;
		working += calendar_is_working_day(&cal, d);
		if (d == p.last_day)
			break;
	}
	calendar_free(&cal);
	period_name(code, name, sizeof name);
	day_format(p.first_day, first, sizeof first);
	day_format(p.last_day, last, sizeof last);
	printf(_("period   %u  %s\ndays     %s .. %s  (%u days, %u working days)\n"),
	    code, name, first, last, days, working);
	if (p.due != 0) {
		day_format(p.due, due, sizeof due);
		printf(_("due      %s  %s  (the last working day)\n"), due, day_weekday_name(p.due));
	} else
		printf("%s", _("due      none: the period has no working day\n"));
	if (p.locked_at != 0) {
		time_t t = (time_t)(p.locked_at / 1000);
		char when[32];
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		printf(p.locked ? _("locked   yes  (locked %s by %s)\n") :
		    _("locked   no  (reopened %s by %s)\n"), when, by.login != NULL ? by.login : "kaohectl");
	} else
		printf("%s", _("locked   no\n"));
	schema_free(&user_rec_desc, &by);
	schema_free(&period_rec_desc, &p);
	return 0;
}

static int
period_lock(struct ctl *c, bool locked)
{
	uint32_t code = period_arg(c);
	struct period_rec p;
	struct store *st;
	char name[64];
	struct wtx w;
	int rc;

	if (code == 0)
		return 2;
	if ((st = open_db(c)) == NULL)
		return 1;
	period_name(code, name, sizeof name);
	if ((rc = ctl_write_begin(st, &w)) == 0) {
		if ((rc = period_get(w.txn, st, NULL, code, &p)) == 0 && p.locked == locked) {
			store_write_abort(&w);
			store_close(&st);
			printf(locked ? _("period %u (%s) is locked already\n") :
			    _("period %u (%s) is open already\n"), code, name);
			return 0;
		}
		if (rc == 0)
			rc = period_set_lock(&w, code, locked, 0);
		rc = ctl_write_end(&w, rc);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, locked ? _("kaohectl: cannot lock period %u: %s\n") :
		    _("kaohectl: cannot unlock period %u: %s\n"), code, mdb_strerror(rc));
		return 1;
	}
	printf(locked ? _("period %u (%s) locked: nothing in it changes any more\n") :
	    _("period %u (%s) reopened\n"), code, name);
	return 0;
}

int
cmd_period_lock(struct ctl *c)
{
	return period_lock(c, true);
}

int
cmd_period_unlock(struct ctl *c)
{
	return period_lock(c, false);
}

/* A decimal number argument: true and *v set, or false. */
static bool
number_arg(const char *s, uint64_t max, uint64_t *v)
{
	char *end;

	if (s == NULL || s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0' && *v <= max;
}

int
cmd_audit(struct ctl *c)
{
	const char *lim = flag_value(c, "--limit"), *bef = flag_value(c, "--before");
	uint64_t limit = 50, before = 0;
	struct audit_rec *a = NULL;
	struct store *st;
	MDB_txn *txn;
	uint32_t n = 0;
	int rc;

	if ((lim != NULL && (!number_arg(lim, 100000, &limit) || limit == 0)) ||
	    (bef != NULL && !number_arg(bef, UINT64_MAX, &before)) ||
	    c->argc != (lim != NULL ? 2 : 0) + (bef != NULL ? 2 : 0)) {
		fputs(_("kaohectl: --limit is 1 to 100000, --before a line's number\n"), stderr);
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) != 0)
		goto out;
	if ((rc = store_audit_list(txn, st, before, (uint32_t)limit, &a, &n)) != 0) {
		mdb_txn_abort(txn);
		goto out;
	}
	for (uint32_t i = 0; i < n; i++) {
		time_t t = (time_t)(a[i].at / 1000);
		struct user_rec u;
		char when[32], who[80];
		struct tm tm;

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		if (a[i].user == 0)
			snprintf(who, sizeof who, "-");
		else if (store_user_get(txn, st, a[i].user, &u) == 0) {
			snprintf(who, sizeof who, "%s", u.login);
			schema_free(&user_rec_desc, &u);
		} else
			snprintf(who, sizeof who, "#%llu", (unsigned long long)a[i].user);
		printf("%llu\t%s\t%s\t%s\t%s\t%s\t%s\n", (unsigned long long)a[i].id, when, who,
		    a[i].workstation, a[i].action, a[i].target, a[i].detail);
	}
	mdb_txn_abort(txn);
	if (n == (uint32_t)limit && n > 0 && a[n - 1].id > 1)
		fprintf(stderr, _("(older lines: kaohectl audit --before %llu)\n"),
		    (unsigned long long)a[n - 1].id);
	schema_free_array(&audit_rec_desc, a, n);
out:
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read the audit log: %s\n"), mdb_strerror(rc));
		return 1;
	}
	return 0;
}
