/*
 * login-guard.h: slowing down password guessing, per account.
 *
 * Each failed password check for a login name (existing or not, so the
 * answers tell nobody which names exist) is counted in a sliding window.
 * The reply to a failure waits delay, 2 x delay, 4 x delay ... up to
 * delay_max; the max_failures-th failure within the window locks the name
 * for lock_ms, and while it is locked no password is even checked.  The
 * counts live in kaohed's memory: a restart forgets them.
 *
 * The counting functions are the loop's alone.  The waiting is done by a
 * thread that hands each held login job back to the loop through the
 * password worker's pipe when its time is up (login_guard_hand_back), so
 * neither the loop nor the worker ever sleeps.
 */
#ifndef KAOHE_LOGIN_GUARD_H
#define KAOHE_LOGIN_GUARD_H

#include <stdint.h>

struct server;
struct login_job;

struct login_guard_opts {
	unsigned	 max_failures;	/* failures in window that lock (0: never) */
	uint64_t	 window_ms;
	uint64_t	 lock_ms;
	uint64_t	 delay_ms;	/* the first failure's wait */
	uint64_t	 delay_max_ms;
};

#define LOGIN_GUARD_DEFAULTS { 5, 15 * 60 * 1000, 15 * 60 * 1000, 1000, 8000 }

/* Make the counts and start the thread that holds replies.  0 or -1. */
int	login_guard_start(struct server *, char *err, size_t errlen);
/* Stop the thread, drop held jobs, free the counts; safe twice. */
void	login_guard_stop(struct server *);

/* 0 if login may try now, else when (ms since the epoch) its lock ends. */
uint64_t login_guard_locked_until(struct server *, const char *login);
/* Count a failed check of login.  Returns how long to hold the reply (ms);
 * *failures gets the failures in the window, *locked_until when the lock
 * this failure started ends (0 if it started none). */
uint64_t login_guard_failed(struct server *, const char *login, unsigned *failures,
	    uint64_t *locked_until);
/* A right password: the name's failures are forgiven. */
void	login_guard_succeeded(struct server *, const char *login);

/* Give job back to the loop after delay_ms (at once if too many wait). */
void	login_guard_hold(struct server *, struct login_job *, uint64_t delay_ms);
/* Give job back to the loop now, as if the password worker had finished
 * it.  Any thread. */
void	login_guard_hand_back(struct server *, struct login_job *);

#endif
