/*
 * demo.c: the demo office that `kaohectl init DIR --demo` creates: four
 * departments, twenty people in every role of DOMAIN.md, and four weeks of
 * daily logs in Chinese; and a small county tree of towns, communities and
 * villages for the organisation plans.  Every demo password is "demo123".
 */
#include <stdio.h>
#include <string.h>

#include "common/domain.h"
#include "common/util.h"
#include "auth.h"
#include "demo.h"
#include "calendar.h"
#include "log-ops.h"
#include "org.h"

/* The office and its departments; supervisors are named by login.  The
 * departments are 机关部门, the category wenzhou-rubric assesses.  A second
 * tree, 城关区委 with its towns (乡镇) and their communities and villages,
 * one 站所, one 学校 and one more 机关部门, gives community-checklist's
 * spot checks and the ranking by category something to work on; no one
 * works there, so the office's people and scores are as before. */
static const struct demo_unit {
	const char	*name;
	const char	*parent;
	uint32_t	 kind;
	const char	*supervisor;
	const char	*category;
} units[] = {
	{ "区政务服务管理办公室", NULL, 1, NULL, NULL },
	{ "综合科", "区政务服务管理办公室", 2, "qianfang", "机关部门" },
	{ "业务科", "区政务服务管理办公室", 2, "qianfang", "机关部门" },
	{ "人事科", "区政务服务管理办公室", 2, "sunwei", "机关部门" },
	{ "城关区委", NULL, 1, NULL, NULL },
	{ "区农业农村局", "城关区委", 2, NULL, "机关部门" },
	{ "城关镇", "城关区委", 2, NULL, "乡镇" },
	{ "东街社区", "城关镇", 2, NULL, "社区" },
	{ "西街社区", "城关镇", 2, NULL, "社区" },
	{ "南关村", "城关镇", 2, NULL, "村" },
	{ "城关镇农技站", "城关镇", 2, NULL, "站所" },
	{ "城关镇中心小学", "城关镇", 2, NULL, "学校" },
	{ "河口镇", "城关区委", 2, NULL, "乡镇" },
	{ "河口社区", "河口镇", 2, NULL, "社区" },
	{ "柳林村", "河口镇", 2, NULL, "村" },
	{ "杨庄村", "河口镇", 2, NULL, "村" },
	{ "石桥乡", "城关区委", 2, NULL, "乡镇" },
	{ "石桥社区", "石桥乡", 2, NULL, "社区" },
	{ "大王村", "石桥乡", 2, NULL, "村" },
};

static const struct demo_person {
	const char	*login, *name, *unit;
	uint32_t	 role;
} people[] = {
	{ "admin", "周敏", "区政务服务管理办公室", ROLE_ADMIN },
	{ "zhaoguo", "赵国强", "区政务服务管理办公室", ROLE_PRINCIPAL },
	{ "qianfang", "钱芳", "区政务服务管理办公室", ROLE_SUPERVISOR },
	{ "sunwei", "孙伟", "区政务服务管理办公室", ROLE_SUPERVISOR },
	{ "lihua", "李华", "区政务服务管理办公室", ROLE_LEADER_MEMBER },
	{ "zhoujie", "周杰", "综合科", ROLE_DEPT_HEAD },
	{ "wuhong", "吴红", "业务科", ROLE_DEPT_HEAD },
	{ "zhengli", "郑丽", "人事科", ROLE_DEPT_HEAD },
	{ "zhangsan", "张三", "综合科", ROLE_STAFF },
	{ "lisi", "李四", "综合科", ROLE_STAFF },
	{ "wangwu", "王五", "综合科", ROLE_STAFF },
	{ "chenjing", "陈静", "业务科", ROLE_STAFF },
	{ "liuyang", "刘洋", "业务科", ROLE_STAFF },
	{ "yangfan", "杨帆", "业务科", ROLE_STAFF },
	{ "maqiang", "马强", "业务科", ROLE_STAFF },
	{ "huanglei", "黄磊", "人事科", ROLE_STAFF },
	{ "zhouxin", "周欣", "人事科", ROLE_STAFF },
	{ "xuli", "徐丽", "人事科", ROLE_STAFF },
	{ "hejun", "何军", "区政务服务管理办公室", ROLE_INSPECTOR },
	{ "luomin", "罗敏", "区政务服务管理办公室", ROLE_ORG_DEPT },
};

static const struct demo_work {
	uint32_t	 category;
	const char	*text;
} work[] = {
	{ CAT_DUTY, "起草本周工作简报，报分管领导审核" },
	{ CAT_DUTY, "办理群众来信来访三件，均已登记转办" },
	{ CAT_DUTY, "整理上月公文归档，核对文号与附件" },
	{ CAT_DUTY, "审核基层单位报送的统计报表，退回修改两份" },
	{ CAT_DUTY, "撰写年度目标任务推进情况汇报材料" },
	{ CAT_DUTY, "对接财政局，核实专项经费拨付进度" },
	{ CAT_DUTY, "修改完善政务公开目录，更新网站栏目" },
	{ CAT_MEETING, "参加局党组会议，做会议记录并形成纪要" },
	{ CAT_MEETING, "参加全区安全生产工作会议，传达会议精神" },
	{ CAT_MEETING, "组织科室周例会，部署下周重点工作" },
	{ CAT_STUDY, "参加中心组理论学习，学习党的二十大报告" },
	{ CAT_STUDY, "完成干部网络学院在线课程两门" },
	{ CAT_RESEARCH, "赴街道社区调研基层减负落实情况" },
	{ CAT_RESEARCH, "走访辖区企业，了解营商环境意见建议" },
	{ CAT_ERRAND, "赴市局报送年度考核材料" },
	{ CAT_OTHER, "值班，处理突发事项一起并上报" },
};

static uint64_t
demo_unit_id(const char *name, const uint64_t *unit_ids)
{
	for (size_t i = 0; i < nitems(units); i++)
		if (strcmp(units[i].name, name) == 0)
			return unit_ids[i];
	return 0;
}

struct demo {
	struct wtx	 w;
	struct calendar	 cal;
	uint64_t	 ids[nitems(people)];
	uint64_t	 unit_ids[nitems(units)];
	char		*err;
	size_t		 errlen;
};

static int
refused(struct demo *d, const char *what, int rc, const struct codec_error *ce)
{
	snprintf(d->err, d->errlen, "demo %s refused: %s", what,
	    rc < 0 && ce != NULL ? ce->message : mdb_strerror(rc));
	return -1;
}

static int
demo_units(struct demo *d)
{
	struct codec_error ce;
	int rc;

	for (size_t i = 0; i < nitems(units); i++) {
		struct unit_rec u = { .name = (char *)units[i].name, .kind = units[i].kind,
		    .position = (uint32_t)i, .category = (char *)units[i].category };

		for (size_t j = 0; j < i; j++)
			if (units[i].parent != NULL && strcmp(units[j].name, units[i].parent) == 0)
				u.parent = d->unit_ids[j];
		if ((rc = org_unit_put(&d->w, &u, &ce)) != 0)
			return refused(d, units[i].name, rc, &ce);
		d->unit_ids[i] = u.id;
	}
	return 0;
}

static int
demo_people(struct demo *d)
{
	int rc;

	for (size_t i = 0; i < nitems(people); i++) {
		char hash[AUTH_HASH_MAX];
		struct user_rec u = {
			.login = (char *)people[i].login,
			.display_name = (char *)people[i].name,
			.unit_id = demo_unit_id(people[i].unit, d->unit_ids),
			.role = people[i].role,
			.pwhash = hash,
		};

		if (auth_hash(DEMO_PASSWORD, hash) != 0) {
			snprintf(d->err, d->errlen, "cannot hash the demo password: out of memory");
			return -1;
		}
		if ((rc = store_user_put(&d->w, &u)) != 0)
			return refused(d, people[i].login, rc, NULL);
		d->ids[i] = u.id;
	}
	/* Supervisors, now that they exist. */
	for (size_t i = 0; i < nitems(units); i++) {
		struct codec_error ce;
		struct unit_rec u;

		if (units[i].supervisor == NULL)
			continue;
		if ((rc = org_unit_get(d->w.txn, d->w.st, d->unit_ids[i], &u)) != 0)
			return refused(d, units[i].name, rc, NULL);
		for (size_t j = 0; j < nitems(people); j++)
			if (strcmp(people[j].login, units[i].supervisor) == 0)
				u.supervisor = d->ids[j];
		rc = org_unit_put(&d->w, &u, &ce);
		schema_free(&unit_rec_desc, &u);
		if (rc != 0)
			return refused(d, "supervisor", rc, &ce);
	}
	return 0;
}

/* Thirteen weeks of working days for everyone who keeps a daily log. */
static int
demo_logs(struct demo *d)
{
	uint32_t today = day_today(), rnd = 20261122;
	int rc;

	for (int back = 90; back >= 0; back--) {
		uint32_t day = day_add(today, -back);

		if (!calendar_is_working_day(&d->cal, day))
			continue;
		for (size_t i = 0; i < nitems(people); i++) {
			uint32_t role = people[i].role, left = 480;
			size_t first;
			int n;

			if (role != ROLE_STAFF && role != ROLE_DEPT_HEAD)
				continue;
			if (back == 0 && i % 3 != 0)
				continue;	/* today: some have not written yet */
			rnd = rnd * 1103515245u + 12345u;
			n = 1 + (int)((rnd >> 16) % 3);
			first = (rnd >> 8) % nitems(work);
			for (int k = 0; k < n; k++) {
				/* distinct tasks within a day */
				const struct demo_work *wk = &work[(first + (size_t)k * 5) % nitems(work)];
				struct log_entry e = { 0 }, out;
				struct codec_error ce;
				struct change ch;

				rnd = rnd * 1103515245u + 12345u;
				e.date = day;
				e.category = wk->category;
				e.content = (char *)wk->text;
				e.minutes = k == n - 1 ? left : 60 * (1 + (rnd >> 20) % 3);
				if (e.minutes > left)
					e.minutes = left;
				left -= e.minutes;
				e.overtime = ((rnd >> 24) % 5 == 0) ? 90 : 0;
				if (e.minutes == 0 && e.overtime == 0)
					continue;
				if ((rc = logop_put(&d->w, d->ids[i], &e, today, &out, &ch, &ce)) != 0)
					return refused(d, "log entry", rc, &ce);
				schema_free(&log_entry_desc, &out);
				schema_free(&change_desc, &ch);
			}
		}
	}
	return 0;
}

int
demo_fill(struct store *st, char *err, size_t errlen)
{
	struct demo d = { .err = err, .errlen = errlen };
	int rc;

	if ((rc = store_write_begin(st, &d.w)) != 0) {
		snprintf(err, errlen, "cannot write the demo office: %s", mdb_strerror(rc));
		return -1;
	}
	if ((rc = calendar_load(d.w.txn, st, &d.cal)) != 0) {
		store_write_abort(&d.w);
		snprintf(err, errlen, "cannot read the calendar: %s", mdb_strerror(rc));
		return -1;
	}
	rc = demo_units(&d) != 0 || demo_people(&d) != 0 || demo_logs(&d) != 0 ||
	    demo_cycle(&d.w, err, errlen) != 0 || demo_scores(&d.w, &d.cal, err, errlen) != 0 ||
	    demo_ledgers(&d.w, &d.cal, err, errlen) != 0 || demo_orgs(&d.w, &d.cal, err, errlen) != 0;
	calendar_free(&d.cal);
	if (rc != 0) {
		store_write_abort(&d.w);
		return -1;
	}
	if ((rc = store_write_commit(&d.w)) != 0) {
		snprintf(err, errlen, "cannot write the demo office: %s", mdb_strerror(rc));
		return -1;
	}
	return 0;
}

void
demo_print_logins(FILE *f)
{
	fprintf(f, "demo accounts (password %s):\n", DEMO_PASSWORD);
	for (size_t i = 0; i < nitems(people); i++)
		fprintf(f, "  %-10s %s  %s  %s\n", people[i].login, people[i].name,
		    people[i].unit, role_name(people[i].role));
}
