/*
 * test-store.c: the LMDB store, daily log operations, reply memo and
 * sessions, each against a fresh database in a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/domain.h"
#include "common/util.h"
#include "common/version.h"
#include "server/auth.h"
#include "server/calendar.h"
#include "server/log-ops.h"
#include "server/store.h"
#include "store-fixture.h"

#define TODAY 20261122u

struct fx {
	struct store_fixture fix;
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	if (store_fixture_open(&f->fix, "store") != 0)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc = store_fixture_close(&f->fix);

	free(f);
	return rc;
}

static struct log_entry
entry(const char *text, uint32_t date)
{
	struct log_entry e;

	memset(&e, 0, sizeof e);
	e.date = date;
	e.content = (char *)text;
	e.minutes = 60;
	e.category = CAT_DUTY;
	return e;
}

/* Put one entry for owner in its own committed transaction. */
static uint64_t
put(struct store *st, uint64_t owner, struct log_entry *in, struct change *keep)
{
	struct log_entry out;
	struct codec_error err;
	struct change ch;
	struct wtx w;
	uint64_t id;

	assert_int_equal(store_write_begin(st, &w), 0);
	assert_int_equal(logop_put(&w, owner, in, TODAY, &out, &ch, &err), 0);
	assert_int_equal(store_write_commit(&w), 0);
	id = out.id;
	schema_free(&log_entry_desc, &out);
	if (keep != NULL)
		*keep = ch;
	else
		schema_free(&change_desc, &ch);
	return id;
}

static void
test_open_refuses_bad_places(void **state)
{
	struct fx *f = *state;
	struct store *st;
	char err[256], db[96];
	MDB_txn *txn;

	/* no database there */
	snprintf(db, sizeof db, "%s/none", f->fix.dir);
	assert_int_equal(store_open(&st, db, STORE_MUST_EXIST, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot open database"));
	/* a second init over an existing database */
	snprintf(db, sizeof db, "%s/db", f->fix.dir);
	assert_int_equal(store_open(&st, db, STORE_CREATE, err, sizeof err), -1);
	assert_non_null(strstr(err, "already there"));
	/* a database from another schema version */
	assert_int_equal(mdb_txn_begin(f->fix.st->env, NULL, 0, &txn), 0);
	assert_int_equal(store_meta_put(txn, f->fix.st, "schema_version", "99"), 0);
	assert_int_equal(mdb_txn_commit(txn), 0);
	assert_int_equal(store_open(&st, db, STORE_MUST_EXIST, err, sizeof err), -1);
	assert_non_null(strstr(err, "schema version 99"));
}

static void
test_counters_survive_reopen(void **state)
{
	struct fx *f = *state;
	struct log_entry e = entry("第一条", TODAY);
	char err[256], db[96];
	uint64_t epoch = f->fix.st->epoch;

	assert_true(epoch != 0);
	put(f->fix.st, 1, &e, NULL);
	put(f->fix.st, 1, &e, NULL);
	assert_int_equal(f->fix.st->seq, 2);
	assert_int_equal(f->fix.st->last_id, 2);
	store_close(&f->fix.st);
	snprintf(db, sizeof db, "%s/db", f->fix.dir);
	assert_int_equal(store_open(&f->fix.st, db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(f->fix.st->seq, 2);
	assert_int_equal(f->fix.st->last_id, 2);
	assert_int_equal(f->fix.st->epoch, epoch);
}

static void
test_users(void **state)
{
	struct fx *f = *state;
	struct user_rec u = { .login = "zhangsan", .display_name = "张三", .unit_id = 3,
	    .role = ROLE_STAFF, .pwhash = "" }, dup = u, got;
	struct wtx w;

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(store_user_put(&w, &u), 0);
	assert_int_equal(u.id, 1);
	dup.id = 0;
	assert_int_equal(store_user_put(&w, &dup), MDB_KEYEXIST);
	assert_int_equal(store_write_commit(&w), 0);
	MDB_txn *txn;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(store_user_by_login(txn, f->fix.st, "zhangsan", &got), 0);
	assert_string_equal(got.display_name, "张三");
	assert_int_equal(got.id, 1);
	schema_free(&user_rec_desc, &got);
	assert_int_equal(store_user_by_login(txn, f->fix.st, "zhang", &got), MDB_NOTFOUND);
	mdb_txn_abort(txn);
}

/* The organisation version rises when what clients see of an account
 * changes (a new account, its role, unit, name), not for a new password. */
static void
test_org_version(void **state)
{
	struct fx *f = *state;
	struct user_rec u = { .login = "lisi", .display_name = "李四", .unit_id = 3,
	    .role = ROLE_STAFF, .pwhash = "" }, got;
	struct wtx w;
	MDB_txn *txn;
	uint64_t v[4];

	for (int step = 0; step < 4; step++) {
		assert_int_equal(store_write_begin(f->fix.st, &w), 0);
		if (step > 0) {
			assert_int_equal(store_user_by_login(w.txn, f->fix.st, "lisi", &got), 0);
			u = got;
		}
		if (step == 1) {
			free(u.pwhash);
			u.pwhash = xstrdup("$argon2id$new");	/* a new password */
		} else if (step == 2)
			u.role = ROLE_DEPT_HEAD;
		else if (step == 3) {
			free(u.display_name);
			u.display_name = xstrdup("李思");
		}
		assert_int_equal(store_user_put(&w, &u), 0);
		assert_int_equal(store_write_commit(&w), 0);
		if (step > 0)
			schema_free(&user_rec_desc, &u);
		assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
		v[step] = store_org_version(txn, f->fix.st);
		mdb_txn_abort(txn);
	}
	assert_true(v[0] > 0);		/* a new account */
	assert_int_equal(v[1], v[0]);	/* only the password */
	assert_int_equal(v[2], v[1] + 1);	/* the role */
	assert_int_equal(v[3], v[2] + 1);	/* the name */
}

static void
test_change_chain_per_topic(void **state)
{
	struct fx *f = *state;
	struct log_entry e = entry("甲", TODAY);
	struct change c1, c2, c3;

	put(f->fix.st, 1, &e, &c1);
	put(f->fix.st, 2, &e, &c2);
	put(f->fix.st, 1, &e, &c3);
	assert_int_equal(c1.seq, 1);
	assert_int_equal(c1.prev, 0);
	assert_int_equal(c2.prev, 0);		/* user 2's first */
	assert_int_equal(c3.seq, 3);
	assert_int_equal(c3.prev, 1);		/* skips user 2's change */
	assert_int_equal(c3.epoch, f->fix.st->epoch);
	MDB_txn *txn;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(store_topic_seq(txn, f->fix.st, 1), 3);
	assert_int_equal(store_topic_seq(txn, f->fix.st, 2), 2);
	assert_int_equal(store_topic_seq(txn, f->fix.st, 3), 0);
	mdb_txn_abort(txn);
	schema_free(&change_desc, &c1);
	schema_free(&change_desc, &c2);
	schema_free(&change_desc, &c3);
}

static void
test_edit_and_delete(void **state)
{
	struct fx *f = *state;
	struct log_entry e = entry("原文", 20261120), out, got;
	struct codec_error err;
	struct change ch;
	struct wtx w;
	MDB_txn *txn;
	uint64_t id = put(f->fix.st, 1, &e, NULL);

	/* edit moves it to another day and bumps the version */
	e = entry("改过的", 20261121);
	e.id = id;
	e.version = 1;
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), 0);
	assert_int_equal(out.version, 2);
	schema_free(&log_entry_desc, &out);
	schema_free(&change_desc, &ch);
	/* the same stale version again is a conflict */
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), -1);
	assert_int_equal(err.code, KH_ERR_CONFLICT);
	/* someone else's entry is not theirs to change */
	e.version = 2;
	assert_int_equal(logop_put(&w, 2, &e, TODAY, &out, &ch, &err), -1);
	assert_int_equal(err.code, KH_ERR_DENIED);
	assert_int_equal(store_write_commit(&w), 0);

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	struct log_entry *all;
	uint32_t n;
	bool more;
	assert_int_equal(logop_snapshot(txn, f->fix.st, 1, 0, 100, &all, &n, &more), 0);
	assert_int_equal(n, 1);		/* not left behind on the old day */
	assert_int_equal(all[0].date, 20261121);
	schema_free(&log_entry_desc, &all[0]);
	free(all);
	mdb_txn_abort(txn);

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(logop_delete(&w, 1, id, 2, &ch, &err), 0);
	assert_int_equal(ch.kind, CHANGE_DELETE);
	assert_int_equal(ch.entry.date, 20261121);
	schema_free(&change_desc, &ch);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(logop_get(txn, f->fix.st, id, &got), MDB_NOTFOUND);
	assert_int_equal(logop_snapshot(txn, f->fix.st, 1, 0, 100, &all, &n, &more), 0);
	assert_int_equal(n, 0);
	free(all);
	mdb_txn_abort(txn);
}

static void
test_snapshot_order_range_and_cap(void **state)
{
	struct fx *f = *state;
	const uint32_t days[] = { 20261118, 20261120, 20261119, 20261120, 20261117 };
	struct log_entry *all;
	uint32_t n;
	bool more;
	MDB_txn *txn;

	for (size_t i = 0; i < nitems(days); i++) {
		struct log_entry e = entry("日志", days[i]);
		put(f->fix.st, 5, &e, NULL);
	}
	struct log_entry other = entry("别人的", 20261120);
	put(f->fix.st, 6, &other, NULL);

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(logop_snapshot(txn, f->fix.st, 5, 0, 100, &all, &n, &more), 0);
	assert_int_equal(n, 5);
	assert_false(more);
	for (uint32_t i = 1; i < n; i++)
		assert_true(all[i - 1].date >= all[i].date);	/* newest day first */
	for (uint32_t i = 0; i < n; i++) {
		assert_int_equal(all[i].owner, 5);
		schema_free(&log_entry_desc, &all[i]);
	}
	free(all);
	assert_int_equal(logop_snapshot(txn, f->fix.st, 5, 20261119, 100, &all, &n, &more), 0);
	assert_int_equal(n, 3);
	for (uint32_t i = 0; i < n; i++)
		schema_free(&log_entry_desc, &all[i]);
	free(all);
	assert_int_equal(logop_snapshot(txn, f->fix.st, 5, 0, 2, &all, &n, &more), 0);
	assert_int_equal(n, 2);
	assert_true(more);
	for (uint32_t i = 0; i < n; i++)
		schema_free(&log_entry_desc, &all[i]);
	free(all);
	mdb_txn_abort(txn);
}

static void
test_changes_since(void **state)
{
	struct fx *f = *state;
	struct change *ch;
	uint32_t n;
	MDB_txn *txn;

	for (int i = 0; i < 6; i++) {
		struct log_entry e = entry("变更", TODAY);
		put(f->fix.st, (uint64_t)(i % 2 + 1), &e, NULL);	/* users 1 and 2 alternate */
	}
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(logop_changes_since(txn, f->fix.st, 1, 1, 100, &ch, &n), 0);
	assert_int_equal(n, 2);			/* seqs 3 and 5 */
	assert_int_equal(ch[0].seq, 3);
	assert_int_equal(ch[1].seq, 5);
	assert_int_equal(ch[1].prev, 3);
	for (uint32_t i = 0; i < n; i++)
		schema_free(&change_desc, &ch[i]);
	free(ch);
	/* more than the cap tells the caller to send a snapshot */
	assert_int_equal(logop_changes_since(txn, f->fix.st, 2, 0, 2, &ch, &n), 1);
	assert_null(ch);
	mdb_txn_abort(txn);
}

/* A refused request inside a group commit leaves no trace, not even in the
 * counters; the others in the batch commit. */
static void
test_nested_abort(void **state)
{
	struct fx *f = *state;
	struct log_entry e = entry("保留", TODAY), out;
	struct codec_error err;
	struct wtx_mark m;
	struct change ch;
	struct wtx w;

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(store_nest_begin(&w, &m), 0);
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), 0);
	schema_free(&log_entry_desc, &out);
	schema_free(&change_desc, &ch);
	store_nest_end(&w, &m, false);
	assert_int_equal(w.seq, 0);
	assert_int_equal(w.last_id, 0);
	assert_int_equal(store_nest_begin(&w, &m), 0);
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), 0);
	assert_int_equal(out.id, 1);
	assert_int_equal(ch.seq, 1);
	schema_free(&log_entry_desc, &out);
	schema_free(&change_desc, &ch);
	store_nest_end(&w, &m, true);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(f->fix.st->seq, 1);
	MDB_txn *txn;
	uint64_t count;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(logop_count(txn, f->fix.st, 1, &count), 0);
	assert_int_equal(count, 1);
	mdb_txn_abort(txn);
}

static void
test_reqmemo(void **state)
{
	struct fx *f = *state;
	struct stored_reply r = { .at = 1000, .type = MSG_OK, .seq = 42 }, got;
	struct wtx w;
	unsigned dropped;
	MDB_txn *txn;

	r.entry.content = "";
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(reqmemo_put(&w, 7, 99, &r), 0);
	r.at = 5000;
	r.seq = 43;
	assert_int_equal(reqmemo_put(&w, 7, 100, &r), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(reqmemo_get(txn, f->fix.st, 7, 99, &got), 0);
	assert_int_equal(got.seq, 42);
	schema_free(&stored_reply_desc, &got);
	assert_int_equal(reqmemo_get(txn, f->fix.st, 8, 99, &got), MDB_NOTFOUND);
	mdb_txn_abort(txn);
	/* prune what is older than 3000 ms: the first only */
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(reqmemo_prune(&w, 3000, 100, &dropped), 0);
	assert_int_equal(dropped, 1);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(reqmemo_get(txn, f->fix.st, 7, 99, &got), MDB_NOTFOUND);
	assert_int_equal(reqmemo_get(txn, f->fix.st, 7, 100, &got), 0);
	schema_free(&stored_reply_desc, &got);
	mdb_txn_abort(txn);
}

/* A closed month takes no new, changed or deleted daily logs. */
static void
test_locked_month(void **state)
{
	struct fx *f = *state;
	struct log_entry e = entry("十月的日志", 20261030), out;
	struct codec_error err;
	struct change ch;
	struct wtx w;
	uint64_t id = put(f->fix.st, 1, &e, NULL);

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(period_set_lock(&w, 202610, true, 0), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), -1);
	assert_int_equal(err.code, KH_ERR_DENIED);
	assert_string_equal(err.field, "date");
	e.id = id;
	e.version = 1;
	e.date = 20261121;		/* moving it out of October is a change to October too */
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), -1);
	assert_int_equal(logop_delete(&w, 1, id, 1, &ch, &err), -1);
	assert_int_equal(err.code, KH_ERR_DENIED);
	/* November is open */
	e.id = 0;
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), 0);
	schema_free(&log_entry_desc, &out);
	schema_free(&change_desc, &ch);
	store_write_abort(&w);
	/* the whole year locked closes November too */
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(period_set_lock(&w, 202640, true, 0), 0);
	assert_int_equal(logop_put(&w, 1, &e, TODAY, &out, &ch, &err), -1);
	store_write_abort(&w);
}

static void
test_sessions_and_passwords(void **state)
{
	struct fx *f = *state;
	char token[AUTH_TOKEN_LEN + 1], hash[AUTH_HASH_MAX];
	struct session_rec s;
	struct wtx w;
	MDB_txn *txn;

	assert_int_equal(auth_hash("正确的密码1", hash), 0);
	assert_non_null(strstr(hash, "$argon2id$"));
	assert_true(auth_verify(hash, "正确的密码1"));
	assert_false(auth_verify(hash, "正确的密码2"));
	assert_false(auth_verify("", "anything"));
	assert_true(auth_login_valid("zhang.san_1-a"));
	assert_false(auth_login_valid("张三"));
	assert_false(auth_login_valid(""));
	assert_non_null(auth_password_problem("12345"));
	assert_null(auth_password_problem("123456"));

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(auth_session_create(&w, 3, "pc-1", "zh_CN", 0, token), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(strlen(token), AUTH_TOKEN_LEN);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(auth_session_find(txn, f->fix.st, token, &s), 0);
	assert_int_equal(s.user, 3);
	assert_string_equal(s.workstation, "pc-1");
	assert_string_equal(s.lang, "zh_CN");	/* the session keeps its language */
	assert_true(s.expires_at > now_ms());
	schema_free(&session_rec_desc, &s);
	char forged[AUTH_TOKEN_LEN + 1];
	memcpy(forged, token, sizeof forged);
	forged[0] = forged[0] == 'a' ? 'b' : 'a';
	assert_int_equal(auth_session_find(txn, f->fix.st, forged, &s), MDB_NOTFOUND);
	mdb_txn_abort(txn);
	/* the token itself is not what is stored */
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	MDB_val k = { AUTH_TOKEN_LEN, token }, v;
	assert_int_equal(mdb_get(txn, f->fix.st->sessions, &k, &v), MDB_NOTFOUND);
	mdb_txn_abort(txn);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(auth_session_delete(&w, token), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(auth_session_find(txn, f->fix.st, token, &s), MDB_NOTFOUND);
	mdb_txn_abort(txn);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_refuses_bad_places, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters_survive_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_users, setup, teardown),
		cmocka_unit_test_setup_teardown(test_org_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_change_chain_per_topic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_and_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_snapshot_order_range_and_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_since, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nested_abort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reqmemo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_month, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_and_passwords, setup, teardown),
	};

	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
