#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "raqib/norm.h"
#include "raqib/xmalloc.h"

#define NAME_MAX_TOK	4
#define AR_AL		"\xd8\xa7\xd9\x84"
#define AR_WAW		"\xd9\x88"

/* Categories a name word cannot carry. */
static const int person_not[] = { LX_PLACE, LX_ADMIN1, LX_COUNTRY, LX_NISBA,
    LX_ACTOR, LX_SOURCE, LX_TITLE, LX_MONTH, LX_WEEKDAY, LX_DATEREL,
    LX_TRIGGER, LX_CASUALTY, LX_CUE, LX_SPEECH, LX_ATTRIB, LX_NUMBER,
    LX_QUAL, LX_GEOHEAD, LX_PLACENOUN, LX_INTRO, LX_VICTIM, LX_STOP,
    LX_REGION, LX_BOILER, 0 };

/* Whether a category a name word cannot carry, other than but, covers t. */
static int
person_blocked_but(const struct doc *d, uint32_t t, int but)
{
	int	i;

	for (i = 0; person_not[i] != 0; i++)
		if (person_not[i] != but && doc_cover(d, t, person_not[i]))
			return 1;
	return 0;
}

static int
person_blocked(const struct doc *d, uint32_t t)
{
	return person_blocked_but(d, t, 0);
}

/* A surname spelled like a town, right after a given name (الأمير محمد
 * أبالي): one word, not after a preposition. */
static int
person_town_surname(const struct doc *d, uint32_t t)
{
	const struct mention *m = doc_at(d, t, LX_PLACE, -1);

	return m != NULL && m->t1 == t + 1 && !m->prep && t > 0 &&
	    doc_at(d, t - 1, LX_GIVEN, -1) != NULL &&
	    !person_blocked_but(d, t, LX_PLACE);
}

/* Whether token t can be a word of a person's name; first: the first. */
static int
person_word(const struct doc *d, uint32_t t, int first)
{
	const struct token *tk = &d->tx->tok[t];
	const struct mention *g;
	const char *nf = text_nf(d->tx, t);

	if (tk->kind != TK_WORD || !(tk->flags & TF_ARABIC) ||
	    (tk->flags & TF_CLITIC) || norm_letters(nf, tk->nflen) < 2)
		return 0;
	/* على is a preposition, علي a name: normalised alike */
	if (tk->b1 - tk->b0 >= 2 && memcmp(d->tx->src + tk->b1 - 2,
	    "\xd9\x89", 2) == 0 && doc_cover(d, t, LX_STOP) != NULL)
		return 0;
	if ((g = doc_at(d, t, LX_GIVEN, -1)) != NULL)
		return first || !g->conj;	/* ومحمد: "and Mohamed" */
	if (!first && person_town_surname(d, t))
		return 1;
	if (person_blocked(d, t))
		return 0;
	if (!first && strncmp(nf, AR_WAW, 2) == 0 && tk->nflen > 6)
		return 0;
	return 1;
}

static int
person_definite(const struct doc *d, uint32_t t)
{
	return strncmp(text_nf(d->tx, t), AR_AL, 4) == 0 &&
	    doc_at(d, t, LX_GIVEN, -1) == NULL;
}

/*
 * The name starting at t: up to four name words; a definite word only
 * between two others after a given name or particle (محمد المولود رمضان).
 * Returns the end token, or t if there is no name.
 */
static uint32_t
person_name(const struct doc *d, uint32_t t, uint32_t end)
{
	const struct mention *g;
	uint32_t j = t, n = 0;

	while (j < end && n < NAME_MAX_TOK && person_word(d, j, n == 0)) {
		/* a given name of two words: عبد الله */
		if ((g = doc_at(d, j, LX_GIVEN, 0)) != NULL && g->t1 > j + 1 &&
		    g->t1 <= end) {
			n += g->t1 - j;
			j = g->t1;
			continue;
		}
		if (person_definite(d, j)) {
			if (n == 0 || j + 1 >= end || !person_word(d, j + 1, 0) ||
			    person_definite(d, j + 1) ||
			    doc_at(d, j - 1, LX_GIVEN, -1) == NULL)
				break;
		}
		j++;
		n++;
		/* a surname spelled like a town ends the name */
		if (person_town_surname(d, j - 1))
			break;
	}
	return j;
}

/* An unknown name needs two words: one word after a title is as often an
 * adjective (مسؤول محلي) as a name. */
static int
person_accept(const struct doc *d, uint32_t t0, uint32_t t1)
{
	(void)d;
	return t1 - t0 >= 2;
}

static char *
person_key(const struct doc *d, uint32_t t0, uint32_t t1)
{
	char	*k = NULL, *old;
	uint32_t t;

	for (t = t0; t < t1; t++) {
		old = k;
		xasprintf(&k, "%s%s%s", old ? old : "", old ? " " : "",
		    text_nf(d->tx, t));
		free(old);
	}
	return k;
}

static int
person_known_at(const struct doc *d, uint32_t t0, uint32_t t1)
{
	uint32_t t;

	for (t = t0; t < t1; t++)
		if (doc_cover(d, t, LX_PERSON) != NULL)
			return 1;
	return 0;
}

/* A town's name inside a person's is not the town. */
static void
person_unplace(struct doc *d, uint32_t t0, uint32_t t1)
{
	struct mention *m;
	uint32_t t;
	size_t	 i;

	for (t = t0; t < t1; t++)
		for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
			m = &d->m[i];
			if (m->hit.cat != LX_PLACE || m->ent < 0 ||
			    d->ent[m->ent].kind != ENT_PLACE)
				continue;
			doc_ent_unspan(d, m->ent, m->t0, m->t1);
			m->ent = -1;
		}
}

/* An unknown person's entity, one per distinct spelling. */
static void
person_add(struct doc *d, uint32_t t0, uint32_t t1)
{
	char	*key;
	size_t	 i;
	int	 e;

	if (person_known_at(d, t0, t1))
		return;
	person_unplace(d, t0, t1);
	for (i = 0; i < d->nent; i++)
		if (d->ent[i].kind == ENT_PERSON && d->ent[i].sp != NULL &&
		    d->ent[i].sp[0].t0 <= t0 && d->ent[i].sp[0].t1 >= t1)
			return;		/* already inside a found name */
	key = person_key(d, t0, t1);
	for (i = 0; i < d->nent; i++)
		if (d->ent[i].kind == ENT_PERSON && d->ent[i].key != NULL &&
		    strcmp(d->ent[i].key, key) == 0) {
			doc_ent_span(d, (int)i, t0, t1);
			free(key);
			return;
		}
	e = doc_ent(d, ENT_PERSON, 0, LX_NONE);
	d->ent[e].key = key;
	d->ent[e].name_ar = doc_surface(d, t0, t1);
	doc_ent_span(d, e, t0, t1);
}

/* A place named at t (a town, a province, a country). */
static const struct mention *
person_place_at(const struct doc *d, uint32_t t, uint32_t end)
{
	const struct mention *m;

	if (t >= end)
		return NULL;
	if ((m = doc_at(d, t, LX_PLACE, -1)) != NULL ||
	    (m = doc_at(d, t, LX_ADMIN1, -1)) != NULL ||
	    (m = doc_at(d, t, LX_COUNTRY, -1)) != NULL)
		return m->t1 <= end ? m : NULL;
	return NULL;
}

/* After a title: skip its modifiers (الخارجية المالي، المؤقت لمالي، باسم X). */
static uint32_t
person_after_title(const struct doc *d, uint32_t j, uint32_t end)
{
	const struct mention *m;
	int	 k;

	for (k = 0; k < 6 && j < end; k++) {
		/* عمدة بلدة “وينكورو”: quotes around a modifier */
		while (j < end && (d->tx->tok[j].flags & TF_QUOTE))
			j++;
		if (j >= end || d->tx->tok[j].kind != TK_WORD)
			break;
		if ((m = doc_cover(d, j, LX_NISBA)) != NULL ||
		    ((m = doc_cover(d, j, LX_COUNTRY)) != NULL && m->prep) ||
		    ((m = doc_cover(d, j, LX_ACTOR)) != NULL) ||
		    ((m = doc_cover(d, j, LX_TITLE)) != NULL)) {
			j = m->t1;
			continue;
		}
		if (person_definite(d, j) && doc_at(d, j, LX_PERSON, -1) == NULL) {
			j++;
			continue;
		}
		/* where the office is: عمدة بلدة X، وزير الاتصالات في بوركينا
		 * فاسو، حاكم ولاية بورنو */
		if ((m = person_place_at(d, j, end)) != NULL) {
			j = m->t1;
			continue;
		}
		if (doc_cover(d, j, LX_PLACENOUN) != NULL && j + 1 < end &&
		    d->tx->tok[j + 1].kind == TK_WORD) {
			j += (m = person_place_at(d, j + 1, end)) != NULL ?
			    m->t1 - j : 2;
			continue;
		}
		/* زعيم جماعة X: a group introduced by its kind */
		if (doc_cover(d, j, LX_INTRO) != NULL && j + 1 < end &&
		    (m = doc_at(d, j + 1, LX_ACTOR, -1)) != NULL) {
			j = m->t1;
			continue;
		}
		if (doc_cover(d, j, LX_STOP) != NULL && j + 1 < end &&
		    (m = person_place_at(d, j + 1, end)) != NULL) {
			j = m->t1;
			continue;
		}
		if (doc_cover(d, j, LX_STOP) != NULL && d->twn[j] > 0 &&
		    k == 0 && j + 1 < end && doc_cover(d, j + 1, LX_ACTOR)) {
			j = doc_cover(d, j + 1, LX_ACTOR)->t1;	/* باسم X */
			continue;
		}
		break;
	}
	return j;
}

static void
person_titles(struct doc *d, uint32_t s)
{
	const struct sentence *se = &d->tx->sent[s];
	uint32_t t, j, e;

	for (t = se->t0; t < se->t1; t++) {
		const struct mention *m = doc_at(d, t, LX_TITLE, -1);

		if (m == NULL || m->hit.arg == TITLE_ROLE)
			continue;
		j = person_after_title(d, m->t1, se->t1);
		if (j < se->t1 && doc_at(d, j, LX_PERSON, -1) != NULL)
			continue;
		e = person_name(d, j, se->t1);
		if (e > j && person_accept(d, j, e))
			person_add(d, j, e);
	}
}

/* قال X، المتحدث…  /  قال X المتحدث باسم… : a name between a speech verb
 * and a role. */
static void
person_appositive(struct doc *d, uint32_t s)
{
	const struct sentence *se = &d->tx->sent[s];
	const struct mention *sp, *r;
	uint32_t t, j, e;

	for (t = se->t0; t < se->t1; t++) {
		if ((sp = doc_at(d, t, LX_SPEECH, -1)) == NULL)
			continue;
		j = sp->t1;
		e = person_name(d, j, se->t1);
		if (e - j < 2 || e >= se->t1)
			continue;
		r = NULL;
		if (d->tx->tok[e].kind == TK_PUNCT && e + 1 < se->t1)
			r = doc_at(d, e + 1, LX_TITLE, -1);
		else
			r = doc_at(d, e, LX_TITLE, -1);
		if (r != NULL)
			person_add(d, j, e);
	}
}

/* A given name followed by other name words: موسى أغ إنزوما. */
static void
person_given(struct doc *d, uint32_t s)
{
	const struct sentence *se = &d->tx->sent[s];
	const struct mention *g;
	uint32_t t, e, k;
	int	 unknown;

	for (t = se->t0; t < se->t1; t++) {
		if ((g = doc_at(d, t, LX_GIVEN, 0)) == NULL || g->conj ||
		    person_blocked(d, t))
			continue;
		e = person_name(d, t, se->t1);
		if (e - t < 2)
			continue;
		/* محمد مهدي: two given names are a name too */
		for (unknown = 1, k = t + 1; k < e; k++)
			if (doc_at(d, k, LX_GIVEN, -1) == NULL)
				unknown = 0;
		for (k = t + 1; k < e; k++)
			if (d->twn[k] == 0 || d->tokm[k] == DOC_NONE || doc_at(d, k, LX_GIVEN, 1) != NULL)
				unknown = 1;
		if (unknown) {
			person_add(d, t, e);
			t = e - 1;
		}
	}
}

/* Later mentions by surname alone: لافروف after سيرغي لافروف. */
static void
person_surnames(struct doc *d)
{
	size_t	 i, k;
	uint32_t t, last;
	int	 e;

	for (i = 0; i < d->nent; i++) {
		struct ent *en = &d->ent[i];
		const char *sn;
		size_t	 sl;

		if (en->kind != ENT_PERSON || en->nsp == 0 ||
		    en->sp[0].t1 - en->sp[0].t0 < 2)
			continue;
		last = en->sp[0].t1 - 1;
		if (doc_at(d, last, LX_GIVEN, -1) != NULL)
			continue;
		sn = text_nf(d->tx, last);
		sl = d->tx->tok[last].nflen;
		if (norm_letters(sn, sl) < 3)
			continue;
		for (t = 0; t < d->tx->ntok; t++) {
			const struct token *tk = &d->tx->tok[t];

			/* a reading is the token less its proclitics: a
			 * token not ending in the surname has none that is */
			if (tk->kind != TK_WORD || tk->nflen < sl ||
			    text_nf(d->tx, t)[tk->nflen - 1] != sn[sl - 1] ||
			    memcmp(text_nf(d->tx, t) + tk->nflen - sl, sn,
			    sl) != 0 ||
			    !doc_stem_is(d, t, sn, sl) ||
			    !doc_sent_usable(d, d->tx->tok[t].sent))
				continue;
			for (k = 0, e = 0; k < d->nent && !e; k++) {
				size_t	q;

				if (d->ent[k].kind != ENT_PERSON)
					continue;
				for (q = 0; q < d->ent[k].nsp; q++)
					if (t >= d->ent[k].sp[q].t0 &&
					    t < d->ent[k].sp[q].t1)
						e = 1;
			}
			if (!e && doc_cover(d, t, LX_PLACE) == NULL &&
			    doc_cover(d, t, LX_ACTOR) == NULL)
				doc_ent_span(d, (int)i, t, t + 1);
		}
	}
}

void
person_run(struct doc *d)
{
	size_t	 i;
	uint32_t s;
	int	 e;

	for (i = 0; i < d->nm; i++) {
		struct mention *m = &d->m[i];

		if (m->hit.cat != LX_PERSON || m->dead ||
		    !doc_sent_usable(d, d->tx->tok[m->t0].sent))
			continue;
		e = doc_ent(d, ENT_PERSON, 0, m->hit.id);
		doc_ent_span(d, e, m->t0, m->t1);
		m->ent = e;
	}
	for (s = 0; s < d->tx->nsent; s++) {
		if (!doc_sent_usable(d, s))
			continue;
		person_titles(d, s);
		person_appositive(d, s);
		person_given(d, s);
	}
	person_surnames(d);
}
