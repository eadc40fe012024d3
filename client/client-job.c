/*
 * client-job.c: long work off the main loop's back (see client-job.h).
 *
 * The counters are C11 atomics: a thread job writes them while the main
 * loop reads them to draw.  The thread's end is an atomic flag too, so the
 * main loop never blocks on it; job_free() joins it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "common/util.h"
#include "client-job.h"

struct job {
	char		*what;
	struct job_ops	 ops;
	void		*arg;
	bool		 threaded;
	pthread_t	 thread;
	atomic_bool	 over;		/* run or the last step returned */
	atomic_bool	 cancel;
	atomic_uint_fast64_t done;
	atomic_uint_fast64_t total;
	uint64_t	 started_ms;	/* mono */
	bool		 told;		/* job_tick has said it is over */
	bool		 finished;	/* job_finish was called */
	int		 rc;
	char		 err[512];
};

static void *
thread_main(void *p)
{
	struct job *j = p;

	j->rc = j->ops.run(j->arg, j, j->err, sizeof j->err);
	atomic_store(&j->over, true);
	return NULL;
}

struct job *
job_start(const char *what, const struct job_ops *ops, void *arg)
{
	struct job *j = xcalloc(1, sizeof *j);

	j->what = xstrdup(what);
	j->ops = *ops;
	j->arg = arg;
	j->started_ms = mono_us() / 1000;
	atomic_init(&j->over, false);
	atomic_init(&j->cancel, false);
	atomic_init(&j->done, 0);
	atomic_init(&j->total, 0);
	if (ops->run != NULL) {
		j->threaded = true;
		if (pthread_create(&j->thread, NULL, thread_main, j) != 0) {
			if (ops->free != NULL)
				ops->free(arg);
			free(j->what);
			free(j);
			return NULL;
		}
	}
	return j;
}

void
job_total(struct job *j, uint64_t total)
{
	atomic_store(&j->total, total);
}

void
job_advance(struct job *j, uint64_t n)
{
	atomic_fetch_add(&j->done, n);
}

bool
job_cancelled(const struct job *j)
{
	return atomic_load(&((struct job *)j)->cancel);
}

void
job_cancel(struct job *j)
{
	atomic_store(&j->cancel, true);
}

bool
job_tick(struct job *j, uint64_t budget_us)
{
	if (!j->threaded && !atomic_load(&j->over)) {
		uint64_t until = mono_us() + budget_us;
		int r;

		/* At least one step per turn, however slow. */
		do
			r = j->ops.step(j->arg, j, j->err, sizeof j->err);
		while (r == 1 && mono_us() < until);
		if (r != 1) {
			j->rc = r;
			atomic_store(&j->over, true);
		}
	}
	if (!atomic_load(&j->over) || j->told)
		return false;
	j->told = true;
	return true;
}

void
job_finish(struct job *j, void *ctx)
{
	if (j->finished || !atomic_load(&j->over))
		return;
	j->finished = true;
	if (j->ops.finish != NULL)
		j->ops.finish(ctx, j->arg, j->rc, j->err);
}

void
job_free(struct job **jp)
{
	struct job *j = *jp;

	if (j == NULL)
		return;
	if (j->threaded) {
		if (!atomic_load(&j->over))
			job_cancel(j);
		pthread_join(j->thread, NULL);
	}
	if (j->ops.free != NULL)
		j->ops.free(j->arg);
	free(j->what);
	free(j);
	*jp = NULL;
}

const char *
job_what(const struct job *j)
{
	return j->what;
}

void
job_progress(const struct job *j, uint64_t *done, uint64_t *total, uint64_t *elapsed_ms)
{
	struct job *m = (struct job *)j;

	*total = atomic_load(&m->total);
	*done = atomic_load(&m->done);
	if (*total != 0 && *done > *total)
		*done = *total;
	*elapsed_ms = mono_us() / 1000 - j->started_ms;
}

int64_t
job_eta(const struct job *j)
{
	uint64_t done, total, ms;

	job_progress(j, &done, &total, &ms);
	/* A guess from under half a second of work is noise. */
	if (total == 0 || done == 0 || ms < 500)
		return -1;
	return (int64_t)((total - done) * ms / done / 1000);
}
