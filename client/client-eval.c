/*
 * client-eval.c: the leader evaluations (领导评鉴) a supervising leader (or
 * the principal leader) signs each quarter: everyone they review, with the
 * state and grade of each one's evaluation and what it rests on (the
 * quarterly summary), and how many are rated 优秀 against the quota of
 * DOMAIN.md (at most 15%).  An evaluation opens in client-review.c, where
 * it is written and signed; n and p go through the list.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-doc.h"
#include "client-model.h"
#include "client-net.h"
#include "client-review.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

#define MAX_PEOPLE	2000

/* What f shows: everyone, those still to sign, those signed. */
enum { SHOW_ALL, SHOW_UNSIGNED, SHOW_SIGNED, SHOW_N };

struct eval_state {
	uint32_t	 quarter;	/* 0: the current one */
	uint64_t	 people[MAX_PEOPLE];
	size_t		 n;
	struct list	 list;		/* those shown: indexes into people */
	int		 show;
	uint64_t	 built;		/* model builds the list was made on */
	uint32_t	 built_quarter;
	int		 built_show;
	struct review	*rv;
};

const char *const eval_help[] = {
	"↑↓", N_("Select the person to evaluate"),
	N_("Enter or click"), N_("Open: the quarter's records; grade, opinion, sign"),
	"/", N_("Search by name, department, state or opinion; Esc clears"),
	"f", N_("Show those still to sign, those signed, or everyone"),
	"r", N_("Sync again"),
	"[ / ]", N_("Previous / next quarter"),
	"", N_("Top grade for at most 15%; the count is shown above"),
	"", N_("The lowest grade asks again; signed, a talk is set"),
	NULL, NULL
};

static struct eval_state *
state(struct ui *ui)
{
	if (ui->eval == NULL) {
		ui->eval = xcalloc(1, sizeof *ui->eval);
		ui->eval->rv = review_new();
	}
	return ui->eval;
}

void
eval_free(struct ui *ui)
{
	if (ui->eval == NULL)
		return;
	review_free(&ui->eval->rv);
	list_free(&ui->eval->list);
	free(ui->eval);
	ui->eval = NULL;
}

static uint32_t
quarter(struct ui *ui, struct eval_state *es)
{
	return es->quarter != 0 ? es->quarter : period_of_day(PERIOD_QUARTER, ui_today(ui));
}

/* Everyone the user reviews: as the server decides it (org_reviewer_of),
 * plus anyone whose evaluation of the quarter the user wrote. */
static void
rebuild(struct ui *ui, struct eval_state *es)
{
	struct model *m = ui_model(ui);
	struct sync *s = client_net_sync(ui->net);
	uint32_t q = quarter(ui, es);
	char text[640];

	if (es->built == m->builds && es->built_quarter == q && es->built_show == es->show &&
	    !list_dirty(&es->list))
		return;
	es->n = 0;
	for (size_t i = 0; i < sync_person_count(s) && es->n < MAX_PEOPLE; i++) {
		const struct person *p = sync_person(s, i);
		const struct doc *d = model_doc_of(m, p->id, DOC_EVALUATION, q);

		if (p->id == ui_me(ui) || p->role == ROLE_ORG_DEPT)
			continue;
		if ((!p->disabled && model_reviewer_of(m, p) == ui_me(ui)) ||
		    (d != NULL && d->author == ui_me(ui)))
			es->people[es->n++] = p->id;
	}
	list_begin(&es->list);
	for (size_t i = 0; i < es->n; i++) {
		const struct doc *d = model_doc_of(m, es->people[i], DOC_EVALUATION, q);
		bool signed_ = d != NULL && d->state != DOC_DRAFT;

		if ((es->show == SHOW_UNSIGNED && signed_) || (es->show == SHOW_SIGNED && !signed_))
			continue;
		snprintf(text, sizeof text, "%s %s %s %s %s", model_name(m, es->people[i]),
		    model_unit_name(m, model_unit_of(m, es->people[i])),
		    d != NULL ? doc_state_name(d->state) : _("not begun"),
		    d != NULL && d->grade ? grade_name(d->grade) : "",
		    d != NULL && d->comment != NULL ? d->comment : "");
		list_offer(&es->list, (uint32_t)i, es->people[i], text);
	}
	list_end(&es->list);
	es->built = m->builds;
	es->built_quarter = q;
	es->built_show = es->show;
}

static void
draw_counts(struct ui *ui, struct eval_state *es, int y)
{
	struct model *m = ui_model(ui);
	uint32_t q = quarter(ui, es);
	unsigned signed_n = 0, grades[5] = { 0 }, quota;
	char buf[256], pn[64];

	for (size_t i = 0; i < es->n; i++) {
		const struct doc *d = model_doc_of(m, es->people[i], DOC_EVALUATION, q);

		if (d != NULL && d->state != DOC_DRAFT) {
			signed_n++;
			if (d->grade <= 4)
				grades[d->grade]++;
		}
	}
	quota = (unsigned)(es->n * 15 / 100);
	period_name(q, pn, sizeof pn);
	snprintf(buf, sizeof buf, _(" %s  signed %u/%zu   %s %u (limit %u)  %s %u  %s %u  %s %u"),
	    pn, signed_n, es->n, grade_name(GRADE_EXCELLENT), grades[1], quota,
	    grade_name(GRADE_EXCELLENT + 1), grades[2], grade_name(GRADE_EXCELLENT + 2), grades[3],
	    grade_name(GRADE_INCOMPETENT), grades[4]);
	ui_put(y, 0, COLS, buf, ui_attr(grades[1] > quota ? UI_WARN : UI_NORMAL), true);
}

static void
draw_list(struct ui *ui, struct eval_state *es, int y, int rows)
{
	struct model *m = ui_model(ui);
	uint32_t q = quarter(ui, es);
	char line[640], name[32], unit[40], st[64], gr[64], sum[64], op[256], h[6][64], head[512];
	int sw = 8, gw = 8;

	/* states and grades as wide as their words (English is wider) */
	for (uint32_t s = DOC_DRAFT; s <= DOC_DONE; s++)
		if (text_width(doc_state_name(s)) > sw)
			sw = text_width(doc_state_name(s));
	if (text_width(_("not begun")) > sw)
		sw = text_width(_("not begun"));
	if (text_width(_("not written")) > sw)
		sw = text_width(_("not written"));
	for (uint32_t g = GRADE_EXCELLENT; g <= GRADE_INCOMPETENT; g++)
		if (text_width(grade_name(g)) > gw)
			gw = text_width(grade_name(g));
	sw = sw > 11 ? 11 : sw;
	gw = gw > 12 ? 12 : gw;
	text_fit(_("Name"), 8, true, false, h[0], sizeof h[0]);
	text_fit(_("Dept"), 12, true, false, h[1], sizeof h[1]);
	text_fit(_("Evaluation"), sw, true, false, h[2], sizeof h[2]);
	text_fit(_("Grade"), gw, true, false, h[3], sizeof h[3]);
	text_fit(_("Summary"), sw, true, false, h[4], sizeof h[4]);
	text_fit(_("Opinion"), 40, false, false, h[5], sizeof h[5]);
	snprintf(head, sizeof head, " %s %s %s  %s  %s  %s", h[0], h[1], h[2], h[3], h[4], h[5]);
	ui_put(y, 0, COLS, head, ui_attr(UI_HEADER), true);
	y++;
	rows--;
	if (es->list.n == 0) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&es->list) != NULL ? list_empty(&es->list) :
		    es->n == 0 ? _("Nobody for you to evaluate") : _("Nobody of these (f for the others)"),
		    ui_attr(UI_DIM), false);
		return;
	}
	list_place(&es->list, y, 0, COLS, rows);
	for (int r = 0; r < rows; r++) {
		size_t k = es->list.top + (size_t)r, i = list_at(&es->list, k);
		const struct doc *d, *s;
		int look;

		if (i == LIST_NONE)
			break;
		d = ui_doc(ui, model_doc_of(m, es->people[i], DOC_EVALUATION, q));
		s = model_doc_of(m, es->people[i], DOC_QUARTERLY, q);
		text_fit(model_name(m, es->people[i]), 8, true, true, name, sizeof name);
		text_fit(model_unit_name(m, model_unit_of(m, es->people[i])), 12, true, true, unit,
		    sizeof unit);
		text_fit(d != NULL ? doc_state_name(d->state) : _("not begun"), sw, true, false, st, sizeof st);
		text_fit(d != NULL && d->grade ? grade_name(d->grade) : "—", gw, true, false, gr, sizeof gr);
		text_fit(s != NULL ? doc_state_name(s->state) : _("not written"), sw, true, false, sum,
		    sizeof sum);
		snprintf(op, sizeof op, "%s", d != NULL && d->comment != NULL ? d->comment : "");
		for (char *c = op; *c != '\0'; c++)
			if (*c == '\n')
				*c = ' ';
		snprintf(line, sizeof line, " %s %s %s  %s  %s  %s", name, unit, st, gr, sum, op);
		look = k == es->list.sel ? UI_SELECTED : d == NULL || d->state == DOC_DRAFT ? UI_NORMAL :
		    d->grade == GRADE_INCOMPETENT ? UI_ERROR : UI_GOOD;
		ui_put_cut(y + r, 0, COLS, line, ui_attr(look), true, true);
	}
}

void
eval_draw(struct ui *ui)
{
	static const char *const keys[] = {
		"↑↓", N_("Select"), "Enter", N_("Evaluate"), "[ ]", N_("Quarter"), "f", N_("Signed?"),
		"?", N_("Help"), "q", N_("Quit"), NULL
	};
	struct eval_state *es = state(ui);
	int y = UI_TOP, rows = ui_rows();

	rebuild(ui, es);
	if (review_is_open(es->rv)) {
		char pos[32];

		snprintf(pos, sizeof pos, "%zu/%zu", es->list.sel + 1, es->list.n);
		ui_frame(ui, _("Evaluations"), review_keys(ui, es->rv));
		review_draw(ui, es->rv, y, rows, pos);
		return;
	}
	ui_frame(ui, _("Evaluations"), list_keys(&es->list, keys));
	draw_counts(ui, es, y);
	draw_list(ui, es, y + 1, rows - 1);
}

static void
open_sel(struct ui *ui, struct eval_state *es)
{
	size_t i = list_cur(&es->list);

	if (i != LIST_NONE)
		review_open(ui, es->rv, es->people[i], DOC_EVALUATION, quarter(ui, es), true);
}

static void
navigate(struct ui *ui, struct eval_state *es, enum review_result r)
{
	switch (r) {
	case REVIEW_CLOSE:
	case REVIEW_EDIT:
		review_close(es->rv);
		break;
	case REVIEW_NEXT:
		if (es->list.sel + 1 >= es->list.n) {
			ui_msg(ui, UI_GOOD, _("This is the last person"));
			break;
		}
		es->list.sel++;
		open_sel(ui, es);
		break;
	case REVIEW_PREV:
		if (es->list.sel == 0) {
			ui_msg(ui, UI_NORMAL, _("This is the first person"));
			break;
		}
		es->list.sel--;
		open_sel(ui, es);
		break;
	default:
		break;
	}
}

void
eval_key(struct ui *ui, bool is_key, wint_t ch)
{
	struct eval_state *es = state(ui);
	uint32_t cur = period_of_day(PERIOD_QUARTER, ui_today(ui)), q;

	rebuild(ui, es);
	if (review_is_open(es->rv)) {
		navigate(ui, es, review_key(ui, es->rv, is_key, ch));
		return;
	}
	switch (list_key(&es->list, is_key, ch, &ui->mouse)) {
	case LIST_OPEN:
		open_sel(ui, es);
		return;
	case LIST_DONE:
		return;
	case LIST_PASS:
		break;
	}
	if (is_key)
		return;
	switch (ch) {
	case '[':
	case ']':
		q = ch == '[' ? period_prev(quarter(ui, es)) : period_next(quarter(ui, es));
		if (q == 0 || q > cur)
			ui_msg(ui, UI_NORMAL, _("This is the current quarter"));
		else
			es->quarter = q == cur ? 0 : q;
		break;
	case 'f':
		es->show = (es->show + 1) % SHOW_N;
		es->list.sel = es->list.top = 0;
		ui_msg(ui, UI_NORMAL, "%s", es->show == SHOW_ALL ? _("Showing everyone") :
		    es->show == SHOW_UNSIGNED ? _("Showing those still to sign") :
		    _("Showing those signed"));
		break;
	case 'r':
		ui_resync(ui);
		break;
	}
}

bool
eval_typing(struct ui *ui)
{
	return ui->eval != NULL && (review_typing(ui->eval->rv) || list_typing(&ui->eval->list));
}

bool
eval_unsaved(struct ui *ui)
{
	return ui->eval != NULL && review_unsaved(ui->eval->rv);
}

bool
eval_event(struct ui *ui, const struct net_event *ev)
{
	return ui->eval != NULL && review_event(ui, ui->eval->rv, ev);
}

void
eval_answer(struct ui *ui, int action, bool yes)
{
	struct eval_state *es = state(ui);

	if (action >= REVIEW_ASK_BASE && action <= REVIEW_ASK_LAST)
		navigate(ui, es, review_answer(ui, es->rv, action, yes));
}

const char *const *
eval_help_now(struct ui *ui)
{
	return ui->eval != NULL && review_is_open(ui->eval->rv) ? review_help : eval_help;
}

bool
eval_back(struct ui *ui)
{
	if (ui->eval == NULL || !review_is_open(ui->eval->rv))
		return false;
	eval_key(ui, false, 27);
	return true;
}
