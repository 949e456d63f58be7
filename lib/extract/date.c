#include <string.h>

#include "doc.h"
#include "raqib/norm.h"

/* Normalised forms of the few function words dates are built with. */
#define W_BETWEEN	"\xd8\xa8\xd9\x8a\xd9\x86"		/* بين */
#define W_FROM		"\xd9\x85\xd9\x86"			/* من */
#define W_TO		"\xd8\xa7\xd9\x84\xd9\x8a"		/* الى */
#define W_UNTIL		"\xd8\xad\xd8\xaa\xd9\x8a"		/* حتى */
#define W_OF_IT		"\xd9\x85\xd9\x86\xd9\x87"		/* منه */
#define W_YEAR		"\xd8\xb9\xd8\xa7\xd9\x85"		/* عام */
#define W_YEAR2		"\xd8\xb3\xd9\x86\xd9\x87"		/* سنه */
#define W_YEARS2	"\xd8\xb9\xd8\xa7\xd9\x85\xd9\x8a"	/* عامي */
#define W_SINCE		"\xd9\x85\xd9\x86\xd8\xb0"			/* منذ */

static int
date_day(const struct doc *d, uint32_t t, int *day)
{
	int64_t	v;

	if (!number_digits(d, t, &v) || v < 1 || v > 31)
		return 0;
	*day = (int)v;
	return 1;
}

static int
date_year(const struct doc *d, uint32_t t, int *year)
{
	int64_t	v;

	if (t >= d->tx->ntok || !number_digits(d, t, &v) || v < 1900 ||
	    v > 2100)
		return 0;
	*year = (int)v;
	return 1;
}

/* The month at t, skipping a second name in parentheses: يوليو (تموز). */
static int
date_month(const struct doc *d, uint32_t t, uint32_t end, int *month,
    uint32_t *after)
{
	const struct mention *m;
	uint32_t j;

	if (t >= end || (m = doc_at(d, t, LX_MONTH, -1)) == NULL)
		return 0;
	*month = m->hit.arg;
	j = m->t1;
	if (j + 2 < end && (d->tx->tok[j].flags & TF_PAREN) &&
	    doc_at(d, j + 1, LX_MONTH, -1) != NULL &&
	    (d->tx->tok[j + 2].flags & TF_PAREN))
		j += 3;
	else if (j < end && doc_at(d, j, LX_MONTH, m->hit.arg) != NULL)
		j++;		/* يوليو تموز */
	*after = j;
	return 1;
}

/* Whether token t is the word w through any proclitic reading (العام). */
static int
date_word(const struct doc *d, uint32_t t, const char *w)
{
	return doc_stem_is(d, t, w, strlen(w));
}

/* Ends the date read from t0 to k: the year after it, if any, is the year
 * of both ends of a range. Returns 1. */
static int
date_close(const struct doc *d, uint32_t t0, uint32_t k, struct date *out)
{
	int	year;

	if (date_year(d, k, &year)) {
		out->y = (int16_t)year;
		if (out->d2 != 0)
			out->y2 = (int16_t)year;
		k++;
	}
	out->t0 = t0;
	out->t1 = k;
	out->set = 1;
	return 1;
}

/* A range at t: بين D1 M1? و D2 (M2 | منه) Y?; من D1 الى D2 M Y?. A month
 * must be named. */
static int
date_range_at(const struct doc *d, uint32_t t, uint32_t t1, struct date *out)
{
	uint32_t j, k;
	int	 day, day2, month = 0, month2 = 0;

	if (!(date_word(d, t, W_BETWEEN) || date_word(d, t, W_FROM)) ||
	    t + 3 >= t1 || !date_day(d, t + 1, &day))
		return 0;
	j = t + 2;
	if (date_month(d, j, t1, &month, &k))
		j = k;
	if (j < t1 && (date_word(d, j, W_TO) || date_word(d, j, W_UNTIL)))
		j++;
	if (j >= t1 || !date_day(d, j, &day2) || day2 <= day)
		return 0;
	k = j + 1;
	if (k < t1 && date_word(d, k, W_OF_IT))
		k++;
	else
		(void)date_month(d, k, t1, &month2, &k);
	if (month == 0)
		month = month2;
	if (month2 == 0)
		month2 = month;
	if (month == 0)
		return 0;
	out->d = (int16_t)day;
	out->m = (int16_t)month;
	out->d2 = (int16_t)day2;
	out->m2 = (int16_t)month2;
	return date_close(d, t + 1, k, out);
}

/* A list of days at t: D1 و D2 و D3 M Y? (25 و26 و27 يوليو), from the
 * first to the last; the days after the first are written with و. */
static int
date_list_at(const struct doc *d, uint32_t t, uint32_t t1, struct date *out)
{
	uint32_t j, k;
	int	 day, day2 = 0, month;

	if (!date_day(d, t, &day))
		return 0;
	for (j = t + 1; j < t1 && j < t + 8 && date_day(d, j, &day2) &&
	    doc_tok_starts(d, j, "\xd9\x88"); j++)	/* و */
		;
	if (j == t + 1 || day2 <= day || !date_month(d, j, t1, &month, &k))
		return 0;
	out->d = (int16_t)day;
	out->d2 = (int16_t)day2;
	out->m = out->m2 = (int16_t)month;
	return date_close(d, t, k, out);
}

/* A day at t: D M Y?. */
static int
date_day_at(const struct doc *d, uint32_t t, uint32_t t1, struct date *out)
{
	uint32_t k;
	int	 day, month;

	if (!date_day(d, t, &day) || !date_month(d, t + 1, t1, &month, &k))
		return 0;
	out->d = (int16_t)day;
	out->m = (int16_t)month;
	return date_close(d, t, k, out);
}

/* A month at t: M Y, or a month after في/خلال/نهاية… (a month name alone
 * may be a verb: مارس), or before a relative date. */
static int
date_month_at(const struct doc *d, uint32_t t0, uint32_t t, uint32_t t1,
    struct date *out)
{
	uint32_t k;
	int	 month, year;

	if (!date_month(d, t, t1, &month, &k))
		return 0;
	if (date_year(d, k, &year)) {
		out->y = (int16_t)year;
		k++;
	} else if (!(t > t0 && (doc_has(d, t - 1, LX_GEOHEAD, GH_LOCATIVE) ||
	    d->tx->tok[t].nflen > 4)) &&
	    !(k < t1 && doc_has(d, k, LX_DATEREL, -1)))
		return 0;
	out->m = (int16_t)month;
	out->t0 = t;
	out->t1 = k;
	out->set = 1;
	return 1;
}

/*
 * The first date in tokens [t0, t1): 25 تموز 2024; بين 25 تموز و27 منه;
 * من 22 إلى 27 يوليو; 25 و26 و27 يوليو; في يوليو 2024. Without a year in
 * the expression the year stays unknown. A date after منذ (since) starts a
 * period that goes on to the report: open, and منذ is part of it.
 */
int
date_in(const struct doc *d, uint32_t t0, uint32_t t1, struct date *out)
{
	uint32_t t;

	memset(out, 0, sizeof *out);
	for (t = t0; t < t1; t++) {
		if (!date_range_at(d, t, t1, out) &&
		    !date_list_at(d, t, t1, out) &&
		    !date_day_at(d, t, t1, out) &&
		    !date_month_at(d, t0, t, t1, out))
			continue;
		if (t > t0 && out->d2 == 0 && date_word(d, t - 1, W_SINCE)) {
			out->open = 1;
			out->t0 = t - 1;
		}
		return 1;
	}
	return 0;
}

/* The largest year the range names as a year (عام 2023, 19 فبراير 2022). */
int
date_year_in(const struct doc *d, uint32_t t0, uint32_t t1, int *year)
{
	uint32_t t;
	int	 y, best = 0;

	for (t = t0; t < t1; t++) {
		if (!date_year(d, t, &y))
			continue;
		if ((t > t0 && (date_word(d, t - 1, W_YEAR) ||
		    (d->tx->tok[t - 1].flags & TF_PAREN) ||
		    date_word(d, t - 1, W_YEAR2) ||
		    date_word(d, t - 1, W_YEARS2) ||
		    doc_has(d, t - 1, LX_MONTH, -1) ||
		    doc_has(d, t - 1, LX_GEOHEAD, GH_LOCATIVE) ||
		    date_word(d, t - 1, "\xd9\x85\xd9\x86\xd8\xb0"))) ||
		    (t > t0 + 1 && date_word(d, t - 2, W_YEARS2)))
			if (y > best)
				best = y;
	}
	*year = best;
	return best > 0;
}
