/*
 * kaohed.c: the kaohe server's entry point: options and the configuration
 * file (config.c), signals, and the choice between the console dashboard
 * and plain logging (stderr or syslog).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "config.h"
#include "server.h"

enum { OPT_CONFIG = 256, OPT_NO_CONFIG, OPT_CHECK_CONFIG, OPT_SETTING = 1000 };

static void
usage(FILE *f)
{
	fprintf(f, "%s", _("usage: kaohed [--config FILE | --no-config] [--check-config] [OPTION]...\n"
	    "\n"
	    "The kaohe server: keeps every assessment record in the LMDB database in DIR\n"
	    "and publishes each committed change.\n"
	    "\n"));
	for (size_t i = 0; i < config_nsettings; i++) {
		const struct config_setting *s = &config_settings[i];
		char left[64];
		const char *help = _(s->help), *nl;
		int w;

		w = snprintf(left, sizeof left, "  %c%c%c --%s%s%s%s", s->short_opt ? '-' : ' ',
		    s->short_opt ? s->short_opt : ' ', s->short_opt ? ',' : ' ', s->name,
		    s->arg != NULL ? " " : "", s->arg != NULL ? s->arg : "",
		    s->type == CONFIG_BOOL ? "[=no]" : "");
		fprintf(f, "%s", left);
		if (w >= 26)
			fprintf(f, "\n%26s", "");
		else
			fprintf(f, "%*s", 26 - w, "");
		for (; (nl = strchr(help, '\n')) != NULL; help = nl + 1)
			fprintf(f, "%.*s\n%26s", (int)(nl - help), help, "");
		fprintf(f, "%s\n", help);
	}
	fprintf(f, _("      --config FILE       read the settings from FILE (default\n"
	    "                          %s, if it exists); the command\n"
	    "                          line overrides it\n"
	    "      --no-config         read no configuration file\n"
	    "      --check-config      check the settings, print them and exit\n"
	    "  -h, --help              this text\n"
	    "  -V, --version           print the version\n"
	    "\n"
	    "Each setting can also be given in the configuration file, as NAME = VALUE\n"
	    "(for example session-ttl = 600; a flag such as --quiet as quiet = yes).\n"
	    "On a terminal kaohed shows a live console; press q to stop it.  SIGINT and\n"
	    "SIGTERM stop it cleanly: every acknowledged write is already on disk.\n"
	    "SIGUSR1 writes one line of counters (requests, commits, batched requests)\n"
	    "to stderr.  See kaohed(8).\n"), config_default_file);
}

/* A message for the admin: stderr, or syslog when log = syslog (and then
 * stderr as well if it is a terminal). */
static void KH_PRINTF(3, 4)
say(const struct server *srv, int prio, const char *fmt, ...)
{
	va_list ap;

	if (srv->opt.syslog) {
		va_start(ap, fmt);
		vsyslog(prio, fmt, ap);
		va_end(ap);
		if (!isatty(STDERR_FILENO))
			return;
	}
	fputs("kaohed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
on_signal(int sig)
{
	if (sig == SIGUSR1)
		server_dump_stats = 1;
	else
		server_stopping = 1;
}

int
main(int argc, char **argv)
{
	struct option longopts[64];
	char shortopts[64] = "hV";
	struct {
		const struct config_setting *s;
		const char *value;
	} given[128];
	size_t ngiven = 0, nlong = 0;
	const char *config_file = NULL;
	bool no_config = false, check = false;
	struct config cfg;
	struct server srv;
	struct sigaction sa;
	char err[512];
	int c, rc;

	i18n_init();
	/* Each client is answered in its own language (uselocale around its
	 * request): LANGUAGE would override that for everyone. */
	unsetenv("LANGUAGE");
	config_init(&cfg);
	/* One long option a setting, named as in the file (config.c). */
	for (size_t i = 0; i < config_nsettings; i++) {
		const struct config_setting *s = &config_settings[i];

		longopts[nlong++] = (struct option){ s->name,
		    s->type == CONFIG_BOOL ? optional_argument : required_argument, NULL,
		    OPT_SETTING + (int)i };
		if (s->short_opt != 0) {
			size_t n = strlen(shortopts);

			shortopts[n] = (char)s->short_opt;
			shortopts[n + 1] = s->type == CONFIG_BOOL ? '\0' : ':';
			shortopts[n + 2] = '\0';
		}
	}
	longopts[nlong++] = (struct option){ "config", required_argument, NULL, OPT_CONFIG };
	longopts[nlong++] = (struct option){ "no-config", no_argument, NULL, OPT_NO_CONFIG };
	longopts[nlong++] = (struct option){ "check-config", no_argument, NULL, OPT_CHECK_CONFIG };
	longopts[nlong++] = (struct option){ "help", no_argument, NULL, 'h' };
	longopts[nlong++] = (struct option){ "version", no_argument, NULL, 'V' };
	longopts[nlong] = (struct option){ NULL, 0, NULL, 0 };

	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		const struct config_setting *s = NULL;

		switch (c) {
		case 'h': usage(stdout); return 0;
		case 'V': printf("kaohed %s (protocol %d, schema %d)\n", KAOHE_VERSION,
			      PROTOCOL_VERSION, SCHEMA_VERSION); return 0;
		case OPT_CONFIG: config_file = optarg; no_config = false; continue;
		case OPT_NO_CONFIG: no_config = true; config_file = NULL; continue;
		case OPT_CHECK_CONFIG: check = true; continue;
		case '?':
			fprintf(stderr, _("kaohed: kaohed --help lists the options\n"));
			return 2;
		}
		if (c >= OPT_SETTING && c < OPT_SETTING + (int)config_nsettings)
			s = &config_settings[c - OPT_SETTING];
		for (size_t i = 0; s == NULL && i < config_nsettings; i++)
			if (config_settings[i].short_opt == c)
				s = &config_settings[i];
		if (s == NULL || ngiven == nitems(given)) {
			fprintf(stderr, _("kaohed: kaohed --help lists the options\n"));
			return 2;
		}
		given[ngiven].s = s;
		given[ngiven++].value = optarg != NULL ? optarg : "yes";
	}
	if (optind != argc) {
		fprintf(stderr, _("kaohed: unexpected argument \"%s\"; kaohed --help lists the options\n"),
		    argv[optind]);
		return 2;
	}

	/* The file first, then the command line over it. */
	if (!no_config) {
		const char *path = config_file != NULL ? config_file : config_default_file;

		rc = config_read(&cfg, path, stderr);
		if (rc < 0 && (config_file != NULL || errno != ENOENT)) {
			fprintf(stderr, _("kaohed: cannot read %s: %s (--config FILE names another, "
			    "--no-config reads none)\n"), path, strerror(errno));
			config_free(&cfg);
			return 2;
		}
		if (rc > 0) {
			fprintf(stderr, ngettext("kaohed: %d mistake in %s: not started\n",
			    "kaohed: %d mistakes in %s: not started\n", (unsigned long)rc), rc, path);
			config_free(&cfg);
			return 2;
		}
	}
	for (size_t i = 0; i < ngiven; i++)
		if (config_set(&cfg, given[i].s, given[i].value, err, sizeof err) != 0) {
			fprintf(stderr, "kaohed: --%s: %s\n", given[i].s->name, err);
			config_free(&cfg);
			return 2;
		}
	if (check) {
		printf(_("# kaohed %s: the settings in effect, from %s and the command line\n"),
		    KAOHE_VERSION, cfg.file != NULL ? cfg.file : _("no file"));
		config_print(&cfg, stdout);
		config_free(&cfg);
		return 0;
	}

	memset(&srv, 0, sizeof srv);
	srv.opt = cfg.opt;
	if (srv.opt.syslog)
		openlog("kaohed", LOG_PID | LOG_NDELAY, LOG_DAEMON);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if (srv.opt.insecure) {
		say(&srv, LOG_WARNING, "%s", _("WARNING: --insecure: CURVE encryption and the key "
		    "allowlist are OFF."));
		say(&srv, LOG_WARNING, "%s", _("WARNING: passwords, session tokens and every record "
		    "cross the network"));
		say(&srv, LOG_WARNING, "%s", _("WARNING: in the clear.  Use this only for a test on "
		    "one machine."));
	}
	if (server_start(&srv, err, sizeof err) != 0) {
		say(&srv, LOG_ERR, "%s", err);
		server_finish(&srv);
		config_free(&cfg);
		return 1;
	}
	if (!srv.opt.daemon && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		console_start(&srv);
	server_log(&srv, N_("serving %s on %s, updates on %s, seq %llu"), srv.opt.db,
	    srv.req_ep, srv.pub_ep, (unsigned long long)srv.st->seq);
	if (srv.curve) {
		char fp[KEYS_FP_LEN + 1];

		keys_fingerprint(srv.keys.public_z85, fp);
		server_log(&srv, N_("CURVE on, server key %s; workstation keys are checked against "
		    "the allowlist (kaohectl allow list)"), fp);
	} else
		server_log(&srv, "%s", _("INSECURE: no encryption, no key check (--insecure)"));
	server_run(&srv);
	console_stop(&srv);
	if (srv.fatal != 0) {
		/* Always said, --quiet or not: the admin must learn why. */
		say(&srv, LOG_ERR, _("stopping: a commit failed: %s; the disk may have lost what "
		    "was written, so that batch was not acknowledged; check the disk, run kaohectl "
		    "verify, then start kaohed again"), mdb_strerror(srv.fatal));
		server_finish(&srv);
		config_free(&cfg);
		return 1;
	}
	server_log(&srv, N_("stopped at seq %llu"), (unsigned long long)srv.st->seq);
	server_finish(&srv);
	config_free(&cfg);
	return 0;
}
