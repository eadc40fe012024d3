/*
 * ledger.h: points ledgers (积分台账): the 党员先锋指数 (vanguard index) and
 * the 党代表考核积分 (a delegate's duty points) of seeds 002 and 003.
 *
 * A ledger is data (one YAML file each in schema/ledgers, docs/ledgers.md): a key, a name
 * and items, each worth a fixed number of points added or taken off.  An
 * entry is dated and has a reason; it is either one of the ledger's items,
 * whose points and direction it then carries, or a free entry with points
 * of its own.  The rules of an entry live here so that the client checks as
 * the user types exactly what the server checks on LEDGER_PUT.
 */
#ifndef KAOHE_LEDGER_H
#define KAOHE_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

#include "common/schema.h"

#define LEDGER_POINTS_MAX	100000	/* 1000.00 points, in hundredths */
#define LEDGER_REASON_MAX	500	/* bytes of UTF-8 */

/* The definition with that key among n, or NULL. */
const struct ledger_def	 *ledger_def_find(const struct ledger_def *defs, uint32_t n, const char *key);
/* The item with that key, or NULL. */
const struct ledger_item *ledger_item_find(const struct ledger_def *, const char *key);

/* Whether e may be entered in ledger d on day today (YYYYMMDD): a valid
 * date not after today, points 0 < p <= 1000.00, a reason of one line and
 * at most 500 bytes, and for an item entry the item's points and 扣分.
 * Who may enter it, the person and the period's lock are the server's
 * business.  0, or -1 with *field (a ledger_rec field name) and *why (a
 * reason in the language of the messages, static) set. */
int	ledger_entry_check(const struct ledger_rec *e, const struct ledger_def *d, uint32_t today,
	    const char **field, const char **why);

/* Whether a loaded definition is sound: a key of [a-z0-9-], a name, at
 * least one item, item keys unique and of [a-z0-9-], names, points in
 * range.  0, or -1 with *line (0 for the whole file) and why (written to
 * buf) for the first problem. */
int	ledger_def_check(const struct ledger_def *d, uint32_t *line, char *buf, size_t len);

/* "+2.5", "-1", "0" for a signed hundredths value. */
void	ledger_points_format(int64_t v, char *buf, size_t len);

#endif
