/*
 * crashtest.c: kill kaohed at random moments while clients write, and check
 * that nothing it acknowledged is lost (make crashtest; a short run is part
 * of make test).
 *
 *   crashtest [CYCLES]        (default 50; KAOHE_BUILD names the build)
 *
 * Eight clients, each logged in as a different demo user, write daily log
 * entries (LOG_PUT with request ids) through the real protocol.  Each cycle
 * starts kaohed on the same database, lets them write, kills it with
 * SIGKILL after 0-300 ms, and then checks the database: every write whose
 * LOG_PUT_OK a client received is there with its content, and the full
 * integrity scan (kaohectl verify's) finds nothing wrong.  A write that was
 * never acknowledged may or may not be there; its client sends it again
 * with the same request id in the next cycle, and it must never be there
 * twice.  The last line is "crash cycles=N acknowledged=A lost=L"; L,
 * acknowledged writes that are missing, must be 0.
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "server/log-ops.h"
#include "server/store.h"
#include "server/verify.h"
#include "harness.h"

#define CLIENTS		8
#define KILL_MAX_MS	300

static const char *logins[CLIENTS] = {
	"zhangsan", "lisi", "wangwu", "chenjing", "liuyang", "yangfan", "maqiang", "huanglei",
};

struct acked {
	uint64_t	 id;
	char		 content[64];
};

struct writer {
	int		 n;		/* which client */
	struct test_server *srv;
	char		 session[128];
	uint64_t	 user;
	uint64_t	 next_reqid;
	/* the write in flight when the server died, sent again next cycle */
	bool		 pending;
	uint64_t	 pending_reqid;
	char		 pending_content[64];
	struct acked	*acked;
	size_t		 nacked, cap;
	unsigned	 refused;	/* error replies: none expected */
	char		 why[256];
};

static atomic_int stop, draining, drained;

/* Send one LOG_PUT and wait for its reply until stop: 1 acknowledged (id
 * in *id), 0 no reply, -1 an error reply. */
static int
put_once(struct writer *wr, void *dealer, uint64_t reqid, const char *content, uint64_t *id)
{
	struct log_put_body b;
	struct kbuf f = { 0 };

	b = harness_log_put_body(wr->session, content);
	codec_encode(MSG_LOG_PUT, reqid, &b, &f);
	int rc = zmq_send(dealer, f.data, f.len, ZMQ_DONTWAIT);
	kbuf_free(&f);
	if (rc < 0)
		return 0;
	while (!atomic_load(&stop)) {
		zmq_pollitem_t it = { dealer, 0, ZMQ_POLLIN, 0 };
		void *parts[1], *body;
		size_t lens[1];
		int extra;
		struct envelope env;
		struct codec_error err;

		if (zmq_poll(&it, 1, 20) <= 0)
			continue;
		if (net_recv_parts(dealer, 0, parts, lens, 1, &extra) != 1)
			continue;
		rc = codec_decode(parts[0], lens[0], &env, &body, &err);
		free(parts[0]);
		if (rc != 0)
			continue;
		if (env.reqid != reqid) {	/* a late reply to an earlier try */
			codec_body_free(&env, &body);
			continue;
		}
		if (env.type == MSG_LOG_PUT_OK) {
			*id = ((struct log_put_ok_body *)body)->entry.id;
			codec_body_free(&env, &body);
			return 1;
		}
		if (env.type == MSG_ERROR)
			snprintf(wr->why, sizeof wr->why, "%s: %s", content, ((struct error_body *)body)->message);
		codec_body_free(&env, &body);
		return -1;
	}
	return 0;
}

static void
ack(struct writer *wr, uint64_t id, const char *content)
{
	if (wr->nacked == wr->cap) {
		wr->cap = wr->cap ? wr->cap * 2 : 256;
		wr->acked = xrealloc(wr->acked, wr->cap * sizeof *wr->acked);
	}
	wr->acked[wr->nacked].id = id;
	strlcpy_kh(wr->acked[wr->nacked].content, content, sizeof wr->acked[0].content);
	wr->nacked++;
}

static void *
writer_main(void *arg)
{
	struct writer *wr = arg;
	void *dealer = zmq_socket(wr->srv->zctx, ZMQ_DEALER);
	int linger = 0;

	zmq_setsockopt(dealer, ZMQ_LINGER, &linger, sizeof linger);
	if (zmq_connect(dealer, wr->srv->req) != 0) {
		zmq_close(dealer);
		return NULL;
	}
	while (!atomic_load(&stop)) {
		uint64_t id;
		int rc;

		if (!wr->pending && atomic_load(&draining))
			break;
		if (!wr->pending) {
			wr->pending = true;
			wr->pending_reqid = wr->next_reqid++;
			snprintf(wr->pending_content, sizeof wr->pending_content, "崩溃测试 c%d r%llu",
			    wr->n, (unsigned long long)wr->pending_reqid);
		}
		rc = put_once(wr, dealer, wr->pending_reqid, wr->pending_content, &id);
		if (rc == 1) {
			ack(wr, id, wr->pending_content);
			wr->pending = false;
		} else if (rc < 0) {
			wr->refused++;
			wr->pending = false;
		}
	}
	zmq_close(dealer);
	atomic_fetch_add(&drained, 1);
	return NULL;
}

/* Run the writers until the server is killed after 0-KILL_MAX_MS, or, with
 * kill_ms < 0, until each has nothing pending. */
static void
cycle(struct test_server *s, struct writer *w, int kill_ms)
{
	pthread_t t[CLIENTS];
	int status;

	atomic_store(&stop, 0);
	atomic_store(&draining, kill_ms < 0);
	atomic_store(&drained, 0);
	for (int i = 0; i < CLIENTS; i++)
		pthread_create(&t[i], NULL, writer_main, &w[i]);
	if (kill_ms >= 0) {
		usleep((useconds_t)kill_ms * 1000);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, &status, 0);
		s->pid = 0;
	} else
		for (int i = 0; i < 200 && atomic_load(&drained) < CLIENTS; i++)
			usleep(50000);
	atomic_store(&stop, 1);
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
}

static int
start(struct test_server *s)
{
	char path[600];

	/* A killed server leaves its socket files: the next start must not
	 * be taken as ready before it has bound. */
	snprintf(path, sizeof path, "%s/req", s->dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/req.pub", s->dir);
	unlink(path);
	return harness_server_start(s);
}

/* Every acknowledged write is there with its content, nothing is there
 * twice, and the integrity scan passes.  Returns the lost count. */
static uint64_t
check(struct test_server *s, struct writer *w, uint64_t *problems, uint64_t *dups)
{
	struct verify_counts vc;
	struct store *st;
	MDB_txn *txn;
	char err[512];
	uint64_t lost = 0;

	if (store_open(&st, s->db, STORE_MUST_EXIST, err, sizeof err) != 0) {
		printf("# %s\n", err);
		(*problems)++;
		return 0;
	}
	if (verify_store(st, stdout, 20, &vc) != 0 || vc.problems != 0) {
		printf("# verify found %llu problems\n", (unsigned long long)vc.problems);
		*problems += vc.problems ? vc.problems : 1;
	}
	if (store_read_begin(st, &txn) != 0) {
		(*problems)++;
		store_close(&st);
		return 0;
	}
	for (int i = 0; i < CLIENTS; i++) {
		struct log_entry *all;
		uint32_t n;
		bool more;

		for (size_t j = 0; j < w[i].nacked; j++) {
			struct log_entry e;

			if (logop_get(txn, st, w[i].acked[j].id, &e) != 0) {
				printf("# lost: entry %llu \"%s\"\n", (unsigned long long)w[i].acked[j].id,
				    w[i].acked[j].content);
				lost++;
				continue;
			}
			if (strcmp(e.content, w[i].acked[j].content) != 0 || e.owner != w[i].user) {
				printf("# lost: entry %llu holds \"%s\", not \"%s\"\n",
				    (unsigned long long)e.id, e.content, w[i].acked[j].content);
				lost++;
			}
			schema_free(&log_entry_desc, &e);
		}
		/* no content twice: each write has its own */
		if (logop_snapshot(txn, st, w[i].user, 0, UINT32_MAX, &all, &n, &more) == 0) {
			for (uint32_t a = 0; a < n; a++)
				for (uint32_t b = a + 1; b < n; b++)
					if (strcmp(all[a].content, all[b].content) == 0 &&
					    strncmp(all[a].content, "崩溃测试", strlen("崩溃测试")) == 0) {
						printf("# twice: \"%s\" (entries %llu, %llu)\n", all[a].content,
						    (unsigned long long)all[a].id, (unsigned long long)all[b].id);
						(*dups)++;
					}
			schema_free_array(&log_entry_desc, all, n);
		}
	}
	mdb_txn_abort(txn);
	store_close(&st);
	return lost;
}

int
main(int argc, char **argv)
{
	struct test_server s;
	struct writer w[CLIENTS];
	int cycles = argc > 1 ? atoi(argv[1]) : 50;
	uint64_t lost = 0, problems = 0, dups = 0, acked = 0;
	unsigned refused = 0;

	if (cycles <= 0)
		cycles = 50;
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("1..1\n");
	srand((unsigned)(getpid() ^ now_ms()));
	memset(w, 0, sizeof w);
	if (harness_server_init(&s) != 0 || start(&s) != 0) {
		printf("not ok 1 - cannot start a test server (is %s/kaohed built?)\n", harness_build());
		return 1;
	}
	/* Log in once: sessions are kept across restarts. */
	for (int i = 0; i < CLIENTS; i++) {
		struct test_client c;

		if (harness_client_open(&c, &s) != 0 || harness_login(&c, logins[i], "demo123") != 0) {
			printf("not ok 1 - cannot log in as %s\n", logins[i]);
			harness_server_cleanup(&s);
			return 1;
		}
		w[i] = (struct writer){ .n = i, .srv = &s, .user = c.user, .next_reqid = 1000 };
		strlcpy_kh(w[i].session, c.session, sizeof w[i].session);
		harness_client_close(&c);
	}
	for (int k = 0; k < cycles; k++) {
		if (k > 0 && start(&s) != 0) {
			printf("# cycle %d: kaohed did not start\n", k);
			problems++;
			break;
		}
		cycle(&s, w, rand() % (KILL_MAX_MS + 1));
		lost += check(&s, w, &problems, &dups);
		if (lost != 0 || problems != 0 || dups != 0) {
			printf("# cycle %d failed\n", k);
			cycles = k + 1;
			break;
		}
	}
	/* A last run to the end: every pending write goes through once. */
	if (lost == 0 && problems == 0 && start(&s) == 0) {
		cycle(&s, w, -1);
		if (harness_server_stop(&s) != 0)
			problems++;
		lost += check(&s, w, &problems, &dups);
	}
	for (int i = 0; i < CLIENTS; i++) {
		acked += w[i].nacked;
		refused += w[i].refused;
		if (w[i].refused)
			printf("# client %d: %u writes refused, e.g. %s\n", i, w[i].refused, w[i].why);
		free(w[i].acked);
	}
	harness_server_cleanup(&s);
	bool ok = lost == 0 && problems == 0 && dups == 0 && refused == 0 && acked > 0;
	printf("%s 1 - crash cycles: %llu problems, %llu written twice, %u refused\n", ok ? "ok" : "not ok",
	    (unsigned long long)problems, (unsigned long long)dups, refused);
	printf("crash cycles=%d acknowledged=%llu lost=%llu\n", cycles, (unsigned long long)acked,
	    (unsigned long long)lost);
	return ok ? 0 : 1;
}
