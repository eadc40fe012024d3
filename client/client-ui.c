/*
 * client-ui.c: the client's main loop, the table of screens, the login,
 * help and stopped screens, and the drawing helpers every screen uses.
 *
 * The screens themselves are in their own files (see client-ui.h); the
 * table below says which role has which, under which number key, and
 * where its entry points are.  The stopped screen shows a protocol
 * mismatch.  The loop waits in client_net_poll() on both sockets and stdin
 * for at most UI_TICK_MS, so an update published by another session is
 * drawn without a key press.  Every layout is computed in display columns
 * (client-text.c): 80x24 is the floor, and anything smaller gets a "too
 * small" screen until the terminal grows again.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "common/version.h"
#include "client-draft.h"
#include "client-form.h"
#include "client-job.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

#define UI_TICK_MS	150	/* longest wait for input of any kind */
#define UI_MSG_MS	10000	/* an information message fades after this */

static const char *const weekdays_short[7] = {
	N_("Sun"), N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat")
};

const char *
ui_weekday(uint32_t day)
{
	return day_weekday_name(day);
}

const char *
ui_weekday_short(uint32_t day)
{
	return _(weekdays_short[day_weekday(day)]);
}

const char *
ui_tr(const char *msgid)
{
	return msgid != NULL && msgid[0] != '\0' ? _(msgid) : msgid;
}

static bool ui_colors;
static volatile sig_atomic_t got_signal;	/* SIGHUP, SIGTERM, SIGINT */
static FILE *bench_file;	/* KAOHE_BENCH_FILE, see ui_bench_mark */
static bool bench_queue_drawn;

/* ---- the screens ---- */

static bool role_logs(uint32_t r) { return r != ROLE_ORG_DEPT; }
static bool role_month(uint32_t r) { return role_writes_monthly(r); }
static bool role_queue(uint32_t r)
{
	return r == ROLE_DEPT_HEAD || r == ROLE_SUPERVISOR || r == ROLE_PRINCIPAL ||
	    r == ROLE_ORG_DEPT;
}
static bool role_summary(uint32_t r) { return r == ROLE_DEPT_HEAD; }
static bool role_eval(uint32_t r) { return role_signs(r); }
static bool role_any(uint32_t r) { (void)r; return true; }
static bool role_admin(uint32_t r) { return r == ROLE_ADMIN; }
/* 评分: everyone the peers' part may include, i.e. all but the organisation
 * department (client-score.c says when there is nothing to score). */
static bool role_score(uint32_t r) { return r != ROLE_ORG_DEPT; }
static bool role_rank(uint32_t r)
{
	return r == ROLE_ADMIN || r == ROLE_PRINCIPAL || r == ROLE_ORG_DEPT ||
	    r == ROLE_SUPERVISOR || r == ROLE_DEPT_HEAD;
}

/* 党建: whoever RUBRIC_SHEETS shows something to act on or file: the
 * inspectors, the admin, the organisation department, the principal
 * leader, and a department head (their own unit's self-check). */
static bool role_orgs(uint32_t r)
{
	return r == ROLE_INSPECTOR || r == ROLE_ADMIN || r == ROLE_ORG_DEPT ||
	    r == ROLE_PRINCIPAL || r == ROLE_DEPT_HEAD;
}

static bool log_typing(struct ui *ui)
{
	return ui->form.open || ui->confirm != CONFIRM_NONE || list_typing(&ui->logs);
}
static const char *const *log_help_now(struct ui *ui) { (void)ui; return log_help; }
static bool log_unsaved(struct ui *ui) { return ui->form.open && ui->form.changed; }
static bool log_back(struct ui *ui) { (void)ui; return false; }

struct screen_def {
	enum ui_screen	 screen;
	int		 number;	/* its key, 0-9 (and F1-F10) */
	const char	*name;		/* N_(): its tab, its help's title */
	const char	*short_name;	/* N_(): its tab when the line is full */
	bool		(*allowed)(uint32_t role);
	void		(*draw)(struct ui *);
	void		(*key)(struct ui *, bool, wint_t);
	bool		(*typing)(struct ui *);
	bool		(*unsaved)(struct ui *);
	bool		(*event)(struct ui *, const struct net_event *);
	void		(*answer)(struct ui *, int, bool);
	void		(*free)(struct ui *);
	const char *const *(*help)(struct ui *);
	bool		(*back)(struct ui *);
};

#define SCREEN_ENTRY(s, n, name, short_name, allowed, prefix)		\
	{ s, n, name, short_name, allowed, prefix##_draw, prefix##_key, prefix##_typing,	\
	  prefix##_unsaved, prefix##_event, prefix##_answer, prefix##_free,	\
	  prefix##_help_now, prefix##_back }

static const struct screen_def screens[] = {
	{ SCREEN_LOG, 1, N_("Log"), N_("Log"), role_logs, log_draw, log_key, log_typing,
	  log_unsaved, NULL, NULL, NULL, log_help_now, log_back },
	SCREEN_ENTRY(SCREEN_MONTH, 2, N_("Monthly"), N_("Month"), role_month, month),
	SCREEN_ENTRY(SCREEN_QUEUE, 3, N_("Queue"), N_("Queue"), role_queue, queue),
	SCREEN_ENTRY(SCREEN_SUMMARY, 4, N_("Summary"), N_("Summ."), role_summary, summary),
	SCREEN_ENTRY(SCREEN_EVAL, 5, N_("Evaluations"), N_("Eval."), role_eval, eval),
	SCREEN_ENTRY(SCREEN_MINE, 6, N_("My assessment"), N_("Mine"), role_any, archive),
	SCREEN_ENTRY(SCREEN_ADMIN, 7, N_("Admin"), N_("Admin"), role_admin, admin),
	SCREEN_ENTRY(SCREEN_SCORE, 8, N_("Ballot"), N_("Ballot"), role_score, score),
	SCREEN_ENTRY(SCREEN_RANK, 9, N_("Rankings"), N_("Ranks"), role_rank, rank),
	SCREEN_ENTRY(SCREEN_ORGS, 0, N_("Party building"), N_("Party"), role_orgs, orgs),
};

static const struct screen_def *
screen_def(enum ui_screen s)
{
	for (size_t i = 0; i < nitems(screens); i++)
		if (screens[i].screen == s)
			return &screens[i];
	return NULL;
}

const struct doc *
ui_doc(struct ui *ui, const struct doc *d)
{
	if (d != NULL)
		client_net_doc_fetch(ui->net, d->id);
	return d;
}

bool
ui_doc_loading(struct ui *ui, const struct doc *d)
{
	return d != NULL && sync_doc_slim(client_net_sync(ui->net), d->id);
}

struct model *
ui_model(struct ui *ui)
{
	model_refresh(&ui->model, client_net_sync(ui->net), ui_me(ui), ui_today(ui));
	return &ui->model;
}

uint64_t
ui_me(struct ui *ui)
{
	return client_net_login_info(ui->net)->user;
}

uint32_t
ui_role(struct ui *ui)
{
	const struct person *p = sync_person_find(client_net_sync(ui->net), ui_me(ui));

	/* The copy knows of a role changed since the login. */
	return p != NULL ? p->role : client_net_login_info(ui->net)->role;
}

uint32_t
ui_today(struct ui *ui)
{
	return client_net_today(ui->net);
}

void
ui_goto(struct ui *ui, enum ui_screen s)
{
	const struct screen_def *d = screen_def(s);

	if (d != NULL && d->allowed(ui_role(ui)))
		ui->screen = s;
}

/* The first screen a role sees after logging in. */
static enum ui_screen
home_screen(struct ui *ui)
{
	return ui_role(ui) == ROLE_ORG_DEPT ? SCREEN_QUEUE : SCREEN_LOG;
}

void
ui_bench_mark(const char *mark, uint64_t n)
{
	if (bench_file == NULL)
		return;
	fprintf(bench_file, "%s %llu %llu\n", mark, (unsigned long long)mono_us(),
	    (unsigned long long)n);
	fflush(bench_file);
}

/* ---- drawing helpers ---- */

/* Clicks and the wheel, unless KAOHE_MOUSE=off (the terminal's own
 * selection of text then works without Shift).  A press is acted on at
 * once: a second click on the selected row opens it, so a double click
 * needs no timing of its own. */
static void
mouse_init(void)
{
	const char *env = getenv("KAOHE_MOUSE");
	mmask_t want = BUTTON1_PRESSED | BUTTON4_PRESSED;

	if (env != NULL && (strcmp(env, "off") == 0 || strcmp(env, "0") == 0 ||
	    strcmp(env, "no") == 0))
		return;
#ifdef BUTTON5_PRESSED
	want |= BUTTON5_PRESSED;
#endif
	mouseinterval(0);
	mousemask(want, NULL);
}

enum {
	PAIR_TITLE = 1, PAIR_STATUS, PAIR_SELECTED, PAIR_CYAN, PAIR_YELLOW,
	PAIR_RED, PAIR_GREEN, PAIR_FIELD,
};

static void
colors_init(void)
{
	const char *no_color = getenv("NO_COLOR");

	/* Colour only helps: a terminal without it, or a user who asked for
	 * none (NO_COLOR, as no-color.org has it), gets the same screens in
	 * reverse, bold and underline (ui_attr). */
	if (!has_colors() || (no_color != NULL && no_color[0] != '\0'))
		return;
	start_color();
	use_default_colors();
	init_pair(PAIR_TITLE, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_STATUS, COLOR_BLACK, COLOR_WHITE);
	init_pair(PAIR_SELECTED, COLOR_BLACK, COLOR_CYAN);
	init_pair(PAIR_CYAN, COLOR_CYAN, -1);
	init_pair(PAIR_YELLOW, COLOR_YELLOW, -1);
	init_pair(PAIR_RED, COLOR_RED, -1);
	init_pair(PAIR_GREEN, COLOR_GREEN, -1);
	init_pair(PAIR_FIELD, COLOR_WHITE, COLOR_BLUE);
	ui_colors = true;
}

int
ui_attr(enum ui_look look)
{
	if (!ui_colors) {
		switch (look) {
		case UI_TITLE:
		case UI_STATUS:
		case UI_SELECTED:
		case UI_FIELD_ACTIVE:
			return A_REVERSE;
		case UI_SELECTED_DIM:
			return A_BOLD | A_UNDERLINE;
		case UI_HEADER:
		case UI_ERROR:
		case UI_WARN:
		case UI_KEY:
			return A_BOLD;
		case UI_FIELD:
			return A_UNDERLINE;
		default:
			return A_NORMAL;
		}
	}
	switch (look) {
	case UI_TITLE:
		return COLOR_PAIR(PAIR_TITLE) | A_BOLD;
	case UI_STATUS:
		return COLOR_PAIR(PAIR_STATUS);
	case UI_SELECTED:
		return COLOR_PAIR(PAIR_SELECTED);
	case UI_SELECTED_DIM:
		return COLOR_PAIR(PAIR_CYAN) | A_BOLD;
	case UI_HEADER:
		return COLOR_PAIR(PAIR_YELLOW) | A_BOLD;
	case UI_ERROR:
		return COLOR_PAIR(PAIR_RED) | A_BOLD;
	case UI_GOOD:
		return COLOR_PAIR(PAIR_GREEN);
	case UI_WARN:
		return COLOR_PAIR(PAIR_YELLOW) | A_BOLD;
	case UI_KEY:
		return COLOR_PAIR(PAIR_CYAN) | A_BOLD;
	case UI_DIM:
		return COLOR_PAIR(PAIR_CYAN);
	case UI_FIELD:
		return A_UNDERLINE;
	case UI_FIELD_ACTIVE:
		return COLOR_PAIR(PAIR_FIELD);
	default:
		return A_NORMAL;
	}
}

int
ui_put_cut(int y, int x, int width, const char *s, int attr, bool pad,
    bool cut)
{
	wchar_t buf[512];
	int used;

	if (width <= 0 || x >= COLS || y >= LINES)
		return 0;
	if (x + width > COLS)
		width = COLS - x;
	if (width > 500)
		width = 500;
	used = text_fit_wide(s, width, pad, cut, buf, nitems(buf));
	attron(attr);
	mvaddwstr(y, x, buf);
	attroff(attr);
	return used;
}

int
ui_put(int y, int x, int width, const char *s, int attr, bool pad)
{
	return ui_put_cut(y, x, width, s, attr, pad, false);
}

void
ui_putw(int y, int x, const wchar_t *s, int attr)
{
	attron(attr);
	mvaddwstr(y, x, s);
	attroff(attr);
}

void
ui_field_draw(int y, const char *label, struct edit *e, bool active, int width)
{
	wchar_t view[256];
	int cx;

	ui_put(y, 2, 8, label, ui_attr(active ? UI_KEY : UI_NORMAL), true);
	cx = edit_view(e, width, view, nitems(view));
	ui_putw(y, 10, view, ui_attr(active ? UI_FIELD_ACTIVE : UI_FIELD));
	if (active) {
		move(y, 10 + cx);
		curs_set(1);
	}
}

void
ui_box(int y, int x, int h, int w, const char *title)
{
	/* Blank the whole rows, not only the box: half of a wide character
	 * left beside it would show as garbage. */
	for (int r = y; r < y + h; r++)
		mvhline(r, 0, ' ', COLS);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	if (title != NULL)
		ui_put(y, x + 2, w - 4, title, ui_attr(UI_HEADER), false);
}

void
ui_msg(struct ui *ui, enum ui_look look, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_look = look;
	ui->msg_at = mono_us() / 1000;
}

/* A row of "key label" pairs, cut at the right edge. */
void
ui_draw_keys(int y, const char *const *keys)
{
	int x = 1;

	move(y, 0);
	clrtoeol();
	for (size_t i = 0; keys[i] != NULL && keys[i + 1] != NULL; i += 2) {
		const char *key = ui_tr(keys[i]), *label = ui_tr(keys[i + 1]);
		int kw = text_width(key), lw = text_width(label);

		if (x + kw + 1 + lw > COLS - 1)
			break;
		x += ui_put(y, x, kw, key, ui_attr(UI_KEY), false) + 1;
		x += ui_put(y, x, lw, label, ui_attr(UI_NORMAL), false) + 2;
	}
}

void
ui_draw_title(struct ui *ui, const char *what)
{
	char left[256], right[64], who[200];
	const struct net_login *li = client_net_login_info(ui->net);
	uint32_t today = client_net_today(ui->net);
	int rw;

	attron(ui_attr(UI_TITLE));
	mvhline(0, 0, ' ', COLS);
	attroff(ui_attr(UI_TITLE));
	if (client_net_logged_in(ui->net) || li->user != 0) {
		/* TRANSLATORS: a person and their unit. */
		snprintf(who, sizeof who, _("%s (%s)"), li->display_name, li->unit);
		snprintf(left, sizeof left, " kaohe %s   %s", what, who);
	} else
		snprintf(left, sizeof left, " kaohe %s", what);
	/* TRANSLATORS: the date in the title: the weekday, then year, month
	 * and day. */
	snprintf(right, sizeof right, _("%s %04u-%02u-%02u"), ui_weekday(today), today / 10000,
	    today / 100 % 100, today % 100);
	snprintf(right + strlen(right), sizeof right - strlen(right), " ");
	rw = text_width(right);
	ui_put(0, COLS - rw, rw, right, ui_attr(UI_TITLE), false);
	ui_put(0, 0, COLS - rw - 1, left, ui_attr(UI_TITLE), false);
}

void
ui_draw_status(struct ui *ui)
{
	struct sync *s = client_net_sync(ui->net);
	enum sync_state st = client_net_state(ui->net);
	const struct net_login *li = client_net_login_info(ui->net);
	size_t pw = client_net_pending_writes(ui->net);
	char left[400], right[128];
	int y = LINES - 2, x, look;

	attron(ui_attr(UI_STATUS));
	mvhline(y, 0, ' ', COLS);
	attroff(ui_attr(UI_STATUS));
	snprintf(left, sizeof left, " %s  %s", client_net_endpoint(ui->net),
	    li->login[0] != '\0' ? li->login : "-");
	uint32_t tries = client_net_sync_tries(ui->net);
	char loading[64] = "";

	/* A SYNC sent again had its reply lost: say it is being retried. */
	if (tries > 1)
		snprintf(loading, sizeof loading, _("Sync retry %u"), tries - 1);
	else if (sync_paging(s))
		snprintf(loading, sizeof loading, ngettext("Loading %zu record",
		    "Loading %zu records", sync_doc_count(s)), sync_doc_count(s));
	snprintf(right, sizeof right, "%s%s%s%sseq %llu ", loading, loading[0] ? "  " : "",
	    sync_truncated(s) ? _("Log only partly loaded") : "", sync_truncated(s) ? "  " : "",
	    (unsigned long long)sync_topic_seq(s));
	if (pw > 0) {
		size_t len = strlen(right);

		snprintf(right + len, sizeof right - len, " ");
		len = strlen(right);
		snprintf(right + len, sizeof right - len, _("Unsent %zu"), pw);
		len = strlen(right);
		snprintf(right + len, sizeof right - len, " ");
	}
	const char *state = client_net_stopped(ui->net) ? _("Stopped") : sync_state_name(st);
	int sw = text_width(state) + 2, rw = text_width(right);
	uint64_t jd, jt, jms;

	if (ui->job != NULL)
		job_progress(ui->job, &jd, &jt, &jms);
	if (ui->job != NULL && jms >= UI_JOB_QUIET_MS)
		ui_job_draw(ui, y, 0, COLS - sw - rw - 1);
	else
		x = ui_put(y, 0, COLS - sw - rw - 1, left, ui_attr(UI_STATUS), false);
	(void)x;
	look = st == SYNC_CONNECTED ? UI_GOOD : (st == SYNC_STALE ? UI_ERROR : UI_WARN);
	if (ui_colors)
		ui_put(y, COLS - rw - sw, sw, state, ui_attr(look) | A_REVERSE, false);
	else
		ui_put(y, COLS - rw - sw, sw, state,
		    ui_attr(UI_STATUS) | (st == SYNC_CONNECTED ? 0 : A_BOLD), false);
	ui_put(y, COLS - rw, rw, right, ui_attr(UI_STATUS), false);
}

void
ui_draw_message(struct ui *ui, int y)
{
	uint64_t now = mono_us() / 1000;

	move(y, 0);
	clrtoeol();
	if (ui->msg[0] != '\0' && ui->msg_look != UI_ERROR && now - ui->msg_at > UI_MSG_MS)
		ui->msg[0] = '\0';
	if (ui->msg[0] != '\0')
		ui_put(y, 1, COLS - 2, ui->msg, ui_attr(ui->msg_look), false);
}

int
ui_rows(void)
{
	return LINES - 3 - UI_TOP;
}

/* Where draw_tabs() put each tab, for a click on it. */
struct tab_place {
	int		 x0, x1;
	enum ui_screen	 screen;
};
static struct tab_place tab_at[16];
static size_t ntab_at;

/* How a tab's name is drawn when the line is full. */
enum tab_fit {
	TAB_FULL,	/* every name whole */
	TAB_SHORT,	/* the other screens' short names ("4季度", "4Summ.") */
	TAB_BRIEF,	/* those, and a shorter count of what is due */
	TAB_ALL_SHORT,	/* the current screen's short name too (the title has
			 * its whole name) */
	TAB_CUT,	/* the other short names cut to four columns */
};

/* The name of d as its tab shows it, and the columns it takes. */
static const char *
tab_name(const struct screen_def *d, bool cur, enum tab_fit fit, int *width)
{
	const char *name = _((cur && fit < TAB_ALL_SHORT) || fit == TAB_FULL ?
	    d->name : d->short_name);

	*width = text_width(name);
	if (fit == TAB_CUT && !cur && *width > 4)
		*width = 4;
	return name;
}

/* The columns the role's tabs take with sp spaces around each number. */
static int
tabs_width(struct ui *ui, uint32_t role, enum tab_fit fit, int sp)
{
	int total = 0, w;

	for (size_t i = 0; i < nitems(screens); i++)
		if (screens[i].allowed(role)) {
			tab_name(&screens[i], screens[i].screen == ui->screen, fit, &w);
			total += w + 2 + sp;
		}
	return total;
}

/* The line under the title: the screens this role has, and what is due. */
static void
draw_tabs(struct ui *ui)
{
	uint32_t role = ui_role(ui);
	char right[128], num[8];
	int x = 0, rw = 0, sp = 0;
	enum tab_fit fit;

	move(1, 0);
	clrtoeol();
	/* Tabs " 1 日志 "; when a role has too many for the line, "1 日志 ",
	 * then "1日志 ", then the other screens' short names ("4季度"), then
	 * a shorter count of what is due, then the current screen's short
	 * name too, then the others cut to four columns. */
	for (fit = TAB_FULL; fit <= TAB_CUT; fit++) {
		model_summary(ui_model(ui), fit >= TAB_BRIEF, right, sizeof right);
		rw = text_width(right);
		for (sp = fit == TAB_FULL ? 2 : 0; sp >= 0; sp--)
			if (tabs_width(ui, role, fit, sp) <= COLS - rw - 2)
				break;
		if (sp >= 0)
			break;
	}
	if (fit > TAB_CUT) {
		fit = TAB_CUT;
		sp = 0;
	}
	ntab_at = 0;
	for (size_t i = 0; i < nitems(screens); i++) {
		const struct screen_def *d = &screens[i];
		bool cur = d->screen == ui->screen;
		int lead = sp == 2, gap = sp >= 1, nw;
		const char *name = tab_name(d, cur, fit, &nw);
		int w = nw + 2 + sp;

		if (!d->allowed(role))
			continue;
		if (x + w > COLS - rw - 2)
			break;
		snprintf(num, sizeof num, "%s%d", lead ? " " : "", d->number);
		ui_put(1, x, 1 + lead, num, cur ? ui_attr(UI_SELECTED) : ui_attr(UI_KEY), false);
		ui_put(1, x + 1 + lead, w - 1 - lead, "", cur ? ui_attr(UI_SELECTED) : 0, true);
		ui_put(1, x + 1 + lead + gap, w - 2 - lead - gap, name,
		    cur ? (int)(ui_attr(UI_SELECTED) | A_BOLD) : ui_attr(UI_NORMAL), false);
		if (ntab_at < nitems(tab_at))
			tab_at[ntab_at++] = (struct tab_place){ x, x + w, d->screen };
		x += w;
	}
	/* Overdue work shows in the warning look, the rest plainly. */
	ui_put(1, COLS - rw - 1, rw, right,
	    ui->model.overdue > 0 || ui->model.count[TODO_RETURNED] > 0 ?
	    ui_attr(UI_WARN) : ui_attr(UI_DIM), false);
}

/* The keys while a question waits on the message line. */
static const char *const answer_keys[] = {
	"y", N_("yes"), N_("n, Esc or any other key"), N_("no"), NULL
};

void
ui_frame(struct ui *ui, const char *what, const char *const *keys)
{
	ui_draw_title(ui, what);
	draw_tabs(ui);
	ui_draw_message(ui, LINES - 3);
	if (ui->ask.open) {
		move(LINES - 3, 0);
		clrtoeol();
		ui_put_cut(LINES - 3, 1, COLS - 2, ui->ask.text, ui_attr(UI_WARN), false, true);
	}
	ui_draw_status(ui);
	ui_draw_keys(LINES - 1, ui->ask.open ? answer_keys : keys);
}

void
ui_ask(struct ui *ui, int action, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(ui->ask.text, sizeof ui->ask.text, fmt, ap);
	va_end(ap);
	len = strlen(ui->ask.text);
	snprintf(ui->ask.text + len, sizeof ui->ask.text - len, " (y/n)");
	ui->ask.open = true;
	ui->ask.screen = ui->screen;
	ui->ask.action = action;
}

const char *
ui_field_label(const char *key)
{
	static const struct {
		const char *key, *label;
	} labels[] = {
		{ "comment", N_("Remarks") }, { "reason", N_("Justification") },
		{ "grade", N_("Grade") }, { "period", N_("Period") },
		{ "version", N_("Version") }, { "state", N_("State") },
		{ "subject", N_("Person assessed") }, { "kind", N_("Kind of record") },
		{ "id", N_("Record") }, { "unfinished", N_("Unfinished tasks") },
		{ "reviewer", N_("Reviewer") }, { "duties", N_("Duties performed") },
		{ "goals", N_("Goals and tasks achieved") },
		{ "plan", N_("Plan for next month") },
		{ "performance", N_("Performance of duties") },
		{ "tasks", N_("Tasks completed") }, { "attendance", N_("Attendance") },
		{ "note", N_("Notes of the talk") }, { "name", N_("Unit name") },
		{ "parent", N_("Parent unit") }, { "supervisor", N_("Supervising leader") },
		{ "login", N_("Login name") }, { "display_name", N_("Full name") },
		{ "role", N_("Role") }, { "unit_id", N_("Unit") },
		{ "password", N_("Password") }, { "session", N_("Session") },
	};

	for (size_t i = 0; key != NULL && i < nitems(labels); i++)
		if (strcmp(labels[i].key, key) == 0)
			return _(labels[i].label);
	return key != NULL ? key : "";
}

void
ui_error_text(const struct net_event *ev, char *buf, size_t len)
{
	if (ev->field[0] != '\0')
		snprintf(buf, len, _("%s (%s)"), ev->message, ui_field_label(ev->field));
	else
		snprintf(buf, len, "%s", ev->message);
}

void
ui_time(uint64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (ms == 0) {
		snprintf(buf, len, "—");
		return;
	}
	localtime_r(&t, &tm);
	snprintf(buf, len, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min);
}

void
ui_day(uint32_t day, char *buf, size_t len)
{
	if (day == 0)
		snprintf(buf, len, "—");
	else
		snprintf(buf, len, "%02u-%02u", day / 100 % 100, day % 100);
}

static void
draw_too_small(void)
{
	char buf[128];
	int y = LINES / 2 - 1;

	erase();
	const char *head = _("Terminal too small");
	int hw = text_width(head);

	/* The second line stays in English in every language: it reads on a
	 * terminal that cannot show the first. */
	snprintf(buf, sizeof buf, "terminal too small (need %dx%d, now %dx%d)",
	    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	ui_put_cut(y < 0 ? 0 : y, (COLS - hw) / 2 < 0 ? 0 : (COLS - hw) / 2, COLS,
	    head, A_BOLD, false, true);
	ui_put_cut(y + 1, (COLS - text_width(buf)) / 2 < 0 ? 0 : (COLS - text_width(buf)) / 2,
	    COLS, buf, A_NORMAL, false, true);
}

const char *const log_help[] = {
	N_("↑/↓ or j/k"), N_("Select a day or an entry"),
	"PgUp/PgDn", N_("Page up and down"),
	"Tab, ←/→", N_("Switch between the days and the entries"),
	"a", N_("Add an entry (on the selected day)"),
	N_("e or Enter"), N_("Edit the selected entry"),
	"d", N_("Delete the selected entry (asks first)"),
	"t", N_("Back to today"),
	"/", N_("Search the log: only the days and entries holding the words typed; Esc clears"),
	N_("click"), N_("Select a day or an entry; a second click on an entry edits it"),
	"r", N_("Sync again"),
	N_("In the entry form"), N_("Tab/↑↓ next field, ←/→ or Space the category"),
	"", N_("Enter next field (saves on Details), Ctrl-S save, Esc cancel"),
	NULL, NULL
};

/* How many characters of s[0..n) make its next line of width columns,
 * broken after a space when the line would end inside a word. */
static size_t
help_wrap(const wchar_t *s, size_t n, int width)
{
	size_t k = text_wrap(s, n, width);

	if (k < n && s[k] != L' ')
		for (size_t j = k; j > k / 2; j--)
			if (s[j - 1] == L' ')
				return j;
	/* A closing mark never starts a line: take a character down with it. */
	if (k < n && k > 1 && text_closing(s[k]))
		k--;
	return k;
}

/* The lines text takes in width columns. */
static int
help_count(const char *text, int width)
{
	size_t n, at = 0;
	wchar_t *w = text_decode_new(text, &n);
	int lines = 0;

	do {
		at += help_wrap(w + at, n - at, width);
		while (at < n && w[at] == L' ')
			at++;
		lines++;
	} while (at < n);
	free(w);
	return lines;
}

/* The current screen's keys, then the keys of every screen.  A description
 * too long for its column goes on over the next lines. */
static void
draw_help(struct ui *ui)
{
	static const char *const common[] = {
		N_("0-9 or F1-F10"), N_("Go to a screen (the line under the title; or click it)"),
		N_("? / Ctrl-L"), N_("This help / redraw the screen"),
		N_("q / Q, Ctrl-C"), N_("Back from what is open over a list, else quit / quit"),
		NULL, NULL
	};
	const struct screen_def *d = screen_def(ui->screen);
	const char *const *lines = d != NULL ? d->help(ui) : log_help;
	int n = 0, h, w = 76, y0, x0, y, tw;
	char title[80], head[64];

	tw = w - 21;
	for (int pass = 0; pass < 2; pass++) {
		const char *const *l = pass == 0 ? lines : common;

		for (int i = 0; l[i] != NULL; i += 2)
			n += help_count(ui_tr(l[i + 1]), tw);
	}
	h = n + 4;
	if (h > LINES - 1)
		h = LINES - 1;
	y0 = (LINES - h) / 2;
	x0 = (COLS - w) / 2;
	snprintf(head, sizeof head, _("Help: %s"), _(d != NULL ? d->name : screens[0].name));
	snprintf(title, sizeof title, " %s ", head);
	ui_box(y0, x0, h, w, title);
	y = y0 + 1;
	for (int pass = 0; pass < 2; pass++) {
		const char *const *l = pass == 0 ? lines : common;

		for (int i = 0; l[i] != NULL && y < y0 + h - 2; i += 2) {
			wchar_t line[256], *text;
			size_t len, at = 0, k;

			ui_put(y, x0 + 2, 16, ui_tr(l[i]), ui_attr(UI_KEY), true);
			text = text_decode_new(ui_tr(l[i + 1]), &len);
			do {
				k = help_wrap(text + at, len - at, tw);
				if (k >= nitems(line))
					k = nitems(line) - 1;
				wmemcpy(line, text + at, k);
				line[k] = L'\0';
				ui_putw(y++, x0 + 19, line, ui_attr(UI_NORMAL));
				at += k;
				while (at < len && text[at] == L' ')
					at++;
			} while (at < len && y < y0 + h - 2);
			free(text);
		}
	}
	ui_put(y0 + h - 2, x0 + 2, w - 4, _("Press any key to go back"), ui_attr(UI_DIM), false);
}

static void
draw_stopped(struct ui *ui)
{
	int w = 70, h = 8, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	wchar_t *msg, line[128];
	size_t n, at = 0, k;

	char title[64];

	ui_draw_title(ui, _("Stopped"));
	snprintf(title, sizeof title, " %s ", _("Cannot continue"));
	ui_box(y0, x0, h, w, title);
	msg = text_decode_new(ui->stop_msg, &n);
	for (int r = 0; r < 3 && at < n; r++) {
		while (at < n && msg[at] == L' ')
			at++;
		k = text_wrap(msg + at, n - at, w - 6);
		if (k >= nitems(line))
			k = nitems(line) - 1;
		wmemcpy(line, msg + at, k);
		line[k] = L'\0';
		ui_putw(y0 + 2 + r, x0 + 3, line, ui_attr(UI_ERROR));
		at += k;
	}
	free(msg);
	ui_put(y0 + h - 2, x0 + 3, w - 6, _("Press any key to quit"), ui_attr(UI_DIM), false);
	ui_draw_status(ui);
}

static void
draw(struct ui *ui)
{
	curs_set(0);
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		draw_too_small();
		refresh();
		return;
	}
	switch (ui->screen) {
	case SCREEN_LOGIN:
		login_draw(ui);
		break;
	case SCREEN_STOPPED:
		draw_stopped(ui);
		break;
	default: {
		const struct screen_def *d = screen_def(ui->screen);

		if (d == NULL || !d->allowed(ui_role(ui))) {
			/* A role change took this screen away. */
			ui->screen = home_screen(ui);
			d = screen_def(ui->screen);
		}
		d->draw(ui);
		if (bench_file != NULL && !bench_queue_drawn && ui->screen == SCREEN_QUEUE &&
		    sync_has_copy(client_net_sync(ui->net))) {
			bench_queue_drawn = true;
			refresh();
			ui_bench_mark("queue", ui->model.ntodo);
		}
		if (ui->confirm == CONFIRM_QUIT) {
			char q[256];
			size_t pw = client_net_pending_writes(ui->net);

			if (ui->job != NULL)
				snprintf(q, sizeof q, _("%s is still running and will stop unfinished. "
				    "Quit anyway? (y/n)"), job_what(ui->job));
			else if (pw > 0)
				snprintf(q, sizeof q, ngettext("%zu change not yet sent to the server "
				    "will be lost. Quit anyway? (y/n)", "%zu changes not yet sent to "
				    "the server will be lost. Quit anyway? (y/n)", pw), pw);
			else if (ui->drafts != NULL)
				snprintf(q, sizeof q, "%s", _("What you typed is not saved to the "
				    "server; it is kept here for next time. Quit? (y/n)"));
			else
				snprintf(q, sizeof q, "%s", _("What you typed is not saved and will be "
				    "lost. Quit anyway? (y/n)"));
			move(LINES - 3, 0);
			clrtoeol();
			ui_put(LINES - 3, 1, COLS - 2, q, ui_attr(UI_WARN), false);
			curs_set(0);
		}
		if (ui->confirm != CONFIRM_NONE)
			ui_draw_keys(LINES - 1, answer_keys);
		break;
	}
	}
	if (ui->help) {
		curs_set(0);
		draw_help(ui);
	}
	refresh();
}

/* Whether any screen holds text not yet saved. */
static bool
unsaved(struct ui *ui)
{
	for (size_t i = 0; i < nitems(screens); i++)
		if (screens[i].unsaved(ui))
			return true;
	return false;
}

void
ui_resync(struct ui *ui)
{
	sync_want(client_net_sync(ui->net), SYNC_NEED_SINCE);
	ui_msg(ui, UI_NORMAL, "%s", _("Syncing again..."));
}

void
ui_request_quit(struct ui *ui)
{
	if (client_net_pending_writes(ui->net) > 0 || unsaved(ui) || ui->job != NULL)
		ui->confirm = CONFIRM_QUIT;
	else
		ui->quit = true;
}

/* ---- events from the network ---- */

/* A reply to a screen's request: the screen that sent it takes it. */
static bool
route_event(struct ui *ui, const struct net_event *ev)
{
	for (size_t i = 0; i < nitems(screens); i++)
		if (screens[i].event != NULL && screens[i].event(ui, ev))
			return true;
	return false;
}

static void
handle_events(struct ui *ui)
{
	struct net_event ev;

	while (client_net_event(ui->net, &ev)) {
		switch (ev.type) {
		case NET_EV_LOGIN_OK: {
			const struct net_login *li = client_net_login_info(ui->net);

			ui_bench_mark("login_ok", li->user);
			edit_clear(&ui->password);
			ui->login_msg[0] = '\0';
			if (ui->last_user != 0 && ui->last_user != li->user) {
				/* Someone else: nothing of the last user's
				 * screens may show. */
				if (ui->job != NULL)
					job_cancel(ui->job);	/* it was the last user's */
				for (size_t i = 0; i < nitems(screens); i++)
					if (screens[i].free != NULL)
						screens[i].free(ui);
				form_close(&ui->form);
				ui->last_screen = SCREEN_LOGIN;
			}
			ui->last_user = li->user;
			ui_drafts_login(ui, li->login);
			if (ui->screen == SCREEN_LOGIN || ui->screen == SCREEN_STOPPED)
				ui->screen = ui->last_screen != SCREEN_LOGIN ?
				    ui->last_screen : home_screen(ui);
			if (ui->sel_day == 0)
				ui->sel_day = li->today;
			ui_msg(ui, UI_GOOD, _("Hello, %s. Logged in as %s."), li->display_name,
			    role_name(li->role));
			break;
		}
		case NET_EV_LOGIN_FAILED:
			strlcpy_kh(ui->login_msg, ev.message, sizeof ui->login_msg);
			ui->login_msg_bad = true;
			edit_clear(&ui->password);
			ui->login_field = 1;
			break;
		case NET_EV_SESSION_LOST:
			strlcpy_kh(ui->login_msg, ev.message, sizeof ui->login_msg);
			ui->login_msg_bad = true;
			edit_set(&ui->login, client_net_login_info(ui->net)->login);
			edit_clear(&ui->password);
			ui->login_field = 1;
			/* Back to the same screen, with what was typed, after
			 * the login. */
			ui->last_screen = ui->screen;
			ui->screen = SCREEN_LOGIN;
			break;
		case NET_EV_WRITE_OK:
			/* The server has it: its local draft may go. */
			if (ui->drafts != NULL)
				draft_acked(ui->drafts, ev.reqid);
			if (ev.request != MSG_LOG_PUT && ev.request != MSG_LOG_DELETE) {
				if (!route_event(ui, &ev))
					ui_msg(ui, UI_GOOD, "%s", _("Saved"));
			} else if (ev.request == MSG_LOG_DELETE)
				ui_msg(ui, UI_GOOD, "%s", _("Deleted"));
			else {
				ui_msg(ui, UI_GOOD, "%s", _("Saved"));
				if (ev.reqid == ui->save_reqid) {
					ui->sel_day = ev.entry.date;
					ui->sel_id = ev.entry.id;
				}
			}
			break;
		case NET_EV_WRITE_FAILED:
		case NET_EV_READ_FAILED:
			if (ui->drafts != NULL)
				draft_refused(ui->drafts, ev.reqid);
			if (ev.request == MSG_LOG_PUT || ev.request == MSG_LOG_DELETE)
				log_write_failed(ui, &ev);
			else if (!route_event(ui, &ev)) {
				char why[800];

				ui_error_text(&ev, why, sizeof why);
				ui_msg(ui, UI_ERROR, _("Failed: %s"), why);
			}
			break;
		case NET_EV_READ_OK:
			route_event(ui, &ev);
			break;
		case NET_EV_VERSION:
			strlcpy_kh(ui->stop_msg, ev.message, sizeof ui->stop_msg);
			ui->screen = SCREEN_STOPPED;
			ui->status = 1;
			break;
		case NET_EV_ERROR:
			if (ui->screen == SCREEN_LOGIN) {
				strlcpy_kh(ui->login_msg, ev.message, sizeof ui->login_msg);
				ui->login_msg_bad = true;
			} else
				ui_msg(ui, UI_ERROR, "%s", ev.message);
			break;
		}
		client_net_event_free(&ev);
	}
}

/* A key on one of the screens of a logged-in user: first the question
 * asked, then the keys that work everywhere, then the screen's own. */
static void
screen_key(struct ui *ui, bool is_key, wint_t ch)
{
	const struct screen_def *d = screen_def(ui->screen);
	bool typing;

	if (d == NULL)
		return;
	/* A click is never an answer to a question: only y or n are. */
	if (is_key && ch == KEY_MOUSE && (ui->confirm != CONFIRM_NONE || ui->ask.open))
		return;
	if (is_key && ch == KEY_MOUSE && ui->mouse.what == MOUSE_CLICK && ui->mouse.y == 1) {
		for (size_t i = 0; i < ntab_at; i++)
			if (ui->mouse.x >= tab_at[i].x0 && ui->mouse.x < tab_at[i].x1)
				ui_goto(ui, tab_at[i].screen);
		return;
	}
	if (ui->confirm == CONFIRM_QUIT) {
		if (!is_key && (ch == 'y' || ch == 'Y'))
			ui->quit = true;
		else
			ui_msg(ui, UI_NORMAL, "%s", _("Cancelled"));
		ui->confirm = CONFIRM_NONE;
		return;
	}
	if (ui->ask.open) {
		const struct screen_def *asker = screen_def(ui->ask.screen);
		bool yes = !is_key && (ch == 'y' || ch == 'Y');

		ui->ask.open = false;
		if (asker != NULL && asker->answer != NULL)
			asker->answer(ui, ui->ask.action, yes);
		if (!yes)
			ui_msg(ui, UI_NORMAL, "%s", _("Cancelled"));
		return;
	}
	if (!is_key && ch == CTRL('C')) {
		ui_request_quit(ui);
		return;
	}
	typing = d->typing(ui);
	/* F1-F10 always switch (F10 for 0); digits only when not typing. */
	for (size_t i = 0; i < nitems(screens); i++) {
		int f = screens[i].number == 0 ? 10 : screens[i].number;
		bool hit = (is_key && ch == (wint_t)KEY_F(f)) ||
		    (!is_key && !typing && ch == (wint_t)('0' + screens[i].number));

		if (!hit)
			continue;
		if (!screens[i].allowed(ui_role(ui)))
			ui_msg(ui, UI_WARN, _("The %s screen is not open to your role"),
			    _(screens[i].name));
		else
			ui->screen = screens[i].screen;
		return;
	}
	if (!is_key && !typing && ch == '?') {
		ui->help = true;
		return;
	}
	if (!is_key && !typing && ch == 'q' && d->back(ui))
		return;
	if (!is_key && !typing && (ch == 'q' || ch == 'Q')) {
		ui_request_quit(ui);
		return;
	}
	d->key(ui, is_key, ch);
}

/* A mouse event into ui->mouse: false if it is none the screens use. */
static bool
take_mouse(struct ui *ui)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return false;
	ui->mouse.y = ev.y;
	ui->mouse.x = ev.x;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		ui->mouse.what = MOUSE_CLICK;
	else if (ev.bstate & BUTTON4_PRESSED)
		ui->mouse.what = MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		ui->mouse.what = MOUSE_WHEEL_DOWN;
#endif
	else
		return false;
	return true;
}

static void
handle_key(struct ui *ui, bool is_key, wint_t ch)
{
	if (is_key && ch == KEY_RESIZE)
		return;
	if (is_key && ch == KEY_MOUSE && !take_mouse(ui))
		return;
	if (!is_key && ch == CTRL('L')) {
		clearok(curscr, TRUE);
		return;
	}
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		/* Only leaving makes sense on the "too small" screen. */
		if (!is_key && (ch == CTRL('C') || ch == 'q'))
			ui_request_quit(ui);
		return;
	}
	if (ui->help) {
		ui->help = false;
		return;
	}
	switch (ui->screen) {
	case SCREEN_LOGIN:
		if (!is_key && ch == CTRL('C'))
			ui->quit = true;
		else
			login_key(ui, is_key, ch);
		return;
	case SCREEN_STOPPED:
		ui->quit = true;
		return;
	default:
		break;
	}
	screen_key(ui, is_key, ch);
}

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* A hang-up (the terminal closed) or a kill ends the client as q would,
 * after the drafts are on disk.  Set before initscr(), which then leaves
 * SIGINT and SIGTERM to us. */
static void
signals_init(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

int
ui_run(const struct ui_options *opt)
{
	struct ui ui;
	char err[512];
	uint64_t last_draw = 0;
	bool dirty = true;

	memset(&ui, 0, sizeof ui);
	ui.opt = opt;
	if (getenv("KAOHE_BENCH_FILE") != NULL &&
	    (bench_file = fopen(getenv("KAOHE_BENCH_FILE"), "a")) == NULL) {
		fprintf(stderr, _("kaohe: cannot open %s"), getenv("KAOHE_BENCH_FILE"));
		fputc('\n', stderr);
		return 1;
	}
	ui_bench_mark("start", 0);
	ui.net = client_net_new(opt->server, opt->pub, opt->workstation, opt->server_key, opt->own,
	    err, sizeof err);
	if (ui.net == NULL) {
		fprintf(stderr, "kaohe: %s\n", err);
		return 1;
	}
	edit_init(&ui.login, 64);
	edit_init(&ui.password, 256);
	ui.login.ascii = true;
	ui.password.secret = true;
	form_init(&ui.form);
	ui_drafts_open(&ui);
	if (opt->user != NULL) {
		edit_set(&ui.login, opt->user);
		ui.login_field = 1;
	}

	signals_init();
	if (initscr() == NULL) {
		fprintf(stderr, "%s\n", _("kaohe: cannot initialise the terminal"));
		draft_store_free(&ui.drafts);
		client_net_free(&ui.net);
		return 1;
	}
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	colors_init();
	mouse_init();

	while (!ui.quit) {
		uint64_t now = mono_us() / 1000;
		bool key_ready;
		wint_t ch;
		int rc;

		/* Redraw when something changed, and once a second for the
		 * clock and the link state. */
		if (dirty || now - last_draw >= (ui.job != NULL ? 200 : 1000)) {
			draw(&ui);
			last_draw = now;
			dirty = false;
		}
		/* A job in steps gets the time poll would have slept. */
		if (client_net_poll(ui.net, ui.job != NULL ? 5 : UI_TICK_MS, &key_ready))
			dirty = true;
		if (ui_job_turn(&ui))
			dirty = true;
		handle_events(&ui);
		/* Read keys whether or not poll saw stdin: a resize arrives as
		 * a signal, and ncurses may already hold buffered input. */
		while (!ui.quit && (rc = get_wch(&ch)) != ERR) {
			handle_key(&ui, rc == KEY_CODE_YES, ch);
			dirty = true;
		}
		ui_drafts_tick(&ui);
		if (got_signal != 0)
			break;
	}

	/* Before anything that may block on a terminal gone away. */
	if (ui.drafts != NULL)
		draft_flush(ui.drafts, true);
	job_free(&ui.job);	/* stops it: its file is not left half written */
	endwin();
	client_net_logout(ui.net);
	for (size_t i = 0; i < nitems(screens); i++)
		if (screens[i].free != NULL)
			screens[i].free(&ui);
	model_free(&ui.model);
	draft_store_free(&ui.drafts);
	schema_free(&log_entry_desc, &ui.confirm_entry);
	form_free(&ui.form);
	edit_free(&ui.login);
	edit_free(&ui.password);
	free(ui.days);
	free(ui.rows);
	list_free(&ui.logs);
	if (ui.screen == SCREEN_STOPPED && ui.stop_msg[0] != '\0')
		fprintf(stderr, "kaohe: %s\n", ui.stop_msg);
	client_net_free(&ui.net);
	if (bench_file != NULL)
		fclose(bench_file);
	bench_file = NULL;
	return ui.status;
}
