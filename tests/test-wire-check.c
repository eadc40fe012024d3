/*
 * test-wire-check.c: the hostile-bytes walk (common/wire-check.c) that runs
 * before msgpack-c sees a frame: declared lengths against the bytes left,
 * nesting depth, reserved and ext bytes, trailing bytes and UTF-8.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/codec.h"
#include "common/util.h"
#include "common/version.h"
#include "codec-fixtures.h"

static int
wire_rc(const unsigned char *p, size_t len)
{
	const char *why = NULL;
	int rc = wire_check(p, len, &why);

	if (rc != 0)
		assert_non_null(why);
	return rc;
}

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
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x01, 0x81,
	    0xa3, 's', 'e', 'q', 0xc1), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x01, 0x81,
	    0xa3, 's', 'e', 'q', 0xd4, 0x00, 0x01), &env, &err), KH_ERR_MALFORMED);
	assert_int_equal(decode_rc(B(0x94, PROTOCOL_VERSION, 0xcc, 0xcb, 0x01, 0x80, 0x00),
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wire_lengths),
		cmocka_unit_test(test_wire_depth),
		cmocka_unit_test(test_wire_bytes),
		cmocka_unit_test(test_wire_utf8),
	};

	return cmocka_run_group_tests_name("wire-check", tests, NULL, NULL);
}
