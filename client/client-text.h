/*
 * client-text.h: display widths of UTF-8 and wide strings for the terminal.
 *
 * Chinese characters take two columns, ASCII one, combining marks none.
 * Every layout in the client is computed with these helpers so that columns
 * line up whatever the text, and a double-width character is never cut in
 * half at the edge of a field.
 */
#ifndef KAOHE_CLIENT_TEXT_H
#define KAOHE_CLIENT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

/* Columns one character takes: 0, 1 or 2.  Control characters count 1
 * because the client draws them as '?'. */
int	 text_wcwidth(wchar_t);

/* Columns of the first n characters of s. */
int	 text_wcswidth(const wchar_t *s, size_t n);

/* Columns of a UTF-8 string. */
int	 text_width(const char *s);

/* Decode UTF-8 into out (at most outn - 1 characters, NUL-terminated);
 * invalid bytes become U+FFFD and control characters '?'.  Returns the
 * number of characters written. */
size_t	 text_decode(const char *s, wchar_t *out, size_t outn);

/* Decode UTF-8 into a new array; *n gets the count.  Free with free(). */
wchar_t	*text_decode_new(const char *s, size_t *n);

/* Encode n wide characters as a new NUL-terminated UTF-8 string. */
char	*text_encode(const wchar_t *s, size_t n);

/* How many of the n characters of s fit in width columns. */
size_t	 text_fit_count(const wchar_t *s, size_t n, int width);

/* Copy UTF-8 s into out cut to at most width columns, never splitting a
 * double-width character; with pad, fill with spaces to exactly width; with
 * ellipsis, end a cut string with "..".  Returns the columns written. */
int	 text_fit(const char *s, int width, bool pad, bool ellipsis, char *out,
	    size_t outlen);

/* The same into a wide buffer of outn characters. */
int	 text_fit_wide(const char *s, int width, bool pad, bool ellipsis,
	    wchar_t *out, size_t outn);

/* Append s to the string in buf (of size len) in exactly width columns:
 * cut at the edge, and padded with spaces after it, or before it when
 * right.  For a header over the columns of a list, in any language. */
void	 text_cat_col(char *buf, size_t len, const char *s, int width, bool right);

/* Whether c is a closing punctuation mark (，。、；：？！）」』”) that
 * should not begin a line. */
bool	 text_closing(wchar_t c);

/* Break s into lines of at most width columns: returns how many characters
 * of s[0..n) make the first line (at least 1 if n > 0). */
size_t	 text_wrap(const wchar_t *s, size_t n, int width);

#endif
