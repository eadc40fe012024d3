/*
 * ledger-ops.c: points ledgers in the store (see ledger-ops.h): the
 * definitions kaohectl imports, entering, changing and removing entries,
 * and the ranked sums of a period.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/ledger.h"
#include "common/period.h"
#include "common/score.h"
#include "common/util.h"
#include "calendar.h"
#include "ledger-ops.h"
#include "org.h"
#include "score-int.h"

#define AUDIENCE_MAX	64

/* ---- definitions ---- */

static struct sc_key
def_key(const char *key)
{
	struct sc_key k = { .b = { 'l' }, .n = 1 };

	sc_key_str(&k, key);
	return k;
}

int
ledgerop_def_put(struct wtx *w, const struct ledger_def *d)
{
	struct sc_key k = def_key(d->key);
	int rc;

	if ((rc = store_put_rec(w->txn, w->st->plans, k.b, k.n, &ledger_def_desc, d)) != 0)
		return rc;
	return store_audit(w, "ledger.import", d->key, 0, "%s：%u 个积分项目", d->name, d->items_n);	/* data */
}

int
ledgerop_defs(MDB_txn *txn, struct store *st, struct ledger_def **out, uint32_t *n)
{
	struct sc_key k = { .b = { 'l' }, .n = 1 };

	return sc_load_prefix(txn, st->plans, &k, &ledger_def_desc, (void **)out, n);
}

/* One definition; -1 with err if there is none. */
static int
def_get(MDB_txn *txn, struct store *st, const char *key, struct ledger_def *d, struct codec_error *err)
{
	struct sc_key k = def_key(key);
	int rc;

	if (strlen(key) == 0 || strlen(key) > 32)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "ledger", _("No such points ledger"));
	if ((rc = store_get_rec(txn, st->plans, k.b, k.n, &ledger_def_desc, d)) == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "ledger", _("No such points ledger"));
	return rc != 0 ? sc_storage(err, rc) : 0;
}

/* ---- keys of entries ---- */

/* "Z" + ledger + NUL + person (+ date + id). */
static struct sc_key
entry_prefix(const char *ledger, uint64_t person)
{
	struct sc_key k = { .b = { 'Z' }, .n = 1 };

	sc_key_str(&k, ledger);
	if (person != 0)
		sc_key_u64(&k, person);
	return k;
}

static struct sc_key
entry_key(const struct ledger_rec *e)
{
	struct sc_key k = entry_prefix(e->ledger, e->person);

	sc_key_u32(&k, e->date);
	sc_key_u64(&k, e->id);
	return k;
}

static MDB_val
index_key(unsigned char ik[9], uint64_t id)
{
	ik[0] = 'Z';
	be64_put(ik + 1, id);
	return (MDB_val){ 9, ik };
}

/* The stored entry with that id; -1 with err if there is none. */
static int
entry_get(MDB_txn *txn, struct store *st, uint64_t id, struct ledger_rec *e, struct codec_error *err)
{
	unsigned char ik[9];
	MDB_val ikv = index_key(ik, id), kv;
	int rc;

	if ((rc = mdb_get(txn, st->indexes, &ikv, &kv)) == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "id", _("No such points entry"));
	if (rc != 0)
		return sc_storage(err, rc);
	if ((rc = store_get_rec(txn, st->records, kv.mv_data, kv.mv_size, &ledger_rec_desc, e)) != 0)
		return sc_storage(err, rc == MDB_NOTFOUND ? MDB_CORRUPTED : rc);
	return 0;
}

/* ---- who may write ---- */

/* Whether the actor may enter points for person (see ledger-ops.h); -1
 * with err if not.  *who is the person, to be released by the caller on
 * success. */
static int
may_write(MDB_txn *txn, struct store *st, const struct user_rec *actor, uint64_t person,
    struct user_rec *who, struct codec_error *err)
{
	int rc;

	if (actor->role != ROLE_ADMIN && actor->role != ROLE_DEPT_HEAD)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Points are entered by the assessment office or the department head"));
	if (actor->id == person)
		return sc_refuse(err, KH_ERR_DENIED, "person",
		    _("You cannot enter points for yourself"));
	if ((rc = store_user_get(txn, st, person, who)) == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "person", _("No such person"));
	if (rc != 0)
		return sc_storage(err, rc);
	if (who->role == ROLE_ORG_DEPT) {
		schema_free(&user_rec_desc, who);
		return sc_refuse(err, KH_ERR_INVALID, "person",
		    _("Organisation department accounts earn no points"));
	}
	if (actor->role == ROLE_DEPT_HEAD && (who->unit_id != actor->unit_id ||
	    org_unit_head(txn, st, who->unit_id) != actor->id)) {
		schema_free(&user_rec_desc, who);
		return sc_refuse(err, KH_ERR_DENIED, "person",
		    _("A department head enters points for their own department only"));
	}
	return 0;
}

/* The month of day is closed (it, or a quarter, half or year holding it). */
static int
date_open(MDB_txn *txn, struct store *st, uint32_t day, struct codec_error *err)
{
	if (period_is_locked(txn, st, period_of_day(PERIOD_MONTH, day)))
		return sc_refuse(err, KH_ERR_DENIED, "date",
		    _("This period is closed: its points cannot change"));
	return 0;
}

/* ---- writes ---- */

/* Publish e (a deep copy is made) to everyone who may see its person. */
static int
publish(struct wtx *w, const struct ledger_rec *e, enum change_kind kind, uint64_t by,
    struct pubs *pubs)
{
	uint64_t audience[AUDIENCE_MAX];
	uint32_t n = docop_audience(w->txn, w->st, e->person, &by, 1, audience, AUDIENCE_MAX);
	struct change ch;

	memset(&ch, 0, sizeof ch);
	ch.kind = kind;
	ch.user = by;
	schema_copy(&ledger_rec_desc, &ch.ledger, e);
	return pubs_append(w, pubs, audience, n, &ch);
}

/* "+2.00 李四 2026-03-05 每月走访群众一次" for the audit log. */
static void
audit_line(char *buf, size_t len, const struct ledger_rec *e, const char *name)
{
	char pts[32], day[16];

	ledger_points_format(e->deduct ? -(int64_t)e->points : (int64_t)e->points, pts, sizeof pts);
	day_format(e->date, day, sizeof day);
	snprintf(buf, len, "%s %s %s：%s", name, day, pts, e->reason);
}

static int
entry_store(struct wtx *w, const struct ledger_rec *e)
{
	struct sc_key k = entry_key(e);
	unsigned char ik[9];
	MDB_val ikv = index_key(ik, e->id), kv = sc_key_val(&k);
	int rc;

	if ((rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &ledger_rec_desc, e)) != 0)
		return rc;
	return mdb_put(w->txn, w->st->indexes, &ikv, &kv, 0);
}

static int
entry_remove(struct wtx *w, const struct ledger_rec *e)
{
	struct sc_key k = entry_key(e);
	unsigned char ik[9];
	MDB_val ikv = index_key(ik, e->id), kv = sc_key_val(&k);
	int rc;

	if ((rc = mdb_del(w->txn, w->st->records, &kv, NULL)) != 0)
		return rc;
	return mdb_del(w->txn, w->st->indexes, &ikv, NULL);
}

int
ledgerop_put(struct wtx *w, const struct actor *a, const struct ledger_rec *in, uint64_t *id,
    struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	struct ledger_rec old = { 0 }, e;
	struct ledger_def d = { 0 };
	struct user_rec who = { 0 };
	const char *field, *why;
	char line[700], target[48];
	bool have_old = false, have_who = false;
	int rc;

	*id = 0;
	if ((rc = def_get(w->txn, st, in->ledger != NULL ? in->ledger : "", &d, err)) != 0)
		return rc;
	if (ledger_entry_check(in, &d, a->today, &field, &why) != 0) {
		rc = sc_refuse(err, KH_ERR_INVALID, field, why);
		goto done;
	}
	if (in->id != 0) {
		if ((rc = entry_get(w->txn, st, in->id, &old, err)) != 0)
			goto done;
		have_old = true;
		if (strcmp(old.ledger, in->ledger) != 0 || old.person != in->person) {
			rc = sc_refuse(err, KH_ERR_INVALID, "person",
			    _("Ledger and person cannot change: delete the entry and enter it anew"));
			goto done;
		}
		if ((rc = date_open(w->txn, st, old.date, err)) != 0)
			goto done;
	}
	if ((rc = may_write(w->txn, st, a->user, in->person, &who, err)) != 0)
		goto done;
	have_who = true;
	if ((rc = date_open(w->txn, st, in->date, err)) != 0)
		goto done;
	e = *in;
	e.id = in->id != 0 ? in->id : ++w->last_id;
	e.item = in->item != NULL ? in->item : "";
	e.by = a->user->id;
	e.at = now_ms();
	w->actor = a->user->id;
	if ((have_old && (rc = entry_remove(w, &old)) != 0) || (rc = entry_store(w, &e)) != 0 ||
	    (rc = publish(w, &e, CHANGE_PUT, a->user->id, pubs)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	audit_line(line, sizeof line, &e, who.display_name);
	snprintf(target, sizeof target, "ledger %s %llu", e.ledger, (unsigned long long)e.id);
	if ((rc = store_audit(w, have_old ? "ledger.edit" : "ledger.put", target,
	    pubs->v[pubs->n - 1].ch.seq, "%s", line)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	*id = e.id;
done:
	if (have_who)
		schema_free(&user_rec_desc, &who);
	if (have_old)
		schema_free(&ledger_rec_desc, &old);
	schema_free(&ledger_def_desc, &d);
	return rc;
}

int
ledgerop_delete(struct wtx *w, const struct actor *a, uint64_t id, struct pubs *pubs,
    struct codec_error *err)
{
	struct store *st = w->st;
	struct user_rec who;
	struct ledger_rec e;
	char line[700], target[48];
	int rc;

	if ((rc = entry_get(w->txn, st, id, &e, err)) != 0)
		return rc;
	if ((rc = may_write(w->txn, st, a->user, e.person, &who, err)) != 0)
		goto free_entry;
	if ((rc = date_open(w->txn, st, e.date, err)) != 0)
		goto done;
	w->actor = a->user->id;
	if ((rc = entry_remove(w, &e)) != 0 || (rc = publish(w, &e, CHANGE_DELETE, a->user->id, pubs)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	audit_line(line, sizeof line, &e, who.display_name);
	snprintf(target, sizeof target, "ledger %s %llu", e.ledger, (unsigned long long)e.id);
	if ((rc = store_audit(w, "ledger.delete", target, pubs->v[pubs->n - 1].ch.seq, "删除 %s",	/* data */
	    line)) != 0)
		rc = sc_storage(err, rc);
done:
	schema_free(&user_rec_desc, &who);
free_entry:
	schema_free(&ledger_rec_desc, &e);
	return rc;
}

/* ---- reading: sums and ranks ---- */

/* The rows of the ranking: every person with an entry in the period and
 * in the unit asked for, ranked among themselves; those the viewer may
 * see are kept. */
static int
rank_rows(MDB_txn *txn, struct store *st, const struct user_rec *viewer, const struct ledger_rec *all,
    uint32_t nall, uint32_t period, uint64_t unit, struct ledgers_reply_body *out)
{
	struct ledger_entry *le = xcalloc(nall ? nall : 1, sizeof *le);
	struct ledger_total *tot = xcalloc(nall ? nall : 1, sizeof *tot);
	struct rank_row *rr = xcalloc(nall ? nall : 1, sizeof *rr);
	struct user_rec *who = xcalloc(nall ? nall : 1, sizeof *who);
	struct unit_rec *units = NULL;
	uint32_t nunits = 0, nr = 0;
	size_t nt;
	int rc;

	for (uint32_t i = 0; i < nall; i++)
		le[i] = (struct ledger_entry){ all[i].person, all[i].date,
		    all[i].deduct ? -(int32_t)all[i].points : (int32_t)all[i].points };
	nt = score_ledger_sum(le, nall, period, tot);
	if ((rc = org_units_load(txn, st, &units, &nunits)) != 0)
		goto done;
	for (size_t i = 0; i < nt; i++) {
		struct user_rec *u = &who[nr];

		if (store_user_get(txn, st, tot[i].person, u) != 0)
			continue;	/* an account that is gone: no row */
		if (unit != 0 && !sc_within(units, nunits, u->unit_id, unit)) {
			schema_free(&user_rec_desc, u);
			continue;
		}
		rr[nr] = (struct rank_row){ .value = tot[i].points, .key = u->display_name,
		    .id = i };
		nr++;
	}
	score_rank(rr, nr);
	out->rows = xcalloc(nr ? nr : 1, sizeof *out->rows);
	for (uint32_t i = 0; i < nr; i++) {
		const struct ledger_total *t = &tot[rr[i].id];
		uint32_t w;

		for (w = 0; w < nr && who[w].id != t->person; w++)
			;
		if (!org_may_see(txn, st, viewer, &who[w]))
			continue;
		out->rows[out->rows_n++] = (struct ledger_row){ .person = t->person,
		    .name = xstrdup(who[w].display_name), .unit_id = who[w].unit_id,
		    .points = (uint32_t)(t->points < 0 ? -t->points : t->points),
		    .negative = t->points < 0, .entries = t->entries, .rank = rr[i].rank,
		    .tied = rr[i].tied };
	}
done:
	for (uint32_t i = 0; i < nr; i++)
		schema_free(&user_rec_desc, &who[i]);
	schema_free_array(&unit_rec_desc, units, nunits);
	free(who);
	free(rr);
	free(tot);
	free(le);
	return rc;
}

/* The person's entries of the period, by date. */
static int
person_entries(const struct ledger_rec *all, uint32_t nall, uint64_t person, uint32_t period,
    struct ledgers_reply_body *out)
{
	uint32_t first = period_first_day(period), last = period_last_day(period);

	out->entries = xcalloc(nall ? nall : 1, sizeof *out->entries);
	for (uint32_t i = 0; i < nall; i++)
		if (all[i].person == person && all[i].date >= first && all[i].date <= last &&
		    out->entries_n < 2000)
			schema_copy(&ledger_rec_desc, &out->entries[out->entries_n++], &all[i]);
	return 0;
}

int
ledgerop_list(MDB_txn *txn, struct store *st, const struct user_rec *viewer,
    const struct ledgers_body *b, struct ledgers_reply_body *out, struct codec_error *err)
{
	struct ledger_rec *all = NULL;
	const char *key = b->ledger != NULL ? b->ledger : "";
	struct unit_rec unit;
	struct sc_key k;
	uint32_t nall = 0;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = ledgerop_defs(txn, st, &out->defs, &out->defs_n)) != 0)
		return sc_storage(err, rc);
	if (key[0] == '\0' && out->defs_n > 0)
		key = out->defs[0].key;
	if (ledger_def_find(out->defs, out->defs_n, key) == NULL)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "ledger", out->defs_n == 0 ?
		    _("No points ledgers yet (kaohectl ledger import)") :
		    _("No such points ledger"));
	if (!period_valid(b->period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if (b->unit_id != 0) {
		if ((rc = org_unit_get(txn, st, b->unit_id, &unit)) == MDB_NOTFOUND)
			return sc_refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
		if (rc != 0)
			return sc_storage(err, rc);
		schema_free(&unit_rec_desc, &unit);
	}
	if (b->person != 0) {
		struct user_rec p;
		bool ok;

		if ((rc = store_user_get(txn, st, b->person, &p)) == MDB_NOTFOUND)
			return sc_refuse(err, KH_ERR_NOT_FOUND, "person", _("No such person"));
		if (rc != 0)
			return sc_storage(err, rc);
		ok = org_may_see(txn, st, viewer, &p);
		schema_free(&user_rec_desc, &p);
		if (!ok)
			return sc_refuse(err, KH_ERR_DENIED, "person",
			    _("You may not see this person's points"));
	}
	out->ledger = xstrdup(key);
	out->period = b->period;
	out->may_write = viewer->role == ROLE_ADMIN || viewer->role == ROLE_DEPT_HEAD;
	k = entry_prefix(key, 0);
	if ((rc = sc_load_prefix(txn, st->records, &k, &ledger_rec_desc, (void **)&all, &nall)) != 0)
		return sc_storage(err, rc);
	rc = rank_rows(txn, st, viewer, all, nall, b->period, b->unit_id, out);
	if (rc == 0 && b->person != 0)
		rc = person_entries(all, nall, b->person, b->period, out);
	schema_free_array(&ledger_rec_desc, all, nall);
	return rc != 0 ? sc_storage(err, rc) : 0;
}
