/*
 * ledger-load.h: reading a ledger file (YAML, docs/ledgers.md) into a
 * struct ledger_def.  Only kaohectl reads ledger files; the server and the
 * clients get ledgers from the database ("l" + key in plans, see
 * ledger-ops.h).
 */
#ifndef KAOHE_LEDGER_LOAD_H
#define KAOHE_LEDGER_LOAD_H

#include "common/schema.h"
#include "csv.h"

#define LEDGER_FILE_MAX_BYTES	(256u << 10)	/* largest ledger file read */

/* Read the ledger file at path into out (zeroed first) and check it with
 * ledger_def_check().  0, or -1 with every problem added to r as
 * "file:line: reason"; out is then released and zeroed.  Refused whole: a
 * file over LEDGER_FILE_MAX_BYTES, anchors, aliases and tags, more than
 * one document.  Release out with schema_free(&ledger_def_desc, out). */
int	ledger_load(const char *path, struct ledger_def *out, struct import_report *r);
/* The same for text in memory; name is used in messages. */
int	ledger_load_text(const char *name, const char *data, size_t len, struct ledger_def *out,
	    struct import_report *r);

#endif
