/*
 * test-codec.c: unit tests for the table-driven codec (common/codec.c), the
 * hostile-bytes walk that runs before it (common/wire-check.c) and the
 * generic copy and free of common/schema.c.
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

/* Every record of schema/kaohe.def, message bodies or not. */
static const struct record_desc *const all_records[] = {
#define RECORD(name, doc)		&name##_desc,
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#define MESSAGE(code, NAME, body, doc)
#include "schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE
};

/* Hand-made bytes: B(0x91, 0x01) expands to a pointer and a length. */
#define B(...) (const unsigned char[]){ __VA_ARGS__ }, \
	sizeof((const unsigned char[]){ __VA_ARGS__ })

/* ---- helpers: packing by hand ---- */

struct frame {
	struct kbuf	 kb;
	msgpack_packer	 pk;
};

static int
kb_write(void *data, const char *buf, size_t len)
{
	kbuf_append(data, buf, len);
	return 0;
}

static void
frame_init(struct frame *f)
{
	memset(&f->kb, 0, sizeof f->kb);
	msgpack_packer_init(&f->pk, &f->kb, kb_write);
}

static void
pack_cstr(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str(pk, strlen(s));
	msgpack_pack_str_body(pk, s, strlen(s));
}

/* [protocol, type, reqid, {... nkeys pairs follow}] */
static void
frame_env(struct frame *f, uint64_t protocol, uint64_t type, uint64_t reqid, size_t nkeys)
{
	msgpack_pack_array(&f->pk, 4);
	msgpack_pack_uint64(&f->pk, protocol);
	msgpack_pack_uint64(&f->pk, type);
	msgpack_pack_uint64(&f->pk, reqid);
	msgpack_pack_map(&f->pk, nkeys);
}

/* Decode a frame; returns KH_OK or the error code, freeing whatever was
 * decoded.  env and err are filled for the caller to look at. */
static int
decode_rc(const void *data, size_t len, struct envelope *env, struct codec_error *err)
{
	void *body = (void *)1;

	memset(err, 0, sizeof *err);
	if (codec_decode(data, len, env, &body, err) != 0) {
		assert_null(body);
		assert_int_not_equal(err->code, KH_OK);
		assert_true(err->message[0] != '\0');
		return err->code;
	}
	assert_non_null(body);
	assert_non_null(env->msg);
	codec_body_free(env, &body);
	assert_null(body);
	return KH_OK;
}

static int
frame_rc(struct frame *f, struct envelope *env, struct codec_error *err)
{
	return decode_rc(f->kb.data, f->kb.len, env, err);
}

/* Decode a record; returns KH_OK or the error code, freeing the record. */
static int
record_rc(const struct record_desc *d, const void *data, size_t len, struct codec_error *err)
{
	void *rec = xcalloc(1, d->size);
	int rc;

	memset(err, 0, sizeof *err);
	if (codec_decode_record(d, data, len, rec, err) == 0) {
		rc = KH_OK;
	} else {
		rc = err->code;
		assert_int_not_equal(rc, KH_OK);
		/* A failed decode leaves the record zeroed. */
		for (size_t i = 0; i < d->size; i++)
			assert_int_equal(((unsigned char *)rec)[i], 0);
	}
	schema_free(d, rec);
	free(rec);
	return rc;
}

/* wire_check on hand-made bytes; the reason is set exactly on failure. */
static int
wire_rc(const unsigned char *p, size_t len)
{
	const char *why = NULL;
	int rc = wire_check(p, len, &why);

	if (rc != 0)
		assert_non_null(why);
	return rc;
}

/* ---- helpers: records filled from their descriptors ---- */

static const char *const words[] = {
	"起草年度工作总结", "参加党组会议", "综合科", "张三",
	"到基层调研 3 天", "学习培训：新《条例》", "pc-17",
};

/* Fill every field with a value that is not zero and differs with seed:
 * bounded integers near their bound, unbounded ones small or huge, Chinese
 * strings, two or three elements per list. */
static void
fill_sample(const struct record_desc *d, void *rec, unsigned seed)
{
	char *base = rec;

	memset(rec, 0, d->size);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		void *p = base + f->offset;
		unsigned s = seed * 31 + (unsigned)i;

		switch (f->type) {
		case FT_U32: {
			uint64_t max = f->max != 0 ? f->max : UINT32_MAX;

			*(uint32_t *)p = (uint32_t)(max > 7 ? max - s % 7 : 1 + s % max);
			break;
		}
		case FT_U64: {
			uint64_t max = f->max != 0 ? f->max : UINT64_MAX;

			*(uint64_t *)p = s % 3 == 0 ? s + 1 : max - s;
			break;
		}
		case FT_BOOL:
			*(bool *)p = s % 2 == 0;
			break;
		case FT_STR: {
			char buf[64];

			snprintf(buf, sizeof buf, "%s %u", words[s % nitems(words)], s);
			*(char **)p = xstrdup(buf);
			break;
		}
		case FT_REC:
			fill_sample(f->elem, p, s + 1);
			break;
		case FT_LIST: {
			uint32_t n = 2 + s % 2;
			char *items = xcalloc(n, f->elem->size);

			for (uint32_t j = 0; j < n; j++)
				fill_sample(f->elem, items + j * f->elem->size, s * 7 + j);
			*(char **)p = items;
			*(uint32_t *)(base + f->count_offset) = n;
			break;
		}
		}
	}
}

static void
assert_same_record(const struct record_desc *d, const void *a, const void *b)
{
	const char *x = a, *y = b;

	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		const void *p = x + f->offset, *q = y + f->offset;

		switch (f->type) {
		case FT_U32:
			assert_int_equal(*(const uint32_t *)p, *(const uint32_t *)q);
			break;
		case FT_U64:
			assert_int_equal(*(const uint64_t *)p, *(const uint64_t *)q);
			break;
		case FT_BOOL:
			assert_int_equal(*(const bool *)p, *(const bool *)q);
			break;
		case FT_STR:
			assert_non_null(*(char *const *)p);
			assert_non_null(*(char *const *)q);
			assert_string_equal(*(char *const *)p, *(char *const *)q);
			break;
		case FT_REC:
			assert_same_record(f->elem, p, q);
			break;
		case FT_LIST: {
			uint32_t n = *(const uint32_t *)(x + f->count_offset);
			const char *pi = *(char *const *)p, *qi = *(char *const *)q;

			assert_int_equal(n, *(const uint32_t *)(y + f->count_offset));
			for (uint32_t j = 0; j < n; j++)
				assert_same_record(f->elem, pi + j * f->elem->size,
				    qi + j * f->elem->size);
			break;
		}
		}
	}
}

/* A record as a decode leaves it when no field was sent: zeroes, "" for
 * every string (never NULL), no list. */
static void
assert_zero_record(const struct record_desc *d, const void *rec)
{
	const char *base = rec;

	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		const void *p = base + f->offset;

		switch (f->type) {
		case FT_U32:
			assert_int_equal(*(const uint32_t *)p, 0);
			break;
		case FT_U64:
			assert_int_equal(*(const uint64_t *)p, 0);
			break;
		case FT_BOOL:
			assert_false(*(const bool *)p);
			break;
		case FT_STR:
			assert_non_null(*(char *const *)p);
			assert_string_equal(*(char *const *)p, "");
			break;
		case FT_REC:
			assert_zero_record(f->elem, p);
			break;
		case FT_LIST:
			assert_null(*(char *const *)p);
			assert_int_equal(*(const uint32_t *)(base + f->count_offset), 0);
			break;
		}
	}
}

/* ---- encoding and round trips ---- */

/* The bytes on the wire are msgpack as docs/protocol.md shows them, not
 * whatever the codec happens to agree with itself on. */
static void
test_golden_bytes(void **state)
{
	static const unsigned char ok[] = {
		0x94, 0x01, 0xcc, 0xcb, 0x07, 0x81, 0xa3, 's', 'e', 'q', 0x05,
	};
	/* [1, 202, 9, {"session": "令牌"}] */
	static const unsigned char logout[] = {
		0x94, 0x01, 0xcc, 0xca, 0x09, 0x81,
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
	assert_int_equal(env.protocol, 1);
	assert_int_equal(env.type, MSG_LOGOUT);
	assert_int_equal(env.reqid, 9);
	assert_ptr_equal(env.msg, schema_message(MSG_LOGOUT));
	assert_string_equal(((struct session_body *)out)->session, "令牌");
	codec_body_free(&env, &out);
	assert_null(out);
	codec_body_free(&env, &out);	/* twice is safe */

	/* Integers need not come in their shortest form: 5 as uint64 and
	 * as int8 are both 5. */
	assert_int_equal(codec_decode(B(0x94, 0x01, 0xcc, 0xcb, 0xd0, 0x07, 0x81,
	    0xa3, 's', 'e', 'q', 0xcf, 0, 0, 0, 0, 0, 0, 0, 0x05), &env, &out, &err), 0);
	assert_int_equal(env.reqid, 7);
	assert_int_equal(((struct ok_body *)out)->seq, 5);
	codec_body_free(&env, &out);
}

static void
test_schema_tables(void **state)
{
	(void)state;
	assert_int_equal(schema_nmessages, 12);
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
		.id = 12, .login = "zhangsan", .display_name = "张三", .unit = "综合科",
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
	for (size_t i = 0; i < nitems(all_records); i++) {
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
	for (size_t i = 0; i < nitems(all_records); i++) {
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
		frame_env(&f, 1, schema_messages[i].code, 3, 0);
		assert_int_equal(codec_decode(f.kb.data, f.kb.len, &env, &out, &err), 0);
		assert_zero_record(schema_messages[i].body, out);
		codec_body_free(&env, &out);
		kbuf_free(&f.kb);
	}

	/* Some fields sent, others not, inside a nested record and a list. */
	struct frame f;
	frame_init(&f);
	frame_env(&f, 1, MSG_SYNC_REPLY, 4, 2);
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

/* ---- the hostile-bytes walk ---- */

static void
test_wire_lengths(void **state)
{
	(void)state;
	/* Declared counts and lengths larger than the bytes left. */
	assert_int_equal(wire_rc(B(0xdd, 0xff, 0xff, 0xff, 0xff)), -1);
	assert_int_equal(wire_rc(B(0xdd, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02)), -1);
	assert_int_equal(wire_rc(B(0xdf, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02)), -1);
	assert_int_equal(wire_rc(B(0xdb, 0xff, 0xff, 0xff, 0xff, 'a', 'b')), -1);
	assert_int_equal(wire_rc(B(0xdc, 0x00, 0x64, 0x01, 0x02, 0x03)), -1);
	assert_int_equal(wire_rc(B(0xde, 0x00, 0x03, 0x01, 0x02, 0x03, 0x04, 0x05)), -1);
	assert_int_equal(wire_rc(B(0xda, 0x01, 0x00, 'a', 'b', 'c')), -1);
	assert_int_equal(wire_rc(B(0xd9, 0x04, 'a', 'b', 'c')), -1);
	assert_int_equal(wire_rc(B(0xa4, 'a', 'b', 'c')), -1);
	assert_int_equal(wire_rc(B(0xc4, 0x04, 'a', 'b', 'c')), -1);
	assert_int_equal(wire_rc(B(0xc5, 0xff, 0xff, 'a')), -1);
	assert_int_equal(wire_rc(B(0xc6, 0xff, 0xff, 0xff, 0xff, 'a')), -1);
	assert_int_equal(wire_rc(B(0x93, 0x01, 0x02)), -1);
	assert_int_equal(wire_rc(B(0x82, 0x01, 0x02, 0x03)), -1);
	/* Headers cut short. */
	assert_int_equal(wire_rc(B(0xdc, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xcf, 0x00, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xcb, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xd9)), -1);
	/* The same shapes when the bytes are there. */
	assert_int_equal(wire_rc(B(0xdc, 0x00, 0x03, 0x01, 0x02, 0x03)), 0);
	assert_int_equal(wire_rc(B(0xde, 0x00, 0x02, 0x01, 0x02, 0x03, 0x04)), 0);
	assert_int_equal(wire_rc(B(0xdd, 0x00, 0x00, 0x00, 0x01, 0xc0)), 0);
	assert_int_equal(wire_rc(B(0xdf, 0x00, 0x00, 0x00, 0x01, 0xc2, 0xc3)), 0);
	assert_int_equal(wire_rc(B(0xdb, 0x00, 0x00, 0x00, 0x02, 'a', 'b')), 0);
	assert_int_equal(wire_rc(B(0xd9, 0x03, 'a', 'b', 'c')), 0);
	assert_int_equal(wire_rc(B(0xc4, 0x03, 0xff, 0x00, 0xc1)), 0);	/* bin is opaque */
	assert_int_equal(wire_rc(B(0x93, 0x01, 0x02, 0x03)), 0);
	assert_int_equal(wire_rc(B(0x81, 0xa0, 0xcb, 0, 0, 0, 0, 0, 0, 0, 0)), 0);
	assert_int_equal(wire_rc(B(0xd3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), 0);
}

/* Nesting: CODEC_MAX_DEPTH arrays inside each other pass, one more does not. */
static void
test_wire_depth(void **state)
{
	unsigned char buf[CODEC_MAX_DEPTH + 8];
	size_t n;

	(void)state;
	for (n = 0; n < CODEC_MAX_DEPTH - 1; n++)
		buf[n] = 0x91;
	buf[n++] = 0x90;
	assert_int_equal(wire_rc(buf, n), 0);		/* 16 arrays */
	buf[n - 1] = 0x91;
	buf[n++] = 0x01;
	assert_int_equal(wire_rc(buf, n), 0);		/* 16 arrays around a scalar */
	buf[n - 1] = 0x90;
	assert_int_equal(wire_rc(buf, n), -1);		/* 17 arrays */
	buf[n - 1] = 0x81;
	buf[n++] = 0x01;
	buf[n++] = 0x02;
	assert_int_equal(wire_rc(buf, n), -1);		/* 16 arrays and a map */

	/* The same through the decoder: refused as malformed, no crash. */
	struct envelope env;
	struct codec_error err;
	unsigned char deep[64];
	for (n = 0; n < 40; n++)
		deep[n] = 0x91;
	deep[n++] = 0x01;
	assert_int_equal(decode_rc(deep, n, &env, &err), KH_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "deep"));
}

static void
test_wire_bytes(void **state)
{
	struct envelope env;
	struct codec_error err;

	(void)state;
	assert_int_equal(wire_rc((const unsigned char *)"", 0), -1);	/* empty */
	assert_int_equal(wire_rc(B(0xc1)), -1);
	assert_int_equal(wire_rc(B(0x92, 0x01, 0xc1)), -1);
	assert_int_equal(wire_rc(B(0x01, 0x02)), -1);	/* trailing */
	assert_int_equal(wire_rc(B(0x90, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xa1, 'a', 0xc0)), -1);
	/* Every ext and fixext type. */
	assert_int_equal(wire_rc(B(0xc7, 0x01, 0x05, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xc8, 0x00, 0x01, 0x05, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xc9, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xd4, 0x05, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xd5, 0x05, 0x00, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xd6, 0x05, 0x00, 0x00, 0x00, 0x00)), -1);
	assert_int_equal(wire_rc(B(0xd7, 0x05, 0, 0, 0, 0, 0, 0, 0, 0)), -1);
	assert_int_equal(wire_rc(B(0xd8, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)), -1);
	assert_int_equal(wire_rc(B(0x91, 0xd4, 0x05, 0x00)), -1);
	/* Everything else that is one byte on its own is fine. */
	for (unsigned b = 0; b <= 0xff; b++) {
		unsigned char one = (unsigned char)b;
		int single = b <= 0x7f || b >= 0xe0 || b == 0x80 || b == 0x90 ||
		    b == 0xa0 || b == 0xc0 || b == 0xc2 || b == 0xc3;

		assert_int_equal(wire_rc(&one, 1), single ? 0 : -1);
	}
	/* Through the decoder, each is malformed. */
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x01, 0x81,
	    0xa3, 's', 'e', 'q', 0xc1), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x01, 0x81,
	    0xa3, 's', 'e', 'q', 0xd4, 0x00, 0x01), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x01, 0x80, 0x00),
	    &env, &err), KH_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "trailing"));
}

/* A string, wrapped in a one-string array, through wire_check. */
static int
wire_str(const char *s, size_t len)
{
	unsigned char buf[64];

	assert_true(len < 32);
	buf[0] = 0x91;
	buf[1] = (unsigned char)(0xa0 | len);
	memcpy(buf + 2, s, len);
	return wire_rc(buf, len + 2);
}

#define WIRE_STR(s)	wire_str(s, sizeof(s) - 1)

static void
test_wire_utf8(void **state)
{
	struct codec_error err;

	(void)state;
	assert_int_equal(WIRE_STR("参加党组会议"), 0);
	assert_int_equal(WIRE_STR("日志 log 加班"), 0);
	assert_int_equal(WIRE_STR("\xc2\x80\xdf\xbf"), 0);		/* U+0080, U+07FF */
	assert_int_equal(WIRE_STR("\xe0\xa0\x80\xef\xbf\xbf"), 0);	/* U+0800, U+FFFF */
	assert_int_equal(WIRE_STR("\xed\x9f\xbf\xee\x80\x80"), 0);	/* around surrogates */
	assert_int_equal(WIRE_STR("\xf0\x9f\x98\x80"), 0);		/* U+1F600 */
	assert_int_equal(WIRE_STR("\xf4\x8f\xbf\xbf"), 0);		/* U+10FFFF */
	assert_int_equal(WIRE_STR(""), 0);

	assert_int_equal(WIRE_STR("\xc0\x80"), -1);		/* overlong NUL */
	assert_int_equal(WIRE_STR("\xc1\xbf"), -1);		/* overlong */
	assert_int_equal(WIRE_STR("\xe0\x80\xaf"), -1);		/* overlong '/' */
	assert_int_equal(WIRE_STR("\xe0\x9f\xbf"), -1);		/* overlong U+07FF */
	assert_int_equal(WIRE_STR("\xf0\x8f\xbf\xbf"), -1);	/* overlong U+FFFF */
	assert_int_equal(WIRE_STR("\xed\xa0\x80"), -1);		/* U+D800 */
	assert_int_equal(WIRE_STR("\xed\xbf\xbf"), -1);		/* U+DFFF */
	assert_int_equal(WIRE_STR("\xf4\x90\x80\x80"), -1);	/* U+110000 */
	assert_int_equal(WIRE_STR("\xf5\x80\x80\x80"), -1);
	assert_int_equal(WIRE_STR("\xf8\x88\x80\x80\x80"), -1);
	assert_int_equal(WIRE_STR("\xff"), -1);
	assert_int_equal(WIRE_STR("\xfe"), -1);
	assert_int_equal(WIRE_STR("\x80"), -1);			/* lone continuation */
	assert_int_equal(WIRE_STR("a\xbf"), -1);
	assert_int_equal(WIRE_STR("\xe5\x8f"), -1);		/* 参, cut short */
	assert_int_equal(WIRE_STR("\xe5"), -1);
	assert_int_equal(WIRE_STR("\xf0\x9f\x98"), -1);
	assert_int_equal(WIRE_STR("\xe5\x8f\x82\xe5"), -1);
	assert_int_equal(WIRE_STR("\xe5\x41\x82"), -1);		/* not a continuation */

	/* Map keys are strings too; bin is not checked as text. */
	assert_int_equal(wire_rc(B(0x81, 0xa2, 0xc0, 0x80, 0x01)), -1);
	assert_int_equal(wire_rc(B(0x81, 0xa3, 0xe6, 0x97, 0xa5, 0x01)), 0);
	assert_int_equal(wire_rc(B(0xc4, 0x02, 0xc0, 0x80)), 0);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa3, 0xed, 0xa0, 0x80), &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa3, 0xe5, 0x8f, 0x82), &err), KH_OK);
}

/* A 6-byte frame declaring 2^32-1 elements is refused by the walk, before
 * msgpack-c would allocate 2^32-1 objects: the reason names the count, and
 * it is quick.  Under ASan an allocation of that size would abort. */
static void
test_huge_count_no_alloc(void **state)
{
	static const unsigned char arr[] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01 };
	static const unsigned char map[] = { 0xdf, 0xff, 0xff, 0xff, 0xff, 0x01 };
	struct envelope env;
	struct codec_error err;
	uint64_t t0 = mono_us();

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(decode_rc(arr, sizeof arr, &env, &err), KH_ERR_MALFORMED);
		assert_string_equal(err.message, "declared count larger than the frame");
		assert_int_equal(decode_rc(map, sizeof map, &env, &err), KH_ERR_MALFORMED);
		assert_string_equal(err.message, "declared count larger than the frame");
		assert_int_equal(record_rc(&sync_reply_body_desc, map, sizeof map, &err),
		    KH_ERR_MALFORMED);
	}
	/* 3000 refusals; allocating and touching 2^32 objects even once
	 * would take far longer. */
	assert_true(mono_us() - t0 < 2000000);
}

/* ---- the decoder's refusals ---- */

static void
test_decode_not_a_frame(void **state)
{
	struct envelope env;
	struct codec_error err;

	(void)state;
	assert_int_equal(decode_rc("", 0, &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(NULL, 0, &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x80), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x01), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0xa1, 'x'), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0xc0), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x90), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x91, 0xa1, '1'), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x91, 0xff), &env, &err), KH_ERR_MALFORMED);	/* -1 */
	assert_int_equal(env.reqid, 0);
}

/* The version is checked first, and the envelope is filled as far as it
 * could be read, so the reply can be addressed. */
static void
test_decode_version(void **state)
{
	struct envelope env;
	struct codec_error err;
	struct frame f;

	(void)state;
	frame_init(&f);
	frame_env(&f, 2, MSG_LOGIN, 77, 1);
	pack_cstr(&f.pk, "login");
	pack_cstr(&f.pk, "zhangsan");
	assert_int_equal(frame_rc(&f, &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, 2);
	assert_int_equal(env.type, MSG_LOGIN);
	assert_int_equal(env.reqid, 77);
	assert_non_null(strstr(err.message, "version 2"));
	kbuf_free(&f.kb);

	/* Version 2 may send another shape: still a version error. */
	assert_int_equal(decode_rc(B(0x92, 0x02, 0xa1, 'x'), &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, 2);
	assert_int_equal(env.reqid, 0);
	assert_int_equal(decode_rc(B(0x95, 0x02, 0xcc, 0xc8, 0x05, 0x80, 0xc0), &env, &err),
	    KH_ERR_VERSION);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x93, 0x00, 0x01, 0xcf, 0x12, 0x34, 0x56, 0x78,
	    0x9a, 0xbc, 0xde, 0xf0), &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, 0);
	assert_int_equal(env.reqid, 0x123456789abcdef0ull);
	/* 2^32 + 1 must not wrap round to version 1. */
	assert_int_equal(decode_rc(B(0x94, 0xcf, 0, 0, 0, 1, 0, 0, 0, 1, 0xcc, 0xcb, 0x01, 0x80),
	    &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, UINT32_MAX);
}

static void
test_decode_type_and_arity(void **state)
{
	struct envelope env;
	struct codec_error err;

	(void)state;
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcd, 0x03, 0xe7, 0x05, 0x80), &env, &err),
	    KH_ERR_UNKNOWN_TYPE);
	assert_int_equal(env.type, 999);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0x00, 0x05, 0x80), &env, &err),
	    KH_ERR_UNKNOWN_TYPE);
	/* 2^32 + 203 is not OK (203). */
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcf, 0, 0, 0, 1, 0, 0, 0, 0xcb, 0x05, 0x80),
	    &env, &err), KH_ERR_UNKNOWN_TYPE);
	assert_int_equal(env.reqid, 5);

	/* [1, 203, 5, {}] is fine; every other arity is not. */
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x05, 0x80), &env, &err), KH_OK);
	assert_int_equal(decode_rc(B(0x91, 0x01), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x92, 0x01, 0xcc, 0xcb), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x93, 0x01, 0xcc, 0xcb, 0x05), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x95, 0x01, 0xcc, 0xcb, 0x05, 0x80, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0xdc, 0x00, 0x04, 0x01, 0xcc, 0xcb, 0x05, 0x80), &env, &err),
	    KH_OK);
	/* Envelope elements of the wrong type. */
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xa1, 'x', 0x05, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0xff, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0xc0, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x05, 0x90), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xcb, 0x05, 0xc0), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, 0xca, 0x3f, 0x80, 0, 0, 0xcc, 0xcb, 0x05, 0x80),
	    &env, &err), KH_ERR_MALFORMED);	/* protocol 1.0 as a float */
}

/* Keys: unknown, given twice, not strings; in the body and in a nested
 * record. */
static void
test_decode_keys(void **state)
{
	struct envelope env;
	struct codec_error err;
	struct frame f;

	(void)state;
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xa4, 'n', 'o', 'p', 'e', 0x01), &err),
	    KH_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "nope"));
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xa0, 0x01), &err), KH_ERR_MALFORMED);
	/* A prefix of a field name is not the field. */
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xa3, 'm', 'i', 'n', 0x01), &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xa8, 'm', 'i', 'n', 'u', 't', 'e',
	    's', 's', 0x01), &err), KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xa2, 'I', 'D', 0x01), &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0x01, 0x01), &err), KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x81, 0xc4, 0x02, 'i', 'd', 0x01), &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(record_rc(&log_entry_desc, B(0x82, 0xa2, 'i', 'd', 0x01,
	    0xa2, 'i', 'd', 0x02), &err), KH_ERR_MALFORMED);
	assert_string_equal(err.field, "id");
	/* Twice, with a string in between that must not leak. */
	assert_int_equal(record_rc(&log_entry_desc, B(0x83,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa3, 0xe6, 0x97, 0xa5,
	    0xa2, 'i', 'd', 0x01,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa1, 'x'), &err), KH_ERR_MALFORMED);
	assert_string_equal(err.field, "content");

	/* Nested: the entry of a LOG_PUT. */
	frame_init(&f);
	frame_env(&f, 1, MSG_LOG_PUT, 8, 2);
	pack_cstr(&f.pk, "session");
	pack_cstr(&f.pk, "9f2c");
	pack_cstr(&f.pk, "entry");
	msgpack_pack_map(&f.pk, 2);
	pack_cstr(&f.pk, "content");
	pack_cstr(&f.pk, "参加党组会议");
	pack_cstr(&f.pk, "bogus");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(frame_rc(&f, &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(env.reqid, 8);
	assert_int_equal(env.type, MSG_LOG_PUT);
	assert_non_null(strstr(err.message, "bogus"));
	kbuf_free(&f.kb);
}

/* One value of each msgpack kind, for the wrong-type table. */
enum kind { K_POS, K_NEG, K_FLOAT, K_BOOL, K_NIL, K_STR, K_BIN, K_ARRAY, K_MAP, NKINDS };

static void
pack_kind(msgpack_packer *pk, enum kind k)
{
	switch (k) {
	case K_POS:	msgpack_pack_uint32(pk, 1); break;
	case K_NEG:	msgpack_pack_int32(pk, -1); break;
	case K_FLOAT:	msgpack_pack_double(pk, 1.5); break;
	case K_BOOL:	msgpack_pack_true(pk); break;
	case K_NIL:	msgpack_pack_nil(pk); break;
	case K_STR:	pack_cstr(pk, "甲"); break;
	case K_BIN:	msgpack_pack_bin(pk, 1); msgpack_pack_bin_body(pk, "x", 1); break;
	case K_ARRAY:	msgpack_pack_array(pk, 0); break;
	case K_MAP:	msgpack_pack_map(pk, 0); break;
	case NKINDS:	break;
	}
}

static enum kind
good_kind(enum field_type t)
{
	switch (t) {
	case FT_U32: case FT_U64: return K_POS;
	case FT_BOOL: return K_BOOL;
	case FT_STR: return K_STR;
	case FT_REC: return K_MAP;
	case FT_LIST: return K_ARRAY;
	}
	return NKINDS;
}

/* Every field of every record, given every kind of msgpack value: only
 * the field's own kind is taken, the rest are malformed and named. */
static void
test_decode_wrong_types(void **state)
{
	(void)state;
	for (size_t r = 0; r < nitems(all_records); r++) {
		const struct record_desc *d = all_records[r];

		for (size_t i = 0; i < d->nfields; i++) {
			const struct field_desc *fd = &d->fields[i];

			for (int k = 0; k < NKINDS; k++) {
				struct codec_error err;
				struct frame f;
				int rc;

				frame_init(&f);
				msgpack_pack_map(&f.pk, 1);
				pack_cstr(&f.pk, fd->name);
				pack_kind(&f.pk, (enum kind)k);
				rc = record_rc(d, f.kb.data, f.kb.len, &err);
				if (k == (int)good_kind(fd->type)) {
					if (rc != KH_OK)
						fail_msg("%s.%s kind %d: %s", d->name, fd->name, k, err.message);
				} else {
					if (rc != KH_ERR_MALFORMED)
						fail_msg("%s.%s kind %d: rc %d", d->name, fd->name, k, rc);
					if (fd->type != FT_REC)
						assert_string_equal(err.field, fd->name);
				}
				kbuf_free(&f.kb);
			}
		}
	}

	/* A list element that is not a map, after good ones that hold
	 * strings: refused, nothing leaks. */
	struct codec_error err;
	struct frame f;
	frame_init(&f);
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, "entries");
	msgpack_pack_array(&f.pk, 3);
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, "content");
	pack_cstr(&f.pk, "甲");
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, "content");
	pack_cstr(&f.pk, "乙");
	msgpack_pack_uint32(&f.pk, 1);
	assert_int_equal(record_rc(&sync_reply_body_desc, f.kb.data, f.kb.len, &err),
	    KH_ERR_MALFORMED);
	kbuf_free(&f.kb);
}

/* A string of exactly n bytes, Chinese as far as it goes. */
static char *
string_of(size_t n)
{
	char *s = xmalloc(n + 1);
	size_t i = 0;

	for (; i + 3 <= n; i += 3)
		memcpy(s + i, "考", 3);
	for (; i < n; i++)
		s[i] = 'a';
	s[n] = '\0';
	return s;
}

/* Decode {name: value} as record d, the value packed by the caller. */
static int
one_field_rc(const struct record_desc *d, const char *name, const struct kbuf *value,
    struct codec_error *err)
{
	struct frame f;
	int rc;

	frame_init(&f);
	msgpack_pack_map(&f.pk, 1);
	pack_cstr(&f.pk, name);
	kbuf_append(&f.kb, value->data, value->len);
	rc = record_rc(d, f.kb.data, f.kb.len, err);
	kbuf_free(&f.kb);
	return rc;
}

/* Every bounded field of every record: the bound itself is taken, one
 * more is refused and the field named. */
static void
test_decode_bounds(void **state)
{
	struct codec_error err;

	(void)state;
	for (size_t r = 0; r < nitems(all_records); r++) {
		const struct record_desc *d = all_records[r];

		for (size_t i = 0; i < d->nfields; i++) {
			const struct field_desc *fd = &d->fields[i];
			struct frame at, over;
			int want = KH_ERR_INVALID;

			frame_init(&at);
			frame_init(&over);
			switch (fd->type) {
			case FT_U32:
			case FT_U64: {
				uint64_t max = fd->max != 0 ? fd->max :
				    fd->type == FT_U32 ? UINT32_MAX : UINT64_MAX;

				msgpack_pack_uint64(&at.pk, max);
				if (max == UINT64_MAX)
					msgpack_pack_int32(&over.pk, -1);	/* no larger one */
				else
					msgpack_pack_uint64(&over.pk, max + 1);
				if (max == UINT64_MAX)
					want = KH_ERR_MALFORMED;
				break;
			}
			case FT_STR: {
				char *s = string_of(fd->max);

				assert_int_not_equal(fd->max, 0);
				pack_cstr(&at.pk, s);
				free(s);
				s = string_of(fd->max + 1);
				pack_cstr(&over.pk, s);
				free(s);
				break;
			}
			case FT_LIST:
				assert_int_not_equal(fd->max, 0);
				msgpack_pack_array(&at.pk, fd->max);
				for (uint64_t j = 0; j < fd->max; j++)
					msgpack_pack_map(&at.pk, 0);
				msgpack_pack_array(&over.pk, fd->max + 1);
				for (uint64_t j = 0; j < fd->max + 1; j++)
					msgpack_pack_map(&over.pk, 0);
				want = KH_ERR_TOO_LARGE;
				break;
			default:
				kbuf_free(&at.kb);
				kbuf_free(&over.kb);
				continue;
			}
			if (one_field_rc(d, fd->name, &at.kb, &err) != KH_OK)
				fail_msg("%s.%s at its bound: %s", d->name, fd->name, err.message);
			if (one_field_rc(d, fd->name, &over.kb, &err) != want)
				fail_msg("%s.%s over its bound: code %d", d->name, fd->name, err.code);
			assert_string_equal(err.field, fd->name);
			kbuf_free(&at.kb);
			kbuf_free(&over.kb);
		}
	}
}

/* The same through a whole frame, for a nested field. */
static void
test_decode_nested_bound(void **state)
{
	static const struct {
		const char	*field;
		uint64_t	 value;
		int		 code;
	} cases[] = {
		{ "minutes", 1440, KH_OK }, { "minutes", 1441, KH_ERR_INVALID },
		{ "overtime", 1441, KH_ERR_INVALID }, { "category", 256, KH_ERR_INVALID },
		{ "date", 99991231, KH_OK }, { "date", 99991232, KH_ERR_INVALID },
		{ "id", UINT64_MAX, KH_OK }, { "minutes", 1ull << 32, KH_ERR_INVALID },
	};
	struct envelope env;
	struct codec_error err;

	(void)state;
	for (size_t i = 0; i < nitems(cases); i++) {
		struct frame f;

		frame_init(&f);
		frame_env(&f, 1, MSG_LOG_PUT, 31, 2);
		pack_cstr(&f.pk, "session");
		pack_cstr(&f.pk, "9f2c");
		pack_cstr(&f.pk, "entry");
		msgpack_pack_map(&f.pk, 2);
		pack_cstr(&f.pk, "content");
		pack_cstr(&f.pk, "参加党组会议");
		pack_cstr(&f.pk, cases[i].field);
		msgpack_pack_uint64(&f.pk, cases[i].value);
		assert_int_equal(frame_rc(&f, &env, &err), cases[i].code);
		if (cases[i].code != KH_OK) {
			assert_string_equal(err.field, cases[i].field);
			assert_int_equal(env.reqid, 31);
		}
		kbuf_free(&f.kb);
	}
}

/* Strings are UTF-8 without NUL bytes. */
static void
test_decode_nul(void **state)
{
	struct envelope env;
	struct codec_error err;

	(void)state;
	assert_int_equal(record_rc(&log_entry_desc, B(0x81,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa3, 'a', 0x00, 'b'), &err),
	    KH_ERR_MALFORMED);
	assert_string_equal(err.field, "content");
	assert_int_equal(record_rc(&log_entry_desc, B(0x81,
	    0xa7, 'c', 'o', 'n', 't', 'e', 'n', 't', 0xa1, 0x00), &err), KH_ERR_MALFORMED);
	/* [1, 202, 3, {"session": "ab\0"}] */
	assert_int_equal(decode_rc(B(0x94, 0x01, 0xcc, 0xca, 0x03, 0x81,
	    0xa7, 's', 'e', 's', 's', 'i', 'o', 'n', 0xa3, 'a', 'b', 0x00), &env, &err),
	    KH_ERR_MALFORMED);
	assert_string_equal(err.field, "session");
	assert_int_equal(env.reqid, 3);
}

/* Every prefix of every valid frame and record is refused, and nothing
 * leaks (run under ASan). */
static void
test_truncations(void **state)
{
	(void)state;
	for (size_t i = 0; i < schema_nmessages; i++) {
		const struct message_desc *m = &schema_messages[i];
		void *in = xcalloc(1, m->body->size);
		struct kbuf kb = { 0 };
		struct envelope env;
		struct codec_error err;

		fill_sample(m->body, in, (unsigned)i + 7);
		codec_encode(m->code, 1000 + i, in, &kb);
		assert_int_equal(decode_rc(kb.data, kb.len, &env, &err), KH_OK);
		for (size_t n = 0; n < kb.len; n++) {
			/* A copy of exactly n bytes, so ASan sees any overread. */
			char *cut = xmalloc(n);

			memcpy(cut, kb.data, n);
			if (decode_rc(cut, n, &env, &err) != KH_ERR_MALFORMED)
				fail_msg("%s cut to %zu of %zu bytes: code %d", m->name, n,
				    kb.len, err.code);
			free(cut);
		}
		kbuf_reset(&kb);
		codec_encode_record(m->body, in, &kb);
		for (size_t n = 0; n < kb.len; n++) {
			char *cut = xmalloc(n);

			memcpy(cut, kb.data, n);
			if (record_rc(m->body, cut, n, &err) != KH_ERR_MALFORMED)
				fail_msg("%s record cut to %zu bytes", m->name, n);
			free(cut);
		}
		schema_free(m->body, in);
		free(in);
		kbuf_free(&kb);
	}
}

/* A frame over CODEC_MAX_FRAME is refused by its length alone; one of
 * exactly that length is looked at. */
static void
test_decode_too_large(void **state)
{
	unsigned char *big = xcalloc(1, CODEC_MAX_FRAME + 1);
	struct envelope env;
	struct codec_error err;

	(void)state;
	memcpy(big, "\x94\x01\xcc\xcb\x05\x80", 6);
	assert_int_equal(decode_rc(big, CODEC_MAX_FRAME + 1, &env, &err), KH_ERR_TOO_LARGE);
	assert_int_equal(decode_rc(big, CODEC_MAX_FRAME, &env, &err), KH_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "trailing"));
	assert_int_equal(decode_rc(big, 6, &env, &err), KH_OK);
	free(big);
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
		cmocka_unit_test(test_wire_lengths),
		cmocka_unit_test(test_wire_depth),
		cmocka_unit_test(test_wire_bytes),
		cmocka_unit_test(test_wire_utf8),
		cmocka_unit_test(test_huge_count_no_alloc),
		cmocka_unit_test(test_decode_not_a_frame),
		cmocka_unit_test(test_decode_version),
		cmocka_unit_test(test_decode_type_and_arity),
		cmocka_unit_test(test_decode_keys),
		cmocka_unit_test(test_decode_wrong_types),
		cmocka_unit_test(test_decode_bounds),
		cmocka_unit_test(test_decode_nested_bound),
		cmocka_unit_test(test_decode_nul),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_decode_too_large),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
