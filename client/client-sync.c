/*
 * client-sync.c: the Clone-pattern state machine behind every screen.
 *
 * The copy is one array of log entries kept sorted (newest day first, then
 * by id) so the log screen can walk it without sorting, and four tables
 * sorted by id (records of the cycle, units, people, periods) that a full
 * snapshot fills and the changes keep current.  Everything the server
 * says arrives here as a decoded struct, and the time comes from the caller:
 * nothing in this file blocks, reads a clock or touches a socket, so the
 * tests in tests/test-sync.c can play any order of events against it.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "common/i18n.h"
#include "common/util.h"
#include "client-sync.h"

#define SYNC_SHEET_SLOTS	16

/* Records kept sorted by a numeric key: the id (or a period's code). */
struct table {
	const struct record_desc *desc;
	uint64_t	(*key)(const void *);
	char		*items;		/* owned, n records of desc->size */
	size_t		 n;
	size_t		 cap;
};

struct sync {
	struct log_entry *entries;	/* sorted, owned */
	size_t		 n;
	size_t		 cap;
	bool		 have_copy;
	bool		 truncated;
	uint64_t	 epoch;		/* of the copy */
	uint64_t	 org;		/* organisation version of the last full snapshot */
	uint64_t	 topic_seq;	/* last applied seq on our topic */
	uint64_t	 generation;	/* counts changes of the copy */
	struct {
		char	 plan[65];
		uint32_t period;
		uint64_t n;		/* sheet changes heard of */
		uint64_t used;		/* generation when last counted */
	} sheets[SYNC_SHEET_SLOTS];
	uint64_t	 ledger_changes;	/* ledger entry changes heard of */

	struct table	 docs;		/* current records of the cycle */
	struct table	 units;
	struct table	 people;
	struct table	 periods;

	/* Records that came in a snapshot without their long text (slim),
	 * sorted; a change or sync_doc_fill() brings the whole record. */
	uint64_t	*slim;
	size_t		 nslim, slimcap;
	uint64_t	 cursor;	/* next page of a full snapshot, 0: none */

	enum sync_need	 need;
	bool		 in_flight;
	bool		 in_flight_page;	/* the SYNC out asks for a page */
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

/* ---- the tables ---- */

static uint64_t key_doc(const void *r) { return ((const struct doc *)r)->id; }
static uint64_t key_unit(const void *r) { return ((const struct unit_rec *)r)->id; }
static uint64_t key_person(const void *r) { return ((const struct person *)r)->id; }
static uint64_t key_period(const void *r) { return ((const struct period_rec *)r)->code; }

static void
table_init(struct table *t, const struct record_desc *desc, uint64_t (*key)(const void *))
{
	memset(t, 0, sizeof *t);
	t->desc = desc;
	t->key = key;
}

static void *
table_at(const struct table *t, size_t i)
{
	return t->items + i * t->desc->size;
}

/* The index of key, or where it would go (*found false). */
static size_t
table_search(const struct table *t, uint64_t key, bool *found)
{
	size_t lo = 0, hi = t->n;

	*found = false;
	/* Records mostly come in key order: try the end first. */
	if (t->n > 0 && t->key(table_at(t, t->n - 1)) < key)
		return t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t k = t->key(table_at(t, mid));

		if (k == key) {
			*found = true;
			return mid;
		}
		if (k < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const void *
table_find(const struct table *t, uint64_t key)
{
	bool found;
	size_t i = table_search(t, key, &found);

	return found ? table_at(t, i) : NULL;
}

/* Put a copy of rec in its place, replacing the record with its key. */
static void
table_put(struct table *t, const void *rec)
{
	size_t sz = t->desc->size;
	bool found;
	size_t i = table_search(t, t->key(rec), &found);

	if (found) {
		schema_free(t->desc, table_at(t, i));
		schema_copy(t->desc, table_at(t, i), rec);
		return;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->items = xrealloc(t->items, t->cap * sz);
	}
	memmove(t->items + (i + 1) * sz, t->items + i * sz, (t->n - i) * sz);
	schema_copy(t->desc, table_at(t, i), rec);
	t->n++;
}

static bool
table_remove(struct table *t, uint64_t key)
{
	size_t sz = t->desc->size;
	bool found;
	size_t i = table_search(t, key, &found);

	if (!found)
		return false;
	schema_free(t->desc, table_at(t, i));
	memmove(t->items + i * sz, t->items + (i + 1) * sz, (t->n - i - 1) * sz);
	t->n--;
	return true;
}

static void
table_clear(struct table *t)
{
	for (size_t i = 0; i < t->n; i++)
		schema_free(t->desc, table_at(t, i));
	t->n = 0;
}

static void
table_free(struct table *t)
{
	table_clear(t);
	free(t->items);
	t->items = NULL;
	t->cap = 0;
}

static void
table_load(struct table *t, const void *items, uint32_t n)
{
	table_clear(t);
	for (uint32_t i = 0; items != NULL && i < n; i++)
		table_put(t, (const char *)items + (size_t)i * t->desc->size);
}

/* ---- records without their long text ---- */

static size_t
slim_search(const struct sync *s, uint64_t id, bool *found)
{
	size_t lo = 0, hi = s->nslim;

	*found = false;
	if (s->nslim > 0 && s->slim[s->nslim - 1] < id)
		return s->nslim;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->slim[mid] == id) {
			*found = true;
			return mid;
		}
		if (s->slim[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
slim_set(struct sync *s, uint64_t id, bool slim)
{
	bool found;
	size_t i = slim_search(s, id, &found);

	if (slim && !found) {
		if (s->nslim == s->slimcap) {
			s->slimcap = s->slimcap ? s->slimcap * 2 : 64;
			s->slim = xrealloc(s->slim, s->slimcap * sizeof *s->slim);
		}
		memmove(&s->slim[i + 1], &s->slim[i], (s->nslim - i) * sizeof *s->slim);
		s->slim[i] = id;
		s->nslim++;
	} else if (!slim && found) {
		memmove(&s->slim[i], &s->slim[i + 1], (s->nslim - i - 1) * sizeof *s->slim);
		s->nslim--;
	}
}

bool
sync_doc_slim(const struct sync *s, uint64_t id)
{
	bool found;

	slim_search(s, id, &found);
	return found;
}

/* ---- the state machine ---- */

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
	table_clear(&s->docs);
	table_clear(&s->units);
	table_clear(&s->people);
	table_clear(&s->periods);
	s->nslim = 0;
	s->cursor = 0;
	s->generation++;
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
	table_init(&s->docs, &doc_desc, key_doc);
	table_init(&s->units, &unit_rec_desc, key_unit);
	table_init(&s->people, &person_desc, key_person);
	table_init(&s->periods, &period_rec_desc, key_period);
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
	table_free(&s->docs);
	table_free(&s->units);
	table_free(&s->people);
	table_free(&s->periods);
	free(s->slim);
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

size_t sync_doc_count(const struct sync *s) { return s->docs.n; }
size_t sync_unit_count(const struct sync *s) { return s->units.n; }
size_t sync_person_count(const struct sync *s) { return s->people.n; }
size_t sync_period_count(const struct sync *s) { return s->periods.n; }

const struct doc *
sync_doc(const struct sync *s, size_t i)
{
	return i < s->docs.n ? table_at(&s->docs, i) : NULL;
}

const struct unit_rec *
sync_unit(const struct sync *s, size_t i)
{
	return i < s->units.n ? table_at(&s->units, i) : NULL;
}

const struct person *
sync_person(const struct sync *s, size_t i)
{
	return i < s->people.n ? table_at(&s->people, i) : NULL;
}

const struct period_rec *
sync_period(const struct sync *s, size_t i)
{
	return i < s->periods.n ? table_at(&s->periods, i) : NULL;
}

const struct doc *sync_doc_find(const struct sync *s, uint64_t id) { return table_find(&s->docs, id); }
const struct unit_rec *sync_unit_find(const struct sync *s, uint64_t id) { return table_find(&s->units, id); }
const struct person *sync_person_find(const struct sync *s, uint64_t id) { return table_find(&s->people, id); }
const struct period_rec *sync_period_find(const struct sync *s, uint32_t code) { return table_find(&s->periods, code); }

uint64_t sync_generation(const struct sync *s) { return s->generation; }
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

/* A record after a change: replace it by id, unless the copy already has a
 * newer version (our own write, applied by sync_local_doc()); a correction
 * takes the place of the record it supersedes. */
static bool
put_doc(struct sync *s, const struct doc *d)
{
	const struct doc *cur = table_find(&s->docs, d->id);

	if (cur != NULL && cur->version > d->version)
		return false;
	table_put(&s->docs, d);
	slim_set(s, d->id, false);
	if (d->supersedes != 0 && table_remove(&s->docs, d->supersedes))
		slim_set(s, d->supersedes, false);
	s->generation++;
	return true;
}

/* A record from a page of a snapshot: kept unless the copy has it already,
 * as new or newer (a change that came while the page was on its way). */
static void
put_page_doc(struct sync *s, const struct doc *d, bool slim)
{
	const struct doc *cur = table_find(&s->docs, d->id);

	if (cur != NULL && cur->version >= d->version)
		return;
	table_put(&s->docs, d);
	slim_set(s, d->id, slim);
	if (d->supersedes != 0 && table_remove(&s->docs, d->supersedes))
		slim_set(s, d->supersedes, false);
}

/* One more sheet change of (plan, period): its slot, or the least recently
 * used one. */
static void
sheet_heard(struct sync *s, const char *plan, uint32_t period)
{
	size_t k, old = 0;

	for (k = 0; k < SYNC_SHEET_SLOTS; k++) {
		if (s->sheets[k].period == period && strcmp(s->sheets[k].plan, plan) == 0)
			break;
		if (s->sheets[k].used < s->sheets[old].used)
			old = k;
	}
	if (k == SYNC_SHEET_SLOTS) {
		k = old;
		strlcpy_kh(s->sheets[k].plan, plan, sizeof s->sheets[k].plan);
		s->sheets[k].period = period;
	}
	s->sheets[k].n++;
	s->sheets[k].used = s->generation;
}

uint64_t
sync_ledger_stamp(const struct sync *s)
{
	return s->ledger_changes;
}

uint64_t
sync_sheet_stamp(const struct sync *s, const char *plan, uint32_t period)
{
	for (size_t k = 0; k < SYNC_SHEET_SLOTS; k++)
		if (s->sheets[k].period == period && strcmp(s->sheets[k].plan, plan) == 0)
			return s->sheets[k].n;
	return 0;
}

static void
apply_change(struct sync *s, const struct change *c)
{
	ssize_t i;

	if (c->org != 0) {
		/* The organisation, an account or a lock changed: the tables
		 * come again with a full snapshot. */
		raise_need(s, SYNC_NEED_FULL);
		return;
	}
	if (c->doc.id != 0) {
		put_doc(s, &c->doc);
		return;
	}
	if (c->ledger.id != 0) {
		/* a ledger entry: the ledger screen asks for its ranking itself */
		s->generation++;
		s->ledger_changes++;
		return;
	}
	if (c->sheet.subject != 0) {
		/* a score sheet: the scoring screens ask for sheets themselves */
		s->generation++;
		sheet_heard(s, c->sheet.plan != NULL ? c->sheet.plan : "", c->sheet.period);
		return;
	}
	if (c->rubric.unit_id != 0 || c->notice.id != 0) {
		/* A unit's rubric sheet or a rectification notice: counted
		 * like score sheets, under the plan's key (people and
		 * organisation plans never share one).  A notice also counts
		 * under period 0, for the lists of every period's notices. */
		const char *plan = c->rubric.unit_id != 0 ? c->rubric.plan : c->notice.plan;

		s->generation++;
		sheet_heard(s, plan != NULL ? plan : "",
		    c->rubric.unit_id != 0 ? c->rubric.period : c->notice.period);
		if (c->notice.id != 0)
			sheet_heard(s, plan != NULL ? plan : "", 0);
		return;
	}
	s->generation++;
	i = find_index(s, c->entry.id);
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
		return _("Connected");
	case SYNC_STALE:
		return _("Connection lost, data may be stale");
	case SYNC_RECONNECTING:
		break;
	}
	return _("Reconnecting");
}

enum sync_need
sync_need(const struct sync *s)
{
	if (s->in_flight)
		return SYNC_NEED_NONE;
	/* The next page of a snapshot is wanted like a resync. */
	if (s->cursor != 0 && s->need == SYNC_NEED_NONE)
		return SYNC_NEED_SINCE;
	return s->need;
}

uint64_t
sync_cursor(const struct sync *s)
{
	return s->in_flight && s->in_flight_page ? s->cursor : 0;
}

bool
sync_paging(const struct sync *s)
{
	return s->cursor != 0;
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
	s->in_flight_page = false;
	if (k != SYNC_NEED_FULL && s->cursor != 0) {
		/* The next page; a resync waiting goes after the last one. */
		*epoch = s->epoch;
		*since = s->topic_seq;
		s->in_flight = true;
		s->in_flight_page = true;
		return;
	}
	s->cursor = 0;
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
	if (s->in_flight_page)
		return;		/* the cursor stays: the page is asked again */
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
	bool changed = false, page = s->in_flight_page;

	s->in_flight = false;
	s->in_flight_page = false;
	if (r->seq > s->server_seq)
		s->server_seq = r->seq;
	if (r->continued) {
		/* A later page: only for the snapshot it continues. */
		if (!page || !s->have_copy || r->epoch != s->epoch) {
			s->cursor = 0;
			raise_need(s, SYNC_NEED_FULL);
			return false;
		}
		for (uint32_t i = 0; i < r->docs_n; i++)
			put_page_doc(s, &r->docs[i], r->slim);
		s->cursor = r->more ? r->cursor : 0;
		s->generation++;
		replay_queue(s);
		return true;
	}
	if (r->full) {
		clear_entries(s);
		for (uint32_t i = 0; i < r->entries_n; i++)
			put_entry(s, &r->entries[i]);
		table_load(&s->docs, r->docs, r->docs_n);
		for (uint32_t i = 0; r->slim && i < r->docs_n; i++)
			slim_set(s, r->docs[i].id, true);
		s->cursor = r->more ? r->cursor : 0;
		table_load(&s->units, r->units, r->units_n);
		table_load(&s->people, r->people, r->people_n);
		table_load(&s->periods, r->periods, r->periods_n);
		s->org = r->org;
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
	} else if (s->have_copy && h->org > s->org) {
		/* The organisation changed, perhaps through kaohectl, which
		 * publishes nothing: only a full snapshot brings it. */
		raise_need(s, SYNC_NEED_FULL);
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
		s->generation++;
		return true;
	}
	if (i >= 0 && s->entries[i].version >= e->version)
		return false;
	put_entry(s, e);
	s->generation++;
	return true;
}

bool
sync_doc_fill(struct sync *s, const struct doc *d)
{
	const struct doc *cur = table_find(&s->docs, d->id);

	if (cur == NULL || cur->version > d->version || !sync_doc_slim(s, d->id))
		return false;
	table_put(&s->docs, d);
	slim_set(s, d->id, false);
	s->generation++;
	return true;
}

bool
sync_local_doc(struct sync *s, const struct doc *d)
{
	const struct doc *cur;

	if (!s->have_copy || d->id == 0)
		return false;
	if ((cur = table_find(&s->docs, d->id)) != NULL && cur->version >= d->version)
		return false;
	return put_doc(s, d);
}
