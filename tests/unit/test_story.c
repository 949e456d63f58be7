/*
 * Unit tests of story.c: whether an event joins a story (type families,
 * places and distances, dates, actors, the report's other places and
 * events), and what a report changes in it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "raqib/story.h"

#define DAY1	"2024-03-12T09:00:00.000Z"
#define DAY2	"2024-03-13T09:00:00.000Z"
#define DAY9	"2024-03-21T09:00:00.000Z"

/* Gao, Ansongo (about 90 km south-east) and Bourem (about 80 km north). */
#define GAO	"{\"name\":\"Gao\",\"country\":\"ML\",\"country_name\":\"Mali\"," \
	"\"admin1\":\"Gao\",\"precision\":\"town\",\"lat\":16.2666,\"lon\":-0.04}"
#define GAO_NEAR "{\"name\":\"Gao airport\",\"country\":\"ML\",\"admin1\":\"Gao\"," \
	"\"precision\":\"town\",\"lat\":16.2484,\"lon\":-0.0054}"
#define GAO_20KM "{\"name\":\"Djebok\",\"country\":\"ML\",\"admin1\":\"Gao\"," \
	"\"precision\":\"town\",\"lat\":16.39,\"lon\":0.08}"
#define BOUREM	"{\"name\":\"Bourem\",\"country\":\"ML\",\"admin1\":\"Gao\"," \
	"\"precision\":\"town\",\"lat\":16.9543,\"lon\":-0.3497}"
#define GAO_REGION "{\"name\":\"Gao\",\"country\":\"ML\",\"admin1\":\"Gao\"," \
	"\"precision\":\"admin1\",\"lat\":16.5,\"lon\":0.5}"
#define KIDAL_REGION "{\"name\":\"Kidal\",\"country\":\"ML\",\"admin1\":" \
	"\"Kidal\",\"precision\":\"admin1\",\"lat\":19.5,\"lon\":1.3}"
#define MALI	"{\"name\":\"Mali\",\"country\":\"ML\",\"precision\":\"country\"}"
/* Twin towns across the Mali-Algeria border, 5 km apart, and a town of
 * Algeria 80 km away. */
#define TINZA_ML "{\"name\":\"Tinzaouaten\",\"country\":\"ML\"," \
	"\"admin1\":\"Kidal\",\"precision\":\"town\",\"lat\":19.95,\"lon\":2.93}"
#define TINZA_DZ "{\"name\":\"Tinzaouatine\",\"country\":\"DZ\"," \
	"\"admin1\":\"Tamanrasset\",\"precision\":\"town\",\"lat\":19.965," \
	"\"lon\":2.97}"
#define DZ_80KM	"{\"name\":\"Elsewhere\",\"country\":\"DZ\"," \
	"\"admin1\":\"Tamanrasset\",\"precision\":\"town\",\"lat\":20.6," \
	"\"lon\":3.2}"
#define ALGERIA	"{\"name\":\"Algeria\",\"country\":\"DZ\",\"precision\":" \
	"\"country\"}"
#define NIGER_TOWN "{\"name\":\"Ayorou\",\"country\":\"NE\",\"admin1\":" \
	"\"Tillaberi\",\"precision\":\"town\",\"lat\":14.73,\"lon\":0.92}"

#define BATTLES	"{\"event_type\":\"Battles\"}"
#define REMOTE	"{\"event_type\":\"Explosions/Remote violence\"}"
#define PROTEST	"{\"event_type\":\"Protests\"}"
#define NODATE	"{\"start\":null,\"end\":null}"
#define JNIM	"[{\"id\":\"jnim\",\"role\":\"perpetrator\"}]"
#define ISSAHEL	"[{\"id\":\"is_sahel\",\"role\":\"perpetrator\"}]"

static json_t *
event(const char *type, const char *acled, const char *place, const char *date,
    const char *actors, const char *casualties)
{
	char		 buf[4096];
	json_error_t	 err;
	json_t		*ev;

	snprintf(buf, sizeof buf, "{\"type\":\"%s\",\"acled\":%s,\"place\":%s,"
	    "\"date\":%s,\"actors\":%s,\"casualties\":%s,\"claimed_by\":null,"
	    "\"sources\":[]}", type, acled, place, date, actors, casualties);
	if ((ev = json_loads(buf, 0, &err)) == NULL)
		fail_msg("bad test event: %s", err.text);
	return ev;
}

static json_t *
killed(int n, const char *claimant)
{
	return json_pack("{s:s,s:i,s:s,s:n,s:s?}", "kind", "killed", "value", n,
	    "qualifier", "exact", "who", "claimed_by", claimant);
}

static json_t *
start(json_t *ev, const char *at, long long seq)
{
	struct story_report r = { seq, "doc1", "inbox/wire.txt", at, 0, 0 };
	json_t	*st = story_start(seq, ev, &r);

	json_decref(ev);
	return st;
}

static int
score(json_t *story, json_t *ev, const char *at, struct story_why *w)
{
	int	s = story_match(story, ev, at, w);

	json_decref(ev);
	return s;
}

static void
story_test_same_town_same_day_joins(void **state)
{
	struct story_why w;
	json_t	*st = start(event("ambush", BATTLES, GAO, NODATE, JNIM, "[]"),
	    DAY1, 1);

	(void)state;
	/* another outlet calls it an attack on the same convoy */
	assert_true(score(st, event("armed_clash", BATTLES, GAO_NEAR, NODATE,
	    JNIM, "[]"), DAY1, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "perpetrator: jnim"));
	assert_non_null(strstr(w.text, "violence"));
	/* a drone strike is of the violent family too */
	assert_true(score(st, event("air_or_drone_strike", REMOTE, GAO, NODATE,
	    "[]", "[]"), DAY1, &w) >= STORY_JOIN);
	/* a protest in Gao is not the ambush */
	assert_int_equal(score(st, event("protest", PROTEST, GAO, NODATE, "[]",
	    "[]"), DAY1, &w), -1);
	assert_non_null(strstr(w.text, "family"));
	json_decref(st);
}

static void
story_test_places(void **state)
{
	struct story_why w;
	json_t	*st = start(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    DAY1, 1);

	(void)state;
	assert_true(score(st, event("ambush", BATTLES, GAO_20KM, NODATE, "[]",
	    "[]"), DAY1, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "km from Gao"));
	/* 80 km off: another town's incident */
	assert_int_equal(score(st, event("ambush", BATTLES, BOUREM, NODATE,
	    "[]", "[]"), DAY1, &w), -1);
	assert_int_equal(score(st, event("ambush", BATTLES, NIGER_TOWN, NODATE,
	    "[]", "[]"), DAY1, &w), -1);
	assert_int_equal(score(st, event("ambush", BATTLES, KIDAL_REGION,
	    NODATE, "[]", "[]"), DAY1, &w), -1);
	/* a vaguer report of the same region needs one more piece of
	 * evidence: the same perpetrator or the same figure */
	assert_true(score(st, event("ambush", BATTLES, GAO_REGION, NODATE, "[]",
	    "[]"), DAY1, &w) < STORY_JOIN);
	assert_true(score(st, event("armed_clash", BATTLES, MALI, NODATE, "[]",
	    "[]"), DAY1, &w) < STORY_JOIN);
	json_decref(st);
	st = start(event("ambush", BATTLES, GAO, NODATE, JNIM, "[]"), DAY1, 1);
	assert_true(score(st, event("ambush", BATTLES, GAO_REGION, NODATE, JNIM,
	    "[]"), DAY1, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "one report vaguer"));
	json_decref(st);
}

static void
story_test_dates(void **state)
{
	struct story_why w;
	json_t	*st = start(event("ambush", BATTLES, GAO, "{\"start\":"
	    "\"2024-03-11\",\"end\":null}", JNIM, "[]"), DAY1, 1);

	(void)state;
	/* two incidents in one town on different days stay apart */
	assert_int_equal(score(st, event("ambush", BATTLES, GAO, "{\"start\":"
	    "\"2024-03-14\",\"end\":null}", JNIM, "[]"), DAY2, &w), -1);
	assert_non_null(strstr(w.text, "different days"));
	/* the same day, with the year left out */
	assert_true(score(st, event("ambush", BATTLES, GAO, "{\"start\":"
	    "\"--03-11\",\"end\":null}", "[]", "[]"), DAY2, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "same day"));
	/* an undated report the next day: the story's days */
	assert_true(score(st, event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    DAY2, &w) >= STORY_JOIN);
	/* nine days on, undated: not this story */
	assert_int_equal(score(st, event("ambush", BATTLES, GAO, NODATE, "[]",
	    "[]"), DAY9, &w), -1);
	json_decref(st);
	/* fighting since the 9th (an open end) meets a report of the 11th */
	st = start(event("armed_clash", BATTLES, GAO, "{\"start\":"
	    "\"--03-09\",\"end\":\"..\"}", JNIM, "[]"), DAY1, 1);
	assert_true(score(st, event("ambush", BATTLES, GAO, "{\"start\":"
	    "\"2024-03-11\",\"end\":null}", JNIM, "[]"), DAY2, &w) >=
	    STORY_JOIN);
	assert_non_null(strstr(w.text, "same day"));
	json_decref(st);
	assert_int_equal(story_day("--12-31", story_at_day(
	    "2025-01-01T00:00:00Z")), story_day("2024-12-31", 0));
}

/* A country-level report of the same toll is the incident; of the same two
 * dead, not evidence enough. */
static void
story_test_shared_toll(void **state)
{
	struct story_why w;
	json_t	*cas, *st;
	char	*s;

	(void)state;
	cas = json_pack("[o]", killed(71, NULL));
	s = json_dumps(cas, JSON_COMPACT);
	st = start(event("attack_on_base", BATTLES, GAO, NODATE, "[]", s),
	    DAY1, 1);
	assert_true(score(st, event("attack_on_base", BATTLES, MALI, NODATE,
	    "[]", s), DAY2, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "figure: 71 killed"));
	json_decref(st);
	free(s);
	json_decref(cas);
	cas = json_pack("[o]", killed(2, NULL));
	s = json_dumps(cas, JSON_COMPACT);
	st = start(event("attack_on_base", BATTLES, GAO, NODATE, "[]", s),
	    DAY1, 1);
	assert_true(score(st, event("attack_on_base", BATTLES, MALI, NODATE,
	    "[]", s), DAY2, &w) < STORY_JOIN);
	json_decref(st);
	free(s);
	json_decref(cas);
}

/* Another kind of incident in a town nearby on the same day: what the
 * Sahel's coordinated attacks look like, two incidents. */
static void
story_test_nearby_same_day(void **state)
{
	struct story_why w;
	json_t	*st = start(event("violence_against_civilians",
	    "{\"event_type\":\"Violence against civilians\"}", GAO,
	    "{\"start\":\"2024-03-12\",\"end\":null}", "[]", "[]"), DAY1, 1);

	(void)state;
	assert_true(score(st, event("ambush", BATTLES, GAO_20KM, "{\"start\":"
	    "\"2024-03-12\",\"end\":null}", "[]", "[]"), DAY1, &w) <
	    STORY_JOIN);
	assert_non_null(strstr(w.text, "nothing but a nearby place"));
	/* the same kind of incident there is a report naming the next town */
	assert_true(score(st, event("violence_against_civilians",
	    "{\"event_type\":\"Violence against civilians\"}", GAO_20KM,
	    "{\"start\":\"2024-03-12\",\"end\":null}", "[]", "[]"), DAY1,
	    &w) >= STORY_JOIN);
	json_decref(st);
}

static void
story_test_actors(void **state)
{
	struct story_why w;
	json_t	*st = start(event("ambush", BATTLES, GAO_REGION, NODATE, JNIM,
	    "[]"), DAY1, 1);

	(void)state;
	/* a vaguer place and another group: not enough */
	assert_true(score(st, event("ambush", BATTLES, GAO_REGION, NODATE,
	    ISSAHEL, "[]"), DAY1, &w) < STORY_JOIN);
	assert_non_null(strstr(w.text, "perpetrators differ"));
	json_decref(st);
}

static void
story_test_updates(void **state)
{
	struct story_report r = { 2, "doc2", "inbox/b.txt", DAY1, 0, 0 };
	json_t	*ev, *st, *up, *f, *pub;

	(void)state;
	ev = event("armed_clash", BATTLES, MALI, NODATE, "[]", "[]");
	json_array_append_new(json_object_get(ev, "casualties"), killed(22,
	    NULL));
	st = start(ev, DAY1, 1);
	/* the same toll again: nothing new */
	ev = event("armed_clash", BATTLES, MALI, NODATE, "[]", "[]");
	json_array_append_new(json_object_get(ev, "casualties"), killed(22,
	    NULL));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	/* 41 killed, in Gao, in an ambush claimed by JNIM */
	r.seq = 3;
	r.doc = "doc3";
	ev = event("ambush", BATTLES, GAO, NODATE, JNIM, "[]");
	json_array_append_new(json_object_get(ev, "casualties"), killed(41,
	    "jnim"));
	up = story_add(st, ev, &r);
	assert_non_null(up);
	f = json_array_get(json_object_get(up, "figures"), 0);
	assert_int_equal(json_integer_value(json_object_get(f, "now")), 41);
	assert_int_equal(json_integer_value(json_object_get(f, "was")), 22);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(up, "place"), "was"), "name")), "Mali");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(up, "place"), "now"), "name")), "Gao");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    up, "type"), "was")), "armed_clash");
	assert_non_null(json_object_get(up, "claimed_by"));
	pub = story_public(st, &r, up, "why");
	assert_int_equal(json_integer_value(json_object_get(pub, "reports")), 3);
	assert_false(json_is_true(json_object_get(pub, "first")));
	f = json_array_get(json_object_get(pub, "figures"), 0);
	/* the latest, and the range: ACLED takes the lowest */
	assert_int_equal(json_integer_value(json_object_get(f, "latest")), 41);
	assert_int_equal(json_integer_value(json_object_get(f, "min")), 22);
	assert_int_equal(json_integer_value(json_object_get(f, "max")), 41);
	json_decref(pub);
	json_decref(up);
	json_decref(ev);
	/* a late outlet repeating the first toll is not news */
	r.seq = 4;
	r.doc = "doc4";
	ev = event("armed_clash", BATTLES, MALI, NODATE, "[]", "[]");
	json_array_append_new(json_object_get(ev, "casualties"), killed(22,
	    NULL));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	json_decref(st);
}

/* Towns are as near as their distance, on either side of a border too. */
static void
story_test_border_towns(void **state)
{
	struct story_why w;
	json_t	*st = start(event("air_or_drone_strike", REMOTE, TINZA_DZ,
	    NODATE, "[]", "[]"), DAY1, 1);

	(void)state;
	assert_true(score(st, event("air_or_drone_strike", REMOTE, TINZA_ML,
	    NODATE, JNIM, "[]"), DAY1, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "Tinzaouaten 5 km from Tinzaouatine"));
	assert_int_equal(score(st, event("air_or_drone_strike", REMOTE,
	    DZ_80KM, NODATE, JNIM, "[]"), DAY1, &w), -1);
	json_decref(st);
	/* a country on one side and a town on the other: still two */
	st = start(event("air_or_drone_strike", REMOTE, TINZA_ML, NODATE, "[]",
	    "[]"), DAY1, 1);
	assert_int_equal(score(st, event("air_or_drone_strike", REMOTE, ALGERIA,
	    NODATE, JNIM, "[]"), DAY1, &w), -1);
	json_decref(st);
}

/* A report whose event is placed by country but which names the story's
 * town elsewhere has that as evidence. */
static void
story_test_named_town(void **state)
{
	struct story_why w;
	json_t	*st = start(event("attack_on_base", BATTLES, GAO, NODATE, "[]",
	    "[]"), DAY1, 1);
	json_t	*ev = event("attack_on_base", BATTLES, MALI, NODATE, "[]", "[]");
	json_t	*named = json_loads("[" MALI "," GAO "]", 0, NULL);
	json_t	*other = json_loads("[" MALI "," BOUREM "]", 0, NULL);

	(void)state;
	assert_true(story_match(st, ev, DAY1, &w) < STORY_JOIN);
	assert_true(story_match_report(st, ev, other, DAY1, &w) < STORY_JOIN);
	assert_true(story_match_report(st, ev, named, DAY1, &w) >= STORY_JOIN);
	assert_non_null(strstr(w.text, "Gao, named by the report"));
	json_decref(named);
	json_decref(other);
	json_decref(ev);
	json_decref(st);
}

/* Two events of one report are one incident unless their days or places
 * rule it out: last month's operation told in the background is not. */
static void
story_test_akin(void **state)
{
	json_t	*lead = event("attack_on_base", BATTLES, GAO, NODATE, "[]",
	    "[]");
	json_t	*same = event("suicide_bombing", REMOTE, GAO, "{\"start\":"
	    "\"--03-11\",\"end\":null}", "[]", "[]");
	json_t	*old = event("armed_clash", BATTLES, MALI, "{\"start\":"
	    "\"--02-08\",\"end\":\"--02-18\"}", "[]", "[]");
	json_t	*far = event("armed_clash", BATTLES, NIGER_TOWN, NODATE, "[]",
	    "[]");

	(void)state;
	assert_true(story_akin(same, lead, DAY1));
	assert_false(story_akin(old, lead, DAY1));
	assert_false(story_akin(far, lead, DAY1));
	json_decref(lead);
	json_decref(same);
	json_decref(old);
	json_decref(far);
}

static json_t *
with_figures(json_t *ev, json_t *figs)
{
	json_array_extend(json_object_get(ev, "casualties"), figs);
	json_decref(figs);
	return ev;
}

/*
 * An article counts once per figure, with its first: "21 killed, 11 of
 * them children" is no revision to 11, and the other events of the
 * article that started the story update nothing. A vague count is kept
 * but is no update.
 */
static void
story_test_article_counts_once(void **state)
{
	struct story_report r = { 2, "doc2", "inbox/b.txt", DAY1, 0, 0 };
	json_t	*st, *ev, *up, *f;

	(void)state;
	st = start(with_figures(event("ambush", BATTLES, GAO, NODATE, "[]",
	    "[]"), json_pack("[o]", killed(12, NULL))), DAY1, 1);
	/* the first article's second event: part of the first report */
	r.doc = "doc1";
	ev = with_figures(event("armed_clash", BATTLES, GAO, NODATE, "[]",
	    "[]"), json_pack("[o]", killed(80, NULL)));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	/* another article: 21 killed, 11 of them children */
	r.seq = 3;
	r.doc = "doc2";
	ev = with_figures(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    json_pack("[o,o]", killed(21, NULL), killed(11, NULL)));
	up = story_add(st, ev, &r);
	assert_non_null(up);
	assert_int_equal(json_array_size(json_object_get(up, "figures")), 1);
	f = json_array_get(json_object_get(up, "figures"), 0);
	assert_int_equal(json_integer_value(json_object_get(f, "now")), 21);
	json_decref(up);
	json_decref(ev);
	/* its second event, with last year's toll: nothing */
	r.seq = 4;
	ev = with_figures(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    json_pack("[o]", killed(500, NULL)));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	/* dozens wounded: kept, no update */
	r.seq = 5;
	r.doc = "doc3";
	ev = with_figures(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    json_pack("[{s:s,s:n,s:s,s:s}]", "kind", "wounded", "value",
	    "vague", "dozens", "qualifier", "vague"));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	/* fewer killed and wounded together than killed: another's figure */
	r.seq = 6;
	r.doc = "doc4";
	ev = with_figures(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    json_pack("[{s:s,s:i,s:s}]", "kind", "combined", "value", 7,
	    "qualifier", "exact"));
	assert_null(story_add(st, ev, &r));
	json_decref(ev);
	/* a figure for the dozens: an update, from what the story said */
	r.seq = 7;
	r.doc = "doc5";
	ev = with_figures(event("ambush", BATTLES, GAO, NODATE, "[]", "[]"),
	    json_pack("[{s:s,s:i,s:s}]", "kind", "wounded", "value", 40,
	    "qualifier", "exact"));
	up = story_add(st, ev, &r);
	f = json_array_get(json_object_get(up, "figures"), 0);
	assert_string_equal(json_string_value(json_object_get(f, "kind")),
	    "wounded");
	assert_string_equal(json_string_value(json_object_get(f, "was")),
	    "dozens");
	json_decref(up);
	json_decref(ev);
	json_decref(st);
}

static void
story_test_outlet(void **state)
{
	json_t	*ev = json_pack("{s:[s,s]}", "sources", "AFP", "Reuters");
	char	*o;

	(void)state;
	o = story_outlet(ev, "/in/x.txt");
	assert_string_equal(o, "AFP, Reuters");
	free(o);
	json_decref(ev);
	ev = json_object();
	o = story_outlet(ev, "/srv/inbox/alwasat-2024-03-12.txt");
	assert_string_equal(o, "alwasat-2024-03-12");
	free(o);
	json_decref(ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(story_test_same_town_same_day_joins),
		cmocka_unit_test(story_test_places),
		cmocka_unit_test(story_test_shared_toll),
		cmocka_unit_test(story_test_dates),
		cmocka_unit_test(story_test_nearby_same_day),
		cmocka_unit_test(story_test_actors),
		cmocka_unit_test(story_test_updates),
		cmocka_unit_test(story_test_border_towns),
		cmocka_unit_test(story_test_named_town),
		cmocka_unit_test(story_test_akin),
		cmocka_unit_test(story_test_article_counts_once),
		cmocka_unit_test(story_test_outlet),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
