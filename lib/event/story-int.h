/* Shared by story.c (which story an event joins) and story-fold.c (what a
 * story knows); not part of the library's API. */
#ifndef RAQIB_STORY_INT_H
#define RAQIB_STORY_INT_H

#include <jansson.h>

/* Kept in the state, which is read and written for each report: the
 * store's story_reports table and the events themselves have the rest. */
#define STORY_HISTORY	64	/* revisions kept per series */
#define STORY_REPORTS	20	/* the first reports */

struct story_place {
	const char	*country, *admin1, *name;
	int		 rank;		/* -1 unknown .. 3 town */
	double		 lat, lon;
	int		 coords;
};

/* Unnamed groups ("jihadists", "civilians"): neither for nor against. */
extern const char *const story_generic[];

int		 story_in(const char *, const char *const *);
const char	*story_str(json_t *, const char *);
void		 story_place_of(json_t *, struct story_place *);
int		 story_seen_value(json_t *, json_int_t);

#endif
