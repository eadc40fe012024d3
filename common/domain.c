/*
 * domain.c: names and validation rules for the daily log and roles.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "domain.h"

static const struct {
	const char *key;
	const char *name;
} roles[] = {
	[ROLE_STAFF] = { "staff", "工作人员" },
	[ROLE_DEPT_HEAD] = { "dept_head", "科室负责人" },
	[ROLE_SUPERVISOR] = { "supervisor", "分管领导" },
	[ROLE_PRINCIPAL] = { "principal", "主要领导" },
	[ROLE_LEADER_MEMBER] = { "leader", "领导班子成员" },
	[ROLE_INSPECTOR] = { "inspector", "考核组" },
	[ROLE_ADMIN] = { "admin", "考核办管理员" },
	[ROLE_ORG_DEPT] = { "orgdept", "组织部" },
};

static const char *const categories[] = {
	[CAT_DUTY] = "业务工作",
	[CAT_MEETING] = "会议",
	[CAT_STUDY] = "学习培训",
	[CAT_RESEARCH] = "调研",
	[CAT_ERRAND] = "外出公务",
	[CAT_OTHER] = "其他",
};

const char *
role_name(uint32_t role)
{
	if (role == 0 || role > ROLE_MAX)
		return "?";
	return roles[role].name;
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
	return categories[cat];
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
		return invalid(err, "date", "日期无效，请按 2026-11-22 的格式填写");
	if (e->date > today)
		return invalid(err, "date", "不能填写今天以后的日志");
	if (day_valid(today) && e->date < day_add(today, -LOG_OLDEST_DAYS))
		return invalid(err, "date", "只能补记一年以内的日志");
	while (len > 0 && c[len - 1] == ' ')
		len--;
	if (len == 0 || c[0] == ' ')
		return invalid(err, "content", "工作内容不能为空，也不能以空格开头");
	if (!utf8_valid(c, strlen(c)))
		return invalid(err, "content", "工作内容含有无效字符");
	/* Full-width spaces (U+3000, E3 80 80) may indent Chinese text, but
	 * content of nothing else is empty. */
	const char *q = c;
	while (*q == ' ' || strncmp(q, "\xe3\x80\x80", 3) == 0)
		q += *q == ' ' ? 1 : 3;
	if (*q == '\0')
		return invalid(err, "content", "工作内容不能为空，也不能以空格开头");
	/* U+2028 and U+2029 (E2 80 A8/A9) separate lines: the entry is one. */
	if (strstr(c, "\xe2\x80\xa8") != NULL || strstr(c, "\xe2\x80\xa9") != NULL)
		return invalid(err, "content", "工作内容不能含有控制字符或换行");
	/* C0 controls, DEL, and the C1 controls U+0080..U+009F (C2 80..C2 9F),
	 * which include NEL, a line break, and CSI, which terminals obey. */
	for (const unsigned char *p = (const unsigned char *)c; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return invalid(err, "content", "工作内容不能含有控制字符或换行");
	chars = utf8_count(c);
	if (chars > LOG_CONTENT_MAX_CHARS)
		return invalid(err, "content", "工作内容最多 500 字");
	if (e->minutes == 0 && e->overtime == 0)
		return invalid(err, "minutes", "工时和加班不能都为 0");
	if (e->minutes > LOG_DAY_MAX_MINUTES)
		return invalid(err, "minutes", "工时不能超过 24 小时");
	if (e->overtime > LOG_DAY_MAX_MINUTES || e->minutes + e->overtime > LOG_DAY_MAX_MINUTES)
		return invalid(err, "overtime", "工时与加班合计不能超过 24 小时");
	if (e->category == 0 || e->category > CAT_MAX)
		return invalid(err, "category", "请选择工作类别");
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
