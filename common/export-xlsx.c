/*
 * export-xlsx.c: a book of tables (export-int.h) as an XLSX workbook laid
 * out like the paper forms: the title merged over the table, the subtitle
 * under it, a shaded header, thin borders round every cell, columns as wide
 * as their Chinese text (long text wrapped in wide columns), equal runs of
 * the first column merged where the form does (细则's 项目), and each sheet
 * set up to print on A4 landscape, one page wide, with the title and header
 * repeated on every page and the page number in the footer.
 */
#include <string.h>

#include <xlsxwriter.h>

#include "export-int.h"
#include "i18n.h"
#include "util.h"

#define WIDE_COLUMN	40.0	/* characters: a wrapped column of long text */
#define MAX_COLUMN	24.0
#define MIN_COLUMN	6.0
#define LINE_HEIGHT	15.0	/* points per line of a wrapped row */
#define MAX_ROW_HEIGHT	409.0	/* Excel's limit */

struct formats {
	lxw_format	*title, *subtitle, *head, *text, *wrap, *num, *signed_num;
	lxw_format	*total, *total_num, *total_signed, *note;
};

/* 宋体 and 黑体 (SimSun, SimHei), the paper forms' fonts, are font names:
 * the same in every language. */
static lxw_format *
cell_format(lxw_workbook *wb, bool bold, bool wrap, const char *num)
{
	lxw_format *f = workbook_add_format(wb);

	format_set_font_name(f, "宋体");	/* data */
	format_set_font_size(f, 11);
	format_set_border(f, LXW_BORDER_THIN);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	if (bold)
		format_set_bold(f);
	if (wrap)
		format_set_text_wrap(f);
	if (num != NULL) {
		format_set_num_format(f, num);
		format_set_align(f, LXW_ALIGN_CENTER);
	}
	return f;
}

static void
formats_make(lxw_workbook *wb, struct formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_font_name(f->title, "黑体");	/* data */
	format_set_font_size(f->title, 16);
	format_set_bold(f->title);
	format_set_align(f->title, LXW_ALIGN_CENTER);
	format_set_align(f->title, LXW_ALIGN_VERTICAL_CENTER);
	f->subtitle = workbook_add_format(wb);
	format_set_font_name(f->subtitle, "宋体");	/* data */
	format_set_align(f->subtitle, LXW_ALIGN_LEFT);
	f->head = cell_format(wb, true, true, NULL);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	format_set_bg_color(f->head, 0xD9D9D9);
	f->text = cell_format(wb, false, false, NULL);
	f->wrap = cell_format(wb, false, true, NULL);
	f->num = cell_format(wb, false, false, "0.00");
	f->signed_num = cell_format(wb, false, false, "+0.00;-0.00;0.00");
	f->total = cell_format(wb, true, true, NULL);
	f->total_num = cell_format(wb, true, false, "0.00");
	f->total_signed = cell_format(wb, true, false, "+0.00;-0.00;0.00");
	f->note = cell_format(wb, false, true, NULL);
}

/* A worksheet name Excel takes: none of []:*?/\, at most 31 characters. */
static void
sheet_name(const char *want, uint32_t index, char *buf, size_t len)
{
	size_t o = 0, chars = 0;

	for (const char *p = want; *p != '\0' && o + 5 < len; ) {
		size_t n = 1;

		while ((p[n] & 0xc0) == 0x80)
			n++;
		if (chars++ == 31)
			break;
		if (n == 1 && strchr("[]:*?/\\'", *p) != NULL)
			buf[o++] = '_';
		else {
			memcpy(buf + o, p, n);
			o += n;
		}
		p += n;
	}
	buf[o] = '\0';
	if (o == 0)
		snprintf(buf, len, "Sheet%u", index + 1);
}

/* Widths from the longest text of each column (the title and subtitle
 * are merged over all of them and do not count). */
static void
column_widths(const struct export_table *t, double *width)
{
	for (uint32_t c = 0; c < t->ncols; c++)
		width[c] = MIN_COLUMN;
	for (uint32_t i = 0; i < t->nrows; i++)
		for (uint32_t c = 0; c < t->ncols; c++) {
			const struct export_cell *cell = &t->rows[i].cells[c];
			double w = cell->kind == EXPORT_TEXT ? ex_text_width(cell->text) + 2.0 :
			    cell->kind == EXPORT_NUMBER ? 9.0 : 0.0;

			if (t->rows[i].kind != EXPORT_NOTE && w > width[c])
				width[c] = w;
		}
	for (uint32_t c = 0; c < t->ncols; c++)
		width[c] = t->wide[c] ? WIDE_COLUMN : width[c] > MAX_COLUMN ? MAX_COLUMN : width[c];
}

/* Lines a row needs, its wrapped cells' text broken at the column width. */
static double
row_lines(const struct export_row *r, uint32_t ncols, const double *width)
{
	double most = 1;

	for (uint32_t c = 0; c < ncols; c++) {
		const char *s = r->cells[c].text;
		double lines = 0;

		if (r->cells[c].kind != EXPORT_TEXT)
			continue;
		for (const char *line = s; line != NULL; ) {
			const char *nl = strchr(line, '\n');
			char *one = xstrndup(line, nl != NULL ? (size_t)(nl - line) : strlen(line));
			uint32_t w = ex_text_width(one);

			lines += w == 0 ? 1 : (double)((w + (uint32_t)width[c] - 3) / ((uint32_t)width[c] - 2));
			free(one);
			line = nl != NULL ? nl + 1 : NULL;
		}
		if (lines > most)
			most = lines;
	}
	return most;
}

static lxw_format *
format_of(const struct formats *f, const struct export_table *t, const struct export_row *r,
    uint32_t c)
{
	const struct export_cell *cell = &r->cells[c];
	bool total = r->kind == EXPORT_TOTAL;

	if (r->kind == EXPORT_HEAD)
		return f->head;
	if (cell->kind == EXPORT_NUMBER)
		return cell->sign ? (total ? f->total_signed : f->signed_num) :
		    (total ? f->total_num : f->num);
	if (total)
		return f->total;
	return t->wide[c] || (c == 0 && t->merge_first) ? f->wrap : f->text;
}

static void
write_cell(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const struct export_cell *cell,
    lxw_format *fmt)
{
	if (cell->kind == EXPORT_TEXT)
		worksheet_write_string(ws, row, col, cell->text, fmt);
	else if (cell->kind == EXPORT_NUMBER)
		worksheet_write_number(ws, row, col, (double)cell->value / 100.0, fmt);
	else
		worksheet_write_blank(ws, row, col, fmt);
}

/* The run of rows from i on whose first column says the same. */
static uint32_t
run_end(const struct export_table *t, uint32_t i)
{
	const struct export_cell *a = &t->rows[i].cells[0];
	uint32_t j = i;

	if (!t->merge_first || t->rows[i].kind == EXPORT_HEAD || a->kind != EXPORT_TEXT)
		return i;
	while (j + 1 < t->nrows && t->rows[j + 1].kind != EXPORT_HEAD &&
	    t->rows[j + 1].cells[0].kind == EXPORT_TEXT &&
	    strcmp(t->rows[j + 1].cells[0].text, a->text) == 0)
		j++;
	return j;
}

/* false if the progress callback stopped the write. */
static bool
write_rows(const struct export_book *b, lxw_worksheet *ws, const struct formats *f,
    const struct export_table *t, lxw_row_t first, const double *width)
{
	for (uint32_t i = 0; i < t->nrows; i++) {
		const struct export_row *r = &t->rows[i];
		lxw_row_t row = first + i;
		uint32_t end = run_end(t, i);

		if (r->kind == EXPORT_NOTE) {
			worksheet_merge_range(ws, row, 0, row, (lxw_col_t)(t->ncols - 1),
			    r->cells[0].kind == EXPORT_TEXT ? r->cells[0].text : "", f->note);
			if (!ex_row_done(b))
				return false;
			continue;
		}
		for (uint32_t c = 0; c < t->ncols; c++)
			write_cell(ws, row, (lxw_col_t)c, &r->cells[c], format_of(f, t, r, c));
		if (end > i) {
			worksheet_merge_range(ws, row, 0, first + end, 0, r->cells[0].text, f->wrap);
			/* the merged rows' other cells are written as the loop goes on */
			for (uint32_t k = i + 1; k <= end; k++) {
				const struct export_row *rk = &t->rows[k];

				for (uint32_t c = 1; c < t->ncols; c++)
					write_cell(ws, first + k, (lxw_col_t)c, &rk->cells[c],
					    format_of(f, t, rk, c));
			}
		}
		for (uint32_t k = i; k <= end; k++) {
			double lines = row_lines(&t->rows[k], t->ncols, width);

			if (lines > 1)
				worksheet_set_row(ws, first + k, lines * LINE_HEIGHT > MAX_ROW_HEIGHT ?
				    MAX_ROW_HEIGHT : lines * LINE_HEIGHT, NULL);
			if (!ex_row_done(b))
				return false;
		}
		i = end;
	}
	return true;
}

static bool
write_table(const struct export_book *b, lxw_workbook *wb, const struct formats *f,
    const struct export_table *t, uint32_t index)
{
	char name[160];
	double width[nitems(t->wide)];
	lxw_worksheet *ws;
	lxw_row_t first = 1, head = 0;

	sheet_name(t->sheet, index, name, sizeof name);
	if ((ws = workbook_add_worksheet(wb, name)) == NULL) {
		snprintf(name, sizeof name, "Sheet%u", index + 1);
		ws = workbook_add_worksheet(wb, name);
	}
	column_widths(t, width);
	for (uint32_t c = 0; c < t->ncols; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, width[c], NULL);
	worksheet_set_row(ws, 0, 30, NULL);
	worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(t->ncols - 1), t->title != NULL ? t->title : "",
	    f->title);
	if (t->subtitle != NULL) {
		worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(t->ncols - 1), t->subtitle, f->subtitle);
		first = 2;
	}
	if (!write_rows(b, ws, f, t, first, width))
		return false;
	/* Print: A4 landscape, one page wide, the title down to the first
	 * header on every page. */
	for (uint32_t i = 0; i < t->nrows; i++)
		if (t->rows[i].kind == EXPORT_HEAD) {
			head = first + i;
			break;
		}
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_center_horizontally(ws);
	worksheet_repeat_rows(ws, 0, head > 0 ? head : first - 1);
	worksheet_set_footer(ws, _("&CPage &P of &N"));
	return true;
}

int
export_write_xlsx(const struct export_book *b, const char *path, char *err, size_t errlen)
{
	struct formats f;
	lxw_workbook *wb;
	lxw_error le;
	char *tmp;
	bool whole = true;

	if (ex_temp_path(path, &tmp, err, errlen) != 0)
		return -1;
	if ((wb = workbook_new(tmp)) == NULL) {
		snprintf(err, errlen, "cannot write %s: out of memory", path);
		return ex_temp_finish(tmp, path, -1, err, errlen);
	}
	formats_make(wb, &f);
	for (uint32_t i = 0; i < b->n && whole; i++)
		whole = write_table(b, wb, &f, &b->tables[i], i);
	if (!whole) {
		/* closing writes the file: the stopped write's goes */
		workbook_close(wb);
		snprintf(err, errlen, "cannot write %s: stopped", path);
		return ex_temp_finish(tmp, path, -1, err, errlen);
	}
	if ((le = workbook_close(wb)) != LXW_NO_ERROR) {
		snprintf(err, errlen, "cannot write %s: %s", path, lxw_strerror(le));
		return ex_temp_finish(tmp, path, -1, err, errlen);
	}
	return ex_temp_finish(tmp, path, 0, err, errlen);
}
