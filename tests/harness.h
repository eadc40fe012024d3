/*
 * harness.h: start a private kaohed for a test and talk to it.
 *
 * Each test server gets a fresh temporary directory with a demo database and
 * ipc endpoints inside it, so tests never share state or ports.
 */
#ifndef KAOHE_HARNESS_H
#define KAOHE_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/codec.h"

struct test_server {
	char	 dir[256];
	char	 db[300];
	char	 req[320];
	char	 pub[330];
	pid_t	 pid;
	void	*zctx;
	/* The server's public key (kaohectl init made the pair in db/); ""
	 * until read.  Clients use it unless told otherwise. */
	char	 key[41];
	/* More arguments for kaohed (e.g. "--insecure"), NULL-terminated. */
	const char *args[16];
};

struct test_client {
	struct test_server *srv;
	void	*dealer;
	void	*sub;
	uint64_t next_reqid;
	char	 session[128];
	uint64_t user;
};

/* Build dir holding kaohed and kaohectl: $KAOHE_BUILD or "build". */
const char *harness_build(void);

/* Make a demo database with the plans of schema/plans (run from the repo
 * root) and start kaohed on it.  0 or -1. */
int	harness_server_init(struct test_server *);
int	harness_server_start(struct test_server *);
/* SIGTERM and wait; returns the exit status, -1 if it had to be killed. */
int	harness_server_stop(struct test_server *);
void	harness_server_cleanup(struct test_server *);

/* A client with an ephemeral key pair, given the server's key from
 * db/server.key. */
int	harness_client_open(struct test_client *, struct test_server *);
/* The same with the server key given (NULL: a plain, non-CURVE client)
 * and the client's own pair (NULL: a new ephemeral one). */
struct keypair;
int	harness_client_open_keys(struct test_client *, struct test_server *,
	    const char *server_key, const struct keypair *own);
/* Make any socket a CURVE client of the test server (ephemeral pair), as
 * harness_client_open does for its own.  0 or -1. */
int	harness_curve_socket(void *sock, struct test_server *);
void	harness_client_close(struct test_client *);
/* A process's anonymous resident memory (heap, stacks, ZeroMQ queues) in
 * KiB, from /proc; 0 if unknown.  The LMDB map is file-backed and left
 * out: it grows with the database, not with what peers do. */
long	harness_rss_kb(pid_t pid);

/* Send a raw frame and wait up to timeout_ms for one reply frame (heap copy). */
int	harness_raw(struct test_client *, const void *frame, size_t len,
	    void **reply, size_t *rlen, int timeout_ms);
/* Send a request with reqid (0: next) and wait for the decoded reply.
 * Returns the reply's type, or -1 on timeout or decode failure. */
int	harness_call(struct test_client *, uint32_t type, uint64_t reqid,
	    const void *body, void **reply, struct envelope *env, int timeout_ms);
/* A LOG_PUT body for a new entry of today: 60 minutes of duty work with
 * that content, in that session (both borrowed, not copied). */
struct log_put_body harness_log_put_body(const char *session, const char *content);
/* Log in; 0 on LOGIN_OK.  The session speaks Chinese (lang "zh_CN", as
 * the tests' expectations are written); harness_login_lang chooses
 * (login_body.lang: "en", "zh_CN", "" for the server's own). */
int	harness_login(struct test_client *, const char *login, const char *password);
int	harness_login_lang(struct test_client *, const char *login, const char *password,
	    const char *lang);
/* Subscribe to the user's topic and heartbeats. */
int	harness_subscribe(struct test_client *, uint64_t user);
/* Wait for one published message on topic prefix (NULL: any); returns its
 * type, or -1 on timeout. */
int	harness_next_update(struct test_client *, const char *topic_prefix,
	    void **body, struct envelope *env, int timeout_ms);

#endif
