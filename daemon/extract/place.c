#include <string.h>

#include "doc.h"

/* The previous word is a place noun, geo head or locative preposition. */
static int
place_context(const struct doc *d, const struct mention *m)
{
	uint32_t p;

	if (m->prep)
		return 1;		/* بمالي، لكيدال */
	p = doc_prev(d, m->t0, d->tx->sent[d->tx->tok[m->t0].sent].t0);
	if (p == DOC_NONE)
		return 0;
	return doc_cover(d, p, LX_PLACENOUN) != NULL ||
	    doc_cover(d, p, LX_GEOHEAD) != NULL;
}

static int
place_area_before(const struct doc *d, const struct mention *m)
{
	uint32_t p = doc_prev(d, m->t0, 0);
	const struct mention *pn;

	if (p == DOC_NONE)
		return 0;
	pn = doc_cover(d, p, LX_PLACENOUN);
	return pn != NULL && pn->hit.arg == PN_AREA;
}

static int
place_settlement_before(const struct doc *d, const struct mention *m)
{
	uint32_t p = doc_prev(d, m->t0, 0);
	const struct mention *pn;

	if (p == DOC_NONE)
		return 0;
	pn = doc_cover(d, p, LX_PLACENOUN);
	return pn != NULL && pn->hit.arg == PN_SETTLEMENT;
}

/* A country name coordinated with another country: بوركينا فاسو ومالي. */
static int
place_in_list(const struct doc *d, const struct mention *m)
{
	uint32_t p = doc_prev(d, m->t0, 0), n = doc_next(d, m->t1 - 1,
	    d->tx->ntok);

	if (p != DOC_NONE && doc_cover(d, p, LX_COUNTRY) != NULL)
		return 1;
	if (n != DOC_NONE && doc_has(d, n, LX_COUNTRY, -1) &&
	    d->m[d->tokm[n]].conj)
		return 1;
	return m->conj && p != DOC_NONE && doc_cover(d, p, LX_COUNTRY);
}

static int
place_sentence_start(const struct doc *d, const struct mention *m)
{
	const struct sentence *se = &d->tx->sent[d->tx->tok[m->t0].sent];
	uint32_t t;

	for (t = se->t0; t < m->t0; t++)
		if (!(d->tx->tok[t].flags & TF_QUOTE))
			return 0;
	return 1;
}

static int
place_usable(const struct doc *d, const struct mention *m)
{
	return !m->dead && doc_sent_usable(d, d->tx->tok[m->t0].sent);
}

/* Evidence for each country; ambiguous country names (مالي is also
 * "financial") are accepted only in a place context or beside evidence. */
static void
place_evidence(struct doc *d)
{
	const struct lx_tables *tb = d->tb;
	size_t	 i;
	int	 c, best = -1, bestn = 0;

	for (i = 0; i < d->nm; i++) {
		const struct mention *m = &d->m[i];

		if (!place_usable(d, m))
			continue;
		switch (m->hit.cat) {
		case LX_COUNTRY:
			c = (int)m->hit.id;
			if (!tb->country[c].ambiguous) {
				d->ccount[c] += 2;
				d->caccept[c] = 1;
			} else if (place_context(d, m) || place_in_list(d, m) ||
			    place_sentence_start(d, m)) {
				d->ccount[c] += 2;
				d->caccept[c] = 1;
			}
			break;
		case LX_PLACE:
			/* a spelling made by rule is no evidence of its own */
			if (!tb->place[m->hit.id].ambiguous &&
			    !tb->place[m->hit.id].rule) {
				c = tb->place[m->hit.id].country;
				d->ccount[c] += 2;
				d->caccept[c] = 1;
			}
			break;
		case LX_ADMIN1:
			if (!tb->admin1[m->hit.id].ambiguous) {
				c = tb->admin1[m->hit.id].country;
				d->ccount[c] += 2;
				d->caccept[c] = 1;
			}
			break;
		}
	}
	for (i = 0; i < d->nm; i++) {
		const struct mention *m = &d->m[i];

		if (!place_usable(d, m))
			continue;
		c = -1;
		if (m->hit.cat == LX_NISBA)
			c = (int)m->hit.id;
		else if (m->hit.cat == LX_ACTOR && m->hit.id != LX_NONE)
			c = tb->actor[m->hit.id].country;
		if (c < 0)
			continue;
		if (tb->country[c].ambiguous && !d->caccept[c])
			continue;
		d->ccount[c] += 1;
	}
	for (c = 0; c < (int)tb->ncountry; c++)
		if (d->ccount[c] > bestn) {
			bestn = d->ccount[c];
			best = c;
		}
	d->main_country = best;
}

static int
place_kind_rank(int kind)
{
	return kind == PK_CAPITAL ? 0 : kind == PK_CITY ? 1 : kind <= PK_DEPARTMENT_SEAT
	    ? 2 : 3;
}

/* Among places sharing a spelling, the one in the best-attested country. */
static const struct mention *
place_pick(const struct doc *d, const struct mention *first)
{
	const struct mention *best = NULL;
	uint32_t i;

	for (i = d->tokm[first->t0]; i != DOC_NONE; i = d->mnext[i]) {
		const struct mention *m = &d->m[i];
		const struct lx_place *p, *b;

		if (m->hit.cat != LX_PLACE || m->dead || m->t1 != first->t1)
			continue;
		if (best == NULL) {
			best = m;
			continue;
		}
		p = &d->tb->place[m->hit.id];
		b = &d->tb->place[best->hit.id];
		if (d->ccount[p->country] != d->ccount[b->country]) {
			if (d->ccount[p->country] > d->ccount[b->country])
				best = m;
		} else if (p->gazetteer != b->gazetteer) {
			if (!p->gazetteer)	/* hand-checked first */
				best = m;
		} else if (place_kind_rank(p->kind) < place_kind_rank(b->kind))
			best = m;
	}
	return best;
}

/*
 * A gazetteer place (not hand-checked) needs its country attested by other
 * evidence; a demoted one also needs a place noun or direction just before
 * it (قرية X، شمال X). None is read through ك ("like": كمينا is no place).
 */
static int
place_gazetteer_ok(const struct doc *d, const struct mention *m)
{
	const struct lx_place *p = &d->tb->place[m->hit.id];
	uint32_t prev;

	if (m->prep == NORM_PREP_KAF || d->ccount[p->country] == 0)
		return 0;
	if (!p->ambiguous)
		return 1;
	prev = doc_prev(d, m->t0, d->tx->sent[d->tx->tok[m->t0].sent].t0);
	return prev != DOC_NONE && (doc_cover(d, prev, LX_PLACENOUN) != NULL ||
	    doc_cover(d, prev, LX_GEOHEAD) != NULL);
}

/* A live mention of cat over exactly the same tokens as m. */
static const struct mention *
place_same_span(const struct doc *d, const struct mention *m, int cat)
{
	uint32_t i;

	for (i = d->tokm[m->t0]; i != DOC_NONE; i = d->mnext[i])
		if (d->m[i].hit.cat == cat && !d->m[i].dead &&
		    d->m[i].t1 == m->t1)
			return &d->m[i];
	return NULL;
}

static void
place_add(struct doc *d, struct mention *m, int prec, uint32_t id)
{
	int e = doc_ent(d, ENT_PLACE, prec, id);

	doc_ent_span(d, e, m->t0, m->t1);
	m->ent = e;
}

void
place_run(struct doc *d)
{
	const struct lx_tables *tb = d->tb;
	const struct mention *a1;
	size_t	 i;
	int	 c;

	place_evidence(d);
	for (i = 0; i < d->nm; i++) {
		struct mention *m = &d->m[i];

		if (!place_usable(d, m))
			continue;
		switch (m->hit.cat) {
		case LX_COUNTRY:
			c = (int)m->hit.id;
			if (tb->country[c].ambiguous && !d->caccept[c])
				break;
			place_add(d, m, PREC_COUNTRY, m->hit.id);
			break;
		case LX_NISBA:
			/* الحدود الجزائرية، الأراضي المالية: a place; الجيش
			 * المالي is an actor's name, not a place mention */
			c = (int)m->hit.id;
			if (tb->country[c].ambiguous && !d->caccept[c])
				break;
			{
				uint32_t p = doc_prev(d, m->t0, 0);

				if (p == DOC_NONE || m->conj ||
				    (doc_cover(d, p, LX_GEOHEAD) == NULL &&
				    doc_cover(d, p, LX_PLACENOUN) == NULL))
					break;
				if (doc_cover(d, p, LX_GEOHEAD) != NULL &&
				    doc_cover(d, p, LX_GEOHEAD)->hit.arg ==
				    GH_LOCATIVE)
					break;
			}
			place_add(d, m, PREC_COUNTRY, m->hit.id);
			break;
		case LX_ADMIN1:
			if (tb->admin1[m->hit.id].ambiguous &&
			    (!place_area_before(d, m) || d->main_country !=
			    tb->admin1[m->hit.id].country))
				break;
			/* كيدال alone is the town; منطقة كيدال the region */
			if (place_same_span(d, m, LX_PLACE) &&
			    !place_area_before(d, m))
				break;
			place_add(d, m, PREC_ADMIN1, m->hit.id);
			break;
		case LX_PLACE:
			if (place_pick(d, m) != m)
				break;
			if (place_same_span(d, m, LX_COUNTRY) &&
			    !place_settlement_before(d, m))
				break;
			if ((a1 = place_same_span(d, m, LX_ADMIN1)) != NULL &&
			    place_area_before(d, m) &&
			    !tb->admin1[a1->hit.id].ambiguous)
				break;
			if (tb->place[m->hit.id].gazetteer &&
			    !place_gazetteer_ok(d, m))
				break;
			if (tb->place[m->hit.id].ambiguous &&
			    (!place_context(d, m) ||
			    d->ccount[tb->place[m->hit.id].country] == 0))
				break;
			place_add(d, m, PREC_TOWN, m->hit.id);
			break;
		case LX_REGION:
			if (doc_quoted(d, m->t0, m->t1) ||
			    place_same_span(d, m, LX_SOURCE) ||
			    place_same_span(d, m, LX_ADMIN1) ||
			    place_same_span(d, m, LX_COUNTRY))
				break;
			place_add(d, m, PREC_REGION, m->hit.id);
			break;
		}
	}
}
