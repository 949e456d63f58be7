/*
 * Stories: the reports of one incident across outlets. Deciding whether an
 * event joins a story (evidence, not one key), and what a story knows: its
 * reports, most precise place and type, and figures over time. Pure logic
 * on JSON: the store (storydb.c) keeps the states, the offline evaluation
 * keeps them in memory.
 */
#ifndef RAQIB_STORY_H
#define RAQIB_STORY_H

#include <limits.h>
#include <time.h>

#include <jansson.h>

/* No day (story-days.c): a time or date that is not one. */
#define STORY_NODAY		LONG_MIN
/* An event joins the best story that scores at least this. */
#define STORY_JOIN		4
/* The evidence of another event of the same report that joins the story
 * on its own (storydb.c). */
#define STORY_W_SIBLING		2
/* Stories quiet for longer take no new reports, but for one that gives the
 * event's own date (storydb.c). */
#define STORY_OPEN_DAYS		7

/* One report: an event of one document, as it reaches a story. */
struct story_report {
	long long	 seq;
	const char	*doc;		/* sha256 of the document */
	const char	*path;		/* its file, for the outlet */
	const char	*at;		/* received, UTC, YYYY-MM-DDTHH:MM:SS.mmmZ */
	long long	 copy_of;	/* seq of the report it copies, or 0 */
	double		 similarity;	/* to that report's document */
};

/* Why an event belongs (or not) to a story. */
struct story_why {
	int		 score;		/* < 0: incompatible */
	char		 text[320];
};

const char	*story_family(json_t *);
int		 story_has(json_t *, const char *);
int		 story_match(json_t *, json_t *, const char *,
		    struct story_why *);
int		 story_match_report(json_t *, json_t *, json_t *, const char *,
		    struct story_why *);
int		 story_akin(json_t *, json_t *, const char *);
json_t		*story_start(long long, json_t *,
		    const struct story_report *);
json_t		*story_add(json_t *, json_t *, const struct story_report *);
json_t		*story_public(json_t *, const struct story_report *, json_t *,
		    const char *);
char		*story_outlet(json_t *, const char *);
long		 story_day(const char *, long);
int		 story_event_days(json_t *, const char *, long *, long *);
int		 story_rank(json_t *);
long		 story_at_day(const char *);

#endif
