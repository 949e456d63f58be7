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
#include "story-int.h"

/* Places this close are one place; this far, still one incident. */
#define STORY_SAME_KM	3.0
#define STORY_NEAR_KM	50.0
/* An undated report tells of something up to this many days before it. */
#define STORY_LAG_DAYS	3

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
const char *const story_generic[] = { "jihadists", "separatists",
    "civilians", NULL };


int
story_in(const char *s, const char *const *list)
{
	for (; s != NULL && *list != NULL; list++)
		if (strcmp(s, *list) == 0)
			return 1;
	return 0;
}

const char *
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


/* How precise a place is: -1 unknown, 0 region, 1 country, 2 admin1,
 * 3 town. */
int
story_rank(json_t *p)
{
	struct story_place sp;

	story_place_of(p, &sp);
	return sp.rank;
}

void
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


/* Whether a series already holds this value. */
int
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

