/*
 * plan.c: the rules a plan must keep (plan_check), the look-ups the scoring
 * needs (a rater by key, the band of a score, the tier of a total), and the
 * names and numbers of the plan format.  See plan.h and docs/plans.md.
 *
 * plan_check walks the plan part by part and says everything it finds, so
 * that an admin fixes a file in one round; a problem with a whole list (the
 * weights of the raters, the coverage of the bands) is reported at the line
 * of the list's first entry, since the plan keeps no line for the list.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "i18n.h"
#include "plan.h"
#include "util.h"

static const char *const record_keys[] = {
	[PLAN_REC_DAILY] = "daily", [PLAN_REC_MONTHLY] = "monthly",
	[PLAN_REC_QUARTERLY] = "quarterly", [PLAN_REC_EVALUATION] = "evaluation",
	[4] = NULL, [PLAN_REC_HALFYEAR] = "halfyear", [PLAN_REC_ANNUAL] = "annual",
};

static const char *const rounding_keys[] = {
	[PLAN_ROUND_FLOOR] = "floor", [PLAN_ROUND_NEAREST] = "nearest",
	[PLAN_ROUND_CEILING] = "ceiling",
};

/* Who may enter a part of a person's score; the codes are domain.h's. */
static const struct {
	const char	*key;
	uint32_t	 role;
} role_keys[] = {
	{ "staff", 1 }, { "dept_head", 2 }, { "supervisor", 3 }, { "principal", 4 },
	{ "leader", 5 }, { "admin", PLAN_ROLE_LEADING_GROUP }, { "peers", PLAN_ROLE_PEERS },
};

static const char *const part_keys[] = {
	"routine", "halfyear", "yearend", "functional", "inspection",
};

const char *
plan_record_key(uint32_t kind)
{
	return kind < nitems(record_keys) && record_keys[kind] != NULL ? record_keys[kind] : "?";
}

int
plan_record_from_key(const char *key)
{
	for (size_t i = 0; i < nitems(record_keys); i++)
		if (record_keys[i] != NULL && strcmp(record_keys[i], key) == 0)
			return (int)i;
	return -1;
}

const char *
plan_role_key(uint32_t role)
{
	for (size_t i = 0; i < nitems(role_keys); i++)
		if (role_keys[i].role == role)
			return role_keys[i].key;
	return "?";
}

int
plan_role_from_key(const char *key)
{
	for (size_t i = 0; i < nitems(role_keys); i++)
		if (strcmp(role_keys[i].key, key) == 0)
			return (int)role_keys[i].role;
	return -1;
}

const char *
plan_rounding_key(uint32_t rounding)
{
	return rounding > 0 && rounding < nitems(rounding_keys) ? rounding_keys[rounding] : "?";
}

int
plan_rounding_from_key(const char *key)
{
	for (size_t i = 1; i < nitems(rounding_keys); i++)
		if (strcmp(rounding_keys[i], key) == 0)
			return (int)i;
	return -1;
}

uint32_t
plan_grade_from_name(const char *name)
{
	for (uint32_t g = GRADE_EXCELLENT; g <= GRADE_INCOMPETENT; g++)
		if (strcmp(grade_word(g), name) == 0)
			return g;
	return 0;
}

bool
plan_part_known(const char *part)
{
	for (size_t i = 0; i < nitems(part_keys); i++)
		if (strcmp(part_keys[i], part) == 0)
			return true;
	return false;
}

int
plan_hundredths_parse(const char *s, uint32_t max, uint32_t *out, const char **why)
{
	uint64_t v = 0;
	size_t whole, frac = 0;

	if (s[0] == '-' && strspn(s + 1, "0123456789.") == strlen(s + 1) && s[1] != '\0') {
		*why = "is negative";
		return -1;
	}
	whole = strspn(s, "0123456789");
	if (s[whole] == '.') {
		frac = strspn(s + whole + 1, "0123456789");
		if (frac == 0 || s[whole + 1 + frac] != '\0' || whole == 0) {
			*why = "is not a number";
			return -1;
		}
		if (frac > 2) {
			*why = "has more than two decimal places";
			return -1;
		}
	} else if (whole == 0 || s[whole] != '\0') {
		*why = "is not a number";
		return -1;
	}
	for (size_t i = 0; i < whole; i++) {
		v = v * 10 + (uint64_t)(s[i] - '0');
		if (v > UINT32_MAX) {
			*why = "is too large";
			return -1;
		}
	}
	v *= 100;
	if (frac >= 1)
		v += (uint64_t)(s[whole + 1] - '0') * 10;
	if (frac == 2)
		v += (uint64_t)(s[whole + 2] - '0');
	if (v > max) {
		*why = "is too large";
		return -1;
	}
	*out = (uint32_t)v;
	return 0;
}

const char *
plan_score_problem(const char *s, uint32_t *out)
{
	const char *why = NULL;
	uint32_t v;

	if (s[0] == '\0')
		return _("Type a score from 0 to 100");
	if (plan_hundredths_parse(s, PLAN_FULL_SCORE, &v, &why) == 0) {
		*out = v;
		return NULL;
	}
	if (strcmp(why, "has more than two decimal places") == 0)
		return _("A score takes at most two decimals");
	if (strcmp(why, "is too large") == 0 || strcmp(why, "is negative") == 0)
		return _("The score must be between 0 and 100");
	return _("Not a score: write a number from 0 to 100, e.g. 85.5");
}

void
plan_hundredths_format(uint32_t v, char *buf, size_t len)
{
	if (v % 100 == 0)
		snprintf(buf, len, "%u", v / 100);
	else if (v % 10 == 0)
		snprintf(buf, len, "%u.%u", v / 100, v % 100 / 10);
	else
		snprintf(buf, len, "%u.%02u", v / 100, v % 100);
}

const struct plan_rater *
plan_rater_find(const struct plan *p, const char *key)
{
	for (uint32_t i = 0; i < p->raters_n; i++)
		if (strcmp(p->raters[i].key, key) == 0)
			return &p->raters[i];
	return NULL;
}

/* ---- the check ---- */

void
plan_problems_free(struct plan_problems *pp)
{
	for (uint32_t i = 0; i < pp->n; i++)
		free(pp->v[i].message);
	free(pp->v);
	memset(pp, 0, sizeof *pp);
}

static void problem(struct plan_problems *, uint32_t, const char *, ...) KH_PRINTF(3, 4);

static void
problem(struct plan_problems *pp, uint32_t line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	pp->count++;
	if (pp->n >= PLAN_MAX_PROBLEMS)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	for (size_t len = strlen(msg); len > 0 && !utf8_valid(msg, len); )
		msg[--len] = '\0';
	if (pp->n == 0)
		pp->v = xcalloc(PLAN_MAX_PROBLEMS, sizeof *pp->v);
	pp->v[pp->n].line = line;
	pp->v[pp->n].message = xstrdup(msg);
	pp->n++;
}

/* Hundredths as text for a message: up to four at once. */
static const char *
pts(uint32_t v)
{
	static char buf[4][16];
	static int next;
	char *b = buf[next++ % 4];

	plan_hundredths_format(v, b, sizeof buf[0]);
	return b;
}

static void
check_cycle(const struct plan *p, struct plan_problems *pp)
{
	if (p->cycle_n == 0)
		problem(pp, p->line, "the cycle has no records");
	for (uint32_t i = 0; i < p->cycle_n; i++) {
		const struct plan_record *r = &p->cycle[i];

		if (r->kind >= nitems(record_keys) || record_keys[r->kind] == NULL) {
			problem(pp, r->line, "record kind %u is not one of daily monthly quarterly "
			    "evaluation halfyear annual", r->kind);
			continue;
		}
		for (uint32_t j = 0; j < i; j++)
			if (p->cycle[j].kind == r->kind) {
				problem(pp, r->line, "record %s is in the cycle twice (first on line %u)",
				    record_keys[r->kind], p->cycle[j].line);
				break;
			}
	}
}

static void
check_raters(const struct plan *p, struct plan_problems *pp)
{
	uint32_t sum = 0, adjusted = 0;

	for (uint32_t i = 0; i < p->raters_n; i++) {
		const struct plan_rater *r = &p->raters[i];

		sum += r->weight;
		if (r->weight == 0)
			problem(pp, r->line, "rater \"%s\" (%s) has a weight of 0", r->key, r->name);
		if (strcmp(plan_role_key(r->role), "?") == 0)
			problem(pp, r->line, "rater \"%s\": role %u is not one of staff dept_head "
			    "supervisor principal leader admin peers", r->key, r->role);
		if (r->combine != PLAN_COMBINE_ONE && r->combine != PLAN_COMBINE_MEAN)
			problem(pp, r->line, "rater \"%s\": combine %u is neither one nor mean",
			    r->key, r->combine);
		if (r->adjusted && ++adjusted == 2)
			problem(pp, r->line, "rater \"%s\" is the second one adjusted: commendations "
			    "adjust one part only", r->key);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->raters[j].key, r->key) == 0) {
				problem(pp, r->line, "rater key \"%s\" is used twice (first on line %u)",
				    r->key, p->raters[j].line);
				break;
			}
	}
	if (p->raters_n > 0 && sum != 100)
		problem(pp, p->raters[0].line, "the raters' weights add up to %u, not 100", sum);
	if (p->raters_n > 0 && p->bands_n == 0)
		problem(pp, p->raters[0].line, "raters give a score but there are no grades to turn it into a grade");
	if (p->levels_n > 0 && p->raters_n > 0 && adjusted == 0)
		problem(pp, p->levels[0].line, "commendation levels but no rater is adjusted: "
		    "mark the part they apply to with adjusted: true");
}

static void
check_levels(const struct plan *p, struct plan_problems *pp)
{
	for (uint32_t i = 0; i < p->levels_n; i++) {
		const struct plan_level *l = &p->levels[i];

		if (l->points == 0)
			problem(pp, l->line, "commendation level \"%s\" (%s) has no points", l->key, l->name);
		if (i > 0 && l->points < p->levels[i - 1].points)
			problem(pp, l->line, "commendation level \"%s\" (%s) has %s points, fewer than "
			    "\"%s\" below it (%s): list levels lowest first", l->key, l->name,
			    pts(l->points), p->levels[i - 1].key, pts(p->levels[i - 1].points));
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->levels[j].key, l->key) == 0 || strcmp(p->levels[j].name, l->name) == 0) {
				problem(pp, l->line, "commendation level \"%s\" (%s) is listed twice "
				    "(first on line %u)", l->key, l->name, p->levels[j].line);
				break;
			}
	}
}

/* Band i's range as text: "80 to 90", "90 and above". */
static const char *
band_range(const struct plan_band *b, char *buf, size_t len)
{
	if (b->max == 0)
		snprintf(buf, len, "%s and above", pts(b->min));
	else
		snprintf(buf, len, "%s to %s", pts(b->min), pts(b->max));
	return buf;
}

static void
check_bands(const struct plan *p, struct plan_problems *pp)
{
	const struct plan_band *order[8];
	uint32_t n = 0;
	char r1[48], r2[48];
	bool bad = false;

	for (uint32_t i = 0; i < p->bands_n; i++) {
		const struct plan_band *b = &p->bands[i];

		if (b->grade < GRADE_EXCELLENT || b->grade > GRADE_INCOMPETENT) {
			problem(pp, b->line, "grade %u is not one of 优秀 称职 基本称职 不称职", b->grade);	/* data */
			bad = true;
			continue;
		}
		for (uint32_t j = 0; j < i; j++)
			if (p->bands[j].grade == b->grade) {
				problem(pp, b->line, "grade %s has two bands (first on line %u)",
				    grade_word(b->grade), p->bands[j].line);
				break;
			}
		if (b->max != 0 && b->max <= b->min) {
			problem(pp, b->line, "grade %s: max %s is not above min %s",
			    grade_word(b->grade), pts(b->max), pts(b->min));
			bad = true;
		} else if (b->min > PLAN_FULL_SCORE) {
			problem(pp, b->line, "grade %s starts at %s, above 100",
			    grade_word(b->grade), pts(b->min));
			bad = true;
		}
		if (n == nitems(order))
			continue;
		/* Insert by min, to walk the bands from 0 up. */
		uint32_t k = n++;
		for (; k > 0 && order[k - 1]->min > b->min; k--)
			order[k] = order[k - 1];
		order[k] = b;
	}
	/* Gaps and overlaps only between bands that make sense each. */
	if (n == 0 || bad)
		return;
	if (order[0]->min != 0)
		problem(pp, order[0]->line, "scores from 0 to %s have no grade: the lowest band, %s, "
		    "starts at %s", pts(order[0]->min), grade_word(order[0]->grade), pts(order[0]->min));
	for (uint32_t i = 0; i + 1 < n; i++) {
		const struct plan_band *lo = order[i], *hi = order[i + 1];

		if (lo->max == 0 || lo->max > hi->min)
			problem(pp, hi->line, "grade %s (%s) overlaps %s (%s)", grade_word(hi->grade),
			    band_range(hi, r1, sizeof r1), grade_word(lo->grade),
			    band_range(lo, r2, sizeof r2));
		else if (lo->max < hi->min)
			problem(pp, hi->line, "scores from %s to %s have no grade: %s ends at %s and "
			    "%s starts at %s", pts(lo->max), pts(hi->min), grade_word(lo->grade),
			    pts(lo->max), grade_word(hi->grade), pts(hi->min));
	}
	const struct plan_band *top = order[n - 1];
	if (top->max != 0 && top->max <= PLAN_FULL_SCORE)
		problem(pp, top->line, "scores from %s to 100 have no grade: leave out max on the "
		    "top band, %s", pts(top->max), grade_word(top->grade));
}

static void
check_quota(const struct plan *p, struct plan_problems *pp)
{
	bool banded = false;

	if (p->quota_grade == 0) {
		if (p->quota_percent != 0)
			problem(pp, p->line, "the quota names no grade");
		return;
	}
	if (p->quota_grade > GRADE_INCOMPETENT) {
		problem(pp, p->line, "the quota's grade %u is not one of 优秀 称职 基本称职 不称职",	/* data */
		    p->quota_grade);
		return;
	}
	for (uint32_t i = 0; i < p->bands_n; i++)
		banded |= p->bands[i].grade == p->quota_grade;
	if (p->bands_n > 0 && !banded)
		problem(pp, p->line, "the quota names %s, which has no band among the grades",
		    grade_word(p->quota_grade));
	if (p->quota_percent == 0 || p->quota_percent > 100)
		problem(pp, p->line, "the quota of %s is %u percent: it must be 1 to 100",
		    grade_word(p->quota_grade), p->quota_percent);
	if (p->quota_rounding < PLAN_ROUND_FLOOR || p->quota_rounding > PLAN_ROUND_CEILING)
		problem(pp, p->line, "the quota's rounding %u is not floor, nearest or ceiling",
		    p->quota_rounding);
}

static void
check_annual(const struct plan *p, struct plan_problems *pp)
{
	uint32_t sum = 0;

	for (uint32_t i = 0; i < p->annual_n; i++) {
		const struct plan_weight *w = &p->annual[i];

		sum += w->weight;
		if (!plan_part_known(w->part))
			problem(pp, w->line, "annual part \"%s\" is not one of routine halfyear yearend "
			    "functional inspection", w->part);
		if (w->weight == 0)
			problem(pp, w->line, "annual part %s has a weight of 0", w->part);
		if (w->weight < w->min)
			problem(pp, w->line, "annual part %s weighs %u, below its min %u",
			    w->part, w->weight, w->min);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->annual[j].part, w->part) == 0) {
				problem(pp, w->line, "annual part %s is listed twice (first on line %u)",
				    w->part, p->annual[j].line);
				break;
			}
	}
	if (p->annual_n > 0 && sum != 100)
		problem(pp, p->annual[0].line, "the annual weights add up to %u, not 100", sum);
}

static void
check_items(const struct plan *p, const struct rubric_section *s, uint32_t si,
    struct plan_problems *pp)
{
	uint32_t sum = 0;

	if (s->items_n == 0)
		problem(pp, s->line, "section \"%s\" (%s) has no items", s->key, s->name);
	for (uint32_t i = 0; i < s->items_n; i++) {
		const struct rubric_item *it = &s->items[i];

		sum += it->standard;
		if (p->checklist && it->standard != 0)
			problem(pp, it->line, "item \"%s\" has a standard, but the rubric is a checklist",
			    it->key);
		else if (p->checklist && it->rules_n > 0)
			problem(pp, it->line, "item \"%s\" has deductions, but the rubric is a checklist",
			    it->key);
		else if (!p->checklist && it->standard == 0)
			problem(pp, it->line, "item \"%s\" (%s) has no standard", it->key, it->name);
		/* An item key is unique in the whole rubric. */
		bool seen = false;
		for (uint32_t sj = 0; sj <= si && !seen; sj++) {
			const struct rubric_section *o = &p->sections[sj];

			for (uint32_t j = 0; j < (sj == si ? i : o->items_n); j++)
				if (strcmp(o->items[j].key, it->key) == 0) {
					problem(pp, it->line, "item key \"%s\" is used twice (first on line %u)",
					    it->key, o->items[j].line);
					seen = true;
					break;
				}
		}
		for (uint32_t k = 0; k < it->rules_n; k++) {
			const struct rubric_rule *r = &it->rules[k];

			if (r->points == 0)
				problem(pp, r->line, "deduction \"%s\" of item \"%s\" has no points",
				    r->key, it->key);
			for (uint32_t j = 0; j < k; j++)
				if (strcmp(it->rules[j].key, r->key) == 0) {
					problem(pp, r->line, "deduction key \"%s\" is used twice in item \"%s\" "
					    "(first on line %u)", r->key, it->key, it->rules[j].line);
					break;
				}
		}
	}
	if (sum > s->points)
		problem(pp, s->line, "the items of section \"%s\" (%s) add up to %s, more than its "
		    "%s points", s->key, s->name, pts(sum), pts(s->points));
}

static void
check_tiers(const struct plan *p, struct plan_problems *pp)
{
	const struct plan_tier *order[8];
	uint32_t n = 0;
	bool bad = false;

	for (uint32_t i = 0; i < p->tiers_n; i++) {
		const struct plan_tier *t = &p->tiers[i];

		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->tiers[j].name, t->name) == 0) {
				problem(pp, t->line, "tier %s is listed twice (first on line %u)",
				    t->name, p->tiers[j].line);
				break;
			}
		if (t->max != 0 && t->max <= t->min) {
			problem(pp, t->line, "tier %s: max %s is not above min %s",
			    t->name, pts(t->max), pts(t->min));
			bad = true;
		} else if (t->min > p->rubric_total) {
			problem(pp, t->line, "tier %s starts at %s, beyond the rubric's total %s",
			    t->name, pts(t->min), pts(p->rubric_total));
			bad = true;
		} else if (t->max > p->rubric_total) {
			problem(pp, t->line, "tier %s ends at %s, beyond the rubric's total %s",
			    t->name, pts(t->max), pts(p->rubric_total));
			bad = true;
		}
		if (n == nitems(order))
			continue;
		uint32_t k = n++;
		for (; k > 0 && order[k - 1]->min > t->min; k--)
			order[k] = order[k - 1];
		order[k] = t;
	}
	if (bad)
		return;
	for (uint32_t i = 0; i + 1 < n; i++) {
		const struct plan_tier *lo = order[i], *hi = order[i + 1];

		if (lo->max == 0 || lo->max > hi->min)
			problem(pp, hi->line, "tier %s (from %s) overlaps %s (%s to %s)", hi->name,
			    pts(hi->min), lo->name, pts(lo->min), lo->max == 0 ? "the total" : pts(lo->max));
		else if (lo->max < hi->min)
			problem(pp, hi->line, "totals from %s to %s have no tier: %s ends at %s and %s "
			    "starts at %s", pts(lo->max), pts(hi->min), lo->name, pts(lo->max),
			    hi->name, pts(hi->min));
	}
	if (n > 0 && order[n - 1]->max != 0 && order[n - 1]->max < p->rubric_total)
		problem(pp, order[n - 1]->line, "totals from %s to %s have no tier: the top tier, %s, "
		    "ends at %s (leave out its max to reach the total)", pts(order[n - 1]->max),
		    pts(p->rubric_total), order[n - 1]->name, pts(order[n - 1]->max));
}

static void
check_rubric(const struct plan *p, struct plan_problems *pp)
{
	uint32_t sum = 0;

	if (p->sections_n == 0) {
		problem(pp, p->line, "an organisations plan needs a rubric with sections");
		return;
	}
	if (!p->checklist && p->rubric_total == 0)
		problem(pp, p->sections[0].line, "the rubric has no total");
	for (uint32_t i = 0; i < p->sections_n; i++) {
		const struct rubric_section *s = &p->sections[i];

		sum += s->points;
		if (!p->checklist && s->points == 0)
			problem(pp, s->line, "section \"%s\" (%s) has no points", s->key, s->name);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->sections[j].key, s->key) == 0) {
				problem(pp, s->line, "section key \"%s\" is used twice (first on line %u)",
				    s->key, p->sections[j].line);
				break;
			}
		check_items(p, s, i, pp);
	}
	if (sum != p->rubric_total)
		problem(pp, p->sections[0].line, "the sections add up to %s, not the rubric's total %s",
		    pts(sum), pts(p->rubric_total));
	if (p->apply_min > p->rubric_total)
		problem(pp, p->line, "apply_min %s is over the rubric's total %s",
		    pts(p->apply_min), pts(p->rubric_total));
	if (p->sample_percent > 100)
		problem(pp, p->line, "sampling of %u percent is over 100", p->sample_percent);
	check_tiers(p, pp);
}

/* Parts that belong to the other subject. */
static void
check_subject(const struct plan *p, struct plan_problems *pp)
{
	if (p->subject == PLAN_PEOPLE) {
		if (p->sections_n > 0)
			problem(pp, p->sections[0].line, "a rubric belongs in an organisations plan, "
			    "and this plan's subject is people");
		if (p->tiers_n > 0)
			problem(pp, p->tiers[0].line, "award tiers belong in an organisations plan, "
			    "and this plan's subject is people");
	} else if (p->subject == PLAN_ORGANISATIONS) {
		if (p->raters_n > 0)
			problem(pp, p->raters[0].line, "raters belong in a people plan, and this "
			    "plan's subject is organisations");
		if (p->levels_n > 0)
			problem(pp, p->levels[0].line, "commendations belong in a people plan, and "
			    "this plan's subject is organisations");
		if (p->bands_n > 0)
			problem(pp, p->bands[0].line, "grades belong in a people plan, and this "
			    "plan's subject is organisations: a rubric has tiers");
	} else
		problem(pp, p->line, "subject %u is neither people nor organisations", p->subject);
}

/* Who a plan assesses: roles for people, categories for organisations,
 * each once.  An entry naming both or neither says nothing usable. */
static void
check_subjects(const struct plan *p, struct plan_problems *pp)
{
	for (uint32_t i = 0; i < p->subjects_n; i++) {
		const struct plan_scope *s = &p->subjects[i];
		bool dup = false;

		if (s->role != 0 && s->category[0] != '\0') {
			problem(pp, s->line, "a subject is a role or a category, not both");
			continue;
		}
		if (s->role == 0 && s->category[0] == '\0') {
			problem(pp, s->line, "a subject needs a role (people) or a category (organisations)");
			continue;
		}
		if (p->subject == PLAN_PEOPLE && s->role == 0)
			problem(pp, s->line, "category \"%s\" is a subject for an organisations plan: "
			    "a people plan's subjects are roles", s->category);
		else if (p->subject == PLAN_ORGANISATIONS && s->role != 0)
			problem(pp, s->line, "role %s is a subject for a people plan: an organisations "
			    "plan's subjects are categories", plan_role_key(s->role));
		for (uint32_t j = 0; j < i && !dup; j++) {
			const struct plan_scope *t = &p->subjects[j];

			dup = s->role == t->role && strcmp(s->category, t->category) == 0;
			if (dup)
				problem(pp, s->line, "subject %s is listed twice (first on line %u)",
				    s->role != 0 ? plan_role_key(s->role) : s->category, t->line);
		}
	}
}

/* Spot checks: the second level is the towns' children, so a category of
 * `each` that is also the towns' would draw a town twice. */
static void
check_sampling(const struct plan *p, struct plan_problems *pp)
{
	if (p->sample_town[0] != '\0' && p->sample_percent == 0)
		problem(pp, p->line, "sampling names town \"%s\" but no percent", p->sample_town);
	for (uint32_t i = 0; i < p->sample_each_n; i++) {
		const struct plan_scope *s = &p->sample_each[i];

		if (strcmp(s->category, p->sample_town) == 0)
			problem(pp, s->line, "sampling's each lists \"%s\", the towns' category",
			    s->category);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(p->sample_each[j].category, s->category) == 0) {
				problem(pp, s->line, "sampling's each lists \"%s\" twice (first on "
				    "line %u)", s->category, p->sample_each[j].line);
				break;
			}
	}
	if (p->subject == PLAN_PEOPLE && (p->sample_town[0] != '\0' || p->sample_each_n > 0))
		problem(pp, p->line, "sampling belongs in an organisations plan, and this plan's "
		    "subject is people");
}

static bool
plan_key_ok(const char *k)
{
	size_t n = strlen(k);

	return n > 0 && n <= 64 && strspn(k, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") == n;
}

int
plan_check(const struct plan *p, struct plan_problems *pp)
{
	uint32_t before = pp->count, from = pp->n;

	if (p->key == NULL || !plan_key_ok(p->key))
		problem(pp, p->line, "the plan's key \"%s\" must be letters, digits, - and _",
		    p->key != NULL ? p->key : "");
	if (p->name == NULL || p->name[0] == '\0')
		problem(pp, p->line, "the plan has no name");
	check_subject(p, pp);
	check_cycle(p, pp);
	check_raters(p, pp);
	check_levels(p, pp);
	check_bands(p, pp);
	check_quota(p, pp);
	check_annual(p, pp);
	check_subjects(p, pp);
	check_sampling(p, pp);
	if (p->subject == PLAN_ORGANISATIONS)
		check_rubric(p, pp);
	/* By line, keeping the order of problems on one line. */
	for (uint32_t i = from + 1; i < pp->n; i++) {
		struct plan_problem t = pp->v[i];
		uint32_t j = i;

		for (; j > from && pp->v[j - 1].line > t.line; j--)
			pp->v[j] = pp->v[j - 1];
		pp->v[j] = t;
	}
	return (int)(pp->count - before);
}
