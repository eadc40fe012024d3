/*
 * test-orgs.c: organisations scored against a rubric in the store
 * (server/rubric-ops.c, rubric-sheets.c): items, floors, section caps,
 * totals and tiers worked by hand; applying at the threshold; a checked
 * sheet refusing findings; ranking with ties, overall and by category;
 * rectification notices; spot-check draws reproducible from their seed;
 * subjects and who may do what.
 *
 * The plans are the shipped schema/plans/wenzhou-rubric.yaml (100 points:
 * sections 20, 20, 60; apply_min 90; tiers [80,91) 三等, [91,96) 二等,
 * [96,100] 一等; subjects 机关部门; cycle annual) and
 * community-checklist.yaml (a checklist; subjects 社区; sampling 20%, at
 * least 1, towns 乡镇, each 机关部门 站所 学校; cycle monthly, half-year,
 * annual).  Rules used (wenzhou):
 *   1.1 (5): study-missed-session 2 per 次, study-no-plan 2 once
 *   1.2 (5): weak-team 3 once
 *   2.1 (10): measures-not-done 3 once
 *   3.3 (15): study-days-short 5 per 天
 *   3.4 (10): no-supervision-mechanism 4 once
 * Today is 2026-11-22; the year 2026 is period 202640.
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
#include "common/plan.h"
#include "common/util.h"
#include "server/org.h"
#include "server/plan-load.h"
#include "server/plan-store.h"
#include "server/rubric-int.h"
#include "server/rubric-ops.h"
#include "server/store.h"
#include "office-fixture.h"
#include "store-fixture.h"
#include "i18n-fixture.h"

#define TODAY	20261122u
#define YEAR	202640u
#define MONTH	202611u
#define WZ	"wenzhou-rubric"
#define CC	"community-checklist"

enum { AD, IN, OD, H1, S1, H2, HC, NPEOPLE };
/* units */
enum { ROOT, D1, D2, D3, COMM, COMM2, COUNTY, NUNITS };

struct fx {
	struct store_fixture fix;
	struct user_rec	 u[NPEOPLE];
	uint64_t	 unit[NUNITS];
	uint64_t	 towns[7];
	struct plan	 wz;		/* as loaded, for compute tests */
};

static struct fx *F;
static struct codec_error last;

static uint64_t
add_unit(struct wtx *w, const char *name, uint64_t parent, const char *category)
{
	struct unit_rec u = { .name = (char *)name, .parent = parent, .kind = parent ? 2 : 1,
	    .category = (char *)category };
	struct codec_error ce;

	assert_int_equal(org_unit_put(w, &u, &ce), 0);
	return u.id;
}

static void
load_plan(const char *path, struct plan *p)
{
	struct import_report r = { 0 };

	if (plan_load(path, p, &r) != 0)
		fail_msg("%s: %s", path, r.n > 0 ? r.messages[0] : "?");
	import_report_free(&r);
}

static void
import_plan(struct wtx *w, const char *path)
{
	struct plan p;

	load_plan(path, &p);
	assert_int_equal(plan_store_import(w, &p), 0);
	schema_free(&plan_desc, &p);
}

static int
setup(void **state)
{
	static const struct office_person who[NPEOPLE] = {
		[AD] = { "ad", NULL, ROLE_ADMIN, ROOT }, [IN] = { "in", NULL, ROLE_INSPECTOR, ROOT },
		[OD] = { "od", NULL, ROLE_ORG_DEPT, ROOT }, [H1] = { "h1", NULL, ROLE_DEPT_HEAD, D1 },
		[S1] = { "s1", NULL, ROLE_STAFF, D1 }, [H2] = { "h2", NULL, ROLE_DEPT_HEAD, D2 },
		[HC] = { "hc", NULL, ROLE_DEPT_HEAD, COMM },
	};
	struct fx *f = xcalloc(1, sizeof *f);
	char name[32];
	struct wtx w;

	if (store_fixture_open(&f->fix, "orgs") != 0 || store_write_begin(f->fix.st, &w) != 0)
		return -1;
	f->unit[ROOT] = add_unit(&w, "市直机关工委", 0, "");
	f->unit[D1] = add_unit(&w, "宣传部", f->unit[ROOT], "机关部门");
	f->unit[D2] = add_unit(&w, "统战部", f->unit[ROOT], "机关部门");
	f->unit[D3] = add_unit(&w, "财政局", f->unit[ROOT], "机关部门");
	f->unit[COMM] = add_unit(&w, "东街社区", f->unit[ROOT], "社区");
	f->unit[COMM2] = add_unit(&w, "西街社区", f->unit[ROOT], "社区");
	/* A county of 7 towns of 5 villages each, a 站所 and a 学校 in the
	 * first town, and a 机关部门 of the county. */
	f->unit[COUNTY] = add_unit(&w, "某县", 0, "");
	for (int t = 0; t < 7; t++) {
		snprintf(name, sizeof name, "镇%d", t + 1);
		f->towns[t] = add_unit(&w, name, f->unit[COUNTY], "乡镇");
		for (int v = 0; v < 5; v++) {
			snprintf(name, sizeof name, "镇%d村%d", t + 1, v + 1);
			add_unit(&w, name, f->towns[t], "村");
		}
	}
	add_unit(&w, "镇1农技站", f->towns[0], "站所");
	add_unit(&w, "镇1小学", f->towns[0], "学校");
	add_unit(&w, "县农业局", f->unit[COUNTY], "机关部门");
	office_people_add(&w, who, NPEOPLE, f->unit, f->u);
	import_plan(&w, "schema/plans/wenzhou-rubric.yaml");
	import_plan(&w, "schema/plans/community-checklist.yaml");
	assert_int_equal(store_write_commit(&w), 0);
	load_plan("schema/plans/wenzhou-rubric.yaml", &f->wz);
	F = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	schema_free(&plan_desc, &f->wz);
	int rc = office_fixture_close(&f->fix, f->u, NPEOPLE);
	free(f);
	return rc;
}

/* ---- shortcuts: each write in its own committed transaction ---- */

/* Run one write as `as`: 0 (committed) or the refusal's code. */
static int
run(int as, int (*fn)(struct wtx *, const struct actor *, const void *, struct pubs *), const void *in)
{
	struct actor a = { &F->u[as], TODAY, NULL };
	struct pubs pubs = { 0 };
	struct wtx w;
	int rc;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	w.actor = F->u[as].id;
	rc = fn(&w, &a, in, &pubs);
	pubs_free(&pubs);
	if (rc != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

static int
do_self(struct wtx *w, const struct actor *a, const void *in, struct pubs *p)
{
	return rubricop_self_put(w, a, in, p, &last);
}

static int
do_finding(struct wtx *w, const struct actor *a, const void *in, struct pubs *p)
{
	uint64_t id;

	return rubricop_finding_put(w, a, in, &id, p, &last);
}

static int
do_act(struct wtx *w, const struct actor *a, const void *in, struct pubs *p)
{
	return rubricop_act(w, a, in, p, &last);
}

static int
do_rectify(struct wtx *w, const struct actor *a, const void *in, struct pubs *p)
{
	uint64_t id;

	return rubricop_rectify(w, a, in, &id, p, &last);
}

static int
self(int as, int unit, const char *item, uint32_t v)
{
	struct self_put_body b = { .plan = WZ, .period = YEAR, .unit_id = F->unit[unit],
	    .item = (char *)item, .self = v };

	return run(as, do_self, &b);
}

static int
finding(int as, int unit, const char *item, const char *rule, uint32_t count)
{
	struct finding_put_body b = { .plan = WZ, .period = YEAR, .unit_id = F->unit[unit],
	    .finding = { .item = (char *)item, .rule = (char *)rule, .count = count,
	    .evidence = "查阅学习记录" } };

	return run(as, do_finding, &b);
}

static int
act(int as, int unit, uint32_t action)
{
	struct rubric_act_body b = { .plan = WZ, .period = YEAR, .unit_id = F->unit[unit],
	    .action = action };

	return run(as, do_act, &b);
}

/* Every item of the rubric self-checked at its standard, but for one. */
static void
self_all(int as, int unit, const char *except, uint32_t v)
{
	for (uint32_t i = 0; i < F->wz.sections_n; i++)
		for (uint32_t j = 0; j < F->wz.sections[i].items_n; j++) {
			const struct rubric_item *it = &F->wz.sections[i].items[j];

			assert_int_equal(self(as, unit, it->key, strcmp(it->key, except) == 0 ? v :
			    it->standard), 0);
		}
}

static void
sheet(int unit, struct rubric_sheet *s)
{
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(rb_sheet_get(txn, F->fix.st, WZ, YEAR, F->unit[unit], s), 0);
	mdb_txn_abort(txn);
}

static const struct rubric_item_score *
item_of(const struct rubric_sheet *s, const char *key)
{
	for (uint32_t i = 0; i < s->items_n; i++)
		if (strcmp(s->items[i].item, key) == 0)
			return &s->items[i];
	fail_msg("no item %s", key);
	return NULL;
}

/* An in-memory sheet with findings, computed against p. */
static void
add_finding(struct rubric_sheet *s, const char *item, const char *rule, uint32_t count)
{
	for (uint32_t i = 0; i < s->items_n; i++)
		if (strcmp(s->items[i].item, item) == 0) {
			struct rubric_item_score *is = &s->items[i];

			is->findings = xrealloc(is->findings, (is->findings_n + 1) * sizeof *is->findings);
			is->findings[is->findings_n++] = (struct rubric_finding){ .item = xstrdup(item),
			    .rule = xstrdup(rule), .count = count, .evidence = xstrdup("") };
			return;
		}
	fail_msg("no item %s", item);
}

/* ---- computing a sheet ---- */

static void
test_items_sections(void **state)
{
	struct fx *f = *state;
	struct unit_rec u = { .category = "机关部门" };
	struct rubric_sheet s = { 0 };

	rb_compute(&f->wz, &u, &s);
	assert_int_equal(s.items_n, 13);
	assert_int_equal(s.total, 10000);		/* no finding: 100.00 */
	/* 1.1: 缺2次 at 2 points = 4.00: 5.00 - 4.00 = 1.00 */
	add_finding(&s, "1.1", "study-missed-session", 2);
	/* 1.2: weak-team, once: 3.00 */
	add_finding(&s, "1.2", "weak-team", 1);
	/* 3.3: 4 days short at 5 = 20.00, more than its 15.00: floored at 0 */
	add_finding(&s, "3.3", "study-days-short", 4);
	rb_compute(&f->wz, &u, &s);
	assert_int_equal(item_of(&s, "1.1")->findings[0].points, 400);
	assert_int_equal(item_of(&s, "1.1")->deducted, 400);
	assert_int_equal(item_of(&s, "1.1")->score, 100);
	assert_int_equal(item_of(&s, "1.2")->score, 200);
	assert_int_equal(item_of(&s, "3.3")->findings[0].points, 2000);
	assert_int_equal(item_of(&s, "3.3")->deducted, 1500);
	assert_int_equal(item_of(&s, "3.3")->score, 0);
	/* section 1: 1.00 + 2.00 + 5.00 + 5.00 = 13.00; section 3: 60 - 15 = 45.00 */
	assert_int_equal(s.sections[0].score, 1300);
	assert_int_equal(s.sections[0].deducted, 700);
	assert_int_equal(s.sections[2].score, 4500);
	/* total 13 + 20 + 45 = 78.00: below 80, no tier */
	assert_int_equal(s.total, 7800);
	assert_string_equal(s.tier, "");
	/* a once rule found twice deducts once: 1.1 study-no-plan 2.00 twice:
	 * 1.00 - 2.00 floors at 0, so 1.1 is 0 and section 1 is 12.00 */
	add_finding(&s, "1.1", "study-no-plan", 1);
	add_finding(&s, "1.1", "study-no-plan", 1);
	rb_compute(&f->wz, &u, &s);
	assert_int_equal(item_of(&s, "1.1")->deducted, 500);	/* 4 + 2, at most 5 */
	assert_int_equal(s.sections[0].score, 1200);

	/* A section's points cap its items: section 1 held to 10.00 in
	 * memory (plan_check would refuse it), its items add to 12.00 */
	f->wz.sections[0].points = 1000;
	rb_compute(&f->wz, &u, &s);
	assert_int_equal(s.sections[0].score, 1000);
	f->wz.sections[0].points = 2000;
	schema_free(&rubric_sheet_desc, &s);
}

/* Tiers at their edges.  3.3's study-days-short is made 0.01 a day in
 * memory, so a total can end in any hundredth. */
static void
test_tiers(void **state)
{
	struct fx *f = *state;
	static const struct { uint32_t cents; uint32_t total; const char *tier; } want[] = {
		{ 901, 9099, "三等" },	/* 100 - 9.01 */
		{ 900, 9100, "二等" },
		{ 401, 9599, "二等" },
		{ 400, 9600, "一等" },
		{ 0, 10000, "一等" },
	};
	struct unit_rec u = { .category = "机关部门" };
	struct rubric_rule *r = NULL;

	for (uint32_t i = 0; i < f->wz.sections[2].items[2].rules_n; i++)
		if (strcmp(f->wz.sections[2].items[2].rules[i].key, "study-days-short") == 0)
			r = &f->wz.sections[2].items[2].rules[i];
	assert_non_null(r);
	r->points = 1;
	for (size_t i = 0; i < nitems(want); i++) {
		struct rubric_sheet s = { 0 };

		rb_compute(&f->wz, &u, &s);
		if (want[i].cents > 0)
			add_finding(&s, "3.3", "study-days-short", want[i].cents);
		rb_compute(&f->wz, &u, &s);
		assert_int_equal(s.total, want[i].total);
		assert_string_equal(s.tier, want[i].tier);
		schema_free(&rubric_sheet_desc, &s);
	}
	/* 79.99: 10.01 (3.3) + 4 (3.4) + 3 (1.2) + 3 (2.1) = 20.01 off */
	struct rubric_sheet s = { 0 };
	rb_compute(&f->wz, &u, &s);
	add_finding(&s, "3.3", "study-days-short", 1001);
	add_finding(&s, "3.4", "no-supervision-mechanism", 1);
	add_finding(&s, "1.2", "weak-team", 1);
	add_finding(&s, "2.1", "measures-not-done", 1);
	rb_compute(&f->wz, &u, &s);
	assert_int_equal(s.total, 7999);
	assert_string_equal(s.tier, "");
	schema_free(&rubric_sheet_desc, &s);
	r->points = 500;
}

/* ---- the sheet in the store ---- */

static void
test_apply_and_check(void **state)
{
	struct rubric_sheet s;

	(void)state;
	/* who: staff, another unit's head, the inspector may not self-check */
	assert_int_equal(self(S1, D1, "1.1", 500), KH_ERR_DENIED);
	assert_int_equal(self(H2, D1, "1.1", 500), KH_ERR_DENIED);
	assert_int_equal(self(IN, D1, "1.1", 500), KH_ERR_DENIED);
	assert_int_equal(self(H1, D1, "1.1", 501), KH_ERR_INVALID);	/* over 5.00 */
	assert_int_equal(self(H1, D1, "9.9", 100), KH_ERR_NOT_FOUND);
	/* a 社区 is not a subject of wenzhou-rubric */
	assert_int_equal(self(HC, COMM, "1.1", 500), KH_ERR_INVALID);
	assert_non_null(strstr(last.message, "不是这个方案的考核对象"));

	/* one item short: refused, saying how many */
	assert_int_equal(self(H1, D1, "1.1", 500), 0);
	assert_int_equal(act(H1, D1, RUBRIC_APPLY), KH_ERR_INVALID);
	assert_non_null(strstr(last.message, "还有 12 项没有自查分"));
	/* 3.3 at 4.99: 100 - 15 + 4.99 = 89.99, under 90 */
	self_all(H1, D1, "3.3", 499);
	sheet(D1, &s);
	assert_int_equal(s.self_total, 8999);
	assert_true(s.self_complete);
	schema_free(&rubric_sheet_desc, &s);
	assert_int_equal(act(H1, D1, RUBRIC_APPLY), KH_ERR_INVALID);
	assert_non_null(strstr(last.message, "自查总分 89.99 低于申报统一考核所需的 90.00 分"));
	/* 5.00: 90.00, enough; the admin may apply on the unit's behalf */
	assert_int_equal(self(H1, D1, "3.3", 500), 0);
	assert_int_equal(act(S1, D1, RUBRIC_APPLY), KH_ERR_DENIED);
	assert_int_equal(act(AD, D1, RUBRIC_APPLY), 0);
	assert_int_equal(act(H1, D1, RUBRIC_APPLY), KH_ERR_CONFLICT);
	assert_int_equal(self(H1, D1, "3.3", 400), KH_ERR_DENIED);	/* applied: fixed */

	/* findings: the inspector only; rules of the item only */
	assert_int_equal(finding(AD, D1, "1.1", "study-missed-session", 2), KH_ERR_DENIED);
	assert_int_equal(finding(IN, D1, "1.1", "weak-team", 1), KH_ERR_NOT_FOUND);
	assert_int_equal(finding(IN, D1, "1.2", "weak-team", 2), KH_ERR_INVALID);	/* once */
	assert_int_equal(finding(IN, D1, "1.1", "study-missed-session", 2), 0);
	assert_int_equal(finding(IN, D1, "1.2", "weak-team", 1), 0);
	/* 100 - 4 - 3 = 93.00 二等 */
	assert_int_equal(act(H1, D1, RUBRIC_CHECK), KH_ERR_DENIED);
	assert_int_equal(act(IN, D1, RUBRIC_REOPEN), KH_ERR_CONFLICT);
	assert_int_equal(act(IN, D1, RUBRIC_CHECK), 0);
	sheet(D1, &s);
	assert_true(s.checked);
	assert_int_equal(s.total, 9300);
	assert_string_equal(s.tier, "二等");
	assert_int_equal(s.findings, 2);
	assert_int_equal(s.checked_by, F->u[IN].id);
	schema_free(&rubric_sheet_desc, &s);
	/* checked: final, until reopened */
	assert_int_equal(finding(IN, D1, "1.4", "no-integrity-plan", 1), KH_ERR_DENIED);
	assert_int_equal(act(IN, D1, RUBRIC_REOPEN), 0);
	assert_int_equal(finding(IN, D1, "1.4", "no-integrity-plan", 1), 0);
	sheet(D1, &s);
	assert_false(s.checked);
	assert_int_equal(s.total, 9100);		/* 93 - 2 */
	schema_free(&rubric_sheet_desc, &s);
}

static const struct rubric_row *
row_of(const struct rubric_sheets_reply_body *r, int unit)
{
	for (uint32_t i = 0; i < r->rows_n; i++)
		if (r->rows[i].unit_id == F->unit[unit])
			return &r->rows[i];
	return NULL;
}

static void
sheets(int as, uint64_t unit, const char *plan, const char *category,
    struct rubric_sheets_reply_body *out)
{
	struct rubric_sheets_body in = { .plan = (char *)plan, .period = YEAR, .unit_id = unit,
	    .category = (char *)category };
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(rubricop_sheets(txn, F->fix.st, &F->u[as], TODAY, &in, out, &last), 0);
	mdb_txn_abort(txn);
}

/* Ranking: D1 93 (1.1 -4, 1.2 -3), D2 93 (3.4 -4, 1.2 -3), D3 96 (1.1 -4);
 * D3 first, D1 and D2 tied second; 东街社区 is no subject. */
static void
test_ranking(void **state)
{
	struct rubric_sheets_reply_body r;

	(void)state;
	assert_int_equal(finding(IN, D1, "1.1", "study-missed-session", 2), 0);
	assert_int_equal(finding(IN, D1, "1.2", "weak-team", 1), 0);
	assert_int_equal(finding(IN, D2, "3.4", "no-supervision-mechanism", 1), 0);
	assert_int_equal(finding(IN, D2, "1.2", "weak-team", 1), 0);
	assert_int_equal(finding(IN, D3, "1.1", "study-missed-session", 2), 0);
	for (int u = D1; u <= D3; u++)
		assert_int_equal(act(IN, u, RUBRIC_CHECK), 0);
	sheets(IN, 0, WZ, "", &r);
	assert_int_equal(r.rows_n, 4);		/* and 县农业局, a 机关部门 too, unchecked */
	assert_int_equal(r.rows[0].unit_id, F->unit[D3]);
	assert_int_equal(r.rows[0].total, 9600);
	assert_string_equal(r.rows[0].tier, "一等");
	assert_int_equal(r.rows[0].rank, 1);
	assert_int_equal(row_of(&r, D1)->rank, 2);
	assert_int_equal(row_of(&r, D2)->rank, 2);
	assert_true(row_of(&r, D1)->tied);
	assert_int_equal(row_of(&r, D1)->category_rank, 2);
	assert_int_equal(row_of(&r, D1)->deducted, 700);
	assert_null(row_of(&r, COMM));
	schema_free(&rubric_sheets_reply_body_desc, &r);
	/* a member of D2 sees D2's row only, ranked among all */
	sheets(H2, 0, WZ, "", &r);
	assert_int_equal(r.rows_n, 1);
	assert_int_equal(r.rows[0].rank, 2);
	schema_free(&rubric_sheets_reply_body_desc, &r);
	/* the organisation department sees all, and may not write */
	sheets(OD, 0, WZ, "", &r);
	assert_int_equal(r.rows_n, 4);
	schema_free(&rubric_sheets_reply_body_desc, &r);
	assert_int_equal(finding(OD, D1, "1.1", "study-no-plan", 1), KH_ERR_DENIED);
	/* another unit's whole sheet: refused to a member */
	struct rubric_sheets_body in = { .plan = WZ, .period = YEAR, .unit_id = F->unit[D1],
	    .category = "" };
	MDB_txn *txn;
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(rubricop_sheets(txn, F->fix.st, &F->u[H2], TODAY, &in, &r, &last), -1);
	assert_int_equal(last.code, KH_ERR_DENIED);
	mdb_txn_abort(txn);
	sheets(H1, F->unit[D1], WZ, "", &r);
	assert_int_equal(r.sections_n, 3);
	assert_int_equal(r.sheet.items_n, 13);
	assert_int_equal(r.sheet.total, 9300);
	schema_free(&rubric_sheets_reply_body_desc, &r);
}

/* Ranking by category: a plan assessing 机关部门 and 事业单位. */
static void
test_category_rank(void **state)
{
	struct rubric_sheets_reply_body r;
	struct plan p;
	struct wtx w;
	uint64_t e1, e2;

	(void)state;
	load_plan("schema/plans/wenzhou-rubric.yaml", &p);
	free(p.key);
	p.key = xstrdup("wz2");
	p.subjects = xrealloc(p.subjects, 2 * sizeof *p.subjects);
	p.subjects[1] = (struct plan_scope){ .category = xstrdup("事业单位") };
	p.subjects_n = 2;
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(plan_store_import(&w, &p), 0);
	e1 = add_unit(&w, "档案馆", F->unit[ROOT], "事业单位");
	e2 = add_unit(&w, "党校", F->unit[ROOT], "事业单位");
	assert_int_equal(store_write_commit(&w), 0);
	schema_free(&plan_desc, &p);
	/* D1 100 - 3 (1.2) - 2 (1.1 no plan) = 95; D2 100 - 2 days × 5 (3.3) = 90;
	 * e1 100 - 3 (2.1) - 4 (3.4) - 3 (1.2) = 90; e2 100 - 3 (1.2) = 97.
	 * Overall: e2 1, D1 2, D2 and e1 3 (tied).  机关部门: D1 1, D2 2;
	 * 事业单位: e2 1, e1 2; no ties within a category. */
	struct { uint64_t unit; const char *item, *rule; uint32_t n; } fs[] = {
		{ F->unit[D1], "1.2", "weak-team", 1 }, { F->unit[D1], "1.1", "study-no-plan", 1 },
		{ F->unit[D2], "3.3", "study-days-short", 2 },
		{ e1, "2.1", "measures-not-done", 1 }, { e1, "3.4", "no-supervision-mechanism", 1 },
		{ e1, "1.2", "weak-team", 1 },
		{ e2, "1.2", "weak-team", 1 },
	};
	for (size_t i = 0; i < nitems(fs); i++) {
		struct finding_put_body b = { .plan = "wz2", .period = YEAR, .unit_id = fs[i].unit,
		    .finding = { .item = (char *)fs[i].item, .rule = (char *)fs[i].rule,
		    .count = fs[i].n, .evidence = "现场检查" } };
		assert_int_equal(run(IN, do_finding, &b), 0);
	}
	uint64_t units[] = { F->unit[D1], F->unit[D2], e1, e2 };
	for (size_t i = 0; i < nitems(units); i++) {
		struct rubric_act_body b = { .plan = "wz2", .period = YEAR, .unit_id = units[i],
		    .action = RUBRIC_CHECK };
		assert_int_equal(run(IN, do_act, &b), 0);
	}
	sheets(IN, 0, "wz2", "", &r);
	assert_int_equal(r.rows_n, 6);		/* D3 and 县农业局 too, unchecked, last */
	assert_int_equal(r.rows[0].unit_id, e2);
	assert_int_equal(r.rows[0].total, 9700);
	assert_int_equal(row_of(&r, D1)->total, 9500);
	assert_int_equal(row_of(&r, D1)->rank, 2);
	assert_int_equal(row_of(&r, D1)->category_rank, 1);
	assert_int_equal(row_of(&r, D2)->rank, 3);
	assert_true(row_of(&r, D2)->tied);
	assert_int_equal(row_of(&r, D2)->category_rank, 2);
	assert_false(row_of(&r, D2)->category_tied);
	assert_int_equal(r.rows[3].rank, 3);
	assert_int_equal(r.rows[4].rank, 0);
	assert_int_equal(r.rows[5].rank, 0);
	for (uint32_t i = 0; i < r.rows_n; i++)
		if (r.rows[i].unit_id == e1) {
			assert_int_equal(r.rows[i].total, 9000);
			assert_int_equal(r.rows[i].category_rank, 2);
		}
	schema_free(&rubric_sheets_reply_body_desc, &r);
	/* only 事业单位 */
	sheets(IN, 0, "wz2", "事业单位", &r);
	assert_int_equal(r.rows_n, 2);
	assert_int_equal(r.rows[0].rank, 1);
	assert_int_equal(r.rows[1].rank, 2);
	schema_free(&rubric_sheets_reply_body_desc, &r);
}

/* ---- a unit's archive across periods (过程化考核) ---- */

/* A write of any plan and period, for the archive. */
static int
finding_in(const char *plan, uint32_t period, int unit, const char *item, const char *rule,
    uint32_t count)
{
	struct finding_put_body b = { .plan = (char *)plan, .period = period,
	    .unit_id = F->unit[unit], .finding = { .item = (char *)item, .rule = (char *)rule,
	    .count = count, .evidence = "实地查看" } };

	return run(IN, do_finding, &b);
}

static int
check_in(const char *plan, uint32_t period, int unit)
{
	struct rubric_act_body b = { .plan = (char *)plan, .period = period,
	    .unit_id = F->unit[unit], .action = RUBRIC_CHECK };

	return run(IN, do_act, &b);
}

static void
sheets_of(int as, const char *plan, uint32_t period, int unit,
    struct rubric_sheets_reply_body *out)
{
	struct rubric_sheets_body in = { .plan = (char *)plan, .period = period,
	    .unit_id = F->unit[unit], .category = "" };
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(rubricop_sheets(txn, F->fix.st, &F->u[as], TODAY, &in, out, &last), 0);
	mdb_txn_abort(txn);
}

/*
 * wenzhou-rubric, two years (2024 has no sheet, so no row):
 *   2025 (202540): D1 1.1 study-missed-session x2 = -4: 96.00, 一等;
 *     D2 1.2 weak-team -3: 97.00; both checked: D2 1, D1 2.  A notice to
 *     D1 from 2025, open.
 *   2026 (202640): D1 3.3 study-days-short x1 = -5: 95.00, 二等, checked;
 *     D3 only self-checked: D1 1, alone.
 * community-checklist, 东街社区's monthly spot checks: September
 * (202609) checked with every line met; October (202610) line 1.3 not
 * met, checked; November none.  Asked for any period of the plan, the
 * archive is the same.
 */
static void
test_history(void **state)
{
	struct rubric_sheets_reply_body r;

	(void)state;
	assert_int_equal(finding_in(WZ, 202540, D1, "1.1", "study-missed-session", 2), 0);
	assert_int_equal(finding_in(WZ, 202540, D2, "1.2", "weak-team", 1), 0);
	assert_int_equal(check_in(WZ, 202540, D1), 0);
	assert_int_equal(check_in(WZ, 202540, D2), 0);
	struct rectify_act_body rb = { .action = RECTIFY_ISSUE, .notice = { .plan = WZ,
	    .period = 202540, .unit_id = F->unit[D1], .item = "1.1", .problem = "补学",
	    .deadline = 20261231, .response = "", .review = "" } };
	assert_int_equal(run(IN, do_rectify, &rb), 0);
	assert_int_equal(finding_in(WZ, YEAR, D1, "3.3", "study-days-short", 1), 0);
	assert_int_equal(check_in(WZ, YEAR, D1), 0);
	assert_int_equal(self(AD, D3, "1.1", 500), 0);

	sheets_of(H1, WZ, YEAR, D1, &r);
	assert_int_equal(r.rows_n, 1);
	assert_int_equal(r.rows[0].period, YEAR);
	assert_int_equal(r.rows[0].open_notices, 0);	/* 2025's notice is 2025's */
	assert_int_equal(r.history_n, 2);
	assert_int_equal(r.history[0].period, 202540);
	assert_int_equal(r.history[0].unit_id, F->unit[D1]);
	assert_int_equal(r.history[0].total, 9600);
	assert_string_equal(r.history[0].tier, "一等");
	assert_true(r.history[0].checked);
	assert_int_equal(r.history[0].rank, 2);
	assert_int_equal(r.history[0].category_rank, 2);
	assert_int_equal(r.history[0].deducted, 400);
	assert_int_equal(r.history[0].open_notices, 1);
	assert_int_equal(r.history[1].period, YEAR);
	assert_int_equal(r.history[1].total, 9500);
	assert_string_equal(r.history[1].tier, "二等");
	assert_int_equal(r.history[1].rank, 1);
	assert_false(r.history[1].tied);
	assert_int_equal(r.history[1].open_notices, 0);
	schema_free(&rubric_sheets_reply_body_desc, &r);
	/* D3: this year's sheet only, unchecked: no rank */
	sheets_of(AD, WZ, YEAR, D3, &r);
	assert_int_equal(r.history_n, 1);
	assert_false(r.history[0].checked);
	assert_int_equal(r.history[0].rank, 0);
	assert_int_equal(r.history[0].self_total, 500);
	schema_free(&rubric_sheets_reply_body_desc, &r);
	/* without a unit, no archive */
	sheets(IN, 0, WZ, "", &r);
	assert_int_equal(r.history_n, 0);
	schema_free(&rubric_sheets_reply_body_desc, &r);

	assert_int_equal(check_in(CC, 202609, COMM), 0);
	assert_int_equal(finding_in(CC, 202610, COMM, "1.3", "", 1), 0);
	assert_int_equal(check_in(CC, 202610, COMM), 0);
	sheets_of(HC, CC, MONTH, COMM, &r);
	assert_int_equal(r.rows_n, 1);
	assert_int_equal(r.rows[0].findings, 0);	/* November: nothing yet */
	assert_int_equal(r.history_n, 2);
	assert_int_equal(r.history[0].period, 202609);
	assert_int_equal(r.history[0].findings, 0);
	assert_true(r.history[0].checked);
	assert_int_equal(r.history[1].period, 202610);
	assert_int_equal(r.history[1].findings, 1);
	assert_true(r.history[1].checked);
	assert_string_equal(r.history[1].name, "东街社区");
	/* the checklist has 59 lines (its 11 sections' items: 1.1-1.14,
	 * 2.1.1 ...); September met all 59, October all but 1.3 */
	assert_int_equal(r.history[0].lines, 59);
	assert_int_equal(r.history[0].met, 59);
	assert_int_equal(r.history[1].lines, 59);
	assert_int_equal(r.history[1].met, 58);
	schema_free(&rubric_sheets_reply_body_desc, &r);

	/* A checklist scores nothing (every total is 0), so its checked rows
	 * rank by lines met: in October 西街社区 misses 1.3 and 1.4 (57 of 59)
	 * and ranks below 东街社区 (58 of 59); both are 社区, so the
	 * category ranks are the same. */
	assert_int_equal(finding_in(CC, 202610, COMM2, "1.3", "", 1), 0);
	assert_int_equal(finding_in(CC, 202610, COMM2, "1.4", "", 1), 0);
	assert_int_equal(check_in(CC, 202610, COMM2), 0);
	sheets_of(IN, CC, 202610, COMM2, &r);
	assert_int_equal(r.rows_n, 1);
	assert_int_equal(r.rows[0].met, 57);
	assert_int_equal(r.rows[0].total, 0);
	assert_int_equal(r.rows[0].rank, 2);
	assert_int_equal(r.rows[0].category_rank, 2);
	schema_free(&rubric_sheets_reply_body_desc, &r);
	sheets_of(HC, CC, 202610, COMM, &r);
	assert_int_equal(r.rows[0].rank, 1);
	assert_false(r.rows[0].tied);
	schema_free(&rubric_sheets_reply_body_desc, &r);
}

/* ---- rectification ---- */

static int
rectify(int as, uint32_t action, uint64_t id, uint32_t deadline, const char *text)
{
	struct rectify_act_body b = { .action = action, .notice = { .id = id, .plan = WZ,
	    .period = YEAR, .unit_id = F->unit[D1], .item = "1.1", .problem = (char *)text,
	    .deadline = deadline, .response = (char *)text, .review = (char *)text } };

	return run(as, do_rectify, &b);
}

static struct rectify_rec
notice(void)
{
	struct rectify_rec *v, n;
	uint32_t nn;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(rb_notices_load(txn, F->fix.st, &v, &nn), 0);
	mdb_txn_abort(txn);
	assert_int_equal(nn, 1);
	n = v[0];
	free(v);
	return n;
}

static void
test_rectify(void **state)
{
	struct rectify_rec n;

	(void)state;
	assert_int_equal(rectify(IN, RECTIFY_ISSUE, 0, TODAY, "中心组学习缺两次"), KH_ERR_INVALID);
	assert_int_equal(rectify(IN, RECTIFY_ISSUE, 0, 20261131, "中心组学习缺两次"), KH_ERR_INVALID);
	assert_int_equal(rectify(IN, RECTIFY_ISSUE, 0, 20261201, ""), KH_ERR_INVALID);
	assert_int_equal(rectify(H1, RECTIFY_ISSUE, 0, 20261201, "x"), KH_ERR_DENIED);
	assert_int_equal(rectify(IN, RECTIFY_ISSUE, 0, 20261201, "中心组学习缺两次"), 0);
	n = notice();
	assert_int_equal(n.state, RECTIFY_OPEN);
	assert_int_equal(n.issued_by, F->u[IN].id);
	uint64_t id = n.id;
	schema_free(&rectify_rec_desc, &n);
	assert_int_equal(rectify(IN, RECTIFY_CLOSE, id, 0, "好"), KH_ERR_CONFLICT);	/* not answered */
	assert_int_equal(rectify(S1, RECTIFY_ANSWER, id, 0, "已补学"), KH_ERR_DENIED);
	assert_int_equal(rectify(H1, RECTIFY_ANSWER, id, 0, ""), KH_ERR_INVALID);
	assert_int_equal(rectify(H1, RECTIFY_ANSWER, id, 0, "已补学"), 0);
	/* review again: a new deadline after the old one */
	assert_int_equal(rectify(IN, RECTIFY_REVIEW, id, 20261201, "仍未补齐"), KH_ERR_INVALID);
	assert_int_equal(rectify(IN, RECTIFY_REVIEW, id, 20270301, "仍未补齐"), 0);
	n = notice();
	assert_int_equal(n.state, RECTIFY_AGAIN);
	assert_int_equal(n.rounds, 1);
	assert_int_equal(n.deadline, 20270301);
	schema_free(&rectify_rec_desc, &n);
	assert_int_equal(rectify(H1, RECTIFY_ANSWER, id, 0, "已全部补齐"), 0);
	assert_int_equal(rectify(IN, RECTIFY_CLOSE, id, 0, "销号"), 0);
	n = notice();
	assert_int_equal(n.state, RECTIFY_CLOSED);
	assert_string_equal(n.response, "已全部补齐");
	schema_free(&rectify_rec_desc, &n);
	assert_int_equal(rectify(H1, RECTIFY_ANSWER, id, 0, "再答"), KH_ERR_CONFLICT);
	assert_int_equal(rectify(IN, 9, id, 0, "x"), KH_ERR_INVALID);
}

/* ---- spot checks ---- */

static int
draw(int as, uint64_t seed, struct sample_rec *out)
{
	struct sample_draw_body b = { .plan = CC, .period = MONTH, .unit_id = F->unit[COUNTY],
	    .seed = seed };
	struct actor a = { &F->u[as], TODAY, NULL };
	struct wtx w;
	int rc;

	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	w.actor = F->u[as].id;
	if ((rc = rubricop_draw(&w, &a, &b, out, &last)) != 0) {
		store_write_abort(&w);
		return last.code;
	}
	assert_int_equal(store_write_commit(&w), 0);
	return 0;
}

static void
test_sampling(void **state)
{
	struct sample_rec a, b;
	uint32_t level[4] = { 0 };

	(void)state;
	assert_int_equal(draw(H1, 0, &a), KH_ERR_DENIED);
	assert_int_equal(draw(IN, 0, &a), 0);
	assert_int_not_equal(a.seed, 0);
	/* 7 towns: ceil(20% of 7 = 1.4) = 2; 5 villages each (the 站所 and the
	 * 学校 are drawn on their own): ceil(1.0) = 1 per town; then one 机关部门,
	 * one 站所, one 学校: 2 + 2 + 3 = 7 */
	for (uint32_t i = 0; i < a.picks_n; i++)
		level[a.picks[i].level]++;
	assert_int_equal(level[1], 2);
	assert_int_equal(level[2], 2);
	assert_int_equal(level[3], 3);
	assert_int_equal(a.picks[0].level, 1);
	assert_int_equal(a.picks[2].parent, a.picks[0].unit_id);
	/* the same seed draws the same units */
	assert_int_equal(draw(AD, a.seed, &b), 0);
	assert_int_not_equal(b.id, a.id);
	assert_int_equal(b.picks_n, a.picks_n);
	for (uint32_t i = 0; i < a.picks_n; i++) {
		assert_int_equal(b.picks[i].unit_id, a.picks[i].unit_id);
		assert_int_equal(b.picks[i].level, a.picks[i].level);
	}
	/* the audit line names the seed */
	struct audit_rec *lines;
	uint32_t n;
	MDB_txn *txn;
	char want[64];
	assert_int_equal(store_read_begin(F->fix.st, &txn), 0);
	assert_int_equal(store_audit_list(txn, F->fix.st, 0, 1, &lines, &n), 0);
	mdb_txn_abort(txn);
	assert_int_equal(n, 1);
	assert_string_equal(lines[0].action, "sample.draw");
	snprintf(want, sizeof want, "种子 %llu：镇", (unsigned long long)a.seed);
	assert_non_null(strstr(lines[0].detail, want));
	schema_free_array(&audit_rec_desc, lines, n);
	schema_free(&sample_rec_desc, &a);
	schema_free(&sample_rec_desc, &b);
	/* a plan's period must be of its cycle: a quarter is not */
	struct sample_draw_body q = { .plan = CC, .period = 202624, .unit_id = F->unit[COUNTY] };
	struct actor ac = { &F->u[IN], TODAY, NULL };
	struct wtx w;
	assert_int_equal(store_write_begin(F->fix.st, &w), 0);
	assert_int_equal(rubricop_draw(&w, &ac, &q, &a, &last), -1);
	assert_int_equal(last.code, KH_ERR_INVALID);
	store_write_abort(&w);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_items_sections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tiers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_apply_and_check, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ranking, setup, teardown),
		cmocka_unit_test_setup_teardown(test_category_rank, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rectify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_history, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sampling, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
