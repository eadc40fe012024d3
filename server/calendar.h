/*
 * calendar.h: the working-day calendar (工作日历) and period locks, as kept
 * in LMDB.
 *
 * The calendar database holds only the days that break the Monday-to-Friday
 * rule: holidays (放假) and make-up working days (调休上班), key the date as
 * 4 big-endian bytes, value a calendar_day.  The periods database holds the
 * periods an admin has locked or reopened, key the code as 4 big-endian
 * bytes, value a period_rec; a period's days and deadline are always
 * computed (common/period.h), never trusted from disk.
 *
 * Functions return 0, an LMDB error code, or -1 for a caller's mistake as
 * each says.  Every change made through a wtx appends one audit line.
 */
#ifndef KAOHE_CALENDAR_H
#define KAOHE_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "common/period.h"
#include "csv.h"
#include "store.h"

/* Every exception day, sorted by date; release with calendar_free(). */
int	calendar_load(MDB_txn *, struct store *, struct calendar *out);
/* NULL if the day can be stored, else why not (English, lower case). */
const char *calendar_day_problem(const struct calendar_day *);
/* Add or replace one day.  -1 if calendar_day_problem() objects. */
int	calendar_put(struct wtx *, const struct calendar_day *);
/* Remove one day.  MDB_NOTFOUND if it was not there. */
int	calendar_delete(struct wtx *, uint32_t date);
/* Import a CSV file with the header date,kind,name: date 2026-10-01 or
 * 20261001, kind holiday|workday or 放假|上班, name e.g. 国庆节.  The file
 * replaces every stored day of the years it covers.  All or nothing: on
 * any mistake, every one is reported in r, nothing is written and -1 is
 * returned; else 0 with r->days and r->days_removed set.  An LMDB error is
 * returned as its code (the caller aborts the transaction). */
int	calendar_import_csv(struct wtx *, const char *path, struct import_report *r);

/* A period: its days and deadline from cal (NULL: load the calendar from
 * txn) and its lock as stored.  -1 if code is not a period. */
int	period_get(MDB_txn *, struct store *, const struct calendar *cal, uint32_t code,
	    struct period_rec *out);
/* Close (locked) or reopen a period, as user `by` (0: kaohectl).  -1 if code
 * is not a period. */
int	period_set_lock(struct wtx *, uint32_t code, bool locked, uint64_t by);
/* True if the period, or a quarter, half-year or year holding it, is locked.
 * Reads only the locks, not the calendar: cheap enough for every write. */
bool	period_is_locked(MDB_txn *, struct store *, uint32_t code);

#endif
