/*
 * harness.c: a private kaohed per test, and a bare client for it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <zmq.h>

#include "common/domain.h"
#include "common/keys.h"
#include "common/net.h"
#include "common/util.h"
#include "harness.h"

const char *
harness_build(void)
{
	const char *b = getenv("KAOHE_BUILD");

	return b != NULL ? b : "build";
}

int
harness_server_init(struct test_server *s)
{
	char cmd[1024];

	memset(s, 0, sizeof *s);
	strlcpy_kh(s->dir, "/tmp/kaohe-test-XXXXXX", sizeof s->dir);
	if (mkdtemp(s->dir) == NULL)
		return -1;
	snprintf(s->db, sizeof s->db, "%s/db", s->dir);
	snprintf(s->req, sizeof s->req, "ipc://%s/req", s->dir);
	snprintf(s->pub, sizeof s->pub, "ipc://%s/req.pub", s->dir);
	/* the demo office with the shipped plans (tests run from the repo root) */
	snprintf(cmd, sizeof cmd, "%s/kaohectl init %s --demo --plans schema/plans >/dev/null",
	    harness_build(), s->db);
	if (system(cmd) != 0)
		return -1;
	s->zctx = zmq_ctx_new();
	return 0;
}

int
harness_server_start(struct test_server *s)
{
	char path[512];
	pid_t pid;

	snprintf(path, sizeof path, "%s/kaohed", harness_build());
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		char log[600];

		/* The server's stderr, sanitizer reports included, goes to a file
		 * the harness shows when the server does not exit cleanly. */
		/* A test or bench that dies (fatal aborts) takes its server along. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		snprintf(log, sizeof log, "%s/kaohed.log", s->dir);
		if (freopen(log, "a", stderr) == NULL)
			_exit(126);
		const char *argv[32] = { "kaohed", "--db", s->db, "--listen", s->req, "--daemon",
		    "--quiet" };
		for (size_t i = 0; i < 16 && s->args[i] != NULL; i++)
			argv[7 + i] = s->args[i];
		execv(path, (char *const *)argv);
		_exit(127);
	}
	s->pid = pid;
	if (strncmp(s->req, "tcp://", 6) == 0) {
		usleep(500000);
		return 0;
	}
	/* Ready when the request socket file exists. */
	snprintf(path, sizeof path, "%s/req", s->dir);
	for (int i = 0; i < 500; i++) {
		if (access(path, F_OK) == 0) {
			usleep(20000);
			return 0;
		}
		usleep(10000);
	}
	return -1;
}

static void
show_log(struct test_server *s)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "sed 's/^/# kaohed: /' %s/kaohed.log >&2", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "# (no server log)\n");
}

int
harness_server_stop(struct test_server *s)
{
	int status, rc;

	if (s->pid <= 0)
		return 0;
	kill(s->pid, SIGTERM);
	for (int i = 0; i < 500; i++) {
		if (waitpid(s->pid, &status, WNOHANG) == s->pid) {
			s->pid = 0;
			rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			if (rc != 0)
				show_log(s);
			return rc;
		}
		usleep(10000);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	s->pid = 0;
	show_log(s);
	return -1;
}

void
harness_server_cleanup(struct test_server *s)
{
	char cmd[600];

	harness_server_stop(s);
	if (s->zctx != NULL)
		zmq_ctx_term(s->zctx);
	s->zctx = NULL;
	if (s->dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "harness: cannot remove %s\n", s->dir);
	}
}

/* The server's public key from db/server.key, once. */
static const char *
server_key(struct test_server *s)
{
	char path[400], err[512];

	if (s->key[0] == '\0') {
		keys_path(s->db, KEYS_PUBLIC_FILE, path, sizeof path);
		if (keys_read_file(path, s->key, err, sizeof err) != 0) {
			fprintf(stderr, "harness: %s\n", err);
			return NULL;
		}
	}
	return s->key;
}

int
harness_curve_socket(void *sock, struct test_server *s)
{
	struct keypair own;
	char err[256];
	const char *key = server_key(s);

	if (key == NULL || keys_generate(&own, err, sizeof err) != 0)
		return -1;
	return keys_curve_client(sock, key, &own);
}

int
harness_client_open_keys(struct test_client *c, struct test_server *s, const char *key,
    const struct keypair *own)
{
	struct keypair eph;
	char err[256];

	memset(c, 0, sizeof *c);
	c->srv = s;
	c->next_reqid = 1;
	c->dealer = zmq_socket(s->zctx, ZMQ_DEALER);
	c->sub = zmq_socket(s->zctx, ZMQ_SUB);
	if (c->dealer == NULL || c->sub == NULL ||
	    net_socket_setup(c->dealer, CODEC_MAX_FRAME) != 0 ||
	    net_socket_setup(c->sub, CODEC_MAX_FRAME) != 0)
		return -1;
	if (key != NULL) {
		if (own == NULL) {
			if (keys_generate(&eph, err, sizeof err) != 0)
				return -1;
			own = &eph;
		}
		if (keys_curve_client(c->dealer, key, own) != 0 ||
		    keys_curve_client(c->sub, key, own) != 0)
			return -1;
	}
	if (zmq_connect(c->dealer, s->req) != 0 || zmq_connect(c->sub, s->pub) != 0)
		return -1;
	return 0;
}

int
harness_client_open(struct test_client *c, struct test_server *s)
{
	bool insecure = false;

	for (size_t i = 0; i < 16 && s->args[i] != NULL; i++)
		insecure |= strcmp(s->args[i], "--insecure") == 0;
	if (insecure)
		return harness_client_open_keys(c, s, NULL, NULL);
	const char *key = server_key(s);
	if (key == NULL)
		return -1;
	return harness_client_open_keys(c, s, key, NULL);
}

void
harness_client_close(struct test_client *c)
{
	if (c->dealer != NULL)
		zmq_close(c->dealer);
	if (c->sub != NULL)
		zmq_close(c->sub);
	c->dealer = c->sub = NULL;
}

static int
wait_in(void *sock, int timeout_ms)
{
	zmq_pollitem_t it = { sock, 0, ZMQ_POLLIN, 0 };

	return zmq_poll(&it, 1, timeout_ms) > 0 ? 0 : -1;
}

int
harness_raw(struct test_client *c, const void *frame, size_t len, void **reply,
    size_t *rlen, int timeout_ms)
{
	void *parts[1];
	size_t lens[1];
	int extra;

	*reply = NULL;
	/* A DEALER with no peer blocks in send (a key the server now refuses,
	 * a connection being re-made): wait for room as long as for a reply. */
	zmq_pollitem_t out = { c->dealer, 0, ZMQ_POLLOUT, 0 };
	if (zmq_poll(&out, 1, timeout_ms) <= 0 ||
	    zmq_send(c->dealer, frame, len, ZMQ_DONTWAIT) < 0)
		return -1;
	if (wait_in(c->dealer, timeout_ms) != 0)
		return -1;
	if (net_recv_parts(c->dealer, 0, parts, lens, 1, &extra) != 1)
		return -1;
	*reply = parts[0];
	*rlen = lens[0];
	return 0;
}

int
harness_call(struct test_client *c, uint32_t type, uint64_t reqid, const void *body,
    void **reply, struct envelope *env, int timeout_ms)
{
	struct kbuf f = { 0 };
	struct codec_error err;
	void *raw;
	size_t rlen;
	int rc;

	if (reqid == 0)
		reqid = c->next_reqid++;
	codec_encode(type, reqid, body, &f);
	rc = harness_raw(c, f.data, f.len, &raw, &rlen, timeout_ms);
	kbuf_free(&f);
	if (rc != 0)
		return -1;
	rc = codec_decode(raw, rlen, env, reply, &err);
	free(raw);
	if (rc != 0)
		return -1;
	return (int)env->type;
}

struct log_put_body
harness_log_put_body(const char *session, const char *content)
{
	struct log_put_body b;

	memset(&b, 0, sizeof b);
	b.session = (char *)session;
	b.entry.date = day_today();
	b.entry.content = (char *)content;
	b.entry.minutes = 60;
	b.entry.category = CAT_DUTY;
	return b;
}

int
harness_login(struct test_client *c, const char *login, const char *password)
{
	return harness_login_lang(c, login, password, "zh_CN");
}

int
harness_login_lang(struct test_client *c, const char *login, const char *password, const char *lang)
{
	struct login_body b = { (char *)login, (char *)password, (char *)"test", (char *)lang };
	struct envelope env;
	void *reply;
	int type = harness_call(c, MSG_LOGIN, 0, &b, &reply, &env, 5000);

	if (type != MSG_LOGIN_OK) {
		if (type >= 0)
			codec_body_free(&env, &reply);
		return -1;
	}
	strlcpy_kh(c->session, ((struct login_ok_body *)reply)->session, sizeof c->session);
	c->user = ((struct login_ok_body *)reply)->user;
	codec_body_free(&env, &reply);
	return 0;
}

int
harness_subscribe(struct test_client *c, uint64_t user)
{
	char topic[32];

	net_user_topic(user, topic, sizeof topic);
	if (zmq_setsockopt(c->sub, ZMQ_SUBSCRIBE, topic, strlen(topic)) != 0 ||
	    zmq_setsockopt(c->sub, ZMQ_SUBSCRIBE, NET_TOPIC_HEARTBEAT, 2) != 0)
		return -1;
	/* A subscription takes a moment to reach the publisher: wait for the
	 * first heartbeat, which proves it has. */
	void *body;
	struct envelope env;
	int t = harness_next_update(c, NET_TOPIC_HEARTBEAT, &body, &env, 3000);
	if (t < 0)
		return -1;
	codec_body_free(&env, &body);
	return 0;
}

int
harness_next_update(struct test_client *c, const char *prefix, void **body,
    struct envelope *env, int timeout_ms)
{
	uint64_t deadline = mono_us() + (uint64_t)timeout_ms * 1000;

	for (;;) {
		void *parts[2];
		size_t lens[2];
		int extra, n;
		struct codec_error err;
		uint64_t now = mono_us();

		if (now >= deadline || wait_in(c->sub, (int)((deadline - now) / 1000) + 1) != 0)
			return -1;
		n = net_recv_parts(c->sub, 0, parts, lens, 2, &extra);
		if (n != 2) {
			net_free_parts(parts, n > 0 ? n : 0);
			continue;
		}
		bool match = prefix == NULL || strncmp(parts[0], prefix, strlen(prefix)) == 0;
		int rc = match ? codec_decode(parts[1], lens[1], env, body, &err) : -1;
		net_free_parts(parts, 2);
		if (match && rc == 0)
			return (int)env->type;
	}
}

long
harness_rss_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = 0;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "RssAnon: %ld", &kb) == 1)
			break;
	fclose(f);
	return kb;
}
