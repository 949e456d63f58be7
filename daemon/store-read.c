/*
 * Reading the store back: the newest seq, replay in seq order under topic
 * prefixes, a seq for a time, counts for the metrics, the database's
 * health and what became of a submitted document.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>
#include <sqlite3.h>

#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "store.h"
#include "store-int.h"

long long
store_last_seq(struct store *st)
{
	long long seq = 0;

	if (sqlite3_step(st->last_seq) == SQLITE_ROW)
		seq = sqlite3_column_int64(st->last_seq, 0);
	sqlite3_reset(st->last_seq);
	return seq;
}

/*
 * The seq before the first event stored at or after a UTC time
 * (YYYY-MM-DDTHH:MM:SS[.mmm]Z), or -1. Times compare as text with
 * received_at, which always has milliseconds.
 */
long long
store_seq_before(struct store *st, const char *when)
{
	char		 t[32];
	long long	 seq = -1;

	if (strlen(when) == 20 && when[19] == 'Z')
		snprintf(t, sizeof t, "%.19s.000Z", when);
	else
		snprintf(t, sizeof t, "%s", when);
	sqlite3_bind_text(st->seq_at, 1, t, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st->seq_at) == SQLITE_ROW)
		seq = sqlite3_column_int64(st->seq_at, 0);
	else
		log_warnx("store: %s", sqlite3_errmsg(st->db));
	sqlite3_reset(st->seq_at);
	return seq;
}

/*
 * The seq after which lie the newest limit events with seq > after whose
 * topic match() accepts (topics only: the rows' JSON is not read); after
 * itself when there are fewer. -1 if the store fails.
 */
long long
store_seq_newest(struct store *st, long long after, int (*match)(void *,
    const char *), void *arg, size_t limit)
{
	long long	 seq = after;
	size_t		 n = 0;
	int		 rc;

	sqlite3_bind_int64(st->newest, 1, after);
	while ((rc = sqlite3_step(st->newest)) == SQLITE_ROW)
		if (match(arg, (const char *)sqlite3_column_text(st->newest,
		    1)) && ++n == limit) {
			seq = sqlite3_column_int64(st->newest, 0) - 1;
			break;
		}
	sqlite3_reset(st->newest);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("store: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	return seq;
}

static int
store_prefixed(const char *topic, char *const *prefixes, size_t n)
{
	size_t	i;

	if (n == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (strncmp(topic, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

/*
 * Calls cb for each stored event with after < seq <= until under the
 * prefixes, at most limit of them, scanning a bounded number of rows.
 * *last is the seq up to which the scan is complete; *more whether rows
 * remain beyond it.
 */
int
store_replay(struct store *st, long long after, long long until,
    char *const *prefixes, size_t n, size_t limit, store_replay_cb cb,
    void *arg, long long *last, int *more)
{
	long long seq, scan = (long long)limit * 20 + 100, rows = 0;
	size_t	 sent = 0;
	int	 rc;

	*last = after;
	*more = 0;
	if (until <= 0)
		until = INT64_MAX;
	sqlite3_bind_int64(st->replay, 1, after);
	sqlite3_bind_int64(st->replay, 2, until);
	sqlite3_bind_int64(st->replay, 3, scan);
	while ((rc = sqlite3_step(st->replay)) == SQLITE_ROW) {
		const char *topic = (const char *)sqlite3_column_text(st->replay,
		    1);

		seq = sqlite3_column_int64(st->replay, 0);
		rows++;
		if (sent == limit) {
			*more = 1;
			break;
		}
		*last = seq;
		if (!store_prefixed(topic, prefixes, n))
			continue;
		if (cb(arg, seq, topic, (const char *)sqlite3_column_text(
		    st->replay, 2)) == -1)
			break;
		sent++;
	}
	if (rc == SQLITE_ROW && sent < limit)
		*more = 1;
	else if (rc == SQLITE_DONE && rows >= scan)
		*more = 1;	/* the scan stopped at its bound, not the end */
	sqlite3_reset(st->replay);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_warnx("store: replay: %s", sqlite3_errmsg(st->db));
		return -1;
	}
	/* the scan reached the end: everything up to the head is covered */
	if (!*more) {
		long long head = store_last_seq(st);

		*last = head < until ? head : until;
		if (*last < after)
			*last = after;
	}
	return 0;
}

static long long
store_count(struct store *st, const char *sql)
{
	sqlite3_stmt	*s;
	long long	 n = -1;

	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

int
store_stats(struct store *st, struct store_stats *ss)
{
	struct stat sb;
	char	*wal;

	ss->documents = store_count(st, "SELECT count(*) FROM documents");
	ss->events = store_count(st, "SELECT count(*) FROM events");
	ss->rejections = store_count(st, "SELECT count(*) FROM rejections");
	ss->last_seq = store_last_seq(st);
	ss->bytes = stat(st->path, &sb) == 0 ? (long long)sb.st_size : -1;
	xasprintf(&wal, "%s-wal", st->path);
	ss->wal_bytes = stat(wal, &sb) == 0 ? (long long)sb.st_size : 0;
	free(wal);
	return ss->documents < 0 ? -1 : 0;
}

int
store_rejections_by_reason(struct store *st,
    void (*cb)(void *, const char *, long long), void *arg)
{
	sqlite3_stmt	*s;

	if (sqlite3_prepare_v2(st->db, "SELECT reason, count(*) FROM "
	    "rejections GROUP BY reason ORDER BY reason", -1, &s, NULL) !=
	    SQLITE_OK)
		return -1;
	while (sqlite3_step(s) == SQLITE_ROW)
		cb(arg, (const char *)sqlite3_column_text(s, 0),
		    sqlite3_column_int64(s, 1));
	sqlite3_finalize(s);
	return 0;
}

/*
 * What became of a document handed in (raqib submit): "stored" with its
 * events' seqs, "rejected" with the reason, or "pending" while it waits in
 * the inbox. Found by content (sha256) or, for a rejection made before
 * the content was read, by the path it was written to.
 */
json_t *
store_doc_state(struct store *st, const char *sha, const char *path)
{
	sqlite3_stmt	*s = NULL;
	json_t		*o, *seqs;
	long long	 id = -1;

	o = json_pack("{s:s,s:s}", "sha256", sha, "state", "pending");
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM documents WHERE sha256 "
	    "= ?1", -1, &s, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (id >= 0) {
		seqs = json_array();
		if (sqlite3_prepare_v2(st->db, "SELECT seq FROM events WHERE "
		    "doc_id = ?1 ORDER BY seq", -1, &s, NULL) != SQLITE_OK) {
			json_decref(seqs);
			goto fail;
		}
		sqlite3_bind_int64(s, 1, id);
		while (sqlite3_step(s) == SQLITE_ROW)
			json_array_append_new(seqs, json_integer(
			    sqlite3_column_int64(s, 0)));
		json_object_set_new(o, "state", json_string("stored"));
		json_object_set_new(o, "seqs", seqs);
	} else {
		if (sqlite3_prepare_v2(st->db, "SELECT reason, coalesce(detail, "
		    "'') FROM rejections WHERE sha256 = ?1 OR path = ?2 ORDER BY "
		    "id DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_text(s, 1, sha, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, path ? path : "", -1, SQLITE_STATIC);
		if (sqlite3_step(s) == SQLITE_ROW) {
			json_object_set_new(o, "state", json_string("rejected"));
			json_object_set_new(o, "reason", json_string((const char *)
			    sqlite3_column_text(s, 0)));
			json_object_set_new(o, "detail", json_string((const char *)
			    sqlite3_column_text(s, 1)));
		}
	}
	sqlite3_finalize(s);
	return o;
fail:
	sqlite3_finalize(s);
	json_decref(o);
	return NULL;
}
