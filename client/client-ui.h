/*
 * client-ui.h: the client's screens (login, daily log, help) and the small
 * drawing helpers the entry form shares with them.
 */
#ifndef KAOHE_CLIENT_UI_H
#define KAOHE_CLIENT_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "common/schema.h"
#include "common/util.h"
#include "client-edit.h"
#include "client-form.h"

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

/* The same, ending a cut string with "..". */
int	ui_put_cut(int y, int x, int width, const char *s, int attr, bool pad,
	    bool cut);

/* A box with a title, its rows cleared. */
void	ui_box(int y, int x, int h, int w, const char *title);

/* ---- shared by the screens (client-ui.c, client-log.c) ---- */

#define CTRL(c)		((c) & 0x1f)

struct client_net;
struct net_event;

enum ui_screen { SCREEN_LOGIN, SCREEN_LOG, SCREEN_STOPPED };
enum ui_confirm { CONFIRM_NONE, CONFIRM_DELETE, CONFIRM_QUIT };
enum ui_pending { ROW_SAVED, ROW_PUT, ROW_DELETE };

struct day_row {
	uint32_t	 date;
	uint32_t	 minutes;
	uint32_t	 overtime;
	uint32_t	 count;
};

struct entry_row {
	const struct log_entry *e;
	enum ui_pending	 pending;
};

struct ui {
	const struct ui_options *opt;
	struct client_net *net;
	enum ui_screen	 screen;
	bool		 help;
	bool		 quit;
	int		 status;

	enum ui_confirm	 confirm;
	struct log_entry confirm_entry;

	struct edit	 login;
	struct edit	 password;
	int		 login_field;
	char		 login_msg[640];
	bool		 login_msg_bad;

	struct day_row	*days;
	size_t		 ndays;
	size_t		 days_cap;
	struct entry_row *rows;
	size_t		 nrows;
	size_t		 rows_cap;
	uint32_t	 sel_day;
	size_t		 day_top;
	uint64_t	 sel_id;
	size_t		 entry_sel;
	size_t		 entry_top;
	int		 pane;		/* 0 days, 1 entries */

	struct form	 form;
	uint64_t	 save_reqid;	/* the form's last save */

	char		 msg[640];
	enum ui_look	 msg_look;
	uint64_t	 msg_at;
	char		 stop_msg[640];
};

extern const char *const ui_weekdays[7];	/* 星期日 .. */
extern const char *const ui_weekdays_short[7];	/* 周日 .. */

/* Show a message on the message line (errors stay, the rest fade). */
void	ui_msg(struct ui *, enum ui_look, const char *fmt, ...) KH_PRINTF(3, 4);

void	ui_draw_title(struct ui *, const char *what);
void	ui_draw_status(struct ui *);
void	ui_draw_message(struct ui *, int y);
void	ui_draw_keys(int y, const char *const *keys);	/* key, label, ..., NULL */

/* Quit, asking first if something would be lost. */
void	ui_request_quit(struct ui *);

/* The daily log screen, client-log.c. */
void	log_draw(struct ui *);
void	log_key(struct ui *, bool is_key, wint_t ch);
void	log_write_failed(struct ui *, const struct net_event *);

#endif
