/*
 * client-log.c: the daily log screen (日志): the list of days on the left,
 * the selected day's entries on the right, the selected entry in full
 * below, and the keys that move, add, edit and delete.
 *
 * The lists are rebuilt from the synced copy and the writes still pending
 * on every draw and key, so an update from another session shows at once
 * and the selection stays on the same day and entry whatever arrives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/util.h"
#include "client-draft.h"
#include "client-form.h"
#include "client-net.h"
#include "client-text.h"
#include "client-ui.h"

/* The left pane: one row per day, "11-20 周五     8   1.5   3": the date,
 * the weekday (or today) in weekday_width() columns, hours, overtime and
 * the number of entries. */
#define DAYS_WIDTH	(23 + weekday_width())
#define ENTRIES_X	(DAYS_WIDTH + 2)

/* The columns of the widest weekday name, or of "today". */
static int
weekday_width(void)
{
	int w = text_width(_("Today"));

	for (uint32_t d = 20261122; d < 20261129; d++)	/* a Sunday to a Saturday */
		if (text_width(ui_weekday_short(d)) > w)
			w = text_width(ui_weekday_short(d));
	return w < 4 ? 4 : w;
}

static void
add_day(struct ui *ui, uint32_t date)
{
	size_t i;

	for (i = 0; i < ui->ndays && ui->days[i].date > date; i++)
		;
	if (i < ui->ndays && ui->days[i].date == date)
		return;
	if (ui->ndays == ui->days_cap) {
		ui->days_cap = ui->days_cap ? ui->days_cap * 2 : 64;
		ui->days = xrealloc(ui->days, ui->days_cap * sizeof *ui->days);
	}
	memmove(&ui->days[i + 1], &ui->days[i], (ui->ndays - i) * sizeof *ui->days);
	memset(&ui->days[i], 0, sizeof ui->days[i]);
	ui->days[i].date = date;
	ui->ndays++;
}

static void
add_row(struct ui *ui, const struct log_entry *e, enum ui_pending pending)
{
	if (ui->nrows == ui->rows_cap) {
		ui->rows_cap = ui->rows_cap ? ui->rows_cap * 2 : 32;
		ui->rows = xrealloc(ui->rows, ui->rows_cap * sizeof *ui->rows);
	}
	ui->rows[ui->nrows].e = e;
	ui->rows[ui->nrows].pending = pending;
	ui->nrows++;
}

/* What an entry shows, for the search: its day, category and text. */
static void
entry_text(const struct log_entry *e, char *buf, size_t len)
{
	snprintf(buf, len, "%02u-%02u %s %s", e->date / 100 % 100, e->date % 100,
	    category_name(e->category), e->content != NULL ? e->content : "");
}

static bool
matches(struct ui *ui, const struct log_entry *e)
{
	char text[2048];

	if (!list_searching(&ui->logs))
		return true;
	entry_text(e, text, sizeof text);
	return list_match(ui->logs.find_utf8, text);
}

/* An entry of the copy to the search's count; whether it holds it. */
static bool
offer(struct ui *ui, const struct log_entry *e)
{
	char text[2048];

	if (!list_searching(&ui->logs))
		return list_offer(&ui->logs, 0, e->id, NULL);
	entry_text(e, text, sizeof text);
	return list_offer(&ui->logs, 0, e->id, text);
}

/* Rebuild the day list and the selected day's rows from the copy and the
 * writes still pending, keeping the selection on the same day and entry;
 * a search leaves only the days and entries holding it. */
static void
rebuild(struct ui *ui)
{
	struct sync *s = client_net_sync(ui->net);
	uint32_t today = client_net_today(ui->net);
	size_t n = sync_count(s), np = client_net_pending_log_writes(ui->net), i;
	const struct log_entry *e;
	bool del;

	ui->ndays = 0;
	if (!list_searching(&ui->logs))
		add_day(ui, today);
	list_begin(&ui->logs);
	for (i = 0; i < n; i++) {
		e = sync_entry(s, i);
		if (!offer(ui, e))
			continue;
		if (ui->ndays == 0 || ui->days[ui->ndays - 1].date != e->date)
			add_day(ui, e->date);
		struct day_row *d = &ui->days[ui->ndays - 1];
		if (d->date != e->date) {
			/* Not in order after today's row: find it. */
			for (size_t k = 0; k < ui->ndays; k++)
				if (ui->days[k].date == e->date)
					d = &ui->days[k];
		}
		d->minutes += e->minutes;
		d->overtime += e->overtime;
		d->count++;
	}
	list_end(&ui->logs);
	for (i = 0; i < np; i++)
		if ((e = client_net_pending_write(ui->net, i, &del)) != NULL && !del &&
		    day_valid(e->date) && matches(ui, e))
			add_day(ui, e->date);
	if (ui->ndays == 0) {
		/* nothing holds the search: no day, no entry */
		ui->nrows = 0;
		ui->sel_id = 0;
		return;
	}

	/* Keep the selected day, or the nearest older one. */
	if (ui->sel_day == 0)
		ui->sel_day = today;
	for (i = 0; i < ui->ndays && ui->days[i].date > ui->sel_day; i++)
		;
	if (i == ui->ndays)
		i = ui->ndays - 1;
	ui->sel_day = ui->days[i].date;

	ui->nrows = 0;
	for (size_t k = 0; k < n; k++) {
		enum ui_pending p = ROW_SAVED;
		const struct log_entry *show;

		e = show = sync_entry(s, k);
		if (e->date != ui->sel_day || !matches(ui, e))
			continue;
		for (size_t j = 0; j < np; j++) {
			const struct log_entry *pe = client_net_pending_write(ui->net, j, &del);
			if (pe != NULL && pe->id == e->id) {
				p = del ? ROW_DELETE : ROW_PUT;
				if (!del)
					show = pe;
			}
		}
		add_row(ui, show, p);
	}
	for (size_t j = 0; j < np; j++) {
		e = client_net_pending_write(ui->net, j, &del);
		if (e != NULL && !del && e->id == 0 && e->date == ui->sel_day && matches(ui, e))
			add_row(ui, e, ROW_PUT);
	}
	if (ui->sel_id != 0) {
		for (size_t k = 0; k < ui->nrows; k++)
			if (ui->rows[k].e->id == ui->sel_id)
				ui->entry_sel = k;
	}
	if (ui->entry_sel >= ui->nrows)
		ui->entry_sel = ui->nrows > 0 ? ui->nrows - 1 : 0;
	ui->sel_id = ui->nrows > 0 ? ui->rows[ui->entry_sel].e->id : 0;
}

static size_t
day_index(const struct ui *ui)
{
	for (size_t i = 0; i < ui->ndays; i++)
		if (ui->days[i].date == ui->sel_day)
			return i;
	return 0;
}

static void
fmt_hours(uint32_t minutes, char *buf, size_t len)
{
	if (minutes == 0)
		snprintf(buf, len, "-");
	else
		hours_format(minutes, buf, len);
}

/* Right-align s in width columns into out. */
static void
right(char *out, size_t len, const char *s, int width)
{
	int pad = width - text_width(s);
	size_t o = 0;

	for (; pad > 0 && o + 1 < len; pad--)
		out[o++] = ' ';
	out[o] = '\0';
	strlcpy_kh(out + o, s, len - o);
}

static void
draw_days(struct ui *ui, int y0, int rows)
{
	size_t sel = day_index(ui);
	uint32_t today = client_net_today(ui->net);
	char line[160], h[16], o[16], hr[16], orr[16], c[16], head[160] = "";
	int ww = weekday_width();

	/* TRANSLATORS: the headers of the days: at most 5, 5 and 3 columns
	 * for hours, overtime and the number of entries. */
	text_cat_col(head, sizeof head, _("Date"), 6 + ww, false);
	text_cat_col(head, sizeof head, _("Hours"), 6, true);
	text_cat_col(head, sizeof head, _("OT"), 6, true);
	text_cat_col(head, sizeof head, _("#"), 4, true);
	ui_put(y0 - 1, 1, DAYS_WIDTH - 1, head, ui_attr(UI_HEADER), true);
	if (sel < ui->day_top)
		ui->day_top = sel;
	if (sel >= ui->day_top + (size_t)rows)
		ui->day_top = sel - (size_t)rows + 1;
	for (int r = 0; r < rows; r++) {
		size_t i = ui->day_top + (size_t)r;
		const struct day_row *d;
		int look;

		if (i >= ui->ndays)
			break;
		d = &ui->days[i];
		fmt_hours(d->minutes, h, sizeof h);
		fmt_hours(d->overtime, o, sizeof o);
		right(hr, sizeof hr, h, 5);
		right(orr, sizeof orr, o, 5);
		snprintf(c, sizeof c, "%3u", d->count);
		snprintf(line, sizeof line, "%02u-%02u ", d->date / 100 % 100, d->date % 100);
		text_cat_col(line, sizeof line, d->date == today ? _("Today") :
		    ui_weekday_short(d->date), ww, false);
		snprintf(line + strlen(line), sizeof line - strlen(line), " %s %s %s", hr, orr,
		    d->count > 0 ? c : "  -");
		look = i == sel ? (ui->pane == 0 ? UI_SELECTED : UI_SELECTED_DIM) : UI_NORMAL;
		ui_put(y0 + r, 1, DAYS_WIDTH - 1, line, ui_attr(look), true);
	}
}

static void
draw_entries(struct ui *ui, int y0, int rows)
{
	int w = COLS - ENTRIES_X - 1, cw = w - 23;
	struct sync *s = client_net_sync(ui->net);
	char line[256], h[16], o[16], hr[16], orr[16], cat[64], head[160] = "";

	text_cat_col(head, sizeof head, _("Category"), 8, false);
	text_cat_col(head, sizeof head, _("Hours"), 6, true);
	text_cat_col(head, sizeof head, _("OT"), 6, true);
	snprintf(head + strlen(head), sizeof head - strlen(head), " %s", _("Details"));
	ui_put(y0 - 1, ENTRIES_X, w, head, ui_attr(UI_HEADER), true);
	if (!sync_has_copy(s)) {
		ui_put(y0, ENTRIES_X, w, client_net_logged_in(ui->net) ?
		    _("Loading the log...") : _("Not logged in"), ui_attr(UI_DIM), false);
		return;
	}
	if (list_searching(&ui->logs) && ui->ndays == 0) {
		ui_put(y0, ENTRIES_X, w, _("Nothing matches the search (Esc clears it)"), ui_attr(UI_WARN),
		    false);
		return;
	}
	if (ui->nrows == 0) {
		ui_put(y0, ENTRIES_X, w, _("No entries on this day; press a to add one"),
		    ui_attr(UI_DIM), false);
		return;
	}
	if (ui->entry_sel < ui->entry_top)
		ui->entry_top = ui->entry_sel;
	if (ui->entry_sel >= ui->entry_top + (size_t)rows)
		ui->entry_top = ui->entry_sel - (size_t)rows + 1;
	for (int r = 0; r < rows; r++) {
		size_t i = ui->entry_top + (size_t)r;
		const struct entry_row *row;
		int look, x;

		if (i >= ui->nrows)
			break;
		row = &ui->rows[i];
		fmt_hours(row->e->minutes, h, sizeof h);
		fmt_hours(row->e->overtime, o, sizeof o);
		right(hr, sizeof hr, h, 5);
		right(orr, sizeof orr, o, 5);
		text_fit(category_name(row->e->category), 8, true, false, cat, sizeof cat);
		snprintf(line, sizeof line, "%s %s %s ", cat, hr, orr);
		look = i == ui->entry_sel ? (ui->pane == 1 ? UI_SELECTED : UI_SELECTED_DIM) : UI_NORMAL;
		x = ENTRIES_X + ui_put(y0 + r, ENTRIES_X, w, line, ui_attr(look), false);
		if (row->pending != ROW_SAVED) {
			const char *mark = row->pending == ROW_DELETE ? _("[deleting]") : _("[unsent]");
			int mw = text_width(mark);

			x += ui_put(y0 + r, x, mw, mark, ui_attr(UI_WARN), false);
			ui_put_cut(y0 + r, x, cw - mw, row->e->content, ui_attr(look), true, true);
		} else
			ui_put_cut(y0 + r, x, cw, row->e->content, ui_attr(look), true, true);
	}
}

/* The selected entry in full, wrapped over the lines below the lists. */
static void
draw_detail(struct ui *ui, int y0, int rows)
{
	const struct log_entry *e;
	char head[256], what[240], h[16], o[16], date[16];
	wchar_t *w, line[256];
	size_t n, at = 0;

	attron(ui_attr(UI_DIM));
	mvhline(y0 - 1, 0, ACS_HLINE, COLS);
	attroff(ui_attr(UI_DIM));
	if (ui->nrows == 0)
		return;
	e = ui->rows[ui->entry_sel].e;
	hours_format(e->minutes, h, sizeof h);
	hours_format(e->overtime, o, sizeof o);
	day_format(e->date, date, sizeof date);
	snprintf(what, sizeof what, _("%s  %s  Hours %s  Overtime %s  Entry %zu of %zu"), date,
	    category_name(e->category), h, o, ui->entry_sel + 1, ui->nrows);
	snprintf(head, sizeof head, " %s ", what);
	ui_put(y0 - 1, 2, COLS - 4, head, ui_attr(UI_HEADER), false);
	w = text_decode_new(e->content, &n);
	for (int r = 0; r < rows && at < n; r++) {
		size_t k = text_wrap(w + at, n - at, COLS - 2);

		if (r == rows - 1 && at + k < n)
			k = text_fit_count(w + at, n - at, COLS - 4);
		if (k >= nitems(line))
			k = nitems(line) - 1;
		wmemcpy(line, w + at, k);
		line[k] = L'\0';
		ui_putw(y0 + r, 1, line, ui_attr(UI_NORMAL));
		at += k;
		if (r == rows - 1 && at < n)
			addstr("..");
	}
	free(w);
}

void
log_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Select"), "Tab", N_("Switch"), "a", N_("Add"), "e", N_("Edit"),
		"d", N_("Delete"), "t", N_("Today"), "?", N_("Help"), "q", N_("Quit"), NULL
	};
	int list_rows = LINES - 10;

	rebuild(ui);
	ui_frame(ui, _("Log"), list_keys(&ui->logs, keys));
	draw_days(ui, 3, list_rows);
	attron(ui_attr(UI_DIM));
	mvvline(2, DAYS_WIDTH, ACS_VLINE, list_rows + 1);
	attroff(ui_attr(UI_DIM));
	draw_entries(ui, 3, list_rows);
	draw_detail(ui, LINES - 6, 3);
	if (ui->confirm == CONFIRM_DELETE) {
		char q[640], c[64];

		move(LINES - 3, 0);
		clrtoeol();
		text_fit(ui->confirm_entry.content, 30, false, true, c, sizeof c);
		snprintf(q, sizeof q, _("Delete the entry “%s”? (y/n)"), c);
		ui_put(LINES - 3, 1, COLS - 2, q, ui_attr(UI_WARN), false);
	}
	if (ui->form.open)
		form_draw(&ui->form);
}

/* ---- keys on the log screen ---- */

static void move_day(struct ui *, int);
static void move_entry(struct ui *, int);
static const struct entry_row *selected_row(struct ui *);

/* A click selects a day or an entry (and the pane it is in); a click on
 * the entry selected edits it; the wheel moves in the pane under it. */
static void
mouse(struct ui *ui)
{
	const struct ui_mouse *m = &ui->mouse;
	int list_rows = LINES - 10;
	size_t i;

	if (m->what == MOUSE_WHEEL_UP || m->what == MOUSE_WHEEL_DOWN) {
		int d = m->what == MOUSE_WHEEL_UP ? -3 : 3;

		m->x < DAYS_WIDTH ? move_day(ui, d) : move_entry(ui, d);
		return;
	}
	if ((i = list_hit(3, 1, DAYS_WIDTH - 1, list_rows, ui->day_top, ui->ndays, m)) != LIST_NONE) {
		ui->pane = 0;
		move_day(ui, (int)i - (int)day_index(ui));
	} else if ((i = list_hit(3, ENTRIES_X, COLS - ENTRIES_X - 1, list_rows, ui->entry_top,
	    ui->nrows, m)) != LIST_NONE) {
		const struct entry_row *row;

		if (ui->pane == 1 && i == ui->entry_sel && (row = selected_row(ui)) != NULL &&
		    row->pending == ROW_SAVED && row->e->id != 0)
			form_open(&ui->form, row->e, row->e->date, client_net_today(ui->net));
		ui->pane = 1;
		move_entry(ui, (int)i - (int)ui->entry_sel);
	}
}

static void
move_day(struct ui *ui, int delta)
{
	size_t i = day_index(ui);

	if (ui->ndays == 0)
		return;
	if (delta < 0)
		i = (size_t)-delta > i ? 0 : i - (size_t)-delta;
	else
		i = i + (size_t)delta >= ui->ndays ? ui->ndays - 1 : i + (size_t)delta;
	if (ui->days[i].date != ui->sel_day) {
		ui->sel_day = ui->days[i].date;
		ui->entry_sel = 0;
		ui->entry_top = 0;
		ui->sel_id = 0;
	}
}

static void
move_entry(struct ui *ui, int delta)
{
	if (ui->nrows == 0)
		return;
	if (delta < 0)
		ui->entry_sel = (size_t)-delta > ui->entry_sel ? 0 : ui->entry_sel - (size_t)-delta;
	else if (ui->entry_sel + (size_t)delta >= ui->nrows)
		ui->entry_sel = ui->nrows - 1;
	else
		ui->entry_sel += (size_t)delta;
	ui->sel_id = ui->rows[ui->entry_sel].e->id;
}

static const struct entry_row *
selected_row(struct ui *ui)
{
	if (ui->nrows == 0 || ui->entry_sel >= ui->nrows)
		return NULL;
	return &ui->rows[ui->entry_sel];
}

/* ---- the form's local draft ---- */

static void
draft_keep_form(struct ui *ui, bool sent)
{
	struct draft d = { 0 };
	char key[64];

	form_draft_key(&ui->form, key, sizeof key);
	form_to_draft(&ui->form, &d);
	if (sent)
		draft_set(&d, "sent", "1");
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

/* The form just opened: what was typed in it before and never reached the
 * server.  A new entry also takes one sent in a run that ended before the
 * server answered. */
static void
draft_restore_form(struct ui *ui, uint32_t today)
{
	struct draft d;
	char key[64], old[128];

	form_draft_key(&ui->form, key, sizeof key);
	if (!ui_draft_load(ui, key, &d)) {
		if (ui->form.id != 0 || !ui_draft_find(ui, "log/new/", old, sizeof old) ||
		    !ui_draft_load(ui, old, &d))
			return;
		ui_draft_rename(ui, old, key);
	}
	form_from_draft(&ui->form, &d, today);
	ui_draft_restored(ui, &d, draft_get(&d, "sent") != NULL);
	draft_clear(&d);
}

/* A save is on its way: its draft goes with it until the server says it
 * has it.  A new entry's moves aside, so that the next new entry has a
 * draft of its own. */
static void
draft_bind_form(struct ui *ui, uint64_t reqid)
{
	char key[64], sent[64];

	draft_keep_form(ui, true);
	form_draft_key(&ui->form, key, sizeof key);
	if (ui->form.id == 0) {
		snprintf(sent, sizeof sent, "log/new/%llx", (unsigned long long)reqid);
		ui_draft_rename(ui, key, sent);
		ui_draft_bind(ui, sent, reqid);
	} else
		ui_draft_bind(ui, key, reqid);
}

static void
form_save(struct ui *ui)
{
	struct log_entry e;

	form_entry(&ui->form, &e);
	ui->save_reqid = client_net_put(ui->net, &e);
	draft_bind_form(ui, ui->save_reqid);
	if (ui->save_reqid == 0)
		ui_msg(ui, UI_ERROR, "%s", _("Cannot save: the client has stopped"));
	else if (client_net_state(ui->net) == SYNC_CONNECTED)
		ui_msg(ui, UI_NORMAL, "%s", _("Saving..."));
	else
		ui_msg(ui, UI_WARN, "%s", _("Server unreachable: queued, to be sent when it is back"));
	schema_free(&log_entry_desc, &e);
	form_close(&ui->form);
}

void
log_key(struct ui *ui, bool is_key, wint_t ch)
{
	uint32_t today = client_net_today(ui->net);
	const struct entry_row *row;
	int page = LINES - 11;

	rebuild(ui);
	if (ui->confirm == CONFIRM_DELETE) {
		bool yes = !is_key && (ch == 'y' || ch == 'Y');

		if (yes) {
			if (client_net_delete(ui->net, &ui->confirm_entry) != 0)
				ui_msg(ui, UI_NORMAL, "%s", _("Deleting..."));
		} else
			ui_msg(ui, UI_NORMAL, "%s", _("Cancelled"));
		schema_free(&log_entry_desc, &ui->confirm_entry);
		ui->confirm = CONFIRM_NONE;
		return;
	}
	if (!is_key && ch == CTRL('C')) {
		ui_request_quit(ui);
		return;
	}
	if (ui->form.open) {
		uint32_t edits = ui->form.edits;
		char key[64];

		switch (form_key(&ui->form, is_key, ch, today)) {
		case FORM_SAVE:
			form_save(ui);
			break;
		case FORM_CANCEL:
			/* thrown away on purpose: its draft too */
			form_draft_key(&ui->form, key, sizeof key);
			ui_draft_drop(ui, key);
			form_close(&ui->form);
			ui_msg(ui, UI_NORMAL, "%s", _("Cancelled, not saved"));
			break;
		default:
			if (ui->form.edits != edits)
				draft_keep_form(ui, false);
			break;
		}
		return;
	}
	if (is_key && ch == KEY_MOUSE && !list_typing(&ui->logs)) {
		mouse(ui);
		return;
	}
	if (list_typing(&ui->logs) ? !(is_key && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_PPAGE ||
	    ch == KEY_NPAGE)) : (!is_key && (ch == '/' || (ch == 27 && list_searching(&ui->logs))))) {
		list_key(&ui->logs, is_key, ch, &ui->mouse);
		return;
	}
	if (is_key) {
		switch (ch) {
		case KEY_UP:
			ui->pane == 0 ? move_day(ui, -1) : move_entry(ui, -1);
			break;
		case KEY_DOWN:
			ui->pane == 0 ? move_day(ui, 1) : move_entry(ui, 1);
			break;
		case KEY_PPAGE:
			ui->pane == 0 ? move_day(ui, -page) : move_entry(ui, -page);
			break;
		case KEY_NPAGE:
			ui->pane == 0 ? move_day(ui, page) : move_entry(ui, page);
			break;
		case KEY_HOME:
			ui->pane == 0 ? move_day(ui, -(int)ui->ndays) : move_entry(ui, -(int)ui->nrows);
			break;
		case KEY_END:
			ui->pane == 0 ? move_day(ui, (int)ui->ndays) : move_entry(ui, (int)ui->nrows);
			break;
		case KEY_LEFT:
			ui->pane = 0;
			break;
		case KEY_RIGHT:
			ui->pane = 1;
			break;
		case KEY_BTAB:
			ui->pane = !ui->pane;
			break;
		case KEY_ENTER:
			goto edit;
		}
		return;
	}
	switch (ch) {
	case 'k':
		ui->pane == 0 ? move_day(ui, -1) : move_entry(ui, -1);
		break;
	case 'j':
		ui->pane == 0 ? move_day(ui, 1) : move_entry(ui, 1);
		break;
	case 'h':
		ui->pane = 0;
		break;
	case 'l':
		ui->pane = 1;
		break;
	case '\t':
		ui->pane = !ui->pane;
		break;
	case 'a':
		form_open(&ui->form, NULL, ui->sel_day, today);
		draft_restore_form(ui, today);
		break;
	case 'e':
	case '\r':
	case '\n':
		goto edit;
	case 'd':
		if ((row = selected_row(ui)) == NULL)
			ui_msg(ui, UI_WARN, "%s", _("No log entry selected"));
		else if (row->pending != ROW_SAVED || row->e->id == 0)
			ui_msg(ui, UI_WARN, "%s", _("This entry is still being sent; please wait"));
		else {
			schema_copy(&log_entry_desc, &ui->confirm_entry, row->e);
			ui->confirm = CONFIRM_DELETE;
		}
		break;
	case 't':
		ui->sel_day = today;
		ui->entry_sel = ui->entry_top = 0;
		ui->sel_id = 0;
		ui->pane = 0;
		break;
	case 'r':
		ui_resync(ui);
		break;
	case '?':
		ui->help = true;
		break;
	case 'q':
	case CTRL('C'):
		ui_request_quit(ui);
		break;
	}
	return;

edit:
	if ((row = selected_row(ui)) == NULL) {
		if (ui->pane == 0 || ch == 'e')
			ui_msg(ui, UI_WARN, "%s", _("No entries on this day; press a to add one"));
	} else if (ui->pane == 0 && (ch == '\r' || ch == '\n' || ch == KEY_ENTER))
		ui->pane = 1;
	else if (row->pending != ROW_SAVED || row->e->id == 0)
		ui_msg(ui, UI_WARN, "%s", _("This entry is still being sent; please wait"));
	else {
		form_open(&ui->form, row->e, row->e->date, today);
		draft_restore_form(ui, today);
	}
}

/* ---- a write the server refused ---- */

void
log_write_failed(struct ui *ui, const struct net_event *ev)
{
	uint32_t today = client_net_today(ui->net);
	const struct log_entry *cur;
	char old[64], key[64];

	if (ev->request == MSG_LOG_DELETE) {
		ui_msg(ui, UI_ERROR, _("Delete failed: %s"), ev->message);
		return;
	}
	ui_msg(ui, UI_ERROR, _("Save failed: %s"), ev->message);
	/* With another entry in the form, the refused one's draft waits (no
	 * longer bound) for the next new entry or edit to offer it. */
	if (ui->form.open)
		return;
	/* Give the user back what they typed, with the reason. */
	form_open(&ui->form, &ev->entry, ev->entry.date, today);
	if (ev->entry.id == 0)
		snprintf(old, sizeof old, "log/new/%llx", (unsigned long long)ev->reqid);
	else
		form_draft_key(&ui->form, old, sizeof old);
	if (ev->code == KH_ERR_CONFLICT &&
	    (cur = sync_find(client_net_sync(ui->net), ev->entry.id)) != NULL) {
		ui->form.version = cur->version;
		form_set_server_error(&ui->form, "content",
		    _("This entry was changed elsewhere; saving again overwrites that"));
	} else if (ev->code == KH_ERR_NOT_FOUND) {
		ui->form.id = 0;
		ui->form.version = 0;
		form_set_server_error(&ui->form, "content",
		    _("This entry was deleted; saving adds it again"));
	} else
		form_set_server_error(&ui->form, ev->field, ev->message);
	ui->form.changed = true;
	/* Its draft is the form's again, under the key the form has now. */
	form_draft_key(&ui->form, key, sizeof key);
	ui_draft_rename(ui, old, key);
	draft_keep_form(ui, false);
}
