/*
 * rubric-int.h: what the halves of scoring organisations share, and nobody
 * else includes: rubric-ops.c (the writes: self-checks, findings, the
 * sheet's steps, notices) and rubric-sheets.c (computing a sheet, reading
 * and ranking sheets, spot-check draws).  rubric-ops.h is the interface.
 *
 * Keys (store.h gives the whole layout), in records:
 *   "O" + plan + NUL + period + unit -> rubric_sheet
 *   "Q" + id                         -> rectify_rec
 *   "Y" + id                         -> sample_rec
 * Notices and draws are few (a handful per unit and period), so they are
 * found by id and listed by a scan of their prefix.
 */
#ifndef KAOHE_RUBRIC_INT_H
#define KAOHE_RUBRIC_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/codec.h"
#include "doc-ops.h"
#include "store.h"

/* An organisation plan for a period, the unit and its sheet, as a write
 * needs them.  Released with rb_close. */
struct rb_open {
	struct plan		 plan;
	struct unit_rec		 unit;
	struct rubric_sheet	 sheet;		/* stored, or new and empty */
};

/* Open plan/period/unit for a write: an organisation plan, a period that
 * takes writes (sc_period_check), a unit the plan assesses; the sheet
 * aligned with the rubric.  -1 with err, or an LMDB code. */
int	rb_open(MDB_txn *, struct store *, const char *plan, uint32_t period, uint64_t unit,
	    uint32_t today, struct rb_open *o, struct codec_error *err);
void	rb_close(struct rb_open *);
/* The unit is one the plan assesses (its category is among the subjects,
 * or the plan has none); -1 with err saying why not. */
int	rb_assessed(const struct plan *, const struct unit_rec *, struct codec_error *err);

/* Align s with the rubric (an item per rubric item, in order, keeping what
 * s held for each) and compute its scores from its self-checks and
 * findings. */
void	rb_compute(const struct plan *, const struct unit_rec *, struct rubric_sheet *s);
/* Store s and publish it (change.rubric) to its audience as changed by
 * `by`. */
int	rb_sheet_save(struct wtx *, const struct rubric_sheet *s, uint64_t by, struct pubs *);
int	rb_sheet_get(MDB_txn *, struct store *, const char *plan, uint32_t period, uint64_t unit,
	    struct rubric_sheet *out);
/* Who hears of a change to a unit's sheet or notices: inspectors, those
 * who see the whole office, and the unit's members.  *out to free. */
uint32_t rb_audience(MDB_txn *, struct store *, uint64_t unit, uint64_t **out);
/* Whether viewer may see a unit's sheet and notices. */
bool	rb_may_see(const struct user_rec *viewer, uint64_t unit);
/* Every notice, every draw (key order: by id). */
int	rb_notices_load(MDB_txn *, struct store *, struct rectify_rec **out, uint32_t *n);
int	rb_samples_load(MDB_txn *, struct store *, struct sample_rec **out, uint32_t *n);
/* "rubric UNIT PERIOD PLAN" for the audit log. */
void	rb_audit_target(char *buf, size_t len, const char *what, uint64_t id, uint32_t period,
	    const char *plan);
/* Format hundredths as 87.50, for messages. */
void	rb_points(uint32_t v, char *buf, size_t len);

#endif
