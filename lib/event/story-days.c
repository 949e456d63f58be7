/*
 * The days of stories: a received time's day, an event's own dates as the
 * extractor gives them (with or without the year), in days since
 * 1970-01-01.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "raqib/story.h"

static long
story_civil(int y, int m, int d)
{
	/* days since 1970-01-01 (Howard Hinnant's days_from_civil) */
	int		 era;
	unsigned	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (long)era * 146097 + (long)doe - 719468;
}

/* The day of a received time, or STORY_NODAY. */
long
story_at_day(const char *at)
{
	int	y, m, d;

	if (at == NULL || sscanf(at, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31)
		return STORY_NODAY;
	return story_civil(y, m, d);
}

/*
 * A date of the event as the extractor gives it: YYYY-MM-DD, or --MM-DD
 * whose year is the report's (the year before if that puts it more than a
 * day after the report). Anything vaguer is no date.
 */
long
story_day(const char *s, long ref)
{
	int	y, m, d;
	long	day;

	if (s == NULL)
		return STORY_NODAY;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 && strlen(s) == 10)
		return m >= 1 && m <= 12 && d >= 1 && d <= 31 ?
		    story_civil(y, m, d) : STORY_NODAY;
	if (ref == STORY_NODAY || strncmp(s, "--", 2) != 0 ||
	    sscanf(s + 2, "%2d-%2d", &m, &d) != 2 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return STORY_NODAY;
	/* the year of the reference day */
	for (y = 1970 + (int)(ref / 366); story_civil(y + 1, 1, 1) <= ref; y++)
		;
	day = story_civil(y, m, d);
	return day > ref + 1 ? story_civil(y - 1, m, d) : day;
}

static int
story_open(const char *end)
{
	return end != NULL && strcmp(end, "..") == 0;
}

/* The event's own dates; 0 if the text gives none. */
int
story_event_days(json_t *ev, const char *at, long *lo, long *hi)
{
	json_t	*d = json_object_get(ev, "date");
	long	 ref = story_at_day(at);

	*lo = story_day(json_string_value(json_object_get(d, "start")), ref);
	*hi = story_day(json_string_value(json_object_get(d, "end")), ref);
	if (*lo == STORY_NODAY)
		return 0;
	/* an open end (since the start, "..") runs to the report */
	if (story_open(json_string_value(json_object_get(d, "end"))) &&
	    ref != STORY_NODAY && ref >= *lo)
		*hi = ref;
	if (*hi == STORY_NODAY || *hi < *lo)
		*hi = *lo;
	return 1;
}
