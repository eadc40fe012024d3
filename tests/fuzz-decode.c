/*
 * fuzz-decode.c: libFuzzer harness for everything that reads bytes from a
 * peer or from the store: codec_decode() on frames and codec_decode_record()
 * on every record of schema/kaohe.def.
 *
 * Whatever a decoder accepts must survive a round trip: encoded again, it
 * decodes, and encoding that gives the very same bytes.  A deep copy encodes
 * to the same bytes too.  Everything is freed, so ASan's leak check covers
 * the refusals as well as the successes.  Built by `make build-fuzz/fuzz-decode`,
 * run by tests/fuzz.sh.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/codec.h"
#include "common/schema.h"
#include "common/util.h"
#include "common/version.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct record_desc *const records[] = {
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

/* A broken promise aborts; libFuzzer keeps the input that did it. */
#define CHECK(cond) do {						\
	if (!(cond))							\
		fatal("fuzz-decode: %s (line %d)", #cond, __LINE__);	\
} while (0)

static void
same_bytes(const struct kbuf *a, const struct kbuf *b)
{
	CHECK(a->len == b->len);
	CHECK(a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

static void
fuzz_frame(const uint8_t *data, size_t size)
{
	struct envelope env, env2;
	struct codec_error err;
	struct kbuf once = { 0 }, twice = { 0 }, copied = { 0 };
	void *body = (void *)1, *body2 = NULL, *copy;
	const char *why;
	int checked = size > 0 ? wire_check(data, size, &why) : -1;

	if (codec_decode(data, size, &env, &body, &err) != 0) {
		CHECK(body == NULL);
		CHECK(err.code != KH_OK);
		return;
	}
	CHECK(checked == 0);
	CHECK(size <= CODEC_MAX_FRAME);
	CHECK(env.protocol == PROTOCOL_VERSION);
	CHECK(env.msg != NULL && env.msg->code == env.type);
	CHECK(body != NULL);

	codec_encode(env.type, env.reqid, body, &once);
	/* Missing fields come back filled in, so the encoding may outgrow
	 * the frame limit; the input is capped by -max_len well below it. */
	if (once.len <= CODEC_MAX_FRAME) {
		if (codec_decode(once.data, once.len, &env2, &body2, &err) != 0)
			fatal("fuzz-decode: a decoded frame does not decode again: %s",
			    err.message);
		CHECK(env2.type == env.type && env2.reqid == env.reqid);
		codec_encode(env2.type, env2.reqid, body2, &twice);
		same_bytes(&once, &twice);
		codec_body_free(&env2, &body2);
		CHECK(body2 == NULL);
	}

	copy = xcalloc(1, env.msg->body->size);
	schema_copy(env.msg->body, copy, body);
	codec_body_free(&env, &body);
	CHECK(body == NULL);
	codec_encode(env.type, env.reqid, copy, &copied);
	same_bytes(&once, &copied);
	schema_free(env.msg->body, copy);
	free(copy);

	kbuf_free(&once);
	kbuf_free(&twice);
	kbuf_free(&copied);
}

static void
fuzz_record(const struct record_desc *desc, const uint8_t *data, size_t size)
{
	struct codec_error err;
	struct kbuf once = { 0 }, twice = { 0 };
	void *rec = xcalloc(1, desc->size), *again = xcalloc(1, desc->size);

	if (codec_decode_record(desc, data, size, rec, &err) != 0) {
		CHECK(err.code != KH_OK);
		goto done;
	}
	codec_encode_record(desc, rec, &once);
	if (codec_decode_record(desc, once.data, once.len, again, &err) != 0)
		fatal("fuzz-decode: a decoded %s does not decode again: %s", desc->name,
		    err.message);
	codec_encode_record(desc, again, &twice);
	same_bytes(&once, &twice);
done:
	schema_free(desc, rec);
	schema_free(desc, again);
	free(rec);
	free(again);
	kbuf_free(&once);
	kbuf_free(&twice);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_frame(data, size);
	for (size_t i = 0; i < nitems(records); i++)
		fuzz_record(records[i], data, size);
	return 0;
}
