/*
 * ledger.c: the rules of a points ledger's entries and definitions (see
 * ledger.h).  Shared by kaohed, kaohectl and the client.
 */
#include <stdio.h>
#include <string.h>

#include "common/i18n.h"
#include "common/ledger.h"
#include "common/util.h"

const struct ledger_def *
ledger_def_find(const struct ledger_def *defs, uint32_t n, const char *key)
{
	for (uint32_t i = 0; i < n && key != NULL; i++)
		if (strcmp(defs[i].key, key) == 0)
			return &defs[i];
	return NULL;
}

const struct ledger_item *
ledger_item_find(const struct ledger_def *d, const char *key)
{
	for (uint32_t i = 0; d != NULL && key != NULL && i < d->items_n; i++)
		if (strcmp(d->items[i].key, key) == 0)
			return &d->items[i];
	return NULL;
}

/* Text of one line: no control characters (a reason is shown in a row). */
static bool
one_line(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static int
refuse(const char **field, const char **why, const char *f, const char *w)
{
	*field = f;
	*why = w;
	return -1;
}

int
ledger_entry_check(const struct ledger_rec *e, const struct ledger_def *d, uint32_t today,
    const char **field, const char **why)
{
	const char *reason = e->reason != NULL ? e->reason : "";
	const struct ledger_item *it = NULL;

	if (d == NULL)
		return refuse(field, why, "ledger", _("No such points ledger"));
	if (e->item != NULL && e->item[0] != '\0' && (it = ledger_item_find(d, e->item)) == NULL)
		return refuse(field, why, "item", _("The ledger has no such item"));
	if (!day_valid(e->date))
		return refuse(field, why, "date", _("Wrong date: it should be YYYY-MM-DD"));
	if (e->date > today)
		return refuse(field, why, "date", _("Cannot enter a date after today"));
	if (e->points == 0)
		return refuse(field, why, "points", _("Points must be above 0"));
	if (e->points > LEDGER_POINTS_MAX)
		return refuse(field, why, "points", _("Points cannot exceed 1000"));
	if (it != NULL && (e->points != it->points || e->deduct != it->deduct))
		return refuse(field, why, "points",
		    _("The ledger sets this item's points and direction: they cannot change"));
	if (reason[0] == '\0')
		return refuse(field, why, "reason", _("Enter a reason"));
	if (strlen(reason) > LEDGER_REASON_MAX)
		return refuse(field, why, "reason",
		    _("Reason too long: at most 500 bytes (about 166 Chinese characters)"));
	if (!utf8_valid(reason, strlen(reason)) || !one_line(reason))
		return refuse(field, why, "reason", _("The reason must be one line of text"));
	return 0;
}

/* A key of a ledger or item: lower-case letters, digits and '-'. */
static bool
key_valid(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

int
ledger_def_check(const struct ledger_def *d, uint32_t *line, char *buf, size_t len)
{
	*line = d->line;
	if (!key_valid(d->key)) {
		snprintf(buf, len, "key \"%s\" should be lower-case letters, digits and -", d->key);
		return -1;
	}
	if (d->name == NULL || d->name[0] == '\0') {
		snprintf(buf, len, "the ledger has no name");
		return -1;
	}
	if (d->items_n == 0) {
		snprintf(buf, len, "the ledger has no items");
		return -1;
	}
	for (uint32_t i = 0; i < d->items_n; i++) {
		const struct ledger_item *it = &d->items[i];

		*line = it->line;
		if (!key_valid(it->key)) {
			snprintf(buf, len, "item key \"%s\" should be lower-case letters, digits and -",
			    it->key);
			return -1;
		}
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(d->items[j].key, it->key) == 0) {
				snprintf(buf, len, "item key %s is given twice (first on line %u)",
				    it->key, d->items[j].line);
				return -1;
			}
		if (it->name == NULL || it->name[0] == '\0' || !one_line(it->name)) {
			snprintf(buf, len, "item %s needs a name of one line", it->key);
			return -1;
		}
		if (it->points == 0 || it->points > LEDGER_POINTS_MAX) {
			snprintf(buf, len, "item %s: points should be above 0 and at most 1000", it->key);
			return -1;
		}
	}
	return 0;
}

void
ledger_points_format(int64_t v, char *buf, size_t len)
{
	uint64_t m = v < 0 ? (uint64_t)-v : (uint64_t)v;

	snprintf(buf, len, "%s%llu.%02llu", v < 0 ? "-" : v > 0 ? "+" : "",
	    (unsigned long long)(m / 100), (unsigned long long)(m % 100));
}
