/*
 * test-score.c: the scoring engine (common/score.c) for people: means,
 * commendations, composites, grades, quota, eligibility and annual results,
 * against numbers worked
 * out by hand from the rules of docs/plans.md and the seeds, never from the
 * program's output.  The arithmetic is in the comment beside each
 * expectation; scores are hundredths (8705 = 87.05).
 *
 * The plans are built here in code, mirroring the seeds: seed 000's
 * middle-manager plan (40/30/10/20, commendations 1/3/5/10 points, bands
 * 90/80/60, 15% 优秀 quota rounded down, routine 40 / year-end 60) and an
 * organisations plan after seeds 001, 003 and 004 (100-point rubric, tiers
 * [80,91) [91,96) [96,100], apply at 90, samples of 20% at least 1,
 * routine 30 / year-end 70).  They are not run through plan_check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/forms.h"
#include "common/score.h"
#include "common/util.h"
#include "score-plans.h"
#include "i18n-fixture.h"

/* ---- sample scores (seed 000 example) ---- */

static const uint32_t s_work[] = { 8500 };
static const uint32_t s_principal[] = { 9000 };
static const uint32_t s_leaders[] = { 8800, 9200 };
static const uint32_t s_peers[] = { 8000, 8500, 9000, 8600 };

static void
person_inputs(struct rater_input in[4])
{
	in[0] = (struct rater_input){ "work", s_work, 1 };
	in[1] = (struct rater_input){ "principal", s_principal, 1 };
	in[2] = (struct rater_input){ "leadership", s_leaders, 2 };
	in[3] = (struct rater_input){ "democratic", s_peers, 4 };
}

/* ---- rounding and means ---- */

static void
test_div_half_up(void **state)
{
	(void)state;
	assert_int_equal(score_div_half_up(870500, 100), 8705);	/* exact */
	assert_int_equal(score_div_half_up(870549, 100), 8705);	/* .49 down */
	assert_int_equal(score_div_half_up(870550, 100), 8706);	/* .50 up */
	assert_int_equal(score_div_half_up(1, 3), 0);		/* 0.33 */
	assert_int_equal(score_div_half_up(2, 3), 1);		/* 0.67 */
	assert_int_equal(score_div_half_up(3, 2), 2);		/* 1.5 up */
	assert_int_equal(score_div_half_up(UINT64_MAX, 1), UINT64_MAX);	/* no overflow */
}

static void
test_mean_exact(void **state)
{
	uint32_t m = 0;

	(void)state;
	/* (8000 + 8500 + 9000 + 8600) / 4 = 34100 / 4 = 8525: 85.25 */
	assert_int_equal(score_mean(s_peers, 4, &m), SCORE_OK);
	assert_int_equal(m, 8525);
	/* (8800 + 9200) / 2 = 18000 / 2 = 9000 */
	assert_int_equal(score_mean(s_leaders, 2, &m), SCORE_OK);
	assert_int_equal(m, 9000);
}

static void
test_mean_half_up(void **state)
{
	const uint32_t a[] = { 8800, 8801 }, b[] = { 8000, 8000, 8001 }, c[] = { 8000, 8001, 8001 };
	uint32_t m = 0;

	(void)state;
	/* 17601 / 2 = 8800.5 → half up → 8801 (88.005 → 88.01) */
	assert_int_equal(score_mean(a, 2, &m), SCORE_OK);
	assert_int_equal(m, 8801);
	/* 24001 / 3 = 8000.33 → 8000 */
	assert_int_equal(score_mean(b, 3, &m), SCORE_OK);
	assert_int_equal(m, 8000);
	/* 24002 / 3 = 8000.67 → 8001 */
	assert_int_equal(score_mean(c, 3, &m), SCORE_OK);
	assert_int_equal(m, 8001);
}

static void
test_mean_empty(void **state)
{
	uint32_t m = 4242;

	(void)state;
	assert_int_equal(score_mean(s_peers, 0, &m), SCORE_ERR_EMPTY);
	assert_int_equal(m, 4242);	/* untouched */
}

/* ---- commendations ---- */

static void
test_adjustment_highest_level_once(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = {
		{ "招商引资", CITY, false }, { "招商引资", PROVINCE, false },
	};
	const struct commendation r[] = {
		{ "招商引资", PROVINCE, false }, { "招商引资", CITY, false },
	};
	int32_t adj = 0;

	(void)state;
	/* same work, city +3 and province +5: counted once at the highest, +5 */
	assert_int_equal(score_adjustment(&p, c, 2, &adj), SCORE_OK);
	assert_int_equal(adj, 500);
	/* order does not matter: province first, then city: still +5 */
	assert_int_equal(score_adjustment(&p, r, 2, &adj), SCORE_OK);
	assert_int_equal(adj, 500);
}

static void
test_adjustment_every_entry_without_highest_only(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = {
		{ "招商引资", CITY, false }, { "招商引资", PROVINCE, false },
		{ "信访", DISTRICT, true },
	};
	int32_t adj = 0;

	(void)state;
	p.highest_only = false;
	/* +3 + 5 − 1 = +7 */
	assert_int_equal(score_adjustment(&p, c, 3, &adj), SCORE_OK);
	assert_int_equal(adj, 700);
}

static void
test_adjustment_criticism_of_other_work(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = {
		{ "招商引资", CITY, false }, { "招商引资", PROVINCE, false },
		{ "信访", DISTRICT, true },
	};
	int32_t adj = 0;

	(void)state;
	/* 招商引资 +5 (highest of +3, +5); 信访 is other work: −1; net +4 */
	assert_int_equal(score_adjustment(&p, c, 3, &adj), SCORE_OK);
	assert_int_equal(adj, 400);
}

static void
test_adjustment_commendation_and_criticism_same_work(void **state)
{
	struct plan p = mm_plan();
	const struct commendation up[] = {
		{ "环保", PROVINCE, false }, { "环保", DISTRICT, true },
	};
	const struct commendation down[] = {
		{ "环保", CITY, false }, { "环保", PROVINCE, true },
	};
	const struct commendation level[] = {
		{ "环保", CITY, false }, { "环保", CITY, true }, { "环保", DISTRICT, false },
	};
	int32_t adj = 0;

	(void)state;
	/* the highest level decides, commendation or criticism:
	 * province commendation over district criticism: +5 */
	assert_int_equal(score_adjustment(&p, up, 2, &adj), SCORE_OK);
	assert_int_equal(adj, 500);
	/* province criticism over city commendation: −5 */
	assert_int_equal(score_adjustment(&p, down, 2, &adj), SCORE_OK);
	assert_int_equal(adj, -500);
	/* city commendation and city criticism at the top: +3 − 3 = 0; the
	 * district commendation is below the top and does not count */
	assert_int_equal(score_adjustment(&p, level, 3, &adj), SCORE_OK);
	assert_int_equal(adj, 0);
}

static void
test_adjustment_criticism_not_deducting(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = {
		{ "信访", DISTRICT, true }, { "招商引资", CITY, false },
		{ "环保", PROVINCE, true }, { "环保", DISTRICT, false },
	};
	const struct commendation alone[] = { { NULL, CITY, true }, { "", PROVINCE, true } };
	int32_t adj = 0;

	(void)state;
	p.criticism_deducts = false;
	/* criticisms ignored altogether: 招商引资 +3; 环保's province criticism
	 * does not hide its district commendation: +1; net +4 */
	assert_int_equal(score_adjustment(&p, c, 4, &adj), SCORE_OK);
	assert_int_equal(adj, 400);
	/* criticisms of no named work: ignored too, 0 (with deductions: −3 − 5) */
	assert_int_equal(score_adjustment(&p, alone, 2, &adj), SCORE_OK);
	assert_int_equal(adj, 0);
	p.highest_only = false;
	assert_int_equal(score_adjustment(&p, c, 4, &adj), SCORE_OK);
	assert_int_equal(adj, 400);	/* +3 + 1 */
	p.criticism_deducts = true;
	assert_int_equal(score_adjustment(&p, alone, 2, &adj), SCORE_OK);
	assert_int_equal(adj, -800);
}

static void
test_adjustment_no_work_stands_alone(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = {
		{ NULL, CITY, false }, { "", CITY, false }, { "x", CITY, false }, { "x", CITY, false },
	};
	int32_t adj = 0;

	(void)state;
	/* two entries without work: +3 each; two of work "x" at city: once, +3;
	 * 3 + 3 + 3 = +9 */
	assert_int_equal(score_adjustment(&p, c, 4, &adj), SCORE_OK);
	assert_int_equal(adj, 900);
	assert_int_equal(score_adjustment(&p, c, 0, &adj), SCORE_OK);
	assert_int_equal(adj, 0);	/* nothing: 0 */
}

static void
test_adjustment_unknown_level(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c[] = { { "招商引资", CITY, false }, { "x", 9, false } };
	int32_t adj = 77;

	(void)state;
	assert_int_equal(score_adjustment(&p, c, 2, &adj), SCORE_ERR_UNKNOWN);
	assert_int_equal(adj, 77);
}

/* ---- composite ---- */

static void
test_composite_seed000(void **state)
{
	struct plan p = mm_plan();
	struct rater_input in[4];
	struct composite c;

	(void)state;
	person_inputs(in);
	/* 0.4×85 + 0.3×90 + 0.1×90 + 0.2×85.25 = 34 + 27 + 9 + 17.05 = 87.05 */
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_OK);
	assert_int_equal(c.total, 8705);
	assert_int_equal(c.nparts, 4);
	assert_int_equal(c.parts[0].score, 8500);
	assert_int_equal(c.parts[0].contribution, 3400);	/* 40 × 8500 / 100 */
	assert_int_equal(c.parts[1].contribution, 2700);	/* 30 × 9000 / 100 */
	assert_int_equal(c.parts[2].score, 9000);		/* (8800 + 9200) / 2 */
	assert_int_equal(c.parts[2].contribution, 900);	/* 10 × 9000 / 100 */
	assert_int_equal(c.parts[3].score, 8525);		/* 34100 / 4 */
	assert_int_equal(c.parts[3].exact, 170500);		/* 20 × 8525 */
	assert_int_equal(c.parts[3].contribution, 1705);
	/* 87.05 is in [80, 90): 称职 */
	assert_int_equal(score_grade(&p, c.total), GRADE_COMPETENT);
}

static void
test_composite_with_commendations(void **state)
{
	struct plan p = mm_plan();
	const struct commendation c2[] = {
		{ "招商引资", CITY, false }, { "招商引资", PROVINCE, false },
	};
	const struct commendation c3[] = {
		{ "招商引资", CITY, false }, { "招商引资", PROVINCE, false },
		{ "信访", DISTRICT, true },
	};
	struct rater_input in[4];
	struct composite c;
	int32_t adj;

	(void)state;
	person_inputs(in);
	/* +5 once: work 85 + 5 = 90;
	 * 0.4×90 + 27 + 9 + 17.05 = 36 + 53.05 = 89.05 */
	assert_int_equal(score_adjustment(&p, c2, 2, &adj), SCORE_OK);
	assert_int_equal(score_composite(&p, in, 4, adj, &c), SCORE_OK);
	assert_int_equal(c.parts[0].score, 8500);
	assert_int_equal(c.parts[0].adjusted, 9000);
	assert_int_equal(c.parts[1].adjusted, 9000);	/* unadjusted part as given */
	assert_int_equal(c.total, 8905);
	assert_int_equal(score_grade(&p, c.total), GRADE_COMPETENT);
	/* and a district criticism of other work: +5 − 1 = +4: work 89;
	 * 0.4×89 = 35.6; 35.6 + 27 + 9 + 17.05 = 88.65 */
	assert_int_equal(score_adjustment(&p, c3, 3, &adj), SCORE_OK);
	assert_int_equal(score_composite(&p, in, 4, adj, &c), SCORE_OK);
	assert_int_equal(c.parts[0].adjusted, 8900);
	assert_int_equal(c.parts[0].contribution, 3560);
	assert_int_equal(c.total, 8865);
	assert_int_equal(c.adjustment, 400);
}

static void
test_composite_adjusted_part_clamped(void **state)
{
	struct plan p = mm_plan();
	const uint32_t high[] = { 9800 }, low[] = { 500 };
	struct rater_input in[4];
	struct composite c;

	(void)state;
	person_inputs(in);
	/* work 98 + national 10 = 108 → kept at 100;
	 * 0.4×100 + 27 + 9 + 17.05 = 40 + 53.05 = 93.05 */
	in[0].scores = high;
	assert_int_equal(score_composite(&p, in, 4, 1000, &c), SCORE_OK);
	assert_int_equal(c.parts[0].adjusted, 10000);
	assert_int_equal(c.total, 9305);
	/* work 5 − national 10 = −5 → kept at 0; 0 + 53.05 = 53.05 */
	in[0].scores = low;
	assert_int_equal(score_composite(&p, in, 4, -1000, &c), SCORE_OK);
	assert_int_equal(c.parts[0].adjusted, 0);
	assert_int_equal(c.total, 5305);
	assert_int_equal(score_grade(&p, c.total), GRADE_INCOMPETENT);
}

static void
test_composite_rounds_once_half_up(void **state)
{
	struct plan p = mm_plan();
	const uint32_t l5[] = { 9005 }, l4[] = { 9004 }, peers3[] = { 8000, 8000, 8001 };
	struct rater_input in[4];
	struct composite c;

	(void)state;
	person_inputs(in);
	/* one leader 90.05: 40×8500 + 30×9000 + 10×9005 + 20×8525
	 * = 340000 + 270000 + 90050 + 170500 = 870550 → 8705.50 → half up 8706 */
	in[2] = (struct rater_input){ "leadership", l5, 1 };
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_OK);
	assert_int_equal(c.total, 8706);
	assert_int_equal(c.parts[2].contribution, 901);	/* 90050 / 100 = 900.50 → 901 */
	/* 90.04: 870540 → 8705.40 → 8705 */
	in[2] = (struct rater_input){ "leadership", l4, 1 };
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_OK);
	assert_int_equal(c.total, 8705);
	/* peers 80, 80, 80.01: mean 24001/3 = 8000.33 → 8000 first, then
	 * 340000 + 270000 + 10×9004 + 20×8000 = 340000 + 270000 + 90040 + 160000
	 * = 860040 → 8600.40 → 8600 */
	in[3] = (struct rater_input){ "democratic", peers3, 3 };
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_OK);
	assert_int_equal(c.parts[3].score, 8000);
	assert_int_equal(c.total, 8600);
}

static void
test_composite_refuses(void **state)
{
	struct plan p = mm_plan();
	const uint32_t two[] = { 8000, 9000 }, over[] = { 10001 };
	struct rater_input in[5];
	struct composite c;

	(void)state;
	person_inputs(in);
	/* a part the plan lacks */
	in[4] = (struct rater_input){ "bonus", s_work, 1 };
	assert_int_equal(score_composite(&p, in, 5, 0, &c), SCORE_ERR_UNKNOWN);
	/* a part given twice */
	in[4] = (struct rater_input){ "principal", s_work, 1 };
	assert_int_equal(score_composite(&p, in, 5, 0, &c), SCORE_ERR_DUPLICATE);
	/* a part missing: only 3 inputs */
	assert_int_equal(score_composite(&p, in, 3, 0, &c), SCORE_ERR_MISSING);
	/* two scores for a part of one score */
	in[1] = (struct rater_input){ "principal", two, 2 };
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_ERR_RANGE);
	/* no scores at all for a mean */
	person_inputs(in);
	in[3].n = 0;
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_ERR_EMPTY);
	/* a score over 100.00 */
	person_inputs(in);
	in[1] = (struct rater_input){ "principal", over, 1 };
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_ERR_RANGE);
}

static void
test_composite_refuses_plan(void **state)
{
	struct plan p = mm_plan();
	struct plan_rater r[4];
	struct rater_input in[4];
	struct composite c;

	(void)state;
	person_inputs(in);
	memcpy(r, mm_raters, sizeof(r));
	p.raters = r;
	/* weights 40 + 30 + 10 + 19 = 99 */
	r[3].weight = 19;
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_ERR_PLAN);
	/* no adjusted part but an adjustment to apply */
	r[3].weight = 20;
	r[0].adjusted = false;
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_OK);
	assert_int_equal(c.total, 8705);
	assert_int_equal(score_composite(&p, in, 4, 300, &c), SCORE_ERR_PLAN);
	/* two adjusted parts */
	r[0].adjusted = r[1].adjusted = true;
	assert_int_equal(score_composite(&p, in, 4, 0, &c), SCORE_ERR_PLAN);
}

/* ---- grades ---- */

static void
test_grade_band_edges(void **state)
{
	struct plan p = mm_plan();

	(void)state;
	assert_int_equal(score_grade(&p, 8999), GRADE_COMPETENT);	/* 89.99 < 90 */
	assert_int_equal(score_grade(&p, 9000), GRADE_EXCELLENT);	/* 90.00 >= 90 */
	assert_int_equal(score_grade(&p, 10000), GRADE_EXCELLENT);	/* no upper end */
	assert_int_equal(score_grade(&p, 8000), GRADE_COMPETENT);	/* 80.00 */
	assert_int_equal(score_grade(&p, 7999), GRADE_BASIC);
	assert_int_equal(score_grade(&p, 6000), GRADE_BASIC);		/* 60.00 */
	assert_int_equal(score_grade(&p, 5999), GRADE_INCOMPETENT);	/* 59.99 */
	assert_int_equal(score_grade(&p, 0), GRADE_INCOMPETENT);
}

static void
test_grade_bands_any_order(void **state)
{
	struct plan p = mm_plan();
	struct plan_band low_first[4] = { mm_bands[3], mm_bands[2], mm_bands[1], mm_bands[0] };

	(void)state;
	/* lowest band first: a max is still exclusive, whichever band comes first */
	p.bands = low_first;
	assert_int_equal(score_grade(&p, 5999), GRADE_INCOMPETENT);
	assert_int_equal(score_grade(&p, 6000), GRADE_BASIC);		/* not [0, 60] */
	assert_int_equal(score_grade(&p, 8000), GRADE_COMPETENT);	/* not [60, 80] */
	assert_int_equal(score_grade(&p, 9000), GRADE_EXCELLENT);	/* not [80, 90] */
	assert_int_equal(score_grade(&p, 8999), GRADE_COMPETENT);
}

static void
test_grade_outside_bands(void **state)
{
	struct plan p = mm_plan();

	(void)state;
	/* bands from 60 up only: 59.99 is in none */
	p.bands_n = 3;
	assert_int_equal(score_grade(&p, 5999), 0);
	assert_int_equal(score_grade(&p, 6000), GRADE_BASIC);
}

/* ---- quota ---- */

static void
test_quota_allowed_floor(void **state)
{
	struct plan p = mm_plan();

	(void)state;
	assert_int_equal(score_quota_allowed(&p, 13), 1);	/* 15 × 13 = 195 → 1.95 → 1 */
	assert_int_equal(score_quota_allowed(&p, 20), 3);	/* 15 × 20 = 300 → 3 */
	assert_int_equal(score_quota_allowed(&p, 6), 0);	/* 15 × 6 = 90 → 0.9 → 0 */
	assert_int_equal(score_quota_allowed(&p, 0), 0);
	p.quota_rounding = 0;					/* unset: floor */
	assert_int_equal(score_quota_allowed(&p, 13), 1);
}

static void
test_quota_allowed_nearest_and_ceiling(void **state)
{
	struct plan p = mm_plan();

	(void)state;
	p.quota_rounding = 2;
	assert_int_equal(score_quota_allowed(&p, 13), 2);	/* 1.95 → 2 */
	assert_int_equal(score_quota_allowed(&p, 6), 1);	/* 0.90 → 1 */
	assert_int_equal(score_quota_allowed(&p, 3), 0);	/* 0.45 → 0 */
	p.quota_percent = 10;
	assert_int_equal(score_quota_allowed(&p, 5), 1);	/* 0.50 → half up → 1 */
	p.quota_percent = 15;
	p.quota_rounding = 3;
	assert_int_equal(score_quota_allowed(&p, 6), 1);	/* 0.90 → 1 */
	assert_int_equal(score_quota_allowed(&p, 20), 3);	/* 3.00 → 3 */
	assert_int_equal(score_quota_allowed(&p, 21), 4);	/* 3.15 → 4 */
	p.quota_grade = 0;					/* no quota */
	assert_int_equal(score_quota_allowed(&p, 21), 21);
}

static void
test_quota_check(void **state)
{
	struct plan p = mm_plan();
	uint32_t g[21];
	struct quota_check q;

	(void)state;
	/* 13 people, 2 优秀: 1 allowed, over by 1 */
	for (size_t i = 0; i < 13; i++)
		g[i] = i < 2 ? GRADE_EXCELLENT : GRADE_COMPETENT;
	score_quota_check(&p, g, 13, &q);
	assert_int_equal(q.assessed, 13);
	assert_int_equal(q.holding, 2);
	assert_int_equal(q.allowed, 1);
	assert_int_equal(q.over, 1);
	assert_false(q.ok);
	/* 13 people, 1 优秀: within */
	g[1] = GRADE_BASIC;
	score_quota_check(&p, g, 13, &q);
	assert_int_equal(q.over, 0);
	assert_true(q.ok);
	/* 20 people, 3 优秀: 3 allowed, ok; a 4th: over by 1 */
	for (size_t i = 0; i < 20; i++)
		g[i] = i < 3 ? GRADE_EXCELLENT : GRADE_COMPETENT;
	score_quota_check(&p, g, 20, &q);
	assert_int_equal(q.allowed, 3);
	assert_true(q.ok);
	g[3] = GRADE_EXCELLENT;
	score_quota_check(&p, g, 20, &q);
	assert_int_equal(q.over, 1);
	assert_false(q.ok);
	/* 6 people, 1 优秀: none allowed, over by 1 */
	for (size_t i = 0; i < 6; i++)
		g[i] = i < 1 ? GRADE_EXCELLENT : GRADE_COMPETENT;
	score_quota_check(&p, g, 6, &q);
	assert_int_equal(q.allowed, 0);
	assert_int_equal(q.over, 1);
	assert_false(q.ok);
}

static void
test_quota_check_ungraded_not_assessed(void **state)
{
	struct plan p = mm_plan();
	uint32_t g[21];
	struct quota_check q;

	(void)state;
	/* 21 entries, 1 without a grade: 20 assessed, 15% of 20 = 3; 4 优秀
	 * is over by 1 (with 21 assessed it would be 3.15 → 3 as well, so
	 * check the count itself) */
	for (size_t i = 0; i < 21; i++)
		g[i] = i < 4 ? GRADE_EXCELLENT : GRADE_COMPETENT;
	g[20] = 0;
	score_quota_check(&p, g, 21, &q);
	assert_int_equal(q.assessed, 20);
	assert_int_equal(q.holding, 4);
	assert_int_equal(q.over, 1);
	/* 7 entries, 1 ungraded: 6 assessed → 0.9 → 0 allowed (7 would give
	 * 1.05 → 1) */
	for (size_t i = 0; i < 7; i++)
		g[i] = i < 1 ? GRADE_EXCELLENT : GRADE_COMPETENT;
	g[6] = 0;
	score_quota_check(&p, g, 7, &q);
	assert_int_equal(q.assessed, 6);
	assert_int_equal(q.allowed, 0);
	assert_false(q.ok);
}

/* ---- eligibility ---- */

static void
test_eligibility(void **state)
{
	struct plan p = mm_plan();
	const uint32_t once_excellent[] = { 1, 2, 2, 2 };
	const uint32_t never[] = { 2, 2, 2, 2 };
	const uint32_t basic[] = { 1, 3, 2, 2 };
	const uint32_t incompetent[] = { 1, 4 };
	const uint32_t with_gap[] = { 0, 1, 0 };

	(void)state;
	assert_int_equal(score_annual_eligible(&p, once_excellent, 4, 1), ELIGIBLE);
	assert_int_equal(score_annual_eligible(&p, never, 4, 1),
	    INELIGIBLE_NO_ROUTINE_EXCELLENT);
	/* 优秀 once, but 基本称职 once: barred */
	assert_int_equal(score_annual_eligible(&p, basic, 4, 1), INELIGIBLE_LOW_ROUTINE);
	assert_int_equal(score_annual_eligible(&p, incompetent, 2, 1), INELIGIBLE_LOW_ROUTINE);
	/* periods without a result are skipped */
	assert_int_equal(score_annual_eligible(&p, with_gap, 3, 1), ELIGIBLE);
	/* no routine result at all: never 优秀 */
	assert_int_equal(score_annual_eligible(&p, NULL, 0, 1),
	    INELIGIBLE_NO_ROUTINE_EXCELLENT);
	/* only 优秀 is restricted */
	assert_int_equal(score_annual_eligible(&p, basic, 4, 2), ELIGIBLE);
	assert_int_equal(score_annual_eligible(&p, never, 4, 3), ELIGIBLE);
}

static void
test_eligibility_flags(void **state)
{
	struct plan p = mm_plan();
	const uint32_t never[] = { 2, 3 };

	(void)state;
	p.low_routine_bars_excellent = false;
	assert_int_equal(score_annual_eligible(&p, never, 2, 1),
	    INELIGIBLE_NO_ROUTINE_EXCELLENT);
	p.annual_needs_routine_excellent = false;
	assert_int_equal(score_annual_eligible(&p, never, 2, 1), ELIGIBLE);
	p.low_routine_bars_excellent = true;
	assert_int_equal(score_annual_eligible(&p, never, 2, 1), INELIGIBLE_LOW_ROUTINE);
}

static void
test_eligibility_messages(void **state)
{
	(void)state;
	assert_string_equal(score_eligibility_message(ELIGIBLE), "");
	assert_non_null(strstr(score_eligibility_message(INELIGIBLE_LOW_ROUTINE), "基本称职"));
	assert_non_null(strstr(score_eligibility_message(INELIGIBLE_NO_ROUTINE_EXCELLENT),
	    "未获得过优秀"));
}

/* ---- annual ---- */

static void
test_annual_40_60(void **state)
{
	struct plan p = mm_plan();
	struct period_score s[] = { { "yearend", 9200 }, { "routine", 8800 } };
	uint32_t a = 0;

	(void)state;
	/* 0.4 × 88 + 0.6 × 92 = 35.2 + 55.2 = 90.40 */
	assert_int_equal(score_annual(&p, s, 2, &a), SCORE_OK);
	assert_int_equal(a, 9040);
	/* 40 × 8801 + 60 × 9200 = 352040 + 552000 = 904040 → 9040.40 → 9040 */
	s[1].score = 8801;
	assert_int_equal(score_annual(&p, s, 2, &a), SCORE_OK);
	assert_int_equal(a, 9040);
}

static void
test_annual_30_70(void **state)
{
	struct plan p = org_plan();
	struct period_score s[] = { { "routine", 8500 }, { "yearend", 9000 } };
	uint32_t a = 0;

	(void)state;
	/* 3:7: 0.3 × 85 + 0.7 × 90 = 25.5 + 63 = 88.50 */
	assert_int_equal(score_annual(&p, s, 2, &a), SCORE_OK);
	assert_int_equal(a, 8850);
	/* 30 × 8505 + 70 × 9000 = 255150 + 630000 = 885150 → 8851.50 → 8852 */
	s[0].score = 8505;
	assert_int_equal(score_annual(&p, s, 2, &a), SCORE_OK);
	assert_int_equal(a, 8852);
}

static void
test_annual_refuses(void **state)
{
	struct plan p = mm_plan();
	struct plan_weight w[2];
	const struct period_score only[] = { { "routine", 8800 } };
	const struct period_score odd[] = { { "routine", 8800 }, { "halfyear", 9000 } };
	const struct period_score twice[] = { { "routine", 8800 }, { "routine", 9000 } };
	const struct period_score ok[] = { { "routine", 8800 }, { "yearend", 9000 } };
	uint32_t a = 0;

	(void)state;
	assert_int_equal(score_annual(&p, only, 1, &a), SCORE_ERR_MISSING);
	assert_int_equal(score_annual(&p, odd, 2, &a), SCORE_ERR_UNKNOWN);
	assert_int_equal(score_annual(&p, twice, 2, &a), SCORE_ERR_DUPLICATE);
	/* routine at 30 when its min is 40 */
	memcpy(w, mm_annual, sizeof(w));
	p.annual = w;
	w[0].weight = 30;
	w[1].weight = 70;
	assert_int_equal(score_annual(&p, ok, 2, &a), SCORE_ERR_PLAN);
	/* weights 40 + 50 = 90 */
	w[0].weight = 40;
	w[1].weight = 50;
	assert_int_equal(score_annual(&p, ok, 2, &a), SCORE_ERR_PLAN);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_div_half_up),
		cmocka_unit_test(test_mean_exact),
		cmocka_unit_test(test_mean_half_up),
		cmocka_unit_test(test_mean_empty),
		cmocka_unit_test(test_adjustment_highest_level_once),
		cmocka_unit_test(test_adjustment_every_entry_without_highest_only),
		cmocka_unit_test(test_adjustment_criticism_of_other_work),
		cmocka_unit_test(test_adjustment_commendation_and_criticism_same_work),
		cmocka_unit_test(test_adjustment_criticism_not_deducting),
		cmocka_unit_test(test_adjustment_no_work_stands_alone),
		cmocka_unit_test(test_adjustment_unknown_level),
		cmocka_unit_test(test_composite_seed000),
		cmocka_unit_test(test_composite_with_commendations),
		cmocka_unit_test(test_composite_adjusted_part_clamped),
		cmocka_unit_test(test_composite_rounds_once_half_up),
		cmocka_unit_test(test_composite_refuses),
		cmocka_unit_test(test_composite_refuses_plan),
		cmocka_unit_test(test_grade_band_edges),
		cmocka_unit_test(test_grade_bands_any_order),
		cmocka_unit_test(test_grade_outside_bands),
		cmocka_unit_test(test_quota_allowed_floor),
		cmocka_unit_test(test_quota_allowed_nearest_and_ceiling),
		cmocka_unit_test(test_quota_check),
		cmocka_unit_test(test_quota_check_ungraded_not_assessed),
		cmocka_unit_test(test_eligibility),
		cmocka_unit_test(test_eligibility_flags),
		cmocka_unit_test(test_eligibility_messages),
		cmocka_unit_test(test_annual_40_60),
		cmocka_unit_test(test_annual_30_70),
		cmocka_unit_test(test_annual_refuses),
	};

	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
