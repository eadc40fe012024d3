/*
 * client-sync.h: the client's copy of what its user may see: the daily log,
 * the records of the assessment cycle, the units, the people and the
 * periods, kept in step with the server by the Clone pattern of
 * docs/protocol.md.
 *
 * A pure state machine: no sockets, no screen, no clock.  The caller feeds
 * it decoded messages (struct change, struct sync_reply_body, struct
 * heartbeat_body) and the time in milliseconds, and asks it what to do next:
 * sync_need() says whether a SYNC should be sent and sync_request() gives
 * its epoch and since.  So tests drive it deterministically.
 *
 * Rules, in the order the protocol gives them:
 * - updates that arrive before the first snapshot or while a SYNC is out are
 *   queued, and replayed once the reply has been applied, dropping those
 *   with seq <= topic_seq;
 * - an update whose prev is the last applied seq is applied; seq <= the
 *   last applied seq is a duplicate and dropped; prev beyond it is a gap:
 *   resync since the last applied seq;
 * - a heartbeat or update of another epoch throws the copy away: full
 *   resync from 0;
 * - a heartbeat whose beat skips numbers means messages were lost: resync
 *   since the last applied seq;
 * - no heartbeat for SYNC_STALE_MS: state STALE; the next heartbeat brings
 *   it back and asks for a resync.
 *
 * An update carries a log entry, a record (`doc`: replace by id, and drop
 * the record it supersedes) or an organisation change (`org`: the units,
 * people and periods only come with a full snapshot, so one is asked for).
 * Pointers into the copy stay valid only until the copy next changes;
 * sync_generation() says when that happened.
 */
#ifndef KAOHE_CLIENT_SYNC_H
#define KAOHE_CLIENT_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/schema.h"

#define SYNC_STALE_MS	2500	/* no heartbeat for this long (beats are 1 s apart): stale,
				   shown within 3 s of the server stopping */
#define SYNC_QUEUE_MAX	10000	/* updates kept while a SYNC is out */

/* What the user sees of the link. */
enum sync_state {
	SYNC_RECONNECTING,	/* 重新连接中: no heartbeat yet since (re)start */
	SYNC_CONNECTED,		/* 已连接: heartbeats arrive */
	SYNC_STALE,		/* 数据可能过期: heartbeats stopped */
};

/* What the copy needs. */
enum sync_need {
	SYNC_NEED_NONE,
	SYNC_NEED_SINCE,	/* resync since the last applied seq */
	SYNC_NEED_FULL,		/* resync from 0: no copy or a new epoch */
};

/* What became of one update. */
enum sync_result {
	SYNC_APPLIED,
	SYNC_QUEUED,		/* before the first snapshot or during a SYNC */
	SYNC_DROPPED,		/* seq <= last applied: already have it */
	SYNC_GAP,		/* missed something: resync needed */
	SYNC_EPOCH,		/* another epoch: full resync needed */
};

/* What a heartbeat told. */
enum sync_beat {
	SYNC_BEAT_OK,
	SYNC_BEAT_FIRST,	/* the first since start or reconnect */
	SYNC_BEAT_RECOVERED,	/* heartbeats are back after STALE: resync */
	SYNC_BEAT_SKIPPED,	/* beats were lost: resync since */
	SYNC_BEAT_RESTARTED,	/* the server restarted: resync since */
	SYNC_BEAT_EPOCH,	/* another epoch: full resync */
};

struct sync;

struct sync	*sync_new(uint64_t now);
void		 sync_free(struct sync **);

/* The copy: entries sorted by date, newest first, then by id. */
size_t		 sync_count(const struct sync *);
const struct log_entry *sync_entry(const struct sync *, size_t i);
const struct log_entry *sync_find(const struct sync *, uint64_t id);

/* The records of the cycle (current versions), units, people and periods,
 * each sorted by id (periods by code); NULL when absent. */
size_t		 sync_doc_count(const struct sync *);
const struct doc *sync_doc(const struct sync *, size_t i);
const struct doc *sync_doc_find(const struct sync *, uint64_t id);
size_t		 sync_unit_count(const struct sync *);
const struct unit_rec *sync_unit(const struct sync *, size_t i);
const struct unit_rec *sync_unit_find(const struct sync *, uint64_t id);
size_t		 sync_person_count(const struct sync *);
const struct person *sync_person(const struct sync *, size_t i);
const struct person *sync_person_find(const struct sync *, uint64_t id);
size_t		 sync_period_count(const struct sync *);
const struct period_rec *sync_period(const struct sync *, size_t i);
const struct period_rec *sync_period_find(const struct sync *, uint32_t code);

/* Counts every change of the copy: a screen that built something from it
 * rebuilds when this moves. */
uint64_t	 sync_generation(const struct sync *);

/* Counts the score sheet changes heard of for a plan and period (the
 * sheets themselves are not kept: the ranking screen asks for them again
 * when this moves).  Rubric sheets and rectification notices count the
 * same way under their organisation plan; a notice also under period 0.
 * Only the last few (plan, period) are tracked. */
uint64_t	 sync_sheet_stamp(const struct sync *, const char *plan, uint32_t period);
/* Counts the ledger entry changes heard of (the ledger screen asks for
 * its ranking again when this moves). */
uint64_t	 sync_ledger_stamp(const struct sync *);

uint64_t	 sync_epoch(const struct sync *);
uint64_t	 sync_topic_seq(const struct sync *);	/* last applied seq */
uint64_t	 sync_server_seq(const struct sync *);	/* latest heard of */
uint64_t	 sync_server_time(const struct sync *);	/* last heartbeat's time */
bool		 sync_has_copy(const struct sync *);
bool		 sync_truncated(const struct sync *);	/* last snapshot was cut */
bool		 sync_in_flight(const struct sync *);
size_t		 sync_queued(const struct sync *);

/* The link state at time now (moves to STALE when heartbeats stop). */
enum sync_state	 sync_state(struct sync *, uint64_t now);
const char	*sync_state_name(enum sync_state);	/* as shown: "Connected" */

/* Whether a SYNC should be sent now: NONE while one is in flight. */
enum sync_need	 sync_need(const struct sync *);

/* The caller is sending a SYNC: fill the epoch and since it should carry and
 * mark it in flight.  Updates are queued until sync_reply() or
 * sync_failed(). */
void		 sync_request(struct sync *, uint64_t *epoch, uint64_t *since);

/* The cursor the SYNC just requested should carry: non-zero when it asks
 * for the next page of a full snapshot (the first page is the copy; the
 * others add records to it).  sync_paging(): pages are still to come. */
uint64_t	 sync_cursor(const struct sync *);
bool		 sync_paging(const struct sync *);

/* A record of the copy came without its long text (a snapshot's records do):
 * the screen that opens it asks for it whole (HISTORY) and hands the
 * current version to sync_doc_fill(), which keeps it; false if the copy
 * has no such record or a newer one, or already has it whole. */
bool		 sync_doc_slim(const struct sync *, uint64_t id);
bool		 sync_doc_fill(struct sync *, const struct doc *);

/* The SYNC got no usable reply (error or timeout): it is needed again. */
void		 sync_failed(struct sync *);

/* Apply a SYNC_REPLY, then the queued updates.  Returns true if the copy
 * changed. */
bool		 sync_reply(struct sync *, const struct sync_reply_body *);

/* Feed one published update. */
enum sync_result sync_update(struct sync *, const struct change *);

/* Feed one heartbeat received at now. */
enum sync_beat	 sync_heartbeat(struct sync *, const struct heartbeat_body *,
		     uint64_t now);

/* Ask for a resync since the last applied seq (when a subscription may have
 * been late, say). */
void		 sync_want(struct sync *, enum sync_need);

/* The sockets were set up again: RECONNECTING until the next heartbeat,
 * which then asks for a resync. */
void		 sync_reconnect(struct sync *, uint64_t now);

/* Forget everything (logging out or in as someone else). */
void		 sync_reset(struct sync *, uint64_t now);

/* Apply the entry of one's own acknowledged write at once, without waiting
 * for its update; ignored when the copy already has that version or newer.
 * For a delete, pass deleted true. */
bool		 sync_local(struct sync *, const struct log_entry *, bool deleted);

/* The same for a record of the cycle (DOC_OK). */
bool		 sync_local_doc(struct sync *, const struct doc *);

#endif
