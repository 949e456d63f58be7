/*
 * The extraction engine: Arabic news text in, raqib.extract/1 JSON out.
 * Linked by raqibd, the raqib client and the tests.
 */
#ifndef RAQIB_EXTRACT_H
#define RAQIB_EXTRACT_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#define RAQIB_EXTRACT_SCHEMA	"raqib.extract/1"

struct extract;

/* What the caller knows of the document; any field may be NULL. */
struct extract_doc {
	const char	*path;
	const char	*sha256;
	const char	*encoding;
};

/* Loads and validates the lexicon in dir; on error returns NULL and sets
 * *cause (allocated) naming the file and entry. */
struct extract	*extract_new(const char *dir, char **cause);
void		 extract_free(struct extract *);

/* Extracts from UTF-8 text; returns a new raqib.extract/1 object. */
json_t		*extract_run(struct extract *, const char *text, size_t len,
		    const struct extract_doc *);

/* Client helpers over the same lexicon and normalisation. */
int		 extract_keyword_match(struct extract *, const char *keyword,
		    const char *text);
const char	*extract_actor_resolve(struct extract *, const char *query);
int		 extract_actor_generic(struct extract *, const char *id);
const char	*extract_type_label(struct extract *, const char *type, int arabic);
void		 extract_debug(struct extract *, FILE *);

#endif
