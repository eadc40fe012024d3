/*
 * client-trend.c: a person's results over a year as a sparkline
 * (client-trend.h).
 *
 * One BALLOT for the plan (its name, the period types it scores, the next
 * plan), then one SHEETS per period of the year that has begun, months
 * first.  When not one month has a complete sheet the plan is not scored
 * by the month: the quarters are asked for, then the half-years, so the
 * line shows what the plan does score.
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/period.h"
#include "common/util.h"
#include "client-net.h"
#include "client-sync.h"
#include "client-text.h"
#include "client-trend.h"
#include "client-ui.h"

/* ---- pure ---- */

int
trend_level(uint32_t score)
{
	/* the grades' bands keep their own heights: 不称职 0, 基本称职 1-3,
	 * 称职 4-5, 优秀 6-7 */
	static const uint32_t from[TREND_LEVELS - 1] = {
		6000, 6700, 7300, 8000, 8500, 9000, 9500
	};
	int l = 0;

	while (l < TREND_LEVELS - 1 && score >= from[l])
		l++;
	return l;
}

int
trend_grade_level(uint32_t grade)
{
	switch (grade) {
	case GRADE_EXCELLENT: return 7;
	case GRADE_COMPETENT: return 5;
	case GRADE_BASIC: return 2;
	default: return 0;
	}
}

const char *
trend_glyph(int level, bool ascii)
{
	static const char *const blocks[TREND_LEVELS] = {
		"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"
	};
	static const char *const plain[TREND_LEVELS] = {
		"_", ".", "-", "~", "=", "+", "*", "#"
	};

	if (level < 0)
		return ascii ? " " : "·";
	if (level >= TREND_LEVELS)
		level = TREND_LEVELS - 1;
	return ascii ? plain[level] : blocks[level];
}

void
trend_line(const bool *have, const uint32_t *score, size_t n, bool ascii, char *buf, size_t len)
{
	size_t at = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *g = trend_glyph(have[i] ? trend_level(score[i]) : -1, ascii);
		size_t gl = strlen(g);

		/* a cell whole or not at all */
		if (at + gl + 1 > len)
			break;
		memcpy(buf + at, g, gl + 1);
		at += gl;
	}
}

bool
trend_ascii(void)
{
	const char *term = getenv("TERM"), *cs = nl_langinfo(CODESET);
	const char *env = getenv("KAOHE_ASCII");

	if (env != NULL && env[0] != '\0' && strcmp(env, "0") != 0)
		return true;
	if (cs == NULL || (strcmp(cs, "UTF-8") != 0 && strcmp(cs, "utf8") != 0))
		return true;
	/* the Linux console's font lacks the eighths of a block */
	return term != NULL && strncmp(term, "linux", 5) == 0;
}

/* ---- with the server ---- */

static void
ask_ballot(struct ui *ui, struct trend *t)
{
	struct ballot_body b = { .session = "", .plan = t->plan, .period = 0 };

	t->ballot_req = client_net_request(ui->net, MSG_BALLOT, &b);
}

/* The periods of the type shown, of the year, begun by today. */
static void
lay_out(struct ui *ui, struct trend *t)
{
	uint32_t today = ui_today(ui), p;

	t->n = 0;
	memset(t->asked, 0, sizeof t->asked);
	memset(t->answered, 0, sizeof t->answered);
	memset(t->have, 0, sizeof t->have);
	memset(t->req, 0, sizeof t->req);
	p = period_make((enum period_type)t->type, (int)t->year, 1);
	for (; p != 0 && t->n < TREND_MAX && p / 100 == t->year && period_first_day(p) <= today;
	    p = period_next(p))
		t->period[t->n++] = p;
}

static void
ask_sheets(struct ui *ui, struct trend *t)
{
	struct sync *s = client_net_sync(ui->net);

	for (size_t i = 0; i < t->n; i++) {
		uint64_t stamp = sync_sheet_stamp(s, t->plan_key, t->period[i]);
		struct sheets_body b = { .session = "", .plan = t->plan_key, .period = t->period[i],
		    .unit_id = t->unit };

		if (t->asked[i] && stamp == t->stamp[i])
			continue;
		if (t->asked[i] && !t->answered[i])	/* still on its way */
			continue;
		t->stamp[i] = stamp;
		t->asked[i] = true;
		t->answered[i] = false;
		t->req[i] = client_net_request(ui->net, MSG_SHEETS, &b);
	}
}

void
trend_want(struct ui *ui, struct trend *t, const char *plan, uint64_t subject, uint64_t unit,
    uint32_t year)
{
	if (strcmp(t->plan, plan) != 0 || t->subject != subject || t->year != year ||
	    t->unit != unit) {
		memset(t, 0, sizeof *t);
		strlcpy_kh(t->plan, plan, sizeof t->plan);
		t->subject = subject;
		t->unit = unit;
		t->year = year;
	}
	if (subject == 0)
		return;
	if (!t->have_plan) {
		if (t->ballot_req == 0)
			ask_ballot(ui, t);
		return;
	}
	ask_sheets(ui, t);
}

const char *
trend_next_plan(const struct trend *t)
{
	return t->next_plan;
}

/* The finest period type the plan scores, after type (0: from months). */
static uint32_t
next_type(uint32_t types, uint32_t after)
{
	for (uint32_t k = after + 1; k <= PERIOD_HALF; k++)
		if (types & (1u << k))
			return k;
	return 0;
}

static void
take_ballot(struct ui *ui, struct trend *t, const struct ballot_reply_body *b)
{
	strlcpy_kh(t->plan_key, b->plan, sizeof t->plan_key);
	strlcpy_kh(t->plan_name, b->plan_name, sizeof t->plan_name);
	t->next_plan[0] = '\0';
	for (uint32_t i = 0; i < b->plans_n; i++)
		if (strcmp(b->plans[i].key, b->plan) == 0)
			strlcpy_kh(t->next_plan, b->plans[(i + 1) % b->plans_n].key, sizeof t->next_plan);
	t->types = b->period_types;
	t->type = next_type(t->types, 0);
	t->have_plan = true;
	if (t->type == 0)
		return;
	lay_out(ui, t);
	ask_sheets(ui, t);
}

/* Every period answered and none scored: the plan's next coarser type. */
static void
maybe_coarser(struct ui *ui, struct trend *t)
{
	if (t->type == 0)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (t->have[i] || !t->answered[i])
			return;
	if ((t->type = next_type(t->types, t->type)) == 0)
		return;
	lay_out(ui, t);
	ask_sheets(ui, t);
}

bool
trend_event(struct ui *ui, struct trend *t, const struct net_event *ev)
{
	if (ev->reqid == 0)
		return false;
	if (ev->reqid == t->ballot_req) {
		if (ev->type == NET_EV_READ_OK && ev->reply != NULL)
			take_ballot(ui, t, ev->reply);
		return true;
	}
	for (size_t i = 0; i < t->n; i++) {
		const struct sheets_reply_body *b = ev->reply;

		if (ev->reqid != t->req[i])
			continue;
		t->have[i] = false;
		t->answered[i] = true;
		for (uint32_t k = 0; ev->type == NET_EV_READ_OK && b != NULL && k < b->rows_n; k++)
			if (b->rows[k].subject == t->subject && b->rows[k].complete) {
				t->have[i] = true;
				t->score[i] = b->rows[k].composite;
				t->grade[i] = b->rows[k].grade;
			}
		maybe_coarser(ui, t);
		return true;
	}
	return false;
}

static int
grade_look(uint32_t grade)
{
	switch (grade) {
	case GRADE_EXCELLENT: return UI_GOOD;
	case GRADE_BASIC: return UI_WARN;
	case GRADE_INCOMPETENT: return UI_ERROR;
	default: return UI_NORMAL;
	}
}

void
trend_draw(struct ui *ui, const struct trend *t, int y, int x, int w)
{
	/* TRANSLATORS: before the sparkline, the year of its cells. */
	static const char *const heads[] = {
		"", N_("%u monthly results "), N_("%u quarterly results "),
		N_("%u half-yearly results "), N_("%u annual result ")
	};
	bool ascii = trend_ascii();
	char head[256], tail[512], sc[16];
	size_t last = TREND_MAX;
	int at = x, end = x + w;

	(void)ui;
	move(y, x);
	for (int c = x; c < end && c < COLS; c++)
		addch(' ');
	if (t->subject == 0)
		return;
	if (!t->have_plan) {
		ui_put(y, x, w, _("Results of the year: loading…"), ui_attr(UI_DIM), false);
		return;
	}
	if (t->type == 0 || t->n == 0) {
		snprintf(head, sizeof head, _("%u results: none scored in %s"), t->year, t->plan_name);
		ui_put_cut(y, x, w, head, ui_attr(UI_DIM), false, true);
		return;
	}
	snprintf(head, sizeof head, _(heads[t->type]), t->year);
	at += ui_put(y, at, end - at, head, ui_attr(UI_HEADER), false);
	for (size_t i = 0; i < t->n && at < end; i++) {
		int level = t->have[i] ? trend_level(t->score[i]) : -1;

		at += ui_put(y, at, 1, trend_glyph(level, ascii),
		    ui_attr(t->have[i] ? (enum ui_look)grade_look(t->grade[i]) : UI_DIM), false);
		if (t->have[i])
			last = i;
	}
	if (last == TREND_MAX) {
		snprintf(tail, sizeof tail, "  %s  %s", _("no complete sheet yet"), t->plan_name);
		ui_put_cut(y, at, end - at, tail, ui_attr(UI_DIM), false, true);
		return;
	}
	score_fmt(t->score[last], sc, sizeof sc);
	period_name(t->period[last], head, sizeof head);
	snprintf(tail, sizeof tail, "  %s %s %s  %s", head, sc, grade_name(t->grade[last]),
	    t->plan_name);
	ui_put_cut(y, at, end - at, tail, ui_attr(UI_NORMAL), false, true);
}
