/*
 * demo-cycle.c: a quarter and more of the assessment cycle for the demo
 * office, made through the same workflow functions the server uses, so the
 * demo obeys every rule: monthly records in every state (filed, returned,
 * waiting, drafts, one overdue), the last quarter's summaries filed and its
 * evaluations signed and published, an admonishment talk waiting, and this
 * quarter's first summaries in draft.  Dates are relative to today.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/util.h"
#include "calendar.h"
#include "demo.h"
#include "doc-ops.h"
#include "org.h"

struct cycle {
	struct wtx	*w;
	struct calendar	 cal;
	uint32_t	 today;
	char		*err;
	size_t		 errlen;
};

static const char *const duties[] = {
	"认真履行岗位职责，按时完成公文起草、审核和归档工作，未出现差错。",
	"按要求完成窗口受理和群众来信来访办理，办结率百分之百。",
	"负责科室统计报表的收集汇总，按时报送，数据准确。",
	"参与重点项目审批服务，主动对接企业，协调解决问题三件。",
};
static const char *const goals[] = {
	"完成年度目标任务中“一网通办”事项梳理，进度达到计划要求。",
	"牵头完成政务公开目录更新，配合完成专项检查迎检准备。",
	"完成本月学习计划，参加中心组学习两次、网络课程两门。",
};
static const char *const plans[] = {
	"下月重点做好年度总结材料准备，完成档案整理。",
	"继续推进事项标准化工作，完成剩余二十项事项的梳理。",
	"配合做好年度考核准备，按时报送各类材料。",
};

static int
fail(struct cycle *c, const char *what, const struct codec_error *ce, int rc)
{
	snprintf(c->err, c->errlen, "demo %s refused: %s", what,
	    rc < 0 ? ce->message : mdb_strerror(rc));
	return -1;
}

static int
load_user(struct cycle *c, const char *login, struct user_rec *u)
{
	int rc = store_user_by_login(c->w->txn, c->w->st, login, u);

	if (rc != 0)
		snprintf(c->err, c->errlen, "demo user %s: %s", login, mdb_strerror(rc));
	return rc == 0 ? 0 : -1;
}

/* Act on a record as `who`; the record is replaced by the result. */
static int
act(struct cycle *c, const struct user_rec *who, struct doc *d, uint32_t action,
    const char *comment, const char *reason, uint32_t grade)
{
	struct actor a = { who, c->today, &c->cal };
	struct doc_act_body b = { .id = d->id, .version = d->version, .action = action,
	    .comment = (char *)(comment ? comment : ""), .reason = (char *)(reason ? reason : ""),
	    .grade = grade };
	struct codec_error ce;
	struct pubs pubs = { 0 };
	struct doc out;
	int rc;

	c->w->actor = who->id;
	rc = docop_act(c->w, &a, &b, &out, &pubs, &ce);
	pubs_free(&pubs);
	if (rc != 0)
		return fail(c, doc_action_name(action), &ce, rc);
	schema_free(&doc_desc, d);
	*d = out;
	return 0;
}

static int
save(struct cycle *c, const struct user_rec *who, uint32_t kind, uint64_t subject,
    uint32_t period, unsigned seed, struct doc *out)
{
	struct actor a = { who, c->today, &c->cal };
	struct doc in = { .kind = kind, .subject = subject, .period = period };
	struct codec_error ce;
	struct pubs pubs = { 0 };
	int rc;

	if (kind == DOC_MONTHLY) {
		doc_field_set(&in, "duties", duties[seed % nitems(duties)]);
		doc_field_set(&in, "goals", goals[seed % nitems(goals)]);
		doc_field_set(&in, "plan", plans[seed % nitems(plans)]);
	} else if (kind == DOC_QUARTERLY) {
		doc_field_set(&in, "performance", "能够认真履行岗位职责，工作主动，服从安排，完成了本季度各项工作。");
		doc_field_set(&in, "tasks", "本季度承担的目标任务基本完成，其中重点任务按期完成。");
		doc_field_set(&in, "attendance", seed % 5 == 0 ? "病假两天，其余全勤。" : "全勤。");
		if (seed % 4 == 1) {
			in.unfinished = xcalloc(1, sizeof *in.unfinished);
			in.unfinished[0].task = xstrdup("事项标准化梳理");
			in.unfinished[0].explanation = xstrdup("上级部门标准调整，需待新标准下发后继续，已列入下季度计划。");
			in.unfinished_n = 1;
		}
	}
	c->w->actor = who->id;
	rc = docop_save(c->w, &a, &in, out, &pubs, &ce);
	pubs_free(&pubs);
	schema_free(&doc_desc, &in);
	return rc != 0 ? fail(c, "save", &ce, rc) : 0;
}

/* Who writes records in the demo, and how their months went. */
static const struct {
	const char	*login;
	const char	*last_month;	/* filed, returned, submitted, draft */
	const char	*this_month;	/* none, draft, submitted */
	uint32_t	 grade;		/* last quarter */
} cast[] = {
	{ "zhoujie", "filed", "none", GRADE_EXCELLENT },
	{ "wuhong", "filed", "submitted", GRADE_COMPETENT },
	{ "zhengli", "filed", "none", GRADE_COMPETENT },
	{ "zhangsan", "filed", "draft", GRADE_EXCELLENT },
	{ "lisi", "returned", "none", GRADE_COMPETENT },
	{ "wangwu", "draft", "none", GRADE_COMPETENT },
	{ "chenjing", "submitted", "none", GRADE_COMPETENT },
	{ "liuyang", "submitted", "none", GRADE_COMPETENT },
	{ "yangfan", "filed", "none", GRADE_COMPETENT },
	{ "maqiang", "filed", "none", GRADE_BASIC },
	{ "huanglei", "filed", "submitted", GRADE_COMPETENT },
	{ "zhouxin", "filed", "none", GRADE_COMPETENT },
	{ "xuli", "filed", "none", GRADE_INCOMPETENT },
	/* the supervising leaders answer to the principal leader */
	{ "qianfang", "filed", "draft", GRADE_EXCELLENT },
	{ "sunwei", "filed", "none", GRADE_COMPETENT },
};

static int
one_person(struct cycle *c, size_t i, uint32_t m1, uint32_t pq)
{
	struct user_rec me, rev, head;
	struct doc d;
	uint32_t months[3];
	int rc = -1;

	if (load_user(c, cast[i].login, &me) != 0)
		return -1;
	uint64_t rid = org_reviewer_of(c->w->txn, c->w->st, &me);
	if (store_user_get(c->w->txn, c->w->st, rid, &rev) != 0) {
		snprintf(c->err, c->errlen, "demo: no reviewer for %s", cast[i].login);
		schema_free(&user_rec_desc, &me);
		return -1;
	}
	memset(&head, 0, sizeof head);
	uint64_t hid = org_unit_head(c->w->txn, c->w->st, me.unit_id);

	/* Two months back and three months back: filed. */
	months[0] = period_prev(period_prev(m1));
	months[1] = period_prev(m1);
	months[2] = m1;
	for (int k = 0; k < 2; k++) {
		if (save(c, &me, DOC_MONTHLY, me.id, months[k], (unsigned)(i + k), &d) != 0 ||
		    act(c, &me, &d, ACT_SUBMIT, NULL, NULL, 0) != 0 ||
		    act(c, &rev, &d, ACT_FILE, "工作扎实，完成情况较好，望继续保持。", NULL, 0) != 0)
			goto out;
		schema_free(&doc_desc, &d);
	}
	/* Last month, as the cast says. */
	if (save(c, &me, DOC_MONTHLY, me.id, m1, (unsigned)i + 2, &d) != 0)
		goto out;
	if (strcmp(cast[i].last_month, "draft") != 0 && act(c, &me, &d, ACT_SUBMIT, NULL, NULL, 0) != 0)
		goto out_doc;
	if (strcmp(cast[i].last_month, "filed") == 0 &&
	    act(c, &rev, &d, ACT_FILE, "按计划完成各项工作，请注意总结经验。", NULL, 0) != 0)
		goto out_doc;
	if (strcmp(cast[i].last_month, "returned") == 0 &&
	    act(c, &rev, &d, ACT_RETURN, NULL, "目标任务完成情况请补充具体数据和进度。", 0) != 0)
		goto out_doc;
	schema_free(&doc_desc, &d);
	/* This month. */
	if (strcmp(cast[i].this_month, "none") != 0) {
		uint32_t m0 = period_next(m1);

		if (save(c, &me, DOC_MONTHLY, me.id, m0, (unsigned)i + 3, &d) != 0)
			goto out;
		if (strcmp(cast[i].this_month, "submitted") == 0 &&
		    act(c, &me, &d, ACT_SUBMIT, NULL, NULL, 0) != 0)
			goto out_doc;
		schema_free(&doc_desc, &d);
	}
	/* Last quarter: the head's summary, filed; the evaluation, signed. */
	if (hid != 0 && hid != me.id) {
		if (store_user_get(c->w->txn, c->w->st, hid, &head) != 0)
			goto out;
		if (save(c, &head, DOC_QUARTERLY, me.id, pq, (unsigned)i, &d) != 0 ||
		    act(c, &head, &d, ACT_SUBMIT, NULL, NULL, 0) != 0 ||
		    act(c, &rev, &d, ACT_FILE, "", NULL, 0) != 0)
			goto out;
		schema_free(&doc_desc, &d);
	}
	if (save(c, &rev, DOC_EVALUATION, me.id, pq, (unsigned)i, &d) != 0 ||
	    act(c, &rev, &d, ACT_SIGN, cast[i].grade == GRADE_EXCELLENT ?
	    "工作成绩突出，群众评价好，评为优秀。" : cast[i].grade == GRADE_INCOMPETENT ?
	    "多项工作未按期完成，经提醒仍未改进，评为不称职，须进行诫勉谈话。" : cast[i].grade == GRADE_BASIC ?
	    "工作质量有待提高，个别任务拖延，评为基本称职。" :
	    "能够完成本职工作，评为称职。", NULL, cast[i].grade) != 0)
		goto out;
	rc = 0;
out_doc:
	schema_free(&doc_desc, &d);
out:
	schema_free(&user_rec_desc, &head);
	schema_free(&user_rec_desc, &rev);
	schema_free(&user_rec_desc, &me);
	return rc;
}

int
demo_cycle(struct wtx *w, char *err, size_t errlen)
{
	struct cycle c = { .w = w, .today = day_today(), .err = err, .errlen = errlen };
	struct user_rec admin, head;
	struct unit_rec root;
	struct codec_error ce;
	struct pubs pubs = { 0 };
	struct doc d;
	uint32_t m0, m1, pq, count;
	int rc;

	if ((rc = calendar_load(w->txn, w->st, &c.cal)) != 0)
		return fail(&c, "calendar", &ce, rc);
	m0 = period_of_day(PERIOD_MONTH, c.today);
	m1 = period_prev(m0);
	pq = period_prev(period_of_day(PERIOD_QUARTER, c.today));
	for (size_t i = 0; i < nitems(cast); i++)
		if (one_person(&c, i, m1, pq) != 0)
			goto fail;
	/* The admin publishes last quarter's results for the office. */
	if (load_user(&c, "admin", &admin) != 0)
		goto fail;
	if ((rc = org_unit_by_name(w->txn, w->st, "区政务服务管理办公室", &root)) != 0) {
		schema_free(&user_rec_desc, &admin);
		fail(&c, "office", &ce, rc);
		goto fail;
	}
	struct actor a = { &admin, c.today, &c.cal };
	w->actor = admin.id;
	rc = docop_publish(w, &a, root.id, pq, &count, &pubs, &ce);
	pubs_free(&pubs);
	schema_free(&unit_rec_desc, &root);
	schema_free(&user_rec_desc, &admin);
	if (rc != 0) {
		fail(&c, "publish", &ce, rc);
		goto fail;
	}
	/* This quarter: the first summary in draft. */
	if (load_user(&c, "zhoujie", &head) != 0)
		goto fail;
	struct user_rec zs;
	if (load_user(&c, "zhangsan", &zs) != 0) {
		schema_free(&user_rec_desc, &head);
		goto fail;
	}
	rc = save(&c, &head, DOC_QUARTERLY, zs.id, period_of_day(PERIOD_QUARTER, c.today), 3, &d);
	schema_free(&user_rec_desc, &zs);
	schema_free(&user_rec_desc, &head);
	if (rc != 0)
		goto fail;
	schema_free(&doc_desc, &d);
	w->actor = 0;
	calendar_free(&c.cal);
	return 0;
fail:
	w->actor = 0;
	calendar_free(&c.cal);
	return -1;
}
