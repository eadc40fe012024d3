/*
 * office-fixture.c: the small office of the store-level tests (see
 * office-fixture.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "server/org.h"
#include "office-fixture.h"

static uint64_t
add_unit(struct wtx *w, const char *name, uint64_t parent, uint32_t kind)
{
	struct unit_rec u = { .name = (char *)name, .parent = parent, .kind = kind };
	struct codec_error ce;

	assert_int_equal(org_unit_put(w, &u, &ce), 0);
	return u.id;
}

static void
set_supervisor(struct wtx *w, uint64_t unit, uint64_t user)
{
	struct codec_error ce;
	struct unit_rec u;

	assert_int_equal(org_unit_get(w->txn, w->st, unit, &u), 0);
	u.supervisor = user;
	assert_int_equal(org_unit_put(w, &u, &ce), 0);
	schema_free(&unit_rec_desc, &u);
}

void
office_people_add(struct wtx *w, const struct office_person *who, size_t n,
    const uint64_t *units, struct user_rec *out)
{
	for (size_t i = 0; i < n; i++) {
		struct user_rec u = { .login = (char *)who[i].login,
		    .display_name = (char *)(who[i].name != NULL ? who[i].name : who[i].login),
		    .role = who[i].role, .pwhash = "", .unit_id = units[who[i].unit] };

		assert_int_equal(store_user_put(w, &u), 0);
	}
	for (size_t i = 0; i < n; i++)
		assert_int_equal(store_user_by_login(w->txn, w->st, who[i].login, &out[i]), 0);
}

void
office_build(struct wtx *w, struct office *o, const struct office_person *who, size_t n,
    size_t s1, size_t s2, struct user_rec *out)
{
	o->root = add_unit(w, "机关", 0, 1);
	o->dept_a = add_unit(w, "甲科", o->root, 2);
	o->dept_b = add_unit(w, "乙科", o->root, 2);
	office_people_add(w, who, n, (const uint64_t[]){ o->root, o->dept_a, o->dept_b }, out);
	set_supervisor(w, o->dept_a, out[s1].id);
	set_supervisor(w, o->dept_b, out[s2].id);
}

int
office_fixture_close(struct store_fixture *fix, struct user_rec *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		schema_free(&user_rec_desc, &u[i]);
	return store_fixture_close(fix);
}
