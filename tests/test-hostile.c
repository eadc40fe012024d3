/*
 * test-hostile.c: kaohed against peers that lie, flood, stall and vanish,
 * while a well-behaved client goes on working.  Through the real kaohed on
 * private endpoints (tests/harness.c), CURVE on.
 *
 * - a barrage of hostile frames (random bytes, truncated and oversized
 *   frames, wrong versions, unknown types, bad UTF-8, deep nesting) and a
 *   flood of requests from sockets that never read their replies: the
 *   good client's writes are all acknowledged and present afterwards, its
 *   p99 latency stays under a second, kaohed's RSS stays bounded, and
 *   kaohectl verify passes;
 * - a subscriber that stops reading under a big backlog costs kaohed at
 *   most SERVER_PUB_HWM updates, slows no other subscriber, and finds the
 *   gap by prev when it wakes and resyncs;
 * - expired sessions are deleted by the reaper (short flags);
 * - a workstation that falls silent (SIGSTOP) loses its connection after
 *   --peer-timeout, one that is idle but alive keeps it;
 * - every request's every bounded field at its limit + 1, and invalid
 *   dates and periods, get an `invalid` error naming the field.
 */
#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "server/server.h"
#include "harness.h"

/* ---- helpers ---- */

/* How much kaohed's anonymous memory may grow in one test: ASan keeps up
 * to 256 MiB of freed memory in quarantine, so a sanitized build gets that
 * much more room.  Unbounded growth would pass neither. */
static long
growth_limit_kb(void)
{
	return strstr(harness_build(), "address") != NULL ? 512 * 1024 : 64 * 1024;
}

static void
send_body(void *sock, uint32_t type, uint64_t reqid, const void *body)
{
	struct kbuf f = { 0 };

	codec_encode(type, reqid, body, &f);
	zmq_send(sock, f.data, f.len, ZMQ_DONTWAIT);
	kbuf_free(&f);
}

/* Wait for one reply on a DEALER; its type (body decoded into *body), or
 * -1 on timeout. */
static int
recv_reply(void *sock, int timeout_ms, struct envelope *env, void **body)
{
	zmq_pollitem_t it = { sock, 0, ZMQ_POLLIN, 0 };
	void *parts[1];
	size_t lens[1];
	int extra, rc;
	struct codec_error err;

	if (zmq_poll(&it, 1, timeout_ms) != 1)
		return -1;
	if (net_recv_parts(sock, 0, parts, lens, 1, &extra) != 1)
		return -1;
	rc = codec_decode(parts[0], lens[0], env, body, &err);
	free(parts[0]);
	return rc == 0 ? (int)env->type : -1;
}

static struct log_put_body
entry_body(const char *session, const char *text)
{
	return harness_log_put_body(session, text);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every acknowledged entry id is in a full snapshot of the user's log. */
static void
assert_all_present(struct test_client *c, const uint64_t *ids, size_t n)
{
	struct sync_body sb = { .session = c->session, .from_date = day_add(day_today(), -1) };
	struct envelope env;
	void *reply;
	size_t found = 0;

	assert_int_equal(harness_call(c, MSG_SYNC, 0, &sb, &reply, &env, 20000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = reply;
	for (size_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < r->entries_n; j++)
			if (r->entries[j].id == ids[i]) {
				found++;
				break;
			}
	codec_body_free(&env, &reply);
	assert_int_equal(found, n);
}

static void
assert_verify_passes(struct test_server *s)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "%s/kaohectl verify %s >%s/verify.log 2>&1", harness_build(),
	    s->db, s->dir);
	if (system(cmd) != 0) {
		snprintf(cmd, sizeof cmd, "sed 's/^/# verify: /' %s/verify.log >&2", s->dir);
		(void)!system(cmd);
		fail_msg("kaohectl verify found problems");
	}
}

struct fixture {
	struct test_server srv;
	struct test_client good;
	void	*extra;		/* a socket a test opened, closed here */
	struct test_client *more;	/* and a client */
};

static int
start(void **state, const char *const *args)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	if (harness_server_init(&f->srv) != 0)
		return -1;
	for (size_t i = 0; args != NULL && args[i] != NULL; i++)
		f->srv.args[i] = args[i];
	if (harness_server_start(&f->srv) != 0 || harness_client_open(&f->good, &f->srv) != 0 ||
	    harness_login(&f->good, "zhangsan", "demo123") != 0) {
		fprintf(stderr, "cannot start a test server (is %s/kaohed built?)\n", harness_build());
		return -1;
	}
	*state = f;
	return 0;
}

static int
setup(void **state)
{
	return start(state, NULL);
}

static int
setup_reaper(void **state)
{
	static const char *const args[] = { "--session-ttl", "1", "--reap-interval", "1", NULL };

	return start(state, args);
}

static int
setup_peer_timeout(void **state)
{
	static const char *const args[] = { "--peer-timeout", "1", NULL };

	return start(state, args);
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	harness_client_close(&f->good);
	if (f->extra != NULL)
		zmq_close(f->extra);
	if (f->more != NULL)
		harness_client_close(f->more);
	free(f->more);
	rc = harness_server_stop(&f->srv);
	harness_server_cleanup(&f->srv);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* ---- the barrage ---- */

enum { ATTACKERS = 3, ATTACK_SOCKETS = 4, ATTACK_FRAMES = 2500 };

struct attacker {
	struct test_server *srv;
	unsigned seed;
	const char *session;	/* a real session: valid requests, never read */
	unsigned sent;
};

/* One hostile frame of kind k into f. */
static void
hostile_frame(struct attacker *a, unsigned k, struct kbuf *f)
{
	unsigned char b[64];
	struct log_put_body lp = entry_body("0123456789abcdef", "攻击");

	kbuf_reset(f);
	switch (k % 9) {
	case 0:		/* random bytes */
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (unsigned char)rand_r(&a->seed);
		kbuf_append(f, b, 1 + rand_r(&a->seed) % sizeof b);
		break;
	case 1:		/* a valid frame cut short */
		codec_encode(MSG_LOG_PUT, 1, &lp, f);
		f->len = 1 + rand_r(&a->seed) % (f->len - 1);
		break;
	case 2:		/* a wrong protocol version */
		codec_encode(MSG_LOG_PUT, 1, &lp, f);
		f->data[1] = PROTOCOL_VERSION + 1;
		break;
	case 3:		/* an unknown message type */
		kbuf_append(f, "\x94\x01\xcd\x03\xe7\x01\x80", 7);
		f->data[1] = PROTOCOL_VERSION;
		break;
	case 4:		/* invalid UTF-8 inside a string field */
		lp.entry.content = (char *)"\xff\xfe\xc0\xaf";
		codec_encode(MSG_LOG_PUT, 1, &lp, f);
		break;
	case 5:		/* nested arrays a thousand deep */
		for (int i = 0; i < 1000; i++)
			kbuf_append(f, "\x91", 1);
		kbuf_append(f, "\x00", 1);
		break;
	case 6:		/* a bogus session */
		codec_encode(MSG_LOG_PUT, 1, &lp, f);
		break;
	default:	/* a real, expensive request whose reply is never read */
		{
			struct sync_body sb = { .session = (char *)a->session };
			codec_encode(MSG_SYNC, 1, &sb, f);
		}
	}
}

static void *
attack(void *arg)
{
	struct attacker *a = arg;
	void *socks[ATTACK_SOCKETS];
	struct kbuf f = { 0 };
	char *huge = xcalloc(1, CODEC_MAX_REQUEST + 4096);

	for (int s = 0; s < ATTACK_SOCKETS; s++) {
		socks[s] = zmq_socket(a->srv->zctx, ZMQ_DEALER);
		net_socket_setup(socks[s], CODEC_MAX_FRAME);
		/* the last socket speaks no CURVE: refused at the handshake */
		if (s < ATTACK_SOCKETS - 1)
			harness_curve_socket(socks[s], a->srv);
		zmq_connect(socks[s], a->srv->req);
	}
	for (unsigned i = 0; i < ATTACK_FRAMES; i++) {
		void *s = socks[i % ATTACK_SOCKETS];

		if (i % 500 == 0) {	/* over the 256 KiB request limit */
			zmq_send(s, huge, CODEC_MAX_REQUEST + 1 + i, ZMQ_DONTWAIT);
			continue;
		}
		hostile_frame(a, i / ATTACK_SOCKETS, &f);
		if (zmq_send(s, f.data, f.len, ZMQ_DONTWAIT) >= 0)
			a->sent++;
		/* sockets 0 and 1 drain their replies now and then; 2 never reads */
		if (i % 64 == 0)
			for (int d = 0; d < 2; d++) {
				void *parts[1];
				size_t lens[1];
				int extra;
				while (net_recv_parts(socks[d], ZMQ_DONTWAIT, parts, lens, 1, &extra) > 0)
					free(parts[0]);
			}
	}
	kbuf_free(&f);
	free(huge);
	usleep(500000);
	for (int s = 0; s < ATTACK_SOCKETS; s++)
		zmq_close(socks[s]);
	return NULL;
}

static void
test_barrage(void **state)
{
	struct fixture *f = *state;
	enum { WRITES = 150 };
	struct attacker a[ATTACKERS];
	pthread_t t[ATTACKERS];
	uint64_t ids[WRITES], lat[WRITES];
	long rss0, rss1, peak = 0;
	unsigned sent = 0;

	/* warm up: the first writes and snapshot allocate what they keep */
	for (int i = 0; i < 20; i++) {
		struct log_put_body b = entry_body(f->good.session, "热身");
		struct envelope env;
		void *reply;
		assert_int_equal(harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 5000),
		    MSG_LOG_PUT_OK);
		codec_body_free(&env, &reply);
	}
	rss0 = harness_rss_kb(f->srv.pid);
	for (int i = 0; i < ATTACKERS; i++) {
		a[i] = (struct attacker){ &f->srv, 1234u + (unsigned)i, f->good.session, 0 };
		assert_int_equal(pthread_create(&t[i], NULL, attack, &a[i]), 0);
	}
	for (int i = 0; i < WRITES; i++) {
		char text[64];
		struct log_put_body b;
		struct envelope env;
		void *reply;
		uint64_t t0 = mono_us();

		snprintf(text, sizeof text, "攻击之下的日志 %d", i);
		b = entry_body(f->good.session, text);
		assert_int_equal(harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 10000),
		    MSG_LOG_PUT_OK);
		ids[i] = ((struct log_put_ok_body *)reply)->entry.id;
		codec_body_free(&env, &reply);
		if (i % 10 == 9) {	/* and a read: the entry just written is there */
			struct sync_body sb = { .session = f->good.session, .since = 0,
			    .from_date = day_today() };
			assert_int_equal(harness_call(&f->good, MSG_SYNC, 0, &sb, &reply, &env, 10000),
			    MSG_SYNC_REPLY);
			bool seen = false;
			struct sync_reply_body *r = reply;
			for (uint32_t j = 0; j < r->entries_n; j++)
				seen |= r->entries[j].id == ids[i];
			codec_body_free(&env, &reply);
			assert_true(seen);
		}
		lat[i] = mono_us() - t0;
		long r = harness_rss_kb(f->srv.pid);
		if (r > peak)
			peak = r;
	}
	for (int i = 0; i < ATTACKERS; i++) {
		pthread_join(t[i], NULL);
		sent += a[i].sent;
	}
	qsort(lat, WRITES, sizeof lat[0], cmp_u64);
	rss1 = harness_rss_kb(f->srv.pid);
	printf("# %u hostile frames; good client p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
	    "kaohed RSS %ld -> peak %ld -> %ld KiB\n", sent, lat[WRITES / 2] / 1000.0,
	    lat[WRITES * 99 / 100] / 1000.0, lat[WRITES - 1] / 1000.0, rss0, peak, rss1);
	assert_true(sent >= ATTACKERS * ATTACK_FRAMES * 8 / 10);
	assert_true(lat[WRITES * 99 / 100] < 1000000);
	/* bounded: the never-read replies are capped by the HWM, and none of
	 * the hostile frames is kept */
	assert_true(peak - rss0 < growth_limit_kb());
	assert_int_equal(kill(f->srv.pid, 0), 0);
	assert_all_present(&f->good, ids, WRITES);
	assert_int_equal(harness_server_stop(&f->srv), 0);
	assert_verify_passes(&f->srv);
}

/* ---- a stalled subscriber ---- */

static void
test_stalled_subscriber(void **state)
{
	struct fixture *f = *state;
	enum { WRITES = 4000, WINDOW = 200 };
	struct test_client *lp = f->more = xcalloc(1, sizeof *lp), live;
	void *stalled;
	char topic[32];
	int hwm = 100;
	long rss0, peak = 0;
	uint64_t live_last = 0, live_got = 0, first_seq = 0;
	uint64_t *seqs = xcalloc(WRITES, sizeof *seqs);

	/* The stalled one: a small receive queue, subscribed, then never read. */
	stalled = f->extra = zmq_socket(f->srv.zctx, ZMQ_SUB);
	net_socket_setup(stalled, CODEC_MAX_FRAME);
	assert_int_equal(zmq_setsockopt(stalled, ZMQ_RCVHWM, &hwm, sizeof hwm), 0);
	assert_int_equal(harness_curve_socket(stalled, &f->srv), 0);
	assert_int_equal(zmq_connect(stalled, f->srv.pub), 0);
	net_user_topic(f->good.user, topic, sizeof topic);
	zmq_setsockopt(stalled, ZMQ_SUBSCRIBE, topic, strlen(topic));
	/* The live one: another workstation of the same user, reading along. */
	assert_int_equal(harness_client_open(lp, &f->srv), 0);
	live = *lp;
	assert_int_equal(harness_subscribe(&live, f->good.user), 0);
	usleep(300000);		/* the stalled subscription reaches the publisher */
	rss0 = harness_rss_kb(f->srv.pid);

	/* WRITES writes, WINDOW in flight at a time; the live subscriber reads
	 * every update as it comes. */
	uint64_t sent = 0, acked = 0, t0 = mono_us();
	while (acked < WRITES) {
		while (sent < WRITES && sent - acked < WINDOW) {
			struct log_put_body b = entry_body(f->good.session, "积压");
			send_body(f->good.dealer, MSG_LOG_PUT, ++sent, &b);
		}
		struct envelope env;
		void *reply;
		int type = recv_reply(f->good.dealer, 10000, &env, &reply);
		assert_int_equal(type, MSG_LOG_PUT_OK);
		seqs[acked++] = ((struct log_put_ok_body *)reply)->seq;
		codec_body_free(&env, &reply);
		for (;;) {
			void *parts[2];
			size_t lens[2];
			int extra, n = net_recv_parts(live.sub, ZMQ_DONTWAIT, parts, lens, 2, &extra);
			struct codec_error err;
			void *body;

			if (n <= 0)
				break;
			if (n == 2 && strncmp(parts[0], topic, strlen(topic)) == 0 &&
			    codec_decode(parts[1], lens[1], &env, &body, &err) == 0) {
				struct change *c = body;
				if (live_last != 0)
					assert_int_equal(c->prev, live_last);	/* no gap here */
				else
					first_seq = c->seq;
				live_last = c->seq;
				live_got++;
				codec_body_free(&env, &body);
			}
			net_free_parts(parts, n);
		}
		if (acked % 500 == 0) {
			long r = harness_rss_kb(f->srv.pid);
			if (r > peak)
				peak = r;
		}
	}
	double secs = (mono_us() - t0) / 1e6;
	f->good.next_reqid = sent + 1;	/* a reused id would be answered from the memo */
	/* the rest of the live subscriber's updates */
	while (live_last < seqs[WRITES - 1]) {
		void *body;
		struct envelope env;
		assert_true(harness_next_update(&live, topic, &body, &env, 3000) == MSG_UPDATE);
		assert_int_equal(((struct change *)body)->prev, live_last);
		live_last = ((struct change *)body)->seq;
		live_got++;
		codec_body_free(&env, &body);
	}
	assert_int_equal(first_seq, seqs[0]);
	assert_int_equal(live_got, WRITES);

	/* The stalled one wakes: what it has, then the gap, then a resync. */
	uint64_t last = 0, got = 0, gap_after = 0;
	for (;;) {
		zmq_pollitem_t it = { stalled, 0, ZMQ_POLLIN, 0 };
		void *parts[2];
		size_t lens[2];
		int extra, n;
		struct envelope env;
		struct codec_error err;
		void *body;

		if (zmq_poll(&it, 1, 500) != 1)
			break;
		n = net_recv_parts(stalled, 0, parts, lens, 2, &extra);
		if (n == 2 && codec_decode(parts[1], lens[1], &env, &body, &err) == 0) {
			struct change *c = body;
			if (last != 0 && c->prev != last && gap_after == 0)
				gap_after = last;
			last = c->seq;
			got++;
			codec_body_free(&env, &body);
		}
		net_free_parts(parts, n > 0 ? n : 0);
	}
	/* One more write: its update's prev is not the last seq it has. */
	{
		struct log_put_body b = entry_body(f->good.session, "唤醒");
		struct envelope env;
		void *reply, *body;
		assert_int_equal(harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 5000),
		    MSG_LOG_PUT_OK);
		codec_body_free(&env, &reply);
		zmq_pollitem_t it = { stalled, 0, ZMQ_POLLIN, 0 };
		assert_int_equal(zmq_poll(&it, 1, 3000), 1);
		void *parts[2];
		size_t lens[2];
		int extra;
		struct codec_error err;
		assert_int_equal(net_recv_parts(stalled, 0, parts, lens, 2, &extra), 2);
		assert_int_equal(codec_decode(parts[1], lens[1], &env, &body, &err), 0);
		if (((struct change *)body)->prev != last && gap_after == 0)
			gap_after = last;
		codec_body_free(&env, &body);
		net_free_parts(parts, 2);
	}
	printf("# %d writes in %.1f s; the live subscriber got all %" PRIu64 ", the stalled one "
	    "%" PRIu64 " (gap after seq %" PRIu64 "); kaohed RSS %ld -> peak %ld KiB\n",
	    WRITES, secs, live_got, got, gap_after, rss0, peak);
	assert_true(got < WRITES);
	assert_true(gap_after != 0);
	assert_true(peak - rss0 < growth_limit_kb());

	/* The resync from the last seq it applied brings every missing change. */
	struct sync_body sb = { .session = f->good.session, .epoch = 0, .since = gap_after };
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&f->good, MSG_SYNC, 0, &sb, &reply, &env, 20000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = reply;
	if (!r->full) {
		uint64_t want = 0;
		for (size_t i = 0; i < WRITES; i++)
			want += seqs[i] > gap_after;
		assert_true(r->changes_n >= want);
		assert_int_equal(r->changes[r->changes_n - 1].seq, seqs[WRITES - 1]);
	} else
		assert_true(r->entries_n >= WRITES);	/* too far behind: a snapshot */
	codec_body_free(&env, &reply);
	free(seqs);
}

/* ---- expired sessions ---- */

static void
test_sessions_reaped(void **state)
{
	struct fixture *f = *state;
	struct test_client more[3];
	char log[600], line[512];
	unsigned long reaped = 0;

	for (int i = 0; i < 3; i++) {
		assert_int_equal(harness_client_open(&more[i], &f->srv), 0);
		assert_int_equal(harness_login(&more[i], "lisi", "demo123"), 0);
	}
	sleep(3);	/* --session-ttl 1, --reap-interval 1 */
	struct log_put_body b = entry_body(f->good.session, "过期");
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 5000), MSG_ERROR);
	assert_int_equal(((struct error_body *)reply)->code, KH_ERR_SESSION);
	codec_body_free(&env, &reply);
	kill(f->srv.pid, SIGUSR1);
	usleep(300000);
	snprintf(log, sizeof log, "%s/kaohed.log", f->srv.dir);
	FILE *fp = fopen(log, "r");
	assert_non_null(fp);
	while (fgets(line, sizeof line, fp) != NULL) {
		char *p = strstr(line, "sessions_reaped=");
		if (p != NULL)
			reaped = strtoul(p + 16, NULL, 10);
	}
	fclose(fp);
	assert_int_equal(reaped, 4);
	for (int i = 0; i < 3; i++)
		harness_client_close(&more[i]);
}

/* ---- a peer that falls silent ---- */

/* The server's connections= after a SIGUSR1 (its last stats line). */
static long
server_connections(struct fixture *f)
{
	char log[600], line[512];
	long n = -1;
	FILE *fp;

	kill(f->srv.pid, SIGUSR1);
	usleep(300000);
	snprintf(log, sizeof log, "%s/kaohed.log", f->srv.dir);
	if ((fp = fopen(log, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, fp) != NULL) {
		char *p = strstr(line, "connections=");
		if (p != NULL)
			n = strtol(p + 12, NULL, 10);
	}
	fclose(fp);
	return n;
}

/* A workstation that stops answering (here SIGSTOP; a cut cable or a
 * suspended laptop looks the same to the server) loses its connection
 * after --peer-timeout, while one that is idle but alive keeps it: its
 * ZeroMQ I/O thread answers the server's pings by itself. */
static void
test_silent_peer(void **state)
{
	struct fixture *f = *state;
	int ready[2];
	pid_t pid;
	char c;
	long before, alive, dead = -1;

	before = server_connections(f);
	assert_true(before >= 1);	/* the good client */
	assert_int_equal(pipe(ready), 0);
	if ((pid = fork()) == 0) {
		struct test_server own = f->srv;
		struct test_client peer;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		close(ready[0]);
		own.zctx = zmq_ctx_new();	/* the parent's context is not ours */
		if (harness_client_open(&peer, &own) != 0 ||
		    harness_login(&peer, "lisi", "demo123") != 0)
			_exit(1);
		(void)!write(ready[1], "r", 1);
		for (;;)
			pause();
	}
	assert_true(pid > 0);
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);

	sleep(3);	/* three timeouts of idleness */
	alive = server_connections(f);
	kill(pid, SIGSTOP);
	for (int i = 0; i < 40 && dead != before; i++) {
		usleep(200000);
		dead = server_connections(f);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(alive, before + 1);
	assert_int_equal(dead, before);
	/* and the good client is still served */
	struct log_put_body b = entry_body(f->good.session, "对端静默之后");
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 5000), MSG_LOG_PUT_OK);
	codec_body_free(&env, &reply);
}

/* ---- every field at its limit + 1 ---- */

/* Find the first bounded field of rec and set it one past its bound;
 * false if rec has none left after skip. */
static bool
overflow_field(const struct record_desc *d, char *base, int *skip, const char **name,
    char **alloc)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *fd = &d->fields[i];
		char *p = base + fd->offset;

		if (fd->type == FT_REC) {
			if (overflow_field(fd->elem, p, skip, name, alloc))
				return true;
			continue;
		}
		if (fd->max == 0 || (fd->type != FT_STR && fd->type != FT_U32 && fd->type != FT_U64))
			continue;
		if (fd->type == FT_U32 && fd->max >= UINT32_MAX)
			continue;
		if ((*skip)-- > 0)
			continue;
		*name = fd->name;
		if (fd->type == FT_STR) {
			*alloc = xmalloc(fd->max + 2);
			memset(*alloc, 'a', fd->max + 1);
			(*alloc)[fd->max + 1] = '\0';
			*(char **)p = *alloc;
		} else if (fd->type == FT_U32)
			*(uint32_t *)p = (uint32_t)fd->max + 1;
		else
			*(uint64_t *)p = fd->max + 1;
		return true;
	}
	return false;
}

static void
test_limits_plus_one(void **state)
{
	struct fixture *f = *state;
	unsigned tried = 0, bad = 0;

	for (size_t m = 0; m < schema_nmessages; m++) {
		const struct message_desc *md = &schema_messages[m];

		if (strncmp(md->doc, "request:", 8) != 0)
			continue;
		for (int k = 0;; k++) {
			char *body = xcalloc(1, md->body->size), *alloc = NULL;
			const char *name = NULL;
			int skip = k;
			struct envelope env;
			void *reply;

			if (!overflow_field(md->body, body, &skip, &name, &alloc)) {
				free(body);
				break;
			}
			/* a real session, unless the session is the field tried */
			if (strcmp(name, "session") != 0 && md->body->fields[0].type == FT_STR &&
			    strcmp(md->body->fields[0].name, "session") == 0)
				*(char **)body = f->good.session;
			int t = harness_call(&f->good, md->code, 0, body, &reply, &env, 5000);
			tried++;
			if (t != MSG_ERROR || ((struct error_body *)reply)->code != KH_ERR_INVALID ||
			    strcmp(((struct error_body *)reply)->field, name) != 0) {
				printf("# %s with %s over its bound: reply %d code %d field %s\n",
				    md->name, name, t, t == MSG_ERROR ? (int)((struct error_body *)reply)->code : 0,
				    t == MSG_ERROR ? ((struct error_body *)reply)->field : "-");
				bad++;
			}
			if (t >= 0)
				codec_body_free(&env, &reply);
			free(alloc);
			free(body);
		}
	}
	printf("# %u fields one past their bound\n", tried);
	assert_true(tried > 50);
	assert_int_equal(bad, 0);
}

/* Dates and periods the codec cannot judge: the handlers must. */
static void
test_dates_and_periods(void **state)
{
	struct fixture *f = *state;
	static const char *const plans[] = { "hanjiang-2015", "yongqiao-2015", "wenzhou-rubric",
	    "community-checklist", "" };
	static const uint32_t bad_periods[] = { 1, 20261300, 999999999 };
	unsigned bad = 0, tried = 0;
	struct test_client admin, inspector;

	assert_int_equal(harness_client_open(&admin, &f->srv), 0);
	assert_int_equal(harness_login(&admin, "admin", "demo123"), 0);
	assert_int_equal(harness_client_open(&inspector, &f->srv), 0);
	assert_int_equal(harness_login(&inspector, "hejun", "demo123"), 0);

	/* dates */
	static const uint32_t bad_dates[] = { 20260230, 20261301, 20260000, 19000101, 1 };
	for (size_t i = 0; i < nitems(bad_dates); i++) {
		struct log_put_body b = entry_body(f->good.session, "坏日期");
		b.entry.date = bad_dates[i];
		struct envelope env;
		void *reply;
		int t = harness_call(&f->good, MSG_LOG_PUT, 0, &b, &reply, &env, 5000);
		tried++;
		if (t != MSG_ERROR || ((struct error_body *)reply)->code != KH_ERR_INVALID) {
			printf("# LOG_PUT date %u: reply %d\n", bad_dates[i], t);
			bad++;
		}
		if (t >= 0)
			codec_body_free(&env, &reply);
	}

	/* every request with a period, as the admin and as an inspector, with
	 * each plan: one of them must get as far as the period */
	struct test_client *who[2] = { &admin, &inspector };
	for (size_t m = 0; m < schema_nmessages; m++) {
		const struct message_desc *md = &schema_messages[m];
		const struct field_desc *period = NULL, *plan = NULL, *action = NULL, *part = NULL;

		if (strncmp(md->doc, "request:", 8) != 0)
			continue;
		for (size_t i = 0; i < md->body->nfields; i++) {
			if (strcmp(md->body->fields[i].name, "period") == 0)
				period = &md->body->fields[i];
			if (strcmp(md->body->fields[i].name, "plan") == 0)
				plan = &md->body->fields[i];
			if (strcmp(md->body->fields[i].name, "action") == 0)
				action = &md->body->fields[i];
			if (strcmp(md->body->fields[i].name, "part") == 0)
				part = &md->body->fields[i];
		}
		if (period == NULL)
			continue;
		for (size_t q = 0; q < nitems(bad_periods); q++) {
			bool named = false;
			char why[1000] = "";

			for (size_t attempt = 0; attempt < 2 * nitems(plans) && !named; attempt++) {
				char *body = xcalloc(1, md->body->size);
				struct envelope env;
				void *reply;
				size_t used = strlen(why);

				*(char **)body = who[attempt % 2]->session;
				*(uint32_t *)(body + period->offset) = bad_periods[q];
				if (plan != NULL)
					*(char **)(body + plan->offset) = (char *)plans[attempt / 2];
				if (action != NULL)
					*(uint32_t *)(body + action->offset) = attempt % 2 ? 2 : 1;
				if (part != NULL)
					*(char **)(body + part->offset) = (char *)"halfyear";
				int t = harness_call(who[attempt % 2], md->code, 0, body, &reply, &env, 5000);
				if (t == MSG_ERROR) {
					struct error_body *e = reply;
					named = e->code == KH_ERR_INVALID && strcmp(e->field, "period") == 0;
					snprintf(why + used, sizeof why - used, "[%u %s %s] ", e->code,
					    e->field, e->message);
				} else
					snprintf(why + used, sizeof why - used, "[reply %d] ", t);
				if (t >= 0)
					codec_body_free(&env, &reply);
				free(body);
				if (plan == NULL && attempt == 1)
					break;
			}
			tried++;
			if (!named) {
				printf("# %s period %u: %s\n", md->name, bad_periods[q], why);
				bad++;
			}
		}
	}
	printf("# %u invalid dates and periods tried\n", tried);
	harness_client_close(&admin);
	harness_client_close(&inspector);
	assert_int_equal(bad, 0);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_limits_plus_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dates_and_periods, setup, teardown),
		cmocka_unit_test_setup_teardown(test_barrage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stalled_subscriber, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sessions_reaped, setup_reaper, teardown),
		cmocka_unit_test_setup_teardown(test_silent_peer, setup_peer_timeout, teardown),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
