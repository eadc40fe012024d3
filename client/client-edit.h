/*
 * client-edit.h: a one-line text editor over wide characters.
 *
 * Holds the text of one form field, the cursor and the horizontal scroll.
 * Keys come from get_wch(); the field is drawn in a given number of columns
 * and scrolls so that the cursor stays visible, measured in display columns
 * so that Chinese characters (two columns) line up and are never cut.
 */
#ifndef KAOHE_CLIENT_EDIT_H
#define KAOHE_CLIENT_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct edit {
	wchar_t	*buf;		/* NUL-terminated */
	size_t	 len;		/* characters */
	size_t	 cap;
	size_t	 max;		/* most characters accepted */
	size_t	 cursor;	/* 0..len */
	size_t	 scroll;	/* first character shown */
	bool	 secret;	/* draw '*' for each character */
	bool	 ascii;		/* accept printable ASCII only */
};

enum edit_result {
	EDIT_IGNORED,		/* not an editing key: the caller handles it */
	EDIT_MOVED,		/* the cursor moved */
	EDIT_CHANGED,		/* the text changed */
	EDIT_FULL,		/* a character was refused: field is full */
};

void	 edit_init(struct edit *, size_t max);
void	 edit_free(struct edit *);
void	 edit_clear(struct edit *);
void	 edit_set(struct edit *, const char *utf8);	/* cursor to the end */
char	*edit_get(const struct edit *);		/* new UTF-8 string */
bool	 edit_empty(const struct edit *);

/* The field's text into a local draft (client-draft.h) under name, and
 * back: unchanged when the draft has no such field. */
struct draft;
void	 edit_to_draft(const struct edit *, struct draft *, const char *name);
void	 edit_from_draft(struct edit *, const struct draft *, const char *name);

/* Handle one key as returned by get_wch(): is_key true for KEY_* codes.
 * Home/End/Left/Right/Backspace/Delete, Ctrl-A/E/B/F/H/D/U/K. */
enum edit_result edit_key(struct edit *, bool is_key, wint_t ch);

/* Insert one character at the cursor. */
enum edit_result edit_insert(struct edit *, wchar_t);

/* Prepare to draw in width columns: adjust scroll so the cursor is visible
 * and fill out (outn >= width + 1) with what to show, padded with spaces.
 * Returns the column of the cursor within the field. */
int	 edit_view(struct edit *, int width, wchar_t *out, size_t outn);

#endif
