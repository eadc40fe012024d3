/*
 * test-server.c: kaohed end to end, each test against its own server on
 * private ipc endpoints with a fresh demo database.
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

#include "common/domain.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "server/doc-ops.h"
#include "server/log-ops.h"
#include "server/org.h"
#include "server/store.h"
#include "harness.h"

#define SERVER_SYNC_PAGE_TEST	2000	/* server/server.h: SERVER_SYNC_PAGE */

struct fixture {
	struct test_server srv;
	struct test_client a, b;
};

static int
setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);

	if (harness_server_init(&f->srv) != 0 || harness_server_start(&f->srv) != 0 ||
	    harness_client_open(&f->a, &f->srv) != 0 || harness_client_open(&f->b, &f->srv) != 0) {
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
	harness_client_close(&f->b);
	/* kaohed must stop cleanly on SIGTERM: status 0, no sanitizer report */
	rc = harness_server_stop(&f->srv);
	harness_server_cleanup(&f->srv);
	free(f);
	if (rc != 0)
		fprintf(stderr, "kaohed exited with status %d\n", rc);
	return rc == 0 ? 0 : -1;
}

static struct log_put_body
new_entry(struct test_client *c, const char *text, uint32_t date)
{
	struct log_put_body b;

	memset(&b, 0, sizeof b);
	b.session = c->session;
	b.entry.date = date;
	b.entry.content = (char *)text;
	b.entry.minutes = 120;
	b.entry.category = CAT_DUTY;
	return b;
}

/* Put an entry; returns the reply type and fills *seq and *id. */
static int
put(struct test_client *c, uint64_t reqid, struct log_put_body *b, uint64_t *seq, uint64_t *id)
{
	struct envelope env;
	void *reply;
	int type = harness_call(c, MSG_LOG_PUT, reqid, b, &reply, &env, 5000);

	if (type == MSG_LOG_PUT_OK) {
		struct log_put_ok_body *ok = reply;
		if (seq)
			*seq = ok->seq;
		if (id)
			*id = ok->entry.id;
	}
	if (type >= 0)
		codec_body_free(&env, &reply);
	return type;
}

static int
error_code(struct test_client *c, uint32_t type, const void *body)
{
	struct envelope env;
	void *reply;
	int t = harness_call(c, type, 0, body, &reply, &env, 5000), code = -1;

	if (t == MSG_ERROR)
		code = (int)((struct error_body *)reply)->code;
	if (t >= 0)
		codec_body_free(&env, &reply);
	return code;
}

static void
test_login(void **state)
{
	struct fixture *f = *state;
	struct login_body bad = { "zhangsan", "wrong-password", "t", "zh_CN" };
	struct login_body nobody = { "nosuchuser", "demo123", "t", "zh_CN" };

	assert_int_equal(error_code(&f->a, MSG_LOGIN, &bad), KH_ERR_AUTH);
	assert_int_equal(error_code(&f->a, MSG_LOGIN, &nobody), KH_ERR_AUTH);
	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(strlen(f->a.session), 64);
	assert_true(f->a.user > 0);
}

static void
test_version_mismatch(void **state)
{
	struct fixture *f = *state;
	/* [PROTOCOL_VERSION + 1, 200, 9, {}] */
	const unsigned char frame[] = { 0x94, PROTOCOL_VERSION + 1, 0xcc, 0xc8, 0x09, 0x80 };
	struct codec_error err;
	struct envelope env;
	void *raw, *body;
	size_t len;
	uint64_t t0 = mono_us();

	assert_int_equal(harness_raw(&f->a, frame, sizeof frame, &raw, &len, 2000), 0);
	assert_true(mono_us() - t0 < 1000000);
	assert_int_equal(codec_decode(raw, len, &env, &body, &err), 0);
	assert_int_equal(env.type, MSG_ERROR);
	assert_int_equal(env.reqid, 9);
	assert_int_equal(((struct error_body *)body)->code, KH_ERR_VERSION);
	assert_int_equal(((struct error_body *)body)->server_protocol, PROTOCOL_VERSION);
	char want[32];
	snprintf(want, sizeof want, "version %d", PROTOCOL_VERSION + 1);
	assert_non_null(strstr(((struct error_body *)body)->message, want));
	codec_body_free(&env, &body);
	free(raw);
}

/* The ack comes only once another process can read the entry from disk. */
static void
test_put_acked_after_commit(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct log_entry e;
	struct store *st;
	MDB_txn *txn;
	char err[256];
	uint64_t seq = 0, id = 0;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	b = new_entry(&f->a, "起草文件：关于加强考核工作的通知", day_today());
	assert_int_equal(put(&f->a, 0, &b, &seq, &id), MSG_LOG_PUT_OK);
	assert_true(seq > 0);
	assert_int_equal(store_open(&st, f->srv.db, STORE_MUST_EXIST, err, sizeof err), 0);
	assert_int_equal(store_read_begin(st, &txn), 0);
	assert_int_equal(logop_get(txn, st, id, &e), 0);
	assert_string_equal(e.content, "起草文件：关于加强考核工作的通知");
	assert_int_equal(e.owner, f->a.user);
	assert_int_equal(e.version, 1);
	schema_free(&log_entry_desc, &e);
	mdb_txn_abort(txn);
	store_close(&st);
}

static void
test_second_subscriber_gets_update(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct envelope env;
	void *body;
	uint64_t seq = 0, id = 0, prev;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_login(&f->b, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_subscribe(&f->b, f->b.user), 0);
	b = new_entry(&f->a, "参加党组会议", day_today());
	assert_int_equal(put(&f->a, 0, &b, &seq, &id), MSG_LOG_PUT_OK);
	assert_int_equal(harness_next_update(&f->b, "u", &body, &env, 2000), MSG_UPDATE);
	struct change *ch = body;
	assert_int_equal(ch->seq, seq);
	assert_int_equal(ch->kind, CHANGE_PUT);
	assert_int_equal(ch->entry.id, id);
	assert_string_equal(ch->entry.content, "参加党组会议");
	prev = ch->seq;
	codec_body_free(&env, &body);

	/* the next change on the topic links back to this one */
	b = new_entry(&f->a, "整理会议纪要", day_today());
	assert_int_equal(put(&f->a, 0, &b, &seq, &id), MSG_LOG_PUT_OK);
	assert_int_equal(harness_next_update(&f->b, "u", &body, &env, 2000), MSG_UPDATE);
	assert_int_equal(((struct change *)body)->prev, prev);
	codec_body_free(&env, &body);
}

/* Another user's changes are not published to this user's topic. */
static void
test_topics_are_private(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct envelope env;
	void *body;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_login(&f->b, "lisi", "demo123"), 0);
	assert_int_equal(harness_subscribe(&f->b, f->b.user), 0);
	b = new_entry(&f->a, "张三的日志", day_today());
	assert_int_equal(put(&f->a, 0, &b, NULL, NULL), MSG_LOG_PUT_OK);
	assert_int_equal(harness_next_update(&f->b, "u", &body, &env, 1500), -1);
}

static void
test_retry_applied_once(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	uint64_t seq1, seq2, id1, id2;
	struct sync_body s;
	struct envelope env;
	void *reply;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	b = new_entry(&f->a, "重试的日志", day_today());
	assert_int_equal(put(&f->a, 777, &b, &seq1, &id1), MSG_LOG_PUT_OK);
	assert_int_equal(put(&f->a, 777, &b, &seq2, &id2), MSG_LOG_PUT_OK);
	assert_int_equal(seq1, seq2);
	assert_int_equal(id1, id2);
	/* one entry with that text, not two */
	s = (struct sync_body){ f->a.session, 0, 0, day_today(), 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &s, &reply, &env, 3000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = reply;
	int n = 0;
	for (uint32_t i = 0; i < r->entries_n; i++)
		n += strcmp(r->entries[i].content, "重试的日志") == 0;
	assert_int_equal(n, 1);
	codec_body_free(&env, &reply);
	/* a write without a request id is refused */
	{
		struct kbuf fr = { 0 };
		struct codec_error err;
		void *raw, *rep;
		size_t len;

		codec_encode(MSG_LOG_PUT, 0, &b, &fr);
		assert_int_equal(harness_raw(&f->a, fr.data, fr.len, &raw, &len, 3000), 0);
		kbuf_free(&fr);
		assert_int_equal(codec_decode(raw, len, &env, &rep, &err), 0);
		assert_int_equal(env.type, MSG_ERROR);
		assert_int_equal(((struct error_body *)rep)->code, KH_ERR_INVALID);
		codec_body_free(&env, &rep);
		free(raw);
	}
}

/* A client that missed updates gets exactly the missed changes. */
static void
test_resync_after_gap(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct sync_body s;
	struct envelope env;
	void *reply;
	uint64_t seqs[3], ids[3], epoch;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	s = (struct sync_body){ f->a.session, 0, 0, 0, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &s, &reply, &env, 3000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = reply;
	uint64_t tag = r->topic_seq;
	uint32_t had = r->entries_n;
	epoch = r->epoch;
	assert_true(r->full);
	assert_true(had > 0);		/* the demo's four weeks */
	codec_body_free(&env, &reply);

	const char *texts[3] = { "错过一", "错过二", "错过三" };
	for (int i = 0; i < 3; i++) {
		b = new_entry(&f->a, texts[i], day_today());
		assert_int_equal(put(&f->a, 0, &b, &seqs[i], &ids[i]), MSG_LOG_PUT_OK);
	}
	s = (struct sync_body){ f->a.session, epoch, tag, 0, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &s, &reply, &env, 3000), MSG_SYNC_REPLY);
	r = reply;
	assert_false(r->full);
	assert_int_equal(r->changes_n, 3);
	assert_int_equal(r->changes[0].prev, tag);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(r->changes[i].seq, seqs[i]);
		assert_string_equal(r->changes[i].entry.content, texts[i]);
	}
	assert_int_equal(r->topic_seq, seqs[2]);
	codec_body_free(&env, &reply);

	/* an unknown epoch gets a full snapshot */
	s = (struct sync_body){ f->a.session, epoch + 1, tag, 0, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &s, &reply, &env, 3000), MSG_SYNC_REPLY);
	r = reply;
	assert_true(r->full);
	assert_int_equal(r->entries_n, had + 3);
	codec_body_free(&env, &reply);
}

static void
test_restart_keeps_everything(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct sync_body s;
	struct envelope env;
	void *reply;
	uint64_t seq = 0, id = 0;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	b = new_entry(&f->a, "重启之前写的", day_today());
	assert_int_equal(put(&f->a, 0, &b, &seq, &id), MSG_LOG_PUT_OK);
	assert_int_equal(harness_server_stop(&f->srv), 0);	/* clean exit on SIGTERM */
	assert_int_equal(harness_server_start(&f->srv), 0);
	/* the session survives the restart too */
	char session[128];
	strlcpy_kh(session, f->a.session, sizeof session);
	harness_client_close(&f->a);
	assert_int_equal(harness_client_open(&f->a, &f->srv), 0);
	s = (struct sync_body){ session, 0, 0, day_today(), 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &s, &reply, &env, 3000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = reply;
	bool found = false;
	for (uint32_t i = 0; i < r->entries_n; i++)
		found |= r->entries[i].id == id && strcmp(r->entries[i].content, "重启之前写的") == 0;
	assert_true(found);
	assert_true(r->seq >= seq);
	codec_body_free(&env, &reply);
	/* the reply memo survives too: the first write's request id (2) replays */
	b = new_entry(&f->a, "重启之后写的", day_today());
	b.session = session;
	uint64_t seq2 = 0, id2 = 0;
	assert_int_equal(put(&f->a, 2, &b, &seq2, &id2), MSG_LOG_PUT_OK);
	assert_int_equal(seq2, seq);
	assert_int_equal(id2, id);
	/* and new writes continue the sequence */
	assert_int_equal(put(&f->a, 1000, &b, &seq2, &id2), MSG_LOG_PUT_OK);
	assert_int_equal(seq2, seq + 1);
}

static void
test_permissions(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;
	struct log_delete_body d;
	uint64_t id = 0;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_login(&f->b, "lisi", "demo123"), 0);
	b = new_entry(&f->a, "只属于张三", day_today());
	assert_int_equal(put(&f->a, 0, &b, NULL, &id), MSG_LOG_PUT_OK);
	/* lisi may not edit or delete it */
	b = new_entry(&f->b, "李四改的", day_today());
	b.entry.id = id;
	b.entry.version = 1;
	assert_int_equal(error_code(&f->b, MSG_LOG_PUT, &b), KH_ERR_DENIED);
	d = (struct log_delete_body){ f->b.session, id, 1 };
	assert_int_equal(error_code(&f->b, MSG_LOG_DELETE, &d), KH_ERR_DENIED);
	/* a made-up session gets nothing */
	b.session = "0000000000000000000000000000000000000000000000000000000000000000";
	assert_int_equal(error_code(&f->b, MSG_LOG_PUT, &b), KH_ERR_SESSION);
	/* a stale version is a conflict; the right one deletes */
	d = (struct log_delete_body){ f->a.session, id, 7 };
	assert_int_equal(error_code(&f->a, MSG_LOG_DELETE, &d), KH_ERR_CONFLICT);
	d.version = 1;
	struct envelope env;
	void *reply;
	assert_int_equal(harness_call(&f->a, MSG_LOG_DELETE, 0, &d, &reply, &env, 3000), MSG_OK);
	codec_body_free(&env, &reply);
	assert_int_equal(error_code(&f->a, MSG_LOG_DELETE, &d), KH_ERR_NOT_FOUND);
}

static void
test_validation(void **state)
{
	struct fixture *f = *state;
	struct log_put_body b;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	b = new_entry(&f->a, "", day_today());
	assert_int_equal(error_code(&f->a, MSG_LOG_PUT, &b), KH_ERR_INVALID);
	b = new_entry(&f->a, "明天的事", day_add(day_today(), 1));
	assert_int_equal(error_code(&f->a, MSG_LOG_PUT, &b), KH_ERR_INVALID);
	b = new_entry(&f->a, "二月三十日", 20260230);
	assert_int_equal(error_code(&f->a, MSG_LOG_PUT, &b), KH_ERR_INVALID);
	b = new_entry(&f->a, "太长的工时", day_today());
	b.entry.minutes = 1440;
	b.entry.overtime = 60;
	assert_int_equal(error_code(&f->a, MSG_LOG_PUT, &b), KH_ERR_INVALID);
}

/* Send one request without waiting for its reply. */
static void
send_only(struct test_client *c, uint32_t type, uint64_t reqid, const void *body)
{
	struct kbuf fr = { 0 };

	codec_encode(type, reqid, body, &fr);
	assert_true(zmq_send(c->dealer, fr.data, fr.len, 0) >= 0);
	kbuf_free(&fr);
}

/* The next reply, an ERROR: its message into msg. */
static void
error_message(struct test_client *c, char *msg, size_t len)
{
	zmq_pollitem_t it = { c->dealer, 0, ZMQ_POLLIN, 0 };
	void *parts[1], *body;
	size_t lens[1];
	int extra;
	struct envelope env;
	struct codec_error err;

	assert_true(zmq_poll(&it, 1, 5000) == 1);
	assert_int_equal(net_recv_parts(c->dealer, 0, parts, lens, 1, &extra), 1);
	assert_int_equal(codec_decode(parts[0], lens[0], &env, &body, &err), 0);
	assert_int_equal(env.type, MSG_ERROR);
	strlcpy_kh(msg, ((struct error_body *)body)->message, len);
	codec_body_free(&env, &body);
	free(parts[0]);
}

/* Each client is answered in the language it logged in with, kept in the
 * session across a restart; a client that gave none, and a request with
 * no session, in the server's own (here C.UTF-8: English).  Two refusals
 * sent together share a batch, each formatted in its client's language. */
static void
test_languages(void **state)
{
	struct fixture *f = *state;
	const char *zh = "不能填写今天以后的日志", *en = "Entries cannot be dated after today";
	const char *old = getenv("LC_ALL");
	char saved[64] = "", msg[512];
	struct test_client c;
	struct log_put_body b;

	if (old != NULL)
		strlcpy_kh(saved, old, sizeof saved);
	assert_int_equal(harness_login_lang(&f->a, "zhangsan", "demo123", "zh_CN"), 0);
	assert_int_equal(harness_login_lang(&f->b, "lisi", "demo123", "en"), 0);
	assert_int_equal(harness_client_open(&c, &f->srv), 0);
	assert_int_equal(harness_login_lang(&c, "wangwu", "demo123", ""), 0);
	/* kaohed in English itself, sessions and all */
	assert_int_equal(harness_server_stop(&f->srv), 0);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_int_equal(harness_server_start(&f->srv), 0);

	b = new_entry(&f->a, "明天的事", day_add(day_today(), 1));
	send_only(&f->a, MSG_LOG_PUT, 1, &b);
	b.session = f->b.session;
	send_only(&f->b, MSG_LOG_PUT, 1, &b);
	error_message(&f->a, msg, sizeof msg);
	assert_string_equal(msg, zh);
	error_message(&f->b, msg, sizeof msg);
	assert_string_equal(msg, en);
	b.session = c.session;
	send_only(&c, MSG_LOG_PUT, 1, &b);
	error_message(&c, msg, sizeof msg);
	assert_string_equal(msg, en);
	/* not logged in: the server's language */
	b.session = "0000000000000000000000000000000000000000000000000000000000000000";
	send_only(&f->a, MSG_LOG_PUT, 2, &b);
	error_message(&f->a, msg, sizeof msg);
	assert_string_equal(msg, "The session has expired: log in again");
	/* a refused login, in the language it asked for */
	struct login_body l = { "nosuch1", "demo123", "t", "en" };
	send_only(&f->b, MSG_LOGIN, 3, &l);
	error_message(&f->b, msg, sizeof msg);
	assert_string_equal(msg, "Wrong login name or password");
	l = (struct login_body){ "nosuch2", "demo123", "t", "zh_CN" };
	send_only(&f->a, MSG_LOGIN, 3, &l);
	error_message(&f->a, msg, sizeof msg);
	assert_string_equal(msg, "用户名或密码错误");

	harness_client_close(&c);
	if (saved[0] != '\0')
		setenv("LC_ALL", saved, 1);
	else
		unsetenv("LC_ALL");
}

/* Garbage never stops the server from serving a well-behaved client. */
static void
test_bad_frames(void **state)
{
	struct fixture *f = *state;
	const unsigned char junk[][8] = {
		{ 0xdd, 0xff, 0xff, 0xff, 0xff },	/* array of 4G elements */
		{ 0xc1 },				/* reserved byte */
		{ 0x94, PROTOCOL_VERSION, 0xcd, 0x01, 0x2c, 0x01, 0x80, 0x00 },	/* trailing byte */
		{ 0x94, PROTOCOL_VERSION, 0xcd, 0x03, 0xe7, 0x01, 0x80 },	/* unknown type 999 */
		{ 0xa3, 0xff, 0xfe, 0xfd },		/* invalid UTF-8 */
	};
	const size_t lens[] = { 5, 1, 8, 7, 4 };
	const int want[] = { KH_ERR_MALFORMED, KH_ERR_MALFORMED, KH_ERR_MALFORMED,
	    KH_ERR_UNKNOWN_TYPE, KH_ERR_MALFORMED };

	for (size_t i = 0; i < nitems(lens); i++) {
		struct codec_error err;
		struct envelope env;
		void *raw, *body;
		size_t len;

		assert_int_equal(harness_raw(&f->a, junk[i], lens[i], &raw, &len, 2000), 0);
		assert_int_equal(codec_decode(raw, len, &env, &body, &err), 0);
		assert_int_equal(env.type, MSG_ERROR);
		assert_int_equal(((struct error_body *)body)->code, want[i]);
		codec_body_free(&env, &body);
		free(raw);
	}
	/* a frame over the size limit is dropped by ZeroMQ; the server lives on */
	size_t big = CODEC_MAX_REQUEST + 1024;
	char *huge = xcalloc(1, big);
	zmq_send(f->b.dealer, huge, big, 0);
	free(huge);
	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
}

static void
test_heartbeat(void **state)
{
	struct fixture *f = *state;
	struct envelope env;
	void *body;
	uint64_t beat;

	assert_int_equal(zmq_setsockopt(f->a.sub, ZMQ_SUBSCRIBE, "hb", 2), 0);
	assert_int_equal(harness_next_update(&f->a, "hb", &body, &env, 3000), MSG_HEARTBEAT);
	beat = ((struct heartbeat_body *)body)->beat;
	assert_true(((struct heartbeat_body *)body)->seq > 0);
	codec_body_free(&env, &body);
	assert_int_equal(harness_next_update(&f->a, "hb", &body, &env, 2000), MSG_HEARTBEAT);
	assert_int_equal(((struct heartbeat_body *)body)->beat, beat + 1);
	codec_body_free(&env, &body);
}

/* Many clients writing at once: every write acknowledged, none lost. */
static void
test_concurrent_writers(void **state)
{
	struct fixture *f = *state;
	enum { CLIENTS = 16, EACH = 10 };
	struct test_client c[CLIENTS];
	uint64_t acked = 0;

	for (int i = 0; i < CLIENTS; i++) {
		assert_int_equal(harness_client_open(&c[i], &f->srv), 0);
		assert_int_equal(harness_login(&c[i], i % 2 ? "zhangsan" : "lisi", "demo123"), 0);
	}
	for (int k = 0; k < EACH; k++) {
		for (int i = 0; i < CLIENTS; i++) {
			struct log_put_body b = new_entry(&c[i], "并发写入", day_today());
			struct kbuf fr = { 0 };
			codec_encode(MSG_LOG_PUT, c[i].next_reqid++, &b, &fr);
			assert_true(zmq_send(c[i].dealer, fr.data, fr.len, 0) >= 0);
			kbuf_free(&fr);
		}
		for (int i = 0; i < CLIENTS; i++) {
			zmq_pollitem_t it = { c[i].dealer, 0, ZMQ_POLLIN, 0 };
			void *parts[1], *body;
			size_t lens[1];
			int extra;
			struct envelope env;
			struct codec_error err;

			assert_true(zmq_poll(&it, 1, 5000) == 1);
			assert_int_equal(net_recv_parts(c[i].dealer, 0, parts, lens, 1, &extra), 1);
			assert_int_equal(codec_decode(parts[0], lens[0], &env, &body, &err), 0);
			acked += env.type == MSG_LOG_PUT_OK;
			codec_body_free(&env, &body);
			free(parts[0]);
		}
	}
	assert_int_equal(acked, CLIENTS * EACH);
	for (int i = 0; i < CLIENTS; i++)
		harness_client_close(&c[i]);
}

/* A monthly record submitted by zhangsan reaches qianfang, his supervising
 * leader, live on her own topic, with her own prev chain; lisi, a colleague,
 * gets nothing; a resync from her last seq returns exactly that change. */
static void
test_record_reaches_reviewer(void **state)
{
	struct fixture *f = *state;
	struct test_client q, l;
	struct envelope env;
	void *body;

	assert_int_equal(harness_login(&f->a, "zhangsan", "demo123"), 0);
	assert_int_equal(harness_client_open(&q, &f->srv), 0);
	assert_int_equal(harness_client_open(&l, &f->srv), 0);
	assert_int_equal(harness_login(&q, "qianfang", "demo123"), 0);
	assert_int_equal(harness_login(&l, "lisi", "demo123"), 0);
	assert_int_equal(harness_subscribe(&q, q.user), 0);
	assert_int_equal(harness_subscribe(&l, l.user), 0);

	/* qianfang's copy is tagged with her topic's seq */
	struct sync_body sb = { q.session, 0, 0, 0, 0 };
	assert_int_equal(harness_call(&q, MSG_SYNC, 0, &sb, &body, &env, 5000), MSG_SYNC_REPLY);
	uint64_t tag = ((struct sync_reply_body *)body)->topic_seq, epoch = ((struct sync_reply_body *)body)->epoch;
	assert_true(((struct sync_reply_body *)body)->docs_n > 0);
	codec_body_free(&env, &body);

	/* zhangsan: four months back has no record in the demo */
	uint32_t m = period_prev(period_prev(period_prev(period_prev(period_of_day(PERIOD_MONTH, day_today())))));
	struct doc_save_body save = { f->a.session, { .kind = DOC_MONTHLY, .period = m } };
	doc_field_set(&save.doc, "duties", "按时完成");
	doc_field_set(&save.doc, "goals", "完成梳理");
	doc_field_set(&save.doc, "plan", "总结");
	assert_int_equal(harness_call(&f->a, MSG_DOC_SAVE, 0, &save, &body, &env, 5000), MSG_DOC_OK);
	schema_free(&doc_desc, &save.doc);
	struct doc_act_body act = { .session = f->a.session, .id = ((struct doc_ok_body *)body)->doc.id,
	    .version = ((struct doc_ok_body *)body)->doc.version, .action = ACT_SUBMIT };
	codec_body_free(&env, &body);
	assert_int_equal(harness_call(&f->a, MSG_DOC_ACT, 0, &act, &body, &env, 5000), MSG_DOC_OK);
	uint64_t submit_seq = ((struct doc_ok_body *)body)->seq;
	codec_body_free(&env, &body);

	/* two changes for qianfang: the draft, then the submission, chained */
	assert_int_equal(harness_next_update(&q, "u", &body, &env, 3000), MSG_UPDATE);
	struct change *c1 = body;
	assert_int_equal(c1->prev, tag);
	uint64_t first = c1->seq;
	assert_int_equal(c1->doc.state, DOC_DRAFT);
	codec_body_free(&env, &body);
	assert_int_equal(harness_next_update(&q, "u", &body, &env, 3000), MSG_UPDATE);
	struct change *c2 = body;
	assert_int_equal(c2->seq, submit_seq);
	assert_int_equal(c2->prev, first);
	assert_int_equal(c2->doc.state, DOC_SUBMITTED);
	assert_int_equal(c2->doc.reviewer, q.user);
	codec_body_free(&env, &body);
	/* lisi sees nothing of it */
	assert_int_equal(harness_next_update(&l, "u", &body, &env, 1000), -1);

	/* a resync from the tag returns both, with qianfang's own prevs */
	sb = (struct sync_body){ q.session, epoch, tag, 0, 0 };
	assert_int_equal(harness_call(&q, MSG_SYNC, 0, &sb, &body, &env, 5000), MSG_SYNC_REPLY);
	struct sync_reply_body *r = body;
	assert_false(r->full);
	assert_int_equal(r->changes_n, 2);
	assert_int_equal(r->changes[0].prev, tag);
	assert_int_equal(r->changes[1].prev, first);
	assert_int_equal(r->topic_seq, submit_seq);
	codec_body_free(&env, &body);
	harness_client_close(&q);
	harness_client_close(&l);
}

/* kaohectl adds an account while kaohed runs; then the admin adds another
 * through the server.  Each keeps its own id: the server does not reuse the
 * one kaohectl took. */
static void
test_kaohectl_beside_server(void **state)
{
	struct fixture *f = *state;
	struct envelope env;
	void *body;
	char cmd[1024];
	uint64_t org_before;

	assert_int_equal(zmq_setsockopt(f->b.sub, ZMQ_SUBSCRIBE, "hb", 2), 0);
	assert_int_equal(harness_next_update(&f->b, "hb", &body, &env, 3000), MSG_HEARTBEAT);
	org_before = ((struct heartbeat_body *)body)->org;
	assert_true(org_before > 0);		/* the demo made an organisation */
	codec_body_free(&env, &body);

	snprintf(cmd, sizeof cmd, "echo extpass1 | %s/kaohectl --db %s user add ext1 --name 外部一 "
	    "--unit 综合科 --role staff --password-stdin >/dev/null", harness_build(), f->srv.db);
	assert_int_equal(system(cmd), 0);
	/* the next heartbeats tell subscribers the organisation changed */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(harness_next_update(&f->b, "hb", &body, &env, 3000), MSG_HEARTBEAT);
		uint64_t org = ((struct heartbeat_body *)body)->org;
		codec_body_free(&env, &body);
		if (org > org_before)
			break;
		assert_true(i < 2);
	}
	assert_int_equal(harness_login(&f->a, "admin", "demo123"), 0);
	struct sync_body sb = { f->a.session, 0, 0, 0, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &sb, &body, &env, 5000), MSG_SYNC_REPLY);
	uint64_t unit = ((struct sync_reply_body *)body)->units[0].id;
	codec_body_free(&env, &body);
	struct user_put_body up = { f->a.session, { .login = "ext2", .display_name = "经服务器",
	    .unit_id = unit, .role = ROLE_STAFF }, "extpass2" };
	assert_int_equal(harness_call(&f->a, MSG_USER_PUT, 0, &up, &body, &env, 5000), MSG_OK);
	codec_body_free(&env, &body);
	/* both log in, each as themselves */
	assert_int_equal(harness_login(&f->b, "ext1", "extpass1"), 0);
	uint64_t id1 = f->b.user;
	assert_int_equal(harness_login(&f->b, "ext2", "extpass2"), 0);
	assert_true(f->b.user != id1);
}

/* The demo's middle managers, scored last quarter under yongqiao-2015: the sheets hold
 * the composites worked out by hand in server/demo-scores.c, ranked; the
 * plan, like its seed, sets no quota, so the admin may publish them. */
static void
test_demo_sheets(void **state)
{
	struct fixture *f = *state;
	struct envelope env;
	void *body;
	uint32_t quarter = period_prev(period_of_day(PERIOD_QUARTER, day_today()));

	assert_int_equal(harness_login(&f->a, "admin", "demo123"), 0);
	struct sheets_body q = { f->a.session, "yongqiao-2015", quarter, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SHEETS, 0, &q, &body, &env, 5000), MSG_SHEETS_REPLY);
	struct sheets_reply_body *r = body;
	assert_int_equal(r->rows_n, 3);
	/* 92.05 吴红 优秀, 88.85 周杰 称职, 79.07 郑丽 基本称职 */
	static const struct { const char *name; uint32_t composite, grade, rank; } want[] = {
		{ "吴红", 9205, 1, 1 }, { "周杰", 8885, 2, 2 }, { "郑丽", 7907, 3, 3 },
	};
	for (int i = 0; i < 3; i++) {
		assert_string_equal(r->rows[i].name, want[i].name);
		assert_int_equal(r->rows[i].composite, want[i].composite);
		assert_int_equal(r->rows[i].grade, want[i].grade);
		assert_int_equal(r->rows[i].rank, want[i].rank);
		assert_true(r->rows[i].complete);
	}
	/* 周杰: two commendations of the same work count once, at +5 */
	assert_int_equal(r->rows[1].bonus, 500);
	assert_int_equal(r->rows[2].penalty, 100);
	for (uint32_t i = 0; i < r->quotas_n; i++)
		assert_int_equal(r->quotas[i].over, 0);
	codec_body_free(&env, &body);

	/* the office is the root unit: the first in a full snapshot */
	struct sync_body sb = { f->a.session, 0, 0, 0, 0 };
	assert_int_equal(harness_call(&f->a, MSG_SYNC, 0, &sb, &body, &env, 5000), MSG_SYNC_REPLY);
	uint64_t office = ((struct sync_reply_body *)body)->units[0].id;
	codec_body_free(&env, &body);
	struct results_publish_body p = { f->a.session, "yongqiao-2015", quarter, office };
	assert_int_equal(harness_call(&f->a, MSG_RESULTS_PUBLISH, 0, &p, &body, &env, 5000), MSG_OK);
	assert_int_equal(((struct ok_body *)body)->count, 3);
	codec_body_free(&env, &body);
	/* published: the scores no longer change */
	assert_int_equal(harness_login(&f->b, "zhaoguo", "demo123"), 0);
	struct score_put_body sp = { f->b.session, "yongqiao-2015", quarter, 0, "principal", 9900 };
	assert_int_equal(harness_call(&f->a, MSG_SHEETS, 0, &q, &body, &env, 5000), MSG_SHEETS_REPLY);
	sp.subject = ((struct sheets_reply_body *)body)->rows[0].subject;
	assert_true(((struct sheets_reply_body *)body)->rows[0].published);
	codec_body_free(&env, &body);
	assert_int_equal(harness_call(&f->b, MSG_SCORE_PUT, 0, &sp, &body, &env, 5000), MSG_ERROR);
	codec_body_free(&env, &body);
}

/* A flood of logins: each gets an answer, those beyond the password queue
 * are told to wait, and the server goes on serving. */
static void
test_login_flood(void **state)
{
	struct fixture *f = *state;
	enum { N = 150 };
	struct login_body b = { "zhangsan", "wrong-password", "flood", "zh_CN" };
	int busy = 0, auth = 0;

	for (int i = 0; i < N; i++) {
		struct kbuf fr = { 0 };
		codec_encode(MSG_LOGIN, (uint64_t)i + 1, &b, &fr);
		assert_true(zmq_send(f->a.dealer, fr.data, fr.len, 0) >= 0);
		kbuf_free(&fr);
	}
	for (int i = 0; i < N; i++) {
		zmq_pollitem_t it = { f->a.dealer, 0, ZMQ_POLLIN, 0 };
		void *parts[1], *body;
		size_t lens[1];
		int extra;
		struct envelope env;
		struct codec_error err;

		assert_true(zmq_poll(&it, 1, 30000) == 1);
		assert_int_equal(net_recv_parts(f->a.dealer, 0, parts, lens, 1, &extra), 1);
		assert_int_equal(codec_decode(parts[0], lens[0], &env, &body, &err), 0);
		assert_int_equal(env.type, MSG_ERROR);
		busy += ((struct error_body *)body)->code == KH_ERR_BUSY;
		auth += ((struct error_body *)body)->code == KH_ERR_AUTH;
		codec_body_free(&env, &body);
		free(parts[0]);
	}
	assert_int_equal(busy + auth, N);
	assert_true(busy > 0);
	assert_true(auth >= 64);
	assert_int_equal(harness_login(&f->b, "lisi", "demo123"), 0);
}

/* The records a reader may see, by the rule of org_may_see applied to every
 * current record (what docop_visible did before its index): the reference
 * the paged snapshot is checked against. */
static uint32_t
visible_by_scan(struct store *st, uint64_t viewer_id, uint64_t **ids)
{
	MDB_txn *txn;
	MDB_cursor *c;
	MDB_val k = { 1, "R" }, v;
	struct user_rec viewer;
	uint32_t n = 0;

	assert_int_equal(store_read_begin(st, &txn), 0);
	assert_int_equal(store_user_get(txn, st, viewer_id, &viewer), 0);
	assert_int_equal(mdb_cursor_open(txn, st->records, &c), 0);
	*ids = NULL;
	for (int rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE);
	    rc == 0 && k.mv_size == 9 && ((char *)k.mv_data)[0] == 'R';
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		struct codec_error err;
		struct user_rec subject;
		struct doc d;

		assert_int_equal(codec_decode_record(&doc_desc, v.mv_data, v.mv_size, &d, &err), 0);
		bool ok = docop_successor(txn, st, d.id) == 0 &&
		    store_user_get(txn, st, d.subject, &subject) == 0;
		if (ok) {
			ok = org_may_see(txn, st, &viewer, &subject);
			schema_free(&user_rec_desc, &subject);
		}
		if (ok && d.kind == DOC_EVALUATION && d.subject == viewer.id &&
		    d.author != viewer.id && d.state == DOC_DRAFT)
			ok = false;
		if (ok) {
			*ids = xrealloc(*ids, (n + 1) * sizeof **ids);
			(*ids)[n++] = d.id;
		}
		schema_free(&doc_desc, &d);
	}
	mdb_cursor_close(c);
	schema_free(&user_rec_desc, &viewer);
	mdb_txn_abort(txn);
	return n;
}

/* A supervising leader with a queue of more records than one page: the
 * snapshot comes in pages, none larger than a client accepts (the harness's
 * sockets drop a frame over CODEC_MAX_FRAME, as the client's do), slim, and
 * together holding every record the leader may see, each once. */
static void
test_sync_pages(void **state)
{
	struct fixture *f = *state;
	char cmd[1024], err[256];
	struct store *st;
	uint64_t *want, *got = NULL, cursor = 0, epoch = 0;
	uint32_t nwant, ngot = 0, pages = 0;
	size_t largest = 0;

	harness_client_close(&f->a);
	harness_client_close(&f->b);
	assert_int_equal(harness_server_stop(&f->srv), 0);
	snprintf(cmd, sizeof cmd, "rm -rf %s && %s/kaohectl gen %s --units 4 --people 400 "
	    "--years 1 --logs 2000 --queue 2500 --quiet >/dev/null", f->srv.db, harness_build(),
	    f->srv.db);
	assert_int_equal(system(cmd), 0);
	f->srv.key[0] = '\0';		/* gen made the database a new key pair */
	assert_int_equal(harness_server_start(&f->srv), 0);
	assert_int_equal(harness_client_open(&f->a, &f->srv), 0);
	assert_int_equal(harness_client_open(&f->b, &f->srv), 0);
	assert_int_equal(harness_login(&f->a, "sup0001", "demo123"), 0);

	assert_int_equal(store_open(&st, f->srv.db, STORE_MUST_EXIST, err, sizeof err), 0);
	nwant = visible_by_scan(st, f->a.user, &want);
	store_close(&st);
	assert_true(nwant > SERVER_SYNC_PAGE_TEST);

	do {
		struct sync_body b = { f->a.session, epoch, 0, 0, cursor };
		struct kbuf fr = { 0 };
		struct envelope env;
		struct codec_error cerr;
		void *reply, *body;
		size_t rlen;

		codec_encode(MSG_SYNC, 900 + pages, &b, &fr);
		assert_int_equal(harness_raw(&f->a, fr.data, fr.len, &reply, &rlen, 10000), 0);
		kbuf_free(&fr);
		assert_true(rlen <= CODEC_MAX_FRAME);
		largest = rlen > largest ? rlen : largest;
		assert_int_equal(codec_decode(reply, rlen, &env, &body, &cerr), 0);
		free(reply);
		assert_int_equal(env.type, MSG_SYNC_REPLY);
		struct sync_reply_body *r = body;
		assert_true(r->full);
		assert_true(r->slim);
		assert_int_equal(r->continued, pages > 0);
		assert_true(r->docs_n <= SERVER_SYNC_PAGE_TEST);
		for (uint32_t i = 0; i < r->docs_n; i++) {
			assert_int_equal(r->docs[i].fields_n, 0);
			got = xrealloc(got, (ngot + 1) * sizeof *got);
			got[ngot++] = r->docs[i].id;
		}
		epoch = r->epoch;
		cursor = r->more ? r->cursor : 0;
		assert_true(!r->more || r->cursor != 0);
		pages++;
		codec_body_free(&env, &body);
	} while (cursor != 0 && pages < 100);
	printf("# %u records in %u pages, largest frame %zu bytes\n", ngot, pages, largest);
	assert_true(pages >= 2);
	assert_int_equal(ngot, nwant);
	for (uint32_t i = 0; i < ngot; i++) {
		assert_int_equal(got[i], want[i]);	/* both by id, each once */
	}

	/* the record opened: HISTORY gives it whole */
	struct history_body h = { f->a.session, got[0] };
	void *body;
	struct envelope env;
	assert_int_equal(harness_call(&f->a, MSG_HISTORY, 0, &h, &body, &env, 5000), MSG_HISTORY_REPLY);
	struct history_reply_body *hr = body;
	assert_true(hr->docs_n >= 1);
	assert_true(hr->docs[hr->docs_n - 1].fields_n > 0);
	codec_body_free(&env, &body);
	free(want);
	free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_login, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_acked_after_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_subscriber_gets_update, setup, teardown),
		cmocka_unit_test_setup_teardown(test_topics_are_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retry_applied_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resync_after_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_restart_keeps_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_languages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frames, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heartbeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_login_flood, setup, teardown),
		cmocka_unit_test_setup_teardown(test_record_reaches_reviewer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kaohectl_beside_server, setup, teardown),
		cmocka_unit_test_setup_teardown(test_demo_sheets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync_pages, setup, teardown),
	};

	return cmocka_run_group_tests_name("server", tests, NULL, NULL);
}
