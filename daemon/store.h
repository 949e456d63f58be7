/* The SQLite store: documents, entities, events with their seq, and the
 * files and rejections seen. Only the store's files (store.c, store-read.c)
 * and storydb.c, to which it hands its connection, include sqlite3.h; the
 * events it stores are made by message.c. */
#ifndef RAQIB_STORE_H
#define RAQIB_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define STORE_SCHEMA_VERSION	2

enum { STORE_OK = 0, STORE_RETRY = 1, STORE_DUP = 2, STORE_ERR = -1 };

struct store;
struct fingerprint;

struct store_file {
	const char	*path;
	long long	 size;
	long long	 mtime_ns;
	long long	 ino;
};

struct store_doc {
	const char	*sha256;
	const char	*path;
	const char	*encoding;
	size_t		 bytes;
	const struct store_file *file;
	const char	*json;		/* the extraction as text, or NULL */
	const struct fingerprint *print;	/* of the text, or NULL */
};

/* An event as stored, to publish once the transaction has committed. */
struct store_event {
	char		*topic;
	char		*type;
	char		*json;		/* raqib.event/1 */
};

struct store_stats {
	long long	 documents;
	long long	 events;
	long long	 rejections;
	long long	 last_seq;
	long long	 bytes;		/* database file size */
	long long	 wal_bytes;	/* its write-ahead log's */
};

typedef int (*store_replay_cb)(void *, long long, const char *, const char *);

struct store	*store_open(const char *, char **);
void		 store_close(struct store *);
int		 store_file_seen(struct store *, const struct store_file *);
int		 store_has_sha(struct store *, const char *);
int		 store_file_mark(struct store *, const struct store_file *,
		    const char *, const char *);
int		 store_reject(struct store *, const struct store_file *,
		    const char *, const char *, const char *);
int		 store_document(struct store *, const struct store_doc *,
		    json_t *, struct store_event **, size_t *, char **);
void		 store_events_free(struct store_event *, size_t);
int		 store_group_begin(struct store *, char **);
int		 store_group_end(struct store *, char **);
long long	 store_last_seq(struct store *);
const char	*store_id(struct store *);
const char	*store_generation(struct store *);
long long	 store_generation_end(struct store *, const char *);
long long	 store_seq_before(struct store *, const char *);
long long	 store_seq_newest(struct store *, long long, int (*)(void *,
		    const char *), void *, size_t);
int		 store_replay(struct store *, long long, long long,
		    char *const *, size_t, size_t, store_replay_cb, void *,
		    long long *, int *);
int		 store_stats(struct store *, struct store_stats *);
int		 store_rejections_by_reason(struct store *,
		    void (*)(void *, const char *, long long), void *);
json_t		*store_doc_state(struct store *, const char *, const char *);

#endif
