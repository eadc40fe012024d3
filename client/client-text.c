/*
 * client-text.c: UTF-8 decoding and display widths for the terminal.
 *
 * wchar_t is UCS-4 on the systems kaohe runs on, so UTF-8 is decoded here by
 * hand and does not depend on the locale; widths come from wcwidth(), which
 * is what ncurses itself uses to move the cursor, with a small table of the
 * East Asian wide ranges as the fallback when the locale does not know them.
 */
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "common/util.h"
#include "client-text.h"

static const struct {
	wchar_t	first, last;
} wide_ranges[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
};

int
text_wcwidth(wchar_t c)
{
	int w;

	if (c < 0x20 || c == 0x7f)
		return 1;		/* drawn as '?' */
	if (c < 0x7f)
		return 1;
	if ((w = wcwidth(c)) >= 0)
		return w > 2 ? 2 : w;
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f))
		return 0;
	for (size_t i = 0; i < nitems(wide_ranges); i++)
		if (c >= wide_ranges[i].first && c <= wide_ranges[i].last)
			return 2;
	return 1;
}

int
text_wcswidth(const wchar_t *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n && s[i] != L'\0'; i++)
		w += text_wcwidth(s[i]);
	return w;
}

/* Decode one character at *p, advancing *p.  Returns U+FFFD for any byte
 * sequence that is not well-formed. */
static wchar_t
decode_one(const unsigned char **p)
{
	const unsigned char *s = *p;
	unsigned c = s[0];
	size_t n;
	uint32_t cp;

	if (c < 0x80) {
		*p = s + 1;
		return (wchar_t)c;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 1; cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2; cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3; cp = c & 0x07;
	} else {
		*p = s + 1;
		return 0xfffd;
	}
	for (size_t k = 1; k <= n; k++) {
		if ((s[k] & 0xc0) != 0x80) {
			*p = s + k;	/* s[k] may be the NUL: stop before it */
			return 0xfffd;
		}
		cp = (cp << 6) | (s[k] & 0x3f);
	}
	*p = s + n + 1;
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	return (wchar_t)cp;
}

size_t
text_decode(const char *s, wchar_t *out, size_t outn)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	size_t n = 0;

	if (outn == 0)
		return 0;
	while (*p != '\0' && n + 1 < outn) {
		wchar_t c = decode_one(&p);

		if (c < 0x20 || c == 0x7f)
			c = L'?';
		out[n++] = c;
	}
	out[n] = L'\0';
	return n;
}

wchar_t *
text_decode_new(const char *s, size_t *n)
{
	size_t len = s != NULL ? strlen(s) : 0;
	wchar_t *w = xcalloc(len + 1, sizeof *w);

	*n = text_decode(s, w, len + 1);
	return w;
}

int
text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");
	int w = 0;

	while (*p != '\0')
		w += text_wcwidth(decode_one(&p));
	return w;
}

char *
text_encode(const wchar_t *s, size_t n)
{
	char *out = xmalloc(n * 4 + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		uint32_t c = (uint32_t)s[i];

		if (c == 0)
			break;
		if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			c = 0xfffd;
		if (c < 0x80)
			*o++ = (char)c;
		else if (c < 0x800) {
			*o++ = (char)(0xc0 | (c >> 6));
			*o++ = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			*o++ = (char)(0xe0 | (c >> 12));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		} else {
			*o++ = (char)(0xf0 | (c >> 18));
			*o++ = (char)(0x80 | ((c >> 12) & 0x3f));
			*o++ = (char)(0x80 | ((c >> 6) & 0x3f));
			*o++ = (char)(0x80 | (c & 0x3f));
		}
	}
	*o = '\0';
	return out;
}

size_t
text_fit_count(const wchar_t *s, size_t n, int width)
{
	size_t i;
	int w = 0;

	for (i = 0; i < n && s[i] != L'\0'; i++) {
		int cw = text_wcwidth(s[i]);

		if (w + cw > width)
			break;
		w += cw;
	}
	return i;
}

int
text_fit_wide(const char *s, int width, bool pad, bool ellipsis, wchar_t *out,
    size_t outn)
{
	wchar_t *w;
	size_t n, keep, o = 0;
	int used;

	if (outn == 0)
		return 0;
	if (width < 0)
		width = 0;
	w = text_decode_new(s, &n);
	keep = text_fit_count(w, n, width);
	if (keep < n && ellipsis && width >= 2)
		keep = text_fit_count(w, n, width - 2);
	for (size_t i = 0; i < keep && o + 1 < outn; i++)
		out[o++] = w[i];
	used = text_wcswidth(out, o);
	if (keep < n && ellipsis && width >= 2) {
		for (int k = 0; k < 2 && o + 1 < outn; k++, used++)
			out[o++] = L'.';
	}
	for (; pad && used < width && o + 1 < outn; used++)
		out[o++] = L' ';
	out[o] = L'\0';
	free(w);
	return used;
}

int
text_fit(const char *s, int width, bool pad, bool ellipsis, char *out, size_t outlen)
{
	size_t n = (size_t)(width > 0 ? width : 0) + 1;
	wchar_t *w = xcalloc(n, sizeof *w);
	char *enc;
	int used;

	used = text_fit_wide(s, width, pad, ellipsis, w, n);
	enc = text_encode(w, wcslen(w));
	strlcpy_kh(out, enc, outlen);
	free(enc);
	free(w);
	return used;
}

size_t
text_wrap(const wchar_t *s, size_t n, int width)
{
	size_t k = text_fit_count(s, n, width);

	return k == 0 && n > 0 ? 1 : k;
}

bool
text_closing(wchar_t c)
{
	static const wchar_t marks[] = L"，。、；：？！）」』”’》〉】,.;:?!)";	/* data */

	return c != L'\0' && wcschr(marks, c) != NULL;
}

void
text_cat_col(char *buf, size_t len, const char *s, int width, bool right)
{
	char fit[512];
	size_t at = strlen(buf);
	int pad;

	if (width > 500)
		width = 500;
	pad = width - text_fit(s, width, false, false, fit, sizeof fit);
	for (; right && pad > 0 && at + 1 < len; pad--)
		buf[at++] = ' ';
	buf[at] = '\0';
	strlcpy_kh(buf + at, fit, len - at);
	at = strlen(buf);
	for (; pad > 0 && at + 1 < len; pad--)
		buf[at++] = ' ';
	buf[at] = '\0';
}
