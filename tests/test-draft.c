/*
 * test-draft.c: unit tests for client/client-draft.c, the local drafts:
 * what is written reads back as it was (Chinese, line breaks, empty
 * fields), a write replaces the old file whole, files are 0600 in a 0700
 * directory, a damaged or foreign file is ignored, two drafts never share
 * a file, and the deferred writes, bindings and acknowledgements behave.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "common/util.h"
#include "client/client-area.h"
#include "client/client-draft.h"
#include "client/client-edit.h"

struct fix {
	char		 dir[256];
	struct draft_store *s;
};

static int
setup(void **state)
{
	struct fix *f = xcalloc(1, sizeof *f);
	char err[256];

	snprintf(f->dir, sizeof f->dir, "/tmp/kaohe-test-draft.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	strcat(f->dir, "/state/drafts");
	f->s = draft_store_new(f->dir, err, sizeof err);
	assert_non_null(f->s);
	draft_store_owner(f->s, "tcp://127.0.0.1:7810", "zhangsan");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fix *f = *state;
	char cmd[400];

	draft_store_free(&f->s);
	*strstr(f->dir, "/state/drafts") = '\0';
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* Files in the directory, and whether any is a leftover temporary. */
static int
count_files(const char *dir, bool *tmp)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	*tmp = false;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		if (strstr(de->d_name, ".tmp") != NULL)
			*tmp = true;
		n++;
	}
	closedir(d);
	return n;
}

static void
write_file(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	fclose(fp);
	chmod(path, 0600);
}

static char *
read_whole(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = xmalloc(1 << 20);

	assert_non_null(fp);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	return buf;
}

static void
test_roundtrip(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, r = { 0 };
	const char *text = "上午参加全区安全生产会议，\n下午整理会议纪要。\n\n最后一行";

	draft_set(&d, "content", text);
	draft_set(&d, "hours", "7.5");
	draft_set(&d, "overtime", "");
	draft_set_u64(&d, "category", 3);
	draft_set(&d, "hours", "8");	/* replaces */
	assert_int_equal(d.n, 4);
	assert_int_equal(draft_write(f->s, "log/new", &d), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(draft_get(&r, "content"), text);
	assert_string_equal(draft_get(&r, "hours"), "8");
	assert_string_equal(draft_get(&r, "overtime"), "");
	assert_int_equal(draft_get_u64(&r, "category", 0), 3);
	assert_int_equal(draft_get_u64(&r, "content", 42), 42);
	assert_null(draft_get(&r, "nothing"));
	assert_true(r.saved_at + 5 >= now_ms() / 1000 && r.saved_at <= now_ms() / 1000);
	draft_clear(&r);

	draft_drop(f->s, "log/new");
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	assert_int_equal(draft_load(f->s, "log/new", &r), -1);
	draft_clear(&d);
}

static void
test_atomic_replace(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, r = { 0 };
	char path[4600], big[30000];
	struct stat st1, st2;
	bool tmp;
	int fd;

	draft_set(&d, "content", "第一版");
	assert_int_equal(draft_write(f->s, "doc/1/12/202611", &d), 0);
	draft_path(f->s, "doc/1/12/202611", path, sizeof path);
	assert_int_equal(stat(path, &st1), 0);
	/* A reader that opened the old file keeps reading it whole. */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	draft_set(&d, "content", big);
	assert_int_equal(draft_write(f->s, "doc/1/12/202611", &d), 0);
	assert_int_equal(stat(path, &st2), 0);
	assert_true(st1.st_ino != st2.st_ino);	/* a new file renamed in */
	{
		char buf[256];
		ssize_t n = read(fd, buf, sizeof buf - 1);

		assert_true(n > 0);
		buf[n] = '\0';
		assert_non_null(strstr(buf, "第一版"));
	}
	close(fd);
	assert_int_equal(draft_read(f->s, "doc/1/12/202611", &r), 0);
	assert_string_equal(draft_get(&r, "content"), big);
	draft_clear(&r);
	/* one file, no temporary left behind */
	assert_int_equal(count_files(f->dir, &tmp), 1);
	assert_false(tmp);
	/* a leftover temporary of a crashed write is no draft */
	{
		char t[4700];

		snprintf(t, sizeof t, "%s.99999.tmp", path);
		write_file(t, "kaohe-draft 1\n", 14);
		assert_int_equal(draft_read(f->s, "doc/1/12/202611", &r), 0);
		draft_clear(&r);
	}
	draft_clear(&d);
}

static void
test_permissions(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 };
	char path[4600];
	struct stat st;
	mode_t old = umask(0);

	draft_set(&d, "content", "个人的文字");
	assert_int_equal(draft_write(f->s, "log/7", &d), 0);
	umask(old);
	draft_path(f->s, "log/7", path, sizeof path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(f->dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);

	/* A store reopened over a directory others could read closes it. */
	assert_int_equal(chmod(f->dir, 0755), 0);
	{
		char err[256];
		struct draft_store *s2 = draft_store_new(f->dir, err, sizeof err);

		assert_non_null(s2);
		assert_int_equal(stat(f->dir, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0700);
		draft_store_free(&s2);
	}
	draft_clear(&d);
}

static void
test_corrupt_ignored(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, r = { 0 };
	char path[4600], key[128];
	char *good;
	size_t len;

	draft_set(&d, "content", "会议纪要");
	draft_set(&d, "hours", "2");
	assert_int_equal(draft_write(f->s, "log/new", &d), 0);
	draft_path(f->s, "log/new", path, sizeof path);
	good = read_whole(path, &len);

	/* cut short, anywhere */
	for (size_t cut = 0; cut < len; cut += 7) {
		write_file(path, good, cut);
		assert_int_equal(draft_read(f->s, "log/new", &r), -1);
		assert_int_equal(r.n, 0);
	}
	/* one byte changed, anywhere */
	for (size_t at = 0; at < len; at += 5) {
		char *bad = xmalloc(len);

		memcpy(bad, good, len);
		bad[at] ^= 0x20;
		write_file(path, bad, len);
		assert_int_equal(draft_read(f->s, "log/new", &r), -1);
		free(bad);
	}
	/* garbage, an empty file, a directory, a symbolic link */
	write_file(path, "\xff\xfe garbage \x00\x01", 14);
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	write_file(path, "", 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	rmdir(path);
	{
		char target[4700];

		snprintf(target, sizeof target, "%s/elsewhere", f->dir);
		write_file(target, good, len);
		assert_int_equal(symlink(target, path), 0);
		assert_int_equal(draft_read(f->s, "log/new", &r), -1);
		unlink(path);
		unlink(target);
	}
	/* a corrupt file is not offered, and a new write replaces it */
	write_file(path, good, len / 2);
	assert_false(draft_find(f->s, "log/", key, sizeof key));
	assert_int_equal(draft_write(f->s, "log/new", &d), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "会议纪要");
	draft_clear(&r);
	free(good);
	draft_clear(&d);
}

static void
test_keys_apart(void **state)
{
	struct fix *f = *state;
	static const char *const keys[] = {
		"a/b", "a_b", "a%2Fb", "a,b", "a.b", ".a", "..", "a b", "日志", "",
	};
	struct draft d = { 0 }, r = { 0 };
	char p1[4600], p2[4600];
	bool tmp;

	for (size_t i = 0; i < nitems(keys); i++) {
		draft_set(&d, "k", keys[i]);
		assert_int_equal(draft_write(f->s, keys[i], &d), 0);
	}
	assert_int_equal(count_files(f->dir, &tmp), (int)nitems(keys));
	for (size_t i = 0; i < nitems(keys); i++) {
		assert_int_equal(draft_read(f->s, keys[i], &r), 0);
		assert_string_equal(draft_get(&r, "k"), keys[i]);
		draft_clear(&r);
		draft_path(f->s, keys[i], p1, sizeof p1);
		/* every name inside the directory, none hidden */
		assert_null(strchr(p1 + strlen(f->dir) + 1, '/'));
		assert_true(p1[strlen(f->dir) + 1] != '.');
	}

	/* server and user cut differently: different files, not readable
	 * as each other's */
	draft_store_owner(f->s, "x,y", "z");
	draft_path(f->s, "k", p1, sizeof p1);
	draft_set(&d, "k", "x,y z");
	assert_int_equal(draft_write(f->s, "k", &d), 0);
	draft_store_owner(f->s, "x", "y,z");
	draft_path(f->s, "k", p2, sizeof p2);
	assert_string_not_equal(p1, p2);
	assert_int_equal(draft_read(f->s, "k", &r), -1);
	/* another user on the same server sees nothing of zhangsan's */
	draft_store_owner(f->s, "tcp://127.0.0.1:7810", "lisi");
	assert_int_equal(draft_read(f->s, "a/b", &r), -1);
	draft_store_owner(f->s, "tcp://127.0.0.1:7811", "zhangsan");
	assert_int_equal(draft_read(f->s, "a/b", &r), -1);

	/* keys too long for a file name become hashes, still apart */
	{
		char k1[600], k2[600];

		memset(k1, 'a', sizeof k1 - 1);
		k1[sizeof k1 - 1] = '\0';
		memcpy(k2, k1, sizeof k2);
		k2[300] = 'b';
		draft_path(f->s, k1, p1, sizeof p1);
		draft_path(f->s, k2, p2, sizeof p2);
		assert_string_not_equal(p1, p2);
		assert_true(strlen(p1) - strlen(f->dir) < 255);
		draft_set(&d, "k", "one");
		assert_int_equal(draft_write(f->s, k1, &d), 0);
		assert_int_equal(draft_read(f->s, k2, &r), -1);
		assert_int_equal(draft_read(f->s, k1, &r), 0);
		assert_string_equal(draft_get(&r, "k"), "one");
		draft_clear(&r);
	}
	draft_clear(&d);
}

static void
test_keep_flush_ack(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, r = { 0 };
	char key[128];

	draft_set(&d, "content", "正在输入");
	draft_keep(f->s, "log/new", &d);
	/* in memory at once, on disk not before the second is up */
	assert_int_equal(draft_load(f->s, "log/new", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "正在输入");
	draft_clear(&r);
	assert_int_equal(draft_flush(f->s, false), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	usleep((DRAFT_FLUSH_MS + 100) * 1000);
	assert_int_equal(draft_flush(f->s, false), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), 0);
	draft_clear(&r);

	/* forced: at once */
	draft_set(&d, "content", "正在输入更多");
	draft_keep(f->s, "log/new", &d);
	assert_int_equal(draft_flush(f->s, true), 0);
	assert_int_equal(draft_read(f->s, "log/new", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "正在输入更多");
	draft_clear(&r);

	/* sent: moved aside under its own key, bound to the request */
	draft_rename(f->s, "log/new", "log/new/2a");
	draft_bind(f->s, "log/new/2a", 42);
	draft_flush(f->s, true);
	assert_int_equal(draft_read(f->s, "log/new", &r), -1);
	assert_int_equal(draft_read(f->s, "log/new/2a", &r), 0);
	draft_clear(&r);
	assert_true(draft_bound(f->s, "log/new/2a"));
	/* bound to a save in flight: not offered to a new form */
	assert_false(draft_find(f->s, "log/new", key, sizeof key));
	assert_false(draft_acked(f->s, 41));
	assert_true(draft_acked(f->s, 42));
	assert_int_equal(draft_read(f->s, "log/new/2a", &r), -1);

	/* typed on after the save: the acknowledgement keeps the draft */
	draft_set(&d, "content", "第一次保存");
	draft_keep(f->s, "doc/1/12/202611", &d);
	draft_bind(f->s, "doc/1/12/202611", 7);
	draft_set(&d, "content", "第一次保存之后又写了");
	draft_keep(f->s, "doc/1/12/202611", &d);
	assert_false(draft_acked(f->s, 7));
	draft_flush(f->s, true);
	assert_int_equal(draft_read(f->s, "doc/1/12/202611", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "第一次保存之后又写了");
	draft_clear(&r);
	draft_clear(&d);
}

static void
test_find_after_restart(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, r = { 0 };
	char key[128], err[256];

	/* a save that never came back, from a run that was killed */
	draft_set(&d, "content", "旧的");
	assert_int_equal(draft_write(f->s, "log/new/1", &d), 0);
	sleep(1);
	draft_set(&d, "content", "新的");
	assert_int_equal(draft_write(f->s, "log/new/2", &d), 0);
	draft_set(&d, "content", "别的表");
	assert_int_equal(draft_write(f->s, "doc/1/12/202611", &d), 0);
	draft_store_free(&f->s);

	f->s = draft_store_new(f->dir, err, sizeof err);
	assert_non_null(f->s);
	draft_store_owner(f->s, "tcp://127.0.0.1:7810", "zhangsan");
	assert_true(draft_find(f->s, "log/new", key, sizeof key));
	assert_string_equal(key, "log/new/2");
	draft_rename(f->s, key, "log/new");
	assert_int_equal(draft_load(f->s, "log/new", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "新的");
	draft_clear(&r);
	draft_store_free(&f->s);	/* writes the renamed one */

	f->s = draft_store_new(f->dir, err, sizeof err);
	draft_store_owner(f->s, "tcp://127.0.0.1:7810", "zhangsan");
	assert_int_equal(draft_read(f->s, "log/new", &r), 0);
	assert_string_equal(draft_get(&r, "content"), "新的");
	draft_clear(&r);
	assert_int_equal(draft_read(f->s, "log/new/2", &r), -1);
	draft_store_owner(f->s, "tcp://127.0.0.1:7810", "lisi");
	assert_false(draft_find(f->s, "", key, sizeof key));
	draft_clear(&d);
}

static void
test_no_home(void **state)
{
	char err[256];
	char *home = getenv("HOME") ? xstrdup(getenv("HOME")) : NULL;
	char *xdg = getenv("XDG_STATE_HOME") ? xstrdup(getenv("XDG_STATE_HOME")) : NULL;
	struct fix *f = *state;
	struct draft_store *s;
	char want[512];

	(void)f;
	unsetenv("HOME");
	unsetenv("XDG_STATE_HOME");
	assert_null(draft_store_new(NULL, err, sizeof err));
	/* XDG_STATE_HOME first, then ~/.local/state */
	*strstr(f->dir, "/state/drafts") = '\0';
	setenv("XDG_STATE_HOME", f->dir, 1);
	s = draft_store_new(NULL, err, sizeof err);
	assert_non_null(s);
	snprintf(want, sizeof want, "%s/kaohe/drafts", f->dir);
	assert_string_equal(draft_store_dir(s), want);
	draft_store_free(&s);
	unsetenv("XDG_STATE_HOME");
	setenv("HOME", f->dir, 1);
	s = draft_store_new(NULL, err, sizeof err);
	assert_non_null(s);
	snprintf(want, sizeof want, "%s/.local/state/kaohe/drafts", f->dir);
	assert_string_equal(draft_store_dir(s), want);
	draft_store_free(&s);
	strcat(f->dir, "/state/drafts");
	if (home != NULL)
		setenv("HOME", home, 1);
	if (xdg != NULL)
		setenv("XDG_STATE_HOME", xdg, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(home);
	free(xdg);
}

/*
 * A form's fields into a draft and back, through the file: a one-line
 * field and a text area with a line break, in Chinese; a field the draft
 * does not hold keeps what it had.
 */
static void
test_fields(void **state)
{
	struct fix *f = *state;
	struct draft d = { 0 }, back = { 0 };
	struct edit work, note;
	struct area text;
	char *s;

	edit_init(&work, 100);
	edit_init(&note, 100);
	area_init(&text, 1000);
	edit_set(&work, "抗洪抢险先进个人");
	area_set(&text, "第一段：按时完成。\n第二段：无。");
	edit_to_draft(&work, &d, "work");
	area_to_draft(&text, &d, "text");
	assert_int_equal(draft_write(f->s, "commend/x/1/2", &d), 0);

	edit_clear(&work);
	area_set(&text, "");
	edit_set(&note, "原有备注");
	assert_int_equal(draft_read(f->s, "commend/x/1/2", &back), 0);
	edit_from_draft(&work, &back, "work");
	edit_from_draft(&note, &back, "note");
	area_from_draft(&text, &back, "text");
	assert_string_equal(s = edit_get(&work), "抗洪抢险先进个人");
	free(s);
	assert_string_equal(s = edit_get(&note), "原有备注");
	free(s);
	assert_string_equal(s = area_get(&text), "第一段：按时完成。\n第二段：无。");
	free(s);

	draft_clear(&d);
	draft_clear(&back);
	edit_free(&work);
	edit_free(&note);
	area_free(&text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_atomic_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_flush_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_after_restart, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_home, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fields, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
