/*
 * doc-ops.c: records of the assessment cycle and their workflow (see
 * doc-ops.h).  The rules of each action are one row of `rules` below.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/util.h"
#include "calendar.h"
#include "doc-ops.h"
#include "org.h"

#define AUDIENCE_MAX	64

/* ---- publishing ---- */

void
pubs_free(struct pubs *p)
{
	for (uint32_t i = 0; i < p->n; i++) {
		schema_free(&change_desc, &p->v[i].ch);
		free(p->v[i].audience);
		free(p->v[i].prev);
	}
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

int
pubs_append(struct wtx *w, struct pubs *out, const uint64_t *audience, uint32_t n,
    struct change *ch)
{
	struct pub *p;
	int rc;

	if ((rc = store_change_append_to(w, audience, n, ch)) != 0) {
		schema_free(&change_desc, ch);
		return rc;
	}
	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	p = &out->v[out->n++];
	p->ch = *ch;
	p->audience = xcalloc(n, sizeof *p->audience);
	p->prev = xcalloc(n, sizeof *p->prev);
	p->n = 0;
	for (uint32_t i = 0; i < n; i++) {
		bool dup = false;

		for (uint32_t j = 0; j < p->n; j++)
			dup |= p->audience[j] == audience[i];
		if (dup || audience[i] == 0)
			continue;
		p->audience[p->n] = audience[i];
		p->prev[p->n] = store_change_prev(w->txn, w->st, audience[i], ch->seq);
		p->n++;
	}
	memset(ch, 0, sizeof *ch);
	return 0;
}

void
pubs_keep(struct pubs *out, struct change *ch, uint64_t user, uint64_t prev)
{
	struct pub *p;

	out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
	p = &out->v[out->n++];
	p->ch = *ch;
	p->audience = xmalloc(sizeof *p->audience);
	p->prev = xmalloc(sizeof *p->prev);
	p->audience[0] = user;
	p->prev[0] = prev;
	p->n = 1;
	memset(ch, 0, sizeof *ch);
}

uint32_t
docop_audience(MDB_txn *txn, struct store *st, uint64_t subject, const uint64_t *also,
    uint32_t nalso, uint64_t *out, uint32_t max)
{
	const uint64_t *seers;
	uint32_t n = 0, nseers;
	struct user_rec s;

	if (max < 4 + nalso)
		return 0;
	out[n++] = subject;
	for (uint32_t i = 0; i < nalso; i++)
		if (also[i] != 0)
			out[n++] = also[i];
	if (store_user_get(txn, st, subject, &s) == 0) {
		uint64_t head = org_unit_head(txn, st, s.unit_id);
		uint64_t sup = org_unit_supervisor(txn, st, s.unit_id);

		if (head != 0)
			out[n++] = head;
		if (sup != 0)
			out[n++] = sup;
		schema_free(&user_rec_desc, &s);
	}
	/* Principal, admins, organisation department: few in any office, and
	 * cached, so that a record's audience does not read every account. */
	if (org_all_seeing(txn, st, &seers, &nseers) == 0)
		for (uint32_t i = 0; i < nseers && n < max; i++)
			out[n++] = seers[i];
	return n;
}

/* ---- storage ---- */

static size_t
doc_key(unsigned char *k, uint64_t id)
{
	k[0] = 'R';
	be64_put(k + 1, id);
	return 9;
}

static size_t
subject_key(unsigned char *k, uint64_t subject, uint32_t period, uint32_t kind, uint64_t id)
{
	k[0] = 'S';
	be64_put(k + 1, subject);
	be32_put(k + 9, period);
	be32_put(k + 13, kind);
	be64_put(k + 17, id);
	return 25;
}

int
docop_get(MDB_txn *txn, struct store *st, uint64_t id, struct doc *d)
{
	unsigned char k[9];

	return store_get_rec(txn, st->records, k, doc_key(k, id), &doc_desc, d);
}

uint64_t
docop_successor(MDB_txn *txn, struct store *st, uint64_t id)
{
	unsigned char k[9];
	MDB_val kv = { 9, k }, v;

	k[0] = 'N';
	be64_put(k + 1, id);
	if (mdb_get(txn, st->indexes, &kv, &v) != 0 || v.mv_size != 8)
		return 0;
	return be64_get(v.mv_data);
}

static int
doc_store(struct wtx *w, const struct doc *d)
{
	unsigned char k[9], sk[25];
	MDB_val kv = { subject_key(sk, d->subject, d->period, d->kind, d->id), sk }, v = { 0, "" };
	int rc;

	if ((rc = store_put_rec(w->txn, w->st->records, k, doc_key(k, d->id), &doc_desc, d)) != 0)
		return rc;
	return mdb_put(w->txn, w->st->indexes, &kv, &v, 0);
}

/* The current record of a kind about a subject for a period, if any. */
static int
doc_find(MDB_txn *txn, struct store *st, uint64_t subject, uint32_t period, uint32_t kind,
    uint64_t *id)
{
	unsigned char lo[25];
	MDB_cursor *c;
	MDB_val kv = { subject_key(lo, subject, period, kind, 0), lo }, v;
	int rc;

	*id = 0;
	if ((rc = mdb_cursor_open(txn, st->indexes, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &kv, &v, MDB_SET_RANGE);
	while (rc == 0 && kv.mv_size == 25 && memcmp(kv.mv_data, lo, 17) == 0) {
		uint64_t cand = be64_get((const unsigned char *)kv.mv_data + 17);

		if (docop_successor(txn, st, cand) == 0) {
			*id = cand;
			break;
		}
		rc = mdb_cursor_get(c, &kv, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* ---- errors ---- */

static int
refuse(struct codec_error *err, int code, const char *field, const char *message)
{
	err->code = code;
	strlcpy_kh(err->field, field, sizeof err->field);
	strlcpy_kh(err->message, message, sizeof err->message);
	return -1;
}

static int
storage(struct codec_error *err, int rc)
{
	err->code = KH_ERR_STORAGE;
	err->field[0] = '\0';
	snprintf(err->message, sizeof err->message,
	    _("Could not write to the database: %s"), mdb_strerror(rc));
	return rc;
}

bool
docop_period_locked(MDB_txn *txn, struct store *st, const struct calendar *cal, uint32_t period)
{
	(void)cal;
	return period_is_locked(txn, st, period);
}

/* ---- the workflow ---- */

/* Publish the record to everyone who may see it, as changed by actor. */
static int
publish_doc(struct wtx *w, const struct doc *d, uint64_t actor, struct pubs *pubs)
{
	uint64_t audience[AUDIENCE_MAX], also[2] = { d->author, d->reviewer };
	uint32_t n = docop_audience(w->txn, w->st, d->subject, also, 2, audience, AUDIENCE_MAX);
	struct change ch;

	memset(&ch, 0, sizeof ch);
	ch.kind = CHANGE_PUT;
	ch.user = actor;
	schema_copy(&doc_desc, &ch.doc, d);
	return pubs_append(w, pubs, audience, n, &ch);
}

static int
audit_doc(struct wtx *w, const char *action, const struct doc *d, uint64_t seq, const char *extra)
{
	const struct form_def *f = form_def(d->kind);
	char target[64], period[48], who[80] = "?";
	struct user_rec s;

	snprintf(target, sizeof target, "doc %llu", (unsigned long long)d->id);
	period_word(d->period, period, sizeof period);
	if (store_user_get(w->txn, w->st, d->subject, &s) == 0) {
		snprintf(who, sizeof who, "%s", s.display_name);
		schema_free(&user_rec_desc, &s);
	}
	/* The audit log keeps Chinese, the same whoever acted (data). */
	return store_audit(w, action, target, seq, "%s %s %s 第%llu版 → %s%s%s",	/* data */
	    who, period, f != NULL ? f->word : "?", (unsigned long long)d->version,
	    doc_state_word(d->state), extra[0] ? "；" : "", extra);
}

/* Store, publish and audit one changed record. */
static int
commit_doc(struct wtx *w, const struct actor *a, struct doc *d, const char *action,
    const char *extra, struct pubs *pubs, struct codec_error *err)
{
	int rc;

	w->actor = a->user->id;		/* the audit line names who acted */
	d->updated_at = now_ms();
	if ((rc = doc_store(w, d)) != 0 || (rc = publish_doc(w, d, a->user->id, pubs)) != 0 ||
	    (rc = audit_doc(w, action, d, pubs->v[pubs->n - 1].ch.seq, extra)) != 0)
		return storage(err, rc);
	return 0;
}

/* Who may create a record of a kind about a subject. */
static int
may_create(MDB_txn *txn, struct store *st, const struct user_rec *actor,
    const struct user_rec *subject, uint32_t kind, struct codec_error *err)
{
	switch (kind) {
	case DOC_MONTHLY:
		if (actor->id != subject->id)
			return refuse(err, KH_ERR_DENIED, "subject",
			    _("Only the person themselves writes a monthly record"));
		if (actor->role == ROLE_ORG_DEPT)
			return refuse(err, KH_ERR_DENIED, "subject",
			    _("Organisation department accounts can only view"));
		return 0;
	case DOC_QUARTERLY:
		if (actor->role != ROLE_DEPT_HEAD || actor->id == subject->id ||
		    !org_may_see(txn, st, actor, subject))
			return refuse(err, KH_ERR_DENIED, "subject",
			    _("Department heads write the quarterly summaries of their staff"));
		return 0;
	case DOC_EVALUATION:
		if (org_reviewer_of(txn, st, subject) != actor->id)
			return refuse(err, KH_ERR_DENIED, "subject",
			    _("A leader evaluation is signed by the supervising leader"));
		return 0;
	default:
		return refuse(err, KH_ERR_DENIED, "kind",
		    _("Records of this kind are made by the system, not by hand"));
	}
}

/* Take what the author may write from `in` into `d`. */
static void
take_content(struct doc *d, const struct doc *in)
{
	schema_free_array(&doc_field_desc, d->fields, d->fields_n);
	schema_free_array(&unfinished_task_desc, d->unfinished, d->unfinished_n);
	free(d->comment);
	d->fields = NULL;
	d->unfinished = NULL;
	struct doc tmp;
	schema_copy(&doc_desc, &tmp, in);
	d->fields = tmp.fields;
	d->fields_n = tmp.fields_n;
	d->unfinished = tmp.unfinished;
	d->unfinished_n = tmp.unfinished_n;
	d->comment = tmp.comment;
	tmp.fields = NULL;
	tmp.fields_n = 0;
	tmp.unfinished = NULL;
	tmp.unfinished_n = 0;
	tmp.comment = NULL;
	if (d->kind == DOC_EVALUATION)
		d->grade = in->grade;
	schema_free(&doc_desc, &tmp);
	if (d->comment == NULL)
		d->comment = xstrdup("");
}

int
docop_save(struct wtx *w, const struct actor *a, const struct doc *in, struct doc *out,
    struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	const struct form_def *f = form_def(in->kind);
	struct user_rec subject;
	struct doc d;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&d, 0, sizeof d);
	if (a->user->role == ROLE_ORG_DEPT)
		return refuse(err, KH_ERR_DENIED, "",
		    _("Organisation department accounts can only view"));
	if (in->id == 0) {
		uint64_t existing, subject_id = in->subject != 0 ? in->subject : a->user->id;

		if (f == NULL)
			return refuse(err, KH_ERR_INVALID, "kind", _("No such kind of record"));
		if (!period_valid(in->period) || period_type(in->period) != f->period_type)
			return refuse(err, KH_ERR_INVALID, "period",
			    f->period_type == PERIOD_MONTH ? _("A monthly record's period is a month") :
			    _("The period must be a quarter"));
		if (period_first_day(in->period) > a->today)
			return refuse(err, KH_ERR_INVALID, "period",
			    _("The period has not begun yet"));
		if ((rc = store_user_get(w->txn, st, subject_id, &subject)) == MDB_NOTFOUND)
			return refuse(err, KH_ERR_NOT_FOUND, "subject", _("No such person"));
		else if (rc != 0)
			return storage(err, rc);
		if (may_create(w->txn, st, a->user, &subject, in->kind, err) != 0) {
			schema_free(&user_rec_desc, &subject);
			return -1;
		}
		if ((rc = doc_find(w->txn, st, subject_id, in->period, in->kind, &existing)) != 0) {
			schema_free(&user_rec_desc, &subject);
			return storage(err, rc);
		}
		if (existing != 0) {
			schema_free(&user_rec_desc, &subject);
			return refuse(err, KH_ERR_CONFLICT, "period",
			    _("This period has this record already: open it to change it"));
		}
		d.id = ++w->last_id;
		d.kind = in->kind;
		d.subject = subject_id;
		d.author = a->user->id;
		d.unit_id = subject.unit_id;
		d.period = in->period;
		d.state = DOC_DRAFT;
		d.due = calendar_due(a->cal, in->period);
		d.reviewer = a->user->id;
		d.version = 1;
		d.created_at = now_ms();
		schema_free(&user_rec_desc, &subject);
	} else {
		if ((rc = docop_get(w->txn, st, in->id, &d)) == MDB_NOTFOUND)
			return refuse(err, KH_ERR_NOT_FOUND, "id", _("No such record"));
		else if (rc != 0)
			return storage(err, rc);
		if (d.author != a->user->id) {
			schema_free(&doc_desc, &d);
			return refuse(err, KH_ERR_DENIED, "id", _("Only the author can change it"));
		}
		if (d.state != DOC_DRAFT && d.state != DOC_RETURNED) {
			schema_free(&doc_desc, &d);
			return refuse(err, KH_ERR_DENIED, "state",
			    _("A submitted or signed record cannot be changed"));
		}
		if (d.version != in->version || docop_successor(w->txn, st, d.id) != 0) {
			schema_free(&doc_desc, &d);
			return refuse(err, KH_ERR_CONFLICT, "version",
			    _("This record was changed elsewhere: see the latest"));
		}
		d.version++;
	}
	if (docop_period_locked(w->txn, st, a->cal, d.period)) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_DENIED, "period",
		    _("This period is closed: no more changes"));
	}
	take_content(&d, in);
	if (d.kind == DOC_EVALUATION && d.grade > GRADE_INCOMPETENT) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_INVALID, "grade",
		    _("Grade: excellent, competent, basically competent or incompetent"));
	}
	if (doc_check(&d, false, err) != 0) {
		schema_free(&doc_desc, &d);
		return -1;
	}
	if ((rc = commit_doc(w, a, &d, in->id == 0 ? "doc.create" : "doc.save", "", pubs, err)) != 0) {
		schema_free(&doc_desc, &d);
		return rc;
	}
	*out = d;
	return 0;
}

/*
 * The actions.  A row says on which kinds of record an action works, from
 * which states, to which state, and who may take it: the author, the
 * reviewer named on the record, or (for corrections) whoever filed or
 * signed it, or an admin.
 */
enum who { WHO_AUTHOR, WHO_REVIEWER, WHO_SIGNER_OR_ADMIN };

static const struct rule {
	uint32_t	 action;
	uint32_t	 kinds;		/* bit per kind */
	uint32_t	 from;		/* bit per state */
	uint32_t	 to;		/* 0: unchanged */
	enum who	 who;
	const char	*audit;
} rules[] = {
	{ ACT_SUBMIT, 1u << DOC_MONTHLY | 1u << DOC_QUARTERLY,
	  1u << DOC_DRAFT | 1u << DOC_RETURNED, DOC_SUBMITTED, WHO_AUTHOR, "doc.submit" },
	{ ACT_FILE, 1u << DOC_MONTHLY | 1u << DOC_QUARTERLY,
	  1u << DOC_SUBMITTED, DOC_FILED, WHO_REVIEWER, "doc.file" },
	{ ACT_RETURN, 1u << DOC_MONTHLY | 1u << DOC_QUARTERLY,
	  1u << DOC_SUBMITTED, DOC_RETURNED, WHO_REVIEWER, "doc.return" },
	{ ACT_SIGN, 1u << DOC_EVALUATION, 1u << DOC_DRAFT, DOC_SIGNED, WHO_AUTHOR, "doc.sign" },
	{ ACT_DONE, 1u << DOC_TASK, 1u << DOC_DRAFT, DOC_DONE, WHO_AUTHOR, "doc.done" },
	{ ACT_CORRECT, 0xff, 1u << DOC_FILED | 1u << DOC_SIGNED | 1u << DOC_PUBLISHED | 1u << DOC_DONE,
	  0, WHO_SIGNER_OR_ADMIN, "doc.correct" },
};

static const struct rule *
rule_find(uint32_t action)
{
	for (size_t i = 0; i < nitems(rules); i++)
		if (rules[i].action == action)
			return &rules[i];
	return NULL;
}

/* 不称职 puts an admonishment talk into the signer's queue. */
static int
open_admonishment(struct wtx *w, const struct actor *a, const struct doc *eval,
    struct pubs *pubs, struct codec_error *err)
{
	struct doc t;
	uint32_t next;
	int rc;

	memset(&t, 0, sizeof t);
	t.id = ++w->last_id;
	t.kind = DOC_TASK;
	t.subject = eval->subject;
	t.author = eval->author;
	t.reviewer = eval->author;
	t.unit_id = eval->unit_id;
	t.period = eval->period;
	t.state = DOC_DRAFT;
	/* due by the end of the month after the signing */
	next = period_next(period_of_day(PERIOD_MONTH, a->today));
	t.due = calendar_due(a->cal, next);
	t.version = 1;
	t.created_at = now_ms();
	t.comment = xstrdup("");
	rc = commit_doc(w, a, &t, "task.open", "不称职：诫勉谈话", pubs, err);	/* data */
	schema_free(&doc_desc, &t);
	return rc;
}

/* A correction: a new record in the same state, naming the one it
 * supersedes; the old record stays as it was. */
static int
correct(struct wtx *w, const struct actor *a, const struct doc *old,
    const struct doc_act_body *act, struct doc *out, struct pubs *pubs, struct codec_error *err)
{
	unsigned char k[9], idb[8];
	MDB_val kv = { 9, k }, v = { 8, idb };
	struct doc d;
	int rc;

	if (doc_reason_check(act->reason, _("Give the reason for the correction"), err) != 0)
		return -1;
	schema_copy(&doc_desc, &d, old);
	d.id = ++w->last_id;
	d.supersedes = old->id;
	d.version = old->version + 1;
	free(d.correction_reason);
	d.correction_reason = xstrdup(act->reason);
	if (act->fields_n > 0) {
		struct doc tmp = { .fields = act->fields, .fields_n = act->fields_n };
		struct doc copy;
		schema_copy(&doc_desc, &copy, &tmp);
		schema_free_array(&doc_field_desc, d.fields, d.fields_n);
		d.fields = copy.fields;
		d.fields_n = copy.fields_n;
	}
	if (act->comment != NULL && act->comment[0] != '\0') {
		free(d.comment);
		d.comment = xstrdup(act->comment);
	}
	if (d.kind == DOC_EVALUATION && act->grade != 0)
		d.grade = act->grade;
	d.reviewed_by = a->user->id;
	d.reviewed_at = now_ms();
	if (doc_check(&d, true, err) != 0) {
		schema_free(&doc_desc, &d);
		return -1;
	}
	k[0] = 'N';
	be64_put(k + 1, old->id);
	be64_put(idb, d.id);
	if ((rc = mdb_put(w->txn, w->st->indexes, &kv, &v, MDB_NOOVERWRITE)) != 0) {
		schema_free(&doc_desc, &d);
		return rc == MDB_KEYEXIST ?
		    refuse(err, KH_ERR_CONFLICT, "id",
		    _("This record was corrected already: correct the latest version")) : storage(err, rc);
	}
	char extra[600];
	snprintf(extra, sizeof extra, "更正 doc %llu：%s", (unsigned long long)old->id, act->reason);	/* data */
	if ((rc = commit_doc(w, a, &d, "doc.correct", extra, pubs, err)) != 0) {
		schema_free(&doc_desc, &d);
		return rc;
	}
	if (d.kind == DOC_EVALUATION && d.grade == GRADE_INCOMPETENT && old->grade != GRADE_INCOMPETENT &&
	    (rc = open_admonishment(w, a, &d, pubs, err)) != 0) {
		schema_free(&doc_desc, &d);
		return rc;
	}
	*out = d;
	return 0;
}

int
docop_act(struct wtx *w, const struct actor *a, const struct doc_act_body *act,
    struct doc *out, struct pubs *pubs, struct codec_error *err)
{
	struct store *st = w->st;
	const struct rule *r = rule_find(act->action);
	struct doc d;
	char extra[600] = "";
	bool allowed;
	int rc;

	memset(out, 0, sizeof *out);
	if (r == NULL)
		return refuse(err, KH_ERR_INVALID, "action", _("No such action"));
	if (a->user->role == ROLE_ORG_DEPT)
		return refuse(err, KH_ERR_DENIED, "",
		    _("Organisation department accounts can only view"));
	if ((rc = docop_get(w->txn, st, act->id, &d)) == MDB_NOTFOUND)
		return refuse(err, KH_ERR_NOT_FOUND, "id", _("No such record"));
	else if (rc != 0)
		return storage(err, rc);
	switch (r->who) {
	case WHO_AUTHOR:
		allowed = d.author == a->user->id;
		break;
	case WHO_REVIEWER:
		allowed = d.reviewer == a->user->id;
		break;
	default:
		allowed = d.reviewed_by == a->user->id || d.author == a->user->id ||
		    a->user->role == ROLE_ADMIN;
		break;
	}
	if (!allowed) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_DENIED, "id", _("This record is not yours to handle"));
	}
	if (!(r->kinds & (1u << d.kind)) || !(r->from & (1u << d.state))) {
		char why[200];
		snprintf(why, sizeof why, _("The record is %s: \"%s\" does not apply"),
		    doc_state_name(d.state), doc_action_name(act->action));
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_DENIED, "state", why);
	}
	if (d.version != act->version || docop_successor(w->txn, st, d.id) != 0) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_CONFLICT, "version",
		    _("This record was handled elsewhere: see the latest"));
	}
	if (docop_period_locked(w->txn, st, a->cal, d.period)) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_DENIED, "period",
		    _("This period is closed: nothing more can be done"));
	}
	if (act->action == ACT_CORRECT) {
		rc = correct(w, a, &d, act, out, pubs, err);
		schema_free(&doc_desc, &d);
		return rc;
	}

	switch (act->action) {
	case ACT_SUBMIT:
		if (doc_check(&d, true, err) != 0)
			goto refused;
		if (d.kind == DOC_QUARTERLY) {
			struct user_rec subject;
			if (store_user_get(w->txn, st, d.subject, &subject) == 0) {
				d.reviewer = org_reviewer_of(w->txn, st, &subject);
				schema_free(&user_rec_desc, &subject);
			}
		} else
			d.reviewer = org_reviewer_of(w->txn, st, a->user);
		if (d.reviewer == 0) {
			refuse(err, KH_ERR_INVALID, "reviewer",
			    _("Your department has no supervising leader: ask the assessment office"));
			goto refused;
		}
		d.submitted_at = now_ms();
		free(d.return_reason);
		d.return_reason = xstrdup("");
		break;
	case ACT_FILE:
		if (d.kind == DOC_MONTHLY && (act->comment == NULL || act->comment[0] == '\0')) {
			refuse(err, KH_ERR_INVALID, "comment", _("Write a comment"));
			goto refused;
		}
		free(d.comment);
		d.comment = xstrdup(act->comment);
		d.reviewed_by = a->user->id;
		d.reviewed_at = now_ms();
		break;
	case ACT_RETURN:
		if (doc_reason_check(act->reason, _("Give the reason for returning it"), err) != 0)
			goto refused;
		free(d.return_reason);
		d.return_reason = xstrdup(act->reason);
		d.reviewed_by = a->user->id;
		d.reviewed_at = now_ms();
		d.reviewer = d.author;
		snprintf(extra, sizeof extra, "退回：%s", act->reason);	/* data */
		break;
	case ACT_SIGN:
		if (org_reviewer_of(w->txn, st, &(struct user_rec){ .id = d.subject,
		    .unit_id = d.unit_id }) != a->user->id) {
			refuse(err, KH_ERR_DENIED, "id",
			    _("You are no longer this person's supervising leader"));
			goto refused;
		}
		if (act->comment != NULL && act->comment[0] != '\0') {
			free(d.comment);
			d.comment = xstrdup(act->comment);
		}
		if (act->grade != 0)
			d.grade = act->grade;
		if (d.comment == NULL || d.comment[0] == '\0') {
			refuse(err, KH_ERR_INVALID, "comment", _("Write your opinion"));
			goto refused;
		}
		if (d.grade < GRADE_EXCELLENT || d.grade > GRADE_INCOMPETENT) {
			refuse(err, KH_ERR_INVALID, "grade", _("Choose a grade"));
			goto refused;
		}
		if (doc_check(&d, true, err) != 0)
			goto refused;
		d.reviewed_by = a->user->id;
		d.reviewed_at = now_ms();
		snprintf(extra, sizeof extra, "等次 %s", grade_word(d.grade));	/* data */
		break;
	case ACT_DONE:
		if (act->fields_n > 0) {
			for (uint32_t i = 0; i < act->fields_n; i++)
				doc_field_set(&d, act->fields[i].key, act->fields[i].value);
		}
		if (doc_check(&d, true, err) != 0)
			goto refused;
		d.reviewed_by = a->user->id;
		d.reviewed_at = now_ms();
		break;
	}
	d.state = r->to;
	d.version++;
	if ((rc = commit_doc(w, a, &d, r->audit, extra, pubs, err)) != 0) {
		schema_free(&doc_desc, &d);
		return rc;
	}
	if (act->action == ACT_SIGN && d.grade == GRADE_INCOMPETENT &&
	    (rc = open_admonishment(w, a, &d, pubs, err)) != 0) {
		schema_free(&doc_desc, &d);
		return rc;
	}
	*out = d;
	return 0;
refused:
	schema_free(&doc_desc, &d);
	return -1;
}

/* Unit `inner` is `outer` or below it. */
static bool
within(const struct unit_rec *units, uint32_t n, uint64_t inner, uint64_t outer)
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

/* Call fn on every current record; stop on non-zero. */
static int
each_current(MDB_txn *txn, struct store *st, int (*fn)(struct doc *, void *), void *arg)
{
	MDB_cursor *c;
	MDB_val k = { 1, "R" }, v;
	int rc;

	if ((rc = mdb_cursor_open(txn, st->records, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'R') {
		struct codec_error err;
		struct doc d;

		if (codec_decode_record(&doc_desc, v.mv_data, v.mv_size, &d, &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		int stop = docop_successor(txn, st, d.id) == 0 ? fn(&d, arg) : 0;
		schema_free(&doc_desc, &d);
		if (stop < 0) {
			rc = -stop;
			break;
		}
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

struct publish_scan {
	struct wtx		*w;
	const struct actor	*a;
	struct unit_rec		*units;
	uint32_t		 nunits;
	uint64_t		 unit;
	uint32_t		 period;
	uint64_t		*ids;
	uint32_t		 n;
};

static int
collect_signed(struct doc *d, void *arg)
{
	struct publish_scan *s = arg;

	if (d->kind == DOC_EVALUATION && d->state == DOC_SIGNED && d->period == s->period &&
	    within(s->units, s->nunits, d->unit_id, s->unit)) {
		s->ids = xrealloc(s->ids, (s->n + 1) * sizeof *s->ids);
		s->ids[s->n++] = d->id;
	}
	return 0;
}

int
docop_publish(struct wtx *w, const struct actor *a, uint64_t unit, uint32_t period,
    uint32_t *count, struct pubs *pubs, struct codec_error *err)
{
	struct publish_scan s = { .w = w, .a = a, .unit = unit, .period = period };
	int rc;

	*count = 0;
	if (a->user->role != ROLE_ADMIN)
		return refuse(err, KH_ERR_DENIED, "",
		    _("Only the assessment office can publish results"));
	if (!period_valid(period) || period_type(period) != PERIOD_QUARTER)
		return refuse(err, KH_ERR_INVALID, "period", _("Choose a quarter"));
	if ((rc = org_units_load(w->txn, w->st, &s.units, &s.nunits)) != 0)
		return storage(err, rc);
	if (!within(s.units, s.nunits, unit, unit) || unit == 0) {
		schema_free_array(&unit_rec_desc, s.units, s.nunits);
		return refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
	}
	bool known = false;
	for (uint32_t i = 0; i < s.nunits; i++)
		known |= s.units[i].id == unit;
	if (!known) {
		schema_free_array(&unit_rec_desc, s.units, s.nunits);
		return refuse(err, KH_ERR_NOT_FOUND, "unit_id", _("No such unit"));
	}
	rc = each_current(w->txn, w->st, collect_signed, &s);
	schema_free_array(&unit_rec_desc, s.units, s.nunits);
	if (rc != 0) {
		free(s.ids);
		return storage(err, rc);
	}
	for (uint32_t i = 0; i < s.n; i++) {
		struct doc d;

		if ((rc = docop_get(w->txn, w->st, s.ids[i], &d)) != 0) {
			free(s.ids);
			return storage(err, rc);
		}
		d.state = DOC_PUBLISHED;
		d.version++;
		d.published_by = a->user->id;
		d.published_at = now_ms();
		rc = commit_doc(w, a, &d, "doc.publish", "", pubs, err);
		schema_free(&doc_desc, &d);
		if (rc != 0) {
			free(s.ids);
			return rc;
		}
	}
	free(s.ids);
	*count = s.n;
	return 0;
}

int
docop_history(MDB_txn *txn, struct store *st, const struct user_rec *viewer, uint64_t id,
    struct doc **out, uint32_t *n, struct codec_error *err)
{
	struct user_rec subject;
	struct doc d;
	uint64_t next;
	int rc;

	*out = NULL;
	*n = 0;
	/* Walk forward to the newest version, then back through them all. */
	for (int i = 0; i < 1000 && (next = docop_successor(txn, st, id)) != 0; i++)
		id = next;
	if ((rc = docop_get(txn, st, id, &d)) == MDB_NOTFOUND)
		return refuse(err, KH_ERR_NOT_FOUND, "id", _("No such record"));
	else if (rc != 0)
		return storage(err, rc);
	if ((rc = store_user_get(txn, st, d.subject, &subject)) != 0) {
		schema_free(&doc_desc, &d);
		return storage(err, rc);
	}
	bool ok = org_may_see(txn, st, viewer, &subject) || d.author == viewer->id;
	schema_free(&user_rec_desc, &subject);
	if (!ok) {
		schema_free(&doc_desc, &d);
		return refuse(err, KH_ERR_DENIED, "id", _("You may not see this record"));
	}
	for (;;) {
		uint64_t prev = d.supersedes;

		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		memmove(*out + 1, *out, *n * sizeof **out);
		(*out)[0] = d;
		(*n)++;
		if (prev == 0 || *n >= 100)
			break;
		if ((rc = docop_get(txn, st, prev, &d)) != 0)
			break;
	}
	return 0;
}

/* The viewer may see d: the subject is in the viewer's scope (or the viewer
 * sees all), but the subject sees an evaluation once it is signed, not the
 * draft. */
static bool
visible_to(const struct doc *d, const struct user_rec *viewer)
{
	return !(d->kind == DOC_EVALUATION && d->subject == viewer->id &&
	    d->author != viewer->id && d->state == DOC_DRAFT);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

struct idset {
	uint64_t	*v;
	uint32_t	 n, cap;
};

static void
idset_add(struct idset *s, uint64_t id)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = id;
}

static void
idset_sort(struct idset *s)
{
	uint32_t k = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof *s->v, cmp_u64);
	for (uint32_t i = 0; i < s->n; i++)
		if (k == 0 || s->v[k - 1] != s->v[i])
			s->v[k++] = s->v[i];
	s->n = k;
}

/* The people whose records the viewer sees, by the rules of org_may_see
 * read once from the organisation: the viewer; for a department head the
 * members of their unit and the units below; for a supervising leader the
 * members of the units they supervise (the nearest supervisor up the tree),
 * whose reviewer they are. */
static int
scope_subjects(MDB_txn *txn, struct store *st, const struct user_rec *viewer, struct idset *out)
{
	struct unit_rec *units = NULL;
	uint32_t nunits = 0;
	int rc;

	idset_add(out, viewer->id);
	if (viewer->role != ROLE_DEPT_HEAD && viewer->role != ROLE_SUPERVISOR)
		return 0;
	if ((rc = org_units_load(txn, st, &units, &nunits)) != 0)
		return rc;
	for (uint32_t i = 0; i < nunits && rc == 0; i++) {
		uint64_t *ids;
		uint32_t n;
		bool in;

		if (viewer->role == ROLE_DEPT_HEAD)
			in = viewer->unit_id != 0 && within(units, nunits, units[i].id, viewer->unit_id);
		else
			in = org_unit_supervisor(txn, st, units[i].id) == viewer->id;
		if (!in)
			continue;
		if ((rc = store_unit_members(txn, st, units[i].id, &ids, &n)) != 0)
			break;
		for (uint32_t k = 0; k < n; k++)
			idset_add(out, ids[k]);
		free(ids);
	}
	schema_free_array(&unit_rec_desc, units, nunits);
	return rc;
}

/* Every record id about the subjects, from the "S" index. */
static int
subject_records(MDB_txn *txn, struct store *st, const struct idset *subjects, struct idset *out)
{
	MDB_cursor *c;
	int rc;

	if ((rc = mdb_cursor_open(txn, st->indexes, &c)) != 0)
		return rc;
	for (uint32_t i = 0; i < subjects->n && rc == 0; i++) {
		unsigned char lo[25];
		MDB_val kv = { subject_key(lo, subjects->v[i], 0, 0, 0), lo }, v;

		rc = mdb_cursor_get(c, &kv, &v, MDB_SET_RANGE);
		while (rc == 0 && kv.mv_size == 25 && memcmp(kv.mv_data, lo, 9) == 0) {
			idset_add(out, be64_get((const unsigned char *)kv.mv_data + 17));
			rc = mdb_cursor_get(c, &kv, &v, MDB_NEXT);
		}
		if (rc == MDB_NOTFOUND)
			rc = 0;
	}
	mdb_cursor_close(c);
	return rc;
}

static void
page_take(struct doc **out, uint32_t *n, struct doc *d)
{
	*out = xrealloc(*out, (*n + 1) * sizeof **out);
	(*out)[(*n)++] = *d;
	memset(d, 0, sizeof *d);	/* taken over */
}

/* The all-seeing read every current record: walk them by id. */
static int
page_all(MDB_txn *txn, struct store *st, const struct user_rec *viewer, uint64_t after,
    uint32_t max, struct doc **out, uint32_t *n, uint64_t *next)
{
	unsigned char k0[9];
	MDB_cursor *c;
	MDB_val k = { doc_key(k0, after + 1), k0 }, v;
	int rc;

	if (after == UINT64_MAX)
		return 0;
	if ((rc = mdb_cursor_open(txn, st->records, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'R') {
		struct codec_error err;
		struct doc d;

		if (*n == max) {
			*next = (*out)[*n - 1].id;
			break;
		}
		if (codec_decode_record(&doc_desc, v.mv_data, v.mv_size, &d, &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		if (docop_successor(txn, st, d.id) == 0 && visible_to(&d, viewer))
			page_take(out, n, &d);
		schema_free(&doc_desc, &d);
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

/* Everyone else reads the records about the people in their scope, found
 * through the "S" index: O(records the viewer sees), not O(records). */
static int
page_scope(MDB_txn *txn, struct store *st, const struct user_rec *viewer, uint64_t after,
    uint32_t max, struct doc **out, uint32_t *n, uint64_t *next)
{
	struct idset subjects = { 0 }, ids = { 0 };
	int rc;

	if ((rc = scope_subjects(txn, st, viewer, &subjects)) != 0 ||
	    (rc = subject_records(txn, st, &subjects, &ids)) != 0)
		goto done;
	idset_sort(&ids);
	for (uint32_t i = 0; i < ids.n; i++) {
		struct doc d;

		if (ids.v[i] <= after || docop_successor(txn, st, ids.v[i]) != 0)
			continue;
		if (*n == max) {
			*next = (*out)[*n - 1].id;
			break;
		}
		if ((rc = docop_get(txn, st, ids.v[i], &d)) != 0)
			break;
		if (visible_to(&d, viewer))
			page_take(out, n, &d);
		schema_free(&doc_desc, &d);
	}
done:
	free(subjects.v);
	free(ids.v);
	return rc;
}

int
docop_visible_page(MDB_txn *txn, struct store *st, const struct user_rec *viewer,
    uint64_t after, uint32_t max, struct doc **out, uint32_t *n, uint64_t *next)
{
	int rc;

	*out = NULL;
	*n = 0;
	*next = 0;
	if (max == 0)
		max = UINT32_MAX;
	rc = org_sees_all(viewer->role) ? page_all(txn, st, viewer, after, max, out, n, next) :
	    page_scope(txn, st, viewer, after, max, out, n, next);
	if (rc != 0) {
		schema_free_array(&doc_desc, *out, *n);
		*out = NULL;
		*n = 0;
		*next = 0;
	}
	return rc;
}

int
docop_visible(MDB_txn *txn, struct store *st, const struct user_rec *viewer,
    struct doc **out, uint32_t *n)
{
	uint64_t next;

	return docop_visible_page(txn, st, viewer, 0, 0, out, n, &next);
}

void
docop_slim(struct doc *d)
{
	schema_free_array(&doc_field_desc, d->fields, d->fields_n);
	schema_free_array(&unfinished_task_desc, d->unfinished, d->unfinished_n);
	d->fields = NULL;
	d->fields_n = 0;
	d->unfinished = NULL;
	d->unfinished_n = 0;
	free(d->comment);
	free(d->return_reason);
	free(d->correction_reason);
	d->comment = d->return_reason = d->correction_reason = NULL;
}
