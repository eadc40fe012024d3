/*
 * test-security.c: CURVE, the key allowlist, login throttling, session
 * expiry and what never reaches a log, against a real kaohed (harness.c)
 * and the client's own network code (client-net.c).
 *
 * The servers run with short login settings: the first wrong password's
 * reply waits 200 ms, three in a minute lock the name for 2 s, and a
 * session lasts 3 s.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zmq.h>

#include "common/keys.h"
#include "common/net.h"
#include "common/util.h"
#include "client/client-net.h"
#include "harness.h"
#include "i18n-fixture.h"

#define WRONG_PASSWORD	"Wr0ng-pass-7731"

struct fixture {
	struct test_server srv;
	struct test_client a;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	static const char *const args[] = {
		"--login-delay", "200", "--login-failures", "3", "--login-window", "60",
		"--login-lock", "2", "--session-ttl", "3", NULL,
	};

	if (harness_server_init(&f->srv) != 0)
		return -1;
	memcpy(f->srv.args, args, sizeof args);
	if (harness_server_start(&f->srv) != 0 || harness_client_open(&f->a, &f->srv) != 0) {
		fprintf(stderr, "cannot start a test server (is %s/kaohed built?)\n", harness_build());
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	harness_client_close(&f->a);
	rc = harness_server_stop(&f->srv);
	harness_server_cleanup(&f->srv);
	free(f);
	return rc == 0 ? 0 : -1;
}

/* The output of a shell command (at most 64 KiB), on the heap. */
static char *
run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	struct kbuf out = { 0 };
	char buf[4096];
	size_t n;
	FILE *p;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	assert_non_null(p = popen(cmd, "r"));
	while ((n = fread(buf, 1, sizeof buf, p)) > 0 && out.len < 65536)
		kbuf_append(&out, buf, n);
	pclose(p);
	kbuf_append(&out, "", 1);
	return (char *)out.data;
}

static char *
audit(struct fixture *f)
{
	return run("%s/kaohectl --db %s audit --limit 200 2>/dev/null", harness_build(), f->srv.db);
}

static char *
server_log(struct fixture *f)
{
	return run("cat %s/kaohed.log", f->srv.dir);
}

/* What get(f) gives once it holds text (asked every 0.1 s, at most tries
 * times), or NULL. */
static char *
wait_for_text(char *(*get)(struct fixture *), struct fixture *f, const char *text, int tries)
{
	for (int i = 0; i < tries; i++) {
		char *out = get(f);

		if (strstr(out, text) != NULL)
			return out;
		free(out);
		usleep(100000);
	}
	return NULL;
}

/* Whether c's LOGIN gets any answer within a second: a connection the
 * server refused (CURVE or ZAP) never does, and its socket says why
 * (client_problem); a second spares each such test the harness's 5. */
static bool
answered(struct test_client *c)
{
	struct login_body b = { (char *)"zhangsan", (char *)"demo123", (char *)"pc-test",
	    (char *)"zh_CN" };
	struct envelope env;
	void *reply;
	int type = harness_call(c, MSG_LOGIN, 0, &b, &reply, &env, 1000);

	if (type >= 0)
		codec_body_free(&env, &reply);
	return type >= 0;
}

/* One LOGIN: the reply's type, the error message (if any) into msg, and
 * how long the reply took. */
static int
login_timed(struct test_client *c, const char *login, const char *password, char *msg,
    size_t len, uint64_t *ms)
{
	struct login_body b = { (char *)login, (char *)password, (char *)"pc-test", (char *)"zh_CN" };
	struct envelope env;
	void *reply;
	uint64_t t0 = mono_us();
	int type = harness_call(c, MSG_LOGIN, 0, &b, &reply, &env, 10000);

	*ms = (mono_us() - t0) / 1000;
	if (msg != NULL)
		msg[0] = '\0';
	if (type == MSG_LOGIN_OK)
		strlcpy_kh(c->session, ((struct login_ok_body *)reply)->session, sizeof c->session);
	else if (type == MSG_ERROR && msg != NULL)
		strlcpy_kh(msg, ((struct error_body *)reply)->message, len);
	if (type >= 0)
		codec_body_free(&env, &reply);
	return type;
}

/* A SYNC with the client's session: the reply's type, error code in *code. */
static int
sync_call(struct test_client *c, uint32_t *code)
{
	struct sync_body b = { .session = c->session };
	struct envelope env;
	void *reply;
	int type = harness_call(c, MSG_SYNC, 0, &b, &reply, &env, 5000);

	*code = type == MSG_ERROR ? ((struct error_body *)reply)->code : 0;
	if (type >= 0)
		codec_body_free(&env, &reply);
	return type;
}

/* Poll the client's network code until it reports a link problem. */
static const char *
client_problem(struct test_server *s, const char *server_key, const struct keypair *own)
{
	char err[256];
	struct client_net *n = client_net_new(s->req, s->pub, "pc-test", server_key, own,
	    err, sizeof err);
	const char *problem = NULL;
	uint64_t t0 = mono_us();
	bool in;

	assert_non_null(n);
	client_net_login(n, "zhangsan", "demo123");
	while (problem == NULL && mono_us() - t0 < 6000000) {
		client_net_poll(n, 100, &in);
		problem = client_net_link_problem(n);
		assert_false(client_net_logged_in(n));
		if (in)
			usleep(50000);	/* stdin is not a terminal here */
	}
	client_net_free(&n);
	return problem;
}

/* (1) The right server key: a login, a SYNC. */
static void
test_right_key(void **state)
{
	struct fixture *f = *state;
	uint32_t code;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(sync_call(&f->a, &code), MSG_SYNC_REPLY);
}

/* (2) Another server's key: nothing comes back, and the client's network
 * code says why within a few seconds. */
static void
test_wrong_server_key(void **state)
{
	struct fixture *f = *state;
	struct keypair other, own;
	struct test_client c;
	char err[256];
	const char *problem;

	assert_int_equal(keys_generate(&other, err, sizeof err), 0);
	assert_int_equal(keys_generate(&own, err, sizeof err), 0);
	assert_int_equal(harness_client_open_keys(&c, &f->srv, other.public_z85, NULL), 0);
	assert_false(answered(&c));
	harness_client_close(&c);
	problem = client_problem(&f->srv, other.public_z85, &own);
	assert_non_null(problem);
	assert_non_null(strstr(problem, "服务器密钥不符"));
	/* The right key still works beside it. */
	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
}

/* (3) An allowlist without the client's key: refused, logged with the
 * key's fingerprint; adding the key lets it in without a restart. */
static void
test_allowlist(void **state)
{
	struct fixture *f = *state;
	struct keypair listed, mine;
	struct test_client c;
	char err[256], fp[KEYS_FP_LEN + 1];
	const char *problem;
	char *out;

	assert_int_equal(keys_generate(&listed, err, sizeof err), 0);
	assert_int_equal(keys_generate(&mine, err, sizeof err), 0);
	keys_fingerprint(mine.public_z85, fp);
	free(run("%s/kaohectl --db %s allow add '%s' someone-else", harness_build(), f->srv.db,
	    listed.public_z85));

	assert_int_equal(harness_client_open_keys(&c, &f->srv, f->srv.key, &mine), 0);
	assert_false(answered(&c));
	harness_client_close(&c);
	problem = client_problem(&f->srv, f->srv.key, &mine);
	assert_non_null(problem);
	assert_non_null(strstr(problem, "本机密钥未获准"));

	out = server_log(f);
	assert_non_null(strstr(out, "not on the allowlist"));
	assert_non_null(strstr(out, fp));
	free(out);
	/* The audit line is written in the loop's next batch. */
	out = wait_for_text(audit, f, "connect.refused", 50);
	assert_non_null(out);
	assert_non_null(strstr(out, fp));
	free(out);

	free(run("%s/kaohectl --db %s allow add '%s' pc-test", harness_build(), f->srv.db,
	    mine.public_z85));
	assert_int_equal(harness_client_open_keys(&c, &f->srv, f->srv.key, &mine), 0);
	assert_int_equal(harness_login(&c, "zhangsan", "demo123"), 0);
	harness_client_close(&c);
}

/* A LOG_PUT by c: the reply's type (LOG_PUT_OK when it went through). */
static int
put_log(struct test_client *c, const char *content, int timeout_ms)
{
	struct log_put_body b = harness_log_put_body(c->session, content);
	struct envelope env;
	void *reply;
	int type = harness_call(c, MSG_LOG_PUT, 0, &b, &reply, &env, timeout_ms);

	if (type >= 0)
		codec_body_free(&env, &reply);
	return type;
}

/* (9) A key removed from the allowlist while its workstation is connected
 * (kaohectl allow remove beside a running kaohed): within a few seconds
 * that workstation's requests go unanswered and it receives no update,
 * while another listed workstation reconnects by itself and carries on. */
static void
test_allowlist_revoke(void **state)
{
	struct fixture *f = *state;
	struct keypair ka, kb;
	struct test_client a, b;
	char err[256];
	void *body;
	struct envelope env;
	char *out = NULL;
	int got_b = 0;

	assert_int_equal(keys_generate(&ka, err, sizeof err), 0);
	assert_int_equal(keys_generate(&kb, err, sizeof err), 0);
	free(run("%s/kaohectl --db %s allow add '%s' pc-a", harness_build(), f->srv.db, ka.public_z85));
	free(run("%s/kaohectl --db %s allow add '%s' pc-b", harness_build(), f->srv.db, kb.public_z85));
	assert_int_equal(harness_client_open_keys(&a, &f->srv, f->srv.key, &ka), 0);
	assert_int_equal(harness_client_open_keys(&b, &f->srv, f->srv.key, &kb), 0);
	assert_int_equal(harness_login(&a, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_login(&b, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_subscribe(&a, a.user), 0);
	assert_int_equal(harness_subscribe(&b, b.user), 0);
	usleep(200000);	/* the subscriptions reach the PUB */

	/* Before: both see B's write. */
	assert_int_equal(put_log(&b, "撤销前的日志", 5000), MSG_LOG_PUT_OK);
	assert_int_equal(harness_next_update(&a, "u", &body, &env, 3000), MSG_UPDATE);
	codec_body_free(&env, &body);
	assert_int_equal(harness_next_update(&b, "u", &body, &env, 3000), MSG_UPDATE);
	codec_body_free(&env, &body);

	free(run("%s/kaohectl --db %s allow remove '%s'", harness_build(), f->srv.db, ka.public_z85));
	out = wait_for_text(server_log, f, "closed every connection", 40);
	assert_non_null(out);
	assert_non_null(strstr(out, "left the allowlist"));
	free(out);

	/* B reconnects through the key check and is served; its SUB comes back
	 * too (an update may be lost while it does: B resyncs from its chain). */
	assert_int_equal(harness_login(&b, "zhangsan", "demo123"), 0);
	for (int i = 0; i < 10 && !got_b; i++) {
		assert_int_equal(put_log(&b, "撤销后的日志", 5000), MSG_LOG_PUT_OK);
		if (harness_next_update(&b, "u", &body, &env, 500) == MSG_UPDATE) {
			codec_body_free(&env, &body);
			got_b = 1;
		}
	}
	assert_true(got_b);
	/* A hears nothing of it, and is answered nothing. */
	assert_int_equal(harness_next_update(&a, "u", &body, &env, 500), -1);
	assert_false(answered(&a));
	harness_client_close(&a);
	harness_client_close(&b);
}

/* (4) A plain ZeroMQ client gets nothing from a CURVE server. */
static void
test_plain_refused(void **state)
{
	struct fixture *f = *state;
	struct test_client c;

	assert_int_equal(harness_client_open_keys(&c, &f->srv, NULL, NULL), 0);
	assert_false(answered(&c));
	harness_client_close(&c);
	assert_non_null(client_problem(&f->srv, NULL, NULL));
}

/* (5) Wrong passwords: replies wait 200, 400 ms; the third locks the
 * account, which then refuses even the right password at once, saying
 * until when; the lock ends. */
static void
test_lockout(void **state)
{
	struct fixture *f = *state;
	char msg[256];
	uint64_t ms;
	char *out;

	assert_int_equal(login_timed(&f->a, "lisi", WRONG_PASSWORD, msg, sizeof msg, &ms), MSG_ERROR);
	assert_true(ms >= 190);
	assert_int_equal(login_timed(&f->a, "lisi", WRONG_PASSWORD, msg, sizeof msg, &ms), MSG_ERROR);
	assert_true(ms >= 390);
	assert_null(strstr(msg, "锁定"));
	assert_int_equal(login_timed(&f->a, "lisi", WRONG_PASSWORD, msg, sizeof msg, &ms), MSG_ERROR);
	assert_true(ms >= 790);
	assert_non_null(strstr(msg, "锁定至"));

	assert_int_equal(login_timed(&f->a, "lisi", "demo123", msg, sizeof msg, &ms), MSG_ERROR);
	assert_true(ms < 190);
	assert_non_null(strstr(msg, "锁定至"));
	/* Another account is not affected. */
	assert_int_equal(login_timed(&f->a, "zhangsan", "demo123", NULL, 0, &ms), MSG_LOGIN_OK);

	usleep(2100000);
	assert_int_equal(login_timed(&f->a, "lisi", "demo123", NULL, 0, &ms), MSG_LOGIN_OK);

	out = audit(f);
	assert_non_null(strstr(out, "login.failed"));
	assert_non_null(strstr(out, "login.locked"));
	assert_non_null(strstr(out, "pc-test"));
	free(out);
}

/* (6b) A lock outlives a restart of kaohed, shows in kaohectl user list,
 * and kaohectl user unlock lifts it at once, the server running. */
static void
test_lock_kept(void **state)
{
	struct fixture *f = *state;
	char msg[256];
	uint64_t ms;
	char *out;

	/* a lock longer than the restart takes */
	harness_client_close(&f->a);
	assert_int_equal(harness_server_stop(&f->srv), 0);
	f->srv.args[7] = "600";		/* --login-lock */
	assert_int_equal(harness_server_start(&f->srv), 0);
	assert_int_equal(harness_client_open(&f->a, &f->srv), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(login_timed(&f->a, "lisi", WRONG_PASSWORD, msg, sizeof msg, &ms),
		    MSG_ERROR);
	assert_non_null(strstr(msg, "锁定至"));

	harness_client_close(&f->a);
	assert_int_equal(harness_server_stop(&f->srv), 0);
	out = run("%s/kaohectl --db %s user list", harness_build(), f->srv.db);
	assert_non_null(strstr(out, "locked until"));
	free(out);
	out = run("%s/kaohectl --db %s verify 2>&1", harness_build(), f->srv.db);
	assert_non_null(strstr(out, ": ok"));
	free(out);
	assert_int_equal(harness_server_start(&f->srv), 0);
	assert_int_equal(harness_client_open(&f->a, &f->srv), 0);
	assert_int_equal(login_timed(&f->a, "lisi", "demo123", msg, sizeof msg, &ms), MSG_ERROR);
	assert_non_null(strstr(msg, "锁定至"));

	free(run("%s/kaohectl --db %s user unlock lisi", harness_build(), f->srv.db));
	assert_int_equal(login_timed(&f->a, "lisi", "demo123", NULL, 0, &ms), MSG_LOGIN_OK);
	out = audit(f);
	assert_non_null(strstr(out, "user.unlock"));
	free(out);
}

/* (6) A session ends after its time, and at logout. */
static void
test_session_expiry(void **state)
{
	struct fixture *f = *state;
	struct session_body b;
	struct envelope env;
	void *reply;
	uint32_t code;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(sync_call(&f->a, &code), MSG_SYNC_REPLY);
	usleep(3200000);
	assert_int_equal(sync_call(&f->a, &code), MSG_ERROR);
	assert_int_equal(code, KH_ERR_SESSION);

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	b.session = f->a.session;
	assert_int_equal(harness_call(&f->a, MSG_LOGOUT, 0, &b, &reply, &env, 5000), MSG_OK);
	codec_body_free(&env, &reply);
	assert_int_equal(sync_call(&f->a, &code), MSG_ERROR);
	assert_int_equal(code, KH_ERR_SESSION);
}

/* (7) Neither a password nor a session token reaches the server's log or
 * the audit log. */
static void
test_no_secrets_logged(void **state)
{
	struct fixture *f = *state;
	char msg[256], token[128];
	uint64_t ms;
	char *log, *aud;

	assert_int_equal(login_timed(&f->a, "wangwu", WRONG_PASSWORD, msg, sizeof msg, &ms), MSG_ERROR);
	assert_int_equal(login_timed(&f->a, "wangwu", "demo123", NULL, 0, &ms), MSG_LOGIN_OK);
	strlcpy_kh(token, f->a.session, sizeof token);
	assert_int_equal(strlen(token), 64);
	/* the server's stderr (--quiet) holds the refusal */
	usleep(200000);
	log = server_log(f);
	aud = audit(f);
	assert_non_null(strstr(log, "login refused for wangwu"));
	assert_non_null(strstr(aud, "login.failed"));
	assert_null(strstr(log, WRONG_PASSWORD));
	assert_null(strstr(log, "demo123"));
	assert_null(strstr(log, token));
	assert_null(strstr(aud, WRONG_PASSWORD));
	assert_null(strstr(aud, "demo123"));
	assert_null(strstr(aud, token));
	/* nor the server's secret key */
	{
		char path[400], err[256];
		struct keypair kp;

		keys_path(f->srv.db, KEYS_SECRET_FILE, path, sizeof path);
		assert_int_equal(keys_load_secret(path, &kp, err, sizeof err), 0);
		assert_null(strstr(log, kp.secret_z85));
		assert_null(strstr(aud, kp.secret_z85));
	}
	free(log);
	free(aud);
}

/* kaohed will not start without its key unless --insecure says so. */
static void
test_needs_key(void **state)
{
	struct fixture *f = *state;
	char *out;

	out = run("mv %s/server.secret %s/moved.secret && %s/kaohed --db %s --listen ipc://%s/x "
	    "--daemon 2>&1; echo status=$?", f->srv.db, f->srv.dir, harness_build(), f->srv.db,
	    f->srv.dir);
	assert_non_null(strstr(out, "no server key"));
	assert_non_null(strstr(out, "status=1"));
	free(out);
	out = run("mv %s/moved.secret %s/server.secret", f->srv.dir, f->srv.db);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_right_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_server_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowlist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_allowlist_revoke, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lockout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_session_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_secrets_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_needs_key, setup, teardown),
	};

	test_i18n_chinese();	/* the expectations are Chinese */
	return cmocka_run_group_tests_name("security", tests, NULL, NULL);
}
