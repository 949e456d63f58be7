#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "message.h"

/* "country|admin1|town": the town only when the place is one. */
static char *
message_place_key(json_t *ev)
{
	json_t	*p = json_object_get(ev, "place");
	char	*k;

	if (!json_is_object(p) || !json_is_string(json_object_get(p, "country")))
		return NULL;
	xasprintf(&k, "%s|%s|%s", json_string_value(json_object_get(p,
	    "country")), json_is_string(json_object_get(p, "admin1")) ?
	    json_string_value(json_object_get(p, "admin1")) : "",
	    json_string_value(json_object_get(p, "precision")) &&
	    strcmp(json_string_value(json_object_get(p, "precision")), "town") ==
	    0 ? json_string_value(json_object_get(p, "name")) : "");
	return k;
}

void
message_keys(json_t *ev, struct message_keys *k)
{
	k->topic = json_string_value(json_object_get(ev, "topic"));
	k->type = json_string_value(json_object_get(ev, "type"));
	k->place = message_place_key(ev);
}

void
message_keys_clear(struct message_keys *k)
{
	free(k->place);
	k->place = NULL;
}

/* The extracted event becomes the message, in place. */
void
message_complete(json_t *ev, long long seq, const struct message_doc *d)
{
	json_object_set_new(ev, "schema", json_string(RAQIB_EVENT_SCHEMA));
	json_object_set_new(ev, "seq", json_integer(seq));
	json_object_set_new(ev, "doc", json_pack("{s:s,s:s,s:O,s:s,s:s}",
	    "sha256", d->sha256, "path", d->path, "title", d->title ?
	    d->title : json_null(), "received_at", d->received_at, "encoding",
	    d->encoding));
}
