/*
 * client-orgs.h: what the three files of 党建 share (organisations scored
 * against a rubric, 党建目标考核): the screen's state, the requests, and
 * the pure helpers the tests call.
 *
 * client-orgs.c has the ranking of a plan and period, the requests and the
 * replies; client-orgs-sheet.c one unit's sheet laid out like the paper
 * 细则 and an item opened; client-orgs-notice.c the forms (自查分, a
 * finding, a notice, its answer and review, a draw), the rectification
 * notices and the spot-check draws.
 */
#ifndef KAOHE_CLIENT_ORGS_H
#define KAOHE_CLIENT_ORGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "common/schema.h"
#include "client-edit.h"
#include "client-list.h"

struct ui;

enum orgs_view {
	ORGS_LIST,		/* the ranking */
	ORGS_SHEET,		/* one unit's sheet */
	ORGS_ITEM,		/* an item of it, opened */
	ORGS_NOTICES,		/* 整改通知单 */
	ORGS_DRAW,		/* 抽查 */
	ORGS_HISTORY,		/* one unit's sheets of every period: its archive */
};

enum orgs_form {
	OF_NONE,
	OF_SELF,		/* the unit: 自查分 of an item, or met */
	OF_FINDING,		/* an inspector: a finding */
	OF_NOTICE,		/* an inspector: issue a notice */
	OF_ANSWER,		/* the unit: answer a notice */
	OF_REVIEW,		/* an inspector: send a notice back */
	OF_DRAW,		/* an inspector or the admin: a draw */
};

enum { ASK_APPLY = 1, ASK_CHECKED, ASK_REOPEN, ASK_DELETE, ASK_CLOSE };

struct orgs_state {
	struct rubric_sheets_reply_body *list;	/* every unit: the ranking */
	struct rubric_sheets_reply_body *one;	/* one unit, its whole sheet */
	char		 plan[65];	/* asked for; "" the server's default */
	uint32_t	 period;	/* asked for; 0 the default */
	char		 category[33];	/* shown; "" every category */
	uint64_t	 list_req, one_req;
	bool		 list_again, one_again;
	uint64_t	 stamp;		/* changes heard when the list went */
	uint64_t	 one_stamp;	/* ... and when the sheet went */

	enum orgs_view	 view;
	enum orgs_view	 back;		/* where Esc leaves notices and draws for */
	struct list	 rows;		/* the ranking's rows shown: indexes into list->rows */
	uint64_t	 list_gen;	/* counts the rankings taken */
	uint64_t	 rows_gen;	/* ... and the one the rows were offered from */
	char		 rows_cat[33];	/* the category they were offered for */
	uint64_t	 unit;		/* the sheet asked for */
	struct list	 items;		/* the sheet's headings and items shown */
	size_t		 isel;		/* the sheet's item, in rubric order */
	size_t		 fsel;		/* the opened item's finding */
	size_t		 ltop;		/* the opened item's first line shown */
	struct list	 notices;	/* the notices shown, in their order */
	size_t		 dsel;		/* the draw shown, of list->samples */
	struct list	 hist;		/* the unit's periods shown, of one->history */

	enum orgs_form	 form;
	int		 field;
	struct edit	 num;		/* 自查分, count, seed */
	struct edit	 text;		/* evidence, problem, response, review */
	struct edit	 date;		/* a deadline */
	uint32_t	 choice;	/* the rule, or the unit drawn under */
	bool		 met;		/* a checklist line's self-check */
	uint64_t	 target;	/* the finding or notice the form is about */
	char		 target_item[33];

	uint64_t	 write_req;
	uint32_t	 write_type;
	char		 refusal[640];	/* the server's last refusal, kept in view */
	struct sample_rec *draw;	/* the draw just made */
};

/* ---- client-orgs.c ---- */

struct orgs_state *orgs_state(struct ui *);
void	 orgs_ask_list(struct ui *, struct orgs_state *);
void	 orgs_ask_one(struct ui *, struct orgs_state *);
/* Send a write, remembering it for its reply. */
void	 orgs_send(struct ui *, struct orgs_state *, uint32_t type, const void *body);
/* The role may act as the unit (its own), as an inspector, or draw. */
bool	 orgs_is_unit(struct ui *, uint64_t unit);
bool	 orgs_is_inspector(struct ui *);
bool	 orgs_may_draw(struct ui *);
/* Show the unit's sheet of another period (from its history). */
void	 orgs_open_period(struct ui *, struct orgs_state *, uint32_t period);

/* Pure helpers, tested in tests/test-orgs.c. */
/* "—" unchecked, "3", "2 tied" (2并列). */
void	 orgs_rank_label(uint32_t rank, bool tied, bool checked, char *buf, size_t len);
/* "2026-12-31" or "20261231", a real date, into YYYYMMDD: 0, or -1. */
int	 orgs_date_parse(const char *s, uint32_t *out);
/* s right-aligned in width display columns ("—" is one column, three
 * bytes, so printf's %7s would not do). */
void	 orgs_rjust(const char *s, int width, char *buf, size_t len);
/* YYYYMMDD as "2026-12-31". */
void	 orgs_date_fmt(uint32_t day, char *buf, size_t len);
/* Open (or sent back) past its deadline. */
bool	 orgs_notice_overdue(const struct rectify_rec *, uint32_t today);
/* The order notices are listed in: open and sent back first, the overdue
 * of those first, then answered, then closed; by deadline within each.
 * Fills idx[0..n). */
void	 orgs_notice_order(const struct rectify_rec *, size_t n, uint32_t today, size_t *idx);
/* What a finding takes off before the item's floor: once, or per
 * occurrence. */
uint32_t orgs_finding_points(const struct rubric_rule *, uint32_t count);
/* The state of a notice as shown: open, answered, closed, re-check (待整改,
 * 已反馈, 已销号, 复查). */
const char *orgs_notice_state(uint32_t state);

/* ---- client-orgs-sheet.c ---- */

size_t	 orgs_item_count(const struct rubric_sheets_reply_body *);
const struct rubric_item *orgs_item_at(const struct rubric_sheets_reply_body *, size_t i);
void	 orgs_sheet_draw(struct ui *, struct orgs_state *, int y, int rows);
void	 orgs_item_draw(struct ui *, struct orgs_state *, int y, int rows);
void	 orgs_sheet_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);
void	 orgs_item_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);
void	 orgs_history_draw(struct ui *, struct orgs_state *, int y, int rows);
void	 orgs_history_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);

/* ---- client-orgs-notice.c ---- */

/* The notices shown: the unit's on its sheet, else the list's. */
const struct rectify_rec *orgs_notices(struct orgs_state *, size_t *n);
void	 orgs_notices_draw(struct ui *, struct orgs_state *, int y, int rows);
void	 orgs_notices_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);
void	 orgs_draw_view(struct ui *, struct orgs_state *, int y, int rows);
void	 orgs_draw_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);
/* Open a form (checks who may), draw it, a key for it. */
void	 orgs_form_open(struct ui *, struct orgs_state *, enum orgs_form);
void	 orgs_form_draw(struct ui *, struct orgs_state *, int y);
void	 orgs_form_key(struct ui *, struct orgs_state *, bool is_key, wint_t ch);
/* The form's height on screen. */
#define ORGS_FORM_LINES	8

#endif
