/*
 * kaohectl-keys.c: the server's CURVE key pair and the allowlist of
 * workstation keys (docs/operations.md, "Keys").
 *
 * The pair lives beside the database: DIR/server.secret (0600) and
 * DIR/server.key (the public key, for workstations).  kaohed reads it at
 * start, so a rotated pair takes effect when kaohed restarts.  The
 * allowlist is in the database (allowlist.h); kaohed reads it at each
 * handshake.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "common/i18n.h"
#include "common/keys.h"
#include "allowlist.h"
#include "kaohectl.h"

int
ctl_keys_create(const char *dir, bool replace)
{
	char sec[4096], pub[4096], err[512];
	struct keypair kp;

	keys_path(dir, KEYS_SECRET_FILE, sec, sizeof sec);
	keys_path(dir, KEYS_PUBLIC_FILE, pub, sizeof pub);
	if (!replace && access(sec, F_OK) == 0) {
		fprintf(stderr, _("kaohectl: %s exists already (kaohectl keys rotate replaces it)\n"), sec);
		return 1;
	}
	if (keys_generate(&kp, err, sizeof err) != 0 ||
	    keys_write(&kp, sec, pub, "kaohe server key", err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 1;
	}
	sodium_memzero(kp.secret_z85, sizeof kp.secret_z85);
	return 0;
}

static int
keys_show(const char *dir)
{
	char sec[4096], pub[4096], err[512], fp[KEYS_FP_LEN + 1];
	struct keypair kp;

	keys_path(dir, KEYS_SECRET_FILE, sec, sizeof sec);
	keys_path(dir, KEYS_PUBLIC_FILE, pub, sizeof pub);
	if (keys_load_secret(sec, &kp, err, sizeof err) != 0) {
		fprintf(stderr, _("kaohectl: %s (kaohectl keys create makes a pair)\n"), err);
		return 1;
	}
	sodium_memzero(kp.secret_z85, sizeof kp.secret_z85);
	keys_fingerprint(kp.public_z85, fp);
	/* the same in every language: scripts read it */
	printf("public key   %s\nfingerprint  %s\nsecret file  %s\npublic file  %s\n",
	    kp.public_z85, fp, sec, pub);
	return 0;
}

int
cmd_keys(struct ctl *c)
{
	const char *what = c->argc > 0 ? c->argv[0] : "show";
	int rc;

	if (strcmp(what, "show") == 0)
		return keys_show(c->db);
	if (strcmp(what, "create") == 0 || strcmp(what, "rotate") == 0) {
		if ((rc = ctl_keys_create(c->db, what[0] == 'r')) != 0)
			return rc;
		printf(what[0] == 'r' ? _("replaced the server's key pair in %s.\n") :
		    _("made the server's key pair in %s.\n"), c->db);
		if (what[0] == 'r')
			printf(_("Restart kaohed, and give every workstation the new %s/%s:\n"
			    "until they have it they cannot connect.\n"), c->db, KEYS_PUBLIC_FILE);
		return keys_show(c->db);
	}
	return ctl_usage(c);
}

static int
print_allowed(const char *z85, const char *name, void *arg)
{
	char fp[KEYS_FP_LEN + 1];

	(void)arg;
	keys_fingerprint(z85, fp);
	printf("%s  %s  %s\n", z85, fp, name);
	return 0;
}

int
cmd_allow_list(struct ctl *c)
{
	struct store *st;
	MDB_txn *txn;
	size_t n = 0;
	int rc;

	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = store_read_begin(st, &txn)) == 0) {
		rc = allowlist_each(txn, st, print_allowed, NULL, &n);
		mdb_txn_abort(txn);
	}
	store_close(&st);
	if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot read the allowlist: %s\n"), mdb_strerror(rc));
		return 1;
	}
	if (n == 0)
		printf("%s", _("the allowlist is empty: every workstation key may connect\n"));
	return 0;
}

/* allow add KEY [NAME], allow remove KEY: one write with its audit line. */
static int
allow_change(struct ctl *c, bool add)
{
	char key[KEYS_Z85_LEN + 1], err[512], fp[KEYS_FP_LEN + 1];
	const char *name = add && c->argc > 1 ? c->argv[1] : "";
	struct store *st;
	struct wtx w;
	size_t n = 0;
	int rc;

	if (c->argc < 1) {
		fputs(_("kaohectl: which key? 40 Z85 characters or a key file\n"), stderr);
		return ctl_usage(c);
	}
	if (keys_read_arg(c->argv[0], key, err, sizeof err) != 0) {
		fprintf(stderr, "kaohectl: %s\n", err);
		return 2;
	}
	if (strlen(name) > ALLOW_NAME_MAX) {
		fprintf(stderr, _("kaohectl: the name is longer than %d bytes\n"), ALLOW_NAME_MAX);
		return 2;
	}
	keys_fingerprint(key, fp);
	if ((st = open_db(c)) == NULL)
		return 1;
	if ((rc = ctl_write_begin(st, &w)) == 0) {
		rc = add ? allowlist_put(w.txn, st, key, name) : allowlist_remove(w.txn, st, key);
		if (rc == 0)
			rc = store_audit(&w, add ? "allow.add" : "allow.remove", fp, 0,
			    "%s", name[0] ? name : "-");
		if (rc == 0)
			rc = allowlist_each(w.txn, st, NULL, NULL, &n);
		rc = ctl_write_end(&w, rc);
	}
	store_close(&st);
	if (rc == MDB_NOTFOUND) {
		fprintf(stderr, _("kaohectl: key %s is not on the allowlist\n"), fp);
		return 1;
	} else if (rc != 0) {
		fprintf(stderr, _("kaohectl: cannot change the allowlist: %s\n"), mdb_strerror(rc));
		return 1;
	}
	printf(add ? _("allowed %s%s%s; ") : _("removed %s%s%s; "), fp, name[0] ? " " : "", name);
	if (n == 0)
		printf("%s", _("no key on the allowlist: every workstation key may connect\n"));
	else
		printf(ngettext("%zu key on the allowlist\n", "%zu keys on the allowlist\n", n), n);
	return 0;
}

int cmd_allow_add(struct ctl *c) { return allow_change(c, true); }
int cmd_allow_remove(struct ctl *c) { return allow_change(c, false); }
