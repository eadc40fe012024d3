/*
 * test-ledger.c: points ledgers in the store (server/ledger-ops.c, the
 * rules of common/ledger.c, the files of schema/ledgers read by
 * server/ledger-load.c): sums per period and ranks worked by hand,
 * validation refusals, locked periods, who may write and read, edits that
 * move an entry, deletes, the audit log and who hears of a change.
 *
 * The office (tests/office-fixture.c): 机关 with departments 甲科 (head
 * 张三 HA, staff 甲一 甲二 甲三, supervising leader 钱芳 S1) and 乙科
 * (head 李四 HB, staff 乙一 乙二, supervising leader 孙伟 S2); admin 周敏,
 * principal, organisation department at the root.  The ledgers are the
 * shipped schema/ledgers/delegate.yaml (visit +2, proposal +3,
 * reception-missed -3, ...) and pioneer.yaml.  Today is 2026-05-20.
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
#include "common/ledger.h"
#include "common/util.h"
#include "server/calendar.h"
#include "server/doc-ops.h"
#include "server/ledger-load.h"
#include "server/ledger-ops.h"
#include "server/store.h"
#include "office-fixture.h"
#include "store-fixture.h"

#define TODAY	20260520u
#define M02	202602u
#define M03	202603u
#define Q1	202621u
#define Q2	202622u
#define H1	202631u
#define Y26	202640u

enum { AD, P, S1, S2, OD, HA, A1, A2, A3, HB, B1, B2, NPEOPLE };

static const struct office_person who[NPEOPLE] = {
	[AD] = { "ad", "周敏", ROLE_ADMIN, 0 }, [P] = { "p", "赵国强", ROLE_PRINCIPAL, 0 },
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
};

static struct fx *F;
static struct codec_error last;

static void
import_ledger(struct wtx *w, const char *path)
{
	struct import_report r = { 0 };
	struct ledger_def d;

	if (ledger_load(path, &d, &r) != 0)
		fail_msg("%s: %s", path, r.n > 0 ? r.messages[0] : "?");
	import_report_free(&r);
	assert_int_equal(ledgerop_def_put(w, &d), 0);
	schema_free(&ledger_def_desc, &d);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct wtx w;

	if (store_fixture_open(&f->fix, "ledger") != 0 || store_write_begin(f->fix.st, &w) != 0)
		return -1;
	office_build(&w, &f->o, who, NPEOPLE, S1, S2, f->u);
	import_ledger(&w, "schema/ledgers/delegate.yaml");
	import_ledger(&w, "schema/ledgers/pioneer.yaml");
	assert_int_equal(store_write_commit(&w), 0);
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

/* Enter (id 0) or change an entry as `as`: 0 or the error code.  *id gets
 * the entry's id; with keep, the changes published are handed back. */
static int
put_full(int as, uint64_t id, const char *ledger, int person, uint32_t date, uint32_t points,
    bool deduct, const char *item, const char *reason, uint64_t *got, struct pubs *keep)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct ledger_rec e = { .id = id, .ledger = (char *)ledger, .person = F->u[person].id,
	    .date = date, .points = points, .deduct = deduct, .item = (char *)item,
	    .reason = (char *)reason };
	struct pubs pubs = { 0 };
	uint64_t dummy;
	struct wtx w;
	int rc;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	w.actor = F->u[as].id;
	w.workstation = "pc-test";
	rc = ledgerop_put(&w, &a, &e, got != NULL ? got : &dummy, &pubs, &last);
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

/* A free entry in the delegate ledger. */
static int
put(int as, int person, uint32_t date, uint32_t points, bool deduct, const char *reason)
{
	return put_full(as, 0, "delegate", person, date, points, deduct, "", reason, NULL, NULL);
}

static int
del(int as, uint64_t id)
{
	struct actor a = { &F->u[as], TODAY, &F->cal };
	struct pubs pubs = { 0 };
	struct wtx w;
	int rc;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	w.actor = F->u[as].id;
	rc = ledgerop_delete(&w, &a, id, &pubs, &last);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

/* LEDGERS as `as`: 0 or the error code; out to be released. */
static int
list(int as, const char *ledger, uint32_t period, uint64_t unit, int person,
    struct ledgers_reply_body *out)
{
	struct ledgers_body b = { .session = "", .ledger = (char *)ledger, .period = period,
	    .unit_id = unit, .person = person >= 0 ? F->u[person].id : 0 };
	MDB_txn *txn;
	int rc;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	rc = ledgerop_list(txn, F->fix.st, &F->u[as], &b, out, &last);
	mdb_txn_abort(txn);
	return rc == 0 ? 0 : last.code;
}

static const struct ledger_row *
row_of(const struct ledgers_reply_body *r, int person)
{
	for (uint32_t i = 0; i < r->rows_n; i++)
		if (r->rows[i].person == F->u[person].id)
			return &r->rows[i];
	return NULL;
}

/* The signed sum of person in the admin's ranking of a period; the count
 * of entries in *n. */
static int64_t
sum_of(int person, uint32_t period, uint32_t *n)
{
	struct ledgers_reply_body r;
	const struct ledger_row *row;
	int64_t v = 0;

	assert_int_equal(list(AD, "delegate", period, 0, -1, &r), 0);
	*n = 0;
	if ((row = row_of(&r, person)) != NULL) {
		v = row->negative ? -(int64_t)row->points : (int64_t)row->points;
		*n = row->entries;
	}
	schema_free(&ledgers_reply_body_desc, &r);
	return v;
}

/* ---- the sums ---- */

static void
test_sums_by_period(void **state)
{
	uint32_t n;

	(void)state;
	/* March: the monthly visit (item, +2.00), a free +1.50, a free -1.00. */
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260305, 200, false, "visit",
	    "每月走访群众一次：走访三户", NULL, NULL), 0);
	assert_int_equal(put(AD, A1, 20260312, 150, false, "协助调解邻里纠纷"), 0);
	assert_int_equal(put(AD, A1, 20260320, 100, true, "民情信息迟报"), 0);
	/* April: a proposal (item, +3.00). */
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260410, 300, false, "proposal",
	    "提出社区停车改造建议", NULL, NULL), 0);

	/* 2.00 + 1.50 - 1.00 = 2.50, three entries, in March and in Q1 */
	assert_int_equal(sum_of(A1, M03, &n), 250);
	assert_int_equal(n, 3);
	assert_int_equal(sum_of(A1, Q1, &n), 250);
	assert_int_equal(n, 3);
	/* Q2 holds April only: 3.00 */
	assert_int_equal(sum_of(A1, Q2, &n), 300);
	assert_int_equal(n, 1);
	/* H1 and the year hold all four: 2.50 + 3.00 = 5.50 */
	assert_int_equal(sum_of(A1, H1, &n), 550);
	assert_int_equal(n, 4);
	assert_int_equal(sum_of(A1, Y26, &n), 550);
	/* February: nothing, no row */
	assert_int_equal(sum_of(A1, M02, &n), 0);
	assert_int_equal(n, 0);
	/* the other ledger is apart */
	struct ledgers_reply_body r;
	assert_int_equal(list(AD, "pioneer", Y26, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 0);
	assert_int_equal(r.defs_n, 2);		/* delegate, pioneer: by key */
	assert_string_equal(r.defs[0].key, "delegate");
	assert_true(r.may_write);
	schema_free(&ledgers_reply_body_desc, &r);
	/* "" asks for the first ledger: delegate */
	assert_int_equal(list(AD, "", Q1, 0, -1, &r), 0);
	assert_string_equal(r.ledger, "delegate");
	assert_int_equal(r.rows_n, 1);
	schema_free(&ledgers_reply_body_desc, &r);
}

static void
test_ranking_ties(void **state)
{
	struct ledgers_reply_body r;

	(void)state;
	/* February: 甲一 5.00; 甲二 3.00 (2.00 + 1.00); 甲三 3.00; 乙一 1.00;
	 * 乙二 -2.00 (1.00 - 3.00, the reception day missed). */
	assert_int_equal(put(AD, A1, 20260203, 500, false, "a"), 0);
	assert_int_equal(put(AD, A2, 20260204, 200, false, "b"), 0);
	assert_int_equal(put(AD, A2, 20260205, 100, false, "c"), 0);
	assert_int_equal(put(AD, A3, 20260206, 300, false, "d"), 0);
	assert_int_equal(put(AD, B1, 20260207, 100, false, "e"), 0);
	assert_int_equal(put(AD, B2, 20260209, 100, false, "f"), 0);
	assert_int_equal(put_full(AD, 0, "delegate", B2, 20260210, 300, true, "reception-missed",
	    "接待日未到岗", NULL, NULL), 0);

	assert_int_equal(list(AD, "delegate", M02, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 5);
	/* competition ranking: 5.00 first; the two 3.00 share 2; 1.00 is 4th */
	assert_int_equal(row_of(&r, A1)->rank, 1);
	assert_false(row_of(&r, A1)->tied);
	assert_int_equal(row_of(&r, A2)->rank, 2);
	assert_true(row_of(&r, A2)->tied);
	assert_int_equal(row_of(&r, A2)->entries, 2);
	assert_int_equal(row_of(&r, A3)->rank, 2);
	assert_true(row_of(&r, A3)->tied);
	assert_int_equal(row_of(&r, B1)->rank, 4);
	assert_int_equal(row_of(&r, B2)->rank, 5);
	assert_true(row_of(&r, B2)->negative);
	assert_int_equal(row_of(&r, B2)->points, 200);
	/* rows come by rank */
	for (uint32_t i = 1; i < r.rows_n; i++)
		assert_true(r.rows[i - 1].rank <= r.rows[i].rank);
	assert_int_equal(r.rows[0].person, F->u[A1].id);
	schema_free(&ledgers_reply_body_desc, &r);

	/* 甲科 only: 甲一 1, 甲二 and 甲三 2 */
	assert_int_equal(list(AD, "delegate", M02, F->o.dept_a, -1, &r), 0);
	assert_int_equal(r.rows_n, 3);
	assert_int_equal(row_of(&r, A3)->rank, 2);
	assert_null(row_of(&r, B1));
	schema_free(&ledgers_reply_body_desc, &r);
	/* 乙科 only: 乙一 1.00 first, 乙二 -2.00 second */
	assert_int_equal(list(AD, "delegate", M02, F->o.dept_b, -1, &r), 0);
	assert_int_equal(r.rows_n, 2);
	assert_int_equal(row_of(&r, B1)->rank, 1);
	assert_int_equal(row_of(&r, B2)->rank, 2);
	schema_free(&ledgers_reply_body_desc, &r);
}

/* ---- validation ---- */

static void
test_refusals(void **state)
{
	char long_reason[520];

	(void)state;
	/* a day after today; no such day */
	assert_int_equal(put(AD, A1, 20260521, 100, false, "x"), KH_ERR_INVALID);
	assert_string_equal(last.field, "date");
	assert_int_equal(put(AD, A1, 20260230, 100, false, "x"), KH_ERR_INVALID);
	assert_string_equal(last.field, "date");
	/* today itself is fine */
	assert_int_equal(put(AD, A1, TODAY, 100, false, "今天"), 0);
	/* points: 0 < p <= 1000.00 */
	assert_int_equal(put(AD, A1, 20260501, 0, false, "x"), KH_ERR_INVALID);
	assert_string_equal(last.field, "points");
	assert_int_equal(put(AD, A1, 20260501, 100001, false, "x"), KH_ERR_INVALID);
	assert_string_equal(last.field, "points");
	assert_int_equal(put(AD, A1, 20260501, 100000, false, "上限"), 0);
	/* reason: required, one line, at most 500 bytes */
	assert_int_equal(put(AD, A1, 20260501, 100, false, ""), KH_ERR_INVALID);
	assert_string_equal(last.field, "reason");
	assert_int_equal(put(AD, A1, 20260501, 100, false, "两\n行"), KH_ERR_INVALID);
	assert_string_equal(last.field, "reason");
	/* 167 × 3 = 501 bytes: one too many; 166 × 3 + 2 = 500 fits */
	long_reason[0] = '\0';
	for (int i = 0; i < 167; i++)
		strcat(long_reason, "事");
	assert_int_equal(put(AD, A1, 20260501, 100, false, long_reason), KH_ERR_INVALID);
	assert_string_equal(last.field, "reason");
	long_reason[166 * 3] = '\0';
	strcat(long_reason, "ab");
	assert_int_equal(strlen(long_reason), 500);
	assert_int_equal(put(AD, A1, 20260501, 100, false, long_reason), 0);
	/* a ledger and item that exist, with the item's own points */
	assert_int_equal(put_full(AD, 0, "nosuch", A1, 20260501, 100, false, "", "x", NULL, NULL),
	    KH_ERR_NOT_FOUND);
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260501, 200, false, "nosuch", "x", NULL,
	    NULL), KH_ERR_INVALID);
	assert_string_equal(last.field, "item");
	/* the visit is worth +2.00: not 3.00, and not a deduction */
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260501, 300, false, "visit", "x", NULL,
	    NULL), KH_ERR_INVALID);
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260501, 200, true, "visit", "x", NULL,
	    NULL), KH_ERR_INVALID);
	/* a person who exists */
	struct actor a = { &F->u[AD], TODAY, &F->cal };
	struct ledger_rec e = { .ledger = "delegate", .person = 999999, .date = 20260501,
	    .points = 100, .item = "", .reason = "x" };
	struct pubs pubs = { 0 };
	uint64_t id;
	struct wtx w;
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(ledgerop_put(&w, &a, &e, &id, &pubs, &last), -1);
	assert_int_equal(last.code, KH_ERR_NOT_FOUND);
	store_write_abort(&w);
	pubs_free(&pubs);
	/* an entry that exists, for a change or a delete */
	assert_int_equal(del(AD, 424242), KH_ERR_NOT_FOUND);
	assert_int_equal(put_full(AD, 424242, "delegate", A1, 20260501, 100, false, "", "x", NULL,
	    NULL), KH_ERR_NOT_FOUND);
	/* asking: a period and unit that exist */
	struct ledgers_reply_body r;
	assert_int_equal(list(AD, "delegate", 202613, 0, -1, &r), KH_ERR_INVALID);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(AD, "delegate", Q2, 777777, -1, &r), KH_ERR_NOT_FOUND);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(AD, "nosuch", Q2, 0, -1, &r), KH_ERR_NOT_FOUND);
	schema_free(&ledgers_reply_body_desc, &r);
}

static void
test_locked_period(void **state)
{
	uint64_t id;
	struct wtx w;

	(void)state;
	assert_int_equal(put_full(AD, 0, "delegate", A1, 20260310, 200, false, "visit", "走访",
	    &id, NULL), 0);
	/* the admin closes Q1: March is inside it */
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(period_set_lock(&w, Q1, true, F->u[AD].id), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(put(AD, A1, 20260311, 100, false, "x"), KH_ERR_DENIED);
	assert_string_equal(last.field, "date");
	assert_int_equal(put(AD, A1, 20260201, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(del(AD, id), KH_ERR_DENIED);
	/* nor may a closed entry move out to an open month */
	assert_int_equal(put_full(AD, id, "delegate", A1, 20260410, 200, false, "visit", "走访",
	    NULL, NULL), KH_ERR_DENIED);
	/* April is open */
	assert_int_equal(put(AD, A1, 20260401, 100, false, "x"), 0);
}

/* ---- who may ---- */

static void
test_who_writes(void **state)
{
	(void)state;
	/* the admin for anyone but themselves */
	assert_int_equal(put(AD, HB, 20260501, 100, false, "x"), 0);
	assert_int_equal(put(AD, AD, 20260501, 100, false, "x"), KH_ERR_DENIED);
	/* a department head for their own department's people */
	assert_int_equal(put(HA, A1, 20260501, 100, false, "x"), 0);
	assert_int_equal(put(HA, B1, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(HA, HA, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(HB, B2, 20260501, 100, false, "x"), 0);
	/* nobody else */
	assert_int_equal(put(A1, A2, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(A1, A1, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(S1, A1, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(P, A1, 20260501, 100, false, "x"), KH_ERR_DENIED);
	assert_int_equal(put(OD, A1, 20260501, 100, false, "x"), KH_ERR_DENIED);
	/* and nobody for the organisation department's account */
	assert_int_equal(put(AD, OD, 20260501, 100, false, "x"), KH_ERR_INVALID);
	/* a head may not remove another department's entry */
	uint64_t id;
	assert_int_equal(put_full(AD, 0, "delegate", B1, 20260502, 100, false, "", "y", &id, NULL), 0);
	assert_int_equal(del(HA, id), KH_ERR_DENIED);
	assert_int_equal(del(HB, id), 0);
}

static void
test_who_reads(void **state)
{
	struct ledgers_reply_body r;

	(void)state;
	/* May: 甲一 1.00, 甲二 2.00, 乙一 3.00 */
	assert_int_equal(put(AD, A1, 20260501, 100, false, "x"), 0);
	assert_int_equal(put(AD, A2, 20260502, 200, false, "y"), 0);
	assert_int_equal(put(AD, B1, 20260503, 300, false, "z"), 0);
	/* the organisation department and the principal: all three */
	assert_int_equal(list(OD, "delegate", 202605, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 3);
	assert_false(r.may_write);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(P, "delegate", 202605, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 3);
	schema_free(&ledgers_reply_body_desc, &r);
	/* 甲科's head and supervising leader: 甲二 1st, 甲一 3rd of the office */
	assert_int_equal(list(HA, "delegate", 202605, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 2);
	assert_int_equal(row_of(&r, A2)->rank, 2);
	assert_int_equal(row_of(&r, A1)->rank, 3);
	assert_null(row_of(&r, B1));
	assert_true(r.may_write);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(S1, "delegate", 202605, 0, -1, &r), 0);
	assert_int_equal(r.rows_n, 2);
	schema_free(&ledgers_reply_body_desc, &r);
	/* a staff member: their own row and entries only */
	assert_int_equal(list(A1, "delegate", 202605, 0, A1, &r), 0);
	assert_int_equal(r.rows_n, 1);
	assert_int_equal(row_of(&r, A1)->rank, 3);
	assert_int_equal(r.entries_n, 1);
	assert_string_equal(r.entries[0].reason, "x");
	assert_false(r.may_write);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(A1, "delegate", 202605, 0, A2, &r), KH_ERR_DENIED);
	schema_free(&ledgers_reply_body_desc, &r);
	assert_int_equal(list(HA, "delegate", 202605, 0, B1, &r), KH_ERR_DENIED);
	schema_free(&ledgers_reply_body_desc, &r);
}

/* ---- changes, deletes, the audit log and who hears ---- */

static bool
hears(const struct pub *p, int person)
{
	for (uint32_t i = 0; i < p->n; i++)
		if (p->audience[i] == F->u[person].id)
			return true;
	return false;
}

static void
test_edit_delete_audit(void **state)
{
	struct pubs pubs = { 0 };
	uint64_t id, id2;
	uint32_t n;

	(void)state;
	assert_int_equal(put_full(HA, 0, "delegate", A1, 20260315, 200, false, "visit", "走访",
	    &id, &pubs), 0);
	/* the change reaches 甲一, their head, supervisor, principal, admin and
	 * organisation department, never a colleague or another department */
	assert_int_equal(pubs.n, 1);
	assert_int_equal(pubs.v[0].ch.ledger.id, id);
	assert_string_equal(pubs.v[0].ch.ledger.reason, "走访");
	assert_int_equal(pubs.v[0].ch.ledger.by, F->u[HA].id);
	assert_true(hears(&pubs.v[0], A1) && hears(&pubs.v[0], HA) && hears(&pubs.v[0], S1));
	assert_true(hears(&pubs.v[0], P) && hears(&pubs.v[0], AD) && hears(&pubs.v[0], OD));
	assert_false(hears(&pubs.v[0], A2) || hears(&pubs.v[0], HB) || hears(&pubs.v[0], S2));
	pubs_free(&pubs);
	assert_int_equal(put(AD, A1, 20260316, 100, false, "另一条"), 0);
	/* Q1: 2.00 + 1.00 = 3.00 */
	assert_int_equal(sum_of(A1, Q1, &n), 300);
	/* moved to April: Q1 keeps 1.00, Q2 gets 2.00; the id stays */
	assert_int_equal(put_full(HA, id, "delegate", A1, 20260402, 200, false, "visit", "走访（补记）",
	    &id2, NULL), 0);
	assert_int_equal(id2, id);
	assert_int_equal(sum_of(A1, Q1, &n), 100);
	assert_int_equal(n, 1);
	assert_int_equal(sum_of(A1, Q2, &n), 200);
	/* changing whose entry it is: delete and enter again */
	assert_int_equal(put_full(AD, id, "delegate", A2, 20260402, 200, false, "visit", "x", NULL,
	    NULL), KH_ERR_INVALID);
	assert_int_equal(del(HA, id), 0);
	assert_int_equal(sum_of(A1, Q2, &n), 0);
	assert_int_equal(del(HA, id), KH_ERR_NOT_FOUND);

	/* the audit log, newest first: delete, edit, put, put */
	struct audit_rec *lines;
	uint32_t nl;
	MDB_txn *txn;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(store_audit_list(txn, F->fix.st, 0, 4, &lines, &nl), 0);
	mdb_txn_abort(txn);
	assert_int_equal(nl, 4);
	assert_string_equal(lines[0].action, "ledger.delete");
	assert_string_equal(lines[1].action, "ledger.edit");
	assert_non_null(strstr(lines[1].detail, "甲一 2026-04-02 +2.00：走访（补记）"));
	assert_string_equal(lines[2].action, "ledger.put");
	assert_string_equal(lines[3].action, "ledger.put");
	assert_int_equal(lines[3].user, F->u[HA].id);
	schema_free_array(&audit_rec_desc, lines, nl);
}

/* ---- the files ---- */

static void
test_ledger_files(void **state)
{
	struct import_report r = { 0 };
	struct ledger_def d;
	static const char *bad[][2] = {
		{ "key: x\nname: y\nitems:\n  - key: a\n    name: b\n    points: 0\n", ":4:" },	/* the item's line */
		{ "key: x\nname: y\nitems:\n  - key: a\n    name: b\n    points: 1001\n", ":6:" },
		{ "key: x\nname: y\nitems:\n  - key: a\n    name: b\n    points: 1\n"
		  "  - key: a\n    name: c\n    points: 1\n", ":7:" },
		{ "key: X\nname: y\nitems:\n  - key: a\n    name: b\n    points: 1\n", ":1:" },
		{ "key: x\nname: y\nitems: []\n", ":1:" },
		{ "key: x\nname: &n y\n", ":2:" },
		{ "key: x\nname: y\ncolour: red\n", ":3:" },
		{ "- x\n", ":1:" },
	};

	(void)state;
	assert_int_equal(ledger_load("schema/ledgers/delegate.yaml", &d, &r), 0);
	/* the three monthly duties of seed 003's 四个一, +2.00 each */
	assert_string_equal(d.key, "delegate");
	assert_int_equal(ledger_item_find(&d, "visit")->points, 200);
	assert_int_equal(ledger_item_find(&d, "report")->points, 200);
	assert_int_equal(ledger_item_find(&d, "reception")->points, 200);
	assert_true(ledger_item_find(&d, "reception-missed")->deduct);
	schema_free(&ledger_def_desc, &d);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct import_report br = { 0 };

		assert_int_equal(ledger_load_text("bad.yaml", bad[i][0], strlen(bad[i][0]), &d, &br), -1);
		assert_true(br.n >= 1);
		if (strstr(br.messages[0], bad[i][1]) == NULL)
			fail_msg("case %zu: %s", i, br.messages[0]);
		import_report_free(&br);
	}
	import_report_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sums_by_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranking_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_locked_period, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_who_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edit_delete_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ledger_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
