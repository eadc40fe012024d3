/*
 * plan-load.h: reading a plan file (YAML, docs/plans.md) into a struct plan.
 *
 * Only kaohectl reads plan files; the server and clients get plans from the
 * database.  Loading checks the form of the file: YAML syntax, known keys,
 * the kind of each value (text, whole number, decimal, true/false, one of a
 * set of words), required keys, keys given twice, sizes.  What the values
 * mean together (weights that add up, bands without gaps) is plan_check()'s
 * job (common/plan.h), which a loaded plan should go through next.
 */
#ifndef KAOHE_PLAN_LOAD_H
#define KAOHE_PLAN_LOAD_H

#include "common/schema.h"
#include "csv.h"

#define PLAN_FILE_MAX_BYTES	(1u << 20)	/* largest plan file read */

/* Read the plan file at path into out (zeroed first).  Returns 0, or -1
 * with every problem found added to r as "file:line: reason" (the file's
 * base name); out is then released and zeroed.  Refused whole: a file over
 * PLAN_FILE_MAX_BYTES, more than one YAML document, anchors and aliases
 * (&a, *a: no exponential expansion), tags (!!str).  On success every
 * string of out is set ("" if absent), every part's line is filled (the
 * plan's own: the line of its key), a rater's combine defaults to one, the
 * quota's rounding to floor, a commendation level's rank is its place in
 * the list from 1.  Release out with schema_free(&plan_desc, out). */
int	plan_load(const char *path, struct plan *out, struct import_report *r);

/* The same for a file already in memory; name is used in messages. */
int	plan_load_text(const char *name, const char *data, size_t len, struct plan *out,
	    struct import_report *r);

#endif
