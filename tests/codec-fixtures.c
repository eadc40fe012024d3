/*
 * codec-fixtures.c: helpers for the codec tests (see codec-fixtures.h).
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

/* Every record of schema/kaohe.def, message bodies or not. */
const struct record_desc *const all_records[] = {
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
const size_t nall_records = sizeof all_records / sizeof all_records[0];


/* ---- helpers: packing by hand ---- */


int
kb_write(void *data, const char *buf, size_t len)
{
	kbuf_append(data, buf, len);
	return 0;
}

void
frame_init(struct frame *f)
{
	memset(&f->kb, 0, sizeof f->kb);
	msgpack_packer_init(&f->pk, &f->kb, kb_write);
}

void
pack_cstr(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str(pk, strlen(s));
	msgpack_pack_str_body(pk, s, strlen(s));
}

/* [protocol, type, reqid, {... nkeys pairs follow}] */
void
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
int
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

int
frame_rc(struct frame *f, struct envelope *env, struct codec_error *err)
{
	return decode_rc(f->kb.data, f->kb.len, env, err);
}

/* Decode a record; returns KH_OK or the error code, freeing the record. */
int
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
/* ---- helpers: records filled from their descriptors ---- */

static const char *const words[] = {
	"起草年度工作总结", "参加党组会议", "综合科", "张三",
	"到基层调研 3 天", "学习培训：新《条例》", "pc-17",
};

/* Fill every field with a value that is not zero and differs with seed:
 * bounded integers near their bound, unbounded ones small or huge, Chinese
 * strings, two or three elements per list. */
void
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
			/* within the field's bound, cut on a character boundary */
			size_t len = strlen(buf);
			if (f->max != 0 && len > f->max) {
				len = (size_t)f->max;
				while (len > 0 && ((unsigned char)buf[len] & 0xc0) == 0x80)
					len--;
			}
			*(char **)p = xstrndup(buf, len);
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

void
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
void
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
