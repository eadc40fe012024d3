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
 *
 * And under hanjiang-2015 (one score by the leading group; annual result =
 * 40% routine + 60% year-end; 优秀 held to 15%), the last half-year and
 * the year it belongs to, so that 排名 shows an annual result:
 *   张三 half 91.00 优秀, year 93.00: 36.40 + 55.80 = 92.20 优秀
 *   王五 half 88.00, year 96.00: 35.20 + 57.60 = 92.80, but never 优秀 in a
 *        routine period: 称职, and why
 *   李四 half 79.00 基本称职, year 95.00: 31.60 + 57.00 = 88.60 称职
 *   吴红 half 93.00, year 85.00: 37.20 + 51.00 = 88.20 称职
 *   周杰 half 90.00, year 88.00: 36.00 + 52.80 = 88.80 称职
 *   陈静 half 85.00, year 85.00: 85.00 称职
 *   刘洋 half 70.00, year 75.00: 28.00 + 45.00 = 73.00 基本称职
 * 7 assessed, 15% of 7 = 1.05: one 优秀 allowed, one held.
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

#define ANNUAL_PLAN "hanjiang-2015"

static const struct {
	const char	*subject;
	uint32_t	 half, year;
} annual[] = {
	{ "zhangsan", 9100, 9300 }, { "wangwu", 8800, 9600 }, { "lisi", 7900, 9500 },
	{ "wuhong", 9300, 8500 }, { "zhoujie", 9000, 8800 }, { "chenjing", 8500, 8500 },
	{ "liuyang", 7000, 7500 },
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

/* One score, as kaohed takes it from rater. */
static int
demo_score(struct wtx *w, const struct calendar *cal, const char *plan, uint32_t period,
    const char *rater_login, const char *subject_login, const char *part, uint32_t score,
    uint64_t reqid, char *err, size_t errlen)
{
	struct user_rec rater, subject;
	struct pubs pubs = { 0 };
	struct codec_error ce;
	bool anonymous;
	int rc;

	if (user_id(w, rater_login, &rater) == 0 || user_id(w, subject_login, &subject) == 0) {
		snprintf(err, errlen, "demo score: no user %s or %s", rater_login, subject_login);
		return -1;
	}
	struct actor a = { &rater, day_today(), cal };
	struct score_put_body in = { .plan = (char *)plan, .period = period, .subject = subject.id,
	    .part = (char *)part, .score = score };
	w->actor = rater.id;
	rc = scoreop_put(w, &a, &in, reqid, &anonymous, &pubs, &ce);
	pubs_free(&pubs);
	schema_free(&user_rec_desc, &rater);
	schema_free(&user_rec_desc, &subject);
	if (rc != 0) {
		snprintf(err, errlen, "demo score refused: %s", rc < 0 ? ce.message : mdb_strerror(rc));
		return -1;
	}
	return 0;
}

/* hanjiang-2015's last half-year and its year, when the plan is there. */
static int
demo_annual(struct wtx *w, const struct calendar *cal, char *err, size_t errlen)
{
	uint32_t half = period_prev(period_of_day(PERIOD_HALF, day_today()));
	uint32_t year = period_make(PERIOD_YEAR, (int)(half / 100), 0);
	struct plan plan;

	if (plan_store_get(w->txn, w->st, ANNUAL_PLAN, 0, &plan) != 0)
		return 0;
	schema_free(&plan_desc, &plan);
	for (size_t i = 0; i < nitems(annual); i++)
		if (demo_score(w, cal, ANNUAL_PLAN, half, "admin", annual[i].subject, "halfyear",
		    annual[i].half, 2000 + i, err, errlen) != 0 ||
		    demo_score(w, cal, ANNUAL_PLAN, year, "admin", annual[i].subject, "halfyear",
		    annual[i].year, 2100 + i, err, errlen) != 0)
			return -1;
	return 0;
}

int
demo_scores(struct wtx *w, const struct calendar *cal, char *err, size_t errlen)
{
	uint32_t period = period_prev(period_of_day(PERIOD_QUARTER, day_today()));
	struct codec_error ce;
	struct plan plan;
	int rc;

	if (demo_annual(w, cal, err, errlen) != 0)
		return -1;
	/* Only when the plan was imported (kaohectl init --plans). */
	if (plan_store_get(w->txn, w->st, DEMO_PLAN, 0, &plan) != 0)
		return 0;
	schema_free(&plan_desc, &plan);
	for (size_t i = 0; i < nitems(scores); i++)
		if (demo_score(w, cal, DEMO_PLAN, period, scores[i].rater, scores[i].subject,
		    scores[i].part, scores[i].score, 1000 + i, err, errlen) != 0)
			return -1;
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
