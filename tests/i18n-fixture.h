/*
 * i18n-fixture.h: the language of the messages, for tests that check them.
 *
 * The tests run under LANG=C.UTF-8 (tests/run.sh), where kaohe speaks
 * English; most of their expectations are the Chinese of po/zh_CN.po.
 */
#ifndef KAOHE_I18N_FIXTURE_H
#define KAOHE_I18N_FIXTURE_H

/* Chinese for the whole process: the zh_CN.UTF-8 locale and the build
 * tree's catalogue (BUILD/locale, found beside BUILD/tests).  Exits with a
 * message if the locale is not installed (make deps: locales). */
void	test_i18n_chinese(void);
/* The calling thread in English, or in the process's language again. */
void	test_i18n_english(void);
void	test_i18n_process(void);

#endif
