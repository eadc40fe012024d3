/*
 * kaohectl-help.c: what kaohectl says about itself: the list of commands
 * (kaohectl --help, kaohectl help), one command's usage, options and an
 * example (kaohectl COMMAND --help, kaohectl help COMMAND), and the
 * one-line hint after a usage mistake.  The same words, at greater length,
 * are in kaohectl(8) (docs/man/kaohectl.8).
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/util.h"
#include "kaohectl.h"

struct ctl_help {
	const char	*name;		/* "import org" */
	const char	*usage;		/* after "kaohectl": syntax, not translated */
	const char	*summary;	/* N_(): one line for the list */
	const char	*text;		/* N_(): options and notes, or NULL */
	const char	*example;	/* command lines, not translated */
};

/* In the order of the list.  A text may name the data directory as %s
 * (init's defaults); a literal percent sign is written %%. */
static const struct ctl_help helps[] = {
	{ "init", "init DIR [--calendar FILE.csv] [--plans DIR] [--ledgers DIR] [--demo]",
	  N_("create a new database in DIR, with the server's key pair"),
	  N_("Makes the LMDB database and the server's CURVE key pair beside it:\n"
	     "DIR/server.secret (mode 0600, stays on the server) and DIR/server.key (for\n"
	     "the workstations).  Refuses a directory that holds a database already.\n"
	     "\n"
	     "  --calendar FILE.csv  load the holiday calendar (date,kind,name)\n"
	     "  --plans DIR          import every *.yaml plan of DIR, checked first, all or\n"
	     "                       nothing\n"
	     "  --ledgers DIR        import every points ledger of DIR (default: the\n"
	     "                       ledgers directory beside --plans)\n"
	     "  --demo               add a demo office (password demo123): for trying kaohe\n"
	     "                       out, never for a real office\n"
	     "\n"
	     "A bare name that is not in the current directory, such as\n"
	     "calendar-2026.csv, plans or ledgers, is looked for in the data directory,\n"
	     "%s (or $KAOHE_DATADIR), where make install puts them."),
	  "kaohectl init /var/lib/kaohe --calendar calendar-2026.csv --plans plans" },
	{ "gen", "gen DIR [--units N] [--people N] [--years N] [--logs N] [--queue N] [--seed N] [--quiet]",
	  N_("create a database in DIR filled with a generated office, for measuring"),
	  N_("Never for a real office: every account's password is demo123.\n"
	     "\n"
	     "  --units N    departments under one root office (default 20)\n"
	     "  --people N   everyone, leaders included (default 500)\n"
	     "  --years N    how far back the daily logs reach (default 1)\n"
	     "  --logs N     daily log entries in all (default 100000)\n"
	     "  --queue N    monthly records waiting for sup0001 (default 0)\n"
	     "  --seed N     the same seed gives the same office\n"
	     "  --quiet      no progress bar (there is none unless stderr is a terminal)"),
	  "kaohectl gen /tmp/big.db --people 5000 --logs 1000000" },
	{ "keys", "keys [show|create|rotate]",
	  N_("the server's CURVE key pair beside the database"),
	  N_("  show     print the public key and its fingerprint (the default); the\n"
	     "           output is the same in every language, for scripts\n"
	     "  create   make a pair for a database made before kaohe had keys\n"
	     "  rotate   replace the pair: restart kaohed, then give every workstation\n"
	     "           the new server.key; until then they cannot connect"),
	  "kaohectl --db /var/lib/kaohe keys show" },
	{ "allow add", "allow add KEY|FILE [NAME]",
	  N_("let a workstation's public key connect"),
	  N_("KEY is the 40 characters kaohe --show-key prints on the workstation, or a\n"
	     "file holding them; NAME says whose it is.  While the allowlist is empty\n"
	     "every key may connect; once it holds one, only listed keys connect.\n"
	     "kaohed reads the list at each new connection: no restart is needed."),
	  "kaohectl allow add /tmp/zhangsan.key zonghe-zhangsan" },
	{ "allow remove", "allow remove KEY|FILE",
	  N_("take a key off the allowlist"),
	  N_("New connections with the key are refused.  A running kaohed notices within\n"
	     "a second and closes every connection, so that each workstation's key is\n"
	     "checked again: the others reconnect by themselves."),
	  "kaohectl allow remove /tmp/zhangsan.key" },
	{ "allow list", "allow list",
	  N_("the keys on the allowlist (empty: every key may connect)"), NULL,
	  "kaohectl allow list" },
	{ "user add", "user add LOGIN --name NAME --unit UNIT --role ROLE [--password-stdin]",
	  N_("add an account"),
	  N_("  --name NAME        the name as shown, at most 64 bytes\n"
	     "  --unit UNIT        the name of an existing unit (kaohectl unit list)\n"
	     "  --role ROLE        staff, dept_head, supervisor, principal, leader,\n"
	     "                     inspector, admin or orgdept\n"
	     "  --password-stdin   read the password from one line of stdin; without it\n"
	     "                     kaohectl asks twice on the terminal"),
	  "kaohectl user add zhangsan --name 张三 --unit 综合科 --role staff" /* data */ },
	{ "user passwd", "user passwd LOGIN [--password-stdin]",
	  N_("set an account's password"),
	  N_("  --password-stdin   read it from one line of stdin instead of the terminal"),
	  "kaohectl user passwd zhangsan" },
	{ "user list", "user list", N_("list the accounts"), NULL, "kaohectl user list" },
	{ "user disable", "user disable LOGIN", N_("stop an account from logging in"), NULL,
	  "kaohectl user disable zhangsan" },
	{ "user unlock", "user unlock LOGIN",
	  N_("lift the lock that too many wrong passwords put on an account"),
	  N_("The lock is kept in the database: restarting kaohed does not lift it,\n"
	     "this does, at once, and so does a new password (user passwd)."),
	  "kaohectl user unlock zhangsan" },
	{ "info", "info", N_("the database's epoch, seq and sizes"), NULL, "kaohectl info" },
	{ "log", "log LOGIN [--from YYYY-MM-DD]",
	  N_("print a user's daily log, newest day first"),
	  N_("  --from DAY   only the days from DAY on\n"
	     "\n"
	     "One entry a line, tab-separated: day, hours, overtime, category, content."),
	  "kaohectl log zhangsan --from 2026-11-01" },
	{ "import org", "import org UNITS.csv PEOPLE.csv",
	  N_("add or update units and people from two CSV files, all or nothing"),
	  N_("units.csv has the columns name,parent,kind,supervisor[,category] and\n"
	     "people.csv login,name,unit,role,password.  Every row of both is checked\n"
	     "before anything is written; each mistake is printed as FILE:LINE: reason\n"
	     "and then nothing is imported.  A unit or login already in the database is\n"
	     "updated; existing accounts keep their passwords.  Each new password is\n"
	     "hashed (about 50 ms an account): a progress bar shows on a terminal."),
	  "kaohectl import org units.csv people.csv" },
	{ "import scores", "import scores FILE.csv",
	  N_("named scores from a CSV file, checked as a client's, all or nothing"),
	  N_("The columns are plan,period,person,part,score,rater.  Each row is given to\n"
	     "the server's own scoring code as if its rater had sent it.  Anonymous\n"
	     "parts (democratic votes) are refused: they are given in the client only."),
	  "kaohectl import scores scores.csv" },
	{ "calendar import", "calendar import FILE.csv",
	  N_("load holidays and make-up working days, replacing the years the file covers"),
	  N_("The columns are date,kind,name; kind is holiday (放假) or workday (上班).\n"
	     "All or nothing, like the organisation's import."),
	  "kaohectl calendar import /usr/share/kaohe/calendar-2026.csv" },
	{ "calendar list", "calendar list [YEAR]",
	  N_("list the holidays and make-up working days"), NULL, "kaohectl calendar list 2026" },
	{ "unit list", "unit list",
	  N_("the units as a tree, with supervising leaders and member counts"), NULL,
	  "kaohectl unit list" },
	{ "period show", "period show CODE",
	  N_("a period's days, deadline and lock"),
	  N_("CODE is a month (2026-11), a quarter (2026Q4), a half-year (2026H2), a year\n"
	     "(2026) or a code like 202611."),
	  "kaohectl period show 2026Q4" },
	{ "period lock", "period lock CODE",
	  N_("close a period: nothing in it changes any more"), NULL,
	  "kaohectl period lock 2026Q4" },
	{ "period unlock", "period unlock CODE", N_("reopen a closed period"), NULL,
	  "kaohectl period unlock 2026Q4" },
	{ "audit", "audit [--limit N] [--before ID]",
	  N_("print the audit log, newest first"),
	  N_("  --limit N    at most N lines (default 50, at most 100000)\n"
	     "  --before ID  lines older than line ID, to page back\n"
	     "\n"
	     "One line an action, tab-separated: number, time, who, workstation,\n"
	     "action, target, details."),
	  "kaohectl audit --limit 20" },
	{ "plan check", "plan check FILE...",
	  N_("check assessment plan files; every problem as FILE:LINE: reason"), NULL,
	  "kaohectl plan check /usr/share/kaohe/plans/*.yaml" },
	{ "plan import", "plan import FILE",
	  N_("check a plan file and store it as the next version of its key"), NULL,
	  "kaohectl plan import /usr/share/kaohe/plans/yongqiao-2015.yaml" },
	{ "plan list", "plan list", N_("the stored plans, latest versions"), NULL,
	  "kaohectl plan list" },
	{ "plan show", "plan show KEY [--version N]",
	  N_("a stored plan: raters and weights, grades, quota, rubric"),
	  N_("  --version N  that version (default: the latest)"),
	  "kaohectl plan show yongqiao-2015" },
	{ "ledger check", "ledger check FILE...",
	  N_("check points ledger files; every problem as FILE:LINE: reason"), NULL,
	  "kaohectl ledger check /usr/share/kaohe/ledgers/*.yaml" },
	{ "ledger import", "ledger import FILE",
	  N_("check a ledger file and store it, replacing the ledger of its key"), NULL,
	  "kaohectl ledger import /usr/share/kaohe/ledgers/pioneer.yaml" },
	{ "ledger list", "ledger list", N_("the stored ledgers and their items"), NULL,
	  "kaohectl ledger list" },
	{ "export sheets", "export sheets PLAN PERIOD [--unit NAME] [--person LOGIN] (--csv FILE | --xlsx FILE)",
	  N_("the ranking and each person's sheet, for filing with the organisation department"),
	  N_("  --unit NAME     only that unit's people\n"
	     "  --person LOGIN  only that person's sheet\n"
	     "  --csv FILE      the ranking as CSV (UTF-8 with a byte order mark)\n"
	     "  --xlsx FILE     the ranking and every sheet as an Excel workbook\n"
	     "\n"
	     "PERIOD is 2026Q3, 2026-09, 2026H1, 2026 or a code like 202623.  The file is\n"
	     "written beside its name and renamed into place, mode 0600."),
	  "kaohectl export sheets yongqiao-2015 2026Q3 --xlsx 2026Q3.xlsx" },
	{ "export rubric", "export rubric PLAN PERIOD [--unit NAME] (--csv FILE | --xlsx FILE)",
	  N_("the organisations' ranking against a rubric, with one unit's sheet"),
	  N_("  --unit NAME  put that unit's sheet (self-check, deductions, score) first\n"
	     "  --csv FILE   as CSV\n"
	     "  --xlsx FILE  as an Excel workbook"),
	  "kaohectl export rubric wenzhou-rubric 2026H2 --xlsx 2026H2.xlsx" },
	{ "verify", "verify [DIR]",
	  N_("check every record, index entry and change chain of the database"),
	  N_("DIR: a backup to check instead of the database.  Each problem is printed\n"
	     "on a line of its own, and kaohectl exits with status 1 if there is one.\n"
	     "Safe beside a running kaohed."),
	  "kaohectl verify" },
	{ "backup", "backup DEST",
	  N_("a compacted, verified copy of the database in the new directory DEST"),
	  N_("Runs beside kaohed: the copy is one committed state.  The server's key\n"
	     "pair is copied with it, so keep backups as private as the database.  DEST\n"
	     "must not exist."),
	  "kaohectl backup /srv/backup/kaohe-$(date +%F)" },
	{ "restore", "restore BACKUP DIR",
	  N_("copy a backup into the new directory DIR, with a new epoch, verified"),
	  N_("Stop kaohed first and move the old database aside; DIR must not exist.\n"
	     "Clients reload everything when they see the new epoch."),
	  "kaohectl restore /srv/backup/kaohe-2026-11-22 /var/lib/kaohe" },
	{ "help", "help [COMMAND]",
	  N_("this list, or what one command does, its options and an example"), NULL,
	  "kaohectl help import org" },
};

static const struct ctl_help *
find(const char *name)
{
	for (size_t i = 0; i < nitems(helps); i++)
		if (strcmp(helps[i].name, name) == 0)
			return &helps[i];
	return NULL;
}

void
ctl_help_list(FILE *f)
{
	fprintf(f, _("usage: kaohectl [--db DIR] [--config FILE] COMMAND ...\n"
	    "\n"
	    "Sets up and looks after a kaohe database.\n"
	    "\n"));
	for (size_t i = 0; i < nitems(helps); i++)
		fprintf(f, "  kaohectl %s\n      %s\n", helps[i].usage, _(helps[i].summary));
	fprintf(f, _("\n"
	    "  -d, --db DIR       the database (default: $KAOHE_DB, else db in the\n"
	    "                     configuration file, else ./kaohe.db)\n"
	    "  -c, --config FILE  kaohed's configuration file, for its db setting\n"
	    "                     (default %s)\n"
	    "  -h, --help         this text\n"
	    "  -V, --version      print the version\n"
	    "\n"
	    "kaohectl COMMAND --help, or kaohectl help COMMAND, explains one command.\n"
	    "See kaohectl(8).\n"), ctl_config_default());
}

/* Every command whose first word is word: "import" gives import org and
 * import scores, listed on f (NULL: only counted).  How many there were. */
static int
list_group(FILE *f, const char *word)
{
	size_t len = strlen(word);
	int n = 0;

	for (size_t i = 0; i < nitems(helps); i++)
		if (strncmp(helps[i].name, word, len) == 0 && helps[i].name[len] == ' ') {
			if (f != NULL)
				fprintf(f, "  kaohectl %s\n      %s\n", helps[i].usage,
				    _(helps[i].summary));
			n++;
		}
	return n;
}

int
ctl_help(FILE *f, const char *name)
{
	const struct ctl_help *h = find(name);

	if (h == NULL) {
		if (list_group(f, name) > 0)
			return 0;
		fprintf(stderr, _("kaohectl: no command \"%s\"; kaohectl help lists them\n"), name);
		return 2;
	}
	fprintf(f, _("usage: kaohectl [--db DIR] %s\n"), h->usage);
	fprintf(f, "\n%s\n", _(h->summary));
	if (h->text != NULL) {
		fputc('\n', f);
		fprintf(f, _(h->text), ctl_datadir());
		fputc('\n', f);
	}
	fprintf(f, _("\nexample:\n  %s\n"), h->example);
	fprintf(f, _("\nSee kaohectl(8) for more.\n"));
	return 0;
}

int
ctl_group_help(FILE *f, const char *word)
{
	return list_group(f, word);
}

int
ctl_usage(struct ctl *c)
{
	const struct ctl_help *h = find(c->cmd);

	if (h != NULL)
		fprintf(stderr, _("usage: kaohectl %s   (kaohectl %s --help says more)\n"), h->usage,
		    h->name);
	return 2;
}
