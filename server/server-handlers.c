/*
 * server-handlers.c: one handler per request type, in a table.
 *
 * A handler runs inside the batch's transaction and either fills the
 * request's reply or defers it (login, whose password check runs on the
 * worker thread).  Whoever the request claims to be, the user is the one
 * its session token belongs to: the server decides what a user may touch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "common/forms.h"
#include "common/period.h"
#include "auth.h"
#include "calendar.h"
#include "ledger-ops.h"
#include "log-ops.h"
#include "login-guard.h"
#include "org.h"
#include "rubric-ops.h"
#include "score-ops.h"
#include "server.h"

struct handler {
	uint32_t	 type;
	bool		 write;
	bool		 session;	/* needs a valid session */
	void		(*fn)(struct handler_ctx *, struct request *);
};

static void handle_login(struct handler_ctx *, struct request *);
static void handle_logout(struct handler_ctx *, struct request *);
static void handle_log_put(struct handler_ctx *, struct request *);
static void handle_log_delete(struct handler_ctx *, struct request *);
static void handle_sync(struct handler_ctx *, struct request *);
static void handle_doc(struct handler_ctx *, struct request *);
static void handle_publish(struct handler_ctx *, struct request *);
static void handle_history(struct handler_ctx *, struct request *);
static void handle_unit_put(struct handler_ctx *, struct request *);
static void handle_user_put(struct handler_ctx *, struct request *);
static void handle_period_lock(struct handler_ctx *, struct request *);
static void handle_audit_list(struct handler_ctx *, struct request *);
static void handle_score_put(struct handler_ctx *, struct request *);
static void handle_scoring(struct handler_ctx *, struct request *);
static void handle_sheets(struct handler_ctx *, struct request *);
static void handle_ballot(struct handler_ctx *, struct request *);
static void handle_rubric(struct handler_ctx *, struct request *);
static void handle_rubric_sheets(struct handler_ctx *, struct request *);
static void handle_sample_draw(struct handler_ctx *, struct request *);
static void handle_ledger_write(struct handler_ctx *, struct request *);
static void handle_ledgers(struct handler_ctx *, struct request *);

static int request_actor(struct handler_ctx *, struct request *, struct user_rec *);
static const struct calendar *batch_calendar(struct handler_ctx *);

static const struct handler handlers[] = {
	{ MSG_LOGIN, false, false, handle_login },
	{ MSG_LOGOUT, true, true, handle_logout },
	{ MSG_LOG_PUT, true, true, handle_log_put },
	{ MSG_LOG_DELETE, true, true, handle_log_delete },
	{ MSG_SYNC, false, true, handle_sync },
	{ MSG_DOC_SAVE, true, true, handle_doc },
	{ MSG_DOC_ACT, true, true, handle_doc },
	{ MSG_PUBLISH, true, true, handle_publish },
	{ MSG_HISTORY, false, true, handle_history },
	{ MSG_UNIT_PUT, true, true, handle_unit_put },
	{ MSG_USER_PUT, true, true, handle_user_put },
	{ MSG_PERIOD_LOCK, true, true, handle_period_lock },
	{ MSG_AUDIT_LIST, false, true, handle_audit_list },
	{ MSG_SCORE_PUT, true, true, handle_score_put },
	{ MSG_COMMEND_PUT, true, true, handle_scoring },
	{ MSG_COMMEND_DELETE, true, true, handle_scoring },
	{ MSG_SHEETS, false, true, handle_sheets },
	{ MSG_RESULTS_PUBLISH, true, true, handle_scoring },
	{ MSG_BALLOT, false, true, handle_ballot },
	{ MSG_SELF_PUT, true, true, handle_rubric },
	{ MSG_FINDING_PUT, true, true, handle_rubric },
	{ MSG_FINDING_DELETE, true, true, handle_rubric },
	{ MSG_RUBRIC_ACT, true, true, handle_rubric },
	{ MSG_RUBRIC_SHEETS, false, true, handle_rubric_sheets },
	{ MSG_RECTIFY_ACT, true, true, handle_rubric },
	{ MSG_SAMPLE_DRAW, true, true, handle_sample_draw },
	{ MSG_LEDGER_PUT, true, true, handle_ledger_write },
	{ MSG_LEDGER_DELETE, true, true, handle_ledger_write },
	{ MSG_LEDGERS, false, true, handle_ledgers },
};

static const struct handler *
handler_find(uint32_t type)
{
	for (size_t i = 0; i < nitems(handlers); i++)
		if (handlers[i].type == type)
			return &handlers[i];
	return NULL;
}

bool
handler_is_write(uint32_t type)
{
	const struct handler *h = handler_find(type);

	return h != NULL && h->write;
}

void
request_reply(struct request *r, uint32_t type, const void *body)
{
	kbuf_reset(&r->reply);
	codec_encode(type, r->env.reqid, body, &r->reply);
	r->failed = type == MSG_ERROR;
	/* Clients drop a larger frame with the connection (ZMQ_MAXMSGSIZE)
	 * and would wait for this reply for ever: say so instead. */
	if (r->reply.len > CODEC_MAX_FRAME) {
		char why[160];

		snprintf(why, sizeof why,
		    _("The reply is too large (%zu bytes, at most %u): ask for less"),
		    r->reply.len, CODEC_MAX_FRAME);
		request_error(r, KH_ERR_TOO_LARGE, NULL, why);
	}
}

void
request_error(struct request *r, int code, const char *field, const char *message)
{
	struct error_body e = {
		.code = (uint32_t)code,
		.message = (char *)message,
		.field = (char *)(field != NULL ? field : ""),
		.server_protocol = PROTOCOL_VERSION,
	};

	request_reply(r, MSG_ERROR, &e);
	/* Every storage error carries LMDB's words for its code; a full map
	 * is not the request's fault: server-loop.c grows it and runs the
	 * batch again. */
	if (code == KH_ERR_STORAGE && message != NULL &&
	    strstr(message, mdb_strerror(MDB_MAP_FULL)) != NULL)
		r->map_full = true;
}

void
request_reset(struct request *r)
{
	kbuf_reset(&r->reply);
	pubs_free(&r->pubs);
	free(r->workstation);
	r->workstation = NULL;
	r->failed = r->map_full = false;
	r->user = 0;
}

/* Messages to the request's client in its language from now on (LANG as
 * login_body.lang or session_rec.lang; "" the server's own): run_batch
 * makes it current around the request, and back to the server's after. */
static void
request_lang(struct request *r, const char *lang)
{
	r->loc = i18n_locale(lang);
	uselocale(r->loc);
}

void
request_locale_enter(const struct request *r)
{
	uselocale(r->loc != (locale_t)0 ? r->loc : LC_GLOBAL_LOCALE);
}

void
request_locale_leave(void)
{
	uselocale(LC_GLOBAL_LOCALE);
}

/* The session token of a request: its body's "session" field. */
static const char *
request_session(const struct request *r)
{
	const struct record_desc *d = r->env.msg->body;

	for (size_t i = 0; i < d->nfields; i++)
		if (d->fields[i].type == FT_STR && strcmp(d->fields[i].name, "session") == 0)
			return *(char *const *)((const char *)r->body + d->fields[i].offset);
	return "";
}

void
handler_dispatch(struct handler_ctx *hc, struct request *r)
{
	const struct handler *h = handler_find(r->env.type);

	if (h == NULL) {
		request_error(r, KH_ERR_UNKNOWN_TYPE, NULL, _("Not a request type"));
		return;
	}
	if (r->env.type == MSG_LOGIN)
		request_lang(r, ((const struct login_body *)r->body)->lang);
	if (h->session) {
		struct session_rec s;
		int rc = auth_session_find(hc->txn, hc->srv->st, request_session(r), &s);

		if (rc == MDB_NOTFOUND) {
			request_error(r, KH_ERR_SESSION, "session",
			    _("The session has expired: log in again"));
			return;
		} else if (rc != 0) {
			request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
			return;
		}
		r->user = s.user;
		r->workstation = xstrdup(s.workstation);
		request_lang(r, s.lang);
		schema_free(&session_rec_desc, &s);
		if (hc->w != NULL) {
			hc->w->actor = r->user;
			hc->w->workstation = r->workstation;
		}
	}
	if (h->write && r->env.reqid == 0) {
		request_error(r, KH_ERR_INVALID, "request_id",
		    _("A write needs a request id other than 0"));
		return;
	}
	h->fn(hc, r);
}

/* ---- login ---- */

/* What a locked account is told: that it is locked, and until when. */
static const char *
lock_message(uint64_t until_ms, char *buf, size_t len)
{
	time_t t = (time_t)(until_ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	snprintf(buf, len,
	    _("Too many wrong passwords: locked until %02d:%02d:%02d (or ask the office)"),
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	return buf;
}

/* When login's lock ends, 0 if it is not locked.  An account's lock is in
 * the store (auth.h); a name no account has is locked in memory only. */
static uint64_t
locked_until(struct handler_ctx *hc, MDB_txn *txn, const char *login, uint64_t user)
{
	uint64_t until;

	if (user == 0)
		return login_guard_locked_until(hc->srv, login);
	if (auth_lock_get(txn, hc->srv->st, login, &until) != 0)
		return 0;	/* the password is still checked */
	return until > now_ms() ? until : 0;
}

static void
handle_login(struct handler_ctx *hc, struct request *r)
{
	const struct login_body *b = r->body;
	struct login_job *job = xcalloc(1, sizeof *job);
	uint64_t until;
	int rc;

	rc = auth_login_valid(b->login) ?
	    store_user_by_login(hc->txn, hc->srv->st, b->login, &job->user) : MDB_NOTFOUND;
	/* A locked name has no password checked at all. */
	until = auth_login_valid(b->login) ?
	    locked_until(hc, hc->txn, b->login, rc == 0 ? job->user.id : 0) : 0;
	if (until != 0) {
		char msg[200];

		if (rc == 0)
			schema_free(&user_rec_desc, &job->user);
		free(job);
		server_alert(hc->srv, N_("login of locked account %s refused"), b->login);
		request_error(r, KH_ERR_AUTH, "password", lock_message(until, msg, sizeof msg));
		return;
	}
	job->ident = xmalloc(r->ident_len);
	memcpy(job->ident, r->ident, r->ident_len);
	job->ident_len = r->ident_len;
	job->reqid = r->env.reqid;
	job->password = xstrdup(b->password);
	job->workstation = xstrdup(b->workstation);
	job->lang = xstrdup(b->lang);
	if (rc == 0 && !job->user.disabled)
		job->hash = xstrdup(job->user.pwhash);
	else {
		if (rc == 0)
			schema_free(&user_rec_desc, &job->user);
		memset(&job->user, 0, sizeof job->user);
		job->hash = xstrdup("");	/* still costs a verification */
		job->user.login = xstrdup(b->login);
	}
	if (!server_queue_login(hc->srv, job)) {
		login_job_free(job);
		request_error(r, KH_ERR_BUSY, NULL,
		    _("Too many logins at once: try again shortly"));
		return;
	}
	r->deferred = true;
}

/* A wrong password (or no such account): count it, write it down, and hold
 * the reply for a while (login-guard.h); the job comes back to
 * handler_login_done when the wait is over.  The audit lines are kept
 * because this pass does not fail the request. */
static void
login_failed(struct handler_ctx *hc, struct request *r, struct login_job *job)
{
	const char *ws = job->workstation[0] ? job->workstation : "?";
	unsigned failures;
	uint64_t until, delay = login_guard_failed(hc->srv, job->user.login, &failures, &until);
	int rc;

	hc->w->actor = 0;
	hc->w->workstation = job->workstation[0] ? job->workstation : "?";
	if (until != 0 && job->user.id != 0 &&
	    (rc = auth_lock_put(hc->w->txn, hc->srv->st, job->user.login, until)) != 0)
		server_alert(hc->srv, N_("cannot keep the lock of %s: %s"), job->user.login,
		    mdb_strerror(rc));
	if (until != 0) {
		lock_message(until, job->message, sizeof job->message);
		server_alert(hc->srv, N_("account %s locked after %u wrong passwords, the last from %s"),
		    job->user.login, failures, ws);
	} else {
		strlcpy_kh(job->message, _("Wrong login name or password"), sizeof job->message);
		server_alert(hc->srv, N_("login refused for %s from %s (%u in a row)"), job->user.login,
		    ws, failures);
	}
	/* Only accounts that exist: a stranger's guesses at names must not
	 * fill the audit log. */
	if (job->user.id != 0) {
		store_audit(hc->w, "login.failed", job->user.login, 0, "密码错误（%u 次）", failures);	/* data */
		if (until != 0)
			store_audit(hc->w, "login.locked", job->user.login, 0,
			    "连续 %u 次密码错误，锁定 %llu 分钟", failures,	/* data */
			    (unsigned long long)(hc->srv->opt.guard.lock_ms / 60000));
	}
	/* The job leaves this request and comes back as a new one. */
	job->held = true;
	job->ident = r->ident;
	job->ident_len = r->ident_len;
	r->ident = NULL;
	r->login = NULL;
	r->deferred = true;
	login_guard_hold(hc->srv, job, delay);
}

/* The ZAP handler refused a workstation's key: into the audit log. */
static void
key_refused(struct handler_ctx *hc, struct login_job *job)
{
	hc->w->actor = 0;
	hc->w->workstation = job->workstation;
	if (job->suppressed > 0)
		store_audit(hc->w, "connect.refused", job->fingerprint, 0,
		    "密钥不在允许名单（此前一分钟内另有 %u 次）", job->suppressed);	/* data */
	else
		store_audit(hc->w, "connect.refused", job->fingerprint, 0, "密钥不在允许名单");	/* data */
	server_alert(hc->srv, N_("refused a connection from %s: key %s is not on the allowlist"),
	    job->workstation, job->fingerprint);
}

/* A finished password check, in a write batch: make the session. */
void
handler_login_done(struct handler_ctx *hc, struct request *r)
{
	struct login_job *job = r->login;
	char token[AUTH_TOKEN_LEN + 1];
	struct login_ok_body ok;
	int rc;

	const char *ws = job->workstation[0] ? job->workstation : "?";
	uint64_t until;

	if (job->key_refused) {
		key_refused(hc, job);
		return;
	}
	if (job->held) {
		/* Its wait is over: now the refusal goes out. */
		request_error(r, KH_ERR_AUTH, "password", job->message);
		return;
	}
	if (!job->ok || job->user.id == 0) {
		login_failed(hc, r, job);
		return;
	}
	if ((until = locked_until(hc, hc->txn, job->user.login, job->user.id)) != 0) {
		/* Locked while this check ran. */
		request_error(r, KH_ERR_AUTH, "password", lock_message(until, job->message,
		    sizeof job->message));
		return;
	}
	login_guard_succeeded(hc->srv, job->user.login);
	if ((rc = auth_lock_clear(hc->w->txn, hc->srv->st, job->user.login)) != 0) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return;
	}
	if ((rc = auth_session_create(hc->w, job->user.id, job->workstation, job->lang,
	    hc->srv->opt.session_ms, token)) != 0) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return;
	}
	memset(&ok, 0, sizeof ok);
	ok.session = token;
	ok.user = job->user.id;
	ok.login = job->user.login;
	ok.display_name = job->user.display_name;
	struct unit_rec unit = { 0 };
	if (job->user.unit_id != 0 && org_unit_get(hc->txn, hc->srv->st, job->user.unit_id, &unit) != 0)
		memset(&unit, 0, sizeof unit);
	ok.unit = unit.name != NULL ? unit.name : "";
	ok.unit_id = job->user.unit_id;
	ok.role = job->user.role;
	ok.epoch = hc->srv->st->epoch;
	ok.seq = hc->w->seq;
	ok.today = hc->today;
	request_reply(r, MSG_LOGIN_OK, &ok);
	schema_free(&unit_rec_desc, &unit);
	hc->srv->stats.logins++;
	hc->w->actor = job->user.id;
	hc->w->workstation = job->workstation;
	store_audit(hc->w, "login", job->user.login, 0, "登录");	/* data */
	server_log(hc->srv, N_("login %s (user %llu) from %s"), job->user.login,
	    (unsigned long long)job->user.id, ws);
}

static void
handle_logout(struct handler_ctx *hc, struct request *r)
{
	const struct session_body *b = r->body;
	struct ok_body ok = { 0 };
	int rc = auth_session_delete(hc->w, b->session);

	if (rc != 0 && rc != MDB_NOTFOUND) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return;
	}
	request_reply(r, MSG_OK, &ok);
}

/* ---- the daily log ---- */

/* A retried write: answer as the first time, apply nothing. */
static bool
replay_memo(struct handler_ctx *hc, struct request *r)
{
	struct stored_reply memo;

	if (reqmemo_get(hc->txn, hc->srv->st, r->user, r->env.reqid, &memo) != 0)
		return false;
	if (memo.type == MSG_LOG_PUT_OK) {
		struct log_put_ok_body ok = { .seq = memo.seq, .entry = memo.entry };
		request_reply(r, MSG_LOG_PUT_OK, &ok);
	} else if (memo.type == MSG_DOC_OK) {
		struct doc_ok_body ok = { .seq = memo.seq, .doc = memo.doc };
		request_reply(r, MSG_DOC_OK, &ok);
	} else if (memo.type == MSG_SAMPLE_REPLY) {
		/* the draw as stored: a retry must not draw again */
		struct sample_reply_body ok;

		if (rubricop_sample_get(hc->txn, hc->srv->st, memo.id, &ok.sample) != 0)
			request_error(r, KH_ERR_STORAGE, NULL,
			    _("Could not read the spot-check draw"));
		else {
			request_reply(r, MSG_SAMPLE_REPLY, &ok);
			schema_free(&sample_rec_desc, &ok.sample);
		}
	} else {
		struct ok_body ok = { .seq = memo.seq, .count = memo.count };
		request_reply(r, MSG_OK, &ok);
	}
	schema_free(&stored_reply_desc, &memo);
	return true;
}

/* A daily log change reaches its owner only. */
static void
keep_change(struct handler_ctx *hc, struct request *r, struct change *ch, const char *action)
{
	char target[48];

	snprintf(target, sizeof target, "log %llu", (unsigned long long)ch->entry.id);
	store_audit(hc->w, action, target, ch->seq, "%u %s", ch->entry.date,
	    ch->kind == CHANGE_DELETE ? "删除" : "保存");	/* data */
	pubs_keep(&r->pubs, ch, ch->entry.owner, ch->prev);
}

static void
remember_full(struct handler_ctx *hc, struct request *r, uint32_t type, uint64_t seq,
    const struct log_entry *e, const struct doc *d, uint32_t count)
{
	struct stored_reply memo = { .at = now_ms(), .type = type, .seq = seq, .count = count };
	int rc;

	if (e != NULL)
		memo.entry = *e;
	if (d != NULL)
		memo.doc = *d;
	if ((rc = reqmemo_put(hc->w, r->user, r->env.reqid, &memo)) != 0)
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
}

static void
remember(struct handler_ctx *hc, struct request *r, uint32_t type, uint64_t seq,
    const struct log_entry *e)
{
	remember_full(hc, r, type, seq, e, NULL, 0);
}

/* The head of a write that acts as the session's user: false, with the
 * reply set, for a retry answered from its memo or a user who is gone.
 * Otherwise *me is the user (the caller frees it) and *a acts as them. */
static bool
write_begin(struct handler_ctx *hc, struct request *r, struct user_rec *me, struct actor *a)
{
	if (replay_memo(hc, r) || request_actor(hc, r, me) != 0)
		return false;
	*a = (struct actor){ me, hc->today, batch_calendar(hc) };
	return true;
}

/* The seq of the last change a write published, 0 when it published none. */
static uint64_t
last_seq(const struct request *r)
{
	return r->pubs.n ? r->pubs.v[r->pubs.n - 1].ch.seq : 0;
}

/* The tail of a write answered with OK: the refusal, or OK with the last
 * change's seq and count, kept as the reply memo for a retry. */
static void
write_done(struct handler_ctx *hc, struct request *r, int rc, const struct codec_error *err,
    uint32_t count)
{
	if (rc != 0) {
		request_error(r, err->code, err->field, err->message);
		return;
	}
	struct ok_body ok = { .seq = last_seq(r), .count = count };
	request_reply(r, MSG_OK, &ok);
	remember_full(hc, r, MSG_OK, ok.seq, NULL, NULL, count);
}

/* The organisation department reads and never writes. */
static bool
may_write(struct handler_ctx *hc, struct request *r)
{
	struct user_rec me;
	bool ok;

	if (request_actor(hc, r, &me) != 0)
		return false;
	ok = me.role != ROLE_ORG_DEPT;
	schema_free(&user_rec_desc, &me);
	if (!ok)
		request_error(r, KH_ERR_DENIED, NULL,
		    _("Organisation department accounts can only view"));
	return ok;
}

static void
handle_log_put(struct handler_ctx *hc, struct request *r)
{
	const struct log_put_body *b = r->body;
	struct log_put_ok_body ok;
	struct codec_error err;
	struct log_entry out;
	struct change ch;

	if (replay_memo(hc, r) || !may_write(hc, r))
		return;
	if (logop_put(hc->w, r->user, &b->entry, hc->today, &out, &ch, &err) != 0) {
		request_error(r, err.code, err.field, err.message);
		return;
	}
	ok.seq = ch.seq;
	ok.entry = out;
	request_reply(r, MSG_LOG_PUT_OK, &ok);
	remember(hc, r, MSG_LOG_PUT_OK, ch.seq, &out);
	schema_free(&log_entry_desc, &out);
	keep_change(hc, r, &ch, "log.put");
}

static void
handle_log_delete(struct handler_ctx *hc, struct request *r)
{
	const struct log_delete_body *b = r->body;
	struct codec_error err;
	struct change ch;
	struct ok_body ok;

	if (replay_memo(hc, r) || !may_write(hc, r))
		return;
	if (logop_delete(hc->w, r->user, b->id, b->version, &ch, &err) != 0) {
		request_error(r, err.code, err.field, err.message);
		return;
	}
	ok.seq = ch.seq;
	request_reply(r, MSG_OK, &ok);
	remember(hc, r, MSG_OK, ch.seq, NULL);
	keep_change(hc, r, &ch, "log.delete");
}

/* The calendar, loaded once per batch when a handler first needs it. */
static const struct calendar *
batch_calendar(struct handler_ctx *hc)
{
	if (!hc->cal_loaded) {
		if (calendar_load(hc->txn, hc->srv->st, &hc->cal) != 0)
			memset(&hc->cal, 0, sizeof hc->cal);
		hc->cal_loaded = true;
	}
	return &hc->cal;
}

/* The user a request acts as; -1 (with the reply set) if it is gone. */
static int
request_actor(struct handler_ctx *hc, struct request *r, struct user_rec *u)
{
	int rc = store_user_get(hc->txn, hc->srv->st, r->user, u);

	if (rc == MDB_NOTFOUND || (rc == 0 && u->disabled)) {
		if (rc == 0)
			schema_free(&user_rec_desc, u);
		request_error(r, KH_ERR_SESSION, "session",
		    _("The account is disabled: ask the assessment office"));
		return -1;
	} else if (rc != 0) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return -1;
	}
	return 0;
}

static int
collect_person(const struct user_rec *u, void *arg)
{
	struct sync_reply_body *rep = arg;
	struct person *p;

	rep->people = xrealloc(rep->people, (rep->people_n + 1) * sizeof *rep->people);
	p = &rep->people[rep->people_n++];
	p->id = u->id;
	p->login = xstrdup(u->login);
	p->display_name = xstrdup(u->display_name);
	p->unit_id = u->unit_id;
	p->role = u->role;
	p->disabled = u->disabled;
	return 0;
}

/* One page of the records the caller may see, without their long text. */
static int
snapshot_docs(struct handler_ctx *hc, struct request *r, uint64_t after, uint32_t max,
    struct sync_reply_body *rep)
{
	struct user_rec viewer;
	int rc;

	if ((rc = store_user_get(hc->txn, hc->srv->st, r->user, &viewer)) != 0)
		return rc;
	rc = docop_visible_page(hc->txn, hc->srv->st, &viewer, after, max, &rep->docs,
	    &rep->docs_n, &rep->cursor);
	schema_free(&user_rec_desc, &viewer);
	for (uint32_t i = 0; i < rep->docs_n; i++)
		docop_slim(&rep->docs[i]);
	rep->more = rep->cursor != 0;
	rep->slim = true;
	return rc;
}

/* The rest of a full snapshot's first page: organisation, people, periods. */
static int
snapshot_cycle(struct handler_ctx *hc, struct sync_reply_body *rep)
{
	struct store *st = hc->srv->st;
	const struct calendar *cal = batch_calendar(hc);
	static const enum period_type types[] = { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_HALF, PERIOD_YEAR };
	int rc;

	rep->org = store_org_version(hc->txn, st);
	if ((rc = org_units_load(hc->txn, st, &rep->units, &rep->units_n)) != 0 ||
	    (rc = store_user_each(hc->txn, st, collect_person, rep)) != 0)
		return rc;
	/* This period and the two before it, of every type. */
	rep->periods = xcalloc(nitems(types) * 3, sizeof *rep->periods);
	for (size_t i = 0; i < nitems(types); i++) {
		uint32_t code = period_of_day(types[i], hc->today);

		for (int k = 0; k < 3 && code != 0; k++, code = period_prev(code))
			if (period_get(hc->txn, st, cal, code, &rep->periods[rep->periods_n]) == 0)
				rep->periods_n++;
	}
	return 0;
}

/* The Clone pattern's snapshot: the changes since the client's seq when
 * there are few, else the entries themselves, tagged with the topic's seq.
 * A full snapshot's records come in pages (SERVER_SYNC_PAGE, fewer if the
 * frame would pass CODEC_MAX_FRAME): the first page carries everything
 * else, the next ones (asked for with the cursor) only records. */
static void
handle_sync(struct handler_ctx *hc, struct request *r)
{
	const struct sync_body *b = r->body;
	struct store *st = hc->srv->st;
	uint32_t page = SERVER_SYNC_PAGE;
	bool continued = b->cursor != 0 && b->epoch == st->epoch;

	for (;;) {
		struct sync_reply_body rep;
		int rc = 1;

		memset(&rep, 0, sizeof rep);
		rep.epoch = st->epoch;
		rep.seq = hc->w != NULL ? hc->w->seq : st->seq;
		rep.topic_seq = store_topic_seq(hc->txn, st, r->user);
		if (continued) {
			rep.full = rep.continued = true;
			rc = snapshot_docs(hc, r, b->cursor, page, &rep);
		} else if (b->epoch == st->epoch && b->since != 0 && b->since <= rep.topic_seq) {
			rc = logop_changes_since(hc->txn, st, r->user, b->since, SERVER_CHANGES_MAX,
			    &rep.changes, &rep.changes_n);
		}
		if (rc == 1) {
			rep.full = true;
			rc = logop_snapshot(hc->txn, st, r->user, b->from_date, SERVER_SNAPSHOT_MAX,
			    &rep.entries, &rep.entries_n, &rep.truncated);
			if (rc == 0)
				rc = snapshot_docs(hc, r, 0, page, &rep);
			if (rc == 0)
				rc = snapshot_cycle(hc, &rep);
		}
		bool paged = rc == 0 && rep.full;

		if (rc != 0)
			request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		else
			request_reply(r, MSG_SYNC_REPLY, &rep);
		schema_free(&sync_reply_body_desc, &rep);
		/* Too large (request_reply said so): fewer records a page. */
		if (!r->failed || !paged || page <= 16)
			break;
		page /= 4;
	}
}

/* ---- the records of the cycle ---- */

static void
doc_reply(struct handler_ctx *hc, struct request *r, int rc, struct doc *out,
    struct codec_error *err)
{
	if (rc != 0) {
		request_error(r, err->code, err->field, err->message);
		return;
	}
	struct doc_ok_body ok = { .seq = last_seq(r), .doc = *out };
	request_reply(r, MSG_DOC_OK, &ok);
	remember_full(hc, r, MSG_DOC_OK, ok.seq, NULL, out, r->pubs.n);
	schema_free(&doc_desc, out);
}

/* DOC_SAVE and DOC_ACT: the record workflow acts as the session's user. */
static void
handle_doc(struct handler_ctx *hc, struct request *r)
{
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	struct doc out;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	if (r->env.type == MSG_DOC_SAVE)
		rc = docop_save(hc->w, &a, &((const struct doc_save_body *)r->body)->doc, &out,
		    &r->pubs, &err);
	else
		rc = docop_act(hc->w, &a, r->body, &out, &r->pubs, &err);
	doc_reply(hc, r, rc, &out, &err);
	schema_free(&user_rec_desc, &me);
}

static void
handle_publish(struct handler_ctx *hc, struct request *r)
{
	const struct publish_body *b = r->body;
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	uint32_t count;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	rc = docop_publish(hc->w, &a, b->unit_id, b->period, &count, &r->pubs, &err);
	schema_free(&user_rec_desc, &me);
	write_done(hc, r, rc, &err, count);
}

static void
handle_history(struct handler_ctx *hc, struct request *r)
{
	const struct history_body *b = r->body;
	struct history_reply_body rep = { 0 };
	struct codec_error err;
	struct user_rec me;

	if (request_actor(hc, r, &me) != 0)
		return;
	if (docop_history(hc->txn, hc->srv->st, &me, b->id, &rep.docs, &rep.docs_n, &err) != 0)
		request_error(r, err.code, err.field, err.message);
	else
		request_reply(r, MSG_HISTORY_REPLY, &rep);
	schema_free(&history_reply_body_desc, &rep);
	schema_free(&user_rec_desc, &me);
}

/* ---- administration ---- */

/* The admin's requests; the reply is set and false returned otherwise. */
static bool
admin_only(struct handler_ctx *hc, struct request *r)
{
	struct user_rec me;
	bool ok;

	if (request_actor(hc, r, &me) != 0)
		return false;
	ok = me.role == ROLE_ADMIN;
	schema_free(&user_rec_desc, &me);
	if (!ok)
		request_error(r, KH_ERR_DENIED, NULL,
		    _("Only the assessment office admin can do this"));
	return ok;
}

/* An organisation or calendar change: every user resyncs in full.  With an
 * action, an audit line says what changed.  The reply is OK with the
 * change's seq, or the storage error. */
static void
publish_org_change(struct handler_ctx *hc, struct request *r, const char *action,
    const char *target, const char *detail)
{
	struct { uint64_t *v; uint32_t n; } all = { NULL, 0 };
	struct change ch;
	MDB_cursor *c;
	MDB_val k = { 1, "i" }, v;
	int rc;

	if (mdb_cursor_open(hc->txn, hc->srv->st->users, &c) == 0) {
		rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
		while (rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'i') {
			all.v = xrealloc(all.v, (all.n + 1) * sizeof *all.v);
			all.v[all.n++] = be64_get((const unsigned char *)k.mv_data + 1);
			rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
		}
		mdb_cursor_close(c);
	}
	memset(&ch, 0, sizeof ch);
	ch.kind = CHANGE_PUT;
	ch.user = r->user;
	ch.org = 1;
	if ((rc = pubs_append(hc->w, &r->pubs, all.v, all.n, &ch)) != 0 ||
	    (action != NULL &&
	    (rc = store_audit(hc->w, action, target, last_seq(r), "%s", detail)) != 0))
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
	else {
		struct ok_body ok = { .seq = last_seq(r), .count = 1 };
		request_reply(r, MSG_OK, &ok);
	}
	free(all.v);
}

static void
handle_unit_put(struct handler_ctx *hc, struct request *r)
{
	struct unit_put_body *b = r->body;
	struct codec_error err;
	char target[48];
	int rc;

	if (!admin_only(hc, r))
		return;
	if ((rc = org_unit_put(hc->w, &b->unit, &err)) != 0) {
		if (rc > 0)
			request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		else
			request_error(r, err.code, err.field, err.message);
		return;
	}
	snprintf(target, sizeof target, "unit %llu", (unsigned long long)b->unit.id);
	publish_org_change(hc, r, "unit.put", target, b->unit.name);
}

static void
handle_user_put(struct handler_ctx *hc, struct request *r)
{
	const struct user_put_body *b = r->body;
	const struct person *p = &b->person;
	struct user_rec u;
	char hash[AUTH_HASH_MAX], target[96];
	int rc;

	if (!admin_only(hc, r))
		return;
	if (!auth_login_valid(p->login)) {
		request_error(r, KH_ERR_INVALID, "login",
		    _("A login name has only letters, digits and . _ -"));
		return;
	}
	if (p->display_name[0] == '\0') {
		request_error(r, KH_ERR_INVALID, "display_name", _("Enter a name"));
		return;
	}
	if (p->role == 0 || p->role > ROLE_MAX) {
		request_error(r, KH_ERR_INVALID, "role", _("Choose a role"));
		return;
	}
	if (p->unit_id != 0) {
		struct unit_rec unit;
		if (org_unit_get(hc->txn, hc->srv->st, p->unit_id, &unit) != 0) {
			request_error(r, KH_ERR_INVALID, "unit_id", _("No such unit"));
			return;
		}
		schema_free(&unit_rec_desc, &unit);
	}
	memset(&u, 0, sizeof u);
	if (p->id != 0) {
		if ((rc = store_user_get(hc->txn, hc->srv->st, p->id, &u)) != 0) {
			request_error(r, rc == MDB_NOTFOUND ? KH_ERR_NOT_FOUND : KH_ERR_STORAGE, "id",
			    rc == MDB_NOTFOUND ? _("No such account") : mdb_strerror(rc));
			return;
		}
		if (strcmp(u.login, p->login) != 0) {
			schema_free(&user_rec_desc, &u);
			request_error(r, KH_ERR_INVALID, "login",
			    _("The login name cannot change"));
			return;
		}
	} else {
		u.login = xstrdup(p->login);
		u.pwhash = xstrdup("");
		if (b->password[0] == '\0') {
			free(u.login);
			free(u.pwhash);
			request_error(r, KH_ERR_INVALID, "password",
			    _("A new account needs a password"));
			return;
		}
	}
	if (b->password[0] != '\0') {
		const char *problem = auth_password_problem(b->password);
		if (problem != NULL || auth_hash(b->password, hash) != 0) {
			schema_free(&user_rec_desc, &u);
			request_error(r, KH_ERR_INVALID, "password", problem ? problem :
			    _("Could not set the password"));
			return;
		}
		free(u.pwhash);
		u.pwhash = xstrdup(hash);
	}
	free(u.display_name);
	u.display_name = xstrdup(p->display_name);
	u.unit_id = p->unit_id;
	u.role = p->role;
	u.disabled = p->disabled;
	rc = store_user_put(hc->w, &u);
	snprintf(target, sizeof target, "user %s", u.login);
	schema_free(&user_rec_desc, &u);
	if (rc != 0) {
		request_error(r, rc == MDB_KEYEXIST ? KH_ERR_CONFLICT : KH_ERR_STORAGE, "login",
		    rc == MDB_KEYEXIST ? _("That login name is taken") : mdb_strerror(rc));
		return;
	}
	publish_org_change(hc, r, "user.put", target, p->display_name);
}

static void
handle_period_lock(struct handler_ctx *hc, struct request *r)
{
	const struct period_lock_body *b = r->body;
	char target[32], name[64];
	int rc;

	if (!admin_only(hc, r))
		return;
	if (!period_valid(b->period)) {
		request_error(r, KH_ERR_INVALID, "period", _("No such period"));
		return;
	}
	if ((rc = period_set_lock(hc->w, b->period, b->locked, r->user)) != 0) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return;
	}
	period_name(b->period, name, sizeof name);
	snprintf(target, sizeof target, "period %u", b->period);
	/* period_set_lock wrote the audit line */
	publish_org_change(hc, r, NULL, target, name);
}

static void
handle_audit_list(struct handler_ctx *hc, struct request *r)
{
	const struct audit_list_body *b = r->body;
	struct audit_reply_body rep = { 0 };
	int rc;

	if (!admin_only(hc, r))
		return;
	rc = store_audit_list(hc->txn, hc->srv->st, b->before, b->limit ? b->limit : 100,
	    &rep.lines, &rep.lines_n);
	if (rc != 0)
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
	else
		request_reply(r, MSG_AUDIT_REPLY, &rep);
	schema_free(&audit_reply_body_desc, &rep);
}

/* ---- scoring people ---- */

/* SCORE_PUT.  A vote for an anonymous part keeps no reply memo: the memo
 * holds (voter, request id, time, seq), which would pair the voter with
 * the tally's change.  score-ops recognises its retry by the voter's
 * marker instead, and its reply names no seq. */
static void
handle_score_put(struct handler_ctx *hc, struct request *r)
{
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	bool anonymous;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	rc = scoreop_put(hc->w, &a, r->body, r->env.reqid, &anonymous, &r->pubs, &err);
	schema_free(&user_rec_desc, &me);
	if (rc != 0) {
		request_error(r, err.code, err.field, err.message);
		return;
	}
	struct ok_body ok = { .seq = anonymous ? 0 : last_seq(r), .count = 1 };
	request_reply(r, MSG_OK, &ok);
	if (!anonymous)
		remember_full(hc, r, MSG_OK, ok.seq, NULL, NULL, 1);
}

/* COMMEND_PUT, COMMEND_DELETE, RESULTS_PUBLISH: score-ops decides who may. */
static void
handle_scoring(struct handler_ctx *hc, struct request *r)
{
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	uint32_t count = 1;
	uint64_t id;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	if (r->env.type == MSG_COMMEND_PUT)
		rc = scoreop_commend_put(hc->w, &a, &((const struct commend_put_body *)r->body)->commendation,
		    &id, &r->pubs, &err);
	else if (r->env.type == MSG_COMMEND_DELETE)
		rc = scoreop_commend_delete(hc->w, &a, ((const struct commend_delete_body *)r->body)->id,
		    &r->pubs, &err);
	else {
		const struct results_publish_body *b = r->body;
		rc = scoreop_publish(hc->w, &a, b->plan, b->period, b->unit_id, &count, &r->pubs, &err);
	}
	schema_free(&user_rec_desc, &me);
	write_done(hc, r, rc, &err, count);
}

/* The end of a read: the refusal, or the reply; then the reply and the
 * reader are freed. */
static void
read_done(struct request *r, int rc, const struct codec_error *err, uint32_t type,
    const struct record_desc *desc, void *rep, struct user_rec *me)
{
	if (rc != 0)
		request_error(r, err->code, err->field, err->message);
	else
		request_reply(r, type, rep);
	schema_free(desc, rep);
	schema_free(&user_rec_desc, me);
}

static void
handle_sheets(struct handler_ctx *hc, struct request *r)
{
	const struct sheets_body *b = r->body;
	struct sheets_reply_body rep;
	struct codec_error err;
	struct user_rec me;

	if (request_actor(hc, r, &me) != 0)
		return;
	int rc = scoreop_sheets(hc->txn, hc->srv->st, &me,
	    b->plan, b->period, b->unit_id, &rep, &err);
	read_done(r, rc, &err, MSG_SHEETS_REPLY, &sheets_reply_body_desc, &rep, &me);
}

/* BALLOT: score-ops decides, by the rule SCORE_PUT follows. */
static void
handle_ballot(struct handler_ctx *hc, struct request *r)
{
	const struct ballot_body *b = r->body;
	struct ballot_reply_body rep;
	struct codec_error err;
	struct user_rec me;

	if (request_actor(hc, r, &me) != 0)
		return;
	int rc = scoreop_ballot(hc->txn, hc->srv->st, &me,
	    hc->today, b->plan, b->period, &rep, &err);
	read_done(r, rc, &err, MSG_BALLOT_REPLY, &ballot_reply_body_desc, &rep, &me);
}

/* ---- scoring organisations ---- */

/* SELF_PUT, FINDING_PUT, FINDING_DELETE, RUBRIC_ACT, RECTIFY_ACT:
 * rubric-ops decides who may.  The reply names the seq of the change; a new
 * finding's or notice's id reaches the client in the change itself. */
static void
handle_rubric(struct handler_ctx *hc, struct request *r)
{
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	uint64_t id;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	switch (r->env.type) {
	case MSG_SELF_PUT:
		rc = rubricop_self_put(hc->w, &a, r->body, &r->pubs, &err);
		break;
	case MSG_FINDING_PUT:
		rc = rubricop_finding_put(hc->w, &a, r->body, &id, &r->pubs, &err);
		break;
	case MSG_FINDING_DELETE:
		rc = rubricop_finding_delete(hc->w, &a, r->body, &r->pubs, &err);
		break;
	case MSG_RUBRIC_ACT:
		rc = rubricop_act(hc->w, &a, r->body, &r->pubs, &err);
		break;
	default:
		rc = rubricop_rectify(hc->w, &a, r->body, &id, &r->pubs, &err);
		break;
	}
	schema_free(&user_rec_desc, &me);
	write_done(hc, r, rc, &err, 1);
}

static void
handle_rubric_sheets(struct handler_ctx *hc, struct request *r)
{
	struct rubric_sheets_reply_body rep;
	struct codec_error err;
	struct user_rec me;

	if (request_actor(hc, r, &me) != 0)
		return;
	int rc = rubricop_sheets(hc->txn, hc->srv->st, &me, hc->today, r->body, &rep, &err);
	read_done(r, rc, &err, MSG_RUBRIC_SHEETS_REPLY, &rubric_sheets_reply_body_desc, &rep, &me);
}

/* SAMPLE_DRAW publishes no change (a draw is no one's record to watch);
 * its memo keeps the draw's id, so that a retry is answered with the same
 * draw. */
static void
handle_sample_draw(struct handler_ctx *hc, struct request *r)
{
	struct sample_reply_body rep;
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	rc = rubricop_draw(hc->w, &a, r->body, &rep.sample, &err);
	schema_free(&user_rec_desc, &me);
	if (rc != 0) {
		request_error(r, err.code, err.field, err.message);
		return;
	}
	request_reply(r, MSG_SAMPLE_REPLY, &rep);
	struct stored_reply memo = { .at = now_ms(), .type = MSG_SAMPLE_REPLY, .id = rep.sample.id,
	    .count = 1 };
	if ((rc = reqmemo_put(hc->w, r->user, r->env.reqid, &memo)) != 0)
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
	schema_free(&sample_rec_desc, &rep.sample);
}

/* ---- points ledgers ---- */

/* LEDGER_PUT, LEDGER_DELETE: ledger-ops decides who may.  The reply is OK
 * with the seq; the entry itself reaches the writer as change.ledger. */
static void
handle_ledger_write(struct handler_ctx *hc, struct request *r)
{
	struct codec_error err;
	struct user_rec me;
	struct actor a;
	uint64_t id;
	int rc;

	if (!write_begin(hc, r, &me, &a))
		return;
	if (r->env.type == MSG_LEDGER_PUT)
		rc = ledgerop_put(hc->w, &a, &((const struct ledger_put_body *)r->body)->entry, &id,
		    &r->pubs, &err);
	else
		rc = ledgerop_delete(hc->w, &a, ((const struct ledger_delete_body *)r->body)->id,
		    &r->pubs, &err);
	schema_free(&user_rec_desc, &me);
	write_done(hc, r, rc, &err, 1);
}

static void
handle_ledgers(struct handler_ctx *hc, struct request *r)
{
	struct ledgers_reply_body rep;
	struct codec_error err;
	struct user_rec me;

	if (request_actor(hc, r, &me) != 0)
		return;
	int rc = ledgerop_list(hc->txn, hc->srv->st, &me, r->body, &rep, &err);
	read_done(r, rc, &err, MSG_LEDGERS_REPLY, &ledgers_reply_body_desc, &rep, &me);
}
