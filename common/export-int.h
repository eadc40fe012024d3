/*
 * export-int.h: what export.c, export-rubric.c and export-xlsx.c share: a
 * book of tables, each a worksheet laid out like a paper form.  The
 * builders fill tables from replies; the writers (CSV in export.c, XLSX in
 * export-xlsx.c) only lay them out, so both formats always say the same.
 *
 * A table: a title (merged over every column in XLSX), an optional
 * subtitle, then rows.  A row is a header (bold, shaded, repeated on every
 * printed page if it is the table's first), a body row, a subtotal or
 * total (bold), or a note (one text over the whole width).  Every row has
 * ncols cells; a cell is text, a number in hundredths (two decimals, a
 * number cell in XLSX) or empty.
 */
#ifndef KAOHE_EXPORT_INT_H
#define KAOHE_EXPORT_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "export.h"
#include "util.h"

enum export_row_kind { EXPORT_HEAD, EXPORT_BODY, EXPORT_TOTAL, EXPORT_NOTE };
enum export_cell_kind { EXPORT_EMPTY, EXPORT_TEXT, EXPORT_NUMBER };

struct export_cell {
	enum export_cell_kind	 kind;
	char			*text;		/* TEXT */
	int64_t			 value;		/* NUMBER: hundredths */
	bool			 sign;		/* NUMBER: print + before a positive value */
};

struct export_row {
	enum export_row_kind	 kind;
	struct export_cell	*cells;		/* ncols of them */
};

struct export_table {
	char			*sheet;		/* worksheet name */
	char			*title;
	char			*subtitle;	/* NULL: none */
	uint32_t		 ncols;
	bool			 merge_first;	/* XLSX: merge equal runs of column 0 (细则's 项目) */
	bool			 wide[32];	/* columns of long text, wrapped */
	struct export_row	*rows;
	uint32_t		 nrows, cap;
};

struct export_book {
	struct export_table	*tables;
	uint32_t		 n;
	/* export_book_progress(): told of each row written; false stops */
	bool			(*progress)(void *arg);
	void			*progress_arg;
};

/* One more row written: false if the write is to stop (ex_row_done). */
bool	ex_row_done(const struct export_book *);

struct export_table *ex_table_add(struct export_book *, const char *sheet, uint32_t ncols);
/* Append a row of the table's width, every cell empty; fill it with
 * ex_text, ex_num. */
struct export_row *ex_row(struct export_table *, enum export_row_kind);
void	ex_text(struct export_row *, uint32_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	ex_num(struct export_row *, uint32_t col, int64_t hundredths);
/* A formatted heap string. */
char	*ex_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A header row from a NULL-terminated list of names. */
void	ex_head(struct export_table *, const char *const *names);

/* "92.05", "-1.00", with sign "+5.00". */
void	ex_hundredths(int64_t v, bool sign, char *buf, size_t len);
/* A name through names, or the id as digits. */
const char *ex_unit_name(const struct export_names *, uint64_t id, char *buf, size_t len);
const char *ex_user_name(const struct export_names *, uint64_t id, char *buf, size_t len);
/* Columns a text takes on paper: 2 for a CJK or other wide character. */
uint32_t ex_text_width(const char *s);

/* The book's first table as CSV bytes (export.c); -1 if the progress
 * callback stopped it. */
int	ex_csv(const struct export_book *, struct kbuf *out);
/* Write beside path (*tmp, to free through ex_temp_finish), then rename it
 * over path if rc is 0, else remove it.  0 or -1 with err set. */
int	ex_temp_path(const char *path, char **tmp, char *err, size_t errlen);
int	ex_temp_finish(char *tmp, const char *path, int rc, char *err, size_t errlen);

#endif
