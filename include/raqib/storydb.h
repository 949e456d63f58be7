/*
 * Stories and document fingerprints in the store: which story each event
 * joined and why, each story's state, and the fingerprints that find a
 * document's copies. Runs inside the store's transaction, on its
 * connection; store.c hands it over.
 */
#ifndef RAQIB_STORYDB_H
#define RAQIB_STORYDB_H

#include <jansson.h>
#include <sqlite3.h>

#include "raqib/fingerprint.h"

struct storydb;

/* The document a new one copies, if any. */
struct storydb_copy {
	long long	 doc;		/* its id, 0: not a copy */
	double		 similarity;
	int		 same_text;
};

/* One event of a document being stored. */
struct storydb_event {
	long long	 doc;
	const char	*sha256;
	const char	*path;
	long long	 seq;
	const char	*at;
	const struct storydb_copy *copy;
	json_t		*events;	/* all the document's, or NULL */
	json_t		*places;	/* the document's, or NULL */
};

extern const char storydb_schema[];

struct storydb	*storydb_open(sqlite3 *, const char *, char **);
struct storydb	*storydb_memory(char **);
void		 storydb_close(struct storydb *);
void		 storydb_forget(struct storydb *);
int		 storydb_has_text(struct storydb *, const char *);
int		 storydb_document(struct storydb *, long long,
		    const struct fingerprint *, struct storydb_copy *);
int		 storydb_event(struct storydb *, const struct storydb_event *,
		    json_t *, long long *);

#endif
