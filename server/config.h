/*
 * config.h: kaohed's settings, from its configuration file and its command
 * line.
 *
 * Every setting has one name, used both as the long option (--session-ttl
 * 600) and as the key in the file (session-ttl = 600), and one table entry
 * below that says how its value is read and checked.  kaohed reads the file
 * first (default CONFIG_FILE, or --config FILE, or none with --no-config),
 * then applies its command line, so a flag always overrides the file.
 *
 * The file is INI as read by inih (libinih): one "name = value" a line,
 * optionally under a [kaohed] section; lines starting with # or ; are
 * comments, and so is the rest of a line after " ;" or " #".  A value may be
 * written in double quotes.  Booleans are yes/no, true/false, on/off or 1/0.
 * Each mistake (an unknown name, a bad value, a name set twice, a line that
 * is not a setting) is reported as "FILE:LINE: reason", and any mistake
 * stops kaohed before it opens the database.
 */
#ifndef KAOHE_CONFIG_H
#define KAOHE_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "server.h"

#ifndef SYSCONFDIR
#define SYSCONFDIR "/etc"
#endif
#define CONFIG_FILE	SYSCONFDIR "/kaohe/kaohed.conf"
/* CONFIG_FILE as config.o was built (make SYSCONFDIR=...). */
extern const char config_default_file[];

enum config_type {
	CONFIG_STRING,		/* any non-empty text: a path, an endpoint */
	CONFIG_BOOL,		/* yes/no; as a flag, --quiet or --quiet=no */
	CONFIG_NUMBER,		/* a whole number from min to max */
	CONFIG_LOG,		/* stderr or syslog */
};

struct config_setting {
	const char	*name;		/* the long option and the key */
	int		 short_opt;	/* 'd' for -d, or 0 */
	enum config_type type;
	const char	*arg;		/* the value's name in --help: DIR, N ... */
	const char	*help;		/* N_(): one or more lines for --help */
	unsigned long long min, max;	/* CONFIG_NUMBER only */
};

extern const struct config_setting config_settings[];
extern const size_t config_nsettings;

/* The settings in effect, and the strings they point to. */
struct config {
	struct server_options opt;
	char		*str[4];	/* copies of db, listen, pub, keys */
	const char	*file;		/* the file read, NULL if none */
	unsigned	 line[32];	/* where each setting was set in it; 0: not */
};

/* kaohed's defaults: ./kaohe.db, the default endpoints, logs to stderr. */
void	config_init(struct config *);
void	config_free(struct config *);

/* The setting called name (a long option or a key), or NULL. */
const struct config_setting *config_find(const char *name);

/* Set one setting from its text.  0, or -1 with the reason in err (a
 * sentence without the setting's name: the caller adds where it was). */
int	config_set(struct config *, const struct config_setting *, const char *value,
	    char *err, size_t errlen);

/* Read path into cfg.  Each mistake goes to errs as "PATH:LINE: reason".
 * Returns the number of mistakes (0: all was read), or -1 if the file
 * cannot be opened (errno set; nothing printed). */
int	config_read(struct config *, const char *path, FILE *errs);

/* Write the settings in effect as a file kaohed could read back. */
void	config_print(const struct config *, FILE *);

#endif
