/*
 * verify.c: the integrity scan of verify.h.  One pass per named database,
 * in key order, with point lookups for the cross-checks: the scan costs
 * about one read of the database, whatever its size, and holds no more in
 * memory than one user's place in the change chains.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "common/util.h"
#include "auth.h"
#include "progress.h"
#include "verify.h"

struct vctx {
	struct store		*st;
	MDB_txn			*txn;
	FILE			*out;
	unsigned		 max_lines;
	struct verify_counts	*n;
	/* meta */
	uint64_t		 epoch, seq, last_id, last_user, last_unit, last_audit;
	/* the largest in use */
	uint64_t		 max_seq, max_id, max_user, max_unit, max_audit;
	/* where the scan of one user's "C" chain, and of the log, has got to */
	uint64_t		 chain_user, chain_last, last_change;
	bool			 chain_open;
	/* the seqs found on some user's chain, one bit each (NULL: too many
	 * to hold, the check is skipped) */
	unsigned char		*on_chain;
	uint64_t		 on_chain_max;
};

/* A key as text: printable bytes as they are (UTF-8 too), others as \xNN. */
static void
key_text(const MDB_val *k, char *buf, size_t len)
{
	const unsigned char *p = k->mv_data;
	size_t o = 0;

	for (size_t i = 0; i < k->mv_size && o + 5 < len; i++) {
		if (p[i] >= 0x20 && p[i] != '\\' && p[i] != 0x7f)
			buf[o++] = (char)p[i];
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", p[i]);
	}
	buf[o] = '\0';
}

static void KH_PRINTF(4, 5)
problem(struct vctx *v, const char *db, const MDB_val *k, const char *fmt, ...)
{
	char kt[256];
	va_list ap;

	v->n->problems++;
	if (v->out == NULL || (v->max_lines != 0 && v->n->problems > v->max_lines))
		return;
	if (k != NULL)
		key_text(k, kt, sizeof kt);
	else
		strlcpy_kh(kt, "-", sizeof kt);
	fprintf(v->out, "%s %s: ", db, kt);
	va_start(ap, fmt);
	vfprintf(v->out, fmt, ap);
	va_end(ap);
	fputc('\n', v->out);
}

/* Decode v with desc into rec (freed by the caller on 0). */
static int
decode(const struct record_desc *desc, const MDB_val *val, void *rec)
{
	struct codec_error err;

	return codec_decode_record(desc, val->mv_data, val->mv_size, rec, &err);
}

/* Decode only, for records nothing else points at. */
static bool
decodes(struct vctx *v, const char *db, const MDB_val *k, const MDB_val *val,
    const struct record_desc *desc, const char *what)
{
	void *rec = xcalloc(1, desc->size);
	bool ok = decode(desc, val, rec) == 0;

	if (!ok)
		problem(v, db, k, "does not decode as %s", what);
	else
		schema_free(desc, rec);
	free(rec);
	return ok;
}

static bool
exists(struct vctx *v, MDB_dbi dbi, const void *key, size_t klen, MDB_val *out)
{
	MDB_val k = { klen, (void *)key }, val;

	return mdb_get(v->txn, dbi, &k, out != NULL ? out : &val) == 0;
}

static void
max_of(uint64_t *m, uint64_t x)
{
	if (x > *m)
		*m = x;
}

/* Walk every key of dbi, calling fn; an LMDB error ends the scan. */
static int
each(struct vctx *v, MDB_dbi dbi, void (*fn)(struct vctx *, const MDB_val *, const MDB_val *))
{
	MDB_cursor *c;
	MDB_val k, val;
	int rc;

	if ((rc = mdb_cursor_open(v->txn, dbi, &c)) != 0)
		return rc;
	for (rc = mdb_cursor_get(c, &k, &val, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &val, MDB_NEXT)) {
		v->n->keys++;
		progress_add(1);	/* kaohectl's bar, if it draws one */
		fn(v, &k, &val);
	}
	mdb_cursor_close(c);
	return rc == MDB_NOTFOUND ? 0 : rc;
}

static char
prefix(const MDB_val *k)
{
	return k->mv_size > 0 ? *(const char *)k->mv_data : '\0';
}

static const unsigned char *
kb(const MDB_val *k)
{
	return k->mv_data;
}

/* ---- meta ---- */

static void
meta_u64(struct vctx *v, const char *key, uint64_t *out)
{
	char buf[32], *end;
	MDB_val k = { strlen(key), (void *)key };

	*out = 0;
	if (store_meta_get(v->txn, v->st, key, buf, sizeof buf) != 0) {
		problem(v, "meta", &k, "missing or too long");
		return;
	}
	errno = 0;
	*out = strtoull(buf, &end, 10);
	if (errno != 0 || *end != '\0' || buf[0] == '\0')
		problem(v, "meta", &k, "\"%s\" is not a number", buf);
}

/* ---- users and units ---- */

static void
user_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	struct user_rec u;

	switch (prefix(k)) {
	case 'i': {
		if (k->mv_size != 9) {
			problem(v, "users", k, "a user key is 9 bytes");
			return;
		}
		uint64_t id = be64_get(kb(k) + 1);
		if (decode(&user_rec_desc, val, &u) != 0) {
			problem(v, "users", k, "does not decode as user_rec");
			return;
		}
		max_of(&v->max_user, id);
		if (u.id != id)
			problem(v, "users", k, "holds user %" PRIu64 ", not %" PRIu64, u.id, id);
		/* "l" + login -> id and "u" + unit + id must be there */
		size_t n = strlen(u.login);
		char *lk = xmalloc(n + 1);
		MDB_val lv;
		lk[0] = 'l';
		memcpy(lk + 1, u.login, n);
		if (!exists(v, v->st->users, lk, n + 1, &lv) || lv.mv_size != 8 ||
		    be64_get(lv.mv_data) != id)
			problem(v, "users", k, "login \"%s\" does not lead to it", u.login);
		free(lk);
		if (u.unit_id != 0) {
			unsigned char mk[17], uk[9];
			mk[0] = 'u';
			be64_put(mk + 1, u.unit_id);
			be64_put(mk + 9, id);
			if (!exists(v, v->st->users, mk, 17, NULL))
				problem(v, "users", k, "not listed as a member of unit %" PRIu64, u.unit_id);
			uk[0] = 'i';
			be64_put(uk + 1, u.unit_id);
			if (!exists(v, v->st->units, uk, 9, NULL))
				problem(v, "users", k, "in unit %" PRIu64 ", which does not exist", u.unit_id);
		}
		schema_free(&user_rec_desc, &u);
		return;
	}
	case 'l': {
		unsigned char ik[9];
		MDB_val uv;
		if (val->mv_size != 8) {
			problem(v, "users", k, "a login's value is a user id of 8 bytes");
			return;
		}
		ik[0] = 'i';
		be64_put(ik + 1, be64_get(val->mv_data));
		if (!exists(v, v->st->users, ik, 9, &uv) || decode(&user_rec_desc, &uv, &u) != 0) {
			problem(v, "users", k, "leads to user %" PRIu64 ", which does not exist",
			    be64_get(val->mv_data));
			return;
		}
		if (strlen(u.login) != k->mv_size - 1 || memcmp(u.login, kb(k) + 1, k->mv_size - 1) != 0)
			problem(v, "users", k, "leads to user %" PRIu64 ", whose login is \"%s\"", u.id, u.login);
		schema_free(&user_rec_desc, &u);
		return;
	}
	case 'u': {
		unsigned char ik[9];
		MDB_val uv;
		if (k->mv_size != 17) {
			problem(v, "users", k, "a member key is 17 bytes");
			return;
		}
		ik[0] = 'i';
		memcpy(ik + 1, kb(k) + 9, 8);
		if (!exists(v, v->st->users, ik, 9, &uv) || decode(&user_rec_desc, &uv, &u) != 0) {
			problem(v, "users", k, "lists user %" PRIu64 ", which does not exist", be64_get(ik + 1));
			return;
		}
		if (u.unit_id != be64_get(kb(k) + 1))
			problem(v, "users", k, "lists user %" PRIu64 " in unit %" PRIu64 ", who is in %" PRIu64,
			    u.id, be64_get(kb(k) + 1), u.unit_id);
		schema_free(&user_rec_desc, &u);
		return;
	}
	default:
		problem(v, "users", k, "no such kind of key");
	}
}

static void
unit_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	struct unit_rec u;

	if (prefix(k) == 'i' && k->mv_size == 9) {
		uint64_t id = be64_get(kb(k) + 1);
		if (decode(&unit_rec_desc, val, &u) != 0) {
			problem(v, "units", k, "does not decode as unit_rec");
			return;
		}
		max_of(&v->max_unit, id);
		if (u.id != id)
			problem(v, "units", k, "holds unit %" PRIu64 ", not %" PRIu64, u.id, id);
		size_t n = strlen(u.name);
		char *nk = xmalloc(n + 1);
		MDB_val nv;
		nk[0] = 'n';
		memcpy(nk + 1, u.name, n);
		if (!exists(v, v->st->units, nk, n + 1, &nv) || nv.mv_size != 8 || be64_get(nv.mv_data) != id)
			problem(v, "units", k, "its name \"%s\" does not lead to it", u.name);
		free(nk);
		schema_free(&unit_rec_desc, &u);
	} else if (prefix(k) == 'n') {
		unsigned char ik[9];
		if (val->mv_size != 8) {
			problem(v, "units", k, "a name's value is a unit id of 8 bytes");
			return;
		}
		ik[0] = 'i';
		memcpy(ik + 1, val->mv_data, 8);
		if (!exists(v, v->st->units, ik, 9, NULL))
			problem(v, "units", k, "leads to unit %" PRIu64 ", which does not exist",
			    be64_get(val->mv_data));
	} else
		problem(v, "units", k, "no such kind of key");
}

/* ---- small databases: decode every value ---- */

static void
session_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	struct session_rec s;
	unsigned char uk[9];

	if (decode(&session_rec_desc, val, &s) != 0) {
		problem(v, "sessions", k, "does not decode as session_rec");
		return;
	}
	uk[0] = 'i';
	be64_put(uk + 1, s.user);
	if (!exists(v, v->st->users, uk, 9, NULL))
		problem(v, "sessions", k, "belongs to user %" PRIu64 ", who is not there", s.user);
	schema_free(&session_rec_desc, &s);
}

static void
calendar_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	if (k->mv_size != 4)
		problem(v, "calendar", k, "a date key is 4 bytes");
	decodes(v, "calendar", k, val, &calendar_day_desc, "calendar_day");
}

static void
period_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	if (k->mv_size != 4)
		problem(v, "periods", k, "a period key is 4 bytes");
	decodes(v, "periods", k, val, &period_rec_desc, "period_rec");
}

static void
audit_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	struct audit_rec a;

	if (k->mv_size != 8) {
		problem(v, "audit", k, "an audit key is 8 bytes");
		return;
	}
	if (decode(&audit_rec_desc, val, &a) != 0) {
		problem(v, "audit", k, "does not decode as audit_rec");
		return;
	}
	max_of(&v->max_audit, be64_get(kb(k)));
	if (a.id != be64_get(kb(k)))
		problem(v, "audit", k, "holds line %" PRIu64, a.id);
	schema_free(&audit_rec_desc, &a);
}

/* ---- records and their indexes ---- */

/* The "K" or "Z" index entry of id must hold the record's own key. */
static void
id_index_back(struct vctx *v, const MDB_val *k, char kind, uint64_t id)
{
	unsigned char ik[9];
	MDB_val iv;

	ik[0] = (unsigned char)kind;
	be64_put(ik + 1, id);
	if (!exists(v, v->st->indexes, ik, 9, &iv) || iv.mv_size != k->mv_size ||
	    memcmp(iv.mv_data, k->mv_data, k->mv_size) != 0)
		problem(v, "records", k, "its \"%c\" index entry (id %" PRIu64 ") does not lead to it", kind, id);
}

static void
record_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	v->n->records++;
	switch (prefix(k)) {
	case 'L': {
		struct log_entry e;
		unsigned char dk[21];
		if (k->mv_size != 9 || decode(&log_entry_desc, val, &e) != 0) {
			problem(v, "records", k, "does not decode as log_entry");
			return;
		}
		uint64_t id = be64_get(kb(k) + 1);
		max_of(&v->max_id, id);
		if (e.id != id)
			problem(v, "records", k, "holds log entry %" PRIu64 ", not %" PRIu64, e.id, id);
		dk[0] = 'D';
		be64_put(dk + 1, e.owner);
		be32_put(dk + 9, e.date);
		be64_put(dk + 13, id);
		if (!exists(v, v->st->indexes, dk, 21, NULL))
			problem(v, "records", k, "log entry %" PRIu64 " of user %" PRIu64 " on %" PRIu32
			    " has no \"D\" index entry", id, e.owner, e.date);
		schema_free(&log_entry_desc, &e);
		return;
	}
	case 'R': {
		struct doc d;
		unsigned char sk[25];
		if (k->mv_size != 9 || decode(&doc_desc, val, &d) != 0) {
			problem(v, "records", k, "does not decode as doc");
			return;
		}
		uint64_t id = be64_get(kb(k) + 1);
		max_of(&v->max_id, id);
		if (d.id != id)
			problem(v, "records", k, "holds record %" PRIu64 ", not %" PRIu64, d.id, id);
		sk[0] = 'S';
		be64_put(sk + 1, d.subject);
		be32_put(sk + 9, d.period);
		be32_put(sk + 13, d.kind);
		be64_put(sk + 17, id);
		if (!exists(v, v->st->indexes, sk, 25, NULL))
			problem(v, "records", k, "record %" PRIu64 " about user %" PRIu64 " has no \"S\" index entry",
			    id, d.subject);
		schema_free(&doc_desc, &d);
		return;
	}
	case 'K': {
		struct commendation_rec c;
		if (decode(&commendation_rec_desc, val, &c) != 0) {
			problem(v, "records", k, "does not decode as commendation_rec");
			return;
		}
		max_of(&v->max_id, c.id);
		id_index_back(v, k, 'K', c.id);
		schema_free(&commendation_rec_desc, &c);
		return;
	}
	case 'Z': {
		struct ledger_rec e;
		if (decode(&ledger_rec_desc, val, &e) != 0) {
			problem(v, "records", k, "does not decode as ledger_rec");
			return;
		}
		max_of(&v->max_id, e.id);
		id_index_back(v, k, 'Z', e.id);
		schema_free(&ledger_rec_desc, &e);
		return;
	}
	case 'Q': {
		struct rectify_rec q;
		if (k->mv_size != 9 || decode(&rectify_rec_desc, val, &q) != 0) {
			problem(v, "records", k, "does not decode as rectify_rec");
			return;
		}
		max_of(&v->max_id, be64_get(kb(k) + 1));
		if (q.id != be64_get(kb(k) + 1))
			problem(v, "records", k, "holds notice %" PRIu64, q.id);
		schema_free(&rectify_rec_desc, &q);
		return;
	}
	case 'Y': {
		struct sample_rec y;
		if (k->mv_size != 9 || decode(&sample_rec_desc, val, &y) != 0) {
			problem(v, "records", k, "does not decode as sample_rec");
			return;
		}
		max_of(&v->max_id, be64_get(kb(k) + 1));
		if (y.id != be64_get(kb(k) + 1))
			problem(v, "records", k, "holds draw %" PRIu64, y.id);
		schema_free(&sample_rec_desc, &y);
		return;
	}
	case 'G': decodes(v, "records", k, val, &plan_use_desc, "plan_use"); return;
	case 'J': decodes(v, "records", k, val, &named_score_desc, "named_score"); return;
	case 'A': decodes(v, "records", k, val, &peer_tally_desc, "peer_tally"); return;
	case 'H': decodes(v, "records", k, val, &sheet_desc, "sheet"); return;
	case 'P': decodes(v, "records", k, val, &results_rec_desc, "results_rec"); return;
	case 'O': decodes(v, "records", k, val, &rubric_sheet_desc, "rubric_sheet"); return;
	default:
		problem(v, "records", k, "no such kind of record");
	}
}

static void
chain_close(struct vctx *v)
{
	if (!v->chain_open)
		return;
	if (store_topic_seq(v->txn, v->st, v->chain_user) != v->chain_last) {
		unsigned char tk[9];
		MDB_val k = { 9, tk };
		tk[0] = 'T';
		be64_put(tk + 1, v->chain_user);
		problem(v, "indexes", &k, "user %" PRIu64 "'s latest change is %" PRIu64 ", not %" PRIu64,
		    v->chain_user, v->chain_last, store_topic_seq(v->txn, v->st, v->chain_user));
	}
	v->chain_open = false;
}

static void
index_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	char p = prefix(k);

	if (p != 'C')
		chain_close(v);
	switch (p) {
	case 'D': {
		struct log_entry e;
		unsigned char rk[9];
		MDB_val rv;
		if (k->mv_size != 21) {
			problem(v, "indexes", k, "a \"D\" key is 21 bytes");
			return;
		}
		rk[0] = 'L';
		memcpy(rk + 1, kb(k) + 13, 8);
		if (!exists(v, v->st->records, rk, 9, &rv) || decode(&log_entry_desc, &rv, &e) != 0) {
			problem(v, "indexes", k, "leads to log entry %" PRIu64 ", which does not exist",
			    be64_get(rk + 1));
			return;
		}
		if (e.owner != be64_get(kb(k) + 1) || e.date != be32_get(kb(k) + 9))
			problem(v, "indexes", k, "says user %" PRIu64 " on %" PRIu32 ", the entry says user %"
			    PRIu64 " on %" PRIu32, be64_get(kb(k) + 1), be32_get(kb(k) + 9), e.owner, e.date);
		schema_free(&log_entry_desc, &e);
		return;
	}
	case 'C': {
		unsigned char sk[8];
		if (k->mv_size != 17 || val->mv_size != 8) {
			problem(v, "indexes", k, "a \"C\" entry is a 17-byte key and an 8-byte seq");
			return;
		}
		uint64_t user = be64_get(kb(k) + 1), seq = be64_get(kb(k) + 9), prev = be64_get(val->mv_data);
		if (!v->chain_open || user != v->chain_user) {
			chain_close(v);
			v->chain_open = true;
			v->chain_user = user;
			v->chain_last = 0;
		}
		if (prev != v->chain_last)
			problem(v, "indexes", k, "user %" PRIu64 "'s change %" PRIu64 " says the one before was %"
			    PRIu64 ", it was %" PRIu64, user, seq, prev, v->chain_last);
		v->chain_last = seq;
		if (v->on_chain != NULL && seq <= v->on_chain_max)
			v->on_chain[seq / 8] |= (unsigned char)(1u << (seq % 8));
		memcpy(sk, kb(k) + 9, 8);
		if (!exists(v, v->st->changes, sk, 8, NULL))
			problem(v, "indexes", k, "change %" PRIu64 " is not in the change log", seq);
		return;
	}
	case 'T': {
		if (k->mv_size != 9 || val->mv_size != 8) {
			problem(v, "indexes", k, "a \"T\" entry is a 9-byte key and an 8-byte seq");
			return;
		}
		unsigned char ck[17];
		ck[0] = 'C';
		memcpy(ck + 1, kb(k) + 1, 8);
		memcpy(ck + 9, val->mv_data, 8);
		if (!exists(v, v->st->indexes, ck, 17, NULL))
			problem(v, "indexes", k, "user %" PRIu64 "'s latest change %" PRIu64 " is not in their chain",
			    be64_get(kb(k) + 1), be64_get(val->mv_data));
		return;
	}
	case 'S': {
		struct doc d;
		unsigned char rk[9];
		MDB_val rv;
		if (k->mv_size != 25) {
			problem(v, "indexes", k, "an \"S\" key is 25 bytes");
			return;
		}
		rk[0] = 'R';
		memcpy(rk + 1, kb(k) + 17, 8);
		if (!exists(v, v->st->records, rk, 9, &rv) || decode(&doc_desc, &rv, &d) != 0) {
			problem(v, "indexes", k, "leads to record %" PRIu64 ", which does not exist",
			    be64_get(rk + 1));
			return;
		}
		if (d.subject != be64_get(kb(k) + 1) || d.period != be32_get(kb(k) + 9) ||
		    d.kind != be32_get(kb(k) + 13))
			problem(v, "indexes", k, "does not agree with record %" PRIu64 "'s subject, period or kind",
			    d.id);
		schema_free(&doc_desc, &d);
		return;
	}
	case 'K':
	case 'Z': {
		MDB_val rv;
		if (k->mv_size != 9) {
			problem(v, "indexes", k, "a \"%c\" key is 9 bytes", p);
			return;
		}
		if (val->mv_size == 0 || *(const char *)val->mv_data != p ||
		    mdb_get(v->txn, v->st->records, (MDB_val *)val, &rv) != 0)
			problem(v, "indexes", k, "leads to no record");
		return;
	}
	case 'N': {
		unsigned char rk[9];
		if (k->mv_size != 9 || val->mv_size != 8) {
			problem(v, "indexes", k, "an \"N\" entry is a 9-byte key and an 8-byte id");
			return;
		}
		rk[0] = 'R';
		memcpy(rk + 1, kb(k) + 1, 8);
		if (!exists(v, v->st->records, rk, 9, NULL))
			problem(v, "indexes", k, "the corrected record %" PRIu64 " does not exist", be64_get(rk + 1));
		memcpy(rk + 1, val->mv_data, 8);
		if (!exists(v, v->st->records, rk, 9, NULL))
			problem(v, "indexes", k, "the correction %" PRIu64 " does not exist", be64_get(rk + 1));
		return;
	}
	case 'V':
		return;		/* a voter's marker: nothing to compare it with */
	default:
		problem(v, "indexes", k, "no such kind of index entry");
	}
}

/* ---- the change log ---- */

static void
change_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	struct change ch;

	v->n->changes++;
	if (k->mv_size != 8) {
		problem(v, "changes", k, "a seq is 8 bytes");
		return;
	}
	uint64_t seq = be64_get(kb(k));
	if (seq <= v->last_change)
		problem(v, "changes", k, "seq %" PRIu64 " after %" PRIu64, seq, v->last_change);
	v->last_change = seq;
	max_of(&v->max_seq, seq);
	if (decode(&change_desc, val, &ch) != 0) {
		problem(v, "changes", k, "does not decode as change");
		return;
	}
	/* ch.epoch is not compared with meta's: a restored copy gets a new
	 * epoch (kaohectl restore) and keeps the log it had. */
	if (ch.seq != seq)
		problem(v, "changes", k, "holds seq %" PRIu64 ", not %" PRIu64, ch.seq, seq);
	/* A change no user's chain holds reaches no client's resync. */
	if (v->on_chain != NULL && seq <= v->on_chain_max &&
	    !(v->on_chain[seq / 8] & (1u << (seq % 8))))
		problem(v, "changes", k, "change %" PRIu64 " is on no user's chain", seq);
	schema_free(&change_desc, &ch);
}

/* ---- requests and plans ---- */

static void
request_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	if (prefix(k) == 'q' && k->mv_size == 17)
		decodes(v, "requests", k, val, &stored_reply_desc, "stored_reply");
	else if (prefix(k) == 't' && k->mv_size == 25) {
		unsigned char qk[17];
		qk[0] = 'q';
		memcpy(qk + 1, kb(k) + 9, 16);
		if (!exists(v, v->st->requests, qk, 17, NULL))
			problem(v, "requests", k, "the memo it dates is not there");
	} else
		problem(v, "requests", k, "no such kind of key");
}

static void
plan_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	switch (prefix(k)) {
	case 'p':
		decodes(v, "plans", k, val, &plan_desc, "plan");
		return;
	case 'l':
		decodes(v, "plans", k, val, &ledger_def_desc, "ledger_def");
		return;
	case 'v': {
		unsigned char pk[256];
		if (val->mv_size != 4 || k->mv_size + 5 > sizeof pk) {
			problem(v, "plans", k, "a latest version is 4 bytes");
			return;
		}
		memcpy(pk, k->mv_data, k->mv_size);
		pk[0] = 'p';
		pk[k->mv_size] = '\0';
		memcpy(pk + k->mv_size + 1, val->mv_data, 4);
		if (!exists(v, v->st->plans, pk, k->mv_size + 5, NULL))
			problem(v, "plans", k, "its latest version %" PRIu32 " is not there", be32_get(val->mv_data));
		return;
	}
	default:
		problem(v, "plans", k, "no such kind of key");
	}
}

/* ---- meta's account locks (auth.h) ---- */

static void
meta_key(struct vctx *v, const MDB_val *k, const MDB_val *val)
{
	size_t n = sizeof AUTH_LOCK_PREFIX - 1;
	char buf[32], *end;

	if (k->mv_size <= n || memcmp(k->mv_data, AUTH_LOCK_PREFIX, n) != 0)
		return;		/* the counters, checked by name */
	char *lk = xmalloc(k->mv_size - n + 1);
	lk[0] = 'l';
	memcpy(lk + 1, kb(k) + n, k->mv_size - n);
	if (!exists(v, v->st->users, lk, k->mv_size - n + 1, NULL))
		problem(v, "meta", k, "locks an account that is not there");
	free(lk);
	if (val->mv_size == 0 || val->mv_size >= sizeof buf) {
		problem(v, "meta", k, "a lock's end is a number of milliseconds");
		return;
	}
	memcpy(buf, val->mv_data, val->mv_size);
	buf[val->mv_size] = '\0';
	errno = 0;
	(void)strtoull(buf, &end, 10);
	if (errno != 0 || *end != '\0')
		problem(v, "meta", k, "a lock's end is a number of milliseconds, not \"%s\"", buf);
}

static void
counter(struct vctx *v, const char *name, uint64_t meta, uint64_t used)
{
	MDB_val k = { strlen(name), (void *)name };

	if (meta < used)
		problem(v, "meta", &k, "is %" PRIu64 ", but %" PRIu64 " is in use", meta, used);
}

int
verify_store(struct store *st, FILE *out, unsigned max_lines, struct verify_counts *n)
{
	struct vctx v = { .st = st, .out = out, .max_lines = max_lines, .n = n };
	struct {
		MDB_dbi dbi;
		void (*fn)(struct vctx *, const MDB_val *, const MDB_val *);
	} dbs[] = {
		{ st->users, user_key }, { st->units, unit_key }, { st->sessions, session_key },
		{ st->calendar, calendar_key }, { st->periods, period_key }, { st->audit, audit_key },
		{ st->records, record_key }, { st->indexes, index_key }, { st->changes, change_key },
		{ st->requests, request_key }, { st->plans, plan_key }, { st->meta, meta_key },
	};
	int rc;

	memset(n, 0, sizeof *n);
	if ((rc = store_read_begin(st, &v.txn)) != 0)
		return rc;
	meta_u64(&v, "epoch", &v.epoch);
	meta_u64(&v, "seq", &v.seq);
	meta_u64(&v, "last_id", &v.last_id);
	meta_u64(&v, "last_user", &v.last_user);
	meta_u64(&v, "last_unit", &v.last_unit);
	meta_u64(&v, "last_audit", &v.last_audit);
	if (v.epoch == 0)
		problem(&v, "meta", &(MDB_val){ 5, "epoch" }, "is 0: no database has that epoch");
	/* One bit a change: 1.25 MB for 10 million. */
	if (v.seq < (1ull << 32)) {
		v.on_chain_max = v.seq;
		v.on_chain = xcalloc(v.seq / 8 + 1, 1);
	}
	for (size_t i = 0; i < nitems(dbs) && rc == 0; i++) {
		rc = each(&v, dbs[i].dbi, dbs[i].fn);
		chain_close(&v);
	}
	if (rc == 0) {
		counter(&v, "seq", v.seq, v.max_seq);
		counter(&v, "last_id", v.last_id, v.max_id);
		counter(&v, "last_user", v.last_user, v.max_user);
		counter(&v, "last_unit", v.last_unit, v.max_unit);
		counter(&v, "last_audit", v.last_audit, v.max_audit);
	}
	mdb_txn_abort(v.txn);
	free(v.on_chain);
	return rc;
}
