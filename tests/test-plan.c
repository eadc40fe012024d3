/*
 * test-plan.c: assessment plans: a plan file read by plan_load()
 * (server/plan-load.c), judged by plan_check() (common/plan.c), and kept
 * in versions by plan-store.c.  Each mistake is written into a small file
 * and the test asserts the exact "file:line: reason" it gets.
 *
 * The shipped plans, every .yaml file in schema/plans, are read from the source tree
 * (the current directory, or $KAOHE_SRC) and must load and pass the check;
 * the test is skipped if there are none yet.
 */
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "common/domain.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "server/csv.h"
#include "server/plan-load.h"
#include "server/plan-store.h"
#include "server/store.h"
#include "store-fixture.h"

/* A plan about people: 6 lines of head, raters on 8-10, grades on 12-15.
 * The weights add up to 100 and the bands cover 0 to 100. */
#define PEOPLE_HEAD \
	"key: t\n" \
	"name: 测试方案\n" \
	"subject: people\n" \
	"cycle:\n" \
	"  - record: evaluation\n" \
	"    name: 领导评鉴\n"
static const char people[] = PEOPLE_HEAD
	"raters:\n"
	"  - { key: work, name: 业务工作实绩, weight: 50, by: admin, adjusted: true }\n"
	"  - { key: principal, name: 主要领导评定, weight: 30, by: principal }\n"
	"  - { key: democratic, name: 民意测评, weight: 20, by: peers, combine: mean }\n"
	"grades:\n"
	"  - { grade: 优秀, min: 90 }\n"
	"  - { grade: 称职, min: 80, max: 90 }\n"
	"  - { grade: 基本称职, min: 60, max: 80 }\n"
	"  - { grade: 不称职, min: 0, max: 60 }\n"
	"commendations:\n"
	"  levels:\n"
	"    - { key: district, name: 区级, points: 1 }\n"
	"    - { key: city, name: 市级, points: 3 }\n"
	"quota: { grade: 优秀, percent: 15 }\n"
	"annual:\n"
	"  - { part: routine, weight: 40, min: 40 }\n"
	"  - { part: yearend, weight: 60 }\n";

/* A rubric of 30 points: section 1 (20) on lines 14-24, section 2 (10) on
 * lines 25-29; tiers on 10-12. */
static const char org[] =
	"key: org\n"
	"name: 党建目标考核\n"
	"subject: organisations\n"
	"cycle:\n"
	"  - { record: halfyear, name: 半年考核 }\n"
	"rubric:\n"
	"  total: 30\n"
	"  apply_min: 27\n"
	"  tiers:\n"
	"    - { name: 三等, min: 24, max: 27 }\n"
	"    - { name: 二等, min: 27, max: 29 }\n"
	"    - { name: 一等, min: 29 }\n"
	"  sections:\n"
	"    - key: \"1\"\n"
	"      name: 班子建设\n"
	"      points: 20\n"
	"      items:\n"
	"        - key: \"1.1\"\n"
	"          name: 思想政治建设\n"
	"          standard: 12.5\n"
	"          deductions:\n"
	"            - { key: no-plan, text: 年初无计划, points: 2.5, once: true }\n"
	"            - { key: missed, text: 缺一次, points: 0.05, unit: 次 }\n"
	"        - { key: \"1.2\", name: 组织生活, standard: 7.5 }\n"
	"    - key: \"2\"\n"
	"      name: 基层组织\n"
	"      points: 10\n"
	"      items:\n"
	"        - { key: \"2.1\", name: 阵地建设, standard: 10 }\n";

struct fx {
	struct store_fixture fix;
	char		 path[128];
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	if (store_fixture_open(&f->fix, "plan") != 0)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/plan.yaml", f->fix.dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;
	int rc = store_fixture_close(&f->fix);

	free(f);
	return rc;
}

static void
write_text(struct fx *f, const char *text, size_t len)
{
	FILE *fp;

	assert_non_null(fp = fopen(f->path, "wb"));
	assert_int_equal(fwrite(text, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* base with the first `from` replaced by `to`; free it. */
static char *
edit(const char *base, const char *from, const char *to)
{
	const char *at = strstr(base, from);
	struct kbuf b = { 0 };

	if (at == NULL)
		fail_msg("edit: no \"%s\" in the plan", from);
	kbuf_append(&b, base, (size_t)(at - base));
	kbuf_append(&b, to, strlen(to));
	kbuf_append(&b, at + strlen(from), strlen(at + strlen(from)) + 1);
	return b.data;
}

/* Load and check a file as kaohectl does: every problem into r.  Returns
 * the number of problems. */
static uint32_t
check_file(const char *path, struct import_report *r)
{
	struct plan_problems pp = { 0 };
	struct plan p;

	memset(r, 0, sizeof *r);
	if (plan_load(path, &p, r) == 0) {
		plan_check(&p, &pp);
		for (uint32_t i = 0; i < pp.n; i++)
			import_error(r, path, pp.v[i].line, "%s", pp.v[i].message);
		plan_problems_free(&pp);
		schema_free(&plan_desc, &p);
	}
	return r->errors;
}

static uint32_t
check_text(struct fx *f, const char *text, struct import_report *r)
{
	write_text(f, text, strlen(text));
	return check_file(f->path, r);
}

static void
dump(const struct import_report *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		fprintf(stderr, "# got: %s\n", r->messages[i]);
}

/* base with tail after it; free it. */
static char *
plus(const char *base, const char *tail)
{
	struct kbuf b = { 0 };

	kbuf_append(&b, base, strlen(base));
	kbuf_append(&b, tail, strlen(tail) + 1);
	return b.data;
}

/* The text gives exactly the one problem want. */
static void
only(struct fx *f, const char *text, const char *want)
{
	struct import_report r;

	check_text(f, text, &r);
	if (r.errors != 1 || strcmp(r.messages[0], want) != 0) {
		dump(&r);
		fail_msg("wanted only \"%s\"", want);
	}
	import_report_free(&r);
}

/* The edited base gives exactly the one problem want. */
static void
only_edit(struct fx *f, const char *base, const char *from, const char *to, const char *want)
{
	char *text = edit(base, from, to);

	only(f, text, want);
	free(text);
}

/* ---- good plans ---- */

static void
test_good_plans(void **state)
{
	struct fx *f = *state;
	struct import_report r;

	if (check_text(f, people, &r) != 0 || check_text(f, org, &r) != 0) {
		dump(&r);
		fail_msg("a good plan was refused");
	}
	import_report_free(&r);
}

static void
test_hundredths(void **state)
{
	struct fx *f = *state;
	struct import_report r = { 0 };
	struct plan p;

	write_text(f, org, strlen(org));
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_int_equal(r.errors, 0);
	assert_string_equal(p.key, "org");
	assert_int_equal(p.line, 1);
	assert_int_equal(p.subject, PLAN_ORGANISATIONS);
	assert_int_equal(p.cycle_n, 1);
	assert_int_equal(p.cycle[0].kind, PLAN_REC_HALFYEAR);
	assert_int_equal(p.rubric_total, 3000);
	assert_int_equal(p.apply_min, 2700);
	assert_int_equal(p.tiers_n, 3);
	assert_int_equal(p.tiers[2].min, 2900);
	assert_int_equal(p.tiers[2].max, 0);
	assert_int_equal(p.tiers[2].line, 12);
	assert_int_equal(p.sections_n, 2);
	assert_string_equal(p.sections[0].key, "1");
	assert_int_equal(p.sections[0].points, 2000);
	assert_int_equal(p.sections[0].line, 14);
	const struct rubric_item *it = &p.sections[0].items[0];
	assert_string_equal(it->key, "1.1");
	assert_int_equal(it->standard, 1250);
	assert_int_equal(it->line, 18);
	assert_string_equal(it->content, "");		/* absent: "", never NULL */
	assert_int_equal(it->rules_n, 2);
	assert_int_equal(it->rules[0].points, 250);
	assert_true(it->rules[0].once);
	assert_int_equal(it->rules[0].line, 22);
	assert_int_equal(it->rules[1].points, 5);
	assert_string_equal(it->rules[1].unit, "次");
	assert_int_equal(p.sections[0].items[1].standard, 750);
	assert_non_null(score_tier(&p, 3000));
	assert_string_equal(score_tier(&p, 3000)->name, "一等");
	assert_string_equal(score_tier(&p, 2899)->name, "二等");
	assert_string_equal(score_tier(&p, 2400)->name, "三等");
	assert_null(score_tier(&p, 2399));
	schema_free(&plan_desc, &p);

	/* A top tier whose max is the total holds the total too. */
	char *text = edit(org, "{ name: 一等, min: 29 }", "{ name: 一等, min: 29, max: 30 }");
	assert_int_equal(check_text(f, text, &r), 0);
	free(text);
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_string_equal(score_tier(&p, 3000)->name, "一等");
	schema_free(&plan_desc, &p);

	write_text(f, people, strlen(people));
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_int_equal(p.raters_n, 3);
	assert_int_equal(p.raters[0].role, PLAN_ROLE_LEADING_GROUP);
	assert_int_equal(p.raters[0].combine, PLAN_COMBINE_ONE);	/* the default */
	assert_true(p.raters[0].adjusted);
	assert_int_equal(p.raters[1].role, 4);				/* principal */
	assert_int_equal(p.raters[2].role, PLAN_ROLE_PEERS);
	assert_int_equal(p.raters[2].combine, PLAN_COMBINE_MEAN);
	assert_int_equal(p.raters[2].line, 10);
	assert_ptr_equal(plan_rater_find(&p, "principal"), &p.raters[1]);
	assert_null(plan_rater_find(&p, "nobody"));
	assert_int_equal(p.levels[1].points, 300);
	assert_int_equal(p.levels[1].rank, 2);
	assert_int_equal(p.quota_grade, 1);
	assert_int_equal(p.quota_percent, 15);
	assert_int_equal(p.quota_rounding, PLAN_ROUND_FLOOR);	/* the default */
	assert_int_equal(p.bands[1].min, 8000);
	assert_int_equal(score_grade(&p, 10000), 1);
	assert_int_equal(score_grade(&p, 9000), 1);
	assert_int_equal(score_grade(&p, 8999), 2);
	assert_int_equal(score_grade(&p, 5999), 4);
	assert_int_equal(score_grade(&p, 0), 4);
	assert_string_equal(p.annual[0].part, "routine");
	assert_int_equal(p.annual[0].min, 40);
	schema_free(&plan_desc, &p);
	import_report_free(&r);
}

static void
test_numbers(void **state)
{
	const char *why;
	uint32_t v;
	char buf[16];

	(void)state;
	assert_int_equal(plan_hundredths_parse("85.5", 10000, &v, &why), 0);
	assert_int_equal(v, 8550);
	assert_int_equal(plan_hundredths_parse("2.25", 10000, &v, &why), 0);
	assert_int_equal(v, 225);
	assert_int_equal(plan_hundredths_parse("0.05", 10000, &v, &why), 0);
	assert_int_equal(v, 5);
	assert_int_equal(plan_hundredths_parse("100", 10000, &v, &why), 0);
	assert_int_equal(v, 10000);
	assert_int_equal(plan_hundredths_parse("100.01", 10000, &v, &why), -1);
	assert_string_equal(why, "is too large");
	assert_int_equal(plan_hundredths_parse("1.234", 10000, &v, &why), -1);
	assert_string_equal(why, "has more than two decimal places");
	assert_int_equal(plan_hundredths_parse("-1", 10000, &v, &why), -1);
	assert_string_equal(why, "is negative");
	const char *bad[] = { "", ".5", "5.", "1e2", "+1", " 1", "1,5", "abc", "0x10", "1.2.3" };
	for (size_t i = 0; i < nitems(bad); i++) {
		assert_int_equal(plan_hundredths_parse(bad[i], 10000, &v, &why), -1);
		assert_string_equal(why, "is not a number");
	}
	assert_int_equal(plan_hundredths_parse("99999999999", UINT32_MAX, &v, &why), -1);
	plan_hundredths_format(8550, buf, sizeof buf);
	assert_string_equal(buf, "85.5");
	plan_hundredths_format(225, buf, sizeof buf);
	assert_string_equal(buf, "2.25");
	plan_hundredths_format(9000, buf, sizeof buf);
	assert_string_equal(buf, "90");
	plan_hundredths_format(5, buf, sizeof buf);
	assert_string_equal(buf, "0.05");
}

/* ---- what plan check refuses ---- */

static void
test_weights(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "weight: 50", "weight: 40",
	    "plan.yaml:8: the raters' weights add up to 90, not 100");
	char *text = edit(people, "weight: 50", "weight: 70");
	only_edit(f, text, "weight: 20, by: peers", "weight: 0, by: peers",
	    "plan.yaml:10: rater \"democratic\" (民意测评) has a weight of 0");
	free(text);
	text = edit(people, "{ part: yearend, weight: 60 }", "{ part: yearend, weight: 70 }");
	only_edit(f, text, "{ part: routine, weight: 40, min: 40 }",
	    "{ part: routine, weight: 30, min: 40 }",
	    "plan.yaml:22: annual part routine weighs 30, below its min 40");
	free(text);
	only_edit(f, people, "{ part: yearend, weight: 60 }", "{ part: yearend, weight: 50 }",
	    "plan.yaml:22: the annual weights add up to 90, not 100");
}

static void
test_duplicate_keys(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "key: democratic", "key: work",
	    "plan.yaml:10: rater key \"work\" is used twice (first on line 8)");
	only_edit(f, org, "key: \"2.1\"", "key: \"1.1\"",
	    "plan.yaml:29: item key \"1.1\" is used twice (first on line 18)");
	only_edit(f, org, "key: missed", "key: no-plan",
	    "plan.yaml:23: deduction key \"no-plan\" is used twice in item \"1.1\" (first on line 22)");
	only_edit(f, people, "key: city, name: 市级", "key: district, name: 市级",
	    "plan.yaml:19: commendation level \"district\" (市级) is listed twice (first on line 18)");
	only_edit(f, people, "{ grade: 不称职, min: 0, max: 60 }", "{ grade: 称职, min: 0, max: 60 }",
	    "plan.yaml:15: grade 称职 has two bands (first on line 13)");
}

static void
test_bands(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "{ grade: 称职, min: 80, max: 90 }", "{ grade: 称职, min: 85, max: 90 }",
	    "plan.yaml:13: scores from 80 to 85 have no grade: 基本称职 ends at 80 and 称职 starts at 85");
	only_edit(f, people, "{ grade: 基本称职, min: 60, max: 80 }",
	    "{ grade: 基本称职, min: 60, max: 85 }",
	    "plan.yaml:13: grade 称职 (80 to 90) overlaps 基本称职 (60 to 85)");
	only_edit(f, people, "{ grade: 不称职, min: 0, max: 60 }", "{ grade: 不称职, min: 10, max: 60 }",
	    "plan.yaml:15: scores from 0 to 10 have no grade: the lowest band, 不称职, starts at 10");
	only_edit(f, people, "{ grade: 优秀, min: 90 }", "{ grade: 优秀, min: 90, max: 100 }",
	    "plan.yaml:12: scores from 100 to 100 have no grade: leave out max on the top band, 优秀");
	only_edit(f, people, "{ grade: 称职, min: 80, max: 90 }", "{ grade: 称职, min: 80, max: 79.5 }",
	    "plan.yaml:13: grade 称职: max 79.5 is not above min 80");
}

static void
test_quota_and_levels(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "percent: 15", "percent: 0",
	    "plan.yaml:1: the quota of 优秀 is 0 percent: it must be 1 to 100");
	only_edit(f, people, "percent: 15", "percent: 150",
	    "plan.yaml:20: percent is 150, more than 100");
	only_edit(f, people, "name: 市级, points: 3", "name: 市级, points: 0.5",
	    "plan.yaml:19: commendation level \"city\" (市级) has 0.5 points, fewer than "
	    "\"district\" below it (1): list levels lowest first");
	only_edit(f, people, "adjusted: true", "adjusted: false",
	    "plan.yaml:18: commendation levels but no rater is adjusted: mark the part they "
	    "apply to with adjusted: true");
}

static void
test_rubric(void **state)
{
	struct fx *f = *state;

	only_edit(f, org, "{ key: \"1.2\", name: 组织生活, standard: 7.5 }",
	    "{ key: \"1.2\", name: 组织生活 }",
	    "plan.yaml:24: item \"1.2\" (组织生活) has no standard");
	only_edit(f, org, "text: 缺一次, points: 0.05, unit: 次", "text: 缺一次, unit: 次",
	    "plan.yaml:23: deduction \"missed\" of item \"1.1\" has no points");
	only_edit(f, org, "standard: 12.5", "standard: 13.5",
	    "plan.yaml:14: the items of section \"1\" (班子建设) add up to 21, more than its 20 points");
	only_edit(f, org, "total: 30", "total: 35",
	    "plan.yaml:14: the sections add up to 30, not the rubric's total 35");
	only_edit(f, org, "{ name: 二等, min: 27, max: 29 }", "{ name: 二等, min: 27.5, max: 29 }",
	    "plan.yaml:11: totals from 27 to 27.5 have no tier: 三等 ends at 27 and 二等 starts at 27.5");
	only_edit(f, org, "{ name: 二等, min: 27, max: 29 }", "{ name: 二等, min: 26, max: 29 }",
	    "plan.yaml:11: tier 二等 (from 26) overlaps 三等 (24 to 27)");
	only_edit(f, org, "{ name: 一等, min: 29 }", "{ name: 一等, min: 29, max: 31 }",
	    "plan.yaml:12: tier 一等 ends at 31, beyond the rubric's total 30");
	only_edit(f, org, "{ name: 一等, min: 29 }", "{ name: 一等, min: 29, max: 29.5 }",
	    "plan.yaml:12: totals from 29.5 to 30 have no tier: the top tier, 一等, ends at 29.5 "
	    "(leave out its max to reach the total)");
	only_edit(f, org, "apply_min: 27", "apply_min: 30.5",
	    "plan.yaml:1: apply_min 30.5 is over the rubric's total 30");

	/* A checklist: its items have no standard. */
	char *text = edit(org, "  apply_min: 27\n", "  checklist: true\n");
	struct import_report r;

	check_text(f, text, &r);
	free(text);
	assert_int_equal(r.errors, 3);
	assert_string_equal(r.messages[0],
	    "plan.yaml:18: item \"1.1\" has a standard, but the rubric is a checklist");
	import_report_free(&r);
}

static void
test_subject_parts(void **state)
{
	struct fx *f = *state;
	char *text = edit(people, "subject: people", "subject: organisations");
	struct import_report r;

	/* A people plan's parts in an organisations plan: each said once. */
	check_text(f, text, &r);
	free(text);
	assert_int_equal(r.errors, 4);
	assert_string_equal(r.messages[0], "plan.yaml:1: an organisations plan needs a rubric with sections");
	assert_string_equal(r.messages[1], "plan.yaml:8: raters belong in a people plan, and this "
	    "plan's subject is organisations");
	import_report_free(&r);
}

/* subjects: roles for people, categories for organisations, each once;
 * sampling's town and each.  people ends on line 23 and org on line 29, so
 * the appended subjects start on lines 25 and 31. */
static void
test_subjects(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	struct plan p;
	char *text;

	text = plus(people, "subjects:\n  - role: 2\n  - role: 工作人员\n");
	write_text(f, text, strlen(text));
	free(text);
	memset(&r, 0, sizeof r);
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_int_equal(p.subjects_n, 2);
	assert_int_equal(p.subjects[0].role, ROLE_DEPT_HEAD);
	assert_int_equal(p.subjects[0].line, 25);
	assert_int_equal(p.subjects[1].role, ROLE_STAFF);
	schema_free(&plan_desc, &p);

	text = plus(people, "subjects:\n  - role: dept_head\n  - role: 科室负责人\n");
	only(f, text, "plan.yaml:26: subject dept_head is listed twice (first on line 25)");
	free(text);
	text = plus(people, "subjects:\n  - category: 乡镇\n");
	only(f, text, "plan.yaml:25: category \"乡镇\" is a subject for an organisations plan: "
	    "a people plan's subjects are roles");
	free(text);
	text = plus(people, "subjects:\n  - role: peers\n");
	only(f, text, "plan.yaml:25: role \"peers\" is not one of staff dept_head supervisor "
	    "principal leader (or 工作人员 科室负责人 ...)");
	free(text);
	text = plus(org, "subjects:\n  - category: 机关部门\n  - role: dept_head\n");
	only(f, text, "plan.yaml:32: role dept_head is a subject for a people plan: an "
	    "organisations plan's subjects are categories");
	free(text);
	text = plus(org, "subjects:\n  - { role: staff, category: 村 }\n  - {}\n");
	check_text(f, text, &r);
	free(text);
	assert_int_equal(r.errors, 2);
	assert_string_equal(r.messages[0], "plan.yaml:31: a subject is a role or a category, not both");
	assert_string_equal(r.messages[1], "plan.yaml:32: a subject needs a role (people) or a "
	    "category (organisations)");
	import_report_free(&r);

	/* Sampling: the towns' category, and one of each of three more. */
	text = edit(org, "  sections:\n", "  sampling:\n    percent: 20\n    town: 乡镇\n"
	    "    each: [机关部门, 站所, 学校]\n  sections:\n");
	write_text(f, text, strlen(text));
	free(text);
	memset(&r, 0, sizeof r);
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_string_equal(p.sample_town, "乡镇");
	assert_int_equal(p.sample_each_n, 3);
	assert_string_equal(p.sample_each[2].category, "学校");
	assert_int_equal(p.sample_each[2].line, 16);
	schema_free(&plan_desc, &p);
	text = edit(org, "  sections:\n", "  sampling:\n    percent: 20\n    town: 乡镇\n"
	    "    each: [站所, 乡镇, 站所]\n  sections:\n");
	check_text(f, text, &r);
	free(text);
	assert_int_equal(r.errors, 2);
	assert_string_equal(r.messages[0], "plan.yaml:16: sampling's each lists \"乡镇\", the towns' category");
	assert_string_equal(r.messages[1], "plan.yaml:16: sampling's each lists \"站所\" twice "
	    "(first on line 16)");
	import_report_free(&r);
}

/* ---- what loading refuses ---- */

static void
test_form_errors(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "points: 3 }", "points: 3.125 }",
	    "plan.yaml:19: points 3.125 has more than two decimal places");
	only_edit(f, people, "min: 60, max: 80", "min: -60, max: 80",
	    "plan.yaml:14: min -60 is negative");
	only_edit(f, people, "min: 60, max: 80", "min: 六十, max: 80",
	    "plan.yaml:14: min 六十 is not a number");
	only_edit(f, people, "weight: 30, by", "weight: 30, wieght: 1, by",
	    "plan.yaml:9: unknown key \"wieght\" in a rater (it may hold: key name weight by "
	    "combine anonymous adjusted)");
}

static void
test_types(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "weight: 30", "weight: thirty",
	    "plan.yaml:9: weight must be a whole number, not \"thirty\"");
	only_edit(f, people, "weight: 30", "weight: 30.5",
	    "plan.yaml:9: weight must be a whole number, not \"30.5\"");
	only_edit(f, people, "weight: 30", "weight: \"30\"",
	    "plan.yaml:9: weight must be a whole number, not the quoted text \"30\"");
	only_edit(f, people, "adjusted: true", "adjusted: yes",
	    "plan.yaml:8: adjusted must be true or false, not \"yes\"");
	only_edit(f, people, "name: 测试方案", "name: [测试方案]",
	    "plan.yaml:2: name must be text, not a list");
	only_edit(f, people, "quota: { grade: 优秀, percent: 15 }", "quota: 15",
	    "plan.yaml:20: quota must be key: value pairs, not text");
	only_edit(f, people, "cycle:\n  - record: evaluation\n    name: 领导评鉴\n",
	    "cycle: monthly\n\n\n",
	    "plan.yaml:4: cycle must be a list (lines starting with -), not text");
	only_edit(f, people, "by: principal", "by: boss",
	    "plan.yaml:9: by \"boss\" is not one of staff dept_head supervisor principal leader "
	    "admin peers");
	only_edit(f, people, "grade: 基本称职", "grade: 良好",
	    "plan.yaml:14: grade \"良好\" is not one of 优秀 称职 基本称职 不称职");
	only_edit(f, people, "record: evaluation", "record: weekly",
	    "plan.yaml:5: record \"weekly\" is not one of daily monthly quarterly evaluation "
	    "halfyear annual");
}

static void
test_missing_and_duplicate(void **state)
{
	struct fx *f = *state;

	only_edit(f, people, "subject: people\n", "",
	    "plan.yaml:1: the plan lacks the key \"subject\"");
	only_edit(f, people, "{ key: principal, name: 主要领导评定, weight: 30, by: principal }",
	    "{ key: principal, name: 主要领导评定, weight: 30 }",
	    "plan.yaml:9: a rater lacks the key \"by\"");
	only_edit(f, people, "name: 测试方案\n", "name: 测试方案\nname: 又一个\n",
	    "plan.yaml:3: key \"name\" is given twice in the plan (first on line 2)");
	only_edit(f, people, "weight: 30, by", "weight: 30, weight: 30, by",
	    "plan.yaml:9: key \"weight\" is given twice in a rater (first on line 9)");
	only_edit(f, people, "key: t\n", "key: t x\n",
	    "plan.yaml:1: the plan's key \"t x\" must be letters, digits, - and _");
}

static void
test_yaml_refused(void **state)
{
	struct fx *f = *state;
	struct import_report r;

	/* A flow list left open: libyaml finds out on the next line. */
	only_edit(f, people, "  - { grade: 优秀, min: 90 }\n", "  - { grade: 优秀, min: 90\n",
	    "plan.yaml:13: not valid YAML: did not find expected ',' or '}' while parsing a "
	    "flow mapping that starts on line 12");
	only_edit(f, people, "name: 测试方案\n", "name: 测试方案\n  bad: indent\n",
	    "plan.yaml:3: not valid YAML: mapping values are not allowed in this context");
	only_edit(f, people, "key: t\n", "key: &k t\n",
	    "plan.yaml:1: anchors (&k) are not allowed in a plan");
	only_edit(f, people, "name: 测试方案\n", "name: !!str 测试方案\n",
	    "plan.yaml:2: tags (tag:yaml.org,2002:str) are not allowed in a plan");
	/* An alias needs an anchor; both are reported. */
	check_text(f, "key: &k t\nname: *k\nsubject: people\n", &r);
	assert_int_equal(r.errors, 2);
	assert_string_equal(r.messages[1], "plan.yaml:2: aliases (*k) are not allowed in a plan");
	import_report_free(&r);
	/* Billion laughs, short. */
	check_text(f, "a: &a [x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n", &r);
	assert_true(r.errors >= 4);
	assert_string_equal(r.messages[0], "plan.yaml:1: anchors (&a) are not allowed in a plan");
	import_report_free(&r);
	only(f, "key: t\n---\nkey: u\n",
	    "plan.yaml:2: a plan file holds one YAML document, and a second starts here");
	only(f, "# nothing but a comment\n", "plan.yaml:1: the file holds no plan");
	only(f, "- a\n- b\n", "plan.yaml:1: the file must hold key: value pairs (key:, name:, "
	    "subject: ...), not a list");
	only(f, "key: t\nname: \"\xff\"\n", "plan.yaml: the file is not UTF-8 text");
}

static void
test_too_large(void **state)
{
	struct fx *f = *state;
	size_t len = PLAN_FILE_MAX_BYTES + 1;
	char *big = xmalloc(len);
	struct import_report r;

	memset(big, '#', len);
	big[len - 1] = '\n';
	write_text(f, big, len);
	free(big);
	assert_int_equal(check_file(f->path, &r), 1);
	assert_string_equal(r.messages[0],
	    "plan.yaml: the file is more than 1048576 bytes: too large for a plan");
	import_report_free(&r);
	assert_int_equal(check_file("/nonexistent/plan.yaml", &r), 1);
	assert_string_equal(r.messages[0], "plan.yaml: cannot open: No such file or directory");
	import_report_free(&r);
}

/* Many mistakes in one file: all are reported, in line order. */
static void
test_many(void **state)
{
	struct fx *f = *state;
	char *a = edit(people, "weight: 50", "weight: 40");
	char *b = edit(a, "{ grade: 称职, min: 80, max: 90 }", "{ grade: 称职, min: 85, max: 90 }");
	struct import_report r;

	check_text(f, b, &r);
	free(a);
	free(b);
	assert_int_equal(r.errors, 2);
	assert_string_equal(r.messages[0], "plan.yaml:8: the raters' weights add up to 90, not 100");
	assert_string_equal(r.messages[1], "plan.yaml:13: scores from 80 to 85 have no grade: "
	    "基本称职 ends at 80 and 称职 starts at 85");
	import_report_free(&r);
}

/* ---- versions in the database ---- */

static void
import_text(struct fx *f, const char *text, uint32_t want_version)
{
	struct import_report r = { 0 };
	struct plan p;
	struct wtx w;

	write_text(f, text, strlen(text));
	assert_int_equal(plan_load(f->path, &p, &r), 0);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(plan_store_import(&w, &p), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(p.version, want_version);
	schema_free(&plan_desc, &p);
}

static void
test_versions(void **state)
{
	struct fx *f = *state;
	char *v2 = edit(people, "name: 测试方案", "name: 测试方案（修订）");
	struct plan p, *all;
	struct audit_rec *a;
	MDB_txn *txn;
	uint32_t n, latest;

	import_text(f, people, 1);
	import_text(f, v2, 2);
	import_text(f, org, 1);
	free(v2);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(plan_store_latest(txn, f->fix.st, "t", &latest), 0);
	assert_int_equal(latest, 2);
	assert_int_equal(plan_store_get(txn, f->fix.st, "t", 0, &p), 0);
	assert_int_equal(p.version, 2);
	assert_string_equal(p.name, "测试方案（修订）");
	schema_free(&plan_desc, &p);
	assert_int_equal(plan_store_get(txn, f->fix.st, "t", 1, &p), 0);
	assert_int_equal(p.version, 1);
	assert_string_equal(p.name, "测试方案");
	/* What comes back is what went in, lines and hundredths included. */
	assert_int_equal(p.raters_n, 3);
	assert_int_equal(p.raters[2].role, PLAN_ROLE_PEERS);
	assert_int_equal(p.raters[2].line, 10);
	assert_int_equal(p.bands[1].min, 8000);
	schema_free(&plan_desc, &p);
	assert_int_equal(plan_store_get(txn, f->fix.st, "t", 3, &p), MDB_NOTFOUND);
	assert_int_equal(plan_store_get(txn, f->fix.st, "none", 0, &p), MDB_NOTFOUND);
	assert_int_equal(plan_store_get(txn, f->fix.st, "o", 0, &p), MDB_NOTFOUND); /* a prefix of org */
	assert_int_equal(plan_store_list(txn, f->fix.st, &all, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(all[0].key, "org");
	assert_int_equal(all[0].version, 1);
	assert_int_equal(all[0].sections[0].items[0].rules[1].points, 5);
	assert_string_equal(all[1].key, "t");
	assert_int_equal(all[1].version, 2);
	schema_free_array(&plan_desc, all, n);
	assert_int_equal(store_audit_list(txn, f->fix.st, 0, 3, &a, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(a[0].action, "plan.import");
	assert_string_equal(a[0].target, "org");
	assert_string_equal(a[1].target, "t");
	assert_string_equal(a[1].detail, "第2版 测试方案（修订）");
	schema_free_array(&audit_rec_desc, a, n);
	mdb_txn_abort(txn);
}

/* ---- the shipped plans ---- */

static void
test_shipped_plans(void **state)
{
	const char *src = getenv("KAOHE_SRC");
	char pattern[512];
	glob_t g;

	(void)state;
	snprintf(pattern, sizeof pattern, "%s/schema/plans/*.yaml", src != NULL ? src : ".");
	if (glob(pattern, 0, NULL, &g) != 0) {
		fprintf(stderr, "# no plans in %s\n", pattern);
		skip();
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct import_report r;

		if (check_file(g.gl_pathv[i], &r) != 0) {
			dump(&r);
			import_report_free(&r);
			globfree(&g);
			fail_msg("a shipped plan was refused");
		}
		import_report_free(&r);
	}
	globfree(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test_setup_teardown(test_good_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hundredths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_weights, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quota_and_levels, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rubric, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subject_parts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subjects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_form_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_yaml_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versions, setup, teardown),
		cmocka_unit_test(test_shipped_plans),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
