/*
 * client-sync.c: the Clone-pattern state machine behind the daily log
 * screen.
 *
 * The copy is one array of log entries kept sorted (newest day first, then
 * by id) so the screen can walk it without sorting.  Everything the server
 * says arrives here as a decoded struct, and the time comes from the caller:
 * nothing in this file blocks, reads a clock or touches a socket, so the
 * tests in tests/test-sync.c can play any order of events against it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "common/util.h"
#include "client-sync.h"

struct sync {
	struct log_entry *entries;	/* sorted, owned */
	size_t		 n;
	size_t		 cap;
	bool		 have_copy;
	bool		 truncated;
	uint64_t	 epoch;		/* of the copy */
	uint64_t	 topic_seq;	/* last applied seq on our topic */

	enum sync_need	 need;
	bool		 in_flight;
	enum sync_need	 in_flight_kind;

	/* Updates held while there is no copy or a SYNC is out. */
	struct change	*queue;
	size_t		 nqueue;
	size_t		 qcap;
	bool		 overflow;	/* some were not kept: resync again */

	bool		 have_beat;	/* since start or reconnect */
	uint64_t	 beat;
	uint64_t	 last_beat_ms;
	uint64_t	 server_start;
	uint64_t	 server_seq;
	uint64_t	 server_time;
};

static void
raise_need(struct sync *s, enum sync_need k)
{
	if (!s->have_copy)
		k = SYNC_NEED_FULL;
	if (k > s->need)
		s->need = k;
}

static void
clear_entries(struct sync *s)
{
	for (size_t i = 0; i < s->n; i++)
		schema_free(&log_entry_desc, &s->entries[i]);
	s->n = 0;
}

static void
clear_queue(struct sync *s)
{
	for (size_t i = 0; i < s->nqueue; i++)
		schema_free(&change_desc, &s->queue[i]);
	s->nqueue = 0;
}

/* Throw the copy away, as after a change of epoch. */
static void
drop_copy(struct sync *s)
{
	clear_entries(s);
	s->have_copy = false;
	s->truncated = false;
	s->epoch = 0;
	s->topic_seq = 0;
	s->need = SYNC_NEED_FULL;
}

struct sync *
sync_new(uint64_t now)
{
	struct sync *s = xcalloc(1, sizeof *s);

	(void)now;
	s->need = SYNC_NEED_FULL;
	return s;
}

void
sync_free(struct sync **sp)
{
	struct sync *s = *sp;

	if (s == NULL)
		return;
	clear_entries(s);
	clear_queue(s);
	free(s->entries);
	free(s->queue);
	free(s);
	*sp = NULL;
}

size_t
sync_count(const struct sync *s)
{
	return s->n;
}

const struct log_entry *
sync_entry(const struct sync *s, size_t i)
{
	return i < s->n ? &s->entries[i] : NULL;
}

static ssize_t
find_index(const struct sync *s, uint64_t id)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->entries[i].id == id)
			return (ssize_t)i;
	return -1;
}

const struct log_entry *
sync_find(const struct sync *s, uint64_t id)
{
	ssize_t i = find_index(s, id);

	return i < 0 ? NULL : &s->entries[i];
}

uint64_t sync_epoch(const struct sync *s) { return s->epoch; }
uint64_t sync_topic_seq(const struct sync *s) { return s->topic_seq; }
uint64_t sync_server_seq(const struct sync *s) { return s->server_seq; }
uint64_t sync_server_time(const struct sync *s) { return s->server_time; }
bool sync_has_copy(const struct sync *s) { return s->have_copy; }
bool sync_truncated(const struct sync *s) { return s->truncated; }
bool sync_in_flight(const struct sync *s) { return s->in_flight; }
size_t sync_queued(const struct sync *s) { return s->nqueue; }

/* True if a sorts before b: newer day first, then smaller id. */
static bool
before(const struct log_entry *a, const struct log_entry *b)
{
	if (a->date != b->date)
		return a->date > b->date;
	return a->id < b->id;
}

static void
remove_at(struct sync *s, size_t i)
{
	schema_free(&log_entry_desc, &s->entries[i]);
	memmove(&s->entries[i], &s->entries[i + 1], (s->n - i - 1) * sizeof *s->entries);
	s->n--;
}

/* Put a copy of e in its sorted place, replacing any entry with its id. */
static void
put_entry(struct sync *s, const struct log_entry *e)
{
	ssize_t old = find_index(s, e->id);
	size_t lo = 0, hi;

	if (old >= 0)
		remove_at(s, (size_t)old);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->entries = xrealloc(s->entries, s->cap * sizeof *s->entries);
	}
	hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (before(&s->entries[mid], e))
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&s->entries[lo + 1], &s->entries[lo], (s->n - lo) * sizeof *s->entries);
	schema_copy(&log_entry_desc, &s->entries[lo], e);
	if (s->entries[lo].content == NULL)
		s->entries[lo].content = xstrdup("");
	s->n++;
}

static void
apply_change(struct sync *s, const struct change *c)
{
	ssize_t i = find_index(s, c->entry.id);

	if (c->kind == CHANGE_DELETE) {
		if (i >= 0)
			remove_at(s, (size_t)i);
		return;
	}
	/* Versions of one entry only grow; an older one may still be on its
	 * way after our own write was applied by sync_local(). */
	if (i >= 0 && s->entries[i].version > c->entry.version)
		return;
	put_entry(s, &c->entry);
}

enum sync_state
sync_state(struct sync *s, uint64_t now)
{
	if (!s->have_beat)
		return SYNC_RECONNECTING;
	if (now >= s->last_beat_ms && now - s->last_beat_ms >= SYNC_STALE_MS)
		return SYNC_STALE;
	return SYNC_CONNECTED;
}

const char *
sync_state_name(enum sync_state st)
{
	switch (st) {
	case SYNC_CONNECTED:
		return "已连接";
	case SYNC_STALE:
		return "数据可能过期";
	case SYNC_RECONNECTING:
		break;
	}
	return "重新连接中";
}

enum sync_need
sync_need(const struct sync *s)
{
	return s->in_flight ? SYNC_NEED_NONE : s->need;
}

void
sync_want(struct sync *s, enum sync_need k)
{
	raise_need(s, k);
}

void
sync_request(struct sync *s, uint64_t *epoch, uint64_t *since)
{
	enum sync_need k = s->need;

	if (k == SYNC_NEED_NONE)
		k = SYNC_NEED_SINCE;
	if (!s->have_copy)
		k = SYNC_NEED_FULL;
	if (k == SYNC_NEED_FULL) {
		*epoch = 0;
		*since = 0;
	} else {
		*epoch = s->epoch;
		*since = s->topic_seq;
	}
	s->in_flight = true;
	s->in_flight_kind = k;
	s->need = SYNC_NEED_NONE;
}

void
sync_failed(struct sync *s)
{
	if (!s->in_flight)
		return;
	s->in_flight = false;
	raise_need(s, s->in_flight_kind);
}

static void
enqueue(struct sync *s, const struct change *c)
{
	if (s->nqueue >= SYNC_QUEUE_MAX) {
		s->overflow = true;
		return;
	}
	if (s->nqueue == s->qcap) {
		s->qcap = s->qcap ? s->qcap * 2 : 32;
		s->queue = xrealloc(s->queue, s->qcap * sizeof *s->queue);
	}
	schema_copy(&change_desc, &s->queue[s->nqueue++], c);
}

/* Replay the queue after a reply: drop what the reply covered, apply what
 * follows on, and stop at a gap, keeping the rest for the next reply. */
static bool
replay_queue(struct sync *s)
{
	size_t i;
	bool changed = false;

	for (i = 0; i < s->nqueue; i++) {
		const struct change *c = &s->queue[i];

		if (c->epoch != s->epoch) {
			drop_copy(s);
			changed = true;
			break;
		}
		if (c->seq <= s->topic_seq)
			continue;
		if (c->prev != s->topic_seq) {
			raise_need(s, SYNC_NEED_SINCE);
			break;
		}
		apply_change(s, c);
		s->topic_seq = c->seq;
		changed = true;
	}
	/* Keep the unreplayed tail: the next reply decides about it. */
	for (size_t k = 0; k < i; k++)
		schema_free(&change_desc, &s->queue[k]);
	if (i > 0) {
		memmove(s->queue, s->queue + i, (s->nqueue - i) * sizeof *s->queue);
		s->nqueue -= i;
	}
	return changed;
}

bool
sync_reply(struct sync *s, const struct sync_reply_body *r)
{
	bool changed = false;

	s->in_flight = false;
	if (r->seq > s->server_seq)
		s->server_seq = r->seq;
	if (r->full) {
		clear_entries(s);
		for (uint32_t i = 0; i < r->entries_n; i++)
			put_entry(s, &r->entries[i]);
		s->truncated = r->truncated;
		changed = true;
	} else {
		/* Changes only make sense on top of the copy they continue. */
		if (!s->have_copy || r->epoch != s->epoch) {
			drop_copy(s);
			return true;
		}
		for (uint32_t i = 0; i < r->changes_n; i++) {
			if (r->changes[i].seq <= s->topic_seq)
				continue;
			apply_change(s, &r->changes[i]);
			changed = true;
		}
	}
	s->have_copy = true;
	s->epoch = r->epoch;
	if (r->topic_seq > s->topic_seq || r->full)
		s->topic_seq = r->topic_seq;
	if (replay_queue(s))
		changed = true;
	if (s->overflow) {
		s->overflow = false;
		raise_need(s, SYNC_NEED_SINCE);
	}
	/* A heartbeat of another epoch that came while this reply was on its
	 * way is not acted on here: which of the two is newer is unknown, and
	 * the next heartbeat compares its epoch with the copy's anyway. */
	return changed;
}

enum sync_result
sync_update(struct sync *s, const struct change *c)
{
	if (c->seq > s->server_seq)
		s->server_seq = c->seq;
	if (s->in_flight || !s->have_copy) {
		enqueue(s, c);
		return SYNC_QUEUED;
	}
	if (c->epoch != s->epoch) {
		drop_copy(s);
		enqueue(s, c);
		return SYNC_EPOCH;
	}
	if (c->seq <= s->topic_seq)
		return SYNC_DROPPED;
	if (c->prev != s->topic_seq || s->need != SYNC_NEED_NONE) {
		/* Missed something (or already waiting to resync): keep it for
		 * after the reply, which drops it if it covers it. */
		raise_need(s, SYNC_NEED_SINCE);
		enqueue(s, c);
		return SYNC_GAP;
	}
	apply_change(s, c);
	s->topic_seq = c->seq;
	return SYNC_APPLIED;
}

enum sync_beat
sync_heartbeat(struct sync *s, const struct heartbeat_body *h, uint64_t now)
{
	enum sync_beat res = SYNC_BEAT_OK;

	if (!s->have_beat) {
		res = SYNC_BEAT_FIRST;
		if (s->have_copy)
			raise_need(s, SYNC_NEED_SINCE);
	} else if (now >= s->last_beat_ms && now - s->last_beat_ms >= SYNC_STALE_MS) {
		res = SYNC_BEAT_RECOVERED;
		raise_need(s, SYNC_NEED_SINCE);
	} else if (h->server_start != s->server_start || h->beat <= s->beat) {
		res = SYNC_BEAT_RESTARTED;
		raise_need(s, SYNC_NEED_SINCE);
	} else if (h->beat != s->beat + 1) {
		res = SYNC_BEAT_SKIPPED;
		raise_need(s, SYNC_NEED_SINCE);
	}
	if (s->have_copy && h->epoch != s->epoch) {
		drop_copy(s);
		res = SYNC_BEAT_EPOCH;
	}
	s->have_beat = true;
	s->beat = h->beat;
	s->server_start = h->server_start;
	s->last_beat_ms = now;
	s->server_time = h->time;
	if (h->seq > s->server_seq)
		s->server_seq = h->seq;
	return res;
}

void
sync_reconnect(struct sync *s, uint64_t now)
{
	(void)now;
	s->have_beat = false;
}

void
sync_reset(struct sync *s, uint64_t now)
{
	(void)now;
	clear_queue(s);
	drop_copy(s);
	s->in_flight = false;
	s->overflow = false;
}

bool
sync_local(struct sync *s, const struct log_entry *e, bool deleted)
{
	ssize_t i = find_index(s, e->id);

	if (!s->have_copy)
		return false;
	if (deleted) {
		if (i < 0)
			return false;
		remove_at(s, (size_t)i);
		return true;
	}
	if (i >= 0 && s->entries[i].version >= e->version)
		return false;
	put_entry(s, e);
	return true;
}
