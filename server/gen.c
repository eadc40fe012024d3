/*
 * gen.c: generated offices at the sizes kaohe must stay fast at (issue 5):
 * up to thousands of units, a million people and ten million daily logs.
 *
 * Units and people go through org_unit_put and store_user_put, and the
 * waiting monthly records through docop_save and docop_act, so they obey
 * every rule.  Daily logs, the bulk, are written straight into `records`,
 * `changes` and `indexes` as logop_put would write them, in transactions of
 * GEN_BATCH entries: ids and seqs ascend in owner order, so records and
 * changes take MDB_APPEND, and the indexes go in three passes (the owners'
 * change chains "C", their days "D", their latest seqs "T"), each in key
 * order, so they append too.  A put that cannot append (a key already
 * beyond it) falls back to an ordinary put.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "auth.h"
#include "calendar.h"
#include "doc-ops.h"
#include "gen.h"
#include "org.h"
#include "progress.h"

#define GEN_BATCH	200000		/* entries per transaction */
#define GEN_UNITS_PER_SUPERVISOR 4

/* ---- words ---- */

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
	"胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
	"邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜",
	"叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭",
	"陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟",
	"熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎",
	"贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔",
};
static const char *const given[] = {
	"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "志强", "海燕",
	"文", "华", "红", "玉兰", "鹏", "辉", "婷", "宇", "浩", "倩", "晨", "欣", "佳", "慧",
	"晓东", "晓红", "国庆", "春梅", "红梅", "建军", "永刚", "丹", "萍", "鑫", "斌", "亮",
	"雪", "琳", "颖", "博", "凯", "帆", "思远", "子涵", "雨欣", "梓萱", "俊杰", "振华",
};
static const char *const bureaus[] = {
	"区发展和改革局", "区财政局", "区人力资源和社会保障局", "区自然资源局", "区住房和城乡建设局",
	"区交通运输局", "区农业农村局", "区商务局", "区文化和旅游局", "区卫生健康委员会",
	"区应急管理局", "区市场监督管理局", "区统计局", "区医疗保障局", "区政务服务管理办公室",
	"区教育局", "区民政局", "区司法局", "区生态环境分局", "区水利局", "区审计局", "区信访局",
	"区退役军人事务局", "区科学技术局", "区机关事务管理局",
};
static const char *const sections[] = {
	"办公室", "综合科", "政策法规科", "计划财务科", "人事科", "业务科", "审批服务科",
	"督查科", "信息科", "监督检查科", "规划科", "项目管理科",
};

/* Daily log phrases: a deed, its object, sometimes how it ended. */
static const char *const duty_verbs[] = {
	"起草", "审核", "修改完善", "整理", "报送", "核对", "办理", "汇总", "撰写", "校对",
};
static const char *const duty_objects[] = {
	"本周工作简报", "年度目标任务推进情况汇报", "专项资金使用情况报告", "群众来信来访件",
	"政务信息", "上月公文归档材料", "基层单位统计报表", "领导讲话稿", "会议纪要",
	"政务公开目录", "重点项目审批材料", "安全生产检查台账", "干部人事档案", "预算调整方案",
	"营商环境问题清单", "“一网通办”事项清单", "年度考核工作方案", "巡察整改落实情况报告",
	"党风廉政建设责任书", "人大代表建议和政协提案答复",
};
static const char *const duty_tails[] = {
	"，报分管领导审核", "，已按时报送", "，退回修改两份", "，均已登记转办", "，形成初稿",
	"，征求各科室意见", "，核实无误后归档", "，对接财政局核实进度", "", "", "",
};
static const char *const meetings[] = {
	"参加局党组会议，做会议记录并形成纪要", "参加全区安全生产工作会议，传达会议精神",
	"组织科室周例会，部署下周重点工作", "参加全区经济运行调度会，汇报本单位进展",
	"参加专题协调会，研究解决项目推进中的问题", "参加机关党支部组织生活会，开展批评与自我批评",
};
static const char *const studies[] = {
	"参加中心组理论学习，学习党的二十大报告", "完成干部网络学院在线课程两门",
	"参加业务培训，学习新修订的行政许可法规", "自学公文写作规范，整理学习笔记",
	"参加保密知识培训并通过测试",
};
static const char *const research[] = {
	"赴街道社区调研基层减负落实情况", "走访辖区企业，了解营商环境意见建议",
	"赴乡镇调研农村人居环境整治进展", "到窗口单位调研群众办事堵点",
};
static const char *const errands[] = {
	"赴市局报送年度考核材料", "赴区档案馆移交到期档案", "陪同上级检查组开展专项检查",
};
static const char *const others[] = {
	"值班，处理突发事项一起并上报", "节假日值班，做好值班记录", "配合做好机关文明创建工作",
};

/* Monthly records (月记实): what was done, the goals, next month. */
static const char *const duties_text[] = {
	"认真履行岗位职责，按时完成公文起草、审核和归档工作，未出现差错。",
	"按要求完成窗口受理和群众来信来访办理，办结率百分之百。",
	"负责科室统计报表的收集汇总，按时报送，数据准确。",
	"参与重点项目审批服务，主动对接企业，协调解决问题三件。",
	"完成本月政务信息报送任务，被区委办采用两篇。",
};
static const char *const goals_text[] = {
	"完成年度目标任务中“一网通办”事项梳理，进度达到计划要求。",
	"牵头完成政务公开目录更新，配合完成专项检查迎检准备。",
	"完成本月学习计划，参加中心组学习两次、网络课程两门。",
	"推进营商环境问题清单整改，已销号十二项，剩余五项正在办理。",
};
static const char *const plans_text[] = {
	"下月重点做好年度总结材料准备，完成档案整理。",
	"继续推进事项标准化工作，完成剩余二十项事项的梳理。",
	"配合做好年度考核准备，按时报送各类材料。",
	"抓好巡察反馈问题整改，按期报送整改落实情况。",
};

/* ---- the generator ---- */

struct gen {
	struct store		*st;
	const struct gen_opts	*o;
	struct calendar		 cal;
	uint64_t		 rnd;
	uint32_t		 today;
	uint64_t		*unit_ids;	/* [0] the root office */
	uint32_t		 nsup;
	uint64_t		*sup_ids;
	uint64_t		*writers;	/* who keeps a daily log, id order */
	uint32_t		 nwriters;
	uint64_t		 t0, shown;
	char			*err;
	size_t			 errlen;
};

static uint32_t
gen_rand(struct gen *g, uint32_t n)
{
	/* xorshift64*: fast, and the same data for the same seed */
	g->rnd ^= g->rnd >> 12;
	g->rnd ^= g->rnd << 25;
	g->rnd ^= g->rnd >> 27;
	return (uint32_t)((g->rnd * 2685821657736338717ull) >> 33) % n;
}

#define PICK(g, a)	((a)[gen_rand(g, nitems(a))])

static int
gen_fail(struct gen *g, const char *what, int rc, const struct codec_error *ce)
{
	snprintf(g->err, g->errlen, "gen: %s: %s", what,
	    rc < 0 && ce != NULL ? ce->message : mdb_strerror(rc));
	return -1;
}

/* One bar a phase (progress.h), drawn only on a terminal. */
static void
progress(struct gen *g, const char *what, uint64_t done, uint64_t total, bool last)
{
	static const char *phase;

	if (g->o->quiet)
		return;
	if (phase == NULL || (phase != what && strcmp(phase, what) != 0)) {
		phase = what;
		progress_begin(strcmp(what, "people") == 0 ? _("gen: people") :
		    strcmp(what, "logs") == 0 ? _("gen: daily logs") :
		    strcmp(what, "days") == 0 ? _("gen: day index") : _("gen: queue"), total, false);
	}
	progress_set(done);
	if (last) {
		progress_end();
		phase = NULL;
	}
}

/* Start a transaction, first growing the map if less than a quarter of it,
 * or 2 GB, is left: a batch of daily logs takes a few hundred MB. */
static int
batch_begin(struct gen *g, struct wtx *w)
{
	MDB_envinfo info;
	MDB_stat ms;

	if (mdb_env_info(g->st->env, &info) == 0 && mdb_env_stat(g->st->env, &ms) == 0) {
		uint64_t used = (uint64_t)(info.me_last_pgno + 1) * ms.ms_psize;
		uint64_t map = info.me_mapsize, room = map / 4 > (2ull << 30) ? map / 4 : 2ull << 30;

		if (map - used < room) {
			int rc = mdb_env_set_mapsize(g->st->env, (size_t)(map * 2));
			if (rc != 0)
				return rc;
		}
	}
	return store_write_begin(g->st, w);
}

static int
put_append(MDB_txn *txn, MDB_dbi dbi, const void *k, size_t klen, const void *v, size_t vlen)
{
	MDB_val kv = { klen, (void *)k }, vv = { vlen, (void *)v };
	int rc = mdb_put(txn, dbi, &kv, &vv, MDB_APPEND);

	if (rc == MDB_KEYEXIST)
		rc = mdb_put(txn, dbi, &kv, &vv, 0);
	return rc;
}

static void
person_name(struct gen *g, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", PICK(g, surnames), PICK(g, given));
}

static int
gen_units(struct gen *g, struct wtx *w)
{
	struct codec_error ce;
	int rc;

	g->unit_ids = xcalloc((size_t)g->o->units + 1, sizeof *g->unit_ids);
	for (uint32_t i = 0; i <= g->o->units; i++) {
		char name[256];
		struct unit_rec u = { .name = name, .kind = i == 0 ? 1 : 2, .position = i,
		    .parent = i == 0 ? 0 : g->unit_ids[0], .category = i == 0 ? NULL : "机关部门" };
		uint32_t k = i - 1, nb = nitems(bureaus), ns = nitems(sections);

		if (i == 0)
			snprintf(name, sizeof name, "区直机关");
		else if (k < nb * ns)
			snprintf(name, sizeof name, "%s%s", bureaus[k / ns], sections[k % ns]);
		else
			snprintf(name, sizeof name, "%s%s（%u）", bureaus[k / ns % nb], sections[k % ns],
			    k / (nb * ns) + 1);
		if ((rc = org_unit_put(w, &u, &ce)) != 0)
			return gen_fail(g, name, rc, &ce);
		g->unit_ids[i] = u.id;
	}
	return 0;
}

static int
add_person(struct gen *g, struct wtx *w, const char *login, uint64_t unit, uint32_t role,
    const char *hash, uint64_t *id)
{
	char name[64];
	struct user_rec u = { .login = (char *)login, .display_name = name, .unit_id = unit,
	    .role = role, .pwhash = (char *)hash };
	int rc;

	person_name(g, name, sizeof name);
	if ((rc = store_user_put(w, &u)) != 0)
		return gen_fail(g, login, rc, NULL);
	*id = u.id;
	if (role == ROLE_STAFF || role == ROLE_DEPT_HEAD)
		g->writers[g->nwriters++] = u.id;
	return 0;
}

/* The root office: an admin, the principal leader, the organisation
 * department and one supervising leader per GEN_UNITS_PER_SUPERVISOR
 * departments; then each department's head and staff, people in blocks. */
static int
gen_people(struct gen *g)
{
	const struct gen_opts *o = g->o;
	char hash[AUTH_HASH_MAX], login[32];
	uint32_t rest, made = 0;
	uint64_t id;
	struct wtx w;
	int rc;

	/* One argon2id hash for everyone: hashing a million passwords would
	 * take hours, and these are test accounts. */
	if (auth_hash(GEN_PASSWORD, hash) != 0) {
		snprintf(g->err, g->errlen, "gen: cannot hash the password: out of memory");
		return -1;
	}
	g->nsup = (o->units + GEN_UNITS_PER_SUPERVISOR - 1) / GEN_UNITS_PER_SUPERVISOR;
	g->sup_ids = xcalloc(g->nsup, sizeof *g->sup_ids);
	g->writers = xcalloc(o->people, sizeof *g->writers);
	rest = o->people - 3 - g->nsup;
	if ((rc = batch_begin(g, &w)) != 0)
		return gen_fail(g, "people", rc, NULL);
	if (gen_units(g, &w) != 0 ||
	    add_person(g, &w, "admin", g->unit_ids[0], ROLE_ADMIN, hash, &id) != 0 ||
	    add_person(g, &w, "leader", g->unit_ids[0], ROLE_PRINCIPAL, hash, &id) != 0 ||
	    add_person(g, &w, "orgdept", g->unit_ids[0], ROLE_ORG_DEPT, hash, &id) != 0)
		goto fail;
	for (uint32_t s = 0; s < g->nsup; s++) {
		snprintf(login, sizeof login, "sup%04u", s + 1);
		if (add_person(g, &w, login, g->unit_ids[0], ROLE_SUPERVISOR, hash, &g->sup_ids[s]) != 0)
			goto fail;
	}
	for (uint32_t u = 0; u < o->units; u++) {
		uint32_t n = rest / o->units + (u < rest % o->units);

		for (uint32_t k = 0; k < n; k++) {
			if (k == 0)
				snprintf(login, sizeof login, "head%05u", u + 1);
			else
				snprintf(login, sizeof login, "u%07u", ++made);
			if (add_person(g, &w, login, g->unit_ids[u + 1],
			    k == 0 ? ROLE_DEPT_HEAD : ROLE_STAFF, hash, &id) != 0)
				goto fail;
			if (made % 50000 == 49999) {
				if ((rc = store_write_commit(&w)) != 0 || (rc = batch_begin(g, &w)) != 0)
					return gen_fail(g, "people", rc, NULL);
			}
			progress(g, "people", g->nwriters + 3 + g->nsup, o->people, false);
		}
	}
	/* The supervising leaders, now that they exist. */
	for (uint32_t u = 0; u < o->units; u++) {
		struct codec_error ce;
		struct unit_rec rec;

		if ((rc = org_unit_get(w.txn, g->st, g->unit_ids[u + 1], &rec)) != 0) {
			gen_fail(g, "unit", rc, NULL);
			goto fail;
		}
		rec.supervisor = g->sup_ids[u / GEN_UNITS_PER_SUPERVISOR];
		rc = org_unit_put(&w, &rec, &ce);
		schema_free(&unit_rec_desc, &rec);
		if (rc != 0) {
			gen_fail(g, "supervisor", rc, &ce);
			goto fail;
		}
	}
	if ((rc = store_write_commit(&w)) != 0)
		return gen_fail(g, "people", rc, NULL);
	progress(g, "people", o->people, o->people, true);
	return 0;
fail:
	store_write_abort(&w);
	return -1;
}

static void
log_text(struct gen *g, uint32_t *category, char *buf, size_t len)
{
	uint32_t r = gen_rand(g, 100);

	if (r < 62) {
		*category = CAT_DUTY;
		snprintf(buf, len, "%s%s%s", PICK(g, duty_verbs), PICK(g, duty_objects), PICK(g, duty_tails));
	} else if (r < 77) {
		*category = CAT_MEETING;
		snprintf(buf, len, "%s", PICK(g, meetings));
	} else if (r < 87) {
		*category = CAT_STUDY;
		snprintf(buf, len, "%s", PICK(g, studies));
	} else if (r < 93) {
		*category = CAT_RESEARCH;
		snprintf(buf, len, "%s", PICK(g, research));
	} else if (r < 97) {
		*category = CAT_ERRAND;
		snprintf(buf, len, "%s", PICK(g, errands));
	} else {
		*category = CAT_OTHER;
		snprintf(buf, len, "%s", PICK(g, others));
	}
}

/* The working days of the last `years` years up to yesterday, ascending,
 * and for each the evening it was written (unix ms). */
static uint32_t *
working_days(struct gen *g, uint32_t *n, uint64_t **at)
{
	uint32_t span = g->o->years * 365, *days = xcalloc(span, sizeof *days);
	uint64_t now = now_ms();

	*at = xcalloc(span, sizeof **at);
	*n = 0;
	for (uint32_t back = span; back >= 1; back--) {
		uint32_t day = day_add(g->today, -(int)back);

		if (calendar_is_working_day(&g->cal, day)) {
			(*at)[*n] = now - (uint64_t)back * 86400000ull;
			days[(*n)++] = day;
		}
	}
	return days;
}

/* Pass 1: entries, changes and each owner's chain of changes ("C"),
 * owner by owner, days ascending.  dates[] keeps each entry's day for the
 * day index of pass 2; first_id[i] and count[i] say which ids are whose. */
static int
gen_log_entries(struct gen *g, uint32_t *dates, uint64_t *first_id, uint32_t *count)
{
	const struct gen_opts *o = g->o;
	uint64_t *at;
	uint32_t ndays, *days = working_days(g, &ndays, &at);
	uint64_t done = 0, uncommitted = 0;
	struct kbuf b = { 0 };
	struct wtx w;
	int rc;

	if (ndays == 0) {
		free(days);
		free(at);
		snprintf(g->err, g->errlen, "gen: no working days in %u years", o->years);
		return -1;
	}
	if ((rc = batch_begin(g, &w)) != 0)
		goto fail_free;
	for (uint32_t i = 0; i < g->nwriters; i++) {
		uint64_t owner = g->writers[i], k = o->logs / g->nwriters + (i < o->logs % g->nwriters);
		uint32_t per_day = (uint32_t)((k + ndays - 1) / ndays), used;
		uint64_t prev = 0, left = k;

		per_day = per_day < 1 ? 1 : per_day;
		used = (uint32_t)((k + per_day - 1) / per_day);
		first_id[i] = w.last_id + 1;
		count[i] = (uint32_t)k;
		for (uint32_t d = ndays - used; d < ndays && left > 0; d++) {
			uint32_t today_n = left < per_day ? (uint32_t)left : per_day, minutes = 480;

			for (uint32_t e = 0; e < today_n; e++) {
				struct log_entry le = { 0 };
				struct change ch = { 0 };
				unsigned char rk[9], sk[8], ck[17], pv[8];
				char text[512];

				le.id = ++w.last_id;
				le.owner = owner;
				le.date = days[d];
				log_text(g, &le.category, text, sizeof text);
				le.content = text;
				le.minutes = e + 1 == today_n ? minutes : 480 / today_n;
				if (le.minutes < 15)
					le.minutes = 15;
				minutes = minutes > le.minutes ? minutes - le.minutes : 0;
				le.overtime = gen_rand(g, 8) == 0 ? 60 + 30 * gen_rand(g, 4) : 0;
				le.updated_at = at[d];
				le.version = 1;
				ch.seq = ++w.seq;
				ch.prev = prev;
				ch.epoch = g->st->epoch;
				ch.kind = CHANGE_PUT;
				ch.user = owner;
				ch.entry = le;
				prev = ch.seq;

				rk[0] = 'L';
				be64_put(rk + 1, le.id);
				b.len = 0;
				codec_encode_record(&log_entry_desc, &le, &b);
				if ((rc = put_append(w.txn, g->st->records, rk, 9, b.data, b.len)) != 0)
					goto fail;
				be64_put(sk, ch.seq);
				b.len = 0;
				codec_encode_record(&change_desc, &ch, &b);
				if ((rc = put_append(w.txn, g->st->changes, sk, 8, b.data, b.len)) != 0)
					goto fail;
				ck[0] = 'C';
				be64_put(ck + 1, owner);
				be64_put(ck + 9, ch.seq);
				be64_put(pv, ch.prev);
				if ((rc = put_append(w.txn, g->st->indexes, ck, 17, pv, 8)) != 0)
					goto fail;
				dates[done++] = le.date;
				left--;
				if (++uncommitted == GEN_BATCH) {
					if ((rc = store_write_commit(&w)) != 0 || (rc = batch_begin(g, &w)) != 0)
						goto fail_free;
					uncommitted = 0;
				}
				progress(g, "logs", done, o->logs, false);
			}
		}
	}
	if ((rc = store_write_commit(&w)) != 0)
		goto fail_free;
	progress(g, "logs", done, o->logs, true);
	kbuf_free(&b);
	free(days);
	free(at);
	return 0;
fail:
	store_write_abort(&w);
fail_free:
	kbuf_free(&b);
	free(days);
	free(at);
	return gen_fail(g, "daily logs", rc, NULL);
}

/* Passes 2 and 3: each owner's days ("D" + owner + date + id), then each
 * owner's latest seq ("T" + owner), both in key order. */
static int
gen_log_indexes(struct gen *g, const uint32_t *dates, const uint64_t *first_id,
    const uint32_t *count)
{
	uint64_t done = 0, uncommitted = 0, seq = 0;
	struct wtx w;
	int rc;

	if ((rc = batch_begin(g, &w)) != 0)
		return gen_fail(g, "day index", rc, NULL);
	for (uint32_t i = 0; i < g->nwriters; i++)
		for (uint32_t j = 0; j < count[i]; j++) {
			unsigned char dk[21];

			dk[0] = 'D';
			be64_put(dk + 1, g->writers[i]);
			be32_put(dk + 9, dates[done]);
			be64_put(dk + 13, first_id[i] + j);
			if ((rc = put_append(w.txn, g->st->indexes, dk, 21, "", 0)) != 0)
				goto fail;
			done++;
			if (++uncommitted == GEN_BATCH * 4) {
				if ((rc = store_write_commit(&w)) != 0 || (rc = batch_begin(g, &w)) != 0)
					return gen_fail(g, "day index", rc, NULL);
				uncommitted = 0;
			}
			progress(g, "days", done, g->o->logs, false);
		}
	/* Seqs were given in the same owner order as ids, from the first. */
	seq = w.seq - done;
	for (uint32_t i = 0; i < g->nwriters; i++) {
		unsigned char tk[9], sv[8];

		seq += count[i];
		if (count[i] == 0)
			continue;
		tk[0] = 'T';
		be64_put(tk + 1, g->writers[i]);
		be64_put(sv, seq);
		if ((rc = put_append(w.txn, g->st->indexes, tk, 9, sv, 8)) != 0)
			goto fail;
	}
	if ((rc = store_write_commit(&w)) != 0)
		return gen_fail(g, "day index", rc, NULL);
	progress(g, "days", done, g->o->logs, true);
	return 0;
fail:
	store_write_abort(&w);
	return gen_fail(g, "day index", rc, NULL);
}

/* Monthly records submitted to the first supervising leader, sup0001: the
 * people of the departments they supervise, last month first and then the
 * months before, until `queue` are waiting; each through docop_save and
 * docop_act as the person would. */
static int
gen_queue(struct gen *g)
{
	uint32_t month = period_prev(period_of_day(PERIOD_MONTH, g->today)), made = 0;
	uint32_t nunits = g->o->units < GEN_UNITS_PER_SUPERVISOR ? g->o->units : GEN_UNITS_PER_SUPERVISOR;
	struct wtx w;
	int rc;

	if (g->o->queue == 0)
		return 0;
	if ((rc = batch_begin(g, &w)) != 0)
		return gen_fail(g, "queue", rc, NULL);
	while (made < g->o->queue) {
		uint32_t before = made;

		for (uint32_t u = 0; u < nunits && made < g->o->queue; u++) {
			uint64_t *ids;
			uint32_t n;

			if ((rc = store_unit_members(w.txn, g->st, g->unit_ids[u + 1], &ids, &n)) != 0)
				goto fail_rc;
			for (uint32_t k = 0; k < n && made < g->o->queue; k++) {
				struct user_rec me;
				struct actor a = { &me, g->today, &g->cal };
				struct doc in = { .kind = DOC_MONTHLY, .subject = ids[k], .period = month }, d;
				struct doc_act_body act = { .action = ACT_SUBMIT, .comment = "", .reason = "" };
				struct codec_error ce;
				struct pubs pubs = { 0 };

				if ((rc = store_user_get(w.txn, g->st, ids[k], &me)) != 0) {
					free(ids);
					goto fail_rc;
				}
				doc_field_set(&in, "duties", PICK(g, duties_text));
				doc_field_set(&in, "goals", PICK(g, goals_text));
				doc_field_set(&in, "plan", PICK(g, plans_text));
				w.actor = me.id;
				rc = docop_save(&w, &a, &in, &d, &pubs, &ce);
				schema_free(&doc_desc, &in);
				pubs_free(&pubs);
				if (rc == 0) {
					act.id = d.id;
					act.version = d.version;
					schema_free(&doc_desc, &d);
					rc = docop_act(&w, &a, &act, &d, &pubs, &ce);
					pubs_free(&pubs);
					if (rc == 0)
						schema_free(&doc_desc, &d);
				}
				schema_free(&user_rec_desc, &me);
				if (rc != 0) {
					free(ids);
					gen_fail(g, "monthly record", rc, &ce);
					goto fail;
				}
				made++;
				progress(g, "queue", made, g->o->queue, false);
			}
			free(ids);
		}
		if (made == before) {
			snprintf(g->err, g->errlen, "gen: sup0001 supervises no one to fill a queue");
			goto fail;
		}
		month = period_prev(month);
		if (made % 5000 < before % 5000 || made - before >= 5000) {
			if ((rc = store_write_commit(&w)) != 0 || (rc = batch_begin(g, &w)) != 0)
				return gen_fail(g, "queue", rc, NULL);
		}
	}
	w.actor = 0;
	if ((rc = store_write_commit(&w)) != 0)
		return gen_fail(g, "queue", rc, NULL);
	progress(g, "queue", made, g->o->queue, true);
	return 0;
fail_rc:
	gen_fail(g, "queue", rc, NULL);
fail:
	store_write_abort(&w);
	return -1;
}

int
gen_fill(struct store *st, const struct gen_opts *o, char *err, size_t errlen)
{
	struct gen g = { .st = st, .o = o, .rnd = o->seed ? o->seed : 20261122,
	    .today = day_today(), .err = err, .errlen = errlen, .t0 = mono_us() };
	uint32_t *dates = NULL, *count = NULL;
	uint64_t *first_id = NULL;
	MDB_txn *txn;
	int rc = -1;

	if (o->units == 0 || o->years == 0 ||
	    (uint64_t)o->people < 3 + (o->units + GEN_UNITS_PER_SUPERVISOR - 1) / GEN_UNITS_PER_SUPERVISOR +
	    (uint64_t)o->units) {
		snprintf(err, errlen, "gen: need at least one unit, one year, and people for the "
		    "leaders (3 + one per %d units) and a head for each unit", GEN_UNITS_PER_SUPERVISOR);
		return -1;
	}
	if (st->last_user != 0 || st->seq != 0) {
		snprintf(err, errlen, "gen: the database must be new and empty");
		return -1;
	}
	if ((rc = store_read_begin(st, &txn)) != 0)
		return gen_fail(&g, "calendar", rc, NULL);
	rc = calendar_load(txn, st, &g.cal);
	mdb_txn_abort(txn);
	if (rc != 0)
		return gen_fail(&g, "calendar", rc, NULL);
	/* Durability at the end only: a failed run leaves a database to
	 * delete, not one to trust. */
	mdb_env_set_flags(st->env, MDB_NOSYNC, 1);
	rc = -1;
	if (gen_people(&g) != 0)
		goto out;
	dates = xcalloc(o->logs ? o->logs : 1, sizeof *dates);
	first_id = xcalloc(g.nwriters ? g.nwriters : 1, sizeof *first_id);
	count = xcalloc(g.nwriters ? g.nwriters : 1, sizeof *count);
	g.t0 = mono_us();
	if (o->logs > 0 && g.nwriters > 0 &&
	    (gen_log_entries(&g, dates, first_id, count) != 0 ||
	    gen_log_indexes(&g, dates, first_id, count) != 0))
		goto out;
	g.t0 = mono_us();
	if (gen_queue(&g) != 0)
		goto out;
	mdb_env_set_flags(st->env, MDB_NOSYNC, 0);
	if ((rc = mdb_env_sync(st->env, 1)) != 0) {
		gen_fail(&g, "sync", rc, NULL);
		rc = -1;
	}
out:
	free(dates);
	free(first_id);
	free(count);
	free(g.unit_ids);
	free(g.sup_ids);
	free(g.writers);
	calendar_free(&g.cal);
	return rc;
}
