/*
 * client-summary.c: the quarterly summaries (季度小结) a department head
 * writes about the members of the department: the members for a quarter
 * with the state of each one's summary, the selected one to read, and the
 * editor (client-docedit.c) for performance, tasks, attendance and the
 * unfinished tasks with their explanations, beside the member's monthly
 * records of the quarter.
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

#define LIST_WIDTH	33
#define SIDE_WIDTH	24	/* the monthly records beside the editor */
#define MAX_MEMBERS	500

enum { ASK_DISCARD = 1 };

struct summary_state {
	uint32_t	 quarter;	/* 0: the current one */
	uint64_t	 members[MAX_MEMBERS];
	size_t		 n;
	struct list	 list;		/* those shown: indexes into members */
	struct docedit	*de;
	struct textbuf	 tb;
	size_t		 vtop;
	uint64_t	 want;		/* member to open once the old text is let go */
};

const char *const summary_help[] = {
	"↑↓", N_("Select a member of the department"),
	"[ / ]", N_("Previous / next quarter"),
	N_("Enter or e"), N_("Write or edit the member's summary; a submitted one is read-only"),
	"/", N_("Search by name or state; Esc clears"),
	"PgUp/PgDn", N_("Scroll the summary on the right"),
	N_("While editing"), N_("Performance of duties, tasks completed, attendance, unfinished tasks"),
	"Ctrl-N", N_("Add an unfinished task (each needs its reason to submit)"),
	"Ctrl-S / Ctrl-T", N_("Save a draft / submit to the supervising leader (asks first)"),
	NULL, NULL
};

/* A month's short name beside the editor: "Oct" (10月). */
static const char *
month_short(uint32_t month)
{
	static const char *const names[] = {
		N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"), N_("Jun"),
		N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec"),
	};
	unsigned nn = month % 100;

	return nn >= 1 && nn <= 12 ? _(names[nn - 1]) : "?";
}

static struct summary_state *
state(struct ui *ui)
{
	if (ui->summary == NULL) {
		ui->summary = xcalloc(1, sizeof *ui->summary);
		ui->summary->de = docedit_new();
	}
	return ui->summary;
}

void
summary_free(struct ui *ui)
{
	if (ui->summary == NULL)
		return;
	docedit_free(&ui->summary->de);
	tb_free(&ui->summary->tb);
	list_free(&ui->summary->list);
	free(ui->summary);
	ui->summary = NULL;
}

static uint32_t
quarter(struct ui *ui, struct summary_state *ss)
{
	return ss->quarter != 0 ? ss->quarter : period_of_day(PERIOD_QUARTER, ui_today(ui));
}

static uint64_t
member(struct summary_state *ss)
{
	size_t i = list_cur(&ss->list);

	return i != LIST_NONE ? ss->members[i] : 0;
}

/* The members of the head's department, the head left out. */
static void
rebuild(struct ui *ui, struct summary_state *ss)
{
	struct sync *s = client_net_sync(ui->net);
	struct model *m = ui_model(ui);
	uint64_t unit = model_unit_of(m, ui_me(ui));
	uint32_t q = ss->quarter != 0 ? ss->quarter : period_of_day(PERIOD_QUARTER, ui_today(ui));
	char text[256];

	ss->n = 0;
	for (size_t i = 0; i < sync_person_count(s) && ss->n < MAX_MEMBERS; i++) {
		const struct person *p = sync_person(s, i);

		if (p->unit_id == unit && p->id != ui_me(ui) && !p->disabled &&
		    p->role != ROLE_ORG_DEPT)
			ss->members[ss->n++] = p->id;
	}
	list_begin(&ss->list);
	for (size_t i = 0; i < ss->n; i++) {
		const struct doc *d = model_doc_of(m, ss->members[i], DOC_QUARTERLY, q);

		snprintf(text, sizeof text, "%s %s", model_name(m, ss->members[i]),
		    d != NULL ? doc_state_name(d->state) : _("Unwritten"));
		list_offer(&ss->list, (uint32_t)i, ss->members[i], text);
	}
	list_end(&ss->list);
}

static void
draw_list(struct ui *ui, struct summary_state *ss, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t q = quarter(ui, ss), today = ui_today(ui);
	char line[256], name[32], st[64], due[16], head[160] = "";

	text_cat_col(head, sizeof head, _("Member"), 10, false);
	text_cat_col(head, sizeof head, _("Status"), 10, false);
	snprintf(head + strlen(head), sizeof head - strlen(head), "%s", _("Due by"));
	ui_put(y, 1, LIST_WIDTH - 1, head, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (ss->list.n == 0) {
		ui_put(y + 1, 2, LIST_WIDTH - 3, list_empty(&ss->list) != NULL ? list_empty(&ss->list) :
		    _("No other members in this department"), ui_attr(UI_DIM), false);
		return;
	}
	list_place(&ss->list, y, 0, LIST_WIDTH, rows);
	for (int r = 0; r < rows; r++) {
		size_t k = ss->list.top + (size_t)r, i = list_at(&ss->list, k);
		const struct doc *d;
		bool late;
		int look;

		if (i == LIST_NONE)
			break;
		d = model_doc_of(m, ss->members[i], DOC_QUARTERLY, q);
		text_fit(model_name(m, ss->members[i]), 9, true, true, name, sizeof name);
		if (docedit_unsaved(ss->de) && docedit_holds(ss->de, DOC_QUARTERLY, ss->members[i], q))
			snprintf(st, sizeof st, "%s", _("Unsaved"));
		else
			snprintf(st, sizeof st, "%s", d != NULL ? doc_state_name(d->state) :
			    _("Unwritten"));
		text_fit(st, 9, true, false, st, sizeof st);
		ui_day(d != NULL ? d->due : model_due(m, q), due, sizeof due);
		late = (d == NULL || d->state == DOC_DRAFT || d->state == DOC_RETURNED) &&
		    (d != NULL ? d->due : model_due(m, q)) < today;
		snprintf(line, sizeof line, "%s %s %s%s%s", name, st, due, late ? " " : "",
		    late ? _("Late") : "");
		look = k == ss->list.sel ? UI_SELECTED : d != NULL && d->state == DOC_RETURNED ? UI_ERROR :
		    late ? UI_WARN : d == NULL ? UI_DIM : UI_NORMAL;
		ui_put(y + r, 1, LIST_WIDTH - 1, line, ui_attr(look), true);
	}
}

static void
draw_preview(struct ui *ui, struct summary_state *ss, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t q = quarter(ui, ss);
	int x = LIST_WIDTH + 2, w = COLS - x - 1;
	const struct doc *d;
	char buf[256];

	if (member(ss) == 0)
		return;
	d = ui_doc(ui, model_doc_of(m, member(ss), DOC_QUARTERLY, q));
	doc_label(m, DOC_QUARTERLY, member(ss), q, buf, sizeof buf);
	ui_put(y, x, w, buf, ui_attr(UI_HEADER), true);
	tb_reset(&ss->tb, w);
	if (d != NULL)
		doc_render(&ss->tb, m, d);
	else if (model_locked(m, q))
		tb_text(&ss->tb, UI_DIM, 0, _("This quarter is closed: nothing more can be written."));
	else {
		const struct form_def *f = form_def(DOC_QUARTERLY);

		tb_text(&ss->tb, UI_NORMAL, 0, _("Not written yet. Press Enter to write it:"));
		for (uint32_t i = 0; i < f->nfields; i++) {
			snprintf(buf, sizeof buf, "· %s", ui_tr(f->fields[i].label));
			tb_text(&ss->tb, UI_DIM, 2, buf);
		}
		snprintf(buf, sizeof buf, "· %s", _("Unfinished tasks and their reasons (if any)"));
		tb_text(&ss->tb, UI_DIM, 2, buf);
	}
	if (d != NULL && (d->state == DOC_DRAFT || d->state == DOC_RETURNED) && d->author == ui_me(ui)) {
		tb_blank(&ss->tb);
		tb_text(&ss->tb, UI_KEY, 0, d->state == DOC_RETURNED ?
		    _("Press Enter to mend it and submit again") : _("Press Enter to go on writing"));
	}
	y++;
	rows--;
	if (ss->tb.n <= (size_t)rows)
		ss->vtop = 0;
	else if (ss->vtop > ss->tb.n - (size_t)rows)
		ss->vtop = ss->tb.n - (size_t)rows;
	tb_draw(&ss->tb, y, x, rows, ss->vtop);
}

/* The member's monthly records of the quarter, beside the editor. */
static void
draw_side(struct ui *ui, struct summary_state *ss, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t q = quarter(ui, ss), month = period_of_day(PERIOD_MONTH, period_first_day(q));
	int x = COLS - SIDE_WIDTH, w = SIDE_WIDTH - 1, r = 2;
	char buf[128];

	attron(ui_attr(UI_DIM));
	mvvline(y, x - 2, ACS_VLINE, rows);
	attroff(ui_attr(UI_DIM));
	ui_put(y, x, w, _("Monthly records this quarter"), ui_attr(UI_HEADER), true);
	for (int k = 0; k < 3 && r < rows; k++, month = period_next(month)) {
		const struct doc *d = model_doc_of(m, member(ss), DOC_MONTHLY, month);

		snprintf(buf, sizeof buf, "%s %s", month_short(month),
		    d != NULL ? doc_state_name(d->state) : _("Unwritten"));
		ui_put(y + r++, x, w, buf, ui_attr(d != NULL ? UI_NORMAL : UI_DIM), true);
		if (d != NULL && d->comment != NULL && *d->comment != '\0' && r < rows) {
			snprintf(buf, sizeof buf, "  ");
			snprintf(buf + 2, sizeof buf - 2, _("Comment: %s"), d->comment);
			ui_put_cut(y + r++, x, w, buf, ui_attr(UI_GOOD), true, true);
		}
	}
	if (r + 2 < rows) {
		r++;
		ui_put(y + r++, x, w, _("Ctrl-N: add a task"), ui_attr(UI_DIM), true);
		ui_put(y + r++, x, w, _("Each needs its reason"), ui_attr(UI_DIM), true);
	}
}

void
summary_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Members"), "Enter", N_("Write"), "[ ]", N_("Quarter"), "PgUp/PgDn",
		N_("Scroll"), "?", N_("Help"), "q", N_("Quit"), NULL
	};
	struct summary_state *ss = state(ui);
	int y = UI_TOP, rows = ui_rows();
	char title[128], pn[64];

	rebuild(ui, ss);
	if (docedit_is_open(ss->de)) {
		ui_frame(ui, _("Quarterly summary"), docedit_keys(ss->de));
		draw_side(ui, ss, y, rows);
		docedit_draw(ui, ss->de, y, 0, rows, COLS - SIDE_WIDTH - 2);
		return;
	}
	period_name(quarter(ui, ss), pn, sizeof pn);
	snprintf(title, sizeof title, _("Quarterly summaries · %s"), pn);
	ui_frame(ui, title, list_keys(&ss->list, keys));
	draw_list(ui, ss, y, rows);
	attron(ui_attr(UI_DIM));
	mvvline(y, LIST_WIDTH, ACS_VLINE, rows);
	attroff(ui_attr(UI_DIM));
	draw_preview(ui, ss, y, rows);
}

static void
open_editor(struct ui *ui, struct summary_state *ss)
{
	uint32_t q = quarter(ui, ss);
	char why[256];

	if (member(ss) == 0)
		return;
	if (docedit_unsaved(ss->de) && !docedit_holds(ss->de, DOC_QUARTERLY, member(ss), q)) {
		ss->want = member(ss);
		ui_ask(ui, ASK_DISCARD, "%s", _("Another summary has unsaved changes. Discard them?"));
		return;
	}
	if (!docedit_open(ui, ss->de, DOC_QUARTERLY, member(ss), q, why, sizeof why))
		ui_msg(ui, UI_WARN, "%s", why);
}

void
summary_edit(struct ui *ui, uint64_t subject, uint32_t period)
{
	struct summary_state *ss = state(ui);

	ui_goto(ui, SCREEN_SUMMARY);
	if (ui->screen != SCREEN_SUMMARY)
		return;
	ss->quarter = period;
	list_search_clear(&ss->list);
	rebuild(ui, ss);
	list_select_key(&ss->list, subject);
	open_editor(ui, ss);
}

static void
change_quarter(struct ui *ui, struct summary_state *ss, int delta)
{
	uint32_t cur = period_of_day(PERIOD_QUARTER, ui_today(ui)), q = quarter(ui, ss);

	q = delta < 0 ? period_prev(q) : period_next(q);
	if (q == 0 || q > cur) {
		ui_msg(ui, UI_NORMAL, "%s", _("This is the current quarter"));
		return;
	}
	ss->quarter = q == cur ? 0 : q;
	ss->vtop = 0;
}

void
summary_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct summary_state *ss = state(ui);

	rebuild(ui, ss);
	if (docedit_is_open(ss->de)) {
		if (docedit_key(ui, ss->de, is_key, ch) == DOCEDIT_CLOSE) {
			docedit_close(ss->de);
			if (docedit_unsaved(ss->de))
				ui_msg(ui, UI_WARN, "%s",
				    _("Changes not saved yet: Enter goes back to save them (Ctrl-S)"));
		}
		return;
	}
	if (!list_typing(&ss->list) && is_key && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		/* the pages are the preview's */
		ss->vtop = ch == KEY_NPAGE ? ss->vtop + 5 : ss->vtop > 5 ? ss->vtop - 5 : 0;
		return;
	}
	uint64_t was = member(ss);
	switch (list_key(&ss->list, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		open_editor(ui, ss);
		return;
	case LIST_DONE:
		if (member(ss) != was)
			ss->vtop = 0;
		return;
	case LIST_PASS:
		break;
	}
	if (is_key)
		return;
	switch (ch) {
	case '[':
		change_quarter(ui, ss, -1);
		break;
	case ']':
		change_quarter(ui, ss, 1);
		break;
	case 'e':
		open_editor(ui, ss);
		break;
	case 'r':
		ui_resync(ui);
		break;
	}
}

bool
summary_typing(struct ui *ui)
{
	return ui->summary != NULL && (docedit_is_open(ui->summary->de) ||
	    list_typing(&ui->summary->list));
}

bool
summary_unsaved(struct ui *ui)
{
	return ui->summary != NULL && docedit_unsaved(ui->summary->de);
}

bool
summary_event(struct ui *ui, const struct net_event *ev)
{
	return ui->summary != NULL && docedit_event(ui, ui->summary->de, ev);
}

const char *const *
summary_help_now(struct ui *ui)
{
	return ui->summary != NULL && docedit_is_open(ui->summary->de) ? docedit_help : summary_help;
}

void
summary_answer(struct ui *ui, int action, bool yes)
{
	struct summary_state *ss = state(ui);

	if (action >= DOCEDIT_ASK_BASE && action <= DOCEDIT_ASK_LAST) {
		docedit_answer(ui, ss->de, action, yes);
		return;
	}
	if (action == ASK_DISCARD && yes) {
		char why[256];

		docedit_free(&ss->de);
		ss->de = docedit_new();
		if (!docedit_open(ui, ss->de, DOC_QUARTERLY, ss->want, quarter(ui, ss), why, sizeof why))
			ui_msg(ui, UI_WARN, "%s", why);
	}
	ss->want = 0;
}

bool
summary_back(struct ui *ui)
{
	(void)ui;
	return false;
}
