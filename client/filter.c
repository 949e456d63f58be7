#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/protocol.h"
#include "filter.h"
#include "norm.h"
#include "xmalloc.h"

struct filter_list {
	char		**v;
	size_t		 n;
};

struct filter {
	struct extract	*ex;
	struct filter_list prefixes;	/* from --region */
	struct filter_list towns;	/* a --region that named a town */
	struct filter_list keywords;
	struct filter_list actors;	/* ids */
	struct filter_list types;
	long		 min_killed;
	size_t		 nregions;
	int		 stories;	/* FILTER_STORIES_* */
};

static void
filter_push(struct filter_list *l, const char *s)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return;
	l->v = xreallocarray(l->v, l->n + 2, sizeof *l->v);
	l->v[l->n++] = xstrdup(s);
	l->v[l->n] = NULL;
}

static void
filter_clear(struct filter_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

struct filter *
filter_new(struct extract *ex)
{
	struct filter	*f = xcalloc(1, sizeof *f);

	f->ex = ex;
	f->min_killed = -1;
	return f;
}

void
filter_free(struct filter *f)
{
	if (f == NULL)
		return;
	filter_clear(&f->prefixes);
	filter_clear(&f->towns);
	filter_clear(&f->keywords);
	filter_clear(&f->actors);
	filter_clear(&f->types);
	free(f);
}

int
filter_region(struct filter *f, const char *q, char **cause)
{
	char	**p, *town;
	size_t	 i;

	if (extract_region(f->ex, q, &p, &town, cause) == -1)
		return -1;
	for (i = 0; p[i] != NULL; i++) {
		filter_push(&f->prefixes, p[i]);
		free(p[i]);
	}
	free(p);
	if (town != NULL) {
		filter_push(&f->towns, town);
		free(town);
	}
	f->nregions++;
	return 0;
}

void
filter_keyword(struct filter *f, const char *k)
{
	filter_push(&f->keywords, k);
}

int
filter_actor(struct filter *f, const char *q, char **cause)
{
	const char *id = extract_actor_resolve(f->ex, q);

	if (id == NULL) {
		xasprintf(cause, "unknown actor \"%s\": give an id such as jnim "
		    "or wagner, a name, an abbreviation or an Arabic form", q);
		return -1;
	}
	filter_push(&f->actors, id);
	return 0;
}

int
filter_type(struct filter *f, const char *t, char **cause)
{
	if (extract_type_label(f->ex, t, 0) == NULL) {
		xasprintf(cause, "unknown event type \"%s\" (see "
		    "event_types.json: ambush, armed_clash, protest, ...)", t);
		return -1;
	}
	filter_push(&f->types, t);
	return 0;
}

void
filter_min_killed(struct filter *f, long n)
{
	f->min_killed = n;
}

/* The topic prefixes to subscribe to: the regions', or all events. */
char **
filter_prefixes(struct filter *f, size_t *n)
{
	if (f->prefixes.n == 0)
		filter_push(&f->prefixes, RAQIB_TOPIC_EVENTS);
	*n = f->prefixes.n;
	return f->prefixes.v;
}

/* Killed in the event: exact figures, and a floor for vague ones. */
long
filter_killed(json_t *ev)
{
	json_t	*c, *v;
	const char *vague;
	size_t	 i;
	long	 n = 0, best = 0;

	json_array_foreach(json_object_get(ev, "casualties"), i, c) {
		const char *kind = json_string_value(json_object_get(c, "kind"));

		if (kind == NULL || strcmp(kind, "killed") != 0)
			continue;
		v = json_object_get(c, "value");
		vague = json_string_value(json_object_get(c, "vague"));
		if (json_is_integer(v))
			n = (long)json_integer_value(v);
		else if (vague != NULL && strstr(vague, "\xd8\xb9\xd8\xb4\xd8\xb1"))
			n = 10;		/* عشرات: tens */
		else if (vague != NULL && strstr(vague, "\xd9\x85\xd8\xa6"))
			n = 100;	/* مئات: hundreds */
		else if (vague != NULL && strstr(vague, "\xd8\xa2\xd9\x84\xd8\xa7"))
			n = 1000;	/* آلاف: thousands */
		else
			n = 1;
		if (n > best)
			best = n;	/* several reports of one toll: the largest */
	}
	return best;
}

static int
filter_folded_in(const char *needle, const char *hay)
{
	char	fn[256], fh[512];

	if (hay == NULL)
		return 0;
	norm_fold_ascii(needle, fn, sizeof fn);
	norm_fold_ascii(hay, fh, sizeof fh);
	return fn[0] != '\0' && strstr(fh, fn) != NULL;
}

static int
filter_latin(const char *k)
{
	for (; *k != '\0'; k++)
		if ((unsigned char)*k >= 0x80)
			return 0;
	return 1;
}

/* A keyword in Arabic is looked for in the sentence as the engine reads
 * it; in Latin letters, in the names of the event's actors and place. */
static int
filter_keyword_match(struct filter *f, json_t *ev, const char *k)
{
	json_t		*a, *p = json_object_get(ev, "place");
	const char	*id;
	size_t		 i;

	if (!filter_latin(k))
		return extract_keyword_match(f->ex, k, json_string_value(
		    json_object_get(ev, "sentence")));
	id = extract_actor_resolve(f->ex, k);
	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if (id != NULL && strcmp(id, json_string_value(json_object_get(a,
		    "id"))) == 0)
			return 1;
		if (filter_folded_in(k, json_string_value(json_object_get(a,
		    "name"))))
			return 1;
	}
	if (json_is_object(p) && (filter_folded_in(k, json_string_value(
	    json_object_get(p, "name"))) || filter_folded_in(k,
	    json_string_value(json_object_get(p, "country_name")))))
		return 1;
	return filter_folded_in(k, json_string_value(json_object_get(ev,
	    "type")));
}

static int
filter_has(const struct filter_list *l, const char *s)
{
	size_t	i;

	for (i = 0; s != NULL && i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* --stories new|updates|all; 0, or -1 and why. */
int
filter_stories(struct filter *f, const char *mode, char **cause)
{
	if (strcmp(mode, "all") == 0)
		f->stories = FILTER_STORIES_ALL;
	else if (strcmp(mode, "new") == 0)
		f->stories = FILTER_STORIES_NEW;
	else if (strcmp(mode, "updates") == 0)
		f->stories = FILTER_STORIES_UPDATES;
	else {
		xasprintf(cause, "--stories: \"%s\" is not new, updates or all",
		    mode);
		return -1;
	}
	return 0;
}

/* The mode --stories chose, or the default when it was not given. */
void
filter_stories_default(struct filter *f, int mode)
{
	if (f->stories == FILTER_STORIES_UNSET)
		f->stories = mode;
}

/*
 * First reports start a story; updates change what it says (story.update
 * not null). An event without a story (a store older than stories) is
 * news on its own.
 */
static int
filter_story(struct filter *f, json_t *ev)
{
	json_t	*st = json_object_get(ev, "story");

	if (f->stories == FILTER_STORIES_UNSET ||
	    f->stories == FILTER_STORIES_ALL || !json_is_object(st) ||
	    json_is_true(json_object_get(st, "first")))
		return 1;
	if (f->stories == FILTER_STORIES_NEW)
		return 0;
	return json_is_object(json_object_get(st, "update"));
}

int
filter_match(struct filter *f, json_t *ev)
{
	const char	*topic = json_string_value(json_object_get(ev, "topic"));
	json_t		*a, *p = json_object_get(ev, "place");
	size_t		 i;
	int		 ok;

	if (topic == NULL)
		return 0;
	if (f->nregions > 0) {
		for (ok = 0, i = 0; i < f->prefixes.n && !ok; i++)
			ok = strncmp(topic, f->prefixes.v[i],
			    strlen(f->prefixes.v[i])) == 0;
		if (!ok)
			return 0;
		/* regions that are all towns: events placed in those towns */
		if (f->towns.n > 0 && f->towns.n == f->nregions &&
		    (!json_is_object(p) || !filter_has(&f->towns,
		    json_string_value(json_object_get(p, "name")))))
			return 0;
	}
	if (f->types.n > 0 && !filter_has(&f->types, json_string_value(
	    json_object_get(ev, "type"))))
		return 0;
	if (f->actors.n > 0) {
		ok = 0;
		json_array_foreach(json_object_get(ev, "actors"), i, a)
			if (filter_has(&f->actors, json_string_value(
			    json_object_get(a, "id"))))
				ok = 1;
		if (!ok)
			return 0;
	}
	if (f->keywords.n > 0) {
		for (ok = 0, i = 0; i < f->keywords.n && !ok; i++)
			ok = filter_keyword_match(f, ev, f->keywords.v[i]);
		if (!ok)
			return 0;
	}
	if (f->min_killed >= 0 && filter_killed(ev) < f->min_killed)
		return 0;
	return filter_story(f, ev);
}
