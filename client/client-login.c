/*
 * client-login.c: the login screen: the server, the login name and the
 * password, and why a login failed or a session was lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/util.h"
#include "client-net.h"
#include "client-ui.h"

void
login_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", "登录", "Tab", "切换", "Ctrl-C", "退出", NULL
	};
	int w = 56, x0 = (COLS - w) / 2, y0 = (LINES - 13) / 2;
	int fx = x0 + 12, fw = 30, cur_y, cur_x;
	wchar_t view[64];

	ui_draw_title(ui, "考核系统");
	ui_box(y0, x0, 13, w, " 登录 ");
	ui_put(y0 + 2, x0 + 4, w - 8, "平时考核：日志、月记实、季度小结、评鉴", ui_attr(UI_HEADER), false);
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
	} else {
		ui_bench_mark("login_sent", 0);
		if (client_net_login(ui->net, login, password) != 0) {
			snprintf(ui->login_msg, sizeof ui->login_msg, "正在登录...");
			ui->login_msg_bad = false;
		}
	}
	free(login);
	free(password);
}

void
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
