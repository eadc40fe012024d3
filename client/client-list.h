/*
 * client-list.h: what every list of the client shares: the rows shown (a
 * view of the screen's own rows, narrowed by a search typed after /), the
 * selection kept on the same row whatever is rebuilt, the keys that move
 * it, and the mouse: a click selects a row, a click on the selected row
 * (so a double click) opens it, the wheel moves the selection.
 *
 * A screen keeps a struct list per list it shows.  When its rows change
 * (or list_dirty() says the search did) it offers every row with the text
 * the row shows, between list_begin() and list_end(); it draws the rows
 * list_place() says are in view; and it passes a key to list_key() first,
 * acting on LIST_OPEN and taking the key itself on LIST_PASS.  The search
 * is a plain substring of the text shown (Chinese as typed, ASCII letters
 * in either case); Esc clears it.
 */
#ifndef KAOHE_CLIENT_LIST_H
#define KAOHE_CLIENT_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define LIST_FIND_MAX	40		/* characters of a search */
#define LIST_NONE	SIZE_MAX	/* no row */

/* A mouse event as the screens read it (client-ui.c fills it from
 * ncurses before passing KEY_MOUSE on). */
enum ui_mouse_what { MOUSE_NONE, MOUSE_CLICK, MOUSE_WHEEL_UP, MOUSE_WHEEL_DOWN };
struct ui_mouse {
	enum ui_mouse_what what;
	int		 y, x;
};

struct list {
	wchar_t		 find[LIST_FIND_MAX + 1];	/* the search */
	size_t		 find_len;
	char		 find_utf8[LIST_FIND_MAX * 4 + 1];
	bool		 typing;	/* the search line has the keyboard */
	bool		 dirty;		/* the search changed: offer the rows again */

	uint32_t	*idx;		/* the rows shown: the screen's indexes */
	uint64_t	*keys;		/* and what finds each again */
	size_t		 n, cap;
	size_t		 total;		/* rows offered, shown or not */
	size_t		 sel, top;
	uint64_t	 sel_key;	/* between list_begin() and list_end() */
	bool		 had_sel;

	int		 y, x, w, rows;	/* where the rows were drawn */
};

enum list_act {
	LIST_PASS,		/* not the list's: the screen's own key */
	LIST_DONE,		/* taken (moved, searched) */
	LIST_OPEN,		/* Enter, or a click on the selected row */
};

void	list_free(struct list *);

/* Rebuild: list_begin(), list_offer() each row in order, list_end().  The
 * selection stays on the row with the same key, if it is still shown. */
void	list_begin(struct list *);
/* Row i, found again by key, showing text: shown if it holds the search.
 * Returns whether it is shown. */
bool	list_offer(struct list *, uint32_t i, uint64_t key, const char *text);
void	list_end(struct list *);

/* Whether the search changed since the rows were last offered. */
bool	list_dirty(const struct list *);
/* Whether the search line has the keyboard (digits and letters are text). */
bool	list_typing(const struct list *);
/* Whether a search narrows the list. */
bool	list_searching(const struct list *);
void	list_search_clear(struct list *);

/* The screen's index of the selected row, or of row k shown; LIST_NONE. */
size_t	list_cur(const struct list *);
size_t	list_at(const struct list *, size_t k);
/* Select the row with this key, if shown. */
bool	list_select_key(struct list *, uint64_t key);
/* Move the selection by delta rows (clamped). */
void	list_move(struct list *, long delta);

/* The rows are drawn at y..y+rows-1, columns x..x+w-1: scroll so the
 * selection shows, and remember where they are for the mouse. */
void	list_place(struct list *, int y, int x, int w, int rows);

/* A key (or KEY_MOUSE with m) for the list. */
enum list_act list_key(struct list *, bool is_key, wint_t ch, const struct ui_mouse *m);

/* Which of rows (y0.. y0+rows-1, x0.. x0+w-1, the first shown top, n in
 * all) a click at m hit: its index, or LIST_NONE. */
size_t	list_hit(int y0, int x0, int w, int rows, size_t top, size_t n,
	    const struct ui_mouse *m);

/* Whether text holds find: a substring, ASCII letters in either case. */
bool	list_match(const char *find, const char *text);

/* The key bar: the search (being typed, or narrowing the list) before the
 * screen's keys.  Valid until the next call. */
const char *const *list_keys(const struct list *, const char *const *keys);
/* What to show when the search hides every row, or NULL. */
const char *list_empty(const struct list *);

#endif
