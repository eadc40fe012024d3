/*
 * domain.h: the rules of the daily log (日志) and the roles of DOMAIN.md that
 * both sides need: names of roles and categories, and the validation of a
 * log entry.  The client runs the same checks as you type; the server runs
 * them again on every request and its verdict is the one that counts.
 */
#ifndef KAOHE_DOMAIN_H
#define KAOHE_DOMAIN_H

#include <stdbool.h>
#include <stdint.h>

#include "codec.h"

enum role {
	ROLE_STAFF = 1,		/* 工作人员 */
	ROLE_DEPT_HEAD = 2,	/* 科室负责人 */
	ROLE_SUPERVISOR = 3,	/* 分管领导 */
	ROLE_PRINCIPAL = 4,	/* 主要领导 */
	ROLE_LEADER_MEMBER = 5,	/* 领导班子成员 */
	ROLE_INSPECTOR = 6,	/* 考核组 */
	ROLE_ADMIN = 7,		/* 考核办 */
	ROLE_ORG_DEPT = 8,	/* 组织部, read only */
	ROLE_MAX = 8
};

/* Daily log categories. */
enum log_category {
	CAT_DUTY = 1,		/* 业务工作 */
	CAT_MEETING = 2,	/* 会议 */
	CAT_STUDY = 3,		/* 学习培训 */
	CAT_RESEARCH = 4,	/* 调研 */
	CAT_ERRAND = 5,		/* 外出公务 */
	CAT_OTHER = 6,		/* 其他 */
	CAT_MAX = 6
};

#define LOG_CONTENT_MAX_CHARS	500	/* code points */
#define LOG_DAY_MAX_MINUTES	1440	/* minutes + overtime on one entry */
#define LOG_OLDEST_DAYS		366	/* how far back a new entry may be dated */

/* Names to show are in the language of the messages (common/i18n.h); a
 * role's word is the Chinese of the plan files and the organisation's CSV,
 * data that does not change with the language. */
const char	*role_name(uint32_t role);		/* "Staff", 工作人员; "?" if unknown */
const char	*role_word(uint32_t role);		/* always 工作人员 ...; "?" if unknown */
const char	*role_key(uint32_t role);		/* English key: "staff" */
uint32_t	 role_from_key(const char *key);	/* 0 if unknown */
const char	*category_name(uint32_t cat);		/* "Duty work", 业务工作 */

/* Accounts, as the admin's form and the server both check them.  A login
 * name: 1-64 of ASCII letters, digits, '.', '_' and '-'.  A password: NULL
 * if acceptable (PASSWORD_MIN_CHARS characters or more, 256 bytes at
 * most), else the reason, in the language of the messages. */
#define PASSWORD_MIN_CHARS	6
bool		 login_name_valid(const char *login);
const char	*password_problem(const char *password);

/* Check a log entry as typed by a user, for the day `today`.  Returns 0, or
 * -1 with err->code KH_ERR_INVALID, err->field and a reason, in the
 * language of the messages, that the client shows beside the field. */
int	log_entry_check(const struct log_entry *, uint32_t today, struct codec_error *err);

/* Parse "7.5", "7", "0.25" hours into minutes.  -1 if not a valid amount
 * between 0 and 24 hours. */
int	hours_parse(const char *s);
/* What is wrong with hours typed as text, for the form to show beside
 * the field: NULL if hours_parse() takes it ("" too: no hours), else a
 * reason in the language of the messages. */
const char *hours_problem(const char *s);
/* Format minutes as hours: "7.5", "8", "0.25". */
void	hours_format(uint32_t minutes, char *buf, size_t len);

#endif
