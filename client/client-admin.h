/*
 * client-admin.h: the forms of the admin screen (管理) for a unit and for
 * an account, shared by client-admin.c (the lists) and client-admin-form.c
 * (the forms).
 *
 * A form is a box of one-line fields: text, a secret, a choice among a
 * list (←/→), a yes/no.  It is checked as it is typed with the server's
 * rules (a login of letters, digits and . _ -; a password of at least six
 * characters for a new account; a name), and sent as UNIT_PUT or USER_PUT;
 * a refusal comes back beside the field it names.
 */
#ifndef KAOHE_CLIENT_ADMIN_H
#define KAOHE_CLIENT_ADMIN_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "common/schema.h"

struct ui;
struct net_event;
struct aform;

enum aform_result { AFORM_NONE, AFORM_CLOSE };

struct aform *aform_new(void);
void	aform_free(struct aform **);

/* Open for a unit or an account; NULL creates a new one. */
void	aform_unit(struct ui *, struct aform *, const struct unit_rec *);
void	aform_person(struct ui *, struct aform *, const struct person *);
bool	aform_is_open(const struct aform *);
bool	aform_unsaved(const struct aform *);

void	aform_draw(struct ui *, struct aform *);
enum aform_result aform_key(struct ui *, struct aform *, bool is_key, wint_t ch);
bool	aform_event(struct ui *, struct aform *, const struct net_event *);

/* The units in tree order (the office, then its departments by
 * position), with each one's depth: n of them, a new array. */
struct unit_row {
	uint64_t	 id;
	int		 depth;
};
struct unit_row *admin_unit_tree(struct ui *, size_t *n);

#endif
