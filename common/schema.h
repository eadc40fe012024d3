/*
 * schema.h: the C side of schema/kaohe.def.
 *
 * Expands the declarations into one struct per record, one descriptor table
 * per record (read by the codec in codec.c), and the message type enum.
 * Strings are NUL-terminated heap copies; LIST fields are a heap array plus a
 * count named <field>_n.  schema_free() releases what a decode allocated.
 */
#ifndef KAOHE_SCHEMA_H
#define KAOHE_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type { FT_U32, FT_U64, FT_BOOL, FT_STR, FT_REC, FT_LIST };

struct record_desc;

struct field_desc {
	const char		*name;
	enum field_type		 type;
	size_t			 offset;
	uint64_t		 max;		/* bytes, value or elements; 0: none */
	const struct record_desc *elem;		/* REC and LIST */
	size_t			 count_offset;	/* LIST */
	const char		*doc;
};

struct record_desc {
	const char		*name;
	size_t			 size;
	const struct field_desc	*fields;
	size_t			 nfields;
	const char		*doc;
};

/* The structs. */
#define KH_MEMBER_U32(n, e)	uint32_t n;
#define KH_MEMBER_U64(n, e)	uint64_t n;
#define KH_MEMBER_BOOL(n, e)	bool n;
#define KH_MEMBER_STR(n, e)	char *n;
#define KH_MEMBER_REC(n, e)	struct e n;
#define KH_MEMBER_LIST(n, e)	struct e *n; uint32_t n##_n;
#define RECORD(name, doc)	struct name {
#define FIELD(r, t, n, max, e, doc) KH_MEMBER_##t(n, e)
#define END(name)		};
#define MESSAGE(code, NAME, body, doc)
#include "../schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE

/* One descriptor per record: <name>_desc. */
#define RECORD(name, doc)	extern const struct record_desc name##_desc;
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#define MESSAGE(code, NAME, body, doc)
#include "../schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE

/* Message types: MSG_<NAME> = code. */
enum msg_type {
#define RECORD(name, doc)
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#define MESSAGE(code, NAME, body, doc) MSG_##NAME = code,
#include "../schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE
};

struct message_desc {
	uint32_t		 code;
	const char		*name;
	const struct record_desc *body;
	const char		*doc;
};

extern const struct message_desc schema_messages[];
extern const size_t schema_nmessages;

/* The message with this code, or NULL. */
const struct message_desc *schema_message(uint32_t code);

/* Free every string and list a decode allocated inside rec (not rec itself)
 * and zero it.  Safe on a zeroed record. */
void schema_free(const struct record_desc *desc, void *rec);

/* Free n records in the array items (each with schema_free) and the array. */
void schema_free_array(const struct record_desc *desc, void *items, uint32_t n);

/* Deep copy src into dst (which is overwritten, not freed).  Aborts on
 * out of memory. */
void schema_copy(const struct record_desc *desc, void *dst, const void *src);

/* Change kinds. */
enum change_kind { CHANGE_PUT = 1, CHANGE_DELETE = 2 };

#endif
