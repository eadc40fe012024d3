/*
 * yaml-util.h: what the readers of YAML files (plan-load.c, ledger-load.c)
 * share: reading a file whole, reporting a problem with its line, libyaml's
 * own errors, and refusing anchors, aliases and tags, so that no alias can
 * make a small file expand into a huge one.
 */
#ifndef KAOHE_YAML_UTIL_H
#define KAOHE_YAML_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include "common/util.h"
#include "csv.h"

/* The reading of one file: its name in messages, where they go, and how
 * many problems were found in it so far. */
struct yamlutil_ctx {
	const char		*name;
	struct import_report	*r;
	uint32_t		 errors;
};

/* Add "name:line: message" to the report (line 0: no line) and count it. */
void	yamlutil_error(struct yamlutil_ctx *, uint32_t line, const char *fmt, ...)
	    KH_PRINTF(3, 4);

/* Read the file at path whole into *out (released with kbuf_free).  0, or
 * -1 with the reason reported: it cannot be opened or read, or it is more
 * than max bytes ("too large for " what, as "a plan").  *out is then
 * empty. */
int	yamlutil_read_file(struct yamlutil_ctx *, const char *path, size_t max, const char *what,
	    struct kbuf *out);

/* The line of an event, from 1. */
uint32_t yamlutil_line(const yaml_event_t *);

/* Report why yaml_parser_parse() failed, with the line of the problem. */
void	yamlutil_parse_error(struct yamlutil_ctx *, const yaml_parser_t *);

/* Report an alias, or an anchor or tag on a scalar, list or mapping,
 * as not allowed in what ("a plan"); true if the event had one. */
bool	yamlutil_refused(struct yamlutil_ctx *, const yaml_event_t *, const char *what);

#endif
