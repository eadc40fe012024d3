/*
 * client-month.c: the monthly record screen (月记实): the user's months,
 * this one and back, each with its record's state and deadline; the
 * selected month's record to read; and the editor (client-docedit.c) with
 * that month's daily logs and its hours beside it, since the record sums
 * up what the log holds.
 *
 * A returned record shows its reason at the top of the editor; a
 * submitted or filed one opens read-only with the reviewer's comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-doc.h"
#include "client-docedit.h"
#include "client-model.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

#define MONTHS_BACK	12
#define MAX_MONTHS	120
#define LIST_WIDTH	list_width(ms)
#define LOGS_WIDTH	29	/* the daily log beside the editor */

enum { ASK_DISCARD = 1 };

struct month_state {
	uint32_t	 months[MAX_MONTHS];	/* newest first */
	size_t		 n;
	struct list	 list;		/* those shown: indexes into months */
	struct docedit	*de;
	struct textbuf	 tb;
	size_t		 vtop;		/* the record's scroll */
	uint32_t	 want;		/* to open once the user lets go of the old text */

	uint64_t	 totals_gen;	/* of the copy the totals were counted on */
	uint32_t	 totals_month;
	uint32_t	 count, minutes, overtime;
};

const char *const month_help[] = {
	"↑↓", N_("Select a month (this one at the top)"),
	N_("Enter or e"), N_("Write or edit the month's record; a submitted one is read-only"),
	"/", N_("Search by month or state (e.g. returned); Esc clears"),
	"PgUp/PgDn", N_("Scroll the record on the right"),
	N_("While editing"), N_("The month's log, hours and overtime show on the right"),
	"Tab", N_("Next field: duties, goals and tasks, plan for next month"),
	"Ctrl-S", N_("Save a draft"),
	"Ctrl-T", N_("Submit (asks first; all three fields must be filled)"),
	"Esc", N_("Back to the months (what you typed stays)"),
	NULL, NULL
};

static struct month_state *
state(struct ui *ui)
{
	if (ui->month == NULL) {
		ui->month = xcalloc(1, sizeof *ui->month);
		ui->month->de = docedit_new();
	}
	return ui->month;
}

void
month_free(struct ui *ui)
{
	if (ui->month == NULL)
		return;
	docedit_free(&ui->month->de);
	tb_free(&ui->month->tb);
	list_free(&ui->month->list);
	free(ui->month);
	ui->month = NULL;
}

static void
add_month(struct month_state *ms, uint32_t code)
{
	size_t i;

	for (i = 0; i < ms->n && ms->months[i] > code; i++)
		;
	if ((i < ms->n && ms->months[i] == code) || ms->n == MAX_MONTHS)
		return;
	memmove(&ms->months[i + 1], &ms->months[i], (ms->n - i) * sizeof *ms->months);
	ms->months[i] = code;
	ms->n++;
}

/* This month and the ones before it, and any older month with a record. */
static void
rebuild(struct ui *ui, struct month_state *ms)
{
	struct model *m = ui_model(ui);
	uint32_t code = period_of_day(PERIOD_MONTH, ui_today(ui));
	char text[256], pn[64];
	size_t first, n;

	ms->n = 0;
	for (int k = 0; k < MONTHS_BACK && code != 0; k++, code = period_prev(code))
		add_month(ms, code);
	first = model_docs_about(m, ui_me(ui), &n);
	for (size_t i = 0; i < n; i++) {
		const struct doc *d = model_doc_at(m, first + i);

		if (d->kind == DOC_MONTHLY)
			add_month(ms, d->period);
	}
	if (ms->want != 0)
		add_month(ms, ms->want);
	list_begin(&ms->list);
	for (size_t i = 0; i < ms->n; i++) {
		const struct doc *d = model_doc_of(m, ui_me(ui), DOC_MONTHLY, ms->months[i]);

		period_name(ms->months[i], pn, sizeof pn);
		snprintf(text, sizeof text, "%s %s", pn, d != NULL ? doc_state_name(d->state) :
		    _("Unwritten"));
		list_offer(&ms->list, (uint32_t)i, ms->months[i], text);
	}
	list_end(&ms->list);
}

/* The month selected, or 0 when the search hides every one. */
static uint32_t
sel_month(struct month_state *ms)
{
	size_t i = list_cur(&ms->list);

	return i != LIST_NONE ? ms->months[i] : 0;
}

/* The month's daily log: entries, hours, overtime. */
static void
count_logs(struct ui *ui, struct month_state *ms, uint32_t month)
{
	struct sync *s = client_net_sync(ui->net);
	uint32_t first = period_first_day(month), last = period_last_day(month);

	if (ms->totals_gen == sync_generation(s) && ms->totals_month == month)
		return;
	ms->count = ms->minutes = ms->overtime = 0;
	for (size_t i = 0; i < sync_count(s); i++) {
		const struct log_entry *e = sync_entry(s, i);

		if (e->date < first || e->date > last)
			continue;
		ms->count++;
		ms->minutes += e->minutes;
		ms->overtime += e->overtime;
	}
	ms->totals_gen = sync_generation(s);
	ms->totals_month = month;
}

static void
totals_text(struct month_state *ms, char *buf, size_t len)
{
	char h[16], o[16];

	hours_format(ms->minutes, h, sizeof h);
	hours_format(ms->overtime, o, sizeof o);
	snprintf(buf, len, ngettext("%u log entry, %s hours, %s overtime",
	    "%u log entries, %s hours, %s overtime", ms->count), ms->count, h, o);
}

/* The columns of the month list: a month's name, its record's state, the
 * deadline and "late", each as wide as its widest word. */
static int
period_width(struct month_state *ms)
{
	char pn[64];
	int w = 12;

	for (size_t i = 0; i < ms->n; i++) {
		period_name(ms->months[i], pn, sizeof pn);
		if (text_width(pn) > w)
			w = text_width(pn);
	}
	return w;
}

static int
state_width(void)
{
	const char *words[] = { _("Unsaved"), _("Unsent"), _("Closed"), _("Unwritten") };
	int w = 8;

	for (uint32_t st = DOC_DRAFT; st <= DOC_DONE; st++)
		if (text_width(doc_state_name(st)) > w)
			w = text_width(doc_state_name(st));
	for (size_t i = 0; i < nitems(words); i++)
		if (text_width(words[i]) > w)
			w = text_width(words[i]);
	return w;
}

static int
list_width(struct month_state *ms)
{
	return period_width(ms) + 1 + state_width() + 7 + text_width(_("Late")) + 1;
}

/* Whether a write about this month's record is still on its way. */
static bool
month_pending(struct ui *ui, uint32_t month, const struct doc *d)
{
	uint32_t type;
	uint64_t reqid;
	const void *body;

	for (size_t i = 0; client_net_pending_at(ui->net, i, &type, &reqid, &body); i++) {
		if (type == MSG_DOC_SAVE) {
			const struct doc *x = &((const struct doc_save_body *)body)->doc;

			if (x->kind == DOC_MONTHLY && x->period == month && (x->subject == 0 ||
			    x->subject == ui_me(ui)))
				return true;
		} else if (type == MSG_DOC_ACT && d != NULL &&
		    ((const struct doc_act_body *)body)->id == d->id)
			return true;
	}
	return false;
}

static void
draw_list(struct ui *ui, struct month_state *ms, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t today = ui_today(ui);
	char line[256], pn[64], due[16], st[64], head[160] = "";
	uint32_t cur = period_of_day(PERIOD_MONTH, today);
	/* Months counted as overdue: the two before this one, as in the
	 * count of what is due (client-model.c). */
	uint32_t oldest = period_prev(period_prev(cur));
	int pw = period_width(ms), sw = state_width();

	text_cat_col(head, sizeof head, _("Months"), pw + 1, false);
	text_cat_col(head, sizeof head, _("State"), sw + 1, false);
	text_cat_col(head, sizeof head, _("Due by"), text_width(_("Due by")) > 5 ?
	    text_width(_("Due by")) : 5, true);
	ui_put(y, 1, LIST_WIDTH - 1, head, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (list_empty(&ms->list) != NULL)
		ui_put(y + 1, 2, LIST_WIDTH - 3, list_empty(&ms->list), ui_attr(UI_WARN), false);
	list_place(&ms->list, y, 0, LIST_WIDTH, rows);
	for (int r = 0; r < rows; r++) {
		size_t k = ms->list.top + (size_t)r, i = list_at(&ms->list, k);
		uint32_t code, d_due;
		const struct doc *d;
		int look;
		bool late;

		if (i == LIST_NONE)
			break;
		code = ms->months[i];
		d = model_doc_of(m, ui_me(ui), DOC_MONTHLY, code);
		d_due = d != NULL ? d->due : model_due(m, code);
		late = (d == NULL || d->state == DOC_DRAFT || d->state == DOC_RETURNED) &&
		    d_due != 0 && d_due < today && code >= oldest && !model_locked(m, code);
		period_name(code, pn, sizeof pn);
		text_fit(pn, pw, true, false, pn, sizeof pn);
		ui_day(d_due, due, sizeof due);
		if (docedit_unsaved(ms->de) && docedit_holds(ms->de, DOC_MONTHLY, ui_me(ui), code))
			snprintf(st, sizeof st, "%s", _("Unsaved"));
		else if (month_pending(ui, code, d))
			snprintf(st, sizeof st, "%s", _("Unsent"));
		else if (model_locked(m, code) && (d == NULL || d->state < DOC_SUBMITTED))
			snprintf(st, sizeof st, "%s", _("Closed"));
		else
			snprintf(st, sizeof st, "%s", d != NULL ? doc_state_name(d->state) :
			    _("Unwritten"));
		text_fit(st, sw, true, false, st, sizeof st);
		snprintf(line, sizeof line, "%s %s %s%s%s", pn, st, due, late ? " " : "",
		    late ? _("Late") : "");
		look = k == ms->list.sel ? UI_SELECTED : d != NULL && d->state == DOC_RETURNED ? UI_ERROR :
		    late ? UI_WARN : d == NULL ? UI_DIM : UI_NORMAL;
		ui_put(y + r, 1, LIST_WIDTH - 1, line, ui_attr(look), true);
	}
}

/* The selected month's record, read-only, beside the list. */
static void
draw_preview(struct ui *ui, struct month_state *ms, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t code = sel_month(ms);
	const struct doc *d = ui_doc(ui, model_doc_of(m, ui_me(ui), DOC_MONTHLY, code));
	int x = LIST_WIDTH + 2, w = COLS - x - 1;
	char buf[256];

	if (code == 0)
		return;
	count_logs(ui, ms, code);
	doc_what(DOC_MONTHLY, code, buf, sizeof buf);
	ui_put(y, x, w, buf, ui_attr(UI_HEADER), true);
	tb_reset(&ms->tb, w);
	totals_text(ms, buf, sizeof buf);
	tb_text(&ms->tb, UI_DIM, 0, buf);
	if (d != NULL)
		doc_render(&ms->tb, m, d);
	else {
		char why[256];

		tb_blank(&ms->tb);
		if (model_locked(m, code))
			tb_text(&ms->tb, UI_DIM, 0, _("This month is closed: nothing more can be written."));
		else if (period_first_day(code) > ui_today(ui))
			tb_text(&ms->tb, UI_DIM, 0, _("This month has not begun yet."));
		else {
			tb_text(&ms->tb, UI_NORMAL, 0, _("Not written yet. Press Enter to write it:"));
			for (uint32_t i = 0; i < form_def(DOC_MONTHLY)->nfields; i++) {
				snprintf(why, sizeof why, "· %s",
				    ui_tr(form_def(DOC_MONTHLY)->fields[i].label));
				tb_text(&ms->tb, UI_DIM, 2, why);
			}
		}
	}
	if (d != NULL && (d->state == DOC_DRAFT || d->state == DOC_RETURNED) && d->author == ui_me(ui)) {
		tb_blank(&ms->tb);
		tb_text(&ms->tb, UI_KEY, 0, d->state == DOC_RETURNED ?
		    _("Press Enter to mend it and submit again") :
		    _("Press Enter to go on writing, Ctrl-T to submit"));
	}
	y++;
	rows--;
	if (ms->tb.n <= (size_t)rows)
		ms->vtop = 0;
	else if (ms->vtop > ms->tb.n - (size_t)rows)
		ms->vtop = ms->tb.n - (size_t)rows;
	tb_draw(&ms->tb, y, x, rows, ms->vtop);
}

/* The month's daily log beside the editor. */
static void
draw_logs(struct ui *ui, struct month_state *ms, uint32_t month, int y, int rows)
{
	struct sync *s = client_net_sync(ui->net);
	uint32_t first = period_first_day(month), last = period_last_day(month);
	int x = COLS - LOGS_WIDTH, w = LOGS_WIDTH - 1, r = 0;
	char buf[256], h[16], o[16];
	size_t shown = 0;

	attron(ui_attr(UI_DIM));
	mvvline(y, x - 2, ACS_VLINE, rows);
	attroff(ui_attr(UI_DIM));
	count_logs(ui, ms, month);
	ui_put(y, x, w, _("This month's log"), ui_attr(UI_HEADER), true);
	snprintf(buf, sizeof buf, ngettext("%u entry", "%u entries", ms->count), ms->count);
	ui_put(y, x + w - text_width(buf), text_width(buf), buf, ui_attr(UI_DIM), false);
	hours_format(ms->minutes, h, sizeof h);
	hours_format(ms->overtime, o, sizeof o);
	snprintf(buf, sizeof buf, _("Hours worked %s"), h);
	ui_put(y + 1, x, w, buf, ui_attr(UI_GOOD), true);
	snprintf(buf, sizeof buf, _("Overtime hours %s"), o);
	ui_put(y + 2, x, w, buf, ui_attr(ms->overtime ? UI_WARN : UI_GOOD), true);
	r = 3;
	for (size_t i = 0; i < sync_count(s) && r < rows; i++) {
		const struct log_entry *e = sync_entry(s, i);

		if (e->date < first || e->date > last)
			continue;
		if (r == rows - 1 && ms->count > shown + 1) {
			snprintf(buf, sizeof buf, _("…and %zu more"), ms->count - shown);
			ui_put(y + r, x, w, buf, ui_attr(UI_DIM), true);
			break;
		}
		hours_format(e->minutes + e->overtime, h, sizeof h);
		snprintf(buf, sizeof buf, "%02u-%02u %4s %s", e->date / 100 % 100, e->date % 100, h,
		    e->content != NULL ? e->content : "");
		ui_put_cut(y + r, x, w, buf, ui_attr(UI_NORMAL), true, true);
		r++;
		shown++;
	}
	if (ms->count == 0)
		ui_put(y + 3, x, w, _("(no log entries this month)"), ui_attr(UI_DIM), true);
}

void
month_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Months"), "Enter", N_("Write"), "PgUp/PgDn", N_("Scroll"), "?", N_("Help"),
		"q", N_("Quit"), NULL
	};
	struct month_state *ms = state(ui);
	int y = UI_TOP, rows = ui_rows();

	rebuild(ui, ms);
	if (docedit_is_open(ms->de)) {
		ui_frame(ui, _("Monthly record"), docedit_keys(ms->de));
		if (sel_month(ms) != 0)
			draw_logs(ui, ms, sel_month(ms), y, rows);
		docedit_draw(ui, ms->de, y, 0, rows, COLS - LOGS_WIDTH - 2);
		return;
	}
	ui_frame(ui, _("Monthly record"), list_keys(&ms->list, keys));
	draw_list(ui, ms, y, rows);
	attron(ui_attr(UI_DIM));
	mvvline(y, LIST_WIDTH, ACS_VLINE, rows);
	attroff(ui_attr(UI_DIM));
	draw_preview(ui, ms, y, rows);
}

static void
open_editor(struct ui *ui, struct month_state *ms)
{
	uint32_t code = sel_month(ms);
	char why[256];

	if (code == 0)
		return;
	if (docedit_unsaved(ms->de) && !docedit_holds(ms->de, DOC_MONTHLY, ui_me(ui), code)) {
		ms->want = code;
		ui_ask(ui, ASK_DISCARD, "%s", _("Another month's record has unsaved changes. Discard them?"));
		return;
	}
	if (!docedit_open(ui, ms->de, DOC_MONTHLY, ui_me(ui), code, why, sizeof why))
		ui_msg(ui, UI_WARN, "%s", why);
}

void
month_edit(struct ui *ui, uint32_t period)
{
	struct month_state *ms = state(ui);

	ui_goto(ui, SCREEN_MONTH);
	if (ui->screen != SCREEN_MONTH)
		return;
	ms->want = period;
	list_search_clear(&ms->list);
	rebuild(ui, ms);
	list_select_key(&ms->list, period);
	ms->want = 0;
	open_editor(ui, ms);
}

void
month_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct month_state *ms = state(ui);

	rebuild(ui, ms);
	if (docedit_is_open(ms->de)) {
		if (docedit_key(ui, ms->de, is_key, ch) == DOCEDIT_CLOSE) {
			docedit_close(ms->de);
			if (docedit_unsaved(ms->de))
				ui_msg(ui, UI_WARN, "%s",
				    _("Changes not saved yet: Enter goes back to save them (Ctrl-S)"));
		}
		return;
	}
	if (!list_typing(&ms->list) && ((is_key && (ch == KEY_PPAGE || ch == KEY_NPAGE)) ||
	    (!is_key && ch == ' '))) {
		/* the pages are the preview's */
		ms->vtop = ch == KEY_PPAGE ? (ms->vtop > 5 ? ms->vtop - 5 : 0) : ms->vtop + 5;
		return;
	}
	uint32_t was = sel_month(ms);
	switch (list_key(&ms->list, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		open_editor(ui, ms);
		return;
	case LIST_DONE:
		if (sel_month(ms) != was)
			ms->vtop = 0;
		return;
	case LIST_PASS:
		break;
	}
	if (!is_key && ch == 'e')
		open_editor(ui, ms);
	else if (!is_key && ch == 'r')
		ui_resync(ui);
}

const char *const *
month_help_now(struct ui *ui)
{
	return ui->month != NULL && docedit_is_open(ui->month->de) ? docedit_help : month_help;
}

bool
month_typing(struct ui *ui)
{
	return ui->month != NULL && (docedit_is_open(ui->month->de) || list_typing(&ui->month->list));
}

bool
month_unsaved(struct ui *ui)
{
	return ui->month != NULL && docedit_unsaved(ui->month->de);
}

bool
month_event(struct ui *ui, const struct net_event *ev)
{
	return ui->month != NULL && docedit_event(ui, ui->month->de, ev);
}

void
month_answer(struct ui *ui, int action, bool yes)
{
	struct month_state *ms = state(ui);

	if (action >= DOCEDIT_ASK_BASE && action <= DOCEDIT_ASK_LAST) {
		docedit_answer(ui, ms->de, action, yes);
		return;
	}
	if (action == ASK_DISCARD && yes) {
		uint32_t want = ms->want;
		char why[256];

		/* Forget the other month's text and open the one chosen. */
		docedit_free(&ms->de);
		ms->de = docedit_new();
		ms->want = 0;
		if (!docedit_open(ui, ms->de, DOC_MONTHLY, ui_me(ui), want, why, sizeof why))
			ui_msg(ui, UI_WARN, "%s", why);
	} else
		ms->want = 0;
}

bool
month_back(struct ui *ui)
{
	(void)ui;
	return false;
}
