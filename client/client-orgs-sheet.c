/*
 * client-orgs-sheet.c: one unit's rubric sheet, laid out like the paper
 * 细则 (seed 004): each section's heading with its points, its items with
 * 标准分 / 自查分 / 扣分 / 得分; a checklist plan shows each line met or
 * not, by the unit's self-check and by the inspectors.  Where the unit's
 * self-check and the inspectors' score differ the row is marked "*" and
 * drawn in the warning look (yellow; bold without colours), because those
 * are the rows an inspection talks about.
 *
 * Enter opens an item: its 考核内容及标准, 评分方法, the deduction rules,
 * the findings with their evidence, and the notices about it.  The keys
 * that act (自查, 申请, 扣分, 检查完毕, 整改) open the forms of
 * client-orgs-notice.c or ask first; the server decides who may.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/score.h"
#include "common/util.h"
#include "client-model.h"
#include "client-net.h"
#include "client-orgs.h"
#include "client-text.h"
#include "client-ui.h"

/* ---- the rubric, flattened to items in rubric order ---- */

size_t
orgs_item_count(const struct rubric_sheets_reply_body *b)
{
	size_t n = 0;

	for (uint32_t s = 0; b != NULL && s < b->sections_n; s++)
		n += b->sections[s].items_n;
	return n;
}

const struct rubric_item *
orgs_item_at(const struct rubric_sheets_reply_body *b, size_t i)
{
	for (uint32_t s = 0; b != NULL && s < b->sections_n; s++) {
		if (i < b->sections[s].items_n)
			return &b->sections[s].items[i];
		i -= b->sections[s].items_n;
	}
	return NULL;
}

/* The self-check and the inspectors differ on an item. */
static bool
differs(bool checklist, const struct rubric_item_score *is)
{
	if (is == NULL || !is->self_set)
		return false;
	return checklist ? is->self_met != is->met : is->self != is->score;
}

static const char *
unit_name(struct ui *ui, struct orgs_state *os, uint64_t unit)
{
	for (uint32_t i = 0; os->list != NULL && i < os->list->rows_n; i++)
		if (os->list->rows[i].unit_id == unit)
			return os->list->rows[i].name;
	return model_unit_name(ui_model(ui), unit);
}

/* ---- the sheet ---- */

static void
sheet_head(struct ui *ui, struct orgs_state *os, int y)
{
	const struct rubric_sheets_reply_body *b = os->one;
	const struct rubric_sheet *sh = &b->sheet;
	char buf[800], pn[48], a[16], d[16], t[16], am[16];
	uint32_t open = 0, deducted = 0;
	int look;

	for (uint32_t i = 0; i < b->notices_n; i++)
		open += b->notices[i].state != 3;
	for (uint32_t i = 0; i < sh->sections_n; i++)
		deducted += sh->sections[i].deducted;
	period_name(b->period, pn, sizeof pn);
	snprintf(buf, sizeof buf, " %s  %s  %s  %s", unit_name(ui, os, sh->unit_id),
	    sh->category[0] != '\0' ? sh->category : _("uncategorised"), pn, b->plan_name);
	ui_put_cut(y, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	score_fmt(sh->self_total, a, sizeof a);
	score_fmt(deducted, d, sizeof d);
	score_fmt(sh->total, t, sizeof t);
	snprintf(buf, sizeof buf, _(" self %s  score %s (−%s)  tier %s  %s  %s  notices %u"), a, t, d,
	    sh->checked && sh->tier[0] != '\0' ? sh->tier : "—",
	    sh->applied ? _("✓ applied") : _("not applied"),
	    sh->checked ? _("✓ checked") : _("not checked"), open);
	ui_put_cut(y + 1, 0, COLS, buf, ui_attr(sh->checked ? UI_GOOD : UI_NORMAL), true, true);

	/* what this reader can do next, or the server's refusal */
	score_fmt(b->apply_min, am, sizeof am);
	look = UI_DIM;
	if (os->refusal[0] != '\0') {
		snprintf(buf, sizeof buf, _(" Failed: %s"), os->refusal);
		look = UI_ERROR;
	} else if (!b->open)
		snprintf(buf, sizeof buf, _(" This period takes no scores: %s"), b->why);
	else if (orgs_is_unit(ui, sh->unit_id)) {
		uint32_t missing = 0;

		for (uint32_t i = 0; i < sh->items_n; i++)
			missing += !sh->items[i].self_set;
		if (b->checklist)
			snprintf(buf, sizeof buf, _(" Self-check: e marks each line met or not%s"), missing > 0 ?
			    _(" (some lines are not self-checked yet)") : _(", all self-checked"));
		else
			snprintf(buf, sizeof buf, _(" To apply for inspection the self-check needs ≥ %s, now %s%s"),
			    am, a, missing > 0 ? _(" (some items are not self-checked yet)") : "");
		look = sh->applied ? UI_DIM : sh->self_total >= b->apply_min ? UI_GOOD : UI_WARN;
	} else if (orgs_is_inspector(ui))
		snprintf(buf, sizeof buf, ngettext(" %u deduction  %s", " %u deductions  %s", sh->findings),
		    sh->findings, sh->checked ? _("inspection done (O reopens)") :
		    _("press C when done: the score and tier become final"));
	else
		snprintf(buf, sizeof buf, ngettext(" %u deduction", " %u deductions", sh->findings),
		    sh->findings);
	ui_put_cut(y + 2, 0, COLS, buf, ui_attr(look), true, true);
}

/*
 * The sheet's lines, offered to its list: a section heading (SHEET_HEAD |
 * section) or an item (its index in rubric order).  A search is held
 * against "key name"; a heading stays while any item under it matches, so
 * an item found still shows its section.  A heading is never selected:
 * the selection steps past it the way it was going.
 */
#define SHEET_HEAD	0x80000000u

static void
item_text(const struct rubric_item *it, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", it->key, it->name);
}

static void
sheet_pick(struct orgs_state *os, long dir)
{
	struct list *l = &os->items;

	for (int pass = 0; pass < 2 && l->n > 0; pass++, dir = -dir)
		for (size_t k = l->sel < l->n ? l->sel : l->n - 1; k < l->n; k += (size_t)dir)
			if ((l->idx[k] & SHEET_HEAD) == 0) {
				l->sel = k;
				os->isel = l->idx[k];
				return;
			}
}

static void
sheet_offer(struct orgs_state *os)
{
	const struct rubric_sheets_reply_body *b = os->one;
	char text[600], found[600];
	uint32_t item = 0;

	list_begin(&os->items);
	for (uint32_t s = 0; s < b->sections_n; s++) {
		const struct rubric_section *sec = &b->sections[s];

		snprintf(text, sizeof text, "%s %s", sec->key, sec->name);
		for (uint32_t i = 0; i < sec->items_n && !list_match(os->items.find_utf8, text); i++) {
			item_text(orgs_item_at(b, item + i), found, sizeof found);
			if (list_match(os->items.find_utf8, found))
				strlcpy_kh(text, found, sizeof text);
		}
		list_offer(&os->items, SHEET_HEAD | s, SHEET_HEAD | s, text);
		for (uint32_t i = 0; i < sec->items_n; i++, item++) {
			item_text(orgs_item_at(b, item), text, sizeof text);
			list_offer(&os->items, item, item, text);
		}
	}
	list_end(&os->items);
	sheet_pick(os, 1);
}

static void
sheet_line(struct orgs_state *os, long l, int nw, char *buf, size_t len, bool *diff)
{
	const struct rubric_sheets_reply_body *b = os->one;
	char name[256], c[4][16];

	*diff = false;
	if (l < 0) {
		const struct rubric_section *sec = &b->sections[-1 - l];
		const struct rubric_section_score *ss = score_sheet_section(&b->sheet, sec->key);
		char head[300];

		snprintf(head, sizeof head, "%s %s", sec->key, sec->name);
		text_fit(head, nw, true, true, name, sizeof name);
		if (b->checklist) {
			snprintf(buf, len, " %s %9s", name, "");
			if (ss != NULL)
				snprintf(buf, len, " %s %4u/%-4u", name, ss->met, ss->lines);
			return;
		}
		score_fmt(sec->points, c[0], sizeof c[0]);
		score_fmt(ss != NULL ? ss->self : 0, c[1], sizeof c[1]);
		score_fmt(ss != NULL ? ss->deducted : 0, c[2], sizeof c[2]);
		score_fmt(ss != NULL ? ss->score : 0, c[3], sizeof c[3]);
		snprintf(buf, len, " %s %7s %7s %7s %7s", name, c[0], c[1], c[2], c[3]);
		return;
	}
	const struct rubric_item *it = orgs_item_at(b, (size_t)l);
	const struct rubric_item_score *is = score_sheet_item(&b->sheet, it->key);
	char head[300], n[16], self[32];

	*diff = differs(b->checklist, is);
	snprintf(head, sizeof head, "%s %s", it->key, it->name);
	text_fit(head, nw - 2, true, true, name, sizeof name);
	if (is != NULL && is->findings_n > 0)
		snprintf(n, sizeof n, "%u", is->findings_n);
	else
		snprintf(n, sizeof n, " ");
	if (b->checklist) {
		const char *self = is == NULL || !is->self_set ? "—" : is->self_met ? _("met") : _("unmet");
		const char *met = is == NULL ? "—" : is->met ? _("met") : _("unmet");
		char f1[16], f2[16];

		text_fit(self, 6, true, false, f1, sizeof f1);
		text_fit(met, 6, true, false, f2, sizeof f2);
		snprintf(buf, len, " %s %s %s %s %s", *diff ? "*" : " ", name, f1, f2, n);
		return;
	}
	score_fmt(it->standard, c[0], sizeof c[0]);
	if (is != NULL && is->self_set)
		score_fmt(is->self, c[1], sizeof c[1]);
	else
		snprintf(c[1], sizeof c[1], "—");
	score_fmt(is != NULL ? is->deducted : 0, c[2], sizeof c[2]);
	score_fmt(is != NULL ? is->score : it->standard, c[3], sizeof c[3]);
	orgs_rjust(c[1], 7, self, sizeof self);
	snprintf(buf, len, " %s %s %7s %s %7s %7s %s", *diff ? "*" : " ", name, c[0], self,
	    c[2], c[3], n);
}

void
orgs_sheet_draw(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	const struct rubric_sheets_reply_body *b = os->one;
	size_t nitems;
	int nw, r;
	char buf[600], head[256];
	bool diff, any_diff = false;

	if (b == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading the sheet…"), ui_attr(UI_DIM), false);
		return;
	}
	sheet_head(ui, os, y);
	y += 3;
	rows -= 3;
	nw = b->checklist ? COLS - 1 - 2 - 14 - 4 : COLS - 1 - 2 - 32 - 4;
	text_fit(b->checklist ? _("Section / line") : _("Section / item"), nw, true, false, head,
	    sizeof head);
	if (b->checklist)
		snprintf(buf, sizeof buf, _("   %s Self   Check  #"), head);
	else {
		char c[4][32];

		orgs_rjust(_("Max"), 7, c[0], sizeof c[0]);
		orgs_rjust(_("Self"), 7, c[1], sizeof c[1]);
		orgs_rjust(_("Ded."), 7, c[2], sizeof c[2]);
		orgs_rjust(_("Score"), 7, c[3], sizeof c[3]);
		snprintf(buf, sizeof buf, "   %s %s %s %s %s %s", head, c[0], c[1], c[2], c[3], _("#"));
	}
	ui_put(y++, 0, COLS, buf, ui_attr(UI_HEADER), true);
	rows -= 2;		/* the heading, the legend */
	nitems = orgs_item_count(b);
	if (nitems == 0) {
		ui_put(y + 1, 2, COLS - 4, _("This plan has no rubric"), ui_attr(UI_DIM), false);
		return;
	}
	if (os->isel >= nitems)
		os->isel = nitems - 1;
	sheet_offer(os);
	if (list_empty(&os->items) != NULL)
		ui_put(y + 1, 2, COLS - 4, list_empty(&os->items), ui_attr(UI_WARN), false);
	list_place(&os->items, y, 0, COLS, rows);
	/* keep the item's section heading in view with it */
	if (rows > 1 && os->items.sel == os->items.top && os->items.top > 0 &&
	    (os->items.idx[os->items.top - 1] & SHEET_HEAD) != 0)
		os->items.top--;
	for (r = 0; r < rows && os->items.top + (size_t)r < os->items.n; r++) {
		size_t k = os->items.top + (size_t)r;
		uint32_t v = os->items.idx[k];
		long l = (v & SHEET_HEAD) != 0 ? -1 - (long)(v & ~SHEET_HEAD) : (long)v;

		sheet_line(os, l, nw, buf, sizeof buf, &diff);
		ui_put_cut(y + r, 0, COLS, buf, l < 0 ? (int)(ui_attr(UI_NORMAL) | A_BOLD) :
		    ui_attr(k == os->items.sel ? UI_SELECTED : diff ? UI_WARN : UI_NORMAL), true, true);
	}
	for (size_t i = 0; i < nitems; i++) {
		bool d;

		sheet_line(os, (long)i, nw, buf, sizeof buf, &d);
		any_diff |= d;
	}
	ui_put(y + rows, 0, COLS, any_diff ?
	    _(" * self-check and inspection differ (highlighted); last column: deductions") :
	    _(" Last column: deductions; Enter opens an item: content, method, rules, evidence"),
	    ui_attr(UI_DIM), true);
}

/* ---- an item, opened ---- */

struct line {
	char	*text;
	int	 look;
	long	 finding;	/* its index, or -1 */
};

struct lines {
	struct line *l;
	size_t	 n, cap;
};

static void
add(struct lines *ls, const char *text, int look, long finding)
{
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? ls->cap * 2 : 64;
		ls->l = xrealloc(ls->l, ls->cap * sizeof *ls->l);
	}
	ls->l[ls->n++] = (struct line){ xstrdup(text), look, finding };
}

/* One paragraph broken at width columns, each line after indent. */
static void
add_wrapped(struct lines *ls, const char *indent, const char *text, int width, int look,
    long finding)
{
	size_t n, at = 0;
	wchar_t *w = text_decode_new(text, &n);
	int iw = text_width(indent);

	if (n == 0)
		add(ls, indent, look, finding);
	while (at < n) {
		size_t k = text_wrap(w + at, n - at, width);
		char *s = text_encode(w + at, k), line[1200];

		/* the lines after the first under the text, not the bullet */
		snprintf(line, sizeof line, "%*s%s", at == 0 ? 0 : iw, at == 0 ? indent : "", s);
		free(s);
		add(ls, line, look, finding);
		at += k;
		while (at < n && w[at] == L' ')
			at++;
	}
	free(w);
}

/* The paragraphs of a text, each wrapped: split at the line breaks first,
 * since decoding draws control characters as '?'. */
static void
add_text(struct lines *ls, const char *indent, const char *text, int width, int look)
{
	char *copy = xstrdup(text != NULL ? text : ""), *p = copy, *nl;
	bool any = false;

	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl = '\0';
		if (*p != '\0') {
			add_wrapped(ls, indent, p, width, look, -1);
			any = true;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (!any)
		add(ls, _("  (none)"), ui_attr(UI_DIM), -1);
	free(copy);
}

static const struct rubric_rule *
rule_of(const struct rubric_item *it, const char *key)
{
	for (uint32_t i = 0; i < it->rules_n; i++)
		if (strcmp(it->rules[i].key, key) == 0)
			return &it->rules[i];
	return NULL;
}

static void
rule_text(const struct rubric_rule *r, char *buf, size_t len)
{
	char p[16];

	score_fmt(r->points, p, sizeof p);
	if (r->once)
		snprintf(buf, len, _("%s (−%s, once)"), r->text, p);
	else
		snprintf(buf, len, _("%s (each %s: −%s)"), r->text, r->unit[0] ? r->unit : _("time"), p);
}

static void
item_lines(struct ui *ui, struct orgs_state *os, struct lines *ls)
{
	const struct rubric_sheets_reply_body *b = os->one;
	const struct rubric_item *it = orgs_item_at(b, os->isel);
	const struct rubric_item_score *is = score_sheet_item(&b->sheet, it->key);
	int width = COLS - 6;
	char buf[1200], c[4][16];

	snprintf(buf, sizeof buf, " %s %s", it->key, it->name);
	add(ls, buf, ui_attr(UI_NORMAL) | A_BOLD, -1);
	if (b->checklist)
		snprintf(buf, sizeof buf, _(" Self-check: %s  inspection: %s%s"),
		    is == NULL || !is->self_set ? _("not entered") : is->self_met ? _("met") : _("unmet"),
		    is == NULL || is->met ? _("met") : _("unmet"),
		    differs(true, is) ? _("  * self-check and inspection differ") : "");
	else {
		score_fmt(it->standard, c[0], sizeof c[0]);
		score_fmt(is != NULL ? is->self : 0, c[1], sizeof c[1]);
		score_fmt(is != NULL ? is->deducted : 0, c[2], sizeof c[2]);
		score_fmt(is != NULL ? is->score : it->standard, c[3], sizeof c[3]);
		snprintf(buf, sizeof buf, _(" Max %s  self %s  deducted %s  score %s%s"), c[0],
		    is != NULL && is->self_set ? c[1] : _("not entered"), c[2], c[3],
		    differs(false, is) ? _("  * self-check and score differ") : "");
	}
	add(ls, buf, ui_attr(differs(b->checklist, is) ? UI_WARN : UI_NORMAL), -1);
	add(ls, _(" Content and standard"), ui_attr(UI_HEADER), -1);
	add_text(ls, "   ", it->content, width, ui_attr(UI_NORMAL));
	add(ls, _(" Method"), ui_attr(UI_HEADER), -1);
	add_text(ls, "   ", it->method, width, ui_attr(UI_NORMAL));
	if (it->rules_n > 0)
		add(ls, _(" Scoring rules"), ui_attr(UI_HEADER), -1);
	for (uint32_t i = 0; i < it->rules_n; i++) {
		rule_text(&it->rules[i], buf, sizeof buf);
		add_wrapped(ls, "   · ", buf, width - 2, ui_attr(UI_NORMAL), -1);
	}
	snprintf(buf, sizeof buf, ngettext(" %u deduction", " %u deductions",
	    is != NULL ? is->findings_n : 0), is != NULL ? is->findings_n : 0);
	add(ls, buf, ui_attr(UI_HEADER), -1);
	for (uint32_t i = 0; is != NULL && i < is->findings_n; i++) {
		const struct rubric_finding *f = &is->findings[i];
		const struct rubric_rule *r = rule_of(it, f->rule);
		char p[16], when[32];

		score_fmt(f->points, p, sizeof p);
		ui_time(f->at, when, sizeof when);
		snprintf(buf, sizeof buf, _(" %s %s ×%u  −%s  %s %s"), i == os->fsel ? ">" : " ",
		    r != NULL ? r->text : f->rule, f->count, p, model_name(ui_model(ui), f->by), when);
		add(ls, buf, ui_attr(i == os->fsel ? UI_SELECTED : UI_NORMAL), (long)i);
		snprintf(buf, sizeof buf, _("Evidence: %s"), f->evidence);
		add_wrapped(ls, "     ", buf, width - 2, ui_attr(UI_NORMAL), (long)i);
	}
	for (uint32_t i = 0; i < b->notices_n; i++) {
		const struct rectify_rec *n = &b->notices[i];
		char d[16];

		if (strcmp(n->item, it->key) != 0)
			continue;
		orgs_date_fmt(n->deadline, d, sizeof d);
		snprintf(buf, sizeof buf, _("Rectification notice (%s, due %s%s): %s"),
		    orgs_notice_state(n->state), d,
		    orgs_notice_overdue(n, ui_today(ui)) ? _(", overdue") : "", n->problem);
		add_wrapped(ls, " ", buf, width, ui_attr(orgs_notice_overdue(n, ui_today(ui)) ?
		    UI_ERROR : UI_WARN), -1);
	}
}

void
orgs_item_draw(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	struct lines ls = { 0 };
	size_t first = 0, last = 0;
	bool have = false;

	if (os->one == NULL || orgs_item_at(os->one, os->isel) == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading…"), ui_attr(UI_DIM), false);
		return;
	}
	item_lines(ui, os, &ls);
	/* follow the selected finding after ↑↓ (ltop SIZE_MAX) */
	for (size_t i = 0; i < ls.n; i++)
		if (ls.l[i].finding == (long)os->fsel) {
			if (!have)
				first = i;
			last = i;
			have = true;
		}
	if (os->ltop == SIZE_MAX) {
		os->ltop = 0;
		if (have && last >= (size_t)rows)
			os->ltop = last - (size_t)rows + 1;
		if (have && first < os->ltop)
			os->ltop = first;
	}
	if (os->ltop + (size_t)rows > ls.n)
		os->ltop = ls.n > (size_t)rows ? ls.n - (size_t)rows : 0;
	for (int r = 0; r < rows && os->ltop + (size_t)r < ls.n; r++)
		ui_put_cut(y + r, 0, COLS, ls.l[os->ltop + (size_t)r].text,
		    ls.l[os->ltop + (size_t)r].look, true, true);
	for (size_t i = 0; i < ls.n; i++)
		free(ls.l[i].text);
	free(ls.l);
}

/* ---- keys ---- */

static void history_offer(struct orgs_state *);

/* Keys that act the same on the sheet and on an item. */
static bool
act_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	const struct rubric_sheets_reply_body *b = os->one;
	char a[16], m[16];

	if (is_key)
		return false;
	switch (ch) {
	case 'e':
		orgs_form_open(ui, os, OF_SELF);
		return true;
	case 'a':
		orgs_form_open(ui, os, OF_FINDING);
		return true;
	case 'A':
		if (!orgs_is_unit(ui, b->sheet.unit_id)) {
			ui_msg(ui, UI_WARN, _("Only the unit's head (or the assessment office) can apply for inspection"));
			return true;
		}
		score_fmt(b->sheet.self_total, a, sizeof a);
		score_fmt(b->apply_min, m, sizeof m);
		if (b->sheet.applied)
			ui_msg(ui, UI_NORMAL, _("Already applied for inspection"));
		else if (b->sheet.self_total < b->apply_min)
			ui_msg(ui, UI_WARN, _("The self-check total %s is below %s: no inspection can be applied for"), a, m);
		else
			ui_ask(ui, ASK_APPLY, _("Self-check total %s (needs ≥ %s): apply for inspection?"), a, m);
		return true;
	case 'C':
	case 'O':
		if (!orgs_is_inspector(ui)) {
			ui_msg(ui, UI_WARN, "%s", ch == 'C' ? _("Only the inspectors can finish an inspection") :
			    _("Only the inspectors can reopen a sheet"));
			return true;
		}
		score_fmt(b->sheet.total, a, sizeof a);
		if (ch == 'C')
			ui_ask(ui, ASK_CHECKED, _("Finish the inspection of %s, with %s as the final score in the ranking?"),
			    unit_name(ui, os, b->sheet.unit_id), a);
		else
			ui_ask(ui, ASK_REOPEN, _("Reopen the sheet of %s for more deductions?"),
			    unit_name(ui, os, b->sheet.unit_id));
		return true;
	}
	return false;
}

void
orgs_sheet_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	size_t n = orgs_item_count(os->one), old;
	enum list_act act;

	if (os->one == NULL) {
		if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT))
			os->view = ORGS_LIST;
		return;
	}
	sheet_offer(os);
	old = os->items.sel;
	act = list_key(&os->items, is_key, ch, &ui->mouse);
	if (act == LIST_DONE) {
		if (list_dirty(&os->items))
			sheet_offer(os);	/* the search changed: it picks an item */
		else
			sheet_pick(os, os->items.sel < old ? -1 : 1);
		return;
	}
	if (act == LIST_OPEN || (is_key && ch == KEY_RIGHT)) {
		if (n > 0 && os->items.n > 0) {
			/* scrolled as far as the first finding needs, if any */
			os->view = ORGS_ITEM;
			os->fsel = 0;
			os->ltop = SIZE_MAX;
		}
	} else if (!is_key && ch == 'n') {
		os->target = 0;
		os->target_item[0] = '\0';
		orgs_form_open(ui, os, OF_NOTICE);
	} else if (!is_key && ch == 'r') {
		orgs_ask_one(ui, os);
	} else if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT)) {
		os->view = ORGS_LIST;
	} else if (!is_key && ch == 'h') {
		os->view = ORGS_HISTORY;
		list_search_clear(&os->hist);
		os->hist.top = 0;
		history_offer(os);
		if (os->one->history_n > 0)
			list_select_key(&os->hist, os->one->history[os->one->history_n - 1].period);
	} else
		act_key(ui, os, is_key, ch);
}

/* ---- the unit's archive: its sheets of every period (过程化考核) ---- */

static void
history_line(const struct rubric_row *w, bool checklist, char *buf, size_t len)
{
	char pn[32], per[32], c[3][16], tier[32], rank[16], crank[16], n[16];

	period_name(w->period, pn, sizeof pn);
	text_fit(pn, 14, true, true, per, sizeof per);
	score_fmt(w->self_total, c[0], sizeof c[0]);
	score_fmt(w->deducted, c[1], sizeof c[1]);
	score_fmt(w->total, c[2], sizeof c[2]);
	text_fit(w->tier[0] != '\0' ? w->tier : "—", 6, true, false, tier, sizeof tier);
	orgs_rank_label(w->rank, w->tied, w->checked, rank, sizeof rank);
	orgs_rank_label(w->category_rank, w->category_tied, w->checked, crank, sizeof crank);
	snprintf(n, sizeof n, "%u", w->open_notices);
	if (checklist)
		snprintf(buf, len, " %s %7u %s %s", per, w->findings, w->checked ? _("checked") : _("unchecked"),
		    w->open_notices > 0 ? n : "");
	else
		snprintf(buf, len, " %s %7s %7s %7s %s %-7s %-7s %s", per, c[0], c[1], c[2], tier,
		    rank, crank, w->open_notices > 0 ? n : "");
}

/* The periods, oldest first, as their lines show them. */
static void
history_offer(struct orgs_state *os)
{
	const struct rubric_sheets_reply_body *b = os->one;
	char buf[300];

	list_begin(&os->hist);
	for (uint32_t k = 0; k < b->history_n; k++) {
		history_line(&b->history[k], b->checklist, buf, sizeof buf);
		list_offer(&os->hist, k, b->history[k].period, buf);
	}
	list_end(&os->hist);
}

void
orgs_history_draw(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	const struct rubric_sheets_reply_body *b = os->one;
	char buf[300], per[32];
	int r;

	if (b == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("Loading…"), ui_attr(UI_DIM), false);
		return;
	}
	snprintf(buf, sizeof buf, _(" %s: every period's assessment"), unit_name(ui, os, b->sheet.unit_id));
	ui_put_cut(y, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	text_fit(_("Period"), 14, true, false, per, sizeof per);
	if (b->checklist)
		snprintf(buf, sizeof buf, _(" %s Deduct. State     Open"), per);
	else {
		char c[6][32];

		orgs_rjust(_("Self"), 7, c[0], sizeof c[0]);
		orgs_rjust(_("Ded."), 7, c[1], sizeof c[1]);
		orgs_rjust(_("Score"), 7, c[2], sizeof c[2]);
		text_fit(_("Tier"), 6, true, false, c[3], sizeof c[3]);
		text_fit(_("Rank"), 7, true, false, c[4], sizeof c[4]);
		text_fit(_("In cat."), 7, true, false, c[5], sizeof c[5]);
		snprintf(buf, sizeof buf, " %s %s %s %s %s %s %s %s", per, c[0], c[1], c[2], c[3], c[4],
		    c[5], _("Open"));
	}
	ui_put(y + 2, 0, COLS, buf, ui_attr(UI_HEADER), true);
	y += 3;
	rows -= 4;
	if (b->history_n == 0) {
		ui_put(y + 1, 2, COLS - 4, _("This unit has no assessments yet"), ui_attr(UI_DIM), false);
		return;
	}
	history_offer(os);
	if (list_empty(&os->hist) != NULL)
		ui_put(y + 1, 2, COLS - 4, list_empty(&os->hist), ui_attr(UI_WARN), false);
	list_place(&os->hist, y, 0, COLS, rows);
	for (r = 0; r < rows && os->hist.top + (size_t)r < os->hist.n; r++) {
		size_t i = os->hist.top + (size_t)r, k = list_at(&os->hist, i);

		history_line(&b->history[k], b->checklist, buf, sizeof buf);
		ui_put_cut(y + r, 0, COLS, buf, ui_attr(i == os->hist.sel ? UI_SELECTED :
		    b->history[k].period == b->period ? UI_HEADER : UI_NORMAL), true, true);
	}
	ui_put(y + rows, 0, COLS, _(" Oldest first; ranks among that period's checked units; Enter opens it"),
	    ui_attr(UI_DIM), true);
}

void
orgs_history_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	size_t k;

	if (os->one != NULL) {
		history_offer(os);
		switch (list_key(&os->hist, is_key, ch, &ui->mouse)) {
		case LIST_DONE:
			if (list_dirty(&os->hist))
				history_offer(os);
			return;
		case LIST_OPEN:
			if ((k = list_cur(&os->hist)) != LIST_NONE)
				orgs_open_period(ui, os, os->one->history[k].period);
			return;
		case LIST_PASS:
			break;
		}
	}
	if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT))
		os->view = ORGS_SHEET;
}

void
orgs_item_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	const struct rubric_item *it = orgs_item_at(os->one, os->isel);
	const struct rubric_item_score *is = it != NULL ? score_sheet_item(&os->one->sheet, it->key) :
	    NULL;
	uint32_t nf = is != NULL ? is->findings_n : 0;

	if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT)) {
		os->view = ORGS_SHEET;
		return;
	}
	if (it == NULL)
		return;
	if ((is_key && ch == KEY_UP) || (!is_key && ch == 'k')) {
		if (os->fsel > 0)
			os->fsel--;
		os->ltop = nf > 0 ? SIZE_MAX : os->ltop > 0 ? os->ltop - 1 : 0;
	} else if ((is_key && ch == KEY_DOWN) || (!is_key && ch == 'j')) {
		if (os->fsel + 1 < nf)
			os->fsel++;
		os->ltop = nf > 0 ? SIZE_MAX : os->ltop + 1;
	} else if (is_key && (ch == KEY_NPAGE || ch == KEY_PPAGE)) {
		size_t page = (size_t)(ui_rows() > 2 ? ui_rows() - 2 : 1);

		os->ltop = ch == KEY_NPAGE ? os->ltop + page : os->ltop > page ? os->ltop - page : 0;
	} else if (!is_key && ch == 'd') {
		if (!orgs_is_inspector(ui))
			ui_msg(ui, UI_WARN, _("Only the inspectors can delete deductions"));
		else if (os->fsel >= nf)
			ui_msg(ui, UI_NORMAL, _("This item has no deductions"));
		else {
			const struct rubric_rule *r = rule_of(it, is->findings[os->fsel].rule);

			os->target = is->findings[os->fsel].id;
			ui_ask(ui, ASK_DELETE, _("Delete the deduction “%s ×%u”?"), r != NULL ? r->text :
			    is->findings[os->fsel].rule, is->findings[os->fsel].count);
		}
	} else if (!is_key && ch == 'n') {
		/* from the finding selected, else about the item */
		os->target = os->fsel < nf ? is->findings[os->fsel].id : 0;
		strlcpy_kh(os->target_item, it->key, sizeof os->target_item);
		orgs_form_open(ui, os, OF_NOTICE);
	} else
		act_key(ui, os, is_key, ch);
}
