/*
 * test-import.c: the CSV reader, the import of units and people, the
 * calendar and its import, period locks and the audit lines they leave,
 * each against a fresh database in a temporary directory.
 *
 * The shipped files (schema/org-example, schema/calendar-2026.csv) are read
 * from the source tree: the current directory, or $KAOHE_SRC.
 */
#include <errno.h>
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
#include "common/period.h"
#include "common/util.h"
#include "server/calendar.h"
#include "server/csv.h"
#include "server/org-import.h"
#include "server/org.h"
#include "server/store.h"
#include "store-fixture.h"
#include "i18n-fixture.h"

struct fx {
	struct store_fixture fix;
	char		 path[4][128];	/* files written by write_file() */
};

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);

	if (store_fixture_open(&f->fix, "import") != 0)
		return -1;
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

/* Write text to a file named name in the test's directory; slot 0-3. */
static const char *
write_file(struct fx *f, int slot, const char *name, const char *text)
{
	char path[128];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", f->fix.dir, name);
	memcpy(f->path[slot], path, sizeof path);
	assert_non_null(fp = fopen(f->path[slot], "wb"));
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
	return f->path[slot];
}

static const char *
src_path(const char *rel)
{
	static char buf[512];
	const char *src = getenv("KAOHE_SRC");

	snprintf(buf, sizeof buf, "%s/%s", src != NULL ? src : ".", rel);
	return buf;
}

/* True if some message of r is exactly want. */
static bool
reported(const struct import_report *r, const char *want)
{
	for (uint32_t i = 0; i < r->n; i++)
		if (strcmp(r->messages[i], want) == 0)
			return true;
	return false;
}

static void
expect(const struct import_report *r, const char *want)
{
	if (!reported(r, want)) {
		for (uint32_t i = 0; i < r->n; i++)
			fprintf(stderr, "# got: %s\n", r->messages[i]);
		fail_msg("no message \"%s\"", want);
	}
}

/* Run an org import in its own transaction; commit only if it succeeded. */
static int
import_org(struct fx *f, const char *units, const char *people, struct import_report *r)
{
	struct wtx w;
	int rc;

	memset(r, 0, sizeof *r);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	rc = org_import(&w, units, people, r);
	if (rc == 0)
		assert_int_equal(store_write_commit(&w), 0);
	else
		store_write_abort(&w);
	return rc;
}

static int
count_user(const struct user_rec *u, void *arg)
{
	(void)u;
	(*(uint32_t *)arg)++;
	return 0;
}

static void
counts(struct fx *f, uint32_t *units, uint32_t *users)
{
	struct unit_rec *all;
	MDB_txn *txn;

	*users = 0;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(org_units_load(txn, f->fix.st, &all, units), 0);
	schema_free_array(&unit_rec_desc, all, *units);
	assert_int_equal(store_user_each(txn, f->fix.st, count_user, users), 0);
	mdb_txn_abort(txn);
}

static struct user_rec
user(struct fx *f, const char *login)
{
	struct user_rec u;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(store_user_by_login(txn, f->fix.st, login, &u), 0);
	mdb_txn_abort(txn);
	return u;
}

static struct unit_rec
unit(struct fx *f, const char *name)
{
	struct unit_rec u;
	MDB_txn *txn;

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(org_unit_by_name(txn, f->fix.st, name, &u), 0);
	mdb_txn_abort(txn);
	return u;
}

/* The newest audit line. */
static struct audit_rec
last_audit(struct fx *f)
{
	struct audit_rec *a, one;
	MDB_txn *txn;
	uint32_t n;

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(store_audit_list(txn, f->fix.st, 0, 1, &a, &n), 0);
	mdb_txn_abort(txn);
	assert_int_equal(n, 1);
	one = a[0];
	free(a);
	return one;
}

/* ---- the CSV reader ---- */

static void
test_csv_quoting(void **state)
{
	static const char text[] =
	    "\xef\xbb\xbf" "a,b,c\r\n"
	    "# a comment, \"with quotes\n"
	    "\r\n"
	    "\"综合科,一组\",\"说 \"\"好\"\"\",plain\r\n"
	    "\"two\r\nlines\",  \"padded\"  ,\r\n"
	    "\n"
	    "\"#not a comment\",,\"\"\n"
	    "last,row,no newline";
	struct import_report r = { 0 };
	struct csv_file f;

	(void)state;
	assert_int_equal(csv_parse("q.csv", text, strlen(text), &f, &r), 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(f.nrows, 5);
	assert_int_equal(f.rows[0].line, 1);
	assert_string_equal(f.rows[0].field[0], "a");	/* no BOM left on it */
	assert_int_equal(f.rows[1].line, 4);
	assert_int_equal(f.rows[1].n, 3);
	assert_string_equal(f.rows[1].field[0], "综合科,一组");
	assert_string_equal(f.rows[1].field[1], "说 \"好\"");
	assert_string_equal(f.rows[1].field[2], "plain");
	assert_int_equal(f.rows[2].line, 5);
	assert_string_equal(f.rows[2].field[0], "two\nlines");
	assert_string_equal(f.rows[2].field[1], "padded");
	assert_string_equal(f.rows[2].field[2], "");
	assert_int_equal(f.rows[3].line, 8);	/* counts the line inside quotes */
	assert_string_equal(f.rows[3].field[0], "#not a comment");
	assert_string_equal(f.rows[3].field[2], "");
	assert_int_equal(f.rows[4].line, 9);
	assert_string_equal(f.rows[4].field[2], "no newline");
	csv_free(&f);
	import_report_free(&r);
}

static void
test_csv_syntax_errors(void **state)
{
	static const char text[] =
	    "a,b\n"
	    "ok,1\n"
	    "bad\"quote,2\n"
	    "\"closed\"x,3\n"
	    "fine,4\n"
	    "\"never closed,5\n"
	    "lost,6\n";
	struct import_report r = { 0 };
	struct csv_file f;

	(void)state;
	assert_int_equal(csv_parse("dir/s.csv", text, strlen(text), &f, &r), 3);
	assert_int_equal(r.errors, 3);
	assert_int_equal(f.nrows, 3);		/* header, ok, fine */
	assert_string_equal(f.rows[2].field[0], "fine");
	assert_int_equal(f.rows[2].line, 5);
	assert_non_null(strstr(r.messages[0], "s.csv:3: quote in an unquoted field"));
	assert_non_null(strstr(r.messages[1], "s.csv:4: text after a closing quote"));
	assert_non_null(strstr(r.messages[2], "s.csv:6: quoted field starting on line 6 is not closed"));
	csv_free(&f);
	import_report_free(&r);
}

static void
test_csv_encoding(void **state)
{
	static const char text[] = "a,b\nok,1\nbad,\xff\xfe\nalso,\xe7\xbb\nnul,x\0y\n";
	struct import_report r = { 0 };
	struct csv_file f;

	(void)state;
	assert_int_equal(csv_parse("e.csv", text, sizeof text - 1, &f, &r), -1);
	expect(&r, "e.csv:3: not valid UTF-8 (save the file as UTF-8)");
	expect(&r, "e.csv:4: not valid UTF-8 (save the file as UTF-8)");
	expect(&r, "e.csv:5: NUL byte: this is not a text file");
	assert_int_equal(f.nrows, 0);		/* the file is refused whole */
	csv_free(&f);
	import_report_free(&r);
}

static void
test_report_cap(void **state)
{
	struct import_report r = { 0 };

	(void)state;
	for (uint32_t i = 1; i <= IMPORT_MAX_MESSAGES + 50; i++)
		import_error(&r, "/x/y/big.csv", i, "row %u is wrong", i);
	assert_int_equal(r.n, IMPORT_MAX_MESSAGES);
	assert_int_equal(r.errors, IMPORT_MAX_MESSAGES + 50);
	assert_string_equal(r.messages[0], "big.csv:1: row 1 is wrong");
	import_error(&r, "f.csv", 0, "x");	/* counted, not kept */
	assert_int_equal(r.errors, IMPORT_MAX_MESSAGES + 51);
	import_report_free(&r);
	assert_int_equal(r.n, 0);
	assert_null(r.messages);
}

/* ---- units and people ---- */

/* A CSV's role and kind words are data: read the same in every language. */
static void
test_words_in_english(void **state)
{
	(void)state;
	test_i18n_english();
	assert_int_equal(org_import_role("科室负责人"), ROLE_DEPT_HEAD);
	assert_int_equal(org_import_role("dept_head"), ROLE_DEPT_HEAD);
	assert_int_equal(org_import_role("Department head"), 0);
	test_i18n_process();
	assert_int_equal(org_import_role("科室负责人"), ROLE_DEPT_HEAD);
}

static void
test_import_example(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	uint32_t nu, np;

	char units[512];
	strlcpy_kh(units, src_path("schema/org-example/units.csv"), sizeof units);
	int rc = import_org(f, units, src_path("schema/org-example/people.csv"), &r);
	for (uint32_t i = 0; i < r.n; i++)
		fprintf(stderr, "# %s\n", r.messages[i]);
	assert_int_equal(rc, 0);
	assert_int_equal(r.errors, 0);
	assert_int_equal(r.units_created, 5);
	assert_int_equal(r.people_created, 17);
	assert_int_equal(r.units_updated + r.people_updated, 0);
	counts(f, &nu, &np);
	assert_int_equal(nu, 5);
	assert_int_equal(np, 17);

	struct unit_rec office = unit(f, "区政务服务管理办公室"), dept = unit(f, "审批管理科");
	struct user_rec zhao = user(f, "zhaozhiqiang"), sun = user(f, "sunli");
	struct user_rec huang = user(f, "huangdan");
	assert_int_equal(office.parent, 0);
	assert_int_equal(office.kind, 1);
	assert_int_equal(dept.parent, office.id);
	assert_int_equal(dept.kind, 2);
	assert_string_equal(dept.category, "机关部门");
	assert_string_equal(office.category, "");
	assert_int_equal(dept.supervisor, zhao.id);	/* a person of the same import */
	assert_int_equal(zhao.role, ROLE_SUPERVISOR);
	assert_int_equal(zhao.unit_id, office.id);
	assert_int_equal(sun.unit_id, dept.id);
	assert_int_equal(sun.role, ROLE_DEPT_HEAD);
	assert_string_equal(sun.display_name, "孙丽");
	assert_int_equal(huang.role, ROLE_ADMIN);
	assert_non_null(strstr(sun.pwhash, "$argon2id$"));

	MDB_txn *txn;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(org_unit_head(txn, f->fix.st, dept.id), sun.id);
	assert_int_equal(org_reviewer_of(txn, f->fix.st, &sun), zhao.id);
	mdb_txn_abort(txn);

	struct audit_rec a = last_audit(f);
	assert_string_equal(a.action, "org.import");
	assert_string_equal(a.workstation, "kaohectl");
	assert_string_equal(a.target, "units.csv people.csv");
	assert_string_equal(a.detail, "units: 5 created, 0 updated; people: 17 created, 0 updated");
	schema_free(&audit_rec_desc, &a);
	schema_free(&unit_rec_desc, &office);
	schema_free(&unit_rec_desc, &dept);
	schema_free(&user_rec_desc, &zhao);
	schema_free(&user_rec_desc, &sun);
	schema_free(&user_rec_desc, &huang);
	import_report_free(&r);
}

static const char units1[] =
    "name,parent,kind,supervisor\n"
    "局机关,,office,\n"
    "综合科,局机关,department,qian\n"
    "业务科,局机关,科室,\n";
static const char people1[] =
    "login,name,unit,role,password\n"
    "qian,钱芳,局机关,supervisor,secret1\n"
    "zhao,赵一,综合科,staff,secret1\n"
    "sun,孙二,业务科,工作人员,secret1\n";

static void
test_reimport_updates(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	uint32_t nu, np;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv", units1),
	    write_file(f, 1, "people.csv", people1), &r), 0);
	import_report_free(&r);
	struct user_rec before = user(f, "zhao");

	/* the same files again: everything updated, nothing new */
	assert_int_equal(import_org(f, f->path[0], f->path[1], &r), 0);
	assert_int_equal(r.units_created + r.people_created, 0);
	assert_int_equal(r.units_updated, 3);
	assert_int_equal(r.people_updated, 3);
	import_report_free(&r);
	counts(f, &nu, &np);
	assert_int_equal(nu, 3);
	assert_int_equal(np, 3);

	/* changes: zhao moves and is renamed, the password column of an
	 * existing account is ignored, a unit moves, a supervisor is named,
	 * one person is new; rows come in a different column order */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "kind,name,supervisor,parent\n"
	    "科室,业务科,qian,综合科\n"),
	    write_file(f, 1, "people.csv",
	    "name,login,unit,role,password\n"
	    "赵一一,zhao,业务科,dept_head,\n"
	    "李四,li,综合科,staff,secret2\n"), &r), 0);
	assert_int_equal(r.units_created, 0);
	assert_int_equal(r.units_updated, 1);
	assert_int_equal(r.people_created, 1);
	assert_int_equal(r.people_updated, 1);
	import_report_free(&r);
	counts(f, &nu, &np);
	assert_int_equal(nu, 3);
	assert_int_equal(np, 4);
	struct user_rec after = user(f, "zhao"), qian = user(f, "qian");
	struct unit_rec biz = unit(f, "业务科"), gen = unit(f, "综合科");
	assert_int_equal(after.id, before.id);
	assert_string_equal(after.display_name, "赵一一");
	assert_int_equal(after.role, ROLE_DEPT_HEAD);
	assert_int_equal(after.unit_id, biz.id);
	assert_string_equal(after.pwhash, before.pwhash);
	assert_int_equal(biz.parent, gen.id);
	assert_int_equal(biz.supervisor, qian.id);
	assert_int_equal(gen.supervisor, qian.id);	/* not in this units file: kept */

	/* membership followed the move */
	MDB_txn *txn;
	uint64_t *ids;
	uint32_t n;
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(store_unit_members(txn, f->fix.st, gen.id, &ids, &n), 0);
	assert_int_equal(n, 1);			/* li only */
	free(ids);
	assert_int_equal(store_unit_members(txn, f->fix.st, biz.id, &ids, &n), 0);
	assert_int_equal(n, 2);			/* sun and zhao */
	free(ids);
	mdb_txn_abort(txn);
	schema_free(&user_rec_desc, &before);
	schema_free(&user_rec_desc, &after);
	schema_free(&user_rec_desc, &qian);
	schema_free(&unit_rec_desc, &biz);
	schema_free(&unit_rec_desc, &gen);
}

/* The optional category column: set, kept by a file without the column,
 * changed by one with it; too long or not one line refused. */
static void
test_categories(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	struct unit_rec u;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor,category\n"
	    "县委,,机关,,\n"
	    "城关镇,县委,科室,,乡镇\n"
	    "东街社区,城关镇,科室,,社区\n"), NULL, &r), 0);
	import_report_free(&r);
	u = unit(f, "东街社区");
	assert_string_equal(u.category, "社区");
	schema_free(&unit_rec_desc, &u);

	/* No column: the stored category stays. */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor\n"
	    "东街社区,城关镇,科室,\n"), NULL, &r), 0);
	assert_int_equal(r.units_updated, 1);
	import_report_free(&r);
	u = unit(f, "东街社区");
	assert_string_equal(u.category, "社区");
	schema_free(&unit_rec_desc, &u);
	u = unit(f, "城关镇");
	assert_string_equal(u.category, "乡镇");
	schema_free(&unit_rec_desc, &u);

	/* The column, in another place: it changes. */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "category,name,parent,kind,supervisor\n"
	    "村,东街社区,城关镇,科室,\n"), NULL, &r), 0);
	import_report_free(&r);
	u = unit(f, "东街社区");
	assert_string_equal(u.category, "村");
	schema_free(&unit_rec_desc, &u);

	/* 11 CJK characters are 33 bytes, one more than a category holds. */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor,category\n"
	    "西街社区,城关镇,科室,,一二三四五六七八九十一\n"
	    "南街社区,城关镇,科室\n"), NULL, &r), -1);
	expect(&r, "units.csv:2: category \"一二三四五六七八九十一\" is longer than 32 bytes");
	expect(&r, "units.csv:3: 3 fields where the header has 5");
	import_report_free(&r);
}

static void
test_bad_rows_write_nothing(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	uint64_t audit = f->fix.st->last_audit, users = f->fix.st->last_user;
	uint32_t nu, np;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor\n"
	    "局机关,,机关,\n"			/* 2 good */
	    "综合科,局机关,科室,qianfang\n"	/* 3 supervisor is staff */
	    ",局机关,科室,\n"			/* 4 empty name */
	    "财务科,局机关,部门,\n"		/* 5 bad kind */
	    "综合科,局机关,科室,\n"		/* 6 listed twice */
	    "档案室,人事科,科室,\n"		/* 7 no such parent */
	    "甲科,乙科,科室,\n"			/* 8 cycle */
	    "乙科,甲科,科室,\n"			/* 9 cycle */
	    "游离科,,科室,\n"			/* 10 root must be an office */
	    "多一列,局机关,科室,,x\n"		/* 11 column count */
	    "信息科,局机关,科室,nobody\n"),	/* 12 no such supervisor */
	    write_file(f, 1, "people.csv",
	    "login,name,unit,role,password\n"
	    "qianfang,钱芳,综合科,staff,secret1\n"	/* 2 good, but not a supervisor */
	    "zhangsan,张三,综合科,staff,secret1\n"	/* 3 good */
	    "zhangsan,张三三,综合科,staff,secret1\n"	/* 4 duplicate login */
	    "张三,张三,综合科,staff,secret1\n"		/* 5 bad login */
	    "lisi,,综合科,staff,secret1\n"		/* 6 empty name */
	    "wangwu,王五,综合料,staff,secret1\n"	/* 7 no such unit */
	    "zhaoliu,赵六,综合科,boss,secret1\n"	/* 8 no such role */
	    "sunqi,孙七,综合科,staff,12345\n"		/* 9 short password */
	    "zhouba,周八,综合科,staff\n"		/* 10 column count */
	    "wujiu,吴九,综合科,staff,\n"), &r), -1);	/* 11 no password */
	expect(&r, "units.csv:3: supervisor \"qianfang\" is not a supervising leader");
	expect(&r, "units.csv:4: empty name");
	expect(&r, "units.csv:5: kind \"部门\" must be office, department, 机关 or 科室");
	expect(&r, "units.csv:6: unit \"综合科\" is listed twice (first on line 3)");
	expect(&r, "units.csv:7: parent \"人事科\" does not exist");
	expect(&r, "units.csv:8: unit \"甲科\" is below itself: the parents form a cycle");
	expect(&r, "units.csv:9: unit \"乙科\" is below itself: the parents form a cycle");
	expect(&r, "units.csv:10: unit \"游离科\" has no parent, so it must be an office (机关)");
	expect(&r, "units.csv:11: 5 fields where the header has 4");
	expect(&r, "units.csv:12: supervisor \"nobody\" does not exist");
	expect(&r, "people.csv:4: login \"zhangsan\" is listed twice (first on line 3)");
	expect(&r, "people.csv:5: login \"张三\" must be 1-64 ASCII letters, digits, '.', '_' or '-'");
	expect(&r, "people.csv:6: empty name");
	expect(&r, "people.csv:7: unit \"综合料\" does not exist");
	expect(&r, "people.csv:8: role \"boss\" is not one of staff dept_head supervisor principal "
	    "leader inspector admin orgdept or their Chinese names");
	expect(&r, "people.csv:9: password refused: 密码至少 6 个字符");
	expect(&r, "people.csv:10: 4 fields where the header has 5");
	expect(&r, "people.csv:11: a new account needs a password");
	assert_int_equal(r.errors, 18);
	assert_int_equal(r.n, 18);
	/* in file order, then line order */
	for (uint32_t i = 0; i < r.n; i++) {
		bool units = strncmp(r.messages[i], "units.csv:", 10) == 0;
		unsigned line = (unsigned)atoi(strchr(r.messages[i], ':') + 1);
		static unsigned last;

		assert_true(units == (i < 10));
		if (i != 0 && i != 10)
			assert_true(line >= last);
		last = line;
	}
	assert_int_equal(r.units_created + r.people_created, 0);
	import_report_free(&r);
	/* nothing written, not even a counter or an audit line */
	counts(f, &nu, &np);
	assert_int_equal(nu, 0);
	assert_int_equal(np, 0);
	assert_int_equal(f->fix.st->last_audit, audit);
	assert_int_equal(f->fix.st->last_user, users);
	assert_int_equal(f->fix.st->last_unit, 0);
}

static void
test_bad_headers(void **state)
{
	struct fx *f = *state;
	struct import_report r;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv", "name,parent,type,supervisor,parent\n"),
	    write_file(f, 1, "people.csv", ""), &r), -1);
	expect(&r, "units.csv:1: unknown column \"type\"");
	expect(&r, "units.csv:1: column \"parent\" appears twice");
	expect(&r, "units.csv:1: missing column \"kind\"");
	expect(&r, "people.csv: empty: the first line must be the header");
	import_report_free(&r);
	char none[128];
	snprintf(none, sizeof none, "%s/none.csv", f->fix.dir);
	assert_int_equal(import_org(f, none, NULL, &r), -1);
	char want[160];	/* strerror speaks the locale's language */
	snprintf(want, sizeof want, "none.csv: cannot open: %s", strerror(ENOENT));
	expect(&r, want);
	import_report_free(&r);
}

/* Quoted names with commas and quotes, a BOM and CRLF; and a name that
 * holds a line break is refused. */
static void
test_quoted_import(void **state)
{
	struct fx *f = *state;
	struct import_report r;

	assert_int_equal(import_org(f, write_file(f, 0, "u.csv",
	    "\xef\xbb\xbfname,parent,kind,supervisor\r\n"
	    "\"局机关\",,office,\r\n"
	    "\"综合科,\"\"一\"\"组\",局机关,department,\r\n"),
	    write_file(f, 1, "p.csv",
	    "\xef\xbb\xbflogin,name,unit,role,password\r\n"
	    "zhao,\"赵, 一\",\"综合科,\"\"一\"\"组\",staff,\"pass,word\"\r\n"), &r), 0);
	import_report_free(&r);
	struct unit_rec g = unit(f, "综合科,\"一\"组");
	struct user_rec z = user(f, "zhao");
	assert_int_equal(z.unit_id, g.id);
	assert_string_equal(z.display_name, "赵, 一");
	schema_free(&unit_rec_desc, &g);
	schema_free(&user_rec_desc, &z);

	assert_int_equal(import_org(f, write_file(f, 0, "u.csv",
	    "name,parent,kind,supervisor\n"
	    "\"两\n行\",局机关,科室,\n"
	    "好科,局机关,科室,\n"), NULL, &r), -1);
	expect(&r, "u.csv:2: name holds a line break or a control character");
	assert_int_equal(r.errors, 1);
	import_report_free(&r);
}

static void
test_invalid_utf8_refused(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	uint32_t nu, np;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor\n"
	    "局机关,,office,\n"
	    "\xd7\xdb\xba\xcf\xbf\xc6,局机关,department,\n"),	/* 综合科 in GBK */
	    write_file(f, 1, "people.csv", "login,name,unit,role,password\n"), &r), -1);
	expect(&r, "units.csv:3: not valid UTF-8 (save the file as UTF-8)");
	import_report_free(&r);
	counts(f, &nu, &np);
	assert_int_equal(nu, 0);
}

/* The people file may not take the supervising role from someone who
 * still supervises a stored unit that the import leaves alone. */
static void
test_kept_supervisor(void **state)
{
	struct fx *f = *state;
	struct import_report r;

	assert_int_equal(import_org(f, write_file(f, 0, "units.csv", units1),
	    write_file(f, 1, "people.csv", people1), &r), 0);
	import_report_free(&r);
	assert_int_equal(import_org(f, NULL, write_file(f, 1, "people.csv",
	    "login,name,unit,role,password\n"
	    "qian,钱芳,局机关,staff,\n"), &r), -1);
	expect(&r, "people.csv:2: \"qian\" supervises 综合科, so the role must stay supervisor or principal");
	import_report_free(&r);
	/* a supervisor named from the people file is checked even when that
	 * person's row has another mistake */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor\n"
	    "业务科,局机关,科室,xu\n"), write_file(f, 1, "people.csv",
	    "login,name,unit,role,password\n"
	    "xu,徐,没有的科,staff,secret1\n"), &r), -1);
	expect(&r, "units.csv:2: supervisor \"xu\" is not a supervising leader");
	expect(&r, "people.csv:2: unit \"没有的科\" does not exist");
	assert_int_equal(r.errors, 2);
	assert_string_equal(r.messages[0], "units.csv:2: supervisor \"xu\" is not a supervising leader");
	import_report_free(&r);
	/* naming a new supervisor for the unit in the same import is fine */
	assert_int_equal(import_org(f, write_file(f, 0, "units.csv",
	    "name,parent,kind,supervisor\n"
	    "综合科,局机关,科室,wang\n"), write_file(f, 1, "people.csv",
	    "login,name,unit,role,password\n"
	    "qian,钱芳,局机关,staff,\n"
	    "wang,王主任,局机关,principal,secret1\n"), &r), 0);
	import_report_free(&r);
	struct user_rec q = user(f, "qian");
	assert_int_equal(q.role, ROLE_STAFF);
	schema_free(&user_rec_desc, &q);
}

/* ---- the calendar and periods ---- */

static int
import_calendar(struct fx *f, const char *path, struct import_report *r)
{
	struct wtx w;
	int rc;

	memset(r, 0, sizeof *r);
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	rc = calendar_import_csv(&w, path, r);
	if (rc == 0)
		assert_int_equal(store_write_commit(&w), 0);
	else
		store_write_abort(&w);
	return rc;
}

static void
load_calendar(struct fx *f, struct calendar *cal)
{
	MDB_txn *txn;

	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(calendar_load(txn, f->fix.st, cal), 0);
	mdb_txn_abort(txn);
}

static void
test_calendar_import(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	struct calendar cal;

	assert_int_equal(import_calendar(f, src_path("schema/calendar-2026.csv"), &r), 0);
	assert_int_equal(r.days, 39);
	assert_int_equal(r.days_removed, 0);
	import_report_free(&r);
	load_calendar(f, &cal);
	assert_int_equal(cal.n, 39);
	for (uint32_t i = 1; i < cal.n; i++)
		assert_true(cal.days[i - 1].date < cal.days[i].date);
	assert_int_equal(cal.days[0].date, 20260101);
	assert_string_equal(cal.days[0].name, "元旦");
	assert_int_equal(calendar_due(&cal, 202602), 20260228);		/* a make-up Saturday */
	assert_int_equal(calendar_due(&cal, 202601), 20260130);
	uint32_t sep = calendar_due(&cal, 202609);
	assert_int_equal(sep, 20260930);
	assert_true(calendar_is_working_day(&cal, sep));
	assert_false(calendar_is_working_day(&cal, 20261001));
	assert_true(calendar_is_working_day(&cal, 20260920));
	calendar_free(&cal);

	struct audit_rec a = last_audit(f);
	assert_string_equal(a.action, "calendar.import");
	assert_string_equal(a.target, "calendar-2026.csv");
	assert_string_equal(a.detail, "39 days written, 0 replaced");
	schema_free(&audit_rec_desc, &a);

	/* a corrected file replaces the year; other years stay */
	struct calendar_day d2027 = { 20270101, CAL_HOLIDAY, "元旦" };
	struct wtx w;
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(calendar_put(&w, &d2027), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(import_calendar(f, write_file(f, 0, "fix.csv",
	    "date,kind,name\n20261001,放假,国庆节\n2026-10-10,上班,国庆节\n"), &r), 0);
	assert_int_equal(r.days, 2);
	assert_int_equal(r.days_removed, 39);
	import_report_free(&r);
	load_calendar(f, &cal);
	assert_int_equal(cal.n, 3);
	assert_int_equal(cal.days[2].date, 20270101);
	assert_int_equal(cal.days[1].kind, CAL_WORKDAY);
	calendar_free(&cal);
}

static void
test_calendar_bad_file(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	struct calendar cal;
	uint64_t audit = f->fix.st->last_audit;

	assert_int_equal(import_calendar(f, write_file(f, 0, "cal.csv",
	    "date,kind,name\n"
	    "2026-10-01,holiday,国庆节\n"	/* 2 good */
	    "2026-02-30,holiday,春节\n"		/* 3 no such day */
	    "2026-10-02,vacation,国庆节\n"	/* 4 bad kind */
	    "2026-10-08,workday,国庆节\n"	/* 5 a Thursday */
	    "2026-10-01,holiday,国庆节\n"	/* 6 twice */
	    "2026-10-03,holiday\n"),		/* 7 column count */
	    &r), -1);
	expect(&r, "cal.csv:3: date \"2026-02-30\" is not a day like 2026-10-01");
	expect(&r, "cal.csv:4: kind \"vacation\" must be holiday, workday, 放假 or 上班");
	expect(&r, "cal.csv:5: 2026-10-08: is a weekday already: a make-up working day (上班) falls on a Saturday or Sunday");
	expect(&r, "cal.csv:6: 2026-10-01 is listed twice");
	expect(&r, "cal.csv:7: 2 fields where the header has 3");
	assert_int_equal(r.errors, 5);
	import_report_free(&r);
	load_calendar(f, &cal);
	assert_int_equal(cal.n, 0);
	calendar_free(&cal);
	assert_int_equal(f->fix.st->last_audit, audit);

	assert_int_equal(import_calendar(f, write_file(f, 0, "cal.csv", "date,kind,name\n# nothing\n"), &r), -1);
	expect(&r, "cal.csv: no days to import");
	import_report_free(&r);
	assert_int_equal(import_calendar(f, write_file(f, 0, "cal.csv",
	    "date,kind,name\n2026-10-01,holiday,\xe5\x9b\xbd\xe5\xba\n"), &r), -1);
	expect(&r, "cal.csv:2: not valid UTF-8 (save the file as UTF-8)");
	import_report_free(&r);
}

static void
test_calendar_put_delete(void **state)
{
	struct fx *f = *state;
	struct calendar_day bad = { 20261008, CAL_WORKDAY, "x" }, good = { 20261011, CAL_WORKDAY, "调休" };
	struct calendar cal;
	struct wtx w;

	assert_non_null(calendar_day_problem(&bad));
	bad = (struct calendar_day){ 20261301, CAL_HOLIDAY, "x" };
	assert_non_null(calendar_day_problem(&bad));
	bad = (struct calendar_day){ 20261001, 3, "x" };
	assert_non_null(calendar_day_problem(&bad));
	assert_null(calendar_day_problem(&good));
	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(calendar_put(&w, &bad), -1);
	assert_int_equal(calendar_put(&w, &good), 0);
	assert_int_equal(store_write_commit(&w), 0);
	struct audit_rec a = last_audit(f);
	assert_string_equal(a.action, "calendar.put");
	assert_string_equal(a.target, "2026-10-11");
	schema_free(&audit_rec_desc, &a);
	load_calendar(f, &cal);
	assert_int_equal(cal.n, 1);
	assert_true(calendar_is_working_day(&cal, 20261011));	/* a Sunday worked */
	calendar_free(&cal);

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(calendar_delete(&w, 20261011), 0);
	assert_int_equal(calendar_delete(&w, 20261011), MDB_NOTFOUND);
	assert_int_equal(store_write_commit(&w), 0);
	a = last_audit(f);
	assert_string_equal(a.action, "calendar.delete");
	schema_free(&audit_rec_desc, &a);
	load_calendar(f, &cal);
	assert_int_equal(cal.n, 0);
	calendar_free(&cal);
}

static void
test_period_lock(void **state)
{
	struct fx *f = *state;
	struct import_report r;
	struct period_rec p;
	struct wtx w;
	MDB_txn *txn;

	assert_int_equal(import_calendar(f, src_path("schema/calendar-2026.csv"), &r), 0);
	import_report_free(&r);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(period_get(txn, f->fix.st, NULL, 202602, &p), 0);
	assert_int_equal(p.first_day, 20260201);
	assert_int_equal(p.last_day, 20260228);
	assert_int_equal(p.due, 20260228);
	assert_false(p.locked);
	assert_int_equal(period_get(txn, f->fix.st, NULL, 202613, &p), -1);
	mdb_txn_abort(txn);

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	w.workstation = "pc-7";
	w.actor = 42;
	assert_int_equal(period_set_lock(&w, 202602, true, 42), 0);
	assert_int_equal(period_set_lock(&w, 202699, true, 42), -1);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(period_get(txn, f->fix.st, NULL, 202602, &p), 0);
	assert_true(p.locked);
	assert_int_equal(p.locked_by, 42);
	assert_true(p.locked_at > 0);
	assert_int_equal(p.due, 20260228);
	assert_int_equal(period_get(txn, f->fix.st, NULL, 202603, &p), 0);
	assert_false(p.locked);			/* only that period */
	mdb_txn_abort(txn);
	struct audit_rec a = last_audit(f);
	assert_string_equal(a.action, "period.lock");
	assert_string_equal(a.target, "period 202602");
	assert_string_equal(a.workstation, "pc-7");
	assert_int_equal(a.user, 42);
	assert_non_null(strstr(a.detail, "2026年2月"));
	schema_free(&audit_rec_desc, &a);

	assert_int_equal(store_write_begin(f->fix.st, &w), 0);
	assert_int_equal(period_set_lock(&w, 202602, false, 0), 0);
	assert_int_equal(store_write_commit(&w), 0);
	assert_int_equal(store_read_begin(f->fix.st, &txn), 0);
	assert_int_equal(period_get(txn, f->fix.st, NULL, 202602, &p), 0);
	assert_false(p.locked);
	mdb_txn_abort(txn);
	a = last_audit(f);
	assert_string_equal(a.action, "period.unlock");
	assert_string_equal(a.workstation, "kaohectl");
	schema_free(&audit_rec_desc, &a);
}

int
main(void)
{
	test_i18n_chinese();	/* the expectations are Chinese */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_csv_syntax_errors),
		cmocka_unit_test(test_csv_encoding),
		cmocka_unit_test(test_report_cap),
		cmocka_unit_test(test_words_in_english),
		cmocka_unit_test_setup_teardown(test_import_example, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reimport_updates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_rows_write_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_headers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quoted_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kept_supervisor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_import, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_bad_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calendar_put_delete, setup, teardown),
		cmocka_unit_test_setup_teardown(test_period_lock, setup, teardown),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
