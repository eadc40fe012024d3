/*
 * org.c: units, membership and the reviewing relationships (see org.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/util.h"
#include "csv.h"
#include "org.h"

static size_t
unit_key(unsigned char *k, uint64_t id)
{
	k[0] = 'i';
	be64_put(k + 1, id);
	return 9;
}

int
org_unit_get(MDB_txn *txn, struct store *st, uint64_t id, struct unit_rec *u)
{
	unsigned char k[9];

	return store_get_rec(txn, st->units, k, unit_key(k, id), &unit_rec_desc, u);
}

static MDB_val
name_key(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	if (n + 1 > len)
		n = len - 1;
	buf[0] = 'n';
	memcpy(buf + 1, name, n);
	return (MDB_val){ n + 1, buf };
}

int
org_unit_by_name(MDB_txn *txn, struct store *st, const char *name, struct unit_rec *u)
{
	char buf[160];
	MDB_val k = name_key(name, buf, sizeof buf), v;
	int rc;

	if ((rc = mdb_get(txn, st->units, &k, &v)) != 0)
		return rc;
	if (v.mv_size != 8)
		return MDB_CORRUPTED;
	return org_unit_get(txn, st, be64_get(v.mv_data), u);
}

static int
unit_error(struct codec_error *err, const char *field, const char *message)
{
	err->code = KH_ERR_INVALID;
	strlcpy_kh(err->field, field, sizeof err->field);
	strlcpy_kh(err->message, message, sizeof err->message);
	return -1;
}

int
org_unit_put(struct wtx *w, struct unit_rec *u, struct codec_error *err)
{
	struct store *st = w->st;
	struct unit_rec old = { 0 }, other;
	unsigned char k[9], idb[8];
	char buf[160];
	MDB_val nk, v;
	bool exists = false;
	int rc;

	if (u->name == NULL || u->name[0] == '\0' || strlen(u->name) > 128 ||
	    !utf8_valid(u->name, strlen(u->name)))
		return unit_error(err, "name", _("A unit needs a name of at most 128 bytes"));
	if (u->kind != 1 && u->kind != 2)
		return unit_error(err, "kind", _("A unit is an office (1) or a department (2)"));
	/* The category is matched against plans' subjects and sampling as
	 * text, so it must be one clean line. */
	if (u->category != NULL && (strlen(u->category) > ORG_CATEGORY_MAX ||
	    !utf8_valid(u->category, strlen(u->category)) || !csv_text_ok(u->category)))
		return unit_error(err, "category",
		    _("Category: one line of at most 32 bytes, no control characters"));
	if (u->id != 0) {
		if ((rc = org_unit_get(w->txn, st, u->id, &old)) == MDB_NOTFOUND)
			return unit_error(err, "id", _("No such unit"));
		else if (rc != 0)
			return rc;
		exists = true;
	}
	/* The parent must exist, and must not be the unit or below it. */
	for (uint64_t p = u->parent; p != 0; ) {
		if (u->id != 0 && p == u->id) {
			schema_free(&unit_rec_desc, &old);
			return unit_error(err, "parent",
			    _("The parent cannot be the unit itself or a unit below it"));
		}
		if ((rc = org_unit_get(w->txn, st, p, &other)) != 0) {
			schema_free(&unit_rec_desc, &old);
			return rc == MDB_NOTFOUND ? unit_error(err, "parent",
			    _("No such parent unit")) : rc;
		}
		p = other.parent;
		schema_free(&unit_rec_desc, &other);
	}
	if (u->supervisor != 0) {
		struct user_rec s;

		if ((rc = store_user_get(w->txn, st, u->supervisor, &s)) != 0) {
			schema_free(&unit_rec_desc, &old);
			return rc == MDB_NOTFOUND ? unit_error(err, "supervisor",
			    _("No such supervising leader")) : rc;
		}
		bool ok = s.role == ROLE_SUPERVISOR || s.role == ROLE_PRINCIPAL;
		schema_free(&user_rec_desc, &s);
		if (!ok) {
			schema_free(&unit_rec_desc, &old);
			return unit_error(err, "supervisor",
			    _("The supervisor must be a supervising leader or the principal leader"));
		}
	}
	/* Names are unique. */
	nk = name_key(u->name, buf, sizeof buf);
	if ((rc = mdb_get(w->txn, st->units, &nk, &v)) == 0 &&
	    (v.mv_size != 8 || be64_get(v.mv_data) != u->id)) {
		schema_free(&unit_rec_desc, &old);
		return unit_error(err, "name", _("A unit of that name exists already"));
	}
	if (exists && strcmp(old.name, u->name) != 0) {
		char obuf[160];
		MDB_val ok = name_key(old.name, obuf, sizeof obuf);
		if ((rc = mdb_del(w->txn, st->units, &ok, NULL)) != 0 && rc != MDB_NOTFOUND) {
			schema_free(&unit_rec_desc, &old);
			return rc;
		}
	}
	schema_free(&unit_rec_desc, &old);
	w->org_changed = true;
	if (u->id == 0)
		u->id = ++w->last_unit;
	be64_put(idb, u->id);
	v = (MDB_val){ 8, idb };
	if ((rc = mdb_put(w->txn, st->units, &nk, &v, 0)) != 0)
		return rc;
	return store_put_rec(w->txn, st->units, k, unit_key(k, u->id), &unit_rec_desc, u);
}

int
org_units_load(MDB_txn *txn, struct store *st, struct unit_rec **out, uint32_t *n)
{
	MDB_cursor *c;
	MDB_val k = { 1, "i" }, v;
	uint32_t cap = 16;
	int rc;

	*out = xcalloc(cap, sizeof **out);
	*n = 0;
	if ((rc = mdb_cursor_open(txn, st->units, &c)) != 0)
		return rc;
	rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	while (rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'i') {
		struct codec_error err;

		if (*n == cap) {
			cap *= 2;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		if (codec_decode_record(&unit_rec_desc, v.mv_data, v.mv_size, &(*out)[*n], &err) != 0) {
			rc = MDB_CORRUPTED;
			break;
		}
		(*n)++;
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc == MDB_NOTFOUND)
		rc = 0;
	if (rc != 0) {
		schema_free_array(&unit_rec_desc, *out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

uint64_t
org_unit_supervisor(MDB_txn *txn, struct store *st, uint64_t unit)
{
	/* Depth is bounded: org_unit_put refuses cycles. */
	for (int depth = 0; unit != 0 && depth < 64; depth++) {
		struct unit_rec u;
		uint64_t sup, parent;

		if (org_unit_get(txn, st, unit, &u) != 0)
			return 0;
		sup = u.supervisor;
		parent = u.parent;
		schema_free(&unit_rec_desc, &u);
		if (sup != 0)
			return sup;
		unit = parent;
	}
	return 0;
}

struct find_role {
	uint32_t	 role;
	uint64_t	 unit;		/* 0: any */
	uint64_t	 found;
};

static int
find_role(const struct user_rec *u, void *arg)
{
	struct find_role *f = arg;

	if (u->role == f->role && !u->disabled && (f->unit == 0 || u->unit_id == f->unit)) {
		f->found = u->id;
		return 1;
	}
	return 0;
}

static int
collect_seer(const struct user_rec *u, void *arg)
{
	struct store *st = arg;

	if (org_sees_all(u->role) && !u->disabled) {
		st->seers = xrealloc(st->seers, (st->nseers + 1) * sizeof *st->seers);
		st->seers[st->nseers++] = u->id;
	}
	return 0;
}

int
org_all_seeing(MDB_txn *txn, struct store *st, const uint64_t **ids, uint32_t *n)
{
	uint64_t version = store_org_version(txn, st);
	int rc;

	/* Another process's account change raises the organisation version
	 * when it commits; this process's own, even uncommitted, counts in
	 * user_writes. */
	if (!st->seers_valid || st->seers_org_version != version ||
	    st->seers_user_writes != st->user_writes) {
		st->nseers = 0;
		st->seers_valid = false;
		if ((rc = store_user_each(txn, st, collect_seer, st)) != 0)
			return rc;
		st->seers_valid = true;
		st->seers_org_version = version;
		st->seers_user_writes = st->user_writes;
	}
	*ids = st->seers;
	*n = st->nseers;
	return 0;
}

uint64_t
org_principal(MDB_txn *txn, struct store *st)
{
	struct find_role f = { ROLE_PRINCIPAL, 0, 0 };

	store_user_each(txn, st, find_role, &f);
	return f.found;
}

uint64_t
org_unit_head(MDB_txn *txn, struct store *st, uint64_t unit)
{
	uint64_t *ids, head = 0;
	uint32_t n;

	if (store_unit_members(txn, st, unit, &ids, &n) != 0)
		return 0;
	for (uint32_t i = 0; i < n && head == 0; i++) {
		struct user_rec u;

		if (store_user_get(txn, st, ids[i], &u) == 0) {
			if (u.role == ROLE_DEPT_HEAD && !u.disabled)
				head = u.id;
			schema_free(&user_rec_desc, &u);
		}
	}
	free(ids);
	return head;
}

uint64_t
org_reviewer_of(MDB_txn *txn, struct store *st, const struct user_rec *u)
{
	uint64_t sup;

	if (u->role == ROLE_PRINCIPAL)
		return 0;	/* nobody above in this office */
	sup = org_unit_supervisor(txn, st, u->unit_id);
	if (sup == 0 || sup == u->id || u->role == ROLE_SUPERVISOR)
		return org_principal(txn, st);
	return sup;
}

bool
org_sees_all(uint32_t role)
{
	return role == ROLE_PRINCIPAL || role == ROLE_ADMIN || role == ROLE_ORG_DEPT;
}

/* True if unit `inner` is `outer` or below it. */
static bool
unit_within(MDB_txn *txn, struct store *st, uint64_t inner, uint64_t outer)
{
	for (int depth = 0; inner != 0 && depth < 64; depth++) {
		struct unit_rec u;
		uint64_t parent;

		if (inner == outer)
			return true;
		if (org_unit_get(txn, st, inner, &u) != 0)
			return false;
		parent = u.parent;
		schema_free(&unit_rec_desc, &u);
		inner = parent;
	}
	return false;
}

bool
org_may_see(MDB_txn *txn, struct store *st, const struct user_rec *viewer,
    const struct user_rec *subject)
{
	if (viewer->id == subject->id || org_sees_all(viewer->role))
		return true;
	switch (viewer->role) {
	case ROLE_DEPT_HEAD:
		return subject->unit_id != 0 && unit_within(txn, st, subject->unit_id, viewer->unit_id);
	case ROLE_SUPERVISOR:
		return org_unit_supervisor(txn, st, subject->unit_id) == viewer->id ||
		    org_reviewer_of(txn, st, subject) == viewer->id;
	default:
		return false;
	}
}
