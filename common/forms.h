/*
 * forms.h: the forms of the assessment cycle's records (月记实, 季度小结,
 * 领导评鉴, 诫勉谈话) and their rules, shared by the client, which checks as
 * the user types, and the server, whose verdict counts.
 *
 * A record (struct doc) carries its form's fields as key/value pairs; the
 * form says which keys exist, their labels, how long they may be and which
 * must be filled before the record is submitted.
 */
#ifndef KAOHE_FORMS_H
#define KAOHE_FORMS_H

#include <stdbool.h>
#include <stdint.h>

#include "codec.h"

enum doc_kind { DOC_MONTHLY = 1, DOC_QUARTERLY = 2, DOC_EVALUATION = 3, DOC_TASK = 4 };

enum doc_state {
	DOC_DRAFT = 1,		/* 草稿 (a task: 待办) */
	DOC_SUBMITTED = 2,	/* 已提交, waiting for the reviewer */
	DOC_RETURNED = 3,	/* 已退回, back with the author */
	DOC_FILED = 4,		/* 已备案 */
	DOC_SIGNED = 5,		/* 已签署 */
	DOC_PUBLISHED = 6,	/* 已公示 */
	DOC_DONE = 7,		/* 已完成 (a task) */
};

enum doc_action {
	ACT_SUBMIT = 1, ACT_FILE = 2, ACT_RETURN = 3, ACT_SIGN = 4, ACT_DONE = 5, ACT_CORRECT = 6,
};

enum grade { GRADE_EXCELLENT = 1, GRADE_COMPETENT = 2, GRADE_BASIC = 3, GRADE_INCOMPETENT = 4 };

#define FORM_MAX_FIELDS	8

/* Lengths in characters (a Chinese character is one), each within its
 * field's bytes on the wire (schema/kaohe.def) at three bytes a character.
 * A form field's own limit is its max_chars. */
#define DOC_COMMENT_MAX_CHARS	1000	/* a comment or signed opinion: 3000 bytes */
#define DOC_REASON_MAX_CHARS	330	/* why returned or corrected: 1000 bytes */
#define DOC_TASK_MAX_CHARS	200	/* an unfinished task: 600 bytes */
#define DOC_EXPLAIN_MAX_CHARS	1000	/* why it is unfinished: 3000 bytes */

struct form_field {
	const char	*key;
	const char	*label;		/* "Duties performed", 履行岗位职责情况 */
	uint32_t	 max_chars;
	bool		 required;	/* before submitting */
};

struct form_def {
	uint32_t		 kind;
	const char		*name;		/* "Monthly record", 月记实 */
	const char		*word;		/* always 月记实 (the audit log) */
	uint32_t		 period_type;	/* enum period_type of its period */
	struct form_field	 fields[FORM_MAX_FIELDS];
	uint32_t		 nfields;
};

/* Names to show are in the language of the messages (common/i18n.h): the
 * form that form_def gives has its name and labels in it; the words are
 * the Chinese that the audit log keeps and the plan files use, whatever
 * the language. */
const struct form_def *form_def(uint32_t kind);	/* NULL if unknown */
const char *form_name(uint32_t kind);		/* form_def(kind)->name; "?" if unknown */
const char *doc_state_name(uint32_t state);	/* "Submitted", 已提交 */
const char *doc_state_word(uint32_t state);	/* always 已提交 */
const char *doc_action_name(uint32_t action);	/* "Submit", 提交 */
const char *grade_name(uint32_t grade);		/* "Excellent", 优秀 ... ; "" for 0 */
const char *grade_word(uint32_t grade);		/* always 优秀 ... ; "" for 0 */

/* The value of a field, "" if absent. */
const char *doc_field_get(const struct doc *, const char *key);
/* Set a field (a copy of value), adding it if absent. */
void	doc_field_set(struct doc *, const char *key, const char *value);

/* Check what a record holds: known keys, lengths, no control characters
 * but newlines, unfinished tasks only on a quarterly summary.  With
 * `complete`, also that every required field is filled and every unfinished
 * task has its explanation.  0, or -1 with err (KH_ERR_INVALID, the field,
 * a reason in the language of the messages). */
int	doc_check(const struct doc *, bool complete, struct codec_error *err);

/* Why a record goes back or is corrected (doc_act_body.reason): not
 * blank (else the reason `missing`), at most DOC_REASON_MAX_CHARS
 * characters, no control characters but line breaks.  0, or -1 with err
 * (KH_ERR_INVALID, field "reason"). */
int	doc_reason_check(const char *reason, const char *missing, struct codec_error *err);

#endif
