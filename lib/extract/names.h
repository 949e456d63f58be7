/* The engine's side of raqib/names.h: entries by category and id. */
#ifndef RAQIB_NAMES_INTERNAL_H
#define RAQIB_NAMES_INTERNAL_H

#include <stddef.h>

#include "raqib/names.h"

struct extract;
struct lexicon;
struct lx_hit;
struct lx_tables;


/* From extract.c: the engine's lexicon, and what a whole query names. */
const struct lx_tables *extract_tables(struct extract *);
const struct lexicon *extract_lexicon(struct extract *);
size_t	extract_query_hits(struct extract *, const char *, struct lx_hit *,
	    size_t);
int	extract_text_mentions(struct extract *, const char *,
	    const struct lx_hit *, size_t);

#endif
