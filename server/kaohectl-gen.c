/*
 * kaohectl-gen.c: kaohectl gen, a new database filled with a generated
 * office at the size asked for (gen.h, docs/operations.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "gen.h"
#include "kaohectl.h"
#include "progress.h"

/* A flag's number, or def; false if it is there but not a number. */
static bool
flag_number(struct ctl *c, const char *flag, uint64_t def, uint64_t max, uint64_t *out)
{
	const char *v = flag_value(c, flag);
	char *end;

	*out = def;
	if (v == NULL)
		return true;
	*out = strtoull(v, &end, 10);
	if (*v == '\0' || *v == '-' || *end != '\0' || *out > max) {
		fprintf(stderr, _("kaohectl: %s %s: a whole number up to %llu, please\n"), flag, v,
		    (unsigned long long)max);
		return false;
	}
	return true;
}

int
cmd_gen(struct ctl *c)
{
	const char *dir = c->argc > 0 && c->argv[0][0] != '-' ? c->argv[0] : NULL;
	uint64_t units, people, years, logs, queue, seed;
	struct gen_opts o = { 0 };
	struct store *st;
	char err[512];
	uint64_t t0 = mono_us();

	if (dir == NULL)
		return ctl_usage(c);
	if (!flag_number(c, "--units", 20, 100000, &units) ||
	    !flag_number(c, "--people", 500, 10000000, &people) ||
	    !flag_number(c, "--years", 1, 20, &years) ||
	    !flag_number(c, "--logs", 100000, 1000000000, &logs) ||
	    !flag_number(c, "--queue", 0, 10000000, &queue) ||
	    !flag_number(c, "--seed", 0, UINT64_MAX, &seed))
		return ctl_usage(c);
	o.units = (uint32_t)units;
	o.people = (uint32_t)people;
	o.years = (uint32_t)years;
	o.logs = logs;
	o.queue = (uint32_t)queue;
	o.seed = seed;
	o.quiet = flag_set(c, "--quiet");
	if (store_open(&st, dir, STORE_CREATE, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	if (gen_fill(st, &o, err, sizeof err) != 0) {
		progress_abort();
		fprintf(stderr, "kaohectl: %s\n", err);
		store_close(&st);
		return 1;
	}
	if (ctl_keys_create(dir, false) != 0) {
		store_close(&st);
		return 1;
	}
	printf(_("generated %s: %u units, %u people, %llu daily logs over %u years, "
	    "%u monthly records waiting for sup0001, in %.1f s (password %s)\n"), dir, o.units,
	    o.people, (unsigned long long)o.logs, o.years, o.queue,
	    (double)(mono_us() - t0) / 1e6, GEN_PASSWORD);
	store_close(&st);
	return 0;
}
