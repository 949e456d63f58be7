#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jansson.h>
#include <sqlite3.h>

#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "message.h"
#include "store.h"
#include "store-int.h"
#include "raqib/storydb.h"




static const char *store_schema =
    "CREATE TABLE IF NOT EXISTS documents ("
    " id INTEGER PRIMARY KEY,"
    " sha256 TEXT NOT NULL UNIQUE,"
    " path TEXT NOT NULL,"
    " title TEXT,"
    " bytes INTEGER NOT NULL,"
    " encoding TEXT NOT NULL,"
    " received_at TEXT NOT NULL,"
    " extract TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS files ("
    " path TEXT PRIMARY KEY,"
    " size INTEGER NOT NULL,"
    " mtime_ns INTEGER NOT NULL,"
    " ino INTEGER NOT NULL,"
    " sha256 TEXT,"
    " status TEXT NOT NULL,"
    " seen_at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS rejections ("
    " id INTEGER PRIMARY KEY,"
    " path TEXT NOT NULL,"
    " sha256 TEXT,"
    " reason TEXT NOT NULL,"
    " detail TEXT,"
    " at TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS events ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " doc_id INTEGER NOT NULL REFERENCES documents(id),"
    " topic TEXT NOT NULL,"
    " type TEXT NOT NULL,"
    " story INTEGER NOT NULL,"
    " place_key TEXT,"
    " received_at TEXT NOT NULL,"
    " json TEXT NOT NULL);"
    "CREATE INDEX IF NOT EXISTS events_story ON events(type, place_key, seq);"
    "CREATE INDEX IF NOT EXISTS events_story_id ON events(story);"
    "CREATE TABLE IF NOT EXISTS entities ("
    " doc_id INTEGER NOT NULL REFERENCES documents(id),"
    " kind TEXT NOT NULL,"
    " ident TEXT NOT NULL,"
    " name TEXT,"
    " mentions INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS entities_ident ON entities(kind, ident);";

static void
store_now(char *buf, size_t len)
{
	struct timespec	ts;
	struct tm	tm;
	char		s[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, len, "%s.%03dZ", s, (int)(ts.tv_nsec / 1000000) % 1000);
}

/* Busy, locked, full or I/O trouble is worth another try later. */
static int
store_transient(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_FULL ||
	    rc == SQLITE_IOERR || rc == SQLITE_CANTOPEN || rc == SQLITE_PROTOCOL;
}

static int
store_prepare(struct store *st, sqlite3_stmt **s, const char *sql, char **cause)
{
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, s,
	    NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: prepare: %s", st->path,
		    sqlite3_errmsg(st->db));
		return -1;
	}
	return 0;
}

static int
store_exec(struct store *st, const char *sql, char **cause)
{
	char	*err = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		if (cause != NULL)
			xasprintf(cause, "%s: %s", st->path, err ? err :
			    sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Creates the schema, or checks the version of an existing one. */
static int
store_migrate(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	int		 version = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) !=
	    SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW)
		version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (version > STORE_SCHEMA_VERSION) {
		xasprintf(cause, "%s: schema version %d is newer than this "
		    "raqibd (%d)", st->path, version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version == STORE_SCHEMA_VERSION)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) == -1)
		return -1;
	/* version 2 added the stories and fingerprints (storydb.c) */
	if (store_exec(st, store_schema, cause) == -1 ||
	    store_exec(st, storydb_schema, cause) == -1 ||
	    store_exec(st, "PRAGMA user_version = 2", cause) == -1) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return store_exec(st, "COMMIT", cause);
}

/*
 * The store's identity: a random id made once, so that a client whose
 * resume file names another store (replaced, or a new one) knows its
 * seqs mean nothing here. Stores made before the id existed get one now.
 */
static int
store_identity(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	const char	*v;

	if (store_exec(st, "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY "
	    "KEY, value TEXT NOT NULL); INSERT OR IGNORE INTO meta VALUES "
	    "('store_id', lower(hex(randomblob(16))))", cause) == -1)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = "
	    "'store_id'", -1, &s, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW && (v = (const char *)
	    sqlite3_column_text(s, 0)) != NULL)
		snprintf(st->id, sizeof st->id, "%s", v);
	sqlite3_finalize(s);
	if (st->id[0] == '\0') {
		xasprintf(cause, "%s: no store_id in table meta", st->path);
		return -1;
	}
	return 0;
}

const char *
store_id(struct store *st)
{
	return st->id;
}

/*
 * This run of raqibd on the store: a random id made at each open, filed
 * with the last seq the store had then. A copy restored from a backup
 * keeps the runs it had when copied, and the run a client's position was
 * taken in tells how far the restored store still holds what it followed
 * (store_generation_end): the store id alone is the same in both.
 */
static int
store_generation_new(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	const char	*v;

	if (store_exec(st, "CREATE TABLE IF NOT EXISTS generations (n INTEGER "
	    "PRIMARY KEY, id TEXT NOT NULL UNIQUE, after INTEGER NOT NULL, "
	    "started_at TEXT NOT NULL); INSERT INTO generations(id, after, "
	    "started_at) VALUES (lower(hex(randomblob(8))), (SELECT "
	    "coalesce(max(seq), 0) FROM events), strftime('%Y-%m-%dT%H:%M:%SZ', "
	    "'now'))", cause) == -1)
		return -1;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM generations ORDER BY n "
	    "DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
		return -1;
	}
	if (sqlite3_step(s) == SQLITE_ROW && (v = (const char *)
	    sqlite3_column_text(s, 0)) != NULL)
		snprintf(st->generation, sizeof st->generation, "%s", v);
	sqlite3_finalize(s);
	if (st->generation[0] == '\0') {
		xasprintf(cause, "%s: no row in table generations", st->path);
		return -1;
	}
	return 0;
}

const char *
store_generation(struct store *st)
{
	return st->generation;
}

/*
 * The last seq the run id made or received: the store's head for this
 * run, else the seq the next run began after. -1 if this store never had
 * that run (a copy older than it, or another store's), or on an error.
 */
long long
store_generation_end(struct store *st, const char *id)
{
	sqlite3_stmt	*s;
	long long	 end = -1;

	if (strcmp(id, st->generation) == 0)
		return store_last_seq(st);
	if (sqlite3_prepare_v2(st->db, "SELECT (SELECT after FROM generations "
	    "WHERE n > g.n ORDER BY n LIMIT 1) FROM generations g WHERE "
	    "g.id = ?1", -1, &s, NULL) != SQLITE_OK) {
		log_warnx("store: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    sqlite3_column_type(s, 0) == SQLITE_INTEGER)
		end = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return end;
}

struct store *
store_open(const char *path, char **cause)
{
	struct store	*st = xcalloc(1, sizeof *st);
	char		*dir, *slash;

	store_checkpointer_init(st);
	st->path = xstrdup(path);
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
			xasprintf(cause, "%s: %s", dir, strerror(errno));
			free(dir);
			goto fail;
		}
	}
	free(dir);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
		xasprintf(cause, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) :
		    "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);
	if (store_exec(st, "PRAGMA journal_mode = WAL", cause) == -1 ||
	    store_exec(st, "PRAGMA synchronous = NORMAL", cause) == -1 ||
	    store_exec(st, "PRAGMA journal_size_limit = " STORE_WAL_LIMIT,
	    cause) == -1 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", cause) == -1 ||
	    /* a savepoint's journal in memory, not a file made per document */
	    store_exec(st, "PRAGMA temp_store = MEMORY", cause) == -1 ||
	    store_migrate(st, cause) == -1 || store_identity(st, cause) == -1 ||
	    store_generation_new(st, cause) == -1 ||
	    /* for replay "since" a time; added to stores of every version */
	    store_exec(st, "CREATE INDEX IF NOT EXISTS events_received ON "
	    "events(received_at)", cause) == -1)
		goto fail;
	if (store_prepare(st, &st->file_seen, "SELECT 1 FROM files WHERE "
	    "path = ?1 AND size = ?2 AND mtime_ns = ?3 AND ino = ?4", cause) ||
	    store_prepare(st, &st->file_mark, "INSERT INTO files(path, size, "
	    "mtime_ns, ino, sha256, status, seen_at) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7) ON CONFLICT(path) DO UPDATE SET size = ?2, "
	    "mtime_ns = ?3, ino = ?4, sha256 = ?5, status = ?6, seen_at = ?7",
	    cause) ||
	    store_prepare(st, &st->has_sha, "SELECT 1 FROM documents WHERE "
	    "sha256 = ?1", cause) ||
	    store_prepare(st, &st->reject, "INSERT INTO rejections(path, "
	    "sha256, reason, detail, at) VALUES (?1, ?2, ?3, ?4, ?5)", cause) ||
	    store_prepare(st, &st->doc_ins, "INSERT INTO documents(sha256, "
	    "path, title, bytes, encoding, received_at, extract) VALUES (?1, "
	    "?2, ?3, ?4, ?5, ?6, ?7)", cause) ||
	    store_prepare(st, &st->ev_ins, "INSERT INTO events(doc_id, topic, "
	    "type, story, place_key, received_at, json) VALUES (?1, ?2, ?3, 0, "
	    "?4, ?5, '')", cause) ||
	    store_prepare(st, &st->ev_upd, "UPDATE events SET story = ?2, "
	    "json = ?3 WHERE seq = ?1", cause) ||
	    store_prepare(st, &st->ent_ins, "INSERT INTO entities(doc_id, kind, "
	    "ident, name, mentions) VALUES (?1, ?2, ?3, ?4, ?5)", cause) ||
	    store_prepare(st, &st->last_seq, "SELECT coalesce(max(seq), 0) FROM "
	    "events", cause) ||
	    store_prepare(st, &st->replay, "SELECT seq, topic, json FROM events "
	    "WHERE seq > ?1 AND seq <= ?2 ORDER BY seq LIMIT ?3", cause) ||
	    store_prepare(st, &st->seq_at, "SELECT coalesce((SELECT min(seq) "
	    "FROM events WHERE received_at >= ?1), (SELECT coalesce(max(seq), "
	    "0) + 1 FROM events)) - 1", cause) ||
	    store_prepare(st, &st->newest, "SELECT seq, topic FROM events "
	    "WHERE seq > ?1 ORDER BY seq DESC", cause) ||
	    (st->stories = storydb_open(st->db, st->path, cause)) == NULL)
		goto fail;
	store_checkpointer_start(st);
	return st;
fail:
	store_close(st);
	return NULL;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	store_checkpointer_stop(st);
	sqlite3_finalize(st->file_seen);
	sqlite3_finalize(st->file_mark);
	sqlite3_finalize(st->has_sha);
	sqlite3_finalize(st->reject);
	sqlite3_finalize(st->doc_ins);
	sqlite3_finalize(st->ev_ins);
	sqlite3_finalize(st->ev_upd);
	sqlite3_finalize(st->ent_ins);
	storydb_close(st->stories);
	sqlite3_finalize(st->last_seq);
	sqlite3_finalize(st->replay);
	sqlite3_finalize(st->seq_at);
	sqlite3_finalize(st->newest);
	if (st->db != NULL) {
		/* fold the WAL back so the file is whole on its own */
		sqlite3_exec(st->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL,
		    NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

static int
store_step_done(struct store *st, sqlite3_stmt *s)
{
	int	rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return STORE_OK;
	log_warnx("store: %s", sqlite3_errmsg(st->db));
	return store_transient(rc) ? STORE_RETRY : STORE_ERR;
}

/* Whether this path with this size, time and inode was already handled. */
int
store_file_seen(struct store *st, const struct store_file *f)
{
	int	rc;

	sqlite3_bind_text(st->file_seen, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st->file_seen, 2, f->size);
	sqlite3_bind_int64(st->file_seen, 3, f->mtime_ns);
	sqlite3_bind_int64(st->file_seen, 4, f->ino);
	rc = sqlite3_step(st->file_seen);
	sqlite3_reset(st->file_seen);
	return rc == SQLITE_ROW;
}

int
store_has_sha(struct store *st, const char *sha)
{
	int	rc;

	sqlite3_bind_text(st->has_sha, 1, sha, -1, SQLITE_STATIC);
	rc = sqlite3_step(st->has_sha);
	sqlite3_reset(st->has_sha);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

static void
store_bind_file(struct store *st, const struct store_file *f, const char *sha,
    const char *status)
{
	char	now[40];

	store_now(now, sizeof now);
	sqlite3_bind_text(st->file_mark, 1, f->path, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st->file_mark, 2, f->size);
	sqlite3_bind_int64(st->file_mark, 3, f->mtime_ns);
	sqlite3_bind_int64(st->file_mark, 4, f->ino);
	if (sha != NULL)
		sqlite3_bind_text(st->file_mark, 5, sha, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st->file_mark, 5);
	sqlite3_bind_text(st->file_mark, 6, status, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->file_mark, 7, now, -1, SQLITE_TRANSIENT);
}

int
store_file_mark(struct store *st, const struct store_file *f, const char *sha,
    const char *status)
{
	store_bind_file(st, f, sha, status);
	return store_step_done(st, st->file_mark);
}

/*
 * A group of documents is one transaction (store_group_begin, _end): each
 * document's writes are a savepoint in it, undone alone when it fails. A
 * document alone is a transaction of its own.
 */
static int
store_txn_begin(struct store *st, char **cause)
{
	if (!st->group)
		return store_exec(st, "BEGIN IMMEDIATE", cause);
	/* an error that rolled the group back: nothing more joins it */
	if (st->group_lost || sqlite3_get_autocommit(st->db)) {
		st->group_lost = 1;
		if (cause != NULL)
			xasprintf(cause, "%s: the group's transaction was rolled "
			    "back", st->path);
		return -1;
	}
	return store_exec(st, "SAVEPOINT doc", cause);
}

static int
store_txn_end(struct store *st, char **cause)
{
	return store_exec(st, st->group ? "RELEASE doc" : "COMMIT", cause);
}

static void
store_txn_abort(struct store *st)
{
	if (!st->group) {
		store_exec(st, "ROLLBACK", NULL);
		return;
	}
	if (store_exec(st, "ROLLBACK TO doc; RELEASE doc", NULL) == -1)
		st->group_lost = 1;
	/* no rollback hook tells storydb of a savepoint's */
	storydb_forget(st->stories);
}

/* Starts a group of documents stored together. */
int
store_group_begin(struct store *st, char **cause)
{
	if (store_exec(st, "BEGIN IMMEDIATE", cause) == -1)
		return STORE_RETRY;
	st->group = 1;
	st->group_lost = 0;
	return STORE_OK;
}

/* Commits the group: STORE_OK, or STORE_RETRY when nothing of it is stored
 * (the commit failed, or an error had rolled it back). */
int
store_group_end(struct store *st, char **cause)
{
	int	lost = st->group_lost || sqlite3_get_autocommit(st->db);

	st->group = 0;
	st->group_lost = 0;
	if (!lost && store_exec(st, "COMMIT", cause) == 0)
		return STORE_OK;
	if (!sqlite3_get_autocommit(st->db))
		store_exec(st, "ROLLBACK", NULL);
	return STORE_RETRY;
}

/* Records why a file was not processed; the file is marked seen too. */
int
store_reject(struct store *st, const struct store_file *f, const char *sha,
    const char *reason, const char *detail)
{
	char	now[40];
	int	rc;

	store_now(now, sizeof now);
	if (store_txn_begin(st, NULL) == -1)
		return STORE_RETRY;
	sqlite3_bind_text(st->reject, 1, f->path, -1, SQLITE_STATIC);
	if (sha != NULL)
		sqlite3_bind_text(st->reject, 2, sha, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st->reject, 2);
	sqlite3_bind_text(st->reject, 3, reason, -1, SQLITE_STATIC);
	if (detail != NULL)
		sqlite3_bind_text(st->reject, 4, detail, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st->reject, 4);
	sqlite3_bind_text(st->reject, 5, now, -1, SQLITE_TRANSIENT);
	rc = store_step_done(st, st->reject);
	if (rc == STORE_OK && f->size >= 0)
		rc = store_file_mark(st, f, sha, "rejected");
	if (rc != STORE_OK) {
		store_txn_abort(st);
		return rc;
	}
	return store_txn_end(st, NULL) == 0 ? STORE_OK : STORE_RETRY;
}

static int
store_entities(struct store *st, long long doc, json_t *x, const char *field,
    const char *idkey)
{
	json_t	*e, *id;
	size_t	 i;
	int	 rc;

	json_array_foreach(json_object_get(x, field), i, e) {
		id = json_object_get(e, idkey);
		if (!json_is_string(id))
			id = json_object_get(e, "name_ar");
		if (!json_is_string(id))
			continue;
		sqlite3_bind_int64(st->ent_ins, 1, doc);
		sqlite3_bind_text(st->ent_ins, 2, field, -1, SQLITE_STATIC);
		sqlite3_bind_text(st->ent_ins, 3, json_string_value(id), -1,
		    SQLITE_TRANSIENT);
		if (json_is_string(json_object_get(e, "name")))
			sqlite3_bind_text(st->ent_ins, 4, json_string_value(
			    json_object_get(e, "name")), -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st->ent_ins, 4);
		sqlite3_bind_int64(st->ent_ins, 5, (sqlite3_int64)json_array_size(
		    json_object_get(e, "mentions")));
		if ((rc = store_step_done(st, st->ent_ins)) != STORE_OK)
			return rc;
	}
	return STORE_OK;
}

/* The document's row, its entities and its fingerprint; *doc is its id.
 * STORE_DUP if the content is already stored. */
static int
store_document_row(struct store *st, const struct store_doc *d, json_t *x,
    const char *now, long long *doc, struct storydb_copy *copy)
{
	struct fingerprint fp;
	json_t		*title = json_object_get(json_object_get(x, "doc"), "title");
	char		*text;
	int		 rc;

	/* the same decoded, normalised text as a stored document (re-encoded,
	 * other line ends or spacing), or as a group's earlier one */
	if (d->print != NULL && storydb_has_text(st->stories,
	    d->print->text_sha256) == 1)
		return STORE_DUP;
	/* the worker's text, unless the caller has only the object */
	text = d->json != NULL ? NULL : json_dumps(x, JSON_COMPACT);
	sqlite3_bind_text(st->doc_ins, 1, d->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->doc_ins, 2, d->path, -1, SQLITE_STATIC);
	if (json_is_string(title))
		sqlite3_bind_text(st->doc_ins, 3, json_string_value(title), -1,
		    SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->doc_ins, 3);
	sqlite3_bind_int64(st->doc_ins, 4, (sqlite3_int64)d->bytes);
	sqlite3_bind_text(st->doc_ins, 5, d->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st->doc_ins, 6, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st->doc_ins, 7, text != NULL ? text : d->json, -1,
	    SQLITE_TRANSIENT);
	rc = sqlite3_step(st->doc_ins);
	sqlite3_reset(st->doc_ins);
	free(text);
	if (rc == SQLITE_CONSTRAINT)
		return STORE_DUP;
	if (rc != SQLITE_DONE)
		return store_transient(rc) ? STORE_RETRY : STORE_ERR;
	*doc = sqlite3_last_insert_rowid(st->db);
	if ((rc = store_entities(st, *doc, x, "places", "name")) != STORE_OK ||
	    (rc = store_entities(st, *doc, x, "actors", "id")) != STORE_OK ||
	    (rc = store_entities(st, *doc, x, "people", "name")) != STORE_OK)
		return rc;
	if (d->print == NULL)	/* a caller without the text: as good as empty */
		fingerprint_make("", 0, &fp);
	rc = storydb_document(st->stories, *doc, d->print ? d->print : &fp,
	    copy);
	if (rc != SQLITE_OK)
		return store_transient(rc) ? STORE_RETRY : STORE_ERR;
	return STORE_OK;
}

/* One event: its row gives its seq, storydb its story, message.c makes
 * it the raqib.event/1 stored with them and returned in *out. */
static int
store_document_event(struct store *st, const struct storydb_event *se,
    const struct message_doc *md, json_t *ev, struct store_event *out)
{
	struct storydb_event e = *se;
	struct message_keys k;
	long long	 story;
	int		 rc;

	message_keys(ev, &k);
	sqlite3_bind_int64(st->ev_ins, 1, e.doc);
	sqlite3_bind_text(st->ev_ins, 2, k.topic, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st->ev_ins, 3, k.type, -1, SQLITE_TRANSIENT);
	if (k.place != NULL)
		sqlite3_bind_text(st->ev_ins, 4, k.place, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->ev_ins, 4);
	sqlite3_bind_text(st->ev_ins, 5, e.at, -1, SQLITE_TRANSIENT);
	rc = store_step_done(st, st->ev_ins);
	message_keys_clear(&k);
	if (rc != STORE_OK)
		return rc;
	e.seq = sqlite3_last_insert_rowid(st->db);
	if ((rc = storydb_event(st->stories, &e, ev, &story)) != SQLITE_OK)
		return store_transient(rc) ? STORE_RETRY : STORE_ERR;
	message_complete(ev, e.seq, md);
	out->topic = xstrdup(k.topic);
	out->type = xstrdup(k.type);
	out->json = json_dumps(ev, JSON_COMPACT);
	sqlite3_bind_int64(st->ev_upd, 1, e.seq);
	sqlite3_bind_int64(st->ev_upd, 2, story);
	sqlite3_bind_text(st->ev_upd, 3, out->json, -1, SQLITE_STATIC);
	rc = store_step_done(st, st->ev_upd);
	sqlite3_clear_bindings(st->ev_upd);
	return rc;
}

/*
 * Stores a document, its entities and its events in one transaction and
 * returns, in *out, the raqib.event/1 messages to publish (each with the
 * seq the store gave it). STORE_DUP if the content is already stored;
 * STORE_RETRY when the database is busy or full.
 */
int
store_document(struct store *st, const struct store_doc *d, json_t *x,
    struct store_event **out, size_t *nout, char **cause)
{
	struct store_event *evs = NULL;
	struct storydb_copy copy = { 0, 0, 0 };
	struct message_doc md;
	json_t		*ev, *list = json_object_get(x, "events");
	char		 now[40];
	long long	 doc = 0;
	size_t		 i, n = 0;
	int		 rc;

	*out = NULL;
	*nout = 0;
	store_now(now, sizeof now);
	if (store_txn_begin(st, cause) == -1)
		return STORE_RETRY;
	if ((rc = store_document_row(st, d, x, now, &doc, &copy)) == STORE_DUP) {
		/* found before anything was written: ended as it began, so
		 * the story states kept stay (an abort forgets them all) */
		if (store_txn_end(st, NULL) == -1)
			store_txn_abort(st);
		return STORE_DUP;
	}
	if (rc != STORE_OK)
		goto fail;
	md = (struct message_doc){ d->sha256, d->path, json_object_get(
	    json_object_get(x, "doc"), "title"), now, d->encoding };
	evs = xcalloc(json_array_size(list) + 1, sizeof *evs);
	/* the extraction's events become messages in place: x has been
	 * stored already */
	json_array_foreach(list, i, ev) {
		rc = store_document_event(st, &(struct storydb_event){ doc,
		    d->sha256, d->path, 0, now, &copy, list, json_object_get(x,
		    "places") }, &md, ev, &evs[n]);
		if (evs[n].json != NULL)
			n++;
		if (rc != STORE_OK)
			goto fail;
	}
	if (d->file != NULL && d->file->size >= 0) {
		store_bind_file(st, d->file, d->sha256, "stored");
		if ((rc = store_step_done(st, st->file_mark)) != STORE_OK)
			goto fail;
	}
	if (store_txn_end(st, cause) == -1) {
		store_txn_abort(st);
		store_events_free(evs, n);
		return STORE_RETRY;
	}
	*out = evs;
	*nout = n;
	return STORE_OK;
fail:
	if (*cause == NULL)
		xasprintf(cause, "%s: %s", st->path, sqlite3_errmsg(st->db));
	store_txn_abort(st);
	store_events_free(evs, n);
	return rc;
}

void
store_events_free(struct store_event *evs, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(evs[i].topic);
		free(evs[i].type);
		free(evs[i].json);
	}
	free(evs);
}
