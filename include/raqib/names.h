/*
 * The names the client's filters accept, read through the engine's
 * lexicon: regions, event types, the actors and places in a keyword, and
 * the lists `raqib list` prints.
 */
#ifndef RAQIB_NAMES_H
#define RAQIB_NAMES_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

struct extract;
struct names_keyword;

/* A region: its topic prefixes, the town it names (or NULL) and its label. */
int	names_region(struct extract *, const char *, char ***, char **,
	    char **, char **);
/* An event type: the ids it stands for and its label. */
int	names_type(struct extract *, const char *, char ***, char **, char **);
int	names_list(struct extract *, const char *, FILE *);

/* The actors and places a keyword names, found once. */
struct names_keyword *names_keyword_new(struct extract *, const char *);
void	names_keyword_free(struct names_keyword *);
/* Their names joined by ", ", or NULL when it names none (allocated). */
char	*names_keyword_describe(struct extract *, const struct names_keyword *);
/* Whether an event has one of them, or its sentence mentions one. */
int	names_keyword_event(struct extract *, const struct names_keyword *,
	    json_t *);

#endif
