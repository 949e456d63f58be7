/*
 * Unit tests of the store (store.c, store-read.c) and of message.c, on a
 * database in a temporary folder: the schema and the store's identity,
 * seqs, duplicates, the raqib.event/1 messages it returns and replays,
 * stories across documents, rejections, what became of a document,
 * STORE_RETRY while another writer holds the database, and documents
 * stored in groups.
 */
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
#include <sqlite3.h>

#include "raqib/log.h"
#include "message.h"
#include "store.h"
#include "store-int.h"

static char	dir[] = "/tmp/raqib-test-store.XXXXXX";
static char	dbpath[600];

#define GAO	"{\"name\":\"Gao\",\"country\":\"ML\",\"country_name\":\"Mali\"," \
	"\"admin1\":\"Gao\",\"admin1_code\":\"ML-7\",\"precision\":\"town\"," \
	"\"lat\":16.2666,\"lon\":-0.04}"
#define NIAMEY	"{\"name\":\"Niamey\",\"country\":\"NE\",\"admin1\":\"Niamey\"," \
	"\"precision\":\"town\",\"lat\":13.51,\"lon\":2.11}"
#define MALI	"{\"name\":\"Mali\",\"country\":\"ML\",\"precision\":\"country\"}"

/* An extraction of one article with events of (type, place) pairs. */
static json_t *
extraction(const char *title, int n, const char *const *types,
    const char *const *places)
{
	json_t		*x, *evs = json_array();
	json_error_t	 err;
	char		 buf[2048];
	int		 i;

	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "{\"topic\":\"ev.%s.%s\",\"type\":\"%s\","
		    "\"acled\":{\"event_type\":\"Battles\"},\"place\":%s,"
		    "\"date\":{\"start\":\"2024-03-12\",\"end\":\"2024-03-12\"},"
		    "\"actors\":[{\"id\":\"jnim\",\"role\":\"perpetrator\"}],"
		    "\"casualties\":[],\"claimed_by\":null,\"sources\":[],"
		    "\"sentence\":\"s%d\"}", strstr(places[i], "\"NE\"") ? "ne" :
		    "ml", types[i], types[i], places[i], i);
		if (json_array_append_new(evs, json_loads(buf, 0, &err)) == -1)
			fail_msg("bad test event: %s", err.text);
	}
	x = json_pack("{s:s,s:{s:s},s:o,s:[],s:[],s:[]}", "schema",
	    "raqib.extract/1", "doc", "title", title, "events", evs, "places",
	    "actors", "people");
	return x;
}

static int
store(struct store *st, const char *sha, json_t *x, struct store_event **evs,
    size_t *n)
{
	struct store_doc d;
	char		*cause = NULL;
	int		 rc;

	memset(&d, 0, sizeof d);
	d.sha256 = sha;
	d.path = "/in/a.txt";
	d.encoding = "UTF-8";
	d.bytes = 100;
	rc = store_document(st, &d, x, evs, n, &cause);
	free(cause);
	return rc;
}

static struct store *
open_store(void)
{
	struct store	*st;
	char		*cause = NULL;

	if ((st = store_open(dbpath, &cause)) == NULL)
		fail_msg("store_open: %s", cause);
	return st;
}

static void
fresh(void)
{
	char	p[640];

	unlink(dbpath);
	snprintf(p, sizeof p, "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", dbpath);
	unlink(p);
}

static void
test_identity_and_schema(void **state)
{
	struct store	*st;
	char		 id[40];
	sqlite3		*db;
	sqlite3_stmt	*s;

	fresh();
	st = open_store();
	assert_int_equal(strlen(store_id(st)), 32);
	assert_int_equal(strspn(store_id(st), "0123456789abcdef"), 32);
	assert_int_equal(store_last_seq(st), 0);
	snprintf(id, sizeof id, "%s", store_id(st));
	store_close(st);
	st = open_store();
	assert_string_equal(store_id(st), id);
	store_close(st);
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(s, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(s);
	/* a newer schema is refused, not touched */
	sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
	sqlite3_close(db);
	{
		char	*cause = NULL;

		assert_null(store_open(dbpath, &cause));
		assert_non_null(strstr(cause, "schema version 99 is newer"));
		free(cause);
	}
}

/*
 * Each open is a generation of its own, filed with the seq the store had:
 * how far a store holds a generation is its head while it runs, then the
 * seq the next one began after; a copy made during a generation and
 * opened again holds it up to the copy's end; an unknown one is -1.
 */
static void
test_generations(void **state)
{
	static const char *const t[] = { "armed_clash" };
	static const char *const pl[] = { GAO };
	struct store	*st;
	struct store_event *evs;
	json_t		*x;
	size_t		 n;
	char		 g1[40], g2[40], copy[700], cmd[1500];

	fresh();
	st = open_store();
	snprintf(g1, sizeof g1, "%s", store_generation(st));
	assert_int_equal(strlen(g1), 16);
	assert_int_equal(strspn(g1, "0123456789abcdef"), 16);
	x = extraction("one", 1, t, pl);
	assert_int_equal(store(st, "cc01", x, &evs, &n), STORE_OK);
	json_decref(x);
	store_events_free(evs, n);
	assert_int_equal(store_generation_end(st, g1), 1);
	assert_int_equal(store_generation_end(st, "0123456789abcdef"), -1);
	store_close(st);
	/* the copy: one event of the first generation */
	snprintf(copy, sizeof copy, "%s.copy", dbpath);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", dbpath, copy);
	assert_int_equal(system(cmd), 0);
	st = open_store();
	snprintf(g2, sizeof g2, "%s", store_generation(st));
	assert_string_not_equal(g1, g2);
	x = extraction("two", 1, t, pl);
	assert_int_equal(store(st, "cc02", x, &evs, &n), STORE_OK);
	json_decref(x);
	store_events_free(evs, n);
	assert_int_equal(store_generation_end(st, g1), 1);
	assert_int_equal(store_generation_end(st, g2), 2);
	store_close(st);
	/* restored: it never had g2 */
	fresh();
	assert_int_equal(rename(copy, dbpath), 0);
	st = open_store();
	assert_int_equal(store_generation_end(st, g1), 1);
	assert_int_equal(store_generation_end(st, g2), -1);
	store_close(st);
}

/* Seqs count up across documents; the same content is a duplicate; each
 * returned message is raqib.event/1 with its seq, document and story. */
static void
test_documents_and_seqs(void **state)
{
	static const char *const t2[] = { "armed_clash", "ambush" };
	static const char *const p2[] = { GAO, NIAMEY };
	struct store	*st;
	struct store_event *evs;
	json_t		*m, *x;
	json_error_t	 err;
	size_t		 n;

	fresh();
	st = open_store();
	x = extraction("first", 2, t2, p2);
	assert_int_equal(store(st, "aa01", x, &evs, &n), STORE_OK);
	json_decref(x);
	assert_int_equal(n, 2);
	assert_string_equal(evs[0].topic, "ev.ml.armed_clash");
	assert_string_equal(evs[1].type, "ambush");
	m = json_loads(evs[1].json, 0, &err);
	assert_non_null(m);
	assert_string_equal(json_string_value(json_object_get(m, "schema")),
	    "raqib.event/1");
	assert_int_equal(json_integer_value(json_object_get(m, "seq")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(m,
	    "doc"), "sha256")), "aa01");
	assert_string_equal(json_string_value(json_object_get(json_object_get(m,
	    "doc"), "title")), "first");
	assert_true(json_is_object(json_object_get(m, "story")));
	json_decref(m);
	store_events_free(evs, n);
	assert_int_equal(store_last_seq(st), 2);

	x = extraction("again", 2, t2, p2);
	assert_int_equal(store(st, "aa01", x, &evs, &n), STORE_DUP);
	json_decref(x);
	assert_int_equal(n, 0);
	assert_int_equal(store_has_sha(st, "aa01"), 1);
	assert_int_equal(store_has_sha(st, "bb02"), 0);
	assert_int_equal(store_last_seq(st), 2);

	x = extraction("second", 1, t2, p2 + 1);
	assert_int_equal(store(st, "bb02", x, &evs, &n), STORE_OK);
	json_decref(x);
	assert_int_equal(n, 1);
	m = json_loads(evs[0].json, 0, &err);
	assert_int_equal(json_integer_value(json_object_get(m, "seq")), 3);
	json_decref(m);
	store_events_free(evs, n);
	store_close(st);
}

struct seen {
	long long	 seqs[16];
	size_t		 n;
};

static int
replayed(void *arg, long long seq, const char *topic, const char *json)
{
	struct seen	*s = arg;
	json_t		*m = json_loads(json, 0, NULL);

	/* what is replayed is what was published */
	assert_non_null(m);
	assert_int_equal(json_integer_value(json_object_get(m, "seq")), seq);
	assert_string_equal(json_string_value(json_object_get(m, "topic")),
	    topic);
	json_decref(m);
	s->seqs[s->n++] = seq;
	return 0;
}

static void
test_replay(void **state)
{
	static const char *const types[] = { "armed_clash", "armed_clash",
	    "ambush", "armed_clash" };
	static const char *const places[] = { GAO, NIAMEY, GAO, NIAMEY };
	char		*ml[] = { "ev.ml." };
	struct store	*st;
	struct store_event *evs;
	struct seen	 s;
	json_t		*x;
	long long	 last;
	size_t		 n;
	int		 more;

	fresh();
	st = open_store();
	x = extraction("four", 4, types, places);
	assert_int_equal(store(st, "cc03", x, &evs, &n), STORE_OK);
	json_decref(x);
	store_events_free(evs, n);

	memset(&s, 0, sizeof s);
	assert_int_equal(store_replay(st, 0, 0, ml, 1, 10, replayed, &s,
	    &last, &more), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seqs[0], 1);
	assert_int_equal(s.seqs[1], 3);
	assert_int_equal(last, 4);	/* every seq up to the head covered */
	assert_false(more);

	/* a limit: one event, and more to ask for after it */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_replay(st, 0, 0, NULL, 0, 1, replayed, &s,
	    &last, &more), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(last, 1);
	assert_true(more);

	/* after and until */
	memset(&s, 0, sizeof s);
	assert_int_equal(store_replay(st, 1, 3, NULL, 0, 10, replayed, &s,
	    &last, &more), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.seqs[0], 2);
	assert_int_equal(last, 3);

	/* a time after everything: the seq before it is the head */
	assert_int_equal(store_seq_before(st, "2999-01-01T00:00:00Z"), 4);
	assert_int_equal(store_seq_before(st, "2000-01-01T00:00:00Z"), 0);
	store_close(st);
}

static long long
story_of(const char *json)
{
	json_t		*m = json_loads(json, 0, NULL);
	long long	 id;

	id = json_integer_value(json_object_get(json_object_get(m, "story"),
	    "id"));
	json_decref(m);
	return id;
}

/* A second outlet's report of the same clash joins the first's story; a
 * clash elsewhere starts its own. */
static void
test_stories(void **state)
{
	static const char *const clash[] = { "armed_clash" };
	static const char *const gao[] = { GAO }, *const niamey[] = { NIAMEY };
	struct store	*st;
	struct store_event *evs;
	json_t		*x;
	long long	 first;
	size_t		 n;

	fresh();
	st = open_store();
	x = extraction("one", 1, clash, gao);
	assert_int_equal(store(st, "dd01", x, &evs, &n), STORE_OK);
	json_decref(x);
	first = story_of(evs[0].json);
	assert_int_equal(first, 1);	/* a story is named by its first seq */
	store_events_free(evs, n);

	x = extraction("two", 1, clash, gao);
	assert_int_equal(store(st, "dd02", x, &evs, &n), STORE_OK);
	json_decref(x);
	assert_int_equal(story_of(evs[0].json), first);
	store_events_free(evs, n);

	x = extraction("three", 1, clash, niamey);
	assert_int_equal(store(st, "dd03", x, &evs, &n), STORE_OK);
	json_decref(x);
	assert_int_equal(story_of(evs[0].json), 3);
	store_events_free(evs, n);
	store_close(st);
}

struct counts {
	char		 reason[32];
	long long	 n;
};

static void
by_reason(void *arg, const char *reason, long long n)
{
	struct counts *c = arg;

	snprintf(c->reason, sizeof c->reason, "%s", reason);
	c->n = n;
}

static void
test_rejections_and_states(void **state)
{
	static const char *const clash[] = { "armed_clash" };
	static const char *const gao[] = { GAO };
	struct store_file f = { "/in/big.txt", 5000000, 1, 7 };
	struct store	*st;
	struct store_event *evs;
	struct store_stats ss;
	struct counts	 c;
	json_t		*x, *o;
	size_t		 n;

	fresh();
	st = open_store();
	assert_false(store_file_seen(st, &f));
	assert_int_equal(store_reject(st, &f, NULL, "too_large", "over 4 MB"),
	    STORE_OK);
	assert_true(store_file_seen(st, &f));
	f.mtime_ns = 2;		/* changed since: to be looked at again */
	assert_false(store_file_seen(st, &f));
	memset(&c, 0, sizeof c);
	assert_int_equal(store_rejections_by_reason(st, by_reason, &c), 0);
	assert_string_equal(c.reason, "too_large");
	assert_int_equal(c.n, 1);

	o = store_doc_state(st, "ee99", "/in/big.txt");
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "rejected");
	assert_string_equal(json_string_value(json_object_get(o, "reason")),
	    "too_large");
	json_decref(o);
	o = store_doc_state(st, "ee98", "/in/elsewhere.txt");
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "pending");
	json_decref(o);

	x = extraction("one", 1, clash, gao);
	assert_int_equal(store(st, "ee01", x, &evs, &n), STORE_OK);
	json_decref(x);
	store_events_free(evs, n);
	o = store_doc_state(st, "ee01", NULL);
	assert_string_equal(json_string_value(json_object_get(o, "state")),
	    "stored");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(o,
	    "seqs"), 0)), 1);
	json_decref(o);

	assert_int_equal(store_stats(st, &ss), 0);
	assert_int_equal(ss.documents, 1);
	assert_int_equal(ss.events, 1);
	assert_int_equal(ss.rejections, 1);
	assert_int_equal(ss.last_seq, 1);
	store_close(st);
}

/* While another connection writes, a document is STORE_RETRY and nothing
 * of it is kept; once the other is done it stores whole. */
static void
test_busy_is_retry(void **state)
{
	static const char *const clash[] = { "armed_clash", "armed_clash" };
	static const char *const places[] = { GAO, NIAMEY };
	struct store	*st;
	struct store_event *evs;
	sqlite3		*other;
	json_t		*x;
	size_t		 n;

	fresh();
	st = open_store();
	assert_int_equal(sqlite3_open(dbpath, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);
	x = extraction("busy", 2, clash, places);
	assert_int_equal(store(st, "ff01", x, &evs, &n), STORE_RETRY);
	assert_int_equal(n, 0);
	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(other);
	assert_int_equal(store_has_sha(st, "ff01"), 0);
	json_decref(x);
	x = extraction("busy", 2, clash, places);
	assert_int_equal(store(st, "ff01", x, &evs, &n), STORE_OK);
	assert_int_equal(n, 2);
	store_events_free(evs, n);
	json_decref(x);
	store_close(st);
}

/* message.c: the keys an event is filed under. */
static void
test_message_keys(void **state)
{
	struct message_keys k;
	json_t		*ev;

	ev = json_loads("{\"topic\":\"ev.ml.gao.ambush\",\"type\":\"ambush\","
	    "\"place\":" GAO "}", 0, NULL);
	message_keys(ev, &k);
	assert_string_equal(k.topic, "ev.ml.gao.ambush");
	assert_string_equal(k.type, "ambush");
	assert_string_equal(k.place, "ML|Gao|Gao");
	message_keys_clear(&k);
	assert_null(k.place);
	json_decref(ev);
	ev = json_loads("{\"topic\":\"ev.ml\",\"type\":\"ambush\",\"place\":"
	    MALI "}", 0, NULL);
	message_keys(ev, &k);
	assert_string_equal(k.place, "ML||");
	message_keys_clear(&k);
	json_decref(ev);
	ev = json_loads("{\"topic\":\"ev.xx\",\"type\":\"ambush\",\"place\":null}",
	    0, NULL);
	message_keys(ev, &k);
	assert_null(k.place);
	json_decref(ev);
}

/* The seq of a stored message. */
static long long
msg_seq(const struct store_event *ev)
{
	json_t		*o = json_loads(ev->json, 0, NULL);
	long long	 seq;

	assert_non_null(o);
	seq = json_integer_value(json_object_get(o, "seq"));
	json_decref(o);
	return seq;
}

/*
 * A group of documents is one transaction: a duplicate in it is undone
 * alone and the others are stored, with increasing seqs; a group that an
 * error rolled back takes no more documents (none starts a transaction of
 * its own) and stores nothing.
 */
static void
test_group(void **state)
{
	static const char *const clash[] = { "armed_clash", "armed_clash" };
	static const char *const places[] = { GAO, NIAMEY };
	struct store	*st;
	struct store_event *evs[3];
	json_t		*x[3];
	size_t		 n[3], i;
	char		*cause = NULL;

	fresh();
	st = open_store();
	assert_int_equal(store_group_begin(st, &cause), STORE_OK);
	for (i = 0; i < 3; i++)
		x[i] = extraction("group", 2, clash, places);
	assert_int_equal(store(st, "aa01", x[0], &evs[0], &n[0]), STORE_OK);
	assert_int_equal(store(st, "aa01", x[1], &evs[1], &n[1]), STORE_DUP);
	assert_int_equal(store(st, "aa02", x[2], &evs[2], &n[2]), STORE_OK);
	assert_int_equal(store_group_end(st, &cause), STORE_OK);
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 0);
	assert_int_equal(n[2], 2);
	assert_int_equal(msg_seq(&evs[0][0]), 1);
	assert_int_equal(msg_seq(&evs[0][1]), 2);
	assert_int_equal(msg_seq(&evs[2][0]), 3);
	assert_int_equal(msg_seq(&evs[2][1]), 4);
	assert_int_equal(store_last_seq(st), 4);
	for (i = 0; i < 3; i++) {
		store_events_free(evs[i], n[i]);
		json_decref(x[i]);
	}

	/* rolled back under the group's feet, as SQLITE_FULL would */
	assert_int_equal(store_group_begin(st, &cause), STORE_OK);
	x[0] = extraction("lost", 2, clash, places);
	x[1] = extraction("lost", 2, clash, places);
	assert_int_equal(store(st, "bb01", x[0], &evs[0], &n[0]), STORE_OK);
	store_events_free(evs[0], n[0]);
	assert_int_equal(sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(store(st, "bb02", x[1], &evs[1], &n[1]), STORE_RETRY);
	assert_int_equal(store_group_end(st, &cause), STORE_RETRY);
	assert_int_equal(store_has_sha(st, "bb01"), 0);
	assert_int_equal(store_has_sha(st, "bb02"), 0);
	assert_int_equal(store_last_seq(st), 4);
	json_decref(x[0]);
	json_decref(x[1]);
	/* and the next document is a transaction of its own again */
	x[0] = extraction("after", 2, clash, places);
	assert_int_equal(store(st, "bb02", x[0], &evs[0], &n[0]), STORE_OK);
	assert_int_equal(msg_seq(&evs[0][0]), 5);
	store_events_free(evs[0], n[0]);
	json_decref(x[0]);
	free(cause);
	store_close(st);
}

static int
setup(void **state)
{
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(dbpath, sizeof dbpath, "%s/raqib.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char	cmd[700];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity_and_schema),
		cmocka_unit_test(test_generations),
		cmocka_unit_test(test_documents_and_seqs),
		cmocka_unit_test(test_replay),
		cmocka_unit_test(test_stories),
		cmocka_unit_test(test_rejections_and_states),
		cmocka_unit_test(test_busy_is_retry),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_message_keys),
	};

	log_init("test_store", LOG_LVL_ERROR);
	return cmocka_run_group_tests(tests, setup, teardown);
}
