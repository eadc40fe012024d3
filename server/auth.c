/*
 * auth.c: argon2id password hashes and session tokens (see auth.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/domain.h"
#include "common/util.h"
#include "auth.h"

/* argon2id with 2 passes over 19 MiB, the OWASP floor: slow enough to make
 * guessing expensive, small enough that the server's memory stays modest. */
#define AUTH_OPSLIMIT	2
#define AUTH_MEMLIMIT	(19u << 20)

int
auth_hash(const char *password, char out[AUTH_HASH_MAX])
{
	if (crypto_pwhash_str(out, password, strlen(password), AUTH_OPSLIMIT, AUTH_MEMLIMIT) != 0)
		return -1;
	return 0;
}

bool
auth_verify(const char *hash, const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];

	if (hash == NULL || hash[0] == '\0') {
		if (dummy[0] == '\0' && crypto_pwhash_str(dummy, "-", 1, AUTH_OPSLIMIT, AUTH_MEMLIMIT) != 0)
			return false;
		if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
			return false;
		return false;
	}
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

bool
auth_login_valid(const char *login)
{
	return login_name_valid(login);
}

const char *
auth_password_problem(const char *password)
{
	return password_problem(password);
}

static void
token_key(const char *token, unsigned char key[32])
{
	crypto_generichash(key, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

int
auth_session_create(struct wtx *w, uint64_t user, const char *workstation, const char *lang,
    uint64_t ttl_ms, char token[AUTH_TOKEN_LEN + 1])
{
	unsigned char raw[AUTH_TOKEN_LEN / 2], key[32];
	struct session_rec s;
	uint64_t now = now_ms();

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(token, AUTH_TOKEN_LEN + 1, raw, sizeof raw);
	token_key(token, key);
	s.user = user;
	s.created_at = now;
	s.expires_at = now + (ttl_ms != 0 ? ttl_ms : AUTH_SESSION_MS);
	s.workstation = (char *)workstation;
	s.lang = (char *)(lang != NULL ? lang : "");
	return store_put_rec(w->txn, w->st->sessions, key, sizeof key, &session_rec_desc, &s);
}

int
auth_session_find(MDB_txn *txn, struct store *st, const char *token, struct session_rec *s)
{
	unsigned char key[32];
	int rc;

	if (strlen(token) != AUTH_TOKEN_LEN)
		return MDB_NOTFOUND;
	token_key(token, key);
	if ((rc = store_get_rec(txn, st->sessions, key, sizeof key, &session_rec_desc, s)) != 0)
		return rc;
	if (s->expires_at <= now_ms()) {
		schema_free(&session_rec_desc, s);
		return MDB_NOTFOUND;
	}
	return 0;
}

int
auth_session_delete(struct wtx *w, const char *token)
{
	unsigned char key[32];
	MDB_val k = { sizeof key, key };

	token_key(token, key);
	return mdb_del(w->txn, w->st->sessions, &k, NULL);
}

/* ---- account locks ---- */

static void
lock_key(const char *login, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", AUTH_LOCK_PREFIX, login);
}

int
auth_lock_get(MDB_txn *txn, struct store *st, const char *login, uint64_t *until)
{
	char key[96], val[32], *end;
	int rc;

	*until = 0;
	lock_key(login, key, sizeof key);
	if ((rc = store_meta_get(txn, st, key, val, sizeof val)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	errno = 0;
	*until = strtoull(val, &end, 10);
	if (errno != 0 || end == val || *end != '\0')
		*until = 0;	/* unreadable: not locked (verify reports it) */
	return 0;
}

int
auth_lock_put(MDB_txn *txn, struct store *st, const char *login, uint64_t until)
{
	char key[96], val[32];

	lock_key(login, key, sizeof key);
	snprintf(val, sizeof val, "%llu", (unsigned long long)until);
	return store_meta_put(txn, st, key, val);
}

int
auth_lock_clear(MDB_txn *txn, struct store *st, const char *login)
{
	char key[96];
	MDB_val k;
	int rc;

	lock_key(login, key, sizeof key);
	k.mv_data = key;
	k.mv_size = strlen(key);
	rc = mdb_del(txn, st->meta, &k, NULL);
	return rc == MDB_NOTFOUND ? 0 : rc;
}
