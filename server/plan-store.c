/*
 * plan-store.c: versions of assessment plans in LMDB (see plan-store.h).
 * A key's versions sort together and in order, because the version is
 * big-endian after the key and its NUL.
 */
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "plan-store.h"

/* "p" + key + NUL + version, or "v" + key; the key's length in bytes. */
static size_t
plan_key(unsigned char *k, char kind, const char *key, size_t len, uint32_t version)
{
	k[0] = (unsigned char)kind;
	memcpy(k + 1, key, len);
	if (kind == 'v')
		return 1 + len;
	k[1 + len] = '\0';
	be32_put(k + 2 + len, version);
	return 1 + len + 1 + 4;
}

static bool
key_ok(const char *key)
{
	size_t n = key != NULL ? strlen(key) : 0;

	return n > 0 && n <= PLAN_KEY_MAX;
}

int
plan_store_latest(MDB_txn *txn, struct store *st, const char *key, uint32_t *version)
{
	unsigned char k[1 + PLAN_KEY_MAX];
	MDB_val kv, v;
	int rc;

	*version = 0;
	if (!key_ok(key))
		return MDB_NOTFOUND;
	kv = (MDB_val){ plan_key(k, 'v', key, strlen(key), 0), k };
	if ((rc = mdb_get(txn, st->plans, &kv, &v)) != 0)
		return rc;
	if (v.mv_size != 4)
		return MDB_CORRUPTED;
	*version = be32_get(v.mv_data);
	return 0;
}

int
plan_store_import(struct wtx *w, struct plan *p)
{
	unsigned char k[1 + PLAN_KEY_MAX + 5], vb[4];
	uint32_t latest;
	MDB_val kv, v;
	size_t len;
	int rc;

	if (!key_ok(p->key))
		return MDB_BAD_VALSIZE;
	len = strlen(p->key);
	if ((rc = plan_store_latest(w->txn, w->st, p->key, &latest)) != 0 && rc != MDB_NOTFOUND)
		return rc;
	p->version = latest + 1;
	if ((rc = store_put_rec(w->txn, w->st->plans, k, plan_key(k, 'p', p->key, len, p->version),
	    &plan_desc, p)) != 0)
		return rc;
	be32_put(vb, p->version);
	kv = (MDB_val){ plan_key(k, 'v', p->key, len, 0), k };
	v = (MDB_val){ 4, vb };
	if ((rc = mdb_put(w->txn, w->st->plans, &kv, &v, 0)) != 0)
		return rc;
	return store_audit(w, "plan.import", p->key, 0, "第%u版 %s", p->version, p->name);	/* data */
}

int
plan_store_get(MDB_txn *txn, struct store *st, const char *key, uint32_t version,
    struct plan *out)
{
	unsigned char k[1 + PLAN_KEY_MAX + 5];
	int rc;

	memset(out, 0, sizeof *out);
	if (version == 0 && (rc = plan_store_latest(txn, st, key, &version)) != 0)
		return rc;
	if (!key_ok(key))
		return MDB_NOTFOUND;
	return store_get_rec(txn, st->plans, k, plan_key(k, 'p', key, strlen(key), version),
	    &plan_desc, out);
}

int
plan_store_list(MDB_txn *txn, struct store *st, struct plan **out, uint32_t *n)
{
	MDB_cursor *c;
	MDB_val kv = { 1, "v" }, v;
	uint32_t cap = 8;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if ((rc = mdb_cursor_open(txn, st->plans, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &kv, &v, MDB_SET_RANGE);
	while (rc == 0 && kv.mv_size > 1 && ((const char *)kv.mv_data)[0] == 'v') {
		char key[PLAN_KEY_MAX + 1];

		if (kv.mv_size - 1 > PLAN_KEY_MAX || v.mv_size != 4) {
			rc = MDB_CORRUPTED;
			break;
		}
		memcpy(key, (const char *)kv.mv_data + 1, kv.mv_size - 1);
		key[kv.mv_size - 1] = '\0';
		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		if ((rc = plan_store_get(txn, st, key, be32_get(v.mv_data), &(*out)[*n])) != 0)
			break;
		(*n)++;
		rc = mdb_cursor_get(c, &kv, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}
