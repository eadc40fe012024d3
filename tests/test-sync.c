/*
 * test-sync.c: unit tests for client/client-sync.c, the Clone-pattern state
 * machine of the client (daily log entries, and the records of the cycle,
 * units, people and periods), for the model the cycle's screens read
 * (client/client-model.c: who reviews whom, what is due), and for the width
 * helpers of client/client-text.c and the editors of client/client-edit.c
 * and client/client-area.c that the screens are drawn with.
 *
 * Every test plays a sequence of snapshots, updates and heartbeats with
 * made-up times and checks the copy, topic_seq and what the machine asks
 * for next.  Nothing here opens a socket or a terminal.
 */
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
#include "common/domain.h"
#include "common/forms.h"
#include "client/client-area.h"
#include "client/client-edit.h"
#include "client/client-model.h"
#include "client/client-sync.h"
#include "client/client-text.h"
#include "i18n-fixture.h"

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
	assert_int_equal(sync_state(s, 10000 + SYNC_STALE_MS - 1), SYNC_CONNECTED);
	assert_int_equal(sync_state(s, 10000 + SYNC_STALE_MS), SYNC_STALE);
	assert_string_equal(sync_state_name(SYNC_STALE), "连接中断 数据可能过期");
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


/* ---- records of the cycle ---- */

static struct doc
mkdoc(uint64_t id, uint32_t kind, uint64_t subject, uint32_t period, uint32_t state,
    uint64_t version)
{
	struct doc d = {
		.id = id, .kind = kind, .subject = subject, .author = subject,
		.unit_id = 2, .period = period, .state = state, .version = version,
		.due = 20261130,
	};
	return d;
}

static struct change
docput(uint64_t seq, uint64_t prev, struct doc d)
{
	struct change c = {
		.seq = seq, .prev = prev, .epoch = EPOCH, .kind = CHANGE_PUT, .user = 12,
		.doc = d,
	};
	return c;
}

/* A full snapshot of an office: the root (1) and 综合科 (2), supervised by
 * 钱芳 (3); 赵国强 (4) the principal; 张三 (12) and 李四 (13) staff of 综合科;
 * 周杰 (14) its head.  Records: 张三's November record, submitted (id 100),
 * and 李四's, filed (id 101). */
static struct sync *
office(void)
{
	struct sync *s = sync_new(0);
	struct unit_rec units[] = {
		{ .id = 1, .name = "区政务服务管理办公室", .kind = 1 },
		{ .id = 2, .parent = 1, .name = "综合科", .kind = 2, .supervisor = 3 },
	};
	struct person people[] = {
		{ .id = 3, .login = "qianfang", .display_name = "钱芳", .unit_id = 1, .role = ROLE_SUPERVISOR },
		{ .id = 4, .login = "zhaoguo", .display_name = "赵国强", .unit_id = 1, .role = ROLE_PRINCIPAL },
		{ .id = 12, .login = "zhangsan", .display_name = "张三", .unit_id = 2, .role = ROLE_STAFF },
		{ .id = 13, .login = "lisi", .display_name = "李四", .unit_id = 2, .role = ROLE_STAFF },
		{ .id = 14, .login = "zhoujie", .display_name = "周杰", .unit_id = 2, .role = ROLE_DEPT_HEAD },
	};
	struct period_rec periods[] = {
		{ .code = 202611, .first_day = 20261101, .last_day = 20261130, .due = 20261130 },
		{ .code = 202624, .first_day = 20261001, .last_day = 20261231, .due = 20261231 },
	};
	struct doc docs[] = {
		mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_SUBMITTED, 2),
		mkdoc(101, DOC_MONTHLY, 13, 202611, DOC_FILED, 3),
	};
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 20, .topic_seq = 10, .full = true,
		.docs = docs, .docs_n = 2, .units = units, .units_n = 2,
		.people = people, .people_n = 5, .periods = periods, .periods_n = 2,
	};
	uint64_t epoch, since;

	docs[0].reviewer = 3;
	docs[1].reviewer = 3;
	docs[1].reviewed_by = 3;
	sync_request(s, &epoch, &since);
	assert_true(sync_reply(s, &r));
	return s;
}

static void
test_doc_snapshot(void **state)
{
	struct sync *s = office();

	(void)state;
	assert_int_equal(sync_doc_count(s), 2);
	assert_int_equal(sync_unit_count(s), 2);
	assert_int_equal(sync_person_count(s), 5);
	assert_int_equal(sync_period_count(s), 2);
	assert_int_equal(sync_doc_find(s, 100)->state, DOC_SUBMITTED);
	assert_string_equal(sync_person_find(s, 12)->display_name, "张三");
	assert_string_equal(sync_unit_find(s, 2)->name, "综合科");
	assert_int_equal(sync_period_find(s, 202624)->due, 20261231);
	assert_null(sync_doc_find(s, 999));
	/* The tables are sorted by id: periods by code. */
	assert_int_equal(sync_period(s, 0)->code, 202611);
	sync_free(&s);
}

static void
test_doc_apply(void **state)
{
	struct sync *s = office();
	struct doc filed = mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_FILED, 3);
	struct doc stale = mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_SUBMITTED, 2);
	struct doc fresh = mkdoc(102, DOC_EVALUATION, 13, 202624, DOC_DRAFT, 1);
	struct change c1, c2, c3;
	uint64_t gen = sync_generation(s);

	(void)state;
	filed.comment = "工作扎实";
	c1 = docput(11, 10, filed);
	c2 = docput(12, 11, stale);
	c3 = docput(13, 12, fresh);
	assert_int_equal(sync_update(s, &c1), SYNC_APPLIED);
	assert_true(sync_generation(s) > gen);
	assert_int_equal(sync_doc_find(s, 100)->state, DOC_FILED);
	assert_string_equal(sync_doc_find(s, 100)->comment, "工作扎实");
	/* An older version arriving late does not undo the newer. */
	assert_int_equal(sync_update(s, &c2), SYNC_APPLIED);
	assert_int_equal(sync_doc_find(s, 100)->version, 3);
	assert_int_equal(sync_update(s, &c3), SYNC_APPLIED);
	assert_int_equal(sync_doc_count(s), 3);
	assert_int_equal(sync_topic_seq(s), 13);
	/* A log entry change still reaches the log. */
	struct change e = put(14, 13, 5, 20261122, "日志照常", 1);
	assert_int_equal(sync_update(s, &e), SYNC_APPLIED);
	assert_int_equal(sync_count(s), 1);
	assert_int_equal(sync_doc_count(s), 3);
	sync_free(&s);
}

/* A rubric sheet or a notice moves the stamp of its plan and period, which
 * the 党建 screen watches; a notice also moves period 0's, and another
 * plan's stamp stays. */
static void
test_rubric_stamp(void **state)
{
	struct sync *s = synced();
	struct change c = { .seq = 11, .prev = 10, .epoch = EPOCH, .kind = CHANGE_PUT };
	struct change n = { .seq = 12, .prev = 11, .epoch = EPOCH, .kind = CHANGE_PUT };
	uint64_t gen = sync_generation(s);

	(void)state;
	c.rubric.plan = "wenzhou-rubric";
	c.rubric.period = 202640;
	c.rubric.unit_id = 5;
	assert_int_equal(sync_sheet_stamp(s, "wenzhou-rubric", 202640), 0);
	assert_int_equal(sync_update(s, &c), SYNC_APPLIED);
	assert_int_equal(sync_sheet_stamp(s, "wenzhou-rubric", 202640), 1);
	assert_int_equal(sync_sheet_stamp(s, "wenzhou-rubric", 0), 0);
	assert_true(sync_generation(s) > gen);
	n.notice.id = 3;
	n.notice.plan = "wenzhou-rubric";
	n.notice.period = 202640;
	assert_int_equal(sync_update(s, &n), SYNC_APPLIED);
	assert_int_equal(sync_sheet_stamp(s, "wenzhou-rubric", 202640), 2);
	assert_int_equal(sync_sheet_stamp(s, "wenzhou-rubric", 0), 1);
	assert_int_equal(sync_sheet_stamp(s, "yongqiao-2015", 202640), 0);
	/* neither touches the daily log */
	assert_int_equal(sync_count(s), 2);
	sync_free(&s);
}

static void
test_doc_supersede(void **state)
{
	struct sync *s = office();
	struct doc fix = mkdoc(105, DOC_MONTHLY, 13, 202611, DOC_FILED, 4);
	struct change c;

	(void)state;
	fix.supersedes = 101;
	fix.correction_reason = "点评有误";
	c = docput(11, 10, fix);
	assert_int_equal(sync_update(s, &c), SYNC_APPLIED);
	/* The correction takes the place of the record it corrects. */
	assert_null(sync_doc_find(s, 101));
	assert_non_null(sync_doc_find(s, 105));
	assert_int_equal(sync_doc_count(s), 2);
	/* Applied at once from the reply too, without a duplicate. */
	struct doc fix2 = mkdoc(106, DOC_MONTHLY, 13, 202611, DOC_FILED, 5);
	fix2.supersedes = 105;
	assert_true(sync_local_doc(s, &fix2));
	assert_false(sync_local_doc(s, &fix2));
	assert_null(sync_doc_find(s, 105));
	c = docput(12, 11, fix2);
	assert_int_equal(sync_update(s, &c), SYNC_APPLIED);
	assert_int_equal(sync_doc_count(s), 2);
	sync_free(&s);
}

static void
test_org_change_resyncs(void **state)
{
	struct sync *s = office();
	struct change org = { .seq = 11, .prev = 10, .epoch = EPOCH, .kind = CHANGE_PUT, .user = 1, .org = 1 };
	struct change after = docput(12, 11, mkdoc(107, DOC_MONTHLY, 14, 202611, DOC_DRAFT, 1));
	struct unit_rec units[] = {
		{ .id = 1, .name = "区政务服务管理办公室", .kind = 1 },
		{ .id = 2, .parent = 1, .name = "综合科", .kind = 2, .supervisor = 4 },
	};
	struct person people[] = {
		{ .id = 12, .login = "zhangsan", .display_name = "张三", .unit_id = 2, .role = ROLE_DEPT_HEAD },
	};
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 30, .topic_seq = 11, .full = true,
		.units = units, .units_n = 2, .people = people, .people_n = 1,
	};
	uint64_t epoch, since;

	(void)state;
	assert_int_equal(sync_update(s, &org), SYNC_APPLIED);
	assert_int_equal(sync_topic_seq(s), 11);
	/* The organisation comes only with a full snapshot. */
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	assert_int_equal(epoch, 0);
	assert_int_equal(since, 0);
	assert_int_equal(sync_update(s, &after), SYNC_QUEUED);
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	assert_int_equal(sync_unit_find(s, 2)->supervisor, 4);
	assert_int_equal(sync_person_count(s), 1);
	assert_int_equal(sync_person_find(s, 12)->role, ROLE_DEPT_HEAD);
	/* The snapshot had no records; the queued change after it applies. */
	assert_int_equal(sync_doc_count(s), 1);
	assert_non_null(sync_doc_find(s, 107));
	assert_int_equal(sync_topic_seq(s), 12);
	sync_free(&s);
}

/* kaohectl changes the organisation and publishes nothing: the heartbeat's
 * organisation version, newer than the snapshot's, asks for a full resync. */
static void
test_heartbeat_org_resyncs(void **state)
{
	struct sync *s = synced();
	struct heartbeat_body h = beat(EPOCH, 1);
	uint64_t epoch, since;
	struct sync_reply_body r = { .epoch = EPOCH, .seq = 40, .topic_seq = 10, .full = true, .org = 7 };

	struct sync_reply_body since_r = { .epoch = EPOCH, .seq = 30, .topic_seq = 10 };

	(void)state;
	/* the first beat after the snapshot checks for changes since it */
	sync_heartbeat(s, &h, START);
	assert_int_equal(sync_need(s), SYNC_NEED_SINCE);
	sync_request(s, &epoch, &since);
	assert_true(since != 0);
	sync_reply(s, &since_r);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	h = beat(EPOCH, 2);
	h.org = 0;			/* the snapshot's version: nothing to do */
	sync_heartbeat(s, &h, START + 500);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	h = beat(EPOCH, 3);
	h.org = 7;
	sync_heartbeat(s, &h, START + 1000);
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 0);
	assert_true(sync_reply(s, &r));
	/* the same version again asks for nothing */
	h = beat(EPOCH, 4);
	h.org = 7;
	sync_heartbeat(s, &h, START + 2000);
	assert_int_equal(sync_need(s), SYNC_NEED_NONE);
	sync_free(&s);
}

static void
test_doc_queue_replay(void **state)
{
	struct sync *s = sync_new(0);
	struct doc in_snap = mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_SUBMITTED, 2);
	struct doc d1 = mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_DRAFT, 1);
	struct doc d3 = mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_FILED, 3);
	struct change before = docput(20, 0, d1), covered = docput(21, 20, in_snap),
	    next = docput(22, 21, d3);
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 30, .topic_seq = 21, .full = true,
		.docs = &in_snap, .docs_n = 1,
	};
	uint64_t epoch, since;

	(void)state;
	assert_int_equal(sync_update(s, &before), SYNC_QUEUED);
	sync_request(s, &epoch, &since);
	assert_int_equal(sync_update(s, &covered), SYNC_QUEUED);
	assert_int_equal(sync_update(s, &next), SYNC_QUEUED);
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_queued(s), 0);
	assert_int_equal(sync_topic_seq(s), 22);
	assert_int_equal(sync_doc_find(s, 100)->state, DOC_FILED);
	assert_int_equal(sync_doc_find(s, 100)->version, 3);
	sync_free(&s);
}

static void
test_doc_incremental(void **state)
{
	struct sync *s = office();
	struct change cs[] = {
		docput(11, 10, mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_RETURNED, 3)),
		{ .seq = 12, .prev = 11, .epoch = EPOCH, .kind = CHANGE_PUT, .user = 1, .org = 1 },
	};
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 12, .topic_seq = 12, .changes = cs, .changes_n = 2,
	};
	struct heartbeat_body h = beat(EPOCH, 7);
	uint64_t epoch, since;

	(void)state;
	sync_heartbeat(s, &h, 1000);
	sync_request(s, &epoch, &since);
	assert_int_equal(since, 10);
	assert_true(sync_reply(s, &r));
	assert_int_equal(sync_doc_find(s, 100)->state, DOC_RETURNED);
	assert_int_equal(sync_topic_seq(s), 12);
	/* An organisation change among the changes asks for a snapshot. */
	assert_int_equal(sync_need(s), SYNC_NEED_FULL);
	sync_free(&s);
}

static void
test_reset_forgets_docs(void **state)
{
	struct sync *s = office();

	(void)state;
	sync_reset(s, 0);
	assert_int_equal(sync_doc_count(s), 0);
	assert_int_equal(sync_person_count(s), 0);
	assert_int_equal(sync_unit_count(s), 0);
	assert_int_equal(sync_period_count(s), 0);
	sync_free(&s);
}

/* ---- the model: who reviews whom, what waits ---- */

static void
test_model_reviewers(void **state)
{
	struct sync *s = office();
	struct model m;

	(void)state;
	memset(&m, 0, sizeof m);
	assert_true(model_refresh(&m, s, 12, 20261122));
	assert_false(model_refresh(&m, s, 12, 20261122));	/* nothing changed */
	/* Staff go to their department's supervisor; a supervisor to the
	 * principal; the principal to nobody. */
	assert_int_equal(model_reviewer_of(&m, sync_person_find(s, 12)), 3);
	assert_int_equal(model_reviewer_of(&m, sync_person_find(s, 14)), 3);
	assert_int_equal(model_reviewer_of(&m, sync_person_find(s, 3)), 4);
	assert_int_equal(model_reviewer_of(&m, sync_person_find(s, 4)), 0);
	assert_string_equal(model_name(&m, 13), "李四");
	assert_string_equal(model_name(&m, 77), "—");
	assert_int_equal(model_doc_of(&m, 12, DOC_MONTHLY, 202611)->id, 100);
	assert_null(model_doc_of(&m, 12, DOC_MONTHLY, 202610));
	assert_int_equal(model_due(&m, 202611), 20261130);
	/* Outside the snapshot: the last weekday. 2026-10-31 is a Saturday. */
	assert_int_equal(model_due(&m, 202610), 20261030);
	model_free(&m);
	sync_free(&s);
}

static void
test_model_todo(void **state)
{
	struct sync *s = office();
	struct model m;
	unsigned kinds[TODO_NKINDS] = { 0 };
	char line[128];

	(void)state;
	memset(&m, 0, sizeof m);
	/* 钱芳: 张三's submitted record to file; the evaluations of the
	 * quarter nobody has started (张三, 李四, 周杰; none for herself); her
	 * own monthly records of September to November, not written. */
	model_refresh(&m, s, 3, 20261122);
	for (size_t i = 0; i < m.ntodo; i++)
		kinds[m.todo[i].kind]++;
	assert_int_equal(kinds[TODO_REVIEW], 1);
	assert_int_equal(kinds[TODO_SIGN], 3);
	assert_int_equal(m.count[TODO_SIGN], 3);
	assert_int_equal(m.count[TODO_MONTH], 3);
	assert_int_equal(m.ntodo, 7);
	/* By deadline: September's record (2026-09-30) first. */
	assert_int_equal(m.todo[0].kind, TODO_MONTH);
	assert_int_equal(m.todo[0].period, 202609);
	for (size_t i = 1; i < m.ntodo; i++)
		assert_true(m.todo[i - 1].due <= m.todo[i].due);
	assert_int_equal(m.overdue, 2);

	/* A day after November's deadline: 张三's record, and her October
	 * and November records are overdue. */
	model_refresh(&m, s, 3, 20261201);
	assert_int_equal(m.overdue, 3);

	/* 张三 after his record came back: it waits for him, and this
	 * month's (December) record is due. */
	struct change c = docput(11, 10, mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_RETURNED, 3));
	sync_update(s, &c);
	model_refresh(&m, s, 12, 20261122);
	assert_int_equal(m.count[TODO_RETURNED], 1);
	assert_int_equal(m.count[TODO_REVIEW], 0);
	model_summary(&m, false, line, sizeof line);
	assert_non_null(strstr(line, "退回 1"));

	/* 周杰 heads 综合科: two summaries to write this quarter. */
	model_refresh(&m, s, 14, 20261122);
	assert_int_equal(m.count[TODO_SUMMARY], 2);
	model_free(&m);
	sync_free(&s);
}

static void
test_model_locked(void **state)
{
	struct sync *s = office();
	struct model m;
	struct change org = { .seq = 11, .prev = 10, .epoch = EPOCH, .kind = CHANGE_PUT, .org = 1 };
	struct person people[] = {
		{ .id = 3, .display_name = "钱芳", .unit_id = 1, .role = ROLE_SUPERVISOR },
		{ .id = 12, .display_name = "张三", .unit_id = 2, .role = ROLE_STAFF },
	};
	struct unit_rec units[] = { { .id = 2, .name = "综合科", .kind = 2, .supervisor = 3 } };
	struct period_rec periods[] = {
		{ .code = 202611, .due = 20261130, .locked = true, .locked_by = 1 },
	};
	struct doc docs[] = { mkdoc(100, DOC_MONTHLY, 12, 202611, DOC_SUBMITTED, 2) };
	struct sync_reply_body r = {
		.epoch = EPOCH, .seq = 30, .topic_seq = 11, .full = true, .docs = docs, .docs_n = 1,
		.units = units, .units_n = 1, .people = people, .people_n = 2,
		.periods = periods, .periods_n = 1,
	};
	uint64_t epoch, since;

	(void)state;
	docs[0].reviewer = 3;
	memset(&m, 0, sizeof m);
	model_refresh(&m, s, 3, 20261122);
	assert_int_equal(m.count[TODO_REVIEW], 1);
	/* The admin closes November: the record can no longer be filed. */
	sync_update(s, &org);
	sync_request(s, &epoch, &since);
	sync_reply(s, &r);
	assert_true(model_locked(&m, 202611));
	assert_false(model_locked(&m, 202612));
	model_refresh(&m, s, 3, 20261122);
	assert_int_equal(m.count[TODO_REVIEW], 0);
	model_free(&m);
	sync_free(&s);
}

static void
test_model_many(void **state)
{
	struct sync *s = office();
	struct doc *docs = calloc(500, sizeof *docs);
	struct sync_reply_body r;
	struct model m;
	uint64_t epoch, since;

	(void)state;
	/* 500 submitted records for 钱芳: the list is built once, sorted. */
	for (int i = 0; i < 500; i++) {
		docs[i] = mkdoc(1000 + (uint64_t)i, DOC_MONTHLY, 12 + (uint64_t)(i % 2), 200001 + (uint32_t)(i % 12) + (uint32_t)(i / 12) * 100,
		    DOC_SUBMITTED, 2);
		docs[i].reviewer = 3;
		docs[i].due = 20000101 + (uint32_t)(499 - i);
	}
	struct person people[] = {
		{ .id = 3, .display_name = "钱芳", .unit_id = 1, .role = ROLE_SUPERVISOR },
		{ .id = 12, .display_name = "张三", .unit_id = 2, .role = ROLE_STAFF },
		{ .id = 13, .display_name = "李四", .unit_id = 2, .role = ROLE_STAFF },
	};
	memset(&r, 0, sizeof r);
	r.epoch = EPOCH;
	r.topic_seq = 50;
	r.full = true;
	r.docs = docs;
	r.docs_n = 500;
	r.people = people;
	r.people_n = 3;
	sync_want(s, SYNC_NEED_FULL);
	sync_request(s, &epoch, &since);
	sync_reply(s, &r);
	memset(&m, 0, sizeof m);
	model_refresh(&m, s, 3, 20261122);
	assert_int_equal(m.count[TODO_REVIEW], 500);
	for (size_t i = 1; i < m.ntodo; i++)
		assert_true(m.todo[i - 1].due <= m.todo[i].due);
	assert_int_equal(model_doc_of(&m, 13, DOC_MONTHLY, 200002)->id, 1001);
	model_free(&m);
	free(docs);
	sync_free(&s);
}

/* ---- the multi-line editor ---- */

static void
test_area(void **state)
{
	struct area a;
	wchar_t *w;
	char *s;

	(void)state;
	area_init(&a, 100);
	a.width = 6;
	/* Six columns hold three Chinese characters a line. */
	area_set(&a, "一二三四五六七");
	assert_int_equal(area_lines(&a, 6), 3);
	a.cursor = 1;
	assert_int_equal(area_key(&a, true, KEY_DOWN), EDIT_MOVED);
	assert_int_equal(a.cursor, 4);
	assert_int_equal(area_key(&a, true, KEY_DOWN), EDIT_MOVED);
	assert_int_equal(a.cursor, 7);	/* the last line is shorter */
	/* ↓ on the last line is left to the caller. */
	assert_int_equal(area_key(&a, true, KEY_DOWN), EDIT_IGNORED);
	assert_int_equal(area_key(&a, true, KEY_HOME), EDIT_MOVED);
	assert_int_equal(a.cursor, 6);
	/* Line breaks are kept; Enter makes one. */
	area_set(&a, "甲\n乙");
	assert_int_equal(area_lines(&a, 6), 2);
	a.cursor = a.len;
	area_key(&a, false, '\r');
	area_key(&a, false, L'丙');
	s = area_get(&a);
	assert_string_equal(s, "甲\n乙\n丙");
	free(s);
	assert_false(area_blank(&a));
	area_set(&a, " \n\u3000");
	assert_true(area_blank(&a));
	/* A full last line gets a line for the cursor after it. */
	area_set(&a, "一二三");
	assert_int_equal(area_lines(&a, 6), 2);
	/* A closing mark does not start a line. */
	area_set(&a, "一二三。");
	assert_int_equal(area_lines(&a, 6), 2);
	w = a.buf;
	assert_true(w[3] == L'。');
	/* The bound holds. */
	a.max = 4;
	a.cursor = a.len;
	assert_int_equal(area_key(&a, false, L'多'), EDIT_FULL);
	area_free(&a);
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
		cmocka_unit_test(test_doc_snapshot),
		cmocka_unit_test(test_doc_apply),
		cmocka_unit_test(test_doc_supersede),
		cmocka_unit_test(test_rubric_stamp),
		cmocka_unit_test(test_org_change_resyncs),
		cmocka_unit_test(test_heartbeat_org_resyncs),
		cmocka_unit_test(test_doc_queue_replay),
		cmocka_unit_test(test_doc_incremental),
		cmocka_unit_test(test_reset_forgets_docs),
		cmocka_unit_test(test_model_reviewers),
		cmocka_unit_test(test_model_todo),
		cmocka_unit_test(test_model_locked),
		cmocka_unit_test(test_model_many),
		cmocka_unit_test(test_area),
	};

	/* The expectations are the Chinese of po/zh_CN.po; the widths come
	 * from wcwidth(), which the UTF-8 locale gives too. */
	test_i18n_chinese();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
