/*
 * What a story knows: its reports, its figures over time with who claims
 * them, its most precise place and type; folding a report in says what it
 * changed (story.update). And the story as each of its events carries it.
 * Which story an event joins is story.c's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/story.h"
#include "raqib/xmalloc.h"
#include "story-int.h"

/* Types that say less than the others: a later, more specific type
 * replaces them. */
static const char *const story_vague_types[] = { "other", "statement", NULL };
static const char *const story_broad_types[] = { "armed_clash",
    "violence_against_civilians", "territory_change", NULL };

/*
 * The series of a figure: its kind, and whose dead or wounded they are.
 * A report that does not say whose ("22 killed") counts with one that
 * does ("22 soldiers killed"); only two different victims are two series.
 */
static json_t *
story_series(json_t *story, const char *kind, const char *who)
{
	json_t	*s, *loose = NULL;
	size_t	 i;

	json_array_foreach(json_object_get(story, "figures"), i, s) {
		const char *k = story_str(s, "kind"), *h = story_str(s, "who");

		if (k == NULL || strcmp(k, kind) != 0)
			continue;
		if ((h == NULL && who == NULL) || (h != NULL && who != NULL &&
		    strcmp(h, who) == 0))
			return s;
		if (loose == NULL && (h == NULL || who == NULL))
			loose = s;
	}
	/* the series learns whose they are */
	if (loose != NULL && who != NULL)
		json_object_set_new(loose, "who", json_string(who));
	return loose;
}

static int
story_type_rank(const char *type)
{
	if (type == NULL || story_in(type, story_vague_types))
		return 0;
	return story_in(type, story_broad_types) ? 1 : 2;
}

static json_t *
story_place_copy(json_t *p)
{
	static const char *const keep[] = { "name", "name_ar", "country",
	    "country_name", "admin1", "admin1_slug", "precision", "lat", "lon",
	    NULL };
	json_t	*o = json_object();
	size_t	 i;

	for (i = 0; keep[i] != NULL; i++)
		if (json_object_get(p, keep[i]) != NULL)
			json_object_set(o, keep[i], json_object_get(p, keep[i]));
	return o;
}

char *
story_outlet(json_t *ev, const char *path)
{
	json_t	*s, *src = json_object_get(ev, "sources");
	const char *base, *dot;
	char	*out = NULL, *t;
	size_t	 i;

	json_array_foreach(src, i, s) {
		if (!json_is_string(s))
			continue;
		if (out == NULL)
			out = xstrdup(json_string_value(s));
		else {
			xasprintf(&t, "%s, %s", out, json_string_value(s));
			free(out);
			out = t;
		}
	}
	if (out != NULL)
		return out;
	if (path == NULL)
		return xstrdup("?");
	base = (base = strrchr(path, '/')) != NULL ? base + 1 : path;
	dot = strrchr(base, '.');
	return dot != NULL && dot != base ? xstrndup(base, (size_t)(dot -
	    base)) : xstrdup(base);
}

static void
story_union(json_t *arr, const char *s)
{
	if (s != NULL && !story_has(arr, s))
		json_array_append_new(arr, json_string(s));
}

/* Whether the report's document started the story. */
static int
story_own(json_t *story, const struct story_report *r)
{
	const char *doc = story_str(json_array_get(json_object_get(story,
	    "reports"), 0), "doc");

	return doc != NULL && r->doc != NULL && strcmp(doc, r->doc) == 0;
}

/* A report joins the story's list once per document. */
static void
story_add_report(json_t *story, json_t *ev, const struct story_report *r,
    const char *outlet)
{
	json_t	*reps = json_object_get(story, "reports"), *o;
	const char *last = story_str(story, "last_doc");

	if (last != NULL && r->doc != NULL && strcmp(last, r->doc) == 0)
		return;
	json_object_set_new(story, "docs", json_integer(json_integer_value(
	    json_object_get(story, "docs")) + 1));
	if (r->doc != NULL)
		json_object_set_new(story, "last_doc", json_string(r->doc));
	/* the store's story_reports table has them all */
	if (json_array_size(reps) >= STORY_REPORTS)
		return;
	o = json_pack("{s:I,s:s?,s:s,s:s?,s:O?}", "seq", (json_int_t)r->seq,
	    "doc", r->doc, "outlet", outlet, "at", r->at, "sources",
	    json_object_get(ev, "sources"));
	if (r->copy_of > 0)
		json_object_set_new(o, "copy_of", json_integer(r->copy_of));
	json_array_append_new(reps, o);
}

/*
 * Whether this report has given the series its figure already: an article
 * counts once per series, with the first figure it gives (its lead's); the
 * others ("21 killed, 11 of them children", last year's 500 dead) are
 * details of the article, not revisions of the story.
 */
static int
story_told(json_t *s, const struct story_report *r)
{
	const char *doc = story_str(s, "doc");

	return doc != NULL && r->doc != NULL && strcmp(doc, r->doc) == 0;
}

/* The highest figure the story has of a kind, or -1. */
static json_int_t
story_max(json_t *story, const char *kind)
{
	json_t	*s;
	size_t	 i;
	json_int_t max = -1;

	json_array_foreach(json_object_get(story, "figures"), i, s)
		if (strcmp(story_str(s, "kind") ? story_str(s, "kind") : "",
		    kind) == 0 && json_is_integer(json_object_get(s, "max")) &&
		    json_integer_value(json_object_get(s, "max")) > max)
			max = json_integer_value(json_object_get(s, "max"));
	return max;
}

static void
story_fold_figure(json_t *story, json_t *c, const struct story_report *r,
    const char *outlet, int first, json_t *figs)
{
	const char *kind = story_str(c, "kind");
	json_t	*v = json_object_get(c, "value"), *s, *hist, *now;
	json_t	*who = json_object_get(c, "who");
	json_int_t n;
	int	 news = 0, exact = json_is_integer(v), told;

	if (kind == NULL)
		return;
	/* fewer dead and wounded together than dead alone: another
	 * incident's (a related story's teaser), not this one's */
	if (exact && strcmp(kind, "combined") == 0 && json_integer_value(v) <
	    story_max(story, "killed"))
		return;
	if (!json_is_string(who))
		who = json_null();
	now = exact ? json_incref(v) : json_is_string(json_object_get(c,
	    "vague")) ? json_incref(json_object_get(c, "vague")) : json_null();
	/* a vague count ("dozens") is kept, but changes no figure */
	if ((s = story_series(story, kind, json_string_value(who))) == NULL) {
		news = 1;
		told = 0;
		s = json_pack("{s:s,s:O,s:n,s:n,s:n,s:[],s:[]}", "kind", kind,
		    "who", who, "latest", "min", "max", "claimed_by",
		    "history");
		if (!exact)
			json_object_set(s, "latest", now);
		json_array_append_new(json_object_get(story, "figures"), s);
		if (!first && exact)
			json_array_append_new(figs, json_pack("{s:s,s:O,s:O,s:n}",
			    "kind", kind, "who", who, "now", now, "was"));
	} else if (!(told = story_told(s, r)) && exact && !story_seen_value(s,
	    json_integer_value(v)) && !first)
		json_array_append_new(figs, json_pack("{s:s,s:O,s:O,s:O}",
		    "kind", kind, "who", who, "now", now, "was",
		    json_object_get(s, "latest")));
	if (exact && r->doc != NULL)
		json_object_set_new(s, "doc", json_string(r->doc));
	if (exact && !told && !story_seen_value(s, json_integer_value(v))) {
		news = 1;
		n = json_integer_value(v);
		json_object_set(s, "latest", v);
		if (!json_is_integer(json_object_get(s, "min")) ||
		    n < json_integer_value(json_object_get(s, "min")))
			json_object_set(s, "min", v);
		if (!json_is_integer(json_object_get(s, "max")) ||
		    n > json_integer_value(json_object_get(s, "max")))
			json_object_set(s, "max", v);
	}
	json_decref(now);
	if (story_str(c, "claimed_by") != NULL && !story_has(json_object_get(s,
	    "claimed_by"), story_str(c, "claimed_by"))) {
		news = 1;
		story_union(json_object_get(s, "claimed_by"), story_str(c,
		    "claimed_by"));
	}
	/* the revisions: a figure repeated by another outlet is in its
	 * event, not here */
	hist = json_object_get(s, "history");
	if (news && json_array_size(hist) < STORY_HISTORY)
		json_array_append_new(hist, json_pack("{s:I,s:O,s:s?,s:s?,"
		    "s:s,s:s?}", "seq", (json_int_t)r->seq, "value", v ? v :
		    json_null(), "qualifier", story_str(c, "qualifier"),
		    "claimed_by", story_str(c, "claimed_by"), "outlet", outlet,
		    "at", r->at));
}

/* Who claims what: the event's claimant and each figure's. */
static int
story_fold_claims(json_t *story, json_t *ev)
{
	json_t	*cl = json_object_get(story, "claimants"), *c;
	size_t	 i, before = json_array_size(cl);

	story_union(cl, story_str(ev, "claimed_by"));
	json_array_foreach(json_object_get(ev, "casualties"), i, c)
		story_union(cl, story_str(c, "claimed_by"));
	return json_array_size(cl) > before;
}

static void
story_fold_actors(json_t *story, json_t *ev)
{
	json_t	*a;
	size_t	 i;
	const char *id, *role;

	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		if ((id = story_str(a, "id")) == NULL || story_in(id,
		    story_generic))
			continue;
		story_union(json_object_get(story, "actors"), id);
		if ((role = story_str(a, "role")) != NULL &&
		    strcmp(role, "perpetrator") == 0)
			story_union(json_object_get(story, "perpetrators"), id);
	}
}

/* A more precise place, a more specific type, a date once one is given. */
static void
story_fold_place_type(json_t *story, json_t *ev, const char *at, json_t *up,
    json_t *changed, int first)
{
	struct story_place a, b;
	const char *type = story_str(ev, "type"), *st = story_str(story, "type");
	long	 lo, hi;

	story_place_of(json_object_get(ev, "place"), &a);
	story_place_of(json_object_get(story, "place"), &b);
	if (a.rank > b.rank && (b.country == NULL || (a.country != NULL &&
	    strcmp(a.country, b.country) == 0))) {
		if (!first) {
			json_object_set_new(up, "place", json_pack("{s:o,s:O}",
			    "now", story_place_copy(json_object_get(ev,
			    "place")), "was", json_object_get(story, "place")));
			json_array_append_new(changed, json_string("place"));
		}
		json_object_set_new(story, "place", story_place_copy(
		    json_object_get(ev, "place")));
	}
	if (type != NULL && st != NULL && strcmp(type, st) != 0 &&
	    story_type_rank(type) > story_type_rank(st)) {
		json_object_set_new(up, "type", json_pack("{s:s,s:s}", "now",
		    type, "was", st));
		json_array_append_new(changed, json_string("type"));
		json_object_set_new(story, "type", json_string(type));
	}
	if (!json_is_object(json_object_get(story, "date")) &&
	    story_event_days(ev, at, &lo, &hi))
		json_object_set_new(story, "date", json_pack("{s:I,s:I}", "lo",
		    (json_int_t)lo, "hi", (json_int_t)hi));
}

/* Folds a report into the story; returns what it changed, or NULL. */
static json_t *
story_fold(json_t *story, json_t *ev, const struct story_report *r, int first)
{
	json_t	*up = json_object(), *changed = json_array(), *figs = json_array();
	json_t	*was = json_deep_copy(json_object_get(story, "claimants"));
	char	*outlet = story_outlet(ev, r->path);
	json_t	*c;
	size_t	 i;

	/* the other events of the article that started the story are part
	 * of its first report: they update nothing */
	if (!first && story_own(story, r))
		first = 1;
	story_add_report(story, ev, r, outlet);
	json_array_foreach(json_object_get(ev, "casualties"), i, c)
		story_fold_figure(story, c, r, outlet, first, figs);
	if (json_array_size(figs) > 0) {
		json_array_append_new(changed, json_string("figures"));
		json_object_set(up, "figures", figs);
	}
	if (story_fold_claims(story, ev) && !first) {
		json_array_append_new(changed, json_string("claimed_by"));
		json_object_set_new(up, "claimed_by", json_pack("{s:O,s:O}",
		    "now", json_object_get(story, "claimants"), "was", was));
	}
	story_fold_place_type(story, ev, r->at, up, changed, first);
	story_fold_actors(story, ev);
	json_object_set_new(story, "last_at", json_string(r->at ? r->at : ""));
	free(outlet);
	json_decref(figs);
	json_decref(was);
	if (first || json_array_size(changed) == 0) {
		json_decref(changed);
		json_decref(up);
		return NULL;
	}
	json_object_set_new(up, "changed", changed);
	return up;
}

/* A new story, started by this report's event. */
json_t *
story_start(long long id, json_t *ev, const struct story_report *r)
{
	json_t	*story;

	story = json_pack("{s:I,s:I,s:s?,s:s,s:o,s:n,s:s?,s:s?,s:[],s:[],s:[],"
	    "s:[],s:i,s:[]}", "id", (json_int_t)id, "first", (json_int_t)r->seq,
	    "type", story_str(ev, "type"), "family", story_family(ev), "place",
	    story_place_copy(json_object_get(ev, "place")), "date", "first_at",
	    r->at, "last_at", r->at, "perpetrators", "actors", "claimants",
	    "reports", "docs", 0, "figures");
	json_decref(story_fold(story, ev, r, 1));
	return story;
}

/* Adds a report to its story: what it changed (story.update), or NULL. */
json_t *
story_add(json_t *story, json_t *ev, const struct story_report *r)
{
	return story_fold(story, ev, r, 0);
}

/* The story as each of its events carries it (raqib.event/1 `story`). */
json_t *
story_public(json_t *story, const struct story_report *r, json_t *update,
    const char *why)
{
	json_t	*o, *figs = json_array(), *s, *p = json_object_get(story, "place");
	size_t	 i;

	json_array_foreach(json_object_get(story, "figures"), i, s)
		json_array_append_new(figs, json_pack("{s:O,s:O,s:O,s:O,s:O,"
		    "s:O,s:I}", "kind", json_object_get(s, "kind"), "who",
		    json_object_get(s, "who"), "latest", json_object_get(s,
		    "latest"), "min", json_object_get(s, "min"), "max",
		    json_object_get(s, "max"), "claimed_by", json_object_get(s,
		    "claimed_by"), "revisions", (json_int_t)json_array_size(
		    json_object_get(s, "history"))));
	o = json_pack("{s:O,s:b,s:O,s:O,s:s?,s:O,s:{s:O,s:O,s:O,s:O,s:O,s:O},"
	    "s:o}",
	    "id", json_object_get(story, "id"), "first", (json_int_t)r->seq ==
	    json_integer_value(json_object_get(story, "first")), "reports",
	    json_object_get(story, "docs"), "update", update ? update :
	    json_null(), "why", why, "type", json_object_get(story, "type"),
	    "place", "name", json_object_get(p, "name") ? json_object_get(p,
	    "name") : json_null(), "country", json_object_get(p, "country") ?
	    json_object_get(p, "country") : json_null(), "country_name",
	    json_object_get(p, "country_name") ? json_object_get(p,
	    "country_name") : json_null(), "admin1",
	    json_object_get(p, "admin1") ? json_object_get(p, "admin1") :
	    json_null(), "admin1_slug", json_object_get(p, "admin1_slug") ?
	    json_object_get(p, "admin1_slug") : json_null(),
	    "precision", json_object_get(p, "precision") ?
	    json_object_get(p, "precision") : json_null(), "figures", figs);
	if (r->copy_of > 0)
		json_object_set_new(o, "copy_of", json_pack("{s:I,s:f}", "seq",
		    (json_int_t)r->copy_of, "similarity", r->similarity));
	return o;
}
