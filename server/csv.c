/*
 * csv.c: the RFC 4180 reader and the import report (see csv.h).  The parser
 * is a loop over the bytes with one flag for "inside quotes"; it keeps the
 * line where each record started so that a field holding line breaks still
 * reports the record's first line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

void
import_error(struct import_report *r, const char *file, uint32_t line, const char *fmt, ...)
{
	const char *base = file != NULL ? strrchr(file, '/') : NULL;
	struct kbuf b = { 0 };
	char msg[512];
	va_list ap;

	r->errors++;
	if (r->n >= IMPORT_MAX_MESSAGES)
		return;
	base = base != NULL ? base + 1 : file != NULL ? file : "";
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A cut may fall inside a character: keep the message UTF-8. */
	for (size_t len = strlen(msg); len > 0 && !utf8_valid(msg, len); )
		msg[--len] = '\0';
	if (line != 0)
		kbuf_printf(&b, "%s:%u: %s", base, line, msg);
	else
		kbuf_printf(&b, "%s: %s", base, msg);
	if (r->n == 0)
		r->messages = xcalloc(IMPORT_MAX_MESSAGES, sizeof *r->messages);
	r->messages[r->n++] = b.data;
}

void
import_report_free(struct import_report *r)
{
	for (uint32_t i = 0; i < r->n; i++)
		free(r->messages[i]);
	free(r->messages);
	memset(r, 0, sizeof *r);
}

/* Split "file:line: ..." into the file's length and the line (0 if none). */
static void
message_place(const char *m, size_t *flen, uint32_t *line)
{
	const char *p = m;

	*line = 0;
	*flen = strcspn(m, ":");
	/* A file name may hold ':'; the place is the first ":digits:". */
	while ((p = strchr(p, ':')) != NULL) {
		size_t d = strspn(p + 1, "0123456789");

		if (d > 0 && p[1 + d] == ':') {
			*flen = (size_t)(p - m);
			*line = (uint32_t)strtoul(p + 1, NULL, 10);
			return;
		}
		p++;
	}
}

void
import_report_sort(struct import_report *r, uint32_t from, const char *const *files,
    size_t nfiles)
{
	struct place { char *m; size_t flen; uint32_t file, line; } *pl, t;
	uint32_t n = r->n > from ? r->n - from : 0;

	if (n < 2)
		return;
	pl = xcalloc(n, sizeof *pl);
	for (uint32_t i = 0; i < n; i++) {
		pl[i].m = r->messages[from + i];
		message_place(pl[i].m, &pl[i].flen, &pl[i].line);
		/* The files given first, then others as they first appear. */
		pl[i].file = (uint32_t)nfiles + i;
		for (size_t k = 0; k < nfiles; k++) {
			const char *base = files[k] != NULL ? strrchr(files[k], '/') : NULL;

			if (files[k] == NULL)
				continue;
			base = base != NULL ? base + 1 : files[k];
			if (strlen(base) == pl[i].flen && strncmp(base, pl[i].m, pl[i].flen) == 0) {
				pl[i].file = (uint32_t)k;
				break;
			}
		}
		for (uint32_t k = 0; k < i && pl[i].file >= nfiles; k++)
			if (pl[k].flen == pl[i].flen && strncmp(pl[k].m, pl[i].m, pl[i].flen) == 0)
				pl[i].file = pl[k].file;
	}
	/* Insertion sort: at most IMPORT_MAX_MESSAGES, and stable. */
	for (uint32_t i = 1; i < n; i++) {
		uint32_t j = i;

		t = pl[i];
		for (; j > 0 && (pl[j - 1].file > t.file ||
		    (pl[j - 1].file == t.file && pl[j - 1].line > t.line)); j--)
			pl[j] = pl[j - 1];
		pl[j] = t;
	}
	for (uint32_t i = 0; i < n; i++)
		r->messages[from + i] = pl[i].m;
	free(pl);
}

/* The parser's state over one file. */
struct csv_parse {
	const char		*name;
	const char		*p, *end;
	uint32_t		 line;
	struct import_report	*r;
	uint32_t		 errors;
};

static void
parse_error(struct csv_parse *cp, uint32_t line, const char *what)
{
	import_error(cp->r, cp->name, line, "%s", what);
	cp->errors++;
}

/* Skip to just after the next line end, for recovery after an error. */
static void
skip_line(struct csv_parse *cp)
{
	while (cp->p < cp->end && *cp->p != '\n')
		cp->p++;
	if (cp->p < cp->end) {
		cp->p++;
		cp->line++;
	}
}

static bool
at_line_end(const struct csv_parse *cp)
{
	return cp->p == cp->end || *cp->p == '\n' ||
	    (*cp->p == '\r' && cp->p + 1 < cp->end && cp->p[1] == '\n') ||
	    (*cp->p == '\r' && cp->p + 1 == cp->end);
}

/* Consume a line end if there is one. */
static void
eat_line_end(struct csv_parse *cp)
{
	if (cp->p < cp->end && *cp->p == '\r')
		cp->p++;
	if (cp->p < cp->end && *cp->p == '\n') {
		cp->p++;
		cp->line++;
	}
}

static void
skip_blanks(struct csv_parse *cp)
{
	while (cp->p < cp->end && (*cp->p == ' ' || *cp->p == '\t'))
		cp->p++;
}

/* A quoted field, cp->p at the opening quote.  0, or -1 after reporting. */
static int
quoted_field(struct csv_parse *cp, struct kbuf *b)
{
	uint32_t start = cp->line;

	cp->p++;
	for (;;) {
		if (cp->p == cp->end) {
			char why[96];

			snprintf(why, sizeof why, "quoted field starting on line %u is not closed", start);
			parse_error(cp, start, why);
			return -1;
		}
		if (*cp->p == '"') {
			if (cp->p + 1 < cp->end && cp->p[1] == '"') {
				kbuf_append(b, "\"", 1);
				cp->p += 2;
				continue;
			}
			cp->p++;
			break;
		}
		if (*cp->p == '\r' && cp->p + 1 < cp->end && cp->p[1] == '\n') {
			cp->p++;	/* CRLF inside quotes is kept as LF */
			continue;
		}
		if (*cp->p == '\n')
			cp->line++;
		kbuf_append(b, cp->p, 1);
		cp->p++;
	}
	skip_blanks(cp);
	if (!at_line_end(cp) && *cp->p != ',') {
		parse_error(cp, cp->line, "text after a closing quote (a quote inside a quoted field is written \"\")");
		return -1;
	}
	return 0;
}

/* An unquoted field, up to a comma or the line end. */
static int
plain_field(struct csv_parse *cp, struct kbuf *b)
{
	while (!at_line_end(cp) && *cp->p != ',') {
		if (*cp->p == '"') {
			parse_error(cp, cp->line, "quote in an unquoted field (put the field in quotes and write \"\" for a quote)");
			return -1;
		}
		kbuf_append(b, cp->p, 1);
		cp->p++;
	}
	return 0;
}

static void
row_add_field(struct csv_row *row, struct kbuf *b, uint32_t *cap)
{
	if (row->n == *cap) {
		*cap = *cap == 0 ? 8 : *cap * 2;
		row->field = xrealloc(row->field, *cap * sizeof *row->field);
	}
	row->field[row->n++] = xstrndup(b->data != NULL ? b->data : "", b->len);
	kbuf_reset(b);
}

static void
row_free(struct csv_row *row)
{
	for (uint32_t i = 0; i < row->n; i++)
		free(row->field[i]);
	free(row->field);
	memset(row, 0, sizeof *row);
}

/* One record into row.  0, or -1 (reported; the rest of the line is
 * skipped). */
static int
parse_record(struct csv_parse *cp, struct csv_row *row)
{
	struct kbuf b = { 0 };
	uint32_t cap = 0;
	int rc = 0;

	memset(row, 0, sizeof *row);
	row->line = cp->line;
	for (;;) {
		const char *save = cp->p;

		skip_blanks(cp);
		if (cp->p < cp->end && *cp->p == '"')
			rc = quoted_field(cp, &b);
		else {
			cp->p = save;
			rc = plain_field(cp, &b);
		}
		if (rc != 0)
			break;
		row_add_field(row, &b, &cap);
		if (at_line_end(cp))
			break;
		cp->p++;	/* the comma */
	}
	kbuf_free(&b);
	if (rc != 0) {
		row_free(row);
		skip_line(cp);
		return -1;
	}
	eat_line_end(cp);
	return 0;
}

/* Report each line that is not UTF-8 or holds a NUL byte.  The count. */
static uint32_t
check_encoding(const char *name, const char *data, size_t len, struct import_report *r)
{
	uint32_t line = 1, bad = 0;
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && data[i] != '\n')
			continue;
		if (memchr(data + start, '\0', i - start) != NULL) {
			import_error(r, name, line, "NUL byte: this is not a text file");
			bad++;
		} else if (!utf8_valid(data + start, i - start)) {
			import_error(r, name, line, "not valid UTF-8 (save the file as UTF-8)");
			bad++;
		}
		start = i + 1;
		line++;
	}
	return bad;
}

int
csv_parse(const char *name, const char *data, size_t len, struct csv_file *out,
    struct import_report *r)
{
	struct csv_parse cp = { name, data, data + len, 1, r, 0 };
	uint32_t cap = 0;

	memset(out, 0, sizeof *out);
	out->name = xstrdup(name);
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		cp.p += 3;
	/* An encoding error makes the whole file suspect: stop there. */
	if (check_encoding(name, cp.p, (size_t)(cp.end - cp.p), r) != 0)
		return -1;
	while (cp.p < cp.end) {
		struct csv_row row;
		const char *q = cp.p;

		/* Comment lines, blank lines and trailing blanks are skipped. */
		if (*cp.p == '#') {
			skip_line(&cp);
			continue;
		}
		while (q < cp.end && (*q == ' ' || *q == '\t'))
			q++;
		if (q == cp.end)
			break;
		if (*q == '\n' || (*q == '\r' && (q + 1 == cp.end || q[1] == '\n'))) {
			cp.p = q;
			eat_line_end(&cp);
			continue;
		}
		if (parse_record(&cp, &row) != 0)
			continue;
		if (out->nrows == cap) {
			cap = cap == 0 ? 32 : cap * 2;
			out->rows = xrealloc(out->rows, cap * sizeof *out->rows);
		}
		out->rows[out->nrows++] = row;
	}
	return (int)cp.errors;
}

int
csv_load(const char *path, struct csv_file *out, struct import_report *r)
{
	struct kbuf b = { 0 };
	char chunk[65536];
	size_t n;
	FILE *f;
	int rc;

	memset(out, 0, sizeof *out);
	if ((f = fopen(path, "rb")) == NULL) {
		import_error(r, path, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > CSV_MAX_BYTES) {
			import_error(r, path, 0, "larger than %u MB", CSV_MAX_BYTES >> 20);
			fclose(f);
			kbuf_free(&b);
			return -1;
		}
		kbuf_append(&b, chunk, n);
	}
	if (ferror(f)) {
		import_error(r, path, 0, "cannot read: %s", strerror(errno));
		fclose(f);
		kbuf_free(&b);
		return -1;
	}
	fclose(f);
	rc = csv_parse(path, b.data != NULL ? b.data : "", b.len, out, r);
	kbuf_free(&b);
	return rc;
}

void
csv_free(struct csv_file *f)
{
	for (uint32_t i = 0; i < f->nrows; i++)
		row_free(&f->rows[i]);
	free(f->rows);
	free(f->name);
	memset(f, 0, sizeof *f);
}

int
csv_header(const struct csv_file *f, const char *const *want, size_t nwant, int *col,
    struct import_report *r)
{
	const struct csv_row *h;
	int rc = 0;

	for (size_t i = 0; i < nwant; i++)
		col[i] = -1;
	if (f->nrows == 0) {
		import_error(r, f->name, 0, "empty: the first line must be the header");
		return -1;
	}
	h = &f->rows[0];
	for (uint32_t j = 0; j < h->n; j++) {
		char *name = csv_trim(h->field[j]);
		size_t i;

		for (i = 0; i < nwant && strcmp(name, want[i] + (want[i][0] == '?')) != 0; i++)
			;
		if (i == nwant) {
			import_error(r, f->name, h->line, "unknown column \"%s\"", name);
			rc = -1;
		} else if (col[i] != -1) {
			import_error(r, f->name, h->line, "column \"%s\" appears twice", name);
			rc = -1;
		} else
			col[i] = (int)j;
	}
	for (size_t i = 0; i < nwant; i++)
		if (col[i] == -1 && want[i][0] != '?') {
			import_error(r, f->name, h->line, "missing column \"%s\"", want[i]);
			rc = -1;
		}
	return rc;
}

bool
csv_row_width(const struct csv_file *f, const struct csv_row *row, struct import_report *r)
{
	uint32_t want = f->rows[0].n;

	if (row->n == want)
		return true;
	import_error(r, f->name, row->line, "%u fields where the header has %u", row->n, want);
	return false;
}

char *
csv_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	while (s[i] == ' ' || s[i] == '\t')
		i++;
	if (i > 0)
		memmove(s, s + i, n - i + 1);
	return s;
}

bool
csv_text_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		/* C1 controls U+0080..U+009F are 0xc2 0x80..0x9f in UTF-8. */
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
	}
	return true;
}
