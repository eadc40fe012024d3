/*
 * test-docs.c: the records of the assessment cycle and their workflow
 * (server/doc-ops.c) against a small office: who may write what, each
 * action's states and requirements, 不称职 opening a talk, corrections as
 * new versions, publishing, period locks, who sees what, and the audit log.
 *
 * The office: 机关 (root) with departments A (supervised by s1) and B
 * (supervised by s2).  A has head ha and staff a1, a2; B has head hb and
 * staff b1.  p is the principal leader, ad the admin, od the organisation
 * department.  Today is 2026-11-22; 2026-11-30 (a Monday) is made a holiday,
 * so November's records are due on Friday 2026-11-27.
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
#include "common/forms.h"
#include "common/period.h"
#include "common/util.h"
#include "server/calendar.h"
#include "server/doc-ops.h"
#include "server/org.h"
#include "server/store.h"
#include "office-fixture.h"
#include "store-fixture.h"

#define TODAY	20261122u
#define NOV	202611u
#define OCT	202610u
#define DEC	202612u
#define Q4	202624u
#define Q3	202623u

enum { A1, A2, HA, B1, HB, S1, S2, P, AD, OD, NPEOPLE };

struct fx {
	struct store_fixture fix;
	struct user_rec	 u[NPEOPLE];
	struct office	 o;
	struct calendar	 cal;
};

static struct fx *F;

static int
setup(void **state)
{
	static const struct office_person who[NPEOPLE] = {
		[A1] = { "a1", NULL, ROLE_STAFF, 1 }, [A2] = { "a2", NULL, ROLE_STAFF, 1 },
		[HA] = { "ha", NULL, ROLE_DEPT_HEAD, 1 }, [B1] = { "b1", NULL, ROLE_STAFF, 2 },
		[HB] = { "hb", NULL, ROLE_DEPT_HEAD, 2 }, [S1] = { "s1", NULL, ROLE_SUPERVISOR, 0 },
		[S2] = { "s2", NULL, ROLE_SUPERVISOR, 0 }, [P] = { "p", NULL, ROLE_PRINCIPAL, 0 },
		[AD] = { "ad", NULL, ROLE_ADMIN, 0 }, [OD] = { "od", NULL, ROLE_ORG_DEPT, 0 },
	};
	struct fx *f = xcalloc(1, sizeof *f);
	struct calendar_day hol = { .date = 20261130, .kind = CAL_HOLIDAY, .name = "测试假日" };
	struct wtx w;

	if (store_fixture_open(&f->fix, "docs") != 0 || store_write_begin(f->fix.st, &w) != 0)
		return -1;
	office_build(&w, &f->o, who, NPEOPLE, S1, S2, f->u);
	assert_int_equal(calendar_put(&w, &hol), 0);
	assert_int_equal(store_write_commit(&w), 0);
	MDB_txn *txn;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(calendar_load(txn, f->fix.st, &f->cal), 0);
	mdb_txn_abort(txn);
	F = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	calendar_free(&f->cal);
	int rc = office_fixture_close(&f->fix, f->u, NPEOPLE);
	free(f);
	return rc;
}

/* ---- shortcuts: each runs in its own committed transaction ---- */

static struct codec_error last;

/* Save; returns 0 or the error code, and the stored record in *out. */
static int
save_as(int who, uint32_t kind, int subject, uint32_t period, const char *const *kv,
    struct doc *out)
{
	struct actor a = { &F->u[who], TODAY, &F->cal };
	struct doc in = { .kind = kind, .subject = subject >= 0 ? F->u[subject].id : 0, .period = period };
	struct pubs pubs = { 0 };
	struct doc tmp;
	struct wtx w;
	int rc;

	for (; kv != NULL && kv[0] != NULL; kv += 2)
		doc_field_set(&in, kv[0], kv[1]);
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	rc = docop_save(&w, &a, &in, out != NULL ? out : &tmp, &pubs, &last);
	schema_free(&doc_desc, &in);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	if (out == NULL)
		schema_free(&doc_desc, &tmp);
	return 0;
}

/* Act; on success *d becomes the new state (or the correction). */
static int
act_as(int who, struct doc *d, uint32_t action, const char *comment, const char *reason,
    uint32_t grade, uint32_t *npubs)
{
	struct actor a = { &F->u[who], TODAY, &F->cal };
	struct doc_act_body b = { .id = d->id, .version = d->version, .action = action,
	    .comment = (char *)(comment ? comment : ""), .reason = (char *)(reason ? reason : ""),
	    .grade = grade };
	struct pubs pubs = { 0 };
	struct doc out;
	struct wtx w;
	int rc;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	rc = docop_act(&w, &a, &b, &out, &pubs, &last);
	if (npubs != NULL)
		*npubs = pubs.n;
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	schema_free(&doc_desc, d);
	*d = out;
	return 0;
}

static const char *const monthly_kv[] = {
	"duties", "按时完成公文处理", "goals", "完成事项梳理", "plan", "做好年终总结", NULL,
};

static struct doc
get(uint64_t id)
{
	struct doc d;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_get(txn, F->fix.st, id, &d), 0);
	mdb_txn_abort(txn);
	return d;
}

/* ---- tests ---- */

static void
test_monthly_create_rules(void **state)
{
	struct doc d;

	(void)state;
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, NOV, monthly_kv, &d), 0);
	assert_int_equal(d.state, DOC_DRAFT);
	assert_int_equal(d.author, F->u[A1].id);
	assert_int_equal(d.unit_id, F->o.dept_a);
	assert_int_equal(d.version, 1);
	/* November 2026 ends on Monday the 30th, a holiday here: due Friday the 27th */
	assert_int_equal(d.due, 20261127);
	schema_free(&doc_desc, &d);
	/* one per month */
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, NOV, monthly_kv, NULL), KH_ERR_CONFLICT);
	/* only about oneself */
	assert_int_equal(save_as(A2, DOC_MONTHLY, A1, OCT, monthly_kv, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(HA, DOC_MONTHLY, A1, OCT, monthly_kv, NULL), KH_ERR_DENIED);
	/* not a month that has not begun, not a quarter code */
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, DEC, monthly_kv, NULL), KH_ERR_INVALID);
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, Q4, monthly_kv, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "period");
	/* the organisation department only reads */
	assert_int_equal(save_as(OD, DOC_MONTHLY, OD, OCT, monthly_kv, NULL), KH_ERR_DENIED);
	/* a field the form does not have */
	static const char *const bad[] = { "salary", "x", NULL };
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, OCT, bad, NULL), KH_ERR_INVALID);
}

static void
test_monthly_workflow(void **state)
{
	static const char *const partial[] = { "duties", "按时完成", NULL };
	struct doc d;

	(void)state;
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, OCT, partial, &d), 0);
	/* submitting needs every required field */
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "goals");
	schema_free(&doc_desc, &d);
	/* edit the draft: the whole form */
	struct doc in;
	{
		struct actor a = { &F->u[A1], TODAY, &F->cal };
		struct pubs pubs = { 0 };
		struct wtx w;
		struct doc cur;

		assert_int_equal(store_write_begin(F->fix.st, &w), 0);
		MDB_txn *t = w.txn;
		uint64_t id = 0;
		/* the draft's id: it is the last record made */
		id = w.last_id;
		assert_int_equal(docop_get(t, F->fix.st, id, &cur), 0);
		memset(&in, 0, sizeof in);
		in.id = cur.id;
		in.kind = DOC_MONTHLY;
		in.version = cur.version;
		for (const char *const *kv = monthly_kv; *kv != NULL; kv += 2)
			doc_field_set(&in, kv[0], kv[1]);
		assert_int_equal(docop_save(&w, &a, &in, &d, &pubs, &last), 0);
		assert_int_equal(d.version, 2);
		/* a stale version is a conflict */
		struct doc none;
		assert_int_equal(docop_save(&w, &a, &in, &none, &pubs, &last), -1);
		assert_int_equal(last.code, KH_ERR_CONFLICT);
		schema_free(&doc_desc, &in);
		pubs_free(&pubs);
		assert_int_equal(store_write_commit(&w), 0);
		schema_free(&doc_desc, &cur);
	}
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), 0);
	assert_int_equal(d.state, DOC_SUBMITTED);
	assert_int_equal(d.reviewer, F->u[S1].id);
	/* locked for the author now */
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), KH_ERR_DENIED);
	/* only the named reviewer files or returns */
	assert_int_equal(act_as(S2, &d, ACT_FILE, "好", NULL, 0, NULL), KH_ERR_DENIED);
	assert_int_equal(act_as(HA, &d, ACT_FILE, "好", NULL, 0, NULL), KH_ERR_DENIED);
	/* a comment to file a monthly record, a reason to return it */
	assert_int_equal(act_as(S1, &d, ACT_FILE, "", NULL, 0, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "comment");
	assert_int_equal(act_as(S1, &d, ACT_RETURN, NULL, "", 0, NULL), KH_ERR_INVALID);
	assert_int_equal(act_as(S1, &d, ACT_RETURN, NULL, "请补充数据", 0, NULL), 0);
	assert_int_equal(d.state, DOC_RETURNED);
	assert_string_equal(d.return_reason, "请补充数据");
	assert_int_equal(d.reviewer, F->u[A1].id);	/* back with the author */
	/* the author resubmits; the reviewer files */
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), 0);
	assert_int_equal(d.reviewer, F->u[S1].id);
	assert_int_equal(act_as(S1, &d, ACT_FILE, "完成较好", NULL, 0, NULL), 0);
	assert_int_equal(d.state, DOC_FILED);
	assert_string_equal(d.comment, "完成较好");
	assert_int_equal(d.reviewed_by, F->u[S1].id);
	/* filed: nothing but a correction moves it */
	assert_int_equal(act_as(S1, &d, ACT_RETURN, NULL, "再改", 0, NULL), KH_ERR_DENIED);
	schema_free(&doc_desc, &d);
}

static void
test_quarterly_rules(void **state)
{
	static const char *const kv[] = {
		"performance", "履职良好", "tasks", "基本完成", "attendance", "全勤", NULL,
	};
	struct doc d;

	(void)state;
	/* the head of the subject's department writes it; nobody else */
	assert_int_equal(save_as(HB, DOC_QUARTERLY, A1, Q4, kv, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(A2, DOC_QUARTERLY, A1, Q4, kv, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(S1, DOC_QUARTERLY, A1, Q4, kv, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(HA, DOC_QUARTERLY, HA, Q4, kv, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(HA, DOC_QUARTERLY, A1, NOV, kv, NULL), KH_ERR_INVALID);
	assert_int_equal(save_as(HA, DOC_QUARTERLY, A1, Q4, kv, &d), 0);
	/* an unfinished task needs its explanation before submitting */
	d.unfinished = xcalloc(1, sizeof *d.unfinished);
	d.unfinished[0].task = xstrdup("档案整理");
	d.unfinished[0].explanation = xstrdup("");
	d.unfinished_n = 1;
	{
		struct actor a = { &F->u[HA], TODAY, &F->cal };
		struct pubs pubs = { 0 };
		struct doc out;
		struct wtx w;

		assert_int_equal(store_write_begin(F->fix.st, &w), 0);
		assert_int_equal(docop_save(&w, &a, &d, &out, &pubs, &last), 0);
		pubs_free(&pubs);
		assert_int_equal(store_write_commit(&w), 0);
		schema_free(&doc_desc, &d);
		d = out;
	}
	assert_int_equal(act_as(HA, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "unfinished");
	assert_non_null(strstr(last.message, "档案整理"));
	free(d.unfinished[0].explanation);
	d.unfinished[0].explanation = xstrdup("等待上级新标准");
	{
		struct actor a = { &F->u[HA], TODAY, &F->cal };
		struct pubs pubs = { 0 };
		struct doc out;
		struct wtx w;

		assert_int_equal(store_write_begin(F->fix.st, &w), 0);
		assert_int_equal(docop_save(&w, &a, &d, &out, &pubs, &last), 0);
		pubs_free(&pubs);
		assert_int_equal(store_write_commit(&w), 0);
		schema_free(&doc_desc, &d);
		d = out;
	}
	assert_int_equal(act_as(HA, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), 0);
	assert_int_equal(d.reviewer, F->u[S1].id);
	/* filing a summary needs no comment */
	assert_int_equal(act_as(S1, &d, ACT_FILE, "", NULL, 0, NULL), 0);
	assert_int_equal(d.state, DOC_FILED);
	schema_free(&doc_desc, &d);
}

static void
test_evaluation_and_admonishment(void **state)
{
	struct doc d, task;
	uint32_t npubs;
	MDB_txn *txn;

	(void)state;
	/* only the subject's supervising leader */
	assert_int_equal(save_as(S2, DOC_EVALUATION, A1, Q3, NULL, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(HA, DOC_EVALUATION, A1, Q3, NULL, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(P, DOC_EVALUATION, A1, Q3, NULL, NULL), KH_ERR_DENIED);
	assert_int_equal(save_as(S1, DOC_EVALUATION, A1, Q3, NULL, &d), 0);
	/* the subject does not see the draft */
	struct doc *vis;
	uint32_t nvis;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_visible(txn, F->fix.st, &F->u[A1], &vis, &nvis), 0);
	for (uint32_t i = 0; i < nvis; i++)
		assert_false(vis[i].id == d.id);
	schema_free_array(&doc_desc, vis, nvis);
	mdb_txn_abort(txn);
	/* signing needs an opinion and a grade */
	assert_int_equal(act_as(S1, &d, ACT_SIGN, "", NULL, GRADE_COMPETENT, NULL), KH_ERR_INVALID);
	assert_int_equal(act_as(S1, &d, ACT_SIGN, "需改进", NULL, 0, NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "grade");
	assert_int_equal(act_as(S1, &d, ACT_SIGN, "多项工作未完成", NULL, GRADE_INCOMPETENT, &npubs), 0);
	assert_int_equal(d.state, DOC_SIGNED);
	assert_int_equal(d.grade, GRADE_INCOMPETENT);
	assert_int_equal(npubs, 2);	/* the evaluation and the talk */
	/* 不称职: an admonishment talk waits for the signer */
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_get(txn, F->fix.st, d.id + 1, &task), 0);
	mdb_txn_abort(txn);
	assert_int_equal(task.kind, DOC_TASK);
	assert_int_equal(task.subject, F->u[A1].id);
	assert_int_equal(task.author, F->u[S1].id);
	assert_int_equal(task.reviewer, F->u[S1].id);
	assert_int_equal(task.state, DOC_DRAFT);
	assert_true(task.due > TODAY);
	/* now the subject sees the signed evaluation */
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_visible(txn, F->fix.st, &F->u[A1], &vis, &nvis), 0);
	bool seen = false;
	for (uint32_t i = 0; i < nvis; i++)
		seen |= vis[i].id == d.id;
	assert_true(seen);
	schema_free_array(&doc_desc, vis, nvis);
	mdb_txn_abort(txn);
	/* the talk is done only with its record */
	assert_int_equal(act_as(S1, &task, ACT_DONE, NULL, NULL, 0, NULL), KH_ERR_INVALID);
	assert_int_equal(act_as(A1, &task, ACT_DONE, NULL, NULL, 0, NULL), KH_ERR_DENIED);
	schema_free(&doc_desc, &task);
	schema_free(&doc_desc, &d);
}

static void
test_correction_is_a_new_version(void **state)
{
	struct doc d, old, *hist;
	uint32_t nhist;
	MDB_txn *txn;

	(void)state;
	assert_int_equal(save_as(S1, DOC_EVALUATION, A2, Q3, NULL, &d), 0);
	assert_int_equal(act_as(S1, &d, ACT_SIGN, "能够完成工作", NULL, GRADE_COMPETENT, NULL), 0);
	uint64_t first = d.id, first_version = d.version;
	/* staff may not correct; a correction needs a reason */
	assert_int_equal(act_as(A2, &d, ACT_CORRECT, NULL, "改", 0, NULL), KH_ERR_DENIED);
	assert_int_equal(act_as(S1, &d, ACT_CORRECT, NULL, "", GRADE_EXCELLENT, NULL), KH_ERR_INVALID);
	old = d;
	memset(&d, 0, sizeof d);
	schema_copy(&doc_desc, &d, &old);
	assert_int_equal(act_as(S1, &d, ACT_CORRECT, "工作突出", "漏计市级表彰", GRADE_EXCELLENT, NULL), 0);
	assert_true(d.id != first);
	assert_int_equal(d.supersedes, first);
	assert_int_equal(d.grade, GRADE_EXCELLENT);
	assert_int_equal(d.state, DOC_SIGNED);
	assert_string_equal(d.correction_reason, "漏计市级表彰");
	/* the old record is exactly as it was */
	struct doc again = get(first);
	assert_int_equal(again.grade, GRADE_COMPETENT);
	assert_int_equal(again.version, first_version);
	assert_string_equal(again.comment, "能够完成工作");
	schema_free(&doc_desc, &again);
	/* correcting the old one again is refused: correct the newest */
	assert_int_equal(act_as(S1, &old, ACT_CORRECT, NULL, "再改", 0, NULL), KH_ERR_CONFLICT);
	/* history from either version: both, oldest first */
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_history(txn, F->fix.st, &F->u[A2], first, &hist, &nhist, &last), 0);
	assert_int_equal(nhist, 2);
	assert_int_equal(hist[0].id, first);
	assert_int_equal(hist[1].id, d.id);
	schema_free_array(&doc_desc, hist, nhist);
	/* someone in another department may not read it */
	assert_int_equal(docop_history(txn, F->fix.st, &F->u[B1], first, &hist, &nhist, &last), -1);
	assert_int_equal(last.code, KH_ERR_DENIED);
	/* only the newest version is current */
	struct doc *vis;
	uint32_t nvis;
	assert_int_equal(docop_visible(txn, F->fix.st, &F->u[A2], &vis, &nvis), 0);
	for (uint32_t i = 0; i < nvis; i++)
		assert_false(vis[i].id == first);
	schema_free_array(&doc_desc, vis, nvis);
	mdb_txn_abort(txn);
	schema_free(&doc_desc, &old);
	schema_free(&doc_desc, &d);
}

static void
test_publish(void **state)
{
	struct doc e1, e2, eb;
	uint32_t count;

	(void)state;
	assert_int_equal(save_as(S1, DOC_EVALUATION, A1, Q3, NULL, &e1), 0);
	assert_int_equal(act_as(S1, &e1, ACT_SIGN, "称职", NULL, GRADE_COMPETENT, NULL), 0);
	assert_int_equal(save_as(S1, DOC_EVALUATION, A2, Q3, NULL, &e2), 0);	/* left unsigned */
	assert_int_equal(save_as(S2, DOC_EVALUATION, B1, Q3, NULL, &eb), 0);
	assert_int_equal(act_as(S2, &eb, ACT_SIGN, "优秀", NULL, GRADE_EXCELLENT, NULL), 0);

	struct pubs pubs = { 0 };
	struct wtx w;
	struct actor notadmin = { &F->u[P], TODAY, &F->cal }, admin = { &F->u[AD], TODAY, &F->cal };
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(docop_publish(&w, &notadmin, F->o.dept_a, Q3, &count, &pubs, &last), -1);
	assert_int_equal(last.code, KH_ERR_DENIED);
	assert_int_equal(docop_publish(&w, &admin, F->o.dept_a, NOV, &count, &pubs, &last), -1);
	assert_int_equal(last.code, KH_ERR_INVALID);
	/* department A only: its one signed evaluation */
	assert_int_equal(docop_publish(&w, &admin, F->o.dept_a, Q3, &count, &pubs, &last), 0);
	assert_int_equal(count, 1);
	/* then the whole office: B's one; A's is published already, A2's unsigned */
	assert_int_equal(docop_publish(&w, &admin, F->o.root, Q3, &count, &pubs, &last), 0);
	assert_int_equal(count, 1);
	pubs_free(&pubs);
	assert_int_equal(store_write_commit(&w), 0);
	struct doc g = get(e1.id + 0);
	/* e1 was replaced in place by a new version: read the current id */
	schema_free(&doc_desc, &g);
	MDB_txn *txn;
	struct doc *vis;
	uint32_t nvis, published = 0, draft = 0;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_visible(txn, F->fix.st, &F->u[P], &vis, &nvis), 0);
	for (uint32_t i = 0; i < nvis; i++) {
		published += vis[i].kind == DOC_EVALUATION && vis[i].state == DOC_PUBLISHED;
		draft += vis[i].kind == DOC_EVALUATION && vis[i].state == DOC_DRAFT;
	}
	assert_int_equal(published, 2);
	assert_int_equal(draft, 1);
	schema_free_array(&doc_desc, vis, nvis);
	mdb_txn_abort(txn);
	schema_free(&doc_desc, &e1);
	schema_free(&doc_desc, &e2);
	schema_free(&doc_desc, &eb);
}

static void
set_lock(uint32_t code, bool locked)
{
	struct wtx w;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(period_set_lock(&w, code, locked, F->u[AD].id), 0);
	assert_int_equal(store_write_commit(&w), 0);
}

static void
test_period_lock(void **state)
{
	struct doc d;

	(void)state;
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, OCT, monthly_kv, &d), 0);
	set_lock(OCT, true);
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), KH_ERR_DENIED);
	assert_string_equal(last.field, "period");
	assert_int_equal(save_as(A2, DOC_MONTHLY, A2, OCT, monthly_kv, NULL), KH_ERR_DENIED);
	set_lock(OCT, false);
	/* a locked quarter holds its months */
	set_lock(Q4, true);
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), KH_ERR_DENIED);
	set_lock(Q4, false);
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), 0);
	schema_free(&doc_desc, &d);
}

static bool
sees(int viewer, uint64_t id)
{
	struct doc *vis;
	uint32_t n;
	bool found = false;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(docop_visible(txn, F->fix.st, &F->u[viewer], &vis, &n), 0);
	for (uint32_t i = 0; i < n; i++)
		found |= vis[i].id == id;
	schema_free_array(&doc_desc, vis, n);
	mdb_txn_abort(txn);
	return found;
}

static void
test_who_sees_what(void **state)
{
	struct doc da, db;

	(void)state;
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, NOV, monthly_kv, &da), 0);
	assert_int_equal(save_as(B1, DOC_MONTHLY, B1, NOV, monthly_kv, &db), 0);
	/*              a1     a2     ha     b1     hb     s1     s2     p      ad     od */
	const bool want_a[] = { true, false, true, false, false, true, false, true, true, true };
	const bool want_b[] = { false, false, false, true, true, false, true, true, true, true };
	for (int v = 0; v < NPEOPLE; v++) {
		if (sees(v, da.id) != want_a[v])
			fail_msg("%s sees a1's record: %d", F->u[v].login, !want_a[v]);
		if (sees(v, db.id) != want_b[v])
			fail_msg("%s sees b1's record: %d", F->u[v].login, !want_b[v]);
	}
	/* and a change reaches exactly those who may see it */
	uint64_t aud[64];
	MDB_txn *txn;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	uint32_t n = docop_audience(txn, F->fix.st, F->u[A1].id, NULL, 0, aud, 64);
	mdb_txn_abort(txn);
	for (int v = 0; v < NPEOPLE; v++) {
		bool in = false;
		for (uint32_t i = 0; i < n; i++)
			in |= aud[i] == F->u[v].id;
		if (in != want_a[v])
			fail_msg("audience of a1: %s %s", F->u[v].login, in ? "in" : "missing");
	}
	schema_free(&doc_desc, &da);
	schema_free(&doc_desc, &db);
}

static void
test_audit_lines(void **state)
{
	struct audit_rec *lines;
	struct doc d;
	uint32_t n;
	MDB_txn *txn;

	(void)state;
	assert_int_equal(save_as(A1, DOC_MONTHLY, A1, NOV, monthly_kv, &d), 0);
	assert_int_equal(act_as(A1, &d, ACT_SUBMIT, NULL, NULL, 0, NULL), 0);
	assert_int_equal(act_as(S1, &d, ACT_RETURN, NULL, "补充数据", 0, NULL), 0);
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(store_audit_list(txn, F->fix.st, 0, 3, &lines, &n), 0);
	mdb_txn_abort(txn);
	assert_int_equal(n, 3);
	assert_string_equal(lines[0].action, "doc.return");	/* newest first */
	assert_int_equal(lines[0].user, F->u[S1].id);
	assert_non_null(strstr(lines[0].detail, "补充数据"));
	assert_string_equal(lines[1].action, "doc.submit");
	assert_int_equal(lines[1].user, F->u[A1].id);
	assert_string_equal(lines[2].action, "doc.create");
	assert_true(lines[0].id > lines[1].id && lines[1].id > lines[2].id);
	assert_true(lines[0].seq > 0);
	schema_free_array(&audit_rec_desc, lines, n);
	schema_free(&doc_desc, &d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_monthly_create_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monthly_workflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quarterly_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_evaluation_and_admonishment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_correction_is_a_new_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_publish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_sees_what, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_lines, setup, teardown),
	};

	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
