/*
 * client-rank.c: 排名, the rankings of a plan and period as the server's
 * SHEETS gives them to the reader (admin, principal leader, organisation
 * department: everyone; a supervising leader: their departments; a
 * department head: their own sheet): rank (ties marked "="), name, unit,
 * each part's score, the adjustment, composite, grade and whether the
 * sheet is complete; above the table the grades as a small histogram and
 * the 优秀 quota of the unit shown, over the quota in the error look.
 * For the year of a plan with annual weights the columns are the routine
 * and year-end parts of the annual result; a grade the eligibility rules
 * held below 优秀 is marked "*", and the person's sheet says why.
 *
 * The table re-ranks live: whenever the synced copy hears of a sheet
 * change of the plan and period shown (client-sync.c counts them), SHEETS
 * is asked again; one request at a time, and one more after it if changes
 * came meanwhile, so a burst of votes costs two requests at most.
 *
 * Enter opens a person's sheet: the parts with their weights, scores and
 * counts, the commendations and criticisms, and the named scores for
 * those who may see them.  There the admin adds (a) a commendation or
 * criticism (level from the plan's, the work, a note) and deletes (d) one;
 * what is typed in that form is kept as a local draft (client-draft.h)
 * until the server has it, and offered again when the form next opens;
 * on the table the admin publishes (P) the unit's results, after a
 * question; a refusal (incomplete sheets, over the quota) stays in view.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/util.h"
#include "client-edit.h"
#include "client-draft.h"
#include "client-export.h"
#include "client-model.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-trend.h"
#include "client-ui.h"

enum { ASK_PUBLISH = 1, ASK_UNCOMMEND };

/* What f shows of the table: every sheet, one grade, or the incomplete. */
enum { SHOW_ALL, SHOW_INCOMPLETE = GRADE_INCOMPETENT + 1, SHOW_N };

struct rank_state {
	struct ballot_reply_body *meta;	/* the plan as BALLOT gave it */
	struct sheets_reply_body *sh;	/* the rankings shown */
	char		 plan[65];	/* asked for; "" the default */
	uint32_t	 period;	/* asked for; 0 the default */
	uint64_t	 unit;		/* 0: everything the reader sees */
	uint64_t	 meta_req, sheets_req;
	bool		 again;		/* changes came while SHEETS was out */
	uint64_t	 stamp;		/* sheet changes heard when SHEETS went */
	uint32_t	 tried;		/* plans tried for the default */
	bool		 chosen;
	struct list	 list;		/* the rows shown: indexes into sh->rows */
	int		 show;		/* SHOW_ALL, a grade, SHOW_INCOMPLETE */
	uint64_t	 sheets_gen;	/* counts the SHEETS replies taken */
	uint64_t	 built_gen;
	int		 built_show;
	char		 refusal[640];	/* the server's last refusal to publish */
	/* a person's sheet */
	bool		 detail;
	uint64_t	 subject;
	size_t		 csel;		/* the commendation selected */
	struct trend	 trend;		/* the person's results over the year */
	/* the admin's commendation form */
	bool		 form;
	int		 field;		/* 0 level, 1 kind, 2 work, 3 note */
	uint32_t	 level;
	bool		 criticism;
	struct edit	 work, note;
	uint64_t	 write_req;
};

const char *const rank_help[] = {
	N_("↑↓ or j/k"), N_("Select a person (highest total first; 2= is a tie)"),
	N_("Enter or click"), N_("The person's sheet: parts, the year's results as a sparkline, "
	    "commendations, named scores"),
	"/", N_("Search by name, department or grade; Esc clears"),
	"f", N_("Show one grade, or the incomplete sheets, or all"),
	"[ / ]", N_("Previous / next period"),
	"t / p", N_("Next period type / next plan"),
	"u", N_("Next unit (all, then each department)"),
	"P", N_("Office: publish results (complete and within the quota)"),
	"x", N_("Export ranking and sheets to ~/kaohe-export (xlsx, csv)"),
	"i", N_("Points ledgers: their rankings and entries"),
	N_("In a sheet"), N_("a commend or criticise (office), d delete, Esc back"),
	"", N_("Rankings update by themselves as people score"),
	NULL, NULL
};

static struct rank_state *
state(struct ui *ui)
{
	if (ui->rank == NULL) {
		ui->rank = xcalloc(1, sizeof *ui->rank);
		edit_init(&ui->rank->work, 200);
		edit_init(&ui->rank->note, 200);
	}
	return ui->rank;
}

static void
drop(void **p, const struct record_desc *d)
{
	if (*p != NULL) {
		schema_free(d, *p);
		free(*p);
		*p = NULL;
	}
}

void
rank_free(struct ui *ui)
{
	struct rank_state *rs = ui->rank;

	ledger_free(ui);
	if (rs == NULL)
		return;
	drop((void **)&rs->meta, &ballot_reply_body_desc);
	drop((void **)&rs->sh, &sheets_reply_body_desc);
	list_free(&rs->list);
	edit_free(&rs->work);
	edit_free(&rs->note);
	free(rs);
	ui->rank = NULL;
}

/* ---- requests ---- */

static void
ask_meta(struct ui *ui, struct rank_state *rs)
{
	struct ballot_body b = { .session = "", .plan = rs->plan, .period = rs->period };

	rs->meta_req = client_net_request(ui->net, MSG_BALLOT, &b);
}

/* SHEETS, one at a time: asked while one is out, it goes when that one is
 * answered. */
static void
ask_sheets(struct ui *ui, struct rank_state *rs)
{
	struct sheets_body b = { .session = "", .unit_id = rs->unit };

	if (rs->meta == NULL)
		return;
	if (rs->sheets_req != 0 && client_net_is_pending(ui->net, rs->sheets_req)) {
		rs->again = true;
		return;
	}
	b.plan = rs->meta->plan;
	b.period = rs->meta->period;
	rs->again = false;
	rs->stamp = sync_sheet_stamp(client_net_sync(ui->net), b.plan, b.period);
	rs->sheets_req = client_net_request(ui->net, MSG_SHEETS, &b);
}

/* ---- what is shown ---- */

static const struct sheet_row *
row_of(struct rank_state *rs, uint64_t subject)
{
	for (uint32_t i = 0; rs->sh != NULL && i < rs->sh->rows_n; i++)
		if (rs->sh->rows[i].subject == subject)
			return &rs->sh->rows[i];
	return NULL;
}

static const struct quota_row *
quota_shown(struct rank_state *rs)
{
	if (rs->sh == NULL || rs->sh->quotas_n == 0)
		return NULL;
	for (uint32_t i = 0; i < rs->sh->quotas_n; i++)
		if (rs->sh->quotas[i].unit_id == rs->unit)
			return &rs->sh->quotas[i];
	return &rs->sh->quotas[0];
}

static void
adj_fmt(uint32_t bonus, uint32_t penalty, char *buf, size_t len)
{
	char v[16];

	if (bonus == 0 && penalty == 0) {
		snprintf(buf, len, "0");
		return;
	}
	score_fmt(bonus ? bonus : penalty, v, sizeof v);
	snprintf(buf, len, "%s%s", bonus ? "+" : "−", v);
}

static void
rank_fmt(const struct sheet_row *r, char *buf, size_t len)
{
	if (!r->complete || r->rank == 0)
		snprintf(buf, len, "—");
	else
		snprintf(buf, len, "%u%s", r->rank, r->tied ? "=" : "");
}

static const char *
part_name(struct rank_state *rs, const char *key)
{
	for (uint32_t i = 0; rs->meta != NULL && i < rs->meta->raters_n; i++)
		if (strcmp(rs->meta->raters[i].key, key) == 0)
			return rs->meta->raters[i].name;
	return key;
}

static const char *
level_name(struct rank_state *rs, const char *key)
{
	for (uint32_t i = 0; rs->meta != NULL && i < rs->meta->levels_n; i++)
		if (strcmp(rs->meta->levels[i].key, key) == 0)
			return rs->meta->levels[i].name;
	return key;
}

/* Cells of a bar of n against the longest, scale: at most 8, rounded up. */
static unsigned
bar_cells(unsigned n, unsigned scale)
{
	return n == 0 || scale == 0 ? 0 : (n * 8 + scale - 1) / scale;
}

/* The grades as bars of at most 8 cells, on one line.  On the grade held
 * to a quota a line marks how many may hold it (there is room before it
 * while fewer do), and the cells past it are in the error look. */
static void
draw_histogram(struct rank_state *rs, const struct quota_row *q, const unsigned *grades,
    unsigned most, int y)
{
	bool ascii = trend_ascii();
	const char *cell = ascii ? "#" : "█", *line = ascii ? "|" : "│";
	char buf[64];
	int x = 1;

	move(y, 0);
	clrtoeol();
	if (q != NULL && rs->meta->quota_grade >= 1 && rs->meta->quota_grade <= 4 &&
	    q->allowed > most)
		most = q->allowed;
	for (uint32_t g = 1; g <= 4; g++) {
		bool quota = q != NULL && rs->meta->quota_grade == g;
		unsigned cells = bar_cells(grades[g], most), mark = quota ? bar_cells(q->allowed, most) : 0;
		unsigned width = cells > mark ? cells : mark;
		bool over = quota && q->over > 0;

		x += ui_put(y, x, COLS - x, grade_name(g), ui_attr(over ? UI_ERROR : UI_NORMAL), false) + 1;
		for (unsigned c = 0; c <= width && x < COLS - 1; c++) {
			if (quota && c == mark)
				x += ui_put(y, x, 1, line, ui_attr(UI_KEY), false);
			if (c < cells)
				x += ui_put(y, x, 1, cell, ui_attr(quota && c >= mark ? UI_ERROR :
				    g == GRADE_EXCELLENT ? UI_GOOD : UI_DIM), false);
			else if (c < width)
				x += ui_put(y, x, 1, " ", ui_attr(UI_NORMAL), false);
		}
		if (quota)
			/* TRANSLATORS: a grade's count against its quota: "3/2". */
			snprintf(buf, sizeof buf, _(" %u/%u"), grades[g], q->allowed);
		else
			snprintf(buf, sizeof buf, " %u", grades[g]);
		x += ui_put(y, x, COLS - x, buf, ui_attr(over ? UI_ERROR : UI_NORMAL), false) + 2;
	}
}

static void
draw_head(struct ui *ui, struct rank_state *rs, int y)
{
	struct model *m = ui_model(ui);
	const struct quota_row *q = quota_shown(rs);
	unsigned grades[5] = { 0 }, most = 1, complete = 0;
	char buf[800], pn[48], shown[96] = "";

	for (uint32_t i = 0; i < rs->sh->rows_n; i++)
		if (rs->sh->rows[i].complete && rs->sh->rows[i].grade <= 4) {
			grades[rs->sh->rows[i].grade]++;
			complete++;
		}
	for (int g = 1; g <= 4; g++)
		if (grades[g] > most)
			most = grades[g];
	period_name(rs->sh->period, pn, sizeof pn);
	if (rs->show != SHOW_ALL) {
		snprintf(shown, sizeof shown, "  ");
		snprintf(shown + 2, sizeof shown - 2, _("showing: %s"), rs->show == SHOW_INCOMPLETE ?
		    _("incomplete") : grade_name((uint32_t)rs->show));
	}
	snprintf(buf, sizeof buf, _(" %s  %s  scope: %s  complete %u/%u"), pn, rs->meta->plan,
	    rs->unit == 0 ? _("all") : model_unit_name(m, rs->unit), complete, rs->sh->rows_n);
	strlcpy_kh(buf + strlen(buf), shown, sizeof buf - strlen(buf));
	ui_put_cut(y, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);

	draw_histogram(rs, q, grades, most, y + 1);

	/* the quota, or the server's refusal to publish */
	if (rs->refusal[0] != '\0')
		snprintf(buf, sizeof buf, _(" Publishing failed: %s"), rs->refusal);
	else if (rs->meta->quota_grade == 0)
		snprintf(buf, sizeof buf, _(" No quota on the top grade in this plan%s"),
		    q != NULL && q->published ? _("  published") : "");
	else if (q == NULL)
		snprintf(buf, sizeof buf, _(" Top-grade quota: no unit in view"));
	else
		snprintf(buf, sizeof buf, _(" Top-grade quota %u (%u%%, %u complete)  given %u%s%s%s"),
		    q->allowed, rs->meta->quota_percent, q->assessed, q->holding,
		    q->over > 0 ? _(", over the quota") : "",
		    q->incomplete > 0 ? _("  some incomplete") : "", q->published ? _("  published") : "");
	ui_put_cut(y + 2, 0, COLS, buf,
	    ui_attr(rs->refusal[0] != '\0' || (q != NULL && q->over > 0) ? UI_ERROR : UI_DIM), true, true);
}

/* An annual result (the year of a plan with annual weights): its columns
 * are the routine part and the year-end part, not the plan's parts. */
static bool
annual_shown(const struct rank_state *rs)
{
	for (uint32_t i = 0; rs->sh != NULL && i < rs->sh->rows_n; i++)
		if (rs->sh->rows[i].annual)
			return true;
	return false;
}

/* An annual result whose score is in the 优秀 band but which the
 * eligibility rules hold to 称职 (the server gives the grade; this only
 * finds the rows to mark). */
static bool
held_down(const struct rank_state *rs, const struct sheet_row *w)
{
	if (!w->annual || !w->complete || w->eligible || w->grade == GRADE_EXCELLENT)
		return false;
	for (uint32_t i = 0; i < rs->meta->bands_n; i++)
		if (rs->meta->bands[i].grade == GRADE_EXCELLENT)
			return w->composite >= rs->meta->bands[i].min;
	return false;
}

/* Column p of row w: a part's score, or for an annual result the routine
 * (p 0) and year-end (p 1) parts; "—" while there is none. */
static void
column_fmt(struct rank_state *rs, const struct sheet_row *w, int p, char *buf, size_t len)
{
	const struct sheet_part *sp = NULL;

	if (w->annual) {
		if (p == 0 ? w->routine_n > 0 : w->yearend > 0 || w->complete)
			score_fmt(p == 0 ? w->routine : w->yearend, buf, len);
		else
			snprintf(buf, len, "—");
		return;
	}
	for (uint32_t k = 0; k < w->parts_n; k++)
		if (strcmp(w->parts[k].key, rs->meta->raters[p].key) == 0)
			sp = &w->parts[k];
	if (sp != NULL && sp->count > 0)
		score_fmt(sp->score, buf, len);
	else
		snprintf(buf, len, "—");
}

static void
draw_table(struct ui *ui, struct rank_state *rs, int y, int rows)
{
	struct model *m = ui_model(ui);
	bool annual = annual_shown(rs), held = false;
	int np = annual ? 2 : rs->meta->raters_n > 6 ? 6 : (int)rs->meta->raters_n;
	int gradew = 8, unitw;
	bool tie = false;
	char buf[1024], f[64], g[64];
	size_t at;

	/* the grade as wide as its words (English is wider) */
	for (uint32_t k = GRADE_EXCELLENT; k <= GRADE_INCOMPETENT; k++)
		if (text_width(grade_name(k)) > gradew)
			gradew = text_width(grade_name(k));
	if (text_width(_("Grade")) > gradew)
		gradew = text_width(_("Grade"));
	if (gradew > 12)
		gradew = 12;
	unitw = COLS - 1 - 5 - 9 - np * 7 - 9 - 7 - (gradew + 1) - 6;
	if (unitw > 16)
		unitw = 16;
	if (unitw < 4)
		unitw = 4;
	for (uint32_t i = 0; i < rs->sh->rows_n; i++) {
		tie |= rs->sh->rows[i].complete && rs->sh->rows[i].tied;
		held |= held_down(rs, &rs->sh->rows[i]);
	}
	rows -= tie + held;
	/* the heading, in the columns of the rows */
	text_fit(_("Rank"), 4, true, false, f, sizeof f);
	text_fit(_("Name"), 8, true, false, g, sizeof g);
	at = (size_t)snprintf(buf, sizeof buf, " %s %s ", f, g);
	text_fit(_("Dept"), unitw, true, false, f, sizeof f);
	at += (size_t)snprintf(buf + at, sizeof buf - at, "%s", f);
	for (int p = 0; p < np; p++) {
		/* the part's first two characters and its weight: 业务40 */
		char shortname[32];

		if (annual)
			snprintf(g, sizeof g, "%s", p == 0 ? _("Avg") : _("Yr-end"));
		else {
			/* the weight whole (100 takes three columns), the name
			 * in what is left */
			char w[16];
			int ww = snprintf(w, sizeof w, "%u", rs->meta->raters[p].weight);

			text_fit(rs->meta->raters[p].name, 6 - ww, false, false, shortname,
			    sizeof shortname);
			snprintf(g, sizeof g, "%s%s", shortname, w);
		}
		text_fit(g, 6, true, false, f, sizeof f);
		at += (size_t)snprintf(buf + at, sizeof buf - at, " %s", f);
	}
	text_fit(_("Adj."), 7, true, false, f, sizeof f);
	at += (size_t)snprintf(buf + at, sizeof buf - at, "  %s", f);
	text_fit(_("Total"), 6, true, false, f, sizeof f);
	at += (size_t)snprintf(buf + at, sizeof buf - at, " %s", f);
	text_fit(_("Grade"), gradew, true, false, f, sizeof f);
	snprintf(buf + at, sizeof buf - at, " %s %s", f, _("Done"));
	ui_put(y, 0, COLS, buf, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (rs->sh->rows_n == 0) {
		ui_put(y + 1, 2, COLS - 4, _("No sheets you can see in this period"), ui_attr(UI_DIM), false);
		return;
	}
	if (rs->list.n == 0) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&rs->list) != NULL ? list_empty(&rs->list) :
		    _("No sheets of this grade (f for another)"), ui_attr(UI_WARN), false);
		return;
	}
	list_place(&rs->list, y, 0, COLS, rows);
	for (int r = 0; r < rows && rs->list.top + (size_t)r < rs->list.n; r++) {
		size_t k = rs->list.top + (size_t)r;
		const struct sheet_row *w = &rs->sh->rows[list_at(&rs->list, k)];
		char name[40];
		int look;

		rank_fmt(w, g, sizeof g);
		text_fit(g, 4, true, false, f, sizeof f);
		text_fit(w->name, 8, true, true, name, sizeof name);
		at = (size_t)snprintf(buf, sizeof buf, " %s %s ", f, name);
		text_fit(model_unit_name(m, w->unit_id), unitw, true, true, f, sizeof f);
		at += (size_t)snprintf(buf + at, sizeof buf - at, "%s", f);
		for (int p = 0; p < np; p++) {
			column_fmt(rs, w, p, g, sizeof g);
			text_fit(g, 6, true, false, f, sizeof f);
			at += (size_t)snprintf(buf + at, sizeof buf - at, " %s", f);
		}
		adj_fmt(w->bonus, w->penalty, g, sizeof g);
		text_fit(g, 7, true, false, f, sizeof f);
		at += (size_t)snprintf(buf + at, sizeof buf - at, "  %s", f);
		if (w->complete)
			score_fmt(w->composite, g, sizeof g);
		else
			snprintf(g, sizeof g, "—");
		text_fit(g, 6, true, false, f, sizeof f);
		at += (size_t)snprintf(buf + at, sizeof buf - at, " %s", f);
		/* an annual 称职 the rules held down from 优秀 is marked "*" */
		snprintf(g, sizeof g, "%s%s", w->complete ? grade_name(w->grade) : "—",
		    held_down(rs, w) ? "*" : "");
		text_fit(g, gradew, true, false, f, sizeof f);
		snprintf(buf + at, sizeof buf - at, " %s %s%s", f, w->complete ? C_("all in", "yes") : C_("all in", "no"),
		    w->published ? _(" pub.") : "");
		look = k == rs->list.sel ? UI_SELECTED : !w->complete ? UI_DIM :
		    w->grade == 1 && quota_shown(rs) != NULL && quota_shown(rs)->over > 0 ? UI_ERROR :
		    UI_NORMAL;
		ui_put_cut(y + r, 0, COLS, buf, ui_attr(look), true, true);
	}
	if (tie)
		ui_put(y + rows, 0, COLS, _(" = after a rank: a tie; equal totals share a rank, the next is skipped"),
		    ui_attr(UI_DIM), true);
	if (held)
		ui_put(y + rows + tie, 0, COLS, _(" * after a grade: a top-band score held down by the routine results"),
		    ui_attr(UI_DIM), true);
}

/* ---- a person's sheet ---- */

/* An annual result's parts: the routine mean and of how many periods, the
 * year-end score below it (the year's own parts), and why not 优秀 or
 * what is lacking.  Returns the next line. */
static int
draw_annual(const struct sheet_row *w, int y)
{
	char buf[512], r[16], e[16];

	if (w->routine_n > 0)
		score_fmt(w->routine, r, sizeof r);
	else
		snprintf(r, sizeof r, "—");
	if (w->yearend > 0 || w->complete)
		score_fmt(w->yearend, e, sizeof e);
	else
		snprintf(e, sizeof e, "—");
	snprintf(buf, sizeof buf, _(" Year: routine %s (mean of %u)  year-end %s  %s"), r, w->routine_n, e,
	    w->eligible ? _("top grade allowed") : _("top grade ruled out"));
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	if (w->why != NULL && w->why[0] != '\0') {
		snprintf(buf, sizeof buf, " %s", w->why);
		ui_put_cut(y++, 0, COLS, buf, ui_attr(w->eligible ? UI_DIM : UI_WARN), true, true);
	}
	return y;
}

static void
draw_detail(struct ui *ui, struct rank_state *rs, int y, int rows)
{
	struct model *m = ui_model(ui);
	const struct sheet_row *w = row_of(rs, rs->subject);
	int end = y + rows;
	char buf[1024], a[64], b[64], pn[48];

	if (w == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("This sheet is no longer in your view"), ui_attr(UI_DIM), false);
		return;
	}
	period_name(rs->sh->period, pn, sizeof pn);
	snprintf(buf, sizeof buf, " %s  %s  %s  %s", w->name, model_unit_name(m, w->unit_id), pn,
	    rs->meta->plan_name);
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	rank_fmt(w, a, sizeof a);
	score_fmt(w->composite, b, sizeof b);
	snprintf(buf, sizeof buf, _(" Rank %s (office %u%s)  total %s  grade %s  %s%s"), a, w->office_rank,
	    w->office_tied ? "=" : "", w->complete ? b : "—", w->complete ? grade_name(w->grade) : "—",
	    w->complete ? _("all parts scored") : _("parts still unscored"),
	    w->published ? _("  published") : "");
	ui_put_cut(y++, 0, COLS, buf, ui_attr(w->complete ? UI_GOOD : UI_WARN), true, true);
	trend_want(ui, &rs->trend, rs->meta->plan, w->subject, w->unit_id, rs->sh->period / 100);
	trend_draw(ui, &rs->trend, y++, 1, COLS - 2);
	if (w->annual && y < end)
		y = draw_annual(w, y);
	ui_put(y++, 0, COLS, w->annual ? _(" Year-end part           Weight   Score  Raters") :
	    _(" Part                    Weight   Score  Raters"), ui_attr(UI_HEADER), true);
	for (uint32_t p = 0; p < rs->meta->raters_n && y < end; p++) {
		const struct plan_rater *rt = &rs->meta->raters[p];
		const struct sheet_part *sp = NULL;
		char name[64];

		for (uint32_t k = 0; k < w->parts_n; k++)
			if (strcmp(w->parts[k].key, rt->key) == 0)
				sp = &w->parts[k];
		text_fit(rt->name, 24, true, true, name, sizeof name);
		if (sp != NULL && sp->count > 0)
			score_fmt(sp->score, a, sizeof a);
		else
			snprintf(a, sizeof a, "—");
		snprintf(buf, sizeof buf, " %s  %3u%%  %6s  %u%s%s", name, rt->weight, a,
		    sp != NULL ? sp->count : 0, rt->anonymous ? _(" (anonymous)") : "",
		    rt->adjusted ? _(" (with commendations)") : "");
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	}
	adj_fmt(w->bonus, w->penalty, a, sizeof a);
	snprintf(buf, sizeof buf, _(" Commendations and criticisms: %u, adjustment %s%s"),
	    w->commendations_n, a, ui_role(ui) == ROLE_ADMIN ? _(" (a add, d delete)") : "");
	if (y < end)
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_HEADER), true, true);
	if (rs->csel >= w->commendations_n)
		rs->csel = w->commendations_n > 0 ? w->commendations_n - 1 : 0;
	for (uint32_t i = 0; i < w->commendations_n && y < end; i++) {
		const struct commendation_rec *c = &w->commendations[i];
		char what[128];

		snprintf(what, sizeof what, c->criticism ? _("%s criticism") : _("%s commendation"),
		    level_name(rs, c->level));
		snprintf(buf, sizeof buf, " %s %s  %s%s%s", i == rs->csel ? ">" : " ", what, c->work,
		    c->note != NULL && c->note[0] != '\0' ? _("  note: ") : "", c->note != NULL ? c->note : "");
		ui_put_cut(y++, 0, COLS, buf, ui_attr(i == rs->csel ? UI_SELECTED : UI_NORMAL), true,
		    true);
	}
	if (w->scores_n > 0 && y < end)
		ui_put(y++, 0, COLS, _(" Named scores"), ui_attr(UI_HEADER), true);
	for (uint32_t i = 0; i < w->scores_n && y < end; i++) {
		const struct named_score *s = &w->scores[i];
		char when[32], name[64], rater[40];

		score_fmt(s->score, a, sizeof a);
		ui_time(s->at, when, sizeof when);
		text_fit(part_name(rs, s->part), 18, true, true, name, sizeof name);
		text_fit(model_name(m, s->rater), 10, true, true, rater, sizeof rater);
		snprintf(buf, sizeof buf, "   %s %s %6s  %s", name, rater, a, when);
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	}
}

static void
draw_form(struct ui *ui, struct rank_state *rs, int y)
{
	const struct sheet_row *w = row_of(rs, rs->subject);
	char buf[256];

	(void)ui;
	snprintf(buf, sizeof buf, _(" Commendation or criticism: %s"), w != NULL ? w->name : "");
	ui_box(y, 0, 8, COLS, buf);
	snprintf(buf, sizeof buf, _("‹ %s ›  (←→ level)"), rs->meta->levels_n > 0 ?
	    rs->meta->levels[rs->level].name : _("the plan has no levels"));
	ui_put(y + 1, 2, 8, _("Level"), ui_attr(rs->field == 0 ? UI_KEY : UI_NORMAL), true);
	ui_put(y + 1, 10, COLS - 12, buf, ui_attr(rs->field == 0 ? UI_FIELD_ACTIVE : UI_NORMAL), false);
	snprintf(buf, sizeof buf, _("‹ %s ›  (Space: toggle)"), rs->criticism ? _("criticism (−)") :
	    _("commendation (+)"));
	ui_put(y + 2, 2, 8, _("Kind"), ui_attr(rs->field == 1 ? UI_KEY : UI_NORMAL), true);
	ui_put(y + 2, 10, COLS - 12, buf, ui_attr(rs->field == 1 ? UI_FIELD_ACTIVE : UI_NORMAL), false);
	ui_field_draw(y + 3, _("Work"), &rs->work, rs->field == 2, COLS - 12);
	ui_field_draw(y + 4, _("Note"), &rs->note, rs->field == 3, COLS - 12);
	ui_put(y + 6, 2, COLS - 4, _("Work commended at several levels counts once, at the highest"),
	    ui_attr(UI_DIM), false);
}

/* Whether row w shows under f's choice. */
static bool
row_shown(int show, const struct sheet_row *w)
{
	if (show == SHOW_ALL)
		return true;
	if (show == SHOW_INCOMPLETE)
		return !w->complete;
	return w->complete && w->grade == (uint32_t)show;
}

/* The rows shown, offered again when a SHEETS reply, f or the search
 * changed them. */
static void
refresh_rows(struct ui *ui, struct rank_state *rs)
{
	char text[512], r[16];

	if (rs->sh == NULL || (rs->built_gen == rs->sheets_gen && rs->built_show == rs->show &&
	    !list_dirty(&rs->list)))
		return;
	list_begin(&rs->list);
	for (uint32_t i = 0; i < rs->sh->rows_n; i++) {
		const struct sheet_row *w = &rs->sh->rows[i];

		if (!row_shown(rs->show, w))
			continue;
		rank_fmt(w, r, sizeof r);
		snprintf(text, sizeof text, "%s %s %s %s", r, w->name,
		    model_unit_name(ui_model(ui), w->unit_id), w->complete ? grade_name(w->grade) : "—");
		list_offer(&rs->list, i, w->subject, text);
	}
	list_end(&rs->list);
	rs->built_gen = rs->sheets_gen;
	rs->built_show = rs->show;
}

void
rank_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", N_("View"), "[ ]/t", N_("Period"), "p", N_("Plan"), "u", N_("Unit"),
		"f", N_("Grade"), "P", N_("Publish"), "?", N_("Help"), NULL
	};
	/* Only the admin publishes: others are not offered the key. */
	static const char *const view_keys[] = {
		"Enter", N_("View"), "[ ]/t", N_("Period"), "p", N_("Plan"), "u", N_("Unit"),
		"f", N_("Grade"), "i", N_("Ledgers"), "?", N_("Help"), NULL
	};
	static const char *const detail_keys[] = {
		"↑↓", N_("Entries"), "a", N_("Commend"), "d", N_("Delete"), "q/Esc", N_("Back to ranking"), "?", N_("Help"),
		NULL
	};
	static const char *const read_keys[] = {
		"q/Esc", N_("Back to ranking"), "?", N_("Help"), NULL
	};
	static const char *const form_keys[] = {
		"Tab", N_("Next field"), "←→", N_("Level"), N_("Space"), N_("Kind"), "Ctrl-S", N_("Save"),
		"Esc", N_("Cancel"), NULL
	};
	struct rank_state *rs = state(ui);
	int y = UI_TOP, rows = ui_rows();

	if (ledger_shown(ui, SCREEN_RANK)) {
		ledger_draw(ui);
		return;
	}
	if (rs->meta == NULL && rs->meta_req == 0)
		ask_meta(ui, rs);
	/* live: a sheet of the plan and period shown changed */
	if (rs->sh != NULL && rs->meta != NULL &&
	    sync_sheet_stamp(client_net_sync(ui->net), rs->meta->plan, rs->meta->period) != rs->stamp)
		ask_sheets(ui, rs);
	refresh_rows(ui, rs);
	ui_frame(ui, _("Rankings"), rs->form ? form_keys :
	    !rs->detail ? list_keys(&rs->list, ui_role(ui) == ROLE_ADMIN ? keys : view_keys) :
	    ui_role(ui) == ROLE_ADMIN ? detail_keys : read_keys);
	if (rs->meta == NULL || rs->sh == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading the rankings…"), ui_attr(UI_DIM), false);
		return;
	}
	if (rs->detail) {
		draw_detail(ui, rs, y, rows);
		if (rs->form)
			draw_form(ui, rs, y + rows - 8);
		return;
	}
	draw_head(ui, rs, y);
	draw_table(ui, rs, y + 3, rows - 3);
}

/* ---- keys ---- */

static void
set_period(struct ui *ui, struct rank_state *rs, uint32_t p)
{
	if (p == 0) {
		ui_msg(ui, UI_NORMAL, _("No more periods (a period not yet begun cannot be chosen)"));
		return;
	}
	strlcpy_kh(rs->plan, rs->meta->plan, sizeof rs->plan);
	rs->period = p;
	rs->chosen = true;
	rs->refusal[0] = '\0';
	ask_meta(ui, rs);
}

static uint64_t
root_unit(struct ui *ui)
{
	struct sync *s = client_net_sync(ui->net);

	for (size_t i = 0; i < sync_unit_count(s); i++)
		if (sync_unit(s, i)->parent == 0)
			return sync_unit(s, i)->id;
	return 0;
}

/* ---- the commendation form's local draft ---- */

/* One draft per person, plan and period. */
static void
commend_draft_key(struct rank_state *rs, char *buf, size_t len)
{
	snprintf(buf, len, "commend/%s/%u/%llu", rs->meta->plan, rs->meta->period,
	    (unsigned long long)rs->subject);
}

static void
commend_keep(struct ui *ui, struct rank_state *rs)
{
	struct draft d = { 0 };
	char key[200];

	commend_draft_key(rs, key, sizeof key);
	edit_to_draft(&rs->work, &d, "work");
	edit_to_draft(&rs->note, &d, "note");
	draft_set_u64(&d, "level", rs->level);
	draft_set_u64(&d, "criticism", rs->criticism);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void
commend_restore(struct ui *ui, struct rank_state *rs)
{
	struct draft d;
	char key[200];

	commend_draft_key(rs, key, sizeof key);
	if (!ui_draft_load(ui, key, &d))
		return;
	edit_from_draft(&rs->work, &d, "work");
	edit_from_draft(&rs->note, &d, "note");
	rs->level = (uint32_t)draft_get_u64(&d, "level", rs->level);
	if (rs->level >= rs->meta->levels_n)
		rs->level = 0;
	rs->criticism = draft_get_u64(&d, "criticism", rs->criticism) != 0;
	ui_draft_restored(ui, &d, false);
	draft_clear(&d);
}

static void
send_commend(struct ui *ui, struct rank_state *rs)
{
	struct commend_put_body b = { .session = "" };
	char *work = edit_get(&rs->work), *note = edit_get(&rs->note), key[200];

	if (work[0] == '\0') {
		ui_msg(ui, UI_WARN, _("Enter the work commended or criticised"));
		free(work);
		free(note);
		rs->field = 2;
		return;
	}
	b.commendation = (struct commendation_rec){ .plan = rs->meta->plan,
	    .period = rs->meta->period, .subject = rs->subject, .work = work,
	    .level = rs->meta->levels_n > 0 ? rs->meta->levels[rs->level].key : "",
	    .criticism = rs->criticism, .note = note };
	rs->write_req = client_net_request(ui->net, MSG_COMMEND_PUT, &b);
	free(work);
	free(note);
	/* the draft stays until the server has the commendation */
	commend_draft_key(rs, key, sizeof key);
	commend_keep(ui, rs);
	ui_draft_bind(ui, key, rs->write_req);
	ui_msg(ui, UI_NORMAL, _("Saving…"));
}

static void
commend_form_key(struct ui *ui, struct rank_state *rs, bool is_key, wint_t ch)
{
	if (!is_key && ch == 27) {
		char key[200];

		commend_draft_key(rs, key, sizeof key);
		ui_draft_drop(ui, key);
		rs->form = false;
		ui_msg(ui, UI_NORMAL, _("Cancelled"));
		return;
	}
	if (!is_key && ch == CTRL('S')) {
		send_commend(ui, rs);
		return;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_DOWN)) {
		rs->field = (rs->field + 1) % 4;
		return;
	}
	if ((is_key && (ch == KEY_BTAB || ch == KEY_UP))) {
		rs->field = (rs->field + 3) % 4;
		return;
	}
	if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\r' || ch == '\n'))) {
		if (rs->field == 3)
			send_commend(ui, rs);
		else
			rs->field++;
		return;
	}
	switch (rs->field) {
	case 0:
		if (rs->meta->levels_n > 0 && is_key && (ch == KEY_LEFT || ch == KEY_RIGHT)) {
			rs->level = (rs->level + (ch == KEY_LEFT ? rs->meta->levels_n - 1 : 1)) %
			    rs->meta->levels_n;
			commend_keep(ui, rs);
		}
		break;
	case 1:
		if ((!is_key && ch == ' ') || (is_key && (ch == KEY_LEFT || ch == KEY_RIGHT))) {
			rs->criticism = !rs->criticism;
			commend_keep(ui, rs);
		}
		break;
	default:
		if (edit_key(rs->field == 2 ? &rs->work : &rs->note, is_key, ch) == EDIT_CHANGED)
			commend_keep(ui, rs);
		break;
	}
}

static void
detail_key(struct ui *ui, struct rank_state *rs, bool is_key, wint_t ch)
{
	const struct sheet_row *w = row_of(rs, rs->subject);
	bool admin = ui_role(ui) == ROLE_ADMIN;

	if (rs->form) {
		commend_form_key(ui, rs, is_key, ch);
		return;
	}
	if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT)) {
		rs->detail = false;
		return;
	}
	if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
		if (rs->csel > 0)
			rs->csel--;
	} else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
		if (w != NULL && rs->csel + 1 < w->commendations_n)
			rs->csel++;
	} else if (!is_key && ch == 'a') {
		if (!admin)
			ui_msg(ui, UI_WARN, _("Only the assessment office can enter commendations and criticisms"));
		else if (rs->meta->levels_n == 0)
			ui_msg(ui, UI_WARN, _("This plan has no commendations"));
		else {
			rs->form = true;
			rs->field = 2;
			edit_clear(&rs->work);
			edit_clear(&rs->note);
			commend_restore(ui, rs);
		}
	} else if (!is_key && ch == 'd') {
		if (!admin)
			ui_msg(ui, UI_WARN, _("Only the assessment office can delete commendations and criticisms"));
		else if (w == NULL || w->commendations_n == 0)
			ui_msg(ui, UI_NORMAL, _("No commendation or criticism to delete"));
		else
			ui_ask(ui, ASK_UNCOMMEND, w->commendations[rs->csel].criticism ?
			    _("Delete %s's %s criticism “%s”?") : _("Delete %s's %s commendation “%s”?"),
			    w->name, level_name(rs, w->commendations[rs->csel].level),
			    w->commendations[rs->csel].work);
	}
}

static void
open_detail(struct rank_state *rs)
{
	size_t i = list_cur(&rs->list);

	if (i == LIST_NONE)
		return;
	rs->detail = true;
	rs->subject = rs->sh->rows[i].subject;
	rs->csel = 0;
}

void
rank_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct rank_state *rs = state(ui);

	if (ledger_shown(ui, SCREEN_RANK)) {
		ledger_key(ui, is_key, ch);
		return;
	}
	if (!is_key && ch == 'i' && !rs->detail && !list_typing(&rs->list)) {
		ledger_open(ui, SCREEN_RANK, 0);
		return;
	}
	if (rs->meta == NULL || rs->sh == NULL)
		return;
	if (rs->detail) {
		detail_key(ui, rs, is_key, ch);
		return;
	}
	refresh_rows(ui, rs);
	switch (list_key(&rs->list, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		open_detail(rs);
		return;
	case LIST_DONE:
		return;
	case LIST_PASS:
		break;
	}
	if (!is_key && ch == 'f') {
		rs->show = (rs->show + 1) % SHOW_N;
		rs->list.sel = rs->list.top = 0;
	} else if (!is_key && (ch == '[' || ch == ']')) {
		set_period(ui, rs, score_period_step(rs->meta->period, ch == '[' ? -1 : 1, ui_today(ui)));
	} else if (!is_key && ch == 't') {
		set_period(ui, rs, score_period_type_next(rs->meta->period, rs->meta->period_types,
		    ui_today(ui)));
	} else if (!is_key && ch == 'p') {
		for (uint32_t i = 0; i < rs->meta->plans_n; i++)
			if (strcmp(rs->meta->plans[i].key, rs->meta->plan) == 0) {
				strlcpy_kh(rs->plan, rs->meta->plans[(i + 1) % rs->meta->plans_n].key,
				    sizeof rs->plan);
				break;
			}
		rs->period = 0;
		rs->chosen = true;
		rs->refusal[0] = '\0';
		ask_meta(ui, rs);
	} else if (!is_key && ch == 'u') {
		/* everything, then each unit the quotas name */
		uint32_t k = 0;

		for (uint32_t i = 0; i < rs->sh->quotas_n; i++)
			if (rs->sh->quotas[i].unit_id == rs->unit)
				k = i + 1;
		rs->unit = k < rs->sh->quotas_n && rs->unit != 0 ? rs->sh->quotas[k].unit_id :
		    rs->unit == 0 && rs->sh->quotas_n > 0 ? rs->sh->quotas[0].unit_id : 0;
		if (rs->unit != 0 && k == 0 && rs->sh->quotas_n > 1 &&
		    rs->sh->quotas[0].unit_id == root_unit(ui))
			rs->unit = rs->sh->quotas[1].unit_id;
		rs->list.sel = rs->list.top = 0;
		ask_sheets(ui, rs);
	} else if (!is_key && ch == 'r') {
		ask_sheets(ui, rs);
	} else if (!is_key && ch == 'x') {
		rank_export(ui, rs->meta, rs->sh, rs->unit);
	} else if (!is_key && ch == 'P') {
		if (ui_role(ui) != ROLE_ADMIN) {
			ui_msg(ui, UI_WARN, _("Only the assessment office can publish results"));
			return;
		}
		ui_ask(ui, ASK_PUBLISH, _("Publish the results of %s, %s? They cannot be changed afterwards"),
		    rs->unit == 0 ? _("the whole office") :
		    model_unit_name(ui_model(ui), rs->unit), rs->meta->plan_name);
	}
}

bool
rank_typing(struct ui *ui)
{
	return (ui->rank != NULL && (ui->rank->form || list_typing(&ui->rank->list))) ||
	    ledger_typing(ui);
}

bool
rank_unsaved(struct ui *ui)
{
	return (ui->rank != NULL && ui->rank->form &&
	    (!edit_empty(&ui->rank->work) || !edit_empty(&ui->rank->note))) || ledger_unsaved(ui);
}

/* ---- replies ---- */

static void
take_meta(struct ui *ui, struct rank_state *rs, const struct ballot_reply_body *b)
{
	drop((void **)&rs->meta, &ballot_reply_body_desc);
	rs->meta = xcalloc(1, sizeof *rs->meta);
	schema_copy(&ballot_reply_body_desc, rs->meta, b);
	if (rs->level >= rs->meta->levels_n)
		rs->level = 0;
	rs->sheets_req = 0;
	ask_sheets(ui, rs);
}

static void
take_sheets(struct ui *ui, struct rank_state *rs, const struct sheets_reply_body *b)
{
	/* the default: the first plan that has sheets to show */
	if (!rs->chosen && b->rows_n == 0 && rs->meta->plans_n > rs->tried + 1) {
		for (uint32_t i = 0; i < rs->meta->plans_n; i++)
			if (strcmp(rs->meta->plans[i].key, rs->meta->plan) == 0) {
				strlcpy_kh(rs->plan, rs->meta->plans[(i + 1) % rs->meta->plans_n].key,
				    sizeof rs->plan);
				break;
			}
		rs->tried++;
		ask_meta(ui, rs);
		return;
	}
	drop((void **)&rs->sh, &sheets_reply_body_desc);
	rs->sh = xcalloc(1, sizeof *rs->sh);
	schema_copy(&sheets_reply_body_desc, rs->sh, b);
	/* the rows shown are offered again, the selection kept by person */
	rs->sheets_gen++;
}

bool
rank_event(struct ui *ui, const struct net_event *ev)
{
	struct rank_state *rs = ui->rank;
	char why[800];

	if (ledger_event(ui, ev))
		return true;
	if (rs == NULL || ev->reqid == 0)
		return false;
	if (trend_event(ui, &rs->trend, ev))
		return true;
	if (ev->reqid == rs->meta_req || ev->reqid == rs->sheets_req) {
		bool sheets = ev->reqid == rs->sheets_req;

		if (ev->type == NET_EV_READ_OK && ev->reply != NULL) {
			if (sheets)
				take_sheets(ui, rs, ev->reply);
			else
				take_meta(ui, rs, ev->reply);
		} else if (ev->type == NET_EV_READ_FAILED) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Loading the rankings failed: %s"), why);
		}
		if (sheets && rs->again)
			ask_sheets(ui, rs);
		return true;
	}
	if (ev->reqid != rs->write_req)
		return false;
	if (ev->type == NET_EV_WRITE_OK) {
		if (ev->request == MSG_RESULTS_PUBLISH) {
			rs->refusal[0] = '\0';
			ui_msg(ui, UI_GOOD, ngettext("Published %u sheet", "Published %u sheets", ev->count),
			    ev->count);
		} else if (ev->request == MSG_COMMEND_PUT) {
			rs->form = false;
			ui_msg(ui, UI_GOOD, _("Entered"));
		} else
			ui_msg(ui, UI_GOOD, _("Deleted"));
		ask_sheets(ui, rs);
	} else {
		ui_error_text(ev, why, sizeof why);
		if (ev->request == MSG_RESULTS_PUBLISH)
			strlcpy_kh(rs->refusal, why, sizeof rs->refusal);
		ui_msg(ui, UI_ERROR, _("%s failed: %s"), ev->request == MSG_RESULTS_PUBLISH ? _("Publishing") :
		    ev->request == MSG_COMMEND_PUT ? _("Entering") : _("Deleting"), why);
	}
	return true;
}

void
rank_answer(struct ui *ui, int action, bool yes)
{
	struct rank_state *rs = state(ui);
	const struct sheet_row *w;

	if (action == LEDGER_ASK_DELETE) {
		ledger_answer(ui, action, yes);
		return;
	}
	if (!yes || rs->meta == NULL)
		return;
	if (action == ASK_PUBLISH) {
		struct results_publish_body b = { .session = "", .plan = rs->meta->plan,
		    .period = rs->meta->period, .unit_id = rs->unit != 0 ? rs->unit : root_unit(ui) };

		rs->write_req = client_net_request(ui->net, MSG_RESULTS_PUBLISH, &b);
		ui_msg(ui, UI_NORMAL, _("Publishing…"));
	} else if (action == ASK_UNCOMMEND && (w = row_of(rs, rs->subject)) != NULL &&
	    rs->csel < w->commendations_n) {
		struct commend_delete_body b = { .session = "", .id = w->commendations[rs->csel].id };

		rs->write_req = client_net_request(ui->net, MSG_COMMEND_DELETE, &b);
	}
}

const char *const *
rank_help_now(struct ui *ui)
{
	return ledger_shown(ui, SCREEN_RANK) ? ledger_help : rank_help;
}

bool
rank_back(struct ui *ui)
{
	if (ledger_shown(ui, SCREEN_RANK))
		return ledger_back(ui);
	if (ui->rank == NULL || !ui->rank->detail)
		return false;
	ui->rank->detail = false;
	return true;
}
