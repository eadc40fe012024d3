/*
 * demo-scores.c: the demo office's middle managers (the three department
 * heads) scored last quarter under the shipped plan yongqiao-2015 (seed
 * 000: work 40%, principal 30%, leadership 10%, peers 20%), through the same
 * functions kaohed uses; this quarter is left for the demo's users to
 * score.  The plan, like its seed, sets no quota on 优秀.
 *
 * By hand (hundredths):
 *   周杰 work 85 + a city and a provincial commendation of the same work
 *        (counted once, +5) = 90; principal 90; leadership 88; peers 80, 85,
 *        90, 86 (mean 85.25): 36 + 27 + 8.8 + 17.05 = 88.85, 称职
 *   吴红 work 92; principal 93; leadership 91; peers 90, 92, 88, 95 (91.25):
 *        36.8 + 27.9 + 9.1 + 18.25 = 92.05, 优秀
 *   郑丽 work 78 - a district criticism 1 = 77; principal 80; leadership 82;
 *        peers 80, 78, 83 (80.33): 30.8 + 24 + 8.2 + 16.066 = 79.07 (79.066
 *        rounded half up), 基本称职
 */
#include <stdio.h>
#include <string.h>

#include "common/period.h"
#include "common/util.h"
#include "calendar.h"
#include "demo.h"
#include "plan-store.h"
#include "score-ops.h"

#define DEMO_PLAN "yongqiao-2015"

struct demo_score {
	const char	*subject;
	const char	*part;
	const char	*rater;
	uint32_t	 score;
};

static const struct demo_score scores[] = {
	{ "zhoujie", "work", "admin", 8500 },
	{ "zhoujie", "principal", "zhaoguo", 9000 },
	{ "zhoujie", "leadership", "lihua", 8800 },
	{ "zhoujie", "democratic", "zhangsan", 8000 },
	{ "zhoujie", "democratic", "lisi", 8500 },
	{ "zhoujie", "democratic", "wangwu", 9000 },
	{ "zhoujie", "democratic", "chenjing", 8600 },
	{ "wuhong", "work", "admin", 9200 },
	{ "wuhong", "principal", "zhaoguo", 9300 },
	{ "wuhong", "leadership", "lihua", 9100 },
	{ "wuhong", "democratic", "zhangsan", 9000 },
	{ "wuhong", "democratic", "chenjing", 9200 },
	{ "wuhong", "democratic", "liuyang", 8800 },
	{ "wuhong", "democratic", "yangfan", 9500 },
	{ "zhengli", "work", "admin", 7800 },
	{ "zhengli", "principal", "zhaoguo", 8000 },
	{ "zhengli", "leadership", "lihua", 8200 },
	{ "zhengli", "democratic", "huanglei", 8000 },
	{ "zhengli", "democratic", "zhouxin", 7800 },
	{ "zhengli", "democratic", "xuli", 8300 },
};

static const struct {
	const char	*subject, *work, *level, *note;
	bool		 criticism;
} commendations[] = {
	{ "zhoujie", "政务服务“一网通办”改革", "city", "市政府通报表扬", false },
	{ "zhoujie", "政务服务“一网通办”改革", "province", "省政务服务办表彰", false },
	{ "zhengli", "人事档案专项审核", "district", "区委组织部通报批评", true },
};

static uint64_t
user_id(struct wtx *w, const char *login, struct user_rec *u)
{
	if (store_user_by_login(w->txn, w->st, login, u) != 0)
		return 0;
	return u->id;
}

int
demo_scores(struct wtx *w, const struct calendar *cal, char *err, size_t errlen)
{
	uint32_t period = period_prev(period_of_day(PERIOD_QUARTER, day_today()));
	struct codec_error ce;
	struct plan plan;
	int rc;

	/* Only when the plan was imported (kaohectl init --plans). */
	if (plan_store_get(w->txn, w->st, DEMO_PLAN, 0, &plan) != 0)
		return 0;
	schema_free(&plan_desc, &plan);
	for (size_t i = 0; i < nitems(scores); i++) {
		struct user_rec rater, subject;
		struct pubs pubs = { 0 };
		bool anonymous;

		if (user_id(w, scores[i].rater, &rater) == 0 ||
		    user_id(w, scores[i].subject, &subject) == 0) {
			snprintf(err, errlen, "demo score: no user %s or %s", scores[i].rater,
			    scores[i].subject);
			return -1;
		}
		struct actor a = { &rater, day_today(), cal };
		struct score_put_body in = { .plan = DEMO_PLAN, .period = period,
		    .subject = subject.id, .part = (char *)scores[i].part, .score = scores[i].score };
		w->actor = rater.id;
		rc = scoreop_put(w, &a, &in, 1000 + i, &anonymous, &pubs, &ce);
		pubs_free(&pubs);
		schema_free(&user_rec_desc, &rater);
		schema_free(&user_rec_desc, &subject);
		if (rc != 0) {
			snprintf(err, errlen, "demo score refused: %s", rc < 0 ? ce.message : mdb_strerror(rc));
			return -1;
		}
	}
	for (size_t i = 0; i < nitems(commendations); i++) {
		struct user_rec admin, subject;
		struct pubs pubs = { 0 };
		uint64_t id;

		if (user_id(w, "admin", &admin) == 0 || user_id(w, commendations[i].subject, &subject) == 0) {
			snprintf(err, errlen, "demo commendation: no user");
			return -1;
		}
		struct actor a = { &admin, day_today(), cal };
		struct commendation_rec in = { .plan = DEMO_PLAN, .period = period, .subject = subject.id,
		    .work = (char *)commendations[i].work, .level = (char *)commendations[i].level,
		    .criticism = commendations[i].criticism, .note = (char *)commendations[i].note };
		w->actor = admin.id;
		rc = scoreop_commend_put(w, &a, &in, &id, &pubs, &ce);
		pubs_free(&pubs);
		schema_free(&user_rec_desc, &admin);
		schema_free(&user_rec_desc, &subject);
		if (rc != 0) {
			snprintf(err, errlen, "demo commendation refused: %s", rc < 0 ? ce.message : mdb_strerror(rc));
			return -1;
		}
	}
	w->actor = 0;
	return 0;
}
