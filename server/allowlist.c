/*
 * allowlist.c: workstation keys in meta, "allow." + Z85 -> name (see
 * allowlist.h).
 */
#include <string.h>

#include "common/keys.h"
#include "allowlist.h"

#define ALLOW_PREFIX	"allow."
#define ALLOW_PLEN	(sizeof ALLOW_PREFIX - 1)

static void
allow_key(const char *z85, char buf[ALLOW_PLEN + KEYS_Z85_LEN + 1])
{
	memcpy(buf, ALLOW_PREFIX, ALLOW_PLEN);
	memcpy(buf + ALLOW_PLEN, z85, KEYS_Z85_LEN);
	buf[ALLOW_PLEN + KEYS_Z85_LEN] = '\0';
}

int
allowlist_put(MDB_txn *txn, struct store *st, const char *z85, const char *name)
{
	char key[ALLOW_PLEN + KEYS_Z85_LEN + 1];

	if (!keys_z85_valid(z85) || strlen(name) > ALLOW_NAME_MAX)
		return MDB_BAD_VALSIZE;
	allow_key(z85, key);
	return store_meta_put(txn, st, key, name);
}

int
allowlist_remove(MDB_txn *txn, struct store *st, const char *z85)
{
	char key[ALLOW_PLEN + KEYS_Z85_LEN + 1];
	MDB_val k;

	if (!keys_z85_valid(z85))
		return MDB_NOTFOUND;
	allow_key(z85, key);
	k.mv_size = strlen(key);
	k.mv_data = key;
	return mdb_del(txn, st->meta, &k, NULL);
}

int
allowlist_each(MDB_txn *txn, struct store *st,
    int (*fn)(const char *, const char *, void *), void *arg, size_t *n)
{
	MDB_cursor *cur;
	MDB_val k = { ALLOW_PLEN, (void *)ALLOW_PREFIX }, v;
	int rc;

	if (n != NULL)
		*n = 0;
	if ((rc = mdb_cursor_open(txn, st->meta, &cur)) != 0)
		return rc;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	    rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		char z85[KEYS_Z85_LEN + 1], name[ALLOW_NAME_MAX + 1];
		size_t nlen = v.mv_size < ALLOW_NAME_MAX ? v.mv_size : ALLOW_NAME_MAX;

		if (k.mv_size < ALLOW_PLEN || memcmp(k.mv_data, ALLOW_PREFIX, ALLOW_PLEN) != 0)
			break;
		if (k.mv_size != ALLOW_PLEN + KEYS_Z85_LEN)
			continue;
		memcpy(z85, (char *)k.mv_data + ALLOW_PLEN, KEYS_Z85_LEN);
		z85[KEYS_Z85_LEN] = '\0';
		memcpy(name, v.mv_data, nlen);
		name[nlen] = '\0';
		if (n != NULL)
			(*n)++;
		if (fn != NULL && (rc = fn(z85, name, arg)) != 0) {
			mdb_cursor_close(cur);
			return rc;
		}
	}
	mdb_cursor_close(cur);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static int
stop_at_first(const char *z85, const char *name, void *arg)
{
	(void)z85;
	(void)name;
	(void)arg;
	return 1;
}

int
allowlist_check(MDB_txn *txn, struct store *st, const char *z85, bool *allowed, char *name)
{
	char key[ALLOW_PLEN + KEYS_Z85_LEN + 1], found[ALLOW_NAME_MAX + 1];
	int rc;

	*allowed = false;
	if (name != NULL)
		name[0] = '\0';
	if (keys_z85_valid(z85)) {
		allow_key(z85, key);
		rc = store_meta_get(txn, st, key, found, sizeof found);
		if (rc == 0) {
			if (name != NULL)
				memcpy(name, found, sizeof found);
			*allowed = true;
			return 0;
		}
		if (rc != MDB_NOTFOUND)
			return rc;
	}
	/* Not listed: allowed only if nothing is. */
	rc = allowlist_each(txn, st, stop_at_first, NULL, NULL);
	if (rc == 1)
		return 0;
	if (rc == 0)
		*allowed = true;
	return rc;
}
