/*
 * store-fixture.h: a fresh kaohe database in a temporary directory, for the
 * store-level tests, and its removal afterwards.
 */
#ifndef KAOHE_STORE_FIXTURE_H
#define KAOHE_STORE_FIXTURE_H

#include "server/store.h"

struct store_fixture {
	char		 dir[64];	/* the temporary directory */
	struct store	*st;		/* the database in dir/db */
};

/* Make the directory (named after `what`) and create the database.  0, or
 * -1 with the reason on stderr. */
int	store_fixture_open(struct store_fixture *, const char *what);
/* Close the database and remove the directory.  0 or -1. */
int	store_fixture_close(struct store_fixture *);

#endif
