#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "raqib/jsonload.h"
#include "raqib/log.h"
#include "raqib/story.h"
#include "raqib/xmalloc.h"
#include "raqib/fingerprint.h"
#include "raqib/storydb.h"
#include "storycache.h"

#define STORYDB_CANDIDATES	100	/* open stories looked at per event */
#define STORYDB_BAND_DOCS	20	/* documents per fingerprint band */
/* Parsed states kept: more than the candidates of one event, so that the
 * open stories of a long war stay parsed from one report to the next. */
#define STORYDB_CACHE		256
/* A box around a town that holds every place within STORY_NEAR_KM. */
#define STORYDB_BOX_DEG		"0.6"

/* Added by schema version 2; every statement can run again. */
const char storydb_schema[] =
    "CREATE TABLE IF NOT EXISTS stories ("
    " id INTEGER PRIMARY KEY,"		/* the seq of its first event */
    " family TEXT NOT NULL,"
    " country TEXT,"
    " rank INTEGER NOT NULL,"
    " lat REAL, lon REAL,"
    " day_lo INTEGER, day_hi INTEGER,"
    " last_at TEXT NOT NULL,"
    " state TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS stories_open ON stories(family, last_at);"
    "CREATE TABLE IF NOT EXISTS story_reports ("
    " seq INTEGER PRIMARY KEY,"		/* the event */
    " story INTEGER NOT NULL,"
    " doc_id INTEGER NOT NULL,"
    " score INTEGER,"
    " copy_of INTEGER,"
    " outlet TEXT,"
    " at TEXT NOT NULL,"
    " why TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS story_reports_story ON story_reports(story);"
    "CREATE INDEX IF NOT EXISTS story_reports_doc ON story_reports(doc_id);"
    "CREATE TABLE IF NOT EXISTS doc_prints ("
    " doc_id INTEGER PRIMARY KEY,"
    " text_sha256 TEXT NOT NULL,"
    " words INTEGER NOT NULL,"
    " shingles INTEGER NOT NULL,"
    " minhash BLOB NOT NULL);"
    "CREATE INDEX IF NOT EXISTS doc_prints_text ON doc_prints(text_sha256);"
    "CREATE TABLE IF NOT EXISTS doc_bands ("
    " key INTEGER NOT NULL,"
    " doc_id INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS doc_bands_key ON doc_bands(key, doc_id);";

struct storydb {
	sqlite3		*db;
	sqlite3		*own;		/* a connection it opened itself */
	char		*path;
	sqlite3_stmt	*has_text, *print_ins, *band_ins, *band_find,
			*print_get, *doc_stories, *candidates, *state_get,
			*story_ins, *story_upd, *report_ins;
	struct storycache *cache;
};

/* The decision for one event: the evidence, and the nearest miss. */
struct storydb_why {
	struct story_why why;
	long long	 closest;
	size_t		 sibling;	/* the event that vouched for the lead */
};

struct storydb_stmt {
	size_t		 off;
	const char	*sql;
};

#define STORYDB_STMT(f, sql) { offsetof(struct storydb, f), sql }

static const struct storydb_stmt storydb_stmts[] = {
	STORYDB_STMT(has_text, "SELECT doc_id FROM doc_prints WHERE "
	    "text_sha256 = ?1 LIMIT 1"),
	STORYDB_STMT(print_ins, "INSERT OR REPLACE INTO doc_prints(doc_id, "
	    "text_sha256, words, shingles, minhash) VALUES (?1, ?2, ?3, ?4, "
	    "?5)"),
	STORYDB_STMT(band_ins, "INSERT INTO doc_bands(key, doc_id) VALUES "
	    "(?1, ?2)"),
	STORYDB_STMT(band_find, "SELECT doc_id FROM doc_bands WHERE key = ?1 "
	    "ORDER BY doc_id DESC LIMIT " "20"),
	STORYDB_STMT(print_get, "SELECT text_sha256, words, shingles, minhash "
	    "FROM doc_prints WHERE doc_id = ?1"),
	STORYDB_STMT(doc_stories, "SELECT r.seq, s.id FROM "
	    "story_reports r JOIN stories s ON s.id = r.story WHERE r.doc_id = "
	    "?1 ORDER BY r.seq"),
	/* towns are near by their coordinates, across a border too; a town
	 * without them is near any of its country */
	STORYDB_STMT(candidates, "SELECT id FROM stories WHERE "
	    "family = ?1 AND last_at >= ?2 AND (?4 < 3 OR rank < 3 OR lat IS "
	    "NULL OR ?5 IS NULL OR (lat BETWEEN ?5 - " STORYDB_BOX_DEG " AND "
	    "?5 + " STORYDB_BOX_DEG " AND lon BETWEEN ?6 - " STORYDB_BOX_DEG
	    " AND ?6 + " STORYDB_BOX_DEG ")) AND (?3 IS NULL OR country IS "
	    "NULL OR country = ?3 OR (?4 = 3 AND rank = 3 AND lat IS NOT NULL "
	    "AND ?5 IS NOT NULL)) ORDER BY last_at DESC, (SELECT max(seq) FROM "
	    "story_reports WHERE story = stories.id) DESC LIMIT 100"),
	STORYDB_STMT(state_get, "SELECT state FROM stories WHERE id = ?1"),
	STORYDB_STMT(story_ins, "INSERT INTO stories(id, family, country, rank, "
	    "lat, lon, day_lo, day_hi, last_at, state) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8, ?9, ?10)"),
	STORYDB_STMT(story_upd, "UPDATE stories SET family = ?2, country = ?3, "
	    "rank = ?4, lat = ?5, lon = ?6, day_lo = ?7, day_hi = ?8, "
	    "last_at = ?9, state = ?10 WHERE id = ?1"),
	STORYDB_STMT(report_ins, "INSERT OR REPLACE INTO story_reports(seq, "
	    "story, doc_id, score, copy_of, outlet, at, why) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8)"),
};

#define STORYDB_NSTMTS	(sizeof storydb_stmts / sizeof storydb_stmts[0])

static sqlite3_stmt **
storydb_slot(struct storydb *sd, size_t i)
{
	return (sqlite3_stmt **)((char *)sd + storydb_stmts[i].off);
}

static void
storydb_rolled_back(void *arg)
{
	struct storydb	*sd = arg;

	storycache_clear(sd->cache);
}

/* Forgets the states kept: the caller rolled back to a savepoint. */
void
storydb_forget(struct storydb *sd)
{
	storycache_clear(sd->cache);
}

struct storydb *
storydb_open(sqlite3 *db, const char *path, char **cause)
{
	struct storydb	*sd = xcalloc(1, sizeof *sd);
	size_t		 i;

	sd->db = db;
	sd->path = xstrdup(path);
	sd->cache = storycache_new(STORYDB_CACHE);
	/* what a rolled back transaction wrote is not the store's */
	sqlite3_rollback_hook(db, storydb_rolled_back, sd);
	for (i = 0; i < STORYDB_NSTMTS; i++)
		if (sqlite3_prepare_v3(db, storydb_stmts[i].sql, -1,
		    SQLITE_PREPARE_PERSISTENT, storydb_slot(sd, i), NULL) !=
		    SQLITE_OK) {
			xasprintf(cause, "%s: prepare: %s", path,
			    sqlite3_errmsg(db));
			storydb_close(sd);
			return NULL;
		}
	return sd;
}

void
storydb_close(struct storydb *sd)
{
	size_t	i;

	if (sd == NULL)
		return;
	for (i = 0; i < STORYDB_NSTMTS; i++)
		sqlite3_finalize(*storydb_slot(sd, i));
	if (sd->db != NULL)
		sqlite3_rollback_hook(sd->db, NULL, NULL);
	storycache_free(sd->cache);
	sqlite3_close(sd->own);
	free(sd->path);
	free(sd);
}

/*
 * Stories alone, in a database in memory that the storydb owns: the offline
 * evaluation (raqib eval --stories) decides with it exactly as raqibd does.
 */
struct storydb *
storydb_memory(char **cause)
{
	struct storydb	*sd = NULL;
	sqlite3		*db = NULL;
	char		*err = NULL;

	if (sqlite3_open(":memory:", &db) != SQLITE_OK ||
	    sqlite3_exec(db, storydb_schema, NULL, NULL, &err) != SQLITE_OK) {
		xasprintf(cause, "stories in memory: %s", err != NULL ? err :
		    sqlite3_errmsg(db));
		goto out;
	}
	if ((sd = storydb_open(db, ":memory:", cause)) != NULL) {
		sd->own = db;
		db = NULL;
	}
out:
	sqlite3_free(err);
	sqlite3_close(db);
	return sd;
}

static int
storydb_done(sqlite3_stmt *s)
{
	int	rc = sqlite3_step(s);

	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* Whether a stored document has this normalised text: 1, 0, or -1. */
int
storydb_has_text(struct storydb *sd, const char *sha)
{
	int	rc;

	sqlite3_bind_text(sd->has_text, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(sd->has_text);
	sqlite3_reset(sd->has_text);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
storydb_print_get(struct storydb *sd, long long doc, struct fingerprint *fp)
{
	const void *blob;
	int	 ok = 0;

	sqlite3_bind_int64(sd->print_get, 1, doc);
	if (sqlite3_step(sd->print_get) == SQLITE_ROW &&
	    sqlite3_column_bytes(sd->print_get, 3) == sizeof fp->minhash &&
	    (blob = sqlite3_column_blob(sd->print_get, 3)) != NULL) {
		memset(fp, 0, sizeof *fp);
		snprintf(fp->text_sha256, sizeof fp->text_sha256, "%s",
		    (const char *)sqlite3_column_text(sd->print_get, 0));
		fp->words = (uint32_t)sqlite3_column_int(sd->print_get, 1);
		fp->shingles = (uint32_t)sqlite3_column_int(sd->print_get, 2);
		memcpy(fp->minhash, blob, sizeof fp->minhash);
		ok = 1;
	}
	sqlite3_reset(sd->print_get);
	return ok;
}

/* A new reference to story id's state, parsed once and kept; NULL if the
 * story has none that reads. */
static json_t *
storydb_state(struct storydb *sd, long long id)
{
	json_t		*state;
	const char	*text;

	if ((state = storycache_get(sd->cache, id)) != NULL)
		return state;
	sqlite3_bind_int64(sd->state_get, 1, id);
	if (sqlite3_step(sd->state_get) == SQLITE_ROW && (text = (const char *)
	    sqlite3_column_text(sd->state_get, 0)) != NULL &&
	    (state = jsonload(text, (size_t)sqlite3_column_bytes(sd->state_get,
	    0))) != NULL)
		storycache_put(sd->cache, id, state);
	sqlite3_reset(sd->state_get);
	return state;
}

/* The stored document this fingerprint copies best, if any. */
static void
storydb_find_copy(struct storydb *sd, long long doc,
    const struct fingerprint *fp, struct storydb_copy *c)
{
	struct fingerprint_match m;
	struct fingerprint other;
	int64_t		 keys[FINGERPRINT_BANDS];
	long long	 seen[FINGERPRINT_BANDS * STORYDB_BAND_DOCS], id;
	size_t		 b, nseen = 0, i;

	fingerprint_bands(fp, keys);
	for (b = 0; b < FINGERPRINT_BANDS; b++) {
		sqlite3_bind_int64(sd->band_find, 1, keys[b]);
		while (sqlite3_step(sd->band_find) == SQLITE_ROW) {
			id = sqlite3_column_int64(sd->band_find, 0);
			for (i = 0; i < nseen && seen[i] != id; i++)
				;
			if (i < nseen || id == doc)
				continue;
			seen[nseen++] = id;
		}
		sqlite3_reset(sd->band_find);
	}
	for (i = 0; i < nseen; i++) {
		if (!storydb_print_get(sd, seen[i], &other))
			continue;
		fingerprint_compare(fp, &other, &m);
		if (m.copy && (c->doc == 0 || m.jaccard > c->similarity)) {
			c->doc = seen[i];
			c->similarity = m.jaccard;
			c->same_text = m.same_text;
		}
	}
}

/*
 * Records a new document's fingerprint and finds, in *c, the document it
 * copies (same normalised text, or a near-copy). An SQLite result code.
 */
int
storydb_document(struct storydb *sd, long long doc, const struct fingerprint *fp,
    struct storydb_copy *c)
{
	int64_t	 keys[FINGERPRINT_BANDS];
	size_t	 b;
	int	 rc;

	memset(c, 0, sizeof *c);
	storydb_find_copy(sd, doc, fp, c);
	sqlite3_bind_int64(sd->print_ins, 1, doc);
	sqlite3_bind_text(sd->print_ins, 2, fp->text_sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int(sd->print_ins, 3, (int)fp->words);
	sqlite3_bind_int(sd->print_ins, 4, (int)fp->shingles);
	sqlite3_bind_blob(sd->print_ins, 5, fp->minhash, sizeof fp->minhash,
	    SQLITE_STATIC);
	if ((rc = storydb_done(sd->print_ins)) != SQLITE_OK)
		return rc;
	/* an empty text has no shingles to find copies by */
	fingerprint_bands(fp, keys);
	for (b = 0; fp->shingles > 0 && b < FINGERPRINT_BANDS; b++) {
		sqlite3_bind_int64(sd->band_ins, 1, keys[b]);
		sqlite3_bind_int64(sd->band_ins, 2, doc);
		if ((rc = storydb_done(sd->band_ins)) != SQLITE_OK)
			return rc;
	}
	return SQLITE_OK;
}

/* The time `days` before a received time, in the same form. */
static void
storydb_before(const char *at, int days, char *out, size_t len)
{
	struct tm	 tm;
	time_t		 t;

	memset(&tm, 0, sizeof tm);
	if (at == NULL || sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
	    &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, len, "%s", "");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon--;
	t = timegm(&tm) - (time_t)days * 86400;
	gmtime_r(&t, &tm);
	strftime(out, len, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
}

/* Moves `since` back to the start of a day (days since 1970) before it. */
static void
storydb_since_day(long day, char *since, size_t len)
{
	struct tm	 tm;
	time_t		 t = (time_t)day * 86400;
	char		 buf[40];

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, sizeof buf,
	    "%Y-%m-%dT00:00:00.000Z", &tm) == 0)
		return;
	if (strcmp(buf, since) < 0)
		snprintf(since, len, "%s", buf);
}

/* The open story that fits the event best (a new reference), or NULL;
 * *closest says why the nearest miss missed. */
static json_t *
storydb_best(struct storydb *sd, json_t *ev, const struct storydb_event *e,
    long long *id, struct storydb_why *best, struct story_why *closest)
{
	const char	*at = e->at;
	json_t		*places = e->places;
	struct story_why w;
	json_t		*p = json_object_get(ev, "place"), *state, *found = NULL;
	const char	*cc = json_string_value(json_object_get(p, "country"));
	char		 since[40];
	long		 lo, hi;
	int		 rank = story_rank(p);

	closest->score = -1000;
	storydb_before(at, STORY_OPEN_DAYS, since, sizeof since);
	/* a report that gives the event's date finds its story however long
	 * it has been quiet: its last report came on or after that day */
	if (story_event_days(ev, at, &lo, &hi))
		storydb_since_day(lo, since, sizeof since);
	sqlite3_bind_text(sd->candidates, 1, story_family(ev), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(sd->candidates, 2, since, -1, SQLITE_TRANSIENT);
	if (rank >= 1 && cc != NULL)
		sqlite3_bind_text(sd->candidates, 3, cc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(sd->candidates, 4, rank);
	if (json_is_number(json_object_get(p, "lat")) &&
	    json_is_number(json_object_get(p, "lon"))) {
		sqlite3_bind_double(sd->candidates, 5, json_number_value(
		    json_object_get(p, "lat")));
		sqlite3_bind_double(sd->candidates, 6, json_number_value(
		    json_object_get(p, "lon")));
	}
	while (sqlite3_step(sd->candidates) == SQLITE_ROW) {
		state = storydb_state(sd, sqlite3_column_int64(sd->candidates,
		    0));
		if (state == NULL)
			continue;
		story_match_report(state, ev, places, at, &w);
		if (w.score >= STORY_JOIN && (found == NULL ||
		    w.score > best->why.score)) {
			json_decref(found);
			found = state;
			*id = sqlite3_column_int64(sd->candidates, 0);
			best->why = w;
			continue;
		}
		if (w.score > closest->score) {
			*closest = w;
			best->closest = sqlite3_column_int64(sd->candidates, 0);
		}
		json_decref(state);
	}
	sqlite3_reset(sd->candidates);
	sqlite3_clear_bindings(sd->candidates);
	return found;
}

/*
 * The story the lead event of a report joins on the evidence of its other
 * events: one of them joins an open story on its own, and the lead, ruled
 * out by nothing nor by that event, fits it with that as one more piece of
 * evidence (the lead names a country where the other names the town).
 * A new reference, or NULL.
 */
static json_t *
storydb_vouched(struct storydb *sd, const struct storydb_event *e, json_t *ev,
    long long *id, struct storydb_why *best)
{
	struct storydb_why sib;
	struct story_why w, miss;
	json_t		*other, *state, *found = NULL;
	long long	 sid;
	size_t		 i;

	if (json_array_get(e->events, 0) != ev)
		return NULL;
	for (i = 1; i < json_array_size(e->events); i++) {
		other = json_array_get(e->events, i);
		memset(&sib, 0, sizeof sib);
		if ((state = storydb_best(sd, other, e, &sid, &sib,
		    &miss)) == NULL)
			continue;
		if (story_akin(other, ev, e->at) && story_match_report(state,
		    ev, e->places, e->at, &w) >= 0 && w.score +
		    STORY_W_SIBLING >= STORY_JOIN && (found == NULL ||
		    w.score > best->why.score)) {
			json_decref(found);
			found = state;
			*id = sid;
			best->why = w;
			best->why.score += STORY_W_SIBLING;
			best->sibling = i;
		} else
			json_decref(state);
	}
	return found;
}

/* The story of the original that the copy's event fits, or NULL. */
static json_t *
storydb_copy_story(struct storydb *sd, json_t *ev, const char *at,
    const struct storydb_copy *c, long long *id, long long *first,
    struct storydb_why *best)
{
	struct story_why w;
	json_t		*state, *found = NULL;
	long long	 sid;

	sqlite3_bind_int64(sd->doc_stories, 1, c->doc);
	while (sqlite3_step(sd->doc_stories) == SQLITE_ROW) {
		sid = sqlite3_column_int64(sd->doc_stories, 1);
		if (found != NULL && sid == *id)
			continue;
		if ((state = storydb_state(sd, sid)) == NULL)
			continue;
		/* the original's story, if the event could belong to it */
		if (story_match(state, ev, at, &w) >= 0 && (found == NULL ||
		    w.score > best->why.score)) {
			json_decref(found);
			found = state;
			*id = sid;
			*first = sqlite3_column_int64(sd->doc_stories, 0);
			best->why = w;
		} else
			json_decref(state);
	}
	sqlite3_reset(sd->doc_stories);
	return found;
}

static int
storydb_save(struct storydb *sd, json_t *state, int fresh)
{
	sqlite3_stmt	*s = fresh ? sd->story_ins : sd->story_upd;
	json_t		*p = json_object_get(state, "place"), *d;
	const char	*cc = json_string_value(json_object_get(p, "country"));
	char		*text;
	int		 rank = story_rank(p);

	sqlite3_bind_int64(s, 1, json_integer_value(json_object_get(state,
	    "id")));
	sqlite3_bind_text(s, 2, json_string_value(json_object_get(state,
	    "family")), -1, SQLITE_TRANSIENT);
	if (rank >= 1 && cc != NULL)
		sqlite3_bind_text(s, 3, cc, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 4, rank);
	if (json_is_number(json_object_get(p, "lat"))) {
		sqlite3_bind_double(s, 5, json_number_value(json_object_get(p,
		    "lat")));
		sqlite3_bind_double(s, 6, json_number_value(json_object_get(p,
		    "lon")));
	}
	if (json_is_object(d = json_object_get(state, "date"))) {
		sqlite3_bind_int64(s, 7, json_integer_value(json_object_get(d,
		    "lo")));
		sqlite3_bind_int64(s, 8, json_integer_value(json_object_get(d,
		    "hi")));
	}
	sqlite3_bind_text(s, 9, json_string_value(json_object_get(state,
	    "last_at")), -1, SQLITE_TRANSIENT);
	text = json_dumps(state, JSON_COMPACT);
	sqlite3_bind_text(s, 10, text, -1, free);
	return storydb_done(s);
}

static int
storydb_report(struct storydb *sd, const struct storydb_event *e,
    json_t *ev, long long story, const struct story_report *r, int score,
    const char *why)
{
	char	*outlet = story_outlet(ev, e->path);

	sqlite3_bind_int64(sd->report_ins, 1, e->seq);
	sqlite3_bind_int64(sd->report_ins, 2, story);
	sqlite3_bind_int64(sd->report_ins, 3, e->doc);
	sqlite3_bind_int(sd->report_ins, 4, score);
	if (r->copy_of > 0)
		sqlite3_bind_int64(sd->report_ins, 5, r->copy_of);
	sqlite3_bind_text(sd->report_ins, 6, outlet, -1, free);
	sqlite3_bind_text(sd->report_ins, 7, e->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(sd->report_ins, 8, why, -1, SQLITE_STATIC);
	return storydb_done(sd->report_ins);
}

/*
 * Puts an event in its story: the story of the document it copies, else
 * the open story its evidence fits best, else a new one. Sets the event's
 * `story` (raqib.event/1), records why, and returns the story's id in
 * *story. An SQLite result code.
 */
int
storydb_event(struct storydb *sd, const struct storydb_event *e, json_t *ev,
    long long *story)
{
	struct story_report r = { e->seq, e->sha256, e->path, e->at, 0, 0 };
	struct storydb_why best;
	struct story_why closest;
	json_t		*state = NULL, *update = NULL;
	long long	 id = 0, first = 0;
	char		*why, *outlet = story_outlet(ev, e->path);
	int		 rc, fresh = 0;

	memset(&best, 0, sizeof best);
	memset(&closest, 0, sizeof closest);
	if (e->copy != NULL && e->copy->doc > 0 &&
	    (state = storydb_copy_story(sd, ev, e->at, e->copy, &id, &first,
	    &best)) != NULL) {
		r.copy_of = first;
		r.similarity = e->copy->similarity;
		xasprintf(&why, "%s of document %lld (similarity %.2f): %s",
		    e->copy->same_text ? "same text as" : "near-copy",
		    e->copy->doc, e->copy->similarity, best.why.text);
	} else if ((state = storydb_best(sd, ev, e, &id, &best,
	    &closest)) != NULL)
		xasprintf(&why, "score %d: %s", best.why.score, best.why.text);
	else if ((state = storydb_vouched(sd, e, ev, &id, &best)) != NULL)
		xasprintf(&why, "score %d with the report's event %zu, which "
		    "joins on its own: %s", best.why.score, best.sibling + 1,
		    best.why.text);
	else if (best.closest > 0)
		xasprintf(&why, "first report; nearest story %lld scored %d: %s",
		    best.closest, closest.score, closest.text);
	else
		why = xstrdup("first report; no open story of its kind");
	if (state != NULL)
		update = story_add(state, ev, &r);
	else {
		id = e->seq;
		state = story_start(id, ev, &r);
		fresh = 1;
	}
	json_object_set_new(ev, "story", story_public(state, &r, update, why));
	json_object_set_new(json_object_get(ev, "story"), "outlet",
	    json_string(outlet));
	json_decref(update);
	rc = storydb_save(sd, state, fresh);
	if (rc == SQLITE_OK)
		rc = storydb_report(sd, e, ev, id, &r, fresh ? 0 :
		    best.why.score, why);
	/* the kept state is the one stored, or none is kept */
	if (rc == SQLITE_OK)
		storycache_put(sd->cache, id, state);
	else
		storycache_clear(sd->cache);
	log_debug("story %lld: seq %lld: %s", id, e->seq, why);
	json_decref(state);
	free(why);
	free(outlet);
	*story = id;
	return rc;
}
