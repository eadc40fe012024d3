/*
 * client-form.c: the daily log entry form.
 *
 * The form keeps what the user typed as text (the hours as "7.5", the date
 * as "2026-11-22") and only turns it into a struct log_entry to check or
 * save it, so a half-typed value is never lost or reformatted under the
 * cursor.  The text stays while the connection is down; the caller decides
 * when to close the form.
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
#include "client-text.h"
#include "client-ui.h"


static const char *const labels[FORM_NFIELDS] = {
	[FORM_DATE] = N_("Date"),
	[FORM_CATEGORY] = N_("Category"),
	[FORM_MINUTES] = N_("Hours"),
	[FORM_OVERTIME] = N_("Overtime"),
	[FORM_CONTENT] = N_("Details"),
};

static const char *const hints[FORM_NFIELDS] = {
	[FORM_DATE] = "YYYY-MM-DD",
	[FORM_CATEGORY] = N_("←/→ or Space to change"),
	[FORM_MINUTES] = N_("hours, e.g. 7.5"),
	[FORM_OVERTIME] = N_("hours; empty if none"),
	[FORM_CONTENT] = N_("one line, at most 500 characters"),
};

/* The columns of the widest label. */
static int
label_width(void)
{
	int w = 4;

	for (int i = 0; i < FORM_NFIELDS; i++)
		if (text_width(_(labels[i])) > w)
			w = text_width(_(labels[i]));
	return w;
}

void
form_init(struct form *f)
{
	memset(f, 0, sizeof *f);
	edit_init(&f->date, 10);
	edit_init(&f->minutes, 5);
	edit_init(&f->overtime, 5);
	edit_init(&f->content, LOG_CONTENT_MAX_CHARS);
	f->date.ascii = f->minutes.ascii = f->overtime.ascii = true;
	f->error_field = -1;
}

void
form_free(struct form *f)
{
	edit_free(&f->date);
	edit_free(&f->minutes);
	edit_free(&f->overtime);
	edit_free(&f->content);
}

static struct edit *
field_edit(struct form *f, int field)
{
	switch (field) {
	case FORM_DATE:
		return &f->date;
	case FORM_MINUTES:
		return &f->minutes;
	case FORM_OVERTIME:
		return &f->overtime;
	case FORM_CONTENT:
		return &f->content;
	}
	return NULL;
}

void
form_open(struct form *f, const struct log_entry *e, uint32_t day, uint32_t today)
{
	char buf[32];

	f->open = true;
	f->changed = false;
	f->edits = 0;
	f->field = FORM_DATE;
	f->server_error[0] = '\0';
	if (e != NULL) {
		f->id = e->id;
		f->version = e->version;
		f->category = e->category >= 1 && e->category <= CAT_MAX ? e->category : CAT_DUTY;
		day_format(e->date, buf, sizeof buf);
		edit_set(&f->date, buf);
		hours_format(e->minutes, buf, sizeof buf);
		edit_set(&f->minutes, e->minutes != 0 ? buf : "");
		hours_format(e->overtime, buf, sizeof buf);
		edit_set(&f->overtime, buf);
		edit_set(&f->content, e->content != NULL ? e->content : "");
	} else {
		f->id = 0;
		f->version = 0;
		f->category = CAT_DUTY;
		day_format(day != 0 ? day : today, buf, sizeof buf);
		edit_set(&f->date, buf);
		edit_set(&f->minutes, "");
		edit_set(&f->overtime, "");
		edit_set(&f->content, "");
	}
	form_check(f, today);
}

void
form_close(struct form *f)
{
	f->open = false;
}

void
form_set_server_error(struct form *f, const char *field, const char *message)
{
	static const struct {
		const char	*name;
		int		 field;
	} map[] = {
		{ "date", FORM_DATE }, { "category", FORM_CATEGORY },
		{ "minutes", FORM_MINUTES }, { "overtime", FORM_OVERTIME },
		{ "content", FORM_CONTENT },
	};

	strlcpy_kh(f->server_error, message, sizeof f->server_error);
	for (size_t i = 0; i < nitems(map); i++)
		if (field != NULL && strcmp(field, map[i].name) == 0)
			f->field = map[i].field;
}

/* Hours typed as text: "" counts as 0. */
static int
parse_hours(const struct edit *e)
{
	char *s = edit_get(e);
	int m = *s == '\0' ? 0 : hours_parse(s);

	free(s);
	return m;
}

void
form_entry(const struct form *f, struct log_entry *out)
{
	char *date = edit_get(&f->date);
	int m;

	memset(out, 0, sizeof *out);
	out->id = f->id;
	out->version = f->version;
	if (!day_parse(date, &out->date))
		out->date = 0;
	out->category = f->category;
	out->minutes = (m = parse_hours(&f->minutes)) > 0 ? (uint32_t)m : 0;
	out->overtime = (m = parse_hours(&f->overtime)) > 0 ? (uint32_t)m : 0;
	out->content = edit_get(&f->content);
	free(date);
}

static int
set_error(struct form *f, int field, const char *why)
{
	f->error_field = field;
	strlcpy_kh(f->error, why, sizeof f->error);
	return -1;
}

int
form_check(struct form *f, uint32_t today)
{
	struct log_entry e;
	struct codec_error err;
	int rc = 0;

	const char *why;
	char *s;

	f->error_field = -1;
	f->error[0] = '\0';
	s = edit_get(&f->minutes);
	why = hours_problem(s);
	free(s);
	if (why != NULL)
		return set_error(f, FORM_MINUTES, why);
	s = edit_get(&f->overtime);
	why = hours_problem(s);
	free(s);
	if (why != NULL)
		return set_error(f, FORM_OVERTIME, why);
	form_entry(f, &e);
	if (log_entry_check(&e, today, &err) != 0) {
		int field = FORM_CONTENT;

		if (strcmp(err.field, "date") == 0)
			field = FORM_DATE;
		else if (strcmp(err.field, "minutes") == 0)
			field = FORM_MINUTES;
		else if (strcmp(err.field, "overtime") == 0)
			field = FORM_OVERTIME;
		else if (strcmp(err.field, "category") == 0)
			field = FORM_CATEGORY;
		rc = set_error(f, field, err.message);
	}
	schema_free(&log_entry_desc, &e);
	return rc;
}

enum form_result
form_key(struct form *f, bool is_key, wint_t ch, uint32_t today)
{
	struct edit *ed = field_edit(f, f->field);
	enum edit_result r;

	if (!is_key) {
		switch (ch) {
		case 27:	/* Esc */
			return FORM_CANCEL;
		case CTRL('S'):
			goto save;
		case '\r':
		case '\n':
			if (f->field == FORM_CONTENT)
				goto save;
			f->field++;
			return FORM_NONE;
		case '\t':
			f->field = (f->field + 1) % FORM_NFIELDS;
			return FORM_NONE;
		case ' ':
			if (f->field == FORM_CATEGORY)
				goto next_category;
			break;
		}
	} else {
		switch (ch) {
		case KEY_ENTER:
			if (f->field == FORM_CONTENT)
				goto save;
			f->field++;
			return FORM_NONE;
		case KEY_DOWN:
			if (f->field < FORM_NFIELDS - 1)
				f->field++;
			return FORM_NONE;
		case KEY_UP:
			if (f->field > 0)
				f->field--;
			return FORM_NONE;
		case KEY_BTAB:
			f->field = (f->field + FORM_NFIELDS - 1) % FORM_NFIELDS;
			return FORM_NONE;
		case KEY_RIGHT:
			if (f->field == FORM_CATEGORY)
				goto next_category;
			break;
		case KEY_LEFT:
			if (f->field == FORM_CATEGORY) {
				f->category = f->category <= 1 ? CAT_MAX : f->category - 1;
				goto changed;
			}
			break;
		}
	}
	if (ed == NULL)
		return FORM_NONE;
	r = edit_key(ed, is_key, ch);
	if (r == EDIT_CHANGED)
		goto changed;
	return FORM_NONE;

next_category:
	f->category = f->category >= CAT_MAX ? 1 : f->category + 1;
changed:
	f->changed = true;
	f->edits++;
	f->server_error[0] = '\0';
	form_check(f, today);
	return FORM_NONE;
save:
	if (form_check(f, today) != 0) {
		f->field = f->error_field;
		return FORM_NONE;
	}
	return FORM_SAVE;
}

/* ---- local drafts ---- */

void
form_draft_key(const struct form *f, char *buf, size_t len)
{
	if (f->id != 0)
		snprintf(buf, len, "log/%llu", (unsigned long long)f->id);
	else
		snprintf(buf, len, "log/new");
}

void
form_to_draft(const struct form *f, struct draft *d)
{
	draft_set_u64(d, "id", f->id);
	draft_set_u64(d, "version", f->version);
	draft_set_u64(d, "category", f->category);
	edit_to_draft(&f->date, d, "date");
	edit_to_draft(&f->minutes, d, "hours");
	edit_to_draft(&f->overtime, d, "overtime");
	edit_to_draft(&f->content, d, "content");
}

void
form_from_draft(struct form *f, const struct draft *d, uint32_t today)
{
	uint64_t cat = draft_get_u64(d, "category", f->category);

	if (cat >= 1 && cat <= CAT_MAX)
		f->category = (uint32_t)cat;
	edit_from_draft(&f->date, d, "date");
	edit_from_draft(&f->minutes, d, "hours");
	edit_from_draft(&f->overtime, d, "overtime");
	edit_from_draft(&f->content, d, "content");
	/* The cursor stays on the first field, as when the form opens empty:
	 * the keys a user types by habit (Enter, Enter to the hours) do the
	 * same, and none of them saves what came back unseen. */
	f->changed = true;
	form_check(f, today);
}

/* The reason beside field i, in the columns its hint takes. */
static void
draw_reason(struct form *f, int i, int y, int x, int width)
{
	if (f->error_field == i && f->error[0] != '\0')
		ui_put_cut(y, x, width, f->error, ui_attr(UI_ERROR), true, true);
	else
		ui_put_cut(y, x, width, ui_tr(hints[i]), ui_attr(UI_DIM), true, true);
}

void
form_draw(struct form *f)
{
	int w = COLS - 4 < FORM_WIDTH ? COLS - 4 : FORM_WIDTH;
	int h = FORM_HEIGHT;
	int y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	int lw = label_width(), lx = x0 + 3, fx = lx + lw + 2, fw = w - (fx - x0) - 2;
	int cur_y = -1, cur_x = -1;
	wchar_t view[256];
	char buf[128];

	snprintf(buf, sizeof buf, " %s ", f->id == 0 ? _("New entry") : _("Edit entry"));
	ui_box(y0, x0, h, w, buf);
	for (int i = 0; i < FORM_NFIELDS; i++) {
		int y = y0 + 2 + i, attr;
		bool active = f->field == i, bad = f->error_field == i;
		struct edit *ed = field_edit(f, i);

		attr = bad ? ui_attr(UI_ERROR) : (active ? ui_attr(UI_HEADER) : ui_attr(UI_NORMAL));
		ui_put(y, lx - 2, 2, bad ? "!" : (active ? ">" : ""), attr, true);
		ui_put(y, lx, lw, _(labels[i]), attr, true);
		attr = active ? ui_attr(UI_FIELD_ACTIVE) : ui_attr(UI_FIELD);
		if (i == FORM_CATEGORY) {
			snprintf(buf, sizeof buf, "< %s >", category_name(f->category));
			ui_put(y, fx, 14, buf, attr, true);
			draw_reason(f, i, y, fx + 16, fw - 16);
			if (active) {
				cur_y = y;
				cur_x = fx + 2;
			}
			continue;
		}
		int width = i == FORM_CONTENT ? fw : 12;
		int col = edit_view(ed, width, view, nitems(view));
		ui_putw(y, fx, view, attr);
		if (i != FORM_CONTENT)
			draw_reason(f, i, y, fx + 14, fw - 14);
		if (active) {
			cur_y = y;
			cur_x = fx + col;
		}
	}
	/* The content field scrolls; say where in it the cursor is, and
	 * under it what is wrong with it. */
	snprintf(buf, sizeof buf, _("%zu/%d chars"), f->content.len, LOG_CONTENT_MAX_CHARS);
	int cw = text_width(buf);
	ui_put(y0 + 7, fx + fw - cw, cw, buf, ui_attr(UI_DIM), false);
	if (f->error_field == FORM_CONTENT)
		ui_put_cut(y0 + 7, fx, fw - cw - 1, f->error, ui_attr(UI_ERROR), true, true);

	if (f->server_error[0] != '\0')
		ui_put(y0 + 9, lx, w - 6, f->server_error, ui_attr(UI_ERROR), true);
	else if (f->error[0] != '\0')
		ui_put(y0 + 9, lx, w - 6, _("Not saved yet: the field marked ! needs a change"),
		    ui_attr(UI_ERROR), true);
	else
		ui_put(y0 + 9, lx, w - 6, _("Ready to save"), ui_attr(UI_GOOD), true);

	ui_put(y0 + 11, lx, w - 6,
	    _("Tab/↑↓ field  Enter next (saves on Details)  Ctrl-S save  Esc cancel"),
	    ui_attr(UI_DIM), true);
	if (cur_y >= 0) {
		move(cur_y, cur_x);
		curs_set(1);
	}
}
