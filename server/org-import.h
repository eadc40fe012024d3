/*
 * org-import.h: setting up an office's units (单位/科室) and people (人员)
 * from two CSV files, in one write transaction, all or nothing.
 *
 * units.csv   name,parent,kind,supervisor
 *             parent: a unit's name, empty for the office at the root;
 *             kind: office|department or 机关|科室; supervisor: the login
 *             of the supervising leader (分管领导), may be empty, may be a
 *             person of the people file.
 * people.csv  login,name,unit,role,password
 *             unit: a unit's name, stored or in the units file; role: a key
 *             (staff dept_head supervisor principal leader inspector admin
 *             orgdept) or its Chinese name (工作人员 ... 组织部); password:
 *             at least 6 characters, required for a new account and ignored
 *             for an existing one (kaohectl user passwd resets one).
 *
 * A unit with a stored name, and a person with a stored login, is updated
 * in place; the files are the truth for the fields they carry.  Units may
 * come in any order.  See docs/operations.md.
 */
#ifndef KAOHE_ORG_IMPORT_H
#define KAOHE_ORG_IMPORT_H

#include "csv.h"
#include "store.h"

/* Import either file or both (NULL: none).  Every mistake in either file is
 * reported in r with its file and line; if there is one, nothing is written
 * and -1 is returned.  Else 0, the counts in r, and one audit line; the
 * caller commits.  An LMDB error is returned as its code (the caller
 * aborts).  Each new password is hashed inside the transaction, so a large
 * import holds the write lock for a while (about 50 ms per new account). */
int	org_import(struct wtx *, const char *units_csv, const char *people_csv,
	    struct import_report *r);

/* A role from its key or Chinese name; 0 if neither. */
uint32_t org_import_role(const char *s);

#endif
