/*
 * bench-fanout.c: from commit to the last subscriber, kaohed against a bare
 * ZeroMQ PUB.
 *
 * N SUB sockets (N = 100, 1000) in this process all subscribe to one user's
 * topic, as N screens open on the same person would.  That user writes 1,000
 * daily log entries a second (pipelined, acks drained as they come); each
 * is committed and published once on the topic, so every update must reach
 * all N subscribers.  An update carries `committed_us`, the wall clock when
 * kaohed's commit returned; the latency of an update is the last of its N
 * arrivals minus that.  One topic and N identical subscribers is what the
 * bare harness measures too, so the ratio is kaohed's own cost: encoding,
 * replies before publishing, its loop.
 *
 * The bare harness is a child process with one PUB socket (the same socket
 * options as kaohed's) sending, at the same rate, UPDATE frames encoded the
 * same way with committed_us stamped just before encoding.  The receivers
 * are the same code for both: each arrival is a clock read and a peek at the
 * seq; one subscriber decodes every update in full to learn committed_us.
 *
 * Targets: fanout_p99_100, fanout_p99_1000.
 */
#include <endian.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "tests/harness.h"
#include "bench.h"

#define RX_THREADS	4

static const char *text = "起草第四季度考核工作方案，征求各科室意见并修改完善";

/* What the receivers fill: per update index, the last arrival and how many
 * subscribers had it; committed_us from subscriber 0. */
struct run {
	uint64_t	 base;		/* seq of index 0 is base + 1 */
	size_t		 m;		/* updates expected */
	uint64_t	*committed;
	volatile int	 stop;
	size_t		 frame_len;
};

struct rx {
	struct run	*run;
	zmq_pollitem_t	*items;
	int		 n;
	bool		 has_sub0;
	uint64_t	*last;
	uint32_t	*count;
	pthread_t	 tid;
};

/* The seq is the first key of the change map: [1, 500, 0, {"seq": n, ...}]. */
static uint64_t
peek_seq(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i + 5 < len && i < 16; i++) {
		if (memcmp(p + i, "\xa3seq", 4) != 0)
			continue;
		const unsigned char *v = p + i + 4;
		size_t left = len - i - 4;
		uint64_t x = 0;

		if (v[0] < 0x80)
			return v[0];
		if (v[0] == 0xcc && left >= 2)
			return v[1];
		if (v[0] == 0xcd && left >= 3)
			return (uint64_t)v[1] << 8 | v[2];
		if (v[0] == 0xce && left >= 5) {
			memcpy(&x, v + 1, 4);
			return be32toh((uint32_t)x);
		}
		if (v[0] == 0xcf && left >= 9) {
			memcpy(&x, v + 1, 8);
			return be64toh(x);
		}
		return 0;
	}
	return 0;
}

static void *
rx_main(void *arg)
{
	struct rx *rx = arg;
	struct run *run = rx->run;
	zmq_msg_t topic, body;

	zmq_msg_init(&topic);
	zmq_msg_init(&body);
	while (!run->stop) {
		if (zmq_poll(rx->items, rx->n, 50) <= 0)
			continue;
		for (int i = 0; i < rx->n; i++) {
			if (!(rx->items[i].revents & ZMQ_POLLIN))
				continue;
			while (zmq_msg_recv(&topic, rx->items[i].socket, ZMQ_DONTWAIT) >= 0) {
				if (zmq_msg_recv(&body, rx->items[i].socket, 0) < 0)
					break;
				uint64_t t = now_us();
				uint64_t seq = peek_seq(zmq_msg_data(&body), zmq_msg_size(&body));

				if (seq <= run->base || seq - run->base > run->m)
					continue;
				size_t k = (size_t)(seq - run->base - 1);
				if (t > rx->last[k])
					rx->last[k] = t;
				rx->count[k]++;
				if (i == 0 && rx->has_sub0) {
					struct envelope env;
					void *b;
					struct codec_error err;

					if (codec_decode(zmq_msg_data(&body), zmq_msg_size(&body), &env, &b, &err) == 0) {
						run->committed[k] = ((struct change *)b)->committed_us;
						run->frame_len = zmq_msg_size(&body);
						codec_body_free(&env, &b);
					}
				}
			}
		}
	}
	zmq_msg_close(&topic);
	zmq_msg_close(&body);
	return NULL;
}

static void
fill_change(struct change *ch, uint64_t user, uint64_t seq)
{
	memset(ch, 0, sizeof *ch);
	ch->seq = seq;
	ch->prev = seq - 1;
	ch->epoch = 1;
	ch->kind = CHANGE_PUT;
	ch->user = user;
	ch->entry.id = 1000 + seq;
	ch->entry.owner = user;
	ch->entry.date = day_today();
	ch->entry.content = (char *)text;
	ch->entry.minutes = 60;
	ch->entry.category = CAT_DUTY;
	ch->entry.version = 1;
	ch->entry.updated_at = now_ms();
}

/* Sleep until mono_us() reaches t, draining acks on `dealer` if given. */
static void
pace(uint64_t t, void *dealer)
{
	for (uint64_t now; (now = mono_us()) < t;) {
		if (dealer != NULL) {
			zmq_msg_t m;

			zmq_msg_init(&m);
			while (zmq_msg_recv(&m, dealer, ZMQ_DONTWAIT) >= 0)
				;
			zmq_msg_close(&m);
		}
		if (t - now > 150)
			usleep(100);
	}
}

/* The bare harness: a child with one PUB, waiting on `go` for the start. */
static pid_t
bare_publisher(const char *ep, uint64_t user, int go, double rate, size_t m)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	void *ctx = zmq_ctx_new(), *pub = zmq_socket(ctx, ZMQ_PUB);
	char topic[32], c;
	struct kbuf f = { 0 };

	if (pub == NULL || net_socket_setup(pub, -1) != 0 || zmq_bind(pub, ep) != 0)
		_exit(1);
	net_user_topic(user, topic, sizeof topic);
	if (read(go, &c, 1) != 1)
		_exit(1);
	uint64_t t0 = mono_us();
	for (size_t i = 0; i < m; i++) {
		struct change ch;

		pace(t0 + (uint64_t)((double)i * 1e6 / rate), NULL);
		fill_change(&ch, user, i + 1);
		ch.committed_us = now_us();
		kbuf_reset(&f);
		codec_encode(MSG_UPDATE, 0, &ch, &f);
		zmq_send(pub, topic, strlen(topic), ZMQ_SNDMORE);
		zmq_send(pub, f.data, f.len, 0);
	}
	sleep(2);	/* let the last ones out before closing */
	_exit(0);
}

struct result {
	double	 p50_ms, p99_ms;
	size_t	 measured, lost;
	size_t	 frame_len;
};

/* One run: N subscribers on `pub_ep` to user's topic; `kaohe` non-NULL is a
 * logged-in client whose writes make the updates, else a bare publisher
 * child is started on pub_ep. */
static void
fanout_run(void *zctx, const char *pub_ep, struct test_client *kaohe, uint64_t user,
    int nsubs, double rate, double warm, double seconds, struct result *res)
{
	struct run run = { 0 };
	struct rx rx[RX_THREADS];
	void **subs = xcalloc((size_t)nsubs, sizeof *subs);
	char topic[32];
	int go[2] = { -1, -1 };
	pid_t child = -1;
	size_t warm_n = (size_t)(warm * rate);

	run.m = (size_t)((warm + seconds) * rate);
	run.committed = xcalloc(run.m, sizeof *run.committed);
	net_user_topic(user, topic, sizeof topic);

	if (kaohe != NULL) {
		/* one synchronous write tells the seq the run starts after */
		struct log_put_body b = { .session = kaohe->session };
		struct envelope env;
		void *reply;

		b.entry.date = day_today();
		b.entry.content = (char *)text;
		b.entry.minutes = 60;
		b.entry.category = CAT_DUTY;
		if (harness_call(kaohe, MSG_LOG_PUT, 0, &b, &reply, &env, 5000) != MSG_LOG_PUT_OK)
			fatal("the first write was not acknowledged");
		run.base = ((struct log_put_ok_body *)reply)->seq;
		codec_body_free(&env, &reply);
	} else {
		if (pipe(go) != 0)
			fatal("cannot make a pipe");
		child = bare_publisher(pub_ep, user, go[0], rate, run.m);
	}

	for (int i = 0; i < nsubs; i++) {
		if ((subs[i] = zmq_socket(zctx, ZMQ_SUB)) == NULL ||
		    net_socket_setup(subs[i], CODEC_MAX_FRAME) != 0 ||
		    zmq_setsockopt(subs[i], ZMQ_SUBSCRIBE, topic, strlen(topic)) != 0 ||
		    /* kaohed's updates are CURVE-encrypted: part of its cost here;
		     * the bare publisher is plain libzmq */
		    (kaohe != NULL && harness_curve_socket(subs[i], kaohe->srv) != 0) ||
		    zmq_connect(subs[i], pub_ep) != 0)
			fatal("cannot make subscriber %d: %s", i, zmq_strerror(zmq_errno()));
	}
	/* subscriptions take a moment to reach the publisher */
	usleep(nsubs >= 500 ? 2000000 : 1000000);

	for (int t = 0; t < RX_THREADS; t++) {
		int a = nsubs * t / RX_THREADS, z = nsubs * (t + 1) / RX_THREADS;

		rx[t] = (struct rx){ .run = &run, .n = z - a, .has_sub0 = t == 0 };
		rx[t].items = xcalloc((size_t)(z - a) + 1, sizeof *rx[t].items);
		rx[t].last = xcalloc(run.m, sizeof *rx[t].last);
		rx[t].count = xcalloc(run.m, sizeof *rx[t].count);
		for (int i = a; i < z; i++)
			rx[t].items[i - a] = (zmq_pollitem_t){ subs[i], 0, ZMQ_POLLIN, 0 };
		if (pthread_create(&rx[t].tid, NULL, rx_main, &rx[t]) != 0)
			fatal("cannot start a receiver");
	}

	if (kaohe != NULL) {
		uint64_t t0 = mono_us();

		for (size_t i = 0; i < run.m; i++) {
			struct log_put_body b = { .session = kaohe->session };
			struct kbuf f = { 0 };

			pace(t0 + (uint64_t)((double)i * 1e6 / rate), kaohe->dealer);
			b.entry.date = day_today();
			b.entry.content = (char *)text;
			b.entry.minutes = 60;
			b.entry.category = CAT_DUTY;
			codec_encode(MSG_LOG_PUT, kaohe->next_reqid++, &b, &f);
			zmq_send(kaohe->dealer, f.data, f.len, 0);
			kbuf_free(&f);
		}
		pace(mono_us() + 1500000, kaohe->dealer);
	} else {
		if (write(go[1], "g", 1) != 1)
			fatal("cannot start the bare publisher");
		pace(mono_us() + (uint64_t)((warm + seconds) * 1e6) + 1500000, NULL);
	}
	run.stop = 1;

	uint64_t *lat = xcalloc(run.m, sizeof *lat);
	size_t n = 0, lost = 0;
	for (int t = 0; t < RX_THREADS; t++)
		pthread_join(rx[t].tid, NULL);
	for (size_t k = warm_n; k < run.m; k++) {
		uint64_t last = 0, count = 0;

		for (int t = 0; t < RX_THREADS; t++) {
			count += rx[t].count[k];
			if (rx[t].last[k] > last)
				last = rx[t].last[k];
		}
		/* one that missed a subscriber counts as never arriving */
		if (count != (uint64_t)nsubs || run.committed[k] == 0 || last < run.committed[k]) {
			lost++;
			lat[n++] = UINT64_MAX / 2;
		} else
			lat[n++] = last - run.committed[k];
	}
	res->measured = n;
	res->lost = lost;
	res->frame_len = run.frame_len;
	uint64_t p50 = bench_pct(lat, n, 50);
	uint64_t p99 = bench_pct(lat, n, 99);
	res->p99_ms = p99 == UINT64_MAX / 2 ? INFINITY : (double)p99 / 1000.0;
	res->p50_ms = p50 == UINT64_MAX / 2 ? INFINITY : (double)p50 / 1000.0;

	for (int t = 0; t < RX_THREADS; t++) {
		free(rx[t].items);
		free(rx[t].last);
		free(rx[t].count);
	}
	for (int i = 0; i < nsubs; i++)
		zmq_close(subs[i]);
	if (child > 0) {
		int status;

		kill(child, SIGTERM);
		waitpid(child, &status, 0);
		close(go[0]);
		close(go[1]);
	}
	free(subs);
	free(lat);
	free(run.committed);
}

int
main(void)
{
	bool full = bench_full();
	double rate = 1000, warm = 1, seconds = full ? 20 : 4;
	static const int sizes[] = { 100, 1000 };
	struct test_server srv;
	struct test_client writer;

	if (harness_server_init(&srv) != 0)
		fatal("cannot make a database (is %s/kaohectl built?)", harness_build());
	zmq_ctx_set(srv.zctx, ZMQ_MAX_SOCKETS, 4096);
	zmq_ctx_set(srv.zctx, ZMQ_IO_THREADS, 2);
	snprintf(srv.req, sizeof srv.req, "tcp://127.0.0.1:%d", bench_free_port());
	net_pub_endpoint(srv.req, srv.pub, sizeof srv.pub);
	if (harness_server_start(&srv) != 0 || harness_client_open(&writer, &srv) != 0 ||
	    harness_login(&writer, "zhangsan", "demo123") != 0)
		fatal("cannot start kaohed on %s", srv.req);

	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		struct result kh, bare;
		char ep[64], name[32];

		snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", bench_free_port());
		fanout_run(srv.zctx, ep, NULL, writer.user, sizes[s], rate, warm, seconds, &bare);
		fanout_run(srv.zctx, srv.pub, &writer, writer.user, sizes[s], rate, warm, seconds, &kh);
		printf("# %d subscribers at %.0f updates/s: kaohed p50 %.3f ms p99 %.3f ms (%zu updates, "
		    "%zu not at every subscriber); bare PUB p50 %.3f ms p99 %.3f ms (%zu, %zu); "
		    "frames %zu and %zu bytes\n", sizes[s], rate, kh.p50_ms, kh.p99_ms, kh.measured,
		    kh.lost, bare.p50_ms, bare.p99_ms, bare.measured, bare.lost, kh.frame_len,
		    bare.frame_len);
		snprintf(name, sizeof name, "fanout_p99_%d", sizes[s]);
		bench_target(name, kh.p99_ms, bare.p99_ms, false, 1.25);
		fflush(stdout);
	}
	harness_client_close(&writer);
	harness_server_cleanup(&srv);
	return 0;
}
