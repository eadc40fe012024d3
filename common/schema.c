/*
 * schema.c: the descriptor tables for every record and message in
 * schema/kaohe.def, and the generic free and copy that walk them.
 */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "util.h"

#define KH_ELEM_U32(e)		NULL
#define KH_ELEM_U64(e)		NULL
#define KH_ELEM_BOOL(e)		NULL
#define KH_ELEM_STR(e)		NULL
#define KH_ELEM_REC(e)		&e##_desc
#define KH_ELEM_LIST(e)		&e##_desc
#define KH_COUNT_U32(r, n)	0
#define KH_COUNT_U64(r, n)	0
#define KH_COUNT_BOOL(r, n)	0
#define KH_COUNT_STR(r, n)	0
#define KH_COUNT_REC(r, n)	0
#define KH_COUNT_LIST(r, n)	offsetof(struct r, n##_n)

#define RECORD(name, doc)	static const struct field_desc name##_fields[] = {
#define FIELD(r, t, n, max, e, doc) \
	{ #n, FT_##t, offsetof(struct r, n), max, KH_ELEM_##t(e), KH_COUNT_##t(r, n), doc },
#define END(name)		};
#define MESSAGE(code, NAME, body, doc)
#include "../schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END

#define RECORD(name, doc) \
	const struct record_desc name##_desc = { #name, sizeof(struct name), \
	    name##_fields, sizeof(name##_fields) / sizeof(name##_fields[0]), doc };
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#include "../schema/kaohe.def"
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE

#define RECORD(name, doc)
#define FIELD(r, t, n, max, e, doc)
#define END(name)
#define MESSAGE(code, NAME, body, doc) { code, #NAME, &body##_desc, doc },
const struct message_desc schema_messages[] = {
#include "../schema/kaohe.def"
};
#undef RECORD
#undef FIELD
#undef END
#undef MESSAGE
const size_t schema_nmessages = sizeof(schema_messages) / sizeof(schema_messages[0]);

const struct message_desc *
schema_message(uint32_t code)
{
	for (size_t i = 0; i < schema_nmessages; i++)
		if (schema_messages[i].code == code)
			return &schema_messages[i];
	return NULL;
}

void
schema_free(const struct record_desc *desc, void *rec)
{
	char *base = rec;

	for (size_t i = 0; i < desc->nfields; i++) {
		const struct field_desc *f = &desc->fields[i];
		void *p = base + f->offset;

		switch (f->type) {
		case FT_STR:
			free(*(char **)p);
			break;
		case FT_REC:
			schema_free(f->elem, p);
			break;
		case FT_LIST:
			schema_free_array(f->elem, *(void **)p, *(uint32_t *)(base + f->count_offset));
			break;
		default:
			break;
		}
	}
	memset(rec, 0, desc->size);
}

void
schema_free_array(const struct record_desc *desc, void *items, uint32_t n)
{
	for (uint32_t i = 0; items != NULL && i < n; i++)
		schema_free(desc, (char *)items + (size_t)i * desc->size);
	free(items);
}

void
schema_copy(const struct record_desc *desc, void *dst, const void *src)
{
	char *d = dst;
	const char *s = src;

	memcpy(dst, src, desc->size);
	for (size_t i = 0; i < desc->nfields; i++) {
		const struct field_desc *f = &desc->fields[i];

		switch (f->type) {
		case FT_STR: {
			const char *str = *(char *const *)(s + f->offset);
			*(char **)(d + f->offset) = str != NULL ? xstrdup(str) : NULL;
			break;
		}
		case FT_REC:
			schema_copy(f->elem, d + f->offset, s + f->offset);
			break;
		case FT_LIST: {
			const char *items = *(char *const *)(s + f->offset);
			uint32_t n = *(const uint32_t *)(s + f->count_offset);
			char *copy = NULL;

			if (items != NULL && n > 0) {
				copy = xcalloc(n, f->elem->size);
				for (uint32_t j = 0; j < n; j++)
					schema_copy(f->elem, copy + j * f->elem->size,
					    items + j * f->elem->size);
			}
			*(char **)(d + f->offset) = copy;
			break;
		}
		default:
			break;
		}
	}
}
