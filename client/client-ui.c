/*
 * client-ui.c: the client's main loop, the login, help and stopped screens,
 * and the drawing helpers every screen uses.
 *
 * The daily log screen (日志) is in client-log.c and its entry form in
 * client-form.c; the stopped screen shows a protocol mismatch.  The loop waits in client_net_poll() on both sockets and stdin for
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

const char *const ui_weekdays[7] = {
	"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"
};
const char *const ui_weekdays_short[7] = {
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
		int kw = text_width(keys[i]), lw = text_width(keys[i + 1]);

		if (x + kw + 1 + lw > COLS - 1)
			break;
		x += ui_put(y, x, kw, keys[i], ui_attr(UI_KEY), false) + 1;
		x += ui_put(y, x, lw, keys[i + 1], ui_attr(UI_NORMAL), false) + 2;
	}
}

void
ui_draw_title(struct ui *ui, const char *what)
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
	    today / 100 % 100, today % 100, ui_weekdays[day_weekday(today)]);
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
	snprintf(right, sizeof right, "%sseq %llu ",
	    sync_truncated(s) ? "只载入了部分日志  " : "",
	    (unsigned long long)sync_topic_seq(s));
	if (pw > 0) {
		size_t len = strlen(right);

		snprintf(right + len, sizeof right - len, " 待发送 %zu ", pw);
	}
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

static void
draw_too_small(void)
{
	char buf[128];
	int y = LINES / 2 - 1;

	erase();
	snprintf(buf, sizeof buf, "terminal too small (need %dx%d, now %dx%d)",
	    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	ui_put_cut(y < 0 ? 0 : y, (COLS - 8) / 2 < 0 ? 0 : (COLS - 8) / 2, COLS,
	    "终端太小", A_BOLD, false, true);
	ui_put_cut(y + 1, (COLS - text_width(buf)) / 2 < 0 ? 0 : (COLS - text_width(buf)) / 2,
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

	ui_draw_title(ui, "考核系统");
	ui_box(y0, x0, 13, w, " 登录 ");
	ui_put(y0 + 2, x0 + 4, w - 8, "平时考核　工作日志", ui_attr(UI_HEADER), false);
	ui_put(y0 + 4, x0 + 4, 8, "服务器", ui_attr(UI_NORMAL), false);
	ui_put_cut(y0 + 4, fx, w - (fx - x0) - 2, client_net_endpoint(ui->net),
	    ui_attr(UI_DIM), false, true);
	ui_put(y0 + 6, x0 + 4, 8, "用户名", ui_attr(ui->login_field == 0 ? UI_HEADER : UI_NORMAL), false);
	ui_put(y0 + 8, x0 + 4, 8, "密  码", ui_attr(ui->login_field == 1 ? UI_HEADER : UI_NORMAL), false);
	int c0 = edit_view(&ui->login, fw, view, nitems(view));
	ui_putw(y0 + 6, fx, view, ui_attr(ui->login_field == 0 ? UI_FIELD_ACTIVE : UI_FIELD));
	int c1 = edit_view(&ui->password, fw, view, nitems(view));
	ui_putw(y0 + 8, fx, view, ui_attr(ui->login_field == 1 ? UI_FIELD_ACTIVE : UI_FIELD));
	if (ui->login_msg[0] != '\0')
		ui_put_cut(y0 + 10, x0 + 4, w - 8, ui->login_msg,
		    ui_attr(ui->login_msg_bad ? UI_ERROR : UI_WARN), false, true);
	else if (client_net_state(ui->net) != SYNC_CONNECTED)
		ui_put(y0 + 10, x0 + 4, w - 8, "正在连接服务器...", ui_attr(UI_WARN), false);
	ui_draw_status(ui);
	ui_draw_keys(LINES - 1, keys);
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
		snprintf(ui->login_msg, sizeof ui->login_msg, "正在登录...");
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

	ui_draw_title(ui, "已停止");
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
		draw_login(ui);
		break;
	case SCREEN_LOG:
		log_draw(ui);
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

void
ui_request_quit(struct ui *ui)
{
	if (client_net_pending_writes(ui->net) > 0 || (ui->form.open && ui->form.changed))
		ui->confirm = CONFIRM_QUIT;
	else
		ui->quit = true;
}

/* ---- events from the network ---- */

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
			ui_msg(ui, UI_GOOD, "%s，您好。已登录为%s。", li->display_name,
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
				ui_msg(ui, UI_GOOD, "已删除");
			else {
				ui_msg(ui, UI_GOOD, "已保存");
				if (ev.reqid == ui->save_reqid) {
					ui->sel_day = ev.entry.date;
					ui->sel_id = ev.entry.id;
				}
			}
			break;
		case NET_EV_WRITE_FAILED:
			log_write_failed(ui, &ev);
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
