/*
 * bench-submit.c: durable submits, kaohed against its baselines.
 *
 * Starts a private kaohed on TCP loopback and measures
 *   - one client's submit-to-ack latency, one daily log write at a time;
 *   - durable submits per second from 32 clients, each keeping one write in
 *     flight and sending the next when the ack (sent after the commit) comes;
 *   - kaohed's observed batch: requests per commit over that run, from the
 *     counters kaohed writes on SIGUSR1.
 * Then, in the same run on the same disk, the baselines:
 *   - a raw LMDB loop: batches of the observed size of one put of the
 *     request's size each, one durable commit per batch;
 *   - one bare durable LMDB commit of one put (p50), and one bare ZeroMQ
 *     REQ/REP round trip of the same bytes to a child process (p50).
 * PostgreSQL's figure comes from tests/bench/pg.sh through BENCH_PG_TPS.
 *
 * Targets: submit_vs_pg, submit_vs_lmdb, ack_p50.
 */
#include <endian.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <lmdb.h>
#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "tests/harness.h"
#include "bench.h"

static const char *text = "起草第四季度考核工作方案，征求各科室意见并修改完善";

static void
encode_put(struct test_client *c, struct kbuf *f)
{
	struct log_put_body b;

	b = harness_log_put_body(c->session, text);
	codec_encode(MSG_LOG_PUT, c->next_reqid++, &b, f);
}

static void
send_put(struct test_client *c)
{
	struct kbuf f = { 0 };

	encode_put(c, &f);
	zmq_send(c->dealer, f.data, f.len, 0);
	kbuf_free(&f);
}

/* 0 on LOG_PUT_OK; its length in *len if len is not NULL. */
static int
recv_ack(struct test_client *c, size_t *len)
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
	if (ok)
		codec_body_free(&env, &body);
	if (len != NULL)
		*len = lens[0];
	free(parts[0]);
	return ok ? 0 : -1;
}

struct kaohed_stats {
	unsigned long long requests, commits, writes, batch_max, commit_us;
};

/* Ask kaohed for its counters (SIGUSR1) and read the line from its log. */
static void
kaohed_stats(struct test_server *srv, struct kaohed_stats *out)
{
	char path[400], line[512];
	FILE *f;

	memset(out, 0, sizeof *out);
	kill(srv->pid, SIGUSR1);
	usleep(300000);
	snprintf(path, sizeof path, "%s/kaohed.log", srv->dir);
	if ((f = fopen(path, "r")) == NULL)
		fatal("cannot read %s", path);
	while (fgets(line, sizeof line, f) != NULL)
		sscanf(line, "kaohed stats requests=%llu commits=%llu writes_committed=%llu "
		    "batch_max=%llu commit_us_total=%llu", &out->requests, &out->commits, &out->writes,
		    &out->batch_max, &out->commit_us);
	fclose(f);
}

static MDB_env *
lmdb_open(const char *dir)
{
	MDB_env *env;

	if (mkdir(dir, 0700) != 0 || mdb_env_create(&env) != 0 ||
	    mdb_env_set_mapsize(env, 1u << 30) != 0 || mdb_env_open(env, dir, 0, 0600) != 0)
		fatal("cannot open the lmdb baseline in %s", dir);
	return env;
}

/* The raw LMDB loop: batches of `batch` puts of `size` bytes, one durable
 * commit each, for `seconds`.  Puts per second. */
static double
lmdb_loop_rate(const char *dir, unsigned batch, size_t size, double seconds)
{
	MDB_env *env = lmdb_open(dir);
	MDB_dbi dbi;
	MDB_txn *txn;
	char *val = xcalloc(1, size);
	uint64_t key = 0, t0, end;

	memset(val, 'x', size);
	mdb_txn_begin(env, NULL, 0, &txn);
	mdb_dbi_open(txn, NULL, 0, &dbi);
	mdb_txn_commit(txn);
	t0 = mono_us();
	end = t0 + (uint64_t)(seconds * 1e6);
	while (mono_us() < end) {
		if (mdb_txn_begin(env, NULL, 0, &txn) != 0)
			fatal("lmdb baseline: cannot begin");
		for (unsigned i = 0; i < batch; i++) {
			uint64_t k = htobe64(++key);
			MDB_val kv = { sizeof k, &k }, vv = { size, val };

			if (mdb_put(txn, dbi, &kv, &vv, 0) != 0)
				fatal("lmdb baseline: cannot put");
		}
		if (mdb_txn_commit(txn) != 0)
			fatal("lmdb baseline: cannot commit");
	}
	double rate = (double)key / ((double)(mono_us() - t0) / 1e6);
	mdb_env_close(env);
	free(val);
	return rate;
}

/* One put of `size` bytes and a durable commit, n times: p50 in µs. */
static uint64_t
lmdb_commit_p50(const char *dir, size_t size, int n)
{
	MDB_env *env = lmdb_open(dir);
	MDB_dbi dbi;
	MDB_txn *txn;
	uint64_t *lat = xcalloc((size_t)n, sizeof *lat), p50;
	char *val = xcalloc(1, size);

	memset(val, 'x', size);
	mdb_txn_begin(env, NULL, 0, &txn);
	mdb_dbi_open(txn, NULL, 0, &dbi);
	mdb_txn_commit(txn);
	for (int i = 0; i < n; i++) {
		uint64_t t0 = mono_us(), k = htobe64((uint64_t)i);
		MDB_val kv = { sizeof k, &k }, vv = { size, val };

		mdb_txn_begin(env, NULL, 0, &txn);
		mdb_put(txn, dbi, &kv, &vv, 0);
		if (mdb_txn_commit(txn) != 0)
			fatal("lmdb baseline: cannot commit");
		lat[i] = mono_us() - t0;
	}
	mdb_env_close(env);
	p50 = bench_pct(lat, (size_t)n, 50);
	free(lat);
	free(val);
	return p50;
}

/* A bare REQ/REP round trip of req_len bytes out and reply_len back, to a
 * child process on TCP loopback, n times: p50 in µs. */
static uint64_t
zmq_round_trip_p50(size_t req_len, size_t reply_len, int n)
{
	char ep[64], buf[65536];
	void *ctx = zmq_ctx_new(), *req = zmq_socket(ctx, ZMQ_REQ);
	uint64_t *lat = xcalloc((size_t)n, sizeof *lat), p50;
	char *msg = xcalloc(1, req_len);
	int pid, status;

	snprintf(ep, sizeof ep, "tcp://127.0.0.1:%d", bench_free_port());
	pid = bench_rep_echo_start(ep, reply_len);
	if (zmq_connect(req, ep) != 0)
		fatal("cannot connect to %s", ep);
	for (int i = -20; i < n; i++) {	/* the first few connect */
		uint64_t t0 = mono_us();

		if (zmq_send(req, msg, req_len, 0) < 0 || zmq_recv(req, buf, sizeof buf, 0) < 0)
			fatal("bare zmq round trip failed");
		if (i >= 0)
			lat[i] = mono_us() - t0;
	}
	zmq_close(req);
	zmq_ctx_term(ctx);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	p50 = bench_pct(lat, (size_t)n, 50);
	free(lat);
	free(msg);
	return p50;
}

int
main(void)
{
	bool full = bench_full();
	int clients = 32, single = full ? 2000 : 300;
	double seconds = full ? 30.0 : 8.0;
	struct test_server srv;
	struct test_client one, *many;
	struct kaohed_stats s0, s1;
	uint64_t *lat = xcalloc((size_t)single, sizeof *lat);
	size_t put_len, ack_len = 0;
	char dir[400];
	struct kbuf f = { 0 };

	if (harness_server_init(&srv) != 0)
		fatal("cannot make a database (is %s/kaohectl built?)", harness_build());
	snprintf(srv.req, sizeof srv.req, "tcp://127.0.0.1:%d", bench_free_port());
	net_pub_endpoint(srv.req, srv.pub, sizeof srv.pub);
	if (harness_server_start(&srv) != 0 || harness_client_open(&one, &srv) != 0 ||
	    harness_login(&one, "zhangsan", "demo123") != 0)
		fatal("cannot start kaohed on %s", srv.req);
	encode_put(&one, &f);
	put_len = f.len;
	kbuf_free(&f);

	/* one client, one write at a time */
	for (int i = -20; i < single; i++) {
		uint64_t t0 = mono_us();

		send_put(&one);
		if (recv_ack(&one, &ack_len) != 0)
			fatal("write %d not acknowledged", i);
		if (i >= 0)
			lat[i] = mono_us() - t0;
	}
	uint64_t ack_p99 = bench_pct(lat, (size_t)single, 99);
	uint64_t ack_p50 = bench_pct(lat, (size_t)single, 50);

	/* 32 clients, each with one write in flight */
	many = xcalloc((size_t)clients, sizeof *many);
	zmq_pollitem_t *items = xcalloc((size_t)clients, sizeof *items);
	for (int i = 0; i < clients; i++) {
		if (harness_client_open(&many[i], &srv) != 0 ||
		    harness_login(&many[i], i % 2 ? "zhangsan" : "lisi", "demo123") != 0)
			fatal("client %d cannot log in", i);
		items[i] = (zmq_pollitem_t){ many[i].dealer, 0, ZMQ_POLLIN, 0 };
	}
	kaohed_stats(&srv, &s0);
	for (int i = 0; i < clients; i++)
		send_put(&many[i]);
	uint64_t acked = 0, t0 = mono_us(), end = t0 + (uint64_t)(seconds * 1e6);
	while (mono_us() < end) {
		if (zmq_poll(items, clients, 1000) <= 0)
			fatal("no acknowledgement for a second");
		for (int i = 0; i < clients; i++)
			if (items[i].revents & ZMQ_POLLIN) {
				if (recv_ack(&many[i], NULL) != 0)
					fatal("a write was refused");
				acked++;
				send_put(&many[i]);
			}
	}
	double rate = (double)acked / ((double)(mono_us() - t0) / 1e6);
	/* let the last writes in flight finish before the counters */
	for (int i = 0; i < clients; i++)
		if (zmq_poll(&items[i], 1, 2000) == 1)
			recv_ack(&many[i], NULL);
	kaohed_stats(&srv, &s1);
	double batch = s1.commits > s0.commits ?
	    (double)(s1.writes - s0.writes) / (double)(s1.commits - s0.commits) : 1;
	unsigned nbatch = batch < 1.5 ? 1 : (unsigned)(batch + 0.5);

	for (int i = 0; i < clients; i++)
		harness_client_close(&many[i]);
	harness_client_close(&one);
	harness_server_stop(&srv);

	/* the baselines, on the same disk, with kaohed stopped */
	snprintf(dir, sizeof dir, "%s/lmdb-loop", srv.dir);
	double lmdb_rate = lmdb_loop_rate(dir, nbatch, put_len, seconds);
	snprintf(dir, sizeof dir, "%s/lmdb-one", srv.dir);
	uint64_t commit_p50 = lmdb_commit_p50(dir, put_len, single);
	uint64_t rtt_p50 = zmq_round_trip_p50(put_len, ack_len, single);
	const char *pg = getenv("BENCH_PG_TPS");
	double pg_rate = pg != NULL ? atof(pg) : 0;

	printf("# one client: ack p50 %.3f ms, p99 %.3f ms over %d durable writes of %zu bytes\n",
	    (double)ack_p50 / 1000, (double)ack_p99 / 1000, single, put_len);
	printf("# %d clients: %.0f durable submits/s over %.0f s; kaohed's batch: %.2f requests per commit "
	    "(%llu commits, largest %llu), the commit itself %.3f ms of the %.3f ms between commits\n",
	    clients, rate, seconds, batch, s1.commits - s0.commits, s1.batch_max,
	    s1.commits > s0.commits ? (double)(s1.commit_us - s0.commit_us) / (double)(s1.commits - s0.commits) / 1000 : 0,
	    s1.commits > s0.commits ? seconds * 1000 / (double)(s1.commits - s0.commits) : 0);
	printf("# raw LMDB loop: %.0f durable puts/s in batches of %u puts of %zu bytes\n",
	    lmdb_rate, nbatch, put_len);
	printf("# bare LMDB durable commit p50 %.3f ms; bare ZeroMQ REQ/REP round trip p50 %.3f ms\n",
	    (double)commit_p50 / 1000, (double)rtt_p50 / 1000);
	if (pg == NULL)
		printf("# BENCH_PG_TPS not set: no PostgreSQL baseline (tests/bench/run.sh sets it)\n");
	else
		printf("# PostgreSQL: %.0f single-row inserts/s from %d clients (synchronous_commit=on)\n",
		    pg_rate, clients);
	bench_target("submit_vs_pg", rate, pg_rate, true, 3.0);
	bench_target("submit_vs_lmdb", rate, lmdb_rate, true, 0.5);
	bench_target("ack_p50", (double)ack_p50 / 1000, (double)(commit_p50 + rtt_p50) / 1000, false, 1.5);

	harness_server_cleanup(&srv);
	free(many);
	free(items);
	free(lat);
	return 0;
}
