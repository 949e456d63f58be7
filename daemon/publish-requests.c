/*
 * The replay socket's requests, [peer][kind][json]: replay (events from
 * the store in seq order, then an end marker), status, submit (an article
 * to write into the watched folder) and document (what became of it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>
#include <jansson.h>
#include <zmq.h>

#include "raqib/log.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "publish.h"
#include "publish-int.h"
#include "replay.h"
#include "store.h"

struct publish_reply {
	struct publish	*p;
	const char	*peer;
	size_t		 peerlen;
	int		 failed;
};

static int
publish_send_frames(void *s, const char *peer, size_t peerlen,
    const char **frames, size_t n)
{
	size_t	i;

	if (zmq_send(s, peer, peerlen, ZMQ_SNDMORE | ZMQ_DONTWAIT) == -1)
		return -1;
	for (i = 0; i < n; i++)
		if (zmq_send(s, frames[i], strlen(frames[i]), (i + 1 < n ?
		    ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT) == -1)
			return -1;
	return 0;
}

static int
publish_replay_one(void *arg, long long seq, const char *topic,
    const char *json)
{
	struct publish_reply *r = arg;
	const char *frames[3] = { RAQIB_FRAME_EVENT, topic, json };

	if (publish_send_frames(r->p->router, r->peer, r->peerlen, frames,
	    3) == -1) {
		r->failed = 1;
		return -1;	/* the client asks again from its last seq */
	}
	return 0;
}

/* A reply of one json frame after its kind. */
static void
publish_json_reply(struct publish *p, const char *peer, size_t peerlen,
    const char *kind, json_t *o)
{
	char		*s = json_dumps(o, JSON_COMPACT);
	const char	*frames[2] = { kind, s };

	publish_send_frames(p->router, peer, peerlen, frames, 2);
	free(s);
}

static void
publish_error_reply(struct publish *p, const char *peer, size_t peerlen,
    const char *msg)
{
	json_t	*o = json_pack("{s:s}", "error", msg);

	publish_json_reply(p, peer, peerlen, RAQIB_FRAME_ERROR, o);
	json_decref(o);
	p->stats.replay_errors++;
}

static void
publish_replay(struct publish *p, const char *peer, size_t peerlen,
    const char *body, size_t len)
{
	struct replay_req	 req;
	struct publish_reply	 r;
	char			*cause = NULL;
	long long		 last;
	int			 more;
	json_t			*end;

	if (replay_parse(body, len, &req, &cause) == -1) {
		log_warnx("publish: bad replay request: %s", cause);
		publish_error_reply(p, peer, peerlen, cause);
		free(cause);
		return;
	}
	p->stats.replay_requests++;
	if (req.since != NULL) {
		long long before = store_seq_before(p->store, req.since);

		if (before < 0) {
			publish_error_reply(p, peer, peerlen, "the store is "
			    "unavailable; try again");
			replay_clear(&req);
			return;
		}
		if (before > req.after)
			req.after = before;
		if (req.until > 0 && req.until < req.after)
			req.until = req.after;
	}
	r.p = p;
	r.peer = peer;
	r.peerlen = peerlen;
	r.failed = 0;
	if (store_replay(p->store, req.after, req.until, req.prefixes,
	    req.nprefixes, req.limit, publish_replay_one, &r, &last, &more) ==
	    -1) {
		publish_error_reply(p, peer, peerlen, "the store is unavailable; "
		    "try again");
		replay_clear(&req);
		return;
	}
	if (!r.failed) {
		end = json_pack("{s:s?,s:I,s:I,s:b,s:s,s:s}", "id", req.id,
		    "last_seq", (json_int_t)last, "head", (json_int_t)
		    store_last_seq(p->store), "more", more, "store_id",
		    store_id(p->store), "generation",
		    store_generation(p->store));
		publish_json_reply(p, peer, peerlen, RAQIB_FRAME_END, end);
		json_decref(end);
	} else
		log_warnx("publish: replay reply to a client was cut short "
		    "(it disconnected or is too slow)");
	replay_clear(&req);
}

/*
 * A status request may name the run of raqibd a client's position was
 * taken in ({"generation": G}): the answer says up to which seq this
 * store still holds what that run stored (null: it never had that run),
 * so that a client finds a store restored from an older copy.
 */
static void
publish_status(struct publish *p, const char *peer, size_t peerlen,
    const char *body, size_t len)
{
	json_t		*o, *req;
	json_error_t	 err;
	const char	*gen;
	long long	 end;

	o = p->status_cb != NULL ? p->status_cb(p->status_arg) : json_object();
	req = json_loadb(body, len, 0, &err);
	if ((gen = json_string_value(json_object_get(req, "generation"))) !=
	    NULL) {
		end = store_generation_end(p->store, gen);
		json_object_set_new(o, "generation_asked", json_string(gen));
		json_object_set_new(o, "generation_end", end >= 0 ?
		    json_integer(end) : json_null());
	}
	json_decref(req);
	publish_json_reply(p, peer, peerlen, RAQIB_FRAME_STATUS, o);
	json_decref(o);
}

/* [submit][json {"name"}][bytes]: the third frame is the article. */
static void
publish_submit(struct publish *p, const char *peer, size_t peerlen,
    const char *body, size_t len)
{
	zmq_msg_t	 msg;
	json_t		*req, *o;
	json_error_t	 err;
	const char	*name;
	char		*cause = NULL;
	int		 more;

	zmq_msg_init(&msg);
	if (zmq_msg_recv(&msg, p->router, ZMQ_DONTWAIT) == -1) {
		zmq_msg_close(&msg);
		publish_error_reply(p, peer, peerlen, "submit: no article");
		return;
	}
	if ((more = zmq_msg_more(&msg)))
		publish_drain(p->router);
	req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	name = json_string_value(json_object_get(req, "name"));
	if (more || !json_is_object(req) || name == NULL || p->submit_cb ==
	    NULL)
		xasprintf(&cause, "submit: expected [%s][{\"name\": N}][the "
		    "article]", RAQIB_SUBMIT_REQUEST);
	else if ((o = p->submit_cb(p->submit_arg, name, zmq_msg_data(&msg),
	    zmq_msg_size(&msg), &cause)) != NULL) {
		publish_json_reply(p, peer, peerlen, RAQIB_FRAME_SUBMITTED, o);
		json_decref(o);
	}
	if (cause != NULL) {
		log_warnx("publish: %s", cause);
		publish_error_reply(p, peer, peerlen, cause);
		free(cause);
	}
	json_decref(req);
	zmq_msg_close(&msg);
}

/* [document][json {"sha256", "path"}]: what became of a submitted one. */
static void
publish_document(struct publish *p, const char *peer, size_t peerlen,
    const char *body, size_t len)
{
	json_t		*req, *o = NULL;
	json_error_t	 err;
	const char	*sha;

	req = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
	sha = json_string_value(json_object_get(req, "sha256"));
	if (sha != NULL && strlen(sha) == 64 && p->doc_cb != NULL)
		o = p->doc_cb(p->submit_arg, sha, json_string_value(
		    json_object_get(req, "path")));
	if (o != NULL) {
		publish_json_reply(p, peer, peerlen, RAQIB_FRAME_DOCUMENT, o);
		json_decref(o);
	} else
		publish_error_reply(p, peer, peerlen, "document: expected "
		    "{\"sha256\": 64 hex digits}, or the store is unavailable");
	json_decref(req);
}

/* Replay and status requests: [peer][kind][json]. */
void
publish_router_read(evutil_socket_t fd, short what, void *arg)
{
	struct publish	*p = arg;
	char		 peer[256], kind[64], *body;
	int		 np, nk, nb, more;

	body = xmalloc(RAQIB_REPLAY_MAX_REQUEST + 1);
	while (publish_pollin(p->router)) {
		if ((np = publish_recv(p->router, peer, sizeof peer, &more)) ==
		    -1)
			break;
		if (np > (int)sizeof peer) {
			if (more)
				publish_drain(p->router);
			continue;
		}
		if (!more)
			continue;
		nk = publish_recv(p->router, kind, sizeof kind - 1, &more);
		if (nk < 0 || nk >= (int)sizeof kind) {
			/* only this message's frames: the next is another's */
			if (nk >= 0 && more)
				publish_drain(p->router);
			log_warnx("publish: malformed request: the request "
			    "name is %d bytes", nk);
			publish_error_reply(p, peer, (size_t)np, "malformed "
			    "request");
			continue;
		}
		kind[nk] = '\0';
		nb = 0;
		if (more) {
			nb = publish_recv(p->router, body,
			    RAQIB_REPLAY_MAX_REQUEST + 1, &more);
			if (nb >= 0 && nb <= RAQIB_REPLAY_MAX_REQUEST && more &&
			    strcmp(kind, RAQIB_SUBMIT_REQUEST) == 0) {
				publish_submit(p, peer, (size_t)np, body,
				    (size_t)nb);
				continue;
			}
			if (nb >= 0 && more) {
				publish_drain(p->router);
				log_warnx("publish: malformed request: more "
				    "than two frames");
				publish_error_reply(p, peer, (size_t)np,
				    "malformed request: expected two frames, "
				    "[name][json]");
				continue;
			}
		}
		if (nb < 0 || nb > RAQIB_REPLAY_MAX_REQUEST) {
			log_warnx("publish: request too large (%d bytes)", nb);
			publish_error_reply(p, peer, (size_t)np, "request too "
			    "large");
			continue;
		}
		if (strcmp(kind, RAQIB_REPLAY_REQUEST) == 0)
			publish_replay(p, peer, (size_t)np, body, (size_t)nb);
		else if (strcmp(kind, RAQIB_STATUS_REQUEST) == 0)
			publish_status(p, peer, (size_t)np, body,
			    (size_t)nb);
		else if (strcmp(kind, RAQIB_DOCUMENT_REQUEST) == 0)
			publish_document(p, peer, (size_t)np, body, (size_t)nb);
		else {
			log_warnx("publish: unknown request \"%.40s\"", kind);
			publish_error_reply(p, peer, (size_t)np, "unknown "
			    "request; expected raqib.replay/1 or raqib.status/1");
		}
	}
	free(body);
}
