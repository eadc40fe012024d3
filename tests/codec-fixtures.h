/*
 * codec-fixtures.h: what the codec tests share: frames packed by hand the
 * way a hostile peer would, decoding shortcuts, and records filled from
 * their descriptors.
 */
#ifndef KAOHE_CODEC_FIXTURES_H
#define KAOHE_CODEC_FIXTURES_H

#include <stddef.h>
#include <stdint.h>

#include <msgpack.h>

#include "common/codec.h"
#include "common/util.h"

/* Hand-made bytes: B(0x91, 0x01) expands to a pointer and a length. */
#define B(...) (const unsigned char[]){ __VA_ARGS__ }, \
	sizeof((const unsigned char[]){ __VA_ARGS__ })

struct frame {
	struct kbuf	 kb;
	msgpack_packer	 pk;
};

/* Every record of schema/kaohe.def, message bodies or not. */
extern const struct record_desc *const all_records[];
extern const size_t nall_records;

int	kb_write(void *data, const char *buf, size_t len);
void	frame_init(struct frame *f);
void	pack_cstr(msgpack_packer *pk, const char *s);
void	frame_env(struct frame *f, uint64_t protocol, uint64_t type, uint64_t reqid, size_t nkeys);
int	decode_rc(const void *data, size_t len, struct envelope *env, struct codec_error *err);
int	frame_rc(struct frame *f, struct envelope *env, struct codec_error *err);
int	record_rc(const struct record_desc *d, const void *data, size_t len, struct codec_error *err);
void	fill_sample(const struct record_desc *d, void *rec, unsigned seed);
void	assert_same_record(const struct record_desc *d, const void *a, const void *b);
void	assert_zero_record(const struct record_desc *d, const void *rec);

#endif
