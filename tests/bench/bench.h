/*
 * bench.h: what the programs of tests/bench/ share.
 *
 * Every program ends each of its targets with one line a script can read,
 *
 *     target NAME measured=X baseline=Y ratio=R goal=G ok|short
 *
 * where G is ">=N" or "<=N" (which way the ratio must go).  Other lines are
 * for people and start with "# ".  tests/bench/run.sh runs the programs and
 * gathers the target lines into one table.
 */
#ifndef KAOHE_BENCH_H
#define KAOHE_BENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* BENCH=full in the environment: longer runs; anything else is quick. */
bool	bench_full(void);

/* The p-th percentile (0..100) of v, sorting v in place; 0 if n is 0. */
uint64_t bench_pct(uint64_t *v, size_t n, double p);

/* Print the target line.  at_least: the ratio must be >= goal, else <=. */
void	bench_target(const char *name, double measured, double baseline,
	    bool at_least, double goal);

/* A free TCP port on 127.0.0.1 (bound and released: racy but fine here). */
int	bench_free_port(void);

/* The bare floor of ack_p50: a REP echo in a child process on endpoint
 * `ep`, answering each request with `reply_len` bytes.  Returns its pid. */
int	bench_rep_echo_start(const char *ep, size_t reply_len);

#endif
