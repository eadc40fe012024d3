/*
 * client-ui.h: the client's screens and what they share: the state of the
 * user interface, the frame every screen is drawn in (title, the line of
 * screens with what is due, the message, status and key lines), a yes/no
 * question, and the small drawing helpers.
 *
 * The screens, one file each: the login client-login.c, 日志 client-log.c
 * (its form client-form.c), 月记实 client-month.c, 审核 client-queue.c,
 * 季度小结 client-summary.c, 评鉴 client-eval.c, 我的考核 client-archive.c,
 * 管理 client-admin.c (its forms client-admin-form.c), 评分 client-score.c,
 * 排名 client-rank.c (with a person's sheet and the admin's
 * commendations), 党建 client-orgs.c (organisations against a rubric: its
 * sheet client-orgs-sheet.c, notices and draws client-orgs-notice.c).  What they share:
 * a record opened from a list, read and acted on, client-review.c (its
 * versions client-history.c); the editor of one's own record,
 * client-docedit.c; a record laid out for reading, client-doc.c; the
 * multi-line editor, client-area.c; and what is read from the synced copy
 * (who reviews whom, what is due), client-model.c.  Each screen keeps its
 * own state (and what the user is typing there) while another is shown,
 * and every form keeps it on disk too, as a local draft
 * (client-ui-drafts.c over client-draft.c).  Long work, such as an
 * export, runs as a job with a bar on the status line (client-ui-job.c
 * over client-job.c).
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
#include "client-list.h"
#include "client-model.h"

#define UI_MIN_COLS	80
#define UI_MIN_LINES	24

struct ui_options {
	const char	*server;	/* request endpoint */
	const char	*pub;		/* update endpoint, NULL: derived */
	const char	*user;		/* login to prefill, or NULL */
	const char	*workstation;
	const char	*server_key;	/* Z85; NULL: plain, for an --insecure server */
	const struct keypair *own;	/* this workstation's CURVE pair */
};

/* Run the client until the user quits.  Returns the exit status. */
int	ui_run(const struct ui_options *);

/* With KAOHE_BENCH_FILE set, append one line "MARK MICROSECONDS" (the
 * monotonic clock, mono_us) to that file, for tests/bench/bench-client.c;
 * nothing otherwise.  Marks: login_sent, login_ok, queue (the first review
 * queue drawn from a synced copy after login, with its item count). */
void	ui_bench_mark(const char *mark, uint64_t n);

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

/* A form's one-line field on row y: its label in columns 2 to 9, the
 * editor's view of width columns from column 10, and the cursor in it when
 * the field is active. */
void	ui_field_draw(int y, const char *label, struct edit *, bool active, int width);

/* A box with a title, its rows cleared. */
void	ui_box(int y, int x, int h, int w, const char *title);

/* ---- shared by the screens (client-ui.c, client-log.c) ---- */

#define CTRL(c)		((c) & 0x1f)

struct client_net;
struct net_event;

enum ui_screen {
	SCREEN_LOGIN,
	SCREEN_LOG,		/* 1 日志 */
	SCREEN_MONTH,		/* 2 月记实 */
	SCREEN_QUEUE,		/* 3 审核 */
	SCREEN_SUMMARY,		/* 4 季度小结 */
	SCREEN_EVAL,		/* 5 评鉴 */
	SCREEN_MINE,		/* 6 我的考核 */
	SCREEN_ADMIN,		/* 7 管理 */
	SCREEN_SCORE,		/* 8 评分 */
	SCREEN_RANK,		/* 9 排名 */
	SCREEN_ORGS,		/* 0 党建 */
	SCREEN_STOPPED,
};
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

/* A yes/no question on the message line, answered by the screen that
 * asked it (its answer() with the action). */
struct ui_ask {
	bool		 open;
	enum ui_screen	 screen;
	int		 action;
	char		 text[512];
};

struct month_state;
struct queue_state;
struct summary_state;
struct eval_state;
struct archive_state;
struct admin_state;
struct score_state;
struct rank_state;
struct ledger_state;
struct orgs_state;
struct draft_store;
struct draft;
struct job;
struct job_ops;

struct ui {
	const struct ui_options *opt;
	struct client_net *net;
	enum ui_screen	 screen;
	enum ui_screen	 last_screen;	/* before the session was lost */
	uint64_t	 last_user;	/* whose screens these are */
	bool		 help;
	bool		 quit;
	struct ui_mouse	 mouse;		/* the last, with a KEY_MOUSE */
	int		 status;

	struct model	 model;		/* see ui_model() */
	struct ui_ask	 ask;

	struct month_state *month;
	struct queue_state *queue;
	struct summary_state *summary;
	struct eval_state *eval;
	struct archive_state *archive;
	struct admin_state *admin;
	struct score_state *score;
	struct rank_state *rank;
	struct ledger_state *ledger;	/* 积分, shown over 排名 or 我的考核 */
	struct orgs_state *orgs;

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
	struct list	 logs;		/* the search of the log: the entries it leaves */

	struct form	 form;
	uint64_t	 save_reqid;	/* the form's last save */

	struct draft_store *drafts;	/* local drafts; NULL: none can be kept */
	struct job	*job;		/* an export being written, or NULL */
	int		 link_was;	/* the link's state at the last turn */

	char		 msg[640];
	enum ui_look	 msg_look;
	uint64_t	 msg_at;
	char		 stop_msg[640];
};

/* A day's weekday as shown: "Sunday" (星期日), and short, "Sun" (周日). */
const char *ui_weekday(uint32_t day);
const char *ui_weekday_short(uint32_t day);

/* The translation of a message marked N_() in a table.  NULL and "" stay
 * as they are: gettext("") would give the catalogue's header. */
const char *ui_tr(const char *msgid);

/* Show a message on the message line (errors stay, the rest fade). */
void	ui_msg(struct ui *, enum ui_look, const char *fmt, ...) KH_PRINTF(3, 4);

void	ui_draw_title(struct ui *, const char *what);
void	ui_draw_status(struct ui *);
void	ui_draw_message(struct ui *, int y);
/* key, label, ..., NULL: message ids marked N_(), translated here (a
 * string already translated comes out as it is). */
void	ui_draw_keys(int y, const char *const *keys);

/* Everything around a screen's own rows: the title (what, translated by
 * the caller), the line of screens with what is due, the message (or the
 * question asked), the status and the keys (as ui_draw_keys).  A screen's
 * rows are UI_TOP .. LINES - 4.  A screen's help (its *_help arrays) is
 * key, description pairs marked N_() the same way. */
#define UI_TOP		2
void	ui_frame(struct ui *, const char *what, const char *const *keys);
/* The rows a screen has: LINES - 3 - UI_TOP. */
int	ui_rows(void);

/* Ask a yes/no question; the current screen's answer() gets the action. */
void	ui_ask(struct ui *, int action, const char *fmt, ...) KH_PRINTF(3, 4);

/* The model of the synced copy, brought up to date. */
struct model *ui_model(struct ui *);
/* d, about to be shown or edited whole: a record that came without its long
 * text (a snapshot's are slim) is asked for once, and the screen redraws
 * when it comes.  ui_doc_loading() says it has not come yet. */
const struct doc *ui_doc(struct ui *, const struct doc *d);
bool	ui_doc_loading(struct ui *, const struct doc *d);
uint64_t ui_me(struct ui *);
uint32_t ui_role(struct ui *);
uint32_t ui_today(struct ui *);

/* Go to a screen (if the user's role has it). */
void	ui_goto(struct ui *, enum ui_screen);

/* A refusal as the user should read it: the server's message, and the
 * field it names. */
void	ui_error_text(const struct net_event *, char *buf, size_t len);
/* The name of a field key as shown: "comment" -> "Comment" (意见). */
const char *ui_field_label(const char *key);

/* Times and days as shown: "2026-11-28 14:03", "11-28". */
void	ui_time(uint64_t ms, char *buf, size_t len);
void	ui_day(uint32_t day, char *buf, size_t len);

/*
 * Local drafts (client-draft.h) of the user logged in: what a form holds,
 * kept on this workstation until the server has it.  A form keeps its text
 * on every change (ui_draft_keep), binds it to the save that carries it
 * (ui_draft_bind: the acknowledgement drops it), drops it when the user
 * throws the text away, and on opening looks for one (ui_draft_load) and
 * says it restored it (ui_draft_restored).  Without a store (no HOME) each
 * is a no-op and ui_draft_load finds nothing.  When ui_draft_load finds
 * nothing, the draft it leaves is empty and needs no draft_clear().
 */
void	ui_draft_keep(struct ui *, const char *key, const struct draft *);
bool	ui_draft_load(struct ui *, const char *key, struct draft *);
void	ui_draft_drop(struct ui *, const char *key);
void	ui_draft_bind(struct ui *, const char *key, uint64_t reqid);
void	ui_draft_rename(struct ui *, const char *from, const char *to);
bool	ui_draft_find(struct ui *, const char *prefix, char *key, size_t len);
/* "Restored your unsaved text from 14:03"; sent: it went to the server in
 * a run that ended before the server said it had it. */
void	ui_draft_restored(struct ui *, const struct draft *, bool sent);
/* The main loop's (client-ui-drafts.c): make the store, give it the user
 * logged in (or say why there is none), and its turn. */
void	ui_drafts_open(struct ui *);
void	ui_drafts_login(struct ui *, const char *login);
void	ui_drafts_tick(struct ui *);

/* Long work (client-job.h), one at a time, with its progress bar on the
 * status line while it runs; ops->finish gets the ui as its ctx.  false
 * (with a message, and ops->free called) if one is running already. */
bool	ui_job_start(struct ui *, const char *what, const struct job_ops *ops, void *arg);
/* The main loop's (client-ui-job.c): the job's turn, true when it ended
 * (its finish has run); its bar in width columns of row y, shown once it
 * has run UI_JOB_QUIET_MS. */
#define UI_JOB_QUIET_MS	300
bool	ui_job_turn(struct ui *);
void	ui_job_draw(struct ui *, int y, int x, int width);

/* r on a screen built from the synced copy: ask the server for what may
 * have been missed, and say so. */
void	ui_resync(struct ui *);

/* Quit, asking first if something would be lost. */
void	ui_request_quit(struct ui *);

/* The login screen, client-login.c. */
void	login_draw(struct ui *);
void	login_key(struct ui *, bool is_key, wint_t ch);

/* The daily log screen, client-log.c. */
void	log_draw(struct ui *);
void	log_key(struct ui *, bool is_key, wint_t ch);
void	log_write_failed(struct ui *, const struct net_event *);
extern const char *const log_help[];

/*
 * Every screen of the cycle has the same entry points: draw, a key, and
 * whether an editor has the keyboard (then digits and letters are text),
 * whether something typed is not yet saved, a reply to one of its
 * requests (true if it was its own), the answer to its question, freeing
 * its state, the keys its help shows now, and q: back from what is open
 * over its list (a record, a sheet, the points), false when nothing is
 * (then q quits).
 */
#define SCREEN_API(name)						\
	void	name##_draw(struct ui *);					\
	void	name##_key(struct ui *, bool is_key, wint_t ch);		\
	bool	name##_typing(struct ui *);					\
	bool	name##_unsaved(struct ui *);					\
	bool	name##_event(struct ui *, const struct net_event *);		\
	void	name##_answer(struct ui *, int action, bool yes);		\
	void	name##_free(struct ui *);					\
	const char *const *name##_help_now(struct ui *);		\
	bool	name##_back(struct ui *);					\
	extern const char *const name##_help[];

/* Open the user's own record for editing on its screen. */
void	month_edit(struct ui *, uint32_t period);
void	summary_edit(struct ui *, uint64_t subject, uint32_t period);

SCREEN_API(month)
SCREEN_API(queue)
SCREEN_API(summary)
SCREEN_API(eval)
SCREEN_API(archive)
SCREEN_API(admin)
SCREEN_API(score)
SCREEN_API(rank)
SCREEN_API(orgs)

/* 积分 (client-ledger.c): the points ledgers' rankings and entries, a view
 * its host screen (排名, 我的考核) shows instead of itself while it is open.
 * ledger_open() opens it over host: the ranking, or (person non-zero) that
 * person's entries.  The host passes its draw, keys, events, help and
 * free on while ledger_shown() says so. */
void	ledger_open(struct ui *, enum ui_screen host, uint64_t person);
bool	ledger_shown(struct ui *, enum ui_screen host);
void	ledger_draw(struct ui *);
void	ledger_key(struct ui *, bool is_key, wint_t ch);
bool	ledger_typing(struct ui *);
bool	ledger_unsaved(struct ui *);
bool	ledger_event(struct ui *, const struct net_event *);
/* The delete question the view asks; hosts pass an answer with this action
 * on (no host uses the number for a question of its own). */
#define LEDGER_ASK_DELETE	940
void	ledger_answer(struct ui *, int action, bool yes);
void	ledger_free(struct ui *);
/* q on the view: back to the ranking from a person's entries, or to the
 * host; true (the view was shown). */
bool	ledger_back(struct ui *);
extern const char *const ledger_help[];

/* What both scoring screens know of a period: its name as shown, and the
 * period before or after it of the same type within the plan's types
 * (client-score.c). */
uint32_t score_period_step(uint32_t period, int dir, uint32_t today);
/* Another period type of the plan's cycle (bit 1 << type in types), the
 * period of that type holding the same day. */
uint32_t score_period_type_next(uint32_t period, uint32_t types, uint32_t today);
/* Hundredths as shown: 8550 "85.50". */
void	score_fmt(uint32_t v, char *buf, size_t len);

#endif
