#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "raqib/norm.h"

/* A token read as digits, through its proclitics: 150, ١٥٠, و10, الـ10;
 * number_digits (doc.h) has checked that it is a word ending in a digit. */
int
number_digits_read(const struct doc *d, uint32_t t, int64_t *value)
{
	const struct norm_stem *st;
	const char	*s;
	int		 n, i;
	size_t		 k;
	int64_t		 v;

	st = doc_stems(d, t, &n);
	for (i = 0; i < n; i++) {
		s = st[i].s;
		if (s[0] < '0' || s[0] > '9')
			continue;
		v = 0;
		for (k = 0; k < st[i].len; k++) {
			if (s[k] == ',' && k + 3 < (size_t)st[i].len + 1)
				continue;	/* 25,000 */
			if (s[k] < '0' || s[k] > '9')
				return 0;	/* 944.3, 10h: not a count */
			v = v * 10 + (s[k] - '0');
			if (v > 1000000000)
				return 0;
		}
		*value = v;
		return 1;
	}
	return 0;
}

/* A number word at t; measure words (عاما، كلم) are not numbers. */
static const struct mention *
number_word(const struct doc *d, uint32_t t)
{
	uint32_t i;

	if (t >= d->tx->ntok)
		return NULL;
	for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i])
		if (d->m[i].hit.cat == LX_NUMBER && d->m[i].hit.arg != NUM_MEASURE)
			return &d->m[i];
	return NULL;
}

/*
 * A number expression at token t: digits or words, compounds joined by و
 * (ثلاثة وعشرون، مائة وخمسون), a multiplier (25 ألفا، خمسة آلاف), or a
 * vague amount (عشرات). The figure ends before end.
 */
int
number_at(const struct doc *d, uint32_t t, uint32_t end, struct num *out)
{
	const struct mention *m, *n;
	int64_t		 v = 0, part;
	uint32_t	 j;
	int		 have = 0;

	memset(out, 0, sizeof *out);
	out->vague = -1;
	out->t0 = t;
	if (t >= end)
		return 0;
	if (number_digits(d, t, &part)) {
		v = part;
		j = t + 1;
		have = 1;
	} else if ((m = number_word(d, t)) != NULL) {
		if (m->hit.arg == NUM_VAGUE) {
			out->value = -1;
			out->vague = (int)m->hit.id;
			out->t1 = m->t1;
			return 1;
		}
		if (m->hit.arg == NUM_MULT &&
		    (n = doc_at(d, t, LX_NUMBER, NUM_VAGUE)) != NULL) {
			/* آلاف alone is vague; ألف alone is a thousand */
			out->value = -1;
			out->vague = (int)n->hit.id;
			out->t1 = n->t1;
			return 1;
		}
		v = m->hit.id;
		j = m->t1;
		have = 1;
		/* و + a smaller number adds to it */
		while (j < end && (n = number_word(d, j)) != NULL &&
		    n->conj && n->hit.arg != NUM_MULT && n->hit.arg != NUM_VAGUE &&
		    (int64_t)n->hit.id < v + 1000) {
			v += n->hit.id;
			j = n->t1;
		}
	} else
		return 0;
	if (!have)
		return 0;
	if (j < end && (m = number_word(d, j)) != NULL && m->hit.arg == NUM_MULT &&
	    !m->conj && v > 0 && v < 1000) {
		v *= m->hit.id;
		j = m->t1;
	}
	out->value = v;
	out->t1 = j;
	return 1;
}
