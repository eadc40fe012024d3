/*
 * forms.c: the forms of the cycle's records and their checks (see forms.h).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "forms.h"
#include "i18n.h"
#include "period.h"
#include "util.h"

static const struct form_def forms[] = {
	{ DOC_MONTHLY, N_("Monthly record"), "月记实" /* data */, PERIOD_MONTH, {
		{ "duties", N_("Duties performed"), 2000, true },
		{ "goals", N_("Goals and tasks achieved"), 2000, true },
		{ "plan", N_("Plan for next month"), 2000, true },
	}, 3 },
	{ DOC_QUARTERLY, N_("Quarterly summary"), "季度小结" /* data */, PERIOD_QUARTER, {
		{ "performance", N_("Performance of duties"), 2000, true },
		{ "tasks", N_("Tasks completed"), 2000, true },
		{ "attendance", N_("Attendance"), 500, true },
	}, 3 },
	{ DOC_EVALUATION, N_("Leader evaluation"), "领导评鉴" /* data */, PERIOD_QUARTER,
	    { { NULL, NULL, 0, false } }, 0 },
	{ DOC_TASK, N_("Admonishment talk"), "诫勉谈话" /* data */, PERIOD_QUARTER, {
		{ "note", N_("Notes of the talk"), 2000, true },
	}, 1 },
};

/* The forms as shown: the table with its names and labels in the language
 * of the messages, made once for each language met (the catalogue's
 * strings last as long as the process), keyed by the first form's name.
 * Past FORM_LANGS languages, the message ids themselves. */
#define FORM_LANGS	4
static struct {
	const char	*key;
	struct form_def	 v[nitems(forms)];
} shown[FORM_LANGS];
static unsigned nshown;
static pthread_mutex_t shown_lock = PTHREAD_MUTEX_INITIALIZER;

static const struct form_def *
forms_shown(void)
{
	const char *key = _(forms[0].name);
	const struct form_def *t = forms;

	pthread_mutex_lock(&shown_lock);
	for (unsigned i = 0; i < nshown; i++)
		if (strcmp(shown[i].key, key) == 0) {
			t = shown[i].v;
			goto out;
		}
	if (nshown < FORM_LANGS) {
		struct form_def *v = shown[nshown].v;

		memcpy(v, forms, sizeof forms);
		for (size_t i = 0; i < nitems(forms); i++) {
			v[i].name = _(forms[i].name);
			for (uint32_t j = 0; j < forms[i].nfields; j++)
				v[i].fields[j].label = _(forms[i].fields[j].label);
		}
		shown[nshown++].key = key;
		t = v;
	}
out:
	pthread_mutex_unlock(&shown_lock);
	return t;
}

const struct form_def *
form_def(uint32_t kind)
{
	const struct form_def *t = forms_shown();

	for (size_t i = 0; i < nitems(forms); i++)
		if (t[i].kind == kind)
			return &t[i];
	return NULL;
}

const char *
form_name(uint32_t kind)
{
	const struct form_def *f = form_def(kind);

	return f != NULL ? f->name : "?";
}

/* Each word as shown (an English message id) and as stored in the audit
 * log and written in the plan files (the Chinese, the same in every
 * language). */
static const char *const state_names[] = {
	"", N_("Draft"), N_("Submitted"), N_("Returned"), N_("Filed"), N_("Signed"),
	N_("Published"), N_("Completed"),
};
static const char *const state_words[] = {
	"", "草稿", "已提交", "已退回", "已备案", "已签署", "已公示", "已完成", /* data */
};
static const char *const action_names[] = {
	"", N_("Submit"), N_("Comment and file"), N_("Return"), N_("Sign"), N_("Complete"),
	N_("Correct"),
};
static const char *const grade_names[] = {
	"", N_("Excellent"), N_("Competent"), N_("Basically competent"), N_("Incompetent"),
};
static const char *const grade_words[] = { "", "优秀", "称职", "基本称职", "不称职" }; /* data */

const char *
doc_state_name(uint32_t state)
{
	return state < nitems(state_names) ? i18n_tr(state_names[state]) : "?";
}

const char *
doc_state_word(uint32_t state)
{
	return state < nitems(state_words) ? state_words[state] : "?";
}

const char *
doc_action_name(uint32_t action)
{
	return action < nitems(action_names) ? i18n_tr(action_names[action]) : "?";
}

const char *
grade_name(uint32_t grade)
{
	return grade < nitems(grade_names) ? i18n_tr(grade_names[grade]) : "?";
}

const char *
grade_word(uint32_t grade)
{
	return grade < nitems(grade_words) ? grade_words[grade] : "?";
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
refuse(struct codec_error *err, const char *field, const char *fmt, ...)
{
	va_list ap;

	err->code = KH_ERR_INVALID;
	strlcpy_kh(err->field, field, sizeof err->field);
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
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
		return refuse(err, field, _("%s contains invalid characters"), label);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f ||
		    (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return refuse(err, field, _("%s cannot contain control characters"), label);
	if (utf8_count(s) > max)
		return refuse(err, field, _("%s is limited to %u characters"), label, max);
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
		return refuse(err, "kind", "%s", _("No such kind of record"));
	for (uint32_t i = 0; i < d->fields_n; i++) {
		const struct form_field *ff = NULL;

		for (uint32_t j = 0; j < f->nfields; j++)
			if (d->fields[i].key != NULL && strcmp(d->fields[i].key, f->fields[j].key) == 0)
				ff = &f->fields[j];
		if (ff == NULL)
			return refuse(err, "fields", _("%s: no such field"), f->name);
		for (uint32_t k = 0; k < i; k++)
			if (strcmp(d->fields[k].key, d->fields[i].key) == 0)
				return refuse(err, ff->key, _("%s is filled in twice"), ff->label);
		if (check_text(d->fields[i].value, ff->max_chars, ff->key, ff->label, err) != 0)
			return -1;
	}
	if (d->unfinished_n > 0 && d->kind != DOC_QUARTERLY)
		return refuse(err, "unfinished", _("%s: no unfinished tasks allowed"), f->name);
	for (uint32_t i = 0; i < d->unfinished_n; i++) {
		if (check_text(d->unfinished[i].task, DOC_TASK_MAX_CHARS, "unfinished",
		    _("Unfinished task"), err) != 0 ||
		    check_text(d->unfinished[i].explanation, DOC_EXPLAIN_MAX_CHARS, "unfinished",
		    _("Why unfinished"), err) != 0)
			return -1;
		if (blank(d->unfinished[i].task))
			return refuse(err, "unfinished", "%s",
			    _("An unfinished task cannot be empty"));
		if (complete && blank(d->unfinished[i].explanation))
			return refuse(err, "unfinished", _("Unfinished task \"%s\" needs a reason"),
			    d->unfinished[i].task);
	}
	if (check_text(d->comment, DOC_COMMENT_MAX_CHARS, "comment", _("The opinion"), err) != 0)
		return -1;
	if (complete)
		for (uint32_t j = 0; j < f->nfields; j++)
			if (f->fields[j].required && blank(doc_field_get(d, f->fields[j].key)))
				return refuse(err, f->fields[j].key,
				    _("%s is required"), f->fields[j].label);
	return 0;
}

int
doc_reason_check(const char *reason, const char *missing, struct codec_error *err)
{
	if (reason == NULL || blank(reason))
		return refuse(err, "reason", "%s", missing);
	return check_text(reason, DOC_REASON_MAX_CHARS, "reason", _("The reason"), err);
}
