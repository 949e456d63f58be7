#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "replay.h"

void
replay_clear(struct replay_req *r)
{
	size_t	i;

	free(r->id);
	free(r->since);
	for (i = 0; i < r->nprefixes; i++)
		free(r->prefixes[i]);
	free(r->prefixes);
	memset(r, 0, sizeof *r);
}

static int
replay_error(struct replay_req *r, char **cause, const char *msg)
{
	replay_clear(r);
	*cause = xstrdup(msg);
	return -1;
}

/* A topic prefix is printable ASCII without spaces: ev.ml. or ev.ml.kidal. */
static int
replay_prefix_ok(const char *p)
{
	size_t	n = strlen(p);

	if (n == 0 || n > 128)
		return 0;
	for (; *p != '\0'; p++)
		if (*p <= ' ' || *p > '~')
			return 0;
	return 1;
}

/* 2024-07-27T10:00:00Z or with milliseconds: compared as text with the
 * store's received_at, so the form must be exact. */
static int
replay_time_ok(const char *s)
{
	static const char *const forms[] = { "dddd-dd-ddTdd:dd:ddZ",
	    "dddd-dd-ddTdd:dd:dd.dddZ" };
	const char *f, *p;
	size_t	 i;

	for (i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		for (f = forms[i], p = s; *f != '\0' && *p != '\0'; f++, p++)
			if (*f == 'd' ? (*p < '0' || *p > '9') : *p != *f)
				break;
		if (*f == '\0' && *p == '\0')
			return 1;
	}
	return 0;
}

/* "prefixes": at most RAQIB_REPLAY_MAX_PREFIXES topic prefixes. */
static int
replay_parse_prefixes(json_t *v, struct replay_req *r, char **cause)
{
	json_t	*p;
	size_t	 i;

	if (!json_is_array(v) || json_array_size(v) > RAQIB_REPLAY_MAX_PREFIXES)
		return replay_error(r, cause, "prefixes must be an array of at "
		    "most 64 strings");
	r->prefixes = xcalloc(json_array_size(v) + 1, sizeof *r->prefixes);
	json_array_foreach(v, i, p) {
		if (!json_is_string(p) || !replay_prefix_ok(json_string_value(p)))
			return replay_error(r, cause, "a prefix must be a "
			    "printable string of 1 to 128 bytes");
		r->prefixes[r->nprefixes++] = xstrdup(json_string_value(p));
	}
	return 0;
}

/*
 * Parses the JSON body of a replay request. Returns 0, or -1 with *cause
 * (allocated) saying what is wrong, for the error reply.
 */
int
replay_parse(const char *buf, size_t len, struct replay_req *r, char **cause)
{
	json_t		*root, *v;
	json_error_t	 err;
	const char	*key;
	int		 rc = -1;

	memset(r, 0, sizeof *r);
	r->limit = RAQIB_REPLAY_DEFAULT_LIMIT;
	if (len > RAQIB_REPLAY_MAX_REQUEST)
		return replay_error(r, cause, "request too large");
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL)
		return replay_error(r, cause, "request is not valid JSON");
	if (!json_is_object(root)) {
		replay_error(r, cause, "request must be a JSON object");
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "id") != 0 && strcmp(key, "after") != 0 &&
		    strcmp(key, "until") != 0 && strcmp(key, "prefixes") != 0 &&
		    strcmp(key, "limit") != 0 && strcmp(key, "since") != 0) {
			replay_error(r, cause, "unknown key in request");
			goto out;
		}
	}
	v = json_object_get(root, "id");
	if (v != NULL) {
		if (!json_is_string(v) || json_string_length(v) > 64) {
			replay_error(r, cause, "id must be a string of at most "
			    "64 bytes");
			goto out;
		}
		r->id = xstrdup(json_string_value(v));
	}
	v = json_object_get(root, "after");
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		replay_error(r, cause, "after must be an integer >= 0");
		goto out;
	}
	r->after = json_integer_value(v);
	if ((v = json_object_get(root, "until")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < r->after) {
			replay_error(r, cause, "until must be an integer >= after");
			goto out;
		}
		r->until = json_integer_value(v);
	}
	if ((v = json_object_get(root, "limit")) != NULL) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > RAQIB_REPLAY_MAX_LIMIT) {
			replay_error(r, cause, "limit must be an integer from 1 "
			    "to 1000");
			goto out;
		}
		r->limit = (size_t)json_integer_value(v);
	}
	if ((v = json_object_get(root, "since")) != NULL) {
		if (!json_is_string(v) || !replay_time_ok(json_string_value(v))) {
			replay_error(r, cause, "since must be a UTC time, "
			    "YYYY-MM-DDTHH:MM:SS[.mmm]Z");
			goto out;
		}
		r->since = xstrdup(json_string_value(v));
	}
	if ((v = json_object_get(root, "prefixes")) != NULL &&
	    replay_parse_prefixes(v, r, cause) == -1)
		goto out;
	rc = 0;
out:
	json_decref(root);
	return rc;
}
