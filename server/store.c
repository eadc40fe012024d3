/*
 * store.c: opening kaohe's LMDB environment, its named databases, meta and
 * counters, users, and the change log.  See store.h for the layout.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "common/codec.h"
#include "common/util.h"
#include "common/version.h"
#include "store.h"

void
be64_put(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

uint64_t
be64_get(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return v;
}

void
be32_put(unsigned char *p, uint32_t v)
{
	for (int i = 3; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

uint32_t
be32_get(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

const char *
store_strerror(int rc)
{
	return mdb_strerror(rc);
}

int
store_meta_get(MDB_txn *txn, struct store *st, const char *key, char *buf, size_t len)
{
	MDB_val k = { strlen(key), (void *)key }, v;
	int rc;

	if ((rc = mdb_get(txn, st->meta, &k, &v)) != 0)
		return rc;
	if (v.mv_size >= len)
		return MDB_BAD_VALSIZE;
	memcpy(buf, v.mv_data, v.mv_size);
	buf[v.mv_size] = '\0';
	return 0;
}

int
store_meta_put(MDB_txn *txn, struct store *st, const char *key, const char *val)
{
	MDB_val k = { strlen(key), (void *)key }, v = { strlen(val), (void *)val };

	return mdb_put(txn, st->meta, &k, &v, 0);
}

static int
meta_get_u64(MDB_txn *txn, struct store *st, const char *key, uint64_t *out)
{
	char buf[32], *end;
	int rc;

	if ((rc = store_meta_get(txn, st, key, buf, sizeof buf)) != 0)
		return rc;
	errno = 0;
	*out = strtoull(buf, &end, 10);
	return errno != 0 || *end != '\0' ? MDB_CORRUPTED : 0;
}

uint64_t
store_org_version(MDB_txn *txn, struct store *st)
{
	uint64_t v;

	return meta_get_u64(txn, st, "org_version", &v) == 0 ? v : 0;
}

static int
meta_put_u64(MDB_txn *txn, struct store *st, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRIu64, v);
	return store_meta_put(txn, st, key, buf);
}

static int
set_err(char *err, size_t errlen, const char *what, const char *dir, const char *why)
{
	snprintf(err, errlen, "%s %s: %s", what, dir, why);
	return -1;
}

/* The map: the default, or for a large database (kaohectl gen makes ones of
 * several GB) its file size and half as much again, in whole GB, so that it
 * opens and can grow.  The map is address space, not memory. */
static size_t
store_map_size(const char *dir)
{
	char path[4096];
	struct stat sb;
	uint64_t want, gb = (uint64_t)1 << 30;
	const char *env = getenv("KAOHE_MAP_SIZE");

	/* Tests start with a tiny map to see it grow (store-space.h); LMDB
	 * never maps less than the data already there. */
	if (env != NULL && strtoull(env, NULL, 10) > 0)
		return (size_t)strtoull(env, NULL, 10);
	snprintf(path, sizeof path, "%s/data.mdb", dir);
	if (stat(path, &sb) != 0)
		return STORE_DEFAULT_MAPSIZE;
	want = ((uint64_t)sb.st_size + (uint64_t)sb.st_size / 2 + gb - 1) / gb * gb;
	return want > STORE_DEFAULT_MAPSIZE ? (size_t)want : STORE_DEFAULT_MAPSIZE;
}

int
store_open(struct store **out, const char *dir, int flags, char *err, size_t errlen)
{
	struct store *st = xcalloc(1, sizeof *st);
	MDB_txn *txn = NULL;
	struct stat sb;
	char buf[32];
	int rc;

	*out = NULL;
	if (sodium_init() < 0)
		return set_err(err, errlen, "cannot initialise libsodium for", dir, "sodium_init failed");
	if (stat(dir, &sb) != 0) {
		if (!(flags & STORE_CREATE) || mkdir(dir, 0700) != 0) {
			set_err(err, errlen, "cannot open database", dir, strerror(errno));
			free(st);
			return -1;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		free(st);
		return set_err(err, errlen, "cannot open database", dir, "not a directory");
	}
	if (flags & STORE_CREATE) {
		char path[4096];
		snprintf(path, sizeof path, "%s/data.mdb", dir);
		if (stat(path, &sb) == 0) {
			free(st);
			return set_err(err, errlen, "cannot create database", dir, "a database is already there");
		}
	}
	st->path = xstrdup(dir);
	if ((rc = mdb_env_create(&st->env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(st->env, 16)) != 0 ||
	    (rc = mdb_env_set_mapsize(st->env, store_map_size(dir))) != 0 ||
	    (rc = mdb_env_set_maxreaders(st->env, 126)) != 0)
		goto lmdb_fail;
	if ((rc = mdb_env_open(st->env, dir, MDB_NOTLS, 0600)) != 0)
		goto lmdb_fail;
	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != 0)
		goto lmdb_fail;
	struct { const char *name; MDB_dbi *dbi; } dbs[] = {
		{ "meta", &st->meta }, { "users", &st->users }, { "sessions", &st->sessions },
		{ "records", &st->records }, { "indexes", &st->indexes },
		{ "changes", &st->changes }, { "requests", &st->requests },
		{ "units", &st->units }, { "calendar", &st->calendar },
		{ "periods", &st->periods }, { "audit", &st->audit },
		{ "plans", &st->plans },
	};
	for (size_t i = 0; i < nitems(dbs); i++)
		if ((rc = mdb_dbi_open(txn, dbs[i].name, MDB_CREATE, dbs[i].dbi)) != 0)
			goto lmdb_fail;

	rc = store_meta_get(txn, st, "schema_version", buf, sizeof buf);
	if (rc == MDB_NOTFOUND) {
		if (!(flags & STORE_CREATE)) {
			set_err(err, errlen, "cannot open database", dir,
			    "no kaohe database there (create one with kaohectl init)");
			goto fail;
		}
		/* A new database: its epoch tells clients that seqs from any other
		 * database (or an older copy of this one) do not apply. */
		randombytes_buf(&st->epoch, sizeof st->epoch);
		st->epoch &= 0x7fffffffffffffffull;
		if (st->epoch == 0)
			st->epoch = 1;
		if ((rc = meta_put_u64(txn, st, "schema_version", SCHEMA_VERSION)) != 0 ||
		    (rc = meta_put_u64(txn, st, "epoch", st->epoch)) != 0 ||
		    (rc = meta_put_u64(txn, st, "seq", 0)) != 0 ||
		    (rc = meta_put_u64(txn, st, "last_id", 0)) != 0 ||
		    (rc = meta_put_u64(txn, st, "last_user", 0)) != 0 ||
		    (rc = meta_put_u64(txn, st, "last_unit", 0)) != 0 ||
		    (rc = meta_put_u64(txn, st, "last_audit", 0)) != 0 ||
		    (rc = meta_put_u64(txn, st, "created_at", now_ms())) != 0)
			goto lmdb_fail;
	} else if (rc != 0)
		goto lmdb_fail;
	else if (strtoul(buf, NULL, 10) != SCHEMA_VERSION) {
		char why[128];
		snprintf(why, sizeof why, "schema version %s, this kaohe needs %d", buf, SCHEMA_VERSION);
		set_err(err, errlen, "cannot open database", dir, why);
		goto fail;
	}
	if ((rc = meta_get_u64(txn, st, "epoch", &st->epoch)) != 0 ||
	    (rc = meta_get_u64(txn, st, "seq", &st->seq)) != 0 ||
	    (rc = meta_get_u64(txn, st, "last_id", &st->last_id)) != 0 ||
	    (rc = meta_get_u64(txn, st, "last_user", &st->last_user)) != 0 ||
	    (rc = meta_get_u64(txn, st, "last_unit", &st->last_unit)) != 0 ||
	    (rc = meta_get_u64(txn, st, "last_audit", &st->last_audit)) != 0)
		goto lmdb_fail;
	if ((rc = mdb_txn_commit(txn)) != 0) {
		txn = NULL;
		goto lmdb_fail;
	}
	*out = st;
	return 0;

lmdb_fail:
	set_err(err, errlen, "cannot open database", dir, mdb_strerror(rc));
fail:
	if (txn != NULL)
		mdb_txn_abort(txn);
	if (st->env != NULL)
		mdb_env_close(st->env);
	free(st->path);
	free(st);
	return -1;
}

void
store_close(struct store **stp)
{
	struct store *st = *stp;

	if (st == NULL)
		return;
	mdb_env_close(st->env);
	free(st->path);
	free(st->seers);
	free(st);
	*stp = NULL;
}

int
store_read_begin(struct store *st, MDB_txn **txn)
{
	return mdb_txn_begin(st->env, NULL, MDB_RDONLY, txn);
}

int
store_write_begin(struct store *st, struct wtx *w)
{
	int rc;

	w->st = st;
	w->workstation = NULL;
	w->actor = 0;
	w->org_changed = false;
	rc = mdb_txn_begin(st->env, NULL, 0, &w->txn);
	/* Another process grew the map: adopt its size (no transaction of
	 * this process is open when a write begins). */
	if (rc == MDB_MAP_RESIZED && (rc = mdb_env_set_mapsize(st->env, 0)) == 0)
		rc = mdb_txn_begin(st->env, NULL, 0, &w->txn);
	if (rc != 0)
		return rc;
	/* Read the counters inside the write transaction: another process
	 * (kaohectl beside kaohed) may have written since this one last did,
	 * and writers are serialised, so what meta says now is current. */
	if ((rc = meta_get_u64(w->txn, st, "seq", &st->seq)) != 0 ||
	    (rc = meta_get_u64(w->txn, st, "last_id", &st->last_id)) != 0 ||
	    (rc = meta_get_u64(w->txn, st, "last_user", &st->last_user)) != 0 ||
	    (rc = meta_get_u64(w->txn, st, "last_unit", &st->last_unit)) != 0 ||
	    (rc = meta_get_u64(w->txn, st, "last_audit", &st->last_audit)) != 0) {
		mdb_txn_abort(w->txn);
		w->txn = NULL;
		return rc;
	}
	w->seq = st->seq;
	w->last_id = st->last_id;
	w->last_user = st->last_user;
	w->last_unit = st->last_unit;
	w->last_audit = st->last_audit;
	return 0;
}

static int write_commit(struct wtx *, bool lazy);

int
store_write_commit(struct wtx *w)
{
	return write_commit(w, false);
}

int
store_write_commit_lazy(struct wtx *w)
{
	return write_commit(w, true);
}

int
store_lazy_meta(struct store *st)
{
	int rc = mdb_env_set_flags(st->env, MDB_NOMETASYNC, 1);

	if (rc == 0)
		st->lazy_meta = true;
	return rc;
}

int
store_sync(struct store *st)
{
	return mdb_env_sync(st->env, 1);
}

static int
write_commit(struct wtx *w, bool lazy)
{
	struct store *st = w->st;
	int rc;

	if ((w->seq != st->seq && (rc = meta_put_u64(w->txn, st, "seq", w->seq)) != 0) ||
	    (w->last_id != st->last_id && (rc = meta_put_u64(w->txn, st, "last_id", w->last_id)) != 0) ||
	    (w->last_user != st->last_user && (rc = meta_put_u64(w->txn, st, "last_user", w->last_user)) != 0) ||
	    (w->last_unit != st->last_unit && (rc = meta_put_u64(w->txn, st, "last_unit", w->last_unit)) != 0) ||
	    (w->last_audit != st->last_audit && (rc = meta_put_u64(w->txn, st, "last_audit", w->last_audit)) != 0) ||
	    (w->org_changed && (rc = meta_put_u64(w->txn, st, "org_version",
	    store_org_version(w->txn, st) + 1)) != 0)) {
		mdb_txn_abort(w->txn);
		w->txn = NULL;
		return rc;
	}
	/* A commit that must be durable when it returns writes its meta page
	 * with O_DSYNC as LMDB does by default (one synchronous page write,
	 * cheaper than a second fdatasync): the flag is cleared for it.  Only
	 * the committing thread reads it; store_sync does not. */
	if (st->lazy_meta && !lazy && (rc = mdb_env_set_flags(st->env, MDB_NOMETASYNC, 0)) != 0) {
		mdb_txn_abort(w->txn);
		w->txn = NULL;
		return rc;
	}
	rc = mdb_txn_commit(w->txn);
	w->txn = NULL;
	if (st->lazy_meta && !lazy)
		mdb_env_set_flags(st->env, MDB_NOMETASYNC, 1);
	if (rc == 0) {
		st->seq = w->seq;
		st->last_id = w->last_id;
		st->last_user = w->last_user;
		st->last_unit = w->last_unit;
		st->last_audit = w->last_audit;
	}
	return rc;
}

void
store_write_abort(struct wtx *w)
{
	if (w->txn != NULL)
		mdb_txn_abort(w->txn);
	w->txn = NULL;
}

int
store_nest_begin(struct wtx *w, struct wtx_mark *m)
{
	MDB_txn *child;
	int rc;

	m->parent = w->txn;
	m->seq = w->seq;
	m->last_id = w->last_id;
	m->last_user = w->last_user;
	m->last_unit = w->last_unit;
	m->last_audit = w->last_audit;
	if ((rc = mdb_txn_begin(w->st->env, w->txn, 0, &child)) != 0)
		return rc;
	w->txn = child;
	return 0;
}

void
store_nest_end(struct wtx *w, struct wtx_mark *m, bool keep)
{
	int rc = keep ? mdb_txn_commit(w->txn) : (mdb_txn_abort(w->txn), 0);

	w->txn = m->parent;
	if (!keep || rc != 0) {
		w->seq = m->seq;
		w->last_id = m->last_id;
		w->last_user = m->last_user;
		w->last_unit = m->last_unit;
		w->last_audit = m->last_audit;
	}
}

int
store_get_rec(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    const struct record_desc *desc, void *rec)
{
	MDB_val k = { klen, (void *)key }, v;
	struct codec_error err;
	int rc;

	if ((rc = mdb_get(txn, dbi, &k, &v)) != 0)
		return rc;
	if (codec_decode_record(desc, v.mv_data, v.mv_size, rec, &err) != 0)
		return MDB_CORRUPTED;
	return 0;
}

int
store_put_rec(MDB_txn *txn, MDB_dbi dbi, const void *key, size_t klen,
    const struct record_desc *desc, const void *rec)
{
	struct kbuf b = { 0 };
	MDB_val k = { klen, (void *)key }, v;
	int rc;

	codec_encode_record(desc, rec, &b);
	v.mv_size = b.len;
	v.mv_data = b.data;
	rc = mdb_put(txn, dbi, &k, &v, 0);
	kbuf_free(&b);
	return rc;
}

static size_t
user_key(unsigned char *k, uint64_t id)
{
	k[0] = 'i';
	be64_put(k + 1, id);
	return 9;
}

int
store_user_get(MDB_txn *txn, struct store *st, uint64_t id, struct user_rec *u)
{
	unsigned char k[9];

	return store_get_rec(txn, st->users, k, user_key(k, id), &user_rec_desc, u);
}

int
store_user_by_login(MDB_txn *txn, struct store *st, const char *login, struct user_rec *u)
{
	size_t n = strlen(login);
	char *k = xmalloc(n + 1);
	MDB_val kv = { n + 1, k }, v;
	int rc;

	k[0] = 'l';
	memcpy(k + 1, login, n);
	rc = mdb_get(txn, st->users, &kv, &v);
	free(k);
	if (rc != 0)
		return rc;
	if (v.mv_size != 8)
		return MDB_CORRUPTED;
	return store_user_get(txn, st, be64_get(v.mv_data), u);
}

static size_t
member_key(unsigned char *k, uint64_t unit, uint64_t user)
{
	k[0] = 'u';
	be64_put(k + 1, unit);
	be64_put(k + 9, user);
	return 17;
}

int
store_user_put(struct wtx *w, struct user_rec *u)
{
	struct store *st = w->st;
	size_t n = strlen(u->login);
	char *lk = xmalloc(n + 1);
	unsigned char idb[8], k[9], mk[17];
	MDB_val kv = { n + 1, lk }, v = { 8, idb };
	uint64_t old_unit = 0;
	bool seen_changed = true;	/* what clients see of the account */
	int rc;

	lk[0] = 'l';
	memcpy(lk + 1, u->login, n);
	if (u->id == 0) {
		if ((rc = mdb_get(w->txn, st->users, &kv, &v)) == 0) {
			free(lk);
			return MDB_KEYEXIST;
		}
		u->id = ++w->last_user;
		if (u->created_at == 0)
			u->created_at = now_ms();
		be64_put(idb, u->id);
		v.mv_size = 8;
		v.mv_data = idb;
		if ((rc = mdb_put(w->txn, st->users, &kv, &v, 0)) != 0) {
			free(lk);
			return rc;
		}
	} else {
		struct user_rec old;

		if ((rc = store_user_get(w->txn, st, u->id, &old)) == 0) {
			old_unit = old.unit_id;
			/* a new password is nothing the other clients show */
			seen_changed = old.unit_id != u->unit_id || old.role != u->role ||
			    old.disabled != u->disabled ||
			    strcmp(old.display_name, u->display_name != NULL ? u->display_name : "") != 0;
			schema_free(&user_rec_desc, &old);
		} else if (rc != MDB_NOTFOUND) {
			free(lk);
			return rc;
		}
	}
	free(lk);
	if (seen_changed)
		w->org_changed = true;
	st->user_writes++;
	/* "u" + unit + user lists a unit's members. */
	if (old_unit != u->unit_id && old_unit != 0) {
		kv = (MDB_val){ member_key(mk, old_unit, u->id), mk };
		if ((rc = mdb_del(w->txn, st->users, &kv, NULL)) != 0 && rc != MDB_NOTFOUND)
			return rc;
	}
	if (u->unit_id != 0) {
		kv = (MDB_val){ member_key(mk, u->unit_id, u->id), mk };
		v = (MDB_val){ 0, "" };
		if ((rc = mdb_put(w->txn, st->users, &kv, &v, 0)) != 0)
			return rc;
	}
	return store_put_rec(w->txn, st->users, k, user_key(k, u->id), &user_rec_desc, u);
}

int
store_unit_members(MDB_txn *txn, struct store *st, uint64_t unit, uint64_t **ids, uint32_t *n)
{
	unsigned char mk[17];
	MDB_cursor *c;
	MDB_val kv, v;
	uint32_t cap = 16;
	int rc;

	*ids = xcalloc(cap, sizeof **ids);
	*n = 0;
	if ((rc = mdb_cursor_open(txn, st->users, &c)) != 0) {
		free(*ids);
		*ids = NULL;
		return rc;
	}
	kv = (MDB_val){ member_key(mk, unit, 0), mk };
	rc = mdb_cursor_get(c, &kv, &v, MDB_SET_RANGE);
	while (rc == 0) {
		const unsigned char *kp = kv.mv_data;

		if (kv.mv_size != 17 || kp[0] != 'u' || be64_get(kp + 1) != unit)
			break;
		if (*n == cap) {
			cap *= 2;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = be64_get(kp + 9);
		rc = mdb_cursor_get(c, &kv, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

int
store_user_each(MDB_txn *txn, struct store *st, int (*fn)(const struct user_rec *, void *), void *arg)
{
	MDB_cursor *c;
	MDB_val k = { 1, "i" }, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, st->users, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'i') {
		struct user_rec u;
		struct codec_error err;

		if (codec_decode_record(&user_rec_desc, v.mv_data, v.mv_size, &u, &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		int stop = fn(&u, arg);
		schema_free(&user_rec_desc, &u);
		if (stop)
			break;
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

uint64_t
store_topic_seq(MDB_txn *txn, struct store *st, uint64_t owner)
{
	unsigned char k[9];
	MDB_val kv = { 9, k }, v;

	k[0] = 'T';
	be64_put(k + 1, owner);
	if (mdb_get(txn, st->indexes, &kv, &v) != 0 || v.mv_size != 8)
		return 0;
	return be64_get(v.mv_data);
}

/* Link seq into user's chain: "C" + user + seq holds the previous seq. */
static int
chain_link(struct wtx *w, uint64_t user, uint64_t seq, uint64_t *prev)
{
	struct store *st = w->st;
	unsigned char tk[9], ck[17], sv[8], pv[8];
	MDB_val kv, v;
	int rc;

	*prev = store_topic_seq(w->txn, st, user);
	tk[0] = 'T';
	be64_put(tk + 1, user);
	be64_put(sv, seq);
	kv = (MDB_val){ 9, tk };
	v = (MDB_val){ 8, sv };
	if ((rc = mdb_put(w->txn, st->indexes, &kv, &v, 0)) != 0)
		return rc;
	ck[0] = 'C';
	be64_put(ck + 1, user);
	be64_put(ck + 9, seq);
	be64_put(pv, *prev);
	kv = (MDB_val){ 17, ck };
	v = (MDB_val){ 8, pv };
	return mdb_put(w->txn, st->indexes, &kv, &v, 0);
}

int
store_change_append_to(struct wtx *w, const uint64_t *audience, size_t n, struct change *ch)
{
	unsigned char sk[8];
	uint64_t prev;
	int rc;

	ch->seq = ++w->seq;
	ch->epoch = w->st->epoch;
	ch->prev = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;

		for (size_t j = 0; j < i; j++)
			dup |= audience[j] == audience[i];
		if (dup)
			continue;
		if ((rc = chain_link(w, audience[i], ch->seq, &prev)) != 0)
			return rc;
		if (i == 0)
			ch->prev = prev;
	}
	be64_put(sk, ch->seq);
	return store_put_rec(w->txn, w->st->changes, sk, 8, &change_desc, ch);
}

int
store_change_append(struct wtx *w, uint64_t owner, struct change *ch)
{
	return store_change_append_to(w, &owner, 1, ch);
}

uint64_t
store_change_prev(MDB_txn *txn, struct store *st, uint64_t user, uint64_t seq)
{
	unsigned char ck[17];
	MDB_val kv = { 17, ck }, v;

	ck[0] = 'C';
	be64_put(ck + 1, user);
	be64_put(ck + 9, seq);
	if (mdb_get(txn, st->indexes, &kv, &v) != 0 || v.mv_size != 8)
		return 0;
	return be64_get(v.mv_data);
}

int
store_audit(struct wtx *w, const char *action, const char *target, uint64_t seq,
    const char *fmt, ...)
{
	struct audit_rec a;
	unsigned char k[8];
	char detail[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	/* vsnprintf may cut inside a character: keep the detail UTF-8. */
	size_t len = strlen(detail);
	while (len > 0 && !utf8_valid(detail, len))
		detail[--len] = '\0';
	memset(&a, 0, sizeof a);
	a.id = ++w->last_audit;
	a.at = now_ms();
	a.user = w->actor;
	a.workstation = (char *)(w->workstation != NULL ? w->workstation : "kaohectl");
	a.action = (char *)action;
	a.target = (char *)target;
	a.detail = detail;
	a.seq = seq;
	be64_put(k, a.id);
	return store_put_rec(w->txn, w->st->audit, k, 8, &audit_rec_desc, &a);
}

int
store_audit_list(MDB_txn *txn, struct store *st, uint64_t before, uint32_t max,
    struct audit_rec **out, uint32_t *n)
{
	unsigned char k[8];
	MDB_cursor *c;
	MDB_val kv, v;
	int rc;

	*out = xcalloc(max ? max : 1, sizeof **out);
	*n = 0;
	if ((rc = mdb_cursor_open(txn, st->audit, &c)) != 0)
		return rc;
	if (before == 0)
		rc = mdb_cursor_get(c, &kv, &v, MDB_LAST);
	else {
		be64_put(k, before);
		kv = (MDB_val){ 8, k };
		rc = mdb_cursor_get(c, &kv, &v, MDB_SET_RANGE);
		rc = rc == 0 ? mdb_cursor_get(c, &kv, &v, MDB_PREV) :
		    mdb_cursor_get(c, &kv, &v, MDB_LAST);
	}
	while (rc == 0 && *n < max) {
		struct codec_error err;

		if (codec_decode_record(&audit_rec_desc, v.mv_data, v.mv_size, &(*out)[*n], &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		(*n)++;
		rc = mdb_cursor_get(c, &kv, &v, MDB_PREV);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (rc != 0) {
		schema_free_array(&audit_rec_desc, *out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int
store_stats(struct store *st, struct store_stats *s)
{
	MDB_envinfo info;
	MDB_stat ms;
	MDB_txn *txn;
	char path[4096];
	struct stat sb;
	int rc;

	memset(s, 0, sizeof *s);
	snprintf(path, sizeof path, "%s/data.mdb", st->path);
	if (stat(path, &sb) == 0)
		s->file_bytes = (uint64_t)sb.st_size;
	if ((rc = mdb_env_info(st->env, &info)) != 0 || (rc = mdb_env_stat(st->env, &ms)) != 0)
		return rc;
	s->map_bytes = info.me_mapsize;
	s->used_bytes = (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize;
	if ((rc = store_read_begin(st, &txn)) != 0)
		return rc;
	if (mdb_stat(txn, st->records, &ms) == 0)
		s->entries = ms.ms_entries;
	if (mdb_stat(txn, st->changes, &ms) == 0)
		s->changes = ms.ms_entries;
	mdb_txn_abort(txn);
	return 0;
}
