/*
 * client-ledger.c: 积分, the points ledgers (党员先锋指数, 党代表考核积分)
 * as LEDGERS gives them to the reader: the ledger's sums for a period,
 * ranked (ties share a rank and are marked 并列), and on Enter one
 * person's entries.  It is a view over its host screen: 排名 opens it with
 * i (the ranking), 我的考核 with i (a staff member's own entries).
 *
 * The admin and a department head enter points (a): the person, then an
 * item of the ledger (its points and 扣分 come with it) or a free entry
 * with points of its own, the date and the reason, checked as they type by
 * common/ledger.c's rule, the one the server applies; a refusal from the
 * server stays in the form.  e changes the selected entry, d removes it.
 *
 * The table is live: every change.ledger the synced copy hears of
 * (client-sync.c counts them) asks LEDGERS again; one request at a time,
 * and one more after it if changes came meanwhile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/ledger.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/util.h"
#include "client-edit.h"
#include "client-draft.h"
#include "client-model.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

enum { F_PERSON, F_ITEM, F_DATE, F_POINTS, F_DEDUCT, F_REASON, F_COUNT };
enum { ASK_DELETE = LEDGER_ASK_DELETE };

struct ledger_state {
	bool		 open;
	enum ui_screen	 host;
	bool		 own;		/* opened on one person: Esc closes */
	struct ledgers_reply_body *rep;
	char		 ledger[33];	/* "" the first */
	uint32_t	 period;
	uint64_t	 unit;		/* 0 all the reader sees */
	uint64_t	 person;	/* non-zero: that person's entries are shown */
	uint64_t	 req, write_req, stamp;
	bool		 again;
	struct list	 rlist;		/* the ranking's rows shown */
	struct list	 elist;		/* the person's entries shown */
	/* the entry form */
	bool		 form;
	int		 field;
	uint64_t	 edit_id;	/* 0 a new entry */
	uint64_t	 who;		/* whose */
	uint32_t	 item;		/* 0 a free entry, else items[item - 1] */
	bool		 deduct;
	struct edit	 date, points, reason;
	char		 refusal[900];	/* the server's, until the next change */
};

const char *const ledger_help[] = {
	N_("↑↓ or j/k"), N_("Select a person (most points first; ties: 1, 2, 2, 4)"),
	N_("Enter or click"), N_("The person's entries this period"),
	"/", N_("Search the ranking or the entries (a name, a reason); Esc clears"),
	"[ / ]", N_("Previous / next period"),
	"t", N_("Period type: month, quarter, half-year, year"),
	"l", N_("Next ledger (pioneer index, deputies' points)"),
	"u", N_("Next unit (all, then each department)"),
	"a", N_("Enter points (office: anyone; a head: their staff)"),
	"e / d", N_("In entries: change / delete the entry selected"),
	N_("In the form"), N_("Tab field, ←→ person, item; Space +/−; Ctrl-S save"),
	"", N_("An item fixes the points; a free entry takes your own"),
	N_("q or Esc"), N_("back"),
	"", N_("Rankings update by themselves as points are entered"),
	NULL, NULL
};

static struct ledger_state *
state(struct ui *ui)
{
	if (ui->ledger == NULL) {
		ui->ledger = xcalloc(1, sizeof *ui->ledger);
		edit_init(&ui->ledger->date, 10);
		edit_init(&ui->ledger->points, 8);
		edit_init(&ui->ledger->reason, 166);
	}
	return ui->ledger;
}

void
ledger_free(struct ui *ui)
{
	struct ledger_state *ls = ui->ledger;

	if (ls == NULL)
		return;
	if (ls->rep != NULL) {
		schema_free(&ledgers_reply_body_desc, ls->rep);
		free(ls->rep);
	}
	edit_free(&ls->date);
	edit_free(&ls->points);
	edit_free(&ls->reason);
	list_free(&ls->rlist);
	list_free(&ls->elist);
	free(ls);
	ui->ledger = NULL;
}

bool
ledger_shown(struct ui *ui, enum ui_screen host)
{
	return ui->ledger != NULL && ui->ledger->open && ui->ledger->host == host;
}

/* ---- requests ---- */

/* LEDGERS, one at a time. */
static void
ask(struct ui *ui, struct ledger_state *ls)
{
	struct ledgers_body b = { .session = "", .ledger = ls->ledger, .period = ls->period,
	    .unit_id = ls->unit, .person = ls->person };

	if (ls->req != 0 && client_net_is_pending(ui->net, ls->req)) {
		ls->again = true;
		return;
	}
	ls->again = false;
	ls->stamp = sync_ledger_stamp(client_net_sync(ui->net));
	ls->req = client_net_request(ui->net, MSG_LEDGERS, &b);
}

void
ledger_open(struct ui *ui, enum ui_screen host, uint64_t person)
{
	struct ledger_state *ls = state(ui);

	ls->open = true;
	ls->host = host;
	ls->own = person != 0;
	ls->person = person;
	ls->form = false;
	if (ls->period == 0)
		ls->period = period_of_day(PERIOD_QUARTER, ui_today(ui));
	ls->rlist.sel = ls->rlist.top = ls->elist.sel = ls->elist.top = 0;
	ask(ui, ls);
}

/* The rows and entries the search leaves. */
static void
offer(struct ui *ui, struct ledger_state *ls)
{
	char text[600], day[16];

	if (ls->rep == NULL)
		return;
	list_begin(&ls->rlist);
	for (uint32_t i = 0; i < ls->rep->rows_n; i++) {
		const struct ledger_row *w = &ls->rep->rows[i];

		snprintf(text, sizeof text, "%s %s", w->name, model_unit_name(ui_model(ui), w->unit_id));
		list_offer(&ls->rlist, i, w->person, text);
	}
	list_end(&ls->rlist);
	list_begin(&ls->elist);
	for (uint32_t i = 0; i < ls->rep->entries_n; i++) {
		const struct ledger_rec *e = &ls->rep->entries[i];

		day_format(e->date, day, sizeof day);
		snprintf(text, sizeof text, "%s %s %s", day, e->reason, model_name(ui_model(ui), e->by));
		list_offer(&ls->elist, i, e->id, text);
	}
	list_end(&ls->elist);
}

static const struct ledger_def *
def_shown(const struct ledger_state *ls)
{
	return ls->rep != NULL ? ledger_def_find(ls->rep->defs, ls->rep->defs_n, ls->rep->ledger) : NULL;
}

static const struct ledger_row *
row_of(const struct ledger_state *ls, uint64_t person)
{
	for (uint32_t i = 0; ls->rep != NULL && i < ls->rep->rows_n; i++)
		if (ls->rep->rows[i].person == person)
			return &ls->rep->rows[i];
	return NULL;
}

static void
points_fmt(const struct ledger_row *r, char *buf, size_t len)
{
	ledger_points_format(r->negative ? -(int64_t)r->points : (int64_t)r->points, buf, len);
}

static void
entry_points(const struct ledger_rec *e, char *buf, size_t len)
{
	ledger_points_format(e->deduct ? -(int64_t)e->points : (int64_t)e->points, buf, len);
}

/* ---- the form ---- */

/* A ledger_rec field as the form calls it. */
static const char *
field_label(const char *key)
{
	static const char *const names[][2] = {
		{ "person", N_("Person") }, { "item", N_("Item") }, { "date", N_("Date") },
		{ "points", N_("Points") }, { "deduct", N_("Deduct") }, { "reason", N_("Reason") },
		{ "ledger", N_("Ledger") },
	};

	for (size_t i = 0; i < nitems(names); i++)
		if (strcmp(names[i][0], key) == 0)
			return _(names[i][1]);
	return ui_field_label(key);
}

/* Whether the user may enter points for p (the server decides again). */
static bool
may_write_for(struct ui *ui, const struct person *p)
{
	uint32_t role = ui_role(ui);

	if (p->id == ui_me(ui) || p->disabled || p->role == ROLE_ORG_DEPT)
		return false;
	return role == ROLE_ADMIN || (role == ROLE_DEPT_HEAD &&
	    p->unit_id == model_unit_of(ui_model(ui), ui_me(ui)));
}

/* The next person (dir +1/-1) the user may enter points for. */
static void
step_person(struct ui *ui, struct ledger_state *ls, int dir)
{
	struct sync *s = client_net_sync(ui->net);
	size_t n = sync_person_count(s), at = n;

	for (size_t i = 0; i < n; i++)
		if (sync_person(s, i)->id == ls->who)
			at = i;
	for (size_t k = 1; k <= n; k++) {
		size_t i = at == n ? (dir > 0 ? k - 1 : n - k) :
		    (at + n + (size_t)((int)k * dir % (int)n + (int)n)) % n;
		const struct person *p = sync_person(s, i);

		if (may_write_for(ui, p)) {
			ls->who = p->id;
			return;
		}
	}
}

/* The form's entry as it stands; strings to be freed with free_entry. */
static void
entry_of_form(struct ledger_state *ls, struct ledger_rec *e)
{
	const struct ledger_def *d = def_shown(ls);
	char *date = edit_get(&ls->date), *pts = edit_get(&ls->points);
	const char *why;

	memset(e, 0, sizeof *e);
	e->id = ls->edit_id;
	e->ledger = xstrdup(ls->rep->ledger);
	e->person = ls->who;
	if (!day_parse(date, &e->date))
		e->date = 0;
	if (plan_hundredths_parse(pts, LEDGER_POINTS_MAX + 1, &e->points, &why) != 0)
		e->points = 0;
	e->deduct = ls->deduct;
	e->item = xstrdup(ls->item > 0 && d != NULL ? d->items[ls->item - 1].key : "");
	e->reason = edit_get(&ls->reason);
	free(date);
	free(pts);
}

/* What is wrong with the form now, or NULL. */
static const char *
entry_form_problem(struct ui *ui, struct ledger_state *ls, const char **field)
{
	struct ledger_rec e;
	const char *why = NULL;

	if (ls->who == 0) {
		*field = "person";
		return _("Nobody you may enter points for");
	}
	entry_of_form(ls, &e);
	if (ledger_entry_check(&e, def_shown(ls), ui_today(ui), field, &why) == 0)
		why = NULL;
	schema_free(&ledger_rec_desc, &e);
	return why;
}

/* Choosing an item brings its points and direction, and its name as the
 * reason while none was written. */
static void
set_item(struct ledger_state *ls, uint32_t item)
{
	const struct ledger_def *d = def_shown(ls);
	char pts[16], *reason = edit_get(&ls->reason);
	bool was_item_name = ls->item > 0 && strcmp(reason, d->items[ls->item - 1].name) == 0;

	ls->item = item;
	if (item > 0) {
		const struct ledger_item *it = &d->items[item - 1];

		plan_hundredths_format(it->points, pts, sizeof pts);
		edit_set(&ls->points, pts);
		ls->deduct = it->deduct;
		if (reason[0] == '\0' || was_item_name)
			edit_set(&ls->reason, it->name);
	}
	free(reason);
}

/* ---- the form's local draft ---- */

static void
draft_key(const struct ledger_state *ls, char *buf, size_t len)
{
	snprintf(buf, len, "ledger/%s/%llu", ls->rep != NULL ? ls->rep->ledger : "",
	    (unsigned long long)ls->edit_id);
}

static void
keep_draft(struct ui *ui, struct ledger_state *ls)
{
	struct draft d = { 0 };
	char key[96];

	draft_set_u64(&d, "who", ls->who);
	draft_set_u64(&d, "item", ls->item);
	draft_set_u64(&d, "deduct", ls->deduct);
	edit_to_draft(&ls->date, &d, "date");
	edit_to_draft(&ls->points, &d, "points");
	edit_to_draft(&ls->reason, &d, "reason");
	draft_key(ls, key, sizeof key);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void
restore_draft(struct ui *ui, struct ledger_state *ls)
{
	const struct ledger_def *d = def_shown(ls);
	struct draft dr;
	char key[96];
	uint64_t item;

	draft_key(ls, key, sizeof key);
	if (!ui_draft_load(ui, key, &dr))
		return;
	if (ls->edit_id == 0 && draft_get_u64(&dr, "who", 0) != 0)
		ls->who = draft_get_u64(&dr, "who", 0);
	if ((item = draft_get_u64(&dr, "item", 0)) <= (d != NULL ? d->items_n : 0))
		ls->item = (uint32_t)item;
	ls->deduct = draft_get_u64(&dr, "deduct", ls->deduct) != 0;
	edit_from_draft(&ls->date, &dr, "date");
	edit_from_draft(&ls->points, &dr, "points");
	edit_from_draft(&ls->reason, &dr, "reason");
	ui_draft_restored(ui, &dr, false);
	draft_clear(&dr);
}

static void
entry_form_open(struct ui *ui, struct ledger_state *ls, const struct ledger_rec *e)
{
	const struct ledger_def *d = def_shown(ls);
	char buf[16];

	if (d == NULL)
		return;
	ls->form = true;
	ls->refusal[0] = '\0';
	ls->field = e != NULL ? F_DATE : F_PERSON;
	ls->edit_id = e != NULL ? e->id : 0;
	ls->item = 0;
	ls->deduct = e != NULL && e->deduct;
	edit_clear(&ls->reason);
	edit_clear(&ls->points);
	if (e != NULL) {
		ls->who = e->person;
		for (uint32_t i = 0; i < d->items_n; i++)
			if (strcmp(d->items[i].key, e->item) == 0)
				ls->item = i + 1;
		edit_set(&ls->reason, e->reason);
		plan_hundredths_format(e->points, buf, sizeof buf);
		edit_set(&ls->points, buf);
		day_format(e->date, buf, sizeof buf);
	} else {
		const struct person *p = sync_person_find(client_net_sync(ui->net), ls->person);

		ls->who = 0;
		if (p != NULL && may_write_for(ui, p))
			ls->who = p->id;
		else if (list_cur(&ls->rlist) != LIST_NONE && (p = sync_person_find(client_net_sync(ui->net),
		    ls->rep->rows[list_cur(&ls->rlist)].person)) != NULL &&
		    may_write_for(ui, p))
			ls->who = p->id;
		else
			step_person(ui, ls, 1);
		day_format(ui_today(ui), buf, sizeof buf);
	}
	edit_set(&ls->date, buf);
	restore_draft(ui, ls);
}

static void
entry_form_save(struct ui *ui, struct ledger_state *ls)
{
	const char *field, *why = entry_form_problem(ui, ls, &field);
	struct ledger_put_body b = { .session = "" };

	if (why != NULL) {
		ui_msg(ui, UI_WARN, _("%s (%s)"), why, field_label(field));
		return;
	}
	entry_of_form(ls, &b.entry);
	ls->write_req = client_net_request(ui->net, MSG_LEDGER_PUT, &b);
	schema_free(&ledger_rec_desc, &b.entry);
	{
		char key[96];

		keep_draft(ui, ls);
		draft_key(ls, key, sizeof key);
		ui_draft_bind(ui, key, ls->write_req);
	}
	ui_msg(ui, UI_NORMAL, _("Saving…"));
}

/* The fields Tab visits: an item's points and direction are fixed. */
static bool
field_open(const struct ledger_state *ls, int f)
{
	return !(ls->item > 0 && (f == F_POINTS || f == F_DEDUCT)) &&
	    !(ls->edit_id != 0 && f == F_PERSON);
}

static void key_inner(struct ui *, struct ledger_state *, bool, wint_t);

/* A key in the form; what it changed is kept as the draft. */
static void
entry_form_key(struct ui *ui, struct ledger_state *ls, bool is_key, wint_t ch)
{
	char *before[3] = { edit_get(&ls->date), edit_get(&ls->points), edit_get(&ls->reason) };
	uint64_t who = ls->who;
	uint32_t item = ls->item;
	bool deduct = ls->deduct, was = ls->form;

	if (!is_key && ch == 27) {
		char key[96];

		draft_key(ls, key, sizeof key);
		ui_draft_drop(ui, key);
	}
	key_inner(ui, ls, is_key, ch);
	if (was && ls->form) {
		char *after[3] = { edit_get(&ls->date), edit_get(&ls->points), edit_get(&ls->reason) };
		bool changed = who != ls->who || item != ls->item || deduct != ls->deduct;

		for (int i = 0; i < 3; i++) {
			changed |= strcmp(before[i], after[i]) != 0;
			free(after[i]);
		}
		if (changed)
			keep_draft(ui, ls);
	}
	for (int i = 0; i < 3; i++)
		free(before[i]);
}

static void
key_inner(struct ui *ui, struct ledger_state *ls, bool is_key, wint_t ch)
{
	const struct ledger_def *d = def_shown(ls);
	struct edit *e = ls->field == F_DATE ? &ls->date : ls->field == F_POINTS ? &ls->points :
	    ls->field == F_REASON ? &ls->reason : NULL;
	int dir = 0;

	if (!is_key && ch == 27) {
		ls->form = false;
		return;
	}
	if (!is_key && ch == CTRL('S')) {
		entry_form_save(ui, ls);
		return;
	}
	if ((!is_key && ch == '\t') || (is_key && (ch == KEY_DOWN || ch == KEY_BTAB || ch == KEY_UP))) {
		int step = (is_key && (ch == KEY_BTAB || ch == KEY_UP)) ? F_COUNT - 1 : 1;

		do
			ls->field = (ls->field + step) % F_COUNT;
		while (!field_open(ls, ls->field));
		return;
	}
	if (is_key && (ch == KEY_LEFT || ch == KEY_RIGHT))
		dir = ch == KEY_LEFT ? -1 : 1;
	if (ls->field == F_PERSON && dir != 0)
		step_person(ui, ls, dir);
	else if (ls->field == F_ITEM && dir != 0 && d != NULL)
		set_item(ls, (ls->item + (dir > 0 ? 1 : d->items_n)) % (d->items_n + 1));
	else if (ls->field == F_DEDUCT && !is_key && ch == ' ')
		ls->deduct = !ls->deduct;
	else if (e != NULL && edit_key(e, is_key, ch) == EDIT_CHANGED)
		ls->refusal[0] = '\0';
	else if (e != NULL && !is_key && (ch == '\r' || ch == '\n'))
		key_inner(ui, ls, false, '\t');
}

static void
draw_choice(int y, const char *label, const char *value, bool active, bool fixed)
{
	char buf[300];

	snprintf(buf, sizeof buf, fixed ? "%s" : "‹ %s ›", value);
	ui_put(y, 2, 8, label, ui_attr(active ? UI_KEY : UI_NORMAL), true);
	ui_put(y, 10, COLS - 12, buf, ui_attr(active ? UI_FIELD_ACTIVE : fixed ? UI_DIM : UI_NORMAL),
	    false);
}

static void
draw_form(struct ui *ui, struct ledger_state *ls, int y)
{
	const struct ledger_def *d = def_shown(ls);
	const char *field, *why;
	char buf[300], pts[16];

	snprintf(buf, sizeof buf, ls->edit_id != 0 ? _(" Change points: %s ") : _(" Enter points: %s "), d->name);
	ui_box(y, 0, 10, COLS, buf);
	snprintf(buf, sizeof buf, "%s  %s", ls->who != 0 ? model_name(ui_model(ui), ls->who) : "—",
	    ls->who != 0 ? model_unit_name(ui_model(ui), model_unit_of(ui_model(ui), ls->who)) : "");
	draw_choice(y + 1, _("Person"), buf, ls->field == F_PERSON, ls->edit_id != 0);
	if (ls->item > 0) {
		plan_hundredths_format(d->items[ls->item - 1].points, pts, sizeof pts);
		snprintf(buf, sizeof buf, d->items[ls->item - 1].deduct ? _("%s (−%s points)") :
		    _("%s (+%s points)"), d->items[ls->item - 1].name, pts);
	} else
		snprintf(buf, sizeof buf, "%s", _("Free entry (your own points and reason)"));
	draw_choice(y + 2, _("Item"), buf, ls->field == F_ITEM, false);
	ui_field_draw(y + 3, _("Date"), &ls->date, ls->field == F_DATE, 12);
	if (ls->item > 0) {
		char *p = edit_get(&ls->points);

		draw_choice(y + 4, _("Points"), p, false, true);
		free(p);
	} else
		ui_field_draw(y + 4, _("Points"), &ls->points, ls->field == F_POINTS, 10);
	draw_choice(y + 5, _("Deduct"), ls->deduct ? _("yes: points off") : _("no: points added"),
	    ls->field == F_DEDUCT, ls->item > 0);
	ui_field_draw(y + 6, _("Reason"), &ls->reason, ls->field == F_REASON, COLS - 12);
	why = entry_form_problem(ui, ls, &field);
	/* the field at fault: its label in the error look, the reason
	 * beside it (under the reason, which takes the whole width) */
	if (why != NULL && ls->refusal[0] == '\0') {
		int row = strcmp(field, "date") == 0 ? 3 : strcmp(field, "points") == 0 && ls->item == 0 ?
		    4 : strcmp(field, "reason") == 0 ? 6 : 0;

		if (row != 0) {
			ui_put(y + row, 1, 1, "!", ui_attr(UI_ERROR), false);
			ui_put(y + row, 2, 8, field_label(field), ui_attr(UI_ERROR), true);
			if (row == 6)
				ui_put_cut(y + 7, 10, COLS - 12, why, ui_attr(UI_ERROR), false, true);
			else
				ui_put_cut(y + row, row == 3 ? 24 : 22, COLS - 26, why, ui_attr(UI_ERROR),
				    false, true);
		}
	}
	if (ls->refusal[0] != '\0')
		ui_put(y + 8, 2, COLS - 4, ls->refusal, ui_attr(UI_ERROR), false);
	else if (why != NULL) {
		snprintf(buf, sizeof buf, _("%s: %s"), field_label(field), why);
		ui_put(y + 8, 2, COLS - 4, buf, ui_attr(UI_WARN), false);
	} else
		ui_put(y + 8, 2, COLS - 4, _("Ready to save (Ctrl-S)"), ui_attr(UI_GOOD), false);
	/* the active field's cursor last */
	if (ls->field == F_DATE)
		ui_field_draw(y + 3, _("Date"), &ls->date, true, 12);
	else if (ls->field == F_POINTS && ls->item == 0)
		ui_field_draw(y + 4, _("Points"), &ls->points, true, 10);
	else if (ls->field == F_REASON)
		ui_field_draw(y + 6, _("Reason"), &ls->reason, true, COLS - 12);
	/* that drew the active label afresh: at fault, it keeps the error
	 * look, and the cursor stays in the field */
	if (why != NULL && ls->refusal[0] == '\0' &&
	    ((ls->field == F_DATE && strcmp(field, "date") == 0) ||
	    (ls->field == F_POINTS && ls->item == 0 && strcmp(field, "points") == 0) ||
	    (ls->field == F_REASON && strcmp(field, "reason") == 0))) {
		int cy, cx;

		getyx(stdscr, cy, cx);
		ui_put(cy, 2, 8, field_label(field), ui_attr(UI_ERROR), true);
		move(cy, cx);
	}
}

/* ---- drawing ---- */

static void
draw_head(struct ui *ui, struct ledger_state *ls, int y)
{
	const struct ledger_def *d = def_shown(ls);
	char pname[48], buf[300];

	period_name(ls->rep->period, pname, sizeof pname);
	snprintf(buf, sizeof buf, "%s  ·  %s  ·  %s", d != NULL ? d->name : ls->rep->ledger, pname,
	    ls->unit == 0 ? _("all") : model_unit_name(ui_model(ui), ls->unit));
	ui_put(y, 1, COLS - 2, buf, ui_attr(UI_HEADER), true);
}

/* Columns: rank 6, name 12, unit 16, points 10, entries 6. */
static void
draw_table(struct ui *ui, struct ledger_state *ls, int y, int rows)
{
	char rank[16], name[64], unit[64], pts[24], line[256];

	ui_put(y, 1, COLS - 2, _("Rank    Name        Unit               Points  Entries"),
	    ui_attr(UI_DIM), true);
	y++;
	rows--;
	if (ls->rlist.n == 0) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&ls->rlist) != NULL ? list_empty(&ls->rlist) :
		    _("No points entered this period"), ui_attr(UI_DIM), false);
		return;
	}
	list_place(&ls->rlist, y, 0, COLS, rows);
	for (int r = 0; r < rows && ls->rlist.top + (size_t)r < ls->rlist.n; r++) {
		size_t i = ls->rlist.top + (size_t)r;
		const struct ledger_row *w = &ls->rep->rows[list_at(&ls->rlist, i)];

		snprintf(rank, sizeof rank, w->tied ? _("%u=") : "%u", w->rank);
		text_fit(rank, 7, true, false, line, sizeof line);
		text_fit(w->name, 11, true, true, name, sizeof name);
		text_fit(model_unit_name(ui_model(ui), w->unit_id), 16, true, true, unit, sizeof unit);
		points_fmt(w, pts, sizeof pts);
		snprintf(line + strlen(line), sizeof line - strlen(line), " %s %s %8s  %4u", name, unit,
		    pts, w->entries);
		ui_put(y + r, 1, COLS - 2, line, ui_attr(i == ls->rlist.sel ? UI_SELECTED :
		    w->negative ? UI_WARN : UI_NORMAL), true);
	}
}

static void
draw_entries(struct ui *ui, struct ledger_state *ls, int y, int rows)
{
	const struct ledger_row *w = row_of(ls, ls->person);
	char buf[300], pts[24], day[16], by[64];

	if (w != NULL) {
		points_fmt(w, pts, sizeof pts);
		snprintf(buf, sizeof buf, ngettext("%s: %s points in %u entry, rank %u%s",
		    "%s: %s points in %u entries, rank %u%s", w->entries), w->name, pts, w->entries,
		    w->rank, w->tied ? _(" (tied)") : "");
	} else
		snprintf(buf, sizeof buf, _("%s: no points this period"), model_name(ui_model(ui), ls->person));
	ui_put(y, 1, COLS - 2, buf, ui_attr(UI_NORMAL), true);
	ui_put(y + 1, 1, COLS - 2, _("Date        Points  Reason                                     By"),
	    ui_attr(UI_DIM), true);
	y += 2;
	rows -= 2;
	if (list_empty(&ls->elist) != NULL)
		ui_put(y + 1, 2, COLS - 4, list_empty(&ls->elist), ui_attr(UI_WARN), false);
	list_place(&ls->elist, y, 0, COLS, rows);
	size_t top = ls->elist.top;
	for (int r = 0; r < rows && top + (size_t)r < ls->elist.n; r++) {
		const struct ledger_rec *e = &ls->rep->entries[list_at(&ls->elist, top + (size_t)r)];
		char reason[200], line[400];

		day_format(e->date, day, sizeof day);
		entry_points(e, pts, sizeof pts);
		text_fit(e->reason, COLS - 36, true, true, reason, sizeof reason);
		text_fit(model_name(ui_model(ui), e->by), 8, false, true, by, sizeof by);
		snprintf(line, sizeof line, "%s %7s  %s %s", day, pts, reason, by);
		ui_put(y + r, 1, COLS - 2, line, ui_attr(top + (size_t)r == ls->elist.sel ? UI_SELECTED :
		    e->deduct ? UI_WARN : UI_NORMAL), true);
	}
}

void
ledger_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", N_("List"), "[ ]/t", N_("Period"), "l", N_("Ledger"), "u", N_("Unit"),
		"a", N_("Add points"), "q/Esc", N_("Back"), "?", N_("Help"), NULL
	};
	static const char *const view_keys[] = {
		"Enter", N_("List"), "[ ]/t", N_("Period"), "l", N_("Ledger"), "u", N_("Unit"),
		"q/Esc", N_("Back"), "?", N_("Help"), NULL
	};
	static const char *const entry_keys[] = {
		"a", N_("Add points"), "e", N_("Edit"), "d", N_("Delete"), "[ ]/t", N_("Period"),
		"q/Esc", N_("Back"), "?", N_("Help"), NULL
	};
	static const char *const own_keys[] = {
		"↑↓", N_("Select"), "[ ]/t", N_("Period"), "l", N_("Ledger"), "q/Esc", N_("Back"),
		"?", N_("Help"), NULL
	};
	static const char *const form_keys[] = {
		"Tab", N_("Next field"), "←→", N_("Choose"), N_("Space"), N_("Deduct"), "Ctrl-S", N_("Save"),
		"Esc", N_("Cancel"), NULL
	};
	struct ledger_state *ls = state(ui);
	int y = UI_TOP, rows = ui_rows();
	bool writes = ls->rep != NULL && ls->rep->may_write;

	/* live: an entry changed somewhere */
	if (ls->rep != NULL && sync_ledger_stamp(client_net_sync(ui->net)) != ls->stamp)
		ask(ui, ls);
	offer(ui, ls);
	ui_frame(ui, _("Points ledgers"), ls->form ? form_keys : ls->person != 0 ?
	    list_keys(&ls->elist, writes ? entry_keys : own_keys) :
	    list_keys(&ls->rlist, writes ? keys : view_keys));
	if (ls->rep == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading the points…"), ui_attr(UI_DIM), false);
		return;
	}
	draw_head(ui, ls, y);
	if (ls->person != 0)
		draw_entries(ui, ls, y + 1, rows - 1);
	else
		draw_table(ui, ls, y + 1, rows - 1);
	if (ls->form)
		draw_form(ui, ls, y + rows - 10);
}

/* ---- keys ---- */

static void
set_period(struct ui *ui, struct ledger_state *ls, uint32_t p)
{
	if (p == 0 || !period_valid(p))
		return;
	ls->period = p;
	ask(ui, ls);
}

/* Month, quarter, half-year, year, holding the same first day. */
static uint32_t
next_type(uint32_t period)
{
	enum period_type t = period_type(period);

	return period_of_day(t == PERIOD_YEAR ? PERIOD_MONTH : (enum period_type)(t + 1),
	    period_first_day(period));
}

/* The next unit: all, then each unit of the copy in order. */
static uint64_t
next_unit(struct ui *ui, uint64_t unit)
{
	struct sync *s = client_net_sync(ui->net);
	size_t n = sync_unit_count(s);

	for (size_t i = 0; i < n; i++)
		if (sync_unit(s, i)->id == unit)
			return i + 1 < n ? sync_unit(s, i + 1)->id : 0;
	return n > 0 ? sync_unit(s, 0)->id : 0;
}

static void
close_view(struct ui *ui, struct ledger_state *ls)
{
	if (ls->person != 0 && !ls->own) {
		ls->person = 0;
		ask(ui, ls);
	} else
		ls->open = false;
}

void
ledger_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct ledger_state *ls = state(ui);

	if (ls->form) {
		entry_form_key(ui, ls, is_key, ch);
		return;
	}
	if (ls->rep == NULL) {
		if (!is_key && ch == 27)
			close_view(ui, ls);
		return;
	}
	offer(ui, ls);
	switch (list_key(ls->person != 0 ? &ls->elist : &ls->rlist, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		if (ls->person == 0 && list_cur(&ls->rlist) != LIST_NONE) {
			ls->person = ls->rep->rows[list_cur(&ls->rlist)].person;
			ls->elist.sel = ls->elist.top = 0;
			list_search_clear(&ls->elist);
			ask(ui, ls);
		}
		return;
	case LIST_DONE:
		return;
	case LIST_PASS:
		break;
	}
	if (!is_key && ch == 27) {
		close_view(ui, ls);
		return;
	}
	if (is_key) {
		return;
	} else if (!is_key && ch == 'r') {
		ask(ui, ls);	} else if (!is_key && (ch == '[' || ch == ']')) {
		set_period(ui, ls, ch == '[' ? period_prev(ls->period) : period_next(ls->period));
	} else if (!is_key && ch == 't') {
		set_period(ui, ls, next_type(ls->period));
	} else if (!is_key && ch == 'l') {
		const struct ledger_def *d = def_shown(ls);

		if (d != NULL && ls->rep->defs_n > 1) {
			size_t i = (size_t)(d - ls->rep->defs);
			strlcpy_kh(ls->ledger, ls->rep->defs[(i + 1) % ls->rep->defs_n].key,
			    sizeof ls->ledger);
			ls->rlist.sel = ls->elist.sel = 0;
			ask(ui, ls);
		}
	} else if (!is_key && ch == 'u' && ls->person == 0) {
		ls->unit = next_unit(ui, ls->unit);
		ls->rlist.sel = ls->rlist.top = 0;
		ask(ui, ls);
	} else if (!is_key && ch == 'a') {
		if (!ls->rep->may_write)
			ui_msg(ui, UI_WARN, _("Points are entered by the assessment office or the department head"));
		else
			entry_form_open(ui, ls, NULL);
	} else if (!is_key && (ch == 'e' || ch == 'd') && ls->person != 0) {
		size_t e = list_cur(&ls->elist);

		if (!ls->rep->may_write || e == LIST_NONE)
			ui_msg(ui, UI_WARN, ls->rep->may_write ? _("No entry selected") :
			    _("Points are entered by the assessment office or the department head"));
		else if (ch == 'e')
			entry_form_open(ui, ls, &ls->rep->entries[e]);
		else
			ui_ask(ui, ASK_DELETE, _("Delete this entry (%s)?"), ls->rep->entries[e].reason);
	}
}

bool
ledger_typing(struct ui *ui)
{
	return ui->ledger != NULL && ui->ledger->open && (ui->ledger->form ||
	    list_typing(ui->ledger->person != 0 ? &ui->ledger->elist : &ui->ledger->rlist));
}

bool
ledger_unsaved(struct ui *ui)
{
	return ui->ledger != NULL && ui->ledger->open && ui->ledger->form && !edit_empty(&ui->ledger->reason);
}

void
ledger_answer(struct ui *ui, int action, bool yes)
{
	struct ledger_state *ls = ui->ledger;
	struct ledger_delete_body b = { .session = "" };

	if (!yes || action != ASK_DELETE || ls == NULL || ls->rep == NULL ||
	    list_cur(&ls->elist) == LIST_NONE)
		return;
	b.id = ls->rep->entries[list_cur(&ls->elist)].id;
	ls->write_req = client_net_request(ui->net, MSG_LEDGER_DELETE, &b);
}

/* ---- replies ---- */

static void
take(struct ledger_state *ls, const struct ledgers_reply_body *b)
{
	if (ls->rep != NULL) {
		schema_free(&ledgers_reply_body_desc, ls->rep);
		free(ls->rep);
	}
	ls->rep = xcalloc(1, sizeof *ls->rep);
	schema_copy(&ledgers_reply_body_desc, ls->rep, b);
	strlcpy_kh(ls->ledger, b->ledger, sizeof ls->ledger);
}

bool
ledger_event(struct ui *ui, const struct net_event *ev)
{
	struct ledger_state *ls = ui->ledger;
	char why[800];

	if (ls == NULL || ev->reqid == 0)
		return false;
	if (ev->reqid == ls->req) {
		if (ev->type == NET_EV_READ_OK && ev->reply != NULL)
			take(ls, ev->reply);
		else if (ev->type == NET_EV_READ_FAILED) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Loading the points failed: %s"), why);
		}
		if (ls->again)
			ask(ui, ls);
		return true;
	}
	if (ev->reqid != ls->write_req)
		return false;
	if (ev->type == NET_EV_WRITE_OK) {
		ls->form = false;
		ui_msg(ui, UI_GOOD, "%s", ev->request == MSG_LEDGER_PUT ? _("Saved") : _("Deleted"));
		ask(ui, ls);
	} else {
		if (ev->field[0] != '\0')
			snprintf(why, sizeof why, _("%s (%s)"), ev->message, field_label(ev->field));
		else
			snprintf(why, sizeof why, "%s", ev->message);
		snprintf(ls->refusal, sizeof ls->refusal, _("Refused by the server: %s"), why);
		ui_msg(ui, UI_ERROR, _("%s failed: %s"), ev->request == MSG_LEDGER_PUT ? _("Saving") :
		    _("Deleting"), why);
	}
	return true;
}

bool
ledger_back(struct ui *ui)
{
	close_view(ui, state(ui));
	return true;
}
