/*
 * export-rubric.c: the organisations' tables of an export (export.h): one
 * unit's sheet in the layout of the 考核细则 (seed 004: 项目 / 目标 / 考核
 * 内容及标准 / 标准分 / 评分方法 / 自查分 / 扣分 / 得分, with each finding's
 * rule and evidence as the 扣分说明), section subtotals, the total and the
 * tier; and the ranking of the units (分类型排名 beside the overall one).
 * Every figure is the reply's own: nothing is scored again here, only the
 * deductions of the sections are added up for the total's 扣分.
 */
#include <stdio.h>
#include <string.h>

#include "export-int.h"
#include "i18n.h"
#include "period.h"
#include "plan.h"
#include "score.h"
#include "util.h"

enum { C_SECTION, C_ITEM, C_CONTENT, C_STANDARD, C_METHOD, C_SELF, C_DEDUCTED, C_SCORE,
	C_NOTE, C_NCOLS };

static const char *const sheet_head[] = { N_("Section"), N_("Goal"), N_("Content and standard"),
	N_("Standard"), N_("Scoring method"), N_("Self-assessed score"), N_("Deducted"), N_("Score"),
	N_("Deductions explained"), NULL };

/* 一、 to 十、, then digits: the paper's numbering of the sections. */
static void
section_label(struct export_row *r, uint32_t i, const struct rubric_section *s)
{
	static const char *const numerals[] = { N_("1"), N_("2"), N_("3"), N_("4"), N_("5"),
		N_("6"), N_("7"), N_("8"), N_("9"), N_("10") };
	char points[16];

	plan_hundredths_format(s->points, points, sizeof points);
	if (i < nitems(numerals))
		ex_text(r, C_SECTION, _("%s. %s (%s points)"), _(numerals[i]), s->name, points);
	else
		ex_text(r, C_SECTION, _("%u. %s (%s points)"), i + 1, s->name, points);
}

/* The 扣分说明: each finding as its rule, how often, what it took off and
 * the evidence, "；" between them. */
static void
findings_note(struct export_row *r, const struct rubric_item *it, const struct rubric_item_score *is)
{
	struct kbuf b = { 0 };
	char pts[16], times[16];

	for (uint32_t i = 0; i < is->findings_n; i++) {
		const struct rubric_finding *f = &is->findings[i];
		const char *rule = f->rule;

		for (uint32_t k = 0; k < it->rules_n; k++)
			if (strcmp(it->rules[k].key, f->rule) == 0)
				rule = it->rules[k].text;
		plan_hundredths_format(f->points, pts, sizeof pts);
		if (f->count > 1)
			snprintf(times, sizeof times, " ×%u", f->count);
		else
			times[0] = '\0';
		/* the first finding, then each next one after a separator */
		if (f->evidence[0] != '\0')
			kbuf_printf(&b, i == 0 ? _("%s%s (%s points off): %s") :
			    _("; %s%s (%s points off): %s"), rule, times, pts, f->evidence);
		else
			kbuf_printf(&b, i == 0 ? _("%s%s (%s points off)") : _("; %s%s (%s points off)"),
			    rule, times, pts);
	}
	if (b.len > 0)
		ex_text(r, C_NOTE, "%s", b.data);
	kbuf_free(&b);
}

static void
item_row(struct export_table *t, const struct rubric_sheets_reply_body *rs, uint32_t si,
    const struct rubric_item *it)
{
	const struct rubric_item_score *is = score_sheet_item(&rs->sheet, it->key);
	struct export_row *r = ex_row(t, EXPORT_BODY);

	section_label(r, si, &rs->sections[si]);
	ex_text(r, C_ITEM, "%s", it->name);
	ex_text(r, C_CONTENT, "%s", it->content);
	ex_text(r, C_METHOD, "%s", it->method);
	if (!rs->checklist)
		ex_num(r, C_STANDARD, it->standard);
	if (is == NULL)
		return;
	if (rs->checklist) {
		if (is->self_set)
			ex_text(r, C_SELF, "%s", is->self_met ? _("Up to standard") : _("Not up to standard"));
		ex_text(r, C_SCORE, "%s", is->met ? _("Up to standard") : _("Not up to standard"));
	} else {
		if (is->self_set)
			ex_num(r, C_SELF, is->self);
		ex_num(r, C_DEDUCTED, is->deducted);
		ex_num(r, C_SCORE, is->score);
	}
	findings_note(r, it, is);
}

static void
subtotal_row(struct export_table *t, const struct rubric_sheets_reply_body *rs, uint32_t si)
{
	const struct rubric_section *s = &rs->sections[si];
	const struct rubric_section_score *ss = score_sheet_section(&rs->sheet, s->key);
	struct export_row *r = ex_row(t, EXPORT_TOTAL);

	section_label(r, si, s);
	ex_text(r, C_ITEM, _("Subtotal"));
	if (rs->checklist) {
		if (ss != NULL)
			ex_text(r, C_SCORE, _("%u/%u items met"), ss->met, ss->lines);
		return;
	}
	ex_num(r, C_STANDARD, s->points);
	if (ss != NULL) {
		ex_num(r, C_SELF, ss->self);
		ex_num(r, C_DEDUCTED, ss->deducted);
		ex_num(r, C_SCORE, ss->score);
	}
}

static void
total_rows(struct export_table *t, const struct rubric_sheets_reply_body *rs)
{
	const struct rubric_sheet *sh = &rs->sheet;
	struct export_row *r = ex_row(t, EXPORT_TOTAL);
	int64_t deducted = 0;

	for (uint32_t i = 0; i < sh->sections_n; i++)
		deducted += sh->sections[i].deducted;
	ex_text(r, C_SECTION, _("Grand total"));
	if (!rs->checklist) {
		ex_num(r, C_STANDARD, rs->rubric_total);
		ex_num(r, C_SELF, sh->self_total);
		ex_num(r, C_DEDUCTED, deducted);
		ex_num(r, C_SCORE, sh->total);
	}
	if (!sh->self_complete)
		ex_text(r, C_NOTE, _("Self-check incomplete"));
	r = ex_row(t, EXPORT_TOTAL);
	ex_text(r, C_SECTION, _("Grade"));
	ex_text(r, C_SCORE, "%s", sh->tier[0] != '\0' ? sh->tier : "—");
	ex_text(r, C_NOTE, "%s", sh->checked ? _("Checked: the score and grade are final") :
	    _("Not checked yet: the score and grade may change"));
}

static const char *
unit_name(const struct export_rubric *e, uint64_t id, char *buf, size_t len)
{
	for (uint32_t i = 0; i < e->rs->rows_n; i++)
		if (e->rs->rows[i].unit_id == id)
			return e->rs->rows[i].name;
	return ex_unit_name(&e->names, id, buf, len);
}

static void
rubric_title(struct export_table *t, const struct rubric_sheets_reply_body *rs, const char *form)
{
	char pn[48];

	period_name(rs->period, pn, sizeof pn);
	t->title = ex_printf("%s %s %s", rs->plan_name, pn, form);
}

static void
sheet_table(struct export_book *b, const struct export_rubric *e)
{
	const struct rubric_sheets_reply_body *rs = e->rs;
	struct export_table *t = ex_table_add(b, _("Rubric"), C_NCOLS);
	char ub[24];

	rubric_title(t, rs, _("Rubric score sheet"));
	t->subtitle = ex_printf(_("Unit assessed: %s%s%s"),
	    unit_name(e, rs->sheet.unit_id, ub, sizeof ub),
	    rs->sheet.category[0] != '\0' ? _("; category: ") : "", rs->sheet.category);
	t->merge_first = true;
	t->wide[C_CONTENT] = t->wide[C_METHOD] = t->wide[C_NOTE] = true;
	ex_head(t, sheet_head);
	for (uint32_t si = 0; si < rs->sections_n; si++) {
		for (uint32_t k = 0; k < rs->sections[si].items_n; k++)
			item_row(t, rs, si, &rs->sections[si].items[k]);
		subtotal_row(t, rs, si);
	}
	total_rows(t, rs);
}

/* "1", "2（并列）", or why the unit is not ranked. */
static void
rank_cell(struct export_row *r, uint32_t col, const struct rubric_row *w, uint32_t rank, bool tied)
{
	if (!w->checked || rank == 0)
		ex_text(r, col, _("Not checked"));
	else
		ex_text(r, col, "%u%s", rank, tied ? _(" (tied)") : "");
}

static void
ranking_table(struct export_book *b, const struct export_rubric *e)
{
	static const char *const head[] = { N_("Rank"), N_("Unit"), N_("Category"),
		N_("Rank in category"), N_("Self-assessed score"), N_("Deducted"), N_("Score"), N_("Grade"),
		N_("State"), N_("Findings"), N_("Open notices"), NULL };
	const struct rubric_sheets_reply_body *rs = e->rs;
	struct export_table *t = ex_table_add(b, _("Ranking"), 11);
	uint32_t checked = 0;

	for (uint32_t i = 0; i < rs->rows_n; i++)
		checked += rs->rows[i].checked;
	rubric_title(t, rs, _("Ranking of results"));
	t->subtitle = ex_printf(_("Scope: %s; %u units, %u checked"),
	    e->scope != NULL && e->scope[0] != '\0' ? e->scope : _("All"), rs->rows_n, checked);
	ex_head(t, head);
	for (uint32_t i = 0; i < rs->rows_n; i++) {
		const struct rubric_row *w = &rs->rows[i];
		struct export_row *r = ex_row(t, EXPORT_BODY);

		rank_cell(r, 0, w, w->rank, w->tied);
		ex_text(r, 1, "%s", w->name);
		ex_text(r, 2, "%s", w->category);
		rank_cell(r, 3, w, w->category_rank, w->category_tied);
		ex_num(r, 4, w->self_total);
		ex_num(r, 5, w->deducted);
		if (w->checked) {
			ex_num(r, 6, w->total);
			ex_text(r, 7, "%s", w->tier[0] != '\0' ? w->tier : "—");
		}
		ex_text(r, 8, "%s", w->checked ? _("Inspected") : w->applied ?
		    _("Applied for assessment") :
		    w->self_complete ? _("Self-check done") : _("Self-check under way"));
		ex_text(r, 9, "%u", w->findings);
		ex_text(r, 10, "%u", w->open_notices);
	}
}

struct export_book *
export_rubric_book(const struct export_rubric *e)
{
	struct export_book *b = xcalloc(1, sizeof *b);

	if (e->rs->sheet.unit_id != 0 && e->rs->sections_n > 0)
		sheet_table(b, e);
	ranking_table(b, e);
	return b;
}
