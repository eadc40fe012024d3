/*
 * client-archive.c: 我的考核: the user's own assessment archive (考核档案):
 * every record about them across the years, with the feedback on it
 * (comments, grades, reasons), and for those who see others (department
 * heads, supervising leaders, the principal, the admin, the organisation
 * department) the archive of everyone in their scope.  A record opens in
 * client-review.c (read it, its history, a correction where allowed).
 *
 * The archive of the person shown can be exported to a UTF-8 CSV file or
 * a text file in the current directory, after the path is confirmed.  The
 * export is a job in steps on the main loop (client-job.h), one record a
 * step, since it reads the synced copy; a long one shows its progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-doc.h"
#include "client-job.h"
#include "client-model.h"
#include "client-net.h"
#include "client-review.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-trend.h"
#include "client-ui.h"

#define PEOPLE_WIDTH	18

enum { ASK_EXPORT_CSV = 1, ASK_EXPORT_TEXT };

struct archive_state {
	uint64_t	*people;	/* in scope, the user first */
	size_t		 npeople;
	struct list	 plist;		/* the people shown: indexes into people */
	int		 pane;		/* 0 people, 1 records */

	uint64_t	*recs;		/* ids of the selected person's records */
	size_t		 nrecs;
	struct list	 rlist;		/* the records shown: indexes into recs */
	uint32_t	 kind;		/* f: the kind of record shown, 0 all */
	uint64_t	 built;		/* model builds the lists were made on */
	uint64_t	 built_person;
	uint32_t	 built_kind;

	struct review	*rv;
	struct trend	 trend;		/* the person's results over the year */
	char		 trend_plan[65];	/* "" the first people plan; p the next */
	char		 path[PATH_MAX];
};

const char *const archive_help[] = {
	"↑↓", N_("Select a record (Tab or ←/→: people / records)"),
	N_("Enter or click"), N_("Open it: text, comment, grade; h history, E correct"),
	"/", N_("Search the list on the left or right (where the cursor is); Esc clears"),
	"f", N_("Show one kind of record: monthly, quarterly, evaluations, talks, or all"),
	"p", N_("The results line: the next scoring plan"),
	"", N_("The results line shows the year's results, one cell a month (or quarter): "
	    "the higher, the better"),
	"x", N_("Export all the person's records as CSV (UTF-8)"),
	"X", N_("Export as a text file (current folder)"),
	"i", N_("Points: the person's entries ([ ] period, l ledger)"),
	"", N_("Exports ask first, showing the file's path"),
	NULL, NULL
};

static struct archive_state *
state(struct ui *ui)
{
	if (ui->archive == NULL) {
		ui->archive = xcalloc(1, sizeof *ui->archive);
		ui->archive->rv = review_new();
		ui->archive->pane = 1;
	}
	return ui->archive;
}

void
archive_free(struct ui *ui)
{
	ledger_free(ui);
	if (ui->archive == NULL)
		return;
	review_free(&ui->archive->rv);
	free(ui->archive->people);
	free(ui->archive->recs);
	list_free(&ui->archive->plist);
	list_free(&ui->archive->rlist);
	free(ui->archive);
	ui->archive = NULL;
}

/* Records newest period first, then by kind. */
static const struct model *sort_model;

static int
rec_cmp(const void *a, const void *b)
{
	const struct doc *x = sync_doc_find(sort_model->sync, *(const uint64_t *)a);
	const struct doc *y = sync_doc_find(sort_model->sync, *(const uint64_t *)b);
	uint32_t lx = period_last_day(x->period), ly = period_last_day(y->period);

	if (lx != ly)
		return lx > ly ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static uint64_t
person_shown(struct archive_state *as)
{
	size_t i = list_cur(&as->plist);

	return i != LIST_NONE ? as->people[i] : 0;
}

static void
offer_people(struct ui *ui, struct archive_state *as)
{
	struct model *m = ui_model(ui);
	char text[256];

	list_begin(&as->plist);
	for (size_t i = 0; i < as->npeople; i++) {
		const struct person *p = model_person(m, as->people[i]);

		snprintf(text, sizeof text, "%s %s %s", model_name(m, as->people[i]),
		    model_unit_name(m, model_unit_of(m, as->people[i])),
		    p != NULL && p->login != NULL ? p->login : "");
		list_offer(&as->plist, (uint32_t)i, as->people[i], text);
	}
	list_end(&as->plist);
}

static void
offer_records(struct ui *ui, struct archive_state *as)
{
	char text[640], pn[64];

	list_begin(&as->rlist);
	for (size_t i = 0; i < as->nrecs; i++) {
		const struct doc *d = sync_doc_find(client_net_sync(ui->net), as->recs[i]);

		if (d == NULL || (as->kind != 0 && d->kind != as->kind))
			continue;
		period_name(d->period, pn, sizeof pn);
		snprintf(text, sizeof text, "%s %s %s %s %s", pn, doc_kind_name(d->kind),
		    doc_state_name(d->state), d->grade ? grade_name(d->grade) : "",
		    d->state == DOC_RETURNED ? (d->return_reason != NULL ? d->return_reason : "") :
		    (d->comment != NULL ? d->comment : ""));
		list_offer(&as->rlist, (uint32_t)i, d->id, text);
	}
	list_end(&as->rlist);
}

static void
rebuild(struct ui *ui, struct archive_state *as)
{
	struct model *m = ui_model(ui);
	struct sync *s = client_net_sync(ui->net);
	size_t first, n;

	if (as->built != m->builds) {
		as->people = xrealloc(as->people, (sync_person_count(s) + 1) * sizeof *as->people);
		as->npeople = 0;
		if (ui_role(ui) != ROLE_ORG_DEPT)
			as->people[as->npeople++] = ui_me(ui);
		for (size_t i = 0; i < sync_person_count(s); i++) {
			const struct person *p = sync_person(s, i);

			if (p->id != ui_me(ui) && p->role != ROLE_ORG_DEPT && model_sees(m, p))
				as->people[as->npeople++] = p->id;
		}
	}
	if (as->built != m->builds || list_dirty(&as->plist))
		offer_people(ui, as);
	if (as->built == m->builds && as->built_person == person_shown(as) &&
	    as->built_kind == as->kind && !list_dirty(&as->rlist))
		return;
	if (as->built != m->builds || as->built_person != person_shown(as)) {
		first = model_docs_about(m, person_shown(as), &n);
		as->recs = xrealloc(as->recs, (n ? n : 1) * sizeof *as->recs);
		as->nrecs = 0;
		for (size_t i = 0; i < n; i++) {
			const struct doc *d = model_doc_at(m, first + i);

			/* The subject sees an evaluation once it is signed. */
			if (d->kind == DOC_EVALUATION && d->state == DOC_DRAFT && d->author != ui_me(ui))
				continue;
			as->recs[as->nrecs++] = d->id;
		}
		sort_model = m;
		if (as->nrecs > 1)
			qsort(as->recs, as->nrecs, sizeof *as->recs, rec_cmp);
	}
	if (as->built_person != person_shown(as))
		as->rlist.sel = as->rlist.top = 0;
	offer_records(ui, as);
	as->built = m->builds;
	as->built_person = person_shown(as);
	as->built_kind = as->kind;
}

static const struct doc *
rec(struct ui *ui, struct archive_state *as, size_t i)
{
	return i < as->nrecs ? sync_doc_find(client_net_sync(ui->net), as->recs[i]) : NULL;
}

/* One line of feedback over the whole archive. */
static void
draw_summary(struct ui *ui, struct archive_state *as, int y, int x, int w)
{
	unsigned filed = 0, months = 0, grades[5] = { 0 }, returned = 0;
	char buf[256];

	for (size_t i = 0; i < as->nrecs; i++) {
		const struct doc *d = rec(ui, as, i);

		if (d->kind == DOC_MONTHLY) {
			months++;
			filed += d->state == DOC_FILED;
		}
		if (d->kind == DOC_EVALUATION && d->state >= DOC_SIGNED && d->grade <= 4)
			grades[d->grade]++;
		returned += d->state == DOC_RETURNED;
	}
	snprintf(buf, sizeof buf, ngettext("%s: %zu record, %u/%u months filed; %s %u, %s %u, %s %u, %s %u%s",
	    "%s: %zu records, %u/%u months filed; %s %u, %s %u, %s %u, %s %u%s", as->nrecs),
	    model_name(ui_model(ui), person_shown(as)), as->nrecs, filed, months,
	    grade_name(GRADE_EXCELLENT), grades[1], grade_name(GRADE_EXCELLENT + 1), grades[2],
	    grade_name(GRADE_EXCELLENT + 2), grades[3], grade_name(GRADE_INCOMPETENT), grades[4],
	    returned ? _("  some returned") : "");
	ui_put_cut(y, x, w, buf, ui_attr(UI_HEADER), true, true);
}

static void
draw_records(struct ui *ui, struct archive_state *as, int y, int x, int rows, int w)
{
	char line[512], pn[64], kind[64], st[64], gr[64], fb[256], h[4][64];
	int kw = 9, sw = 7, gw = 9;

	/* kind, state and grade as wide as their words (English is wider),
	 * within reason */
	for (uint32_t k = DOC_MONTHLY; k <= DOC_TASK; k++)
		if (text_width(doc_kind_name(k)) + 1 > kw)
			kw = text_width(doc_kind_name(k)) + 1;
	for (uint32_t s = DOC_DRAFT; s <= DOC_DONE; s++)
		if (text_width(doc_state_name(s)) + 1 > sw)
			sw = text_width(doc_state_name(s)) + 1;
	for (uint32_t g = GRADE_EXCELLENT; g <= GRADE_INCOMPETENT; g++)
		if (text_width(grade_name(g)) + 1 > gw)
			gw = text_width(grade_name(g)) + 1;
	kw = kw > 15 ? 15 : kw;
	sw = sw > 11 ? 11 : sw;
	gw = gw > 12 ? 12 : gw;
	draw_summary(ui, as, y, x, w);
	text_fit(_("Period"), 15, true, false, h[0], sizeof h[0]);
	text_fit(_("Type"), kw, true, false, h[1], sizeof h[1]);
	text_fit(_("State"), sw, true, false, h[2], sizeof h[2]);
	text_fit(_("Grade"), gw, true, false, h[3], sizeof h[3]);
	snprintf(line, sizeof line, "%s %s %s %s %s", h[0], h[1], h[2], h[3],
	    _("Comment / opinion / reason"));
	trend_want(ui, &as->trend, as->trend_plan, person_shown(as),
	    model_unit_of(ui_model(ui), person_shown(as)), ui_today(ui) / 10000);
	trend_draw(ui, &as->trend, y + 1, x, w);
	ui_put(y + 2, x, w, line, ui_attr(UI_DIM), true);
	y += 3;
	rows -= 3;
	if (as->nrecs == 0 || as->rlist.n == 0) {
		ui_put(y + 1, x + 2, w - 4, list_empty(&as->rlist) != NULL ? list_empty(&as->rlist) :
		    as->nrecs == 0 ? _("No records yet") : _("No records of this kind (f for another)"),
		    ui_attr(UI_DIM), false);
		return;
	}
	list_place(&as->rlist, y, x, w, rows);
	for (int r = 0; r < rows; r++) {
		size_t i = as->rlist.top + (size_t)r;
		const struct doc *d = rec(ui, as, list_at(&as->rlist, i));
		const char *say;
		int look;

		if (d == NULL)
			break;
		period_name(d->period, pn, sizeof pn);
		text_fit(pn, 15, true, false, pn, sizeof pn);
		text_fit(doc_kind_name(d->kind), kw, true, false, kind, sizeof kind);
		text_fit(doc_state_name(d->state), sw, true, false, st, sizeof st);
		text_fit(d->grade ? grade_name(d->grade) : "", gw, true, false, gr, sizeof gr);
		/* the comment is long text: a snapshot's slim copy is fetched
		 * whole for the rows shown, and says so meanwhile */
		say = ui_doc_loading(ui, ui_doc(ui, d)) ? _("(loading…)") :
		    d->state == DOC_RETURNED ? d->return_reason : d->comment;
		snprintf(fb, sizeof fb, "%s%s", d->supersedes ? _("[corrected] ") : "",
		    say != NULL ? say : "");
		for (char *c = fb; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
		snprintf(line, sizeof line, "%s %s %s %s %s", pn, kind, st, gr, fb);
		look = i == as->rlist.sel ? (as->pane == 1 ? UI_SELECTED : UI_SELECTED_DIM) :
		    d->state == DOC_RETURNED || d->grade == GRADE_INCOMPETENT ? UI_ERROR : UI_NORMAL;
		ui_put_cut(y + r, x, w, line, ui_attr(look), true, true);
	}
}

static void
draw_people(struct ui *ui, struct archive_state *as, int y, int rows)
{
	struct model *m = ui_model(ui);
	char line[128];

	ui_put(y, 1, PEOPLE_WIDTH - 1, _("People"), ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (list_empty(&as->plist) != NULL)
		ui_put(y, 1, PEOPLE_WIDTH - 1, _("(nobody)"), ui_attr(UI_DIM), true);
	list_place(&as->plist, y, 0, PEOPLE_WIDTH, rows);
	for (int r = 0; r < rows; r++) {
		size_t k = as->plist.top + (size_t)r, i = list_at(&as->plist, k);
		char name[32];

		if (i == LIST_NONE)
			break;
		text_fit(model_name(m, as->people[i]), 7, true, true, name, sizeof name);
		snprintf(line, sizeof line, "%s %s", name, as->people[i] == ui_me(ui) ? _("(you)") :
		    model_unit_name(m, model_unit_of(m, as->people[i])));
		ui_put_cut(y + r, 1, PEOPLE_WIDTH - 1, line, ui_attr(k == as->plist.sel ?
		    (as->pane == 0 ? UI_SELECTED : UI_SELECTED_DIM) : UI_NORMAL), true, true);
	}
}

void
archive_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Tab", N_("Switch"), "Enter", N_("Show"), "f", N_("Kind"), "x/X", N_("To a file"),
		"i", N_("Ledgers"), "?", N_("Help"), NULL
	};
	static const char *const own_keys[] = {
		"Enter", N_("Show"), "f", N_("Kind"), "x/X", N_("To a file"), "i", N_("Ledgers"),
		"p", N_("Plan"), "?", N_("Help"), "q", N_("Quit"), NULL
	};
	struct archive_state *as = state(ui);
	int y = UI_TOP, rows = ui_rows();

	if (ledger_shown(ui, SCREEN_MINE)) {
		ledger_draw(ui);
		return;
	}
	rebuild(ui, as);
	if (review_is_open(as->rv)) {
		char pos[32];

		snprintf(pos, sizeof pos, "%zu/%zu", as->rlist.sel + 1, as->rlist.n);
		ui_frame(ui, _("Archive"), review_keys(ui, as->rv));
		review_draw(ui, as->rv, y, rows, pos);
		return;
	}
	ui_frame(ui, as->npeople > 1 ? _("Archive") : _("My assessment"),
	    list_keys(as->pane == 0 ? &as->plist : &as->rlist, as->npeople > 1 ? keys : own_keys));
	if (as->npeople > 1) {
		draw_people(ui, as, y, rows);
		attron(ui_attr(UI_DIM));
		mvvline(y, PEOPLE_WIDTH, ACS_VLINE, rows);
		attroff(ui_attr(UI_DIM));
		draw_records(ui, as, y, PEOPLE_WIDTH + 2, rows, COLS - PEOPLE_WIDTH - 3);
	} else if (as->npeople == 1)
		draw_records(ui, as, y, 1, rows, COLS - 2);
}

/* ---- export ---- */

static void
csv_field(FILE *f, const char *s, bool last)
{
	s = s != NULL ? s : "";
	if (strpbrk(s, ",\"\n\r") != NULL) {
		fputc('"', f);
		for (; *s != '\0'; s++) {
			if (*s == '"')
				fputc('"', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else
		fputs(s, f);
	fputs(last ? "\r\n" : ",", f);
}

static const char *const csv_keys[] = {
	"duties", "goals", "plan", "performance", "tasks", "attendance", "note",
};

static void
csv_head(FILE *f)
{
	/* A byte order mark lets spreadsheet programs read the file as UTF-8. */
	fputs("\xef\xbb\xbf", f);
	fputs(_("Name,Department,Period,Kind,State,Grade,Due,Submitted,Reviewer,Reviewed,"
	    "Comment or opinion,Reason returned,Reason corrected,Version,"), f);
	for (size_t k = 0; k < nitems(csv_keys); k++) {
		fputs(ui_field_label(csv_keys[k]), f);
		fputc(',', f);
	}
	fputs(_("Unfinished tasks"), f);
	fputs("\r\n", f);
}

static void
csv_row(struct ui *ui, const struct doc *d, FILE *f)
{
	struct model *m = ui_model(ui);
	char pn[64], due[32], t1[32], t2[32], num[16];
	struct kbuf tasks = { 0 };

	period_name(d->period, pn, sizeof pn);
	day_format(d->due, due, sizeof due);
	ui_time(d->submitted_at, t1, sizeof t1);
	ui_time(d->reviewed_at, t2, sizeof t2);
	snprintf(num, sizeof num, "%llu", (unsigned long long)d->version);
	csv_field(f, model_name(m, d->subject), false);
	csv_field(f, model_unit_name(m, d->unit_id), false);
	csv_field(f, pn, false);
	csv_field(f, doc_kind_name(d->kind), false);
	csv_field(f, doc_state_name(d->state), false);
	csv_field(f, d->grade ? grade_name(d->grade) : "", false);
	csv_field(f, d->due ? due : "", false);
	csv_field(f, d->submitted_at ? t1 : "", false);
	csv_field(f, d->reviewed_by ? model_name(m, d->reviewed_by) : "", false);
	csv_field(f, d->reviewed_at ? t2 : "", false);
	csv_field(f, d->comment, false);
	csv_field(f, d->return_reason, false);
	csv_field(f, d->correction_reason, false);
	csv_field(f, num, false);
	for (size_t k = 0; k < nitems(csv_keys); k++)
		csv_field(f, doc_field_get(d, csv_keys[k]), false);
	for (uint32_t t = 0; t < d->unfinished_n; t++)
		kbuf_printf(&tasks, _("%s%u. %s (why: %s)"), t ? "\n" : "", t + 1,
		    d->unfinished[t].task ? d->unfinished[t].task : "",
		    d->unfinished[t].explanation ? d->unfinished[t].explanation : "");
	kbuf_append(&tasks, "", 1);
	csv_field(f, tasks.data, true);
	kbuf_free(&tasks);
}

static void
text_head(struct ui *ui, uint64_t person, size_t n, FILE *f)
{
	struct model *m = ui_model(ui);
	char now[32];

	ui_time(now_ms(), now, sizeof now);
	fprintf(f, ngettext("Assessment archive: %s (%s)\nExported %s, %zu record\n",
	    "Assessment archive: %s (%s)\nExported %s, %zu records\n", n),
	    model_name(m, person), model_unit_name(m, model_unit_of(m, person)), now, n);
}

static void
text_row(struct ui *ui, const struct doc *d, FILE *f)
{
	struct model *m = ui_model(ui);
	struct textbuf tb = { 0 };
	char pn[64];

	period_name(d->period, pn, sizeof pn);
	fprintf(f, "\n==== %s %s ====\n", pn, doc_kind_name(d->kind));
	tb_reset(&tb, 76);
	doc_render(&tb, m, d);
	for (size_t l = 0; l < tb.n; l++) {
		char *s = text_encode(tb.v[l].text, wcslen(tb.v[l].text));

		/* Trailing spaces of a wrapped line are of no use in a file. */
		for (size_t e = strlen(s); e > 0 && s[e - 1] == ' '; e--)
			s[e - 1] = '\0';
		fprintf(f, "%s\n", s);
		free(s);
	}
	tb_free(&tb);
}

/* A file name in the current directory that is not taken yet. */
static void
export_path(struct ui *ui, struct archive_state *as, const char *ext)
{
	const struct person *p = model_person(ui_model(ui), person_shown(as));
	char cwd[PATH_MAX - 128];

	if (getcwd(cwd, sizeof cwd) == NULL)
		snprintf(cwd, sizeof cwd, ".");
	for (int k = 1; k < 100; k++) {
		const char *login = p != NULL && p->login != NULL ? p->login : "user";

		if (k == 1)
			snprintf(as->path, sizeof as->path, "%s/kaohe-archive-%s-%u.%s", cwd, login,
			    ui_today(ui), ext);
		else
			snprintf(as->path, sizeof as->path, "%s/kaohe-archive-%s-%u-%d.%s", cwd, login,
			    ui_today(ui), k, ext);
		if (access(as->path, F_OK) != 0)
			return;
	}
}

/* The export being written, a record a step: the records are those shown
 * when it began, each looked up again as its turn comes. */
struct archive_job {
	struct ui	*ui;
	FILE		*f;
	bool		 csv;
	bool		 head;		/* written */
	bool		 whole;		/* every record written and the file closed */
	uint64_t	 person;
	uint64_t	*ids;
	size_t		 n, at;
	char		 path[PATH_MAX];
};

static int
archive_job_step(void *arg, struct job *j, char *err, size_t errlen)
{
	struct archive_job *aj = arg;
	const struct doc *d;

	if (job_cancelled(j)) {
		snprintf(err, errlen, "%s", _("stopped"));
		return -1;
	}
	if (!aj->head) {
		job_total(j, aj->n);
		if (aj->csv)
			csv_head(aj->f);
		else
			text_head(aj->ui, aj->person, aj->n, aj->f);
		aj->head = true;
	} else if (aj->at < aj->n) {
		if ((d = sync_doc_find(client_net_sync(aj->ui->net), aj->ids[aj->at])) != NULL) {
			if (aj->csv)
				csv_row(aj->ui, d, aj->f);
			else
				text_row(aj->ui, d, aj->f);
		}
		aj->at++;
		job_advance(j, 1);
	} else {
		FILE *f = aj->f;

		aj->f = NULL;
		if (fclose(f) != 0) {
			snprintf(err, errlen, "%s", strerror(errno));
			return -1;
		}
		aj->whole = true;
		return 0;
	}
	if (ferror(aj->f)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 1;
}

static void
archive_job_finish(void *ctx, void *arg, int rc, const char *err)
{
	struct ui *ui = ctx;
	struct archive_job *aj = arg;

	if (rc == 0)
		ui_msg(ui, UI_GOOD, ngettext("Exported %zu record to %s", "Exported %zu records to %s",
		    aj->n), aj->n, aj->path);
	else
		ui_msg(ui, UI_ERROR, _("Writing %s failed: %s"), aj->path, err);
}

static void
archive_job_free(void *arg)
{
	struct archive_job *aj = arg;

	if (aj->f != NULL)
		fclose(aj->f);
	/* half a file is no export */
	if (!aj->whole)
		unlink(aj->path);
	free(aj->ids);
	free(aj);
}

static void
export(struct ui *ui, struct archive_state *as, bool csv)
{
	static const struct job_ops ops = {
		.step = archive_job_step, .finish = archive_job_finish, .free = archive_job_free,
	};
	struct archive_job *aj;
	FILE *f;
	int fd = -1;

	if (ui->job != NULL) {
		ui_msg(ui, UI_WARN, _("%s is still running; wait for it to finish"), job_what(ui->job));
		return;
	}
	/* a person's archive is theirs: 0600, and never over another file */
	if ((fd = open(as->path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0 ||
	    (f = fdopen(fd, "w")) == NULL) {
		ui_msg(ui, UI_ERROR, _("Cannot write %s: %s"), as->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	aj = xcalloc(1, sizeof *aj);
	aj->ui = ui;
	aj->f = f;
	aj->csv = csv;
	aj->person = person_shown(as);
	aj->n = as->nrecs;
	aj->ids = xcalloc(as->nrecs ? as->nrecs : 1, sizeof *aj->ids);
	memcpy(aj->ids, as->recs, as->nrecs * sizeof *aj->ids);
	strlcpy_kh(aj->path, as->path, sizeof aj->path);
	ui_job_start(ui, _("Exporting"), &ops, aj);
}

/* ---- keys ---- */

static void
open_sel(struct ui *ui, struct archive_state *as)
{
	const struct doc *d = rec(ui, as, list_cur(&as->rlist));

	if (d != NULL)
		review_open(ui, as->rv, d->subject, d->kind, d->period, true);
}

static void
navigate(struct ui *ui, struct archive_state *as, enum review_result r)
{
	switch (r) {
	case REVIEW_CLOSE:
		review_close(as->rv);
		break;
	case REVIEW_EDIT: {
		uint64_t s;
		uint32_t k, p;

		review_what(as->rv, &s, &k, &p);
		review_close(as->rv);
		if (k == DOC_MONTHLY)
			month_edit(ui, p);
		else
			summary_edit(ui, s, p);
		break;
	}
	case REVIEW_NEXT:
	case REVIEW_PREV:
		if (r == REVIEW_NEXT ? as->rlist.sel + 1 >= as->rlist.n : as->rlist.sel == 0) {
			ui_msg(ui, UI_NORMAL, "%s", r == REVIEW_NEXT ? _("This is the last one") :
			    _("This is the first one"));
			break;
		}
		list_move(&as->rlist, r == REVIEW_NEXT ? 1 : -1);
		open_sel(ui, as);
		break;
	default:
		break;
	}
}

/* The list a key goes to: the one with the cursor, or the one clicked. */
static struct list *
focus(struct ui *ui, struct archive_state *as, bool is_key, wint_t ch)
{
	if (is_key && ch == KEY_MOUSE && as->npeople > 1 && !list_typing(&as->rlist) &&
	    !list_typing(&as->plist) && ui->mouse.x < PEOPLE_WIDTH)
		as->pane = 0;
	else if (is_key && ch == KEY_MOUSE && !list_typing(&as->plist) && ui->mouse.x > PEOPLE_WIDTH)
		as->pane = 1;
	return as->pane == 0 ? &as->plist : &as->rlist;
}

/* Export: every record of the person, whole. */
static void
ask_export(struct ui *ui, struct archive_state *as, wint_t ch)
{
	size_t loading = 0;

	if (as->nrecs == 0) {
		ui_msg(ui, UI_WARN, _("Nothing to export"));
		return;
	}
	/* an export holds every record whole: fetch the slim ones first (each
	 * is asked for once) */
	for (size_t i = 0; i < as->nrecs; i++)
		loading += ui_doc_loading(ui, ui_doc(ui, rec(ui, as, i)));
	if (loading > 0) {
		ui_msg(ui, UI_NORMAL, ngettext("Loading the full text of %zu record: press %c again when it is in",
		    "Loading the full text of %zu records: press %c again when they are in", loading),
		    loading, (int)ch);
		return;
	}
	export_path(ui, as, ch == 'x' ? "csv" : "txt");
	ui_ask(ui, ch == 'x' ? ASK_EXPORT_CSV : ASK_EXPORT_TEXT, ngettext("Export %s's %zu record to %s?",
	    "Export %s's %zu records to %s?", as->nrecs),
	    model_name(ui_model(ui), person_shown(as)), as->nrecs, as->path);
}

void
archive_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct archive_state *as = state(ui);
	struct list *l;

	if (ledger_shown(ui, SCREEN_MINE)) {
		ledger_key(ui, is_key, ch);
		return;
	}
	rebuild(ui, as);
	if (review_is_open(as->rv)) {
		navigate(ui, as, review_key(ui, as->rv, is_key, ch));
		return;
	}
	if (as->npeople <= 1)
		as->pane = 1;
	l = focus(ui, as, is_key, ch);
	switch (list_key(l, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		if (as->pane == 0)
			as->pane = 1;
		else
			open_sel(ui, as);
		return;
	case LIST_DONE:
		return;
	case LIST_PASS:
		break;
	}
	if (is_key) {
		switch (ch) {
		case KEY_LEFT:
			as->pane = as->npeople > 1 ? 0 : 1;
			break;
		case KEY_RIGHT:
			as->pane = 1;
			break;
		case KEY_BTAB:
			as->pane = as->npeople > 1 ? !as->pane : 1;
			break;
		}
		return;
	}
	switch (ch) {
	case '\t':
		as->pane = as->npeople > 1 ? !as->pane : 1;
		break;
	case 'i':
		/* 积分: the person shown's points, entered by others */
		ledger_open(ui, SCREEN_MINE, person_shown(as) != 0 ? person_shown(as) : ui_me(ui));
		break;
	case 'f':
		/* the kinds of record in turn, then all again */
		as->kind = as->kind >= DOC_TASK ? 0 : as->kind + 1;
		as->rlist.sel = as->rlist.top = 0;
		ui_msg(ui, UI_NORMAL, _("Showing: %s"), as->kind == 0 ? _("every kind of record") :
		    doc_kind_name(as->kind));
		break;
	case 'p':
		if (trend_next_plan(&as->trend)[0] != '\0')
			strlcpy_kh(as->trend_plan, trend_next_plan(&as->trend), sizeof as->trend_plan);
		break;
	case 'r':
		ui_resync(ui);
		break;
	case 'x':
	case 'X':
		ask_export(ui, as, ch);
		break;
	}
}

bool
archive_typing(struct ui *ui)
{
	return (ui->archive != NULL && (review_typing(ui->archive->rv) ||
	    list_typing(&ui->archive->plist) || list_typing(&ui->archive->rlist))) || ledger_typing(ui);
}

bool
archive_unsaved(struct ui *ui)
{
	return (ui->archive != NULL && review_unsaved(ui->archive->rv)) || ledger_unsaved(ui);
}

bool
archive_event(struct ui *ui, const struct net_event *ev)
{
	return ledger_event(ui, ev) || (ui->archive != NULL && (trend_event(ui, &ui->archive->trend, ev) ||
	    review_event(ui, ui->archive->rv, ev)));
}

void
archive_answer(struct ui *ui, int action, bool yes)
{
	struct archive_state *as = state(ui);

	if (action == LEDGER_ASK_DELETE)
		ledger_answer(ui, action, yes);
	else if (action >= REVIEW_ASK_BASE && action <= REVIEW_ASK_LAST)
		navigate(ui, as, review_answer(ui, as->rv, action, yes));
	else if (yes && (action == ASK_EXPORT_CSV || action == ASK_EXPORT_TEXT))
		export(ui, as, action == ASK_EXPORT_CSV);
}

const char *const *
archive_help_now(struct ui *ui)
{
	if (ledger_shown(ui, SCREEN_MINE))
		return ledger_help;
	return ui->archive != NULL && review_is_open(ui->archive->rv) ? review_help : archive_help;
}

bool
archive_back(struct ui *ui)
{
	if (ledger_shown(ui, SCREEN_MINE))
		return ledger_back(ui);
	if (ui->archive == NULL || !review_is_open(ui->archive->rv))
		return false;
	archive_key(ui, false, 27);
	return true;
}
