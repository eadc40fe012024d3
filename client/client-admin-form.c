/*
 * client-admin-form.c: the admin's forms for a unit and an account (see
 * client-admin.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/util.h"
#include "client-admin.h"
#include "client-draft.h"
#include "client-model.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

#define MAX_FIELDS	8
#define MAX_CHOICES	5000
#define FORM_W		72

enum ftype { F_TEXT, F_SECRET, F_CHOICE, F_BOOL, F_NUMBER };

struct field {
	const char	*label;		/* translated */
	const char	*key;		/* the wire's name, for refusals */
	enum ftype	 type;
	struct edit	 e;
	bool		 readonly;
	const char	*hint;		/* translated */
	/* F_CHOICE */
	char		**names;
	uint64_t	*values;
	size_t		 n;
	size_t		 at;
	/* F_BOOL */
	bool		 on;
};

enum kind { FORM_UNIT, FORM_PERSON };

struct aform {
	bool		 open;
	enum kind	 kind;
	uint64_t	 id;		/* 0: new */
	char		 login[65];	/* an account's, which does not change */
	struct field	 f[MAX_FIELDS];
	int		 n;
	int		 focus;
	bool		 changed;
	uint32_t	 edits;		/* changes, for the local draft */
	char		 error[1024];
	int		 error_field;	/* -1 none */
	uint64_t	 reqid;
};

struct aform *
aform_new(void)
{
	struct aform *af = xcalloc(1, sizeof *af);

	af->error_field = -1;
	return af;
}

static void
fields_clear(struct aform *af)
{
	for (int i = 0; i < af->n; i++) {
		struct field *f = &af->f[i];

		edit_free(&f->e);
		for (size_t k = 0; k < f->n; k++)
			free(f->names[k]);
		free(f->names);
		free(f->values);
		memset(f, 0, sizeof *f);
	}
	af->n = 0;
}

void
aform_free(struct aform **afp)
{
	if (*afp == NULL)
		return;
	fields_clear(*afp);
	free(*afp);
	*afp = NULL;
}

bool
aform_is_open(const struct aform *af)
{
	return af != NULL && af->open;
}

bool
aform_unsaved(const struct aform *af)
{
	return af != NULL && af->open && af->changed;
}

static struct field *
add(struct aform *af, const char *label, const char *key, enum ftype type, size_t max,
    const char *hint)
{
	struct field *f = &af->f[af->n++];

	memset(f, 0, sizeof *f);
	f->label = label;
	f->key = key;
	f->type = type;
	f->hint = hint;
	edit_init(&f->e, max);
	f->e.secret = type == F_SECRET;
	f->e.ascii = type == F_NUMBER;
	return f;
}

static void
choice(struct field *f, const char *name, uint64_t value)
{
	if (f->n >= MAX_CHOICES)
		return;
	f->names = xrealloc(f->names, (f->n + 1) * sizeof *f->names);
	f->values = xrealloc(f->values, (f->n + 1) * sizeof *f->values);
	f->names[f->n] = xstrdup(name);
	f->values[f->n] = value;
	f->n++;
}

static void
choose(struct field *f, uint64_t value)
{
	for (size_t k = 0; k < f->n; k++)
		if (f->values[k] == value)
			f->at = k;
}

/* ---- the tree of units ---- */

struct kid {
	uint32_t	 pos;
	uint64_t	 id;
};

static int
kid_cmp(const void *a, const void *b)
{
	const struct kid *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The children of parent by position, each followed by its own. */
static void
tree_add(struct ui *ui, uint64_t parent, int depth, struct unit_row **out, size_t *n)
{
	struct sync *s = client_net_sync(ui->net);
	size_t nu = sync_unit_count(s), nk = 0;
	struct kid *kids;

	if (depth > 32 || nu == 0)
		return;
	kids = xcalloc(nu, sizeof *kids);
	for (size_t i = 0; i < nu; i++) {
		const struct unit_rec *u = sync_unit(s, i);

		if (u->parent == parent && u->id != parent)
			kids[nk++] = (struct kid){ u->position, u->id };
	}
	if (nk > 1)
		qsort(kids, nk, sizeof *kids, kid_cmp);
	for (size_t i = 0; i < nk; i++) {
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[*n].id = kids[i].id;
		(*out)[*n].depth = depth;
		(*n)++;
		tree_add(ui, kids[i].id, depth + 1, out, n);
	}
	free(kids);
}

struct unit_row *
admin_unit_tree(struct ui *ui, size_t *n)
{
	struct unit_row *rows = xmalloc(sizeof *rows);
	struct sync *s = client_net_sync(ui->net);

	*n = 0;
	tree_add(ui, 0, 0, &rows, n);
	/* Units whose parent is unknown still show, at the end. */
	for (size_t i = 0; i < sync_unit_count(s); i++) {
		const struct unit_rec *u = sync_unit(s, i);
		bool seen = false;

		for (size_t k = 0; k < *n && !seen; k++)
			seen = rows[k].id == u->id;
		if (!seen) {
			rows = xrealloc(rows, (*n + 1) * sizeof *rows);
			rows[*n].id = u->id;
			rows[*n].depth = 0;
			(*n)++;
		}
	}
	return rows;
}

/* Whether unit is `top` or below it. */
static bool
below(struct ui *ui, uint64_t unit, uint64_t top)
{
	struct sync *s = client_net_sync(ui->net);

	for (int d = 0; unit != 0 && d < 64; d++) {
		const struct unit_rec *u = sync_unit_find(s, unit);

		if (unit == top)
			return true;
		unit = u != NULL ? u->parent : 0;
	}
	return false;
}

static void
unit_choices(struct ui *ui, struct field *f, const char *none, uint64_t except)
{
	struct model *m = ui_model(ui);
	size_t n;
	struct unit_row *rows = admin_unit_tree(ui, &n);
	char buf[256];

	choice(f, none, 0);
	for (size_t i = 0; i < n; i++) {
		if (except != 0 && below(ui, rows[i].id, except))
			continue;
		snprintf(buf, sizeof buf, "%*s%s", rows[i].depth * 2, "", model_unit_name(m, rows[i].id));
		choice(f, buf, rows[i].id);
	}
	free(rows);
}

/* ---- the local draft: every field but the password ---- */

static void
draft_key(const struct aform *af, char *buf, size_t len)
{
	snprintf(buf, len, "admin/%s/%llu", af->kind == FORM_UNIT ? "unit" : "user",
	    (unsigned long long)af->id);
}

static void
keep_draft(struct ui *ui, struct aform *af)
{
	struct draft d = { 0 };
	char key[64];

	for (int i = 0; i < af->n; i++) {
		const struct field *f = &af->f[i];

		switch (f->type) {
		case F_SECRET:
			break;		/* never on disk */
		case F_CHOICE:
			if (f->n > 0)
				draft_set_u64(&d, f->key, f->values[f->at]);
			break;
		case F_BOOL:
			draft_set(&d, f->key, f->on ? "1" : "0");
			break;
		default:
			edit_to_draft(&f->e, &d, f->key);
			break;
		}
	}
	draft_key(af, key, sizeof key);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void check(struct aform *);

static void
restore_draft(struct ui *ui, struct aform *af)
{
	struct draft d;
	char key[64];
	const char *v;

	draft_key(af, key, sizeof key);
	if (!ui_draft_load(ui, key, &d))
		return;
	for (int i = 0; i < af->n; i++) {
		struct field *f = &af->f[i];

		if (f->type == F_SECRET || f->readonly || (v = draft_get(&d, f->key)) == NULL)
			continue;
		if (f->type == F_CHOICE)
			choose(f, draft_get_u64(&d, f->key, f->n > 0 ? f->values[f->at] : 0));
		else if (f->type == F_BOOL)
			f->on = strcmp(v, "1") == 0;
		else
			edit_set(&f->e, v);
	}
	af->changed = true;
	ui_draft_restored(ui, &d, false);
	draft_clear(&d);
}

/* ---- opening ---- */

static void
reset(struct aform *af, enum kind kind, uint64_t id)
{
	fields_clear(af);
	af->open = true;
	af->kind = kind;
	af->id = id;
	af->focus = 0;
	af->changed = false;
	af->error[0] = '\0';
	af->error_field = -1;
	af->reqid = 0;
}

void
aform_unit(struct ui *ui, struct aform *af, const struct unit_rec *u)
{
	struct sync *s = client_net_sync(ui->net);
	struct field *f;
	char num[16];

	reset(af, FORM_UNIT, u != NULL ? u->id : 0);
	f = add(af, _("Unit name"), "name", F_TEXT, 42, _("must be unique"));
	edit_set(&f->e, u != NULL && u->name != NULL ? u->name : "");
	f = add(af, _("Unit type"), "kind", F_CHOICE, 1, _("←/→ to choose"));
	choice(f, _("Office"), 1);
	choice(f, _("Department"), 2);
	choose(f, u != NULL ? u->kind : 2);
	f = add(af, _("Parent unit"), "parent", F_CHOICE, 1, _("←/→ to choose"));
	unit_choices(ui, f, _("(none: the top office)"), u != NULL ? u->id : 0);
	choose(f, u != NULL ? u->parent : (sync_unit_count(s) > 0 ? sync_unit(s, 0)->id : 0));
	f = add(af, _("Supervisor"), "supervisor", F_CHOICE, 1, _("none: the parent's"));
	choice(f, _("(none)"), 0);
	for (size_t i = 0; i < sync_person_count(s); i++) {
		const struct person *p = sync_person(s, i);

		if ((p->role == ROLE_SUPERVISOR || p->role == ROLE_PRINCIPAL) && !p->disabled)
			choice(f, p->display_name, p->id);
	}
	choose(f, u != NULL ? u->supervisor : 0);
	f = add(af, _("Position"), "position", F_NUMBER, 6, _("order among siblings"));
	snprintf(num, sizeof num, "%u", u != NULL ? u->position : (uint32_t)sync_unit_count(s));
	edit_set(&f->e, num);
	restore_draft(ui, af);
	check(af);
}

void
aform_person(struct ui *ui, struct aform *af, const struct person *p)
{
	struct field *f;

	reset(af, FORM_PERSON, p != NULL ? p->id : 0);
	snprintf(af->login, sizeof af->login, "%s", p != NULL && p->login ? p->login : "");
	f = add(af, _("Login name"), "login", F_TEXT, 64, p != NULL ? _("cannot be changed") :
	    _("letters, digits, . _ -"));
	edit_set(&f->e, af->login);
	f->e.ascii = true;
	f->readonly = p != NULL;
	f = add(af, _("Full name"), "display_name", F_TEXT, 21, NULL);
	edit_set(&f->e, p != NULL && p->display_name ? p->display_name : "");
	f = add(af, _("Unit"), "unit_id", F_CHOICE, 1, _("←/→ to choose"));
	unit_choices(ui, f, _("(unassigned)"), 0);
	choose(f, p != NULL ? p->unit_id : 0);
	f = add(af, _("Role"), "role", F_CHOICE, 1, _("←/→ to choose"));
	for (uint32_t r = 1; r <= ROLE_MAX; r++)
		choice(f, role_name(r), r);
	choose(f, p != NULL ? p->role : ROLE_STAFF);
	f = add(af, _("Disable"), "disabled", F_BOOL, 1, _("Space toggles; no login"));
	f->on = p != NULL && p->disabled;
	f = add(af, p != NULL ? _("New password") : _("Password"), "password", F_SECRET, 64,
	    p != NULL ? _("leave empty to keep it") : _("at least 6 characters"));
	restore_draft(ui, af);
	check(af);
}

/* ---- checking ---- */

static char *
text_of(const struct field *f)
{
	return edit_get(&f->e);
}

static void
check(struct aform *af)
{
	char *s;

	af->error[0] = '\0';
	af->error_field = -1;
	for (int i = 0; i < af->n && af->error_field < 0; i++) {
		struct field *f = &af->f[i];

		if (f->type != F_TEXT && f->type != F_SECRET && f->type != F_NUMBER)
			continue;
		s = text_of(f);
		if (strcmp(f->key, "name") == 0 && *s == '\0')
			snprintf(af->error, sizeof af->error, "%s", _("Fill in the unit's name"));
		else if (strcmp(f->key, "display_name") == 0 && *s == '\0')
			snprintf(af->error, sizeof af->error, "%s", _("Fill in the name"));
		else if (strcmp(f->key, "login") == 0 && !login_name_valid(s))
			snprintf(af->error, sizeof af->error, "%s",
			    _("A login name is letters, digits and . _ - only, not empty"));
		else if (strcmp(f->key, "password") == 0 && (af->id == 0 || *s != '\0') &&
		    password_problem(s) != NULL)
			snprintf(af->error, sizeof af->error, "%s", af->id == 0 && *s == '\0' ?
			    _("A new account needs a password of at least 6 characters") :
			    password_problem(s));
		else if (strcmp(f->key, "position") == 0) {
			for (const char *p = s; *p != '\0'; p++)
				if (!isdigit((unsigned char)*p))
					snprintf(af->error, sizeof af->error, "%s",
					    _("The position must be a number"));
		}
		if (af->error[0] != '\0')
			af->error_field = i;
		free(s);
	}
}

/* ---- drawing ---- */

void
aform_draw(struct ui *ui, struct aform *af)
{
	int h = af->n + 7, w = FORM_W, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	int lw = 9, lx = x0 + 3, fx, fw, cy = -1, cx = -1;
	char title[128], what[120], buf[256];
	wchar_t view[128];

	(void)ui;
	/* The labels' column as wide as the widest; the fields give up what
	 * it takes beyond nine, the hints keep theirs. */
	for (int i = 0; i < af->n; i++)
		if (text_width(af->f[i].label) + 1 > lw)
			lw = text_width(af->f[i].label) + 1;
	fx = lx + lw + 1;
	fw = 30 - (lw - 9);
	if (af->kind == FORM_UNIT)
		snprintf(what, sizeof what, "%s", af->id ? _("Edit unit") : _("New unit"));
	else if (af->id)
		snprintf(what, sizeof what, _("Edit account %s"), af->login);
	else
		snprintf(what, sizeof what, "%s", _("New account"));
	snprintf(title, sizeof title, " %s ", what);
	ui_box(y0, x0, h, w, title);
	for (int i = 0; i < af->n; i++) {
		struct field *f = &af->f[i];
		int y = y0 + 2 + i, attr;
		bool on = i == af->focus, bad = i == af->error_field;

		attr = ui_attr(bad ? UI_ERROR : on ? UI_HEADER : UI_NORMAL);
		ui_put(y, lx - 2, 2, bad ? "!" : on ? ">" : "", attr, true);
		ui_put(y, lx, lw, f->label, attr, true);
		attr = ui_attr(on ? UI_FIELD_ACTIVE : UI_FIELD);
		switch (f->type) {
		case F_CHOICE:
			snprintf(buf, sizeof buf, "< %s >", f->n > 0 ? f->names[f->at] : "");
			ui_put_cut(y, fx, fw, buf, attr, true, true);
			if (on) {
				cy = y;
				cx = fx + 2;
			}
			break;
		case F_BOOL:
			ui_put(y, fx, fw, f->on ? _("[x] Disabled") : _("[ ] Active"), attr, true);
			if (on) {
				cy = y;
				cx = fx + 1;
			}
			break;
		default: {
			int col = edit_view(&f->e, fw, view, nitems(view));

			ui_putw(y, fx, view, f->readonly ? ui_attr(UI_DIM) : attr);
			if (on) {
				cy = y;
				cx = fx + col;
			}
			break;
		}
		}
		/* the reason beside a field at fault, else its hint */
		if (bad && af->error[0] != '\0')
			ui_put_cut(y, fx + fw + 2, w - (fx - x0) - fw - 4, af->error, ui_attr(UI_ERROR),
			    false, true);
		else if (f->hint != NULL)
			ui_put_cut(y, fx + fw + 2, w - (fx - x0) - fw - 4, f->hint, ui_attr(UI_DIM), false, true);
	}
	if (af->reqid != 0 && client_net_is_pending(ui->net, af->reqid))
		ui_put(y0 + h - 4, lx, w - 6, _("Saving..."), ui_attr(UI_WARN), true);
	else if (af->error[0] != '\0')
		ui_put_cut(y0 + h - 4, lx, w - 6, af->error, ui_attr(UI_ERROR), true, true);
	else
		ui_put(y0 + h - 4, lx, w - 6, _("Ready to save"), ui_attr(UI_GOOD), true);
	ui_put(y0 + h - 2, lx, w - 6, _("Tab/↑↓ field  ←/→ choose  Ctrl-S save  Esc cancel"),
	    ui_attr(UI_DIM), true);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

/* ---- saving ---- */

static void
save(struct ui *ui, struct aform *af)
{
	check(af);
	if (af->error_field >= 0) {
		af->focus = af->error_field;
		ui_msg(ui, UI_ERROR, "%s", af->error);
		return;
	}
	if (af->reqid != 0 && client_net_is_pending(ui->net, af->reqid)) {
		ui_msg(ui, UI_WARN, "%s", _("Saving; please wait"));
		return;
	}
	if (af->kind == FORM_UNIT) {
		struct unit_put_body b;
		char *name = text_of(&af->f[0]), *pos = text_of(&af->f[4]);

		memset(&b, 0, sizeof b);
		b.unit.id = af->id;
		b.unit.name = name;
		b.unit.kind = (uint32_t)af->f[1].values[af->f[1].at];
		b.unit.parent = af->f[2].values[af->f[2].at];
		b.unit.supervisor = af->f[3].values[af->f[3].at];
		b.unit.position = (uint32_t)strtoul(pos, NULL, 10);
		af->reqid = client_net_request(ui->net, MSG_UNIT_PUT, &b);
		free(name);
		free(pos);
	} else {
		struct user_put_body b;
		char *login = text_of(&af->f[0]), *name = text_of(&af->f[1]), *pw = text_of(&af->f[5]);

		memset(&b, 0, sizeof b);
		b.person.id = af->id;
		b.person.login = login;
		b.person.display_name = name;
		b.person.unit_id = af->f[2].values[af->f[2].at];
		b.person.role = (uint32_t)af->f[3].values[af->f[3].at];
		b.person.disabled = af->f[4].on;
		b.password = pw;
		af->reqid = client_net_request(ui->net, MSG_USER_PUT, &b);
		free(login);
		free(name);
		free(pw);
	}
	{
		char key[64];

		keep_draft(ui, af);
		draft_key(af, key, sizeof key);
		ui_draft_bind(ui, key, af->reqid);
	}
	ui_msg(ui, UI_NORMAL, "%s", _("Saving..."));
}

static enum aform_result
key_inner(struct ui *ui, struct aform *af, bool is_key, wint_t ch)
{
	struct field *f = &af->f[af->focus];

	if (!is_key) {
		switch (ch) {
		case 27: {
			char key[64];

			af->open = false;
			draft_key(af, key, sizeof key);
			ui_draft_drop(ui, key);
			ui_msg(ui, UI_NORMAL, "%s", af->changed ? _("Cancelled, not saved") : _("Cancelled"));
			return AFORM_CLOSE;
		}
		case CTRL('S'):
			save(ui, af);
			return AFORM_NONE;
		case '\t':
		case '\r':
		case '\n':
			if ((ch == '\r' || ch == '\n') && af->focus == af->n - 1) {
				save(ui, af);
				return AFORM_NONE;
			}
			af->focus = (af->focus + 1) % af->n;
			return AFORM_NONE;
		case ' ':
			if (f->type == F_BOOL) {
				f->on = !f->on;
				af->changed = true;
				af->edits++;
				return AFORM_NONE;
			}
			if (f->type == F_CHOICE)
				goto next_choice;
			break;
		}
	} else {
		switch (ch) {
		case KEY_UP:
		case KEY_BTAB:
			af->focus = (af->focus + af->n - 1) % af->n;
			return AFORM_NONE;
		case KEY_DOWN:
			af->focus = (af->focus + 1) % af->n;
			return AFORM_NONE;
		case KEY_ENTER:
			save(ui, af);
			return AFORM_NONE;
		case KEY_RIGHT:
			if (f->type == F_CHOICE)
				goto next_choice;
			break;
		case KEY_LEFT:
			if (f->type == F_CHOICE && f->n > 0) {
				f->at = f->at == 0 ? f->n - 1 : f->at - 1;
				af->changed = true;
				af->edits++;
				return AFORM_NONE;
			}
			break;
		}
	}
	if (f->type == F_CHOICE || f->type == F_BOOL || f->readonly)
		return AFORM_NONE;
	if (edit_key(&f->e, is_key, ch) == EDIT_CHANGED) {
		af->changed = true;
		af->edits++;
		check(af);
	}
	return AFORM_NONE;

next_choice:
	if (f->n > 0)
		f->at = (f->at + 1) % f->n;
	af->changed = true;
	af->edits++;
	return AFORM_NONE;
}

enum aform_result
aform_key(struct ui *ui, struct aform *af, bool is_key, wint_t ch)
{
	uint32_t edits = af->edits;
	enum aform_result r = key_inner(ui, af, is_key, ch);

	if (af->open && af->edits != edits)
		keep_draft(ui, af);
	return r;
}

bool
aform_event(struct ui *ui, struct aform *af, const struct net_event *ev)
{
	char why[800];

	if (af == NULL || ev->reqid == 0 || ev->reqid != af->reqid)
		return false;
	af->reqid = 0;
	if (ev->type == NET_EV_WRITE_OK) {
		ui_msg(ui, UI_GOOD, "%s", af->kind == FORM_UNIT ?
		    _("Unit saved; every terminal will reload the organisation") :
		    _("Account saved; every terminal will reload the organisation"));
		af->open = false;
		af->changed = false;
		return true;
	}
	ui_error_text(ev, why, sizeof why);
	snprintf(af->error, sizeof af->error, _("Save failed: %s"), why);
	for (int i = 0; i < af->n; i++)
		if (strcmp(af->f[i].key, ev->field) == 0) {
			af->error_field = i;
			af->focus = i;
		}
	ui_msg(ui, UI_ERROR, "%s", af->error);
	return true;
}
