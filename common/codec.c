/*
 * codec.c: table-driven msgpack encoding and decoding of the records in
 * schema/kaohe.def.  Nothing here knows any particular message: it walks the
 * field descriptors that schema.c builds from the declaration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <msgpack.h>

#include "codec.h"
#include "version.h"

static const char *const err_names[] = {
	[KH_OK] = "ok",
	[KH_ERR_MALFORMED] = "malformed",
	[KH_ERR_VERSION] = "version",
	[KH_ERR_UNKNOWN_TYPE] = "unknown_type",
	[KH_ERR_INVALID] = "invalid",
	[KH_ERR_AUTH] = "auth",
	[KH_ERR_SESSION] = "session",
	[KH_ERR_DENIED] = "denied",
	[KH_ERR_NOT_FOUND] = "not_found",
	[KH_ERR_CONFLICT] = "conflict",
	[KH_ERR_STORAGE] = "storage",
	[KH_ERR_TOO_LARGE] = "too_large",
	[KH_ERR_INTERNAL] = "internal",
	[KH_ERR_BUSY] = "busy",
};

const char *
kh_err_name(int code)
{
	if (code < 0 || (size_t)code >= nitems(err_names) || err_names[code] == NULL)
		return "unknown";
	return err_names[code];
}

static void
set_error(struct codec_error *err, int code, const char *field, const char *fmt, ...)
	KH_PRINTF(4, 5);

static void
set_error(struct codec_error *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	strlcpy_kh(err->field, field != NULL ? field : "", sizeof err->field);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
}

/* ---- encoding ---- */

static int
kbuf_write(void *data, const char *buf, size_t len)
{
	kbuf_append(data, buf, len);
	return 0;
}

static void
pack_str(msgpack_packer *pk, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	msgpack_pack_str(pk, n);
	msgpack_pack_str_body(pk, s != NULL ? s : "", n);
}

static bool record_is_zero(const struct record_desc *, const void *);

/* A field at its zero value is left out: the decoder fills it back in, and
 * records with many fields stay small on the wire and on disk. */
static bool
field_is_zero(const struct field_desc *f, const char *base)
{
	const void *p = base + f->offset;

	switch (f->type) {
	case FT_U32:
		return *(const uint32_t *)p == 0;
	case FT_U64:
		return *(const uint64_t *)p == 0;
	case FT_BOOL:
		return !*(const bool *)p;
	case FT_STR:
		return *(char *const *)p == NULL || **(char *const *)p == '\0';
	case FT_REC:
		return record_is_zero(f->elem, p);
	case FT_LIST:
		return *(char *const *)p == NULL || *(const uint32_t *)(base + f->count_offset) == 0;
	}
	return false;
}

static bool
record_is_zero(const struct record_desc *desc, const void *rec)
{
	for (size_t i = 0; i < desc->nfields; i++)
		if (!field_is_zero(&desc->fields[i], rec))
			return false;
	return true;
}

static void
pack_record(msgpack_packer *pk, const struct record_desc *desc, const void *rec)
{
	const char *base = rec;
	size_t present = 0;

	for (size_t i = 0; i < desc->nfields; i++)
		present += !field_is_zero(&desc->fields[i], base);
	msgpack_pack_map(pk, present);
	for (size_t i = 0; i < desc->nfields; i++) {
		const struct field_desc *f = &desc->fields[i];
		const void *p = base + f->offset;

		if (field_is_zero(f, base))
			continue;
		pack_str(pk, f->name);
		switch (f->type) {
		case FT_U32:
			msgpack_pack_uint32(pk, *(const uint32_t *)p);
			break;
		case FT_U64:
			msgpack_pack_uint64(pk, *(const uint64_t *)p);
			break;
		case FT_BOOL:
			if (*(const bool *)p)
				msgpack_pack_true(pk);
			else
				msgpack_pack_false(pk);
			break;
		case FT_STR:
			pack_str(pk, *(char *const *)p);
			break;
		case FT_REC:
			pack_record(pk, f->elem, p);
			break;
		case FT_LIST: {
			const char *items = *(char *const *)p;
			uint32_t n = *(const uint32_t *)(base + f->count_offset);

			if (items == NULL)
				n = 0;
			msgpack_pack_array(pk, n);
			for (uint32_t j = 0; j < n; j++)
				pack_record(pk, f->elem, items + (size_t)j * f->elem->size);
			break;
		}
		}
	}
}

void
codec_encode(uint32_t type, uint64_t reqid, const void *body, struct kbuf *out)
{
	const struct message_desc *m = schema_message(type);
	msgpack_packer pk;

	if (m == NULL)
		fatal("codec_encode: unknown message type %u", type);
	msgpack_packer_init(&pk, out, kbuf_write);
	msgpack_pack_array(&pk, 4);
	msgpack_pack_uint32(&pk, PROTOCOL_VERSION);
	msgpack_pack_uint32(&pk, type);
	msgpack_pack_uint64(&pk, reqid);
	pack_record(&pk, m->body, body);
}

void
codec_encode_record(const struct record_desc *desc, const void *rec, struct kbuf *out)
{
	msgpack_packer pk;

	msgpack_packer_init(&pk, out, kbuf_write);
	pack_record(&pk, desc, rec);
}

/* ---- decoding ---- */

static int unpack_record(const struct record_desc *, const msgpack_object *,
    void *, struct codec_error *);

static int
unpack_field(const struct field_desc *f, const msgpack_object *o, char *base,
    struct codec_error *err)
{
	void *p = base + f->offset;

	switch (f->type) {
	case FT_U32:
	case FT_U64: {
		uint64_t limit = f->type == FT_U32 ? UINT32_MAX : UINT64_MAX;

		if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
			set_error(err, KH_ERR_MALFORMED, f->name, "%s must be a non-negative integer", f->name);
			return -1;
		}
		if (f->max != 0 && f->max < limit)
			limit = f->max;
		if (o->via.u64 > limit) {
			set_error(err, KH_ERR_INVALID, f->name, "%s is %llu, more than %llu",
			    f->name, (unsigned long long)o->via.u64, (unsigned long long)limit);
			return -1;
		}
		if (f->type == FT_U32)
			*(uint32_t *)p = (uint32_t)o->via.u64;
		else
			*(uint64_t *)p = o->via.u64;
		return 0;
	}
	case FT_BOOL:
		if (o->type != MSGPACK_OBJECT_BOOLEAN) {
			set_error(err, KH_ERR_MALFORMED, f->name, "%s must be true or false", f->name);
			return -1;
		}
		*(bool *)p = o->via.boolean;
		return 0;
	case FT_STR:
		if (o->type != MSGPACK_OBJECT_STR) {
			set_error(err, KH_ERR_MALFORMED, f->name, "%s must be a string", f->name);
			return -1;
		}
		if (f->max != 0 && o->via.str.size > f->max) {
			set_error(err, KH_ERR_INVALID, f->name, "%s is %u bytes long, more than %llu",
			    f->name, o->via.str.size, (unsigned long long)f->max);
			return -1;
		}
		if (memchr(o->via.str.ptr, '\0', o->via.str.size) != NULL) {
			set_error(err, KH_ERR_MALFORMED, f->name, "%s contains a NUL byte", f->name);
			return -1;
		}
		free(*(char **)p);
		*(char **)p = xstrndup(o->via.str.ptr, o->via.str.size);
		return 0;
	case FT_REC:
		return unpack_record(f->elem, o, p, err);
	case FT_LIST: {
		char *items;

		if (o->type != MSGPACK_OBJECT_ARRAY) {
			set_error(err, KH_ERR_MALFORMED, f->name, "%s must be an array", f->name);
			return -1;
		}
		if (f->max != 0 && o->via.array.size > f->max) {
			set_error(err, KH_ERR_TOO_LARGE, f->name, "%s has %u elements, more than %llu",
			    f->name, o->via.array.size, (unsigned long long)f->max);
			return -1;
		}
		items = xcalloc(o->via.array.size, f->elem->size);
		*(char **)p = items;
		*(uint32_t *)(base + f->count_offset) = o->via.array.size;
		for (uint32_t j = 0; j < o->via.array.size; j++)
			if (unpack_record(f->elem, &o->via.array.ptr[j],
			    items + (size_t)j * f->elem->size, err) != 0)
				return -1;
		return 0;
	}
	}
	return -1;
}

/* Missing strings decode as "" so handlers never meet NULL. */
static void
fill_missing(const struct record_desc *desc, char *base, const uint64_t *seen)
{
	for (size_t i = 0; i < desc->nfields; i++) {
		const struct field_desc *f = &desc->fields[i];

		if (seen[i / 64] & (1ull << (i % 64)))
			continue;
		if (f->type == FT_STR)
			*(char **)(base + f->offset) = xstrdup("");
		else if (f->type == FT_REC)
			fill_missing(f->elem, base + f->offset, (const uint64_t[2]){ 0, 0 });
	}
}

static int
unpack_record(const struct record_desc *desc, const msgpack_object *o, void *rec,
    struct codec_error *err)
{
	uint64_t seen[2] = { 0, 0 };
	char *base = rec;

	if (desc->nfields > 128)
		fatal("record %s has more than 128 fields", desc->name);
	if (o->type != MSGPACK_OBJECT_MAP) {
		set_error(err, KH_ERR_MALFORMED, NULL, "%s must be a map", desc->name);
		return -1;
	}
	for (uint32_t i = 0; i < o->via.map.size; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;
		size_t j;

		if (k->type != MSGPACK_OBJECT_STR) {
			set_error(err, KH_ERR_MALFORMED, NULL, "%s has a key that is not a string", desc->name);
			return -1;
		}
		for (j = 0; j < desc->nfields; j++)
			if (strlen(desc->fields[j].name) == k->via.str.size &&
			    memcmp(desc->fields[j].name, k->via.str.ptr, k->via.str.size) == 0)
				break;
		if (j == desc->nfields) {
			set_error(err, KH_ERR_MALFORMED, NULL, "%s has no field \"%.*s\"", desc->name,
			    (int)(k->via.str.size > 40 ? 40 : k->via.str.size), k->via.str.ptr);
			return -1;
		}
		if (seen[j / 64] & (1ull << (j % 64))) {
			set_error(err, KH_ERR_MALFORMED, desc->fields[j].name, "%s appears twice",
			    desc->fields[j].name);
			return -1;
		}
		seen[j / 64] |= 1ull << (j % 64);
		if (unpack_field(&desc->fields[j], v, base, err) != 0)
			return -1;
	}
	fill_missing(desc, base, seen);
	return 0;
}

static int
unpack_checked(const void *data, size_t len, msgpack_unpacked *u, struct codec_error *err)
{
	const char *why;
	size_t off = 0;

	if (wire_check(data, len, &why) != 0) {
		set_error(err, KH_ERR_MALFORMED, NULL, "%s", why);
		return -1;
	}
	msgpack_unpacked_init(u);
	if (msgpack_unpack_next(u, data, len, &off) != MSGPACK_UNPACK_SUCCESS || off != len) {
		msgpack_unpacked_destroy(u);
		set_error(err, KH_ERR_MALFORMED, NULL, "cannot unpack frame");
		return -1;
	}
	return 0;
}

int
codec_decode_record(const struct record_desc *desc, const void *data, size_t len,
    void *rec, struct codec_error *err)
{
	msgpack_unpacked u;
	int rc;

	memset(rec, 0, desc->size);
	if (unpack_checked(data, len, &u, err) != 0)
		return -1;
	rc = unpack_record(desc, &u.data, rec, err);
	msgpack_unpacked_destroy(&u);
	if (rc != 0)
		schema_free(desc, rec);
	return rc;
}

int
codec_decode(const void *data, size_t len, struct envelope *env, void **body,
    struct codec_error *err)
{
	msgpack_unpacked u;
	const msgpack_object *a;
	void *rec;

	memset(env, 0, sizeof *env);
	*body = NULL;
	if (len > CODEC_MAX_FRAME) {
		set_error(err, KH_ERR_TOO_LARGE, NULL, "frame of %zu bytes is larger than %u",
		    len, CODEC_MAX_FRAME);
		return -1;
	}
	if (unpack_checked(data, len, &u, err) != 0)
		return -1;
	a = &u.data;
	if (a->type != MSGPACK_OBJECT_ARRAY || a->via.array.size < 1 ||
	    a->via.array.ptr[0].type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
		set_error(err, KH_ERR_MALFORMED, NULL, "frame must be an array starting with the protocol version");
		goto fail;
	}
	env->protocol = a->via.array.ptr[0].via.u64 > UINT32_MAX ? UINT32_MAX :
	    (uint32_t)a->via.array.ptr[0].via.u64;
	if (a->via.array.size >= 3 && a->via.array.ptr[1].type == MSGPACK_OBJECT_POSITIVE_INTEGER &&
	    a->via.array.ptr[2].type == MSGPACK_OBJECT_POSITIVE_INTEGER) {
		env->type = a->via.array.ptr[1].via.u64 > UINT32_MAX ? 0 :
		    (uint32_t)a->via.array.ptr[1].via.u64;
		env->reqid = a->via.array.ptr[2].via.u64;
	}
	/* The version is checked before anything else of the frame, whose shape
	 * may differ between versions. */
	if (env->protocol != PROTOCOL_VERSION) {
		set_error(err, KH_ERR_VERSION, NULL,
		    "protocol version %u is not supported; this side speaks version %u",
		    env->protocol, PROTOCOL_VERSION);
		goto fail;
	}
	if (a->via.array.size != 4 || a->via.array.ptr[1].type != MSGPACK_OBJECT_POSITIVE_INTEGER ||
	    a->via.array.ptr[2].type != MSGPACK_OBJECT_POSITIVE_INTEGER) {
		set_error(err, KH_ERR_MALFORMED, NULL, "frame must be [protocol, type, request id, body]");
		goto fail;
	}
	env->msg = schema_message(env->type);
	if (env->msg == NULL) {
		set_error(err, KH_ERR_UNKNOWN_TYPE, NULL, "unknown message type %llu",
		    (unsigned long long)a->via.array.ptr[1].via.u64);
		goto fail;
	}
	rec = xcalloc(1, env->msg->body->size);
	if (unpack_record(env->msg->body, &a->via.array.ptr[3], rec, err) != 0) {
		schema_free(env->msg->body, rec);
		free(rec);
		goto fail;
	}
	msgpack_unpacked_destroy(&u);
	*body = rec;
	return 0;
fail:
	msgpack_unpacked_destroy(&u);
	return -1;
}

void
codec_body_free(const struct envelope *env, void **body)
{
	if (*body == NULL || env->msg == NULL)
		return;
	schema_free(env->msg->body, *body);
	free(*body);
	*body = NULL;
}
