#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "raqib/norm.h"
#include "raqib/strmap.h"
#include "raqib/xmalloc.h"

void
doc_init(struct doc *d, const struct lexicon *lx, struct text *tx)
{
	memset(d, 0, sizeof *d);
	d->lx = lx;
	d->tb = lexicon_tables(lx);
	d->tx = tx;
	d->ccount = xcalloc(d->tb->ncountry, sizeof *d->ccount);
	d->caccept = xcalloc(d->tb->ncountry, sizeof *d->caccept);
}

void
doc_reset(struct doc *d)
{
	size_t	i;

	for (i = 0; i < d->nent; i++) {
		free(d->ent[i].sp);
		free(d->ent[i].name_ar);
		free(d->ent[i].key);
	}
	for (i = 0; i < d->nev; i++) {
		free(d->ev[i].act);
		free(d->ev[i].cas);
		free(d->ev[i].src);
	}
	d->nm = d->nent = d->ncas = d->nev = d->ntw = 0;
	memset(d->ccount, 0, d->tb->ncountry * sizeof *d->ccount);
	memset(d->caccept, 0, d->tb->ncountry * sizeof *d->caccept);
	d->main_country = -1;
	d->max_year = 0;
}

void
doc_free(struct doc *d)
{
	doc_reset(d);
	free(d->tw);
	free(d->tw0);
	free(d->twn);
	free(d->stem);
	free(d->nstem);
	free(d->m);
	free(d->tokm);
	free(d->catat);
	free(d->catcov);
	free(d->mnext);
	free(d->slot);
	free(d->key);
	free(d->keyat);
	free(d->ent);
	free(d->cas);
	free(d->ev);
	free(d->ccount);
	free(d->caccept);
}

struct mention *
doc_mention_add(struct doc *d)
{
	struct mention	*m;

	XGROW(d->m, d->nm, d->capm, 256);
	m = &d->m[d->nm++];
	memset(m, 0, sizeof *m);
	m->ent = -1;
	return m;
}

static int
doc_mention_cmp(const void *a, const void *b)
{
	const struct mention *x = a, *y = b;

	if (x->t0 != y->t0)
		return x->t0 < y->t0 ? -1 : 1;
	if (x->t1 != y->t1)
		return x->t1 > y->t1 ? -1 : 1;
	return (int)x->hit.cat - (int)y->hit.cat;
}

/* Whether the mentions are already in doc_index's order, as match_run
 * makes them: qsort (a stable merge sort) would leave them as they are. */
static int
doc_sorted(const struct doc *d)
{
	size_t	i;

	for (i = 1; i < d->nm; i++)
		if (doc_mention_cmp(&d->m[i - 1], &d->m[i]) > 0)
			return 0;
	return 1;
}

/*
 * Sorts mentions by start and longest first, and indexes them by token,
 * with per-token masks of the categories present so that most lookups end
 * at once.  Mentions are only added before this.
 */
void
doc_index(struct doc *d)
{
	size_t	 i, n = d->tx->ntok;
	uint32_t t, bit;

	_Static_assert(LX_CAT_MAX <= 32, "category masks are 32 bits");
	if (d->nm > 1 && !doc_sorted(d))
		qsort(d->m, d->nm, sizeof *d->m, doc_mention_cmp);
	if (n + 1 > d->capt) {
		d->capt = n + 1;
		d->tokm = xreallocarray(d->tokm, d->capt, sizeof *d->tokm);
		d->catat = xreallocarray(d->catat, d->capt, sizeof *d->catat);
		d->catcov = xreallocarray(d->catcov, d->capt, sizeof *d->catcov);
	}
	if (d->nm + 1 > d->capmn) {
		d->capmn = d->nm + 1;
		d->mnext = xreallocarray(d->mnext, d->capmn, sizeof *d->mnext);
	}
	for (i = 0; i <= n; i++) {
		d->tokm[i] = DOC_NONE;
		d->catat[i] = d->catcov[i] = 0;
	}
	memset(d->catlen, 0, sizeof d->catlen);
	for (i = d->nm; i-- > 0;) {
		d->mnext[i] = d->tokm[d->m[i].t0];
		d->tokm[d->m[i].t0] = (uint32_t)i;
		if (d->m[i].t1 - d->m[i].t0 > d->catlen[d->m[i].hit.cat])
			d->catlen[d->m[i].hit.cat] = d->m[i].t1 - d->m[i].t0;
		bit = 1U << d->m[i].hit.cat;
		d->catat[d->m[i].t0] |= bit;
		for (t = d->m[i].t0; t < d->m[i].t1 && t < n; t++)
			d->catcov[t] |= bit;
	}
}

/* The scratch hash table, emptied, for n entries: at least 64 slots and
 * twice n, a power of two (*mask is one less).  Kept from one document to
 * the next, as a fresh allocation of this size made malloc consolidate the
 * small blocks the previous document's output freed. */
uint32_t *
doc_slots(struct doc *d, size_t n, size_t *mask)
{
	*mask = 63;
	while (*mask + 1 < n * 2)
		*mask = *mask * 2 + 1;
	if (*mask + 1 > d->capslot) {
		d->capslot = *mask + 1;
		free(d->slot);
		d->slot = xreallocarray(NULL, d->capslot, sizeof *d->slot);
	}
	memset(d->slot, 0, (*mask + 1) * sizeof *d->slot);
	return d->slot;
}

/* Each sentence's key, its tokens' matching forms each followed by a
 * space, one after another in d->key (sentence s at d->keyat[s]). */
static void
doc_keys(struct doc *d)
{
	const struct text *tx = d->tx;
	uint32_t	 s, t;
	size_t		 kl = 0, n;

	if (tx->nsent + 1 > d->capkeyat) {
		d->capkeyat = tx->nsent + 1;
		d->keyat = xreallocarray(d->keyat, d->capkeyat,
		    sizeof *d->keyat);
	}
	for (s = 0; s < tx->nsent; s++) {
		d->keyat[s] = (uint32_t)kl;
		for (t = tx->sent[s].t0; t < tx->sent[s].t1; t++) {
			n = tx->tok[t].nflen;
			if (kl + n + 1 > d->capkey) {
				d->capkey = (kl + n + 1) * 2;
				d->key = xreallocarray(d->key, d->capkey, 1);
			}
			memcpy(d->key + kl, text_nf(tx, t), n);
			kl += n;
			d->key[kl++] = ' ';
		}
	}
	d->keyat[s] = (uint32_t)kl;
}

/* Sentences whose key (longer than 8 bytes) an earlier one had: repeats.
 * The keys and the table are kept from one document to the next. */
void
doc_dups(struct doc *d)
{
	struct text	*tx = d->tx;
	uint32_t	*seen, s, u;
	size_t		 mask, i, kl;
	const char	*key;

	doc_keys(d);
	seen = doc_slots(d, tx->nsent, &mask);
	for (s = 0; s < tx->nsent; s++) {
		key = d->key + d->keyat[s];
		if ((kl = d->keyat[s + 1] - d->keyat[s]) <= 8)
			continue;
		for (i = strmap_hash(key, kl) & mask; seen[i] != 0;
		    i = (i + 1) & mask) {
			u = seen[i] - 1;
			if (d->keyat[u + 1] - d->keyat[u] == kl &&
			    memcmp(d->key + d->keyat[u], key, kl) == 0)
				break;
		}
		if (seen[i] != 0)
			tx->sent[s].flags |= SF_DUP;
		else
			seen[i] = s + 1;
	}
}

/* The entity of a kind and id, created on first use. */
int
doc_ent(struct doc *d, int kind, int prec, uint32_t id)
{
	struct ent	*e;
	size_t		 i;

	for (i = 0; i < d->nent; i++)
		if (d->ent[i].kind == kind && d->ent[i].id == id &&
		    d->ent[i].prec == prec && id != LX_NONE)
			return (int)i;
	XGROW(d->ent, d->nent, d->capent, 32);
	e = &d->ent[d->nent];
	memset(e, 0, sizeof *e);
	e->kind = (uint8_t)kind;
	e->prec = (uint8_t)prec;
	e->id = id;
	return (int)d->nent++;
}

void
doc_ent_span(struct doc *d, int ei, uint32_t t0, uint32_t t1)
{
	struct ent	*e = &d->ent[ei];
	size_t		 i;

	for (i = 0; i < e->nsp; i++)
		if (e->sp[i].t0 == t0 && e->sp[i].t1 == t1)
			return;
	XGROW(e->sp, e->nsp, e->capsp, 4);
	e->sp[e->nsp].t0 = t0;
	e->sp[e->nsp].t1 = t1;
	e->nsp++;
}

/* Takes the span [t0, t1) back from entity ei: a word that turned out to
 * be part of another name. */
void
doc_ent_unspan(struct doc *d, int ei, uint32_t t0, uint32_t t1)
{
	struct ent	*e = &d->ent[ei];
	size_t		 i;

	for (i = 0; i < e->nsp; i++)
		if (e->sp[i].t0 == t0 && e->sp[i].t1 == t1) {
			memmove(&e->sp[i], &e->sp[i + 1],
			    (e->nsp - i - 1) * sizeof e->sp[0]);
			e->nsp--;
			return;
		}
}

struct cas *
doc_cas_add(struct doc *d)
{
	struct cas	*c;

	XGROW(d->cas, d->ncas, d->capcas, 16);
	c = &d->cas[d->ncas++];
	memset(c, 0, sizeof *c);
	c->vague = c->who = c->claimant = c->source = c->dupof = -1;
	return c;
}

struct evt *
doc_ev_add(struct doc *d)
{
	struct evt	*e;

	XGROW(d->ev, d->nev, d->capev, 16);
	e = &d->ev[d->nev++];
	memset(e, 0, sizeof *e);
	e->place = e->claimant = -1;
	return e;
}

/* Adds an actor to an event once; a role learnt later fills an unknown
 * one. */
void
doc_ev_actor(struct evt *e, int ent, int role)
{
	size_t	i;

	for (i = 0; i < e->nact; i++)
		if (e->act[i].ent == ent) {
			if (e->act[i].role == ROLE_UNKNOWN)
				e->act[i].role = (uint8_t)role;
			return;
		}
	XGROW(e->act, e->nact, e->capact, 4);
	e->act[e->nact].ent = ent;
	e->act[e->nact].role = (uint8_t)role;
	e->nact++;
}

static void
doc_int_add(int **v, size_t *n, size_t *cap, int x)
{
	size_t	i;

	for (i = 0; i < *n; i++)
		if ((*v)[i] == x)
			return;
	XGROW(*v, *n, *cap, 4);
	(*v)[(*n)++] = x;
}

/* Adds a casualty figure (an index in d->cas) to an event once. */
void
doc_ev_cas(struct evt *e, int cas)
{
	doc_int_add(&e->cas, &e->ncas, &e->capcas, cas);
}

/* Adds a source (a lexicon source id) to an event once. */
void
doc_ev_src(struct evt *e, int src)
{
	doc_int_add(&e->src, &e->nsrc, &e->capsrc, src);
}

/* doc_at past its masks */
const struct mention *
doc_at_find(const struct doc *d, uint32_t t, int cat, int arg)
{
	uint32_t i;

	for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
		const struct mention *m = &d->m[i];

		if (m->hit.cat == cat && !m->dead && (arg < 0 || m->hit.arg == arg))
			return m;
	}
	return NULL;
}

/* doc_cover past its masks */
const struct mention *
doc_cover_find(const struct doc *d, uint32_t t, int cat)
{
	const struct mention *best = NULL;
	uint32_t	 s, i, lo;

	/* no mention of cat starting before t - catlen + 1 reaches t */
	lo = t >= 12 ? t - 12 : 0;
	if (d->catlen[cat] > 0 && t + 1 - lo > d->catlen[cat])
		lo = t + 1 - d->catlen[cat];
	for (s = lo; s <= t; s++)
		for (i = d->tokm[s]; i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];

			if (m->hit.cat == cat && !m->dead && m->t1 > t &&
			    (best == NULL || m->t1 - m->t0 > best->t1 - best->t0))
				best = m;
		}
	return best;
}

/* Whether a live mention of cat starts in sentence s. */
int
doc_sent_has(const struct doc *d, uint32_t s, int cat)
{
	const struct sentence *se = &d->tx->sent[s];
	uint32_t t;

	for (t = se->t0; t < se->t1; t++)
		if (doc_at(d, t, cat, -1) != NULL)
			return 1;
	return 0;
}

int
doc_has(const struct doc *d, uint32_t t, int cat, int arg)
{
	return doc_at(d, t, cat, arg) != NULL;
}

/* The next token after t that is not a quote mark, or DOC_NONE past end. */
uint32_t
doc_next(const struct doc *d, uint32_t t, uint32_t end)
{
	for (t++; t < end; t++)
		if (!(d->tx->tok[t].flags & (TF_QUOTE | TF_CLITIC)))
			return t;
	return DOC_NONE;
}

uint32_t
doc_prev(const struct doc *d, uint32_t t, uint32_t start)
{
	while (t > start) {
		t--;
		if (!(d->tx->tok[t].flags & (TF_QUOTE | TF_CLITIC)))
			return t;
	}
	return DOC_NONE;
}

/* Whether token t's matching form is s (UTF-8, already normalised). */
int
doc_tok_is(const struct doc *d, uint32_t t, const char *s)
{
	if (t >= d->tx->ntok)
		return 0;
	return strcmp(text_nf(d->tx, t), s) == 0;
}

/* Whether token t's matching form begins with s and goes on past it. */
int
doc_tok_starts(const struct doc *d, uint32_t t, const char *s)
{
	size_t	n = strlen(s);

	return t < d->tx->ntok && d->tx->tok[t].nflen > n &&
	    memcmp(text_nf(d->tx, t), s, n) == 0;
}

/* Whether token t's matching form ends with s, with more than min bytes
 * before it. */
int
doc_tok_ends(const struct doc *d, uint32_t t, const char *s, size_t min)
{
	size_t	n = strlen(s), l;

	if (t >= d->tx->ntok || (l = d->tx->tok[t].nflen) <= n + min)
		return 0;
	return memcmp(text_nf(d->tx, t) + l - n, s, n) == 0;
}

/* Whether token t is one of the words of l. */
int
doc_tok_in(const struct doc *d, uint32_t t, const struct lx_wordlist *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		if (doc_tok_is(d, t, l->w[i]))
			return 1;
	return 0;
}

/* Whether token t is a punctuation mark that ends a clause. */
int
doc_tok_stop(const struct doc *d, uint32_t t)
{
	return d->tx->tok[t].kind == TK_PUNCT &&
	    (d->tx->tok[t].flags & TF_STOP);
}

/* Whether the span is wrapped in quote marks. */
int
doc_quoted(const struct doc *d, uint32_t t0, uint32_t t1)
{
	return t0 > 0 && t1 < d->tx->ntok &&
	    (d->tx->tok[t0 - 1].flags & TF_QUOTE) &&
	    (d->tx->tok[t1].flags & TF_QUOTE);
}

char *
doc_surface(const struct doc *d, uint32_t t0, uint32_t t1)
{
	uint32_t b0 = d->tx->tok[t0].b0, b1 = d->tx->tok[t1 - 1].b1;

	return xstrndup(d->tx->src + b0, b1 - b0);
}

/* Sentences that are boilerplate or repeats yield nothing. */
int
doc_sent_usable(const struct doc *d, uint32_t s)
{
	return !(d->tx->sent[s].flags & (SF_BOILER | SF_DUP));
}

/* The least marked inflection any reading of cat at token t has: a form
 * that is both a past and an imperfect (أصيب) counts as a past. */
int
doc_form_at(const struct doc *d, uint32_t t, int cat)
{
	uint32_t i;
	int	 form = FORM_FUTURE + 1;

	for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i])
		if (d->m[i].hit.cat == cat && !d->m[i].dead &&
		    d->m[i].form < form)
			form = d->m[i].form;
	return form > FORM_FUTURE ? FORM_BASE : form;
}

/* Sizes the per-token arrays of readings for the text. */
void
doc_stems_size(struct doc *d)
{
	const struct text *tx = d->tx;

	if (tx->ntok + 1 > d->capstem) {
		d->capstem = tx->ntok + 1;
		d->stem = xreallocarray(d->stem, d->capstem,
		    NORM_STEMS * sizeof *d->stem);
		d->nstem = xreallocarray(d->nstem, d->capstem, sizeof *d->nstem);
		d->tw0 = xreallocarray(d->tw0, d->capstem, sizeof *d->tw0);
		d->twn = xreallocarray(d->twn, d->capstem, sizeof *d->twn);
	}
}

/* The clitic readings of token t, computed once since the passes ask for
 * them many times. */
void
doc_stems_compute(struct doc *d, uint32_t t)
{
	const struct text *tx = d->tx;

	d->nstem[t] = tx->tok[t].kind == TK_PUNCT ? 0 :
	    (uint8_t)norm_stems(text_nf(tx, t), tx->tok[t].nflen,
	    d->stem + (size_t)t * NORM_STEMS, NORM_STEMS);
}

/* Token t's readings are those of the earlier token u of the same matching
 * form: the stems point into u's form, the same bytes. */
void
doc_stems_share(struct doc *d, uint32_t t, uint32_t u)
{
	d->nstem[t] = d->nstem[u];
	memcpy(d->stem + (size_t)t * NORM_STEMS, d->stem + (size_t)u *
	    NORM_STEMS, d->nstem[u] * sizeof *d->stem);
}
