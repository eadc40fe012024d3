/*
 * test-codec.c: unit tests for the table-driven codec (common/codec.c), the
 * hostile-bytes walk that runs before it (common/wire-check.c) and the
 * generic copy and free of common/schema.c.
 *
 * (The walk itself has its tests in test-wire-check.c.)
 *
 * Round trips fill every field of every message from its descriptor with
 * values that are not zero, Chinese strings included; the refusals feed
 * bytes made by hand or with msgpack-c's packer, the way a hostile peer
 * would.  Run under ASan, the truncation and refusal tests also show that a
 * refused frame leaks nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <msgpack.h>

#include "common/codec.h"
#include "common/schema.h"
#include "common/util.h"
#include "common/version.h"

#include "codec-fixtures.h"

/* ---- encoding and round trips ---- */

/* The bytes on the wire are msgpack as docs/protocol.md shows them, not
 * whatever the codec happens to agree with itself on. */
static void
test_golden_bytes(void **state)
{
	static const unsigned char ok[] = {
		0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x07, 0x81, 0xa3, 's', 'e', 'q', 0x05,
	};
	/* [PROTOCOL_VERSION, 202, 9, {"session": "令牌"}] */
	static const unsigned char logout[] = {
		0x94, PROTOCOL_VERSION, 0xcc, 0xca, 0x09, 0x81,
		0xa7, 's', 'e', 's', 's', 'i', 'o', 'n',
		0xa6, 0xe4, 0xbb, 0xa4, 0xe7, 0x89, 0x8c,
	};
	struct ok_body body = { .seq = 5 };
	struct kbuf kb = { 0 };
	struct envelope env;
	struct codec_error err;
	void *out = NULL;

	(void)state;
	codec_encode(MSG_OK, 7, &body, &kb);
	assert_int_equal(kb.len, sizeof ok);
	assert_memory_equal(kb.data, ok, sizeof ok);
	kbuf_free(&kb);

	assert_int_equal(codec_decode(logout, sizeof logout, &env, &out, &err), 0);
	assert_int_equal(env.protocol, PROTOCOL_VERSION);
	assert_int_equal(env.type, MSG_LOGOUT);
	assert_int_equal(env.reqid, 9);
	assert_ptr_equal(env.msg, schema_message(MSG_LOGOUT));
	assert_string_equal(((struct session_body *)out)->session, "令牌");
	codec_body_free(&env, &out);
	assert_null(out);
	codec_body_free(&env, &out);	/* twice is safe */

	/* Integers need not come in their shortest form: 5 as uint64 and
	 * as int8 are both 5. */
	assert_int_equal(codec_decode(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0xd0, 0x07, 0x81,
	    0xa3, 's', 'e', 'q', 0xcf, 0, 0, 0, 0, 0, 0, 0, 0x05), &env, &out, &err), 0);
	assert_int_equal(env.reqid, 7);
	assert_int_equal(((struct ok_body *)out)->seq, 5);
	codec_body_free(&env, &out);
}

static void
test_schema_tables(void **state)
{
	(void)state;
	/* every MESSAGE line of schema/kaohe.def, and no code twice */
	size_t declared = 0;
#define RECORD(name, doc)
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#define MESSAGE(code, NAME, body, doc) declared++;
#include "schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE
	assert_int_equal(schema_nmessages, declared);
	for (size_t i = 0; i < schema_nmessages; i++)
		for (size_t j = 0; j < i; j++)
			assert_int_not_equal(schema_messages[i].code, schema_messages[j].code);
	for (size_t i = 0; i < schema_nmessages; i++) {
		assert_ptr_equal(schema_message(schema_messages[i].code), &schema_messages[i]);
		assert_non_null(schema_messages[i].body);
	}
	assert_null(schema_message(0));
	assert_null(schema_message(999));
	assert_ptr_equal(schema_message(MSG_SYNC_REPLY)->body, &sync_reply_body_desc);
	assert_string_equal(kh_err_name(KH_ERR_VERSION), "version");
	assert_string_equal(kh_err_name(KH_ERR_TOO_LARGE), "too_large");
	assert_string_equal(kh_err_name(-1), "unknown");
	assert_string_equal(kh_err_name(99), "unknown");
}

/* Every message type: encode, decode, compare field by field, and encode
 * again to the same bytes. */
static void
test_roundtrip_every_message(void **state)
{
	(void)state;
	for (size_t i = 0; i < schema_nmessages; i++) {
		const struct message_desc *m = &schema_messages[i];
		uint64_t reqid = 0x100000000ull + i * 977;
		void *in = xcalloc(1, m->body->size), *out = NULL;
		struct kbuf kb = { 0 }, again = { 0 };
		struct envelope env;
		struct codec_error err;

		fill_sample(m->body, in, (unsigned)i + 1);
		codec_encode(m->code, reqid, in, &kb);
		if (codec_decode(kb.data, kb.len, &env, &out, &err) != 0)
			fail_msg("%s: %s", m->name, err.message);
		assert_int_equal(env.protocol, PROTOCOL_VERSION);
		assert_int_equal(env.type, m->code);
		assert_int_equal(env.reqid, reqid);
		assert_ptr_equal(env.msg, m);
		assert_same_record(m->body, in, out);
		codec_encode(m->code, reqid, out, &again);
		assert_int_equal(again.len, kb.len);
		assert_memory_equal(again.data, kb.data, kb.len);

		codec_body_free(&env, &out);
		schema_free(m->body, in);
		free(in);
		kbuf_free(&kb);
		kbuf_free(&again);
	}
}

static struct log_entry
entry(uint64_t id, uint32_t date, const char *content, uint32_t minutes)
{
	struct log_entry e = {
		.id = id, .owner = 12, .date = date, .content = (char *)content,
		.minutes = minutes, .overtime = 90, .category = 1,
		.updated_at = 1795000000000ull, .version = 3,
	};
	return e;
}

/* A snapshot reply with nested REC and LIST fields, checked by hand. */
static void
test_roundtrip_sync_reply(void **state)
{
	struct log_entry es[] = {
		entry(302, 20261122, "参加党组会议", 120),
		entry(301, 20261121, "起草年度工作总结，修改三稿", 480),
	};
	struct change cs[] = {
		{ .seq = 881, .prev = 871, .epoch = 7340123391ull, .kind = CHANGE_PUT,
		  .user = 12, .entry = entry(303, 20261120, "到乡镇调研", 240) },
		{ .seq = 882, .prev = 881, .epoch = 7340123391ull, .kind = CHANGE_DELETE,
		  .user = 12, .entry = { .id = 299, .owner = 12, .date = 20261119, .version = 4 } },
	};
	struct sync_reply_body r = {
		.epoch = 7340123391ull, .seq = 882, .topic_seq = 882, .full = true,
		.truncated = true, .entries = es, .entries_n = 2, .changes = cs, .changes_n = 2,
	};
	struct sync_reply_body *d;
	struct kbuf kb = { 0 };
	struct envelope env;
	struct codec_error err;
	void *out = NULL;

	(void)state;
	codec_encode(MSG_SYNC_REPLY, 42, &r, &kb);
	assert_int_equal(codec_decode(kb.data, kb.len, &env, &out, &err), 0);
	d = out;
	assert_int_equal(env.type, MSG_SYNC_REPLY);
	assert_int_equal(d->epoch, 7340123391ull);
	assert_int_equal(d->topic_seq, 882);
	assert_true(d->full);
	assert_true(d->truncated);
	assert_int_equal(d->entries_n, 2);
	assert_int_equal(d->entries[0].id, 302);
	assert_string_equal(d->entries[0].content, "参加党组会议");
	assert_string_equal(d->entries[1].content, "起草年度工作总结，修改三稿");
	assert_int_equal(d->entries[1].minutes, 480);
	assert_int_equal(d->entries[1].overtime, 90);
	assert_int_equal(d->entries[1].updated_at, 1795000000000ull);
	assert_int_equal(d->changes_n, 2);
	assert_int_equal(d->changes[0].prev, 871);
	assert_int_equal(d->changes[0].kind, CHANGE_PUT);
	assert_string_equal(d->changes[0].entry.content, "到乡镇调研");
	assert_int_equal(d->changes[0].entry.date, 20261120);
	assert_int_equal(d->changes[1].kind, CHANGE_DELETE);
	assert_int_equal(d->changes[1].entry.version, 4);
	/* A NULL string goes out as "" and comes back as "", not NULL. */
	assert_non_null(d->changes[1].entry.content);
	assert_string_equal(d->changes[1].entry.content, "");
	assert_ptr_not_equal(d->entries[0].content, es[0].content);
	codec_body_free(&env, &out);
	kbuf_free(&kb);
}

/* Stored records are the body map alone. */
static void
test_record_roundtrip(void **state)
{
	struct user_rec u = {
		.id = 12, .login = "zhangsan", .display_name = "张三", .unit_id = 3,
		.role = 7, .pwhash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA",
		.disabled = true, .created_at = 1795000000000ull,
	};
	struct user_rec back;
	struct codec_error err;
	struct kbuf kb = { 0 };

	(void)state;
	codec_encode_record(&user_rec_desc, &u, &kb);
	assert_int_equal((unsigned char)kb.data[0], 0x88);	/* a map of 8 */
	assert_int_equal(codec_decode_record(&user_rec_desc, kb.data, kb.len, &back, &err), 0);
	assert_same_record(&user_rec_desc, &u, &back);
	assert_string_equal(back.display_name, "张三");
	assert_true(back.disabled);
	schema_free(&user_rec_desc, &back);

	/* A frame is not a record, and a record takes no trailing bytes. */
	kbuf_append(&kb, "\x00", 1);
	assert_int_equal(record_rc(&user_rec_desc, kb.data, kb.len, &err), KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&user_rec_desc, B(0x94, 1, 1, 1, 0x80), &err), KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&user_rec_desc, B(0xc0), &err), KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&user_rec_desc, "", 0, &err), KH_ERR_MALFORMED);
	kbuf_free(&kb);

	/* Every record, filled from its descriptor. */
	for (size_t i = 0; i < nall_records; i++) {
		const struct record_desc *d = all_records[i];
		void *in = xcalloc(1, d->size), *out = xcalloc(1, d->size);
		struct kbuf again = { 0 };

		fill_sample(d, in, (unsigned)i + 100);
		codec_encode_record(d, in, &kb);
		if (codec_decode_record(d, kb.data, kb.len, out, &err) != 0)
			fail_msg("%s: %s", d->name, err.message);
		assert_same_record(d, in, out);
		codec_encode_record(d, out, &again);
		assert_int_equal(again.len, kb.len);
		assert_memory_equal(again.data, kb.data, kb.len);
		schema_free(d, in);
		schema_free(d, out);
		free(in);
		free(out);
		kbuf_free(&kb);
		kbuf_free(&again);
	}
}

/* schema_copy is deep: the copy shares no pointer with the original and
 * outlives it; schema_free zeroes and is safe on a zeroed record. */
static void
test_copy_free(void **state)
{
	struct sync_reply_body src, dst, zero;

	(void)state;
	memset(&zero, 0, sizeof zero);
	fill_sample(&sync_reply_body_desc, &src, 5);
	free(src.entries[0].content);
	src.entries[0].content = xstrdup("修改年度工作总结");
	schema_copy(&sync_reply_body_desc, &dst, &src);
	assert_same_record(&sync_reply_body_desc, &src, &dst);
	assert_ptr_not_equal(dst.entries, src.entries);
	assert_ptr_not_equal(dst.changes, src.changes);
	for (uint32_t j = 0; j < src.entries_n; j++)
		assert_ptr_not_equal(dst.entries[j].content, src.entries[j].content);
	for (uint32_t j = 0; j < src.changes_n; j++)
		assert_ptr_not_equal(dst.changes[j].entry.content, src.changes[j].entry.content);

	/* Scribble over the original: the copy does not change. */
	src.entries[0].content[0] = 'X';
	src.changes[0].entry.minutes = 1;
	assert_string_equal(dst.entries[0].content, "修改年度工作总结");
	assert_int_not_equal(dst.changes[0].entry.minutes, 1);

	schema_free(&sync_reply_body_desc, &src);
	assert_memory_equal(&src, &zero, sizeof src);
	schema_free(&sync_reply_body_desc, &src);	/* zeroed: safe */
	assert_string_equal(dst.entries[0].content, "修改年度工作总结");

	/* A copy of a copy outlives the copy; then a NULL string. */
	struct sync_reply_body third;
	schema_copy(&sync_reply_body_desc, &third, &dst);
	schema_free(&sync_reply_body_desc, &dst);
	assert_true(third.entries_n >= 2 && third.changes_n >= 2);
	assert_string_equal(third.entries[0].content, "修改年度工作总结");
	assert_non_null(third.changes[third.changes_n - 1].entry.content);
	schema_free(&sync_reply_body_desc, &third);

	struct log_entry e = { .id = 1, .content = NULL }, ec;
	schema_copy(&log_entry_desc, &ec, &e);
	assert_null(ec.content);
	assert_int_equal(ec.id, 1);
	schema_free(&log_entry_desc, &ec);

	/* An array of records with their strings goes in one call (ASan
	 * sees a leak otherwise); NULL is fine. */
	struct change *arr = xcalloc(3, sizeof *arr);
	for (unsigned j = 0; j < 3; j++)
		fill_sample(&change_desc, &arr[j], j);
	schema_free_array(&change_desc, arr, 3);
	schema_free_array(&change_desc, NULL, 3);
}

/* A field that is not sent decodes as zero, and a string as "", never NULL,
 * in every record and in records nested in them. */
static void
test_missing_fields(void **state)
{
	struct codec_error err;
	struct envelope env;
	void *out = NULL;

	(void)state;
	for (size_t i = 0; i < nall_records; i++) {
		const struct record_desc *d = all_records[i];
		void *rec = xcalloc(1, d->size);

		assert_int_equal(codec_decode_record(d, B(0x80), rec, &err), 0);
		assert_zero_record(d, rec);
		schema_free(d, rec);
		free(rec);
	}
	for (size_t i = 0; i < schema_nmessages; i++) {
		struct frame f;

		frame_init(&f);
		frame_env(&f, PROTOCOL_VERSION, schema_messages[i].code, 3, 0);
		assert_int_equal(codec_decode(f.kb.data, f.kb.len, &env, &out, &err), 0);
		assert_zero_record(schema_messages[i].body, out);
		codec_body_free(&env, &out);
		kbuf_free(&f.kb);
	}

	/* Some fields sent, others not, inside a nested record and a list. */
	struct frame f;
	frame_init(&f);
	frame_env(&f, PROTOCOL_VERSION, MSG_SYNC_REPLY, 4, 2);
	pack_cstr(&f.pk, "seq");
	msgpack_pack_uint64(&f.pk, 17);
	pack_cstr(&f.pk, "changes");
	msgpack_pack_array(&f.pk, 2);
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, "entry");
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, "minutes");
	msgpack_pack_uint32(&f.pk, 30);
	msgpack_pack_map(&f.pk, 0);
	assert_int_equal(codec_decode(f.kb.data, f.kb.len, &env, &out, &err), 0);
	struct sync_reply_body *r = out;
	assert_int_equal(r->seq, 17);
	assert_int_equal(r->epoch, 0);
	assert_int_equal(r->entries_n, 0);
	assert_int_equal(r->changes_n, 2);
	assert_int_equal(r->changes[0].entry.minutes, 30);
	assert_string_equal(r->changes[0].entry.content, "");
	assert_int_equal(r->changes[1].seq, 0);
	assert_string_equal(r->changes[1].entry.content, "");
	codec_body_free(&env, &out);
	kbuf_free(&f.kb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden_bytes),
		cmocka_unit_test(test_schema_tables),
		cmocka_unit_test(test_roundtrip_every_message),
		cmocka_unit_test(test_roundtrip_sync_reply),
		cmocka_unit_test(test_record_roundtrip),
		cmocka_unit_test(test_copy_free),
		cmocka_unit_test(test_missing_fields),
	};

	return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
