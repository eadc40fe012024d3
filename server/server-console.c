/*
 * server-console.c: what the admin sees of kaohed.
 *
 * On a terminal (and without --daemon) kaohed draws a live dashboard with
 * ncurses: connections, requests and commits per second, commit latency,
 * the latest changes, database size and map use, and recent errors.
 * Otherwise every event is one plain line on stderr.
 */
#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <wchar.h>

#include <curses.h>

#include "common/domain.h"
#include "common/forms.h"
#include "common/i18n.h"
#include "common/util.h"
#include "common/version.h"
#include "server.h"

static struct {
	uint64_t	 at_us;
	uint64_t	 requests, commits, writes, commit_us_total;
	double		 req_rate, commit_rate, write_rate, commit_avg_ms;
} rate;

static void
stamp(uint64_t ms, char *buf, size_t len)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, len, "%H:%M:%S", &tm);
}

static void
log_line(struct server *srv, bool always, const char *fmt, va_list ap)
{
	struct recent_error *e;
	char line[160];
	/* In the server's language, not that of the request being served
	 * (run_batch makes each request's current): the call sites mark
	 * their formats with N_(), translated here. */
	locale_t was = uselocale(LC_GLOBAL_LOCALE);

	vsnprintf(line, sizeof line, _(fmt), ap);
	uselocale(was);
	/* log = syslog (config.h): every line there, none on stderr */
	if (srv->opt.syslog && (always || !srv->opt.quiet))
		syslog(always ? LOG_WARNING : LOG_INFO, "%s", line);
	if (!srv->console) {
		char ts[16];
		if (srv->opt.syslog || (srv->opt.quiet && !always))
			return;
		stamp(now_ms(), ts, sizeof ts);
		fprintf(stderr, "kaohed %s %s\n", ts, line);
		return;
	}
	e = &srv->stats.recent_errors[srv->stats.nrecent_errors++ % SERVER_RECENT];
	e->at = now_ms();
	strlcpy_kh(e->text, line, sizeof e->text);
}

void
server_log(struct server *srv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(srv, false, fmt, ap);
	va_end(ap);
}

void
server_alert(struct server *srv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(srv, true, fmt, ap);
	va_end(ap);
}

/* Cut a UTF-8 string to at most n bytes without splitting a character. */
static void
utf8_cut(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xc0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

void
server_note_change(struct server *srv, const struct change *ch)
{
	struct recent_change *rc = &srv->stats.recent[srv->stats.nrecent++ % SERVER_RECENT];

	rc->at = now_ms();
	rc->seq = ch->seq;
	rc->user = ch->user;
	rc->kind = ch->kind;
	rc->date = ch->entry.date;
	if (ch->org != 0)
		strlcpy_kh(rc->text, _("Organisation, people or periods changed"), sizeof rc->text);
	else if (ch->sheet.subject != 0) {
		char line[96];

		/* a score sheet: never who voted (an anonymous vote is user 0) */
		snprintf(line, sizeof line, _("Score %s %u"), ch->sheet.plan, ch->sheet.period);
		utf8_cut(rc->text, line, sizeof rc->text);
	} else if (ch->doc.id != 0) {
		char line[96];

		rc->date = ch->doc.due;
		snprintf(line, sizeof line, "%s %u %s", form_name(ch->doc.kind), ch->doc.period,
		    doc_state_name(ch->doc.state));
		utf8_cut(rc->text, line, sizeof rc->text);
	} else
		utf8_cut(rc->text, ch->entry.content ? ch->entry.content : "", 60);
	if (!srv->console && !srv->opt.quiet) {
		if (ch->doc.id != 0 || ch->org != 0 || ch->sheet.subject != 0)
			server_log(srv, N_("seq %" PRIu64 " by user %" PRIu64 ": %s"), ch->seq, ch->user, rc->text);
		else if (ch->kind == CHANGE_DELETE)
			server_log(srv, N_("seq %" PRIu64 " deleted log entry %" PRIu64 " of user %" PRIu64),
			    ch->seq, ch->entry.id, ch->entry.owner);
		else
			server_log(srv, N_("seq %" PRIu64 " saved log entry %" PRIu64 " of user %" PRIu64),
			    ch->seq, ch->entry.id, ch->entry.owner);
	}
}

void
console_start(struct server *srv)
{
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	nodelay(stdscr, TRUE);
	keypad(stdscr, TRUE);
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_CYAN, -1);
		init_pair(2, COLOR_RED, -1);
		init_pair(3, COLOR_GREEN, -1);
	}
	srv->console = true;
	rate.at_us = mono_us();
}

void
console_stop(struct server *srv)
{
	if (!srv->console)
		return;
	endwin();
	srv->console = false;
}

/* Add s at the cursor, cut to what fits before column `limit` by display
 * width: a Chinese character takes two columns and is never split. */
static void
add_clipped(const char *s, int limit)
{
	int y, x;
	mbstate_t ps;

	getyx(stdscr, y, x);
	(void)y;
	memset(&ps, 0, sizeof ps);
	while (*s != '\0') {
		wchar_t wc;
		size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
		int w;

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			break;
		w = wcwidth(wc);
		if (w < 0)
			w = 1;
		if (x + w > limit)
			break;
		addnstr(s, (int)n);
		x += w;
		s += n;
	}
}

/* The console shows the dashboard, or the audit log scrolled by `skip`. */
static struct {
	bool		 audit;
	unsigned	 skip;
} view;

bool
console_key(struct server *srv)
{
	int ch;

	while ((ch = getch()) != ERR) {
		switch (ch) {
		case 'q':
		case 'Q':
			return false;
		case 'a':
		case 'A':
			view.audit = !view.audit;
			view.skip = 0;
			break;
		case KEY_DOWN:
		case 'j':
			view.skip++;
			break;
		case KEY_UP:
		case 'k':
			if (view.skip > 0)
				view.skip--;
			break;
		case KEY_NPAGE:
		case ' ':
			view.skip += 10;
			break;
		case KEY_PPAGE:
			view.skip = view.skip > 10 ? view.skip - 10 : 0;
			break;
		case KEY_HOME:
		case 'g':
			view.skip = 0;
			break;
		case KEY_RESIZE:
		case 'l' - 'a' + 1:
			clear();
			break;
		}
		console_draw(srv);
	}
	return true;
}

/* The audit log, newest first: who, from where, what, to what. */
static void
draw_audit(struct server *srv, int rows, int cols)
{
	struct audit_rec *lines = NULL;
	uint32_t n = 0, want = view.skip + (unsigned)rows;
	MDB_txn *txn;
	char ts[32];

	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	mvprintw(0, 1,
	    _("kaohed %s  audit log (newest first)  database %s"), KAOHE_VERSION, srv->opt.db);
	attroff(A_REVERSE);
	if (store_read_begin(srv->st, &txn) == 0) {
		if (store_audit_list(txn, srv->st, 0, want > 10000 ? 10000 : want, &lines, &n) != 0)
			n = 0;
		for (int y = 1; y < rows - 1 && view.skip + (unsigned)(y - 1) < n; y++) {
			const struct audit_rec *a = &lines[view.skip + (unsigned)(y - 1)];
			struct user_rec u;
			char who[80];
			time_t t = (time_t)(a->at / 1000);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(ts, sizeof ts, "%m-%d %H:%M", &tm);
			if (a->user != 0 && store_user_get(txn, srv->st, a->user, &u) == 0) {
				snprintf(who, sizeof who, "%s", u.login);
				schema_free(&user_rec_desc, &u);
			} else
				snprintf(who, sizeof who, "%s", a->user ? "?" : "kaohectl");
			mvprintw(y, 0, "%5llu %s %-8.8s %-8.8s %-11.11s %s ",
			    (unsigned long long)a->id, ts, who, a->workstation, a->action, a->target);
			add_clipped(a->detail, cols);
		}
		schema_free_array(&audit_rec_desc, lines, n);
		mdb_txn_abort(txn);
	}
	if (n == 0)
		mvaddstr(2, 1, _("(no audit lines yet)"));
	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	mvaddstr(rows - 1, 1,
	    _("a dashboard   ↑↓ scroll   PgUp/PgDn page   g newest   q stop the server"));
	attroff(A_REVERSE);
	refresh();
}

static void
update_rates(struct server *srv)
{
	uint64_t now = mono_us();
	double dt = (double)(now - rate.at_us) / 1e6;
	struct server_stats *s = &srv->stats;

	if (dt < 1.0)
		return;
	rate.req_rate = (double)(s->requests - rate.requests) / dt;
	rate.commit_rate = (double)(s->commits - rate.commits) / dt;
	rate.write_rate = (double)(s->writes - rate.writes) / dt;
	rate.commit_avg_ms = s->commits > rate.commits ?
	    (double)(s->commit_us_total - rate.commit_us_total) / (double)(s->commits - rate.commits) / 1000.0 : 0;
	rate.requests = s->requests;
	rate.commits = s->commits;
	rate.writes = s->writes;
	rate.commit_us_total = s->commit_us_total;
	rate.at_us = now;
}

static void
heading(int y, const char *text)
{
	attron(A_BOLD | (has_colors() ? COLOR_PAIR(1) : 0));
	mvaddstr(y, 0, text);
	attroff(A_BOLD | (has_colors() ? COLOR_PAIR(1) : 0));
}

void
console_draw(struct server *srv)
{
	struct server_stats *s = &srv->stats;
	struct store_stats ss;
	int rows, cols, y;
	char ts[16];

	update_rates(srv);
	getmaxyx(stdscr, rows, cols);
	erase();
	if (rows < 12 || cols < 60) {
		mvaddstr(0, 0, "kaohed: terminal too small (need 60x12)");
		refresh();
		return;
	}
	if (view.audit) {
		draw_audit(srv, rows, cols);
		return;
	}
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	mvprintw(0, 1, _("kaohed %s  server console  database %s"), KAOHE_VERSION, srv->opt.db);
	attroff(A_REVERSE);
	mvprintw(1, 1, _("requests %s   updates %s"), srv->req_ep, srv->pub_ep);
	store_stats(srv->st, &ss);
	mvprintw(3, 1, _("connections %-6d  requests/s %-8.1f commits/s %-7.1f writes/s %-7.1f"),
	    s->connections, rate.req_rate, rate.commit_rate, rate.write_rate);
	mvprintw(4, 1,
	    _("commit latency mean %.2f ms  last %.2f ms  max %.2f ms  largest batch %llu"),
	    rate.commit_avg_ms, (double)s->commit_us_last / 1000.0,
	    (double)s->commit_us_max / 1000.0, (unsigned long long)s->batch_max);
	mvprintw(5, 1, _("seq %-10llu entries %-8llu changes %-8llu logins %-6llu errors %llu"),
	    (unsigned long long)srv->st->seq, (unsigned long long)ss.entries,
	    (unsigned long long)ss.changes, (unsigned long long)s->logins,
	    (unsigned long long)s->errors);
	mvprintw(6, 1, _("database %.1f MB  map used %.1f / %.0f MB (%.1f%%)"),
	    (double)ss.file_bytes / 1048576.0, (double)ss.used_bytes / 1048576.0,
	    (double)ss.map_bytes / 1048576.0,
	    ss.map_bytes ? 100.0 * (double)ss.used_bytes / (double)ss.map_bytes : 0.0);

	int errs_rows = 3;
	int change_rows = rows - 9 - errs_rows - 2;
	heading(8, _(" Latest changes"));
	y = 9;
	MDB_txn *txn = NULL;
	if (store_read_begin(srv->st, &txn) != 0)
		txn = NULL;
	for (int i = 0; i < change_rows && (unsigned)i < s->nrecent && i < SERVER_RECENT; i++) {
		const struct recent_change *c = &s->recent[(s->nrecent - 1 - (unsigned)i) % SERVER_RECENT];
		struct user_rec u;
		char day[16], who[80];

		stamp(c->at, ts, sizeof ts);
		day_format(c->date, day, sizeof day);
		if (txn != NULL && store_user_get(txn, srv->st, c->user, &u) == 0) {
			snprintf(who, sizeof who, "%s %s", u.login, u.display_name);
			schema_free(&user_rec_desc, &u);
		} else
			snprintf(who, sizeof who, "user %" PRIu64, c->user);
		mvprintw(y, 1, "%s #%-7" PRIu64 " %s %s %s ", ts, c->seq,
		    c->kind == CHANGE_DELETE ? _("deleted") : _("saved"), day, who);
		add_clipped(c->text, cols - 1);
		y++;
	}
	if (txn != NULL)
		mdb_txn_abort(txn);
	heading(rows - errs_rows - 2, _(" Errors and events"));
	y = rows - errs_rows - 1;
	for (int i = 0; i < errs_rows && (unsigned)i < s->nrecent_errors && i < SERVER_RECENT; i++) {
		const struct recent_error *e =
		    &s->recent_errors[(s->nrecent_errors - 1 - (unsigned)i) % SERVER_RECENT];

		stamp(e->at, ts, sizeof ts);
		mvprintw(y + i, 1, "%s %.*s", ts, cols - 12, e->text);
	}
	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	mvaddstr(rows - 1, 1, _("a audit log   q stop the server   Ctrl-L redraw"));
	attroff(A_REVERSE);
	refresh();
}
