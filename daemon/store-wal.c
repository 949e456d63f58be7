/*
 * The store's write-ahead log: checkpoints on a thread of their own, and
 * a WAL cut back by the writer when a backlog leaves the thread no moment.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "raqib/log.h"
#include "raqib/xmalloc.h"
#include "store.h"
#include "store-int.h"

/* How often the checkpointer folds the WAL into the database. */
#define STORE_CHECKPOINT_MS	1000
#define STORE_WAL_LIMIT_BYTES	67108864	/* STORE_WAL_LIMIT */
#define STORE_WAL_RETRY		64	/* frames stored before a failed cut
					   is tried again */

/*
 * Checkpoints on a thread and connection of their own: a checkpoint
 * copies and syncs megabytes, and done by the writer (SQLite's automatic
 * checkpoint) it holds up the article in hand for 10 ms or more. A
 * PASSIVE checkpoint never blocks the writer.
 */
static void *
store_checkpointer(void *arg)
{
	struct store	*st = arg;
	struct timespec	 ts;
	sqlite3		*db = NULL;
	struct stat	 sb;
	char		*wal;
	int		 rc, nlog = 0, nckpt = 0, lastlog = -1;

	if (sqlite3_open_v2(st->path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_warnx("store: checkpointer: %s: %s", st->path,
		    db ? sqlite3_errmsg(db) : "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, 1000);
	sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	sqlite3_exec(db, "PRAGMA journal_size_limit = " STORE_WAL_LIMIT, NULL,
	    NULL, NULL);
	xasprintf(&wal, "%s-wal", st->path);
	pthread_mutex_lock(&st->ckpt_lock);
	while (!st->ckpt_stop) {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += STORE_CHECKPOINT_MS / 1000;
		ts.tv_nsec += (STORE_CHECKPOINT_MS % 1000) * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&st->ckpt_cond, &st->ckpt_lock, &ts);
		if (st->ckpt_stop)
			break;
		pthread_mutex_unlock(&st->ckpt_lock);
		rc = sqlite3_wal_checkpoint_v2(db, NULL,
		    SQLITE_CHECKPOINT_PASSIVE, &nlog, &nckpt);
		if (rc != SQLITE_OK && rc != SQLITE_BUSY)
			log_warnx("store: checkpoint: %s", sqlite3_errmsg(db));
		/*
		 * Nothing written for a whole tick and all of it copied: idle,
		 * so the WAL can go. Under a backlog the writer never leaves
		 * the WAL a moment to restart, and it grows without end: past
		 * the limit, the same (TRUNCATE waits for the writer's
		 * transaction and holds the next one back for as long as it
		 * takes to copy what the PASSIVE pass just left).
		 */
		if (rc == SQLITE_OK && nlog > 0 && ((nlog == nckpt && nlog ==
		    lastlog) || (stat(wal, &sb) == 0 && sb.st_size >
		    STORE_WAL_LIMIT_BYTES)))
			sqlite3_wal_checkpoint_v2(db, NULL,
			    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		lastlog = nlog;
		pthread_mutex_lock(&st->ckpt_lock);
	}
	pthread_mutex_unlock(&st->ckpt_lock);
	free(wal);
	sqlite3_close(db);
	return NULL;
}

/*
 * After each commit on the writer's connection: a WAL past the limit is
 * folded back and cut by the writer itself. The checkpointer thread
 * cannot do it under a backlog, when the writer leaves it no moment
 * between transactions (a 1,200-article backlog grew the WAL to 146 MB
 * with the limit at 64). It does not wait: a reader holding an older
 * snapshot keeps the WAL whole (SQLITE_BUSY), and it is tried again once
 * STORE_WAL_RETRY more frames are stored, so that how far the WAL goes past
 * the limit is bounded in bytes, not in time (a second of a backlog on a
 * loaded machine was 10 MB).
 */
static int
store_wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	struct store	*st = arg;

	if (frames < st->wal_failed)
		st->wal_failed = 0;	/* cut since */
	if ((long long)frames * (st->page_size + 24) <= STORE_WAL_LIMIT_BYTES ||
	    (st->wal_failed > 0 && frames < st->wal_failed + STORE_WAL_RETRY))
		return SQLITE_OK;
	sqlite3_busy_timeout(db, 0);
	st->wal_failed = sqlite3_wal_checkpoint_v2(db, name,
	    SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) != SQLITE_OK ? frames : 0;
	sqlite3_busy_timeout(db, STORE_BUSY_MS);
	return SQLITE_OK;
}

/* Moves checkpoints off the writer, but for a WAL past the limit; if no
 * thread can start, SQLite's own automatic checkpoints stay on. */
void
store_checkpointer_start(struct store *st)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((rc = pthread_create(&st->ckpt, NULL, store_checkpointer, st)) != 0) {
		log_warnx("store: no checkpoint thread (%s); checkpoints run "
		    "inline", strerror(rc));
		return;
	}
	st->ckpt_running = 1;
	if (sqlite3_exec(st->db, "PRAGMA wal_autocheckpoint = 0", NULL, NULL,
	    NULL) != SQLITE_OK) {
		log_warnx("store: automatic checkpoints stay on");
		return;
	}
	st->page_size = 4096;
	if (sqlite3_prepare_v2(st->db, "PRAGMA page_size", -1, &s, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			st->page_size = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	/* in place of the automatic checkpoints' own hook */
	sqlite3_wal_hook(st->db, store_wal_hook, st);
}

void
store_checkpointer_init(struct store *st)
{
	pthread_mutex_init(&st->ckpt_lock, NULL);
	pthread_cond_init(&st->ckpt_cond, NULL);
}

void
store_checkpointer_stop(struct store *st)
{
	if (st->ckpt_running) {
		pthread_mutex_lock(&st->ckpt_lock);
		st->ckpt_stop = 1;
		pthread_cond_signal(&st->ckpt_cond);
		pthread_mutex_unlock(&st->ckpt_lock);
		pthread_join(st->ckpt, NULL);
		st->ckpt_running = 0;
	}
	pthread_mutex_destroy(&st->ckpt_lock);
	pthread_cond_destroy(&st->ckpt_cond);
}
