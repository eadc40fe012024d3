/*
 * zap.h: kaohed's ZAP handler (ZeroMQ RFC 27), which decides for every
 * CURVE handshake on the ROUTER and the PUB whether the workstation's key
 * may connect: listed in the allowlist (allowlist.h), or the list is empty.
 *
 * zap_setup() reads the server's key pair (server.secret in --keys DIR,
 * default the database directory), makes the ROUTER and the PUB CURVE
 * servers, and binds inproc://zeromq.zap.01.  It must come before the
 * server's sockets bind: libzmq asks the handler only if it exists by then, and a
 * CURVE socket without one lets every key in.  zap_start() starts the
 * thread that answers; requests that come before it waits in the socket.
 * A refused key is logged on stderr at once and handed to the loop (as a
 * finished "login" job, through the password worker's pipe) to be written
 * to the audit log in the next batch, at most once a minute per key.
 */
#ifndef KAOHE_ZAP_H
#define KAOHE_ZAP_H

#include <stddef.h>

struct server;

/* Nothing with --insecure.  0, or -1 with the reason in err. */
int	zap_setup(struct server *, char *err, size_t errlen);
int	zap_start(struct server *, char *err, size_t errlen);
/* Stop the thread and close the socket; safe if never started. */
void	zap_stop(struct server *);

#endif
