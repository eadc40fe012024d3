/*
 * test-export.c: exports (common/export.c) and the score import
 * (server/score-import.c).
 *
 * The exports are checked on replies built by hand: the CSV byte for byte
 * (byte order mark, RFC 4180 quoting of a comma and a quote in a Chinese
 * name, hundredths with two decimals, ties marked 并列, an incomplete sheet
 * last), a person's sheet that leaves out a named score wrongly claiming an
 * anonymous part, a unit's 细则 sheet, and the XLSX as a zip whose sheet XML
 * and shared strings hold the title, the headers and the figures.
 *
 * The import runs on a store with the shipped plan yongqiao-2015 (work 40
 * by the admin, principal 30, leadership 10 as the mean of the leaders,
 * democratic 20 anonymous) and the small office of office-fixture.c.
 * Today is 2026-11-22: 2026Q3 has begun and is open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/domain.h"
#include "common/export.h"
#include "common/plan.h"
#include "common/util.h"
#include "server/calendar.h"
#include "server/plan-load.h"
#include "server/plan-store.h"
#include "server/score-import.h"
#include "server/score-ops.h"
#include "office-fixture.h"
#include "store-fixture.h"
#include "i18n-fixture.h"

#define TODAY	20261122u
#define Q3	202623u

/* ---- a people ranking, by hand ----
 *
 * Parts: 工作实绩 60% (adjusted), 民意测评 40% (anonymous, a mean).
 *   王,"小"明 (甲科): 91.75, 92.50: 0.6 * 91.75 + 0.4 * 92.50 = 55.05 + 37.00
 *        = 92.05, 优秀, rank 1
 *   李四 (乙科): 88 + a city commendation 3 = 91, 85: 54.60 + 34.00 = 88.60
 *   张三 (甲科): 90 - a criticism 1 = 89, 88: 53.40 + 35.20 = 88.60: tied
 *        with 李四, both rank 2 (the next would be 4), 称职
 *   赵六 (乙科): 70, no vote yet: incomplete, last */

static struct plan_rater raters[] = {
	{ .key = "work", .name = "工作实绩", .weight = 60, .combine = 1, .adjusted = true },
	{ .key = "peers", .name = "民意测评", .weight = 40, .combine = 2, .anonymous = true },
};

static struct sheet_part parts[4][2] = {
	{ { "work", 9175, 1 }, { "peers", 9250, 5 } },
	{ { "work", 8800, 1 }, { "peers", 8500, 3 } },
	{ { "work", 9000, 1 }, { "peers", 8800, 4 } },
	{ { "work", 7000, 1 }, { "peers", 0, 0 } },
};

/* 张三's named scores: the work score, and one claiming the anonymous part,
 * which a reply never has and an export must never show. */
static struct named_score zhang_scores[] = {
	{ .part = "work", .rater = 11, .score = 9000 },
	{ .part = "peers", .rater = 12, .score = 8800 },
};

static struct commendation_rec zhang_commend[] = {
	{ .level = "district", .criticism = true, .work = "档案审核", .note = "区委组织部通报" },
};

static struct plan_level levels[] = {
	{ .key = "district", .name = "区级", .points = 100 },
	{ .key = "city", .name = "市级", .points = 300 },
};

static struct sheet_row rows[] = {
	{ .subject = 1, .name = "王,\"小\"明", .unit_id = 1, .parts = parts[0], .parts_n = 2,
	  .composite = 9205, .grade = 1, .rank = 1, .complete = true },
	{ .subject = 2, .name = "李四", .unit_id = 2, .parts = parts[1], .parts_n = 2, .bonus = 300,
	  .composite = 8860, .grade = 2, .rank = 2, .tied = true, .complete = true },
	{ .subject = 3, .name = "张三", .unit_id = 1, .parts = parts[2], .parts_n = 2, .penalty = 100,
	  .composite = 8860, .grade = 2, .rank = 2, .tied = true, .complete = true,
	  .scores = zhang_scores, .scores_n = 2, .commendations = zhang_commend,
	  .commendations_n = 1 },
	{ .subject = 4, .name = "赵六", .unit_id = 2, .parts = parts[3], .parts_n = 2 },
};

static struct sheets_reply_body reply = { .plan = "test", .plan_version = 1, .period = Q3,
	.rows = rows, .rows_n = 4 };

static const char *
unit_name(void *arg, uint64_t id)
{
	(void)arg;
	return id == 1 ? "甲科" : id == 2 ? "乙科" : id == 5 ? "甲单位" : NULL;
}

static const char *
user_name(void *arg, uint64_t id)
{
	(void)arg;
	return id == 11 ? "周敏" : id == 12 ? "钱七" : NULL;
}

static const struct export_people people = { .plan_name = "测试方案", .raters = raters,
	.nraters = 2, .levels = levels, .nlevels = 2, .sh = &reply,
	.names = { unit_name, user_name, NULL } };

static char tmpdir[64];

/* A made-up name for the i-th person of a big office. */
static char *
ex_big_name(uint32_t i)
{
	static const char *const family[] = { "王", "李", "张", "刘", "陈" };
	char buf[32];

	snprintf(buf, sizeof buf, "%s%u", family[i % 5], i);
	return xstrdup(buf);
}

static int
setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/kaohe-export.XXXXXX");
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown_dir(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A whole file, NUL-terminated; *len its length. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = xcalloc(1, 1 << 20);

	assert_non_null(f);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	return buf;
}

/* What a command prints, NUL-terminated. */
static char *
run(const char *fmt, const char *path)
{
	char cmd[512], *buf = xcalloc(1, 1 << 20);
	size_t n;
	FILE *p;

	snprintf(cmd, sizeof cmd, fmt, path);
	assert_non_null(p = popen(cmd, "r"));
	n = fread(buf, 1, (1 << 20) - 1, p);
	buf[n] = '\0';
	assert_int_equal(pclose(p), 0);
	return buf;
}

static void
write_csv(struct export_book *b, const char *name, char *path, size_t len)
{
	char err[256];

	assert_non_null(b);
	snprintf(path, len, "%s/%s", tmpdir, name);
	if (export_write_csv(b, path, err, sizeof err) != 0)
		fail_msg("%s", err);
}

static void
test_ranking_csv(void **state)
{
	static const char want[] =
	    "\xef\xbb\xbf"
	    "测试方案 2026年第三季度 考核登记表,,,,,,,,\r\n"
	    "单位：全部；参加考核 4 人，已完成 3 人,,,,,,,,\r\n"
	    "序号,姓名,单位,工作实绩（60%）,民意测评（40%）,加分/减分,综合得分,等次,名次\r\n"
	    "1,\"王,\"\"小\"\"明\",甲科,91.75,92.50,0.00,92.05,优秀,1\r\n"
	    "2,李四,乙科,88.00,85.00,+3.00,88.60,称职,2（并列）\r\n"
	    "3,张三,甲科,90.00,88.00,-1.00,88.60,称职,2（并列）\r\n"
	    "4,赵六,乙科,70.00,,0.00,,,未完成\r\n";
	struct export_book *b = export_people_book(&people);
	char path[128], *got;
	size_t len;

	(void)state;
	write_csv(b, "rank.csv", path, sizeof path);
	got = slurp(path, &len);
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(got, want, sizeof want - 1);
	free(got);
	export_book_free(&b);
	assert_null(b);
}

static void
test_person_csv(void **state)
{
	static const char want[] =
	    "\xef\xbb\xbf"
	    "测试方案 2026年第三季度 考核评分表,,,,\r\n"
	    "姓名：张三；单位：甲科,,,,\r\n"
	    "考核项目,权重,得分,评分人数,说明\r\n"
	    "工作实绩,60%,90.00,1,表彰加分、通报批评减分另列\r\n"
	    "民意测评,40%,88.00,4,匿名测评：只有平均分和人数\r\n"
	    "加分/减分,,-1.00,,\r\n"
	    "综合得分,,88.60,,\r\n"
	    "等次,,称职,,\r\n"
	    "名次,,2（并列）,,\r\n"
	    "序号,级别,类别,工作,说明\r\n"
	    "1,区级,通报批评,档案审核,区委组织部通报\r\n"
	    "序号,评分项,评分人,分数,\r\n"
	    "1,工作实绩,周敏,90.00,\r\n";
	struct export_book *b = export_person_book(&people, 3);
	char path[128], *got;
	size_t len;

	(void)state;
	assert_null(export_person_book(&people, 99));
	write_csv(b, "person.csv", path, sizeof path);
	got = slurp(path, &len);
	assert_null(strstr(got, "钱七"));	/* the anonymous part's "rater" */
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(got, want, sizeof want - 1);
	free(got);
	export_book_free(&b);
}

/* ---- a unit's 细则 sheet, by hand ----
 *
 * One section of 20 points, two items: 1.1 (standard 5, one rule: 2 points
 * a time) found twice: 扣 4, 得 5 - 4 = 1; 1.2 (standard 15) no finding:
 * 得 15.  Self-check 5 + 14 = 19; the section 1 + 15 = 16 of 20, 扣 4. */

static struct rubric_rule rules[] = { { .key = "r1", .text = "缺一次扣2分", .points = 200 } };
static struct rubric_item items[] = {
	{ .key = "1.1", .name = "思想政治建设", .content = "内容A", .method = "查阅档案",
	  .standard = 500, .rules = rules, .rules_n = 1 },
	{ .key = "1.2", .name = "民主集中制", .content = "内容B", .method = "座谈", .standard = 1500 },
};
static struct rubric_section sections[] = {
	{ .key = "1", .name = "领导班子自身建设", .points = 2000, .items = items, .items_n = 2 },
};
static struct rubric_finding findings[] = {
	{ .item = "1.1", .rule = "r1", .count = 2, .evidence = "学习记录缺两次", .points = 400 },
};
static struct rubric_item_score item_scores[] = {
	{ .item = "1.1", .self_set = true, .self = 500, .deducted = 400, .score = 100,
	  .findings = findings, .findings_n = 1 },
	{ .item = "1.2", .self_set = true, .self = 1400, .deducted = 0, .score = 1500 },
};
static struct rubric_section_score section_scores[] = {
	{ .key = "1", .self = 1900, .deducted = 400, .score = 1600 },
};
static struct rubric_row unit_rows[] = {
	{ .unit_id = 5, .name = "甲单位", .category = "机关部门", .self_total = 1900,
	  .self_complete = true, .deducted = 400, .total = 1600, .tier = "", .checked = true,
	  .rank = 1, .category_rank = 1, .findings = 1 },
};

static void
test_rubric_csv(void **state)
{
	static const char want[] =
	    "\xef\xbb\xbf"
	    "测试细则 2026年第三季度 考核细则评分表,,,,,,,,\r\n"
	    "被考核单位：甲单位；类别：机关部门,,,,,,,,\r\n"
	    "项目,目标,考核内容及标准,标准分,评分方法,自查分,扣分,得分,扣分说明\r\n"
	    "一、领导班子自身建设（20分）,思想政治建设,内容A,5.00,查阅档案,5.00,4.00,1.00,"
	    "缺一次扣2分 ×2（扣4分）：学习记录缺两次\r\n"
	    "一、领导班子自身建设（20分）,民主集中制,内容B,15.00,座谈,14.00,0.00,15.00,\r\n"
	    "一、领导班子自身建设（20分）,小计,,20.00,,19.00,4.00,16.00,\r\n"
	    "合计,,,20.00,,19.00,4.00,16.00,\r\n"
	    "等次,,,,,,,—,已检查，得分和等次为最终结果\r\n";
	struct rubric_sheets_reply_body rs = { .plan = "t", .plan_name = "测试细则", .period = Q3,
	    .rubric_total = 2000, .rows = unit_rows, .rows_n = 1, .sections = sections,
	    .sections_n = 1, .sheet = { .unit_id = 5, .category = "机关部门", .items = item_scores,
	    .items_n = 2, .sections = section_scores, .sections_n = 1, .self_total = 1900,
	    .self_complete = true, .total = 1600, .tier = "", .checked = true } };
	struct export_rubric e = { .rs = &rs, .names = { unit_name, user_name, NULL } };
	struct export_book *b = export_rubric_book(&e);
	char path[128], err[256], *got;
	size_t len;

	(void)state;
	write_csv(b, "rubric.csv", path, sizeof path);
	got = slurp(path, &len);
	assert_int_equal(len, sizeof want - 1);
	assert_memory_equal(got, want, sizeof want - 1);
	free(got);
	/* the XLSX holds the ranking too, and merges 项目 over the section's
	 * two items and subtotal: rows 4 to 6 after the title, subtitle and
	 * header */
	snprintf(path, sizeof path, "%s/rubric.xlsx", tmpdir);
	assert_int_equal(export_write_xlsx(b, path, err, sizeof err), 0);
	got = run("unzip -p %s xl/worksheets/sheet1.xml", path);
	assert_non_null(strstr(got, "<mergeCell ref=\"A4:A6\"/>"));
	free(got);
	got = run("unzip -p %s xl/workbook.xml", path);
	assert_non_null(strstr(got, "name=\"考核细则\""));
	assert_non_null(strstr(got, "name=\"排名\""));
	free(got);
	export_book_free(&b);
}

/* A number cell holding want: libxlsxwriter writes 16 significant digits,
 * so 88.6 may read 88.59999999999999, the same double. */
static bool
has_number(const char *xml, double want)
{
	for (const char *p = xml; (p = strstr(p, "<v>")) != NULL; p += 3) {
		double v = strtod(p + 3, NULL);

		if (v - want < 1e-9 && want - v < 1e-9)
			return true;
	}
	return false;
}

static void
test_ranking_xlsx(void **state)
{
	struct export_book *b = export_people_book(&people);
	char path[128], err[256], *got;

	(void)state;
	snprintf(path, sizeof path, "%s/rank.xlsx", tmpdir);
	assert_int_equal(export_write_xlsx(b, path, err, sizeof err), 0);
	free(run("unzip -tq %s", path));	/* a valid zip */
	got = run("unzip -p %s xl/sharedStrings.xml", path);
	assert_non_null(strstr(got, "<t>测试方案 2026年第三季度 考核登记表</t>"));
	assert_non_null(strstr(got, "<t>工作实绩（60%）</t>"));
	assert_non_null(strstr(got, "<t>民意测评（40%）</t>"));
	assert_non_null(strstr(got, "<t>2（并列）</t>"));
	assert_non_null(strstr(got, "<t>王,\"小\"明</t>"));
	free(got);
	got = run("unzip -p %s xl/worksheets/sheet1.xml", path);
	/* numbers, not text: the composites and 张三's criticism */
	assert_true(has_number(got, 92.05));
	assert_true(has_number(got, 88.60));
	assert_true(has_number(got, 91.75));
	assert_true(has_number(got, -1.00));
	assert_non_null(strstr(got, "<mergeCell ref=\"A1:I1\"/>"));	/* the title over 9 columns */
	assert_non_null(strstr(got, "orientation=\"landscape\""));
	assert_non_null(strstr(got, "paperSize=\"9\""));	/* A4 */
	free(got);
	/* the title, subtitle and header repeat on every page; one sheet a
	 * person after the ranking */
	got = run("unzip -p %s xl/workbook.xml", path);
	assert_non_null(strstr(got, "_xlnm.Print_Titles"));
	assert_non_null(strstr(got, "'排名'!$1:$3"));
	assert_non_null(strstr(got, "name=\"4 赵六\""));
	free(got);
	/* a failed write leaves nothing behind */
	assert_int_equal(export_write_xlsx(b, "/nonexistent/x.xlsx", err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot write /nonexistent/x.xlsx"));
	export_book_free(&b);
}

/* ---- a long write, watched and stopped ---- */

struct watch {
	uint64_t	 rows;
	uint64_t	 stop_at;	/* 0: never */
};

static bool
watch_row(void *arg)
{
	struct watch *w = arg;

	w->rows++;
	return w->stop_at == 0 || w->rows < w->stop_at;
}

/* n people, each with the two parts, for an export of a real office's
 * size. */
static struct sheets_reply_body *
big_reply(uint32_t n)
{
	struct sheets_reply_body *r = xcalloc(1, sizeof *r);

	r->plan = "test";
	r->plan_version = 1;
	r->period = Q3;
	r->rows = xcalloc(n, sizeof *r->rows);
	r->rows_n = n;
	for (uint32_t i = 0; i < n; i++) {
		struct sheet_row *w = &r->rows[i];

		w->subject = 100 + i;
		w->name = ex_big_name(i);
		w->unit_id = 1 + i % 2;
		w->parts = parts[i % 3];
		w->parts_n = 2;
		w->composite = 9000 - i % 500;
		w->grade = 2;
		w->rank = i + 1;
		w->complete = true;
	}
	return r;
}

static void
test_progress_and_stop(void **state)
{
	struct sheets_reply_body *r = big_reply(400);
	struct export_people e = people;
	struct export_book *b;
	struct watch w = { 0 };
	char path[128], err[256];

	(void)state;
	e.sh = r;
	b = export_people_book(&e);
	/* the ranking has a row a person and more; the workbook a sheet each */
	assert_true(export_book_rows(b, true) > 400);
	assert_true(export_book_rows(b, false) > 400 * 5);

	/* every row is told, once */
	export_book_progress(b, watch_row, &w);
	snprintf(path, sizeof path, "%s/big.csv", tmpdir);
	assert_int_equal(export_write_csv(b, path, err, sizeof err), 0);
	assert_int_equal(w.rows, export_book_rows(b, true));
	w.rows = 0;
	snprintf(path, sizeof path, "%s/big.xlsx", tmpdir);
	assert_int_equal(export_write_xlsx(b, path, err, sizeof err), 0);
	assert_int_equal(w.rows, export_book_rows(b, false));
	free(run("unzip -tq %s", path));

	/* stopped half way: a failure, and nothing left, not even a
	 * temporary; an older file of that name stays as it was */
	w = (struct watch){ .stop_at = 100 };
	snprintf(path, sizeof path, "%s/stopped.xlsx", tmpdir);
	assert_int_equal(export_write_xlsx(b, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "stopped"));
	assert_int_equal(w.rows, 100);
	assert_int_equal(access(path, F_OK), -1);
	w = (struct watch){ .stop_at = 10 };
	snprintf(path, sizeof path, "%s/big.csv", tmpdir);
	assert_int_equal(export_write_csv(b, path, err, sizeof err), -1);
	assert_non_null(strstr(err, "stopped"));
	{
		size_t len;
		char *got = slurp(path, &len);

		assert_true(len > 10000);	/* the whole first export */
		free(got);
	}
	{
		char *left = run("ls %s | grep -vE '^(big|rank|person|rubric|unit)[^.]*\\.(csv|xlsx)$' || true",
		    tmpdir);

		assert_string_equal(left, "");
		free(left);
	}
	export_book_free(&b);
	for (uint32_t i = 0; i < r->rows_n; i++)
		free(r->rows[i].name);
	free(r->rows);
	free(r);
}

/* ---- importing scores ---- */

enum { AD, P, L1, L2, S1, S2, HA, A1, NPEOPLE };

static const struct office_person who[NPEOPLE] = {
	[AD] = { "ad", "周敏", ROLE_ADMIN, 0 }, [P] = { "p", "赵国强", ROLE_PRINCIPAL, 0 },
	[L1] = { "l1", "李华", ROLE_LEADER_MEMBER, 0 }, [L2] = { "l2", "王平", ROLE_LEADER_MEMBER, 0 },
	[S1] = { "s1", "钱芳", ROLE_SUPERVISOR, 0 }, [S2] = { "s2", "孙伟", ROLE_SUPERVISOR, 0 },
	[HA] = { "ha", "张三", ROLE_DEPT_HEAD, 1 }, [A1] = { "a1", "甲一", ROLE_STAFF, 1 },
};

struct fx {
	struct store_fixture	 fix;
	struct user_rec		 u[NPEOPLE];
	struct calendar		 cal;
};

static int
setup_store(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	struct import_report r = { 0 };
	struct office o;
	struct plan p;
	struct wtx w;

	if (store_fixture_open(&f->fix, "export") != 0 || store_write_begin(f->fix.st, &w) != 0)
		return -1;
	office_build(&w, &o, who, NPEOPLE, S1, S2, f->u);
	if (plan_load("schema/plans/yongqiao-2015.yaml", &p, &r) != 0)
		return -1;
	import_report_free(&r);
	assert_int_equal(plan_store_import(&w, &p), 0);
	schema_free(&plan_desc, &p);
	assert_int_equal(store_write_commit(&w), 0);
	*state = f;
	return 0;
}

static int
teardown_store(void **state)
{
	struct fx *f = *state;
	int rc = office_fixture_close(&f->fix, f->u, NPEOPLE);

	free(f);
	return rc;
}

/* Import text as FILE in one transaction, committed only if it imported,
 * as kaohectl does.  Returns score_import's result. */
static int
import(struct fx *f, const char *name, const char *text, struct import_report *r, uint32_t *count)
{
	char path[128];
	struct wtx w;
	FILE *out;
	int rc;

	snprintf(path, sizeof path, "%s/%s", f->fix.dir, name);
	assert_non_null(out = fopen(path, "w"));
	fputs(text, out);
	fclose(out);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	w.workstation = "kaohectl";
	rc = score_import(&w, path, TODAY, &f->cal, r, count);
	if (rc == 0)
		assert_int_equal(store_write_commit(&w), 0);
	else
		store_write_abort(&w);
	return rc;
}

static bool
reported(const struct import_report *r, const char *want)
{
	for (uint32_t i = 0; i < r->n; i++)
		if (strstr(r->messages[i], want) != NULL)
			return true;
	return false;
}

static void
test_import_bad_row(void **state)
{
	struct fx *f = *state;
	struct import_report r = { 0 };
	struct sheet s;
	MDB_txn *txn;
	uint32_t n;

	/* line 2 is good; line 3: a leadership member may not give the
	 * principal's part; line 4: the anonymous part; line 5: no such login */
	assert_int_equal(import(f, "bad.csv",
	    "plan,period,person,part,score,rater\n"
	    "yongqiao-2015,2026Q3,ha,work,85.5,ad\n"
	    "yongqiao-2015,2026Q3,ha,principal,90,l1\n"
	    "yongqiao-2015,202623,ha,democratic,80,a1\n"
	    "yongqiao-2015,2026Q3,nobody,work,80,ad\n", &r, &n), -1);
	assert_int_equal(r.errors, 3);
	assert_true(reported(&r, "bad.csv:3: refused: "));
	assert_true(reported(&r, "bad.csv:4: part \"democratic\" (民意测评) is anonymous"));
	assert_true(reported(&r, "bad.csv:5: person \"nobody\" is not a login"));
	assert_false(reported(&r, "bad.csv:2:"));
	import_report_free(&r);
	/* nothing written, not even line 2's score */
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(scoreop_sheet_get(txn, f->fix.st, "yongqiao-2015", Q3, f->u[HA].id, &s),
	    MDB_NOTFOUND);
	mdb_txn_abort(txn);
}

static void
test_import_good(void **state)
{
	struct fx *f = *state;
	struct import_report r = { 0 };
	struct sheet s;
	MDB_txn *txn;
	uint32_t n;

	/* leadership is the mean of the leaders: (88 + 86.5) / 2 = 87.25; a
	 * byte order mark, CRLF and both period forms are taken */
	assert_int_equal(import(f, "good.csv",
	    "\xef\xbb\xbfplan,period,person,part,score,rater\r\n"
	    "yongqiao-2015,2026Q3,ha,work,85.5,ad\r\n"
	    "yongqiao-2015,2026Q3,ha,principal,90,p\r\n"
	    "yongqiao-2015,2026Q3,ha,leadership,88,l1\r\n"
	    "yongqiao-2015,202623,ha,leadership,86.5,l2\r\n", &r, &n), 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(n, 4);
	import_report_free(&r);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(scoreop_sheet_get(txn, f->fix.st, "yongqiao-2015", Q3, f->u[HA].id, &s), 0);
	mdb_txn_abort(txn);
	assert_int_equal(s.parts_n, 4);
	assert_string_equal(s.parts[0].key, "work");
	assert_int_equal(s.parts[0].score, 8550);
	assert_string_equal(s.parts[1].key, "principal");
	assert_int_equal(s.parts[1].score, 9000);
	assert_string_equal(s.parts[2].key, "leadership");
	assert_int_equal(s.parts[2].score, 8725);
	assert_int_equal(s.parts[2].count, 2);
	assert_int_equal(s.parts[3].count, 0);	/* democratic: only votes in the client */
	assert_false(s.complete);
	schema_free(&sheet_desc, &s);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest exports[] = {
		cmocka_unit_test(test_ranking_csv),
		cmocka_unit_test(test_person_csv),
		cmocka_unit_test(test_rubric_csv),
		cmocka_unit_test(test_ranking_xlsx),
		cmocka_unit_test(test_progress_and_stop),
	};
	const struct CMUnitTest imports[] = {
		cmocka_unit_test(test_import_bad_row),
		cmocka_unit_test(test_import_good),
	};
	int failed = cmocka_run_group_tests_name("export", exports, setup_dir, teardown_dir);

	return failed + cmocka_run_group_tests_name("import", imports, setup_store, teardown_store);
}
