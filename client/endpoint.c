/*
 * Where the daemon is and how to reach it: endpoints and CURVE keys from
 * flags, the config or the defaults, and what a socket monitor says about
 * a connection. Shared by sub, query, status and submit.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zmq.h>

#include "raqib/config.h"
#include "raqib/keyfile.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "endpoint.h"
#include "raqib.h"

static char *
endpoint_read_z85(const char *path, char **cause)
{
	char	z85[KEYFILE_Z85 + 1];

	return keyfile_read(path, z85, cause) == -1 ? NULL : xstrdup(z85);
}

/* Endpoints and keys: flags first, then the config (-c), then defaults. */
int
endpoint_load(struct client_opts *o, struct endpoints *e,
    const char *connect, const char *replay, const char *server_key,
    const char *key, char **cause)
{
	struct config	*c = NULL;
	char		 pub[41];

	memset(e, 0, sizeof e[0]);
	if (o->config != NULL && (c = config_load(o->config, cause)) == NULL)
		return -1;
	e->connect = xstrdup(connect ? connect : c ? c->endpoint :
	    RAQIB_DEFAULT_ENDPOINT);
	e->replay = xstrdup(replay ? replay : c ? c->replay_endpoint :
	    RAQIB_DEFAULT_REPLAY);
	if (server_key != NULL) {
		if ((e->server_key = endpoint_read_z85(server_key, cause)) == NULL)
			goto fail;
	} else if (c != NULL && *c->curve_secret_key != '\0') {
		/* on the daemon's machine: its public key from its secret */
		char *sec = endpoint_read_z85(c->curve_secret_key, cause);

		if (sec == NULL)
			goto fail;
		zmq_curve_public(pub, sec);
		free(sec);
		e->server_key = xstrdup(pub);
	}
	if (key != NULL) {
		if ((e->key_secret = endpoint_read_z85(key, cause)) == NULL)
			goto fail;
		if (zmq_curve_public(pub, e->key_secret) == -1) {
			xasprintf(cause, "%s: not a CURVE secret key", key);
			goto fail;
		}
		e->key_public = xstrdup(pub);
	}
	if ((e->server_key == NULL) != (e->key_secret == NULL)) {
		xasprintf(cause, "CURVE needs both --server-key and --key");
		goto fail;
	}
	config_free(c);
	return 0;
fail:
	config_free(c);
	endpoint_clear(e);
	return -1;
}

void
endpoint_clear(struct endpoints *e)
{
	free((char *)e->connect);
	free((char *)e->replay);
	free(e->server_key);
	free(e->key_secret);
	free(e->key_public);
	memset(e, 0, sizeof *e);
}

int
endpoint_curve(void *s, const struct endpoints *e)
{
	if (e->server_key == NULL)
		return 0;
	if (zmq_setsockopt(s, ZMQ_CURVE_SERVERKEY, e->server_key, 40) == -1 ||
	    zmq_setsockopt(s, ZMQ_CURVE_PUBLICKEY, e->key_public, 40) == -1 ||
	    zmq_setsockopt(s, ZMQ_CURVE_SECRETKEY, e->key_secret, 40) == -1)
		return -1;
	return 0;
}

/*
 * A PAIR socket that hears how handshakes on socket s end: libzmq retries
 * a refused client for ever in silence, so we watch for the refusal.
 */
void *
endpoint_monitor(void *ctx, void *s, const char *name)
{
	char	 ep[64];
	void	*m;

	snprintf(ep, sizeof ep, "inproc://raqib-monitor-%s", name);
	if (zmq_socket_monitor(s, ep, ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
	    ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_CONNECTED |
	    ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_DISCONNECTED) == -1 ||
	    (m = zmq_socket(ctx, ZMQ_PAIR)) == NULL)
		return NULL;
	if (zmq_connect(m, ep) == -1) {
		zmq_close(m);
		return NULL;
	}
	return m;
}

/*
 * Closes socket s and its monitor m (either may be NULL), nothing left to
 * send: the monitor is stopped first, or zmq_ctx_term may wait for ever on
 * the events it still has for m (libzmq issues 1279 and 2083).
 */
void
endpoint_close(void *s, void *m)
{
	int	zero = 0;

	if (s != NULL) {
		if (m != NULL)
			zmq_socket_monitor(s, NULL, 0);
		zmq_setsockopt(s, ZMQ_LINGER, &zero, sizeof zero);
		zmq_close(s);
	}
	if (m != NULL) {
		zmq_setsockopt(m, ZMQ_LINGER, &zero, sizeof zero);
		zmq_close(m);
	}
}

/* Whether the monitor m saw the daemon at endpoint refuse us; says why.
 * Connections and handshakes that succeed are added to *seen. */
int
endpoint_refused(void *m, const struct endpoints *e, const char *endpoint,
    unsigned *seen)
{
	unsigned char	 ev[6];
	uint16_t	 what;
	uint32_t	 value;
	int		 n, more;
	size_t		 ml = sizeof more;

	for (;;) {
		if (m == NULL || (n = zmq_recv(m, ev, sizeof ev,
		    ZMQ_DONTWAIT)) == -1)
			return 0;
		do {	/* the endpoint frame */
			if (zmq_getsockopt(m, ZMQ_RCVMORE, &more, &ml) == -1 ||
			    !more)
				break;
			zmq_recv(m, NULL, 0, 0);
		} while (more);
		if (n < (int)sizeof ev)
			continue;
		memcpy(&what, ev, sizeof what);
		memcpy(&value, ev + 2, sizeof value);
		if (what == ZMQ_EVENT_CONNECTED && seen != NULL)
			*seen |= ENDPOINT_SEEN_CONNECTED;
		else if (what == ZMQ_EVENT_HANDSHAKE_SUCCEEDED && seen != NULL)
			*seen |= ENDPOINT_SEEN_HANDSHAKE | ENDPOINT_SEEN_CONNECTED;
		else if (what == ZMQ_EVENT_DISCONNECTED && seen != NULL &&
		    (*seen & ENDPOINT_SEEN_HANDSHAKE))
			*seen |= ENDPOINT_SEEN_GONE;
		else if (what == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH ||
		    what == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL)
			break;
	}
	if (what == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)
		fprintf(stderr, "raqib: %s refused this client's key: add its "
		    ".pub file to the daemon's curve_authorized_keys and "
		    "reload it\n", endpoint);
	else if (e->server_key == NULL)
		fprintf(stderr, "raqib: %s requires CURVE: give --server-key "
		    "and --key\n", endpoint);
	else
		fprintf(stderr, "raqib: %s refused the handshake (protocol "
		    "error 0x%x): is CURVE on in the daemon, and is "
		    "--server-key its key?\n", endpoint, value);
	return 1;
}

/*
 * The daemon at endpoint said nothing for secs: say what the socket
 * monitor saw (*seen, ENDPOINT_SEEN_*), which tells a daemon that is not
 * there from a handshake that never ends. then follows the reason.
 */
void
endpoint_silent(const struct endpoints *e, const char *endpoint,
    unsigned seen, double secs, const char *then)
{
	if (seen & ENDPOINT_SEEN_GONE)
		fprintf(stderr, "raqib: %s went away before it answered: was "
		    "raqibd stopped or restarted?", endpoint);
	else if (!(seen & ENDPOINT_SEEN_CONNECTED))
		fprintf(stderr, "raqib: nothing answers at %s: is raqibd "
		    "running, and is that its replay_endpoint?", endpoint);
	else if (!(seen & ENDPOINT_SEEN_HANDSHAKE))
		fprintf(stderr, "raqib: %s accepted the connection but the "
		    "handshake did not complete: %s, or is it another socket "
		    "than raqibd's replay_endpoint?", endpoint,
		    e->server_key != NULL ? "is --server-key the daemon's "
		    "public key" : "does it require CURVE");
	else
		fprintf(stderr, "raqib: %s does not answer: is it raqibd's "
		    "replay_endpoint?", endpoint);
	fprintf(stderr, " (no answer in %.0f s)%s\n", secs, then);
}
