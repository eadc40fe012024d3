/*
 * client-draft.c: local drafts (see client-draft.h).
 *
 * A file is text with lengths, so that any field (line breaks included)
 * reads back as written, and a checksum line at the end, so that a file cut
 * short or damaged is refused instead of restored as half a text:
 *
 *	kaohe-draft 1
 *	saved 1795096000
 *	server 21
 *	tcp://127.0.0.1:7810
 *	user 8
 *	zhangsan
 *	key 8
 *	log/new
 *	field 7 12
 *	content
 *	<12 bytes>
 *	end 8c2ab6f1d0e44a19
 *
 * (each length in bytes, each value followed by a newline; the checksum is
 * FNV-1a over everything before "end").  The file's name is server, user
 * and key, each percent-encoded and joined by commas, so two drafts never
 * share a name; a name too long for the file system becomes a hash of it,
 * and the server, user and key inside are checked on every read.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/util.h"
#include "client-draft.h"

#define NAME_MAX_KEPT	200	/* longer encoded names are hashed */

struct pending {
	char		*key;
	struct draft	 d;
	bool		 dirty;		/* not yet written */
	uint64_t	 changed_ms;	/* mono */
	uint64_t	 reqid;		/* the save carrying it, 0 none */
};

struct draft_store {
	char		*dir;
	char		*server;
	char		*user;
	struct pending	*p;
	size_t		 n;
};

/* ---- a draft in memory ---- */

void
draft_clear(struct draft *d)
{
	for (uint32_t i = 0; i < d->n; i++) {
		free(d->names[i]);
		free(d->values[i]);
	}
	free(d->names);
	free(d->values);
	memset(d, 0, sizeof *d);
}

void
draft_set(struct draft *d, const char *name, const char *value)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0) {
			free(d->values[i]);
			d->values[i] = xstrdup(value != NULL ? value : "");
			return;
		}
	d->names = xrealloc(d->names, (d->n + 1) * sizeof *d->names);
	d->values = xrealloc(d->values, (d->n + 1) * sizeof *d->values);
	d->names[d->n] = xstrdup(name);
	d->values[d->n] = xstrdup(value != NULL ? value : "");
	d->n++;
}

void
draft_set_u64(struct draft *d, const char *name, uint64_t value)
{
	char buf[24];

	snprintf(buf, sizeof buf, "%" PRIu64, value);
	draft_set(d, name, buf);
}

const char *
draft_get(const struct draft *d, const char *name)
{
	for (uint32_t i = 0; i < d->n; i++)
		if (strcmp(d->names[i], name) == 0)
			return d->values[i];
	return NULL;
}

uint64_t
draft_get_u64(const struct draft *d, const char *name, uint64_t def)
{
	const char *s = draft_get(d, name);
	char *end;
	uint64_t v;

	if (s == NULL || *s < '0' || *s > '9')
		return def;
	errno = 0;
	v = strtoull(s, &end, 10);
	return errno != 0 || *end != '\0' ? def : v;
}

void
draft_copy(struct draft *dst, const struct draft *src)
{
	memset(dst, 0, sizeof *dst);
	for (uint32_t i = 0; i < src->n; i++)
		draft_set(dst, src->names[i], src->values[i]);
	dst->saved_at = src->saved_at;
}

/* ---- the store ---- */

static int
mkdirs(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof buf) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(buf, 0700) != 0 && errno != EEXIST)
		return -1;
	return 0;
}

struct draft_store *
draft_store_new(const char *dir, char *err, size_t errlen)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char path[4096];
	struct draft_store *s;
	struct stat st;

	if (dir != NULL)
		snprintf(path, sizeof path, "%s", dir);
	else if (xdg != NULL && xdg[0] == '/')
		snprintf(path, sizeof path, "%s/kaohe/drafts", xdg);
	else if (home != NULL && home[0] != '\0')
		snprintf(path, sizeof path, "%s/.local/state/kaohe/drafts", home);
	else {
		snprintf(err, errlen, "no place for drafts: neither XDG_STATE_HOME nor HOME is set");
		return NULL;
	}
	if (mkdirs(path) != 0 || stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot make %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s is not a directory", path);
		return NULL;
	}
	/* Drafts are personal: nobody else may list them. */
	if ((st.st_mode & 077) != 0 && st.st_uid == getuid())
		(void)chmod(path, 0700);
	s = xcalloc(1, sizeof *s);
	s->dir = xstrdup(path);
	s->server = xstrdup("");
	s->user = xstrdup("");
	return s;
}

static void
pending_free(struct pending *p)
{
	free(p->key);
	draft_clear(&p->d);
	memset(p, 0, sizeof *p);
}

static void
pending_clear(struct draft_store *s)
{
	for (size_t i = 0; i < s->n; i++)
		pending_free(&s->p[i]);
	free(s->p);
	s->p = NULL;
	s->n = 0;
}

void
draft_store_free(struct draft_store **sp)
{
	struct draft_store *s = *sp;

	if (s == NULL)
		return;
	draft_flush(s, true);
	pending_clear(s);
	free(s->dir);
	free(s->server);
	free(s->user);
	free(s);
	*sp = NULL;
}

const char *
draft_store_dir(const struct draft_store *s)
{
	return s->dir;
}

void
draft_store_owner(struct draft_store *s, const char *server, const char *user)
{
	if (strcmp(s->server, server) == 0 && strcmp(s->user, user) == 0)
		return;
	draft_flush(s, true);
	pending_clear(s);
	free(s->server);
	free(s->user);
	s->server = xstrdup(server);
	s->user = xstrdup(user);
}

/* ---- file names ---- */

static void
encode(struct kbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' || *p == '-') {
			/* a name never starts with a dot: no hidden files, no ".." */
			if (!(*p == '.' && b->len == 0)) {
				kbuf_append(b, p, 1);
				continue;
			}
		}
		char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };
		kbuf_append(b, e, 3);
	}
}

static uint64_t
fnv1a(const void *data, size_t len, uint64_t h)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}
#define FNV_START	0xcbf29ce484222325ULL

void
draft_path(const struct draft_store *s, const char *key, char *buf, size_t len)
{
	struct kbuf b = { 0 };

	encode(&b, s->server);
	kbuf_append(&b, ",", 1);
	encode(&b, s->user);
	kbuf_append(&b, ",", 1);
	encode(&b, key);
	if (b.len > NAME_MAX_KEPT) {
		uint64_t h = fnv1a(b.data, b.len, FNV_START);

		snprintf(buf, len, "%s/h-%016" PRIx64 "-%016" PRIx64 ".draft", s->dir, h,
		    fnv1a(b.data, b.len, h ^ 0x9e3779b97f4a7c15ULL));
	} else {
		kbuf_append(&b, "", 1);
		snprintf(buf, len, "%s/%s.draft", s->dir, b.data);
	}
	kbuf_free(&b);
}

/* ---- the file ---- */

static void
put_value(struct kbuf *b, const char *what, const char *v)
{
	kbuf_printf(b, "%s %zu\n", what, strlen(v));
	kbuf_append(b, v, strlen(v));
	kbuf_append(b, "\n", 1);
}

static void
serialise(const struct draft_store *s, const char *key, const struct draft *d, uint64_t saved,
    struct kbuf *b)
{
	kbuf_printf(b, "kaohe-draft 1\nsaved %" PRIu64 "\n", saved);
	put_value(b, "server", s->server);
	put_value(b, "user", s->user);
	put_value(b, "key", key);
	for (uint32_t i = 0; i < d->n; i++) {
		kbuf_printf(b, "field %zu %zu\n", strlen(d->names[i]), strlen(d->values[i]));
		kbuf_append(b, d->names[i], strlen(d->names[i]));
		kbuf_append(b, "\n", 1);
		kbuf_append(b, d->values[i], strlen(d->values[i]));
		kbuf_append(b, "\n", 1);
	}
	kbuf_printf(b, "end %016" PRIx64 "\n", fnv1a(b->data, b->len, FNV_START));
}

static int
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

int
draft_write(struct draft_store *s, const char *key, const struct draft *d)
{
	char path[4600], tmp[4700];
	struct kbuf b = { 0 };
	int fd, e;
	size_t off = 0;

	draft_path(s, key, path, sizeof path);
	snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
	serialise(s, key, d, now_ms() / 1000, &b);
	(void)unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	if (fchmod(fd, 0600) != 0)
		goto fail_fd;
	while (off < b.len) {
		ssize_t w = write(fd, b.data + off, b.len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto fail_fd;
		off += (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail_fd;
	if (close(fd) != 0) {
		fd = -1;
		goto fail_fd;
	}
	if (rename(tmp, path) != 0)
		goto fail;
	(void)fsync_dir(s->dir);
	kbuf_free(&b);
	return 0;
fail_fd:
	e = errno;
	if (fd >= 0)
		close(fd);
	errno = e;
fail:
	e = errno;
	(void)unlink(tmp);
	kbuf_free(&b);
	errno = e;
	return -1;
}

/* Reading: a cursor over the file's bytes. */
struct reader {
	const char	*p;
	size_t		 left;
};

/* The next line (without its newline) into buf; -1 if none or too long. */
static int
read_line(struct reader *r, char *buf, size_t len)
{
	const char *nl = memchr(r->p, '\n', r->left);
	size_t n;

	if (nl == NULL || (size_t)(nl - r->p) >= len)
		return -1;
	n = (size_t)(nl - r->p);
	memcpy(buf, r->p, n);
	buf[n] = '\0';
	r->p += n + 1;
	r->left -= n + 1;
	return 0;
}

/* n bytes and the newline after them, as a new string. */
static char *
read_bytes(struct reader *r, size_t n)
{
	char *s;

	if (n >= r->left || r->p[n] != '\n' || memchr(r->p, '\0', n) != NULL ||
	    !utf8_valid(r->p, n))
		return NULL;
	s = xstrndup(r->p, n);
	r->p += n + 1;
	r->left -= n + 1;
	return s;
}

/* "what N" then N bytes. */
static char *
read_value(struct reader *r, const char *what)
{
	char line[64], *end;
	size_t wl = strlen(what);
	unsigned long long n;

	if (read_line(r, line, sizeof line) != 0 || strncmp(line, what, wl) != 0 || line[wl] != ' ')
		return NULL;
	errno = 0;
	n = strtoull(line + wl + 1, &end, 10);
	if (errno != 0 || *end != '\0' || end == line + wl + 1 || n > DRAFT_MAX_BYTES)
		return NULL;
	return read_bytes(r, (size_t)n);
}

/* Parse a whole file: 0 with out filled and *server, *user, *key set (to
 * free), or -1. */
static int
parse(const char *data, size_t len, struct draft *out, char **server, char **user, char **key)
{
	struct reader r = { data, len };
	const char *end;
	char line[96], *e;
	unsigned long long saved;

	memset(out, 0, sizeof *out);
	*server = *user = *key = NULL;
	/* The checksum covers everything before the last line. */
	if (len < 22 || data[len - 1] != '\n')
		return -1;
	for (end = data + len - 1; end > data && end[-1] != '\n'; end--)
		;
	if (data + len - end != 21 || strncmp(end, "end ", 4) != 0)
		return -1;
	snprintf(line, sizeof line, "end %016" PRIx64 "\n", fnv1a(data, (size_t)(end - data), FNV_START));
	if (memcmp(line, end, 21) != 0)
		return -1;
	r.left = (size_t)(end - data);

	if (read_line(&r, line, sizeof line) != 0 || strcmp(line, "kaohe-draft 1") != 0)
		return -1;
	if (read_line(&r, line, sizeof line) != 0 || strncmp(line, "saved ", 6) != 0)
		return -1;
	errno = 0;
	saved = strtoull(line + 6, &e, 10);
	if (errno != 0 || *e != '\0' || e == line + 6)
		return -1;
	out->saved_at = saved;
	if ((*server = read_value(&r, "server")) == NULL || (*user = read_value(&r, "user")) == NULL ||
	    (*key = read_value(&r, "key")) == NULL)
		goto fail;
	while (r.left > 0) {
		unsigned long long nl, vl;
		char *name, *value;

		if (read_line(&r, line, sizeof line) != 0 ||
		    sscanf(line, "field %llu %llu", &nl, &vl) != 2 || nl == 0 || nl > 64 ||
		    vl > DRAFT_MAX_BYTES)
			goto fail;
		if ((name = read_bytes(&r, (size_t)nl)) == NULL)
			goto fail;
		if ((value = read_bytes(&r, (size_t)vl)) == NULL) {
			free(name);
			goto fail;
		}
		draft_set(out, name, value);
		free(name);
		free(value);
	}
	return 0;
fail:
	free(*server);
	free(*user);
	free(*key);
	*server = *user = *key = NULL;
	draft_clear(out);
	return -1;
}

/* Read the file at path whole; NULL if it is not a plain file of ours of
 * a sane size. */
static char *
slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t off = 0;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid() ||
	    st.st_size <= 0 || st.st_size > (off_t)DRAFT_MAX_BYTES * 4) {
		close(fd);
		return NULL;
	}
	buf = xmalloc((size_t)st.st_size + 1);
	while (off < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + off, (size_t)st.st_size - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(fd);
	if (off != (size_t)st.st_size) {
		free(buf);
		return NULL;
	}
	buf[off] = '\0';
	*len = off;
	return buf;
}

/* A file's draft if it is the owner's; *key_out (to free) its key. */
static int
read_file(struct draft_store *s, const char *path, struct draft *out, char **key_out)
{
	char *data, *server, *user, *key;
	size_t len;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if ((data = slurp(path, &len)) == NULL)
		return -1;
	if (parse(data, len, out, &server, &user, &key) == 0) {
		if (strcmp(server, s->server) == 0 && strcmp(user, s->user) == 0) {
			rc = 0;
			*key_out = key;
			key = NULL;
		} else
			draft_clear(out);
		free(server);
		free(user);
		free(key);
	}
	free(data);
	return rc;
}

int
draft_read(struct draft_store *s, const char *key, struct draft *out)
{
	char path[4600], *k = NULL;

	draft_path(s, key, path, sizeof path);
	if (read_file(s, path, out, &k) != 0)
		return -1;
	if (strcmp(k, key) != 0) {
		/* a hashed name that is another draft's */
		draft_clear(out);
		free(k);
		return -1;
	}
	free(k);
	return 0;
}

/* ---- what the forms use ---- */

static struct pending *
pending_find(const struct draft_store *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->p[i].key, key) == 0)
			return &s->p[i];
	return NULL;
}

static struct pending *
pending_add(struct draft_store *s, const char *key)
{
	struct pending *p;

	s->p = xrealloc(s->p, (s->n + 1) * sizeof *s->p);
	p = &s->p[s->n++];
	memset(p, 0, sizeof *p);
	p->key = xstrdup(key);
	return p;
}

static void
pending_remove(struct draft_store *s, struct pending *p)
{
	size_t i = (size_t)(p - s->p);

	pending_free(p);
	memmove(&s->p[i], &s->p[i + 1], (s->n - i - 1) * sizeof *s->p);
	s->n--;
}

int
draft_load(struct draft_store *s, const char *key, struct draft *out)
{
	struct pending *p = pending_find(s, key);

	if (p != NULL) {
		draft_copy(out, &p->d);
		return 0;
	}
	return draft_read(s, key, out);
}

void
draft_keep(struct draft_store *s, const char *key, const struct draft *d)
{
	struct pending *p = pending_find(s, key);

	if (p == NULL)
		p = pending_add(s, key);
	draft_clear(&p->d);
	draft_copy(&p->d, d);
	p->d.saved_at = now_ms() / 1000;
	/* The first change of a burst starts the clock: a steady typist's
	 * text reaches the disk every DRAFT_FLUSH_MS, not only when they
	 * pause. */
	if (!p->dirty)
		p->changed_ms = mono_us() / 1000;
	p->dirty = true;
	p->reqid = 0;
}

void
draft_drop(struct draft_store *s, const char *key)
{
	struct pending *p = pending_find(s, key);
	char path[4600];

	if (p != NULL)
		pending_remove(s, p);
	draft_path(s, key, path, sizeof path);
	if (unlink(path) == 0)
		(void)fsync_dir(s->dir);
}

void
draft_rename(struct draft_store *s, const char *from, const char *to)
{
	struct pending *p = pending_find(s, from), *q;
	struct draft d;
	char path[4600];

	if (strcmp(from, to) == 0)
		return;
	if (p == NULL) {
		if (draft_read(s, from, &d) != 0)
			return;
		p = pending_add(s, from);
		p->d = d;
	}
	if ((q = pending_find(s, to)) != NULL) {
		pending_remove(s, q);
		p = pending_find(s, from);
	}
	free(p->key);
	p->key = xstrdup(to);
	p->dirty = true;
	p->changed_ms = 0;	/* written at the next flush */
	draft_path(s, from, path, sizeof path);
	(void)unlink(path);
}

void
draft_bind(struct draft_store *s, const char *key, uint64_t reqid)
{
	struct pending *p = pending_find(s, key);

	if (reqid == 0)
		return;
	if (p == NULL) {
		struct draft d;

		/* Nothing typed since it was restored: bind the file's. */
		if (draft_read(s, key, &d) != 0)
			return;
		p = pending_add(s, key);
		p->d = d;
	}
	p->reqid = reqid;
}

bool
draft_bound(const struct draft_store *s, const char *key)
{
	const struct pending *p = pending_find(s, key);

	return p != NULL && p->reqid != 0;
}

bool
draft_acked(struct draft_store *s, uint64_t reqid)
{
	for (size_t i = 0; i < s->n && reqid != 0; i++)
		if (s->p[i].reqid == reqid) {
			char *key = xstrdup(s->p[i].key);

			draft_drop(s, key);
			free(key);
			return true;
		}
	return false;
}

void
draft_refused(struct draft_store *s, uint64_t reqid)
{
	for (size_t i = 0; i < s->n && reqid != 0; i++)
		if (s->p[i].reqid == reqid)
			s->p[i].reqid = 0;
}

int
draft_flush(struct draft_store *s, bool force)
{
	uint64_t now = mono_us() / 1000;
	int failed = 0;

	for (size_t i = 0; i < s->n; i++) {
		struct pending *p = &s->p[i];

		if (!p->dirty || (!force && now - p->changed_ms < DRAFT_FLUSH_MS))
			continue;
		if (draft_write(s, p->key, &p->d) == 0)
			p->dirty = false;
		else
			failed++;
	}
	return failed;
}

bool
draft_find(struct draft_store *s, const char *prefix, char *key, size_t keylen)
{
	size_t pl = strlen(prefix);
	uint64_t best = 0;
	bool found = false;
	DIR *dir;
	struct dirent *de;

	for (size_t i = 0; i < s->n; i++)
		if (strncmp(s->p[i].key, prefix, pl) == 0 && s->p[i].reqid == 0 &&
		    (!found || s->p[i].d.saved_at >= best)) {
			best = s->p[i].d.saved_at;
			strlcpy_kh(key, s->p[i].key, keylen);
			found = true;
		}
	if ((dir = opendir(s->dir)) == NULL)
		return found;
	while ((de = readdir(dir)) != NULL) {
		size_t n = strlen(de->d_name);
		char path[4600], *k = NULL;
		struct draft d;

		if (n < 7 || strcmp(de->d_name + n - 6, ".draft") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", s->dir, de->d_name);
		if (read_file(s, path, &d, &k) != 0)
			continue;
		if (strncmp(k, prefix, pl) == 0 && pending_find(s, k) == NULL &&
		    (!found || d.saved_at > best)) {
			best = d.saved_at;
			strlcpy_kh(key, k, keylen);
			found = true;
		}
		draft_clear(&d);
		free(k);
	}
	closedir(dir);
	return found;
}
