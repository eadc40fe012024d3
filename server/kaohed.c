/*
 * kaohed.c: the kaohe server's entry point: options, signals, and the
 * choice between the console dashboard and plain logging.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/i18n.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "auth.h"
#include "server.h"

enum {
	OPT_INSECURE = 256, OPT_SESSION_TTL, OPT_LOGIN_FAILURES, OPT_LOGIN_WINDOW,
	OPT_LOGIN_LOCK, OPT_LOGIN_DELAY, OPT_REAP_INTERVAL, OPT_PEER_TIMEOUT,
};

/* A number option's value, or exit 2 saying which option was wrong. */
static uint64_t
number(const char *opt, const char *arg)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || arg[0] == '-' || v > 100000000ull) {
		fprintf(stderr, "kaohed: --%s wants a number, not \"%s\"\n", opt, arg);
		exit(2);
	}
	return v;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kaohed [--db DIR] [--listen ENDPOINT] [--pub ENDPOINT] [--keys DIR] [--insecure]\n"
	    "              [--daemon] [--quiet] [--session-ttl SECONDS] [--login-failures N]\n"
	    "              [--login-window SECONDS] [--login-lock SECONDS] [--login-delay MS]\n"
	    "              [--reap-interval SECONDS] [--peer-timeout SECONDS]\n"
	    "\n"
	    "The kaohe server: keeps every assessment record in the LMDB database in DIR\n"
	    "and publishes each committed change.\n"
	    "\n"
	    "  -d, --db DIR          database directory (default ./kaohe.db; make one with\n"
	    "                        kaohectl init DIR)\n"
	    "  -l, --listen ENDPOINT request endpoint, a ZeroMQ address (default %s)\n"
	    "  -p, --pub ENDPOINT    update endpoint (default: request port + 1, or\n"
	    "                        ENDPOINT.pub for ipc://)\n"
	    "  -D, --daemon          no console: log plain lines to stderr (also the case\n"
	    "                        when stdin or stdout is not a terminal)\n"
	    "  -q, --quiet           log only errors\n"
	    "  -k, --keys DIR        where the server's key pair is (server.secret, made by\n"
	    "                        kaohectl init; default: the database directory)\n"
	    "      --insecure        no CURVE encryption and no key allowlist: passwords and\n"
	    "                        records cross the network in the clear.  Only for a\n"
	    "                        test on one machine\n"
	    "      --session-ttl S   how long a session lasts (default 43200: 12 hours)\n"
	    "      --login-failures N  wrong passwords within the window that lock an\n"
	    "                        account (default 5; 0: never lock)\n"
	    "      --login-window S  the window (default 900)\n"
	    "      --login-lock S    how long the lock lasts (default 900)\n"
	    "      --login-delay MS  the wait before the answer to a wrong password, doubled\n"
	    "                        with each further one up to 8 times it (default 1000)\n"
	    "      --reap-interval S how often expired sessions are deleted (default 60)\n"
	    "      --peer-timeout S  drop a connection silent this long (ZMTP heartbeats\n"
	    "                        every S/3; default 30)\n"
	    "  -h, --help            this text\n"
	    "  -V, --version         print the version\n"
	    "\n"
	    "On a terminal kaohed shows a live console; press q to stop it.  SIGINT and\n"
	    "SIGTERM stop it cleanly: every acknowledged write is already on disk.\n"
	    "SIGUSR1 writes one line of counters (requests, commits, batched requests)\n"
	    "to stderr.\n",
	    NET_DEFAULT_REQ);
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
	static const struct option longopts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "listen", required_argument, NULL, 'l' },
		{ "pub", required_argument, NULL, 'p' },
		{ "daemon", no_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "keys", required_argument, NULL, 'k' },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "session-ttl", required_argument, NULL, OPT_SESSION_TTL },
		{ "login-failures", required_argument, NULL, OPT_LOGIN_FAILURES },
		{ "login-window", required_argument, NULL, OPT_LOGIN_WINDOW },
		{ "login-lock", required_argument, NULL, OPT_LOGIN_LOCK },
		{ "login-delay", required_argument, NULL, OPT_LOGIN_DELAY },
		{ "reap-interval", required_argument, NULL, OPT_REAP_INTERVAL },
		{ "peer-timeout", required_argument, NULL, OPT_PEER_TIMEOUT },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct server srv;
	struct sigaction sa;
	char err[512];
	int c;

	i18n_init();
	/* Each client is answered in its own language (uselocale around its
	 * request): LANGUAGE would override that for everyone. */
	unsetenv("LANGUAGE");
	memset(&srv, 0, sizeof srv);
	srv.opt.db = "kaohe.db";
	srv.opt.session_ms = AUTH_SESSION_MS;
	srv.opt.guard = (struct login_guard_opts)LOGIN_GUARD_DEFAULTS;
	while ((c = getopt_long(argc, argv, "d:l:p:k:DqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': srv.opt.db = optarg; break;
		case 'l': srv.opt.listen = optarg; break;
		case 'p': srv.opt.pub = optarg; break;
		case 'D': srv.opt.daemon = true; break;
		case 'q': srv.opt.quiet = true; break;
		case 'k': srv.opt.keys = optarg; break;
		case OPT_INSECURE: srv.opt.insecure = true; break;
		case OPT_SESSION_TTL:
			srv.opt.session_ms = number("session-ttl", optarg) * 1000;
			if (srv.opt.session_ms == 0) {
				fprintf(stderr, "kaohed: --session-ttl must be at least 1\n");
				return 2;
			}
			break;
		case OPT_LOGIN_FAILURES:
			srv.opt.guard.max_failures = (unsigned)number("login-failures", optarg);
			break;
		case OPT_LOGIN_WINDOW:
			srv.opt.guard.window_ms = number("login-window", optarg) * 1000;
			break;
		case OPT_LOGIN_LOCK:
			srv.opt.guard.lock_ms = number("login-lock", optarg) * 1000;
			break;
		case OPT_LOGIN_DELAY:
			srv.opt.guard.delay_ms = number("login-delay", optarg);
			srv.opt.guard.delay_max_ms = srv.opt.guard.delay_ms * 8;
			break;
		case OPT_REAP_INTERVAL:
		case OPT_PEER_TIMEOUT: {
			const char *name = c == OPT_REAP_INTERVAL ? "reap-interval" : "peer-timeout";
			uint64_t ms = number(name, optarg) * 1000;

			if (ms == 0 || ms > 3600 * 1000) {
				fprintf(stderr, "kaohed: --%s wants 1 to 3600 seconds\n", name);
				return 2;
			}
			if (c == OPT_REAP_INTERVAL)
				srv.opt.reap_ms = ms;
			else
				srv.opt.peer_timeout_ms = ms;
			break;
		}
		case 'h': usage(stdout); return 0;
		case 'V': printf("kaohed %s (protocol %d, schema %d)\n", KAOHE_VERSION,
			      PROTOCOL_VERSION, SCHEMA_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	if (srv.opt.insecure)
		fprintf(stderr,
		    "kaohed: WARNING: --insecure: CURVE encryption and the key allowlist are OFF.\n"
		    "kaohed: WARNING: passwords, session tokens and every record cross the network\n"
		    "kaohed: WARNING: in the clear.  Use this only for a test on one machine.\n");
	if (server_start(&srv, err, sizeof err) != 0) {
		fprintf(stderr, "kaohed: %s\n", err);
		server_finish(&srv);
		return 1;
	}
	if (!srv.opt.daemon && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		console_start(&srv);
	server_log(&srv, "serving %s on %s, updates on %s, seq %llu", srv.opt.db,
	    srv.req_ep, srv.pub_ep, (unsigned long long)srv.st->seq);
	if (srv.curve) {
		char fp[KEYS_FP_LEN + 1];

		keys_fingerprint(srv.keys.public_z85, fp);
		server_log(&srv, "CURVE on, server key %s; workstation keys are checked against "
		    "the allowlist (kaohectl allow list)", fp);
	} else
		server_log(&srv, "INSECURE: no encryption, no key check (--insecure)");
	server_run(&srv);
	console_stop(&srv);
	if (srv.fatal != 0) {
		/* Always said, --quiet or not: the admin must learn why. */
		fprintf(stderr, "kaohed: stopping: a commit failed: %s; the disk may have lost what "
		    "was written, so that batch was not acknowledged; check the disk, run kaohectl "
		    "verify, then start kaohed again\n", mdb_strerror(srv.fatal));
		server_finish(&srv);
		return 1;
	}
	server_log(&srv, "stopped at seq %llu", (unsigned long long)srv.st->seq);
	server_finish(&srv);
	return 0;
}
