/*
 * client-job.h: long work the screen must not wait for, such as writing
 * an export of thousands of rows, with how far it has got for a progress
 * bar on the status line.
 *
 * A job runs either in a thread of its own (job_thread: work that cannot
 * be cut up, like libxlsxwriter's) or in steps on the main loop (job_steps:
 * work that reads what only the main loop may touch, like the synced
 * copy); job_tick() gives it its turn, so keys and updates go on being
 * handled between steps.  Either way it reports job_total() and
 * job_advance(), and looks at job_cancelled() now and then.  When it is
 * over, job_tick() says so once, and job_finish() hands its result to the
 * caller's finish function on the main loop.  Nothing here draws.
 */
#ifndef KAOHE_CLIENT_JOB_H
#define KAOHE_CLIENT_JOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct job;

/* What a job does.  run (in the thread) or step (on the main loop: some
 * work, then 1 if there is more, 0 when done, -1 on failure) returns 0 or
 * -1, with a reason in err; finish is then called on the main loop with
 * ctx (job_finish's), and free last, both with arg.  NULL functions are
 * skipped. */
struct job_ops {
	int	(*run)(void *arg, struct job *, char *err, size_t errlen);
	int	(*step)(void *arg, struct job *, char *err, size_t errlen);
	void	(*finish)(void *ctx, void *arg, int rc, const char *err);
	void	(*free)(void *arg);
};

/* Start a job (ops->run in a thread, else ops->step in job_tick); what
 * says what it is, for the bar ("Exporting").  NULL if a thread cannot be
 * made: then ops->free has been called. */
struct job *job_start(const char *what, const struct job_ops *ops, void *arg);

/* From the job (any thread): how much there is, and how much more is
 * done; whether it should stop. */
void	 job_total(struct job *, uint64_t total);
void	 job_advance(struct job *, uint64_t n);
bool	 job_cancelled(const struct job *);

/* From the main loop.  Give a stepped job up to budget_us of work; true
 * once the job is over (then call job_finish and job_free). */
bool	 job_tick(struct job *, uint64_t budget_us);
/* Ask it to stop; it ends at its next look, with a failure. */
void	 job_cancel(struct job *);
/* Hand the result to ops->finish with ctx.  Once, after job_tick said it
 * is over. */
void	 job_finish(struct job *, void *ctx);
/* Wait for a thread still running (asking it to stop first) and free;
 * sets *jp to NULL. */
void	 job_free(struct job **jp);

/* For the bar: what, done of total (total 0: not known yet), and the
 * milliseconds since it started. */
const char *job_what(const struct job *);
void	 job_progress(const struct job *, uint64_t *done, uint64_t *total, uint64_t *elapsed_ms);
/* Seconds left at the pace so far; -1 while unknown. */
int64_t	 job_eta(const struct job *);

#endif
