/*
 * Unit tests of export.c: raqib.event/1 as a row of ACLED's CSV and as an
 * RFC 7946 Feature.
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

#include "raqib/export.h"

/* An event as the store publishes it, with the figures given. */
static json_t *
event(const char *casualties, const char *date)
{
	char		 buf[4096];
	json_error_t	 err;
	json_t		*ev;

	snprintf(buf, sizeof buf, "{\"seq\":7,\"type\":\"ambush\","
	    "\"acled\":{\"event_type\":\"Battles\",\"sub_event_type\":"
	    "\"Armed clash\"},\"place\":{\"name\":\"Kidal\",\"name_ar\":"
	    "\"\xd9\x83\xd9\x8a\xd8\xaf\xd8\xa7\xd9\x84\",\"country\":\"ML\","
	    "\"country_name\":\"Mali\",\"admin1\":\"Kidal\",\"precision\":"
	    "\"town\",\"lat\":18.4411,\"lon\":1.4078},\"date\":%s,"
	    "\"actors\":[{\"id\":\"jnim\",\"name\":\"JNIM\",\"role\":"
	    "\"perpetrator\"},{\"id\":\"fama\",\"name\":\"Malian Armed Forces "
	    "(FAMa)\",\"role\":\"target\"}],\"casualties\":%s,\"claimed_by\":"
	    "\"jnim\",\"sources\":[\"AFP\"],\"sentence\":\"=cmd, \\\"x\\\"\\n"
	    "\xd9\x82\xd8\xaa\xd9\x84\",\"story\":{\"id\":5},\"doc\":{"
	    "\"sha256\":\"ab\",\"received_at\":\"2024-08-02T10:00:00.000Z\"}}",
	    date, casualties);
	if ((ev = json_loads(buf, 0, &err)) == NULL)
		fail_msg("bad test event: %s", err.text);
	return ev;
}

static json_t *
killed(const char *figs)
{
	return event(figs, "{\"start\":\"--07-25\",\"end\":\"--07-27\"}");
}

static void
export_test_fatalities(void **state)
{
	json_t	*ev;

	/* no killed figure: none */
	ev = killed("[]");
	assert_int_equal(export_figure(ev, "killed"), -1);
	json_decref(ev);
	/* two reports of one group's toll: the lowest */
	ev = killed("[{\"kind\":\"killed\",\"value\":50,\"who\":\"fama\"},"
	    "{\"kind\":\"killed\",\"value\":20,\"who\":\"fama\"}]");
	assert_int_equal(export_figure(ev, "killed"), 20);
	json_decref(ev);
	/* tolls of different groups add up; wounded apart */
	ev = killed("[{\"kind\":\"killed\",\"value\":5,\"who\":\"fama\"},"
	    "{\"kind\":\"killed\",\"value\":12,\"who\":\"jnim\"},"
	    "{\"kind\":\"wounded\",\"value\":9,\"who\":\"fama\"}]");
	assert_int_equal(export_figure(ev, "killed"), 17);
	assert_int_equal(export_figure(ev, "wounded"), 9);
	json_decref(ev);
	/* vague words by ACLED's fixed numbers: tens 10, hundreds 100 */
	ev = killed("[{\"kind\":\"killed\",\"value\":null,\"vague\":"
	    "\"\xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa7\xd8\xaa\"}]");
	assert_int_equal(export_figure(ev, "killed"), 10);
	json_decref(ev);
	ev = killed("[{\"kind\":\"killed\",\"value\":null,\"vague\":"
	    "\"\xd9\x85\xd8\xa6\xd8\xa7\xd8\xaa\"}]");
	assert_int_equal(export_figure(ev, "killed"), 100);
	json_decref(ev);
}

static void
export_test_date(void **state)
{
	char	 d[16];
	json_t	*ev;

	/* a range within a week, year from the report: precision 2 */
	ev = killed("[]");
	assert_int_equal(export_date(ev, d, sizeof d), 2);
	assert_string_equal(d, "2024-07-25");
	json_decref(ev);
	/* a day after the report's in the year: the year before */
	ev = event("[]", "{\"start\":\"--12-30\",\"end\":null}");
	assert_int_equal(export_date(ev, d, sizeof d), 1);
	assert_string_equal(d, "2023-12-30");
	json_decref(ev);
	/* only a month: precision 3 */
	ev = event("[]", "{\"start\":\"2024-06\",\"end\":null}");
	assert_int_equal(export_date(ev, d, sizeof d), 3);
	assert_string_equal(d, "2024-06-01");
	json_decref(ev);
	/* no date: the report's, within a week */
	ev = event("[]", "{\"start\":null,\"end\":null}");
	assert_int_equal(export_date(ev, d, sizeof d), 2);
	assert_string_equal(d, "2024-08-02");
	json_decref(ev);
}

static void
export_test_header(void **state)
{
	const char *want = "event_id_cnty,event_date,year,time_precision,"
	    "disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
	    "actor2,assoc_actor_2,interaction,civilian_targeting,iso,region,"
	    "country,admin1,admin2,admin3,location,latitude,longitude,"
	    "geo_precision,source,source_scale,notes,fatalities,tags,"
	    "timestamp,";

	assert_memory_equal(export_csv_header(), want, strlen(want));
	assert_non_null(strstr(export_csv_header(), ",seq,story,claimed_by,"
	    "wounded,kidnapped,captured,sentence_ar,doc_sha256\r\n"));
}

static void
export_test_row(void **state)
{
	json_t	*ev = killed("[{\"kind\":\"killed\",\"value\":4,\"who\":"
		    "\"fama\",\"claimed_by\":\"jnim\"}]");
	char	*row = export_csv_row(ev);

	assert_non_null(strstr(row, "MLI7,2024-07-25,2024,2,Political violence,"
	    "Battles,Armed clash,JNIM,,Malian Armed Forces (FAMa),,,,466,"
	    "Western Africa,Mali,Kidal,,,Kidal,18.4411,1.4078,1,AFP,,"));
	/* notes in English, with who claims the toll */
	assert_non_null(strstr(row, ",\"On 2024-07-25, armed clash in Kidal, "
	    "Mali: JNIM against Malian Armed Forces (FAMa). 4 killed (claimed "
	    "by JNIM).\",4,,"));
	/* RFC 4180: quoted, quotes doubled, the line break kept; a formula
	 * is defused with an apostrophe */
	assert_non_null(strstr(row, ",\"'=cmd, \"\"x\"\"\n\xd9\x82\xd8\xaa"
	    "\xd9\x84\",ab\r\n"));
	assert_non_null(strstr(row, ",7,5,jnim,,,,"));
	free(row);
	json_decref(ev);
}

static void
export_test_feature(void **state)
{
	json_t	*ev = killed("[]"), *f, *c;
	char	*raw = json_dumps(ev, JSON_COMPACT), *text;

	text = export_feature(ev, raw, strlen(raw));
	assert_non_null(text);
	f = json_loads(text, 0, NULL);
	assert_non_null(f);
	assert_string_equal(json_string_value(json_object_get(f, "type")),
	    "Feature");
	c = json_object_get(json_object_get(f, "geometry"), "coordinates");
	/* RFC 7946: longitude first */
	assert_true(json_real_value(json_array_get(c, 0)) == 1.4078);
	assert_true(json_real_value(json_array_get(c, 1)) == 18.4411);
	/* the event's fields, and ACLED's figures with a summary */
	assert_int_equal(json_integer_value(json_object_get(json_object_get(f,
	    "properties"), "seq")), 7);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    f, "properties"), "event_date")), "2024-07-25");
	assert_non_null(json_object_get(json_object_get(f, "properties"),
	    "summary"));
	json_decref(f);
	free(text);
	free(raw);
	/* no coordinates: no feature */
	json_object_set_new(json_object_get(ev, "place"), "lat", json_null());
	raw = json_dumps(ev, JSON_COMPACT);
	assert_null(export_feature(ev, raw, strlen(raw)));
	free(raw);
	json_decref(ev);
}

static void
export_test_time(void **state)
{
	char	t[64];

	assert_int_equal(export_time("2024-07-27", t, sizeof t), 0);
	assert_string_equal(t, "2024-07-27T00:00:00Z");
	assert_int_equal(export_time("2024-07-27T10:30Z", t, sizeof t), 0);
	assert_string_equal(t, "2024-07-27T10:30:00Z");
	assert_int_equal(export_time("2h", t, sizeof t), 0);
	assert_int_equal(strlen(t), 20);
	assert_int_equal(export_time("yesterday", t, sizeof t), -1);
	assert_int_equal(export_time("2h30", t, sizeof t), -1);
	assert_int_equal(export_time("2024-13-01", t, sizeof t), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(export_test_fatalities),
		cmocka_unit_test(export_test_date),
		cmocka_unit_test(export_test_header),
		cmocka_unit_test(export_test_row),
		cmocka_unit_test(export_test_feature),
		cmocka_unit_test(export_test_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
