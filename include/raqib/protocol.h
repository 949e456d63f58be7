/*
 * What raqibd and its clients say to each other over ZeroMQ.
 *
 * Live feed (PUB/SUB on [publish] endpoint): two-frame messages
 *	[topic][json]
 * where topic is "ev.<cc>.<admin1>.<type>" for events (json: raqib.event/1)
 * or "sys.heartbeat" (json: raqib.heartbeat/1, {"last_seq": N, "store_id":
 * S, ...}), sent every heartbeat_seconds. Subscribers filter by topic prefix.
 *
 * store_id, in the heartbeat, the end marker and the status, is a random
 * hex string fixed when the store was created: seqs only mean something
 * together with it (a replaced store starts its seqs again).
 * generation, beside it, is a random hex string made at each start of
 * raqibd: a store restored from an older copy keeps its store_id, and the
 * status request below tells how far it holds what a generation stored.
 *
 * Replay and status (DEALER to the ROUTER on [publish] replay_endpoint):
 *
 *	request  [RAQIB_REPLAY_REQUEST][json]
 *		json: {"id": S, "after": N, "until": M, "prefixes": [P...],
 *		       "limit": L, "since": T}
 *		id       optional string echoed in the end marker
 *		after    required integer >= 0: send events with seq > after
 *		until    optional integer: and seq <= until
 *		prefixes optional array of topic prefixes ("ev.ml."); absent or
 *		         empty means every event; at most RAQIB_REPLAY_MAX_PREFIXES
 *		limit    optional, 1..RAQIB_REPLAY_MAX_LIMIT events per reply
 *		since    optional UTC time "YYYY-MM-DDTHH:MM:SS[.mmm]Z": and
 *		         only events stored at or after it (after is raised
 *		         to the seq before the first of them)
 *	reply    zero or more [RAQIB_FRAME_EVENT][topic][json], in seq order,
 *		 then [RAQIB_FRAME_END][json]:
 *		json: {"id": S, "last_seq": N, "head": H, "more": bool,
 *		       "store_id": S}
 *		last_seq every stored event with seq <= last_seq under the
 *		         prefixes has been sent; ask again with after = last_seq
 *		         while more is true
 *		head     the newest seq in the store
 *
 *	request  [RAQIB_STATUS_REQUEST][json {} or {"generation": G}]
 *	reply    [RAQIB_FRAME_STATUS][json raqib.status/1]
 *		 with G: "generation_asked": G, "generation_end": N, the
 *		 last seq of G's events this store holds (its head while G
 *		 runs), or null if the store never had G
 *
 *	request  [RAQIB_SUBMIT_REQUEST][json {"name": N}][the article's bytes]
 *	reply    [RAQIB_FRAME_SUBMITTED][json {"sha256": S, "path": P}]
 *		 the article is written into the watched folder and taken in
 *		 like any file; ask what became of it with:
 *	request  [RAQIB_DOCUMENT_REQUEST][json {"sha256": S, "path": P}]
 *	reply    [RAQIB_FRAME_DOCUMENT][json {"sha256": S, "state":
 *		 "pending"|"stored"|"rejected", "seqs": [N...] (stored),
 *		 "reason": R, "detail": D (rejected)}]
 *
 *	A malformed request gets [RAQIB_FRAME_ERROR][json {"error": "..."}].
 *
 * With CURVE, both sockets require a client key in curve_authorized_keys.
 */
#ifndef RAQIB_PROTOCOL_H
#define RAQIB_PROTOCOL_H

#define RAQIB_PROTOCOL_VERSION		1

#define RAQIB_EVENT_SCHEMA		"raqib.event/1"
#define RAQIB_HEARTBEAT_SCHEMA		"raqib.heartbeat/1"
#define RAQIB_STATUS_SCHEMA		"raqib.status/1"

#define RAQIB_TOPIC_EVENTS		"ev."
#define RAQIB_TOPIC_HEARTBEAT		"sys.heartbeat"

#define RAQIB_REPLAY_REQUEST		"raqib.replay/1"
#define RAQIB_STATUS_REQUEST		"raqib.status/1"
#define RAQIB_FRAME_EVENT		"event"
#define RAQIB_FRAME_END			"end"
#define RAQIB_FRAME_STATUS		"status"
#define RAQIB_FRAME_ERROR		"error"
#define RAQIB_SUBMIT_REQUEST		"raqib.submit/1"
#define RAQIB_DOCUMENT_REQUEST		"raqib.document/1"
#define RAQIB_FRAME_SUBMITTED		"submitted"
#define RAQIB_FRAME_DOCUMENT		"document"

#define RAQIB_REPLAY_MAX_LIMIT		1000
#define RAQIB_REPLAY_DEFAULT_LIMIT	500
#define RAQIB_REPLAY_MAX_PREFIXES	64
#define RAQIB_REPLAY_MAX_REQUEST	16384	/* bytes of a request's json */

#define RAQIB_DEFAULT_ENDPOINT		"tcp://127.0.0.1:7450"
#define RAQIB_DEFAULT_REPLAY		"tcp://127.0.0.1:7451"
#define RAQIB_DEFAULT_HTTP		"127.0.0.1:7452"

#endif
