/*
 * test-durability.c: what happens to kaohed's writes when the store runs
 * out of room or the disk fails, and backups: a full map grows and the
 * write goes through; a full disk refuses writes with a clear error and
 * acknowledges nothing it did not keep; a failed fsync stops kaohed with
 * status 1 and no acknowledgement; a backup taken while kaohed runs
 * restores to exactly what it held; verify finds a missing index entry.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/domain.h"
#include "common/util.h"
#include "server/log-ops.h"
#include "server/store.h"
#include "server/verify.h"
#include "harness.h"

/* Put an entry; returns the reply type (-1: no reply in timeout_ms), with
 * the entry's id or the error's message. */
static int
put(struct test_client *c, uint64_t reqid, const char *content, int timeout_ms, uint64_t *id,
    char *msg, size_t msglen)
{
	struct log_put_body b;
	struct envelope env;
	void *reply;

	b = harness_log_put_body(c->session, content);
	int type = harness_call(c, MSG_LOG_PUT, reqid, &b, &reply, &env, timeout_ms);
	if (type == MSG_LOG_PUT_OK && id != NULL)
		*id = ((struct log_put_ok_body *)reply)->entry.id;
	if (type == MSG_ERROR && msg != NULL)
		snprintf(msg, msglen, "%u %s", ((struct error_body *)reply)->code,
		    ((struct error_body *)reply)->message);
	if (type >= 0)
		codec_body_free(&env, &reply);
	return type;
}

/* A long line of content, different for each n. */
static void
big_content(char *buf, size_t len, int n)
{
	size_t o = (size_t)snprintf(buf, len, "大%d", n);

	while (o + 4 < len && o < 1400) {
		memcpy(buf + o, "记", 3);
		o += 3;
	}
	buf[o] = '\0';
}

static off_t
file_size(const char *dir)
{
	char path[600];
	struct stat sb;

	snprintf(path, sizeof path, "%s/data.mdb", dir);
	return stat(path, &sb) == 0 ? sb.st_size : -1;
}

/* Open the database, scan it, and count the entries of a user with that
 * content (NULL: skip). */
static uint64_t
verify_and_count(const char *db, uint64_t user, const char *content)
{
	struct verify_counts vc;
	struct store *st;
	struct log_entry *all;
	MDB_txn *txn;
	uint32_t n;
	bool more;
	char err[512];
	uint64_t count = 0;

	assert_int_equal(store_open(&st, db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(verify_store(st, stderr, 20, &vc), 0);
	assert_int_equal(vc.problems, 0);
	assert_int_equal(store_read_begin(st, &txn), 0);
	if (content != NULL) {
		assert_int_equal(logop_snapshot(txn, st, user, 0, UINT32_MAX, &all, &n, &more), 0);
		for (uint32_t i = 0; i < n; i++)
			count += strcmp(all[i].content, content) == 0;
		schema_free_array(&log_entry_desc, all, n);
	}
	mdb_txn_abort(txn);
	store_close(&st);
	return count;
}

static bool
entry_there(const char *db, uint64_t id)
{
	struct store *st;
	struct log_entry e;
	MDB_txn *txn;
	char err[512];
	int rc;

	assert_int_equal(store_open(&st, db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(store_read_begin(st, &txn), 0);
	if ((rc = logop_get(txn, st, id, &e)) == 0)
		schema_free(&log_entry_desc, &e);
	mdb_txn_abort(txn);
	store_close(&st);
	return rc == 0;
}

static int
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int status = system(cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Wait up to ms for the server to exit by itself: its status, or -2. */
static int
wait_exit(struct test_server *s, int ms)
{
	int status;

	for (int i = 0; i < ms / 10; i++) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		}
		usleep(10000);
	}
	return -2;
}

static void
test_map_full_grows(void **state)
{
	struct test_server s;
	struct test_client c;
	char content[2048];
	uint64_t ids[150];
	off_t before;

	(void)state;
	assert_int_equal(harness_server_init(&s), 0);
	before = file_size(s.db);
	/* LMDB maps no less than the data: the map starts full. */
	setenv("KAOHE_MAP_SIZE", "1", 1);
	int rc = harness_server_start(&s);
	unsetenv("KAOHE_MAP_SIZE");
	assert_int_equal(rc, 0);
	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	for (int i = 0; i < 150; i++) {
		char msg[300] = "";
		big_content(content, sizeof content, i);
		rc = put(&c, 0, content, 5000, &ids[i], msg, sizeof msg);
		if (rc != MSG_LOG_PUT_OK)
			fail_msg("write %d: reply %d %s", i, rc, msg);
	}
	harness_client_close(&c);
	assert_int_equal(harness_server_stop(&s), 0);
	/* the data outgrew the first map several times over */
	assert_true(file_size(s.db) > before + 500 * 1024);
	verify_and_count(s.db, 0, NULL);
	for (int i = 0; i < 150; i++)
		assert_true(entry_there(s.db, ids[i]));
	harness_server_cleanup(&s);
}

static void
test_fsync_failure_stops(void **state)
{
	struct test_server s;
	struct test_client c;
	char preload[512], trigger[600], asan[512], log[600];
	const char *old_asan = getenv("ASAN_OPTIONS");
	uint64_t id;

	(void)state;
	assert_int_equal(harness_server_init(&s), 0);
	snprintf(preload, sizeof preload, "%s/tests/fail-fsync.so", harness_build());
	if (access(preload, R_OK) != 0)
		fail_msg("%s is not built", preload);
	snprintf(trigger, sizeof trigger, "%s/fail-now", s.dir);
	/* ASan wants to come first; the shim has no need to come after it. */
	snprintf(asan, sizeof asan, "%s%sverify_asan_link_order=0", old_asan ? old_asan : "",
	    old_asan ? ":" : "");
	char *saved = old_asan ? xstrdup(old_asan) : NULL;
	setenv("LD_PRELOAD", preload, 1);
	setenv("KAOHE_FAIL_FSYNC", trigger, 1);
	setenv("ASAN_OPTIONS", asan, 1);
	int rc = harness_server_start(&s);
	unsetenv("LD_PRELOAD");
	unsetenv("KAOHE_FAIL_FSYNC");
	if (saved != NULL)
		setenv("ASAN_OPTIONS", saved, 1);
	else
		unsetenv("ASAN_OPTIONS");
	free(saved);
	assert_int_equal(rc, 0);

	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	assert_int_equal(put(&c, 500, "同步之前写的", 5000, &id, NULL, 0), MSG_LOG_PUT_OK);
	/* From now on every fsync fails: no acknowledgement, and kaohed stops. */
	FILE *f = fopen(trigger, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(put(&c, 501, "同步失败时写的", 3000, NULL, NULL, 0), -1);
	assert_int_equal(wait_exit(&s, 5000), 1);
	snprintf(log, sizeof log, "grep -q 'a commit failed: Input/output error' %s/kaohed.log", s.dir);
	assert_int_equal(run("%s", log), 0);
	harness_client_close(&c);
	unlink(trigger);

	/* The database is whole; the retry with the same id goes through once. */
	assert_int_equal(verify_and_count(s.db, c.user, "同步之前写的"), 1);
	snprintf(log, sizeof log, "%s/req", s.dir);
	unlink(log);
	assert_int_equal(harness_server_start(&s), 0);
	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	assert_int_equal(put(&c, 501, "同步失败时写的", 5000, NULL, NULL, 0), MSG_LOG_PUT_OK);
	assert_int_equal(put(&c, 501, "同步失败时写的", 5000, NULL, NULL, 0), MSG_LOG_PUT_OK);
	harness_client_close(&c);
	assert_int_equal(harness_server_stop(&s), 0);
	assert_int_equal(verify_and_count(s.db, c.user, "同步失败时写的"), 1);
	harness_server_cleanup(&s);
}

static void
test_disk_full_refuses(void **state)
{
	struct test_server s;
	struct test_client c;
	char full[400], db[420], content[2048], msg[300];
	uint64_t ids[2000];
	int nids = 0, rc = 0;

	(void)state;
	if (getuid() != 0) {
		print_message("# not root: no tmpfs to fill\n");
		skip();
	}
	assert_int_equal(harness_server_init(&s), 0);
	snprintf(full, sizeof full, "%s/full", s.dir);
	assert_int_equal(mkdir(full, 0700), 0);
	/* room for the demo database and about half a megabyte more */
	if (mount("tmpfs", full, "tmpfs", 0, "size=2m") != 0) {
		print_message("# cannot mount a tmpfs: %s\n", strerror(errno));
		harness_server_cleanup(&s);
		skip();
	}
	snprintf(db, sizeof db, "%s/db", full);
	if (run("%s/kaohectl --db %s backup %s >/dev/null", harness_build(), s.db, db) != 0) {
		umount(full);
		fail_msg("cannot copy the demo database to the tmpfs");
	}
	strlcpy_kh(s.db, db, sizeof s.db);
	assert_int_equal(harness_server_start(&s), 0);
	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	for (int i = 0; i < 2000; i++) {
		big_content(content, sizeof content, i);
		if ((rc = put(&c, 0, content, 5000, &ids[nids], msg, sizeof msg)) != MSG_LOG_PUT_OK)
			break;
		nids++;
	}
	/* refused, with the reason, and refused again: nothing half kept */
	if (rc != MSG_ERROR)
		run("sed 's/^/# kaohed: /' %s/kaohed.log >&2", s.dir);
	assert_int_equal(rc, MSG_ERROR);
	assert_non_null(strstr(msg, "磁盘已满"));
	char code[16];
	snprintf(code, sizeof code, "%d ", KH_ERR_STORAGE);
	assert_int_equal(strncmp(msg, code, strlen(code)), 0);
	assert_int_equal(put(&c, 0, content, 5000, NULL, msg, sizeof msg), MSG_ERROR);
	assert_true(nids > 10);
	harness_client_close(&c);
	/* a full disk is not a failed one: kaohed stops cleanly */
	assert_int_equal(harness_server_stop(&s), 0);
	verify_and_count(s.db, 0, NULL);
	for (int i = 0; i < nids; i++)
		assert_true(entry_there(s.db, ids[i]));
	umount(full);
	harness_server_cleanup(&s);
}

static void
test_backup_restore(void **state)
{
	struct test_server s;
	struct test_client c;
	char bk[400], old[400], text[64];
	uint64_t before[5], after[5], epoch_old, epoch_new;
	struct store *st;
	char err[512];

	(void)state;
	assert_int_equal(harness_server_init(&s), 0);
	assert_int_equal(harness_server_start(&s), 0);
	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(text, sizeof text, "备份之前 %d", i);
		assert_int_equal(put(&c, 100 + (uint64_t)i, text, 5000, &before[i], NULL, 0), MSG_LOG_PUT_OK);
	}
	snprintf(bk, sizeof bk, "%s/backup", s.dir);
	assert_int_equal(run("%s/kaohectl --db %s backup %s >/dev/null", harness_build(), s.db, bk), 0);
	for (int i = 0; i < 5; i++) {
		snprintf(text, sizeof text, "备份之后 %d", i);
		assert_int_equal(put(&c, 200 + (uint64_t)i, text, 5000, &after[i], NULL, 0), MSG_LOG_PUT_OK);
	}
	harness_client_close(&c);
	assert_int_equal(harness_server_stop(&s), 0);

	/* stop, move the old database aside, restore the backup, start */
	snprintf(old, sizeof old, "%s.old", s.db);
	assert_int_equal(rename(s.db, old), 0);
	assert_int_equal(run("%s/kaohectl restore %s %s >/dev/null", harness_build(), bk, s.db), 0);
	assert_int_equal(run("%s/kaohectl verify %s >/dev/null", harness_build(), s.db), 0);
	for (int i = 0; i < 5; i++) {
		assert_true(entry_there(s.db, before[i]));
		assert_false(entry_there(s.db, after[i]));
	}
	assert_int_equal(store_open(&st, old, STORE_MUST_EXIST, err, sizeof err), 0);
	epoch_old = st->epoch;
	store_close(&st);
	assert_int_equal(store_open(&st, s.db, STORE_MUST_EXIST, err, sizeof err), 0);
	epoch_new = st->epoch;
	store_close(&st);
	assert_true(epoch_old != epoch_new);

	assert_int_equal(harness_server_start(&s), 0);
	assert_int_equal(harness_client_open(&c, &s), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	/* request ids are per user: a new one, not one the memo answers */
	assert_int_equal(put(&c, 300, "恢复之后", 5000, NULL, NULL, 0), MSG_LOG_PUT_OK);
	harness_client_close(&c);
	assert_int_equal(harness_server_stop(&s), 0);
	assert_int_equal(verify_and_count(s.db, c.user, "恢复之后"), 1);
	harness_server_cleanup(&s);
}

/* Whether kaohectl verify of db names a problem with what in it, and
 * exits with status 1 as it must then. */
static bool
verify_says(const char *db, const char *what)
{
	char cmd[1024], line[512];
	bool named = false;
	FILE *p;

	snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 %s/kaohectl verify %s", harness_build(), db);
	if ((p = popen(cmd, "r")) == NULL)
		return false;
	while (fgets(line, sizeof line, p) != NULL)
		named |= strstr(line, what) != NULL;
	int status = pclose(p);
	return named && WIFEXITED(status) && WEXITSTATUS(status) == 1;
}

static void
test_verify_finds_damage(void **state)
{
	struct test_server s;
	struct store *st;
	struct wtx w;
	MDB_cursor *cur;
	MDB_val k = { 1, "D" }, v;
	char err[512];

	(void)state;
	assert_int_equal(harness_server_init(&s), 0);
	assert_int_equal(run("%s/kaohectl verify %s >/dev/null", harness_build(), s.db), 0);
	/* drop the day index entry of one log entry */
	assert_int_equal(store_open(&st, s.db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(store_write_begin(st, &w), 0);
	assert_int_equal(mdb_cursor_open(w.txn, st->indexes, &cur), 0);
	assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE), 0);
	assert_int_equal(((char *)k.mv_data)[0], 'D');
	assert_int_equal(mdb_cursor_del(cur, 0), 0);
	mdb_cursor_close(cur);
	assert_int_equal(store_write_commit(&w), 0);
	store_close(&st);

	assert_true(verify_says(s.db, "has no \"D\" index entry"));
	harness_server_cleanup(&s);
}

/* A change no chain holds, a session of nobody, a lock of no account:
 * each is named. */
static void
test_verify_finds_strays(void **state)
{
	struct test_server s;
	struct store *st;
	struct wtx w;
	MDB_cursor *cur;
	MDB_val k = { 1, "C" }, v;
	unsigned char sk[32] = { 0x5a }, seq[8];
	int unlinked = 0;
	struct session_rec sess = { .user = 999999, .workstation = (char *)"pc-x", .lang = (char *)"" };
	char err[512];

	(void)state;
	assert_int_equal(harness_server_init(&s), 0);
	assert_int_equal(store_open(&st, s.db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(store_write_begin(st, &w), 0);
	/* every chain's link to the demo's first change ("C" user seq) */
	assert_int_equal(mdb_cursor_open(w.txn, st->indexes, &cur), 0);
	assert_int_equal(mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE), 0);
	assert_int_equal(((char *)k.mv_data)[0], 'C');
	memcpy(seq, (char *)k.mv_data + 9, 8);
	do {
		if (k.mv_size == 17 && memcmp((char *)k.mv_data + 9, seq, 8) == 0) {
			assert_int_equal(mdb_cursor_del(cur, 0), 0);
			unlinked++;
		}
	} while (mdb_cursor_get(cur, &k, &v, MDB_NEXT) == 0 && ((char *)k.mv_data)[0] == 'C');
	mdb_cursor_close(cur);
	assert_true(unlinked >= 1);
	assert_int_equal(store_put_rec(w.txn, st->sessions, sk, sizeof sk, &session_rec_desc, &sess), 0);
	assert_int_equal(store_meta_put(w.txn, st, "lock:nobody", "1893456000000"), 0);
	assert_int_equal(store_write_commit(&w), 0);
	store_close(&st);

	assert_true(verify_says(s.db, "is on no user's chain"));
	assert_true(verify_says(s.db, "belongs to user 999999, who is not there"));
	assert_true(verify_says(s.db, "locks an account that is not there"));
	harness_server_cleanup(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_full_grows),
		cmocka_unit_test(test_fsync_failure_stops),
		cmocka_unit_test(test_disk_full_refuses),
		cmocka_unit_test(test_backup_restore),
		cmocka_unit_test(test_verify_finds_damage),
		cmocka_unit_test(test_verify_finds_strays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
