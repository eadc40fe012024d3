/*
 * client-doc.c: records laid out for reading (see client-doc.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-doc.h"
#include "client-model.h"
#include "client-text.h"
#include "client-ui.h"

void
tb_reset(struct textbuf *tb, int width)
{
	for (size_t i = 0; i < tb->n; i++)
		free(tb->v[i].text);
	tb->n = 0;
	tb->width = width < 4 ? 4 : width;
}

void
tb_free(struct textbuf *tb)
{
	tb_reset(tb, 4);
	free(tb->v);
	memset(tb, 0, sizeof *tb);
}

static void
add_line(struct textbuf *tb, int look, int indent, const wchar_t *s, size_t n)
{
	wchar_t *w;

	if (tb->n == tb->cap) {
		tb->cap = tb->cap ? tb->cap * 2 : 32;
		tb->v = xrealloc(tb->v, tb->cap * sizeof *tb->v);
	}
	w = xcalloc((size_t)indent + n + 1, sizeof *w);
	for (int i = 0; i < indent; i++)
		w[i] = L' ';
	wmemcpy(w + indent, s, n);
	tb->v[tb->n].text = w;
	tb->v[tb->n].look = look;
	tb->n++;
}

void
tb_blank(struct textbuf *tb)
{
	add_line(tb, UI_NORMAL, 0, L"", 0);
}

void
tb_text(struct textbuf *tb, int look, int indent, const char *utf8)
{
	const char *p = utf8 != NULL ? utf8 : "";
	int w = tb->width - indent;

	if (w < 2)
		w = 2;
	do {
		const char *nl = strchr(p, '\n');
		size_t seg = nl != NULL ? (size_t)(nl - p) : strlen(p), n, at = 0;
		char *part = xstrndup(p, seg);
		wchar_t *wide = text_decode_new(part, &n);

		if (n == 0)
			add_line(tb, look, indent, L"", 0);
		while (at < n) {
			size_t k = text_wrap(wide + at, n - at, w);

			/* A closing mark never starts a line: take a character
			 * down with it. */
			if (at + k < n && k > 1 && text_closing(wide[at + k]))
				k--;
			add_line(tb, look, indent, wide + at, k);
			at += k;
		}
		free(wide);
		free(part);
		p = nl != NULL ? nl + 1 : NULL;
	} while (p != NULL);
}

void
tb_draw(const struct textbuf *tb, int y, int x, int h, size_t top)
{
	wchar_t pad[512];

	for (int r = 0; r < h; r++) {
		size_t i = top + (size_t)r;
		int used = 0;

		move(y + r, x);
		if (i < tb->n) {
			ui_putw(y + r, x, tb->v[i].text, ui_attr(tb->v[i].look));
			used = text_wcswidth(tb->v[i].text, wcslen(tb->v[i].text));
		}
		if (used < tb->width && tb->width - used < (int)nitems(pad)) {
			int k = tb->width - used;

			wmemset(pad, L' ', (size_t)k);
			pad[k] = L'\0';
			ui_putw(y + r, x + used, pad, ui_attr(UI_NORMAL));
		}
	}
}

const char *
doc_kind_name(uint32_t kind)
{
	const struct form_def *f = form_def(kind);

	return f != NULL ? ui_tr(f->name) : _("Record");
}

void
doc_what(uint32_t kind, uint32_t period, char *buf, size_t len)
{
	char pn[64];

	period_name(period, pn, sizeof pn);
	/* TRANSLATORS: a period and a kind of record, "November 2026
	 * Monthly record". */
	snprintf(buf, len, _("%s %s"), pn, doc_kind_name(kind));
}

void
doc_label(const struct model *m, uint32_t kind, uint64_t subject, uint32_t period,
    char *buf, size_t len)
{
	char what[160];

	doc_what(kind, period, what, sizeof what);
	snprintf(buf, len, "%s %s", model_name(m, subject), what);
}

/* A heading: "── 履行岗位职责情况 ──". */
static void
heading(struct textbuf *tb, const char *label, const char *extra)
{
	char buf[256];

	snprintf(buf, sizeof buf, "── %s%s ──", label, extra != NULL ? extra : "");
	tb_text(tb, UI_HEADER, 0, buf);
}

/* The reviewer's word: the grade of an evaluation and the comment or
 * signed opinion. */
static void
render_comment(struct textbuf *tb, const struct model *m, const struct doc *d)
{
	char buf[256], t1[32], who[200];
	const char *what = d->kind == DOC_EVALUATION ? _("Evaluation opinion") :
	    _("Reviewer's comment");
	bool has = d->comment != NULL && *d->comment != '\0';

	if (d->kind == DOC_EVALUATION) {
		snprintf(buf, sizeof buf, _("Grade: %s"), d->grade ? grade_name(d->grade) :
		    _("(not graded)"));
		tb_text(tb, d->grade == GRADE_INCOMPETENT ? UI_ERROR : UI_HEADER, 0, buf);
	}
	if (!has && d->kind != DOC_EVALUATION)
		return;
	if (d->reviewed_by != 0) {
		ui_time(d->reviewed_at, t1, sizeof t1);
		/* TRANSLATORS: a heading, who wrote under it and when. */
		snprintf(who, sizeof who, _("%s (%s %s)"), what, model_name(m, d->reviewed_by), t1);
		what = who;
	}
	heading(tb, what, NULL);
	tb_text(tb, has ? UI_GOOD : UI_DIM, 2, has ? d->comment : _("(not filled in)"));
}

void
doc_render(struct textbuf *tb, const struct model *m, const struct doc *d)
{
	const struct form_def *f = form_def(d->kind);
	char buf[1200], t1[32], t2[32], due[32];
	bool reviewed = d->state == DOC_FILED || d->state == DOC_SIGNED ||
	    d->state == DOC_PUBLISHED || d->state == DOC_DONE;

	day_format(d->due, due, sizeof due);
	snprintf(buf, sizeof buf, _("State %s   Due %s"), doc_state_name(d->state), d->due ? due : "—");
	if (d->author != d->subject) {
		size_t len = strlen(buf);

		snprintf(buf + len, sizeof buf - len, "   ");
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, _("Written by %s"), model_name(m, d->author));
	}
	tb_text(tb, UI_NORMAL, 0, buf);
	if (d->submitted_at != 0 || d->reviewed_at != 0) {
		/* Month and day are enough beside the deadline's year. */
		ui_time(d->submitted_at, t1, sizeof t1);
		ui_time(d->reviewed_at, t2, sizeof t2);
		if (d->submitted_at != 0)
			memmove(t1, t1 + 5, strlen(t1 + 5) + 1);
		if (d->reviewed_at != 0)
			memmove(t2, t2 + 5, strlen(t2 + 5) + 1);
		if (d->reviewed_at != 0 && d->submitted_at == 0)
			snprintf(buf, sizeof buf, d->kind == DOC_EVALUATION ? _("Signed by %s %s") :
			    _("Handled by %s %s"), model_name(m, d->reviewed_by), t2);
		else if (d->reviewed_at != 0 && d->state != DOC_SUBMITTED)
			snprintf(buf, sizeof buf, _("Submitted %s  reviewed by %s %s"), t1,
			    model_name(m, d->reviewed_by), t2);
		else
			snprintf(buf, sizeof buf, _("Submitted %s  waiting for %s"), t1,
			    model_name(m, d->reviewer));
		tb_text(tb, UI_DIM, 0, buf);
	}
	if (d->published_at != 0) {
		ui_time(d->published_at, t1, sizeof t1);
		snprintf(buf, sizeof buf, _("Published %s (%s)"), t1, model_name(m, d->published_by));
		tb_text(tb, UI_DIM, 0, buf);
	}
	if (d->state == DOC_RETURNED && d->return_reason != NULL && *d->return_reason != '\0') {
		snprintf(buf, sizeof buf, _("[Sent back] %s's reason: %s"), model_name(m, d->reviewed_by),
		    d->return_reason);
		tb_text(tb, UI_ERROR, 0, buf);
	}
	if (d->supersedes != 0) {
		ui_time(d->reviewed_at, t1, sizeof t1);
		snprintf(buf, sizeof buf, _("[Corrected] by %s on %s, reason: %s"), model_name(m, d->reviewed_by),
		    t1, d->correction_reason != NULL ? d->correction_reason : "");
		tb_text(tb, UI_WARN, 0, buf);
	}
	/* What the reviewer said comes first once it is said. */
	if (reviewed || d->kind == DOC_EVALUATION) {
		tb_blank(tb);
		render_comment(tb, m, d);
	}
	for (uint32_t i = 0; f != NULL && i < f->nfields; i++) {
		const char *v = doc_field_get(d, f->fields[i].key);

		tb_blank(tb);
		heading(tb, ui_tr(f->fields[i].label), NULL);
		tb_text(tb, *v != '\0' ? UI_NORMAL : UI_DIM, 2, *v != '\0' ? v : _("(not filled in)"));
	}
	if (d->kind == DOC_QUARTERLY) {
		tb_blank(tb);
		heading(tb, _("Unfinished tasks"), NULL);
		if (d->unfinished_n == 0)
			tb_text(tb, UI_DIM, 2, _("(none)"));
		for (uint32_t i = 0; i < d->unfinished_n; i++) {
			const struct unfinished_task *t = &d->unfinished[i];
			const char *ex = t->explanation != NULL ? t->explanation : "";

			snprintf(buf, sizeof buf, "%u. %s", i + 1, t->task != NULL ? t->task : "");
			tb_text(tb, UI_NORMAL, 2, buf);
			snprintf(buf, sizeof buf, _("Reason: %s"), *ex != '\0' ? ex : _("(not explained)"));
			tb_text(tb, *ex != '\0' ? UI_DIM : UI_ERROR, 5, buf);
		}
	}
	if (!reviewed && d->kind != DOC_EVALUATION && d->comment != NULL && *d->comment != '\0') {
		tb_blank(tb);
		render_comment(tb, m, d);
	}
}
