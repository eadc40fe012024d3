/*
 * client-score.c: 评分, the rater's ballot.  For a plan and a period it
 * lists, as the server's BALLOT says (the same rule SCORE_PUT applies),
 * everyone the user may score, grouped by part of the plan: a named part
 * shows the score the user gave and may be changed until the results are
 * published; an anonymous part (民意测评) says only whether the user voted,
 * and a vote, asked to be confirmed, is never changed.  A score is 0-100
 * with at most two decimals, checked as it is typed (plan_score_problem,
 * the range the server takes), the reason beside the field; what is typed
 * is kept as a local draft until the server has the score.
 *
 * By default the screen shows the first people plan that has something
 * for the user to score, in today's period of its cycle (the quarter if
 * it has quarters).  [ and ] go through the periods, t through the period
 * types of the cycle, p through the plans.
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
#include "client-draft.h"
#include "client-model.h"
#include "client-net.h"
#include "client-text.h"
#include "client-ui.h"

enum { ASK_VOTE = 1 };

struct score_state {
	struct ballot_reply_body *b;	/* the last ballot, owned */
	char		 plan[65];	/* asked for; "" the server's default */
	uint32_t	 period;	/* asked for; 0 the default */
	uint64_t	 reqid;		/* BALLOT in flight */
	bool		 again;		/* ask once more when it is answered */
	uint32_t	 tried;		/* plans tried for the default */
	bool		 chosen;	/* the user chose the plan */
	size_t		 sel;		/* index into b->rows */
	size_t		 top;		/* first line of the list shown */
	struct list	 list;		/* the rows the search leaves, by index */
	uint64_t	 ballots;	/* counts the ballots taken */
	uint64_t	 built;
	int		 ly, lrows;	/* where the lines were drawn */
	bool		 editing;
	char		 input[8];	/* the score being typed */
	uint32_t	 pending_score;	/* what the confirmation will send */
	uint64_t	 put_reqid;
	uint64_t	 put_subject;
	char		 put_part[33];
};

const char *const score_help[] = {
	N_("↑↓ or j/k"), N_("Select a person (grouped by part)"),
	N_("Enter or e"), N_("Score 0-100, two decimals at most, checked as typed"),
	"/", N_("Search by name, department, part or state (e.g. not scored); Esc clears"),
	N_("click"), N_("Select a person; a second click scores"),
	"", N_("Anonymous parts ask first and cannot be changed after"),
	"", N_("Named scores can change until the results are published"),
	"[ / ]", N_("Previous / next period"),
	"t", N_("Period type (month, quarter, half, year: the plan's)"),
	"p", N_("Next plan"),
	"r", N_("Reload"),
	NULL, NULL
};

static struct score_state *
state(struct ui *ui)
{
	if (ui->score == NULL)
		ui->score = xcalloc(1, sizeof *ui->score);
	return ui->score;
}

static void
drop_ballot(struct score_state *ss)
{
	if (ss->b != NULL) {
		schema_free(&ballot_reply_body_desc, ss->b);
		free(ss->b);
		ss->b = NULL;
	}
}

void
score_free(struct ui *ui)
{
	if (ui->score == NULL)
		return;
	drop_ballot(ui->score);
	list_free(&ui->score->list);
	free(ui->score);
	ui->score = NULL;
}

/* ---- shared with the ranking screen ---- */

void
score_fmt(uint32_t v, char *buf, size_t len)
{
	snprintf(buf, len, "%u.%02u", v / 100, v % 100);
}

uint32_t
score_period_step(uint32_t period, int dir, uint32_t today)
{
	uint32_t p = dir < 0 ? period_prev(period) : period_next(period);

	if (p == 0 || !period_valid(p) || period_first_day(p) > today)
		return 0;
	return p;
}

uint32_t
score_period_type_next(uint32_t period, uint32_t types, uint32_t today)
{
	uint32_t day = period_last_day(period) < today ? period_last_day(period) : today;
	int t = period_type(period);

	for (int i = 1; i <= PERIOD_YEAR; i++) {
		int u = (t - 1 + i) % PERIOD_YEAR + 1;

		if (types & (1u << u))
			return period_of_day((enum period_type)u, day);
	}
	return period;
}

/* ---- requests ---- */

static void
ask_ballot(struct ui *ui, struct score_state *ss)
{
	struct ballot_body b = { .session = "", .plan = ss->plan, .period = ss->period };

	if (ss->reqid != 0 && client_net_is_pending(ui->net, ss->reqid)) {
		ss->again = true;
		return;
	}
	ss->again = false;
	ss->reqid = client_net_request(ui->net, MSG_BALLOT, &b);
}

static const struct ballot_row *
sel_row(struct score_state *ss)
{
	if (ss->b == NULL || ss->b->rows_n == 0 || ss->sel >= ss->b->rows_n)
		return NULL;
	return &ss->b->rows[ss->sel];
}

/* ---- the local draft of the score being typed ---- */

static void
draft_key(const struct score_state *ss, const struct ballot_row *r, char *buf, size_t len)
{
	snprintf(buf, len, "score/%s/%u/%llu/%s", ss->b->plan, ss->b->period,
	    (unsigned long long)r->subject, r->part);
}

static void
keep_draft(struct ui *ui, struct score_state *ss)
{
	const struct ballot_row *r = sel_row(ss);
	struct draft d = { 0 };
	char key[200];

	if (r == NULL)
		return;
	draft_set(&d, "score", ss->input);
	draft_key(ss, r, key, sizeof key);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void
send_score(struct ui *ui, struct score_state *ss, const struct ballot_row *r, uint32_t v)
{
	struct score_put_body b = { .session = "", .plan = ss->b->plan, .period = ss->b->period,
	    .subject = r->subject, .part = r->part, .score = v };

	char key[200];

	ss->put_reqid = client_net_request(ui->net, MSG_SCORE_PUT, &b);
	draft_key(ss, r, key, sizeof key);
	ui_draft_bind(ui, key, ss->put_reqid);
	ss->put_subject = r->subject;
	strlcpy_kh(ss->put_part, r->part, sizeof ss->put_part);
	ss->pending_score = v;
	ui_msg(ui, UI_NORMAL, _("Sending…"));
}

static void
submit(struct ui *ui, struct score_state *ss)
{
	const struct ballot_row *r = sel_row(ss);
	const char *why;
	char shown[16];
	uint32_t v;

	if (r == NULL)
		return;
	if ((why = plan_score_problem(ss->input, &v)) != NULL) {
		ui_msg(ui, UI_ERROR, "%s", why);
		return;
	}
	ss->editing = false;
	score_fmt(v, shown, sizeof shown);
	if (r->anonymous) {
		ss->pending_score = v;
		ui_ask(ui, ASK_VOTE, _("Anonymous scores cannot be changed. Give %s (“%s”) %s?"), r->name,
		    r->part_name, shown);
		return;
	}
	send_score(ui, ss, r, v);
}

static void
start_edit(struct ui *ui, struct score_state *ss)
{
	const struct ballot_row *r = sel_row(ss);

	if (r == NULL)
		return;
	if (ss->b != NULL && !ss->b->open) {
		ui_msg(ui, UI_WARN, "%s", ss->b->why != NULL ? ss->b->why : _("This period takes no scores"));
		return;
	}
	if (r->published) {
		ui_msg(ui, UI_WARN, _("%s's results are published: no more changes"), r->name);
		return;
	}
	if (r->anonymous && r->voted) {
		ui_msg(ui, UI_WARN, _("You voted on %s for “%s”; a vote cannot be changed"), r->name, r->part_name);
		return;
	}
	ss->editing = true;
	ss->input[0] = '\0';
	if (!r->anonymous && r->scored)
		plan_hundredths_format(r->score, ss->input, sizeof ss->input);
	{
		struct draft d;
		char key[200];
		const char *v;

		draft_key(ss, r, key, sizeof key);
		if (ui_draft_load(ui, key, &d) && (v = draft_get(&d, "score")) != NULL) {
			strlcpy_kh(ss->input, v, sizeof ss->input);
			ui_draft_restored(ui, &d, false);
		}
		draft_clear(&d);
	}
}

/* ---- drawing ---- */

/* A row's state as shown. */
static const char *
row_state(const struct ballot_row *r)
{
	return r->published ? _("published") : r->anonymous ? (r->voted ? _("voted") : _("not voted")) :
	    (r->scored ? _("scored, can change") : _("not scored"));
}

/* The rows the search leaves, offered again when a ballot came or the
 * search changed; the list's selection follows ss->sel. */
static void
refresh_rows(struct ui *ui, struct score_state *ss)
{
	char text[512];

	if (ss->b == NULL)
		return;
	if (ss->built != ss->ballots || list_dirty(&ss->list)) {
		list_begin(&ss->list);
		for (uint32_t i = 0; i < ss->b->rows_n; i++) {
			const struct ballot_row *r = &ss->b->rows[i];

			snprintf(text, sizeof text, "%s %s %s %s", r->name,
			    model_unit_name(ui_model(ui), r->unit_id), r->part_name, row_state(r));
			list_offer(&ss->list, i, i, text);
		}
		list_end(&ss->list);
		ss->built = ss->ballots;
		/* the selection on a row the search leaves */
		if (!list_select_key(&ss->list, ss->sel) && list_cur(&ss->list) != LIST_NONE)
			ss->sel = list_cur(&ss->list);
	}
	list_select_key(&ss->list, ss->sel);
}

/* The lines of the list: a part's heading (row -1 - part) or a row. */
static size_t
build_lines(struct score_state *ss, long *lines, size_t max)
{
	size_t n = 0;
	const char *part = NULL;

	for (size_t k = 0; ss->b != NULL && k < ss->list.n && n < max; k++) {
		size_t i = list_at(&ss->list, k);

		if (part == NULL || strcmp(part, ss->b->rows[i].part) != 0) {
			part = ss->b->rows[i].part;
			lines[n++] = -1 - (long)i;
			if (n >= max)
				break;
		}
		lines[n++] = (long)i;
	}
	return n;
}

static uint32_t
part_weight(const struct ballot_reply_body *b, const char *key)
{
	for (uint32_t i = 0; i < b->raters_n; i++)
		if (strcmp(b->raters[i].key, key) == 0)
			return b->raters[i].weight;
	return 0;
}

static void
draw_line(struct ui *ui, struct score_state *ss, int y, long line)
{
	struct model *m = ui_model(ui);
	char buf[512], name[40], unit[40], sc[24], st[64];
	const struct ballot_row *r;

	if (line < 0) {
		r = &ss->b->rows[-1 - line];
		snprintf(buf, sizeof buf, _(" ─ %s (weight %u%%%s)"), r->part_name,
		    part_weight(ss->b, r->part), r->anonymous ? _(", anonymous: a vote cannot be changed") :
		    _(", named: can change until published"));
		ui_put(y, 0, COLS, buf, ui_attr(UI_HEADER), true);
		return;
	}
	r = &ss->b->rows[line];
	text_fit(r->name, 10, true, true, name, sizeof name);
	text_fit(model_unit_name(m, r->unit_id), 16, true, true, unit, sizeof unit);
	if (r->anonymous)
		snprintf(sc, sizeof sc, "%s", r->voted ? _("anon.") : "—");
	else if (r->scored)
		score_fmt(r->score, sc, sizeof sc);
	else
		snprintf(sc, sizeof sc, "—");
	snprintf(st, sizeof st, "%s", row_state(r));
	char scp[24];

	text_fit(sc, 8, true, false, scp, sizeof scp);
	snprintf(buf, sizeof buf, "   %s %s %s  %s", name, unit, scp, st);
	int look = (size_t)line == ss->sel ? UI_SELECTED :
	    (r->anonymous ? r->voted : r->scored) ? UI_GOOD : UI_NORMAL;
	ui_put_cut(y, 0, COLS, buf, ui_attr(look), true, true);
}

static void
draw_edit(struct score_state *ss, int y)
{
	const struct ballot_row *r = sel_row(ss);
	char buf[256];
	int x;

	if (r == NULL)
		return;
	move(y, 0);
	clrtoeol();
	const char *why = ss->input[0] != '\0' ? plan_score_problem(ss->input, &(uint32_t){ 0 }) : NULL;

	snprintf(buf, sizeof buf, _(" Score %s for “%s”: "), r->name, r->part_name);
	x = ui_put(y, 0, COLS, buf, ui_attr(why != NULL ? UI_ERROR : UI_WARN), false);
	ui_put(y, x, 8, ss->input, ui_attr(why != NULL ? UI_ERROR | A_REVERSE : UI_FIELD_ACTIVE), true);
	if (why != NULL)
		ui_put_cut(y, x + 9, COLS - x - 9, why, ui_attr(UI_ERROR), false, true);
	else
		ui_put_cut(y, x + 9, COLS - x - 9, _("0-100, two decimals  Enter OK  Esc cancel"),
		    ui_attr(UI_DIM), false, true);
	move(y, x + text_width(ss->input));
	curs_set(1);
}

void
score_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Select"), "Enter", N_("Give score"), "[ ]", N_("Period"), "t", N_("m/q"), "p", N_("Plan"),
		"?", N_("Help"), "q", N_("Quit"), NULL
	};
	static const char *const edit_keys[] = {
		"0-9 .", N_("Digits"), "Enter", N_("OK"), "Backspace", N_("Delete"), "Esc", N_("Cancel"), NULL
	};
	struct score_state *ss = state(ui);
	int y = UI_TOP, rows = ui_rows();
	char buf[512], pn[48];
	long lines[4096];
	size_t n, at = 0;

	if (ss->b == NULL && ss->reqid == 0)
		ask_ballot(ui, ss);
	refresh_rows(ui, ss);
	ui_frame(ui, _("Scoring"), ss->editing ? edit_keys : list_keys(&ss->list, keys));
	if (ss->b == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading the ballot…"), ui_attr(UI_DIM), false);
		return;
	}
	period_name(ss->b->period, pn, sizeof pn);
	snprintf(buf, sizeof buf, " %s  %s", pn, ss->b->plan_name);
	ui_put_cut(y, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	unsigned done = 0;
	for (uint32_t i = 0; i < ss->b->rows_n; i++)
		done += ss->b->rows[i].anonymous ? ss->b->rows[i].voted : ss->b->rows[i].scored;
	if (!ss->b->open)
		snprintf(buf, sizeof buf, _(" No scores this period: %s"), ss->b->why != NULL ? ss->b->why : "");
	else if (sel_row(ss) != NULL)
		snprintf(buf, sizeof buf, _(" To score %u, scored %u    now: %s “%s”"), ss->b->rows_n, done,
		    sel_row(ss)->name, sel_row(ss)->part_name);
	else
		snprintf(buf, sizeof buf, _(" To score %u, scored %u"), ss->b->rows_n, done);
	ui_put_cut(y + 1, 0, COLS, buf, ui_attr(ss->b->open ? UI_DIM : UI_WARN), true, true);
	ui_put(y + 2, 0, COLS, _("   Name       Department       Score     State"), ui_attr(UI_HEADER), true);
	y += 3;
	rows -= 3;
	if (ss->editing)
		rows--;
	n = build_lines(ss, lines, nitems(lines));
	ss->ly = y;
	ss->lrows = rows;
	/* for the wheel and the pages: the clicks are click()'s, the lines
	 * holding the parts' headings too */
	list_place(&ss->list, y, 0, COLS, rows);
	if (n == 0 && list_empty(&ss->list) != NULL) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&ss->list), ui_attr(UI_WARN), false);
		return;
	}
	if (n == 0) {
		ui_put(y + 1, 2, COLS - 4, ss->b->open ? _("Nobody for you to score in this period") :
		    _("This period takes no scores; [ ] changes the period"), ui_attr(UI_DIM), false);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (lines[i] == (long)ss->sel)
			at = i;
	/* keep the part's heading in view above the first row */
	if (at < ss->top + 1 && at > 0)
		ss->top = at - 1;
	if (at < ss->top)
		ss->top = at;
	if (rows > 0 && at >= ss->top + (size_t)rows)
		ss->top = at - (size_t)rows + 1;
	for (int r = 0; r < rows && ss->top + (size_t)r < n; r++)
		draw_line(ui, ss, y + r, lines[ss->top + (size_t)r]);
	if (ss->editing)
		draw_edit(ss, y + rows);
}

/* ---- keys ---- */

/* Move among the rows the search leaves. */
static void
move_sel(struct score_state *ss, long by)
{
	list_select_key(&ss->list, ss->sel);
	list_move(&ss->list, by);
	if (list_cur(&ss->list) != LIST_NONE)
		ss->sel = list_cur(&ss->list);
}

static void
set_period(struct ui *ui, struct score_state *ss, uint32_t p)
{
	if (p == 0) {
		ui_msg(ui, UI_NORMAL, _("No more periods (a period not yet begun cannot be chosen)"));
		return;
	}
	strlcpy_kh(ss->plan, ss->b->plan, sizeof ss->plan);
	ss->chosen = true;
	ss->period = p;
	ss->sel = ss->top = 0;
	ask_ballot(ui, ss);
}

/* A click on a line: a row is selected, or scored when it already was. */
static void
click(struct ui *ui, struct score_state *ss)
{
	long lines[4096];
	size_t n = build_lines(ss, lines, nitems(lines)), li;

	if (ui->mouse.what != MOUSE_CLICK || ui->mouse.y < ss->ly || ui->mouse.y >= ss->ly + ss->lrows)
		return;
	li = ss->top + (size_t)(ui->mouse.y - ss->ly);
	if (li >= n || lines[li] < 0)
		return;
	if ((size_t)lines[li] == ss->sel)
		start_edit(ui, ss);
	else
		ss->sel = (size_t)lines[li];
}

static void
edit_keypress(struct ui *ui, struct score_state *ss, bool is_key, wint_t ch)
{
	size_t len = strlen(ss->input);

	if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 0x7f || ch == 8))) {
		if (len > 0) {
			ss->input[len - 1] = '\0';
			keep_draft(ui, ss);
		}
		return;
	}
	if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\r' || ch == '\n'))) {
		submit(ui, ss);
		return;
	}
	if (!is_key && ch == 27) {
		const struct ballot_row *r = sel_row(ss);
		char key[200];

		ss->editing = false;
		if (r != NULL) {
			draft_key(ss, r, key, sizeof key);
			ui_draft_drop(ui, key);
		}
		ui_msg(ui, UI_NORMAL, _("Cancelled"));
		return;
	}
	if (is_key)
		return;
	/* Anything printable goes in, so that what is wrong with it can
	 * be said beside the field; Enter takes only a score. */
	if (ch > 0x20 && ch < 0x7f) {
		if (len + 1 < sizeof ss->input) {
			ss->input[len] = (char)ch;
			ss->input[len + 1] = '\0';
			keep_draft(ui, ss);
		} else
			ui_msg(ui, UI_WARN, "%s", _("Too long for a score, e.g. 85.25"));
		return;
	}
	ui_msg(ui, UI_WARN, _("Only digits and a decimal point"));
}

void
score_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct score_state *ss = state(ui);

	if (ss->editing) {
		edit_keypress(ui, ss, is_key, ch);
		return;
	}
	refresh_rows(ui, ss);
	if (is_key && ch == KEY_MOUSE && ui->mouse.what == MOUSE_CLICK) {
		if (!list_typing(&ss->list))
			click(ui, ss);
		return;
	}
	switch (list_key(&ss->list, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		start_edit(ui, ss);
		return;
	case LIST_DONE:
		if (list_cur(&ss->list) != LIST_NONE)
			ss->sel = list_cur(&ss->list);
		return;
	case LIST_PASS:
		break;
	}
	if (is_key)
		return;
	switch (ch) {
	case 'e':
		start_edit(ui, ss);
		break;
	case 'r':
		ask_ballot(ui, ss);
		break;
	case '[':
	case ']':
		if (ss->b != NULL)
			set_period(ui, ss, score_period_step(ss->b->period, ch == '[' ? -1 : 1,
			    ui_today(ui)));
		break;
	case 't':
		if (ss->b != NULL)
			set_period(ui, ss, score_period_type_next(ss->b->period, ss->b->period_types,
			    ui_today(ui)));
		break;
	case 'p':
		if (ss->b == NULL || ss->b->plans_n < 2) {
			ui_msg(ui, UI_NORMAL, _("This is the only plan for people on the server"));
			break;
		}
		for (uint32_t i = 0; i < ss->b->plans_n; i++)
			if (strcmp(ss->b->plans[i].key, ss->b->plan) == 0) {
				strlcpy_kh(ss->plan, ss->b->plans[(i + 1) % ss->b->plans_n].key,
				    sizeof ss->plan);
				break;
			}
		ss->chosen = true;
		ss->period = 0;
		ss->sel = ss->top = 0;
		ask_ballot(ui, ss);
		break;
	}
}

bool
score_typing(struct ui *ui)
{
	return ui->score != NULL && (ui->score->editing || list_typing(&ui->score->list));
}

bool
score_unsaved(struct ui *ui)
{
	return ui->score != NULL && ui->score->editing && ui->score->input[0] != '\0';
}

/* The ballot came: keep the selection on the same person and part; for the
 * default, go on to the next plan while this one has nothing to score. */
static void
take_ballot(struct ui *ui, struct score_state *ss, const struct ballot_reply_body *b)
{
	uint64_t subject = 0;
	char part[33] = "";

	if (sel_row(ss) != NULL) {
		subject = sel_row(ss)->subject;
		strlcpy_kh(part, sel_row(ss)->part, sizeof part);
	}
	if (!ss->chosen && b->rows_n == 0 && ss->tried + 1 < b->plans_n) {
		for (uint32_t i = 0; i < b->plans_n; i++)
			if (strcmp(b->plans[i].key, b->plan) == 0) {
				strlcpy_kh(ss->plan, b->plans[(i + 1) % b->plans_n].key, sizeof ss->plan);
				break;
			}
		ss->tried++;
		ss->reqid = 0;
		ask_ballot(ui, ss);
		return;
	}
	drop_ballot(ss);
	ss->b = xcalloc(1, sizeof *ss->b);
	schema_copy(&ballot_reply_body_desc, ss->b, b);
	ss->ballots++;
	ss->sel = 0;
	for (uint32_t i = 0; i < b->rows_n; i++)
		if (b->rows[i].subject == subject && strcmp(b->rows[i].part, part) == 0)
			ss->sel = i;
}

bool
score_event(struct ui *ui, const struct net_event *ev)
{
	struct score_state *ss = ui->score;

	if (ss == NULL || ev->reqid == 0)
		return false;
	if (ev->reqid == ss->reqid) {
		if (ev->type == NET_EV_READ_OK && ev->reply != NULL)
			take_ballot(ui, ss, ev->reply);
		else if (ev->type == NET_EV_READ_FAILED) {
			char why[800];

			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Loading the ballot failed: %s"), why);
			if (ss->b == NULL)
				ss->b = xcalloc(1, sizeof *ss->b);
		}
		if (ss->again)
			ask_ballot(ui, ss);
		return true;
	}
	if (ev->reqid != ss->put_reqid)
		return false;
	if (ev->type == NET_EV_WRITE_OK) {
		char shown[16];

		score_fmt(ss->pending_score, shown, sizeof shown);
		for (uint32_t i = 0; ss->b != NULL && i < ss->b->rows_n; i++) {
			struct ballot_row *r = &ss->b->rows[i];

			if (r->subject == ss->put_subject && strcmp(r->part, ss->put_part) == 0) {
				r->voted = r->anonymous;
				r->scored = !r->anonymous;
				r->score = r->anonymous ? 0 : ss->pending_score;
				if (r->anonymous)
					ui_msg(ui, UI_GOOD, _("Voted: %s “%s” (anonymous)"), r->name, r->part_name);
				else
					ui_msg(ui, UI_GOOD, _("Scored: %s “%s” %s"), r->name, r->part_name, shown);
			}
		}
		move_sel(ss, 1);
		ask_ballot(ui, ss);
	} else {
		char why[800];

		ui_error_text(ev, why, sizeof why);
		ui_msg(ui, UI_ERROR, _("Scoring failed: %s"), why);
		ask_ballot(ui, ss);
	}
	return true;
}

void
score_answer(struct ui *ui, int action, bool yes)
{
	struct score_state *ss = state(ui);
	const struct ballot_row *r = sel_row(ss);

	if (action == ASK_VOTE && yes && r != NULL)
		send_score(ui, ss, r, ss->pending_score);
}

const char *const *
score_help_now(struct ui *ui)
{
	(void)ui;
	return score_help;
}

bool
score_back(struct ui *ui)
{
	(void)ui;
	return false;
}
