#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "roman.h"
#include "raqib/xmalloc.h"

#define AR_AL	"\xd8\xa7\xd9\x84"
#define AR_WAW	"\xd9\x88"
#define AR_ABD	"\xd8\xb9\xd8\xa8\xd8\xaf"	/* عبد */

/* The previous word is a place noun, geo head or locative preposition;
 * ك ("like") is none (كبير is no بير). */
static int
place_context(const struct doc *d, const struct mention *m)
{
	uint32_t p;

	if (m->prep == NORM_PREP_KAF)
		return 0;
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

		/* most mentions are of no place category: test that first */
		if ((m->hit.cat != LX_COUNTRY && m->hit.cat != LX_PLACE &&
		    m->hit.cat != LX_ADMIN1) || !place_usable(d, m))
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
		else if (m->hit.cat == LX_ACTOR && m->hit.id != LX_NONE &&
		    strcmp(tb->actor[m->hit.id].kind, "foreign_force") != 0)
			c = tb->actor[m->hit.id].country;	/* not Wagner's */
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

/* منطقة الساحل in an article about Burkina Faso is its Sahel region, not the
 * Sahel: the first-level region of the article's country that a region
 * name made of an area noun and that region's name hides. */
static const struct mention *
place_region_admin1(const struct doc *d, const struct mention *m)
{
	const struct mention *pn = doc_cover(d, m->t0, LX_PLACENOUN);
	uint32_t i;

	if (pn == NULL || pn->hit.arg != PN_AREA || pn->t1 != m->t0 + 1 ||
	    m->t1 <= pn->t1)
		return NULL;
	for (i = d->tokm[pn->t1]; i != DOC_NONE; i = d->mnext[i]) {
		const struct mention *a = &d->m[i];

		if (a->hit.cat == LX_ADMIN1 && a->t1 == m->t1 &&
		    d->tb->admin1[a->hit.id].country == d->main_country)
			return a;
	}
	return NULL;
}

/* A country inside the name of an actor that is not that country's own:
 * المغرب in القاعدة في بلاد المغرب الإسلامي places nothing; مالي in جيش مالي
 * does. */
static int
place_in_foreign_name(const struct doc *d, const struct mention *m)
{
	const struct mention *a;

	if (!m->nested || (a = doc_cover(d, m->t0, LX_ACTOR)) == NULL ||
	    a->hit.id == LX_NONE)
		return 0;
	return d->tb->actor[a->hit.id].country != (int)m->hit.id;
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

static int
place_ends(const char *s, size_t len, const char *suf)
{
	size_t	l = strlen(suf);

	return len >= l && memcmp(s + len - l, suf, l) == 0;
}

/* Whether token t's form holds s. */
static int
place_has(const struct doc *d, uint32_t t, const char *s)
{
	const char *nf = text_nf(d->tx, t);
	size_t	 len = d->tx->tok[t].nflen, l = strlen(s), i;

	for (i = 0; i + l <= len; i++)
		if (memcmp(nf + i, s, l) == 0)
			return 1;
	return 0;
}

/* An indefinite قرية، بلدة، مدينة، منطقة، معسكر، ثكنة، موقع (or plural):
 * a noun that introduces a name; المدينة or منطقته does not. */
static int
place_introducer(const struct doc *d, const struct mention *m)
{
	static const char *const nouns[] = { "قريه", "قري", "بلده",
	    "بلدات", "بلديه", "مدينه", "مدن", "منطقه", "مناطق", "معسكر",
	    "ثكنه", "موقع", NULL };
	const char *nf = text_nf(d->tx, m->t0);
	size_t	 len = d->tx->tok[m->t0].nflen, i;

	const struct token *tk = &d->tx->tok[m->t0];

	if (m->t1 != m->t0 + 1 || m->art)
		return 0;
	for (i = 0; nouns[i] != NULL; i++) {
		if (!place_ends(nf, len, nouns[i]) ||
		    len > strlen(nouns[i]) + 2)		/* و، ب، وب */
			continue;
		/* بلدة, not بلده "his country": the ta marbuta as written */
		if (place_ends(nouns[i], strlen(nouns[i]), "ه") &&
		    !place_ends(d->tx->src + tk->b0, tk->b1 - tk->b0, "ة"))
			return 0;
		return 1;
	}
	return 0;
}

/*
 * A word that may be (part of) an unknown place's name: Arabic, unknown to
 * every lexicon (not_names included), no article, four letters or more
 * with a long vowel after the first, and not a verbal noun of the
 * افتعال or استفعال patterns (احتلال، لاستخراج).
 */
static int
place_unknown_word(const struct doc *d, uint32_t t)
{
	const struct token *tk = &d->tx->tok[t];
	const char *nf = text_nf(d->tx, t);
	size_t	 len = tk->nflen, i = 0, n = 0, vowels = 0;
	uint32_t cp[32];

	if (tk->kind != TK_WORD || !(tk->flags & TF_ARABIC) ||
	    d->twn[t] != 0 || d->tokm[t] != DOC_NONE ||
	    (tk->flags & TF_QUOTE) || strncmp(nf, AR_AL, strlen(AR_AL)) == 0)
		return 0;
	while (i < len && n < 32)
		cp[n++] = norm_utf8_next(nf, len, &i);
	if (n < 4)
		return 0;
	for (i = 1; i < n; i++)
		vowels += cp[i] == 0x0627 || cp[i] == 0x0648 || cp[i] == 0x064A;
	if (vowels == 0)
		return 0;
	i = 0;
	if (cp[0] == 0x0648 || cp[0] == 0x0628 || cp[0] == 0x0644 ||
	    cp[0] == 0x0641)
		i = 1;			/* و ب ل ف */
	if (n - i >= 5 && cp[i] == 0x0627 && (cp[i + 2] == 0x062A ||
	    (cp[i + 1] == 0x0633 && cp[i + 2] == 0x062A)))
		return 0;		/* احتلال، استخراج */
	return 1;
}

/* The admin1 nearest before t (else after) among the country's places. */
static int
place_context_admin1(const struct doc *d, int country, uint32_t t)
{
	const struct lx_tables *tb = d->tb;
	size_t	 i;
	int	 before = -1, after = -1, a;

	for (i = 0; i < d->nm; i++) {
		const struct mention *m = &d->m[i];
		const struct ent *e;

		if (m->ent < 0 || (e = &d->ent[m->ent])->kind != ENT_PLACE)
			continue;
		if (e->prec == PREC_ADMIN1 &&
		    tb->admin1[e->id].country == country)
			a = (int)e->id;
		else if (e->prec == PREC_TOWN &&
		    tb->place[e->id].country == country)
			a = tb->place[e->id].admin1;
		else
			continue;
		if (a < 0)
			continue;
		if (m->t0 < t)
			before = a;
		else if (after < 0)
			after = a;
	}
	return before >= 0 ? before : after;
}

/* A gazetteer place of the country whose Latin name sounds like latin. */
static int
place_by_latin(const struct doc *d, int country, const char *latin)
{
	const struct lx_tables *tb = d->tb;
	char	 k[128], kp[128];
	size_t	 i;

	if (roman_key(latin, k, sizeof k) < 4)
		return -1;
	for (i = 0; i < tb->nplace; i++) {
		if (tb->place[i].country != country)
			continue;
		roman_key(tb->place[i].name, kp, sizeof kp);
		if (roman_near(k, kp))
			return (int)i;
	}
	return -1;
}

/*
 * A place the text introduces (قرية X، بلدة X، معسكر X) that no lexicon
 * knows is still reported: resolved when its Latin spelling sounds like a
 * gazetteer name of the article's country, else unresolved with the
 * country and admin1 of the context and no coordinates.
 */
static void
place_unknown(struct doc *d)
{
	char	 ar[NORM_MAX * 2], latin[NORM_MAX * 2];
	size_t	 i, k, al;
	uint32_t t, t1;
	int	 c = d->main_country, id, e;

	for (i = 0; i < d->nm; i++) {
		const struct mention *m = &d->m[i];

		if (m->hit.cat != LX_PLACENOUN || !place_usable(d, m) ||
		    !place_introducer(d, m) || m->t1 >= d->tx->ntok ||
		    !place_unknown_word(d, m->t1) ||
		    d->tx->tok[m->t1].sent != d->tx->tok[m->t0].sent ||
		    place_ends(text_nf(d->tx, m->t1), d->tx->tok[m->t1].nflen,
		    "يه"))	/* منطقة سياحية: an adjective */
			continue;
		t = m->t1;
		t1 = t + 1;
		if (t1 < d->tx->sent[d->tx->tok[t].sent].t1 &&
		    place_unknown_word(d, t1) && strncmp(text_nf(d->tx, t1),
		    AR_WAW, strlen(AR_WAW)) != 0 && !place_has(d, t1, AR_AL) &&
		    !place_has(d, t1, AR_ABD))
			t1++;		/* بيلا زاغريه, not تراغن عبدالسلام */
		for (al = 0, k = t; k < t1; k++) {
			size_t l = d->tx->tok[k].nflen;

			if (al + l + 2 >= sizeof ar)
				break;
			if (al > 0)
				ar[al++] = ' ';
			memcpy(ar + al, text_nf(d->tx, k), l);
			al += l;
		}
		ar[al] = '\0';
		roman_ar(ar, al, latin, sizeof latin);
		if (c >= 0 && (id = place_by_latin(d, c, latin)) >= 0) {
			doc_ent_span(d, doc_ent(d, ENT_PLACE, PREC_TOWN,
			    (uint32_t)id), t, t1);
			continue;
		}
		for (e = 0; e < (int)d->nent; e++)
			if (d->ent[e].kind == ENT_UPLACE &&
			    strcmp(d->ent[e].key, latin) == 0)
				break;
		if (e == (int)d->nent) {
			/* LX_NONE: a new entity, not one of the same id */
			e = doc_ent(d, ENT_UPLACE, PREC_TOWN, LX_NONE);
			d->ent[e].id = c >= 0 ? (uint32_t)c : LX_NONE;
			d->ent[e].key = xstrdup(latin);
			d->ent[e].name_ar = xstrdup(ar);
			d->ent[e].a1 = c >= 0 ? place_context_admin1(d, c, t) :
			    -1;
		}
		doc_ent_span(d, e, t, t1);
	}
}

/* A country named is a place unless its name is ambiguous without evidence
 * or part of a foreign name. */
static int
place_country_ok(const struct doc *d, const struct mention *m)
{
	int	 c = (int)m->hit.id;

	if (d->tb->country[c].ambiguous && !d->caccept[c])
		return 0;
	return !place_in_foreign_name(d, m);
}

/* الحدود الجزائرية، الأراضي المالية: a place; الجيش المالي is an actor's
 * name, not a place mention. */
static int
place_nisba_ok(const struct doc *d, const struct mention *m)
{
	int	 c = (int)m->hit.id;
	uint32_t p;

	if (d->tb->country[c].ambiguous && !d->caccept[c])
		return 0;
	p = doc_prev(d, m->t0, 0);
	if (p == DOC_NONE || m->conj || (doc_cover(d, p, LX_GEOHEAD) == NULL &&
	    doc_cover(d, p, LX_PLACENOUN) == NULL))
		return 0;
	if (doc_cover(d, p, LX_GEOHEAD) != NULL &&
	    doc_cover(d, p, LX_GEOHEAD)->hit.arg == GH_LOCATIVE)
		return 0;
	return 1;
}

static int
place_admin1_ok(const struct doc *d, const struct mention *m)
{
	const struct lx_tables *tb = d->tb;

	if (tb->admin1[m->hit.id].ambiguous && (!place_area_before(d, m) ||
	    d->main_country != tb->admin1[m->hit.id].country))
		return 0;
	/* كيدال alone is the town; منطقة كيدال the region */
	if (place_same_span(d, m, LX_PLACE) && !place_area_before(d, m))
		return 0;
	return 1;
}

/* A town: the best reading of its words, not a country's or a region's
 * name, attested when it comes from the gazetteer or its name is
 * ambiguous. */
static int
place_town_ok(const struct doc *d, const struct mention *m)
{
	const struct lx_tables *tb = d->tb;
	const struct mention *a1;

	if (place_pick(d, m) != m)
		return 0;
	if (place_same_span(d, m, LX_COUNTRY) &&
	    !place_settlement_before(d, m))
		return 0;
	if ((a1 = place_same_span(d, m, LX_ADMIN1)) != NULL &&
	    place_area_before(d, m) && !tb->admin1[a1->hit.id].ambiguous)
		return 0;
	if (tb->place[m->hit.id].gazetteer && !place_gazetteer_ok(d, m))
		return 0;
	if (tb->place[m->hit.id].ambiguous && (!place_context(d, m) ||
	    d->ccount[tb->place[m->hit.id].country] == 0))
		return 0;
	return 1;
}

/* A region is the province it names, else a region unless it is part of
 * a quote, a source's or another place's name. */
static void
place_region(struct doc *d, struct mention *m)
{
	const struct mention *a1;

	if ((a1 = place_region_admin1(d, m)) != NULL) {
		place_add(d, m, PREC_ADMIN1, a1->hit.id);
		return;
	}
	if (doc_quoted(d, m->t0, m->t1) ||
	    place_same_span(d, m, LX_SOURCE) ||
	    place_same_span(d, m, LX_ADMIN1) ||
	    place_same_span(d, m, LX_COUNTRY))
		return;
	place_add(d, m, PREC_REGION, m->hit.id);
}

void
place_run(struct doc *d)
{
	size_t	 i;

	place_evidence(d);
	for (i = 0; i < d->nm; i++) {
		struct mention *m = &d->m[i];

		if ((m->hit.cat != LX_COUNTRY && m->hit.cat != LX_NISBA &&
		    m->hit.cat != LX_ADMIN1 && m->hit.cat != LX_PLACE &&
		    m->hit.cat != LX_REGION) || !place_usable(d, m))
			continue;
		switch (m->hit.cat) {
		case LX_COUNTRY:
			if (place_country_ok(d, m))
				place_add(d, m, PREC_COUNTRY, m->hit.id);
			break;
		case LX_NISBA:
			if (place_nisba_ok(d, m))
				place_add(d, m, PREC_COUNTRY, m->hit.id);
			break;
		case LX_ADMIN1:
			if (place_admin1_ok(d, m))
				place_add(d, m, PREC_ADMIN1, m->hit.id);
			break;
		case LX_PLACE:
			if (place_town_ok(d, m))
				place_add(d, m, PREC_TOWN, m->hit.id);
			break;
		case LX_REGION:
			place_region(d, m);
			break;
		}
	}
	place_unknown(d);
}
