/*
 * client-doc.h: a record of the cycle as a reader sees it, laid out into
 * wrapped lines that a screen scrolls through, and the short names of
 * records used in lists.
 *
 * A textbuf holds lines already cut to a width (by display columns), each
 * with its look, so a screen draws any slice of it without measuring again.
 */
#ifndef KAOHE_CLIENT_DOC_H
#define KAOHE_CLIENT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "common/schema.h"

struct model;

struct tline {
	wchar_t	*text;
	int	 look;		/* enum ui_look */
};

struct textbuf {
	struct tline *v;
	size_t	 n;
	size_t	 cap;
	int	 width;
};

void	tb_reset(struct textbuf *, int width);
void	tb_free(struct textbuf *);
/* Add text wrapped to the width, each line indented; line breaks kept. */
void	tb_text(struct textbuf *, int look, int indent, const char *utf8);
void	tb_blank(struct textbuf *);
/* Draw h lines from line top at (y, x), each padded to the width. */
void	tb_draw(const struct textbuf *, int y, int x, int h, size_t top);

/* "Monthly record" (月记实), "Quarterly summary" (季度小结) ... */
const char *doc_kind_name(uint32_t kind);
/* "November 2026 Monthly record" (2026年11月月记实) */
void	doc_what(uint32_t kind, uint32_t period, char *buf, size_t len);
/* "张三 November 2026 Monthly record" */
void	doc_label(const struct model *, uint32_t kind, uint64_t subject, uint32_t period,
	    char *buf, size_t len);
/* The record in full: state, deadline, who acts, the return reason and
 * the correction first, then the form's fields, the unfinished tasks, the
 * grade and the reviewer's comment. */
void	doc_render(struct textbuf *, const struct model *, const struct doc *);

#endif
