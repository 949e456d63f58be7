#include <string.h>

#include "cue.h"

static int
cue_armed_kind(const char *k)
{
	return strcmp(k, "jihadist") == 0 || strcmp(k, "separatist") == 0 ||
	    strcmp(k, "militia") == 0 || strcmp(k, "state_force") == 0 ||
	    strcmp(k, "foreign_force") == 0;
}

/* منذ يناير 2020: a toll since a month is a running total, not news. */
static int
cue_since_month(const struct doc *d, const struct sentence *se)
{
	uint32_t t;

	for (t = se->t0; t + 1 < se->t1; t++)
		if (strcmp(text_nf(d->tx, t), "\xd9\x85\xd9\x86\xd8\xb0") == 0 &&
		    doc_at(d, t + 1, LX_MONTH, -1) != NULL)
			return 1;
	return 0;
}

/* What mention m, starting at token t, adds to the sentence's cues and
 * anchors. */
static void
cue_mention(const struct doc *d, const struct sentence *se,
    const struct mention *m, uint32_t t, struct cue_ctx *c)
{
	switch (m->hit.cat) {
	case LX_CUE:
		/* مركز للتدريب، معسكر تدريب: a facility's name, not a drill */
		if (m->hit.arg == CUE_EXERCISE && t > se->t0 &&
		    doc_at(d, t - 1, LX_PLACENOUN, PN_FACILITY) != NULL)
			break;
		if (c->first[m->hit.arg] == 0)
			c->first[m->hit.arg] = (int)(t - se->t0) + 1;
		break;
	case LX_WEEKDAY:
		c->time = c->day = 1;
		break;
	case LX_DATEREL:
		if (m->hit.arg != REL_NEXT && m->hit.arg != REL_TOMORROW &&
		    m->hit.arg != REL_LAST)
			c->time = 1;
		if (m->hit.arg == REL_TODAY || m->hit.arg == REL_YESTERDAY ||
		    m->hit.arg == REL_DAY_BEFORE)
			c->day = 1;
		break;
	case LX_VICTIM:
		/* قال للصحفيين، كان للمتشددين دور: people told or owning,
		 * not people hit */
		if (m->prep != NORM_PREP_LAM)
			c->victim = 1;
		break;
	case LX_PLACENOUN:
		/* مدينة X، قرية X: a named place */
		if (m->t1 < se->t1 && d->tx->tok[m->t1].kind == TK_WORD)
			c->place = 1;
		break;
	case LX_ACTOR:
		if (m->ent >= 0 && cue_armed_kind(
		    d->tb->actor[d->ent[m->ent].id].kind))
			c->armed = 1;
		break;
	}
	/* a town or region; a country only after a locative (في العراق), not
	 * named in passing */
	if (m->ent >= 0 && d->ent[m->ent].kind == ENT_PLACE &&
	    (d->ent[m->ent].prec == PREC_TOWN ||
	    d->ent[m->ent].prec == PREC_ADMIN1 ||
	    (d->ent[m->ent].prec == PREC_COUNTRY && (m->prep ||
	    (t > se->t0 && doc_cover(d, t - 1, LX_GEOHEAD))))))
		c->place = 1;
}

/* A question: opened by هل, or ending in ؟ before closing quotes. */
static int
cue_question(const struct doc *d, const struct sentence *se,
    const struct cue_ctx *c)
{
	uint32_t t;
	int	 q = c->question;

	if (c->first[CUE_QUESTION] != 0 && c->first[CUE_QUESTION] <= 3)
		q = 1;
	for (t = se->t1; t-- > se->t0;) {
		if (d->tx->tok[t].flags & TF_QUOTE)
			continue;
		if (strcmp(text_nf(d->tx, t), "\xd8\x9f") == 0 ||
		    strcmp(text_nf(d->tx, t), "?") == 0)
			q = 1;
		if (!(d->tx->tok[t].kind == TK_PUNCT &&
		    strcmp(text_nf(d->tx, t), ".") == 0))
			break;
	}
	return q;
}

/* History: "since 2012", an explicit year, a year before the latest. */
static int
cue_background(const struct doc *d, const struct sentence *se,
    const struct cue_ctx *c)
{
	struct date dt;
	int	 y, years;

	years = date_year_in(d, se->t0, se->t1, &y);
	/* (remembrance is scoped: cue_irrealis, for what follows it) */
	/* "the worst in years" (أسوأ هجوم من نوعه منذ سنوات) compares
	 * with history; it does not tell it */
	if (c->first[CUE_BACKGROUND] && !cue_before(d, c, c->t0 +
	    (uint32_t)c->first[CUE_BACKGROUND] - 1, CUE_RECORD, 4))
		return 1;
	if (cue_since_month(d, se))
		return 1;
	if (years && d->max_year > 0 && y < d->max_year)
		return 1;
	if (years && !date_in(d, se->t0, se->t1, &dt))
		return 1;	/* a year alone; with a month it is a date */
	return 0;
}

void
cue_scan(const struct doc *d, uint32_t s, struct cue_ctx *c)
{
	const struct sentence *se = &d->tx->sent[s];
	struct date dt;
	uint32_t t;
	size_t	 i;

	memset(c, 0, sizeof *c);
	c->s = s;
	c->t0 = se->t0;
	c->t1 = se->t1;
	c->question = (se->flags & SF_QUESTION) != 0;
	for (t = se->t0; t < se->t1; t++) {
		if (d->tx->tok[t].kind != TK_PUNCT)
			c->words++;
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i])
			cue_mention(d, se, &d->m[i], t, c);
	}
	if (date_in(d, se->t0, se->t1, &dt) && dt.d != 0)
		c->time = c->day = 1;
	c->question = (uint8_t)cue_question(d, se, c);
	c->background = (uint8_t)cue_background(d, se, c);
}

/* A cue of kind cue ending within window tokens before t. */
int
cue_before(const struct doc *d, const struct cue_ctx *c, uint32_t t, int cue,
    uint32_t window)
{
	uint32_t k, lo, i;

	/* cues are a few words long: look for starts a little further back */
	lo = t > c->t0 + window + 6 ? t - window - 6 : c->t0;
	for (k = lo; k < t; k++)
		for (i = (d->catat[k] & (1U << LX_CUE)) ? d->tokm[k] : DOC_NONE;
		    i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];

			if (m->hit.cat == LX_CUE && m->hit.arg == cue && !m->dead &&
			    m->t1 <= t && m->t1 + window >= t)
				return 1;
		}
	return 0;
}

int
cue_after(const struct doc *d, const struct cue_ctx *c, uint32_t t, int cue,
    uint32_t window)
{
	uint32_t k;

	for (k = t; k < c->t1 && k < t + window; k++)
		if (doc_at(d, k, LX_CUE, cue) != NULL)
			return 1;
	return 0;
}

/* Said of what did not happen: a threat, a hypothesis, a plan, a question,
 * a negation, a trial or a drill before the word at t. */
int
cue_irrealis(const struct doc *d, const struct cue_ctx *c, uint32_t t)
{
	if (c->question)
		return 1;
	if (cue_before(d, c, t, CUE_NEGATION, 3) ||
	    cue_before(d, c, t, CUE_STOP, 1))
		return 1;
	/* after "the anniversary of", everything is remembered */
	if (cue_before(d, c, t, CUE_MEMORY, 30))
		return 1;
	if (cue_before(d, c, t, CUE_THREAT, 12) ||
	    cue_before(d, c, t, CUE_HYPOTHETICAL, 12) ||
	    cue_before(d, c, t, CUE_FUTURE, 12) ||
	    cue_before(d, c, t, CUE_JUDICIAL, 6))
		return 1;
	if (c->first[CUE_EXERCISE])
		return 1;
	return 0;
}
