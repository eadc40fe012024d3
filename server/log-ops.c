/*
 * log-ops.c: daily log entries, their indexes and change records, and the
 * reply memo, all inside the caller's transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "calendar.h"
#include "log-ops.h"

static size_t
rec_key(unsigned char *k, uint64_t id)
{
	k[0] = 'L';
	be64_put(k + 1, id);
	return 9;
}

static size_t
day_key(unsigned char *k, uint64_t owner, uint32_t date, uint64_t id)
{
	k[0] = 'D';
	be64_put(k + 1, owner);
	be32_put(k + 9, date);
	be64_put(k + 13, id);
	return 21;
}

static int
storage_error(struct codec_error *err, int rc)
{
	err->code = KH_ERR_STORAGE;
	err->field[0] = '\0';
	snprintf(err->message, sizeof err->message,
	    _("Could not write to the database: %s"), mdb_strerror(rc));
	return rc;
}

static int
user_error(struct codec_error *err, int code, const char *field, const char *message)
{
	err->code = code;
	strlcpy_kh(err->field, field, sizeof err->field);
	strlcpy_kh(err->message, message, sizeof err->message);
	return -1;
}

int
logop_get(MDB_txn *txn, struct store *st, uint64_t id, struct log_entry *e)
{
	unsigned char k[9];

	return store_get_rec(txn, st->records, k, rec_key(k, id), &log_entry_desc, e);
}

int
logop_put(struct wtx *w, uint64_t owner, const struct log_entry *in, uint32_t today,
    struct log_entry *out, struct change *ch, struct codec_error *err)
{
	struct store *st = w->st;
	struct log_entry old;
	unsigned char k[9], dk[21];
	MDB_val kv, v = { 0, "" };
	int rc;

	memset(out, 0, sizeof *out);
	memset(ch, 0, sizeof *ch);
	if (log_entry_check(in, today, err) != 0)
		return -1;
	if (period_is_locked(w->txn, st, period_of_day(PERIOD_MONTH, in->date)))
		return user_error(err, KH_ERR_DENIED, "date",
		    _("This month is closed: its log cannot be filled in or changed"));
	schema_copy(&log_entry_desc, out, in);
	out->owner = owner;
	out->updated_at = now_ms();
	if (in->id == 0) {
		out->id = ++w->last_id;
		out->version = 1;
	} else {
		rc = logop_get(w->txn, st, in->id, &old);
		if (rc == MDB_NOTFOUND) {
			schema_free(&log_entry_desc, out);
			return user_error(err, KH_ERR_NOT_FOUND, "id",
			    _("This entry does not exist or was deleted"));
		} else if (rc != 0) {
			schema_free(&log_entry_desc, out);
			return storage_error(err, rc);
		}
		if (old.owner != owner) {
			schema_free(&log_entry_desc, &old);
			schema_free(&log_entry_desc, out);
			return user_error(err, KH_ERR_DENIED, "id",
			    _("You can change only your own log"));
		}
		if (period_is_locked(w->txn, st, period_of_day(PERIOD_MONTH, old.date))) {
			schema_free(&log_entry_desc, &old);
			schema_free(&log_entry_desc, out);
			return user_error(err, KH_ERR_DENIED, "date",
			    _("The month of this entry is closed: it cannot be changed"));
		}
		if (old.version != in->version) {
			schema_free(&log_entry_desc, &old);
			schema_free(&log_entry_desc, out);
			return user_error(err, KH_ERR_CONFLICT, "version",
			    _("This entry was changed elsewhere: see the latest before changing it"));
		}
		out->version = old.version + 1;
		if (old.date != out->date) {
			kv = (MDB_val){ day_key(dk, owner, old.date, old.id), dk };
			if ((rc = mdb_del(w->txn, st->indexes, &kv, NULL)) != 0 && rc != MDB_NOTFOUND) {
				schema_free(&log_entry_desc, &old);
				schema_free(&log_entry_desc, out);
				return storage_error(err, rc);
			}
		}
		schema_free(&log_entry_desc, &old);
	}
	kv = (MDB_val){ day_key(dk, owner, out->date, out->id), dk };
	if ((rc = store_put_rec(w->txn, st->records, k, rec_key(k, out->id), &log_entry_desc, out)) != 0 ||
	    (rc = mdb_put(w->txn, st->indexes, &kv, &v, 0)) != 0)
		goto fail;
	ch->kind = CHANGE_PUT;
	ch->user = owner;
	schema_copy(&log_entry_desc, &ch->entry, out);
	if ((rc = store_change_append(w, owner, ch)) != 0)
		goto fail;
	return 0;
fail:
	schema_free(&log_entry_desc, out);
	schema_free(&change_desc, ch);
	return storage_error(err, rc);
}

int
logop_delete(struct wtx *w, uint64_t owner, uint64_t id, uint64_t version,
    struct change *ch, struct codec_error *err)
{
	struct store *st = w->st;
	struct log_entry old;
	unsigned char k[9], dk[21];
	MDB_val kv;
	int rc;

	memset(ch, 0, sizeof *ch);
	rc = logop_get(w->txn, st, id, &old);
	if (rc == MDB_NOTFOUND)
		return user_error(err, KH_ERR_NOT_FOUND, "id",
		    _("This entry does not exist or was deleted"));
	if (rc != 0)
		return storage_error(err, rc);
	if (old.owner != owner) {
		schema_free(&log_entry_desc, &old);
		return user_error(err, KH_ERR_DENIED, "id", _("You can delete only your own log"));
	}
	if (period_is_locked(w->txn, st, period_of_day(PERIOD_MONTH, old.date))) {
		schema_free(&log_entry_desc, &old);
		return user_error(err, KH_ERR_DENIED, "date",
		    _("The month of this entry is closed: it cannot be deleted"));
	}
	if (old.version != version) {
		schema_free(&log_entry_desc, &old);
		return user_error(err, KH_ERR_CONFLICT, "version",
		    _("This entry was changed elsewhere: see the latest before deleting it"));
	}
	kv = (MDB_val){ rec_key(k, id), k };
	if ((rc = mdb_del(w->txn, st->records, &kv, NULL)) != 0)
		goto fail;
	kv = (MDB_val){ day_key(dk, owner, old.date, id), dk };
	if ((rc = mdb_del(w->txn, st->indexes, &kv, NULL)) != 0 && rc != MDB_NOTFOUND)
		goto fail;
	ch->kind = CHANGE_DELETE;
	ch->user = owner;
	ch->entry.id = id;
	ch->entry.owner = owner;
	ch->entry.date = old.date;
	ch->entry.version = old.version;
	ch->entry.content = xstrdup("");
	if ((rc = store_change_append(w, owner, ch)) != 0)
		goto fail;
	schema_free(&log_entry_desc, &old);
	return 0;
fail:
	schema_free(&log_entry_desc, &old);
	schema_free(&change_desc, ch);
	return storage_error(err, rc);
}

int
logop_snapshot(MDB_txn *txn, struct store *st, uint64_t owner, uint32_t from_date,
    uint32_t max, struct log_entry **out, uint32_t *n, bool *truncated)
{
	unsigned char hi[21];
	MDB_cursor *c;
	MDB_val k, v;
	uint32_t cap = 64;
	int rc;

	*out = NULL;
	*n = 0;
	*truncated = false;
	if ((rc = mdb_cursor_open(txn, st->indexes, &c)) != 0)
		return rc;
	/* Walk the owner's day index backwards from the newest day. */
	day_key(hi, owner, UINT32_MAX, UINT64_MAX);
	k = (MDB_val){ 21, hi };
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	if (rc == 0)
		rc = mdb_cursor_get(c, &k, &v, MDB_PREV);
	else if (rc == MDB_NOTFOUND)
		rc = mdb_cursor_get(c, &k, &v, MDB_LAST);
	*out = xcalloc(cap, sizeof **out);
	while (rc == 0) {
		const unsigned char *kp = k.mv_data;

		if (k.mv_size != 21 || kp[0] != 'D' || be64_get(kp + 1) != owner ||
		    be32_get(kp + 9) < from_date)
			break;
		if (*n == max) {
			*truncated = true;
			break;
		}
		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		if ((rc = logop_get(txn, st, be64_get(kp + 13), &(*out)[*n])) != 0)
			break;
		(*n)++;
		rc = mdb_cursor_get(c, &k, &v, MDB_PREV);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (rc != 0) {
		schema_free_array(&log_entry_desc, *out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
logop_changes_since(MDB_txn *txn, struct store *st, uint64_t owner, uint64_t since,
    uint32_t max, struct change **out, uint32_t *n)
{
	unsigned char lo[17], sk[8];
	MDB_cursor *c;
	MDB_val k, v;
	uint32_t cap = 16;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if ((rc = mdb_cursor_open(txn, st->indexes, &c)) != 0)
		return rc;
	lo[0] = 'C';
	be64_put(lo + 1, owner);
	be64_put(lo + 9, since + 1);
	k = (MDB_val){ 17, lo };
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0) {
		const unsigned char *kp = k.mv_data;

		if (k.mv_size != 17 || kp[0] != 'C' || be64_get(kp + 1) != owner)
			break;
		if (*n == max) {
			rc = 1;
			break;
		}
		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		memcpy(sk, kp + 9, 8);
		if ((rc = store_get_rec(txn, st->changes, sk, 8, &change_desc, &(*out)[*n])) != 0)
			break;
		/* The change as this reader saw it: their own previous seq. */
		(*out)[*n].prev = v.mv_size == 8 ? be64_get(v.mv_data) : 0;
		(*n)++;
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (rc != 0) {
		schema_free_array(&change_desc, *out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
logop_count(MDB_txn *txn, struct store *st, uint64_t owner, uint64_t *n)
{
	struct log_entry *all;
	uint32_t cnt;
	bool more;
	int rc = logop_snapshot(txn, st, owner, 0, UINT32_MAX, &all, &cnt, &more);

	if (rc != 0)
		return rc;
	schema_free_array(&log_entry_desc, all, cnt);
	*n = cnt;
	return 0;
}

static size_t
memo_key(unsigned char *k, uint64_t user, uint64_t reqid)
{
	k[0] = 'q';
	be64_put(k + 1, user);
	be64_put(k + 9, reqid);
	return 17;
}

int
reqmemo_get(MDB_txn *txn, struct store *st, uint64_t user, uint64_t reqid, struct stored_reply *r)
{
	unsigned char k[17];

	return store_get_rec(txn, st->requests, k, memo_key(k, user, reqid), &stored_reply_desc, r);
}

int
reqmemo_put(struct wtx *w, uint64_t user, uint64_t reqid, const struct stored_reply *r)
{
	unsigned char k[17], tk[25];
	MDB_val kv = { 25, tk }, v = { 0, "" };
	int rc;

	if ((rc = store_put_rec(w->txn, w->st->requests, k, memo_key(k, user, reqid),
	    &stored_reply_desc, r)) != 0)
		return rc;
	tk[0] = 't';
	be64_put(tk + 1, r->at);
	be64_put(tk + 9, user);
	be64_put(tk + 17, reqid);
	return mdb_put(w->txn, w->st->requests, &kv, &v, 0);
}

int
reqmemo_prune(struct wtx *w, uint64_t before, unsigned max, unsigned *dropped)
{
	unsigned char (*keys)[25] = xcalloc(max ? max : 1, 25);
	unsigned n = 0;
	MDB_cursor *c;
	MDB_val k = { 1, "t" }, v;
	int rc;

	/* Collect first, delete after: no cursor lives across the deletes. */
	*dropped = 0;
	if ((rc = mdb_cursor_open(w->txn, w->st->requests, &c)) != 0)
		goto out;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && n < max) {
		const unsigned char *kp = k.mv_data;

		if (k.mv_size != 25 || kp[0] != 't' || be64_get(kp + 1) >= before)
			break;
		memcpy(keys[n++], kp, 25);
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND)
		goto out;
	rc = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned char qk[17];
		MDB_val tv = { 25, keys[i] };
		MDB_val qv = { memo_key(qk, be64_get(keys[i] + 9), be64_get(keys[i] + 17)), qk };

		if ((rc = mdb_del(w->txn, w->st->requests, &qv, NULL)) != 0 && rc != MDB_NOTFOUND)
			break;
		if ((rc = mdb_del(w->txn, w->st->requests, &tv, NULL)) != 0)
			break;
		(*dropped)++;
	}
out:
	free(keys);
	return rc;
}
