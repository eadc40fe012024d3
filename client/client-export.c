/*
 * client-export.c: the 排名 tab's export (client-export.h).  The folder is
 * made on first use, private to the user (0700): rankings are personnel
 * records.
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

void
rank_export(struct ui *ui, const struct ballot_reply_body *meta, const struct sheets_reply_body *sh,
    uint64_t unit)
{
	struct model *m = ui_model(ui);
	const char *home = getenv("HOME"), *scope = unit != 0 ? model_unit_name(m, unit) : NULL;
	struct export_people e = { .plan_name = meta->plan_name, .scope = scope,
	    .raters = meta->raters, .nraters = meta->raters_n, .levels = meta->levels,
	    .nlevels = meta->levels_n, .sh = sh, .names = { unit_name, user_name, m } };
	char dir[512], base[400], path[1000], pn[48], err[512];
	struct export_book *b;
	int rc;

	if (home == NULL || home[0] == '\0') {
		ui_msg(ui, UI_WARN, _("Cannot export: HOME is not set"));
		return;
	}
	snprintf(dir, sizeof dir, "%s/%s", home, EXPORT_DIR);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		ui_msg(ui, UI_WARN, _("Cannot create %s: %s"), dir, strerror(errno));
		return;
	}
	period_name(sh->period, pn, sizeof pn);
	snprintf(base, sizeof base, "%s-%s%s%s", sh->plan, pn, scope != NULL ? "-" : "",
	    scope != NULL ? scope : "");
	file_safe(base);
	b = export_people_book(&e);
	snprintf(path, sizeof path, "%s/%s.xlsx", dir, base);
	rc = export_write_xlsx(b, path, err, sizeof err);
	snprintf(path, sizeof path, "%s/%s.csv", dir, base);
	if (rc == 0)
		rc = export_write_csv(b, path, err, sizeof err);
	if (rc == 0)
		ui_msg(ui, UI_NORMAL, ngettext("Exported %u person: ~/%s/%s.xlsx and .csv",
		    "Exported %u people: ~/%s/%s.xlsx and .csv", sh->rows_n), sh->rows_n, EXPORT_DIR, base);
	else
		ui_msg(ui, UI_WARN, _("Export failed: %s"), err);
	export_book_free(&b);
}
