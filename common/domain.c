/*
 * domain.c: names and validation rules for the daily log and roles.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "i18n.h"

/* Each role's name as shown (an English message id: _() it) and as a word
 * of the data: the plan files and the organisation's CSV name roles in
 * Chinese, whatever language the reader has. */
static const struct {
	const char *key;
	const char *name;
	const char *word;
} roles[] = {
	[ROLE_STAFF] = { "staff", N_("Staff"), "工作人员" /* data */ },
	[ROLE_DEPT_HEAD] = { "dept_head", N_("Department head"), "科室负责人" /* data */ },
	[ROLE_SUPERVISOR] = { "supervisor", N_("Supervising leader"), "分管领导" /* data */ },
	[ROLE_PRINCIPAL] = { "principal", N_("Principal leader"), "主要领导" /* data */ },
	[ROLE_LEADER_MEMBER] = { "leader", N_("Leadership-team member"), "领导班子成员" /* data */ },
	[ROLE_INSPECTOR] = { "inspector", N_("Inspector"), "考核组" /* data */ },
	[ROLE_ADMIN] = { "admin", N_("Assessment office admin"), "考核办管理员" /* data */ },
	[ROLE_ORG_DEPT] = { "orgdept", N_("Organisation department"), "组织部" /* data */ },
};

static const char *const categories[] = {
	[CAT_DUTY] = N_("Duty work"),
	[CAT_MEETING] = N_("Meeting"),
	[CAT_STUDY] = N_("Study"),
	[CAT_RESEARCH] = N_("Research"),
	[CAT_ERRAND] = N_("Errand"),
	[CAT_OTHER] = N_("Other"),
};

const char *
role_name(uint32_t role)
{
	if (role == 0 || role > ROLE_MAX)
		return "?";
	return _(roles[role].name);
}

const char *
role_word(uint32_t role)
{
	if (role == 0 || role > ROLE_MAX)
		return "?";
	return roles[role].word;
}

const char *
role_key(uint32_t role)
{
	if (role == 0 || role > ROLE_MAX)
		return "?";
	return roles[role].key;
}

uint32_t
role_from_key(const char *key)
{
	for (uint32_t r = 1; r <= ROLE_MAX; r++)
		if (strcmp(roles[r].key, key) == 0)
			return r;
	return 0;
}

const char *
category_name(uint32_t cat)
{
	if (cat == 0 || cat > CAT_MAX)
		return "?";
	return _(categories[cat]);
}

bool
login_name_valid(const char *login)
{
	size_t n = strlen(login);

	if (n == 0 || n > 64)
		return false;
	for (const char *p = login; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return false;
	return true;
}

const char *
password_problem(const char *password)
{
	if (utf8_count(password) < PASSWORD_MIN_CHARS)
		return _("A password needs at least 6 characters");
	if (strlen(password) > 256)
		return _("The password is too long");
	return NULL;
}

static int
invalid(struct codec_error *err, const char *field, const char *why)
{
	err->code = KH_ERR_INVALID;
	strlcpy_kh(err->field, field, sizeof err->field);
	strlcpy_kh(err->message, why, sizeof err->message);
	return -1;
}

int
log_entry_check(const struct log_entry *e, uint32_t today, struct codec_error *err)
{
	const char *c = e->content != NULL ? e->content : "";
	size_t len = strlen(c), chars;

	if (!day_valid(e->date))
		return invalid(err, "date", _("Invalid date: write it as 2026-11-22"));
	if (e->date > today)
		return invalid(err, "date", _("Entries cannot be dated after today"));
	if (day_valid(today) && e->date < day_add(today, -LOG_OLDEST_DAYS))
		return invalid(err, "date", _("Past entries may go back one year at most"));
	while (len > 0 && c[len - 1] == ' ')
		len--;
	if (len == 0 || c[0] == ' ')
		return invalid(err, "content",
		    _("Work done cannot be empty or begin with a space"));
	if (!utf8_valid(c, strlen(c)))
		return invalid(err, "content", _("Work done contains invalid characters"));
	/* Full-width spaces (U+3000, E3 80 80) may indent Chinese text, but
	 * content of nothing else is empty. */
	const char *q = c;
	while (*q == ' ' || strncmp(q, "\xe3\x80\x80", 3) == 0)
		q += *q == ' ' ? 1 : 3;
	if (*q == '\0')
		return invalid(err, "content",
		    _("Work done cannot be empty or begin with a space"));
	/* U+2028 and U+2029 (E2 80 A8/A9) separate lines: the entry is one. */
	if (strstr(c, "\xe2\x80\xa8") != NULL || strstr(c, "\xe2\x80\xa9") != NULL)
		return invalid(err, "content",
		    _("Work done cannot contain control characters or line breaks"));
	/* C0 controls, DEL, and the C1 controls U+0080..U+009F (C2 80..C2 9F),
	 * which include NEL, a line break, and CSI, which terminals obey. */
	for (const unsigned char *p = (const unsigned char *)c; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return invalid(err, "content",
			    _("Work done cannot contain control characters or line breaks"));
	chars = utf8_count(c);
	if (chars > LOG_CONTENT_MAX_CHARS)
		return invalid(err, "content", _("Work done is limited to 500 characters"));
	if (e->minutes == 0 && e->overtime == 0)
		return invalid(err, "minutes", _("Hours and overtime cannot both be 0"));
	if (e->minutes > LOG_DAY_MAX_MINUTES)
		return invalid(err, "minutes", _("Hours cannot exceed 24"));
	if (e->overtime > LOG_DAY_MAX_MINUTES || e->minutes + e->overtime > LOG_DAY_MAX_MINUTES)
		return invalid(err, "overtime", _("Hours and overtime together cannot exceed 24"));
	if (e->category == 0 || e->category > CAT_MAX)
		return invalid(err, "category", _("Choose a category"));
	return 0;
}

int
hours_parse(const char *s)
{
	unsigned whole = 0, frac = 0, scale = 1;
	int digits = 0;

	while (*s == ' ')
		s++;
	for (; isdigit((unsigned char)*s); s++, digits++)
		if ((whole = whole * 10 + (unsigned)(*s - '0')) > 24)
			return -1;
	if (*s == '.') {
		s++;
		for (; isdigit((unsigned char)*s); s++, digits++) {
			if (scale >= 100)
				return -1;	/* at most two decimals */
			frac = frac * 10 + (unsigned)(*s - '0');
			scale *= 10;
		}
	}
	while (*s == ' ')
		s++;
	if (*s != '\0' || digits == 0)
		return -1;
	unsigned minutes = whole * 60 + (frac * 60 + scale / 2) / scale;
	return minutes > 1440 ? -1 : (int)minutes;
}

const char *
hours_problem(const char *s)
{
	const char *p = s, *dot = NULL;
	bool digit = false;

	while (*p == ' ')
		p++;
	if (*p == '\0' || hours_parse(s) >= 0)
		return NULL;
	for (; *p != '\0' && *p != ' '; p++) {
		if (*p == '.' && dot == NULL)
			dot = p;
		else if (isdigit((unsigned char)*p))
			digit = true;
		else
			return _("Not a number of hours: write e.g. 7.5");
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' || !digit)
		return _("Not a number of hours: write e.g. 7.5");
	if (dot != NULL && strspn(dot + 1, "0123456789") > 2)
		return _("Hours take at most two decimals");
	return _("At most 24 hours");
}

void
hours_format(uint32_t minutes, char *buf, size_t len)
{
	unsigned h = minutes / 60, rem = minutes % 60;

	if (rem == 0)
		snprintf(buf, len, "%u", h);
	else if (rem * 100 % 60 == 0 && (rem * 100 / 60) % 10 == 0)
		snprintf(buf, len, "%u.%u", h, rem * 10 / 60);
	else
		snprintf(buf, len, "%u.%02u", h, (rem * 100 + 30) / 60);
}
