/*
 * client-draft.h: local drafts: whatever is being typed in a form, kept in
 * a file on this workstation until the server has it.
 *
 * A crash, a lost connection or a closed terminal must not lose a word.
 * The server keeps what it has acknowledged; everything before that (the
 * text on the screen, a save still queued in memory) lives here, one file
 * per form and record, under $XDG_STATE_HOME/kaohe/drafts (by default
 * ~/.local/state/kaohe/drafts), the directory 0700 and each file 0600: the
 * texts are personal.
 *
 * A draft is a list of named text fields.  It belongs to a server (the
 * endpoint given to -s), a user (the login name) and a key that the form
 * chooses ("log/new", "doc/1/12/202611", ...); two of them never share a
 * file.  Forms hand their text over with draft_keep() on every change: that
 * only copies it in memory, and draft_flush() writes what changed at most
 * once a second (force: now, for a disconnect, a signal or the exit).  A
 * write goes to a temporary file that is fsynced and renamed over the old
 * one, so a crash leaves the old draft or the new, never half of one.
 *
 * A save sent to the server is bound to the draft (draft_bind) by its
 * request id; when the server acknowledges it (draft_acked), the draft is
 * removed, unless the user typed on since.  A file that cannot be read
 * back whole (truncated, damaged, someone else's) is ignored: a draft is a
 * convenience, and a broken one must never stop a form from opening.
 */
#ifndef KAOHE_CLIENT_DRAFT_H
#define KAOHE_CLIENT_DRAFT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DRAFT_FLUSH_MS		1000	/* the longest a change waits for the disk */
#define DRAFT_MAX_BYTES		(1u << 20)	/* larger files are not drafts */

/* One draft: named fields of text.  Zero it to start; draft_clear() frees
 * what it holds. */
struct draft {
	uint64_t	  saved_at;	/* unix seconds of the write it came from */
	uint32_t	  n;
	char		**names;
	char		**values;
};

void	 draft_clear(struct draft *);
/* Set a field (copies of both), replacing one of the same name. */
void	 draft_set(struct draft *, const char *name, const char *value);
void	 draft_set_u64(struct draft *, const char *name, uint64_t value);
/* A field's value, or NULL if the draft has none by that name. */
const char *draft_get(const struct draft *, const char *name);
/* A number field; def if absent or not a number. */
uint64_t draft_get_u64(const struct draft *, const char *name, uint64_t def);
void	 draft_copy(struct draft *dst, const struct draft *src);

struct draft_store;

/* The store in dir (NULL: $XDG_STATE_HOME/kaohe/drafts, else
 * ~/.local/state/kaohe/drafts), made 0700 if missing.  NULL with err if
 * there is no such place or it cannot be made; the client then runs
 * without drafts. */
struct draft_store *draft_store_new(const char *dir, char *err, size_t errlen);
/* Writes what is still pending (as draft_flush with force) and frees. */
void	 draft_store_free(struct draft_store **);
const char *draft_store_dir(const struct draft_store *);

/* Whose drafts these are.  Changing the owner writes the last owner's
 * pending drafts first. */
void	 draft_store_owner(struct draft_store *, const char *server, const char *user);

/* Read a draft of the owner now: the copy kept in memory if there is one,
 * else the file.  0, or -1 if there is none (or it is unreadable). */
int	 draft_load(struct draft_store *, const char *key, struct draft *out);

/* Keep d as the draft under key: copied now, written by draft_flush().
 * A binding (draft_bind) is cut: what is kept now is newer than the save. */
void	 draft_keep(struct draft_store *, const char *key, const struct draft *d);

/* Forget the draft under key, in memory and on disk. */
void	 draft_drop(struct draft_store *, const char *key);

/* Move the draft under from to key to (replacing any there), keeping its
 * time and binding. */
void	 draft_rename(struct draft_store *, const char *from, const char *to);

/* The save with this request id carries the draft under key as it is now. */
void	 draft_bind(struct draft_store *, const char *key, uint64_t reqid);
/* Whether a draft is bound to a save still in flight in this run. */
bool	 draft_bound(const struct draft_store *, const char *key);
/* The server acknowledged the save reqid: drop the draft bound to it.
 * Returns whether one was dropped. */
bool	 draft_acked(struct draft_store *, uint64_t reqid);

/* The save reqid was refused: the draft stays, no longer bound, for the
 * user to mend (draft_find offers it again). */
void	 draft_refused(struct draft_store *, uint64_t reqid);

/* Write the drafts kept since the last write: those changed at least
 * DRAFT_FLUSH_MS ago, or all with force.  Returns the number of writes
 * that failed (the drafts stay pending and are tried again). */
int	 draft_flush(struct draft_store *, bool force);

/* The newest draft of the owner whose key begins with prefix and which is
 * not bound to a save in flight, its key copied to key; false if none. */
bool	 draft_find(struct draft_store *, const char *prefix, char *key, size_t keylen);

/* Straight to and from the disk (the tests use them; the client goes
 * through draft_keep and draft_flush).  draft_write stamps saved_at with
 * now.  0, or -1 with errno. */
int	 draft_write(struct draft_store *, const char *key, const struct draft *d);
int	 draft_read(struct draft_store *, const char *key, struct draft *out);

/* The file a draft goes to, for the tests: dir/NAME.draft. */
void	 draft_path(const struct draft_store *, const char *key, char *buf, size_t len);

#endif
