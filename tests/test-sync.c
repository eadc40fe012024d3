/*
 * test-sync.c: unit tests for client/client-sync.c, the Clone-pattern state
 * machine of the client, and for the width helpers of client/client-text.c
 * and the editor of client/client-edit.c that the log screen is drawn with.
 *
 * Every test plays a sequence of snapshots, updates and heartbeats with
 * made-up times and checks the copy, topic_seq and what the machine asks
 * for next.  Nothing here opens a socket or a terminal.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curses.h>

#include "common/schema.h"
#include "common/util.h"
#include "client/client-edit.h"
#include "client/client-sync.h"
#include "client/client-text.h"

#define EPOCH	7340123391ULL
#define START	1795096000000ULL

static struct log_entry
entry(uint64_t id, uint32_t date, const char *content, uint64_t version)
{
	struct log_entry e = {
		.id = id, .owner = 12, .date = date, .content = (char *)content,
		.minutes = 60, .category = 1, .version = version,
	};
	return e;
}

static struct change
put(uint64_t seq, uint64_t prev, uint64_t id, uint32_t date, const char *content,
    uint64_t version)
{
	struct change c = {
		.seq = seq, .prev = prev, .epoch = EPOCH, .kind = CHANGE_PUT,
		.user = 12, .entry = entry(id, date, content, version),
	};
	return c;
}

static struct change
del(uint64_t seq, uint64_t prev, uint64_t id, uint32_t date)
{
	struct change c = put(seq, prev, id, date, NULL, 2);

	c.kind = CHANGE_DELETE;
	return c;
}

static struct heartbeat_body
beat(uint64_t epoch, uint64_t n)
{
	struct heartbeat_body h = {
		.epoch = epoch, .seq = 900, .beat = n, .server_start = START,
		.time = START + n * 1000,
	};
	return h;
}

/* Send the first SYNC and answer it with a snapshot of two entries tagged
 * topic_seq 10. */
static struct sync *
synced(void)
{
	struct sync *s = sync_new(0);
	struct log_entry es[] = {
		entry(1, 20261121, "起草年度工作总结", 1),
		entry(2, 20261122, "参加党组会议", 1),
	};
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 20, .topic_seq = 10, .full = true,
		.entries = es, .entries_n = 2,
	};
	uint64_t epoch, since;

	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	assert_int_equal(epoch, 0);
	assert_int_equal(since, 0);
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	return s;
}

static void
test_snapshot_sorted(void **state)
{
	struct sync *s = synced();

	(void)state;
	assert_true(sync_has_copy(s));
	assert_int_equal(sync_epoch(s), EPOCH);
	assert_int_equal(sync_topic_seq(s), 10);
	assert_int_equal(sync_count(s), 2);
	/* Newest day first. */
	assert_int_equal(sync_entry(s, 0)->id, 2);
	assert_int_equal(sync_entry(s, 1)->id, 1);
	assert_string_equal(sync_entry(s, 1)->content, "起草年度工作总结");
	sync_free(&s);
	assert_null(s);
	sync_free(&s);		/* twice is safe */
}

static void
test_apply_in_order(void **state)
{
	struct sync *s = synced();
	struct change c1 = put(11, 10, 3, 20261122, "调研基层党建", 1);
	struct change c2 = put(12, 11, 1, 20261121, "修改年度工作总结", 2);
	struct change c3 = del(15, 12, 2, 20261122);

	(void)state;
	assert_int_equal(sync_update(s, &c1), SYNC_APPLIED);
	assert_int_equal(sync_update(s, &c2), SYNC_APPLIED);
	assert_int_equal(sync_update(s, &c3), SYNC_APPLIED);
	assert_int_equal(sync_topic_seq(s), 15);
	assert_int_equal(sync_count(s), 2);
	assert_int_equal(sync_entry(s, 0)->id, 3);
	assert_string_equal(sync_find(s, 1)->content, "修改年度工作总结");
	assert_int_equal(sync_find(s, 1)->version, 2);
	assert_null(sync_find(s, 2));
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	sync_free(&s);
}

static void
test_same_day_sorted_by_id(void **state)
{
	struct sync *s = synced();
	struct change c1 = put(11, 10, 9, 20261122, "九", 1);
	struct change c2 = put(12, 11, 5, 20261122, "五", 1);

	(void)state;
	assert_int_equal(sync_update(s, &c1), SYNC_APPLIED);
	assert_int_equal(sync_update(s, &c2), SYNC_APPLIED);
	assert_int_equal(sync_entry(s, 0)->id, 2);
	assert_int_equal(sync_entry(s, 1)->id, 5);
	assert_int_equal(sync_entry(s, 2)->id, 9);
	assert_int_equal(sync_entry(s, 3)->id, 1);
	sync_free(&s);
}

static void
test_drop_duplicates(void **state)
{
	struct sync *s = synced();
	struct change old = put(9, 4, 1, 20261121, "旧的", 1);
	struct change tag = put(10, 4, 1, 20261121, "快照里已有", 1);
	struct change c1 = put(11, 10, 3, 20261122, "新的", 1);

	(void)state;
	assert_int_equal(sync_update(s, &old), SYNC_DROPPED);
	assert_int_equal(sync_update(s, &tag), SYNC_DROPPED);
	assert_int_equal(sync_update(s, &c1), SYNC_APPLIED);
	assert_int_equal(sync_update(s, &c1), SYNC_DROPPED);
	assert_int_equal(sync_topic_seq(s), 11);
	assert_string_equal(sync_find(s, 1)->content, "起草年度工作总结");
	assert_int_equal(sync_count(s), 3);
	sync_free(&s);
}

static void
test_gap_needs_resync(void **state)
{
	struct sync *s = synced();
	struct change c1 = put(11, 10, 3, 20261122, "a", 1);
	struct change lost = put(12, 11, 4, 20261122, "lost", 1);
	struct change c3 = put(13, 12, 5, 20261122, "c", 1);
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 13, .topic_seq = 13, .full = false,
		.changes = &lost, .changes_n = 1,
	};
	uint64_t epoch, since;

	(void)state;
	assert_int_equal(sync_update(s, &c1), SYNC_APPLIED);
	/* 12 never arrives; 13 says its prev is 12. */
	assert_int_equal(sync_update(s, &c3), SYNC_GAP);
	assert_int_equal(sync_topic_seq(s), 11);
	assert_null(sync_find(s, 5));
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	sync_request(s, &epoch, &since);
	assert_int_equal(epoch, EPOCH);
	assert_int_equal(since, 11);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	/* The reply brings 12; queued 13 is then applied on top. */
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_topic_seq(s), 13);
	assert_non_null(sync_find(s, 4));
	assert_int_equal(sync_queued(s), 0);
	sync_free(&s);
}

static void
test_queue_during_sync(void **state)
{
	struct sync *s = sync_new(0);
	struct log_entry es[] = { entry(1, 20261120, "快照", 1) };
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 30, .topic_seq = 21, .full = true,
		.entries = es, .entries_n = 1,
	};
	struct change early = put(20, 0, 1, 20261120, "快照之前", 1);
	struct change same = put(21, 20, 1, 20261120, "快照", 1);
	struct change after1 = put(22, 21, 2, 20261121, "快照之后一", 1);
	struct change after2 = put(25, 22, 3, 20261122, "快照之后二", 1);
	uint64_t epoch, since;

	(void)state;
	/* Subscribed before the SYNC: what arrives first is queued. */
	assert_int_equal(sync_update(s, &early), SYNC_QUEUED);
	sync_request(s, &epoch, &since);
	assert_true(sync_in_flight(s));
	assert_int_equal(sync_update(s, &same), SYNC_QUEUED);
	assert_int_equal(sync_update(s, &after1), SYNC_QUEUED);
	assert_int_equal(sync_update(s, &after2), SYNC_QUEUED);
	assert_int_equal(sync_queued(s), 4);
	assert_int_equal(sync_count(s), 0);
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_queued(s), 0);
	assert_int_equal(sync_topic_seq(s), 25);
	assert_int_equal(sync_count(s), 3);
	assert_string_equal(sync_find(s, 1)->content, "快照");
	assert_string_equal(sync_find(s, 3)->content, "快照之后二");
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	sync_free(&s);
}

static void
test_queue_gap_after_reply(void **state)
{
	struct sync *s = sync_new(0);
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 30, .topic_seq = 21, .full = true,
	};
	struct change far = put(27, 26, 2, 20261121, "缺了前一条", 1);
	uint64_t epoch, since;

	(void)state;
	sync_request(s, &epoch, &since);
	assert_int_equal(sync_update(s, &far), SYNC_QUEUED);
	sync_reply(s, &r);
	assert_int_equal(sync_topic_seq(s), 21);
	assert_null(sync_find(s, 2));
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	assert_int_equal(sync_queued(s), 1);
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 21);
	sync_free(&s);
}

static void
test_sync_failed_retries(void **state)
{
	struct sync *s = sync_new(0);
	uint64_t epoch, since;

	(void)state;
	sync_request(s, &epoch, &since);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	sync_failed(s);
	assert_false(sync_in_flight(s));
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_free(&s);
}

static void
test_epoch_change_heartbeat(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h1 = beat(EPOCH, 100), h2 = beat(EPOCH + 1, 101);
	uint64_t epoch, since;

	(void)state;
	assert_int_equal(sync_heartbeat(s, &h1, 1000), SYNC_BEAT_FIRST);
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);	/* first beat after start */
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 10);
	sync_failed(s);
	assert_int_equal(sync_heartbeat(s, &h2, 2000), SYNC_BEAT_EPOCH);
	/* The copy is thrown away and a full resync from 0 asked for. */
	assert_false(sync_has_copy(s));
	assert_int_equal(sync_count(s), 0);
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	assert_int_equal(epoch, 0);
	assert_int_equal(since, 0);
	sync_free(&s);
}

static void
test_epoch_change_update(void **state)
{
	struct sync *s = synced();
	struct change c = put(3, 0, 8, 20261122, "新库", 1);
	struct log_entry es[] = { entry(8, 20261122, "新库", 1) };
	struct sync_reply_body r = {
		.epoch = EPOCH + 1, .seq = 3, .topic_seq = 3, .full = true,
		.entries = es, .entries_n = 1,
	};
	uint64_t epoch, since;

	(void)state;
	c.epoch = EPOCH + 1;
	assert_int_equal(sync_update(s, &c), SYNC_EPOCH);
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 0);
	sync_reply(s, &r);
	assert_int_equal(sync_epoch(s), EPOCH + 1);
	assert_int_equal(sync_count(s), 1);
	assert_int_equal(sync_topic_seq(s), 3);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	sync_free(&s);
}

static void
test_skipped_beat(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h;
	uint64_t epoch, since;

	(void)state;
	h = beat(EPOCH, 100);
	sync_heartbeat(s, &h, 1000);
	sync_request(s, &epoch, &since);
	struct sync_reply_body none = { .epoch = EPOCH, .seq = 20, .topic_seq = 10 };
	sync_reply(s, &none);
	h = beat(EPOCH, 101);
	assert_int_equal(sync_heartbeat(s, &h, 2000), SYNC_BEAT_OK);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	h = beat(EPOCH, 103);		/* 102 was lost */
	assert_int_equal(sync_heartbeat(s, &h, 3000), SYNC_BEAT_SKIPPED);
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	sync_request(s, &epoch, &since);
	assert_int_equal(epoch, EPOCH);
	assert_int_equal(since, 10);
	assert_true(sync_has_copy(s));
	sync_free(&s);
}

static void
test_server_restart(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h = beat(EPOCH, 100);

	(void)state;
	sync_heartbeat(s, &h, 1000);
	sync_want(s, SYNC_NEED_NONE);
	uint64_t e, since;
	sync_request(s, &e, &since);
	sync_failed(s);
	sync_request(s, &e, &since);
	struct sync_reply_body none = { .epoch = EPOCH, .seq = 20, .topic_seq = 10 };
	sync_reply(s, &none);
	h = beat(EPOCH, 1);
	h.server_start = START + 5000;
	assert_int_equal(sync_heartbeat(s, &h, 1500), SYNC_BEAT_RESTARTED);
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	sync_free(&s);
}

static void
test_stale_and_recovery(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h = beat(EPOCH, 100);
	struct sync_reply_body none = { .epoch = EPOCH, .seq = 20, .topic_seq = 10 };
	uint64_t epoch, since;

	(void)state;
	assert_int_equal(sync_state(s, 0), SYNC_RECONNECTING);
	sync_heartbeat(s, &h, 10000);
	sync_request(s, &epoch, &since);
	sync_reply(s, &none);
	assert_int_equal(sync_state(s, 10000), SYNC_CONNECTED);
	assert_int_equal(sync_state(s, 12999), SYNC_CONNECTED);
	assert_int_equal(sync_state(s, 13000), SYNC_STALE);
	assert_string_equal(sync_state_name(SYNC_STALE), "数据可能过期");
	/* The copy is kept while stale. */
	assert_int_equal(sync_count(s), 2);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	h = beat(EPOCH, 101);
	assert_int_equal(sync_heartbeat(s, &h, 20000), SYNC_BEAT_RECOVERED);
	assert_int_equal(sync_state(s, 20000), SYNC_CONNECTED);
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 10);
	sync_free(&s);
}

static void
test_reconnect(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h = beat(EPOCH, 100);

	(void)state;
	sync_heartbeat(s, &h, 1000);
	assert_int_equal(sync_state(s, 1500), SYNC_CONNECTED);
	sync_reconnect(s, 1600);
	assert_int_equal(sync_state(s, 1700), SYNC_RECONNECTING);
	assert_string_equal(sync_state_name(SYNC_RECONNECTING), "重新连接中");
	h = beat(EPOCH, 101);
	assert_int_equal(sync_heartbeat(s, &h, 1800), SYNC_BEAT_FIRST);
	assert_int_equal(sync_state(s, 1800), SYNC_CONNECTED);
	sync_free(&s);
}

static void
test_local_write(void **state)
{
	struct sync *s = synced();
	struct log_entry mine = entry(7, 20261122, "自己的写入", 1);
	struct log_entry newer = entry(1, 20261121, "本地第二版", 2);
	struct change old = put(11, 10, 1, 20261121, "流里的第一版", 1);

	(void)state;
	assert_true(sync_local(s, &mine, false));
	assert_false(sync_local(s, &mine, false));	/* same version */
	assert_true(sync_local(s, &newer, false));
	/* An older version still on its way does not undo the newer one. */
	assert_int_equal(sync_update(s, &old), SYNC_APPLIED);
	assert_string_equal(sync_find(s, 1)->content, "本地第二版");
	assert_true(sync_local(s, &mine, true));
	assert_null(sync_find(s, 7));
	sync_free(&s);
}

static void
test_reset(void **state)
{
	struct sync *s = synced();

	(void)state;
	sync_reset(s, 0);
	assert_false(sync_has_copy(s));
	assert_int_equal(sync_count(s), 0);
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_free(&s);
}

static void
test_text_width(void **state)
{
	char out[64];

	(void)state;
	assert_int_equal(text_width("abc"), 3);
	assert_int_equal(text_width("测试日志"), 8);
	assert_int_equal(text_width("a测b"), 4);
	/* Never split a double-width character. */
	assert_int_equal(text_fit("测试日志", 5, false, false, out, sizeof out), 4);
	assert_string_equal(out, "测试");
	assert_int_equal(text_fit("测试日志", 5, true, false, out, sizeof out), 5);
	assert_string_equal(out, "测试 ");
	assert_int_equal(text_fit("测试日志一条", 8, true, true, out, sizeof out), 8);
	assert_string_equal(out, "测试日..");
	assert_int_equal(text_fit("短", 6, true, true, out, sizeof out), 6);
	assert_string_equal(out, "短    ");
	/* Control characters are drawn as '?'. */
	assert_int_equal(text_fit("a\tb", 3, false, false, out, sizeof out), 3);
	assert_string_equal(out, "a?b");
	/* Invalid UTF-8 becomes one replacement character. */
	assert_int_equal(text_width("\xe6\xb5"), 1);
}

static void
test_edit(void **state)
{
	struct edit e;
	wchar_t view[16];
	char *s;
	int cur;

	(void)state;
	edit_init(&e, 5);
	edit_key(&e, false, L'测');
	edit_key(&e, false, L'试');
	edit_key(&e, true, KEY_LEFT);
	edit_key(&e, false, L'a');
	s = edit_get(&e);
	assert_string_equal(s, "测a试");
	free(s);
	edit_key(&e, true, KEY_HOME);
	edit_key(&e, true, KEY_DC);
	edit_key(&e, true, KEY_END);
	edit_key(&e, true, KEY_BACKSPACE);
	s = edit_get(&e);
	assert_string_equal(s, "a");
	free(s);
	edit_set(&e, "一二三四五六");
	assert_int_equal(e.len, 5);
	assert_int_equal(edit_key(&e, false, L'x'), EDIT_FULL);
	/* Five double-width characters in six columns: the view scrolls so the
	 * cursor at the end is visible and no character is cut. */
	cur = edit_view(&e, 6, view, nitems(view));
	assert_int_equal(wcslen(view), 4);
	assert_true(wcscmp(view, L"四五  ") == 0);
	assert_int_equal(cur, 4);
	edit_key(&e, true, KEY_HOME);
	cur = edit_view(&e, 6, view, nitems(view));
	assert_true(wcscmp(view, L"一二三") == 0);
	assert_int_equal(cur, 0);
	edit_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_sorted),
		cmocka_unit_test(test_apply_in_order),
		cmocka_unit_test(test_same_day_sorted_by_id),
		cmocka_unit_test(test_drop_duplicates),
		cmocka_unit_test(test_gap_needs_resync),
		cmocka_unit_test(test_queue_during_sync),
		cmocka_unit_test(test_queue_gap_after_reply),
		cmocka_unit_test(test_sync_failed_retries),
		cmocka_unit_test(test_epoch_change_heartbeat),
		cmocka_unit_test(test_epoch_change_update),
		cmocka_unit_test(test_skipped_beat),
		cmocka_unit_test(test_server_restart),
		cmocka_unit_test(test_stale_and_recovery),
		cmocka_unit_test(test_reconnect),
		cmocka_unit_test(test_local_write),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_text_width),
		cmocka_unit_test(test_edit),
	};

	/* Widths come from wcwidth(), which needs a UTF-8 locale. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "zh_CN.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
