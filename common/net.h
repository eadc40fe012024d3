/*
 * net.h: sending and receiving kaohe frames on ZeroMQ sockets, shared by
 * the server, the client and the tests.
 *
 * Endpoints: kaohed binds a ROUTER for requests and a PUB for updates.  A
 * client connects a DEALER and sends one frame per request; the ROUTER sees
 * [identity, frame] and replies the same way.  Updates are two frames:
 * [topic, frame], where topic is "u<user id>." for changes to a user's
 * records and "hb" for heartbeats.
 */
#ifndef KAOHE_NET_H
#define KAOHE_NET_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

#define NET_DEFAULT_REQ		"tcp://127.0.0.1:7410"
#define NET_DEFAULT_PUB		"tcp://127.0.0.1:7411"
#define NET_TOPIC_HEARTBEAT	"hb"

/* The update endpoint that goes with a request endpoint: the same transport
 * and host with the port plus one, or "<path>.pub" for ipc. */
void	net_pub_endpoint(const char *req, char *buf, size_t len);

/* "u<id>." into buf. */
void	net_user_topic(uint64_t user, char *buf, size_t len);

/* Set the options every kaohe socket has: linger, maximum message size,
 * high-water marks, TCP keepalive.  0 or -1 with errno. */
int	net_socket_setup(void *sock, int64_t maxmsg);

/* Encode and send one frame (after an optional identity frame).  0 or -1. */
int	net_send(void *sock, const void *ident, size_t ident_len,
	    uint32_t type, uint64_t reqid, const void *body);

/* Send an error reply. */
int	net_send_error(void *sock, const void *ident, size_t ident_len,
	    uint64_t reqid, int code, const char *field, const char *message);

/* Receive one message of up to `nparts` frames without blocking beyond
 * what the socket's options say.  Returns the number of frames read, 0 if
 * nothing was waiting, -1 on error.  Frames beyond nparts are drained and
 * counted in *extra.  Each part is a heap copy in parts[i]/lens[i]. */
int	net_recv_parts(void *sock, int flags, void **parts, size_t *lens,
	    int nparts, int *extra);
void	net_free_parts(void **parts, int n);

#endif
