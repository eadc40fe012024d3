/*
 * test-orgs-ui.c: the pure helpers of the client's 党建 screen
 * (client/client-orgs.c): rank labels with ties, deadlines as typed, which
 * notices are overdue and the order notices are listed in, and what a
 * finding deducts before the item's floor.  Expectations are worked out
 * from DOMAIN.md and the seeds by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/i18n.h"
#include "common/schema.h"
#include "client/client-orgs.h"

static void
test_rank_label(void **state)
{
	char buf[32];

	(void)state;
	orgs_rank_label(1, false, true, buf, sizeof buf);
	assert_string_equal(buf, "1");
	orgs_rank_label(2, true, true, buf, sizeof buf);
	assert_string_equal(buf, "2 tied");
	/* an unchecked sheet is not ranked, whatever the number says */
	orgs_rank_label(3, false, false, buf, sizeof buf);
	assert_string_equal(buf, "—");
	orgs_rank_label(0, false, true, buf, sizeof buf);
	assert_string_equal(buf, "—");
}

static void
test_date_parse(void **state)
{
	uint32_t d = 0;

	(void)state;
	assert_int_equal(orgs_date_parse("2026-12-31", &d), 0);
	assert_int_equal(d, 20261231);
	assert_int_equal(orgs_date_parse("20270105", &d), 0);
	assert_int_equal(d, 20270105);
	/* 2028 is a leap year, 2026 and 2100 are not */
	assert_int_equal(orgs_date_parse("2028-02-29", &d), 0);
	assert_int_equal(orgs_date_parse("2026-02-29", &d), -1);
	assert_int_equal(orgs_date_parse("2026-04-31", &d), -1);
	assert_int_equal(orgs_date_parse("2026-13-01", &d), -1);
	assert_int_equal(orgs_date_parse("2026-00-10", &d), -1);
	/* half typed, or something else */
	assert_int_equal(orgs_date_parse("2026-12-3", &d), -1);
	assert_int_equal(orgs_date_parse("2026-12-3x", &d), -1);
	assert_int_equal(orgs_date_parse("", &d), -1);
	assert_int_equal(orgs_date_parse("2026/12/31", &d), -1);
	assert_int_equal(orgs_date_parse("1999-12-31", &d), -1);
	assert_int_equal(d, 20280229);

	char buf[16];
	orgs_date_fmt(20261231, buf, sizeof buf);
	assert_string_equal(buf, "2026-12-31");
	orgs_date_fmt(0, buf, sizeof buf);
	assert_string_equal(buf, "—");
}

static void
test_notice_order(void **state)
{
	/* today 2026-12-10 */
	struct rectify_rec ns[] = {
		{ .id = 1, .state = 3, .deadline = 20261101 },	/* closed, long past */
		{ .id = 2, .state = 2, .deadline = 20261201 },	/* answered, past */
		{ .id = 3, .state = 1, .deadline = 20261220 },	/* open */
		{ .id = 4, .state = 4, .deadline = 20261205 },	/* sent back, overdue */
		{ .id = 5, .state = 1, .deadline = 20261209 },	/* open, overdue */
		{ .id = 6, .state = 1, .deadline = 20261210 },	/* due today: not overdue */
	};
	size_t idx[6];

	(void)state;
	assert_false(orgs_notice_overdue(&ns[0], 20261210));
	assert_false(orgs_notice_overdue(&ns[1], 20261210));
	assert_true(orgs_notice_overdue(&ns[3], 20261210));
	assert_true(orgs_notice_overdue(&ns[4], 20261210));
	assert_false(orgs_notice_overdue(&ns[5], 20261210));
	orgs_notice_order(ns, 6, 20261210, idx);
	/* overdue by deadline (4, 5), open by deadline (6, 3), answered,
	 * closed */
	assert_int_equal(ns[idx[0]].id, 4);
	assert_int_equal(ns[idx[1]].id, 5);
	assert_int_equal(ns[idx[2]].id, 6);
	assert_int_equal(ns[idx[3]].id, 3);
	assert_int_equal(ns[idx[4]].id, 2);
	assert_int_equal(ns[idx[5]].id, 1);
	assert_string_equal(orgs_notice_state(4), "re-check");
	assert_string_equal(orgs_notice_state(3), "closed");
}

/* The same words in Chinese, from the catalogue beside the test (skipped
 * where the zh_CN locale is not installed). */
static void
test_chinese(void **state)
{
	char buf[32];

	(void)state;
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	i18n_init();
	if (!i18n_chinese())
		skip();
	orgs_rank_label(2, true, true, buf, sizeof buf);
	assert_string_equal(buf, "2并列");
	assert_string_equal(orgs_notice_state(4), "复查");
	assert_string_equal(orgs_notice_state(3), "已销号");
	setenv("LC_ALL", "C.UTF-8", 1);
	i18n_init();
}

static void
test_finding_points(void **state)
{
	/* seed 004 1.1: 中心组集中学习缺一次扣2分; 年初无计划扣2分 (once) */
	struct rubric_rule per = { .key = "study-missed-session", .points = 200, .unit = "次" };
	struct rubric_rule once = { .key = "study-no-plan", .points = 200, .once = true };

	(void)state;
	assert_int_equal(orgs_finding_points(&per, 1), 200);
	assert_int_equal(orgs_finding_points(&per, 3), 600);
	assert_int_equal(orgs_finding_points(&once, 3), 200);
	/* never past the schema's bound, however many */
	per.points = 100000;
	assert_int_equal(orgs_finding_points(&per, 1000), 1000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank_label),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_notice_order),
		cmocka_unit_test(test_finding_points),
		cmocka_unit_test(test_chinese),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
