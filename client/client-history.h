/*
 * client-history.h: every version of a record (HISTORY): who wrote or
 * corrected each, when and why, and each version in full.  The list of
 * versions is on top (a struct list: / searches it), the one selected
 * below it.  Used by client-review.c.
 */
#ifndef KAOHE_CLIENT_HISTORY_H
#define KAOHE_CLIENT_HISTORY_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "client-doc.h"
#include "client-list.h"

struct ui;
struct net_event;

struct history {
	uint64_t	 reqid;		/* the HISTORY in flight */
	struct doc	*docs;		/* oldest first */
	uint32_t	 n;
	struct list	 list;		/* the versions shown, searched after / */
	size_t		 top;		/* the selected version's scroll */
	struct textbuf	 tb;
};

/* Ask for the versions of record id. */
void	history_request(struct ui *, struct history *, uint64_t id);
void	history_clear(struct history *);
void	history_draw(struct ui *, struct history *, int y, int rows, int w);
/* A key (or KEY_MOUSE, as ui's mouse has it); false when the user leaves
 * the history. */
bool	history_key(struct ui *, struct history *, bool is_key, wint_t ch);
/* The reply, if it is this history's: true.  *failed when it was refused. */
bool	history_event(struct ui *, struct history *, const struct net_event *, bool *failed);

#endif
