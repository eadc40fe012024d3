/*
 * progress.c: the one progress bar of progress.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "common/i18n.h"
#include "common/util.h"
#include "progress.h"

static struct {
	const char	*label;		/* NULL: no bar runs */
	uint64_t	 total, done;
	uint64_t	 t0, drawn_at;	/* mono_us */
	bool		 bytes;
	bool		 on;		/* stderr is a terminal */
	bool		 shown;		/* drawn, and the line not cleared */
	bool		 ever;		/* drawn at least once */
} bar;

bool
progress_wanted(void)
{
	return isatty(STDERR_FILENO);
}

/* Columns the text takes on a terminal (Chinese characters two). */
static int
text_width(const char *s)
{
	wchar_t w[128];
	size_t n = mbstowcs(w, s, nitems(w));
	int cols;

	if (n == (size_t)-1 || n == nitems(w) || (cols = wcswidth(w, n)) < 0)
		return (int)strlen(s);
	return cols;
}

static int
term_columns(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* 0:07, 12:34, 1:02:03 */
static void
clock_text(uint64_t s, char *buf, size_t len)
{
	if (s >= 3600)
		snprintf(buf, len, "%llu:%02llu:%02llu", (unsigned long long)(s / 3600),
		    (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60));
	else
		snprintf(buf, len, "%llu:%02llu", (unsigned long long)(s / 60),
		    (unsigned long long)(s % 60));
}

static void
count_text(char *buf, size_t len)
{
	if (!bar.bytes) {
		if (bar.total > 0)
			snprintf(buf, len, "%llu/%llu", (unsigned long long)bar.done,
			    (unsigned long long)bar.total);
		else
			snprintf(buf, len, "%llu", (unsigned long long)bar.done);
		return;
	}
	bool gb = (bar.total > 0 ? bar.total : bar.done) >= (1ull << 30);
	double unit = gb ? (double)(1ull << 30) : (double)(1ull << 20);

	if (bar.total > 0)
		snprintf(buf, len, "%.1f/%.1f %s", (double)bar.done / unit, (double)bar.total / unit,
		    gb ? "GB" : "MB");
	else
		snprintf(buf, len, "%.1f %s", (double)bar.done / unit, gb ? "GB" : "MB");
}

static void
draw(uint64_t now, bool final)
{
	char counts[64], when[32], tail[160], line[512];
	uint64_t elapsed = now - bar.t0;
	int cols = term_columns(), room, filled;
	unsigned pct = 0;

	count_text(counts, sizeof counts);
	if (final) {
		clock_text((elapsed + 500000) / 1000000, when, sizeof when);
		snprintf(tail, sizeof tail, _("%s in %s"), counts, when);
	} else if (bar.total > 0 && bar.done > 0 && bar.done < bar.total) {
		double left = (double)elapsed / (double)bar.done * (double)(bar.total - bar.done);

		clock_text((uint64_t)(left / 1e6 + 0.5), when, sizeof when);
		snprintf(tail, sizeof tail, _("%s  %s left"), counts, when);
	} else {
		clock_text(elapsed / 1000000, when, sizeof when);
		snprintf(tail, sizeof tail, "%s  %s", counts, when);
	}
	if (bar.total > 0) {
		uint64_t done = bar.done < bar.total ? bar.done : bar.total;

		pct = (unsigned)(done * 100 / bar.total);
		/* "LABEL [", "] ", "100%  ", the tail (the counts and a time of
		 * about 12 columns, so that the bar keeps its length), a free
		 * last column */
		int tw = text_width(tail) > text_width(counts) + 12 ? text_width(tail) :
		    text_width(counts) + 12;

		room = cols - text_width(bar.label) - 2 - 2 - 6 - tw - 1;
		if (room > 40)
			room = 40;
		if (room < 5)
			room = 0;
		filled = (int)((uint64_t)room * done / bar.total);
		int o = snprintf(line, sizeof line, "\r%s ", bar.label);
		if (room > 0) {
			line[o++] = '[';
			for (int i = 0; i < room; i++)
				line[o++] = i < filled ? '=' : i == filled ? '>' : ' ';
			line[o++] = ']';
			line[o++] = ' ';
		}
		snprintf(line + o, sizeof line - (size_t)o, "%3u%%  %s\033[K", pct, tail);
	} else
		snprintf(line, sizeof line, "\r%s  %s\033[K", bar.label, tail);
	fputs(line, stderr);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
	bar.drawn_at = now;
	bar.shown = !final;
	bar.ever = true;
}

static void
maybe_draw(void)
{
	uint64_t now;

	if (bar.label == NULL || !bar.on)
		return;
	now = mono_us();
	if (now - bar.t0 < PROGRESS_DELAY_US || (bar.shown && now - bar.drawn_at < PROGRESS_EVERY_US))
		return;
	draw(now, false);
}

void
progress_begin(const char *label, uint64_t total, bool bytes)
{
	progress_end();
	bar.label = label;
	bar.total = total;
	bar.done = 0;
	bar.bytes = bytes;
	bar.on = progress_wanted();
	bar.shown = bar.ever = false;
	bar.t0 = mono_us();
	bar.drawn_at = 0;
}

void
progress_set(uint64_t done)
{
	if (bar.label == NULL)
		return;
	bar.done = done;
	maybe_draw();
}

void
progress_add(uint64_t n)
{
	if (bar.label == NULL)
		return;
	bar.done += n;
	maybe_draw();
}

void
progress_total(uint64_t total)
{
	bar.total = total;
}

void
progress_end(void)
{
	if (bar.label == NULL)
		return;
	if (bar.on && bar.ever) {
		if (bar.total > 0 && bar.done < bar.total)
			bar.done = bar.total;
		draw(mono_us(), true);
	}
	bar.label = NULL;
}

void
progress_abort(void)
{
	progress_clear();
	bar.label = NULL;
}

void
progress_clear(void)
{
	if (bar.label != NULL && bar.shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		bar.shown = false;
	}
}

const char *
progress_label(void)
{
	return bar.label;
}
