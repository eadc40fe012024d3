/*
 * test-job.c: unit tests for client/client-job.c, the long work behind the
 * client's progress bar: a job in a thread reports its progress while the
 * caller goes on, a job in steps keeps to its share of each turn, each
 * ends once with its result, and a job stopped (or freed unfinished)
 * stops and is freed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "client/client-job.h"

struct work {
	uint64_t	 n;		/* units of work */
	uint64_t	 at;
	int		 unit_us;	/* each takes this long */
	int		 fail_at;	/* 0: never */
	atomic_bool	 go;		/* a thread job waits for this */
	int		 finished;	/* finish calls */
	int		 rc;
	char		 err[128];
	int		 freed;
};

static int
run(void *arg, struct job *j, char *err, size_t errlen)
{
	struct work *w = arg;

	job_total(j, w->n);
	while (!atomic_load(&w->go))
		usleep(1000);
	for (w->at = 0; w->at < w->n; w->at++) {
		if (job_cancelled(j)) {
			snprintf(err, errlen, "stopped");
			return -1;
		}
		usleep((useconds_t)w->unit_us);
		job_advance(j, 1);
	}
	return 0;
}

static int
step(void *arg, struct job *j, char *err, size_t errlen)
{
	struct work *w = arg;

	if (w->at == 0)
		job_total(j, w->n);
	if (job_cancelled(j)) {
		snprintf(err, errlen, "stopped");
		return -1;
	}
	if (w->fail_at != 0 && w->at == (uint64_t)w->fail_at) {
		snprintf(err, errlen, "disk full");
		return -1;
	}
	if (w->at == w->n)
		return 0;
	usleep((useconds_t)w->unit_us);
	w->at++;
	job_advance(j, 1);
	return 1;
}

static void
finish(void *ctx, void *arg, int rc, const char *err)
{
	struct work *w = arg;

	assert_ptr_equal(ctx, (void *)0x1234);
	w->finished++;
	w->rc = rc;
	snprintf(w->err, sizeof w->err, "%s", err);
}

static void
release(void *arg)
{
	struct work *w = arg;

	w->freed++;
}

static const struct job_ops thread_ops = { .run = run, .finish = finish, .free = release };
static const struct job_ops step_ops = { .step = step, .finish = finish, .free = release };

static void
test_thread(void **state)
{
	struct work w = { .n = 200, .unit_us = 2000 };
	struct job *j;
	uint64_t done, total, ms, seen = 0;
	bool over = false;
	int ticks = 0;

	(void)state;
	atomic_init(&w.go, false);
	j = job_start("Exporting", &thread_ops, &w);
	assert_non_null(j);
	assert_string_equal(job_what(j), "Exporting");
	/* the caller is free while the thread waits */
	assert_false(job_tick(j, 0));
	atomic_store(&w.go, true);
	while (!over) {
		over = job_tick(j, 0);
		job_progress(j, &done, &total, &ms);
		assert_true(done >= seen);	/* never backwards */
		assert_true(done <= total || total == 0);
		seen = done;
		ticks++;
		usleep(5000);
	}
	/* it was seen part way, and done at the end */
	assert_true(ticks > 5);
	assert_int_equal(done, 200);
	assert_int_equal(total, 200);
	assert_true(job_eta(j) == 0 || ms < 500);
	assert_false(job_tick(j, 0));	/* said once */
	assert_int_equal(w.finished, 0);
	job_finish(j, (void *)0x1234);
	job_finish(j, (void *)0x1234);	/* once */
	assert_int_equal(w.finished, 1);
	assert_int_equal(w.rc, 0);
	job_free(&j);
	assert_null(j);
	assert_int_equal(w.freed, 1);
	job_free(&j);	/* twice is safe */
}

static void
test_thread_cancel(void **state)
{
	struct work w = { .n = 100000, .unit_us = 100 };
	struct job *j;
	uint64_t done, total, ms;

	(void)state;
	atomic_init(&w.go, true);
	j = job_start("Exporting", &thread_ops, &w);
	usleep(20000);
	job_cancel(j);
	while (!job_tick(j, 0))
		usleep(1000);
	job_progress(j, &done, &total, &ms);
	assert_true(done < total);
	job_finish(j, (void *)0x1234);
	assert_int_equal(w.rc, -1);
	assert_string_equal(w.err, "stopped");
	job_free(&j);
	assert_int_equal(w.freed, 1);

	/* freed while it runs: stopped, joined, freed, never finished */
	w = (struct work){ .n = 100000, .unit_us = 100 };
	atomic_init(&w.go, true);
	j = job_start("Exporting", &thread_ops, &w);
	usleep(10000);
	job_free(&j);
	assert_int_equal(w.freed, 1);
	assert_int_equal(w.finished, 0);
	assert_true(w.at < w.n);
}

static void
test_steps(void **state)
{
	struct work w = { .n = 100, .unit_us = 1000 };
	struct job *j;
	uint64_t done, total, ms, t0;
	int turns = 0;

	(void)state;
	j = job_start("Exporting", &step_ops, &w);
	assert_non_null(j);
	assert_int_equal(w.at, 0);	/* nothing before its first turn */
	for (;;) {
		t0 = mono_us();
		bool over = job_tick(j, 10000);

		/* a turn keeps to its share, give or take a step */
		assert_true(mono_us() - t0 < 10000 + 5000);
		turns++;
		if (over)
			break;
		job_progress(j, &done, &total, &ms);
		assert_int_equal(done, w.at);
		assert_int_equal(total, 100);
	}
	assert_true(turns >= 5);
	assert_int_equal(w.at, 100);
	job_finish(j, (void *)0x1234);
	assert_int_equal(w.rc, 0);
	job_free(&j);
	assert_int_equal(w.freed, 1);

	/* a step that fails ends the job with its reason */
	w = (struct work){ .n = 100, .unit_us = 10, .fail_at = 30 };
	j = job_start("Exporting", &step_ops, &w);
	while (!job_tick(j, 100000))
		;
	job_finish(j, (void *)0x1234);
	assert_int_equal(w.rc, -1);
	assert_string_equal(w.err, "disk full");
	assert_int_equal(w.at, 30);
	job_free(&j);

	/* stopped between turns */
	w = (struct work){ .n = 1000, .unit_us = 100 };
	j = job_start("Exporting", &step_ops, &w);
	assert_false(job_tick(j, 2000));
	job_cancel(j);
	assert_true(job_tick(j, 2000));
	job_finish(j, (void *)0x1234);
	assert_int_equal(w.rc, -1);
	assert_true(w.at < 1000);
	job_free(&j);
	assert_int_equal(w.freed, 1);
}

static void
test_eta(void **state)
{
	struct work w = { .n = 60, .unit_us = 20000 };
	struct job *j;

	(void)state;
	j = job_start("Exporting", &step_ops, &w);
	assert_int_equal(job_eta(j), -1);	/* nothing known yet */
	while (w.at < 30)
		job_tick(j, 50000);
	/* half done in about 0.6 s: about 0.6 s left, whole seconds */
	assert_true(job_eta(j) >= 0 && job_eta(j) <= 2);
	job_free(&j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thread),
		cmocka_unit_test(test_thread_cancel),
		cmocka_unit_test(test_steps),
		cmocka_unit_test(test_eta),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
