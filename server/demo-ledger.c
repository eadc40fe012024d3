/*
 * demo-ledger.c: the demo office's points ledgers: three months of
 * 党员先锋指数 entries for the staff and 党代表考核积分 for the two
 * delegates among them (张三, 陈静), entered by the admin through the same
 * function kaohed uses, dated days before today so that the current
 * quarter has some and the months before it others.  Only when the ledgers
 * were imported (kaohectl init --plans, or --ledgers).
 */
#include <stdio.h>
#include <string.h>

#include "common/ledger.h"
#include "common/util.h"
#include "demo.h"
#include "ledger-ops.h"

static const struct demo_points {
	const char	*ledger, *person, *item;	/* item "" for a free entry */
	int		 days_ago;
	uint32_t	 points;			/* a free entry's */
	bool		 deduct;
	const char	*reason;
} entries[] = {
	{ "delegate", "zhangsan", "visit", 2, 0, false, "走访东关社区三户居民" },
	{ "delegate", "zhangsan", "report", 9, 0, false, "报送老旧小区加装电梯民情" },
	{ "delegate", "zhangsan", "reception", 33, 0, false, "工作室接待日接待群众五人" },
	{ "delegate", "zhangsan", "visit", 38, 0, false, "走访困难户两户" },
	{ "delegate", "zhangsan", "report-missed", 64, 0, false, "当月未报送民情信息" },
	{ "delegate", "chenjing", "visit", 4, 0, false, "走访辖区个体工商户" },
	{ "delegate", "chenjing", "proposal", 12, 0, false, "提出延长政务大厅午间服务的建议" },
	{ "delegate", "chenjing", "reception-missed", 40, 0, false, "接待日未到岗" },
	{ "delegate", "chenjing", "", 70, 150, false, "协调解决群众办证难问题" },
	{ "pioneer", "zhangsan", "public-welfare", 6, 0, false, "参加社区义务植树" },
	{ "pioneer", "lisi", "service-post", 8, 0, false, "认领社区便民服务岗" },
	{ "pioneer", "lisi", "study", 20, 0, false, "参加机关夜校专题讲座" },
	{ "pioneer", "wangwu", "proposal", 15, 0, false, "提出窗口叫号优化建议" },
	{ "pioneer", "liuyang", "help-pair", 25, 0, false, "与困难党员结成帮扶对子" },
	{ "pioneer", "liuyang", "study", 45, 0, false, "参加集中学习" },
	{ "pioneer", "yangfan", "community-report", 30, 0, false, "到居住地社区报到" },
	{ "pioneer", "maqiang", "study", 50, 0, false, "参加党风廉政专题讲座" },
	{ "pioneer", "huanglei", "public-welfare", 11, 0, false, "参加无偿献血" },
	{ "pioneer", "zhouxin", "", 18, 100, true, "无故缺席集中学习" },
	{ "pioneer", "xuli", "rural-pair", 60, 0, false, "与农村党员结对共建" },
};

/* An entry's points: the item's, or the free entry's own. */
static const struct ledger_item *
item_of(const struct ledger_def *defs, uint32_t n, const struct demo_points *p)
{
	return p->item[0] != '\0' ? ledger_item_find(ledger_def_find(defs, n, p->ledger), p->item) : NULL;
}

int
demo_ledgers(struct wtx *w, const struct calendar *cal, char *err, size_t errlen)
{
	struct ledger_def *defs = NULL;
	struct user_rec admin, who;
	struct codec_error ce;
	uint32_t ndefs = 0;
	int rc = 0;

	if (ledgerop_defs(w->txn, w->st, &defs, &ndefs) != 0 || ndefs == 0) {
		schema_free_array(&ledger_def_desc, defs, ndefs);
		return 0;
	}
	if (store_user_by_login(w->txn, w->st, "admin", &admin) != 0) {
		schema_free_array(&ledger_def_desc, defs, ndefs);
		snprintf(err, errlen, "demo ledger: no admin");
		return -1;
	}
	struct actor a = { &admin, day_today(), cal };
	for (size_t i = 0; i < nitems(entries) && rc == 0; i++) {
		const struct demo_points *p = &entries[i];
		const struct ledger_item *it = item_of(defs, ndefs, p);
		struct pubs pubs = { 0 };
		uint64_t id;

		if (store_user_by_login(w->txn, w->st, p->person, &who) != 0) {
			snprintf(err, errlen, "demo ledger: no user %s", p->person);
			rc = -1;
			break;
		}
		struct ledger_rec e = { .ledger = (char *)p->ledger, .person = who.id,
		    .date = day_add(day_today(), -p->days_ago), .points = it ? it->points : p->points,
		    .deduct = it ? it->deduct : p->deduct, .item = (char *)p->item,
		    .reason = (char *)p->reason };
		w->actor = admin.id;
		if ((rc = ledgerop_put(w, &a, &e, &id, &pubs, &ce)) != 0)
			snprintf(err, errlen, "demo ledger entry refused: %s",
			    rc < 0 ? ce.message : mdb_strerror(rc));
		pubs_free(&pubs);
		schema_free(&user_rec_desc, &who);
	}
	w->actor = 0;
	schema_free(&user_rec_desc, &admin);
	schema_free_array(&ledger_def_desc, defs, ndefs);
	return rc != 0 ? -1 : 0;
}
