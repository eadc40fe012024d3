/*
 * org.h: the organisation: units in a tree (the office, departments under
 * it), who belongs where, and who reviews whom.
 *
 * Reviewing follows DOMAIN.md: a department head (科室负责人) writes the
 * quarterly summaries of the members of their department; the supervising
 * leader (分管领导) named on a department comments on and files its monthly
 * records and signs its evaluations; the principal leader (主要领导) sees the
 * whole office and is the reviewer of the supervising leaders themselves.
 * Unit names are unique in a database, so files can refer to them by name.
 */
#ifndef KAOHE_ORG_H
#define KAOHE_ORG_H

#include <stdbool.h>
#include <stdint.h>

#include "common/codec.h"
#include "store.h"

#define ORG_CATEGORY_MAX	32	/* bytes of unit_rec.category */

int	org_unit_get(MDB_txn *, struct store *, uint64_t id, struct unit_rec *);
int	org_unit_by_name(MDB_txn *, struct store *, const char *name, struct unit_rec *);
/* Create (u->id 0) or change a unit.  A user's mistake (empty or taken
 * name, unknown parent, a cycle, a supervisor who is not a supervising
 * leader, a category over ORG_CATEGORY_MAX bytes or not one line of UTF-8)
 * returns -1 with err set; an LMDB error returns its code. */
int	org_unit_put(struct wtx *, struct unit_rec *u, struct codec_error *err);
/* Every unit, in id order. */
int	org_units_load(MDB_txn *, struct store *, struct unit_rec **out, uint32_t *n);

/* The supervising leader responsible for a unit: the unit's own, else its
 * parent's, and so on; 0 if none is named. */
uint64_t org_unit_supervisor(MDB_txn *, struct store *, uint64_t unit);
/* The first principal leader (主要领导) of the database, 0 if none. */
uint64_t org_principal(MDB_txn *, struct store *);
/* The department head of a unit: a member with role dept_head; 0 if none. */
uint64_t org_unit_head(MDB_txn *, struct store *, uint64_t unit);
/* Who reviews a person's monthly record and signs their evaluation: the
 * supervisor of their unit, or the principal leader for a supervising
 * leader, or for anyone whose unit has no supervisor. */
uint64_t org_reviewer_of(MDB_txn *, struct store *, const struct user_rec *);
/* Whether `viewer` may see records about `subject` (see docs/guide.md). */
bool	org_may_see(MDB_txn *, struct store *, const struct user_rec *viewer,
	    const struct user_rec *subject);
/* Roles that see the whole office. */
bool	org_sees_all(uint32_t role);
/* The enabled users whose role sees the whole office, in id order: *ids
 * points into a cache in the store, valid until the next call.  The cache
 * holds while the organisation version and this process's user writes stay
 * as they were, so a record's audience costs no scan of every user. */
int	org_all_seeing(MDB_txn *, struct store *, const uint64_t **ids, uint32_t *n);

#endif
