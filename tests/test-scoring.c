/*
 * test-scoring.c: scoring people against a plan in the store
 * (server/score-ops.c): who may score which part, named scores, the
 * anonymous 民意测评 and its secrecy, commendations at the highest level
 * only, composites and grades worked by hand, ranks with ties, the 优秀
 * quota, publishing, locked periods, and a plan imported again.
 *
 * The plans are the shipped files schema/plans/yongqiao-2015.yaml (40 work
 * by the admin, adjusted by commendations 1/3/5/10; 30 principal; 10
 * leadership mean; 20 democratic, peers, anonymous; bands 90/80/60; no
 * quota; cycle monthly, quarterly, evaluation) and hanjiang-2015.yaml (one
 * score by the admin; 优秀 held to 15%, rounded down; cycle daily, monthly,
 * quarterly, half-year).
 *
 * The office: 机关 (root) with departments A (supervised by s1) and B
 * (supervised by s2).  A: head 张三 (HA, the middle manager of the worked
 * example) and staff 甲一 甲二 甲三; B: head 李四 (HB) and staff 乙一 乙二.
 * At the root: admin, principal, leaders l1 l2, supervisors, the
 * organisation department.  User ids start at 7340001, so that an id is a
 * byte pattern the secrecy scan cannot mistake.  Today is 2026-11-22.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/util.h"
#include "server/calendar.h"
#include "server/doc-ops.h"
#include "server/org.h"
#include "server/plan-load.h"
#include "server/plan-store.h"
#include "server/score-ops.h"
#include "server/store.h"
#include "office-fixture.h"
#include "store-fixture.h"
#include "i18n-fixture.h"

#define TODAY	20261122u
#define Q3	202623u		/* begun */
#define Q4	202624u		/* today's quarter */
#define H1	202631u		/* hanjiang's half-year */
#define YQ	"yongqiao-2015"
#define HJ	"hanjiang-2015"
#define FIRST_ID 7340000u

enum { AD, P, L1, L2, S1, S2, OD, HA, A1, A2, A3, HB, B1, B2, NPEOPLE };

static const struct office_person who[NPEOPLE] = {
	[AD] = { "ad", "周敏", ROLE_ADMIN, 0 }, [P] = { "p", "赵国强", ROLE_PRINCIPAL, 0 },
	[L1] = { "l1", "李华", ROLE_LEADER_MEMBER, 0 }, [L2] = { "l2", "王平", ROLE_LEADER_MEMBER, 0 },
	[S1] = { "s1", "钱芳", ROLE_SUPERVISOR, 0 }, [S2] = { "s2", "孙伟", ROLE_SUPERVISOR, 0 },
	[OD] = { "od", "罗敏", ROLE_ORG_DEPT, 0 },
	[HA] = { "ha", "张三", ROLE_DEPT_HEAD, 1 }, [A1] = { "a1", "甲一", ROLE_STAFF, 1 },
	[A2] = { "a2", "甲二", ROLE_STAFF, 1 }, [A3] = { "a3", "甲三", ROLE_STAFF, 1 },
	[HB] = { "hb", "李四", ROLE_DEPT_HEAD, 2 }, [B1] = { "b1", "乙一", ROLE_STAFF, 2 },
	[B2] = { "b2", "乙二", ROLE_STAFF, 2 },
};

struct fx {
	struct store_fixture fix;
	struct user_rec	 u[NPEOPLE];
	struct office	 o;
	struct calendar	 cal;
	uint64_t	 reqid;
};

static struct fx *F;
static struct codec_error last;

static void
import_plan(struct wtx *w, const char *path, struct plan *keep)
{
	struct import_report r = { 0 };
	struct plan_problems pp = { 0 };
	struct plan p;

	if (plan_load(path, &p, &r) != 0)
		fail_msg("%s: %s", path, r.n > 0 ? r.messages[0] : "?");
	import_report_free(&r);
	assert_int_equal(plan_check(&p, &pp), 0);
	plan_problems_free(&pp);
	assert_int_equal(plan_store_import(w, &p), 0);
	if (keep != NULL)
		*keep = p;
	else
		schema_free(&plan_desc, &p);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct wtx w;

	if (store_fixture_open(&f->fix, "scoring") != 0 || store_write_begin(f->fix.st, &w) != 0)
		return -1;
	/* ids far from any score, so the secrecy scan cannot confuse them */
	w.last_user = FIRST_ID;
	office_build(&w, &f->o, who, NPEOPLE, S1, S2, f->u);
	import_plan(&w, "schema/plans/yongqiao-2015.yaml", NULL);
	import_plan(&w, "schema/plans/hanjiang-2015.yaml", NULL);
	assert_int_equal(store_write_commit(&w), 0);
	f->reqid = 1000;
	F = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc = office_fixture_close(&f->fix, f->u, NPEOPLE);

	free(f);
	return rc;
}

/* ---- shortcuts: each write in its own committed transaction ---- */

/* Begin a write as kaohed's dispatcher would for `as`. */
static void
begin(struct wtx *w, int as)
{
	assert_int_equal(store_write_begin(F->fix.st, w), 0);
	w->actor = F->u[as].id;
	w->workstation = "pc-test";
}

/* Score as `as`; 0 or the error code.  reqid 0: a new request.  With keep,
 * the changes published are handed back. */
static int
score_req(int as, const char *plan, uint32_t period, int subject, const char *part, uint32_t score,
    uint64_t reqid, struct pubs *keep)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct score_put_body b = { .plan = (char *)plan, .period = period,
	    .subject = F->u[subject].id, .part = (char *)part, .score = score };
	struct pubs pubs = { 0 };
	bool anonymous;
	struct wtx w;
	int rc;

	begin(&w, as);
	rc = scoreop_put(&w, &a, &b, reqid != 0 ? reqid : ++F->reqid, &anonymous, &pubs, &last);
	if (rc != 0) {
		pubs_free(&pubs);
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	if (keep != NULL)
		*keep = pubs;
	else
		pubs_free(&pubs);
	return 0;
}

static int
score(int as, const char *plan, uint32_t period, int subject, const char *part, uint32_t v)
{
	return score_req(as, plan, period, subject, part, v, 0, NULL);
}

static int
commend(int as, uint32_t period, int subject, const char *work, const char *level, bool criticism,
    uint64_t *id)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct commendation_rec c = { .plan = YQ, .period = period, .subject = F->u[subject].id,
	    .work = (char *)work, .level = (char *)level, .criticism = criticism, .note = "" };
	struct pubs pubs = { 0 };
	uint64_t got;
	struct wtx w;
	int rc;

	begin(&w, as);
	rc = scoreop_commend_put(&w, &a, &c, id != NULL ? id : &got, &pubs, &last);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

static int
uncommend(int as, uint64_t id)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct pubs pubs = { 0 };
	struct wtx w;
	int rc;

	begin(&w, as);
	rc = scoreop_commend_delete(&w, &a, id, &pubs, &last);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

static int
publish(int as, const char *plan, uint32_t period, uint64_t unit, uint32_t *count)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct pubs pubs = { 0 };
	uint32_t n;
	struct wtx w;
	int rc;

	begin(&w, as);
	rc = scoreop_publish(&w, &a, plan, period, unit, count != NULL ? count : &n, &pubs, &last);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

static void
lock(uint32_t period)
{
	struct wtx w;

	begin(&w, AD);
	assert_int_equal(period_set_lock(&w, period, true, F->u[AD].id), 0);
	assert_int_equal(store_write_commit(&w), 0);
}

static struct sheet
sheet_of(const char *plan, uint32_t period, int subject)
{
	struct sheet s;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(scoreop_sheet_get(txn, F->fix.st, plan, period, F->u[subject].id, &s), 0);
	mdb_txn_abort(txn);
	return s;
}

static struct sheets_reply_body
sheets_as(int as, const char *plan, uint32_t period, uint64_t unit)
{
	struct sheets_reply_body rep;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	if (scoreop_sheets(txn, F->fix.st, &F->u[as], plan, period, unit, &rep, &last) != 0)
		fail_msg("sheets: %s", last.message);
	mdb_txn_abort(txn);
	return rep;
}

static const struct sheet_row *
row_of(const struct sheets_reply_body *rep, int subject)
{
	for (uint32_t i = 0; i < rep->rows_n; i++)
		if (rep->rows[i].subject == F->u[subject].id)
			return &rep->rows[i];
	return NULL;
}

/* The worked example's inputs for 张三 in a period, but for commendations:
 * work 85, principal 90, leaders 88 and 92, peers 80, 85, 90, 86. */
static void
example_scores(uint32_t period)
{
	assert_int_equal(score(AD, YQ, period, HA, "work", 8500), 0);
	assert_int_equal(score(P, YQ, period, HA, "principal", 9000), 0);
	assert_int_equal(score(L1, YQ, period, HA, "leadership", 8800), 0);
	assert_int_equal(score(L2, YQ, period, HA, "leadership", 9200), 0);
	assert_int_equal(score(A1, YQ, period, HA, "democratic", 8000), 0);
	assert_int_equal(score(A2, YQ, period, HA, "democratic", 8500), 0);
	assert_int_equal(score(B1, YQ, period, HA, "democratic", 9000), 0);
	assert_int_equal(score(B2, YQ, period, HA, "democratic", 8600), 0);
}

/* ---- tests ---- */

static void
test_who_scores_what(void **state)
{
	(void)state;
	/* work: the leading group, entered by the admin */
	assert_int_equal(score(P, YQ, Q3, HA, "work", 8500), KH_ERR_DENIED);
	assert_string_equal(last.field, "part");
	assert_int_equal(score(AD, YQ, Q3, HA, "work", 8500), 0);
	/* principal: the principal leader only */
	assert_int_equal(score(L1, YQ, Q3, HA, "principal", 9000), KH_ERR_DENIED);
	assert_int_equal(score(S1, YQ, Q3, HA, "principal", 9000), KH_ERR_DENIED);
	assert_int_equal(score(P, YQ, Q3, HA, "principal", 9000), 0);
	/* leadership: leadership-team members */
	assert_int_equal(score(P, YQ, Q3, HA, "leadership", 9000), KH_ERR_DENIED);
	assert_int_equal(score(L1, YQ, Q3, HA, "leadership", 8800), 0);
	/* democratic: anyone but the person and the organisation department */
	assert_int_equal(score(HA, YQ, Q3, HA, "democratic", 10000), KH_ERR_DENIED);
	assert_string_equal(last.field, "subject");
	assert_int_equal(score(OD, YQ, Q3, HA, "democratic", 8000), KH_ERR_DENIED);
	assert_int_equal(score(S2, YQ, Q3, HA, "democratic", 8000), 0);
	assert_int_equal(score(AD, YQ, Q3, HA, "democratic", 8000), 0);
	/* yongqiao-2015 assesses the middle managers (科室负责人) only: staff, the
	 * leadership and the principal are refused, by name, for every part */
	assert_int_equal(score(AD, YQ, Q3, A1, "work", 9000), KH_ERR_INVALID);
	assert_string_equal(last.field, "subject");
	assert_string_equal(last.message, "甲一 不是本方案的考核对象（本方案考核：科室负责人）");
	assert_int_equal(score(B1, YQ, Q3, A1, "democratic", 9000), KH_ERR_INVALID);
	assert_int_equal(score(L1, YQ, Q3, L1, "leadership", 9000), KH_ERR_INVALID);
	assert_int_equal(score(L2, YQ, Q3, P, "leadership", 9000), KH_ERR_INVALID);
	assert_int_equal(commend(AD, Q3, A1, "窗口服务", "city", false, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "subject");
	assert_non_null(strstr(last.message, "不是本方案的考核对象"));
	/* hanjiang-2015 assesses staff and department heads, not the leadership */
	assert_int_equal(score(AD, HJ, H1, A1, "halfyear", 9000), 0);
	assert_int_equal(score(AD, HJ, H1, S1, "halfyear", 9000), KH_ERR_INVALID);
	assert_string_equal(last.message, "钱芳 不是本方案的考核对象（本方案考核：工作人员、科室负责人）");
	/* nobody scores themselves, even in their own role */
	assert_int_equal(score(HA, YQ, Q3, HA, "leadership", 9000), KH_ERR_DENIED);
	/* the organisation department is not assessed */
	assert_int_equal(score(AD, YQ, Q3, OD, "work", 9000), KH_ERR_INVALID);
	/* what the plan does not have */
	assert_int_equal(score(AD, YQ, Q3, HA, "attendance", 9000), KH_ERR_INVALID);
	assert_string_equal(last.field, "part");
	assert_int_equal(score(AD, "no-such-plan", Q3, HA, "work", 9000), KH_ERR_NOT_FOUND);
	assert_int_equal(score(AD, YQ, Q3, HA, "work", 10001), KH_ERR_INVALID);
	/* periods: of the plan's cycle (yongqiao: months and quarters), begun */
	assert_int_equal(score(AD, YQ, H1, HA, "work", 9000), KH_ERR_INVALID);
	assert_string_equal(last.field, "period");
	assert_int_equal(score(AD, YQ, 202611, HA, "work", 9000), 0);
	assert_int_equal(score(AD, YQ, 202712, HA, "work", 9000), KH_ERR_INVALID);
	assert_int_equal(score(AD, HJ, H1, HA, "halfyear", 9000), 0);
	/* an organisations plan scores no person */
	struct wtx w;
	begin(&w, AD);
	import_plan(&w, "schema/plans/wenzhou-rubric.yaml", NULL);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(score(AD, "wenzhou-rubric", Q3, HA, "work", 9000), KH_ERR_INVALID);
	assert_string_equal(last.field, "plan");
}

static struct ballot_reply_body
ballot_as(int as, const char *plan, uint32_t period)
{
	struct ballot_reply_body rep;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	if (scoreop_ballot(txn, F->fix.st, &F->u[as], TODAY, plan, period, &rep, &last) != 0)
		fail_msg("ballot: %s", last.message);
	mdb_txn_abort(txn);
	return rep;
}

/* The row of the ballot for (subject, part), or NULL. */
static const struct ballot_row *
ballot_find(const struct ballot_reply_body *rep, int subject, const char *part)
{
	for (uint32_t i = 0; i < rep->rows_n; i++)
		if (rep->rows[i].subject == F->u[subject].id && strcmp(rep->rows[i].part, part) == 0)
			return &rep->rows[i];
	return NULL;
}

/* The ballot lists exactly what SCORE_PUT would take from its reader. */
static void
test_ballot(void **state)
{
	struct ballot_reply_body rep;

	(void)state;
	/* a peer: every middle manager (the plan's subjects: HA and HB, not
	 * the staff, the leadership or the organisation department), in the
	 * anonymous 民意测评 only */
	rep = ballot_as(A1, YQ, Q4);
	assert_string_equal(rep.plan, YQ);
	assert_int_equal(rep.period, Q4);
	assert_true(rep.open);
	assert_int_equal(rep.raters_n, 4);
	assert_int_equal(rep.levels_n, 4);
	assert_int_equal(rep.plans_n, 2);
	assert_int_equal(rep.rows_n, 2);
	for (uint32_t i = 0; i < rep.rows_n; i++) {
		assert_string_equal(rep.rows[i].part, "democratic");
		assert_true(rep.rows[i].anonymous);
		assert_false(rep.rows[i].voted);
	}
	assert_null(ballot_find(&rep, A1, "democratic"));
	assert_null(ballot_find(&rep, A2, "democratic"));
	assert_null(ballot_find(&rep, L1, "democratic"));
	assert_null(ballot_find(&rep, OD, "democratic"));
	schema_free(&ballot_reply_body_desc, &rep);

	/* every row is a score SCORE_PUT takes, and after the vote it says so */
	assert_int_equal(score(A1, YQ, Q4, HA, "democratic", 8000), 0);
	rep = ballot_as(A1, YQ, Q4);
	assert_true(ballot_find(&rep, HA, "democratic")->voted);
	assert_false(ballot_find(&rep, HB, "democratic")->voted);
	schema_free(&ballot_reply_body_desc, &rep);
	/* ... for its voter only */
	rep = ballot_as(A2, YQ, Q4);
	assert_false(ballot_find(&rep, HA, "democratic")->voted);
	schema_free(&ballot_reply_body_desc, &rep);

	/* the principal: the principal part of each middle manager, and the
	 * peers': 2 parts x 2 people */
	assert_int_equal(score(P, YQ, Q4, HA, "principal", 9000), 0);
	rep = ballot_as(P, YQ, Q4);
	assert_int_equal(rep.rows_n, 4);
	assert_null(ballot_find(&rep, P, "principal"));
	assert_null(ballot_find(&rep, HA, "leadership"));
	assert_true(ballot_find(&rep, HA, "principal")->scored);
	assert_int_equal(ballot_find(&rep, HA, "principal")->score, 9000);
	assert_false(ballot_find(&rep, HB, "principal")->scored);
	schema_free(&ballot_reply_body_desc, &rep);

	/* the admin: the work results too; the organisation department: nothing */
	rep = ballot_as(AD, YQ, Q4);
	assert_non_null(ballot_find(&rep, HA, "work"));
	assert_null(ballot_find(&rep, HA, "principal"));
	schema_free(&ballot_reply_body_desc, &rep);
	rep = ballot_as(OD, YQ, Q4);
	assert_true(rep.open);
	assert_int_equal(rep.rows_n, 0);
	schema_free(&ballot_reply_body_desc, &rep);

	/* the defaults: the first people plan (hanjiang), today's quarter */
	rep = ballot_as(A1, "", 0);
	assert_string_equal(rep.plan, HJ);
	assert_int_equal(rep.period, Q4);
	schema_free(&ballot_reply_body_desc, &rep);

	/* a period that takes no scores: no rows, and why */
	lock(Q3);
	rep = ballot_as(AD, YQ, Q3);
	assert_false(rep.open);
	assert_int_equal(rep.rows_n, 0);
	assert_non_null(strstr(rep.why, "已关闭"));
	schema_free(&ballot_reply_body_desc, &rep);
	rep = ballot_as(AD, YQ, H1);
	assert_false(rep.open);
	schema_free(&ballot_reply_body_desc, &rep);

	/* once published, a row says so */
	for (int i = HA; i < NPEOPLE; i++)	/* hanjiang's subjects: staff, heads */
		assert_int_equal(score(AD, HJ, H1, i, "halfyear", 8000), 0);
	assert_int_equal(publish(AD, HJ, H1, F->o.root, NULL), 0);
	rep = ballot_as(AD, HJ, H1);
	assert_true(ballot_find(&rep, HA, "halfyear")->published);
	assert_true(ballot_find(&rep, HA, "halfyear")->scored);
	schema_free(&ballot_reply_body_desc, &rep);
}

static void
test_worked_example(void **state)
{
	uint64_t criticism;
	struct sheet s;

	(void)state;
	/* work 85 alone: a part of one score, no composite yet */
	assert_int_equal(score(AD, YQ, Q3, HA, "work", 8500), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.plan_version, 1);
	assert_int_equal(s.parts_n, 4);
	assert_string_equal(s.parts[0].key, "work");
	assert_int_equal(s.parts[0].score, 8500);
	assert_int_equal(s.parts[0].count, 1);
	assert_int_equal(s.parts[3].count, 0);
	assert_false(s.complete);
	assert_int_equal(s.composite, 0);
	assert_int_equal(s.grade, 0);
	schema_free(&sheet_desc, &s);

	/* the same work commended by the city (+3) and the province (+5): it
	 * counts once, at the highest level: +5, not +8 */
	assert_int_equal(commend(AD, Q3, HA, "政务服务一网通办改革", "city", false, NULL), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.bonus, 300);
	schema_free(&sheet_desc, &s);
	assert_int_equal(commend(AD, Q3, HA, "政务服务一网通办改革", "province", false, NULL), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.bonus, 500);
	assert_int_equal(s.penalty, 0);
	schema_free(&sheet_desc, &s);
	/* only the admin enters them, at a level the plan has */
	assert_int_equal(commend(P, Q3, HA, "x", "city", false, NULL), KH_ERR_DENIED);
	assert_int_equal(commend(AD, Q3, HA, "x", "county", false, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "level");
	assert_int_equal(commend(AD, Q3, HA, "一行\n两行", "city", false, NULL), KH_ERR_INVALID);

	/* principal 90; leaders 88 and 92 (mean 90); peers 80, 85, 90, 86:
	 * 341 / 4 = 85.25.  Work 85 + 5 = 90.
	 * 0.4 × 90 + 0.3 × 90 + 0.1 × 90 + 0.2 × 85.25 = 36 + 27 + 9 + 17.05 = 89.05: 称职 */
	assert_int_equal(score(P, YQ, Q3, HA, "principal", 9000), 0);
	assert_int_equal(score(L1, YQ, Q3, HA, "leadership", 8800), 0);
	assert_int_equal(score(L2, YQ, Q3, HA, "leadership", 9200), 0);
	assert_int_equal(score(A1, YQ, Q3, HA, "democratic", 8000), 0);
	assert_int_equal(score(A2, YQ, Q3, HA, "democratic", 8500), 0);
	assert_int_equal(score(B1, YQ, Q3, HA, "democratic", 9000), 0);
	/* every part has a score now: peers 80, 85, 90 so far, mean 85:
	 * 36 + 27 + 9 + 0.2 × 85 = 89.00 */
	s = sheet_of(YQ, Q3, HA);
	assert_true(s.complete);
	assert_int_equal(s.composite, 8900);
	schema_free(&sheet_desc, &s);
	assert_int_equal(score(B2, YQ, Q3, HA, "democratic", 8600), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_true(s.complete);
	assert_int_equal(s.parts[0].score, 8500);	/* before the adjustment */
	assert_int_equal(s.parts[1].score, 9000);
	assert_int_equal(s.parts[2].score, 9000);
	assert_int_equal(s.parts[2].count, 2);
	assert_int_equal(s.parts[3].score, 8525);
	assert_int_equal(s.parts[3].count, 4);
	assert_int_equal(s.composite, 8905);
	assert_int_equal(s.grade, GRADE_COMPETENT);
	schema_free(&sheet_desc, &s);

	/* the principal changes their score: 92: 89.05 + 0.3 × 2 = 89.65 */
	assert_int_equal(score(P, YQ, Q3, HA, "principal", 9200), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.parts[1].count, 1);
	assert_int_equal(s.composite, 8965);
	schema_free(&sheet_desc, &s);
	assert_int_equal(score(P, YQ, Q3, HA, "principal", 9000), 0);

	/* a district criticism of another piece of work deducts 1: net +4,
	 * work 89: 0.4 × 89 = 35.6, total 88.65; deleting it restores 89.05 */
	assert_int_equal(commend(AD, Q3, HA, "信访件超期办理", "district", true, &criticism), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.bonus, 400);
	assert_int_equal(s.composite, 8865);
	schema_free(&sheet_desc, &s);
	assert_int_equal(uncommend(P, criticism), KH_ERR_DENIED);
	assert_int_equal(uncommend(AD, criticism), 0);
	assert_int_equal(uncommend(AD, criticism), KH_ERR_NOT_FOUND);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.bonus, 500);
	assert_int_equal(s.composite, 8905);
	schema_free(&sheet_desc, &s);

	/* the same inputs in October, a month of the cycle, without the
	 * commendations: 0.4 × 85 + 27 + 9 + 17.05 = 34 + 53.05 = 87.05 */
	example_scores(202610);
	s = sheet_of(YQ, 202610, HA);
	assert_int_equal(s.composite, 8705);
	assert_int_equal(s.grade, GRADE_COMPETENT);
	schema_free(&sheet_desc, &s);
}

static void
test_peer_mean_rounds_half_up(void **state)
{
	struct sheet s;

	(void)state;
	/* 88.00 and 88.01: 176.01 / 2 = 88.005, half up: 88.01 */
	assert_int_equal(score(A1, YQ, Q3, HB, "democratic", 8800), 0);
	assert_int_equal(score(A2, YQ, Q3, HB, "democratic", 8801), 0);
	s = sheet_of(YQ, Q3, HB);
	assert_int_equal(s.parts[3].score, 8801);
	schema_free(&sheet_desc, &s);
	/* and 86: 262.01 / 3 = 87.3366..: 87.34 */
	assert_int_equal(score(A3, YQ, Q3, HB, "democratic", 8600), 0);
	s = sheet_of(YQ, Q3, HB);
	assert_int_equal(s.parts[3].score, 8734);
	assert_int_equal(s.parts[3].count, 3);
	schema_free(&sheet_desc, &s);
}

static void
test_one_vote_each(void **state)
{
	struct pubs pubs = { 0 };
	struct sheet s;

	(void)state;
	assert_int_equal(score_req(A1, YQ, Q3, HA, "democratic", 8000, 555, &pubs), 0);
	assert_int_equal(pubs.n, 1);
	pubs_free(&pubs);
	/* the same request again (a retry): success, nothing counted twice */
	assert_int_equal(score_req(A1, YQ, Q3, HA, "democratic", 8000, 555, &pubs), 0);
	assert_int_equal(pubs.n, 0);
	/* another request: a second vote, refused, even with the same score */
	assert_int_equal(score_req(A1, YQ, Q3, HA, "democratic", 8000, 556, NULL), KH_ERR_CONFLICT);
	assert_int_equal(score_req(A1, YQ, Q3, HA, "democratic", 9900, 557, NULL), KH_ERR_CONFLICT);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.parts[3].count, 1);
	assert_int_equal(s.parts[3].score, 8000);
	schema_free(&sheet_desc, &s);
	/* another voter's request id is their own */
	assert_int_equal(score_req(A2, YQ, Q3, HA, "democratic", 9000, 555, NULL), 0);
	/* the same voter on another person, another period: a vote of its own */
	assert_int_equal(score_req(A1, YQ, Q3, HB, "democratic", 7000, 0, NULL), 0);
	assert_int_equal(score_req(A1, YQ, Q4, HA, "democratic", 7000, 0, NULL), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.parts[3].count, 2);
	assert_int_equal(s.parts[3].score, 8500);	/* (80 + 90) / 2 */
	schema_free(&sheet_desc, &s);
}

static void
test_ranks_and_quota(void **state)
{
	static const struct { int who; uint32_t score; } h1[] = {
		{ HA, 8800 }, { A1, 9200 }, { A2, 8800 }, { A3, 7500 }, { HB, 8500 }, { B1, 9500 }, { B2, 7000 },
	};
	struct sheets_reply_body rep;
	uint32_t count;

	(void)state;
	for (size_t i = 0; i < nitems(h1); i++)
		assert_int_equal(score(AD, HJ, H1, h1[i].who, "halfyear", h1[i].score), 0);

	/* Department 甲: 甲一 92 first; 张三 and 甲二 88 share the second
	 * place, ordered by name (张 U+5F20 before 甲 U+7532); 甲三 75 is fourth.
	 * Office: 乙一 95, 甲一 92, 张三 88, 甲二 88, 李四 85, 甲三 75, 乙二 70:
	 * 1, 2, 3, 3, 5, 6, 7. */
	rep = sheets_as(AD, HJ, H1, F->o.dept_a);
	assert_int_equal(rep.rows_n, 4);
	static const int order_a[] = { A1, HA, A2, A3 };
	static const uint32_t rank_a[] = { 1, 2, 2, 4 }, office_a[] = { 2, 3, 3, 6 };
	for (int i = 0; i < 4; i++) {
		assert_int_equal(rep.rows[i].subject, F->u[order_a[i]].id);
		assert_int_equal(rep.rows[i].rank, rank_a[i]);
		assert_int_equal(rep.rows[i].office_rank, office_a[i]);
		assert_int_equal(rep.rows[i].tied, i == 1 || i == 2);
	}
	assert_string_equal(rep.rows[1].name, "张三");
	assert_int_equal(rep.rows[0].grade, GRADE_EXCELLENT);
	/* the admin's score, with who gave it */
	assert_int_equal(rep.rows[0].scores_n, 1);
	assert_int_equal(rep.rows[0].scores[0].rater, F->u[AD].id);
	/* quota of 甲 alone: 15% of 4 = 0.6, rounded down 0; one 优秀 */
	assert_int_equal(rep.quotas_n, 1);
	assert_int_equal(rep.quotas[0].unit_id, F->o.dept_a);
	assert_int_equal(rep.quotas[0].assessed, 4);
	assert_int_equal(rep.quotas[0].holding, 1);
	assert_int_equal(rep.quotas[0].allowed, 0);
	assert_int_equal(rep.quotas[0].over, 1);
	schema_free(&sheets_reply_body_desc, &rep);

	rep = sheets_as(AD, HJ, H1, 0);
	static const int order_all[] = { B1, A1, HA, A2, HB, A3, B2 };
	static const uint32_t rank_all[] = { 1, 2, 3, 3, 5, 6, 7 };
	assert_int_equal(rep.rows_n, 7);
	for (int i = 0; i < 7; i++) {
		assert_int_equal(rep.rows[i].subject, F->u[order_all[i]].id);
		assert_int_equal(rep.rows[i].rank, rank_all[i]);
		assert_int_equal(rep.rows[i].office_rank, rank_all[i]);
	}
	/* the office: 15% of 7 = 1.05, rounded down 1; two 优秀: over by 1 */
	assert_int_equal(rep.quotas_n, 3);
	assert_int_equal(rep.quotas[0].unit_id, F->o.root);
	assert_int_equal(rep.quotas[0].assessed, 7);
	assert_int_equal(rep.quotas[0].holding, 2);
	assert_int_equal(rep.quotas[0].allowed, 1);
	assert_int_equal(rep.quotas[0].over, 1);
	schema_free(&sheets_reply_body_desc, &rep);

	/* publishing over the quota is refused, and says by how much */
	assert_int_equal(publish(AD, HJ, H1, F->o.root, NULL), KH_ERR_INVALID);
	assert_string_equal(last.message, "优秀 2 人，超过限额 1 人（15%）");
	assert_int_equal(publish(AD, HJ, H1, F->o.dept_a, NULL), KH_ERR_INVALID);
	assert_string_equal(last.message, "优秀 1 人，超过限额 0 人（15%）");
	assert_int_equal(publish(P, HJ, H1, F->o.root, NULL), KH_ERR_DENIED);
	/* 乙一 89: one 优秀 in the office, as allowed */
	assert_int_equal(score(AD, HJ, H1, B1, "halfyear", 8900), 0);
	assert_int_equal(publish(AD, HJ, H1, F->o.root, &count), 0);
	assert_int_equal(count, 7);
	/* published: no score changes, no second publishing */
	assert_int_equal(score(AD, HJ, H1, A1, "halfyear", 9000), KH_ERR_DENIED);
	assert_int_equal(score(AD, HJ, H1, A3, "halfyear", 9000), KH_ERR_DENIED);
	assert_int_equal(publish(AD, HJ, H1, F->o.root, NULL), KH_ERR_CONFLICT);
	assert_int_equal(publish(AD, HJ, H1, F->o.dept_b, NULL), KH_ERR_CONFLICT);
	rep = sheets_as(AD, HJ, H1, 0);
	assert_true(rep.rows[0].published);
	assert_true(rep.quotas[0].published);
	schema_free(&sheets_reply_body_desc, &rep);
	/* the next half-year is untouched */
	assert_int_equal(score(AD, HJ, 202632, A1, "halfyear", 9000), 0);
}

static void
test_publish_needs_complete_sheets(void **state)
{
	(void)state;
	assert_int_equal(publish(AD, YQ, Q3, F->o.root, NULL), KH_ERR_NOT_FOUND);	/* nothing scored */
	example_scores(Q3);
	assert_int_equal(score(AD, YQ, Q3, HB, "work", 8000), 0);
	assert_int_equal(score(P, YQ, Q3, HB, "principal", 8000), 0);
	assert_int_equal(publish(AD, YQ, Q3, F->o.root, NULL), KH_ERR_INVALID);
	assert_string_equal(last.message, "李四的评分还不完整，不能公示");
	/* department 甲 alone is complete, and this plan has no quota */
	assert_int_equal(publish(AD, YQ, Q3, F->o.dept_a, NULL), 0);
	assert_int_equal(score(A3, YQ, Q3, HA, "democratic", 9000), KH_ERR_DENIED);
	assert_int_equal(commend(AD, Q3, HA, "x", "city", false, NULL), KH_ERR_DENIED);
	/* 李四 in department 乙 is still open */
	assert_int_equal(score(L1, YQ, Q3, HB, "leadership", 8000), 0);
}

static void
test_locked_period(void **state)
{
	(void)state;
	assert_int_equal(score(AD, YQ, Q3, HA, "work", 8500), 0);
	lock(Q3);
	assert_int_equal(score(AD, YQ, Q3, HA, "work", 9000), KH_ERR_DENIED);
	assert_string_equal(last.field, "period");
	assert_int_equal(score(A1, YQ, Q3, HA, "democratic", 9000), KH_ERR_DENIED);
	assert_int_equal(commend(AD, Q3, HA, "x", "city", false, NULL), KH_ERR_DENIED);
	/* a month inside a locked year */
	lock(202540);
	assert_int_equal(score(AD, YQ, 202511, HA, "work", 9000), KH_ERR_DENIED);
	/* the quarter after is open */
	assert_int_equal(score(AD, YQ, Q4, HA, "work", 9000), 0);
}

static void
test_plan_import_keeps_periods(void **state)
{
	struct plan v2;
	struct sheet s;
	struct wtx w;

	(void)state;
	example_scores(Q3);		/* fixes version 1 for Q3: 0.4 × 85 + 53.05 = 87.05 */
	/* version 2: the same file again; version 3: work 30, democratic 30 */
	begin(&w, AD);
	import_plan(&w, "schema/plans/yongqiao-2015.yaml", &v2);
	schema_free(&plan_desc, &v2);
	assert_int_equal(store_write_commit(&w), 0);
	{
		MDB_txn *txn;
		struct plan p;

		assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
		assert_int_equal(plan_store_get(txn, F->fix.st, YQ, 2, &p), 0);
		mdb_txn_abort(txn);
		p.raters[0].weight = 30;
		p.raters[3].weight = 30;
		begin(&w, AD);
		assert_int_equal(plan_store_import(&w, &p), 0);	/* version 3 */
		assert_int_equal(store_write_commit(&w), 0);
		schema_free(&plan_desc, &p);
	}
	/* Q3 is still scored with version 1 */
	assert_int_equal(score(P, YQ, Q3, HA, "principal", 9000), 0);
	s = sheet_of(YQ, Q3, HA);
	assert_int_equal(s.plan_version, 1);
	assert_int_equal(s.composite, 8705);
	schema_free(&sheet_desc, &s);
	/* Q4 begins with version 3: 0.3 × 85 + 0.3 × 90 + 0.1 × 90 + 0.3 × 85.25
	 * = 25.5 + 27 + 9 + 25.575 = 87.075, half up: 87.08 */
	example_scores(Q4);
	s = sheet_of(YQ, Q4, HA);
	assert_int_equal(s.plan_version, 3);
	assert_int_equal(s.composite, 8708);
	schema_free(&sheet_desc, &s);
	MDB_txn *txn;
	uint32_t version;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(scoreop_plan_in_use(txn, F->fix.st, YQ, Q3, &version), 0);
	assert_int_equal(version, 1);
	assert_int_equal(scoreop_plan_in_use(txn, F->fix.st, YQ, 202612, &version), MDB_NOTFOUND);
	mdb_txn_abort(txn);
}

static void
test_who_sees_what(void **state)
{
	struct sheets_reply_body rep;

	(void)state;
	example_scores(Q3);
	assert_int_equal(score(AD, YQ, Q3, HB, "work", 8000), 0);
	/* admin, principal, organisation department: everyone */
	static const int all[] = { AD, P, OD };
	for (size_t i = 0; i < nitems(all); i++) {
		rep = sheets_as(all[i], YQ, Q3, 0);
		assert_int_equal(rep.rows_n, 2);
		assert_int_equal(rep.quotas_n, 3);
		schema_free(&sheets_reply_body_desc, &rep);
	}
	/* a supervising leader: the departments they supervise */
	rep = sheets_as(S1, YQ, Q3, 0);
	assert_int_equal(rep.rows_n, 1);
	assert_int_equal(rep.rows[0].subject, F->u[HA].id);
	assert_int_equal(rep.quotas_n, 1);
	assert_int_equal(rep.quotas[0].unit_id, F->o.dept_a);
	schema_free(&sheets_reply_body_desc, &rep);
	rep = sheets_as(S2, YQ, Q3, 0);
	assert_int_equal(rep.rows_n, 1);
	assert_int_equal(rep.rows[0].subject, F->u[HB].id);
	schema_free(&sheets_reply_body_desc, &rep);
	/* a person: their own sheet, without who gave which score */
	rep = sheets_as(HA, YQ, Q3, 0);
	assert_int_equal(rep.rows_n, 1);
	assert_int_equal(rep.rows[0].composite, 8705);
	assert_int_equal(rep.rows[0].scores_n, 0);
	assert_int_equal(rep.quotas_n, 0);
	schema_free(&sheets_reply_body_desc, &rep);
	rep = sheets_as(A1, YQ, Q3, 0);
	assert_int_equal(rep.rows_n, 0);
	schema_free(&sheets_reply_body_desc, &rep);
	rep = sheets_as(L1, YQ, Q3, 0);		/* a rater sees no one's sheet but their own */
	assert_int_equal(rep.rows_n, 0);
	schema_free(&sheets_reply_body_desc, &rep);
	/* the admin sees the named scores, never a peer's */
	rep = sheets_as(AD, YQ, Q3, F->o.dept_a);
	const struct sheet_row *r = row_of(&rep, HA);
	assert_non_null(r);
	assert_int_equal(r->scores_n, 4);	/* work, principal, two leaders */
	for (uint32_t i = 0; i < r->scores_n; i++)
		assert_string_not_equal(r->scores[i].part, "democratic");
	assert_int_equal(r->parts[3].score, 8525);
	assert_int_equal(r->parts[3].count, 4);
	schema_free(&sheets_reply_body_desc, &rep);
}

/* ---- the annual result ---- */

/*
 * hanjiang-2015: annual weights routine 40 (min 40), year-end 60; the
 * routine periods are its half-years (平时考核周期为半年); both eligibility
 * rules; 优秀 held to 15%, rounded down.  The year (YEAR) is scored with the
 * plan's one part, the leading group's 量化打分, and its sheet is the annual
 * result.  By hand (routine = mean of the half-years, half up; annual =
 * 0.4 x routine + 0.6 x year-end, half up once):
 *   甲一 H1 91.00 优秀, H2 88.00 称职: routine (91.00 + 88.00) / 2 = 89.50;
 *        year-end 93.00: 0.4 x 89.50 + 0.6 x 93.00 = 35.80 + 55.80 = 91.60,
 *        优秀 and eligible (优秀 in H1, nothing below 称职): 优秀
 *   甲二 H1 100.00, H2 79.00 基本称职: routine 179.00 / 2 = 89.50, the same
 *        91.60, but 基本称职 in a routine period bars 优秀: 称职, and why
 *   甲三 H1 89.00, H2 89.99, both 称职: routine 178.99 / 2 = 89.495 -> 89.50
 *        (half up), 91.60 again, but never 优秀 in a routine period: 称职
 *   张三 H1 80.00, H2 80.00, year-end 80.00: 32.00 + 48.00 = 80.00 称职
 *        (not eligible for 优秀 either, which changes nothing)
 *   李四 H1 95.00 only (H2 not scored: left out): routine 95.00; year-end
 *        70.00: 38.00 + 42.00 = 80.00 称职, tied with 张三
 *   乙二 H1 70.00, H2 70.00, year-end 70.00: 70.00 基本称职
 *   乙一 year-end 85.00 and no half-year yet: incomplete, "还没有完成的平时考核
 *        结果"; then H1 85.00 makes it 34.00 + 51.00 = 85.00 称职
 * Ranks: 91.60 x 3 (1=, by name: 甲一 甲三 甲二 in byte order), 80.00 x 2
 * (4=: 张三 before 李四), 85.00 ... once 乙一 is complete: 甲一 甲三 甲二 1=,
 * 乙一 4, 张三 李四 5=, 乙二 7.  Quota: 7 assessed, 15% x 7 = 1.05 -> 1;
 * 优秀 1 (甲一; without the eligibility rules 3, over by 2).
 */
#define YEAR	202640u
#define H2	202632u

static void
halves(int who, uint32_t h1, uint32_t h2, uint32_t yearend)
{
	if (h1 != 0)
		assert_int_equal(score(AD, HJ, H1, who, "halfyear", h1), 0);
	if (h2 != 0)
		assert_int_equal(score(AD, HJ, H2, who, "halfyear", h2), 0);
	if (yearend != 0)
		assert_int_equal(score(AD, HJ, YEAR, who, "halfyear", yearend), 0);
}

static void
test_annual_result(void **state)
{
	struct sheets_reply_body rep;
	const struct sheet_row *r;
	uint32_t count;

	(void)state;
	/* the year takes scores under a plan with a year-end part, not others */
	assert_int_equal(score(AD, YQ, YEAR, HA, "work", 9000), KH_ERR_INVALID);
	assert_string_equal(last.field, "period");
	halves(A1, 9100, 8800, 9300);
	halves(A2, 10000, 7900, 9300);
	halves(A3, 8900, 8999, 9300);
	halves(HA, 8000, 8000, 8000);
	halves(HB, 9500, 0, 7000);
	halves(B2, 7000, 7000, 7000);
	halves(B1, 0, 0, 8500);

	rep = sheets_as(AD, HJ, YEAR, 0);
	assert_int_equal(rep.rows_n, 7);
	r = row_of(&rep, A1);
	assert_true(r->annual && r->complete);
	assert_int_equal(r->routine, 8950);
	assert_int_equal(r->routine_n, 2);
	assert_int_equal(r->yearend, 9300);
	assert_int_equal(r->composite, 9160);
	assert_int_equal(r->grade, GRADE_EXCELLENT);
	assert_true(r->eligible);
	assert_string_equal(r->why, "");
	r = row_of(&rep, A2);
	assert_int_equal(r->routine, 8950);
	assert_int_equal(r->composite, 9160);
	assert_int_equal(r->grade, GRADE_COMPETENT);
	assert_false(r->eligible);
	assert_string_equal(r->why, "平时考核中有基本称职或不称职等次,不得参评年度优秀");
	r = row_of(&rep, A3);
	assert_int_equal(r->routine, 8950);
	assert_int_equal(r->composite, 9160);
	assert_int_equal(r->grade, GRADE_COMPETENT);
	assert_string_equal(r->why, "平时考核中未获得过优秀等次,不能评为年度优秀");
	r = row_of(&rep, HA);
	assert_int_equal(r->composite, 8000);
	assert_int_equal(r->grade, GRADE_COMPETENT);
	assert_false(r->eligible);
	r = row_of(&rep, HB);
	assert_int_equal(r->routine, 9500);
	assert_int_equal(r->routine_n, 1);
	assert_int_equal(r->composite, 8000);
	assert_true(r->eligible);
	r = row_of(&rep, B2);
	assert_int_equal(r->composite, 7000);
	assert_int_equal(r->grade, GRADE_BASIC);
	r = row_of(&rep, B1);
	assert_false(r->complete);
	assert_int_equal(r->rank, 0);
	assert_int_equal(r->yearend, 8500);
	assert_int_equal(r->routine_n, 0);
	assert_string_equal(r->why, "还没有完成的平时考核结果");
	/* the order: the three at 91.60 tied first, by name */
	static const int order6[] = { A1, A3, A2, HA, HB, B2, B1 };
	static const uint32_t rank6[] = { 1, 1, 1, 4, 4, 6, 0 };
	for (size_t i = 0; i < nitems(order6); i++) {
		assert_int_equal(rep.rows[i].subject, F->u[order6[i]].id);
		assert_int_equal(rep.rows[i].rank, rank6[i]);
	}
	schema_free(&sheets_reply_body_desc, &rep);
	assert_int_equal(publish(AD, HJ, YEAR, F->o.root, NULL), KH_ERR_INVALID);
	assert_non_null(strstr(last.message, "乙一"));

	/* 乙一's half-year completes the annual result: the year follows */
	halves(B1, 8500, 0, 0);
	rep = sheets_as(AD, HJ, YEAR, 0);
	r = row_of(&rep, B1);
	assert_true(r->complete);
	assert_int_equal(r->composite, 8500);
	assert_int_equal(r->rank, 4);
	assert_int_equal(row_of(&rep, HA)->rank, 5);
	assert_true(row_of(&rep, HA)->tied);
	assert_int_equal(row_of(&rep, B2)->rank, 7);
	assert_int_equal(rep.quotas[0].unit_id, F->o.root);
	assert_int_equal(rep.quotas[0].assessed, 7);
	assert_int_equal(rep.quotas[0].allowed, 1);
	assert_int_equal(rep.quotas[0].holding, 1);
	assert_int_equal(rep.quotas[0].over, 0);
	schema_free(&sheets_reply_body_desc, &rep);

	/* a routine change reaches the annual result: 甲一's H2 down to 70.00
	 * (基本称职): routine (91.00 + 70.00) / 2 = 80.50; 32.20 + 55.80 =
	 * 88.00 称职, barred from 优秀 */
	assert_int_equal(score(AD, HJ, H2, A1, "halfyear", 7000), 0);
	struct sheet ys = sheet_of(HJ, YEAR, A1);
	assert_int_equal(ys.routine, 8050);
	assert_int_equal(ys.composite, 8800);
	assert_int_equal(ys.grade, GRADE_COMPETENT);
	assert_false(ys.eligible);
	schema_free(&sheet_desc, &ys);
	assert_int_equal(score(AD, HJ, H2, A1, "halfyear", 8800), 0);

	/* published: the year is frozen, even against a routine change */
	assert_int_equal(publish(AD, HJ, YEAR, F->o.root, &count), 0);
	assert_int_equal(count, 7);
	assert_int_equal(score(AD, HJ, H2, A1, "halfyear", 9900), 0);
	ys = sheet_of(HJ, YEAR, A1);
	assert_true(ys.published);
	assert_int_equal(ys.composite, 9160);
	assert_int_equal(ys.routine, 8950);
	schema_free(&sheet_desc, &ys);
}

/* Over the quota because of the annual grade itself: 甲一 and 甲二 both
 * 优秀 in H1 (95.00) and in the year (95.00): 0.4 x 95 + 0.6 x 95 = 95.00;
 * 2 assessed, 15% x 2 = 0.3 -> 0 allowed: publishing is refused. */
static void
test_annual_quota(void **state)
{
	(void)state;
	halves(A1, 9500, 0, 9500);
	halves(A2, 9500, 0, 9500);
	assert_int_equal(publish(AD, HJ, YEAR, F->o.root, NULL), KH_ERR_INVALID);
	assert_string_equal(last.message, "优秀 2 人，超过限额 0 人（15%）");
}

/* ---- secrecy of the anonymous part ---- */

/* The byte patterns of a number as it could be stored: big-endian 8 and 4
 * bytes (keys), msgpack uint16 / uint32 (values), decimal text (audit
 * lines, meta), and hundredths as text ("71.37"). */
struct patterns {
	unsigned char	 b[5][16];
	size_t		 n[5];
	uint32_t	 count;
};

static void
patterns_of(uint64_t v, bool hundredths, struct patterns *p)
{
	memset(p, 0, sizeof *p);
	if (hundredths) {
		p->b[0][0] = 0xcd;
		p->b[0][1] = (unsigned char)(v >> 8);
		p->b[0][2] = (unsigned char)v;
		p->n[0] = 3;
		be32_put(p->b[1], (uint32_t)v);
		p->n[1] = 4;
		p->n[2] = (size_t)snprintf((char *)p->b[2], 16, "%u", (unsigned)v);
		plan_hundredths_format((uint32_t)v, (char *)p->b[3], 16);
		p->n[3] = strlen((char *)p->b[3]);
		p->count = 4;
	} else {
		be64_put(p->b[0], v);
		p->n[0] = 8;
		p->b[1][0] = 0xce;
		be32_put(p->b[1] + 1, (uint32_t)v);
		p->n[1] = 5;
		p->n[2] = (size_t)snprintf((char *)p->b[2], 16, "%llu", (unsigned long long)v);
		p->count = 3;
	}
}

static bool
find(const unsigned char *hay, size_t len, const unsigned char *needle, size_t n)
{
	for (size_t i = 0; n > 0 && i + n <= len; i++)
		if (memcmp(hay + i, needle, n) == 0)
			return true;
	return false;
}

static bool
holds(const unsigned char *blob, size_t len, const struct patterns *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < p[i].count; j++)
			if (find(blob, len, p[i].b[j], p[i].n[j]))
				return true;
	return false;
}

static void
test_peer_secrecy(void **state)
{
	/* Four peers score 李四 with scores no other number here equals. */
	static const struct { int who; uint32_t score; } votes[] = {
		{ A1, 7137 }, { B1, 8319 }, { A2, 9451 }, { B2, 6673 },
	};
	struct patterns raters[nitems(votes)], scores[nitems(votes)];
	unsigned char *blob = NULL;
	size_t cap = 0;
	uint32_t markers = 0, tallies = 0, records = 0;

	(void)state;
	/* named parts too, so that the sheet is complete and changes as usual */
	assert_int_equal(score(AD, YQ, Q3, HB, "work", 8000), 0);
	assert_int_equal(score(P, YQ, Q3, HB, "principal", 8200), 0);
	assert_int_equal(score(L1, YQ, Q3, HB, "leadership", 8400), 0);
	for (size_t i = 0; i < nitems(votes); i++) {
		struct pubs pubs = { 0 };

		assert_int_equal(score_req(votes[i].who, YQ, Q3, HB, "democratic", votes[i].score, 0,
		    &pubs), 0);
		/* what is published: the sheet, as changed by no one, to those who
		 * may see it; the voter is not among them */
		assert_int_equal(pubs.n, 1);
		assert_int_equal(pubs.v[0].ch.user, 0);
		assert_int_equal(pubs.v[0].ch.sheet.subject, F->u[HB].id);
		for (uint32_t j = 0; j < pubs.v[0].n; j++)
			assert_int_not_equal(pubs.v[0].audience[j], F->u[votes[i].who].id);
		pubs_free(&pubs);
		patterns_of(F->u[votes[i].who].id, false, &raters[i]);
		patterns_of(votes[i].score, true, &scores[i]);
	}
	/* 7137 + 8319 + 9451 + 6673 = 31580; / 4 = 78.95 */
	struct sheet s = sheet_of(YQ, Q3, HB);
	assert_int_equal(s.parts[3].score, 7895);
	assert_int_equal(s.parts[3].count, 4);
	schema_free(&sheet_desc, &s);

	/* Every key and value of every database: none holds a voter's id and
	 * a vote.  The anonymous part is a tally and markers, nothing else. */
	MDB_txn *txn;
	MDB_dbi main_db;
	MDB_cursor *names;
	MDB_val k, v;
	int rc;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(mdb_dbi_open(txn, NULL, 0, &main_db), 0);
	assert_int_equal(mdb_cursor_open(txn, main_db, &names), 0);
	uint32_t ndbs = 0;
	for (rc = mdb_cursor_get(names, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(names, &k, &v, MDB_NEXT)) {
		char name[64];
		MDB_dbi dbi;
		MDB_cursor *c;
		MDB_val rk, rv;

		assert_true(k.mv_size < sizeof name);
		memcpy(name, k.mv_data, k.mv_size);
		name[k.mv_size] = '\0';
		assert_int_equal(mdb_dbi_open(txn, name, 0, &dbi), 0);
		assert_int_equal(mdb_cursor_open(txn, dbi, &c), 0);
		ndbs++;
		for (int r = mdb_cursor_get(c, &rk, &rv, MDB_FIRST); r == 0;
		    r = mdb_cursor_get(c, &rk, &rv, MDB_NEXT)) {
			size_t len = rk.mv_size + rv.mv_size;

			if (len > cap)
				blob = xrealloc(blob, cap = len);
			memcpy(blob, rk.mv_data, rk.mv_size);
			memcpy(blob + rk.mv_size, rv.mv_data, rv.mv_size);
			records++;
			if (holds(blob, len, scores, nitems(votes)) && holds(blob, len, raters, nitems(votes)))
				fail_msg("database %s: a record holds a voter and a vote", name);
			const unsigned char *kp = rk.mv_data;
			if (strcmp(name, "indexes") == 0 && kp[0] == 'V') {
				assert_int_equal(rk.mv_size, 33);
				assert_int_equal(rv.mv_size, 16);
				markers++;
			}
			if (strcmp(name, "records") == 0 && kp[0] == 'A') {
				struct peer_tally t;
				struct codec_error e;

				/* decoded strictly: an unknown field would be refused */
				assert_int_equal(codec_decode_record(&peer_tally_desc, rv.mv_data, rv.mv_size,
				    &t, &e), 0);
				assert_int_equal(t.sum, 31580);
				assert_int_equal(t.count, 4);
				tallies++;
			}
			if (strcmp(name, "records") == 0 && kp[0] == 'J') {
				struct named_score ns;
				struct codec_error e;

				assert_int_equal(codec_decode_record(&named_score_desc, rv.mv_data, rv.mv_size,
				    &ns, &e), 0);
				assert_string_not_equal(ns.part, "democratic");
				schema_free(&named_score_desc, &ns);
			}
		}
		mdb_cursor_close(c);
	}
	mdb_cursor_close(names);
	assert_true(ndbs >= 12);
	assert_true(records > 50);
	assert_int_equal(markers, 4);
	assert_int_equal(tallies, 1);

	/* The change log: no change made by a voter; the tally's changes are
	 * user 0. */
	MDB_cursor *c;
	uint32_t anonymous_changes = 0;
	assert_int_equal(mdb_cursor_open(txn, F->fix.st->changes, &c), 0);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		struct change ch;
		struct codec_error e;

		assert_int_equal(codec_decode_record(&change_desc, v.mv_data, v.mv_size, &ch, &e), 0);
		for (size_t i = 0; i < nitems(votes); i++)
			assert_int_not_equal(ch.user, F->u[votes[i].who].id);
		anonymous_changes += ch.sheet.subject != 0 && ch.user == 0;
		schema_free(&change_desc, &ch);
	}
	mdb_cursor_close(c);
	assert_int_equal(anonymous_changes, 4);

	/* The audit log: a line per vote naming 李四 and the part only, as no
	 * one from nowhere, pointing at no change; no line holds a vote. */
	struct audit_rec *lines;
	uint32_t n, peer_lines = 0;
	assert_int_equal(store_audit_list(txn, F->fix.st, 0, 500, &lines, &n), 0);
	for (uint32_t i = 0; i < n; i++) {
		size_t dl = strlen(lines[i].detail);

		assert_false(holds((const unsigned char *)lines[i].detail, dl, scores, nitems(votes)));
		if (strcmp(lines[i].action, "score.peer") != 0)
			continue;
		peer_lines++;
		assert_int_equal(lines[i].user, 0);
		assert_string_equal(lines[i].workstation, "");
		assert_int_equal(lines[i].seq, 0);
		assert_non_null(strstr(lines[i].detail, "李四"));
		assert_non_null(strstr(lines[i].detail, "民意测评"));
		for (size_t j = 0; j < nitems(votes); j++) {
			assert_null(strstr(lines[i].detail, F->u[votes[j].who].display_name));
			assert_null(strstr(lines[i].detail, F->u[votes[j].who].login));
		}
	}
	assert_int_equal(peer_lines, 4);
	schema_free_array(&audit_rec_desc, lines, n);
	mdb_txn_abort(txn);
	free(blob);

	/* The scan can fail: a named score is a rater beside a score. */
	assert_int_equal(score(L2, YQ, Q3, HB, "leadership", 7137), 0);
	struct patterns l2;
	patterns_of(F->u[L2].id, false, &l2);
	bool found = false;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(mdb_cursor_open(txn, F->fix.st->records, &c), 0);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0; rc = mdb_cursor_get(c, &k, &v, MDB_NEXT))
		found |= holds(v.mv_data, v.mv_size, &scores[0], 1) && holds(k.mv_data, k.mv_size, &l2, 1);
	mdb_cursor_close(c);
	mdb_txn_abort(txn);
	assert_true(found);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_who_scores_what, setup, teardown),
		cmocka_unit_test_setup_teardown(test_worked_example, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_mean_rounds_half_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_vote_each, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranks_and_quota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish_needs_complete_sheets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_import_keeps_periods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_sees_what, setup, teardown),
		cmocka_unit_test_setup_teardown(test_peer_secrecy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ballot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annual_result, setup, teardown),
		cmocka_unit_test_setup_teardown(test_annual_quota, setup, teardown),
	};

	return cmocka_run_group_tests_name("scoring", tests, NULL, NULL);
}
