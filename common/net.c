/*
 * net.c: kaohe frames over ZeroMQ sockets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "net.h"
#include "version.h"

void
net_pub_endpoint(const char *req, char *buf, size_t len)
{
	const char *colon = strrchr(req, ':');

	if (strncmp(req, "tcp://", 6) == 0 && colon != NULL && colon > req + 5) {
		long port = strtol(colon + 1, NULL, 10);
		snprintf(buf, len, "%.*s:%ld", (int)(colon - req), req, port + 1);
	} else
		snprintf(buf, len, "%s.pub", req);
}

void
net_user_topic(uint64_t user, char *buf, size_t len)
{
	snprintf(buf, len, "u%llu.", (unsigned long long)user);
}

int
net_socket_setup(void *sock, int64_t maxmsg)
{
	int linger = 0, hwm = 10000, one = 1;

	if (zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof linger) != 0 ||
	    zmq_setsockopt(sock, ZMQ_MAXMSGSIZE, &maxmsg, sizeof maxmsg) != 0 ||
	    zmq_setsockopt(sock, ZMQ_SNDHWM, &hwm, sizeof hwm) != 0 ||
	    zmq_setsockopt(sock, ZMQ_RCVHWM, &hwm, sizeof hwm) != 0 ||
	    zmq_setsockopt(sock, ZMQ_TCP_KEEPALIVE, &one, sizeof one) != 0)
		return -1;
	return 0;
}

int
net_send(void *sock, const void *ident, size_t ident_len, uint32_t type,
    uint64_t reqid, const void *body)
{
	struct kbuf b = { 0 };
	int rc = 0;

	codec_encode(type, reqid, body, &b);
	if (ident != NULL && zmq_send(sock, ident, ident_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0)
		rc = -1;
	else if (zmq_send(sock, b.data, b.len, ZMQ_DONTWAIT) < 0)
		rc = -1;
	kbuf_free(&b);
	return rc;
}

int
net_send_error(void *sock, const void *ident, size_t ident_len, uint64_t reqid,
    int code, const char *field, const char *message)
{
	struct error_body e = {
		.code = (uint32_t)code,
		.message = (char *)message,
		.field = (char *)(field != NULL ? field : ""),
	};
	e.server_protocol = PROTOCOL_VERSION;
	return net_send(sock, ident, ident_len, MSG_ERROR, reqid, &e);
}

int
net_recv_parts(void *sock, int flags, void **parts, size_t *lens, int nparts, int *extra)
{
	int n = 0, more = 1;

	*extra = 0;
	while (more) {
		zmq_msg_t m;
		size_t moresz = sizeof more;

		zmq_msg_init(&m);
		if (zmq_msg_recv(&m, sock, n == 0 && *extra == 0 ? flags : 0) < 0) {
			int e = errno;
			zmq_msg_close(&m);
			net_free_parts(parts, n);
			if (e == EAGAIN && n == 0 && *extra == 0)
				return 0;
			errno = e;
			return -1;
		}
		if (n < nparts) {
			lens[n] = zmq_msg_size(&m);
			parts[n] = xmalloc(lens[n] + 1);
			memcpy(parts[n], zmq_msg_data(&m), lens[n]);
			((char *)parts[n])[lens[n]] = '\0';
			n++;
		} else
			(*extra)++;
		zmq_getsockopt(sock, ZMQ_RCVMORE, &more, &moresz);
		zmq_msg_close(&m);
	}
	return n;
}

void
net_free_parts(void **parts, int n)
{
	for (int i = 0; i < n; i++) {
		free(parts[i]);
		parts[i] = NULL;
	}
}
