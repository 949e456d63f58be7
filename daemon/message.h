/*
 * raqib.event/1, the message raqibd stores, publishes and replays: one
 * event of the engine's raqib.extract/1 (its body), completed here with
 * the seq the store gave it and the document it came from; storydb.c adds
 * its story (story.c's shape). Nothing else writes a message's fields.
 */
#ifndef RAQIB_MESSAGE_H
#define RAQIB_MESSAGE_H

#include <jansson.h>

/* The document an event came from, as its message names it. */
struct message_doc {
	const char	*sha256;
	const char	*path;
	json_t		*title;		/* or NULL */
	const char	*received_at;
	const char	*encoding;
};

/* What the store files an event under. */
struct message_keys {
	const char	*topic;		/* the event's own */
	const char	*type;
	char		*place;		/* allocated; what stories are matched
					 * on: the place as precisely known */
};

void	 message_keys(json_t *, struct message_keys *);
void	 message_keys_clear(struct message_keys *);
void	 message_complete(json_t *, long long, const struct message_doc *);

#endif
