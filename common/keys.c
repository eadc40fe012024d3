/*
 * keys.c: CURVE key pairs as Z85 text files (see keys.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>
#include <zmq.h>

#include "keys.h"
#include "util.h"

bool
keys_z85_valid(const char *s)
{
	unsigned char raw[32];

	return s != NULL && strlen(s) == KEYS_Z85_LEN && zmq_z85_decode(raw, s) != NULL;
}

int
keys_generate(struct keypair *kp, char *err, size_t errlen)
{
	if (!zmq_has("curve") || zmq_curve_keypair(kp->public_z85, kp->secret_z85) != 0) {
		snprintf(err, errlen, "cannot make a key pair: this libzmq has no CURVE support");
		return -1;
	}
	return 0;
}

int
keys_read_file(const char *path, char out[KEYS_Z85_LEN + 1], char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char line[256];
	int rc = -1;

	if (f == NULL) {
		snprintf(err, errlen, "cannot read key file %s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		if (keys_z85_valid(line)) {
			memcpy(out, line, KEYS_Z85_LEN + 1);
			rc = 0;
		}
		break;
	}
	sodium_memzero(line, sizeof line);
	fclose(f);
	if (rc != 0)
		snprintf(err, errlen, "%s holds no key (40 Z85 characters)", path);
	return rc;
}

int
keys_read_arg(const char *arg, char out[KEYS_Z85_LEN + 1], char *err, size_t errlen)
{
	if (keys_z85_valid(arg) && access(arg, F_OK) != 0) {
		memcpy(out, arg, KEYS_Z85_LEN + 1);
		return 0;
	}
	return keys_read_file(arg, out, err, errlen);
}

int
keys_load_secret(const char *path, struct keypair *kp, char *err, size_t errlen)
{
	struct stat sb;

	if (keys_read_file(path, kp->secret_z85, err, errlen) != 0)
		return -1;
	if (stat(path, &sb) == 0 && (sb.st_mode & 077) != 0)
		fprintf(stderr, "warning: %s can be read by others (mode %03o); "
		    "chmod 600 it\n", path, (unsigned)(sb.st_mode & 0777));
	if (zmq_curve_public(kp->public_z85, kp->secret_z85) != 0) {
		snprintf(err, errlen, "cannot derive the public key of %s: %s", path,
		    zmq_strerror(zmq_errno()));
		return -1;
	}
	return 0;
}

/* Write text to path through a temporary file made with mode, renamed into
 * place, so a reader never sees half a key. */
static int
write_file(const char *path, const char *text, mode_t mode, char *err, size_t errlen)
{
	char tmp[4200];
	size_t len = strlen(text);
	int fd;

	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode)) < 0)
		goto fail;
	if (fchmod(fd, mode) != 0 || write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		close(fd);
		unlink(tmp);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return -1;
}

int
keys_write(const struct keypair *kp, const char *secret_path, const char *public_path,
    const char *comment, char *err, size_t errlen)
{
	char text[512], fp[KEYS_FP_LEN + 1];
	int rc;

	keys_fingerprint(kp->public_z85, fp);
	snprintf(text, sizeof text,
	    "# %s\n# SECRET: keep this file on this machine, mode 0600; never copy it\n"
	    "# public key %s, fingerprint %s\n%s\n",
	    comment != NULL ? comment : "kaohe CURVE secret key", kp->public_z85, fp, kp->secret_z85);
	rc = write_file(secret_path, text, 0600, err, errlen);
	sodium_memzero(text, sizeof text);
	if (rc != 0 || public_path == NULL)
		return rc;
	snprintf(text, sizeof text,
	    "# %s: public key (fingerprint %s)\n"
	    "# give this file to every workstation: kaohe --server-key FILE\n%s\n",
	    comment != NULL ? comment : "kaohe", fp, kp->public_z85);
	return write_file(public_path, text, 0644, err, errlen);
}

int
keys_load_or_create(const char *secret_path, struct keypair *kp, bool *created,
    char *err, size_t errlen)
{
	char dir[4096], *slash;

	*created = false;
	if (access(secret_path, F_OK) == 0)
		return keys_load_secret(secret_path, kp, err, errlen);
	strlcpy_kh(dir, secret_path, sizeof dir);
	/* Make each missing directory on the way, private. */
	for (slash = strchr(dir + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot make %s: %s", dir, strerror(errno));
			return -1;
		}
		*slash = '/';
	}
	if (keys_generate(kp, err, errlen) != 0 ||
	    keys_write(kp, secret_path, NULL, "kaohe workstation key", err, errlen) != 0)
		return -1;
	*created = true;
	return 0;
}

void
keys_path(const char *dir, const char *name, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

void
keys_fingerprint_raw(const unsigned char raw[32], char out[KEYS_FP_LEN + 1])
{
	unsigned char h[8];
	char hex[17];

	crypto_generichash(h, sizeof h, raw, 32, NULL, 0);
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, KEYS_FP_LEN + 1, "%.4s:%.4s:%.4s:%.4s", hex, hex + 4, hex + 8, hex + 12);
}

void
keys_fingerprint(const char *z85, char out[KEYS_FP_LEN + 1])
{
	unsigned char raw[32];

	if (!keys_z85_valid(z85)) {
		strlcpy_kh(out, "(invalid key)", KEYS_FP_LEN + 1);
		return;
	}
	zmq_z85_decode(raw, z85);
	keys_fingerprint_raw(raw, out);
}

int
keys_curve_server(void *sock, const struct keypair *kp)
{
	int one = 1;

	if (zmq_setsockopt(sock, ZMQ_CURVE_SERVER, &one, sizeof one) != 0 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, kp->secret_z85, KEYS_Z85_LEN) != 0)
		return -1;
	return 0;
}

int
keys_curve_client(void *sock, const char *server_public, const struct keypair *kp)
{
	if (zmq_setsockopt(sock, ZMQ_CURVE_SERVERKEY, server_public, KEYS_Z85_LEN) != 0 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_PUBLICKEY, kp->public_z85, KEYS_Z85_LEN) != 0 ||
	    zmq_setsockopt(sock, ZMQ_CURVE_SECRETKEY, kp->secret_z85, KEYS_Z85_LEN) != 0)
		return -1;
	return 0;
}
