#include <string.h>

#include "doc.h"
#include "raqib/norm.h"

#define AR_AL	"\xd8\xa7\xd9\x84"
#define AR_HA	"\xd9\x87"

/* A definite adjective after a noun (القاعدة العسكرية) makes the noun a
 * common noun phrase, not a group's name. */
static int
actor_adjective_after(const struct doc *d, uint32_t t1, uint32_t end)
{
	uint32_t n = doc_next(d, t1 - 1, end);
	const char *nf;
	size_t	 len;

	if (n == DOC_NONE || d->tx->tok[n].kind != TK_WORD)
		return 0;
	if (doc_at(d, n, LX_ACTOR, -1) != NULL || doc_at(d, n, LX_COUNTRY, -1))
		return 0;
	nf = text_nf(d->tx, n);
	len = d->tx->tok[n].nflen;
	return len > 6 && strncmp(nf, AR_AL, 4) == 0 &&
	    (memcmp(nf + len - 2, AR_HA, 2) == 0 ||
	    doc_at(d, n, LX_NISBA, -1) != NULL);
}

/* A name that is also a common word needs quotes or an introducing noun. */
static int
actor_weak_ok(const struct doc *d, const struct mention *m)
{
	const struct sentence *se = &d->tx->sent[d->tx->tok[m->t0].sent];
	const struct mention *in;
	uint32_t p;
	int	 ok;

	if (actor_adjective_after(d, m->t1, se->t1))
		return 0;
	ok = doc_quoted(d, m->t0, m->t1);
	p = doc_prev(d, m->t0, se->t0);
	if (!ok && p != DOC_NONE && (in = doc_cover(d, p, LX_INTRO)) != NULL &&
	    in->t1 == p + 1)
		ok = 1;
	return ok;
}

/* The army or government of a nisba that is also written for another
 * country (النيجيري for Niger): that country's, when the text names it and
 * not the nisba's own. */
static uint32_t
actor_nisba_also(const struct doc *d, uint32_t id)
{
	const struct lx_tables *tb = d->tb;
	int	 c = tb->actor[id].country, alt, other;

	if (c < 0 || (alt = tb->country[c].nisba_also) < 0 ||
	    d->caccept[c] || !d->caccept[alt] || d->main_country != alt)
		return id;
	other = (int)id == tb->country[c].army ? tb->country[alt].army :
	    (int)id == tb->country[c].gov ? tb->country[alt].gov : -1;
	return other >= 0 ? (uint32_t)other : id;
}

void
actor_run(struct doc *d)
{
	const struct lx_tables *tb = d->tb;
	size_t	 i;
	uint32_t id;
	int	 c, e;

	for (i = 0; i < d->nm; i++) {
		struct mention *m = &d->m[i];

		if (m->hit.cat != LX_ACTOR || m->dead ||
		    !doc_sent_usable(d, d->tx->tok[m->t0].sent))
			continue;
		id = m->hit.id;
		if (m->hit.arg == ACT_CONTEXT_ARMY || m->hit.arg == ACT_CONTEXT_GOV) {
			/* الجيش، المجلس العسكري: of the country the text is about */
			c = d->main_country;
			if (c < 0 || d->ccount[c] < 2)
				continue;
			id = (uint32_t)(m->hit.arg == ACT_CONTEXT_ARMY ?
			    tb->country[c].army : tb->country[c].gov);
			if ((int)id < 0)
				continue;
		} else if (m->hit.flags & AF_WEAK) {
			if (!actor_weak_ok(d, m))
				continue;
		} else if (m->hit.arg == ACT_TEMPLATE) {
			c = tb->actor[id].country;
			if (c >= 0 && tb->country[c].ambiguous && !d->caccept[c])
				continue;	/* السلطات المالية: financial? */
			id = actor_nisba_also(d, id);
		}
		e = doc_ent(d, ENT_ACTOR, 0, id);
		doc_ent_span(d, e, m->t0, m->t1);
		m->ent = e;
	}
}
