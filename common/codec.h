/*
 * codec.h: msgpack frames to and from the structs of schema.h.
 *
 * A frame is one msgpack array [protocol, type, request id, body] where body
 * is a map from field names to values, as declared in schema/kaohe.def.
 * Stored records are the body map alone.
 *
 * Decoding treats every byte as hostile: wire_check() walks the raw bytes
 * first and refuses, before anything is allocated, a declared length larger
 * than the bytes left, nesting deeper than CODEC_MAX_DEPTH, trailing bytes,
 * the reserved byte 0xc1, ext types and strings that are not UTF-8.  Only
 * then does msgpack-c unpack it, and the codec checks every field's type and
 * bound against the descriptor.
 */
#ifndef KAOHE_CODEC_H
#define KAOHE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "schema.h"
#include "util.h"

#define CODEC_MAX_DEPTH	16
#define CODEC_MAX_FRAME	(4u << 20)	/* largest frame either side sends */
#define CODEC_MAX_REQUEST (256u << 10)	/* largest request a server accepts */

/* Error codes, shared by the codec and error replies (see docs/protocol.md). */
enum kh_err {
	KH_OK = 0,
	KH_ERR_MALFORMED = 1,	/* not a well-formed frame */
	KH_ERR_VERSION = 2,	/* protocol version mismatch */
	KH_ERR_UNKNOWN_TYPE = 3,/* no such message type */
	KH_ERR_INVALID = 4,	/* a field's value is not acceptable */
	KH_ERR_AUTH = 5,	/* wrong login name or password */
	KH_ERR_SESSION = 6,	/* session token unknown or expired */
	KH_ERR_DENIED = 7,	/* not allowed for this user */
	KH_ERR_NOT_FOUND = 8,
	KH_ERR_CONFLICT = 9,	/* changed elsewhere since the client read it */
	KH_ERR_STORAGE = 10,	/* the server could not make the write durable */
	KH_ERR_TOO_LARGE = 11,
	KH_ERR_INTERNAL = 12,
	KH_ERR_BUSY = 13,	/* too much waiting: try again shortly */
};

const char *kh_err_name(int code);

struct codec_error {
	int	 code;		/* enum kh_err */
	char	 field[64];	/* field at fault, or "" */
	char	 message[256];	/* what is wrong, lower case, no full stop */
};

/* The envelope of a decoded frame. */
struct envelope {
	uint32_t		 protocol;
	uint32_t		 type;
	uint64_t		 reqid;
	const struct message_desc *msg;
};

/* Check that data[0..len) is exactly one well-formed msgpack object within
 * the limits above.  Returns 0 or -1 with *why set to a static reason. */
int	wire_check(const void *data, size_t len, const char **why);

/* Append the frame [PROTOCOL_VERSION, type, reqid, body] to out.  body must
 * point to the struct the message's schema names. */
void	codec_encode(uint32_t type, uint64_t reqid, const void *body, struct kbuf *out);

/* Append a record's map to out. */
void	codec_encode_record(const struct record_desc *, const void *rec, struct kbuf *out);

/* Decode a frame.  On success returns 0, fills env, and *body points to a
 * new struct to be released with codec_body_free().  On failure returns -1
 * and fills err; env->protocol, env->type and env->reqid are filled as far
 * as they could be read, so the caller can address its error reply. */
int	codec_decode(const void *data, size_t len, struct envelope *env,
	    void **body, struct codec_error *err);

/* Decode a stored record into rec (zeroed first).  0 or -1 with err. */
int	codec_decode_record(const struct record_desc *, const void *data,
	    size_t len, void *rec, struct codec_error *err);

void	codec_body_free(const struct envelope *env, void **body);

#endif
