/*
 * office-fixture.h: a small office for the store-level tests of the cycle
 * and of scoring: the office 机关 with the departments 甲科 and 乙科, the
 * people a test lists, and two supervising leaders, one per department.
 */
#ifndef KAOHE_OFFICE_FIXTURE_H
#define KAOHE_OFFICE_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "server/store.h"
#include "store-fixture.h"

struct office_person {
	const char	*login;
	const char	*name;		/* NULL: the login */
	uint32_t	 role;
	int		 unit;		/* office_build: 0 the office, 1 甲科, 2 乙科 */
};

struct office {
	uint64_t	 root, dept_a, dept_b;
};

/* Build the office in w: the units, who[0..n) as accounts (out[i] is who[i]
 * as stored, to release with schema_free), and who[s1] and who[s2] as the
 * supervising leaders of 甲科 and 乙科.  Fails the test on any error. */
void	office_build(struct wtx *w, struct office *o, const struct office_person *who,
	    size_t n, size_t s1, size_t s2, struct user_rec *out);
/* Store who[0..n) as accounts in units[who[i].unit], for a test with units
 * of its own; out[i] is who[i] as stored.  Fails the test on any error. */
void	office_people_add(struct wtx *w, const struct office_person *who, size_t n,
	    const uint64_t *units, struct user_rec *out);
/* The end of a test's teardown: release the people u[0..n) of office_build
 * or office_people_add, close the database and remove its directory.  0 or
 * -1, as store_fixture_close. */
int	office_fixture_close(struct store_fixture *, struct user_rec *u, size_t n);

#endif
