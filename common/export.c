/*
 * export.c: the book of tables an export is made of (export-int.h), the
 * people's tables (登记表: the ranking; 考核评分表: a person's sheet), and
 * the CSV writer.  The organisations' tables are in export-rubric.c, the
 * XLSX writer in export-xlsx.c.
 */
#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "export-int.h"
#include "forms.h"
#include "i18n.h"
#include "period.h"
#include "util.h"

/* ---- the book ---- */

struct export_table *
ex_table_add(struct export_book *b, const char *sheet, uint32_t ncols)
{
	struct export_table *t;

	assert(ncols > 0 && ncols <= nitems(t->wide));
	b->tables = xrealloc(b->tables, (b->n + 1) * sizeof *b->tables);
	t = &b->tables[b->n++];
	memset(t, 0, sizeof *t);
	t->sheet = xstrdup(sheet);
	t->ncols = ncols;
	return t;
}

struct export_row *
ex_row(struct export_table *t, enum export_row_kind kind)
{
	struct export_row *r;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = xrealloc(t->rows, t->cap * sizeof *t->rows);
	}
	r = &t->rows[t->nrows++];
	r->kind = kind;
	r->cells = xcalloc(t->ncols, sizeof *r->cells);
	return r;
}

static char *
ex_vprintf(const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	if ((n = vsnprintf(NULL, 0, fmt, ap)) < 0)
		fatal("export: cannot format \"%s\"", fmt);
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	return s;
}

char *
ex_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = ex_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
ex_text(struct export_row *r, uint32_t col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	free(r->cells[col].text);
	r->cells[col].kind = EXPORT_TEXT;
	r->cells[col].text = ex_vprintf(fmt, ap);
	va_end(ap);
}

void
ex_num(struct export_row *r, uint32_t col, int64_t hundredths)
{
	r->cells[col].kind = EXPORT_NUMBER;
	r->cells[col].value = hundredths;
}

void
ex_head(struct export_table *t, const char *const *names)
{
	struct export_row *r = ex_row(t, EXPORT_HEAD);

	for (uint32_t i = 0; names[i] != NULL && i < t->ncols; i++)
		ex_text(r, i, "%s", i18n_tr(names[i]));
}

static void
table_free(struct export_table *t)
{
	for (uint32_t i = 0; i < t->nrows; i++) {
		for (uint32_t c = 0; c < t->ncols; c++)
			free(t->rows[i].cells[c].text);
		free(t->rows[i].cells);
	}
	free(t->rows);
	free(t->sheet);
	free(t->title);
	free(t->subtitle);
}

void
export_book_free(struct export_book **bp)
{
	struct export_book *b = *bp;

	if (b == NULL)
		return;
	for (uint32_t i = 0; i < b->n; i++)
		table_free(&b->tables[i]);
	free(b->tables);
	free(b);
	*bp = NULL;
}

void
ex_hundredths(int64_t v, bool sign, char *buf, size_t len)
{
	uint64_t a = v < 0 ? (uint64_t)-v : (uint64_t)v;

	snprintf(buf, len, "%s%llu.%02llu", v < 0 ? "-" : sign && v > 0 ? "+" : "",
	    (unsigned long long)(a / 100), (unsigned long long)(a % 100));
}

static const char *
name_or_id(const char *(*fn)(void *, uint64_t), void *arg, uint64_t id, char *buf, size_t len)
{
	const char *s = fn != NULL ? fn(arg, id) : NULL;

	if (s != NULL && s[0] != '\0')
		return s;
	snprintf(buf, len, "%llu", (unsigned long long)id);
	return buf;
}

const char *
ex_unit_name(const struct export_names *n, uint64_t id, char *buf, size_t len)
{
	return name_or_id(n->unit, n->arg, id, buf, len);
}

const char *
ex_user_name(const struct export_names *n, uint64_t id, char *buf, size_t len)
{
	return name_or_id(n->user, n->arg, id, buf, len);
}

/* Wide characters: the CJK blocks and full-width forms, which is what a
 * Chinese form holds; a paper column is measured in half-width cells. */
uint32_t
ex_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t w = 0;

	while (*p != '\0') {
		uint32_t cp = *p;
		int more = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : cp >= 0xc0 ? 1 : 0;

		if (more > 0)
			cp &= 0x3fu >> more;
		for (p++; more > 0 && (*p & 0xc0) == 0x80; more--, p++)
			cp = cp << 6 | (*p & 0x3fu);
		w += (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
		    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
		    (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x20000 ? 2 : 1;
	}
	return w;
}

/* ---- people: the ranking and a person's sheet ---- */

static const struct plan_rater *
rater_of(const struct export_people *e, const char *key)
{
	for (uint32_t i = 0; i < e->nraters; i++)
		if (strcmp(e->raters[i].key, key) == 0)
			return &e->raters[i];
	return NULL;
}

static const struct sheet_part *
part_of(const struct sheet_row *w, const char *key)
{
	for (uint32_t i = 0; i < w->parts_n; i++)
		if (strcmp(w->parts[i].key, key) == 0)
			return &w->parts[i];
	return NULL;
}

/* "1", "2（并列）", or 未完成 for a sheet still missing a part. */
static void
rank_text(struct export_row *r, uint32_t col, const struct sheet_row *w)
{
	if (!w->complete || w->rank == 0)
		ex_text(r, col, _("Incomplete"));
	else
		ex_text(r, col, "%u%s", w->rank, w->tied ? _(" (tied)") : "");
}

static void
adjustment(struct export_row *r, uint32_t col, const struct sheet_row *w)
{
	ex_num(r, col, (int64_t)w->bonus - (int64_t)w->penalty);
	r->cells[col].sign = true;
}

static void
title(struct export_table *t, const struct export_people *e, const char *form)
{
	char pn[48];

	period_name(e->sh->period, pn, sizeof pn);
	t->title = ex_printf("%s %s %s", e->plan_name, pn, form);
}

static void
ranking_table(struct export_book *b, const struct export_people *e)
{
	struct export_table *t = ex_table_add(b, _("Ranking"), 7 + e->nraters);
	uint32_t complete = 0, c;
	struct export_row *r;
	char ub[24];

	for (uint32_t i = 0; i < e->sh->rows_n; i++)
		complete += e->sh->rows[i].complete;
	title(t, e, _("Assessment register"));
	t->subtitle = ex_printf(_("Unit: %s; %u assessed, %u complete"),
	    e->scope != NULL && e->scope[0] != '\0' ? e->scope : _("All"), e->sh->rows_n, complete);
	r = ex_row(t, EXPORT_HEAD);
	ex_text(r, 0, _("No."));
	ex_text(r, 1, _("Name"));
	ex_text(r, 2, _("Unit"));
	for (c = 0; c < e->nraters; c++)
		ex_text(r, 3 + c, _("%s (%u%%)"), e->raters[c].name, e->raters[c].weight);
	ex_text(r, 3 + c, _("Bonus/penalty"));
	ex_text(r, 4 + c, _("Composite score"));
	ex_text(r, 5 + c, _("Grade"));
	ex_text(r, 6 + c, _("Rank"));
	for (uint32_t i = 0; i < e->sh->rows_n; i++) {
		const struct sheet_row *w = &e->sh->rows[i];

		r = ex_row(t, EXPORT_BODY);
		ex_text(r, 0, "%u", i + 1);
		ex_text(r, 1, "%s", w->name);
		ex_text(r, 2, "%s", ex_unit_name(&e->names, w->unit_id, ub, sizeof ub));
		for (c = 0; c < e->nraters; c++) {
			const struct sheet_part *sp = part_of(w, e->raters[c].key);

			if (sp != NULL && sp->count > 0)
				ex_num(r, 3 + c, sp->score);
		}
		adjustment(r, 3 + c, w);
		if (w->complete) {
			ex_num(r, 4 + c, w->composite);
			ex_text(r, 5 + c, "%s", grade_name(w->grade));
		}
		rank_text(r, 6 + c, w);
	}
}

static const char *
level_name(const struct export_people *e, const char *key)
{
	for (uint32_t i = 0; i < e->nlevels; i++)
		if (strcmp(e->levels[i].key, key) == 0)
			return e->levels[i].name;
	return key;
}

/* 表彰和通报批评, then the named scores (实名评分); never a score of an
 * anonymous part, whatever a reply holds. */
static void
person_lists(struct export_table *t, const struct export_people *e, const struct sheet_row *w)
{
	static const char *const commend_head[] = {
		N_("No."), N_("Level"), N_("Type"), N_("Work"), N_("Explanation"), NULL,
	};
	static const char *const score_head[] = {
		N_("No."), N_("Part"), N_("Rater"), N_("Score given"), "", NULL,
	};
	struct export_row *r;
	char ub[24];
	uint32_t n = 0;

	if (w->commendations_n > 0)
		ex_head(t, commend_head);
	for (uint32_t i = 0; i < w->commendations_n; i++) {
		const struct commendation_rec *cr = &w->commendations[i];

		r = ex_row(t, EXPORT_BODY);
		ex_text(r, 0, "%u", i + 1);
		ex_text(r, 1, "%s", level_name(e, cr->level));
		ex_text(r, 2, "%s", cr->criticism ? _("Criticism") : _("Commendation"));
		ex_text(r, 3, "%s", cr->work);
		ex_text(r, 4, "%s", cr->note);
	}
	for (uint32_t i = 0; i < w->scores_n; i++) {
		const struct plan_rater *rt = rater_of(e, w->scores[i].part);

		if (rt == NULL || rt->anonymous)
			continue;
		if (n == 0)
			ex_head(t, score_head);
		r = ex_row(t, EXPORT_BODY);
		ex_text(r, 0, "%u", ++n);
		ex_text(r, 1, "%s", rt->name);
		ex_text(r, 2, "%s", ex_user_name(&e->names, w->scores[i].rater, ub, sizeof ub));
		ex_num(r, 3, w->scores[i].score);
	}
}

/* A person's sheet, its worksheet named by their place in the ranking. */
static void
person_table(struct export_book *b, const struct export_people *e, uint32_t index)
{
	static const char *const head[] = {
		N_("Part assessed"), N_("Weight"), N_("Score"), N_("Raters"), N_("Explanation"), NULL,
	};
	const struct sheet_row *w = &e->sh->rows[index];
	char *sheet = ex_printf("%u %s", index + 1, w->name);
	struct export_table *t = ex_table_add(b, sheet, 5);
	struct export_row *r;
	char ub[24];

	free(sheet);
	title(t, e, _("Assessment score sheet"));
	t->subtitle = ex_printf(_("Name: %s; unit: %s"), w->name,
	    ex_unit_name(&e->names, w->unit_id, ub, sizeof ub));
	t->wide[4] = true;
	ex_head(t, head);
	for (uint32_t c = 0; c < e->nraters; c++) {
		const struct plan_rater *rt = &e->raters[c];
		const struct sheet_part *sp = part_of(w, rt->key);

		r = ex_row(t, EXPORT_BODY);
		ex_text(r, 0, "%s", rt->name);
		ex_text(r, 1, "%u%%", rt->weight);
		if (sp != NULL && sp->count > 0)
			ex_num(r, 2, sp->score);
		ex_text(r, 3, "%u", sp != NULL ? sp->count : 0);
		if (rt->anonymous)
			ex_text(r, 4, _("Anonymous vote: only the mean and the count"));
		else if (rt->adjusted)
			ex_text(r, 4, _("Commendations and criticisms are listed separately"));
	}
	r = ex_row(t, EXPORT_TOTAL);
	ex_text(r, 0, _("Bonus/penalty"));
	adjustment(r, 2, w);
	r = ex_row(t, EXPORT_TOTAL);
	ex_text(r, 0, _("Composite score"));
	if (w->complete)
		ex_num(r, 2, w->composite);
	else
		ex_text(r, 4, _("Incomplete: some parts have no score yet"));
	r = ex_row(t, EXPORT_TOTAL);
	ex_text(r, 0, _("Grade"));
	if (w->complete)
		ex_text(r, 2, "%s", grade_name(w->grade));
	r = ex_row(t, EXPORT_TOTAL);
	ex_text(r, 0, _("Rank"));
	rank_text(r, 2, w);
	person_lists(t, e, w);
}

struct export_book *
export_people_book(const struct export_people *e)
{
	struct export_book *b = xcalloc(1, sizeof *b);

	ranking_table(b, e);
	for (uint32_t i = 0; i < e->sh->rows_n; i++)
		person_table(b, e, i);
	return b;
}

struct export_book *
export_person_book(const struct export_people *e, uint64_t subject)
{
	struct export_book *b;

	for (uint32_t i = 0; i < e->sh->rows_n; i++)
		if (e->sh->rows[i].subject == subject) {
			b = xcalloc(1, sizeof *b);
			person_table(b, e, i);
			return b;
		}
	return NULL;
}

/* ---- writing ---- */

/* A file beside path, to be renamed over it when it is whole.  mkstemp
 * makes it 0600: rankings are personnel records. */
int
ex_temp_path(const char *path, char **tmp, char *err, size_t errlen)
{
	int fd;

	*tmp = ex_printf("%s.XXXXXX", path);
	if ((fd = mkstemp(*tmp)) < 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		free(*tmp);
		*tmp = NULL;
		return -1;
	}
	close(fd);
	return 0;
}

int
ex_temp_finish(char *tmp, const char *path, int rc, char *err, size_t errlen)
{
	if (rc == 0 && rename(tmp, path) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* RFC 4180: a field holding a comma, a quote or a line break is quoted,
 * its quotes doubled. */
static void
csv_field(struct kbuf *out, const char *s)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		kbuf_append(out, s, strlen(s));
		return;
	}
	kbuf_append(out, "\"", 1);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			kbuf_append(out, "\"", 1);
		kbuf_append(out, s, 1);
	}
	kbuf_append(out, "\"", 1);
}

/* One line of ncols fields: `first` in the first (a title), or the row. */
static void
csv_line(struct kbuf *out, uint32_t ncols, const char *first, const struct export_row *r)
{
	char num[32];

	for (uint32_t c = 0; c < ncols; c++) {
		const struct export_cell *cell = r != NULL ? &r->cells[c] : NULL;

		if (c > 0)
			kbuf_append(out, ",", 1);
		if (cell == NULL) {
			if (c == 0)
				csv_field(out, first);
		} else if (cell->kind == EXPORT_TEXT) {
			csv_field(out, cell->text);
		} else if (cell->kind == EXPORT_NUMBER) {
			ex_hundredths(cell->value, cell->sign, num, sizeof num);
			kbuf_append(out, num, strlen(num));
		}
	}
	kbuf_append(out, "\r\n", 2);
}

void
export_book_progress(struct export_book *b, bool (*progress)(void *arg), void *arg)
{
	b->progress = progress;
	b->progress_arg = arg;
}

uint64_t
export_book_rows(const struct export_book *b, bool csv)
{
	uint64_t n = 0;

	for (uint32_t i = 0; i < b->n && (!csv || i == 0); i++)
		n += b->tables[i].nrows;
	return n;
}

bool
ex_row_done(const struct export_book *b)
{
	return b->progress == NULL || b->progress(b->progress_arg);
}

/* The book's first table as CSV bytes. */
int
ex_csv(const struct export_book *b, struct kbuf *out)
{
	const struct export_table *t = &b->tables[0];

	kbuf_append(out, "\xef\xbb\xbf", 3);
	csv_line(out, t->ncols, t->title != NULL ? t->title : "", NULL);
	if (t->subtitle != NULL)
		csv_line(out, t->ncols, t->subtitle, NULL);
	for (uint32_t i = 0; i < t->nrows; i++) {
		csv_line(out, t->ncols, NULL, &t->rows[i]);
		if (!ex_row_done(b))
			return -1;
	}
	return 0;
}

int
export_write_csv(const struct export_book *b, const char *path, char *err, size_t errlen)
{
	struct kbuf out = { 0 };
	char *tmp;
	FILE *f;
	int rc = 0;

	if (ex_temp_path(path, &tmp, err, errlen) != 0)
		return -1;
	if (ex_csv(b, &out) != 0) {
		snprintf(err, errlen, "cannot write %s: stopped", path);
		kbuf_free(&out);
		return ex_temp_finish(tmp, path, -1, err, errlen);
	}
	if ((f = fopen(tmp, "wb")) == NULL || fwrite(out.data, 1, out.len, f) != out.len) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	if (f != NULL && fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	kbuf_free(&out);
	return ex_temp_finish(tmp, path, rc, err, errlen);
}
