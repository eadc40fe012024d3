/*
 * auth.h: passwords and sessions.
 *
 * Passwords are kept as libsodium argon2id strings (salt and parameters
 * inside).  A session token is 32 random bytes in hex, given to the client
 * once; the store keeps only its BLAKE2b hash, so a copy of the database
 * hands nobody a live session.
 */
#ifndef KAOHE_AUTH_H
#define KAOHE_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

#define AUTH_HASH_MAX		128
#define AUTH_TOKEN_LEN		64
#define AUTH_SESSION_MS		(12ull * 3600 * 1000)

/* Hash a password into out.  0, or -1 if libsodium ran out of memory. */
int	auth_hash(const char *password, char out[AUTH_HASH_MAX]);
/* Check a password against a stored hash.  An empty hash (no such user)
 * still costs one verification, so timing does not tell who exists. */
bool	auth_verify(const char *hash, const char *password);

/* Login names and passwords: common/domain.h's rules. */
bool	auth_login_valid(const char *login);
/* NULL if acceptable, else the reason, in the language of the messages. */
const char *auth_password_problem(const char *password);

/* A new session for user, lasting ttl_ms (0: AUTH_SESSION_MS); the token
 * goes to the client and only its hash to the store.  lang (login_body.lang;
 * NULL or "" for the server's own) is the language of its replies. */
int	auth_session_create(struct wtx *, uint64_t user, const char *workstation, const char *lang,
	    uint64_t ttl_ms, char token[AUTH_TOKEN_LEN + 1]);
/* 0 and *s filled, or MDB_NOTFOUND if unknown or expired, or an LMDB error. */
int	auth_session_find(MDB_txn *, struct store *, const char *token, struct session_rec *s);
int	auth_session_delete(struct wtx *, const char *token);

/* An account locked by too many wrong passwords: its lock is kept in meta
 * under "lock:LOGIN" (milliseconds since the epoch), so that a restart does
 * not lift it and kaohectl user unlock can, at once.  Names no account has
 * are locked in the server's memory only (login-guard.c).
 * auth_lock_get gives 0 in *until when there is none (or it is unreadable);
 * auth_lock_clear is 0 when there was none. */
#define AUTH_LOCK_PREFIX	"lock:"
int	auth_lock_get(MDB_txn *, struct store *, const char *login, uint64_t *until);
int	auth_lock_put(MDB_txn *, struct store *, const char *login, uint64_t until);
int	auth_lock_clear(MDB_txn *, struct store *, const char *login);

#endif
