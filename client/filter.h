/* Which events a subscriber wants: regions, keywords, actors, types and a
 * minimum of killed. Flags of one kind widen, of different kinds narrow. */
#ifndef RAQIB_FILTER_H
#define RAQIB_FILTER_H

#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

struct extract;
struct filter;

enum { FILTER_STORIES_UNSET = 0, FILTER_STORIES_NEW, FILTER_STORIES_UPDATES,
	FILTER_STORIES_ALL };

struct filter	*filter_new(struct extract *);
void		 filter_free(struct filter *);
int		 filter_region(struct filter *, const char *, char **);
int		 filter_keyword(struct filter *, const char *, char **);
int		 filter_actor(struct filter *, const char *, char **);
int		 filter_type(struct filter *, const char *, char **);
int		 filter_acled_alias(size_t, const char **, const char **);
void		 filter_min_killed(struct filter *, long);
char		**filter_prefixes(struct filter *, size_t *);
int		 filter_match(struct filter *, json_t *);
long		 filter_killed(json_t *);
void		 filter_explain(struct filter *, FILE *);
void		 filter_usage(FILE *);
int		 filter_stories(struct filter *, const char *, char **);
void		 filter_stories_default(struct filter *, int);

#endif
