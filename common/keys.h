/*
 * keys.h: CURVE key pairs for kaohe's sockets, as Z85 text files.
 *
 * kaohed's pair lives in its database directory: server.secret (mode 0600,
 * never leaves the server) and server.key (the public key, handed to every
 * workstation).  A workstation keeps its own pair in one secret file under
 * ~/.config/kaohe/.  A key file is text: lines starting with '#' are
 * comments, the first other line is 40 Z85 characters.  Every function
 * returns 0, or -1 with a reason (lower case, no full stop) in err.
 */
#ifndef KAOHE_KEYS_H
#define KAOHE_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#define KEYS_Z85_LEN		40
#define KEYS_FP_LEN		19	/* "ab12:cd34:ef56:7890" */
#define KEYS_PUBLIC_FILE	"server.key"
#define KEYS_SECRET_FILE	"server.secret"

struct keypair {
	char	 public_z85[KEYS_Z85_LEN + 1];
	char	 secret_z85[KEYS_Z85_LEN + 1];
};

/* Whether s is exactly 40 Z85 characters that decode to a 32-byte key. */
bool	keys_z85_valid(const char *s);

/* A new pair from libsodium's generator, through zmq_curve_keypair. */
int	keys_generate(struct keypair *, char *err, size_t errlen);

/* Read the key in a key file into out. */
int	keys_read_file(const char *path, char out[KEYS_Z85_LEN + 1], char *err, size_t errlen);
/* A key given on a command line: 40 Z85 characters, or a key file. */
int	keys_read_arg(const char *arg, char out[KEYS_Z85_LEN + 1], char *err, size_t errlen);

/* Load a pair from its secret file (the public key is derived). */
int	keys_load_secret(const char *path, struct keypair *, char *err, size_t errlen);
/* Write a pair: the secret to secret_path (0600, replaced atomically) and,
 * if public_path is not NULL, the public key to public_path (0644).  The
 * comment (may be NULL) heads both files. */
int	keys_write(const struct keypair *, const char *secret_path, const char *public_path,
	    const char *comment, char *err, size_t errlen);
/* Load the pair in secret_path, or make one there (and its directory,
 * 0700) if there is none; *created says which. */
int	keys_load_or_create(const char *secret_path, struct keypair *, bool *created,
	    char *err, size_t errlen);

/* "dir/name" into buf. */
void	keys_path(const char *dir, const char *name, char *buf, size_t len);

/* A short name for a public key that can be read aloud and logged: 16 hex
 * digits of its BLAKE2b hash in groups of four.  From the Z85 text, or from
 * the 32 raw bytes ZAP hands over. */
void	keys_fingerprint(const char *z85, char out[KEYS_FP_LEN + 1]);
void	keys_fingerprint_raw(const unsigned char raw[32], char out[KEYS_FP_LEN + 1]);

/* Make sock a CURVE server with the pair (before it binds). */
int	keys_curve_server(void *sock, const struct keypair *);
/* Make sock a CURVE client of server_public with its own pair (before it
 * connects). */
int	keys_curve_client(void *sock, const char *server_public, const struct keypair *);

#endif
