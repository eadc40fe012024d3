/*
 * test-decode.c: the decoder's refusals.  Frames a hostile peer could send,
 * made by hand or with msgpack-c's packer: not a frame, wrong version,
 * unknown type, wrong shape, unknown or repeated keys, wrong types, values
 * over their bounds, NUL bytes, every truncation of a good frame, frames
 * over the size limit.  Under ASan these also show nothing leaks on refusal.
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

/* A protocol version this side does not speak. */
#define OTHER_VERSION (PROTOCOL_VERSION + 1)

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
	frame_env(&f, OTHER_VERSION, MSG_LOGIN, 77, 1);
	pack_cstr(&f.pk, "login");
	pack_cstr(&f.pk, "zhangsan");
	assert_int_equal(frame_rc(&f, &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, OTHER_VERSION);
	assert_int_equal(env.type, MSG_LOGIN);
	assert_int_equal(env.reqid, 77);
	char want[32];
	snprintf(want, sizeof want, "version %d", OTHER_VERSION);
	assert_non_null(strstr(err.message, want));
	kbuf_free(&f.kb);

	/* Another version may send another shape: still a version error. */
	assert_int_equal(decode_rc(B(0x92, OTHER_VERSION, 0xa1, 'x'), &env, &err), KH_ERR_VERSION);
	assert_int_equal(env.protocol, OTHER_VERSION);
	assert_int_equal(env.reqid, 0);
	assert_int_equal(decode_rc(B(0x95, OTHER_VERSION, 0xcc, 0xc8, 0x05, 0x80, 0xc0), &env, &err),
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
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcd, 0x03, 0xe7, 0x05, 0x80), &env, &err),
	    KH_ERR_UNKNOWN_TYPE);
	assert_int_equal(env.type, 999);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0x00, 0x05, 0x80), &env, &err),
	    KH_ERR_UNKNOWN_TYPE);
	/* 2^32 + 203 is not OK (203). */
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcf, 0, 0, 0, 1, 0, 0, 0, 0xcb, 0x05, 0x80),
	    &env, &err), KH_ERR_UNKNOWN_TYPE);
	assert_int_equal(env.reqid, 5);

	/* [1, 203, 5, {}] is fine; every other arity is not. */
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0x80), &env, &err), KH_OK);
	assert_int_equal(decode_rc(B(0x91, PROTOCOL_VERSION), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x92, PROTOCOL_VERSION, 0xcc, 0xcb), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x93, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x95, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0x80, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0xdc, 0x00, 0x04, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0x80), &env, &err),
	    KH_OK);
	/* Envelope elements of the wrong type. */
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xa1, 'x', 0x05, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0xff, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0xc0, 0x80), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0x90), &env, &err),
	    KH_ERR_MALFORMED);
	assert_int_equal(env.reqid, 5);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0xc0), &env, &err),
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
	frame_env(&f, PROTOCOL_VERSION, MSG_LOG_PUT, 8, 2);
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
	for (size_t r = 0; r < nall_records; r++) {
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
	for (size_t r = 0; r < nall_records; r++) {
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
		frame_env(&f, PROTOCOL_VERSION, MSG_LOG_PUT, 31, 2);
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
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xca, 0x03, 0x81,
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
	memcpy(big, (const unsigned char[]){ 0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x05, 0x80 }, 6);
	assert_int_equal(decode_rc(big, CODEC_MAX_FRAME + 1, &env, &err), KH_ERR_TOO_LARGE);
	assert_int_equal(decode_rc(big, CODEC_MAX_FRAME, &env, &err), KH_ERR_MALFORMED);
	assert_non_null(strstr(err.message, "trailing"));
	assert_int_equal(decode_rc(big, 6, &env, &err), KH_OK);
	free(big);
}

/* A six-byte frame declaring 2^32-1 elements is refused by the walk, before
 * msgpack-c would allocate room for them. */
static void
test_huge_count_no_alloc(void **state)
{
	static const unsigned char arr[] = { 0xdd, 0xff, 0xff, 0xff, 0xff, 0x01 };
	static const unsigned char map[] = { 0xdf, 0xff, 0xff, 0xff, 0xff, 0x01 };
	struct envelope env;
	struct codec_error err;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(decode_rc(arr, sizeof arr, &env, &err), KH_ERR_MALFORMED);
		assert_string_equal(err.message, "declared count larger than the frame");
		assert_int_equal(decode_rc(map, sizeof map, &env, &err), KH_ERR_MALFORMED);
		assert_string_equal(err.message, "declared count larger than the frame");
		assert_int_equal(record_rc(&sync_reply_body_desc, map, sizeof map, &err),
		    KH_ERR_MALFORMED);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
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
		cmocka_unit_test(test_huge_count_no_alloc),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
