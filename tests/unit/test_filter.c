/*
 * Unit tests of the client's filter.c over the real lexicon: regions to
 * topic prefixes, flags of one kind widen and of different kinds narrow,
 * keywords in either script, killed figures, and --stories.
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

#include "raqib/extract.h"
#include "filter.h"

static struct extract *ex;

/* An event in Gao (Mali) or Ayorou (Niger) of a type, with JNIM or Wagner. */
static json_t *
event(const char *topic, const char *type, const char *place,
    const char *actor, const char *killed, const char *story)
{
	char		 buf[2048];
	json_error_t	 err;
	json_t		*ev;

	snprintf(buf, sizeof buf, "{\"topic\":\"%s\",\"type\":\"%s\","
	    "\"place\":{\"name\":\"%s\",\"country\":\"%s\"},\"actors\":"
	    "[{\"id\":\"%s\",\"name\":\"%s\"}],\"casualties\":[%s],"
	    "\"sentence\":\"\",\"story\":%s}", topic, type, place,
	    strcmp(place, "Gao") == 0 ? "ML" : "NE", actor, actor, killed,
	    story);
	if ((ev = json_loads(buf, 0, &err)) == NULL)
		fail_msg("bad test event: %s", err.text);
	return ev;
}

#define GAO_CLASH(actor, killed)	event("ev.ml.gao.armed_clash", \
	"armed_clash", "Gao", actor, killed, "null")
#define AYOROU_PROTEST	event("ev.ne.tillaberi.protest", "protest", \
	"Ayorou", "civilians", "", "null")
#define KILLED(n)	"{\"kind\":\"killed\",\"value\":" #n "}"

static int
matches(struct filter *f, json_t *ev)
{
	int	ok = filter_match(f, ev);

	json_decref(ev);
	return ok;
}

static void
test_no_flags(void **state)
{
	struct filter	*f = filter_new(ex);
	char		**p;
	size_t		 n;

	assert_true(matches(f, GAO_CLASH("jnim", "")));
	assert_true(matches(f, AYOROU_PROTEST));
	p = filter_prefixes(f, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "ev.");
	filter_free(f);
}

static void
test_region(void **state)
{
	struct filter	*f = filter_new(ex);
	char		*cause = NULL, **p;
	size_t		 n;

	assert_int_equal(filter_region(f, "ml/gao", &cause), 0);
	p = filter_prefixes(f, &n);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "ev.ml.gao.");
	assert_true(matches(f, GAO_CLASH("jnim", "")));
	assert_false(matches(f, AYOROU_PROTEST));
	/* a second region widens */
	assert_int_equal(filter_region(f, "niger", &cause), 0);
	assert_true(matches(f, AYOROU_PROTEST));
	assert_int_equal(filter_region(f, "atlantis", &cause), -1);
	assert_non_null(cause);
	free(cause);
	filter_free(f);
}

/* Different kinds narrow: a region and a type and an actor. */
static void
test_kinds_narrow(void **state)
{
	struct filter	*f = filter_new(ex);
	char		*cause = NULL;

	assert_int_equal(filter_region(f, "mali", &cause), 0);
	assert_int_equal(filter_type(f, "armed_clash", &cause), 0);
	assert_int_equal(filter_actor(f, "Wagner Group", &cause), 0);
	assert_true(matches(f, GAO_CLASH("wagner", "")));
	assert_false(matches(f, GAO_CLASH("jnim", "")));
	assert_false(matches(f, AYOROU_PROTEST));
	assert_int_equal(filter_actor(f, "nobody-at-all", &cause), -1);
	free(cause);
	cause = NULL;
	assert_int_equal(filter_type(f, "picnic", &cause), -1);
	free(cause);
	filter_free(f);
}

/* ACLED's Riots, which no lexicon type carries, are protests. */
static void
test_riots_are_protests(void **state)
{
	struct filter	*f = filter_new(ex);
	char		*cause = NULL;
	const char	*acled, *type;

	assert_int_equal(filter_type(f, "riots", &cause), 0);
	assert_null(cause);
	assert_true(matches(f, AYOROU_PROTEST));
	assert_false(matches(f, GAO_CLASH("jnim", "")));
	filter_free(f);
	assert_true(filter_acled_alias(0, &acled, &type));
	assert_string_equal(acled, "Riots");
	assert_string_equal(type, "protest");
	assert_false(filter_acled_alias(1000, &acled, &type));
}

static void
test_min_killed(void **state)
{
	struct filter	*f = filter_new(ex);
	json_t		*ev;

	filter_min_killed(f, 5);
	assert_false(matches(f, GAO_CLASH("jnim", KILLED(4))));
	assert_true(matches(f, GAO_CLASH("jnim", KILLED(3) "," KILLED(7))));
	/* عشرات (tens) counts as ten */
	ev = GAO_CLASH("jnim", "{\"kind\":\"killed\",\"value\":null,"
	    "\"vague\":\"\\u0639\\u0634\\u0631\\u0627\\u062a\"}");
	assert_int_equal(filter_killed(ev), 10);
	assert_true(matches(f, ev));
	filter_free(f);
}

/* A keyword names an actor in either script; a Latin one also matches
 * the place's name. */
static void
test_keyword(void **state)
{
	struct filter	*f = filter_new(ex);
	char		*cause = NULL;

	assert_int_equal(filter_keyword(f, "\xd9\x81\xd8\xa7\xd8\xba\xd9\x86"
	    "\xd8\xb1", &cause), 0);	/* فاغنر */
	assert_true(matches(f, GAO_CLASH("wagner", "")));
	assert_false(matches(f, GAO_CLASH("jnim", "")));
	filter_free(f);
	f = filter_new(ex);
	assert_int_equal(filter_keyword(f, "ayorou", &cause), 0);
	assert_true(matches(f, AYOROU_PROTEST));
	assert_false(matches(f, GAO_CLASH("jnim", "")));
	assert_int_equal(filter_keyword(f, " ", &cause), -1);
	assert_string_equal(cause, "an empty --keyword matches nothing");
	free(cause);
	filter_free(f);
}

static void
test_stories(void **state)
{
	struct filter	*f = filter_new(ex);
	char		*cause = NULL;
	json_t		*first, *repeat, *update;

	first = event("ev.ml.gao.armed_clash", "armed_clash", "Gao", "jnim", "",
	    "{\"id\":1,\"first\":true}");
	repeat = event("ev.ml.gao.armed_clash", "armed_clash", "Gao", "jnim", "",
	    "{\"id\":1,\"first\":false}");
	update = event("ev.ml.gao.armed_clash", "armed_clash", "Gao", "jnim", "",
	    "{\"id\":1,\"first\":false,\"update\":{\"killed\":[3,5]}}");
	assert_int_equal(filter_stories(f, "new", &cause), 0);
	assert_true(filter_match(f, first));
	assert_false(filter_match(f, update));
	assert_int_equal(filter_stories(f, "updates", &cause), 0);
	assert_true(filter_match(f, update));
	assert_false(filter_match(f, repeat));
	/* a default does not override what was asked */
	filter_stories_default(f, FILTER_STORIES_ALL);
	assert_false(filter_match(f, repeat));
	assert_int_equal(filter_stories(f, "all", &cause), 0);
	assert_true(filter_match(f, repeat));
	assert_int_equal(filter_stories(f, "some", &cause), -1);
	free(cause);
	json_decref(first);
	json_decref(repeat);
	json_decref(update);
	filter_free(f);
}

static int
setup(void **state)
{
	char	*cause = NULL;

	if ((ex = extract_new(RAQIB_TEST_LEXICON, &cause)) == NULL) {
		fprintf(stderr, "lexicon: %s\n", cause);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	extract_free(ex);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_flags),
		cmocka_unit_test(test_region),
		cmocka_unit_test(test_kinds_narrow),
		cmocka_unit_test(test_riots_are_protests),
		cmocka_unit_test(test_min_killed),
		cmocka_unit_test(test_keyword),
		cmocka_unit_test(test_stories),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
