/*
 * ledger-load.c: a ledger file (YAML) into a struct ledger_def.
 *
 * A ledger file has one fixed shape: a mapping of key, name and source
 * (text) and items, a list of mappings of key, name (text), points (a
 * decimal, at most two places) and deduct (true/false).  So one pass over
 * libyaml's events with a small state machine reads it, with no tree:
 * anything that is not that shape is reported with its line and stops the
 * read; a bad value is reported and the read goes on, so an admin sees
 * most problems at once.  Anchors, aliases and tags are refused, as in
 * plan files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "common/ledger.h"
#include "common/plan.h"
#include "common/util.h"
#include "ledger-load.h"
#include "yaml-util.h"

enum where { TOP, TOP_VALUE, ITEMS, ITEM, ITEM_VALUE, DONE };

struct lctx {
	struct yamlutil_ctx	 y;		/* the file, its problems */
	struct ledger_def	*d;
	enum where		 at;
	char			*key;		/* the mapping key waiting for its value */
	uint32_t		 key_line;
	int			 docs;
};

/* A text value into *dst, at most max bytes. */
static void
set_text(struct lctx *c, uint32_t line, char **dst, const char *v, size_t max)
{
	if (strlen(v) > max) {
		yamlutil_error(&c->y, line, "%s is longer than %zu bytes", c->key, max);
		return;
	}
	free(*dst);
	*dst = xstrdup(v);
}

static void
top_value(struct lctx *c, uint32_t line, const char *v)
{
	if (strcmp(c->key, "key") == 0)
		set_text(c, line, &c->d->key, v, 32);
	else if (strcmp(c->key, "name") == 0)
		set_text(c, line, &c->d->name, v, 64);
	else if (strcmp(c->key, "source") == 0)
		set_text(c, line, &c->d->source, v, 300);
	else
		yamlutil_error(&c->y, c->key_line, "unknown key %s (a ledger has key, name, source, items)", c->key);
	if (strcmp(c->key, "key") == 0)
		c->d->line = c->key_line;
}

static void
item_value(struct lctx *c, uint32_t line, const char *v)
{
	struct ledger_item *it = &c->d->items[c->d->items_n - 1];
	const char *why;

	if (strcmp(c->key, "key") == 0)
		set_text(c, line, &it->key, v, 32);
	else if (strcmp(c->key, "name") == 0)
		set_text(c, line, &it->name, v, 128);
	else if (strcmp(c->key, "points") == 0) {
		if (plan_hundredths_parse(v, LEDGER_POINTS_MAX, &it->points, &why) != 0)
			yamlutil_error(&c->y, line, "points \"%s\" %s", v, why);
	} else if (strcmp(c->key, "deduct") == 0) {
		if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0)
			it->deduct = strcmp(v, "true") == 0;
		else
			yamlutil_error(&c->y, line, "deduct should be true or false, not \"%s\"", v);
	} else
		yamlutil_error(&c->y, c->key_line, "unknown key %s (an item has key, name, points, deduct)", c->key);
}

/* One event; false to stop reading. */
static bool
step(struct lctx *c, const yaml_event_t *ev)
{
	uint32_t line = yamlutil_line(ev);
	const char *v;

	switch (ev->type) {
	case YAML_STREAM_START_EVENT:
		return true;
	case YAML_DOCUMENT_START_EVENT:
		if (++c->docs == 2) {
			yamlutil_error(&c->y, line, "a ledger file holds one YAML document, and a second starts here");
			return false;
		}
		return true;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		return true;
	case YAML_ALIAS_EVENT:
		yamlutil_refused(&c->y, ev, "a ledger file");
		return false;
	case YAML_SCALAR_EVENT:
		if (yamlutil_refused(&c->y, ev, "a ledger file"))
			return false;
		v = (const char *)ev->data.scalar.value;
		if (c->at == TOP || c->at == ITEM) {
			free(c->key);
			c->key = xstrdup(v);
			c->key_line = line;
			c->at = c->at == TOP ? TOP_VALUE : ITEM_VALUE;
			return true;
		}
		if (c->at == TOP_VALUE) {
			if (strcmp(c->key, "items") == 0) {
				yamlutil_error(&c->y, line, "items should be a list of items");
				return false;
			}
			top_value(c, line, v);
			c->at = TOP;
			return true;
		}
		if (c->at == ITEM_VALUE) {
			item_value(c, line, v);
			c->at = ITEM;
			return true;
		}
		yamlutil_error(&c->y, line, c->at == ITEMS ? "an item should be a mapping of key, name, points" :
		    "a ledger file should be a mapping of key, name, source, items");
		return false;
	case YAML_SEQUENCE_START_EVENT:
		if (yamlutil_refused(&c->y, ev, "a ledger file"))
			return false;
		if (c->at == TOP_VALUE && strcmp(c->key, "items") == 0) {
			c->at = ITEMS;
			return true;
		}
		yamlutil_error(&c->y, line, "a list is not expected here");
		return false;
	case YAML_SEQUENCE_END_EVENT:
		c->at = TOP;
		return true;
	case YAML_MAPPING_START_EVENT:
		if (yamlutil_refused(&c->y, ev, "a ledger file"))
			return false;
		if (c->at == DONE && c->d->line == 0 && c->key == NULL) {
			c->at = TOP;
			return true;
		}
		if (c->at == ITEMS) {
			if (c->d->items_n == 64) {
				yamlutil_error(&c->y, line, "a ledger has at most 64 items");
				return false;
			}
			c->d->items = xrealloc(c->d->items, (c->d->items_n + 1) * sizeof *c->d->items);
			memset(&c->d->items[c->d->items_n], 0, sizeof *c->d->items);
			c->d->items[c->d->items_n++].line = line;
			c->at = ITEM;
			return true;
		}
		yamlutil_error(&c->y, line, "a mapping is not expected here");
		return false;
	case YAML_MAPPING_END_EVENT:
		c->at = c->at == ITEM ? ITEMS : DONE;
		return true;
	default:
		return true;
	}
}

/* Every string of the definition set, "" if the file left it out. */
static void
fill_strings(struct ledger_def *d)
{
	char **s[] = { &d->key, &d->name, &d->source };

	for (size_t i = 0; i < nitems(s); i++)
		if (*s[i] == NULL)
			*s[i] = xstrdup("");
	for (uint32_t i = 0; i < d->items_n; i++) {
		if (d->items[i].key == NULL)
			d->items[i].key = xstrdup("");
		if (d->items[i].name == NULL)
			d->items[i].name = xstrdup("");
	}
}

int
ledger_load_text(const char *name, const char *data, size_t len, struct ledger_def *out,
    struct import_report *r)
{
	struct lctx c = { { name, r, 0 }, out, DONE, NULL, 0, 0 };
	yaml_parser_t parser;
	yaml_event_t ev;
	bool more = true;
	char why[256];
	uint32_t line;

	memset(out, 0, sizeof *out);
	if (!yaml_parser_initialize(&parser))
		fatal("yaml_parser_initialize: out of memory");
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (more) {
		if (!yaml_parser_parse(&parser, &ev)) {
			yamlutil_parse_error(&c.y, &parser);
			break;
		}
		more = ev.type != YAML_STREAM_END_EVENT && step(&c, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	free(c.key);
	fill_strings(out);
	if (c.y.errors == 0 && out->line == 0)
		yamlutil_error(&c.y, 0, "the ledger has no key");
	if (c.y.errors == 0 && ledger_def_check(out, &line, why, sizeof why) != 0)
		yamlutil_error(&c.y, line, "%s", why);
	if (c.y.errors != 0) {
		schema_free(&ledger_def_desc, out);
		memset(out, 0, sizeof *out);
		return -1;
	}
	return 0;
}

int
ledger_load(const char *path, struct ledger_def *out, struct import_report *r)
{
	struct yamlutil_ctx c = { path, r, 0 };
	struct kbuf b;
	int rc;

	memset(out, 0, sizeof *out);
	if (yamlutil_read_file(&c, path, LEDGER_FILE_MAX_BYTES, "a ledger", &b) != 0)
		return -1;
	rc = ledger_load_text(path, b.data != NULL ? b.data : "", b.len, out, r);
	kbuf_free(&b);
	return rc;
}
