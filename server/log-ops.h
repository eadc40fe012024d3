/*
 * log-ops.h: the daily log (日志) in the store: create, edit and delete an
 * entry with its change-log record, read a user's entries as a snapshot or
 * the changes since a seq, and the memo of write replies that makes retried
 * requests safe.  Used by kaohed's handlers, kaohectl's demo and the tests.
 */
#ifndef KAOHE_LOG_OPS_H
#define KAOHE_LOG_OPS_H

#include "common/codec.h"
#include "store.h"

/* Create (in->id 0) or edit the entry for user `owner`, checked for the day
 * `today`.  On success *out is the entry as stored and *ch the change (both
 * to be freed with schema_free).  On a user's mistake returns -1 with err
 * set; on an LMDB error returns the code with err set to KH_ERR_STORAGE. */
int	logop_put(struct wtx *, uint64_t owner, const struct log_entry *in,
	    uint32_t today, struct log_entry *out, struct change *ch, struct codec_error *err);
int	logop_delete(struct wtx *, uint64_t owner, uint64_t id, uint64_t version,
	    struct change *ch, struct codec_error *err);

int	logop_get(MDB_txn *, struct store *, uint64_t id, struct log_entry *);

/* The owner's entries dated from_date or later, newest day first, at most
 * max; *truncated tells if there were more. */
int	logop_snapshot(MDB_txn *, struct store *, uint64_t owner, uint32_t from_date,
	    uint32_t max, struct log_entry **out, uint32_t *n, bool *truncated);

/* The owner's changes after seq `since`, oldest first.  Returns 0, an LMDB
 * error, or 1 if there are more than max (the caller should send a
 * snapshot instead). */
int	logop_changes_since(MDB_txn *, struct store *, uint64_t owner, uint64_t since,
	    uint32_t max, struct change **out, uint32_t *n);

/* Every entry of every owner dated in [from, to], for reports and tests. */
int	logop_count(MDB_txn *, struct store *, uint64_t owner, uint64_t *n);

/* The reply memo: (user, request id) -> reply, kept REQMEMO_KEEP_MS. */
#define REQMEMO_KEEP_MS	(24ull * 3600 * 1000)
int	reqmemo_get(MDB_txn *, struct store *, uint64_t user, uint64_t reqid, struct stored_reply *);
int	reqmemo_put(struct wtx *, uint64_t user, uint64_t reqid, const struct stored_reply *);
/* Drop memos older than `before` (unix ms), at most max of them. */
int	reqmemo_prune(struct wtx *, uint64_t before, unsigned max, unsigned *dropped);

#endif
