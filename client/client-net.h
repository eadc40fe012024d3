/*
 * client-net.h: the client's side of the wire: a DEALER for requests and a
 * SUB for updates, the login session, the requests still waiting for a
 * reply, and the sync state machine fed from both sockets.
 *
 * The screen code never touches a socket: it asks for a login, a write or a
 * read, calls client_net_poll() in its main loop (which also watches
 * stdin), and reads back events.  Writes (daily log, records of the cycle,
 * administration) keep their request id until a reply comes, and are sent
 * again with the same id after a timeout or when the server is back, so
 * the server can answer a retry without applying it twice.  Reads (HISTORY,
 * AUDIT_LIST) go through the same queue; retrying them is harmless.
 */
#ifndef KAOHE_CLIENT_NET_H
#define KAOHE_CLIENT_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/schema.h"
#include "client-sync.h"

#define NET_RETRY_MS	3000	/* resend a request unanswered this long */

enum net_event_type {
	NET_EV_LOGIN_OK,
	NET_EV_LOGIN_FAILED,	/* message says why */
	NET_EV_WRITE_OK,	/* entry or doc as stored (or as deleted), count */
	NET_EV_WRITE_FAILED,	/* code, field, message; entry or doc as sent */
	NET_EV_READ_OK,		/* docs (HISTORY) or lines (AUDIT_LIST) */
	NET_EV_READ_FAILED,	/* code, field, message */
	NET_EV_SESSION_LOST,	/* log in again; writes are kept */
	NET_EV_VERSION,		/* protocol mismatch: show and stop */
	NET_EV_ERROR,		/* something else went wrong: show it */
};

struct net_event {
	enum net_event_type type;
	uint64_t	 reqid;
	uint32_t	 request;	/* MSG_LOG_PUT, MSG_LOG_DELETE, ... */
	uint32_t	 action;	/* DOC_ACT: which action */
	int		 code;		/* enum kh_err */
	char		 field[64];
	char		 message[640];
	uint32_t	 count;		/* OK: records changed */
	/* All owned; see client_net_event_free(). */
	struct log_entry entry;
	struct doc	 doc;		/* DOC_SAVE, DOC_ACT (as sent: id, version) */
	struct doc	*docs;		/* HISTORY, oldest first */
	uint32_t	 ndocs;
	struct audit_rec *lines;	/* AUDIT_LIST, newest first */
	uint32_t	 nlines;
	/* SHEETS, BALLOT, RUBRIC_SHEETS, SAMPLE_DRAW: the reply's body
	 * (sheets_reply_body, ballot_reply_body, rubric_sheets_reply_body,
	 * sample_reply_body), taken over; NULL otherwise. */
	void		*reply;
	const struct record_desc *reply_desc;
};

/* Who is logged in. */
struct net_login {
	char		 session[65];
	uint64_t	 user;
	char		 login[65];
	char		 display_name[65];
	char		 unit[129];
	uint32_t	 role;
	uint32_t	 today;		/* the server's day, YYYYMMDD */
};

struct client_net;

/* Connect both sockets (ZeroMQ connects in the background).  With
 * server_key (40 Z85 characters) they are CURVE clients of that key with
 * the workstation's pair own; NULL server_key talks plain to an --insecure
 * server.  NULL with a reason in err if the sockets cannot be made. */
struct keypair;
struct client_net *client_net_new(const char *req, const char *pub,
		    const char *workstation, const char *server_key,
		    const struct keypair *own, char *err, size_t errlen);
void		 client_net_free(struct client_net **);

const char	*client_net_endpoint(const struct client_net *);
struct sync	*client_net_sync(struct client_net *);
bool		 client_net_logged_in(const struct client_net *);
const struct net_login *client_net_login_info(const struct client_net *);
bool		 client_net_stopped(const struct client_net *);	/* version */

/* Why the link cannot be made, for the login screen, or NULL: the server
 * refused this workstation's key, or the handshake failed (the server key
 * given is not the server's, or one side speaks CURVE and the other not).
 * ZeroMQ retries silently; this is read from a socket monitor.  Two lines:
 * what is wrong, and what to do. */
const char	*client_net_link_problem(const struct client_net *);

/* The link as the user should see it. */
enum sync_state	 client_net_state(struct client_net *);

/* The server's today: from the login reply, moved on by heartbeats. */
uint32_t	 client_net_today(const struct client_net *);

/* Requests.  Each returns the request id, 0 if it could not be queued. */
uint64_t	 client_net_login(struct client_net *, const char *login,
		     const char *password);
uint64_t	 client_net_put(struct client_net *, const struct log_entry *);
uint64_t	 client_net_delete(struct client_net *, const struct log_entry *);

/* Any other request: body is the message's body record (common/schema.h);
 * it is copied and its session filled in.  DOC_SAVE, DOC_ACT, PUBLISH,
 * UNIT_PUT, USER_PUT, PERIOD_LOCK, SCORE_PUT, COMMEND_PUT, COMMEND_DELETE
 * RESULTS_PUBLISH, SELF_PUT, FINDING_PUT, FINDING_DELETE, RUBRIC_ACT,
 * RECTIFY_ACT and SAMPLE_DRAW are writes; HISTORY, AUDIT_LIST, SHEETS,
 * BALLOT and RUBRIC_SHEETS reads. */
uint64_t	 client_net_request(struct client_net *, uint32_t type, const void *body);
bool		 client_net_login_pending(const struct client_net *);
void		 client_net_cancel_login(struct client_net *);
void		 client_net_logout(struct client_net *);

/* Writes of any kind still waiting for their reply. */
size_t		 client_net_pending_writes(const struct client_net *);
/* Daily log writes still waiting, and the i-th of them: its entry, and
 * whether it is a delete. */
size_t		 client_net_pending_log_writes(const struct client_net *);
const struct log_entry *client_net_pending_write(const struct client_net *,
		     size_t i, bool *deleted);
/* The i-th pending write of any kind: its type, request id and body; false
 * past the end. */
bool		 client_net_pending_at(const struct client_net *, size_t i,
		     uint32_t *type, uint64_t *reqid, const void **body);
/* Whether a request is still waiting for its reply. */
bool		 client_net_is_pending(const struct client_net *, uint64_t reqid);
/* A record of the copy came without its long text: ask for it whole
 * (HISTORY), once; the reply fills the copy (sync_doc_fill) and raises its
 * generation.  True while the record is on its way. */
bool		 client_net_doc_fetch(struct client_net *, uint64_t id);
/* How many times the SYNC in flight was sent (0: none in flight); more
 * than one means its reply was lost and it went again (same request id). */
uint32_t	 client_net_sync_tries(const struct client_net *);

/* Wait up to timeout_ms for either socket or stdin, handle whatever the
 * sockets bring, resend what timed out, send a SYNC when the copy needs
 * one.  *stdin_ready tells if a key may be waiting.  Returns true if
 * anything changed that the screen should show. */
bool		 client_net_poll(struct client_net *, int timeout_ms,
		     bool *stdin_ready);

/* Take the next event; false when there are none.  Release it with
 * client_net_event_free(). */
bool		 client_net_event(struct client_net *, struct net_event *);
void		 client_net_event_free(struct net_event *);

#endif
