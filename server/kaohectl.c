/*
 * kaohectl.c: setting up and looking after a kaohe database.
 *
 * Commands are table entries, each with its usage and handler.  kaohectl
 * opens the database directly through LMDB, which lets it run beside a
 * live kaohed: LMDB serialises the writers.
 */
#include <errno.h>
#include <getopt.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/util.h"
#include "common/version.h"
#include "auth.h"
#include "calendar.h"
#include "config.h"
#include "demo.h"
#include "kaohectl.h"
#include "log-ops.h"
#include "org.h"
#include "store.h"

struct ctl_cmd {
	const char	*name;
	int		(*exec)(struct ctl *);
	bool		 nodb;		/* needs no database: no --db, no config file */
};

static int cmd_init(struct ctl *);
static int cmd_user_add(struct ctl *);
static int cmd_user_passwd(struct ctl *);
static int cmd_user_list(struct ctl *);
static int cmd_user_disable(struct ctl *);
static int cmd_user_unlock(struct ctl *);
static int cmd_info(struct ctl *);
static int cmd_log(struct ctl *);

/* What each does, its usage and options: kaohectl-help.c. */
static const struct ctl_cmd cmds[] = {
	{ "init", cmd_init, false }, { "gen", cmd_gen, true }, { "keys", cmd_keys, false },
	{ "allow add", cmd_allow_add, false }, { "allow remove", cmd_allow_remove, false },
	{ "allow list", cmd_allow_list, false },
	{ "user add", cmd_user_add, false }, { "user passwd", cmd_user_passwd, false },
	{ "user list", cmd_user_list, false }, { "user disable", cmd_user_disable, false },
	{ "user unlock", cmd_user_unlock, false },
	{ "info", cmd_info, false }, { "log", cmd_log, false },
	{ "import org", cmd_import_org, false }, { "import scores", cmd_import_scores, false },
	{ "calendar import", cmd_calendar_import, false },
	{ "calendar list", cmd_calendar_list, false }, { "unit list", cmd_unit_list, false },
	{ "period show", cmd_period_show, false }, { "period lock", cmd_period_lock, false },
	{ "period unlock", cmd_period_unlock, false }, { "audit", cmd_audit, false },
	{ "plan check", cmd_plan_check, true }, { "plan import", cmd_plan_import, false },
	{ "plan list", cmd_plan_list, false }, { "plan show", cmd_plan_show, false },
	{ "ledger check", cmd_ledger_check, true }, { "ledger import", cmd_ledger_import, false },
	{ "ledger list", cmd_ledger_list, false },
	{ "export sheets", cmd_export_sheets, false }, { "export rubric", cmd_export_rubric, false },
	{ "verify", cmd_verify, false }, { "backup", cmd_backup, false },
	{ "restore", cmd_restore, false },
};

#ifndef DATADIR
#define DATADIR "/usr/local/share/kaohe"
#endif

const char *
ctl_datadir(void)
{
	const char *env = getenv("KAOHE_DATADIR");

	return env != NULL && env[0] != '\0' ? env : DATADIR;
}

const char *
ctl_config_default(void)
{
	return config_default_file;
}

/* A path the admin gave, or, if there is nothing by that name here and it
 * is a bare name, the same name in the data directory if it is there. */
static const char *
data_path(const char *arg, char *buf, size_t len)
{
	if (arg == NULL || access(arg, F_OK) == 0 || strchr(arg, '/') != NULL)
		return arg;
	snprintf(buf, len, "%s/%s", ctl_datadir(), arg);
	return access(buf, F_OK) == 0 ? buf : arg;
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
			fputs(round == 0 ? _("password: ") : _("again: "), stderr);
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
			fputs(_("kaohectl: no password given\n"), stderr);
			return -1;
		}
		dst[strcspn(dst, "\r\n")] = '\0';
	}
	if (tty && strcmp(buf, again) != 0) {
		fputs(_("kaohectl: the passwords differ\n"), stderr);
		return -1;
	}
	sodium_memzero(again, sizeof again);
	const char *problem = auth_password_problem(buf);
	if (problem != NULL) {
		fprintf(stderr, _("kaohectl: password refused: %s\n"), problem);
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
		fputs(_("kaohectl: cannot hash the password: out of memory\n"), stderr);
		rc = -1;
	}
	sodium_memzero(pw, sizeof pw);
	return rc;
}

/* After an init without --calendar: where the installed calendars are. */
static void
calendar_hint(void)
{
	char pattern[4200];
	glob_t g;

	snprintf(pattern, sizeof pattern, "%s/calendar-*.csv", ctl_datadir());
	if (glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc > 0)
		printf(_("no holiday calendar loaded: kaohectl calendar import %s loads the one "
		    "installed\n"), g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
}

static int
cmd_init(struct ctl *c)
{
	const char *dir = c->argc > 0 && c->argv[0][0] != '-' ? c->argv[0] : c->db;
	char cbuf[4096], pbuf[4096];
	const char *calendar = data_path(flag_value(c, "--calendar"), cbuf, sizeof cbuf);
	const char *plans = data_path(flag_value(c, "--plans"), pbuf, sizeof pbuf);
	struct store *st;
	char err[512];

	if (store_open(&st, dir, STORE_CREATE, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	if (calendar != NULL) {
		struct import_report r = { 0 };
		struct wtx w;
		int rc;

		if ((rc = store_write_begin(st, &w)) == 0 &&
		    (rc = calendar_import_csv(&w, calendar, &r)) == 0)
			rc = store_write_commit(&w);
		else
			store_write_abort(&w);
		for (uint32_t i = 0; i < r.n; i++)
			fprintf(stderr, "kaohectl: %s\n", r.messages[i]);
		import_report_free(&r);
		if (rc != 0) {
			fprintf(stderr, _("kaohectl: calendar %s not imported\n"), calendar);
			store_close(&st);
			return 1;
		}
	}
	/* Plans before the demo, which scores people against one if it is there. */
	if (plans != NULL && plan_import_dir(st, plans) != 0) {
		store_close(&st);
		return 1;
	}
	/* Ledgers too, before the demo, which enters points in them. */
	char lbuf[4096];
	const char *ledgers = flag_value(c, "--ledgers") != NULL ?
	    data_path(flag_value(c, "--ledgers"), lbuf, sizeof lbuf) :
	    ledger_default_dir(plans, lbuf, sizeof lbuf);
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
	printf(_("created database %s (epoch %llu, seq %llu)\n"), dir,
	    (unsigned long long)st->epoch, (unsigned long long)st->seq);
	if (flag_set(c, "--demo"))
		demo_print_logins(stdout);
	if (calendar == NULL)
		calendar_hint();
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
		fprintf(stderr, _("kaohectl: login \"%s\" must be 1-64 ASCII letters, digits, '.', '_' or '-'\n"), login);
		return ctl_usage(c);
	}
	if (name == NULL || !utf8_valid(name, strlen(name)) || name[0] == '\0' || strlen(name) > 64) {
		fputs(_("kaohectl: --name NAME is required (UTF-8, at most 64 bytes)\n"), stderr);
		return ctl_usage(c);
	}
	if (unit == NULL || !utf8_valid(unit, strlen(unit)) || unit[0] == '\0') {
		fputs(_("kaohectl: --unit UNIT is required: the name of an existing unit (kaohectl unit list)\n"), stderr);
		return ctl_usage(c);
	}
	if (rolek == NULL || role_from_key(rolek) == 0) {
		fputs(_("kaohectl: --role must be one of staff dept_head supervisor principal leader inspector admin orgdept\n"), stderr);
		return ctl_usage(c);
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
			fprintf(stderr, _("kaohectl: no unit named %s\n"), unit);
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
		fprintf(stderr, _("kaohectl: user %s exists already\n"), login);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot add user %s: %s\n"), login, mdb_strerror(rc));
		return 1;
	}
	printf(_("added user %s (id %llu)\n"), login, (unsigned long long)u.id);
	return 0;
}

/* Load a user by login into a write transaction, change it, write the
 * audit line `action`, commit. */
static int
user_update(struct ctl *c, const char *login, const char *action,
    void (*change)(struct user_rec *, void *), void *arg, bool unlock)
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
	    (!unlock || (rc = auth_lock_clear(w.txn, st, login)) == 0) &&
	    (rc = store_audit(&w, action, login, 0, "%s", u.display_name)) == 0)
		rc = store_write_commit(&w);
	else
		store_write_abort(&w);
	schema_free(&user_rec_desc, &u);
out:
	store_close(&st);
	if (rc == MDB_NOTFOUND) {
		fprintf(stderr, _("kaohectl: no user %s\n"), login);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot change user %s: %s\n"), login, mdb_strerror(rc));
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
		return ctl_usage(c);
	}
	if (read_password_hash(c, hash) != 0)
		return 1;
	if (user_update(c, c->argv[0], "user.passwd", set_hash, hash, true) != 0)
		return 1;
	printf(_("password of %s changed\n"), c->argv[0]);
	return 0;
}

static int
cmd_user_disable(struct ctl *c)
{
	if (c->argc < 1) {
		return ctl_usage(c);
	}
	if (user_update(c, c->argv[0], "user.disable", set_disabled, NULL, false) != 0)
		return 1;
	printf(_("user %s disabled\n"), c->argv[0]);
	return 0;
}

static void
no_change(struct user_rec *u, void *arg)
{
	(void)u;
	(void)arg;
}

/* Lift a lock of too many wrong passwords (auth.h): a running kaohed sees
 * it at the next login. */
static int
cmd_user_unlock(struct ctl *c)
{
	if (c->argc < 1)
		return ctl_usage(c);
	if (user_update(c, c->argv[0], "user.unlock", no_change, NULL, true) != 0)
		return 1;
	printf(_("user %s may log in again\n"), c->argv[0]);
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

	uint64_t until = 0;
	char lock[64] = "";

	if (u->unit_id != 0 && org_unit_get(pu->txn, pu->st, u->unit_id, &unit) != 0)
		memset(&unit, 0, sizeof unit);
	if (auth_lock_get(pu->txn, pu->st, u->login, &until) == 0 && until > now_ms()) {
		time_t t = (time_t)(until / 1000);
		struct tm tm;
		char when[32];

		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
		snprintf(lock, sizeof lock, _("  (locked until %s)"), when);
	}
	printf("%-5llu %-12s %-10s %-12s %s%s%s\n", (unsigned long long)u->id, u->login,
	    role_key(u->role), u->display_name, unit.name != NULL ? unit.name : "-",
	    u->disabled ? _("  (disabled)") : "", lock);
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
		fprintf(stderr, _("kaohectl: cannot list users: %s\n"), mdb_strerror(rc));
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
	printf(_("database   %s\nepoch      %llu\nseq        %llu\nlog entries %llu\nchanges    %llu\n"
	    "file       %.1f MB\nmap        %.1f of %.0f MB used\n"), c->db,
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
		return ctl_usage(c);
	}
	if (from != NULL && !day_parse(from, &from_day)) {
		fprintf(stderr, _("kaohectl: --from %s is not a day like 2026-11-22\n"), from);
		return ctl_usage(c);
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
		fprintf(stderr, _("kaohectl: no user %s\n"), c->argv[0]);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read the log of %s: %s\n"), c->argv[0], mdb_strerror(rc));
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

/* The database when neither --db nor $KAOHE_DB names one: kaohed's, from
 * its configuration file, else ./kaohe.db.  NULL after saying why the file
 * is no good (it would not start kaohed either). */
static const char *
db_from_config(const char *path, bool given, struct config *cfg)
{
	int rc = config_read(cfg, path, stderr);

	if (rc < 0) {
		if (given || errno != ENOENT)
			fprintf(stderr, _("kaohectl: cannot read %s: %s\n"), path, strerror(errno));
		return given ? NULL : "kaohe.db";
	}
	if (rc > 0) {
		fprintf(stderr, _("kaohectl: mend %s, or name the database with --db DIR\n"), path);
		return NULL;
	}
	return cfg->line[0] != 0 ? cfg->opt.db : "kaohe.db";
}

/* "help", "help import", "help import org". */
static int
help_command(int argc, char **argv)
{
	char name[128];

	if (argc == 0) {
		ctl_help_list(stdout);
		return 0;
	}
	snprintf(name, sizeof name, "%s%s%s", argv[0], argc > 1 ? " " : "", argc > 1 ? argv[1] : "");
	return ctl_help(stdout, name);
}

static bool
asks_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const struct ctl_cmd *cmd = NULL;
	const char *db = NULL, *config_file = NULL;
	struct ctl c = { 0 };
	struct config cfg;
	int ch, rc, words = 0;

	i18n_init();
	/* Options before the command only; the command parses its own. */
	while ((ch = getopt_long(argc, argv, "+d:c:hV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'c': config_file = optarg; break;
		case 'h': ctl_help_list(stdout); return 0;
		case 'V': printf("kaohectl %s (protocol %d, schema %d)\n", KAOHE_VERSION,
			      PROTOCOL_VERSION, SCHEMA_VERSION); return 0;
		default:
			fputs(_("kaohectl: kaohectl --help lists the commands and options\n"), stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0) {
		fputs(_("kaohectl: which command? kaohectl --help lists them\n"), stderr);
		return 2;
	}
	if (strcmp(argv[0], "help") == 0)
		return help_command(argc - 1, argv + 1);
	for (size_t i = 0; i < nitems(cmds) && cmd == NULL; i++) {
		const char *name = cmds[i].name, *space = strchr(name, ' ');

		words = space != NULL ? 2 : 1;
		if (argc < words)
			continue;
		if (space != NULL ? (strncmp(argv[0], name, (size_t)(space - name)) == 0 &&
		    argv[0][space - name] == '\0' && strcmp(argv[1], space + 1) == 0) :
		    strcmp(argv[0], name) == 0)
			cmd = &cmds[i];
	}
	if (cmd == NULL) {
		/* a first word alone ("import"), or with a second it lacks */
		if (argc > 1 && asks_help(argc - 1, argv + 1) && ctl_group_help(stdout, argv[0]) > 0)
			return 0;
		if (ctl_group_help(NULL, argv[0]) > 0) {
			if (argc > 1)
				fprintf(stderr, _("kaohectl: no command \"%s %s\"; the %s commands are:\n"),
				    argv[0], argv[1], argv[0]);
			else
				fprintf(stderr, _("kaohectl: %s what? The %s commands are:\n"), argv[0],
				    argv[0]);
			ctl_group_help(stderr, argv[0]);
			return 2;
		}
		fprintf(stderr, _("kaohectl: unknown command \"%s\"; kaohectl --help lists them\n"),
		    argv[0]);
		return 2;
	}
	if (asks_help(argc - words, argv + words))
		return ctl_help(stdout, cmd->name);

	config_init(&cfg);
	if (db != NULL)
		c.db = db;
	else if (getenv("KAOHE_DB") != NULL && getenv("KAOHE_DB")[0] != '\0')
		c.db = getenv("KAOHE_DB");
	else if (cmd->nodb)
		c.db = "kaohe.db";
	else if ((c.db = db_from_config(config_file != NULL ? config_file : config_default_file,
	    config_file != NULL, &cfg)) == NULL) {
		config_free(&cfg);
		return 2;
	}
	c.cmd = cmd->name;
	c.argc = argc - words;
	c.argv = argv + words;
	if (sodium_init() < 0) {
		fputs(_("kaohectl: cannot initialise libsodium\n"), stderr);
		config_free(&cfg);
		return 1;
	}
	rc = cmd->exec(&c);
	config_free(&cfg);
	return rc;
}
