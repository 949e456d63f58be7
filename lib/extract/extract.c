#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "raqib/extract.h"
#include "contract.h"
#include "doc.h"
#include "lexicon.h"
#include "names.h"
#include "raqib/norm.h"
#include "text.h"
#include "topic.h"
#include "raqib/xmalloc.h"

struct extract {
	struct lexicon	*lx;
	struct text	*tx;
	struct text	*kw;		/* a second analyser for queries */
	struct doc	 doc;
	struct doc	 kdoc;
};

static const char *const ex_kinds[] = { LX_CASUALTY_KINDS(LX_NAME) };
static const char *const ex_quals[] = { LX_QUALS(LX_NAME) };
static const char *const ex_precs[] = { "", "country", "admin1", "town",
    "region" };
static const char *const ex_roles[] = { "unknown", "perpetrator", "target" };

struct extract *
extract_new(const char *dir, char **cause)
{
	struct extract	*ex = xcalloc(1, sizeof *ex);

	if ((ex->lx = lexicon_load(dir, cause)) == NULL ||
	    contract_check(ex->lx, dir, cause) == -1 ||
	    (ex->tx = text_new(cause)) == NULL ||
	    (ex->kw = text_new(cause)) == NULL) {
		extract_free(ex);
		return NULL;
	}
	doc_init(&ex->doc, ex->lx, ex->tx);
	doc_init(&ex->kdoc, ex->lx, ex->kw);
	return ex;
}

void
extract_free(struct extract *ex)
{
	if (ex == NULL)
		return;
	if (ex->doc.tb != NULL)
		doc_free(&ex->doc);
	if (ex->kdoc.tb != NULL)
		doc_free(&ex->kdoc);
	text_free(ex->tx);
	text_free(ex->kw);
	lexicon_free(ex->lx);
	free(ex);
}

/* Boilerplate lines, photo captions, questions and repeated sentences. */
static void
extract_mark(struct doc *d)
{
	struct text	*tx = d->tx;
	uint32_t	 s, e, t, words, arabic, boiler, lead;

	for (s = 0; s < tx->nsent; s = e) {
		/* the sentences of one line: [s, e) */
		for (e = s; e < tx->nsent && tx->sent[e].line == tx->sent[s].line;)
			e++;
		words = arabic = boiler = lead = 0;
		for (t = tx->sent[s].t0; t < tx->sent[e - 1].t1; t++) {
			if (tx->tok[t].kind != TK_PUNCT)
				words++;
			if (tx->tok[t].flags & TF_ARABIC)
				arabic++;
			if (doc_at(d, t, LX_BOILER, -1) != NULL) {
				boiler++;
				if (t == tx->sent[s].t0)
					lead = 1;
			}
		}
		if (arabic == 0 || lead || (boiler > 0 && words <= 12))
			for (t = s; t < e; t++)
				tx->sent[t].flags |= SF_BOILER;
		/* a line ending in a short parenthesis is a photo caption */
		t = tx->sent[e - 1].t1 - 1;
		if (tx->tok[t].kind == TK_PUNCT && text_nf(tx, t)[0] == ')') {
			uint32_t k, n = 0, open = UINT32_MAX;

			for (k = t; k > tx->sent[s].t0 && t - k < 7;) {
				k--;
				if (tx->tok[k].kind == TK_PUNCT &&
				    text_nf(tx, k)[0] == '(') {
					open = k;
					break;
				}
				n++;
			}
			if (open != UINT32_MAX && n <= 5)
				for (k = s; k < e; k++)
					tx->sent[k].flags |= SF_CAPTION;
		}
	}
	for (s = 0; s < tx->nsent; s++) {
		t = tx->sent[s].t1 - 1;
		if (tx->tok[t].kind == TK_PUNCT && (strcmp(text_nf(tx, t), "?") == 0 ||
		    strcmp(text_nf(tx, t), "\xd8\x9f") == 0))
			tx->sent[s].flags |= SF_QUESTION;
	}
	doc_dups(d);
}

/* A JSON string from bytes of the input, which may not be UTF-8: invalid
 * bytes become U+FFFD so a bad file still gives an answer. */
static json_t *
ex_bytes(const char *s, size_t n)
{
	json_t	*j;
	char	*clean;
	size_t	 i = 0, o = 0, at;
	uint32_t c;

	if ((j = json_stringn(s, n)) != NULL)
		return j;
	clean = xmalloc(n * 3 + 1);
	while (i < n) {
		at = i;
		c = norm_utf8_next(s, n, &i);
		if (c == 0xfffd || c == 0) {
			memcpy(clean + o, "\xef\xbf\xbd", 3);
			o += 3;
			if (c == 0 || !(i - at == 3 && memcmp(s + at,
			    "\xef\xbf\xbd", 3) == 0))
				i = at + 1;
			continue;
		}
		memcpy(clean + o, s + at, i - at);
		o += i - at;
	}
	j = json_stringn(clean, o);
	free(clean);
	return j != NULL ? j : json_string("");
}

/* The text's bytes [b0, b1): a text that is UTF-8 throughout (as
 * text_analyze found) needs no second check. */
static json_t *
ex_text(const struct doc *d, uint32_t b0, uint32_t b1)
{
	json_t	*j;

	if (d->tx->utf8 &&
	    (j = json_stringn_nocheck(d->tx->src + b0, b1 - b0)) != NULL)
		return j;
	return ex_bytes(d->tx->src + b0, b1 - b0);
}

/*
 * An object of n members, as json_pack("{s:o,...}") made it but without
 * reading a format per object: the keys are ASCII constants, and a NULL
 * value (a string that was NULL or not UTF-8) makes the object NULL.
 */
static json_t *
ex_obj(const char *const *keys, json_t **vals, size_t n)
{
	json_t	*o = json_object();
	size_t	 i;
	int	 bad = o == NULL;

	for (i = 0; i < n; i++)
		bad |= vals[i] == NULL;
	for (i = 0; i < n; i++) {
		if (bad)
			json_decref(vals[i]);
		else if (json_object_set_new_nocheck(o, keys[i], vals[i]) == -1)
			bad = 1;
	}
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* EX_OBJ(keys, value...): the values in the order of the keys array. */
#define EX_NKEYS(keys)	(sizeof (keys) / sizeof (keys)[0])
#define EX_OBJ(keys, ...) ex_obj((keys),				\
	(json_t *[EX_NKEYS(keys)]){ __VA_ARGS__ }, EX_NKEYS(keys))

static json_t *
ex_mentions(const struct doc *d, const struct ent *e)
{
	static const char *const keys[] = { "surface", "start", "end" };
	json_t	*arr = json_array();
	size_t	 i;

	for (i = 0; i < e->nsp; i++) {
		uint32_t b0 = d->tx->tok[e->sp[i].t0].b0;
		uint32_t b1 = d->tx->tok[e->sp[i].t1 - 1].b1;

		json_array_append_new(arr, EX_OBJ(keys,
		    ex_text(d, b0, b1), json_integer(b0),
		    json_integer(b1)));
	}
	return arr;
}

static json_t *
ex_num(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 10000) / 10000);
}

static json_t *
ex_str(const char *s)
{
	return s != NULL && *s != '\0' ? json_string(s) : json_null();
}

/* ex_str of a string of the lexicon's tables or a constant: shared */
static json_t *
ex_name(const struct doc *d, const char *s)
{
	return s != NULL && *s != '\0' ? lexicon_json(d->lx, s) : json_null();
}

static const char *const ex_place_keys[] = { "name", "name_ar", "country",
    "country_name", "country_name_ar", "admin1", "admin1_code",
    "admin1_slug", "precision", "lat", "lon", "unresolved" };

/* A place as the output shows it: country, region or town of the tables. */
static json_t *
ex_place_obj(const struct doc *d, int prec, uint32_t id)
{
	const struct lx_tables *tb = d->tb;
	const struct lx_admin1 *a = NULL;
	const struct lx_country *c = NULL;
	const char *name = NULL, *name_ar = NULL, *cc = NULL;
	double	 lat = NAN, lon = NAN;

	switch (prec) {
	case PREC_COUNTRY:
		name = tb->country[id].name;
		name_ar = tb->country[id].name_ar;
		cc = tb->country[id].cc;
		lat = tb->country[id].lat;
		lon = tb->country[id].lon;
		break;
	case PREC_ADMIN1:
		a = &tb->admin1[id];
		name = a->name;
		name_ar = a->name_ar;
		cc = tb->country[a->country].cc;
		lat = a->lat;
		lon = a->lon;
		break;
	case PREC_TOWN:
		name = tb->place[id].name;
		name_ar = tb->place[id].name_ar;
		cc = tb->country[tb->place[id].country].cc;
		if (tb->place[id].admin1 >= 0)
			a = &tb->admin1[tb->place[id].admin1];
		lat = tb->place[id].lat;
		lon = tb->place[id].lon;
		break;
	case PREC_REGION:
		name = tb->region[id].name;
		name_ar = tb->region[id].name_ar;
		break;
	}
	if (cc != NULL)
		c = &tb->country[lexicon_country_find(d->lx, cc)];
	/* the keys but the last, "unresolved" */
	return ex_obj(ex_place_keys, (json_t *[]){ ex_name(d, name),
	    ex_name(d, name_ar), ex_name(d, cc), ex_name(d, c ? c->name : NULL),
	    ex_name(d, c ? c->name_ar : NULL), ex_name(d, a ? a->name : NULL),
	    ex_name(d, a ? a->code : NULL), ex_name(d, a ? a->slug : NULL),
	    lexicon_json(d->lx, ex_precs[prec]), ex_num(lat), ex_num(lon) },
	    EX_NKEYS(ex_place_keys) - 1);
}

/* A place the text introduced that no gazetteer knows: its Latin spelling,
 * the context's country and admin1, no coordinates, "unresolved": true. */
static json_t *
ex_uplace_obj(const struct doc *d, const struct ent *e)
{
	const struct lx_tables *tb = d->tb;
	const struct lx_admin1 *a = e->a1 >= 0 ? &tb->admin1[e->a1] : NULL;
	const struct lx_country *c = e->id != LX_NONE ? &tb->country[e->id] :
	    NULL;

	json_t	*v[EX_NKEYS(ex_place_keys)] = { json_string(e->key),
	    json_string(e->name_ar), ex_name(d, c ? c->cc : NULL),
	    ex_name(d, c ? c->name : NULL), ex_name(d, c ? c->name_ar : NULL),
	    ex_name(d, a ? a->name : NULL), ex_name(d, a ? a->code : NULL),
	    ex_name(d, a ? a->slug : NULL), lexicon_json(d->lx, "town"),
	    json_null(),
	    json_null(), json_true() };

	return ex_obj(ex_place_keys, v, EX_NKEYS(ex_place_keys));
}

static json_t *
ex_claimant(const struct doc *d, int e)
{
	const struct ent *en;

	if (e < 0)
		return json_null();
	en = &d->ent[e];
	if (en->kind == ENT_ACTOR)
		return lexicon_json(d->lx, d->tb->actor[en->id].id);
	if (en->id != LX_NONE)
		return lexicon_json(d->lx, d->tb->person[en->id].name);
	return ex_bytes(en->name_ar, strlen(en->name_ar));
}

static json_t *
ex_cas_obj(const struct doc *d, const struct cas *c)
{
	uint32_t b0 = d->tx->tok[c->t0].b0, b1 = d->tx->tok[c->t1 - 1].b1;

	static const char *const keys[] = { "kind", "value", "qualifier",
	    "vague", "who", "claimed_by", "source", "surface", "start", "end" };

	return EX_OBJ(keys, lexicon_json(d->lx, ex_kinds[c->kind]),
	    c->value < 0 ? json_null() : json_integer(c->value),
	    lexicon_json(d->lx, ex_quals[c->qual]),
	    c->vague >= 0 ? lexicon_json(d->lx, d->tb->vague[c->vague].name) :
	    json_null(),
	    c->who >= 0 ? lexicon_json(d->lx,
	    d->tb->actor[d->ent[c->who].id].id) : json_null(),
	    ex_claimant(d, c->claimant),
	    c->source >= 0 ? lexicon_json(d->lx,
	    d->tb->source[c->source].name) : json_null(),
	    ex_text(d, b0, b1), json_integer(b0),
	    json_integer(b1));
}

static json_t *
ex_date(const struct doc *d, const struct date *dt)
{
	static const char *const keys[] = { "start", "end", "surface" };
	char	s[32], e[32];

	if (!dt->set)
		return EX_OBJ(keys, json_null(), json_null(), json_null());
	if (dt->y && dt->d)
		snprintf(s, sizeof s, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
	else if (dt->d)
		snprintf(s, sizeof s, "--%02d-%02d", dt->m, dt->d);
	else if (dt->y)
		snprintf(s, sizeof s, "%04d-%02d", dt->y, dt->m);
	else
		snprintf(s, sizeof s, "--%02d", dt->m);
	if (dt->d2 && dt->y2)
		snprintf(e, sizeof e, "%04d-%02d-%02d", dt->y2, dt->m2, dt->d2);
	else if (dt->d2)
		snprintf(e, sizeof e, "--%02d-%02d", dt->m2, dt->d2);
	else if (dt->open)	/* ISO 8601-2's open end: since the start */
		snprintf(e, sizeof e, "..");
	else
		e[0] = '\0';
	return EX_OBJ(keys, json_string(s),
	    e[0] ? json_string(e) : json_null(),
	    ex_text(d, d->tx->tok[dt->t0].b0, d->tx->tok[dt->t1 - 1].b1));
}

/* [b0, b1], or NULL as json_pack gave for a failed member */
static json_t *
ex_span(uint32_t b0, uint32_t b1)
{
	json_t	*a = json_array();

	if (a != NULL && (json_array_append_new(a, json_integer(b0)) == -1 ||
	    json_array_append_new(a, json_integer(b1)) == -1)) {
		json_decref(a);
		return NULL;
	}
	return a;
}

static json_t *
ex_event(const struct doc *d, const struct evt *e)
{
	static const char *const keys[] = { "type", "topic", "acled", "place",
	    "date", "actors", "casualties", "claimed_by", "sources", "sentence",
	    "sentence_span" };
	static const char *const acled_keys[] = { "event_type",
	    "sub_event_type" };
	static const char *const act_keys[] = { "id", "name", "role" };
	const struct lx_tables *tb = d->tb;
	const struct lx_evtype *ty = &tb->evtype[e->type];
	const struct sentence *se = &d->tx->sent[e->sent];
	json_t	*place, *acts = json_array(), *cas = json_array(),
		*src = json_array();
	char	 topic[128];
	const char *cc = NULL, *slug = NULL;
	size_t	 i;

	if (e->place >= 0) {
		const struct ent *pe = &d->ent[e->place];

		place = ex_place_obj(d, pe->prec, pe->id);
		json_object_set_new(place, "surface", ex_text(d,
		    d->tx->tok[pe->sp[0].t0].b0, d->tx->tok[pe->sp[0].t1 - 1].b1));
	} else if (d->main_country >= 0 && d->ccount[d->main_country] >= 2) {
		place = ex_place_obj(d, PREC_COUNTRY, (uint32_t)d->main_country);
		json_object_set_new(place, "surface", json_null());
	} else
		place = json_null();
	if (json_is_object(place)) {
		cc = json_string_value(json_object_get(place, "country"));
		slug = json_string_value(json_object_get(place, "admin1_slug"));
	}
	topic_make(topic, sizeof topic, cc, slug, ty->id);
	for (i = 0; i < e->nact; i++) {
		const struct lx_actor *a = &tb->actor[d->ent[e->act[i].ent].id];

		json_array_append_new(acts, EX_OBJ(act_keys,
		    lexicon_json(d->lx, a->id), lexicon_json(d->lx, a->name),
		    lexicon_json(d->lx, ex_roles[e->act[i].role])));
	}
	for (i = 0; i < e->ncas; i++)
		json_array_append_new(cas, ex_cas_obj(d, &d->cas[e->cas[i]]));
	for (i = 0; i < e->nsrc; i++)
		json_array_append_new(src, lexicon_json(d->lx,
		    tb->source[e->src[i]].name));
	return EX_OBJ(keys, lexicon_json(d->lx, ty->id), json_string(topic),
	    EX_OBJ(acled_keys, ex_name(d, ty->acled_type),
	    ex_name(d, ty->acled_sub)),
	    place, ex_date(d, &e->date), acts, cas,
	    ex_claimant(d, e->claimant), src,
	    ex_text(d, se->b0, se->b1),
	    ex_span(se->b0, se->b1));
}

static json_t *
ex_title(const struct doc *d)
{
	uint32_t s;
	size_t	 n;

	for (s = 0; s < d->tx->nsent; s++) {
		const struct sentence *se = &d->tx->sent[s];

		if (!doc_sent_usable(d, s))
			continue;
		n = se->b1 - se->b0;
		if (n > 200) {
			n = 200;
			while (n > 0 && ((unsigned char)d->tx->src[se->b0 + n] &
			    0xc0) == 0x80)
				n--;
		}
		return ex_text(d, se->b0, se->b0 + (uint32_t)n);
	}
	return json_null();
}

static json_t *
ex_output(const struct doc *d, size_t len, const struct extract_doc *info)
{
	static const char *const keys[] = { "schema", "doc", "places",
	    "actors", "people", "casualties", "events" };
	static const char *const doc_keys[] = { "path", "sha256", "encoding",
	    "bytes", "title" };
	static const char *const actor_keys[] = { "id", "name", "name_ar",
	    "kind", "mentions" };
	static const char *const person_keys[] = { "name", "name_ar" };
	const struct lx_tables *tb = d->tb;
	json_t	*places = json_array(), *actors = json_array(),
		*people = json_array(), *cas = json_array(), *evs = json_array(),
		*o;
	size_t	 i;

	for (i = 0; i < d->nent; i++) {
		const struct ent *e = &d->ent[i];

		if (e->nsp == 0)
			continue;
		switch (e->kind) {
		case ENT_PLACE:
		case ENT_UPLACE:
			o = e->kind == ENT_PLACE ? ex_place_obj(d, e->prec,
			    e->id) : ex_uplace_obj(d, e);
			json_object_set_new(o, "mentions", ex_mentions(d, e));
			json_array_append_new(places, o);
			break;
		case ENT_ACTOR:
			json_array_append_new(actors, EX_OBJ(actor_keys,
			    lexicon_json(d->lx, tb->actor[e->id].id),
			    lexicon_json(d->lx, tb->actor[e->id].name),
			    ex_name(d, tb->actor[e->id].name_ar),
			    lexicon_json(d->lx, tb->actor[e->id].kind),
			    ex_mentions(d, e)));
			break;
		case ENT_PERSON:
			if (e->id != LX_NONE)
				o = EX_OBJ(person_keys,
				    lexicon_json(d->lx, tb->person[e->id].name),
				    ex_name(d, tb->person[e->id].name_ar));
			else
				o = EX_OBJ(person_keys, json_null(),
				    ex_bytes(e->name_ar, strlen(e->name_ar)));
			json_object_set_new(o, "mentions", ex_mentions(d, e));
			json_array_append_new(people, o);
			break;
		}
	}
	for (i = 0; i < d->ncas; i++)
		if (!d->cas[i].dup)
			json_array_append_new(cas, ex_cas_obj(d, &d->cas[i]));
	for (i = 0; i < d->nev; i++)
		if (!d->ev[i].dead)
			json_array_append_new(evs, ex_event(d, &d->ev[i]));
	return EX_OBJ(keys, lexicon_json(d->lx, RAQIB_EXTRACT_SCHEMA),
	    EX_OBJ(doc_keys, info && info->path ? ex_bytes(info->path,
	    strlen(info->path)) : json_null(),
	    ex_str(info ? info->sha256 : NULL),
	    ex_str(info && info->encoding ? info->encoding : "UTF-8"),
	    json_integer((int)len), ex_title(d)),
	    places, actors, people, cas, evs);
}

json_t *
extract_run(struct extract *ex, const char *text, size_t len,
    const struct extract_doc *info)
{
	struct doc	*d = &ex->doc;
	int		 y;

	doc_reset(d);
	if (text_analyze(ex->tx, text, len) == -1)
		return NULL;
	match_run(d);
	extract_mark(d);
	match_resolve(d);
	if (date_year_in(d, 0, (uint32_t)ex->tx->ntok, &y))
		d->max_year = y;
	place_run(d);
	actor_run(d);
	person_run(d);
	casualty_run(d);
	event_run(d);
	merge_run(d);
	return ex_output(d, len, info);
}

/* Runs the matcher over a short query; the mentions are in ex->kdoc. */
static void
ex_query(struct extract *ex, const char *q)
{
	doc_reset(&ex->kdoc);
	text_analyze(ex->kw, q, strlen(q));
	match_run(&ex->kdoc);
	match_resolve(&ex->kdoc);
}

static int
ex_fold_eq(const char *a, const char *b)
{
	char	fa[256], fb[256];

	norm_fold_ascii(a, fa, sizeof fa);
	norm_fold_ascii(b, fb, sizeof fb);
	return fa[0] != '\0' && strcmp(fa, fb) == 0;
}

const struct lx_tables *
extract_tables(struct extract *ex)
{
	return lexicon_tables(ex->lx);
}

const struct lexicon *
extract_lexicon(struct extract *ex)
{
	return ex->lx;
}

/* Whether text mentions any of the n entries in hits (category and id),
 * as the engine reads it: clitics, spelling variants and all. */
int
extract_text_mentions(struct extract *ex, const char *text,
    const struct lx_hit *hits, size_t n)
{
	size_t	i, k;

	if (text == NULL || n == 0)
		return 0;
	ex_query(ex, text);
	for (i = 0; i < ex->kdoc.nm; i++) {
		const struct mention *m = &ex->kdoc.m[i];

		for (k = 0; k < n && !m->dead; k++)
			if (m->hit.cat == hits[k].cat && m->hit.id == hits[k].id)
				return 1;
	}
	return 0;
}

/* The lexicon entries a query names as a whole (not a word of it). */
size_t
extract_query_hits(struct extract *ex, const char *q, struct lx_hit *hits,
    size_t max)
{
	size_t	i, n = 0;

	ex_query(ex, q);
	for (i = 0; i < ex->kdoc.nm && n < max; i++) {
		const struct mention *m = &ex->kdoc.m[i];

		if (!m->dead && m->hit.id != LX_NONE && m->t0 == 0 &&
		    m->t1 == ex->kw->ntok)
			hits[n++] = m->hit;
	}
	return n;
}

static int
ex_stems_meet(const char *a, size_t al, const char *b, size_t bl)
{
	struct norm_stem sa[NORM_STEMS], sb[NORM_STEMS];
	int	 na, nb, i, j;

	na = norm_stems(a, al, sa, NORM_STEMS);
	nb = norm_stems(b, bl, sb, NORM_STEMS);
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (sa[i].len == sb[j].len &&
			    memcmp(sa[i].s, sb[j].s, sa[i].len) == 0)
				return 1;
	return 0;
}

/*
 * Whether text contains the keyword, both normalised and read through
 * their proclitics as the engine reads them: فاغنر matches وفاغنر and
 * «فاغنر». A keyword of several words matches them in sequence.
 */
int
extract_keyword_match(struct extract *ex, const char *kw, const char *text)
{
	char	*kt[8];
	size_t	 kl[8], nk = 0, t, i, j, k;
	int	 found = 0;

	text_analyze(ex->kw, kw, strlen(kw));
	for (t = 0; t < ex->kw->ntok && nk < 8; t++)
		if (ex->kw->tok[t].kind != TK_PUNCT) {
			kt[nk] = xstrdup(text_nf(ex->kw, t));
			kl[nk] = ex->kw->tok[t].nflen;
			nk++;
		}
	if (nk == 0)
		return 0;
	text_analyze(ex->tx, text, strlen(text));
	for (i = 0; i < ex->tx->ntok && !found; i++) {
		for (j = i, k = 0; j < ex->tx->ntok && k < nk; j++) {
			if (ex->tx->tok[j].kind == TK_PUNCT) {
				if (ex->tx->tok[j].flags & (TF_QUOTE | TF_CLITIC))
					continue;
				break;
			}
			if (!ex_stems_meet(text_nf(ex->tx, j), ex->tx->tok[j].nflen,
			    kt[k], kl[k]))
				break;
			k++;
		}
		found = k == nk;
	}
	for (k = 0; k < nk; k++)
		free(kt[k]);
	return found;
}

/* Whether id names an unnamed group (jihadists, civilians): EVAL.md scores
 * those nowhere. */
int
extract_actor_generic(struct extract *ex, const char *id)
{
	int	 a;

	if ((a = lexicon_actor_find(ex->lx, id)) < 0)
		return 0;
	return lexicon_tables(ex->lx)->actor[a].generic;
}

/* An actor id from an id, an English or Latin name, or an Arabic form. */
const char *
extract_actor_resolve(struct extract *ex, const char *q)
{
	const struct lx_tables *tb = lexicon_tables(ex->lx);
	size_t	 i, k;
	int	 a;

	if ((a = lexicon_actor_find(ex->lx, q)) >= 0)
		return tb->actor[a].id;
	for (i = 0; i < tb->nactor; i++) {
		if (ex_fold_eq(q, tb->actor[i].name))
			return tb->actor[i].id;
		for (k = 0; k < tb->actor[i].nlatin; k++)
			if (ex_fold_eq(q, tb->actor[i].latin[k]))
				return tb->actor[i].id;
	}
	ex_query(ex, q);
	for (i = 0; i < ex->kdoc.nm; i++) {
		const struct mention *m = &ex->kdoc.m[i];

		if (!m->dead && m->hit.cat == LX_ACTOR && m->hit.id != LX_NONE &&
		    m->t0 == 0 && m->t1 == ex->kw->ntok)
			return tb->actor[m->hit.id].id;
	}
	return NULL;
}

/* For lexicon authors: each sentence's tokens and the mentions on them. */
void
extract_debug(struct extract *ex, FILE *f)
{
	static const char *const cats[] = { "", "country", "nisba", "admin1",
	    "place", "region", "actor", "person", "title", "given", "stop",
	    "number", "qual", "month", "weekday", "daterel", "trigger",
	    "casualty", "victim", "cue", "placenoun", "geohead", "source",
	    "speech", "attrib", "boiler", "intro" };
	const struct doc *d = &ex->doc;
	const struct text *tx = ex->tx;
	size_t	 s, i;
	uint32_t t;

	for (s = 0; s < tx->nsent; s++) {
		fprintf(f, "-- sentence %zu%s%s%s%s\n", s,
		    tx->sent[s].flags & SF_BOILER ? " boilerplate" : "",
		    tx->sent[s].flags & SF_DUP ? " repeat" : "",
		    tx->sent[s].flags & SF_CAPTION ? " caption" : "",
		    tx->sent[s].flags & SF_QUESTION ? " question" : "");
		for (t = tx->sent[s].t0; t < tx->sent[s].t1; t++) {
			fprintf(f, "  %u %s", t, text_nf(tx, t));
			for (i = d->tokm[t]; i != DOC_NONE; i = d->mnext[i]) {
				const struct mention *m = &d->m[i];

				fprintf(f, "  [%s%s:%u/%u.%u%s%s]", m->dead ? "x" : "",
				    cats[m->hit.cat], m->t1 - m->t0, m->hit.arg,
				    m->hit.id, m->fuzzy ? "~" : "",
				    m->ent >= 0 ? "*" : "");
			}
			fputc('\n', f);
		}
	}
}

/* An event type's label in English or Arabic; NULL if the type is unknown. */
const char *
extract_type_label(struct extract *ex, const char *type, int arabic)
{
	const struct lx_tables *tb = lexicon_tables(ex->lx);
	int	 t = lexicon_evtype_find(ex->lx, type);

	if (t < 0)
		return NULL;
	return arabic ? tb->evtype[t].label_ar : tb->evtype[t].label;
}
