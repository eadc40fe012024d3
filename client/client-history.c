/*
 * client-history.c: the versions of a record (see client-history.h).
 *
 * A record changes state in place (submitted, filed, signed), so its
 * versions are its corrections: each one a new record naming the one it
 * supersedes, with who corrected it, when and why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/forms.h"
#include "common/i18n.h"
#include "common/util.h"
#include "client-history.h"
#include "client-model.h"
#include "client-net.h"
#include "client-ui.h"

#define LIST_ROWS	5

void
history_clear(struct history *h)
{
	schema_free_array(&doc_desc, h->docs, h->n);
	h->docs = NULL;
	h->n = 0;
	h->top = 0;
	list_free(&h->list);
	list_search_clear(&h->list);
	h->list.sel = h->list.top = 0;
	tb_free(&h->tb);
}

void
history_request(struct ui *ui, struct history *h, uint64_t id)
{
	history_clear(h);
	h->reqid = client_net_request(ui->net, MSG_HISTORY, &(struct history_body){ .id = id });
}

/* A version's line in the list. */
static void
version_line(struct model *m, const struct doc *d, size_t i, char *buf, size_t len)
{
	char t[32];

	ui_time(d->supersedes ? d->reviewed_at : d->updated_at, t, sizeof t);
	if (d->supersedes != 0)
		snprintf(buf, len, _("Version %zu  %s  corrected by %s: %s"), i + 1, t,
		    model_name(m, d->reviewed_by), d->correction_reason ? d->correction_reason : "");
	else
		snprintf(buf, len, _("Version %zu  %s  written by %s, %s"), i + 1, t,
		    model_name(m, d->author), doc_state_name(d->state));
}

static void
offer(struct model *m, struct history *h)
{
	char buf[1200];

	list_begin(&h->list);
	for (uint32_t i = 0; i < h->n; i++) {
		version_line(m, &h->docs[i], i, buf, sizeof buf);
		list_offer(&h->list, i, h->docs[i].id, buf);
	}
	list_end(&h->list);
}

void
history_draw(struct ui *ui, struct history *h, int y, int rows, int w)
{
	struct model *m = ui_model(ui);
	int list, body;
	size_t cur;
	char buf[1200];

	if (h->docs == NULL) {
		ui_put(y, 2, w - 4, _("Reading the history..."), ui_attr(UI_DIM), false);
		return;
	}
	offer(m, h);
	list = h->list.n < LIST_ROWS ? (h->list.n > 0 ? (int)h->list.n : 1) : LIST_ROWS;
	if (list_empty(&h->list) != NULL)
		ui_put(y, 2, w - 4, list_empty(&h->list), ui_attr(UI_WARN), false);
	list_place(&h->list, y, 1, w - 2, list);
	for (int r = 0; r < list && h->list.top + (size_t)r < h->list.n; r++) {
		size_t k = h->list.top + (size_t)r, i = list_at(&h->list, k);

		version_line(m, &h->docs[i], i, buf, sizeof buf);
		ui_put_cut(y + r, 1, w - 2, buf, ui_attr(k == h->list.sel ? UI_SELECTED : UI_NORMAL),
		    true, true);
	}
	attron(ui_attr(UI_DIM));
	mvhline(y + list, 0, ACS_HLINE, COLS);
	attroff(ui_attr(UI_DIM));
	tb_reset(&h->tb, w - 2);
	if ((cur = list_cur(&h->list)) != LIST_NONE) {
		if (cur + 1 < h->n)
			tb_text(&h->tb, UI_WARN, 0, _("(a later correction replaced this version)"));
		doc_render(&h->tb, m, &h->docs[cur]);
	}
	body = rows - list - 1;
	if (h->tb.n <= (size_t)body)
		h->top = 0;
	else if (h->top > h->tb.n - (size_t)body)
		h->top = h->tb.n - (size_t)body;
	tb_draw(&h->tb, y + list + 1, 1, body, h->top);
}

bool
history_key(struct ui *ui, struct history *h, bool is_key, wint_t ch)
{
	/* the pages scroll the version shown, not the list */
	if (!list_typing(&h->list) && ((is_key && ch == KEY_NPAGE) || (!is_key && ch == ' '))) {
		h->top += 5;
		return true;
	}
	if (!list_typing(&h->list) && is_key && ch == KEY_PPAGE) {
		h->top = h->top > 5 ? h->top - 5 : 0;
		return true;
	}
	switch (list_key(&h->list, is_key, ch, &ui->mouse)) {
	case LIST_DONE:
		h->top = 0;
		if (list_dirty(&h->list) && h->docs != NULL)
			offer(ui_model(ui), h);	/* the key bar counts what the search leaves */
		return true;
	case LIST_OPEN:
		return true;
	case LIST_PASS:
		break;
	}
	return !((!is_key && (ch == 27 || ch == 'h')) || (is_key && ch == KEY_LEFT));
}

bool
history_event(struct ui *ui, struct history *h, const struct net_event *ev, bool *failed)
{
	char why[800];

	*failed = false;
	if (ev->reqid == 0 || ev->reqid != h->reqid)
		return false;
	h->reqid = 0;
	if (ev->type != NET_EV_READ_OK) {
		ui_error_text(ev, why, sizeof why);
		ui_msg(ui, UI_ERROR, _("Reading the history failed: %s"), why);
		*failed = true;
		return true;
	}
	history_clear(h);
	h->docs = xcalloc(ev->ndocs ? ev->ndocs : 1, sizeof *h->docs);
	for (uint32_t i = 0; i < ev->ndocs; i++)
		schema_copy(&doc_desc, &h->docs[i], &ev->docs[i]);
	h->n = ev->ndocs;
	/* the newest selected */
	offer(ui_model(ui), h);
	if (h->n > 0)
		list_select_key(&h->list, h->docs[h->n - 1].id);
	ui_msg(ui, UI_NORMAL, ngettext("%u version, the newest last; ↑↓ choose one, Esc back",
	    "%u versions, the newest last; ↑↓ choose one, Esc back", ev->ndocs), ev->ndocs);
	return true;
}
