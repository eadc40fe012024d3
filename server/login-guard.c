/*
 * login-guard.c: failure counts per login name, and the thread that holds
 * the replies to failed logins (see login-guard.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "login-guard.h"
#include "server.h"

#define GUARD_NAMES	4096	/* names counted at once; the quietest go first */
#define GUARD_FAILS	16	/* failure times kept per name */
#define GUARD_HELD_MAX	1024	/* replies held at once; more go at once */

struct guard_name {
	char		 login[65];
	uint64_t	 fails[GUARD_FAILS];	/* ms, newest last */
	unsigned	 nfails;
	uint64_t	 locked_until;
	uint64_t	 last_ms;
};

struct held {
	struct held	*next;
	uint64_t	 due_us;		/* mono_us */
	struct login_job *job;
};

struct login_guard {
	struct login_guard_opts opt;
	struct guard_name *names;
	size_t		 nnames;
	/* the holding thread */
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct held	*held;			/* by due time */
	size_t		 nheld;
	bool		 stop, running;
};

void
login_guard_hand_back(struct server *srv, struct login_job *job)
{
	pthread_mutex_lock(&srv->lock);
	srv->ntodo++;
	job->next = srv->done;
	srv->done = job;
	if (write(srv->wake[1], "x", 1) < 0 && errno != EAGAIN)
		fprintf(stderr, "kaohed: cannot wake the loop: %s\n", strerror(errno));
	pthread_mutex_unlock(&srv->lock);
}

static void *
guard_main(void *arg)
{
	struct server *srv = arg;
	struct login_guard *g = srv->guard;

	pthread_mutex_lock(&g->lock);
	while (!g->stop) {
		uint64_t now = mono_us();

		while (g->held != NULL && g->held->due_us <= now) {
			struct held *h = g->held;

			g->held = h->next;
			g->nheld--;
			pthread_mutex_unlock(&g->lock);
			login_guard_hand_back(srv, h->job);
			free(h);
			pthread_mutex_lock(&g->lock);
		}
		if (g->stop)
			break;
		if (g->held == NULL) {
			pthread_cond_wait(&g->cond, &g->lock);
			continue;
		}
		/* cond_timedwait wants CLOCK_REALTIME: wait the difference. */
		uint64_t wait_us = g->held->due_us - now;
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += (time_t)(wait_us / 1000000);
		ts.tv_nsec += (long)(wait_us % 1000000) * 1000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&g->cond, &g->lock, &ts);
	}
	pthread_mutex_unlock(&g->lock);
	return NULL;
}

int
login_guard_start(struct server *srv, char *err, size_t errlen)
{
	struct login_guard *g = xcalloc(1, sizeof *g);

	g->opt = srv->opt.guard;
	g->names = xcalloc(GUARD_NAMES, sizeof *g->names);
	pthread_mutex_init(&g->lock, NULL);
	pthread_cond_init(&g->cond, NULL);
	srv->guard = g;
	if (pthread_create(&g->thread, NULL, guard_main, srv) != 0) {
		snprintf(err, errlen, "cannot start the login delay thread");
		return -1;
	}
	g->running = true;
	return 0;
}

void
login_guard_stop(struct server *srv)
{
	struct login_guard *g = srv->guard;

	if (g == NULL)
		return;
	if (g->running) {
		pthread_mutex_lock(&g->lock);
		g->stop = true;
		pthread_cond_signal(&g->cond);
		pthread_mutex_unlock(&g->lock);
		pthread_join(g->thread, NULL);
	}
	while (g->held != NULL) {
		struct held *h = g->held;

		g->held = h->next;
		login_job_free(h->job);
		free(h);
	}
	pthread_mutex_destroy(&g->lock);
	pthread_cond_destroy(&g->cond);
	free(g->names);
	free(g);
	srv->guard = NULL;
}

void
login_guard_hold(struct server *srv, struct login_job *job, uint64_t delay_ms)
{
	struct login_guard *g = srv->guard;
	struct held *h, **p;

	pthread_mutex_lock(&g->lock);
	if (g->nheld >= GUARD_HELD_MAX) {
		pthread_mutex_unlock(&g->lock);
		login_guard_hand_back(srv, job);
		return;
	}
	h = xcalloc(1, sizeof *h);
	h->job = job;
	h->due_us = mono_us() + delay_ms * 1000;
	for (p = &g->held; *p != NULL && (*p)->due_us <= h->due_us; p = &(*p)->next)
		;
	h->next = *p;
	*p = h;
	g->nheld++;
	pthread_cond_signal(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static uint64_t
quiet_since(const struct guard_name *e)
{
	return e->locked_until > e->last_ms ? e->locked_until : e->last_ms;
}

/* The entry of login, NULL if none and !make; a new one takes the place
 * of the one quiet longest. */
static struct guard_name *
name_find(struct login_guard *g, const char *login, bool make)
{
	struct guard_name *quietest = NULL;

	for (size_t i = 0; i < g->nnames; i++) {
		struct guard_name *e = &g->names[i];

		if (strcmp(e->login, login) == 0)
			return e;
		/* A locked name counts as busy until its lock ends. */
		if (quietest == NULL || quiet_since(e) < quiet_since(quietest))
			quietest = e;
	}
	if (!make)
		return NULL;
	if (g->nnames < GUARD_NAMES)
		quietest = &g->names[g->nnames++];
	memset(quietest, 0, sizeof *quietest);
	strlcpy_kh(quietest->login, login, sizeof quietest->login);
	return quietest;
}

/* Drop failures older than the window. */
static void
name_expire(struct login_guard *g, struct guard_name *e, uint64_t now)
{
	unsigned keep = 0;

	for (unsigned i = 0; i < e->nfails; i++)
		if (now - e->fails[i] < g->opt.window_ms)
			e->fails[keep++] = e->fails[i];
	e->nfails = keep;
}

uint64_t
login_guard_locked_until(struct server *srv, const char *login)
{
	struct guard_name *e = name_find(srv->guard, login, false);
	uint64_t now = now_ms();

	return e != NULL && e->locked_until > now ? e->locked_until : 0;
}

uint64_t
login_guard_failed(struct server *srv, const char *login, unsigned *failures,
    uint64_t *locked_until)
{
	struct login_guard *g = srv->guard;
	struct guard_name *e = name_find(g, login, true);
	uint64_t now = now_ms(), delay = g->opt.delay_ms;

	name_expire(g, e, now);
	if (e->nfails == GUARD_FAILS) {
		memmove(&e->fails[0], &e->fails[1], (GUARD_FAILS - 1) * sizeof e->fails[0]);
		e->nfails--;
	}
	e->fails[e->nfails++] = now;
	e->last_ms = now;
	*failures = e->nfails;
	*locked_until = 0;
	if (g->opt.max_failures > 0 && e->nfails >= g->opt.max_failures) {
		e->locked_until = now + g->opt.lock_ms;
		*locked_until = e->locked_until;
		e->nfails = 0;	/* a fresh count once the lock ends */
	}
	for (unsigned i = 1; i < *failures && delay < g->opt.delay_max_ms; i++)
		delay *= 2;
	return delay < g->opt.delay_max_ms ? delay : g->opt.delay_max_ms;
}

void
login_guard_succeeded(struct server *srv, const char *login)
{
	struct guard_name *e = name_find(srv->guard, login, false);

	if (e != NULL)
		e->nfails = 0;
}
