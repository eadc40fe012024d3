/*
 * plan-load.c: a plan file (YAML) into a struct plan, in two steps.
 *
 * First libyaml's event parser builds a small tree of the file: scalars,
 * lists and mappings, each with its line.  Anchors, aliases and tags are
 * refused right there, so no alias can make a small file expand into a huge
 * one.  Then tables, one per kind of mapping in the format, say which keys
 * each may hold, what kind of value each takes and which field of which
 * record (schema/kaohe.def) it fills; one walk over the tree applies them.
 * Offsets, string sizes and list sizes come from the schema's descriptors,
 * so a plan that loads always fits its records.  Every problem is reported
 * and the walk goes on, so an admin sees all of them at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "common/domain.h"
#include "common/plan.h"
#include "common/util.h"
#include "plan-load.h"
#include "yaml-util.h"

#define YAML_MAX_DEPTH	32

/* ---- the tree ---- */

enum ynode_type { YN_SCALAR, YN_LIST, YN_MAP };

struct ynode {
	enum ynode_type	 type;
	uint32_t	 line;
	char		*text;		/* a scalar's value */
	bool		 plain;		/* a scalar without quotes or | > */
	struct ynode	**kids;		/* list: items; map: key, value, key, value ... */
	uint32_t	 n, cap;
};

static void
ynode_free(struct ynode *y)
{
	if (y == NULL)
		return;
	for (uint32_t i = 0; i < y->n; i++)
		ynode_free(y->kids[i]);
	free(y->kids);
	free(y->text);
	free(y);
}

static void
ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 8;
		parent->kids = xrealloc(parent->kids, parent->cap * sizeof *parent->kids);
	}
	parent->kids[parent->n++] = kid;
}

/* Parse the YAML into a tree.  NULL (after reporting why) if the text is
 * not one well-formed document without anchors, aliases or tags. */
static struct ynode *
parse(struct yamlutil_ctx *c, const char *data, size_t len)
{
	struct ynode *stack[YAML_MAX_DEPTH + 1], *root = NULL;
	yaml_parser_t parser;
	yaml_event_t ev;
	int depth = 0, docs = 0;
	uint32_t before = c->errors;
	bool done = false;

	if (!yaml_parser_initialize(&parser))
		fatal("yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yamlutil_parse_error(c, &parser);
			break;
		}
		uint32_t line = yamlutil_line(&ev);
		struct ynode *y = NULL;

		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs == 2) {
				yamlutil_error(c, line, "a plan file holds one YAML document, and a second starts here");
				done = true;
			}
			break;
		case YAML_ALIAS_EVENT:
			yamlutil_refused(c, &ev, "a plan");
			/* Stand in for the alias so that the mapping stays whole. */
			y = xcalloc(1, sizeof *y);
			y->type = YN_SCALAR;
			y->text = xstrdup("");
			break;
		case YAML_SCALAR_EVENT:
			yamlutil_refused(c, &ev, "a plan");
			y = xcalloc(1, sizeof *y);
			y->type = YN_SCALAR;
			y->text = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			y->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			if (strlen(y->text) != ev.data.scalar.length)
				yamlutil_error(c, line, "text holds a NUL character");
			break;
		case YAML_SEQUENCE_START_EVENT:
			yamlutil_refused(c, &ev, "a plan");
			y = xcalloc(1, sizeof *y);
			y->type = YN_LIST;
			break;
		case YAML_MAPPING_START_EVENT:
			yamlutil_refused(c, &ev, "a plan");
			y = xcalloc(1, sizeof *y);
			y->type = YN_MAP;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (y == NULL)
			continue;
		y->line = line;
		if (depth == 0) {
			if (root != NULL) {	/* cannot happen in one document */
				ynode_free(y);
				continue;
			}
			root = y;
		} else {
			struct ynode *parent = stack[depth - 1];

			if (parent->type == YN_MAP && parent->n % 2 == 0 && y->type != YN_SCALAR)
				yamlutil_error(c, line, "a key must be plain text, not a %s",
				    y->type == YN_LIST ? "list" : "mapping");
			ynode_add(parent, y);
		}
		if (y->type != YN_SCALAR) {
			if (depth == YAML_MAX_DEPTH) {
				yamlutil_error(c, line, "nested more than %d levels deep", YAML_MAX_DEPTH);
				break;
			}
			stack[depth++] = y;
		}
	}
	yaml_parser_delete(&parser);
	if (c->errors != before) {
		ynode_free(root);
		return NULL;
	}
	if (root == NULL) {
		yamlutil_error(c, 1, "the file holds no plan");
		return NULL;
	}
	return root;
}

/* ---- the format ---- */

enum ykind {
	K_STR,		/* one line of text */
	K_ID,		/* a short name: text without spaces */
	K_TEXT,		/* text, line breaks allowed */
	K_WHOLE,	/* a whole number */
	K_POINTS,	/* a decimal, kept as hundredths */
	K_BOOL,		/* true or false */
	K_WORD,		/* one of a set of words: a code (U32) or the word (STR) */
	K_LIST,		/* a list of mappings, each a record */
	K_NAMES,	/* a list of texts, each the first field of a record */
	K_MAP,		/* a mapping whose keys fill the same record */
};

struct ytable;

struct yfield {
	const char		*name;		/* in the file */
	const char		*field;		/* in the record; NULL for K_MAP */
	enum ykind		 kind;
	bool			 required;
	const struct ytable	*sub;		/* K_LIST, K_MAP */
	int			(*code)(const char *);	/* K_WORD: -1 if unknown */
	const char		*words;		/* K_WORD: for messages */
};

struct ytable {
	const char		*what;		/* "a rater", for messages */
	const struct record_desc *desc;
	const struct yfield	*fields;
	size_t			 n;
};

#define TABLE(what, desc, f) { what, &desc, f, nitems(f) }

static int
subject_code(const char *s)
{
	return strcmp(s, "people") == 0 ? PLAN_PEOPLE :
	    strcmp(s, "organisations") == 0 ? PLAN_ORGANISATIONS : -1;
}

static int
combine_code(const char *s)
{
	return strcmp(s, "one") == 0 ? PLAN_COMBINE_ONE :
	    strcmp(s, "mean") == 0 ? PLAN_COMBINE_MEAN : -1;
}

static int
grade_code(const char *s)
{
	uint32_t g = plan_grade_from_name(s);

	return g != 0 ? (int)g : -1;
}

static int
part_code(const char *s)
{
	return plan_part_known(s) ? 0 : -1;
}

/* A person's role as raters' `by` names it (dept_head), or its Chinese name
 * (科室负责人), or its code (2).  Only roles people hold in an office are
 * assessed: admin and peers stand for no one's role, and inspectors, the
 * admin and the organisation department are not subjects of a plan. */
static int
subject_role_code(const char *s)
{
	int r = plan_role_from_key(s);

	if (r < ROLE_STAFF || r > ROLE_LEADER_MEMBER) {
		r = -1;
		for (uint32_t i = ROLE_STAFF; i <= ROLE_LEADER_MEMBER; i++)
			if (strcmp(role_word(i), s) == 0 ||
			    (strlen(s) == 1 && (uint32_t)(s[0] - '0') == i))
				r = (int)i;
	}
	return r;
}

#define GRADES	"优秀 称职 基本称职 不称职"	/* data */

static const struct yfield rule_fields[] = {
	{ "key", "key", K_ID, true, NULL, NULL, NULL },
	{ "text", "text", K_STR, true, NULL, NULL, NULL },
	{ "points", "points", K_POINTS, false, NULL, NULL, NULL },
	{ "once", "once", K_BOOL, false, NULL, NULL, NULL },
	{ "unit", "unit", K_STR, false, NULL, NULL, NULL },
};
static const struct ytable rule_table = TABLE("a deduction", rubric_rule_desc, rule_fields);

static const struct yfield item_fields[] = {
	{ "key", "key", K_ID, true, NULL, NULL, NULL },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "standard", "standard", K_POINTS, false, NULL, NULL, NULL },
	{ "content", "content", K_TEXT, false, NULL, NULL, NULL },
	{ "method", "method", K_TEXT, false, NULL, NULL, NULL },
	{ "deductions", "rules", K_LIST, false, &rule_table, NULL, NULL },
};
static const struct ytable item_table = TABLE("an item", rubric_item_desc, item_fields);

static const struct yfield section_fields[] = {
	{ "key", "key", K_ID, true, NULL, NULL, NULL },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "points", "points", K_POINTS, false, NULL, NULL, NULL },
	{ "items", "items", K_LIST, true, &item_table, NULL, NULL },
};
static const struct ytable section_table = TABLE("a section", rubric_section_desc, section_fields);

static const struct yfield tier_fields[] = {
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "min", "min", K_POINTS, true, NULL, NULL, NULL },
	{ "max", "max", K_POINTS, false, NULL, NULL, NULL },
};
static const struct ytable tier_table = TABLE("a tier", plan_tier_desc, tier_fields);

/* A subject: `role:` (people) or `category:` (organisations); plan_check
 * says which a plan may hold, and refuses both or neither. */
static const struct yfield scope_fields[] = {
	{ "role", "role", K_WORD, false, NULL, subject_role_code,
	  "staff dept_head supervisor principal leader (or 工作人员 科室负责人 ...)" },	/* data */
	{ "category", "category", K_ID, false, NULL, NULL, NULL },
};
static const struct ytable scope_table = TABLE("a subject", plan_scope_desc, scope_fields);

/* sampling's `each: [机关部门, 站所, 学校]`: a list of categories. */
static const struct yfield each_fields[] = {
	{ "each", "category", K_ID, true, NULL, NULL, NULL },
};
static const struct ytable each_table = TABLE("a category sampled", plan_scope_desc, each_fields);

static const struct yfield sampling_fields[] = {
	{ "percent", "sample_percent", K_WHOLE, true, NULL, NULL, NULL },
	{ "min", "sample_min", K_WHOLE, false, NULL, NULL, NULL },
	{ "town", "sample_town", K_ID, false, NULL, NULL, NULL },
	{ "each", "sample_each", K_NAMES, false, &each_table, NULL, NULL },
};
static const struct ytable sampling_table = TABLE("sampling", plan_desc, sampling_fields);

static const struct yfield rubric_fields[] = {
	{ "total", "rubric_total", K_POINTS, false, NULL, NULL, NULL },
	{ "apply_min", "apply_min", K_POINTS, false, NULL, NULL, NULL },
	{ "checklist", "checklist", K_BOOL, false, NULL, NULL, NULL },
	{ "tiers", "tiers", K_LIST, false, &tier_table, NULL, NULL },
	{ "sampling", NULL, K_MAP, false, &sampling_table, NULL, NULL },
	{ "sections", "sections", K_LIST, true, &section_table, NULL, NULL },
};
static const struct ytable rubric_table = TABLE("the rubric", plan_desc, rubric_fields);

static const struct yfield record_fields[] = {
	{ "record", "kind", K_WORD, true, NULL, plan_record_from_key,
	  "daily monthly quarterly evaluation halfyear annual" },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
};
static const struct ytable record_table = TABLE("a record of the cycle", plan_record_desc, record_fields);

static const struct yfield rater_fields[] = {
	{ "key", "key", K_ID, true, NULL, NULL, NULL },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "weight", "weight", K_WHOLE, true, NULL, NULL, NULL },
	{ "by", "role", K_WORD, true, NULL, plan_role_from_key,
	  "staff dept_head supervisor principal leader admin peers" },
	{ "combine", "combine", K_WORD, false, NULL, combine_code, "one mean" },
	{ "anonymous", "anonymous", K_BOOL, false, NULL, NULL, NULL },
	{ "adjusted", "adjusted", K_BOOL, false, NULL, NULL, NULL },
};
static const struct ytable rater_table = TABLE("a rater", plan_rater_desc, rater_fields);

static const struct yfield level_fields[] = {
	{ "key", "key", K_ID, true, NULL, NULL, NULL },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "points", "points", K_POINTS, true, NULL, NULL, NULL },
};
static const struct ytable level_table = TABLE("a commendation level", plan_level_desc, level_fields);

static const struct yfield commendation_fields[] = {
	{ "highest_only", "highest_only", K_BOOL, false, NULL, NULL, NULL },
	{ "criticism_deducts", "criticism_deducts", K_BOOL, false, NULL, NULL, NULL },
	{ "levels", "levels", K_LIST, true, &level_table, NULL, NULL },
};
static const struct ytable commendation_table = TABLE("commendations", plan_desc, commendation_fields);

static const struct yfield band_fields[] = {
	{ "grade", "grade", K_WORD, true, NULL, grade_code, GRADES },
	{ "min", "min", K_POINTS, true, NULL, NULL, NULL },
	{ "max", "max", K_POINTS, false, NULL, NULL, NULL },
};
static const struct ytable band_table = TABLE("a grade band", plan_band_desc, band_fields);

static const struct yfield quota_fields[] = {
	{ "grade", "quota_grade", K_WORD, true, NULL, grade_code, GRADES },
	{ "percent", "quota_percent", K_WHOLE, true, NULL, NULL, NULL },
	{ "rounding", "quota_rounding", K_WORD, false, NULL, plan_rounding_from_key,
	  "floor nearest ceiling" },
};
static const struct ytable quota_table = TABLE("the quota", plan_desc, quota_fields);

static const struct yfield eligibility_fields[] = {
	{ "annual_needs_routine_excellent", "annual_needs_routine_excellent", K_BOOL, false,
	  NULL, NULL, NULL },
	{ "low_routine_bars_excellent", "low_routine_bars_excellent", K_BOOL, false,
	  NULL, NULL, NULL },
};
static const struct ytable eligibility_table = TABLE("eligibility", plan_desc, eligibility_fields);

static const struct yfield weight_fields[] = {
	{ "part", "part", K_WORD, true, NULL, part_code,
	  "routine halfyear yearend functional inspection" },
	{ "weight", "weight", K_WHOLE, true, NULL, NULL, NULL },
	{ "min", "min", K_WHOLE, false, NULL, NULL, NULL },
};
static const struct ytable weight_table = TABLE("an annual part", plan_weight_desc, weight_fields);

static const struct yfield plan_fields[] = {
	{ "key", "key", K_STR, true, NULL, NULL, NULL },
	{ "name", "name", K_STR, true, NULL, NULL, NULL },
	{ "source", "source", K_STR, false, NULL, NULL, NULL },
	{ "subject", "subject", K_WORD, true, NULL, subject_code, "people organisations" },
	{ "cycle", "cycle", K_LIST, true, &record_table, NULL, NULL },
	{ "raters", "raters", K_LIST, false, &rater_table, NULL, NULL },
	{ "commendations", NULL, K_MAP, false, &commendation_table, NULL, NULL },
	{ "grades", "bands", K_LIST, false, &band_table, NULL, NULL },
	{ "quota", NULL, K_MAP, false, &quota_table, NULL, NULL },
	{ "eligibility", NULL, K_MAP, false, &eligibility_table, NULL, NULL },
	{ "annual", "annual", K_LIST, false, &weight_table, NULL, NULL },
	{ "ranked", "ranked", K_BOOL, false, NULL, NULL, NULL },
	{ "rubric", NULL, K_MAP, false, &rubric_table, NULL, NULL },
	{ "subjects", "subjects", K_LIST, false, &scope_table, NULL, NULL },
};
static const struct ytable plan_table = TABLE("the plan", plan_desc, plan_fields);

/* ---- the walk ---- */

static const struct field_desc *
field_of(const struct record_desc *d, const char *name)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return &d->fields[i];
	fatal("plan-load: record %s has no field %s", d->name, name);
}

static const char *
node_kind(const struct ynode *y)
{
	return y->type == YN_LIST ? "a list" : y->type == YN_MAP ? "a mapping" : "text";
}

/* YAML's null: nothing after the colon, or ~ or null. */
static bool
is_null(const struct ynode *y)
{
	return y->type == YN_SCALAR && y->plain && (y->text[0] == '\0' ||
	    strcmp(y->text, "~") == 0 || strcmp(y->text, "null") == 0);
}

static bool
one_line(const char *s, bool breaks)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (breaks && (*p == '\n' || *p == '\t'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return false;
		/* C1 controls: U+0080..U+009F are C2 80..C2 9F in UTF-8. */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
	}
	return true;
}

static void map_record(struct yamlutil_ctx *, const struct ytable *, const struct ynode *, void *);
static void map_value(struct yamlutil_ctx *, const struct ytable *, const struct yfield *,
    const struct ynode *, uint32_t, char *);

/* A scalar for field f, or NULL after reporting what came instead. */
static const char *
scalar(struct yamlutil_ctx *c, const struct yfield *f, const struct ynode *v, uint32_t line,
    const char *want, bool quoted_ok)
{
	if (v->type != YN_SCALAR) {
		yamlutil_error(c, line, "%s must be %s, not %s", f->name, want, node_kind(v));
		return NULL;
	}
	if (is_null(v)) {
		yamlutil_error(c, line, "%s is empty: it must be %s", f->name, want);
		return NULL;
	}
	if (!quoted_ok && !v->plain) {
		yamlutil_error(c, line, "%s must be %s, not the quoted text \"%s\"", f->name, want, v->text);
		return NULL;
	}
	return v->text;
}

static void
map_list(struct yamlutil_ctx *c, const struct yfield *f, const struct field_desc *fd,
    const struct ynode *v, uint32_t line, char *base)
{
	const struct record_desc *ed = fd->elem;
	char *items;

	if (v->type != YN_LIST && !is_null(v)) {
		yamlutil_error(c, line, "%s must be a list (lines starting with -), not %s", f->name,
		    node_kind(v));
		return;
	}
	if (v->type != YN_LIST || v->n == 0) {
		if (f->required)
			yamlutil_error(c, line, "%s is empty", f->name);
		return;
	}
	if (fd->max != 0 && v->n > fd->max) {
		yamlutil_error(c, line, "%s has %u entries, more than %llu", f->name, v->n,
		    (unsigned long long)fd->max);
		return;
	}
	if (*(char **)(base + fd->offset) != NULL)
		return;		/* given twice: reported already */
	items = xcalloc(v->n, ed->size);
	*(char **)(base + fd->offset) = items;
	*(uint32_t *)(base + fd->count_offset) = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		const struct ynode *e = v->kids[i];

		if (f->kind == K_NAMES) {
			/* Each text fills the first field of its entry. */
			map_value(c, f->sub, &f->sub->fields[0], e, e->line, items + i * ed->size);
			*(uint32_t *)(items + i * ed->size + field_of(ed, "line")->offset) = e->line;
			continue;
		}
		if (e->type != YN_MAP) {
			yamlutil_error(c, e->line, "each entry of %s must be key: value pairs, not %s",
			    f->name, node_kind(e));
			continue;
		}
		map_record(c, f->sub, e, items + i * ed->size);
		*(uint32_t *)(items + i * ed->size + field_of(ed, "line")->offset) = e->line;
	}
}

/* Fill field f of the record at base from the value v (whose key is on line). */
static void
map_value(struct yamlutil_ctx *c, const struct ytable *t, const struct yfield *f,
    const struct ynode *v, uint32_t line, char *base)
{
	const struct field_desc *fd = f->field != NULL ? field_of(t->desc, f->field) : NULL;
	const char *s, *why;
	uint32_t u;

	switch (f->kind) {
	case K_STR:
	case K_ID:
	case K_TEXT:
		if (v->type != YN_SCALAR) {
			yamlutil_error(c, line, "%s must be text, not %s", f->name, node_kind(v));
			return;
		}
		s = is_null(v) ? "" : v->text;
		if (f->required && s[0] == '\0') {
			yamlutil_error(c, line, "%s is empty", f->name);
			return;
		}
		if (!one_line(s, f->kind == K_TEXT)) {
			yamlutil_error(c, line, "%s holds control characters%s", f->name,
			    f->kind == K_TEXT ? "" : " or line breaks");
			return;
		}
		/* An ideographic space (U+3000) is a space too. */
		if (f->kind == K_ID && (strpbrk(s, " \t") != NULL || strstr(s, "\xe3\x80\x80") != NULL)) {
			yamlutil_error(c, line, "%s \"%s\" must have no spaces", f->name, s);
			return;
		}
		if (fd->max != 0 && strlen(s) > fd->max) {
			yamlutil_error(c, line, "%s is %zu bytes long, more than %llu", f->name, strlen(s),
			    (unsigned long long)fd->max);
			return;
		}
		free(*(char **)(base + fd->offset));
		*(char **)(base + fd->offset) = xstrdup(s);
		return;
	case K_WHOLE:
		if ((s = scalar(c, f, v, line, "a whole number", false)) == NULL)
			return;
		if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 9) {
			yamlutil_error(c, line, "%s must be a whole number, not \"%s\"", f->name, s);
			return;
		}
		u = (uint32_t)strtoul(s, NULL, 10);
		if (fd->max != 0 && u > fd->max) {
			yamlutil_error(c, line, "%s is %u, more than %llu", f->name, u,
			    (unsigned long long)fd->max);
			return;
		}
		*(uint32_t *)(base + fd->offset) = u;
		return;
	case K_POINTS:
		if ((s = scalar(c, f, v, line, "a number", false)) == NULL)
			return;
		if (plan_hundredths_parse(s, fd->max != 0 ? (uint32_t)fd->max : UINT32_MAX, &u, &why) != 0) {
			if (strcmp(why, "is too large") == 0)
				yamlutil_error(c, line, "%s %s is too large: at most %llu.%02llu", f->name, s,
				    (unsigned long long)fd->max / 100, (unsigned long long)fd->max % 100);
			else
				yamlutil_error(c, line, "%s %s %s", f->name, s, why);
			return;
		}
		*(uint32_t *)(base + fd->offset) = u;
		return;
	case K_BOOL:
		if ((s = scalar(c, f, v, line, "true or false", false)) == NULL)
			return;
		if (strcmp(s, "true") != 0 && strcmp(s, "false") != 0) {
			yamlutil_error(c, line, "%s must be true or false, not \"%s\"", f->name, s);
			return;
		}
		*(bool *)(base + fd->offset) = strcmp(s, "true") == 0;
		return;
	case K_WORD: {
		int code;

		if ((s = scalar(c, f, v, line, "a word", true)) == NULL)
			return;
		if ((code = f->code(s)) < 0) {
			yamlutil_error(c, line, "%s \"%s\" is not one of %s", f->name, s, f->words);
			return;
		}
		if (fd->type == FT_STR) {
			free(*(char **)(base + fd->offset));
			*(char **)(base + fd->offset) = xstrdup(s);
		} else
			*(uint32_t *)(base + fd->offset) = (uint32_t)code;
		return;
	}
	case K_LIST:
	case K_NAMES:
		map_list(c, f, fd, v, line, base);
		return;
	case K_MAP:
		if (v->type != YN_MAP) {
			yamlutil_error(c, line, "%s must be key: value pairs, not %s", f->name, node_kind(v));
			return;
		}
		map_record(c, f->sub, v, base);
		return;
	}
}

/* The keys of a table, for "unknown key" messages. */
static void
table_keys(const struct ytable *t, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->n && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? " " : "", t->fields[i].name);
}

/* Fill the record rec from the mapping m, by table t. */
static void
map_record(struct yamlutil_ctx *c, const struct ytable *t, const struct ynode *m, void *rec)
{
	bool seen[32] = { false };
	char keys[512];

	for (uint32_t i = 0; i + 1 < m->n; i += 2) {
		const struct ynode *k = m->kids[i], *v = m->kids[i + 1];
		size_t fi;
		bool dup = false;

		if (k->type != YN_SCALAR)
			continue;	/* reported by parse() */
		for (uint32_t j = 0; j < i && !dup; j += 2)
			if (m->kids[j]->type == YN_SCALAR && strcmp(m->kids[j]->text, k->text) == 0) {
				yamlutil_error(c, k->line, "key \"%s\" is given twice in %s (first on line %u)",
				    k->text, t->what, m->kids[j]->line);
				dup = true;
			}
		if (dup)
			continue;
		for (fi = 0; fi < t->n; fi++)
			if (strcmp(t->fields[fi].name, k->text) == 0)
				break;
		if (fi == t->n) {
			table_keys(t, keys, sizeof keys);
			yamlutil_error(c, k->line, "unknown key \"%s\" in %s (it may hold: %s)", k->text,
			    t->what, keys);
			continue;
		}
		seen[fi] = true;
		map_value(c, t, &t->fields[fi], v, k->line, rec);
	}
	for (size_t fi = 0; fi < t->n; fi++)
		if (t->fields[fi].required && !seen[fi])
			yamlutil_error(c, m->line, "%s lacks the key \"%s\"", t->what, t->fields[fi].name);
}

/* Give every string still NULL the value "", as a decoded record has. */
static void
fill_strings(const struct record_desc *d, char *base)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];

		if (f->type == FT_STR && *(char **)(base + f->offset) == NULL)
			*(char **)(base + f->offset) = xstrdup("");
		else if (f->type == FT_LIST) {
			char *items = *(char **)(base + f->offset);
			uint32_t n = *(uint32_t *)(base + f->count_offset);

			for (uint32_t j = 0; j < n; j++)
				fill_strings(f->elem, items + j * f->elem->size);
		}
	}
}

/* What the format leaves out has a default. */
static void
defaults(struct plan *p, const struct ynode *root)
{
	for (uint32_t i = 0; i < p->raters_n; i++)
		if (p->raters[i].combine == 0)
			p->raters[i].combine = PLAN_COMBINE_ONE;
	if (p->quota_grade != 0 && p->quota_rounding == 0)
		p->quota_rounding = PLAN_ROUND_FLOOR;
	for (uint32_t i = 0; i < p->levels_n; i++)
		p->levels[i].rank = i + 1;
	/* The plan's line is that of its key. */
	p->line = root->line;
	for (uint32_t i = 0; i + 1 < root->n; i += 2)
		if (root->kids[i]->type == YN_SCALAR && strcmp(root->kids[i]->text, "key") == 0) {
			p->line = root->kids[i]->line;
			break;
		}
}

int
plan_load_text(const char *name, const char *data, size_t len, struct plan *out,
    struct import_report *r)
{
	struct yamlutil_ctx c = { name, r, 0 };
	struct ynode *root;

	memset(out, 0, sizeof *out);
	if (len > PLAN_FILE_MAX_BYTES) {
		yamlutil_error(&c, 0, "the file is %zu bytes, more than the %u a plan may have", len,
		    PLAN_FILE_MAX_BYTES);
		return -1;
	}
	if (!utf8_valid(data, len)) {
		yamlutil_error(&c, 0, "the file is not UTF-8 text");
		return -1;
	}
	if ((root = parse(&c, data, len)) == NULL)
		return -1;
	if (root->type != YN_MAP)
		yamlutil_error(&c, root->line,
		    "the file must hold key: value pairs (key:, name:, subject: ...), not %s",
		    node_kind(root));
	else
		map_record(&c, &plan_table, root, out);
	fill_strings(&plan_desc, (char *)out);
	defaults(out, root);
	ynode_free(root);
	if (c.errors != 0) {
		schema_free(&plan_desc, out);
		return -1;
	}
	return 0;
}

int
plan_load(const char *path, struct plan *out, struct import_report *r)
{
	struct yamlutil_ctx c = { path, r, 0 };
	struct kbuf b;
	int rc;

	memset(out, 0, sizeof *out);
	if (yamlutil_read_file(&c, path, PLAN_FILE_MAX_BYTES, "a plan", &b) != 0)
		return -1;
	rc = plan_load_text(path, b.data != NULL ? b.data : "", b.len, out, r);
	kbuf_free(&b);
	return rc;
}
