/*
 * client-model.h: what the screens of the assessment cycle read from the
 * synced copy: who the user is, who reviews whom, the current record of a
 * kind about a person for a period, deadlines and locks, and the list of
 * work waiting for the user (待办) with its counts.
 *
 * Built from client-sync's tables when they change (sync_generation()),
 * the day turns or someone else logs in, never per key press: sorting
 * 20000 records is done once per change, and every lookup after that is a
 * binary search.  Records are named by id, not by pointer, because the
 * copy's arrays move when they change.
 */
#ifndef KAOHE_CLIENT_MODEL_H
#define KAOHE_CLIENT_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/schema.h"

struct sync;

/* What waits for someone. */
enum todo_kind {
	TODO_REVIEW,	/* 待点评: a monthly record or summary submitted to me */
	TODO_SIGN,	/* 待签署: an evaluation I sign (maybe not started) */
	TODO_TALK,	/* 诫勉谈话: an admonishment talk to hold */
	TODO_RETURNED,	/* 被退回: my record came back */
	TODO_SUMMARY,	/* 待写小结: a member's quarterly summary (department head) */
	TODO_MONTH,	/* 月记实: my own monthly record to write */
	TODO_NKINDS
};

struct todo {
	enum todo_kind	 kind;
	uint64_t	 doc;		/* record id; 0: not written yet */
	uint64_t	 subject;
	uint64_t	 owner;		/* who must act */
	uint32_t	 doc_kind;
	uint32_t	 period;
	uint32_t	 due;		/* YYYYMMDD, 0 unknown */
	uint32_t	 state;		/* 0: not written yet */
};

struct model {
	struct sync	*sync;
	uint64_t	 generation;	/* of the copy it was built from */
	uint32_t	 today;
	uint64_t	 me;
	bool		 built;
	uint64_t	 builds;	/* counts rebuilds, for what screens cache */
	bool		 everyone;	/* the todo list is everyone's (read-only) */

	/* Records sorted by subject, kind, period: indexes into the copy. */
	uint32_t	*by_subject;
	size_t		 ndocs;

	struct todo	*todo;		/* by deadline */
	size_t		 ntodo;
	size_t		 todo_cap;
	unsigned	 count[TODO_NKINDS];
	unsigned	 overdue;
	unsigned	 mine;		/* items the user must act on */
};

const char	*todo_kind_name(enum todo_kind);	/* "To comment" (待点评) ... */

/* Rebuild if the copy, the day or the user changed.  Returns true if it
 * was rebuilt. */
bool		 model_refresh(struct model *, struct sync *, uint64_t me, uint32_t today);
void		 model_free(struct model *);

/* The people and units of the copy. */
const struct person *model_person(const struct model *, uint64_t id);
const char	*model_name(const struct model *, uint64_t id);	/* "—" if unknown */
const char	*model_unit_name(const struct model *, uint64_t unit);
uint32_t	 model_role(const struct model *, uint64_t id);
uint64_t	 model_unit_of(const struct model *, uint64_t id);
/* The supervising leader of a unit (inherited from its parents). */
uint64_t	 model_unit_supervisor(const struct model *, uint64_t unit);
/* Who reviews a person: as server/org.c decides it. */
uint64_t	 model_reviewer_of(const struct model *, const struct person *);
/* Whether the user may see records about a person. */
bool		 model_sees(const struct model *, const struct person *);

/* The current record of a kind about a subject for a period, or NULL. */
const struct doc *model_doc_of(const struct model *, uint64_t subject, uint32_t kind,
		     uint32_t period);
/* Every current record about a subject: *n of them from the returned
 * position, in kind then period order; use model_doc_at(). */
size_t		 model_docs_about(const struct model *, uint64_t subject, size_t *n);
const struct doc *model_doc_at(const struct model *, size_t pos);

/* A period's deadline and whether it (or one holding it) is locked. */
uint32_t	 model_due(const struct model *, uint32_t period);
bool		 model_locked(const struct model *, uint32_t period);

/* "To do 3  Late 1  Returned 1" (待办 3  逾期 1  退回 1) for the user;
 * brief, in fewer columns where the language allows. */
void		 model_summary(const struct model *, bool brief, char *buf, size_t len);

/* Whether a role writes monthly records, reviews, heads a department... */
bool		 role_writes_monthly(uint32_t role);
bool		 role_signs(uint32_t role);
bool		 role_sees_all(uint32_t role);

#endif
