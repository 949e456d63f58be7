/* The store's insides, shared by its files: store.c (the database and
 * what is written) and store-read.c (what is read back). */
#ifndef RAQIB_STORE_INT_H
#define RAQIB_STORE_INT_H

#include <pthread.h>

#include <sqlite3.h>

/* The WAL is cut back to this when it restarts, and to nothing when the
 * daemon is idle: a backlog must not leave it ten times the database. */
#define STORE_WAL_LIMIT		"67108864"
/* How long the writer waits for a lock another connection holds. */
#define STORE_BUSY_MS		2000

struct store {
	sqlite3		*db;
	char		*path;
	char		 id[33];	/* random, fixed at creation */
	char		 generation[17]; /* random, made at each open */
	pthread_t	 ckpt;
	int		 ckpt_running, ckpt_stop;
	pthread_mutex_t	 ckpt_lock;
	pthread_cond_t	 ckpt_cond;
	int		 page_size;	/* a WAL frame is this and 24 bytes */
	int		 wal_failed;	/* the WAL's frames when a cut failed */
	int		 group;		/* in a group's transaction */
	int		 group_lost;	/* rolled back by an error in it */
	sqlite3_stmt	*file_seen, *file_mark, *has_sha, *reject, *doc_ins,
			*ev_ins, *ev_upd, *ent_ins,
			*last_seq, *replay, *seq_at, *newest;
	struct storydb	*stories;	/* stories and fingerprints */
};

/* store-wal.c */
void	store_checkpointer_init(struct store *);
void	store_checkpointer_start(struct store *);
void	store_checkpointer_stop(struct store *);

#endif
