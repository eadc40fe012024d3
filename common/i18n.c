/*
 * i18n.c: finding the message catalogues and choosing a language.
 */
#include "common/i18n.h"
#include "common/util.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX];

/* True if DIR holds our Chinese catalogue. */
static bool
has_catalogue(const char *dir)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/zh_CN/LC_MESSAGES/" KAOHE_TEXTDOMAIN ".mo", dir);
	return access(path, R_OK) == 0;
}

/* The build tree keeps its catalogues in BUILD/locale: look beside the
 * running program and one directory up (for BUILD/tests/...). */
static bool
beside_program(char *out, size_t len)
{
	char exe[PATH_MAX], cand[PATH_MAX + 16];
	ssize_t n;
	char *slash;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		if ((slash = strrchr(exe, '/')) == NULL)
			return false;
		*slash = '\0';
		snprintf(cand, sizeof(cand), "%s/locale", exe[0] ? exe : "/");
		if (has_catalogue(cand)) {
			strlcpy_kh(out, cand, len);
			return true;
		}
	}
	return false;
}

const char *
i18n_init(void)
{
	const char *env = getenv("KAOHE_LOCALEDIR");

	setlocale(LC_ALL, "");
	if (env != NULL && env[0] != '\0')
		snprintf(localedir, sizeof(localedir), "%s", env);
	else if (!beside_program(localedir, sizeof(localedir)))
		snprintf(localedir, sizeof(localedir), "%s", LOCALEDIR);
	bindtextdomain(KAOHE_TEXTDOMAIN, localedir);
	bind_textdomain_codeset(KAOHE_TEXTDOMAIN, "UTF-8");
	textdomain(KAOHE_TEXTDOMAIN);
	return localedir;
}

const char *
i18n_ctx(const char *key, const char *msgid)
{
	const char *t = gettext(key);

	return t == key ? msgid : t;
}

const char *
i18n_tr(const char *msgid)
{
	if (msgid == NULL)
		return "";
	return msgid[0] != '\0' ? gettext(msgid) : msgid;
}

static bool
lang_is_chinese(const char *name)
{
	return name != NULL && strncmp(name, "zh", 2) == 0;
}

bool
i18n_chinese(void)
{
	return lang_is_chinese(setlocale(LC_MESSAGES, NULL));
}

const char *
i18n_lang(void)
{
	return i18n_chinese() ? "zh_CN" : "en";
}

locale_t
i18n_locale(const char *lang)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static locale_t zh, en;
	locale_t l;

	if (lang == NULL || lang[0] == '\0')
		return LC_GLOBAL_LOCALE;
	pthread_mutex_lock(&mu);
	if (lang_is_chinese(lang)) {
		if (zh == (locale_t)0)
			zh = newlocale(LC_ALL_MASK, "zh_CN.UTF-8", (locale_t)0);
		l = zh;
	} else {
		l = (locale_t)0;
	}
	if (l == (locale_t)0) {
		/* English, or Chinese on a machine without that locale:
		 * C.UTF-8 gives the message ids themselves. */
		if (en == (locale_t)0)
			en = newlocale(LC_ALL_MASK, "C.UTF-8", (locale_t)0);
		l = en != (locale_t)0 ? en : LC_GLOBAL_LOCALE;
	}
	pthread_mutex_unlock(&mu);
	return l;
}
