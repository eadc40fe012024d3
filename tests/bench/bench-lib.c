/*
 * bench-lib.c: percentiles, target lines and small helpers for tests/bench/.
 */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <zmq.h>

#include "bench.h"

bool
bench_full(void)
{
	const char *b = getenv("BENCH");

	return b != NULL && strcmp(b, "full") == 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

uint64_t
bench_pct(uint64_t *v, size_t n, double p)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_u64);
	i = (size_t)(p / 100.0 * (double)n);
	return v[i < n ? i : n - 1];
}

void
bench_target(const char *name, double measured, double baseline, bool at_least, double goal)
{
	double ratio = !isfinite(measured) || !isfinite(baseline) ? INFINITY :
	    baseline > 0 ? measured / baseline : 0;
	/* inf: not measurable (updates lost); never ok */
	bool ok = baseline > 0 && isfinite(measured) && isfinite(baseline) &&
	    (at_least ? ratio >= goal : ratio <= goal);

	printf("target %s measured=%.3f baseline=%.3f ratio=%.2f goal=%s%.2f %s\n", name,
	    measured, baseline, ratio, at_least ? ">=" : "<=", goal, ok ? "ok" : "short");
	fflush(stdout);
}

int
bench_free_port(void)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0), port = -1;

	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
	    getsockname(fd, (struct sockaddr *)&a, &len) == 0)
		port = ntohs(a.sin_port);
	if (fd >= 0)
		close(fd);
	return port;
}

int
bench_rep_echo_start(const char *ep, size_t reply_len)
{
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	void *ctx = zmq_ctx_new(), *rep = zmq_socket(ctx, ZMQ_REP);
	char *reply = calloc(1, reply_len + 1), buf[65536];

	if (rep == NULL || reply == NULL || zmq_bind(rep, ep) != 0)
		_exit(1);
	memset(reply, 'r', reply_len);
	for (;;) {
		if (zmq_recv(rep, buf, sizeof buf, 0) < 0 || zmq_send(rep, reply, reply_len, 0) < 0)
			_exit(0);
	}
}
