#include <string.h>

#include "figure.h"

#define W_FROM		"\xd9\x85\xd9\x86"		/* من */
#define W_IN		"\xd9\x81\xd9\x8a"		/* في */
#define W_PL_IN		"\xd9\x8a\xd9\x86"		/* ين */
#define W_DUAL_AN	"\xd8\xa7\xd9\x86"		/* ان */
#define W_BEFORE	"\xd9\x82\xd8\xa8\xd9\x84"	/* قبل */
#define W_COMMA		"\xd8\x8c"			/* ، */

/* The victims after a figure: [من] noun [actor …]; who is the first actor. */
static void
figure_victims(const struct doc *d, uint32_t t, uint32_t end,
    struct figure *f)
{
	const struct mention *v, *a;
	uint32_t j = t, k;

	f->cls = -1;
	f->who = -1;
	f->t1 = t;
	if (j < end && doc_tok_is(d, j, W_FROM))
		j++;
	j = doc_next(d, j - 1, end) == DOC_NONE ? j : doc_next(d, j - 1, end);
	if (j < end && (v = doc_at(d, j, LX_VICTIM, -1)) != NULL) {
		f->cls = d->tb->victim[v->hit.id].cls;
		f->t1 = v->t1;
		f->vt = j;
	}
	/* an actor within the next few words names them */
	for (k = j; k < end && k < j + 7; k++) {
		if (doc_tok_stop(d, k) ||
		    doc_at(d, k, LX_CASUALTY, -1) != NULL ||
		    doc_at(d, k, LX_SPEECH, -1) != NULL)
			break;
		/* و14 من رجال الدرك: the next figure's victims */
		if (k > j && (number_digits(d, k, &(int64_t){ 0 }) ||
		    doc_at(d, k, LX_NUMBER, -1) != NULL))
			break;
		a = doc_cover(d, k, LX_ACTOR);
		if (a != NULL && a->ent < 0) {
			/* an actor the document does not name on its own (القوات
			 * المسلحة): still the victims' words */
			if (a->t1 > f->t1)
				f->t1 = a->t1;
			break;
		}
		if (a != NULL) {
			f->who = a->ent;
			if (a->t1 > f->t1)
				f->t1 = a->t1;
			if (f->cls < 0 && d->tb->actor[d->ent[a->ent].id].generic &&
			    strcmp(d->tb->actor[d->ent[a->ent].id].id,
			    "civilians") == 0)
				f->cls = VC_CIVILIAN;
			break;
		}
	}
}

int
figure_qual_before(const struct doc *d, uint32_t t, uint32_t start,
    uint32_t *q0)
{
	uint32_t s, i;

	/* a qualifier ending right before t */
	for (s = t > start + 5 ? t - 5 : start; s < t; s++)
		for (i = d->tokm[s]; i != DOC_NONE; i = d->mnext[i]) {
			const struct mention *m = &d->m[i];

			if (m->hit.cat == LX_QUAL && !(m->hit.flags & QF_AFTER) &&
			    m->t1 == t) {
				*q0 = m->t0;
				return m->hit.arg;
			}
		}
	return -1;
}

int
figure_qual_after(const struct doc *d, uint32_t t, uint32_t end,
    uint32_t *q1)
{
	uint32_t k;
	const struct mention *m;

	for (k = t; k < end && k < t + 5; k++) {
		if (doc_tok_stop(d, k))
			break;
		if ((m = doc_at(d, k, LX_QUAL, -1)) != NULL &&
		    (m->hit.flags & QF_AFTER)) {
			*q1 = m->t1;
			return m->hit.arg;
		}
	}
	return -1;
}

/* A number that is a day of a date or a year is not a casualty figure. */
int
figure_not_count(const struct doc *d, const struct num *n, uint32_t end)
{
	if (n->value >= 1900 && n->value <= 2100)
		return 1;
	if (n->t1 < end && doc_has(d, n->t1, LX_MONTH, -1))
		return 1;
	return 0;
}

/* A victim noun that is its own count, n exact: جنديين (2), قتل جندي (1). */
static int
figure_noun(const struct doc *d, const struct mention *v, uint32_t end,
    int n, struct figure *f)
{
	f->qual = QUAL_EXACT;
	f->n.value = n;
	f->n.vague = -1;
	f->n.t0 = f->t0 = v->t0;
	f->n.t1 = v->t1;
	figure_victims(d, v->t0, end, f);
	return 1;
}

/* A figure at t: [qualifier] number-or-vague [victims] [qualifier after],
 * or a dual noun (جنديين = 2). */
int
figure_at(const struct doc *d, uint32_t t, uint32_t start, uint32_t end,
    struct figure *f)
{
	const struct mention *v, *q0m;
	uint32_t q0, q1;
	int	 q;

	memset(f, 0, sizeof *f);
	f->qual = QUAL_EXACT;
	t = (d->tx->tok[t].flags & TF_QUOTE) ? t + 1 : t;
	/* حوالي 150: the qualifier is read back from the number */
	if (t < end && (q0m = doc_at(d, t, LX_QUAL, -1)) != NULL &&
	    !(q0m->hit.flags & QF_AFTER))
		t = q0m->t1;
	if (t >= end)
		return 0;
	/* جنديين، زوجين: two; الزوجين is the two already told of */
	if ((v = doc_at(d, t, LX_VICTIM, -1)) != NULL &&
	    (v->hit.flags & VF_DUAL) && !v->art)
		return figure_noun(d, v, end, 2, f);
	/* مدني واحد: one, the number after its noun */
	if (v != NULL && !(v->hit.flags & (VF_PLURAL | VF_DUAL)) &&
	    number_at(d, v->t1, end, &f->n) && f->n.value == 1 &&
	    f->n.t0 == v->t1) {
		f->t0 = f->n.t0 = t;
		figure_victims(d, t, end, f);
		if (f->t1 < f->n.t1)
			f->t1 = f->n.t1;
		return 1;
	}
	if (!number_at(d, t, end, &f->n) || figure_not_count(d, &f->n, end))
		return 0;
	f->t0 = t;
	if ((q = figure_qual_before(d, t, start, &q0)) >= 0) {
		f->qual = (uint8_t)q;
		f->t0 = q0;
	}
	figure_victims(d, doc_next(d, f->n.t1 - 1, end) == DOC_NONE ? f->n.t1 :
	    doc_next(d, f->n.t1 - 1, end), end, f);
	if (f->t1 < f->n.t1)
		f->t1 = f->n.t1;
	if ((q = figure_qual_after(d, f->t1, end, &q1)) >= 0) {
		f->qual = (uint8_t)q;
		f->t1 = q1;
	}
	if (f->n.value < 0)
		f->qual = QUAL_VAGUE;
	/* a number counting something else is not a toll: 5 سنوات، 20 كلم */
	if (f->cls < 0 && f->who < 0 && f->n.value >= 0 && f->n.t1 < end &&
	    doc_at(d, f->n.t1, LX_NUMBER, NUM_MEASURE) != NULL)
		return -1;
	return 1;
}

/* Whether the phrase ends at t: the sentence's end, punctuation, or a
 * word opening with و، ب، ف (وأصيب، بجروح، في). */
static int
figure_clause_ends(const struct doc *d, uint32_t t, uint32_t end)
{
	return t >= end || d->tx->tok[t].kind == TK_PUNCT ||
	    doc_tok_starts(d, t, "\xd9\x88") ||	/* و */
	    doc_tok_starts(d, t, "\xd8\xa8") ||	/* ب */
	    doc_tok_starts(d, t, "\xd9\x81");		/* ف */
}

/* A singular victim noun right after the kind word counts one: قتل جندي. */
int
figure_single(const struct doc *d, uint32_t t, uint32_t end,
    struct figure *f)
{
	const struct mention *v;

	if (t >= end || (v = doc_at(d, t, LX_VICTIM, -1)) == NULL ||
	    (v->hit.flags & (VF_PLURAL | VF_DUAL)))
		return 0;
	/* وجرح آخر، أصيب آخر بجروح: one more; not آخر عناصر (the last) */
	if (d->tb->victim[v->hit.id].cls == VC_PERSON &&
	    strcmp(d->tb->victim[v->hit.id].name, "other") == 0 &&
	    !figure_clause_ends(d, v->t1, end))
		return 0;
	memset(f, 0, sizeof *f);
	return figure_noun(d, v, end, 1, f);
}

/* مثلهم (casualties.json "as_many"): as many as the figure before in the
 * sentence. */
int
figure_as_many(const struct doc *d, uint32_t s, uint32_t t,
    struct figure *f)
{
	const struct cas *p;

	if (d->ncas == 0 || (p = &d->cas[d->ncas - 1])->sent != s ||
	    p->value <= 0 || !doc_tok_in(d, t, &d->tb->as_many))
		return 0;
	memset(f, 0, sizeof *f);
	f->n.value = p->value;
	f->n.vague = -1;
	f->n.t0 = f->t0 = t;
	f->n.t1 = f->t1 = t + 1;
	f->qual = p->qual;
	f->cls = p->cls;
	f->who = p->who;
	return 1;
}

/* في and a place at t (في بوركينا فاسو): returns where it ends, or DOC_NONE. */
uint32_t
figure_in_place(const struct doc *d, uint32_t t, uint32_t end)
{
	const struct mention *m;

	if (!doc_tok_is(d, t, W_IN) || t + 1 >= end)
		return DOC_NONE;
	if ((m = doc_at(d, t + 1, LX_PLACE, -1)) == NULL &&
	    (m = doc_at(d, t + 1, LX_ADMIN1, -1)) == NULL &&
	    (m = doc_at(d, t + 1, LX_COUNTRY, -1)) == NULL)
		return DOC_NONE;
	return m->t1 <= end ? m->t1 : DOC_NONE;
}

/* قبل يومين، قبل خمسة أيام (ago) at t, with a comma after it: a counted
 * unit or a dual one (not قبل هجوم, "before an attack"). Returns where it
 * ends, or DOC_NONE. */
uint32_t
figure_ago(const struct doc *d, uint32_t t, uint32_t end)
{
	const struct mention *m;
	struct num n;
	uint32_t u;
	int	 counted;

	if (!doc_tok_is(d, t, W_BEFORE) || t + 1 >= end)
		return DOC_NONE;
	u = t + 1;
	if ((counted = number_at(d, u, end, &n) && n.value > 0))
		u = n.t1;
	if (u >= end || (m = doc_at(d, u, LX_NUMBER, NUM_MEASURE)) == NULL ||
	    (!counted && !doc_tok_ends(d, u, W_PL_IN, 2) &&
	    !doc_tok_ends(d, u, W_DUAL_AN, 2)))
		return DOC_NONE;
	u = m->t1;
	if (u < end && doc_tok_is(d, u, W_COMMA))
		u++;
	return u < end ? u : DOC_NONE;
}
