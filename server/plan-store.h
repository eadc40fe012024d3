/*
 * plan-store.h: assessment plans in the database, every version kept.
 *
 * In the database "plans":
 *   "p" + key + NUL + version (be32) -> plan
 *   "v" + key                        -> the latest version (be32)
 * Importing a plan whose key is there already adds version latest + 1;
 * nothing is overwritten, so a result that names a version can always
 * read the plan it was computed with.  Every function returns 0 or an LMDB
 * error code (MDB_NOTFOUND where it says so).
 */
#ifndef KAOHE_PLAN_STORE_H
#define KAOHE_PLAN_STORE_H

#include <stdint.h>

#include "store.h"

#define PLAN_KEY_MAX	64	/* bytes of a plan's key, as the schema says */

/* Store p as the next version of its key: sets p->version (1 for a new
 * key) and writes an audit line "plan.import".  p should have passed
 * plan_check().  MDB_BAD_VALSIZE if p->key is empty or too long. */
int	plan_store_import(struct wtx *, struct plan *p);

/* Read version `version` of the plan `key` (0: the latest) into out, to be
 * released with schema_free(&plan_desc, out).  MDB_NOTFOUND if there is no
 * such plan or version. */
int	plan_store_get(MDB_txn *, struct store *, const char *key, uint32_t version,
	    struct plan *out);

/* The latest version of key in *version; MDB_NOTFOUND if none. */
int	plan_store_latest(MDB_txn *, struct store *, const char *key, uint32_t *version);

/* The latest version of every plan, by key, in *out (an array of *n, to be
 * released with schema_free_array(&plan_desc, *out, *n)). */
int	plan_store_list(MDB_txn *, struct store *, struct plan **out, uint32_t *n);

#endif
