/*
 * client-model.c: indexes over the synced copy and the list of work
 * waiting for the user (see client-model.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-model.h"
#include "client-sync.h"

/* One record's place in the by-subject index. */
struct doc_key {
	uint64_t	 subject;
	uint32_t	 kind;
	uint32_t	 period;
	uint64_t	 id;
	uint32_t	 index;		/* in the copy */
};

static struct doc_key *keys;	/* scratch for sorting, kept between builds */
static size_t keys_cap;

const char *
todo_kind_name(enum todo_kind k)
{
	static const char *const names[TODO_NKINDS] = {
		[TODO_REVIEW] = N_("To comment"),
		[TODO_SIGN] = N_("To sign"),
		[TODO_TALK] = N_("Talk"),
		[TODO_RETURNED] = N_("Sent back"),
		[TODO_SUMMARY] = N_("To write"),
		[TODO_MONTH] = N_("My month"),
	};

	return k < TODO_NKINDS ? _(names[k]) : "?";
}

bool
role_writes_monthly(uint32_t role)
{
	return role == ROLE_STAFF || role == ROLE_DEPT_HEAD || role == ROLE_SUPERVISOR;
}

bool
role_signs(uint32_t role)
{
	return role == ROLE_SUPERVISOR || role == ROLE_PRINCIPAL;
}

bool
role_sees_all(uint32_t role)
{
	return role == ROLE_PRINCIPAL || role == ROLE_ADMIN || role == ROLE_ORG_DEPT;
}

const struct person *
model_person(const struct model *m, uint64_t id)
{
	return m->sync != NULL ? sync_person_find(m->sync, id) : NULL;
}

const char *
model_name(const struct model *m, uint64_t id)
{
	const struct person *p = model_person(m, id);

	return p != NULL && p->display_name != NULL && *p->display_name != '\0' ?
	    p->display_name : "—";
}

const char *
model_unit_name(const struct model *m, uint64_t unit)
{
	const struct unit_rec *u = m->sync != NULL ? sync_unit_find(m->sync, unit) : NULL;

	return u != NULL && u->name != NULL ? u->name : "—";
}

uint32_t
model_role(const struct model *m, uint64_t id)
{
	const struct person *p = model_person(m, id);

	return p != NULL ? p->role : 0;
}

uint64_t
model_unit_of(const struct model *m, uint64_t id)
{
	const struct person *p = model_person(m, id);

	return p != NULL ? p->unit_id : 0;
}

uint64_t
model_unit_supervisor(const struct model *m, uint64_t unit)
{
	for (int depth = 0; unit != 0 && depth < 64; depth++) {
		const struct unit_rec *u = sync_unit_find(m->sync, unit);

		if (u == NULL)
			return 0;
		if (u->supervisor != 0)
			return u->supervisor;
		unit = u->parent;
	}
	return 0;
}

static uint64_t
principal(const struct model *m)
{
	size_t n = sync_person_count(m->sync);

	for (size_t i = 0; i < n; i++) {
		const struct person *p = sync_person(m->sync, i);

		if (p->role == ROLE_PRINCIPAL && !p->disabled)
			return p->id;
	}
	return 0;
}

uint64_t
model_reviewer_of(const struct model *m, const struct person *p)
{
	uint64_t sup;

	if (p->role == ROLE_PRINCIPAL)
		return 0;
	sup = model_unit_supervisor(m, p->unit_id);
	if (sup == 0 || sup == p->id || p->role == ROLE_SUPERVISOR)
		return principal(m);
	return sup;
}

static bool
unit_within(const struct model *m, uint64_t inner, uint64_t outer)
{
	for (int depth = 0; inner != 0 && depth < 64; depth++) {
		const struct unit_rec *u;

		if (inner == outer)
			return true;
		if ((u = sync_unit_find(m->sync, inner)) == NULL)
			return false;
		inner = u->parent;
	}
	return false;
}

bool
model_sees(const struct model *m, const struct person *p)
{
	const struct person *me = model_person(m, m->me);

	if (me == NULL)
		return p->id == m->me;
	if (p->id == me->id || role_sees_all(me->role))
		return true;
	switch (me->role) {
	case ROLE_DEPT_HEAD:
		return p->unit_id != 0 && unit_within(m, p->unit_id, me->unit_id);
	case ROLE_SUPERVISOR:
		return model_unit_supervisor(m, p->unit_id) == me->id ||
		    model_reviewer_of(m, p) == me->id;
	}
	return false;
}

/* ---- the by-subject index ---- */

static int
key_cmp(const void *a, const void *b)
{
	const struct doc_key *x = a, *y = b;

	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->period != y->period)
		return x->period < y->period ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

static void
build_index(struct model *m)
{
	size_t n = sync_doc_count(m->sync);

	if (n > keys_cap) {
		keys_cap = n + n / 2;
		keys = xrealloc(keys, keys_cap * sizeof *keys);
	}
	for (size_t i = 0; i < n; i++) {
		const struct doc *d = sync_doc(m->sync, i);

		keys[i] = (struct doc_key){ d->subject, d->kind, d->period, d->id, (uint32_t)i };
	}
	if (n > 1)
		qsort(keys, n, sizeof *keys, key_cmp);
	m->by_subject = xrealloc(m->by_subject, (n ? n : 1) * sizeof *m->by_subject);
	for (size_t i = 0; i < n; i++)
		m->by_subject[i] = keys[i].index;
	m->ndocs = n;
}

/* The first index position whose record sorts at or after the key. */
static size_t
lower_bound(const struct model *m, uint64_t subject, uint32_t kind, uint32_t period)
{
	size_t lo = 0, hi = m->ndocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct doc *d = sync_doc(m->sync, m->by_subject[mid]);
		struct doc_key a = { d->subject, d->kind, d->period, 0, 0 };
		struct doc_key b = { subject, kind, period, 0, 0 };

		if (key_cmp(&a, &b) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct doc *
model_doc_of(const struct model *m, uint64_t subject, uint32_t kind, uint32_t period)
{
	size_t i = lower_bound(m, subject, kind, period);
	const struct doc *d;

	if (i >= m->ndocs)
		return NULL;
	d = sync_doc(m->sync, m->by_subject[i]);
	if (d->subject != subject || d->kind != kind || d->period != period)
		return NULL;
	return d;
}

size_t
model_docs_about(const struct model *m, uint64_t subject, size_t *n)
{
	size_t first = lower_bound(m, subject, 0, 0), i = first;

	while (i < m->ndocs && sync_doc(m->sync, m->by_subject[i])->subject == subject)
		i++;
	*n = i - first;
	return first;
}

const struct doc *
model_doc_at(const struct model *m, size_t pos)
{
	return pos < m->ndocs ? sync_doc(m->sync, m->by_subject[pos]) : NULL;
}

uint32_t
model_due(const struct model *m, uint32_t period)
{
	const struct period_rec *p = m->sync != NULL ? sync_period_find(m->sync, period) : NULL;

	if (p != NULL && p->due != 0)
		return p->due;
	/* Outside the snapshot's periods: Monday to Friday, no holidays. */
	return calendar_due(NULL, period);
}

bool
model_locked(const struct model *m, uint32_t period)
{
	static const enum period_type types[] = {
		PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR
	};
	uint32_t first = period_first_day(period);

	if (first == 0 || m->sync == NULL)
		return false;
	for (size_t i = 0; i < nitems(types); i++) {
		uint32_t code = period_of_day(types[i], first);
		const struct period_rec *p = sync_period_find(m->sync, code);

		if (p != NULL && p->locked && period_contains(code, period))
			return true;
	}
	return false;
}

/* ---- the work waiting ---- */

static void
add_todo(struct model *m, enum todo_kind kind, const struct doc *d, uint64_t subject,
    uint32_t doc_kind, uint32_t period, uint64_t owner)
{
	struct todo *t;

	if (m->ntodo == m->todo_cap) {
		m->todo_cap = m->todo_cap ? m->todo_cap * 2 : 64;
		m->todo = xrealloc(m->todo, m->todo_cap * sizeof *m->todo);
	}
	t = &m->todo[m->ntodo++];
	memset(t, 0, sizeof *t);
	t->kind = kind;
	t->subject = subject;
	t->doc_kind = doc_kind;
	t->period = period;
	t->owner = owner;
	if (d != NULL) {
		t->doc = d->id;
		t->state = d->state;
		t->due = d->due;
	}
	if (t->due == 0)
		t->due = model_due(m, period);
}

static int
todo_cmp(const void *a, const void *b)
{
	const struct todo *x = a, *y = b;
	uint32_t dx = x->due ? x->due : 99999999, dy = y->due ? y->due : 99999999;

	if (dx != dy)
		return dx < dy ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	if (x->period != y->period)
		return x->period < y->period ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* Records already in the copy that wait for someone. */
static void
todo_from_docs(struct model *m, bool all)
{
	size_t n = sync_doc_count(m->sync);

	for (size_t i = 0; i < n; i++) {
		const struct doc *d = sync_doc(m->sync, i);
		bool author = all || d->author == m->me;

		/* Nothing in a closed period can be done any more. */
		if (d->state != DOC_DRAFT && d->state != DOC_SUBMITTED && d->state != DOC_RETURNED)
			continue;
		if (model_locked(m, d->period))
			continue;
		if ((d->kind == DOC_MONTHLY || d->kind == DOC_QUARTERLY) &&
		    d->state == DOC_SUBMITTED && (all || d->reviewer == m->me))
			add_todo(m, TODO_REVIEW, d, d->subject, d->kind, d->period, d->reviewer);
		else if (d->state == DOC_RETURNED && author)
			add_todo(m, TODO_RETURNED, d, d->subject, d->kind, d->period, d->author);
		else if (d->state != DOC_DRAFT || !author)
			continue;
		else if (d->kind == DOC_TASK)
			add_todo(m, TODO_TALK, d, d->subject, d->kind, d->period, d->author);
		else if (d->kind == DOC_EVALUATION)
			add_todo(m, TODO_SIGN, d, d->subject, d->kind, d->period, d->author);
		else if (d->kind == DOC_QUARTERLY && !all)
			add_todo(m, TODO_SUMMARY, d, d->subject, d->kind, d->period, d->author);
		else if (d->kind == DOC_MONTHLY && !all)
			add_todo(m, TODO_MONTH, d, d->subject, d->kind, d->period, d->author);
	}
}

/* Work that has no record yet: evaluations to sign this quarter, members'
 * summaries to write, the user's own monthly records. */
static void
todo_missing(struct model *m, const struct person *me, bool all)
{
	uint32_t quarter = period_of_day(PERIOD_QUARTER, m->today);
	uint32_t month = period_of_day(PERIOD_MONTH, m->today);
	size_t np = sync_person_count(m->sync);

	if (quarter == 0)
		return;
	for (size_t i = 0; i < np; i++) {
		const struct person *p = sync_person(m->sync, i);
		uint64_t r;

		if (p->disabled || p->role == ROLE_ORG_DEPT || p->id == m->me)
			continue;
		if ((all || role_signs(me->role)) && (r = model_reviewer_of(m, p)) != 0 &&
		    (all || r == m->me) && model_doc_of(m, p->id, DOC_EVALUATION, quarter) == NULL &&
		    !model_locked(m, quarter))
			add_todo(m, TODO_SIGN, NULL, p->id, DOC_EVALUATION, quarter, r);
		if (!all && me->role == ROLE_DEPT_HEAD && p->unit_id == me->unit_id &&
		    model_doc_of(m, p->id, DOC_QUARTERLY, quarter) == NULL &&
		    !model_locked(m, quarter))
			add_todo(m, TODO_SUMMARY, NULL, p->id, DOC_QUARTERLY, quarter, m->me);
	}
	if (all || !role_writes_monthly(me->role))
		return;
	/* This month, and the two before it while they are open. */
	for (int k = 0; k < 3 && month != 0; k++, month = period_prev(month))
		if (model_doc_of(m, m->me, DOC_MONTHLY, month) == NULL && !model_locked(m, month))
			add_todo(m, TODO_MONTH, NULL, m->me, DOC_MONTHLY, month, m->me);
}

bool
model_refresh(struct model *m, struct sync *s, uint64_t me, uint32_t today)
{
	const struct person *p;

	if (m->built && m->sync == s && m->generation == sync_generation(s) &&
	    m->today == today && m->me == me)
		return false;
	m->sync = s;
	m->generation = sync_generation(s);
	m->today = today;
	m->me = me;
	m->built = true;
	m->builds++;
	build_index(m);

	m->ntodo = 0;
	memset(m->count, 0, sizeof m->count);
	m->overdue = m->mine = 0;
	p = model_person(m, me);
	m->everyone = p != NULL && p->role == ROLE_ORG_DEPT;
	if (p != NULL) {
		todo_from_docs(m, m->everyone);
		todo_missing(m, p, m->everyone);
	}
	if (m->ntodo > 1)
		qsort(m->todo, m->ntodo, sizeof *m->todo, todo_cmp);
	for (size_t i = 0; i < m->ntodo; i++) {
		const struct todo *t = &m->todo[i];

		m->count[t->kind]++;
		if (t->due != 0 && t->due < today)
			m->overdue++;
		if (t->owner == me)
			m->mine++;
	}
	return true;
}

void
model_free(struct model *m)
{
	free(m->by_subject);
	free(m->todo);
	memset(m, 0, sizeof *m);
	free(keys);
	keys = NULL;
	keys_cap = 0;
}

void
model_summary(const struct model *m, bool brief, char *buf, size_t len)
{
	if (m->everyone)
		snprintf(buf, len, _("All open %zu  Late %u"), m->ntodo, m->overdue);
	else
		snprintf(buf, len, brief ? _("To do %zu Late %u Back %u") :
		    _("To do %zu  Late %u  Returned %u"), m->ntodo, m->overdue,
		    m->count[TODO_RETURNED]);
}
