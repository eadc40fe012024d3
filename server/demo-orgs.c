/*
 * demo-orgs.c: the demo's organisations scored against a rubric, entered
 * through the same functions kaohed uses, as the users who would enter
 * them, so the audit log and the rules are the same.  Only when the plans
 * were imported (kaohectl init --plans).
 *
 * wenzhou-rubric, this year (its cycle is annual; 13 items: 1.1-1.4 of 5,
 * 2.1 of 10, 2.2 and 2.3 of 5, 3.1 3.2 3.4 3.5 of 10, 3.3 of 15, 3.6 of 5):
 *   综合科 (周杰) self-checks every item, full but 1.1 4 and 3.3 14:
 *     19 + 20 + 59 = 98.00 >= 90, and applies; 何军 finds 1.1
 *     study-missed-session x2 (4.00) and 3.3 study-days-short x1 (5.00):
 *     1.1 5 - 4 = 1, 3.3 15 - 5 = 10; 16 + 20 + 55 = 91.00, 二等
 *     ([91, 96)), and checks it: rank 1, the only checked sheet.
 *   业务科 (吴红) self-checks every item, full but 1.1 3, 1.3 4, 2.1 8,
 *     3.3 12, 3.5 7: 17 + 18 + 54 = 89.00, below 90, so it cannot apply;
 *     何军 finds 3.5 life-meeting-missed x1 (2.00): 100 - 2 = 98.00, not
 *     checked.
 *   人事科 (郑丽) self-checks section 1 only: 5 + 5 + 5 + 4 = 19.00,
 *     incomplete.
 *   区农业农村局 has no head: the admin enters 1.1 5 and 1.2 5 = 10.00.
 *   Notices (何军): to 综合科 on its 1.1 finding, answered by 周杰; to
 *   业务科 on its 3.5 finding, open.  Both due 30 days from today.
 *
 * community-checklist, this month: 何军 draws under 城关区委 with seed
 * 2011: ceil(20% of 3 towns) = 1, 河口镇; ceil(20% of its 3 villages) = 1,
 * 河口社区; then one 机关部门, 站所 and 学校 under the county: 区农业农村局
 * (the only one), 城关镇农技站, 城关镇中心小学.  He checks 河口社区 with one
 * line not met (1.3, 一个文体活动场地) and marks it checked.
 */
#include <stdio.h>
#include <string.h>

#include "common/period.h"
#include "common/util.h"
#include "demo.h"
#include "org.h"
#include "plan-store.h"
#include "rubric-ops.h"

#define RUBRIC_PLAN	"wenzhou-rubric"
#define CHECKLIST_PLAN	"community-checklist"
#define DRAW_SEED	2011
#define NOTICE_DAYS	30

/* Self-checks (hundredths); an item not listed is not self-checked. */
static const struct demo_self {
	const char	*unit, *login, *item;
	uint32_t	 self;
} selfs[] = {
	{ "综合科", "zhoujie", "1.1", 400 }, { "综合科", "zhoujie", "1.2", 500 },
	{ "综合科", "zhoujie", "1.3", 500 }, { "综合科", "zhoujie", "1.4", 500 },
	{ "综合科", "zhoujie", "2.1", 1000 }, { "综合科", "zhoujie", "2.2", 500 },
	{ "综合科", "zhoujie", "2.3", 500 }, { "综合科", "zhoujie", "3.1", 1000 },
	{ "综合科", "zhoujie", "3.2", 1000 }, { "综合科", "zhoujie", "3.3", 1400 },
	{ "综合科", "zhoujie", "3.4", 1000 }, { "综合科", "zhoujie", "3.5", 1000 },
	{ "综合科", "zhoujie", "3.6", 500 },
	{ "业务科", "wuhong", "1.1", 300 }, { "业务科", "wuhong", "1.2", 500 },
	{ "业务科", "wuhong", "1.3", 400 }, { "业务科", "wuhong", "1.4", 500 },
	{ "业务科", "wuhong", "2.1", 800 }, { "业务科", "wuhong", "2.2", 500 },
	{ "业务科", "wuhong", "2.3", 500 }, { "业务科", "wuhong", "3.1", 1000 },
	{ "业务科", "wuhong", "3.2", 1000 }, { "业务科", "wuhong", "3.3", 1200 },
	{ "业务科", "wuhong", "3.4", 1000 }, { "业务科", "wuhong", "3.5", 700 },
	{ "业务科", "wuhong", "3.6", 500 },
	{ "人事科", "zhengli", "1.1", 500 }, { "人事科", "zhengli", "1.2", 500 },
	{ "人事科", "zhengli", "1.3", 500 }, { "人事科", "zhengli", "1.4", 400 },
	{ "区农业农村局", "admin", "1.1", 500 }, { "区农业农村局", "admin", "1.2", 500 },
};

/* 何军's findings; `notice` a rectification notice on it, answered when
 * `answer` is set. */
static const struct demo_finding {
	const char	*plan, *unit, *item, *rule;
	uint32_t	 count;
	const char	*evidence, *notice, *answer;
} findings[] = {
	{ RUBRIC_PLAN, "综合科", "1.1", "study-missed-session", 2,
	  "查阅中心组学习记录簿：全年集中学习4次，少于规定的6次，缺2次",
	  "中心组集中学习次数不足：补齐集中学习，完善学习考勤和记录",
	  "已于本月补开两次中心组集中学习，考勤表和学习记录已归档" },
	{ RUBRIC_PLAN, "综合科", "3.3", "study-days-short", 1,
	  "查阅党员学习台账：全年集中学习11天，未达到12天，差1天", NULL, NULL },
	{ RUBRIC_PLAN, "业务科", "3.5", "life-meeting-missed", 1,
	  "查阅支部组织生活会记录：全年召开11次，少于12次",
	  "支部组织生活会少开一次：制定补课计划，按月召开并留存记录", NULL },
	{ CHECKLIST_PLAN, "河口社区", "1.3", "", 1,
	  "实地查看：辖区文体活动场地被临时停车占用，篮球架损坏未修", NULL, NULL },
};

struct demo_orgs {
	struct wtx		*w;
	const struct calendar	*cal;
	struct unit_rec		*units;
	uint32_t		 nunits;
	char			*err;
	size_t			 errlen;
};

static uint64_t
unit_id(const struct demo_orgs *d, const char *name)
{
	for (uint32_t i = 0; i < d->nunits; i++)
		if (strcmp(d->units[i].name, name) == 0)
			return d->units[i].id;
	return 0;
}

/* One write of the demo, as kaohed would take it: which, its body, and
 * the id a new finding or notice was given. */
struct demo_req {
	enum { REQ_SELF, REQ_FINDING, REQ_ACT, REQ_RECTIFY, REQ_DRAW } kind;
	union {
		struct self_put_body	 self;
		struct finding_put_body	 finding;
		struct rubric_act_body	 act;
		struct rectify_act_body	 rectify;
		struct sample_draw_body	 draw;
	} in;
	uint64_t	 id;
};

static int
req_run(struct wtx *w, const struct actor *a, struct demo_req *q, struct pubs *pubs,
    struct codec_error *err)
{
	struct sample_rec s;
	int rc;

	switch (q->kind) {
	case REQ_SELF:
		return rubricop_self_put(w, a, &q->in.self, pubs, err);
	case REQ_FINDING:
		return rubricop_finding_put(w, a, &q->in.finding, &q->id, pubs, err);
	case REQ_ACT:
		return rubricop_act(w, a, &q->in.act, pubs, err);
	case REQ_RECTIFY:
		return rubricop_rectify(w, a, &q->in.rectify, &q->id, pubs, err);
	default:
		if ((rc = rubricop_draw(w, a, &q->in.draw, &s, err)) == 0)
			schema_free(&sample_rec_desc, &s);
		return rc;
	}
}

/* Run one write as `login`, in the demo's transaction. */
static int
as_user(struct demo_orgs *d, const char *login, struct demo_req *q, const char *what)
{
	struct pubs pubs = { 0 };
	struct codec_error ce;
	struct user_rec u;
	int rc;

	if (store_user_by_login(d->w->txn, d->w->st, login, &u) != 0) {
		snprintf(d->err, d->errlen, "demo %s: no user %s", what, login);
		return -1;
	}
	struct actor a = { &u, day_today(), d->cal };
	d->w->actor = u.id;
	rc = req_run(d->w, &a, q, &pubs, &ce);
	d->w->actor = 0;
	pubs_free(&pubs);
	schema_free(&user_rec_desc, &u);
	if (rc != 0) {
		snprintf(d->err, d->errlen, "demo %s refused: %s", what,
		    rc < 0 ? ce.message : mdb_strerror(rc));
		return -1;
	}
	return 0;
}

/* A plan's period: this year for wenzhou-rubric, this month for the
 * checklist's monthly spot checks. */
static uint32_t
period_for(const char *plan)
{
	return period_of_day(strcmp(plan, RUBRIC_PLAN) == 0 ? PERIOD_YEAR : PERIOD_MONTH,
	    day_today());
}

static int
sheet_act(struct demo_orgs *d, const char *login, const char *plan, const char *unit,
    uint32_t action)
{
	struct demo_req q = { REQ_ACT, .in.act = { .session = "", .plan = (char *)plan,
	    .period = period_for(plan), .unit_id = unit_id(d, unit), .action = action } };

	return as_user(d, login, &q, "rubric step");
}

static int
demo_findings(struct demo_orgs *d)
{
	for (size_t i = 0; i < nitems(findings); i++) {
		const struct demo_finding *f = &findings[i];
		struct demo_req fq = { REQ_FINDING, .in.finding = { .session = "",
		    .plan = (char *)f->plan, .period = period_for(f->plan),
		    .unit_id = unit_id(d, f->unit), .finding = { .item = (char *)f->item,
		    .rule = (char *)f->rule, .count = f->count, .evidence = (char *)f->evidence } } };

		if (as_user(d, "hejun", &fq, "finding") != 0)
			return -1;
		if (f->notice == NULL)
			continue;
		struct demo_req nq = { REQ_RECTIFY, .in.rectify = { .session = "",
		    .action = RECTIFY_ISSUE, .notice = { .plan = (char *)f->plan,
		    .period = period_for(f->plan), .unit_id = fq.in.finding.unit_id,
		    .item = (char *)f->item, .finding = fq.id, .problem = (char *)f->notice,
		    .deadline = day_add(day_today(), NOTICE_DAYS), .response = "", .review = "" } } };
		if (as_user(d, "hejun", &nq, "notice") != 0)
			return -1;
		if (f->answer == NULL)
			continue;
		struct demo_req aq = { REQ_RECTIFY, .in.rectify = { .session = "",
		    .action = RECTIFY_ANSWER, .notice = { .id = nq.id, .plan = "", .item = "",
		    .problem = "", .response = (char *)f->answer, .review = "" } } };
		if (as_user(d, "zhoujie", &aq, "notice answer") != 0)
			return -1;
	}
	return 0;
}

static int
demo_rubric(struct demo_orgs *d)
{
	for (size_t i = 0; i < nitems(selfs); i++) {
		struct demo_req q = { REQ_SELF, .in.self = { .session = "", .plan = RUBRIC_PLAN,
		    .period = period_for(RUBRIC_PLAN), .unit_id = unit_id(d, selfs[i].unit),
		    .item = (char *)selfs[i].item, .self = selfs[i].self } };

		if (as_user(d, selfs[i].login, &q, "self-check") != 0)
			return -1;
	}
	struct demo_req sd = { REQ_DRAW, .in.draw = { .session = "", .plan = CHECKLIST_PLAN,
	    .period = period_for(CHECKLIST_PLAN), .unit_id = unit_id(d, "城关区委"),
	    .seed = DRAW_SEED } };
	if (sheet_act(d, "zhoujie", RUBRIC_PLAN, "综合科", RUBRIC_APPLY) != 0 ||
	    as_user(d, "hejun", &sd, "spot-check draw") != 0 ||
	    demo_findings(d) != 0 ||
	    sheet_act(d, "hejun", RUBRIC_PLAN, "综合科", RUBRIC_CHECK) != 0 ||
	    sheet_act(d, "hejun", CHECKLIST_PLAN, "河口社区", RUBRIC_CHECK) != 0)
		return -1;
	return 0;
}

int
demo_orgs(struct wtx *w, const struct calendar *cal, char *err, size_t errlen)
{
	struct demo_orgs d = { .w = w, .cal = cal, .err = err, .errlen = errlen };
	struct plan p;
	int rc;

	if (plan_store_get(w->txn, w->st, RUBRIC_PLAN, 0, &p) != 0)
		return 0;
	schema_free(&plan_desc, &p);
	if (plan_store_get(w->txn, w->st, CHECKLIST_PLAN, 0, &p) != 0)
		return 0;
	schema_free(&plan_desc, &p);
	if (org_units_load(w->txn, w->st, &d.units, &d.nunits) != 0) {
		snprintf(err, errlen, "demo organisations: cannot read the units");
		return -1;
	}
	rc = demo_rubric(&d);
	schema_free_array(&unit_rec_desc, d.units, d.nunits);
	return rc;
}
