/* Protest rules: how a protest word is told as an act, and what in its
 * sentence tells a protest is happening. */
#include <string.h>

#include "protest.h"

static int
protest_is(const struct doc *d, int type)
{
	return type >= 0 && strcmp(d->tb->evtype[type].id, "protest") == 0;
}

/* "To the streets" (إلى الشوارع) told by a verb of going out a few words
 * back, with a time between that may close on a comma: نزلوا مساء
 * الثلاثاء، إلى شوارع العاصمة. */
static int
protest_streets(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	const struct mention *v;
	uint32_t k;

	if (!doc_tok_is(d, m->t0, "\xd8\xa7\xd9\x84\xd9\x8a"))	/* الى */
		return 0;
	for (k = m->t0; k-- > c->t0 && m->t0 - k < 8;) {
		if (d->tx->tok[k].kind == TK_PUNCT) {
			if (!doc_tok_is(d, k, "\xd8\x8c") &&	/* ، */
			    !doc_tok_is(d, k, ","))
				return 0;
			continue;
		}
		if ((v = doc_at(d, k, LX_CUE, CUE_ACTION)) != NULL &&
		    v->t1 <= m->t0 && !v->art && v->form == FORM_BASE)
			return 1;
	}
	return 0;
}

/* A protest people went out in or joined (خرج سكان الأحياء في مظاهرة،
 * شارك الآلاف في مسيرة): a verb of acting up to eight words before في,
 * within the clause. */
static int
protest_went_in(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	const struct mention *v;
	uint32_t p = doc_prev(d, m->t0, c->t0), k;

	if (p == DOC_NONE ||
	    !doc_tok_is(d, p, "\xd9\x81\xd9\x8a"))		/* في */
		return 0;
	for (k = p; k-- > c->t0 && p - k < 9;) {
		if (d->tx->tok[k].kind == TK_PUNCT &&
		    (d->tx->tok[k].flags & TF_STOP))
			return 0;
		if ((v = doc_at(d, k, LX_CUE, CUE_ACTION)) != NULL &&
		    v->t1 <= p && !v->art && v->form == FORM_BASE)
			return 1;
	}
	return 0;
}

/* What tells a protest is happening: demands and chants, a place people
 * gather, a crowd counted, other protest words. */
int
protest_evidence(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	const struct mention *o;
	uint32_t t;
	int	 crowd = 0, others = 0;

	for (t = c->t0; t < c->t1; t++) {
		if ((o = doc_at(d, t, LX_NUMBER, NUM_VAGUE)) != NULL ||
		    ((o = doc_at(d, t, LX_NUMBER, -1)) != NULL &&
		    o->hit.arg != NUM_MEASURE && o->hit.id >= 10))
			crowd = 1;
		if ((t < m->t0 || t >= m->t1) &&
		    (o = doc_at(d, t, LX_TRIGGER, -1)) != NULL &&
		    (o->t1 <= m->t0 || o->t0 >= m->t1) &&
		    protest_is(d, (int)o->hit.id))
			others++;
	}
	return (c->first[CUE_DEMAND] != 0) + (c->first[CUE_VENUE] != 0) +
	    crowd + (others > 2 ? 2 : others);
}

/* Whether protest word m is told by a verb of acting a little way back:
 * people going out to the streets or in a march. */
int
protest_told(const struct doc *d, const struct cue_ctx *c,
    const struct mention *m)
{
	if (!protest_is(d, (int)m->hit.id))
		return 0;
	return protest_streets(d, c, m) || protest_went_in(d, c, m);
}
