/*
 * server.h: kaohed's state, shared by its loop, handlers and console.
 *
 * kaohed is one thread that owns the sockets and the LMDB write transaction,
 * plus one worker thread that checks passwords (argon2id is deliberately
 * slow and must not stall everyone's commits).  server-loop.c receives,
 * batches and commits; server-handlers.c holds one handler per request
 * type; server-console.c draws the admin's dashboard or logs to stderr.
 */
#ifndef KAOHE_SERVER_H
#define KAOHE_SERVER_H

#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/codec.h"
#include "common/keys.h"
#include "doc-ops.h"
#include "login-guard.h"
#include "store.h"

#define SERVER_BATCH_MAX	1024	/* requests taken into one group commit */
#define SERVER_SNAPSHOT_MAX	5000	/* entries in one full snapshot */
#define SERVER_CHANGES_MAX	1000	/* changes before a snapshot is cheaper */
#define SERVER_SYNC_PAGE	2000	/* records in one page of a full snapshot */
#define SERVER_RECENT		64	/* changes and errors the console keeps */
#define SERVER_LOGIN_QUEUE	64	/* password checks waiting; more are refused */
/* Updates queued per subscriber before the newest are dropped (the
 * subscriber finds the gap by prev and resyncs): a stalled subscriber
 * holds at most this many in kaohed's memory (server-reaper.c). */
#define SERVER_PUB_HWM		1000
#define SERVER_PEER_TIMEOUT_MS	30000	/* silent peers are disconnected */
#define SERVER_REAP_MS		60000	/* expired sessions are deleted this often */
#define SERVER_REAP_MAX		10000	/* at most this many a turn */

struct server_options {
	const char	*db;
	const char	*listen;
	const char	*pub;
	bool		 daemon;
	bool		 quiet;
	bool		 syslog;	/* log through syslog(3), not stderr (config.h) */
	const char	*keys;		/* directory of server.secret; NULL: db */
	bool		 insecure;	/* no CURVE, no allowlist: tests on one machine */
	uint64_t	 session_ms;	/* how long a session lasts */
	uint64_t	 reap_ms;	/* 0: SERVER_REAP_MS */
	uint64_t	 peer_timeout_ms;	/* 0: SERVER_PEER_TIMEOUT_MS */
	struct login_guard_opts guard;
};

/* One received request, from decode to reply. */
struct request {
	void		*ident;
	size_t		 ident_len;
	struct envelope	 env;
	void		*body;
	bool		 decoded;
	bool		 write;		/* needs the write transaction */
	bool		 deferred;	/* reply comes later (login) */
	bool		 failed;	/* the reply is an error */
	bool		 map_full;	/* it failed for want of map: grow, run again */
	uint64_t	 user;		/* from the session, 0 if none */
	struct kbuf	 reply;		/* encoded reply frame */
	struct pubs	 pubs;		/* to publish after the commit */
	char		*workstation;	/* from the session, for the audit log */
	struct login_job *login;	/* a finished password check */
	/* The client's language (login_body.lang, then session_rec.lang):
	 * its messages are made with this locale current; 0 until known,
	 * the server's own. */
	locale_t	 loc;
};

struct login_job {
	struct login_job *next;
	void		*ident;
	size_t		 ident_len;
	uint64_t	 reqid;
	char		*hash;
	char		*password;
	char		*workstation;
	char		*lang;		/* login_body.lang, for the session; NULL: none */
	struct user_rec	 user;		/* copy; id 0 if no such user */
	bool		 ok;
	/* A failed check comes back once more after login-guard.c held it. */
	bool		 held;
	char		 message[200];	/* the reply it then gets, in its language */
	/* Not a login: the ZAP handler refused a key (zap.c), for the audit. */
	bool		 key_refused;
	char		 fingerprint[KEYS_FP_LEN + 1];
	unsigned	 suppressed;	/* refusals of that key not logged since */
};

struct recent_change {
	uint64_t	 at, seq, user;
	uint32_t	 kind, date;
	char		 text[96];
};

struct recent_error {
	uint64_t	 at;
	char		 text[160];
};

struct server_stats {
	uint64_t	 requests, replies, errors, commits, writes, published, logins;
	uint64_t	 commit_us_last, commit_us_max, commit_us_total;
	uint64_t	 batch_max;
	uint64_t	 committed;	/* requests in committed write batches */
	uint64_t	 sessions_reaped;
	int		 connections;
	struct recent_change recent[SERVER_RECENT];
	unsigned	 nrecent;	/* total ever; index modulo SERVER_RECENT */
	struct recent_error recent_errors[SERVER_RECENT];
	unsigned	 nrecent_errors;
};

struct server {
	struct server_options opt;
	struct store	*st;
	void		*zctx, *router, *pub, *monitor;
	char		 req_ep[512], pub_ep[512];
	uint64_t	 start_ms, beat, next_beat_us, next_prune_us, next_reap_us;
	struct server_stats stats;
	bool		 console;
	int		 fatal;		/* a commit's error the disk may have lost data
				   with (store-space.h): stop, exit 1 */

	/* the password worker */
	pthread_t	 worker;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	struct login_job *todo, *done;
	unsigned	 ntodo;		/* jobs queued or being checked */
	bool		 worker_stop;
	int		 wake[2];	/* worker -> loop: a job is done */

	/* CURVE (zap.c, login-guard.c) */
	struct keypair	 keys;
	bool		 curve;
	void		*zap;
	pthread_t	 zap_thread;
	atomic_bool	 zap_stop;
	bool		 zap_running;
	struct login_guard *guard;
	/* the allowlist as last seen (zap_watch): its keys, sorted, and
	 * whether it could be read */
	char		(*allow_seen)[41];
	size_t		 nallow_seen;
	bool		 allow_known;
	/* the sync thread: makes a lazily committed batch durable while the
	 * loop handles the next one (server-loop.c, "pipelining") */
	pthread_t	 syncer;
	bool		 syncer_started;
	pthread_mutex_t	 sync_lock;
	pthread_cond_t	 sync_cond;
	uint64_t	 sync_want, sync_done;	/* commit numbers; under sync_lock */
	int		 sync_rc;		/* a failed sync; under sync_lock */
	bool		 sync_stop;
	int		 sync_wake[2];		/* syncer -> loop: a sync is done */
	uint64_t	 commit_gen;		/* lazy commits so far (loop only) */
	uint64_t	 durable_gen;		/* commits known durable (loop only) */
};

extern volatile sig_atomic_t server_stopping;
/* Set by SIGUSR1: write one line of counters to stderr (even with --quiet). */
extern volatile sig_atomic_t server_dump_stats;

int	server_start(struct server *, char *err, size_t errlen);
int	server_run(struct server *);
void	server_finish(struct server *);

/* server-reaper.c: the PUB high-water mark and ZMTP heartbeats on both
 * sockets (0 or -1); deleting expired sessions (how many, or -1). */
int	reaper_socket_setup(struct server *);
int	reaper_sessions(struct server *);

/* server-handlers.c */
struct handler_ctx {
	struct server	*srv;
	MDB_txn		*txn;		/* the batch's transaction */
	struct wtx	*w;		/* NULL in a read-only batch */
	uint32_t	 today;
	struct calendar	 cal;		/* loaded once a batch, when first needed */
	bool		 cal_loaded;
};
/* Decide whether a decoded request writes, and handle it. */
bool	handler_is_write(uint32_t type);
void	handler_dispatch(struct handler_ctx *, struct request *);
void	handler_login_done(struct handler_ctx *, struct request *);
void	request_reply(struct request *, uint32_t type, const void *body);
void	request_error(struct request *, int code, const char *field, const char *message);
/* Make the request's language current (uselocale), and the server's own
 * again: around everything that makes a request's reply. */
void	request_locale_enter(const struct request *);
void	request_locale_leave(void);
/* Forget a request's reply and what it would publish, to run it again. */
void	request_reset(struct request *);
void	login_job_free(struct login_job *);
/* Queue a password check; false if too many wait (the caller replies busy). */
bool	server_queue_login(struct server *, struct login_job *);

/* server-console.c */
void	console_start(struct server *);
void	console_stop(struct server *);
void	console_draw(struct server *);
bool	console_key(struct server *);		/* false: the admin asked to quit */
void	server_log(struct server *, const char *fmt, ...) KH_PRINTF(2, 3);
/* The same, even with --quiet: refused keys, wrong passwords, locks. */
void	server_alert(struct server *, const char *fmt, ...) KH_PRINTF(2, 3);
void	server_note_change(struct server *, const struct change *);

#endif
