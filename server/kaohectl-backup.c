/*
 * kaohectl-backup.c: checking a database (verify), copying it while kaohed
 * runs (backup), and putting a copy back in place (restore).
 * docs/operations.md, "Backup, verify and restore", says when to use each.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/keys.h"
#include "common/util.h"
#include "kaohectl.h"
#include "progress.h"
#include "verify.h"

/* The keys verify_store reads, for its bar: every named database but meta. */
static uint64_t
count_keys(struct store *st)
{
	MDB_dbi dbs[] = { st->users, st->units, st->sessions, st->calendar, st->periods, st->audit,
		st->records, st->indexes, st->changes, st->requests, st->plans };
	uint64_t n = 0;
	MDB_txn *txn;
	MDB_stat ms;

	if (store_read_begin(st, &txn) != 0)
		return 0;
	for (size_t i = 0; i < nitems(dbs); i++)
		if (mdb_stat(txn, dbs[i], &ms) == 0)
			n += ms.ms_entries;
	mdb_txn_abort(txn);
	return n;
}

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
	progress_begin(_("verify"), count_keys(st), false);
	rc = verify_store(st, stdout, 0, &n);
	store_close(&st);
	if (rc != 0) {
		progress_abort();
		fprintf(stderr, _("kaohectl: cannot read database %s: %s\n"), dir, store_strerror(rc));
		return 1;
	}
	progress_end();
	printf(_("verify %s: %" PRIu64 " keys, %" PRIu64 " records, %" PRIu64 " changes: "), dir,
	    n.keys, n.records, n.changes);
	if (n.problems == 0) {
		printf("%s", _("ok\n"));
		return 0;
	}
	printf(ngettext("%" PRIu64 " problem\n", "%" PRIu64 " problems\n", n.problems), n.problems);
	return 1;
}

int
cmd_verify(struct ctl *c)
{
	if (c->argc > 1)
		return ctl_usage(c);
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

/* Copy the file name of the directory from into the directory to, if it is
 * there, with its mode (the secret key stays 0600), synced.  0, or -1 with
 * errno. */
static int
copy_file(const char *from, const char *to, const char *name)
{
	char src[4200], dst[4200], buf[8192];
	struct stat sb;
	ssize_t n;
	int in, out, rc = 0;

	keys_path(from, name, src, sizeof src);
	keys_path(to, name, dst, sizeof dst);
	if ((in = open(src, O_RDONLY)) < 0)
		return errno == ENOENT ? 0 : -1;
	if (fstat(in, &sb) != 0 ||
	    (out = open(dst, O_WRONLY | O_CREAT | O_EXCL, sb.st_mode & 0777)) < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof buf)) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = -1;
			break;
		}
	if (n < 0 || fsync(out) != 0)
		rc = -1;
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

struct copier {
	MDB_env		*env;
	int		 fd;		/* the pipe's end to write */
	int		 rc;
};

static void *
copier_run(void *arg)
{
	struct copier *cp = arg;

	cp->rc = mdb_env_copyfd2(cp->env, cp->fd, MDB_CP_COMPACT);
	close(cp->fd);
	return NULL;
}

/* LMDB's compacting copy of env into file, through a pipe so that the bytes
 * can be counted for the bar (label) as they go.  0, or an errno or LMDB
 * error. */
static int
copy_counted(MDB_env *env, const char *file, const char *label)
{
	struct copier cp = { .env = env };
	char buf[65536];
	MDB_envinfo info;
	MDB_stat ms;
	uint64_t done = 0;
	pthread_t th;
	int p[2], out, werr = 0;
	ssize_t n;

	/* at most the pages in use: the compacted copy leaves free ones out */
	if (mdb_env_info(env, &info) != 0 || mdb_env_stat(env, &ms) != 0)
		info.me_last_pgno = 0, ms.ms_psize = 0;
	if ((out = open(file, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0)
		return errno;
	if (pipe(p) != 0) {
		werr = errno;
		close(out);
		return werr;
	}
	cp.fd = p[1];
	if ((errno = pthread_create(&th, NULL, copier_run, &cp)) != 0) {
		werr = errno;
		close(p[0]);
		close(p[1]);
		close(out);
		return werr;
	}
	progress_begin(label, (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize, true);
	/* read to the end even after a failed write: the copier must not
	 * write into a closed pipe */
	while ((n = read(p[0], buf, sizeof buf)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			werr = errno;
			break;
		}
		for (ssize_t off = 0; werr == 0 && off < n; ) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));

			if (w < 0 && errno != EINTR)
				werr = errno;
			else if (w > 0)
				off += w;
		}
		done += (uint64_t)n;
		progress_set(done);
	}
	close(p[0]);
	pthread_join(th, NULL);
	if (werr == 0 && fsync(out) != 0)
		werr = errno;
	if (close(out) != 0 && werr == 0)
		werr = errno;
	if (cp.rc != 0 || werr != 0) {
		progress_abort();
		return cp.rc != 0 ? cp.rc : werr;
	}
	progress_end();
	return 0;
}

/* Copy the environment of src (open) into a new temporary directory beside
 * dest, compacted, synced; tmp gets its name.  0, or 1 after printing why. */
static int
copy_env(struct store *src, const char *dest, char *tmp, size_t len, const char *label)
{
	char file[4200];
	int rc;

	snprintf(tmp, len, "%s.tmp-XXXXXX", dest);
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, _("kaohectl: cannot create %s: %s\n"), tmp, strerror(errno));
		return 1;
	}
	/* A compacting copy runs in a read transaction: kaohed keeps writing. */
	snprintf(file, sizeof file, "%s/data.mdb", tmp);
	if ((rc = copy_counted(src->env, file, label)) != 0) {
		fprintf(stderr, _("kaohectl: cannot copy the database to %s: %s\n"), tmp,
		    store_strerror(rc));
		return 1;
	}
	/* the server's key pair lives beside data.mdb: a restored database must
	 * start with the key its clients know */
	if (copy_file(src->path, tmp, KEYS_PUBLIC_FILE) != 0 ||
	    copy_file(src->path, tmp, KEYS_SECRET_FILE) != 0) {
		fprintf(stderr, _("kaohectl: cannot copy the server's keys to %s: %s\n"), tmp,
		    strerror(errno));
		return 1;
	}
	if (sync_path(file) != 0 || sync_path(tmp) != 0) {
		fprintf(stderr, _("kaohectl: cannot sync %s: %s\n"), file, strerror(errno));
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
		fprintf(stderr, _("kaohectl: the copy in %s failed verify; it is left there\n"), tmp);
		return 1;
	}
	snprintf(lock, sizeof lock, "%s/lock.mdb", tmp);
	unlink(lock);
	if (rename(tmp, dest) != 0) {
		fprintf(stderr, _("kaohectl: cannot rename %s to %s: %s\n"), tmp, dest, strerror(errno));
		return 1;
	}
	parent_of(dest, parent, sizeof parent);
	if (sync_path(parent) != 0) {
		fprintf(stderr, _("kaohectl: cannot sync %s: %s\n"), parent, strerror(errno));
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

	if (c->argc != 1)
		return ctl_usage(c);
	if (stat(c->argv[0], &sb) == 0) {
		fprintf(stderr, _("kaohectl: cannot back up to %s: it exists already\n"), c->argv[0]);
		return 1;
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	rc = copy_env(st, c->argv[0], tmp, sizeof tmp, _("backup"));
	store_close(&st);
	if (rc != 0)
		return rc;
	if ((rc = finish_copy(tmp, c->argv[0])) != 0)
		return rc;
	printf(_("backed up %s to %s\n"), c->db, c->argv[0]);
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
		fprintf(stderr, _("kaohectl: cannot give %s a new epoch: %s\n"), dir, store_strerror(rc));
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

	if (c->argc != 2)
		return ctl_usage(c);
	if (stat(c->argv[1], &sb) == 0) {
		fprintf(stderr, _("kaohectl: cannot restore into %s: it exists (stop kaohed and move it "
		    "aside)\n"), c->argv[1]);
		return 1;
	}
	struct ctl from = { .db = c->argv[0] };
	if ((st = open_db(&from)) == NULL)
		return 1;
	rc = copy_env(st, c->argv[1], tmp, sizeof tmp, _("restore"));
	store_close(&st);
	if (rc != 0 || (rc = new_epoch(tmp)) != 0 || (rc = finish_copy(tmp, c->argv[1])) != 0)
		return rc;
	printf(_("restored %s into %s\n"), c->argv[0], c->argv[1]);
	return 0;
}
