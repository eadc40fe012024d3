/*
 * client-docedit.h: the editor of a record the user writes: a monthly
 * record (月记实) about themselves, or a quarterly summary (季度小结) a
 * department head writes about a member, with its list of unfinished
 * tasks and their explanations.
 *
 * Each field of the form (common/forms.c) is a multi-line area; the field
 * with the cursor is drawn tall, the others short.  The record is checked
 * as it is typed (doc_check without `complete`), and in full before it is
 * submitted, the field at fault taking the cursor.  Saving sends DOC_SAVE;
 * submitting saves first when needed and then sends DOC_ACT submit with
 * the version the save returned.  The text stays in the editor until the
 * server has it: a refusal or a lost connection loses nothing.
 */
#ifndef KAOHE_CLIENT_DOCEDIT_H
#define KAOHE_CLIENT_DOCEDIT_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

struct ui;
struct net_event;
struct docedit;

enum docedit_result {
	DOCEDIT_NONE,
	DOCEDIT_CLOSE,		/* Esc: back to the list; the text is kept */
};

#define DOCEDIT_ASK_BASE	200
#define DOCEDIT_ASK_LAST	210

struct docedit *docedit_new(void);
void	docedit_free(struct docedit **);

/* Open the record of kind about subject for period: the current version
 * from the copy, or a new one.  false (with why) if the user may not edit
 * it now; the same record already open keeps what was typed. */
bool	docedit_open(struct ui *, struct docedit *, uint32_t kind, uint64_t subject,
	    uint32_t period, char *why, size_t whylen);
bool	docedit_is_open(const struct docedit *);
/* Whether the editor holds this record (open or not). */
bool	docedit_holds(const struct docedit *, uint32_t kind, uint64_t subject, uint32_t period);
void	docedit_close(struct docedit *);

/* The editor in the rows from y, at x, w columns wide. */
void	docedit_draw(struct ui *, struct docedit *, int y, int x, int rows, int w);
const char *const *docedit_keys(struct docedit *);
enum docedit_result docedit_key(struct ui *, struct docedit *, bool is_key, wint_t ch);
bool	docedit_unsaved(const struct docedit *);
bool	docedit_event(struct ui *, struct docedit *, const struct net_event *);
void	docedit_answer(struct ui *, struct docedit *, int action, bool yes);

extern const char *const docedit_help[];

#endif
