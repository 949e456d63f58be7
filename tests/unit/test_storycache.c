/*
 * Unit tests of storycache.c (the parsed story states storydb.c keeps):
 * what is put is what is got, the least recently used goes first, and a
 * long random run agrees with a plain list; and of storydb.c's use of it:
 * a state written in a transaction rolled back is not the one read next.
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
#include <sqlite3.h>

#include "raqib/storydb.h"
#include "storycache.h"

static void
storycache_test_put_get(void **state)
{
	struct storycache *c = storycache_new(4);
	json_t	*a = json_pack("{s:i}", "id", 7), *got;

	assert_null(storycache_get(c, 7));
	storycache_put(c, 7, a);
	got = storycache_get(c, 7);
	assert_ptr_equal(got, a);
	json_decref(got);
	/* the cache holds a reference of its own */
	assert_int_equal(a->refcount, 2);
	storycache_clear(c);
	assert_null(storycache_get(c, 7));
	assert_int_equal(a->refcount, 1);
	json_decref(a);
	storycache_free(c);
}

static void
storycache_test_least_recent_goes(void **state)
{
	struct storycache *c = storycache_new(3);
	json_t	*v[5], *got;
	int	 i;

	for (i = 1; i <= 3; i++) {
		v[i] = json_integer(i);
		storycache_put(c, i, v[i]);
	}
	json_decref(storycache_get(c, 1));	/* 2 is now the oldest */
	v[4] = json_integer(4);
	storycache_put(c, 4, v[4]);
	assert_null(storycache_get(c, 2));
	for (i = 1; i <= 4; i++) {
		if (i == 2)
			continue;
		got = storycache_get(c, i);
		assert_ptr_equal(got, v[i]);
		json_decref(got);
	}
	for (i = 1; i <= 4; i++)
		json_decref(v[i]);
	storycache_free(c);
}

/* Random puts, gets and evictions against a list of what must be kept:
 * ids that collide in a small table exercise the removal's back shift. */
static void
storycache_test_random(void **state)
{
	enum { MAX = 8, IDS = 40, STEPS = 20000 };
	struct storycache *c = storycache_new(MAX);
	json_t		*val[IDS];
	unsigned long long used[IDS], tick = 0;
	int		 kept[IDS], n = 0, i, k, id, old;
	json_t		*got;
	unsigned int	 seed = 12345;

	memset(kept, 0, sizeof kept);
	for (i = 0; i < IDS; i++)
		val[i] = json_integer(i);
	for (i = 0; i < STEPS; i++) {
		seed = seed * 1103515245 + 12345;
		id = 1 + (int)((seed >> 8) % (IDS - 1));
		if ((seed >> 4) & 1) {
			got = storycache_get(c, id);
			assert_true((got != NULL) == kept[id]);
			if (got != NULL) {
				assert_ptr_equal(got, val[id]);
				used[id] = ++tick;
				json_decref(got);
			}
			continue;
		}
		if (!kept[id] && n == MAX) {
			for (old = -1, k = 1; k < IDS; k++)
				if (kept[k] && (old == -1 || used[k] <
				    used[old]))
					old = k;
			kept[old] = 0;
			n--;
		}
		storycache_put(c, id, val[id]);
		if (!kept[id])
			n++;
		kept[id] = 1;
		used[id] = ++tick;
	}
	storycache_free(c);
	for (i = 0; i < IDS; i++) {
		assert_int_equal(val[i]->refcount, 1);
		json_decref(val[i]);
	}
}

static json_t *
event(int killed)
{
	json_t	*ev;
	char	 buf[1024];

	snprintf(buf, sizeof buf, "{\"type\":\"armed_clash\",\"acled\":"
	    "{\"event_type\":\"Battles\"},\"place\":{\"name\":\"Gao\","
	    "\"country\":\"ML\",\"admin1\":\"Gao\",\"precision\":\"town\","
	    "\"lat\":16.2666,\"lon\":-0.04},\"date\":{\"start\":null,"
	    "\"end\":null},\"actors\":[],\"casualties\":[{\"kind\":\"killed\","
	    "\"value\":%d,\"qualifier\":\"exact\",\"who\":null}],"
	    "\"claimed_by\":null,\"sources\":[]}", killed);
	ev = json_loads(buf, 0, NULL);
	assert_non_null(ev);
	return ev;
}

/* One event of its own document into the store; its story's report count. */
static long long
put_event(struct storydb *sd, long long seq, const char *sha, int killed)
{
	struct storydb_copy copy = { 0, 0, 0 };
	struct storydb_event e = { seq, sha, "inbox/wire.txt", seq,
	    "2024-03-12T09:00:00.000Z", &copy, NULL, NULL };
	json_t		*ev = event(killed);
	long long	 story, reports;

	assert_int_equal(storydb_event(sd, &e, ev, &story), SQLITE_OK);
	reports = json_integer_value(json_object_get(json_object_get(ev,
	    "story"), "reports"));
	json_decref(ev);
	return reports;
}

static void
storydb_test_rollback_forgets(void **state)
{
	struct storydb	*sd;
	sqlite3		*db;
	char		*cause = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, storydb_schema, NULL, NULL, NULL),
	    SQLITE_OK);
	sd = storydb_open(db, ":memory:", &cause);
	assert_non_null(sd);
	assert_int_equal(put_event(sd, 1, "doc1", 12), 1);
	assert_int_equal(put_event(sd, 2, "doc2", 12), 2);
	/* a third report, rolled back: the story has two */
	assert_int_equal(sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(put_event(sd, 3, "doc3", 12), 3);
	assert_int_equal(sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(put_event(sd, 3, "doc4", 12), 3);
	/* the same rolled back to a savepoint, which the caller says */
	assert_int_equal(sqlite3_exec(db, "SAVEPOINT s", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(put_event(sd, 4, "doc5", 12), 4);
	assert_int_equal(sqlite3_exec(db, "ROLLBACK TO s; RELEASE s", NULL,
	    NULL, NULL), SQLITE_OK);
	storydb_forget(sd);
	assert_int_equal(put_event(sd, 4, "doc6", 12), 4);
	storydb_close(sd);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(storycache_test_put_get),
		cmocka_unit_test(storycache_test_least_recent_goes),
		cmocka_unit_test(storycache_test_random),
		cmocka_unit_test(storydb_test_rollback_forgets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
