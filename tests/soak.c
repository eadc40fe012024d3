/*
 * soak.c: make soak: 200 clients against one kaohed for SOAK_SECONDS
 * (default 600) of mixed work: daily logs written and edited, snapshots
 * read, score sheets read.  kaohed's RSS is sampled every second (its
 * anonymous part: the LMDB map is file-backed and grows with the data); at the
 * end it must be flat (the last minute's mean within 10% of the second
 * minute's; for runs under three minutes, the last sixth against the
 * second sixth), no request may have been refused, every acknowledged
 * log entry must be in the database once, and kaohectl verify must pass.
 *
 *   soak SECONDS [CLIENTS]        (KAOHE_BUILD: where kaohed is)
 *
 * The clients share one login per demo user (the password check is
 * argon2id on purpose; 200 of them would soak nothing but the worker).
 * Each client writes ENTRIES entries and then edits them, as a day's work
 * is edited: the data stays the same size, so a snapshot costs the same
 * at the end as at the start and any growth in kaohed is kaohed's own.
 */
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/period.h"
#include "common/util.h"
#include "harness.h"

static const char *const logins[] = { "zhaoguo", "qianfang", "sunwei", "lihua", "zhoujie",
    "wuhong", "zhengli", "zhangsan", "lisi", "wangwu", "chenjing", "liuyang", "yangfan",
    "maqiang", "huanglei", "zhouxin", "xuli" };
enum { NUSERS = sizeof logins / sizeof logins[0], THREADS = 4, ENTRIES = 5 };

struct user {
	char		 session[128];
	atomic_ulong	 acked;		/* new entries acknowledged */
};

static struct user users[NUSERS];
static struct test_server srv;
static atomic_bool stop;
static atomic_ulong nreq, nerr, nlost;
static uint64_t lat_max_us;
static pthread_mutex_t lat_lock = PTHREAD_MUTEX_INITIALIZER;

struct worker {
	int		 first, n;	/* its clients */
	unsigned	 seed;
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct test_client *c = xcalloc((size_t)w->n, sizeof *c);
	uint64_t (*ids)[ENTRIES] = xcalloc((size_t)w->n, sizeof *ids);
	uint64_t (*vers)[ENTRIES] = xcalloc((size_t)w->n, sizeof *vers);
	unsigned *nids = xcalloc((size_t)w->n, sizeof *nids);
	int which[256];
	uint32_t quarter = period_of_day(PERIOD_QUARTER, day_today());

	for (int i = 0; i < w->n; i++)
		if (harness_client_open(&c[i], &srv) != 0) {
			fprintf(stderr, "soak: cannot open a client\n");
			exit(1);
		} else	/* its own request ids, as kaohe's per-process prefix: the
			 * server answers a reused id from its memo */
			c[i].next_reqid = ((uint64_t)(w->first + i + 1) << 32) | 1;
	while (!atomic_load(&stop)) {
		/* one request from each of its clients, then every reply */
		uint64_t t0 = mono_us();
		int kind[256];

		for (int i = 0; i < w->n; i++) {
			struct user *u = &users[(w->first + i) % NUSERS];
			unsigned r = (unsigned)rand_r(&w->seed) % 10;
			struct kbuf f = { 0 };

			if (r < 7 && nids[i] < ENTRIES) {
				struct log_put_body b = harness_log_put_body(u->session, "浸泡测试 日志");
				b.entry.minutes = 10;
				codec_encode(MSG_LOG_PUT, c[i].next_reqid++, &b, &f);
				kind[i] = 0;
			} else if (r < 7) {	/* edit one of its entries */
				struct log_put_body b = harness_log_put_body(u->session, "浸泡测试 修改");
				which[i] = (int)((unsigned)rand_r(&w->seed) % ENTRIES);
				b.entry.id = ids[i][which[i]];
				b.entry.version = vers[i][which[i]];
				b.entry.minutes = 20;
				codec_encode(MSG_LOG_PUT, c[i].next_reqid++, &b, &f);
				kind[i] = 1;
			} else if (r < 9) {
				struct sync_body b = { .session = u->session, .from_date = day_today() };
				codec_encode(MSG_SYNC, c[i].next_reqid++, &b, &f);
				kind[i] = 2;
			} else {
				struct sheets_body b = { .session = u->session, .plan = (char *)"hanjiang-2015",
				    .period = quarter };
				codec_encode(MSG_SHEETS, c[i].next_reqid++, &b, &f);
				kind[i] = 3;
			}
			zmq_send(c[i].dealer, f.data, f.len, 0);
			kbuf_free(&f);
		}
		for (int i = 0; i < w->n; i++) {
			zmq_pollitem_t it = { c[i].dealer, 0, ZMQ_POLLIN, 0 };
			void *parts[1], *body;
			size_t lens[1];
			int extra;
			struct envelope env;
			struct codec_error err;

			atomic_fetch_add(&nreq, 1);
			if (zmq_poll(&it, 1, 30000) != 1 ||
			    net_recv_parts(c[i].dealer, 0, parts, lens, 1, &extra) != 1) {
				fprintf(stderr, "soak: no reply within 30 s\n");
				atomic_fetch_add(&nlost, 1);
				continue;
			}
			if (codec_decode(parts[0], lens[0], &env, &body, &err) != 0) {
				atomic_fetch_add(&nerr, 1);
				free(parts[0]);
				continue;
			}
			if (env.type == MSG_ERROR) {
				struct error_body *e = body;
				if (atomic_fetch_add(&nerr, 1) < 10)
					fprintf(stderr, "soak: refused (kind %d): %u %s %s\n", kind[i],
					    e->code, e->field, e->message);
			} else if (env.type == MSG_LOG_PUT_OK) {
				struct log_put_ok_body *ok = body;
				if (kind[i] == 0) {
					atomic_fetch_add(&users[(w->first + i) % NUSERS].acked, 1);
					which[i] = (int)nids[i]++;
				}
				ids[i][which[i]] = ok->entry.id;
				vers[i][which[i]] = ok->entry.version;
			}
			codec_body_free(&env, &body);
			free(parts[0]);
		}
		uint64_t dt = mono_us() - t0;
		pthread_mutex_lock(&lat_lock);
		if (dt > lat_max_us)
			lat_max_us = dt;
		pthread_mutex_unlock(&lat_lock);
		usleep(50000 + (unsigned)rand_r(&w->seed) % 100000);
	}
	for (int i = 0; i < w->n; i++)
		harness_client_close(&c[i]);
	free(c);
	free(ids);
	free(vers);
	free(nids);
	return NULL;
}

static double
mean(const long *v, int from, int to)
{
	double s = 0;

	for (int i = from; i < to; i++)
		s += (double)v[i];
	return to > from ? s / (to - from) : 0;
}

int
main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 600, nclients = argc > 2 ? atoi(argv[2]) : 200;
	struct worker w[THREADS];
	pthread_t t[THREADS];
	long *rss;
	int failed = 0;

	if (seconds < 12 || nclients < THREADS || nclients > THREADS * 256) {
		fprintf(stderr, "usage: soak SECONDS [CLIENTS]  (at least 12 s, %d to %d clients)\n",
		    THREADS, THREADS * 256);
		return 2;
	}
	rss = xcalloc((size_t)seconds + 1, sizeof *rss);
	printf("1..4\n");
	if (harness_server_init(&srv) != 0 || harness_server_start(&srv) != 0) {
		printf("not ok 1 - start kaohed\n");
		return 1;
	}
	for (int i = 0; i < NUSERS; i++) {
		struct test_client c;
		if (harness_client_open(&c, &srv) != 0 || harness_login(&c, logins[i], "demo123") != 0) {
			printf("not ok 1 - log in as %s\n", logins[i]);
			return 1;
		}
		strlcpy_kh(users[i].session, c.session, sizeof users[i].session);
		harness_client_close(&c);
	}
	for (int i = 0; i < THREADS; i++) {
		w[i].first = i * (nclients / THREADS);
		w[i].n = nclients / THREADS;
		w[i].seed = 77u + (unsigned)i;
		pthread_create(&t[i], NULL, work, &w[i]);
	}
	for (int s = 0; s < seconds; s++) {
		sleep(1);
		rss[s] = harness_rss_kb(srv.pid);
		if (s % 30 == 29) {
			printf("# %3d s: %lu requests, %lu refused, kaohed RSS %ld KiB\n", s + 1,
			    atomic_load(&nreq), atomic_load(&nerr), rss[s]);
			fflush(stdout);
		}
	}
	atomic_store(&stop, true);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);

	/* RSS: the second minute against the last (or sixths of a short run) */
	int win = seconds >= 180 ? 60 : seconds / 6;
	double early = mean(rss, win, 2 * win), late = mean(rss, seconds - win, seconds);
	bool flat = late <= early * 1.10;
	printf("%s 1 - kaohed RSS flat: %.0f KiB in seconds %d-%d, %.0f KiB in the last %d s "
	    "(%+.1f%%)\n", flat ? "ok" : "not ok", early, win, 2 * win, late, win,
	    early > 0 ? (late - early) * 100 / early : 0);
	failed += !flat;

	bool clean = atomic_load(&nerr) == 0 && atomic_load(&nlost) == 0;
	printf("%s 2 - %lu requests from %d clients in %d s (%.0f/s), %lu refused, %lu unanswered; "
	    "slowest round %.0f ms\n", clean ? "ok" : "not ok", atomic_load(&nreq), nclients,
	    seconds, (double)atomic_load(&nreq) / seconds, atomic_load(&nerr),
	    atomic_load(&nlost), lat_max_us / 1000.0);
	failed += !clean;

	int alive = kill(srv.pid, 0) == 0 && harness_server_stop(&srv) == 0;
	char cmd[1024];

	/* nothing lost: each user's soak entries, counted by kaohectl */
	unsigned long want = 0, have = 0;
	for (int i = 0; i < NUSERS; i++) {
		snprintf(cmd, sizeof cmd, "%s/kaohectl --db %s log %s | grep -c 浸泡测试",
		    harness_build(), srv.db, logins[i]);
		FILE *p = popen(cmd, "r");
		unsigned long n = 0;
		if (p != NULL) {
			if (fscanf(p, "%lu", &n) != 1)
				n = 0;
			pclose(p);
		}
		want += atomic_load(&users[i].acked);
		have += n;
		if (n != atomic_load(&users[i].acked))
			printf("# %s: %lu acknowledged, %lu in the database\n", logins[i],
			    atomic_load(&users[i].acked), n);
	}
	printf("%s 3 - kaohed stopped cleanly, every acknowledged entry is there (%lu of %lu)\n",
	    alive && want == have ? "ok" : "not ok", have, want);
	failed += !(alive && want == have);

	snprintf(cmd, sizeof cmd, "%s/kaohectl verify %s >/dev/null", harness_build(), srv.db);
	int v = system(cmd) == 0;
	printf("%s 4 - kaohectl verify\n", v ? "ok" : "not ok");
	failed += !v;
	harness_server_cleanup(&srv);
	free(rss);
	return failed ? 1 : 0;
}
