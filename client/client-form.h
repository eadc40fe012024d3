/*
 * client-form.h: the daily log entry form (新增/修改日志).
 *
 * Five fields: date (日期), category (类别), hours (工时), overtime (加班)
 * and what was done (内容).  The entry is checked as it is
 * typed with log_entry_check() and hours_problem() from common/domain.h,
 * the same rules the server applies, and the reason is shown beside the
 * field at fault (under the one-line details, which take the whole
 * width).  The form only edits and draws; saving, and keeping what is
 * typed as a local draft (client-draft.h), are the caller's business.
 */
#ifndef KAOHE_CLIENT_FORM_H
#define KAOHE_CLIENT_FORM_H

#include <stdbool.h>
#include <stdint.h>

#include "common/schema.h"
#include "client-edit.h"

enum log_form_field {
	FORM_DATE,
	FORM_CATEGORY,
	FORM_MINUTES,
	FORM_OVERTIME,
	FORM_CONTENT,
	FORM_NFIELDS
};

enum form_result {
	FORM_NONE,		/* keep editing */
	FORM_SAVE,		/* the user asked to save and the entry is valid */
	FORM_CANCEL,		/* Esc */
};

struct form {
	bool		 open;
	uint64_t	 id;		/* 0: a new entry */
	uint64_t	 version;	/* the version being edited */
	uint32_t	 category;
	struct edit	 date;
	struct edit	 minutes;
	struct edit	 overtime;
	struct edit	 content;
	int		 field;		/* enum log_form_field with the cursor */
	bool		 changed;	/* typed into since opened */
	uint32_t	 edits;		/* changes since opened, for the draft */
	int		 error_field;	/* -1: none */
	char		 error[256];
	char		 server_error[512];	/* from a refused save, until edited */
};

void	form_init(struct form *);
void	form_free(struct form *);

/* Open for a new entry on day (e NULL) or for editing e. */
void	form_open(struct form *, const struct log_entry *e, uint32_t day,
	    uint32_t today);
void	form_close(struct form *);

/* Show a refusal from the server beside the field it names. */
void	form_set_server_error(struct form *, const char *field, const char *message);

/* One key from get_wch(). */
enum form_result form_key(struct form *, bool is_key, wint_t ch, uint32_t today);

/* Check the fields; fills error and error_field.  0 if valid. */
int	form_check(struct form *, uint32_t today);

/* The entry the form holds; content is a new string (schema_free it). */
void	form_entry(const struct form *, struct log_entry *out);

/* Local drafts: the key of the form's draft ("log/new", "log/ID"), the
 * form as a draft, and a draft back into the form (which counts as
 * changed). */
struct draft;
void	form_draft_key(const struct form *, char *buf, size_t len);
void	form_to_draft(const struct form *, struct draft *);
void	form_from_draft(struct form *, const struct draft *, uint32_t today);

/* Draw as a box over the screen; leaves the cursor in the active field. */
void	form_draw(struct form *);

/* Rows and columns form_draw() needs. */
#define FORM_HEIGHT	13
#define FORM_WIDTH	76

#endif
