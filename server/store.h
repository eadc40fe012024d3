/*
 * store.h: kaohe's LMDB database.
 *
 * One environment in a directory, opened once, with these named databases:
 *   meta      schema version, epoch, last seq, last ids (text values);
 *             peer_secret, the key of the voters' markers (hex)
 *   users     "i" + id -> user_rec;  "l" + login -> id;  "u" + unit + id -> ""
 *   units     "i" + id -> unit_rec;  "n" + name -> id
 *   calendar  date -> calendar_day
 *   periods   code -> period_rec (only periods that were locked or reopened)
 *   audit     id -> audit_rec (append only)
 *   sessions  hash of the token -> session_rec
 *   records   "L" + id -> log_entry;  "R" + id -> doc
 *             scoring people (score-int.h; plan = the plan's key + NUL):
 *             "G" + plan + period -> plan_use (the version the period uses)
 *             "J" + plan + period + subject + part + NUL + rater -> named_score
 *             "A" + plan + period + subject + part + NUL -> peer_tally
 *             "K" + plan + period + subject + id -> commendation_rec
 *             "H" + plan + period + subject -> sheet
 *             "P" + plan + period + unit -> results_rec (published)
 *             scoring organisations (rubric-int.h):
 *             "O" + plan + period + unit -> rubric_sheet
 *             "Q" + id -> rectify_rec;  "Y" + id -> sample_rec (a draw)
 *             points ledgers (ledger-ops.h):
 *             "Z" + ledger + NUL + person + date + id -> ledger_rec
 *   indexes   "D" + owner + date + id -> ""   (an owner's log by day)
 *             "C" + owner + seq -> ""         (an owner's changes)
 *             "T" + owner -> seq              (an owner's latest change)
 *             "S" + subject + period + kind + id -> ""  (records about a person)
 *             "C" + user + seq holds, as its value, the seq of the previous
 *             change that user saw (0 if none): a change reaches everyone
 *             allowed to see it, and each has its own chain.
 *             "K" + id -> a commendation's key in records
 *             "Z" + id -> a ledger entry's key in records
 *             "V" + marker -> retry tag  (a peer's vote: a keyed BLAKE2b of
 *             voter, plan, period, subject and part; no score, no time)
 *   changes   seq -> change                   (the change log)
 *   requests  "q" + user + reqid -> stored_reply; "t" + at + user + reqid -> ""
 *   plans     "p" + key + NUL + version -> plan;  "v" + key -> latest version
 *             (see plan-store.h);  "l" + key -> ledger_def (ledger-ops.h)
 * Integers in keys are big-endian so keys sort as numbers.
 *
 * Durability: every commit is synced before anyone is told it happened.
 * kaohed opens the environment with MDB_NOMETASYNC (store_lazy_meta): LMDB
 * still fdatasyncs a commit's data pages before it writes the meta page, so
 * the file on disk always holds a meta page whose pages are on disk (no
 * torn state, unlike MDB_NOSYNC); only the newest meta page may be lost in
 * a crash.  kaohed acknowledges a batch only after a later fdatasync (its
 * sync thread's, or the next batch's commit) has made that meta page
 * durable too; store_write_commit clears the flag for its own commit, so
 * it is durable when it returns.  kaohectl keeps LMDB's default (meta written with O_DSYNC).
 *
 * Writes go through a struct wtx, which carries the counters (seq, ids) of
 * its transaction so that a failed sub-transaction or commit leaves the
 * store's committed counters as they were.  Every function returns 0 or an
 * LMDB error code (MDB_NOTFOUND where it says so); store_strerror() turns
 * a code into words.
 */
#ifndef KAOHE_STORE_H
#define KAOHE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <lmdb.h>

#include "common/schema.h"
#include "common/util.h"

#define STORE_DEFAULT_MAPSIZE	((size_t)1 << 30)

struct store {
	MDB_env		*env;
	MDB_dbi		 meta, users, sessions, records, indexes, changes, requests;
	MDB_dbi		 units, calendar, periods, audit, plans;
	char		*path;
	uint64_t	 epoch;
	uint64_t	 seq;		/* last committed seq */
	uint64_t	 last_id;	/* last record id handed out */
	uint64_t	 last_user;	/* last user id handed out */
	uint64_t	 last_unit;	/* last unit id handed out */
	uint64_t	 last_audit;	/* last audit line */
	uint64_t	 user_writes;	/* store_user_put calls by this process */
	bool		 lazy_meta;	/* MDB_NOMETASYNC: store_write_commit syncs itself */
	/* org.c's cache of those who see every record (org_all_seeing) */
	uint64_t	*seers;
	uint32_t	 nseers;
	bool		 seers_valid;
	uint64_t	 seers_org_version, seers_user_writes;
};

struct wtx {
	struct store	*st;
	MDB_txn		*txn;
	uint64_t	 seq, last_id, last_user, last_unit, last_audit;
	const char	*workstation;	/* for the audit log; "kaohectl" if NULL */
	uint64_t	 actor;		/* who acts, for the audit log; 0 kaohectl */
	bool		 org_changed;	/* bump meta's org_version on commit */
};

/* Saved counters around a nested transaction. */
struct wtx_mark {
	MDB_txn		*parent;
	uint64_t	 seq, last_id, last_user, last_unit, last_audit;
};

enum { STORE_CREATE = 1, STORE_MUST_EXIST = 2 };

/* Open (and with STORE_CREATE make) the database in dir.  On failure returns
 * -1 and writes the reason to err. */
int	store_open(struct store **, const char *dir, int flags, char *err, size_t errlen);
void	store_close(struct store **);
const char *store_strerror(int rc);

int	store_read_begin(struct store *, MDB_txn **);
int	store_write_begin(struct store *, struct wtx *);
/* Commit: writes the counters to meta, commits (durably), and on success
 * makes the counters the store's.  On failure the transaction is gone and
 * nothing was written. */
int	store_write_commit(struct wtx *);
void	store_write_abort(struct wtx *);
/* The group commit's two-step commit (kaohed only; see store_lazy_meta).
 * store_write_commit_lazy commits with the data pages synced but the meta
 * page that makes them current only written, not synced: the transaction
 * is visible, not yet durable.  It becomes durable at store_sync or at the
 * next commit (whose data sync flushes the file, meta page included).
 * Never acknowledge a lazily committed write before one of those returns. */
int	store_lazy_meta(struct store *);
int	store_write_commit_lazy(struct wtx *);
/* Make every commit so far durable (fdatasync).  Safe to call from another
 * thread while this one writes. */
int	store_sync(struct store *);
/* A nested transaction, for one request inside a group commit. */
int	store_nest_begin(struct wtx *, struct wtx_mark *);
void	store_nest_end(struct wtx *, struct wtx_mark *, bool keep);

/* Records by key, msgpack-encoded with the schema's descriptor. */
int	store_get_rec(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    const struct record_desc *, void *rec);
int	store_put_rec(MDB_txn *, MDB_dbi, const void *key, size_t klen,
	    const struct record_desc *, const void *rec);

/* Users. */
int	store_user_get(MDB_txn *, struct store *, uint64_t id, struct user_rec *);
int	store_user_by_login(MDB_txn *, struct store *, const char *login, struct user_rec *);
/* Create (u->id 0) or overwrite a user.  MDB_KEYEXIST if the login is taken. */
int	store_user_put(struct wtx *, struct user_rec *u);
/* The ids of a unit's members (not of its sub-units), in id order. */
int	store_unit_members(MDB_txn *, struct store *, uint64_t unit, uint64_t **ids, uint32_t *n);
/* Call fn for every user in id order; stop if it returns non-zero. */
int	store_user_each(MDB_txn *, struct store *, int (*fn)(const struct user_rec *, void *), void *);

/* Append a change to the change log on owner's topic: assigns seq and prev,
 * stores it with its indexes. */
int	store_change_append(struct wtx *, uint64_t owner, struct change *);
/* The same for a change that reaches several users: ch->prev is set for
 * audience[0]; store_change_prev() gives it for each of the others. */
int	store_change_append_to(struct wtx *, const uint64_t *audience, size_t n, struct change *);
uint64_t store_change_prev(MDB_txn *, struct store *, uint64_t user, uint64_t seq);

/* Append a line to the audit log, as w->actor from w->workstation. */
int	store_audit(struct wtx *, const char *action, const char *target, uint64_t seq,
	    const char *fmt, ...) KH_PRINTF(5, 6);
/* Lines with id below `before` (0: newest), newest first, at most max. */
int	store_audit_list(MDB_txn *, struct store *, uint64_t before, uint32_t max,
	    struct audit_rec **out, uint32_t *n);
uint64_t store_topic_seq(MDB_txn *, struct store *, uint64_t owner);

/* Meta text values. */
int	store_meta_get(MDB_txn *, struct store *, const char *key, char *buf, size_t len);
int	store_meta_put(MDB_txn *, struct store *, const char *key, const char *val);
/* The organisation version: it grows with every commit that changed a unit,
 * an account, the calendar or a period lock, whichever process made it, so
 * clients learn to resync in full.  0 if none yet. */
uint64_t store_org_version(MDB_txn *, struct store *);

/* Size facts for the console: file size, map size and pages used. */
struct store_stats {
	uint64_t	 file_bytes;
	uint64_t	 map_bytes;
	uint64_t	 used_bytes;
	uint64_t	 entries;	/* records */
	uint64_t	 changes;
};
int	store_stats(struct store *, struct store_stats *);

/* Big-endian helpers for keys. */
void	be64_put(unsigned char *p, uint64_t v);
uint64_t be64_get(const unsigned char *p);
void	be32_put(unsigned char *p, uint32_t v);
uint32_t be32_get(const unsigned char *p);

#endif
