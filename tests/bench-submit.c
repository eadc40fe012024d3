/*
 * bench-submit.c: how fast kaohed acknowledges durable daily log writes.
 *
 * Starts a private kaohed on TCP loopback and measures (1) one client's
 * submit-to-ack latency, one write at a time, and (2) durable submits per
 * second from many concurrent clients, each keeping one write in flight.
 * Beside them, in the same run, a bare LMDB loop on the same disk: one put
 * of the same size and a durable commit, which is the floor for (1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lmdb.h>
#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "harness.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static const char *text = "起草第四季度考核工作方案，征求各科室意见并修改完善";

static void
send_put(struct test_client *c)
{
	struct log_put_body b;
	struct kbuf f = { 0 };

	memset(&b, 0, sizeof b);
	b.session = c->session;
	b.entry.date = day_today();
	b.entry.content = (char *)text;
	b.entry.minutes = 60;
	b.entry.category = CAT_DUTY;
	codec_encode(MSG_LOG_PUT, c->next_reqid++, &b, &f);
	zmq_send(c->dealer, f.data, f.len, 0);
	kbuf_free(&f);
}

static int
recv_ack(struct test_client *c)
{
	void *parts[1];
	size_t lens[1];
	int extra, ok;
	struct envelope env;
	void *body;
	struct codec_error err;

	if (net_recv_parts(c->dealer, 0, parts, lens, 1, &extra) != 1)
		return -1;
	ok = codec_decode(parts[0], lens[0], &env, &body, &err) == 0 && env.type == MSG_LOG_PUT_OK;
	codec_body_free(&env, &body);
	free(parts[0]);
	return ok ? 0 : -1;
}

/* The floor: put ~the same bytes and commit durably, n times. */
static double
lmdb_floor_p50_ms(const char *dir, int n)
{
	MDB_env *env;
	MDB_dbi dbi;
	MDB_txn *txn;
	uint64_t *lat = xcalloc((size_t)n, sizeof *lat);
	char val[200];
	double p50;

	memset(val, 'x', sizeof val);
	if (mdb_env_create(&env) || mdb_env_set_mapsize(env, 64u << 20) || mdb_env_open(env, dir, 0, 0600))
		fatal("cannot open the lmdb baseline in %s", dir);
	mdb_txn_begin(env, NULL, 0, &txn);
	mdb_dbi_open(txn, NULL, 0, &dbi);
	mdb_txn_commit(txn);
	for (int i = 0; i < n; i++) {
		uint64_t t0 = mono_us(), key = (uint64_t)i;
		MDB_val k = { sizeof key, &key }, v = { sizeof val, val };

		mdb_txn_begin(env, NULL, 0, &txn);
		mdb_put(txn, dbi, &k, &v, 0);
		mdb_txn_commit(txn);
		lat[i] = mono_us() - t0;
	}
	mdb_env_close(env);
	qsort(lat, (size_t)n, sizeof *lat, cmp_u64);
	p50 = (double)lat[n / 2] / 1000.0;
	free(lat);
	return p50;
}

int
main(int argc, char **argv)
{
	int clients = argc > 1 ? atoi(argv[1]) : 32;
	double seconds = argc > 2 ? atof(argv[2]) : 5.0;
	int single = 300;
	struct test_server srv;
	struct test_client one, *many;
	uint64_t *lat = xcalloc((size_t)single, sizeof *lat);
	char floor_dir[400];

	if (harness_server_init(&srv) != 0)
		fatal("cannot make a database (is %s/kaohectl built?)", harness_build());
	snprintf(srv.req, sizeof srv.req, "tcp://127.0.0.1:%d", 17400 + getpid() % 500 * 2);
	net_pub_endpoint(srv.req, srv.pub, sizeof srv.pub);
	if (harness_server_start(&srv) != 0 || harness_client_open(&one, &srv) != 0 ||
	    harness_login(&one, "zhangsan", "demo123") != 0)
		fatal("cannot start kaohed on %s", srv.req);

	/* 1: one client, one write at a time */
	for (int i = 0; i < single; i++) {
		uint64_t t0 = mono_us();
		send_put(&one);
		if (recv_ack(&one) != 0)
			fatal("write %d not acknowledged", i);
		lat[i] = mono_us() - t0;
	}
	qsort(lat, (size_t)single, sizeof *lat, cmp_u64);
	double p50 = (double)lat[single / 2] / 1000.0, p99 = (double)lat[single * 99 / 100] / 1000.0;

	/* 2: many clients, each with one write in flight */
	many = xcalloc((size_t)clients, sizeof *many);
	zmq_pollitem_t *items = xcalloc((size_t)clients, sizeof *items);
	for (int i = 0; i < clients; i++) {
		if (harness_client_open(&many[i], &srv) != 0 ||
		    harness_login(&many[i], i % 2 ? "zhangsan" : "lisi", "demo123") != 0)
			fatal("client %d cannot log in", i);
		items[i] = (zmq_pollitem_t){ many[i].dealer, 0, ZMQ_POLLIN, 0 };
		send_put(&many[i]);
	}
	uint64_t acked = 0, t0 = mono_us(), end = t0 + (uint64_t)(seconds * 1e6);
	while (mono_us() < end) {
		if (zmq_poll(items, clients, 1000) <= 0)
			fatal("no acknowledgement for a second");
		for (int i = 0; i < clients; i++)
			if (items[i].revents & ZMQ_POLLIN) {
				if (recv_ack(&many[i]) != 0)
					fatal("a write was refused");
				acked++;
				send_put(&many[i]);
			}
	}
	double rate = (double)acked / ((double)(mono_us() - t0) / 1e6);

	snprintf(floor_dir, sizeof floor_dir, "%s/floor", srv.dir);
	if (mkdir(floor_dir, 0700) != 0)
		fatal("cannot make %s", floor_dir);
	double floor = lmdb_floor_p50_ms(floor_dir, 300);

	printf("one client:  ack p50 %.2f ms, p99 %.2f ms over %d durable writes\n", p50, p99, single);
	printf("%d clients: %.0f durable submits/s over %.1f s\n", clients, rate, seconds);
	printf("bare LMDB:   durable commit p50 %.2f ms on the same disk\n", floor);
	printf("target ack_p50_vs_lmdb measured=%.3f baseline=%.3f ratio=%.2f\n", p50, floor, p50 / floor);

	for (int i = 0; i < clients; i++)
		harness_client_close(&many[i]);
	harness_client_close(&one);
	harness_server_cleanup(&srv);
	free(many);
	free(items);
	free(lat);
	return 0;
}
