/*
 * server-reaper.c: what kaohed does about peers that stall, vanish or
 * never come back.
 *
 * Three things bound what a slow, dead or malicious peer can cost:
 * - the PUB socket keeps at most SERVER_PUB_HWM updates per subscriber; a
 *   subscriber that stops reading loses what comes after and finds the gap
 *   in its prev chain when it wakes (docs/protocol.md, "Updates and sync");
 * - both sockets ping their peers (ZMTP heartbeats) every peer-timeout / 3
 *   and drop a connection that has answered nothing for peer-timeout: a
 *   workstation that was switched off, or a peer so stalled it no longer
 *   reads its socket, gives back the replies and updates queued for it;
 * - sessions past their expiry are deleted from the database every
 *   reap-interval (a session is never used after its expiry; this only
 *   keeps `sessions` from growing with every login ever made).
 */
#include <stdio.h>
#include <string.h>

#include <zmq.h>

#include "common/i18n.h"
#include "common/util.h"
#include "server.h"
#include "store-space.h"

int
reaper_socket_setup(struct server *srv)
{
	int pub_hwm = SERVER_PUB_HWM, ivl, timeout, ttl;
	uint64_t t = srv->opt.peer_timeout_ms ? srv->opt.peer_timeout_ms : SERVER_PEER_TIMEOUT_MS;

	if (t > 3600 * 1000)
		t = 3600 * 1000;
	timeout = (int)t;
	ivl = timeout / 3 > 0 ? timeout / 3 : 1;
	/* ZMQ_HEARTBEAT_TTL is in units of 100 ms, at most 6553.5 s. */
	ttl = timeout;
	if (zmq_setsockopt(srv->pub, ZMQ_SNDHWM, &pub_hwm, sizeof pub_hwm) != 0)
		return -1;
	void *socks[2] = { srv->router, srv->pub };
	for (int i = 0; i < 2; i++)
		if (zmq_setsockopt(socks[i], ZMQ_HEARTBEAT_IVL, &ivl, sizeof ivl) != 0 ||
		    zmq_setsockopt(socks[i], ZMQ_HEARTBEAT_TIMEOUT, &timeout, sizeof timeout) != 0 ||
		    zmq_setsockopt(socks[i], ZMQ_HEARTBEAT_TTL, &ttl, sizeof ttl) != 0)
			return -1;
	return 0;
}

/* Delete up to SERVER_REAP_MAX sessions whose expiry has passed.  Returns
 * how many went, or -1 when the database refused (logged). */
int
reaper_sessions(struct server *srv)
{
	struct wtx w;
	MDB_cursor *c;
	MDB_val k, v;
	uint64_t now = now_ms();
	int rc, n = 0;

	if ((rc = store_write_begin(srv->st, &w)) != 0)
		goto fail;
	if ((rc = mdb_cursor_open(w.txn, srv->st->sessions, &c)) != 0) {
		store_write_abort(&w);
		goto fail;
	}
	rc = mdb_cursor_get(c, &k, &v, MDB_FIRST);
	while (rc == 0 && n < SERVER_REAP_MAX) {
		struct session_rec s;
		struct codec_error err;
		bool dead;

		memset(&s, 0, sizeof s);
		/* A record that does not decode cannot be used either: it goes. */
		dead = codec_decode_record(&session_rec_desc, v.mv_data, v.mv_size, &s, &err) != 0 ||
		    s.expires_at <= now;
		schema_free(&session_rec_desc, &s);
		if (dead) {
			if ((rc = mdb_cursor_del(c, 0)) != 0)
				break;
			n++;
		}
		rc = mdb_cursor_get(c, &k, &v, MDB_NEXT);
	}
	mdb_cursor_close(c);
	if (rc != 0 && rc != MDB_NOTFOUND) {
		store_write_abort(&w);
		goto fail;
	}
	if (n == 0) {
		store_write_abort(&w);
		return 0;
	}
	if ((rc = store_write_commit(&w)) != 0)
		goto fail;
	srv->stats.sessions_reaped += (uint64_t)n;
	server_log(srv, N_("expired sessions removed: %d"), n);
	return n;

fail:
	server_log(srv, N_("could not remove expired sessions: %s"), mdb_strerror(rc));
	if (store_commit_fatal(srv->st, rc))
		srv->fatal = rc;
	return -1;
}
