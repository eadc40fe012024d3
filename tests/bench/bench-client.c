/*
 * bench-client.c: how fast does the real client show a long review queue,
 * and how much memory does it hold?
 *
 * Two databases made by kaohectl gen with the same office: one where the
 * supervising leader sup0001 has QUEUE monthly records waiting (10,000),
 * one where nothing waits.  On each, a private kaohed, then RUNS times:
 * the real kaohe in a pty (forkpty, 80x24, zh_CN.UTF-8) started with
 * `-u sup0001` and KAOHE_BENCH_FILE set, so that it writes marks with the
 * monotonic clock (client/client-ui.c, ui_bench_mark).  The bench types
 * the password at once, and "3" (the queue) when the client says it is
 * logged in.
 *
 * client_start is exec to the first queue screen drawn from the synced
 * copy, less the login's password check (login_sent to login_ok: argon2id,
 * slow on purpose and the same for any queue) and less the bench's own
 * delay in pressing "3".  The median of the runs.  rss_client is the
 * client's VmRSS 300 ms after that screen.  The baseline of each is the
 * same figure with nothing waiting.
 *
 *   bench-client QUEUE PEOPLE RUNS
 */
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zmq.h>

#include "common/util.h"
#include "tests/bench/bench.h"
#include "tests/harness.h"

struct marks {
	uint64_t start, login_sent, login_ok, queue, items;
};

struct run {
	double	 start_ms;	/* client_start as above */
	double	 wall_ms;	/* exec to queue, everything included */
	double	 login_ms;
	double	 rss_mb;
	uint64_t items;
};

static void
gen_db(struct test_server *srv, uint32_t queue, uint32_t people)
{
	char cmd[1024];

	snprintf(cmd, sizeof cmd, "rm -rf %s && %s/kaohectl gen %s --units %u --people %u --years 1 "
	    "--logs %u --queue %u --quiet >/dev/null", srv->db, harness_build(), srv->db,
	    people / 100 < 4 ? 4 : people / 100, people, people * 20, queue);
	if (system(cmd) != 0)
		fatal("kaohectl gen failed: %s", cmd);
}

static void
read_marks(const char *path, struct marks *m)
{
	char line[256];
	FILE *f = fopen(path, "r");

	memset(m, 0, sizeof *m);
	if (f == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		char mark[32];
		unsigned long long us, n;

		if (sscanf(line, "%31s %llu %llu", mark, &us, &n) != 3)
			continue;
		if (strcmp(mark, "start") == 0)
			m->start = us;
		else if (strcmp(mark, "login_sent") == 0)
			m->login_sent = us;
		else if (strcmp(mark, "login_ok") == 0)
			m->login_ok = us;
		else if (strcmp(mark, "queue") == 0) {
			m->queue = us;
			m->items = n;
		}
	}
	fclose(f);
}

static double
vm_rss_mb(pid_t pid)
{
	char path[64], line[256];
	double kb = -1;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "VmRSS:", 6) == 0)
			kb = atof(line + 6);
	fclose(f);
	return kb / 1024.0;
}

/* Read what the client draws so it never blocks on its terminal; the
 * last screenful is kept for a failure's message. */
static char screen[8192];
static size_t screen_len;

static void
drain(int fd, int ms)
{
	char buf[65536];
	struct pollfd p = { fd, POLLIN, 0 };
	ssize_t n;

	while (poll(&p, 1, ms) > 0 && (n = read(fd, buf, sizeof buf)) > 0) {
		size_t keep = (size_t)n < sizeof screen ? (size_t)n : sizeof screen;

		if (screen_len + keep > sizeof screen) {
			size_t drop = screen_len + keep - sizeof screen;

			memmove(screen, screen + drop, screen_len - drop);
			screen_len -= drop;
		}
		memcpy(screen + screen_len, buf + (size_t)n - keep, keep);
		screen_len += keep;
		ms = 0;
	}
}

/* 0, or -1 if the queue did not show within 15 s (r then says how far
 * the client got). */
static int
one_run(struct test_server *srv, struct run *r)
{
	char marks_path[400], path[512];
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	struct marks m;
	uint64_t t0, key_at = 0, end;
	int fd;
	pid_t pid;

	snprintf(marks_path, sizeof marks_path, "%s/marks", srv->dir);
	unlink(marks_path);
	snprintf(path, sizeof path, "%s/kaohe", harness_build());
	t0 = mono_us();
	if ((pid = forkpty(&fd, NULL, NULL, &ws)) < 0)
		fatal("forkpty: cannot make a terminal");
	if (pid == 0) {
		setenv("KAOHE_BENCH_FILE", marks_path, 1);
		setenv("LANG", "zh_CN.UTF-8", 1);
		setenv("LC_ALL", "zh_CN.UTF-8", 1);
		setenv("TERM", "xterm-256color", 1);
		execl(path, "kaohe", "-s", srv->req, "-u", "sup0001", "--workstation", "bench",
		    (char *)NULL);
		_exit(127);
	}
	if (write(fd, "demo123\r", 8) != 8)
		fatal("cannot type into the client's terminal");
	end = t0 + 15000000;
	for (;;) {
		drain(fd, 1);
		read_marks(marks_path, &m);
		if (m.login_ok != 0 && key_at == 0 && mono_us() - m.login_ok > 100000) {
			if (write(fd, "3", 1) != 1)
				fatal("cannot type into the client's terminal");
			key_at = mono_us();
		}
		if (m.queue != 0)
			break;
		if (mono_us() > end)
			break;
	}
	if (m.queue == 0) {
		printf("# the client did not show the queue in 15 s (logged in: %s); its screen "
		    "ends: ", m.login_ok != 0 ? "yes" : "no");
		for (size_t i = screen_len > 160 ? screen_len - 160 : 0; i < screen_len; i++)
			putchar(screen[i] >= ' ' || (screen[i] & 0x80) ? screen[i] : '.');
		putchar('\n');
		r->rss_mb = vm_rss_mb(pid);
		kill(pid, SIGTERM);
		drain(fd, 50);
		waitpid(pid, NULL, 0);
		close(fd);
		return -1;
	}
	drain(fd, 300);
	r->rss_mb = vm_rss_mb(pid);
	r->items = m.items;
	r->wall_ms = (double)(m.queue - t0) / 1000.0;
	r->login_ms = (double)(m.login_ok - m.login_sent) / 1000.0;
	r->start_ms = r->wall_ms - r->login_ms - (double)(key_at - m.login_ok) / 1000.0;
	kill(pid, SIGTERM);
	drain(fd, 50);
	waitpid(pid, NULL, 0);
	close(fd);
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Medians of RUNS runs, after one to warm the page cache. */
static void
measure(struct test_server *srv, int runs, struct run *out)
{
	double *st = xcalloc((size_t)runs, sizeof *st), *wall = xcalloc((size_t)runs, sizeof *wall);
	double *login = xcalloc((size_t)runs, sizeof *login), *rss = xcalloc((size_t)runs, sizeof *rss);
	struct run r;

	for (int i = -1; i < runs; i++) {
		if (harness_server_start(srv) != 0)
			fatal("kaohed did not start on %s", srv->db);
		int rc = one_run(srv, &r);

		harness_server_stop(srv);
		if (rc != 0) {
			/* never shown: not measurable */
			out->start_ms = out->wall_ms = out->login_ms = INFINITY;
			out->rss_mb = INFINITY;
			printf("# VmRSS %.1f MB when given up\n", r.rss_mb);
			out->items = 0;
			goto done;
		}
		if (i < 0)
			continue;
		st[i] = r.start_ms;
		wall[i] = r.wall_ms;
		login[i] = r.login_ms;
		rss[i] = r.rss_mb;
		printf("# run %d: %llu items, exec to queue %.1f ms, of which login %.1f ms; "
		    "start %.1f ms; VmRSS %.1f MB\n", i + 1, (unsigned long long)r.items, r.wall_ms,
		    r.login_ms, r.start_ms, r.rss_mb);
	}
	qsort(st, (size_t)runs, sizeof *st, cmp_double);
	qsort(wall, (size_t)runs, sizeof *wall, cmp_double);
	qsort(login, (size_t)runs, sizeof *login, cmp_double);
	qsort(rss, (size_t)runs, sizeof *rss, cmp_double);
	out->start_ms = st[runs / 2];
	out->wall_ms = wall[runs / 2];
	out->login_ms = login[runs / 2];
	out->rss_mb = rss[runs / 2];
	out->items = r.items;
done:
	free(st);
	free(wall);
	free(login);
	free(rss);
}

int
main(int argc, char **argv)
{
	uint32_t queue = argc > 1 ? (uint32_t)atoi(argv[1]) : 10000;
	uint32_t people = argc > 2 ? (uint32_t)atoi(argv[2]) : 2000;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	struct test_server srv;
	struct run empty, big;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (runs < 1)
		runs = 1;
	memset(&srv, 0, sizeof srv);
	strlcpy_kh(srv.dir, "/tmp/kaohe-bench-XXXXXX", sizeof srv.dir);
	if (mkdtemp(srv.dir) == NULL)
		fatal("cannot make a directory in /tmp");
	snprintf(srv.db, sizeof srv.db, "%s/db", srv.dir);
	snprintf(srv.req, sizeof srv.req, "ipc://%s/req", srv.dir);
	snprintf(srv.pub, sizeof srv.pub, "ipc://%s/req.pub", srv.dir);
	srv.zctx = zmq_ctx_new();

	gen_db(&srv, 0, people);
	printf("# client: nothing waiting, %u people\n", people);
	measure(&srv, runs, &empty);
	gen_db(&srv, queue, people);
	printf("# client: %u records waiting for sup0001, %u people\n", queue, people);
	measure(&srv, runs, &big);

	printf("# client: medians of %d runs: exec to queue %.1f ms (%.1f empty), login %.1f ms "
	    "(%.1f empty); %llu queue items shown\n", runs, big.wall_ms, empty.wall_ms, big.login_ms,
	    empty.login_ms, (unsigned long long)big.items);
	printf("target client_start measured=%.1f baseline=%.1f ratio=%.2f goal=<=100ms %s\n",
	    big.start_ms, empty.start_ms, big.start_ms / empty.start_ms,
	    isfinite(big.start_ms) && big.start_ms <= 100 ? "ok" : "short");
	printf("target rss_client measured=%.1f baseline=%.1f ratio=%.2f goal=<=16MB %s\n",
	    big.rss_mb, empty.rss_mb, big.rss_mb / empty.rss_mb, big.rss_mb <= 16 ? "ok" : "short");
	harness_server_cleanup(&srv);
	zmq_ctx_term(srv.zctx);
	return 0;
}
