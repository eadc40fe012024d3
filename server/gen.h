/*
 * gen.h: large, realistic generated data for measuring kaohe at size
 * (kaohectl gen, docs/operations.md): units, people, years of daily logs in
 * Chinese, and monthly records waiting in one supervising leader's queue.
 */
#ifndef KAOHE_GEN_H
#define KAOHE_GEN_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

struct gen_opts {
	uint32_t	 units;		/* departments under the root office */
	uint32_t	 people;	/* everyone, leaders included */
	uint32_t	 years;		/* how far back the daily logs reach */
	uint64_t	 logs;		/* daily log entries in all */
	uint32_t	 queue;		/* monthly records waiting for sup0001 */
	uint64_t	 seed;
	bool		 quiet;		/* no progress line on stderr */
};

/* Fill a new, empty database.  Daily logs go straight into the store's
 * databases in large transactions (MDB_APPEND where keys ascend); units,
 * people and records go through the store's own operations.  0, or -1 with
 * the reason in err. */
int	gen_fill(struct store *, const struct gen_opts *, char *err, size_t errlen);

/* The password of every generated account. */
#define GEN_PASSWORD	"demo123"

#endif
