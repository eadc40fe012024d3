/*
 * test-score.c: the scoring engine (common/score.c) against numbers worked
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

/* ---- seed 000: the middle-manager plan ---- */

static struct plan_rater mm_raters[] = {
	{ .key = "work", .name = "业务工作实绩", .weight = 40, .combine = 1, .adjusted = true },
	{ .key = "principal", .name = "主要领导评定", .weight = 30, .combine = 1 },
	{ .key = "leadership", .name = "领导班子成员评价", .weight = 10, .combine = 2 },
	{ .key = "democratic", .name = "民意测评", .weight = 20, .combine = 2, .anonymous = true },
};

enum { DISTRICT = 1, CITY = 2, PROVINCE = 3, NATIONAL = 4 };

static struct plan_level mm_levels[] = {
	{ .key = "district", .name = "区级", .points = 100, .rank = DISTRICT },
	{ .key = "city", .name = "市级", .points = 300, .rank = CITY },
	{ .key = "province", .name = "省级", .points = 500, .rank = PROVINCE },
	{ .key = "national", .name = "国家级", .points = 1000, .rank = NATIONAL },
};

static struct plan_band mm_bands[] = {
	{ .grade = GRADE_EXCELLENT, .min = 9000, .max = 0 },
	{ .grade = GRADE_COMPETENT, .min = 8000, .max = 9000 },
	{ .grade = GRADE_BASIC, .min = 6000, .max = 8000 },
	{ .grade = GRADE_INCOMPETENT, .min = 0, .max = 6000 },
};

static struct plan_weight mm_annual[] = {
	{ .part = "routine", .weight = 40, .min = 40 },
	{ .part = "yearend", .weight = 60 },
};

static struct plan
mm_plan(void)
{
	struct plan p = {
		.key = "yongqiao-2015", .version = 1, .subject = 1,
		.raters = mm_raters, .raters_n = nitems(mm_raters),
		.levels = mm_levels, .levels_n = nitems(mm_levels),
		.highest_only = true, .criticism_deducts = true,
		.bands = mm_bands, .bands_n = nitems(mm_bands),
		.quota_grade = GRADE_EXCELLENT, .quota_percent = 15, .quota_rounding = 1,
		.annual_needs_routine_excellent = true, .low_routine_bars_excellent = true,
		.annual = mm_annual, .annual_n = nitems(mm_annual),
		.ranked = true,
	};
	return p;
}

/* The person of the brief: work 85, principal 90, leaders 88 and 92,
 * peers 80, 85, 90 and 86. */
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

/* ---- seeds 001, 003, 004: an organisations plan with a rubric ---- */

static struct rubric_rule r11_rules[] = {
	{ .key = "no-plan", .text = "中心组学习年初无计划", .points = 200, .once = true },
	{ .key = "missed-session", .text = "中心组集中学习缺一次", .points = 200, .unit = "次" },
};
static struct rubric_rule r12_rules[] = {
	{ .key = "no-record", .text = "无会议记录", .points = 100, .unit = "次" },
};
static struct rubric_item s1_items[] = {
	{ .key = "1.1", .name = "坚持把思想政治建设放在首位", .standard = 500,
	    .rules = r11_rules, .rules_n = nitems(r11_rules) },
	{ .key = "1.2", .name = "严格党内政治生活", .standard = 1500,
	    .rules = r12_rules, .rules_n = nitems(r12_rules) },
};
static struct rubric_item s2_items[] = {
	{ .key = "2.1", .name = "基层组织设置", .standard = 2000 },
};
static struct rubric_item s3_items[] = {
	{ .key = "3.1", .name = "党员教育管理", .standard = 6000 },
};
static struct rubric_section org_sections[] = {
	{ .key = "1", .name = "党组党委领导班子自身建设", .points = 2000,
	    .items = s1_items, .items_n = nitems(s1_items) },
	{ .key = "2", .name = "基层组织建设", .points = 2000,
	    .items = s2_items, .items_n = nitems(s2_items) },
	{ .key = "3", .name = "党员队伍建设", .points = 6000,
	    .items = s3_items, .items_n = nitems(s3_items) },
};
static struct plan_tier org_tiers[] = {
	{ .name = "三等", .min = 8000, .max = 9100 },
	{ .name = "二等", .min = 9100, .max = 9600 },
	{ .name = "一等", .min = 9600, .max = 0 },
};
static struct plan_weight org_annual[] = {
	{ .part = "routine", .weight = 30 },
	{ .part = "yearend", .weight = 70 },
};

static struct plan
org_plan(void)
{
	struct plan p = {
		.key = "enshi-2011", .version = 1, .subject = 2,
		.rubric_total = 10000, .apply_min = 9000,
		.sections = org_sections, .sections_n = nitems(org_sections),
		.tiers = org_tiers, .tiers_n = nitems(org_tiers),
		.sample_percent = 20, .sample_min = 1,
		.annual = org_annual, .annual_n = nitems(org_annual),
		.ranked = true,
	};
	return p;
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

/* ---- rubric ---- */

static void
test_item_per_occurrence(void **state)
{
	const struct finding f[] = { { "missed-session", 2 } };
	struct item_score s;

	(void)state;
	/* 5-point item, 2 missed sessions at 2 points: 5 − 2×2 = 1.00 */
	assert_int_equal(score_item(&s1_items[0], f, 1, &s), SCORE_OK);
	assert_int_equal(s.deductions, 400);
	assert_int_equal(s.score, 100);
}

static void
test_item_never_below_zero(void **state)
{
	const struct finding f[] = { { "missed-session", 3 } };
	const struct finding g[] = { { "missed-session", 2 }, { "no-plan", 1 } };
	struct item_score s;

	(void)state;
	/* 3 × 2 = 6 > 5: 0, not −1 */
	assert_int_equal(score_item(&s1_items[0], f, 1, &s), SCORE_OK);
	assert_int_equal(s.deductions, 600);
	assert_int_equal(s.score, 0);
	/* 2 × 2 + 2 = 6 > 5: 0 */
	assert_int_equal(score_item(&s1_items[0], g, 2, &s), SCORE_OK);
	assert_int_equal(s.score, 0);
}

static void
test_item_once_rule(void **state)
{
	const struct finding f[] = { { "no-plan", 3 } };
	const struct finding g[] = { { "no-plan", 1 }, { "no-plan", 2 } };
	const struct finding h[] = { { "no-plan", 0 }, { "missed-session", 1 } };
	struct item_score s;

	(void)state;
	/* once: 2 points whatever the count: 5 − 2 = 3.00 */
	assert_int_equal(score_item(&s1_items[0], f, 1, &s), SCORE_OK);
	assert_int_equal(s.deductions, 200);
	assert_int_equal(s.score, 300);
	/* found twice: still once */
	assert_int_equal(score_item(&s1_items[0], g, 2, &s), SCORE_OK);
	assert_int_equal(s.score, 300);
	/* count 0 deducts nothing; one missed session: 5 − 2 = 3.00 */
	assert_int_equal(score_item(&s1_items[0], h, 2, &s), SCORE_OK);
	assert_int_equal(s.deductions, 200);
	assert_int_equal(s.score, 300);
}

static void
test_item_sums_findings(void **state)
{
	const struct finding f[] = { { "no-record", 3 }, { "no-record", 4 } };
	struct item_score s;

	(void)state;
	/* 15-point item, 1 point per missing record, 3 + 4 = 7: 15 − 7 = 8.00 */
	assert_int_equal(score_item(&s1_items[1], f, 2, &s), SCORE_OK);
	assert_int_equal(s.deductions, 700);
	assert_int_equal(s.score, 800);
	/* nothing found: the standard */
	assert_int_equal(score_item(&s1_items[1], NULL, 0, &s), SCORE_OK);
	assert_int_equal(s.score, 1500);
}

static void
test_item_unknown_rule(void **state)
{
	const struct finding f[] = { { "missed-session", 1 }, { "no-record", 1 } };
	struct item_score s = { 11, 22 };

	(void)state;
	/* no-record is a rule of 1.2, not of 1.1 */
	assert_int_equal(score_item(&s1_items[0], f, 2, &s), SCORE_ERR_UNKNOWN);
	assert_int_equal(s.score, 22);
}

static void
test_item_overflow(void **state)
{
	const struct finding f[] = { { "missed-session", UINT32_MAX } };
	struct item_score s;

	(void)state;
	/* 200 × (2^32 − 1) does not fit 32 bits */
	assert_int_equal(score_item(&s1_items[0], f, 1, &s), SCORE_ERR_RANGE);
}

static void
test_section(void **state)
{
	struct rubric_item big[] = { { .key = "a", .standard = 600 }, { .key = "b", .standard = 600 } };
	struct rubric_section s = { .key = "x", .points = 1000, .items = big, .items_n = 2 };
	const uint32_t full[] = { 600, 600 }, part[] = { 600, 300 };
	const uint32_t s1[] = { 100, 1500 };
	uint32_t t = 0;

	(void)state;
	/* items 6 + 6 = 12 in a 10-point section: capped at 10.00 */
	assert_int_equal(score_section(&s, full, 2, &t), SCORE_OK);
	assert_int_equal(t, 1000);
	/* 6 + 3 = 9.00: under the cap */
	assert_int_equal(score_section(&s, part, 2, &t), SCORE_OK);
	assert_int_equal(t, 900);
	/* seed 004's first section: 1.00 + 15.00 = 16.00 of 20 */
	assert_int_equal(score_section(&org_sections[0], s1, 2, &t), SCORE_OK);
	assert_int_equal(t, 1600);
	assert_int_equal(score_section(&org_sections[0], s1, 1, &t), SCORE_ERR_MISSING);
}

static void
test_rubric_total(void **state)
{
	struct plan p = org_plan();
	const uint32_t s[] = { 1850, 1900, 5600 };
	uint32_t t = 0;

	(void)state;
	/* 18.50 + 19.00 + 56.00 = 93.50 */
	assert_int_equal(score_rubric_total(&p, s, 3, &t), SCORE_OK);
	assert_int_equal(t, 9350);
	assert_int_equal(score_rubric_total(&p, s, 2, &t), SCORE_ERR_MISSING);
}

static const char *
tier_name(const struct plan *p, uint32_t total)
{
	const struct plan_tier *t = score_tier(p, total);

	return t ? t->name : "none";
}

static void
test_tiers(void **state)
{
	struct plan p = org_plan();

	(void)state;
	assert_string_equal(tier_name(&p, 7999), "none");	/* under 80 */
	assert_string_equal(tier_name(&p, 8000), "三等");	/* [80, 91) */
	assert_string_equal(tier_name(&p, 9099), "三等");	/* 90.99 */
	assert_string_equal(tier_name(&p, 9100), "二等");	/* 91.00 */
	assert_string_equal(tier_name(&p, 9599), "二等");	/* 95.99 */
	assert_string_equal(tier_name(&p, 9600), "一等");	/* 96.00 */
	assert_string_equal(tier_name(&p, 10000), "一等");	/* 100: the total, included */
	assert_string_equal(tier_name(&p, 10001), "none");	/* beyond the total */
}

static void
test_tier_max_at_total(void **state)
{
	struct plan p = org_plan();
	struct plan_tier t[3];

	(void)state;
	memcpy(t, org_tiers, sizeof(t));
	p.tiers = t;
	/* the last tier written as max: 100 still holds 100 */
	t[2].max = 10000;
	assert_string_equal(tier_name(&p, 10000), "一等");
	assert_string_equal(tier_name(&p, 9999), "一等");
	/* a max below the total is exclusive */
	t[2].max = 9900;
	assert_string_equal(tier_name(&p, 9900), "none");
}

static void
test_may_apply(void **state)
{
	struct plan p = org_plan();

	(void)state;
	assert_false(score_may_apply(&p, 8999));	/* 89.99 < 90 */
	assert_true(score_may_apply(&p, 9000));		/* 90.00 */
	assert_true(score_may_apply(&p, 10000));
}

static void
test_checklist(void **state)
{
	struct rubric_item lines[5] = {
		{ .key = "1" }, { .key = "2" }, { .key = "3" }, { .key = "4" }, { .key = "5" },
	};
	struct rubric_section s = { .key = "一", .items = lines, .items_n = 5 };
	const bool met[] = { true, false, true, true, false };
	struct checklist_count c;

	(void)state;
	/* met: lines 1, 3, 4: 3 of 5 */
	assert_int_equal(score_checklist(&s, met, 5, &c), SCORE_OK);
	assert_int_equal(c.met, 3);
	assert_int_equal(c.total, 5);
	assert_int_equal(score_checklist(&s, met, 4, &c), SCORE_ERR_MISSING);
}

/* ---- sampling ---- */

static void
test_sample_count(void **state)
{
	(void)state;
	/* seed 001: 20% of the towns, "at least one each"; ceil so that the
	 * sample is never under 20% */
	assert_int_equal(score_sample_count(12, 20, 1), 3);	/* 2.4 → 3 */
	assert_int_equal(score_sample_count(10, 20, 1), 2);	/* 2.0 → 2 */
	assert_int_equal(score_sample_count(11, 20, 1), 3);	/* 2.2 → 3 */
	assert_int_equal(score_sample_count(5, 20, 1), 1);	/* 1.0 → 1 */
	assert_int_equal(score_sample_count(3, 20, 1), 1);	/* 0.6 → 1 */
	assert_int_equal(score_sample_count(1, 20, 1), 1);	/* 0.2 → 1 */
	assert_int_equal(score_sample_count(3, 20, 2), 2);	/* min 2 */
	assert_int_equal(score_sample_count(1, 20, 2), 1);	/* at most n */
	assert_int_equal(score_sample_count(0, 20, 1), 0);	/* nothing to sample */
	assert_int_equal(score_sample_count(7, 100, 1), 7);
}

static void
test_rng_reference(void **state)
{
	uint64_t s = 0;

	(void)state;
	/* splitmix64 from state 0: the reference code's first outputs */
	assert_true(score_rng_next(&s) == UINT64_C(0xe220a8397b1dcdaf));
	assert_true(score_rng_next(&s) == UINT64_C(0x6e789e6aa1b965f4));
	assert_true(score_rng_next(&s) == UINT64_C(0x06c45d188009454f));
}

static void
test_rng_below_redraws(void **state)
{
	uint64_t s;

	(void)state;
	/* The mixer maps 0 to 0, so from the state −0x9E3779B97F4A7C15 the
	 * first draw is 0.  Below 3 the redraw threshold is 2^64 mod 3 = 1, so
	 * 0 is drawn again: the state is now 0 and the next draw is seed 0's
	 * first output, 0x…cdaf, whose hex digits sum to 130 ≡ 1 (mod 3): 1.
	 * (Without the redraw it would be 0 mod 3 = 0.) */
	s = 0 - UINT64_C(0x9E3779B97F4A7C15);
	assert_int_equal(score_rng_below(&s, 3), 1);
	assert_true(s == UINT64_C(0x9E3779B97F4A7C15));	/* two draws made */
	/* below 4 the threshold is 0: the 0 is kept */
	s = 0 - UINT64_C(0x9E3779B97F4A7C15);
	assert_int_equal(score_rng_below(&s, 4), 0);
	assert_true(s == 0);
}

static void
test_choose_by_hand(void **state)
{
	uint64_t s;
	uint32_t out[2];

	(void)state;
	/* seed 0, 2 of 4.  a = [0 1 2 3].
	 * i = 0: m = 4, 2^64 mod 4 = 0 so no redraw; r1 = 0x…cdaf,
	 *   0xaf = 175 = 43×4 + 3: j = 3; swap a[0], a[3]: [3 1 2 0].
	 * i = 1: m = 3, 2^64 mod 3 = 1 (4 ≡ 1 mod 3), r2 >= 1 is kept;
	 *   r2 mod 3 is its hex digits' sum mod 3 (16 ≡ 1 mod 3):
	 *   6+14+7+8+9+14+6+10+10+1+11+9+6+5+15+4 = 135 ≡ 0: j = 1, no swap.
	 * chosen a[0..2) = [3 1], sorted [1 3]. */
	s = 0;
	score_choose(&s, 4, 2, out);
	assert_int_equal(out[0], 1);
	assert_int_equal(out[1], 3);
	/* seed 0, 1 of 5: 2^64 mod 5 = 1 (16 ≡ 1 mod 5); r1's hex digits
	 * 14+2+2+0+10+8+3+9+7+11+1+13+12+13+10+15 = 130 ≡ 0 (mod 5): [0] */
	s = 0;
	score_choose(&s, 5, 1, out);
	assert_int_equal(out[0], 0);
	/* 1 of 3: 130 ≡ 1 (mod 3): [1] */
	s = 0;
	score_choose(&s, 3, 1, out);
	assert_int_equal(out[0], 1);
}

static void
test_sample_by_hand(void **state)
{
	const struct sample_unit towns[] = { { 101, 3 }, { 102, 2 }, { 103, 5 }, { 104, 1 } };
	struct sample sm;

	(void)state;
	/* 50% of 4 towns = 2: from seed 0, as in test_choose_by_hand, towns
	 * [1 3].  Town 1 (2 villages): 50% = 1; m = 2, r3 = 0x…454f is odd:
	 * village 1.  Town 3 (1 village): ceil(0.5) = 1 of 1: village 0. */
	assert_int_equal(score_sample(0, towns, 4, 50, 1, &sm), SCORE_OK);
	assert_int_equal(sm.ntowns, 2);
	assert_int_equal(sm.towns[0].town, 1);
	assert_int_equal(sm.towns[1].town, 3);
	assert_int_equal(sm.towns[0].nvillages, 1);
	assert_int_equal(sm.towns[0].villages[0], 1);
	assert_int_equal(sm.towns[1].nvillages, 1);
	assert_int_equal(sm.towns[1].villages[0], 0);
	assert_true(sm.seed == 0);
	score_sample_free(&sm);
	score_sample_free(&sm);		/* twice is safe */
}

/* How many villages ceil(20% × v), at least 1, gives, by hand. */
static uint32_t
villages_by_hand(uint32_t v)
{
	/* 0 → 0; 1..5 → 1 (0.2 .. 1.0); 6..10 → 2 (1.2 .. 2.0); 11, 12 → 3 */
	static const uint32_t k[] = { 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3 };

	return k[v];
}

static void
test_sample_seed001(void **state)
{
	const struct sample_unit towns[12] = {
		{ 1, 7 }, { 2, 3 }, { 3, 12 }, { 4, 5 }, { 5, 0 }, { 6, 9 },
		{ 7, 10 }, { 8, 4 }, { 9, 6 }, { 10, 8 }, { 11, 2 }, { 12, 11 },
	};
	struct sample sm;

	(void)state;
	assert_int_equal(score_sample(UINT64_C(20111231), towns, 12, 20, 1, &sm), SCORE_OK);
	/* 20% of 12 towns = ceil(2.4) = 3 */
	assert_int_equal(sm.ntowns, 3);
	for (uint32_t i = 0; i < sm.ntowns; i++) {
		const struct sample_town *t = &sm.towns[i];

		assert_true(t->town < 12);
		if (i > 0)
			assert_true(t->town > sm.towns[i - 1].town);	/* distinct, ascending */
		assert_int_equal(t->nvillages, villages_by_hand(towns[t->town].villages));
		for (uint32_t j = 0; j < t->nvillages; j++) {
			assert_true(t->villages[j] < towns[t->town].villages);
			if (j > 0)
				assert_true(t->villages[j] > t->villages[j - 1]);
		}
	}
	score_sample_free(&sm);
}

static bool
same_sample(const struct sample *a, const struct sample *b)
{
	if (a->ntowns != b->ntowns)
		return false;
	for (uint32_t i = 0; i < a->ntowns; i++) {
		if (a->towns[i].town != b->towns[i].town ||
		    a->towns[i].nvillages != b->towns[i].nvillages)
			return false;
		for (uint32_t j = 0; j < a->towns[i].nvillages; j++)
			if (a->towns[i].villages[j] != b->towns[i].villages[j])
				return false;
	}
	return true;
}

static void
test_sample_reproducible(void **state)
{
	struct sample_unit towns[40];
	struct sample a, b;
	int differ = 0;

	(void)state;
	for (uint32_t i = 0; i < 40; i++)
		towns[i] = (struct sample_unit){ 1000 + i, 5 + i % 9 };
	/* the same seed: the same towns and villages */
	assert_int_equal(score_sample(42, towns, 40, 20, 1, &a), SCORE_OK);
	assert_int_equal(score_sample(42, towns, 40, 20, 1, &b), SCORE_OK);
	assert_int_equal(a.ntowns, 8);		/* 20% of 40 = 8.0 */
	assert_true(same_sample(&a, &b));
	score_sample_free(&b);
	/* other seeds: other samples (of C(40, 8) ≈ 7.7e7 choices, not all
	 * of seeds 1..8 can land on seed 42's) */
	for (uint64_t seed = 1; seed <= 8; seed++) {
		assert_int_equal(score_sample(seed, towns, 40, 20, 1, &b), SCORE_OK);
		differ += !same_sample(&a, &b);
		score_sample_free(&b);
	}
	assert_true(differ >= 7);
	score_sample_free(&a);
}

static void
test_sample_edges(void **state)
{
	const struct sample_unit one[] = { { 7, 0 } };
	struct sample sm;

	(void)state;
	/* no towns: an empty sample */
	assert_int_equal(score_sample(1, NULL, 0, 20, 1, &sm), SCORE_OK);
	assert_int_equal(sm.ntowns, 0);
	score_sample_free(&sm);
	/* one town without villages: that town, no village */
	assert_int_equal(score_sample(1, one, 1, 20, 1, &sm), SCORE_OK);
	assert_int_equal(sm.ntowns, 1);
	assert_int_equal(sm.towns[0].town, 0);
	assert_int_equal(sm.towns[0].nvillages, 0);
	score_sample_free(&sm);
	assert_int_equal(score_sample(1, one, 1, 101, 1, &sm), SCORE_ERR_RANGE);
}

/* ---- ledgers and ranking ---- */

static void
test_ledger_sum(void **state)
{
	const struct ledger_entry e[] = {
		{ 1, 20260302, 500 }, { 2, 20260305, 300 }, { 1, 20260315, 250 },
		{ 3, 20260331, 800 }, { 2, 20260401, 900 }, { 3, 20260228, 100 },
		{ 2, 20260320, -50 }, { 1, 20260331, 50 },
	};
	struct ledger_total t[nitems(e)];
	size_t n;

	(void)state;
	/* March 2026 only (20260401 and 20260228 are out):
	 * person 1: 5 + 2.5 + 0.5 = 8.00 (3 entries)
	 * person 2: 3 − 0.5 = 2.50 (2)
	 * person 3: 8.00 (1) */
	n = score_ledger_sum(e, nitems(e), 202603, t);
	assert_int_equal(n, 3);
	assert_int_equal(t[0].person, 1);
	assert_int_equal(t[0].points, 800);
	assert_int_equal(t[0].entries, 3);
	assert_int_equal(t[1].person, 2);
	assert_int_equal(t[1].points, 250);
	assert_int_equal(t[1].entries, 2);
	assert_int_equal(t[2].person, 3);
	assert_int_equal(t[2].points, 800);
	/* the first quarter: person 2 has 2.50, person 3 has 1 + 8 = 9.00 */
	n = score_ledger_sum(e, nitems(e), 202621, t);
	assert_int_equal(n, 3);
	assert_int_equal(t[1].points, 250);
	assert_int_equal(t[2].points, 900);
	/* April: person 2 only, 9.00 */
	n = score_ledger_sum(e, nitems(e), 202604, t);
	assert_int_equal(n, 1);
	assert_int_equal(t[0].person, 2);
	assert_int_equal(t[0].points, 900);
}

static void
test_rank_competition(void **state)
{
	struct rank_row r[] = {
		{ .value = 8865, .key = "wang", .id = 5 },
		{ .value = 9040, .key = "zhao", .id = 1 },
		{ .value = 8865, .key = "li", .id = 9 },
		{ .value = 7000, .key = "sun", .id = 2 },
		{ .value = 9040, .key = "chen", .id = 3 },
		{ .value = 8000, .key = "zhou", .id = 4 },
	};

	(void)state;
	/* 90.40 twice: both 1st; 88.65 twice: both 3rd (2 skipped); then 5, 6 */
	score_rank(r, nitems(r));
	assert_string_equal(r[0].key, "chen");	/* chen before zhao among 90.40 */
	assert_int_equal(r[0].rank, 1);
	assert_true(r[0].tied);
	assert_string_equal(r[1].key, "zhao");
	assert_int_equal(r[1].rank, 1);
	assert_true(r[1].tied);
	assert_string_equal(r[2].key, "li");
	assert_int_equal(r[2].rank, 3);
	assert_true(r[2].tied);
	assert_string_equal(r[3].key, "wang");
	assert_int_equal(r[3].rank, 3);
	assert_true(r[3].tied);
	assert_string_equal(r[4].key, "zhou");
	assert_int_equal(r[4].rank, 5);
	assert_false(r[4].tied);
	assert_string_equal(r[5].key, "sun");
	assert_int_equal(r[5].rank, 6);
	assert_false(r[5].tied);
}

static void
test_rank_one_two_two_four(void **state)
{
	struct rank_row r[] = {
		{ .value = 80, .id = 4 }, { .value = 90, .id = 3 }, { .value = 100, .id = 9 },
		{ .value = 90, .id = 1 },
	};

	(void)state;
	/* 100; 90, 90; 80 → 1, 2, 2, 4; equal keys (none), so by id: 1 before 3 */
	score_rank(r, nitems(r));
	assert_int_equal(r[0].rank, 1);
	assert_false(r[0].tied);
	assert_int_equal(r[1].rank, 2);
	assert_int_equal(r[1].id, 1);
	assert_int_equal(r[2].rank, 2);
	assert_int_equal(r[2].id, 3);
	assert_int_equal(r[3].rank, 4);
	assert_false(r[3].tied);
}

static void
test_rank_order_independent(void **state)
{
	struct rank_row a[] = {
		{ .value = 5, .key = "b", .id = 2 }, { .value = 5, .key = "a", .id = 7 },
		{ .value = 5, .key = "a", .id = 3 }, { .value = -2, .key = "c", .id = 1 },
	};
	struct rank_row b[] = { a[3], a[2], a[0], a[1] };

	(void)state;
	/* 5 three times: rank 1 each, ordered a/3, a/7, b/2; −2: rank 4 */
	score_rank(a, 4);
	score_rank(b, 4);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(a[i].id, b[i].id);
		assert_int_equal(a[i].rank, b[i].rank);
	}
	assert_int_equal(a[0].id, 3);
	assert_int_equal(a[1].id, 7);
	assert_int_equal(a[2].id, 2);
	assert_int_equal(a[2].rank, 1);
	assert_int_equal(a[3].rank, 4);
	assert_true(a[3].value == -2);
	score_rank(a, 0);		/* nothing to rank: no crash */
}

static void
test_rank_ledger(void **state)
{
	const struct ledger_entry e[] = {
		{ 11, 20260310, 300 }, { 12, 20260311, 500 }, { 13, 20260312, -100 },
		{ 11, 20260320, 200 }, { 14, 20260321, 400 },
	};
	struct ledger_total t[nitems(e)];
	struct rank_row r[nitems(e)];
	size_t n;

	(void)state;
	/* 11: 3 + 2 = 5.00; 12: 5.00; 13: −1.00; 14: 4.00
	 * → 11 and 12 share 1st, 14 3rd, 13 4th */
	n = score_ledger_sum(e, nitems(e), 202603, t);
	assert_int_equal(n, 4);
	for (size_t i = 0; i < n; i++)
		r[i] = (struct rank_row){ .value = t[i].points, .id = t[i].person };
	score_rank(r, n);
	assert_int_equal(r[0].id, 11);
	assert_int_equal(r[0].rank, 1);
	assert_int_equal(r[1].id, 12);
	assert_int_equal(r[1].rank, 1);
	assert_int_equal(r[2].id, 14);
	assert_int_equal(r[2].rank, 3);
	assert_int_equal(r[3].id, 13);
	assert_int_equal(r[3].rank, 4);
	assert_true(r[3].value == -100);
}

static void
test_strerror(void **state)
{
	(void)state;
	assert_string_equal(score_strerror(SCORE_OK), "ok");
	assert_string_equal(score_strerror(SCORE_ERR_PLAN), "the plan cannot give a result");
	assert_string_equal(score_strerror(12345), "unknown error");
}

int
main(void)
{
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
		cmocka_unit_test(test_item_per_occurrence),
		cmocka_unit_test(test_item_never_below_zero),
		cmocka_unit_test(test_item_once_rule),
		cmocka_unit_test(test_item_sums_findings),
		cmocka_unit_test(test_item_unknown_rule),
		cmocka_unit_test(test_item_overflow),
		cmocka_unit_test(test_section),
		cmocka_unit_test(test_rubric_total),
		cmocka_unit_test(test_tiers),
		cmocka_unit_test(test_tier_max_at_total),
		cmocka_unit_test(test_may_apply),
		cmocka_unit_test(test_checklist),
		cmocka_unit_test(test_sample_count),
		cmocka_unit_test(test_rng_reference),
		cmocka_unit_test(test_rng_below_redraws),
		cmocka_unit_test(test_choose_by_hand),
		cmocka_unit_test(test_sample_by_hand),
		cmocka_unit_test(test_sample_seed001),
		cmocka_unit_test(test_sample_reproducible),
		cmocka_unit_test(test_sample_edges),
		cmocka_unit_test(test_ledger_sum),
		cmocka_unit_test(test_rank_competition),
		cmocka_unit_test(test_rank_one_two_two_four),
		cmocka_unit_test(test_rank_order_independent),
		cmocka_unit_test(test_rank_ledger),
		cmocka_unit_test(test_strerror),
	};

	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
