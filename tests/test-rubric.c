/*
 * test-rubric.c: the scoring engine (common/score.c) for organisations:
 * rubric items, sections, totals, tiers and applications, checklists, spot
 * check sampling, and points ledgers and ranking, against numbers worked
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

	return cmocka_run_group_tests_name("rubric", tests, NULL, NULL);
}
