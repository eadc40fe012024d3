/*
 * client-review.c: a record opened from a list, read and acted on (see
 * client-review.h).
 *
 * Three modes: reading (the record scrolls), a form at the bottom for the
 * action chosen (the record stays above it), and the history of versions.
 * What may be done is worked out from the record and the user on every
 * key and draw, the same way the server's table of actions does
 * (server/doc-ops.c), so the keys offered are the ones that will work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/period.h"
#include "common/util.h"
#include "client-area.h"
#include "client-doc.h"
#include "client-history.h"
#include "client-model.h"
#include "client-net.h"
#include "client-review.h"
#include "client-text.h"
#include "client-ui.h"

#define TEXT_ROWS	4
#define COMMENT_MAX	1000	/* characters: 3000 bytes on the wire */
#define REASON_MAX	330	/* 1000 bytes */
#define NOTE_MAX	2000

enum mode { MODE_VIEW, MODE_FORM, MODE_HISTORY };
enum task { TASK_NONE, TASK_FILE, TASK_RETURN, TASK_SIGN, TASK_DONE, TASK_CORRECT };
enum focus { FOCUS_TEXT, FOCUS_GRADE, FOCUS_REASON };

enum {
	ASK_SIGN = REVIEW_ASK_BASE,
	ASK_DONE,
	ASK_DISCARD_CLOSE,
	ASK_DISCARD_NEXT,
	ASK_DISCARD_PREV,
};

struct review {
	bool		 open;
	bool		 nav;
	uint64_t	 subject;
	uint32_t	 kind;
	uint32_t	 period;

	struct textbuf	 tb;
	size_t		 top;

	enum mode	 mode;
	enum task	 task;
	enum focus	 focus;
	struct area	 text;		/* comment, reason, opinion, note */
	struct area	 reason;	/* a correction's reason */
	uint32_t	 grade;
	bool		 changed;
	char		 check[1024];
	bool		 check_bad;
	bool		 check_ok;	/* nothing missing */

	uint64_t	 reqid;		/* the action in flight */
	enum task	 req_task;
	uint64_t	 create_reqid;	/* an evaluation's draft being made */
	uint64_t	 save_reqid;	/* an evaluation's draft being saved */

	struct history	 hist;
};

const char *const review_help[] = {
	"↑↓ PgUp/PgDn", "滚动记录",
	"Enter", "处理：点评、签署或完成（自己被退回的记录：去修改）",
	"c", "写点评意见并备案（Ctrl-S 备案）",
	"r", "退回，须写明理由（Ctrl-S 退回）",
	"s", "签署评鉴：选等次、写意见（Ctrl-S 签署，Ctrl-W 暂存）",
	"d", "诫勉谈话：写谈话记录并标记完成",
	"E", "更正已备案、已签署或已公示的记录，须写明理由",
	"h", "历史：每一版的内容、时间、经手人和理由",
	"n / p", "下一项 / 上一项（不离开列表）",
	"Tab", "表单中换项；←/→ 选等次",
	"Esc", "关闭表单或返回列表（已输入的内容保留）",
	NULL, NULL
};

struct review *
review_new(void)
{
	struct review *rv = xcalloc(1, sizeof *rv);

	area_init(&rv->text, COMMENT_MAX);
	area_init(&rv->reason, REASON_MAX);
	rv->reason.single = true;
	return rv;
}

void
review_free(struct review **rvp)
{
	struct review *rv = *rvp;

	if (rv == NULL)
		return;
	history_clear(&rv->hist);
	tb_free(&rv->tb);
	area_free(&rv->text);
	area_free(&rv->reason);
	free(rv);
	*rvp = NULL;
}

bool
review_is_open(const struct review *rv)
{
	return rv != NULL && rv->open;
}

void
review_what(const struct review *rv, uint64_t *subject, uint32_t *kind, uint32_t *period)
{
	*subject = rv->subject;
	*kind = rv->kind;
	*period = rv->period;
}

static void
task_reset(struct review *rv)
{
	area_set(&rv->text, "");
	area_set(&rv->reason, "");
	rv->grade = 0;
	rv->changed = false;
	rv->task = TASK_NONE;
	rv->mode = MODE_VIEW;
	rv->check[0] = '\0';
	rv->check_bad = false;
}

void
review_close(struct review *rv)
{
	rv->open = false;
	task_reset(rv);
	history_clear(&rv->hist);
	rv->hist.reqid = 0;
}

/* ---- what the user may do ---- */

static const struct doc *
current(struct ui *ui, const struct review *rv)
{
	return ui_doc(ui, model_doc_of(ui_model(ui), rv->subject, rv->kind, rv->period));
}

static bool
read_only(struct ui *ui)
{
	return ui_role(ui) == ROLE_ORG_DEPT;
}

static bool
can_review(struct ui *ui, const struct doc *d)
{
	return d != NULL && !read_only(ui) && (d->kind == DOC_MONTHLY || d->kind == DOC_QUARTERLY) &&
	    d->state == DOC_SUBMITTED && d->reviewer == ui_me(ui);
}

static bool
can_sign(struct ui *ui, const struct review *rv, const struct doc *d)
{
	const struct person *p;

	if (rv->kind != DOC_EVALUATION || read_only(ui))
		return false;
	if (d != NULL)
		return d->state == DOC_DRAFT && d->author == ui_me(ui);
	p = model_person(ui_model(ui), rv->subject);
	return p != NULL && model_reviewer_of(ui_model(ui), p) == ui_me(ui) &&
	    !model_locked(ui_model(ui), rv->period);
}

static bool
can_done(struct ui *ui, const struct doc *d)
{
	return d != NULL && !read_only(ui) && d->kind == DOC_TASK && d->state == DOC_DRAFT &&
	    d->author == ui_me(ui);
}

static bool
can_correct(struct ui *ui, const struct doc *d)
{
	if (d == NULL || read_only(ui))
		return false;
	if (d->state != DOC_FILED && d->state != DOC_SIGNED && d->state != DOC_PUBLISHED &&
	    d->state != DOC_DONE)
		return false;
	return d->reviewed_by == ui_me(ui) || d->author == ui_me(ui) || ui_role(ui) == ROLE_ADMIN;
}

static bool
returned_mine(struct ui *ui, const struct doc *d)
{
	return d != NULL && d->state == DOC_RETURNED && d->author == ui_me(ui) &&
	    (d->kind == DOC_MONTHLY || d->kind == DOC_QUARTERLY);
}

static const char *
task_name(enum task t)
{
	static const char *const names[] = {
		"", "点评备案", "退回", "签署评鉴", "完成谈话", "更正",
	};

	return names[t];
}

/* ---- checking as the user types ---- */

static void
check(struct ui *ui, struct review *rv, bool complete)
{
	const struct doc *d = current(ui, rv);
	char *text = area_get(&rv->text);
	struct doc tmp = { .kind = rv->kind, .comment = text };
	struct codec_error err;
	const char *why = NULL;

	rv->check_bad = false;
	rv->check_ok = false;
	if ((rv->task == TASK_FILE || rv->task == TASK_SIGN || rv->task == TASK_CORRECT) &&
	    doc_check(&tmp, false, &err) != 0)
		why = err.message;
	else if (rv->task == TASK_FILE && rv->kind == DOC_MONTHLY && area_blank(&rv->text))
		why = "请填写点评意见（月记实备案须有点评）";
	else if (rv->task == TASK_RETURN && area_blank(&rv->text))
		why = "请说明退回的理由";
	else if (rv->task == TASK_SIGN && rv->grade == 0)
		why = "请选择等次（←/→）";
	else if (rv->task == TASK_SIGN && area_blank(&rv->text))
		why = "请填写评鉴意见";
	else if (rv->task == TASK_DONE && area_blank(&rv->text))
		why = "请填写谈话记录";
	else if (rv->task == TASK_CORRECT && area_blank(&rv->reason))
		why = "请说明更正的理由";
	else if (d == NULL && rv->task != TASK_SIGN)
		why = "记录已不在，可能已被更正";
	free(text);
	if (why != NULL) {
		/* While typing, a missing field is a hint, not an error. */
		rv->check_bad = complete || rv->changed;
		snprintf(rv->check, sizeof rv->check, "%s", why);
		return;
	}
	snprintf(rv->check, sizeof rv->check, "可以%s：Ctrl-S", task_name(rv->task));
	rv->check_ok = true;
}

static void
task_open(struct ui *ui, struct review *rv, enum task t)
{
	const struct doc *d = current(ui, rv);

	/* Signing and correcting start from the record's own text: never from
	 * a snapshot's slim copy, which has none yet. */
	if ((t == TASK_SIGN || t == TASK_CORRECT) && ui_doc_loading(ui, ui_doc(ui, d))) {
		ui_msg(ui, UI_NORMAL, "正在载入全文，请稍候再试");
		return;
	}
	if (rv->task != t) {
		task_reset(rv);
		rv->task = t;
		if (t == TASK_SIGN && d != NULL) {
			/* Carry on from a draft saved before. */
			area_set(&rv->text, d->comment);
			rv->grade = d->grade;
		} else if (t == TASK_CORRECT && d != NULL) {
			area_set(&rv->text, d->kind == DOC_TASK ? doc_field_get(d, "note") : d->comment);
			rv->grade = d->grade;
		}
	}
	rv->text.max = t == TASK_RETURN ? REASON_MAX : t == TASK_DONE ? NOTE_MAX : COMMENT_MAX;
	rv->mode = MODE_FORM;
	rv->focus = t == TASK_SIGN && rv->grade == 0 ? FOCUS_GRADE : FOCUS_TEXT;
	check(ui, rv, false);
}

/* ---- opening ---- */

/* An evaluation nobody has started: make its draft, so it can be signed. */
static void
create_draft(struct ui *ui, struct review *rv)
{
	struct doc d = { .kind = DOC_EVALUATION, .subject = rv->subject, .period = rv->period };
	struct doc_save_body b = { .doc = d };

	if (rv->create_reqid != 0 && client_net_is_pending(ui->net, rv->create_reqid))
		return;
	rv->create_reqid = client_net_request(ui->net, MSG_DOC_SAVE, &b);
}

void
review_open(struct ui *ui, struct review *rv, uint64_t subject, uint32_t kind, uint32_t period,
    bool with_nav)
{
	const struct doc *d;

	if (rv->open && rv->subject == subject && rv->kind == kind && rv->period == period) {
		rv->nav = with_nav;
		return;
	}
	review_close(rv);
	rv->open = true;
	rv->nav = with_nav;
	rv->subject = subject;
	rv->kind = kind;
	rv->period = period;
	rv->top = 0;
	d = current(ui, rv);
	if (kind == DOC_EVALUATION && d == NULL && can_sign(ui, rv, NULL))
		create_draft(ui, rv);
	/* Straight to the form when there is one thing to do. */
	if (can_sign(ui, rv, d))
		task_open(ui, rv, TASK_SIGN);
	else if (can_done(ui, d))
		task_open(ui, rv, TASK_DONE);
}

/* ---- drawing ---- */

static void
render(struct ui *ui, struct review *rv, int width)
{
	struct model *m = ui_model(ui);
	const struct doc *d = current(ui, rv);
	char buf[256], pn[64];

	tb_reset(&rv->tb, width);
	if (d != NULL)
		doc_render(&rv->tb, m, d);
	else if (rv->kind == DOC_EVALUATION)
		tb_text(&rv->tb, UI_DIM, 0, can_sign(ui, rv, NULL) ?
		    "评鉴尚未开始：正在创建草稿，可以先选等次、写意见。" : "评鉴尚未开始。");
	else
		tb_text(&rv->tb, UI_DIM, 0, "这份记录还没有写，或已被更正。");
	if (rv->kind != DOC_EVALUATION)
		return;
	/* What the evaluation rests on: the quarter's monthly records and
	 * the quarterly summary. */
	uint32_t first = period_of_day(PERIOD_MONTH, period_first_day(rv->period));
	for (int k = 0; k < 4; k++) {
		uint32_t kind = k < 3 ? DOC_MONTHLY : DOC_QUARTERLY;
		uint32_t per = k < 3 ? first : rv->period;
		const struct doc *x;

		if (k > 0 && k < 3)
			first = per = period_next(first);
		x = model_doc_of(m, rv->subject, kind, per);
		period_name(per, pn, sizeof pn);
		tb_blank(&rv->tb);
		snprintf(buf, sizeof buf, "━━ %s %s：%s ━━", pn, doc_kind_name(kind),
		    x != NULL ? doc_state_name(x->state) : "未填写");
		tb_text(&rv->tb, UI_KEY, 0, buf);
		if (x != NULL)
			doc_render(&rv->tb, m, x);
	}
}

static int
task_rows(const struct review *rv)
{
	if (rv->mode != MODE_FORM)
		return 0;
	switch (rv->task) {
	case TASK_SIGN:
		return TEXT_ROWS + 3;
	case TASK_CORRECT:
		return TEXT_ROWS + 3 + (rv->kind == DOC_EVALUATION);
	default:
		return TEXT_ROWS + 2;
	}
}

static void
draw_task(struct ui *ui, struct review *rv, int y, int w)
{
	char buf[256];
	int cy = -1, cx = -1, ty, tw;
	const char *label;

	attron(ui_attr(UI_DIM));
	mvhline(y, 0, ACS_HLINE, COLS);
	attroff(ui_attr(UI_DIM));
	switch (rv->task) {
	case TASK_FILE:
		label = rv->kind == DOC_MONTHLY ? " 点评意见（必填）" : " 点评意见（可不填）";
		break;
	case TASK_RETURN:
		label = " 退回理由（必填）";
		break;
	case TASK_SIGN:
		label = " 选等次，写评鉴意见";
		break;
	case TASK_DONE:
		label = " 谈话记录";
		break;
	default:
		label = rv->kind == DOC_TASK ? " 更正后的谈话记录" :
		    rv->kind == DOC_EVALUATION ? " 更正后的等次和评鉴意见" : " 更正后的点评意见";
		break;
	}
	snprintf(buf, sizeof buf, " %s：%s ", task_name(rv->task), label + 1);
	ui_put(y, 2, w - 4, buf, ui_attr(UI_HEADER), false);
	snprintf(buf, sizeof buf, " %zu/%zu 字 ", rv->text.len, rv->text.max);
	ui_put(y, COLS - text_width(buf) - 2, text_width(buf), buf, ui_attr(UI_DIM), false);
	y++;
	if (rv->task == TASK_SIGN || (rv->task == TASK_CORRECT && rv->kind == DOC_EVALUATION)) {
		bool on = rv->focus == FOCUS_GRADE;

		ui_put(y, 2, 6, "等次", ui_attr(on ? UI_HEADER : UI_NORMAL), false);
		snprintf(buf, sizeof buf, "< %s >", rv->grade ? grade_name(rv->grade) : "请选择");
		ui_put(y, 8, 14, buf, ui_attr(on ? UI_FIELD_ACTIVE :
		    rv->grade == GRADE_INCOMPETENT ? UI_ERROR : UI_FIELD), true);
		ui_put(y, 24, w - 24, "←/→ 选择：优秀 称职 基本称职 不称职", ui_attr(UI_DIM), false);
		if (on) {
			cy = y;
			cx = 10;
		}
		y++;
	}
	ty = y;
	tw = w - 4;
	area_draw(&rv->text, ty, 2, TEXT_ROWS, tw,
	    ui_attr(rv->focus == FOCUS_TEXT ? UI_FIELD_ACTIVE : UI_FIELD),
	    rv->focus == FOCUS_TEXT ? &cy : NULL, rv->focus == FOCUS_TEXT ? &cx : NULL);
	y += TEXT_ROWS;
	if (rv->task == TASK_CORRECT) {
		bool on = rv->focus == FOCUS_REASON;

		ui_put(y, 2, 10, "更正理由", ui_attr(on ? UI_HEADER : UI_NORMAL), false);
		area_draw(&rv->reason, y, 12, 1, w - 14, ui_attr(on ? UI_FIELD_ACTIVE : UI_FIELD),
		    on ? &cy : NULL, on ? &cx : NULL);
		y++;
	}
	if (rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid))
		ui_put(y, 2, w - 4, client_net_state(ui->net) == SYNC_CONNECTED ?
		    "正在发送..." : "服务器暂时连不上：已排队，恢复后自动发送", ui_attr(UI_WARN), true);
	else
		ui_put_cut(y, 2, w - 4, rv->check, ui_attr(rv->check_bad ? UI_ERROR :
		    rv->check_ok ? UI_GOOD : UI_DIM), true, true);
	if (cy >= 0) {
		move(cy, cx);
		curs_set(1);
	}
}

void
review_draw(struct ui *ui, struct review *rv, int y, int rows, const char *position)
{
	const struct doc *d = current(ui, rv);
	char title[256], label[200];
	int w = COLS, fr = task_rows(rv), text_rows;

	doc_label(ui_model(ui), rv->kind, rv->subject, rv->period, label, sizeof label);
	snprintf(title, sizeof title, " %s%s%s%s", label, d != NULL ? " · " : "",
	    d != NULL ? doc_state_name(d->state) : "", rv->mode == MODE_HISTORY ? " · 历史" : "");
	ui_put(y, 0, w, title, ui_attr(UI_HEADER), true);
	if (position != NULL)
		ui_put(y, w - text_width(position) - 2, text_width(position) + 1, position,
		    ui_attr(UI_DIM), false);
	y++;
	rows--;
	if (rv->mode == MODE_HISTORY) {
		history_draw(ui, &rv->hist, y, rows, w);
		return;
	}
	text_rows = rows - fr;
	render(ui, rv, w - 2);
	if (rv->tb.n <= (size_t)text_rows)
		rv->top = 0;
	else if (rv->top > rv->tb.n - (size_t)text_rows)
		rv->top = rv->tb.n - (size_t)text_rows;
	tb_draw(&rv->tb, y, 1, text_rows, rv->top);
	if (rv->tb.n > (size_t)text_rows) {
		char more[64];

		snprintf(more, sizeof more, " %zu/%zu行 PgDn ", rv->top + (size_t)text_rows <
		    rv->tb.n ? rv->top + (size_t)text_rows : rv->tb.n, rv->tb.n);
		ui_put(y + text_rows - 1, w - text_width(more) - 1, text_width(more), more,
		    ui_attr(UI_DIM) | A_REVERSE, false);
	}
	if (fr > 0)
		draw_task(ui, rv, y + text_rows, w);
}

const char *const *
review_keys(struct ui *ui, struct review *rv)
{
	static const char *keys[32];
	const struct doc *d = current(ui, rv);
	int k = 0;

#define KEY(a, b) do { keys[k++] = (a); keys[k++] = (b); } while (0)
	if (rv->mode == MODE_FORM) {
		KEY("Ctrl-S", task_name(rv->task));
		if (rv->task == TASK_SIGN)
			KEY("Ctrl-W", "暂存");
		KEY("Tab", "换项");
		KEY("PgUp/PgDn", "翻看记录");
		KEY("Esc", "收起");
	} else if (rv->mode == MODE_HISTORY) {
		KEY("↑↓", "选择版本");
		KEY("PgUp/PgDn", "滚动");
		KEY("Esc", "返回");
	} else {
		KEY("↑↓", "滚动");
		if (can_review(ui, d)) {
			KEY("c", "点评备案");
			KEY("r", "退回");
		}
		if (can_sign(ui, rv, d))
			KEY("s", "签署");
		if (can_done(ui, d))
			KEY("d", "完成谈话");
		if (returned_mine(ui, d))
			KEY("Enter", "去修改");
		if (can_correct(ui, d))
			KEY("E", "更正");
		if (rv->nav) {
			KEY("n", "下一项");
			KEY("p", "上一项");
		}
		if (d != NULL)
			KEY("h", "历史");
		KEY("Esc", "返回");
		KEY("?", "帮助");
	}
#undef KEY
	keys[k] = NULL;
	return keys;
}

/* ---- acting ---- */

static void
send_action(struct ui *ui, struct review *rv)
{
	const struct doc *d = current(ui, rv);
	struct doc_act_body b;
	struct doc_field note = { .key = "note" };
	char *text, *reason = NULL;

	if (d == NULL) {
		ui_msg(ui, UI_WARN, rv->task == TASK_SIGN ? "评鉴草稿还在创建中，请稍候再签署" :
		    "记录已不在，可能已被更正");
		return;
	}
	memset(&b, 0, sizeof b);
	text = area_get(&rv->text);
	b.id = d->id;
	b.version = d->version;
	switch (rv->task) {
	case TASK_FILE:
		b.action = ACT_FILE;
		b.comment = text;
		break;
	case TASK_RETURN:
		b.action = ACT_RETURN;
		b.reason = text;
		break;
	case TASK_SIGN:
		b.action = ACT_SIGN;
		b.comment = text;
		b.grade = rv->grade;
		break;
	case TASK_DONE:
		b.action = ACT_DONE;
		note.value = text;
		b.fields = &note;
		b.fields_n = 1;
		break;
	case TASK_CORRECT:
		b.action = ACT_CORRECT;
		reason = area_get(&rv->reason);
		b.reason = reason;
		if (d->kind == DOC_TASK) {
			note.value = text;
			b.fields = &note;
			b.fields_n = 1;
		} else
			b.comment = text;
		if (d->kind == DOC_EVALUATION)
			b.grade = rv->grade;
		break;
	default:
		free(text);
		return;
	}
	rv->reqid = client_net_request(ui->net, MSG_DOC_ACT, &b);
	rv->req_task = rv->task;
	free(text);
	free(reason);
	if (rv->reqid == 0)
		ui_msg(ui, UI_ERROR, "无法发送：客户端已停止");
	else if (client_net_state(ui->net) == SYNC_CONNECTED)
		ui_msg(ui, UI_NORMAL, "正在%s...", task_name(rv->task));
	else
		ui_msg(ui, UI_WARN, "服务器暂时连不上：已排队，恢复后自动发送");
}

/* Keep an evaluation's opinion and grade as a draft on the server. */
static void
save_draft(struct ui *ui, struct review *rv)
{
	const struct doc *d = current(ui, rv);
	struct doc_save_body b;
	char *text;

	if (d == NULL) {
		ui_msg(ui, UI_WARN, "评鉴草稿还在创建中，请稍候");
		return;
	}
	memset(&b, 0, sizeof b);
	text = area_get(&rv->text);
	b.doc.id = d->id;
	b.doc.version = d->version;
	b.doc.kind = d->kind;
	b.doc.subject = d->subject;
	b.doc.period = d->period;
	b.doc.comment = text;
	b.doc.grade = rv->grade;
	rv->save_reqid = client_net_request(ui->net, MSG_DOC_SAVE, &b);
	free(text);
	ui_msg(ui, UI_NORMAL, "正在暂存...");
}

static void
submit(struct ui *ui, struct review *rv)
{
	if (rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid)) {
		ui_msg(ui, UI_WARN, "上一次操作还在发送中，请稍候");
		return;
	}
	check(ui, rv, true);
	if (rv->check_bad) {
		if (rv->task == TASK_SIGN && rv->grade == 0)
			rv->focus = FOCUS_GRADE;
		else if (rv->task == TASK_CORRECT && area_blank(&rv->reason))
			rv->focus = FOCUS_REASON;
		else
			rv->focus = FOCUS_TEXT;
		ui_msg(ui, UI_ERROR, "%s", rv->check);
		return;
	}
	if (rv->task == TASK_SIGN) {
		char label[200];

		doc_label(ui_model(ui), rv->kind, rv->subject, rv->period, label, sizeof label);
		if (rv->grade == GRADE_INCOMPETENT) {
			char pn[64];

			period_name(rv->period, pn, sizeof pn);
			ui_ask(ui, ASK_SIGN, "将%s评为「不称职」（%s）？签署后不能修改，并生成诫勉谈话",
			    model_name(ui_model(ui), rv->subject), pn);
		} else
			ui_ask(ui, ASK_SIGN, "签署%s，等次「%s」？签署后不能修改", label,
			    grade_name(rv->grade));
		return;
	}
	if (rv->task == TASK_DONE) {
		ui_ask(ui, ASK_DONE, "谈话记录提交后不能修改，确定完成？");
		return;
	}
	send_action(ui, rv);
}

static bool
focus_next(struct review *rv, int delta)
{
	enum focus order[3];
	int n = 0, at = 0;

	if (rv->task == TASK_SIGN || (rv->task == TASK_CORRECT && rv->kind == DOC_EVALUATION))
		order[n++] = FOCUS_GRADE;
	order[n++] = FOCUS_TEXT;
	if (rv->task == TASK_CORRECT)
		order[n++] = FOCUS_REASON;
	for (int i = 0; i < n; i++)
		if (order[i] == rv->focus)
			at = i;
	at += delta;
	if (at < 0 || at >= n)
		return false;
	rv->focus = order[at];
	return true;
}

static enum review_result
task_key(struct ui *ui, struct review *rv, bool is_key, wint_t ch)
{
	enum edit_result r;

	if (!is_key && ch == 27) {
		rv->mode = MODE_VIEW;
		if (rv->changed)
			ui_msg(ui, UI_NORMAL, "已收起，输入的内容保留；按 %s 继续",
			    rv->task == TASK_RETURN ? "r" : rv->task == TASK_CORRECT ? "E" :
			    rv->task == TASK_SIGN ? "s" : rv->task == TASK_DONE ? "d" : "c");
		return REVIEW_NONE;
	}
	if (!is_key && ch == CTRL('S')) {
		submit(ui, rv);
		return REVIEW_NONE;
	}
	if (!is_key && ch == CTRL('W') && rv->task == TASK_SIGN) {
		save_draft(ui, rv);
		return REVIEW_NONE;
	}
	if ((!is_key && ch == '\t') || (is_key && ch == KEY_BTAB)) {
		if (!focus_next(rv, is_key ? -1 : 1))
			focus_next(rv, is_key ? 2 : -2);
		return REVIEW_NONE;
	}
	if (is_key && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		int page = LINES / 2;

		if (ch == KEY_PPAGE)
			rv->top = rv->top > (size_t)page ? rv->top - (size_t)page : 0;
		else
			rv->top += (size_t)page;
		return REVIEW_NONE;
	}
	if (rv->focus == FOCUS_GRADE) {
		if ((is_key && ch == KEY_RIGHT) || (!is_key && ch == ' '))
			rv->grade = rv->grade >= GRADE_INCOMPETENT ? GRADE_EXCELLENT : rv->grade + 1;
		else if (is_key && ch == KEY_LEFT)
			rv->grade = rv->grade <= GRADE_EXCELLENT ? GRADE_INCOMPETENT : rv->grade - 1;
		else if ((is_key && (ch == KEY_DOWN || ch == KEY_ENTER)) ||
		    (!is_key && (ch == '\r' || ch == '\n')))
			focus_next(rv, 1);
		else
			return REVIEW_NONE;
		rv->changed = true;
		check(ui, rv, false);
		return REVIEW_NONE;
	}
	r = area_key(rv->focus == FOCUS_REASON ? &rv->reason : &rv->text, is_key, ch);
	if (r == EDIT_IGNORED && is_key && (ch == KEY_UP || ch == KEY_DOWN))
		focus_next(rv, ch == KEY_UP ? -1 : 1);
	else if (r == EDIT_IGNORED && rv->focus == FOCUS_REASON &&
	    ((!is_key && (ch == '\r' || ch == '\n')) || (is_key && ch == KEY_ENTER)))
		submit(ui, rv);
	if (r == EDIT_FULL)
		ui_msg(ui, UI_WARN, "已到字数上限");
	if (r == EDIT_CHANGED) {
		rv->changed = true;
		check(ui, rv, false);
	}
	return REVIEW_NONE;
}

/* Leaving with typed text asks first. */
static enum review_result
leave(struct ui *ui, struct review *rv, enum review_result where, int ask)
{
	if (rv->changed && (!area_blank(&rv->text) || !area_blank(&rv->reason)) &&
	    !(rv->reqid != 0 && client_net_is_pending(ui->net, rv->reqid))) {
		ui_ask(ui, ask, "输入的%s还没有提交，放弃？", rv->task == TASK_RETURN ? "退回理由" :
		    rv->task == TASK_DONE ? "谈话记录" : "意见");
		return REVIEW_NONE;
	}
	return where;
}

enum review_result
review_key(struct ui *ui, struct review *rv, bool is_key, wint_t ch)
{
	const struct doc *d = current(ui, rv);
	int page = LINES - 8;

	if (rv->mode == MODE_FORM)
		return task_key(ui, rv, is_key, ch);
	if (rv->mode == MODE_HISTORY) {
		if (!history_key(&rv->hist, is_key, ch))
			rv->mode = MODE_VIEW;
		return REVIEW_NONE;
	}
	if (is_key) {
		switch (ch) {
		case KEY_UP:
			if (rv->top > 0)
				rv->top--;
			break;
		case KEY_DOWN:
			rv->top++;
			break;
		case KEY_PPAGE:
			rv->top = rv->top > (size_t)page ? rv->top - (size_t)page : 0;
			break;
		case KEY_NPAGE:
			rv->top += (size_t)page;
			break;
		case KEY_HOME:
			rv->top = 0;
			break;
		case KEY_END:
			rv->top = rv->tb.n;
			break;
		case KEY_ENTER:
			goto enter;
		case KEY_LEFT:
			return leave(ui, rv, REVIEW_CLOSE, ASK_DISCARD_CLOSE);
		}
		return REVIEW_NONE;
	}
	switch (ch) {
	case 'k':
		if (rv->top > 0)
			rv->top--;
		break;
	case 'j':
	case ' ':
		rv->top += ch == ' ' ? (size_t)page : 1;
		break;
	case 27:
		return leave(ui, rv, REVIEW_CLOSE, ASK_DISCARD_CLOSE);
	case 'n':
		if (rv->nav)
			return leave(ui, rv, REVIEW_NEXT, ASK_DISCARD_NEXT);
		break;
	case 'p':
		if (rv->nav)
			return leave(ui, rv, REVIEW_PREV, ASK_DISCARD_PREV);
		break;
	case '\r':
	case '\n':
		goto enter;
	case 'c':
	case 'r':
		if (can_review(ui, d))
			task_open(ui, rv, ch == 'c' ? TASK_FILE : TASK_RETURN);
		else
			ui_msg(ui, UI_WARN, "这份记录现在不由你点评");
		break;
	case 's':
		if (can_sign(ui, rv, d))
			task_open(ui, rv, TASK_SIGN);
		else
			ui_msg(ui, UI_WARN, "这份评鉴现在不由你签署");
		break;
	case 'd':
		if (can_done(ui, d))
			task_open(ui, rv, TASK_DONE);
		break;
	case 'E':
		if (can_correct(ui, d))
			task_open(ui, rv, TASK_CORRECT);
		else
			ui_msg(ui, UI_WARN, "只有已备案、已签署、已公示或已完成的记录可以更正，且须由经手人或考核办更正");
		break;
	case 'h':
		if (d == NULL)
			break;
		history_request(ui, &rv->hist, d->id);
		rv->mode = MODE_HISTORY;
		rv->top = 0;
		break;
	}
	return REVIEW_NONE;

enter:
	if (returned_mine(ui, d))
		return REVIEW_EDIT;
	if (rv->task != TASK_NONE)
		task_open(ui, rv, rv->task);
	else if (can_review(ui, d))
		task_open(ui, rv, TASK_FILE);
	else if (can_sign(ui, rv, d))
		task_open(ui, rv, TASK_SIGN);
	else if (can_done(ui, d))
		task_open(ui, rv, TASK_DONE);
	return REVIEW_NONE;
}

bool
review_typing(const struct review *rv)
{
	return rv != NULL && rv->open && rv->mode == MODE_FORM;
}

bool
review_unsaved(const struct review *rv)
{
	return rv != NULL && rv->open && rv->changed &&
	    (!area_blank(&rv->text) || !area_blank(&rv->reason));
}

enum review_result
review_answer(struct ui *ui, struct review *rv, int action, bool yes)
{
	if (!yes)
		return REVIEW_NONE;
	switch (action) {
	case ASK_SIGN:
	case ASK_DONE:
		send_action(ui, rv);
		return REVIEW_NONE;
	case ASK_DISCARD_CLOSE:
	case ASK_DISCARD_NEXT:
	case ASK_DISCARD_PREV:
		task_reset(rv);
		return action == ASK_DISCARD_CLOSE ? REVIEW_CLOSE :
		    action == ASK_DISCARD_NEXT ? REVIEW_NEXT : REVIEW_PREV;
	}
	return REVIEW_NONE;
}

bool
review_event(struct ui *ui, struct review *rv, const struct net_event *ev)
{
	char why[800];
	bool failed;

	if (rv == NULL || ev->reqid == 0)
		return false;
	if (history_event(ui, &rv->hist, ev, &failed)) {
		if (failed)
			rv->mode = MODE_VIEW;
		return true;
	}
	if (ev->reqid == rv->create_reqid) {
		rv->create_reqid = 0;
		if (ev->type != NET_EV_WRITE_OK) {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, "无法创建评鉴草稿：%s", why);
		}
		return true;
	}
	if (ev->reqid == rv->save_reqid) {
		rv->save_reqid = 0;
		if (ev->type == NET_EV_WRITE_OK)
			ui_msg(ui, UI_GOOD, "已暂存评鉴草稿");
		else {
			ui_error_text(ev, why, sizeof why);
			ui_msg(ui, UI_ERROR, "暂存失败：%s", why);
		}
		return true;
	}
	if (ev->reqid != rv->reqid)
		return false;
	rv->reqid = 0;
	if (ev->type == NET_EV_WRITE_OK) {
		static const char *const done[] = {
			"", "已点评备案", "已退回", "已签署", "谈话已完成", "已更正",
		};
		bool talk = rv->req_task == TASK_SIGN && ev->doc.grade == GRADE_INCOMPETENT;

		ui_msg(ui, UI_GOOD, "%s%s%s", done[rv->req_task],
		    talk ? "；已生成诫勉谈话任务" : "", rv->nav ? "。n 下一项" : "");
		if (rv->task == rv->req_task)
			task_reset(rv);
		if (ev->doc.supersedes != 0)
			rv->top = 0;
		return true;
	}
	ui_error_text(ev, why, sizeof why);
	snprintf(rv->check, sizeof rv->check, "%s失败：%s", task_name(rv->req_task), why);
	rv->check_bad = true;
	ui_msg(ui, UI_ERROR, "%s", rv->check);
	if (rv->task == rv->req_task)
		rv->mode = MODE_FORM;
	return true;
}
