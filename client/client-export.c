/*
 * client-export.c: the 排名 tab's export (client-export.h).  The folder is
 * made on first use, private to the user (0700): rankings are personnel
 * records.
 *
 * The book is made here, on the main loop, from the reply and the names of
 * the synced copy; writing it (a workbook of a sheet per person, then the
 * CSV) is a job in a thread of its own (client-job.h), so that an office of
 * thousands keeps its screen alive and shows how far the export has got.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/export.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-export.h"
#include "client-job.h"
#include "client-model.h"

/* The folder in $HOME, named in the user's language. */
#define EXPORT_DIR	_("kaohe-export")

static const char *
unit_name(void *arg, uint64_t id)
{
	return model_unit_name(arg, id);
}

static const char *
user_name(void *arg, uint64_t id)
{
	return model_name(arg, id);
}

/* A file name's part: no '/', which a unit's name could hold. */
static void
file_safe(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '/')
			*s = '_';
}

/* The export being written: the book, where to, and how to say it. */
struct rank_job {
	struct export_book *b;
	struct job	*job;
	char		 xlsx[1000];
	char		 csv[1000];
	char		 base[400];
	uint32_t	 people;
};

/* Each row written, from the export's thread. */
static bool
row_written(void *arg)
{
	struct rank_job *rj = arg;

	job_advance(rj->job, 1);
	return !job_cancelled(rj->job);
}

static int
rank_job_run(void *arg, struct job *j, char *err, size_t errlen)
{
	struct rank_job *rj = arg;

	rj->job = j;
	export_book_progress(rj->b, row_written, rj);
	job_total(j, export_book_rows(rj->b, false) + export_book_rows(rj->b, true));
	if (export_write_xlsx(rj->b, rj->xlsx, err, errlen) != 0)
		return -1;
	return export_write_csv(rj->b, rj->csv, err, errlen);
}

static void
rank_job_finish(void *ctx, void *arg, int rc, const char *err)
{
	struct ui *ui = ctx;
	struct rank_job *rj = arg;

	if (rc == 0)
		ui_msg(ui, UI_NORMAL, ngettext("Exported %u person: ~/%s/%s.xlsx and .csv",
		    "Exported %u people: ~/%s/%s.xlsx and .csv", rj->people), rj->people, EXPORT_DIR,
		    rj->base);
	else
		ui_msg(ui, UI_WARN, _("Export failed: %s"), err);
}

static void
rank_job_free(void *arg)
{
	struct rank_job *rj = arg;

	export_book_free(&rj->b);
	free(rj);
}

void
rank_export(struct ui *ui, const struct ballot_reply_body *meta, const struct sheets_reply_body *sh,
    uint64_t unit)
{
	static const struct job_ops ops = {
		.run = rank_job_run, .finish = rank_job_finish, .free = rank_job_free,
	};
	struct model *m = ui_model(ui);
	const char *home = getenv("HOME"), *scope = unit != 0 ? model_unit_name(m, unit) : NULL;
	struct export_people e = { .plan_name = meta->plan_name, .scope = scope,
	    .raters = meta->raters, .nraters = meta->raters_n, .levels = meta->levels,
	    .nlevels = meta->levels_n, .sh = sh, .names = { unit_name, user_name, m } };
	char dir[512], pn[48];
	struct rank_job *rj;

	if (ui->job != NULL) {
		ui_msg(ui, UI_WARN, _("%s is still running; wait for it to finish"), job_what(ui->job));
		return;
	}
	if (home == NULL || home[0] == '\0') {
		ui_msg(ui, UI_WARN, _("Cannot export: HOME is not set"));
		return;
	}
	snprintf(dir, sizeof dir, "%s/%s", home, EXPORT_DIR);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		ui_msg(ui, UI_WARN, _("Cannot create %s: %s"), dir, strerror(errno));
		return;
	}
	rj = xcalloc(1, sizeof *rj);
	period_name(sh->period, pn, sizeof pn);
	snprintf(rj->base, sizeof rj->base, "%s-%s%s%s", sh->plan, pn, scope != NULL ? "-" : "",
	    scope != NULL ? scope : "");
	file_safe(rj->base);
	snprintf(rj->xlsx, sizeof rj->xlsx, "%s/%s.xlsx", dir, rj->base);
	snprintf(rj->csv, sizeof rj->csv, "%s/%s.csv", dir, rj->base);
	rj->people = sh->rows_n;
	rj->b = export_people_book(&e);
	ui_job_start(ui, _("Exporting"), &ops, rj);
}
