#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "raqib/story.h"
#include "raqib/xmalloc.h"

/* Places this close are one place; this far, still one incident. */
#define STORY_SAME_KM	3.0
#define STORY_NEAR_KM	50.0
/* An undated report tells of something up to this many days before it. */
#define STORY_LAG_DAYS	3
/* Kept in the state, which is read and written for each report: the
 * store's story_reports table and the events themselves have the rest. */
#define STORY_HISTORY	64	/* revisions kept per series */
#define STORY_REPORTS	20	/* the first reports */

/* Evidence weights; an event joins at STORY_JOIN. */
enum {
	STORY_W_SAME_PLACE = 4, STORY_W_NEAR = 2, STORY_W_VAGUER_ADMIN1 = 1,
	STORY_W_NAMED = 2,
	STORY_W_DATE = 2, STORY_W_WINDOW = 1, STORY_W_TYPE = 1,
	STORY_W_PERPETRATOR = 2, STORY_W_ACTOR = 1, STORY_W_FIGURE = 1,
	STORY_W_BIG_FIGURE = 2, STORY_BIG_FIGURE = 10,
	STORY_W_OTHER_PERPETRATOR = -1
};

/* ACLED event types whose events are all one family: a report's "ambush"
 * and another's "attack" on the same convoy are one incident. */
static const char *const story_violent[] = { "Battles",
    "Explosions/Remote violence", "Violence against civilians", NULL };
/* Unnamed groups ("jihadists", "civilians"): neither for nor against. */
static const char *const story_generic[] = { "jihadists", "separatists",
    "civilians", NULL };
/* Types that say less than the others: a later, more specific type
 * replaces them. */
static const char *const story_vague_types[] = { "other", "statement", NULL };
static const char *const story_broad_types[] = { "armed_clash",
    "violence_against_civilians", "territory_change", NULL };

struct story_place {
	const char	*country, *admin1, *name;
	int		 rank;		/* -1 unknown .. 3 town */
	double		 lat, lon;
	int		 coords;
};

static int
story_in(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

static const char *
story_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
story_note(struct story_why *w, const char *fmt, ...)
{
	size_t	 n = strlen(w->text);
	va_list	 ap;

	if (n > 0 && n + 2 < sizeof w->text) {
		memcpy(w->text + n, "; ", 3);
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(w->text + n, sizeof w->text - n, fmt, ap);
	va_end(ap);
}

const char *
story_family(json_t *ev)
{
	if (story_in(story_str(json_object_get(ev, "acled"), "event_type"),
	    story_violent))
		return "violence";
	return story_str(ev, "type") != NULL ? story_str(ev, "type") : "other";
}

static int
story_type_rank(const char *type)
{
	if (type == NULL || story_in(type, story_vague_types))
		return 0;
	return story_in(type, story_broad_types) ? 1 : 2;
}

static void story_place_of(json_t *, struct story_place *);

/* How precise a place is: -1 unknown, 0 region, 1 country, 2 admin1,
 * 3 town. */
int
story_rank(json_t *p)
{
	struct story_place sp;

	story_place_of(p, &sp);
	return sp.rank;
}

static void
story_place_of(json_t *p, struct story_place *sp)
{
	const char *prec = story_str(p, "precision");

	memset(sp, 0, sizeof *sp);
	sp->rank = -1;
	if (!json_is_object(p))
		return;
	sp->country = story_str(p, "country");
	sp->admin1 = story_str(p, "admin1");
	sp->name = story_str(p, "name");
	if (sp->country == NULL || strcmp(sp->country, "xx") == 0 ||
	    strcmp(sp->country, "-") == 0) {
		sp->country = NULL;
		return;
	}
	sp->rank = prec == NULL ? 1 : strcmp(prec, "town") == 0 ? 3 :
	    strcmp(prec, "admin1") == 0 ? 2 : strcmp(prec, "region") == 0 ? 0 :
	    1;
	sp->coords = json_is_number(json_object_get(p, "lat")) &&
	    json_is_number(json_object_get(p, "lon"));
	sp->lat = json_number_value(json_object_get(p, "lat"));
	sp->lon = json_number_value(json_object_get(p, "lon"));
}

static double
story_km(double lat1, double lon1, double lat2, double lon2)
{
	double	r = M_PI / 180, a, dlat = (lat2 - lat1) * r,
		dlon = (lon2 - lon1) * r;

	a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * r) * cos(lat2 * r) *
	    sin(dlon / 2) * sin(dlon / 2);
	return 6371.0 * 2 * atan2(sqrt(a), sqrt(1 - a));
}

/*
 * Whether the report names the story's town among its places although its
 * event is placed more vaguely (بلدة إناتس in a later sentence).
 */
static int
story_named(json_t *places, const struct story_place *b)
{
	struct story_place p;
	json_t	*o;
	size_t	 i;

	if (b->rank != 3 || b->name == NULL)
		return 0;
	json_array_foreach(places, i, o) {
		story_place_of(o, &p);
		if (p.rank != 3 || p.name == NULL || strcmp(p.country,
		    b->country) != 0)
			continue;
		if (strcmp(p.name, b->name) == 0 || (p.coords && b->coords &&
		    story_km(p.lat, p.lon, b->lat, b->lon) <= STORY_SAME_KM))
			return 1;
	}
	return 0;
}

/* The place score, or INT_MIN when the places cannot be one; `places`, the
 * report's, or NULL. */
static int
story_match_place(json_t *story, json_t *ev, json_t *places,
    struct story_why *w)
{
	struct story_place a, b;
	double	 km;

	story_place_of(json_object_get(ev, "place"), &a);
	story_place_of(json_object_get(story, "place"), &b);
	if (a.rank < 3 && (a.country == NULL || (b.country != NULL &&
	    strcmp(a.country, b.country) == 0)) && story_named(places, &b)) {
		story_note(w, "place: %s, named by the report", b.name);
		return STORY_W_NAMED;
	}
	if (a.country == NULL || b.country == NULL) {
		story_note(w, "place: unknown on one side");
		return 0;
	}
	/* towns on either side of a border are as near as their distance */
	if (strcmp(a.country, b.country) != 0 && !(a.rank == 3 &&
	    b.rank == 3 && a.coords && b.coords)) {
		story_note(w, "place: %s vs %s", a.country, b.country);
		return INT_MIN;
	}
	if (a.rank == 3 && b.rank == 3 && a.coords && b.coords) {
		km = story_km(a.lat, a.lon, b.lat, b.lon);
		if (km <= STORY_SAME_KM) {
			story_note(w, "place: %s", b.name);
			return STORY_W_SAME_PLACE;
		}
		if (km <= STORY_NEAR_KM) {
			story_note(w, "place: %s %.0f km from %s", a.name, km,
			    b.name);
			return STORY_W_NEAR;
		}
		story_note(w, "place: %s %.0f km from %s", a.name, km, b.name);
		return INT_MIN;
	}
	if (a.rank >= 2 && b.rank >= 2) {
		if (a.admin1 == NULL || b.admin1 == NULL ||
		    strcmp(a.admin1, b.admin1) != 0) {
			story_note(w, "place: %s vs %s", a.admin1 ? a.admin1 :
			    "?", b.admin1 ? b.admin1 : "?");
			return INT_MIN;
		}
		story_note(w, "place: %s region, one report vaguer", a.admin1);
		return a.rank == b.rank && a.rank == 2 ? STORY_W_NEAR :
		    STORY_W_VAGUER_ADMIN1;
	}
	story_note(w, "place: %s, one report vaguer", a.country);
	return 0;
}

/* The date score, or INT_MIN when the dates are of different days. */
static int
story_match_date(json_t *story, json_t *ev, const char *at,
    struct story_why *w)
{
	json_t	*sd = json_object_get(story, "date");
	long	 elo, ehi, slo, shi, day;
	int	 edated, sdated = json_is_object(sd);

	edated = story_event_days(ev, at, &elo, &ehi);
	if (!edated) {
		if ((day = story_at_day(at)) == STORY_NODAY)
			goto unknown;
		elo = day - STORY_LAG_DAYS;
		ehi = day;
		/* an undated report is of the days the story is reported */
		sdated = 0;
	}
	if (sdated) {
		slo = (long)json_integer_value(json_object_get(sd, "lo"));
		shi = (long)json_integer_value(json_object_get(sd, "hi"));
	} else {
		slo = story_at_day(story_str(story, "first_at"));
		shi = story_at_day(story_str(story, "last_at"));
		if (slo == STORY_NODAY || shi == STORY_NODAY)
			goto unknown;
		slo -= STORY_LAG_DAYS;
	}
	if (slo > ehi || elo > shi) {
		story_note(w, "date: %s", edated && sdated ?
		    "different days" : "too far apart");
		return INT_MIN;
	}
	if (edated && sdated) {
		story_note(w, "date: same day");
		return STORY_W_DATE;
	}
	story_note(w, "date: within %d days", STORY_LAG_DAYS);
	return STORY_W_WINDOW;
unknown:
	story_note(w, "date: unknown");
	return 0;
}

/* Whether the JSON array of strings arr holds s. */
int
story_has(json_t *arr, const char *s)
{
	json_t	*v;
	size_t	 i;

	json_array_foreach(arr, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

static int
story_match_actors(json_t *story, json_t *ev, struct story_why *w)
{
	json_t	*a, *sp = json_object_get(story, "perpetrators");
	size_t	 i;
	int	 eperp = 0, shared_actor = 0;
	const char *id, *role, *actor = NULL;

	json_array_foreach(json_object_get(ev, "actors"), i, a) {
		id = story_str(a, "id");
		role = story_str(a, "role");
		if (id == NULL || story_in(id, story_generic))
			continue;
		if (role != NULL && strcmp(role, "perpetrator") == 0) {
			if (story_has(sp, id)) {
				story_note(w, "perpetrator: %s", id);
				return STORY_W_PERPETRATOR;
			}
			eperp = 1;
		}
		if (!shared_actor && story_has(json_object_get(story, "actors"),
		    id)) {
			shared_actor = 1;
			actor = id;
		}
	}
	if (eperp && json_array_size(sp) > 0) {
		story_note(w, "perpetrators differ");
		return STORY_W_OTHER_PERPETRATOR;
	}
	if (shared_actor) {
		story_note(w, "actor: %s", actor);
		return STORY_W_ACTOR;
	}
	return 0;
}

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

/* Whether a series already holds this value. */
static int
story_seen_value(json_t *s, json_int_t v)
{
	json_t	*h;
	size_t	 i;

	json_array_foreach(json_object_get(s, "history"), i, h)
		if (json_is_integer(json_object_get(h, "value")) &&
		    json_integer_value(json_object_get(h, "value")) == v)
			return 1;
	return 0;
}

static int
story_match_figures(json_t *story, json_t *ev, struct story_why *w)
{
	json_t	*c, *s, *v;
	size_t	 i, j;

	json_array_foreach(json_object_get(ev, "casualties"), i, c) {
		v = json_object_get(c, "value");
		if (!json_is_integer(v) || json_integer_value(v) <= 0 ||
		    story_str(c, "kind") == NULL)
			continue;
		json_array_foreach(json_object_get(story, "figures"), j, s)
			if (strcmp(story_str(s, "kind") ? story_str(s, "kind") :
			    "", story_str(c, "kind")) == 0 &&
			    story_seen_value(s, json_integer_value(v))) {
				story_note(w, "figure: %lld %s", (long long)
				    json_integer_value(v), story_str(c, "kind"));
				/* two reports of the same 71 dead are seldom two
				 * incidents; of the same 2 dead they may be */
				return json_integer_value(v) >= STORY_BIG_FIGURE ?
				    STORY_W_BIG_FIGURE : STORY_W_FIGURE;
			}
	}
	return 0;
}

/*
 * How well an event received at `at` fits a story: the sum of its
 * evidence, or -1 when a type family, the places or the dates rule it out.
 * w->text says why, for the store and for people.
 */
int
story_match(json_t *story, json_t *ev, const char *at, struct story_why *w)
{
	return story_match_report(story, ev, NULL, at, w);
}

/* story_match with the places of the event's report, which may name the
 * story's town where the event is vaguer. */
int
story_match_report(json_t *story, json_t *ev, json_t *places, const char *at,
    struct story_why *w)
{
	const char *type = story_str(ev, "type"), *st = story_str(story, "type");
	int	 place, date, same_type = 0, others;

	memset(w, 0, sizeof *w);
	if (strcmp(story_family(ev), story_str(story, "family") ?
	    story_str(story, "family") : "") != 0) {
		story_note(w, "type: %s, not of the %s family", type ? type : "?",
		    story_str(story, "family") ? story_str(story, "family") :
		    "?");
		return w->score = -1;
	}
	if (type != NULL && st != NULL && strcmp(type, st) == 0) {
		story_note(w, "type: %s", type);
		w->score += STORY_W_TYPE;
		same_type = 1;
	} else
		story_note(w, "type: %s ~ %s (%s)", type ? type : "?", st ? st :
		    "?", story_family(ev));
	if ((place = story_match_place(story, ev, places, w)) == INT_MIN ||
	    (date = story_match_date(story, ev, at, w)) == INT_MIN)
		return w->score = -1;
	w->score += place + date;
	others = story_match_actors(story, ev, w);
	others += story_match_figures(story, ev, w);
	w->score += others;
	/* a town nearby, or a vaguer place, on the same days is what two
	 * incidents of one morning in a district share too: one incident only
	 * if the type, an actor or a figure says so as well */
	if (place < STORY_W_SAME_PLACE && !same_type && others <= 0 &&
	    w->score >= STORY_JOIN) {
		story_note(w, "nothing but a nearby place and the date");
		w->score = STORY_JOIN - 1;
	}
	return w->score;
}

/*
 * Whether two events of one report received at `at` may be one incident:
 * of one family, in places that can be one, on days that meet (an undated
 * event is of the days before the report), so not one of last month's
 * incidents told in the background.
 */
int
story_akin(json_t *a, json_t *b, const char *at)
{
	struct story_why w;
	json_t	*tmp;
	long	 alo, ahi, blo, bhi, day = story_at_day(at);
	int	 place, adated, bdated;

	if (strcmp(story_family(a), story_family(b)) != 0)
		return 0;
	adated = story_event_days(a, at, &alo, &ahi);
	bdated = story_event_days(b, at, &blo, &bhi);
	if (day == STORY_NODAY && (!adated || !bdated))
		goto place;
	/* an undated event is of the days before the report */
	if (!adated) {
		alo = day - STORY_LAG_DAYS;
		ahi = day;
	}
	if (!bdated) {
		blo = day - STORY_LAG_DAYS;
		bhi = day;
	}
	if (alo > bhi || blo > ahi)
		return 0;
place:
	tmp = json_pack("{s:O}", "place", json_object_get(a, "place"));
	memset(&w, 0, sizeof w);
	place = story_match_place(tmp, b, NULL, &w);
	json_decref(tmp);
	return place != INT_MIN;
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
