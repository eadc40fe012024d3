/*
 * client-list.c: the rows a list shows, its search, its keys and the
 * mouse on it (client-list.h).
 *
 * The search narrows as it is typed: every key changes it and marks the
 * list dirty, and the screen offers its rows again on the next draw.  The
 * match is on bytes, ASCII letters folded: a UTF-8 sequence never holds an
 * ASCII byte, so folding those alone is safe for Chinese text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/i18n.h"
#include "common/util.h"
#include "client-list.h"
#include "client-text.h"

#define WHEEL_ROWS	3	/* rows a turn of the wheel moves */

void
list_free(struct list *l)
{
	free(l->idx);
	free(l->keys);
	l->idx = NULL;
	l->keys = NULL;
	l->n = l->cap = 0;
}

void
list_begin(struct list *l)
{
	l->had_sel = l->n > 0 && l->sel < l->n;
	l->sel_key = l->had_sel ? l->keys[l->sel] : 0;
	l->n = 0;
	l->total = 0;
	l->dirty = false;
}

bool
list_offer(struct list *l, uint32_t i, uint64_t key, const char *text)
{
	l->total++;
	if (l->find_len > 0 && !list_match(l->find_utf8, text != NULL ? text : ""))
		return false;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->idx = xrealloc(l->idx, l->cap * sizeof *l->idx);
		l->keys = xrealloc(l->keys, l->cap * sizeof *l->keys);
	}
	l->idx[l->n] = i;
	l->keys[l->n] = key;
	l->n++;
	return true;
}

void
list_end(struct list *l)
{
	if (l->had_sel)
		list_select_key(l, l->sel_key);
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
	l->had_sel = false;
}

bool
list_dirty(const struct list *l)
{
	return l->dirty;
}

bool
list_typing(const struct list *l)
{
	return l->typing;
}

bool
list_searching(const struct list *l)
{
	return l->find_len > 0;
}

static void
find_changed(struct list *l)
{
	char *s;

	l->find[l->find_len] = L'\0';
	s = text_encode(l->find, l->find_len);
	strlcpy_kh(l->find_utf8, s, sizeof l->find_utf8);
	free(s);
	l->dirty = true;
}

void
list_search_clear(struct list *l)
{
	l->typing = false;
	if (l->find_len == 0)
		return;
	l->find_len = 0;
	find_changed(l);
}

size_t
list_at(const struct list *l, size_t k)
{
	return k < l->n ? l->idx[k] : LIST_NONE;
}

size_t
list_cur(const struct list *l)
{
	return list_at(l, l->sel);
}

bool
list_select_key(struct list *l, uint64_t key)
{
	for (size_t k = 0; k < l->n; k++)
		if (l->keys[k] == key) {
			l->sel = k;
			return true;
		}
	return false;
}

void
list_move(struct list *l, long delta)
{
	if (l->n == 0) {
		l->sel = 0;
		return;
	}
	if (delta < 0)
		l->sel = (size_t)-delta > l->sel ? 0 : l->sel - (size_t)-delta;
	else
		l->sel = l->sel + (size_t)delta >= l->n ? l->n - 1 : l->sel + (size_t)delta;
}

void
list_place(struct list *l, int y, int x, int w, int rows)
{
	l->y = y;
	l->x = x;
	l->w = w;
	l->rows = rows < 0 ? 0 : rows;
	if (l->sel >= l->n)
		l->sel = l->n > 0 ? l->n - 1 : 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->rows > 0 && l->sel >= l->top + (size_t)l->rows)
		l->top = l->sel - (size_t)l->rows + 1;
	/* no blank rows below the last while rows above are hidden */
	if (l->top > 0 && l->top + (size_t)l->rows > l->n)
		l->top = l->n > (size_t)l->rows ? l->n - (size_t)l->rows : 0;
}

size_t
list_hit(int y0, int x0, int w, int rows, size_t top, size_t n, const struct ui_mouse *m)
{
	size_t i;

	if (m == NULL || m->what != MOUSE_CLICK || m->y < y0 || m->y >= y0 + rows ||
	    m->x < x0 || m->x >= x0 + w)
		return LIST_NONE;
	i = top + (size_t)(m->y - y0);
	return i < n ? i : LIST_NONE;
}

static enum list_act
mouse(struct list *l, const struct ui_mouse *m)
{
	size_t i;

	if (m == NULL)
		return LIST_PASS;
	if (m->what == MOUSE_WHEEL_UP || m->what == MOUSE_WHEEL_DOWN) {
		if (m->x < l->x || m->x >= l->x + l->w)
			return LIST_PASS;
		list_move(l, m->what == MOUSE_WHEEL_UP ? -WHEEL_ROWS : WHEEL_ROWS);
		return LIST_DONE;
	}
	if ((i = list_hit(l->y, l->x, l->w, l->rows, l->top, l->n, m)) == LIST_NONE)
		return LIST_PASS;
	if (i == l->sel)
		return LIST_OPEN;
	l->sel = i;
	return LIST_DONE;
}

/* Keys that move the selection, whether or not a search is typed. */
static bool
move_key(struct list *l, bool is_key, wint_t ch)
{
	long page = l->rows > 1 ? l->rows - 1 : 1;

	if (!is_key)
		return false;
	switch (ch) {
	case KEY_UP: list_move(l, -1); return true;
	case KEY_DOWN: list_move(l, 1); return true;
	case KEY_PPAGE: list_move(l, -page); return true;
	case KEY_NPAGE: list_move(l, page); return true;
	case KEY_HOME: l->sel = 0; return true;
	case KEY_END: list_move(l, (long)l->n); return true;
	}
	return false;
}

static bool
is_enter(bool is_key, wint_t ch)
{
	return (is_key && ch == KEY_ENTER) || (!is_key && (ch == '\r' || ch == '\n'));
}

/* A key while the search is typed: it has the keyboard. */
static enum list_act
typing_key(struct list *l, bool is_key, wint_t ch, const struct ui_mouse *m)
{
	if (is_key && ch == KEY_MOUSE) {
		/* a click opening a row ends the typing, the search kept */
		if (mouse(l, m) != LIST_OPEN)
			return LIST_DONE;
		l->typing = false;
		return LIST_OPEN;
	}
	if (move_key(l, is_key, ch))
		return LIST_DONE;
	if (is_enter(is_key, ch)) {
		l->typing = false;
		return LIST_DONE;
	}
	if (!is_key && ch == 27) {
		list_search_clear(l);
		return LIST_DONE;
	}
	if ((is_key && ch == KEY_BACKSPACE) || (!is_key && (ch == 0x7f || ch == 8))) {
		if (l->find_len > 0) {
			l->find_len--;
			find_changed(l);
		} else
			l->typing = false;
		return LIST_DONE;
	}
	if (!is_key && ch == 0x15) {		/* Ctrl-U */
		l->find_len = 0;
		find_changed(l);
		return LIST_DONE;
	}
	if (!is_key && ch >= 0x20 && ch != 0x7f && text_wcwidth((wchar_t)ch) > 0 &&
	    l->find_len < LIST_FIND_MAX) {
		l->find[l->find_len++] = (wchar_t)ch;
		find_changed(l);
	}
	return LIST_DONE;
}

enum list_act
list_key(struct list *l, bool is_key, wint_t ch, const struct ui_mouse *m)
{
	if (l->typing)
		return typing_key(l, is_key, ch, m);
	if (is_key && ch == KEY_MOUSE)
		return mouse(l, m);
	if (move_key(l, is_key, ch))
		return LIST_DONE;
	if (is_enter(is_key, ch))
		return l->n > 0 ? LIST_OPEN : LIST_DONE;
	if (is_key)
		return LIST_PASS;
	switch (ch) {
	case 'k':
		list_move(l, -1);
		return LIST_DONE;
	case 'j':
		list_move(l, 1);
		return LIST_DONE;
	case '/':
		l->typing = true;
		return LIST_DONE;
	case 27:
		if (l->find_len == 0)
			return LIST_PASS;
		list_search_clear(l);
		return LIST_DONE;
	}
	return LIST_PASS;
}

bool
list_match(const char *find, const char *text)
{
	size_t fl = strlen(find);

	if (fl == 0)
		return true;
	for (const char *t = text; *t != '\0'; t++) {
		size_t k;

		for (k = 0; k < fl && t[k] != '\0'; k++) {
			unsigned char a = (unsigned char)t[k], b = (unsigned char)find[k];

			if (a < 0x80 && b < 0x80) {
				if (a >= 'A' && a <= 'Z')
					a = (unsigned char)(a - 'A' + 'a');
				if (b >= 'A' && b <= 'Z')
					b = (unsigned char)(b - 'A' + 'a');
			}
			if (a != b)
				break;
		}
		if (k == fl)
			return true;
	}
	return false;
}

const char *const *
list_keys(const struct list *l, const char *const *keys)
{
	static const char *out[48];
	static char what[LIST_FIND_MAX * 4 + 64];
	size_t o = 0;
	bool offered = l->find_len > 0;

	if (l->typing || l->find_len > 0) {
		/* TRANSLATORS: the search in the key bar: what is typed, the
		 * rows it leaves of all; the cursor "_" while typing. */
		snprintf(what, sizeof what, _("“%s%s” %zu of %zu"), l->find_utf8, l->typing ? "_" : "",
		    l->n, l->total);
		out[o++] = "/";
		out[o++] = what;
	}
	if (l->typing) {
		out[o++] = "Enter";
		out[o++] = N_("Done");
		out[o++] = "Esc";
		out[o++] = N_("Clear");
		out[o++] = "↑↓";
		out[o++] = N_("Select");
		out[o] = NULL;
		return out;
	}
	if (l->find_len > 0) {
		out[o++] = "Esc";
		out[o++] = N_("Clear");
	}
	for (size_t i = 0; keys[i] != NULL && keys[i + 1] != NULL && o + 4 < nitems(out); i += 2) {
		/* the search's key before the help's, where the screen has one */
		if (!offered && strcmp(keys[i], "?") == 0) {
			out[o++] = "/";
			out[o++] = N_("Search");
			offered = true;
		}
		out[o++] = keys[i];
		out[o++] = keys[i + 1];
	}
	if (!offered) {
		out[o++] = "/";
		out[o++] = N_("Search");
	}
	out[o] = NULL;
	return out;
}

const char *
list_empty(const struct list *l)
{
	if (l->n > 0 || l->find_len == 0)
		return NULL;
	return l->total > 0 ? _("Nothing matches the search (Esc clears it)") :
	    _("Nothing to search");
}
