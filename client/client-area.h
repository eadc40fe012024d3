/*
 * client-area.h: a multi-line text editor over wide characters, for the
 * long fields of the cycle's forms (履行岗位职责情况, 点评意见, ...).
 *
 * The text may hold line breaks; lines longer than the field wrap by
 * display columns, so a Chinese character (two columns) is never cut and
 * the cursor lands where it is drawn.  The view scrolls to keep the cursor
 * visible.  ↑ on the first line and ↓ on the last are left to the caller
 * (EDIT_IGNORED), which moves to the previous or next field.
 */
#ifndef KAOHE_CLIENT_AREA_H
#define KAOHE_CLIENT_AREA_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "client-edit.h"

struct area {
	wchar_t	*buf;		/* NUL-terminated */
	size_t	 len;
	size_t	 cap;
	size_t	 max;		/* most characters accepted */
	size_t	 cursor;	/* 0..len */
	size_t	 top;		/* first visual line shown */
	int	 goal;		/* column ↑/↓ aim for, -1: the cursor's */
	int	 width;		/* columns of the last layout */
	int	 height;	/* lines of the last draw */
	bool	 single;	/* one paragraph: Enter is not a line break */
};

void	 area_init(struct area *, size_t max);
void	 area_free(struct area *);
void	 area_set(struct area *, const char *utf8);	/* cursor to the start */
char	*area_get(const struct area *);			/* new UTF-8 string */
bool	 area_blank(const struct area *);		/* only spaces and breaks */
/* As edit_to_draft() and edit_from_draft(). */
void	 area_to_draft(const struct area *, struct draft *, const char *name);
void	 area_from_draft(struct area *, const struct draft *, const char *name);

/* One key from get_wch(); width and height are the field's (from the last
 * draw if 0). */
enum edit_result area_key(struct area *, bool is_key, wint_t ch);

/* Visual lines of the text at a width. */
size_t	 area_lines(struct area *, int width);

/* Draw in h lines of w columns at (y, x), scrolled so the cursor shows;
 * with cur_y/cur_x non-NULL, return where the cursor is.  The lines are
 * padded with spaces in attr. */
void	 area_draw(struct area *, int y, int x, int h, int w, int attr,
	    int *cur_y, int *cur_x);

#endif
