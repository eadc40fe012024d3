/*
 * fail-fsync.c: an LD_PRELOAD shim that makes fsync, fdatasync and msync
 * fail with EIO while the file named by $KAOHE_FAIL_FSYNC exists, so that
 * test-durability can fail a commit's sync on demand.  Built without
 * sanitizers; it calls the kernel directly, not the next library.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int fsync(int fd);
int fdatasync(int fd);
int msync(void *addr, size_t len, int flags);

static int
failing(void)
{
	const char *p = getenv("KAOHE_FAIL_FSYNC");

	if (p == NULL || access(p, F_OK) != 0)
		return 0;
	errno = EIO;
	return 1;
}

int
fsync(int fd)
{
	return failing() ? -1 : (int)syscall(SYS_fsync, fd);
}

int
fdatasync(int fd)
{
	return failing() ? -1 : (int)syscall(SYS_fdatasync, fd);
}

int
msync(void *addr, size_t len, int flags)
{
	return failing() ? -1 : (int)syscall(SYS_msync, addr, len, flags);
}
