/*
 * store-fixture.c: a temporary database for tests (see store-fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "store-fixture.h"

int
store_fixture_open(struct store_fixture *f, const char *what)
{
	char err[256], db[96];

	memset(f, 0, sizeof *f);
	snprintf(f->dir, sizeof f->dir, "/tmp/kaohe-%s-XXXXXX", what);
	if (mkdtemp(f->dir) == NULL) {
		perror("mkdtemp");
		return -1;
	}
	snprintf(db, sizeof db, "%s/db", f->dir);
	if (store_open(&f->st, db, STORE_CREATE, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

int
store_fixture_close(struct store_fixture *f)
{
	char cmd[128];

	store_close(&f->st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	return system(cmd) == 0 ? 0 : -1;
}
