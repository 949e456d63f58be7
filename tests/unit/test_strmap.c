/*
 * Unit tests of strmap.c: the string to integer map under the lexicon.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "raqib/strmap.h"

#define STRMAP_MANY	20000

static int
strmap_setup(void **state)
{
	*state = strmap_new();
	return *state == NULL ? -1 : 0;
}

static int
strmap_teardown(void **state)
{
	strmap_free(*state);
	return 0;
}

static void
strmap_test_insert_lookup(void **state)
{
	struct strmap	*m = *state;
	uint32_t	*v, got;
	int		 added = -1;

	assert_int_equal(strmap_count(m), 0);
	assert_false(strmap_get(m, "alpha", 5, &got));

	v = strmap_put(m, "alpha", 5, 7, &added);
	assert_non_null(v);
	assert_int_equal(added, 1);
	assert_int_equal(*v, 7);
	assert_int_equal(strmap_count(m), 1);

	got = 0;
	assert_true(strmap_get(m, "alpha", 5, &got));
	assert_int_equal(got, 7);

	/* a second put finds the slot and keeps the value, not the default */
	added = -1;
	v = strmap_put(m, "alpha", 5, 99, &added);
	assert_int_equal(added, 0);
	assert_int_equal(*v, 7);
	assert_int_equal(strmap_count(m), 1);

	/* added may be NULL */
	v = strmap_put(m, "beta", 4, 8, NULL);
	assert_int_equal(*v, 8);
	assert_int_equal(strmap_count(m), 2);

	/* Arabic keys are bytes like any other */
	v = strmap_put(m, "غاو", strlen("غاو"), 3, &added);
	assert_int_equal(added, 1);
	assert_true(strmap_get(m, "غاو", strlen("غاو"), &got));
	assert_int_equal(got, 3);
	assert_false(strmap_get(m, "جاو", strlen("جاو"), &got));
}

static void
strmap_test_update_slot(void **state)
{
	struct strmap	*m = *state;
	uint32_t	*v, got = 0;

	v = strmap_put(m, "kidal", 5, 0, NULL);
	*v = 42;
	assert_true(strmap_get(m, "kidal", 5, &got));
	assert_int_equal(got, 42);

	/* the lexicon's idiom: *strmap_put(...) = value */
	*strmap_put(m, "kidal", 5, 0, NULL) = 43;
	assert_true(strmap_get(m, "kidal", 5, &got));
	assert_int_equal(got, 43);

	/* counting through the slot */
	(*strmap_put(m, "count", 5, 0, NULL))++;
	(*strmap_put(m, "count", 5, 0, NULL))++;
	(*strmap_put(m, "count", 5, 0, NULL))++;
	assert_true(strmap_get(m, "count", 5, &got));
	assert_int_equal(got, 3);
	assert_int_equal(strmap_count(m), 2);
}

static void
strmap_test_growth(void **state)
{
	struct strmap	*m = *state;
	char		 key[32];
	uint32_t	*v, got;
	int		 i, n, added;

	for (i = 0; i < STRMAP_MANY; i++) {
		n = snprintf(key, sizeof key, "key-%d", i);
		v = strmap_put(m, key, (size_t)n, (uint32_t)i * 3, &added);
		if (!added || *v != (uint32_t)i * 3)
			fail_msg("put %s: added %d value %u", key, added, *v);
	}
	assert_int_equal(strmap_count(m), STRMAP_MANY);
	for (i = 0; i < STRMAP_MANY; i++) {
		n = snprintf(key, sizeof key, "key-%d", i);
		if (!strmap_get(m, key, (size_t)n, &got) ||
		    got != (uint32_t)i * 3)
			fail_msg("get %s after growth: %u", key, got);
	}
	/* keys never inserted are still absent */
	assert_false(strmap_get(m, "key-20000", 9, &got));
	assert_false(strmap_get(m, "key-", 4, &got));
	assert_false(strmap_get(m, "key-1 ", 6, &got));
	/* re-putting does not add */
	(void)strmap_put(m, "key-123", 7, 0, &added);
	assert_int_equal(added, 0);
	assert_int_equal(strmap_count(m), STRMAP_MANY);
}

static void
strmap_test_binary_keys(void **state)
{
	struct strmap	*m = *state;
	static const char a[] = { 'a', 'b', '\0', 'c', 'd' };
	static const char b[] = { 'a', 'b', '\0', 'e', 'f' };
	static const char c[] = { 'a', 'b' };
	static const char z1[] = { '\0' };
	static const char z2[] = { '\0', '\0' };
	uint32_t	 got;
	int		 added;

	(void)strmap_put(m, a, sizeof a, 1, &added);
	assert_int_equal(added, 1);
	(void)strmap_put(m, b, sizeof b, 2, &added);
	if (!added)
		fail_msg("a key differing only after a NUL byte was taken for "
		    "an existing key (keys cut at NUL)");
	(void)strmap_put(m, c, sizeof c, 3, &added);
	assert_int_equal(added, 1);
	(void)strmap_put(m, z1, sizeof z1, 4, &added);
	assert_int_equal(added, 1);
	(void)strmap_put(m, z2, sizeof z2, 5, &added);
	assert_int_equal(added, 1);
	assert_int_equal(strmap_count(m), 5);

	assert_true(strmap_get(m, a, sizeof a, &got));
	assert_int_equal(got, 1);
	assert_true(strmap_get(m, b, sizeof b, &got));
	assert_int_equal(got, 2);
	assert_true(strmap_get(m, c, sizeof c, &got));
	assert_int_equal(got, 3);
	assert_true(strmap_get(m, z1, sizeof z1, &got));
	assert_int_equal(got, 4);
	assert_true(strmap_get(m, z2, sizeof z2, &got));
	assert_int_equal(got, 5);
	assert_false(strmap_get(m, "ab\0cx", 5, &got));
	assert_false(strmap_get(m, "ab\0", 3, &got));
}

/* The lexicon's trie edges: (node, word) pairs of uint32_t as keys. */
static void
strmap_test_binary_pairs(void **state)
{
	struct strmap	*m = *state;
	uint32_t	 key[2], got, n = 0;
	uint32_t	 i, j;
	int		 added;

	for (i = 0; i < 64; i++)
		for (j = 0; j < 64; j++) {
			/* mostly zero bytes: words and nodes under 256 */
			key[0] = i;
			key[1] = j << (8 * (j % 4));
			(void)strmap_put(m, (const char *)key, sizeof key,
			    i * 1000 + j, &added);
			if (!added)
				fail_msg("pair (%u, %u) collided with an "
				    "earlier key", key[0], key[1]);
			n++;
		}
	assert_int_equal(strmap_count(m), n);
	for (i = 0; i < 64; i++)
		for (j = 0; j < 64; j++) {
			key[0] = i;
			key[1] = j << (8 * (j % 4));
			if (!strmap_get(m, (const char *)key, sizeof key, &got) ||
			    got != i * 1000 + j)
				fail_msg("pair (%u, %u): got %u", key[0], key[1],
				    got);
		}
}

static void
strmap_test_prefixes(void **state)
{
	struct strmap	*m = *state;
	static const char *const keys[] = { "a", "ab", "abc", "abcd",
	    "قتل", "قتلى", "قتلوا", "قتلت", "", NULL };
	uint32_t	 got;
	int		 i, added;

	for (i = 0; keys[i] != NULL; i++) {
		(void)strmap_put(m, keys[i], strlen(keys[i]), (uint32_t)i + 100,
		    &added);
		if (!added)
			fail_msg("\"%s\" was taken for an earlier key", keys[i]);
	}
	assert_int_equal(strmap_count(m), i);
	for (i = 0; keys[i] != NULL; i++) {
		if (!strmap_get(m, keys[i], strlen(keys[i]), &got) ||
		    got != (uint32_t)i + 100)
			fail_msg("\"%s\": got %u, want %d", keys[i], got, i + 100);
	}
	/* a prefix given by length, not by NUL */
	assert_true(strmap_get(m, "abcdef", 2, &got));
	assert_int_equal(got, 101);
	assert_false(strmap_get(m, "abcde", 5, &got));
	assert_false(strmap_get(m, "b", 1, &got));
}

static void
strmap_test_hash(void **state)
{
	assert_true(strmap_hash("kidal", 5) == strmap_hash("kidal", 5));
	assert_true(strmap_hash("kidal", 5) != strmap_hash("kidal", 4));
	assert_true(strmap_hash("ab\0cd", 5) != strmap_hash("ab\0ef", 5));
	strmap_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(strmap_test_insert_lookup,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test_setup_teardown(strmap_test_update_slot,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test_setup_teardown(strmap_test_growth,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test_setup_teardown(strmap_test_binary_keys,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test_setup_teardown(strmap_test_binary_pairs,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test_setup_teardown(strmap_test_prefixes,
		    strmap_setup, strmap_teardown),
		cmocka_unit_test(strmap_test_hash),
	};

	return cmocka_run_group_tests_name("strmap", tests, NULL, NULL);
}
