/*
 * wire-check.c: a walk over raw msgpack bytes that trusts nothing.
 *
 * msgpack-c allocates the count an array or map header declares before it
 * looks at the bytes behind it, so a five-byte frame could ask for billions
 * of elements.  This walk runs first: every element takes at least one byte,
 * so a header declaring more elements than bytes remain is refused here,
 * before any allocation.  It also bounds depth, refuses trailing bytes and
 * checks that strings are UTF-8.  Its work is linear in the frame's length.
 */
#include <string.h>

#include "codec.h"

struct cursor {
	const unsigned char	*p;
	size_t			 left;
	const char		*why;
};

static int
take(struct cursor *c, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (c->left < n) {
		c->why = "truncated frame";
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | c->p[i];
	c->p += n;
	c->left -= n;
	if (out != NULL)
		*out = v;
	return 0;
}

static int
skip_bytes(struct cursor *c, uint64_t n, int is_str)
{
	if (n > c->left) {
		c->why = "declared length larger than the frame";
		return -1;
	}
	if (is_str && !utf8_valid((const char *)c->p, (size_t)n)) {
		c->why = "string is not valid UTF-8";
		return -1;
	}
	c->p += n;
	c->left -= n;
	return 0;
}

static int walk(struct cursor *, unsigned depth);

static int
walk_items(struct cursor *c, uint64_t n, unsigned per, unsigned depth)
{
	/* Each element is at least one byte: refuse before reading any. */
	if (n > c->left / per) {
		c->why = "declared count larger than the frame";
		return -1;
	}
	if (depth >= CODEC_MAX_DEPTH) {
		c->why = "nesting too deep";
		return -1;
	}
	for (uint64_t i = 0; i < n * per; i++)
		if (walk(c, depth + 1) != 0)
			return -1;
	return 0;
}

static int
walk(struct cursor *c, unsigned depth)
{
	uint64_t b, n;

	if (take(c, 1, &b) != 0)
		return -1;
	if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
		return 0;		/* fixint, nil, bool */
	if (b >= 0x80 && b <= 0x8f)
		return walk_items(c, b & 0x0f, 2, depth);
	if (b >= 0x90 && b <= 0x9f)
		return walk_items(c, b & 0x0f, 1, depth);
	if (b >= 0xa0 && b <= 0xbf)
		return skip_bytes(c, b & 0x1f, 1);
	switch (b) {
	case 0xc4: case 0xc5: case 0xc6:	/* bin 8/16/32 */
		if (take(c, (size_t)1 << (b - 0xc4), &n) != 0)
			return -1;
		return skip_bytes(c, n, 0);
	case 0xca:
		return take(c, 4, NULL);
	case 0xcb:
		return take(c, 8, NULL);
	case 0xcc: case 0xcd: case 0xce: case 0xcf:
		return take(c, (size_t)1 << (b - 0xcc), NULL);
	case 0xd0: case 0xd1: case 0xd2: case 0xd3:
		return take(c, (size_t)1 << (b - 0xd0), NULL);
	case 0xd9: case 0xda: case 0xdb:	/* str 8/16/32 */
		if (take(c, (size_t)1 << (b - 0xd9), &n) != 0)
			return -1;
		return skip_bytes(c, n, 1);
	case 0xdc: case 0xdd:
		if (take(c, b == 0xdc ? 2 : 4, &n) != 0)
			return -1;
		return walk_items(c, n, 1, depth);
	case 0xde: case 0xdf:
		if (take(c, b == 0xde ? 2 : 4, &n) != 0)
			return -1;
		return walk_items(c, n, 2, depth);
	case 0xc1:
		c->why = "reserved byte 0xc1";
		return -1;
	default:				/* 0xc7-0xc9, 0xd4-0xd8: ext */
		c->why = "ext types are not used by kaohe";
		return -1;
	}
}

int
wire_check(const void *data, size_t len, const char **why)
{
	struct cursor c = { data, len, NULL };

	if (len == 0) {
		*why = "empty frame";
		return -1;
	}
	if (walk(&c, 0) != 0) {
		*why = c.why;
		return -1;
	}
	if (c.left != 0) {
		*why = "trailing bytes after the frame";
		return -1;
	}
	return 0;
}
