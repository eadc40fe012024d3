/*
 * kaohectl-backup.c: checking a database (verify), copying it while kaohed
 * runs (backup), and putting a copy back in place (restore).
 * docs/operations.md, "Backup, verify and restore", says when to use each.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "common/util.h"
#include "kaohectl.h"
#include "verify.h"

/* Scan the database in dir and print what is wrong; 0 if nothing is. */
static int
verify_dir(const char *dir)
{
	struct verify_counts n;
	struct store *st;
	char err[512];
	int rc;

	if (store_open(&st, dir, STORE_MUST_EXIST, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	rc = verify_store(st, stdout, 0, &n);
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot read database %s: %s\n", dir, store_strerror(rc));
		return 1;
	}
	printf("verify %s: %" PRIu64 " keys, %" PRIu64 " records, %" PRIu64 " changes: ", dir,
	    n.keys, n.records, n.changes);
	if (n.problems == 0) {
		printf("ok\n");
		return 0;
	}
	printf("%" PRIu64 " problem%s\n", n.problems, n.problems == 1 ? "" : "s");
	return 1;
}

int
cmd_verify(struct ctl *c)
{
	if (c->argc > 1) {
		fprintf(stderr, "usage: kaohectl verify [DIR]\n");
		return 2;
	}
	return verify_dir(c->argc == 1 ? c->argv[0] : c->db);
}

/* fsync a file or a directory by path. */
static int
sync_path(const char *path)
{
	int fd = open(path, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* The directory that holds path, for fsyncing a rename. */
static void
parent_of(const char *path, char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		strlcpy_kh(buf, ".", len);
	else if (slash == path)
		strlcpy_kh(buf, "/", len);
	else
		snprintf(buf, len, "%.*s", (int)(slash - path), path);
}

/* Copy the environment of src (open) into a new temporary directory beside
 * dest, compacted, synced; tmp gets its name.  0, or 1 after printing why. */
static int
copy_env(struct store *src, const char *dest, char *tmp, size_t len)
{
	char file[4200];
	int rc;

	snprintf(tmp, len, "%s.tmp-XXXXXX", dest);
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, "kaohectl: cannot create %s: %s\n", tmp, strerror(errno));
		return 1;
	}
	/* A compacting copy runs in a read transaction: kaohed keeps writing. */
	if ((rc = mdb_env_copy2(src->env, tmp, MDB_CP_COMPACT)) != 0) {
		fprintf(stderr, "kaohectl: cannot copy the database to %s: %s\n", tmp, store_strerror(rc));
		return 1;
	}
	snprintf(file, sizeof file, "%s/data.mdb", tmp);
	if (sync_path(file) != 0 || sync_path(tmp) != 0) {
		fprintf(stderr, "kaohectl: cannot sync %s: %s\n", file, strerror(errno));
		return 1;
	}
	return 0;
}

/* Check the copy in tmp, then give it its name: only a copy that passed
 * verify is ever called dest. */
static int
finish_copy(const char *tmp, const char *dest)
{
	char lock[4200], parent[4096];

	if (verify_dir(tmp) != 0) {
		fprintf(stderr, "kaohectl: the copy in %s failed verify; it is left there\n", tmp);
		return 1;
	}
	snprintf(lock, sizeof lock, "%s/lock.mdb", tmp);
	unlink(lock);
	if (rename(tmp, dest) != 0) {
		fprintf(stderr, "kaohectl: cannot rename %s to %s: %s\n", tmp, dest, strerror(errno));
		return 1;
	}
	parent_of(dest, parent, sizeof parent);
	if (sync_path(parent) != 0) {
		fprintf(stderr, "kaohectl: cannot sync %s: %s\n", parent, strerror(errno));
		return 1;
	}
	return 0;
}

int
cmd_backup(struct ctl *c)
{
	struct store *st;
	struct stat sb;
	char tmp[4096];
	int rc;

	if (c->argc != 1) {
		fprintf(stderr, "usage: kaohectl backup DEST\n");
		return 2;
	}
	if (stat(c->argv[0], &sb) == 0) {
		fprintf(stderr, "kaohectl: cannot back up to %s: it exists already\n", c->argv[0]);
		return 1;
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	rc = copy_env(st, c->argv[0], tmp, sizeof tmp);
	store_close(&st);
	if (rc != 0)
		return rc;
	if ((rc = finish_copy(tmp, c->argv[0])) != 0)
		return rc;
	printf("backed up %s to %s\n", c->db, c->argv[0]);
	return 0;
}

/* A restored database gets a new epoch: clients holding seqs from after
 * the backup must not take the copy's new seqs for ones they have seen;
 * a new epoch makes each of them reload in full. */
static int
new_epoch(const char *dir)
{
	struct store *st;
	struct wtx w;
	char err[512], buf[32];
	uint64_t epoch;
	int rc;

	if (store_open(&st, dir, STORE_MUST_EXIST, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	do {
		randombytes_buf(&epoch, sizeof epoch);
		epoch &= 0x7fffffffffffffffull;
	} while (epoch == 0 || epoch == st->epoch);
	snprintf(buf, sizeof buf, "%" PRIu64, epoch);
	if ((rc = store_write_begin(st, &w)) == 0) {
		if ((rc = store_meta_put(w.txn, st, "epoch", buf)) != 0)
			store_write_abort(&w);
		else
			rc = store_write_commit(&w);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot give %s a new epoch: %s\n", dir, store_strerror(rc));
		return 1;
	}
	return 0;
}

int
cmd_restore(struct ctl *c)
{
	struct store *st;
	struct stat sb;
	char tmp[4096];
	int rc;

	if (c->argc != 2) {
		fprintf(stderr, "usage: kaohectl restore BACKUP DIR\n");
		return 2;
	}
	if (stat(c->argv[1], &sb) == 0) {
		fprintf(stderr, "kaohectl: cannot restore into %s: it exists (stop kaohed and move it aside)\n",
		    c->argv[1]);
		return 1;
	}
	struct ctl from = { .db = c->argv[0] };
	if ((st = open_db(&from)) == NULL)
		return 1;
	rc = copy_env(st, c->argv[1], tmp, sizeof tmp);
	store_close(&st);
	if (rc != 0 || (rc = new_epoch(tmp)) != 0 || (rc = finish_copy(tmp, c->argv[1])) != 0)
		return rc;
	printf("restored %s into %s\n", c->argv[0], c->argv[1]);
	return 0;
}
