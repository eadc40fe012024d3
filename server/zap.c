/*
 * zap.c: the ZAP handler thread (see zap.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "common/i18n.h"
#include "common/keys.h"
#include "common/net.h"
#include "common/util.h"
#include "allowlist.h"
#include "server.h"
#include "zap.h"

#define ZAP_ENDPOINT	"inproc://zeromq.zap.01"
#define ZAP_REPEAT_MS	60000	/* one audit line per refused key this often */
#define ZAP_RECENT	32	/* refused keys remembered for that */

struct zap_recent {
	unsigned char	 key[32];
	uint64_t	 logged_ms;
	unsigned	 suppressed;
};

static struct zap_recent recent[ZAP_RECENT];	/* the ZAP thread's only */

int
zap_setup(struct server *srv, char *err, size_t errlen)
{
	char path[4096], why[512];
	int linger = 0;

	if (srv->opt.insecure)
		return 0;
	keys_path(srv->opt.keys != NULL ? srv->opt.keys : srv->opt.db, KEYS_SECRET_FILE,
	    path, sizeof path);
	if (keys_load_secret(path, &srv->keys, why, sizeof why) != 0) {
		snprintf(err, errlen, "no server key: %s; make one with kaohectl --db %s keys create "
		    "(or start with --insecure, unencrypted, for a test on one machine)", why,
		    srv->opt.keys != NULL ? srv->opt.keys : srv->opt.db);
		return -1;
	}
	if (keys_curve_server(srv->router, &srv->keys) != 0 ||
	    keys_curve_server(srv->pub, &srv->keys) != 0) {
		snprintf(err, errlen, "cannot turn on CURVE: %s", zmq_strerror(zmq_errno()));
		return -1;
	}
	if ((srv->zap = zmq_socket(srv->zctx, ZMQ_REP)) == NULL ||
	    zmq_setsockopt(srv->zap, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
	    zmq_bind(srv->zap, ZAP_ENDPOINT) != 0) {
		snprintf(err, errlen, "cannot start the key check on %s: %s", ZAP_ENDPOINT,
		    zmq_strerror(zmq_errno()));
		return -1;
	}
	srv->curve = true;
	return 0;
}

/* Whether this refusal of key should be written down now; counts those
 * that are not into *suppressed of the next one that is. */
static bool
refusal_due(const unsigned char key[32], unsigned *suppressed)
{
	uint64_t now = mono_us() / 1000;
	struct zap_recent *oldest = &recent[0];

	for (size_t i = 0; i < ZAP_RECENT; i++) {
		struct zap_recent *r = &recent[i];

		if (r->logged_ms != 0 && memcmp(r->key, key, 32) == 0) {
			if (now - r->logged_ms < ZAP_REPEAT_MS) {
				r->suppressed++;
				return false;
			}
			*suppressed = r->suppressed;
			r->suppressed = 0;
			r->logged_ms = now;
			return true;
		}
		if (r->logged_ms < oldest->logged_ms)
			oldest = r;
	}
	memcpy(oldest->key, key, 32);
	oldest->logged_ms = now;
	oldest->suppressed = 0;
	*suppressed = 0;
	return true;
}

/* Tell the loop, which owns the audit log, through the worker's pipe. */
static void
hand_refusal(struct server *srv, const char *fp, const char *address, unsigned suppressed)
{
	struct login_job *job = xcalloc(1, sizeof *job);

	job->key_refused = true;
	strlcpy_kh(job->fingerprint, fp, sizeof job->fingerprint);
	job->workstation = xstrdup(address[0] != '\0' ? address : "?");
	job->suppressed = suppressed;
	login_guard_hand_back(srv, job);
}

static void
reply(void *sock, const char *reqid, size_t reqid_len, const char *code, const char *text,
    const char *user)
{
	zmq_send(sock, "1.0", 3, ZMQ_SNDMORE);
	zmq_send(sock, reqid, reqid_len, ZMQ_SNDMORE);
	zmq_send(sock, code, strlen(code), ZMQ_SNDMORE);
	zmq_send(sock, text, strlen(text), ZMQ_SNDMORE);
	zmq_send(sock, user, strlen(user), ZMQ_SNDMORE);
	zmq_send(sock, "", 0, 0);
}

/* One request: [version, request id, domain, address, identity, mechanism,
 * credentials...]; for CURVE the credential is the client's 32-byte key. */
static void
serve_one(struct server *srv)
{
	void *parts[7];
	size_t lens[7];
	int extra, n = net_recv_parts(srv->zap, ZMQ_DONTWAIT, parts, lens, 7, &extra);
	char z85[KEYS_Z85_LEN + 1], fp[KEYS_FP_LEN + 1], name[ALLOW_NAME_MAX + 1];
	bool allowed = false;
	unsigned suppressed;
	MDB_txn *txn;
	int rc;

	if (n <= 0)
		return;
	if (n < 2) {
		net_free_parts(parts, n);
		return;
	}
	if (n != 7 || extra != 0 || strcmp(parts[0], "1.0") != 0 ||
	    strcmp(parts[5], "CURVE") != 0 || lens[6] != 32) {
		reply(srv->zap, parts[1], lens[1], "400", "CURVE only", "");
		net_free_parts(parts, n);
		return;
	}
	zmq_z85_encode(z85, parts[6], 32);
	keys_fingerprint_raw(parts[6], fp);
	if ((rc = store_read_begin(srv->st, &txn)) == 0) {
		rc = allowlist_check(txn, srv->st, z85, &allowed, name);
		mdb_txn_abort(txn);
	}
	if (rc != 0) {
		reply(srv->zap, parts[1], lens[1], "500", "cannot read the allowlist", "");
		fprintf(stderr, "kaohed: cannot read the allowlist: %s\n", mdb_strerror(rc));
	} else if (allowed)
		reply(srv->zap, parts[1], lens[1], "200", "OK", fp);
	else {
		reply(srv->zap, parts[1], lens[1], "400", "key not on the allowlist", "");
		if (refusal_due(parts[6], &suppressed))
			hand_refusal(srv, fp, parts[3], suppressed);
	}
	net_free_parts(parts, n);
}

static int
collect_key(const char *z85, const char *name, void *arg)
{
	struct kbuf *keys = arg;

	(void)name;
	kbuf_append(keys, z85, KEYS_Z85_LEN);
	kbuf_append(keys, "", 1);
	return 0;
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Unbind ep from sock and bind it again: libzmq closes every connection
 * that was accepted on it. */
static int
rebind(void *sock, const char *ep)
{
	char last[512];
	size_t len = sizeof last;

	if (zmq_getsockopt(sock, ZMQ_LAST_ENDPOINT, last, &len) != 0 || last[0] == '\0')
		strlcpy_kh(last, ep, sizeof last);
	if (zmq_unbind(sock, last) != 0)
		return -1;
	/* The old listener closes in libzmq's I/O thread: until it has, the
	 * address is still taken.  It takes milliseconds. */
	for (int i = 0; i < 200; i++) {
		if (zmq_bind(sock, ep) == 0)
			return 0;
		if (zmq_errno() != EADDRINUSE)
			return -1;
		usleep(5000);
	}
	return -1;
}

size_t
zap_watch(struct server *srv)
{
	struct kbuf buf = { 0 };
	char (*keys)[KEYS_Z85_LEN + 1] = NULL;
	size_t n = 0, gone = 0;
	MDB_txn *txn;
	int rc;

	if (!srv->curve)
		return 0;
	if ((rc = store_read_begin(srv->st, &txn)) != 0)
		return 0;
	rc = allowlist_each(txn, srv->st, collect_key, &buf, &n);
	mdb_txn_abort(txn);
	if (rc != 0) {
		kbuf_free(&buf);
		return 0;
	}
	if (n > 0) {
		keys = xcalloc(n, sizeof *keys);
		for (size_t i = 0; i < n; i++)
			memcpy(keys[i], buf.data + i * (KEYS_Z85_LEN + 1), KEYS_Z85_LEN + 1);
		qsort(keys, n, sizeof *keys, cmp_key);
	}
	kbuf_free(&buf);
	/* An empty list lets every key in: emptying it removes nobody. */
	if (srv->allow_known && n > 0)
		for (size_t i = 0; i < srv->nallow_seen; i++)
			if (bsearch(srv->allow_seen[i], keys, n, sizeof *keys, cmp_key) == NULL) {
				char fp[KEYS_FP_LEN + 1];
				unsigned char raw[32];

				if (zmq_z85_decode(raw, srv->allow_seen[i]) != NULL) {
					keys_fingerprint_raw(raw, fp);
					server_alert(srv, N_("workstation key %s left the allowlist"), fp);
				}
				gone++;
			}
	free(srv->allow_seen);
	srv->allow_seen = keys;
	srv->nallow_seen = n;
	srv->allow_known = true;
	if (gone > 0) {
		if (rebind(srv->router, srv->req_ep) != 0 || rebind(srv->pub, srv->pub_ep) != 0)
			server_alert(srv, N_("cannot close the connections of removed keys: %s"),
			    zmq_strerror(zmq_errno()));
		else
			server_alert(srv, N_("closed every connection: each workstation's key is checked again"));
	}
	return gone;
}

void
zap_watch_free(struct server *srv)
{
	free(srv->allow_seen);
	srv->allow_seen = NULL;
	srv->nallow_seen = 0;
	srv->allow_known = false;
}

static void *
zap_main(void *arg)
{
	struct server *srv = arg;

	while (!atomic_load(&srv->zap_stop)) {
		zmq_pollitem_t it = { srv->zap, 0, ZMQ_POLLIN, 0 };
		int rc = zmq_poll(&it, 1, 200);

		if (rc < 0 && zmq_errno() == ETERM)
			break;
		if (rc > 0)
			serve_one(srv);
	}
	return NULL;
}

int
zap_start(struct server *srv, char *err, size_t errlen)
{
	if (srv->zap == NULL)
		return 0;
	if (pthread_create(&srv->zap_thread, NULL, zap_main, srv) != 0) {
		snprintf(err, errlen, "cannot start the key check thread");
		return -1;
	}
	srv->zap_running = true;
	return 0;
}

void
zap_stop(struct server *srv)
{
	if (srv->zap_running) {
		atomic_store(&srv->zap_stop, true);
		pthread_join(srv->zap_thread, NULL);
		srv->zap_running = false;
	}
	if (srv->zap != NULL)
		zmq_close(srv->zap);
	srv->zap = NULL;
}
