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
/* Once a second from the loop: if a key has left the allowlist since the
 * last look (kaohectl allow remove, with the server running), close every
 * connection of the ROUTER and the PUB by unbinding and binding again.
 * Every workstation reconnects through the key check, so the removed one
 * is refused at once and receives no further update; the others lose at
 * most a reply in flight, which their client asks again.  Returns how many
 * keys left (0 if none, or nothing to watch). */
size_t	zap_watch(struct server *);
/* Free what zap_watch keeps. */
void	zap_watch_free(struct server *);

/* Stop the thread and close the socket; safe if never started. */
void	zap_stop(struct server *);

#endif
