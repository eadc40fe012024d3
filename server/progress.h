/*
 * progress.h: one progress bar on stderr for kaohectl's long work (import,
 * export, backup, restore, verify, gen).
 *
 *	import org  [==========>          ]  52%  260/500  0:07 left
 *
 * The bar is drawn only when stderr is a terminal: in a pipe, a log file or
 * cron's mail there is nothing of it.  It waits PROGRESS_DELAY_US before
 * its first drawing, so quick work shows none, and then redraws at most ten
 * times a second.  When the work ends, a bar that was drawn is drawn once
 * more, complete, with the time taken, and the line is kept.
 *
 * There is one bar at a time, kept here: the command that runs the work
 * begins and ends it, and code deep inside the work (an import's rows,
 * verify's keys) only counts with progress_add(), which does nothing when
 * no bar runs (kaohed, the tests).
 */
#ifndef KAOHE_PROGRESS_H
#define KAOHE_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#define PROGRESS_DELAY_US	300000	/* before the first drawing */
#define PROGRESS_EVERY_US	100000	/* between two drawings */

/* Begin a bar for total steps (0: unknown, then only the count shows);
 * bytes: the counts are bytes and are shown as MB or GB.  label is kept,
 * not copied (a translated literal).  Ends a bar still running. */
void	progress_begin(const char *label, uint64_t total, bool bytes);
/* How far the work is: done steps, or n more. */
void	progress_set(uint64_t done);
void	progress_add(uint64_t n);
/* A total learnt after the beginning. */
void	progress_total(uint64_t total);
/* The work is over: a bar that was drawn is drawn complete and the line
 * ends.  Safe when no bar runs. */
void	progress_end(void);
/* The work failed: clear the bar's line (the error follows) and end it. */
void	progress_abort(void);
/* Clear a drawn bar's line before another message goes to stderr; the bar
 * goes on and is drawn again at its next step. */
void	progress_clear(void);
/* The label of the bar running, or NULL. */
const char *progress_label(void);

/* Whether bars are drawn: stderr is a terminal. */
bool	progress_wanted(void);

#endif
