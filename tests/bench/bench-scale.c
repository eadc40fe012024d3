/*
 * bench-scale.c: does kaohed stay fast as the database grows?
 *
 * Two databases made by kaohectl gen with the same office (units, people):
 * one with no daily logs, one with LOGS of them (10M in the full run).  On
 * each, a private kaohed is started and timed to its first reply (restart),
 * then CLIENTS clients, each a different member of staff with one write in
 * flight, submit daily log entries for SECONDS (durable submits/s); last,
 * the server's resident memory outside the LMDB map (RssAnon: the map's
 * pages are the kernel's page cache, shared and reclaimable).
 *
 *   bench-scale LOGS PEOPLE CLIENTS SECONDS NAME_SUFFIX
 *
 * prints target lines for scale_NAME, restart_NAME and rss_server_NAME.
 */
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

struct run {
	double	 restart_ms;
	double	 rate;
	double	 rss_anon_mb, rss_mb;
};

static const char *text = "起草第四季度考核工作方案，征求各科室意见并修改完善";

static void
send_put(struct test_client *c)
{
	struct log_put_body b;
	struct kbuf f = { 0 };

	b = harness_log_put_body(c->session, text);
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

static double
proc_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	double kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, strlen(field)) == 0)
			kb = atof(line + strlen(field) + 1);
	fclose(f);
	return kb;
}

/* Start kaohed and time it to its first reply: a write with no session,
 * which it answers with an error once it serves. */
static double
start_timed(struct test_server *srv)
{
	char path[512], sock[600];
	uint64_t t0 = mono_us();
	struct test_client probe;

	snprintf(path, sizeof path, "%s/kaohed", harness_build());
	snprintf(sock, sizeof sock, "%s/req", srv->dir);
	unlink(sock);
	if ((srv->pid = fork()) == 0) {
		char log[600];

		snprintf(log, sizeof log, "%s/kaohed.log", srv->dir);
		if (freopen(log, "a", stderr) == NULL)
			_exit(126);
		execl(path, "kaohed", "--db", srv->db, "--listen", srv->req, "--daemon", "--quiet",
		    (char *)NULL);
		_exit(127);
	}
	while (access(sock, F_OK) != 0) {
		if (mono_us() - t0 > 60000000)
			fatal("kaohed did not start on %s", srv->db);
		usleep(500);
	}
	if (harness_client_open(&probe, srv) != 0)
		fatal("cannot connect to kaohed");
	for (;;) {
		struct test_client *c = &probe;
		void *reply;
		size_t rlen;

		strlcpy_kh(c->session, "none", sizeof c->session);
		struct log_put_body b = { .session = c->session };
		struct kbuf f = { 0 };
		b.entry.date = day_today();
		b.entry.content = (char *)text;
		b.entry.minutes = 60;
		b.entry.category = CAT_DUTY;
		codec_encode(MSG_LOG_PUT, c->next_reqid++, &b, &f);
		int rc = harness_raw(c, f.data, f.len, &reply, &rlen, 50);
		kbuf_free(&f);
		if (rc == 0) {
			free(reply);
			break;
		}
		if (mono_us() - t0 > 60000000)
			fatal("kaohed did not answer on %s", srv->db);
	}
	double ms = (double)(mono_us() - t0) / 1000.0;
	harness_client_close(&probe);
	return ms;
}

static void
gen_db(struct test_server *srv, uint64_t logs, uint32_t people)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "rm -rf %s && %s/kaohectl gen %s --units %u --people %u --years %d "
	    "--logs %llu --quiet >/dev/null", srv->db, harness_build(), srv->db,
	    people / 100 < 1 ? 1 : people / 100, people, logs > 5000000 ? 5 : 2,
	    (unsigned long long)logs);
	if (system(cmd) != 0)
		fatal("kaohectl gen failed: %s", cmd);
}

static void
measure(struct test_server *srv, int clients, double seconds, struct run *r)
{
	struct test_client *many = xcalloc((size_t)clients, sizeof *many);
	zmq_pollitem_t *items = xcalloc((size_t)clients, sizeof *items);

	/* restart twice: the first start reads the file into the page cache */
	r->restart_ms = start_timed(srv);
	harness_server_stop(srv);
	r->restart_ms = start_timed(srv);
	for (int i = 0; i < clients; i++) {
		char login[32];

		snprintf(login, sizeof login, "u%07d", i * 7 + 1);
		if (harness_client_open(&many[i], srv) != 0 || harness_login(&many[i], login, "demo123") != 0)
			fatal("client %s cannot log in", login);
		items[i] = (zmq_pollitem_t){ many[i].dealer, 0, ZMQ_POLLIN, 0 };
		send_put(&many[i]);
	}
	uint64_t acked = 0, t0 = mono_us(), end = t0 + (uint64_t)(seconds * 1e6);
	while (mono_us() < end) {
		if (zmq_poll(items, clients, 2000) <= 0)
			fatal("no acknowledgement for two seconds");
		for (int i = 0; i < clients; i++)
			if (items[i].revents & ZMQ_POLLIN) {
				if (recv_ack(&many[i]) != 0)
					fatal("a write was refused");
				acked++;
				send_put(&many[i]);
			}
	}
	r->rate = (double)acked / ((double)(mono_us() - t0) / 1e6);
	r->rss_anon_mb = proc_kb(srv->pid, "RssAnon") / 1024.0;
	r->rss_mb = proc_kb(srv->pid, "VmRSS") / 1024.0;
	for (int i = 0; i < clients; i++)
		harness_client_close(&many[i]);
	harness_server_stop(srv);
	free(many);
	free(items);
}

int
main(int argc, char **argv)
{
	uint64_t logs = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	uint32_t people = argc > 2 ? (uint32_t)atoi(argv[2]) : 20000;
	int clients = argc > 3 ? atoi(argv[3]) : 32;
	double seconds = argc > 4 ? atof(argv[4]) : 5.0;
	const char *name = argc > 5 ? argv[5] : "1m";
	struct test_server srv;
	struct run empty, big;

	memset(&srv, 0, sizeof srv);
	strlcpy_kh(srv.dir, "/tmp/kaohe-bench-XXXXXX", sizeof srv.dir);
	if (mkdtemp(srv.dir) == NULL)
		fatal("cannot make a directory in /tmp");
	snprintf(srv.db, sizeof srv.db, "%s/db", srv.dir);
	snprintf(srv.req, sizeof srv.req, "ipc://%s/req", srv.dir);
	snprintf(srv.pub, sizeof srv.pub, "ipc://%s/req.pub", srv.dir);
	srv.zctx = zmq_ctx_new();

	uint64_t t0 = mono_us();
	gen_db(&srv, 0, people);
	measure(&srv, clients, seconds, &empty);
	uint64_t t1 = mono_us();
	gen_db(&srv, logs, people);
	double gen_s = (double)(mono_us() - t1) / 1e6;
	measure(&srv, clients, seconds, &big);

	printf("# scale: %u people, %d clients, %.1f s each; gen of %llu logs took %.1f s; "
	    "server RSS %.1f MB with the map's pages (%.1f MB empty)\n", people, clients, seconds,
	    (unsigned long long)logs, gen_s, big.rss_mb, empty.rss_mb);
	printf("target scale_%s measured=%.0f baseline=%.0f ratio=%.2f goal=ratio>=0.8 %s\n", name,
	    big.rate, empty.rate, big.rate / empty.rate, big.rate / empty.rate >= 0.8 ? "ok" : "short");
	printf("target restart_%s measured=%.1f baseline=%.1f ratio=%.2f goal=<=100ms %s\n", name,
	    big.restart_ms, empty.restart_ms, big.restart_ms / empty.restart_ms,
	    big.restart_ms <= 100 ? "ok" : "short");
	printf("target rss_server_%s measured=%.1f baseline=%.1f ratio=%.2f goal=<=64MB %s\n", name,
	    big.rss_anon_mb, empty.rss_anon_mb, big.rss_anon_mb / empty.rss_anon_mb,
	    big.rss_anon_mb <= 64 ? "ok" : "short");
	fprintf(stderr, "# bench-scale: %.0f s in all\n", (double)(mono_us() - t0) / 1e6);
	harness_server_cleanup(&srv);
	return 0;
}
