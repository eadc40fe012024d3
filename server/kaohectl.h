/*
 * kaohectl.h: what kaohectl's command files share: the command line as the
 * command sees it, the helpers that read its flags and open the database,
 * and the commands defined outside kaohectl.c (kaohectl-org.c: setting up
 * an office's organisation, calendar and periods, and reading the audit log;
 * kaohectl-plan.c: checking, importing and reading assessment plans;
 * kaohectl-export.c: rankings and sheets to files, scores from a file;
 * kaohectl-ledger.c: checking, importing and listing points ledgers;
 * kaohectl-backup.c: verify, backup and restore; kaohectl-help.c: --help).
 */
#ifndef KAOHE_KAOHECTL_H
#define KAOHE_KAOHECTL_H

#include <stdbool.h>
#include <stdio.h>

#include "csv.h"
#include "store.h"

struct ctl {
	const char	*db;
	const char	*cmd;		/* the command's name: "import org" */
	int		 argc;		/* the arguments after the command's name */
	char		**argv;
};

/* kaohectl-help.c: the list of commands (kaohectl --help); one command's
 * usage, options and example (0, or 2 after saying there is no such
 * command; a first word alone, "import", lists its commands); the
 * commands of a first word (how many). */
void	ctl_help_list(FILE *);
int	ctl_help(FILE *, const char *name);
int	ctl_group_help(FILE *, const char *word);
/* The command's usage and where to read more, on one line of stderr;
 * returns 2, the status of a usage mistake. */
int	ctl_usage(struct ctl *);
/* kaohectl.c: where make install put the plans, ledgers and calendars
 * ($KAOHE_DATADIR, else DATADIR); kaohed's configuration file, whose db
 * kaohectl uses when neither --db nor $KAOHE_DB says. */
const char *ctl_datadir(void);
const char *ctl_config_default(void);

/* The value of "--name VALUE" in the command's arguments, or NULL. */
const char	*flag_value(struct ctl *, const char *flag);
bool		 flag_set(struct ctl *, const char *flag);
/* Open the database, which must exist; NULL after printing why. */
struct store	*open_db(struct ctl *);

/* kaohectl-org.c: what other command files use too.  A write as kaohectl
 * (workstation "kaohectl", user 0, for the audit log); its end commits if
 * rc is 0, else aborts, and returns rc or the commit's result. */
int	ctl_write_begin(struct store *, struct wtx *);
int	ctl_write_end(struct wtx *, int rc);
/* An import's messages on stderr, one "file:line: reason" a line. */
void	print_report(const struct import_report *);
/* The same for the report of reading one file: a message naming the file
 * by its base name (as loaders do) names it as path. */
void	print_file_report(const char *path, const struct import_report *);
/* The paths "dir/NAME.yaml" of the YAML files in dir, sorted, not those
 * whose name starts with a dot: 0 with *paths and *n (release them with
 * paths_free), or -1 with errno if dir cannot be read. */
int	yaml_files(const char *dir, char ***paths, size_t *n);
/* The data rows of a CSV file (less the header), for a progress bar's
 * total; 0 if it cannot be read. */
uint64_t csv_rows(const char *path);
void	paths_free(char **, size_t);

/* kaohectl-org.c.  Each returns the exit status: 0, 1 failed, 2 usage. */
int	cmd_import_org(struct ctl *);
int	cmd_calendar_import(struct ctl *);
int	cmd_calendar_list(struct ctl *);
int	cmd_unit_list(struct ctl *);
int	cmd_period_show(struct ctl *);
int	cmd_period_lock(struct ctl *);
int	cmd_period_unlock(struct ctl *);
int	cmd_audit(struct ctl *);

/* kaohectl-plan.c. */
int	cmd_plan_check(struct ctl *);
int	cmd_plan_import(struct ctl *);
int	cmd_plan_list(struct ctl *);
int	cmd_plan_show(struct ctl *);
/* Import every *.yaml plan file of dir (kaohectl init --plans), checked
 * first, all or nothing, in name order.  0, or 1 after printing why. */
int	plan_import_dir(struct store *, const char *dir);

/* kaohectl-export.c. */
int	cmd_export_sheets(struct ctl *);
int	cmd_export_rubric(struct ctl *);
int	cmd_import_scores(struct ctl *);
/* kaohectl-backup.c. */
int	cmd_verify(struct ctl *);
int	cmd_backup(struct ctl *);
int	cmd_restore(struct ctl *);
/* kaohectl-keys.c. */
int	cmd_keys(struct ctl *);
int	cmd_allow_add(struct ctl *);
int	cmd_allow_remove(struct ctl *);
int	cmd_allow_list(struct ctl *);
/* Make the server's key pair in dir (init, gen, keys create); replace
 * says whether an existing pair may be replaced.  0, or 1 after printing
 * why. */
int	ctl_keys_create(const char *dir, bool replace);
/* kaohectl-gen.c. */
int	cmd_gen(struct ctl *);
/* kaohectl-ledger.c. */
int	cmd_ledger_check(struct ctl *);
int	cmd_ledger_import(struct ctl *);
int	cmd_ledger_list(struct ctl *);
/* Import every *.yaml ledger file of dir, all or nothing.  0, or 1 after
 * printing why. */
int	ledger_import_dir(struct store *, const char *dir);
/* The ledgers beside a plans directory (PLANS/../ledgers, as schema/plans
 * and schema/ledgers), written to buf; NULL if plans is NULL or there is
 * no such directory. */
const char *ledger_default_dir(const char *plans, char *buf, size_t len);

#endif
