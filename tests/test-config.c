/*
 * test-config.c: kaohed's configuration file and its settings
 * (server/config.c): values from the file, flags over the file, every
 * mistake named by FILE:LINE, comments, an empty file, the effective
 * settings read back, and the example dist/kaohed.conf.
 *
 * Run from the repository's root, as tests/run.sh does.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "server/config.h"

static char path[64];

/* Write text to a new temporary file named in path. */
static void
write_file(const char *text)
{
	int fd;

	snprintf(path, sizeof path, "/tmp/kaohe-test-config.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* Read text as a configuration file into cfg (initialised here); the
 * messages go to *msgs (free it).  Returns config_read's result. */
static int
read_text(struct config *cfg, const char *text, char **msgs)
{
	size_t len;
	FILE *errs = open_memstream(msgs, &len);
	int rc;

	assert_non_null(errs);
	write_file(text);
	config_init(cfg);
	rc = config_read(cfg, path, errs);
	fclose(errs);
	unlink(path);
	return rc;
}

/* "PATH:LINE: " followed by what, somewhere in msgs. */
static bool
has_message(const char *msgs, unsigned line, const char *what)
{
	char want[512];

	snprintf(want, sizeof want, "%s:%u: %s", path, line, what);
	return strstr(msgs, want) != NULL;
}

static void
test_empty_file(void **state)
{
	struct config cfg;
	char *msgs;

	(void)state;
	assert_int_equal(read_text(&cfg, "", &msgs), 0);
	assert_string_equal(msgs, "");
	assert_string_equal(cfg.opt.db, "kaohe.db");
	assert_null(cfg.opt.listen);
	assert_null(cfg.opt.pub);
	assert_false(cfg.opt.quiet);
	assert_false(cfg.opt.syslog);
	assert_int_equal(cfg.opt.session_ms, 12ull * 3600 * 1000);
	assert_int_equal(cfg.opt.guard.max_failures, 5);
	assert_non_null(cfg.file);
	free(msgs);
	config_free(&cfg);
}

static void
test_comments_and_blanks(void **state)
{
	struct config cfg;
	char *msgs;

	(void)state;
	assert_int_equal(read_text(&cfg,
	    "\xef\xbb\xbf# a comment\n"
	    "; another\n"
	    "\n"
	    "   \n"
	    "   # an indented comment\n"
	    "#db = /nowhere\n"
	    "quiet = yes ; said after a value\n"
	    "log = syslog # so is this\n"
	    "\r\n", &msgs), 0);
	assert_string_equal(msgs, "");
	assert_string_equal(cfg.opt.db, "kaohe.db");
	assert_true(cfg.opt.quiet);
	assert_true(cfg.opt.syslog);
	free(msgs);
	config_free(&cfg);
}

static void
test_every_value(void **state)
{
	struct config cfg;
	char *msgs;

	(void)state;
	assert_int_equal(read_text(&cfg,
	    "[kaohed]\n"
	    "db = /var/lib/kaohe\n"
	    "listen = tcp://0.0.0.0:7410\n"
	    "pub = \"tcp://0.0.0.0:7420\"\n"
	    "keys = /etc/kaohe/keys\n"
	    "daemon = on\n"
	    "quiet = TRUE\n"
	    "log = syslog\n"
	    "insecure = 0\n"
	    "session-ttl = 600\n"
	    "login-failures = 3\n"
	    "login-window = 60\n"
	    "login-lock = 120\n"
	    "login-delay = 250\n"
	    "reap-interval = 5\n"
	    "peer-timeout = 12\n", &msgs), 0);
	assert_string_equal(msgs, "");
	assert_string_equal(cfg.opt.db, "/var/lib/kaohe");
	assert_string_equal(cfg.opt.listen, "tcp://0.0.0.0:7410");
	assert_string_equal(cfg.opt.pub, "tcp://0.0.0.0:7420");
	assert_string_equal(cfg.opt.keys, "/etc/kaohe/keys");
	assert_true(cfg.opt.daemon);
	assert_true(cfg.opt.quiet);
	assert_true(cfg.opt.syslog);
	assert_false(cfg.opt.insecure);
	assert_int_equal(cfg.opt.session_ms, 600000);
	assert_int_equal(cfg.opt.guard.max_failures, 3);
	assert_int_equal(cfg.opt.guard.window_ms, 60000);
	assert_int_equal(cfg.opt.guard.lock_ms, 120000);
	assert_int_equal(cfg.opt.guard.delay_ms, 250);
	assert_int_equal(cfg.opt.guard.delay_max_ms, 2000);
	assert_int_equal(cfg.opt.reap_ms, 5000);
	assert_int_equal(cfg.opt.peer_timeout_ms, 12000);
	assert_int_equal(cfg.line[0], 2);	/* db, for kaohectl */
	free(msgs);
	config_free(&cfg);
}

/* kaohed's order: the file, then each flag through config_set. */
static void
test_flags_override_the_file(void **state)
{
	struct config cfg;
	char *msgs, err[256];

	(void)state;
	assert_int_equal(read_text(&cfg, "db = /var/lib/kaohe\nquiet = yes\nsession-ttl = 600\n",
	    &msgs), 0);
	assert_int_equal(config_set(&cfg, config_find("db"), "/tmp/other", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, config_find("quiet"), "no", err, sizeof err), 0);
	assert_int_equal(config_set(&cfg, config_find("session-ttl"), "30", err, sizeof err), 0);
	assert_string_equal(cfg.opt.db, "/tmp/other");
	assert_false(cfg.opt.quiet);
	assert_int_equal(cfg.opt.session_ms, 30000);
	/* a bad flag is refused with the reason, and changes nothing */
	assert_int_equal(config_set(&cfg, config_find("peer-timeout"), "0", err, sizeof err), -1);
	assert_non_null(strstr(err, "from 1 to 3600"));
	assert_int_equal(cfg.opt.peer_timeout_ms, 0);
	assert_int_equal(config_set(&cfg, config_find("log"), "journal", err, sizeof err), -1);
	assert_non_null(strstr(err, "stderr or syslog"));
	free(msgs);
	config_free(&cfg);
}

static void
test_unknown_keys(void **state)
{
	struct config cfg;
	char *msgs;

	(void)state;
	assert_int_equal(read_text(&cfg,
	    "# the first line\n"
	    "db = /var/lib/kaohe\n"
	    "databse = /var/lib/kaohe\n"
	    "\n"
	    "Listen = tcp://0.0.0.0:7410\n", &msgs), 2);
	assert_true(has_message(msgs, 3, "unknown setting \"databse\""));
	assert_true(has_message(msgs, 5, "unknown setting \"Listen\""));
	free(msgs);
	config_free(&cfg);
}

static void
test_bad_values(void **state)
{
	struct config cfg;
	char *msgs;

	(void)state;
	assert_int_equal(read_text(&cfg,
	    "session-ttl = 0\n"
	    "login-failures = many\n"
	    "quiet = perhaps\n"
	    "log = journal\n"
	    "db =\n"
	    "peer-timeout = 3601\n"
	    "login-delay = -5\n"
	    "reap-interval = 10s\n", &msgs), 8);
	assert_true(has_message(msgs, 1, "session-ttl: wants a whole number from 1 to 100000000, not \"0\""));
	assert_true(has_message(msgs, 2, "login-failures: wants a whole number"));
	assert_true(has_message(msgs, 3, "quiet: wants yes or no, not \"perhaps\""));
	assert_true(has_message(msgs, 4, "log: wants stderr or syslog, not \"journal\""));
	assert_true(has_message(msgs, 5, "db: wants a value"));
	assert_true(has_message(msgs, 6, "peer-timeout: wants a whole number from 1 to 3600"));
	assert_true(has_message(msgs, 7, "login-delay: wants a whole number"));
	assert_true(has_message(msgs, 8, "reap-interval: wants a whole number"));
	/* nothing bad was taken */
	assert_int_equal(cfg.opt.session_ms, 12ull * 3600 * 1000);
	assert_false(cfg.opt.quiet);
	free(msgs);
	config_free(&cfg);
}

static void
test_lines_that_are_not_settings(void **state)
{
	struct config cfg;
	char *msgs, text[600];

	(void)state;
	snprintf(text, sizeof text,
	    "db = /a\n"
	    "quiet yes\n"
	    "  listen = tcp://0.0.0.0:7410\n"
	    "[server]\n"
	    "db = /b\n"
	    "log = %0300d\n", 0);
	assert_int_equal(read_text(&cfg, text, &msgs), 5);
	assert_true(has_message(msgs, 2, "not a setting: write NAME = VALUE"));
	assert_true(has_message(msgs, 3, "a setting starts at the beginning of its line"));
	assert_true(has_message(msgs, 4, "unknown section [server]"));
	assert_true(has_message(msgs, 5, "db is set twice (first on line 1)"));
	assert_true(has_message(msgs, 6, "the line is longer than"));
	assert_string_equal(cfg.opt.db, "/a");
	free(msgs);
	config_free(&cfg);
}

static void
test_missing_file(void **state)
{
	struct config cfg;

	(void)state;
	config_init(&cfg);
	errno = 0;
	assert_int_equal(config_read(&cfg, "/nonexistent/kaohed.conf", stderr), -1);
	assert_int_equal(errno, ENOENT);
	config_free(&cfg);
}

/* --check-config's output is a file that gives the same settings. */
static void
test_print_reads_back(void **state)
{
	struct config a, b;
	char *msgs, *text;
	size_t len;
	FILE *f;

	(void)state;
	assert_int_equal(read_text(&a, "db = /srv/kaohe\nlisten = tcp://10.0.0.1:7500\nquiet = yes\n"
	    "log = syslog\nsession-ttl = 77\nlogin-delay = 10\nreap-interval = 9\n", &msgs), 0);
	free(msgs);
	f = open_memstream(&text, &len);
	config_print(&a, f);
	fclose(f);
	assert_non_null(strstr(text, "# pub = tcp://10.0.0.1:7501\n"));
	assert_non_null(strstr(text, "# keys = /srv/kaohe\n"));
	assert_int_equal(read_text(&b, text, &msgs), 0);
	assert_string_equal(msgs, "");
	assert_string_equal(b.opt.db, a.opt.db);
	assert_string_equal(b.opt.listen, a.opt.listen);
	assert_null(b.opt.pub);
	assert_int_equal(b.opt.quiet, a.opt.quiet);
	assert_int_equal(b.opt.syslog, a.opt.syslog);
	assert_int_equal(b.opt.session_ms, a.opt.session_ms);
	assert_int_equal(b.opt.guard.delay_ms, a.opt.guard.delay_ms);
	assert_int_equal(b.opt.reap_ms, a.opt.reap_ms);
	assert_int_equal(b.opt.peer_timeout_ms, 30000);
	free(msgs);
	free(text);
	config_free(&a);
	config_free(&b);
}

/* The example that make install puts in /etc/kaohe: no mistake, and every
 * setting in it, set or commented out. */
static void
test_example_file(void **state)
{
	struct config cfg;
	char *text, line[256];
	size_t len;
	FILE *f = fopen("dist/kaohed.conf", "r"), *errs;

	(void)state;
	assert_non_null(f);
	assert_non_null(errs = open_memstream(&text, &len));
	config_init(&cfg);
	assert_int_equal(config_read(&cfg, "dist/kaohed.conf", errs), 0);
	fclose(errs);
	assert_string_equal(text, "");
	free(text);
	assert_string_equal(cfg.opt.db, "/var/lib/kaohe");
	for (size_t i = 0; i < config_nsettings; i++) {
		bool found = false;

		rewind(f);
		while (!found && fgets(line, sizeof line, f) != NULL) {
			const char *p = line[0] == '#' ? line + 1 : line;
			size_t n = strlen(config_settings[i].name);

			found = strncmp(p, config_settings[i].name, n) == 0 && strncmp(p + n, " = ", 3) == 0;
		}
		if (!found)
			fail_msg("dist/kaohed.conf does not mention %s", config_settings[i].name);
	}
	fclose(f);
	config_free(&cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_file),
		cmocka_unit_test(test_comments_and_blanks),
		cmocka_unit_test(test_every_value),
		cmocka_unit_test(test_flags_override_the_file),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_lines_that_are_not_settings),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_print_reads_back),
		cmocka_unit_test(test_example_file),
	};

	/* no i18n_init(): the messages stay the English ids */
	return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
