/*
 * ledger-ops.h: points ledgers (党员先锋指数, 党代表考核积分; seeds 002, 003)
 * in the store: their definitions, the dated entries, and each period's
 * sums, ranked.  The rules of one entry are common/ledger.h's; who may
 * write and read is decided here, from the organisation (org.h).
 *
 * Who keeps a ledger.  The seeds have the points recorded by the
 * organisation the member or delegate belongs to: seed 003 "芳草社區黨支部
 * 對黨代表履職情況及時進行登記", "由黨委監督黨代表 ... 考核積分制"; seed 002
 * the 机关党组织 evaluating its members.  In kaohe that is the admin
 * (考核办, for everyone) and a department head (科室负责人) for the people of
 * their own department (the unit they head, not the units below).  Nobody
 * enters points for themselves.  Who reads: whoever may see the person's
 * records (org_may_see: the person, their head, supervising leader, the
 * principal, admins, the organisation department); a ranking shows the
 * rows the reader may see, each with its rank among everyone with entries
 * in the unit asked for.
 *
 * Keys (store.h gives the whole layout):
 *   plans    "l" + key                                   -> ledger_def
 *   records  "Z" + ledger + NUL + person + date + id     -> ledger_rec
 *   indexes  "Z" + id                                    -> the entry's key in records
 *
 * Writes take a struct actor (doc-ops.h), append an audit line and their
 * change (change.ledger) for everyone who may see the person.  Functions
 * return 0, -1 with err set for what the user can mend, or an LMDB error
 * code with err set to storage.
 */
#ifndef KAOHE_LEDGER_OPS_H
#define KAOHE_LEDGER_OPS_H

#include <stdint.h>

#include "common/codec.h"
#include "doc-ops.h"
#include "store.h"

/* Store (or replace) a ledger's definition, with an audit line
 * "ledger.import".  d should have passed ledger_def_check().  An LMDB code. */
int	ledgerop_def_put(struct wtx *, const struct ledger_def *d);
/* Every definition, by key (release with schema_free_array). */
int	ledgerop_defs(MDB_txn *, struct store *, struct ledger_def **out, uint32_t *n);

/* Enter (in->id 0) or change an entry; *id is its id. */
int	ledgerop_put(struct wtx *, const struct actor *, const struct ledger_rec *in, uint64_t *id,
	    struct pubs *, struct codec_error *err);
/* Remove an entry. */
int	ledgerop_delete(struct wtx *, const struct actor *, uint64_t id, struct pubs *,
	    struct codec_error *err);

/* LEDGERS: a ledger's sums for a period, ranked, with the definitions and
 * (b->person non-zero) that person's entries.  b->ledger "" is the first
 * ledger.  out is zeroed first; release it with
 * schema_free(&ledgers_reply_body_desc, out). */
int	ledgerop_list(MDB_txn *, struct store *, const struct user_rec *viewer,
	    const struct ledgers_body *b, struct ledgers_reply_body *out, struct codec_error *err);

#endif
