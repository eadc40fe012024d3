/*
 * score-int.h: what the two halves of scoring people share, and nobody
 * else includes: score-ops.c (the plan and period, who may score, named
 * scores, anonymous votes, commendations) and score-sheets.c (each
 * person's sheet, rankings, quotas, publishing).  score-ops.h is the
 * interface; this is the kitchen.
 *
 * Keys (store.h gives the whole layout):
 *   records  "G" + plan + NUL + period                  -> plan_use
 *            "J" + plan + NUL + period + subject + part + NUL + rater -> named_score
 *                 (rater 0 for a part of one score: whoever enters it replaces it)
 *            "A" + plan + NUL + period + subject + part + NUL -> peer_tally
 *            "K" + plan + NUL + period + subject + id    -> commendation_rec
 *            "H" + plan + NUL + period + subject          -> sheet
 *            "P" + plan + NUL + period + unit             -> results_rec
 *   indexes  "K" + id -> the commendation's key in records
 *            "V" + marker (32 bytes) -> retry tag (16 bytes)
 *   meta     "peer_secret": the markers' key, 32 random bytes in hex
 */
#ifndef KAOHE_SCORE_INT_H
#define KAOHE_SCORE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "common/codec.h"
#include "doc-ops.h"
#include "store.h"

/* A user's mistake: err set, -1.  An LMDB error: err says storage, rc. */
int	sc_refuse(struct codec_error *err, int code, const char *field, const char *message);
int	sc_storage(struct codec_error *err, int rc);

/* A key being built: a prefix letter, the plan's key with its NUL, the
 * period, then whatever the record needs (big-endian integers). */
struct sc_key {
	unsigned char	 b[160];
	size_t		 n;
};

void	sc_key_start(struct sc_key *, char prefix, const char *plan, uint32_t period);
void	sc_key_str(struct sc_key *, const char *s);	/* with its NUL */
void	sc_key_u32(struct sc_key *, uint32_t);
void	sc_key_u64(struct sc_key *, uint64_t);
MDB_val	sc_key_val(struct sc_key *);
void	sc_sheet_key(struct sc_key *, const char *plan, uint32_t period, uint64_t subject);

/* Every record under a key prefix, decoded, in key order (*items to be
 * released with schema_free_array). */
int	sc_load_prefix(MDB_txn *, MDB_dbi, const struct sc_key *prefix, const struct record_desc *,
	    void **items, uint32_t *n);
/* A person's named scores (every part) and commendations of a period. */
int	sc_named_load(MDB_txn *, struct store *, const char *plan, uint32_t period, uint64_t subject,
	    struct named_score **out, uint32_t *n);
int	sc_commend_load(MDB_txn *, struct store *, const char *plan, uint32_t period, uint64_t subject,
	    struct commendation_rec **out, uint32_t *n);
/* An anonymous part's tally; zero if nobody voted. */
int	sc_tally_get(MDB_txn *, struct store *, const char *plan, uint32_t period, uint64_t subject,
	    const char *part, struct peer_tally *);

/* The plan for (key, period): the version in use, else the latest; only a
 * people plan.  -1 with err, or an LMDB code. */
int	sc_plan_open(MDB_txn *, struct store *, const char *key, uint32_t period, struct plan *p,
	    struct codec_error *err);
/* The same for a plan about `subject` (PLAN_PEOPLE, PLAN_ORGANISATIONS):
 * rubric-ops.c opens organisation plans with it. */
int	sc_plan_open_for(MDB_txn *, struct store *, const char *key, uint32_t period,
	    uint32_t subject, struct plan *p, struct codec_error *err);
/* Fix p's version as the one the period uses, if nothing did yet: the
 * first write of a (plan, period) calls it.  An LMDB code. */
int	sc_plan_fix(struct wtx *, const struct plan *p, uint32_t period);
/* Today's period of a cycle of these period types (sc_cycle_period_types):
 * a quarter if it has quarters, else a month, a half-year, the year; 0 if
 * none. */
uint32_t sc_default_period(uint32_t types, uint32_t today);
const struct plan_level *sc_level_find(const struct plan *, const char *key);

/* The rules of a score (score-ops.c), shared with the ballot
 * (score-sheets.c) so that both say the same: the period types the plan's
 * cycle scores (bit 1 << period type); a period a write may touch (of the
 * cycle, begun, not locked); whether actor may score part rt of subject.
 * -1 with err when not. */
uint32_t sc_cycle_period_types(const struct plan *);
int	sc_period_check(MDB_txn *, struct store *, const struct plan *, uint32_t period,
	    uint32_t today, struct codec_error *err);
int	sc_may_score(MDB_txn *, struct store *, const struct user_rec *actor,
	    const struct user_rec *subject, const struct plan_rater *rt, struct codec_error *err);
/* Whether voter has voted on the anonymous part of subject's sheet.  An
 * LMDB code. */
int	sc_peer_voted(MDB_txn *, struct store *, uint64_t voter, const char *plan, uint32_t period,
	    uint64_t subject, const char *part, bool *voted);

/* Unit inner is outer or below it. */
bool	sc_within(const struct unit_rec *units, uint32_t n, uint64_t inner, uint64_t outer);
/* The results of the period are published for unit or a unit above it. */
bool	sc_results_published(MDB_txn *, struct store *, const char *plan, uint32_t period,
	    uint64_t unit);
/* "sheet SUBJECT PERIOD PLAN", at most len - 1 bytes, for the audit log. */
void	sc_audit_target(char *buf, size_t len, const char *plan, uint32_t period, uint64_t subject);

/* score-sheets.c: compute the person's sheet again, store it, and publish
 * it to those who may see it as changed by `by` (0 for an anonymous
 * vote).  An LMDB code. */
int	sc_sheet_refresh(struct wtx *, const struct plan *, uint32_t period,
	    const struct user_rec *subject, uint64_t by, struct pubs *);

#endif
