/*
 * test-access.c: every request type against every role, through a running
 * kaohed on the demo office.  The server decides what each may do; a
 * refused request gets a clear error and changes nothing.
 *
 * Roles and their demo accounts: staff lisi (综合科), department head zhoujie
 * (综合科), supervising leader qianfang (综合科 and 业务科), principal zhaoguo,
 * leadership-team member lihua, inspector hejun, admin, organisation
 * department luomin.  Targets belong to others: zhangsan and wangwu (综合科),
 * chenjing (业务科, whose last monthly record waits for qianfang).
 * Scoring uses the shipped plan yongqiao-2015 (the harness imports
 * schema/plans): work by the admin, principal, leadership by leaders,
 * democratic by peers (anonymous), for wuhong (吴红, head of 业务科: the
 * plan assesses middle managers only; zhangsan, staff, is refused) in
 * this quarter.  Points ledgers use the shipped schema/ledgers (loaded
 * beside the plans).  Organisations (900-908) use wenzhou-rubric last year
 * and community-checklist this month: see test_organisations.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lmdb.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/util.h"
#include "harness.h"

enum { STAFF, HEAD, SUPERVISOR, PRINCIPAL, LEADER, INSPECTOR, ADMIN, ORGDEPT, NROLES };

static const char *const logins[NROLES] = {
	"lisi", "zhoujie", "qianfang", "zhaoguo", "lihua", "hejun", "admin", "luomin",
};

#define OK_	0	/* the request succeeds */

struct fx {
	struct test_server	 srv;
	struct test_client	 c[NROLES];
	struct test_client	 zs;		/* zhangsan, the owner of targets */
	struct sync_reply_body	*all;		/* the admin's snapshot */
	void			*all_body;
	struct envelope		 all_env;
	uint32_t		 today;
};

static struct fx *F;

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	if (harness_server_init(&f->srv) != 0 || harness_server_start(&f->srv) != 0)
		return -1;
	for (int i = 0; i < NROLES; i++)
		if (harness_client_open(&f->c[i], &f->srv) != 0 ||
		    harness_login(&f->c[i], logins[i], "demo123") != 0)
			return -1;
	if (harness_client_open(&f->zs, &f->srv) != 0 || harness_login(&f->zs, "zhangsan", "demo123") != 0)
		return -1;
	struct sync_body s = { f->c[ADMIN].session, 0, 0, 0, 0 };
	if (harness_call(&f->c[ADMIN], MSG_SYNC, 0, &s, &f->all_body, &f->all_env, 5000) != MSG_SYNC_REPLY)
		return -1;
	f->all = f->all_body;
	f->today = day_today();
	F = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc;

	codec_body_free(&f->all_env, &f->all_body);
	for (int i = 0; i < NROLES; i++)
		harness_client_close(&f->c[i]);
	harness_client_close(&f->zs);
	rc = harness_server_stop(&f->srv);
	harness_server_cleanup(&f->srv);
	free(f);
	return rc == 0 ? 0 : -1;
}

static uint64_t
user_id(const char *login)
{
	for (uint32_t i = 0; i < F->all->people_n; i++)
		if (strcmp(F->all->people[i].login, login) == 0)
			return F->all->people[i].id;
	fail_msg("no demo user %s", login);
	return 0;
}

/* A current record from the admin's snapshot. */
static const struct doc *
find_doc(const char *subject, uint32_t kind, uint32_t state)
{
	uint64_t id = user_id(subject);

	for (uint32_t i = 0; i < F->all->docs_n; i++)
		if (F->all->docs[i].subject == id && F->all->docs[i].kind == kind &&
		    (state == 0 || F->all->docs[i].state == state))
			return &F->all->docs[i];
	fail_msg("no record of kind %u about %s", kind, subject);
	return NULL;
}

/* Send a request as role r; 0 on success, else the error code. */
static int
call(int r, uint32_t type, const void *body)
{
	struct envelope env;
	void *reply;
	int t = harness_call(&F->c[r], type, 0, body, &reply, &env, 10000), code;

	if (t < 0)
		fail_msg("%s: no reply to message %u", logins[r], type);
	code = t == MSG_ERROR ? (int)((struct error_body *)reply)->code : OK_;
	codec_body_free(&env, &reply);
	return code;
}

/* Check one row of the matrix. */
static void
row(const char *what, const int want[NROLES], int (*attempt)(int role))
{
	int bad = 0;

	for (int r = 0; r < NROLES; r++) {
		int got = attempt(r);

		if (got != want[r]) {
			print_error("%s as %s: got %s, want %s\n", what, logins[r],
			    got == OK_ ? "ok" : kh_err_name(got), want[r] == OK_ ? "ok" : kh_err_name(want[r]));
			bad++;
		}
	}
	if (bad)
		fail_msg("%s: %d of %d roles wrong", what, bad, NROLES);
}

#define D KH_ERR_DENIED
#define C KH_ERR_CONFLICT

/* ---- the rows ---- */

static int
try_sync(int r)
{
	struct sync_body b = { F->c[r].session, 0, 0, 0, 0 };

	return call(r, MSG_SYNC, &b);
}

static int
try_log_put(int r)
{
	struct log_put_body b = { F->c[r].session,
	    { .date = F->today, .content = "访问测试", .minutes = 30, .category = CAT_OTHER } };

	return call(r, MSG_LOG_PUT, &b);
}

/* zhangsan's entry: nobody else may change or delete it. */
static uint64_t zs_entry;

static int
try_log_edit_other(int r)
{
	struct log_put_body b = { F->c[r].session,
	    { .id = zs_entry, .version = 1, .date = F->today, .content = "改别人的", .minutes = 30,
	      .category = CAT_OTHER } };

	return call(r, MSG_LOG_PUT, &b);
}

static int
try_log_delete_other(int r)
{
	struct log_delete_body b = { F->c[r].session, zs_entry, 1 };

	return call(r, MSG_LOG_DELETE, &b);
}

static struct doc
monthly(uint64_t subject, uint32_t period)
{
	struct doc d = { .kind = DOC_MONTHLY, .subject = subject, .period = period };

	doc_field_set(&d, "duties", "履职");
	return d;
}

static int
try_monthly_self(int r)
{
	/* two months back has no record for any of these roles in the demo */
	uint32_t m = period_prev(period_prev(period_prev(period_prev(period_of_day(PERIOD_MONTH, F->today)))));
	struct doc_save_body b = { F->c[r].session, monthly(0, m) };
	int rc = call(r, MSG_DOC_SAVE, &b);

	schema_free(&doc_desc, &b.doc);
	return rc;
}

static int
try_monthly_other(int r)
{
	struct doc_save_body b = { F->c[r].session, monthly(user_id("wangwu"),
	    period_of_day(PERIOD_MONTH, F->today)) };
	int rc = call(r, MSG_DOC_SAVE, &b);

	schema_free(&doc_desc, &b.doc);
	return rc;
}

static int
try_quarterly(int r)
{
	struct doc_save_body b = { F->c[r].session, { .kind = DOC_QUARTERLY,
	    .subject = user_id("wangwu"), .period = period_of_day(PERIOD_QUARTER, F->today) } };

	return call(r, MSG_DOC_SAVE, &b);
}

static int
try_evaluation(int r)
{
	struct doc_save_body b = { F->c[r].session, { .kind = DOC_EVALUATION,
	    .subject = user_id("wangwu"), .period = period_of_day(PERIOD_QUARTER, F->today) } };

	return call(r, MSG_DOC_SAVE, &b);
}

static int
try_file(int r)
{
	const struct doc *d = find_doc("chenjing", DOC_MONTHLY, DOC_SUBMITTED);
	struct doc_act_body b = { .session = F->c[r].session, .id = d->id, .version = d->version,
	    .action = ACT_FILE, .comment = "已阅" };

	return call(r, MSG_DOC_ACT, &b);
}

static int
try_history(int r)
{
	const struct doc *d = find_doc("zhangsan", DOC_EVALUATION, 0);
	struct history_body b = { F->c[r].session, d->id };

	return call(r, MSG_HISTORY, &b);
}

static int
try_publish(int r)
{
	struct publish_body b = { F->c[r].session, F->all->units[0].id,
	    period_prev(period_of_day(PERIOD_QUARTER, F->today)) };

	return call(r, MSG_PUBLISH, &b);
}

static int
try_unit_put(int r)
{
	char name[64];
	snprintf(name, sizeof name, "测试科%d", r);
	struct unit_put_body b = { F->c[r].session, { .name = name, .kind = 2,
	    .parent = F->all->units[0].id } };

	return call(r, MSG_UNIT_PUT, &b);
}

static int
try_user_put(int r)
{
	char login[32];
	snprintf(login, sizeof login, "newuser%d", r);
	struct user_put_body b = { F->c[r].session, { .login = login, .display_name = "新同事",
	    .unit_id = F->all->units[0].id, .role = ROLE_STAFF }, "secret123" };

	return call(r, MSG_USER_PUT, &b);
}

static int
try_period_lock(int r)
{
	struct period_lock_body b = { F->c[r].session, 202001, true };

	return call(r, MSG_PERIOD_LOCK, &b);
}

static int
try_audit(int r)
{
	struct audit_list_body b = { F->c[r].session, 0, 10 };

	return call(r, MSG_AUDIT_LIST, &b);
}

static int
try_logout(int r)
{
	struct session_body b = { F->c[r].session };
	int rc = call(r, MSG_LOGOUT, &b);

	/* and the session is gone */
	if (rc == OK_ && try_sync(r) != KH_ERR_SESSION)
		return -1;
	return rc;
}

/* ---- scoring people ---- */

/* The person scored: 吴红, head of 业务科 (supervised by qianfang), a
 * middle manager and so a subject of yongqiao-2015. */
#define SUBJECT "wuhong"

static uint32_t
this_quarter(void)
{
	return period_of_day(PERIOD_QUARTER, F->today);
}

/* The request id of each role's last call. */
static uint64_t last_reqid[NROLES];

static int
try_score(int r, const char *part, uint32_t score)
{
	struct score_put_body b = { F->c[r].session, "yongqiao-2015", this_quarter(),
	    user_id(SUBJECT), (char *)part, score };
	int rc = call(r, MSG_SCORE_PUT, &b);

	last_reqid[r] = F->c[r].next_reqid - 1;
	return rc;
}

static int
try_score_work(int r)
{
	return try_score(r, "work", 8500);
}

static int
try_score_principal(int r)
{
	return try_score(r, "principal", 9000);
}

static int
try_score_leadership(int r)
{
	return try_score(r, "leadership", 8800);
}

static int
try_score_peer(int r)
{
	return try_score(r, "democratic", 8000 + 100 * (uint32_t)r);
}

static int
try_commend(int r)
{
	struct commend_put_body b = { F->c[r].session, { .plan = "yongqiao-2015",
	    .period = this_quarter(), .subject = user_id(SUBJECT), .work = "窗口服务",
	    .level = "district", .note = "" } };

	return call(r, MSG_COMMEND_PUT, &b);
}

/* SHEETS, and how many rows the reply has, in *rows (-1 if refused). */
static int sheet_rows[NROLES];

static int
try_sheets(int r)
{
	struct sheets_body b = { F->c[r].session, "yongqiao-2015", this_quarter(), 0 };
	struct envelope env;
	void *reply;
	int t = harness_call(&F->c[r], MSG_SHEETS, 0, &b, &reply, &env, 10000);

	if (t < 0)
		fail_msg("%s: no reply to SHEETS", logins[r]);
	sheet_rows[r] = t == MSG_SHEETS_REPLY ? (int)((struct sheets_reply_body *)reply)->rows_n : -1;
	t = t == MSG_ERROR ? (int)((struct error_body *)reply)->code : OK_;
	codec_body_free(&env, &reply);
	return t;
}

/* BALLOT: how many rows, and what it says of wuhong's sheet: bit 0 her
 * 民意测评 row is there and voted, bit 1 her principal row is there and
 * scored. */
static int ballot_rows[NROLES], ballot_zs[NROLES];

static int
try_ballot(int r)
{
	struct ballot_body b = { F->c[r].session, "yongqiao-2015", this_quarter() };
	struct envelope env;
	void *reply;
	int t = harness_call(&F->c[r], MSG_BALLOT, 0, &b, &reply, &env, 10000);

	if (t < 0)
		fail_msg("%s: no reply to BALLOT", logins[r]);
	ballot_rows[r] = -1;
	ballot_zs[r] = 0;
	if (t == MSG_BALLOT_REPLY) {
		const struct ballot_reply_body *rep = reply;

		ballot_rows[r] = (int)rep->rows_n;
		for (uint32_t i = 0; i < rep->rows_n; i++) {
			const struct ballot_row *w = &rep->rows[i];

			if (w->subject != user_id(SUBJECT))
				continue;
			if (strcmp(w->part, "democratic") == 0 && w->anonymous && w->voted)
				ballot_zs[r] |= 1;
			if (strcmp(w->part, "principal") == 0 && w->scored && w->score == 9000)
				ballot_zs[r] |= 2;
		}
	}
	t = t == MSG_ERROR ? (int)((struct error_body *)reply)->code : OK_;
	codec_body_free(&env, &reply);
	return t;
}

static int
try_results_publish(int r)
{
	struct results_publish_body b = { F->c[r].session, "yongqiao-2015", this_quarter(),
	    F->all->units[0].id };

	return call(r, MSG_RESULTS_PUBLISH, &b);
}

static void
be64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* Whether kaohed kept a reply memo for (user, reqid): read beside it. */
static bool
memo_kept(uint64_t user, uint64_t reqid)
{
	unsigned char k[17];
	MDB_env *env;
	MDB_txn *txn;
	MDB_dbi dbi;
	MDB_val kv = { 17, k }, v;
	bool kept;

	k[0] = 'q';
	be64(k + 1, user);
	be64(k + 9, reqid);
	assert_int_equal(mdb_env_create(&env), 0);
	assert_int_equal(mdb_env_set_maxdbs(env, 16), 0);
	assert_int_equal(mdb_env_open(env, F->srv.db, MDB_RDONLY, 0600), 0);
	assert_int_equal(mdb_txn_begin(env, NULL, MDB_RDONLY, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, "requests", 0, &dbi), 0);
	kept = mdb_get(txn, dbi, &kv, &v) == 0;
	mdb_txn_abort(txn);
	mdb_env_close(env);
	return kept;
}

/* Read the updates waiting on c's topic: how many carry subject's sheet,
 * and of them how many were made by no one (user 0: an anonymous vote). */
static int
sheet_updates(struct test_client *c, uint64_t user, uint64_t subject, int *anonymous)
{
	char topic[32];
	int n = 0;

	snprintf(topic, sizeof topic, "u%llu.", (unsigned long long)user);
	*anonymous = 0;
	for (;;) {
		struct envelope env;
		void *body;
		int t = harness_next_update(c, topic, &body, &env, 1500);

		if (t < 0)
			return n;
		if (t == MSG_UPDATE && ((struct change *)body)->sheet.subject == subject) {
			n++;
			*anonymous += ((struct change *)body)->user == 0;
		}
		codec_body_free(&env, &body);
	}
}

/*                                      staff head  sup   prin  lead  insp  admin orgdept */
static void
test_scoring(void **state)
{
	int anonymous;

	(void)state;
	/* the admin hears every change of wuhong's sheet; lisi, who votes,
	 * hears none of it */
	assert_int_equal(harness_subscribe(&F->c[ADMIN], user_id("admin")), 0);
	assert_int_equal(harness_subscribe(&F->c[STAFF], user_id("lisi")), 0);
	row("score: work results", (int[]){ D, D, D, D, D, D, OK_, D }, try_score_work);
	row("score: principal", (int[]){ D, D, D, OK_, D, D, D, D }, try_score_principal);
	uint64_t principal_reqid = last_reqid[PRINCIPAL];
	row("score: leadership", (int[]){ D, D, D, D, OK_, D, D, D }, try_score_leadership);
	row("score: democratic (peers)", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, D }, try_score_peer);
	uint64_t peer_reqid[NROLES];
	memcpy(peer_reqid, last_reqid, sizeof peer_reqid);
	row("score: a second vote", (int[]){ C, C, C, C, C, C, C, D }, try_score_peer);
	/* work, principal, leadership, then seven votes, made by no one */
	assert_int_equal(sheet_updates(&F->c[ADMIN], user_id("admin"), user_id(SUBJECT), &anonymous), 10);
	assert_int_equal(anonymous, 7);
	assert_int_equal(sheet_updates(&F->c[STAFF], user_id("lisi"), user_id(SUBJECT), &anonymous), 0);
	/* zhoujie, a middle manager too, does not score himself */
	struct score_put_body self = { F->c[HEAD].session, "yongqiao-2015", this_quarter(),
	    user_id("zhoujie"), "democratic", 10000 };
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&F->c[HEAD], MSG_SCORE_PUT, 0, &self, &reply, &env, 5000),
	    MSG_ERROR);
	assert_int_equal(((struct error_body *)reply)->code, KH_ERR_DENIED);
	codec_body_free(&env, &reply);
	/* zhangsan is staff: yongqiao-2015 assesses the middle managers only,
	 * and says so, for a score and for a commendation */
	struct score_put_body staff = { F->c[ADMIN].session, "yongqiao-2015", this_quarter(),
	    user_id("zhangsan"), "work", 9000 };
	assert_int_equal(harness_call(&F->c[ADMIN], MSG_SCORE_PUT, 0, &staff, &reply, &env, 5000),
	    MSG_ERROR);
	assert_int_equal(((struct error_body *)reply)->code, KH_ERR_INVALID);
	assert_string_equal(((struct error_body *)reply)->field, "subject");
	assert_string_equal(((struct error_body *)reply)->message,
	    "张三 不是本方案的考核对象（本方案考核：科室负责人）");
	codec_body_free(&env, &reply);
	struct commend_put_body cstaff = { F->c[ADMIN].session, { .plan = "yongqiao-2015",
	    .period = this_quarter(), .subject = user_id("zhangsan"), .work = "窗口服务",
	    .level = "district", .note = "" } };
	assert_int_equal(call(ADMIN, MSG_COMMEND_PUT, &cstaff), KH_ERR_INVALID);

	/* a vote leaves no reply memo (it would pair the voter with the
	 * tally's change); a named score does */
	assert_true(memo_kept(user_id("zhaoguo"), principal_reqid));
	for (int r = 0; r < ORGDEPT; r++)
		if (memo_kept(user_id(logins[r]), peer_reqid[r]))
			fail_msg("a reply memo was kept for %s's vote", logins[r]);
	/* the audit log names no voter */
	struct audit_list_body al = { F->c[ADMIN].session, 0, 200 };
	assert_int_equal(harness_call(&F->c[ADMIN], MSG_AUDIT_LIST, 0, &al, &reply, &env, 5000),
	    MSG_AUDIT_REPLY);
	const struct audit_reply_body *ar = reply;
	int peer_lines = 0;
	char mine[96], pname[48];
	period_word(this_quarter(), pname, sizeof pname);	/* the audit log's Chinese */
	snprintf(mine, sizeof mine, "吴红 %s", pname);	/* not the demo's last quarter */
	for (uint32_t i = 0; i < ar->lines_n; i++)
		if (strcmp(ar->lines[i].action, "score.peer") == 0) {
			/* every vote's line, the demo's too: no voter, no terminal */
			assert_int_equal(ar->lines[i].user, 0);
			assert_string_equal(ar->lines[i].workstation, "");
			peer_lines += strstr(ar->lines[i].detail, mine) != NULL;
		}
	assert_int_equal(peer_lines, 7);
	codec_body_free(&env, &reply);

	row("commendation", (int[]){ D, D, D, D, D, D, OK_, D }, try_commend);
	/* everyone may ask; each sees what they may: wuhong's sheet for the
	 * admin, the principal, the organisation department and her
	 * supervising leader, none for the others */
	row("sheets", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_sheets);
	static const int want_rows[NROLES] = { 0, 0, 1, 1, 0, 0, 1, 1 };
	for (int r = 0; r < NROLES; r++)
		if (sheet_rows[r] != want_rows[r])
			fail_msg("sheets as %s: %d rows, want %d", logins[r], sheet_rows[r], want_rows[r]);
	/* everyone may ask what they may score; the organisation department
	 * has nothing; each voter's ballot says they voted on wuhong, the
	 * principal's shows the score given */
	row("ballot", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_ballot);
	static const int want_zs[NROLES] = { 1, 1, 1, 3, 1, 1, 1, 0 };
	for (int r = 0; r < NROLES; r++)
		if (ballot_zs[r] != want_zs[r] || (r == ORGDEPT) != (ballot_rows[r] == 0))
			fail_msg("ballot as %s: %d rows, wuhong %d, want %d", logins[r],
			    ballot_rows[r], ballot_zs[r], want_zs[r]);
	row("publish results", (int[]){ D, D, D, D, D, D, OK_, D }, try_results_publish);
	row("score after publishing", (int[]){ D, D, D, D, D, D, D, D }, try_score_principal);
}

/*                                      staff head  sup   prin  lead  insp  admin orgdept */
static void
test_read_and_logs(void **state)
{
	(void)state;
	struct log_put_body b = { F->zs.session,
	    { .date = F->today, .content = "张三的日志", .minutes = 60, .category = CAT_DUTY } };
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&F->zs, MSG_LOG_PUT, 0, &b, &reply, &env, 5000), MSG_LOG_PUT_OK);
	zs_entry = ((struct log_put_ok_body *)reply)->entry.id;
	codec_body_free(&env, &reply);

	row("sync", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_sync);
	row("own log entry", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, D }, try_log_put);
	row("edit another's entry", (int[]){ D, D, D, D, D, D, D, D }, try_log_edit_other);
	row("delete another's entry", (int[]){ D, D, D, D, D, D, D, D }, try_log_delete_other);
}

static void
test_records(void **state)
{
	(void)state;
	row("own monthly record", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, D }, try_monthly_self);
	row("another's monthly record", (int[]){ D, D, D, D, D, D, D, D }, try_monthly_other);
	row("quarterly summary", (int[]){ D, OK_, D, D, D, D, D, D }, try_quarterly);
	row("evaluation", (int[]){ D, D, OK_, D, D, D, D, D }, try_evaluation);
	row("file a monthly record", (int[]){ D, D, OK_, D, D, D, D, D }, try_file);
	row("history of a colleague's record", (int[]){ D, OK_, OK_, OK_, D, D, OK_, OK_ }, try_history);
}

/* ---- points ledgers (950-952) ---- */

/* A free delegate entry of 1.00 for `person`, dated today, as role r; with
 * id, the id of an entry to change.  0 or the error code. */
static int
ledger_put(int r, const char *person, uint64_t id)
{
	struct ledger_put_body b = { F->c[r].session, { .id = id, .ledger = "delegate",
	    .person = user_id(person), .date = F->today, .points = 100, .item = "",
	    .reason = "参加党代表集中视察" } };

	return call(r, MSG_LEDGER_PUT, &b);
}

static int try_ledger_own_dept(int r) { return ledger_put(r, "zhangsan", 0); }
static int try_ledger_other_dept(int r) { return ledger_put(r, "chenjing", 0); }

/* The id of the newest entry of zhangsan's this quarter, as the admin
 * reads it; how many rows and entries each role's LEDGERS had. */
static int ledger_rows[NROLES], ledger_entries[NROLES];

static int
ledgers(int r, uint64_t person, uint64_t *newest)
{
	struct ledgers_body b = { F->c[r].session, "delegate", period_of_day(PERIOD_QUARTER, F->today),
	    0, person };
	struct envelope env;
	void *reply;
	int t = harness_call(&F->c[r], MSG_LEDGERS, 0, &b, &reply, &env, 10000);

	if (t < 0)
		fail_msg("%s: no reply to LEDGERS", logins[r]);
	ledger_rows[r] = ledger_entries[r] = -1;
	if (t == MSG_LEDGERS_REPLY) {
		const struct ledgers_reply_body *rep = reply;

		ledger_rows[r] = (int)rep->rows_n;
		ledger_entries[r] = (int)rep->entries_n;
		if (newest != NULL && rep->entries_n > 0)
			*newest = rep->entries[rep->entries_n - 1].id;
	}
	t = t == MSG_ERROR ? (int)((struct error_body *)reply)->code : OK_;
	codec_body_free(&env, &reply);
	return t;
}

static int try_ledgers(int r) { return ledgers(r, 0, NULL); }
static int try_ledgers_zhangsan(int r) { return ledgers(r, user_id("zhangsan"), NULL); }

/* A fresh entry of zhangsan's (by the admin), then delete it as r. */
static int
try_ledger_delete(int r)
{
	uint64_t id = 0;

	assert_int_equal(ledger_put(ADMIN, "zhangsan", 0), OK_);
	assert_int_equal(ledgers(ADMIN, user_id("zhangsan"), &id), OK_);
	struct ledger_delete_body b = { F->c[r].session, id };
	int rc = call(r, MSG_LEDGER_DELETE, &b);

	if (rc != OK_)		/* tidy up, for the next role's count */
		assert_int_equal(call(ADMIN, MSG_LEDGER_DELETE,
		    &(struct ledger_delete_body){ F->c[ADMIN].session, id }), OK_);
	return rc;
}

/*                                      staff head  sup   prin  lead  insp  admin orgdept */
static void
test_ledgers(void **state)
{
	(void)state;
	/* the admin for anyone, zhoujie for 综合科 only */
	row("ledger: entry for 综合科", (int[]){ D, OK_, D, D, D, D, OK_, D }, try_ledger_own_dept);
	row("ledger: entry for 业务科", (int[]){ D, D, D, D, D, D, OK_, D }, try_ledger_other_dept);
	row("ledger: delete", (int[]){ D, OK_, D, D, D, D, OK_, D }, try_ledger_delete);
	/* everyone may ask for the ranking, and sees whom they may see */
	row("ledgers", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_ledgers);
	for (int r = 0; r < NROLES; r++)
		if ((ledger_rows[r] > 0) != (r != LEADER && r != INSPECTOR && r != STAFF))
			fail_msg("ledgers as %s: %d rows", logins[r], ledger_rows[r]);
	/* zhangsan's entries: those who may see his records; the two this
	 * test entered (zhoujie's and the admin's 1.00) and the demo's */
	row("ledgers: zhangsan's entries", (int[]){ D, OK_, OK_, OK_, D, D, OK_, OK_ },
	    try_ledgers_zhangsan);
	if (ledger_entries[ADMIN] < 2)
		fail_msg("zhangsan's entries: %d, want at least 2", ledger_entries[ADMIN]);
}

/* ---- scoring organisations (900-908) ----
 *
 * wenzhou-rubric (机关部门: 综合科, 业务科, 人事科, 区农业农村局) in last
 * year, a period of its annual cycle that has begun and that the demo
 * (server/demo-orgs.c, this year) leaves empty; community-checklist's
 * monthly spot check under 城关区委 this month.  zhoujie heads 综合科;
 * lisi is one of its members; the others' units are the office. */
#define ORG_PLAN "wenzhou-rubric"

static uint32_t
last_year(void)
{
	return period_make(PERIOD_YEAR, (int)(F->today / 10000) - 1, 0);
}

static uint64_t
unit_named(const char *name)
{
	for (uint32_t i = 0; i < F->all->units_n; i++)
		if (strcmp(F->all->units[i].name, name) == 0)
			return F->all->units[i].id;
	fail_msg("no demo unit %s", name);
	return 0;
}

static int
self_put(int r, const char *unit, const char *item, uint32_t self)
{
	struct self_put_body b = { F->c[r].session, ORG_PLAN, last_year(), unit_named(unit),
	    (char *)item, self, false };

	return call(r, MSG_SELF_PUT, &b);
}

static int try_self_own(int r) { return self_put(r, "综合科", "1.1", 400); }
static int try_self_other(int r) { return self_put(r, "业务科", "1.1", 400); }

/* Every item of the rubric at its standard, by the admin: 100.00. */
static void
self_full(const char *unit)
{
	static const struct { const char *item; uint32_t standard; } items[] = {
		{ "1.1", 500 }, { "1.2", 500 }, { "1.3", 500 }, { "1.4", 500 }, { "2.1", 1000 },
		{ "2.2", 500 }, { "2.3", 500 }, { "3.1", 1000 }, { "3.2", 1000 }, { "3.3", 1500 },
		{ "3.4", 1000 }, { "3.5", 1000 }, { "3.6", 500 },
	};

	for (size_t i = 0; i < nitems(items); i++)
		assert_int_equal(self_put(ADMIN, unit, items[i].item, items[i].standard), OK_);
}

/* A finding on 综合科's 1.1 as role r; *id the new finding's, from the
 * OK's change as the inspector reads it back. */
static int
finding_put(int r, uint64_t id)
{
	struct finding_put_body b = { F->c[r].session, ORG_PLAN, last_year(), unit_named("综合科"),
	    { .id = id, .item = "1.1", .rule = "study-missed-session", .count = 1,
	      .evidence = "查阅中心组学习记录：全年集中学习5次，缺1次" } };

	return call(r, MSG_FINDING_PUT, &b);
}

static int try_finding_put(int r) { return finding_put(r, 0); }

/* 综合科's sheet as role r reads it (RUBRIC_SHEETS with unit_id); the
 * reply's sheet copied out, or the error code. */
static int
org_sheet(int r, const char *unit, uint32_t *rows, struct rubric_sheet *out)
{
	struct rubric_sheets_body b = { F->c[r].session, ORG_PLAN, last_year(),
	    unit != NULL ? unit_named(unit) : 0, "" };
	struct envelope env;
	void *reply;
	int t = harness_call(&F->c[r], MSG_RUBRIC_SHEETS, 0, &b, &reply, &env, 10000);

	if (t < 0)
		fail_msg("%s: no reply to RUBRIC_SHEETS", logins[r]);
	if (t == MSG_RUBRIC_SHEETS_REPLY) {
		const struct rubric_sheets_reply_body *rep = reply;

		if (rows != NULL)
			*rows = rep->rows_n;
		if (out != NULL)
			schema_copy(&rubric_sheet_desc, out, &rep->sheet);
	}
	t = t == MSG_ERROR ? (int)((struct error_body *)reply)->code : OK_;
	codec_body_free(&env, &reply);
	return t;
}

/* The id of the newest finding on 综合科's 1.1. */
static uint64_t
newest_finding(void)
{
	struct rubric_sheet s;
	uint64_t id = 0;

	assert_int_equal(org_sheet(INSPECTOR, "综合科", NULL, &s), OK_);
	for (uint32_t i = 0; i < s.items_n; i++)
		for (uint32_t j = 0; j < s.items[i].findings_n; j++)
			if (s.items[i].findings[j].id > id)
				id = s.items[i].findings[j].id;
	schema_free(&rubric_sheet_desc, &s);
	return id;
}

/* A fresh finding by the inspector, then delete it as r (tidied up by the
 * inspector when r may not). */
static int
try_finding_delete(int r)
{
	assert_int_equal(finding_put(INSPECTOR, 0), OK_);
	struct finding_delete_body b = { F->c[r].session, ORG_PLAN, last_year(),
	    unit_named("综合科"), newest_finding() };
	int rc = call(r, MSG_FINDING_DELETE, &b);

	if (rc != OK_) {
		b.session = F->c[INSPECTOR].session;
		assert_int_equal(call(INSPECTOR, MSG_FINDING_DELETE, &b), OK_);
	}
	return rc;
}

static int
rubric_act(int r, const char *unit, uint32_t action)
{
	struct rubric_act_body b = { F->c[r].session, ORG_PLAN, last_year(), unit_named(unit),
	    action };

	return call(r, MSG_RUBRIC_ACT, &b);
}

static int try_apply_own(int r) { return rubric_act(r, "综合科", 1); }
static int try_apply_other(int r) { return rubric_act(r, "业务科", 1); }
static int try_check(int r) { return rubric_act(r, "综合科", 2); }
static int try_reopen(int r) { return rubric_act(r, "综合科", 3); }

/* RUBRIC_SHEETS: rows the reply had, per role. */
static uint32_t org_rows[NROLES];

static int try_org_sheets(int r) { return org_sheet(r, NULL, &org_rows[r], NULL); }
static int try_org_sheet_own(int r) { return org_sheet(r, "综合科", NULL, NULL); }
static int try_org_sheet_other(int r) { return org_sheet(r, "业务科", NULL, NULL); }

/* RECTIFY_ACT as r on notice id (issue when id is 0, on 综合科). */
static int
rectify(int r, uint32_t action, uint64_t id, uint32_t deadline_days)
{
	struct rectify_act_body b = { F->c[r].session, action, { .id = id, .plan = ORG_PLAN,
	    .period = last_year(), .unit_id = unit_named("综合科"), .item = "1.1",
	    .problem = "中心组学习缺1次：补学并完善学习记录",
	    .deadline = day_add(F->today, (int)deadline_days), .response = "已补学一次，记录已归档",
	    .review = "复查：学习记录已补齐" } };

	return call(r, MSG_RECTIFY_ACT, &b);
}

/* The id of the newest notice of 综合科 last year, as the admin sees. */
static uint64_t
newest_notice(void)
{
	struct rubric_sheets_body b = { F->c[ADMIN].session, ORG_PLAN, last_year(),
	    unit_named("综合科"), "" };
	struct envelope env;
	void *reply;
	uint64_t id = 0;

	assert_int_equal(harness_call(&F->c[ADMIN], MSG_RUBRIC_SHEETS, 0, &b, &reply, &env, 10000),
	    MSG_RUBRIC_SHEETS_REPLY);
	const struct rubric_sheets_reply_body *rep = reply;
	for (uint32_t i = 0; i < rep->notices_n; i++)
		if (rep->notices[i].id > id)
			id = rep->notices[i].id;
	codec_body_free(&env, &reply);
	return id;
}

static int try_issue(int r) { return rectify(r, 1, 0, 30); }

/* A fresh notice (issued by the inspector, and for close / review answered
 * by the admin), then the step as r. */
static int
notice_step(int r, uint32_t action)
{
	assert_int_equal(rectify(INSPECTOR, 1, 0, 30), OK_);
	uint64_t id = newest_notice();
	if (action != 2)
		assert_int_equal(rectify(ADMIN, 2, id, 0), OK_);
	return rectify(r, action, id, 60);
}

static int try_answer(int r) { return notice_step(r, 2); }
static int try_close(int r) { return notice_step(r, 3); }
static int try_review(int r) { return notice_step(r, 4); }

static int
try_draw(int r)
{
	struct sample_draw_body b = { F->c[r].session, "community-checklist",
	    period_of_day(PERIOD_MONTH, F->today), unit_named("城关区委"), 7 };

	return call(r, MSG_SAMPLE_DRAW, &b);
}

/*                                      staff head  sup   prin  lead  insp  admin orgdept */
static void
test_organisations(void **state)
{
	(void)state;
	/* the unit's head for its own unit, the admin for any */
	row("org: self-check, own unit", (int[]){ D, OK_, D, D, D, D, OK_, D }, try_self_own);
	row("org: self-check, another unit", (int[]){ D, D, D, D, D, D, OK_, D }, try_self_other);
	/* findings: the inspector only; the admin sets up, and does not inspect */
	row("org: finding", (int[]){ D, D, D, D, D, OK_, D, D }, try_finding_put);
	row("org: delete a finding", (int[]){ D, D, D, D, D, OK_, D, D }, try_finding_delete);
	/* apply: every item self-checked (100.00 >= 90); zhoujie applies for
	 * 综合科 first, so the admin's second application is a conflict */
	self_full("综合科");
	self_full("业务科");
	row("org: apply, 综合科", (int[]){ D, OK_, D, D, D, D, C, D }, try_apply_own);
	row("org: apply, 业务科", (int[]){ D, D, D, D, D, D, OK_, D }, try_apply_other);
	row("org: self-check once applied", (int[]){ D, D, D, D, D, D, D, D }, try_self_own);
	row("org: check", (int[]){ D, D, D, D, D, OK_, D, D }, try_check);
	row("org: finding on a checked sheet", (int[]){ D, D, D, D, D, D, D, D }, try_finding_put);
	row("org: reopen", (int[]){ D, D, D, D, D, OK_, D, D }, try_reopen);
	/* 综合科 by hand: self 100.00; the one finding kept, 1.1
	 * study-missed-session x1 = 2.00: 100 - 2 = 98.00 */
	struct rubric_sheet s;
	assert_int_equal(org_sheet(ADMIN, "综合科", NULL, &s), OK_);
	assert_int_equal(s.self_total, 10000);
	assert_int_equal(s.total, 9800);
	assert_int_equal(s.findings, 1);
	assert_true(s.applied);
	assert_false(s.checked);
	schema_free(&rubric_sheet_desc, &s);

	/* reading: everyone may ask; a unit's members see their own unit's
	 * row, those who inspect or see all the 4 units wenzhou assesses */
	row("org: sheets", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_org_sheets);
	static const uint32_t want_rows[NROLES] = { 1, 1, 0, 4, 0, 4, 4, 4 };
	for (int r = 0; r < NROLES; r++)
		if (org_rows[r] != want_rows[r])
			fail_msg("rubric sheets as %s: %u rows, want %u", logins[r], org_rows[r],
			    want_rows[r]);
	row("org: own unit's sheet", (int[]){ OK_, OK_, D, OK_, D, OK_, OK_, OK_ }, try_org_sheet_own);
	row("org: another unit's sheet", (int[]){ D, D, D, OK_, D, OK_, OK_, OK_ },
	    try_org_sheet_other);

	/* notices: the inspector issues, closes, sends back; the unit's head
	 * or the admin answers */
	row("org: issue a notice", (int[]){ D, D, D, D, D, OK_, D, D }, try_issue);
	row("org: answer a notice", (int[]){ D, OK_, D, D, D, D, OK_, D }, try_answer);
	row("org: close a notice", (int[]){ D, D, D, D, D, OK_, D, D }, try_close);
	row("org: review a notice again", (int[]){ D, D, D, D, D, OK_, D, D }, try_review);
	/* the last notice was left answered (the organisation department
	 * could not close it): closed once, then a conflict */
	uint64_t last = newest_notice();
	assert_int_equal(rectify(INSPECTOR, 3, last, 0), OK_);
	assert_int_equal(rectify(INSPECTOR, 3, last, 0), C);
	/* spot checks: the inspector or the admin */
	row("org: spot-check draw", (int[]){ D, D, D, D, D, OK_, OK_, D }, try_draw);
}

static void
test_administration(void **state)
{
	(void)state;
	row("publish", (int[]){ D, D, D, D, D, D, OK_, D }, try_publish);
	row("unit", (int[]){ D, D, D, D, D, D, OK_, D }, try_unit_put);
	row("account", (int[]){ D, D, D, D, D, D, OK_, D }, try_user_put);
	row("period lock", (int[]){ D, D, D, D, D, D, OK_, D }, try_period_lock);
	row("audit log", (int[]){ D, D, D, D, D, D, OK_, D }, try_audit);
	row("logout", (int[]){ OK_, OK_, OK_, OK_, OK_, OK_, OK_, OK_ }, try_logout);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_and_logs),
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_scoring),
		cmocka_unit_test(test_ledgers),
		cmocka_unit_test(test_organisations),
		cmocka_unit_test(test_administration),
	};

	return cmocka_run_group_tests_name("access", tests, setup, teardown);
}
