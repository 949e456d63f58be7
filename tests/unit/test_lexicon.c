/*
 * Unit tests of the lexicon (lexicon.c, lx-*.c): the real lexicon loads,
 * and a broken lexicon is refused with a cause naming the file and the
 * entry. Each failure case works on a copy of config/lexicon in a
 * temporary directory.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "lexicon.h"

#ifndef RAQIB_TEST_LEXICON
#error RAQIB_TEST_LEXICON must name the source lexicon directory
#endif

/* The temporary copy of the lexicon of the running test. */
static char	lexicon_tmp[64];

static void
lexicon_copy_file(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 buf[65536];
	size_t	 n;

	if ((in = fopen(from, "rb")) == NULL)
		fail_msg("open %s: %s", from, strerror(errno));
	if ((out = fopen(to, "wb")) == NULL) {
		fclose(in);
		fail_msg("create %s: %s", to, strerror(errno));
	}
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			break;
	assert_false(ferror(in));
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* Copies the lexicon's regular files into a new temporary directory. */
static int
lexicon_setup(void **state)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		 from[4096], to[4096];

	snprintf(lexicon_tmp, sizeof lexicon_tmp, "/tmp/raqib-lex-XXXXXX");
	if (mkdtemp(lexicon_tmp) == NULL)
		return -1;
	if ((d = opendir(RAQIB_TEST_LEXICON)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		snprintf(from, sizeof from, "%s/%s", RAQIB_TEST_LEXICON,
		    de->d_name);
		if (stat(from, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;
		snprintf(to, sizeof to, "%s/%s", lexicon_tmp, de->d_name);
		lexicon_copy_file(from, to);
	}
	closedir(d);
	return 0;
}

static int
lexicon_teardown(void **state)
{
	DIR		*d;
	struct dirent	*de;
	char		 path[4096];

	if (lexicon_tmp[0] == '\0')
		return 0;
	if ((d = opendir(lexicon_tmp)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof path, "%s/%s", lexicon_tmp,
			    de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	if (rmdir(lexicon_tmp) == -1) {
		fprintf(stderr, "rmdir %s: %s\n", lexicon_tmp, strerror(errno));
		return -1;
	}
	lexicon_tmp[0] = '\0';
	return 0;
}

static json_t *
lexicon_json_load(const char *file)
{
	char		 path[4096];
	json_error_t	 err;
	json_t		*root;

	snprintf(path, sizeof path, "%s/%s", lexicon_tmp, file);
	if ((root = json_load_file(path, 0, &err)) == NULL)
		fail_msg("%s: %s", path, err.text);
	return root;
}

static void
lexicon_json_save(const char *file, json_t *root)
{
	char	path[4096];

	snprintf(path, sizeof path, "%s/%s", lexicon_tmp, file);
	assert_int_equal(json_dump_file(root, path, JSON_INDENT(1)), 0);
	json_decref(root);
}

/* The entry of array key in root whose field is value. */
static json_t *
lexicon_entry(json_t *root, const char *key, const char *field,
    const char *value)
{
	json_t	*arr = json_object_get(root, key), *e;
	size_t	 i;

	json_array_foreach(arr, i, e)
		if (json_is_string(json_object_get(e, field)) &&
		    strcmp(json_string_value(json_object_get(e, field)),
		    value) == 0)
			return e;
	fail_msg("no %s with %s \"%s\"", key, field, value);
	return NULL;
}

static void
lexicon_write(const char *file, const char *text)
{
	char	 path[4096];
	FILE	*f;

	snprintf(path, sizeof path, "%s/%s", lexicon_tmp, file);
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/*
 * extract_new on the temporary lexicon must fail with a cause holding
 * every string of the NULL-terminated list.
 */
static void
lexicon_expect_failure(const char *what, ...)
{
	struct extract	*ex;
	char		*cause = NULL, msg[2048];
	const char	*s, *missing = NULL;
	va_list		 ap;

	ex = extract_new(lexicon_tmp, &cause);
	if (ex != NULL) {
		extract_free(ex);
		fail_msg("%s: the lexicon loaded", what);
	}
	if (cause == NULL)
		fail_msg("%s: extract_new failed without a cause", what);
	va_start(ap, what);
	while ((s = va_arg(ap, const char *)) != NULL)
		if (missing == NULL && strstr(cause, s) == NULL)
			missing = s;
	va_end(ap);
	snprintf(msg, sizeof msg, "%s", cause);
	free(cause);
	if (missing != NULL)
		fail_msg("%s: the cause \"%s\" does not mention \"%s\"", what,
		    msg, missing);
	print_message("      %s: %s\n", what, msg);
}

static void
lexicon_test_real_loads(void **state)
{
	static const char text[] = "\xd9\x88\xd9\x83\xd9\x8a\xd8\xaf"
	    "\xd8\xa7\xd9\x84";	/* وكيدال: a name with a clitic */
	struct extract	*ex;
	json_t		*x;
	char		*cause = NULL;

	ex = extract_new(RAQIB_TEST_LEXICON, &cause);
	if (ex == NULL)
		fail_msg("%s: %s", RAQIB_TEST_LEXICON, cause ? cause : "?");
	assert_null(cause);
	/* the engine reads with it */
	assert_non_null(x = extract_run(ex, text, strlen(text), NULL));
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(x, "places"), 0), "name")), "Kidal");
	json_decref(x);
	extract_free(ex);
}

static void
lexicon_test_tables(void **state)
{
	struct lexicon		*lx;
	const struct lx_tables	*t;
	char			*cause = NULL;
	int			 ml, bf, fama, i;
	size_t			 k;

	lx = lexicon_load(RAQIB_TEST_LEXICON, &cause);
	if (lx == NULL)
		fail_msg("%s", cause ? cause : "?");
	t = lexicon_tables(lx);
	assert_true(t->ncountry > 200);
	assert_true(t->nadmin1 > 0);
	assert_true(t->nplace > 0);
	assert_true(t->nactor > 0);
	assert_true(t->nevtype > 0);

	ml = lexicon_country_find(lx, "ML");
	assert_true(ml >= 0);
	assert_string_equal(t->country[ml].cc, "ML");
	assert_string_equal(t->country[ml].name, "Mali");
	assert_int_equal(lexicon_country_find(lx, "ml"), ml);
	bf = lexicon_country_find(lx, "BF");
	assert_true(bf >= 0 && bf != ml);
	assert_int_equal(lexicon_country_find(lx, "QQ"), -1);
	assert_int_equal(lexicon_country_find(lx, "MLI"), -1);
	assert_int_equal(lexicon_country_find(lx, ""), -1);
	assert_int_equal(lexicon_country_find(lx, NULL), -1);

	fama = lexicon_actor_find(lx, "fama");
	assert_true(fama >= 0);
	assert_string_equal(t->actor[fama].id, "fama");
	assert_int_equal(t->country[ml].army, fama);
	assert_int_equal(lexicon_actor_find(lx, "no_such_actor"), -1);

	i = lexicon_evtype_find(lx, "ambush");
	assert_true(i >= 0);
	assert_string_equal(t->evtype[i].id, "ambush");
	assert_true(t->evtype[i].violent);
	i = lexicon_evtype_find(lx, "protest");
	assert_true(i >= 0);
	assert_false(t->evtype[i].violent);
	assert_int_equal(lexicon_evtype_find(lx, "alien_landing"), -1);

	/* every place of a covered country has its admin1 in that country */
	for (k = 0; k < t->nplace; k++)
		if (t->place[k].admin1 >= 0 &&
		    t->admin1[t->place[k].admin1].country != t->place[k].country)
			fail_msg("place %s: admin1 %s of another country",
			    t->place[k].name, t->admin1[t->place[k].admin1].code);
	lexicon_free(lx);
}

static void
lexicon_test_copy_loads(void **state)
{
	struct extract	*ex;
	char		*cause = NULL;

	/* the copy itself is sound: failures below come from the edits */
	ex = extract_new(lexicon_tmp, &cause);
	if (ex == NULL)
		fail_msg("%s: %s", lexicon_tmp, cause ? cause : "?");
	extract_free(ex);
}

static void
lexicon_test_unknown_key(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gao"),
	    "population", json_integer(87000));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("unknown key in places.json", "places.json",
	    "Gao", "population", NULL);
}

/* A key a file does not know at its top level is refused, in every file
 * (event_types.json once took any). */
static void
lexicon_test_unknown_top_key(void **state)
{
	static const char *files[] = { "event_types.json", "countries.json",
	    "admin1.json", "places.json", "gazetteer.json", "regions.json",
	    "actors.json", "people.json", "numbers.json", "dates.json",
	    "events.json", "casualties.json", "titles.json", "context.json" };
	json_t	*root;
	size_t	 i;

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		root = lexicon_json_load(files[i]);
		json_object_set_new(root, "x", json_true());
		lexicon_json_save(files[i], json_incref(root));
		lexicon_expect_failure(files[i], files[i], "unknown key \"x\"",
		    NULL);
		json_object_del(root, "x");
		lexicon_json_save(files[i], root);
	}
}

/* An empty key once sent the key check round for ever (fuzz_lexicon). */
static void
lexicon_test_empty_key(void **state)
{
	json_t	*root = lexicon_json_load("event_types.json");

	json_object_set_new(json_array_get(json_object_get(root,
	    "event_types"), 0), "", json_string("x"));
	lexicon_json_save("event_types.json", root);
	lexicon_expect_failure("an empty key in event_types.json",
	    "event_types.json", "empty key", NULL);
}

static void
lexicon_test_wrong_type(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gao"),
	    "lat", json_string("16.27"));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("lat as a string", "places.json", "Gao", "lat",
	    NULL);
}

static void
lexicon_test_bad_nisba_also(void **state)
{
	json_t	*root = lexicon_json_load("countries.json");

	json_object_set_new(lexicon_entry(root, "countries", "cc", "NG"),
	    "nisba_also", json_string("QQ"));
	lexicon_json_save("countries.json", root);
	lexicon_expect_failure("nisba_also naming no country",
	    "countries.json", "NG", "nisba_also", NULL);
}

/* gazetteer.json: coordinates may be absent, but not one without the other;
 * its Arabic is a source's or the rule's, said so. */
static void
lexicon_test_gazetteer_half_coords(void **state)
{
	json_t	*root = lexicon_json_load("gazetteer.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gorgadji"),
	    "lat", json_real(14.03));
	lexicon_json_save("gazetteer.json", root);
	lexicon_expect_failure("lat without lon", "gazetteer.json", "Gorgadji",
	    "lat and lon", NULL);
}

static void
lexicon_test_gazetteer_ar_from(void **state)
{
	json_t	*root = lexicon_json_load("gazetteer.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gorgadji"),
	    "ar_from", json_string("guess"));
	lexicon_json_save("gazetteer.json", root);
	lexicon_expect_failure("ar_from guess", "gazetteer.json", "Gorgadji",
	    "ar_from", NULL);
}

static void
lexicon_test_out_of_range(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Kidal"),
	    "lon", json_real(181.5));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("lon out of range", "places.json", "Kidal",
	    "lon", NULL);
}

static void
lexicon_test_unknown_country(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gao"),
	    "cc", json_string("QQ"));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("unknown country code", "places.json", "Gao",
	    "QQ", NULL);
}

static void
lexicon_test_unknown_admin1(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(lexicon_entry(root, "places", "name", "Gao"),
	    "admin1", json_string("ML-99"));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("unknown admin1", "places.json", "Gao", "ML-99",
	    NULL);
}

static void
lexicon_test_unknown_event_type(void **state)
{
	json_t	*root = lexicon_json_load("events.json");
	json_t	*trig = json_array_get(json_object_get(root, "triggers"), 0);

	assert_non_null(trig);
	json_object_set_new(trig, "type", json_string("alien_landing"));
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("unknown event type", "events.json",
	    "alien_landing", NULL);
}

static void
lexicon_test_unknown_absorbed_type(void **state)
{
	json_t	*root = lexicon_json_load("events.json");

	json_array_append_new(json_object_get(json_object_get(root, "absorbs"),
	    "suicide_bombing"), json_string("alien_landing"));
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("unknown absorbed type", "events.json",
	    "absorbs.suicide_bombing", NULL);
}

static void
lexicon_test_unknown_violent_type(void **state)
{
	json_t	*root = lexicon_json_load("events.json");

	json_array_append_new(json_object_get(root, "violent"),
	    json_string("alien_landing"));
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("unknown violent type", "events.json",
	    "alien_landing", NULL);
}

/* The rules' flags on event types are true or false. */
static void
lexicon_test_type_flag(void **state)
{
	json_t	*root = lexicon_json_load("event_types.json");

	json_object_set_new(lexicon_entry(root, "event_types", "id", "siege"),
	    "reported_in_imperfect", json_string("yes"));
	lexicon_json_save("event_types.json", root);
	lexicon_expect_failure("a type flag not a boolean", "event_types.json",
	    "reported_in_imperfect", "true or false", NULL);
}

/* The figure rules' word lists hold single words, compared whole. */
static void
lexicon_test_word_list(void **state)
{
	json_t	*root = lexicon_json_load("casualties.json");

	json_array_append_new(json_object_get(root, "among"),
	    json_string("من بينهم"));
	lexicon_json_save("casualties.json", root);
	lexicon_expect_failure("a phrase in a word list", "casualties.json",
	    "among[3]", "not one word", NULL);
}

static void
lexicon_test_actor_unknown_key(void **state)
{
	json_t	*root = lexicon_json_load("actors.json");

	json_object_set_new(lexicon_entry(root, "actors", "id", "jnim"),
	    "founded", json_integer(2017));
	lexicon_json_save("actors.json", root);
	lexicon_expect_failure("unknown key in actors.json", "actors.json",
	    "jnim", "founded", NULL);
}

static void
lexicon_test_malformed(void **state)
{
	static const char *text =
	    "{\n"
	    "  \"schema\": \"raqib.places/1\",\n"
	    "  \"places\": [\n"
	    "    {\"name\": \"Gao\" \"cc\": \"ML\"}\n"
	    "  ]\n"
	    "}\n";
	json_error_t	 err;
	json_t		*j;
	char		 where[64];

	/* where jansson itself places the error */
	j = json_loads(text, 0, &err);
	assert_null(j);
	assert_int_equal(err.line, 4);
	snprintf(where, sizeof where, "line %d column %d", err.line,
	    err.column);
	lexicon_write("places.json", text);
	lexicon_expect_failure("malformed JSON", "places.json", where, NULL);
}

static void
lexicon_test_missing_file(void **state)
{
	char	path[4096];

	snprintf(path, sizeof path, "%s/dates.json", lexicon_tmp);
	assert_int_equal(unlink(path), 0);
	lexicon_expect_failure("missing file", "dates.json", NULL);
}

static void
lexicon_test_wrong_schema(void **state)
{
	json_t	*root = lexicon_json_load("places.json");

	json_object_set_new(root, "schema", json_string("raqib.places/9"));
	lexicon_json_save("places.json", root);
	lexicon_expect_failure("wrong schema", "places.json", "schema",
	    "raqib.places/1", NULL);
}

static void
lexicon_test_bad_marker(void **state)
{
	json_t	*root = lexicon_json_load("events.json");
	json_t	*trig = json_array_get(json_object_get(root, "triggers"), 0);
	json_t	*ar = json_object_get(trig, "ar");

	assert_non_null(ar);
	json_array_append_new(ar, json_string("قتال~q"));
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("unknown pattern marker", "events.json",
	    "قتال~q", NULL);
}

static void
lexicon_test_missing_dir(void **state)
{
	struct extract	*ex;
	char		*cause = NULL;

	ex = extract_new("/nonexistent/raqib/lexicon", &cause);
	assert_null(ex);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/nonexistent/raqib/lexicon"));
	free(cause);
}

/* Removes the entries of array key in root whose field is value. */
static void
lexicon_drop(json_t *root, const char *key, const char *field,
    const char *value)
{
	json_t	*arr = json_object_get(root, key), *e;
	size_t	 i;

	for (i = 0; i < json_array_size(arr); ) {
		e = json_array_get(arr, i);
		if (json_is_string(json_object_get(e, field)) &&
		    strcmp(json_string_value(json_object_get(e, field)),
		    value) == 0)
			json_array_remove(arr, i);
		else
			i++;
	}
}

/* A lexicon without "kidnapping" at all is well formed, but the rules in
 * event.c name that type: the contract check refuses it. */
static void
lexicon_test_contract_event_type(void **state)
{
	json_t	*root = lexicon_json_load("event_types.json");
	json_t	*vl;
	size_t	 i;

	lexicon_drop(root, "event_types", "id", "kidnapping");
	lexicon_json_save("event_types.json", root);
	root = lexicon_json_load("events.json");
	lexicon_drop(root, "triggers", "type", "kidnapping");
	vl = json_object_get(root, "violent");
	for (i = 0; i < json_array_size(vl); i++)
		if (strcmp(json_string_value(json_array_get(vl, i)),
		    "kidnapping") == 0)
			json_array_remove(vl, i--);
	json_object_del(json_object_get(root, "labels"), "kidnapping");
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("contract: event type", "event_types.json",
	    "event type \"kidnapping\" is missing", NULL);
}

static void
lexicon_test_contract_actor_kind(void **state)
{
	json_t	*root = lexicon_json_load("actors.json");
	json_t	*e;
	size_t	 i;

	json_array_foreach(json_object_get(root, "actors"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "kind")),
		    "separatist") == 0)
			json_object_set_new(e, "kind", json_string("rebel"));
	lexicon_json_save("actors.json", root);
	lexicon_expect_failure("contract: actor kind", "actors.json",
	    "actor kind \"separatist\"", NULL);
}

static void
lexicon_test_contract_cue(void **state)
{
	json_t	*root = lexicon_json_load("events.json");

	lexicon_drop(root, "cues", "cue", "negation");
	lexicon_json_save("events.json", root);
	lexicon_expect_failure("contract: cue", "events.json",
	    "cue \"negation\"", NULL);
}

static void
lexicon_test_contract_victim(void **state)
{
	json_t	*root = lexicon_json_load("casualties.json");

	lexicon_drop(root, "victims", "name", "other");
	lexicon_json_save("casualties.json", root);
	lexicon_expect_failure("contract: victim", "casualties.json",
	    "victim \"other\"", NULL);
}

#define LEXICON_TMP_TEST(f) \
	cmocka_unit_test_setup_teardown(f, lexicon_setup, lexicon_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lexicon_test_real_loads),
		cmocka_unit_test(lexicon_test_tables),
		cmocka_unit_test(lexicon_test_missing_dir),
		LEXICON_TMP_TEST(lexicon_test_copy_loads),
		LEXICON_TMP_TEST(lexicon_test_unknown_key),
		LEXICON_TMP_TEST(lexicon_test_unknown_top_key),
		LEXICON_TMP_TEST(lexicon_test_empty_key),
		LEXICON_TMP_TEST(lexicon_test_wrong_type),
		LEXICON_TMP_TEST(lexicon_test_bad_nisba_also),
		LEXICON_TMP_TEST(lexicon_test_out_of_range),
		LEXICON_TMP_TEST(lexicon_test_gazetteer_half_coords),
		LEXICON_TMP_TEST(lexicon_test_gazetteer_ar_from),
		LEXICON_TMP_TEST(lexicon_test_unknown_country),
		LEXICON_TMP_TEST(lexicon_test_unknown_admin1),
		LEXICON_TMP_TEST(lexicon_test_unknown_event_type),
		LEXICON_TMP_TEST(lexicon_test_unknown_absorbed_type),
		LEXICON_TMP_TEST(lexicon_test_unknown_violent_type),
		LEXICON_TMP_TEST(lexicon_test_type_flag),
		LEXICON_TMP_TEST(lexicon_test_word_list),
		LEXICON_TMP_TEST(lexicon_test_actor_unknown_key),
		LEXICON_TMP_TEST(lexicon_test_malformed),
		LEXICON_TMP_TEST(lexicon_test_missing_file),
		LEXICON_TMP_TEST(lexicon_test_wrong_schema),
		LEXICON_TMP_TEST(lexicon_test_bad_marker),
		LEXICON_TMP_TEST(lexicon_test_contract_event_type),
		LEXICON_TMP_TEST(lexicon_test_contract_actor_kind),
		LEXICON_TMP_TEST(lexicon_test_contract_cue),
		LEXICON_TMP_TEST(lexicon_test_contract_victim),
	};

	return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
