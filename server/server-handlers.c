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

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "auth.h"
#include "log-ops.h"
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

static const struct handler handlers[] = {
	{ MSG_LOGIN, false, false, handle_login },
	{ MSG_LOGOUT, true, true, handle_logout },
	{ MSG_LOG_PUT, true, true, handle_log_put },
	{ MSG_LOG_DELETE, true, true, handle_log_delete },
	{ MSG_SYNC, false, true, handle_sync },
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
}

/* The body of every request that needs a session starts with it. */
static const char *
request_session(const struct request *r)
{
	switch (r->env.type) {
	case MSG_LOGOUT:
		return ((const struct session_body *)r->body)->session;
	case MSG_LOG_PUT:
		return ((const struct log_put_body *)r->body)->session;
	case MSG_LOG_DELETE:
		return ((const struct log_delete_body *)r->body)->session;
	case MSG_SYNC:
		return ((const struct sync_body *)r->body)->session;
	default:
		return "";
	}
}

void
handler_dispatch(struct handler_ctx *hc, struct request *r)
{
	const struct handler *h = handler_find(r->env.type);

	if (h == NULL) {
		request_error(r, KH_ERR_UNKNOWN_TYPE, NULL, "这不是一个请求类型");
		return;
	}
	if (h->session) {
		struct session_rec s;
		int rc = auth_session_find(hc->txn, hc->srv->st, request_session(r), &s);

		if (rc == MDB_NOTFOUND) {
			request_error(r, KH_ERR_SESSION, "session", "登录已失效，请重新登录");
			return;
		} else if (rc != 0) {
			request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
			return;
		}
		r->user = s.user;
		schema_free(&session_rec_desc, &s);
	}
	if (h->write && r->env.reqid == 0) {
		request_error(r, KH_ERR_INVALID, "request_id", "写请求必须带非零的请求号");
		return;
	}
	h->fn(hc, r);
}

/* ---- login ---- */

static void
handle_login(struct handler_ctx *hc, struct request *r)
{
	const struct login_body *b = r->body;
	struct login_job *job = xcalloc(1, sizeof *job);
	int rc;

	job->ident = xmalloc(r->ident_len);
	memcpy(job->ident, r->ident, r->ident_len);
	job->ident_len = r->ident_len;
	job->reqid = r->env.reqid;
	job->password = xstrdup(b->password);
	job->workstation = xstrdup(b->workstation);
	rc = auth_login_valid(b->login) ?
	    store_user_by_login(hc->txn, hc->srv->st, b->login, &job->user) : MDB_NOTFOUND;
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
		request_error(r, KH_ERR_BUSY, NULL, "登录的人太多，请稍后再试");
		return;
	}
	r->deferred = true;
}

/* A finished password check, in a write batch: make the session. */
void
handler_login_done(struct handler_ctx *hc, struct request *r)
{
	struct login_job *job = r->login;
	char token[AUTH_TOKEN_LEN + 1];
	struct login_ok_body ok;
	int rc;

	if (!job->ok || job->user.id == 0) {
		server_log(hc->srv, "login refused for %s from %s", job->user.login,
		    job->workstation[0] ? job->workstation : "?");
		request_error(r, KH_ERR_AUTH, "password", "用户名或密码错误");
		return;
	}
	if ((rc = auth_session_create(hc->w, job->user.id, job->workstation, token)) != 0) {
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
		return;
	}
	memset(&ok, 0, sizeof ok);
	ok.session = token;
	ok.user = job->user.id;
	ok.login = job->user.login;
	ok.display_name = job->user.display_name;
	ok.unit = job->user.unit;
	ok.role = job->user.role;
	ok.epoch = hc->srv->st->epoch;
	ok.seq = hc->w->seq;
	ok.today = hc->today;
	request_reply(r, MSG_LOGIN_OK, &ok);
	hc->srv->stats.logins++;
	server_log(hc->srv, "login %s (user %llu) from %s", job->user.login,
	    (unsigned long long)job->user.id, job->workstation[0] ? job->workstation : "?");
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
	} else {
		struct ok_body ok = { .seq = memo.seq };
		request_reply(r, MSG_OK, &ok);
	}
	schema_free(&stored_reply_desc, &memo);
	return true;
}

static void
keep_change(struct request *r, struct change *ch)
{
	r->changes = xrealloc(r->changes, (r->nchanges + 1) * sizeof *r->changes);
	r->changes[r->nchanges++] = *ch;
}

static void
remember(struct handler_ctx *hc, struct request *r, uint32_t type, uint64_t seq,
    const struct log_entry *e)
{
	struct stored_reply memo = { .at = now_ms(), .type = type, .seq = seq };
	int rc;

	if (e != NULL)
		memo.entry = *e;
	else
		memo.entry.content = "";
	if ((rc = reqmemo_put(hc->w, r->user, r->env.reqid, &memo)) != 0)
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
}

static void
handle_log_put(struct handler_ctx *hc, struct request *r)
{
	const struct log_put_body *b = r->body;
	struct log_put_ok_body ok;
	struct codec_error err;
	struct log_entry out;
	struct change ch;

	if (replay_memo(hc, r))
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
	keep_change(r, &ch);
}

static void
handle_log_delete(struct handler_ctx *hc, struct request *r)
{
	const struct log_delete_body *b = r->body;
	struct codec_error err;
	struct change ch;
	struct ok_body ok;

	if (replay_memo(hc, r))
		return;
	if (logop_delete(hc->w, r->user, b->id, b->version, &ch, &err) != 0) {
		request_error(r, err.code, err.field, err.message);
		return;
	}
	ok.seq = ch.seq;
	request_reply(r, MSG_OK, &ok);
	remember(hc, r, MSG_OK, ch.seq, NULL);
	keep_change(r, &ch);
}

/* The Clone pattern's snapshot: the changes since the client's seq when
 * there are few, else the entries themselves, tagged with the topic's seq. */
static void
handle_sync(struct handler_ctx *hc, struct request *r)
{
	const struct sync_body *b = r->body;
	struct store *st = hc->srv->st;
	struct sync_reply_body rep;
	int rc = 1;

	memset(&rep, 0, sizeof rep);
	rep.epoch = st->epoch;
	rep.seq = hc->w != NULL ? hc->w->seq : st->seq;
	rep.topic_seq = store_topic_seq(hc->txn, st, r->user);
	if (b->epoch == st->epoch && b->since != 0 && b->since <= rep.topic_seq)
		rc = logop_changes_since(hc->txn, st, r->user, b->since, SERVER_CHANGES_MAX,
		    &rep.changes, &rep.changes_n);
	if (rc == 1) {
		rep.full = true;
		rc = logop_snapshot(hc->txn, st, r->user, b->from_date, SERVER_SNAPSHOT_MAX,
		    &rep.entries, &rep.entries_n, &rep.truncated);
	}
	if (rc != 0)
		request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
	else
		request_reply(r, MSG_SYNC_REPLY, &rep);
	schema_free(&sync_reply_body_desc, &rep);
}
