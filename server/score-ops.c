/*
 * score-ops.c: scoring people against a plan (see score-ops.h), the writes
 * that feed a sheet: the plan version and period, who may score which
 * part, named scores, anonymous votes, commendations and criticisms.  The
 * sheets themselves, rankings, quotas and publishing are score-sheets.c's;
 * the keys are in score-int.h.
 *
 * Secrecy of an anonymous part.  What a vote leaves behind:
 * - the tally (sum, count): the votes' total, no rater, no time;
 * - a marker, BLAKE2b keyed with peer_secret of (voter, plan, period,
 *   subject, part): it stops a second vote; it is a random-looking key,
 *   so the order of the markers says nothing of the order of the votes,
 *   and its value is a keyed hash of the marker and the request id, which
 *   lets a retry of the same vote be told from a second vote;
 * - an audit line naming the subject and the part only, as user 0 from
 *   no workstation, with no seq;
 * - the sheet's change, as user 0, reaching those who may see the sheet
 *   (never the voter as such);
 * - no reply memo (server-handlers.c): a memo keeps (voter, request id,
 *   time, seq), which would pair the voter with the tally's change.
 * Whoever holds the database can, with peer_secret, learn whether a given
 * person voted on a given sheet, never how.  docs/plans.md says what is
 * left: the tallies' changes come in order, so a vote whose moment is
 * known from outside (someone watching) shows by the difference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "calendar.h"
#include "org.h"
#include "plan-store.h"
#include "score-int.h"
#include "score-ops.h"

#define MARKER_LEN		32
#define RETRY_TAG_LEN		16
#define SECRET_LEN		32
#define COMMENDATIONS_MAX	32	/* per person and period: sheet_row.commendations */

/* ---- errors ---- */

int
sc_refuse(struct codec_error *err, int code, const char *field, const char *message)
{
	err->code = code;
	strlcpy_kh(err->field, field, sizeof err->field);
	strlcpy_kh(err->message, message, sizeof err->message);
	/* a cut may fall inside a character: keep the message UTF-8 */
	for (size_t n = strlen(err->message); n > 0 && !utf8_valid(err->message, n); n--)
		err->message[n - 1] = '\0';
	return -1;
}

int
sc_storage(struct codec_error *err, int rc)
{
	err->code = KH_ERR_STORAGE;
	err->field[0] = '\0';
	snprintf(err->message, sizeof err->message,
	    _("Could not write to the database: %s"), mdb_strerror(rc));
	return rc;
}

/* ---- keys ---- */

static void
sc_key_need(const struct sc_key *k, size_t more)
{
	if (k->n + more > sizeof k->b)
		fatal("score key too long");
}

void
sc_key_str(struct sc_key *k, const char *s)
{
	size_t n = strlen(s);

	sc_key_need(k, n + 1);
	memcpy(k->b + k->n, s, n + 1);	/* with its NUL */
	k->n += n + 1;
}

void
sc_key_u32(struct sc_key *k, uint32_t v)
{
	sc_key_need(k, 4);
	be32_put(k->b + k->n, v);
	k->n += 4;
}

void
sc_key_u64(struct sc_key *k, uint64_t v)
{
	sc_key_need(k, 8);
	be64_put(k->b + k->n, v);
	k->n += 8;
}

/* prefix + plan + NUL + period: every key of this module starts so. */
void
sc_key_start(struct sc_key *k, char prefix, const char *plan, uint32_t period)
{
	k->b[0] = (unsigned char)prefix;
	k->n = 1;
	sc_key_str(k, plan);
	sc_key_u32(k, period);
}

MDB_val
sc_key_val(struct sc_key *k)
{
	return (MDB_val){ k->n, k->b };
}

typedef int (*scan_fn)(const MDB_val *k, const MDB_val *v, void *arg);

/* Call fn on every key of dbi that starts with prefix, in key order. */
static int
scan_prefix(MDB_txn *txn, MDB_dbi dbi, const struct sc_key *prefix, scan_fn fn, void *arg)
{
	MDB_cursor *c;
	MDB_val k = { prefix->n, (void *)prefix->b }, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, dbi, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size >= prefix->n && memcmp(k.mv_data, prefix->b, prefix->n) == 0) {
		if ((rc = fn(&k, &v, arg)) != 0)
			break;
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Decoded records into a growing array. */
struct collect {
	const struct record_desc *desc;
	void		*items;
	uint32_t	 n;
};

static int
collect_rec(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct collect *c = arg;
	struct codec_error err;
	void *rec;

	(void)k;
	c->items = xrealloc(c->items, (c->n + 1) * c->desc->size);
	rec = (char *)c->items + c->n * c->desc->size;
	memset(rec, 0, c->desc->size);
	if (codec_decode_record(c->desc, v->mv_data, v->mv_size, rec, &err) != 0)
		return MDB_CORRUPTED;
	c->n++;
	return 0;
}

int
sc_load_prefix(MDB_txn *txn, MDB_dbi dbi, const struct sc_key *prefix, const struct record_desc *desc,
    void **items, uint32_t *n)
{
	struct collect c = { desc, NULL, 0 };
	int rc = scan_prefix(txn, dbi, prefix, collect_rec, &c);

	if (rc != 0) {
		schema_free_array(desc, c.items, c.n);
		c.items = NULL;
		c.n = 0;
	}
	*items = c.items;
	*n = c.n;
	return rc;
}

/* A person's named scores of a period, every part. */
int
sc_named_load(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t subject,
    struct named_score **out, uint32_t *n)
{
	struct sc_key k;

	sc_key_start(&k, 'J', plan, period);
	sc_key_u64(&k, subject);
	return sc_load_prefix(txn, st->records, &k, &named_score_desc, (void **)out, n);
}

int
sc_commend_load(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t subject,
    struct commendation_rec **out, uint32_t *n)
{
	struct sc_key k;

	sc_key_start(&k, 'K', plan, period);
	sc_key_u64(&k, subject);
	return sc_load_prefix(txn, st->records, &k, &commendation_rec_desc, (void **)out, n);
}

static void
tally_key(struct sc_key *k, const char *plan, uint32_t period, uint64_t subject, const char *part)
{
	sc_key_start(k, 'A', plan, period);
	sc_key_u64(k, subject);
	sc_key_str(k, part);
}

void
sc_sheet_key(struct sc_key *k, const char *plan, uint32_t period, uint64_t subject)
{
	sc_key_start(k, 'H', plan, period);
	sc_key_u64(k, subject);
}

int
scoreop_plan_in_use(MDB_txn *txn, struct store *st, const char *plan, uint32_t period,
    uint32_t *version)
{
	struct plan_use u;
	struct sc_key k;
	int rc;

	*version = 0;
	if (strlen(plan) == 0 || strlen(plan) > PLAN_KEY_MAX)
		return MDB_NOTFOUND;
	sc_key_start(&k, 'G', plan, period);
	if ((rc = store_get_rec(txn, st->records, k.b, k.n, &plan_use_desc, &u)) != 0)
		return rc;
	*version = u.version;
	schema_free(&plan_use_desc, &u);
	return 0;
}

/* ---- the plan, the period, the person ---- */

/* The plan for (key, period): the version in use, else the latest; a plan
 * about `subject` (PLAN_PEOPLE or PLAN_ORGANISATIONS) only. */
int
sc_plan_open_for(MDB_txn *txn, struct store *st, const char *key, uint32_t period,
    uint32_t subject, struct plan *p, struct codec_error *err)
{
	uint32_t version;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = scoreop_plan_in_use(txn, st, key, period, &version)) == MDB_NOTFOUND)
		rc = plan_store_latest(txn, st, key, &version);
	if (rc == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "plan", _("No such assessment plan"));
	if (rc != 0 || (rc = plan_store_get(txn, st, key, version, p)) != 0)
		return sc_storage(err, rc);
	if (p->subject != subject) {
		schema_free(&plan_desc, p);
		return sc_refuse(err, KH_ERR_INVALID, "plan", subject == PLAN_PEOPLE ?
		    _("This plan assesses organisations, not people") :
		    _("This plan assesses people, not organisations"));
	}
	return 0;
}

int
sc_plan_open(MDB_txn *txn, struct store *st, const char *key, uint32_t period, struct plan *p,
    struct codec_error *err)
{
	return sc_plan_open_for(txn, st, key, period, PLAN_PEOPLE, p, err);
}

/* Fix the plan's version for the period, if nothing did yet. */
int
sc_plan_fix(struct wtx *w, const struct plan *p, uint32_t period)
{
	struct plan_use u = { .plan = p->key, .period = period, .version = p->version };
	uint32_t version;
	struct sc_key k;
	int rc;

	if ((rc = scoreop_plan_in_use(w->txn, w->st, p->key, period, &version)) != MDB_NOTFOUND)
		return rc;
	sc_key_start(&k, 'G', p->key, period);
	return store_put_rec(w->txn, w->st->records, k.b, k.n, &plan_use_desc, &u);
}

/* The plan's annual weights name a year-end part: the year is then scored
 * as well, and its sheet is the annual result (score-sheets.c). */
static bool
has_yearend(const struct plan *p)
{
	for (uint32_t i = 0; i < p->annual_n; i++)
		if (strcmp(p->annual[i].part, "yearend") == 0)
			return true;
	return false;
}

/* The routine periods of an annual result: the longest period the cycle
 * scores below the year (hanjiang-2015's "平时考核周期为半年": the
 * half-year; else the quarter, else the month).  0 when the plan has no
 * annual result. */
enum period_type
sc_routine_type(const struct plan *p)
{
	uint32_t bits = sc_cycle_period_types(p);

	if (!has_yearend(p))
		return 0;
	for (int t = PERIOD_HALF; t >= PERIOD_MONTH; t--)
		if (bits & (1u << t))
			return (enum period_type)t;
	return 0;
}

bool
sc_annual_period(const struct plan *p, uint32_t period)
{
	return period_valid(period) && period_type(period) == PERIOD_YEAR && sc_routine_type(p) != 0;
}

/* The period types the plan's cycle scores: a month for a monthly record,
 * a quarter for a quarterly summary or an evaluation, a half-year, a year
 * (for an annual record, or for the year-end part of annual weights). */
uint32_t
sc_cycle_period_types(const struct plan *p)
{
	uint32_t bits = has_yearend(p) ? 1u << PERIOD_YEAR : 0;

	for (uint32_t i = 0; i < p->cycle_n; i++)
		switch (p->cycle[i].kind) {
		case PLAN_REC_MONTHLY:
			bits |= 1u << PERIOD_MONTH;
			break;
		case PLAN_REC_QUARTERLY:
		case PLAN_REC_EVALUATION:
			bits |= 1u << PERIOD_QUARTER;
			break;
		case PLAN_REC_HALFYEAR:
			bits |= 1u << PERIOD_HALF;
			break;
		case PLAN_REC_ANNUAL:
			bits |= 1u << PERIOD_YEAR;
			break;
		}
	return bits;
}

/* A period a write may touch: a period of the plan's cycle, begun, not locked. */
int
sc_period_check(MDB_txn *txn, struct store *st, const struct plan *p, uint32_t period,
    uint32_t today, struct codec_error *err)
{
	static const char *const names[] = { "", N_("month"), N_("quarter"), N_("half-year"),
		N_("year") };
	uint32_t bits = sc_cycle_period_types(p);

	if (!period_valid(period))
		return sc_refuse(err, KH_ERR_INVALID, "period", _("No such period"));
	if (!(bits & (1u << period_type(period)))) {
		char list[100] = "", why[200];

		for (int t = PERIOD_MONTH; t <= PERIOD_YEAR; t++)
			if (bits & (1u << t)) {
				if (list[0] != '\0')
					strlcpy_kh(list + strlen(list),
					    _(", "), sizeof list - strlen(list));
				strlcpy_kh(list + strlen(list), _(names[t]), sizeof list - strlen(list));
			}
		snprintf(why, sizeof why,
		    _("This plan does not score such periods (it scores: %s)"), list);
		return sc_refuse(err, KH_ERR_INVALID, "period", why);
	}
	if (period_first_day(period) > today)
		return sc_refuse(err, KH_ERR_INVALID, "period", _("This period has not begun yet"));
	if (period_is_locked(txn, st, period))
		return sc_refuse(err, KH_ERR_DENIED, "period",
		    _("This period is closed: no more changes"));
	return 0;
}

/* Unit `inner` is `outer` or below it. */
bool
sc_within(const struct unit_rec *units, uint32_t n, uint64_t inner, uint64_t outer)
{
	for (int depth = 0; inner != 0 && depth < 64; depth++) {
		uint64_t parent = 0;

		if (inner == outer)
			return true;
		for (uint32_t i = 0; i < n; i++)
			if (units[i].id == inner)
				parent = units[i].parent;
		inner = parent;
	}
	return false;
}

/* The results of the period are published for unit or a unit above it. */
bool
sc_results_published(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t unit)
{
	for (int depth = 0; unit != 0 && depth < 64; depth++) {
		struct unit_rec u;
		struct sc_key k;
		MDB_val kv, v;

		sc_key_start(&k, 'P', plan, period);
		sc_key_u64(&k, unit);
		kv = sc_key_val(&k);
		if (mdb_get(txn, st->records, &kv, &v) == 0)
			return true;
		if (org_unit_get(txn, st, unit, &u) != 0)
			break;
		unit = u.parent;
		schema_free(&unit_rec_desc, &u);
	}
	return false;
}

/* Refused once the person's results of the period are published. */
static int
unpublished(MDB_txn *txn, struct store *st, const char *plan, uint32_t period,
    const struct user_rec *subject, struct codec_error *err)
{
	struct sheet s;
	bool published = false;

	if (scoreop_sheet_get(txn, st, plan, period, subject->id, &s) == 0) {
		published = s.published;
		schema_free(&sheet_desc, &s);
	}
	if (published || sc_results_published(txn, st, plan, period, subject->unit_id))
		return sc_refuse(err, KH_ERR_DENIED, "period",
		    _("This period's results are published: no more changes"));
	return 0;
}

/* The person a score is about. */
static int
subject_get(MDB_txn *txn, struct store *st, uint64_t id, struct user_rec *u, struct codec_error *err)
{
	int rc = store_user_get(txn, st, id, u);

	if (rc == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "subject", _("No such person"));
	if (rc != 0)
		return sc_storage(err, rc);
	if (u->role == ROLE_ORG_DEPT) {
		schema_free(&user_rec_desc, u);
		return sc_refuse(err, KH_ERR_INVALID, "subject",
		    _("Organisation department accounts are not assessed"));
	}
	return 0;
}

/* Whether the plan assesses u (考核对象): its subjects name u's role, or it
 * names none (everyone).  The role is the person's now: someone scored
 * as a department head and since made staff drops out of the rankings. */
bool
sc_assesses(const struct plan *p, const struct user_rec *u)
{
	if (u->role == ROLE_ORG_DEPT)
		return false;
	if (p->subjects_n == 0)
		return true;
	for (uint32_t i = 0; i < p->subjects_n; i++)
		if (p->subjects[i].role == u->role)
			return true;
	return false;
}

/* Refused: "吴红 不是本方案的考核对象（本方案考核：科室负责人）". */
static int
not_assessed(const struct plan *p, const struct user_rec *u, struct codec_error *err)
{
	char why[400], list[300] = "";
	size_t n = 0;

	for (uint32_t i = 0; i < p->subjects_n && n < sizeof list; i++)
		n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", i > 0 ? _(", ") : "",
		    role_name(p->subjects[i].role));
	snprintf(why, sizeof why, _("%s is not assessed by this plan (it assesses: %s)"),
	    u->display_name, list);
	return sc_refuse(err, KH_ERR_INVALID, "subject", why);
}

/* Who may score a part: the role the plan names (0 the leading group, whose
 * scores the admin enters; peers everyone but the person and the
 * organisation department); a supervising leader or department head only
 * their own people; nobody themselves. */
int
sc_may_score(MDB_txn *txn, struct store *st, const struct user_rec *actor,
    const struct user_rec *subject, const struct plan_rater *rt, struct codec_error *err)
{
	char why[200];
	bool ok;

	if (actor->role == ROLE_ORG_DEPT)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Organisation department accounts can only view"));
	if (actor->disabled)
		return sc_refuse(err, KH_ERR_DENIED, "", _("The account is disabled"));
	if (actor->id == subject->id)
		return sc_refuse(err, KH_ERR_DENIED, "subject", _("You cannot score yourself"));
	switch (rt->role) {
	case PLAN_ROLE_PEERS:
		return 0;
	case PLAN_ROLE_LEADING_GROUP:
		ok = actor->role == ROLE_ADMIN;
		snprintf(why, sizeof why,
		    _("\"%s\" is given by the leading group, entered by the office"),
		    rt->name);
		break;
	case ROLE_SUPERVISOR:
		ok = actor->role == ROLE_SUPERVISOR &&
		    org_unit_supervisor(txn, st, subject->unit_id) == actor->id;
		snprintf(why, sizeof why,
		    _("\"%s\" is scored by the person's supervising leader"), rt->name);
		break;
	case ROLE_DEPT_HEAD:
		ok = actor->role == ROLE_DEPT_HEAD && org_unit_head(txn, st, subject->unit_id) == actor->id;
		snprintf(why, sizeof why,
		    _("\"%s\" is scored by the person's department head"), rt->name);
		break;
	default:
		ok = actor->role == rt->role;
		snprintf(why, sizeof why,
		    _("\"%s\" is scored by: %s"), rt->name, role_name(rt->role));
		break;
	}
	return ok ? 0 : sc_refuse(err, KH_ERR_DENIED, "part", why);
}

/* Text of one line: no control characters. */
static bool
one_line(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* ---- what a sheet is made of ---- */

int
sc_tally_get(MDB_txn *txn, struct store *st, const char *plan, uint32_t period, uint64_t subject,
    const char *part, struct peer_tally *t)
{
	struct sc_key k;
	int rc;

	tally_key(&k, plan, period, subject, part);
	rc = store_get_rec(txn, st->records, k.b, k.n, &peer_tally_desc, t);
	if (rc == MDB_NOTFOUND) {
		memset(t, 0, sizeof *t);
		return 0;
	}
	return rc;
}

const struct plan_level *
sc_level_find(const struct plan *p, const char *key)
{
	for (uint32_t i = 0; i < p->levels_n; i++)
		if (strcmp(p->levels[i].key, key) == 0)
			return &p->levels[i];
	return NULL;
}

void
sc_audit_target(char *buf, size_t len, const char *plan, uint32_t period, uint64_t subject)
{
	snprintf(buf, len, "sheet %llu %u %s", (unsigned long long)subject, period, plan);
}

/* ---- anonymous votes ---- */

static int
peer_secret(struct wtx *w, unsigned char key[SECRET_LEN])
{
	char hex[2 * SECRET_LEN + 1];
	size_t len;
	int rc;

	rc = store_meta_get(w->txn, w->st, "peer_secret", hex, sizeof hex);
	if (rc == MDB_NOTFOUND) {
		randombytes_buf(key, SECRET_LEN);
		sodium_bin2hex(hex, sizeof hex, key, SECRET_LEN);
		return store_meta_put(w->txn, w->st, "peer_secret", hex);
	}
	if (rc != 0)
		return rc;
	if (sodium_hex2bin(key, SECRET_LEN, hex, strlen(hex), NULL, &len, NULL) != 0 || len != SECRET_LEN)
		return MDB_CORRUPTED;
	return 0;
}

/* The voter's marker for (plan, period, subject, part) and the tag of this
 * request, both keyed hashes: neither can be computed without the secret. */
static void
peer_marker(const unsigned char secret[SECRET_LEN], uint64_t voter, const char *plan,
    uint32_t period, uint64_t subject, const char *part, uint64_t reqid,
    unsigned char marker[1 + MARKER_LEN], unsigned char tag[RETRY_TAG_LEN])
{
	struct sc_key m;
	unsigned char r[MARKER_LEN + 8];

	m.n = 0;
	sc_key_u64(&m, voter);
	sc_key_str(&m, plan);
	sc_key_u32(&m, period);
	sc_key_u64(&m, subject);
	sc_key_str(&m, part);
	marker[0] = 'V';
	crypto_generichash(marker + 1, MARKER_LEN, m.b, m.n, secret, SECRET_LEN);
	memcpy(r, marker + 1, MARKER_LEN);
	be64_put(r + MARKER_LEN, reqid);
	crypto_generichash(tag, RETRY_TAG_LEN, r, sizeof r, secret, SECRET_LEN);
	sodium_memzero(m.b, sizeof m.b);
}

/* Whether voter has voted for the part of subject's sheet: a read of the
 * marker, which only the secret can compute; nobody has voted while the
 * secret is not made yet. */
int
sc_peer_voted(MDB_txn *txn, struct store *st, uint64_t voter, const char *plan, uint32_t period,
    uint64_t subject, const char *part, bool *voted)
{
	unsigned char secret[SECRET_LEN], marker[1 + MARKER_LEN], tag[RETRY_TAG_LEN];
	char hex[2 * SECRET_LEN + 1];
	MDB_val kv = { sizeof marker, marker }, v;
	size_t len;
	int rc;

	*voted = false;
	if ((rc = store_meta_get(txn, st, "peer_secret", hex, sizeof hex)) == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (sodium_hex2bin(secret, SECRET_LEN, hex, strlen(hex), NULL, &len, NULL) != 0 ||
	    len != SECRET_LEN)
		return MDB_CORRUPTED;
	peer_marker(secret, voter, plan, period, subject, part, 0, marker, tag);
	sodium_memzero(secret, sizeof secret);
	rc = mdb_get(txn, st->indexes, &kv, &v);
	*voted = rc == 0;
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Record a vote: 0 and *retry if this very request was recorded before. */
static int
peer_vote(struct wtx *w, const struct actor *a, const struct plan *p, uint32_t period,
    const struct user_rec *subject, const struct plan_rater *rt, uint32_t score, uint64_t reqid,
    bool *retry, struct codec_error *err)
{
	unsigned char secret[SECRET_LEN], marker[1 + MARKER_LEN], tag[RETRY_TAG_LEN];
	struct peer_tally t;
	MDB_val kv = { sizeof marker, marker }, v;
	struct sc_key k;
	char target[64], pname[48];
	uint64_t actor = w->actor;
	const char *ws = w->workstation;
	int rc;

	*retry = false;
	if ((rc = peer_secret(w, secret)) != 0)
		return sc_storage(err, rc);
	peer_marker(secret, a->user->id, p->key, period, subject->id, rt->key, reqid, marker, tag);
	sodium_memzero(secret, sizeof secret);
	if ((rc = mdb_get(w->txn, w->st->indexes, &kv, &v)) == 0) {
		if (v.mv_size == RETRY_TAG_LEN && sodium_memcmp(v.mv_data, tag, RETRY_TAG_LEN) == 0) {
			*retry = true;
			return 0;
		}
		snprintf(pname, sizeof pname, "%s", rt->name);
		char why[200];
		snprintf(why, sizeof why,
		    _("You have voted on \"%s\" for this person: a vote is final"),
		    pname);
		return sc_refuse(err, KH_ERR_CONFLICT, "part", why);
	} else if (rc != MDB_NOTFOUND)
		return sc_storage(err, rc);
	v = (MDB_val){ RETRY_TAG_LEN, tag };
	if ((rc = mdb_put(w->txn, w->st->indexes, &kv, &v, MDB_NOOVERWRITE)) != 0)
		return sc_storage(err, rc);
	if ((rc = sc_tally_get(w->txn, w->st, p->key, period, subject->id, rt->key, &t)) != 0)
		return sc_storage(err, rc);
	t.sum += score;
	t.count++;
	tally_key(&k, p->key, period, subject->id, rt->key);
	if ((rc = store_put_rec(w->txn, w->st->records, k.b, k.n, &peer_tally_desc, &t)) != 0)
		return sc_storage(err, rc);
	/* The audit line says that a vote came, not from whom, not what, not
	 * which change it made. */
	sc_audit_target(target, sizeof target, p->key, period, subject->id);
	period_word(period, pname, sizeof pname);
	w->actor = 0;
	w->workstation = "";
	rc = store_audit(w, "score.peer", target, 0, "%s %s「%s」记入一份匿名评分",	/* data */
	    subject->display_name, pname, rt->name);
	w->actor = actor;
	w->workstation = ws;
	return rc != 0 ? sc_storage(err, rc) : 0;
}

/* ---- writes ---- */

int
scoreop_put(struct wtx *w, const struct actor *a, const struct score_put_body *in, uint64_t reqid,
    bool *anonymous, struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	const struct plan_rater *rt;
	struct user_rec subject;
	struct plan p;
	int rc;

	*anonymous = false;
	if (a->user->role == ROLE_ORG_DEPT)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Organisation department accounts can only view"));
	if (in->score > PLAN_FULL_SCORE)
		return sc_refuse(err, KH_ERR_INVALID, "score",
		    _("The score must be between 0 and 100"));
	if ((rc = sc_plan_open(w->txn, st, in->plan, in->period, &p, err)) != 0)
		return rc;
	if ((rt = plan_rater_find(&p, in->part)) == NULL) {
		schema_free(&plan_desc, &p);
		return sc_refuse(err, KH_ERR_INVALID, "part", _("The plan has no such part"));
	}
	*anonymous = rt->anonymous;
	if ((rc = sc_period_check(w->txn, st, &p, in->period, a->today, err)) != 0 ||
	    (rc = subject_get(w->txn, st, in->subject, &subject, err)) != 0) {
		schema_free(&plan_desc, &p);
		return rc;
	}
	if (!sc_assesses(&p, &subject)) {
		rc = not_assessed(&p, &subject, err);
		goto done;
	}
	if ((rc = sc_may_score(w->txn, st, a->user, &subject, rt, err)) != 0 ||
	    (rc = unpublished(w->txn, st, p.key, in->period, &subject, err)) != 0)
		goto done;
	if ((rc = sc_plan_fix(w, &p, in->period)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	if (rt->anonymous) {
		bool retry;

		if ((rc = peer_vote(w, a, &p, in->period, &subject, rt, in->score, reqid, &retry, err)) != 0 ||
		    retry)
			goto done;
		if ((rc = sc_sheet_refresh(w, &p, in->period, &subject, 0, pubs)) != 0)
			rc = sc_storage(err, rc);
		goto done;
	}

	/* A named score: one per rater for a mean, one for the part otherwise. */
	struct named_score ns = { .part = rt->key, .rater = a->user->id, .score = in->score,
	    .at = now_ms() };
	struct sc_key k;
	char target[64], pname[48], score[16];

	sc_key_start(&k, 'J', p.key, in->period);
	sc_key_u64(&k, subject.id);
	sc_key_str(&k, rt->key);
	sc_key_u64(&k, rt->combine == PLAN_COMBINE_MEAN ? a->user->id : 0);
	w->actor = a->user->id;
	if ((rc = store_put_rec(w->txn, st->records, k.b, k.n, &named_score_desc, &ns)) != 0 ||
	    (rc = sc_sheet_refresh(w, &p, in->period, &subject, a->user->id, pubs)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	sc_audit_target(target, sizeof target, p.key, in->period, subject.id);
	period_word(in->period, pname, sizeof pname);
	plan_hundredths_format(in->score, score, sizeof score);
	if ((rc = store_audit(w, "score.put", target, pubs->v[pubs->n - 1].ch.seq, "%s %s「%s」%s 分",	/* data */
	    subject.display_name, pname, rt->name, score)) != 0)
		rc = sc_storage(err, rc);
done:
	schema_free(&user_rec_desc, &subject);
	schema_free(&plan_desc, &p);
	return rc;
}

int
scoreop_commend_put(struct wtx *w, const struct actor *a, const struct commendation_rec *in,
    uint64_t *id, struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	const struct plan_level *l;
	struct commendation_rec c, *have = NULL;
	struct user_rec subject;
	uint32_t nhave = 0;
	struct plan p;
	int rc;

	*id = 0;
	if (a->user->role != ROLE_ADMIN)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Only the assessment office can enter commendations and criticisms"));
	if (in->id != 0)
		return sc_refuse(err, KH_ERR_INVALID, "id",
		    _("Commendations and criticisms cannot change: delete and enter anew"));
	if (!one_line(in->work) || !one_line(in->note))
		return sc_refuse(err, KH_ERR_INVALID, !one_line(in->work) ? "work" : "note",
		    _("One line of text only"));
	if ((rc = sc_plan_open(w->txn, st, in->plan, in->period, &p, err)) != 0)
		return rc;
	if (p.levels_n == 0) {
		schema_free(&plan_desc, &p);
		return sc_refuse(err, KH_ERR_INVALID, "plan",
		    _("This plan has no commendation bonuses or penalties"));
	}
	if ((l = sc_level_find(&p, in->level)) == NULL) {
		char list[150] = "", why[200];
		for (uint32_t i = 0; i < p.levels_n; i++) {
			if (i > 0)
				strlcpy_kh(list + strlen(list),
				    _(", "), sizeof list - strlen(list));
			strlcpy_kh(list + strlen(list), p.levels[i].name, sizeof list - strlen(list));
		}
		snprintf(why, sizeof why, _("The plan has no such level (it has: %s)"), list);
		schema_free(&plan_desc, &p);
		return sc_refuse(err, KH_ERR_INVALID, "level", why);
	}
	if ((rc = sc_period_check(w->txn, st, &p, in->period, a->today, err)) != 0 ||
	    (rc = subject_get(w->txn, st, in->subject, &subject, err)) != 0) {
		schema_free(&plan_desc, &p);
		return rc;
	}
	if (!sc_assesses(&p, &subject)) {
		rc = not_assessed(&p, &subject, err);
		goto done;
	}
	if ((rc = unpublished(w->txn, st, p.key, in->period, &subject, err)) != 0)
		goto done;
	if ((rc = sc_commend_load(w->txn, st, p.key, in->period, subject.id, &have, &nhave)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	schema_free_array(&commendation_rec_desc, have, nhave);
	if (nhave >= COMMENDATIONS_MAX) {
		rc = sc_refuse(err, KH_ERR_TOO_LARGE, "",
		    _("The period's limit of commendations and criticisms is reached"));
		goto done;
	}
	if ((rc = sc_plan_fix(w, &p, in->period)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	c = (struct commendation_rec){ .id = ++w->last_id, .plan = p.key, .period = in->period,
	    .subject = subject.id, .work = in->work, .level = l->key, .criticism = in->criticism,
	    .note = in->note, .by = a->user->id, .at = now_ms() };
	struct sc_key k;
	unsigned char ik[9];
	MDB_val ikv = { 9, ik }, iv;
	char target[64], pname[48];

	sc_key_start(&k, 'K', p.key, in->period);
	sc_key_u64(&k, subject.id);
	sc_key_u64(&k, c.id);
	ik[0] = 'K';
	be64_put(ik + 1, c.id);
	iv = sc_key_val(&k);
	w->actor = a->user->id;
	if ((rc = store_put_rec(w->txn, st->records, k.b, k.n, &commendation_rec_desc, &c)) != 0 ||
	    (rc = mdb_put(w->txn, st->indexes, &ikv, &iv, 0)) != 0 ||
	    (rc = sc_sheet_refresh(w, &p, in->period, &subject, a->user->id, pubs)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	sc_audit_target(target, sizeof target, p.key, in->period, subject.id);
	period_word(in->period, pname, sizeof pname);
	if ((rc = store_audit(w, "commend.put", target, pubs->v[pubs->n - 1].ch.seq,
	    "%s %s %s%s（第%llu号）：%s", subject.display_name, pname, l->name,	/* data */
	    c.criticism ? "通报批评" : "表彰", (unsigned long long)c.id, c.work)) != 0) {	/* data */
		rc = sc_storage(err, rc);
		goto done;
	}
	*id = c.id;
done:
	schema_free(&user_rec_desc, &subject);
	schema_free(&plan_desc, &p);
	return rc;
}

int
scoreop_commend_delete(struct wtx *w, const struct actor *a, uint64_t id, struct pubs *pubs,
    struct codec_error *err)
{
	struct store *st = w->st;
	struct commendation_rec c;
	struct user_rec subject;
	unsigned char ik[9];
	MDB_val ikv = { 9, ik }, kv;
	char target[64], pname[48];
	struct plan p;
	int rc;

	if (a->user->role != ROLE_ADMIN)
		return sc_refuse(err, KH_ERR_DENIED, "",
		    _("Only the assessment office can delete commendations and criticisms"));
	ik[0] = 'K';
	be64_put(ik + 1, id);
	if ((rc = mdb_get(w->txn, st->indexes, &ikv, &kv)) == MDB_NOTFOUND)
		return sc_refuse(err, KH_ERR_NOT_FOUND, "id",
		    _("No such commendation or criticism"));
	if (rc != 0)
		return sc_storage(err, rc);
	struct sc_key k = { .n = kv.mv_size };
	if (kv.mv_size > sizeof k.b)
		return sc_storage(err, MDB_CORRUPTED);
	memcpy(k.b, kv.mv_data, kv.mv_size);
	if ((rc = store_get_rec(w->txn, st->records, k.b, k.n, &commendation_rec_desc, &c)) != 0)
		return sc_storage(err, rc);
	if ((rc = sc_plan_open(w->txn, st, c.plan, c.period, &p, err)) != 0) {
		schema_free(&commendation_rec_desc, &c);
		return rc;
	}
	if (period_is_locked(w->txn, st, c.period)) {
		rc = sc_refuse(err, KH_ERR_DENIED, "period",
		    _("This period is closed: no more changes"));
		goto free_plan;
	}
	if ((rc = subject_get(w->txn, st, c.subject, &subject, err)) != 0)
		goto free_plan;
	if ((rc = unpublished(w->txn, st, p.key, c.period, &subject, err)) != 0)
		goto done;
	kv = sc_key_val(&k);
	w->actor = a->user->id;
	if ((rc = mdb_del(w->txn, st->records, &kv, NULL)) != 0 ||
	    (rc = mdb_del(w->txn, st->indexes, &ikv, NULL)) != 0 ||
	    (rc = sc_sheet_refresh(w, &p, c.period, &subject, a->user->id, pubs)) != 0) {
		rc = sc_storage(err, rc);
		goto done;
	}
	sc_audit_target(target, sizeof target, p.key, c.period, subject.id);
	period_word(c.period, pname, sizeof pname);
	if ((rc = store_audit(w, "commend.delete", target, pubs->v[pubs->n - 1].ch.seq,
	    "%s %s 删除%s（第%llu号）：%s", subject.display_name, pname,	/* data */
	    c.criticism ? "通报批评" : "表彰", (unsigned long long)c.id, c.work)) != 0)	/* data */
		rc = sc_storage(err, rc);
done:
	schema_free(&user_rec_desc, &subject);
free_plan:
	schema_free(&plan_desc, &p);
	schema_free(&commendation_rec_desc, &c);
	return rc;
}
