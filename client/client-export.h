/*
 * client-export.h: the 排名 tab's export (key x): the ranking shown, with
 * each person's sheet, written by common/export.c to ~/kaohe-export/ (in
 * Chinese ~/kaohe-导出/) as
 * <plan>-<period>[-<unit>].xlsx and .csv, for filing with the organisation
 * department.  Only what the SHEETS and BALLOT replies hold is written: an
 * anonymous part as its mean and count.
 */
#ifndef KAOHE_CLIENT_EXPORT_H
#define KAOHE_CLIENT_EXPORT_H

#include <stdint.h>

#include "client-ui.h"

/* Write both files and say where (or why not) in the message line.  unit:
 * the unit shown, 0 for everything. */
void	rank_export(struct ui *, const struct ballot_reply_body *meta,
	    const struct sheets_reply_body *sh, uint64_t unit);

#endif
