/*
 * calendar.c: the working-day calendar and period locks in LMDB (see
 * calendar.h), and the import of a year's holidays from the CSV file an
 * admin keeps, e.g. schema/calendar-2026.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "calendar.h"

#define CAL_YEARS	100	/* 2000-2099, day_valid()'s range */

static MDB_val
date_key(unsigned char k[4], uint32_t date)
{
	be32_put(k, date);
	return (MDB_val){ 4, k };
}

int
calendar_load(MDB_txn *txn, struct store *st, struct calendar *out)
{
	MDB_cursor *c;
	MDB_val k, v;
	uint32_t cap = 32;
	int rc;

	out->days = xcalloc(cap, sizeof *out->days);
	out->n = 0;
	if ((rc = mdb_cursor_open(txn, st->calendar, &c)) != 0)
		goto fail;
	/* Keys are big-endian dates, so the cursor walks in date order. */
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		struct codec_error err;

		if (out->n == cap) {
			cap *= 2;
			out->days = xrealloc(out->days, cap * sizeof *out->days);
		}
		if (k.mv_size != 4 || codec_decode_record(&calendar_day_desc, v.mv_data,
		    v.mv_size, &out->days[out->n], &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		out->n++;
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		return 0;
fail:
	calendar_free(out);
	return rc;
}

const char *
calendar_day_problem(const struct calendar_day *d)
{
	const char *name = d->name != NULL ? d->name : "";
	int wd;

	if (!day_valid(d->date))
		return "not a day between 2000-01-01 and 2099-12-31";
	if (d->kind != CAL_HOLIDAY && d->kind != CAL_WORKDAY)
		return "kind must be holiday (放假) or workday (上班)";	/* data */
	if (strlen(name) > 64 || !utf8_valid(name, strlen(name)) || !csv_text_ok(name))
		return "name must be one line of UTF-8, at most 64 bytes";
	wd = day_weekday(d->date);
	if (d->kind == CAL_WORKDAY && wd >= 1 && wd <= 5)
		return "is a weekday already: a make-up working day (上班) falls on a Saturday or Sunday";	/* data */
	return NULL;
}

static int
day_write(struct wtx *w, const struct calendar_day *d)
{
	unsigned char k[4];

	be32_put(k, d->date);
	w->org_changed = true;		/* deadlines move: clients resync */
	return store_put_rec(w->txn, w->st->calendar, k, 4, &calendar_day_desc, d);
}

int
calendar_put(struct wtx *w, const struct calendar_day *d)
{
	char day[16];
	int rc;

	if (calendar_day_problem(d) != NULL)
		return -1;
	if ((rc = day_write(w, d)) != 0)
		return rc;
	day_format(d->date, day, sizeof day);
	return store_audit(w, "calendar.put", day, 0, "%s %s",
	    d->kind == CAL_HOLIDAY ? "holiday 放假" : "workday 上班", d->name != NULL ? d->name : "");	/* data */
}

int
calendar_delete(struct wtx *w, uint32_t date)
{
	unsigned char k[4];
	MDB_val kv = date_key(k, date);
	char day[16];
	int rc;

	if ((rc = mdb_del(w->txn, w->st->calendar, &kv, NULL)) != 0)
		return rc;
	w->org_changed = true;
	day_format(date, day, sizeof day);
	return store_audit(w, "calendar.delete", day, 0, "removed");
}

static uint32_t
kind_parse(const char *s)
{
	if (strcmp(s, "holiday") == 0 || strcmp(s, "放假") == 0)	/* data */
		return CAL_HOLIDAY;
	if (strcmp(s, "workday") == 0 || strcmp(s, "上班") == 0)	/* data */
		return CAL_WORKDAY;
	return 0;
}

/* Delete the stored days of the years marked in `years`; count them. */
static int
remove_years(struct wtx *w, const bool *years, uint32_t *removed)
{
	uint32_t *gone = NULL, n = 0, cap = 0;
	MDB_cursor *c;
	MDB_val k, v;
	int rc;

	/* Collect first, delete after: no cursor walks over its own deletes. */
	if ((rc = mdb_cursor_open(w->txn, w->st->calendar, &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		uint32_t date = k.mv_size == 4 ? be32_get(k.mv_data) : 0;
		uint32_t y = date / 10000;

		if (y < 2000 || y >= 2000 + CAL_YEARS || !years[y - 2000])
			continue;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			gone = xrealloc(gone, cap * sizeof *gone);
		}
		gone[n++] = date;
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	for (uint32_t i = 0; rc == 0 && i < n; i++) {
		unsigned char kb[4];
		MDB_val kv = date_key(kb, gone[i]);

		rc = mdb_del(w->txn, w->st->calendar, &kv, NULL);
	}
	free(gone);
	if (rc == 0)
		*removed = n;
	return rc;
}

/* Check the file's rows into days[]; every mistake is reported. */
static void
import_rows(struct csv_file *f, const int *col, struct calendar_day *days, uint32_t *n,
    struct import_report *r)
{
	for (uint32_t i = 1; i < f->nrows; i++) {
		struct csv_row *row = &f->rows[i];
		struct calendar_day d = { 0 };
		const char *why, *date, *kind;

		if (!csv_row_width(f, row, r))
			continue;
		date = csv_trim(row->field[col[0]]);
		kind = csv_trim(row->field[col[1]]);
		d.name = csv_trim(row->field[col[2]]);
		if (!day_parse(date, &d.date)) {
			import_error(r, f->name, row->line, "date \"%s\" is not a day like 2026-10-01", date);
			continue;
		}
		if ((d.kind = kind_parse(kind)) == 0) {
			import_error(r, f->name, row->line,
			    "kind \"%s\" must be holiday, workday, 放假 or 上班", kind);	/* data */
			continue;
		}
		if ((why = calendar_day_problem(&d)) != NULL) {
			import_error(r, f->name, row->line, "%s: %s", date, why);
			continue;
		}
		for (uint32_t j = 0; j < *n; j++)
			if (days[j].date == d.date) {
				import_error(r, f->name, row->line, "%s is listed twice", date);
				goto next;
			}
		days[(*n)++] = d;
	next:	;
	}
}

int
calendar_import_csv(struct wtx *w, const char *path, struct import_report *r)
{
	static const char *const want[] = { "date", "kind", "name" };
	struct calendar_day *days = NULL;
	uint32_t n = 0, errors = r->errors, first = r->n, removed = 0;
	bool years[CAL_YEARS] = { false };
	struct csv_file f;
	struct wtx_mark m;
	const char *base;
	int col[3], rc;
	char target[65];

	/* A syntax error leaves its record out; the others are still checked. */
	if (csv_load(path, &f, r) < 0 || csv_header(&f, want, nitems(want), col, r) != 0) {
		csv_free(&f);
		return -1;
	}
	days = xcalloc(f.nrows, sizeof *days);
	import_rows(&f, col, days, &n, r);
	if (r->errors != errors) {
		rc = -1;
		goto out;
	}
	if (n == 0) {
		import_error(r, path, 0, "no days to import");
		rc = -1;
		goto out;
	}
	/* A nested transaction, so that a failure leaves the caller's as it was. */
	if ((rc = store_nest_begin(w, &m)) != 0)
		goto out;
	for (uint32_t i = 0; i < n; i++)
		years[days[i].date / 10000 - 2000] = true;
	if ((rc = remove_years(w, years, &removed)) != 0)
		goto abort;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = day_write(w, &days[i])) != 0)
			goto abort;
	base = strrchr(path, '/') != NULL ? strrchr(path, '/') + 1 : path;
	snprintf(target, sizeof target, "%s", base);
	for (size_t len = strlen(target); len > 0 && !utf8_valid(target, len); )
		target[--len] = '\0';
	if ((rc = store_audit(w, "calendar.import", target, 0, "%u days written, %u replaced",
	    n, removed)) != 0)
		goto abort;
	store_nest_end(w, &m, true);
	r->days = n;
	r->days_removed = removed;
	goto out;
abort:
	store_nest_end(w, &m, false);
out:
	import_report_sort(r, first, &path, 1);
	free(days);		/* the names belong to f */
	csv_free(&f);
	return rc;
}

int
period_get(MDB_txn *txn, struct store *st, const struct calendar *cal, uint32_t code,
    struct period_rec *out)
{
	struct calendar own = { NULL, 0 };
	struct period_rec stored;
	unsigned char k[4];
	int rc;

	memset(out, 0, sizeof *out);
	if (!period_valid(code))
		return -1;
	if (cal == NULL) {
		if ((rc = calendar_load(txn, st, &own)) != 0)
			return rc;
		cal = &own;
	}
	calendar_period(cal, code, out);
	calendar_free(&own);
	be32_put(k, code);
	rc = store_get_rec(txn, st->periods, k, 4, &period_rec_desc, &stored);
	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	out->locked = stored.locked;
	out->locked_by = stored.locked_by;
	out->locked_at = stored.locked_at;
	schema_free(&period_rec_desc, &stored);
	return 0;
}

int
period_set_lock(struct wtx *w, uint32_t code, bool locked, uint64_t by)
{
	struct period_rec p;
	unsigned char k[4];
	char target[32], name[64];
	int rc;

	if ((rc = period_get(w->txn, w->st, NULL, code, &p)) != 0)
		return rc;
	p.locked = locked;
	p.locked_by = by;
	p.locked_at = now_ms();
	be32_put(k, code);
	w->org_changed = true;
	if ((rc = store_put_rec(w->txn, w->st->periods, k, 4, &period_rec_desc, &p)) != 0)
		return rc;
	snprintf(target, sizeof target, "period %u", code);
	period_word(code, name, sizeof name);
	return store_audit(w, locked ? "period.lock" : "period.unlock", target, 0, "%s %s",
	    name, locked ? "locked 已锁定" : "reopened 已解锁");	/* data */
}

bool
period_is_locked(MDB_txn *txn, struct store *st, uint32_t code)
{
	static const enum period_type types[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR };
	uint32_t first;

	if (!period_valid(code))
		return false;
	first = period_first_day(code);
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
		uint32_t outer = period_of_day(types[i], first);
		unsigned char k[4];
		struct period_rec p;
		bool locked;

		if (!period_contains(outer, code))
			continue;
		be32_put(k, outer);
		if (store_get_rec(txn, st->periods, k, 4, &period_rec_desc, &p) != 0)
			continue;
		locked = p.locked;
		schema_free(&period_rec_desc, &p);
		if (locked)
			return true;
	}
	return false;
}
