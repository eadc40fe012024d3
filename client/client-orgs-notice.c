/*
 * client-orgs-notice.c: what 党建 writes, and the two lists beside the
 * ranking: the forms (the unit's 自查分 of an item, an inspector's
 * finding, a rectification notice, the unit's answer, an inspector's
 * sending back, a spot-check draw), the rectification notices (open ones
 * first, the overdue of those first and marked), and the spot-check draws.
 *
 * A form is checked as it is typed: the line under its fields says what
 * would be sent (a finding's deduction, a deadline) or what is wrong, and
 * nothing is sent while something is.  The form stays open with what was
 * typed until the server accepts; a refusal is shown in the form.  What is
 * typed is also kept as a local draft (client-draft.h) until the server
 * has it, and brought back when the same form is opened again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/plan.h"
#include "common/score.h"
#include "common/util.h"
#include "client-draft.h"
#include "client-model.h"
#include "client-net.h"
#include "client-orgs.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-ui.h"

enum field_kind { FK_CHOICE, FK_NUM, FK_TEXT, FK_DATE, FK_MET };

struct field {
	const char	*label;
	enum field_kind	 kind;
};

/* The fields of each form, in order. */
static const struct {
	const char	*title;
	struct field	 f[3];
	int		 n;
} forms[] = {
	[OF_SELF] = { N_("Self-check score"), { { N_("Self score"), FK_NUM } }, 1 },
	[OF_FINDING] = { N_("Enter a deduction"), { { N_("Rule"), FK_CHOICE }, { N_("Count"), FK_NUM },
	    { N_("Evidence"), FK_TEXT } }, 3 },
	[OF_NOTICE] = { N_("Issue a rectification notice"), { { N_("Problem"), FK_TEXT }, { N_("Deadline"), FK_DATE } }, 2 },
	[OF_ANSWER] = { N_("Report the rectification"), { { N_("Response"), FK_TEXT } }, 1 },
	[OF_REVIEW] = { N_("Send back for re-check"), { { N_("Review"), FK_TEXT }, { N_("New due"), FK_DATE } }, 2 },
	[OF_DRAW] = { N_("Spot check"), { { N_("Under"), FK_CHOICE }, { N_("Seed"), FK_NUM } }, 2 },
};

static enum field_kind
kind_of(struct orgs_state *os, int field)
{
	if (os->form == OF_SELF && os->one != NULL && os->one->checklist)
		return FK_MET;
	return forms[os->form].f[field].kind;
}

static struct edit *
edit_of(struct orgs_state *os, enum field_kind k)
{
	return k == FK_NUM ? &os->num : k == FK_DATE ? &os->date : &os->text;
}

/* ---- the local draft of a form ---- */

/* The key of what the form is about: its kind, the plan, period and unit,
 * and the item or the notice.  A draw has none: a seed is not worth one. */
static bool
draft_key(struct orgs_state *os, char *buf, size_t len)
{
	const struct rubric_item *it = os->one != NULL ? orgs_item_at(os->one, os->isel) : NULL;

	if (os->form == OF_DRAW || os->form == OF_NONE)
		return false;
	snprintf(buf, len, "orgs/%d/%s/%u/%llu/%s/%llu", (int)os->form, os->plan, os->period,
	    (unsigned long long)os->unit, (os->form == OF_SELF || os->form == OF_FINDING ||
	    os->form == OF_NOTICE) && it != NULL ? it->key : "",
	    (unsigned long long)(os->form == OF_SELF || os->form == OF_FINDING ? 0 : os->target));
	return true;
}

static void
keep_draft(struct ui *ui, struct orgs_state *os)
{
	struct draft d = { 0 };
	char key[200];

	if (!draft_key(os, key, sizeof key))
		return;
	edit_to_draft(&os->num, &d, "num");
	edit_to_draft(&os->text, &d, "text");
	edit_to_draft(&os->date, &d, "date");
	draft_set_u64(&d, "choice", os->choice);
	draft_set_u64(&d, "met", os->met);
	ui_draft_keep(ui, key, &d);
	draft_clear(&d);
}

static void
restore_draft(struct ui *ui, struct orgs_state *os)
{
	struct draft d;
	char key[200];

	if (!draft_key(os, key, sizeof key) || !ui_draft_load(ui, key, &d))
		return;
	edit_from_draft(&os->num, &d, "num");
	edit_from_draft(&os->text, &d, "text");
	edit_from_draft(&os->date, &d, "date");
	os->choice = (uint32_t)draft_get_u64(&d, "choice", os->choice);
	os->met = draft_get_u64(&d, "met", os->met) != 0;
	ui_draft_restored(ui, &d, false);
	draft_clear(&d);
}

/* ---- what the forms are about ---- */

static const struct rubric_item *
item_sel(struct orgs_state *os)
{
	return orgs_item_at(os->one, os->isel);
}

const struct rectify_rec *
orgs_notices(struct orgs_state *os, size_t *n)
{
	const struct rubric_sheets_reply_body *b = os->back != ORGS_LIST && os->one != NULL ?
	    os->one : os->list;

	*n = b != NULL ? b->notices_n : 0;
	return b != NULL ? b->notices : NULL;
}

/* The notices shown, in their order, those the search leaves. */
static void
offer_notices(struct ui *ui, struct orgs_state *os)
{
	size_t n, idx[200];
	const struct rectify_rec *ns = orgs_notices(os, &n);
	char text[1200];

	if (n > nitems(idx))
		n = nitems(idx);
	orgs_notice_order(ns, n, ui_today(ui), idx);
	list_begin(&os->notices);
	for (size_t k = 0; k < n; k++) {
		const struct rectify_rec *x = &ns[idx[k]];

		snprintf(text, sizeof text, "%s %s %s %s %s", orgs_notice_state(x->state),
		    model_unit_name(ui_model(ui), x->unit_id), x->item, x->problem, x->response);
		list_offer(&os->notices, (uint32_t)idx[k], x->id, text);
	}
	list_end(&os->notices);
}

/* The notice selected, in the order shown. */
static const struct rectify_rec *
notice_sel(struct ui *ui, struct orgs_state *os)
{
	size_t n;
	const struct rectify_rec *ns = orgs_notices(os, &n);

	offer_notices(ui, os);
	return list_cur(&os->notices) != LIST_NONE ? &ns[list_cur(&os->notices)] : NULL;
}

/* Units a draw may be made under: those with units under them. */
static size_t
draw_units(struct ui *ui, uint64_t *out, size_t max)
{
	struct sync *s = client_net_sync(ui->net);
	size_t n = 0;

	for (size_t i = 0; i < sync_unit_count(s) && n < max; i++) {
		uint64_t id = sync_unit(s, i)->id;

		for (size_t j = 0; j < sync_unit_count(s); j++)
			if (sync_unit(s, j)->parent == id) {
				out[n++] = id;
				break;
			}
	}
	return n;
}

/* ---- checking as typed ---- */

static int
parse_count(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	if (s[0] == '\0' || strspn(s, "0123456789") != strlen(s))
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || v < 1 || v > 1000)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int
parse_seed(const char *s, uint64_t *out)
{
	unsigned long long v;

	if (s[0] == '\0') {
		*out = 0;
		return 0;
	}
	if (strspn(s, "0123456789") != strlen(s) || strlen(s) > 19)
		return -1;
	errno = 0;
	v = strtoull(s, NULL, 10);
	if (errno != 0)
		return -1;
	*out = v;
	return 0;
}

/* A deadline: a real date, today or later. */
static bool
check_date(struct ui *ui, struct orgs_state *os, uint32_t *day, char *hint, size_t len)
{
	char *s = edit_get(&os->date);
	bool ok = false;

	if (s[0] == '\0')
		snprintf(hint, len, _("Enter the deadline as YYYY-MM-DD"));
	else if (orgs_date_parse(s, day) != 0)
		snprintf(hint, len, _("“%s” is not a date: YYYY-MM-DD"), s);
	else if (*day < ui_today(ui))
		snprintf(hint, len, _("The deadline cannot be before today"));
	else
		ok = true;
	free(s);
	return ok;
}

static const struct rubric_rule *
rule_sel(struct orgs_state *os)
{
	const struct rubric_item *it = item_sel(os);

	return it != NULL && os->choice < it->rules_n ? &it->rules[os->choice] : NULL;
}

static bool
check_finding(struct orgs_state *os, uint32_t *count, char *hint, size_t len)
{
	const struct rubric_item *it = item_sel(os);
	const struct rubric_item_score *is = score_sheet_item(&os->one->sheet, it->key);
	const struct rubric_rule *r = rule_sel(os);
	char *s = edit_get(&os->num);
	char p[16], t[16], st[16], d[16];
	int bad = r != NULL && !r->once ? parse_count(s, count) : 0;

	free(s);
	if (r == NULL) {
		*count = 1;
		snprintf(hint, len, _("This line will count as unmet; give the evidence"));
		return !edit_empty(&os->text);
	}
	if (r->once)
		*count = 1;
	if (bad) {
		snprintf(hint, len, _("The count must be a whole number from 1 to 1000"));
		return false;
	}
	score_fmt(r->points, p, sizeof p);
	score_fmt(orgs_finding_points(r, *count), t, sizeof t);
	score_fmt(it->standard, st, sizeof st);
	score_fmt(is != NULL ? is->deducted : 0, d, sizeof d);
	if (edit_empty(&os->text)) {
		snprintf(hint, len, _("Give the evidence: what was seen where"));
		return false;
	}
	if (r->once)
		snprintf(hint, len, _("−%s (once); the item's maximum is %s, %s deducted so far"), t, st, d);
	else
		snprintf(hint, len, _("−%s × %u = −%s; the item's maximum is %s, %s deducted so far"), p, *count, t,
		    st, d);
	return true;
}

/* What the form would send, or what is wrong: true when it may go. */
static bool
check_form(struct ui *ui, struct orgs_state *os, char *hint, size_t len)
{
	char *s;
	uint32_t v, day;
	uint64_t seed;
	const char *why;
	bool ok;

	switch (os->form) {
	case OF_SELF: {
		const struct rubric_item *it = item_sel(os);
		char st[16], sh[16];

		if (os->one->checklist) {
			snprintf(hint, len, _("Self-check: %s (Space toggles)"), os->met ? _("met") : _("unmet"));
			return true;
		}
		score_fmt(it->standard, st, sizeof st);
		s = edit_get(&os->num);
		ok = s[0] != '\0' && plan_hundredths_parse(s, it->standard, &v, &why) == 0;
		if (s[0] == '\0')
			snprintf(hint, len, _("Enter the self-check score: 0 to %s, at most two decimals"), st);
		else if (!ok)
			snprintf(hint, len, _("The self-check score must be 0 to %s, at most two decimals"), st);
		else {
			score_fmt(v, sh, sizeof sh);
			snprintf(hint, len, _("Self-check %s of a maximum %s"), sh, st);
		}
		free(s);
		return ok;
	}
	case OF_FINDING:
		return check_finding(os, &v, hint, len);
	case OF_NOTICE:
	case OF_REVIEW:
		if (edit_empty(&os->text)) {
			snprintf(hint, len, "%s", os->form == OF_NOTICE ?
			    _("Describe the problem and what must be done") :
			    _("Write the review: what is not rectified yet"));
			return false;
		}
		if (!check_date(ui, os, &day, hint, len))
			return false;
		{
			char d[16];

			orgs_date_fmt(day, d, sizeof d);
			snprintf(hint, len, os->form == OF_NOTICE ? _("Rectify and report back by %s") :
			    _("Rectify again and report back by %s"), d);
		}
		return true;
	case OF_ANSWER:
		snprintf(hint, len, "%s", edit_empty(&os->text) ? _("Describe the rectification done") :
		    _("Once submitted, the inspectors close it or send it back"));
		return !edit_empty(&os->text);
	case OF_DRAW:
		s = edit_get(&os->num);
		ok = parse_seed(s, &seed) == 0;
		if (!ok)
			snprintf(hint, len, _("The seed must be a number (up to 19 digits) or empty"));
		else if (seed == 0)
			snprintf(hint, len, _("No seed: the server picks and records one, so the draw can be repeated"));
		else
			snprintf(hint, len, _("Repeat the draw made with seed %llu"), (unsigned long long)seed);
		free(s);
		return ok;
	case OF_NONE:
		break;
	}
	return false;
}

/* ---- opening and sending ---- */

static bool
period_open(struct ui *ui, const struct rubric_sheets_reply_body *b)
{
	if (b != NULL && !b->open) {
		ui_msg(ui, UI_WARN, _("This period takes no scores: %s"), b->why);
		return false;
	}
	return true;
}

void
orgs_form_open(struct ui *ui, struct orgs_state *os, enum orgs_form f)
{
	const struct rubric_item *it = os->one != NULL ? item_sel(os) : NULL;
	const struct rectify_rec *n;
	char buf[1200];

	edit_clear(&os->num);
	edit_clear(&os->text);
	edit_clear(&os->date);
	os->choice = 0;
	os->field = 0;
	os->refusal[0] = '\0';
	switch (f) {
	case OF_SELF: {
		const struct rubric_item_score *is;

		if (it == NULL || !orgs_is_unit(ui, os->one->sheet.unit_id)) {
			ui_msg(ui, UI_WARN, _("Only the unit's head (or the assessment office) can enter the self-check"));
			return;
		}
		if (!period_open(ui, os->one))
			return;
		is = score_sheet_item(&os->one->sheet, it->key);
		os->met = is == NULL || !is->self_set || is->self_met;
		if (is != NULL && is->self_set) {
			plan_hundredths_format(is->self, buf, sizeof buf);
			edit_set(&os->num, buf);
		}
		break;
	}
	case OF_FINDING:
		if (it == NULL || !orgs_is_inspector(ui)) {
			ui_msg(ui, UI_WARN, _("Only the inspectors can enter deductions"));
			return;
		}
		if (!period_open(ui, os->one))
			return;
		if (os->one->sheet.checked) {
			ui_msg(ui, UI_WARN, _("The inspection is done: press O to reopen it before adding deductions"));
			return;
		}
		edit_set(&os->num, "1");
		break;
	case OF_NOTICE:
		if (!orgs_is_inspector(ui)) {
			ui_msg(ui, UI_WARN, _("Only the inspectors can issue rectification notices"));
			return;
		}
		/* from a finding: its rule and evidence to start from */
		for (uint32_t i = 0; os->target != 0 && it != NULL && i < os->one->sheet.items_n; i++)
			for (uint32_t k = 0; k < os->one->sheet.items[i].findings_n; k++) {
				const struct rubric_finding *fd = &os->one->sheet.items[i].findings[k];

				if (fd->id != os->target)
					continue;
				for (uint32_t r = 0; r < it->rules_n; r++)
					if (strcmp(it->rules[r].key, fd->rule) == 0)
						snprintf(buf, sizeof buf, _("%s: %s"), it->rules[r].text,
						    fd->evidence);
				if (it->rules_n == 0)
					snprintf(buf, sizeof buf, _("%s: %s"), it->name, fd->evidence);
				edit_set(&os->text, buf);
			}
		break;
	case OF_ANSWER:
		if ((n = notice_sel(ui, os)) == NULL)
			return;
		if (!orgs_is_unit(ui, n->unit_id)) {
			ui_msg(ui, UI_WARN, _("Only the head of the notified unit (or the assessment office) can respond"));
			return;
		}
		if (n->state != 1 && n->state != 4) {
			ui_msg(ui, UI_NORMAL, _("This notice is %s: it needs no response"), orgs_notice_state(n->state));
			return;
		}
		os->target = n->id;
		break;
	case OF_REVIEW:
		if ((n = notice_sel(ui, os)) == NULL)
			return;
		if (!orgs_is_inspector(ui)) {
			ui_msg(ui, UI_WARN, _("Only the inspectors can send a notice back"));
			return;
		}
		if (n->state != 2) {
			ui_msg(ui, UI_NORMAL, _("Only an answered notice can be sent back"));
			return;
		}
		os->target = n->id;
		break;
	case OF_DRAW: {
		uint64_t units[256];
		size_t nu = draw_units(ui, units, nitems(units));

		if (!orgs_may_draw(ui)) {
			ui_msg(ui, UI_WARN, _("Only the inspectors and the assessment office can draw spot checks"));
			return;
		}
		if (nu == 0) {
			ui_msg(ui, UI_WARN, _("No unit has units under it: nothing to draw from"));
			return;
		}
		break;
	}
	case OF_NONE:
		return;
	}
	os->form = f;
	restore_draft(ui, os);
	if (f == OF_NOTICE && !edit_empty(&os->text))
		os->field = 1;
}

static void
send_form(struct ui *ui, struct orgs_state *os)
{
	char hint[512], *text, *num;
	uint32_t v = 0, day = 0;
	uint64_t seed = 0;
	const char *why;

	if (os->write_req != 0 && client_net_is_pending(ui->net, os->write_req)) {
		ui_msg(ui, UI_NORMAL, _("Sending, please wait"));
		return;
	}
	if (!check_form(ui, os, hint, sizeof hint)) {
		ui_msg(ui, UI_WARN, "%s", hint);
		return;
	}
	text = edit_get(&os->text);
	num = edit_get(&os->num);
	switch (os->form) {
	case OF_SELF: {
		struct self_put_body b = { .session = "", .plan = os->plan, .period = os->period,
		    .unit_id = os->unit, .item = item_sel(os)->key, .met = os->met };

		if (!os->one->checklist)
			plan_hundredths_parse(num, item_sel(os)->standard, &v, &why);
		b.self = v;
		orgs_send(ui, os, MSG_SELF_PUT, &b);
		break;
	}
	case OF_FINDING: {
		struct finding_put_body b = { .session = "", .plan = os->plan, .period = os->period,
		    .unit_id = os->unit };
		const struct rubric_rule *r = rule_sel(os);

		check_finding(os, &v, hint, sizeof hint);
		b.finding = (struct rubric_finding){ .item = item_sel(os)->key,
		    .rule = r != NULL ? r->key : "", .count = v, .evidence = text };
		orgs_send(ui, os, MSG_FINDING_PUT, &b);
		break;
	}
	case OF_NOTICE:
	case OF_ANSWER:
	case OF_REVIEW: {
		struct rectify_act_body b = { .session = "" };

		check_date(ui, os, &day, hint, sizeof hint);
		b.notice.id = os->target;
		if (os->form == OF_NOTICE) {
			b.action = 1;
			b.notice = (struct rectify_rec){ .plan = os->plan, .period = os->period,
			    .unit_id = os->unit, .item = os->target_item, .finding = os->target,
			    .problem = text, .deadline = day };
		} else if (os->form == OF_ANSWER) {
			b.action = 2;
			b.notice.response = text;
		} else {
			b.action = 4;
			b.notice.review = text;
			b.notice.deadline = day;
		}
		orgs_send(ui, os, MSG_RECTIFY_ACT, &b);
		break;
	}
	case OF_DRAW: {
		uint64_t units[256];
		size_t nu = draw_units(ui, units, nitems(units));
		struct sample_draw_body b = { .session = "", .plan = os->plan, .period = os->period };

		parse_seed(num, &seed);
		b.unit_id = os->choice < nu ? units[os->choice] : 0;
		b.seed = seed;
		orgs_send(ui, os, MSG_SAMPLE_DRAW, &b);
		break;
	}
	case OF_NONE:
		break;
	}
	free(text);
	free(num);
	{
		char key[200];

		if (draft_key(os, key, sizeof key)) {
			keep_draft(ui, os);
			ui_draft_bind(ui, key, os->write_req);
		}
	}
}

/* ---- the form on screen ---- */

static void
choice_text(struct ui *ui, struct orgs_state *os, char *buf, size_t len)
{
	if (os->form == OF_DRAW) {
		uint64_t units[256];
		size_t nu = draw_units(ui, units, nitems(units));

		if (os->choice >= nu)
			os->choice = 0;
		snprintf(buf, len, _("‹ %s ›  (←→ choose, %zu in all)"), nu > 0 ?
		    model_unit_name(ui_model(ui), units[os->choice]) : _("none"), nu);
		return;
	}
	const struct rubric_rule *r = rule_sel(os);
	char rt[600], p[16];

	if (r == NULL) {
		snprintf(buf, len, "‹ %s ›", _("unmet"));
		return;
	}
	score_fmt(r->points, p, sizeof p);
	if (r->once)
		snprintf(rt, sizeof rt, _("%s (−%s)"), r->text, p);
	else
		snprintf(rt, sizeof rt, _("%s (each %s: −%s)"), r->text, r->unit[0] ? r->unit : _("time"), p);
	snprintf(buf, len, "‹ %u/%u %s ›", os->choice + 1, item_sel(os)->rules_n, rt);
}

void
orgs_form_draw(struct ui *ui, struct orgs_state *os, int y)
{
	char title[300], buf[800], hint[512];
	int cy = -1, cx = 0, w = COLS - 14;
	bool ok;

	snprintf(title, sizeof title, " %s ", _(forms[os->form].title));
	if ((os->form == OF_SELF || os->form == OF_FINDING) && item_sel(os) != NULL)
		snprintf(title, sizeof title, _(" %s: %s %s "), _(forms[os->form].title),
		    item_sel(os)->key, item_sel(os)->name);
	ui_box(y, 0, ORGS_FORM_LINES, COLS, title);
	for (int i = 0; i < forms[os->form].n; i++) {
		enum field_kind k = kind_of(os, i);
		bool active = i == os->field;
		int fy = y + 1 + i;

		ui_put(fy, 2, 10, k == FK_MET ? _("Self-check") : _(forms[os->form].f[i].label),
		    ui_attr(active ? UI_KEY : UI_NORMAL), true);
		if (k == FK_CHOICE || k == FK_MET) {
			if (k == FK_MET)
				snprintf(buf, sizeof buf, _("‹ %s ›  (Space toggles)"), os->met ? _("met") : _("unmet"));
			else
				choice_text(ui, os, buf, sizeof buf);
			ui_put_cut(fy, 12, w, buf, ui_attr(active ? UI_FIELD_ACTIVE : UI_NORMAL), false,
			    true);
		} else if (os->form == OF_FINDING && k == FK_NUM && rule_sel(os) != NULL &&
		    rule_sel(os)->once) {
			ui_put(fy, 12, w, _("1 (deducted once only)"), ui_attr(UI_DIM), false);
		} else {
			wchar_t view[300];
			int c = edit_view(edit_of(os, k), k == FK_TEXT ? w : 20, view, nitems(view));

			ui_putw(fy, 12, view, ui_attr(active ? UI_FIELD_ACTIVE : UI_FIELD));
			if (k == FK_DATE)
				ui_put(fy, 34, w - 22, "YYYY-MM-DD", ui_attr(UI_DIM), false);
			if (active) {
				cy = fy;
				cx = 12 + c;
			}
		}
	}
	ok = check_form(ui, os, hint, sizeof hint);
	ui_put_cut(y + 5, 2, COLS - 4, hint, ui_attr(ok ? UI_GOOD : UI_WARN), false, true);
	if (os->refusal[0] != '\0') {
		snprintf(buf, sizeof buf, _("The server refused: %s"), os->refusal);
		ui_put_cut(y + 6, 2, COLS - 4, buf, ui_attr(UI_ERROR), false, true);
	} else
		ui_put_cut(y + 6, 2, COLS - 4, _("Enter next field, submits on the last; Ctrl-S submit; Esc cancel"),
		    ui_attr(UI_DIM), false, true);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

/* A finding's count is fixed at 1 for a rule deducted once: the cursor
 * passes over it (step 1 forward, n - 1 back). */
static void
skip_fixed(struct orgs_state *os, int step)
{
	const struct rubric_rule *r = os->form == OF_FINDING ? rule_sel(os) : NULL;

	if (r != NULL && r->once && os->field == 1)
		os->field = (os->field + step) % forms[os->form].n;
}

void
orgs_form_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	int n = forms[os->form].n;
	enum field_kind k = kind_of(os, os->field);

	if (!is_key && ch == 27) {
		char key[200];

		if (draft_key(os, key, sizeof key))
			ui_draft_drop(ui, key);
		os->form = OF_NONE;
		os->refusal[0] = '\0';
		ui_msg(ui, UI_NORMAL, _("Cancelled"));
		return;
	}
	if (!is_key && ch == CTRL('S')) {
		send_form(ui, os);
		return;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_DOWN)) {
		os->field = (os->field + 1) % n;
		skip_fixed(os, 1);
		return;
	}
	if (is_key && (ch == KEY_BTAB || ch == KEY_UP)) {
		os->field = (os->field + n - 1) % n;
		skip_fixed(os, n - 1);
		return;
	}
	if ((is_key && ch == KEY_ENTER) || (!is_key && (ch == '\r' || ch == '\n'))) {
		if (os->field == n - 1)
			send_form(ui, os);
		else {
			os->field++;
			skip_fixed(os, 1);
		}
		return;
	}
	if (k == FK_MET) {
		if ((!is_key && ch == ' ') || (is_key && (ch == KEY_LEFT || ch == KEY_RIGHT))) {
			os->met = !os->met;
			keep_draft(ui, os);
		}
		return;
	}
	if (k == FK_CHOICE) {
		uint32_t nc;
		uint64_t units[256];

		if (os->form == OF_DRAW)
			nc = (uint32_t)draw_units(ui, units, nitems(units));
		else
			nc = item_sel(os)->rules_n;
		if (nc > 0 && is_key && (ch == KEY_LEFT || ch == KEY_RIGHT)) {
			os->choice = (os->choice + (ch == KEY_LEFT ? nc - 1 : 1)) % nc;
			keep_draft(ui, os);
		}
		return;
	}
	switch (edit_key(edit_of(os, k), is_key, ch)) {
	case EDIT_FULL:
		ui_msg(ui, UI_WARN, _("The field is full"));
		break;
	case EDIT_CHANGED:
		keep_draft(ui, os);
		break;
	default:
		break;
	}
}

/* ---- the notices ---- */

void
orgs_notices_draw(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	size_t n, idx[200], overdue = 0;
	const struct rectify_rec *ns = orgs_notices(os, &n);
	uint32_t today = ui_today(ui);
	const struct rectify_rec *sel;
	int list_rows, detail = 6, stw = 10;
	char buf[1200], unit[64], item[16], d[16], h[4][48];

	if (n > nitems(idx))
		n = nitems(idx);
	for (size_t i = 0; i < n; i++)
		overdue += orgs_notice_overdue(&ns[i], today);
	snprintf(buf, sizeof buf, _(" Rectification notices  %s  %zu in all"), os->back != ORGS_LIST &&
	    os->one != NULL ? model_unit_name(ui_model(ui), os->one->sheet.unit_id) :
	    _("every notice not closed"), n);
	if (overdue > 0)
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), _(", %zu overdue"), overdue);
	ui_put_cut(y, 0, COLS, buf, ui_attr(overdue > 0 ? UI_WARN : UI_NORMAL) | A_BOLD, true, true);
	/* the state as wide as its words need (English is wider) */
	for (size_t i = 0; i < n; i++) {
		char st[64];

		snprintf(st, sizeof st, orgs_notice_overdue(&ns[i], today) ? _("%s (late)") : "%s",
		    orgs_notice_state(ns[i].state));
		if (text_width(st) > stw)
			stw = text_width(st);
	}
	if (text_width(_("State")) > stw)
		stw = text_width(_("State"));
	text_fit(_("State"), stw, true, false, h[0], sizeof h[0]);
	text_fit(_("Unit"), 16, true, false, h[1], sizeof h[1]);
	text_fit(_("Target"), 6, true, false, h[2], sizeof h[2]);
	text_fit(_("Due"), 10, true, false, h[3], sizeof h[3]);
	snprintf(buf, sizeof buf, " %s %s %s %s  %s", h[0], h[1], h[2], h[3], _("Problem"));
	ui_put(y + 1, 0, COLS, buf, ui_attr(UI_HEADER), true);
	y += 2;
	rows -= 2;
	offer_notices(ui, os);
	if (os->notices.n == 0) {
		ui_put(y + 1, 2, COLS - 4, list_empty(&os->notices) != NULL ? list_empty(&os->notices) :
		    _("No rectification notices"), ui_attr(UI_DIM), false);
		return;
	}
	list_rows = rows - detail;
	list_place(&os->notices, y, 0, COLS, list_rows);
	for (int r = 0; r < list_rows && os->notices.top + (size_t)r < os->notices.n; r++) {
		size_t k = os->notices.top + (size_t)r;
		const struct rectify_rec *x = &ns[list_at(&os->notices, k)];
		bool late = orgs_notice_overdue(x, today);
		char st[64];

		snprintf(st, sizeof st, late ? _("%s (late)") : "%s", orgs_notice_state(x->state));
		text_fit(st, stw, true, false, buf, sizeof buf);
		strlcpy_kh(st, buf, sizeof st);
		text_fit(model_unit_name(ui_model(ui), x->unit_id), 16, true, true, unit, sizeof unit);
		text_fit(x->item[0] ? x->item : "—", 6, true, true, item, sizeof item);
		orgs_date_fmt(x->deadline, d, sizeof d);
		snprintf(buf, sizeof buf, " %s %s %s %s  %s", st, unit, item, d, x->problem);
		ui_put_cut(y + r, 0, COLS, buf, ui_attr(k == os->notices.sel ? UI_SELECTED : late ? UI_ERROR :
		    x->state == 3 ? UI_DIM : UI_NORMAL), true, true);
	}
	/* the one selected, in full */
	sel = &ns[list_cur(&os->notices)];
	y += list_rows;
	{
		char when[32];

		ui_time(sel->at, when, sizeof when);
		orgs_date_fmt(sel->deadline, d, sizeof d);
		snprintf(buf, sizeof buf, ngettext(" No. %llu  %s  due %s  %u re-check  %s %s",
		    " No. %llu  %s  due %s  %u re-checks  %s %s", sel->rounds),
		    (unsigned long long)sel->id, orgs_notice_state(sel->state), d, sel->rounds,
		    model_name(ui_model(ui), sel->issued_by), when);
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_HEADER), true, true);
	}
	snprintf(buf, sizeof buf, _(" Problem: %s"), sel->problem);
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	snprintf(buf, sizeof buf, _(" Response: %s"), sel->response[0] ? sel->response : "—");
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	snprintf(buf, sizeof buf, _(" Review: %s"), sel->review[0] ? sel->review : "—");
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	ui_put_cut(y, 0, COLS, orgs_is_inspector(ui) ?
	    _(" Answered notices: x close, b send back (with a new deadline)") :
	    _(" Your unit's notices: f report the rectification"), ui_attr(UI_DIM), true, true);
}

void
orgs_notices_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	const struct rectify_rec *sel;

	offer_notices(ui, os);
	if (list_key(&os->notices, is_key, ch, &ui->mouse) != LIST_PASS)
		return;
	if ((!is_key && ch == 27) || (is_key && ch == KEY_LEFT)) {
		os->view = os->back;
		return;
	}
	if (!is_key && ch == 'f') {
		orgs_form_open(ui, os, OF_ANSWER);
	} else if (!is_key && ch == 'b') {
		orgs_form_open(ui, os, OF_REVIEW);
	} else if (!is_key && ch == 'x') {
		if ((sel = notice_sel(ui, os)) == NULL)
			return;
		if (!orgs_is_inspector(ui))
			ui_msg(ui, UI_WARN, _("Only the inspectors can close notices"));
		else if (sel->state != 2)
			ui_msg(ui, UI_NORMAL, _("Only an answered notice can be closed"));
		else {
			os->target = sel->id;
			ui_ask(ui, ASK_CLOSE, _("%s: rectification notice no. %llu is rectified, close it?"),
			    model_unit_name(ui_model(ui), sel->unit_id), (unsigned long long)sel->id);
		}
	}
}

/* ---- the draws ---- */

static void
names_of(struct ui *ui, const struct sample_rec *s, uint32_t level, uint64_t parent,
    char *buf, size_t len)
{
	struct sync *sy = client_net_sync(ui->net);
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < s->picks_n && at < len; i++) {
		const struct sample_pick *p = &s->picks[i];
		const struct unit_rec *u = sync_unit_find(sy, p->unit_id);

		if (p->level != level || (level == 2 && p->parent != parent))
			continue;
		if (level == 3 && u != NULL && u->category[0] != '\0')
			at += (size_t)snprintf(buf + at, len - at, _("%s%s (%s)"), at ? _(", ") : "",
			    model_unit_name(ui_model(ui), p->unit_id), u->category);
		else
			at += (size_t)snprintf(buf + at, len - at, "%s%s", at ? _(", ") : "",
			    model_unit_name(ui_model(ui), p->unit_id));
	}
}

void
orgs_draw_view(struct ui *ui, struct orgs_state *os, int y, int rows)
{
	const struct sample_rec *s = os->draw != NULL ? os->draw :
	    os->list->samples_n > 0 ? &os->list->samples[os->dsel] : NULL;
	int end = y + rows;
	char buf[2000], names[1800], pn[48], when[32];

	period_name(os->list->period, pn, sizeof pn);
	snprintf(buf, sizeof buf, _(" Spot checks  %s  %s  %u this period"), pn, os->list->plan_name,
	    os->list->samples_n);
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL) | A_BOLD, true, true);
	if (s == NULL) {
		ui_put(y + 1, 2, COLS - 4, _("No spot checks yet. D draws towns, their villages and one unit of each type"), ui_attr(UI_DIM), false);
		return;
	}
	ui_time(s->at, when, sizeof when);
	snprintf(buf, sizeof buf, _(" Under: %s  seed: %llu  %s %s"), model_unit_name(ui_model(ui),
	    s->unit_id), (unsigned long long)s->seed, model_name(ui_model(ui), s->by), when);
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_GOOD), true, true);
	names_of(ui, s, 1, 0, names, sizeof names);
	snprintf(buf, sizeof buf, _(" Towns: %s"), names[0] ? names : _("none"));
	ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	if (y < end)
		ui_put(y++, 0, COLS, _(" Villages drawn in each town"), ui_attr(UI_HEADER), true);
	for (uint32_t i = 0; i < s->picks_n && y < end - 2; i++) {
		if (s->picks[i].level != 1)
			continue;
		names_of(ui, s, 2, s->picks[i].unit_id, names, sizeof names);
		snprintf(buf, sizeof buf, _("   %s: %s"), model_unit_name(ui_model(ui), s->picks[i].unit_id),
		    names[0] ? names : _("none"));
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	}
	names_of(ui, s, 3, 0, names, sizeof names);
	snprintf(buf, sizeof buf, _(" One of each type: %s"), names[0] ? names : _("none"));
	if (y < end)
		ui_put_cut(y++, 0, COLS, buf, ui_attr(UI_NORMAL), true, true);
	if (y < end)
		ui_put_cut(y, 0, COLS, _(" D draw again (a seed repeats a draw)  ←→ earlier draws of this period"),
		    ui_attr(UI_DIM), true, true);
}

void
orgs_draw_key(struct ui *ui, struct orgs_state *os, bool is_key, wint_t ch)
{
	uint32_t n = os->list->samples_n;

	if (!is_key && ch == 27) {
		os->view = os->back;
		return;
	}
	if (!is_key && ch == 'D') {
		orgs_form_open(ui, os, OF_DRAW);
	} else if (is_key && (ch == KEY_LEFT || ch == KEY_RIGHT) && n > 0) {
		/* the draw just made is the last of the list once it is back */
		if (os->draw != NULL) {
			schema_free(&sample_rec_desc, os->draw);
			free(os->draw);
			os->draw = NULL;
		} else if (ch == KEY_LEFT && os->dsel > 0)
			os->dsel--;
		else if (ch == KEY_RIGHT && os->dsel + 1 < n)
			os->dsel++;
	}
}
