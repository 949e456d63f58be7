#include <string.h>

#include "cue.h"
#include "doc.h"
#include "figure.h"
#include "raqib/norm.h"

#define CAS_BACK	10	/* tokens a figure may stand before its verb */
#define CAS_SUBJ	6	/* tokens the doers may take before the figure */
#define W_OR		"\xd8\xa7\xd9\x88"		/* او */
#define W_FROM		"\xd9\x85\xd9\x86"		/* من */
#define W_TO		"\xd8\xa7\xd9\x84\xd9\x8a"	/* الى */
#define W_DAY		"\xd9\x8a\xd9\x88\xd9\x85"	/* يوم */
#define W_IN		"\xd9\x81\xd9\x8a"		/* في */
#define W_AND		"\xd9\x88"			/* و */
#define W_PL_UN		"\xd9\x88\xd9\x86"		/* ون */
#define W_PL_IN		"\xd9\x8a\xd9\x86"		/* ين */

/* A verb agreeing with a figure before it: a plural or dual ending. */
static int
cas_agrees(const struct doc *d, uint32_t t)
{
	return doc_tok_ends(d, t, "\xd9\x88\xd8\xa7", 0) ||	/* وا */
	    doc_tok_ends(d, t, W_PL_UN, 0) ||
	    doc_tok_ends(d, t, "\xd8\xaa\xd8\xa7", 0) ||	/* تا */
	    doc_tok_ends(d, t, "\xd8\xa7", 4);		/* ا */
}

/* Whether the words from t to k are plural doers (مسلحون مجهولون): a
 * victim noun after them is the object, not more of the doers. */
static int
cas_plural_doers(const struct doc *d, uint32_t t, uint32_t k)
{
	const struct mention *m;

	if ((m = doc_cover(d, t, LX_VICTIM)) != NULL)
		return (m->hit.flags & VF_PLURAL) && m->t1 <= k;
	if ((m = doc_cover(d, t, LX_ACTOR)) != NULL)
		return m->t1 <= k;
	/* an unknown word with a plural ending: مجهولون، مجهولين */
	return d->twn[t] == 0 && t + 1 == k &&
	    (doc_tok_ends(d, t, W_PL_UN, 2) || doc_tok_ends(d, t, W_PL_IN, 2));
}

/* More of the doers after their first word: من before a group (عناصر من
 * تنظيم الدولة), an adjective of arms (مجموعة مسلحة), a day (مسلحون
 * مجهولون يوم الأحد). Returns where it ends, or DOC_NONE; *strict is set
 * when a من was crossed, for what follows could be the group's own number
 * (جنود من الكتيبة 33). */
static uint32_t
cas_doer_more(const struct doc *d, uint32_t k, uint32_t end, int *strict)
{
	const struct mention *m;

	if (doc_tok_is(d, k, W_FROM) && k + 1 < end &&
	    (doc_at(d, k + 1, LX_ACTOR, -1) != NULL ||
	    doc_at(d, k + 1, LX_INTRO, -1) != NULL)) {
		*strict = 1;
		return k + 1;
	}
	if (((m = doc_at(d, k, LX_CUE, CUE_WEAPON)) != NULL ||
	    (m = doc_at(d, k, LX_CUE, CUE_AIR)) != NULL) && m->t1 <= end)
		return m->t1;
	if (doc_has(d, k, LX_WEEKDAY, -1) || doc_has(d, k, LX_DATEREL, -1) ||
	    doc_tok_is(d, k, W_DAY))
		return k + 1;
	return DOC_NONE;
}

/* Whether token k can be one of the doers: a named actor (قوات الأمن،
 * الجيش المالي، بوكو حرام), its introducer (جماعة، عناصر), a nisba
 * (الليبي), a victim noun (مسلحون), an unknown word; or what struck, an
 * event noun (قتلت غارة جوية 14 مدنيا, قتل انفجار), which sets *strict:
 * what it hit may be things (أصاب الانفجار 3 مبان). */
static int
cas_doer_word(const struct doc *d, uint32_t k, int *strict)
{
	const struct mention *m;

	if ((m = doc_cover(d, k, LX_TRIGGER)) != NULL &&
	    !(m->hit.flags & TRF_VERB) && doc_cover(d, k, LX_CASUALTY) == NULL &&
	    !doc_tok_starts(d, m->t0, W_AND))	/* لخطف وذبح أحد: two acts */
		return *strict = 1;
	return doc_cover(d, k, LX_VICTIM) != NULL ||
	    doc_cover(d, k, LX_ACTOR) != NULL ||
	    doc_cover(d, k, LX_NISBA) != NULL ||
	    doc_cover(d, k, LX_INTRO) != NULL ||
	    d->twn[k] == 0;
}

/* The doers between a verb and its figure: مسلحون مجهولون، عناصر التنظيم،
 * قوات فاغنر والجيش المالي; at most CAS_SUBJ words, besides an "ago"
 * (قبل خمسة أيام). Returns where the figure would start, or DOC_NONE. */
static uint32_t
cas_skip_subject(const struct doc *d, uint32_t t, uint32_t end, int *strict)
{
	const struct mention *m;
	uint32_t k, p, lim;

	*strict = 0;
	for (k = t, lim = t + CAS_SUBJ; k < end && k < lim; k++) {
		/* خطف مسلحون قبل خمسة أيام، عددا من الأشخاص */
		if (k > t && (p = figure_ago(d, k, end)) != DOC_NONE) {
			lim += p - k;
			k = p - 1;
			continue;
		}
		if (doc_tok_stop(d, k))
			return DOC_NONE;
		if (k > t && (p = cas_doer_more(d, k, end, strict)) != DOC_NONE) {
			k = p - 1;
			continue;
		}
		/* a group's name, read whole: تنظيم الدولة الإسلامية */
		if ((m = doc_at(d, k, LX_ACTOR, -1)) != NULL && m->t1 > k + 1 &&
		    m->t1 < end) {
			k = m->t1 - 1;
			continue;
		}
		if (number_digits(d, k, &(int64_t){ 0 }) ||
		    doc_at(d, k, LX_NUMBER, -1) != NULL) {
			m = doc_at(d, k, LX_NUMBER, -1);
			if (m != NULL && m->hit.arg == NUM_MEASURE)
				return DOC_NONE;
			return k > t ? k : DOC_NONE;
		}
		/* قتل الجنود أكثر من 300 متمرد: a qualifier opens it; خطف
		 * مسلحون زوجين، قسا: a dual or one, after plural doers */
		if (k > t && (doc_at(d, k, LX_QUAL, -1) != NULL ||
		    ((m = doc_at(d, k, LX_VICTIM, -1)) != NULL &&
		    !(m->hit.flags & VF_PLURAL) && cas_plural_doers(d, t, k))))
			return k;
		/* قتل جنود في تشاد 300 متمرد: where the doers are */
		if (k > t && (p = figure_in_place(d, k, end)) != DOC_NONE &&
		    p < end) {
			k = p - 1;
			continue;
		}
		if (!cas_doer_word(d, k, strict))
			return DOC_NONE;	/* a known word that is not a doer */
	}
	return DOC_NONE;
}

/* فيه، فيها، خلاله: "in it", pointing back to the incident. */
static int
cas_pronoun_adverb(const struct doc *d, uint32_t t)
{
	static const char *w[] = { "\xd9\x81\xd9\x8a\xd9\x87",
	    "\xd9\x81\xd9\x8a\xd9\x87\xd8\xa7",
	    "\xd9\x81\xd9\x8a\xd9\x87\xd9\x85",
	    "\xd8\xae\xd9\x84\xd8\xa7\xd9\x84\xd9\x87",
	    "\xd8\xae\xd9\x84\xd8\xa7\xd9\x84\xd9\x87\xd8\xa7",
	    "\xd8\xac\xd8\xb1\xd8\xa7\xd8\xa1\xd9\x87", NULL };
	int	i;

	for (i = 0; w[i] != NULL; i++)
		if (doc_tok_is(d, t, w[i]))
			return 1;
	return 0;
}

/* Words between a verb and its figure that do not break the link. */
static uint32_t
cas_skip_adverbs(const struct doc *d, uint32_t t, uint32_t end)
{
	const struct mention *m;
	uint32_t p;
	int	 k;

	for (k = 0; k < 3 && t < end; k++) {
		/* قتل في بوركينا فاسو، حوالي 30 مدنيا */
		if ((p = figure_in_place(d, t, end)) != DOC_NONE) {
			t = p;
			if (t < end && doc_tok_is(d, t, "\xd8\x8c"))	/* ، */
				t++;
			continue;
		}
		/* قتل في الهجوم أكثر من مائة جندي: "in it", named */
		if (doc_tok_is(d, t, W_IN) && t + 1 < end &&
		    (m = doc_at(d, t + 1, LX_TRIGGER, -1)) != NULL &&
		    m->t1 == t + 2 && m->t1 < end) {
			t = m->t1;
			continue;
		}
		if ((p = figure_ago(d, t, end)) != DOC_NONE) {
			t = p;
			continue;
		}
		if (doc_has(d, t, LX_WEEKDAY, -1) || doc_has(d, t, LX_DATEREL, -1) ||
		    doc_tok_is(d, t, W_DAY) || cas_pronoun_adverb(d, t) ||
		    (d->tx->tok[t].flags & TF_QUOTE))
			t++;
		else
			break;
	}
	return t;
}

/* لقي (met) opening a figure that حتفهم or مصرعهم closes up to a dozen
 * words later; returns where the figure starts, or DOC_NONE. */
static uint32_t
cas_meet_before(const struct doc *d, uint32_t t, uint32_t start)
{
	static const char *w[] = { "\xd9\x84\xd9\x82\xd9\x8a",
	    "\xd9\x88\xd9\x84\xd9\x82\xd9\x8a",
	    "\xd9\x84\xd9\x82\xd9\x88\xd8\xa7",
	    "\xd9\x88\xd9\x84\xd9\x82\xd9\x88\xd8\xa7", NULL };
	uint32_t b;
	int	 i;

	for (b = t; b-- > start && b + 14 > t;)
		for (i = 0; w[i] != NULL; i++)
			if (doc_tok_is(d, b, w[i]))
				return cas_skip_adverbs(d, b + 1, t);
	return DOC_NONE;
}

/* The speaker of the sentence: the entity after a speech verb (VSO) or the
 * nearest entity before it. */
static int
cas_claimant(const struct doc *d, uint32_t start, uint32_t t)
{
	const struct mention *sp, *m;
	uint32_t k, j, i;

	for (k = t; k-- > start;) {
		if ((sp = doc_at(d, k, LX_SPEECH, -1)) == NULL ||
		    sp->hit.arg == SP_DENY)
			continue;
		for (j = sp->t1; j < t && j < sp->t1 + 5; j++)
			for (i = d->tokm[j]; i != DOC_NONE; i = d->mnext[i]) {
				m = &d->m[i];
				if (m->ent >= 0 && (d->ent[m->ent].kind == ENT_ACTOR ||
				    d->ent[m->ent].kind == ENT_PERSON))
					return m->ent;
			}
		for (j = sp->t0; j-- > start;)
			for (i = d->tokm[j]; i != DOC_NONE; i = d->mnext[i]) {
				m = &d->m[i];
				if (m->ent >= 0 && (d->ent[m->ent].kind == ENT_ACTOR ||
				    d->ent[m->ent].kind == ENT_PERSON) &&
				    m->t1 <= sp->t0)
					return m->ent;
			}
		/* unknown persons have spans, not mentions */
		for (i = 0; i < d->nent; i++) {
			size_t q;

			if (d->ent[i].kind != ENT_PERSON)
				continue;
			for (q = 0; q < d->ent[i].nsp; q++)
				if (d->ent[i].sp[q].t0 >= sp->t1 &&
				    d->ent[i].sp[q].t0 < sp->t1 + 2)
					return (int)i;
		}
		return -1;
	}
	return -1;
}

static int
cas_source(const struct doc *d, uint32_t start, uint32_t end)
{
	uint32_t k;
	const struct mention *m;

	for (k = start; k < end; k++)
		if ((m = doc_at(d, k, LX_SOURCE, -1)) != NULL)
			return (int)m->hit.id;
	return -1;
}

static void
cas_emit(struct doc *d, uint32_t s, int kind, const struct figure *f,
    uint32_t k0, uint32_t k1)
{
	const struct sentence *se = &d->tx->sent[s];
	struct cas *c = doc_cas_add(d);

	c->kind = (uint8_t)kind;
	c->value = f->n.value;
	c->vague = f->n.vague;
	c->qual = f->qual;
	c->who = f->who;
	c->cls = (uint8_t)(f->cls < 0 ? VC_PERSON : f->cls);
	c->t0 = k0 < f->t0 ? k0 : f->t0;
	c->t1 = k1 > f->t1 ? k1 : f->t1;
	c->sent = s;
	c->claimant = cas_claimant(d, se->t0, c->t0);
	c->source = cas_source(d, se->t0, se->t1);
}

/* The kind word at t, with the flags of all its readings: خطف is a verb
 * and a noun. */
static const struct mention *
cas_kind_at(const struct doc *d, uint32_t t, struct mention *out)
{
	const struct mention *k = doc_at(d, t, LX_CASUALTY, -1);
	uint32_t i;

	if (k == NULL)
		return NULL;
	*out = *k;
	out->form = (uint8_t)doc_form_at(d, t, LX_CASUALTY);
	for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i])
		if (d->m[i].hit.cat == LX_CASUALTY && !d->m[i].dead &&
		    d->m[i].t1 == k->t1 && d->m[i].hit.arg == k->hit.arg)
			out->hit.flags |= d->m[i].hit.flags;
	return out;
}

/* Coordinated kinds make one combined figure: قتل وجرح وأسر، قتلوا أو اعتقلوا. */
static uint32_t
cas_kinds(const struct doc *d, const struct mention *k, uint32_t end, int *kind)
{
	const struct mention *n;
	uint32_t j = k->t1;
	int	 kinds = 1 << k->hit.arg;

	for (;;) {
		uint32_t at = j;

		if (at < end && doc_tok_is(d, at, W_OR))
			at++;
		if (at >= end || (n = doc_at(d, at, LX_CASUALTY, -1)) == NULL ||
		    (n->hit.flags & (CF_COUNTED | CF_NEG | CF_UNQUANT)))
			break;
		if (!n->conj && at == j)
			break;
		kinds |= 1 << n->hit.arg;
		j = n->t1;
	}
	*kind = (kinds & (kinds - 1)) ? CAS_COMBINED : k->hit.arg;
	return j;
}

/* Counted kinds joined by و under one figure: عشرات القتلى والجرحى is one
 * combined figure. t is the first counted noun (after من); returns the end
 * of the last, or t when there is none. */
static uint32_t
cas_counted_kinds(const struct doc *d, uint32_t t, uint32_t end, int *kind)
{
	const struct mention *n;
	uint32_t j = t;
	int	 kinds = 0;

	if (j < end && doc_tok_is(d, j, W_FROM))
		j++;
	while (j < end && (n = doc_at(d, j, LX_CASUALTY, -1)) != NULL &&
	    (n->hit.flags & CF_COUNTED) && (kinds == 0 || n->conj)) {
		kinds |= 1 << n->hit.arg;
		*kind = n->hit.arg;
		j = n->t1;
	}
	if (kinds & (kinds - 1))
		*kind = CAS_COMBINED;
	return kinds ? j : t;
}

/* A figure of its own, not a number: some (سقوط ضحايا) or none (لم يسقط
 * قتلى). */
static void
cas_uncounted(struct doc *d, uint32_t s, const struct cue_ctx *c,
    const struct mention *k)
{
	struct figure f;

	memset(&f, 0, sizeof f);
	f.n.value = (k->hit.flags & CF_UNQUANT) ? -1 : 0;
	f.n.vague = -1;
	f.qual = (k->hit.flags & CF_UNQUANT) ? QUAL_VAGUE : QUAL_EXACT;
	f.cls = f.who = -1;
	f.t0 = k->t0;
	f.t1 = k->t1;
	if (!(k->hit.flags & CF_UNQUANT) || !cue_irrealis(d, c, k->t0))
		cas_emit(d, s, k->hit.arg, &f, k->t0, k->t1);
}

/* A headline tells news in the present (فاغنر تخسر 80 جنديا): a line without
 * final punctuation, or the text's first sentence alone on its line. */
static int
cas_headline(const struct doc *d, uint32_t s)
{
	const struct sentence *se = &d->tx->sent[s];

	return (se->flags & SF_TITLE) || (s == 0 && se->t1 < d->tx->ntok &&
	    (d->tx->tok[se->t1].flags & TF_NL));
}

/* Whether a claim opens the sentence before t: تبنى التنظيم الهجوم الذي أسفر
 * عن مقتل 20: the toll of the incident claimed is news. */
static int
cas_claimed_before(const struct doc *d, uint32_t s0, uint32_t t)
{
	uint32_t b;

	for (b = s0; b < t && b < s0 + 4; b++)
		if (doc_at(d, b, LX_SPEECH, SP_CLAIM) != NULL)
			return 1;
	return 0;
}

/* A kind word that reports no figure here: اثر مقتل، وراء مقتل (a killing
 * named as background); التي أودت بحياة (an earlier incident recalled, unless
 * the sentence claims it);
 * تقتل (a habit); hostages set free are not taken. */
static int
cas_ignored(const struct doc *d, const struct cue_ctx *c,
    const struct mention *k, uint32_t s0)
{
	uint32_t at = k->t0, b;

	/* لقي 18 جنديا وأربعة يشتبه في كونهم متطرفين مصرعهم: what is
	 * suspected is who the four were, not the deaths: read from لقي */
	if ((k->hit.flags & CF_AFTER) &&
	    (b = cas_meet_before(d, k->t0, s0)) != DOC_NONE && b > s0)
		at = b - 1;
	return cue_irrealis(d, c, at) || (!(k->hit.flags & CF_VERB) &&
	    cue_before(d, c, k->t0, CUE_SUBORDINATE, 2)) ||
	    (cue_before(d, c, k->t0, CUE_RELATIVE, 3) &&
	    !cas_claimed_before(d, s0, k->t0)) ||
	    ((k->hit.flags & CF_VERB) && k->form == FORM_IMPERFECT &&
	    !c->day && !cas_headline(d, c->s)) ||
	    (k->hit.arg == CAS_KIDNAPPED && cue_before(d, c, k->t0,
	    CUE_RELEASE, 4));
}

/*
 * The figure before a verb that agrees with it: سبعة متمردين قتلوا، جنديين
 * قتلا; with a singular verb only one: جنديا لقي حتفه، أحد أفراد الجيش
 * قتل. Never reaches back into a figure already read.
 */
static int
cas_before(const struct doc *d, const struct mention *k, uint32_t done,
    uint32_t s0, int agrees, struct figure *f)
{
	uint32_t b;
	int	 r;

	for (b = k->t0; b-- > done && b + CAS_BACK > k->t0;) {
		if (doc_tok_stop(d, b) || doc_at(d, b, LX_CASUALTY, -1) ||
		    doc_at(d, b, LX_TRIGGER, -1))
			break;
		r = figure_at(d, b, s0, k->t0, f);
		if (r == 0 && !agrees && b + 1 == k->t0)
			r = figure_single(d, b, k->t0, f);
		if (r == 1 && agrees && f->t1 + 3 >= k->t0)
			return 1;
		/* one, named right before its verb: أحد أفراد الجيش قتل */
		if (r == 1 && f->n.value == 1 && f->t1 + 1 >= k->t0 &&
		    (f->cls >= 0 || f->who >= 0))
			return 1;
	}
	return 0;
}

/* The figure after a verb or noun: قتل نحو 20 مدنيا، مقتل 15 شخصا; not one
 * that starts the next item: 6 قتلى و15 جريحا. *j and *kind may grow over
 * counted nouns that say which: سقط العشرات من الجرحى والقتلى. */
static int
cas_after(const struct doc *d, uint32_t s, const struct mention *k,
    uint32_t *j, int *kind, struct figure *f)
{
	uint32_t b, e = d->tx->sent[s].t1, s0 = d->tx->sent[s].t0;
	int	 r, strict = 0;

	b = cas_skip_adverbs(d, *j, e);
	r = figure_at(d, b, s0, e, f);
	if (r == 1 && !(k->hit.flags & CF_VERB) &&
	    doc_tok_starts(d, b, W_AND))
		r = -1;
	if (r == 0 && b < e && d->tx->tok[b].kind == TK_WORD &&
	    (r = figure_single(d, b, e, f)) == 0)
		r = figure_as_many(d, s, b, f);
	/* VSO with the doers named first: خطف مسلحون 11 مدنيا */
	if (r != 1 && (k->hit.flags & CF_VERB) &&
	    (b = cas_skip_subject(d, b, e, &strict)) != DOC_NONE &&
	    (r = figure_at(d, b, s0, e, f)) == 0)
		r = figure_single(d, b, e, f);
	if (r != 1 || (strict && f->cls < 0 && f->who < 0))
		return 0;
	if ((f->n.value < 0 || f->cls < 0) &&
	    (b = cas_counted_kinds(d, f->t1, e, kind)) > f->t1)
		f->t1 = *j = b;
	return 1;
}

/* A number before a counted noun: 11 قتيلا، عشرات القتلى (30 قتيلا وجريحا
 * is one combined); a dual (سقوط قتيلين); or ارتفع عدد القتلى إلى 22. */
static int
cas_counted(const struct doc *d, uint32_t s, const struct mention *k,
    uint32_t *j, int *kind, struct figure *f)
{
	uint32_t b, q0, e = d->tx->sent[s].t1, s0 = d->tx->sent[s].t0;
	int	 q;

	memset(f, 0, sizeof *f);
	f->cls = f->who = -1;
	f->n.vague = -1;
	for (b = k->t0; b-- > s0 && b + 4 > k->t0;) {
		if (doc_tok_stop(d, b))
			break;
		if (!number_at(d, b, k->t0, &f->n) ||
		    figure_not_count(d, &f->n, e) || f->n.t1 + 2 < k->t0)
			continue;
		f->qual = f->n.value < 0 ? QUAL_VAGUE : QUAL_EXACT;
		f->t0 = b;
		if ((q = figure_qual_before(d, b, s0, &q0)) >= 0 &&
		    f->n.value >= 0) {
			f->qual = (uint8_t)q;
			f->t0 = q0;
		}
		f->t1 = *j = cas_counted_kinds(d, k->t0, e, kind);
		/* 32 قتيلا على الأقل */
		if (f->qual == QUAL_EXACT && f->n.value >= 0 &&
		    (q = figure_qual_after(d, f->t1, e, &q0)) >= 0 &&
		    q0 <= f->t1 + 3) {
			f->qual = (uint8_t)q;
			f->t1 = *j = q0;
		}
		return 1;
	}
	f->qual = QUAL_EXACT;
	f->t0 = k->t0;
	if (k->hit.flags & CF_DUAL) {
		f->n.value = 2;
		f->n.t0 = k->t0;
		f->n.t1 = f->t1 = k->t1;
		return 1;
	}
	for (b = k->t1; b < e && b < k->t1 + 4; b++)
		if (doc_tok_is(d, b, W_TO) && number_at(d, b + 1, e, &f->n) &&
		    f->n.value > 0 && !figure_not_count(d, &f->n, e)) {
			f->n.vague = -1;
			f->t1 = f->n.t1;
			return 1;
		}
	return 0;
}

/* بينهم، من بينهم، منهم (casualties.json "among"): a part of the figure
 * just read, of the same kind:
 * قتل 52 شخصا بينهم 6 من عمال الإغاثة. Returns the end of the part, or t. */
static uint32_t
cas_among(struct doc *d, uint32_t s, int kind, uint32_t t)
{
	struct figure f;
	uint32_t e = d->tx->sent[s].t1, b = t;

	if (b < e && doc_tok_is(d, b, "\xd8\x8c"))	/* ، */
		b++;
	if (b < e && (doc_tok_is(d, b, W_FROM) ||
	    doc_tok_is(d, b, "\xd9\x88\xd9\x85\xd9\x86")))	/* ومن */
		b++;
	if (b >= e || !doc_tok_in(d, b, &d->tb->among))
		return t;
	if (figure_at(d, b + 1, d->tx->sent[s].t0, e, &f) != 1 ||
	    f.n.value <= 0)
		return t;
	cas_emit(d, s, kind, &f, f.t0, f.t1);
	return f.t1;
}

/* و + another figure shares the verb: قتل 50 … و10 جنود; unless a kind of
 * its own follows it: و47 أصيبوا، و13 جريحا. Returns where reading goes on. */
static uint32_t
cas_more(struct doc *d, uint32_t s, int kind, uint32_t done)
{
	const struct mention *k;
	struct mention kbuf;
	struct figure f;
	uint32_t e = d->tx->sent[s].t1;

	done = cas_among(d, s, kind, done);
	while (done < e && figure_at(d, done, d->tx->sent[s].t0, e,
	    &f) == 1 && d->tx->tok[f.n.t0].kind != TK_PUNCT &&
	    f.n.t0 == done && doc_tok_starts(d, done, W_AND)) {
		if (f.t1 < e && (k = cas_kind_at(d, f.t1, &kbuf)) != NULL &&
		    k->hit.arg != kind)
			break;
		cas_emit(d, s, kind, &f, f.t0, f.t1);
		done = cas_among(d, s, kind, f.t1);
	}
	return done;
}

/* Where the figure of the kind word k is, if anywhere. *j is the end of the
 * kinds read with k and *kind their kind; both may change. */
static int
cas_figure_of(struct doc *d, uint32_t s, const struct mention *k,
    uint32_t done, uint32_t *j, int *kind, struct figure *f)
{
	struct figure g;
	uint32_t b, s0 = d->tx->sent[s].t0;
	int	 agrees = (k->hit.flags & CF_VERB) && cas_agrees(d, k->t0);

	/* لقي 14 شخصا، بينهم أربعة جنود، مصرعهم: the verb far before */
	if ((k->hit.flags & CF_AFTER) && (b = cas_meet_before(d, k->t0,
	    done > s0 ? done : s0)) != DOC_NONE &&
	    figure_at(d, b, s0, k->t0, f) == 1) {
		const struct mention *q;

		/* …، على الأقل، مصرعهم: a qualifier closing the list */
		for (b = k->t0 > f->t1 + 4 ? k->t0 - 4 : k->t0; b < k->t0; b++)
			if (f->qual == QUAL_EXACT &&
			    (q = doc_at(d, b, LX_QUAL, -1)) != NULL &&
			    (q->hit.flags & QF_AFTER) && q->t1 + 1 >= k->t0)
				f->qual = (uint8_t)q->hit.arg;
		return 1;
	}
	if ((k->hit.flags & (CF_VERB | CF_AFTER)) && cas_before(d, k, done, s0,
	    agrees || (k->hit.flags & CF_AFTER), f)) {
		/* قتلوا أو اعتقلوا share it, unless the next kind has a
		 * figure of its own (قتلوا وأصيب 12 آخرون) or others (وجرح
		 * آخران) */
		b = cas_skip_adverbs(d, *j, d->tx->sent[s].t1);
		if (*j > k->t1 && (figure_at(d, b, s0, d->tx->sent[s].t1,
		    &g) == 1 || doc_at(d, b, LX_VICTIM, -1) != NULL)) {
			*j = k->t1;
			*kind = k->hit.arg;
		}
		return 1;
	}
	if ((k->hit.flags & (CF_VERB | CF_NOMINAL)) &&
	    cas_after(d, s, k, j, kind, f))
		return 1;
	return (k->hit.flags & CF_COUNTED) && cas_counted(d, s, k, j, kind, f);
}

/* فقدت الحركة تسعة من مقاتليها: a group that lost some of its own men
 * (a possessive ending, casualties.json "possessive_endings") lost them
 * dead; فقد 20 شخصا alone is 20 missing. */
static int
cas_lost_own(const struct doc *d, const struct mention *k,
    const struct figure *f)
{
	const struct lx_wordlist *poss = &d->tb->possessive;
	size_t	 i;

	if (k->hit.arg != CAS_MISSING || !(k->hit.flags & CF_VERB) ||
	    f->vt == 0 || !doc_tok_is(d, f->vt - 1, W_FROM))
		return 0;
	for (i = 0; i < poss->n; i++)
		if (doc_tok_ends(d, f->vt, poss->w[i], 0))
			return 1;
	return 0;
}

static void
cas_sentence(struct doc *d, uint32_t s)
{
	const struct sentence *se = &d->tx->sent[s];
	const struct mention *k;
	struct cue_ctx c;
	struct figure f;
	struct mention kbuf;
	uint32_t t, j, done = se->t0, skip = se->t0;
	size_t	 first = d->ncas;
	int	 kind;

	/* tolls of disasters are not conflict figures; history is not news */
	cue_scan(d, s, &c);
	if ((c.first[CUE_DISASTER] && !c.armed) || (c.background && !c.day))
		return;
	for (t = se->t0; t < se->t1; t++) {
		if (t < done || (k = cas_kind_at(d, t, &kbuf)) == NULL)
			continue;
		if (k->hit.flags & (CF_UNQUANT | CF_NEG)) {
			cas_uncounted(d, s, &c, k);
			done = k->t1;
			continue;
		}
		/* (لقي خمسة) حتفهم وأصيب آخرون: what follows has its own figure */
		if (k->hit.flags & CF_AFTER) {
			j = k->t1;
			kind = k->hit.arg;
		} else
			j = cas_kinds(d, k, se->t1, &kind);
		/* التي أودت بحياة سبعة وإصابة 20: the next kind, joined by
		 * و to one not news, is not news either */
		if (cas_ignored(d, &c, k, se->t0) || (k->conj && skip > se->t0 &&
		    k->t0 <= skip)) {
			done = j;
			skip = j + 6;
			continue;
		}
		if (!cas_figure_of(d, s, k, done, &j, &kind, &f)) {
			done = j;
			continue;
		}
		if (cas_lost_own(d, k, &f))
			kind = CAS_KILLED;
		cas_emit(d, s, kind, &f, k->t0, j);
		/* a figure before its verb shares it with the next one:
		 * لقي 18 جنديا وأربعة مهاجمين مصرعهم */
		done = f.t1 < k->t0 ? f.t1 : f.t1 > j ? f.t1 : j;
		done = cas_more(d, s, kind, done);
		if (done < j)
			done = j;
	}
	/* a figure deep in a long sentence is often an aside (a toll recalled,
	 * another incident): kept, but it makes no event alone */
	for (; first < d->ncas; first++)
		d->cas[first].late = c.words > 50 && d->cas[first].t0 > se->t0 + 25;
}

/* Entry b is entry a again: both stay in the casualty list's numbering,
 * b points to a. */
static void
cas_same(struct doc *d, size_t a, size_t b)
{
	size_t	i;

	d->cas[b].dup = 1;
	d->cas[b].dupof = (int)a;
	for (i = 0; i < d->ncas; i++)
		if (d->cas[i].dup && d->cas[i].dupof == (int)b)
			d->cas[i].dupof = (int)a;
}

/* One entry per distinct figure of the document. A headline's 32 قتيلا is
 * the body's 32 قتيلا على الأقل: the qualified one stays. */
static void
cas_dedup(struct doc *d)
{
	size_t	i, j;

	for (i = 0; i < d->ncas; i++)
		for (j = 0; j < i; j++) {
			const struct cas *a = &d->cas[j], *b = &d->cas[i];

			/* five soldiers and five villagers are two figures */
			if (a->dup || a->kind != b->kind || a->value != b->value ||
			    (a->cls != b->cls && a->cls != VC_PERSON &&
			    b->cls != VC_PERSON))
				continue;
			if (a->value < 0 ? a->vague == b->vague : a->qual == b->qual) {
				cas_same(d, j, i);
				break;
			}
			if (a->value >= 0 && a->qual == QUAL_EXACT) {
				cas_same(d, i, j);
				break;
			}
			if (a->value >= 0 && b->qual == QUAL_EXACT) {
				cas_same(d, j, i);
				break;
			}
		}
}

void
casualty_run(struct doc *d)
{
	uint32_t s;
	size_t	 i;

	for (s = 0; s < d->tx->nsent; s++)
		if (doc_sent_usable(d, s) && doc_sent_has(d, s, LX_CASUALTY))
			cas_sentence(d, s);
	/* asides deep in long sentences add to a report of violence; alone
	 * they are a recalled incident, not news */
	for (i = 0; i < d->ncas && d->cas[i].late; i++)
		;
	if (i == d->ncas)
		d->ncas = 0;
	cas_dedup(d);
}
