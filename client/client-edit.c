/*
 * client-edit.c: the one-line editor behind every form field.
 *
 * The text is an array of wchar_t so that the cursor moves by characters,
 * never into the middle of a UTF-8 sequence; widths come from client-text
 * so the view scrolls by display columns.  Nothing here draws: edit_view()
 * hands the visible part to the caller, which keeps this file free of
 * ncurses except for the key codes.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "common/util.h"
#include "client-draft.h"
#include "client-edit.h"
#include "client-text.h"

#define CTRL(c)	((c) & 0x1f)


void
edit_init(struct edit *e, size_t max)
{
	memset(e, 0, sizeof *e);
	e->max = max;
	e->cap = 16;
	e->buf = xcalloc(e->cap, sizeof *e->buf);
}

void
edit_free(struct edit *e)
{
	free(e->buf);
	memset(e, 0, sizeof *e);
}

void
edit_clear(struct edit *e)
{
	e->len = e->cursor = e->scroll = 0;
	e->buf[0] = L'\0';
}

bool
edit_empty(const struct edit *e)
{
	return e->len == 0;
}

void
edit_set(struct edit *e, const char *utf8)
{
	size_t n;
	wchar_t *w = text_decode_new(utf8, &n);

	if (n > e->max)
		n = e->max;
	edit_clear(e);
	for (size_t i = 0; i < n; i++)
		edit_insert(e, w[i]);
	e->scroll = 0;
	free(w);
}

char *
edit_get(const struct edit *e)
{
	return text_encode(e->buf, e->len);
}

void
edit_to_draft(const struct edit *e, struct draft *d, const char *name)
{
	char *v = edit_get(e);

	draft_set(d, name, v);
	free(v);
}

void
edit_from_draft(struct edit *e, const struct draft *d, const char *name)
{
	const char *v = draft_get(d, name);

	if (v != NULL)
		edit_set(e, v);
}

enum edit_result
edit_insert(struct edit *e, wchar_t c)
{
	if (e->len >= e->max)
		return EDIT_FULL;
	if (c < 0x20 || c == 0x7f || (e->ascii && c > 0x7e))
		return EDIT_IGNORED;
	if (e->len + 2 > e->cap) {
		e->cap *= 2;
		e->buf = xrealloc(e->buf, e->cap * sizeof *e->buf);
	}
	memmove(e->buf + e->cursor + 1, e->buf + e->cursor,
	    (e->len - e->cursor) * sizeof *e->buf);
	e->buf[e->cursor++] = c;
	e->buf[++e->len] = L'\0';
	return EDIT_CHANGED;
}

static void
delete_at(struct edit *e, size_t at, size_t n)
{
	memmove(e->buf + at, e->buf + at + n, (e->len - at - n) * sizeof *e->buf);
	e->len -= n;
	e->buf[e->len] = L'\0';
}

enum edit_result
edit_key(struct edit *e, bool is_key, wint_t ch)
{
	if (is_key) {
		switch (ch) {
		case KEY_LEFT:
			goto left;
		case KEY_RIGHT:
			goto right;
		case KEY_HOME:
			goto home;
		case KEY_END:
			goto end;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			goto delete;
		}
		return EDIT_IGNORED;
	}
	switch (ch) {
	case CTRL('B'):
		goto left;
	case CTRL('F'):
		goto right;
	case CTRL('A'):
		goto home;
	case CTRL('E'):
		goto end;
	case CTRL('H'):
	case 0x7f:
		goto backspace;
	case CTRL('D'):
		goto delete;
	case CTRL('U'):
		delete_at(e, 0, e->cursor);
		e->cursor = 0;
		return EDIT_CHANGED;
	case CTRL('K'):
		delete_at(e, e->cursor, e->len - e->cursor);
		return EDIT_CHANGED;
	}
	if (ch < 0x20 || !iswprint((wint_t)ch))
		return EDIT_IGNORED;
	return edit_insert(e, (wchar_t)ch);

left:
	if (e->cursor > 0)
		e->cursor--;
	return EDIT_MOVED;
right:
	if (e->cursor < e->len)
		e->cursor++;
	return EDIT_MOVED;
home:
	e->cursor = 0;
	return EDIT_MOVED;
end:
	e->cursor = e->len;
	return EDIT_MOVED;
backspace:
	if (e->cursor == 0)
		return EDIT_MOVED;
	delete_at(e, --e->cursor, 1);
	return EDIT_CHANGED;
delete:
	if (e->cursor < e->len)
		delete_at(e, e->cursor, 1);
	return EDIT_CHANGED;
}

int
edit_view(struct edit *e, int width, wchar_t *out, size_t outn)
{
	size_t o = 0, i;
	int used = 0, cur;

	if (width < 2)
		width = 2;
	/* Keep the cursor, and the cell after it, inside the field. */
	if (e->scroll > e->cursor)
		e->scroll = e->cursor;
	while (e->scroll < e->cursor &&
	    text_wcswidth(e->buf + e->scroll, e->cursor - e->scroll) +
	    (e->cursor < e->len ? text_wcwidth(e->buf[e->cursor]) : 1) > width)
		e->scroll++;
	/* Show as much as fits before the cursor when the text got shorter. */
	while (e->scroll > 0 &&
	    text_wcswidth(e->buf + e->scroll - 1, e->len - e->scroll + 1) < width)
		e->scroll--;

	cur = text_wcswidth(e->buf + e->scroll, e->cursor - e->scroll);
	for (i = e->scroll; i < e->len && o + 1 < outn; i++) {
		wchar_t c = e->secret ? L'*' : e->buf[i];
		int cw = text_wcwidth(c);

		if (used + cw > width)
			break;
		out[o++] = c;
		used += cw;
	}
	for (; used < width && o + 1 < outn; used++)
		out[o++] = L' ';
	out[o] = L'\0';
	if (e->secret)
		cur = (int)(e->cursor - e->scroll);
	return cur;
}
