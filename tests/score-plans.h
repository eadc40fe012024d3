/*
 * score-plans.h: plans for the scoring tests, mirroring the seeds: seed
 * 000's middle-manager plan (40/30/10/20, commendations 1/3/5/10 points,
 * bands 90/80/60, 15% 优秀 quota rounded down, routine 40 / year-end 60) and
 * an organisations plan after seeds 001, 003 and 004 (100-point rubric,
 * tiers [80,91) [91,96) [96,100], apply at 90, samples of 20% at least 1,
 * routine 30 / year-end 70).  Both point into static tables: do not free.
 */
#ifndef KAOHE_SCORE_PLANS_H
#define KAOHE_SCORE_PLANS_H

#include "common/schema.h"

/* The ranks of mm_plan's commendation levels. */
enum { DISTRICT = 1, CITY = 2, PROVINCE = 3, NATIONAL = 4 };

/* mm_plan's parts, for tests that build variants of it. */
extern struct plan_rater mm_raters[4];
extern struct plan_band mm_bands[4];
extern struct plan_weight mm_annual[2];

/* org_plan's parts. */
extern struct rubric_item s1_items[2];
extern struct rubric_section org_sections[3];
extern struct plan_tier org_tiers[3];

struct plan	mm_plan(void);
struct plan	org_plan(void);

#endif
