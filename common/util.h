/*
 * util.h: small helpers every program uses: allocation that aborts on out of
 * memory, time, calendar days as YYYYMMDD numbers, UTF-8 checks.
 */
#ifndef KAOHE_UTIL_H
#define KAOHE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define KH_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define KH_NORETURN __attribute__((noreturn))
#else
#define KH_PRINTF(a, b)
#define KH_NORETURN
#endif

/* Out of memory is a broken invariant: these print and abort. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
void	 fatal(const char *, ...) KH_PRINTF(1, 2) KH_NORETURN;

/* Copy src into dst of size n, always NUL-terminated; returns strlen(src). */
size_t	 strlcpy_kh(char *dst, const char *src, size_t n);

/* A growable byte buffer. */
struct kbuf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 kbuf_append(struct kbuf *, const void *, size_t);
void	 kbuf_printf(struct kbuf *, const char *, ...) KH_PRINTF(2, 3);
void	 kbuf_reset(struct kbuf *);
void	 kbuf_free(struct kbuf *);

uint64_t now_ms(void);		/* wall clock, unix ms */
uint64_t now_us(void);		/* wall clock, unix µs */
uint64_t mono_us(void);		/* monotonic clock, µs */

/* Days are numbers YYYYMMDD.  day_valid() checks the calendar (leap years
 * included) and a year between 2000 and 2099. */
bool	 day_valid(uint32_t day);
uint32_t day_today(void);			/* local time */
uint32_t day_add(uint32_t day, int delta);	/* day_valid(day) required */
int	 day_weekday(uint32_t day);		/* 0 Sunday .. 6 Saturday */
bool	 day_parse(const char *s, uint32_t *day);	/* "2026-11-22" or "20261122" */
void	 day_format(uint32_t day, char *buf, size_t len);	/* "2026-11-22" */

/* True if s[0..len) is well-formed UTF-8: no overlong forms, surrogates or
 * code points past U+10FFFF. */
bool	 utf8_valid(const char *s, size_t len);
/* Number of code points in a valid UTF-8 string. */
size_t	 utf8_count(const char *s);

#endif
