/*
 * doc-ops.h: the records of the assessment cycle in the store: monthly
 * records (月记实), quarterly summaries (季度小结), leader evaluations (领导评鉴)
 * and admonishment tasks (诫勉谈话), and how they move from one state to the
 * next.  Who may do what is decided here, from the organisation (org.h),
 * never from what a request claims.
 *
 * A record once filed, signed or published never changes: a correction is a
 * new record that names the one it supersedes ("supersedes"), and the index
 * "N" + old id -> new id leads from the old to the new without touching the
 * old record's bytes.
 */
#ifndef KAOHE_DOC_OPS_H
#define KAOHE_DOC_OPS_H

#include "common/codec.h"
#include "common/period.h"
#include "store.h"

/* A committed change and everyone it is published to, each with the seq of
 * the previous change they saw. */
struct pub {
	struct change	 ch;
	uint64_t	*audience;
	uint64_t	*prev;
	uint32_t	 n;
};

/* What one request changed. */
struct pubs {
	struct pub	*v;
	uint32_t	 n;
};

void	pubs_free(struct pubs *);
/* Append ch to the change log for audience and keep it in out (ch is taken
 * over: do not free it). */
int	pubs_append(struct wtx *, struct pubs *out, const uint64_t *audience, uint32_t n,
	    struct change *ch);

/* Keep a change already in the change log, for one reader. */
void	pubs_keep(struct pubs *out, struct change *ch, uint64_t user, uint64_t prev);

/* Who acts, and when. */
struct actor {
	const struct user_rec	*user;
	uint32_t		 today;
	const struct calendar	*cal;
};

int	docop_get(MDB_txn *, struct store *, uint64_t id, struct doc *);
/* The id of the correction of a record, 0 if none. */
uint64_t docop_successor(MDB_txn *, struct store *, uint64_t id);

/* Create (in->id 0) or edit a record.  -1 with err for what the user can
 * mend, an LMDB code (err set to storage) otherwise. */
int	docop_save(struct wtx *, const struct actor *, const struct doc *in,
	    struct doc *out, struct pubs *pubs, struct codec_error *err);
/* Submit, file, return, sign, mark done or correct a record. */
int	docop_act(struct wtx *, const struct actor *, const struct doc_act_body *act,
	    struct doc *out, struct pubs *pubs, struct codec_error *err);
/* Publish the signed evaluations of a unit (and the units below it) for a
 * quarter; *count says how many. */
int	docop_publish(struct wtx *, const struct actor *, uint64_t unit, uint32_t period,
	    uint32_t *count, struct pubs *pubs, struct codec_error *err);

/* Every version of a record the viewer may see, oldest first. */
int	docop_history(MDB_txn *, struct store *, const struct user_rec *viewer, uint64_t id,
	    struct doc **out, uint32_t *n, struct codec_error *err);
/* The current version of every record the viewer may see, by id. */
int	docop_visible(MDB_txn *, struct store *, const struct user_rec *viewer,
	    struct doc **out, uint32_t *n);
/* At most max (0: no limit) of them, with ids above `after`; *next is the
 * `after` of the next page, 0 when there is none.  The all-seeing walk
 * every record; everyone else only the records about the people in their
 * scope, through the "S" index (subject).  *out is the caller's to free. */
int	docop_visible_page(MDB_txn *, struct store *, const struct user_rec *viewer,
	    uint64_t after, uint32_t max, struct doc **out, uint32_t *n, uint64_t *next);
/* Drop a record's long text: its form fields, unfinished tasks, comment and
 * reasons (what a list does not draw). */
void	docop_slim(struct doc *);
/* Everyone who may see records about subject: the subject, their unit's
 * head and supervisor, the principal, admins and the organisation
 * department, plus `also` (author, reviewer; 0s are skipped). */
uint32_t docop_audience(MDB_txn *, struct store *, uint64_t subject, const uint64_t *also,
	    uint32_t nalso, uint64_t *out, uint32_t max);
/* True if the period or one holding it is locked. */
bool	docop_period_locked(MDB_txn *, struct store *, const struct calendar *, uint32_t period);

#endif
