/*
 * kaohed.c: the kaohe server's entry point: options, signals, and the
 * choice between the console dashboard and plain logging.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "server.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kaohed [--db DIR] [--listen ENDPOINT] [--pub ENDPOINT] [--daemon] [--quiet]\n"
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
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct server srv;
	struct sigaction sa;
	char err[512];
	int c;

	memset(&srv, 0, sizeof srv);
	srv.opt.db = "kaohe.db";
	while ((c = getopt_long(argc, argv, "d:l:p:DqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': srv.opt.db = optarg; break;
		case 'l': srv.opt.listen = optarg; break;
		case 'p': srv.opt.pub = optarg; break;
		case 'D': srv.opt.daemon = true; break;
		case 'q': srv.opt.quiet = true; break;
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

	if (server_start(&srv, err, sizeof err) != 0) {
		fprintf(stderr, "kaohed: %s\n", err);
		server_finish(&srv);
		return 1;
	}
	if (!srv.opt.daemon && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		console_start(&srv);
	server_log(&srv, "serving %s on %s, updates on %s, seq %llu", srv.opt.db,
	    srv.req_ep, srv.pub_ep, (unsigned long long)srv.st->seq);
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
