/*
 * client-admin.c: the admin's screen (管理, 考核办): units, accounts,
 * periods (close and reopen), publishing a unit's signed evaluations for a
 * quarter (公示), and the audit log.  Each is a list under a line of tabs;
 * units and accounts are edited in the forms of client-admin-form.c.
 *
 * Changing the organisation, an account or a lock makes every client
 * reload in full (an `org` update), this one included, so what the lists
 * show is always what the server holds.
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
#include "client-admin.h"
#include "client-model.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

#define AUDIT_PAGE	200

enum atab { T_UNITS, T_PEOPLE, T_PERIODS, T_PUBLISH, T_AUDIT, T_N };

enum { ASK_LOCK = 1, ASK_PUBLISH };

static const char *const tab_names[T_N] = {
	N_("Units"), N_("People"), N_("Periods"), N_("Publish"), N_("Audit log")
};

struct admin_state {
	enum atab	 tab;
	struct list	 lists[T_N];	/* each tab's rows shown */
	int		 tab_x[T_N + 1];	/* where the tabs are, for a click */
	struct aform	*form;

	uint32_t	 quarter;	/* publish: 0 the current one */
	uint64_t	 publish_reqid;
	uint64_t	 lock_reqid;
	uint32_t	 ask_period;
	bool		 ask_lock;
	uint64_t	 ask_unit;

	struct audit_rec *lines;
	uint32_t	 nlines;
	uint64_t	 audit_reqid;
	bool		 audit_end;	/* no older lines */
	bool		 audit_asked;
};

const char *const admin_help[] = {
	N_("Tab or ←/→"), N_("Switch: units, people, periods, publish, audit log (or click one)"),
	"↑↓ PgUp/PgDn", N_("Select"),
	"/", N_("Search the tab's list (a login, a name, an action...); Esc clears"),
	"a", N_("Units, people: add"),
	N_("e or Enter"), N_("Units, people: edit (role, unit, disable, new password)"),
	N_("l or Enter"), N_("Periods: close or reopen (asks first)"),
	"[ / ]", N_("Publish: previous / next quarter"),
	N_("p or Enter"), N_("Publish: the signed evaluations of the quarter in the unit "
	    "and those below it (asks first)"),
	"r", N_("Audit log: refresh; paging to the end reads older lines"),
	NULL, NULL
};

/* The widths of the lists' columns that hold words of ours. */
static int
max_width(int w, const char *s)
{
	return text_width(s) > w ? text_width(s) : w;
}

static int
kind_width(void)
{
	return max_width(max_width(max_width(4, _("Office")), _("Dept.")), _("Unit type"));
}

static int
supervisor_width(void)
{
	return max_width(8, _("Supervisor"));
}

static int
head_width(void)
{
	return max_width(8, _("Head"));
}

static int
role_width(void)
{
	int w = 12;

	for (uint32_t r = 1; r <= ROLE_MAX; r++)
		w = max_width(w, role_name(r));
	return w;
}

/* "2026-11-01 至 2026-11-30", as wide as any. */
static void
day_range(uint32_t first, uint32_t last, char *buf, size_t len)
{
	char a[16], b[16];

	day_format(first, a, sizeof a);
	day_format(last, b, sizeof b);
	snprintf(buf, len, _("%s to %s"), a, b);
}

static struct admin_state *
state(struct ui *ui)
{
	if (ui->admin == NULL) {
		ui->admin = xcalloc(1, sizeof *ui->admin);
		ui->admin->form = aform_new();
	}
	return ui->admin;
}

void
admin_free(struct ui *ui)
{
	if (ui->admin == NULL)
		return;
	aform_free(&ui->admin->form);
	for (int t = 0; t < T_N; t++)
		list_free(&ui->admin->lists[t]);
	schema_free_array(&audit_rec_desc, ui->admin->lines, ui->admin->nlines);
	free(ui->admin);
	ui->admin = NULL;
}

static uint32_t
quarter(struct ui *ui, struct admin_state *as)
{
	return as->quarter != 0 ? as->quarter : period_of_day(PERIOD_QUARTER, ui_today(ui));
}

static void
audit_load(struct ui *ui, struct admin_state *as, bool older)
{
	struct audit_list_body b = { .limit = AUDIT_PAGE };

	if (as->audit_reqid != 0 && client_net_is_pending(ui->net, as->audit_reqid))
		return;
	if (older && as->nlines > 0)
		b.before = as->lines[as->nlines - 1].id;
	else if (!older) {
		schema_free_array(&audit_rec_desc, as->lines, as->nlines);
		as->lines = NULL;
		as->nlines = 0;
		as->audit_end = false;
		as->lists[T_AUDIT].sel = as->lists[T_AUDIT].top = 0;
	}
	as->audit_reqid = client_net_request(ui->net, MSG_AUDIT_LIST, &b);
	as->audit_asked = true;
}

/* ---- the lists ---- */

static size_t
count(struct ui *ui, struct admin_state *as)
{
	struct sync *s = client_net_sync(ui->net);

	switch (as->tab) {
	case T_UNITS:
	case T_PUBLISH:
		return sync_unit_count(s);
	case T_PEOPLE:
		return sync_person_count(s);
	case T_PERIODS:
		return sync_period_count(s);
	case T_AUDIT:
		return as->nlines;
	default:
		return 0;
	}
}

static void
members(struct ui *ui, uint64_t unit, unsigned *n, uint64_t *head)
{
	struct sync *s = client_net_sync(ui->net);

	*n = 0;
	*head = 0;
	for (size_t i = 0; i < sync_person_count(s); i++) {
		const struct person *p = sync_person(s, i);

		if (p->unit_id != unit || p->disabled)
			continue;
		(*n)++;
		if (p->role == ROLE_DEPT_HEAD && *head == 0)
			*head = p->id;
	}
}

/* Signed, published and unsigned evaluations of a quarter in a unit and
 * the units below it. */
static void
publish_counts(struct ui *ui, uint64_t unit, uint32_t q, unsigned *sig, unsigned *pub,
    unsigned *draft)
{
	struct sync *s = client_net_sync(ui->net);

	*sig = *pub = *draft = 0;
	for (size_t i = 0; i < sync_doc_count(s); i++) {
		const struct doc *d = sync_doc(s, i);
		uint64_t u = d->unit_id;
		bool in = false;

		if (d->kind != DOC_EVALUATION || d->period != q)
			continue;
		for (int k = 0; u != 0 && k < 64 && !in; k++) {
			const struct unit_rec *r = sync_unit_find(s, u);

			in = u == unit;
			u = r != NULL ? r->parent : 0;
		}
		if (!in)
			continue;
		if (d->state == DOC_SIGNED)
			(*sig)++;
		else if (d->state == DOC_PUBLISHED)
			(*pub)++;
		else
			(*draft)++;
	}
}

static void
row_unit(struct ui *ui, struct admin_state *as, const struct unit_row *r, char *buf, size_t len)
{
	struct model *m = ui_model(ui);
	const struct unit_rec *u = sync_unit_find(client_net_sync(ui->net), r->id);
	char name[96], ind[64], sup[32], head[32];
	unsigned n, sig, pub, draft;
	uint64_t h;

	snprintf(ind, sizeof ind, "%*s%s", r->depth * 2, "", u != NULL ? u->name : "?");
	text_fit(ind, 24, true, true, name, sizeof name);
	members(ui, r->id, &n, &h);
	if (as->tab == T_PUBLISH) {
		publish_counts(ui, r->id, quarter(ui, as), &sig, &pub, &draft);
		snprintf(buf, len, " %s  ", name);
		snprintf(buf + strlen(buf), len - strlen(buf),
		    _("To publish %-4u Published %-4u Unsigned %u"), sig, pub, draft);
		return;
	}
	text_fit(u != NULL && u->supervisor ? model_name(m, u->supervisor) : "—",
	    supervisor_width(), true, true, sup, sizeof sup);
	text_fit(h ? model_name(m, h) : "—", head_width(), true, true, head, sizeof head);
	snprintf(buf, len, " %s ", name);
	text_cat_col(buf, len, u != NULL && u->kind == 1 ? _("Office") : _("Dept."), kind_width(),
	    false);
	snprintf(buf + strlen(buf), len - strlen(buf), "  %s  %s  ", sup, head);
	snprintf(buf + strlen(buf), len - strlen(buf), ngettext("%3u person", "%3u people", n), n);
}

static void
row_person(struct ui *ui, const struct person *p, char *buf, size_t len)
{
	struct model *m = ui_model(ui);
	char login[32], name[32], unit[40], role[96];

	text_fit(p->login, 12, true, true, login, sizeof login);
	text_fit(p->display_name, 8, true, true, name, sizeof name);
	text_fit(model_unit_name(m, p->unit_id), 16, true, true, unit, sizeof unit);
	text_fit(role_name(p->role), role_width(), true, false, role, sizeof role);
	snprintf(buf, len, " %s %s %s %s %s", login, name, unit, role, p->disabled ? _("Disabled") : "");
}

static void
row_period(struct ui *ui, const struct period_rec *p, char *buf, size_t len)
{
	char pn[64], range[64], due[16], at[32];

	period_name(p->code, pn, sizeof pn);
	text_fit(pn, 16, true, false, pn, sizeof pn);
	day_range(p->first_day, p->last_day, range, sizeof range);
	day_format(p->due, due, sizeof due);
	ui_time(p->locked_at, at, sizeof at);
	snprintf(buf, len, " %s %s  %s  ", pn, range, due);
	if (p->locked)
		snprintf(buf + strlen(buf), len - strlen(buf), _("Closed (%s %s)"),
		    model_name(ui_model(ui), p->locked_by), p->locked_at ? at + 5 : at);
	else
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("Still open"));
}

static void
row_audit(struct ui *ui, const struct audit_rec *l, char *buf, size_t len)
{
	char t[32], who[32], act[32], tg[32];

	ui_time(l->at, t, sizeof t);
	text_fit(l->user ? model_name(ui_model(ui), l->user) : "kaohectl", 8, true, true, who, sizeof who);
	text_fit(l->action, 13, true, true, act, sizeof act);
	text_fit(l->target, 10, true, true, tg, sizeof tg);
	snprintf(buf, len, " %s %s %s %s %s", t + 5, who, act, tg, l->detail ? l->detail : "");
	for (char *c = buf; *c != '\0'; c++)
		if (*c == '\n')
			*c = ' ';
}

/* The header over a tab's list, column by column as the rows are made. */
static void
header(enum atab tab, char *buf, size_t len)
{
	char range[64];

	snprintf(buf, len, " ");
	switch (tab) {
	case T_UNITS:
		text_cat_col(buf, len, _("Unit"), 25, false);
		text_cat_col(buf, len, _("Unit type"), kind_width() + 2, false);
		text_cat_col(buf, len, _("Supervisor"), supervisor_width() + 2, false);
		text_cat_col(buf, len, _("Head"), head_width() + 2, false);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("Headcount"));
		break;
	case T_PEOPLE:
		text_cat_col(buf, len, _("Login name"), 13, false);
		text_cat_col(buf, len, _("Name"), 9, false);
		text_cat_col(buf, len, _("Unit"), 17, false);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("Role"));
		break;
	case T_PERIODS:
		day_range(20260101, 20260101, range, sizeof range);
		text_cat_col(buf, len, _("Period"), 17, false);
		text_cat_col(buf, len, _("From - to"), text_width(range) + 2, false);
		text_cat_col(buf, len, _("Due by"), 12, false);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("State"));
		break;
	case T_PUBLISH:
		text_cat_col(buf, len, _("Unit"), 26, false);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("Evaluations this quarter"));
		break;
	case T_AUDIT:
		text_cat_col(buf, len, _("Time"), 12, false);
		text_cat_col(buf, len, _("User"), 9, false);
		text_cat_col(buf, len, _("Action"), 14, false);
		text_cat_col(buf, len, _("Object"), 11, false);
		snprintf(buf + strlen(buf), len - strlen(buf), "%s", _("Detail"));
		break;
	default:
		break;
	}
}

static void
draw_tabs(struct admin_state *as, int y)
{
	int x = 1;

	move(y, 0);
	clrtoeol();
	for (int t = 0; t < T_N; t++) {
		char buf[32];
		int w;

		snprintf(buf, sizeof buf, " %s ", _(tab_names[t]));
		w = text_width(buf);
		as->tab_x[t] = x;
		ui_put(y, x, w, buf, ui_attr(t == (int)as->tab ? UI_SELECTED : UI_NORMAL), false);
		x += w + 1;
	}
	as->tab_x[T_N] = x;
}

/* A tab's row: its text into line, the row's key into *key. */
static void
tab_row(struct ui *ui, struct admin_state *as, const struct unit_row *units, size_t nunits,
    size_t i, char *line, size_t len, uint64_t *key)
{
	struct sync *s = client_net_sync(ui->net);
	size_t n = count(ui, as);

	line[0] = '\0';
	*key = i;
	switch (as->tab) {
	case T_UNITS:
	case T_PUBLISH:
		if (i < nunits) {
			row_unit(ui, as, &units[i], line, len);
			*key = units[i].id;
		}
		break;
	case T_PEOPLE:
		row_person(ui, sync_person(s, i), line, len);
		*key = sync_person(s, i)->id;
		break;
	case T_PERIODS:
		/* Newest first. */
		row_period(ui, sync_period(s, n - 1 - i), line, len);
		*key = sync_period(s, n - 1 - i)->code;
		break;
	case T_AUDIT:
		row_audit(ui, &as->lines[i], line, len);
		*key = as->lines[i].id;
		break;
	default:
		break;
	}
}

/* The tab's rows, offered to its list (the search narrows them). */
static void
offer_tab(struct ui *ui, struct admin_state *as)
{
	struct list *l = &as->lists[as->tab];
	struct unit_row *units = NULL;
	size_t nunits = 0, n = count(ui, as);
	char line[1024];
	uint64_t key;

	if (as->tab == T_UNITS || as->tab == T_PUBLISH)
		units = admin_unit_tree(ui, &nunits);
	list_begin(l);
	for (size_t i = 0; i < n; i++) {
		if ((as->tab == T_UNITS || as->tab == T_PUBLISH) && i < nunits) {
			/* a unit's name and leader: not its counts, which cost a
			 * pass over every record */
			const struct unit_rec *u = sync_unit_find(client_net_sync(ui->net), units[i].id);

			snprintf(line, sizeof line, "%s %s", u != NULL ? u->name : "",
			    u != NULL && u->supervisor ? model_name(ui_model(ui), u->supervisor) : "");
			key = units[i].id;
		} else
			tab_row(ui, as, units, nunits, i, line, sizeof line, &key);
		list_offer(l, (uint32_t)i, key, line);
	}
	list_end(l);
	free(units);
}

static void
draw_list(struct ui *ui, struct admin_state *as, int y, int rows)
{
	struct list *l = &as->lists[as->tab];
	struct unit_row *units = NULL;
	size_t nunits = 0;
	char line[1024];
	uint64_t key;

	if (as->tab == T_PUBLISH) {
		char pn[64], buf[256];

		period_name(quarter(ui, as), pn, sizeof pn);
		snprintf(buf, sizeof buf, " ");
		snprintf(buf + 1, sizeof buf - 1,
		    _("Publish the signed evaluations of %s ([ ] quarter; a unit with those below)"), pn);
		ui_put(y, 0, COLS, buf, ui_attr(UI_KEY), true);
		y++;
		rows--;
	}
	header(as->tab, line, sizeof line);
	ui_put(y, 0, COLS, line, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (as->tab == T_AUDIT)
		rows -= 2;		/* the selected line in full */
	if (as->tab == T_UNITS || as->tab == T_PUBLISH)
		units = admin_unit_tree(ui, &nunits);
	offer_tab(ui, as);
	list_place(l, y, 0, COLS, rows);
	if (list_empty(l) != NULL)
		ui_put(y + 1, 2, COLS - 4, list_empty(l), ui_attr(UI_WARN), false);
	else if (l->n == 0)
		ui_put(y + 1, 2, COLS - 4, as->tab == T_AUDIT ? (as->audit_asked ? _("Reading...") :
		    _("Press r to read the audit log")) : _("(none)"), ui_attr(UI_DIM), false);
	for (int r = 0; r < rows; r++) {
		size_t k = l->top + (size_t)r;

		if (k >= l->n)
			break;
		tab_row(ui, as, units, nunits, list_at(l, k), line, sizeof line, &key);
		ui_put_cut(y + r, 0, COLS, line, ui_attr(k == l->sel ? UI_SELECTED : UI_NORMAL), true, true);
	}
	if (as->tab == T_AUDIT && list_cur(l) != LIST_NONE) {
		const struct audit_rec *a = &as->lines[list_cur(l)];
		char t[32];

		ui_time(a->at, t, sizeof t);
		snprintf(line, sizeof line, _("%s  %s (%s)  %s  %s  seq %llu"), t,
		    a->user ? model_name(ui_model(ui), a->user) : "kaohectl",
		    a->workstation ? a->workstation : "", a->action ? a->action : "",
		    a->target ? a->target : "", (unsigned long long)a->seq);
		ui_put_cut(y + rows, 1, COLS - 2, line, ui_attr(UI_DIM), true, true);
		ui_put_cut(y + rows + 1, 1, COLS - 2, a->detail ? a->detail : "", ui_attr(UI_NORMAL),
		    true, true);
	}
	free(units);
}

void
admin_draw(struct ui *ui)
{
	static const char *const keys[T_N][14] = {
		{ "Tab", N_("Switch"), "↑↓", N_("Select"), "a", N_("Add unit"), "Enter", N_("Edit"),
		  "?", N_("Help"), NULL },
		{ "Tab", N_("Switch"), "↑↓", N_("Select"), "a", N_("Add account"), "Enter", N_("Edit"),
		  "?", N_("Help"), NULL },
		{ "Tab", N_("Switch"), "↑↓", N_("Select"), "Enter", N_("Close/reopen"), "?", N_("Help"),
		  NULL },
		{ "Tab", N_("Switch"), "↑↓", N_("Unit"), "[ ]", N_("Quarter"), "Enter", N_("Publish"),
		  "?", N_("Help"), NULL },
		{ "Tab", N_("Switch"), "↑↓", N_("Select"), "r", N_("Refresh"), "PgDn", N_("Older"),
		  "?", N_("Help"), NULL },
	};
	struct admin_state *as = state(ui);

	if (as->tab == T_AUDIT && !as->audit_asked)
		audit_load(ui, as, false);
	static const char *const form_keys[] = {
		"Tab", N_("Next field"), "←/→", N_("Select"), "Ctrl-S", N_("Save"), "Esc", N_("Cancel"),
		NULL
	};

	ui_frame(ui, _("Admin"), aform_is_open(as->form) ? form_keys :
	    list_keys(&as->lists[as->tab], keys[as->tab]));
	draw_tabs(as, UI_TOP);
	draw_list(ui, as, UI_TOP + 1, ui_rows() - 1);
	if (aform_is_open(as->form))
		aform_draw(ui, as->form);
}

/* ---- keys ---- */

static void
act(struct ui *ui, struct admin_state *as, bool add)
{
	struct sync *s = client_net_sync(ui->net);
	size_t sel = list_cur(&as->lists[as->tab]), n = count(ui, as);
	char pn[64];

	switch (as->tab) {
	case T_UNITS: {
		size_t nu;
		struct unit_row *rows = admin_unit_tree(ui, &nu);

		aform_unit(ui, as->form, !add && sel < nu ? sync_unit_find(s, rows[sel].id) : NULL);
		free(rows);
		break;
	}
	case T_PEOPLE:
		aform_person(ui, as->form, !add && sel < n ? sync_person(s, sel) : NULL);
		break;
	case T_PERIODS: {
		const struct period_rec *p;

		if (add || sel >= n)
			break;
		p = sync_period(s, n - 1 - sel);
		period_name(p->code, pn, sizeof pn);
		as->ask_period = p->code;
		as->ask_lock = !p->locked;
		if (p->locked)
			ui_ask(ui, ASK_LOCK, _("Reopen %s? Its records can then be changed again"), pn);
		else
			ui_ask(ui, ASK_LOCK, _("Close %s? No record in it (or in the periods it "
			    "holds) can be changed after that"), pn);
		break;
	}
	case T_PUBLISH: {
		size_t nu;
		struct unit_row *rows = admin_unit_tree(ui, &nu);
		unsigned sig, pub, draft;

		if (!add && sel < nu) {
			as->ask_unit = rows[sel].id;
			publish_counts(ui, as->ask_unit, quarter(ui, as), &sig, &pub, &draft);
			period_name(quarter(ui, as), pn, sizeof pn);
			if (sig == 0)
				ui_msg(ui, UI_WARN, _("%s (with the units below) has no signed "
				    "evaluations to publish for %s"),
				    model_unit_name(ui_model(ui), as->ask_unit), pn);
			else
				ui_ask(ui, ASK_PUBLISH, ngettext("Publish the %3$u signed evaluation of "
				    "%1$s (with the units below) for %2$s?%4$s", "Publish the %3$u "
				    "signed evaluations of %1$s (with the units below) for %2$s?%4$s",
				    sig), model_unit_name(ui_model(ui), as->ask_unit), pn, sig,
				    draft ? _(" Some are still unsigned.") : "");
		}
		free(rows);
		break;
	}
	default:
		break;
	}
}

void
admin_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct admin_state *as = state(ui);
	struct list *l = &as->lists[as->tab];
	uint32_t cur = period_of_day(PERIOD_QUARTER, ui_today(ui)), q;

	if (aform_is_open(as->form)) {
		aform_key(ui, as->form, is_key, ch);
		return;
	}
	if (!list_typing(l)) {
		int dir = (is_key && (ch == KEY_LEFT || ch == KEY_BTAB)) ? -1 :
		    (is_key && ch == KEY_RIGHT) || (!is_key && ch == '\t') ? 1 : 0;

		if (dir != 0) {
			as->tab = (as->tab + T_N + dir) % T_N;
			return;
		}
		if (is_key && ch == KEY_MOUSE && ui->mouse.what == MOUSE_CLICK && ui->mouse.y == UI_TOP) {
			for (int t = 0; t < T_N; t++)
				if (ui->mouse.x >= as->tab_x[t] && ui->mouse.x < as->tab_x[t + 1])
					as->tab = t;
			return;
		}
	}
	offer_tab(ui, as);
	switch (list_key(l, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		act(ui, as, false);
		return;
	case LIST_DONE:
		/* At the end of the audit log: read the older lines. */
		if (as->tab == T_AUDIT && is_key && ch == KEY_NPAGE && l->sel + 1 >= l->n &&
		    !as->audit_end && !list_searching(l))
			audit_load(ui, as, true);
		return;
	case LIST_PASS:
		break;
	}
	if (is_key)
		return;
	switch (ch) {
	case 'a':
		if (as->tab == T_UNITS || as->tab == T_PEOPLE)
			act(ui, as, true);
		break;
	case 'e':
	case 'l':
	case 'p':
		act(ui, as, false);
		break;
	case 'r':
		if (as->tab == T_AUDIT)
			audit_load(ui, as, false);
		else
			ui_resync(ui);
		break;
	case '[':
	case ']':
		if (as->tab != T_PUBLISH)
			break;
		q = ch == '[' ? period_prev(quarter(ui, as)) : period_next(quarter(ui, as));
		if (q == 0 || q > cur)
			ui_msg(ui, UI_NORMAL, "%s", _("This is the current quarter"));
		else
			as->quarter = q == cur ? 0 : q;
		break;
	}
}

bool
admin_typing(struct ui *ui)
{
	return ui->admin != NULL && (aform_is_open(ui->admin->form) ||
	    list_typing(&ui->admin->lists[ui->admin->tab]));
}

bool
admin_unsaved(struct ui *ui)
{
	return ui->admin != NULL && aform_unsaved(ui->admin->form);
}

bool
admin_event(struct ui *ui, const struct net_event *ev)
{
	struct admin_state *as = ui->admin;
	char why[800];

	if (as == NULL || ev->reqid == 0)
		return false;
	if (aform_event(ui, as->form, ev))
		return true;
	if (ev->reqid == as->audit_reqid) {
		as->audit_reqid = 0;
		if (ev->type != NET_EV_READ_OK) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, _("Reading the audit log failed: %s"), why);
			return true;
		}
		as->lines = xrealloc(as->lines, (as->nlines + ev->nlines + 1) * sizeof *as->lines);
		for (uint32_t i = 0; i < ev->nlines; i++)
			schema_copy(&audit_rec_desc, &as->lines[as->nlines + i], &ev->lines[i]);
		as->nlines += ev->nlines;
		as->audit_end = ev->nlines < AUDIT_PAGE;
		ui_msg(ui, UI_NORMAL, ngettext("%u audit log line%s", "%u audit log lines%s",
		    as->nlines), as->nlines, as->audit_end ? _(" (the oldest reached)") : "");
		return true;
	}
	if (ev->reqid != as->publish_reqid && ev->reqid != as->lock_reqid)
		return false;
	if (ev->type != NET_EV_WRITE_OK) {
		ui_error_text(ev, why, sizeof why);
		ui_msg(ui, UI_ERROR, ev->reqid == as->publish_reqid ? _("Publishing failed: %s") :
		    _("Failed: %s"), why);
	} else if (ev->reqid == as->publish_reqid)
		ui_msg(ui, UI_GOOD, ngettext("Published %u evaluation", "Published %u evaluations",
		    ev->count), ev->count);
	else
		ui_msg(ui, UI_GOOD, "%s", as->ask_lock ? _("Closed; every terminal will reload") :
		    _("Reopened; every terminal will reload"));
	if (ev->reqid == as->publish_reqid)
		as->publish_reqid = 0;
	else
		as->lock_reqid = 0;
	return true;
}

void
admin_answer(struct ui *ui, int action, bool yes)
{
	struct admin_state *as = state(ui);

	if (!yes)
		return;
	if (action == ASK_LOCK) {
		struct period_lock_body b = { .period = as->ask_period, .locked = as->ask_lock };

		as->lock_reqid = client_net_request(ui->net, MSG_PERIOD_LOCK, &b);
		ui_msg(ui, UI_NORMAL, "%s", as->ask_lock ? _("Closing...") : _("Opening..."));
	} else if (action == ASK_PUBLISH) {
		struct publish_body b = { .unit_id = as->ask_unit, .period = quarter(ui, as) };

		as->publish_reqid = client_net_request(ui->net, MSG_PUBLISH, &b);
		ui_msg(ui, UI_NORMAL, "%s", _("Publishing..."));
	}
}

const char *const *
admin_help_now(struct ui *ui)
{
	(void)ui;
	return admin_help;
}

bool
admin_back(struct ui *ui)
{
	(void)ui;
	return false;
}
