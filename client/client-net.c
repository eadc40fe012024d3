/*
 * client-net.c: ZeroMQ sockets, the login session and the requests in
 * flight, for the client.
 *
 * Every request is kept in a pending list under its request id until its
 * reply comes.  Ids are a random 32-bit prefix chosen once per process,
 * shifted up, or'ed with a counter, so two clients never share one and a
 * retry can reuse its own.  A request unanswered for NET_RETRY_MS is sent
 * again with the same id while heartbeats show the server is there; while
 * they do not, nothing is resent until they come back, so a long outage
 * does not pile up copies in the socket.  Replies are matched by id; a
 * reply for an id no longer pending (a retry answered twice) is dropped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <zmq.h>

#include "common/codec.h"
#include "common/domain.h"
#include "common/i18n.h"
#include "common/keys.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "client-net.h"

#define NET_MAX_EVENTS		64
#define NET_VERIFY_MS		1500	/* resync once this long after subscribing */
#define NET_RESEND_GRACE_MS	500	/* not resent when the link comes back */
/* The server holds the answer to a wrong password up to 8 s (docs/protocol.md,
 * "Login and sessions"); a resend before then would count as one more. */
#define NET_LOGIN_RETRY_MS	20000
#define NET_HANDSHAKE_MS	3000	/* connected this long without a handshake: say so */

/* What the login screen says when the handshake fails: a headline, a new
 * line, what to do. */
#define NET_WRONG_KEY	N_("Wrong server key\n" \
			   "Ask the admin for the right server.key")
#define NET_REFUSED_KEY	N_("This workstation's key is not allowed\n" \
			   "Show the admin the key kaohe --show-key prints")

struct pending {
	uint64_t	 reqid;
	uint32_t	 type;		/* MSG_LOGIN, MSG_SYNC, MSG_LOG_PUT, ... */
	void		*body;		/* owned, of the message's body record */
	struct log_entry entry;		/* writes: the entry, for the screen */
	uint64_t	 sent_ms;	/* 0: not sent yet */
	uint32_t	 tries;		/* times sent */
	bool		 hold;		/* waiting for a new login */
	bool		 fetch;		/* a HISTORY for a record's long text, no screen's */
};

struct client_net {
	void		*ctx;
	void		*req;
	void		*sub;
	void		*monitor;	/* the DEALER's handshakes */
	uint64_t	 connected_at;	/* TCP/ipc up, handshake not yet done; 0: not */
	unsigned	 failed_handshakes;
	const char	*problem;	/* NET_WRONG_KEY, NET_REFUSED_KEY or NULL */
	char		 req_ep[256];
	char		 pub_ep[256];
	char		 workstation[65];

	struct sync	*sync;
	uint32_t	 prefix;
	uint32_t	 counter;

	bool		 logged_in;
	struct net_login info;
	char		 topic[32];	/* subscribed user topic, "" if none */
	uint64_t	 verify_at;	/* resync once after this, 0: done */
	uint64_t	 sync_reqid;	/* the SYNC in flight */
	uint64_t	 sync_after;	/* no SYNC before this (after an error) */
	bool		 stopped;	/* protocol mismatch */

	struct pending	*pending;
	size_t		 npending;
	size_t		 cap;

	struct net_event events[NET_MAX_EVENTS];
	size_t		 nevents;
};

static uint64_t
now_mono(void)
{
	return mono_us() / 1000;
}

static const struct record_desc *
body_desc(uint32_t type)
{
	const struct message_desc *m = schema_message(type);

	return m != NULL ? m->body : NULL;
}

static struct net_event *
push_event(struct client_net *n, enum net_event_type type)
{
	struct net_event *ev;

	if (n->nevents == NET_MAX_EVENTS) {
		/* The screen is not keeping up: drop the oldest. */
		client_net_event_free(&n->events[0]);
		memmove(&n->events[0], &n->events[1], (n->nevents - 1) * sizeof *n->events);
		n->nevents--;
	}
	ev = &n->events[n->nevents++];
	memset(ev, 0, sizeof *ev);
	ev->type = type;
	return ev;
}

bool
client_net_event(struct client_net *n, struct net_event *ev)
{
	if (n->nevents == 0)
		return false;
	*ev = n->events[0];
	memmove(&n->events[0], &n->events[1], (n->nevents - 1) * sizeof *n->events);
	n->nevents--;
	return true;
}

void
client_net_event_free(struct net_event *ev)
{
	schema_free(&log_entry_desc, &ev->entry);
	schema_free(&doc_desc, &ev->doc);
	schema_free_array(&doc_desc, ev->docs, ev->ndocs);
	schema_free_array(&audit_rec_desc, ev->lines, ev->nlines);
	if (ev->reply != NULL) {
		schema_free(ev->reply_desc, ev->reply);
		free(ev->reply);
	}
	ev->reply = NULL;
	ev->docs = NULL;
	ev->lines = NULL;
	ev->ndocs = ev->nlines = 0;
}

static uint32_t
random_prefix(void)
{
	uint32_t r;

	if (getentropy(&r, sizeof r) != 0)
		r = (uint32_t)time(NULL) ^ ((uint32_t)getpid() << 16) ^ (uint32_t)mono_us();
	return r;
}

struct client_net *
client_net_new(const char *req, const char *pub, const char *workstation,
    const char *server_key, const struct keypair *own, char *err, size_t errlen)
{
	char mon[64];
	struct client_net *n = xcalloc(1, sizeof *n);

	strlcpy_kh(n->req_ep, req, sizeof n->req_ep);
	if (pub != NULL && *pub != '\0')
		strlcpy_kh(n->pub_ep, pub, sizeof n->pub_ep);
	else
		net_pub_endpoint(req, n->pub_ep, sizeof n->pub_ep);
	strlcpy_kh(n->workstation, workstation, sizeof n->workstation);
	n->prefix = random_prefix();
	n->sync = sync_new(now_mono());

	if ((n->ctx = zmq_ctx_new()) == NULL)
		goto fail;
	if ((n->req = zmq_socket(n->ctx, ZMQ_DEALER)) == NULL ||
	    (n->sub = zmq_socket(n->ctx, ZMQ_SUB)) == NULL)
		goto fail;
	if (net_socket_setup(n->req, CODEC_MAX_FRAME) != 0 ||
	    net_socket_setup(n->sub, CODEC_MAX_FRAME) != 0)
		goto fail;
	if (server_key != NULL && (keys_curve_client(n->req, server_key, own) != 0 ||
	    keys_curve_client(n->sub, server_key, own) != 0)) {
		snprintf(err, errlen, _("cannot turn on CURVE: %s"), zmq_strerror(errno));
		goto fail_quiet;
	}
	/* A failed handshake is silent in ZeroMQ: watch for it. */
	snprintf(mon, sizeof mon, "inproc://kaohe-monitor-%p", (void *)n);
	if (zmq_socket_monitor(n->req, mon, ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED |
	    ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
	    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) == 0 &&
	    (n->monitor = zmq_socket(n->ctx, ZMQ_PAIR)) != NULL &&
	    zmq_connect(n->monitor, mon) != 0) {
		zmq_close(n->monitor);
		n->monitor = NULL;
	}
	if (zmq_connect(n->req, n->req_ep) != 0) {
		snprintf(err, errlen, _("cannot connect to %s: %s"), n->req_ep,
		    zmq_strerror(errno));
		goto fail_quiet;
	}
	if (zmq_connect(n->sub, n->pub_ep) != 0) {
		snprintf(err, errlen, _("cannot connect to %s: %s"), n->pub_ep,
		    zmq_strerror(errno));
		goto fail_quiet;
	}
	/* Heartbeats from the start: they tell the login screen whether the
	 * server is there. */
	if (zmq_setsockopt(n->sub, ZMQ_SUBSCRIBE, NET_TOPIC_HEARTBEAT,
	    strlen(NET_TOPIC_HEARTBEAT)) != 0)
		goto fail;
	return n;

fail:
	snprintf(err, errlen, _("cannot set up sockets: %s"), zmq_strerror(errno));
fail_quiet:
	client_net_free(&n);
	return NULL;
}

static void
pending_free(struct pending *p)
{
	const struct record_desc *d = body_desc(p->type);

	if (p->body != NULL && d != NULL)
		schema_free(d, p->body);
	free(p->body);
	schema_free(&log_entry_desc, &p->entry);
	memset(p, 0, sizeof *p);
}

static void
pending_remove(struct client_net *n, size_t i)
{
	pending_free(&n->pending[i]);
	memmove(&n->pending[i], &n->pending[i + 1], (n->npending - i - 1) * sizeof *n->pending);
	n->npending--;
}

static ssize_t
pending_find(const struct client_net *n, uint64_t reqid)
{
	for (size_t i = 0; i < n->npending; i++)
		if (n->pending[i].reqid == reqid)
			return (ssize_t)i;
	return -1;
}

void
client_net_free(struct client_net **np)
{
	struct client_net *n = *np;
	struct net_event ev;

	if (n == NULL)
		return;
	while (n->npending > 0)
		pending_remove(n, n->npending - 1);
	free(n->pending);
	while (client_net_event(n, &ev))
		client_net_event_free(&ev);
	sync_free(&n->sync);
	if (n->req != NULL) {
		/* Let a last LOGOUT leave, but do not hang on a dead server. */
		int linger = 200;

		zmq_setsockopt(n->req, ZMQ_LINGER, &linger, sizeof linger);
		zmq_close(n->req);
	}
	if (n->sub != NULL)
		zmq_close(n->sub);
	if (n->monitor != NULL)
		zmq_close(n->monitor);
	if (n->ctx != NULL)
		zmq_ctx_term(n->ctx);
	free(n);
	*np = NULL;
}

const char *client_net_endpoint(const struct client_net *n) { return n->req_ep; }
struct sync *client_net_sync(struct client_net *n) { return n->sync; }
bool client_net_logged_in(const struct client_net *n) { return n->logged_in; }
const struct net_login *client_net_login_info(const struct client_net *n) { return &n->info; }
bool client_net_stopped(const struct client_net *n) { return n->stopped; }
const char *
client_net_link_problem(const struct client_net *n)
{
	return n->problem != NULL ? _(n->problem) : NULL;
}

enum sync_state
client_net_state(struct client_net *n)
{
	return sync_state(n->sync, now_mono());
}

uint32_t
client_net_today(const struct client_net *n)
{
	uint64_t t = sync_server_time(n->sync);
	time_t secs;
	struct tm tm;
	uint32_t d;

	if (t == 0)
		return n->info.today != 0 ? n->info.today : day_today();
	secs = (time_t)(t / 1000);
	localtime_r(&secs, &tm);
	d = (uint32_t)((tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday);
	return d > n->info.today ? d : n->info.today;
}

/* Send (or send again) one pending request. */
static void
pending_send(struct client_net *n, struct pending *p)
{
	if (n->stopped || p->hold)
		return;
	/* A full queue or a closed socket leaves it for the next retry. */
	(void)net_send(n->req, NULL, 0, p->type, p->reqid, p->body);
	p->sent_ms = now_mono();
	p->tries++;
}

static struct pending *
pending_add(struct client_net *n, uint32_t type, const void *body)
{
	const struct record_desc *d = body_desc(type);
	struct pending *p;

	if (n->npending == n->cap) {
		n->cap = n->cap ? n->cap * 2 : 16;
		n->pending = xrealloc(n->pending, n->cap * sizeof *n->pending);
	}
	p = &n->pending[n->npending++];
	memset(p, 0, sizeof *p);
	if (++n->counter == 0)
		n->counter = 1;
	p->reqid = (uint64_t)n->prefix << 32 | n->counter;
	p->type = type;
	p->body = xcalloc(1, d->size);
	schema_copy(d, p->body, body);
	return p;
}

uint64_t
client_net_login(struct client_net *n, const char *login, const char *password)
{
	struct login_body b = {
		.login = (char *)login,
		.password = (char *)password,
		.workstation = n->workstation,
		.lang = (char *)i18n_lang(),	/* the server's reasons in our language */
	};
	struct pending *p;

	if (n->stopped)
		return 0;
	client_net_cancel_login(n);
	p = pending_add(n, MSG_LOGIN, &b);
	pending_send(n, p);
	return p->reqid;
}

bool
client_net_login_pending(const struct client_net *n)
{
	for (size_t i = 0; i < n->npending; i++)
		if (n->pending[i].type == MSG_LOGIN)
			return true;
	return false;
}

void
client_net_cancel_login(struct client_net *n)
{
	for (size_t i = n->npending; i > 0; i--)
		if (n->pending[i - 1].type == MSG_LOGIN)
			pending_remove(n, i - 1);
}

static bool
is_log_write(uint32_t type)
{
	return type == MSG_LOG_PUT || type == MSG_LOG_DELETE;
}

static bool
is_write(uint32_t type)
{
	switch (type) {
	case MSG_LOG_PUT:
	case MSG_LOG_DELETE:
	case MSG_DOC_SAVE:
	case MSG_DOC_ACT:
	case MSG_PUBLISH:
	case MSG_UNIT_PUT:
	case MSG_USER_PUT:
	case MSG_PERIOD_LOCK:
	case MSG_SCORE_PUT:
	case MSG_COMMEND_PUT:
	case MSG_COMMEND_DELETE:
	case MSG_RESULTS_PUBLISH:
	case MSG_LEDGER_PUT:
	case MSG_LEDGER_DELETE:
	case MSG_SELF_PUT:
	case MSG_FINDING_PUT:
	case MSG_FINDING_DELETE:
	case MSG_RUBRIC_ACT:
	case MSG_RECTIFY_ACT:
	case MSG_SAMPLE_DRAW:	/* audited: a retry must not draw twice */
		return true;
	}
	return false;
}

static bool
is_read(uint32_t type)
{
	return type == MSG_HISTORY || type == MSG_AUDIT_LIST || type == MSG_SHEETS ||
	    type == MSG_BALLOT || type == MSG_LEDGERS || type == MSG_RUBRIC_SHEETS;
}

/* The session field of a request body: every request but LOGIN has one. */
static char **
session_slot(uint32_t type, void *body)
{
	const struct record_desc *d = body_desc(type);

	for (size_t i = 0; d != NULL && i < d->nfields; i++)
		if (d->fields[i].type == FT_STR && strcmp(d->fields[i].name, "session") == 0)
			return (char **)((char *)body + d->fields[i].offset);
	return NULL;
}

/* Queue a daily log write, keeping the entry it concerns so the screen can
 * show it as pending, and send it unless logged out (then it waits). */
static uint64_t
log_write(struct client_net *n, uint32_t type, const void *body, const struct log_entry *e)
{
	struct pending *p;

	if (n->stopped)
		return 0;
	p = pending_add(n, type, body);
	schema_copy(&log_entry_desc, &p->entry, e);
	p->hold = !n->logged_in;
	pending_send(n, p);
	return p->reqid;
}

uint64_t
client_net_put(struct client_net *n, const struct log_entry *e)
{
	struct log_put_body b = { .session = n->info.session, .entry = *e };

	return log_write(n, MSG_LOG_PUT, &b, e);
}

uint64_t
client_net_delete(struct client_net *n, const struct log_entry *e)
{
	struct log_delete_body b = {
		.session = n->info.session, .id = e->id, .version = e->version,
	};

	return log_write(n, MSG_LOG_DELETE, &b, e);
}

uint64_t
client_net_request(struct client_net *n, uint32_t type, const void *body)
{
	struct pending *p;
	char **session;

	if (n->stopped || (!is_write(type) && !is_read(type)) || is_log_write(type))
		return 0;
	p = pending_add(n, type, body);
	if ((session = session_slot(type, p->body)) != NULL) {
		free(*session);
		*session = xstrdup(n->info.session);
	}
	p->hold = !n->logged_in;
	pending_send(n, p);
	return p->reqid;
}

size_t
client_net_pending_writes(const struct client_net *n)
{
	size_t c = 0;

	for (size_t i = 0; i < n->npending; i++)
		if (is_write(n->pending[i].type))
			c++;
	return c;
}

size_t
client_net_pending_log_writes(const struct client_net *n)
{
	size_t c = 0;

	for (size_t i = 0; i < n->npending; i++)
		if (is_log_write(n->pending[i].type))
			c++;
	return c;
}

bool
client_net_pending_at(const struct client_net *n, size_t i, uint32_t *type,
    uint64_t *reqid, const void **body)
{
	for (size_t k = 0; k < n->npending; k++) {
		if (!is_write(n->pending[k].type))
			continue;
		if (i-- == 0) {
			*type = n->pending[k].type;
			*reqid = n->pending[k].reqid;
			*body = n->pending[k].body;
			return true;
		}
	}
	return false;
}

bool
client_net_doc_fetch(struct client_net *n, uint64_t id)
{
	struct pending *p;

	if (id == 0 || !sync_doc_slim(n->sync, id))
		return false;
	for (size_t i = 0; i < n->npending; i++)
		if (n->pending[i].fetch && ((struct history_body *)n->pending[i].body)->id == id)
			return true;
	if (client_net_request(n, MSG_HISTORY, &(struct history_body){ .id = id }) == 0)
		return false;
	p = &n->pending[n->npending - 1];
	p->fetch = true;
	return true;
}

uint32_t
client_net_sync_tries(const struct client_net *n)
{
	ssize_t i = n->sync_reqid != 0 ? pending_find(n, n->sync_reqid) : -1;

	return i >= 0 ? n->pending[i].tries : 0;
}

bool
client_net_is_pending(const struct client_net *n, uint64_t reqid)
{
	return reqid != 0 && pending_find(n, reqid) >= 0;
}

const struct log_entry *
client_net_pending_write(const struct client_net *n, size_t i, bool *deleted)
{
	for (size_t k = 0; k < n->npending; k++) {
		if (!is_log_write(n->pending[k].type))
			continue;
		if (i-- == 0) {
			*deleted = n->pending[k].type == MSG_LOG_DELETE;
			return &n->pending[k].entry;
		}
	}
	return NULL;
}

static void
unsubscribe_user(struct client_net *n)
{
	if (n->topic[0] != '\0')
		zmq_setsockopt(n->sub, ZMQ_UNSUBSCRIBE, n->topic, strlen(n->topic));
	n->topic[0] = '\0';
}

void
client_net_logout(struct client_net *n)
{
	struct session_body b = { .session = n->info.session };

	if (n->logged_in && !n->stopped) {
		if (++n->counter == 0)
			n->counter = 1;
		/* Nobody waits for the reply: the client is leaving. */
		(void)net_send(n->req, NULL, 0, MSG_LOGOUT,
		    (uint64_t)n->prefix << 32 | n->counter, &b);
	}
	n->logged_in = false;
}

/* Forget the SYNC in flight, if any. */
static void
drop_sync(struct client_net *n)
{
	ssize_t i;

	if (n->sync_reqid != 0 && (i = pending_find(n, n->sync_reqid)) >= 0)
		pending_remove(n, (size_t)i);
	n->sync_reqid = 0;
	sync_failed(n->sync);
}

static void
stop_version(struct client_net *n, uint32_t server_protocol, const char *message)
{
	struct net_event *ev = push_event(n, NET_EV_VERSION);

	n->stopped = true;
	ev->code = KH_ERR_VERSION;
	if (server_protocol != 0)
		snprintf(ev->message, sizeof ev->message,
		    _("Protocol version mismatch: the server has %u, this client %u; "
		    "please update the client (%s)"),
		    server_protocol, PROTOCOL_VERSION, message);
	else
		snprintf(ev->message, sizeof ev->message,
		    _("Protocol version mismatch: this client has %u (%s)"), PROTOCOL_VERSION,
		    message);
	while (n->npending > 0)
		pending_remove(n, n->npending - 1);
	n->sync_reqid = 0;
}

static void
on_login_ok(struct client_net *n, const struct login_ok_body *b)
{
	char topic[32];
	uint64_t now = now_mono();

	if (n->info.user != b->user) {
		/* Someone else: nothing of the old copy may show. */
		sync_reset(n->sync, now);
		drop_sync(n);
		for (size_t i = n->npending; i > 0; i--)
			if (is_write(n->pending[i - 1].type) || is_read(n->pending[i - 1].type))
				pending_remove(n, i - 1);
	}
	strlcpy_kh(n->info.session, b->session ? b->session : "", sizeof n->info.session);
	n->info.user = b->user;
	strlcpy_kh(n->info.login, b->login ? b->login : "", sizeof n->info.login);
	strlcpy_kh(n->info.display_name, b->display_name ? b->display_name : "",
	    sizeof n->info.display_name);
	strlcpy_kh(n->info.unit, b->unit ? b->unit : "", sizeof n->info.unit);
	n->info.role = b->role;
	n->info.today = b->today;
	n->logged_in = true;

	/* Subscribe before the SYNC goes out (docs/protocol.md, step 1). */
	net_user_topic(b->user, topic, sizeof topic);
	if (strcmp(topic, n->topic) != 0) {
		unsubscribe_user(n);
		zmq_setsockopt(n->sub, ZMQ_SUBSCRIBE, topic, strlen(topic));
		strlcpy_kh(n->topic, topic, sizeof n->topic);
		/* The subscription reaches the server in the background; an
		 * update published before it did would be missed without a
		 * later one to show the gap, so look once more in a while. */
		n->verify_at = now + NET_VERIFY_MS;
	}
	if (!sync_has_copy(n->sync))
		sync_want(n->sync, SYNC_NEED_FULL);
	else
		sync_want(n->sync, SYNC_NEED_SINCE);
	n->sync_after = 0;

	/* Writes made under an expired session go out again under this one,
	 * with their own ids. */
	for (size_t i = 0; i < n->npending; i++) {
		struct pending *p = &n->pending[i];
		char **session;

		if ((!is_write(p->type) && !is_read(p->type)) ||
		    (session = session_slot(p->type, p->body)) == NULL)
			continue;
		free(*session);
		*session = xstrdup(n->info.session);
		p->hold = false;
		pending_send(n, p);
	}
	push_event(n, NET_EV_LOGIN_OK);
}

static void
on_error(struct client_net *n, struct pending *p, const struct error_body *b)
{
	const char *msg = b->message != NULL && *b->message != '\0' ? b->message :
	    kh_err_name((int)b->code);
	struct net_event *ev;

	if (b->code == KH_ERR_VERSION) {
		stop_version(n, b->server_protocol, msg);
		return;
	}
	if (b->code == KH_ERR_SESSION && p->type != MSG_LOGIN) {
		/* Keep the user's writes; they go again after the login. */
		if (is_write(p->type) || is_read(p->type)) {
			p->hold = true;
		} else if (p->type == MSG_SYNC) {
			drop_sync(n);
		}
		if (n->logged_in) {
			n->logged_in = false;
			ev = push_event(n, NET_EV_SESSION_LOST);
			ev->code = (int)b->code;
			strlcpy_kh(ev->message, _("Session expired; please log in again"),
			    sizeof ev->message);
		}
		return;
	}
	switch (p->type) {
	case MSG_LOGIN:
		ev = push_event(n, NET_EV_LOGIN_FAILED);
		break;
	case MSG_LOG_PUT:
	case MSG_LOG_DELETE:
		ev = push_event(n, NET_EV_WRITE_FAILED);
		schema_copy(&log_entry_desc, &ev->entry, &p->entry);
		break;
	case MSG_DOC_SAVE:
		/* What the user wrote comes back to them. */
		ev = push_event(n, NET_EV_WRITE_FAILED);
		schema_copy(&doc_desc, &ev->doc, &((struct doc_save_body *)p->body)->doc);
		break;
	case MSG_DOC_ACT: {
		const struct doc_act_body *a = p->body;

		ev = push_event(n, NET_EV_WRITE_FAILED);
		ev->doc.id = a->id;
		ev->doc.version = a->version;
		ev->action = a->action;
		break;
	}
	case MSG_PUBLISH:
	case MSG_UNIT_PUT:
	case MSG_USER_PUT:
	case MSG_PERIOD_LOCK:
	case MSG_SCORE_PUT:
	case MSG_COMMEND_PUT:
	case MSG_COMMEND_DELETE:
	case MSG_RESULTS_PUBLISH:
	case MSG_LEDGER_PUT:
	case MSG_LEDGER_DELETE:
	case MSG_SELF_PUT:
	case MSG_FINDING_PUT:
	case MSG_FINDING_DELETE:
	case MSG_RUBRIC_ACT:
	case MSG_RECTIFY_ACT:
	case MSG_SAMPLE_DRAW:
		ev = push_event(n, NET_EV_WRITE_FAILED);
		break;
	case MSG_HISTORY:
	case MSG_AUDIT_LIST:
	case MSG_SHEETS:
	case MSG_BALLOT:
	case MSG_LEDGERS:
	case MSG_RUBRIC_SHEETS:
		ev = push_event(n, NET_EV_READ_FAILED);
		break;
	case MSG_SYNC:
		n->sync_reqid = 0;
		sync_failed(n->sync);
		n->sync_after = now_mono() + NET_RETRY_MS;
		/* FALLTHROUGH */
	default:
		ev = push_event(n, NET_EV_ERROR);
		break;
	}
	ev->reqid = p->reqid;
	ev->request = p->type;
	ev->code = (int)b->code;
	strlcpy_kh(ev->field, b->field != NULL ? b->field : "", sizeof ev->field);
	strlcpy_kh(ev->message, msg, sizeof ev->message);
}

/* The request a reply with a body of its own answers. */
static uint32_t
reply_request(uint32_t reply)
{
	switch (reply) {
	case MSG_SHEETS_REPLY:
		return MSG_SHEETS;
	case MSG_BALLOT_REPLY:
		return MSG_BALLOT;
	case MSG_RUBRIC_SHEETS_REPLY:
		return MSG_RUBRIC_SHEETS;
	case MSG_LEDGERS_REPLY:
		return MSG_LEDGERS;
	case MSG_SAMPLE_REPLY:
		return MSG_SAMPLE_DRAW;
	}
	return 0;
}

/* One reply on the DEALER. */
static bool
on_reply(struct client_net *n, const void *data, size_t len)
{
	struct envelope env;
	struct codec_error err;
	void *body = NULL;
	struct pending *p;
	struct net_event *ev;
	ssize_t i;

	if (codec_decode(data, len, &env, &body, &err) != 0) {
		if (err.code == KH_ERR_VERSION) {
			stop_version(n, env.protocol, err.message);
			return true;
		}
		/* A reply that cannot be read answers nothing: the request
		 * will time out and go again. */
		ev = push_event(n, NET_EV_ERROR);
		ev->code = err.code;
		snprintf(ev->message, sizeof ev->message, _("Cannot read the server's reply: %s"),
		    err.message);
		return true;
	}
	if (env.type == MSG_ERROR && ((struct error_body *)body)->code == KH_ERR_VERSION) {
		/* Whatever it answers: nothing more will come. */
		const struct error_body *b = body;

		stop_version(n, b->server_protocol, b->message != NULL ? b->message : "");
		codec_body_free(&env, &body);
		return true;
	}
	if ((i = pending_find(n, env.reqid)) < 0) {
		bool shown = false;

		if (env.type == MSG_ERROR && env.reqid == 0) {
			/* The server could not even read which request this
			 * was: say so, the request will be retried. */
			const struct error_body *b = body;

			ev = push_event(n, NET_EV_ERROR);
			ev->code = (int)b->code;
			strlcpy_kh(ev->message, b->message != NULL ? b->message : "", sizeof ev->message);
			shown = true;
		}
		codec_body_free(&env, &body);
		return shown;		/* else a retry answered twice */
	}
	p = &n->pending[i];

	switch (env.type) {
	case MSG_ERROR:
		on_error(n, p, body);
		break;
	case MSG_LOGIN_OK:
		if (p->type != MSG_LOGIN)
			goto unexpected;
		pending_remove(n, (size_t)i);
		p = NULL;
		on_login_ok(n, body);
		break;
	case MSG_SYNC_REPLY:
		if (p->type != MSG_SYNC || env.reqid != n->sync_reqid)
			goto unexpected;
		n->sync_reqid = 0;
		sync_reply(n->sync, body);
		break;
	case MSG_LOG_PUT_OK: {
		const struct log_put_ok_body *b = body;

		if (p->type != MSG_LOG_PUT)
			goto unexpected;
		sync_local(n->sync, &b->entry, false);
		ev = push_event(n, NET_EV_WRITE_OK);
		ev->reqid = p->reqid;
		ev->request = p->type;
		schema_copy(&log_entry_desc, &ev->entry, &b->entry);
		break;
	}
	case MSG_OK:
		if (p->type == MSG_LOG_DELETE) {
			sync_local(n->sync, &p->entry, true);
			ev = push_event(n, NET_EV_WRITE_OK);
			ev->reqid = p->reqid;
			ev->request = p->type;
			schema_copy(&log_entry_desc, &ev->entry, &p->entry);
		} else if (is_write(p->type) && !is_log_write(p->type)) {
			ev = push_event(n, NET_EV_WRITE_OK);
			ev->reqid = p->reqid;
			ev->request = p->type;
			ev->count = ((const struct ok_body *)body)->count;
		}
		break;
	case MSG_DOC_OK: {
		const struct doc_ok_body *b = body;

		if (p->type != MSG_DOC_SAVE && p->type != MSG_DOC_ACT)
			goto unexpected;
		/* Shown at once; the update that follows is then a duplicate. */
		sync_local_doc(n->sync, &b->doc);
		ev = push_event(n, NET_EV_WRITE_OK);
		ev->reqid = p->reqid;
		ev->request = p->type;
		if (p->type == MSG_DOC_ACT)
			ev->action = ((const struct doc_act_body *)p->body)->action;
		schema_copy(&doc_desc, &ev->doc, &b->doc);
		break;
	}
	case MSG_HISTORY_REPLY: {
		struct history_reply_body *b = body;

		if (p->type != MSG_HISTORY)
			goto unexpected;
		/* The newest version is the record whole: keep it in the copy. */
		if (b->docs_n > 0)
			sync_doc_fill(n->sync, &b->docs[b->docs_n - 1]);
		if (p->fetch)
			break;
		ev = push_event(n, NET_EV_READ_OK);
		ev->reqid = p->reqid;
		ev->request = p->type;
		ev->docs = b->docs;
		ev->ndocs = b->docs_n;
		b->docs = NULL;		/* taken over */
		b->docs_n = 0;
		break;
	}
	case MSG_AUDIT_REPLY: {
		struct audit_reply_body *b = body;

		if (p->type != MSG_AUDIT_LIST)
			goto unexpected;
		ev = push_event(n, NET_EV_READ_OK);
		ev->reqid = p->reqid;
		ev->request = p->type;
		ev->lines = b->lines;
		ev->nlines = b->lines_n;
		b->lines = NULL;
		b->lines_n = 0;
		break;
	}
	case MSG_SHEETS_REPLY:
	case MSG_BALLOT_REPLY:
	case MSG_LEDGERS_REPLY:
	case MSG_RUBRIC_SHEETS_REPLY:
	case MSG_SAMPLE_REPLY:
		if (p->type != reply_request(env.type))
			goto unexpected;
		/* a draw is a write whose reply carries what was drawn */
		ev = push_event(n, env.type == MSG_SAMPLE_REPLY ? NET_EV_WRITE_OK : NET_EV_READ_OK);
		ev->reqid = p->reqid;
		ev->request = p->type;
		ev->reply_desc = env.msg->body;
		ev->reply = body;	/* taken over */
		body = NULL;
		break;
	default:
	unexpected:
		ev = push_event(n, NET_EV_ERROR);
		snprintf(ev->message, sizeof ev->message, _("Unexpected message %u from the server"),
		    env.type);
		break;
	}
	/* Whatever the reply, the request is answered (unless on_error kept a
	 * write for after the next login). */
	if (p != NULL && !n->stopped && (i = pending_find(n, env.reqid)) >= 0 &&
	    !n->pending[i].hold)
		pending_remove(n, (size_t)i);
	codec_body_free(&env, &body);
	return true;
}

/* Heartbeats are back: send again what waited, except what was sent a
 * moment ago and is surely still in the socket's queue. */
static void
resend_all(struct client_net *n)
{
	uint64_t now = now_mono();

	for (size_t i = 0; i < n->npending; i++)
		if (now - n->pending[i].sent_ms >= NET_RESEND_GRACE_MS)
			pending_send(n, &n->pending[i]);
}

/* One published message on the SUB. */
static bool
on_update(struct client_net *n, const char *topic, size_t tlen, const void *data,
    size_t len)
{
	struct envelope env;
	struct codec_error err;
	void *body = NULL;
	bool changed = false;
	uint64_t now = now_mono();

	if (codec_decode(data, len, &env, &body, &err) != 0) {
		if (err.code == KH_ERR_VERSION) {
			stop_version(n, env.protocol, err.message);
			return true;
		}
		return false;	/* a lost update shows as a gap later */
	}
	if (env.type == MSG_HEARTBEAT && tlen == 2 && memcmp(topic, "hb", 2) == 0) {
		enum sync_state before = sync_state(n->sync, now);

		switch (sync_heartbeat(n->sync, body, now)) {
		case SYNC_BEAT_FIRST:
		case SYNC_BEAT_RECOVERED:
		case SYNC_BEAT_RESTARTED:
			/* The server is back: what waited goes now. */
			resend_all(n);
			changed = true;
			break;
		case SYNC_BEAT_EPOCH:
			changed = true;
			break;
		default:
			break;
		}
		if (n->verify_at != 0 && now >= n->verify_at) {
			n->verify_at = 0;
			sync_want(n->sync, SYNC_NEED_SINCE);
		}
		if (sync_state(n->sync, now) != before)
			changed = true;
	} else if (env.type == MSG_UPDATE && n->logged_in && n->topic[0] != '\0' &&
	    tlen == strlen(n->topic) && memcmp(topic, n->topic, tlen) == 0) {
		enum sync_result r = sync_update(n->sync, body);

		changed = r == SYNC_APPLIED || r == SYNC_EPOCH;
	}
	codec_body_free(&env, &body);
	return changed;
}

/* The DEALER's monitor: [event (u16) + value (u32), endpoint]. */
static bool
on_monitor(struct client_net *n)
{
	const char *before = n->problem;
	void *parts[2];
	size_t lens[2];
	int got, extra;

	while (n->monitor != NULL &&
	    (got = net_recv_parts(n->monitor, ZMQ_DONTWAIT, parts, lens, 2, &extra)) > 0) {
		uint16_t ev = 0;

		if (lens[0] >= 2)
			memcpy(&ev, parts[0], 2);
		net_free_parts(parts, got);
		switch (ev) {
		case ZMQ_EVENT_CONNECTED:
			n->connected_at = now_mono();
			break;
		case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
			n->connected_at = 0;
			n->failed_handshakes = 0;
			n->problem = NULL;
			break;
		case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
			/* The server's ZAP handler said no to this key. */
			n->connected_at = 0;
			n->problem = NET_REFUSED_KEY;
			break;
		case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
		case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
			n->connected_at = 0;
			if (n->problem == NULL)
				n->problem = NET_WRONG_KEY;
			break;
		case ZMQ_EVENT_DISCONNECTED:
			/* Dropped before the handshake finished: a server that
			 * cannot read our HELLO (another key) just hangs up. */
			if (n->connected_at != 0 && ++n->failed_handshakes >= 2 && n->problem == NULL)
				n->problem = NET_WRONG_KEY;
			n->connected_at = 0;
			break;
		default:
			break;
		}
	}
	/* Or it says nothing and never finishes. */
	if (n->connected_at != 0 && now_mono() - n->connected_at >= NET_HANDSHAKE_MS &&
	    n->problem == NULL)
		n->problem = NET_WRONG_KEY;
	return n->problem != before;
}

static bool
drain(struct client_net *n)
{
	void *parts[2];
	size_t lens[2];
	int got, extra;
	bool changed = false;

	while (!n->stopped &&
	    (got = net_recv_parts(n->req, ZMQ_DONTWAIT, parts, lens, 1, &extra)) > 0) {
		if (extra == 0 && on_reply(n, parts[0], lens[0]))
			changed = true;
		net_free_parts(parts, got);
	}
	while (!n->stopped &&
	    (got = net_recv_parts(n->sub, ZMQ_DONTWAIT, parts, lens, 2, &extra)) > 0) {
		if (got == 2 && extra == 0 &&
		    on_update(n, parts[0], lens[0], parts[1], lens[1]))
			changed = true;
		net_free_parts(parts, got);
	}
	return changed;
}

/* Resend what timed out, and send a SYNC if the copy needs one. */
static bool
tick(struct client_net *n)
{
	uint64_t now = now_mono();
	bool up = sync_state(n->sync, now) == SYNC_CONNECTED;

	if (n->stopped)
		return false;
	for (size_t i = 0; i < n->npending; i++) {
		struct pending *p = &n->pending[i];

		if (up && !p->hold && now - p->sent_ms >=
		    (p->type == MSG_LOGIN ? NET_LOGIN_RETRY_MS : NET_RETRY_MS))
			pending_send(n, p);
	}
	if (n->logged_in && n->sync_reqid == 0 && sync_need(n->sync) != SYNC_NEED_NONE &&
	    now >= n->sync_after) {
		struct sync_body b = { .session = n->info.session };
		uint32_t today = client_net_today(n);
		struct pending *p;

		b.from_date = day_valid(today) ? day_add(today, -LOG_OLDEST_DAYS) : 0;
		sync_request(n->sync, &b.epoch, &b.since);
		b.cursor = sync_cursor(n->sync);
		p = pending_add(n, MSG_SYNC, &b);
		n->sync_reqid = p->reqid;
		pending_send(n, p);
	}
	return false;
}

bool
client_net_poll(struct client_net *n, int timeout_ms, bool *stdin_ready)
{
	zmq_pollitem_t items[4] = {
		{ n->req, 0, ZMQ_POLLIN, 0 },
		{ n->sub, 0, ZMQ_POLLIN, 0 },
		{ NULL, STDIN_FILENO, ZMQ_POLLIN, 0 },
		{ n->monitor, 0, ZMQ_POLLIN, 0 },
	};
	enum sync_state before = client_net_state(n);
	bool changed = false;
	int rc;

	*stdin_ready = false;
	tick(n);
	rc = zmq_poll(items, n->monitor != NULL ? 4 : 3, timeout_ms);
	if (rc < 0 && errno != EINTR)
		return false;
	if (rc > 0 && (items[2].revents & ZMQ_POLLIN))
		*stdin_ready = true;
	/* Drain both sockets whatever poll said: its edge can be missed
	 * after a partial read. */
	if (drain(n))
		changed = true;
	if (on_monitor(n))
		changed = true;
	tick(n);
	if (client_net_state(n) != before)
		changed = true;
	if (n->nevents > 0)
		changed = true;
	return changed;
}
