/*
 * allowlist.h: the workstation keys kaohed lets in, kept in the database.
 *
 * Each entry is a workstation's CURVE public key with a name for people:
 * meta "allow." + Z85 key -> name.  An empty list lets every key in (the
 * server's key alone keeps strangers' traffic unreadable; the list decides
 * who may connect at all).  kaohectl edits the list; kaohed's ZAP handler
 * (zap.c) reads it at every handshake, so a change needs no restart.
 * Functions return 0 or an LMDB error code.
 */
#ifndef KAOHE_ALLOWLIST_H
#define KAOHE_ALLOWLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

#define ALLOW_NAME_MAX	64

/* Add or rename a key (40 Z85 characters). */
int	allowlist_put(MDB_txn *, struct store *, const char *z85, const char *name);
/* Remove a key: MDB_NOTFOUND if it was not there. */
int	allowlist_remove(MDB_txn *, struct store *, const char *z85);
/* Whether the key may connect: *allowed is true if it is listed or the list
 * is empty; *name (ALLOW_NAME_MAX + 1 bytes, may be NULL) gets its name. */
int	allowlist_check(MDB_txn *, struct store *, const char *z85, bool *allowed, char *name);
/* Call fn for each entry in key order; stops early if fn returns non-zero,
 * which is returned.  *n (may be NULL) counts the entries seen. */
int	allowlist_each(MDB_txn *, struct store *,
	    int (*fn)(const char *z85, const char *name, void *), void *arg, size_t *n);

#endif
