/*
 * i18n-fixture.c: the language of the messages, for tests (see
 * i18n-fixture.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/i18n.h"
#include "i18n-fixture.h"

void
test_i18n_chinese(void)
{
	i18n_init();
	if (setlocale(LC_ALL, "zh_CN.UTF-8") == NULL || !i18n_chinese()) {
		fprintf(stderr, "the zh_CN.UTF-8 locale is missing: make deps (locales)\n");
		exit(1);
	}
	if (strcmp(_("No such unit"), "No such unit") == 0) {
		fprintf(stderr, "no Chinese catalogue beside the test (make test-progs)\n");
		exit(1);
	}
}

void
test_i18n_english(void)
{
	uselocale(i18n_locale("en"));
}

void
test_i18n_process(void)
{
	uselocale(LC_GLOBAL_LOCALE);
}
