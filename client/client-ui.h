/*
 * client-ui.h: the client's screens (login, daily log, help) and the small
 * drawing helpers the entry form shares with them.
 */
#ifndef KAOHE_CLIENT_UI_H
#define KAOHE_CLIENT_UI_H

#include <stdbool.h>
#include <wchar.h>

#define UI_MIN_COLS	80
#define UI_MIN_LINES	24

struct ui_options {
	const char	*server;	/* request endpoint */
	const char	*pub;		/* update endpoint, NULL: derived */
	const char	*user;		/* login to prefill, or NULL */
	const char	*workstation;
};

/* Run the client until the user quits.  Returns the exit status. */
int	ui_run(const struct ui_options *);

/* What a piece of the screen is, mapped to colours or to bold/reverse. */
enum ui_look {
	UI_NORMAL,
	UI_TITLE,
	UI_STATUS,
	UI_SELECTED,		/* the selected row of the focused pane */
	UI_SELECTED_DIM,	/* the selected row of the other pane */
	UI_HEADER,
	UI_ERROR,
	UI_GOOD,
	UI_WARN,
	UI_KEY,
	UI_DIM,
	UI_FIELD,
	UI_FIELD_ACTIVE,
	UI_BOX,
};

int	ui_attr(enum ui_look);

/* Draw UTF-8 s at (y, x) in at most width columns, padded with spaces to
 * width when pad; a double-width character never straddles the edge.
 * Returns the columns drawn. */
int	ui_put(int y, int x, int width, const char *s, int attr, bool pad);

/* The same for a wide string already fitted to its width. */
void	ui_putw(int y, int x, const wchar_t *s, int attr);

/* A box with a title, its inside cleared. */
void	ui_box(int y, int x, int h, int w, const char *title);

#endif
