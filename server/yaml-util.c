/*
 * yaml-util.c: the file reading, messages and refusals that the YAML file
 * readers share (see yaml-util.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "yaml-util.h"

void
yamlutil_error(struct yamlutil_ctx *c, uint32_t line, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	c->errors++;
	import_error(c->r, c->name, line, "%s", msg);
}

int
yamlutil_read_file(struct yamlutil_ctx *c, const char *path, size_t max, const char *what,
    struct kbuf *out)
{
	char chunk[8192];
	size_t got;
	FILE *fp;
	int rc;

	memset(out, 0, sizeof *out);
	if ((fp = fopen(path, "rb")) == NULL) {
		yamlutil_error(c, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while (out->len <= max && (got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		kbuf_append(out, chunk, got);
	rc = ferror(fp) ? -1 : 0;
	if (rc != 0)
		yamlutil_error(c, 0, "cannot read: %s", strerror(errno));
	fclose(fp);
	if (rc == 0 && out->len > max) {
		yamlutil_error(c, 0, "the file is more than %zu bytes: too large for %s", max, what);
		rc = -1;
	}
	if (rc != 0)
		kbuf_free(out);
	return rc;
}

uint32_t
yamlutil_line(const yaml_event_t *ev)
{
	return (uint32_t)ev->start_mark.line + 1;
}

void
yamlutil_parse_error(struct yamlutil_ctx *c, const yaml_parser_t *p)
{
	uint32_t line = (uint32_t)p->problem_mark.line + 1;
	const char *problem = p->problem != NULL ? p->problem : "error";

	if (p->context != NULL)
		yamlutil_error(c, line, "not valid YAML: %s %s that starts on line %zu", problem,
		    p->context, p->context_mark.line + 1);
	else
		yamlutil_error(c, line, "not valid YAML: %s", problem);
}

bool
yamlutil_refused(struct yamlutil_ctx *c, const yaml_event_t *ev, const char *what)
{
	uint32_t line = yamlutil_line(ev);
	const yaml_char_t *anchor, *tag;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		yamlutil_error(c, line, "aliases (*%s) are not allowed in %s",
		    (const char *)ev->data.alias.anchor, what);
		return true;
	case YAML_SCALAR_EVENT:
		anchor = ev->data.scalar.anchor;
		tag = ev->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
		break;
	default:
		return false;
	}
	if (anchor != NULL)
		yamlutil_error(c, line, "anchors (&%s) are not allowed in %s", (const char *)anchor,
		    what);
	if (tag != NULL)
		yamlutil_error(c, line, "tags (%s) are not allowed in %s", (const char *)tag, what);
	return anchor != NULL || tag != NULL;
}
