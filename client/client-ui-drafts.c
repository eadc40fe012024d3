/*
 * client-ui-drafts.c: the screens' side of the local drafts
 * (client-draft.h): the store of the user logged in, the calls every form
 * makes (client-ui.h, "Local drafts"), the message that says what came
 * back, and the main loop's turn, which writes what was typed within a
 * second and at once when the link goes down.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/i18n.h"
#include "client-draft.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-ui.h"

static char drafts_problem[600];	/* why there is no store */

void
ui_drafts_open(struct ui *ui)
{
	ui->drafts = draft_store_new(NULL, drafts_problem, sizeof drafts_problem);
	ui->link_was = -1;
}

void
ui_drafts_login(struct ui *ui, const char *login)
{
	if (ui->drafts != NULL)
		draft_store_owner(ui->drafts, ui->opt->server, login);
	else
		ui_msg(ui, UI_WARN, _("What you type cannot be kept on this "
		    "workstation if the client stops: %s"), drafts_problem);
}

void
ui_draft_keep(struct ui *ui, const char *key, const struct draft *d)
{
	if (ui->drafts != NULL)
		draft_keep(ui->drafts, key, d);
}

bool
ui_draft_load(struct ui *ui, const char *key, struct draft *d)
{
	memset(d, 0, sizeof *d);
	if (ui->drafts != NULL && draft_load(ui->drafts, key, d) == 0)
		return true;
	draft_clear(d);		/* a file read in part leaves nothing behind */
	return false;
}

void
ui_draft_drop(struct ui *ui, const char *key)
{
	if (ui->drafts != NULL)
		draft_drop(ui->drafts, key);
}

void
ui_draft_bind(struct ui *ui, const char *key, uint64_t reqid)
{
	if (ui->drafts == NULL)
		return;
	draft_bind(ui->drafts, key, reqid);
	/* A save is a moment worth the disk: what it carries is only in
	 * memory until the server answers. */
	draft_flush(ui->drafts, true);
}

void
ui_draft_rename(struct ui *ui, const char *from, const char *to)
{
	if (ui->drafts != NULL)
		draft_rename(ui->drafts, from, to);
}

bool
ui_draft_find(struct ui *ui, const char *prefix, char *key, size_t len)
{
	return ui->drafts != NULL && draft_find(ui->drafts, prefix, key, len);
}

void
ui_draft_restored(struct ui *ui, const struct draft *d, bool sent)
{
	time_t t = (time_t)d->saved_at;
	struct tm tm, now;
	time_t n = time(NULL);
	char when[32];

	localtime_r(&t, &tm);
	localtime_r(&n, &now);
	if (tm.tm_year == now.tm_year && tm.tm_yday == now.tm_yday)
		snprintf(when, sizeof when, "%02d:%02d", tm.tm_hour, tm.tm_min);
	else
		snprintf(when, sizeof when, "%02d-%02d %02d:%02d", tm.tm_mon + 1, tm.tm_mday,
		    tm.tm_hour, tm.tm_min);
	if (sent)
		ui_msg(ui, UI_WARN, _("Restored text sent at %s that may not have reached the "
		    "server: check first"), when);
	else
		ui_msg(ui, UI_WARN, _("Restored your unsaved text from %s"), when);
}

/* What is typed goes to the disk at most a second after it is typed, and
 * at once when the link goes down: the client may be next. */
void
ui_drafts_tick(struct ui *ui)
{
	int st = client_net_state(ui->net);

	if (ui->drafts == NULL)
		return;
	draft_flush(ui->drafts, ui->link_was == SYNC_CONNECTED && st != SYNC_CONNECTED);
	ui->link_was = st;
}
