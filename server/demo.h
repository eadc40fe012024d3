/* demo.h: the demo office of `kaohectl init --demo`. */
#ifndef KAOHE_DEMO_H
#define KAOHE_DEMO_H

#include <stdio.h>

#include "store.h"

#define DEMO_PASSWORD "demo123"

int	demo_fill(struct store *, char *err, size_t errlen);
/* The records of the cycle, in a write transaction after demo_fill's people. */
int	demo_cycle(struct wtx *, char *err, size_t errlen);
/* The middle managers scored last quarter, if plan yongqiao-2015 is in. */
struct calendar;
int	demo_scores(struct wtx *, const struct calendar *, char *err, size_t errlen);
/* Points ledger entries (demo-ledger.c), when the ledgers were imported. */
int	demo_ledgers(struct wtx *, const struct calendar *, char *err, size_t errlen);
/* Organisations scored against a rubric (demo-orgs.c), when the plans
 * wenzhou-rubric and community-checklist were imported. */
int	demo_orgs(struct wtx *, const struct calendar *, char *err, size_t errlen);
void	demo_print_logins(FILE *);

#endif
