/*
 * config.c: kaohed's settings table, the configuration file (read with
 * inih) and the effective settings as text (kaohed --check-config).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "common/i18n.h"
#include "common/net.h"
#include "common/util.h"
#include "auth.h"
#include "config.h"

enum {
	SET_DB, SET_LISTEN, SET_PUB, SET_KEYS, SET_DAEMON, SET_QUIET, SET_LOG, SET_INSECURE,
	SET_SESSION_TTL, SET_LOGIN_FAILURES, SET_LOGIN_WINDOW, SET_LOGIN_LOCK, SET_LOGIN_DELAY,
	SET_REAP_INTERVAL, SET_PEER_TIMEOUT, SET_COUNT
};

#define BIG	100000000ull

/* In the order of the enum above, which is the order of --help and of
 * --check-config. */
const struct config_setting config_settings[] = {
	{ "db", 'd', CONFIG_STRING, "DIR",
	  N_("the database directory (default ./kaohe.db; make\n"
	     "one with kaohectl init DIR)"), 0, 0 },
	{ "listen", 'l', CONFIG_STRING, "ENDPOINT",
	  N_("the request endpoint, a ZeroMQ address (default\n"
	     "tcp://127.0.0.1:7410; tcp://0.0.0.0:7410 listens on\n"
	     "every interface)"), 0, 0 },
	{ "pub", 'p', CONFIG_STRING, "ENDPOINT",
	  N_("the update endpoint (default: the request port + 1,\n"
	     "or ENDPOINT.pub for ipc://)"), 0, 0 },
	{ "keys", 'k', CONFIG_STRING, "DIR",
	  N_("where the server's key pair is (server.secret, made\n"
	     "by kaohectl init; default: the database directory)"), 0, 0 },
	{ "daemon", 'D', CONFIG_BOOL, NULL,
	  N_("no console: log plain lines (also the case when\n"
	     "stdin or stdout is not a terminal, as under systemd)"), 0, 0 },
	{ "quiet", 'q', CONFIG_BOOL, NULL, N_("log only errors, refused keys and locked accounts"), 0, 0 },
	{ "log", 0, CONFIG_LOG, "stderr|syslog",
	  N_("where log lines go: stderr (the default; the\n"
	     "journal under systemd) or syslog (ident kaohed,\n"
	     "facility daemon)"), 0, 0 },
	{ "insecure", 0, CONFIG_BOOL, NULL,
	  N_("no CURVE encryption and no key allowlist: passwords\n"
	     "and records cross the network in the clear.  Only\n"
	     "for a test on one machine"), 0, 0 },
	{ "session-ttl", 0, CONFIG_NUMBER, "SECONDS",
	  N_("how long a session lasts (default 43200: 12 hours)"), 1, BIG },
	{ "login-failures", 0, CONFIG_NUMBER, "N",
	  N_("wrong passwords within the window that lock an\n"
	     "account (default 5; 0: never lock)"), 0, BIG },
	{ "login-window", 0, CONFIG_NUMBER, "SECONDS", N_("the window (default 900)"), 0, BIG },
	{ "login-lock", 0, CONFIG_NUMBER, "SECONDS", N_("how long the lock lasts (default 900)"), 0, BIG },
	{ "login-delay", 0, CONFIG_NUMBER, "MS",
	  N_("the wait before the answer to a wrong password,\n"
	     "doubled with each further one up to 8 times it\n"
	     "(default 1000)"), 0, BIG },
	{ "reap-interval", 0, CONFIG_NUMBER, "SECONDS",
	  N_("how often expired sessions are deleted (default 60)"), 1, 3600 },
	{ "peer-timeout", 0, CONFIG_NUMBER, "SECONDS",
	  N_("drop a connection silent this long (ZMTP heartbeats\n"
	     "every SECONDS/3; default 30)"), 1, 3600 },
};
const size_t config_nsettings = nitems(config_settings);
const char config_default_file[] = CONFIG_FILE;

_Static_assert(nitems(config_settings) == SET_COUNT, "one table entry a setting");
_Static_assert(SET_COUNT <= nitems(((struct config *)0)->line), "config.line is large enough");

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->opt.db = "kaohe.db";
	cfg->opt.session_ms = AUTH_SESSION_MS;
	cfg->opt.guard = (struct login_guard_opts)LOGIN_GUARD_DEFAULTS;
}

void
config_free(struct config *cfg)
{
	for (size_t i = 0; i < nitems(cfg->str); i++)
		free(cfg->str[i]);
	memset(cfg, 0, sizeof *cfg);
}

const struct config_setting *
config_find(const char *name)
{
	for (size_t i = 0; i < config_nsettings; i++)
		if (strcmp(config_settings[i].name, name) == 0)
			return &config_settings[i];
	return NULL;
}

static bool
parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < nitems(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = true, true;
		if (strcasecmp(v, no[i]) == 0)
			return *out = false, true;
	}
	return false;
}

int
config_set(struct config *cfg, const struct config_setting *s, const char *v, char *err, size_t errlen)
{
	size_t id = (size_t)(s - config_settings);
	unsigned long long n = 0;
	bool b = false;
	char *end;

	switch (s->type) {
	case CONFIG_STRING:
		if (v[0] == '\0') {
			snprintf(err, errlen, "%s", _("wants a value"));
			return -1;
		}
		break;
	case CONFIG_BOOL:
		if (!parse_bool(v, &b)) {
			snprintf(err, errlen, _("wants yes or no, not \"%s\""), v);
			return -1;
		}
		break;
	case CONFIG_LOG:
		if (strcmp(v, "stderr") != 0 && strcmp(v, "syslog") != 0) {
			snprintf(err, errlen, _("wants stderr or syslog, not \"%s\""), v);
			return -1;
		}
		break;
	case CONFIG_NUMBER:
		errno = 0;
		n = strtoull(v, &end, 10);
		if (!isdigit((unsigned char)v[0]) || *end != '\0' || errno != 0 || n < s->min || n > s->max) {
			snprintf(err, errlen, _("wants a whole number from %llu to %llu, not \"%s\""),
			    s->min, s->max, v);
			return -1;
		}
		break;
	}
	switch (id) {
	case SET_DB: case SET_LISTEN: case SET_PUB: case SET_KEYS:
		free(cfg->str[id]);
		cfg->str[id] = xstrdup(v);
		if (id == SET_DB)
			cfg->opt.db = cfg->str[id];
		else if (id == SET_LISTEN)
			cfg->opt.listen = cfg->str[id];
		else if (id == SET_PUB)
			cfg->opt.pub = cfg->str[id];
		else
			cfg->opt.keys = cfg->str[id];
		break;
	case SET_DAEMON: cfg->opt.daemon = b; break;
	case SET_QUIET: cfg->opt.quiet = b; break;
	case SET_INSECURE: cfg->opt.insecure = b; break;
	case SET_LOG: cfg->opt.syslog = strcmp(v, "syslog") == 0; break;
	case SET_SESSION_TTL: cfg->opt.session_ms = n * 1000; break;
	case SET_LOGIN_FAILURES: cfg->opt.guard.max_failures = (unsigned)n; break;
	case SET_LOGIN_WINDOW: cfg->opt.guard.window_ms = n * 1000; break;
	case SET_LOGIN_LOCK: cfg->opt.guard.lock_ms = n * 1000; break;
	case SET_LOGIN_DELAY:
		cfg->opt.guard.delay_ms = n;
		cfg->opt.guard.delay_max_ms = n * 8;
		break;
	case SET_REAP_INTERVAL: cfg->opt.reap_ms = n * 1000; break;
	case SET_PEER_TIMEOUT: cfg->opt.peer_timeout_ms = n * 1000; break;
	}
	return 0;
}

/* ---- the file ---- */

/* inih hands its handler no line number: the reader counts lines, and
 * checks the shape of each before inih sees it, so that every mistake is
 * reported with its line (inih itself names only the first). */
struct reading {
	struct config	*cfg;
	const char	*path;
	FILE		*f, *errs;
	char		*buf;
	size_t		 cap;
	unsigned	 line;
	int		 errors;
};

static void KH_PRINTF(2, 3)
mistake(struct reading *rd, const char *fmt, ...)
{
	va_list ap;

	fprintf(rd->errs, "%s:%u: ", rd->path, rd->line);
	va_start(ap, fmt);
	vfprintf(rd->errs, fmt, ap);
	va_end(ap);
	fputc('\n', rd->errs);
	rd->errors++;
}

/* The next line for inih; a line that is not a setting, a comment, a blank
 * or [kaohed] is reported here and handed on as a comment. */
static char *
next_line(char *str, int num, void *stream)
{
	struct reading *rd = stream;
	ssize_t len = getline(&rd->buf, &rd->cap, rd->f);
	const char *start, *p;

	if (len < 0)
		return NULL;
	rd->line++;
	start = rd->buf;
	if (rd->line == 1 && strncmp(start, "\xef\xbb\xbf", 3) == 0)
		start += 3;
	p = start;
	while (*p == ' ' || *p == '\t')
		p++;
	if (len > num - 1) {
		mistake(rd, _("the line is longer than %d characters"), num - 2);
		p = NULL;
	} else if (*p == '\0' || *p == '\n' || *p == '\r' || *p == '#' || *p == ';')
		;	/* blank or comment */
	else if (p != start) {
		mistake(rd, "%s", _("a setting starts at the beginning of its line"));
		p = NULL;
	} else if (*p == '[') {
		size_t n = strcspn(p, "\r\n");

		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n != 8 || strncmp(p, "[kaohed]", 8) != 0) {
			mistake(rd, _("unknown section %.*s: settings go before any section or "
			    "under [kaohed]"), (int)n, p);
			p = NULL;
		}
	} else if (strcspn(p, "=:") == strlen(p)) {
		mistake(rd, "%s", _("not a setting: write NAME = VALUE"));
		p = NULL;
	}
	snprintf(str, (size_t)num, "%s", p == NULL ? "#\n" : rd->buf);
	return str;
}

static int
on_setting(void *user, const char *section, const char *name, const char *value)
{
	struct reading *rd = user;
	const struct config_setting *s = config_find(name);
	char v[512], err[300];
	size_t n, id;

	(void)section;	/* next_line let only [kaohed] through */
	if (s == NULL) {
		mistake(rd, _("unknown setting \"%s\" (kaohed --help lists them)"), name);
		return 1;
	}
	id = (size_t)(s - config_settings);
	if (rd->cfg->line[id] != 0) {
		mistake(rd, _("%s is set twice (first on line %u)"), name, rd->cfg->line[id]);
		return 1;
	}
	/* " # comment" after a value, as after " ;" (inih's own) */
	snprintf(v, sizeof v, "%s", value);
	for (char *p = v; *p != '\0'; p++)
		if ((*p == ' ' || *p == '\t') && p[1] == '#') {
			*p = '\0';
			break;
		}
	n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
		v[--n] = '\0';
	if (n >= 2 && v[0] == '"' && v[n - 1] == '"') {
		memmove(v, v + 1, n - 2);
		v[n - 2] = '\0';
	}
	if (config_set(rd->cfg, s, v, err, sizeof err) != 0) {
		mistake(rd, "%s: %s", name, err);
		return 1;
	}
	rd->cfg->line[id] = rd->line;
	return 1;
}

int
config_read(struct config *cfg, const char *path, FILE *errs)
{
	struct reading rd = { .cfg = cfg, .path = path, .errs = errs };
	int rc;

	if ((rd.f = fopen(path, "r")) == NULL)
		return -1;
	cfg->file = path;
	rc = ini_parse_stream(next_line, &rd, on_setting, &rd);
	fclose(rd.f);
	free(rd.buf);
	if (rc > 0 && rd.errors == 0) {
		/* next_line should have caught it: say it anyway */
		rd.line = (unsigned)rc;
		mistake(&rd, "%s", _("not a setting: write NAME = VALUE"));
	} else if (rc < 0 && rd.errors == 0) {
		errno = ENOMEM;
		return -1;
	}
	return rd.errors;
}

/* ---- the settings in effect ---- */

void
config_print(const struct config *cfg, FILE *f)
{
	const struct server_options *o = &cfg->opt;
	const char *listen = o->listen != NULL ? o->listen : NET_DEFAULT_REQ;
	char pub[512];

	for (size_t id = 0; id < SET_COUNT; id++) {
		const char *name = config_settings[id].name;

		switch (id) {
		case SET_DB: fprintf(f, "%s = %s\n", name, o->db); break;
		case SET_LISTEN: fprintf(f, "%s = %s\n", name, listen); break;
		case SET_PUB:
			if (o->pub != NULL)
				fprintf(f, "%s = %s\n", name, o->pub);
			else {
				net_pub_endpoint(listen, pub, sizeof pub);
				fprintf(f, "# %s = %s\n", name, pub);
			}
			break;
		case SET_KEYS:
			if (o->keys != NULL)
				fprintf(f, "%s = %s\n", name, o->keys);
			else
				fprintf(f, "# %s = %s\n", name, o->db);
			break;
		case SET_DAEMON: fprintf(f, "%s = %s\n", name, o->daemon ? "yes" : "no"); break;
		case SET_QUIET: fprintf(f, "%s = %s\n", name, o->quiet ? "yes" : "no"); break;
		case SET_LOG: fprintf(f, "%s = %s\n", name, o->syslog ? "syslog" : "stderr"); break;
		case SET_INSECURE: fprintf(f, "%s = %s\n", name, o->insecure ? "yes" : "no"); break;
		case SET_SESSION_TTL:
			fprintf(f, "%s = %llu\n", name, (unsigned long long)(o->session_ms / 1000));
			break;
		case SET_LOGIN_FAILURES: fprintf(f, "%s = %u\n", name, o->guard.max_failures); break;
		case SET_LOGIN_WINDOW:
			fprintf(f, "%s = %llu\n", name, (unsigned long long)(o->guard.window_ms / 1000));
			break;
		case SET_LOGIN_LOCK:
			fprintf(f, "%s = %llu\n", name, (unsigned long long)(o->guard.lock_ms / 1000));
			break;
		case SET_LOGIN_DELAY:
			fprintf(f, "%s = %llu\n", name, (unsigned long long)o->guard.delay_ms);
			break;
		case SET_REAP_INTERVAL:
			fprintf(f, "%s = %llu\n", name,
			    (unsigned long long)((o->reap_ms ? o->reap_ms : SERVER_REAP_MS) / 1000));
			break;
		case SET_PEER_TIMEOUT:
			fprintf(f, "%s = %llu\n", name, (unsigned long long)((o->peer_timeout_ms ?
			    o->peer_timeout_ms : SERVER_PEER_TIMEOUT_MS) / 1000));
			break;
		}
	}
}
