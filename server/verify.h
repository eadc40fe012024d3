/*
 * verify.h: a full integrity scan of a kaohe database (kaohectl verify,
 * kaohectl backup's check of its copy, and the crash test).
 *
 * In one read transaction it reads every key of every named database of
 * store.h: each record must decode with its descriptor and carry the id of
 * its key; each index entry must point at a record that exists and agrees
 * with it, and each record must have its index entries; the change log's
 * seqs must increase and each user's "C" chain must link every change to
 * the one before it, ending where "T" says; meta's counters must be at
 * least the largest seq and ids in use.  A read transaction is safe beside
 * a running kaohed: it sees one committed state.
 */
#ifndef KAOHE_VERIFY_H
#define KAOHE_VERIFY_H

#include <stdint.h>
#include <stdio.h>

#include "store.h"

struct verify_counts {
	uint64_t	 keys;		/* keys read, every database */
	uint64_t	 records;	/* in records */
	uint64_t	 changes;	/* in changes */
	uint64_t	 problems;
};

/* Scan st.  Each problem is one line on out (NULL: none printed),
 * "DATABASE KEY: why", at most max_lines of them (0: all; the count goes
 * on).  Returns 0 with *n filled (n->problems 0 if all is well), or an
 * LMDB error code if the scan itself could not read. */
int	verify_store(struct store *, FILE *out, unsigned max_lines, struct verify_counts *n);

#endif
