/*
 * kaohectl.c: setting up and looking after a kaohe database.
 *
 * Commands are table entries, each with its usage and handler.  kaohectl
 * opens the database directly through LMDB, which lets it run beside a
 * live kaohed: LMDB serialises the writers.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/util.h"
#include "common/version.h"
#include "auth.h"
#include "calendar.h"
#include "demo.h"
#include "kaohectl.h"
#include "log-ops.h"
#include "org.h"
#include "store.h"

struct ctl_cmd {
	const char	*name;
	const char	*usage;
	const char	*help;
	int		(*exec)(struct ctl *);
};

static int cmd_init(struct ctl *);
static int cmd_user_add(struct ctl *);
static int cmd_user_passwd(struct ctl *);
static int cmd_user_list(struct ctl *);
static int cmd_user_disable(struct ctl *);
static int cmd_info(struct ctl *);
static int cmd_log(struct ctl *);

static const struct ctl_cmd cmds[] = {
	{ "init", "init DIR [--calendar FILE.csv] [--demo] [--plans DIR] [--ledgers DIR]",
	  "create an empty database in DIR, with a holiday calendar; --demo adds a demo office; "
	  "--plans imports every *.yaml plan of a directory (e.g. schema/plans); --ledgers every "
	  "points ledger (default: the ledgers directory beside --plans, e.g. schema/ledgers)", cmd_init },
	{ "gen", "gen DIR [--units N] [--people N] [--years N] [--logs N] [--queue N] [--seed N] [--quiet]",
	  "create a database in DIR filled with a generated office of that size for measuring: "
	  "units, people, N daily logs over the last years, N monthly records waiting for sup0001 "
	  "(docs/operations.md)", cmd_gen },
	{ "keys", "keys [show|create|rotate]",
	  "the server's CURVE key pair beside the database (init makes it): show it, make one "
	  "for an older database, or replace it (restart kaohed, hand out the new server.key)",
	  cmd_keys },
	{ "allow add", "allow add KEY|FILE [NAME]",
	  "let a workstation's public key connect (kaohe --show-key prints it); once the "
	  "allowlist has a key, only listed keys connect", cmd_allow_add },
	{ "allow remove", "allow remove KEY|FILE", "take a key off the allowlist", cmd_allow_remove },
	{ "allow list", "allow list", "the keys on the allowlist (empty: every key may connect)",
	  cmd_allow_list },
	{ "user add", "user add LOGIN --name NAME --unit UNIT --role ROLE [--password-stdin]",
	  "add an account; roles: staff dept_head supervisor principal leader inspector admin orgdept", cmd_user_add },
	{ "user passwd", "user passwd LOGIN [--password-stdin]", "set an account's password", cmd_user_passwd },
	{ "user list", "user list", "list the accounts", cmd_user_list },
	{ "user disable", "user disable LOGIN", "stop an account from logging in", cmd_user_disable },
	{ "info", "info", "show the database's epoch, seq, sizes", cmd_info },
	{ "log", "log LOGIN [--from YYYY-MM-DD]", "print a user's daily log, newest day first", cmd_log },
	{ "import org", "import org UNITS.csv PEOPLE.csv",
	  "add or update units and people from CSV files, all or nothing (docs/operations.md)", cmd_import_org },
	{ "calendar import", "calendar import FILE.csv",
	  "load holidays and make-up working days (date,kind,name); replaces the years it covers", cmd_calendar_import },
	{ "calendar list", "calendar list [YEAR]", "list the holidays and make-up working days", cmd_calendar_list },
	{ "unit list", "unit list", "the units as a tree, with supervising leaders and member counts", cmd_unit_list },
	{ "period show", "period show CODE",
	  "a period's days, deadline and lock; CODE: 2026-11, 2026Q4, 2026H2, 2026 or 202611", cmd_period_show },
	{ "period lock", "period lock CODE", "close a period: nothing in it changes any more", cmd_period_lock },
	{ "period unlock", "period unlock CODE", "reopen a closed period", cmd_period_unlock },
	{ "audit", "audit [--limit N] [--before ID]", "print the audit log, newest first (default 50 lines)", cmd_audit },
	{ "plan check", "plan check FILE...",
	  "check assessment plan files (docs/plans.md): every problem as FILE:LINE: reason", cmd_plan_check },
	{ "plan import", "plan import FILE",
	  "check a plan file and store it as the next version of its key", cmd_plan_import },
	{ "plan list", "plan list", "the stored plans, latest versions", cmd_plan_list },
	{ "ledger check", "ledger check FILE...",
	  "check points ledger files (docs/ledgers.md): every problem as FILE:LINE: reason", cmd_ledger_check },
	{ "ledger import", "ledger import FILE",
	  "check a ledger file and store it, replacing the ledger of its key", cmd_ledger_import },
	{ "ledger list", "ledger list", "the stored ledgers and their items", cmd_ledger_list },
	{ "plan show", "plan show KEY [--version N]",
	  "a stored plan: raters and weights, grades, quota, rubric (default: latest version)", cmd_plan_show },
	{ "export sheets", "export sheets PLAN PERIOD [--unit NAME] [--person LOGIN] (--csv FILE | --xlsx FILE)",
	  "the ranking (登记表) and each person's sheet, or one person's, for filing (docs/operations.md)",
	  cmd_export_sheets },
	{ "export rubric", "export rubric PLAN PERIOD [--unit NAME] (--csv FILE | --xlsx FILE)",
	  "the organisations' ranking; with --unit, that unit's sheet as the 细则 (自查分, 扣分, 得分) first",
	  cmd_export_rubric },
	{ "verify", "verify [DIR]",
	  "check every record, index entry and change chain of the database (or of a backup in DIR); "
	  "prints each problem, exits 1 if there is one", cmd_verify },
	{ "backup", "backup DEST",
	  "a compacted, verified copy of the database in the new directory DEST, while kaohed runs",
	  cmd_backup },
	{ "restore", "restore BACKUP DIR",
	  "copy a backup into the new directory DIR with a new epoch, verified (stop kaohed first; "
	  "docs/operations.md)", cmd_restore },
	{ "import scores", "import scores FILE.csv",
	  "named scores (plan,period,person,part,score,rater), checked as SCORE_PUT, all or nothing",
	  cmd_import_scores },
};

static void
usage(FILE *f)
{
	fprintf(f, "usage: kaohectl [--db DIR] COMMAND ...\n\n"
	    "Sets up and looks after a kaohe database (default DIR: $KAOHE_DB or ./kaohe.db).\n\n");
	for (size_t i = 0; i < nitems(cmds); i++)
		fprintf(f, "  kaohectl %s\n      %s\n", cmds[i].usage, cmds[i].help);
	fprintf(f, "\n  -d, --db DIR     the database\n  -h, --help       this text\n"
	    "  -V, --version    print the version\n");
}

/* The value of "--name VALUE" in the command's arguments, or NULL. */
const char *
flag_value(struct ctl *c, const char *flag)
{
	for (int i = 0; i < c->argc - 1; i++)
		if (strcmp(c->argv[i], flag) == 0)
			return c->argv[i + 1];
	return NULL;
}

bool
flag_set(struct ctl *c, const char *flag)
{
	for (int i = 0; i < c->argc; i++)
		if (strcmp(c->argv[i], flag) == 0)
			return true;
	return false;
}

struct store *
open_db(struct ctl *c)
{
	struct store *st;
	char err[512];

	if (store_open(&st, c->db, STORE_MUST_EXIST, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return NULL;
	}
	return st;
}

/* Read a password: one line from stdin with --password-stdin, else twice
 * from the terminal without echo. */
static int
read_password(struct ctl *c, char *buf, size_t len)
{
	struct termios old, quiet;
	char again[300];
	bool tty = isatty(STDIN_FILENO) && !flag_set(c, "--password-stdin");

	for (int round = 0; round < (tty ? 2 : 1); round++) {
		char *dst = round == 0 ? buf : again;
		size_t dlen = round == 0 ? len : sizeof again;

		if (tty) {
			fprintf(stderr, round == 0 ? "password: " : "again: ");
			tcgetattr(STDIN_FILENO, &old);
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
		}
		char *ok = fgets(dst, (int)dlen, stdin);
		if (tty) {
			tcsetattr(STDIN_FILENO, TCSANOW, &old);
			fputc('\n', stderr);
		}
		if (ok == NULL) {
			fprintf(stderr, "kaohectl: no password given\n");
			return -1;
		}
		dst[strcspn(dst, "\r\n")] = '\0';
	}
	if (tty && strcmp(buf, again) != 0) {
		fprintf(stderr, "kaohectl: the passwords differ\n");
		return -1;
	}
	sodium_memzero(again, sizeof again);
	const char *problem = auth_password_problem(buf);
	if (problem != NULL) {
		fprintf(stderr, "kaohectl: password refused: %s\n", problem);
		return -1;
	}
	return 0;
}

/* Read a password as read_password() does and hash it into hash. */
static int
read_password_hash(struct ctl *c, char hash[AUTH_HASH_MAX])
{
	char pw[300];
	int rc = 0;

	if (read_password(c, pw, sizeof pw) != 0)
		return -1;
	if (auth_hash(pw, hash) != 0) {
		fprintf(stderr, "kaohectl: cannot hash the password: out of memory\n");
		rc = -1;
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

static int
cmd_init(struct ctl *c)
{
	const char *dir = c->argc > 0 && c->argv[0][0] != '-' ? c->argv[0] : c->db;
	struct store *st;
	char err[512];

	if (store_open(&st, dir, STORE_CREATE, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	if (flag_value(c, "--calendar") != NULL) {
		struct import_report r = { 0 };
		struct wtx w;
		int rc;

		if ((rc = store_write_begin(st, &w)) == 0 &&
		    (rc = calendar_import_csv(&w, flag_value(c, "--calendar"), &r)) == 0)
			rc = store_write_commit(&w);
		else
			store_write_abort(&w);
		for (uint32_t i = 0; i < r.n; i++)
			fprintf(stderr, "kaohectl: %s\n", r.messages[i]);
		import_report_free(&r);
		if (rc != 0) {
			fprintf(stderr, "kaohectl: calendar %s not imported\n", flag_value(c, "--calendar"));
			store_close(&st);
			return 1;
		}
	}
	/* Plans before the demo, which scores people against one if it is there. */
	if (flag_value(c, "--plans") != NULL && plan_import_dir(st, flag_value(c, "--plans")) != 0) {
		store_close(&st);
		return 1;
	}
	/* Ledgers too, before the demo, which enters points in them. */
	char lbuf[4096];
	const char *ledgers = flag_value(c, "--ledgers") != NULL ? flag_value(c, "--ledgers") :
	    ledger_default_dir(flag_value(c, "--plans"), lbuf, sizeof lbuf);
	if (ledgers != NULL && ledger_import_dir(st, ledgers) != 0) {
		store_close(&st);
		return 1;
	}
	if (flag_set(c, "--demo") && demo_fill(st, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		store_close(&st);
		return 1;
	}
	/* The server's key pair goes beside the data: kaohed will not start
	 * without it (unless --insecure). */
	if (ctl_keys_create(dir, false) != 0) {
		store_close(&st);
		return 1;
	}
	printf("created database %s (epoch %llu, seq %llu)\n", dir,
	    (unsigned long long)st->epoch, (unsigned long long)st->seq);
	if (flag_set(c, "--demo"))
		demo_print_logins(stdout);
	store_close(&st);
	return 0;
}

static int
cmd_user_add(struct ctl *c)
{
	const char *login = c->argc > 0 ? c->argv[0] : "";
	const char *name = flag_value(c, "--name"), *unit = flag_value(c, "--unit");
	const char *rolek = flag_value(c, "--role");
	char hash[AUTH_HASH_MAX];
	struct user_rec u;
	struct store *st;
	struct wtx w;
	int rc;

	if (!auth_login_valid(login)) {
		fprintf(stderr, "kaohectl: login \"%s\" must be 1-64 ASCII letters, digits, '.', '_' or '-'\n", login);
		return 2;
	}
	if (name == NULL || !utf8_valid(name, strlen(name)) || name[0] == '\0' || strlen(name) > 64) {
		fprintf(stderr, "kaohectl: --name NAME is required (UTF-8, at most 64 bytes)\n");
		return 2;
	}
	if (unit == NULL || !utf8_valid(unit, strlen(unit)) || unit[0] == '\0') {
		fprintf(stderr, "kaohectl: --unit UNIT is required: the name of an existing unit (kaohectl unit list)\n");
		return 2;
	}
	if (rolek == NULL || role_from_key(rolek) == 0) {
		fprintf(stderr, "kaohectl: --role must be one of staff dept_head supervisor principal leader inspector admin orgdept\n");
		return 2;
	}
	if (read_password_hash(c, hash) != 0)
		return 1;
	if ((st = open_db(c)) == NULL)
		return 1;
	memset(&u, 0, sizeof u);
	u.login = (char *)login;
	u.display_name = (char *)name;
	{
		struct unit_rec unit_rec;
		MDB_txn *txn;

		if ((rc = store_read_begin(st, &txn)) == 0) {
			rc = org_unit_by_name(txn, st, unit, &unit_rec);
			mdb_txn_abort(txn);
		}
		if (rc != 0) {
			fprintf(stderr, "kaohectl: no unit named %s\n", unit);
			store_close(&st);
			return 1;
		}
		u.unit_id = unit_rec.id;
		schema_free(&unit_rec_desc, &unit_rec);
	}
	u.role = role_from_key(rolek);
	u.pwhash = hash;
	if ((rc = store_write_begin(st, &w)) == 0 && (rc = store_user_put(&w, &u)) == 0 &&
	    (rc = store_audit(&w, "user.add", login, 0, "%s %s %s", role_key(u.role), name, unit)) == 0)
		rc = store_write_commit(&w);
	else
		store_write_abort(&w);
	store_close(&st);
	if (rc == MDB_KEYEXIST) {
		fprintf(stderr, "kaohectl: user %s exists already\n", login);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot add user %s: %s\n", login, mdb_strerror(rc));
		return 1;
	}
	printf("added user %s (id %llu)\n", login, (unsigned long long)u.id);
	return 0;
}

/* Load a user by login into a write transaction, change it, write the
 * audit line `action`, commit. */
static int
user_update(struct ctl *c, const char *login, const char *action,
    void (*change)(struct user_rec *, void *), void *arg)
{
	struct user_rec u;
	struct store *st;
	struct wtx w;
	int rc;

	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_write_begin(st, &w)) != 0)
		goto out;
	if ((rc = store_user_by_login(w.txn, st, login, &u)) != 0) {
		store_write_abort(&w);
		goto out;
	}
	change(&u, arg);
	if ((rc = store_user_put(&w, &u)) == 0 &&
	    (rc = store_audit(&w, action, login, 0, "%s", u.display_name)) == 0)
		rc = store_write_commit(&w);
	else
		store_write_abort(&w);
	schema_free(&user_rec_desc, &u);
out:
	store_close(&st);
	if (rc == MDB_NOTFOUND) {
		fprintf(stderr, "kaohectl: no user %s\n", login);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot change user %s: %s\n", login, mdb_strerror(rc));
		return 1;
	}
	return 0;
}

static void
set_hash(struct user_rec *u, void *arg)
{
	free(u->pwhash);
	u->pwhash = xstrdup(arg);
}

static void
set_disabled(struct user_rec *u, void *arg)
{
	(void)arg;
	u->disabled = true;
}

static int
cmd_user_passwd(struct ctl *c)
{
	char hash[AUTH_HASH_MAX];

	if (c->argc < 1) {
		fprintf(stderr, "usage: kaohectl user passwd LOGIN [--password-stdin]\n");
		return 2;
	}
	if (read_password_hash(c, hash) != 0)
		return 1;
	if (user_update(c, c->argv[0], "user.passwd", set_hash, hash) != 0)
		return 1;
	printf("password of %s changed\n", c->argv[0]);
	return 0;
}

static int
cmd_user_disable(struct ctl *c)
{
	if (c->argc < 1) {
		fprintf(stderr, "usage: kaohectl user disable LOGIN\n");
		return 2;
	}
	if (user_update(c, c->argv[0], "user.disable", set_disabled, NULL) != 0)
		return 1;
	printf("user %s disabled\n", c->argv[0]);
	return 0;
}

struct print_users {
	MDB_txn		*txn;
	struct store	*st;
};

static int
print_user(const struct user_rec *u, void *arg)
{
	struct print_users *pu = arg;
	struct unit_rec unit = { 0 };

	if (u->unit_id != 0 && org_unit_get(pu->txn, pu->st, u->unit_id, &unit) != 0)
		memset(&unit, 0, sizeof unit);
	printf("%-5llu %-12s %-10s %-12s %s%s\n", (unsigned long long)u->id, u->login,
	    role_key(u->role), u->display_name, unit.name != NULL ? unit.name : "-",
	    u->disabled ? "  (disabled)" : "");
	schema_free(&unit_rec_desc, &unit);
	return 0;
}

static int
cmd_user_list(struct ctl *c)
{
	struct store *st;
	MDB_txn *txn;
	int rc;

	if ((st = open_db(c)) == NULL)
		return 1;
	printf("%-5s %-12s %-10s %-12s %s\n", "id", "login", "role", "name", "unit");
	if ((rc = store_read_begin(st, &txn)) == 0) {
		struct print_users pu = { txn, st };
		rc = store_user_each(txn, st, print_user, &pu);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot list users: %s\n", mdb_strerror(rc));
		return 1;
	}
	return 0;
}

static int
cmd_info(struct ctl *c)
{
	struct store_stats s;
	struct store *st;

	if ((st = open_db(c)) == NULL)
		return 1;
	store_stats(st, &s);
	printf("database   %s\nepoch      %llu\nseq        %llu\nlog entries %llu\nchanges    %llu\n"
	    "file       %.1f MB\nmap        %.1f of %.0f MB used\n", c->db,
	    (unsigned long long)st->epoch, (unsigned long long)st->seq,
	    (unsigned long long)s.entries, (unsigned long long)s.changes,
	    (double)s.file_bytes / 1048576.0, (double)s.used_bytes / 1048576.0,
	    (double)s.map_bytes / 1048576.0);
	store_close(&st);
	return 0;
}

static int
cmd_log(struct ctl *c)
{
	const char *from = flag_value(c, "--from");
	uint32_t from_day = 0;
	struct log_entry *all = NULL;
	struct user_rec u;
	struct store *st;
	MDB_txn *txn;
	uint32_t n = 0;
	bool more;
	int rc;

	if (c->argc < 1 || c->argv[0][0] == '-') {
		fprintf(stderr, "usage: kaohectl log LOGIN [--from YYYY-MM-DD]\n");
		return 2;
	}
	if (from != NULL && !day_parse(from, &from_day)) {
		fprintf(stderr, "kaohectl: --from %s is not a day like 2026-11-22\n", from);
		return 2;
	}
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		if ((rc = store_user_by_login(txn, st, c->argv[0], &u)) == 0) {
			rc = logop_snapshot(txn, st, u.id, from_day, UINT32_MAX, &all, &n, &more);
			schema_free(&user_rec_desc, &u);
		}
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc == MDB_NOTFOUND) {
		fprintf(stderr, "kaohectl: no user %s\n", c->argv[0]);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, "kaohectl: cannot read the log of %s: %s\n", c->argv[0], mdb_strerror(rc));
		return 1;
	}
	for (uint32_t i = 0; i < n; i++) {
		char day[16], h[16], o[16];

		day_format(all[i].date, day, sizeof day);
		hours_format(all[i].minutes, h, sizeof h);
		hours_format(all[i].overtime, o, sizeof o);
		printf("%s\t%s\t%s\t%s\t%s\n", day, h, o, category_name(all[i].category), all[i].content);
	}
	schema_free_array(&log_entry_desc, all, n);
	return 0;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .db = getenv("KAOHE_DB") ? getenv("KAOHE_DB") : "kaohe.db" };
	int ch;

	i18n_init();
	/* Options before the command only; the command parses its own. */
	while ((ch = getopt_long(argc, argv, "+d:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': c.db = optarg; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("kaohectl %s (protocol %d, schema %d)\n", KAOHE_VERSION,
			      PROTOCOL_VERSION, SCHEMA_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		usage(stderr);
		return 2;
	}
	for (size_t i = 0; i < nitems(cmds); i++) {
		const char *name = cmds[i].name, *space = strchr(name, ' ');
		int words = space != NULL ? 2 : 1;

		if (argc < words)
			continue;
		if (space != NULL ? (strncmp(argv[0], name, (size_t)(space - name)) == 0 &&
		    argv[0][space - name] == '\0' && strcmp(argv[1], space + 1) == 0) :
		    strcmp(argv[0], name) == 0) {
			if (flag_set(&(struct ctl){ .argc = argc, .argv = argv }, "--help")) {
				printf("usage: kaohectl %s\n%s\n", cmds[i].usage, cmds[i].help);
				return 0;
			}
			c.argc = argc - words;
			c.argv = argv + words;
			if (sodium_init() < 0) {
				fprintf(stderr, "kaohectl: cannot initialise libsodium\n");
				return 1;
			}
			return cmds[i].exec(&c);
		}
	}
	fprintf(stderr, "kaohectl: unknown command \"%s\"; kaohectl --help lists them\n", argv[0]);
	return 2;
}
