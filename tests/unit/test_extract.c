/*
 * Behavioural tests of the extraction engine through extract_run: short
 * invented Sahel news sentences and what raqib.extract/1 must say of them.
 *
 * Every run is also checked for the output contract: the schema, the
 * arrays, and that every start/end slices the input to exactly its surface.
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

#ifndef RAQIB_TEST_LEXICON
#error RAQIB_TEST_LEXICON must name the source lexicon directory
#endif

#define EXTRACT_MSG	8192

static struct extract	*extract_ex;
static json_t		*extract_violent;	/* violent event type ids */
static json_t		*extract_types;		/* all event type ids */
static json_t		*extract_out;		/* the last output, freed after */
static const char	*extract_text;		/* the last input */
static size_t		 extract_spans;		/* spans checked so far */
static char		*extract_big;		/* a large input, freed after */

static const char *const extract_kinds[] = { "killed", "wounded",
    "captured", "kidnapped", "missing", "combined", NULL };
static const char *const extract_quals[] = { "exact", "at_least", "about",
    "at_most", "vague", NULL };
static const char *const extract_precs[] = { "country", "admin1", "town",
    "region", NULL };

static json_t *
extract_load_ids(const char *file, const char *key, const char *field)
{
	char		 path[4096];
	json_error_t	 err;
	json_t		*root, *ids, *e;
	size_t		 i;

	snprintf(path, sizeof path, "%s/%s", RAQIB_TEST_LEXICON, file);
	if ((root = json_load_file(path, 0, &err)) == NULL) {
		fprintf(stderr, "%s: %s\n", path, err.text);
		return NULL;
	}
	ids = json_array();
	json_array_foreach(json_object_get(root, key), i, e)
		json_array_append(ids, field ? json_object_get(e, field) : e);
	json_decref(root);
	return ids;
}

static int
extract_setup(void **state)
{
	char	*cause = NULL;

	if ((extract_ex = extract_new(RAQIB_TEST_LEXICON, &cause)) == NULL) {
		fprintf(stderr, "extract_new: %s\n", cause ? cause : "?");
		free(cause);
		return -1;
	}
	extract_violent = extract_load_ids("events.json", "violent", NULL);
	extract_types = extract_load_ids("event_types.json", "event_types",
	    "id");
	if (extract_violent == NULL || extract_types == NULL ||
	    json_array_size(extract_violent) == 0)
		return -1;
	return 0;
}

static int
extract_teardown(void **state)
{
	extract_free(extract_ex);
	json_decref(extract_violent);
	json_decref(extract_types);
	return 0;
}

/* After each test: the last output is freed even if the test failed. */
static int
extract_test_teardown(void **state)
{
	json_decref(extract_out);
	extract_out = NULL;
	extract_text = NULL;
	free(extract_big);
	extract_big = NULL;
	return 0;
}

static int
extract_in(const char *s, const char *const *list)
{
	int	i;

	for (i = 0; s != NULL && list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return 1;
	return 0;
}

static int
extract_in_json(const char *s, const json_t *arr)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(arr, i, e)
		if (s != NULL && strcmp(json_string_value(e), s) == 0)
			return 1;
	return 0;
}

static const char *
extract_s(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "null";
}

/* A one-line summary of an output, for failure messages. */
static void
extract_summary(const json_t *o, char *buf, size_t sz)
{
	json_t	*e, *d, *v;
	size_t	 i, n = 0;

#define ADD(...) do {							\
	if (n < sz)							\
		n += (size_t)snprintf(buf + n, sz - n, __VA_ARGS__);	\
} while (0)
	buf[0] = '\0';
	if (o == NULL) {
		ADD("(no output)");
		return;
	}
	ADD("\n  places:");
	json_array_foreach(json_object_get(o, "places"), i, e)
		ADD(" %s(%s/%s/%s)", extract_s(e, "name"),
		    extract_s(e, "country"), extract_s(e, "admin1"),
		    extract_s(e, "precision"));
	ADD("\n  actors:");
	json_array_foreach(json_object_get(o, "actors"), i, e)
		ADD(" %s", extract_s(e, "id"));
	ADD("\n  people:");
	json_array_foreach(json_object_get(o, "people"), i, e)
		ADD(" %s«%s»", extract_s(e, "name"), extract_s(json_array_get(
		    json_object_get(e, "mentions"), 0), "surface"));
	ADD("\n  casualties:");
	json_array_foreach(json_object_get(o, "casualties"), i, e) {
		v = json_object_get(e, "value");
		if (json_is_integer(v))
			ADD(" %s=%lld/%s«%s»", extract_s(e, "kind"),
			    (long long)json_integer_value(v),
			    extract_s(e, "qualifier"), extract_s(e, "surface"));
		else
			ADD(" %s=null/%s«%s»", extract_s(e, "kind"),
			    extract_s(e, "qualifier"), extract_s(e, "surface"));
	}
	ADD("\n  events:");
	json_array_foreach(json_object_get(o, "events"), i, e) {
		d = json_object_get(e, "date");
		ADD(" %s[%s %s..%s]", extract_s(e, "type"), extract_s(e, "topic"),
		    extract_s(d, "start"), extract_s(d, "end"));
	}
#undef ADD
}

static void extract_fail(const char *, ...)
    __attribute__((format(printf, 1, 2)));

/* Fails the test with the input and a summary of the output. */
static void
extract_fail(const char *fmt, ...)
{
	char	msg[EXTRACT_MSG], sum[EXTRACT_MSG];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	extract_summary(extract_out, sum, sizeof sum);
	fail_msg("%s\n  text: %.300s%s", msg,
	    extract_text ? extract_text : "(none)", sum);
}

/* The slice as the engine must show it: each byte that is not part of a
 * valid UTF-8 sequence becomes U+FFFD (valid text is unchanged). */
static size_t
extract_clean(const char *s, size_t n, char *out, size_t outsz)
{
	size_t	i = 0, o = 0, k, len;
	unsigned char c;

	while (i < n && o + 4 < outsz) {
		c = (unsigned char)s[i];
		len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 && c >= 0xc2 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 && c <= 0xf4 ? 4 :
		    0;
		for (k = 1; len > 1 && k < len; k++)
			if (i + k >= n || ((unsigned char)s[i + k] & 0xc0) != 0x80)
				len = 0;
		/* no overlong forms, no surrogates, nothing past U+10FFFF */
		if (len == 3 && ((c == 0xe0 && (unsigned char)s[i + 1] < 0xa0) ||
		    (c == 0xed && (unsigned char)s[i + 1] >= 0xa0)))
			len = 0;
		if (len == 4 && ((c == 0xf0 && (unsigned char)s[i + 1] < 0x90) ||
		    (c == 0xf4 && (unsigned char)s[i + 1] >= 0x90)))
			len = 0;
		if (len == 0 || (len == 1 && c == 0)) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o] = '\0';
	return o;
}

/* start/end of o must slice text to exactly its surface. */
static void
extract_check_span(const json_t *o, const char *what, const char *text,
    size_t len)
{
	json_t		*s = json_object_get(o, "surface");
	json_t		*a = json_object_get(o, "start");
	json_t		*b = json_object_get(o, "end");
	json_int_t	 start, end;

	if (!json_is_integer(a) || !json_is_integer(b))
		extract_fail("%s: start/end are not integers", what);
	start = json_integer_value(a);
	end = json_integer_value(b);
	if (start < 0 || end <= start || (size_t)end > len)
		extract_fail("%s: span [%lld, %lld) outside %zu bytes", what,
		    (long long)start, (long long)end, len);
	if (!json_is_string(s))
		extract_fail("%s: no surface", what);
	char	 clean[4096];
	size_t	 cl = extract_clean(text + start, (size_t)(end - start), clean,
	    sizeof clean);

	if (json_string_length(s) != cl ||
	    memcmp(json_string_value(s), clean, cl) != 0)
		extract_fail("%s: surface \"%s\" but [%lld, %lld) is \"%.*s\"",
		    what, json_string_value(s), (long long)start,
		    (long long)end, (int)(end - start), text + start);
	extract_spans++;
}

static void
extract_check_cas(const json_t *c, const char *text, size_t len)
{
	json_t	*v = json_object_get(c, "value");

	if (!extract_in(json_string_value(json_object_get(c, "kind")),
	    extract_kinds))
		extract_fail("casualty kind %s", extract_s(c, "kind"));
	if (!extract_in(json_string_value(json_object_get(c, "qualifier")),
	    extract_quals))
		extract_fail("casualty qualifier %s",
		    extract_s(c, "qualifier"));
	if (!json_is_null(v) && !(json_is_integer(v) &&
	    json_integer_value(v) >= 0))
		extract_fail("casualty value neither null nor a count");
	if (json_is_null(v) != (strcmp(extract_s(c, "qualifier"),
	    "vague") == 0))
		extract_fail("casualty «%s»: value null iff qualifier vague",
		    extract_s(c, "surface"));
	extract_check_span(c, "casualty", text, len);
}

static void
extract_check_place(const json_t *p)
{
	if (!extract_in(json_string_value(json_object_get(p, "precision")),
	    extract_precs))
		extract_fail("place %s: precision %s", extract_s(p, "name"),
		    extract_s(p, "precision"));
	if (strcmp(extract_s(p, "precision"), "region") != 0 &&
	    !json_is_string(json_object_get(p, "country")))
		extract_fail("place %s has no country", extract_s(p, "name"));
}

/* The output contract, for any input. */
static void
extract_check(const json_t *o, const char *text, size_t len)
{
	static const char *const ents[] = { "places", "actors", "people",
	    NULL };
	json_t		*arr, *e, *m, *d, *pl, *c;
	size_t		 i, j, k;
	char		 want[256];
	const char	*topic, *slug;

	if (!json_is_object(o))
		extract_fail("the output is not an object");
	if (strcmp(extract_s(o, "schema"), RAQIB_EXTRACT_SCHEMA) != 0)
		extract_fail("schema \"%s\"", extract_s(o, "schema"));
	d = json_object_get(o, "doc");
	if (!json_is_object(d) || json_integer_value(json_object_get(d,
	    "bytes")) != (json_int_t)len)
		extract_fail("doc.bytes is not %zu", len);
	for (k = 0; ents[k] != NULL; k++) {
		arr = json_object_get(o, ents[k]);
		if (!json_is_array(arr))
			extract_fail("\"%s\" is not an array", ents[k]);
		json_array_foreach(arr, i, e) {
			m = json_object_get(e, "mentions");
			if (!json_is_array(m) || json_array_size(m) == 0)
				extract_fail("%s[%zu] has no mentions", ents[k],
				    i);
			json_array_foreach(m, j, pl)
				extract_check_span(pl, ents[k], text, len);
			if (k == 0)
				extract_check_place(e);
		}
	}
	arr = json_object_get(o, "casualties");
	if (!json_is_array(arr))
		extract_fail("\"casualties\" is not an array");
	json_array_foreach(arr, i, c)
		extract_check_cas(c, text, len);
	arr = json_object_get(o, "events");
	if (!json_is_array(arr))
		extract_fail("\"events\" is not an array");
	json_array_foreach(arr, i, e) {
		if (!extract_in_json(json_string_value(json_object_get(e,
		    "type")), extract_types))
			extract_fail("event type %s", extract_s(e, "type"));
		json_array_foreach(json_object_get(e, "casualties"), j, c)
			extract_check_cas(c, text, len);
		/* the sentence and its span */
		m = json_object_get(e, "sentence_span");
		if (json_array_size(m) != 2)
			extract_fail("event without sentence_span");
		pl = json_pack("{s:O,s:O,s:O}", "surface",
		    json_object_get(e, "sentence"), "start", json_array_get(m, 0),
		    "end", json_array_get(m, 1));
		extract_check_span(pl, "event sentence", text, len);
		json_decref(pl);
		/* the topic: ev.<cc>.<admin1 slug or _>.<type> of its place */
		pl = json_object_get(e, "place");
		topic = extract_s(e, "topic");
		if (json_is_object(pl) && json_is_string(json_object_get(pl,
		    "country"))) {
			const char *cc = extract_s(pl, "country");

			slug = json_string_value(json_object_get(pl,
			    "admin1_slug"));
			snprintf(want, sizeof want, "ev.%c%c.%s.%s",
			    cc[0] | 0x20, cc[1] | 0x20, slug ? slug : "_",
			    extract_s(e, "type"));
			if (strcmp(topic, want) != 0)
				extract_fail("event topic %s, want %s", topic,
				    want);
		} else if (json_is_null(pl)) {
			snprintf(want, sizeof want, "ev.xx._.%s",
			    extract_s(e, "type"));
			if (strcmp(topic, want) != 0)
				extract_fail("event topic %s, want %s", topic,
				    want);
		}
	}
}

static void
extract_json_free(void)
{
	json_decref(extract_out);
	extract_out = NULL;
}

static json_t *
extract_run_doc(const char *text, size_t len, const struct extract_doc *info)
{
	extract_json_free();
	extract_text = text;
	extract_out = extract_run(extract_ex, text, len, info);
	if (extract_out == NULL)
		extract_fail("extract_run returned NULL");
	extract_check(extract_out, text, len);
	return extract_out;
}

static json_t *
extract_do(const char *text)
{
	return extract_run_doc(text, strlen(text), NULL);
}

/* Expectations on the last output. */

static json_t *
extract_find_cas(const char *kind, json_int_t value)
{
	json_t	*c, *v;
	size_t	 i;

	json_array_foreach(json_object_get(extract_out, "casualties"), i, c) {
		if (strcmp(extract_s(c, "kind"), kind) != 0)
			continue;
		v = json_object_get(c, "value");
		if (value < 0 ? json_is_null(v) : (json_is_integer(v) &&
		    json_integer_value(v) == value))
			return c;
	}
	return NULL;
}

/* A casualty of kind, value (-1: null) and qualifier. */
static json_t *
extract_expect_cas(const char *kind, json_int_t value, const char *qual)
{
	json_t	*c = extract_find_cas(kind, value);

	if (c == NULL)
		extract_fail("no casualty %s=%lld", kind, (long long)value);
	if (strcmp(extract_s(c, "qualifier"), qual) != 0)
		extract_fail("casualty %s=%lld has qualifier %s, want %s", kind,
		    (long long)value, extract_s(c, "qualifier"), qual);
	return c;
}

/* No casualty of kind at all (any value). */
static void
extract_expect_no_cas_kind(const char *kind)
{
	json_t	*c;
	size_t	 i;

	json_array_foreach(json_object_get(extract_out, "casualties"), i, c)
		if (strcmp(extract_s(c, "kind"), kind) == 0)
			extract_fail("unexpected %s casualty «%s»", kind,
			    extract_s(c, "surface"));
}

static json_t *
extract_find_event(const char *type)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(json_object_get(extract_out, "events"), i, e)
		if (strcmp(extract_s(e, "type"), type) == 0)
			return e;
	return NULL;
}

static json_t *
extract_expect_event(const char *type)
{
	json_t	*e = extract_find_event(type);

	if (e == NULL)
		extract_fail("no %s event", type);
	return e;
}

static void
extract_expect_no_event(const char *type)
{
	if (extract_find_event(type) != NULL)
		extract_fail("unexpected %s event", type);
}

static json_t *
extract_find_place(const char *name)
{
	json_t	*p;
	size_t	 i;

	json_array_foreach(json_object_get(extract_out, "places"), i, p)
		if (strcmp(extract_s(p, "name"), name) == 0)
			return p;
	return NULL;
}

/* A place by English name with its country, admin1 and precision. */
static json_t *
extract_expect_place(const char *name, const char *cc, const char *admin1,
    const char *prec)
{
	json_t	*p = extract_find_place(name);

	if (p == NULL)
		extract_fail("no place %s", name);
	if (strcmp(extract_s(p, "country"), cc) != 0)
		extract_fail("place %s: country %s, want %s", name,
		    extract_s(p, "country"), cc);
	if (strcmp(extract_s(p, "admin1"), admin1 ? admin1 : "null") != 0)
		extract_fail("place %s: admin1 %s, want %s", name,
		    extract_s(p, "admin1"), admin1 ? admin1 : "null");
	if (strcmp(extract_s(p, "precision"), prec) != 0)
		extract_fail("place %s: precision %s, want %s", name,
		    extract_s(p, "precision"), prec);
	return p;
}

static json_t *
extract_expect_actor(const char *id)
{
	json_t	*a;
	size_t	 i;

	json_array_foreach(json_object_get(extract_out, "actors"), i, a)
		if (strcmp(extract_s(a, "id"), id) == 0)
			return a;
	extract_fail("no actor %s", id);
	return NULL;
}

/* A person one of whose mentions is exactly surface. */
static json_t *
extract_expect_person(const char *surface)
{
	json_t	*p, *m;
	size_t	 i, j;

	json_array_foreach(json_object_get(extract_out, "people"), i, p)
		json_array_foreach(json_object_get(p, "mentions"), j, m)
			if (strcmp(extract_s(m, "surface"), surface) == 0)
				return p;
	extract_fail("no person «%s»", surface);
	return NULL;
}

/* No violent event and no casualty figure. */
static void
extract_expect_nothing_violent(void)
{
	json_t	*e;
	size_t	 i;

	if (json_array_size(json_object_get(extract_out, "casualties")) != 0)
		extract_fail("casualties where there are none");
	json_array_foreach(json_object_get(extract_out, "events"), i, e)
		if (extract_in_json(json_string_value(json_object_get(e, "type")),
		    extract_violent))
			extract_fail("a violent %s event where there is none",
			    extract_s(e, "type"));
}

/* Nothing at all. */
static void
extract_expect_empty(void)
{
	static const char *const keys[] = { "places", "actors", "people",
	    "casualties", "events", NULL };
	int	i;

	for (i = 0; keys[i] != NULL; i++)
		if (json_array_size(json_object_get(extract_out, keys[i])) != 0)
			extract_fail("\"%s\" is not empty", keys[i]);
}

/* The output contract. */

static void
extract_test_schema_doc(void **state)
{
	static const char *text = "قتل خمسة جنود في هجوم قرب غاو.";
	static const char *sha =
	    "4a2b8c1d0e9f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b";
	struct extract_doc info = { "news/2024/gao-attack.txt", sha, NULL };
	json_t	*o, *d;

	o = extract_run_doc(text, strlen(text), &info);
	assert_string_equal(extract_s(o, "schema"), "raqib.extract/1");
	d = json_object_get(o, "doc");
	assert_string_equal(extract_s(d, "path"), "news/2024/gao-attack.txt");
	assert_string_equal(extract_s(d, "sha256"), sha);
	assert_string_equal(extract_s(d, "encoding"), "UTF-8");
	assert_int_equal(json_integer_value(json_object_get(d, "bytes")),
	    strlen(text));

	info.encoding = "windows-1256";
	o = extract_run_doc(text, strlen(text), &info);
	assert_string_equal(extract_s(json_object_get(o, "doc"), "encoding"),
	    "windows-1256");

	/* without a description: path and sha256 are null */
	o = extract_run_doc(text, strlen(text), NULL);
	d = json_object_get(o, "doc");
	assert_true(json_is_null(json_object_get(d, "path")));
	assert_true(json_is_null(json_object_get(d, "sha256")));
	assert_string_equal(extract_s(o, "schema"), RAQIB_EXTRACT_SCHEMA);
}

static void
extract_test_spans(void **state)
{
	/* diacritics, tatweel, presentation forms, emoji, Latin, lines */
	static const char *text =
	    "\xf0\x9f\x94\xb4 عاجل | هجوم على الجيش المالي قرب غاو\n"
	    "\n"
	    "قُتِلَ سبعةُ جنودٍ ماليين وأُصيب ١٢ آخرون في كمين نصبه مسلحون من "
	    "جماعة نصرة الإسلام والمسلمين قرب بلدة أنسونغو (Ansongo) في "
	    "منطقة غاو، بحسب ما قال العقيد سليمان دمبيلي.\n"
	    "وقال شهود إن عناصر من «فاغنر» وصلوا إلى \xef\xbb\x97\xef\xba\x98"
	    "\xef\xbb\x9e المكان، وإن الجنود الـــماليين انسحبوا نحو تينزاوتين "
	    "\xf0\x9f\x91\x87\n";
	size_t	before = extract_spans;

	extract_do(text);
	/* the check ran over a real output: some spans were compared */
	if (extract_spans - before < 8)
		extract_fail("only %zu spans to check", extract_spans - before);
}

static void
extract_test_empty_input(void **state)
{
	extract_run_doc("", 0, NULL);
	extract_expect_empty();
	extract_run_doc(" ", 1, NULL);
	extract_expect_empty();
	extract_run_doc("\n\n\n", 3, NULL);
	extract_expect_empty();
}

/* 100 KB of unit repeated. */
static void
extract_run_repeated(const char *unit)
{
	size_t	 one = strlen(unit), n = 100 * 1024 / one, i;

	extract_json_free();
	assert_non_null(extract_big = malloc(n * one + 1));
	for (i = 0; i < n; i++)
		memcpy(extract_big + i * one, unit, one);
	extract_big[n * one] = '\0';
	extract_text = "(100 KB repeated)";
	extract_out = extract_run(extract_ex, extract_big, n * one, NULL);
	if (extract_out == NULL)
		extract_fail("extract_run returned NULL on 100 KB of «%s»",
		    unit);
	extract_check(extract_out, extract_big, n * one);
}

static void
extract_test_repeated_word(void **state)
{
	extract_run_repeated("هجوم ");
}

static void
extract_test_one_huge_token(void **state)
{
	extract_run_repeated("قتل");
}

static void
extract_test_repeated_sentence(void **state)
{
	extract_run_repeated("قتل 5 جنود في كمين قرب غاو. ");
}

static void
extract_test_random_bytes(void **state)
{
	unsigned char	 rnd[4096];
	uint32_t	 seed = 2024;
	size_t		 i;
	int		 round, nulls = 0, first = -1;

	/*
	 * Random bytes, NULs included; odd rounds heavy in Arabic lead
	 * bytes. Every round runs (for the sanitizers) before failing.
	 */
	for (round = 0; round < 40; round++) {
		for (i = 0; i < sizeof rnd; i++) {
			seed = seed * 1664525 + 1013904223;
			rnd[i] = (unsigned char)(seed >> 24);
			if (round % 2 == 1 && i % 3 == 0)
				rnd[i] = (unsigned char)(0xd8 + (seed >> 8) % 4);
		}
		extract_json_free();
		extract_text = "(random bytes)";
		extract_out = extract_run(extract_ex, (const char *)rnd,
		    sizeof rnd, NULL);
		if (extract_out == NULL) {
			if (first == -1)
				first = round;
			nulls++;
			continue;
		}
		extract_check(extract_out, (const char *)rnd, sizeof rnd);
	}
	if (nulls > 0)
		extract_fail("extract_run returned NULL on %d of 40 inputs of "
		    "4 KB of random bytes (first: round %d)", nulls, first);
}

/* Random sequences of the words the engine reacts to: valid UTF-8. */
static void
extract_test_random_words(void **state)
{
	static const char *const words[] = { "قتل", "مقتل", "جنود",
	    "جنديين", "خمسة", "12", "٢٠", "عشرات", "ما", "لا", "يقل", "عن",
	    "نحو", "حوالي", "أكثر", "من", "على", "الأقل", "في", "كمين",
	    "هجوم", "غاو", "جاو", "كيدال", "منطقة", "«", "»", "فاغنر",
	    "الجيش", "المالي", "جماعة", "نصرة", "الإسلام", "والمسلمين",
	    "العقيد", "سليمان", "أو", "أسروا", "وأصيب", "آخرون", "خطف",
	    "مسلحون", "مدنيا", "بين", "3", "و5", "مارس", "هل", "؟", ".", "،",
	    "\n", "قد", "يؤدي", "إلى", "اقرأ", "المزيد", "تينزاوتين", "بـ",
	    "”", "عبوة", "ناسفة", "غارة", "بطائرة", "مسيرة", "مظاهرة", "(",
	    ")", "رويترز", "قُتِلَ", "Tessit", "FAMa", "\xf0\x9f\x94\xb4",
	    "ـ", "2024", "يناير", "أمس", "بوركينا", "فاسو", "النيجر", "نيامي",
	    "لم", "يسقط", "قتلى", "جريحا", "رهائن", "الرائد", "تراوري" };
	static const size_t nwords = sizeof words / sizeof words[0];
	char		 buf[2048];
	uint32_t	 seed = 77;
	size_t		 len, k, n;
	int		 round;

	for (round = 0; round < 300; round++) {
		seed = seed * 1664525 + 1013904223;
		n = 3 + (seed >> 24) % 80;
		len = 0;
		for (k = 0; k < n; k++) {
			const char *w;

			seed = seed * 1664525 + 1013904223;
			w = words[(seed >> 16) % nwords];
			if (len + strlen(w) + 2 >= sizeof buf)
				break;
			memcpy(buf + len, w, strlen(w));
			len += strlen(w);
			if ((seed >> 8) % 5 != 0)
				buf[len++] = ' ';
		}
		buf[len] = '\0';
		extract_run_doc(buf, len, NULL);
	}
}

/* Invalid UTF-8 around real content still gives an object. */
static void
extract_test_invalid_utf8(void **state)
{
	static const char text[] = "قتل خمسة \xff جنود في هجوم \xc0\xaf قرب "
	    "غاو \xed\xa0\x80.";

	extract_run_doc(text, sizeof text - 1, NULL);
	extract_expect_place("Gao", "ML", "Gao", "town");
}

/* Casualty figures. */

static void
extract_test_killed_words(void **state)
{
	extract_do("قتل خمسة جنود في كمين نصبه مسلحون لدورية عسكرية قرب "
	    "مدينة غاو صباح الثلاثاء.");
	extract_expect_cas("killed", 5, "exact");
}

static void
extract_test_killed_digits(void **state)
{
	extract_do("قتل 7 جنود ماليين في هجوم شنه مسلحون على نقطة تفتيش "
	    "قرب بلدة أنسونغو.");
	extract_expect_cas("killed", 7, "exact");
	extract_expect_actor("fama");
}

static void
extract_test_killed_dual(void **state)
{
	extract_do("أعلن الجيش المالي مقتل جنديين في هجوم على موقع عسكري "
	    "قرب بلدة تيسيت.");
	extract_expect_cas("killed", 2, "exact");
}

static void
extract_test_killed_vague(void **state)
{
	json_t	*c;

	extract_do("قتل عشرات المدنيين في هجوم شنه مسلحون على قرية في "
	    "منطقة موبتي وسط مالي.");
	c = extract_expect_cas("killed", -1, "vague");
	if (strcmp(extract_s(c, "vague"), "عشرات") != 0)
		extract_fail("vague word %s, want عشرات", extract_s(c, "vague"));
}

static void
extract_test_qual_at_least(void **state)
{
	extract_do("قتل ما لا يقل عن 15 مدنيا في هجوم على سوق أسبوعي قرب "
	    "مدينة جيبو.");
	extract_expect_cas("killed", 15, "at_least");
}

static void
extract_test_qual_at_least_after(void **state)
{
	extract_do("قتل 15 مدنيا على الأقل في هجوم على سوق أسبوعي قرب "
	    "مدينة جيبو.");
	extract_expect_cas("killed", 15, "at_least");
}

static void
extract_test_qual_about_nahw(void **state)
{
	extract_do("قتل نحو 20 جنديا في اشتباكات عنيفة مع مسلحين في ولاية "
	    "تيلابيري غربي النيجر.");
	extract_expect_cas("killed", 20, "about");
}

static void
extract_test_qual_about_hawali(void **state)
{
	extract_do("قتل حوالي 30 شخصا في هجوم مسلح على قرية قرب مدينة كايا.");
	extract_expect_cas("killed", 30, "about");
}

static void
extract_test_qual_more_than(void **state)
{
	extract_do("قتل أكثر من 40 مدنيا في هجوم على قريتين في شمال "
	    "بوركينا فاسو.");
	extract_expect_cas("killed", 40, "at_least");
}

static void
extract_test_qual_nominal(void **state)
{
	/* a qualifier after the noun مقتل */
	extract_do("أسفر الهجوم عن مقتل ما لا يقل عن 12 جنديا قرب بلدة "
	    "تيسيت.");
	extract_expect_cas("killed", 12, "at_least");
}

/* لقي خمسة مدنيين حتفهم: the figure between the verb and its noun; the
 * wounded after it are a figure of their own, not combined with it. */
static void
extract_test_figure_before_death_noun(void **state)
{
	extract_do("لقي خمسة مدنيين حتفهم وأصيب آخرون بجروح إثر انفجار عبوة "
	    "ناسفة استهدفت حافلة ركاب قرب مدينة موبتي صباح الأحد.");
	extract_expect_cas("killed", 5, "exact");
	extract_expect_no_cas_kind("combined");
}

/* A suicide car bomb on a base is one incident, told by its most
 * specific type (events.json "absorbs"). */
static void
extract_test_one_incident_one_type(void **state)
{
	extract_do("استهدف هجوم انتحاري بسيارة مفخخة معسكرا للجيش التشادي "
	    "في منطقة بحيرة تشاد فجر الاثنين، ما أدى إلى مقتل 17 جنديا.");
	extract_expect_event("suicide_bombing");
	extract_expect_no_event("ied_explosion");
	extract_expect_no_event("attack_on_base");
}

/* The doer between the verb and what it took: سيطر مقاتلو التنظيم على. */
static void
extract_test_territory_subject_between(void **state)
{
	extract_do("سيطر مقاتلو تنظيم داعش على بلدة ميناكا بعد معارك عنيفة "
	    "مع حركة إنقاذ أزواد.");
	extract_expect_event("territory_change");
	extract_expect_actor("islamic_state");
}

static void
extract_test_figure_before_verb(void **state)
{
	extract_do("سبعة مدنيين قتلوا في هجوم مسلح استهدف حافلة قرب بلدة "
	    "جيبو.");
	extract_expect_cas("killed", 7, "exact");
}

static void
extract_test_combined(void **state)
{
	extract_do("وقال مصدر أمني إن 25 جنديا قتلوا أو أسروا خلال الهجوم "
	    "على معسكر الجيش في تيسيت.");
	extract_expect_cas("combined", 25, "exact");
	extract_expect_no_cas_kind("captured");
}

static void
extract_test_wounded(void **state)
{
	extract_do("قتل ثلاثة جنود وأصيب 12 آخرون في انفجار عبوة ناسفة "
	    "استهدفت آليتهم على طريق غاو.");
	extract_expect_cas("killed", 3, "exact");
	extract_expect_cas("wounded", 12, "exact");
}

static void
extract_test_kidnapped(void **state)
{
	extract_do("خطف مسلحون 11 مدنيا من قرية قرب مدينة ميناكا شمال شرقي "
	    "مالي.");
	extract_expect_cas("kidnapped", 11, "exact");
	extract_expect_event("kidnapping");
}

static void
extract_test_kidnapped_ikhtataf(void **state)
{
	extract_do("اختطف مسلحون مجهولون 8 مدنيين على الطريق بين غاو "
	    "وأنسونغو.");
	extract_expect_cas("kidnapped", 8, "exact");
}

static void
extract_test_arabic_indic(void **state)
{
	extract_do("قتل ٢٠ مدنيا في هجوم على قرية بمنطقة موبتي.");
	extract_expect_cas("killed", 20, "exact");
}

static void
extract_test_counted_noun(void **state)
{
	/* the counted noun: ten dead */
	extract_do("خلف الهجوم على قرية قرب كايا 10 قتلى.");
	extract_expect_cas("killed", 10, "exact");
}

/* Places. */

static void
extract_test_place_gao(void **state)
{
	extract_do("قتل 4 جنود في هجوم على قافلة قرب مدينة غاو.");
	extract_expect_place("Gao", "ML", "Gao", "town");
	extract_do("قتل 4 جنود في هجوم على قافلة قرب مدينة جاو.");
	extract_expect_place("Gao", "ML", "Gao", "town");
}

static void
extract_test_place_burkina(void **state)
{
	extract_do("هاجم مسلحون بلدة جيبو في شمال بوركينا فاسو فجر الأحد.");
	extract_expect_place("Djibo", "BF", "Sahel", "town");
	extract_do("قتل حوالي 30 شخصا في هجوم مسلح على قرية قرب مدينة كايا.");
	extract_expect_place("Kaya", "BF", "Centre-Nord", "town");
}

static void
extract_test_place_niamey(void **state)
{
	extract_do("تظاهر آلاف الأشخاص في نيامي للمطالبة برحيل القوات "
	    "الأجنبية.");
	extract_expect_place("Niamey", "NE", "Niamey", "town");
}

static void
extract_test_place_admin1(void **state)
{
	extract_do("قتل 6 جنود في هجوم على قافلة عسكرية في منطقة كيدال.");
	extract_expect_place("Kidal", "ML", "Kidal", "admin1");
	extract_do("قتل نحو 20 جنديا في اشتباكات عنيفة مع مسلحين في ولاية "
	    "تيلابيري غربي النيجر.");
	extract_expect_place("Tillabéri", "NE", "Tillabéri", "admin1");
}

static void
extract_test_place_fuzzy(void **state)
{
	json_t	*p;

	/* تنزاوتين is not a lexicon spelling of Tinzaouaten */
	extract_do("قتل أربعة مدنيين في هجوم على بلدة تنزاوتين في أقصى شمال "
	    "مالي.");
	p = extract_expect_place("Tinzaouaten", "ML", "Kidal", "town");
	if (strcmp(extract_s(json_array_get(json_object_get(p, "mentions"), 0),
	    "surface"), "تنزاوتين") != 0)
		extract_fail("the fuzzy mention is not «تنزاوتين»");
	/* أنسونقو: a ق for the g of Ansongo */
	extract_do("قتل ثلاثة رعاة في هجوم على مخيم قرب أنسونقو.");
	extract_expect_place("Ansongo", "ML", "Gao", "town");
}

/* Actors and people. */

static void
extract_test_actors(void **state)
{
	extract_do("وأعلنت جماعة نصرة الإسلام والمسلمين مسؤوليتها عن "
	    "الهجوم الذي استهدف الجيش المالي قرب تمبكتو.");
	extract_expect_actor("jnim");
	extract_expect_actor("fama");
	extract_expect_place("Tombouctou", "ML", "Tombouctou", "town");
}

static void
extract_test_actor_quoted(void **state)
{
	extract_do("وقال شهود إن عناصر من «فاغنر» رافقوا الجنود خلال "
	    "العملية قرب كيدال.");
	extract_expect_actor("wagner");
}

static void
extract_test_person_title(void **state)
{
	extract_do("وقال العقيد سليمان دمبيلي المتحدث باسم الجيش إن القوات "
	    "صدت الهجوم.");
	extract_expect_person("سليمان دمبيلي");
	extract_do("وأكد الرائد موسى كوناتي أن الوحدة عادت إلى قاعدتها.");
	extract_expect_person("موسى كوناتي");
}

/* Event types. */

static void
extract_test_event_ambush(void **state)
{
	json_t	*e;

	extract_do("نصب مسلحون كمينا لقافلة عسكرية قرب بلدة تيسيت.");
	e = extract_expect_event("ambush");
	if (strcmp(extract_s(e, "topic"), "ev.ml.gao.ambush") != 0)
		extract_fail("ambush topic %s, want ev.ml.gao.ambush",
		    extract_s(e, "topic"));
}

/* One ambush, one event: not also an armed clash. */
static void
extract_test_event_one_per_incident(void **state)
{
	extract_do("قتل خمسة جنود في كمين نصبه مسلحون لدورية عسكرية قرب "
	    "مدينة غاو صباح الثلاثاء.");
	extract_expect_event("ambush");
	if (json_array_size(json_object_get(extract_out, "events")) != 1)
		extract_fail("%zu events for one ambush",
		    json_array_size(json_object_get(extract_out, "events")));
}

static void
extract_test_event_ied(void **state)
{
	extract_do("انفجرت عبوة ناسفة بمركبة تقل جنودا على الطريق بين غاو "
	    "وأنسونغو.");
	extract_expect_event("ied_explosion");
}

static void
extract_test_event_drone(void **state)
{
	extract_do("قتل ستة مدنيين في غارة بطائرة مسيرة استهدفت سوقا قرب "
	    "بلدة تيسيت.");
	extract_expect_event("air_or_drone_strike");
	extract_expect_cas("killed", 6, "exact");
	/* مسيرة here is a drone, not a march */
	extract_expect_no_event("protest");
}

static void
extract_test_event_protest(void **state)
{
	extract_do("خرجت مظاهرة حاشدة في باماكو تنديدا بالعقوبات "
	    "الاقتصادية.");
	extract_expect_event("protest");
	extract_expect_place("Bamako", "ML", "Bamako", "town");
	extract_expect_nothing_violent();
	extract_do("تظاهر آلاف الأشخاص في نيامي للمطالبة برحيل القوات "
	    "الأجنبية.");
	extract_expect_event("protest");
	extract_expect_nothing_violent();
}

static void
extract_test_date_range(void **state)
{
	static const char *const t[][3] = {
		{ "قتل 9 جنود في سلسلة هجمات وقعت بين 3 و5 مارس في منطقة "
		    "ميناكا.", "--03-03", "--03-05" },
		/* a list of days is the days from the first to the last */
		{ "قتل 9 جنود في معارك جرت أيام 25 و26 و27 يوليو في منطقة "
		    "ميناكا.", "--07-25", "--07-27" },
		/* since a day: from it to the report, an open end */
		{ "قتل 9 جنود في معارك مستمرة منذ 22 يوليو في منطقة ميناكا.",
		    "--07-22", ".." },
	};
	json_t	*e, *d;
	size_t	 i, k;

	for (k = 0; k < sizeof t / sizeof t[0]; k++) {
		extract_do(t[k][0]);
		extract_expect_cas("killed", 9, "exact");
		if (json_array_size(json_object_get(extract_out, "events")) == 0)
			extract_fail("no event");
		json_array_foreach(json_object_get(extract_out, "events"), i, e) {
			d = json_object_get(e, "date");
			if (strcmp(extract_s(d, "start"), t[k][1]) != 0 ||
			    strcmp(extract_s(d, "end"), t[k][2]) != 0)
				extract_fail("%s event dated %s..%s, want %s..%s",
				    extract_s(e, "type"), extract_s(d, "start"),
				    extract_s(d, "end"), t[k][1], t[k][2]);
		}
	}
}

/* Where a source spoke is not where the incident was. */
static void
extract_test_source_place(void **state)
{
	json_t	*e;
	size_t	 i;

	(void)state;
	extract_do("أكد مسؤول أمني لفرانس برس في نيامي أن مسلحين خطفوا "
	    "ثلاثة عمال أجانب أمس.");
	if (json_array_size(json_object_get(extract_out, "events")) == 0)
		extract_fail("no event");
	json_array_foreach(json_object_get(extract_out, "events"), i, e)
		if (strcmp(extract_s(json_object_get(e, "place"), "name"),
		    "Niamey") == 0)
			extract_fail("%s event placed where AFP was told",
			    extract_s(e, "type"));
}

/* What must yield no violent event and no casualty. */

static void
extract_test_neg_threat(void **state)
{
	extract_do("هدد المسلحون بقتل الرهائن إذا لم تدفع الحكومة الفدية "
	    "خلال أسبوع.");
	extract_expect_nothing_violent();
}

static void
extract_test_neg_metaphor(void **state)
{
	extract_do("شن الوزير هجوما إعلاميا على المعارضة خلال مؤتمر صحفي في "
	    "باماكو.");
	extract_expect_nothing_violent();
}

static void
extract_test_neg_question(void **state)
{
	extract_do("هل قتل الجنود الخمسة في الهجوم على غاو؟");
	extract_expect_nothing_violent();
}

static void
extract_test_neg_hypothetical(void **state)
{
	extract_do("قد يؤدي الهجوم إلى مقتل العشرات في منطقة غاو.");
	extract_expect_nothing_violent();
}

static void
extract_test_neg_boilerplate(void **state)
{
	extract_do("اقرأ المزيد");
	extract_expect_empty();
	extract_do("مقالات ذات صلة");
	extract_expect_empty();
	/* a teaser line is boilerplate too */
	extract_do("اقرأ المزيد: مقتل 10 جنود في كمين قرب غاو");
	extract_expect_nothing_violent();
}

/* A short article: the title, the body, and its boilerplate. */
static void
extract_test_article(void **state)
{
	extract_do(
	    "مقتل 8 جنود في هجوم على معسكر للجيش شمالي بوركينا فاسو\n"
	    "\n"
	    "قتل 8 جنود وأصيب 5 آخرون في هجوم شنه مسلحون على معسكر للجيش "
	    "قرب بلدة جيبو في شمال بوركينا فاسو، بحسب مصادر أمنية.\n"
	    "وقالت المصادر إن المهاجمين انسحبوا بعد اشتباكات استمرت ساعتين.\n"
	    "اقرأ المزيد\n"
	    "مقالات ذات صلة\n");
	json_t	*c;
	size_t	 i, n = 0;

	extract_expect_cas("killed", 8, "exact");
	extract_expect_cas("wounded", 5, "exact");
	extract_expect_place("Djibo", "BF", "Sahel", "town");
	extract_expect_event("attack_on_base");
	/* the title and the body report one figure: one entry */
	json_array_foreach(json_object_get(extract_out, "casualties"), i, c)
		if (strcmp(extract_s(c, "kind"), "killed") == 0 &&
		    json_integer_value(json_object_get(c, "value")) == 8)
			n++;
	if (n != 1)
		extract_fail("%zu entries for the one figure of 8 killed", n);
}

/*
 * A first line of a few tokens ending in ")" with no "(": the caption
 * check in extract_mark must not walk before the first token.
 */
static void
extract_test_first_line_paren(void **state)
{
	extract_do("شكرا :)\nقتل 5 جنود في كمين قرب غاو.");
	extract_expect_cas("killed", 5, "exact");
	extract_do("غاو )");
}

/*
 * A fresh engine whose first document matches nothing at all (no
 * mention was ever allocated). Last in the list: under
 * -DRAQIB_SANITIZE=ON an undefined-behaviour report ends the program.
 */
static void
extract_test_fresh_engine(void **state)
{
	struct extract	*fresh, *saved = extract_ex;
	char		*cause = NULL;

	fresh = extract_new(RAQIB_TEST_LEXICON, &cause);
	if (fresh == NULL)
		fail_msg("extract_new: %s", cause ? cause : "?");
	extract_ex = fresh;
	extract_run_doc("hello", 5, NULL);
	extract_ex = saved;
	extract_free(fresh);
	extract_expect_empty();
}

#define EXTRACT_TEST(f) \
	cmocka_unit_test_teardown(f, extract_test_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		EXTRACT_TEST(extract_test_schema_doc),
		EXTRACT_TEST(extract_test_spans),
		EXTRACT_TEST(extract_test_empty_input),
		EXTRACT_TEST(extract_test_repeated_word),
		EXTRACT_TEST(extract_test_one_huge_token),
		EXTRACT_TEST(extract_test_repeated_sentence),
		EXTRACT_TEST(extract_test_random_bytes),
		EXTRACT_TEST(extract_test_invalid_utf8),
		EXTRACT_TEST(extract_test_killed_words),
		EXTRACT_TEST(extract_test_killed_digits),
		EXTRACT_TEST(extract_test_killed_dual),
		EXTRACT_TEST(extract_test_killed_vague),
		EXTRACT_TEST(extract_test_qual_at_least),
		EXTRACT_TEST(extract_test_qual_at_least_after),
		EXTRACT_TEST(extract_test_qual_about_nahw),
		EXTRACT_TEST(extract_test_qual_about_hawali),
		EXTRACT_TEST(extract_test_qual_more_than),
		EXTRACT_TEST(extract_test_qual_nominal),
		EXTRACT_TEST(extract_test_figure_before_verb),
		EXTRACT_TEST(extract_test_figure_before_death_noun),
		EXTRACT_TEST(extract_test_one_incident_one_type),
		EXTRACT_TEST(extract_test_territory_subject_between),
		EXTRACT_TEST(extract_test_combined),
		EXTRACT_TEST(extract_test_wounded),
		EXTRACT_TEST(extract_test_kidnapped),
		EXTRACT_TEST(extract_test_kidnapped_ikhtataf),
		EXTRACT_TEST(extract_test_arabic_indic),
		EXTRACT_TEST(extract_test_counted_noun),
		EXTRACT_TEST(extract_test_place_gao),
		EXTRACT_TEST(extract_test_place_burkina),
		EXTRACT_TEST(extract_test_place_niamey),
		EXTRACT_TEST(extract_test_place_admin1),
		EXTRACT_TEST(extract_test_place_fuzzy),
		EXTRACT_TEST(extract_test_actors),
		EXTRACT_TEST(extract_test_actor_quoted),
		EXTRACT_TEST(extract_test_person_title),
		EXTRACT_TEST(extract_test_event_ambush),
		EXTRACT_TEST(extract_test_event_one_per_incident),
		EXTRACT_TEST(extract_test_event_ied),
		EXTRACT_TEST(extract_test_event_drone),
		EXTRACT_TEST(extract_test_event_protest),
		EXTRACT_TEST(extract_test_date_range),
		EXTRACT_TEST(extract_test_source_place),
		EXTRACT_TEST(extract_test_neg_threat),
		EXTRACT_TEST(extract_test_neg_metaphor),
		EXTRACT_TEST(extract_test_neg_question),
		EXTRACT_TEST(extract_test_neg_hypothetical),
		EXTRACT_TEST(extract_test_neg_boilerplate),
		EXTRACT_TEST(extract_test_article),
		/* these have crashed the engine: last, not to hide the rest */
		EXTRACT_TEST(extract_test_first_line_paren),
		EXTRACT_TEST(extract_test_random_words),
		EXTRACT_TEST(extract_test_fresh_engine),
	};

	return cmocka_run_group_tests_name("extract", tests, extract_setup,
	    extract_teardown);
}
