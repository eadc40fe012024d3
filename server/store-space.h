/*
 * store-space.h: when the store runs out of room or its disk fails.
 *
 * LMDB's map is a fixed window of address space: a write that needs more
 * fails with MDB_MAP_FULL, and kaohed grows the map and runs the batch
 * again (server-loop.c).  A full disk makes a commit fail with ENOSPC:
 * nothing was written, the batch is refused, kaohed serves on.  A commit
 * that fails with EIO may have failed in fsync, after which the kernel may
 * have dropped the pages it could not write and still show them as clean
 * (PostgreSQL's "fsyncgate", 2018): the process can no longer tell what is
 * on disk, so kaohed stops rather than serve what it cannot trust.
 */
#ifndef KAOHE_STORE_SPACE_H
#define KAOHE_STORE_SPACE_H

#include <stdbool.h>

#include "store.h"

/* The largest map store_grow_map makes: 64 GB of address space. */
#define STORE_MAP_MAX	((size_t)64 << 30)

/* Double the map.  LMDB allows it only while this process has no
 * transaction open (other processes' readers are fine: they adopt the new
 * size at their next transaction).  0, or an LMDB error code (MDB_MAP_FULL
 * if the map is at STORE_MAP_MAX). */
int	store_grow_map(struct store *);
/* The map size in bytes. */
size_t	store_map_bytes(struct store *);
/* True for a full disk or quota: ENOSPC, EDQUOT, or EIO while the
 * database's filesystem has less than STORE_DISK_LOW bytes free (LMDB
 * reports a short write, which is what a full disk gives, as EIO; it
 * fails before the commit's fsync and meta page, so nothing is lost and
 * kaohed may serve on, refusing writes). */
#define STORE_DISK_LOW	((uint64_t)1 << 20)
bool	store_disk_full(struct store *, int rc);
/* True if a failed commit with this code leaves the database in a state
 * this process cannot trust: EIO on a disk that is not full, MDB_PANIC.
 * kaohed must exit. */
bool	store_commit_fatal(struct store *, int rc);

#endif
