#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "raqib/names.h"
#include "raqib/norm.h"
#include "raqib/protocol.h"
#include "raqib/xmalloc.h"
#include "filter.h"

struct filter_list {
	char		**v;
	size_t		 n;
};

/* A keyword and the actors and places it names. */
struct filter_kw {
	char			*text;
	struct names_keyword	*names;
};

struct filter {
	struct extract	*ex;
	struct filter_list prefixes;	/* from --region */
	struct filter_list towns;	/* a --region that named a town */
	struct filter_kw *keywords;
	size_t		 nkeywords;
	struct filter_list actors;	/* ids */
	struct filter_list types;
	long		 min_killed;
	size_t		 nregions;
	struct filter_list explained;	/* "region niger → ev.ne. (Niger)" */
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
	size_t	i;

	if (f == NULL)
		return;
	filter_clear(&f->prefixes);
	filter_clear(&f->towns);
	for (i = 0; i < f->nkeywords; i++) {
		free(f->keywords[i].text);
		names_keyword_free(f->keywords[i].names);
	}
	free(f->keywords);
	filter_clear(&f->actors);
	filter_clear(&f->types);
	filter_clear(&f->explained);
	free(f);
}

static void
filter_explain_add(struct filter *f, const char *what, const char *q,
    const char *to, const char *label)
{
	char	*line;

	xasprintf(&line, "%s %s \xe2\x86\x92 %s%s%s%s", what, q, to,
	    label ? " (" : "", label ? label : "", label ? ")" : "");
	filter_push(&f->explained, line);
	free(line);
}

/* The filter flags, as sub and query --help describe them. */
void
filter_usage(FILE *f)
{
	fprintf(f, "filters (repeat a flag to widen, combine flags to narrow):\n"
	    "  --region R       ml/kidal (a slug path), ML-8 (ISO 3166-2), ml (a\n"
	    "                   country code), ml/_ (region unknown), xx (country\n"
	    "                   unknown), or a place name in Arabic or English; a\n"
	    "                   name that means a country means the country, an\n"
	    "                   ambiguous one is refused with its candidates, and\n"
	    "                   a town means events placed in that town\n"
	    "  --keyword K      Arabic or Latin: events whose actors or place it\n"
	    "                   names (by any of their names and spellings:\n"
	    "                   wagner, فاغنر, فاجنر), or whose sentence mentions\n"
	    "                   them; Arabic also matches the sentence's words after\n"
	    "                   normalisation and clitic stripping (وفاغنر)\n"
	    "  --actor A        an actor id (jnim), name, abbreviation or Arabic form\n"
	    "  --type T         an event type id (ambush), its label (Armed clash),\n"
	    "                   or ACLED's type or sub-type (Battles: all of them;\n"
	    "                   Riots and Demonstrations: protest)\n"
	    "  --min-killed N   at least N killed (vague figures count low: tens\n"
	    "                   as 10)\n"
	    "  --explain        print what each filter resolved to (always when\n"
	    "                   standard error is a terminal)\n"
	    "                   'raqib list types|regions|actors' shows the names\n");
}

/* What each filter resolved to, one line each. */
void
filter_explain(struct filter *f, FILE *out)
{
	size_t	i;

	for (i = 0; i < f->explained.n; i++)
		fprintf(out, "raqib: %s\n", f->explained.v[i]);
}

int
filter_region(struct filter *f, const char *q, char **cause)
{
	char	**p, *town, *label;
	size_t	 i;

	if (names_region(f->ex, q, &p, &town, &label, cause) == -1)
		return -1;
	filter_explain_add(f, "region", q, p[0], label);
	free(label);
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

/* A keyword; the actors and places it names are found once, here. */
int
filter_keyword(struct filter *f, const char *k, char **cause)
{
	struct filter_kw *kw;
	char		*to;

	if (*k == '\0' || strspn(k, " \t") == strlen(k)) {
		xasprintf(cause, "an empty --keyword matches nothing");
		return -1;
	}
	f->keywords = xreallocarray(f->keywords, f->nkeywords + 1,
	    sizeof *f->keywords);
	kw = &f->keywords[f->nkeywords++];
	kw->text = xstrdup(k);
	kw->names = names_keyword_new(f->ex, k);
	to = names_keyword_describe(f->ex, kw->names);
	filter_explain_add(f, "keyword", k, to ? to : "the sentence only",
	    to ? "by any of their names, or in the sentence" : NULL);
	free(to);
	return 0;
}

int
filter_actor(struct filter *f, const char *q, char **cause)
{
	const char *id = extract_actor_resolve(f->ex, q);

	if (id == NULL) {
		xasprintf(cause, "unknown actor \"%s\": give an id such as jnim "
		    "or wagner, a name, an abbreviation or an Arabic form (see "
		    "raqib list actors)", q);
		return -1;
	}
	filter_explain_add(f, "actor", q, id, NULL);
	filter_push(&f->actors, id);
	return 0;
}

/*
 * ACLED's types and sub-types that no type of the lexicon carries, and the
 * type raqib files those events under: it tells no riot from a protest (a
 * demonstration is a protest, violent or not). The lexicon's own names
 * come first (names_type).
 */
static const struct {
	const char	*acled;
	const char	*type;
} filter_acled[] = {
	{ "Riots", "protest" },
	{ "Violent demonstration", "protest" },
	{ "Mob violence", "protest" },
	{ "Protest with intervention", "protest" },
	{ "Excessive force against protesters", "protest" },
	{ "Demonstrations", "protest" },
};

/* The i-th of them, for raqib list types; 0 past the last. */
int
filter_acled_alias(size_t i, const char **acled, const char **type)
{
	if (i >= sizeof filter_acled / sizeof filter_acled[0])
		return 0;
	*acled = filter_acled[i].acled;
	*type = filter_acled[i].type;
	return 1;
}

/* A name names_type does not know, if it is one of those. */
static int
filter_type_acled(struct filter *f, const char *t, char ***ids, char **label,
    char **cause)
{
	size_t	i;

	for (i = 0; i < sizeof filter_acled / sizeof filter_acled[0]; i++)
		if (strcasecmp(t, filter_acled[i].acled) == 0)
			break;
	if (i == sizeof filter_acled / sizeof filter_acled[0])
		return -1;
	free(*cause);
	*cause = NULL;
	if (names_type(f->ex, filter_acled[i].type, ids, NULL, cause) == -1)
		return -1;
	xasprintf(label, "ACLED's %s, which raqib files under %s",
	    filter_acled[i].acled, filter_acled[i].type);
	return 0;
}

int
filter_type(struct filter *f, const char *t, char **cause)
{
	char	**ids, *label, *all = NULL, *tmp;
	size_t	 i;

	if (names_type(f->ex, t, &ids, &label, cause) == -1 &&
	    filter_type_acled(f, t, &ids, &label, cause) == -1)
		return -1;
	for (i = 0; ids[i] != NULL; i++) {
		filter_push(&f->types, ids[i]);
		xasprintf(&tmp, "%s%s%s", all ? all : "", all ? ", " : "", ids[i]);
		free(all);
		all = tmp;
		free(ids[i]);
	}
	filter_explain_add(f, "type", t, all, label);
	free(all);
	free(label);
	free(ids);
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

/*
 * A keyword, in either script, matches an event that has one of the
 * actors or places it names, or whose sentence mentions one of them as
 * the engine reads it; an Arabic keyword also matches the sentence's
 * words after normalisation and clitic stripping, a Latin one the names
 * of the event's actors and place.
 */
static int
filter_keyword_match(struct filter *f, json_t *ev, const struct filter_kw *kw)
{
	json_t		*a, *p = json_object_get(ev, "place");
	const char	*k = kw->text, *sentence;
	size_t		 i;

	if (names_keyword_event(f->ex, kw->names, ev))
		return 1;
	sentence = json_string_value(json_object_get(ev, "sentence"));
	if (!filter_latin(k))
		return extract_keyword_match(f->ex, k, sentence);
	json_array_foreach(json_object_get(ev, "actors"), i, a) {
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
	if (f->nkeywords > 0) {
		for (ok = 0, i = 0; i < f->nkeywords && !ok; i++)
			ok = filter_keyword_match(f, ev, &f->keywords[i]);
		if (!ok)
			return 0;
	}
	if (f->min_killed >= 0 && filter_killed(ev) < f->min_killed)
		return 0;
	return filter_story(f, ev);
}
