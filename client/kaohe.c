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

#include "common/i18n.h"
#include "common/keys.h"
#include "common/net.h"
#include "common/util.h"
#include "common/version.h"
#include "client-ui.h"

static void
usage(FILE *f)
{
	fprintf(f, _("usage: kaohe [-hV] [-s endpoint] [--pub endpoint] [-u login] [--workstation name]\n"
	    "             [--server-key FILE|KEY] [--key FILE] [--show-key] [--insecure]\n"
	    "  -s, --server ENDPOINT   request endpoint of kaohed (default %s)\n"
	    "      --pub ENDPOINT      update endpoint (default: derived from --server)\n"
	    "  -u, --user LOGIN        login name to fill in\n"
	    "      --workstation NAME  name of this terminal (default: the host name)\n"
	    "      --server-key FILE|KEY  the server's public key: its server.key file from\n"
	    "                          the admin, or its 40 characters (default:\n"
	    "                          ~/.config/kaohe/server.key, then /etc/kaohe/server.key)\n"
	    "      --key FILE          this workstation's key pair (default\n"
	    "                          ~/.config/kaohe/client.secret, made on first use)\n"
	    "      --show-key          print this workstation's public key, for the admin's\n"
	    "                          allowlist (kaohectl allow add), and exit\n"
	    "      --insecure          no encryption: only for a kaohed started --insecure\n"
	    "  -h, --help              show this help\n"
	    "  -V, --version           show the version\n"),
	    NET_DEFAULT_REQ);
}

/* ~/.config/kaohe/NAME (or $XDG_CONFIG_HOME/kaohe/NAME) into buf; false if
 * there is no home to put it in. */
static bool
config_path(const char *name, char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && xdg[0] == '/')
		snprintf(buf, len, "%s/kaohe/%s", xdg, name);
	else if (home != NULL && home[0] != '\0')
		snprintf(buf, len, "%s/.config/kaohe/%s", home, name);
	else
		return false;
	return true;
}

/* The server's key: --server-key, else the first default file there is. */
static int
find_server_key(const char *arg, char key[KEYS_Z85_LEN + 1])
{
	char path[4096], err[512];

	if (arg != NULL) {
		if (keys_read_arg(arg, key, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "kaohe: --server-key: %s\n", err);
		return -1;
	}
	if (config_path(KEYS_PUBLIC_FILE, path, sizeof path) && access(path, F_OK) == 0)
		return keys_read_file(path, key, err, sizeof err) == 0 ? 0 :
		    (fprintf(stderr, "kaohe: %s\n", err), -1);
	if (access("/etc/kaohe/" KEYS_PUBLIC_FILE, F_OK) == 0)
		return keys_read_file("/etc/kaohe/" KEYS_PUBLIC_FILE, key, err, sizeof err) == 0 ? 0 :
		    (fprintf(stderr, "kaohe: %s\n", err), -1);
	fprintf(stderr, "%s\n", _("kaohe: no server key: give --server-key FILE with the\n"
	    "server.key the admin hands out, or copy it to ~/.config/kaohe/server.key"));
	return -1;
}

/* This workstation's pair: --key FILE, else the default file, made on
 * first use; if there is nowhere to keep it, a pair for this run only. */
static int
own_keys(const char *arg, struct keypair *kp, bool quiet)
{
	char path[4096], err[512];
	bool created;

	if (arg != NULL) {
		if (keys_load_or_create(arg, kp, &created, err, sizeof err) == 0)
			return 0;
		fprintf(stderr, "kaohe: --key: %s\n", err);
		return -1;
	}
	if (config_path("client.secret", path, sizeof path) &&
	    keys_load_or_create(path, kp, &created, err, sizeof err) == 0) {
		if (created && !quiet)
			fprintf(stderr, _("kaohe: made this workstation's key pair in %s\n"), path);
		return 0;
	}
	if (!quiet)
		fprintf(stderr, _("kaohe: no place to keep this workstation's key (%s); using one for "
		    "this run only, which an allowlist will refuse\n"), err);
	return keys_generate(kp, err, sizeof err);
}

int
main(int argc, char **argv)
{
	enum { OPT_PUB = 256, OPT_WORKSTATION, OPT_SERVER_KEY, OPT_KEY, OPT_SHOW_KEY, OPT_INSECURE };
	static const struct option longopts[] = {
		{ "server", required_argument, NULL, 's' },
		{ "pub", required_argument, NULL, OPT_PUB },
		{ "user", required_argument, NULL, 'u' },
		{ "workstation", required_argument, NULL, OPT_WORKSTATION },
		{ "server-key", required_argument, NULL, OPT_SERVER_KEY },
		{ "key", required_argument, NULL, OPT_KEY },
		{ "show-key", no_argument, NULL, OPT_SHOW_KEY },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ui_options opt = { .server = NET_DEFAULT_REQ };
	char host[65] = "", server_key[KEYS_Z85_LEN + 1];
	const char *server_key_arg = NULL, *key_arg = NULL;
	bool show_key = false, insecure = false;
	struct keypair own;
	int c;

	i18n_init();
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
		case OPT_SERVER_KEY:
			server_key_arg = optarg;
			break;
		case OPT_KEY:
			key_arg = optarg;
			break;
		case OPT_SHOW_KEY:
			show_key = true;
			break;
		case OPT_INSECURE:
			insecure = true;
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
		fprintf(stderr, _("kaohe: unexpected argument %s\n"), argv[optind]);
		usage(stderr);
		return 2;
	}
	if (opt.user != NULL && strlen(opt.user) > 64) {
		fprintf(stderr, "%s\n", _("kaohe: login name too long"));
		return 2;
	}
	if (opt.workstation == NULL) {
		if (gethostname(host, sizeof host - 1) != 0)
			strlcpy_kh(host, "unknown", sizeof host);
		opt.workstation = host;
	}
	if (strlen(opt.workstation) > 64) {
		fprintf(stderr, "%s\n", _("kaohe: workstation name too long"));
		return 2;
	}
	if (show_key) {
		char fp[KEYS_FP_LEN + 1];

		if (own_keys(key_arg, &own, false) != 0)
			return 1;
		keys_fingerprint(own.public_z85, fp);
		printf("%s\n", own.public_z85);
		printf(_("fingerprint %s\n"), fp);
		return 0;
	}
	if (!insecure) {
		if (find_server_key(server_key_arg, server_key) != 0 ||
		    own_keys(key_arg, &own, false) != 0)
			return 2;
		opt.server_key = server_key;
		opt.own = &own;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "%s\n", _("kaohe: needs a terminal"));
		return 1;
	}

	/* Esc cancels a form: do not make it wait for a possible escape
	 * sequence for the default second. */
	setenv("ESCDELAY", "25", 0);
	return ui_run(&opt);
}
