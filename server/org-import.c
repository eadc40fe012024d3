/*
 * org-import.c: units and people from CSV files (see org-import.h).
 *
 * It runs in three steps.  Reading checks every row of both files against
 * each other and the database and reports every mistake; nothing is written
 * unless there are none.  Writing then happens in a nested transaction:
 * units parents first, without supervisors; people; then the supervisors,
 * since a supervisor may be a person the same import creates.  A mistake
 * only the store can see (a cycle through stored units) is reported against
 * its row and undoes the nested transaction, so the caller's is untouched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/codec.h"
#include "common/domain.h"
#include "auth.h"
#include "org-import.h"
#include "org.h"
#include "progress.h"

struct unit_row {
	uint32_t	 line;
	char		*name, *parent, *supervisor, *category;
	uint32_t	 kind;
	int		 parent_row;	/* index in the file, or -1 */
	uint64_t	 parent_id;	/* a stored parent, when parent_row is -1 */
	uint64_t	 id;		/* stored id: found, or given when written */
	uint64_t	 supervisor_id;
	bool		 exists, written;
};

struct person_row {
	uint32_t	 line;
	char		*login, *name, *unit, *password;
	uint32_t	 role;
	int		 unit_row;
	uint64_t	 unit_id;
	uint64_t	 id;
	bool		 exists, bad;
};

struct import {
	struct wtx		*w;
	struct import_report	*r;
	struct csv_file		 uf, pf;
	struct unit_row		*units;
	uint32_t		 nunits;
	struct person_row	*people;
	uint32_t		 npeople;
	bool			 has_category;	/* the units file has the column */
};

/* The columns, in the order the readers take them; "?" marks an optional
 * one, which is "" in every row of a file without it. */
static const char *const ucols[] = { "name", "parent", "kind", "supervisor", "?category" };
static const char *const pcols[] = { "login", "name", "unit", "role", "password" };
#define UNIT_COLUMNS	nitems(ucols)
#define PERSON_COLUMNS	nitems(pcols)

uint32_t
org_import_role(const char *s)
{
	uint32_t role = role_from_key(s);

	for (uint32_t i = 1; role == 0 && i <= ROLE_MAX; i++)
		if (strcmp(s, role_word(i)) == 0)
			role = i;
	return role;
}

static uint32_t
kind_parse(const char *s)
{
	if (strcmp(s, "office") == 0 || strcmp(s, "机关") == 0)	/* data */
		return 1;
	if (strcmp(s, "department") == 0 || strcmp(s, "科室") == 0)	/* data */
		return 2;
	return 0;
}

static bool
supervising(uint32_t role)
{
	return role == ROLE_SUPERVISOR || role == ROLE_PRINCIPAL;
}

static int
unit_find(const struct import *im, const char *name)
{
	for (uint32_t i = 0; i < im->nunits; i++)
		if (strcmp(im->units[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
person_find(const struct import *im, const char *login)
{
	for (uint32_t i = 0; i < im->npeople; i++)
		if (strcmp(im->people[i].login, login) == 0)
			return (int)i;
	return -1;
}

/* A one-line text field: reported and false if empty, too long or not
 * one line. */
static bool
text_field(struct import *im, const struct csv_file *f, uint32_t line, const char *what,
    const char *s, size_t max)
{
	if (s[0] == '\0')
		import_error(im->r, f->name, line, "empty %s", what);
	else if (strlen(s) > max)
		import_error(im->r, f->name, line, "%s \"%s\" is longer than %zu bytes", what, s, max);
	else if (!csv_text_ok(s))
		import_error(im->r, f->name, line, "%s holds a line break or a control character", what);
	else
		return true;
	return false;
}

/* ---- reading ---- */

static void
read_units(struct import *im)
{
	struct csv_file *f = &im->uf;

	im->units = xcalloc(f->nrows, sizeof *im->units);
	for (uint32_t i = 1; i < f->nrows; i++) {
		struct csv_row *row = &f->rows[i];
		struct unit_row *u = &im->units[im->nunits];
		struct unit_rec stored;
		int dup, rc;

		if (row->n != UNIT_COLUMNS)
			continue;	/* load() reported it */
		u->line = row->line;
		u->name = csv_trim(row->field[0]);
		u->parent = csv_trim(row->field[1]);
		u->supervisor = csv_trim(row->field[3]);
		u->category = csv_trim(row->field[4]);
		u->parent_row = -1;
		text_field(im, f, u->line, "name", u->name, 128);
		if (u->category[0] != '\0')
			text_field(im, f, u->line, "category", u->category, ORG_CATEGORY_MAX);
		if ((dup = unit_find(im, u->name)) >= 0)
			import_error(im->r, f->name, u->line, "unit \"%s\" is listed twice (first on line %u)",
			    u->name, im->units[dup].line);
		if ((u->kind = kind_parse(csv_trim(row->field[2]))) == 0)
			import_error(im->r, f->name, u->line,
			    "kind \"%s\" must be office, department, 机关 or 科室", row->field[2]);	/* data */
		else if (u->parent[0] == '\0' && u->kind != 1)
			import_error(im->r, f->name, u->line,
			    "unit \"%s\" has no parent, so it must be an office (机关)", u->name);	/* data */
		if (strcmp(u->parent, u->name) == 0 && u->name[0] != '\0')
			import_error(im->r, f->name, u->line, "unit \"%s\" is its own parent", u->name);
		if (u->supervisor[0] != '\0' && !auth_login_valid(u->supervisor))
			import_error(im->r, f->name, u->line, "supervisor \"%s\" is not a login", u->supervisor);
		if (u->name[0] != '\0') {
			rc = org_unit_by_name(im->w->txn, im->w->st, u->name, &stored);
			if (rc == 0) {
				u->exists = true;
				u->id = stored.id;
				schema_free(&unit_rec_desc, &stored);
			}
		}
		im->nunits++;
	}
}

/* Parents: in the file or stored; no cycles within the file. */
static void
resolve_parents(struct import *im)
{
	for (uint32_t i = 0; i < im->nunits; i++) {
		struct unit_row *u = &im->units[i];
		struct unit_rec stored;

		if (u->parent[0] == '\0' || strcmp(u->parent, u->name) == 0)
			continue;
		if ((u->parent_row = unit_find(im, u->parent)) >= 0)
			continue;
		if (org_unit_by_name(im->w->txn, im->w->st, u->parent, &stored) == 0) {
			u->parent_id = stored.id;
			schema_free(&unit_rec_desc, &stored);
			continue;
		}
		import_error(im->r, im->uf.name, u->line, "parent \"%s\" does not exist", u->parent);
	}
	for (uint32_t i = 0; i < im->nunits; i++) {
		int p = im->units[i].parent_row;

		for (uint32_t steps = 0; p >= 0 && steps <= im->nunits; steps++) {
			if (p == (int)i) {
				import_error(im->r, im->uf.name, im->units[i].line,
				    "unit \"%s\" is below itself: the parents form a cycle", im->units[i].name);
				break;
			}
			p = im->units[p].parent_row;
		}
	}
}

static void
read_people(struct import *im)
{
	struct csv_file *f = &im->pf;
	uint32_t errors;

	im->people = xcalloc(f->nrows, sizeof *im->people);
	for (uint32_t i = 1; i < f->nrows; i++) {
		struct csv_row *row = &f->rows[i];
		struct person_row *p = &im->people[im->npeople];
		struct unit_rec stored;
		struct user_rec old;
		const char *role;
		int dup;

		if (row->n != PERSON_COLUMNS)
			continue;	/* load() reported it */
		errors = im->r->errors;
		p->line = row->line;
		p->login = csv_trim(row->field[0]);
		p->name = csv_trim(row->field[1]);
		p->unit = csv_trim(row->field[2]);
		role = csv_trim(row->field[3]);
		p->password = csv_trim(row->field[4]);
		p->unit_row = -1;
		if (!auth_login_valid(p->login))
			import_error(im->r, f->name, p->line,
			    "login \"%s\" must be 1-64 ASCII letters, digits, '.', '_' or '-'", p->login);
		else if ((dup = person_find(im, p->login)) >= 0)
			import_error(im->r, f->name, p->line, "login \"%s\" is listed twice (first on line %u)",
			    p->login, im->people[dup].line);
		else if (store_user_by_login(im->w->txn, im->w->st, p->login, &old) == 0) {
			p->exists = true;
			p->id = old.id;
			schema_free(&user_rec_desc, &old);
		}
		text_field(im, f, p->line, "name", p->name, 64);
		if (p->unit[0] == '\0')
			import_error(im->r, f->name, p->line, "empty unit");
		else if ((p->unit_row = unit_find(im, p->unit)) < 0) {
			if (org_unit_by_name(im->w->txn, im->w->st, p->unit, &stored) == 0) {
				p->unit_id = stored.id;
				schema_free(&unit_rec_desc, &stored);
			} else
				import_error(im->r, f->name, p->line, "unit \"%s\" does not exist", p->unit);
		}
		if ((p->role = org_import_role(role)) == 0)
			import_error(im->r, f->name, p->line, "role \"%s\" is not one of staff dept_head "
			    "supervisor principal leader inspector admin orgdept or their Chinese names", role);
		if (!p->exists && p->password[0] == '\0')
			import_error(im->r, f->name, p->line, "a new account needs a password");
		else if (!p->exists && auth_password_problem(p->password) != NULL)
			import_error(im->r, f->name, p->line, "password refused: %s",
			    auth_password_problem(p->password));
		p->bad = im->r->errors != errors;
		im->npeople++;
	}
}

/* Supervisors: a supervising leader of the people file or of the store. */
static void
resolve_supervisors(struct import *im)
{
	for (uint32_t i = 0; i < im->nunits; i++) {
		struct unit_row *u = &im->units[i];
		struct user_rec s;
		int p;

		if (u->supervisor[0] == '\0' || !auth_login_valid(u->supervisor))
			continue;
		if ((p = person_find(im, u->supervisor)) >= 0) {
			if (im->people[p].role != 0 && !supervising(im->people[p].role))
				import_error(im->r, im->uf.name, u->line,
				    "supervisor \"%s\" is not a supervising leader", u->supervisor);
			continue;	/* its id is known once it is written */
		}
		if (store_user_by_login(im->w->txn, im->w->st, u->supervisor, &s) != 0) {
			import_error(im->r, im->uf.name, u->line, "supervisor \"%s\" does not exist",
			    u->supervisor);
			continue;
		}
		if (!supervising(s.role))
			import_error(im->r, im->uf.name, u->line,
			    "supervisor \"%s\" is not a supervising leader", u->supervisor);
		else if (s.disabled)
			import_error(im->r, im->uf.name, u->line, "supervisor \"%s\" is disabled",
			    u->supervisor);
		u->supervisor_id = s.id;
		schema_free(&user_rec_desc, &s);
	}
}

/* A stored unit the units file leaves alone keeps its supervisor: the
 * people file may not take that person's supervising role away. */
static int
check_kept_supervisors(struct import *im)
{
	struct unit_rec *all;
	uint32_t n;
	int rc;

	if ((rc = org_units_load(im->w->txn, im->w->st, &all, &n)) != 0)
		return rc;
	for (uint32_t i = 0; i < im->npeople; i++) {
		struct person_row *p = &im->people[i];

		if (!p->exists || p->bad || supervising(p->role))
			continue;
		for (uint32_t j = 0; j < n; j++)
			if (all[j].supervisor == p->id && unit_find(im, all[j].name) < 0)
				import_error(im->r, im->pf.name, p->line, "\"%s\" supervises %s, so the role "
				    "must stay supervisor or principal", p->login, all[j].name);
	}
	schema_free_array(&unit_rec_desc, all, n);
	return 0;
}

/* ---- writing ---- */

static int
write_unit(struct import *im, uint32_t i, uint32_t *failed)
{
	struct unit_row *u = &im->units[i];
	struct unit_rec rec, stored;
	struct codec_error err;
	char *kept = NULL;
	int rc;

	if (u->written)
		return 0;
	u->written = true;
	if (u->parent_row >= 0 && (rc = write_unit(im, (uint32_t)u->parent_row, failed)) != 0)
		return rc;
	memset(&rec, 0, sizeof rec);
	/* A units file without categories leaves a stored unit's alone. */
	if (u->exists && !im->has_category) {
		if ((rc = org_unit_get(im->w->txn, im->w->st, u->id, &stored)) != 0)
			return rc;
		kept = stored.category;
		stored.category = NULL;
		schema_free(&unit_rec_desc, &stored);
		u->category = kept;
	}
	rec.id = u->id;
	rec.parent = u->parent_row >= 0 ? im->units[u->parent_row].id : u->parent_id;
	rec.name = u->name;
	rec.kind = u->kind;
	rec.category = u->category;
	rec.position = i + 1;
	rc = org_unit_put(im->w, &rec, &err);
	if (kept != NULL)
		u->category = "";
	free(kept);
	if (rc == -1) {
		import_error(im->r, im->uf.name, u->line, "unit \"%s\": %s", u->name, err.message);
		(*failed)++;
		return 0;
	} else if (rc != 0)
		return rc;
	u->id = rec.id;
	if (u->exists)
		im->r->units_updated++;
	else
		im->r->units_created++;
	return 0;
}

static int
write_person(struct import *im, struct person_row *p)
{
	char hash[AUTH_HASH_MAX];
	struct user_rec u;
	int rc;

	memset(&u, 0, sizeof u);
	if (p->exists && (rc = store_user_get(im->w->txn, im->w->st, p->id, &u)) != 0)
		return rc;
	free(u.display_name);
	u.display_name = xstrdup(p->name);
	u.unit_id = p->unit_row >= 0 ? im->units[p->unit_row].id : p->unit_id;
	u.role = p->role;
	if (!p->exists) {
		u.login = xstrdup(p->login);
		if (auth_hash(p->password, hash) != 0)
			fatal("cannot hash a password: out of memory");
		u.pwhash = xstrdup(hash);
		sodium_memzero(hash, sizeof hash);
	}
	rc = store_user_put(im->w, &u);
	p->id = u.id;
	schema_free(&user_rec_desc, &u);
	progress_add(1);	/* kaohectl's bar: a new account's hash takes ~50 ms */
	if (rc == 0 && p->exists)
		im->r->people_updated++;
	else if (rc == 0)
		im->r->people_created++;
	return rc;
}

static int
write_supervisors(struct import *im, uint32_t *failed)
{
	for (uint32_t i = 0; i < im->nunits; i++) {
		struct unit_row *u = &im->units[i];
		struct codec_error err;
		struct unit_rec rec;
		int p, rc;

		if (u->supervisor[0] == '\0')
			continue;
		if ((p = person_find(im, u->supervisor)) >= 0)
			u->supervisor_id = im->people[p].id;
		if ((rc = org_unit_get(im->w->txn, im->w->st, u->id, &rec)) != 0)
			return rc;
		rec.supervisor = u->supervisor_id;
		rc = org_unit_put(im->w, &rec, &err);
		schema_free(&unit_rec_desc, &rec);
		if (rc == -1) {
			import_error(im->r, im->uf.name, u->line, "supervisor \"%s\": %s",
			    u->supervisor, err.message);
			(*failed)++;
		} else if (rc != 0)
			return rc;
	}
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *slash = path != NULL ? strrchr(path, '/') : NULL;

	return slash != NULL ? slash + 1 : path != NULL ? path : "";
}

static int
write_all(struct import *im)
{
	uint32_t failed = 0;
	char target[65];
	int rc;

	for (uint32_t i = 0; i < im->nunits; i++)
		if ((rc = write_unit(im, i, &failed)) != 0)
			return rc;
	if (failed != 0)
		return -1;
	for (uint32_t i = 0; i < im->npeople; i++)
		if ((rc = write_person(im, &im->people[i])) != 0)
			return rc;
	if ((rc = write_supervisors(im, &failed)) != 0)
		return rc;
	if (failed != 0)
		return -1;
	snprintf(target, sizeof target, "%s%s%s", base_name(im->uf.name),
	    im->uf.name != NULL && im->pf.name != NULL ? " " : "", base_name(im->pf.name));
	for (size_t len = strlen(target); len > 0 && !utf8_valid(target, len); )
		target[--len] = '\0';
	return store_audit(im->w, "org.import", target, 0,
	    "units: %u created, %u updated; people: %u created, %u updated",
	    im->r->units_created, im->r->units_updated, im->r->people_created, im->r->people_updated);
}

/* Load one file and match its header; false if it cannot be used.  Every
 * row comes out with the wanted columns in the wanted order, an optional
 * column the file lacks as ""; a row of the wrong width is reported here
 * and comes out empty, for the readers to skip. */
static bool
load(struct import *im, const char *path, struct csv_file *f, const char *const *want, size_t n,
    int *col)
{
	uint32_t width;

	if (csv_load(path, f, im->r) < 0 || csv_header(f, want, n, col, im->r) != 0)
		return false;
	width = f->rows[0].n;
	for (uint32_t i = 0; i < f->nrows; i++) {
		struct csv_row *row = &f->rows[i];
		char **tmp;

		if (row->n != width) {
			import_error(im->r, f->name, row->line, "%u fields where the header has %u",
			    row->n, width);
			for (uint32_t j = 0; j < row->n; j++)
				free(row->field[j]);
			free(row->field);
			row->field = NULL;
			row->n = 0;
			continue;
		}
		tmp = xcalloc(n, sizeof *tmp);
		for (size_t j = 0; j < n; j++)
			tmp[j] = col[j] >= 0 ? row->field[col[j]] : xstrdup("");
		free(row->field);
		row->field = tmp;
		row->n = (uint32_t)n;
	}
	return true;
}

int
org_import(struct wtx *w, const char *units_csv, const char *people_csv, struct import_report *r)
{
	struct import im = { .w = w, .r = r };
	uint32_t errors = r->errors, first = r->n;
	struct wtx_mark m;
	int col[8];
	bool ok = true;
	int rc = 0;

	if (units_csv != NULL)
		ok &= load(&im, units_csv, &im.uf, ucols, UNIT_COLUMNS, col);
	im.has_category = ok && col[4] >= 0;
	if (people_csv != NULL)
		ok &= load(&im, people_csv, &im.pf, pcols, PERSON_COLUMNS, col);
	if (!ok) {
		rc = -1;
		goto out;
	}
	read_units(&im);
	resolve_parents(&im);
	read_people(&im);
	resolve_supervisors(&im);
	if ((rc = check_kept_supervisors(&im)) != 0)
		goto out;
	if (r->errors != errors) {
		rc = -1;
		goto out;
	}
	if ((rc = store_nest_begin(w, &m)) != 0)
		goto out;
	rc = write_all(&im);
	store_nest_end(w, &m, rc == 0);
	if (rc != 0)
		r->units_created = r->units_updated = r->people_created = r->people_updated = 0;
out:
	import_report_sort(r, first, (const char *const[]){ units_csv, people_csv }, 2);
	free(im.units);
	free(im.people);
	csv_free(&im.uf);
	csv_free(&im.pf);
	return rc;
}
