/*
 * score.c: the scoring engine (see score.h): composites, grades, quota,
 * eligibility, annual results, rubrics, spot-check samples, ledgers and
 * rankings, all in integer hundredths.  Pure functions of their arguments;
 * only score_sample allocates.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "i18n.h"
#include "period.h"
#include "score.h"
#include "util.h"

const char *
score_strerror(int status)
{
	switch (status) {
	case SCORE_OK:		return "ok";
	case SCORE_ERR_EMPTY:	return "no scores to compute from";
	case SCORE_ERR_RANGE:	return "score out of range";
	case SCORE_ERR_UNKNOWN:	return "not in the plan";
	case SCORE_ERR_DUPLICATE: return "given twice";
	case SCORE_ERR_MISSING:	return "missing a part of the plan";
	case SCORE_ERR_PLAN:	return "the plan cannot give a result";
	}
	return "unknown error";
}

uint64_t
score_div_half_up(uint64_t num, uint64_t den)
{
	assert(den > 0);
	/* floor(num/den + 1/2) without doubling num, which could overflow. */
	return num / den + (num % den >= den - den / 2 ? 1 : 0);
}

int
score_mean(const uint32_t *scores, size_t n, uint32_t *out)
{
	uint64_t sum = 0;

	if (n == 0)
		return SCORE_ERR_EMPTY;
	for (size_t i = 0; i < n; i++)
		sum += scores[i];
	*out = (uint32_t)score_div_half_up(sum, n);
	return SCORE_OK;
}

/* ---- commendations ---- */

static const struct plan_level *
level_by_rank(const struct plan *p, uint32_t rank)
{
	for (uint32_t i = 0; i < p->levels_n; i++)
		if (p->levels[i].rank == rank)
			return &p->levels[i];
	return NULL;
}

static bool
has_work(const struct commendation *c)
{
	return c->work != NULL && c->work[0] != '\0';
}

static bool
counts(const struct plan *p, const struct commendation *c)
{
	return !c->criticism || p->criticism_deducts;
}

int
score_adjustment(const struct plan *p, const struct commendation *c, size_t n, int32_t *out)
{
	int64_t net = 0;

	for (size_t i = 0; i < n; i++)
		if (level_by_rank(p, c[i].level_rank) == NULL)
			return SCORE_ERR_UNKNOWN;

	for (size_t i = 0; i < n; i++) {
		const struct plan_level *lv;
		uint32_t top;
		bool praise = false, blame = false;

		if (!counts(p, &c[i]))
			continue;
		if (!p->highest_only || !has_work(&c[i])) {
			lv = level_by_rank(p, c[i].level_rank);
			net += c[i].criticism ? -(int64_t)lv->points : (int64_t)lv->points;
			continue;
		}
		/* A piece of work is settled at its first counted entry; later
		 * entries naming it are skipped. */
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = counts(p, &c[j]) && has_work(&c[j]) &&
			    strcmp(c[j].work, c[i].work) == 0;
		if (seen)
			continue;
		top = c[i].level_rank;
		for (size_t j = i + 1; j < n; j++)
			if (counts(p, &c[j]) && has_work(&c[j]) &&
			    strcmp(c[j].work, c[i].work) == 0 && c[j].level_rank > top)
				top = c[j].level_rank;
		for (size_t j = i; j < n; j++) {
			if (!counts(p, &c[j]) || !has_work(&c[j]) ||
			    strcmp(c[j].work, c[i].work) != 0 || c[j].level_rank != top)
				continue;
			if (c[j].criticism)
				blame = true;
			else
				praise = true;
		}
		lv = level_by_rank(p, top);
		if (praise && !blame)
			net += lv->points;
		else if (blame && !praise)
			net -= lv->points;
	}
	if (net > INT32_MAX || net < INT32_MIN)
		return SCORE_ERR_RANGE;
	*out = (int32_t)net;
	return SCORE_OK;
}

/* ---- composite ---- */

static const struct rater_input *
input_for(const char *key, const struct rater_input *in, size_t n, int *err)
{
	const struct rater_input *found = NULL;

	for (size_t i = 0; i < n; i++) {
		if (in[i].part == NULL || strcmp(in[i].part, key) != 0)
			continue;
		if (found != NULL) {
			*err = SCORE_ERR_DUPLICATE;
			return NULL;
		}
		found = &in[i];
	}
	if (found == NULL)
		*err = SCORE_ERR_MISSING;
	return found;
}

int
score_composite(const struct plan *p, const struct rater_input *in, size_t nin,
    int32_t adjustment, struct composite *out)
{
	uint32_t wsum = 0, nadjusted = 0;
	uint64_t exact = 0;
	int err = SCORE_OK;

	memset(out, 0, sizeof(*out));
	if (p->raters_n == 0 || p->raters_n > SCORE_MAX_PARTS)
		return SCORE_ERR_PLAN;
	for (uint32_t i = 0; i < p->raters_n; i++) {
		wsum += p->raters[i].weight;
		nadjusted += p->raters[i].adjusted;
	}
	if (wsum != 100 || nadjusted > 1 || (nadjusted == 0 && adjustment != 0))
		return SCORE_ERR_PLAN;
	/* Every input must name a part of the plan. */
	for (size_t i = 0; i < nin; i++) {
		bool known = false;
		for (uint32_t r = 0; r < p->raters_n && !known; r++)
			known = in[i].part != NULL && strcmp(in[i].part, p->raters[r].key) == 0;
		if (!known)
			return SCORE_ERR_UNKNOWN;
	}

	for (uint32_t r = 0; r < p->raters_n; r++) {
		const struct plan_rater *rt = &p->raters[r];
		struct composite_part *cp = &out->parts[r];
		const struct rater_input *ri = input_for(rt->key, in, nin, &err);
		int64_t adj;

		if (ri == NULL)
			return err;
		if (ri->n == 0)
			return SCORE_ERR_EMPTY;
		if (rt->combine != 2 && ri->n != 1)
			return SCORE_ERR_RANGE;
		for (size_t k = 0; k < ri->n; k++)
			if (ri->scores[k] > 10000)
				return SCORE_ERR_RANGE;
		score_mean(ri->scores, ri->n, &cp->score);
		adj = cp->score;
		if (rt->adjusted)
			adj += adjustment;
		cp->adjusted = adj < 0 ? 0 : adj > 10000 ? 10000 : (uint32_t)adj;
		cp->weight = rt->weight;
		cp->exact = cp->weight * cp->adjusted;
		cp->contribution = (uint32_t)score_div_half_up(cp->exact, 100);
		exact += cp->exact;
	}
	out->nparts = p->raters_n;
	out->adjustment = adjustment;
	out->total = (uint32_t)score_div_half_up(exact, 100);
	return SCORE_OK;
}

/* ---- grades and quota ---- */

uint32_t
score_grade(const struct plan *p, uint32_t score)
{
	for (uint32_t i = 0; i < p->bands_n; i++) {
		const struct plan_band *b = &p->bands[i];
		if (score >= b->min && (b->max == 0 || score < b->max))
			return b->grade;
	}
	return 0;
}

uint32_t
score_quota_allowed(const struct plan *p, uint32_t assessed)
{
	uint64_t x = (uint64_t)p->quota_percent * assessed;

	if (p->quota_grade == 0)
		return assessed;
	switch (p->quota_rounding) {
	case 2:
		return (uint32_t)score_div_half_up(x, 100);
	case 3:
		return (uint32_t)((x + 99) / 100);
	default:
		return (uint32_t)(x / 100);
	}
}

void
score_quota_check(const struct plan *p, const uint32_t *grades, size_t n,
    struct quota_check *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		if (grades[i] < GRADE_EXCELLENT || grades[i] > GRADE_INCOMPETENT)
			continue;
		out->assessed++;
		if (p->quota_grade != 0 && grades[i] == p->quota_grade)
			out->holding++;
	}
	out->allowed = score_quota_allowed(p, out->assessed);
	out->over = out->holding > out->allowed ? out->holding - out->allowed : 0;
	out->ok = out->over == 0;
}

/* ---- eligibility ---- */

enum score_eligibility
score_annual_eligible(const struct plan *p, const uint32_t *routine, size_t n,
    uint32_t proposed)
{
	bool excellent = false, low = false;

	if (proposed != GRADE_EXCELLENT)
		return ELIGIBLE;
	for (size_t i = 0; i < n; i++) {
		if (routine[i] == GRADE_EXCELLENT)
			excellent = true;
		if (routine[i] == GRADE_BASIC || routine[i] == GRADE_INCOMPETENT)
			low = true;
	}
	if (p->low_routine_bars_excellent && low)
		return INELIGIBLE_LOW_ROUTINE;
	if (p->annual_needs_routine_excellent && !excellent)
		return INELIGIBLE_NO_ROUTINE_EXCELLENT;
	return ELIGIBLE;
}

const char *
score_eligibility_msgid(enum score_eligibility e)
{
	switch (e) {
	case ELIGIBLE:
		return "";
	case INELIGIBLE_LOW_ROUTINE:
		return N_("A routine grade below competent bars the annual grade excellent");
	case INELIGIBLE_NO_ROUTINE_EXCELLENT:
		return N_("Never excellent in a routine period: cannot be excellent for the year");
	}
	return N_("Unknown reason");
}

const char *
score_eligibility_message(enum score_eligibility e)
{
	return i18n_tr(score_eligibility_msgid(e));
}

/* ---- annual ---- */

int
score_annual(const struct plan *p, const struct period_score *in, size_t n, uint32_t *out)
{
	uint32_t wsum = 0;
	uint64_t exact = 0;

	if (p->annual_n == 0)
		return SCORE_ERR_PLAN;
	for (uint32_t i = 0; i < p->annual_n; i++) {
		if (p->annual[i].weight < p->annual[i].min)
			return SCORE_ERR_PLAN;
		wsum += p->annual[i].weight;
	}
	if (wsum != 100)
		return SCORE_ERR_PLAN;
	for (size_t i = 0; i < n; i++) {
		bool known = false;
		for (uint32_t w = 0; w < p->annual_n && !known; w++)
			known = in[i].part != NULL && strcmp(in[i].part, p->annual[w].part) == 0;
		if (!known)
			return SCORE_ERR_UNKNOWN;
		for (size_t j = 0; j < i; j++)
			if (strcmp(in[j].part, in[i].part) == 0)
				return SCORE_ERR_DUPLICATE;
	}
	for (uint32_t w = 0; w < p->annual_n; w++) {
		const struct period_score *ps = NULL;
		for (size_t i = 0; i < n && ps == NULL; i++)
			if (strcmp(in[i].part, p->annual[w].part) == 0)
				ps = &in[i];
		if (ps == NULL)
			return SCORE_ERR_MISSING;
		exact += (uint64_t)p->annual[w].weight * ps->score;
	}
	if (score_div_half_up(exact, 100) > UINT32_MAX)
		return SCORE_ERR_RANGE;
	*out = (uint32_t)score_div_half_up(exact, 100);
	return SCORE_OK;
}

/* ---- rubrics ---- */

int
score_item(const struct rubric_item *it, const struct finding *f, size_t n,
    struct item_score *out)
{
	uint64_t total = 0;

	for (size_t i = 0; i < n; i++) {
		const struct rubric_rule *r = NULL;
		for (uint32_t k = 0; k < it->rules_n && r == NULL; k++)
			if (f[i].rule != NULL && strcmp(it->rules[k].key, f[i].rule) == 0)
				r = &it->rules[k];
		if (r == NULL)
			return SCORE_ERR_UNKNOWN;
		if (f[i].count == 0)
			continue;
		if (r->once) {
			/* Deducted at the first finding of the rule with a count. */
			bool earlier = false;
			for (size_t j = 0; j < i && !earlier; j++)
				earlier = f[j].count > 0 && strcmp(f[j].rule, f[i].rule) == 0;
			if (!earlier)
				total += r->points;
		} else {
			total += (uint64_t)r->points * f[i].count;
		}
		if (total > UINT32_MAX)
			return SCORE_ERR_RANGE;
	}
	out->deductions = (uint32_t)total;
	out->score = it->standard > total ? it->standard - (uint32_t)total : 0;
	return SCORE_OK;
}

int
score_section(const struct rubric_section *s, const uint32_t *item_scores, size_t n,
    uint32_t *out)
{
	uint64_t sum = 0;

	if (n != s->items_n)
		return SCORE_ERR_MISSING;
	for (size_t i = 0; i < n; i++)
		sum += item_scores[i];
	*out = sum > s->points ? s->points : (uint32_t)sum;
	return SCORE_OK;
}

int
score_rubric_total(const struct plan *p, const uint32_t *section_scores, size_t n,
    uint32_t *out)
{
	uint64_t sum = 0;

	if (n != p->sections_n)
		return SCORE_ERR_MISSING;
	for (size_t i = 0; i < n; i++)
		sum += section_scores[i];
	if (sum > UINT32_MAX)
		return SCORE_ERR_RANGE;
	*out = (uint32_t)sum;
	return SCORE_OK;
}

const struct rubric_item_score *
score_sheet_item(const struct rubric_sheet *sh, const char *key)
{
	for (uint32_t i = 0; i < sh->items_n; i++)
		if (strcmp(sh->items[i].item, key) == 0)
			return &sh->items[i];
	return NULL;
}

const struct rubric_section_score *
score_sheet_section(const struct rubric_sheet *sh, const char *key)
{
	for (uint32_t i = 0; i < sh->sections_n; i++)
		if (strcmp(sh->sections[i].key, key) == 0)
			return &sh->sections[i];
	return NULL;
}

const struct plan_tier *
score_tier(const struct plan *p, uint32_t total)
{
	for (uint32_t i = 0; i < p->tiers_n; i++) {
		const struct plan_tier *t = &p->tiers[i];
		bool to_total = t->max == 0 || t->max == p->rubric_total;

		if (total < t->min)
			continue;
		if ((t->max != 0 && total < t->max) || (to_total && total <= p->rubric_total))
			return t;
	}
	return NULL;
}

bool
score_may_apply(const struct plan *p, uint32_t self_total)
{
	return self_total >= p->apply_min;
}

int
score_checklist(const struct rubric_section *s, const bool *met, size_t n,
    struct checklist_count *out)
{
	if (n != s->items_n)
		return SCORE_ERR_MISSING;
	out->met = 0;
	out->total = (uint32_t)n;
	for (size_t i = 0; i < n; i++)
		out->met += met[i];
	return SCORE_OK;
}

/* ---- sampling ---- */

uint64_t
score_rng_next(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

uint32_t
score_rng_below(uint64_t *state, uint32_t m)
{
	/* 2^64 mod m, computed in 64 bits as (2^64 - m) mod m. */
	uint64_t threshold = (0 - (uint64_t)m) % m;
	uint64_t r;

	assert(m >= 1);
	do
		r = score_rng_next(state);
	while (r < threshold);
	return (uint32_t)(r % m);
}

uint32_t
score_sample_count(uint32_t n, uint32_t percent, uint32_t min)
{
	uint64_t k = ((uint64_t)percent * n + 99) / 100;

	if (k < min)
		k = min;
	if (k > n)
		k = n;
	return (uint32_t)k;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

void
score_choose(uint64_t *state, uint32_t n, uint32_t k, uint32_t *out)
{
	uint32_t *a;

	assert(k <= n);
	if (k == 0)
		return;
	a = xmalloc(n * sizeof(*a));
	for (uint32_t i = 0; i < n; i++)
		a[i] = i;
	for (uint32_t i = 0; i < k; i++) {
		uint32_t j = i + score_rng_below(state, n - i);
		uint32_t t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	memcpy(out, a, k * sizeof(*a));
	free(a);
	qsort(out, k, sizeof(*out), cmp_u32);
}

int
score_sample(uint64_t seed, const struct sample_unit *towns, size_t ntowns,
    uint32_t percent, uint32_t min, struct sample *out)
{
	uint64_t state = seed;
	uint32_t *chosen, k;

	memset(out, 0, sizeof(*out));
	out->seed = seed;
	if (percent > 100 || ntowns > UINT32_MAX)
		return SCORE_ERR_RANGE;
	k = score_sample_count((uint32_t)ntowns, percent, min);
	if (k == 0)
		return SCORE_OK;
	chosen = xcalloc(k, sizeof(*chosen));
	score_choose(&state, (uint32_t)ntowns, k, chosen);
	out->towns = xcalloc(k, sizeof(*out->towns));
	out->ntowns = k;
	for (uint32_t i = 0; i < k; i++) {
		struct sample_town *st = &out->towns[i];
		uint32_t nv = towns[chosen[i]].villages;

		st->town = chosen[i];
		st->nvillages = score_sample_count(nv, percent, min);
		if (st->nvillages > 0) {
			st->villages = xcalloc(st->nvillages, sizeof(*st->villages));
			score_choose(&state, nv, st->nvillages, st->villages);
		}
	}
	free(chosen);
	return SCORE_OK;
}

void
score_sample_free(struct sample *s)
{
	if (s == NULL)
		return;
	for (uint32_t i = 0; i < s->ntowns; i++)
		free(s->towns[i].villages);
	free(s->towns);
	s->towns = NULL;
	s->ntowns = 0;
}

/* ---- ledgers and ranking ---- */

static int
cmp_total(const void *a, const void *b)
{
	const struct ledger_total *x = a, *y = b;

	return (x->person > y->person) - (x->person < y->person);
}

size_t
score_ledger_sum(const struct ledger_entry *e, size_t n, uint32_t period,
    struct ledger_total *out)
{
	uint32_t first = period_first_day(period), last = period_last_day(period);
	size_t nout = 0;

	for (size_t i = 0; i < n; i++) {
		size_t k;

		if (e[i].date < first || e[i].date > last)
			continue;
		for (k = 0; k < nout && out[k].person != e[i].person; k++)
			;
		if (k == nout) {
			out[nout].person = e[i].person;
			out[nout].points = 0;
			out[nout].entries = 0;
			nout++;
		}
		out[k].points += e[i].points;
		out[k].entries++;
	}
	qsort(out, nout, sizeof(*out), cmp_total);
	return nout;
}

/* What score_rank sorts: the key's first eight bytes as a big-endian
 * number compare as strcmp does on them (a shorter key is padded with
 * NULs, which sort first), so strcmp runs only when those are equal, and
 * the sort touches no string for most comparisons. */
struct rank_sort {
	int64_t		 value;
	uint64_t	 prefix;
	size_t		 row;
};

/* The rows being sorted, for cmp_rank_sort's rare look at a key or id
 * (qsort has no context argument in C11). */
static _Thread_local const struct rank_row *rank_rows;

static int
cmp_rank_sort(const void *a, const void *b)
{
	const struct rank_sort *x = a, *y = b;
	const struct rank_row *rx, *ry;
	int c;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	rx = rank_rows + x->row;
	ry = rank_rows + y->row;
	if ((x->prefix & 0xff) != 0 && (c = strcmp(rx->key + 8, ry->key + 8)) != 0)
		return c;
	return (rx->id > ry->id) - (rx->id < ry->id);
}

void
score_rank(struct rank_row *rows, size_t n)
{
	struct rank_sort *s;
	struct rank_row *sorted;

	if (n == 0)
		return;
	s = xcalloc(n, sizeof *s);
	for (size_t i = 0; i < n; i++) {
		const char *k = rows[i].key ? rows[i].key : "";
		uint64_t p = 0;
		size_t j = 0;

		for (; j < 8 && k[j] != '\0'; j++)
			p = p << 8 | (unsigned char)k[j];
		/* left-aligned, so "ab" sorts before "abc" (an empty key stays 0:
		 * a shift by 64 would be undefined) */
		if (j > 0 && j < 8)
			p <<= 8 * (8 - j);
		s[i] = (struct rank_sort){ rows[i].value, p, i };
	}
	rank_rows = rows;
	qsort(s, n, sizeof *s, cmp_rank_sort);
	rank_rows = NULL;
	sorted = xcalloc(n, sizeof *sorted);
	for (size_t i = 0; i < n; i++)
		sorted[i] = rows[s[i].row];
	memcpy(rows, sorted, n * sizeof *rows);
	free(sorted);
	free(s);
	for (size_t i = 0; i < n; i++) {
		rows[i].rank = (i > 0 && rows[i].value == rows[i - 1].value) ?
		    rows[i - 1].rank : (uint32_t)(i + 1);
		rows[i].tied = (i > 0 && rows[i].value == rows[i - 1].value) ||
		    (i + 1 < n && rows[i].value == rows[i + 1].value);
	}
}

static int
cmp_pos(const void *a, const void *b)
{
	const struct rank_pos *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

void
score_rank_index(const struct rank_row *rows, size_t n, struct rank_pos *by_id)
{
	for (size_t i = 0; i < n; i++)
		by_id[i] = (struct rank_pos){ rows[i].id, (uint32_t)i };
	qsort(by_id, n, sizeof *by_id, cmp_pos);
}

const struct rank_row *
score_rank_find(const struct rank_row *rows, const struct rank_pos *by_id, size_t n, uint64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (by_id[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && by_id[lo].id == id ? &rows[by_id[lo].pos] : NULL;
}
