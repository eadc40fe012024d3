/*
 * client-review.h: one record opened from a list (the queue, the
 * evaluations, the archive): read it, and act on it as the user may:
 * comment and file it (点评备案), return it with a reason (退回), sign an
 * evaluation with a grade (签署), mark an admonishment talk done, correct a
 * filed, signed or published record (更正), or read its history (历史).
 *
 * The record is named by subject, kind and period, not by pointer or id:
 * it is looked up in the copy on every draw, so an update (a new state, a
 * correction with a new id, an evaluation draft just created) shows at
 * once.  What the user types stays in the review until it is sent and
 * acknowledged; a refusal leaves it there with the reason.
 */
#ifndef KAOHE_CLIENT_REVIEW_H
#define KAOHE_CLIENT_REVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

struct ui;
struct net_event;
struct review;

enum review_result {
	REVIEW_NONE,
	REVIEW_CLOSE,		/* back to the list */
	REVIEW_NEXT,		/* the next item of the list */
	REVIEW_PREV,
	REVIEW_EDIT,		/* the user's own returned record: to its editor */
};

/* Questions the review asks; the owner's answer() passes them back. */
#define REVIEW_ASK_BASE		100
#define REVIEW_ASK_LAST		110

struct review *review_new(void);
void	review_free(struct review **);

/* Show a record; doc may be 0 for an evaluation not written yet (its draft
 * is then created).  with_nav: n/p move through the owner's list. */
void	review_open(struct ui *, struct review *, uint64_t subject, uint32_t kind,
	    uint32_t period, bool with_nav);
bool	review_is_open(const struct review *);
void	review_close(struct review *);

/* The record shown now: its subject, kind and period. */
void	review_what(const struct review *, uint64_t *subject, uint32_t *kind,
	    uint32_t *period);

/* Draw in the rows from y, rows high; position is e.g. "3/12" or NULL. */
void	review_draw(struct ui *, struct review *, int y, int rows, const char *position);
/* The key line for the current mode. */
const char *const *review_keys(struct ui *, struct review *);
enum review_result review_key(struct ui *, struct review *, bool is_key, wint_t ch);
bool	review_typing(const struct review *);
bool	review_unsaved(const struct review *);
bool	review_event(struct ui *, struct review *, const struct net_event *);
enum review_result review_answer(struct ui *, struct review *, int action, bool yes);

extern const char *const review_help[];

#endif
