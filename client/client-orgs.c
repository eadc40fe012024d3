/*
 * client-orgs.c: 党建, organisations scored against a rubric (党建目标考核):
 * the ranking of a plan and period as RUBRIC_SHEETS gives it to the reader
 * (inspectors, the admin and the organisation department: every unit; a
 * department head: their own unit's self-check).  Checked sheets come
 * first by rank (ties "2并列"), the others below by name; a category
 * filter (c) shows the ranking within one category (分类型排名).
 *
 * Enter opens a unit's sheet (client-orgs-sheet.c); N lists the
 * rectification notices and D the spot-check draws (client-orgs-notice.c).
 * The screen asks RUBRIC_SHEETS once for the ranking and, while a sheet is
 * open, once more for that unit; both are asked again whenever the synced
 * copy hears of a rubric sheet or notice change of the plan and period
 * shown (sync_sheet_stamp()), one request at a time, one more after it if
 * changes came meanwhile, so what another client writes shows without a
 * key press.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/util.h"
#include "client-model.h"
#include "client-net.h"
#include "client-orgs.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

/* The period types a rubric plan's cycle may use: monthly spot checks,
 * half-years, the year. */
#define ORGS_PERIOD_TYPES	((1u << PERIOD_MONTH) | (1u << PERIOD_HALF) | (1u << PERIOD_YEAR))

const char *const orgs_help[] = {
	N_("↑↓ or j/k"), N_("Select a unit (checked ones by rank, then the rest)"),
	N_("Enter or click"), N_("Open the sheet; * marks self-check ≠ inspection"),
	"/", N_("Search the ranking by unit, category or tier; Esc clears"),
	"[ / ]  t", N_("Previous / next period; t month, half-year, year"),
	N_("p / c or f"), N_("Next plan / the ranking within one category"),
	"N", N_("Rectification notices: open ones first, overdue marked; / searches them"),
	"D", N_("Spot checks: towns, their villages, one of each type"),
	N_("On a sheet"), N_("e self-check, A apply for inspection (own unit), h past"),
	"", N_("a deduct, C inspection done, O reopen (inspectors)"),
	"", N_("n issue a notice, Enter open an item, Esc back"),
	"", N_("/ searches the items (their sections stay) and the past periods"),
	N_("On an item"), N_("↑↓ select a deduction, d delete it, n notice from it"),
	N_("On notices"), N_("f respond (own unit), x close, b send back (inspectors)"),
	N_("In a form"), N_("Tab field, ←→ choose, Enter next or submit, Esc cancel"),
	"", N_("What others enter shows at once, without a key"),
	NULL, NULL
};

struct orgs_state *
orgs_state(struct ui *ui)
{
	if (ui->orgs == NULL) {
		ui->orgs = xcalloc(1, sizeof *ui->orgs);
		edit_init(&ui->orgs->num, 12);
		edit_init(&ui->orgs->text, 300);
		edit_init(&ui->orgs->date, 10);
		ui->orgs->num.ascii = true;
		ui->orgs->date.ascii = true;
	}
	return ui->orgs;
}

static void
drop_reply(struct rubric_sheets_reply_body **p)
{
	if (*p != NULL) {
		schema_free(&rubric_sheets_reply_body_desc, *p);
		free(*p);
		*p = NULL;
	}
}

static void
drop_draw(struct orgs_state *os)
{
	if (os->draw != NULL) {
		schema_free(&sample_rec_desc, os->draw);
		free(os->draw);
		os->draw = NULL;
	}
}

void
orgs_free(struct ui *ui)
{
	struct orgs_state *os = ui->orgs;

	if (os == NULL)
		return;
	drop_reply(&os->list);
	drop_reply(&os->one);
	drop_draw(os);
	list_free(&os->rows);
	list_free(&os->notices);
	list_free(&os->items);
	list_free(&os->hist);
	edit_free(&os->num);
	edit_free(&os->text);
	edit_free(&os->date);
	free(os);
	ui->orgs = NULL;
}

/* ---- pure helpers ---- */

void
orgs_rank_label(uint32_t rank, bool tied, bool checked, char *buf, size_t len)
{
	if (!checked || rank == 0)
		snprintf(buf, len, "—");
	else
		snprintf(buf, len, tied ? _("%u tied") : "%u", rank);
}

void
orgs_rjust(const char *s, int width, char *buf, size_t len)
{
	int w = text_width(s);

	snprintf(buf, len, "%*s%s", w < width ? width - w : 0, "", s);
}

int
orgs_date_parse(const char *s, uint32_t *out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	unsigned y, m, d;
	char tail;

	if (strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
		if (sscanf(s, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
			return -1;
	} else if (strlen(s) == 8 && strspn(s, "0123456789") == 8) {
		if (sscanf(s, "%4u%2u%2u", &y, &m, &d) != 3)
			return -1;
	} else
		return -1;
	if (strspn(s, "0123456789-") != strlen(s))
		return -1;
	if (y < 2000 || y > 2099 || m < 1 || m > 12 || d < 1 || (int)d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;
	*out = y * 10000 + m * 100 + d;
	return 0;
}

void
orgs_date_fmt(uint32_t day, char *buf, size_t len)
{
	if (day == 0)
		snprintf(buf, len, "—");
	else
		snprintf(buf, len, "%04u-%02u-%02u", day / 10000, day / 100 % 100, day % 100);
}

bool
orgs_notice_overdue(const struct rectify_rec *n, uint32_t today)
{
	return (n->state == 1 || n->state == 4) && n->deadline != 0 && n->deadline < today;
}

const char *
orgs_notice_state(uint32_t state)
{
	switch (state) {
	case 1:
		return _("open");
	case 2:
		return _("answered");
	case 3:
		return _("closed");
	case 4:
		return _("re-check");
	}
	return "?";
}

/* Smaller sorts first. */
static int
notice_class(const struct rectify_rec *n, uint32_t today)
{
	if (orgs_notice_overdue(n, today))
		return 0;
	if (n->state == 1 || n->state == 4)
		return 1;
	return n->state == 2 ? 2 : 3;
}

void
orgs_notice_order(const struct rectify_rec *ns, size_t n, uint32_t today, size_t *idx)
{
	/* an insertion sort: a unit has a handful of notices */
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0) {
			const struct rectify_rec *a = &ns[idx[j - 1]], *b = &ns[i];
			int ca = notice_class(a, today), cb = notice_class(b, today);

			if (ca < cb || (ca == cb && (a->deadline < b->deadline ||
			    (a->deadline == b->deadline && a->id <= b->id))))
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
}

uint32_t
orgs_finding_points(const struct rubric_rule *r, uint32_t count)
{
	uint64_t p = r->once ? r->points : (uint64_t)r->points * count;

	return p > 1000000 ? 1000000 : (uint32_t)p;
}

/* ---- who may do what (the server checks again) ---- */

/* The unit's head, or the admin entering for a unit with no account. */
bool
orgs_is_unit(struct ui *ui, uint64_t unit)
{
	return ui_role(ui) == ROLE_ADMIN ||
	    (ui_role(ui) == ROLE_DEPT_HEAD && model_unit_of(ui_model(ui), ui_me(ui)) == unit);
}

bool
orgs_is_inspector(struct ui *ui)
{
	return ui_role(ui) == ROLE_INSPECTOR;
}

bool
orgs_may_draw(struct ui *ui)
{
	return ui_role(ui) == ROLE_INSPECTOR || ui_role(ui) == ROLE_ADMIN;
}

/* ---- requests ---- */

static uint64_t
heard(struct ui *ui, const char *plan, uint32_t period)
{
	struct sync *s = client_net_sync(ui->net);

	return sync_sheet_stamp(s, plan, period) + sync_sheet_stamp(s, plan, 0);
}

/* The ranking, one request at a time: asked while one is out, it goes
 * again when that one is answered. */
void
orgs_ask_list(struct ui *ui, struct orgs_state *os)
{
	struct rubric_sheets_body b = { .session = "", .plan = os->plan, .period = os->period,
	    .category = "" };

	if (os->list_req != 0 && client_net_is_pending(ui->net, os->list_req)) {
		os->list_again = true;
		return;
	}
	os->list_again = false;
	os->stamp = heard(ui, os->plan, os->period);
	os->list_req = client_net_request(ui->net, MSG_RUBRIC_SHEETS, &b);
}

void
orgs_ask_one(struct ui *ui, struct orgs_state *os)
{
	struct rubric_sheets_body b = { .session = "", .plan = os->plan, .period = os->period,
	    .unit_id = os->unit, .category = "" };

	if (os->unit == 0)
		return;
	if (os->one_req != 0 && client_net_is_pending(ui->net, os->one_req)) {
		os->one_again = true;
		return;
	}
	os->one_again = false;
	os->one_stamp = heard(ui, os->plan, os->period);
	os->one_req = client_net_request(ui->net, MSG_RUBRIC_SHEETS, &b);
}

void
orgs_send(struct ui *ui, struct orgs_state *os, uint32_t type, const void *body)
{
	os->write_type = type;
	os->write_req = client_net_request(ui->net, type, body);
	os->refusal[0] = '\0';
	ui_msg(ui, UI_NORMAL, _("Sending…"));
}

/* ---- the ranking ---- */

static void
tiers_text(const struct rubric_sheets_reply_body *b, char *buf, size_t len)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < b->tiers_n && at < len; i++) {
		char lo[16], hi[16];

		plan_hundredths_format(b->tiers[i].min, lo, sizeof lo);
		plan_hundredths_format(b->tiers[i].max != 0 ? b->tiers[i].max : b->rubric_total, hi,
		    sizeof hi);
		at += (size_t)snprintf(buf + at, len - at, "%s%s %s–%s", i > 0 ? _("; ") : "",
		    b->tiers[i].name, lo, hi);
	}
}

static void
draw_head(struct ui *ui, struct orgs_state *os, int y)
{
	const struct rubric_sheets_reply_body *b = os->list;
	unsigned checked = 0, applied = 0;
	char buf[800], pn[48], t[256], am[16];

	(void)ui;
	for (uint32_t i = 0; i < b->rows_n; i++) {
		checked += b->rows[i].checked;
		applied += b->rows[i].applied;
	}
	period_name(b->period, pn, sizeof pn);
	snprintf(buf, sizeof buf, _(" %s  checked %u/%u  applied %u  category: %s  %s"), pn, checked,
	    b->rows_n, applied, os->category[0] != '\0' ? os->category : _("all"), b->plan_name);
	ui_put_cut(y, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	if (os->refusal[0] != '\0') {
		snprintf(buf, sizeof buf, _(" Failed: %s"), os->refusal);
		ui_put_cut(y + 1, 0, COLS, buf, ui_attr(UI_ERROR), true, true);
		return;
	}
	if (!b->open) {
		snprintf(buf, sizeof buf, _(" This period takes no scores: %s"), b->why != NULL ? b->why : "");
		ui_put_cut(y + 1, 0, COLS, buf, ui_attr(UI_WARN), true, true);
		return;
	}
	tiers_text(b, t, sizeof t);
	plan_hundredths_format(b->apply_min, am, sizeof am);
	if (b->checklist)
		snprintf(buf, sizeof buf, _(" Line by line (met / not met)  tiers: %s"), t[0] ? t : _("none"));
	else
		snprintf(buf, sizeof buf, _(" Self-check ≥ %s may apply for inspection  tiers: %s"), am,
		    t[0] ? t : _("none"));
	ui_put_cut(y + 1, 0, COLS, buf, ui_attr(UI_DIM), true, true);
}

/* The ranking's columns: each as wide as its heading and its words need
 * (English is wider than Chinese in places), the unit's name what is left
 * of the line, at most 16. */
struct columns {
	int	 rank, unit, cat, num, tier, ap, ck;
	const char *h[10];		/* the headings */
};

static int
widest(int min, const char *a, const char *b, const char *c)
{
	int w = min;

	if (a != NULL && text_width(a) > w)
		w = text_width(a);
	if (b != NULL && text_width(b) > w)
		w = text_width(b);
	if (c != NULL && text_width(c) > w)
		w = text_width(c);
	return w;
}

static void
columns_of(const struct orgs_state *os, struct columns *c)
{
	bool by_cat = os->category[0] != '\0', cl = os->list->checklist;
	int fixed;

	c->h[0] = by_cat ? _("Cat rank") : _("Rank");
	c->h[1] = _("Unit");
	c->h[2] = _("Category");
	c->h[3] = cl ? _("Self ✓") : _("Self");
	c->h[4] = cl ? _("Unmet") : _("Ded.");
	c->h[5] = cl ? _("Met") : _("Score");
	c->h[6] = _("Tier");
	c->h[7] = _("Applied");
	c->h[8] = _("Checked");
	c->h[9] = _("Open");
	c->rank = widest(8, c->h[0], NULL, NULL);
	c->cat = widest(8, c->h[2], NULL, NULL);
	c->num = widest(6, c->h[3], c->h[4], c->h[5]);
	c->tier = widest(4, c->h[6], NULL, NULL);
	c->ap = widest(6, c->h[7], _("applied"), NULL);
	c->ck = widest(6, c->h[8], _("checked"), NULL);
	fixed = 1 + c->rank + 1 + 1 + c->cat + 3 * (1 + c->num) + 1 + c->tier + 1 + c->ap + 1 +
	    c->ck + 1 + text_width(c->h[9]);
	c->unit = COLS - fixed < 16 ? COLS - fixed : 16;
	if (c->unit < 6)
		c->unit = 6;
}

/* A row of the ranking, in the heading's columns. */
static void
row_text(const struct orgs_state *os, const struct columns *c, const struct rubric_row *r,
    char *buf, size_t len)
{
	bool by_cat = os->category[0] != '\0';
	char rank[32], unit[64], cat[32], a[32], tier[32], f[3][48], ap[32], ck[32];

	/* nobody has inspected it yet: no 扣分, no 得分 to show (a full score
	 * would look earned) */
	bool unchecked = !r->checked && r->findings == 0;

	orgs_rank_label(by_cat ? r->category_rank : r->rank, by_cat ? r->category_tied : r->tied,
	    r->checked, a, sizeof a);
	text_fit(a, c->rank, true, false, rank, sizeof rank);
	text_fit(r->name, c->unit, true, true, unit, sizeof unit);
	text_fit(r->category[0] != '\0' ? r->category : "—", c->cat, true, true, cat, sizeof cat);
	if (os->list->checklist) {
		/* nothing is scored: lines met, by the unit's count and the check's */
		if (r->self_met > 0 || r->self_complete)
			snprintf(a, sizeof a, "%u/%u", r->self_met, r->lines);
		else
			snprintf(a, sizeof a, "—");
		orgs_rjust(a, c->num, f[0], sizeof f[0]);
		snprintf(a, sizeof a, "%u", r->lines - r->met);
		orgs_rjust(unchecked ? "—" : a, c->num, f[1], sizeof f[1]);
		snprintf(a, sizeof a, "%u/%u", r->met, r->lines);
		orgs_rjust(unchecked ? "—" : a, c->num, f[2], sizeof f[2]);
	} else {
		if (r->self_complete || r->self_total > 0)
			score_fmt(r->self_total, a, sizeof a);
		else
			snprintf(a, sizeof a, "—");
		orgs_rjust(a, c->num, f[0], sizeof f[0]);
		score_fmt(r->deducted, a, sizeof a);
		orgs_rjust(unchecked ? "—" : a, c->num, f[1], sizeof f[1]);
		score_fmt(r->total, a, sizeof a);
		orgs_rjust(unchecked ? "—" : a, c->num, f[2], sizeof f[2]);
	}
	text_fit(r->checked && r->tier[0] != '\0' ? r->tier : "—", c->tier, true, true, tier,
	    sizeof tier);
	text_fit(r->applied ? _("applied") : "—", c->ap, true, false, ap, sizeof ap);
	text_fit(r->checked ? _("checked") : "—", c->ck, true, false, ck, sizeof ck);
	snprintf(a, sizeof a, "%u", r->open_notices);
	snprintf(buf, len, " %s %s %s %s %s %s %s %s %s %s", rank, unit, cat, f[0], f[1], f[2],
	    tier, ap, ck, r->open_notices > 0 ? a : "—");
}

/* The ranking's rows shown: the category's (or all), those the search
 * leaves; offered again when a ranking came or either changed. */
static void
refresh_rows(struct orgs_state *os)
{
	struct columns c;
	char text[512];

	if (os->list == NULL || (os->rows_gen == os->list_gen && !list_dirty(&os->rows) &&
	    strcmp(os->rows_cat, os->category) == 0))
		return;
	columns_of(os, &c);
	list_begin(&os->rows);
	for (uint32_t i = 0; i < os->list->rows_n; i++) {
		const struct rubric_row *r = &os->list->rows[i];

		if (os->category[0] != '\0' && strcmp(r->category, os->category) != 0)
			continue;
		row_text(os, &c, r, text, sizeof text);
		/* the whole name, which the column may cut */
		strlcpy_kh(text + strlen(text), " ", sizeof text - strlen(text));
		strlcpy_kh(text + strlen(text), r->name, sizeof text - strlen(text));
		list_offer(&os->rows, i, r->unit_id, text);
	}
	list_end(&os->rows);
	os->rows_gen = os->list_gen;
	strlcpy_kh(os->rows_cat, os->category, sizeof os->rows_cat);
}

/* The k-th row shown, or NULL. */
static const struct rubric_row *
row_at(const struct orgs_state *os, size_t k)
{
	size_t i = list_at(&os->rows, k);

	return i != LIST_NONE ? &os->list->rows[i] : NULL;
}

static void
draw_table(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	size_t n;
	bool tie = false;
	struct columns c;
	char buf[512], h[10][48], head[800];

	(void)ui;
	columns_of(os, &c);
	text_fit(c.h[0], c.rank, true, false, h[0], sizeof h[0]);
	text_fit(c.h[1], c.unit, true, false, h[1], sizeof h[1]);
	text_fit(c.h[2], c.cat, true, false, h[2], sizeof h[2]);
	for (int i = 3; i < 6; i++)
		orgs_rjust(c.h[i], c.num, h[i], sizeof h[i]);
	text_fit(c.h[6], c.tier, true, false, h[6], sizeof h[6]);
	text_fit(c.h[7], c.ap, true, false, h[7], sizeof h[7]);
	text_fit(c.h[8], c.ck, true, false, h[8], sizeof h[8]);
	text_fit(c.h[9], 12, false, false, h[9], sizeof h[9]);
	snprintf(head, sizeof head, " %s %s %s %s %s %s %s %s %s %s", h[0], h[1], h[2], h[3], h[4],
	    h[5], h[6], h[7], h[8], h[9]);
	ui_put(y, 0, COLS, head, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	refresh_rows(os);
	n = os->rows.n;
	if (n == 0) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&os->rows) != NULL ? list_empty(&os->rows) :
		    os->list->rows_n == 0 ? _("No sheets you can see in this period") :
		    _("No units in this category (c next category)"), ui_attr(UI_DIM), false);
		return;
	}
	for (size_t k = 0; k < n; k++) {
		const struct rubric_row *r = row_at(os, k);

		tie |= r->checked && (os->category[0] != '\0' ? r->category_tied : r->tied);
	}
	if (tie)
		rows--;
	list_place(&os->rows, y, 0, COLS, rows);
	for (int r = 0; r < rows && os->rows.top + (size_t)r < n; r++) {
		size_t k = os->rows.top + (size_t)r;
		const struct rubric_row *w = row_at(os, k);

		row_text(os, &c, w, buf, sizeof buf);
		ui_put_cut(y + r, 0, COLS, buf, ui_attr(k == os->rows.sel ? UI_SELECTED :
		    !w->checked ? UI_DIM : UI_NORMAL), true, true);
	}
	if (tie)
		ui_put(y + rows, 0, COLS,
		    _(" tied: equal scores share a rank (1, 2, 2, 4); unchecked units are not ranked"),
		    ui_attr(UI_DIM), true);
}

void
orgs_draw(struct ui *ui)
{
	static const char *const ranking_keys[] = {
		"Enter", N_("Sheet"), "[ ]/t", N_("Period"), "p", N_("Plan"),
		"c", N_("Kind"), "N", N_("Notices"), "D", N_("Draw"), "?", N_("Help"), NULL
	};
	static const char *const sheet_keys[] = {
		"Enter", N_("Target"), "e", N_("Self"), "A", N_("Apply"), "a", N_("Deduct"),
		"C/O", N_("Finish"), "n", N_("Notice"), "h", N_("Past"), "q", N_("Back"), NULL
	};
	static const char *const history_keys[] = {
		"↑↓", N_("Select"), "Enter", N_("That sheet"), "q/Esc", N_("Back"), "?", N_("Help"), NULL
	};
	static const char *const item_keys[] = {
		"↑↓", N_("Deductions"), "a", N_("Add"), "d", N_("Delete"), "n", N_("Notice"),
		"e", N_("Self"), "PgUp/PgDn", N_("Page"), "q/Esc", N_("Back"), NULL
	};
	static const char *const notice_keys[] = {
		"↑↓", N_("Select"), "f", N_("Respond"), "x", N_("Close"), "b", N_("Send back"), "q/Esc", N_("Back"),
		"?", N_("Help"), NULL
	};
	static const char *const draw_keys[] = {
		"D", N_("Draw"), "←→", N_("Earlier draws"), "q/Esc", N_("Back"), "?", N_("Help"), NULL
	};
	static const char *const form_keys[] = {
		"Tab", N_("Next field"), "←→", N_("Choose"), "Enter", N_("Next/submit"), "Ctrl-S", N_("Submit"),
		"Esc", N_("Cancel"), NULL
	};
	struct orgs_state *os = orgs_state(ui);
	const char *const *keys = os->form != OF_NONE ? form_keys :
	    os->view == ORGS_SHEET ? list_keys(&os->items, sheet_keys) : os->view == ORGS_ITEM ? item_keys :
	    os->view == ORGS_NOTICES ? list_keys(&os->notices, notice_keys) :
	    os->view == ORGS_DRAW ? draw_keys :
	    os->view == ORGS_HISTORY ? list_keys(&os->hist, history_keys) : list_keys(&os->rows, ranking_keys);
	int y = UI_TOP, rows = ui_rows();

	if (os->list == NULL && os->list_req == 0)
		orgs_ask_list(ui, os);
	/* live: a sheet or notice of the plan and period shown changed */
	if (os->list != NULL && heard(ui, os->plan, os->period) != os->stamp)
		orgs_ask_list(ui, os);
	if (os->unit != 0 && os->view != ORGS_LIST && os->one != NULL &&
	    heard(ui, os->plan, os->period) != os->one_stamp)
		orgs_ask_one(ui, os);
	ui_frame(ui, _("Party building"), keys);
	if (os->list == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading the party-building assessment…"), ui_attr(UI_DIM), false);
		return;
	}
	if (os->form != OF_NONE)
		rows -= ORGS_FORM_LINES;
	switch (os->view) {
	case ORGS_LIST:
		draw_head(ui, os, y);
		draw_table(ui, os, y + 2, rows - 2);
		break;
	case ORGS_SHEET:
		orgs_sheet_draw(ui, os, y, rows);
		break;
	case ORGS_ITEM:
		orgs_item_draw(ui, os, y, rows);
		break;
	case ORGS_NOTICES:
		orgs_notices_draw(ui, os, y, rows);
		break;
	case ORGS_DRAW:
		orgs_draw_view(ui, os, y, rows);
		break;
	case ORGS_HISTORY:
		orgs_history_draw(ui, os, y, rows);
		break;
	}
	if (os->form != OF_NONE)
		orgs_form_draw(ui, os, y + rows);
}

/* ---- keys ---- */

static void
set_period(struct ui *ui, struct orgs_state *os, uint32_t p)
{
	if (p == 0) {
		ui_msg(ui, UI_NORMAL, _("No more periods (a period not yet begun cannot be chosen)"));
		return;
	}
	os->period = p;
	os->rows.sel = os->rows.top = 0;
	os->refusal[0] = '\0';
	orgs_ask_list(ui, os);
}

static void
next_plan(struct ui *ui, struct orgs_state *os)
{
	const struct rubric_sheets_reply_body *b = os->list;

	if (b->plans_n < 2) {
		ui_msg(ui, UI_NORMAL, _("This is the only party-building plan on the server"));
		return;
	}
	for (uint32_t i = 0; i < b->plans_n; i++)
		if (strcmp(b->plans[i].key, b->plan) == 0) {
			strlcpy_kh(os->plan, b->plans[(i + 1) % b->plans_n].key, sizeof os->plan);
			break;
		}
	os->period = 0;
	os->category[0] = '\0';
	os->rows.sel = os->rows.top = 0;
	os->refusal[0] = '\0';
	orgs_ask_list(ui, os);
}

/* The next category among the rows, after "" (all) and before it again. */
static void
next_category(struct ui *ui, struct orgs_state *os)
{
	const struct rubric_sheets_reply_body *b = os->list;
	const char *best = NULL;

	/* the smallest category greater than the one shown */
	for (uint32_t i = 0; i < b->rows_n; i++) {
		const char *c = b->rows[i].category;

		if (c[0] != '\0' && strcmp(c, os->category) > 0 &&
		    (best == NULL || strcmp(c, best) < 0))
			best = c;
	}
	strlcpy_kh(os->category, best != NULL ? best : "", sizeof os->category);
	os->rows.sel = os->rows.top = 0;
	ui_msg(ui, UI_NORMAL, _("Category: %s"), best != NULL ? best : _("all"));
}

static void
open_sheet(struct ui *ui, struct orgs_state *os, uint64_t unit)
{
	/* never another unit's or period's sheet, even for a moment */
	drop_reply(&os->one);
	os->unit = unit;
	os->view = ORGS_SHEET;
	os->isel = 0;
	list_search_clear(&os->items);
	os->items.sel = os->items.top = 0;
	os->refusal[0] = '\0';
	orgs_ask_one(ui, os);
}

void
orgs_open_period(struct ui *ui, struct orgs_state *os, uint32_t period)
{
	uint64_t unit = os->unit;

	os->period = period;
	os->rows.sel = os->rows.top = 0;
	orgs_ask_list(ui, os);
	open_sheet(ui, os, unit);
}

static void
ranking_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	refresh_rows(os);
	switch (list_key(&os->rows, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		if (row_at(os, os->rows.sel) != NULL)
			open_sheet(ui, os, row_at(os, os->rows.sel)->unit_id);
		return;
	case LIST_DONE:
		refresh_rows(os);	/* the key bar counts what the search leaves */
		return;
	case LIST_PASS:
		break;
	}
	if (is_key)
		return;
	if (ch == '[' || ch == ']') {
		set_period(ui, os, score_period_step(os->list->period, ch == '[' ? -1 : 1,
		    ui_today(ui)));
	} else if (ch == 't') {
		set_period(ui, os, score_period_type_next(os->list->period, ORGS_PERIOD_TYPES,
		    ui_today(ui)));
	} else if (ch == 'p') {
		next_plan(ui, os);
	} else if (ch == 'c' || ch == 'f') {
		next_category(ui, os);
	} else if (ch == 'r') {
		orgs_ask_list(ui, os);
	}
}

void
orgs_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct orgs_state *os = orgs_state(ui);

	if (os->list == NULL)
		return;
	if (os->form != OF_NONE) {
		orgs_form_key(ui, os, is_key, ch);
		return;
	}
	/* notices and draws from anywhere but another list of them */
	if (!is_key && ch == 'N' && os->view != ORGS_NOTICES && !orgs_typing(ui)) {
		os->back = os->view;
		os->view = ORGS_NOTICES;
		os->notices.sel = os->notices.top = 0;
		return;
	}
	if (!is_key && ch == 'D' && os->view != ORGS_DRAW && !orgs_typing(ui)) {
		if (!orgs_may_draw(ui)) {
			ui_msg(ui, UI_WARN, _("Only the inspectors and the assessment office can draw spot checks"));
			return;
		}
		os->back = os->view;
		os->view = ORGS_DRAW;
		os->dsel = os->list->samples_n > 0 ? os->list->samples_n - 1 : 0;
		return;
	}
	switch (os->view) {
	case ORGS_LIST:
		ranking_key(ui, os, is_key, ch);
		break;
	case ORGS_SHEET:
		orgs_sheet_key(ui, os, is_key, ch);
		break;
	case ORGS_ITEM:
		orgs_item_key(ui, os, is_key, ch);
		break;
	case ORGS_NOTICES:
		orgs_notices_key(ui, os, is_key, ch);
		break;
	case ORGS_DRAW:
		orgs_draw_key(ui, os, is_key, ch);
		break;
	case ORGS_HISTORY:
		orgs_history_key(ui, os, is_key, ch);
		break;
	}
}

bool
orgs_typing(struct ui *ui)
{
	return ui->orgs != NULL && (ui->orgs->form != OF_NONE ||
	    (ui->orgs->view == ORGS_LIST && list_typing(&ui->orgs->rows)) ||
	    (ui->orgs->view == ORGS_SHEET && list_typing(&ui->orgs->items)) ||
	    (ui->orgs->view == ORGS_HISTORY && list_typing(&ui->orgs->hist)) ||
	    (ui->orgs->view == ORGS_NOTICES && list_typing(&ui->orgs->notices)));
}

bool
orgs_unsaved(struct ui *ui)
{
	struct orgs_state *os = ui->orgs;

	return os != NULL && os->form != OF_NONE &&
	    (!edit_empty(&os->text) || (os->form != OF_SELF && !edit_empty(&os->date)));
}

const char *const *
orgs_help_now(struct ui *ui)
{
	(void)ui;
	return orgs_help;
}

/* ---- replies ---- */

static void
take_list(struct ui *ui, struct orgs_state *os, struct rubric_sheets_reply_body *b)
{
	(void)ui;
	drop_reply(&os->list);
	os->list = xcalloc(1, sizeof *os->list);
	schema_copy(&rubric_sheets_reply_body_desc, os->list, b);
	/* what the server chose for "" and 0 is what is shown and asked for */
	strlcpy_kh(os->plan, b->plan, sizeof os->plan);
	os->period = b->period;
	/* the rows shown are offered again, the selection kept by unit */
	os->list_gen++;
	if (os->dsel >= os->list->samples_n)
		os->dsel = os->list->samples_n > 0 ? os->list->samples_n - 1 : 0;
}

static void
take_one(struct orgs_state *os, struct rubric_sheets_reply_body *b)
{
	/* a late reply for a unit or period no longer shown */
	if ((b->sheet.unit_id != 0 && b->sheet.unit_id != os->unit) || b->period != os->period)
		return;
	drop_reply(&os->one);
	os->one = xcalloc(1, sizeof *os->one);
	schema_copy(&rubric_sheets_reply_body_desc, os->one, b);
}

/* What a write was, for "... failed: why", and what its success says. */
static const char *
write_name(uint32_t type, bool done)
{
	switch (type) {
	case MSG_SELF_PUT:
		return done ? _("Self-check saved") : _("The self-check");
	case MSG_FINDING_PUT:
		return done ? _("Deduction entered") : _("Entering the deduction");
	case MSG_FINDING_DELETE:
		return done ? _("Deduction deleted") : _("Deleting the deduction");
	case MSG_RECTIFY_ACT:
		return done ? _("Rectification notice updated") : _("The rectification notice");
	case MSG_SAMPLE_DRAW:
		return done ? _("Spot check drawn") : _("The spot check");
	}
	return done ? _("Action done") : _("The action");
}

static void
take_write(struct ui *ui, struct orgs_state *os, const struct net_event *ev)
{
	char why[800];

	if (ev->type != NET_EV_WRITE_OK) {
		ui_error_text(ev, why, sizeof why);
		strlcpy_kh(os->refusal, why, sizeof os->refusal);
		ui_msg(ui, UI_ERROR, _("%s failed: %s"), write_name(os->write_type, false), why);
		return;
	}
	/* The form closes only now: on a refusal what was typed stays. */
	os->form = OF_NONE;
	os->refusal[0] = '\0';
	if (ev->request == MSG_SAMPLE_DRAW && ev->reply != NULL) {
		const struct sample_reply_body *r = ev->reply;

		drop_draw(os);
		os->draw = xcalloc(1, sizeof *os->draw);
		schema_copy(&sample_rec_desc, os->draw, &r->sample);
		ui_msg(ui, UI_GOOD, ngettext("Drawn: %u unit, seed %llu", "Drawn: %u units, seed %llu",
		    r->sample.picks_n), r->sample.picks_n,
		    (unsigned long long)r->sample.seed);
	} else
		ui_msg(ui, UI_GOOD, "%s", write_name(os->write_type, true));
	orgs_ask_list(ui, os);
	if (os->view != ORGS_LIST)
		orgs_ask_one(ui, os);
}

bool
orgs_event(struct ui *ui, const struct net_event *ev)
{
	struct orgs_state *os = ui->orgs;
	char why[800];

	if (os == NULL || ev->reqid == 0)
		return false;
	if (ev->reqid == os->list_req || ev->reqid == os->one_req) {
		bool list = ev->reqid == os->list_req;

		if (ev->type == NET_EV_READ_OK && ev->reply != NULL) {
			if (list)
				take_list(ui, os, ev->reply);
			else
				take_one(os, ev->reply);
		} else if (ev->type == NET_EV_READ_FAILED) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Loading the party-building assessment failed: %s"), why);
			if (!list && os->one == NULL)
				os->view = ORGS_LIST;
		}
		if (list && os->list_again)
			orgs_ask_list(ui, os);
		if (!list && os->one_again)
			orgs_ask_one(ui, os);
		return true;
	}
	if (ev->reqid != os->write_req)
		return false;
	take_write(ui, os, ev);
	return true;
}

void
orgs_answer(struct ui *ui, int action, bool yes)
{
	struct orgs_state *os = orgs_state(ui);

	if (!yes || os->list == NULL)
		return;
	switch (action) {
	case ASK_APPLY:
	case ASK_CHECKED:
	case ASK_REOPEN: {
		struct rubric_act_body b = { .session = "", .plan = os->plan, .period = os->period,
		    .unit_id = os->unit, .action = action == ASK_APPLY ? 1 :
		    action == ASK_CHECKED ? 2 : 3 };

		orgs_send(ui, os, MSG_RUBRIC_ACT, &b);
		break;
	}
	case ASK_DELETE: {
		struct finding_delete_body b = { .session = "", .plan = os->plan,
		    .period = os->period, .unit_id = os->unit, .id = os->target };

		orgs_send(ui, os, MSG_FINDING_DELETE, &b);
		break;
	}
	case ASK_CLOSE: {
		struct rectify_act_body b = { .session = "", .action = 3 };

		b.notice.id = os->target;
		orgs_send(ui, os, MSG_RECTIFY_ACT, &b);
		break;
	}
	}
}

bool
orgs_back(struct ui *ui)
{
	if (ui->orgs == NULL || ui->orgs->view == ORGS_LIST)
		return false;
	orgs_key(ui, false, 27);
	return true;
}
