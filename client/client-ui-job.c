/*
 * client-ui-job.c: long work on the screen (client-job.h): one job at a
 * time, its turn in the main loop, and its progress bar on the status
 * line.
 */
#include <stdio.h>

#include <curses.h>

#include "common/i18n.h"
#include "client-job.h"
#include "client-ui.h"

#define JOB_STEP_US	30000	/* a stepped job's share of each turn */

bool
ui_job_start(struct ui *ui, const char *what, const struct job_ops *ops, void *arg)
{
	if (ui->job != NULL) {
		ui_msg(ui, UI_WARN, _("%s is still running; wait for it to finish"), job_what(ui->job));
		if (ops->free != NULL)
			ops->free(arg);
		return false;
	}
	if ((ui->job = job_start(what, ops, arg)) == NULL) {
		ui_msg(ui, UI_ERROR, _("Cannot start: %s"), what);
		return false;
	}
	return true;
}

/* The main loop's turn for the job: its steps, and its end. */
bool
ui_job_turn(struct ui *ui)
{
	if (ui->job == NULL || !job_tick(ui->job, JOB_STEP_US))
		return false;
	job_finish(ui->job, ui);
	job_free(&ui->job);
	return true;
}

/* "Exporting [#########--------]  53%  12 s left" in width columns. */
void
ui_job_draw(struct ui *ui, int y, int x, int width)
{
	uint64_t done, total, ms;
	int64_t eta = job_eta(ui->job);
	char bar[64], text[200], left[64] = "";
	int bw = 20, fill;

	job_progress(ui->job, &done, &total, &ms);
	fill = total > 0 ? (int)(done * (uint64_t)bw / total) : 0;
	for (int i = 0; i < bw; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[bw] = '\0';
	if (eta >= 0)
		snprintf(left, sizeof left, _("%lld s left"), (long long)eta);
	if (total > 0)
		snprintf(text, sizeof text, " %s [%s] %3u%%  %s", job_what(ui->job), bar,
		    (unsigned)(done * 100 / total), left);
	else
		snprintf(text, sizeof text, " %s…", job_what(ui->job));
	ui_put(y, x, width, text, ui_attr(UI_STATUS) | A_BOLD, true);
}
