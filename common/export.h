/*
 * export.h: rankings and sheets as files for filing with the organisation
 * department (备案): CSV for any program, XLSX laid out like the paper forms
 * (登记表, 考核评分表, 考核细则).  Shared by kaohectl and the client, so it
 * works only from what a reply already holds: SHEETS_REPLY with the plan's
 * parts (struct plan or BALLOT_REPLY's raters), RUBRIC_SHEETS_REPLY.  An
 * anonymous part (民意测评) is shown only as the aggregate the reply has:
 * its mean and how many voted; a reply never says who gave what for it,
 * and a named score claiming such a part is left out.
 *
 * An export is built first as a book of tables (export-int.h), one per
 * worksheet, then written: CSV holds the book's first table (UTF-8 with a
 * byte order mark, so Excel reads the Chinese; RFC 4180 quoting; CRLF), XLSX
 * all of them.  A file is written beside its path and renamed into place,
 * so a failed export never leaves half a file or spoils an older one.
 *
 * Scores are hundredths, printed with two decimals (9205: 92.05).
 */
#ifndef KAOHE_EXPORT_H
#define KAOHE_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "schema.h"

/* Names the replies give only as ids: the client looks them up in its
 * synced organisation, kaohectl in the database.  NULL (or a NULL
 * function) prints the id. */
struct export_names {
	const char	*(*unit)(void *arg, uint64_t id);
	const char	*(*user)(void *arg, uint64_t id);
	void		*arg;
};

/* A people ranking: a SHEETS reply and the plan's parts. */
struct export_people {
	const char			*plan_name;	/* the plan's title */
	const char			*scope;		/* the unit asked for; NULL or "": 全部 */
	const struct plan_rater		*raters;	/* the parts, in the plan's order */
	uint32_t			 nraters;
	const struct plan_level		*levels;	/* for commendations' names; may be 0 */
	uint32_t			 nlevels;
	const struct sheets_reply_body	*sh;
	struct export_names		 names;
};

/* An organisation ranking and, when the reply is for one unit, its sheet. */
struct export_rubric {
	const struct rubric_sheets_reply_body *rs;
	const char			*scope;		/* the unit or category asked for; NULL: 全部 */
	struct export_names		 names;
};

struct export_book;

/* The ranking (登记表) first, then each person's sheet (考核评分表). */
struct export_book *export_people_book(const struct export_people *);
/* One person's sheet only; NULL if the reply has no row for subject. */
struct export_book *export_person_book(const struct export_people *, uint64_t subject);
/* One unit's sheet (细则: 项目 / 目标 / 考核内容及标准 / 标准分 / 评分方法 /
 * 自查分 / 扣分 / 得分 / 扣分说明) first when the reply has it, then the
 * ranking of the units. */
struct export_book *export_rubric_book(const struct export_rubric *);
void	export_book_free(struct export_book **);

/* A long write may be watched: progress(arg) is called for each row
 * written (from the thread that writes), and returning false stops the
 * write, which then fails with "stopped" and leaves nothing at its path.
 * NULL: no watching.  export_book_rows() is how many rows a write goes
 * through (csv: the first table only, as export_write_csv writes). */
void	export_book_progress(struct export_book *, bool (*progress)(void *arg), void *arg);
uint64_t export_book_rows(const struct export_book *, bool csv);

/* Write the book to path.  0, or -1 with err set ("cannot write x.csv:
 * permission denied"); nothing is left at path on failure. */
int	export_write_csv(const struct export_book *, const char *path, char *err, size_t errlen);
int	export_write_xlsx(const struct export_book *, const char *path, char *err, size_t errlen);

#endif
