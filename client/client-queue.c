/*
 * client-queue.c: the review queue (审核): everything waiting for the user,
 * by deadline, overdue items marked, with the counts by kind at the top.
 *
 * Monthly records and quarterly summaries to comment on and file,
 * evaluations to sign (also those nobody has started), admonishment talks
 * to hold, the user's own records sent back, and for a department head the
 * members' summaries to write.  The list is the model's (client-model.c),
 * sorted once per change; this screen keeps a filtered view of it and
 * rebuilds that only when the model or the filter changes, so a list of
 * hundreds stays instant under the keys.  An item opens in client-review.c
 * without leaving the queue: n and p go on to the next and previous item.
 * The organisation department sees everyone's open items, read-only.
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
#include "client-model.h"
#include "client-net.h"
#include "client-review.h"
#include "client-text.h"
#include "client-ui.h"

struct queue_state {
	int		 filter;	/* -1 all, else enum todo_kind */
	struct list	 list;		/* indexes into the model's todo list */
	uint64_t	 view_builds;
	int		 view_filter;

	struct review	*rv;
};

const char *const queue_help[] = {
	"↑↓ PgUp/PgDn", N_("Select"),
	N_("f, ←/→ or Tab"), N_("Filter by kind: all, to comment, to sign, talks, sent back..."),
	"/", N_("Search: type part of a name, department, matter or state; Esc clears"),
	N_("Enter or click"), N_("Open the item: read, comment and file, send back, sign"),
	"", N_("(a summary to write or your own month: straight to the editor)"),
	"n / p", N_("In an open item: next / previous item"),
	"", N_("Red “Late”: past its deadline"),
	NULL, NULL
};

/* The columns of the deadline, as wide as its header (at least 5). */
static int
due_width(void)
{
	int w = text_width(_("Due by"));

	return w < 5 ? 5 : w;
}

/* The columns of the widest kind of item (at least 8). */
static int
kind_width(void)
{
	int w = 8;

	for (int k = 0; k < TODO_NKINDS; k++)
		if (text_width(todo_kind_name((enum todo_kind)k)) > w)
			w = text_width(todo_kind_name((enum todo_kind)k));
	return w;
}

static struct queue_state *
state(struct ui *ui)
{
	if (ui->queue == NULL) {
		ui->queue = xcalloc(1, sizeof *ui->queue);
		ui->queue->filter = -1;
		ui->queue->view_filter = -2;
		ui->queue->rv = review_new();
	}
	return ui->queue;
}

void
queue_free(struct ui *ui)
{
	if (ui->queue == NULL)
		return;
	review_free(&ui->queue->rv);
	list_free(&ui->queue->list);
	free(ui->queue);
	ui->queue = NULL;
}

/* What finds an item again after the list is rebuilt. */
static uint64_t
item_key(const struct todo *t)
{
	return (t->subject << 32) ^ ((uint64_t)t->period << 8) ^ ((uint64_t)t->doc_kind << 4) ^
	    (uint64_t)t->kind;
}

static void row_text(struct ui *, const struct todo *, char *, size_t);

/* The filtered view, rebuilt only when the model, the filter or the search
 * changed; the selection follows its item (a vanished one leaves it on
 * the one after). */
static void
refresh_view(struct ui *ui, struct queue_state *q)
{
	struct model *m = ui_model(ui);
	char text[512];

	if (q->view_builds == m->builds && q->view_filter == q->filter && !list_dirty(&q->list))
		return;
	list_begin(&q->list);
	for (size_t i = 0; i < m->ntodo; i++)
		if (q->filter < 0 || m->todo[i].kind == (enum todo_kind)q->filter) {
			row_text(ui, &m->todo[i], text, sizeof text);
			list_offer(&q->list, (uint32_t)i, item_key(&m->todo[i]), text);
		}
	list_end(&q->list);
	q->view_builds = m->builds;
	q->view_filter = q->filter;
}

static const struct todo *
item(struct ui *ui, struct queue_state *q, size_t i)
{
	size_t k = list_at(&q->list, i);

	return k != LIST_NONE ? &ui_model(ui)->todo[k] : NULL;
}

/* The counts by kind, as selectable filters. */
static void
draw_filters(struct ui *ui, struct queue_state *q, int y)
{
	struct model *m = ui_model(ui);
	char buf[64];
	int x = 1;

	move(y, 0);
	clrtoeol();
	for (int k = -1; k < TODO_NKINDS; k++) {
		unsigned n = k < 0 ? (unsigned)m->ntodo : m->count[k];
		int w;

		if (k >= 0 && n == 0 && q->filter != k)
			continue;
		snprintf(buf, sizeof buf, " %s %u ", k < 0 ? _("All") : todo_kind_name((enum todo_kind)k), n);
		w = text_width(buf);
		if (x + w >= COLS)
			break;
		ui_put(y, x, w, buf, ui_attr(q->filter == k ? UI_SELECTED :
		    k == TODO_RETURNED ? UI_WARN : UI_NORMAL), false);
		x += w + 1;
	}
	if (m->overdue > 0 && x + 10 < COLS) {
		snprintf(buf, sizeof buf, _("Late %u"), m->overdue);
		ui_put(y, COLS - text_width(buf) - 1, text_width(buf), buf, ui_attr(UI_ERROR), false);
	}
}

static void
row_text(struct ui *ui, const struct todo *t, char *buf, size_t len)
{
	struct model *m = ui_model(ui);
	char due[16], name[32], unit[32], what[160], state[64], who[96] = "";

	ui_day(t->due, due, sizeof due);
	text_fit(due, due_width(), true, false, due, sizeof due);
	text_fit(model_name(m, t->subject), 8, true, true, name, sizeof name);
	text_fit(model_unit_name(m, model_unit_of(m, t->subject)), 10, true, true, unit,
	    sizeof unit);
	doc_what(t->doc_kind, t->period, what, sizeof what);
	text_fit(what, 22, true, true, what, sizeof what);
	snprintf(state, sizeof state, "%s", t->state ? doc_state_name(t->state) : _("Not begun"));
	if (m->everyone) {
		snprintf(who, sizeof who, "  ");
		snprintf(who + 2, sizeof who - 2, _("with %s"), model_name(m, t->owner));
	}
	char kind[64];
	text_fit(todo_kind_name(t->kind), kind_width(), true, false, kind, sizeof kind);
	snprintf(buf, len, "%s %s %s %s %s %s%s", due, kind, name, unit, what, state, who);
}

static void
draw_list(struct ui *ui, struct queue_state *q, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t today = ui_today(ui);
	char line[512], head[256] = "      ";
	char late_mark[32];

	/* The columns of row_text(), after the six of the late mark. */
	text_cat_col(head, sizeof head, _("Due by"), due_width() + 1, false);
	text_cat_col(head, sizeof head, _("Type"), kind_width() + 1, false);
	text_cat_col(head, sizeof head, _("Name"), 9, false);
	text_cat_col(head, sizeof head, _("Department"), 11, false);
	text_cat_col(head, sizeof head, _("Matter"), 23, false);
	snprintf(head + strlen(head), sizeof head - strlen(head), "%s", _("State"));
	ui_put(y, 0, COLS, head, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (!sync_has_copy(client_net_sync(ui->net))) {
		ui_put(y, 2, COLS - 4, _("Loading..."), ui_attr(UI_DIM), false);
		return;
	}
	if (list_empty(&q->list) != NULL) {
		ui_put(y + 1, 6, COLS - 8, list_empty(&q->list), ui_attr(UI_WARN), false);
		return;
	}
	if (q->list.n == 0) {
		ui_put(y + 1, 6, COLS - 8, q->filter < 0 ? (m->everyone ? _("Nothing open anywhere") :
		    _("Nothing to do. New submissions appear here by themselves.")) :
		    _("Nothing of this kind; ←/→ for another"), ui_attr(UI_GOOD), false);
		return;
	}
	snprintf(late_mark, sizeof late_mark, " %s ", _("Late"));
	list_place(&q->list, y, 0, COLS, rows);
	for (int r = 0; r < rows; r++) {
		size_t i = q->list.top + (size_t)r;
		const struct todo *t = item(ui, q, i);
		bool sel = i == q->list.sel, late;

		if (t == NULL)
			break;
		late = t->due != 0 && t->due < today;
		ui_put(y + r, 0, 6, late ? late_mark : "", sel ? ui_attr(UI_SELECTED) :
		    ui_attr(UI_ERROR), true);
		row_text(ui, t, line, sizeof line);
		ui_put_cut(y + r, 6, COLS - 6, line, ui_attr(sel ? UI_SELECTED :
		    t->kind == TODO_RETURNED ? UI_WARN : UI_NORMAL), true, true);
	}
}

void
queue_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Select"), "Enter", N_("Open item"), "f", N_("Type"), "?", N_("Help"),
		"q", N_("Quit"), NULL
	};
	struct queue_state *q = state(ui);
	int y = UI_TOP, rows = ui_rows();

	refresh_view(ui, q);
	if (review_is_open(q->rv)) {
		char pos[32];
		const struct todo *t = item(ui, q, q->list.sel);
		uint64_t s;
		uint32_t k, p;

		review_what(q->rv, &s, &k, &p);
		if (t != NULL && t->subject == s && t->doc_kind == k && t->period == p)
			snprintf(pos, sizeof pos, "%zu/%zu", q->list.sel + 1, q->list.n);
		else
			snprintf(pos, sizeof pos, "%s", _("Handled"));
		ui_frame(ui, _("Review queue"), review_keys(ui, q->rv));
		review_draw(ui, q->rv, y, rows, pos);
		return;
	}
	ui_frame(ui, _("Review queue"), list_keys(&q->list, keys));
	draw_filters(ui, q, y);
	draw_list(ui, q, y + 1, rows - 1);
}

/* Open the selected item where it is handled. */
static void
open_item(struct ui *ui, struct queue_state *q)
{
	const struct todo *t = item(ui, q, q->list.sel);

	if (t == NULL)
		return;
	if (!ui_model(ui)->everyone && t->kind == TODO_MONTH) {
		month_edit(ui, t->period);
		return;
	}
	if (!ui_model(ui)->everyone && t->kind == TODO_SUMMARY) {
		summary_edit(ui, t->subject, t->period);
		return;
	}
	review_open(ui, q->rv, t->subject, t->doc_kind, t->period, true);
}

static void
navigate(struct ui *ui, struct queue_state *q, enum review_result r)
{
	uint64_t s;
	uint32_t k, p;
	size_t at = q->list.sel;
	bool found = false;

	switch (r) {
	case REVIEW_CLOSE:
		review_close(q->rv);
		return;
	case REVIEW_EDIT:
		review_what(q->rv, &s, &k, &p);
		review_close(q->rv);
		if (k == DOC_MONTHLY)
			month_edit(ui, p);
		else
			summary_edit(ui, s, p);
		return;
	case REVIEW_NEXT:
	case REVIEW_PREV:
		break;
	default:
		return;
	}
	review_what(q->rv, &s, &k, &p);
	for (size_t i = 0; i < q->list.n; i++) {
		const struct todo *t = item(ui, q, i);

		if (t->subject == s && t->doc_kind == k && t->period == p) {
			at = i;
			found = true;
			break;
		}
	}
	if (r == REVIEW_NEXT) {
		/* The item handled has left the list: the next is now at its
		 * place. */
		if (found)
			at++;
		if (at >= q->list.n) {
			ui_msg(ui, UI_GOOD, "%s", _("That was the last item"));
			return;
		}
	} else {
		if (at == 0 || q->list.n == 0) {
			ui_msg(ui, UI_NORMAL, "%s", _("This is the first item"));
			return;
		}
		at--;
	}
	q->list.sel = at;
	review_close(q->rv);
	open_item(ui, q);
}

void
queue_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct queue_state *q = state(ui);
	int dir = 0;

	refresh_view(ui, q);
	if (review_is_open(q->rv)) {
		navigate(ui, q, review_key(ui, q->rv, is_key, ch));
		return;
	}
	if (!list_typing(&q->list)) {
		if ((is_key && ch == KEY_LEFT) || (is_key && ch == KEY_BTAB))
			dir = -1;
		else if ((is_key && ch == KEY_RIGHT) || (!is_key && (ch == '\t' || ch == 'f')))
			dir = 1;
		else if (!is_key && ch == 'r')
			ui_resync(ui);
	}
	if (dir != 0) {
		/* Only kinds with items, and the one shown. */
		do
			q->filter = dir > 0 ? (q->filter + 1 >= TODO_NKINDS ? -1 : q->filter + 1) :
			    (q->filter - 1 < -1 ? TODO_NKINDS - 1 : q->filter - 1);
		while (q->filter >= 0 && ui_model(ui)->count[q->filter] == 0);
		q->list.sel = q->list.top = 0;
		return;
	}
	if (list_key(&q->list, is_key, ch, &ui->mouse) == LIST_OPEN)
		open_item(ui, q);
}

const char *const *
queue_help_now(struct ui *ui)
{
	return ui->queue != NULL && review_is_open(ui->queue->rv) ? review_help : queue_help;
}

bool
queue_typing(struct ui *ui)
{
	return ui->queue != NULL && (review_typing(ui->queue->rv) || list_typing(&ui->queue->list));
}

bool
queue_unsaved(struct ui *ui)
{
	return ui->queue != NULL && review_unsaved(ui->queue->rv);
}

bool
queue_event(struct ui *ui, const struct net_event *ev)
{
	return ui->queue != NULL && review_event(ui, ui->queue->rv, ev);
}

void
queue_answer(struct ui *ui, int action, bool yes)
{
	struct queue_state *q = state(ui);

	if (action >= REVIEW_ASK_BASE && action <= REVIEW_ASK_LAST)
		navigate(ui, q, review_answer(ui, q->rv, action, yes));
}

bool
queue_back(struct ui *ui)
{
	if (ui->queue == NULL || !review_is_open(ui->queue->rv))
		return false;
	queue_key(ui, false, 27);
	return true;
}
