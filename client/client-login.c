/*
 * client-login.c: the login screen: the server, the login name and the
 * password, and why a login failed or a session was lost.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/i18n.h"
#include "common/util.h"
#include "client-net.h"
#include "client-text.h"
#include "client-ui.h"

void
login_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"Enter", N_("Log in"), "Tab", N_("Switch"), "Ctrl-C", N_("Quit"), NULL
	};
	const char *server = _("Server:"), *login = _("Login:"), *password = _("Password:");
	int w = 56, x0 = (COLS - w) / 2, y0 = (LINES - 13) / 2, lw = 8;
	int fx, fw = 30, cur_y, cur_x;
	wchar_t view[64];
	char title[64];

	/* The labels, then the fields two columns after the widest. */
	if (text_width(server) + 2 > lw)
		lw = text_width(server) + 2;
	if (text_width(login) + 2 > lw)
		lw = text_width(login) + 2;
	if (text_width(password) + 2 > lw)
		lw = text_width(password) + 2;
	fx = x0 + 4 + lw;
	ui_draw_title(ui, _("Assessment"));
	snprintf(title, sizeof title, " %s ", _("Log in"));
	ui_box(y0, x0, 13, w, title);
	ui_put(y0 + 2, x0 + 4, w - 8, _("Routine assessment: log, records, evaluations"),
	    ui_attr(UI_HEADER), false);
	ui_put(y0 + 4, x0 + 4, lw, server, ui_attr(UI_NORMAL), false);
	ui_put_cut(y0 + 4, fx, w - (fx - x0) - 2, client_net_endpoint(ui->net),
	    ui_attr(UI_DIM), false, true);
	ui_put(y0 + 6, x0 + 4, lw, login, ui_attr(ui->login_field == 0 ? UI_HEADER : UI_NORMAL), false);
	ui_put(y0 + 8, x0 + 4, lw, password, ui_attr(ui->login_field == 1 ? UI_HEADER : UI_NORMAL),
	    false);
	int c0 = edit_view(&ui->login, fw, view, nitems(view));
	ui_putw(y0 + 6, fx, view, ui_attr(ui->login_field == 0 ? UI_FIELD_ACTIVE : UI_FIELD));
	int c1 = edit_view(&ui->password, fw, view, nitems(view));
	ui_putw(y0 + 8, fx, view, ui_attr(ui->login_field == 1 ? UI_FIELD_ACTIVE : UI_FIELD));
	const char *problem = client_net_link_problem(ui->net);
	if (problem != NULL && client_net_state(ui->net) != SYNC_CONNECTED) {
		/* Before anything else: no login can work until this is fixed. */
		char head[128];
		const char *nl = strchr(problem, '\n');

		snprintf(head, sizeof head, "%.*s", nl != NULL ? (int)(nl - problem) : 127, problem);
		ui_put_cut(y0 + 10, x0 + 4, w - 8, head, ui_attr(UI_ERROR), false, true);
		if (nl != NULL)
			ui_put_cut(y0 + 11, x0 + 4, w - 8, nl + 1, ui_attr(UI_WARN), false, true);
	} else if (ui->login_msg[0] != '\0')
		ui_put_cut(y0 + 10, x0 + 4, w - 8, ui->login_msg,
		    ui_attr(ui->login_msg_bad ? UI_ERROR : UI_WARN), false, true);
	else if (client_net_state(ui->net) != SYNC_CONNECTED)
		ui_put(y0 + 10, x0 + 4, w - 8, _("Connecting to the server..."), ui_attr(UI_WARN), false);
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
		snprintf(ui->login_msg, sizeof ui->login_msg, "%s", _("Enter your login name"));
		ui->login_msg_bad = true;
	} else {
		ui_bench_mark("login_sent", 0);
		if (client_net_login(ui->net, login, password) != 0) {
			snprintf(ui->login_msg, sizeof ui->login_msg, "%s", _("Logging in..."));
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
