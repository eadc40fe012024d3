/*
 * i18n.h: every message a person reads goes through gettext.
 *
 * The message ids are English; po/zh_CN.po gives the Chinese.  A program
 * calls i18n_init() once, before it prints anything: it takes the language
 * from the locale (LC_ALL, LC_MESSAGES, LANG), so zh_CN gives Chinese and
 * everything else English.
 *
 *	_("text")	translate now
 *	N_("text")	mark for translation, translate later with _() (tables)
 *	ngettext()	plural forms, for English ("1 record", "2 records")
 *
 * Words that are data (people's names, units, the plans' own item texts)
 * are never translated; the fixed vocabulary of the domain (grades, roles,
 * states) is, through the tables in common/domain.c.
 */
#ifndef KAOHE_I18N_H
#define KAOHE_I18N_H

#include <libintl.h>
#include <locale.h>
#include <stdbool.h>

#define KAOHE_TEXTDOMAIN "kaohe"

#define _(s)	gettext(s)
#define N_(s)	(s)
/* A message whose English says different things in different places ("no"
 * as an answer, "no" as "not all in"): the context keeps them apart in the
 * catalogue (msgctxt), as pgettext does. */
#define C_(ctx, s)	i18n_ctx(ctx "\004" s, s)

/* gettext, except that "" stays "" (gettext("") is the catalogue's header)
 * and NULL gives "": for messages kept in tables or records, which may be
 * empty.  Text that is no message id comes back unchanged. */
const char *i18n_tr(const char *msgid);

/* gettext of "CONTEXT\004MSGID", or MSGID when the catalogue has none. */
const char *i18n_ctx(const char *key, const char *msgid);

/* setlocale(LC_ALL, "") and bind the text domain.  The catalogues are found
 * in $KAOHE_LOCALEDIR if set, else beside the program (the build tree's
 * BUILD/locale, for a program in BUILD or BUILD/tests), else in LOCALEDIR,
 * where make install puts them.  Returns the directory used. */
const char *i18n_init(void);

/* True when messages come out in Chinese (the locale's language is zh). */
bool	 i18n_chinese(void);

/* A locale_t for LANG ("zh_CN", "en", "" for the process's own), for the
 * server, which answers each client in the client's language: the caller
 * uselocale()s it around the work for that client.  Unknown or missing
 * locales give English; the result is cached and never freed. */
locale_t i18n_locale(const char *lang);

/* The language of this process's messages as a short tag for the wire:
 * "zh_CN" or "en". */
const char *i18n_lang(void);

#endif
