/*
 * login-probe.c: log in to a running kaohed as a workstation would, and
 * wait for a heartbeat on its update socket.  tests/install.sh uses it to
 * see the installed kaohed, started as its systemd unit would start it,
 * serve a client.
 *
 *   login-probe KEYDIR REQUEST-ENDPOINT LOGIN PASSWORD
 *
 * KEYDIR holds the server's public key (server.key).  Exit status 0 when
 * the login succeeded and a heartbeat came within 5 seconds, else 1 with
 * the reason on stderr.
 */
#include <stdio.h>
#include <string.h>

#include <zmq.h>

#include "common/net.h"
#include "common/util.h"
#include "tests/harness.h"

int
main(int argc, char **argv)
{
	struct test_server s = { 0 };
	struct test_client c;
	char topic[16];
	int rc = 1, n;

	if (argc != 5) {
		fprintf(stderr, "usage: login-probe KEYDIR REQUEST-ENDPOINT LOGIN PASSWORD\n");
		return 2;
	}
	strlcpy_kh(s.db, argv[1], sizeof s.db);
	strlcpy_kh(s.req, argv[2], sizeof s.req);
	net_pub_endpoint(s.req, s.pub, sizeof s.pub);
	s.zctx = zmq_ctx_new();
	if (harness_client_open(&c, &s) != 0) {
		fprintf(stderr, "login-probe: cannot connect to %s\n", s.req);
		goto out;
	}
	if (harness_login(&c, argv[3], argv[4]) != 0) {
		fprintf(stderr, "login-probe: no login as %s at %s\n", argv[3], s.req);
		goto close;
	}
	if (zmq_setsockopt(c.sub, ZMQ_SUBSCRIBE, NET_TOPIC_HEARTBEAT, strlen(NET_TOPIC_HEARTBEAT)) != 0)
		goto close;
	for (uint64_t end = mono_us() + 5000000; mono_us() < end; ) {
		zmq_pollitem_t it = { c.sub, 0, ZMQ_POLLIN, 0 };

		if (zmq_poll(&it, 1, 200) <= 0)
			continue;
		n = zmq_recv(c.sub, topic, sizeof topic - 1, 0);
		if (n >= 0 && (size_t)n == strlen(NET_TOPIC_HEARTBEAT) &&
		    memcmp(topic, NET_TOPIC_HEARTBEAT, (size_t)n) == 0) {
			printf("login-probe: logged in as %s (user %llu), heartbeat on %s\n", argv[3],
			    (unsigned long long)c.user, s.pub);
			rc = 0;
			break;
		}
	}
	if (rc != 0)
		fprintf(stderr, "login-probe: no heartbeat on %s\n", s.pub);
close:
	harness_client_close(&c);
out:
	zmq_ctx_term(s.zctx);
	return rc;
}
