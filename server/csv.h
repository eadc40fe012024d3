/*
 * csv.h: a small RFC 4180 reader for the files an admin imports (units,
 * people, the holiday calendar), and the report every import fills.
 *
 * A file is read whole and must be UTF-8; a byte order mark at its start is
 * skipped.  Fields are separated by commas; a field in double quotes may
 * hold commas, line breaks and doubled quotes ("" for one ").  Records end
 * with LF or CRLF.  Blank lines, and lines whose first character is '#',
 * are skipped, so a file can carry comments (a field that must start with
 * '#' is written in quotes).  Spaces around a quoted field are ignored.
 *
 * Every mistake is reported as "file:line: reason" and reading goes on, so
 * the admin sees all of them at once; a record with a mistake is left out.
 */
#ifndef KAOHE_CSV_H
#define KAOHE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/util.h"

#define IMPORT_MAX_MESSAGES	200		/* messages kept; the rest are counted */
#define CSV_MAX_BYTES		(16u << 20)	/* largest file read */

/* What an import did, or why it did nothing. */
struct import_report {
	char		**messages;	/* "people.csv:7: unit \"综合料\" does not exist" */
	uint32_t	 n;		/* messages kept, at most IMPORT_MAX_MESSAGES */
	uint32_t	 errors;	/* errors found, kept or not */
	uint32_t	 units_created, units_updated;
	uint32_t	 people_created, people_updated;
	uint32_t	 days;		/* calendar days written */
	uint32_t	 days_removed;	/* calendar days the import replaced */
};

/* Add an error: "file:line: reason", or "file: reason" if line is 0.  Only
 * the file's base name is shown. */
void	import_error(struct import_report *, const char *file, uint32_t line,
	    const char *fmt, ...) KH_PRINTF(4, 5);
void	import_report_free(struct import_report *);
/* Order the messages from index `from` on by file, then line, keeping the
 * order of messages on one line.  Files come in the order of `files` (paths;
 * NULL entries are skipped), any others after them. */
void	import_report_sort(struct import_report *, uint32_t from,
	    const char *const *files, size_t nfiles);

struct csv_row {
	uint32_t	 line;		/* where the record starts, from 1 */
	char		**field;	/* NUL-terminated copies */
	uint32_t	 n;
};

struct csv_file {
	char		*name;		/* the path, for messages */
	struct csv_row	*rows;		/* the header first, if the file has one */
	uint32_t	 nrows;
};

/* Parse data[0..len) as the file `name`.  Returns -1 if it is refused
 * whole (not UTF-8 text: every such line is reported), else the number of
 * records with a syntax error (each reported).  out holds the good records
 * either way and is released with csv_free(). */
int	csv_parse(const char *name, const char *data, size_t len, struct csv_file *out,
	    struct import_report *r);
/* Read and parse a file: as csv_parse(), and -1 if it cannot be read. */
int	csv_load(const char *path, struct csv_file *out, struct import_report *r);
void	csv_free(struct csv_file *);

/* Match the header row (rows[0]) against the wanted column names: col[i]
 * is set to the index of want[i].  A name written "?category" is optional:
 * col[i] is -1 if the file has no such column.  Reports a missing, unknown
 * or repeated column, or an empty file.  0 or -1. */
int	csv_header(const struct csv_file *, const char *const *want, size_t nwant, int *col,
	    struct import_report *r);
/* Check a data row has as many fields as the header.  Reports it if not. */
bool	csv_row_width(const struct csv_file *, const struct csv_row *, struct import_report *r);

/* Trim ASCII spaces and tabs at both ends of s, in place; returns s. */
char	*csv_trim(char *s);
/* True if s has no control characters (C0, DEL, C1): one line of text. */
bool	csv_text_ok(const char *s);

#endif
