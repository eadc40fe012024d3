/*
 * score.h: the scoring engine.  Every number kaohe computes from an
 * assessment plan (struct plan, schema/kaohe.def) comes from here: a
 * person's composite, the grade, the 优秀 quota, eligibility for annual 优秀,
 * the annual result, a rubric's items, sections, total and award tier, the
 * spot-check sample, points ledgers and rankings.
 *
 * All scores and points are integers in hundredths (8550 = 85.50); there is
 * no floating point.  Where a division is needed the function says how it
 * rounds; "half up" means to the nearest hundredth, a half going up (all
 * values rounded are non-negative).  Functions do not allocate unless they
 * say so, keep no pointer to what they are given, and trust the plan only
 * as far as they say: what plan_check refuses and would make a result
 * meaningless is refused here too, with SCORE_ERR_PLAN.
 *
 * docs/plans.md "How scores are computed" states the same rules in prose.
 */
#ifndef KAOHE_SCORE_H
#define KAOHE_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/* Return codes of the functions that can fail (0 is success). */
enum score_status {
	SCORE_OK = 0,
	SCORE_ERR_EMPTY = -1,	/* nothing to compute from: no scores for a part */
	SCORE_ERR_RANGE = -2,	/* a score over 100.00, or a sum that overflows */
	SCORE_ERR_UNKNOWN = -3,	/* a part, level or rule the plan does not have */
	SCORE_ERR_DUPLICATE = -4, /* the same part given twice */
	SCORE_ERR_MISSING = -5,	/* a part of the plan given no score */
	SCORE_ERR_PLAN = -6,	/* the plan cannot give a result (weights not 100 ...) */
};

/* What went wrong, in English, lower case, for logs and kaohectl. */
const char *score_strerror(int status);

/* Rounds a non-negative quotient num/den half up: (2·num + den) / (2·den). */
uint64_t score_div_half_up(uint64_t num, uint64_t den);

/* ---- means ---- */

/* The mean of n scores, rounded half up to a hundredth: 8800 and 8801 give
 * 8801 (88.005 → 88.01).  SCORE_ERR_EMPTY when n is 0. */
int	score_mean(const uint32_t *scores, size_t n, uint32_t *out);

/* ---- commendations and criticisms (表彰, 通报批评) ---- */

struct commendation {
	const char	*work;		/* the piece of work; NULL or "" stands alone */
	uint32_t	 level_rank;	/* plan_level.rank of the level */
	bool		 criticism;	/* a criticism, not a commendation */
};

/*
 * The net points (hundredths, may be negative) that n commendations and
 * criticisms add to the adjusted part:
 * - a commendation adds its level's points; a criticism deducts them when
 *   plan->criticism_deducts, and is ignored altogether otherwise;
 * - with plan->highest_only, the entries that name the same work (equal,
 *   non-empty strings) count once, at the highest level among them, whether
 *   that is a commendation or a criticism (seed 000: "同一项工作受到不同层次
 *   奖惩的,按最高级别予以加减分,不重复计算"); if the same work has both a
 *   commendation and a criticism at that highest level, both count once and
 *   they cancel (0).  Without highest_only every entry counts.
 * An entry with no work is its own piece of work.
 * SCORE_ERR_UNKNOWN if an entry names a rank no level of the plan has.
 */
int	score_adjustment(const struct plan *, const struct commendation *, size_t n,
	    int32_t *out);

/* ---- a person's composite ---- */

#define SCORE_MAX_PARTS 16	/* the schema's limit on plan.raters */

/* The scores given for one part of the composite. */
struct rater_input {
	const char	*part;		/* plan_rater.key */
	const uint32_t	*scores;	/* hundredths, each 0..10000 */
	size_t		 n;		/* 1 for a part of one score; >= 1 for a mean */
};

struct composite_part {
	uint32_t	 score;		/* the part's score: its one score, or the mean */
	uint32_t	 adjusted;	/* after commendations, kept in 0..10000 */
	uint32_t	 weight;	/* percent */
	uint32_t	 exact;		/* weight × adjusted, in ten-thousandths of a point */
	uint32_t	 contribution;	/* exact / 100 rounded half up, for display */
};

struct composite {
	struct composite_part parts[SCORE_MAX_PARTS];	/* in plan->raters order */
	size_t		 nparts;
	int32_t		 adjustment;	/* as given */
	uint32_t	 total;		/* hundredths */
};

/*
 * A person's composite score.  Each part of plan->raters takes its score
 * from the input with its key: the one score (combine 0 or 1), or the mean
 * of all of them rounded half up (combine 2).  adjustment (from
 * score_adjustment) is added to the part marked adjusted, which is then
 * kept between 0 and 100.00.  The total is the sum of weight × score over
 * the parts, computed exactly and rounded half up to a hundredth once, at
 * the end; the parts' rounded contributions are for display and may differ
 * from the total by a hundredth or two.
 * Errors: an input for a part the plan lacks (UNKNOWN), given twice
 * (DUPLICATE), a part with no input (MISSING), no scores or several for a
 * one-score part (EMPTY, RANGE), a score over 10000 (RANGE); weights not
 * summing to 100, more than one adjusted part, or an adjustment with no
 * adjusted part (PLAN).
 */
int	score_composite(const struct plan *, const struct rater_input *parts, size_t nparts,
	    int32_t adjustment, struct composite *out);

/* ---- grades and the quota ---- */

/* The grade (1 优秀 .. 4 不称职) of the band with min <= score < max (max 0:
 * no upper end); the first such band in plan order.  0 if none holds it. */
uint32_t score_grade(const struct plan *, uint32_t score);

/* How many of `assessed` people may hold plan->quota_grade: percent × n / 100
 * rounded down (quota_rounding 1, or 0 unset: DOMAIN's default), half up (2)
 * or up (3).  15% of 13 floor = 1.  `assessed` itself when the plan has no
 * quota (quota_grade 0). */
uint32_t score_quota_allowed(const struct plan *, uint32_t assessed);

struct quota_check {
	uint32_t	 assessed;	/* people with a grade (1..4) */
	uint32_t	 holding;	/* of them, with the quota's grade */
	uint32_t	 allowed;	/* score_quota_allowed(assessed) */
	uint32_t	 over;		/* holding - allowed, or 0 */
	bool		 ok;		/* publishing is allowed: over == 0 */
};

/* Check a unit's grades for one period against the quota.  grades holds one
 * entry per person; 0 (no grade yet) is not counted as assessed. */
void	score_quota_check(const struct plan *, const uint32_t *grades, size_t n,
	    struct quota_check *out);

/* ---- eligibility for annual 优秀 ---- */

enum score_eligibility {
	ELIGIBLE = 0,
	INELIGIBLE_LOW_ROUTINE = 1,	/* 基本称职 or 不称职 in a routine period */
	INELIGIBLE_NO_ROUTINE_EXCELLENT = 2,	/* never 优秀 in a routine period */
};

/*
 * Whether a person whose routine grades in the year are routine[0..n) may be
 * given the annual grade `proposed`.  Only 优秀 is restricted.  With
 * plan->low_routine_bars_excellent a routine 基本称职 or 不称职 rules it out
 * (checked first: it holds even if the person was also 优秀 once); with
 * plan->annual_needs_routine_excellent a routine 优秀 is required.  Grades 0
 * (a period without a result) are skipped.
 */
enum score_eligibility score_annual_eligible(const struct plan *, const uint32_t *routine,
	    size_t n, uint32_t proposed);

/* Why not, for the screen and the refusal, in the language of the
 * messages; "" for ELIGIBLE.  The msgid is the same untranslated (English,
 * a message id), for what is stored: a sheet's why (_() it to show). */
const char *score_eligibility_message(enum score_eligibility);
const char *score_eligibility_msgid(enum score_eligibility);

/* ---- the annual result ---- */

struct period_score {
	const char	*part;		/* plan_weight.part: routine, yearend, ... */
	uint32_t	 score;		/* hundredths */
};

/* The annual result: sum of weight × score over plan->annual, exact, rounded
 * half up to a hundredth once.  A routine part made of several periods is
 * their score_mean, computed by the caller.  Errors as score_composite's:
 * UNKNOWN, DUPLICATE, MISSING; PLAN when the weights do not sum to 100 or a
 * weight is below its min. */
int	score_annual(const struct plan *, const struct period_score *parts, size_t n,
	    uint32_t *out);

/* ---- rubrics (考核细则) ---- */

/* What an inspector found against one rule of an item. */
struct finding {
	const char	*rule;		/* rubric_rule.key */
	uint32_t	 count;		/* occurrences; 0 deducts nothing */
};

struct item_score {
	uint32_t	 deductions;	/* what the findings add up to */
	uint32_t	 score;		/* standard - deductions, never below 0 */
};

/* An item's score: each finding deducts its rule's points × count, or the
 * points once if the rule is `once` (and count > 0; several findings of one
 * once-rule still deduct once).  The score is the standard less the
 * deductions, 0 if they reach it.  SCORE_ERR_UNKNOWN for a rule the item
 * lacks; SCORE_ERR_RANGE if the deductions overflow 32 bits. */
int	score_item(const struct rubric_item *, const struct finding *f, size_t n,
	    struct item_score *out);

/* A section's score: the sum of its items' scores (item_scores[i] for
 * section->items[i], so n must be items_n), never above the section's
 * points.  SCORE_ERR_MISSING if n differs from items_n. */
int	score_section(const struct rubric_section *, const uint32_t *item_scores, size_t n,
	    uint32_t *out);

/* The rubric's total: the sum of the sections' scores (section_scores[i] for
 * plan->sections[i]).  SCORE_ERR_MISSING if n differs from sections_n. */
int	score_rubric_total(const struct plan *, const uint32_t *section_scores, size_t n,
	    uint32_t *out);

/* The award tier holding a total: min <= total < max, where a tier whose
 * max is 0 or the rubric's total also holds the total itself (the last
 * tier is [96, 100]).  NULL when no tier does (no award). */
const struct plan_tier *score_tier(const struct plan *, uint32_t total);

/* A self-check total may apply for the unified inspection: total >= apply_min. */
bool	score_may_apply(const struct plan *, uint32_t self_total);

/* A checklist rubric's section: lines met out of its lines. */
struct checklist_count {
	uint32_t	 met;
	uint32_t	 total;
};

/* met[i] says whether section->items[i] is met; n must be items_n
 * (SCORE_ERR_MISSING otherwise). */
int	score_checklist(const struct rubric_section *, const bool *met, size_t n,
	    struct checklist_count *out);

/* The score of the item (or section) with this key in a computed sheet;
 * NULL if the sheet has none.  It points into the sheet. */
const struct rubric_item_score *score_sheet_item(const struct rubric_sheet *, const char *key);
const struct rubric_section_score *score_sheet_section(const struct rubric_sheet *,
	    const char *key);

/* ---- spot-check sampling (抽查) ---- */

/*
 * The random numbers are splitmix64 (Steele, Lea and Flood 2014; Vigna's
 * reference code): the state starts at the seed; each draw adds
 * 0x9E3779B97F4A7C15 to the state and returns it mixed:
 *	z = (z ^ z >> 30) * 0xBF58476D1CE4E5B9; z = (z ^ z >> 27) * 0x94D049BB133111EB;
 *	return z ^ z >> 31;
 * A number below m (m >= 1) is a draw r, redrawn while r < 2^64 mod m (so
 * there is no modulo bias), then r mod m.
 */
uint64_t score_rng_next(uint64_t *state);
uint32_t score_rng_below(uint64_t *state, uint32_t m);

/* How many of n to sample: ceil(percent × n / 100), at least min, at most
 * n.  20% of 12 = ceil(2.4) = 3. */
uint32_t score_sample_count(uint32_t n, uint32_t percent, uint32_t min);

/* Choose k of the indices 0..n-1 (k <= n): a partial Fisher–Yates shuffle of
 * [0, 1, ..., n-1]: for i = 0 .. k-1, j = i + score_rng_below(n - i), swap
 * a[i] and a[j]; the chosen are a[0..k), written to out sorted ascending. */
void	score_choose(uint64_t *state, uint32_t n, uint32_t k, uint32_t *out);

struct sample_unit {
	uint64_t	 id;		/* the caller's: a town's unit id */
	uint32_t	 villages;	/* how many villages it has */
};

struct sample_town {
	uint32_t	 town;		/* index into the towns given */
	uint32_t	*villages;	/* indices 0..villages-1 of that town's villages, ascending */
	uint32_t	 nvillages;
};

struct sample {
	struct sample_town *towns;	/* ascending by index */
	uint32_t	 ntowns;
	uint64_t	 seed;		/* recorded with the result, to re-run it */
};

/*
 * Seed 001: "每个县市随机抽查20%的乡镇,每个乡镇随机抽查20%的村".  One
 * splitmix64 stream starting at seed: first score_choose picks
 * score_sample_count(ntowns, percent, min) of the towns, then for each
 * chosen town in ascending order of index, score_choose picks
 * score_sample_count(villages, percent, min) of its villages.  The same
 * seed and the same towns in the same order always give the same sample.
 * Allocates; free with score_sample_free.  SCORE_ERR_RANGE if percent > 100.
 */
int	score_sample(uint64_t seed, const struct sample_unit *towns, size_t ntowns,
	    uint32_t percent, uint32_t min, struct sample *out);
void	score_sample_free(struct sample *);

/* ---- points ledgers (党员先锋指数, 党代表积分) and ranking ---- */

struct ledger_entry {
	uint64_t	 person;
	uint32_t	 date;		/* YYYYMMDD */
	int32_t		 points;	/* hundredths; negative deducts */
};

struct ledger_total {
	uint64_t	 person;
	int64_t		 points;	/* sum of the period's entries */
	uint32_t	 entries;	/* how many */
};

/* Sum the entries dated within period (a period code, see period.h) per
 * person.  Writes one total per person with an entry in the period to out
 * (at most n), ascending by person, and returns how many. */
size_t	score_ledger_sum(const struct ledger_entry *, size_t n, uint32_t period,
	    struct ledger_total *out);

struct rank_row {
	int64_t		 value;		/* score or points: higher ranks first */
	const char	*key;		/* among equal values, by strcmp (NULL as "") */
	uint64_t	 id;		/* then by id, ascending */
	uint32_t	 rank;		/* out: 1, 2, 2, 4: competition ranking */
	bool		 tied;		/* out: another row has the same value */
};

/* Sort rows high to low and rank them: equal values share the rank of the
 * first of them and the next rank skips (1, 2, 2, 4); rows with equal
 * values are ordered by key, then id, so the order never depends on the
 * input's.  key compares bytes (code point order for UTF-8, not pinyin). */
void	score_rank(struct rank_row *rows, size_t n);

/* Finding one person in a ranking of a million: after score_rank, an index
 * of the rows by id (n entries, made once, O(n log n)) answers "what is
 * this person's rank" in O(log n); the top page is rows[0..50). */
struct rank_pos {
	uint64_t	 id;
	uint32_t	 pos;		/* index in the ranked rows */
};
void	score_rank_index(const struct rank_row *rows, size_t n, struct rank_pos *by_id);
/* The ranked row of id, or NULL. */
const struct rank_row *score_rank_find(const struct rank_row *rows, const struct rank_pos *by_id,
	    size_t n, uint64_t id);

#endif
