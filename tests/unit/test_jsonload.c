/*
 * Unit tests of jsonload.c: the same tree as json_loadb(buf, len, 0, NULL)
 * for every text, refused where jansson refuses it, and the store's events
 * read without handing them to jansson.
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

#include "raqib/jsonload.h"

/* An event as raqibd stores it: Arabic, escaped quotes, nulls, reals. */
static const char event[] = "{\"type\":\"armed_clash\",\"topic\":"
    "\"ev.ml.kidal.armed_clash\",\"acled\":{\"event_type\":\"Battles\","
    "\"sub_event_type\":\"Armed clash\"},\"place\":{\"name\":\"Tinzaouaten\","
    "\"name_ar\":\"\xd8\xaa\xd9\x8a\xd9\x86\xd8\xb2\xd8\xa7\xd9\x88\xd8\xaa"
    "\xd9\x8a\xd9\x86\",\"country\":\"ML\",\"admin1\":null,\"precision\":"
    "\"town\",\"lat\":19.949999999999999,\"lon\":-2.9300000000000002},"
    "\"date\":{\"start\":\"--07-25\",\"end\":null},\"actors\":[{\"id\":"
    "\"fama\",\"name\":\"Malian Armed Forces (FAMa)\",\"role\":"
    "\"perpetrator\"}],\"casualties\":[{\"kind\":\"killed\",\"value\":12,"
    "\"qualifier\":\"vague\",\"start\":1725,\"end\":1779}],\"sources\":[],"
    "\"story\":{\"id\":1,\"first\":true,\"update\":false},\"seq\":1,"
    "\"doc\":{\"title\":\"\xd8\xac\xd8\xaf\xd9\x91\xd8\xaf \\\"\xd8\xa7"
    "\\\" a\\\\b\\/c\\n\\t\\r\\b\\f\xe2\x80\x94\xf0\x9f\x98\x80\","
    "\"sha256\":\"02a7fb8e\"}}";

/* Texts that jansson takes, refuses, or takes differently from what a
 * quick reader might: each must come out as jansson has it. */
static const char *const texts[] = {
	"{}", "[]", " \t\r\n{ } \n", "[[],{},[{}]]", "{\"a\":{\"b\":[1,2]}}",
	"[true,false,null]", "{\"\":\"\"}", "{\"a\":1,\"a\":2,\"b\":3}",
	"{\"b\":1,\"a\":2,\"b\":3}", "[0,-0,1,-1,10,9223372036854775807]",
	"[-9223372036854775808]", "[9223372036854775808]",
	"[-9223372036854775809]", "[0.0,-0.0,1.5,-1.5e3,1E5,1e-5,2.5E+2]",
	"[1e400]", "[-1e400]", "[1e-400]", "[123456789012345678901234567890.5]",
	"[0.1000000000000000055511151231257827021181583404541015625]",
	"[01]", "[-]", "[1.]", "[.5]", "[1e]", "[1e+]", "[+1]", "[1x]",
	"[- 1]", "[1 2]", "[1,]", "[,1]", "{\"a\":1,}", "{,}", "{\"a\"}",
	"{\"a\" 1}", "{a:1}", "{\"a\":1}}", "[1]]", "[1]x", "[1] [2]", "{",
	"[", "[\"", "[\"abc", "[\"\\\"]", "\"str\"", "1", "true", "null", "",
	"   ", "[tru]", "[truex]", "[nul]", "[True]",
	"[\"\\u0041\\u00e9\\u0645\"]", "[\"\\ud83d\\ude00\"]", "[\"\\ud83d\"]",
	"[\"\\u0000\"]", "{\"\\u0041\":1}", "{\"a\\nb\":1}", "[\"\\x\"]",
	"[\"\\'\"]", "[\"a\\\\\"]", "[\"\\/\\b\\f\\n\\r\\t\\\"\\\\\"]",
	"[\"\x7f\"]", "[\"\x01\"]", "[\"\t\"]", "[\"\n\"]",
	"[\"\xc2\x80\xdf\xbf\"]", "[\"\xc0\x80\"]", "[\"\xc1\xbf\"]",
	"[\"\xe0\x80\x80\"]", "[\"\xe0\xa0\x80\"]", "[\"\xed\x9f\xbf\"]",
	"[\"\xed\xa0\x80\"]", "[\"\xef\xbf\xbf\"]", "[\"\xf0\x80\x80\x80\"]",
	"[\"\xf0\x90\x80\x80\"]", "[\"\xf4\x8f\xbf\xbf\"]",
	"[\"\xf4\x90\x80\x80\"]", "[\"\xf5\x80\x80\x80\"]", "[\"\x80\"]",
	"[\"\xd8\"]", "[\"\xd8\x41\"]", "[\"\xe2\x80\"]", "[\xd8\xa7]",
	"\xef\xbb\xbf{}", "{\"a\":\"\xd9\x85\"}\xd9",
};

/* Both loaders on s; the same answer, and the same tree to the byte. */
static void
check(const char *s, size_t len)
{
	json_t	*want = json_loadb(s, len, 0, NULL), *got = jsonload(s, len);
	char	*a, *b;

	if (want == NULL) {
		if (got != NULL)
			fail_msg("jsonload took what jansson refuses: %.*s",
			    (int)len, s);
		return;
	}
	if (got == NULL)
		fail_msg("jsonload refused what jansson takes: %.*s", (int)len,
		    s);
	a = json_dumps(want, JSON_COMPACT | JSON_ENCODE_ANY);
	b = json_dumps(got, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!json_equal(want, got) || strcmp(a, b) != 0)
		fail_msg("trees differ for %.*s:\n%s\n%s", (int)len, s, a, b);
	free(a);
	free(b);
	json_decref(want);
	json_decref(got);
}

static void
jsonload_test_as_jansson(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		check(texts[i], strlen(texts[i]));
	/* a NUL inside: text and key, and after the value */
	check("[\"a\0b\"]", 7);
	check("{\"a\0\":1}", 8);
	check("[1]\0", 4);
	/* whatever the buffer holds past len is not read */
	check("[1]]", 3);
	check("{\"a\":\"b\"}x", 9);
	check(event, sizeof event - 1);
}

/* Every prefix of an event (a reply cut short) and every one-byte change. */
static void
jsonload_test_damaged(void **state)
{
	static const char swaps[] = "\"\\{}[],:0-.eE \x01\x80\xd8";
	char	 buf[sizeof event];
	size_t	 i, k;

	(void)state;
	for (i = 0; i < sizeof event - 1; i++)
		check(event, i);
	for (i = 0; i < sizeof event - 1; i++)
		for (k = 0; k < sizeof swaps - 1; k++) {
			memcpy(buf, event, sizeof event);
			buf[i] = swaps[k];
			check(buf, sizeof event - 1);
		}
}

/* Past 64 levels jansson reads it; past 2048 it refuses. */
static void
jsonload_test_deep(void **state)
{
	size_t	 n, i;
	char	*s;

	(void)state;
	for (n = 60; n <= 3000; n = n < 70 ? n + 1 : n * 3) {
		s = malloc(2 * n + 1);
		assert_non_null(s);
		for (i = 0; i < n; i++) {
			s[i] = '[';
			s[2 * n - 1 - i] = ']';
		}
		s[2 * n] = '\0';
		check(s, 2 * n);
		free(s);
	}
}

/* The store's events are this reader's own work, not jansson's. */
static void
jsonload_test_own(void **state)
{
	json_t	*v;

	(void)state;
	v = jsonload_own(event, sizeof event - 1);
	assert_non_null(v);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    v, "place"), "name_ar")), "\xd8\xaa\xd9\x8a\xd9\x86\xd8\xb2\xd8\xa7"
	    "\xd9\x88\xd8\xaa\xd9\x8a\xd9\x86");
	assert_true(json_real_value(json_object_get(json_object_get(v, "place"),
	    "lon")) == -2.9300000000000002);
	assert_int_equal(json_integer_value(json_object_get(v, "seq")), 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    v, "doc"), "title")), "\xd8\xac\xd8\xaf\xd9\x91\xd8\xaf \"\xd8\xa7"
	    "\" a\\b/c\n\t\r\b\f\xe2\x80\x94\xf0\x9f\x98\x80");
	json_decref(v);
	/* \u escapes are jansson's */
	assert_null(jsonload_own("[\"\\u0041\"]", 10));
	assert_null(jsonload_own("[1,]", 4));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(jsonload_test_as_jansson),
		cmocka_unit_test(jsonload_test_damaged),
		cmocka_unit_test(jsonload_test_deep),
		cmocka_unit_test(jsonload_test_own),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
