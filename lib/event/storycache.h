/* The states of the stories storydb.c weighed last, parsed: a story's
 * state is read for each event that might join it, and parsing its JSON
 * text again each time was most of the store's work. Not thread-safe;
 * not part of the library's API. */
#ifndef RAQIB_STORYCACHE_H
#define RAQIB_STORYCACHE_H

#include <stddef.h>

#include <jansson.h>

struct storycache;

struct storycache *storycache_new(size_t);
void		 storycache_free(struct storycache *);
json_t		*storycache_get(struct storycache *, long long);
void		 storycache_put(struct storycache *, long long, json_t *);
void		 storycache_clear(struct storycache *);

#endif
