/*
 * kaohectl-ledger.c: kaohectl's commands for points ledgers (积分台账):
 * check ledger files (ledger check), store one (ledger import), list what
 * is stored (ledger list), and the directory kaohectl init loads.  A file
 * is read by ledger-load.c; every problem is printed as "file:line:
 * reason" and a ledger with any problem is never stored.  Importing a
 * ledger again replaces its definition; entries keep the points they were
 * made with.  See docs/ledgers.md.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "common/plan.h"
#include "common/util.h"
#include "kaohectl.h"
#include "ledger-load.h"
#include "ledger-ops.h"
#include "progress.h"

/* Load one file, printing every problem.  0 with *d filled, or -1. */
static int
load_one(const char *path, struct ledger_def *d)
{
	struct import_report r = { 0 };
	int rc = ledger_load(path, d, &r);

	print_file_report(path, &r);
	import_report_free(&r);
	return rc;
}

/* Store n definitions in one transaction, all or nothing. */
static int
store_defs(struct store *st, const struct ledger_def *d, size_t n)
{
	struct wtx w;
	int rc;

	if ((rc = store_write_begin(st, &w)) != 0) {
		fprintf(stderr, _("kaohectl: cannot import ledgers: %s\n"), mdb_strerror(rc));
		return 1;
	}
	w.workstation = "kaohectl";
	progress_begin(_("import ledgers"), n, false);
	for (size_t i = 0; i < n && rc == 0; i++) {
		rc = ledgerop_def_put(&w, &d[i]);
		progress_add(1);
	}
	rc = rc == 0 ? store_write_commit(&w) : (store_write_abort(&w), rc);
	if (rc != 0) {
		progress_abort();
		fprintf(stderr, _("kaohectl: cannot import ledgers: %s\n"), mdb_strerror(rc));
		return 1;
	}
	progress_end();
	for (size_t i = 0; i < n; i++)
		printf(ngettext("imported ledger %s (%s, %u item)\n", "imported ledger %s (%s, %u items)\n",
		    d[i].items_n), d[i].key, d[i].name, d[i].items_n);
	return 0;
}

int
cmd_ledger_check(struct ctl *c)
{
	int bad = 0;

	if (c->argc == 0) {
		return ctl_usage(c);
	}
	for (int i = 0; i < c->argc; i++) {
		struct ledger_def d;

		if (load_one(c->argv[i], &d) != 0) {
			bad = 1;
			continue;
		}
		printf(ngettext("%s: ledger %s (%s), %u item\n", "%s: ledger %s (%s), %u items\n", d.items_n),
		    c->argv[i], d.key, d.name, d.items_n);
		schema_free(&ledger_def_desc, &d);
	}
	return bad;
}

int
cmd_ledger_import(struct ctl *c)
{
	struct ledger_def d;
	struct store *st;
	int rc;

	if (c->argc != 1 || c->argv[0][0] == '-') {
		return ctl_usage(c);
	}
	if (load_one(c->argv[0], &d) != 0) {
		fprintf(stderr, _("kaohectl: ledger %s not imported\n"), c->argv[0]);
		return 1;
	}
	if ((st = open_db(c)) == NULL) {
		schema_free(&ledger_def_desc, &d);
		return 1;
	}
	rc = store_defs(st, &d, 1);
	schema_free(&ledger_def_desc, &d);
	store_close(&st);
	return rc;
}

int
cmd_ledger_list(struct ctl *c)
{
	struct ledger_def *d = NULL;
	struct store *st;
	MDB_txn *txn;
	uint32_t n = 0;
	int rc;

	if (c->argc != 0) {
		return ctl_usage(c);
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		rc = ledgerop_defs(txn, st, &d, &n);
		mdb_txn_abort(txn);
	}
	if (rc != 0)
		fprintf(stderr, _("kaohectl: cannot read ledgers: %s\n"), mdb_strerror(rc));
	for (uint32_t i = 0; i < n; i++) {
		printf("%s\t%s\t%u items\n", d[i].key, d[i].name, d[i].items_n);
		for (uint32_t j = 0; j < d[i].items_n; j++) {
			char pts[16];

			plan_hundredths_format(d[i].items[j].points, pts, sizeof pts);
			printf("  %-18s %s%s\t%s\n", d[i].items[j].key, d[i].items[j].deduct ? "-" : "+",
			    pts, d[i].items[j].name);
		}
	}
	schema_free_array(&ledger_def_desc, d, n);
	store_close(&st);
	return rc != 0;
}

int
ledger_import_dir(struct store *st, const char *dir)
{
	struct ledger_def *d;
	char **paths;
	size_t n;
	int bad = 0, rc = 1;

	if (yaml_files(dir, &paths, &n) != 0) {
		fprintf(stderr, _("kaohectl: cannot read ledgers from %s: %s\n"), dir, strerror(errno));
		return 1;
	}
	d = xcalloc(n > 0 ? n : 1, sizeof *d);
	for (size_t i = 0; i < n; i++)
		bad |= load_one(paths[i], &d[i]) != 0;
	if (bad)
		fprintf(stderr, _("kaohectl: no ledger of %s imported\n"), dir);
	else
		rc = store_defs(st, d, n);
	schema_free_array(&ledger_def_desc, d, (uint32_t)n);
	paths_free(paths, n);
	return rc;
}

const char *
ledger_default_dir(const char *plans, char *buf, size_t len)
{
	DIR *dp;

	if (plans == NULL)
		return NULL;
	snprintf(buf, len, "%s/../ledgers", plans);
	if ((dp = opendir(buf)) == NULL)
		return NULL;
	closedir(dp);
	return buf;
}
