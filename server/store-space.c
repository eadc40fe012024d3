/*
 * store-space.c: growing the map, and telling which failed commits a
 * process may survive (store-space.h).
 */
#include <errno.h>
#include <sys/statvfs.h>

#include "store-space.h"

size_t
store_map_bytes(struct store *st)
{
	MDB_envinfo info;

	return mdb_env_info(st->env, &info) == 0 ? info.me_mapsize : 0;
}

int
store_grow_map(struct store *st)
{
	size_t now = store_map_bytes(st);

	if (now == 0 || now >= STORE_MAP_MAX)
		return MDB_MAP_FULL;
	return mdb_env_set_mapsize(st->env, now * 2 < STORE_MAP_MAX ? now * 2 : STORE_MAP_MAX);
}

bool
store_disk_full(struct store *st, int rc)
{
	struct statvfs sv;

	if (rc == ENOSPC || rc == EDQUOT)
		return true;
	return rc == EIO && statvfs(st->path, &sv) == 0 &&
	    (uint64_t)sv.f_bavail * sv.f_frsize < STORE_DISK_LOW;
}

bool
store_commit_fatal(struct store *st, int rc)
{
	return rc == MDB_PANIC || (rc == EIO && !store_disk_full(st, rc));
}
