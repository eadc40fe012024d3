/*
 * client-ui.c: the client's screens and main loop.
 *
 * Three screens: login, the daily log (日志) with its entry form, and a
 * stopped screen for a protocol mismatch; help and confirmations draw over
 * them.  The loop waits in client_net_poll() on both sockets and stdin for
 * at most UI_TICK_MS, so an update published by another session is drawn
 * without a key press.  Every layout is computed in display columns
 * (client-text.c): 80x24 is the floor, and anything smaller gets a "too
 * small" screen until the terminal grows again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/util.h"
#include "common/version.h"
#include "client-form.h"
#include "client-net.h"
#include "client-text.h"
#include "client-ui.h"

#define UI_TICK_MS	150	/* longest wait for input of any kind */
#define UI_MSG_MS	10000	/* an information message fades after this */
#define CTRL(c)		((c) & 0x1f)

/* The left pane: one row per day. */
#define DAYS_WIDTH	27
#define ENTRIES_X	(DAYS_WIDTH + 2)

enum ui_screen { SCREEN_LOGIN, SCREEN_LOG, SCREEN_STOPPED };
enum ui_confirm { CONFIRM_NONE, CONFIRM_DELETE, CONFIRM_QUIT };
enum ui_pending { ROW_SAVED, ROW_PUT, ROW_DELETE };

struct day_row {
	uint32_t	 date;
	uint32_t	 minutes;
	uint32_t	 overtime;
	uint32_t	 count;
};

struct entry_row {
	const struct log_entry *e;
	enum ui_pending	 pending;
};

struct ui {
	const struct ui_options *opt;
	struct client_net *net;
	enum ui_screen	 screen;
	bool		 colors;
	bool		 help;
	bool		 quit;
	int		 status;

	enum ui_confirm	 confirm;
	struct log_entry confirm_entry;

	struct edit	 login;
	struct edit	 password;
	int		 login_field;
	char		 login_msg[640];
	bool		 login_msg_bad;

	struct day_row	*days;
	size_t		 ndays;
	size_t		 days_cap;
	struct entry_row *rows;
	size_t		 nrows;
	size_t		 rows_cap;
	uint32_t	 sel_day;
	size_t		 day_top;
	uint64_t	 sel_id;
	size_t		 entry_sel;
	size_t		 entry_top;
	int		 pane;		/* 0 days, 1 entries */

	struct form	 form;
	uint64_t	 save_reqid;	/* the form's last save */

	char		 msg[640];
	enum ui_look	 msg_look;
	uint64_t	 msg_at;
	char		 stop_msg[640];
};

static const char *const weekdays[] = {
	"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"
};
static const char *const weekdays_short[] = {
	"周日", "周一", "周二", "周三", "周四", "周五", "周六"
};

static bool ui_colors;

/* ---- drawing helpers ---- */

enum {
	PAIR_TITLE = 1, PAIR_STATUS, PAIR_SELECTED, PAIR_CYAN, PAIR_YELLOW,
	PAIR_RED, PAIR_GREEN, PAIR_FIELD,
};

static void
colors_init(void)
{
	if (!has_colors())
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

static int
put_text(int y, int x, int width, const char *s, int attr, bool pad, bool cut)
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
	return put_text(y, x, width, s, attr, pad, false);
}

void
ui_putw(int y, int x, const wchar_t *s, int attr)
{
	attron(attr);
	mvaddwstr(y, x, s);
	attroff(attr);
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

static void
set_msg(struct ui *ui, enum ui_look look, const char *fmt, ...) KH_PRINTF(3, 4);

static void
set_msg(struct ui *ui, enum ui_look look, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->msg, sizeof ui->msg, fmt, ap);
	va_end(ap);
	ui->msg_look = look;
	ui->msg_at = mono_us() / 1000;
}

/* A row of "key label" pairs, cut at the right edge. */
static void
draw_keys(int y, const char *const *keys)
{
	int x = 1;

	move(y, 0);
	clrtoeol();
	for (size_t i = 0; keys[i] != NULL && keys[i + 1] != NULL; i += 2) {
		int kw = text_width(keys[i]), lw = text_width(keys[i + 1]);

		if (x + kw + 1 + lw > COLS - 1)
			break;
		x += ui_put(y, x, kw, keys[i], ui_attr(UI_KEY), false) + 1;
		x += ui_put(y, x, lw, keys[i + 1], ui_attr(UI_NORMAL), false) + 2;
	}
}

static void
draw_title(struct ui *ui, const char *what)
{
	char left[256], right[64];
	const struct net_login *li = client_net_login_info(ui->net);
	uint32_t today = client_net_today(ui->net);
	int rw;

	attron(ui_attr(UI_TITLE));
	mvhline(0, 0, ' ', COLS);
	attroff(ui_attr(UI_TITLE));
	if (client_net_logged_in(ui->net) || li->user != 0)
		snprintf(left, sizeof left, " kaohe %s   %s（%s）", what, li->display_name, li->unit);
	else
		snprintf(left, sizeof left, " kaohe %s", what);
	snprintf(right, sizeof right, "%04u-%02u-%02u %s ", today / 10000,
	    today / 100 % 100, today % 100, weekdays[day_weekday(today)]);
	rw = text_width(right);
	ui_put(0, COLS - rw, rw, right, ui_attr(UI_TITLE), false);
	ui_put(0, 0, COLS - rw - 1, left, ui_attr(UI_TITLE), false);
}

static void
draw_status(struct ui *ui)
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
	if (pw > 0)
		snprintf(right, sizeof right, "seq %llu  待发送 %zu ",
		    (unsigned long long)sync_topic_seq(s), pw);
	else
		snprintf(right, sizeof right, "seq %llu ",
		    (unsigned long long)sync_topic_seq(s));
	const char *state = client_net_stopped(ui->net) ? "已停止" : sync_state_name(st);
	int sw = text_width(state) + 2, rw = text_width(right);
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

static void
draw_message(struct ui *ui, int y)
{
	uint64_t now = mono_us() / 1000;

	move(y, 0);
	clrtoeol();
	if (ui->msg[0] != '\0' && ui->msg_look != UI_ERROR && now - ui->msg_at > UI_MSG_MS)
		ui->msg[0] = '\0';
	if (ui->msg[0] != '\0')
		ui_put(y, 1, COLS - 2, ui->msg, ui_attr(ui->msg_look), false);
}

static void
draw_too_small(void)
{
	char buf[128];
	int y = LINES / 2 - 1;

	erase();
	snprintf(buf, sizeof buf, "terminal too small (need %dx%d, now %dx%d)",
	    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	put_text(y < 0 ? 0 : y, (COLS - 8) / 2 < 0 ? 0 : (COLS - 8) / 2, COLS,
	    "终端太小", A_BOLD, false, true);
	put_text(y + 1, (COLS - text_width(buf)) / 2 < 0 ? 0 : (COLS - text_width(buf)) / 2,
	    COLS, buf, A_NORMAL, false, true);
}

/* ---- login screen ---- */

static void
draw_login(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", "登录", "Tab", "切换", "Ctrl-C", "退出", NULL
	};
	int w = 56, x0 = (COLS - w) / 2, y0 = (LINES - 13) / 2;
	int fx = x0 + 12, fw = 30, cur_y, cur_x;
	wchar_t view[64];

	draw_title(ui, "考核系统");
	ui_box(y0, x0, 13, w, " 登录 ");
	ui_put(y0 + 2, x0 + 4, w - 8, "平时考核　工作日志", ui_attr(UI_HEADER), false);
	ui_put(y0 + 4, x0 + 4, 8, "服务器", ui_attr(UI_NORMAL), false);
	put_text(y0 + 4, fx, w - (fx - x0) - 2, client_net_endpoint(ui->net),
	    ui_attr(UI_DIM), false, true);
	ui_put(y0 + 6, x0 + 4, 8, "用户名", ui_attr(ui->login_field == 0 ? UI_HEADER : UI_NORMAL), false);
	ui_put(y0 + 8, x0 + 4, 8, "密  码", ui_attr(ui->login_field == 1 ? UI_HEADER : UI_NORMAL), false);
	int c0 = edit_view(&ui->login, fw, view, nitems(view));
	ui_putw(y0 + 6, fx, view, ui_attr(ui->login_field == 0 ? UI_FIELD_ACTIVE : UI_FIELD));
	int c1 = edit_view(&ui->password, fw, view, nitems(view));
	ui_putw(y0 + 8, fx, view, ui_attr(ui->login_field == 1 ? UI_FIELD_ACTIVE : UI_FIELD));
	if (ui->login_msg[0] != '\0')
		put_text(y0 + 10, x0 + 4, w - 8, ui->login_msg,
		    ui_attr(ui->login_msg_bad ? UI_ERROR : UI_WARN), false, true);
	else if (client_net_state(ui->net) != SYNC_CONNECTED)
		ui_put(y0 + 10, x0 + 4, w - 8, "正在连接服务器…", ui_attr(UI_WARN), false);
	draw_status(ui);
	draw_keys(LINES - 1, keys);
	cur_y = y0 + (ui->login_field == 0 ? 6 : 8);
	cur_x = fx + (ui->login_field == 0 ? c0 : c1);
	move(cur_y, cur_x);
	curs_set(1);
}

static void
login_submit(struct ui *ui)
{
	char *login = edit_get(&ui->login), *password = edit_get(&ui->password);

	if (*login == '\0') {
		ui->login_field = 0;
		snprintf(ui->login_msg, sizeof ui->login_msg, "请输入用户名");
		ui->login_msg_bad = true;
	} else if (client_net_login(ui->net, login, password) != 0) {
		snprintf(ui->login_msg, sizeof ui->login_msg, "正在登录…");
		ui->login_msg_bad = false;
	}
	free(login);
	free(password);
}

static void
login_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct edit *ed = ui->login_field == 0 ? &ui->login : &ui->password;

	if (!is_key && (ch == '\r' || ch == '\n')) {
		if (ui->login_field == 0 && edit_empty(&ui->password))
			ui->login_field = 1;
		else
			login_submit(ui);
		return;
	}
	if (is_key && ch == KEY_ENTER) {
		login_submit(ui);
		return;
	}
	if ((!is_key && ch == '\t') ||
	    (is_key && (ch == KEY_UP || ch == KEY_DOWN || ch == KEY_BTAB))) {
		ui->login_field = !ui->login_field;
		return;
	}
	if (!is_key && ch == 27) {
		client_net_cancel_login(ui->net);
		ui->login_msg[0] = '\0';
		return;
	}
	edit_key(ed, is_key, ch);
}

/* ---- the daily log ---- */

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

/* Rebuild the day list and the selected day's rows from the copy and the
 * writes still pending, keeping the selection on the same day and entry. */
static void
rebuild(struct ui *ui)
{
	struct sync *s = client_net_sync(ui->net);
	uint32_t today = client_net_today(ui->net);
	size_t n = sync_count(s), np = client_net_pending_writes(ui->net), i;
	const struct log_entry *e;
	bool del;

	ui->ndays = 0;
	add_day(ui, today);
	for (i = 0; i < n; i++) {
		e = sync_entry(s, i);
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
	for (i = 0; i < np; i++)
		if ((e = client_net_pending_write(ui->net, i, &del)) != NULL && !del &&
		    day_valid(e->date))
			add_day(ui, e->date);

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
		if (e->date != ui->sel_day)
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
		if (e != NULL && !del && e->id == 0 && e->date == ui->sel_day)
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
	char line[128], h[16], o[16], hr[16], orr[16], c[16];

	ui_put(y0 - 1, 1, DAYS_WIDTH - 1, "日期          工时  加班  条",
	    ui_attr(UI_HEADER), true);
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
		snprintf(line, sizeof line, "%02u-%02u %s %s %s %s", d->date / 100 % 100,
		    d->date % 100, d->date == today ? "今天" : weekdays_short[day_weekday(d->date)],
		    hr, orr, d->count > 0 ? c : "  -");
		look = i == sel ? (ui->pane == 0 ? UI_SELECTED : UI_SELECTED_DIM) : UI_NORMAL;
		ui_put(y0 + r, 1, DAYS_WIDTH - 1, line, ui_attr(look), true);
	}
}

static void
draw_entries(struct ui *ui, int y0, int rows)
{
	int w = COLS - ENTRIES_X - 1, cw = w - 23;
	struct sync *s = client_net_sync(ui->net);
	char line[256], h[16], o[16], hr[16], orr[16], cat[64];

	ui_put(y0 - 1, ENTRIES_X, w, "类别      工时  加班 内容", ui_attr(UI_HEADER), true);
	if (!sync_has_copy(s)) {
		ui_put(y0, ENTRIES_X, w, client_net_logged_in(ui->net) ?
		    "正在载入日志…" : "未登录", ui_attr(UI_DIM), false);
		return;
	}
	if (ui->nrows == 0) {
		ui_put(y0, ENTRIES_X, w, "这一天还没有日志，按 a 新增", ui_attr(UI_DIM), false);
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
			const char *mark = row->pending == ROW_DELETE ? "[删除中]" : "[待发送]";
			x += ui_put(y0 + r, x, 8, mark, ui_attr(UI_WARN), false);
			put_text(y0 + r, x, cw - 8, row->e->content, ui_attr(look), true, true);
		} else
			put_text(y0 + r, x, cw, row->e->content, ui_attr(look), true, true);
	}
}

/* The selected entry in full, wrapped over the lines below the lists. */
static void
draw_detail(struct ui *ui, int y0, int rows)
{
	const struct log_entry *e;
	char head[256], h[16], o[16], date[16];
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
	snprintf(head, sizeof head, " %s  %s  工时 %s  加班 %s  第 %zu/%zu 条 ", date,
	    category_name(e->category), h, o, ui->entry_sel + 1, ui->nrows);
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

static void
draw_log(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", "选择", "Tab", "切换", "a", "新增", "e", "修改", "d", "删除",
		"t", "今天", "?", "帮助", "q", "退出", NULL
	};
	int list_rows = LINES - 9;

	rebuild(ui);
	draw_title(ui, "日志");
	draw_days(ui, 2, list_rows);
	attron(ui_attr(UI_DIM));
	mvvline(1, DAYS_WIDTH, ACS_VLINE, list_rows + 1);
	attroff(ui_attr(UI_DIM));
	draw_entries(ui, 2, list_rows);
	draw_detail(ui, LINES - 6, 3);
	draw_message(ui, LINES - 3);
	draw_status(ui);
	draw_keys(LINES - 1, keys);
	if (ui->confirm != CONFIRM_NONE) {
		move(LINES - 3, 0);
		clrtoeol();
		if (ui->confirm == CONFIRM_DELETE) {
			char q[640], c[64];

			text_fit(ui->confirm_entry.content, 30, false, true, c, sizeof c);
			snprintf(q, sizeof q, "删除这条日志「%s」？(y/n)", c);
			ui_put(LINES - 3, 1, COLS - 2, q, ui_attr(UI_WARN), false);
		} else {
			char q[256];

			snprintf(q, sizeof q, "还有 %zu 条修改未发送到服务器，退出将丢失。确定退出？(y/n)",
			    client_net_pending_writes(ui->net));
			ui_put(LINES - 3, 1, COLS - 2, q, ui_attr(UI_WARN), false);
		}
	}
	if (ui->form.open)
		form_draw(&ui->form, ui_colors);
}

static void
draw_help(void)
{
	static const char *const lines[] = {
		"↑/↓ 或 j/k", "上下选择日期或日志",
		"PgUp/PgDn", "翻页",
		"Tab, ←/→", "在日期列表和日志列表之间切换",
		"a", "新增一条日志（默认所选日期）",
		"e 或 Enter", "修改所选日志",
		"d", "删除所选日志（需确认）",
		"/ 或 t", "回到今天",
		"r", "重新同步",
		"Ctrl-L", "重画屏幕",
		"?", "本帮助",
		"q 或 Ctrl-C", "退出",
		"表单中", "Tab/↑↓ 换项，←/→ 或空格换类别",
		"", "Enter 下一项（在内容上为保存），Ctrl-S 保存，Esc 取消",
		NULL, NULL
	};
	int w = 76, h = 18, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;

	ui_box(y0, x0, h, w, " 帮助 ");
	for (int i = 0; lines[i] != NULL; i += 2) {
		ui_put(y0 + 2 + i / 2, x0 + 3, 14, lines[i], ui_attr(UI_KEY), true);
		ui_put(y0 + 2 + i / 2, x0 + 18, w - 21, lines[i + 1], ui_attr(UI_NORMAL), false);
	}
	ui_put(y0 + h - 2, x0 + 3, w - 6, "按任意键返回", ui_attr(UI_DIM), false);
}

static void
draw_stopped(struct ui *ui)
{
	int w = 70, h = 8, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;
	wchar_t *msg, line[128];
	size_t n, at = 0, k;

	draw_title(ui, "已停止");
	ui_box(y0, x0, h, w, " 无法继续 ");
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
	ui_put(y0 + h - 2, x0 + 3, w - 6, "按任意键退出", ui_attr(UI_DIM), false);
	draw_status(ui);
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
		draw_login(ui);
		break;
	case SCREEN_LOG:
		draw_log(ui);
		break;
	case SCREEN_STOPPED:
		draw_stopped(ui);
		break;
	}
	if (ui->help) {
		curs_set(0);
		draw_help();
	}
	refresh();
}

/* ---- keys on the log screen ---- */

static void
move_day(struct ui *ui, int delta)
{
	size_t i = day_index(ui);

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

static void
form_save(struct ui *ui)
{
	struct log_entry e;

	form_entry(&ui->form, &e);
	ui->save_reqid = client_net_put(ui->net, &e);
	if (ui->save_reqid == 0)
		set_msg(ui, UI_ERROR, "无法保存：客户端已停止");
	else if (client_net_state(ui->net) == SYNC_CONNECTED)
		set_msg(ui, UI_NORMAL, "正在保存…");
	else
		set_msg(ui, UI_WARN, "服务器暂时连不上：已排队，恢复后自动发送");
	schema_free(&log_entry_desc, &e);
	form_close(&ui->form);
}

static void
request_quit(struct ui *ui)
{
	if (client_net_pending_writes(ui->net) > 0)
		ui->confirm = CONFIRM_QUIT;
	else
		ui->quit = true;
}

static void
log_key(struct ui *ui, bool is_key, wint_t ch)
{
	uint32_t today = client_net_today(ui->net);
	const struct entry_row *row;
	int page = LINES - 10;

	rebuild(ui);
	if (ui->confirm != CONFIRM_NONE) {
		bool yes = !is_key && (ch == 'y' || ch == 'Y');

		if (yes && ui->confirm == CONFIRM_DELETE) {
			if (client_net_delete(ui->net, &ui->confirm_entry) != 0)
				set_msg(ui, UI_NORMAL, "正在删除…");
		} else if (yes && ui->confirm == CONFIRM_QUIT)
			ui->quit = true;
		else
			set_msg(ui, UI_NORMAL, "已取消");
		schema_free(&log_entry_desc, &ui->confirm_entry);
		ui->confirm = CONFIRM_NONE;
		return;
	}
	if (ui->form.open) {
		switch (form_key(&ui->form, is_key, ch, today)) {
		case FORM_SAVE:
			form_save(ui);
			break;
		case FORM_CANCEL:
			form_close(&ui->form);
			set_msg(ui, UI_NORMAL, "已取消，未保存");
			break;
		default:
			break;
		}
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
		break;
	case 'e':
	case '\r':
	case '\n':
		goto edit;
	case 'd':
		if ((row = selected_row(ui)) == NULL)
			set_msg(ui, UI_WARN, "没有选中的日志");
		else if (row->pending != ROW_SAVED || row->e->id == 0)
			set_msg(ui, UI_WARN, "这条日志还在发送中，请稍候");
		else {
			schema_copy(&log_entry_desc, &ui->confirm_entry, row->e);
			ui->confirm = CONFIRM_DELETE;
		}
		break;
	case '/':
	case 't':
		ui->sel_day = today;
		ui->entry_sel = ui->entry_top = 0;
		ui->sel_id = 0;
		ui->pane = 0;
		break;
	case 'r':
		sync_want(client_net_sync(ui->net), SYNC_NEED_SINCE);
		set_msg(ui, UI_NORMAL, "正在重新同步…");
		break;
	case '?':
		ui->help = true;
		break;
	case 'q':
	case CTRL('C'):
		request_quit(ui);
		break;
	}
	return;

edit:
	if ((row = selected_row(ui)) == NULL) {
		if (ui->pane == 0 || ch == 'e')
			set_msg(ui, UI_WARN, "这一天还没有日志，按 a 新增");
	} else if (ui->pane == 0 && (ch == '\r' || ch == '\n' || ch == KEY_ENTER))
		ui->pane = 1;
	else if (row->pending != ROW_SAVED || row->e->id == 0)
		set_msg(ui, UI_WARN, "这条日志还在发送中，请稍候");
	else
		form_open(&ui->form, row->e, row->e->date, today);
}

/* ---- events from the network ---- */

static void
on_write_failed(struct ui *ui, struct net_event *ev)
{
	uint32_t today = client_net_today(ui->net);
	const struct log_entry *cur;

	if (ev->request == MSG_LOG_DELETE) {
		set_msg(ui, UI_ERROR, "删除失败：%s", ev->message);
		return;
	}
	set_msg(ui, UI_ERROR, "保存失败：%s", ev->message);
	if (ui->form.open)
		return;
	/* Give the user back what they typed, with the reason. */
	form_open(&ui->form, &ev->entry, ev->entry.date, today);
	if (ev->code == KH_ERR_CONFLICT &&
	    (cur = sync_find(client_net_sync(ui->net), ev->entry.id)) != NULL) {
		ui->form.version = cur->version;
		form_set_server_error(&ui->form, NULL, "这条日志已在别处修改；再次保存将以此为准");
	} else if (ev->code == KH_ERR_NOT_FOUND) {
		ui->form.id = 0;
		ui->form.version = 0;
		form_set_server_error(&ui->form, NULL, "这条日志已被删除；保存将新建一条");
	} else
		form_set_server_error(&ui->form, ev->field, ev->message);
	ui->form.changed = true;
}

static void
handle_events(struct ui *ui)
{
	struct net_event ev;

	while (client_net_event(ui->net, &ev)) {
		switch (ev.type) {
		case NET_EV_LOGIN_OK: {
			const struct net_login *li = client_net_login_info(ui->net);

			edit_clear(&ui->password);
			ui->login_msg[0] = '\0';
			ui->screen = SCREEN_LOG;
			if (ui->sel_day == 0)
				ui->sel_day = li->today;
			set_msg(ui, UI_GOOD, "%s，您好。已登录为%s。", li->display_name,
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
			ui->screen = SCREEN_LOGIN;
			break;
		case NET_EV_WRITE_OK:
			if (ev.request == MSG_LOG_DELETE)
				set_msg(ui, UI_GOOD, "已删除");
			else {
				set_msg(ui, UI_GOOD, "已保存");
				if (ev.reqid == ui->save_reqid) {
					ui->sel_day = ev.entry.date;
					ui->sel_id = ev.entry.id;
				}
			}
			break;
		case NET_EV_WRITE_FAILED:
			on_write_failed(ui, &ev);
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
				set_msg(ui, UI_ERROR, "%s", ev.message);
			break;
		}
		client_net_event_free(&ev);
	}
}

static void
handle_key(struct ui *ui, bool is_key, wint_t ch)
{
	if (is_key && ch == KEY_RESIZE)
		return;
	if (!is_key && ch == CTRL('L')) {
		clearok(curscr, TRUE);
		return;
	}
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES) {
		/* Only leaving makes sense on the "too small" screen. */
		if (!is_key && (ch == CTRL('C') || ch == 'q'))
			request_quit(ui);
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
		break;
	case SCREEN_LOG:
		log_key(ui, is_key, ch);
		break;
	case SCREEN_STOPPED:
		ui->quit = true;
		break;
	}
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
	ui.net = client_net_new(opt->server, opt->pub, opt->workstation, err, sizeof err);
	if (ui.net == NULL) {
		fprintf(stderr, "kaohe: %s\n", err);
		return 1;
	}
	edit_init(&ui.login, 64);
	edit_init(&ui.password, 256);
	ui.login.ascii = true;
	ui.password.secret = true;
	form_init(&ui.form);
	if (opt->user != NULL) {
		edit_set(&ui.login, opt->user);
		ui.login_field = 1;
	}

	if (initscr() == NULL) {
		fprintf(stderr, "kaohe: cannot initialise the terminal\n");
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

	while (!ui.quit) {
		uint64_t now = mono_us() / 1000;
		bool key_ready;
		wint_t ch;
		int rc;

		/* Redraw when something changed, and once a second for the
		 * clock and the link state. */
		if (dirty || now - last_draw >= 1000) {
			draw(&ui);
			last_draw = now;
			dirty = false;
		}
		if (client_net_poll(ui.net, UI_TICK_MS, &key_ready))
			dirty = true;
		handle_events(&ui);
		/* Read keys whether or not poll saw stdin: a resize arrives as
		 * a signal, and ncurses may already hold buffered input. */
		while (!ui.quit && (rc = get_wch(&ch)) != ERR) {
			handle_key(&ui, rc == KEY_CODE_YES, ch);
			dirty = true;
		}
	}

	endwin();
	client_net_logout(ui.net);
	schema_free(&log_entry_desc, &ui.confirm_entry);
	form_free(&ui.form);
	edit_free(&ui.login);
	edit_free(&ui.password);
	free(ui.days);
	free(ui.rows);
	if (ui.screen == SCREEN_STOPPED && ui.stop_msg[0] != '\0')
		fprintf(stderr, "kaohe: %s\n", ui.stop_msg);
	client_net_free(&ui.net);
	return ui.status;
}
