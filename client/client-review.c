/*
 * client-review.c: a record opened from a list, read and acted on (see
 * client-review.h).
 *
 * Three modes: reading (the record scrolls), a form at the bottom for the
 * action chosen (the record stays above it), and the history of versions.
 * What may be done is worked out from the record and the user on every
 * key and draw, the same way the server's table of actions does
 * (server/doc-ops.c), so the keys offered are the ones that will work.
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
#include "client-draft.h"
#include "client-history.h"
#include "client-model.h"
#include "client-net.h"
#include "client-review.h"
#include "client-text.h"
#include "client-ui.h"

#define TEXT_ROWS	4

enum mode { MODE_VIEW, MODE_FORM, MODE_HISTORY };
enum task { TASK_NONE, TASK_FILE, TASK_RETURN, TASK_SIGN, TASK_DONE, TASK_CORRECT };
enum focus { FOCUS_TEXT, FOCUS_GRADE, FOCUS_REASON };

enum {
	ASK_SIGN = REVIEW_ASK_BASE,
	ASK_DONE,
	ASK_DISCARD_CLOSE,
	ASK_DISCARD_NEXT,
	ASK_DISCARD_PREV,
};

struct review {
	bool		 open;
	bool		 nav;
	uint64_t	 subject;
	uint32_t	 kind;
	uint32_t	 period;

	struct textbuf	 tb;
	size_t		 top;

	enum mode	 mode;
	enum task	 task;
	enum focus	 focus;
	struct area	 text;		/* comment, reason, opinion, note */
	struct area	 reason;	/* a correction's reason */
	uint32_t	 grade;
	bool		 changed;
	char		 check[1024];
	bool		 check_bad;
	bool		 check_ok;	/* nothing missing */

	uint64_t	 reqid;		/* the action in flight */
	enum task	 req_task;
	uint64_t	 create_reqid;	/* an evaluation's draft being made */
	uint64_t	 save_reqid;	/* an evaluation's draft being saved */

	struct history	 hist;
};

const char *const review_help[] = {
	"↑↓ PgUp/PgDn", N_("Scroll the record"),
	"Enter", N_("Act: comment, sign, finish (own returned record: edit)"),
	"c", N_("Comment and file it (Ctrl-S files)"),
	"r", N_("Return it with a reason (Ctrl-S returns)"),
	"s", N_("Sign: grade and opinion (Ctrl-S sign, Ctrl-W draft)"),
	"d", N_("Admonishment talk: write the notes, mark it done"),
	"E", N_("Correct a filed, signed, published record, with reason"),
	"h", N_("History: each version, its time, who and why; / searches them"),
	"n / p", N_("Next / previous (without leaving the list)"),
	"Tab", N_("Next field in a form; ←/→ choose the grade"),
	"Esc", N_("Close the form or go back (what you typed is kept)"),
	NULL, NULL
};

struct review *
review_new(void)
{
	struct review *rv = xcalloc(1, sizeof *rv);

	area_init(&rv->text, DOC_COMMENT_MAX_CHARS);
	area_init(&rv->reason, DOC_REASON_MAX_CHARS);
	rv->reason.single = true;
	return rv;
}

void
review_free(struct review **rvp)
{
	struct review *rv = *rvp;

	if (rv == NULL)
		return;
	history_clear(&rv->hist);
	tb_free(&rv->tb);
	area_free(&rv->text);
	area_free(&rv->reason);
	free(rv);
	*rvp = NULL;
}

bool
review_is_open(const struct review *rv)
{
	return rv != NULL && rv->open;
}

void
review_what(const struct review *rv, uint64_t *subject, uint32_t *kind, uint32_t *period)
{
	*subject = rv->subject;
	*kind = rv->kind;
	*period = rv->period;
}

static void
task_reset(struct review *rv)
{
	area_set(&rv->text, "");
	area_set(&rv->reason, "");
	rv->grade = 0;
	rv->changed = false;
	rv->task = TASK_NONE;
	rv->mode = MODE_VIEW;
	rv->check[0] = '\0';
	rv->check_bad = false;
}

void
review_close(struct review *rv)
{
	rv->open = false;
	task_reset(rv);
	history_clear(&rv->hist);
	rv->hist.reqid = 0;
}

/* ---- what the user may do ---- */

static const struct doc *
current(struct ui *ui, const struct review *rv)
{
	return ui_doc(ui, model_doc_of(ui_model(ui), rv->subject, rv->kind, rv->period));
}

static bool
read_only(struct ui *ui)
{
	return ui_role(ui) == ROLE_ORG_DEPT;
}

static bool
can_review(struct ui *ui, const struct doc *d)
{
	return d != NULL && !read_only(ui) && (d->kind == DOC_MONTHLY || d->kind == DOC_QUARTERLY) &&
	    d->state == DOC_SUBMITTED && d->reviewer == ui_me(ui);
}

static bool
can_sign(struct ui *ui, const struct review *rv, const struct doc *d)
{
	const struct person *p;

	if (rv->kind != DOC_EVALUATION || read_only(ui))
		return false;
	if (d != NULL)
		return d->state == DOC_DRAFT && d->author == ui_me(ui);
	p = model_person(ui_model(ui), rv->subject);
	return p != NULL && model_reviewer_of(ui_model(ui), p) == ui_me(ui) &&
	    !model_locked(ui_model(ui), rv->period);
}

static bool
can_done(struct ui *ui, const struct doc *d)
{
	return d != NULL && !read_only(ui) && d->kind == DOC_TASK && d->state == DOC_DRAFT &&
	    d->author == ui_me(ui);
}

static bool
can_correct(struct ui *ui, const struct doc *d)
{
	if (d == NULL || read_only(ui))
		return false;
	if (d->state != DOC_FILED && d->state != DOC_SIGNED && d->state != DOC_PUBLISHED &&
	    d->state != DOC_DONE)
		return false;
	return d->reviewed_by == ui_me(ui) || d->author == ui_me(ui) || ui_role(ui) == ROLE_ADMIN;
}

static bool
returned_mine(struct ui *ui, const struct doc *d)
{
	return d != NULL && d->state == DOC_RETURNED && d->author == ui_me(ui) &&
	    (d->kind == DOC_MONTHLY || d->kind == DOC_QUARTERLY);
}

/* What a task does, in a sentence ("Ready to %s"). */
static const char *
task_name(enum task t)
{
	static const char *const names[] = {
		"", N_("comment and file"), N_("return"), N_("sign the evaluation"), N_("finish the talk"),
		N_("correct"),
	};

	return t != TASK_NONE ? _(names[t]) : "";
}

/* The same as a key's label. */
static const char *
task_label(enum task t)
{
	static const char *const names[] = {
		"", N_("file"), N_("return"), N_("sign it"), N_("finish talk"), N_("correct"),
	};

	return names[t];
}

/* ---- checking as the user types ---- */

static void
check(struct ui *ui, struct review *rv, bool complete)
{
	const struct doc *d = current(ui, rv);
	char *text = area_get(&rv->text), *reason = area_get(&rv->reason);
	struct doc tmp = { .kind = rv->kind, .comment = text };
	struct codec_error err;
	const char *why = NULL;

	rv->check_bad = false;
	rv->check_ok = false;
	if ((rv->task == TASK_FILE || rv->task == TASK_SIGN || rv->task == TASK_CORRECT) &&
	    doc_check(&tmp, false, &err) != 0)
		why = err.message;
	else if (rv->task == TASK_FILE && rv->kind == DOC_MONTHLY && area_blank(&rv->text))
		why = _("Write a comment (a monthly record is filed with one)");
	else if (rv->task == TASK_RETURN &&
	    doc_reason_check(text, _("Give the reason for returning it"), &err) != 0)
		why = err.message;
	else if (rv->task == TASK_SIGN && rv->grade == 0)
		why = _("Choose a grade (←/→)");
	else if (rv->task == TASK_SIGN && area_blank(&rv->text))
		why = _("Write the evaluation's opinion");
	else if (rv->task == TASK_DONE && area_blank(&rv->text))
		why = _("Write the notes of the talk");
	else if (rv->task == TASK_CORRECT &&
	    doc_reason_check(reason, _("Give the reason for the correction"), &err) != 0)
		why = err.message;
	else if (d == NULL && rv->task != TASK_SIGN)
		why = _("The record is gone; it may have been corrected");
	free(text);
	free(reason);
	if (why != NULL) {
		/* While typing, a missing field is a hint, not an error. */
		rv->check_bad = complete || rv->changed;
		snprintf(rv->check, sizeof rv->check, "%s", why);
		return;
	}
	snprintf(rv->check, sizeof rv->check, _("Ready to %s: Ctrl-S"), task_name(rv->task));
	rv->check_ok = true;
}

/* ---- the local draft of the form ---- */

static void
draft_key(const struct review *rv, enum task t, char *buf, size_t len)
{
	snprintf(buf, len, "review/%u/%llu/%u/%d", rv->kind, (unsigned long long)rv->subject,
	    rv->period, (int)t);
}

static void
keep_draft(struct ui *ui, struct review *rv)
{
	struct draft d = { 0 };
	char key[96];

	area_to_draft(&rv->text, &d, "text");
	area_to_draft(&rv->reason, &d, "reason");
	draft_set_u64(&d, "grade", rv->grade);
	draft_key(rv, rv->task, key, sizeof key);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void
restore_draft(struct ui *ui, struct review *rv)
{
	struct draft d;
	char key[96];
	uint64_t g;

	draft_key(rv, rv->task, key, sizeof key);
	if (!ui_draft_load(ui, key, &d))
		return;
	area_from_draft(&rv->text, &d, "text");
	area_from_draft(&rv->reason, &d, "reason");
	if ((g = draft_get_u64(&d, "grade", 0)) >= GRADE_EXCELLENT && g <= GRADE_INCOMPETENT)
		rv->grade = (uint32_t)g;
	rv->changed = true;
	ui_draft_restored(ui, &d, false);
	draft_clear(&d);
}

static void
task_open(struct ui *ui, struct review *rv, enum task t)
{
	const struct doc *d = current(ui, rv);

	/* Signing and correcting start from the record's own text: never from
	 * a snapshot's slim copy, which has none yet. */
	if ((t == TASK_SIGN || t == TASK_CORRECT) && ui_doc_loading(ui, ui_doc(ui, d))) {
		ui_msg(ui, UI_NORMAL, _("Loading the full text; try again in a moment"));
		return;
	}
	if (rv->task != t) {
		task_reset(rv);
		rv->task = t;
		if (t == TASK_SIGN && d != NULL) {
			/* Carry on from a draft saved before. */
			area_set(&rv->text, d->comment);
			rv->grade = d->grade;
		} else if (t == TASK_CORRECT && d != NULL) {
			area_set(&rv->text, d->kind == DOC_TASK ? doc_field_get(d, "note") : d->comment);
			rv->grade = d->grade;
		}
		restore_draft(ui, rv);
	}
	rv->text.max = t == TASK_RETURN ? DOC_REASON_MAX_CHARS :
	    t == TASK_DONE ? form_def(DOC_TASK)->fields[0].max_chars : DOC_COMMENT_MAX_CHARS;
	rv->mode = MODE_FORM;
	rv->focus = t == TASK_SIGN && rv->grade == 0 ? FOCUS_GRADE : FOCUS_TEXT;
	check(ui, rv, false);
}

/* ---- opening ---- */

/* An evaluation nobody has started: make its draft, so it can be signed. */
static void
create_draft(struct ui *ui, struct review *rv)
{
	struct doc d = { .kind = DOC_EVALUATION, .subject = rv->subject, .period = rv->period };
	struct doc_save_body b = { .doc = d };

	if (rv->create_reqid != 0 && client_net_is_pending(ui->net, rv->create_reqid))
		return;
	rv->create_reqid = client_net_request(ui->net, MSG_DOC_SAVE, &b);
}

void
review_open(struct ui *ui, struct review *rv, uint64_t subject, uint32_t kind, uint32_t period,
    bool with_nav)
{
	const struct doc *d;

	if (rv->open && rv->subject == subject && rv->kind == kind && rv->period == period) {
		rv->nav = with_nav;
		return;
	}
	review_close(rv);
	rv->open = true;
	rv->nav = with_nav;
	rv->subject = subject;
	rv->kind = kind;
	rv->period = period;
	rv->top = 0;
	d = current(ui, rv);
	if (kind == DOC_EVALUATION && d == NULL && can_sign(ui, rv, NULL))
		create_draft(ui, rv);
	/* Straight to the form when there is one thing to do. */
	if (can_sign(ui, rv, d))
		task_open(ui, rv, TASK_SIGN);
	else if (can_done(ui, d))
		task_open(ui, rv, TASK_DONE);
}

/* ---- drawing ---- */

static void
render(struct ui *ui, struct review *rv, int width)
{
	struct model *m = ui_model(ui);
	const struct doc *d = current(ui, rv);
	char buf[256], pn[64];

	tb_reset(&rv->tb, width);
	if (d != NULL)
		doc_render(&rv->tb, m, d);
	else if (rv->kind == DOC_EVALUATION)
		tb_text(&rv->tb, UI_DIM, 0, can_sign(ui, rv, NULL) ?
		    _("The evaluation has not begun: a draft is being made; you can choose the grade and write already.") : _("The evaluation has not begun."));
	else
		tb_text(&rv->tb, UI_DIM, 0, _("This record has not been written yet, or was corrected."));
	if (rv->kind != DOC_EVALUATION)
		return;
	/* What the evaluation rests on: the quarter's monthly records and
	 * the quarterly summary. */
	uint32_t first = period_of_day(PERIOD_MONTH, period_first_day(rv->period));
	for (int k = 0; k < 4; k++) {
		uint32_t kind = k < 3 ? DOC_MONTHLY : DOC_QUARTERLY;
		uint32_t per = k < 3 ? first : rv->period;
		const struct doc *x;

		if (k > 0 && k < 3)
			first = per = period_next(first);
		x = model_doc_of(m, rv->subject, kind, per);
		period_name(per, pn, sizeof pn);
		tb_blank(&rv->tb);
		snprintf(buf, sizeof buf, _("━━ %s %s: %s ━━"), pn, doc_kind_name(kind),
		    x != NULL ? doc_state_name(x->state) : _("not written"));
		tb_text(&rv->tb, UI_KEY, 0, buf);
		if (x != NULL)
			doc_render(&rv->tb, m, x);
	}
}

static int
task_rows(const struct review *rv)
{
	if (rv->mode != MODE_FORM)
		return 0;
	switch (rv->task) {
	case TASK_SIGN:
		return TEXT_ROWS + 3;
	case TASK_CORRECT:
		return TEXT_ROWS + 3 + (rv->kind == DOC_EVALUATION);
	default:
		return TEXT_ROWS + 2;
	}
}

static void
draw_task(struct ui *ui, struct review *rv, int y, int w)
{
	char buf[256];
	int cy = -1, cx = -1, ty, tw;
	const char *title;

	attron(ui_attr(UI_DIM));
	mvhline(y, 0, ACS_HLINE, COLS);
	attroff(ui_attr(UI_DIM));
	switch (rv->task) {
	case TASK_FILE:
		title = rv->kind == DOC_MONTHLY ? _(" Comment and file: the comment (required) ") :
		    _(" Comment and file: the comment (optional) ");
		break;
	case TASK_RETURN:
		title = _(" Return: the reason (required) ");
		break;
	case TASK_SIGN:
		title = _(" Sign: choose the grade, write the opinion ");
		break;
	case TASK_DONE:
		title = _(" Finish the talk: the notes of the talk ");
		break;
	default:
		title = rv->kind == DOC_TASK ? _(" Correct: the corrected notes of the talk ") :
		    rv->kind == DOC_EVALUATION ? _(" Correct: the corrected grade and opinion ") :
		    _(" Correct: the corrected comment ");
		break;
	}
	ui_put(y, 2, w - 4, title, ui_attr(UI_HEADER), false);
	snprintf(buf, sizeof buf, _(" %zu/%zu chars "), rv->text.len, rv->text.max);
	ui_put(y, COLS - text_width(buf) - 2, text_width(buf), buf, ui_attr(UI_DIM), false);
	y++;
	if (rv->task == TASK_SIGN || (rv->task == TASK_CORRECT && rv->kind == DOC_EVALUATION)) {
		bool on = rv->focus == FOCUS_GRADE;

		ui_put(y, 2, 6, _("Grade"), ui_attr(on ? UI_HEADER : UI_NORMAL), false);
		snprintf(buf, sizeof buf, "< %s >", rv->grade ? grade_name(rv->grade) : _("pick one"));
		ui_put(y, 8, 14, buf, ui_attr(on ? UI_FIELD_ACTIVE :
		    rv->grade == GRADE_INCOMPETENT ? UI_ERROR : UI_FIELD), true);
		snprintf(buf, sizeof buf, _("←/→ choose: %s %s %s %s"), grade_name(GRADE_EXCELLENT),
		    grade_name(GRADE_EXCELLENT + 1), grade_name(GRADE_EXCELLENT + 2),
		    grade_name(GRADE_INCOMPETENT));
		ui_put(y, 24, w - 24, buf, ui_attr(UI_DIM), false);
		if (on) {
			cy = y;
			cx = 10;
		}
		y++;
	}
	ty = y;
	tw = w - 4;
	area_draw(&rv->text, ty, 2, TEXT_ROWS, tw,
	    ui_attr(rv->focus == FOCUS_TEXT ? UI_FIELD_ACTIVE : UI_FIELD),
	    rv->focus == FOCUS_TEXT ? &cy : NULL, rv->focus == FOCUS_TEXT ? &cx : NULL);
	y += TEXT_ROWS;
	if (rv->task == TASK_CORRECT) {
		bool on = rv->focus == FOCUS_REASON;

		ui_put(y, 2, 10, _("Grounds"), ui_attr(on ? UI_HEADER : UI_NORMAL), false);
		area_draw(&rv->reason, y, 12, 1, w - 14, ui_attr(on ? UI_FIELD_ACTIVE : UI_FIELD),
		    on ? &cy : NULL, on ? &cx : NULL);
		y++;
	}
	if (rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid))
		ui_put(y, 2, w - 4, client_net_state(ui->net) == SYNC_CONNECTED ?
		    _("Sending...") : _("The server is unreachable: queued, sent when it is back"),
		    ui_attr(UI_WARN), true);
	else
		ui_put_cut(y, 2, w - 4, rv->check, ui_attr(rv->check_bad ? UI_ERROR :
		    rv->check_ok ? UI_GOOD : UI_DIM), true, true);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

void
review_draw(struct ui *ui, struct review *rv, int y, int rows, const char *position)
{
	const struct doc *d = current(ui, rv);
	char title[256], label[200];
	int w = COLS, fr = task_rows(rv), text_rows;

	doc_label(ui_model(ui), rv->kind, rv->subject, rv->period, label, sizeof label);
	snprintf(title, sizeof title, " %s%s%s%s", label, d != NULL ? " · " : "",
	    d != NULL ? doc_state_name(d->state) : "", rv->mode == MODE_HISTORY ? _(" · history") : "");
	ui_put(y, 0, w, title, ui_attr(UI_HEADER), true);
	if (position != NULL)
		ui_put(y, w - text_width(position) - 2, text_width(position) + 1, position,
		    ui_attr(UI_DIM), false);
	y++;
	rows--;
	if (rv->mode == MODE_HISTORY) {
		history_draw(ui, &rv->hist, y, rows, w);
		return;
	}
	text_rows = rows - fr;
	render(ui, rv, w - 2);
	if (rv->tb.n <= (size_t)text_rows)
		rv->top = 0;
	else if (rv->top > rv->tb.n - (size_t)text_rows)
		rv->top = rv->tb.n - (size_t)text_rows;
	tb_draw(&rv->tb, y, 1, text_rows, rv->top);
	if (rv->tb.n > (size_t)text_rows) {
		char more[64];

		snprintf(more, sizeof more, _(" %zu/%zu lines PgDn "), rv->top + (size_t)text_rows <
		    rv->tb.n ? rv->top + (size_t)text_rows : rv->tb.n, rv->tb.n);
		ui_put(y + text_rows - 1, w - text_width(more) - 1, text_width(more), more,
		    ui_attr(UI_DIM) | A_REVERSE, false);
	}
	if (fr > 0)
		draw_task(ui, rv, y + text_rows, w);
}

const char *const *
review_keys(struct ui *ui, struct review *rv)
{
	static const char *keys[32];
	const struct doc *d = current(ui, rv);
	int k = 0;

#define KEY(a, b) do { keys[k++] = (a); keys[k++] = (b); } while (0)
	if (rv->mode == MODE_FORM) {
		KEY("Ctrl-S", task_label(rv->task));
		if (rv->task == TASK_SIGN)
			KEY("Ctrl-W", N_("Keep draft"));
		KEY("Tab", N_("Next field"));
		KEY("PgUp/PgDn", N_("Read"));
		KEY("Esc", N_("Hide"));
	} else if (rv->mode == MODE_HISTORY) {
		KEY("↑↓", N_("Version"));
		KEY("PgUp/PgDn", N_("Scroll"));
		KEY("q/Esc", N_("Back"));
	} else {
		KEY("↑↓", N_("Scroll"));
		if (can_review(ui, d)) {
			KEY("c", N_("File"));
			KEY("r", N_("Return"));
		}
		if (can_sign(ui, rv, d))
			KEY("s", N_("Sign"));
		if (can_done(ui, d))
			KEY("d", N_("Finish talk"));
		if (returned_mine(ui, d))
			KEY("Enter", N_("Go edit"));
		if (can_correct(ui, d))
			KEY("E", N_("Correct"));
		if (rv->nav) {
			KEY("n", N_("Next"));
			KEY("p", N_("Prev"));
		}
		if (d != NULL)
			KEY("h", N_("History"));
		KEY("q/Esc", N_("Back"));
		KEY("?", N_("Help"));
	}
#undef KEY
	keys[k] = NULL;
	return rv->mode == MODE_HISTORY ? list_keys(&rv->hist.list, keys) : keys;
}

/* ---- acting ---- */

static void
send_action(struct ui *ui, struct review *rv)
{
	const struct doc *d = current(ui, rv);
	struct doc_act_body b;
	struct doc_field note = { .key = "note" };
	char *text, *reason = NULL;
	static const char *const sending[] = {
		"", N_("Filing..."), N_("Returning..."), N_("Signing..."), N_("Finishing the talk..."),
		N_("Correcting..."),
	};

	if (d == NULL) {
		ui_msg(ui, UI_WARN, "%s", rv->task == TASK_SIGN ?
		    _("The evaluation's draft is still being made; sign in a moment") :
		    _("The record is gone; it may have been corrected"));
		return;
	}
	memset(&b, 0, sizeof b);
	text = area_get(&rv->text);
	b.id = d->id;
	b.version = d->version;
	switch (rv->task) {
	case TASK_FILE:
		b.action = ACT_FILE;
		b.comment = text;
		break;
	case TASK_RETURN:
		b.action = ACT_RETURN;
		b.reason = text;
		break;
	case TASK_SIGN:
		b.action = ACT_SIGN;
		b.comment = text;
		b.grade = rv->grade;
		break;
	case TASK_DONE:
		b.action = ACT_DONE;
		note.value = text;
		b.fields = &note;
		b.fields_n = 1;
		break;
	case TASK_CORRECT:
		b.action = ACT_CORRECT;
		reason = area_get(&rv->reason);
		b.reason = reason;
		if (d->kind == DOC_TASK) {
			note.value = text;
			b.fields = &note;
			b.fields_n = 1;
		} else
			b.comment = text;
		if (d->kind == DOC_EVALUATION)
			b.grade = rv->grade;
		break;
	default:
		free(text);
		return;
	}
	rv->reqid = client_net_request(ui->net, MSG_DOC_ACT, &b);
	rv->req_task = rv->task;
	{
		char key[96];

		keep_draft(ui, rv);
		draft_key(rv, rv->task, key, sizeof key);
		ui_draft_bind(ui, key, rv->reqid);
	}
	free(text);
	free(reason);
	if (rv->reqid == 0)
		ui_msg(ui, UI_ERROR, _("Cannot send: the client has stopped"));
	else if (client_net_state(ui->net) == SYNC_CONNECTED)
		ui_msg(ui, UI_NORMAL, "%s", _(sending[rv->task]));
	else
		ui_msg(ui, UI_WARN, "%s", _("The server is unreachable: queued, sent when it is back"));
}

/* Keep an evaluation's opinion and grade as a draft on the server. */
static void
save_draft(struct ui *ui, struct review *rv)
{
	const struct doc *d = current(ui, rv);
	struct doc_save_body b;
	char *text;

	if (d == NULL) {
		ui_msg(ui, UI_WARN, _("The evaluation's draft is still being made; wait a moment"));
		return;
	}
	memset(&b, 0, sizeof b);
	text = area_get(&rv->text);
	b.doc.id = d->id;
	b.doc.version = d->version;
	b.doc.kind = d->kind;
	b.doc.subject = d->subject;
	b.doc.period = d->period;
	b.doc.comment = text;
	b.doc.grade = rv->grade;
	rv->save_reqid = client_net_request(ui->net, MSG_DOC_SAVE, &b);
	free(text);
	{
		char key[96];

		keep_draft(ui, rv);
		draft_key(rv, rv->task, key, sizeof key);
		ui_draft_bind(ui, key, rv->save_reqid);
	}
	ui_msg(ui, UI_NORMAL, _("Keeping the draft..."));
}

static void
submit(struct ui *ui, struct review *rv)
{
	if (rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid)) {
		ui_msg(ui, UI_WARN, _("The last action is still being sent; wait a moment"));
		return;
	}
	check(ui, rv, true);
	if (rv->check_bad) {
		if (rv->task == TASK_SIGN && rv->grade == 0)
			rv->focus = FOCUS_GRADE;
		else if (rv->task == TASK_CORRECT && area_blank(&rv->reason))
			rv->focus = FOCUS_REASON;
		else
			rv->focus = FOCUS_TEXT;
		ui_msg(ui, UI_ERROR, "%s", rv->check);
		return;
	}
	if (rv->task == TASK_SIGN) {
		char label[200];

		doc_label(ui_model(ui), rv->kind, rv->subject, rv->period, label, sizeof label);
		if (rv->grade == GRADE_INCOMPETENT) {
			char pn[64];

			period_name(rv->period, pn, sizeof pn);
			ui_ask(ui, ASK_SIGN, _("Grade %s “%s” (%s)? Once signed it cannot be changed, and an admonishment talk follows"),
			    model_name(ui_model(ui), rv->subject), grade_name(GRADE_INCOMPETENT), pn);
		} else
			ui_ask(ui, ASK_SIGN, _("Sign %s with the grade “%s”? It cannot be changed afterwards"), label,
			    grade_name(rv->grade));
		return;
	}
	if (rv->task == TASK_DONE) {
		ui_ask(ui, ASK_DONE, _("The notes cannot be changed once submitted. Finish the talk?"));
		return;
	}
	send_action(ui, rv);
}

static bool
focus_next(struct review *rv, int delta)
{
	enum focus order[3];
	int n = 0, at = 0;

	if (rv->task == TASK_SIGN || (rv->task == TASK_CORRECT && rv->kind == DOC_EVALUATION))
		order[n++] = FOCUS_GRADE;
	order[n++] = FOCUS_TEXT;
	if (rv->task == TASK_CORRECT)
		order[n++] = FOCUS_REASON;
	for (int i = 0; i < n; i++)
		if (order[i] == rv->focus)
			at = i;
	at += delta;
	if (at < 0 || at >= n)
		return false;
	rv->focus = order[at];
	return true;
}

static enum review_result
task_key(struct ui *ui, struct review *rv, bool is_key, wint_t ch)
{
	enum edit_result r;

	if (!is_key && ch == 27) {
		rv->mode = MODE_VIEW;
		if (rv->changed)
			ui_msg(ui, UI_NORMAL, _("Hidden; what you typed is kept: %s continues"),
			    rv->task == TASK_RETURN ? "r" : rv->task == TASK_CORRECT ? "E" :
			    rv->task == TASK_SIGN ? "s" : rv->task == TASK_DONE ? "d" : "c");
		return REVIEW_NONE;
	}
	if (!is_key && ch == CTRL('S')) {
		submit(ui, rv);
		return REVIEW_NONE;
	}
	if (!is_key && ch == CTRL('W') && rv->task == TASK_SIGN) {
		save_draft(ui, rv);
		return REVIEW_NONE;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_BTAB)) {
		if (!focus_next(rv, is_key ? -1 : 1))
			focus_next(rv, is_key ? 2 : -2);
		return REVIEW_NONE;
	}
	if (is_key && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		int page = LINES / 2;

		if (ch == KEY_PPAGE)
			rv->top = rv->top > (size_t)page ? rv->top - (size_t)page : 0;
		else
			rv->top += (size_t)page;
		return REVIEW_NONE;
	}
	if (rv->focus == FOCUS_GRADE) {
		if ((is_key && ch == KEY_RIGHT) || (!is_key && ch == ' '))
			rv->grade = rv->grade >= GRADE_INCOMPETENT ? GRADE_EXCELLENT : rv->grade + 1;
		else if (is_key && ch == KEY_LEFT)
			rv->grade = rv->grade <= GRADE_EXCELLENT ? GRADE_INCOMPETENT : rv->grade - 1;
		else if ((is_key && (ch == KEY_DOWN || ch == KEY_ENTER)) ||
		    (!is_key && (ch == '\r' || ch == '\n')))
			focus_next(rv, 1);
		else
			return REVIEW_NONE;
		rv->changed = true;
		check(ui, rv, false);
		keep_draft(ui, rv);
		return REVIEW_NONE;
	}
	r = area_key(rv->focus == FOCUS_REASON ? &rv->reason : &rv->text, is_key, ch);
	if (r == EDIT_IGNORED && is_key && (ch == KEY_UP || ch == KEY_DOWN))
		focus_next(rv, ch == KEY_UP ? -1 : 1);
	else if (r == EDIT_IGNORED && rv->focus == FOCUS_REASON &&
	    ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)))
		submit(ui, rv);
	if (r == EDIT_FULL)
		ui_msg(ui, UI_WARN, _("The text is at its length limit"));
	if (r == EDIT_CHANGED) {
		rv->changed = true;
		check(ui, rv, false);
		keep_draft(ui, rv);
	}
	return REVIEW_NONE;
}

/* Leaving with typed text asks first. */
static enum review_result
leave(struct ui *ui, struct review *rv, enum review_result where, int ask)
{
	if (rv->changed && (!area_blank(&rv->text) || !area_blank(&rv->reason)) &&
	    !(rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid))) {
		ui_ask(ui, ask, _("Discard what you typed (%s)? It has not been sent"),
		    rv->task == TASK_RETURN ? _("the reason for returning") :
		    rv->task == TASK_DONE ? _("the notes of the talk") : _("the opinion"));
		return REVIEW_NONE;
	}
	return where;
}

enum review_result
review_key(struct ui *ui, struct review *rv, bool is_key, wint_t ch)
{
	const struct doc *d = current(ui, rv);
	int page = LINES - 8;

	if (rv->mode == MODE_FORM)
		return task_key(ui, rv, is_key, ch);
	if (rv->mode == MODE_HISTORY) {
		if (!history_key(ui, &rv->hist, is_key, ch))
			rv->mode = MODE_VIEW;
		return REVIEW_NONE;
	}
	if (is_key) {
		switch (ch) {
		case KEY_UP:
			if (rv->top > 0)
				rv->top--;
			break;
		case KEY_DOWN:
			rv->top++;
			break;
		case KEY_PPAGE:
			rv->top = rv->top > (size_t)page ? rv->top - (size_t)page : 0;
			break;
		case KEY_NPAGE:
			rv->top += (size_t)page;
			break;
		case KEY_HOME:
			rv->top = 0;
			break;
		case KEY_END:
			rv->top = rv->tb.n;
			break;
		case KEY_ENTER:
			goto enter;
		case KEY_LEFT:
			return leave(ui, rv, REVIEW_CLOSE, ASK_DISCARD_CLOSE);
		}
		return REVIEW_NONE;
	}
	switch (ch) {
	case 'k':
		if (rv->top > 0)
			rv->top--;
		break;
	case 'j':
	case ' ':
		rv->top += ch == ' ' ? (size_t)page : 1;
		break;
	case 27:
		return leave(ui, rv, REVIEW_CLOSE, ASK_DISCARD_CLOSE);
	case 'n':
		if (rv->nav)
			return leave(ui, rv, REVIEW_NEXT, ASK_DISCARD_NEXT);
		break;
	case 'p':
		if (rv->nav)
			return leave(ui, rv, REVIEW_PREV, ASK_DISCARD_PREV);
		break;
	case '\r':
	case '\n':
		goto enter;
	case 'c':
	case 'r':
		if (can_review(ui, d))
			task_open(ui, rv, ch == 'c' ? TASK_FILE : TASK_RETURN);
		else
			ui_msg(ui, UI_WARN, _("This record is not yours to comment on now"));
		break;
	case 's':
		if (can_sign(ui, rv, d))
			task_open(ui, rv, TASK_SIGN);
		else
			ui_msg(ui, UI_WARN, _("This evaluation is not yours to sign now"));
		break;
	case 'd':
		if (can_done(ui, d))
			task_open(ui, rv, TASK_DONE);
		break;
	case 'E':
		if (can_correct(ui, d))
			task_open(ui, rv, TASK_CORRECT);
		else
			ui_msg(ui, UI_WARN, _("Only a filed, signed, published or finished record can be corrected, by its handler or the office"));
		break;
	case 'h':
		if (d == NULL)
			break;
		history_request(ui, &rv->hist, d->id);
		rv->mode = MODE_HISTORY;
		rv->top = 0;
		break;
	}
	return REVIEW_NONE;

enter:
	if (returned_mine(ui, d))
		return REVIEW_EDIT;
	if (rv->task != TASK_NONE)
		task_open(ui, rv, rv->task);
	else if (can_review(ui, d))
		task_open(ui, rv, TASK_FILE);
	else if (can_sign(ui, rv, d))
		task_open(ui, rv, TASK_SIGN);
	else if (can_done(ui, d))
		task_open(ui, rv, TASK_DONE);
	return REVIEW_NONE;
}

bool
review_typing(const struct review *rv)
{
	return rv != NULL && rv->open && (rv->mode == MODE_FORM ||
	    (rv->mode == MODE_HISTORY && list_typing(&rv->hist.list)));
}

bool
review_unsaved(const struct review *rv)
{
	return rv != NULL && rv->open && rv->changed &&
	    (!area_blank(&rv->text) || !area_blank(&rv->reason));
}

enum review_result
review_answer(struct ui *ui, struct review *rv, int action, bool yes)
{
	if (!yes)
		return REVIEW_NONE;
	switch (action) {
	case ASK_SIGN:
	case ASK_DONE:
		send_action(ui, rv);
		return REVIEW_NONE;
	case ASK_DISCARD_CLOSE:
	case ASK_DISCARD_NEXT:
	case ASK_DISCARD_PREV: {
		char key[96];

		draft_key(rv, rv->task, key, sizeof key);
		ui_draft_drop(ui, key);
		task_reset(rv);
		return action == ASK_DISCARD_CLOSE ? REVIEW_CLOSE :
		    action == ASK_DISCARD_NEXT ? REVIEW_NEXT : REVIEW_PREV;
	}
	}
	return REVIEW_NONE;
}

bool
review_event(struct ui *ui, struct review *rv, const struct net_event *ev)
{
	char why[800];
	bool failed;

	if (rv == NULL || ev->reqid == 0)
		return false;
	if (history_event(ui, &rv->hist, ev, &failed)) {
		if (failed)
			rv->mode = MODE_VIEW;
		return true;
	}
	if (ev->reqid == rv->create_reqid) {
		rv->create_reqid = 0;
		if (ev->type != NET_EV_WRITE_OK) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Could not make the evaluation's draft: %s"), why);
		}
		return true;
	}
	if (ev->reqid == rv->save_reqid) {
		rv->save_reqid = 0;
		if (ev->type == NET_EV_WRITE_OK)
			ui_msg(ui, UI_GOOD, _("Draft kept"));
		else {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Keeping the draft failed: %s"), why);
		}
		return true;
	}
	if (ev->reqid != rv->reqid)
		return false;
	rv->reqid = 0;
	if (ev->type == NET_EV_WRITE_OK) {
		static const char *const done[] = {
			"", N_("Commented and filed"), N_("Returned"), N_("Signed"), N_("Talk finished"),
			N_("Corrected"),
		};
		bool talk = rv->req_task == TASK_SIGN && ev->doc.grade == GRADE_INCOMPETENT;

		ui_msg(ui, UI_GOOD, "%s%s%s", _(done[rv->req_task]),
		    talk ? _("; an admonishment talk is due") : "", rv->nav ? _(". n for the next") : "");
		if (rv->task == rv->req_task)
			task_reset(rv);
		if (ev->doc.supersedes != 0)
			rv->top = 0;
		return true;
	}
	ui_error_text(ev, why, sizeof why);
	snprintf(rv->check, sizeof rv->check, _("Could not %s: %s"), task_name(rv->req_task), why);
	rv->check_bad = true;
	ui_msg(ui, UI_ERROR, "%s", rv->check);
	if (rv->task == rv->req_task)
		rv->mode = MODE_FORM;
	return true;
}
