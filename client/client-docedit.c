/*
 * client-docedit.c: the editor of a monthly record or a quarterly summary
 * (see client-docedit.h).
 *
 * The editor is a column of blocks, a label over an area each: the form's
 * fields, then for a quarterly summary two blocks per unfinished task (the
 * task on one line, its explanation below).  The block with the cursor is
 * tall; when the blocks do not all fit, the column scrolls so that it
 * shows.
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
#include "client-area.h"
#include "client-doc.h"
#include "client-docedit.h"
#include "client-draft.h"
#include "client-model.h"
#include "client-net.h"
#include "client-text.h"
#include "client-ui.h"

#define MAX_TASKS	50
#define TASK_MAX	DOC_TASK_MAX_CHARS
#define EXPLAIN_MAX	DOC_EXPLAIN_MAX_CHARS
#define SHORT_ROWS	2	/* a block without the cursor */

enum {
	ASK_SUBMIT = DOCEDIT_ASK_BASE,
	ASK_DELETE_TASK,
};

struct docedit {
	bool		 open;
	bool		 loaded;
	uint32_t	 kind;
	uint64_t	 subject;
	uint32_t	 period;
	uint64_t	 id;		/* 0: not on the server yet */
	uint64_t	 version;
	const struct form_def *form;

	struct area	 fields[FORM_MAX_FIELDS];
	struct area	 tasks[MAX_TASKS];
	struct area	 explain[MAX_TASKS];
	uint32_t	 ntasks;

	int		 focus;		/* block with the cursor */
	int		 first;		/* first block drawn */
	bool		 changed;	/* not yet saved */
	char		 check[1024];
	bool		 check_bad;
	bool		 check_later;	/* a draft's gap, to fill before submitting */
	int		 bad_block;	/* -1 none */

	uint64_t	 save_reqid;
	bool		 resave;	/* typed on while a save was out */
	bool		 submit_after;	/* submit once the save is back */
	uint64_t	 act_reqid;
};

const char *const docedit_help[] = {
	"Tab / Shift-Tab", N_("Next / previous field (also ↑ on the first line, ↓ on the last)"),
	"Enter", N_("New line (on a task: on to its reason)"),
	"Ctrl-S", N_("Save a draft"),
	"Ctrl-T", N_("Submit (checks every field and asks first; no changes after)"),
	"Ctrl-N", N_("Quarterly summary: add an unfinished task"),
	"Ctrl-X", N_("Quarterly summary: delete the unfinished task at the cursor"),
	"Esc", N_("Back to the list (what you typed stays; unsaved text is flagged)"),
	"Ctrl-A/E/K/U", N_("Line start / end / delete to the end / to the start"),
	NULL, NULL
};

struct docedit *
docedit_new(void)
{
	struct docedit *de = xcalloc(1, sizeof *de);

	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		area_init(&de->fields[i], 2000);
	for (int i = 0; i < MAX_TASKS; i++) {
		area_init(&de->tasks[i], TASK_MAX);
		de->tasks[i].single = true;
		area_init(&de->explain[i], EXPLAIN_MAX);
	}
	de->bad_block = -1;
	return de;
}

void
docedit_free(struct docedit **dep)
{
	struct docedit *de = *dep;

	if (de == NULL)
		return;
	for (int i = 0; i < FORM_MAX_FIELDS; i++)
		area_free(&de->fields[i]);
	for (int i = 0; i < MAX_TASKS; i++) {
		area_free(&de->tasks[i]);
		area_free(&de->explain[i]);
	}
	free(de);
	*dep = NULL;
}

bool
docedit_is_open(const struct docedit *de)
{
	return de != NULL && de->open;
}

bool
docedit_holds(const struct docedit *de, uint32_t kind, uint64_t subject, uint32_t period)
{
	return de != NULL && de->loaded && de->kind == kind && de->subject == subject &&
	    de->period == period;
}

void
docedit_close(struct docedit *de)
{
	de->open = false;
}

bool
docedit_unsaved(const struct docedit *de)
{
	return de != NULL && de->loaded && de->changed;
}

/* ---- blocks ---- */

static int
nblocks(const struct docedit *de)
{
	return (int)de->form->nfields + 2 * (int)de->ntasks;
}

static struct area *
block_area(struct docedit *de, int b, char *label, size_t len, bool *bad)
{
	int nf = (int)de->form->nfields, t = (b - nf) / 2;

	*bad = b == de->bad_block && de->check_bad;
	if (b < nf) {
		snprintf(label, len, "%s", ui_tr(de->form->fields[b].label));
		return &de->fields[b];
	}
	if ((b - nf) % 2 == 0) {
		snprintf(label, len, _("Unfinished task %d"), t + 1);
		return &de->tasks[t];
	}
	snprintf(label, len, "  ");
	snprintf(label + 2, len - 2, _("Why task %d is unfinished (required to submit)"), t + 1);
	return &de->explain[t];
}

/* The record as typed.  Tasks left wholly empty are not part of it. */
static void
to_doc(struct docedit *de, struct doc *d)
{
	memset(d, 0, sizeof *d);
	d->id = de->id;
	d->version = de->version;
	d->kind = de->kind;
	d->subject = de->subject;
	d->period = de->period;
	for (uint32_t i = 0; i < de->form->nfields; i++) {
		char *v = area_get(&de->fields[i]);

		doc_field_set(d, de->form->fields[i].key, v);
		free(v);
	}
	if (de->ntasks > 0)
		d->unfinished = xcalloc(de->ntasks, sizeof *d->unfinished);
	for (uint32_t i = 0; i < de->ntasks; i++) {
		if (area_blank(&de->tasks[i]) && area_blank(&de->explain[i]))
			continue;
		d->unfinished[d->unfinished_n].task = area_get(&de->tasks[i]);
		d->unfinished[d->unfinished_n].explanation = area_get(&de->explain[i]);
		d->unfinished_n++;
	}
}

/* The block a refusal is about. */
static int
block_of(struct docedit *de, const char *field)
{
	for (uint32_t i = 0; i < de->form->nfields; i++)
		if (strcmp(field, de->form->fields[i].key) == 0)
			return (int)i;
	if (strcmp(field, "unfinished") == 0)
		for (uint32_t i = 0; i < de->ntasks; i++) {
			if (area_blank(&de->tasks[i]) && area_blank(&de->explain[i]))
				continue;
			if (area_blank(&de->tasks[i]))
				return (int)(de->form->nfields + 2 * i);
			if (area_blank(&de->explain[i]) || de->explain[i].len > EXPLAIN_MAX ||
			    de->tasks[i].len > TASK_MAX)
				return (int)(de->form->nfields + 2 * i + 1);
		}
	return -1;
}

static void
check(struct docedit *de, bool complete)
{
	struct codec_error err;
	struct doc d;

	to_doc(de, &d);
	de->check_bad = false;
	de->check_later = false;
	de->bad_block = -1;
	if (doc_check(&d, false, &err) != 0) {
		de->check_bad = true;
		de->bad_block = block_of(de, err.field);
		snprintf(de->check, sizeof de->check, "%s", err.message);
	} else if (doc_check(&d, true, &err) != 0) {
		de->check_bad = complete;
		de->check_later = !complete;
		de->bad_block = block_of(de, err.field);
		if (complete)
			snprintf(de->check, sizeof de->check, "%s", err.message);
		else
			snprintf(de->check, sizeof de->check, _("Before submitting: %s"), err.message);
	} else
		snprintf(de->check, sizeof de->check, "%s", _("All filled in; ready to submit (Ctrl-T)"));
	schema_free(&doc_desc, &d);
}

/* ---- the local draft ---- */

static void
draft_key(const struct docedit *de, char *buf, size_t len)
{
	snprintf(buf, len, "doc/%u/%llu/%u", de->kind, (unsigned long long)de->subject, de->period);
}

/* What is typed, to the draft store (written within a second). */
static void
keep_draft(struct ui *ui, struct docedit *de)
{
	struct draft d = { 0 };
	char key[96], name[32];

	for (uint32_t i = 0; i < de->form->nfields; i++) {
		char *v = area_get(&de->fields[i]);

		snprintf(name, sizeof name, "f.%s", de->form->fields[i].key);
		draft_set(&d, name, v);
		free(v);
	}
	draft_set_u64(&d, "tasks", de->ntasks);
	for (uint32_t i = 0; i < de->ntasks; i++) {
		char *t = area_get(&de->tasks[i]), *e = area_get(&de->explain[i]);

		snprintf(name, sizeof name, "task.%u", i);
		draft_set(&d, name, t);
		snprintf(name, sizeof name, "why.%u", i);
		draft_set(&d, name, e);
		free(t);
		free(e);
	}
	draft_set_u64(&d, "version", de->version);
	draft_key(de, key, sizeof key);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

/* The record just loaded from the copy: text typed on it before and never
 * saved goes back into the editor. */
static void
restore_draft(struct ui *ui, struct docedit *de)
{
	struct draft d;
	char key[96], name[32];
	const char *v;
	uint64_t n;

	draft_key(de, key, sizeof key);
	if (!ui_draft_load(ui, key, &d))
		return;
	for (uint32_t i = 0; i < de->form->nfields; i++) {
		snprintf(name, sizeof name, "f.%s", de->form->fields[i].key);
		if ((v = draft_get(&d, name)) != NULL)
			area_set(&de->fields[i], v);
	}
	n = draft_get_u64(&d, "tasks", 0);
	de->ntasks = 0;
	for (uint32_t i = 0; i < n && i < MAX_TASKS && de->kind == DOC_QUARTERLY; i++) {
		snprintf(name, sizeof name, "task.%u", i);
		area_set(&de->tasks[i], (v = draft_get(&d, name)) != NULL ? v : "");
		snprintf(name, sizeof name, "why.%u", i);
		area_set(&de->explain[i], (v = draft_get(&d, name)) != NULL ? v : "");
		de->ntasks++;
	}
	de->changed = true;
	ui_draft_restored(ui, &d, false);
	draft_clear(&d);
}

/* ---- opening ---- */

static void
load(struct docedit *de, const struct doc *d)
{
	for (uint32_t i = 0; i < de->form->nfields; i++) {
		de->fields[i].max = de->form->fields[i].max_chars;
		area_set(&de->fields[i], d != NULL ? doc_field_get(d, de->form->fields[i].key) : "");
	}
	de->ntasks = 0;
	for (uint32_t i = 0; d != NULL && i < d->unfinished_n && i < MAX_TASKS; i++) {
		area_set(&de->tasks[i], d->unfinished[i].task);
		area_set(&de->explain[i], d->unfinished[i].explanation);
		de->ntasks++;
	}
	de->id = d != NULL ? d->id : 0;
	de->version = d != NULL ? d->version : 0;
	de->changed = false;
	de->focus = 0;
	de->first = 0;
}

bool
docedit_open(struct ui *ui, struct docedit *de, uint32_t kind, uint64_t subject, uint32_t period,
    char *why, size_t whylen)
{
	struct model *m = ui_model(ui);
	const struct doc *d = model_doc_of(m, subject, kind, period);
	char pn[64], what[160];

	period_name(period, pn, sizeof pn);
	doc_what(kind, period, what, sizeof what);
	if (ui_doc_loading(ui, ui_doc(ui, d))) {
		/* Never edit what came without its text: a save would empty it. */
		snprintf(why, whylen, _("%s: still loading its full text; try again shortly"),
		    doc_kind_name(kind));
		return false;
	}
	if (d != NULL && d->author != ui_me(ui)) {
		snprintf(why, whylen, _("%s written by %s: you can only read it"), doc_kind_name(kind),
		    model_name(m, d->author));
		return false;
	}
	if (d != NULL && d->state != DOC_DRAFT && d->state != DOC_RETURNED) {
		snprintf(why, whylen, _("%s (%s) can no longer be changed"), what,
		    doc_state_name(d->state));
		return false;
	}
	if (model_locked(m, period)) {
		snprintf(why, whylen, _("%s is closed: nothing more can be written"), pn);
		return false;
	}
	if (period_first_day(period) > ui_today(ui)) {
		snprintf(why, whylen, _("%s has not begun yet"), pn);
		return false;
	}
	if (!docedit_holds(de, kind, subject, period)) {
		de->kind = kind;
		de->subject = subject;
		de->period = period;
		de->form = form_def(kind);
		de->save_reqid = de->act_reqid = 0;
		de->resave = de->submit_after = false;
		load(de, d);
		de->loaded = true;
		restore_draft(ui, de);
	} else if (!de->changed && d != NULL && d->version > de->version &&
	    !client_net_is_pending(ui->net, de->save_reqid)) {
		/* Written elsewhere since: show that. */
		load(de, d);
	}
	de->open = true;
	check(de, false);
	return true;
}

/* ---- drawing ---- */

static int
block_rows(struct docedit *de, int b, int tall)
{
	int nf = (int)de->form->nfields;

	if (b >= nf && (b - nf) % 2 == 0)
		return 2;		/* a task: one line */
	return 1 + (b == de->focus ? tall : SHORT_ROWS);
}

void
docedit_draw(struct ui *ui, struct docedit *de, int y, int x, int rows, int w)
{
	struct model *m = ui_model(ui);
	const struct doc *d = model_doc_of(m, de->subject, de->kind, de->period);
	char title[320], what[160], due[32], label[128], status[64];
	int n = nblocks(de), fixed = 0, tall, cy = -1, cx = -1, bottom;

	doc_what(de->kind, de->period, what, sizeof what);
	ui_day(d != NULL ? d->due : model_due(m, de->period), due, sizeof due);
	/* A head writes one summary for each member: whose. */
	if (de->kind == DOC_QUARTERLY)
		snprintf(title, sizeof title, " %s %s  %s  ", model_name(m, de->subject), what,
		    d != NULL ? doc_state_name(d->state) : _("New"));
	else
		snprintf(title, sizeof title, " %s  %s  ", what,
		    d != NULL ? doc_state_name(d->state) : _("New"));
	snprintf(title + strlen(title), sizeof title - strlen(title), _("due %s"), due);
	if (client_net_is_pending(ui->net, de->save_reqid) || client_net_is_pending(ui->net, de->act_reqid))
		snprintf(status, sizeof status, "%s", client_net_state(ui->net) == SYNC_CONNECTED ?
		    _("Sending") : _("Unsent"));
	else
		snprintf(status, sizeof status, "%s", de->changed ? _("Unsaved") :
		    de->id ? _("Saved") : "");
	ui_put(y, x, w, "", ui_attr(UI_HEADER), true);
	ui_put_cut(y, x, w - text_width(status) - 2, title, ui_attr(UI_HEADER), false, true);
	ui_put(y, x + w - text_width(status) - 1, text_width(status), status,
	    ui_attr(de->changed ? UI_WARN : UI_GOOD), false);
	y++;
	rows--;
	if (d != NULL && d->state == DOC_RETURNED && d->return_reason != NULL) {
		/* The reason, in full on up to three lines: it is what the
		 * writer has to act on. */
		struct textbuf tb = { 0 };
		char buf[1200];

		snprintf(buf, sizeof buf, _("[Sent back] %s: %s"), model_name(m, d->reviewed_by),
		    d->return_reason);
		tb_reset(&tb, w);
		tb_text(&tb, UI_ERROR, 0, buf);
		for (size_t i = 0; i < tb.n && i < 3; i++) {
			ui_put(y, x, w, "", ui_attr(UI_ERROR) | A_REVERSE, true);
			ui_putw(y, x, tb.v[i].text, ui_attr(UI_ERROR) | A_REVERSE);
			y++;
			rows--;
		}
		tb_free(&tb);
	}
	bottom = y + rows - 1;		/* the check line */
	rows--;
	for (int b = 0; b < n; b++)
		if (b != de->focus)
			fixed += block_rows(de, b, 0);
	tall = rows - fixed - 1;
	if (tall < 3)
		tall = rows / 2 > 3 ? rows / 2 : 3;
	/* Scroll the column so the block with the cursor shows. */
	if (de->first > de->focus)
		de->first = de->focus;
	for (;;) {
		int used = 0;

		for (int b = de->first; b <= de->focus; b++)
			used += block_rows(de, b, tall);
		if (used <= rows || de->first == de->focus)
			break;
		de->first++;
	}
	for (int b = de->first; b < n && rows > 0; b++) {
		bool bad, on = b == de->focus;
		struct area *a = block_area(de, b, label, sizeof label, &bad);
		int h = block_rows(de, b, tall) - 1;
		char count[96];

		if (h > rows - 1)
			h = rows - 1;
		if (h < 1)
			break;
		ui_put(y, x, w, "", 0, true);
		ui_put(y, x, 2, bad ? "!" : on ? ">" : "", ui_attr(bad ? UI_ERROR : UI_HEADER), false);
		ui_put(y, x + 2, w - 14, label, ui_attr(bad ? UI_ERROR : on ? UI_HEADER : UI_NORMAL), false);
		if (!on)
			a->top = 0;	/* a field without the cursor shows its start */
		/* What is wrong with it goes beside its label; when it does
		 * not fit there, on the block's last line, under the text.
		 * (In full on the line at the bottom either way.) */
		int lx = x + 2 + text_width(label) + 2, ah = h;
		int room = w - (lx - x) - 12;
		bool under = bad && text_width(de->check) > room && h >= 2;

		if (under)
			ah = h - 1;
		area_draw(a, y + 1, x + 2, ah, w - 3, ui_attr(on ? UI_FIELD_ACTIVE : UI_FIELD),
		    on ? &cy : NULL, on ? &cx : NULL);
		/* How much there is, and where the view is when it scrolls. */
		size_t lines = area_lines(a, w - 3);
		if (lines > (size_t)ah)
			snprintf(count, sizeof count, _("lines %zu-%zu/%zu %zu chars"), a->top + 1,
			    a->top + (size_t)ah < lines ? a->top + (size_t)ah : lines, lines, a->len);
		else
			snprintf(count, sizeof count, _("%zu/%zu chars"), a->len, a->max);
		if (on || lines > (size_t)ah)
			ui_put(y, x + w - text_width(count) - 1, text_width(count), count,
			    ui_attr(UI_DIM), false);
		if (under)
			ui_put_cut(y + h, x + 2, w - 3, de->check, ui_attr(UI_ERROR), true, true);
		else if (bad) {
			room = w - (lx - x) - ((on || lines > (size_t)ah) ? text_width(count) + 2 : 1);
			if (room > 4)
				ui_put_cut(y, lx, room, de->check, ui_attr(UI_ERROR), false, true);
		}
		y += h + 1;
		rows -= h + 1;
	}
	if (de->first > 0)
		ui_put(bottom - 1 > 0 ? bottom - 1 : 0, x + w - 8, 8, _("↑ more"), ui_attr(UI_DIM), false);
	ui_put_cut(bottom, x, w, de->check, ui_attr(de->check_bad ? UI_ERROR :
	    de->check_later ? UI_DIM : UI_GOOD), true, true);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

const char *const *
docedit_keys(struct docedit *de)
{
	static const char *const month_keys[] = {
		"Tab", N_("Next field"), "Ctrl-S", N_("Save draft"), "Ctrl-T", N_("Submit"),
		"Esc", N_("Back"), NULL
	};
	static const char *const summary_keys[] = {
		"Tab", N_("Field"), "Ctrl-S", N_("Save"), "Ctrl-T", N_("Submit"),
		"Ctrl-N", N_("+task"), "Ctrl-X", N_("-task"), "Esc", N_("Back"), NULL
	};

	return de->kind == DOC_QUARTERLY ? summary_keys : month_keys;
}

/* ---- saving and submitting ---- */

static void
send_save(struct ui *ui, struct docedit *de)
{
	struct doc_save_body b;

	memset(&b, 0, sizeof b);
	to_doc(de, &b.doc);
	de->save_reqid = client_net_request(ui->net, MSG_DOC_SAVE, &b);
	schema_free(&doc_desc, &b.doc);
	if (de->changed) {
		char key[96];

		keep_draft(ui, de);
		draft_key(de, key, sizeof key);
		ui_draft_bind(ui, key, de->save_reqid);
	}
	de->changed = false;
	de->resave = false;
	if (de->save_reqid == 0)
		ui_msg(ui, UI_ERROR, "%s", _("Cannot save: the client has stopped"));
	else if (client_net_state(ui->net) != SYNC_CONNECTED)
		ui_msg(ui, UI_WARN, "%s", _("Server unreachable: queued, to be sent when it is back"));
	else
		ui_msg(ui, UI_NORMAL, "%s", _("Saving..."));
}

static void
send_submit(struct ui *ui, struct docedit *de)
{
	struct doc_act_body b = { .id = de->id, .version = de->version, .action = ACT_SUBMIT };

	de->submit_after = false;
	de->act_reqid = client_net_request(ui->net, MSG_DOC_ACT, &b);
	ui_msg(ui, client_net_state(ui->net) == SYNC_CONNECTED ? UI_NORMAL : UI_WARN, "%s",
	    client_net_state(ui->net) == SYNC_CONNECTED ? _("Submitting...") :
	    _("Server unreachable: queued, to be submitted when it is back"));
}

static void
save(struct ui *ui, struct docedit *de, bool then_submit)
{
	/* A draft may be incomplete, never invalid; a submission neither. */
	check(de, then_submit);
	if (de->check_bad) {
		if (de->bad_block >= 0)
			de->focus = de->bad_block;
		ui_msg(ui, UI_ERROR, "%s", de->check);
		return;
	}
	if (client_net_is_pending(ui->net, de->act_reqid)) {
		ui_msg(ui, UI_WARN, "%s", _("Submitting; please wait"));
		return;
	}
	if (client_net_is_pending(ui->net, de->save_reqid)) {
		/* One save at a time: the next goes with the version the
		 * first one returns. */
		de->resave = de->changed;
		de->submit_after |= then_submit;
		ui_msg(ui, UI_NORMAL, "%s", then_submit ?
		    _("The last save is still on its way; submitting after it") :
		    _("The last save is still on its way; saving again after it"));
		return;
	}
	if (de->changed || de->id == 0) {
		de->submit_after = then_submit;
		send_save(ui, de);
	} else if (then_submit)
		send_submit(ui, de);
	else
		ui_msg(ui, UI_NORMAL, "%s", _("No new changes"));
}

static void
ask_submit(struct ui *ui, struct docedit *de)
{
	struct model *m = ui_model(ui);
	const struct person *p = model_person(m, de->subject);
	uint64_t reviewer = p != NULL ? model_reviewer_of(m, p) : 0;
	char doc[160], what[256];

	check(de, true);
	if (de->check_bad) {
		if (de->bad_block >= 0)
			de->focus = de->bad_block;
		ui_msg(ui, UI_ERROR, _("Cannot submit yet: %s"), de->check);
		return;
	}
	doc_what(de->kind, de->period, doc, sizeof doc);
	/* Whose: a head writes one summary for each member. */
	if (de->kind == DOC_QUARTERLY)
		snprintf(what, sizeof what, _("%s's %s"), model_name(m, de->subject), doc);
	else
		snprintf(what, sizeof what, "%s", doc);
	if (reviewer != 0)
		ui_ask(ui, ASK_SUBMIT, _("Submit %s to %s for review? No changes after that"), what,
		    model_name(m, reviewer));
	else
		ui_ask(ui, ASK_SUBMIT, _("Submit %s? No changes after that"), what);
}

static void
add_task(struct docedit *de)
{
	int nf = (int)de->form->nfields, at;

	if (de->ntasks >= MAX_TASKS)
		return;
	/* After the task with the cursor, or at the end. */
	at = de->focus >= nf ? (de->focus - nf) / 2 + 1 : (int)de->ntasks;
	struct area t = de->tasks[de->ntasks], e = de->explain[de->ntasks];
	memmove(&de->tasks[at + 1], &de->tasks[at], (de->ntasks - (uint32_t)at) * sizeof *de->tasks);
	memmove(&de->explain[at + 1], &de->explain[at], (de->ntasks - (uint32_t)at) * sizeof *de->explain);
	de->tasks[at] = t;
	de->explain[at] = e;
	area_set(&de->tasks[at], "");
	area_set(&de->explain[at], "");
	de->ntasks++;
	de->focus = nf + 2 * at;
	de->changed = true;
}

static void
delete_task(struct docedit *de)
{
	int nf = (int)de->form->nfields, at = (de->focus - nf) / 2;
	struct area t = de->tasks[at], e = de->explain[at];

	memmove(&de->tasks[at], &de->tasks[at + 1], (de->ntasks - (uint32_t)at - 1) * sizeof *de->tasks);
	memmove(&de->explain[at], &de->explain[at + 1], (de->ntasks - (uint32_t)at - 1) * sizeof *de->explain);
	de->ntasks--;
	de->tasks[de->ntasks] = t;
	de->explain[de->ntasks] = e;
	if (de->focus >= nblocks(de))
		de->focus = nblocks(de) - 1;
	de->changed = true;
	check(de, false);
}

enum docedit_result
docedit_key(struct ui *ui, struct docedit *de, bool is_key, wint_t ch)
{
	int n = nblocks(de), nf = (int)de->form->nfields;
	bool bad;
	char label[128];
	struct area *a = block_area(de, de->focus, label, sizeof label, &bad);
	enum edit_result r;

	if (!is_key) {
		switch (ch) {
		case 27:
			return DOCEDIT_CLOSE;
		case '\t':
			de->focus = (de->focus + 1) % n;
			return DOCEDIT_NONE;
		case CTRL('S'):
			save(ui, de, false);
			return DOCEDIT_NONE;
		case CTRL('T'):
			ask_submit(ui, de);
			return DOCEDIT_NONE;
		case CTRL('N'):
			if (de->kind == DOC_QUARTERLY) {
				add_task(de);
				keep_draft(ui, de);
			}
			return DOCEDIT_NONE;
		case CTRL('X'):
			if (de->kind != DOC_QUARTERLY || de->focus < nf)
				return DOCEDIT_NONE;
			if (area_blank(&de->tasks[(de->focus - nf) / 2]) &&
			    area_blank(&de->explain[(de->focus - nf) / 2])) {
				delete_task(de);
				keep_draft(ui, de);
			} else
				ui_ask(ui, ASK_DELETE_TASK, _("Delete unfinished task %d?"),
				    (de->focus - nf) / 2 + 1);
			return DOCEDIT_NONE;
		}
	} else if (ch == KEY_BTAB) {
		de->focus = (de->focus + n - 1) % n;
		return DOCEDIT_NONE;
	}
	r = area_key(a, is_key, ch);
	if (r == EDIT_IGNORED) {
		bool enter = (!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER);

		if ((is_key && ch == KEY_DOWN) || enter) {
			if (de->focus + 1 < n)
				de->focus++;
		} else if (is_key && ch == KEY_UP && de->focus > 0)
			de->focus--;
		return DOCEDIT_NONE;
	}
	if (r == EDIT_FULL)
		ui_msg(ui, UI_WARN, _("%s: the length limit is reached"), label);
	if (r == EDIT_CHANGED) {
		de->changed = true;
		check(de, false);
		keep_draft(ui, de);
	}
	return DOCEDIT_NONE;
}

void
docedit_answer(struct ui *ui, struct docedit *de, int action, bool yes)
{
	if (!yes)
		return;
	if (action == ASK_SUBMIT)
		save(ui, de, true);
	else if (action == ASK_DELETE_TASK && de->kind == DOC_QUARTERLY &&
	    de->focus >= (int)de->form->nfields) {
		delete_task(de);
		keep_draft(ui, de);
	}
}

bool
docedit_event(struct ui *ui, struct docedit *de, const struct net_event *ev)
{
	char why[800];
	const struct doc *cur;

	if (de == NULL || ev->reqid == 0)
		return false;
	if (ev->reqid == de->save_reqid) {
		de->save_reqid = 0;
		if (ev->type == NET_EV_WRITE_OK) {
			de->id = ev->doc.id;
			de->version = ev->doc.version;
			if (de->resave || de->changed)
				send_save(ui, de);
			else if (de->submit_after)
				send_submit(ui, de);
			else
				ui_msg(ui, UI_GOOD, "%s", _("Draft saved"));
			return true;
		}
		de->changed = true;
		de->submit_after = false;
		ui_error_text(ev, why, sizeof why);
		cur = model_doc_of(ui_model(ui), de->subject, de->kind, de->period);
		if (ev->code == KH_ERR_CONFLICT && cur != NULL) {
			/* Someone wrote it elsewhere: the next save goes on top of
			 * that version, with what is typed here. */
			de->id = cur->id;
			de->version = cur->version;
			snprintf(de->check, sizeof de->check, "%s",
			    _("This record was changed elsewhere; saving again (Ctrl-S) keeps what is here"));
		} else {
			snprintf(de->check, sizeof de->check, _("Save failed: %s"), why);
			de->bad_block = block_of(de, ev->field);
			if (de->bad_block >= 0)
				de->focus = de->bad_block;
		}
		de->check_bad = true;
		ui_msg(ui, UI_ERROR, _("Save failed: %s"), why);
		return true;
	}
	if (ev->reqid != de->act_reqid)
		return false;
	de->act_reqid = 0;
	if (ev->type == NET_EV_WRITE_OK) {
		char what[160];

		doc_what(de->kind, de->period, what, sizeof what);
		ui_msg(ui, UI_GOOD, _("%s submitted; waiting for %s to review it"), what,
		    model_name(ui_model(ui), ev->doc.reviewer));
		draft_key(de, what, sizeof what);
		ui_draft_drop(ui, what);
		de->open = false;
		de->loaded = false;
		de->changed = false;
		return true;
	}
	ui_error_text(ev, why, sizeof why);
	snprintf(de->check, sizeof de->check, _("Submit failed: %s"), why);
	de->check_bad = true;
	cur = model_doc_of(ui_model(ui), de->subject, de->kind, de->period);
	if (ev->code == KH_ERR_CONFLICT && cur != NULL && !de->changed) {
		de->version = cur->version;
		snprintf(de->check, sizeof de->check, "%s",
		    _("The record was changed elsewhere; check it and submit again"));
	}
	ui_msg(ui, UI_ERROR, _("Submit failed: %s"), why);
	return true;
}
