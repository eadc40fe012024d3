/*
 * kaohe.c: the kaohe client, a terminal program for the routine assessment
 * cycle: the daily log (日志), monthly records (月记实), their review (审核),
 * quarterly summaries (季度小结), evaluations (评鉴), the archive (考核档案)
 * and its administration (管理).
 *
 * Parses the options, sets the locale so that Chinese text is read and
 * drawn as wide characters, and hands over to the screens in client-ui.c.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "client-ui.h"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: kaohe [-hV] [-s endpoint] [--pub endpoint] [-u login] [--workstation name]\n"
	    "  -s, --server ENDPOINT   request endpoint of kaohed (default %s)\n"
	    "      --pub ENDPOINT      update endpoint (default: derived from --server)\n"
	    "  -u, --user LOGIN        login name to fill in\n"
	    "      --workstation NAME  name of this terminal (default: the host name)\n"
	    "  -h, --help              show this help\n"
	    "  -V, --version           show the version\n",
	    NET_DEFAULT_REQ);
}

int
main(int argc, char **argv)
{
	enum { OPT_PUB = 256, OPT_WORKSTATION };
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "pub", required_argument, NULL, OPT_PUB },
		{ "user", required_argument, NULL, 'u' },
		{ "workstation", required_argument, NULL, OPT_WORKSTATION },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui_options opt = { .server = NET_DEFAULT_REQ };
	char host[65] = "";
	int c;

	while ((c = getopt_long(argc, argv, "s:u:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			opt.server = optarg;
			break;
		case OPT_PUB:
			opt.pub = optarg;
			break;
		case 'u':
			opt.user = optarg;
			break;
		case OPT_WORKSTATION:
			opt.workstation = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("kaohe " KAOHE_VERSION "\n");
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "kaohe: unexpected argument %s\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (opt.user != NULL && strlen(opt.user) > 64) {
		fprintf(stderr, "kaohe: login name too long\n");
		return 2;
	}
	if (opt.workstation == NULL) {
		if (gethostname(host, sizeof host - 1) != 0)
			strlcpy_kh(host, "unknown", sizeof host);
		opt.workstation = host;
	}
	if (strlen(opt.workstation) > 64) {
		fprintf(stderr, "kaohe: workstation name too long\n");
		return 2;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "kaohe: needs a terminal\n");
		return 1;
	}

	setlocale(LC_ALL, "");
	/* Esc cancels a form: do not make it wait for a possible escape
	 * sequence for the default second. */
	setenv("ESCDELAY", "25", 0);
	return ui_run(&opt);
}
