/*
 * forms.c: the forms of the cycle's records and their checks (see forms.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "period.h"
#include "util.h"

static const struct form_def forms[] = {
	{ DOC_MONTHLY, "月记实", "monthly record", PERIOD_MONTH, {
		{ "duties", "履行岗位职责情况", 2000, true },
		{ "goals", "目标任务完成情况", 2000, true },
		{ "plan", "下月工作计划", 2000, true },
	}, 3 },
	{ DOC_QUARTERLY, "季度小结", "quarterly summary", PERIOD_QUARTER, {
		{ "performance", "履职情况", 2000, true },
		{ "tasks", "工作任务完成情况", 2000, true },
		{ "attendance", "出勤情况", 500, true },
	}, 3 },
	{ DOC_EVALUATION, "领导评鉴", "leader evaluation", PERIOD_QUARTER, { { NULL, NULL, 0, false } }, 0 },
	{ DOC_TASK, "诫勉谈话", "admonishment talk", PERIOD_QUARTER, {
		{ "note", "谈话记录", 2000, true },
	}, 1 },
};

const struct form_def *
form_def(uint32_t kind)
{
	for (size_t i = 0; i < nitems(forms); i++)
		if (forms[i].kind == kind)
			return &forms[i];
	return NULL;
}

const char *
doc_state_name(uint32_t state)
{
	static const char *const names[] = {
		"", "草稿", "已提交", "已退回", "已备案", "已签署", "已公示", "已完成",
	};

	return state < nitems(names) ? names[state] : "?";
}

const char *
doc_action_name(uint32_t action)
{
	static const char *const names[] = {
		"", "提交", "点评备案", "退回", "签署", "完成", "更正",
	};

	return action < nitems(names) ? names[action] : "?";
}

const char *
grade_name(uint32_t grade)
{
	static const char *const names[] = { "", "优秀", "称职", "基本称职", "不称职" };

	return grade < nitems(names) ? names[grade] : "?";
}

const char *
doc_field_get(const struct doc *d, const char *key)
{
	for (uint32_t i = 0; i < d->fields_n; i++)
		if (d->fields[i].key != NULL && strcmp(d->fields[i].key, key) == 0)
			return d->fields[i].value != NULL ? d->fields[i].value : "";
	return "";
}

void
doc_field_set(struct doc *d, const char *key, const char *value)
{
	for (uint32_t i = 0; i < d->fields_n; i++)
		if (d->fields[i].key != NULL && strcmp(d->fields[i].key, key) == 0) {
			free(d->fields[i].value);
			d->fields[i].value = xstrdup(value);
			return;
		}
	d->fields = xrealloc(d->fields, (d->fields_n + 1) * sizeof *d->fields);
	d->fields[d->fields_n].key = xstrdup(key);
	d->fields[d->fields_n].value = xstrdup(value);
	d->fields_n++;
}

static int
refuse(struct codec_error *err, const char *field, const char *fmt, const char *arg)
{
	err->code = KH_ERR_INVALID;
	strlcpy_kh(err->field, field, sizeof err->field);
	snprintf(err->message, sizeof err->message, fmt, arg);
	return -1;
}

/* Text a user wrote: UTF-8, at most max code points, no control characters
 * but line breaks (forms are several lines), no lone spaces as content. */
static int
check_text(const char *s, uint32_t max, const char *field, const char *label,
    struct codec_error *err)
{
	if (s == NULL)
		return 0;
	if (!utf8_valid(s, strlen(s)))
		return refuse(err, field, "%s含有无效字符", label);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return refuse(err, field, "%s不能含有控制字符", label);
	if (utf8_count(s) > max) {
		char why[160];
		snprintf(why, sizeof why, "%%s最多 %u 字", max);
		return refuse(err, field, why, label);
	}
	return 0;
}

static bool
blank(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (*s != ' ' && *s != '\n' && strncmp(s, "\xe3\x80\x80", 3) != 0)
			return false;
		else if (*s == '\xe3')
			s += 2;
	return true;
}

int
doc_check(const struct doc *d, bool complete, struct codec_error *err)
{
	const struct form_def *f = form_def(d->kind);

	if (f == NULL)
		return refuse(err, "kind", "%s", "没有这种记录");
	for (uint32_t i = 0; i < d->fields_n; i++) {
		const struct form_field *ff = NULL;

		for (uint32_t j = 0; j < f->nfields; j++)
			if (d->fields[i].key != NULL && strcmp(d->fields[i].key, f->fields[j].key) == 0)
				ff = &f->fields[j];
		if (ff == NULL)
			return refuse(err, "fields", "%s没有这一项", f->name);
		for (uint32_t k = 0; k < i; k++)
			if (strcmp(d->fields[k].key, d->fields[i].key) == 0)
				return refuse(err, ff->key, "%s填了两次", ff->label);
		if (check_text(d->fields[i].value, ff->max_chars, ff->key, ff->label, err) != 0)
			return -1;
	}
	if (d->unfinished_n > 0 && d->kind != DOC_QUARTERLY)
		return refuse(err, "unfinished", "%s没有未完成任务一项", f->name);
	for (uint32_t i = 0; i < d->unfinished_n; i++) {
		if (check_text(d->unfinished[i].task, 200, "unfinished", "未完成任务", err) != 0 ||
		    check_text(d->unfinished[i].explanation, 1000, "unfinished", "未完成原因", err) != 0)
			return -1;
		if (blank(d->unfinished[i].task))
			return refuse(err, "unfinished", "%s", "未完成任务不能为空");
		if (complete && blank(d->unfinished[i].explanation))
			return refuse(err, "unfinished", "未完成任务“%s”必须说明原因",
			    d->unfinished[i].task);
	}
	if (check_text(d->comment, 1500, "comment", "意见", err) != 0)
		return -1;
	if (complete)
		for (uint32_t j = 0; j < f->nfields; j++)
			if (f->fields[j].required && blank(doc_field_get(d, f->fields[j].key)))
				return refuse(err, f->fields[j].key, "请填写%s", f->fields[j].label);
	return 0;
}
