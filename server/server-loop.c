/*
 * server-loop.c: kaohed's event loop and group commit.
 *
 * Each turn of the loop takes every request waiting on the ROUTER (up to
 * SERVER_BATCH_MAX) and every finished password check, runs them all in one
 * LMDB transaction, each inside a nested transaction so that one refused
 * request leaves the others alone, and commits once.  Only after the commit
 * has returned (LMDB has fsynced) are the replies sent and the changes
 * published.  While one commit syncs, new requests queue in ZeroMQ and form
 * the next batch, so many clients share each fsync instead of waiting for
 * one each.
 *
 * Pipelining: a commit is two syncs in LMDB (the data pages, then the meta
 * page).  kaohed commits with the second left out (store_write_commit_lazy)
 * and hands it to the sync thread, then goes on decoding and handling the
 * next batch while that fdatasync runs.  The batch is held, unanswered and
 * unpublished, until a sync that began after its commit has returned: the
 * sync thread's, or the next batch's commit, whichever is first.  (A lone
 * write with nothing behind it has nothing to overlap: it is committed in
 * full, store_write_commit.)  Anything that ran after a held batch's
 * commit (even a read, which could see its data) is held with it, and
 * replies go out in order.  So nothing is acknowledged, published or shown
 * before it is on disk, as before.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "common/i18n.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "auth.h"
#include "calendar.h"
#include "log-ops.h"
#include "server.h"
#include "store-space.h"
#include "zap.h"

volatile sig_atomic_t server_stopping;
volatile sig_atomic_t server_dump_stats;

/* ---- the password worker ---- */

static void *
worker_main(void *arg)
{
	struct server *srv = arg;

	pthread_mutex_lock(&srv->lock);
	for (;;) {
		struct login_job *job;

		while (srv->todo == NULL && !srv->worker_stop)
			pthread_cond_wait(&srv->cond, &srv->lock);
		if (srv->worker_stop)
			break;
		job = srv->todo;
		srv->todo = job->next;
		pthread_mutex_unlock(&srv->lock);

		job->ok = auth_verify(job->hash, job->password);
		sodium_memzero(job->password, strlen(job->password));

		pthread_mutex_lock(&srv->lock);
		job->next = srv->done;
		srv->done = job;
		if (write(srv->wake[1], "x", 1) < 0 && errno != EAGAIN)
			break;
	}
	pthread_mutex_unlock(&srv->lock);
	return NULL;
}

/* ---- the sync thread ---- */

static void *
syncer_main(void *arg)
{
	struct server *srv = arg;

	pthread_mutex_lock(&srv->sync_lock);
	for (;;) {
		uint64_t want;
		int rc;

		while (srv->sync_want <= srv->sync_done && !srv->sync_stop)
			pthread_cond_wait(&srv->sync_cond, &srv->sync_lock);
		if (srv->sync_stop)
			break;
		want = srv->sync_want;
		pthread_mutex_unlock(&srv->sync_lock);
		rc = store_sync(srv->st);
		pthread_mutex_lock(&srv->sync_lock);
		if (rc == 0)
			srv->sync_done = want;
		else
			srv->sync_rc = rc;
		if (write(srv->sync_wake[1], "x", 1) < 0 && errno != EAGAIN)
			break;
		if (rc != 0)
			break;	/* the loop stops the server */
	}
	pthread_mutex_unlock(&srv->sync_lock);
	return NULL;
}

static void
syncer_request(struct server *srv, uint64_t gen)
{
	pthread_mutex_lock(&srv->sync_lock);
	if (gen > srv->sync_want) {
		srv->sync_want = gen;
		pthread_cond_signal(&srv->sync_cond);
	}
	pthread_mutex_unlock(&srv->sync_lock);
}

bool
server_queue_login(struct server *srv, struct login_job *job)
{
	struct login_job **tail;

	pthread_mutex_lock(&srv->lock);
	if (srv->ntodo >= SERVER_LOGIN_QUEUE) {
		pthread_mutex_unlock(&srv->lock);
		return false;
	}
	srv->ntodo++;
	for (tail = &srv->todo; *tail != NULL; tail = &(*tail)->next)
		;
	job->next = NULL;
	*tail = job;
	pthread_cond_signal(&srv->cond);
	pthread_mutex_unlock(&srv->lock);
	return true;
}

void
login_job_free(struct login_job *job)
{
	if (job == NULL)
		return;
	free(job->ident);
	free(job->hash);
	free(job->password);
	free(job->workstation);
	free(job->lang);
	schema_free(&user_rec_desc, &job->user);
	free(job);
}

/* ---- start and stop ---- */

static int
zfail(char *err, size_t errlen, const char *what, const char *ep)
{
	snprintf(err, errlen, "cannot %s %s: %s", what, ep, zmq_strerror(zmq_errno()));
	return -1;
}

int
server_start(struct server *srv, char *err, size_t errlen)
{
	int maxmsg_pub = 0;

	/* Each client's language decides its replies (uselocale around each
	 * request): GNU gettext's LANGUAGE would override it for every one,
	 * so kaohed goes by LC_ALL, LC_MESSAGES and LANG alone.  Before any
	 * thread starts. */
	unsetenv("LANGUAGE");
	srv->start_ms = now_ms();
	if (store_open(&srv->st, srv->opt.db, STORE_MUST_EXIST, err, errlen) != 0)
		return -1;
	strlcpy_kh(srv->req_ep, srv->opt.listen ? srv->opt.listen : NET_DEFAULT_REQ, sizeof srv->req_ep);
	if (srv->opt.pub != NULL)
		strlcpy_kh(srv->pub_ep, srv->opt.pub, sizeof srv->pub_ep);
	else
		net_pub_endpoint(srv->req_ep, srv->pub_ep, sizeof srv->pub_ep);

	srv->zctx = zmq_ctx_new();
	srv->router = zmq_socket(srv->zctx, ZMQ_ROUTER);
	srv->pub = zmq_socket(srv->zctx, ZMQ_PUB);
	if (srv->router == NULL || srv->pub == NULL)
		return zfail(err, errlen, "create sockets for", srv->req_ep);
	if (net_socket_setup(srv->router, CODEC_MAX_REQUEST) != 0 ||
	    net_socket_setup(srv->pub, maxmsg_pub ? maxmsg_pub : -1) != 0 ||
	    reaper_socket_setup(srv) != 0)
		return zfail(err, errlen, "set socket options for", srv->req_ep);
	/* CURVE and the key check, before anything binds (zap.h). */
	if (zap_setup(srv, err, errlen) != 0)
		return -1;
	if (zmq_socket_monitor(srv->router, "inproc://kaohed-monitor",
	    ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) == 0) {
		srv->monitor = zmq_socket(srv->zctx, ZMQ_PAIR);
		if (srv->monitor != NULL && zmq_connect(srv->monitor, "inproc://kaohed-monitor") != 0) {
			zmq_close(srv->monitor);
			srv->monitor = NULL;
		}
	}
	if (zmq_bind(srv->router, srv->req_ep) != 0)
		return zfail(err, errlen, "listen on", srv->req_ep);
	if (zmq_bind(srv->pub, srv->pub_ep) != 0)
		return zfail(err, errlen, "publish on", srv->pub_ep);

	if (pipe(srv->wake) != 0)
		return zfail(err, errlen, "create a pipe for", "the password worker");
	fcntl(srv->wake[0], F_SETFL, O_NONBLOCK);
	fcntl(srv->wake[1], F_SETFL, O_NONBLOCK);
	pthread_mutex_init(&srv->lock, NULL);
	pthread_cond_init(&srv->cond, NULL);
	if (pthread_create(&srv->worker, NULL, worker_main, srv) != 0) {
		snprintf(err, errlen, "cannot start the password worker");
		return -1;
	}
	if (login_guard_start(srv, err, errlen) != 0 || zap_start(srv, err, errlen) != 0)
		return -1;
	if (store_lazy_meta(srv->st) != 0 || pipe(srv->sync_wake) != 0) {
		snprintf(err, errlen, "cannot set up the sync thread");
		return -1;
	}
	fcntl(srv->sync_wake[0], F_SETFL, O_NONBLOCK);
	fcntl(srv->sync_wake[1], F_SETFL, O_NONBLOCK);
	pthread_mutex_init(&srv->sync_lock, NULL);
	pthread_cond_init(&srv->sync_cond, NULL);
	if (pthread_create(&srv->syncer, NULL, syncer_main, srv) != 0) {
		snprintf(err, errlen, "cannot start the sync thread");
		return -1;
	}
	srv->syncer_started = true;
	srv->next_beat_us = mono_us();
	srv->next_prune_us = mono_us() + 10 * 1000000ull;
	srv->next_reap_us = mono_us() + (srv->opt.reap_ms ? srv->opt.reap_ms : SERVER_REAP_MS) * 1000;
	return 0;
}

void
server_finish(struct server *srv)
{
	struct login_job *j;

	/* First the threads that hand jobs to the loop. */
	zap_stop(srv);
	zap_watch_free(srv);
	login_guard_stop(srv);
	if (srv->wake[0] > 0) {
		pthread_mutex_lock(&srv->lock);
		srv->worker_stop = true;
		pthread_cond_signal(&srv->cond);
		pthread_mutex_unlock(&srv->lock);
		pthread_join(srv->worker, NULL);
		while ((j = srv->todo) != NULL) {
			srv->todo = j->next;
			login_job_free(j);
		}
		while ((j = srv->done) != NULL) {
			srv->done = j->next;
			login_job_free(j);
		}
		close(srv->wake[0]);
		close(srv->wake[1]);
	}
	if (srv->syncer_started) {
		pthread_mutex_lock(&srv->sync_lock);
		srv->sync_stop = true;
		pthread_cond_signal(&srv->sync_cond);
		pthread_mutex_unlock(&srv->sync_lock);
		pthread_join(srv->syncer, NULL);
		close(srv->sync_wake[0]);
		close(srv->sync_wake[1]);
		srv->syncer_started = false;
	}
	if (srv->monitor != NULL)
		zmq_close(srv->monitor);
	if (srv->router != NULL)
		zmq_close(srv->router);
	if (srv->pub != NULL)
		zmq_close(srv->pub);
	if (srv->zctx != NULL)
		zmq_ctx_term(srv->zctx);
	store_close(&srv->st);
}

/* ---- one batch ---- */

struct batch {
	struct request	*r;
	size_t		 n, cap;
	uint64_t	 gen;	/* answer once this commit is durable */
	uint64_t	 seq_before;	/* the last seq before its commit */
};

static struct request *
batch_add(struct batch *b)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->r = xrealloc(b->r, b->cap * sizeof *b->r);
	}
	memset(&b->r[b->n], 0, sizeof b->r[b->n]);
	return &b->r[b->n++];
}

static void
batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct request *r = &b->r[i];

		free(r->ident);
		codec_body_free(&r->env, &r->body);
		kbuf_free(&r->reply);
		pubs_free(&r->pubs);
		free(r->workstation);
		login_job_free(r->login);
	}
	b->n = 0;
}

/* Take what waits on the ROUTER into the batch, decoding each frame; a frame
 * that cannot be decoded gets its error reply at once. */
static void
receive_requests(struct server *srv, struct batch *b)
{
	while (b->n < SERVER_BATCH_MAX) {
		void *parts[2];
		size_t lens[2];
		int extra, n = net_recv_parts(srv->router, ZMQ_DONTWAIT, parts, lens, 2, &extra);
		struct codec_error err;
		struct request *r;

		if (n <= 0)
			break;
		srv->stats.requests++;
		r = batch_add(b);
		r->ident = parts[0];
		r->ident_len = lens[0];
		if (n < 2 || extra > 0) {
			if (n == 2)
				free(parts[1]);
			request_error(r, KH_ERR_MALFORMED, NULL, "a request is exactly one frame");
			continue;
		}
		if (codec_decode(parts[1], lens[1], &r->env, &r->body, &err) != 0) {
			request_error(r, err.code, err.field, err.message);
			if (err.code != KH_ERR_VERSION)
				server_log(srv, N_("refused a frame of %zu bytes: %s"), lens[1], err.message);
		} else {
			r->decoded = true;
			r->write = handler_is_write(r->env.type);
		}
		free(parts[1]);
	}
}

static void
take_logins(struct server *srv, struct batch *b)
{
	struct login_job *done;
	char drain[64];

	while (read(srv->wake[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&srv->lock);
	done = srv->done;
	srv->done = NULL;
	for (struct login_job *j = done; j != NULL; j = j->next)
		srv->ntodo--;
	pthread_mutex_unlock(&srv->lock);
	while (done != NULL) {
		struct login_job *j = done;
		struct request *r = batch_add(b);

		done = j->next;
		r->login = j;
		r->ident = j->ident;
		r->ident_len = j->ident_len;
		j->ident = NULL;
		r->env.reqid = j->reqid;
		r->env.type = MSG_LOGIN;
		r->write = true;
		r->loc = i18n_locale(j->lang);
	}
}

/* A change goes to each of its audience on their own topic, carrying the
 * seq of the previous change that reader was sent. */
static void
publish(struct server *srv, struct pub *p, uint64_t committed_us)
{
	struct kbuf f = { 0 };
	char topic[32];

	p->ch.committed_us = committed_us;
	for (uint32_t i = 0; i < p->n; i++) {
		p->ch.prev = p->prev[i];
		net_user_topic(p->audience[i], topic, sizeof topic);
		kbuf_reset(&f);
		codec_encode(MSG_UPDATE, 0, &p->ch, &f);
		if (zmq_send(srv->pub, topic, strlen(topic), ZMQ_SNDMORE) >= 0 &&
		    zmq_send(srv->pub, f.data, f.len, 0) >= 0)
			srv->stats.published++;
	}
	kbuf_free(&f);
	server_note_change(srv, &p->ch);
}

/* Nothing waits on the ROUTER: no next batch to overlap a sync with. */
static bool
router_idle(struct server *srv)
{
	int ev = 0;
	size_t sz = sizeof ev;

	return zmq_getsockopt(srv->router, ZMQ_EVENTS, &ev, &sz) == 0 && !(ev & ZMQ_POLLIN);
}

/* Handle a batch and commit it lazily (see the top of this file).  Sets
 * b->gen to the commit whose durability its replies wait for. */
static void
run_batch(struct server *srv, struct batch *b)
{
	struct handler_ctx hc = { .srv = srv, .today = day_today() };
	struct wtx w;
	bool any = false, write = false, lazy;
	uint64_t t0, nwrite = 0;
	int rc;

	/* a read sees every commit so far, so it waits for the newest */
	b->gen = srv->commit_gen;
	b->seq_before = srv->st->seq;

	for (size_t i = 0; i < b->n; i++) {
		any |= b->r[i].decoded || b->r[i].login != NULL;
		write |= b->r[i].write;
		nwrite += b->r[i].write;
	}
	if (!any)
		goto send;
redo:
	if (write) {
		if ((rc = store_write_begin(srv->st, &w)) != 0)
			goto storage_failed;
		hc.w = &w;
		hc.txn = w.txn;
		b->seq_before = w.seq;
	} else if ((rc = store_read_begin(srv->st, &hc.txn)) != 0)
		goto storage_failed;

	for (size_t i = 0; i < b->n; i++) {
		struct request *r = &b->r[i];
		struct wtx_mark mark;

		if (!r->decoded && r->login == NULL)
			continue;
		/* Its reasons are made in its client's language, now: the
		 * batch commits after, and answers after that. */
		request_locale_enter(r);
		if (!r->write) {
			handler_dispatch(&hc, r);
			request_locale_leave();
			continue;
		}
		if ((rc = store_nest_begin(&w, &mark)) != 0) {
			request_error(r, KH_ERR_STORAGE, NULL, mdb_strerror(rc));
			request_locale_leave();
			continue;
		}
		hc.txn = w.txn;
		if (r->login != NULL)
			handler_login_done(&hc, r);
		else
			handler_dispatch(&hc, r);
		request_locale_leave();
		/* A refused request keeps nothing of what it wrote. */
		bool ok = !r->failed;
		store_nest_end(&w, &mark, ok);
		hc.txn = w.txn;
		if (!ok)
			pubs_free(&r->pubs);
	}

	if (!write) {
		mdb_txn_abort(hc.txn);
		goto send;
	}
	for (size_t i = 0; i < b->n; i++)
		if (b->r[i].map_full) {
			store_write_abort(&w);
			rc = MDB_MAP_FULL;
			goto grow;
		}
	/* A lone write with nothing behind it has no next batch to overlap
	 * the meta page's sync with: commit it durably at once (the meta page
	 * written with O_DSYNC, cheaper than a second fdatasync). */
	lazy = nwrite > 1 || !router_idle(srv);
	t0 = mono_us();
	rc = lazy ? store_write_commit_lazy(&w) : store_write_commit(&w);
	if (rc == MDB_MAP_FULL)
		goto grow;
	if (rc != 0)
		goto storage_failed;
	/* this commit's data sync flushed the meta pages of all before it */
	b->gen = ++srv->commit_gen;
	if (srv->durable_gen < b->gen - (lazy ? 1 : 0))
		srv->durable_gen = b->gen - (lazy ? 1 : 0);
	srv->stats.commits++;
	srv->stats.committed += nwrite;
	srv->stats.commit_us_last = mono_us() - t0;
	srv->stats.commit_us_total += srv->stats.commit_us_last;
	if (srv->stats.commit_us_last > srv->stats.commit_us_max)
		srv->stats.commit_us_max = srv->stats.commit_us_last;
	if (b->n > srv->stats.batch_max)
		srv->stats.batch_max = b->n;
	goto done;

grow:
	/* The map is full and no transaction is open: double it and run the
	 * whole batch again; nothing of the first run was kept. */
	if ((rc = store_grow_map(srv->st)) == 0) {
		server_log(srv, N_("the database map was full: grown to %zu MB"), store_map_bytes(srv->st) >> 20);
		if (hc.cal_loaded)
			calendar_free(&hc.cal);
		hc.cal_loaded = false;
		for (size_t i = 0; i < b->n; i++)
			if ((b->r[i].decoded || b->r[i].login != NULL) && !b->r[i].deferred)
				request_reset(&b->r[i]);
		goto redo;
	}
	server_log(srv, N_("the database map is full and cannot grow: %s"), mdb_strerror(rc));

storage_failed:
	if (store_commit_fatal(srv->st, rc)) {
		/* Not durable, and maybe never will be: acknowledge nothing and
		 * stop (store-space.h). */
		server_log(srv, N_("commit failed: %s"), mdb_strerror(rc));
		srv->fatal = rc;
		if (hc.cal_loaded)
			calendar_free(&hc.cal);
		return;
	}
	/* Nothing of this batch is durable: say so to everyone in it. */
	server_log(srv, N_("commit failed: %s"), mdb_strerror(rc));
	for (size_t i = 0; i < b->n; i++) {
		struct request *r = &b->r[i];

		if (!r->decoded && r->login == NULL)
			continue;
		if (r->deferred)
			continue;
		request_locale_enter(r);
		request_error(r, KH_ERR_STORAGE, NULL, store_disk_full(srv->st, rc) ?
		    _("The server's disk is full: nothing was saved; ask the administrator") :
		    _("The server could not save: nothing was saved; try again"));
		request_locale_leave();
		pubs_free(&r->pubs);
	}
	b->gen = 0;	/* nothing in it to wait for */
	goto done;

send:
	b->gen = srv->commit_gen;
done:
	if (hc.cal_loaded)
		calendar_free(&hc.cal);
}

/* Send a batch's replies, then publish its changes: only once it is
 * durable. */
static void
send_batch(struct server *srv, struct batch *b)
{
	uint64_t committed_us = now_us();

	for (size_t i = 0; i < b->n; i++) {
		struct request *r = &b->r[i];

		if (r->deferred || r->reply.len == 0)
			continue;
		if (zmq_send(srv->router, r->ident, r->ident_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
		    zmq_send(srv->router, r->reply.data, r->reply.len, ZMQ_DONTWAIT) < 0)
			continue;	/* the client went away; its next request will tell */
		srv->stats.replies++;
		if (r->write && r->pubs.n > 0)
			srv->stats.writes++;
		for (uint32_t j = 0; j < r->pubs.n; j++)
			publish(srv, &r->pubs.v[j], committed_us);
	}
	for (size_t i = 0; i < b->n; i++) {
		struct request *r = &b->r[i];

		if (r->failed)
			srv->stats.errors++;
	}
}

/* The heartbeat carries the last seq clients may know of: the committed
 * one (read from meta: kaohectl may have written), but no further than the
 * held batch, whose changes are not published yet. */
static void
heartbeat(struct server *srv, const struct batch *held)
{
	struct heartbeat_body hb = {
		.epoch = srv->st->epoch,
		.seq = srv->st->seq,
		.beat = ++srv->beat,
		.server_start = srv->start_ms,
		.time = now_ms(),
	};
	struct kbuf f = { 0 };
	MDB_txn *txn;

	/* Read from the database, not memory: kaohectl may have changed the
	 * organisation, and may have committed changes too. */
	if (store_read_begin(srv->st, &txn) == 0) {
		char buf[32];

		hb.org = store_org_version(txn, srv->st);
		if (store_meta_get(txn, srv->st, "seq", buf, sizeof buf) == 0)
			hb.seq = strtoull(buf, NULL, 10);
		/* a heartbeat's seq must not run ahead of what was published */
		if (held->n > 0 && hb.seq > held->seq_before)
			hb.seq = held->seq_before;
		mdb_txn_abort(txn);
	}

	codec_encode(MSG_HEARTBEAT, 0, &hb, &f);
	zmq_send(srv->pub, NET_TOPIC_HEARTBEAT, strlen(NET_TOPIC_HEARTBEAT), ZMQ_SNDMORE);
	zmq_send(srv->pub, f.data, f.len, 0);
	kbuf_free(&f);
}

/* Forget reply memos older than a day, a bounded number per turn. */
static void
prune(struct server *srv)
{
	struct wtx w;
	unsigned dropped = 0;
	int rc;

	if (store_write_begin(srv->st, &w) != 0)
		return;
	if (reqmemo_prune(&w, now_ms() - REQMEMO_KEEP_MS, 5000, &dropped) != 0 || dropped == 0) {
		store_write_abort(&w);
		return;
	}
	if ((rc = store_write_commit(&w)) != 0) {
		server_log(srv, N_("could not prune old request memos: %s"), mdb_strerror(rc));
		if (store_commit_fatal(srv->st, rc))
			srv->fatal = rc;
	} else
		srv->durable_gen = srv->commit_gen;	/* it synced all before it */
}

static void
read_monitor(struct server *srv)
{
	void *parts[2];
	size_t lens[2];
	int extra;

	while (net_recv_parts(srv->monitor, ZMQ_DONTWAIT, parts, lens, 2, &extra) > 0) {
		if (lens[0] >= 2) {
			uint16_t ev;
			memcpy(&ev, parts[0], 2);
			if (ev == ZMQ_EVENT_ACCEPTED)
				srv->stats.connections++;
			else if (ev == ZMQ_EVENT_DISCONNECTED && srv->stats.connections > 0)
				srv->stats.connections--;
		}
		net_free_parts(parts, 2);
	}
}

/* One line a script can read: the bench takes the mean batch from two of
 * them.  committed counts every request of a committed write batch. */
static void
dump_stats(struct server *srv)
{
	const struct server_stats *s = &srv->stats;

	fprintf(stderr, "kaohed stats requests=%" PRIu64 " commits=%" PRIu64 " writes_committed=%" PRIu64
	    " batch_max=%" PRIu64 " commit_us_total=%" PRIu64 " published=%" PRIu64 " seq=%" PRIu64
	    " sessions_reaped=%" PRIu64 " connections=%" PRIu64 "\n",
	    s->requests, s->commits, s->committed, s->batch_max, s->commit_us_total,
	    s->published, srv->st->seq, s->sessions_reaped, (uint64_t)s->connections);
	fflush(stderr);
}

/* Move what b holds to the end of held (which answers in order). */
static void
batch_hold(struct batch *held, struct batch *b)
{
	if (held->n == 0) {
		struct batch t = *held;

		*held = *b;
		*b = t;
		b->n = 0;
		return;
	}
	/* held->seq_before stays: the earlier batch's */
	for (size_t i = 0; i < b->n; i++)
		*batch_add(held) = b->r[i];
	if (b->gen > held->gen)
		held->gen = b->gen;
	b->n = 0;
}

/* After a failed fsync the kernel's copy of the file may never reach the
 * disk: acknowledge nothing more.  The clients retry with the same request
 * ids when kaohed is back, and the reply memo answers what was applied. */
static bool
sync_failed(struct server *srv, int rc, const struct batch *held)
{
	server_log(srv, N_("cannot sync the database: %s; stopping without answering %zu requests"),
	    mdb_strerror(rc), held->n);
	srv->fatal = rc;
	return false;
}


/* Answer the held batch if what it waits for is durable; else leave the
 * sync to the thread and go on: with many clients the next batch's
 * requests are on their way (those answered at the last commit), even if
 * none has arrived yet.  false if a sync failed: the server stops. */
static bool
release_held(struct server *srv, struct batch *held)
{
	uint64_t done;
	int rc;
	char drain[64];

	while (read(srv->sync_wake[0], drain, sizeof drain) > 0)
		;
	pthread_mutex_lock(&srv->sync_lock);
	done = srv->sync_done;
	rc = srv->sync_rc;
	pthread_mutex_unlock(&srv->sync_lock);
	if (rc != 0)
		return sync_failed(srv, rc, held);
	if (done > srv->durable_gen)
		srv->durable_gen = done;
	if (held->n == 0)
		return true;
	if (held->gen <= srv->durable_gen) {
		send_batch(srv, held);
		batch_clear(held);
		held->gen = 0;
	} else
		syncer_request(srv, held->gen);
	return true;
}

int
server_run(struct server *srv)
{
	struct batch b = { 0 }, held = { 0 };
	uint64_t next_draw = 0;

	while (!server_stopping && srv->fatal == 0) {
		if (server_dump_stats) {
			server_dump_stats = 0;
			dump_stats(srv);
		}
		enum { I_ROUTER, I_WAKE, I_SYNC, I_MONITOR };
		zmq_pollitem_t items[5] = {
			{ srv->router, 0, ZMQ_POLLIN, 0 },
			{ NULL, srv->wake[0], ZMQ_POLLIN, 0 },
			{ NULL, srv->sync_wake[0], ZMQ_POLLIN, 0 },
			{ srv->monitor, 0, ZMQ_POLLIN, 0 },
			{ NULL, 0, ZMQ_POLLIN, 0 },
		};
		int nitems_ = srv->monitor != NULL ? 4 : 3;
		uint64_t now = mono_us();
		long timeout = srv->next_beat_us > now ? (long)((srv->next_beat_us - now) / 1000) : 0;

		if (srv->console) {
			items[nitems_++] = (zmq_pollitem_t){ NULL, 0, ZMQ_POLLIN, 0 };
			if (timeout > 250)
				timeout = 250;
		}
		if (zmq_poll(items, nitems_, timeout) < 0) {
			if (zmq_errno() == EINTR)
				continue;
			server_log(srv, N_("poll failed: %s"), zmq_strerror(zmq_errno()));
			break;
		}
		if (items[I_ROUTER].revents & ZMQ_POLLIN)
			receive_requests(srv, &b);
		if (items[I_WAKE].revents & ZMQ_POLLIN)
			take_logins(srv, &b);
		if (srv->monitor != NULL && (items[I_MONITOR].revents & ZMQ_POLLIN))
			read_monitor(srv);
		if (b.n > 0) {
			run_batch(srv, &b);
			if (srv->fatal != 0)
				break;	/* nothing of it, nor of what is held, is answered */
			/* its commit may have made the held batch durable: answer
			 * that first, so it does not wait for this one's sync */
			if (!release_held(srv, &held))
				break;
			batch_hold(&held, &b);
		}
		if (!release_held(srv, &held))
			break;
		now = mono_us();
		if (now >= srv->next_beat_us) {
			heartbeat(srv, &held);
			zap_watch(srv);
			srv->next_beat_us = now + 1000000;
		}
		if (now >= srv->next_prune_us) {
			prune(srv);
			srv->next_prune_us = now + 60 * 1000000ull;
		}
		if (now >= srv->next_reap_us) {
			reaper_sessions(srv);
			srv->next_reap_us = now + (srv->opt.reap_ms ? srv->opt.reap_ms : SERVER_REAP_MS) * 1000;
		}
		if (srv->console) {
			if ((items[nitems_ - 1].revents & ZMQ_POLLIN) && !console_key(srv))
				break;
			if (now >= next_draw) {
				console_draw(srv);
				next_draw = now + 500000;
			}
		}
	}
	/* Stopping: what is held is committed; make it durable, then answer. */
	if (srv->fatal == 0 && held.n > 0) {
		if (store_sync(srv->st) == 0)
			send_batch(srv, &held);
		else
			server_log(srv, N_("cannot sync the database at exit"));
	}
	batch_clear(&held);
	batch_clear(&b);
	free(held.r);
	free(b.r);
	return srv->fatal != 0 ? -1 : 0;
}
