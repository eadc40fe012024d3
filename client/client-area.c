/*
 * client-area.c: the multi-line editor (see client-area.h).
 *
 * The layout is recomputed from the text whenever it is needed: a field
 * holds at most a few thousand characters, so walking it costs less than
 * drawing it, and there is no cache to go stale.  A visual line runs from
 * `start` to `end` (exclusive); the next starts at end + 1 after a line
 * break, or at end after a wrap.  A line filled to the last column gets an
 * empty line after it when the text ends there, so the cursor at the end
 * always has a cell to stand in.
 */
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include <curses.h>

#include "common/util.h"
#include "client-area.h"
#include "client-draft.h"
#include "client-text.h"
#include "client-ui.h"

struct vline {
	size_t	 start;
	size_t	 end;
};

void
area_init(struct area *a, size_t max)
{
	memset(a, 0, sizeof *a);
	a->max = max;
	a->cap = 64;
	a->buf = xcalloc(a->cap, sizeof *a->buf);
	a->goal = -1;
	a->width = 40;
	a->height = 4;
}

void
area_free(struct area *a)
{
	free(a->buf);
	memset(a, 0, sizeof *a);
}

static void
reserve(struct area *a, size_t n)
{
	if (n + 1 <= a->cap)
		return;
	while (a->cap < n + 1)
		a->cap *= 2;
	a->buf = xrealloc(a->buf, a->cap * sizeof *a->buf);
}

void
area_set(struct area *a, const char *utf8)
{
	const unsigned char *p = (const unsigned char *)(utf8 != NULL ? utf8 : "");
	size_t n;
	wchar_t *w;

	/* text_decode turns control characters into '?': keep the breaks. */
	a->len = 0;
	while (*p != '\0' && a->len < a->max) {
		const unsigned char *line = p;
		char *part;

		while (*p != '\0' && *p != '\n')
			p++;
		part = xstrndup((const char *)line, (size_t)(p - line));
		w = text_decode_new(part, &n);
		if (a->len + n > a->max)
			n = a->max - a->len;
		reserve(a, a->len + n + 1);
		wmemcpy(a->buf + a->len, w, n);
		a->len += n;
		free(w);
		free(part);
		if (*p == '\n' && a->len < a->max) {
			a->buf[a->len++] = L'\n';
			p++;
		}
	}
	a->buf[a->len] = L'\0';
	a->cursor = 0;
	a->top = 0;
	a->goal = -1;
}

char *
area_get(const struct area *a)
{
	return text_encode(a->buf, a->len);
}

void
area_to_draft(const struct area *a, struct draft *d, const char *name)
{
	char *v = area_get(a);

	draft_set(d, name, v);
	free(v);
}

void
area_from_draft(struct area *a, const struct draft *d, const char *name)
{
	const char *v = draft_get(d, name);

	if (v != NULL)
		area_set(a, v);
}

bool
area_blank(const struct area *a)
{
	for (size_t i = 0; i < a->len; i++)
		if (a->buf[i] != L' ' && a->buf[i] != L'\n' && a->buf[i] != 0x3000)
			return false;
	return true;
}

/* The visual lines at width w; *n of them, a new array. */
static struct vline *
layout(const struct area *a, int w, size_t *n)
{
	size_t cap = 16, i = 0;
	struct vline *v = xmalloc(cap * sizeof *v);
	bool full = false;

	*n = 0;
	if (w < 2)
		w = 2;
	for (;;) {
		size_t start = i;
		int used = 0;

		full = false;
		while (i < a->len && a->buf[i] != L'\n') {
			int cw = text_wcwidth(a->buf[i]);

			if (used + cw > w) {
				full = true;
				/* A closing mark never starts a line. */
				if (text_closing(a->buf[i]) && i - start > 1)
					i--;
				break;
			}
			used += cw;
			i++;
		}
		if (i == a->len && used == w)
			full = true;
		if (*n == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[(*n)++] = (struct vline){ start, i };
		if (i < a->len && a->buf[i] == L'\n') {
			i++;
			continue;
		}
		if (i >= a->len)
			break;
	}
	/* The cursor after a full last line needs a line of its own. */
	if (full && *n > 0 && v[*n - 1].end == a->len) {
		if (*n == cap)
			v = xrealloc(v, (cap + 1) * sizeof *v);
		v[(*n)++] = (struct vline){ a->len, a->len };
	}
	return v;
}

/* The visual line holding the cursor. */
static size_t
cursor_line(const struct area *a, const struct vline *v, size_t n)
{
	size_t l = 0;

	for (size_t i = 0; i < n; i++)
		if (v[i].start <= a->cursor)
			l = i;
	/* A cursor at the end of a wrapped line belongs to the next. */
	return l;
}

static int
col_of(const struct area *a, const struct vline *line, size_t at)
{
	return text_wcswidth(a->buf + line->start, at - line->start);
}

/* The position in a line nearest to column col. */
static size_t
at_col(const struct area *a, const struct vline *line, int col)
{
	size_t i = line->start;
	int used = 0;

	while (i < line->end) {
		int cw = text_wcwidth(a->buf[i]);

		if (used + cw > col)
			break;
		used += cw;
		i++;
	}
	return i;
}

size_t
area_lines(struct area *a, int width)
{
	size_t n;

	free(layout(a, width, &n));
	return n;
}

static enum edit_result
insert(struct area *a, wchar_t c)
{
	if (a->len >= a->max)
		return EDIT_FULL;
	reserve(a, a->len + 1);
	wmemmove(a->buf + a->cursor + 1, a->buf + a->cursor, a->len - a->cursor);
	a->buf[a->cursor++] = c;
	a->buf[++a->len] = L'\0';
	return EDIT_CHANGED;
}

static void
delete_range(struct area *a, size_t from, size_t to)
{
	wmemmove(a->buf + from, a->buf + to, a->len - to);
	a->len -= to - from;
	a->buf[a->len] = L'\0';
	if (a->cursor > to)
		a->cursor -= to - from;
	else if (a->cursor > from)
		a->cursor = from;
}

/* Move up (delta -1) or down (+1) by visual lines, keeping the column. */
static enum edit_result
vertical(struct area *a, int delta)
{
	size_t n, l;
	struct vline *v = layout(a, a->width, &n);
	enum edit_result r = EDIT_MOVED;

	l = cursor_line(a, v, n);
	if (a->goal < 0)
		a->goal = col_of(a, &v[l], a->cursor);
	if ((delta < 0 && l == 0) || (delta > 0 && l + 1 >= n))
		r = EDIT_IGNORED;
	else {
		long t = (long)l + delta;

		if (t < 0)
			t = 0;
		if ((size_t)t >= n)
			t = (long)n - 1;
		a->cursor = at_col(a, &v[t], a->goal);
	}
	free(v);
	return r;
}

enum edit_result
area_key(struct area *a, bool is_key, wint_t ch)
{
	size_t n, l;
	struct vline *v;
	int goal = a->goal;
	enum edit_result r = EDIT_MOVED;

	a->goal = -1;
	if (is_key) {
		switch (ch) {
		case KEY_UP:
			a->goal = goal;
			return vertical(a, -1);
		case KEY_DOWN:
			a->goal = goal;
			return vertical(a, 1);
		case KEY_PPAGE:
		case KEY_NPAGE:
			a->goal = goal;
			for (int i = 0; i < (a->height > 1 ? a->height - 1 : 1); i++)
				if (vertical(a, ch == KEY_PPAGE ? -1 : 1) == EDIT_IGNORED)
					break;
			return EDIT_MOVED;
		case KEY_LEFT:
			if (a->cursor > 0)
				a->cursor--;
			return EDIT_MOVED;
		case KEY_RIGHT:
			if (a->cursor < a->len)
				a->cursor++;
			return EDIT_MOVED;
		case KEY_HOME:
			goto home;
		case KEY_END:
			goto end;
		case KEY_BACKSPACE:
			goto backspace;
		case KEY_DC:
			goto delete;
		case KEY_ENTER:
			goto newline;
		}
		return EDIT_IGNORED;
	}
	switch (ch) {
	case CTRL('A'):
		goto home;
	case CTRL('E'):
		goto end;
	case CTRL('B'):
		if (a->cursor > 0)
			a->cursor--;
		return EDIT_MOVED;
	case CTRL('F'):
		if (a->cursor < a->len)
			a->cursor++;
		return EDIT_MOVED;
	case CTRL('H'):
	case 0x7f:
		goto backspace;
	case CTRL('D'):
		goto delete;
	case CTRL('K'):
	case CTRL('U'):
		v = layout(a, a->width, &n);
		l = cursor_line(a, v, n);
		if (ch == CTRL('K'))
			delete_range(a, a->cursor, v[l].end);
		else
			delete_range(a, v[l].start, a->cursor);
		free(v);
		return EDIT_CHANGED;
	case '\r':
	case '\n':
		goto newline;
	}
	if (ch < 0x20 || !iswprint((wint_t)ch))
		return EDIT_IGNORED;
	return insert(a, (wchar_t)ch);

newline:
	if (a->single)
		return EDIT_IGNORED;
	return insert(a, L'\n');
home:
	v = layout(a, a->width, &n);
	a->cursor = v[cursor_line(a, v, n)].start;
	free(v);
	return r;
end:
	v = layout(a, a->width, &n);
	a->cursor = v[cursor_line(a, v, n)].end;
	free(v);
	return r;
backspace:
	if (a->cursor == 0)
		return EDIT_MOVED;
	delete_range(a, a->cursor - 1, a->cursor);
	return EDIT_CHANGED;
delete:
	if (a->cursor < a->len)
		delete_range(a, a->cursor, a->cursor + 1);
	return EDIT_CHANGED;
}

void
area_draw(struct area *a, int y, int x, int h, int w, int attr, int *cur_y, int *cur_x)
{
	size_t n, l;
	struct vline *v;
	wchar_t line[512];

	if (h < 1 || w < 2)
		return;
	a->width = w;
	a->height = h;
	v = layout(a, w, &n);
	l = cursor_line(a, v, n);
	if (cur_y != NULL) {
		/* Keep the cursor's line in view. */
		if (l < a->top)
			a->top = l;
		if (l >= a->top + (size_t)h)
			a->top = l - (size_t)h + 1;
	}
	if (a->top + (size_t)h > n)
		a->top = n > (size_t)h ? n - (size_t)h : 0;
	for (int r = 0; r < h; r++) {
		size_t i = a->top + (size_t)r, o = 0;
		int used = 0;

		if (i < n) {
			for (size_t k = v[i].start; k < v[i].end && o + 1 < nitems(line); k++) {
				line[o++] = a->buf[k];
				used += text_wcwidth(a->buf[k]);
			}
		}
		for (; used < w && o + 1 < nitems(line); used++)
			line[o++] = L' ';
		line[o] = L'\0';
		ui_putw(y + r, x, line, attr);
	}
	if (cur_y != NULL && cur_x != NULL) {
		*cur_y = y + (int)(l - a->top);
		*cur_x = x + col_of(a, &v[l], a->cursor);
		if (*cur_x >= x + w)
			*cur_x = x + w - 1;
	}
	free(v);
}
