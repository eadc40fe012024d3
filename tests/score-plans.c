/*
 * score-plans.c: the two plans the scoring tests share, built in code to
 * mirror the seeds (see score-plans.h).  They are not run through
 * plan_check: the tests are about the scoring engine.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/forms.h"
#include "common/score.h"
#include "common/util.h"
#include "score-plans.h"

/* ---- seed 000: the middle-manager plan ---- */

struct plan_rater mm_raters[] = {
	{ .key = "work", .name = "业务工作实绩", .weight = 40, .combine = 1, .adjusted = true },
	{ .key = "principal", .name = "主要领导评定", .weight = 30, .combine = 1 },
	{ .key = "leadership", .name = "领导班子成员评价", .weight = 10, .combine = 2 },
	{ .key = "democratic", .name = "民意测评", .weight = 20, .combine = 2, .anonymous = true },
};


static struct plan_level mm_levels[] = {
	{ .key = "district", .name = "区级", .points = 100, .rank = DISTRICT },
	{ .key = "city", .name = "市级", .points = 300, .rank = CITY },
	{ .key = "province", .name = "省级", .points = 500, .rank = PROVINCE },
	{ .key = "national", .name = "国家级", .points = 1000, .rank = NATIONAL },
};

struct plan_band mm_bands[] = {
	{ .grade = GRADE_EXCELLENT, .min = 9000, .max = 0 },
	{ .grade = GRADE_COMPETENT, .min = 8000, .max = 9000 },
	{ .grade = GRADE_BASIC, .min = 6000, .max = 8000 },
	{ .grade = GRADE_INCOMPETENT, .min = 0, .max = 6000 },
};

struct plan_weight mm_annual[] = {
	{ .part = "routine", .weight = 40, .min = 40 },
	{ .part = "yearend", .weight = 60 },
};

struct plan
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


/* ---- seeds 001, 003, 004: an organisations plan with a rubric ---- */

static struct rubric_rule r11_rules[] = {
	{ .key = "no-plan", .text = "中心组学习年初无计划", .points = 200, .once = true },
	{ .key = "missed-session", .text = "中心组集中学习缺一次", .points = 200, .unit = "次" },
};
static struct rubric_rule r12_rules[] = {
	{ .key = "no-record", .text = "无会议记录", .points = 100, .unit = "次" },
};
struct rubric_item s1_items[] = {
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
struct rubric_section org_sections[] = {
	{ .key = "1", .name = "党组党委领导班子自身建设", .points = 2000,
	    .items = s1_items, .items_n = nitems(s1_items) },
	{ .key = "2", .name = "基层组织建设", .points = 2000,
	    .items = s2_items, .items_n = nitems(s2_items) },
	{ .key = "3", .name = "党员队伍建设", .points = 6000,
	    .items = s3_items, .items_n = nitems(s3_items) },
};
struct plan_tier org_tiers[] = {
	{ .name = "三等", .min = 8000, .max = 9100 },
	{ .name = "二等", .min = 9100, .max = 9600 },
	{ .name = "一等", .min = 9600, .max = 0 },
};
static struct plan_weight org_annual[] = {
	{ .part = "routine", .weight = 30 },
	{ .part = "yearend", .weight = 70 },
};

struct plan
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

