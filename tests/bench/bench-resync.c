/*
 * bench-resync.c: what does it cost to bring a client back after a gap?
 *
 * A private kaohed on a demo database.  The watcher, zhangsan, takes a full
 * snapshot (SYNC since 0) and notes its topic seq, as a client does at
 * start.  Then K changes happen on its topic (LOG_PUTs by zhangsan from
 * another connection); the watcher's SUB socket receives their UPDATEs,
 * whose bytes are counted as what it missed, but the watcher acts as if
 * they were lost: it sends SYNC since the noted seq, and the bytes of the
 * SYNC_REPLY are counted.  Both sides count the msgpack frame only (an
 * UPDATE's topic frame is left out, which favours the updates).
 *
 * resync_bytes is the ratio at K = 100 (the goal is that a resync costs no
 * more than twice what was missed); K = 1, 10 and 1000 are shown too, and
 * 1001, where the server sends a full snapshot instead (SERVER_CHANGES_MAX).
 *
 *   bench-resync
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "common/domain.h"
#include "common/net.h"
#include "common/util.h"
#include "tests/bench/bench.h"
#include "tests/harness.h"

static const char *text = "起草第四季度考核工作方案，征求各科室意见并修改完善";

struct resync {
	size_t	 missed;	/* bytes of the K UPDATE frames */
	size_t	 reply;		/* bytes of the SYNC_REPLY frame */
	bool	 full;		/* the server sent a snapshot */
};

/* SYNC as a client sends it; the reply's bytes, and its topic seq. */
static size_t
sync_bytes(struct test_client *c, uint64_t epoch, uint64_t since, uint64_t *topic_seq,
    uint64_t *epoch_out, bool *full)
{
	struct sync_body b = { .session = c->session, .epoch = epoch, .since = since,
	    .from_date = 19700101 };
	struct kbuf f = { 0 };
	struct envelope env;
	struct codec_error err;
	void *reply, *body;
	size_t rlen;

	codec_encode(MSG_SYNC, c->next_reqid++, &b, &f);
	if (harness_raw(c, f.data, f.len, &reply, &rlen, 10000) != 0)
		fatal("no SYNC_REPLY in 10 s");
	kbuf_free(&f);
	if (codec_decode(reply, rlen, &env, &body, &err) != 0 || env.type != MSG_SYNC_REPLY)
		fatal("SYNC was not answered with SYNC_REPLY");
	const struct sync_reply_body *r = body;
	*topic_seq = r->topic_seq;
	*epoch_out = r->epoch;
	*full = r->full;
	codec_body_free(&env, &body);
	free(reply);
	return rlen;
}

static void
put(struct test_client *w)
{
	struct log_put_body b;
	void *reply;
	struct envelope env;

	memset(&b, 0, sizeof b);
	b.session = w->session;
	b.entry.date = day_today();
	b.entry.content = (char *)text;
	b.entry.minutes = 30;
	b.entry.category = CAT_DUTY;
	if (harness_call(w, MSG_LOG_PUT, 0, &b, &reply, &env, 10000) != MSG_LOG_PUT_OK)
		fatal("a LOG_PUT was refused");
	codec_body_free(&env, &reply);
}

/* The UPDATE frames of the next k changes on the watcher's topic. */
static size_t
missed_bytes(struct test_client *c, uint32_t k)
{
	char topic[32];
	size_t bytes = 0;
	uint32_t got = 0;
	uint64_t end = mono_us() + 20000000;

	net_user_topic(c->user, topic, sizeof topic);
	while (got < k) {
		void *parts[2];
		size_t lens[2];
		int extra, n;
		zmq_pollitem_t it = { c->sub, 0, ZMQ_POLLIN, 0 };

		if (mono_us() > end || zmq_poll(&it, 1, 1000) < 0)
			fatal("%u of %u updates arrived", got, k);
		if (!(it.revents & ZMQ_POLLIN))
			continue;
		n = net_recv_parts(c->sub, 0, parts, lens, 2, &extra);
		if (n == 2 && strcmp(parts[0], topic) == 0) {
			bytes += lens[1];
			got++;
		}
		net_free_parts(parts, n > 0 ? n : 0);
	}
	return bytes;
}

static void
one(struct test_client *watch, struct test_client *writer, uint32_t k, struct resync *r)
{
	uint64_t seq, epoch, seq2, epoch2;
	bool full;

	sync_bytes(watch, 0, 0, &seq, &epoch, &full);
	for (uint32_t i = 0; i < k; i++)
		put(writer);
	r->missed = missed_bytes(watch, k);
	r->reply = sync_bytes(watch, epoch, seq, &seq2, &epoch2, &r->full);
	if (seq2 < seq + k)
		fatal("the topic moved %llu, not %u", (unsigned long long)(seq2 - seq), k);
}

int
main(void)
{
	static const uint32_t ks[] = { 1, 10, 100, 1000, 1001 };
	struct test_server srv;
	struct test_client watch, writer;
	struct resync at100 = { 0 };
	uint64_t seq, epoch;
	bool full;

	if (harness_server_init(&srv) != 0 || harness_server_start(&srv) != 0)
		fatal("cannot start kaohed on a demo database");
	if (harness_client_open(&watch, &srv) != 0 || harness_login(&watch, "zhangsan", "demo123") != 0 ||
	    harness_subscribe(&watch, watch.user) != 0 ||
	    harness_client_open(&writer, &srv) != 0 || harness_login(&writer, "zhangsan", "demo123") != 0)
		fatal("cannot log in as zhangsan");
	size_t snapshot = sync_bytes(&watch, 0, 0, &seq, &epoch, &full);
	printf("# resync: a full snapshot for zhangsan is %zu bytes\n", snapshot);
	for (size_t i = 0; i < nitems(ks); i++) {
		struct resync r;

		one(&watch, &writer, ks[i], &r);
		printf("# resync after %u missed updates (%zu bytes): %s of %zu bytes, ratio %.2f\n",
		    ks[i], r.missed, r.full ? "a full snapshot" : "the changes", r.reply,
		    (double)r.reply / (double)r.missed);
		if (ks[i] == 100)
			at100 = r;
	}
	bench_target("resync_bytes", (double)at100.reply, (double)at100.missed, false, 2);
	harness_client_close(&watch);
	harness_client_close(&writer);
	harness_server_stop(&srv);
	harness_server_cleanup(&srv);
	return 0;
}
